"""The guide's engine: plain functions over plain data, no database or request.

The guide shares its scoring model with the diagnosis (scoring.py). A cause starts from its
prior (how common it is, the platforms the user named, how often its code is met), multiplied
by the evidence the user's own text gives for it (the diagnosis score of its signals and words).
Each answer then multiplies it by a graded likelihood:

    the cause's profile allows the answer       (1 - m) / |allowed|
    the profile excludes it                     m / |excluded|
    the profile does not mention the question   1 / |answers|
    "Not sure"                                  1

where m, the chance that a user with this cause would answer otherwise anyway, is small for a
fact the user can see or check (a contrary answer nearly rules a cause out) and larger for an
impression (it only lowers the cause). A picked status strongly favours its own causes without
ruling out the others. Shares are the normalised scores.

The next question is the one with the largest expected information gain over the leaders (the
causes holding most of the probability), among those whose answer could change the top three.
The guide stops when none could, when one cause is nearly certain, after MAX_ASKED questions,
or when the user asks for the result.
"""

import heapq
import math
from dataclasses import dataclass, field, replace
from itertools import pairwise
from urllib.parse import urlencode

from troubleshooter.engine import scoring
from troubleshooter.engine.platforms import PLATFORMS

UNSURE = "unsure"
UNSURE_LABEL = "Not sure"
SUCCESS = "success"  # a status answer: a 2xx arrived but the client still failed
SUCCESS_LABEL = "A success code, but my client failed"
NO_RESPONSE = 0  # the pseudo-code of failures where no HTTP response arrived
NO_RESPONSE_LABEL = "No response at all"
FACT, IMPRESSION = "fact", "impression"
MISS = {FACT: 0.03, IMPRESSION: 0.25}  # P(a contrary answer | the cause), see the docstring
STATUS_OTHER = 0.003  # a cause of another code than the picked one
STATUS_NEAR = 0.01  # ... of another code of the same class
STATUS_NONE = 0.002  # "no response" picked for a cause with a code, or the other way round
LEAD_MASS = 0.95  # the leaders: the causes holding this share of the probability...
MIN_LEADERS, MAX_LEADERS = 3, 12  # ... at least and at most this many
MIN_GAIN = 0.02  # bits; below this a question would change (almost) nothing
CHECKED = 8  # questions (best gain first) checked for whether an answer changes the top three
CONFIDENT = 0.9
SURE = 0.99  # after "ask me more", the guide asks on until a cause has this share
ANY_CHANCE = 1e-6  # after "ask me more": any chance of changing the top three is enough
PLAUSIBLE = 0.4  # a question whose answer changes the top three less likely than this is not asked
MAX_ASKED = 5  # questions after the first screen; "ask me more" allows as many again
TEMPERATURE = 1.0  # shares = score ** (1 / TEMPERATURE), normalised (fitted on the dev split)
MAX_ANSWERS = 80
MAX_MORE = 10
MAX_TEXT = 1500  # characters of (redacted) text kept in the guide's address
MAX_VALUE_LENGTH = 100
TOP_SHOWN = 5
RESPONSE_ANSWERS = (
    ("yes", "Yes, with a status code"),
    ("no", "No: a timeout, refused connection or network error"),
)
LIKELY, ONE_OF, UNCLEAR = "likely", "one-of", "unclear"


@dataclass(frozen=True)
class Question:
    slug: str
    text: str
    answers: tuple  # ((slug, label), ...)
    help_html: str = ""
    position: int = 0
    strength: str = IMPRESSION
    is_status: bool = False
    is_response: bool = False  # "did a response arrive?": implied by the code (0 means no)
    is_platform: bool = False  # answers are the platforms causes are tagged with
    index: dict = field(default_factory=dict, compare=False)  # answer slug -> its position

    @property
    def uniform(self):
        return (1.0 / len(self.answers),) * len(self.answers) if self.answers else ()

    @property
    def on_first_screen(self):
        return self.is_status or self.is_platform

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
    prior: float = 1.0  # an extra factor on the shared prior (tests use it)
    platforms: frozenset = frozenset()  # empty: a general cause
    commonness: str = ""
    vendor: bool = False
    probabilities: dict = field(default_factory=dict, compare=False)  # see answer_probabilities


