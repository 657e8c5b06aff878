"""Read pasted text into evidence: the status codes it shows (as numbers or reason phrases),
its headers and what they advise, and who produced the response. Plain Python; each piece of
evidence carries the span of text it matched, for highlighting.
"""

import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from troubleshooter.engine.anchors import cannot_match

MAX_LINE_SCAN = 4000  # characters of one line examined by the regular expressions
MAX_WORD_SCAN = 20000  # characters read for words, phrases and platform names

# Chinese, Japanese and Korean words written right after a status ("404错误", "403エラー",
# "301 리디렉션": error, error report, redirect) and right before one ("出现504", "状态码: 403":
# returns, appears, status code).
CJK_AFTER = (
    "错误",
    "錯誤",
    "报错",
    "報錯",
    "エラー",
    "오류",
    "에러",
    "重定向",
    "リダイレクト",
    "리디렉션",
    "리다이렉트",
)
CJK_BEFORE = ("返回", "报", "報", "出现", "状态码", "狀態碼", "ステータス", "상태")
# The servers and proxies whose name people write before the status they answered.
SERVER_NAMES = (
    "nginx", "haproxy", "apache", "httpd", "iis", "traefik", "envoy", "caddy", "varnish", "squid",
    "kong", "tomcat", "jetty", "kestrel", "cloudflare", "cloudfront", "akamai", "alb", "elb",
)  # fmt: skip
# A pattern that starts with alternatives is led by a lookahead of their first letters
# ("(?=[sagr])" before "status|a|got|returned"): the regex engine then passes over most
# positions of a long paste at once instead of trying each alternative there.
STATUS_PATTERNS = [
    # HTTP/1.1 429 Too Many Requests, < HTTP/2 502, HTTP/2.0 200
    ("status line", re.compile(r"(?im)^[<>\s]*HTTP/\d(?:\.\d)?\s+(\d{3})\b")),
    # GET https://api.example.com/x 404 (Not Found)   (browser console); "POST https://…/hooks:
    # 422 {error: …}" (a client's log)
    (
        "browser console",
        re.compile(r"\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\S+\s+(\d{3})\s*[({]"),
    ),
    # Request failed with status code 401 (axios), status code: 503
    # and PHP's print_r or a Ruby hash: [status] => 401, :status => 401; Chrome's console:
    # "the server responded with a status of 503 ()"
    (
        "client message",
        re.compile(r"(?i)\bstatus(?:\s+code)?['\"\]]?\s*(?:=>|[:=]|\s+of)?\s*[\"']?(\d{3})\b"),
    ),
    # .NET's HttpClient (EnsureSuccessStatusCode): "Response status code does not indicate
    # success: 429 (Too Many Requests).", or in a trimmed build (Blazor) its resource key,
    # "net_http_message_not_success_statuscode_reason, 429, Too Many Requests"
    (
        ".NET HttpClient",
        re.compile(
            r"(?i)(?=[dn])(?:does not indicate success:\s*|net_http_message_not_success_statuscode"
            r"(?:_reason)?,\s*)(\d{3})\b"
        ),
    ),
    # "statusCode": 422, "status": 404
    (
        "JSON field",
        re.compile(r"(?i)\"(?:statusCode|status_code|status|code)\"\s*:\s*\"?(\d{3})\b"),
    ),
    # urllib.error.HTTPError: HTTP Error 403: Forbidden
    ("urllib", re.compile(r"(?i)\bHTTP Error (\d{3})\b")),
    # requests.exceptions.HTTPError: 500 Server Error: ...
    ("requests", re.compile(r"\b(\d{3}) (?:Client|Server) Error\b")),
    # "GET /api HTTP/1.1" 499 0   (nginx / Apache access log)
    ("access log", re.compile(r"\"[A-Z]+ \S+ HTTP/[\d.]+\" (\d{3}) ")),
    # elb_status_code=502 / status=503 in key=value logs
    ("log field", re.compile(r"(?i)\b(?=[es])(?:elb_)?status(?:_code)?=(\d{3})\b")),
    # "Error 522" on a Cloudflare page; curl: "The requested URL returned error: 403";
    # "HTTP_ERROR 431", "error526", "an error (415)", "Google API error (403 accessNotConfigured)"
    ("error number", re.compile(r"(?i)(?<![a-z])error[:\s(]*(?:of\s+)?(\d{3})\b")),
    # AWS load balancer access log: type time elb client target 3 timings elb_status_code
    (
        "load balancer log",
        re.compile(
            r"(?m)^(?:http|https|h2|grpcs|ws|wss) (?:\S+ ){4}[-\d.]+ [-\d.]+ [-\d.]+ (\d{3}) "
        ),
    ),
    # "HTTP 502 from nginx", "an HTTP 404 error", "HTTP_403", "http-500"
    ("HTTP and a number", re.compile(r"(?i)\bHTTP[ _-]?(\d{3})\b")),
    # npm ERR! code E401
    ("npm", re.compile(r"\bnpm ERR! code E(\d{3})\b")),
    # "I get 503 sometimes", "returns a 404", "fails with 413", "Error code: 429"
    (
        "mentioned",
        re.compile(
            r"(?i)\b(?=[grwca])(?:got|get|gets|getting|returns?|returned|returning|with|code:?|an?)\s+(\d{3})\b"
        ),
    ),
    # "the 503 error", "404s with and without slashes", "a 500 response", "a 301 redirect", and
    # the same in Chinese, Japanese or Korean, where no space parts the number from the word
    # ("404错误", "403エラー", "500 오류")
    (
        "described",
        re.compile(
            r"(?i)\b(\d{3})s?(?:\s+(?:errors?|responses?|status|pages?|redirects?)\b"
            rf"|\s*(?:{'|'.join(CJK_AFTER)}))"
        ),
    ),
    # ... and a status after Chinese or Japanese words for "returns", "status code":
    # "出现504返回", "返回 502", "状态码: 403", "ステータス 500"
    (
        "CJK status",
        re.compile(rf"(?:{'|'.join(CJK_BEFORE)})(?:コード|\s*코드)?\s*[:：]?\s*(\d{{3}})\b"),
    ),
    # IIS's error pages: "502 - Web server received an invalid response while acting as a
    # gateway or proxy server.", "404 - File or directory not found."
    ("IIS page", re.compile(r"(?m)^\s*([45]\d\d)(?:\.\d{1,3})?\s+[-–]\s+[A-Z][a-z]")),
    # IIS's substatus: "500.19 error", "403.14 - Forbidden", "401.2 status"
    ("IIS substatus", re.compile(r"(?i)\b([1-5]\d\d)\.\d{1,3}(?=\s*(?:-|–|errors?\b|status\b))")),
    # a server or proxy and the number it answered: "HAProxy 504 with configuration that used
    # to work", "nginx 405", "ALB returns 502"
    (
        "server and a number",
        re.compile(
            rf"(?i)\b(?=[{''.join(sorted({name[0] for name in SERVER_NAMES}))}])"
            rf"(?:{'|'.join(SERVER_NAMES)})"
            r"(?:\s+(?:returns?|returned|returning|gives?|gave|answers?|answered|says|throws?))?"
            r"\s*[:=]?\s+(\d{3})\b"
        ),
    ),
    # Tornado's and many Go routers' access lines: "403 POST /login (127.0.0.1) 1.23ms"; and
    # "504 on /prod/external-metrics"
    (
        "number and a path",
        re.compile(r"\b([1-5]\d\d)\s+(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+/"),
    ),
    ("number on a path", re.compile(r"(?i)\b(\d{3})s?\s+(?:on|for)\s+/")),
    # "getting 502s", "seeing random 504s", "a few 404s": statuses counted (PLURAL_BEFORE must
    # precede the number), never "300s" alone
    ("plural", re.compile(r"\b(\d{3})[sS]\b")),
    # google.api_core.exceptions.ResourceExhausted: 429, HttpError: 403
    ("exception", re.compile(r"[A-Za-z](?:Error|Exception|Exhausted|Denied|Failed): (\d{3})\b")),
    # "status code 0", "xhr.status is 0", "status: 0", "got a 0 status": what a browser script
    # or an HTTP client reports when no response reached it (the "No response" page), but not
    # a process's "exit status 0", "0x80", "0.5" or "0 ms"
    (
        "status zero",
        re.compile(
            r"(?i)(?=[sagr])(?:(?<!exit )\bstatus(?:[ _]?code)?\"?\s*(?:is|was|of|:|=|==|===)?\s*\"?"
            r"|\b(?:a|got|get|gets|getting|returns?|returned|returning)\s+(?=0\s+(?:status|response)))"
            r"(0)\b(?![.,/x]\d|x)(?!\s*(?:ms|s\b|sec|seconds?|bytes?|%|errors?|items?|rows?|of\b))"
        ),
    ),
]
PLURAL_BEFORE = re.compile(
    r"(?i)\b(?:returning|returns|returned|getting|gets?|got|throws?|throwing|seeing|sees?|saw|"
    r"giving|gives?|random|intermittent|occasional|sporadic|frequent|some|many|few|lots of|"
    r"spurious|constant|more|brief|produces?|produced|producing|causes?|caused|causing|hits?|"
    r"hitting|serves?|served|serving|spikes? of|bunch of|burst of|handful of|flood of)\s+"
    r"(?:(?:random|intermittent|occasional|sporadic|frequent|some|"
    r"many|few|more|http)\s+)?$"
)
HEADER_RE = re.compile(r"(?m)^[<>]?\s*([A-Za-z][A-Za-z0-9-]{1,60}):[ \t]*(.*?)\s*$")
PRODUCER_FINGERPRINTS = [
    # (header name, value pattern, producer answer, label)
    ("server", re.compile(r"(?i)cloudflare"), "edge", "Cloudflare"),
    ("cf-ray", re.compile(r"."), "edge", "Cloudflare"),
    ("cf-error-type", re.compile(r"."), "edge", "Cloudflare"),
    ("cf-mitigated", re.compile(r"(?i)challenge"), "edge", "Cloudflare (a challenge page)"),
    ("x-amz-cf-id", re.compile(r"."), "edge", "Amazon CloudFront"),
    ("x-cache", re.compile(r"(?i)error from cloudfront"), "edge", "Amazon CloudFront"),
    ("server", re.compile(r"(?i)akamai|akamaighost"), "edge", "Akamai"),
    ("server", re.compile(r"(?i)awselb"), "gateway", "AWS Elastic Load Balancing"),
    ("x-amzn-errortype", re.compile(r"."), "gateway", "Amazon API Gateway"),
    ("server", re.compile(r"(?i)^envoy"), "gateway", "Envoy"),
    ("server", re.compile(r"(?i)^nginx|openresty"), "gateway", "nginx"),
    ("server", re.compile(r"(?i)amazons3"), "app", "Amazon S3"),
    ("server", re.compile(r"(?i)microsoft-iis"), "app", "Microsoft IIS"),
    ("via", re.compile(r"."), None, "a proxy named in Via"),
]


