"""Deletions that can be undone: a deleted code, cause, question or answer is kept whole (its
causes or answers, its links both ways, reader feedback and drafts) in a `Deletion`, listed
under "Recently deleted", and restored with the same primary keys, so its history, links and
feedback join up again."""

import json

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from troubleshooter.models import (
    Answer,
    Cause,
    Deletion,
    Draft,
    Feedback,
    Question,
    StatusCode,
    current_save_key,
    one_save,
)

TIME_FORMAT = "%Y-%m-%d %H:%M:%S %Z"


class RestoreError(Exception):
    """A deletion that cannot be restored now; the message says why and what to do."""


def plural(count, word, words=None):
    return f"{count} {word if count == 1 else (words or word + 's')}"


def rows_of(obj):
    """Every row deleting `obj` removes, parents before children."""
    if isinstance(obj, StatusCode):
        causes = list(obj.causes.all())
        return [
            obj,
            *causes,
            *Feedback.objects.filter(cause__in=causes),
            *Draft.objects.filter(code=obj),
            *Draft.objects.filter(cause__in=causes),
        ]
    if isinstance(obj, Cause):
        return [obj, *Feedback.objects.filter(cause=obj), *Draft.objects.filter(cause=obj)]
    if isinstance(obj, Question):
        return [obj, *obj.answers.all()]
    return [obj]


def label_of(obj):
    if isinstance(obj, Cause):
        return f"“{obj.title}” ({obj.status_code.code}/{obj.slug})"
    if isinstance(obj, Question):
        return f"“{obj.text}” ({obj.slug})"
    if isinstance(obj, Answer):
        return f"“{obj.label}” ({obj.question.slug}={obj.slug})"
    return str(obj)


def incoming_links(code):
    """{link field: [pks of the codes that link to `code`]}: lost from their side otherwise."""
    links = {}
    for name in ("related", "confused"):
        through = getattr(StatusCode, name).through
        links[name] = sorted(
            through.objects.filter(to_statuscode=code)
            .exclude(from_statuscode=code)
            .values_list("from_statuscode_id", flat=True)
        )
    return links


def describe(rows, incoming):
    """“with 3 causes, 12 reader answers, 4 links and 1 draft”, in plain words."""
    counts = {}
    for row in rows[1:]:
        counts[type(row)] = counts.get(type(row), 0) + 1
    parts = []
    if counts.get(Cause):
        parts.append(plural(counts[Cause], "cause"))
    if counts.get(Answer):
        parts.append(plural(counts[Answer], "answer"))
    answers = sum(f.helpful + f.not_helpful for f in rows if isinstance(f, Feedback))
    if answers:
        parts.append(plural(answers, "reader answer") + " to “Did this fix it?”")
    if isinstance(rows[0], StatusCode):
        code = rows[0]
        outgoing = code.related.count() + code.confused.count()
        links = outgoing + sum(len(pks) for pks in incoming.values())
        if links:
            parts.append(plural(links, "link") + " to and from other codes")
    if counts.get(Draft):
        parts.append(plural(counts[Draft], "draft"))
    return "with " + ", ".join(parts) if parts else ""


def snapshot(obj):
    """What `Deletion.data` keeps: every row as serialized, and the links into a code."""
    rows = rows_of(obj)
    incoming = incoming_links(obj) if isinstance(obj, StatusCode) else {}
    data = {
        "rows": json.loads(serializers.serialize("json", rows, cls=DjangoJSONEncoder)),
        "incoming": incoming,
    }
    keys = " " + " ".join(f"{row._meta.model_name}:{row.pk}" for row in rows) + " "
    return rows, data, keys, incoming


def delete(obj, user=None, reason=""):
    """Delete `obj` and everything that goes with it, keeping it whole as a `Deletion`."""
    reason = (reason or "").strip()[:200]
    with transaction.atomic():
        rows, data, keys, incoming = snapshot(obj)
        deletion = Deletion.objects.create(
            kind=obj._meta.model_name,
            object_id=obj.pk,
            label=label_of(obj)[:300],
            summary=describe(rows, incoming)[:300],
            keys=keys,
            data=data,
            reason=reason,
            deleted_by=user if user is not None and user.is_authenticated else None,
            history_save=current_save_key(),
        )
        what = f"Deleted: {reason}" if reason else "Deleted"
        # Children first, each with the reason in its own history (a cascade would not say).
        for row in reversed(rows):
            if hasattr(row, "history"):
                row._change_reason = what[:100]
                if deletion.deleted_by is not None:
                    row._history_user = deletion.deleted_by
            row.delete()
    return deletion