@dataclass(frozen=True)
class GuideContent:
    questions: tuple
    causes: tuple
    by_slug: dict = field(default_factory=dict, compare=False)

    @classmethod
    def build(cls, questions, causes, codes=()):
        """Questions and causes as plain data. The status question's answers are every code
        (`codes`, plus those of the causes), "no response" and "a success code"; the platform
        question's are the platforms some cause is tagged with."""
        all_codes = dict(codes)
        all_codes.update({cause.code: cause.phrase for cause in causes})
        all_codes = tuple(sorted(all_codes.items()))
        tagged = set().union(*(cause.platforms for cause in causes))
        built = []
        for question in sorted(questions, key=lambda q: (q.position, q.slug)):
            if question.is_status:
                answers = tuple(
                    (str(code), f"{code} {phrase}" if code else NO_RESPONSE_LABEL)
                    for code, phrase in all_codes
                )
                if not any(code == NO_RESPONSE for code, _ in all_codes):
                    answers = ((str(NO_RESPONSE), NO_RESPONSE_LABEL), *answers)
                question = replace(
                    question, answers=(*answers, (SUCCESS, SUCCESS_LABEL)), strength=FACT
                )
            elif question.is_response:
                question = replace(question, answers=RESPONSE_ANSWERS, strength=FACT)
            elif question.is_platform:
                answers = tuple((p.slug, p.label) for p in PLATFORMS.values() if p.slug in tagged)
                question = replace(question, answers=answers)
            index = {slug: i for i, (slug, _label) in enumerate(question.answers)}
            built.append(replace(question, index=index))
        response = next((q.slug for q in built if q.is_response), None)
        full = []
        for cause in causes:
            profile = dict(cause.profile)
            if response:
                profile[response] = frozenset({"yes" if cause.code != NO_RESPONSE else "no"})
            cause = replace(cause, profile=profile)
            probabilities = {
                q.slug: compute_probabilities(cause, q)
                for q in built
                if q.slug in profile and not q.on_first_screen
            }
            full.append(replace(cause, probabilities=probabilities))
        return cls(tuple(built), tuple(full), {q.slug: q for q in built})

    @property
    def status_question(self):
        return next((q for q in self.questions if q.is_status), None)

    @property
    def platform_question(self):
        return next((q for q in self.questions if q.is_platform), None)


@dataclass(frozen=True)
class TextEvidence:
    """What the user's own text says, from the diagnosis: plain data."""

    scores: dict = field(default_factory=dict)  # cause key -> evidence score
    matches: dict = field(default_factory=dict)  # cause key -> ("matches “…”", ...)
    platforms: frozenset = frozenset()  # platforms the text names


NO_TEXT = TextEvidence()


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

    @property
    def known(self):
        return self.answer != UNSURE


@dataclass
class Ranked:
    cause: Cause
    score: float
    against: list  # the answers that count against the cause (its profile excludes them)
    share: float = 0.0  # of the total, 0..1
    tied: bool = False  # its share rounds to the same percent as a neighbour's

    @property
    def percent(self):
        return round(self.share * 100)

    @property
    def mismatches(self):
        return len(self.against)


@dataclass(frozen=True)
class Check:
    """The question that best separates the top two causes, and where each answer points."""

    question: Question
    points: tuple  # ((answer label, Ranked it points to), ...)


@dataclass
class Step:
    answered: list
    notes: list
    ranked: list  # every cause, best first
    text: str = ""
    question: Question | None = None
    options: list = field(default_factory=list)  # [(answer slug, label)] to offer now
    result: Ranked | None = None
    stop: str = ""  # why the guide stopped asking
    why: list = field(default_factory=list)  # (answer or text match) pointing to the result
    why_not: list = field(default_factory=list)  # answers that count against it
    check: Check | None = None
    runners_up: list = field(default_factory=list)
    more: int = 0  # how many times the user asked for more questions
    more_possible: bool = False  # some question could still change the top three

    @property
    def asked(self):
        return sum(1 for a in self.answered if not a.question.on_first_screen)

    @property
    def confidence(self):
        top = self.ranked[:3]
        if not top:
            return UNCLEAR
        second = top[1].share if len(top) > 1 else 0.0
        if top[0].share >= 0.6 and top[0].share >= 2 * second:
            return LIKELY
        if sum(r.share for r in top) >= 0.6:
            return ONE_OF
        return UNCLEAR

    @property
    def code_share(self):
        """The share of every cause of the first cause's code, together."""
        if not self.ranked:
            return 0.0
        code = self.ranked[0].cause.code
        return sum(r.share for r in self.ranked if r.cause.code == code)

    @property
    def nothing_fits(self):
        return bool(self.ranked) and self.ranked[0].mismatches > 0

    @property
    def top(self):
        return self.ranked[:TOP_SHOWN]

    @property
    def pairs(self):
        return [a.pair for a in self.answered]

    def query(self, extra=None, done=False):
        """The query string of this step, or of the step after answering `extra`."""
        return state_query(self.pairs + ([extra] if extra else []), self.text, done, self.more)

    @property
    def path_query(self):
        """The answers alone (no text): the guide path that readers' feedback is counted by."""
        return state_query(self.pairs)

    @property
    def done_query(self):
        return self.query(done=True)

    @property
    def more_query(self):
        """At a result: the same state, asking on (MAX_ASKED more, and any question that could
        change the top three)."""
        if not self.more_possible or self.more >= MAX_MORE:
            return None
        return state_query(self.pairs, self.text, more=self.more + 1)

    @property
    def back_query(self):
        if not self.answered or self.answered[-1].question.on_first_screen:
            return None
        return state_query(self.pairs[:-1], self.text, more=self.more)

    @property
    def first_screen(self):
        return {a.question.slug: a for a in self.answered if a.question.on_first_screen}


