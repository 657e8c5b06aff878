"""A HAR's findings explained with the site's engines: each finding becomes a short text in the
form the diagnosis reads (what the browser's console says, the request and response lines and
the headers that tell something), and the facts the HAR establishes become answers to the
guide's questions. The guide's scoring (the diagnosis' text evidence, each answer's
likelihood) then ranks the causes: the result, its share and the runners-up are what the page
shows, and the guide's address with the same text and answers continues from there.

Plain Python over a content snapshot (the object the web layer passes in).
"""

import time
from dataclasses import dataclass

from troubleshooter.engine import diagnose, guide, intake
from troubleshooter.engine.handoff import curl_command, request_ids
from troubleshooter.engine.har import findings as findings_module
from troubleshooter.engine.har.entries import read_entries
from troubleshooter.engine.platforms import platforms_in
from troubleshooter.engine.redact import MARK

MAX_EXPLAINED = 12  # findings ranked with the guide; the rest are listed
BODY_IN_TEXT = 600  # characters of a failing response's body in a finding's text
REQUEST_TELLING = ("origin", "content-type", "authorization", "accept", "x-requested-with",
                   "access-control-request-method", "access-control-request-headers")  # fmt: skip
RESPONSE_BORING = {
    "date", "content-length", "connection", "keep-alive", "set-cookie", "etag", "last-modified",
    "accept-ranges", "transfer-encoding", "expires", "pragma", "cache-control", "vary",
    "content-encoding", "x-content-type-options", "x-frame-options", "referrer-policy",
    "strict-transport-security", "content-security-policy", "report-to", "nel", "alt-svc",
    "permissions-policy", "x-xss-protection", "cross-origin-opener-policy",
    "cross-origin-embedder-policy", "cross-origin-resource-policy", "server-timing",
}  # fmt: skip
BROWSER_PLATFORM_KINDS = {"cors", "mixed-content", "hsts"}
# Fingerprints of a layer the response only passed through (entries.made_by_layer): left out of
# the text, or the diagnosis would take the layer for the response's author.
PASSED_THROUGH = {"server", "via", "x-served-by", "x-cache"}


@dataclass
class Explained:
    finding: object  # findings.Finding
    text: str  # what the diagnosis and the guide read (already sanitized)
    pairs: list  # the guide's answers: the first screen's, then the facts
    step: object  # guide.Step with the result (None when not ranked)
    diagnosis: object  # diagnose.Diagnosis of the text

    @property
    def result(self):
        return self.step.result if self.step is not None else None


@dataclass
class Report:
    entries: list
    explained: list  # Explained, most telling first
    more: int  # findings left out past findings.MAX_FINDINGS
    overview: dict
    creator: str
    seconds: float = 0.0


def analyse(har, snapshot):
    """The report for a sanitized HAR over a content snapshot."""
    started = time.perf_counter()
    entries = read_entries(har)
    found, more = findings_module.find(entries)
    explained = [
        explain(finding, snapshot, rank=position < MAX_EXPLAINED)
        for position, finding in enumerate(found)
    ]
    log = har.get("log", {})
    creator = " ".join(
        filter(None, (log.get("browser", {}).get("name"), log.get("browser", {}).get("version")))
    )
    made_by = " ".join(
        filter(None, (log.get("creator", {}).get("name"), log.get("creator", {}).get("version")))
    )
    if made_by and made_by.lower() != creator.lower():
        creator = f"{creator} ({made_by})" if creator else made_by
    return Report(
        entries,
        explained,
        more,
        findings_module.overview(entries),
        creator,
        time.perf_counter() - started,
    )


def explain(finding, snapshot, rank=True):
    text = finding_text(finding)
    pairs = guide_pairs(snapshot.guide, finding)
    diagnosis = diagnose.diagnose(text, snapshot.diagnose)
    step = None
    if rank and finding.status is not None and (finding.status == 0 or finding.status >= 300):
        evidence = intake.text_evidence(snapshot, text, diagnosis)
        step = guide.step(snapshot.guide, pairs, evidence, text, done=True)
    return Explained(finding, text, pairs, step, diagnosis)


def version_of(entry):
    raw = entry.http_version.strip().lower()
    if raw in ("h2", "http/2", "http/2.0"):
        return "HTTP/2"
    if raw in ("h3", "http/3", "http/3.0"):
        return "HTTP/3"
    if raw.startswith("http/1"):
        return raw.upper()
    return "HTTP/1.1"


