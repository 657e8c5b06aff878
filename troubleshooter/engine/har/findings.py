"""What in a HAR failed or looks wrong, most telling first: CORS preflights and the requests they
guarded, cross-origin calls the browser blocked, redirect chains (a method changed, a header
dropped between hosts, a sign-in page at the end, a loop, an HSTS upgrade the browser made
itself), mixed content, failed responses (with who produced them), requests that got no
response (with the browser's reason) and slow phases, set against the timeouts the timeline
page knows.

Each finding says what the HAR shows in plain sentences, what the browser's console says for it
(the message a browser prints for that condition), the facts it establishes for the guide's
questions, and the entries it is about. explain.py turns it into a text for the diagnosis.
(The guide's "preflight" question is not answered from a HAR: few causes' profiles declare it,
so answering it would favour those few over the rest.)
"""

import re
from dataclasses import dataclass, field

from troubleshooter.engine import timeouts
from troubleshooter.engine.har.entries import is_document, without_fragment

ERROR, WARNING, INFO = 3, 2, 1
MAX_FINDINGS = 50
MAX_SLOW = 5
GUARD_WINDOW = 60_000  # ms between a preflight and the request it guarded
# A phase at least this long (ms) is worth a look.
SLOW = {"blocked": 1000, "dns": 1000, "connect": 1000, "ssl": 1000, "send": 1000, "wait": 1000,
        "receive": 3000}  # fmt: skip
PHASE_NAMES = {
    "blocked": "waiting for a free connection (blocked)",
    "dns": "DNS lookup",
    "connect": "connecting (TCP)",
    "ssl": "the TLS handshake",
    "send": "sending the request",
    "wait": "waiting for the first byte (the server working)",
    "receive": "receiving the response",
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SIMPLE_METHODS = {"GET", "HEAD", "POST"}
SIMPLE_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}
SAFELISTED = {"accept", "accept-language", "content-language", "content-type", "range"}
# Headers a browser sets itself, never by script: they do not make a request need a preflight.
BROWSER_HEADERS = {"user-agent", "referer", "origin", "host", "connection", "cookie",
                   "accept-encoding", "content-length", "sec-ch-ua", "sec-ch-ua-mobile",
                   "sec-ch-ua-platform", "sec-fetch-site", "sec-fetch-mode", "sec-fetch-dest",
                   "sec-fetch-user", "priority", "pragma", "cache-control", "dnt",
                   "upgrade-insecure-requests", "if-none-match", "if-modified-since"}  # fmt: skip