def first_screen_pairs(content, status, platform):
    """The answers the first screen gives: `status` and `platform` are answer slugs or UNSURE."""
    return [
        f"{q.slug}:{status if q.is_status else platform}"
        for q in content.questions
        if q.on_first_screen
    ]


def state_query(pairs, text="", done=False, more=0):
    items = [("t", text)] if text else []
    items += [("a", pair) for pair in pairs]
    if more:
        items.append(("more", str(more)))
    if done:
        items.append(("done", "1"))
    return urlencode(items)


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
        elif answer != UNSURE and answer not in question.index:
            notes.append(
                f"Ignored “{answer}” as an answer to “{question.text}”: it is not one of the choices."
            )
        else:
            seen.add(slug)
            answered.append(Answered(question, answer))
    return answered, notes


def status_likelihood(cause, answer):
    if answer == SUCCESS:
        if 200 <= cause.code < 300:
            return 1.0
        return STATUS_NONE if cause.code == NO_RESPONSE else STATUS_NEAR
    picked = int(answer)
    if cause.code == picked:
        return 1.0
    if NO_RESPONSE in (picked, cause.code):
        return STATUS_NONE
    return STATUS_NEAR if cause.code // 100 == picked // 100 else STATUS_OTHER


def answer_probabilities(cause, question):
    """P(answer | cause) for each of the question's answers, in order (computed once, when the
    content is built)."""
    found = cause.probabilities.get(question.slug)
    if found is not None:
        return found
    if question.slug not in cause.profile:
        return question.uniform
    return compute_probabilities(cause, question)


def compute_probabilities(cause, question):
    n = len(question.answers)
    allowed = cause.profile.get(question.slug)
    if allowed is None or not n:
        return (1.0 / n,) * n if n else ()
    k = sum(1 for slug, _ in question.answers if slug in allowed)
    if k == 0 or k == n:
        return (1.0 / n,) * n
    miss = MISS.get(question.strength, MISS[IMPRESSION])
    return tuple(
        (1 - miss) / k if slug in allowed else miss / (n - k) for slug, _label in question.answers
    )


def likelihood(cause, question, answer):
    """How likely a user with this cause gives this answer, up to a factor the same for every
    cause; and whether the answer counts against the cause."""
    if answer == UNSURE or question.is_platform:
        return 1.0, False  # the platform works through the prior
    if question.is_status:
        value = status_likelihood(cause, answer)
        return value, value < 1.0
    allowed = cause.profile.get(question.slug)
    position = question.index.get(answer)
    if allowed is None or position is None:
        return 1.0 / max(len(question.answers), 1), False
    return answer_probabilities(cause, question)[position], answer not in allowed


def named_platforms(answered, evidence):
    named = set(evidence.platforms)
    named.update(a.answer for a in answered if a.question.is_platform and a.known)
    return frozenset(named)


def picked_code(answered):
    for item in answered:
        if item.question.is_status and item.known and item.answer != SUCCESS:
            return int(item.answer)
    return None


