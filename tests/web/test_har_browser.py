"""/har/ in a real browser: HAR files recorded now, by this run's Chromium, from pages of the
local failure servers (tests/failure_servers.py), dropped on the page; what is sent to the server
(only sanitized entries) and what can be downloaded (no secret in either); the same page without
JavaScript; the browser's sanitizer against the server's; malformed and oversized files; a 50 MB
file; axe in both colour schemes."""

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import expect

from tests.failure_servers import EXPECTED, SECRETS, record_all
from tests.har_files import synthetic_har
from tests.helpers import assert_no_axe_violations, collect_console_errors
from troubleshooter.engine.har import parse, sanitize
from troubleshooter.engine.redact import removal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HAR_DIR = Path(__file__).parent.parent / "har"
SAMPLES = sorted((HAR_DIR / "samples").glob("*.har"))
COMMITTED = sorted((HAR_DIR / "recorded").glob("*.har"))


@pytest.fixture(scope="session")
def recorded(browser, tmp_path_factory):
    """Every failure case, recorded by this run's Chromium into HAR files."""
    found = record_all(browser, tmp_path_factory.mktemp("recorded"))
    return {case: path for case, (path, _outcome) in found.items()}


def drop(page, name, text):
    """Drop a file on the page's drop zone, as a person dragging it from their desktop."""
    transfer = page.evaluate_handle(
        """([name, text]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], name, {type: "application/json"}));
            return transfer;
        }""",
        [name, text],
    )
    page.dispatch_event("#drop-zone", "drop", {"dataTransfer": transfer})


def posts(page):
    sent = []
    page.on("request", lambda r: r.method == "POST" and r.url.endswith("/har/") and sent.append(r))
    return sent


def first_cause(page):
    href = page.locator(".har-finding").first.locator(".har-cause a").get_attribute("href")
    code, slug = href.strip("/").split("/#")
    return f"{code}/{slug}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_recorded_har_dropped_on_the_page(page, site, recorded, name):
    kind, words, causes = EXPECTED[name]
    text = recorded[name].read_text()
    assert sum(secret in text for secret in SECRETS) >= 3  # the browser recorded them
    errors = collect_console_errors(page)
    sent = posts(page)
    page.set_default_timeout(15_000)
    page.goto(site + "/har/")
    drop(page, recorded[name].name, text)
    expect(page.locator("#har-title")).to_be_focused()
    assert words in page.locator(".har-finding h4").first.inner_text()
    assert first_cause(page) in causes
    assert "Read and sanitized in your browser" in page.locator(".privacy-note").inner_text()

    assert len(sent) == 1
    body = sent[0].post_data_buffer.decode()
    assert [secret for secret in SECRETS if secret in body] == []
    assert sent[0].headers["content-type"] == "application/json"
    envelope = json.loads(body)
    assert len(envelope["har"]["log"]["entries"]) == len(json.loads(text)["log"]["entries"])
    assert "text" not in envelope["har"]["log"]["entries"][0]["response"]["content"]  # no body

    with page.expect_download() as download:
        page.locator("#har-download").click()
    assert download.value.suggested_filename == f"{name}.sanitized.har"
    copy = Path(download.value.path()).read_text()
    assert [secret for secret in SECRETS if secret in copy] == []
    assert json.loads(copy)["log"]["comment"].startswith("Sanitized by StatusFix")
    assert errors == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_the_server_sanitizes_first_and_says_so(page, site, recorded):
    page.set_default_timeout(15_000)
    page.goto(site + "/har/")
    expect(page.get_by_text("Without JavaScript the file is sent to the server")).to_be_visible()
    expect(page.get_by_text("Your file stays in your browser.")).to_be_hidden()
    page.set_input_files("#har-file", recorded["post-301"])
    page.locator("#har-form button").click()
    page.locator("#har-title").wait_for()
    assert first_cause(page) in EXPECTED["post-301"][2]
    assert "Sanitized by the server" in page.locator(".privacy-note").inner_text()
    assert [secret for secret in SECRETS if secret in page.content()] == []
    with page.expect_download() as download:
        page.locator("#har-download").click()
    copy = Path(download.value.path()).read_text()
    assert [secret for secret in SECRETS if secret in copy] == []


def browser_sanitize(page, text, bodies):
    return page.evaluate(
        """([text, bodies]) => {
            const r = StatusFixHar.sanitize(StatusFixHar.parse(text), bodies);
            return {har: r.har, removed: StatusFixHar.removedLabels(r.removed), bodies: r.bodies,
                    cut: r.cut, dropped: r.dropped, entries: r.entries, skipped: r.skipped};
        }""",
        [text, bodies],
    )


def server_sanitize(text, bodies):
    result = sanitize(parse(text.encode()), include_bodies=bodies)
    return json.loads(json.dumps({
        "har": result.har, "bodies": result.bodies, "cut": result.cut,
        "removed": [removal(kind, len(values)) for kind, values in result.removed.items()],
        "dropped": result.dropped, "entries": result.entries, "skipped": result.skipped,
    }))  # fmt: skip


