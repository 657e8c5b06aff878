"""Whole history: links, inline causes and answers, full diffs, a reason, exact times, and
reverts that restore links or say what they cannot restore."""

import re

import pytest

from tests.helpers import admin_url, form_data, inline_prefix
from troubleshooter.models import Question, StatusCode

pytestmark = pytest.mark.django_db


def codes(*numbers):
    return [str(StatusCode.objects.get(code=n).pk) for n in numbers]


def test_changing_links_is_recorded_and_revert_restores_them(admin_client):
    code = StatusCode.objects.get(code=401)
    before = sorted(c.code for c in code.confused.all())
    data = form_data(admin_client.get(admin_url(code)))
    data["confused"] = codes(407)
    data["change_reason"] = "Only 407 is really confused with 401"
    assert admin_client.post(admin_url(code), data).status_code == 302
    assert [c.code for c in code.confused.all()] == [407]

    html = admin_client.get(admin_url(code, "history")).content.decode()
    assert "Only 407 is really confused with 401" in html
    assert "Commonly confused with:" in html
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", html)  # exact to the second

    loaded = code.history.filter(history_change_reason="load_content").order_by("history_date")
    record = loaded.last()
    url = admin_url(code, "simple_history", record.history_id)
    page = admin_client.get(url)
    data = form_data(page)
    assert sorted(int(StatusCode.objects.get(pk=pk).code) for pk in data["confused"]) == before
    assert admin_client.post(url, data).status_code == 302
    assert sorted(c.code for c in code.confused.all()) == before
    assert code.history.first().history_change_reason.startswith("Reverted to the version of")


def test_inline_cause_changes_show_on_the_code_history(admin_client):
    code = StatusCode.objects.get(code=401)
    cause = code.causes.first()
    data = form_data(admin_client.get(admin_url(code)))
    prefix = inline_prefix(data, cause.pk)
    data[f"{prefix}-title"] = "A title changed through the code page"
    data["change_reason"] = "Clearer cause title"
    assert admin_client.post(admin_url(code), data).status_code == 302
    html = admin_client.get(admin_url(code, "history")).content.decode()
    assert "Changes to this code&#x27;s causes" in html or "Changes to this code's causes" in html
    assert "A title changed through the code page" in html
    assert "Clearer cause title" in html
    assert admin_url(cause, "history") in html
    assert cause.history.first().history_change_reason == "Clearer cause title"


def test_long_text_changes_are_shown_whole_as_a_line_diff(admin_client):
    code = StatusCode.objects.get(code=404)
    data = form_data(admin_client.get(admin_url(code)))
    ending = "A sentence added at the very end of a long explanation, well past any cut."
    data["explanation"] = data["explanation"] + "\n\n" + ending
    assert admin_client.post(admin_url(code), data).status_code == 302
    html = admin_client.get(admin_url(code, "history")).content.decode()
    assert f'<span class="diff-ins">+ {ending}</span>' in html
    assert "…" not in html.split("change-history")[1].split("</table>")[0]


def test_revert_says_what_it_cannot_restore(admin_client):
    code = StatusCode.objects.get(code=401)
    gone = StatusCode.objects.get(code=407)
    record = code.history.order_by("history_date").last()
    assert gone.pk in [row.to_statuscode_id for row in record.confused.all()]
    gone.delete()
    url = admin_url(code, "simple_history", record.history_id)
    html = admin_client.get(url).content.decode()
    assert "What a revert cannot restore" in html
    assert "links point to codes that no longer exist" in html
    assert "revert a cause from its own history" in html


def test_answer_changes_show_on_the_question_history_and_can_be_reverted(admin_client):
    question = Question.objects.get(slug="speed")
    url = admin_url(question)
    data = form_data(admin_client.get(url))
    key = next(k for k, v in data.items() if k.endswith("-label") and v.startswith("Not long"))
    original = data[key]
    data[key] = "Within a second"
    assert admin_client.post(url, data).status_code == 302
    html = admin_client.get(admin_url(question, "history")).content
    assert "Within a second" in html.decode()
    answer = question.answers.get(slug="fast")
    before = answer.history.order_by("history_date").first()
    revert = admin_url(answer, "simple_history", before.history_id)
    assert revert in html.decode()
    assert before.label == original and before.history_change_reason == "load_content"
    assert admin_client.post(revert, form_data(admin_client.get(revert))).status_code == 302
    answer.refresh_from_db()
    assert answer.label == original


