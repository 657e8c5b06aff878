"""The guide's engine on its own, on toy content: ranking, the next question, when it stops,
the result, and the address of each step."""

import pytest

from troubleshooter.engine import guide
from troubleshooter.engine.guide import (
    UNSURE,
    BadState,
    Cause,
    GuideContent,
    Question,
    TextEvidence,
    steps,
)
from troubleshooter.web import guide_state


def pairs(*texts):
    """("status:504", ...) as the engine takes them; the address notation is the web's."""
    found, notes = guide_state.read_pairs(texts)
    assert notes == ()
    return list(found)


STATUS = Question("status", "Which status code?", (), is_status=True, position=2)
PRODUCER = Question(
    "producer",
    "Who produced it?",
    (("app", "The app"), ("cdn", "A CDN"), ("proxy", "A proxy")),
    position=3,
)
SPEED = Question("speed", "How fast?", (("fast", "Fast"), ("slow", "Slow")), position=9)
SEEN = Question(
    "seen",
    "Does the log show it?",
    (("yes", "Yes"), ("no", "No")),
    position=5,
    strength=guide.FACT,
)
COLOUR = Question("colour", "Which colour?", (("red", "Red"), ("blue", "Blue")), position=1)


def cause(code, slug, prior=1.0, platforms=(), **profile):
    return Cause(
        key=f"{code}/{slug}",
        code=code,
        phrase=f"Phrase {code}",
        slug=slug,
        title=slug.replace("-", " "),
        profile={q: frozenset(a.split(",")) for q, a in profile.items()},
        prior=prior,
        platforms=frozenset(platforms),
        commonness="common",
    )


def toy():
    return GuideContent.build(
        [STATUS, PRODUCER, SPEED, COLOUR, SEEN],
        [
            cause(502, "down", producer="proxy", speed="fast", seen="no"),
            cause(502, "cdn-origin", producer="cdn"),
            cause(504, "slow-app", producer="proxy,cdn", speed="slow", seen="yes"),
            cause(504, "cdn-timeout", 0.8, producer="cdn", speed="slow"),
            cause(429, "quota", producer="app"),
        ],
    )


def keys(ranked):
    return [r.cause.key for r in ranked]


def share(step, key):
    return next(r.share for r in step.ranked if r.cause.key == key)


def test_status_answers_are_every_code_no_response_a_success_a_class_and_cannot_get_it():
    content = GuideContent.build([STATUS], [cause(502, "down")], codes=[(418, "Teapot")])
    assert [slug for slug, _label in content.status_question.answers] == [
        "0",
        "418",
        "502",
        guide.SUCCESS,
        "5xx",
        "4xx",
        "3xx",
        guide.CANT,
    ]


def test_a_picked_status_is_strongly_favoured_but_never_absolute():
    step = guide.step(toy(), pairs("status:504"))
    assert sorted(keys(step.ranked[:2])) == ["504/cdn-timeout", "504/slow-app"]
    others = [r for r in step.ranked if r.cause.code != 504]
    assert len(others) == 3
    assert all(0 < r.share < 0.05 for r in others)
    assert abs(sum(r.share for r in step.ranked) - 1) < 1e-9


def test_a_fact_nearly_rules_a_cause_out_an_impression_only_lowers_it():
    before = guide.step(toy(), [])
    fact = guide.step(toy(), pairs("seen:yes"))  # 502/down says "no"
    impression = guide.step(toy(), pairs("speed:slow"))  # 502/down says "fast"
    assert share(fact, "502/down") / share(before, "502/down") < 0.1
    assert share(impression, "502/down") / share(before, "502/down") > 0.3
    assert share(impression, "502/down") < share(before, "502/down")


def test_not_sure_changes_nothing_and_is_not_asked_again():
    plain = guide.step(toy(), [])
    unsure = guide.step(toy(), pairs("producer:unsure"))
    assert [round(r.share, 9) for r in unsure.ranked] == [round(r.share, 9) for r in plain.ranked]
    assert unsure.question.slug != "producer"
    assert unsure.answered[0].label == "Not sure"