def test_the_browser_sanitizes_exactly_as_the_server_does(page, site, recorded):
    page.goto(site + "/har/")
    files = [*recorded.values(), *COMMITTED, *SAMPLES]
    synthetic, _secrets = synthetic_har(2 * 1024 * 1024, seed=7)
    texts = [path.read_text() for path in files] + [synthetic]
    for text in texts:
        for bodies in (False, True):
            assert browser_sanitize(page, text, bodies) == server_sanitize(text, bodies)


HAR_PARTS = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**60), 2**60) | st.floats(allow_nan=False)
    | st.text(max_size=40) | st.sampled_from(["Cookie", "Authorization", "Bearer abcdefghij123456",
                                               "sid=Zq8vN3kLp0R7tYw2XcB5", "[REDACTED]"]),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["name", "value", "url", "status", "headers", "cookies",
                                       "queryString", "content", "text", "encoding", "postData",
                                       "timings", "wait", "_error", "_failureText", "comment",
                                       "redirectURL", "_initiator", "pageref", "title"]),
                      children, max_size=5),
    max_leaves=30,
)  # fmt: skip


@settings(max_examples=max(settings.default.max_examples // 4, 10))
@given(st.lists(HAR_PARTS, min_size=1, max_size=4), st.booleans())
def test_the_browser_and_the_server_agree_on_odd_files(page, live_server, entries, bodies):
    if page.url == "about:blank":
        page.goto(live_server.url + "/har/")
    har = {"log": {"pages": [{"title": "t"}], "entries": [
        *entries, {"request": entries[0], "response": entries[-1]}]}}  # fmt: skip
    text = json.dumps(har)
    try:
        expected = server_sanitize(text, bodies)
    except Exception:  # read.parse refused it: the browser refuses it too
        message = page.evaluate(
            "t => { try { StatusFixHar.parse(t); return ''; } catch (e) { return e.message; } }",
            text,
        )
        assert message
        return
    assert browser_sanitize(page, text, bodies) == expected


def test_malformed_and_oversized_files_get_clear_messages(page, site):
    sent = posts(page)
    page.goto(site + "/har/")
    for name, text, message in [
        ("notes.txt", "this is not json", "This file is not JSON"),
        ("data.json", '{"items": [1, 2]}', "is not a HAR file"),
        ("empty.har", '{"log": {"entries": []}}', "holds no requests"),
    ]:
        drop(page, name, text)
        expect(page.locator("#har-result [role=alert]")).to_contain_text(message)
        expect(page.locator("#har-title")).to_be_focused()
    transfer = page.evaluate_handle(
        """() => { const t = new DataTransfer();
                   t.items.add(new File([new Uint8Array(51 * 1024 * 1024)], "big.har"));
                   return t; }"""
    )
    page.dispatch_event("#drop-zone", "drop", {"dataTransfer": transfer})
    expect(page.locator("#har-result [role=alert]")).to_contain_text("up to 50.0 MB")
    page.locator("#har-form button").click()  # no file chosen
    expect(page.locator("#har-result [role=alert]")).to_contain_text("Choose a HAR file first")
    assert sent == []  # nothing reached the server


def test_a_50_mb_har_in_the_browser_and_on_the_server(page, site, tmp_path):
    text, secrets = synthetic_har(int(49.8 * 1024 * 1024))
    path = tmp_path / "big.har"
    path.write_text(text)
    assert 49 * 1024 * 1024 < path.stat().st_size <= 50 * 1024 * 1024
    sent = posts(page)
    page.goto(site + "/har/")
    page.set_input_files("#har-file", path)
    started = time.perf_counter()
    page.locator("#har-form button").click()
    page.locator("#har-title").wait_for(timeout=60_000)
    total = time.perf_counter() - started
    in_browser = int(page.locator("#har-result").get_attribute("data-browser-ms"))
    assert in_browser < 5000, f"{in_browser} ms in the browser"
    body = sent[0].post_data_buffer
    assert [s for s in secrets if s.encode() in body] == []
    assert "findings in" in page.locator("#har-title").inner_text()
    print(f"\n50 MB HAR: {in_browser} ms in the browser, {total:.2f} s to the result, "
          f"{len(body) / 1e6:.1f} MB sent")  # fmt: skip


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_page_and_its_result(site, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(site + "/har/")
        assert_no_axe_violations(page)
        sample = HAR_DIR / "samples" / "chrome-hsts-mixed.har"
        drop(page, sample.name, sample.read_text())
        page.locator("#har-title").wait_for()
        page.locator(".confirm-fix summary").first.click()
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(18, 20, 23)") == (scheme == "dark")
        assert_no_axe_violations(page)
    finally:
        context.close()
