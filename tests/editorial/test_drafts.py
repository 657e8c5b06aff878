"""Drafts: saved apart from the published row, previewed as the page will be, published
(refused if the row changed since), discarded; readers only ever see published content."""

import pytest
from django.core.management import call_command
from django.utils.html import escape

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


# Versioned drafts, one per editor, and the reviewer rule ------------------------------------------


@pytest.fixture
def team(db):
    """Two editors and a reviewer, each made by make_editor, each with a client of their own."""
    from io import StringIO

    from django.test import Client

    clients = {}
    for name, options in (("wendy", ()), ("ed", ()), ("rita", ("--reviewer",))):
        user = UserFactory(username=name)
        call_command("make_editor", name, *options, stdout=StringIO())
        clients[name] = Client()
        clients[name].force_login(user)
    return clients


def test_an_out_of_date_draft_is_merged_three_ways_before_it_is_published(team):
    wendy, ed = team["wendy"], team["ed"]
    code = StatusCode.objects.get(code=418)
    save_draft(wendy, code, summary="Wendy's drafted summary.")
    data = form_data(ed.get(admin_url(code)))
    data["phrase"] = "I'm a teapot (Ed)"
    assert ed.post(admin_url(code), data).status_code == 302

    response = wendy.post(admin_url(code, "draft_publish"), {})
    draft = Draft.objects.get()
    assert response["Location"] == admin_url(code) + f"?draft={draft.pk}"
    code.refresh_from_db()
    assert code.summary != "Wendy's drafted summary."  # nothing published yet
    page = wendy.get(response["Location"])
    html = page.content.decode()
    assert "Not published: this was saved by ed at" in html
    assert "Their changes to Phrase are now in the form." in html
    form = form_data(page)
    assert form["phrase"] == "I'm a teapot (Ed)"  # their newer value, taken over
    assert form["summary"] == "Wendy's drafted summary."  # the draft's
    assert wendy.post(response["Location"], form).status_code == 302
    code.refresh_from_db()
    assert (code.phrase, code.summary) == ("I'm a teapot (Ed)", "Wendy's drafted summary.")
    assert not Draft.objects.exists()
    assert code.history.first().history_change_reason == "Published the draft by wendy"


def test_a_field_both_changed_shows_theirs_yours_and_the_base(team):
    wendy, ed = team["wendy"], team["ed"]
    code = StatusCode.objects.get(code=418)
    base = code.explanation
    save_draft(wendy, code, explanation="Wendy's explanation,\nin two lines.")
    data = form_data(ed.get(admin_url(code)))
    data["explanation"] = "Ed's explanation,\nalso in two lines."
    assert ed.post(admin_url(code), data).status_code == 302

    draft = Draft.objects.get()
    page = wendy.get(admin_url(code) + f"?draft={draft.pk}")
    html = page.content.decode()
    assert "Both changed: Explanation" in html
    # Their text with its line break, the differences from Wendy's marked, and the base.
    assert "Their version is now: “Ed&#x27;s explanation,\nalso in two lines.”" in html
    assert "<del>Wendy</del><ins>Ed</ins>" in html
    assert "The version you both started from" in html and escape(base[:60]) in html
    assert '<a href="#id_explanation">Explanation</a>' in html  # the message on top links it
    assert form_data(page)["explanation"] == "Wendy's explanation,\nin two lines."
    # Publishing from the button is refused the same way: Ed's text is not overwritten unseen.
    wendy.post(admin_url(code, "draft_publish"), {})
    code.refresh_from_db()
    assert code.explanation == "Ed's explanation,\nalso in two lines."


def test_saving_a_draft_form_that_went_out_of_date_is_a_conflict(team):
    wendy, ed = team["wendy"], team["ed"]
    code = StatusCode.objects.get(code=418)
    save_draft(wendy, code, summary="Wendy's summary.")
    draft = Draft.objects.get()
    opened = form_data(wendy.get(admin_url(code) + f"?draft={draft.pk}"))
    data = form_data(ed.get(admin_url(code)))
    data["summary"] = "Ed's summary, saved meanwhile."
    assert ed.post(admin_url(code), data).status_code == 302
    response = wendy.post(admin_url(code) + f"?draft={draft.pk}", opened)
    assert response.status_code == 200
    assert "was changed by ed at" in response.content.decode()
    code.refresh_from_db()
    assert code.summary == "Ed's summary, saved meanwhile."


def test_each_editor_has_a_draft_of_their_own(team):
    wendy, ed = team["wendy"], team["ed"]
    code = StatusCode.objects.get(code=418)
    save_draft(wendy, code, summary="Wendy's draft.")
    response = save_draft(ed, code, summary="Ed's draft.")
    assert response.status_code == 302
    drafts = {d.author.username: d.data["summary"] for d in Draft.objects.all()}
    assert drafts == {"wendy": "Wendy's draft.", "ed": "Ed's draft."}
    html = ed.get(admin_url(code)).content.decode()
    assert "2 drafts are waiting" in html
    assert "A draft by wendy of" in html and "A draft by ed of" in html


def test_another_editors_draft_is_not_discarded_by_an_editor(team):
    wendy, ed = team["wendy"], team["ed"]
    code = StatusCode.objects.get(code=418)
    save_draft(wendy, code, summary="Wendy's draft.")
    draft = Draft.objects.get()
    html = ed.get(admin_url(code)).content.decode()
    assert "Discard wendy" not in html and "Publish the draft" not in html
    response = ed.post(admin_url(code, "draft_discard") + f"?draft={draft.pk}", {}, follow=True)
    assert "Not discarded: this is wendy&#x27;s draft" in response.content.decode()
    assert Draft.objects.filter(pk=draft.pk).exists()


