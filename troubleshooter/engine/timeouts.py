"""The timeout timeline: which layer between the client and the application gives up first,
what the client then sees, what every other layer logs, and which settings disagree.

Plain Python over plain data. Each product carries its documented default and the source of it;
a user can replace any value. A layer waits `timeout` seconds for the layer behind it to answer
(None: it waits for ever). The request takes `work` seconds in the application.
"""

import math
from dataclasses import dataclass, field

KINDS = (
    ("client", "Client"),
    ("cdn", "CDN"),
    ("balancer", "Load balancer or API gateway"),
    ("proxy", "Reverse proxy"),
    ("app", "Application server"),
)
NONE = "none"
MAX_SECONDS = 86400
DEFAULT_WORK = 90


@dataclass(frozen=True)
class Product:
    slug: str
    kind: str
    label: str
    timeout: float | None  # seconds it waits for the layer behind it; None: no limit
    code: int | None  # what it answers when that timeout fires (None: no response at all)
    fires: str  # what it writes or says when its own timeout fires
    setting: str  # the setting that changes the timeout
    source: str
    aborted: str = ""  # what it logs when the layer in front gives up first
    keepalive: float | None = None  # app servers: idle keep-alive timeout on their connections
    idle: float | None = None  # proxies and balancers: how long they keep idle upstream links
    kills: bool = False  # app servers that stop the request themselves (a worker timeout)


