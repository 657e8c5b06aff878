"""Shared fixtures: the real content loaded once per test database, small model factories,
and the Playwright set-up that drives Debian's Chromium."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

# pytest-playwright runs an event loop in the main thread; Django's live server needs this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CONTENT_DIR = Path(settings.CONTENT_DIR)


@pytest.fixture
def content_copy(tmp_path):
    """A writable copy of the real content directory."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the real content loaded."""
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)


def make_code(**kwargs):
    from troubleshooter.models import StatusCode

    kwargs.setdefault("code", 298)
    kwargs.setdefault("phrase", "Test Phrase")
    kwargs.setdefault("spec", "RFC 9110, Section 15")
    kwargs.setdefault("summary", "A code made by a test.")
    kwargs.setdefault("explanation", "An *explanation*.")
    return StatusCode.objects.create(**kwargs)


def make_cause(status_code, **kwargs):
    from troubleshooter.models import Cause

    kwargs.setdefault("slug", f"cause-{status_code.causes.count() + 1}")
    kwargs.setdefault("title", "A cause")
    kwargs.setdefault("confirm", "Look at the logs.")
    kwargs.setdefault("fix_client", "Retry later.")
    kwargs.setdefault("fix_server", "Fix the server.")
    return Cause.objects.create(status_code=status_code, **kwargs)


# Browser tests -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Every browser test goes through here: a missing Chromium fails under CI, else skips."""
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
