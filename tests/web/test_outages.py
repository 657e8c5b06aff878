"""The site when its cache or its database goes away, with real servers stopped mid-test: losing
Redis costs speed, never availability; losing the database leaves readers on the last snapshot
and pages, with a notice, and the site recovers by itself."""

import subprocess
import sys
import tempfile
import time
import urllib.parse

import pytest

from tests.servers import (
    ROOT,
    PostgresCluster,
    RedisServer,
    Site,
    prepare_database,
    site_environment,
)

pytestmark = pytest.mark.outage

PAGES = ["/", "/429/", "/502.json", "/guide/?a=status:502", "/search/?q=bad+gateway",
         "/timeouts/", "/diagnose/?text=HTTP%2F1.1+502+Bad+Gateway"]  # fmt: skip


def statuses(site, paths):
    return {path: site.get(path)[0] for path in paths}


def redis_page_keys(redis):
    import redis as redis_client

    client = redis_client.Redis.from_url(redis.url)
    try:
        return [key for key in client.scan_iter("*page:*")]
    finally:
        client.close()


@pytest.fixture
def sqlite_url():
    folder = tempfile.mkdtemp(prefix="outage-")
    return f"sqlite:///{folder}/site.sqlite3"


def test_with_redis_stopped_every_page_answers_and_caching_resumes_when_it_is_back(sqlite_url):
    redis = RedisServer()
    redis.start()
    env = site_environment(sqlite_url, redis.url, REDIS_RETRY_SECONDS="1")
    prepare_database(env)
    site = Site(env)
    try:
        assert statuses(site, PAGES) == dict.fromkeys(PAGES, 200)
        assert redis_page_keys(redis), "pages are kept in Redis while it is up"
        assert site.get("/no-such-page/")[0] == 404

        redis.stop()
        started = time.monotonic()
        assert statuses(site, PAGES) == dict.fromkeys(PAGES, 200)
        assert statuses(site, ["/guide/?a=status:503", "/418/"]) == {
            "/guide/?a=status:503": 200,
            "/418/": 200,
        }
        assert site.get("/no-such-page/")[0] == 404  # the site's own error page still works
        assert time.monotonic() - started < 10, "a dead Redis must not hold requests up"
        status, _headers, body = site.get("/healthz")
        assert status == 200 and '"cache": "local"' in body and '"database": "ok"' in body

        redis.start()
        time.sleep(1.5)  # REDIS_RETRY_SECONDS
        assert statuses(site, ["/", "/404/", "/404/"]) == {"/": 200, "/404/": 200}
        assert redis_page_keys(redis), "caching resumes once Redis is back"
        status, _headers, body = site.get("/healthz")
        assert '"cache": "ok"' in body
    finally:
        errors = site.close()
        redis.close()
    assert "Traceback" not in errors, errors[-3000:]
    assert errors.count("Redis is unreachable") == 1, "one warning per interval, not per request"


def test_with_postgresql_stopped_readers_are_served_from_the_last_snapshot():
    cluster = PostgresCluster()
    cluster.start()
    env = site_environment(cluster.url)
    site = None
    try:
        prepare_database(env)
        site = Site(env)
        assert statuses(site, PAGES) == dict.fromkeys(PAGES, 200)

        cluster.stop()
        for path in PAGES:  # pages rendered before the outage, and the engines on the snapshot
            status, headers, body = site.get(path)
            assert status == 200, path
            if "text/html" in headers.get("Content-Type", ""):
                assert "running from its last saved copy" in body, path
        text = urllib.parse.quote("upstream timed out (110: Connection timed out) while reading")
        for path in ("/guide/?a=status:504&a=platform:nginx", f"/diagnose/?text={text}"):
            assert site.get(path)[0] == 200, path  # new work, from the snapshot alone
        start = site.get(
            "/guide/start/", data=urllib.parse.urlencode({"text": "nginx 502"}).encode()
        )
        assert start[0] == 200  # followed the 303 to the guide
        status, headers, body = site.get("/418/")  # never rendered: nothing to fall back on
        assert status == 503 and headers["Retry-After"] and "<html" in body.lower()
        status, _headers, body = site.get("/healthz")
        assert status == 200 and '"database": "unreachable"' in body

        cluster.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and site.get("/418/")[0] != 200:
            time.sleep(0.5)
        status, _headers, body = site.get("/429/")
        assert status == 200 and "running from its last saved copy" not in body
        assert '"database": "ok"' in site.get("/healthz")[2]
    finally:
        errors = site.close() if site else ""
        cluster.close()
    assert "Traceback" not in errors, errors[-3000:]


def test_after_an_edit_no_request_waits_for_the_new_snapshot(sqlite_url):
    """The first request after an edit is served from the previous snapshot (and kept by no
    cache) while a background thread builds the new one; the edit shows moments later."""
    env = site_environment(sqlite_url, SNAPSHOT_REBUILD="background")
    prepare_database(env)
    site = Site(env)
    path = "/guide/?a=status:cant&a=platform:unsure"
    try:
        status, headers, body = site.get(path)
        assert status == 200 and "stale-if-error" in headers["Cache-Control"]
        code = (
            "from troubleshooter.models import Question; "
            "q = Question.objects.get(slug='pattern'); a = q.answers.first(); "
            "a.label = 'Edited while serving'; a.save()"
        )
        subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
        started = time.monotonic()
        status, headers, first = site.get("/guide/?a=status:cant&a=platform:unsure&a=speed:unsure")
        took = time.monotonic() - started
        assert status == 200 and "no-store" in headers["Cache-Control"]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            status, headers, body = site.get("/timeouts/?edit=1")
            if "no-store" not in headers.get("Cache-Control", ""):
                break
            time.sleep(0.2)
        assert "no-store" not in headers["Cache-Control"], "the new snapshot is in use"
        assert took < 5
    finally:
        errors = site.close()
    assert "Traceback" not in errors, errors[-3000:]
