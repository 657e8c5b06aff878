"""The JSON answers: a code with its causes, and a diagnosis."""

from django.urls import reverse

from troubleshooter.web import code_page


def code_data(request, code, content=None):
    """A code as JSON: everything its page shows (see static/api/code.schema.json)."""
    page = code_page.context(code, content=content)
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
        "headers_note": code.headers_note,
        "example": code.example,
        "in_code": code.in_code,
        "confused_note": code.confused_note,
        "in_short": {
            "summary": code.summary,
            "most_common_causes": [cause.slug for cause in page["top_causes"]],
            "usually_sent_by": page["senders"],
        },
        "reviewed": {"on": code.reviewed_on.isoformat(), "by": code.reviewed_by}
        if code.reviewed_on
        else None,
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
                "seen_as": [{"code": number, "when": when} for number, when in cause.seen_as_list],
                "signals": cause.signal_list,
                "described_as": cause.described_as_list,
                "confirm": cause.confirm,
                "fix_when_calling": cause.fix_client,
                "fix_when_building": cause.fix_server,
                "sources": cause.source_list,
            }
            for cause in code.causes.all()
        ],
        "also_seen_as_this_code": [
            {"code": number, "cause": slug, "title": title, "when": when}
            for number, slug, title, when in page["seen_here"]
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
        "answers": dict(diagnosis.answers),  # the guide's questions the text answers
        "too_little": diagnosis.too_little,  # no status and no evidence: no first cause named
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
