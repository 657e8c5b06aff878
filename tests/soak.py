"""The soak test (`make bench` runs it; `make soak` alone): two app servers (gunicorn), one
PostgreSQL, one Redis, 64 connections for SOAK_SECONDS (default 300) mixing cached pages, fresh
guide steps and diagnoses of new texts, with an admin edit every 30 seconds that must show on
both servers on the next request. Three runs: everything up; Redis stopped for the middle
minute; PostgreSQL restarted once in the middle. Reports errors (goal 0), p50/p99 and the edits.
Needs wrk, redis-server and PostgreSQL; only loopback addresses are used.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.servers import (  # noqa: E402
    ROOT,
    PostgresCluster,
    RedisServer,
    Site,
    prepare_database,
    site_environment,
)

SECONDS = int(os.environ.get("SOAK_SECONDS", "300"))
CONNECTIONS = int(os.environ.get("SOAK_CONNECTIONS", "64"))
EDIT_EVERY = 30
TIMEOUT = int(os.environ.get("SOAK_TIMEOUT", "10"))  # seconds before wrk counts a timeout
RUNS = os.environ.get("SOAK_RUNS", "up redis postgres").split()
CACHED = ["/", "/429/", "/502/", "/504/", "/404/", "/401/", "/guide/?a=status%3A502",
          "/search/?q=bad+gateway", "/timeouts/", "/502.json"]  # fmt: skip

SCRIPT = """
local pages = {%(pages)s}
local id = 0
local counter = 0
local threads = {}
setup = function(thread)
  id = id + 1
  thread:set("tid", id)
  table.insert(threads, thread)
end
statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do
    io.write(string.format("status %%d %%d\\n", status, count))
  end
end
init = function(args)
  math.randomseed(os.time() + (tid or 0))
