"""Shared fixtures: the real content loaded once per test database, the Hypothesis profiles,
and the Playwright set-up that drives Debian's Chromium."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

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

# Property tests: a quick run locally, the full count under CI (HYPOTHESIS_PROFILE overrides).
for name, examples in (("dev", 200), ("ci", 2000)):
    hypothesis_settings.register_profile(
        name,
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev")
)


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


@pytest.fixture
def staff_client(client):
    from django.contrib.auth.models import User

    user = User.objects.create_user(
        "editor", password="pw-editor-1", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


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
