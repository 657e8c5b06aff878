"""The platforms a cause can be specific to, and the text that gives each one away.

A cause tagged with platforms is lifted in the diagnosis when the pasted text names or
fingerprints one of them, and kept down otherwise. Plain Python, no database.
"""

import re
from dataclasses import dataclass

from troubleshooter.engine.anchors import automaton_of, cannot_match

SCAN = 20000  # characters of the text examined


@dataclass(frozen=True)
class Platform:
    slug: str
    label: str
    words: frozenset  # lowercase words that name it
    phrases: tuple = ()  # lowercase fragments (headers, log formats) that show it
    pattern: re.Pattern | None = None  # what words and fragments cannot say
    # Pieces of text one of which every match of `pattern` holds (case as written), for the
    # patterns whose own plain text is too short to tell (anchors.literal_anchor): a text
    # without any is not searched.
    needs: tuple = ()

    @property
    def layer(self):
        return LAYERS.get(self.slug, "api")


def platform(slug, label, words, phrases=(), pattern=None, needs=()):
    compiled = re.compile(pattern) if pattern else None
    return Platform(slug, label, frozenset(words.split()), tuple(phrases), compiled, tuple(needs))


PLATFORMS = {
    p.slug: p
    for p in (
        platform(
            "nginx",
            "nginx",
            "nginx openresty",
            ["while connecting to upstream", "while reading response header from upstream"],
        ),
        platform(
            "apache",
            "Apache httpd",
            "apache httpd htaccess",
            ["mod_rewrite", "mod_proxy", "mod_security"],
            r"\bAH\d{5}\b",
            ("AH",),
        ),
        platform(
            "iis",
            "IIS",
            "iis w3wp",
            ["microsoft-iis", "web.config", "app pool", "apppool", "application pool"],
            r"\bHTTP Error \d{3}\.\d+",
        ),
        platform("caddy", "Caddy", "caddy caddyfile"),
        platform(
            "envoy",
            "Envoy / Istio",
            "envoy istio sidecar ambassador emissary contour",
            ["upstream connect error or disconnect/reset before headers", "no healthy upstream"],
        ),
        platform(
            "k8s-ingress",
            "Kubernetes ingress",
            "ingress ingress-nginx kubernetes k8s kubectl pod pods helm",
        ),
        platform("traefik", "Traefik", "traefik"),
        platform(
            "haproxy",
            "HAProxy",
            "haproxy",
            (),
            r"\b(?:[CPRSTc-][CDHLPQRST-]|--)(?:--|[NIDVCL-][NIUDRPV-])\b(?= \d+/\d+/\d+/\d+/\d+)",
        ),
        platform(
            "cloudflare",
            "Cloudflare",
            "cloudflare cf-ray",
            ["cf-cache-status"],
            r"\b[Ee]rror 10\d\d\b",
        ),
        platform("akamai", "Akamai", "akamai akamaighost edgesuite", ["reference #", "akamai-grn"]),
        platform("fastly", "Fastly", "fastly varnish", ["x-served-by: cache-", "fastly-debug"]),
        platform(
            "cloudfront",
            "Amazon CloudFront",
            "cloudfront",
            ["x-amz-cf-id", "the request could not be satisfied"],
        ),
        platform(
            "aws-alb",
            "AWS load balancer",
            "awselb alb elb elb_status_code",
            ["load balancer", "load-balancer", "target group", "targetgroup"],
            r"(?m)^(?:http|https|h2|ws|wss) \S+Z app/",
        ),
        platform(
            "aws-api-gateway",
            "Amazon API Gateway",
            "apigateway execute-api x-amzn-errortype x-amzn-requestid",
            ["api gateway", "missing authentication token"],
        ),
        platform(
            "aws-lambda",
            "AWS Lambda",
            "lambda",
            ["task timed out after", "function url", "runtime.exiterror", "init_report"],
        ),
        platform(
            "aws-s3",
            "Amazon S3",
            "s3 amazons3 x-amz-request-id nosuchkey nosuchbucket signaturedoesnotmatch",
            ["<error><code>"],
        ),
        platform(
            "azure",
            "Azure",
            "azure apim azurewebsites x-azure-ref kudu",
            ["app service", "front door"],
        ),
        platform(
            "gcp",
            "Google Cloud",
            "gcp gcloud gcs googleapis gfe",
            ["google cloud", "cloud run", "app engine", "google front end"],
        ),
        platform(
            "azure-functions",
            "Azure Functions",
            "azurefunctions",
            ["azure functions", "azure function", "functions host", "host.json"],
        ),
        platform(
            "cloud-run",
            "Google Cloud Run",
            "cloudrun",
            ["cloud run", "run.app", "cloud functions", "cloudfunctions.net"],
        ),
        platform(
            "heroku",
            "Heroku",
            "heroku dyno dynos",
            (),
            r"\b(?:H1\d|H2\d|R1[0-5])\b",
            ("H1", "H2", "R1"),
        ),
        platform("vercel", "Vercel", "vercel", ["function_invocation_", "x-vercel-"]),
        platform("netlify", "Netlify", "netlify"),
        platform(
            "github-pages",
            "GitHub Pages",
            "ghp-import",
            ["github pages", "github.io", "gh-pages", "githubusercontent.com/pages"],
        ),
        platform(
            "django",
            "Django",
            "django disallowedhost allowed_hosts wsgi secure_ssl_redirect secure_proxy_ssl_header "
            "csrf_trusted_origins",
            ["csrf verification failed", "manage.py"],
        ),
        platform("flask", "Flask", "flask werkzeug"),
        platform(
            "fastapi",
            "FastAPI",
            "fastapi starlette uvicorn pydantic",
            # uvicorn's access log: 'INFO:     127.0.0.1:64258 - "POST /x HTTP/1.1" 422'
            pattern=r'(?m)^(?:INFO|WARNING|ERROR): +\S+:\d+ - "[A-Z]+ \S+ HTTP/[\d.]+" \d{3}\b',
        ),
        platform(
            "rails",
            "Ruby on Rails",
            "rails actioncontroller activerecord puma unicorn rack",
        ),
        platform(
            "php",
            "PHP (Laravel, WordPress, PHP-FPM)",
            "php php-fpm laravel fastcgi artisan",
            [".php"],
        ),
        platform(
            "wordpress",
            "WordPress",
            "wordpress woocommerce wp-admin wp-json wp-login",
            ["wp-content", "rest_no_route", "rest_cookie_invalid_nonce"],
        ),
        platform(
            "express",
            "Node.js / Express",
            "express node nodejs node.js npm body-parser econnreset econnrefused axios",
            ["socket hang up"],
        ),
        platform(
            "nextjs",
            "Next.js",
            "nextjs next.js",
            ["next/image", "next.config", "/_next/", "nextjs.org", "remotepatterns"],
        ),
        platform(
            "spring",
            "Spring",
            "spring java tomcat jetty quarkus micronaut jakarta",
            ["whitelabel error page", "org.springframework"],
        ),
        platform(
            "aspnet",
            "ASP.NET",
            "kestrel ancm aspnetcore dotnet",
            ["asp.net", ".net core"],
            r"(?<![\w/.-])\.NET\b",  # the framework's own capitals, not a .net domain
        ),
        platform(
            "go",
            "Go",
            "golang httputil goroutine",
            ["net/http", "http: proxy error"],
            r"\bGo (?:1\.\d+|server|client|app|service)\b",
        ),
        platform(
            "browser",
            "Browser",
            "browser chrome firefox safari cors xmlhttprequest devtools",
            ["access-control-allow-origin", "net::err_"],
        ),
        platform("curl", "curl", "curl"),
        # An app, not a phone: "Chrome on Android" or "Safari on the iPhone" is the browser.
        platform(
            "android",
            "Android app",
            "androidmanifest okhttp okhttp3 retrofit apk targetsdkversion",
            [
                "android app",
                "android application",
                "android studio",
                "android emulator",
                "android.permission",
                "network_security_config",
                "usescleartexttraffic",
            ],
        ),
        platform(
            "ios",
            "iOS app",
            "xcode alamofire urlsession nsurlsession nsurlerrordomain",
            [
                "ios app",
                "ios application",
                "ios simulator",
                "app transport security",
                "nsapptransportsecurity",
                "nsallowsarbitraryloads",
            ],
        ),
        platform(
            "python-requests",
            "Python requests",
            "urllib3 python-requests",
            [
                "requests.exceptions",
                "requests.get",
                "requests.post",
                "import requests",
                "python requests",
                "urllib.error",
                "urllib.request",
                "python-urllib/",
            ],
            # The messages Python's own clients raise: urllib's HTTPError ("HTTP Error 403:
            # Forbidden") and requests' raise_for_status() ("403 Client Error: Forbidden for url")
            r"\bHTTP Error [1-5]\d\d: [A-Z]|\b[45]\d\d (?:Client|Server) Error: ",
            ("HTTP Error ", " Error: "),
        ),
        platform(
            "oauth",
            "OAuth / OpenID Connect",
            "oauth oauth2 invalid_grant invalid_client redirect_uri openid keycloak auth0 okta "
            "access_token refresh_token",
            (),
            r"\bAADSTS\d+",
        ),
        platform(
            "entra-id",
            "Microsoft Entra ID",
            "entra aad msal",
            ["azure ad", "azure active directory", "login.microsoftonline.com"],
            r"\bAADSTS\d+",
        ),
        platform("okta", "Okta", "okta", ["okta.com"]),
        platform("auth0", "Auth0", "auth0", ["auth0.com"]),
        platform("keycloak", "Keycloak", "keycloak", ["/realms/"]),
        platform("github-api", "GitHub API", "github"),
        platform("stripe-api", "Stripe API", "stripe card_declined", ["sk_test_", "sk_live_"]),
        platform(
            "microsoft-graph",
            "Microsoft Graph",
            "sharepoint",
            ["graph.microsoft.com", "microsoft graph", "graph api"],
        ),
        platform(
            "salesforce",
            "Salesforce",
            "salesforce sfdc",
            ["invalid_session_id", "request_limit_exceeded"],
        ),
        platform("shopify", "Shopify", "shopify", ["myshopify.com", "x-shopify-"]),
        platform(
            "openai", "OpenAI API", "openai chatgpt", ["api.openai.com", "insufficient_quota"]
        ),
        platform(
            "meta-graph",
            "Meta Graph API (WhatsApp Cloud API, Facebook, Instagram)",
            "whatsapp facebook instagram oauthexception fbtrace_id",
            ["graph.facebook.com", "messaging_product", "whatsapp_business_account"],
        ),
        platform(
            "container-registry",
            "Container registry",
            "docker ecr ghcr harbor",
            [
                "docker hub",
                "registry-1.docker",
                "docker pull",
                "docker push",
                "manifest unknown",
                "toomanyrequests",
            ],
        ),
        platform(
            "package-registry",
            "Package registry (npm, PyPI, Maven, NuGet, Go modules)",
            "npm pypi pip yarn pnpm maven nuget gradle goproxy goprivate gonosumdb",
            [
                "npm err",
                "registry.npmjs.org",
                "files.pythonhosted.org",
                "repo.maven.apache.org",
                "proxy.golang.org",
                "sum.golang.org",
            ],
        ),
        platform(
            "git-http",
            "git over HTTPS",
            "git gitlab bitbucket",
            [
                "git clone",
                "git push",
                "git pull",
                "git fetch",
                "info/refs",
                "git-upload-pack",
                "git-receive-pack",
                "rpc failed",
            ],
        ),
        platform(
            "websocket",
            "WebSocket",
            "websocket websockets socket.io wss",
            ["sec-websocket-", "upgrade: websocket"],
        ),
        platform("grpc", "gRPC", "grpc grpc-web", ["grpc-status", "application/grpc"]),
        platform("graphql", "GraphQL", "graphql apollo", ["/graphql"]),
        platform(
            "other-api",
            "A public API",
            "slack twitter twilio sendgrid mailchimp hubspot zendesk jira atlassian",
            ["googleapis"],
        ),
        platform("render", "Render", "onrender", ["onrender.com", "render.com", "render free"]),
        platform(
            "fly",
            "Fly.io",
            "flyctl",
            ["fly.io", ".fly.dev", "fly.toml", "fly-request-id", "fly proxy", "fly machine"],
        ),
        platform(
            "elasticsearch",
            "Elasticsearch / OpenSearch",
            "elasticsearch opensearch kibana",
            [
                "circuit_breaking_exception",
                "es_rejected_execution_exception",
                "circuitbreakingexception",
            ],
        ),
        platform(
            "jenkins",
            "Jenkins",
            "jenkins jenkinsfile",
            ["jenkins-crumb", "crumbissuer", "hudson.security.csrf"],
        ),
        platform(
            "airflow",
            "Apache Airflow",
            "airflow airflow.cfg",
            ["/api/v1/dags", "/api/v2/dags", "airflow__", "airflow.api.auth"],
        ),
        platform(
            "vault",
            "HashiCorp Vault",
            "",
            [
                "x-vault-token",
                "x-vault-namespace",
                "vault_addr",
                "vault_namespace",
                "hashicorp.cloud",
            ],
            # the word, but not Azure Key Vault or Ansible Vault
            r"(?i)(?<!key )(?<!key-)(?<!ansible )(?<!ansible-)\bvault\b",
        ),
    )
}
# Where in a request's path each platform sits. A text that names a platform of one layer says
# nothing against a cause of another: "Server: nginx" in front of a Django app is no evidence
# against a Django cause, but it is against an Apache one.
LAYER_MEMBERS = {
    "edge": "cloudflare akamai fastly cloudfront",
    "proxy": "nginx apache iis caddy envoy k8s-ingress traefik haproxy aws-alb aws-api-gateway",
    "host": "aws-lambda aws-s3 azure gcp azure-functions cloud-run heroku vercel netlify render fly "
    "github-pages",
    "app": "django flask fastapi rails php wordpress express nextjs spring aspnet go jenkins "
    "airflow elasticsearch",
    "client": "browser curl python-requests android ios",
    "identity": "oauth entra-id okta auth0 keycloak",
    "protocol": "websocket grpc graphql git-http",
}
LAYERS = {slug: layer for layer, members in LAYER_MEMBERS.items() for slug in members.split()}


