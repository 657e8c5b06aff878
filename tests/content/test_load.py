"""The content pipeline on the real files: the load (all or nothing, idempotent, respectful of
staff edits) on the real content and on broken copies of it, and the export's byte-for-byte
round trip."""

import filecmp
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.factories import CauseFactory
from tests.helpers import CONTENT_DIR, MINIMAL
from troubleshooter.content import files as contentfiles
from troubleshooter.content import sync
from troubleshooter.content.files import ContentError, parse_code_text
from troubleshooter.editorial import deletions
from troubleshooter.models import Cause, Deletion, Question, StatusCode

pytestmark = pytest.mark.content

SEED_CODES = {200, 201, 400, 401, 403, 404, 405, 407, 422, 429, 500, 501, 502, 503, 504}
CODE_FILES = sorted((CONTENT_DIR / "codes").glob("*.md"))


def counts():
    return StatusCode.objects.count(), Cause.objects.count()


def write(content_dir, name, text):
    path = content_dir / "codes" / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_real_content_is_loaded_with_every_seed_code():
    loaded = set(StatusCode.objects.values_list("code", flat=True))
    assert loaded >= SEED_CODES
    assert len(loaded) == len(CODE_FILES)


@pytest.mark.django_db
def test_second_load_changes_nothing_and_says_so(capsys):
    before = {(c.pk, c.updated_at) for c in Cause.objects.all()}
    call_command("load_content")
    out = capsys.readouterr().out
    assert out.startswith("Nothing to change")
    assert {(c.pk, c.updated_at) for c in Cause.objects.all()} == before


@pytest.mark.django_db
@pytest.mark.parametrize("folder", ["codes", "questions"])
def test_load_then_export_reproduces_content_byte_for_byte(tmp_path, folder):
    call_command("export_content", output=tmp_path, verbosity=0)
    exported = sorted(p.name for p in (tmp_path / folder).glob("*.md"))
    assert exported == sorted(p.name for p in (CONTENT_DIR / folder).glob("*.md"))
    match, mismatch, errors = filecmp.cmpfiles(
        CONTENT_DIR / folder, tmp_path / folder, exported, shallow=False
    )
    assert mismatch == [] and errors == []
    assert len(match) == len(exported) > 0


@pytest.mark.django_db
def test_malformed_file_stops_the_load_and_writes_nothing(content_copy):
    write(content_copy, "298.md", MINIMAL)
    changed = content_copy / "codes" / "429.md"
    changed.write_text(changed.read_text().replace("Too Many Requests", "Slow Down", 1))
    write(
        content_copy,
        "419.md",
        MINIMAL.replace("code: 298", "code: 419").replace("Title: ", "Titel: "),
    )
    before = counts()
    with pytest.raises(CommandError, match=r"419\.md:18: expected 'Title:'") as error:
        call_command("load_content", path=content_copy)
    assert "Nothing was loaded" in str(error.value)
    assert counts() == before
    assert StatusCode.objects.get(code=429).phrase == "Too Many Requests"


@pytest.mark.django_db
def test_link_to_a_missing_code_is_an_error_on_its_line(content_copy):
    write(content_copy, "298.md", MINIMAL.replace("related:", "related: 404, 599"))
    with pytest.raises(ContentError, match=r"298\.md:9: related: no content file for 599"):
        sync.load(content_copy)


@pytest.mark.django_db
def test_changed_file_updates_only_what_changed(content_copy):
    path = content_copy / "codes" / "404.md"
    path.write_text(
        path.read_text().replace("# Explanation\n\n", "# Explanation\n\nNew first line.\n\n")
    )
    report = sync.load(content_copy)
    assert report.updated == ["code 404"]
    assert report.created == report.deleted == report.skipped == []
    page = StatusCode.objects.get(code=404)
    assert page.explanation.startswith("New first line.")
    assert "<p>New first line.</p>" in page.explanation_html


@pytest.mark.django_db
def test_new_file_is_created_with_rendered_html(content_copy):
    write(content_copy, "298.md", MINIMAL)
    report = sync.load(content_copy)
    assert report.created == ["code 298", "cause 298/teapot"]
    teapot = StatusCode.objects.get(code=298)
    assert teapot.explanation_html == "<p>It is a teapot.</p>"
    assert teapot.code_class == 2
    assert teapot.causes.get().signal_list == ["teapot", "short and stout"]


@pytest.mark.django_db
def test_staff_edit_is_kept_and_named_until_forced(content_copy, capsys):
    cause = Cause.objects.filter(status_code__code=429).first()
    cause.title = "Edited by staff"
    cause.save()
    path = content_copy / "codes" / "429.md"
    path.write_text(
        path.read_text().replace(
            f"Title: {cause_title_in_file(path, cause.slug)}", "Title: Edited in the file"
        )
    )

    call_command("load_content", path=content_copy)
    captured = capsys.readouterr()
    assert f"Skipped cause 429/{cause.slug}: edited in admin" in captured.err
    cause.refresh_from_db()
    assert cause.title == "Edited by staff"

    call_command("load_content", path=content_copy, force=True)
    cause.refresh_from_db()
    assert cause.title == "Edited in the file"