LOGIN_PATH_RE = re.compile(
    r"(?i)/(?:log-?in|sign-?in|signin|sign_in|auth|authorize|sso|saml2?|oauth2?|cas/login|"
    r"session/new|wp-login\.php|idp|openid-connect)(?:[/?#.]|$)"
)
LOGIN_HOST_RE = re.compile(r"(?i)^(?:login|auth|sso|accounts|signin|id)\.|login\.microsoftonline")
LOCAL_HOST_RE = re.compile(r"(?i)^(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?::\d+)?$")
NETWORK_ERRORS = (
    # (browser error text, guide answer to "what does the network error say?", a sentence)
    ("NAME_NOT_RESOLVED", "unreachable", "the host name did not resolve (DNS)"),
    ("NS_ERROR_UNKNOWN_HOST", "unreachable", "the host name did not resolve (DNS)"),
    ("CONNECTION_REFUSED", "unreachable", "the connection was refused: nothing listens there"),
    ("NS_ERROR_CONNECTION_REFUSED", "unreachable", "the connection was refused"),
    ("ADDRESS_UNREACHABLE", "unreachable", "the address is unreachable"),
    ("CONNECTION_TIMED_OUT", "connect-timeout", "connecting timed out"),
    ("NS_ERROR_NET_TIMEOUT", "read-timeout", "the connection timed out"),
    ("TIMED_OUT", "read-timeout", "the request timed out waiting for the response"),
    ("CERT_", "tls", "the server's certificate was not accepted"),
    ("SSL_", "tls", "the TLS handshake failed"),
    ("NS_ERROR_NET_RESET", "closed", "the connection was reset"),
    ("CONNECTION_RESET", "closed", "the connection was reset"),
    ("CONNECTION_CLOSED", "closed", "the connection closed before a response"),
    ("EMPTY_RESPONSE", "closed", "the server closed the connection without a response"),
    ("NS_ERROR_NET_INTERRUPT", "closed", "the connection was interrupted"),
    ("HTTP2_PROTOCOL_ERROR", "closed", "the HTTP/2 stream was reset"),
    ("QUIC_PROTOCOL_ERROR", "closed", "the HTTP/3 (QUIC) connection failed"),
)
GATEWAY_PRODUCTS = {
    # producer label (evidence.py) -> (timeline layer, product slug)
    "nginx": ("proxy", "nginx"),
    "Envoy": ("proxy", "envoy"),
    "Cloudflare": ("cdn", "cloudflare"),
    "Amazon CloudFront": ("cdn", "cloudfront"),
    "AWS Elastic Load Balancing": ("balancer", "aws-alb"),
    "Amazon API Gateway": ("balancer", "aws-api-gateway"),
}
TIMEOUT_CODES = {408, 502, 503, 504, 522, 524, 460, 499}
READ_TIMEOUT_CODES = {408, 504, 524}  # a layer gave up waiting for the answer (not to connect)
CONNECT_CODES = {521, 522, 523}  # a layer could not reach the one behind it


@dataclass
class Finding:
    kind: str
    title: str
    entries: list  # the entries it is about, in order; the last is the one the page saw
    severity: int = ERROR
    details: list = field(default_factory=list)  # sentences
    browser_says: str = ""  # what the browser's console prints for this
    facts: list = field(default_factory=list)  # [(guide question slug, answer)]
    status: int | None = None  # what the script or page got (0: no response)
    timeline: str = ""  # a query for /timeouts/ that draws this case
    slow: list = field(default_factory=list)  # [(entry, phase, ms)]

    @property
    def entry(self):
        return self.entries[-1]

    def fact(self, question, answer):
        if all(q != question for q, _a in self.facts):
            self.facts.append((question, answer))


def find(entries):
    """Every finding, most severe first, then in the order they happened."""
    claimed = set()
    found = []
    found += mixed_content(entries, claimed)
    found += cors(entries, claimed)
    found += redirects(entries, claimed)
    found += failures(entries, claimed)
    found += slow(entries, found)
    for finding in found:
        for entry in finding.entries:
            if entry.own_error:
                finding.fact("producer", entry.producer)
        common_facts(finding)
    found.sort(key=lambda f: (-f.severity, f.entries[0].offset, f.entries[0].number))
    return found[:MAX_FINDINGS], max(0, len(found) - MAX_FINDINGS)


def common_facts(finding):
    entry = finding.entry
    first = finding.entries[0]
    if first.cross_origin and first.from_script:
        finding.fact("method", "cross-origin")
    elif first.method in WRITE_METHODS:
        finding.fact("method", "write")
    elif first.method in ("GET", "HEAD"):
        finding.fact("method", "read")
    if finding.severity == ERROR and entry.time >= 0:
        if entry.time >= 10_000:
            finding.fact("speed", "slow")
        elif entry.time <= 1_000:
            finding.fact("speed", "fast")


def seconds(ms):
    value = ms / 1000
    if value >= 10:
        return f"{value:.0f} s"
    if value >= 1:
        return f"{value:.1f} s"
    return f"{ms:.0f} ms"


# CORS ----------------------------------------------------------------------------------------


