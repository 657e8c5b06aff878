"""“Did this fix it?”: counted per cause and guide path, only from this site's pages, a few
times per hour and once per cause and day per client, with nothing personal in the database."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.helpers import admin_url
from troubleshooter.models import Cause, Feedback

pytestmark = pytest.mark.django_db

SITE = {"Origin": "http://testserver"}
KEY = "503/maintenance-mode"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def vote(client, answer="yes", key=KEY, headers=SITE, **extra):
    return client.post("/feedback/", {"cause": key, "answer": answer, **extra}, headers=headers)


def counts(key=KEY, path=""):
    code, slug = key.split("/")
    row = Feedback.objects.filter(
        cause__status_code__code=code, cause__slug=slug, guide_path=path
    ).first()
    return (row.helpful, row.not_helpful) if row else (0, 0)


def test_code_page_shows_the_question_under_each_cause(client):
    html = client.get("/503/").content.decode()
    causes = Cause.objects.filter(status_code__code=503).count()
    assert html.count("<legend>Did this fix it?</legend>") == causes
    assert f'name="cause" value="{KEY}"' in html
    assert 'hx-post="/feedback/"' in html and 'action="/feedback/"' in html
    assert "csrfmiddlewaretoken" not in html  # the page stays cacheable and shared


def test_a_vote_is_counted_and_thanked_without_javascript(client):
    response = vote(client, "no")
    assert response.status_code == 200
    html = response.content.decode()
    assert "your answer was counted" in html
    assert 'href="/503/#maintenance-mode"' in html
    assert "no-store" in response["Cache-Control"]
    assert counts() == (0, 1)


def test_htmx_gets_only_the_answer_to_swap_in(client):
    response = vote(client, headers={**SITE, "HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<p class="feedback-result" role="status">')
    assert "<html" not in html


def test_one_vote_per_client_and_cause_per_day(client):
    assert "was counted" in vote(client).content.decode()
    assert "already answered" in vote(client, "no").content.decode()
    assert counts() == (1, 0)
    other = Cause.objects.filter(status_code__code=503).exclude(slug="maintenance-mode").first()
    vote(client, key=other.key)
    assert counts(other.key) == (1, 0)


def test_another_client_counts_separately(client):
    vote(client)
    client.post(
        "/feedback/", {"cause": KEY, "answer": "yes"}, headers=SITE, REMOTE_ADDR="192.0.2.7"
    )
    assert counts() == (2, 0)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_votes_posted_from_elsewhere_are_refused(client, headers):
    response = vote(client, headers=headers)
    assert response.status_code == 403
    assert counts() == (0, 0)


def test_same_origin_fetch_metadata_is_enough(client):
    assert vote(client, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert counts() == (1, 0)


def test_rate_limit_per_client(client, settings):
    settings.FEEDBACK_RATE = (3, 3600)
    keys = list(Cause.objects.select_related("status_code")[:5])
    statuses = [vote(client, key=c.key).status_code for c in keys]
    assert statuses == [200, 200, 200, 429, 429]
    assert Feedback.objects.count() == 3
    html = vote(client, key=keys[4].key, headers={**SITE, "HX-Request": "true"}).content.decode()
    assert "Too many answers" in html


@pytest.mark.parametrize(
    "data",
    [
        {"cause": KEY, "answer": "maybe"},
        {"cause": "503/no-such-cause", "answer": "yes"},
        {"cause": "x" * 101, "answer": "yes"},
        {"cause": "abc/def", "answer": "yes"},
        {"cause": KEY, "answer": "yes", "path": "a=status:503&a=nonsense:zzz"},
        {"cause": KEY, "answer": "yes", "path": "a=" + "x" * 400},
    ],
)
def test_bounded_inputs(client, data):
    response = client.post("/feedback/", data, headers=SITE)
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_only_post(client):
    assert client.get("/feedback/").status_code == 405


def test_counts_per_guide_path(client):
    path = "a=status%3A503&a=producer%3Alocal-proxy"
    vote(client, "yes", path=path)
    client.post("/feedback/", {"cause": KEY, "answer": "no"}, headers=SITE, REMOTE_ADDR="192.0.2.8")
    assert counts(path="status:503 producer:local-proxy") == (1, 0)
    assert counts() == (0, 1)


def test_loader_and_export_leave_feedback_alone(client, content_copy, tmp_path):
    vote(client, "no")
    call_command("load_content", "--force", verbosity=0)
    assert counts() == (0, 1)
    call_command("export_content", "--output", str(tmp_path / "out"), verbosity=0)
    exported = (tmp_path / "out" / "codes" / "503.md").read_text()
    assert exported == (content_copy / "codes" / "503.md").read_text()


def test_no_personal_data_is_stored(client):
    client.post(
        "/feedback/", {"cause": KEY, "answer": "yes"}, headers=SITE, REMOTE_ADDR="198.51.100.23"
    )
    row = Feedback.objects.get()
    stored = " ".join(str(getattr(row, f.attname)) for f in Feedback._meta.fields)
    assert "198.51.100.23" not in stored
    assert {f.name for f in Feedback._meta.fields} == {
        "id",
        "cause",
        "guide_path",
        "helpful",
        "not_helpful",
        "updated_at",
    }


def test_admin_lists_causes_with_the_most_no_first(client, admin_client):
    worst = Cause.objects.filter(status_code__code=404).first()
    best = Cause.objects.filter(status_code__code=429).select_related("status_code").first()
    Feedback.objects.create(cause=worst, helpful=1, not_helpful=9)
    Feedback.objects.create(cause=best, helpful=8, not_helpful=2)
    Feedback.objects.create(cause=best, guide_path="status:429", helpful=5, not_helpful=0)
    html = admin_client.get(admin_url(Feedback, "changelist")).content.decode()
    assert html.index(worst.title) < html.index(best.title)
    assert "90%" in html and "guide: status:429" in html
    listing = admin_client.get(
        admin_url(Cause, "changelist"), {"o": "-7", "feedback": "any"}
    ).content.decode()
    assert listing.index(worst.title) < listing.index(best.title)
    assert "13" in listing  # 8 + 5 helpful answers for the 429 cause, summed over paths


def test_editors_can_read_feedback_but_not_change_it(editor_client):
    row = Feedback.objects.create(cause=Cause.objects.first(), helpful=1)
    assert editor_client.get(admin_url(Feedback, "changelist")).status_code == 200
    assert editor_client.get(admin_url(Feedback, "add")).status_code == 403
    assert editor_client.post(admin_url(row, "delete"), {"post": "yes"}).status_code == 403


GUIDE_INCLUDE = (
    '{% include "includes/feedback.html" with cause_key=step.result.cause.key '
    "guide_path=links.path %}"
)


def test_the_include_for_a_guide_result_counts_per_guide_path(client):
    """The line guide.html's result takes (the guide page itself is edited elsewhere)."""
    import re

    from django.template import engines

    from troubleshooter.engine import guide
    from troubleshooter.snapshot import current
    from troubleshooter.web import guide_state

    step = guide.step(current().guide, [("status", "503"), ("producer", "local-proxy")])
    while step.question is not None:
        step = guide.step(current().guide, [*step.pairs, (step.question.slug, "unsure")])
    context = {"step": step, "links": guide_state.links(step)}
    html = engines["django"].from_string(GUIDE_INCLUDE).render(context)
    # Inside the guide's panel (hx-target="#guide-panel", hx-push-url="true") the form keeps
    # its own target and adds no history entry.
    assert 'hx-target="this"' in html and 'hx-push-url="false"' in html
    fields = dict(re.findall(r'name="(cause|path)" value="([^"]*)"', html))
    assert fields["cause"] == step.result.cause.key
    data = {"cause": fields["cause"], "path": fields["path"].replace("&amp;", "&"), "answer": "no"}
    assert client.post("/feedback/", data, headers=SITE).status_code == 200
    row = Feedback.objects.get()
    assert (
        row.guide_path == " ".join(map(guide_state.pair_text, step.pairs)) and row.not_helpful == 1
    )


def test_behind_a_proxy_the_address_it_appended_identifies_the_client(client, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    proxy = {**SITE, "X-Forwarded-For": "203.0.113.9, 198.51.100.1"}
    assert "was counted" in vote(client, headers=proxy).content.decode()
    other = {**SITE, "X-Forwarded-For": "203.0.113.9, 198.51.100.2"}
    assert "was counted" in vote(client, headers=other).content.decode()
    assert "already answered" in vote(client, headers=proxy).content.decode()
    assert counts() == (2, 0)
