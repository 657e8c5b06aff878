"""Deletions that can be undone: only reviewers delete a whole status code, with a reason; a
deleted code, cause, question or answer comes back whole from “Recently deleted”; a save that
meets a row deleted meanwhile says so by name, keeps the editor's text and offers a way out."""

import pytest
from django.test import Client

from tests.factories import QuestionFactory, UserFactory
from tests.helpers import admin_url, form_data, inline_prefix
from troubleshooter.models import Answer, Cause, Deletion, Draft, Feedback, Question, StatusCode

pytestmark = pytest.mark.django_db


def links(code):
    """The links of a code, both ways, as numbers."""
    return (
        sorted(c.code for c in code.related.all()),
        sorted(c.code for c in code.confused.all()),
        sorted(c.code for c in StatusCode.objects.filter(confused=code)),
        sorted(c.code for c in StatusCode.objects.filter(related=code)),
    )


def test_editors_cannot_delete_a_status_code(editor_client):
    code = StatusCode.objects.get(code=401)
    assert 'class="deletelink"' not in editor_client.get(admin_url(code)).content.decode()
    assert editor_client.get(admin_url(code, "delete")).status_code == 403
    assert editor_client.post(admin_url(code, "delete"), {"post": "yes"}).status_code == 403
    html = editor_client.get(admin_url(StatusCode, "changelist")).content.decode()
    assert "delete_selected" not in html
    assert StatusCode.objects.filter(code=401).exists()


def test_a_reviewer_deletes_a_code_with_a_reason_after_a_page_in_plain_words(reviewer_client):
    code = StatusCode.objects.get(code=401)
    page = reviewer_client.get(admin_url(code, "delete")).content.decode()
    assert "relationships" not in page and "From_statuscode" not in page
    assert f"{code.causes.count()} causes" in page and "links to and from other codes" in page
    assert "Recently deleted" in page and 'name="reason"' in page
    response = reviewer_client.post(admin_url(code, "delete"), {"post": "yes", "reason": ""})
    assert response.status_code == 302 and StatusCode.objects.filter(code=401).exists()
    response = reviewer_client.post(
        admin_url(code, "delete"), {"post": "yes", "reason": "Merged into 403"}, follow=True
    )
    assert not StatusCode.objects.filter(code=401).exists()
    assert "It can be restored whole from" in response.content.decode()
    deletion = Deletion.objects.get()
    assert deletion.reason == "Merged into 403" and deletion.deleted_by.is_staff


def test_a_deleted_code_comes_back_whole(reviewer_client, editor_client, client):
    code = StatusCode.objects.get(code=401)
    causes = {c.pk: (c.title, c.version) for c in code.causes.all()}
    before_links = links(code)
    assert before_links[2] or before_links[3]  # some codes link to 401
    cause = code.causes.first()
    Feedback.objects.create(cause=cause, helpful=3, not_helpful=1)
    data = form_data(editor_client.get(admin_url(code)))
    data.update(summary="A draft kept through the deletion.", _draft="Save as draft")
    editor_client.post(admin_url(code), data)
    version = StatusCode.objects.get(pk=code.pk).version

    reviewer_client.post(admin_url(code, "delete"), {"post": "yes", "reason": "Testing"})
    assert client.get("/401/").status_code == 404
    listing = editor_client.get(admin_url(Deletion, "changelist")).content.decode()
    assert "401 Unauthorized" in listing and "Testing" in listing
    assert f"with {len(causes)} causes, 4 reader answers" in listing

    deletion = Deletion.objects.get()
    response = editor_client.post(admin_url(deletion, "restore"))  # editors may restore
    assert response.status_code == 302 and response["Location"] == admin_url(code)
    restored = StatusCode.objects.get(code=401)
    assert restored.pk == code.pk and restored.version == version + 1
    assert {c.pk: (c.title, c.version - 1) for c in restored.causes.all()} == causes
    assert links(restored) == before_links
    assert Feedback.objects.get(cause_id=cause.pk).helpful == 3
    assert Draft.objects.get(code=restored).data["summary"] == "A draft kept through the deletion."
    assert client.get("/401/").status_code == 200
    assert restored.history.first().history_change_reason.startswith("Restored after")
    assert Deletion.objects.get().restored_at is not None
    again = editor_client.post(admin_url(deletion, "restore"), follow=True)
    assert "was restored already" in again.content.decode()


