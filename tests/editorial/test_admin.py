"""Staff edit content in Django admin; everyone else is kept out."""

import re

import pytest

from tests.factories import UserFactory
from tests.helpers import admin_url, form_data, inline_prefix
from troubleshooter.models import Cause, StatusCode

pytestmark = pytest.mark.django_db


def test_staff_can_edit_a_cause_and_the_page_shows_it(admin_client, client):
    code = StatusCode.objects.get(code=401)
    cause = code.causes.first()
    url = admin_url(code)
    data = form_data(admin_client.get(url))
    prefix = inline_prefix(data, cause.pk)
    data[f"{prefix}-title"] = "A title written in admin"
    data[f"{prefix}-fix_client"] = "Send the **right** header."
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    cause.refresh_from_db()
    assert cause.title == "A title written in admin"
    assert cause.fix_client_html == "<p>Send the <strong>right</strong> header.</p>"
    html = client.get("/401/").content.decode()
    assert "A title written in admin" in html
    assert "<p>Send the <strong>right</strong> header.</p>" in html
    assert cause.history.count() >= 2


def test_admin_rejects_markdown_that_would_break_the_content_files(admin_client):
    cause = Cause.objects.filter(status_code__code=404).first()
    url = admin_url(cause)
    data = form_data(admin_client.get(url))
    data["confirm"] = "# A top-level heading"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "headings of level 1 and 2 are reserved" in response.content.decode()
    cause.refresh_from_db()
    assert cause.confirm != "# A top-level heading"


def test_change_form_previews_markdown_as_the_site_renders_it(admin_client):
    code = StatusCode.objects.get(code=429)
    html = admin_client.get(admin_url(code)).content.decode()
    assert code.explanation_html in html
    assert code.causes.first().confirm_html in html
    view_on_site = re.search(r'<a href="([^"]+)" class="viewsitelink">', html).group(1)
    assert admin_client.get(view_on_site)["Location"].endswith("/429/")


def test_search_by_number_and_phrase(admin_client):
    html = admin_client.get(admin_url(StatusCode, "changelist"), {"q": "503"}).content.decode()
    assert "Service Unavailable" in html and "Bad Gateway" not in html
    html = admin_client.get(admin_url(StatusCode, "changelist"), {"q": "gateway"}).content.decode()
    assert "Bad Gateway" in html and "Gateway Timeout" in html and "Not Found" not in html
    html = admin_client.get(
        admin_url(StatusCode, "changelist"), {"q": "Unprocessable Entity"}
    ).content.decode()
    assert "Unprocessable Content" in html


def test_filter_by_class(admin_client):
    html = admin_client.get(
        admin_url(StatusCode, "changelist"), {"code_class__exact": "2"}
    ).content.decode()
    assert "Created" in html and "Not Found" not in html


def test_history_lets_staff_revert_an_edit(admin_client):
    code = StatusCode.objects.get(code=404)
    original = code.summary
    code.summary = "Changed by mistake."
    code.save()
    first = code.history.order_by("history_date").first()
    url = admin_url(code, "simple_history", first.history_id)
    data = form_data(admin_client.get(url))
    response = admin_client.post(url, data)
    assert response.status_code == 302
    code.refresh_from_db()
    assert code.summary == original


