"""The diagnosis on the real content's index: a table of real-world messages, header hints, who
produced the error, evidence spans, any text at all."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from troubleshooter.engine import diagnose, intake
from troubleshooter.snapshot import current

pytestmark = [pytest.mark.content, pytest.mark.django_db]

# (pasted text, the status code that must come first)
TABLE = [
    ("HTTP/1.1 429 Too Many Requests\nRetry-After: 30\nContent-Type: application/json", 429),
    ("< HTTP/2 502\n< server: cloudflare\n< cf-ray: 8a1b2c3d4e5f6a7b-AMS", 502),
    ("GET https://api.example.com/v1/users/42 404 (Not Found)", 404),
    ("Error: Request failed with status code 401\n    at createError (axios/lib/core/createError.js:16:15)", 401),
    ("level=error msg=\"upstream call failed\" status=503 path=/v1/orders", 503),
    ('{"statusCode": 422, "error": "Unprocessable Entity", "message": "\\"email\\" must be a valid email"}', 422),
    ("urllib.error.HTTPError: HTTP Error 403: Forbidden", 403),
    ("System.Net.Http.HttpRequestException: Response status code does not indicate success: 429 (Too Many Requests).", 429),
    ("HttpRequestException: net_http_message_not_success_statuscode_reason, 405, Method Not Allowed", 405),
    ("requests.exceptions.HTTPError: 500 Server Error: Internal Server Error for url: https://api.example.com/v1/report", 500),
    ('203.0.113.9 - - [10/Oct/2025:13:55:36 +0000] "POST /api/upload HTTP/1.1" 413 183 "-" "curl/8.4.0"', 413),
    ('198.51.100.4 - - [10/Oct/2025:13:55:36 +0000] "GET /api/report HTTP/1.1" 499 0 "-" "python-requests/2.32.3"', 499),
    ("curl: (7) Failed to connect to api.example.com port 443 after 12 ms: Couldn't connect to server", 0),
    ("curl: (6) Could not resolve host: api.exmaple.com", 0),
    ("Error: connect ECONNREFUSED 127.0.0.1:8000\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)", 0),
    ("Error: getaddrinfo ENOTFOUND api.example.test", 0),
    ("requests.exceptions.SSLError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate')))", 0),
    ("Access to fetch at 'https://api.example.com/v1/me' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.", 0),
    ("Error: socket hang up\n    at connResetException (node:internal/errors:787:14)", 0),
    ("requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.example.com', port=443): Read timed out. (read timeout=10)", 0),
    ("2025/10/10 13:55:36 [error] 1234#0: *5678 upstream prematurely closed connection while reading response header from upstream, client: 203.0.113.9", 502),
    ("2025/10/10 13:55:36 [error] 1234#0: *5678 connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.9, upstream: \"http://127.0.0.1:8000/\"", 502),
    ("2025/10/10 13:55:36 [error] 1234#0: *5678 upstream timed out (110: Connection timed out) while reading response header from upstream", 504),
    ("HTTP/1.1 503 Service Unavailable\ncontent-length: 19\ncontent-type: text/plain\n\nno healthy upstream", 503),
    ("HTTP/1.1 405 Method Not Allowed\nAllow: GET, HEAD\nContent-Length: 0", 405),
    ('HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="The access token expired"', 401),
    ("HTTP/1.1 407 Proxy Authentication Required\nProxy-Authenticate: NTLM\nProxy-Authenticate: Negotiate", 407),
    ("Connection timed out\nError code 522\nVisit cloudflare.com for more information.\n2025-10-10 13:55:36 UTC", 522),
    ("Web server is down\nError code 521\nCloudflare Ray ID: 8a1b2c3d4e5f6a7b", 521),
    ("< HTTP/2 524\n< server: cloudflare\n< cf-ray: 8a1b2c3d4e5f6a7b-FRA", 524),
    ("HTTP/1.1 431 Request Header Fields Too Large\nContent-Type: text/html", 431),
    ("<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx/1.25.3</center>", 413),
    ("HTTP/1.1 415 Unsupported Media Type\nContent-Type: application/problem+json", 415),
    ('HTTP/1.1 409 Conflict\n\n{"error": "duplicate key value violates unique constraint \\"users_email_key\\""}', 409),
    ("HTTP/1.1 410 Gone\nSunset: Wed, 01 Oct 2025 00:00:00 GMT", 410),
    ("HTTP/1.1 412 Precondition Failed\nETag: \"v7\"", 412),
    ("HTTP/1.1 419 unknown status\n\nCSRF token mismatch.", 419),
    ("HTTP/1.1 503 Service Unavailable\nRetry-After: 120\n\nDown for maintenance", 503),
    ("HTTP/1.1 504 Gateway Timeout\nServer: awselb/2.0\nContent-Type: text/html", 504),
    ("HTTP/1.1 301 Moved Permanently\nLocation: https://api.example.com/v2/orders", 301),
    ('HTTP/1.1 304 Not Modified\nETag: "abc123"', 304),
    ("HTTP/1.1 206 Partial Content\nContent-Range: bytes 0-1023/4096", 206),
    ('HTTP/1.1 400 Bad Request\n\n{"error": "Unexpected token } in JSON at position 27"}', 400),
    ("HTTP/1.1 511 Network Authentication Required\nContent-Type: text/html", 511),
    ("HTTP/1.1 426 Upgrade Required\nUpgrade: TLS/1.2, HTTP/1.1\nConnection: Upgrade", 426),
    ("big uploads fail", 413),
    ("everything is rejected after an hour", 401),
]  # fmt: skip


@pytest.fixture
def index():
    return current().diagnose


def ranked_codes(result):
    codes = []
    for candidate in result.candidates:
        if candidate.cause.code not in codes:
            codes.append(candidate.cause.code)
    return codes


def test_table_first_place_and_top_three(index):
    """Every entry must have its code first; prints the share in first place and top three."""
    first = top3 = 0
    misses = []
    for text, expected in TABLE:
        codes = ranked_codes(diagnose.diagnose(text, index))
        first += codes[:1] == [expected]
        top3 += expected in codes[:3]
        if codes[:1] != [expected]:
            misses.append(f"{expected} <- {text[:60]!r}: got {codes[:3]}")
    print(
        f"\n{len(TABLE)} messages: {first} first ({first / len(TABLE):.0%}), {top3} in the top three ({top3 / len(TABLE):.0%})"
    )
    assert len(TABLE) >= 40
    assert misses == []


@pytest.mark.parametrize(
    "text",
    [
        "xhr.status is 0 and the response is empty",
        "I'm getting status code 0 on any HTTP error, the network tab says 409",
        '{"status": 0, "statusText": "", "ok": false}',
        "fetch works in Chrome but returns status 0 in Safari",
    ],
)
def test_a_status_of_zero_is_read_as_no_response(index, text):
    result = diagnose.diagnose(text, index)
    assert result.statuses[:1] == [0]
    assert result.candidates[0].cause.code == 0


@pytest.mark.parametrize(
    "text",
    ["Process finished with exit status 0", "status code 0x80070005", "status: 0 errors", "0/1"],
)
def test_a_zero_that_is_not_a_status_is_not_read_as_one(index, text):
    assert 0 not in diagnose.diagnose(text, index).statuses


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Getting 502s on ALB since Tuesday", 502),
        ("we are seeing random 504s after the deploy", 504),
        ("the API returns 404s for every nested route", 404),
        ("HTTP 502 from nginx since the upgrade", 502),
        ("an HTTP_403 from the bucket", 403),
    ],
)
def test_statuses_in_the_plural_or_after_http_are_read(index, text, status):
    assert diagnose.diagnose(text, index).statuses[:1] == [status]


@pytest.mark.parametrize(
    "text",
    [
        "proxy_read_timeout 300s;",
        "the job timed out after 500s",
        "retry after 120s",
        "HTTP 1.1 keep-alive, HTTP 2 push",
        "HTTP 100 ms slower",
    ],
)
def test_seconds_are_not_read_as_a_plural_status(index, text):
    assert diagnose.diagnose(text, index).statuses == []


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        (
            "it returns status code 400 instead of 401. Expected: should return status code 401",
            [400],
        ),
        ("we got a 404 instead of the correct HTTP 200 OK", [404]),
        ("expected status code 201, got 400", [400]),
        ("I expected it to work but got 502", [502]),
        ('curl sends "Expect: 100-continue" and gets HTTP/1.1 417 Expectation Failed', [417]),
        (
            "Expected Output:\nHTTP/1.1 200 OK\n\nActual Output:\nHTTP/1.1 405 Method Not Allowed",
            [405],
        ),
        ("Expected result:\n< HTTP/2 201\n\nbut the deploy returns 404", [404]),
        ("I expected it to work but got\nHTTP/1.1 500 Internal Server Error", [500]),
    ],
)
def test_a_status_someone_expected_is_not_read_as_the_one_they_got(index, text, statuses):
    assert diagnose.diagnose(text, index).statuses == statuses


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ('During deployments users get "503 Service Temporarily Unavailable" errors', [503]),
        ("<html><head><title>504 Gateway Time-out</title></head>", [504]),
        ("nginx answers 414 Request-URI Too Large for the export link", [414]),
        ("400 Request Header Or Cookie Too Large", [400]),
        ("the job took 504 gateway requests", []),  # a count, not nginx's wording
    ],
)
def test_a_number_before_a_servers_own_wording_of_its_phrase_is_the_status(index, text, statuses):
    """nginx writes its status lines in RFC 2616's or its own words ("Gateway Time-out",
    "Service Temporarily Unavailable"), and people paste them as they are."""
    assert diagnose.diagnose(text, index).statuses == statuses


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ("页面访问也会出现504错误", [504]),
        ("ECS(VPC内)からアクセスしようとしたとき、403エラーが発生してしまいました。", [403]),
        ("502 Bad Gatewayが発生していました。", [502]),
        ("环境上部分链接显示http400,但是使用postman进行测试一切正常", [400]),
        ('I\'m seeing a blank page saying "HTTP_ERROR 431" in the browser.', [431]),
        ("Cloudflare raise SSL invalid(error526) even with renewed SSL certificate.", [526]),
        ("Google API error (403 accessNotConfigured): Drive API has not been used", [403]),
        ("the interface will report an error of 400, and the backend will prompt", [400]),
        ("Array (     [errors] => Invalid API key     [status] => 401 )", [401]),
        ("HAProxy 504 with configuration that used to work", [504]),
        ("nginx 405 Not Allowed on every POST", [405]),
        (
            "[W 17:14:25.734 NotebookApp] 403 POST /login (127.0.0.1): '_xsrf' argument missing",
            [403],
        ),
        (
            'POST https://gitlab.example.com/api/v4/projects/192/hooks: 422 {error: "Invalid url"}',
            [422],
        ),
        ("you've run into an 500.19 error in IIS", [500]),
        ("307 Redirect Loop via server.insecure", [307]),
        ('Get {"message": "Endpoint request timed out"} every time. 504 on /prod/metrics', [504]),
        ("Failed to load resource: the server responded with a status of 503 ()", [503]),
        ("we received an HTTP status code of 301 from your webhook URL", [301]),
        ("页面访问也会出现504返回", [504]),
        ("Nginx 가 디렉터리로 간주 → 301 리디렉션 출력", [301]),
        (
            "502 - Web server received an invalid response while acting as a gateway or proxy server.",
            [502],
        ),
        ("Rolling updates of the server produce brief 502s (a few seconds)", [502]),
        # numbers that are not statuses
        ("a read timeout of 300s is too long for this check", []),
        ("nginx 1.18.0 and HAProxy 2.4 in front of Tomcat 9", []),
        ("Steps:\n100 - Open the page\n200 - click save", []),
        ("Cloudflare Error 1020: Access denied", []),
        ("the worker waited 300 seconds for /tmp to be writable", []),
        ("error: 100 ms is too short for the handshake", []),
    ],
)
def test_a_status_is_read_where_people_write_it(index, text, statuses):
    """Real reports put the number against Chinese or Japanese words, after "error" with no
    space, in PHP's print_r, after the proxy's name or before the method in a log line."""
    assert diagnose.diagnose(text, index).statuses == statuses


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ("The API returns 200 in staging and 500 errors for 1% of production calls", [500, 200]),
        ("curl gets a 200 but the browser gets 403 on the same URL", [403, 200]),
        ("HTTP/1.1 302 Found then HTTP/1.1 200 OK", [302, 200]),  # no error: the order stands
        ("HTTP/1.1 200 OK with an error in the body", [200]),
        ("< HTTP/1.1 100 Continue\n< HTTP/1.1 415 Unsupported Media Type", [415, 100]),
        ("< HTTP/1.1 100 Continue\n< HTTP/1.1 200 OK", [200, 100]),
        ("Invalid response, header: HTTP/1.1 100 Continue", [100]),
    ],
)
def test_a_success_status_comes_after_the_error_the_report_is_about(index, text, statuses):
    assert diagnose.diagnose(text, index).statuses == statuses


@pytest.mark.parametrize(
    ("text", "statuses", "named"),
    [
        (
            "Request Entity Too Large\n\nThe requested resource does not allow request data with"
            " GET requests.\n\nAdditionally, a 404 Not Found error was encountered while trying"
            " to use an ErrorDocument to handle the request.",
            [],
            [413],
        ),
        (
            "Internal Server Error\nAdditionally, a 500 Internal Server Error error was"
            " encountered while trying to use an ErrorDocument to handle the request.",
            [],
            [500],
        ),
        (
            "HTTP/1.1 403 Forbidden\n\nAdditionally, a 404 Not Found\nerror was encountered while"
            " trying to use an ErrorDocument to handle the request.",
            [403],
            [],
        ),
    ],
)
def test_the_status_of_a_failed_error_document_is_not_the_clients(index, text, statuses, named):
    """Apache's page names a second status when its ErrorDocument fails as well; the client
    got the first, which the page names by its phrase."""
    result = diagnose.diagnose(text, index)
    assert result.statuses == statuses
    assert result.named_statuses == named


def test_an_answer_the_text_gives_moves_the_causes_that_expect_it(index):
    """The guide's `detect` patterns answer its questions from the text in the diagnosis too: a
    cause whose profile expects the answer rises, one whose profile rules it out falls."""
    text = "HTTP 502 from the proxy, and its log says: no live upstreams"
    result = diagnose.diagnose(text, index)
    assert result.answers, "the text answers no question"
    without = [
        c.cause.key
        for c in diagnose.rank(text, result.statuses, result.named_statuses, result.matches)
    ]
    moved = {"up": 0, "down": 0}
    for place, candidate in enumerate(result.candidates):
        factor = diagnose.answers_factor(candidate.cause, result.answers)
        before = without.index(candidate.cause.key)
        if factor > 1:
            moved["up"] += place <= before
        elif factor < 1:
            moved["down"] += place >= before
    fits = sum(diagnose.answers_factor(c.cause, result.answers) > 1 for c in result.candidates)
    conflicts = sum(diagnose.answers_factor(c.cause, result.answers) < 1 for c in result.candidates)
    assert fits and conflicts
    assert moved == {"up": fits, "down": conflicts}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "nginx answers 502 intermittently; it works fine when I call the backend directly",
            {"pattern": "intermittent", "direct": "works"},
        ),
        (
            "works fine locally, but after the deploy every request to the API started timing out",
            {"environment": "one-place", "change": "deploy", "speed": "slow", "pattern": "always"},
        ),
        ("uploading a 14MB file fails under heavy load", {"size": "large", "traffic": "heavy"}),
        ("Bad Request (Header Field Too Long)", {"size": "large"}),
        ("the request line size exceeding 7,168 bytes", {"size": "large"}),
        ("it broke once the cookies passed 5 KB", {"size": "large"}),
        ("uWSGI: GET / => generated 143 bytes in 85 msecs, 2 headers in 86 bytes", {}),
        ("NoHttpResponseException: api.example.com:443 failed to respond", {"got-response": "no"}),
        ("POST https://api.sendgrid.com/v3/mail/send returned 400", {"service": "other-api"}),
        (
            "PUT https://my-bucket.s3.eu-west-1.amazonaws.com/a.png gives 403",
            {"service": "storage"},
        ),
        ("AADSTS7000215 from login.microsoftonline.com", {"service": "identity"}),
        (
            "it works in Postman but the browser gets an error from fetch",
            {"client": "browser-only"},
        ),
        # two patterns' answers at once: the text answers neither
        ("it fails sometimes, and every time after a restart", {}),
        # the client's own reset, and nginx's about its upstream (the client got a 502 then)
        ("ConnectionResetError(104, 'Connection reset by peer')", {"network-error": "closed"}),
        (
            "recv() failed (104: Connection reset by peer) while reading response header from upstream",
            {"upstream-error": "reset"},
        ),
    ],
)
def test_the_text_answers_the_questions_it_settles(index, text, expected):
    found = diagnose.detected_answers(index.detectors, text)
    asked = ("pattern", "size", "network-error", *expected)
    assert {q: found[q] for q in asked if q in found} == expected


@pytest.mark.parametrize(
    "description",
    ["it only fails in production", "requests hang and then time out", "the browser says CORS"],
)
def test_a_plain_description_still_gets_a_ranking(index, description):
    assert diagnose.diagnose(description, index).candidates


@pytest.mark.parametrize(
    ("text", "header", "advice"),
    [
        ("HTTP/1.1 429 Too Many Requests\nRetry-After: 30", "Retry-After", "Wait 30 seconds"),
        ("HTTP/1.1 429 Too Many Requests\nRetry-After: 1", "Retry-After", "Wait 1 second "),
        (
            "HTTP/1.1 503 Service Unavailable\nDate: Fri, 10 Oct 2025 13:00:00 GMT\nRetry-After: Fri, 10 Oct 2025 13:02:00 GMT",
            "Retry-After",
            "(120 seconds after the response's Date)",
        ),
        ("HTTP/1.1 503\nRetry-After: soon", "Retry-After", "neither seconds nor an HTTP date"),
        (
            'HTTP/1.1 401\nWWW-Authenticate: Bearer error="invalid_token", error_description="expired"',
            "WWW-Authenticate",
            "get a new one",
        ),
        (
            'HTTP/1.1 403\nWWW-Authenticate: Bearer error="insufficient_scope", scope="orders:write"',
            "WWW-Authenticate",
            "(orders:write)",
        ),
        (
            'HTTP/1.1 401\nWWW-Authenticate: Basic realm="x"',
            "WWW-Authenticate",
            "carried no credentials",
        ),
        ("HTTP/1.1 405\nAllow: GET, HEAD", "Allow", "Use one of: GET, HEAD."),
        (
            'HTTP/1.1 407\nProxy-Authenticate: Basic realm="corp"',
            "Proxy-Authenticate",
            "wants Basic credentials",
        ),
        (
            "HTTP/1.1 308 Permanent Redirect\nLocation: https://api.example.com/v2/",
            "Location",
            "https://api.example.com/v2/",
        ),
        ("HTTP/1.1 429\nX-RateLimit-Remaining: 0", "X-RateLimit-Remaining", "0 requests left"),
    ],
)
def test_header_hints(index, text, header, advice):
    hints = {hint.header: hint.advice for hint in diagnose.diagnose(text, index).hints}
    assert advice in hints[header]


@pytest.mark.parametrize(
    ("text", "producer", "label"),
    [
        ("HTTP/2 502\nserver: cloudflare\ncf-ray: 1-AMS", "edge", "Cloudflare"),
        ("HTTP/1.1 403\ncf-mitigated: challenge", "edge", "Cloudflare (a challenge page)"),
        (
            "HTTP/1.1 502\nX-Cache: Error from cloudfront\nx-amz-cf-id: abc",
            "edge",
            "Amazon CloudFront",
        ),
        ("HTTP/1.1 504\nServer: awselb/2.0", "gateway", "AWS Elastic Load Balancing"),
        (
            "HTTP/1.1 500\nx-amzn-ErrorType: InternalServerErrorException",
            "gateway",
            "Amazon API Gateway",
        ),
        ("HTTP/1.1 502 Bad Gateway\nServer: nginx/1.25.3", "gateway", "nginx"),
        ("HTTP/1.1 403 Forbidden\nServer: AmazonS3", "app", "Amazon S3"),
        # nginx and Envoy answer with an HTML page or plain text of their own: a JSON body
        # under their Server header is the application's
        (
            'HTTP/1.1 400 Bad Request\nServer: nginx\nContent-Type: application/json\n\n{"error": "x"}',
            "app",
            "the application behind nginx (a JSON body)",
        ),
        (
            "HTTP/1.1 503\nserver: envoy\ncontent-type: application/json\n\n{}",
            "app",
            "the application behind Envoy (a JSON body)",
        ),
        (
            "HTTP/1.1 502\nServer: nginx\nContent-Type: text/html\n\n<html><center>nginx</center>",
            "gateway",
            "nginx",
        ),
    ],
)
def test_who_produced_the_error(index, text, producer, label):
    result = diagnose.diagnose(text, index)
    assert (result.producer, result.producer_label) == (producer, label)
    assert ("producer", producer) in intake.diagnosis_pairs(current().guide, result)


def test_html_where_json_was_expected_is_evidence(index):
    result = diagnose.diagnose(
        "HTTP/1.1 200 OK\nContent-Type: application/json\n\n<!DOCTYPE html><html>", index
    )
    assert any("HTML page labelled as JSON" in e.label for e in result.evidence)


def test_evidence_spans_cover_the_text_they_name(index):
    text = "HTTP/1.1 429 Too Many Requests\nRetry-After: 30"
    result = diagnose.diagnose(text, index)
    assert "".join(piece for piece, _item in result.segments()) == text
    marked = {piece for piece, item in result.segments() if item}
    assert "429" in marked and "Retry-After: 30" in marked


@given(st.text(max_size=3000))
def test_any_text_gives_an_answer_and_keeps_the_text(index, text):
    result = diagnose.diagnose(text, index)
    expected = text.replace("\r\n", "\n").replace("\x00", "")
    assert "".join(piece for piece, _item in result.segments()) == expected


def test_64kb_paste_is_parsed(index):
    line = '203.0.113.9 - - [10/Oct/2025:13:55:36 +0000] "GET /api/report HTTP/1.1" 499 0 "-" "curl/8"\n'
    text = (line * (diagnose.MAX_INPUT // len(line)))[: diagnose.MAX_INPUT]
    result = diagnose.diagnose(text, index)
    assert result.status == 499


def test_answers_skip_no_pattern_that_would_match(index):
    """detected_answers() runs a `detect` pattern only when its fixed piece of text is present:
    on every case text and on the patterns' own examples it finds what running every pattern
    finds."""
    from django.conf import settings

    from troubleshooter.evaluation.cases import read_cases

    def every_pattern(text):
        answers = {}
        for slug, detect in index.detectors:
            found = {answer for answer, pattern in detect if pattern.search(text)}
            if len(found) == 1:
                answers[slug] = found.pop()
        return answers

    texts = [case.symptom for case in read_cases(settings.BASE_DIR / "tests" / "cases")]
    texts += [text.upper() for text in texts[:100]]  # case-insensitive patterns still match
    anchored = sum(
        bool(diagnose.literal_anchor(pattern)[0])
        for _slug, detect in index.detectors
        for _answer, pattern in detect
    )
    assert anchored >= 100
    matched = 0
    for text in texts:
        head = text[: diagnose.ANSWER_SCAN]
        expected = every_pattern(head)
        matched += bool(expected)
        assert diagnose.detected_answers(index.detectors, head) == expected, head[:80]
    assert matched >= 100


def test_status_patterns_skipped_for_missing_text_would_not_have_matched(index, monkeypatch):
    """find_statuses() skips a pattern when none of the pieces every match contains
    (evidence.NEEDS) is in the text: on every case text, its variant without the status and
    both in capitals, it finds exactly what running every pattern finds."""
    from django.conf import settings

    from troubleshooter.engine import evidence
    from troubleshooter.evaluation.cases import read_cases

    cases = read_cases(settings.BASE_DIR / "tests" / "cases")
    texts = [case.symptom for case in cases] + [c.symptom_no_status for c in cases]
    texts += [text.upper() for text in texts] + [text.lower() for text in texts]
    assert set(evidence.NEEDS) <= {label for label, _pattern in evidence.STATUS_PATTERNS}
    skipping = [evidence.find_statuses(text, index) for text in texts]
    monkeypatch.setattr(evidence, "NEEDS", {})
    found = 0
    for text, result in zip(texts, skipping, strict=True):
        expected = evidence.find_statuses(text, index)
        found += bool(expected[0])
        assert result == expected, text[:80]
    assert found >= 1000


def loop_scores(matches, statuses, named, answers, named_platforms):
    """The ranking's arithmetic written as a plain loop over the causes, one cause at a time
    (how rank() was written before it ran on arrays): {cause key: score} of the candidates."""
    from troubleshooter.engine import scoring

    kept = {}
    for match in matches:
        cause, score, evidence = match.cause, match.score, match.evidence
        factor = diagnose.NOT_WHEN_FACTOR if match.against else 1.0
        if statuses:
            if cause.code in statuses:
                first = cause.code == statuses[0]
                score += diagnose.STATUS_WEIGHT if first else diagnose.SECOND_STATUS_WEIGHT
            elif statuses[0] in cause.seen_as:
                score += diagnose.SEEN_AS_WEIGHT * diagnose.STATUS_WEIGHT
            elif not evidence:
                continue
            else:
                factor *= diagnose.OTHER_CODE_FACTOR
        elif cause.code in named:
            score += diagnose.PHRASE_WEIGHT
        elif set(named) & cause.seen_as:
            score += diagnose.SEEN_AS_WEIGHT * diagnose.PHRASE_WEIGHT
        elif cause.code == diagnose.NO_RESPONSE_CODE and evidence:
            score += diagnose.NO_STATUS_BONUS
        if score > 0:
            if answers:
                factor *= diagnose.answers_factor(cause, answers)
            prior = scoring.prior(
                cause.commonness, cause.platforms, named_platforms, cause.code, cause.vendor,
                code_known=cause.code in statuses,
            )  # fmt: skip
            kept[cause.key] = score * (factor * prior)
    return kept


@pytest.mark.parametrize(
    "text",
    [
        "HTTP/1.1 502 Bad Gateway\nServer: nginx\n\nupstream prematurely closed connection",
        "HTTP/1.1 403 Forbidden\nx-amz-request-id: 1\n<Code>AccessDenied</Code> CORS",
        "gateway timeout from cloudflare after 100 seconds",  # a phrase, no number
        "curl: (52) Empty reply from server",  # no status at all
        "it only fails in production since the deploy; works fine locally with Django",
        "429 Too Many Requests then 503 Service Unavailable from the ALB",  # two statuses
    ],
)
def test_the_ranking_on_arrays_is_the_loop_over_causes(index, text):
    """rank() scores every cause with vector arithmetic; the result is exactly, to the last
    bit, what the plain per-cause loop gives: the same candidates with the same scores."""
    result = diagnose.diagnose(text, index)
    matches = result.matches
    assert len(list(matches)) == len(index.causes)
    named_platforms = diagnose.platforms_in(result.text)
    expected = loop_scores(
        matches, result.statuses, result.named_statuses, result.answers, named_platforms
    )
    positions, scores = diagnose.scored_matches(
        matches, result.statuses, result.named_statuses, result.answers, named_platforms
    )
    got = {index.causes[p].key: s for p, s in zip(positions.tolist(), scores.tolist(), strict=True)}
    assert got == expected and expected


@pytest.mark.parametrize(
    ("signal", "telling"),
    [
        ("Request Entity Too Large", False),  # a former name of 413
        ("413 Payload Too Large", False),
        ("Content Too Large", False),
        ("FUNCTION_PAYLOAD_TOO_LARGE", True),
        ("client intended to send too large body", True),
    ],
)
def test_a_signal_that_only_names_the_code_counts_as_status_text(signal, telling):
    phrase, aliases = "Content Too Large", ("Payload Too Large", "Request Entity Too Large")
    assert diagnose.telling_signal(signal, 413, phrase, aliases) is telling


def test_a_former_name_of_the_code_does_not_lift_one_cause_above_its_siblings(index):
    """Apache's page says "Request Entity Too Large": that names 413, not one of its causes."""
    result = diagnose.diagnose("Request Entity Too Large", index)
    assert result.named_statuses == [413]
    assert not any(
        e.kind == "signal" for candidate in result.candidates for e in candidate.evidence
    )


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("the request timeout is 60 seconds and the call still fails", []),
        ("see other answers: nothing helps, no content comes back", []),
        ("HTTP Request Timeout", [408]),
        ("REQUEST TIMEOUT from the server", [408]),
        ("the gateway timeout page again", [504]),  # not an everyday phrase: any case
    ],
)
def test_a_reason_phrase_that_is_also_everyday_words_names_a_status_only_as_written(
    index, text, named
):
    assert diagnose.diagnose(text, index).named_statuses == named


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("all requests fail with 502", "always"),
        ("every request fails", "always"),
        ("about 30% of all requests fail with 502", None),  # a share, not all of them
        ("half of all requests time out", None),
    ],
)
def test_a_share_of_all_requests_is_not_read_as_every_request(index, text, pattern):
    assert diagnose.detected_answers(index.detectors, text).get("pattern") == pattern