# Proxies whose Server header stays on what they pass through from the application.
PASS_THROUGH = frozenset({"nginx", "Envoy"})


@dataclass
class Evidence:
    start: int
    end: int
    kind: str  # "status", "header", "signal", "producer", "word"
    label: str


@dataclass
class Hint:
    header: str
    advice: str


WHOLE_TEXT_PATTERNS = {"status line", "access log", "load balancer log"}  # the rest: the head
# Text that every match of a pattern contains (lowercased; any one of them): a pattern whose
# pieces are all missing from the text cannot match and is not run. A 64 KB log runs a third
# of the patterns.
NEEDS = {
    "status line": ("http/",),
    "browser console": ("get", "post", "put", "patch", "delete", "head", "options"),
    "client message": ("status",),
    ".NET HttpClient": ("indicate success", "not_success_statuscode"),
    "JSON field": ('"',),
    "urllib": ("http error",),
    "requests": (" client error", " server error"),
    "access log": (" http/",),
    "log field": ("status",),
    "error number": ("error",),
    "load balancer log": ("http", "h2", "grpc", "ws"),
    "HTTP and a number": ("http",),
    "npm": ("npm err!",),
    "described": ("error", "response", "status", "page", "redirect", *CJK_AFTER),
    "CJK status": CJK_BEFORE,
    "IIS page": (" - ", " – "),
    "IIS substatus": (".",),
    "server and a number": SERVER_NAMES,
    "number and a path": (" /",),
    "number on a path": (" on /", " for /"),
    "exception": (": ",),
    "status zero": ("status", "response"),
}

