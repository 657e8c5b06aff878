"""Markdown to safe HTML, done once when content is saved, and the fence-aware line scan."""

import re
from collections import Counter
from html.parser import HTMLParser

import markdown
import nh3

FENCE_RE = re.compile(r"^(`{3,}|~{3,})")
RESERVED_HEADING_RE = re.compile(r"^#{1,2}(\s|$)")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "ol", "p", "pre", "s", "samp", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "code": {"class"},
    "td": {"align"},
    "th": {"align"},
}


def scan_fences(lines):
    """Return the indexes of the lines outside fenced code blocks, and whether a fence is left open."""
    visible = []
    fence = None
    for index, line in enumerate(lines):
        match = FENCE_RE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
            else:
                visible.append(index)
        elif match and closes(fence, match.group(1), line):
            fence = None
    return visible, fence is not None


def closes(fence, marker, line):
    """A closing fence uses the opening's character, at least as many times, and nothing else."""
    return marker[0] == fence[0] and len(marker) >= len(fence) and not line[len(marker) :].strip()


def markdown_errors(text):
    """Problems that would break the content files' structure, as a list of messages."""
    lines = text.split("\n")
    visible, fence_open = scan_fences(lines)
    errors = [
        f"Line {index + 1}: headings of level 1 and 2 are reserved; use ### or deeper."
        for index in visible
        if RESERVED_HEADING_RE.match(lines[index])
    ]
    if fence_open:
        errors.append("A fenced code block is not closed.")
    return errors


