"""The content snapshot: one query per request while the content is unchanged, and a new
version after every write path."""

import gc

import pytest
from django.core.management import call_command

from tests.helpers import admin_url, form_data
from troubleshooter import snapshot
from troubleshooter.engine import intake
from troubleshooter.models import Answer, Cause, Question, StatusCode
from troubleshooter.web.content import RequestContent

pytestmark = pytest.mark.django_db


def version():
    return snapshot.content_version()


def test_version_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        version()


def test_the_version_read_in_plain_sql_is_what_the_orm_reads():
    """ContentVersion.read() skips the ORM (every request runs it); on SQLite and PostgreSQL
    alike it gives the number and the aware time of the change that the ORM gives."""
    from troubleshooter.models import ContentVersion

    ContentVersion.bump()
    row = ContentVersion.objects.get(pk=ContentVersion.ROW)
    assert version() == (row.number, row.changed_at.isoformat())
    assert version()[1].endswith("+00:00")
    ContentVersion.objects.all().delete()
    assert version() == (0, "")


@pytest.mark.parametrize(
    "url",
    [
        "/guide/",
        "/guide/?a=status:429",
        "/guide/?a=status:405&a=producer:app&a=method:wrong&a=history:stopped",
        "/diagnose/?text=HTTP/1.1%20502%20Bad%20Gateway",
        "/search/?q=too+many+requests",
    ],
)
def test_engine_pages_make_one_query_while_content_is_unchanged(
    client, django_assert_num_queries, url
):
    client.get(url)  # builds the snapshot if this process has none for the version
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200


def test_htmx_search_makes_one_query(client, django_assert_num_queries):
    client.get("/search/", {"q": "bad gateway"}, headers={"HX-Request": "true"})
    with django_assert_num_queries(1):
        client.get("/search/", {"q": "bad gateway"}, headers={"HX-Request": "true"})


def test_guide_result_needs_no_extra_query(client, django_assert_num_queries):
    from troubleshooter.engine import guide

    content = snapshot.current().guide
    target = next(c for c in content.causes if c.key == "503/maintenance-mode")
    pairs = [("status", "503"), ("platform", "unsure")]
    pairs += [(question, sorted(answers)[0]) for question, answers in target.profile.items()]
    step = guide.step(content, pairs, done=True)
    assert step.result.cause.key == target.key
    query = {"a": [f"{q}:{a}" for q, a in pairs], "done": "1"}
    client.get("/guide/", query)
    with django_assert_num_queries(1):
        html = client.get("/guide/", query).content.decode()
    assert "How to confirm it" in html


def test_a_request_reads_the_version_once(django_assert_num_queries):
    content = RequestContent()
    assert content.snapshot is not None
    with django_assert_num_queries(0):
        assert content.snapshot is content.snapshot and content.version == content.version


def test_snapshot_is_rebuilt_only_when_the_version_changes():
    first = snapshot.current()
    assert snapshot.current() is first
    Cause.objects.filter(status_code__code=429).first().save()
    assert snapshot.current() is not first


# Every write path changes the version --------------------------------------------------


def changed_by(write):
    before = version()
    write()
    return version() != before


def admin_save(client, url, **changes):
    data = form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_admin_save_of_a_code_changes_the_version(admin_client):
    code = StatusCode.objects.get(code=418)
    url = admin_url(code)
    assert changed_by(lambda: admin_save(admin_client, url, summary="Edited in admin."))


def test_admin_save_of_a_cause_changes_the_version(admin_client):
    cause = Cause.objects.filter(status_code__code=404).first()
    url = admin_url(cause)
    assert changed_by(lambda: admin_save(admin_client, url, title="A new title"))


def test_admin_save_of_a_question_changes_the_version(admin_client):
    question = Question.objects.get(slug="speed")
    url = admin_url(question)
    assert changed_by(lambda: admin_save(admin_client, url, text="How fast does it fail?"))


def test_admin_edit_of_an_answer_inline_changes_the_version(admin_client):
    question = Question.objects.get(slug="speed")
    url = admin_url(question)
    data = form_data(admin_client.get(url))
    key = next(k for k, v in data.items() if k.endswith("-label") and v.startswith("Not long"))

    def edit():
        data[key] = "Within a second"
        assert admin_client.post(url, data).status_code == 302

    assert changed_by(edit)
    assert Answer.objects.filter(label="Within a second").exists()