def cors(entries, claimed):
    found = []
    for entry in entries:
        wanted = entry.request_header("access-control-request-method")
        if entry.method != "OPTIONS" or not wanted:
            continue
        claimed.add(entry.number)
        # The request it guarded: the same URL and method, nearest in time (Chrome starts the
        # request first and the preflight a moment later; other browsers the other way round).
        candidates = [
            other
            for other in entries
            if other.method == wanted.strip().upper()
            and without_fragment(other.url) == without_fragment(entry.url)
            and other.number not in claimed
            and abs(other.offset - entry.offset) <= GUARD_WINDOW
        ]
        guarded = min(
            candidates, key=lambda o: (abs(o.offset - entry.offset), o.number), default=None
        )
        if guarded is not None:
            claimed.add(guarded.number)
        problem = preflight_problem(entry)
        if problem is not None:
            found.append(preflight_finding(entry, guarded, *problem))
        elif guarded is not None and (guarded.status == 0 or not allows_origin(guarded)):
            found.append(blocked_finding(guarded, preflight=entry))
    for entry in entries:
        if entry.number in claimed or not (entry.cross_origin and entry.from_script):
            continue
        if entry.method == "OPTIONS":
            continue
        no_answer = entry.status == 0 and blocked_by_browser(entry)
        refused = entry.status and not 300 <= entry.status < 400 and not allows_origin(entry)
        if no_answer or refused:
            claimed.add(entry.number)
            found.append(blocked_finding(entry))
    return found


def blocked_by_browser(entry):
    error = entry.error.upper()
    return not error or "ERR_FAILED" in error or "CORS" in error or "BLOCKED" in error


def console_start(entry):
    return (
        f"Access to fetch at '{entry.url}' from origin '{entry.initiator_origin}' has been "
        "blocked by CORS policy:"
    )


def allow_origin_problem(entry):
    """What is wrong with a response's Access-Control-Allow-Origin for its request, as
    (console message, guide answer), or None."""
    values = entry.response_values("access-control-allow-origin")
    origin = entry.initiator_origin
    if not values:
        return (
            "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            "no-allow-origin",
        )
    if len(values) > 1 or "," in values[0]:
        joined = ", ".join(values)
        return (
            f"The 'Access-Control-Allow-Origin' header contains multiple values '{joined}', but "
            "only one is allowed.",
            "multiple-values",
        )
    value = values[0].strip()
    credentialed = bool(entry.request_header("cookie") or entry.request_header("authorization"))
    if value == "*" and credentialed:
        return (
            "The value of the 'Access-Control-Allow-Origin' header in the response must not be "
            "the wildcard '*' when the request's credentials mode is 'include'.",
            "wildcard",
        )
    if value != "*" and origin and value.lower().rstrip("/") != origin:
        return (
            f"The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal "
            "to the supplied origin.",
            "no-allow-origin",
        )
    return None


def allows_origin(entry):
    return allow_origin_problem(entry) is None


def preflight_problem(preflight):
    """Why a preflight fails, as (console message, guide answer, sentence), or None."""
    prefix = "Response to preflight request doesn't pass access control check: "
    if preflight.status == 0:
        return None  # no response at all: no-response explains it, with the guarded request
    if 300 <= preflight.status < 400:
        return (
            "Redirect is not allowed for a preflight request.",
            "preflight-redirect",
            f"The preflight was answered with a redirect ({preflight.status}); browsers do not "
            "follow redirects of a preflight.",
        )
    if not 200 <= preflight.status < 300:
        return (
            prefix + "It does not have HTTP ok status.",
            "no-allow-origin",
            f"The preflight got {preflight.status}: it must get a 2xx (usually 204) from a "
            "route or middleware that answers OPTIONS.",
        )
    problem = allow_origin_problem(preflight)
    if problem is not None:
        return (prefix + problem[0], problem[1],
                "The preflight's answer does not allow the page's origin.")  # fmt: skip
    method = (preflight.request_header("access-control-request-method") or "").strip().upper()
    allowed = {m.strip().upper() for m in (preflight.response_header(
        "access-control-allow-methods") or "").split(",") if m.strip()}  # fmt: skip
    if method and method not in SIMPLE_METHODS and method not in allowed and "*" not in allowed:
        return (
            f"Method {method} is not allowed by Access-Control-Allow-Methods in preflight "
            "response.",
            "no-allow-origin",
            f"The preflight's Access-Control-Allow-Methods does not list {method}.",
        )
    asked = [h.strip().lower() for h in (preflight.request_header(
        "access-control-request-headers") or "").split(",") if h.strip()]  # fmt: skip
    allowed_headers = {h.strip().lower() for h in (preflight.response_header(
        "access-control-allow-headers") or "").split(",") if h.strip()}  # fmt: skip
    missing = [h for h in asked if h not in allowed_headers and "*" not in allowed_headers]
    if missing:
        return (
            f"Request header field {missing[0]} is not allowed by Access-Control-Allow-Headers "
            "in preflight response.",
            "no-allow-origin",
            f"The preflight's Access-Control-Allow-Headers does not list {', '.join(missing)}.",
        )
    return None


