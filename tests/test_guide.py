"""The guide's engine on its own (toy content), and its properties on the real content."""

import math
from itertools import combinations

import pytest

from troubleshooter import guide
from troubleshooter.guide import UNSURE, BadState, Cause, GuideContent, Question
from troubleshooter.snapshot import current

STATUS = Question("status", "Which status code?", (), is_status=True, position=2)
PRODUCER = Question(
    "producer",
    "Who produced it?",
    (("app", "The app"), ("cdn", "A CDN"), ("proxy", "A proxy")),
    position=3,
)
SPEED = Question("speed", "How fast?", (("fast", "Fast"), ("slow", "Slow")), position=9)
COLOUR = Question("colour", "Which colour?", (("red", "Red"), ("blue", "Blue")), position=1)


def cause(code, slug, prior=1.0, **profile):
    return Cause(
        key=f"{code}/{slug}",
        code=code,
        phrase=f"Phrase {code}",
        slug=slug,
        title=slug.replace("-", " "),
        profile={q: frozenset(a.split(",")) for q, a in profile.items()},
        prior=prior,
    )


def toy():
    return GuideContent.build(
        [STATUS, PRODUCER, SPEED, COLOUR],
        [
            cause(502, "down", producer="proxy", speed="fast"),
            cause(502, "cdn-origin", producer="cdn"),
            cause(504, "slow-app", producer="proxy,cdn", speed="slow"),
            cause(504, "cdn-timeout", 0.8, producer="cdn", speed="slow"),
            cause(429, "quota", producer="app"),
        ],
    )


def keys(ranked):
    return [r.cause.key for r in ranked]


def test_status_question_gets_one_answer_per_code():
    content = toy()
    assert content.status_question.answers == (
        ("429", "429 Phrase 429"),
        ("502", "502 Phrase 502"),
        ("504", "504 Phrase 504"),
    )


def test_an_answer_narrows_the_candidates():
    step = guide.step(toy(), ["status:504"])
    assert sorted(keys(step.candidates)) == ["504/cdn-timeout", "504/slow-app"]
    assert step.question is not None


def test_not_sure_keeps_every_candidate_and_is_not_asked_again():
    step = guide.step(toy(), ["status:unsure"])
    assert len(step.candidates) == 5
    assert step.question.slug != "status"
    assert step.answered[0].label == "Not sure"


def test_first_question_is_the_one_that_splits_best():
    step = guide.step(toy(), [])
    gains = {q.slug: guide.information_gain(q, step.candidates) for q in toy().questions}
    assert step.question.slug == max(gains, key=gains.get) == "status"
    assert gains["colour"] == 0  # first by position, but no cause mentions it


def test_questions_that_change_nothing_are_skipped():
    content = toy()
    asked = []
    pairs = []
    while True:
        step = guide.step(content, pairs)
        if not step.question:
            break
        asked.append(step.question.slug)
        pairs.append(f"{step.question.slug}:{UNSURE}")
    assert "colour" not in asked


def test_ties_go_to_the_earlier_question():
    a = Question("a", "A?", (("x", "X"), ("y", "Y")), position=5)
    b = Question("b", "B?", (("x", "X"), ("y", "Y")), position=4)
    content = GuideContent.build(
        [a, b], [cause(500, "one", a="x", b="x"), cause(500, "two", a="y", b="y")]
    )
    assert guide.step(content, []).question.slug == "b"


def test_result_names_the_cause_why_and_runners_up():
    step = guide.step(toy(), ["status:502", "producer:proxy"])
    assert step.result.cause.key == "502/down"
    assert [item.pair for item in step.why] == ["status:502", "producer:proxy"]


def test_a_contradiction_never_dead_ends():
    step = guide.step(toy(), ["status:429", "producer:proxy"])
    assert step.nothing_fits
    assert step.result is None and step.question is None
    assert step.nearest[0].cause.key == "429/quota"
    assert step.nearest[0].mismatches == 1
    assert step.back_query == "a=status%3A429"