def test_admin_deletion_changes_the_version(admin_client):
    cause = Cause.objects.filter(status_code__code=410).last()
    url = admin_url(cause, "delete")

    def delete():
        assert admin_client.post(url, {"post": "yes"}).status_code == 302

    assert changed_by(delete)
    assert not Cause.objects.filter(pk=cause.pk).exists()


def test_load_content_changes_the_version(content_copy):
    path = content_copy / "codes" / "418.md"
    path.write_text(path.read_text().replace("# Explanation\n\n", "# Explanation\n\nNew. ", 1))
    assert changed_by(lambda: call_command("load_content", path=content_copy, verbosity=0))


def test_unchanged_load_keeps_the_version():
    assert not changed_by(lambda: call_command("load_content", verbosity=0))


def test_history_revert_changes_the_version(admin_client):
    cause = Cause.objects.filter(status_code__code=409).first()
    original = cause.title
    cause.title = "Changed once"
    cause.save()
    first = cause.history.order_by("history_date").first()
    url = admin_url(cause, "simple_history", first.history_id)

    def revert():
        data = form_data(admin_client.get(url))
        assert admin_client.post(url, data).status_code == 302

    assert changed_by(revert)
    cause.refresh_from_db()
    assert cause.title == original


def test_standalone_answer_admin_changes_the_version(admin_client):
    answer = Question.objects.get(slug="speed").answers.first()
    url = admin_url(answer)
    assert changed_by(lambda: admin_save(admin_client, url, label="Right away"))
    answer.refresh_from_db()
    assert answer.label == "Right away"


def test_answer_revert_from_its_history_changes_the_version(admin_client):
    answer = Question.objects.get(slug="speed").answers.first()
    original = answer.label
    answer.label = "Changed once"
    answer.save()
    first = answer.history.order_by("history_date").first()
    url = admin_url(answer, "simple_history", first.history_id)

    def revert():
        data = form_data(admin_client.get(url))
        assert admin_client.post(url, data).status_code == 302

    assert changed_by(revert)
    answer.refresh_from_db()
    assert answer.label == original


def test_changing_links_changes_the_version():
    code = StatusCode.objects.get(code=418)
    assert changed_by(lambda: code.related.add(StatusCode.objects.get(code=400)))
    assert changed_by(lambda: code.related.clear())


def test_a_changed_answer_shows_in_the_guide_on_the_next_request(client):
    answer = Question.objects.get(slug="speed").answers.get(slug="fast")
    answer.label = "Faster than a blink"
    answer.save()
    assert "Faster than a blink" in str(snapshot.current().guide.by_slug["speed"].answers)


def test_the_text_evidence_memo_holds_up_under_threads():
    """Many threads asking the snapshot's memo for the same and for different texts at once:
    every answer is the right one, nothing raises, and it never keeps more than its size."""
    from concurrent.futures import ThreadPoolExecutor

    content = snapshot.current()
    texts = [f"upstream timed out after {n} seconds, server {n % 7}" for n in range(400)]
    expected = {t: intake.read_evidence(content, t) for t in texts[:20]}

    def ask(n):
        text = texts[n % len(texts)]
        found = intake.text_evidence(content, text)
        return text, found

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(ask, range(3000)))
    for text, found in results:
        if text in expected:
            assert found == expected[text]
    assert len(content.memo) <= snapshot.MEMO_SIZE


def test_a_snapshot_holds_no_reference_cycles():
    """What lets install() freeze it: once replaced, reference counting frees it all."""
    built = snapshot.build(version())
    intake.text_evidence(built, "upstream timed out (110: Connection timed out) nginx 504")
    gc.collect()
    del built
    assert gc.collect() == 0


def test_an_installed_snapshot_is_frozen_out_of_the_collector(settings):
    settings.SNAPSHOT_FREEZE = True
    before = snapshot.last()
    try:
        snapshot.install(snapshot.build(version()))
        assert gc.get_freeze_count() > 0
        assert snapshot.last() is not before
    finally:
        gc.unfreeze()
        if before is not None:
            snapshot.install(before)
