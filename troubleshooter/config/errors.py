"""Error handlers: the admin's own pages under /admin/, the reader's reference pages elsewhere."""

from troubleshooter.editorial import errors as admin_errors
from troubleshooter.web import errors


def bad_request(request, exception=None):
    return errors.bad_request(request, exception)


def permission_denied(request, exception=None):
    return errors.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if admin_errors.is_admin(request):
        return admin_errors.admin_error(request, 404)
    return errors.page_not_found(request, exception)


def server_error(request):
    if admin_errors.is_admin(request):
        return admin_errors.admin_error(request, 500)
    return errors.server_error(request)
