"""How likely a user with a cause gives each answer: defined once here, and laid out once per
content version as numeric tables (one row per cause) that the ranking and the choice of
question read with a few vector operations.

    the cause's profile allows the answer       (1 - m) / |allowed|
    the profile excludes it                     m / |excluded|
    the profile does not mention the question   1 / |answers|
    "Not sure"                                  1

m, the chance that a user with this cause would answer otherwise anyway, is small for a fact
the user can see or check and larger for an impression. A picked status strongly favours its
own causes without ruling out the others (status_likelihood).
"""

from dataclasses import dataclass

import numpy as np

from troubleshooter.engine import scoring
from troubleshooter.engine.guide.model import CANT, FACT, IMPRESSION, NO_RESPONSE, NONE, SUCCESS
from troubleshooter.engine.platforms import LAYERS, layers_of

MISS = {FACT: 0.03, IMPRESSION: 0.25}  # P(a contrary answer | the cause)
STATUS_OTHER = 0.003  # a cause of another code than the picked one
STATUS_NEAR = 0.01  # ... of another code of the same class
STATUS_NONE = 0.002  # "no response" picked for a cause with a code, or the other way round
STATUS_SEEN_AS = 0.35  # a code the cause is seen as (another layer, client or vendor answering)
STATUS_CLASS_OTHER = 0.02  # a status class picked ("a 5xx") for a cause of another class


NONE_SHARE = 0.75  # "there is none" from a cause whose profile leaves the question out
# "Nothing specific: a bare 401" from a cause whose profile names what its error says: the
# detail is often lost on the way (a proxy's or CDN's page, an SDK or a browser that shows
# only the status, an empty body), so the answer is weak evidence and never a contradiction.
BARE_SHARE = 0.1


def probabilities(cause, question):
    """P(answer | cause) for each of the question's answers, in order. A question that
    presupposes something (it has a "none" answer: no redirects, no such header, not on this
    platform) is answered "none" by most people whose cause it does not concern."""
    n = len(question.answers)
    allowed = cause.profile.get(question.slug)
    if allowed is None and question.has_none and n > 1:
        rest = (1 - NONE_SHARE) / (n - 1)
        return tuple(NONE_SHARE if slug == NONE else rest for slug, _label in question.answers)
    if allowed is None or not n:
        return (1.0 / n,) * n if n else ()
    k = sum(1 for slug, _ in question.answers if slug in allowed)
    if k == 0 or k == n:
        return (1.0 / n,) * n
    miss = MISS.get(question.strength, MISS[IMPRESSION])
    slugs = [slug for slug, _label in question.answers]
    row = [(1 - miss) / k if slug in allowed else miss / (n - k) for slug in slugs]
    if question.bare and question.bare not in allowed:
        bare = slugs.index(question.bare)
        rest = (1 - BARE_SHARE) / (1 - row[bare])
        row = [BARE_SHARE if i == bare else p * rest for i, p in enumerate(row)]
    return tuple(row)


def counts_against(cause, question, answer):
    """Whether `answer` contradicts the cause's profile ("No cause fits every answer"): an
    answer the profile leaves out, other than the question's bare answer."""
    allowed = cause.profile.get(question.slug)
    return allowed is not None and answer not in allowed and answer != question.bare


def answer_probabilities(cause, question):
    """The cause's row for the question (computed when the content was built)."""
    found = cause.probabilities.get(question.slug)
    if found is not None:
        return found
    return probabilities(cause, question)


