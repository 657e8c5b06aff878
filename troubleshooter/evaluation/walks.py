"""Scripted walks through the guide: for each description case of the case library, a user who
knows what the case says they know starts on the first screen (their own text, the status and
platform if they know them), then answers each question the guide asks from what they know and
"Not sure" otherwise, until the guide shows a result. Plain Python over a content snapshot.
"""

import random
import statistics
from collections import defaultdict
from dataclasses import dataclass, replace

from troubleshooter.engine import guide, intake
from troubleshooter.engine.evidence import find_named_statuses, find_statuses
from troubleshooter.engine.memo import Memo
from troubleshooter.evaluation import cases as evaluation

TOP = evaluation.TOP
SPLITS = ("dev", "test")
BUCKETS = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))


@dataclass
class Walk(evaluation.Outcome):
    """A walk's end: `codes` and `causes` of its first TOP causes, as for a diagnosis."""

    asked: int = 0  # questions answered after the first screen
    stop: str = ""
    code_share: float = 0.0  # the share of the first cause's code at the end

    @property
    def first(self):
        return self.top1


def first_screen(knows, withhold_status=False):
    """What the scripted user enters on the first screen (nothing for the status when it is
    withheld: a reader with only a description)."""
    if withhold_status:
        return "", knows.get("platform", "")
    status = knows.get("status", "")
    if not status and knows.get("got-response") == "no":
        status = str(guide.NO_RESPONSE)
    return status, knows.get("platform", "")


WRONG_SHARE = 0.1  # the harder walks: one answer in ten is wrong


def presupposes_another_platform(case, question):
    """A question for other platforms than the one the case's person named, which they can
    answer "there is none" (a Heroku log code asked of someone on Render)."""
    platform = case.knows.get("platform")
    platforms = question.applies.get("platform")
    return bool(question.has_none and platform and platforms and platform not in platforms)


def answer_for(case, question, wrong_share=0.0, withhold_status=False):
    """What the scripted user answers: what the case says they know, else "Not sure"; the
    status question, asked when the first screen left it open, gets "I can't get it". With
    `wrong_share`, that share of known answers is swapped for another answer (the same one
    for the same case and question on every run)."""
    if question.is_status:
        answer = None if withhold_status else case.knows.get("status")
        return str(answer) if answer is not None and str(answer) in question.index else guide.CANT
    answer = case.knows.get(question.slug, guide.UNSURE)
    if question.is_response and answer == "yes" and 100 <= (case.status or 0) < 400:
        answer = "success"  # a response came back, and it was not an error
    if answer == guide.UNSURE and presupposes_another_platform(case, question):
        return guide.NONE  # "doesn't apply": the question is about a platform not theirs
    if answer not in question.index:
        return guide.UNSURE
    if wrong_share:
        draw = random.Random(f"{case.id}/{question.slug}")
        others = [slug for slug, _label in question.answers if slug != answer]
        if others and draw.random() < wrong_share:
            return draw.choice(others)
    return answer


def without_status(text, index):
    """The text with every status it shows (numbers and reason phrases) cut out: what a reader
    who never saw the status would have written."""
    _codes, found = find_statuses(text, index)
    _named, phrases = find_named_statuses(text, index)
    for evidence in sorted(found + phrases, key=lambda e: -e.start):
        text = text[: evidence.start] + "…" + text[evidence.end :]
    return text


def walk(case, snapshot, use_text=True, wrong_share=0.0, withhold_status=False):
    snapshot = replace(
        snapshot,
        diagnose=evaluation.without_itself(case, snapshot.diagnose),
        memo=Memo(snapshot.memo.size),
    )
    status, platform = first_screen(case.knows, withhold_status)
    text = case.symptom if use_text else ""
    if withhold_status and text:
        text = case.symptom_no_status or without_status(text, snapshot.diagnose)
    begin = intake.start(snapshot, text, status, platform)
    evidence = intake.text_evidence(snapshot, begin.text)
    pairs = list(begin.pairs)
    for _ in range(guide.MAX_ANSWERS):
        step = guide.step(snapshot.guide, pairs, evidence, begin.text)
        if step.question is None:
            break
        answer = answer_for(case, step.question, wrong_share, withhold_status)
        pairs = guide.with_answer(pairs, step.question.slug, answer)
    top = step.ranked[:TOP]
    code_share = sum(r.share for r in step.ranked if top and r.cause.code == top[0].cause.code)
    return Walk(
        case,
        [r.cause.code for r in top],
        [r.cause.key for r in top],
        asked=step.asked,
        stop=step.stop,
        code_share=code_share,
    )


def run(cases, snapshot, use_text=True, wrong_share=0.0, withhold_status=False):
    """Walk every description case of the dev and test splits (blind cases carry no `knows`:
    simulated users walk those over HTTP instead)."""
    return [
        walk(case, snapshot, use_text, wrong_share, withhold_status)
        for case in cases
        if case.kind == "description" and case.split in SPLITS
    ]


@dataclass
class Tally:
    walks: list

    @property
    def n(self):
        return len(self.walks)

    def share(self, name):
        return sum(getattr(w, name) for w in self.walks) / self.n if self.n else 0.0

    @property
    def median(self):
        return statistics.median(w.asked for w in self.walks) if self.walks else 0

    @property
    def worst(self):
        return max((w.asked for w in self.walks), default=0)


def tallies(walks, dimension="all"):
    """(split, value) -> Tally, for value in the dimension ("all" or "platform")."""
    groups = defaultdict(list)
    for w in walks:
        for split in (w.case.split, "all"):
            groups[(split, "all")].append(w)
            if dimension != "all":
                groups[(split, getattr(w.case, dimension))].append(w)
    return {key: Tally(items) for key, items in groups.items()}


def table(walks, dimension="all"):
    groups = tallies(walks, dimension)
    values = sorted({value for _split, value in groups if value != "all"}) + ["all"]
    head = f"{dimension:<16}" + "".join(
        f" | {split:<4}   n first top3 cause1 median worst" for split in SPLITS
    )
    rows = [head, "-" * len(head)]
    for value in values:
        cells = []
        for split in SPLITS:
            t = groups.get((split, value), Tally([]))
            cells.append(
                f" | {'':<4}{t.n:4} {t.share('first'):5.0%} {t.share('top3'):4.0%}"
                f" {t.share('cause1'):6.0%} {t.median:6} {t.worst:5}"
            )
        rows.append(f"{value:<16}" + "".join(cells))
    return rows


def calibration(walks, split):
    """Rows: for walks whose first code ended with a share in each bucket, how often that code
    was acceptable. Shares that mean what they say have a hit rate inside their bucket."""
    rows = []
    for low, high in BUCKETS:
        inside = [w for w in walks if w.case.split == split and low <= w.code_share < high]
        if inside:
            hits = sum(w.first for w in inside) / len(inside)
            rows.append(
                f"  share {low:.0%}-{min(high, 1):.0%}: {len(inside):3} walks, {hits:.0%} right"
            )
    return rows


def miss_lines(walks, split):
    return [
        f"{w.case.id} [{w.case.platform}] want {list(w.case.acceptable)} ({w.case.cause}); "
        f"got {', '.join(w.causes)} after {w.asked} questions ({w.stop})"
        for w in walks
        if w.case.split == split and not w.first
    ]
