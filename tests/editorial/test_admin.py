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
            pairs.append((step.question.slug, "unsure"))
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