def finding_text(finding):
    """The finding as the diagnosis reads pasted text: the console message first, then each
    request and its response, as curl -v shows them."""
    lines = [finding.browser_says] if finding.browser_says else []
    for entry in finding.entries:
        lines.append(f"> {entry.method} {entry.url} {version_of(entry)}")
        for name, value in entry.request_headers:
            if name.lower() in REQUEST_TELLING:
                lines.append(f"> {name}: {value}")
        if entry.status:
            lines.append(f"< {version_of(entry)} {entry.status} {entry.status_text}".rstrip())
            shown = [
                (name, value)
                for name, value in entry.response_headers
                if name.lower() not in RESPONSE_BORING and not name.startswith(":")
                and (entry.own_error or name.lower() not in PASSED_THROUGH)
            ]  # fmt: skip
            lines += [f"< {name}: {value}" for name, value in shown[:12]]
        else:
            lines.append(f"(no response: {entry.error or 'none recorded'})")
    body = finding.entry.body.strip()
    if body and finding.entry.failed and MARK not in body[:20]:
        lines.append(body[:BODY_IN_TEXT])
    return "\n".join(lines)[: intake.MAX_TEXT]


def request_text(entry):
    """The entry's request as curl -v shows it, for handoff.curl_command."""
    lines = [f"> {entry.method} {entry.url} {version_of(entry)}"]
    lines += [f"> {name}: {value}" for name, value in entry.request_headers
              if name.lower() in REQUEST_TELLING and name.lower() != "origin"]  # fmt: skip
    return "\n".join(lines)


def guide_pairs(content, finding):
    """The first screen's answers (the status the page saw, the platform the fingerprints or
    the kind of finding name) and the facts the HAR establishes, as the guide's questions have
    them: a fact whose question or answer the content does not have is left out."""
    status = guide.UNSURE
    question = content.status_question
    if question is not None and finding.status is not None:
        if str(finding.status) in question.index:
            status = str(finding.status)
        elif 200 <= finding.status < 300 and guide.SUCCESS in question.index:
            status = guide.SUCCESS
    platform = guide.UNSURE
    question = content.platform_question
    if question is not None:
        label = next((e.producer_label for e in finding.entries if e.own_error), "")
        named = [p for p in platforms_in(label) if p in question.index]
        if len(named) == 1:
            platform = named[0]
        elif finding.kind in BROWSER_PLATFORM_KINDS and "browser" in question.index:
            platform = "browser"
    pairs = list(guide.first_screen_pairs(content, status, platform))
    producer = content.producer_question
    for slug, answer in finding.facts:
        question = producer if slug == "producer" else content.by_slug.get(slug)
        if question is None or question.on_first_screen or answer not in question.index:
            continue
        if any(existing == question.slug for existing, _a in pairs):
            continue
        pairs.append((question.slug, answer))
    return pairs


def handoff(report, cause_url, status_phrase=""):
    """The block for a support ticket: the HAR's first problem (status, time, request IDs, who
    answered, the likely cause and a curl command), then the other findings, one line each."""
    problems = [e for e in report.explained if e.finding.severity >= findings_module.WARNING]
    lines = [
        f"HAR file: {report.overview['requests']} requests"
        + (f", recorded with {report.creator}" if report.creator else "")
        + f"; {report.overview['failed']} failed."
    ]
    if not problems:
        lines.append("Nothing failed or looked wrong in this HAR.")
        return "\n".join(lines)
    top = problems[0]
    finding, entry = top.finding, top.finding.entry
    lines.append(f"First problem: {finding.title}")
    if finding.status:
        phrase = next((e.status_text for e in finding.entries if e.status == finding.status), "")
        lines.append(f"Status: {finding.status} {status_phrase or phrase}".rstrip())
        if finding.status != entry.status and entry.status:
            lines.append(f"Then: {entry.status} {entry.status_text}".rstrip())
    else:
        lines.append(f"Status: no response ({entry.error or 'no reason recorded'})")
    started = next((e.started for e in finding.entries if e.started is not None), None)
    lines.append(f"Time: {iso(started)}" if started else "Time: (not in the HAR)")
    headers = {}
    for item in finding.entries:
        for name, value in item.response_headers:
            headers.setdefault(name.lower(), (value, 0, 0))
    ids = request_ids(top.diagnosis, headers)
    lines.append("Request IDs: " + ("; ".join(ids) if ids else "none in the HAR"))
    lines.append(f"Produced by: {entry.producer_label or 'unknown'}")
    if top.result is not None:
        cause = top.result.cause
        lines.append(f"Likely cause: {cause.code} {cause.title} ({top.result.percent}%)")
        lines.append(f"About it: {cause_url}")
    command = curl_command(request_text(finding.entries[0]))
    if command:
        lines.append("Reproduce (secrets removed):")
        lines.append(command)
    others = problems[1:8]
    if others:
        lines.append("Other findings:")
        lines += [f"- {item.finding.title}" for item in others]
    lines.append(
        f"The sanitized HAR attached has secrets replaced by {MARK}: add your own when you run "
        "the command."
    )
    return "\n".join(lines)


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + f".{int(ms % 1000):03d}Z"
