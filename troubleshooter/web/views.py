"""Thin views, in the order of urls.py: read the request, take the content snapshot or the
rows the page needs in a fixed number of queries, call an engine, render."""

from itertools import groupby
from urllib.parse import urlencode

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from troubleshooter.engine import diagnose, guide, intake, search, timeouts
from troubleshooter.engine.handoff import handoff_text
from troubleshooter.engine.redact import known_removals, redact
from troubleshooter.format.markup import render_markdown, sanitizer_removals
from troubleshooter.models import Cause, CodeClass, Question, StatusCode, normalize_text
from troubleshooter.web import feedback, guide_state
from troubleshooter.web.caching import cached_page, private_page
from troubleshooter.web.errors import error_page
from troubleshooter.web.serialize import code_data, diagnosis_data

VENDOR_GROUP = "vendor"
GROUP_ORDER = [str(c.value) for c in CodeClass if c.value] + [
    VENDOR_GROUP,
    str(CodeClass.NO_RESPONSE.value),
]


def render_page(request, template_name, partial, context, status=200):
    """The whole page, or only its named partial for htmx (never for a history restore)."""
    if request.htmx and not request.htmx.history_restore_request:
        template_name = f"{template_name}#{partial}"
    return render(request, template_name, context, status=status)


def wants_json(request):
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def group_key(code):
    return VENDOR_GROUP if code.vendor else str(code.code_class)


def group_label(key):
    return "Unofficial and vendor codes" if key == VENDOR_GROUP else CodeClass(int(key)).label


@cached_page
@require_safe
def index(request):
    selected = request.GET.get("class", "")
    if selected not in GROUP_ORDER:
        selected = ""
    codes = StatusCode.objects.only("code", "code_class", "phrase", "summary", "vendor")
    ordered = sorted(codes, key=lambda c: (GROUP_ORDER.index(group_key(c)), c.code))
    groups = [
        {"key": key, "label": group_label(key), "codes": list(items)}
        for key, items in groupby(ordered, key=group_key)
    ]
    filters = [{"key": key, "label": group_label(key)} for key in GROUP_ORDER]
    shown = [g for g in groups if not selected or g["key"] == selected]
    return render(
        request,
        "index.html",
        {"groups": shown, "filters": filters, "selected": selected, "total": len(ordered)},
    )


@cached_page
@require_safe
@vary_on_headers("Accept")
def code_page(request, code):
    if wants_json(request):
        return code_json(request, code)
    status_code = StatusCode.objects.for_page().filter(code=code).first()
    if status_code is None:
        raise Http404(f"No page for status code {code}.")
    return render(request, "code.html", {"code": status_code})


@cached_page
@require_safe
@vary_on_headers("HX-Request")
def guide_page(request):
    content = request.content.snapshot
    if "code" in request.GET:
        return guide_from_code(request, content, request.GET["code"])
    try:
        state = guide_state.read(request.GET)
    except guide.BadState as error:
        return error_page(request, 400, f"The guide could not read this address: {error}")
    if not state.pairs and not state.notes and not state.text.strip():
        return render_page(request, "guide.html", "panel", first_screen_context(content))
    if len(state.text) > 4 * intake.MAX_TEXT:
        return error_page(
            request, 400, "The guide could not read this address: its text is too long."
        )
    # The text in an address was redacted when the guide put it there; a hand-made address
    # is redacted again, so no secret is shown on the page.
    text = redact(state.text).text[: intake.MAX_TEXT]
    return guide_step(
        request,
        content,
        state.pairs,
        text,
        done=state.done,
        more=state.more,
        notes=state.notes,
        removed=known_removals(request.GET.getlist("r")),
    )


