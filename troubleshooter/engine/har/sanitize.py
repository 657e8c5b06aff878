"""A HAR file with its secrets removed, by the site's redaction rules (redact.py), so it can be
read here and sent to a support team.

What goes: cookie values (names stay), the credentials of Authorization and the other
credential headers (the scheme stays), tokens and keys of every format redact.py knows, secret
query and form values, and request and response bodies (kept only as size and type, unless
bodies are included: then they are kept with their secrets replaced). Only fields this module
knows are copied; anything else (a browser's private fields, comments) is left out and listed.
A value removed in one place is also replaced wherever else it appears in the file (the same
session ID in a URL or a header the rules would not flag), when it looks like a token.

static/js/har-sanitize.js is a line-by-line copy of this module for the browser: the same
fields, the same order of redact() calls, the same output; tests run both on the same files.
"""

import math
import re
from dataclasses import dataclass, field

import ahocorasick

from troubleshooter.engine.har.read import MAX_ENTRIES
from troubleshooter.engine.redact import MARK, PLACEHOLDER_RE, looks_random, redact

TEXT_LIMIT = 100_000  # characters of a URL, header or cookie value; a longer one is dropped
NAME_LIMIT = 1000  # characters of a name, method, version, type or date
BODY_LIMIT = 1_000_000  # characters of a body kept (redacted) when bodies are included
MAX_PAGES = 1000
SWEEP_MIN = 8  # characters of a removed value looked for elsewhere in the file
PHASES = ("blocked", "dns", "connect", "ssl", "send", "wait", "receive")
EXTRA_TIMINGS = ("_blocked_queueing",)
ENTRY_TEXTS = ("serverIPAddress", "connection", "_resourceType", "_priority", "_fromCache",
               "_fetchType", "_securityState")  # fmt: skip
KNOWN = {
    "log": {"version", "creator", "browser", "pages", "entries"},
    "page": {"startedDateTime", "id", "title", "pageTimings"},
    "entry": {"pageref", "startedDateTime", "time", "request", "response", "cache", "timings",
              "_initiator", *ENTRY_TEXTS},
    "request": {"method", "url", "httpVersion", "cookies", "headers", "queryString", "postData",
                "headersSize", "bodySize"},
    "response": {"status", "statusText", "httpVersion", "cookies", "headers", "content",
                 "redirectURL", "headersSize", "bodySize", "_transferSize", "_error",
                 "_failureText"},
    "content": {"size", "compression", "mimeType", "text", "encoding", "comment"},
}  # fmt: skip
COMMENT = (
    "Sanitized by StatusFix: cookie values, credential headers, secret query and form values "
    "and tokens are replaced by [REDACTED]; {bodies}."
)
BODIES_REMOVED = "request and response bodies are removed (their size and type are kept)"
BODIES_KEPT = "bodies are kept, with the same secrets replaced"
BODY_GONE = "Body removed by StatusFix ({size} characters)."
BODY_GONE_RE = re.compile(r"^Body removed by StatusFix \(\d+ characters\)\.$")
CUT = "[cut by StatusFix: {size} characters]"
SURROGATE_RE = re.compile("[\ud800-\udfff]")
PERCENT_RE = re.compile(r"%[0-9A-Fa-f]{2}")
UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


@dataclass
class Sanitized:
    har: dict
    removed: dict = field(default_factory=dict)  # kind -> the distinct values removed
    bodies: int = 0  # bodies removed
    cut: int = 0  # values too long to keep
    dropped: list = field(default_factory=list)  # fields left out ("entry._frameref")
    entries: int = 0  # entries kept
    skipped: int = 0  # entries that were not objects, or past MAX_ENTRIES


class Context:
    def __init__(self, include_bodies):
        self.include_bodies = include_bodies
        self.found = {}
        self.dropped = set()
        self.bodies = 0
        self.cut = 0

    def keep(self, redacted):
        for kind, values in redacted.found.items():
            self.found.setdefault(kind, set()).update(values)
        return redacted.text

    def unknown(self, where, data):
        for key in data:
            if key not in KNOWN[where]:
                self.dropped.add(f"{where}.{key}")


# Values -------------------------------------------------------------------------------------


