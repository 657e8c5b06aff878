"""Two editors, one row: a save based on an older version is refused with what changed, by
whom and when; the editor's text stays in the form; untouched inlines are not written."""

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.helpers import admin_url, form_data, inline_prefix
from troubleshooter.models import Cause, Question, StatusCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(db):
    alice = UserFactory(username="alice", superuser=True)
    bob = UserFactory(username="bob", superuser=True)
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(bob)
    return first, second


def test_stale_cause_save_is_refused_with_what_changed_and_by_whom(two_editors):
    alice, bob = two_editors
    cause = Cause.objects.get(status_code__code=503, slug="maintenance-mode")
    url = admin_url(cause)
    alice_data, bob_data = form_data(alice.get(url)), form_data(bob.get(url))
    alice_data["title"] = "Alice's title"
    assert alice.post(url, alice_data).status_code == 302
    bob_data["title"] = "Bob's title"
    bob_data["confirm"] = "Bob's way to confirm it."
    response = bob.post(url, bob_data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "was changed by alice at" in html
    assert "Their version is now: “Alice&#x27;s title”" in html
    form = form_data(response)
    assert form["title"] == "Bob's title"  # his text is kept to merge
    assert form["confirm"] == "Bob's way to confirm it."
    cause.refresh_from_db()
    assert cause.title == "Alice's title"
    # Saving again, after seeing the conflict, goes through: both edits survive.
    assert bob.post(url, form).status_code == 302
    cause.refresh_from_db()
    assert cause.title == "Bob's title" and cause.confirm == "Bob's way to confirm it."


def test_fields_only_the_other_editor_changed_are_taken_over(two_editors):
    alice, bob = two_editors
    cause = Cause.objects.get(status_code__code=503, slug="maintenance-mode")
    url = admin_url(cause)
    alice_data, bob_data = form_data(alice.get(url)), form_data(bob.get(url))
    alice_data["title"] = "Alice's title"
    assert alice.post(url, alice_data).status_code == 302
    bob_data["fix_client"] = "Bob's client fix."
    response = bob.post(url, bob_data)
    assert "Their changes to Title are now in the form." in response.content.decode()
    form = form_data(response)
    assert form["title"] == "Alice's title" and form["fix_client"] == "Bob's client fix."
    assert bob.post(url, form).status_code == 302
    cause.refresh_from_db()
    assert (cause.title, cause.fix_client) == ("Alice's title", "Bob's client fix.")


def test_code_page_writes_only_the_inlines_the_editor_changed(two_editors):
    alice, bob = two_editors
    code = StatusCode.objects.get(code=401)
    first, second = code.causes.all()[:2]
    url = admin_url(code)
    alice_data, bob_data = form_data(alice.get(url)), form_data(bob.get(url))
    # Browsers send textareas with CRLF line endings: that is not an edit.
    for data in (alice_data, bob_data):
        for key, value in data.items():
            if isinstance(value, str) and "\n" in value:
                data[key] = value.replace("\n", "\r\n")
    a = inline_prefix(alice_data, first.pk)
    alice_data[f"{a}-title"] = "Alice edits the first cause"
    assert alice.post(url, alice_data).status_code == 302
    b = inline_prefix(bob_data, second.pk)
    bob_data[f"{b}-fix_server"] = "Bob edits the second cause."
    bob_data["summary"] = "Bob's summary."
    assert bob.post(url, bob_data).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.title == "Alice edits the first cause"
    assert second.fix_server == "Bob edits the second cause."
    assert first.history.first().history_user.username == "alice"


def test_stale_inline_edit_is_refused_on_the_code_page(two_editors):
    alice, bob = two_editors
    code = StatusCode.objects.get(code=401)
    cause = code.causes.first()
    url = admin_url(code)
    bob_data = form_data(bob.get(url))
    data = form_data(alice.get(admin_url(cause)))
    data["signals"] = data["signals"] + "\nA new signal from Alice"
    assert alice.post(admin_url(cause), data).status_code == 302
    b = inline_prefix(bob_data, cause.pk)
    bob_data[f"{b}-signals"] = "Bob replaces the signals"
    response = bob.post(url, bob_data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "was changed by alice at" in html and "Both of you changed: Signals" in html
    cause.refresh_from_db()
    assert "A new signal from Alice" in cause.signals


def test_stale_answer_edit_is_refused(two_editors):
    alice, bob = two_editors
    question = Question.objects.get(slug="speed")
    url = admin_url(question)
    alice_data, bob_data = form_data(alice.get(url)), form_data(bob.get(url))
    key = next(
        k for k, v in alice_data.items() if k.endswith("-label") and v.startswith("Not long")
    )
    alice_data[key] = "Alice's label"
    assert alice.post(url, alice_data).status_code == 302
    bob_data[key] = "Bob's label"
    response = bob.post(url, bob_data)
    assert response.status_code == 200
    assert "was changed by alice at" in response.content.decode()
    assert question.answers.get(slug="fast").label == "Alice's label"


def test_a_revert_is_not_mistaken_for_a_stale_form(admin_client):
    code = StatusCode.objects.get(code=404)
    code.summary = "Changed by mistake."
    code.save()
    first = code.history.order_by("history_date").first()
    url = admin_url(code, "simple_history", first.history_id)
    data = form_data(admin_client.get(url))
    assert admin_client.post(url, data).status_code == 302
    code.refresh_from_db()
    assert code.summary == first.summary


def test_save_returns_to_the_page_being_edited(admin_client):
    code = StatusCode.objects.get(code=418)
    url = admin_url(code)
    data = form_data(admin_client.get(url))
    data["summary"] = "Saved and still here."
    response = admin_client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    assert "was changed successfully" in admin_client.get(url).content.decode()


def test_code_form_has_every_section_with_markdown_beside_its_preview(admin_client):
    code = StatusCode.objects.get(code=429)
    html = admin_client.get(admin_url(code)).content.decode()
    assert 'name="in_code"' in html  # every markdown field of the page can be edited
    for name in ("explanation", "example", "in_code", "confused_note"):
        assert f"flex-container form-multiline field-{name} field-{name}_preview" in html
    assert "“Related codes” are listed at the end of the page" in html
    assert 'name="change_reason"' in html
    assert html.count('class="module aligned collapse"') >= 2 * code.causes.count()


def test_changelist_explains_edited_since_load(admin_client):
    html = admin_client.get(admin_url(StatusCode, "changelist")).content.decode()
    assert "“Edited since load”: changed here since the content files were last loaded" in html


def test_links_only_the_other_editor_changed_are_taken_over(two_editors):
    alice, bob = two_editors
    code = StatusCode.objects.get(code=401)
    url = admin_url(code)
    alice_data, bob_data = form_data(alice.get(url)), form_data(bob.get(url))
    only_407 = str(StatusCode.objects.get(code=407).pk)
    alice_data["confused"] = [only_407]
    assert alice.post(url, alice_data).status_code == 302
    bob_data["summary"] = "Bob's summary."
    response = bob.post(url, bob_data)
    assert "Their changes to Commonly confused with are now in the form." in (
        response.content.decode()
    )
    form = form_data(response)
    assert form["confused"] == only_407  # a single value once parsed
    assert bob.post(url, form).status_code == 302
    assert [c.code for c in code.confused.all()] == [407]
    code.refresh_from_db()
    assert code.summary == "Bob's summary."


def test_links_both_editors_changed_are_a_conflict(two_editors):
    alice, bob = two_editors
    code = StatusCode.objects.get(code=401)
    url = admin_url(code)
    alice_data, bob_data = form_data(alice.get(url)), form_data(bob.get(url))
    alice_data["confused"] = [str(StatusCode.objects.get(code=407).pk)]
    assert alice.post(url, alice_data).status_code == 302
    bob_data["confused"] = [str(StatusCode.objects.get(code=403).pk)]
    response = bob.post(url, bob_data)
    html = response.content.decode()
    assert "Both of you changed: Commonly confused with" in html
    assert "Theirs now: 407 Proxy Authentication Required." in html
    assert [c.code for c in code.confused.all()] == [407]


def test_fields_that_are_not_obvious_explain_themselves(admin_client):
    cause = Cause.objects.filter(status_code__code=429).first()
    html = admin_client.get(admin_url(cause)).content.decode()
    assert "Changing it breaks links to the cause." in html
    assert "how a reader checks that this is their cause" in html
    assert "nothing picked means “any answer”" in html