@pytest.mark.parametrize("who", ["anonymous", "non-staff"])
def test_only_staff_get_in(client, who):
    if who == "non-staff":
        client.force_login(UserFactory())
    for url in (
        admin_url("index"),
        admin_url(StatusCode, "changelist"),
        admin_url(Cause, "changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(admin_url("login"))


def test_profile_edited_in_admin_is_validated_and_changes_the_guide(admin_client, client):
    from troubleshooter.snapshot import current

    cause = Cause.objects.get(status_code__code=503, slug="maintenance-mode")
    url = admin_url(cause)
    data = form_data(admin_client.get(url))
    data["profile"] = "speed=sideways"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "“speed” has no answer sideways" in response.content.decode()

    before = current().guide
    data["profile"] = "producer=local-proxy; pattern=always; history=stopped; message=generic"
    assert admin_client.post(url, data).status_code == 302
    after = current().guide
    assert after is not before
    edited = next(c for c in after.causes if c.key == "503/maintenance-mode")
    assert edited.profile["producer"] == frozenset({"local-proxy"})
    html = client.get("/guide/", {"a": ["status:503", "producer:local-proxy"]}).content.decode()
    assert "The service has been switched off on purpose" in html


def test_a_detect_pattern_keeps_its_own_bar_but_not_the_files_separator(admin_client):
    """Detect patterns are regular expressions: "(?:a|b)" saves and reads back as one item,
    while " | " (which would split the item in the file) is refused."""
    from troubleshooter.models import Question

    question = Question.objects.get(slug="pattern")
    url = admin_url(question)
    data = form_data(admin_client.get(url))
    data["detect"] = (
        "intermittent: (?i)\\b(?:now and then|on and off)\\b\nalways: (?i)\\bevery time\\b"
    )
    assert admin_client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.detect.splitlines()[0] == "intermittent: (?i)\\b(?:now and then|on and off)\\b"
    data = form_data(admin_client.get(url))
    data["detect"] = "intermittent: sometimes | always: every time"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "a bar between spaces" in response.content.decode()


def test_a_questions_bare_answer_must_be_one_of_its_answers(admin_client):
    from troubleshooter.models import Question

    question = Question.objects.get(slug="auth-error")
    url = admin_url(question)
    data = form_data(admin_client.get(url))
    assert data["bare"] == "nothing"
    data["bare"] = "shrug"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "not an answer of this question: shrug" in response.content.decode()
    data["bare"] = "missing"
    assert admin_client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.bare == "missing"


def test_staff_can_edit_a_question_and_its_answers(admin_client, client):
    from troubleshooter.models import Question

    question = Question.objects.get(slug="speed")
    url = admin_url(question)
    data = form_data(admin_client.get(url))
    data["text"] = "How long until it fails?"
    label_key = next(
        k for k, v in data.items() if k.endswith("-label") and v.startswith("Not long")
    )
    data[label_key] = "In under two seconds"
    assert admin_client.post(url, data).status_code == 302
    html = client.get("/guide/", state_asking(client, "speed")).content.decode()
    assert (
        '<h2 id="question-title" tabindex="-1" data-autofocus>How long until it fails?</h2>' in html
    )
    assert "In under two seconds" in html
    question.refresh_from_db()
    assert question.text == "How long until it fails?"
    assert question.answers.get(slug="fast").label == "In under two seconds"


def state_asking(client, slug):
    """The guide's query (status, then "Not sure") after which it asks question `slug`."""
    from troubleshooter.engine import guide
    from troubleshooter.snapshot import current
    from troubleshooter.web import guide_state

    content = current().guide
    for code, _label in content.status_question.answers:
        pairs, more = [("status", code), ("platform", "unsure")], 0
        while more <= 3:
            step = guide.step(content, pairs, more=more)
            if step.question is None:
                if not guide_state.links(step).more:
                    break
                more += 1
                continue
            if step.question.slug == slug:
                return {"a": [guide_state.pair_text(p) for p in pairs], "more": more}
            pairs = guide.with_answer(pairs, step.question.slug, "unsure")
    raise AssertionError(f"no state asks {slug}")


def test_the_change_page_of_the_code_with_most_causes_takes_few_queries(
    admin_client, django_assert_max_num_queries
):
    from django.db.models import Count

    code = StatusCode.objects.annotate(n=Count("causes")).order_by("-n").first()
    url = admin_url(code)
    assert admin_client.get(url).status_code == 200  # this content version's snapshot
    with django_assert_max_num_queries(10):
        response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="profile-editor"') == code.n + 1  # and the blank "add" form
    assert html.count('<datalist id="profile-questions">') == 1


# Forms you can read ------------------------------------------------------------------------------


def test_the_admins_own_404_and_500_pages(admin_client, client):
    from django.test import Client

    response = admin_client.get("/admin/troubleshooter/nothing-here/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "StatusFix content" in html and "There is nothing at this address in the admin" in html
    assert 'href="/admin/"' in html and "Recently deleted" in html
    assert "code-page" not in html  # not a reader's page
    assert client.get("/999/").status_code == 404  # readers keep theirs

    from unittest import mock

    broken = Client(raise_request_exception=False)
    broken.force_login(UserFactory(superuser=True))
    with mock.patch(
        "troubleshooter.editorial.admin.StatusCodeAdmin.get_queryset",
        side_effect=RuntimeError("boom"),
    ):
        response = broken.get(admin_url(StatusCode, "changelist"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "The admin could not finish this request" in html and "boom" not in html


def test_the_question_form_has_its_own_help_texts(admin_client):
    from troubleshooter.models import Question

    html = admin_client.get(admin_url(Question.objects.get(slug="speed"))).content.decode()
    assert "Renaming it rewrites every profile that uses it" in html
    assert "Changing it breaks links to the cause" not in html
    assert "Order among the code&#x27;s causes" not in html and "causes (↑/↓" not in html


def test_length_limits_are_shown_and_nothing_is_cut(admin_client):
    cause = Cause.objects.filter(status_code__code=429).first()
    url = admin_url(cause)
    html = admin_client.get(url).content.decode()
    title_input = re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)
    assert not re.search(r"\smaxlength=", title_input) and 'data-maxlength="200"' in title_input
    assert "At most 200 characters." in html
    data = form_data(admin_client.get(url))
    data["title"] = "x" * 10_000
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters (it has 10000)." in (
        response.content.decode()
    )
    assert form_data(response)["title"] == "x" * 10_000  # kept whole in the box


def test_a_new_cause_is_appended_at_the_end(admin_client, client):
    code = StatusCode.objects.get(code=418)
    data = form_data(admin_client.get(admin_url(code)))
    total = int(data["causes-TOTAL_FORMS"])
    new = {
        "title": "The newest cause",
        "slug": "newest-cause",
        "position": "0",  # the blank form's default, untouched
        "confirm": "Look.",
        "fix_client": "Wait.",
        "fix_server": "Fix.",
    }
    for name, value in new.items():
        data[f"causes-{total}-{name}"] = value
    data["causes-TOTAL_FORMS"] = str(total + 1)
    assert admin_client.post(admin_url(code), data).status_code == 302
    assert list(code.causes.all())[-1].slug == "newest-cause"
    html = client.get("/418/?fresh").content.decode()
    assert html.index("The newest cause") > max(
        html.index(c.title) for c in code.causes.exclude(slug="newest-cause")
    )


def test_previews_show_the_boxes_text_after_a_failed_save(admin_client):
    code = StatusCode.objects.get(code=418)
    cause = code.causes.first()
    data = form_data(admin_client.get(admin_url(code)))
    prefix = inline_prefix(data, cause.pk)
    data["example"] = "An **unsaved** example."
    data[f"{prefix}-confirm"] = "An *unsaved* way to confirm it."
    data["summary"] = ""  # required: the save fails
    response = admin_client.post(admin_url(code), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>An <strong>unsaved</strong> example.</p>" in html
    assert "<p>An <em>unsaved</em> way to confirm it.</p>" in html


def test_errors_in_folds_open_them_and_the_message_on_top_links_to_each(admin_client):
    code = StatusCode.objects.get(code=429)
    cause = code.causes.all()[3]
    data = form_data(admin_client.get(admin_url(code)))
    prefix = inline_prefix(data, cause.pk)
    data[f"{prefix}-fix_server"] = "# A level-one heading is refused"
    data[f"{prefix}-described_as"] = "a | b"
    response = admin_client.post(admin_url(code), data)
    html = response.content.decode()
    assert f'<a href="#id_{prefix}-fix_server">Cause “' in html
    assert f'<a href="#id_{prefix}-described_as">Cause “' in html
    card = html.split(f'id="{prefix}"')[1].split('class="inline-related')[0]
    folds = card.split("<fieldset")[1:]
    with_errors = [fold for fold in folds if "errorlist" in fold]
    assert len(with_errors) == 2
    assert all("<details>" not in fold for fold in with_errors)  # open, or not folded at all
    assert "<details open>" in with_errors[1]  # the markdown fold (fields side by side)
    assert any("<details>" in fold and "Guide profile" in fold for fold in folds)  # still shut
    assert "Not saved: see below" in card


def test_conflict_text_keeps_its_line_breaks_and_marks_the_differences(admin_client):
    from django.test import Client

    code = StatusCode.objects.get(code=418)
    bob = Client()
    bob.force_login(UserFactory(username="bob", superuser=True))
    mine, theirs = form_data(admin_client.get(admin_url(code))), form_data(bob.get(admin_url(code)))
    theirs["explanation"] = "First line by Bob.\n\nSecond line by Bob."
    bob.post(admin_url(code), theirs)
    mine["explanation"] = "First line by me.\n\nSecond line by me."
    html = admin_client.post(admin_url(code), mine).content.decode()
    assert "Their version is now: “First line by Bob.\n\nSecond line by Bob.”" in html
    assert "<del>me</del><ins>Bob</ins>" in html
    assert "The version you both started from" in html
    assert "Your text is kept in the box below" in html


def test_after_a_save_the_editors_browser_forgets_the_pages_it_kept(admin_client):
    """“View on site” goes through the admin's redirect to the page; the save's answer told the
    browser to drop the copies it kept for 60 s, and each cause's own link carries the content
    version, so the next load shows what was just saved."""
    code = StatusCode.objects.get(code=418)
    data = form_data(admin_client.get(admin_url(code)))
    data["summary"] = "Seen at once."
    response = admin_client.post(admin_url(code), data)
    assert response.status_code == 302 and response["Clear-Site-Data"] == '"cache"'
    html = admin_client.get(admin_url(code)).content.decode()
    assert "Clear-Site-Data" not in admin_client.get(admin_url(code)).headers
    version = re.search(r'href="/418/\?v=(\d+)#', html).group(1)
    cause = code.causes.first()
    assert f'href="/418/?v={version}#{cause.slug}"' in html  # each cause's link
    refused = admin_client.post(admin_url(code), {**data, "summary": ""})
    assert refused.status_code == 200 and not refused.has_header("Clear-Site-Data")


def test_public_pages_keep_their_cache_figures():
    from troubleshooter.web import caching

    assert caching.MAX_AGE == 60 and caching.STALE_WHILE_REVALIDATE == 600


def test_reader_feedback_shows_counts_beside_shares(admin_client):
    from troubleshooter.models import Feedback

    cause = Cause.objects.filter(status_code__code=429).first()
    Feedback.objects.create(cause=cause, helpful=0, not_helpful=1)
    html = admin_client.get(admin_url(Feedback, "changelist")).content.decode()
    assert "100% of 1" in html and "(few answers)" in html
    html = admin_client.get(admin_url(Cause, "changelist"), {"feedback": "any"}).content.decode()
    assert "100% of 1" in html


def test_each_cause_card_says_its_own_save_state(admin_client):
    code = StatusCode.objects.get(code=401)
    first, second = code.causes.all()[:2]
    data = form_data(admin_client.get(admin_url(code)))
    data[f"{inline_prefix(data, first.pk)}-title"] = "Saved in this save"
    admin_client.post(admin_url(code), data)
    html = admin_client.get(admin_url(code)).content.decode()
    cards = {
        pk: html.split(f'name="{inline_prefix(data, pk)}-id"')[0].rsplit("cause-card", 1)[1]
        for pk in (first.pk, second.pk)
    }
    assert "Saved just now" in cards[first.pk] and "Saved just now" not in cards[second.pk]
    assert "state-idle" in cards[second.pk]
    again = admin_client.get(admin_url(code)).content.decode()
    assert "Saved just now" not in again  # said once, after that save
