"""Template filters for content pages: platform labels, source link labels, timeline links."""

from urllib.parse import urlsplit

from django import template

from troubleshooter.engine import timeouts
from troubleshooter.engine.platforms import PLATFORMS

register = template.Library()


@register.filter
def platform_label(slug):
    platform = PLATFORMS.get(slug)
    return platform.label if platform else slug


@register.filter
def source_label(url):
    """A short name for a source link: its host and the last part of its path."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    tail = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if parts.fragment:
        tail = f"{tail}#{parts.fragment}" if tail else f"#{parts.fragment}"
    return f"{host}: {tail}" if tail else host


@register.filter
def get_choice(mapping, key):
    return mapping.get(key, "")


@register.filter
def seconds(value):
    return timeouts.seconds(value)


@register.filter
def timeline_query(code, slug=""):
    """The timeout timeline's query for a code's page or cause ("" when it has none)."""
    return timeouts.preset_for(code, slug)
