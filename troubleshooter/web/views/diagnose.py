"""The diagnosis box: pasted text in, the likely causes with their evidence out (HTML or JSON)."""

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from troubleshooter.engine import diagnose, guide, intake
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
        pairs = intake.diagnosis_pairs(content.guide, diagnosis)
        context["guide_query"] = guide_state.query(pairs, diagnosis.text[: intake.MAX_TEXT].strip())
        context["assessment"] = assessment(content, diagnosis, pairs)
        context["read_answers"] = read_answers(content, diagnosis)
    else:
        context["text"] = form.cleaned_data["text"]
    if wants_json(request):
        if "error" in context:
            return JsonResponse({"error": context["error"]}, status=status)
        data = diagnosis_data(context.get("diagnosis"), context.get("guide_query", ""))
        judged = context.get("assessment")
        if judged:
            data["assessment"] = {
                "first_is_a_guess": not judged["sure"],
                "shares": {c.cause.key: percent for c, percent in judged["rows"]},
                "check": judged["check"].question.text if judged["check"] else None,
            }
        data.update(redacted=context.get("removed", []), handoff=context.get("handoff", ""))
        return JsonResponse(data)
    return render_page(request, "diagnose.html", "result", context, status=status)


def read_answers(content, diagnosis):
    """The guide's questions the text answers by itself, as (question, answer label): they
    weigh in the ranking, so the page says what they are."""
    by_slug = content.guide.by_slug
    return [
        (by_slug[slug].text, by_slug[slug].label_for(answer))
        for slug, answer in diagnosis.answers.items()
        if slug in by_slug and answer in by_slug[slug].index
    ]


def assessment(content, diagnosis, pairs):
    """How sure the diagnosis is, in the guide's terms (the same scoring model): each of the
    first candidates' share, whether the first is a guess, and the check that tells the first
    two apart when the text does not."""
    if not diagnosis.candidates:
        return None
    text = diagnosis.text[: intake.MAX_TEXT]
    evidence = intake.text_evidence(content, text, diagnosis)
    answered, _notes, ranked = guide.ranking(content.guide, pairs, evidence)
    shown = [
        (candidate, ranked.item_for(candidate.cause.key)) for candidate in diagnosis.candidates[:5]
    ]
    shares = [ranked.share if ranked is not None else 0.0 for _candidate, ranked in shown]
    total = sum(shares) or 1.0
    rows = [(c, round(share / total * 100)) for (c, _r), share in zip(shown, shares, strict=True)]
    first, second = (shares + [0.0, 0.0])[:2]
    sure = first / total >= 0.7 and first >= 3 * second and not diagnosis.too_little
    check = None
    if not sure and len(shown) > 1 and shown[0][1] is not None and shown[1][1] is not None:
        check = guide.separating_check(content.guide, answered, shown[0][1], shown[1][1])
    return {"rows": rows, "sure": sure, "check": check}


def diagnosis_handoff(request, diagnosis, content):
    phrases = {entry.code: entry.phrase for entry in content.codes}
    top = diagnosis.candidates[0].cause if diagnosis.candidates else None
    url = reverse("code", args=[top.code]) + f"#{top.slug}" if top else reverse("diagnose")
    phrase = phrases.get(diagnosis.status, "")
    return handoff_text(diagnosis, diagnosis.headers, request.build_absolute_uri(url), phrase)