def entries(html):
    """The history page's entries, one per save, as text."""
    return html.split('<tbody class="history-save">')[1:]


def test_one_save_is_one_entry_with_every_row_it_touched(admin_client):
    code = StatusCode.objects.get(code=401)
    first, second = code.causes.all()[:2]
    data = form_data(admin_client.get(admin_url(code)))
    data["summary"] = "One save: the summary"
    data[f"{inline_prefix(data, first.pk)}-title"] = "One save: the first cause"
    data[f"{inline_prefix(data, second.pk)}-title"] = "One save: the second cause"
    data["confused"] = codes(407)
    data["change_reason"] = "One reason for all of it"
    assert admin_client.post(admin_url(code), data).status_code == 302
    html = admin_client.get(admin_url(code, "history")).content.decode()
    newest = entries(html)[0]
    assert newest.count("One reason for all of it") == 1
    for text in (
        "One save: the summary",
        "One save: the first cause",
        "One save: the second cause",
    ):
        assert text in newest
    assert "Commonly confused with:" in newest
    assert newest.count('class="save-head"') == 1 and newest.count('class="save-part"') == 2
    assert "Undo this save" in newest
    assert ">None<" not in html and "None</td>" not in html


def test_undo_this_save_puts_every_row_back_but_not_what_changed_since(admin_client):
    code = StatusCode.objects.get(code=401)
    first, second = code.causes.all()[:2]
    titles = (first.title, second.title)
    summary = code.summary
    data = form_data(admin_client.get(admin_url(code)))
    data["summary"] = "A summary to undo"
    data[f"{inline_prefix(data, first.pk)}-title"] = "A title to undo"
    data[f"{inline_prefix(data, second.pk)}-title"] = "A title changed again later"
    admin_client.post(admin_url(code), data)
    key = code.history.first().history_save
    # Someone changes the second cause again afterwards.
    later = form_data(admin_client.get(admin_url(second)))
    later["title"] = "Changed again since"
    admin_client.post(admin_url(second), later)

    undo_url = admin_url(code, "undo", key)
    page = admin_client.get(undo_url).content.decode()
    assert "“A summary to undo” → “" in page
    assert "changed again since" in page
    response = admin_client.post(undo_url, {"reason": "Wrong cause"}, follow=True)
    assert "Left as they are:" in response.content.decode()
    code.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert code.summary == summary and first.title == titles[0]
    assert second.title == "Changed again since"
    assert code.history.first().history_change_reason.startswith("Undid the save of")
    assert "Wrong cause" in code.history.first().history_change_reason


def test_undoing_a_save_that_added_a_cause_puts_it_in_recently_deleted(admin_client):
    from troubleshooter.models import Cause, Deletion

    code = StatusCode.objects.get(code=418)
    data = form_data(admin_client.get(admin_url(code)))
    total = int(data["causes-TOTAL_FORMS"])
    new = {
        "title": "A cause added by mistake",
        "slug": "added-by-mistake",
        "position": "0",
        "confirm": "Look.",
        "fix_client": "Wait.",
        "fix_server": "Fix.",
    }
    for name, value in new.items():
        data[f"causes-{total}-{name}"] = value
    data["causes-TOTAL_FORMS"] = str(total + 1)
    assert admin_client.post(admin_url(code), data).status_code == 302
    cause = Cause.objects.get(slug="added-by-mistake")
    key = cause.history.first().history_save
    admin_client.post(admin_url(code, "undo", key), {})
    assert not Cause.objects.filter(slug="added-by-mistake").exists()
    assert Deletion.objects.get().label.startswith("“A cause added by mistake”")


def test_a_content_load_is_not_undone_from_the_history(admin_client):
    code = StatusCode.objects.get(code=404)
    record = code.history.filter(history_change_reason="load_content").first()
    html = admin_client.get(admin_url(code, "history")).content.decode()
    load_entry = next(e for e in entries(html) if "load_content" in e)
    assert "Undo this save" not in load_entry and "the content loader" in load_entry
    response = admin_client.get(admin_url(code, "undo", record.history_save), follow=True)
    assert "A content load is undone by loading the files again" in response.content.decode()
