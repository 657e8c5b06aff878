"""A sanitized HAR's entries as the analysis reads them: in the order they started, with their
address split up, their status (0 when no response arrived), the browser's reason for a failure,
their timing phases and their headers, and the page each belongs to."""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from troubleshooter.engine.evidence import find_headers, find_producer

PHASES = ("blocked", "dns", "connect", "ssl", "send", "wait", "receive")
BODY_READ = 4096  # characters of a failing response's body the analysis reads
SCRIPT_TYPES = {"fetch", "xhr", "eventsource", "websocket", "preflight"}
# Headers only a layer's own error carries (not the application's answers passing through it).
OWN_ERROR_HEADERS = ("x-amzn-errortype", "cf-mitigated", "cf-error-type")


@dataclass
class Entry:
    number: int  # its place in start order, from 1
    method: str
    url: str
    status: int  # 0: no response reached the page
    status_text: str
    http_version: str
    error: str  # the browser's reason for a failure ("net::ERR_FAILED")
    started: float | None  # ms since the epoch
    offset: float  # ms after the first entry started
    time: float  # ms, the whole request
    phases: dict  # phase -> ms, for the phases the browser measured
    request_headers: list  # [(name, value)], as sent
    response_headers: list
    redirect_url: str  # absolute
    resource_type: str  # "fetch", "document"…, or "" when the browser does not say
    mime: str
    size: float
    body: str  # the start of the response body, when bodies were included
    pageref: str = ""
    page_url: str = ""
    scheme: str = ""
    host: str = ""
    origin: str = ""
    path: str = ""
    producer: str | None = None  # who answered, from fingerprints (evidence.py)
    producer_label: str | None = None
    own_error: bool = False  # the producer made this response itself (not passed it on)
    cached: str = ""  # served from the browser's cache ("memory", "disk")
    raw_status: float = 0  # as the file has it (-1, 0 or a code)
    notes: list = field(default_factory=list)

    def request_header(self, name):
        return first(self.request_headers, name)

    def response_header(self, name):
        return first(self.response_headers, name)

    def response_values(self, name):
        name = name.lower()
        return [value for key, value in self.response_headers if key.lower() == name]

    @property
    def json(self):
        return "json" in (self.response_header("content-type") or self.mime).lower()

    @property
    def failed(self):
        return self.status == 0 or self.status >= 400

    @property
    def end(self):
        return self.offset + max(self.time, 0)

    @property
    def initiator_origin(self):
        """The origin of the page that made the request: its Origin header, its Referer, or the
        page the entry belongs to."""
        origin = self.request_header("origin")
        if origin and origin != "null":
            return origin.lower().rstrip("/")
        referer = self.request_header("referer")
        return origin_of(referer or self.page_url)

    @property
    def cross_origin(self):
        initiator = self.initiator_origin
        return bool(initiator and self.origin and initiator != self.origin)

    @property
    def from_script(self):
        """A fetch() or XMLHttpRequest call (CORS applies), as far as the HAR says."""
        if self.resource_type:
            return self.resource_type.lower() in SCRIPT_TYPES
        mode = (self.request_header("sec-fetch-mode") or "").lower()
        if mode:
            return mode == "cors"
        return bool(self.request_header("origin") or self.request_header("x-requested-with"))

    @property
    def label(self):
        return f"{self.method} {short_url(self.url)}"


def first(headers, name):
    name = name.lower()
    return next((value for key, value in headers if key.lower() == name), None)


def origin_of(url):
    parts = split(url)
    if parts is None or not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()


def split(url):
    try:
        return urlsplit(url or "")
    except ValueError:
        return None


