"""The JSON answers: a code with its causes, and a diagnosis."""

from django.urls import reverse


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
        "sources": code.source_list,
        "related": [c.code for c in code.related.all()],
        "confused_with": [c.code for c in code.confused.all()],
        "url": request.build_absolute_uri(code.get_absolute_url()),
        "causes": [
            {
                "slug": cause.slug,
                "title": cause.title,
                "commonness": cause.commonness or None,
                "platforms": cause.platform_list,
                "signals": cause.signal_list,
                "confirm": cause.confirm,
                "fix_when_calling": cause.fix_client,
                "fix_when_building": cause.fix_server,
                "sources": cause.source_list,
            }
            for cause in code.causes.all()
        ],
    }


def diagnosis_data(diagnosis, guide_query=""):
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
        "guide_url": f"{reverse('guide')}?{guide_query}",
    }
