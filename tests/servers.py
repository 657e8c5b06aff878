"""Real servers for the tests that take them away: a Redis server and a PostgreSQL cluster
that can be stopped and started again mid-test, and the site served by gunicorn against them.
No mocks: the point is what the site does when a real server disappears."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def required(binary, package):
    """The path of `binary`; a missing one fails under CI=true and skips otherwise."""
    found = shutil.which(binary) or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{binary}"))), None
    )
    if found is None:
        message = f"no {binary} (apt-get install {package})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    return found


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, seconds=20, what="a server"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not come up within {seconds} s")


def port_open(port):
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class RedisServer:
    def __init__(self):
        self.binary = required("redis-server", "redis-server")
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="redis-")
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.folder],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: port_open(self.port), what="redis-server")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def close(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class PostgresCluster:
    """A throwaway cluster (initdb as the postgres user when run as root, like tests/postgres.sh)."""

    def __init__(self):
        self.initdb = required("initdb", "postgresql")
        self.bin = Path(self.initdb).parent
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="pg-"))
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        if self.as_pg:
            shutil.chown(self.folder, "postgres", "postgres")
        self.run(self.initdb, "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--locale=C.UTF-8")  # fmt: skip

    @property
    def data(self):
        return str(self.folder / "data")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, *command):
        subprocess.run([*self.as_pg, *map(str, command)], check=True, capture_output=True)

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(self.bin / "pg_ctl", "-D", self.data, "-l", self.folder / "log", "-w",
                 "-o", options, "start")  # fmt: skip

    def stop(self):
        self.run(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def close(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def site_environment(database_url, redis_url=None, **extra):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": "servers-test-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_DEBUG": "0",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def prepare_database(env):
    """Migrate, load the content and collect static files for a site served with `env`."""
    for command in (
        ["migrate", "-v0"],
        ["load_content", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True)  # fmt: skip


class Site:
    """The site served by gunicorn (WhiteNoise for static files), as in production."""

    def __init__(self, env, workers=1, threads=4):
        self.env = env
        self.port = free_port()
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(
            [gunicorn, "troubleshooter.config.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--threads", str(threads), "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        wait_for(lambda: port_open(self.port), what="gunicorn")

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def get(self, path, data=None, headers=None, timeout=10):
        """(status, headers, body text) of a request; errors are answers, not exceptions."""
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def close(self):
        self.process.terminate()
        try:
            _out, errors = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _out, errors = self.process.communicate()
        return errors
