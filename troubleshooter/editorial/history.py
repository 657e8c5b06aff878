"""Admin history that shows whole changes: full diffs of long text, links (related and
confused-with codes), the changes of a code's causes and a question's answers on the parent's
history page, and reverts that say what they cannot restore."""

import difflib

from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name

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


def child_history(records, admin_name):
    """Rows for the history of a parent's inline rows (causes of a code, answers of a
    question), newest first, each with its changes against the record before it."""
    rows = []
    records = list(records)
    for record in records:
        previous = record.prev_record
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            changes = FullChangeHelper(record.instance_type, record).context_for_delta_changes(
                delta
            )
        try:
            url = reverse(admin_name, args=[record.id, record.history_id])
        except NoReverseMatch:
            url = ""
        rows.append({"record": record, "changes": changes, "url": url})
    return rows