def rank(content, answered, evidence=NO_TEXT):
    """Every cause with its score and share, best first. The same arithmetic as likelihood(),
    unrolled: this loop runs for every cause on every request."""
    named = named_platforms(answered, evidence)
    picked = picked_code(answered)
    known = [item for item in answered if item.known and not item.question.is_platform]
    statuses = [item for item in known if item.question.is_status]
    choices = [
        (item, item.question.slug, item.question.index.get(item.answer), item.question.uniform)
        for item in known
        if not item.question.is_status
    ]
    text_scores = evidence.scores
    ranked = []
    for cause in content.causes:
        score = cause.prior * scoring.prior(
            cause.commonness,
            cause.platforms,
            named,
            cause.code,
            cause.vendor,
            code_known=cause.code == picked,
        )
        if text_scores and cause.key in text_scores:
            score *= scoring.text_factor(text_scores[cause.key])
        against = []
        for item in statuses:
            value = status_likelihood(cause, item.answer)
            score *= value
            if value < 1.0:
                against.append(item)
        for item, slug, position, uniform in choices:
            probabilities = cause.probabilities.get(slug)
            if probabilities is None or position is None:
                score *= uniform[0] if uniform else 1.0
            else:
                score *= probabilities[position]
                if item.answer not in cause.profile[slug]:
                    against.append(item)
        ranked.append(Ranked(cause, score, against))
    calibrate(ranked)
    ranked.sort(key=lambda r: -r.score)  # stable: equal scores keep the content's order
    for before, after in pairwise(ranked[: TOP_SHOWN + 3]):
        if before.percent == after.percent and before.percent > 0:
            before.tied = after.tied = True
    return ranked


def calibrate(ranked):
    """Shares from scores, tempered so that they mean what they say (see TEMPERATURE)."""
    top = max((r.score for r in ranked), default=0.0)
    if top <= 0:
        return
    powered = [(r.score / top) ** (1 / TEMPERATURE) for r in ranked]
    total = sum(powered)
    for r, value in zip(ranked, powered, strict=True):
        r.share = value / total


def leaders(ranked):
    chosen, mass = [], 0.0
    for r in ranked[:MAX_LEADERS]:
        if mass >= LEAD_MASS and len(chosen) >= MIN_LEADERS:
            break
        chosen.append(r)
        mass += r.share
    return chosen


def entropy(probabilities):
    return -sum(p * math.log2(p) for p in probabilities if p > 0)


def information_gain(question, weighted):
    """Mutual information (bits) between the answer and the cause; `weighted` is [(Ranked,
    weight)] with weights summing to 1."""
    if len(question.answers) < 2 or question.on_first_screen:
        return 0.0
    n = len(question.answers)
    mixture, conditional = [0.0] * n, 0.0
    for r, weight in weighted:
        probabilities = answer_probabilities(r.cause, question)
        conditional += weight * entropy(probabilities)
        for i, p in enumerate(probabilities):
            mixture[i] += weight * p
    return max(entropy(mixture) - conditional, 0.0)


def normalised(ranked):
    total = sum(r.share for r in ranked) or 1.0
    return [(r, r.share / total) for r in ranked]


def top_three(scores):
    return [key for _score, key in heapq.nlargest(3, scores)]


def answer_mixture(question, weighted):
    """P(answer) for each answer, under the weighted causes."""
    mixture = [0.0] * len(question.answers)
    for r, weight in weighted:
        for i, p in enumerate(answer_probabilities(r.cause, question)):
            mixture[i] += weight * p
    return mixture


def could_change_top(question, ranked, weighted, threshold=PLAUSIBLE):
    """Whether the answer to the question is likely enough to change the first cause or the
    top three: the answers that would change them must together be at least `threshold` likely
    (under the leaders)."""
    if len(ranked) < 2:
        return False
    top = ranked[:3]
    current = [r.cause.key for r in top]
    mixture = answer_mixture(question, weighted)
    chance = 0.0
    for (answer, _label), p in zip(question.answers, mixture, strict=True):
        if p <= 0:
            continue
        # A cause below the top three can only enter it if its score beats this bound, and
        # `ranked` is sorted by score: the scan stops at the first cause below it.
        bound = min(r.score * likelihood(r.cause, question, answer)[0] for r in top)
        scores = []
        for r in ranked:
            if r.score <= bound and len(scores) >= len(top):
                break
            scores.append((r.score * likelihood(r.cause, question, answer)[0], r.cause.key))
        after = top_three(scores)
        if after[:1] != current[:1] or set(after) != set(current):
            chance += p
            if chance >= threshold:
                return True
    return False


def next_question(content, answered, ranked, threshold=PLAUSIBLE):
    done = {item.question.slug for item in answered}
    weighted = normalised(leaders(ranked))
    gains = []
    for question in content.questions:  # in position order: ties go to the earlier one
        if question.slug in done or question.on_first_screen:
            continue
        gain = information_gain(question, weighted)
        if gain >= MIN_GAIN:
            gains.append((-gain, question.position, question.slug, question))
    for _gain, _position, _slug, question in sorted(gains)[:CHECKED]:
        if could_change_top(question, ranked, weighted, threshold):
            return question
    return None