def short_url(url, limit=90):
    """The URL without its scheme, cut in the middle when long."""
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url or "", flags=re.I)
    if len(text) <= limit:
        return text
    return text[: limit // 2 - 1] + "…" + text[-(limit // 2 - 1) :]


def without_fragment(url):
    return (url or "").split("#", 1)[0]


def resolve(base, location):
    try:
        return without_fragment(urljoin(base, location))
    except ValueError:
        return without_fragment(location)


def timestamp(value):
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp() * 1000


def number(value, default=0.0):
    return value if isinstance(value, int | float) and not isinstance(value, bool) else default


def pairs(headers):
    out = []
    for item in headers if isinstance(headers, list) else []:
        if isinstance(item, dict):
            out.append((str(item.get("name", "")), str(item.get("value", ""))))
    return out


def read_entries(har):
    """The entries of a sanitized HAR (sanitize.sanitize's output), in the order they started."""
    log = har.get("log", {})
    raw = [item for item in log.get("entries", []) if isinstance(item, dict)]
    starts = [timestamp(item.get("startedDateTime")) for item in raw]
    order = sorted(range(len(raw)), key=lambda i: (starts[i] is None, starts[i] or 0, i))
    known = [s for s in starts if s is not None]
    zero = min(known) if known else 0.0
    entries = []
    for number_, index in enumerate(order, 1):
        entries.append(read_entry(raw[index], number_, starts[index], zero))
    assign_pages(entries, log.get("pages", []))
    return entries


def read_entry(item, position, started, zero):
    request = item.get("request", {}) if isinstance(item.get("request"), dict) else {}
    response = item.get("response", {}) if isinstance(item.get("response"), dict) else {}
    content = response.get("content", {}) if isinstance(response.get("content"), dict) else {}
    timings = item.get("timings", {}) if isinstance(item.get("timings"), dict) else {}
    url = str(request.get("url", ""))
    status = number(response.get("status"), 0)
    phases = {}
    for phase in PHASES:
        value = number(timings.get(phase), -1)
        if value >= 0:
            phases[phase] = float(value)
    time = number(item.get("time"), -1)
    if time < 0:
        time = sum(phases.values())
    response_headers = pairs(response.get("headers"))
    location = str(response.get("redirectURL") or "") or first(response_headers, "location") or ""
    body = content.get("text") if isinstance(content.get("text"), str) else ""
    parts = split(url)
    entry = Entry(
        number=position,
        method=str(request.get("method", "")).upper()[:20] or "GET",
        url=url,
        status=int(status) if 100 <= status <= 999 else 0,
        status_text=str(response.get("statusText", ""))[:200],
        http_version=str(response.get("httpVersion", "") or request.get("httpVersion", ""))[:40],
        error=str(response.get("_error", ""))[:500],
        started=started,
        offset=(started - zero) if started is not None else 0.0,
        time=float(time),
        phases=phases,
        request_headers=pairs(request.get("headers")),
        response_headers=response_headers,
        redirect_url=resolve(url, location) if location else "",
        resource_type=str(item.get("_resourceType", "")).lower()[:40],
        mime=str(content.get("mimeType", ""))[:200],
        size=float(number(content.get("size"), -1)),
        body=body[:BODY_READ],
        pageref=str(item.get("pageref", "")),
        scheme=(parts.scheme.lower() if parts else ""),
        host=(parts.netloc.lower() if parts else ""),
        origin=origin_of(url),
        path=((parts.path or "/") + (f"?{parts.query}" if parts.query else "")) if parts else url,
        cached=str(item.get("_fromCache", "") or item.get("_fetchType", ""))[:40],
        raw_status=status,
    )
    header_text = "\n".join(f"{name}: {value}" for name, value in response_headers)
    entry.producer, entry.producer_label, _evidence = find_producer(
        find_headers(header_text), header_text
    )
    entry.own_error = made_by_layer(entry)
    return entry


def made_by_layer(entry):
    """Whether a CDN's or proxy's fingerprint means it made the response itself: its own error
    headers, a Cloudflare 52x, CloudFront's "Error from cloudfront", or an error that is not the
    API's JSON. Every response through Cloudflare or nginx carries their Server header; a JSON
    body is the application's answer passing through."""
    if not entry.producer_label or entry.producer == "app":
        return False
    if any(entry.response_header(name) for name in OWN_ERROR_HEADERS):
        return True
    if "error from cloudfront" in (entry.response_header("x-cache") or "").lower():
        return True
    if entry.producer_label.startswith("Cloudflare") and 520 <= entry.status <= 530:
        return True
    return entry.status >= 400 and not entry.json


def is_document(entry):
    if entry.resource_type:
        return entry.resource_type == "document"
    dest = (entry.request_header("sec-fetch-dest") or "").lower()
    if dest:
        return dest in ("document", "iframe")
    return entry.mime.startswith("text/html") and entry.method == "GET"


def assign_pages(entries, pages):
    """Each entry's page URL: its page's first document, else a page title that is a URL (as
    Chrome writes it), else the first document of the file."""
    titles = {}
    for page in pages if isinstance(pages, list) else []:
        if isinstance(page, dict) and re.match(r"(?i)^https?://", str(page.get("title", ""))):
            titles[str(page.get("id", ""))] = str(page["title"])
    documents = {}  # the page's document as it loaded: after redirects, a 2xx if there is one
    for entry in entries:
        if is_document(entry) and 200 <= entry.status < 300 and entry.pageref not in documents:
            documents[entry.pageref] = entry.url
    for entry in entries:
        if is_document(entry) and entry.status and entry.pageref not in documents:
            documents[entry.pageref] = entry.url
    fallback = next(iter(documents.values()), "") or next(iter(titles.values()), "")
    for entry in entries:
        entry.page_url = documents.get(entry.pageref) or titles.get(entry.pageref) or fallback
