"""The diagnosis box: pasted text in, the likely causes with their evidence out (HTML or JSON)."""

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from troubleshooter.engine import diagnose, intake
from troubleshooter.engine.handoff import handoff_text
from troubleshooter.engine.redact import redact
from troubleshooter.web import guide_state, limits
from troubleshooter.web.caching import private_page
from troubleshooter.web.forms import TextForm
from troubleshooter.web.serialize import diagnosis_data
from troubleshooter.web.views.base import render_page, too_many, wants_json


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request", "Accept")
def diagnose_page(request):
    form = TextForm(request.POST if request.method == "POST" else request.GET)
    context = {"text": "", "limit": diagnose.MAX_INPUT}
    status = 200
    if not form.is_valid():
        context["error"] = form.errors["text"][0]
        status = 413 if form.too_long else 400
    elif form.cleaned_data["text"].strip():
        wait = limits.retry_after(request, "diagnose")
        if wait is not None:
            if wants_json(request):
                response = JsonResponse(
                    {"error": "Too many diagnoses; try again later."}, status=429
                )
                response["Retry-After"] = str(wait)
                return response
            return too_many(request, wait, "diagnoses")
        content = request.content.snapshot
        redacted = redact(form.cleaned_data["text"])
        diagnosis = diagnose.diagnose(redacted.text, content.diagnose)
        context.update(text=redacted.text, removed=redacted.removed, diagnosis=diagnosis)
        context["handoff"] = diagnosis_handoff(request, diagnosis, content)
        context["guide_query"] = guide_state.query(
            intake.diagnosis_pairs(content.guide, diagnosis),
            diagnosis.text[: intake.MAX_TEXT].strip(),
        )
    else:
        context["text"] = form.cleaned_data["text"]
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
