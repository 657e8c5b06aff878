"""Documents <-> database: load the content files, export the database, detect staff edits.

A row remembers the digest of its synced fields as the last load wrote them (`loaded_digest`);
a row whose fields no longer match it was edited in admin, and a load leaves it alone unless
forced. Loading validates every file first and writes inside one transaction.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from troubleshooter.content.documents import (
    CauseDoc,
    CodeDoc,
    QuestionDoc,
    render_code_file,
    render_question_file,
)
from troubleshooter.content.files import read_content
from troubleshooter.format.schema import CODES
from troubleshooter.models import (
    Answer,
    Cause,
    ContentVersion,
    Question,
    StatusCode,
    current_save_key,
    digest,
    one_save,
)

LOAD_REASON = "load_content"


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    deleted: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (name, reason)

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted)


def load(content_dir, force=False, remove=None):
    """Load every file under content_dir into the database, or nothing at all.

    A row whose content differs from what the previous load wrote was edited by staff: it is
    left alone and reported, unless force is true. A row no longer in the files goes through
    `remove(row)` (load_content keeps it restorable under "Recently deleted"); by default it is
    simply deleted.
    """
    remove = remove or (lambda row: row.delete())
    docs = read_content(content_dir)
    report = LoadReport()
    with transaction.atomic(), one_save():  # one load, one entry in each row's history
        load_questions(docs.questions, report, force, remove)
        existing = {code.code: code for code in StatusCode.objects.for_page()}
        codes_to_link = []
        for doc in docs.codes:
            name = f"code {doc.code}"
            code = existing.pop(doc.code, None)
            if code is None:
                code = StatusCode()
                report.created.append(name)
                write = True
            else:
                write = sync_row(code, doc.fields(), name, report, force)
            if write:
                write_row(code, doc.fields(), digest_now=False)
                codes_to_link.append((code, doc))
            sync_causes(code, doc, report, force, remove)
        by_number = {code.code: code for code in StatusCode.objects.only("pk", "code")}
        for code, doc in codes_to_link:
            wanted = doc.fields()
            for f in StatusCode.SYNCED:
                if f.kind == CODES:
                    getattr(code, f.name).set([by_number[n] for n in wanted[f.name]])
            StatusCode.objects.filter(pk=code.pk).update(loaded_digest=digest(wanted))
        for code in existing.values():
            remove_row(code, f"code {code.code}", report, force, remove)
        if report.changed:
            ContentVersion.bump()  # answers are created in bulk, without signals
    return report


def write_row(row, wanted, digest_now=True):
    """Set a row's synced fields (links are set by the caller, once the row has a key)."""
    for f in type(row).SYNCED:
        if f.kind != CODES:
            setattr(row, f.name, wanted[f.name])
    if digest_now:
        row.loaded_digest = digest(wanted)
    row._change_reason = LOAD_REASON
    row.save()


def load_questions(docs, report, force, remove):
    existing = {q.slug: q for q in Question.objects.prefetch_related("answers")}
    for doc in docs:
        name = f"question {doc.slug}"
        question = existing.pop(doc.slug, None)
        if question is None:
            question = Question()
            report.created.append(name)
        elif not sync_row(question, doc.fields(), name, report, force):
            continue
        write_row(question, doc.fields())
        question.answers.all().delete()
        bulk_create_with_history(  # answers have a history of their own, from the first load
            [
                Answer(question=question, position=position, slug=slug, label=label)
                for position, (slug, label) in enumerate(doc.answers)
            ],
            Answer,
            default_change_reason=LOAD_REASON,
            custom_historical_attrs={"history_save": current_save_key()},
        )
    for question in existing.values():
        remove_row(question, f"question {question.slug}", report, force, remove)


def sync_causes(code, doc, report, force, remove):
    existing = {cause.slug: cause for cause in code.causes.all()} if code.pk else {}
    for cause_doc in doc.causes:
        name = f"cause {doc.code}/{cause_doc.slug}"
        wanted = cause_doc.fields()
        cause = existing.pop(cause_doc.slug, None)
        if cause is None:
            cause = Cause(status_code=code)
            report.created.append(name)
        elif not sync_row(cause, wanted, name, report, force):
            continue
        write_row(cause, wanted)
    for cause in existing.values():
        remove_row(cause, f"cause {doc.code}/{cause.slug}", report, force, remove)


def sync_row(row, wanted_fields, name, report, force):
    """Decide what to do with an existing row; return True when it should be written."""
    current = row.content_digest()
    if current == digest(wanted_fields):
        if row.loaded_digest != current:
            type(row).objects.filter(pk=row.pk).update(loaded_digest=current)
        report.unchanged.append(name)
        return False
    if current != row.loaded_digest and not force:
        report.skipped.append((name, "edited in admin since the last load; --force overwrites it"))
        return False
    report.updated.append(name)
    return True


def remove_row(row, name, report, force, remove):
    if row.loaded_digest != row.content_digest() and not force:
        report.skipped.append((name, "not in the content files but edited in admin; kept"))
        return
    remove(row)
    report.deleted.append(name)


# Export ----------------------------------------------------------------------------------


def code_doc(code):
    """A CodeDoc from a StatusCode row (with its causes, related and confused prefetched)."""
    return CodeDoc.from_row(code, causes=[CauseDoc.from_row(c) for c in code.causes.all()])


def question_doc(question):
    answers = [(answer.slug, answer.label) for answer in question.answers.all()]
    return QuestionDoc.from_row(question, answers=answers)


def export(output_dir):
    """Write the database to output_dir/codes/NNN.md and output_dir/questions/SLUG.md; return
    the paths written."""
    codes_dir = Path(output_dir) / "codes"
    questions_dir = Path(output_dir) / "questions"
    codes_dir.mkdir(parents=True, exist_ok=True)
    questions_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for code in StatusCode.objects.for_page():
        path = codes_dir / f"{code.code}.md"
        path.write_text(render_code_file(code_doc(code)), encoding="utf-8")
        written.append(path)
    for question in Question.objects.prefetch_related("answers"):
        path = questions_dir / f"{question.slug}.md"
        path.write_text(render_question_file(question_doc(question)), encoding="utf-8")
        written.append(path)
    return written