def text(value, ctx, limit=TEXT_LIMIT):
    """A string as it can be shown and sent: other types become "", lone surrogates U+FFFD, and
    one too long to read is replaced by a note of its length."""
    if not isinstance(value, str):
        return ""
    value = SURROGATE_RE.sub("\ufffd", value)
    if len(value) > limit:
        ctx.cut += 1
        return CUT.format(size=len(value))
    return value


def one_line(value, ctx, limit=NAME_LIMIT):
    return text(value, ctx, limit).replace("\r", " ").replace("\n", " ")


def number(value):
    """A finite number, or -1 (HAR's "not known")."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return -1
    if isinstance(value, int) and abs(value) > 2**53:
        try:
            value = float(value)  # as JavaScript reads it
        except OverflowError:
            return -1
    return value if math.isfinite(value) else -1


def mapping(value):
    return value if isinstance(value, dict) else {}


def items(value):
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


class Block:
    """Lines to redact in one call (a message's URL, headers and query values, like the raw HTTP
    the rules were written for), each put back where it came from."""

    def __init__(self):
        self.items = []  # (prefix, [lines], assign)

    def add(self, prefix, value, assign):
        self.items.append((prefix, value.split("\n"), assign))

    def run(self, ctx):
        lines = [prefix + part for prefix, parts, _assign in self.items for part in parts]
        if not lines:
            return
        redacted = redact("\n".join(lines))
        out = redacted.text.split("\n")
        if len(out) == len(lines):
            ctx.keep(redacted)
        else:  # a secret spanning lines (a key block): each line on its own
            out = [ctx.keep(redact(line)) for line in lines]
        at = 0
        for prefix, parts, assign in self.items:
            values, intact = [], True
            for _part in parts:
                line = out[at]
                at += 1
                if line.startswith(prefix):
                    values.append(line[len(prefix) :])
                else:
                    values.append(MARK)
                    intact = False
            assign("\n".join(values), intact)


def setter(target, key):
    def assign(value, _intact):
        target[key] = value

    return assign


# The parts of a HAR ---------------------------------------------------------------------------


def sanitize(data, include_bodies=False):
    """A sanitized copy of a HAR (as read.parse returns it)."""
    ctx = Context(include_bodies)
    log = mapping(mapping(data).get("log"))
    ctx.unknown("log", log)
    out = {"version": "1.2", "creator": named(log.get("creator"), ctx)}
    if isinstance(log.get("browser"), dict):
        out["browser"] = named(log["browser"], ctx)
    pages_block = Block()
    out["pages"] = [page(item, ctx, pages_block) for item in items(log.get("pages"))[:MAX_PAGES]]
    pages_block.run(ctx)
    raw_entries = log.get("entries") if isinstance(log.get("entries"), list) else []
    entries = items(raw_entries)
    skipped = len(raw_entries) - len(entries) + max(0, len(entries) - MAX_ENTRIES)
    out["entries"] = [entry(item, ctx) for item in entries[:MAX_ENTRIES]]
    out["comment"] = COMMENT.format(bodies=BODIES_KEPT if include_bodies else BODIES_REMOVED)
    har = sweep({"log": out}, ctx)
    return Sanitized(
        har,
        ctx.found,
        ctx.bodies,
        ctx.cut,
        sorted(ctx.dropped),
        len(out["entries"]),
        skipped,
    )


def named(value, ctx):
    value = mapping(value)
    return {
        "name": one_line(value.get("name"), ctx),
        "version": one_line(value.get("version"), ctx),
    }


def page(value, ctx, block):
    ctx.unknown("page", value)
    timings = mapping(value.get("pageTimings"))
    out = {
        "startedDateTime": one_line(value.get("startedDateTime"), ctx),
        "id": one_line(value.get("id"), ctx),
        "title": "",
        "pageTimings": {
            "onContentLoad": number(timings.get("onContentLoad")),
            "onLoad": number(timings.get("onLoad")),
        },
    }
    block.add("", one_line(value.get("title"), ctx, TEXT_LIMIT), setter(out, "title"))
    return out


def entry(value, ctx):
    ctx.unknown("entry", value)
    block = Block()
    out = {}
    if "pageref" in value:
        out["pageref"] = one_line(value["pageref"], ctx)
    out["startedDateTime"] = one_line(value.get("startedDateTime"), ctx)
    out["time"] = number(value.get("time"))
    out["request"] = request(mapping(value.get("request")), ctx, block)
    out["response"] = response(mapping(value.get("response")), ctx, block)
    if mapping(value.get("cache")):
        ctx.dropped.add("entry.cache")
    out["cache"] = {}
    timings = mapping(value.get("timings"))
    out["timings"] = {phase: number(timings.get(phase)) for phase in PHASES}
    for name in EXTRA_TIMINGS:
        if name in timings:
            out["timings"][name] = number(timings[name])
    for name in ENTRY_TEXTS:
        if isinstance(value.get(name), str):
            out[name] = one_line(value[name], ctx)
    if isinstance(value.get("_initiator"), dict):
        initiator = value["_initiator"]
        out["_initiator"] = {"type": one_line(initiator.get("type"), ctx)}
        if isinstance(initiator.get("url"), str):
            block.add("", one_line(initiator["url"], ctx, TEXT_LIMIT),
                      setter(out["_initiator"], "url"))  # fmt: skip
        if "lineNumber" in initiator:
            out["_initiator"]["lineNumber"] = number(initiator["lineNumber"])
    block.run(ctx)
    bodies(value, out, ctx)
    return out


def request(value, ctx, block):
    ctx.unknown("request", value)
    out = {
        "method": one_line(value.get("method"), ctx),
        "url": "",
        "httpVersion": one_line(value.get("httpVersion"), ctx),
    }
    block.add("", one_line(value.get("url"), ctx, TEXT_LIMIT), setter(out, "url"))
    out["cookies"] = cookies(value.get("cookies"), ctx)
    out["headers"] = headers(value.get("headers"), ctx, block)
    out["queryString"] = params(value.get("queryString"), ctx, block)
    out["headersSize"] = number(value.get("headersSize"))
    out["bodySize"] = number(value.get("bodySize"))
    if isinstance(value.get("postData"), dict):
        post = value["postData"]
        out["postData"] = {"mimeType": one_line(post.get("mimeType"), ctx), "text": ""}
        ours(post, out["postData"])
        if ctx.include_bodies:
            out["postData"]["params"] = params(post.get("params"), ctx, block, files=True)
        else:
            out["postData"]["params"] = []
    return out


def response(value, ctx, block):
    ctx.unknown("response", value)
    out = {
        "status": number(value.get("status")),
        "statusText": one_line(value.get("statusText"), ctx),
        "httpVersion": one_line(value.get("httpVersion"), ctx),
    }
    out["cookies"] = cookies(value.get("cookies"), ctx)
    out["headers"] = headers(value.get("headers"), ctx, block)
    content = mapping(value.get("content"))
    ctx.unknown("content", content)
    out["content"] = {"size": number(content.get("size")),
                      "mimeType": one_line(content.get("mimeType"), ctx)}  # fmt: skip
    if "compression" in content:
        out["content"]["compression"] = number(content["compression"])
    ours(content, out["content"])
    out["redirectURL"] = ""
    block.add("", one_line(value.get("redirectURL"), ctx, TEXT_LIMIT), setter(out, "redirectURL"))
    out["headersSize"] = number(value.get("headersSize"))
    out["bodySize"] = number(value.get("bodySize"))
    if "_transferSize" in value:
        out["_transferSize"] = number(value["_transferSize"])
    error = value.get("_error") if isinstance(value.get("_error"), str) else None
    if error is None and isinstance(value.get("_failureText"), str):
        error = value["_failureText"]
    if error is not None:
        out["_error"] = ""
        block.add("error: ", one_line(error, ctx, TEXT_LIMIT), setter(out, "_error"))
    return out


def ours(value, out):
    """Keep the note of a body removed by an earlier sanitizing (so sanitizing twice changes
    nothing); any other comment is left out."""
    if isinstance(value.get("comment"), str) and BODY_GONE_RE.match(value["comment"]):
        out["comment"] = value["comment"]


def headers(value, ctx, block):
    out = []
    for item in items(value):
        name = one_line(item.get("name"), ctx)
        header = {"name": name, "value": ""}

        def assign(redacted, intact, header=header):
            header["value"] = redacted
            if not intact:
                header["name"] = ctx.keep(redact(header["name"]))

        block.add(f"{name}: ", text(item.get("value"), ctx), assign)
        out.append(header)
    return out


def params(value, ctx, block, files=False):
    out = []
    for item in items(value):
        name = one_line(item.get("name"), ctx)
        param = {"name": name, "value": ""}

        def assign(redacted, intact, param=param):
            param["value"] = redacted
            if not intact:
                param["name"] = ctx.keep(redact(param["name"]))

        block.add(f"?{name}=", text(item.get("value"), ctx), assign)
        if files:
            for key in ("fileName", "contentType"):
                if isinstance(item.get(key), str):
                    param[key] = one_line(item[key], ctx)
        out.append(param)
    return out


def cookies(value, ctx):
    out = []
    for item in items(value):
        cookie = {"name": one_line(item.get("name"), ctx)}
        raw = text(item.get("value"), ctx)
        if raw and MARK not in raw and not PLACEHOLDER_RE.match(raw):
            ctx.found.setdefault("cookie", set()).add(raw)
            raw = MARK
        cookie["value"] = raw
        for key in ("path", "domain", "expires", "sameSite"):
            if isinstance(item.get(key), str):
                cookie[key] = one_line(item[key], ctx)
        for key in ("httpOnly", "secure"):
            if isinstance(item.get(key), bool):
                cookie[key] = item[key]
        out.append(cookie)
    return out


def bodies(value, out, ctx):
    """The request and response bodies: removed (their size and type stay), or redacted."""
    if "postData" in out["request"]:
        post = mapping(mapping(value.get("request")).get("postData"))
        kept, size = body(post.get("text"), ctx, binary=False)
        if kept is not None:
            out["request"]["postData"]["text"] = kept
        elif size:
            out["request"]["postData"]["comment"] = BODY_GONE.format(size=size)
    content = mapping(mapping(value.get("response")).get("content"))
    kept, size = body(content.get("text"), ctx, binary=content.get("encoding") == "base64")
    if kept is not None:
        out["response"]["content"]["text"] = kept
    elif size:
        out["response"]["content"]["comment"] = BODY_GONE.format(size=size)


def body(value, ctx, binary):
    """(the body redacted, or None when it is removed; its length)."""
    if not isinstance(value, str) or not value:
        return None, 0
    size = len(value)
    if ctx.include_bodies and not binary and size <= BODY_LIMIT:
        return ctx.keep(redact(SURROGATE_RE.sub("\ufffd", value))), size
    ctx.bodies += 1
    return None, size


# A removed value wherever else it appears --------------------------------------------------


def percent_encoded(value):
    return "".join(
        chr(byte) if byte in UNRESERVED else f"%{byte:02X}" for byte in value.encode("utf-8")
    )


def percent_decoded(value):
    """%XX sequences as UTF-8 bytes, or None when there are none or the bytes are not UTF-8."""
    if not PERCENT_RE.search(value):
        return None
    data, at = bytearray(), 0
    for match in PERCENT_RE.finditer(value):
        data += value[at : match.start()].encode("utf-8")
        data.append(int(match.group(0)[1:], 16))
        at = match.end()
    data += value[at:].encode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def sweep_values(found):
    values = set()
    for kind_values in found.values():
        for value in kind_values:
            if len(value) < SWEEP_MIN or not looks_random(value):
                continue
            for variant in (value, percent_encoded(value), percent_decoded(value)):
                if variant is not None and len(variant) >= SWEEP_MIN:
                    values.add(variant)
    return values


def sweep(har, ctx):
    values = sweep_values(ctx.found)
    if not values:
        return har
    automaton = ahocorasick.Automaton()
    for value in values:
        automaton.add_word(value, len(value))
    automaton.make_automaton()

    def replace(value):
        spans = sorted((end - size + 1, -size) for end, size in automaton.iter(value))
        if not spans:
            return value
        parts, position = [], 0
        for start, negative in spans:
            if start >= position:
                parts += [value[position:start], MARK]
                position = start - negative
        parts.append(value[position:])
        return "".join(parts)

    def walk(node):
        if isinstance(node, str):
            return replace(node)
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, dict):
            return {key: walk(item) for key, item in node.items()}
        return node

    return walk(har)