def layers_of(slugs):
    return {PLATFORMS[slug].layer for slug in slugs if slug in PLATFORMS}


# Client libraries whose names hold a server's ("Apache-HttpClient/4.5.12 (Java/1.8.0)" in an
# access log's user-agent field is the caller, not Apache httpd or a Java server).
CLIENT_LIBRARY_RE = re.compile(r"apache-http(?:async)?client/[\w.-]+(?: \([^)]*\))?")
# A platform named only to say it is not there: "(no Docker)", "without nginx", "not using
# Cloudflare", "instead of Apache". The word after the negation is not read as a name (the
# fingerprint phrases are still read: "no healthy upstream" is Envoy's).
NEGATED_RE = re.compile(
    r"\b(?:no|without|not using|not on|not behind|instead of|rather than|never used)\s+"
    r"(?:a |an |the |any )?[a-z0-9][a-z0-9_.-]*"
)
TOKEN_RE = re.compile(r"[a-z0-9_]+(?:[-.][a-z0-9_]+)*")
SPLIT_RE = re.compile(r"[-.]")

# Words that only name a platform: the platform prior weighs them, so word matching skips them.
NAME_WORDS = frozenset(
    """
    nginx apache httpd iis caddy envoy istio kubernetes k8s ingress traefik cloudflare cloudfront
    aws amazon alb elb lambda azure microsoft gcp google heroku vercel netlify django flask
    fastapi starlette rails ruby php laravel wordpress express node nodejs nextjs spring java asp net
    dotnet golang github stripe openai slack haproxy akamai fastly okta auth0 keycloak entra
    salesforce shopify gitlab bitbucket docker airflow whatsapp facebook instagram
    """.split()  # noqa: SIM905
)


