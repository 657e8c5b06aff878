"""Local servers that fail on purpose, and HAR files recorded from real Chromium pages against
them (Playwright's `record_har_path`): the test suite's own library of browser network logs.

Two origins on 127.0.0.1 (two ports): the *app* serves the pages and its same-origin API; the
*api* is another origin, for cross-origin calls. Each case is a page whose script makes the
calls that fail; the page then writes what the script saw into `#outcome`.

- cors-preflight: a cross-origin POST with a JSON body and a bearer token. The API answers the
  OPTIONS preflight with 405 and no CORS headers (its framework has no route for OPTIONS), so
  the browser never sends the POST, and the script sees "Failed to fetch".
- cors-hidden-error: a cross-origin GET (no preflight needed) to an API whose error responses
  skip its CORS middleware: the GET gets a 500 without Access-Control-Allow-Origin, and the
  script sees "Failed to fetch", not the 500.
- post-301: a same-origin POST to /api/orders, answered with a 301 to /api/orders/; the
  browser follows it as a GET, which the API refuses with 405.
- login-redirect: a fetch of /api/me with an expired session is redirected (302) to the HTML
  sign-in page; the script's res.json() fails on "<!DOCTYPE".
- slow-upstream: /api/report goes through a gateway (nginx's fingerprint) to an upstream that
  takes longer than the gateway waits (SLOW_GATEWAY_SECONDS), so the gateway answers 504.

The pages carry secrets of every kind a HAR holds (session cookies set by the server and by
script, a bearer JWT, an API key header, a CSRF header, a token in a query string, a password in
a form body); SECRETS lists them, so tests can check none survives sanitizing. They are made up
from a seeded generator, like tests/web/test_redact_corpus.py's.
"""

import base64
import contextlib
import json
import random
import socket
import string
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDED = Path(__file__).parent / "har" / "recorded"
CASES = ("cors-preflight", "cors-hidden-error", "post-301", "login-redirect", "slow-upstream")
SLOW_GATEWAY_SECONDS = 1.5  # the gateway's proxy_read_timeout; the upstream takes longer
SLOW_UPSTREAM_SECONDS = 4.0

_rng = random.Random(20260126)
ALNUM = string.ascii_letters + string.digits


def _fake(length, alphabet=ALNUM):
    while True:
        value = "".join(_rng.choice(alphabet) for _ in range(length))
        wants_upper = bool(set(alphabet) & set(string.ascii_uppercase))
        kinds = [any(c.isdigit() for c in value), any(c.islower() for c in value)]
        if all(kinds) and (not wants_upper or any(c.isupper() for c in value)):
            return value


def _jwt():
    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    claims = {"sub": _fake(10), "iat": 1767225600}
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.{_fake(43, ALNUM + '_-')}"


SESSION = _fake(32, string.ascii_lowercase + string.digits)
CSRF = _fake(32)
SCRIPT_COOKIE = _fake(24)
BEARER = _jwt()
API_KEY = _fake(32, "0123456789abcdef")
QUERY_TOKEN = _fake(28)
FORM_PASSWORD = "c0rrect-h0rse-" + _fake(6)
SECRETS = (SESSION, CSRF, SCRIPT_COOKIE, BEARER, BEARER.split(".")[2], API_KEY, QUERY_TOKEN,
           FORM_PASSWORD)  # fmt: skip


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="icon" href="data:,"></head>
<body><h1>{title}</h1><p id="outcome">running</p>
<script>
document.cookie = "prefs={script_cookie}; path=/";
async function run() {{
{script}
}}
run().then(
  (said) => {{ document.getElementById("outcome").textContent = "done: " + said; }},
  (error) => {{ document.getElementById("outcome").textContent = "failed: " + error; }});
