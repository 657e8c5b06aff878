"""A guide that edits cannot break: the profile as one select per question, renames carried
into profiles, deletions of used answers refused, unreachable causes named after a save."""

import re

import pytest

from tests.helpers import admin_url, form_data, inline_prefix
from troubleshooter.format.profiles import rename_in_profile
from troubleshooter.models import Answer, Cause, Question

pytestmark = pytest.mark.django_db

MAINTENANCE = {"status_code__code": 503, "slug": "maintenance-mode"}


def test_profile_is_one_select_per_question_with_only_its_answers(admin_client):
    cause = Cause.objects.get(**MAINTENANCE)
    html = admin_client.get(admin_url(cause)).content.decode()
    pattern = Question.objects.get(slug="pattern")
    select = re.search(r'<select multiple name="profile__pattern"[^>]*>(.*?)</select>', html, re.S)
    values = re.findall(r'<option value="([^"]+)"', select.group(1))
    assert values == [a.slug for a in pattern.answers.all()]
    assert 'name="profile__status"' not in html  # implied by the code: not offered
    for question, answers in cause.profile_map.items():
        for answer in answers:
            assert re.search(
                rf'name="profile__{question}".*?<option value="{answer}" selected', html, re.S
            )
    assert f"<code>{cause.profile}</code>" in html


def test_untouched_profile_is_written_back_byte_for_byte(admin_client):
    cause = Cause.objects.get(**MAINTENANCE)
    before = cause.profile
    data = form_data(admin_client.get(admin_url(cause)))
    data["title"] = "A new title"
    assert admin_client.post(admin_url(cause), data).status_code == 302
    cause.refresh_from_db()
    assert cause.profile == before


def test_picking_answers_rewrites_the_raw_profile_in_order(admin_client):
    cause = Cause.objects.get(**MAINTENANCE)
    data = form_data(admin_client.get(admin_url(cause)))
    assert cause.profile.startswith("pattern=always; history=stopped; ")
    data["profile__history"] = []  # now "any answer"
    data["profile__producer"] = ["app", "gateway"]
    response = admin_client.post(admin_url(cause), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    cause.refresh_from_db()
    assert cause.profile == (
        "pattern=always; message=generic; speed=fast; change=maintenance; when=clock; "
        "producer=app,gateway"
    )


def test_an_answer_a_question_does_not_have_is_refused(admin_client):
    cause = Cause.objects.get(**MAINTENANCE)
    data = form_data(admin_client.get(admin_url(cause)))
    data["profile__speed"] = ["sideways"]
    response = admin_client.post(admin_url(cause), data)
    assert response.status_code == 200
    assert "“speed” has no answer sideways" in response.content.decode()


def test_renaming_an_answer_updates_every_profile_that_uses_it(admin_client, client):
    question = Question.objects.get(slug="pattern")
    users = [c for c in Cause.objects.all() if "some-inputs" in c.profile_map.get("pattern", [])]
    assert users
    data = form_data(admin_client.get(admin_url(question)))
    key = next(k for k, v in data.items() if k.endswith("-slug") and v == "some-inputs")
    data[key] = "certain-inputs"
    response = admin_client.post(admin_url(question), data, follow=True)
    assert response.status_code == 200
    assert "is now “certain-inputs” in the profiles of" in response.content.decode()
    for cause in users:
        cause.refresh_from_db()
        assert "certain-inputs" in cause.profile_map["pattern"]
        assert "some-inputs" not in cause.profile
    assert Answer.objects.filter(question=question, slug="certain-inputs").exists()
    # The guide still reaches them, and re-saving an untouched cause works.
    html = client.get("/guide/", {"a": ["status:400", "pattern:certain-inputs"]}).content.decode()
    assert "No candidates left" not in html
    cause = users[0]
    data = form_data(admin_client.get(admin_url(cause)))
    assert admin_client.post(admin_url(cause), data).status_code == 302
    assert cause.history.first().history_change_reason == (
        "answer pattern=some-inputs renamed to certain-inputs"
    )


def test_deleting_an_answer_used_by_profiles_is_refused_with_the_causes(admin_client):
    question = Question.objects.get(slug="pattern")
    data = form_data(admin_client.get(admin_url(question)))
    prefix = inline_prefix(data, "intermittent", field="slug")
    data[f"{prefix}-DELETE"] = "on"
    response = admin_client.post(admin_url(question), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The answer “intermittent” cannot be deleted: the profiles of" in html
    some_user = next(
        c
        for c in Cause.objects.select_related("status_code")
        if "intermittent" in c.profile_map.get("pattern", [])
    )
    assert some_user.key in html
    assert Answer.objects.filter(question=question, slug="intermittent").exists()


def test_deleting_a_question_used_by_profiles_is_refused(admin_client):
    question = Question.objects.get(slug="pattern")
    response = admin_client.get(admin_url(question, "delete"))
    html = response.content.decode()
    assert "Question “pattern” is used by the profiles of" in html
    admin_client.post(admin_url(question, "delete"), {"post": "yes"})
    assert Question.objects.filter(slug="pattern").exists()


def test_renaming_a_question_updates_profiles(admin_client):
    question = Question.objects.get(slug="speed")
    users = [c.pk for c in Cause.objects.all() if "speed" in c.profile_map]
    data = form_data(admin_client.get(admin_url(question)))
    data["slug"] = "how-fast"
    assert admin_client.post(admin_url(question), data).status_code == 302
    for cause in Cause.objects.filter(pk__in=users):
        assert "how-fast" in cause.profile_map and "speed" not in cause.profile_map


def test_a_save_that_makes_a_cause_unreachable_names_it(admin_client):
    first, second = Cause.objects.filter(status_code__code=503)[:2]
    data = form_data(admin_client.get(admin_url(second)))
    data["profile"] = first.profile  # the raw string still works: now both answer alike
    response = admin_client.post(admin_url(second), data, follow=True)
    html = response.content.decode()
    assert "The guide can no longer reach these causes by their own answers" in html
    assert "503/" in html


def test_rename_in_profile():
    text = "producer=app; pattern=some-inputs,intermittent"
    assert rename_in_profile(text, "pattern", "some-inputs", "certain") == (
        "producer=app; pattern=certain,intermittent"
    )
    assert rename_in_profile(text, "pattern", new_question="which") == (
        "producer=app; which=some-inputs,intermittent"
    )
    assert rename_in_profile(text, "speed", "fast", "quick") == text
