"""Admin history that shows whole changes: full diffs of long text, links (related and
confused-with codes), the changes of a code's causes and a question's answers on the parent's
history page, and reverts that say what they cannot restore."""

import difflib

from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name

from troubleshooter.models import Cause, StatusCode

LONG = 80  # characters beyond which a text change is shown as a line diff


def line_diff(old, new):
    """A unified diff of two texts as HTML, every line kept (no context is cut)."""
    old_lines, new_lines = (old or "").split("\n"), (new or "").split("\n")
    rows = []
    for line in difflib.ndiff(old_lines, new_lines):
        mark = line[:1]
        if mark == "?":
            continue
        kind = {"-": "del", "+": "ins"}.get(mark, "same")
        rows.append((kind, line))
    return format_html(
        '<pre class="history-diff">{}</pre>',
        format_html_join("", '<span class="diff-{}">{}</span>\n', rows),
    )


class FullChangeHelper(HistoricalRecordContextHelper):
    """Changes shown whole: a line diff for long or multi-line text, nothing shortened."""

    def context_for_delta_changes(self, delta):
        context = []
        for change in delta.changes:
            field = self.model._meta.get_field(change.field)
            old = self.prepare_delta_change_value(change, change.old)
            new = self.prepare_delta_change_value(change, change.new)
            item = {"field": str(field.verbose_name).capitalize(), "diff": None}
            if (
                isinstance(old, str)
                and isinstance(new, str)
                and ("\n" in old + new or max(len(old), len(new)) > LONG)
            ):
                item["diff"] = line_diff(old, new)
            else:
                item["old"], item["new"] = self.show(old), self.show(new)
            context.append(item)
        return context

    @staticmethod
    def show(value):
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or "(none)"
        if value in ("", None):
            return "(empty)"
        return conditional_escape(str(value))


def m2m_values(record):
    """{link field name: [pk, ...]} as the record kept them."""
    values = {}
    for field in getattr(record, "_history_m2m_fields", ()):
        target = get_m2m_reverse_field_name(field)
        values[field.name] = [
            getattr(row, f"{target}_id") for row in getattr(record, field.name).all()
        ]
    return values


def revert_limits(record, model):
    """What reverting to `record` cannot put back, as sentences for the editor."""
    limits = []
    for name, pks in m2m_values(record).items():
        field = model._meta.get_field(name)
        existing = set(
            field.related_model._base_manager.filter(pk__in=pks).values_list("pk", flat=True)
        )
        gone = [pk for pk in pks if pk not in existing]
        if gone:
            limits.append(
                f"{len(gone)} of the “{field.verbose_name}” links point to codes that no longer "
                "exist and cannot be restored."
            )
    name = model._meta.model_name
    if name == "statuscode":
        limits.append(
            "Causes are not part of a code's version: revert a cause from its own history "
            "(listed below the code's history)."
        )
    elif name == "question":
        limits.append(
            "Answers are not part of a question's version: revert an answer from its own "
            "history (listed below the question's history)."
        )
    return limits


# One entry per save ---------------------------------------------------------------------------

LOADER = "load_content"
NOT_COMPARED = {"id", "version", "loaded_digest", "updated_at", "code_class"}


def record_user(record):
    if record.history_user is not None:
        return record.history_user.get_username()
    if record.history_change_reason == LOADER:
        return "the content loader"
    return "someone"


def save_key(record):
    """The save a record belongs to; a record from before saves were grouped stands alone."""
    key = getattr(record, "history_save", "")
    return key or f"{record._meta.model_name}-{record.history_id}"


def compared_fields(model):
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.editable and f.name not in NOT_COMPARED and not f.name.endswith("_html")
    ]


class Part:
    """What one save did to one row: its records in the save and the one before it."""

    def __init__(self, model, records, before, label):
        self.model = model
        self.records = records
        self.first, self.last = records[0], records[-1]
        self.before = before
        self.label = label
        self.changes = []
        self.url = ""
        self.restore_url = ""

    @property
    def action(self):
        if self.model._meta.model_name == "draft":
            return draft_action(self)
        if self.last.history_type == "-":
            return "deleted"
        if self.before is None or self.first.history_type == "+":
            return "added"
        return "changed"

    @property
    def is_draft(self):
        return self.model._meta.model_name == "draft"


def draft_action(part):
    if part.last.history_type == "-":
        reason = part.last.history_change_reason or ""
        if reason.startswith("Published"):
            return "draft published"
        if reason.startswith("Discarded"):
            return "draft discarded"
        return "draft removed"
    return "draft saved" if part.before is None else "draft saved again"


