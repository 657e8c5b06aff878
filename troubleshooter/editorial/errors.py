"""The admin's own error pages: an editor who meets a 404 or a 500 stays in the admin's look,
with a way back, instead of landing on a reader's page."""

import logging

from django.contrib import admin
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape

logger = logging.getLogger(__name__)

MESSAGES = {
    404: ("Not found", "There is nothing at this address in the admin. It may have been "
          "deleted: look under Recently deleted, or start again from the admin's home page."),
    500: ("Something went wrong", "The admin could not finish this request; it has been "
          "logged. Nothing was saved by it. Go back, reload the form, and try again."),
}  # fmt: skip


def admin_error(request, status):
    title, message = MESSAGES[status]
    context = {"title": title, "status": status, "message": message, "path": request.path}
    try:
        if status != 500:  # a 500 may come from the database: ask it nothing more
            context = {**admin.site.each_context(request), **context}
        else:
            context.update(site_header=admin.site.site_header, site_title=admin.site.site_title)
        html = render_to_string("admin/troubleshooter/error.html", context, request=request)
    except Exception:
        logger.exception("Could not render the admin's %s page", status)
        html = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{escape(message)}</p>"
    return HttpResponse(html, status=status)


def is_admin(request):
    return request.path.startswith("/admin/")
