"""The platforms a cause can be specific to, and the text that gives each one away.

A cause tagged with platforms is lifted in the diagnosis when the pasted text names or
fingerprints one of them, and kept down otherwise. Plain Python, no database.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Platform:
    slug: str
    label: str
    pattern: re.Pattern  # words, headers or log formats that show the platform


def platform(slug, label, pattern):
    return Platform(slug, label, re.compile(pattern, re.IGNORECASE))


PLATFORMS = {
    p.slug: p
    for p in (
        platform(
            "nginx",
            "nginx",
            r"\bnginx\b|\bopenresty\b|while (?:connecting to|reading response header from) upstream",
        ),
        platform("apache", "Apache httpd", r"\bapache\b|\bhttpd\b|\bAH\d{5}\b|\.htaccess|mod_\w+"),
        platform(
            "iis",
            "IIS",
            r"\biis\b|microsoft-iis|\bweb\.config\b|\bapp ?pool\b|\bHTTP Error \d{3}\.\d+\b|\bw3wp\b",
        ),
        platform("caddy", "Caddy", r"\bcaddy\b|caddyfile"),
        platform(
            "envoy",
            "Envoy / Istio",
            r"\benvoy\b|\bistio\b|upstream connect error or disconnect/reset before headers|no healthy upstream|\bsidecar\b",
        ),
        platform(
            "k8s-ingress",
            "Kubernetes ingress",
            r"\bingress(?:-nginx)?\b|\bkubernetes\b|\bk8s\b|\bkubectl\b|\btraefik\b|\bpods?\b|\bhelm\b",
        ),
        platform(
            "cloudflare",
            "Cloudflare",
            r"cloudflare|\bcf-ray\b|\bcf-cache-status\b|\berror 10\d\d\b",
        ),
        platform(
            "cloudfront",
            "Amazon CloudFront",
            r"cloudfront|x-amz-cf-id|the request could not be satisfied",
        ),
        platform(
            "aws-alb",
            "AWS load balancer",
            r"awselb|\b(?:alb|elb)\b|load.balancer|target.group|elb_status_code|(?:^|\n)(?:http|https|h2|ws|wss) \S+Z app/",
        ),
        platform(
            "aws-api-gateway",
            "Amazon API Gateway",
            r"api ?gateway|x-amzn-errortype|x-amzn-requestid|execute-api|missing authentication token|\blambda\b",
        ),
        platform(
            "aws-s3",
            "Amazon S3",
            r"\bs3\b|amazons3|x-amz-request-id|nosuchkey|nosuchbucket|signaturedoesnotmatch|<Error><Code>",
        ),
        platform(
            "azure",
            "Azure",
            r"\bazure\b|app service|front door|\bapim\b|azurewebsites|\bx-azure-ref\b|\bkudu\b",
        ),
        platform(
            "gcp",
            "Google Cloud",
            r"\bgcp\b|google cloud|cloud run|\bgcloud\b|app engine|\bgcs\b|googleapis|google front end|\bgfe\b",
        ),
        platform("heroku", "Heroku", r"heroku|\bH1[0-9]\b|\bH2[0-9]\b|\bR1[0-5]\b|\bdynos?\b"),
        platform("vercel", "Vercel", r"vercel|FUNCTION_INVOCATION_\w+|\bx-vercel-\w+"),
        platform("netlify", "Netlify", r"netlify"),
        platform(
            "django",
            "Django",
            r"django|\bDisallowedHost\b|\bALLOWED_HOSTS\b|CSRF verification failed|\bmanage\.py\b|\bwsgi\b",
        ),
        platform("flask", "Flask", r"\bflask\b|werkzeug"),
        platform("fastapi", "FastAPI", r"fastapi|starlette|uvicorn|pydantic"),
        platform(
            "rails",
            "Ruby on Rails",
            r"\brails\b|ActionController|ActiveRecord|\bpuma\b|\bunicorn\b|\brack\b",
        ),
        platform(
            "php",
            "PHP (Laravel, WordPress, PHP-FPM)",
            r"\bphp\b|php-fpm|\blaravel\b|wordpress|\bwp-\w+|\.php\b|fastcgi",
        ),
        platform(
            "express",
            "Node.js / Express",
            r"\bexpress\b|\bnode(?:\.js|js)?\b|\bnpm\b|body-parser|ECONNRESET|ECONNREFUSED|socket hang up|\baxios\b",
        ),
        platform(
            "spring",
            "Spring",
            r"\bspring\b|whitelabel error page|\bjava\b|\btomcat\b|org\.springframework",
        ),
        platform(
            "aspnet", "ASP.NET", r"asp\.net|\.net core|\bkestrel\b|\bancm\b|aspnetcore|\bdotnet\b"
        ),
        platform(
            "go",
            "Go",
            r"\bgolang\b|\bgo (?:1\.\d+|http|server|client|app|service)\b|net/http|\bhttputil\b|\bgoroutine\b|http: proxy error",
        ),
        platform(
            "browser",
            "Browser",
            r"browser|chrome|firefox|safari|access-control-allow-origin|\bcors\b|net::ERR_\w+|\bfetch\b|xmlhttprequest|console",
        ),
        platform("curl", "curl", r"\bcurl\b"),
        platform("python-requests", "Python requests", r"\brequests\b|urllib3|python"),
        platform(
            "oauth",
            "OAuth / OpenID Connect",
            r"\boauth\b|invalid_grant|invalid_client|redirect_uri|\baadsts\d+|openid|\bkeycloak\b|\bauth0\b|\bokta\b|access_token|refresh_token",
        ),
        platform("github-api", "GitHub API", r"github"),
        platform("stripe-api", "Stripe API", r"stripe|card_declined|\bsk_(?:test|live)_"),
        platform(
            "other-api",
            "A public API",
            r"openai|slack|twitter|shopify|docker hub|registry-1\.docker|npm err|\bnpm\b|twilio|microsoft graph|googleapis",
        ),
    )
}


SCAN = 20000  # characters of the text examined

# Words that only name a platform: the platform prior weighs them, so word matching skips them.
NAME_WORDS = frozenset(
    """
    nginx apache httpd iis caddy envoy istio kubernetes k8s ingress traefik cloudflare cloudfront
    aws amazon alb elb lambda azure microsoft gcp google heroku vercel netlify django flask
    fastapi starlette rails ruby php laravel wordpress express node nodejs spring java asp net
    dotnet golang github stripe openai slack
    """.split()  # noqa: SIM905
)


def platforms_in(text):
    """The platforms the text names or fingerprints."""
    text = text[:SCAN]
    return {slug for slug, p in PLATFORMS.items() if p.pattern.search(text)}
