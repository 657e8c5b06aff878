"""Pages as static as the content: validators, 304s, the page cache on each backend, Cache-Control
and compression."""

import gzip
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.helpers import admin_url, form_data
from troubleshooter.models import Cause, StatusCode

pytestmark = pytest.mark.django_db


def test_a_repeat_visit_gets_304_without_a_body(client):
    first = client.get("/429/")
    assert first.status_code == 200 and first["ETag"]
    again = client.get("/429/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_weak_validator_from_gzip_still_matches(client):
    etag = client.get("/").headers["ETag"]
    assert client.get("/", headers={"If-None-Match": f"W/{etag}"}).status_code == 304


@pytest.mark.parametrize(
    "url",
    ["/", "/429/", "/429.json", "/guide/?a=status:429", "/search/?q=bad+gateway", "/0/"],
)
def test_every_public_get_page_has_a_validator_and_may_be_shared_briefly(client, url):
    response = client.get(url)
    assert response.status_code == 200
    control = response["Cache-Control"]
    assert "public" in control and "max-age=60" in control
    assert "stale-while-revalidate=600" in control
    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_variants_have_their_own_validators(client):
    page = client.get("/429/")
    as_json = client.get("/429/", headers={"Accept": "application/json"})
    panel = client.get("/guide/", headers={"HX-Request": "true"})
    whole = client.get("/guide/")
    assert page["ETag"] != as_json["ETag"]
    assert panel["ETag"] != whole["ETag"]
    assert "HX-Request" in whole["Vary"] and "Accept" in page["Vary"]


def test_pages_with_a_form_token_are_never_shared(client, admin_client):
    diagnose = client.get("/diagnose/")
    assert "private" in diagnose["Cache-Control"] and "no-store" in diagnose["Cache-Control"]
    assert "ETag" not in diagnose
    admin = admin_client.get(admin_url(StatusCode, "changelist"))
    assert "private" in admin["Cache-Control"] or "no-store" in admin["Cache-Control"]


def test_html_is_compressed_except_next_to_a_secret_token(client):
    page = client.get("/429/", headers={"Accept-Encoding": "gzip"})
    assert page["Content-Encoding"] == "gzip"
    assert b"Too Many Requests" in gzip.decompress(page.content)
    assert "Accept-Encoding" in page["Vary"]
    form = client.get("/diagnose/", headers={"Accept-Encoding": "gzip"})
    assert form.status_code == 200
    assert not form.has_header("Content-Encoding")
    assert b"csrfmiddlewaretoken" in form.content


def test_an_errors_is_not_cached(client):
    assert client.get("/598/").status_code == 404
    assert "public" not in client.get("/598/").get("Cache-Control", "")


def admin_edit_shows_on_the_next_request(client, admin_client):
    cause = Cause.objects.filter(status_code__code=429).first()
    before = client.get("/429/")
    assert client.get("/429/").content == before.content  # served from the cache
    url = admin_url(cause)
    data = form_data(admin_client.get(url))
    data["title"] = "A title changed a moment ago"
    assert admin_client.post(url, data).status_code == 302
    after = client.get("/429/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert "A title changed a moment ago" in after.content.decode()


def test_local_memory_cache_shows_an_admin_edit_on_the_next_request(client, admin_client):
    assert caches["default"].__class__.__name__ == "LocMemCache"
    admin_edit_shows_on_the_next_request(client, admin_client)


@pytest.fixture(scope="module")
def redis_url():
    """A throwaway Redis server; required under CI, else the test is skipped without one."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true and no redis-server (apt-get install redis-server)")
        pytest.skip("redis-server is not installed")
    folder = tempfile.mkdtemp()
    port = 20000 + os.getpid() % 20000
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            folder,
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True
            )
            if probe.stdout.strip() == "PONG":
                break
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


def test_redis_cache_shows_an_admin_edit_on_the_next_request(client, admin_client, redis_url):
    redis = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    with override_settings(CACHES=redis):
        caches["default"].clear()
        assert caches["default"].__class__.__name__ == "RedisCache"
        admin_edit_shows_on_the_next_request(client, admin_client)
        assert any(
            key.startswith(b":1:page:")
            for key in caches["default"]._cache.get_client().scan_iter("*")
        )


def test_a_cached_page_is_one_query(client, django_assert_num_queries):
    client.get("/418/")
    with django_assert_num_queries(1):
        assert client.get("/418/").status_code == 200


def test_release_fingerprint_covers_templates(settings):
    from troubleshooter.web.caching import release_fingerprint

    assert release_fingerprint() == release_fingerprint()
    assert Path(settings.BASE_DIR, "templates", "code.html").exists()
