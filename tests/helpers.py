"""What test modules in more than one folder share, so that no test module imports another:
texts used on both sides of a layer, the values a browser would post from an admin form, the
addresses of admin pages built by name, and the checks every browser test makes."""

from html.parser import HTMLParser
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import models
from django.urls import reverse

# Shared texts -------------------------------------------------------------------------------------

CONTENT_DIR = Path(settings.CONTENT_DIR)  # the real content files

# The smallest valid code file, for a code (298) the real content does not use.
MINIMAL = """---
code: 298
phrase: I'm a teapot
aliases:
vendor:
spec: RFC 9110, Section 15.5.19
summary: Short.
headers:
related:
confused:
---

# Explanation

It is a teapot.

# Cause: teapot
Title: The server is a teapot
Signals: teapot | short and stout

## Confirm

Look.

## Fix when calling the API

Use a coffee pot.

## Fix when building the API

Do not.
"""


# A pasted request full of secrets, and the secrets: none may survive redaction.
SECRET_TEXT = """> GET /v1/me?access_token=abcd1234efgh HTTP/1.1
> Host: api.example.com
> Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLXZhbHVl
> Cookie: sessionid=s3cr3tsession; csrftoken=abcdef123456
> X-Api-Key: sk_live_abcdefghijklmnopqrstu
< HTTP/1.1 401 Unauthorized
< Date: Tue, 14 May 2024 09:12:44 GMT
< x-request-id: 7f3c2a
https://user:hunter2password@internal.example.com/path AKIAIOSFODNN7EXAMPLE
ghp_abcdefghijklmnopqrstuvwxyz0123456789 xoxb-1234567890-abcdefghij
"""
SECRETS = ["abcd1234efgh", "eyJhbGciOiJIUzI1NiJ9", "s3cr3tsession", "abcdef123456",
           "sk_live_abcdefghijklmnopqrstu", "hunter2password", "AKIAIOSFODNN7EXAMPLE",
           "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "xoxb-1234567890-abcdefghij"]  # fmt: skip


# Admin forms and addresses ------------------------------------------------------------------------


class FormData(HTMLParser):
    """Collects the values a browser would submit from the first form with method=post."""

    def __init__(self):
        super().__init__()
        self.data, self.in_form, self.textarea, self.select = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form or "name" not in attrs and tag not in ("option",):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.data.setdefault(attrs["name"], []).append(
                    attrs.get("value", "on" if kind == "checkbox" else "")
                )
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.data[self.textarea] = [""]
        elif tag == "select":
            self.select = attrs["name"]
            self.data.setdefault(self.select, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][0] += data


def form_data(response):
    parser = FormData()
    parser.feed(response.content.decode())
    data = parser.data
    for name, value in data.items():
        if name in data and len(value) == 1:
            data[name] = value[0]
    for name, value in data.items():
        if isinstance(value, str) and value.startswith("\n"):
            data[name] = value[1:]  # browsers drop the newline right after <textarea>
    return data


def inline_prefix(data, value, field="id"):
    """The prefix ("causes-3") of the inline form in `data` whose `field` holds `value`: by
    default the inline of the row with that primary key."""
    suffix = f"-{field}"
    key = next(k for k, v in data.items() if k.endswith(suffix) and v == str(value))
    return key[: -len(suffix)]


# Pages of the admin site that belong to no model, by the name admin_url() takes.
SITE_PAGES = {
    "index": "admin:index",
    "login": "admin:login",
    "preview": "markdown-preview",  # the site's URLconf mounts it under /admin/
}


def admin_url(model_or_instance, action="change", *args):
    """An admin page's address, reversed from its URL name rather than spelt out.

    A row gives its own pages: admin_url(cause) (the change page), admin_url(code, "history"),
    admin_url(code, "simple_history", record.history_id) (a revert), admin_url(code,
    "draft_preview"). A model gives its lists: admin_url(Cause, "changelist"), admin_url(User,
    "add"). A name gives the pages of no model: admin_url("index"), admin_url("login"),
    admin_url("preview").
    """
    if isinstance(model_or_instance, str):
        return reverse(SITE_PAGES[model_or_instance], args=args)
    if isinstance(model_or_instance, models.Model):
        args = (model_or_instance.pk, *args)
    meta = model_or_instance._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)


# Browser tests ------------------------------------------------------------------------------------


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def collect_console_errors(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