def test_a_code_is_not_restored_over_a_new_code_with_its_number(reviewer_client):
    code = StatusCode.objects.get(code=418)
    reviewer_client.post(admin_url(code, "delete"), {"post": "yes", "reason": "Joke code"})
    StatusCode.objects.create(
        code=418, phrase="New teapot", spec="RFC 9110", summary="s", explanation="e"
    )
    response = reviewer_client.post(admin_url(Deletion.objects.get(), "restore"), follow=True)
    assert "another code 418 was created since" in response.content.decode()


def test_a_cause_deleted_on_the_code_page_can_be_restored(editor_client):
    code = StatusCode.objects.get(code=401)
    cause = code.causes.last()
    data = form_data(editor_client.get(admin_url(code)))
    data[f"{inline_prefix(data, cause.pk)}-DELETE"] = "on"
    data["change_reason"] = "Duplicate of another cause"
    assert editor_client.post(admin_url(code), data).status_code == 302
    assert not Cause.objects.filter(pk=cause.pk).exists()
    deletion = Deletion.objects.get(kind="cause")
    assert deletion.reason == "Duplicate of another cause" and cause.title in deletion.label
    editor_client.post(admin_url(deletion, "restore"))
    assert Cause.objects.get(pk=cause.pk).title == cause.title


def test_a_question_and_an_answer_can_be_restored(editor_client):
    question = QuestionFactory(slug="throwaway")
    Answer.objects.create(question=question, slug="yes", label="Yes")
    Answer.objects.create(question=question, slug="no", label="No")
    editor_client.post(admin_url(question, "delete"), {"post": "yes"})
    assert not Question.objects.filter(slug="throwaway").exists()
    editor_client.post(admin_url(Deletion.objects.get(kind="question"), "restore"))
    question = Question.objects.get(slug="throwaway")
    assert sorted(question.answers.values_list("slug", flat=True)) == ["no", "yes"]

    data = form_data(editor_client.get(admin_url(question)))
    data[f"{inline_prefix(data, 'no', field='slug')}-DELETE"] = "on"
    assert editor_client.post(admin_url(question), data).status_code == 302
    assert not question.answers.filter(slug="no").exists()
    response = editor_client.post(admin_url(Deletion.objects.get(kind="answer"), "restore"))
    assert response["Location"] == admin_url(question)
    assert question.answers.filter(slug="no").exists()


@pytest.fixture
def alice_and_bob(db):
    alice = UserFactory(username="alice", superuser=True)
    bob = UserFactory(username="bob", superuser=True)
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(bob)
    return first, second


