"""Settings for the status code troubleshooter, read from environment variables.

DJANGO_DEBUG            "1"/"true" to turn debug on (default off)
DJANGO_SECRET_KEY       required when debug is off
DJANGO_ALLOWED_HOSTS    comma-separated host names (default: localhost names)
DATABASE_URL            e.g. postgres://user:pass@host:5432/db (default: SQLite in db.sqlite3)
DJANGO_SECURE_SSL       "1" behind HTTPS: secure cookies, HSTS, SSL redirect
REDIS_URL               e.g. redis://cache:6379/0: a page cache shared by every app server
                        (default: each process keeps its own in local memory)
DJANGO_CLIENT_IP_HEADER behind a proxy, e.g. X-Forwarded-For: whose last address is the client
FEEDBACK_RATE_PER_HOUR  "Did this fix it?" votes per client and hour (default 20)
DIAGNOSE_RATE_PER_MINUTE   diagnoses per client and minute (default 30)
GUIDE_TEXT_RATE_PER_MINUTE guide starts and uncached guide steps with a text, per client and
                        minute (default 60)
HAR_RATE_PER_MINUTE     HAR files analysed per client and minute (default 10)
HAR_MAX_UPLOAD_MB       the largest HAR upload the server reads, in MB (default 10); in the
                        browser, with JavaScript, files up to 50 MB are read and only their
                        sanitized entries are sent
RELEASE_ID              the deployed release (e.g. a commit hash), part of every page's validator;
                        by default a fingerprint of the code, templates and static files
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "troubleshooter",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "troubleshooter.web.caching.CompressionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "troubleshooter.web.content.ContentMiddleware",
    "troubleshooter.web.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "troubleshooter.editorial.middleware.SeeWhatWasSaved",
]

ROOT_URLCONF = "troubleshooter.config.urls"
WSGI_APPLICATION = "troubleshooter.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["troubleshooter.templatetags.paths"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
RELEASE_ID = os.environ.get("RELEASE_ID", "").strip()[:64]
# After a content edit, "background": requests go on with the previous snapshot while a thread
# builds the new one (no request waits for it); "inline": the first request builds it.
SNAPSHOT_REBUILD = os.environ.get("SNAPSHOT_REBUILD", "background")
# Move a new snapshot (about 110,000 objects) out of the cyclic garbage collector's way once it
# is in use, so that no full collection walks it in the middle of a request (snapshot.py).
SNAPSHOT_FREEZE = os.environ.get("SNAPSHOT_FREEZE", "1") == "1"

# Pages are cached under a key that includes the content version (troubleshooter/web/caching.py),
# so a shared Redis cache needs no invalidation; without one, each process keeps its own.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "troubleshooter.web.failopen.FailOpenRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Redis down costs speed, not availability: after a failure, try again this often.
            "OPTIONS": {"RETRY_SECONDS": float(os.environ.get("REDIS_RETRY_SECONDS", "5"))},
            "TIMEOUT": 24 * 3600,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Pasted text is limited to 64 KB by the diagnosis view; refuse far larger bodies early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024

CONTENT_DIR = Path(os.environ.get("TROUBLESHOOTER_CONTENT_DIR", BASE_DIR / "content"))

# Content-Security-Policy: nothing inline, scripts only from our own files. No nonce: pages are
# cached and shared, and a nonce would not match the header of a later response.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if env_flag("DJANGO_SECURE_SSL"):
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
CSRF_FAILURE_VIEW = "troubleshooter.web.errors.csrf_failure"

# "Did this fix it?" (feedback.py): votes per client and window, and, behind a proxy, the
# header whose last address is the client's (e.g. X-Forwarded-For); empty: REMOTE_ADDR.
# Per-client limits (requests, seconds) on work a request makes the site do (web/limits.py).
FEEDBACK_RATE = (int(os.environ.get("FEEDBACK_RATE_PER_HOUR", "20")), 3600)
DIAGNOSE_RATE = (int(os.environ.get("DIAGNOSE_RATE_PER_MINUTE", "30")), 60)
GUIDE_TEXT_RATE = (int(os.environ.get("GUIDE_TEXT_RATE_PER_MINUTE", "60")), 60)
HAR_RATE = (int(os.environ.get("HAR_RATE_PER_MINUTE", "10")), 60)
# A HAR upload is read into memory (never to disk) up to this many bytes, and refused beyond.
HAR_MAX_UPLOAD = int(float(os.environ.get("HAR_MAX_UPLOAD_MB", "10")) * 1024 * 1024)
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "")

# A code's admin page posts every cause as an inline (about 30 fields each); the code with the
# most causes sends a few thousand fields, over Django's default of 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
