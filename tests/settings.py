"""Settings for the test suite: the real settings, with a throwaway key and plain static files."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key")

from troubleshooter.config.settings import *  # noqa: E402, F403

# Tests render pages without running collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Thousands of property-test requests come from one address: the limits are tested on their own
# (with their real defaults lowered in those tests).
DIAGNOSE_RATE = (10**9, 60)
GUIDE_TEXT_RATE = (10**9, 60)
HAR_RATE = (10**9, 60)
# Tests see an edit on the very next request; the background rebuild has its own test.
SNAPSHOT_REBUILD = "inline"
# The suite builds hundreds of snapshots in one process: each frozen one would stay for good.
SNAPSHOT_FREEZE = False
