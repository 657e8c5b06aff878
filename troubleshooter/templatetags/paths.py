"""{% path 'name' arg ... %}: {% url %} for the public pages, remembered per process. A page
lists a link and a feedback form per cause, and reverse() costs more than the rest of such a
line; the URL patterns and the script prefix never change while a process runs, so each
answer is worked out once."""

import functools

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()


@functools.lru_cache(maxsize=8192)
def remembered(prefix, name, args):
    return reverse(name, args=args)


@register.simple_tag
def path(name, *args):
    return remembered(get_script_prefix(), name, tuple(str(arg) for arg in args))