</script></body></html>
"""

SCRIPTS = {
    "cors-preflight": """  const res = await fetch("{api}/v1/orders?access_token={query_token}", {{
    method: "POST",
    headers: {{"Content-Type": "application/json", "Authorization": "Bearer {bearer}",
              "X-Api-Key": "{api_key}"}},
    body: JSON.stringify({{item: "book", password: "{form_password}"}}),
  }});
  return res.status;""",
    "cors-hidden-error": """  const res = await fetch("{api}/v1/export?format=csv&access_token={query_token}");
  return res.status;""",
    "post-301": """  const res = await fetch("/api/orders", {{
    method: "POST",
    headers: {{"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": "{csrf}"}},
    body: "item=book&quantity=2&password={form_password}",
  }});
  return res.status + " " + (await res.text());""",
    "login-redirect": """  const res = await fetch("/api/me", {{headers: {{"Accept": "application/json",
    "Authorization": "Bearer {bearer}"}}}});
  const data = await res.json();
  return JSON.stringify(data);""",
    "slow-upstream": """  const res = await fetch("/api/report?token={query_token}", {{
    headers: {{"Accept": "application/json", "X-Api-Key": "{api_key}"}}}});
  return res.status;""",
}

LOGIN_PAGE = (
    "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method=post "
    'action="/accounts/login/"><input name=username><input name=password type=password>'
    "<button>Sign in</button></form></body></html>"
)
NGINX_504 = (
    "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n"
    "<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx/1.27.4</center>\r\n"
    "</body>\r\n</html>\r\n"
)


class Handler(BaseHTTPRequestHandler):
    """The app origin's pages and API, or the api origin (server.role says which)."""

    protocol_version = "HTTP/1.1"
    server_version = "werkzeug/3.1"  # the app's own framework, as far as its headers say
    sys_version = ""

    def log_message(self, *args):  # quiet
        pass

    def handle(self):
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a gateway gave up
            super().handle()

    def send(self, status, body=b"", content_type="text/plain", headers=(), reason=None):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status, reason)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_OPTIONS(self):
        self.read_body()
        if self.path == "/v1/export":  # a CORS middleware that answers preflights
            origin = self.headers.get("Origin", "")
            self.send(204, "", "text/plain", [
                ("Access-Control-Allow-Origin", origin), ("Vary", "Origin"),
                ("Access-Control-Allow-Methods", "GET, POST"),
                ("Access-Control-Allow-Headers", "authorization, content-type, x-api-key"),
                ("Access-Control-Max-Age", "0"),
            ])  # fmt: skip
            return
        # No route for OPTIONS and no CORS middleware: the framework's plain 405.
        self.send(405, '{"detail": "Method \\"OPTIONS\\" not allowed."}', "application/json",
                  [("Allow", "GET, POST")])  # fmt: skip

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        body = self.read_body()
        path = self.path.split("?", 1)[0]
        servers = self.server.servers
        if self.server.role == "api":
            if path == "/v1/orders":
                self.send(201, '{"id": "ord_1"}', "application/json")
            elif path == "/v1/export":  # the error handler runs outside the CORS middleware
                self.send(500, '{"error": "internal", "message": "export queue unavailable"}',
                          "application/json")  # fmt: skip
            else:
                self.send(404, '{"detail": "Not found."}', "application/json")
            return
        if self.server.role == "upstream":
            time.sleep(SLOW_UPSTREAM_SECONDS)
            self.send(200, '{"rows": []}', "application/json")
            return
        case = path.strip("/")
        if method == "GET" and case in CASES:
            script = SCRIPTS[case].format(
                api=servers.api, bearer=BEARER, api_key=API_KEY, csrf=CSRF,
                query_token=QUERY_TOKEN, form_password=FORM_PASSWORD,
            )  # fmt: skip
            html = PAGE.format(title=case, script=script, script_cookie=SCRIPT_COOKIE)
            cookie = f"sessionid={SESSION}; Path=/; HttpOnly; SameSite=Lax"
            self.send(200, html, "text/html; charset=utf-8",
                      [("Set-Cookie", cookie), ("Set-Cookie", f"csrftoken={CSRF}; Path=/")])  # fmt: skip
        elif path == "/api/orders" and method == "POST":
            # An old rule sends every path to its slash form with a permanent redirect.
            self.send(301, "", "text/html", [("Location", "/api/orders/")])
        elif path == "/api/orders/":
            if method == "POST":
                self.send(201, '{"id": "ord_1"}', "application/json")
            else:
                self.send(405, '{"detail": "Method \\"GET\\" not allowed."}', "application/json",
                          [("Allow", "POST, OPTIONS")])  # fmt: skip
        elif path == "/api/me":
            self.send(302, "", "text/html", [("Location", "/accounts/login/?next=/api/me"),
                                             ("Vary", "Cookie")])  # fmt: skip
        elif path == "/accounts/login/":
            self.send(200, LOGIN_PAGE, "text/html; charset=utf-8")
        elif path == "/api/report":
            self.gateway()
        else:
            self.send(404, "Not found")
        del body

    def gateway(self):
        """nginx in front of a slow upstream: proxy_read_timeout is SLOW_GATEWAY_SECONDS."""
        servers = self.server.servers
        try:
            with socket.create_connection(("127.0.0.1", servers.upstream_port), 2) as upstream:
                upstream.settimeout(SLOW_GATEWAY_SECONDS)
                upstream.sendall(
                    b"GET /report HTTP/1.1\r\nHost: upstream\r\nConnection: close\r\n\r\n"
                )
                answer = upstream.recv(65536)
        except TimeoutError:
            answer = None
        if answer is None:
            self.answered_by = "nginx/1.27.4"
            self.send(504, NGINX_504, "text/html", reason="Gateway Time-out")
        else:
            self.send(200, answer.split(b"\r\n\r\n", 1)[-1], "application/json")

    def version_string(self):
        return getattr(self, "answered_by", self.server_version)


