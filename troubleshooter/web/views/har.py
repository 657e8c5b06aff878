"""The HAR page: a browser's network log in, its failing and suspicious requests diagnosed, a
waterfall, a sanitized copy and the support hand-off out.

With JavaScript the file is read and sanitized in the browser (static/js/har.js) and only the
sanitized entries are posted here; without it the file itself is posted. Either way the server
sanitizes what arrives before anything reads it, holds it in memory only (never on disk, in
the database, a cache or a log) and forgets it when the page is sent.
"""

import base64
import io
import json
import re

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from troubleshooter.engine import har
from troubleshooter.engine.har import explain
from troubleshooter.engine.redact import removal
from troubleshooter.web import guide_state, limits
from troubleshooter.web.caching import private_page
from troubleshooter.web.chart import waterfall_chart
from troubleshooter.web.forms import HarBrowserForm, HarUploadForm
from troubleshooter.web.views.base import render_page, too_many

BROWSER_MAX = 50 * 1024 * 1024  # bytes of a file the browser reads (static/js/har.js)
EMBED_MAX = 8 * 1024 * 1024  # bytes of a sanitized copy offered as a link without JavaScript
WATERFALL_ROWS = 40
SEVERITY = {3: "Problem", 2: "Worth a look", 1: "For information"}


class BoundedUpload(FileUploadHandler):
    """Keeps an uploaded file in memory up to `limit` bytes; past that it stops reading the
    file (the rest of the request is read and thrown away) and says so in `too_big`."""

    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit
        self.size = 0
        self.too_big = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        if self.size > self.limit:
            self.too_big = True
            raise StopUpload(connection_reset=False)
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer, self.field_name, self.file_name, self.content_type, file_size,
            self.charset, self.content_type_extra,
        )  # fmt: skip


@private_page
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD", "POST"])
@csrf_exempt  # the upload handler must be set before the body is read; the views below check
def har_page(request):
    if request.method != "POST":
        return render_page(request, "har.html", "result", page_context())
    if request.content_type == "application/json":
        return har_from_browser(request)
    handler = BoundedUpload(request, settings.HAR_MAX_UPLOAD)
    request.upload_handlers = [handler]
    return har_upload(request, handler)


def page_context(**extra):
    return {
        "server_max": settings.HAR_MAX_UPLOAD,
        "browser_max": BROWSER_MAX,
        "max_entries": har.MAX_ENTRIES,
        **extra,
    }


def refused(request, message, status):
    return render_page(request, "har.html", "result", page_context(error=message), status=status)


def too_big(request):
    limit = filesizeformat(settings.HAR_MAX_UPLOAD).replace("\xa0", " ")
    return refused(
        request,
        f"The file is larger than {limit}, the most the server reads. With JavaScript on, this "
        f"page reads files up to {BROWSER_MAX // 1024 // 1024} MB in your browser and sends "
        "only their sanitized entries; or save a HAR of fewer requests.",
        413,
    )


@csrf_protect
def har_upload(request, handler):
    """Without JavaScript: the file itself, sanitized here before anything reads it."""
    form = HarUploadForm(request.POST, request.FILES)
    valid = form.is_valid()
    if handler.too_big:
        return too_big(request)
    if not valid:
        return refused(request, next(iter(form.errors.values()))[0], 400)
    wait = limits.retry_after(request, "har")
    if wait is not None:
        return too_many(request, wait, "HAR files")
    upload = form.cleaned_data["har"]
    try:
        data = har.parse(upload.read())
    except har.HarError as error:
        return refused(request, str(error), 400)
    finally:
        upload.close()
    sanitized = har.sanitize(data, include_bodies=form.cleaned_data["bodies"])
    del data
    name = file_name(upload.name)
    context = report_context(request, sanitized, form.cleaned_data["bodies"])
    context["sanitized"] = summary(sanitized, form.cleaned_data["bodies"], upload.size)
    context["download"] = download(sanitized.har, name)
    return render_page(request, "har.html", "result", context)


