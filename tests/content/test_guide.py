"""The guide's properties on the real content: every cause reachable by its own answers, no two
causes of a code alike, every question useful and briefly explained, every status leading
somewhere."""

import re
from itertools import combinations

import pytest

from troubleshooter.engine import guide
from troubleshooter.snapshot import current

pytestmark = pytest.mark.content


@pytest.fixture
def real():
    return current().guide


@pytest.mark.django_db
def test_every_cause_is_reachable_by_answering_its_profile(real):
    counts, unreachable = [], []
    for target in real.causes:
        step = guide.profile_walk(real, target)
        counts.append(step.asked)
        if step.result is None or step.result.cause.key != target.key:
            got = step.result.cause.key if step.result else "nothing"
            unreachable.append(f"{target.key} -> {got}")
    assert unreachable == []
    print(
        f"\n{len(real.causes)} causes, {len(real.questions)} questions: average "
        f"{sum(counts) / len(counts):.2f} questions after the first screen, worst {max(counts)}"
    )
    assert sum(counts) / len(counts) <= guide.MAX_ASKED


@pytest.mark.django_db
def test_no_two_causes_of_a_code_are_indistinguishable(real):
    def apart(a, b):
        if a.platforms and b.platforms and not (a.platforms & b.platforms):
            return True
        return any(q in b.profile and not (a.profile[q] & b.profile[q]) for q in a.profile)

    alike = [
        f"{a.key} ~ {b.key}"
        for a, b in combinations(real.causes, 2)
        if a.code == b.code and not apart(a, b)
    ]
    assert alike == []


@pytest.mark.django_db
def test_every_question_separates_some_causes(real):
    useless = []
    for question in real.questions:
        if question.on_first_screen or question.is_response:
            continue
        answer_sets = {c.profile[question.slug] for c in real.causes if question.slug in c.profile}
        if len(answer_sets) < 2:
            useless.append(question.slug)
    assert useless == []


@pytest.mark.django_db
def test_every_status_leads_somewhere(real):
    for slug, _label in real.status_question.answers:
        step = guide.step(real, [("status", slug)])
        assert step.question is not None or step.result is not None, slug
        assert abs(sum(r.share for r in step.ranked) - 1) < 1e-9


@pytest.mark.django_db
def test_many_questions_each_with_one_short_help_line(real):
    assert len(real.questions) >= 60
    long_help = []
    for question in real.questions:
        text = re.sub(r"<[^>]+>", "", question.help_html).strip()
        if question.help_html.count("<p>") > 1 or len(text) > 200:
            long_help.append(f"{question.slug}: {len(text)} characters")
    assert long_help == []