class Servers:
    """The app, the api and the slow upstream, each on its own port."""

    def __init__(self):
        self.threads, self.httpds = [], []
        self.ports = {}
        for role in ("app", "api", "upstream"):
            httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            httpd.daemon_threads = True
            httpd.role, httpd.servers = role, self
            self.ports[role] = httpd.server_address[1]
            self.httpds.append(httpd)
            thread = threading.Thread(target=httpd.serve_forever, daemon=True)
            thread.start()
            self.threads.append(thread)

    @property
    def app(self):
        return f"http://127.0.0.1:{self.ports['app']}"

    @property
    def api(self):
        return f"http://localhost:{self.ports['api']}"  # another origin than the app's

    @property
    def upstream_port(self):
        return self.ports["upstream"]

    def close(self):
        for httpd in self.httpds:
            httpd.shutdown()
            httpd.server_close()


@contextmanager
def failure_servers():
    servers = Servers()
    try:
        yield servers
    finally:
        servers.close()


def record(browser, servers, case, path):
    """Open the case's page in a new Chromium context that records a HAR to `path`, wait for
    its script to finish, and close the context (which writes the file). Returns the outcome
    the page's script reported."""
    context = browser.new_context(record_har_path=str(path), record_har_content="embed")
    try:
        page = context.new_page()
        page.goto(f"{servers.app}/{case}/")
        page.wait_for_function(
            "document.getElementById('outcome').textContent !== 'running'", timeout=20_000
        )
        return page.locator("#outcome").inner_text()
    finally:
        context.close()


def record_all(browser, folder):
    """Record every case into `folder`; returns {case: (path, outcome)}."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    found = {}
    with failure_servers() as servers:
        for case in CASES:
            path = folder / f"{case}.har"
            found[case] = (path, record(browser, servers, case, path))
    return found


if __name__ == "__main__":
    # Re-record the committed library: python -m tests.failure_servers
    import os

    import django
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for case, (path, outcome) in record_all(browser, RECORDED).items():
            print(f"{case}: {outcome} -> {path}")
        browser.close()


# What each recorded case must give first on /har/: the kind of finding, words of its title, and
# the causes that are right for it (for post-301, the guide has the same cause under 301, 302 and
# the 405 it ends in).
EXPECTED = {
    "cors-preflight": ("cors", "cross-origin POST", {"0/cors-blocked"}),
    "cors-hidden-error": ("cors", "cross-origin GET", {"0/cors-blocked"}),
    "post-301": (
        "redirect-method",
        "turned POST into GET",
        {"405/redirect-changed-method", "301/post-turned-into-get", "302/post-turned-into-get"},
    ),
    "login-redirect": ("login-redirect", "sign-in page", {"302/login-redirect"}),
    "slow-upstream": ("failed", "504 Gateway Time-out", {"504/slow-handler"}),
}