def preflight_finding(preflight, guarded, message, answer, sentence):
    entries = [preflight] + ([guarded] if guarded is not None else [])
    method = preflight.request_header("access-control-request-method") or "?"
    finding = Finding(
        "cors",
        f"CORS preflight failed: the browser did not let the {method.upper()} through",
        entries,
        details=[
            f"Before {method.upper()} {preflight.url} the browser asked the server with an "
            f"OPTIONS preflight from {preflight.initiator_origin or 'the page'}.",
            sentence,
        ],
        browser_says=f"{console_start(preflight)} {message}",
        status=0,
    )
    if guarded is None or guarded.status == 0:
        finding.details.append(
            "The request itself was never sent, so the page's script saw a network error "
            "(status 0, “Failed to fetch”)."
        )
    finding.fact("browser-console", answer)
    finding.fact("network-error", "browser")
    return finding


def needs_preflight(entry):
    """Whether a cross-origin request needs a preflight, and why (a sentence) or ""."""
    reasons = []
    if entry.method not in SIMPLE_METHODS:
        reasons.append(f"its method is {entry.method}")
    content_type = (entry.request_header("content-type") or "").split(";")[0].strip().lower()
    if content_type and content_type not in SIMPLE_TYPES:
        reasons.append(f"its Content-Type is {content_type}")
    custom = sorted(
        {name for name, _v in entry.request_headers
         if name.lower() not in SAFELISTED and name.lower() not in BROWSER_HEADERS
         and not name.startswith(":")},
        key=str.lower,
    )  # fmt: skip
    if custom:
        reasons.append(f"it sets {', '.join(custom)}")
    return "; ".join(reasons)


def blocked_finding(entry, preflight=None):
    """A cross-origin call the browser blocked: no readable response, or a response that does not
    allow the page's origin."""
    finding = Finding("cors", "", [entry] if preflight is None else [preflight, entry], status=0)
    finding.fact("network-error", "browser")
    if entry.status:
        message, answer = allow_origin_problem(entry) or ("", "no-allow-origin")
        finding.title = (
            f"CORS hid the real status: the server answered {entry.status}, the script saw a "
            "network error"
        )
        finding.details = [
            f"{entry.label} went from {entry.initiator_origin or 'the page'} to another origin. "
            f"The server answered {entry.status} {entry.status_text}".rstrip()
            + ", but the "
            "response does not allow the page's origin, so the browser gave the script a "
            "network error (status 0, “Failed to fetch”) instead.",
        ]
        if entry.status >= 400:
            finding.details.append(
                "Error responses often skip the CORS middleware (an error handler, a gateway's "
                "own error page): fix the error, and send the CORS headers on errors too."
            )
        finding.browser_says = f"{console_start(entry)} {message}"
        finding.fact("browser-console", answer)
        return finding
    why = needs_preflight(entry)
    finding.title = f"The browser blocked a cross-origin {entry.method} (CORS)"
    finding.details = [
        f"{entry.label} went from {entry.initiator_origin or 'the page'} to another origin and "
        f"got no response the page could read ({entry.error or 'no reason recorded'}).",
    ]
    if preflight is not None:
        finding.details.append(
            f"Its preflight got {preflight.status}, but the request itself was blocked: its "
            "response does not allow the page's origin."
        )
    elif why:
        finding.details.append(
            f"It needs a CORS preflight ({why}); the preflight is not in this HAR (Chrome "
            "lists it as a separate OPTIONS entry; some exports, Playwright's among them, leave "
            "it out). Either the preflight failed, or the response lacked "
            "Access-Control-Allow-Origin."
        )
    else:
        finding.details.append(
            "It needs no preflight, so the server most likely answered (its log shows the real "
            "status, often an error) without Access-Control-Allow-Origin, and the browser hid "
            "the answer from the script."
        )
    finding.browser_says = f"{console_start(entry)} net::ERR_FAILED. TypeError: Failed to fetch"
    return finding


