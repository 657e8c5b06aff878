"""The guide's narrowing engine: plain functions over plain data, no database or request.

Each cause has a profile: for some questions, the answers a user with that cause would give
(unset means any answer). Answers so far weigh the causes like a naive Bayes classifier:

    P(answer | cause) = 1 / |allowed|       when the profile allows the answer
                      = MISMATCH            when the profile excludes it (a wrong answer
                                            lowers a cause, it never deletes it)
                      = 1 / |all answers|   when the profile does not mention the question

Candidates are the causes that no answer contradicts. The next question is the unanswered
one with the largest expected information gain over the candidates; questions that would
change nothing are skipped. The guide ends when one candidate is left, when one is nearly
certain, or when no question can tell the rest apart.
"""

import math
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from .platforms import PLATFORMS

UNSURE = "unsure"
UNSURE_LABEL = "Not sure"
MISMATCH = 0.02
MIN_GAIN = 0.01  # bits; below this a question would change (almost) nothing
CONFIDENT = 0.95
MAX_ANSWERS = 40
MAX_VALUE_LENGTH = 100
TOP_SHOWN = 5
NO_RESPONSE = 0  # the pseudo-code of failures where no HTTP response arrived
RESPONSE_ANSWERS = (
    ("yes", "Yes, with a status code"),
    ("no", "No: a timeout, refused connection or network error"),
)


@dataclass(frozen=True)
class Question:
    slug: str
    text: str
    answers: tuple  # ((slug, label), ...)
    help_html: str = ""
    position: int = 0
    is_status: bool = False
    is_response: bool = False  # "did a response arrive?": implied by the code (0 means no)
    is_platform: bool = False  # answers are the platforms causes are tagged with

    def label_for(self, answer):
        if answer == UNSURE:
            return UNSURE_LABEL
        return dict(self.answers).get(answer, answer)


@dataclass(frozen=True)
class Cause:
    key: str  # "429/over-request-rate"
    code: int
    phrase: str
    slug: str
    title: str
    profile: dict  # question slug -> frozenset of answer slugs
    prior: float = 1.0
    platforms: frozenset = frozenset()  # empty: a general cause


@dataclass(frozen=True)
class GuideContent:
    questions: tuple
    causes: tuple
    by_slug: dict = field(default_factory=dict, compare=False)

    @classmethod
    def build(cls, questions, causes):
        """Questions and causes as plain data; the status question gets one answer per code,
        the platform question one per platform that some cause is tagged with."""
        codes = sorted({cause.code: cause.phrase for cause in causes}.items())
        tagged = set().union(*(cause.platforms for cause in causes))
        built = []
        for question in sorted(questions, key=lambda q: (q.position, q.slug)):
            if question.is_status:
                answers = tuple(
                    (str(code), f"{code} {phrase}" if code else phrase) for code, phrase in codes
                )
                question = replace(question, answers=answers)
            elif question.is_response:
                question = replace(question, answers=RESPONSE_ANSWERS)
            elif question.is_platform:
                answers = tuple((p.slug, p.label) for p in PLATFORMS.values() if p.slug in tagged)
                question = replace(question, answers=answers)
            built.append(question)
        status = next((q.slug for q in built if q.is_status), None)
        response = next((q.slug for q in built if q.is_response), None)
        platform = next((q.slug for q in built if q.is_platform), None)
        full = []
        for cause in causes:
            profile = dict(cause.profile)
            if status:
                profile[status] = frozenset({str(cause.code)})
            if response:
                profile[response] = frozenset({"yes" if cause.code != NO_RESPONSE else "no"})
            if platform and cause.platforms:
                profile[platform] = frozenset(cause.platforms)
            full.append(replace(cause, profile=profile))
        return cls(tuple(built), tuple(full), {q.slug: q for q in built})

    @property
    def status_question(self):
        return next((q for q in self.questions if q.is_status), None)


@dataclass(frozen=True)
class Answered:
    question: Question
    answer: str

    @property
    def label(self):
        return self.question.label_for(self.answer)

    @property
    def pair(self):
        return f"{self.question.slug}:{self.answer}"


@dataclass
class Ranked:
    cause: Cause
    score: float
    mismatches: int
    share: float = 0.0  # of the candidates' total score, 0..1

    @property
    def percent(self):
        return round(self.share * 100)


@dataclass
class Step:
    answered: list
    notes: list
    ranked: list  # every cause, best first
    candidates: list  # the ranked causes no answer contradicts
    question: Question | None = None
    options: list = field(default_factory=list)  # [(answer slug, label)] to offer now
    result: Ranked | None = None
    why: list = field(default_factory=list)  # answers that pointed to the result
    runners_up: list = field(default_factory=list)

    @property
    def nothing_fits(self):
        return not self.candidates

    @property
    def nearest(self):
        return self.ranked[:3] if self.nothing_fits else []

    @property
    def top(self):
        return (self.candidates or self.ranked)[:TOP_SHOWN]

    @property
    def pairs(self):
        return [a.pair for a in self.answered]

    def query(self, extra=None):
        """The query string of this step, or of the step after answering `extra`."""
        return state_query(self.pairs + ([extra] if extra else []))

    @property
    def back_query(self):
        return state_query(self.pairs[:-1]) if self.answered else None