def phrase_automaton():
    """Every platform's fingerprint phrases in one Aho-Corasick automaton: one pass over a text
    finds which platforms it shows (a long paste no longer takes one scan per phrase)."""
    slugs = {}
    for slug, p in PLATFORMS.items():
        for phrase in p.phrases:
            slugs.setdefault(phrase, []).append(slug)
    return automaton_of({phrase: tuple(found) for phrase, found in slugs.items()})


PHRASES = phrase_automaton()


def platforms_in(text):
    """The platforms the text names or fingerprints."""
    head = text[:SCAN]
    folded = head.lower()
    lowered = CLIENT_LIBRARY_RE.sub(" ", folded)
    tokens = set(TOKEN_RE.findall(NEGATED_RE.sub(" ", lowered)))
    tokens |= {
        part for token in tokens if "-" in token or "." in token for part in SPLIT_RE.split(token)
    }
    shown = {slug for _end, slugs in PHRASES.iter(lowered) for slug in slugs}
    found = set()
    for slug, p in PLATFORMS.items():
        if (
            p.words & tokens
            or slug in shown
            or (
                p.pattern is not None
                and not cannot_match(p.pattern, head, folded)
                and (not p.needs or any(piece in head for piece in p.needs))
                and p.pattern.search(head)
            )
        ):
            found.add(slug)
    return found