# Redirects -----------------------------------------------------------------------------------


def is_redirect(entry):
    return 300 <= entry.status < 400 and entry.status != 304 and bool(entry.redirect_url)


def internal_redirect(entry):
    return entry.status == 307 and (
        "internal" in entry.status_text.lower()
        or entry.response_header("non-authoritative-reason") is not None
    )


def redirects(entries, claimed):
    found = []
    for position, entry in enumerate(entries):
        if entry.number in claimed or not is_redirect(entry):
            continue
        chain, current, seen = [entry], entry, {without_fragment(entry.url)}
        loop = False
        for later in entries[position + 1 :]:
            if len(chain) > 20:
                break
            if later.number in claimed or without_fragment(later.url) != current.redirect_url:
                continue
            chain.append(later)
            if without_fragment(later.url) in seen:
                loop = True
            seen.add(without_fragment(later.url))
            if not is_redirect(later):
                break
            current = later
        if len(chain) == 1:
            continue  # not followed in this HAR
        claimed.update(e.number for e in chain)
        found.append(redirect_finding(chain, loop))
    return found


def hops(chain):
    parts = [f"{chain[0].method} {chain[0].url}"]
    for before, after in zip(chain, chain[1:], strict=False):
        parts.append(f"{before.status} → {after.method} {after.url}")
    end = chain[-1]
    parts.append(f"{end.status or 'no response'}" + (f" {end.status_text}" if end.status else ""))
    return ", ".join(parts)