def status_likelihood(code, answer, seen_as=frozenset()):
    """How likely a user with a cause of `code` (also seen as the codes `seen_as`) picks the
    status `answer`."""
    if answer == SUCCESS:
        if 200 <= code < 300:
            return 1.0
        if any(200 <= other < 300 for other in seen_as):
            return STATUS_SEEN_AS
        return STATUS_NONE if code == NO_RESPONSE else STATUS_NEAR
    if answer.endswith("xx"):  # the class, the number unknown
        wanted = int(answer[0])
        if code // 100 == wanted and code != NO_RESPONSE:
            return 1.0
        if any(other // 100 == wanted and other != NO_RESPONSE for other in seen_as):
            return STATUS_SEEN_AS
        return STATUS_NONE if code == NO_RESPONSE else STATUS_CLASS_OTHER
    picked = int(answer)
    if code == picked:
        return 1.0
    if picked in seen_as:
        return STATUS_SEEN_AS
    if NO_RESPONSE in (picked, code):
        return STATUS_NONE
    return STATUS_NEAR if code // 100 == picked // 100 else STATUS_OTHER


def likelihood(cause, question, answer):
    """How likely a user with this cause gives this answer, up to a factor the same for every
    cause; and whether the answer counts against the cause."""
    if answer == UNSURE_ANSWER or question.is_platform:
        return 1.0, False  # the platform works through the prior
    if question.is_status:
        if answer == CANT:
            return 1.0, False
        value = status_likelihood(cause.code, answer, cause.seen_as)
        return value, value < STATUS_SEEN_AS
    position = question.index.get(answer)
    if position is None:
        return 1.0 / max(len(question.answers), 1), False
    return answer_probabilities(cause, question)[position], counts_against(cause, question, answer)


UNSURE_ANSWER = "unsure"


@dataclass(frozen=True)
class Choice:
    """One question's table: P(answer | cause) and whether the profile excludes the answer."""

    question: object
    probabilities: np.ndarray  # (causes, answers)
    logs: np.ndarray  # its logarithm
    against: np.ndarray  # (causes, answers) bool
    entropy: np.ndarray  # (causes,) bits
    column: int  # where its answers start in Tables.all_probabilities


@dataclass(frozen=True)
class Tables:
    """Everything per cause that does not depend on the user, as arrays in cause order."""

    codes: np.ndarray  # (causes,) int
    base: np.ndarray  # commonness and extra prior, (causes,)
    code_factor: np.ndarray  # how often the code is met, (causes,)
    general: np.ndarray  # no platform tag (or many): the platform does not matter, (causes,)
    platforms: dict  # platform slug -> (causes,) bool
    layers: dict  # platform layer -> (causes,) bool: the cause is tagged with a platform of it
    choices: dict  # question slug -> Choice (every question a cause's profile can answer)
    status_answers: dict  # status answer slug -> its column in status
    status: np.ndarray  # (causes, status answers) likelihood
    status_logs: np.ndarray
    asked: tuple  # the Choice of every question that can be asked, in position order
    all_probabilities: np.ndarray  # (causes, every answer of `asked`), for information gain
    all_entropy: np.ndarray  # (causes, len(asked))
    starts: np.ndarray  # where each asked question's answers start in all_probabilities
    on_platforms: dict  # question slug -> (causes,) bool: tagged with a platform it applies to

    @classmethod
    def build(cls, questions, causes):
        n = len(causes)
        codes = np.array([c.code for c in causes], dtype=np.int64)
        base = np.array(
            [
                c.prior * scoring.COMMONNESS_PRIOR.get(c.commonness, scoring.COMMONNESS_PRIOR[""])
                for c in causes
            ],
            dtype=float,
        )
        code_factor = np.array([scoring.code_factor(c.code, c.vendor) for c in causes])
        general = np.array(
            [not c.platforms or len(c.platforms) > scoring.BROAD_PLATFORMS for c in causes]
        )
        slugs = sorted(set().union(*(c.platforms for c in causes))) if causes else []
        platforms = {
            slug: np.array([slug in c.platforms for c in causes], dtype=bool) for slug in slugs
        }
        layers = {
            layer: np.array([layer in layers_of(c.platforms) for c in causes], dtype=bool)
            for layer in {LAYERS.get(slug, "api") for slug in slugs}
        }
        choices, asked, column = {}, [], 0
        for question in questions:
            if question.on_first_screen or not question.answers:
                continue
            rows = [answer_probabilities(c, question) for c in causes]
            table = np.array(rows, dtype=float).reshape(n, len(question.answers))
            against = np.array(
                [
                    [counts_against(c, question, slug) for slug, _ in question.answers]
                    for c in causes
                ],
                dtype=bool,
            ).reshape(n, len(question.answers))
            with np.errstate(divide="ignore"):
                logs = np.log(table)
                entropy = -np.sum(np.where(table > 0, table * np.log2(table), 0.0), axis=1)
            choice = Choice(question, table, logs, against, entropy, column)
            choices[question.slug] = choice
            if len(question.answers) >= 2:
                asked.append(choice)
                column += len(question.answers)
        status = next((q for q in questions if q.is_status), None)
        status_answers = {slug: i for i, (slug, _) in enumerate(status.answers)} if status else {}
        status_table = np.array(
            [
                [
                    1.0 if slug == CANT else status_likelihood(c.code, slug, c.seen_as)
                    for slug in status_answers
                ]
                for c in causes
            ],
            dtype=float,
        ).reshape(n, len(status_answers))
        all_probabilities = (
            np.hstack([c.probabilities for c in asked]) if asked else np.zeros((n, 0))
        )
        all_entropy = np.column_stack([c.entropy for c in asked]) if asked else np.zeros((n, 0))
        starts = np.array([c.column for c in asked], dtype=np.int64)
        on_platforms = {
            q.slug: np.array(
                [bool(c.platforms & set(q.applies["platform"])) for c in causes], dtype=bool
            )
            for q in questions
            if q.applies.get("platform")
        }
        return cls(
            codes=codes,
            base=base,
            code_factor=code_factor,
            general=general,
            platforms=platforms,
            layers=layers,
            choices=choices,
            status_answers=status_answers,
            status=status_table,
            status_logs=np.log(status_table),
            asked=tuple(asked),
            all_probabilities=all_probabilities,
            all_entropy=all_entropy,
            starts=starts,
            on_platforms=on_platforms,
        )

    def same_layer(self, platforms):
        """Causes tagged with a platform of the same layer as one of `platforms`."""
        mask = np.zeros(len(self.codes), dtype=bool)
        for layer in layers_of(platforms):
            if layer in self.layers:
                mask |= self.layers[layer]
        return mask

    def platform_factors(self, named, chosen=frozenset(), denied=frozenset()):
        """The platform part of every cause's prior: `named`, the platforms the user picked or
        the text shows; `chosen`, those the user picked on the first screen, which keep the
        other platforms of their layer down harder than a name in the text does; `denied`,
        those they said the request does not go through, which keep down the causes tagged
        with none but them."""
        hit = np.zeros(len(self.codes), dtype=bool)
        for slug in named:
            if slug in self.platforms:
                hit |= self.platforms[slug]
        other = np.where(
            self.same_layer(named), scoring.GUIDE_PLATFORM_OTHER, scoring.GUIDE_PLATFORM_UNKNOWN
        )
        if chosen:
            other = np.where(self.same_layer(chosen), scoring.PLATFORM_CHOSEN_OTHER, other)
        if denied:
            other = np.where(self.only_on(denied), scoring.GUIDE_PLATFORM_DENIED, other)
        return np.where(self.general, 1.0, np.where(hit, scoring.PLATFORM_NAMED, other))

    def only_on(self, slugs):
        """Causes tagged with some of the platforms `slugs` and with no other (rank.denies()
        is the same rule for one cause)."""
        inside = np.zeros(len(self.codes), dtype=bool)
        outside = np.zeros(len(self.codes), dtype=bool)
        for slug, mask in self.platforms.items():
            if slug in slugs:
                inside |= mask
            else:
                outside |= mask
        return inside & ~outside

    def priors(self, named, picked, chosen=frozenset(), denied=frozenset()):
        """Every cause's prior (scoring.prior, vectorised): a picked code no longer pays for how
        often it is met."""
        code = (
            self.code_factor
            if picked is None
            else np.where(self.codes == picked, 1.0, self.code_factor)
        )
        return self.base * self.platform_factors(named, chosen, denied) * code
