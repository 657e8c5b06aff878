"""Thin views: read the request, fetch what the page needs in a fixed number of queries, render."""

import logging
from itertools import groupby

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from . import diagnose, guide, search
from .content import diagnose_index, guide_content, search_codes
from .models import Cause, CodeClass, StatusCode

logger = logging.getLogger(__name__)

VENDOR_GROUP = "vendor"


GROUP_ORDER = [str(c.value) for c in CodeClass if c.value] + [
    VENDOR_GROUP,
    str(CodeClass.NO_RESPONSE.value),
]


def group_key(code):
    return VENDOR_GROUP if code.vendor else str(code.code_class)


def group_label(key):
    return "Unofficial and vendor codes" if key == VENDOR_GROUP else CodeClass(int(key)).label


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


@require_safe
@vary_on_headers("Accept")
def code_page(request, code):
    if wants_json(request):
        return code_json(request, code)
    status_code = StatusCode.objects.for_page().filter(code=code).first()
    if status_code is None:
        raise Http404(f"No page for status code {code}.")
    return render(request, "code.html", {"code": status_code})


@require_safe
@vary_on_headers("HX-Request")
def guide_page(request):
    content = guide_content()
    pairs = request.GET.getlist("a")
    typed_notes, push_url = [], None
    if "code" in request.GET:
        pairs, typed_notes = apply_typed_code(content, pairs, request.GET["code"])
        if not typed_notes:
            push_url = f"{reverse('guide')}?{guide.state_query(pairs)}"
            if not request.htmx:
                return redirect(push_url)
    response = render_guide(request, content, pairs, typed_notes)
    if push_url and response.status_code == 200:
        response["HX-Push-Url"] = push_url
    return response


def apply_typed_code(content, pairs, typed):
    """The status code typed into the form replaces any status answer in the state."""
    question = content.status_question
    typed = typed.strip()[:10]
    if question is None:
        return pairs, []
    if typed not in dict(question.answers):
        return pairs, [
            f"The guide has no causes for status “{typed}” yet; pick one of the codes below or “Not sure”."
        ]
    kept = [p for p in pairs if not p.startswith(f"{question.slug}:")]
    return [*kept, f"{question.slug}:{typed}"], []


def render_guide(request, content, pairs, extra_notes):
    try:
        step = guide.step(content, pairs)
    except guide.BadState as error:
        return error_page(request, 400, f"The guide could not read this address: {error}")
    step.notes[:0] = extra_notes
    result_cause = None
    if step.result:
        code, slug = step.result.cause.code, step.result.cause.slug
        result_cause = Cause.objects.filter(status_code__code=code, slug=slug).first()
    template_name = "guide.html"
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#panel"
    return render(request, template_name, {"step": step, "result_cause": result_cause})


def error_page(request, status, message):
    """The site's own error pages are the reference page of their code."""
    try:
        status_code = StatusCode.objects.for_page().filter(code=status).first()
        if status_code is not None:
            html = render_to_string(
                "code.html", {"code": status_code, "error_message": message}, request=request
            )
            return HttpResponse(html, status=status)
    except Exception:  # the database may be what failed; fall back to a page that needs nothing
        logger.exception("Could not render the reference page for error %s", status)
    html = render_to_string(
        "error_fallback.html", {"status": status, "error_message": message}, request=request
    )
    return HttpResponse(html, status=status)


def bad_request(request, exception=None):
    return error_page(request, 400, "The request could not be understood by this site.")


def permission_denied(request, exception=None):
    return error_page(request, 403, "You are not allowed to see this page.")


def csrf_failure(request, reason=""):
    return error_page(
        request,
        403,
        "The form could not be verified (CSRF check failed). Reload the page and try again.",
    )


def page_not_found(request, exception=None):
    return error_page(request, 404, f"There is no page at {request.path}.")


def server_error(request):
    return error_page(request, 500, "Something went wrong on our side. It has been logged.")


def wants_json(request):
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request", "Accept")
def diagnose_page(request):
    data = request.POST if request.method == "POST" else request.GET
    text = data.get("text", "")
    context = {"text": text, "limit": diagnose.MAX_INPUT}
    status = 200
    if len(text) > diagnose.MAX_INPUT:
        context["error"] = (
            f"The text is {len(text):,} characters long; the limit is {diagnose.MAX_INPUT:,}. "
            "Paste the status line, the headers and the error message."
        )
        context["text"] = ""
        status = 413
    elif text.strip():
        context["diagnosis"] = diagnose.diagnose(text, diagnose_index())
    if wants_json(request):
        if "error" in context:
            return JsonResponse({"error": context["error"]}, status=status)
        return JsonResponse(diagnosis_json(context.get("diagnosis")))
    template_name = "diagnose.html"
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#result"
    return render(request, template_name, context, status=status)


def diagnosis_json(diagnosis):
    if diagnosis is None:
        return {"status": None, "candidates": [], "hints": [], "producer": None}
    return {
        "status": diagnosis.status,
        "statuses": diagnosis.statuses,
        "producer": diagnosis.producer,
        "producer_label": diagnosis.producer_label,
        "hints": [{"header": h.header, "advice": h.advice} for h in diagnosis.hints],
        "candidates": [
            {
                "code": c.cause.code,
                "cause": c.cause.slug,
                "title": c.cause.title,
                "score": round(c.score, 2),
                "url": reverse("code", args=[c.cause.code]) + f"#{c.cause.slug}",
                "evidence": [
                    {"text": diagnosis.text[e.start : e.end], "kind": e.kind, "label": e.label}
                    for e in c.evidence
                ],
            }
            for c in diagnosis.candidates[:10]
        ],
        "guide_url": f"{reverse('guide')}?{guide.state_query(diagnosis.guide_pairs)}",
    }


@require_safe
@vary_on_headers("HX-Request")
def search_page(request):
    query = " ".join(request.GET.get("q", "").split())
    note = ""
    if len(query) > search.MAX_QUERY:
        note = f"Only the first {search.MAX_QUERY} characters of the query were used."
        query = query[: search.MAX_QUERY]
    codes = search_codes()
    if query.isdigit() and not request.htmx and any(c.code == int(query) for c in codes):
        return redirect("code", int(query))
    results = search.search(query, codes, diagnose_index()) if query else []
    template_name = "search.html"
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#results"
    return render(request, template_name, {"query": query, "results": results, "note": note})


@require_safe
@vary_on_headers("Accept")
def code_json(request, code):
    status_code = StatusCode.objects.for_page().filter(code=code).first()
    if status_code is None:
        return JsonResponse({"error": f"No page for status code {code}."}, status=404)
    return JsonResponse(code_data(request, status_code))


def code_data(request, code):
    return {
        "code": code.code,
        "phrase": code.phrase,
        "aliases": code.alias_list,
        "class": f"{code.code_class}xx" if code.code else "no response",
        "vendor": code.vendor or None,
        "spec": code.spec,
        "spec_url": code.spec_url or None,
        "summary": code.summary,
        "explanation": code.explanation,
        "headers": code.header_list,
        "example": code.example,
        "related": [c.code for c in code.related.all()],
        "confused_with": [c.code for c in code.confused.all()],
        "url": request.build_absolute_uri(code.get_absolute_url()),
        "causes": [
            {
                "slug": cause.slug,
                "title": cause.title,
                "signals": cause.signal_list,
                "confirm": cause.confirm,
                "fix_when_calling": cause.fix_client,
                "fix_when_building": cause.fix_server,
            }
            for cause in code.causes.all()
        ],
    }
