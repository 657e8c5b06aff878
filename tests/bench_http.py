"""Serve the site as production does (gunicorn, production settings, WhiteNoise) and load it
with wrk: the code page, a guide step and the index against the same bytes served as a static
file by the same server, in one run. `make bench` runs it; BENCH_SECONDS (default 15) and
BENCH_CONNECTIONS (default 64) set the load. Only loopback addresses are used.
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
PAGES = {
    "code page /429/": "/429/",
    "guide step": "/guide/?a=status%3A429&a=producer%3Aapp",
    "index /": "/",
}
STATIC_NAME = "bench/429.html"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE, env=env, check=True)


def start(env, port):
    workers = os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1))
    process = subprocess.Popen(
        [
            GUNICORN,
            "troubleshooter.config.wsgi",
            "--workers",
            workers,
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=BASE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return process, int(workers)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def stop(process):
    process.terminate()
    process.wait(20)


def fetch(port, path, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wire_size(status, headers, body):
    head = f"HTTP/1.1 {status} X\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return len(head) + 2 + len(body)


# Work no cache can help with: every request carries a text never seen before.
FRESH = {
    "fresh guide step": """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/guide/?t=upstream+timed+out+after+60+seconds+" .. id .. "-" .. counter
    .. "&a=status%3A504&a=platform%3Anginx")
end
""",
    "diagnosis, short text": """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/diagnose/?text=HTTP%2F1.1+502+Bad+Gateway%0Aserver%3A+nginx%0A" .. id
    .. "-" .. counter)
end
""",
    "diagnosis, 64 KB": """
counter = 0
local line = '203.0.113.9+-+-+[10/Oct/2025:13:55:36+%2B0000]+%22GET+/api/report+HTTP/1.1%22+499+0+%22-%22+%22curl/8%22%0A'
local body = string.rep(line, 700)
request = function()
  counter = counter + 1
  return wrk.format("POST", "/diagnose/",
    {["Content-Type"] = "application/x-www-form-urlencoded",
     ["Cookie"] = "csrftoken=benchbenchbenchbenchbenchbench12"},
    "csrfmiddlewaretoken=benchbenchbenchbenchbenchbench12&text=" .. id .. "-" .. counter .. "%0A" .. body)
end
""",
}
# Each wrk run numbers its texts from its own random base: a run at 64 connections after one at
# 16 would otherwise send the same texts again and be served from the page cache.
SETUP = """
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("id", RUN + threads * 100000) end
init = function(args) id = id or RUN end
"""


def wrk(url, connections=None, script=None):
    command = ["wrk", "-t2", f"-c{connections or CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    if script:
        path = Path(tempfile.mkdtemp()) / "fresh.lua"
        run_base = secrets.randbelow(10**6) * 10**6  # under 14 digits: Lua prints it whole
        path.write_text(SETUP.replace("RUN", str(run_base)) + script)
        command += ["-s", str(path)]
    done = subprocess.run(command + [url], capture_output=True, text=True, check=True)
    if done.stderr.strip():  # a Lua error leaves wrk requesting "/" instead: never a figure
        raise SystemExit(f"wrk: {done.stderr.strip()}")
    out = done.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", out)
    return rps, latency.get("50", "?"), latency.get("99", "?"), errors.group(0) if errors else ""


def main():
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    workdir = tempfile.mkdtemp(prefix="troubleshooter-serve-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "troubleshooter.config.settings",
        "DJANGO_DEBUG": "",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{workdir}/serve.sqlite3",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DIAGNOSE_RATE_PER_MINUTE": "1000000000",
        "GUIDE_TEXT_RATE_PER_MINUTE": "1000000000",
    }
    run("migrate", "--noinput", "-v0", env=env)
    run("load_content", "-v0", env=env)
    run("collectstatic", "--noinput", "-v0", env=env)
    port = free_port()
    process, workers = start(env, port)
    try:
        status, _headers, page = fetch(port, "/429/")
        assert status == 200, status
    finally:
        stop(process)
    static = BASE / "staticfiles" / STATIC_NAME
    static.parent.mkdir(parents=True, exist_ok=True)
    static.write_bytes(page)
    process, workers = start(env, port)
    try:
        first = fetch(port, "/429/", {"Accept-Encoding": "gzip"})
        repeat = fetch(
            port, "/429/", {"Accept-Encoding": "gzip", "If-None-Match": first[1]["ETag"]}
        )
        print(f"gunicorn, {workers} workers, production settings; wrk -c{CONNECTIONS} -d{SECONDS}s")
        print(f"code page on the wire: first view {wire_size(*first) / 1024:.1f} KB (gzip), "
              f"repeat visit {wire_size(*repeat)} bytes (status {repeat[0]})")  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        # Every worker builds its snapshot and renders its pages before anything is measured.
        for path in PAGES.values():
            subprocess.run(["wrk", "-t2", "-c16", "-d3s", f"{base}{path}"], capture_output=True)
        print(f"{'':26} {'conns':>5} {'req/s':>9} {'x static':>9} {'p50':>9} {'p99':>9}  errors")
        for connections in sorted({16, CONNECTIONS}):
            results = {"static file (same bytes)": wrk(f"{base}/static/{STATIC_NAME}", connections)}
            for label, path in PAGES.items():
                results[label] = wrk(f"{base}{path}", connections)
            for label, script in FRESH.items():
                results[label] = wrk(f"{base}/", connections, script)
            static_rps = results["static file (same bytes)"][0]
            for label, (rps, p50, p99, errors) in results.items():
                print(
                    f"{label:26} {connections:>5} {rps:9.0f} {rps / static_rps:9.2f} {p50:>9} "
                    f"{p99:>9}  {errors}"
                )
    finally:
        stop(process)
        static.unlink(missing_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
