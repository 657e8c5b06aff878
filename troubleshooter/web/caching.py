"""Pages as static as the content they show.

A page's validator is derived from the content version (one query), the release (templates,
static files and code, fingerprinted when the process starts) and what else the page depends
on (its full path and the htmx and Accept variants). A matching If-None-Match gets a 304 without
rendering; otherwise the page comes from Django's cache under that validator, or is rendered and
stored there. Since the key changes with the content, an admin edit shows on the next request on
every app server, whichever cache backend they share, and nothing needs invalidating.

Shared caches may keep a page briefly and serve it stale while they revalidate. Pages with a
form token (the diagnosis, admin) are never cached and say so; see `private_page`.
"""

import hashlib
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

MAX_AGE = 60  # seconds a browser or CDN may reuse a page without asking
STALE_WHILE_REVALIDATE = 600
STALE_IF_ERROR = 24 * 3600  # a CDN or browser may show a kept page for a day if we fail
CACHE_TIMEOUT = 24 * 3600  # a page no request asked for in a day leaves the cache
STORED_HEADERS = ("Content-Type", "Vary", "HX-Push-Url", "Content-Language")


def release_fingerprint():
    """Changes whenever a template, a static file or any code file changes (computed once), or
    comes from the deploy (RELEASE_ID, e.g. a commit hash) when it names one."""
    if settings.RELEASE_ID:
        return settings.RELEASE_ID
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder, pattern in (("templates", "**/*"), ("static", "**/*"), ("troubleshooter", "**/*")):
        for path in sorted((base / folder).glob(pattern)):
            if path.is_file() and path.suffix not in (".pyc", ".pyo"):
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RELEASE = release_fingerprint()


def validator(request):
    variant = (
        request.get_host(),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-History-Restore-Request", ""),
        "json" if "application/json" in request.headers.get("Accept", "") else "",
    )
    key = repr((RELEASE, request.content.version, variant)).encode()
    return hashlib.sha256(key).hexdigest()[:32]


def matches(request, etag):
    """Weak comparison, as RFC 9110 allows for If-None-Match (gzip makes the tag weak)."""
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in wanted or any(tag.removeprefix("W/") == etag for tag in wanted)


def public_headers(response, etag):
    response["ETag"] = etag
    patch_cache_control(
        response,
        public=True,
        max_age=MAX_AGE,
        stale_while_revalidate=STALE_WHILE_REVALIDATE,
        stale_if_error=STALE_IF_ERROR,
    )
    return response


def cached_response(request, tag, etag):
    """The 304, or the stored page, for a validator; None when neither applies."""
    if matches(request, etag):
        response = HttpResponseNotModified()
        patch_vary_headers(response, ("HX-Request", "Accept", "Accept-Encoding"))
        return public_headers(response, etag)
    stored = cache.get(f"page:{tag}")
    if stored is None:
        return None
    status, headers, content = stored
    return public_headers(HttpResponse(content, status=status, headers=headers), etag)


class PageCacheMiddleware:
    """Serves a stored page (or a 304) before sessions, authentication and the view are
    involved. Only pages stored by `cached_page` are ever found, so what is not cacheable never
    is; a miss goes on to the view, which renders and stores."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.path.startswith("/admin/"):
            tag = validator(request)
            response = cached_response(request, tag, f'"{tag}"')
            if response is not None:
                return response
        return self.get_response(request)


def cached_page(view):
    """Conditional GET and the page cache for a view whose page depends only on the content
    and the request's path, htmx headers and Accept."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        tag = validator(request)  # PageCacheMiddleware has looked for a stored page already
        etag = f'"{tag}"'
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming or response.cookies:
            return response  # redirects and errors are not kept, nor anything setting cookies
        if request.content.stale or request.content.degraded:
            # Made from the previous snapshot (the new one is being built) or from the last one
            # (no database): right for now, but not to be kept as this version's page.
            patch_cache_control(response, no_store=True)
            return response
        headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
        cache.set(f"page:{tag}", (response.status_code, headers, response.content), CACHE_TIMEOUT)
        return public_headers(response, etag)

    return wrapper


def private_page(view):
    """A page that carries a form token: no shared cache, no reuse without asking."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper


class CompressionMiddleware(GZipMiddleware):
    """Gzip, except responses that carry a CSRF token: compressing a secret next to text the
    client controls opens a side channel (BREACH)."""

    def process_response(self, request, response):
        # A page that used the token has the CSRF cookie set (or renewed) on its response.
        if settings.CSRF_COOKIE_NAME in response.cookies:
            return response
        return super().process_response(request, response)
