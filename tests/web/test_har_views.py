"""/har/ through real requests: each recorded HAR uploaded without JavaScript and sent as the
browser sends it, what the page says and links to, what it keeps (nothing), the limits, and
malformed and hostile input of every kind (a clear 4xx, never a 5xx)."""

import base64
import json
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.failure_servers import EXPECTED, SECRETS
from tests.har_files import synthetic_har
from troubleshooter.engine.har import parse, sanitize

pytestmark = pytest.mark.django_db

HAR_DIR = Path(__file__).parent.parent / "har"
RECORDED = {path.stem: path for path in sorted((HAR_DIR / "recorded").glob("*.har"))}
SAMPLES = {path.stem: path for path in sorted((HAR_DIR / "samples").glob("*.har"))}


def upload(client, raw, name="network.har", **extra):
    return client.post("/har/", {"har": SimpleUploadedFile(name, raw), **extra})


def from_browser(client, har, meta=None, **headers):
    body = json.dumps({"meta": meta or {}, "har": har})
    return client.post("/har/", body, content_type="application/json", headers=headers)


def first_finding(html):
    title = re.search(r'<h4 id="finding-1">(.*?)</h4>', html, re.S).group(1)
    cause = re.search(r'class="har-cause">.*?<a href="/(\d+)/#([\w-]+)"', html, re.S)
    return re.sub(r"<[^>]+>", "", title), f"{cause.group(1)}/{cause.group(2)}"


def test_the_page_explains_what_happens_to_the_file(client):
    response = client.get("/har/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert 'enctype="multipart/form-data"' in html and 'name="har"' in html
    assert "keeps nothing" in html and "Only the sanitized entries are sent" in html
    assert '<a href="/har/" aria-current="page">HAR files</a>' in html
    for script in ("redact-rules.js", "redact.js", "har-sanitize.js", "har.js"):
        assert f"/static/js/{script}" in html
    assert "<script>" not in html and "style=" not in html


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_recorded_har_uploaded_without_javascript(client, name):
    kind, words, causes = EXPECTED[name]
    response = upload(client, RECORDED[name].read_bytes(), f"{name}.har")
    html = response.content.decode()
    assert response.status_code == 200
    title, cause = first_finding(html)
    assert words in title and cause in causes, (title, cause)
    assert "Sanitized by the server as soon as it arrived" in html
    assert [secret for secret in SECRETS if secret in html] == []
    href = re.search(r'id="har-download"[^>]*href="data:application/json;base64,([^"]+)"', html)
    download = base64.b64decode(href.group(1)).decode()
    assert [secret for secret in SECRETS if secret in download] == []
    har = json.loads(download)
    assert len(har["log"]["entries"]) == len(
        json.loads(RECORDED[name].read_text())["log"]["entries"]
    )
    assert f'download="{name}.sanitized.har"' in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_recorded_har_sent_as_the_browser_sends_it(client, name):
    kind, words, causes = EXPECTED[name]
    har = sanitize(parse(RECORDED[name].read_bytes())).har
    meta = {"removed": "3 cookies\na bearer token\nsomething made up", "bodies_removed": 2,
            "dropped": "entry._frameref\n<b>not a field</b>", "file_name": f"{name}.har"}  # fmt: skip
    response = from_browser(client, har, meta, **{"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('\n<div id="har-result"') or html.lstrip().startswith(
        '<div id="har-result"'
    )
    title, cause = first_finding(html)
    assert words in title and cause in causes
    assert "Read and sanitized in your browser" in html and 'id="har-download"' in html
    assert "Removed in your browser: 3 cookies, a bearer token;" in html
    assert "something made up" not in html and "not a field" not in html
    assert "entry._frameref" in html


def test_a_finding_links_to_the_guide_with_its_evidence_and_to_the_timeline(client):
    html = upload(client, RECORDED["slow-upstream"].read_bytes()).content.decode()
    guide = re.search(r'<a href="/guide/\?([^"]+)">Continue in the guide', html).group(1)
    assert "a=status%3A504" in guide and "a=platform%3Anginx" in guide
    assert "%5BREDACTED%5D" in guide and SECRETS[6] not in guide  # the query token
    response = client.get("/guide/?" + guide.replace("&amp;", "&"))
    assert response.status_code == 200 and "504" in response.content.decode()
    timeline = re.search(r'<a href="/timeouts/\?([^"]+)">Draw it', html).group(1)
    assert timeline.startswith("proxy=nginx&amp;t_proxy=1.")
    page = client.get("/timeouts/?" + timeline.replace("&amp;", "&")).content.decode()
    assert "nginx gives up first" in page


def test_the_hand_off_names_the_problem_the_cause_and_a_safe_command(client):
    html = upload(client, RECORDED["post-301"].read_bytes()).content.decode()
    handoff = re.search(r'<section class="handoff".*?<pre tabindex="0">(.*?)</pre>', html, re.S)
    text = handoff.group(1)
    assert "Status: 405 Method Not Allowed" in text
    assert "Likely cause:" in text and "http://testserver/" in text
    assert "curl -sS -D - -o /dev/null -X POST" in text
    assert [secret for secret in SECRETS if secret in text] == []


def test_the_waterfall_and_its_table_show_every_request(client):
    html = upload(client, SAMPLES["chrome-hsts-mixed"].read_bytes()).content.decode()
    svg = re.search(r'<svg class="waterfall".*?</svg>', html, re.S).group(0)
    assert svg.count('class="wf-row') == 4 and 'class="wf-wait"' in svg
    assert "✕ 522" in svg and "✕ no response" in svg
    rows = re.findall(r"<tr( class=\"failed-row\")?><td>\d+</td>", html)
    assert len(rows) == 4 and sum(1 for row in rows if row) == 2
    assert "Cloudflare (2)" in html  # who answered


def test_samples_of_other_browsers_are_read(client):
    firefox = upload(client, SAMPLES["firefox"].read_bytes()).content.decode()
    assert "Firefox 136.0" in firefox and "429 Too Many Requests" in firefox
    assert "/429/#over-request-rate" in firefox
    safari = upload(client, SAMPLES["safari"].read_bytes()).content.decode()
    assert "WebKit Web Inspector" in safari and "/401/#expired-token" in safari


def test_bodies_are_kept_redacted_only_when_asked(client):
    plain = upload(client, RECORDED["login-redirect"].read_bytes()).content.decode()
    assert "Sign in" not in base64_download(plain)
    kept = upload(client, RECORDED["login-redirect"].read_bytes(), bodies="on").content.decode()
    download = base64_download(kept)
    assert "Sign in" in download and [s for s in SECRETS if s in download] == []
    assert "other personal data stays" in kept


def base64_download(html):
    href = re.search(r'href="data:application/json;base64,([^"]+)"', html).group(1)
    return base64.b64decode(href).decode()


def test_nothing_is_kept(client, caplog, tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = upload(client, RECORDED["cors-preflight"].read_bytes())
    assert response.status_code == 200
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert list(tmp_path.iterdir()) == []  # nothing written to disk
    assert [key for key in cache._cache if "limit:har" not in key] == []  # only the rate counter
    assert [secret for secret in SECRETS if secret in caplog.text] == []
    assert "[REDACTED]" not in caplog.text  # nothing of the file is logged at all


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"not json", "This file is not JSON"),
        (b'{"log": {"entries": "nope"}}', "is not a HAR file"),
        (b'{"log": {"entries": []}}', "holds no requests"),
        (b"[" * 100_000, "too deeply"),
    ],
)
def test_a_bad_file_gets_a_clear_400(client, raw, message):
    response = upload(client, raw)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This file could not be read" in html and message in html