def test_the_next_question_is_the_one_that_best_splits_the_leaders():
    step = guide.step(toy(), pairs("status:cant"))
    weighted = guide.normalised(guide.leaders(step.ranked))
    gains = {
        q.slug: guide.information_gain(q, weighted)
        for q in toy().questions
        if not q.on_first_screen
    }
    assert step.question.slug == max(gains, key=gains.get)
    assert gains["colour"] == 0  # first by position, but no cause mentions it


def test_questions_that_change_nothing_are_skipped():
    content = toy()
    asked, answers = [], pairs("status:cant")
    while True:
        step = guide.step(content, answers)
        if not step.question:
            break
        asked.append(step.question.slug)
        answers.append((step.question.slug, UNSURE))
    assert "colour" not in asked
    assert step.result is not None


def test_it_stops_when_no_answer_could_change_the_top_three():
    # Only "speed" separates anything, and only between the fourth and fifth causes.
    content = GuideContent.build(
        [STATUS, SPEED],
        [cause(500, "a", prior=8), cause(500, "b", prior=6), cause(500, "c", prior=4)]
        + [cause(500, "d", speed="fast"), cause(500, "e", speed="slow")],
    )
    step = guide.step(content, pairs("status:cant"))
    assert step.question is None
    assert step.stop == "settled"
    assert keys(step.ranked[:3]) == ["500/a", "500/b", "500/c"]


def test_ties_go_to_the_earlier_question():
    a = Question("a", "A?", (("x", "X"), ("y", "Y")), position=5)
    b = Question("b", "B?", (("x", "X"), ("y", "Y")), position=4)
    content = GuideContent.build(
        [a, b], [cause(500, "one", a="x", b="x"), cause(500, "two", a="y", b="y")]
    )
    assert guide.step(content, []).question.slug == "b"


def test_ties_are_shown_as_ties():
    content = GuideContent.build([STATUS], [cause(500, "one"), cause(500, "two")])
    step = guide.step(content, pairs("status:500"))
    assert [r.tied for r in step.ranked] == [True, True]
    assert step.confidence == guide.UNCLEAR or step.confidence == guide.ONE_OF


def test_result_gives_reasons_for_and_against_a_check_and_runners_up():
    step = guide.step(toy(), pairs("status:502", "producer:proxy"), done=True)
    assert step.result.cause.key == "502/down"
    assert step.stop == "asked"
    assert any("Which status code" in line for line in step.why)
    assert any(line == "Who produced it? A proxy" for line in step.why)
    assert step.why_not == ()
    assert step.runners_up and step.runners_up[0].cause.key == "502/cdn-origin"
    assert step.check is not None
    assert step.check.question.slug in {"speed", "seen"}
    # cdn-origin's profile says nothing about the question: its answer that down's profile
    # rules out speaks against down rather than pointing to cdn-origin.
    assert {ranked.cause.key for _label, ranked in step.check.points} == {"502/down"}
    assert {ranked.cause.key for _label, ranked in step.check.against} == {"502/down"}


def test_a_contradiction_never_dead_ends():
    step = guide.step(toy(), pairs("status:429", "producer:proxy"), done=True)
    assert step.result.cause.key == "429/quota"
    assert step.nothing_fits
    assert step.why_not == ("Who produced it? A proxy",)
    assert guide_state.links(step).back == "a=status%3A429"


def test_the_text_moves_the_ranking_but_a_picked_status_still_leads():
    evidence = TextEvidence(scores={"429/quota": 12.0})
    assert guide.step(toy(), [], evidence).ranked[0].cause.key == "429/quota"
    step = guide.step(toy(), pairs("status:504"), evidence)
    assert [r.cause.code for r in step.ranked[:2]] == [504, 504]
    assert step.ranked[2].cause.key == "429/quota"


def test_show_the_result_now_and_the_question_limit_end_the_questions(monkeypatch):
    now = guide.step(toy(), pairs("status:unsure"), done=True)
    assert now.question is None and now.result is not None and now.stop == "asked"
    monkeypatch.setattr(steps, "MAX_ASKED", 1)
    step = guide.step(toy(), pairs("status:cant", "producer:unsure"))
    assert step.question is None and step.stop == "limit" and step.result is not None


