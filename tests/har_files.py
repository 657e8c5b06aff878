"""Made-up HAR files for the size and property tests: a Chrome-shaped network log of any size,
with what a real one carries (session cookies, bearer tokens, API keys, text and base64 bodies,
HTTP/2 pseudo-headers, timings) and a few failures among many successes."""

import base64
import json
import random
import string
from datetime import UTC, datetime, timedelta

ALNUM = string.ascii_letters + string.digits


def token(rng, length, alphabet=ALNUM):
    return "".join(rng.choice(alphabet) for _ in range(length))


def entry(rng, number, started, kind, session, bearer):
    host = "app.example.com" if kind in ("document", "xhr", "failed") else "cdn.example.net"
    path = {
        "document": "/dashboard",
        "script": f"/static/chunk-{number}.js",
        "image": f"/img/photo-{number}.webp",
        "xhr": f"/api/v2/items?page={number}&access_token={token(rng, 32)}",
        "failed": f"/api/v2/report/{number}",
        "blocked": f"/tiles/{number}.json",
    }[kind]
    url = f"https://{'tiles.example.org' if kind == 'blocked' else host}{path}"
    headers = [
        {"name": ":authority", "value": host},
        {"name": ":method", "value": "GET"},
        {"name": ":path", "value": path},
        {"name": ":scheme", "value": "https"},
        {"name": "accept", "value": "*/*"},
        {"name": "accept-encoding", "value": "gzip, deflate, br, zstd"},
        {"name": "accept-language", "value": "en-GB,en;q=0.9"},
        {"name": "cookie", "value": f"sessionid={session}; csrftoken={token(rng, 32)}; theme=dark"},
        {"name": "referer", "value": "https://app.example.com/dashboard"},
        {"name": "sec-ch-ua", "value": '"Chromium";v="134", "Not:A-Brand";v="24"'},
        {"name": "sec-fetch-dest", "value": "empty" if kind == "xhr" else kind},
        {"name": "sec-fetch-mode", "value": "cors"},
        {"name": "user-agent", "value": "Mozilla/5.0 (X11; Linux x86_64) Chrome/134.0.0.0"},
    ]
    if kind in ("xhr", "failed"):
        headers.append({"name": "authorization", "value": f"Bearer {bearer}"})
    status, mime, text, encoding = 200, "application/json", None, None
    if kind == "document":
        mime, text = "text/html", "<!doctype html><html><body>" + "x" * 20_000 + "</body></html>"
    elif kind == "script":
        mime, text = "application/javascript", "var a=1;" * 6_000
    elif kind == "image":
        mime, encoding = "image/webp", "base64"
        text = base64.b64encode(rng.randbytes(60_000)).decode()
    elif kind == "xhr":
        rows = [{"id": i, "name": token(rng, 12), "token": token(rng, 40)} for i in range(60)]
        text = json.dumps({"items": rows})
    elif kind == "failed":
        status, mime = 502, "text/html"
        text = "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center>"
    elif kind == "blocked":
        status, mime = 0, "x-unknown"
    response_headers = [
        {"name": "content-type", "value": mime},
        {"name": "date", "value": "Tue, 11 Mar 2025 09:14:02 GMT"},
        {"name": "server", "value": "nginx"},
        {"name": "set-cookie", "value": f"sessionid={session}; Path=/; HttpOnly; Secure"},
        {"name": "cache-control", "value": "private, max-age=0"},
        {"name": "x-request-id", "value": token(rng, 24)},
    ]
    content = {"size": len(text or ""), "mimeType": mime}
    if text is not None:
        content["text"] = text
    if encoding:
        content["encoding"] = encoding
    wait = rng.uniform(5, 400)
    timings = {"blocked": rng.uniform(0, 5), "dns": -1, "ssl": -1, "connect": -1,
               "send": 0.2, "wait": wait, "receive": rng.uniform(0.5, 40),
               "_blocked_queueing": 0.5}  # fmt: skip
    if status == 0:
        timings = {key: -1 for key in timings}
    return {
        "_initiator": {"type": "script", "url": "https://app.example.com/static/main.js"},
        "_priority": "High",
        "_resourceType": {"document": "document", "image": "image", "script": "script"}.get(
            kind, "fetch"
        ),
        "cache": {},
        "connection": str(1000 + number % 7),
        "pageref": "page_1",
        "request": {
            "method": "GET",
            "url": url,
            "httpVersion": "http/2.0",
            "headers": headers,
            "queryString": [],
            "cookies": [{"name": "sessionid", "value": session}],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": status,
            "statusText": "",
            "httpVersion": "http/2.0" if status else "",
            "headers": response_headers if status else [],
            "cookies": [],
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
            "_transferSize": len(text or ""),
            "_error": None if status else "net::ERR_FAILED",
        },
        "serverIPAddress": "203.0.113.9",
        "startedDateTime": started.isoformat().replace("+00:00", "Z"),
        "time": sum(v for v in timings.values() if v > 0),
        "timings": timings,
    }


def synthetic_har(size, seed=1):
    """A HAR of about `size` bytes (JSON text), with its session cookie and bearer token."""
    rng = random.Random(seed)
    session, bearer = (
        token(rng, 40),
        "eyJhbGciOiJIUzI1NiJ9." + token(rng, 60) + "." + token(rng, 43),
    )
    start = datetime(2025, 3, 11, 9, 14, 2, tzinfo=UTC)
    entries, total, number = [], 0, 0
    kinds = ["script", "image", "xhr", "image", "script", "xhr", "image", "xhr"]
    while total < size:
        if number == 0:
            kind = "document"
        elif number % 97 == 13:
            kind = "failed"
        elif number % 131 == 7:
            kind = "blocked"
        else:
            kind = kinds[number % len(kinds)]
        item = entry(rng, number, start + timedelta(milliseconds=number * 35), kind, session,
                     bearer)  # fmt: skip
        total += len(json.dumps(item))
        entries.append(item)
        number += 1
    har = {
        "log": {
            "version": "1.2",
            "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": [
                {
                    "startedDateTime": start.isoformat(),
                    "id": "page_1",
                    "title": "https://app.example.com/dashboard",
                    "pageTimings": {"onContentLoad": 800, "onLoad": 1500},
                }
            ],  # fmt: skip
            "entries": entries,
        }
    }
    return json.dumps(har), (session, bearer)
