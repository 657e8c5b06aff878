"""Per-client limits on expensive work, the health check and the cache headers that let a CDN
ride out an outage."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters(monkeypatch):
    """Counters from other tests in the same minute would count against these; and a test that
    crossed a minute boundary would start a fresh window half way, so the clock the limits read
    stands still in the middle of a minute."""
    from types import SimpleNamespace

    from django.core.cache import cache

    from troubleshooter.web import limits

    cache.clear()
    monkeypatch.setattr(limits, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))


def test_diagnoses_over_the_limit_get_the_sites_own_429_with_retry_after(client, settings):
    settings.DIAGNOSE_RATE = (3, 60)
    for n in range(3):
        assert (
            client.post("/diagnose/", {"text": f"HTTP/1.1 502 Bad Gateway {n}"}).status_code == 200
        )
    response = client.post("/diagnose/", {"text": "HTTP/1.1 502 Bad Gateway again"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    html = response.content.decode()
    assert "Too many diagnoses" in html and "Too Many Requests" in html  # the 429 page
    assert "no-store" in response["Cache-Control"]
    json = client.post(
        "/diagnose/", {"text": "HTTP/1.1 500"}, headers={"Accept": "application/json"}
    )
    assert json.status_code == 429 and json.json()["error"] and json["Retry-After"]
    # An empty box costs nothing and is never refused.
    assert client.get("/diagnose/").status_code == 200


def test_a_client_over_the_limit_costs_no_page_render(
    client, settings, django_assert_max_num_queries
):
    """The 429 page is rendered once per content version and kept: refusing a client who keeps
    asking takes the one query that reads the content version, and the message on it is still
    the request's own, escaped."""
    settings.DIAGNOSE_RATE = (1, 60)
    client.post("/diagnose/", {"text": "HTTP/1.1 502 Bad Gateway"})
    first = client.post("/diagnose/", {"text": "HTTP/1.1 502 once more"})
    assert first.status_code == 429
    with django_assert_max_num_queries(1):
        again = client.post("/diagnose/", {"text": "HTTP/1.1 502 and again"})
    assert again.status_code == 429
    assert again.content == first.content
    assert "Too many diagnoses from your address" in again.content.decode()
    missing = client.get("/no-such-page-<b>here</b>/")
    assert missing.status_code == 404
    assert "There is no page at /no-such-page-&lt;b&gt;here&lt;/b&gt;/." in missing.content.decode()


def test_each_client_has_its_own_limit(client, settings):
    settings.DIAGNOSE_RATE = (1, 60)
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    first = {"X-Forwarded-For": "203.0.113.7"}
    second = {"X-Forwarded-For": "203.0.113.8"}
    assert client.post("/diagnose/", {"text": "502"}, headers=first).status_code == 200
    assert client.post("/diagnose/", {"text": "502"}, headers=first).status_code == 429
    assert client.post("/diagnose/", {"text": "502"}, headers=second).status_code == 200


def test_guide_starts_and_uncached_steps_with_text_are_limited(client, settings):
    settings.GUIDE_TEXT_RATE = (2, 60)
    assert client.post("/guide/start/", {"text": "nginx 502 bad gateway"}).status_code == 303
    assert client.get("/guide/", {"t": "a different text", "a": "status:502"}).status_code == 200
    refused = client.post("/guide/start/", {"text": "one more"})
    assert refused.status_code == 429 and refused["Retry-After"]
    # Steps without a text, and pages already kept, cost nothing and are not counted.
    assert client.get("/guide/", {"a": "status:502"}).status_code == 200
    assert client.get("/guide/", {"t": "a different text", "a": "status:502"}).status_code == 200


def test_healthz_reports_the_database_and_the_cache_apart(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "cache": "ok",
        "snapshot": response.json()["snapshot"],
        "serving": True,
    }
    assert "no-cache" in response["Cache-Control"]


def test_public_pages_may_be_served_stale_if_the_site_fails(client):
    response = client.get("/429/")
    assert "stale-if-error=86400" in response["Cache-Control"]
    assert "stale-while-revalidate=600" in response["Cache-Control"]
