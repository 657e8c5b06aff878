"""HAR files read, sanitized and searched for what failed, with no database: on the files
Chromium recorded against the failure servers (tests/har/recorded, made by
tests/failure_servers.py), on hand-checked samples in the shapes Chrome's DevTools, Firefox and
Safari export (tests/har/samples), and on malformed, hostile and huge ones."""

import json
import math
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.failure_servers import SECRETS
from tests.har_files import synthetic_har
from troubleshooter.engine.har import MAX_ENTRIES, HarError, parse, sanitize
from troubleshooter.engine.har.entries import read_entries
from troubleshooter.engine.har.findings import ERROR, find
from troubleshooter.engine.redact import MARK

HAR_DIR = Path(__file__).parent.parent / "har"
RECORDED = {path.stem: path for path in sorted((HAR_DIR / "recorded").glob("*.har"))}
SAMPLES = {path.stem: path for path in sorted((HAR_DIR / "samples").glob("*.har"))}
# The secrets written into the hand-made samples: none may survive sanitizing.
SAMPLE_SECRETS = {
    "chrome-preflight": [
        "Zq8vN3kLp0R7tYw2XcB5mJ9dHs4Ue6Ga",
        "Q2hyb21lU2FtcGxlU2lnbmF0dXJlVmFsdWVOb3RSZWFsXzEyMzQ1Njc4OTA",
        "eyJhbGciOiJSUzI1NiIsImtpZCI6IjQ0In0",
    ],
    "chrome-hsts-mixed": [
        "9fK2mQ7xZpL4vN8wR1tY6bC3",
        "9c1e5b7a3d2f4e6a8b0c1d2e3f4a5b6c",
        "Wm9yZ0NzcmZUb2tlblNhbXBsZUEx",
    ],
    "firefox": [
        "ZXhhbXBsZV9maXJlZm94X3Nlc3Npb25fdmFsdWVfOTk4Nzc",
        "3f9a8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7",
    ],
    "safari": ["b6f0c2d94e1a7358c2b9d0e1f4a6c8e2", "mxat_5Q9wE2rT7yU1iO3pA6sD8fG0hJ4kL2zX"],
}
# Personal data in a body that is no credential: it goes with the bodies, and stays when the
# person includes them (the page says so).
BODY_DATA = {"chrome-hsts-mixed": ["4242424242424242"], "safari": ["ben@example.com"]}


def sanitized(path, bodies=False):
    return sanitize(parse(path.read_bytes()), include_bodies=bodies)


def findings_of(path):
    found, _more = find(read_entries(sanitized(path).har))
    return found


# Reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, words",
    [
        (b"", "not JSON"),
        (b"<html>Not a HAR</html>", "not JSON"),
        (b'{"log": {"entries": [}', "line 1, column"),
        (b"[1, 2, 3]", "holds an object"),
        (b'{"log": {}}', "holds an object"),
        (b'{"log": {"entries": {}}}', "holds an object"),
        (b'{"log": {"entries": []}}', "holds no requests"),
        (b'{"log": {"entries": [1, "x", null]}}', "holds no requests"),
        (b'{"log": {"entries": [{"time": NaN}]}}', "not JSON"),
        (b"[" * 200_000, "not JSON|too deeply"),
    ],
)
def test_a_file_that_is_not_a_usable_har_gets_a_clear_message(raw, words):
    with pytest.raises(HarError) as caught:
        parse(raw)
    assert any(word in str(caught.value) for word in words.split("|")), str(caught.value)


def test_a_file_is_decoded_as_the_browser_decodes_it():
    har = b'\xef\xbb\xbf{"log": {"entries": [{"request": {"url": "https://x/\xff"}}]}}'
    entry = parse(har)["log"]["entries"][0]
    assert entry["request"]["url"] == "https://x/\ufffd"


def test_an_integer_too_long_to_read_is_a_clear_error():
    with pytest.raises(HarError, match="not JSON"):
        parse(b'{"log": {"entries": [{"time": ' + b"9" * 5000 + b"}]}}")


# Sanitizing ------------------------------------------------------------------------------


