"""Which platforms a text names or fingerprints (plain Python, no database)."""

import pytest

from troubleshooter.engine.platforms import platforms_in


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("urllib.error.HTTPError: HTTP Error 403: Forbidden", "python-requests"),
        ("Weblate loops behind Traefik once SECURE_SSL_REDIRECT is on", "django"),
        ("CSRF_TRUSTED_ORIGINS lists the https origin", "django"),
        ("raises HTTPError: HTTP Error 429: Too Many Requests", "python-requests"),
        (
            "HTTPError: 403 Client Error: Forbidden for url: https://api.example.com/",
            "python-requests",
        ),
        ("HTTP Error 404.0 - Not Found\nThe resource you are looking for has been removed", "iis"),
        ("2025/10/10 [error] 12#0: upstream timed out, server: nginx", "nginx"),
    ],
)
def test_python_clients_are_known_by_their_messages_and_iis_by_its_own(text, named):
    assert named in platforms_in(text)


def test_an_iis_error_page_is_not_a_python_client():
    assert "python-requests" not in platforms_in("HTTP Error 503. The service is unavailable.")
    assert "python-requests" not in platforms_in("HTTP Error 404.0 - Not Found")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (".NET API returning an error on POST", "aspnet"),
        ("my .NET 8 service behind the gateway", "aspnet"),
        ("a KumuluzEE service on Jetty rejects the JWT", "spring"),
        ("Quarkus answers 401 to the bearer token", "spring"),
        ("my GitHub Pages custom domain gives 404 after each deploy", "github-pages"),
        ("Ambassador returns 'upstream request timeout' after 3 s", "envoy"),
        ("Emissary-ingress mapping with timeout_ms: 0", "envoy"),
        ("https://owner.github.io/repo/ works", "github-pages"),
    ],
)
def test_dotnet_java_servers_and_github_pages_name_their_layer(text, named):
    """A text about a .NET or Java server, or a site on GitHub Pages, names its layer, so
    another stack's or host's causes are kept down for it."""
    assert named in platforms_in(text)


def test_a_dot_net_domain_is_not_dotnet():
    assert "aspnet" not in platforms_in("GET https://api.example.net/v1 timed out")
    assert "aspnet" not in platforms_in("see foo.NET for details")


def test_uvicorn_access_log_names_fastapi():
    line = 'INFO:     127.0.0.1:64258 - "POST /key/generate HTTP/1.1" 422 Unprocessable Entity'
    assert "fastapi" in platforms_in(line)
    assert "fastapi" not in platforms_in('127.0.0.1 - - "POST /key HTTP/1.1" 422 0')  # nginx's


def test_a_java_client_in_the_user_agent_names_no_server():
    """Apache-HttpClient is the caller's library: the log line is not Apache httpd's nor a
    Java server's."""
    line = '10.0.0.1 - - "POST /execute HTTP/1.1" 499 0 "-" "Apache-HttpClient/4.5.12 (Java/1.8.0_382)"'
    assert not platforms_in(line) & {"apache", "spring"}
    assert "apache" in platforms_in("Apache/2.4.41 (Ubuntu) Server at example.com Port 80")


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        (
            "running on a DigitalOcean droplet (no Docker), with nginx and pm2",
            "container-registry",
            "nginx",
        ),
        ("it works without nginx in front, straight to gunicorn", "nginx", None),
        ("we moved to Fastly instead of Cloudflare last week", "cloudflare", "fastly"),
        ("no healthy upstream", None, "envoy"),  # Envoy's own words, not a negated name
    ],
)
def test_a_platform_named_only_to_say_it_is_absent_is_not_named(text, absent, present):
    found = platforms_in(text)
    assert absent is None or absent not in found
    assert present is None or present in found