def test_several_vague_matches_of_one_code_do_not_displace_an_exact_one(index):
    """Without a status, the code whose causes together match most usually comes first; but a
    first cause named by the text's own words (here the phrase people use for a redirect loop)
    keeps its place against a code whose causes only share words with the text."""
    text = (
        "Most likely a configuration problem on my end, but I cannot get Force SSL to work behind "
        "the CDN with my certificate. I keep getting too many redirects."
    )
    result = diagnose.diagnose(text, index)
    first = result.candidates[0]
    assert first.cause.key == "301/redirect-loop", [c.cause.key for c in result.candidates[:3]]
    assert first.evidence
    # Without evidence for the first, the code whose causes agree still comes first.
    causes = {c.key: c for c in index.causes}
    one = causes["301/redirect-loop"]
    two, three = causes["0/connection-refused"], causes["0/client-timeout"]

    def ranked(evidence):
        return [
            diagnose.Candidate(one, 40.0, evidence),
            # close behind it (more than DIVERSE_SHARE of its score), and together ahead
            diagnose.Candidate(two, 40.0 * diagnose.DIVERSE_SHARE + 1, []),
            diagnose.Candidate(three, 40.0 * diagnose.DIVERSE_SHARE, []),
        ]

    vague = ranked([])
    diagnose.likeliest_code_first(vague)
    assert vague[0].cause is two
    exact = ranked(first.evidence)
    diagnose.likeliest_code_first(exact)
    assert exact[0].cause is one
