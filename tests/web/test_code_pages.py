"""A code's page for a developer in a hurry: the answer first, every section one click away,
causes in the order people meet them with platform causes grouped, everything linked, and a
JSON that mirrors the page and validates against its published schema."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings

from troubleshooter.models import StatusCode

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(Path(settings.BASE_DIR, "static", "api", "code.schema.json").read_text())
ORDER = {"common": 0, "occasional": 1, "": 1, "rare": 2}


def page(client, code, **query):
    return client.get(f"/{code}/", query).content.decode()


def test_the_answer_comes_first_with_jump_links_to_every_section(client):
    html = page(client, 503)
    short = html.index('id="in-short"')
    assert (
        short < html.index('id="meaning"') < html.index('id="example"') < html.index('id="causes"')
    )
    nav = re.search(r'<nav class="jump".*?</nav>', html, re.S).group(0)
    for anchor in ("in-short", "meaning", "example", "causes", "headers", "confused"):
        assert f'href="#{anchor}"' in nav and f'id="{anchor}"' in html
    in_short = html[short : html.index('<nav class="jump"')]
    assert in_short.count('<li><a href="#') == 3  # the three most common causes
    assert "Usually sent by" in in_short


def test_causes_come_most_common_first_and_platform_causes_grouped_under_their_platform(client):
    for number in (401, 403, 502, 503):
        code = StatusCode.objects.get(code=number)
        html = page(client, number)
        general = html[: html.find('class="platform-group"')] if "platform-group" in html else html
        slugs = re.findall(r'<section class="cause" id="([a-z0-9-]+)"', general)
        ranks = [ORDER[code.causes.get(slug=slug).commonness] for slug in slugs]
        assert ranks == sorted(ranks), number
        for group in re.findall(r'<details class="platform-group".*?</details>', html, re.S):
            assert " open" not in group.split(">", 1)[0]  # folded until the reader names one
    slug = re.search(r'<details class="platform-group" id="platform-([a-z0-9-]+)"', html).group(1)
    opened = page(client, 503, platform=slug)
    assert f'<details class="platform-group" open id="platform-{slug}"' in opened


def test_every_cause_shows_its_tags_and_what_you_may_see(client):
    html = page(client, 502)
    assert html.count('class="cause-tags"') >= StatusCode.objects.get(code=502).causes.count()
    assert "What you may see" in html and "connect() failed (111: Connection refused)" in html


def test_causes_of_other_codes_seen_as_this_one_are_listed_and_linked(client):
    html = page(client, 503)
    assert 'id="also-seen"' in html
    links = re.findall(r'<a href="/(\d+)/#([a-z0-9-]+)"><span class="num">', html)
    assert links and all(int(code) != 503 for code, _slug in links)


def test_no_cause_reference_is_left_unlinked_on_any_page(client):
    unlinked = []
    for number in StatusCode.objects.values_list("code", flat=True):
        html = page(client, number)
        html = re.sub(r"<pre.*?</pre>|<a [^>]*>.*?</a>", "", html, flags=re.S)
        html = re.sub(r"<[^>]+>", " ", html)  # the text a reader sees, not attributes
        for ref in re.findall(r"(?<![\w:/.#-])(?:0|[1-5]\d\d)/[a-z][a-z0-9]*(?:-[a-z0-9]+)+", html):
            unlinked.append(f"/{number}/: {ref}")
    assert unlinked == []


def test_headers_in_the_prose_link_to_their_reference(client):
    html = page(client, 429)
    assert re.search(
        r'<a href="https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Retry-After"',
        html,
    )


def test_every_codes_json_validates_against_the_published_schema(client):
    validator = jsonschema.Draft202012Validator(SCHEMA)
    problems = []
    for number in StatusCode.objects.values_list("code", flat=True):
        data = client.get(f"/{number}.json").json()
        problems += [f"{number}: {error.message}" for error in validator.iter_errors(data)]
    assert problems == []
    data = client.get("/503.json").json()
    assert data["in_short"]["most_common_causes"] and data["also_seen_as_this_code"]
    assert any(cause["signals"] for cause in data["causes"])


def test_the_schema_and_openapi_description_are_published(client):
    for name in ("code.schema.json", "openapi.json"):
        path = Path(settings.BASE_DIR, "static", "api", name)
        json.loads(path.read_text())  # valid JSON
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert 'href="/static/api/code.schema.json"' in page(client, 404)


def test_production_pages_load_no_debug_helper(client):
    assert not settings.DEBUG
    assert "django-htmx.js" not in page(client, 404) and "data-debug" not in page(client, 404)