def state_query(pairs):
    return urlencode([("a", pair) for pair in pairs])


class BadState(ValueError):
    """The guide's state in the URL cannot be used at all (a 400, not a note)."""


def parse_state(raw_pairs, content):
    """Turn "question:answer" strings into Answered items; unusable ones become notes."""
    if len(raw_pairs) > MAX_ANSWERS:
        raise BadState(
            f"Too many answers ({len(raw_pairs)}); the guide has {len(content.questions)} questions."
        )
    answered, notes, seen = [], [], set()
    for raw in raw_pairs:
        if len(raw) > MAX_VALUE_LENGTH:
            raise BadState(
                f"An answer is {len(raw)} characters long; none is longer than {MAX_VALUE_LENGTH}."
            )
        slug, colon, answer = raw.partition(":")
        question = content.by_slug.get(slug)
        if not colon or question is None:
            notes.append(f"Ignored “{raw}”: there is no such question.")
        elif slug in seen:
            notes.append(f"Ignored a second answer to “{question.text}”: the first one counts.")
        elif answer != UNSURE and answer not in dict(question.answers):
            notes.append(
                f"Ignored “{answer}” as an answer to “{question.text}”: it is not one of the choices."
            )
        else:
            seen.add(slug)
            answered.append(Answered(question, answer))
    return answered, notes


def likelihood(cause, question, answer):
    if answer == UNSURE:
        return 1.0
    allowed = cause.profile.get(question.slug)
    if allowed is None:
        return 1.0 / len(question.answers)
    return 1.0 / len(allowed) if answer in allowed else MISMATCH


def rank(content, answered):
    ranked = []
    for cause in content.causes:
        score, mismatches = cause.prior, 0
        for item in answered:
            value = likelihood(cause, item.question, item.answer)
            score *= value
            mismatches += value == MISMATCH
        ranked.append(Ranked(cause, score, mismatches))
    ranked.sort(key=lambda r: (r.mismatches, -r.score, r.cause.code, r.cause.key))
    candidates = [r for r in ranked if r.mismatches == 0]
    total = sum(r.score for r in candidates) or 1.0
    for r in candidates:
        r.share = r.score / total
    return ranked, candidates


def information_gain(question, candidates):
    """Mutual information (bits) between the answer and the cause, over the candidates."""
    n_answers = len(question.answers)
    if n_answers < 2:
        return 0.0
    total = sum(r.score for r in candidates)
    if total <= 0:
        return 0.0
    spread = 0.0  # probability mass of causes that do not mention the question
    mass = {}
    conditional = 0.0  # H(answer | cause)
    for r in candidates:
        weight = r.score / total
        allowed = r.cause.profile.get(question.slug)
        if allowed is None:
            spread += weight
            conditional += weight * math.log2(n_answers)
        else:
            conditional += weight * math.log2(len(allowed))
            for answer in allowed:
                mass[answer] = mass.get(answer, 0.0) + weight / len(allowed)
    even = spread / n_answers
    entropy = 0.0
    for answer, _label in question.answers:
        p = mass.get(answer, 0.0) + even
        if p > 0:
            entropy -= p * math.log2(p)
    return max(entropy - conditional, 0.0)


def next_question(content, answered, candidates):
    done = {item.question.slug for item in answered}
    best, best_gain = None, MIN_GAIN
    for question in content.questions:  # in position order: ties go to the earlier one
        if question.slug in done:
            continue
        gain = information_gain(question, candidates)
        if gain > best_gain + 1e-9:
            best, best_gain = question, gain
    return best


def options_for(question, candidates, limit=6):
    """The answers to offer: all of a choice question's; for the status code, the codes of
    the likeliest candidates (the page also lets the user type any code)."""
    if not (question.is_status or question.is_platform):
        return list(question.answers)
    mass = {}
    for r in candidates:
        for answer in r.cause.profile.get(question.slug, ()):
            mass[answer] = mass.get(answer, 0.0) + r.share
    order = [slug for slug, _label in question.answers]
    likely = sorted(mass, key=lambda a: (-mass[a], order.index(a)))[:limit]
    no_response = str(NO_RESPONSE)
    if question.is_status and no_response in mass and no_response not in likely:
        likely[-1] = no_response  # "no response at all" is always offered while it is possible
    return [(a, question.label_for(a)) for a in sorted(likely, key=order.index)]


def step(content, raw_pairs):
    """Everything the guide shows for a state: the next question, or the result."""
    answered, notes = parse_state(raw_pairs, content)
    ranked, candidates = rank(content, answered)
    result = Step(answered=answered, notes=notes, ranked=ranked, candidates=candidates)
    confident = candidates and candidates[0].share >= CONFIDENT
    question = (
        None if len(candidates) <= 1 or confident else next_question(content, answered, candidates)
    )
    if question is not None:
        result.question = question
        result.options = options_for(question, candidates)
        return result
    if candidates:
        result.result = candidates[0]
        result.runners_up = candidates[1:4]
        result.why = [
            item
            for item in answered
            if item.answer != UNSURE
            and item.answer in candidates[0].cause.profile.get(item.question.slug, ())
        ]
    return result
