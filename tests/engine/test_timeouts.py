"""The timeout timeline's verdicts on a table of stacks, and the redaction and curl command of
the support hand-off."""

import pytest

from tests.helpers import SECRET_TEXT, SECRETS
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