def test_a_reviewer_discards_with_a_confirmation_and_a_reason_and_it_can_be_restored(team):
    wendy, rita = team["wendy"], team["rita"]
    code = StatusCode.objects.get(code=418)
    save_draft(wendy, code, summary="Wendy's draft.")
    draft = Draft.objects.get()
    discard = admin_url(code, "draft_discard") + f"?draft={draft.pk}"
    page = rita.post(discard, {})
    assert page.status_code == 200 and "Discard wendy&#x27;s draft" in page.content.decode()
    assert Draft.objects.exists()  # only asked
    no_reason = rita.post(discard, {"confirm": "yes", "discard_reason": " "})
    assert no_reason.status_code == 400 and Draft.objects.exists()
    rita.post(discard, {"confirm": "yes", "discard_reason": "Superseded by the RFC wording"})
    assert not Draft.objects.exists()

    history = rita.get(admin_url(code, "history")).content.decode()
    assert "Discarded by rita: Superseded by the RFC wording" in history
    assert "draft discarded" in history and "Restore this draft" in history
    record = Draft.history.filter(history_type="-").get()
    rita.post(admin_url(code, "draft_restore", record.history_id))
    restored = Draft.objects.get()
    assert restored.author.username == "wendy" and restored.data["summary"] == "Wendy's draft."


def test_saving_another_editors_draft_from_the_form_publishes_only_for_reviewers(team):
    wendy, ed, rita = team["wendy"], team["ed"], team["rita"]
    code = StatusCode.objects.get(code=418)
    before = code.summary
    save_draft(wendy, code, summary="Wendy's draft.")
    draft = Draft.objects.get()
    url = admin_url(code) + f"?draft={draft.pk}"
    page = ed.get(url)
    html = page.content.decode()
    assert 'name="_save"' not in html and 'name="_draft"' in html  # no Save: it would publish
    data = form_data(page)
    data["_save"] = "Save"  # sent anyway
    refused = ed.post(url, data)
    assert refused.status_code == 200
    assert "publishing another editor&#x27;s draft is for reviewers" in refused.content.decode()
    code.refresh_from_db()
    assert code.summary == before and Draft.objects.get().author.username == "wendy"
    # Ed may keep his version of it as his own draft; Wendy's stays.
    data.pop("_save")
    data["summary"] = "Ed's take on Wendy's draft."
    data["_draft"] = "Save as draft"
    assert ed.post(url, data).status_code == 302
    drafts = {d.author.username: d.data["summary"] for d in Draft.objects.all()}
    assert drafts == {"wendy": "Wendy's draft.", "ed": "Ed's take on Wendy's draft."}
    # A reviewer's save publishes it and ends that draft only.
    data = form_data(rita.get(url))
    assert rita.post(url, data).status_code == 302
    code.refresh_from_db()
    assert code.summary == "Wendy's draft."
    assert [d.author.username for d in Draft.objects.all()] == ["ed"]


def test_drafts_their_publication_and_discarding_are_in_the_history(team):
    wendy = team["wendy"]
    code = StatusCode.objects.get(code=418)
    save_draft(wendy, code, summary="Wendy's draft.")
    wendy.post(admin_url(code, "draft_publish"), {})
    html = wendy.get(admin_url(code, "history")).content.decode()
    assert "draft saved" in html and "draft published" in html
    assert "Published the draft by wendy" in html
    # Publishing is one save: the row and the draft under one entry.
    entry = html.split('class="history-save"')[1]
    assert "draft published" in entry and "Summary:" in entry


def test_waiting_for_review_lists_the_drafts(team):
    wendy, ed, rita = team["wendy"], team["ed"], team["rita"]
    code = StatusCode.objects.get(code=418)
    cause = Cause.objects.get(status_code__code=503, slug="maintenance-mode")
    save_draft(wendy, code, summary="Wendy's draft.")
    data = form_data(ed.get(admin_url(cause)))
    data.update(title="Ed's drafted title", _draft="Save as draft")
    ed.post(admin_url(cause), data)
    other = form_data(rita.get(admin_url(code)))
    other["phrase"] = "I'm a teapot (changed)"
    rita.post(admin_url(code), other)
    html = rita.get(admin_url(Draft, "changelist")).content.decode()
    assert "Waiting for review" in html
    code.refresh_from_db()
    assert escape(cause.title) in html and escape(str(code)) in html
    assert ">wendy<" in html and ">ed<" in html
    assert "changed since: publishing shows the merge" in html  # Wendy's is out of date
    assert admin_url(code) + f"?draft={Draft.objects.get(author__username='wendy').pk}" in html


def test_opening_an_out_of_date_draft_in_the_form_and_saving_keeps_the_newer_value(team):
    """The path the issue found losing work: A drafts, B publishes another field, A opens the
    draft in the form and saves."""
    wendy, ed = team["wendy"], team["ed"]
    code = StatusCode.objects.get(code=418)
    save_draft(wendy, code, summary="Wendy's drafted summary.")
    data = form_data(ed.get(admin_url(code)))
    data["phrase"] = "I'm a teapot (Ed)"
    assert ed.post(admin_url(code), data).status_code == 302
    url = admin_url(code) + "?draft=load"
    form = form_data(wendy.get(url))
    assert wendy.post(url, form).status_code == 302
    code.refresh_from_db()
    assert (code.phrase, code.summary) == ("I'm a teapot (Ed)", "Wendy's drafted summary.")