def test_confidence_in_words():
    content = GuideContent.build([STATUS], [cause(500, "big", prior=50), cause(500, "small")])
    assert guide.step(content, pairs("status:500")).confidence == guide.LIKELY
    flat = GuideContent.build([STATUS], [cause(500 + i, f"c{i}") for i in range(10)])
    assert guide.step(flat, [], done=True).confidence == guide.UNCLEAR


def test_unknown_duplicate_and_invalid_answers_become_notes():
    answers, notes = guide_state.read_pairs(
        ["nope:1", "status:999", "producer:app", "producer:cdn", "junk"]
    )
    step = guide.step(toy(), answers, notes=notes)
    assert [guide_state.pair_text(item.pair) for item in step.answered] == ["producer:app"]
    assert len(step.notes) == 4
    assert any("no such question" in note for note in step.notes)
    assert any("not one of the choices" in note for note in step.notes)
    assert any("the first one counts" in note for note in step.notes)


def test_too_many_or_too_long_answers_are_bad_state():
    with pytest.raises(BadState):
        guide.step(toy(), pairs("status:unsure") * (guide.MAX_ANSWERS + 1))
    with pytest.raises(BadState):
        guide.step(toy(), pairs("status:" + "9" * 200))


def test_query_of_a_step_round_trips_with_its_text():
    step = guide.step(toy(), pairs("status:504"), text="boom")
    query = guide_state.query([*step.pairs, ("speed", "slow")], step.text)
    assert query == "t=boom&a=status%3A504&a=speed%3Aslow"
    assert guide_state.links(step).done == "t=boom&a=status%3A504&done=1"


@pytest.mark.parametrize("text", ["", "a & b = c+d%", "boom"])
@pytest.mark.parametrize("more", [0, 2])
def test_each_link_of_a_step_is_the_query_of_its_state(text, more):
    """A page's links extend the state's query, encoded once, and say exactly what the query
    of the state they lead to says (the answer added, more, done)."""
    for given in ((), pairs("status:504"), pairs("status:504", "producer:app")):
        step = guide.step(toy(), given, text=text, more=more)
        links = guide_state.links(step)
        state = list(step.pairs)
        assert links.done == guide_state.query(state, text, done=True, more=more)
        if step.question is not None and not step.question.is_status:
            assert [q for _label, q in links.options] == [
                guide_state.query([*state, (step.question.slug, slug)], text, more=more)
                for slug in [*(s for s, _label in step.options), guide.UNSURE]
            ]
        if links.more is not None:
            assert links.more == guide_state.query(state, text, more=more + 1)


def test_back_never_leads_into_the_first_screen():
    assert guide_state.links(guide.step(toy(), pairs("status:502"))).back is None
    step = guide.step(toy(), pairs("status:502", "producer:app"))
    assert guide_state.links(step).back == "a=status%3A502"


def test_a_status_class_favours_its_causes_without_ruling_out_the_others():
    step = guide.step(toy(), pairs("status:5xx"))
    fives = [r for r in step.ranked if r.cause.code // 100 == 5]
    others = [r for r in step.ranked if r.cause.code // 100 != 5]
    assert min(r.share for r in fives) > max(r.share for r in others) > 0


def test_a_cause_far_ahead_of_many_small_ones_is_the_best_lead_not_unclear():
    # 50% of the weight on one cause and the rest spread thin over many: no other single cause
    # comes close, though the first is far from certain.
    causes = [cause(500, "big", prior=30)] + [cause(500, f"small{i}") for i in range(29)]
    step = guide.step(GuideContent.build([STATUS], causes), pairs("status:500"), done=True)
    first, second = step.ranked[0].share, step.ranked[1].share
    assert 0.4 <= first < 0.7 and first >= 5 * second
    assert step.confidence == guide.LEADS
    even = [cause(500, f"even{i}", prior=3) for i in range(4)] + causes[1:]
    assert guide.step(GuideContent.build([STATUS], even), [], done=True).confidence in (
        guide.ONE_OF,
        guide.UNCLEAR,
    )
