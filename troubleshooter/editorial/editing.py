"""Admin forms that never lose an edit: each row carries a version, and a form opened before
someone else saved the row is refused with what they changed, by whom and when.

The editor's own text stays in the form; fields only the other person changed are taken over,
so saving again merges both edits. Text from a browser (CRLF line endings) is compared as the
files hold it, so an untouched inline does not count as changed and is not written.
"""

import difflib
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import connection
from django.forms.utils import ErrorDict
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from troubleshooter.editorial.deletions import who_deleted
from troubleshooter.editorial.history import m2m_values
from troubleshooter.models import Deletion, normalize_text

TIME_FORMAT = "%Y-%m-%d %H:%M:%S %Z"
TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")


class ContentTextField(forms.CharField):
    """A textarea's value as the model stores it, so that only real edits count as changes."""

    def to_python(self, value):
        return normalize_text(super().to_python(value))

    def has_changed(self, initial, data):
        return normalize_text(initial or "") != self.to_python(data)


def exact_time(moment):
    return timezone.localtime(moment).strftime(TIME_FORMAT)


def who(record):
    user = getattr(record, "history_user", None)
    if user is not None:
        return user.get_username()
    if getattr(record, "history_change_reason", "") == "load_content":
        return "the content loader"
    return "someone"


def same(a, b):
    """Equal as a form would store them (None and "" alike, text normalized, lists unordered)."""
    if isinstance(a, list | tuple | set) or isinstance(b, list | tuple | set):
        return sorted(map(str, a or [])) == sorted(map(str, b or []))
    a = "" if a is None else str(a)
    b = "" if b is None else str(b)
    return normalize_text(a) == normalize_text(b)


