"""The guide's pages through real requests: state in the URL, htmx partials, bad state."""

import re
from html import unescape
from urllib.parse import parse_qs

import pytest

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def answer_links(html):
    return [unescape(href) for href in re.findall(r'<a class="answer[^"]*" href="([^"]+)"', html)]


def test_guide_starts_with_a_question_and_the_candidate_panel(client):
    response = client.get("/guide/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="question-title" tabindex="-1" data-autofocus>' in html
    assert re.search(r'<h2 id="candidates-title">\d+ candidates left</h2>', html)
    assert answer_links(html)[-1].endswith("%3Aunsure")
    assert "HX-Request" in response["Vary"]


def test_every_step_is_a_get_that_reproduces_the_same_page(client):
    url = "/guide/"
    for _ in range(12):
        first = client.get(url).content.decode()
        assert client.get(url).content.decode().split("</head>")[1] == first.split("</head>")[1]
        links = answer_links(first)
        if not links:
            break
        url = "/guide/" + links[0]
    assert 'id="result-title"' in first


def test_htmx_request_gets_only_the_panel(client):
    full = client.get("/guide/", {"a": "status:429"}).content.decode()
    partial = client.get("/guide/", {"a": "status:429"}, headers=HTMX).content.decode()
    assert "<html" not in partial and "<html" in full
    assert partial.count('id="guide-panel"') == 1
    assert 'hx-swap-oob="innerHTML"' in partial
    panel = re.search(r'<div id="guide-panel".*?</aside>', full, re.S).group(0)
    assert panel in partial


def test_history_restore_gets_the_full_page(client):
    html = client.get(
        "/guide/", {"a": "status:429"}, headers={**HTMX, "HX-History-Restore-Request": "true"}
    ).content.decode()
    assert "<html" in html


def test_result_shows_cause_fixes_why_and_a_way_back(client):
    pairs = ["status:401"]
    for _ in range(12):
        html = client.get("/guide/", {"a": pairs}).content.decode()
        if 'id="result-title"' in html:
            break
        pairs = parse_qs(answer_links(html)[0][1:])["a"]
    assert "Fix it: calling the API" in html and "Fix it: building the API" in html
    assert "Why this one" in html
    assert "Which status code did you get? <strong>401 Unauthorized</strong>" in html
    assert "← Back one step" in html


def test_typed_code_redirects_to_the_canonical_state(client):
    response = client.get("/guide/", {"a": "status:404", "code": " 429 "})
    assert response.status_code == 302
    assert response["Location"] == "/guide/?a=status%3A429"


def test_typed_code_with_htmx_pushes_the_canonical_url(client):
    response = client.get("/guide/", {"code": "503"}, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/guide/?a=status%3A503"


def test_code_page_links_into_the_guide(client):
    html = client.get("/403/").content.decode()
    assert 'href="/guide/?code=403"' in html
    response = client.get("/guide/?code=403", follow=True)
    assert (
        "Which status code did you get? <strong>403 Forbidden</strong>" in response.content.decode()
    )


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ({"a": "colour:blue"}, "there is no such question"),
        ({"a": "status:299"}, "it is not one of the choices"),
        ({"a": ["status:404", "status:500"]}, "the first one counts"),
        ({"a": "status"}, "there is no such question"),
        ({"a": "<script>alert(1)</script>"}, "there is no such question"),
        ({"code": "abc"}, "has no causes for status"),
    ],
)
def test_bad_answers_are_ignored_with_a_visible_note(client, query, note):
    response = client.get("/guide/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert note in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(
    "query",
    [
        "&".join(["a=status:unsure"] * 41),
        "a=status:" + "4" * 5000,
        "&".join(f"a=x{i}:y" for i in range(3000)),
    ],
    ids=["41 answers", "a 5000-character value", "3000 parameters"],
)
def test_unusable_state_is_a_400_page(client, query):
    response = client.get("/guide/?" + query)
    assert response.status_code == 400
    assert '<span class="num">400</span> Bad Request' in response.content.decode()


def test_contradicting_answers_show_the_nearest_causes(client):
    html = client.get("/guide/", {"a": ["status:407", "producer:app"]}).content.decode()
    assert "No cause fits all these answers" in html
    assert len(re.findall(r'<ul class="runners-up">.*?</ul>', html, re.S)[0].split("<li>")) > 1
    assert "← Back one step" in html


def test_guide_queries_do_not_grow_with_steps(client, django_assert_max_num_queries):
    client.get("/guide/")  # build the cached guide content
    with django_assert_max_num_queries(3):
        client.get("/guide/", {"a": ["status:502", "producer:gateway"]})
    with django_assert_max_num_queries(3):
        client.get("/guide/", {"a": ["status:unsure", "producer:unsure", "speed:slow"]})


def test_post_is_not_allowed(client):
    assert client.post("/guide/").status_code == 405
