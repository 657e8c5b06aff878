"""Search: a bare number goes to its page; otherwise exact number, then names, then causes."""

import re

import pytest

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def results(client, query, **headers):
    html = client.get("/search/", {"q": query}, headers=headers).content.decode()
    return re.findall(r'<a href="/(\d+)/(?:#([a-z0-9-]+))?"><span class="num">', html)


def test_a_bare_number_that_exists_goes_to_its_page(client):
    response = client.get("/search/", {"q": " 429 "})
    assert response.status_code == 302 and response["Location"] == "/429/"


def test_a_bare_number_in_live_results_comes_first(client):
    found = results(client, "503", **HTMX)
    assert found[0] == ("503", "")


def test_a_number_without_a_page_is_searched_as_text(client):
    assert client.get("/search/", {"q": "299"}).status_code == 200


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Too Many Requests", "429"),
        ("unprocessable entity", "422"),
        ("Unprocessable Content", "422"),
        ("bad gateway", "502"),
    ],
)
def test_names_and_former_names_find_the_code_first(client, query, code):
    assert results(client, query)[0] == (code, "")


def test_names_rank_above_cause_words(client):
    found = results(client, "gateway")
    codes_first = [slug for _code, slug in found[:2]]
    assert codes_first == ["", ""]
    assert any(slug for _code, slug in found[2:])


def test_cause_words_and_signals_find_causes(client):
    found = results(client, "token expired")
    assert found[0] == ("401", "expired-token")
    found = results(client, "upstream prematurely closed connection")
    assert found[0][0] == "502"


def test_live_results_are_a_partial(client):
    body = client.get("/search/", {"q": "cors"}, headers=HTMX).content.decode()
    assert "<html" not in body and 'id="search-results"' in body


def test_nothing_found_says_so_and_escapes_the_query(client):
    body = client.get("/search/", {"q": "<b>zzqx</b>"}).content.decode()
    assert "0 results for “&lt;b&gt;zzqx&lt;/b&gt;”" in body
    assert "<b>zzqx</b>" not in body


def test_a_huge_query_is_cut_with_a_note(client):
    body = client.get("/search/", {"q": "timeout " * 500}).content.decode()
    assert "Only the first 200 characters" in body


def test_every_page_has_the_search_box(client):
    for url in ("/", "/404/", "/guide/", "/diagnose/", "/search/"):
        assert 'id="site-search"' in client.get(url).content.decode()


def test_code_json_by_suffix_and_by_accept(client):
    by_suffix = client.get("/429.json").json()
    by_accept = client.get("/429/", headers={"Accept": "application/json"}).json()
    assert by_suffix == by_accept
    assert by_suffix["phrase"] == "Too Many Requests"
    assert by_suffix["spec"].startswith("RFC 6585")
    assert by_suffix["causes"][0]["fix_when_calling"]
    assert "Retry-After" in by_suffix["headers"]
    assert client.get("/299.json").status_code == 404
    assert client.get("/429/").headers["Content-Type"].startswith("text/html")
