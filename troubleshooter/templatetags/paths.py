"""{% path 'name' arg ... %}: {% url %} for the public pages, remembered per process. A page
lists a link and a feedback form per cause, and reverse() costs more than the rest of such a
line; the URL patterns and the script prefix never change while a process runs, so each
answer is worked out once."""

import functools

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html

register = template.Library()


@functools.lru_cache(maxsize=8192)
def remembered(prefix, name, args):
    return reverse(name, args=args)


@register.simple_tag
def path(name, *args):
    return remembered(get_script_prefix(), name, tuple(str(arg) for arg in args))


@register.simple_tag
def cause_link(cause, numbered=False):
    """A link to a cause on its code's page: "502: Title", or the code set apart when
    `numbered` (a tag, not an include: pages list several per request)."""
    href = f"{path('code', cause.code)}#{cause.slug}"
    if numbered:
        return format_html(
            '<a href="{}"><span class="num">{}</span> {}</a>', href, cause.code, cause.title
        )
    return format_html('<a href="{}">{}: {}</a>', href, cause.code, cause.title)