def separating_check(content, answered, first, second):
    """The unanswered (or "Not sure") question that best tells the first two causes apart."""
    known = {item.question.slug for item in answered if item.known}
    best, best_gain = None, MIN_GAIN
    pair = normalised([first, second])
    for question in content.questions:
        if question.slug in known or question.on_first_screen:
            continue
        gain = information_gain(question, pair)
        if gain > best_gain + 1e-9:
            best, best_gain = question, gain
    if best is None:
        return None
    points = []
    for i, (_slug, label) in enumerate(best.answers):
        p1 = answer_probabilities(first.cause, best)[i]
        p2 = answer_probabilities(second.cause, best)[i]
        if max(p1, p2) >= 1.5 * min(p1, p2):
            points.append((label, first if p1 > p2 else second))
    return Check(best, tuple(points)) if points else None


def reasons(step, evidence):
    """The answers (and text matches) for the result, and those against it."""
    top = step.result
    why = [f"Your text {m}" for m in evidence.matches.get(top.cause.key, ())[:3]]
    for item in step.answered:
        if not item.known or item in top.against:
            continue
        if item.question.is_status or item.question.is_platform:
            if item.question.is_platform and item.answer not in top.cause.platforms:
                continue
            why.append(f"{item.question.text} {item.label}")
            continue
        allowed = top.cause.profile.get(item.question.slug)
        if allowed is not None and item.answer in allowed:
            why.append(f"{item.question.text} {item.label}")
    step.why = why
    step.why_not = [f"{item.question.text} {item.label}" for item in top.against]


def step(content, raw_pairs, evidence=NO_TEXT, text="", done=False, more=0):
    """Everything the guide shows for a state: the next question, or the result. `done`: the
    user asked for the result now; `more`: how many times they asked for more questions."""
    answered, notes = parse_state(raw_pairs, content)
    ranked = rank(content, answered, evidence)
    more = min(max(more, 0), MAX_MORE)
    result = Step(answered=answered, notes=notes, ranked=ranked, text=text, more=more)
    if not ranked:
        return result
    question = None
    threshold = PLAUSIBLE if not more else ANY_CHANCE
    if done:
        result.stop = "asked"
    elif ranked[0].share >= (CONFIDENT if not more else SURE):
        result.stop = "confident"
    elif result.asked >= MAX_ASKED * (1 + more):
        result.stop = "limit"
    else:
        question = next_question(content, answered, ranked, threshold)
        result.stop = "" if question else "settled"
    if question is not None:
        result.question = question
        result.options = list(question.answers)
        return result
    result.result = ranked[0]
    result.runners_up = ranked[1:4]
    result.more_possible = next_question(content, answered, ranked, ANY_CHANCE) is not None
    reasons(result, evidence)
    if len(ranked) > 1:
        result.check = separating_check(content, answered, ranked[0], ranked[1])
    return result


# Reachability --------------------------------------------------------------------------


def favoured_answer(question, ranked, target_key):
    """The answer (or "Not sure") that raises the target's share most: for a question its
    profile leaves open, a user with that cause could give any of them."""
    target = next(r for r in ranked if r.cause.key == target_key)
    best, best_share = UNSURE, target.score / (sum(r.score for r in ranked) or 1.0)
    for answer, _label in question.answers:
        total = sum(r.score * likelihood(r.cause, question, answer)[0] for r in ranked)
        share = target.score * likelihood(target.cause, question, answer)[0] / (total or 1.0)
        if share > best_share + 1e-12:
            best, best_share = answer, share
    return best


def profile_walk(content, target, limit=MAX_MORE):
    """Walk the guide as a user with `target`'s cause: the first screen gives its code and
    platform; each question its profile answers gets its first allowed answer, any other the
    answer that favours it; at a result that is not the target, ask for more questions.
    Returns the last step; the target is reachable when it is that step's result."""
    platform = sorted(target.platforms)[0] if target.platforms else UNSURE
    pairs = first_screen_pairs(content, target.code, platform)
    more = 0
    while True:
        result = step(content, pairs, more=more)
        if result.question is None:
            if result.result.cause.key != target.key and result.more_query and more < limit:
                more += 1
                continue
            return result
        allowed = target.profile.get(result.question.slug)
        if allowed:
            answer = sorted(allowed)[0]
        else:
            answer = favoured_answer(result.question, result.ranked, target.key)
        pairs.append(f"{result.question.slug}:{answer}")