end
request = function()
  counter = counter + 1
  local r = counter %% 10
  local tag = (tid or 0) .. "-" .. counter .. "-" .. math.random(1000000)
  if r < 6 then
    return wrk.format("GET", pages[(counter %% #pages) + 1])
  elseif r < 8 then
    return wrk.format("GET", "/guide/?t=upstream+timed+out+after+60+seconds+" .. tag ..
      "&a=status%%3A504&a=platform%%3Anginx")
  else
    return wrk.format("GET", "/diagnose/?text=HTTP%%2F1.1+502+Bad+Gateway%%0Aserver%%3A+nginx+" .. tag)
  end
end
"""


def wrk(site, seconds, connections, script):
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            f"--timeout={TIMEOUT}s",
            "--latency",
            "-s",
            script,
            site.base,
        ],  # fmt: skip
        capture_output=True,
        text=True,
    )
    return parse(result.stdout)


def parse(output):
    def number(pattern, default="0"):
        match = re.search(pattern, output)
        return match.group(1) if match else default

    def millis(text):
        value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    socket_errors = dict(
        zip(
            ("connect", "read", "write", "timeout"),
            map(int, socket.groups()) if socket else (0,) * 4,
            strict=True,
        )
    )
    statuses = {int(s): int(n) for s, n in re.findall(r"^status (\d+) (\d+)$", output, re.M)}
    return {
        "statuses": statuses,
        "socket_errors": socket_errors,
        "requests": int(number(r"(\d+) requests in")),
        "rate": float(number(r"Requests/sec:\s+([\d.]+)")),
        "non2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "p50": millis(number(r"50%\s+([\d.]+\w+)", "0ms")),
        "p99": millis(number(r"99%\s+([\d.]+\w+)", "0ms")),
    }


class Editor:
    """An admin edit every EDIT_EVERY seconds (a save through the models, as the admin does);
    after each, both servers must show it on the next request."""

    def __init__(self, env, sites):
        self.env, self.sites = env, sites
        self.results = []  # (edit number, saved, shown on every server)
        self.stop = threading.Event()
        self.paused = threading.Event()

    def edit(self, number):
        code = (
            "from troubleshooter.models import StatusCode; "
            "c = StatusCode.objects.get(code=418); "
            f"c.summary = 'Soak edit {number}: the server refuses to brew coffee.'; c.save()"
        )
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
        )
        if done.returncode != 0:
            return False, False
        marker = f"Soak edit {number}:"
        shown = all(marker in site.get("/418/")[2] for site in self.sites)
        return True, shown

    def run(self):
        number = 0
        while not self.stop.wait(EDIT_EVERY):
            if self.paused.is_set():
                continue
            number += 1
            self.results.append((number, *self.edit(number)))


def soak(label, env, sites, script, disrupt=None):
    editor = Editor(env, sites)
    worker = threading.Thread(target=editor.run, daemon=True)
    worker.start()
    results = [None] * len(sites)
    loads = [
        threading.Thread(
            target=lambda i=i, site=site: results.__setitem__(
                i, wrk(site, SECONDS, CONNECTIONS // len(sites), script)
            )
        )
        for i, site in enumerate(sites)
    ]
    for load in loads:
        load.start()
    if disrupt:
        disrupt(editor)
    for load in loads:
        load.join()
    editor.stop.set()
    worker.join()
    requests = sum(r["requests"] for r in results)
    statuses, socket_errors = Counter(), Counter()
    for r in results:
        statuses.update(r["statuses"])
        socket_errors.update(r["socket_errors"])
    errors = sum(r["non2xx"] for r in results) + socket_errors.total()
    shown = sum(1 for _n, saved, seen in editor.results if saved and seen)
    saved = sum(1 for _n, ok, _seen in editor.results if ok)
    print(
        f"{label:<34} {requests:>8} requests {sum(r['rate'] for r in results):>8.0f} req/s "
        f"errors {errors:>4}  p50 {max(r['p50'] for r in results):6.1f} ms  "
        f"p99 {max(r['p99'] for r in results):7.1f} ms  edits shown on both servers "
        f"{shown}/{saved} (of {len(editor.results)} tried)"
    )
    print(
        "  statuses: "
        + ", ".join(f"{k} x{v}" for k, v in sorted(statuses.items()))
        + "; socket errors: "
        + ", ".join(f"{k} {socket_errors[k]}" for k in ("connect", "read", "write", "timeout"))
        + f" (wrk timeout {TIMEOUT} s)"
    )


def main():
    if not shutil.which("wrk"):
        print("soak: wrk is not installed (apt-get install wrk); skipped")
        return
    redis, cluster = RedisServer(), PostgresCluster()
    redis.start()
    cluster.start()
    folder = Path(tempfile.mkdtemp(prefix="soak-"))
    script = folder / "mix.lua"
    script.write_text(SCRIPT % {"pages": ", ".join(f'"{p}"' for p in CACHED)})
    env = site_environment(
        cluster.url,
        redis.url,
        DIAGNOSE_RATE_PER_MINUTE="100000000",
        GUIDE_TEXT_RATE_PER_MINUTE="100000000",
        REDIS_RETRY_SECONDS="2",
    )
    sites = []
    try:
        prepare_database(env)
        sites = [Site(env, workers=2, threads=2), Site(env, workers=2, threads=2)]
        for site in sites:
            for page in CACHED:
                site.get(page)
        print(
            f"\nsoak: 2 app servers (gunicorn, 2 workers x 2 threads), PostgreSQL, Redis; "
            f"{CONNECTIONS} connections for {SECONDS} s per run; an admin edit every "
            f"{EDIT_EVERY} s; 60% cached pages, 20% fresh guide steps, 20% diagnoses"
        )
        if "up" in RUNS:
            soak("everything up", env, sites, script)

        def redis_gone(editor):
            time.sleep(max(SECONDS / 2 - 30, 0))
            redis.stop()
            time.sleep(min(60, SECONDS))
            redis.start()

        if "redis" in RUNS:
            soak("Redis stopped for the middle minute", env, sites, script, redis_gone)

        def database_restart(editor):
            time.sleep(SECONDS / 2)
            editor.paused.set()  # no edit can be saved while the database is down
            cluster.stop()
            time.sleep(5)
            cluster.start()
            time.sleep(5)
            editor.paused.clear()

        if "postgres" in RUNS:
            soak("PostgreSQL restarted once", env, sites, script, database_restart)
    finally:
        for site in sites:
            errors = site.close()
            tracebacks = errors.count("Traceback")
            if tracebacks:
                print(f"  a server logged {tracebacks} tracebacks; last lines:\n{errors[-1500:]}")
        redis.close()
        cluster.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
