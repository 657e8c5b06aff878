"""What every page view shares: whole page or htmx partial, JSON or HTML, the code groups."""

from django.shortcuts import render

from troubleshooter.models import CodeClass
from troubleshooter.web.errors import error_page

VENDOR_GROUP = "vendor"
GROUP_ORDER = [str(c.value) for c in CodeClass if c.value] + [
    VENDOR_GROUP,
    str(CodeClass.NO_RESPONSE.value),
]


def render_page(request, template_name, partial, context, status=200):
    """The whole page, or only its named partial for htmx (never for a history restore)."""
    if request.htmx and not request.htmx.history_restore_request:
        template_name = f"{template_name}#{partial}"
    return render(request, template_name, context, status=status)


def wants_json(request):
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def group_key(code):
    return VENDOR_GROUP if code.vendor else str(code.code_class)


def group_label(key):
    return "Unofficial and vendor codes" if key == VENDOR_GROUP else CodeClass(int(key)).label


def too_many(request, wait, what):
    """The site's own 429 page (the reference page of 429) for a client over a limit."""
    response = error_page(
        request,
        429,
        f"Too many {what} from your address for now: try again in {wait} seconds. The limit "
        "keeps the site fast for everyone; pages you have seen are not affected.",
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response