def test_unknown_duplicate_and_invalid_answers_become_notes():
    step = guide.step(toy(), ["nope:1", "status:999", "producer:app", "producer:cdn", "junk"])
    assert [item.pair for item in step.answered] == ["producer:app"]
    assert len(step.notes) == 4
    assert any("no such question" in note for note in step.notes)
    assert any("not one of the choices" in note for note in step.notes)
    assert any("the first one counts" in note for note in step.notes)


def test_too_many_or_too_long_answers_are_bad_state():
    with pytest.raises(BadState):
        guide.step(toy(), ["status:unsure"] * (guide.MAX_ANSWERS + 1))
    with pytest.raises(BadState):
        guide.step(toy(), ["status:" + "9" * 200])


def test_query_of_a_step_round_trips():
    step = guide.step(toy(), ["status:504"])
    assert step.query("speed:slow") == "a=status%3A504&a=speed%3Aslow"


def test_status_options_are_the_likeliest_codes():
    content = GuideContent.build(
        [STATUS], [cause(400 + i, f"c{i}", prior=1 + i) for i in range(10)]
    )
    step = guide.step(content, [])
    assert [slug for slug, _label in step.options] == [str(c) for c in range(404, 410)]


# The real content ------------------------------------------------------------------------


def walk(content, target):
    """Answer as `target`'s profile says (Not sure elsewhere); return (final step, questions)."""
    pairs = []
    while True:
        step = guide.step(content, pairs)
        if step.question is None:
            return step, len(pairs)
        allowed = target.profile.get(step.question.slug)
        answer = sorted(allowed)[0] if allowed else UNSURE
        pairs.append(f"{step.question.slug}:{answer}")
        assert len(pairs) <= len(content.questions)


@pytest.fixture
def real():
    return current().guide


@pytest.mark.django_db
def test_every_cause_is_reachable_by_answering_its_profile(real):
    counts = []
    unreachable = []
    for target in real.causes:
        step, asked = walk(real, target)
        counts.append(asked)
        if step.result is None or step.result.cause.key != target.key:
            got = step.result.cause.key if step.result else "nothing"
            unreachable.append(f"{target.key} -> {got}")
    assert unreachable == []
    average, worst = sum(counts) / len(counts), max(counts)
    bound = math.log2(len(real.causes))
    print(
        f"\n{len(real.causes)} causes, {len(real.questions)} questions: "
        f"average {average:.2f} questions to a result, worst {worst}, log2(causes) {bound:.2f}"
    )
    assert average <= bound + 1
    assert worst <= bound + 3


@pytest.mark.django_db
def test_no_two_causes_are_indistinguishable(real):
    alike = [
        f"{a.key} ~ {b.key}"
        for a, b in combinations(real.causes, 2)
        if not any(q in b.profile and not (a.profile[q] & b.profile[q]) for q in a.profile)
    ]
    assert alike == []


@pytest.mark.django_db
def test_every_question_can_be_asked(real):
    used = {q for c in real.causes for q in c.profile}
    unused = [q.slug for q in real.questions if q.slug not in used and q.slug != "got-response"]
    assert unused == []


def test_no_response_is_always_offered_for_the_status_and_implies_the_response_question():
    response_question = Question("got-response", "Did a response come back?", (), is_response=True)
    causes = [cause(400 + i, f"c{i}", prior=10) for i in range(8)] + [cause(0, "dns", prior=0.1)]
    content = GuideContent.build([STATUS, response_question], causes)
    assert content.by_slug["got-response"].answers[0][0] == "yes"
    step = guide.step(content, [])
    assert step.question.slug == "status"
    assert "0" in [slug for slug, _label in step.options]
    step = guide.step(content, ["got-response:no"])
    assert step.result.cause.key == "0/dns"
    assert len(guide.step(content, ["got-response:yes"]).candidates) == 8