def who_deleted(deletion):
    by = deletion.deleted_by.get_username() if deletion.deleted_by else "someone"
    when = timezone.localtime(deletion.deleted_at).strftime(TIME_FORMAT)
    text = f"{by} at {when}"
    if deletion.reason:
        text += f" (reason: “{deletion.reason}”)"
    return text


# Restoring -----------------------------------------------------------------------------------


def build(item):
    """An unsaved row from one serialized item, with its primary key."""
    model = apps.get_model(item["model"])
    row = model(pk=item["pk"])
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name not in item["fields"]:
            continue
        value = item["fields"][field.name]
        if field.is_relation:
            setattr(row, field.attname, value)
        else:
            setattr(row, field.attname, field.to_python(value))
    return row


def check(deletion, rows):
    """Raise RestoreError when the deleted rows cannot come back as they were."""
    if deletion.restored_at is not None:
        raise RestoreError(f"{deletion.label} was restored already.")
    top = rows[0]
    model = type(top)
    if model._base_manager.filter(pk=top.pk).exists():
        raise RestoreError(f"{deletion.label} exists again: nothing to restore.")
    if isinstance(top, StatusCode):
        if StatusCode.objects.filter(code=top.code).exists():
            raise RestoreError(
                f"Not restored: another code {top.code} was created since. Delete or renumber "
                "it first."
            )
    elif isinstance(top, Cause):
        if not StatusCode.objects.filter(pk=top.status_code_id).exists():
            parent = Deletion.holding("statuscode", top.status_code_id)
            where = f" “{parent.label}”" if parent else ""
            raise RestoreError(
                f"Not restored: its code{where} was deleted too. Restore the code from Recently "
                "deleted first."
            )
        if Cause.objects.filter(status_code_id=top.status_code_id, slug=top.slug).exists():
            raise RestoreError(
                f"Not restored: the code has another cause with the slug “{top.slug}” now. "
                "Change that cause's slug first."
            )
    elif isinstance(top, Question):
        if Question.objects.filter(slug=top.slug).exists():
            raise RestoreError(
                f"Not restored: another question has the slug “{top.slug}” now. Change its "
                "slug first."
            )
    elif isinstance(top, Answer):
        if not Question.objects.filter(pk=top.question_id).exists():
            raise RestoreError(
                "Not restored: its question was deleted too. Restore the question from "
                "Recently deleted first."
            )
        if Answer.objects.filter(question_id=top.question_id, slug=top.slug).exists():
            raise RestoreError(
                f"Not restored: the question has another answer “{top.slug}” now. Change its "
                "slug first."
            )


def restore(deletion, user=None):
    """Put the deleted rows back with their keys, links both ways, feedback and drafts;
    returns sentences about anything that could not come back (links to codes deleted since)."""
    items = deletion.data["rows"]
    rows = [build(item) for item in items]
    check(deletion, rows)
    notes = []
    when = timezone.localtime(deletion.deleted_at).strftime("%Y-%m-%d %H:%M:%S")
    reason = f"Restored after its deletion of {when}"[:100]
    editor = user if user is not None and user.is_authenticated else None
    with transaction.atomic(), one_save():
        for row in rows:
            if hasattr(row, "history"):
                row._change_reason = reason
                if editor is not None:
                    row._history_user = editor
            if hasattr(row, "version") and not isinstance(row, Draft):
                row._restored_version = row.version
            row.save(force_insert=True)
        top = rows[0]
        if isinstance(top, StatusCode):
            notes += restore_links(top, items[0]["fields"], deletion.data.get("incoming", {}))
        deletion.restored_at = timezone.now()
        deletion.restored_by = editor
        deletion.save(update_fields=["restored_at", "restored_by"])
    return notes


def restore_links(code, fields, incoming):
    missing = 0
    for name in ("related", "confused"):
        wanted = fields.get(name, [])
        existing = set(StatusCode.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        missing += len([pk for pk in wanted if pk not in existing])
        if existing:
            getattr(code, name).set(sorted(existing))
        for other in StatusCode.objects.filter(pk__in=incoming.get(name, [])):
            other._change_reason = f"Link to {code.code} restored with it"
            getattr(other, name).add(code)
        missing += len(incoming.get(name, [])) - len(
            StatusCode.objects.filter(pk__in=incoming.get(name, []))
        )
    if missing:
        return [f"{plural(missing, 'link')} to or from codes deleted since could not be restored."]
    return []