def redirect_finding(chain, loop):
    first, end = chain[0], chain[-1]
    finding = Finding("redirect", "", chain, details=[f"The chain: {hops(chain)}."])
    finding.status = end.status if end.failed else first.status
    changed = next(
        (
            (before, after)
            for before, after in zip(chain, chain[1:], strict=False)
            if before.method in WRITE_METHODS and after.method == "GET"
        ),
        None,
    )
    dropped = next(
        (
            (before, after, name)
            for before, after in zip(chain, chain[1:], strict=False)
            for name in ("Authorization",)
            if before.request_header(name) is not None
            and after.request_header(name) is None
            and before.origin != after.origin
        ),
        None,
    )
    internal = next((e for e in chain[:-1] if internal_redirect(e)), None)
    login = (
        end.status < 300
        and end.status != 0
        and (LOGIN_PATH_RE.search(end.path) or LOGIN_HOST_RE.search(end.host))
    )
    expects_data = first.from_script or "json" in (first.request_header("accept") or "").lower()
    downgrade = next(
        (after for before, after in zip(chain, chain[1:], strict=False)
         if before.scheme == "https" and after.scheme == "http"),
        None,
    )  # fmt: skip
    if internal is not None:
        finding.kind = "hsts"
        finding.title = "The browser redirected to HTTPS by itself (HSTS or an internal redirect)"
        finding.details.append(
            f"The 307 for {internal.url} never came from the server: the browser made it "
            "(“307 Internal Redirect”), because the host is on its HSTS list (a "
            "Strict-Transport-Security header seen before, or the preload list), or an "
            "extension or upgrade rule rewrote the URL."
        )
        reason = internal.response_header("non-authoritative-reason")
        if reason:
            finding.details.append(f"Non-Authoritative-Reason: {reason}.")
        finding.browser_says = f"307 Internal Redirect Non-Authoritative-Reason: {reason or 'HSTS'}"
        finding.fact("redirect-chain", "browser-only")
        finding.status = 307 if not end.failed else end.status
        finding.severity = ERROR if end.failed else WARNING
    elif changed is not None:
        before, after = changed
        finding.kind = "redirect-method"
        finding.title = f"A redirect turned {before.method} into GET: the body was dropped" + (
            f", and the new URL answered {end.status}" if end.failed else ""
        )
        finding.details.append(
            f"{before.method} {before.url} got {before.status}; the browser followed it with "
            f"GET {after.url}, without the body. Browsers (and most clients) do this for 301 and "
            "302 as well as 303; only 307 and 308 keep the method and the body."
        )
        finding.fact("redirect-chain", "changed")
        finding.severity = ERROR if end.failed else WARNING
        finding.status = end.status if end.failed else before.status
    elif loop or len(chain) > 10:
        finding.kind = "redirect-loop"
        finding.title = f"A redirect loop ({len(chain) - 1} redirects)"
        finding.details.append("The chain comes back to an address it has already visited.")
        finding.browser_says = "ERR_TOO_MANY_REDIRECTS"
        finding.fact("redirect-chain", "loop")
    elif login and (expects_data or first.status in (301, 302, 303, 307)):
        finding.kind = "login-redirect"
        finding.title = f"A {first.method} was redirected to a sign-in page"
        finding.details.append(
            f"{first.label} was redirected to {end.url}, which answered {end.status} with "
            f"{end.mime or 'a page'}: the session or token was missing or had expired, and "
            "the server sent the sign-in page instead of the data."
        )
        if expects_data:
            finding.details.append(
                "The script expected data: parsing the sign-in page as JSON fails with "
                "“Unexpected token '<'”."
            )
            finding.browser_says = (
                "SyntaxError: Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON"
            )
            finding.fact("client-symptom", "html")
        finding.fact("redirect-chain", "wrong-target")
        finding.status = first.status
    elif dropped is not None:
        before, after, name = dropped
        finding.kind = "redirect-header"
        finding.title = f"The {name} header was dropped at a redirect to another host"
        finding.details.append(
            f"{before.url} carried {name}; the redirected request to {after.origin} did not. "
            "Browsers (and curl, requests, axios) drop credentials on a redirect to another "
            "origin, so the new host sees an anonymous request."
        )
        finding.fact("redirect-chain", "changed")
        finding.severity = ERROR if end.failed else WARNING
    elif downgrade is not None:
        finding.kind = "redirect-target"
        finding.title = "A redirect sent an HTTPS request to plain HTTP"
        finding.details.append(
            f"{downgrade.url} is http://: a proxy that terminates TLS often builds redirects "
            "from the scheme it sees (http) instead of the client's (X-Forwarded-Proto)."
        )
        finding.fact("redirect-chain", "wrong-target")
        finding.severity = ERROR if end.failed else WARNING
    else:
        finding.kind = "redirect"
        finding.title = f"A redirect chain of {len(chain) - 1} hop{'s' if len(chain) > 2 else ''}"
        finding.severity = ERROR if end.failed else INFO
        if end.failed:
            finding.title += f", ending in {end.status or 'no response'}"
    return finding


# Mixed content and failures ------------------------------------------------------------------


def mixed_content(entries, claimed):
    found = []
    for entry in entries:
        if entry.number in claimed or entry.scheme != "http" or is_document(entry):
            continue
        if not entry.page_url.lower().startswith("https://") or LOCAL_HOST_RE.match(entry.host):
            continue
        claimed.add(entry.number)
        what = "XMLHttpRequest endpoint" if entry.from_script else "resource"
        finding = Finding(
            "mixed-content",
            "Mixed content: an HTTPS page requested a plain http:// address",
            [entry],
            details=[
                f"The page {entry.page_url} is HTTPS, and {entry.label} is not. Browsers block "
                "such requests from scripts (and upgrade or block images and media), so no "
                "response reaches the page."
            ],
            browser_says=(
                f"Mixed Content: The page at '{entry.page_url}' was loaded over HTTPS, but "
                f"requested an insecure {what} '{entry.url}'. This request has been blocked; the "
                "content must be served over HTTPS."
            ),
            status=0 if entry.status == 0 else entry.status,
        )
        finding.fact("browser-console", "mixed-content")
        finding.fact("network-error", "browser")
        found.append(finding)
    return found


