"""Preview of unsaved markdown: staff only, CSRF-checked, rendered and sanitized exactly as
the site does it, saying what the sanitizer removed; live with htmx, a page without JS."""

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.helpers import admin_url, form_data
from troubleshooter.format.markup import render_markdown, sanitizer_removals
from troubleshooter.models import StatusCode

pytestmark = pytest.mark.django_db

UNSAFE = "Click [here](javascript:alert(1)) or <script>alert(2)</script> **now**."


def test_htmx_preview_renders_like_the_site_and_says_what_was_removed(admin_client):
    response = admin_client.post(
        admin_url("preview"), {"text": UNSAFE}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert render_markdown(UNSAFE) in html
    assert "javascript:" not in html.split("</ul>")[-1]  # not in the rendered part
    assert "the link to “javascript:alert(1)” on &lt;a&gt;" in html
    assert "the &lt;script&gt; element (1): not allowed" in html
    assert "no-store" in response["Cache-Control"]


def test_preview_button_without_javascript_shows_every_markdown_field(admin_client):
    code = StatusCode.objects.get(code=429)
    data = form_data(admin_client.get(admin_url(code)))
    data["explanation"] = "An **unsaved** explanation."
    data["_preview"] = "1"
    html = admin_client.post(admin_url("preview"), data).content.decode()
    assert "Preview of unsaved text" in html and "Nothing has been saved" in html
    assert "<p>An <strong>unsaved</strong> explanation.</p>" in html
    assert "How to confirm it (" in html  # the inline causes' fields, labelled by cause
    code.refresh_from_db()
    assert "unsaved" not in code.explanation


def test_preview_is_for_staff_only(client):
    response = client.post(admin_url("preview"), {"text": "hi"})
    assert response.status_code == 302 and admin_url("login") in response["Location"]
    client.force_login(UserFactory())
    assert client.post(admin_url("preview"), {"text": "hi"}).status_code == 302


def test_preview_needs_the_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory(is_staff=True))
    assert strict.post(admin_url("preview"), {"text": "hi"}).status_code == 403
    assert strict.get(admin_url("preview")).status_code == 405


def test_saved_preview_in_the_form_tells_what_the_sanitizer_removed(admin_client):
    code = StatusCode.objects.get(code=418)
    url = admin_url(code)
    data = form_data(admin_client.get(url))
    data["example"] = "[a dead link](javascript:void(0))"
    assert admin_client.post(url, data).status_code == 302
    html = admin_client.get(url).content.decode()
    assert "Removed when shown on the site" in html
    assert "the link to “javascript:void(0)”" in html


def test_sanitizer_removals_are_empty_for_ordinary_markdown():
    text = "A [link](https://example.com), `code`, a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    assert sanitizer_removals(text) == []