def word_diff(yours, theirs):
    """Their text with what differs from yours marked: <del> only yours, <ins> only theirs.
    Line breaks are kept (the block is shown with white-space: pre-wrap)."""
    a, b = TOKEN_RE.findall(yours or ""), TOKEN_RE.findall(theirs or "")
    parts = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("{}", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("<del>{}</del>", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("<ins>{}</ins>", "".join(b[j1:j2])))
    return format_html_join("", "{}", ((format_html(tpl, text),) for tpl, text in parts))


def conflict_note(theirs, yours, base, by="the other editor"):
    """A field both editors changed: their text as it is now, with its line breaks, the
    differences from yours marked, and the version both of you started from."""
    theirs = "" if theirs is None else str(theirs)
    yours = "" if yours is None else str(yours)
    base_block = ""
    if base is not None:
        base_block = format_html(
            '<details class="conflict-base"><summary>The version you both started from</summary>'
            '<div class="conflict-text">{}</div></details>',
            str(base) or "(empty)",
        )
    return format_html(
        '<div class="conflict-note"><p class="conflict-theirs">Also changed by {}. Their '
        "version is now: “{}”</p><p>Your text is kept in the box below; merge the two and save "
        "again.</p>"
        '<details class="conflict-compare" open><summary>Theirs compared with yours '
        "(<del>only in yours</del>, <ins>only in theirs</ins>)</summary>"
        '<div class="conflict-text">{}</div></details>{}</div>',
        by,
        theirs,
        word_diff(yours, theirs),
        base_block,
    )


def deleted_note(name, deletion, kind="row"):
    """Why a save cannot write a row someone deleted after the form was opened, and the two
    ways on: restore it (the editor's text is then saved over it) or drop the edit."""
    if deletion is None:
        return format_html(
            "Not saved: {} was deleted by someone else after you opened this page. Your text is "
            "kept here; copy it, or tick “Drop my edit” and save.",
            name,
        )
    return format_html(
        "Not saved: {} was deleted by {} after you opened this page. Your text is kept below. "
        '<button type="submit" name="_restore_deleted" value="{}" class="restore-button">'
        "Restore it and save my edit</button> or tick “Drop my edit” and save. "
        '<a href="{}">Recently deleted</a>',
        name,
        who_deleted(deletion),
        deletion.pk,
        reverse("admin:troubleshooter_deletion_changelist"),
    )


class VersionedForm(forms.ModelForm):
    """A model form with a hidden `version`: a save based on an older version is refused."""

    reverting = False  # a history revert deliberately writes every field
    history_record = None  # the version a revert goes back to
    refusal = None  # why this form may not be saved (e.g. publishing another editor's draft)
    preset_initial = None  # {field: value} over the instance's (a draft's links)
    preset_errors = None  # {field or None: [html]} shown on an unbound form (a draft's merge)
    gone_pk = None  # set on an inline form whose row was deleted after the page was opened
    gone = None  # ... and the Deletion that holds it, if any

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set by clean() when the row changed since the form was opened but the editor changed
        # nothing in it: the save then leaves the row as it is now.
        self.untouched = False
        if self.preset_initial:
            self.initial.update(self.preset_initial)
        if self.preset_errors and not self.is_bound:
            self._errors = ErrorDict()
            for name, messages in self.preset_errors.items():
                key = NON_FIELD_ERRORS if name is None else name
                extra = {"error_class": "nonfield"} if name is None else {}
                self._errors[key] = self.error_class(messages, renderer=self.renderer, **extra)
        field = self.fields.get("version")
        if field is not None:
            field.widget = forms.HiddenInput()
            field.required = False
            if self.reverting and self.instance.pk:
                self.initial["version"] = self.stored_version()
        if self.reverting and self.history_record is not None:
            # The instance a history record rebuilds has today's links: take the record's.
            for name, pks in m2m_values(self.history_record).items():
                if name in self.fields:
                    self.initial[name] = pks

    def edited_fields(self):
        """The fields the editor changed (all of them for a revert)."""
        if self.untouched:
            return []
        names = list(self.fields) if self.reverting else self.changed_data
        return [name for name in names if name not in ("version", "change_reason")]

    def has_changed(self):
        return not self.untouched and super().has_changed()

    def stored_version(self, lock=False):
        rows = type(self.instance)._base_manager.filter(pk=self.instance.pk)
        if lock and not connection.get_autocommit():
            rows = rows.select_for_update()  # held until the admin's transaction commits
        return rows.values_list("version", flat=True).first()

    def _post_clean(self):
        super()._post_clean()
        self.instance._edited_in_form = True  # previews show the boxes' text, not the saved one

    def clean(self):
        cleaned = super().clean()
        if self.gone_pk is not None:
            name = self.data.get(self.add_prefix("title")) or self.data.get(
                self.add_prefix("label")
            )
            what = f"{type(self.instance)._meta.verbose_name} “{name}”" if name else "this row"
            raise forms.ValidationError(deleted_note(what, self.gone), code="deleted")
        if self.refusal:
            raise forms.ValidationError(self.refusal, code="refused")
        if self.instance.pk and "version" in self.fields and self.edited_fields():
            self.check_version(cleaned.get("version"))
        return cleaned

    def check_version(self, based_on):
        stored = self.stored_version(lock=True)
        if stored is None:
            deletion = Deletion.holding(type(self.instance)._meta.model_name, self.instance.pk)
            raise forms.ValidationError(
                deleted_note(f"“{self.instance}”", deletion), code="deleted"
            )
        if based_on == stored:
            return
        model = type(self.instance)
        records, base = [], None
        if hasattr(model, "history"):
            rows = model.history.filter(**{model._meta.pk.attname: self.instance.pk})
            records = list(rows.filter(version__gt=based_on or 0).order_by("history_date"))
            base = rows.filter(version=based_on).order_by("history_date").last()
        mine = self.changed_since(base) if base is not None else self.edited_fields()
        if not mine:
            self.untouched = True  # stale but not edited here: leave the row as it is now
            return
        self.explain_conflict(based_on, stored, base, records, mine)

    def model_fields(self):
        """(form field name, model field) for the plain model fields of this form."""
        for name in self.fields:
            if name in ("version", "change_reason"):
                continue
            try:
                field = type(self.instance)._meta.get_field(name)
            except Exception:
                continue
            if not field.many_to_many and field.concrete:
                yield name, field

    def changed_since(self, base):
        """The fields whose submitted value differs from the version the editor opened."""
        changed = []
        for name, field in self.model_fields():
            if not hasattr(base, field.attname):
                continue
            form_field = self.fields[name]
            submitted = self._widget_data_value(form_field.widget, self.add_prefix(name))
            if form_field.has_changed(getattr(base, field.attname), submitted):
                changed.append(name)
        # Links, as the history kept them (or, without that, as they are now).
        kept = m2m_values(base)
        for name in self.link_fields():
            form_field = self.fields[name]
            submitted = self._widget_data_value(form_field.widget, self.add_prefix(name))
            if name in kept:
                if {str(pk) for pk in kept[name]} != {str(pk) for pk in submitted or []}:
                    changed.append(name)
            elif name in self.changed_data:
                changed.append(name)
        return changed

    def differs(self, base, current):
        """Whether any field of this form differs between the version the editor opened and
        the stored row."""
        for _name, field in self.model_fields():
            if getattr(base, field.attname, None) != getattr(current, field.attname):
                return True
        kept = m2m_values(base)
        for name in self.link_fields():
            if name in kept:
                now = set(getattr(current, name).values_list("pk", flat=True))
                if set(kept[name]) != now:
                    return True
        return False

    def link_fields(self):
        model = type(self.instance)
        return [
            name
            for name in self.fields
            if name not in ("version", "change_reason")
            and any(f.name == name for f in model._meta.many_to_many)
        ]

    def explain_conflict(self, based_on, stored, base, records, mine):
        current = type(self.instance)._base_manager.get(pk=self.instance.pk)
        by = (
            ", ".join(dict.fromkeys(f"{who(r)} at {exact_time(r.history_date)}" for r in records))
            or "someone else"
        )
        if base is not None and not self.differs(base, current):
            return  # saved since (e.g. restored after a deletion), but nothing in it changed
        data = self.data.copy()
        data[self.add_prefix("version")] = str(stored)
        both, taken = [], []
        for name, field in self.model_fields() if base is not None else ():
            old, new = getattr(base, field.attname, None), getattr(current, field.attname)
            if old == new:
                continue
            label = str(self.fields[name].label or name)
            if name in mine:
                both.append(label)
                form_field = self.fields[name]
                yours = self._widget_data_value(form_field.widget, self.add_prefix(name))
                self.add_error(name, conflict_note(new, yours, old, by))
            else:
                data[self.add_prefix(name)] = "" if new is None else str(new)
                taken.append(label)
        kept = m2m_values(base) if base is not None else {}
        for name in self.link_fields():
            if name not in kept:
                continue
            now = list(getattr(current, name).values_list("pk", flat=True))
            if set(kept[name]) == set(now):
                continue
            label = str(self.fields[name].label or name)
            if name in mine:
                both.append(label)
                theirs = ", ".join(str(row) for row in getattr(current, name).all()) or "none"
                self.add_error(name, f"Also changed by the other editor. Theirs now: {theirs}.")
            else:
                data.setlist(self.add_prefix(name), [str(pk) for pk in now])
                taken.append(label)
        self.data = data
        parts = [
            f"Not saved: “{Truncator(str(current)).chars(80)}” was changed by {by} after you "
            f"opened this form (your version {based_on}, now {stored})."
        ]
        if both:
            parts.append(
                "Both of you changed: "
                + ", ".join(both)
                + " (theirs is shown under each field; your text is kept)."
            )
        if taken:
            parts.append("Their changes to " + ", ".join(taken) + " are now in the form.")
        if base is None:
            parts.append("Compare with the live page before saving again.")
        parts.append("Check the form and save again to keep both edits.")
        raise forms.ValidationError(" ".join(parts), code="stale")


class ContentForm(VersionedForm):
    """The main form of a code, cause or question: also asks why, for the history."""

    change_reason = forms.CharField(
        label="Reason for this change",
        required=False,
        max_length=100,
        help_text="Optional, kept in the history: e.g. “RFC 9110 wording”, “reader feedback”. "
        "At most 100 characters.",
        widget=forms.TextInput(attrs={"class": "vTextField wide-input", "data-maxlength": 100}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_reason"].widget.attrs.pop("maxlength", None)  # counted, not cut


class VersionedInlineFormSet(forms.BaseInlineFormSet):
    """Inline rows (causes, answers) that survive a concurrent delete: a form whose row was
    deleted after the page was opened keeps the editor's text and says who deleted it, with
    a button to restore it (then the save goes through) and “Drop my edit”."""

    def get_queryset(self):
        """Bound, the rows in the order the page sent them, an empty row standing in for one
        deleted since: the admin pairs forms with rows by position, and a missing row would
        shift every cause after it onto the wrong form and drop the last."""
        queryset = super().get_queryset()
        if not self.is_bound:
            return queryset
        if not hasattr(self, "_sent_rows"):
            rows = {row.pk: row for row in queryset}
            pk_name = self.model._meta.pk.name
            sent = []
            for i in range(self.initial_form_count()):
                raw = str(self.data.get(f"{self.add_prefix(i)}-{pk_name}", ""))
                row = rows.get(int(raw)) if raw.isdigit() else None
                sent.append(row if row is not None else self.model())
            self._sent_rows = sent
        return self._sent_rows

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.is_bound and i < self.initial_form_count() and form.instance.pk is None:
            pk_name = self.model._meta.pk.name
            pk = self.data.get(form.add_prefix(pk_name), "")
            if str(pk).isdigit():
                form.gone_pk = int(pk)
                form.gone = Deletion.holding(self.model._meta.model_name, pk)
                # Keep the id as posted, without Django's “Select a valid choice” on a hidden
                # field nobody can see.
                form.fields[pk_name] = forms.CharField(
                    required=False, widget=forms.HiddenInput, initial=pk
                )
        return form

    @property
    def gone_forms(self):
        return [form for form in self.forms if getattr(form, "gone_pk", None) is not None]
