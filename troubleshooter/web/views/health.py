"""`/healthz` for load balancers: the database and the cache, reported separately."""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from troubleshooter import snapshot


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except DatabaseError:
        return "unreachable"


def cache_state():
    """ "ok" when the configured cache answers; "local" while a shared cache is unreachable
    and each process serves from its own memory."""
    probe = getattr(cache, "_cache", None)
    if getattr(cache, "shared", None) is None or probe is None:
        return "ok"  # a cache in this process's memory
    try:
        probe.get_client(write=False).ping()
        return "ok"
    except Exception:  # any failure to reach it
        return "local"


@never_cache
@require_safe
def healthz(request):
    """200 while the site can serve readers (the database, or a snapshot to fall back on);
    503 when it cannot. The body says which part is down."""
    database = database_state()
    last = snapshot.last()
    body = {
        "database": database,
        "cache": cache_state(),
        "snapshot": "ready" if last is not None else "none",
        "serving": database == "ok" or last is not None,
    }
    return JsonResponse(body, status=200 if body["serving"] else 503)