@csrf_protect
def har_from_browser(request):
    """With JavaScript: {"meta": what the browser says it removed, "har": the entries it
    sanitized}, as JSON. The server sanitizes them again before reading them."""
    raw, over = read_body(request, settings.HAR_MAX_UPLOAD)
    if over:
        return too_big(request)
    wait = limits.retry_after(request, "har")
    if wait is not None:
        return too_many(request, wait, "HAR files")
    try:
        envelope = har.parse(raw, envelope=True)
    except har.HarError as error:
        return refused(request, str(error), 400)
    meta = envelope.get("meta")
    form = HarBrowserForm(meta if isinstance(meta, dict) else {})
    if not form.is_valid():
        return refused(request, "The page sent something this server does not understand.", 400)
    bodies = form.cleaned_data["bodies"]
    sanitized = har.sanitize(envelope["har"], include_bodies=bodies)
    del envelope
    context = report_context(request, sanitized, bodies)
    context["in_browser"] = True
    context["sanitized"] = summary(sanitized, bodies, form.cleaned_data.get("file_size"))
    context["sanitized"].update(
        removed=form.cleaned_data["removed"],
        bodies=form.cleaned_data.get("bodies_removed") or 0,
        dropped=form.cleaned_data["dropped"],
    )
    return render_page(request, "har.html", "result", context)


def read_body(request, limit):
    """The request body, read up to `limit` bytes: (bytes, whether there was more). The rest is
    read and thrown away, so the client gets the answer rather than a reset connection."""
    raw = request.read(limit + 1)
    if len(raw) <= limit:
        return raw, False
    while request.read(1024 * 1024):
        pass
    return b"", True


def report_context(request, sanitized, bodies):
    content = request.content.snapshot
    report = explain.analyse(sanitized.har, content)
    return page_context(
        report=report,
        findings=[finding_context(content, item) for item in report.explained],
        chart=waterfall(report),
        handoff=handoff(request, content, report),
        seconds=report.seconds,
    )


def file_name(raw):
    stem = re.sub(r"[^\w.-]+", "-", (raw or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:80]
    stem = stem.removesuffix(".har").strip(".-") or "network"
    return f"{stem}.sanitized.har"


def summary(sanitized, bodies, size):
    """What the server's sanitizing removed (the browser's own account replaces it when the
    browser sanitized the file)."""
    return {
        "removed": [removal(kind, len(values)) for kind, values in sanitized.removed.items()],
        "bodies": sanitized.bodies,
        "bodies_kept": bodies,
        "dropped": sanitized.dropped[:40],
        "cut": sanitized.cut,
        "entries": sanitized.entries,
        "skipped": sanitized.skipped,
        "size": size,
    }


def download(har_data, name):
    text = json.dumps(har_data, ensure_ascii=False, indent=1)
    data = text.encode("utf-8")
    if len(data) > EMBED_MAX:
        return {"name": name, "too_big": True, "size": len(data)}
    encoded = base64.b64encode(data).decode("ascii")
    return {"name": name, "href": f"data:application/json;base64,{encoded}", "size": len(data)}


def cause_url(request, cause):
    return request.build_absolute_uri(reverse("code", args=[cause.code]) + f"#{cause.slug}")


def finding_context(content, item):
    finding = item.finding
    result = item.result
    context = {
        "item": item,
        "finding": finding,
        "severity": SEVERITY[finding.severity],
        "guide_query": guide_state.query(item.pairs, item.text),
        "timeline_query": finding.timeline,
    }
    if result is not None:
        context["cause_html"] = content.cause_html.get(result.cause.key)
        context["confidence"] = item.step.confidence
    return context


def handoff(request, content, report):
    top = next(
        (e for e in report.explained if e.result is not None and e.finding.severity >= 2), None
    )
    url = cause_url(request, top.result.cause) if top else request.build_absolute_uri()
    phrases = {entry.code: entry.phrase for entry in content.codes}
    phrase = phrases.get(top.finding.status, "") if top and top.finding.status else ""
    return explain.handoff(report, url, phrase)


def waterfall(report):
    """The relevant rows: every entry of a finding, then the others in time order, up to
    WATERFALL_ROWS (all of them when the HAR is that small)."""
    marked = {}
    for item in report.explained:
        for entry in item.finding.entries:
            if entry.failed:
                marked[entry.number] = str(entry.status) if entry.status else "no response"
    involved = {e.number for item in report.explained for e in item.finding.entries}
    if len(report.entries) <= WATERFALL_ROWS:
        rows = list(report.entries)
    else:
        chosen = [e for e in report.entries if e.number in involved][:WATERFALL_ROWS]
        rest = [e for e in report.entries if e.number not in involved]
        chosen += rest[: WATERFALL_ROWS - len(chosen)]
        rows = sorted(chosen, key=lambda e: e.number)
    for entry in rows:
        if entry.failed and entry.number not in marked:
            marked[entry.number] = str(entry.status) if entry.status else "no response"
    return {
        "chart": waterfall_chart(rows, marked),
        "shown": len(rows),
        "total": len(report.entries),
        "involved": involved,
    }