PRODUCTS = {
    p.slug: p
    for p in (
        # Clients
        Product("curl", "client", "curl", None, None,
                "curl: (28) Operation timed out after … milliseconds (only with --max-time)",
                "--max-time (no limit by default)", "https://curl.se/docs/manpage.html#-m"),
        Product("python-requests", "client", "Python requests", None, None,
                "requests.exceptions.ReadTimeout (only with timeout=…)",
                "timeout= on each call (no limit by default)",
                "https://requests.readthedocs.io/en/latest/user/advanced/#timeouts"),
        Product("node-fetch", "client", "Node.js fetch (undici)", 300, None,
                "TypeError: fetch failed, cause: HeadersTimeoutError",
                "headersTimeout (300 s by default)",
                "https://undici.nodejs.org/#/docs/api/Client.md"),
        Product("axios", "client", "axios", None, None,
                "AxiosError: timeout of …ms exceeded (only with timeout set)",
                "timeout (0, no limit, by default)",
                "https://axios-http.com/docs/req_config"),
        Product("go-client", "client", "Go http.Client", None, None,
                "context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
                "Client.Timeout (0, no limit, by default)",
                "https://pkg.go.dev/net/http#Client"),
        # CDNs
        Product("cloudflare", "cdn", "Cloudflare", 100, 524,
                "Error 524: A timeout occurred (the origin connected but sent no response)",
                "Proxy Read Timeout (100 s on Cloudflare's limits page, 120 s on its 524 page; "
                "Enterprise plans can raise it)",
                "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-524/",
                aborted="499 in Cloudflare's logs (the client closed the connection)"),
        Product("cloudfront", "cdn", "Amazon CloudFront", 30, 504,
                "504 Gateway Timeout, X-Cache: Error from cloudfront",
                "Origin response timeout (30 s by default)",
                "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginResponseTimeout",
                idle=5),
        # Load balancers and gateways
        Product("aws-alb", "balancer", "AWS Application Load Balancer", 60, 504,
                "504 in the access log (elb_status_code 504, target_status_code -)",
                "Connection idle timeout (60 s by default)",
                "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout",
                aborted="460 in the access log (the client closed the connection before the idle timeout)",
                idle=60),
        Product("aws-api-gateway", "balancer", "Amazon API Gateway (REST)", 29, 504,
                '504 {"message": "Endpoint request timed out"}',
                "Integration timeout (29 s by default; regional and private APIs can raise it)",
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html"),
        Product("heroku-router", "balancer", "Heroku router", 30, 503,
                "H12 Request timeout, status=503 in the router log",
                "Fixed at 30 s for the first byte",
                "https://devcenter.heroku.com/articles/request-timeout",
                aborted="H27 Client Request Interrupted, status=499 in the router log",
                idle=90),
        # Reverse proxies
        Product("nginx", "proxy", "nginx", 60, 504,
                "upstream timed out (110: Connection timed out) while reading response header from upstream",
                "proxy_read_timeout (60 s by default)",
                "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout",
                aborted="499 in the access log (client closed request)"),
        Product("ingress-nginx", "proxy", "Kubernetes ingress-nginx", 60, 504,
                "upstream timed out (110: Connection timed out) while reading response header from upstream",
                "nginx.ingress.kubernetes.io/proxy-read-timeout (60 s by default)",
                "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#custom-timeouts",
                aborted="499 in the access log (client closed request)",
                idle=60),  # upstream-keepalive-timeout: ingress-nginx reuses upstream connections
        Product("envoy", "proxy", "Envoy or Istio", 15, 504,
                "upstream request timeout (response flag UT)",
                "route timeout (15 s by default)",
                "https://www.envoyproxy.io/docs/envoy/latest/faq/configuration/timeouts",
                aborted="0 with response flag DC (downstream connection termination)",
                idle=3600),
        # Application servers
        Product("gunicorn", "app", "Gunicorn", 30, None,
                "[CRITICAL] WORKER TIMEOUT, then the worker is killed",
                "--timeout (30 s) and --keep-alive (2 s)",
                "https://docs.gunicorn.org/en/stable/settings.html#timeout",
                keepalive=2, kills=True),
        Product("node-http", "app", "Node.js http server", None, None,
                "no limit of its own for a slow handler (server.timeout is 0)",
                "server.timeout (0, no limit) and server.keepAliveTimeout (5 s in Node 20; "
                "newer releases raised the default)",
                "https://nodejs.org/api/http.html#serverkeepalivetimeout",
                keepalive=5),
        Product("php-fpm", "app", "PHP-FPM", 30, 500,
                "PHP Fatal error: Maximum execution time of 30 seconds exceeded",
                "max_execution_time (30 s of the script's own time; on Linux, time spent waiting "
                "on a database or a call is not counted) and request_terminate_timeout (off)",
                "https://www.php.net/manual/en/info.configuration.php#ini.max-execution-time"),
        Product("puma", "app", "Puma", None, None,
                "no limit of its own: add rack-timeout for one",
                "persistent_timeout (20 s keep-alive)",
                "https://puma.io/puma/Puma/DSL.html#persistent_timeout-instance_method",
                keepalive=20),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Layer:
    kind: str
    product: Product
    timeout: float | None

    @property
    def label(self):
        return self.product.label


@dataclass
class Event:
    layer: Layer
    at: float | None  # seconds after the request was sent; None: never
    says: str


@dataclass
class Verdict:
    layers: list  # client first, application last
    work: float
    first: Layer | None  # the layer whose timeout fires first; None: the app answers in time
    client_code: int | None  # what the client gets; None: no response (or a normal answer)
    client_sees: str
    events: list = field(default_factory=list)  # one per layer, in stack order
    conflicts: list = field(default_factory=list)  # sentences about settings that disagree
    end: float = 0.0  # the time the timeline covers


def stack(choices, overrides=None):
    """Layers from {kind: product slug or NONE}; overrides {kind: seconds or None}."""
    overrides = overrides or {}
    layers = []
    for kind, _label in KINDS:
        slug = choices.get(kind, NONE)
        if slug == NONE or slug not in PRODUCTS or PRODUCTS[slug].kind != kind:
            continue
        product = PRODUCTS[slug]
        timeout = overrides.get(kind, product.timeout)
        layers.append(Layer(kind, product, timeout))
    return layers


def timeline(layers, work=DEFAULT_WORK):
    """Which layer gives up first when the application needs `work` seconds."""
    firing = [(layer.timeout, index) for index, layer in enumerate(layers)
              if layer.timeout is not None and layer.timeout < work]  # fmt: skip
    first_index = min(firing)[1] if firing else None
    first = layers[first_index] if first_index is not None else None
    verdict = Verdict(layers, work, first, None, "")
    if first is None:
        verdict.client_code = 200
        verdict.client_sees = f"the application's answer after {seconds(work)}"
    else:
        verdict.client_code, verdict.client_sees = outcome(layers, first_index)
    at = first.timeout if first else work
    for index in range(len(layers)):
        verdict.events.append(event(layers, index, first_index, at, work, verdict.client_code))
    verdict.conflicts = conflicts(layers)
    horizon = [work] + [layer.timeout for layer in layers if layer.timeout is not None]
    verdict.end = max(horizon) if horizon else work
    return verdict


def outcome(layers, first_index):
    first = layers[first_index]
    if first.kind == "client":
        return None, f"no response: {first.label} gives up ({first.product.fires})"
    if first.kind == "app" and first.product.kills:
        # The worker dies mid-request: the proxy in front sees the connection close.
        front = next((layer for layer in reversed(layers[:first_index])), None)
        if front is None:
            return None, "no response: the connection closes without one"
        return 502, f"502 Bad Gateway from {front.label}: the application closed the connection"
    code = first.product.code
    if code is None:
        return None, "no response"
    return code, f"{code} from {first.label}"


def event(layers, index, first_index, at, work, client_code):
    layer = layers[index]
    if first_index is None:
        says = "passes the answer on" if layer.kind != "app" else f"answers after {seconds(work)}"
        return Event(layer, work, says)
    if index == first_index:
        return Event(layer, at, f"gives up: {layer.product.fires}")
    first = layers[first_index]
    if index == first_index - 1 and first.kind == "app" and first.product.kills:
        closed = (
            "upstream prematurely closed connection while reading response header from upstream"
        )
        said = closed if layer.product.slug in ("nginx", "ingress-nginx") else "its upstream closed"
        return Event(layer, at, f"answers 502: {said}")
    if index < first_index:  # in front of the layer that gave up: it receives the error
        if layer.kind == "client":
            got = "no response" if client_code is None else f"status {client_code}"
            return Event(layer, at, f"receives {got}")
        logged = "the connection closing" if client_code is None else f"status {client_code}"
        return Event(layer, at, f"logs {logged} from the layer behind it")
    # Behind the layer that gave up: its client went away while it was still waiting.
    if layer.kind == "app":
        return Event(
            layer, work, f"finishes after {seconds(work)} and writes to a closed connection"
        )
    return Event(
        layer, at, f"logs {layer.product.aborted or 'that its client closed the connection'}"
    )


def conflicts(layers):
    found = []
    for front, behind in zip(layers, layers[1:], strict=False):
        if (
            front.timeout is not None
            and behind.timeout is not None
            and front.timeout < behind.timeout
            and front.kind != "client"
        ):
            found.append(
                f"{front.label} gives up after {seconds(front.timeout)}, before {behind.label} "
                f"({seconds(behind.timeout)}): {behind.label}'s own timeout never fires, and its "
                "log shows the client leaving instead of the real cause. Make each layer's "
                "timeout a little shorter than the one in front of it."
            )
        if front.timeout is not None and front.timeout == behind.timeout and front.kind != "client":
            found.append(
                f"{front.label} and {behind.label} both wait {seconds(front.timeout)}: which one "
                "answers first is a race, so the code the client gets can change from one "
                f"request to the next. Make {behind.label}'s timeout a little shorter."
            )
    apps = [layer for layer in layers if layer.kind == "app" and layer.product.keepalive]
    fronts = [layer for layer in layers if layer.kind in ("balancer", "proxy", "cdn")]
    if apps and fronts:
        app, front = apps[0], fronts[-1]
        if front.product.idle and app.product.keepalive < front.product.idle:
            found.append(
                f"{app.label} closes idle connections after {seconds(app.product.keepalive)}, "
                f"but {front.label} keeps them for {seconds(front.product.idle)}: a request sent "
                "on a connection the application has just closed fails, so some requests get an "
                f"intermittent 502. Set the application's keep-alive longer than {front.label}'s."
            )
    return found


def seconds(value):
    if value is None:
        return "no limit"
    if value == math.floor(value):
        return f"{int(value)} s"
    return f"{value:g} s"


def parse_seconds(raw):
    """'45', '2.5', 'none' -> seconds or None; raises ValueError on anything else."""
    raw = (raw or "").strip().lower()
    if raw in ("none", "no limit", "0"):
        return None
    value = float(raw)
    if not math.isfinite(value) or value < 0 or value > MAX_SECONDS:
        raise ValueError(raw)
    return value


# Where the pages of timeout-related codes open the timeline: the layers that produce the code.
PRESETS = {
    0: "client=python-requests&proxy=nginx&app=gunicorn&work=90&t_client=30",
    408: "client=curl&proxy=nginx&app=node-http&work=30",
    460: "client=axios&balancer=aws-alb&app=node-http&work=45&t_client=20",
    499: "client=axios&proxy=nginx&app=gunicorn&work=45&t_client=20&t_app=120",
    502: "balancer=aws-alb&proxy=nginx&app=gunicorn&work=45",
    503: "balancer=heroku-router&app=puma&work=45",
    504: "client=python-requests&proxy=nginx&app=gunicorn&work=90&t_app=120",
    522: "client=curl&cdn=cloudflare&proxy=nginx&app=gunicorn&work=30",
    524: "client=curl&cdn=cloudflare&proxy=nginx&app=gunicorn&work=150&t_proxy=300&t_app=300",
}
TIMEOUT_WORDS = ("timeout", "timed-out", "slow", "keepalive", "keep-alive", "idle", "long")


def preset_for(code, slug=""):
    """The timeline's query for a code's page, or for one of its causes ("" when none fits)."""
    if code not in PRESETS:
        return ""
    if slug and not any(word in slug for word in TIMEOUT_WORDS):
        return ""
    return PRESETS[code]