def failures(entries, claimed):
    found = []
    for entry in entries:
        if entry.number in claimed or not entry.failed:
            continue
        claimed.add(entry.number)
        if entry.status:
            found.append(failed_finding(entry))
        else:
            found.append(no_response_finding(entry))
    return found


def failed_finding(entry):
    what = "page" if is_document(entry) else "request"
    finding = Finding(
        "failed",
        f"{entry.status} {entry.status_text}".rstrip() + f" for {entry.label}",
        [entry],
        details=[f"The {what} {entry.label} got {entry.status} {entry.status_text}".rstrip() + "."],
        status=entry.status,
        severity=ERROR if entry.status >= 400 else WARNING,
    )
    if entry.own_error:
        finding.details.append(
            f"{entry.producer_label} made this response itself ({fingerprint(entry)}), not the "
            "application behind it."
        )
    elif entry.producer_label:
        finding.details.append(
            f"It passed through {entry.producer_label} ({fingerprint(entry)})"
            + (", but its JSON body is the application's own answer." if entry.json else ".")
        )
    cache = cache_state(entry)
    if cache:
        finding.details.append(cache)
    return finding


def fingerprint(entry):
    names = ("cf-ray", "x-amz-cf-id", "x-cache", "server", "via", "x-amzn-errortype")
    shown = [f"{name}: {entry.response_header(name)}" for name in names
             if entry.response_header(name)]  # fmt: skip
    return "; ".join(shown[:3]) or "its headers"


def cache_state(entry):
    """A sentence when an error came out of a CDN's or proxy's cache."""
    hit = " ".join(
        filter(None, (entry.response_header(n) for n in ("x-cache", "cf-cache-status")))
    ).lower()
    age = entry.response_header("age")
    if "hit" in hit or (age and age.strip().isdigit() and int(age) > 0):
        return (
            "It was served from a cache (" + (f"age {age} s" if age else hit) + "): the error was "
            "stored earlier, and purging it is part of the fix."
        )
    return ""


def no_response_finding(entry):
    error = entry.error
    upper = error.upper()
    finding = Finding(
        "no-response",
        f"No response for {entry.label}" + (f" ({error})" if error else ""),
        [entry],
        status=0,
    )
    reason = next(((answer, said) for key, answer, said in NETWORK_ERRORS if key in upper), None)
    if "ABORTED" in upper or "CANCEL" in upper:
        finding.severity = INFO
        finding.details.append(
            "The browser cancelled it (the page navigated away, or the script aborted it): "
            "usually a consequence, not a cause."
        )
    elif "BLOCKED_BY_CLIENT" in upper:
        finding.severity = INFO
        finding.details.append(
            "An extension (an ad or tracker blocker) stopped it in the browser; nothing was sent."
        )
    elif reason is not None:
        finding.details.append(f"The browser says {reason[1]} ({error}).")
        finding.fact("network-error", reason[0])
    elif error:
        finding.details.append(f"The browser's reason: {error}.")
    else:
        finding.severity = WARNING
        finding.details.append(
            "The HAR records no response and no reason: the request may still have been "
            "waiting when the HAR was saved, or the browser blocked it without saying why."
        )
    return finding


# Slow phases against known timeouts ------------------------------------------------------------


