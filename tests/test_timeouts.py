"""The timeout timeline: verdicts on a table of stacks, the page, its SVG and text equivalent,
and the support hand-off with its redaction."""

import re

import pytest

from troubleshooter.engine import timeouts
from troubleshooter.engine.handoff import curl_command
from troubleshooter.engine.redact import MARK, redact

# (stack, overrides, seconds of work) -> (first layer, client's code, {layer: words in its event})
STACKS = [
    ({"client": "python-requests", "proxy": "nginx", "app": "gunicorn"}, {}, 90,
     "Gunicorn", 502, {"nginx": "upstream prematurely closed", "Gunicorn": "WORKER TIMEOUT"}),
    ({"client": "python-requests", "proxy": "nginx", "app": "gunicorn"}, {"app": 300}, 90,
     "nginx", 504, {"nginx": "upstream timed out", "Gunicorn": "closed connection"}),
    ({"client": "curl", "cdn": "cloudflare", "proxy": "nginx", "app": "puma"}, {"proxy": 300}, 150,
     "Cloudflare", 524, {"nginx": "499", "curl": "status 524"}),
    ({"client": "curl", "cdn": "cloudflare", "proxy": "nginx", "app": "puma"}, {}, 150,
     "nginx", 504, {"Cloudflare": "status 504"}),
    ({"client": "axios", "balancer": "aws-alb", "app": "node-http"}, {"client": 20}, 45,
     "axios", None, {"AWS Application Load Balancer": "460"}),
    ({"client": "axios", "proxy": "nginx", "app": "gunicorn"}, {"client": 20, "app": 120}, 45,
     "axios", None, {"nginx": "499"}),
    ({"balancer": "aws-alb", "app": "node-http"}, {}, 90,
     "AWS Application Load Balancer", 504, {"AWS Application Load Balancer": "elb_status_code 504"}),
    ({"balancer": "aws-api-gateway", "app": "node-http"}, {}, 40,
     "Amazon API Gateway (REST)", 504, {"Amazon API Gateway (REST)": "Endpoint request timed out"}),
    ({"balancer": "heroku-router", "app": "puma"}, {}, 45,
     "Heroku router", 503, {"Heroku router": "H12"}),
    ({"cdn": "cloudfront", "balancer": "aws-alb", "app": "node-http"}, {}, 45,
     "Amazon CloudFront", 504, {"AWS Application Load Balancer": "460"}),
    ({"client": "go-client", "proxy": "envoy", "app": "node-http"}, {}, 20,
     "Envoy or Istio", 504, {"Envoy or Istio": "upstream request timeout"}),
    ({"client": "node-fetch", "proxy": "nginx", "app": "puma"}, {"proxy": 600}, 400,
     "Node.js fetch (undici)", None, {"nginx": "499"}),
    ({"client": "python-requests", "proxy": "nginx", "app": "php-fpm"}, {}, 45,
     "PHP-FPM", 500, {"PHP-FPM": "Maximum execution time"}),
    ({"client": "curl", "proxy": "nginx", "app": "gunicorn"}, {}, 5,
     None, 200, {"Gunicorn": "answers after 5 s"}),
]  # fmt: skip


@pytest.mark.parametrize(("choices", "overrides", "work", "first", "code", "says"), STACKS)
def test_verdicts_on_a_table_of_stacks(choices, overrides, work, first, code, says):
    verdict = timeouts.timeline(timeouts.stack(choices, overrides), work)
    assert (verdict.first.label if verdict.first else None) == first
    assert verdict.client_code == code
    events = {event.layer.label: event.says for event in verdict.events}
    for label, words in says.items():
        assert words in events[label], (label, events[label])
    assert len(verdict.events) == len(verdict.layers)


def test_a_short_application_keep_alive_behind_a_load_balancer_is_flagged():
    verdict = timeouts.timeline(timeouts.stack({"balancer": "aws-alb", "app": "node-http"}), 1)
    assert any("intermittent 502" in conflict for conflict in verdict.conflicts)
    longer = timeouts.stack({"balancer": "aws-alb", "app": "node-http"})
    assert verdict.first is None and longer


def test_an_outer_timeout_shorter_than_an_inner_one_is_flagged():
    layers = timeouts.stack({"balancer": "aws-alb", "proxy": "nginx"}, {"proxy": 300})
    assert any("never fires" in c for c in timeouts.timeline(layers, 10).conflicts)
    ordered = timeouts.stack({"balancer": "aws-alb", "proxy": "nginx"}, {"proxy": 50})
    assert not any("never fires" in c for c in timeouts.timeline(ordered, 10).conflicts)


def test_every_product_names_its_source():
    for product in timeouts.PRODUCTS.values():
        assert product.source.startswith("https://"), product.slug
        assert product.kind in dict(timeouts.KINDS)


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


SECRET_TEXT = """> GET /v1/me?access_token=abcd1234efgh HTTP/1.1
> Host: api.example.com
> Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLXZhbHVl
> Cookie: sessionid=s3cr3tsession; csrftoken=abcdef123456
> X-Api-Key: sk_live_abcdefghijklmnopqrstu
< HTTP/1.1 401 Unauthorized
< Date: Tue, 14 May 2024 09:12:44 GMT
< x-request-id: 7f3c2a
https://user:hunter2password@internal.example.com/path AKIAIOSFODNN7EXAMPLE
ghp_abcdefghijklmnopqrstuvwxyz0123456789 xoxb-1234567890-abcdefghij
"""
SECRETS = ["abcd1234efgh", "eyJhbGciOiJIUzI1NiJ9", "s3cr3tsession", "abcdef123456",
           "sk_live_abcdefghijklmnopqrstu", "hunter2password", "AKIAIOSFODNN7EXAMPLE",
           "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "xoxb-1234567890-abcdefghij"]  # fmt: skip


def test_redaction_removes_every_kind_of_secret_and_says_what():
    result = redact(SECRET_TEXT)
    for secret in SECRETS:
        assert secret not in result.text, secret
    assert MARK in result.text
    assert "x-request-id: 7f3c2a" in result.text  # request IDs are not secrets
    assert {"a bearer token", "2 cookies", "a Stripe key", "a password in a URL"} <= set(
        result.removed
    )
    assert "Authorization: Bearer [REDACTED]" in result.text  # the scheme is evidence
    assert redact(result.text).removed == []  # redacting twice changes nothing


def test_curl_command_repeats_the_request_without_secrets():
    command = curl_command(redact(SECRET_TEXT).text)
    assert command.startswith("curl -sS -D - -o /dev/null 'http://api.example.com/v1/me?")
    assert "Authorization: Bearer [REDACTED]" in command
    for secret in SECRETS:
        assert secret not in command


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
