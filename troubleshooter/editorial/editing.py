"""Admin forms that never lose an edit: each row carries a version, and a form opened before
someone else saved the row is refused with what they changed, by whom and when.

The editor's own text stays in the form; fields only the other person changed are taken over,
so saving again merges both edits. Text from a browser (CRLF line endings) is compared as the
files hold it, so an untouched inline does not count as changed and is not written.
"""

from django import forms
from django.db import connection
from django.utils import timezone
from django.utils.text import Truncator

from troubleshooter.editorial.history import m2m_values
from troubleshooter.models import normalize_text

TIME_FORMAT = "%Y-%m-%d %H:%M:%S %Z"


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


class VersionedForm(forms.ModelForm):
    """A model form with a hidden `version`: a save based on an older version is refused."""

    reverting = False  # a history revert deliberately writes every field
    history_record = None  # the version a revert goes back to

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set by clean() when the row changed since the form was opened but the editor changed
        # nothing in it: the save then leaves the row as it is now.
        self.untouched = False
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

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "version" in self.fields and self.edited_fields():
            self.check_version(cleaned.get("version"))
        return cleaned

    def check_version(self, based_on):
        stored = self.stored_version(lock=True)
        if stored is None:
            raise forms.ValidationError(
                f"Not saved: “{self.instance}” was deleted by someone else after you opened this "
                "form. Copy your text elsewhere before leaving this page.",
                code="deleted",
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
                self.add_error(
                    name,
                    f"Also changed by the other editor. Their version is now: “{new}”. "
                    "Your text is kept in the box; merge the two and save again.",
                )
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
        by = (
            ", ".join(dict.fromkeys(f"{who(r)} at {exact_time(r.history_date)}" for r in records))
            or "someone else"
        )
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
        help_text="Optional, kept in the history: e.g. “RFC 9110 wording”, “reader feedback”.",
        widget=forms.TextInput(attrs={"class": "vTextField wide-input"}),
    )
