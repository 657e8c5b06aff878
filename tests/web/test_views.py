"""The reference pages through real HTTP requests: status codes, content, queries, errors, CSP."""

import re

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path

from tests.factories import CauseFactory, StatusCodeFactory
from tests.helpers import admin_url
from troubleshooter.config import urls as site_urls
from troubleshooter.models import StatusCode

pytestmark = pytest.mark.django_db


def test_index_lists_every_code_grouped_by_class(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for code in StatusCode.objects.all():
        assert f'href="/{code.code}/"' in html
        assert code.phrase.replace("'", "&#x27;") in html
    headings = re.findall(r'<h2 id="group-(\w+)">', html)
    codes = StatusCode.objects.all()
    expected = sorted({str(c.code_class) for c in codes if not c.vendor and c.code})
    expected += ["vendor"] if any(c.vendor for c in codes) else []
    expected += ["0"] if any(c.code == 0 for c in codes) else []
    assert headings == expected


def test_index_filters_by_class(client):
    html = client.get("/", {"class": "5"}).content.decode()
    assert 'href="/503/"' in html
    assert 'href="/404/"' not in html
    assert 'aria-current="true">5xx Server error' in html


def test_index_ignores_an_unknown_filter(client):
    response = client.get("/", {"class": "9<script>"})
    assert response.status_code == 200
    assert 'href="/404/"' in response.content.decode()
    assert "<script>" not in response.content.decode().split("</head>")[1]


def test_code_page_shows_everything_about_the_code(client):
    code = StatusCode.objects.for_page().get(code=429)
    response = client.get("/429/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1><span class="num">429</span> Too Many Requests</h1>' in html
    assert 'href="https://www.rfc-editor.org/rfc/rfc6585.html#section-4"' in html
    assert "<code>Retry-After</code>" in html
    for cause in code.causes.all():
        assert f'id="{cause.slug}"' in html
        assert cause.fix_client_html in html
        assert cause.fix_server_html in html
    for other in code.confused.all():
        assert f'href="/{other.code}/"' in html
    assert code.example_html in html


def test_alias_is_shown_on_the_page(client):
    html = client.get("/422/").content.decode()
    assert '<h1><span class="num">422</span> Unprocessable Content</h1>' in html
    assert "<q>Unprocessable Entity</q>" in html


def test_unknown_code_is_a_real_404_that_explains_404(client):
    response = client.get("/299/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no page at /299/." in html
    assert '<span class="num">404</span> Not Found' in html


def test_non_numeric_path_is_a_404_and_escapes_the_path(client):
    response = client.get("/<script>alert(1)</script>/")
    assert response.status_code == 404
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()


def test_head_is_allowed_and_post_is_not(client):
    assert client.head("/404/").status_code == 200
    response = client.post("/404/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_code_page_query_count_does_not_grow_with_causes(client):
    from troubleshooter.snapshot import current

    code = StatusCodeFactory(code=297)
    CauseFactory(status_code=code)
    current()  # this content's snapshot, built once per edit (in the background when serving)
    with CaptureQueriesContext(connection) as one_cause:
        client.get("/297/")
    for _ in range(12):
        CauseFactory(status_code=code)
    code.related.set(StatusCode.objects.filter(code__in=[400, 404, 500]))
    current()
    with CaptureQueriesContext(connection) as many_causes:
        client.get("/297/")
    assert len(many_causes) == len(one_cause) == 5  # the content version, then the page
    with CaptureQueriesContext(connection) as cached:
        client.get("/297/")
    assert len(cached) == 1  # the content version only: the page comes from the cache


def test_index_is_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/")


def test_csp_header_allows_no_inline_script(client):
    response = client.get("/429/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "nonce-" not in csp  # cached pages carry no nonce
    for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
        assert "src=" in tag and "nonce=" not in tag


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


# The site's own error pages ------------------------------------------------------------------


def raise_permission_denied(request):
    raise PermissionDenied


def raise_suspicious(request):
    raise SuspiciousOperation("bad")


def raise_error(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("forbidden/", raise_permission_denied),
    path("bad/", raise_suspicious),
    path("boom/", raise_error),
    *site_urls.urlpatterns,
]
handler400 = "troubleshooter.web.errors.bad_request"
handler403 = "troubleshooter.web.errors.permission_denied"
handler404 = "troubleshooter.web.errors.page_not_found"
handler500 = "troubleshooter.web.errors.server_error"


@pytest.mark.urls("tests.web.test_views")
@pytest.mark.parametrize(
    ("url", "status", "phrase"),
    [
        ("/bad/", 400, "Bad Request"),
        ("/forbidden/", 403, "Forbidden"),
        ("/boom/", 500, "Internal Server Error"),
    ],
)
def test_error_pages_show_the_reference_page_of_their_code(client, url, status, phrase):
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == status
    assert f'<span class="num">{status}</span> {phrase}' in response.content.decode()


@pytest.mark.urls("tests.web.test_views")
def test_server_error_page_works_without_its_content(client):
    StatusCode.objects.filter(code=500).delete()
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Error 500" in response.content.decode()


def test_csrf_failure_is_the_403_page(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(admin_url("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "CSRF check failed" in response.content.decode()
    assert '<span class="num">403</span> Forbidden' in response.content.decode()