def test_a_save_that_meets_a_cause_deleted_meanwhile_keeps_the_text_and_offers_a_way_out(
    alice_and_bob,
):
    alice, bob = alice_and_bob
    code = StatusCode.objects.get(code=401)
    cause = code.causes.first()
    other = code.causes.all()[1]
    bob_data = form_data(bob.get(admin_url(code)))
    alice.post(admin_url(cause, "delete"), {"post": "yes", "reason": "Wrong code"})
    prefix = inline_prefix(bob_data, cause.pk)
    bob_data[f"{prefix}-title"] = "Bob's better title"
    bob_data[f"{inline_prefix(bob_data, other.pk)}-title"] = "Bob edits another cause too"
    response = bob.post(admin_url(code), bob_data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not saved: cause “Bob&#x27;s better title” was deleted by alice at" in html
    assert "(reason: “Wrong code”)" in html
    assert "Restore it and save my edit" in html and "Drop my edit" in html
    assert f'<a href="#{prefix}">' in html  # the message on top links to it
    form = form_data(response)
    assert form[f"{prefix}-title"] == "Bob's better title"  # his text stays in the box
    other.refresh_from_db()
    assert other.title != "Bob edits another cause too"  # nothing was half-saved

    # Restoring it saves his edit over it.
    form["_restore_deleted"] = str(Deletion.objects.get().pk)
    assert bob.post(admin_url(code), form).status_code == 302
    cause.refresh_from_db()
    other.refresh_from_db()
    assert cause.title == "Bob's better title"
    assert other.title == "Bob edits another cause too"


def test_dropping_the_edit_to_a_cause_deleted_meanwhile_saves_the_rest(alice_and_bob):
    alice, bob = alice_and_bob
    code = StatusCode.objects.get(code=401)
    cause, other = code.causes.all()[:2]
    bob_data = form_data(bob.get(admin_url(code)))
    alice.post(admin_url(cause, "delete"), {"post": "yes"})
    bob_data[f"{inline_prefix(bob_data, cause.pk)}-title"] = "Bob's lost cause"
    bob_data[f"{inline_prefix(bob_data, other.pk)}-title"] = "Bob's kept edit"
    form = form_data(bob.post(admin_url(code), bob_data))
    form[f"{inline_prefix(bob_data, cause.pk)}-DELETE"] = "on"  # “Drop my edit”
    assert bob.post(admin_url(code), form).status_code == 302
    other.refresh_from_db()
    assert other.title == "Bob's kept edit"
    assert not Cause.objects.filter(pk=cause.pk).exists()


def test_a_save_that_meets_its_own_row_deleted_keeps_every_word(alice_and_bob):
    alice, bob = alice_and_bob
    cause = Cause.objects.get(status_code__code=503, slug="maintenance-mode")
    bob_data = form_data(bob.get(admin_url(cause)))
    alice.post(admin_url(cause, "delete"), {"post": "yes", "reason": "Out of date"})
    bob_data["confirm"] = "Bob's new way to confirm it."
    response = bob.post(admin_url(cause), bob_data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "was deleted by alice at" in html and "Out of date" in html
    assert "Bob&#x27;s new way to confirm it." in html and "(your edit)" in html
    assert "Restore it and save my edit" in html and "Drop my edit" in html
    form = form_data(response)
    assert form["confirm"] == "Bob's new way to confirm it."  # every field kept to send again
    form["_restore_deleted"] = str(Deletion.objects.get().pk)
    assert bob.post(admin_url(cause), form).status_code == 302
    cause.refresh_from_db()
    assert cause.confirm == "Bob's new way to confirm it."


def test_reverting_a_deleted_code_points_to_recently_deleted(reviewer_client):
    code = StatusCode.objects.get(code=418)
    record = code.history.first()
    reviewer_client.post(admin_url(code, "delete"), {"post": "yes", "reason": "Gone for now"})
    response = reviewer_client.get(
        admin_url(code, "simple_history", record.history_id), follow=True
    )
    html = response.content.decode()
    assert "was deleted by" in html and "Gone for now" in html
    assert "someone else" not in html and "Restore it whole here" in html
    assert response.redirect_chain[-1][0] == admin_url(Deletion, "changelist")


def test_deleting_several_causes_at_once_asks_a_reason_and_keeps_each(editor_client):
    causes = list(Cause.objects.filter(status_code__code=429).order_by("pk")[:2])
    ids = [str(c.pk) for c in causes]
    selection = {"action": "delete_selected", "_selected_action": ids}
    page = editor_client.post(admin_url(Cause, "changelist"), selection).content.decode()
    assert 'name="reason"' in page and "Recently deleted" in page
    assert all(c.title in page for c in causes)
    editor_client.post(
        admin_url(Cause, "changelist"),
        {**selection, "post": "yes", "reason": "  Merged into\nover-the-limit "},
    )
    assert not Cause.objects.filter(pk__in=ids).exists()
    kept = Deletion.objects.filter(kind="cause").order_by("object_id")
    assert [d.object_id for d in kept] == [c.pk for c in causes]
    assert {d.reason for d in kept} == {"Merged into over-the-limit"}
