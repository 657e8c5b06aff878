"""The site's own error pages: each is the reference page of its code."""

import logging

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape

from troubleshooter.models import StatusCode
from troubleshooter.web import code_page

logger = logging.getLogger(__name__)


def error_page(request, status, message):
    """The reference page of `status`, with `message` on top; a plain page if that fails. The
    page is rendered once per content version (and menu entry) and kept on the snapshot, so a
    client over a limit or a scanner hitting missing paths costs a string replacement, not a
    page render."""
    try:
        snapshot = request.content.snapshot
        match = getattr(request, "resolver_match", None)
        key = ("error page", status, match.url_name if match is not None else None)
        html = snapshot.memo.get(key, lambda: render_reference(request, status, snapshot))
        if html is not None:
            return HttpResponse(html.replace(MESSAGE_PLACEHOLDER, escape(message)), status=status)
    except Exception:  # the database may be what failed; fall back to a page that needs nothing
        logger.exception("Could not render the reference page for error %s", status)
    html = render_to_string(
        "error_fallback.html", {"status": status, "error_message": message}, request=request
    )
    return HttpResponse(html, status=status)


MESSAGE_PLACEHOLDER = "ERROR-MESSAGE-PLACEHOLDER-7d1c"  # survives escaping unchanged


def render_reference(request, status, snapshot):
    status_code = StatusCode.objects.for_page().filter(code=status).first()
    if status_code is None:
        return None
    context = code_page.context(status_code, content=snapshot)
    return render_to_string(
        "code.html", {**context, "error_message": MESSAGE_PLACEHOLDER}, request=request
    )


def bad_request(request, exception=None):
    return error_page(request, 400, "The request could not be understood by this site.")


def permission_denied(request, exception=None):
    return error_page(request, 403, "You are not allowed to see this page.")


def csrf_failure(request, reason=""):
    return error_page(
        request,
        403,
        "The form could not be verified (CSRF check failed). Reload the page and try again.",
    )


def page_not_found(request, exception=None):
    return error_page(request, 404, f"There is no page at {request.path}.")


def server_error(request):
    return error_page(request, 500, "Something went wrong on our side. It has been logged.")
