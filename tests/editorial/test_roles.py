"""The editor role: a group with exactly the content permissions, given by one command."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from tests.factories import UserFactory
from tests.helpers import admin_url, form_data
from troubleshooter.models import StatusCode

pytestmark = pytest.mark.django_db

CONTENT = {"statuscode", "cause", "question", "answer"}


def test_editors_group_has_exactly_the_content_permissions():
    group = Group.objects.get(name="Editors")
    perms = {(p.content_type.app_label, p.codename) for p in group.permissions.all()}
    assert all(app == "troubleshooter" for app, _ in perms)
    codenames = {codename for _, codename in perms}
    for model in CONTENT:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames
        assert f"view_historical{model}" in codenames
        assert f"change_historical{model}" not in codenames
    assert not any(name.endswith(("_user", "_group", "_permission")) for name in codenames)
    expected = {
        f"{action}_{model}"
        for model in (*CONTENT, "draft")
        for action in ("add", "change", "delete", "view")
    }
    expected |= {f"view_historical{model}" for model in CONTENT} | {"view_feedback"}
    assert codenames == expected  # exactly these: not publish_draft, not users or groups


def test_make_editor_lets_a_user_edit_content_and_nothing_else(editor_client, editor_user):
    """editor_client's user was made an editor by make_editor (tests/conftest.py)."""
    user = User.objects.get(pk=editor_user.pk)
    assert user.is_staff and not user.is_superuser
    code = StatusCode.objects.get(code=418)
    url = admin_url(code)
    data = form_data(editor_client.get(url))
    data["summary"] = "Edited by an editor."
    assert editor_client.post(url, data).status_code == 302
    code.refresh_from_db()
    assert code.summary == "Edited by an editor."
    assert editor_client.get(admin_url(code, "history")).status_code == 200
    for url in (admin_url(User, "changelist"), admin_url(Group, "changelist"), admin_url(user)):
        assert editor_client.get(url).status_code == 403
    index = editor_client.get(admin_url("index")).content.decode()
    assert "Status codes" in index and "Users" not in index and "Groups" not in index


def test_make_editor_refuses_an_unknown_user_and_can_remove_the_role():
    with pytest.raises(CommandError, match="No user “nobody”"):
        call_command("make_editor", "nobody")
    UserFactory(username="sam")
    call_command("make_editor", "sam", stdout=StringIO())
    call_command("make_editor", "sam", "--remove", stdout=StringIO())
    sam = User.objects.get(username="sam")
    assert not sam.is_staff and not sam.groups.exists()


def test_only_reviewers_publish_other_editors_drafts(editor_client, reviewer_client):
    """Two editors and a reviewer, each made by make_editor (tests/conftest.py)."""
    from django.test import Client

    from troubleshooter.models import Draft

    ed = UserFactory(username="ed")
    call_command("make_editor", "ed", stdout=StringIO())
    clients = {"wendy": editor_client, "ed": Client(), "rita": reviewer_client}
    clients["ed"].force_login(ed)
    reviewers = Group.objects.get(name="Reviewers")
    assert reviewers.permissions.filter(codename="publish_draft").exists()
    assert (
        not Group.objects.get(name="Editors").permissions.filter(codename="publish_draft").exists()
    )

    code = StatusCode.objects.get(code=418)
    url = admin_url(code)
    data = form_data(clients["wendy"].get(url))
    data.update(summary="Wendy's draft.", _draft="Save as draft")
    assert clients["wendy"].post(url, data).status_code == 302
    publish = admin_url(code, "draft_publish")
    response = clients["ed"].post(publish, {}, follow=True)
    assert "publishing another editor&#x27;s draft is for reviewers" in response.content.decode()
    assert Draft.objects.exists()
    clients["rita"].post(publish, {})
    code.refresh_from_db()
    assert code.summary == "Wendy's draft." and not Draft.objects.exists()