@pytest.mark.parametrize("bodies", [False, True])
@pytest.mark.parametrize("name", sorted(RECORDED))
def test_no_secret_of_a_recorded_har_survives_sanitizing(name, bodies):
    text = json.dumps(sanitized(RECORDED[name], bodies).har)
    assert [secret for secret in SECRETS if secret in text] == []


@pytest.mark.parametrize("bodies", [False, True])
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_no_secret_of_a_sample_survives_sanitizing(name, bodies):
    text = json.dumps(sanitized(SAMPLES[name], bodies).har)
    assert [secret for secret in SAMPLE_SECRETS[name] if secret in text] == []
    body_data = [item for item in BODY_DATA.get(name, []) if item in text]
    assert body_data == (BODY_DATA.get(name, []) if bodies else [])


def test_sanitizing_keeps_what_the_analysis_and_support_need():
    har = sanitized(SAMPLES["chrome-preflight"]).har
    put = har["log"]["entries"][2]
    headers = dict((h["name"], h["value"]) for h in put["request"]["headers"])
    assert headers["Authorization"] == f"Bearer {MARK}"  # the scheme stays
    assert headers["Content-Type"] == "application/json"
    assert put["request"]["url"] == "https://api.example.com/v2/profile"
    assert put["response"]["_error"] == "net::ERR_FAILED"
    assert put["timings"]["blocked"] == 98.1
    page = har["log"]["entries"][0]
    cookie = dict((h["name"], h["value"]) for h in page["request"]["headers"])["cookie"]
    assert cookie == f"app_session={MARK}; theme={MARK}"  # every value goes, the names stay
    assert [c["name"] for c in page["request"]["cookies"]] == ["app_session", "theme"]
    assert page["request"]["cookies"][0]["value"] == MARK
    assert page["request"]["cookies"][0]["httpOnly"] is True
    preflight = har["log"]["entries"][1]
    names = [h["name"] for h in preflight["response"]["headers"]]
    assert "x-amzn-requestid" in names and preflight["response"]["status"] == 403


def test_bodies_are_removed_unless_asked_for_and_then_redacted():
    path = RECORDED["cors-preflight"]
    plain = sanitized(path)
    page = plain.har["log"]["entries"][0]["response"]["content"]
    assert "text" not in page and "removed" in page["comment"] and page["size"] > 0
    post = plain.har["log"]["entries"][1]["request"]["postData"]
    assert post["text"] == "" and post["mimeType"] == "application/json"
    assert plain.bodies == 2
    kept = sanitized(path, bodies=True)
    text = kept.har["log"]["entries"][0]["response"]["content"]["text"]
    assert "fetch(" in text and MARK in text and kept.bodies == 0
    body = kept.har["log"]["entries"][1]["request"]["postData"]["text"]
    assert '"item":"book"' in body and MARK in body


def test_sanitizing_twice_changes_nothing():
    for path in [*RECORDED.values(), *SAMPLES.values()]:
        once = sanitized(path).har
        assert sanitize(once).har == once, path.name


def test_fields_the_sanitizer_does_not_know_are_left_out_and_named():
    result = sanitized(RECORDED["post-301"])
    assert "entry._securityDetails" in result.dropped and "entry._monotonicTime" in result.dropped
    assert all("_frameref" not in entry for entry in result.har["log"]["entries"])
    chrome = sanitized(SAMPLES["chrome-preflight"])
    initiator = chrome.har["log"]["entries"][2]["_initiator"]
    assert initiator == {"type": "script"}  # the call stack is left out


def test_a_removed_value_is_removed_wherever_else_it_appears():
    session = "Ke7pQ2xW9mZ4tR8vN3bL6yH1sD5fG0jC"
    har = {
        "log": {
            "entries": [
                {
                    "request": {
                        "method": "GET",
                        "url": f"https://app.example.com/session/{session}/items",
                        "headers": [
                            {"name": "Cookie", "value": f"sid={session}"},
                            {"name": "X-Trace", "value": f"s:{session}"},
                        ],  # fmt: skip
                    },
                    "response": {"status": 200, "headers": []},
                }
            ]
        }
    }
    text = json.dumps(sanitize(har).har)
    assert session not in text
    assert f"/session/{MARK}/items" in text