# Word boundaries of ASCII alone: in Chinese, Japanese or Korean text a number sits right
# against the words around it ("显示http400", "502 Bad Gatewayが発生").
STATUS_PATTERNS = [
    (label, re.compile(p.pattern, (p.flags & ~re.UNICODE) | re.ASCII))
    for label, p in STATUS_PATTERNS
]

# Patterns that read a number out of prose: there a number next to a unit, a '#', a port colon
# or a version dot is something else (a duration, a size, an issue, a port, a version).
LOOSE_PATTERNS = {
    "mentioned",
    "server and a number",
    "number on a path",
    "described",
    "plural",
    "error number",
    "client message",
    "HTTP and a number",
}
NOT_A_STATUS_AFTER = re.compile(
    r"(?i)\s*(?:ms|msec|milliseconds?|s\b|secs?\b|seconds?|minutes?|mins?\b|hours?|[kmg]i?b\b|"
    r"bytes?|%|percent|connections?|requests?\b|rps|req/s|users?|times|lines?|rows?|items?|px|"
    r"characters?|chars?|threads?|workers?|pods?|instances?)"
)


# A number right after these words is the status someone expected, not the one they got:
# "returns 400 instead of 401", "should be returning 200", "Expected: status code 201",
# "Expected output:" over a status line.
EXPECTED_BEFORE = re.compile(
    r"(?i)(?:\bexpect(?:ed|ing|s)\b:?|\bshould\s+(?:have\s+)?(?:be(?:en)?\s+)?"
    r"(?:return(?:s|ed|ing)?|get(?:ting)?|give|send|respond\s+with)?|\binstead\s+of|"
    r"\bsupposed\s+to\s+(?:be|return|get)|\bcorrect|\bintended|\bdesired)"
    r"\s*(?:(?:an?|the|a\s+proper|proper|correct|with|of|http(?:/\d(?:\.\d)?)?|status|code|"
    r"response|output|result|behaviou?r|outcome|[<>]|:)\s*)*$"
)


