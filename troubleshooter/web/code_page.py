"""What a code's page shows, in the order a developer in a hurry needs it: the answer in
short (what it means, the three most common causes, who usually sends it), the causes ranked by
how often people meet them with each platform's own causes grouped under it, and the causes of
other codes that show up as this one."""

from dataclasses import dataclass, field

from troubleshooter.engine.platforms import PLATFORMS
from troubleshooter.engine.scoring import BROAD_PLATFORMS
from troubleshooter.format.profiles import parse_profile

COMMONNESS_ORDER = {"common": 0, "occasional": 1, "": 1, "rare": 2}
SENDERS = {  # the producer question's answers, as the In short block says them
    "app": "the application itself",
    "gateway": "a load balancer, API gateway or reverse proxy",
    "edge": "a CDN or web application firewall",
    "local-proxy": "a proxy or firewall on the caller's own network",
}
SECTIONS = (  # (anchor, title): the jump links, in page order
    ("in-short", "In short"),
    ("meaning", "What it means"),
    ("example", "Example"),
    ("causes", "Causes and fixes"),
    ("also-seen", "Also seen as this code"),
    ("headers", "Headers"),
    ("in-code", "In code"),
    ("confused", "Commonly confused with"),
    ("related", "Related codes"),
)


@dataclass
class PlatformGroup:
    slug: str
    label: str
    causes: list = field(default_factory=list)
    open: bool = False  # the reader named this platform


def general(cause):
    platforms = cause.platform_list
    return not platforms or len(platforms) > BROAD_PLATFORMS


def ranked(causes):
    """Most common first; ties keep the file's order."""
    return sorted(causes, key=lambda c: (COMMONNESS_ORDER.get(c.commonness, 1), c.position))


def senders(causes):
    """Who usually sends the code, from the producer its causes' profiles give, most first."""
    counts = {}
    for cause in causes:
        try:
            producers = parse_profile(cause.profile).get("producer", [])
        except ValueError:
            continue
        for producer in producers:
            if producer in SENDERS:
                counts[producer] = counts.get(producer, 0) + 1
    ordered = sorted(counts, key=lambda p: -counts[p])
    return [SENDERS[p] for p in ordered[:2]]


def context(code, platform="", content=None):
    """The template context of a code's page; `platform` (a slug the reader named) opens that
    platform's group of causes; `content`, the content snapshot (for the causes of other codes
    seen as this one; none without it)."""
    causes = list(code.causes.all())
    common = ranked([c for c in causes if general(c)])
    groups = {}
    for cause in ranked([c for c in causes if not general(c)]):
        slug = cause.platform_list[0]
        if slug not in groups:
            label = PLATFORMS[slug].label if slug in PLATFORMS else slug
            groups[slug] = PlatformGroup(slug, label, open=slug == platform)
        groups[slug].causes.append(cause)
        if platform in cause.platform_list:
            groups[slug].open = True
    group_list = sorted(
        groups.values(),
        key=lambda g: (not g.open, COMMONNESS_ORDER.get(g.causes[0].commonness, 1), -len(g.causes)),
    )
    top = (common + [c for g in group_list for c in g.causes])[:3]  # general causes first
    seen_here = content.seen_here.get(code.code, ()) if content is not None else ()
    present = {
        "in-short": True,
        "meaning": True,
        "example": bool(code.example_html),
        "causes": bool(causes),
        "also-seen": bool(seen_here),
        "headers": bool(code.headers_note_html),
        "in-code": bool(code.in_code_html),
        "confused": bool(code.confused_note_html) or bool(code.confused.all()),
        "related": bool(code.related.all()),
    }
    return {
        "code": code,
        "top_causes": top,
        "senders": senders(causes),
        "general_causes": common,
        "platform_groups": group_list,
        "seen_here": seen_here,
        "sections": [(anchor, title) for anchor, title in SECTIONS if present[anchor]],
        "platform": platform if platform in PLATFORMS else "",
    }
