from django import template

from troubleshooter import guide

register = template.Library()

TITLES = {
    guide.LIKELY: "Likely cause",
    guide.ONE_OF: "One of these",
    guide.UNCLEAR: "Can't tell yet",
}


@register.filter
def guide_query(step, pair):
    """The guide's query string after answering `pair` ("question:answer") at this step."""
    return step.query(pair)


@register.filter
def confidence_title(step):
    return TITLES[step.confidence]


@register.filter
def confidence_text(step):
    """How sure the guide is, in words, from the shares."""
    top = step.ranked[:3]
    if step.confidence == guide.LIKELY:
        return f"The guide puts this cause at {top[0].percent}%, well ahead of the others."
    if step.confidence == guide.ONE_OF:
        total = round(sum(r.share for r in top) * 100)
        return (
            f"It is probably one of the first three ({total}% together), but the guide cannot "
            "single one out yet: the check below tells the first two apart."
        )
    return (
        "The answers so far do not single out a cause: this is the best guess among many. "
        "Add the error message or log line on the first screen, or answer more questions."
    )
