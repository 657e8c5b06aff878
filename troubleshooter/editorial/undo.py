"""“Undo this save”: every row one save touched goes back to how it was just before it (rows it
added are deleted again, into Recently deleted; rows it deleted are restored; drafts it saved,
published or discarded come back as they were), except what someone changed again since,
which is left as it is and named."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from troubleshooter.editorial import deletions
from troubleshooter.editorial.history import (
    LOADER,
    compared_fields,
    m2m_values,
    record_user,
    row_label,
)
from troubleshooter.models import Answer, Cause, Deletion, Draft, Question, StatusCode, one_save

MODELS = (StatusCode, Cause, Question, Answer, Draft)
DELETE_ORDER = {"draft": 0, "answer": 1, "cause": 1, "question": 2, "statuscode": 2}


class UndoError(Exception):
    pass


@dataclass
class Step:
    label: str
    action: str
    back: list = field(default_factory=list)  # (field, value now, value it goes back to)
    kept: list = field(default_factory=list)  # what was changed again since and stays
    possible: bool = True
    order: int = 1
    run: object = None


def records_of(key):
    records = []
    for model in MODELS:
        records += list(
            model.history.filter(history_save=key)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
    return records


def record_before(record):
    """The row's record just before `record`, or None."""
    rows = (
        type(record)
        .objects.filter(id=record.id)
        .filter(
            Q(history_date__lt=record.history_date)
            | Q(history_date=record.history_date, history_id__lt=record.history_id)
        )
    )
    return rows.order_by("-history_date", "-history_id").first()


def show(value):
    text = "" if value is None else str(value)
    return text if len(text) <= 120 else text[:119] + "…"


def describe_save(records):
    first = min(records, key=lambda r: (r.history_date, r.history_id))
    when = timezone.localtime(first.history_date).strftime("%Y-%m-%d %H:%M:%S")
    users = ", ".join(dict.fromkeys(record_user(r) for r in records))
    reason = next((r.history_change_reason for r in records if r.history_change_reason), "")
    return when, users, reason


def plan(key, user):
    """(when, who, reason, steps) to undo the save `key`; raises UndoError when it cannot be."""
    records = records_of(key) if key else []
    if not records:
        raise UndoError("There is no such save to undo.")
    when, users, reason = describe_save(records)
    if reason == LOADER:
        raise UndoError(
            "A content load is undone by loading the files again, or a row at a time by "
            "reverting it from its history."
        )
    rows = {}
    for record in records:
        rows.setdefault((record.instance_type, record.id), []).append(record)
    steps, restored = [], set()
    for (model, pk), row_records in rows.items():
        if model is Draft:
            steps.append(draft_step(pk, row_records))
        else:
            step = row_step(model, pk, row_records, key, user, restored)
            if step is not None:
                steps.append(step)
    steps.sort(key=lambda s: s.order)
    return when, users, reason, steps


def row_step(model, pk, records, key, user, restored):
    first, last = records[0], records[-1]
    label = row_label(last)
    current = model._base_manager.filter(pk=pk).first()
    before = record_before(first)
    name = model._meta.model_name
    if last.history_type == "-":
        deletion = (
            Deletion.objects.filter(history_save=key, restored_at__isnull=True)
            .filter(keys__contains=Deletion.key(name, pk))
            .first()
        )
        if deletion is None or deletion.pk in restored:
            return None  # restored with its parent, or already back
        restored.add(deletion.pk)
        step = Step(label, f"restore it (“{deletion.label}” {deletion.summary})".strip(), order=0)
        if current is not None:
            step.possible, step.kept = False, ["it exists again"]
        else:
            step.run = lambda reason: deletions.restore(deletion, user)
        return step
    if before is None or first.history_type == "+":
        step = Step(
            label,
            "delete it again (this save added it; it goes to Recently deleted)",
            order=3 + DELETE_ORDER[name],
        )
        if current is None:
            step.possible, step.kept = False, ["deleted since"]
        elif current.version != last.version:
            step.possible = False
            step.kept = ["changed again since: left as it is"]
        elif model is StatusCode and not user.has_perm("troubleshooter.publish_draft"):
            step.possible, step.kept = False, ["only reviewers delete status codes"]
        else:
            step.run = lambda reason: deletions.delete(current, user, reason)
        return step
    step = Step(label, "put back how it was", order=1)
    if current is None:
        step.possible, step.kept = False, ["deleted since: restore it from Recently deleted first"]
        return step
    names = {}
    for field_name in compared_fields(model):
        model_field = model._meta.get_field(field_name)
        old, new = getattr(before, model_field.attname), getattr(last, model_field.attname)
        if old == new:
            continue
        label_text = str(model_field.verbose_name).capitalize()
        if getattr(current, model_field.attname) == new:
            step.back.append((label_text, show(new), show(old)))
            names[model_field.attname] = old
        else:
            step.kept.append(f"{label_text} (changed again since)")
    links = {}
    old_links, new_links = m2m_values(before), m2m_values(last)
    for link, pks in new_links.items():
        if set(pks) == set(old_links.get(link, [])):
            continue
        label_text = str(model._meta.get_field(link).verbose_name).capitalize()
        now = set(getattr(current, link).values_list("pk", flat=True))
        if now == set(pks):
            links[link] = old_links.get(link, [])
            step.back.append((label_text, f"{len(pks)} links", f"{len(links[link])} links"))
        else:
            step.kept.append(f"{label_text} (changed again since)")
    if not names and not links:
        step.possible = False
        if not step.kept:
            return None
        return step

    def run(reason):
        for attname, value in names.items():
            setattr(current, attname, value)
        current._history_user = user
        current._change_reason = reason
        current.save()
        for link, pks in links.items():
            getattr(current, link).set(pks)

    step.run = run
    return step


def draft_step(pk, records):
    first, last = records[0], records[-1]
    label = row_label(last)
    current = Draft.objects.filter(pk=pk).first()
    before = record_before(first)
    lookup = {"code_id": last.code_id} if last.code_id else {"cause_id": last.cause_id}
    row_model = StatusCode if last.code_id else Cause
    row_exists = row_model._base_manager.filter(pk=last.code_id or last.cause_id).exists()
    if last.history_type == "-":
        step = Step(label, "bring the draft back", order=2)
        other = Draft.objects.filter(**lookup, author_id=last.author_id).first()
        if not row_exists:
            step.possible, step.kept = False, ["its row was deleted since"]
        elif other is not None:
            step.possible, step.kept = False, ["its author has a newer draft of this row"]
        else:

            def run(reason):
                draft = Draft(
                    pk=pk,
                    data=last.data,
                    base_version=last.base_version,
                    author_id=last.author_id,
                    **lookup,
                )
                draft._change_reason = reason
                draft.save(force_insert=True)

            step.run = run
        return step
    if current is None:
        return Step(label, "nothing to undo", possible=False, kept=["discarded since"])
    if current.data != last.data:
        return Step(label, "nothing to undo", possible=False, kept=["saved again since"])
    if before is None or first.history_type == "+":
        step = Step(label, "remove the draft again", order=2)

        def run(reason):
            current._change_reason = reason
            current.delete()

        step.run = run
        return step
    step = Step(label, "put the draft back how it was", order=2)

    def run_back(reason):
        current._change_reason = reason
        current.data = before.data
        current.base_version = before.base_version
        current.save()

    step.run = run_back
    return step


def perform(steps, reason):
    """Run the possible steps in one transaction, as one save; returns their labels."""
    done = []
    with transaction.atomic(), one_save():
        for step in steps:
            if step.possible and step.run is not None:
                step.run(reason[:100])
                done.append(step.label)
    return done
