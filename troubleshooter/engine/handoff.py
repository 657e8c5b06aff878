"""The support hand-off: the evidence a ticket needs, as text to copy, built from an already
redacted diagnosis (the status, the time, the request IDs, who answered, the likely cause and a
curl command that repeats the request without its secrets)."""

import re
import shlex

from troubleshooter.engine.redact import MARK

REQUEST_ID_HEADERS = (
    "cf-ray", "x-amz-cf-id", "x-amzn-requestid", "x-amzn-request-id", "x-amzn-trace-id",
    "x-amz-request-id", "x-amz-id-2", "x-request-id", "x-correlation-id", "request-id",
    "traceparent", "x-cloud-trace-context", "x-azure-ref", "x-ms-request-id",
    "x-github-request-id", "x-vercel-id", "fly-request-id", "x-b3-traceid", "x-trace-id",
)  # fmt: skip
RAY_ID_RE = re.compile(r"(?i)\bRay ID:?\s*([0-9a-f]{12,20})\b")
REQUEST_LINE_RE = re.compile(
    r"(?m)^[>\s]*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP/[\d.]+\s*$"
)
SENT_HEADER_RE = re.compile(r"(?m)^>\s*([A-Za-z][A-Za-z0-9-]{1,60}):[ \t]*(.*?)\s*$")
URL_RE = re.compile(r"https?://[^\s\"'<>()]+")
METHOD_NEAR_URL_RE = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(https?://\S+)")
SKIPPED_HEADERS = {"host", "content-length", "user-agent", "connection", "accept-encoding"}


def request_ids(diagnosis, headers):
    found = []
    for name in REQUEST_ID_HEADERS:
        if name in headers and headers[name][0]:
            found.append(f"{name}: {headers[name][0][:200]}")
    ray = RAY_ID_RE.search(diagnosis.text)
    if ray and "cf-ray" not in headers:
        found.append(f"cf-ray: {ray.group(1)}")
    return found


def curl_command(text):
    """A curl command that sends the request the text shows, or "" when it shows none."""
    method, url, sent = None, None, []
    line = REQUEST_LINE_RE.search(text)
    if line:
        method, target = line.groups()
        host = next(
            (value for name, value in SENT_HEADER_RE.findall(text) if name.lower() == "host"),
            None,
        )
        if host is None:
            host_line = re.search(r"(?im)^host:\s*(\S+)", text)
            host = host_line.group(1) if host_line else None
        scheme = "https" if re.search(r"(?i)\b(?:TLS|SSL connection|port 443)\b", text) else "http"
        if target.startswith(("http://", "https://")):
            url = target
        elif host:
            url = f"{scheme}://{host}{target}"
        sent = [
            (name, value)
            for name, value in SENT_HEADER_RE.findall(text)
            if name.lower() not in SKIPPED_HEADERS
        ]
    if url is None:
        near = METHOD_NEAR_URL_RE.search(text)
        if near:
            method, url = near.group(1), near.group(2)
        else:
            match = URL_RE.search(text)
            url = match.group(0) if match else None
    if url is None:
        return ""
    parts = ["curl", "-sS", "-D", "-", "-o", "/dev/null"]
    if method and method != "GET":
        parts += ["-X", method]
    parts.append(url.rstrip(".,;"))
    for name, value in sent[:20]:
        parts += ["-H", f"{name}: {value}"]
    return " ".join(shlex.quote(part) for part in parts)


def handoff_text(diagnosis, headers, cause_url, status_phrase=""):
    """The block to paste into a support ticket."""
    top = diagnosis.candidates[0].cause if diagnosis.candidates else None
    status = diagnosis.status
    lines = []
    if status is not None:
        lines.append(f"Status: {status} {status_phrase}".rstrip())
    else:
        lines.append("Status: none shown (no response, or only a message)")
    when = headers.get("date", ("",))[0]
    lines.append(f"Time: {when}" if when else "Time: (add when it happened, with the time zone)")
    ids = request_ids(diagnosis, headers)
    lines.append("Request IDs: " + ("; ".join(ids) if ids else "none in the text"))
    lines.append(f"Produced by: {diagnosis.producer_label or 'unknown'}")
    if top:
        lines.append(f"Likely cause: {top.code} {top.title}")
        lines.append(f"About it: {cause_url}")
    command = curl_command(diagnosis.text)
    if command:
        lines.append("Reproduce (secrets removed):")
        lines.append(command)
    if MARK in diagnosis.text:
        lines.append(f"Secrets were replaced by {MARK}; add your own when you run the command.")
    return "\n".join(lines)
