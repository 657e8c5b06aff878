"""Template filters for the guide: how sure a result is, in words."""

from django import template

from troubleshooter.engine import guide

register = template.Library()

TITLES = {
    guide.LIKELY: "Likely cause",
    guide.LEADS: "Best lead",
    guide.ONE_OF: "One of these",
    guide.UNCLEAR: "Can't tell yet",
}


@register.filter
def confidence_title(step):
    return TITLES[step.confidence]


@register.filter
def confidence_text(step):
    """How sure the guide is, in words, from the shares."""
    top = step.ranked[:3]
    code = ""
    if step.confidence != guide.LIKELY and step.code_share >= 0.6 and top:
        cause = top[0].cause
        code = (
            f"The code is very likely {cause.code} {cause.phrase} "
            f"({round(step.code_share * 100)}% for its causes together). "
        )
        if cause.code == guide.NO_RESPONSE:
            code = f"Most likely no response arrived ({round(step.code_share * 100)}%). "
    if step.confidence == guide.LIKELY:
        second = top[1].percent if len(top) > 1 else 0
        lead = "well ahead of" if top[0].percent >= 85 else "ahead of"
        return (
            f"The guide puts this cause at {top[0].percent}%, {lead} the others "
            f"(the next has {second}%)."
        )
    if step.confidence == guide.LEADS:
        second = top[1].percent if len(top) > 1 else 0
        return (
            f"{code}The guide puts this cause at {top[0].percent}%, far ahead of any other "
            f"single cause (the next has {second}%), but the rest, spread over many causes, "
            "still weigh much: run its check (How to confirm it, below) before you change "
            "anything."
        )
    if step.confidence == guide.ONE_OF:
        total = round(sum(r.share for r in top) * 100)
        check = " The check below tells the first two apart." if step.check else ""
        return (
            f"{code}It is probably one of the first three causes ({total}% together), but the "
            f"guide cannot single one out yet.{check}"
        )
    return (
        f"{code}The answers so far do not single out a cause: this is the best guess among "
        "many. Add the error message or log line on the first screen, or answer more questions."
    )
