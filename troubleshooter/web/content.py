"""`request.content`: the content version and its snapshot, read at most once per request, and
what the site does when the database is unreachable.

Readers keep being served through a database outage: the version falls back to the snapshot
this process built last, so cached pages (whose validators include the version) and the guide,
the diagnosis and search (which run on the snapshot) keep working; pages marked `degraded`
carry a small notice that editing is unavailable. What needs the database and is not cached
gets a 503 with Retry-After instead of a 500.
"""

import logging
import time
from functools import cached_property

from django.db import DatabaseError
from django.http import HttpResponse
from django.template.loader import render_to_string

from troubleshooter import snapshot

logger = logging.getLogger(__name__)
RETRY_AFTER = 30  # seconds a client is told to wait while the database is unreachable
NOTICE_MARK = b"<!--site-notice-->"
WARN_SECONDS = 60.0
_warned = {"at": -WARN_SECONDS}


def database_down(error):
    now = time.monotonic()
    if now - _warned["at"] >= WARN_SECONDS:
        _warned["at"] = now
        logger.warning("The database is unreachable (%s): serving the last snapshot", error)


class Unavailable(Exception):
    """No database and no snapshot to fall back on."""


class RequestContent:
    degraded = False  # the database could not be read: the last snapshot stands in

    @cached_property
    def version(self):
        try:
            return snapshot.content_version()
        except DatabaseError as error:
            last = snapshot.last()
            if last is None:
                raise Unavailable from error
            database_down(error)
            self.degraded = True
            return last.version

    @cached_property
    def snapshot(self):
        """The snapshot of this version, or while it is being built (in the background, so no
        request waits) the previous one: then `stale` is true and no cache may keep the page."""
        return snapshot.current_or_last(self.version)

    @property
    def stale(self):
        return "snapshot" in self.__dict__ and self.snapshot.version != self.version


def unavailable(request):
    html = render_to_string(
        "error_fallback.html",
        {
            "status": 503,
            "error_message": "The site's database is unreachable for a moment and this page "
            "was not kept. Try again in a minute; the guide and the diagnosis still work.",
        },
        request=request,
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class ContentMiddleware:
    """Gives every request `request.content` (like `request.user`): `.version`, one query on
    first use, and `.snapshot`, the plain data the engines run on for that version. Turns a
    database outage into the last snapshot, a notice on the page, or a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.content = RequestContent()
        try:
            response = self.get_response(request)
        except Unavailable:
            return unavailable(request)
        if request.content.degraded:
            mark_degraded(response)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, (DatabaseError, Unavailable)):
            if isinstance(exception, DatabaseError):
                database_down(exception)
            return unavailable(request)
        return None


NOTICE = (
    b'<p class="site-notice" role="status">The site is running from its last saved copy: '
    b"pages may be a little out of date and editing is unavailable for a moment.</p>"
)


def mark_degraded(response):
    """The notice on an HTML page served from the last snapshot."""
    response["Cache-Control"] = "no-store"  # not to be kept as the normal page
    if response.streaming or "text/html" not in response.get("Content-Type", ""):
        return
    if NOTICE_MARK in response.content:
        response.content = response.content.replace(NOTICE_MARK, NOTICE, 1)