EXPECT_HEADER_BEFORE = re.compile(r"(?i)\bexpect:\s*$")


# Apache's error page, when its own ErrorDocument fails too: "Additionally, a 404 Not Found
# error was encountered while trying to use an ErrorDocument to handle the request." That
# second status is the error page's, never the one the client got.
ERROR_DOCUMENT_AFTER = re.compile(
    r"(?i)[\s\S]{0,40}?error was encountered while trying to use an ErrorDocument"
)


# Words one of which EXPECTED_BEFORE needs: a window without any is not searched (a long paste
# holds hundreds of numbers, and the search tries every position of the window).
EXPECTED_WORDS = ("expect", "should", "instead", "supposed", "correct", "intended", "desired")


def error_document_status(text, end):
    """Whether the number ending at `end` is the status of Apache's failed ErrorDocument."""
    return "errordocument" in text[end : end + 120].lower() and bool(
        ERROR_DOCUMENT_AFTER.match(text, end)
    )


def expected_not_got(text, start):
    """Whether the number at `start` is a status someone expected rather than got."""
    window = text[max(0, start - 60) : start].lower()
    return any(word in window for word in EXPECTED_WORDS) and bool(
        EXPECTED_BEFORE.search(text, max(0, start - 60), start)
    )


def not_a_status(text, start, end):
    """True when the number at text[start:end], read by a loose pattern, is plainly not a
    status: a duration, a count, a size, an issue number, a port or part of a version."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before in "#:/." or after in ".:/" and end + 1 < len(text) and text[end + 1].isdigit():
        return True
    if before == "-" and start >= 2 and text[start - 2].isdigit():
        return True  # a range such as 200-299 or a date
    return bool(NOT_A_STATUS_AFTER.match(text, end))


# Wordings servers and tools use for a code that differ from its registered phrase, hyphens as
# spaces: read after the number in a text (nginx's "503 Service Temporarily Unavailable"), and
# as a typed status in the guide.
VENDOR_WORDINGS = {
    "request uri too large": 414,  # nginx
    "request uri too long": 414,
    "request entity too large": 413,
    "payload too large": 413,
    "request time out": 408,  # nginx, Apache: "Request Time-out"
    "gateway time out": 504,
    "unprocessable entity": 422,
    "requested range not satisfiable": 416,
    "range not satisfiable": 416,
    "expectation failed": 417,
    "client closed request": 499,
    "too many requests": 429,
    "service temporarily unavailable": 503,  # nginx's page
    "temporarily unavailable": 503,
    "request header or cookie too large": 400,  # nginx
    "bad request header": 400,
    "not allowed": 405,  # nginx's page: "405 Not Allowed"
}


def phrase_key(phrase):
    """A reason phrase, former name or constant as comparable words: lowercased, hyphens,
    underscores and other punctuation read as spaces ("Request-URI Too Large", "GATEWAY_TIMEOUT",
    "Gateway Time-out" -> "gateway time out"). `Index.phrase_codes` and the guide's typed status
    both file names this way."""
    return " ".join(re.sub(r"[_\-.:()]+", " ", phrase.lower()).split())


def find_statuses(text, index):
    found = []
    head = text[:MAX_WORD_SCAN]
    lowered = text.lower()
    lowered_head = lowered[:MAX_WORD_SCAN]
    for label, pattern in STATUS_PATTERNS:
        whole = label in WHOLE_TEXT_PATTERNS
        scanned = text if whole else head
        needs = NEEDS.get(label)
        if needs and not any(piece in (lowered if whole else lowered_head) for piece in needs):
            continue
        for match in pattern.finditer(scanned):
            number = int(match.group(1))
            if number not in index.known_codes:
                continue
            end = match.end(1)
            if scanned[end : end + 1] in ("s", "S") and match.end() > end:
                end += 1  # a plural ("502s"), not a number of seconds
            if label == "plural" and not PLURAL_BEFORE.search(
                scanned, max(0, match.start() - 40), match.start()
            ):
                continue
            if label in LOOSE_PATTERNS and not_a_status(scanned, match.start(1), end):
                continue
            if error_document_status(scanned, end):
                continue
            if (label in LOOSE_PATTERNS or label == "status line") and expected_not_got(
                scanned, match.start(1) if label == "status line" else match.start()
            ):
                continue
            found.append((match.start(1), match.end(1), number, label))
    if index.numbered is not None:
        for match in index.numbered.finditer(text[:MAX_WORD_SCAN]):
            number = int(match.group(1))
            if number not in index.phrase_codes.get(phrase_key(match.group(2)), ()):
                continue
            if expected_not_got(text, match.start()) or EXPECT_HEADER_BEFORE.search(
                text, max(0, match.start() - 12), match.start()
            ):
                continue  # a status someone expected; "Expect: 100-continue" is a header
            if error_document_status(text, match.end()):
                continue
            found.append((match.start(1), match.end(1), number, "number and reason phrase"))
    found.sort()
    evidence = [Evidence(s, e, "status", f"status {n} ({label})") for s, e, n, label in found]
    ordered = []
    for _s, _e, number, _label in found:
        if number not in ordered:
            ordered.append(number)
    if any(number >= 400 for number in ordered):
        # "200 in staging, 500 in production", "curl gets 200, the browser 403": a report is
        # about the failure, so a success status it also names comes after the error ones.
        ordered.sort(key=lambda number: 200 <= number < 300)
    if any(number >= 200 for number in ordered):
        # "HTTP/1.1 100 Continue" and then the final status: an interim response is not the
        # answer the client got, unless nothing else came.
        ordered.sort(key=lambda number: 100 <= number < 200)
    return ordered, evidence


def find_headers(text):
    headers = {}
    for match in HEADER_RE.finditer(text):
        name = match.group(1).lower()
        if name in ("http", "https") or len(match.group(0)) > MAX_LINE_SCAN:
            continue
        headers.setdefault(name, (match.group(2), match.start(), match.end()))
    return headers


def retry_after_advice(value, headers, now=None):
    value = value.strip()
    if value.isdigit():
        seconds = int(value)
        return f"Wait {seconds} second{'s' if seconds != 1 else ''} before retrying."
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return f"Retry-After is “{value[:80]}”, which is neither seconds nor an HTTP date."
    reference = None
    if "date" in headers:
        try:
            reference = parsedate_to_datetime(headers["date"][0])
        except (TypeError, ValueError, IndexError):
            reference = None
    if reference is not None and when.tzinfo and reference.tzinfo:
        seconds = max(0, int((when - reference).total_seconds()))
        return f"Wait until {value} ({seconds} seconds after the response's Date) before retrying."
    return f"Wait until {value} before retrying."


AUTH_PARAM_RE = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|([^\s,]+))')


def auth_hint(header, value):
    scheme = value.split(None, 1)[0] if value.strip() else ""
    params = {m.group(1).lower(): m.group(2) or m.group(3) for m in AUTH_PARAM_RE.finditer(value)}
    error = params.get("error")
    description = params.get("error_description")
    parts = [f"The server asks for {scheme or 'an unnamed'} authentication."]
    if error == "invalid_token":
        parts.append("The token was refused as expired, revoked or malformed: get a new one.")
    elif error == "insufficient_scope":
        parts.append(
            "The token is valid but lacks a scope this call needs"
            + (f" ({params['scope']})" if params.get("scope") else "")
            + ": request a token with that scope; refreshing the same one will not help."
        )
    elif error == "invalid_request":
        parts.append(
            "The request is malformed (missing or duplicated credentials): fix the header."
        )
    elif scheme and not error:
        parts.append("No error code: the request probably carried no credentials at all.")
    if description:
        parts.append(f"The server says: “{description[:200]}”.")
    return Hint(header, " ".join(parts))


def header_hints(headers, status):
    hints = []
    if "retry-after" in headers:
        hints.append(Hint("Retry-After", retry_after_advice(headers["retry-after"][0], headers)))
    if "www-authenticate" in headers:
        hints.append(auth_hint("WWW-Authenticate", headers["www-authenticate"][0]))
    if "proxy-authenticate" in headers:
        scheme = (
            headers["proxy-authenticate"][0].split(None, 1)[0]
            if headers["proxy-authenticate"][0]
            else ""
        )
        hints.append(
            Hint(
                "Proxy-Authenticate",
                f"A proxy between you and the API wants {scheme or 'its own'} credentials "
                "(Proxy-Authorization), not the API's.",
            )
        )
    if "allow" in headers:
        methods = ", ".join(m.strip() for m in headers["allow"][0].split(",") if m.strip())
        hints.append(
            Hint(
                "Allow", f"Use one of: {methods}." if methods else "The resource allows no method."
            )
        )
    if "location" in headers and (status is None or 300 <= status < 400 or status == 201):
        hints.append(Hint("Location", f"The response points to {headers['location'][0][:300]}."))
    limit_names = [
        n for n in headers if n.startswith("x-ratelimit") or n in ("ratelimit", "ratelimit-policy")
    ]
    for name in limit_names:
        value = headers[name][0]
        advice = f"{value[:120]}"
        if name.endswith("remaining") and value.strip() == "0":
            advice = "0 requests left in the current window."
        elif name.endswith("reset"):
            advice = (
                f"The window resets at {value[:60]} (seconds or a Unix time, depending on the API)."
            )
        hints.append(Hint(name.title().replace("X-Ratelimit", "X-RateLimit"), advice))
    return hints


def find_producer(headers, text):
    evidence, producer, label = [], None, None
    for name, pattern, answer, what in PRODUCER_FINGERPRINTS:
        if name in headers and pattern.search(headers[name][0]):
            _value, start, end = headers[name]
            evidence.append(Evidence(start, end, "producer", f"sent by {what}"))
            if producer is None and answer:
                producer, label = answer, what
    html = re.search(r"(?i)<!doctype html|<html[\s>]", text)
    content_type = headers.get("content-type", ("",))[0].lower()
    if producer == "gateway" and label in PASS_THROUGH and "json" in content_type and not html:
        # nginx's and Envoy's own error responses are an HTML page or plain text: a JSON
        # body under their Server header comes from the application behind them.
        producer, label = "app", f"the application behind {label} (a JSON body)"
    if html and "json" in content_type:
        evidence.append(
            Evidence(html.start(), html.end(), "header", "an HTML page labelled as JSON")
        )
    elif html:
        evidence.append(
            Evidence(html.start(), html.end(), "header", "an HTML page, not the API's JSON")
        )
    return producer, label, evidence


def find_named_statuses(text, index):
    """Codes named only by their reason phrase ("Bad Gateway", "payload too large")."""
    found, evidence = [], []
    head = text[:MAX_WORD_SCAN]
    lowered = head.lower()
    for pattern, code in index.phrases:
        if cannot_match(pattern, head, lowered):
            continue  # the phrase's words are not in the text at all
        match = next(
            (m for m in pattern.finditer(head) if not error_document_status(head, m.end())), None
        )
        if match and code not in found:
            found.append(code)
            evidence.append(
                Evidence(match.start(), match.end(), "status", f"status {code} named by its phrase")
            )
    return found, evidence