def test_values_too_long_and_broken_characters_are_made_safe():
    har = {
        "log": {
            "entries": [
                {
                    "request": {"method": "GET", "url": "https://x.example/" + "a" * 200_000},
                    "response": {"status": 200, "statusText": "OK \ud800", "headers": []},
                }
            ]
        }
    }
    result = sanitize(har)
    entry = result.har["log"]["entries"][0]
    assert entry["request"]["url"].startswith("[cut by StatusFix: 200018 characters]")
    assert entry["response"]["statusText"] == "OK \ufffd"
    assert result.cut == 1
    json.dumps(result.har).encode("utf-8")  # every string encodes


# Findings on files a real browser recorded -----------------------------------------------

RECORDED_FINDINGS = {
    "cors-preflight": ("cors", "cross-origin POST", "needs a CORS preflight"),
    "cors-hidden-error": ("cors", "cross-origin GET", "needs no preflight"),
    "post-301": ("redirect-method", "turned POST into GET", "405"),
    "login-redirect": ("login-redirect", "sign-in page", "Unexpected token"),
    "slow-upstream": ("failed", "504", "its timeout is set to about 1.5 s"),
}


def test_every_recorded_case_is_in_the_table():
    assert set(RECORDED) == set(RECORDED_FINDINGS)


@pytest.mark.parametrize("name", sorted(RECORDED_FINDINGS))
def test_each_recorded_failure_is_the_first_finding(name):
    kind, title, said = RECORDED_FINDINGS[name]
    found = findings_of(RECORDED[name])
    first = found[0]
    assert (first.kind, first.severity) == (kind, ERROR)
    assert title in first.title
    assert said in " ".join([*first.details, first.browser_says])
    assert len(found) == 1  # the page itself and its scripts are fine


def test_the_slow_upstream_is_set_against_the_timeline():
    (finding,) = findings_of(RECORDED["slow-upstream"])
    assert finding.slow and finding.slow[0][1] == "wait"
    assert finding.timeline.startswith("proxy=nginx&t_proxy=1.")
    assert ("producer", "gateway") in finding.facts


def test_the_redirect_facts_are_the_guides_answers():
    (finding,) = findings_of(RECORDED["post-301"])
    assert ("redirect-chain", "changed") in finding.facts and ("method", "write") in finding.facts
    assert finding.status == 405
    (login,) = findings_of(RECORDED["login-redirect"])
    assert ("redirect-chain", "wrong-target") in login.facts and login.status == 302


# Hand-checked samples of other browsers' exports -----------------------------------------


def test_chrome_preflight_and_the_request_it_guarded():
    (finding,) = findings_of(SAMPLES["chrome-preflight"])
    assert finding.kind == "cors" and "preflight failed" in finding.title
    assert [e.method for e in finding.entries] == ["OPTIONS", "PUT"]  # the PUT started first
    assert "It does not have HTTP ok status" in finding.browser_says
    assert ("browser-console", "no-allow-origin") in finding.facts
    assert finding.entries[0].producer_label == "Amazon API Gateway"


def test_chrome_hsts_mixed_content_and_a_cloudflare_error():
    found = findings_of(SAMPLES["chrome-hsts-mixed"])
    kinds = [f.kind for f in found]
    assert kinds == ["mixed-content", "failed", "hsts"]
    mixed, cloudflare, hsts = found
    assert "requested an insecure XMLHttpRequest endpoint" in mixed.browser_says
    assert cloudflare.entry.status == 522 and cloudflare.entry.own_error
    assert "could not open a connection" in " ".join(cloudflare.details)
    assert ("redirect-chain", "browser-only") in hsts.facts and hsts.status == 307


def test_firefox_export():
    entries = read_entries(sanitized(SAMPLES["firefox"]).har)
    assert [e.status for e in entries] == [200, 429, 0]
    assert entries[1].offset == pytest.approx(3209)  # "+02:00" offsets read as such
    found = findings_of(SAMPLES["firefox"])
    assert [f.kind for f in found] == ["failed", "cors", "slow"]
    assert not found[0].entry.own_error  # JSON through Envoy: the application's answer
    assert "DNS lookup" in found[2].title