def slow(entries, found):
    by_entry = {entry.number: finding for finding in found for entry in finding.entries}
    slow_ones = []
    for entry in entries:
        phases = [(ms, phase) for phase, ms in entry.phases.items() if ms >= SLOW[phase]]
        if phases:
            ms, phase = max(phases)
            slow_ones.append((ms, entry, phase))
    new = []
    slow_ones.sort(key=lambda item: (-item[0], item[1].number))
    for ms, entry, phase in slow_ones:
        finding = by_entry.get(entry.number)
        if finding is None:
            if len(new) >= MAX_SLOW:
                continue
            finding = Finding(
                "slow",
                f"{seconds(ms)} in {PHASE_NAMES[phase].split(' (')[0]} for {entry.label}",
                [entry],
                severity=WARNING,
                status=entry.status,
            )
            new.append(finding)
        finding.slow.append((entry, phase, ms))
        finding.details.append(
            f"{entry.label} spent {seconds(ms)} {PHASE_NAMES[phase]}, of {seconds(entry.time)} "
            "in all."
        )
        finding.details += against_timeouts(entry, phase, ms, finding)
    return new


def against_timeouts(entry, phase, ms, finding):
    """Sentences setting a wait against the timeouts of the timeline page's products."""
    if phase != "wait" and not (entry.status in TIMEOUT_CODES and phase in ("receive", "blocked")):
        return []
    waited = ms / 1000
    sentences = []
    gateway = GATEWAY_PRODUCTS.get(entry.producer_label or "")
    if entry.status in CONNECT_CODES:
        return [
            f"{entry.producer_label or 'The gateway'} could not open a connection to the layer "
            f"behind it ({waited:.1f} s): a timeout to connect, not a slow answer."
        ]
    if gateway is not None and entry.status in READ_TIMEOUT_CODES:
        kind, slug = gateway
        product = timeouts.PRODUCTS[slug]
        default = timeouts.seconds(product.timeout)
        sentences.append(
            f"{product.label} answered {entry.status} after waiting {waited:.1f} s for the "
            f"layer behind it: its timeout is set to about {waited:.1f} s (the default, "
            f"{product.setting.split(' (')[0]}, is {default})."
        )
        finding.timeline = (
            f"{kind}={slug}&t_{kind}={round(waited, 1):g}&work={round(2 * waited, 1):g}"
        )
    near = [
        p for p in timeouts.PRODUCTS.values()
        if p.timeout and abs(waited - p.timeout) <= max(0.5, 0.05 * p.timeout)
    ]  # fmt: skip
    passed = [p for p in timeouts.PRODUCTS.values() if p.timeout and p.timeout < waited - 0.5
              and p not in near]  # fmt: skip
    if near:
        names = ", ".join(f"{p.label} ({timeouts.seconds(p.timeout)})" for p in near[:5])
        sentences.append(
            f"{waited:.1f} s is the default timeout of {names}: one of those layers may have "
            "given up."
        )
        if not finding.timeline:
            product = near[0]
            layer = product.kind
            finding.timeline = (
                f"{layer}={product.slug}&work={round(max(waited * 2, product.timeout + 10)):g}"
            )
    elif passed:
        names = ", ".join(f"{p.label} ({timeouts.seconds(p.timeout)})" for p in passed[:4])
        sentences.append(
            f"Longer than the default timeouts of {names}: behind one of those it would end in "
            "a timeout."
        )
    if not finding.timeline and entry.status in timeouts.PRESETS:
        finding.timeline = timeouts.PRESETS[entry.status]
    return sentences


def overview(entries):
    """Counts for the page's summary: requests, failures, and who answered (fingerprints)."""
    producers = {}
    for entry in entries:
        if entry.producer_label:
            producers[entry.producer_label] = producers.get(entry.producer_label, 0) + 1
    documents = [e for e in entries if is_document(e)]
    return {
        "requests": len(entries),
        "failed": sum(1 for e in entries if e.failed),
        "producers": sorted(producers.items(), key=lambda item: (-item[1], item[0])),
        "pages": sorted({e.page_url for e in entries if e.page_url}),
        "span": max((e.end for e in entries), default=0.0),
        "first_document": documents[0] if documents else None,
    }
