"""The reference: the index of codes, a code's page (and its JSON), search."""

from itertools import groupby

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from troubleshooter.engine import search
from troubleshooter.models import StatusCode
from troubleshooter.web import code_page as page
from troubleshooter.web.caching import cached_page
from troubleshooter.web.serialize import code_data
from troubleshooter.web.views.base import (
    GROUP_ORDER,
    group_key,
    group_label,
    render_page,
    wants_json,
)


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
    platform = request.GET.get("platform", "")[:40]
    return render(
        request, "code.html", page.context(status_code, platform, request.content.snapshot)
    )


@cached_page
@require_safe
@vary_on_headers("Accept")
def code_json(request, code):
    status_code = StatusCode.objects.for_page().filter(code=code).first()
    if status_code is None:
        return JsonResponse({"error": f"No page for status code {code}."}, status=404)
    return JsonResponse(code_data(request, status_code, request.content.snapshot))


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