def guide_from_code(request, content, typed):
    """A code page's link (or a typed code): the guide, started with that status."""
    answer, error = intake.parse_status(typed, content)
    if answer is None:
        error = error or "Pick a status code, or leave it at “Not sure”."
        return render_page(
            request, "guide.html", "panel", first_screen_context(content, error=error), status=400
        )
    pairs = guide.first_screen_pairs(content.guide, answer, guide.UNSURE)
    url = f"{reverse('guide')}?{guide_state.query(pairs)}"
    if not request.htmx:
        return redirect(url)
    response = guide_step(request, content, pairs, "")
    response["HX-Push-Url"] = url
    return response


def guide_step(request, content, pairs, text, done=False, more=0, notes=(), removed=()):
    try:
        step = guide.step(
            content.guide,
            pairs,
            intake.text_evidence(content, text),
            text,
            done=done,
            more=more,
            notes=notes,
        )
    except guide.BadState as error:
        return error_page(request, 400, f"The guide could not read this address: {error}")
    result_cause = content.cause_html.get(step.result.cause.key) if step.result else None
    context = {
        "step": step,
        "links": guide_state.links(step),
        "result_cause": result_cause,
        "removed": removed,
    }
    return render_page(request, "guide.html", "panel", context)


def first_screen_context(content, **extra):
    """The status picker (every code, grouped by class) and the platforms."""
    groups = {}
    for entry in content.codes:
        if entry.code == guide.NO_RESPONSE:
            continue
        key = "vendor" if entry.vendor else str(entry.code // 100)
        former = f" (formerly {', '.join(entry.aliases)})" if entry.aliases else ""
        groups.setdefault(key, []).append((str(entry.code), f"{entry.code} {entry.phrase}{former}"))
    status_groups = [(group_label(key), groups[key]) for key in GROUP_ORDER if key in groups]
    platform = content.guide.platform_question
    context = {
        "first_screen": True,
        "status_groups": status_groups,
        "platforms": platform.answers if platform else (),
        "limit": diagnose.MAX_INPUT,
        "no_response": (str(guide.NO_RESPONSE), guide.NO_RESPONSE_LABEL),
        "success": (guide.SUCCESS, guide.SUCCESS_LABEL),
    }
    context.update(extra)
    return context


@csrf_exempt  # it changes nothing: it only turns the form into the guide's address (below)
@require_POST
@vary_on_headers("HX-Request")
def guide_start(request):
    """The first screen's form. It is a POST so that the user's text, which may hold secrets,
    never reaches a URL or an access log before it is redacted; the answer is a redirect to the
    guide's address, which holds only the redacted text."""
    content = request.content.snapshot
    text = request.POST.get("text", "")
    if len(text) > diagnose.MAX_INPUT:
        return first_screen_error(request, content, 413, error=too_long(text))
    status = request.POST.get("status_text", "").strip() or request.POST.get("status", "")
    platform = request.POST.get("platform", "")
    begin = intake.start(content, text, status, platform)
    if begin.error:
        return first_screen_error(
            request,
            content,
            400,
            error=f"{begin.error} Pick a code from the list, or leave it at “Not sure”.",
            text=begin.text,
            removed=begin.removed,
            platform=platform,
        )
    query = guide_state.query(begin.pairs, begin.text)
    if begin.removed:
        query += "&" + urlencode([("r", item) for item in begin.removed])
    url = f"{reverse('guide')}?{query}"
    if not request.htmx:
        response = redirect(url)
        response.status_code = 303  # See Other: the POST is done, fetch the guide's address
        return response
    response = guide_step(
        request, content, begin.pairs, begin.text, notes=begin.notes, removed=begin.removed
    )
    response["HX-Push-Url"] = url
    response["Cache-Control"] = "no-store"
    return response


def first_screen_error(request, content, status, **extra):
    """The first screen again with what was wrong; it may hold the user's (redacted) text, so
    it is kept by no cache."""
    context = first_screen_context(content, **extra)
    response = render_page(request, "guide.html", "panel", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def too_long(text):
    return (
        f"The text is {len(text):,} characters long; the limit is {diagnose.MAX_INPUT:,}. "
        "Paste the status line, the headers and the error message."
    )


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request", "Accept")
def diagnose_page(request):
    data = request.POST if request.method == "POST" else request.GET
    text = data.get("text", "")
    context = {"text": text, "limit": diagnose.MAX_INPUT}
    status = 200
    if len(text) > diagnose.MAX_INPUT:
        context["error"] = too_long(text)
        context["text"] = ""
        status = 413
    elif text.strip():
        content = request.content.snapshot
        redacted = redact(text)
        diagnosis = diagnose.diagnose(redacted.text, content.diagnose)
        context.update(text=redacted.text, removed=redacted.removed, diagnosis=diagnosis)
        context["handoff"] = diagnosis_handoff(request, diagnosis, content)
        context["guide_query"] = guide_state.query(
            intake.diagnosis_pairs(content.guide, diagnosis),
            diagnosis.text[: intake.MAX_TEXT].strip(),
        )
    if wants_json(request):
        if "error" in context:
            return JsonResponse({"error": context["error"]}, status=status)
        data = diagnosis_data(context.get("diagnosis"), context.get("guide_query", ""))
        data.update(redacted=context.get("removed", []), handoff=context.get("handoff", ""))
        return JsonResponse(data)
    return render_page(request, "diagnose.html", "result", context, status=status)


def diagnosis_handoff(request, diagnosis, content):
    phrases = {entry.code: entry.phrase for entry in content.codes}
    top = diagnosis.candidates[0].cause if diagnosis.candidates else None
    url = reverse("code", args=[top.code]) + f"#{top.slug}" if top else reverse("diagnose")
    phrase = phrases.get(diagnosis.status, "")
    return handoff_text(diagnosis, diagnosis.headers, request.build_absolute_uri(url), phrase)


@csrf_exempt  # pages are cached and shared: feedback.from_this_site stands in for the token
@private_page
@require_POST
def feedback_vote(request):
    try:
        vote, counted = feedback.record(request)
    except feedback.Refused as refused:
        context, status = {"error": refused.message}, refused.status
    else:
        context, status = {"vote": vote, "counted": counted}, 200
    if request.htmx:
        status = 200 if status != 403 else status  # htmx swaps only successful answers
    return render_page(request, "feedback.html", "result", context, status=status)


MAX_PREVIEW = 100_000  # characters of markdown per field


def preview_fields(data):
    """[(label, html, removed)] for each markdown field in a posted admin form."""
    labels = {
        name: str(model._meta.get_field(name).verbose_name).capitalize()
        for model in (StatusCode, Cause, Question)
        for name in model.MARKDOWN_FIELDS
    }
    fields = []
    for key, text in data.items():
        name = key.rsplit("-", 1)[-1]
        if name not in labels or key.endswith("__prefix__-" + name):
            continue
        text = normalize_text(text[:MAX_PREVIEW])
        prefix = key[: -len(name)].rstrip("-")
        label = labels[name] + (f" ({data.get(prefix + '-title', prefix)})" if prefix else "")
        fields.append((label, render_markdown(text), sanitizer_removals(text)))
    return fields


@staff_member_required
@private_page
@require_POST
def markdown_preview(request):
    """Unsaved markdown as the site will show it, for staff only (CSRF-checked like any admin
    form). htmx sends one field as `text` and gets the fragment; the form's Preview button,
    without JavaScript, posts the whole form and gets a page with every markdown field."""
    if "text" in request.POST:
        text = normalize_text(request.POST["text"][:MAX_PREVIEW])
        context = {"html": render_markdown(text), "removed": sanitizer_removals(text)}
        return render(request, "admin/troubleshooter/preview.html#fragment", context)
    return render(
        request, "admin/troubleshooter/preview.html", {"fields": preview_fields(request.POST)}
    )


@cached_page
@require_safe
@vary_on_headers("HX-Request")
def search_page(request):
    query = " ".join(request.GET.get("q", "").split())
    note = ""
    if len(query) > search.MAX_QUERY:
        note = f"Only the first {search.MAX_QUERY} characters of the query were used."
        query = query[: search.MAX_QUERY]
    content = request.content.snapshot
    if query.isdigit() and not request.htmx and any(c.code == int(query) for c in content.codes):
        return redirect("code", int(query))
    results = search.search(query, content.codes, content.diagnose) if query else []
    return render_page(
        request, "search.html", "results", {"query": query, "results": results, "note": note}
    )


@cached_page
@require_safe
@vary_on_headers("Accept")
def code_json(request, code):
    status_code = StatusCode.objects.for_page().filter(code=code).first()
    if status_code is None:
        return JsonResponse({"error": f"No page for status code {code}."}, status=404)
    return JsonResponse(code_data(request, status_code))


@cached_page
@require_safe
@vary_on_headers("HX-Request")
def timeouts_page(request):
    form, errors = timeline_form(request.GET)
    layers = timeouts.stack(form["choices"], form["overrides"])
    verdict = timeouts.timeline(layers, form["work"]) if layers else None
    context = {
        "form": form,
        "errors": errors,
        "verdict": verdict,
        "chart": timeline_chart(verdict) if verdict else None,
        "kinds": [
            (kind, label, [p for p in timeouts.PRODUCTS.values() if p.kind == kind])
            for kind, label in timeouts.KINDS
        ],
    }
    return render_page(request, "timeouts.html", "timeline", context, status=400 if errors else 200)


def timeline_form(data):
    """The stack and the values typed in, from the query string; errors for what is unusable."""
    choices, overrides, errors, typed = {}, {}, [], {}
    for kind, label in timeouts.KINDS:
        slug = data.get(kind, timeouts.NONE)[:40]
        if slug != timeouts.NONE and getattr(timeouts.PRODUCTS.get(slug), "kind", None) != kind:
            errors.append(f"“{slug}” is not a {label.lower()} this page knows.")
            slug = timeouts.NONE
        choices[kind] = slug
        raw = data.get(f"t_{kind}", "").strip()[:20]
        typed[kind] = raw
        if raw:
            try:
                overrides[kind] = timeouts.parse_seconds(raw)
            except ValueError:
                errors.append(f"The {label.lower()}'s timeout “{raw}” is not a number of seconds.")
    work_raw = data.get("work", "").strip()[:20]
    work = timeouts.DEFAULT_WORK
    if work_raw:
        try:
            work = timeouts.parse_seconds(work_raw) or 0
        except ValueError:
            errors.append(f"“{work_raw}” is not a number of seconds for the application's time.")
    return {"choices": choices, "overrides": overrides, "typed": typed, "work": work}, errors


def timeline_chart(verdict, width=640, left=200, row=34):
    """Bars for the server-rendered SVG: each layer's wait, where it ends and why."""
    end = max(verdict.end, 1) * 1.1
    scale = (width - left - 20) / end
    rows = []
    fired_at = verdict.first.timeout if verdict.first else None
    for index, item in enumerate(verdict.events):
        layer = item.layer
        limit = layer.timeout
        if layer is verdict.first:
            waits = fired_at
        elif layer.kind == "app":
            waits = verdict.work  # the application works on, whoever gave up
        else:
            waits = min(limit if limit is not None else end, fired_at or verdict.work)
        rows.append(
            {
                "y": 30 + index * row,
                "label": layer.label,
                "limit_x": left + limit * scale if limit is not None and limit <= end else None,
                "bar": max(waits * scale, 1),
                "fired": layer is verdict.first,
                "event": item,
            }
        )
    ticks = []
    step = next(s for s in (1, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200) if end / s <= 8)
    value = 0
    while value <= end:
        ticks.append(
            {"x": left + value * scale, "label": timeouts.seconds(value) if value else "0"}
        )
        value += step
    height = 30 + len(rows) * row + 10
    return {
        "width": width,
        "height": height,
        "left": left,
        "rows": rows,
        "ticks": ticks,
        "fired_x": left + fired_at * scale if fired_at is not None else None,
        "work_x": left + verdict.work * scale,
    }
