"""Drafts: saved apart from the published row, previewed as the page will be, published
(refused if the row changed since), discarded; readers only ever see published content."""

import pytest
from django.core.management import call_command

from tests.factories import UserFactory
from tests.helpers import admin_url, form_data, inline_prefix
from troubleshooter.models import Cause, Draft, StatusCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    """The admin_client's user, called "editor": drafts name who wrote or saved them."""
    return UserFactory(username="editor", superuser=True)


def save_draft(admin_client, code, **changes):
    data = form_data(admin_client.get(admin_url(code)))
    data.update(changes)
    data["_draft"] = "Save as draft"
    return admin_client.post(admin_url(code), data)


def test_a_draft_is_not_public_until_published(admin_client, client):
    code = StatusCode.objects.get(code=418)
    published = code.summary
    response = save_draft(admin_client, code, summary="A draft summary, not public yet.")
    assert response.status_code == 302 and response["Location"] == admin_url(code)
    code.refresh_from_db()
    assert code.summary == published
    assert "A draft summary" not in client.get("/418/").content.decode()
    assert "A draft summary" not in client.get("/418.json").content.decode()
    page = admin_client.get(admin_url(code)).content.decode()
    assert "is waiting" in page and "Publish the draft" in page

    preview = admin_client.get(admin_url(code, "draft_preview"))
    assert "A draft summary, not public yet." in preview.content.decode()
    assert "readers do not see this yet" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]

    response = admin_client.post(admin_url(code, "draft_publish"), {})
    assert response.status_code == 302
    code.refresh_from_db()
    assert code.summary == "A draft summary, not public yet."
    assert not Draft.objects.exists()
    assert "A draft summary" in client.get("/418/").content.decode()
    assert code.history.first().history_change_reason == "Published the draft by editor"


def test_a_draft_of_markdown_and_links_is_previewed_rendered(admin_client):
    code = StatusCode.objects.get(code=401)
    save_draft(
        admin_client,
        code,
        explanation="A **drafted** explanation.",
        confused=[str(StatusCode.objects.get(code=407).pk)],
    )
    html = admin_client.get(admin_url(code, "draft_preview")).content.decode()
    assert "<p>A <strong>drafted</strong> explanation.</p>" in html
    admin_client.post(admin_url(code, "draft_publish"), {})
    assert [c.code for c in code.confused.all()] == [407]


def test_publishing_a_draft_of_a_row_saved_since_is_refused(admin_client):
    code = StatusCode.objects.get(code=418)
    save_draft(admin_client, code, summary="The draft's summary.")
    data = form_data(admin_client.get(admin_url(code)))
    data["phrase"] = "I'm a teapot (edited)"
    assert admin_client.post(admin_url(code), data).status_code == 302
    response = admin_client.post(admin_url(code, "draft_publish"), {}, follow=True)
    assert "Not published: this was saved by editor at" in response.content.decode()
    code.refresh_from_db()
    assert code.summary != "The draft's summary." and Draft.objects.exists()
    # Opening the draft in the form shows its text on today's version, to merge and save.
    form = admin_client.get(admin_url(code) + "?draft=load").content.decode()
    assert "The draft&#x27;s summary." in form or "The draft's summary." in form


def test_discarding_a_draft_leaves_the_published_row(admin_client):
    code = StatusCode.objects.get(code=418)
    before = code.summary
    save_draft(admin_client, code, summary="Never mind.")
    admin_client.post(admin_url(code, "draft_discard"), {})
    code.refresh_from_db()
    assert code.summary == before and not Draft.objects.exists()


def test_a_cause_draft_previews_on_its_code_page(admin_client):
    cause = Cause.objects.get(status_code__code=503, slug="maintenance-mode")
    url = admin_url(cause)
    data = form_data(admin_client.get(url))
    data["title"] = "A drafted cause title"
    data["_draft"] = "Save as draft"
    assert admin_client.post(url, data).status_code == 302
    cause.refresh_from_db()
    assert cause.title != "A drafted cause title"
    html = admin_client.get(admin_url(cause, "draft_preview")).content
    assert "A drafted cause title" in html.decode()


def test_loader_and_export_leave_drafts_alone(admin_client, tmp_path, content_copy):
    code = StatusCode.objects.get(code=418)
    save_draft(admin_client, code, summary="A draft the loader must not touch.")
    call_command("load_content", "--force", verbosity=0)
    assert Draft.objects.get().data["summary"] == "A draft the loader must not touch."
    call_command("export_content", "--output", str(tmp_path / "out"), verbosity=0)
    assert (tmp_path / "out" / "codes" / "418.md").read_text() == (
        content_copy / "codes" / "418.md"
    ).read_text()


def test_drafts_pages_are_for_staff_only(client):
    code = StatusCode.objects.get(code=418)
    assert client.get(admin_url(code, "draft_preview")).status_code == 302
    assert client.post(admin_url(code, "draft_publish")).status_code == 302


def test_a_code_draft_says_it_does_not_keep_cause_edits(admin_client):
    code = StatusCode.objects.get(code=401)
    cause = code.causes.first()
    data = form_data(admin_client.get(admin_url(code)))
    prefix = inline_prefix(data, cause.pk)
    data[f"{prefix}-title"] = "Edited inline while saving a draft"
    data["summary"] = "Drafted summary"
    data["_draft"] = "Save as draft"
    response = admin_client.post(admin_url(code), data, follow=True)
    assert "The changes to the causes on this page were not kept" in response.content.decode()
    cause.refresh_from_db()
    assert cause.title != "Edited inline while saving a draft"
