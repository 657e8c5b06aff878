"""Template tags for the guide: how sure a result is, in words, and the lists on every step."""

from django import template
from django.utils.html import format_html_join

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


@register.simple_tag
def candidate_items(top):
    """The side list's items: each cause's code, title and share (a tag rather than a template
    loop: it is on every step, and a loop's lookups cost more than the rest of the list)."""
    return format_html_join(
        "\n",
        '<li><span class="cand-title"><span class="num">{}</span> {}</span>\n'
        '        <progress max="100" value="{}" aria-hidden="true"></progress>\n'
        '        <span class="share">{}%{}</span></li>',
        (
            (r.cause.code, r.cause.title, r.percent, r.percent, " (tied)" if r.tied else "")
            for r in top
        ),
    )


@register.simple_tag
def answer_items(options):
    """The question's answers as links (the last, "Not sure", marked), each to its state."""
    last = len(options) - 1
    return format_html_join(
        "\n",
        '<li><a class="answer{}" href="?{}" hx-get="?{}">{}</a></li>',
        (
            (" unsure" if number == last else "", query, query, label)
            for number, (label, query) in enumerate(options)
        ),
    )


@register.simple_tag
def answered_items(answered):
    """What the person told the guide, one item per answer, marked when read off their text."""
    return format_html_join(
        "\n",
        "<li>{} <strong>{}</strong>{}</li>",
        (
            (item.question.text, item.label, " (from your text)" if item.from_text else "")
            for item in answered
        ),
    )
