"""Migrations that touch content rows keep what the loader knows about them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from troubleshooter.format.schema import content_fields
from troubleshooter.models import Question, digest

BEFORE = [("troubleshooter", "0017_drafts_per_editor_deletions_save_groups")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_question_as_loaded_stays_as_loaded_when_bare_is_added():
    """0018 adds `bare` to what a question's digest covers. A question the last load wrote keeps
    a loaded digest that matches, so the next load takes a file's new `bare:` line; one edited
    in the admin since stays edited, so the load still leaves it alone."""
    old = migrate(BEFORE)
    OldQuestion = old.get_model("troubleshooter", "Question")
    OldAnswer = old.get_model("troubleshooter", "Answer")
    before = [f for f in Question.SYNCED if f.name != "bare"]
    rows = {}
    for slug in ("as-loaded", "edited"):
        question = OldQuestion.objects.create(
            slug=slug, position=1, kind="choice", text=f"The {slug} question?"
        )
        for position, answer in enumerate(("yes", "no")):
            OldAnswer.objects.create(
                question=question, position=position, slug=answer, label=answer
            )
        fields = content_fields(question, before)
        fields["answers"] = [["yes", "yes"], ["no", "no"]]
        question.loaded_digest = digest(fields) if slug == "as-loaded" else "0" * 64
        question.save()
        rows[slug] = question.pk
    try:
        migrate(latest())  # 0018_question_bare and whatever follows it
        assert not Question.objects.get(pk=rows["as-loaded"]).is_edited
        assert Question.objects.get(pk=rows["edited"]).is_edited
    finally:
        migrate(latest())
        Question.objects.filter(pk__in=rows.values()).delete()


def latest():
    graph = MigrationExecutor(connection).loader.graph
    return [key for key in graph.leaf_nodes() if key[0] == "troubleshooter"]