def render_markdown(text):
    """Render markdown to HTML and keep only harmless tags, attributes and URL schemes."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=["fenced_code", "tables", "sane_lists"])
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    html = link_references(html)
    # Code blocks and tables may scroll sideways: keyboard users must be able to focus them.
    return html.replace("<pre>", '<pre tabindex="0">').replace("<table>", '<table tabindex="0">')


# References in the prose become links when the page is saved: a cause ("401/clock-skew", to
# its place on its code's page), a code with its phrase ("502 Bad Gateway"), and a header name
# in code type (`Retry-After`, to MDN's reference page for it).
CAUSE_REF_RE = re.compile(
    r"(?<![\w:/.#-])((?:0|[1-5]\d\d)/[a-z][a-z0-9]*(?:-[a-z0-9]+)+)(?![\w/-])"
)
CODE_PHRASE_RE = re.compile(
    r"(?<![\w:/.#-])([1-5]\d\d) ((?:[A-Z][a-z]+|URI|HTTP|OK)(?:[ -](?:[A-Z][a-z]*|URI|HTTP|Too|Not|of|a))*)"
)
MDN_HEADERS = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/"
HEADERS = frozenset(
    [
        "Accept",
        "Accept-Encoding",
        "Accept-Language",
        "Accept-Ranges",
        "Access-Control-Allow-Credentials",
        "Access-Control-Allow-Headers",
        "Access-Control-Allow-Methods",
        "Access-Control-Allow-Origin",
        "Access-Control-Expose-Headers",
        "Access-Control-Max-Age",
        "Access-Control-Request-Headers",
        "Access-Control-Request-Method",
        "Age",
        "Allow",
        "Alt-Svc",
        "Authorization",
        "Cache-Control",
        "Clear-Site-Data",
        "Connection",
        "Content-Disposition",
        "Content-Encoding",
        "Content-Language",
        "Content-Length",
        "Content-Location",
        "Content-Range",
        "Content-Security-Policy",
        "Content-Type",
        "Cookie",
        "Cross-Origin-Opener-Policy",
        "Cross-Origin-Resource-Policy",
        "Date",
        "ETag",
        "Expect",
        "Expires",
        "Forwarded",
        "From",
        "Host",
        "If-Match",
        "If-Modified-Since",
        "If-None-Match",
        "If-Range",
        "If-Unmodified-Since",
        "Keep-Alive",
        "Last-Modified",
        "Link",
        "Location",
        "Max-Forwards",
        "Origin",
        "Pragma",
        "Proxy-Authenticate",
        "Proxy-Authorization",
        "Range",
        "Referer",
        "Referrer-Policy",
        "Retry-After",
        "Sec-Fetch-Dest",
        "Sec-Fetch-Mode",
        "Sec-Fetch-Site",
        "Sec-WebSocket-Accept",
        "Sec-WebSocket-Key",
        "Sec-WebSocket-Version",
        "Server",
        "Server-Timing",
        "Set-Cookie",
        "Strict-Transport-Security",
        "TE",
        "Trailer",
        "Transfer-Encoding",
        "Upgrade",
        "User-Agent",
        "Vary",
        "Via",
        "WWW-Authenticate",
        "X-Content-Type-Options",
        "X-Forwarded-For",
        "X-Forwarded-Host",
        "X-Forwarded-Proto",
        "X-Frame-Options",
    ]
)
TAG_RE = re.compile(r"(<[^>]+>)")


def link_references(html):
    """Cause references, codes with their phrase and header names as links, outside links and
    preformatted blocks (a pass over the sanitized HTML's text and code elements)."""
    parts = TAG_RE.split(html)
    out, skip = [], 0  # skip > 0 inside <a> or <pre>
    for index, part in enumerate(parts):
        if part.startswith("<"):
            name = part[1:].split(None, 1)[0].rstrip(">").lower() if len(part) > 2 else ""
            if name in ("a", "pre"):
                skip += 1
            elif name in ("/a", "/pre"):
                skip = max(skip - 1, 0)
            out.append(part)
            continue
        if skip or not part:
            out.append(part)
            continue
        inside_code = index >= 1 and parts[index - 1] == "<code>"
        if inside_code and part in HEADERS:
            out[-1] = f'<a href="{MDN_HEADERS}{part}" class="header-ref" rel="noopener"><code>'
            out.append(part)
            parts[index + 1] = "</code></a>" if index + 1 < len(parts) else ""
            continue
        if inside_code and CAUSE_REF_RE.fullmatch(part):
            code, slug = part.split("/", 1)
            out[-1] = f'<a href="/{code}/#{slug}" class="cause-ref"><code>'
            out.append(part)
            parts[index + 1] = "</code></a>" if index + 1 < len(parts) else ""
            continue
        part = CAUSE_REF_RE.sub(
            lambda m: (
                f'<a href="/{m[1].split("/")[0]}/#{m[1].split("/", 1)[1]}" class="cause-ref">{m[1]}</a>'
            ),
            part,
        )
        part = CODE_PHRASE_RE.sub(
            lambda m: f'<a href="/{m[1]}/" class="code-ref">{m[1]} {m[2]}</a>', part
        )
        out.append(part)
    return "".join(out)


class _Elements(HTMLParser):
    """The tags and attributes of an HTML fragment, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)


def _elements(html):
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return Counter(parser.tags), Counter(parser.attributes)


def sanitizer_removals(text):
    """What sanitizing takes out of the rendered markdown, as sentences for the editor (the
    page shows the rest): tags not on the allow-list, attributes, links with other schemes."""
    if not text:
        return []
    raw = markdown.markdown(text, extensions=["fenced_code", "tables", "sane_lists"])
    raw_tags, raw_attributes = _elements(raw)
    kept_tags, kept_attributes = _elements(render_markdown(text))
    removed = []
    for tag, count in (raw_tags - kept_tags).items():
        removed.append(f"the <{tag}> element{'s' if count > 1 else ''} ({count}): not allowed")
    for (tag, name, value), _count in (raw_attributes - kept_attributes).items():
        if tag in raw_tags - kept_tags:
            continue
        if name in ("href", "src") and ":" in value.split("/")[0]:
            removed.append(
                f"the link to “{value[:80]}” on <{tag}>: only http, https and mailto links are kept"
            )
        else:
            removed.append(f"the {name}=“{value[:40]}” attribute on <{tag}>: not allowed")
    return removed