def test_no_file_is_a_400(client):
    response = client.post("/har/", {"bodies": "on"})
    assert response.status_code == 400 and "Choose a HAR file first." in response.content.decode()


def test_a_file_over_the_servers_limit_is_a_413_that_says_what_to_do(client, settings):
    settings.HAR_MAX_UPLOAD = 20_000
    response = upload(client, RECORDED["post-301"].read_bytes() + b" " * 30_000)
    html = response.content.decode()
    assert response.status_code == 413
    assert "larger than 19.5 KB, the most the server reads" in html
    assert "With JavaScript on, this page reads files up to 50 MB" in html
    too_big = from_browser(client, {"log": {"entries": [{"x": "y" * 30_000}]}})
    assert too_big.status_code == 413


def test_the_browsers_envelope_is_checked(client):
    assert from_browser(client, {"nope": 1}).status_code == 400
    bad_meta = client.post(
        "/har/", json.dumps({"meta": {"file_size": "lots"}, "har": sanitize(
            parse(RECORDED["post-301"].read_bytes())).har}), content_type="application/json"
    )  # fmt: skip
    assert bad_meta.status_code == 400
    assert client.post("/har/", "{", content_type="application/json").status_code == 400


def test_the_form_token_is_required(db):
    client = Client(enforce_csrf_checks=True)
    assert upload(client, RECORDED["post-301"].read_bytes()).status_code == 403
    har = sanitize(parse(RECORDED["post-301"].read_bytes())).har
    assert from_browser(client, har).status_code == 403


def test_each_client_has_a_limit(client, settings):
    settings.HAR_RATE = (2, 60)
    cache.clear()
    raw = RECORDED["post-301"].read_bytes()
    assert upload(client, raw).status_code == 200
    assert upload(client, raw).status_code == 200
    refused = upload(client, raw)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "Too many HAR files" in refused.content.decode()
    cache.clear()


@settings(max_examples=max(settings.default.max_examples // 4, 10))  # each example is a request
@given(
    st.binary(max_size=600)
    | st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=30),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "log",
                        "entries",
                        "request",
                        "response",
                        "url",
                        "status",
                        "headers",
                        "timings",
                        "pages",
                    ]
                ),
                children,
                max_size=4,
            )
        ),  # fmt: skip
        max_leaves=25,
    ).map(lambda value: json.dumps({"log": {"entries": [value, {"request": value}]}}).encode())
)
def test_no_upload_makes_the_server_fail(client, raw):
    response = upload(client, raw)
    assert response.status_code in (200, 400), response.status_code
    assert "<script>" not in response.content.decode()


def test_hostile_text_in_a_har_is_escaped(client):
    har = {"log": {"creator": {"name": "<script>alert(1)</script>"}, "entries": [
        {"request": {"method": "GET", "url": "https://x.example/<img src=x onerror=alert(1)>"},
         "response": {"status": 500, "statusText": "<b>boom</b>", "headers": []}}]}}  # fmt: skip
    html = upload(client, json.dumps(har).encode()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>boom" not in html
    assert "&lt;script&gt;" in html


def test_a_50_mb_har_is_read_without_a_secret_in_the_answer(client):
    """What the browser sends of a 50 MB HAR file is read in full and answered without one
    of its secrets (how long it takes is measured by `make bench`, not here)."""
    text, secrets = synthetic_har(50 * 1024 * 1024)
    har = sanitize(parse(text.encode())).har  # what the browser sends
    body = json.dumps({"meta": {"file_size": len(text)}, "har": har})
    response = client.post("/har/", body, content_type="application/json",
                           headers={"HX-Request": "true"})  # fmt: skip
    assert response.status_code == 200
    assert [s for s in secrets if s in response.content.decode()] == []
