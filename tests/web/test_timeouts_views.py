"""The timeout timeline's page (its SVG and text equivalent, its state in the address, bad
values), the links to it, and the diagnosis's support hand-off without secrets."""

import re

import pytest

from tests.helpers import SECRET_TEXT, SECRETS


@pytest.mark.django_db
def test_the_page_draws_an_svg_with_a_text_equivalent(client):
    url = "/timeouts/?client=python-requests&cdn=cloudflare&balancer=aws-alb&proxy=nginx&app=gunicorn&work=90"
    html = client.get(url).content.decode()
    svg = re.search(r"<svg class=\"timeline-chart\".*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count("<rect") == 5
    assert "Gunicorn gives up first, after 30 s" in html
    assert '<table class="timeline-table">' in html and html.count('<th scope="row">') == 5
    assert "502 Bad Gateway from nginx" in html
    assert "intermittent 502" not in html  # nginx does not reuse upstream connections by default
    direct = client.get("/timeouts/?balancer=aws-alb&app=gunicorn&work=10").content.decode()
    assert "intermittent 502" in direct  # gunicorn's 2 s keep-alive behind the ALB's 60 s


@pytest.mark.django_db
def test_state_lives_in_the_url_and_htmx_gets_the_partial(client):
    url = "/timeouts/?proxy=nginx&app=gunicorn&t_app=90&work=75"
    page = client.get(url).content.decode()
    assert 'value="90"' in page and "nginx gives up first, after 60 s" in page
    panel = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert panel.lstrip().startswith('<section id="timeline"')
    assert "<html" not in panel


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["proxy=bogus", "t_proxy=abc", "work=-3", "t_app=1e999", "client=nginx"]
)
def test_bad_values_get_a_400_that_says_why(client, query):
    response = client.get(f"/timeouts/?{query}")
    assert response.status_code == 400
    assert 'class="notes"' in response.content.decode()


@pytest.mark.django_db
def test_timeout_codes_and_causes_link_to_the_timeline(client):
    html = client.get("/524/").content.decode()
    assert "/timeouts/?client=curl&amp;cdn=cloudflare" in html
    assert "timeline-link" in client.get("/504/").content.decode()
    assert "/timeouts/?" not in client.get("/418/").content.decode()


@pytest.mark.django_db
def test_the_diagnosis_hands_off_a_ticket_without_secrets(client):
    response = client.post("/diagnose/", {"text": SECRET_TEXT})
    html = response.content.decode()
    assert "For a support ticket" in html
    assert "x-request-id: 7f3c2a" in html and "Tue, 14 May 2024 09:12:44 GMT" in html
    for secret in SECRETS:
        assert secret not in html, secret
    data = client.post(
        "/diagnose/", {"text": SECRET_TEXT}, headers={"Accept": "application/json"}
    ).json()
    assert data["redacted"] and "Request IDs: x-request-id: 7f3c2a" in data["handoff"]
    for secret in SECRETS:
        assert secret not in str(data), secret