@pytest.mark.django_db
def test_staff_edit_survives_a_load_of_unchanged_files():
    code = StatusCode.objects.get(code=503)
    code.summary = "Staff wording."
    code.save()
    report = sync.load(CONTENT_DIR)
    assert (
        "code 503",
        "edited in admin since the last load; --force overwrites it",
    ) in report.skipped
    code.refresh_from_db()
    assert code.summary == "Staff wording."


@pytest.mark.django_db
def test_cause_removed_from_file_is_deleted_but_staff_added_cause_is_kept(content_copy):
    code = (
        StatusCode.objects.get(code=298) if StatusCode.objects.filter(code=298).exists() else None
    )
    assert code is None
    write(content_copy, "298.md", MINIMAL)
    sync.load(content_copy)
    teapot = StatusCode.objects.get(code=298)
    CauseFactory(status_code=teapot, slug="staff-added", title="Added in admin", position=5)
    write(content_copy, "298.md", MINIMAL.split("# Cause:")[0].rstrip("\n") + "\n")
    report = sync.load(content_copy)
    assert "cause 298/teapot" in report.deleted
    assert (
        "cause 298/staff-added",
        "not in the content files but edited in admin; kept",
    ) in report.skipped
    assert list(teapot.causes.values_list("slug", flat=True)) == ["staff-added"]


@pytest.mark.django_db
def test_what_load_content_removes_can_be_restored_from_recently_deleted(content_copy):
    write(content_copy, "298.md", MINIMAL)
    call_command("load_content", "--path", content_copy, verbosity=0)
    cause = Cause.objects.get(status_code__code=298, slug="teapot")
    write(content_copy, "298.md", MINIMAL.split("# Cause:")[0].rstrip("\n") + "\n")
    call_command("load_content", "--path", content_copy, verbosity=0)
    assert not Cause.objects.filter(pk=cause.pk).exists()
    kept = Deletion.objects.get(kind="cause", object_id=cause.pk)
    assert kept.reason == "No longer in the content files (load_content)"
    deletions.restore(kept)
    assert Cause.objects.get(pk=cause.pk).title == cause.title
    (content_copy / "codes" / "298.md").unlink()  # a whole code goes the same way
    call_command("load_content", "--path", content_copy, verbosity=0)
    assert not StatusCode.objects.filter(code=298).exists()
    deletions.restore(Deletion.objects.get(kind="statuscode", restored_at=None))
    assert StatusCode.objects.get(code=298).causes.get().pk == cause.pk


@pytest.mark.django_db
def test_export_writes_admin_edits_in_the_file_format(tmp_path):
    cause = Cause.objects.filter(status_code__code=401).first()
    cause.signals = "first signal\r\nsecond signal\r\n"
    cause.confirm = "Line one.  \r\n\r\nLine two."
    cause.save()
    sync.export(tmp_path)
    text = (tmp_path / "codes" / "401.md").read_text()
    assert "Signals: first signal | second signal\n" in text
    assert "Line one.\n\nLine two." in text
    assert "\r" not in text
    assert parse_code_text(text, "401.md").causes[0].signals == ["first signal", "second signal"]


def cause_title_in_file(path, slug):
    match = re.search(rf"^# Cause: {slug}\nTitle: (.*)$", Path(path).read_text(), re.M)
    return match.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ("colour=red", "unknown question “colour”"),
        ("speed=sideways", "“speed” has no answer sideways"),
        ("speed=fast,slow", "lists every answer"),
        ("status=404", "implied by the cause's code"),
        ("speed fast", "is not question=answer"),
    ],
)
def test_bad_profile_stops_the_load_on_its_line(content_copy, profile, message):
    write(
        content_copy,
        "298.md",
        MINIMAL.replace(
            "Signals: teapot | short and stout", f"Signals: teapot\nProfile: {profile}"
        ),
    )
    before = counts()
    with pytest.raises(ContentError) as error:
        sync.load(content_copy)
    assert error.value.line == 20
    assert message in error.value.message
    assert counts() == before


@pytest.mark.django_db
def test_question_edited_in_admin_is_kept_until_forced(content_copy):
    from troubleshooter.models import Question

    question = Question.objects.get(slug="speed")
    question.text = "Staff wording?"
    question.save()
    report = sync.load(content_copy)
    assert (
        "question speed",
        "edited in admin since the last load; --force overwrites it",
    ) in report.skipped
    sync.load(content_copy, force=True)
    question.refresh_from_db()
    assert question.text != "Staff wording?"


@pytest.mark.django_db
def test_files_and_rows_agree_field_by_field_on_the_real_content():
    docs = contentfiles.read_content(CONTENT_DIR)
    codes = {code.code: code for code in StatusCode.objects.for_page()}
    for doc in docs.codes:
        row = codes[doc.code]
        assert doc.fields() == row.content_fields(), doc.path
        assert sync.code_doc(row).fields() == doc.fields()
        rows = {cause.slug: cause for cause in row.causes.all()}
        for cause in doc.causes:
            assert cause.fields() == rows[cause.slug].content_fields(), (doc.path, cause.slug)
    questions = {q.slug: q for q in Question.objects.prefetch_related("answers")}
    for doc in docs.questions:
        assert doc.fields() == questions[doc.slug].content_fields(), doc.path
        assert sync.question_doc(questions[doc.slug]).fields() == doc.fields()
