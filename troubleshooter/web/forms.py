"""The public forms: the guide's first screen, the diagnosis box, the timeout timeline and the
HAR upload.

Each validates what a person (or anyone with a URL) sent and keeps the messages the pages have
always shown; the views only ask whether a form is valid and what it found.
"""

import re

from django import forms

from troubleshooter.engine import diagnose, intake, redact, timeouts

TOO_LONG = "too_long"


def too_long(text):
    return (
        f"The text is {len(text):,} characters long; the limit is {diagnose.MAX_INPUT:,}. "
        "Paste the status line, the headers and the error message."
    )


class PastedTextField(forms.CharField):
    """The user's own text as sent (no stripping), at most diagnose.MAX_INPUT characters."""

    def __init__(self, **kwargs):
        super().__init__(required=False, strip=False, **kwargs)

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")  # pasted binary junk is dropped

    def validate(self, value):
        super().validate(value)
        if len(value) > diagnose.MAX_INPUT:
            raise forms.ValidationError(too_long(value), code=TOO_LONG)


class TextForm(forms.Form):
    text = PastedTextField()

    @property
    def too_long(self):
        return self.has_error("text", TOO_LONG)


class GuideStartForm(TextForm):
    """The guide's first screen: the text, a status picked or typed, the platform. A valid form
    carries `start`: the guide's first state (redacted text, answers, notes)."""

    status = forms.CharField(required=False, strip=False)
    status_text = forms.CharField(required=False)
    platform = forms.CharField(required=False)

    def __init__(self, *args, content, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = content
        self.start = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        status = data.get("status_text", "").strip() or data.get("status", "")
        self.start = intake.start(self.content, data["text"], status, data.get("platform", ""))
        if self.start.error:
            self.add_error(
                "status",
                f"{self.start.error} Pick a code from the list, or leave it at “Not sure”.",
            )
        return data


class TimelineForm(forms.Form):
    """The timeout timeline's stack, from the query string. Unusable values never stop the page:
    they fall back to the defaults and are listed in `problems`."""

    def __init__(self, data):
        super().__init__(data)
        for kind, _label in timeouts.KINDS:
            self.fields[kind] = forms.CharField(required=False)
            self.fields[f"t_{kind}"] = forms.CharField(required=False)
        self.fields["work"] = forms.CharField(required=False)
        self.problems = []
        self.values = {}

    def clean(self):
        data = super().clean()
        choices, overrides, typed, problems = {}, {}, {}, []
        for kind, label in timeouts.KINDS:
            slug = (data.get(kind) or timeouts.NONE)[:40]
            if slug != timeouts.NONE and getattr(timeouts.PRODUCTS.get(slug), "kind", None) != kind:
                problems.append(f"“{slug}” is not a {label.lower()} this page knows.")
                slug = timeouts.NONE
            choices[kind] = slug
            raw = (data.get(f"t_{kind}") or "").strip()[:20]
            typed[kind] = raw
            if raw:
                try:
                    overrides[kind] = timeouts.parse_seconds(raw)
                except ValueError:
                    problems.append(
                        f"The {label.lower()}'s timeout “{raw}” is not a number of seconds."
                    )
        work_raw = (data.get("work") or "").strip()[:20]
        work = timeouts.DEFAULT_WORK
        if work_raw:
            try:
                work = timeouts.parse_seconds(work_raw) or 0
            except ValueError:
                problems.append(
                    f"“{work_raw}” is not a number of seconds for the application's time."
                )
        self.problems = problems
        self.values = {"choices": choices, "overrides": overrides, "typed": typed, "work": work}
        return data


DROPPED_FIELD_RE = r"^[a-z]+\.[A-Za-z0-9_$@-]{1,60}$"


class HarUploadForm(forms.Form):
    """A HAR file sent whole, without JavaScript (the server sanitizes it first)."""

    har = forms.FileField(
        required=True,
        error_messages={"required": "Choose a HAR file first.", "empty": "The file is empty."},
    )
    bodies = forms.BooleanField(required=False)


class HarBrowserForm(forms.Form):
    """What the browser says about the file it sanitized (static/js/har.js), checked before the
    page shows it: only removals redact() could report, field names of a plain shape."""

    bodies = forms.BooleanField(required=False)
    file_name = forms.CharField(required=False, max_length=500)
    file_size = forms.IntegerField(required=False, min_value=0, max_value=10**12)
    removed = forms.CharField(required=False, max_length=5000)
    bodies_removed = forms.IntegerField(required=False, min_value=0, max_value=10**7)
    dropped = forms.CharField(required=False, max_length=5000)

    def clean_removed(self):
        items = [item for item in self.cleaned_data["removed"].split("\n") if item]
        return redact.known_removals(items)

    def clean_dropped(self):
        items = [item for item in self.cleaned_data["dropped"].split("\n") if item]
        return [item for item in items[:40] if re.match(DROPPED_FIELD_RE, item)]