class SaveEntry:
    def __init__(self, key, parts):
        self.key = key
        self.parts = parts
        records = [record for part in parts for record in part.records]
        self.when = min(record.history_date for record in records)
        users = dict.fromkeys(record_user(record) for record in records)
        self.user = ", ".join(users)
        reasons = [record.history_change_reason for record in records]
        self.reason = next((reason for reason in reasons if reason), "")
        self.grouped = bool(getattr(parts[0].first, "history_save", ""))
        self.own = None
        self.others = parts
        self.undo_url = ""

    @property
    def by_loader(self):
        return self.reason == LOADER


def row_label(record):
    model = record._meta.model_name
    if model == "historicalcause":
        return f"Cause “{record.title}”"
    if model == "historicalanswer":
        return f"Answer “{record.label}” ({record.slug})"
    if model == "historicaldraft":
        who = record.author.get_username() if record.author_id and record.author else "someone"
        return f"Draft by {who}"
    if model == "historicalquestion":
        return f"Question “{record.slug}”"
    return f"Code {record.code} {record.phrase}"


def row_of(record):
    return (record._meta.model_name, record.id)


def save_entries(querysets, own_model, own_pk):
    """The saves that touched these rows (querysets of history records), newest first, each
    with one part per row; the page's own row first."""
    records = []
    for queryset in querysets:
        records += list(queryset.select_related("history_user"))
    by_row = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        by_row.setdefault(row_of(record), []).append(record)
    previous = {}
    for rows in by_row.values():
        for before, record in zip([None, *rows], rows, strict=False):
            previous[record] = before
    groups = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        groups.setdefault(save_key(record), {}).setdefault(row_of(record), []).append(record)
    own_name = f"historical{own_model._meta.model_name}"
    entries = []
    for key, rows in groups.items():
        parts = []
        for (model_name, _pk), row_records in rows.items():
            model = row_records[0].instance_type
            label = row_label(row_records[-1])
            part = Part(model, row_records, previous[row_records[0]], label)
            part.is_own = model_name == own_name and row_records[0].id == own_pk
            parts.append(part)
        parts.sort(key=lambda p: (not p.is_own, p.is_draft, p.label))
        first_child = True
        for part in parts:
            part.is_child = (
                not part.is_own
                and not part.is_draft
                and (part.model._meta.model_name != own_model._meta.model_name)
            )
            part.first_child = part.is_child and first_child
            first_child = first_child and not part.is_child
        entry = SaveEntry(key, parts)
        if parts[0].is_own:
            entry.own, entry.others = parts[0], parts[1:]
        entries.append(entry)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def describe_parts(entries, admin_names):
    """Fill in the changes and links of the parts on one page of entries (the costly part,
    so only for what is shown). admin_names: {model name: admin URL name prefix}."""
    for entry in entries:
        for part in entry.parts:
            name = part.model._meta.model_name
            prefix = admin_names.get(name)
            if part.is_draft:
                part.changes = draft_changes(part)
                row_model = "statuscode" if part.last.code_id else "cause"
                row_pk = part.last.code_id or part.last.cause_id
                part.restore_url = reverse(
                    f"admin:troubleshooter_{row_model}_draft_restore",
                    args=[row_pk, part.last.history_id],
                )
                continue
            if part.before is not None and part.last.history_type != "-":
                delta = part.last.diff_against(part.before, foreign_keys_are_objs=False)
                part.changes = FullChangeHelper(part.model, part.last).context_for_delta_changes(
                    delta
                )
            if prefix and part.last.history_type != "-":
                try:
                    part.url = reverse(
                        f"{prefix}_simple_history", args=[part.last.id, part.last.history_id]
                    )
                except NoReverseMatch:
                    part.url = ""


def draft_changes(part):
    """A draft's fields that differ from the published row it started from."""
    record = part.last
    data = record.data or {}
    row_model = StatusCode if record.code_id else Cause
    row_pk = record.code_id or record.cause_id
    base = (
        row_model.history.filter(id=row_pk, version=record.base_version)
        .order_by("history_date")
        .last()
    )
    changes = []
    for name, value in data.items():
        field = row_model._meta.get_field(name)
        if field.many_to_many:
            continue
        old = getattr(base, field.attname, None) if base is not None else None
        if old == value or (old in (None, "") and value in (None, "")):
            continue
        item = {"field": str(field.verbose_name).capitalize(), "diff": None}
        old_text, new_text = "" if old is None else str(old), "" if value is None else str(value)
        if "\n" in old_text + new_text or max(len(old_text), len(new_text)) > LONG:
            item["diff"] = line_diff(old_text, new_text)
        else:
            item["old"], item["new"] = FullChangeHelper.show(old), FullChangeHelper.show(value)
        changes.append(item)
    return changes
