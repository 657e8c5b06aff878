"""Shared fixtures: the real content loaded once per test database, the Hypothesis profiles,
the editor and reviewer roles, and the browser tests' live site and Playwright set-up that
drives Debian's Chromium."""

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import UserFactory
from tests.helpers import CONTENT_DIR

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


# Roles. pytest-django's admin_client is a signed-in superuser. An editor or a reviewer is made
# as the site makes one, by `manage.py make_editor` (staff, in the Editors group the migrations
# create; a reviewer in Reviewers too), so tests/editorial/test_roles.py checks the command
# through these fixtures. Each signs in with a client of its own: a test may use several, and
# pytest-django's `client` stays an anonymous reader.


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def make_role(*options):
    user = UserFactory()
    call_command("make_editor", user.username, *options, stdout=StringIO())
    user.refresh_from_db()
    return user


@pytest.fixture
def editor_user(db):
    return make_role()


@pytest.fixture
def editor_client(editor_user):
    return signed_in(editor_user)


@pytest.fixture
def reviewer_user(db):
    return make_role("--reviewer")


@pytest.fixture
def reviewer_client(reviewer_user):
    return signed_in(reviewer_user)


# Browser tests -------------------------------------------------------------------------


def restore_editors_group():
    """A transactional test empties every table, the groups made by the migrations included."""
    from importlib import import_module

    from django.apps import apps

    import_module("troubleshooter.migrations.0008_editors_group").create_editors(apps, None)
    import_module("troubleshooter.migrations.0009_feedback").editors_see_feedback(apps, None)
    import_module("troubleshooter.migrations.0011_drafts").editors_write_drafts(apps, None)
    import_module("troubleshooter.migrations.0012_reviewers").create_reviewers(apps, None)


@pytest.fixture
def site(live_server):
    """The live server's address, with the real content and the Editors group (transactional
    tests start from empty tables) and an empty cache (feedback limits live there)."""
    call_command("load_content", verbosity=0)
    restore_editors_group()
    cache.clear()
    yield live_server.url
    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Every browser test goes through here: a missing Chromium fails under CI, else skips."""
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