def test_safari_export():
    entries = read_entries(sanitized(SAMPLES["safari"]).har)
    assert entries[0].cached == "Network Load" and entries[0].phases["wait"] == 90.0
    (finding,) = findings_of(SAMPLES["safari"])
    assert finding.entry.status == 401 and finding.kind == "failed"


# Malformed, hostile and huge files --------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(
            ["log", "entries", "request", "response", "url", "headers", "name", "value",
             "status", "timings", "wait", "startedDateTime", "content", "text", "method",
             "redirectURL", "cookies", "pages", "_error", "postData", "queryString"]
        )
        | st.text(max_size=5),
        children,
        max_size=6,
    ),
    max_leaves=40,
)  # fmt: skip


def analysed(data):
    result = sanitize(data)
    json.dumps(result.har).encode("utf-8")
    return find(read_entries(result.har))


@given(JSON_VALUES)
def test_any_json_is_read_or_refused_with_a_message(value):
    try:
        data = parse(json.dumps(value))
    except HarError as error:
        assert str(error)
        return
    analysed(data)


@given(st.lists(JSON_VALUES, min_size=1, max_size=4), st.integers(min_value=0, max_value=10**6))
def test_recorded_files_with_parts_replaced_by_anything_are_analysed(values, seed):
    data = json.loads(RECORDED["post-301"].read_text())

    def collect(node, path, places):
        if isinstance(node, dict):
            for key, child in node.items():
                places.append((*path, key))
                collect(child, (*path, key), places)
        elif isinstance(node, list):
            for index, child in enumerate(node):
                places.append((*path, index))
                collect(child, (*path, index), places)
        return places

    for offset, value in enumerate(values):
        places = collect(data, (), [])
        if not places:
            break
        path = places[(seed + offset * 7919) % len(places)]
        node = data
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
    try:
        parse(json.dumps(data))
    except HarError:
        return
    analysed(data)


@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_with_a_message(raw):
    try:
        data = parse(raw)
    except HarError:
        return
    analysed(data)


def test_a_huge_har_is_capped_in_entries_and_time():
    entry = json.loads(RECORDED["slow-upstream"].read_text())["log"]["entries"][1]
    har = {"log": {"entries": [entry] * (MAX_ENTRIES + 2500) + ["not an entry"]}}
    started = time.perf_counter()
    result = sanitize(har)
    found, more = find(read_entries(result.har))
    seconds = time.perf_counter() - started
    assert result.entries == MAX_ENTRIES and result.skipped == 2501
    assert len(found) == 50 and more == MAX_ENTRIES - 50
    assert seconds < 15, seconds


def test_memory_grows_with_the_entries_not_faster():
    entry = json.loads(RECORDED["slow-upstream"].read_text())["log"]["entries"][1]
    peaks = []
    for count in (250, 1000):
        har = {"log": {"entries": [entry] * count}}
        tracemalloc.start()
        find(read_entries(sanitize(har).har))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 5 * peaks[0], peaks  # four times the entries, at most five times the memory
    assert peaks[1] / 1000 < 64 * 1024, peaks  # under 64 KB per entry


def test_a_50_mb_har_is_sanitized_without_its_secrets():
    text, secrets = synthetic_har(50 * 1024 * 1024)
    started = time.perf_counter()
    result = sanitize(parse(text.encode()))
    seconds = time.perf_counter() - started
    out = json.dumps(result.har)
    assert [s for s in secrets if s in out] == []
    assert len(out) < len(text) / 10  # bodies gone
    assert seconds < 10, seconds
    found, _more = find(read_entries(result.har))
    assert {f.kind for f in found} == {"failed", "cors"}


def test_numbers_are_kept_only_when_finite():
    har = {"log": {"entries": [{"time": 10**400, "timings": {"wait": 1e308, "dns": True},
                                "response": {"status": "200"}}]}}  # fmt: skip
    entry = sanitize(har).har["log"]["entries"][0]
    assert entry["time"] == -1 and entry["timings"]["dns"] == -1
    assert math.isclose(entry["timings"]["wait"], 1e308) and entry["response"]["status"] == -1
