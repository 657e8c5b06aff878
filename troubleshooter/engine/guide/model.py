"""The guide's plain data: questions, causes, the content they make up (with its likelihood
tables, built once per content version), answers, ranked causes and the immutable step."""

from dataclasses import dataclass, field, replace

from troubleshooter.engine.platforms import LAYERS, PLATFORMS, layers_of

UNSURE = "unsure"
UNSURE_LABEL = "Not sure"
SUCCESS = "success"  # a status answer: a 2xx arrived but the client still failed
SUCCESS_LABEL = "A success code, but my client failed"
CANT = "cant"  # a status answer: the guide asked for the status, and the user cannot get it
CANT_LABEL = "I can't get it"
# Status answers for a reader who knows the kind of error but not its number.
CLASSES = (
    ("5xx", "A server error (5xx), the number unknown"),
    ("4xx", "A client error (4xx), the number unknown"),
    ("3xx", "A redirect (3xx), the number unknown"),
)
NONE = "none"  # the answer of a question that presupposes something: "there is none"
# The platform question asked at a step offers the leaders' platforms and "None of these",
# whose answer names them ("none:iis,heroku"): what the person denied, not every platform.
NONE_OF = "none:"
NONE_OF_LABEL = "None of these"
UNSURE_RATE = {"fact": 0.35, "impression": 0.15}  # "Not sure" when a question does not say
NO_RESPONSE = 0  # the pseudo-code of failures where no HTTP response arrived
NO_RESPONSE_LABEL = "No response at all"
FACT, IMPRESSION = "fact", "impression"
RESPONSE_ANSWERS = (
    ("yes", "Yes, an error: an error status, error page or error message"),
    ("success", "Yes, but no error: a success (2xx) or a redirect (3xx), and my client failed"),
    ("no", "No: a timeout, refused connection or network error"),
)
# The status classes each answer of "did a response come back?" leaves open.
RESPONSE_CLASSES = {"yes": frozenset("45"), "success": frozenset("123"), "no": frozenset("0")}
LIKELY, LEADS, ONE_OF, UNCLEAR = "likely", "leads", "one-of", "unclear"
TOP_SHOWN = 5


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
    is_producer: bool = False  # who answered: the text's fingerprints can answer it
    applies: dict = field(default_factory=dict, compare=False)  # format/questions.parse_applies
    unsure: float = 0.0  # share of people who cannot answer it (0: UNSURE_RATE of its strength)
    bare: str = ""  # the answer that says the error gave no detail: never against a cause
    detect: tuple = ()  # ((answer slug, compiled pattern), ...) read off the user's text
    index: dict = field(default_factory=dict, compare=False)  # answer slug -> its position

    @property
    def unsure_rate(self):
        return self.unsure or UNSURE_RATE.get(self.strength, UNSURE_RATE["impression"])

    @property
    def has_none(self):
        return NONE in self.index

    @property
    def uniform(self):
        return (1.0 / len(self.answers),) * len(self.answers) if self.answers else ()

    @property
    def on_first_screen(self):
        return self.is_status or self.is_platform

    def label_for(self, answer):
        if answer == UNSURE:
            return UNSURE_LABEL
        denied = denied_platforms(answer) if self.is_platform else ()
        if denied:
            labels = dict(self.answers)
            return f"{NONE_OF_LABEL} ({', '.join(labels.get(slug, slug) for slug in denied)})"
        return dict(self.answers).get(answer, answer)

    def takes(self, answer):
        """Whether `answer` is one of this question's answers (the platform question also
        takes "None of these" over some of its platforms)."""
        if answer in self.index:
            return True
        denied = denied_platforms(answer) if self.is_platform else ()
        return bool(denied) and all(slug in self.index for slug in denied)

    @property
    def presupposes_response(self):
        """Whether the question is only for people who got an HTTP response: its status
        condition lists codes or classes, and not "no response" (0)."""
        statuses = self.applies.get("status")
        return bool(statuses) and "0" not in statuses

    @property
    def presupposes_no_response(self):
        """Whether the question is only for people who got no HTTP response at all ("What does
        the network error say?"): its status condition is "no response" (0) alone."""
        statuses = self.applies.get("status")
        return bool(statuses) and all(item == "0" for item in statuses)

    @property
    def waits_on(self):
        """The earlier questions whose answers decide whether this one applies (`after=`,
        `unless=`)."""
        return {condition[0] for key in ("after", "unless") if (condition := self.applies.get(key))}

    def applies_to(self, known):
        """Whether the question may be asked, given what is known: `known` has `platforms`
        (named), `status` (a code or None), `producer` (an answer or None) and `answers`
        ({question slug: answer})."""
        platforms = self.applies.get("platform")
        if platforms:
            # Only a named platform of the same layer says the question is not for this
            # reader: a curl or a browser in the text says nothing about the server.
            named = {p for p in known.platforms if LAYERS.get(p) in layers_of(platforms)}
            if named and not named & set(platforms):
                return False
        if known.platforms & set(self.applies.get("not-platform", ())):
            return False
        statuses = self.applies.get("status")
        if statuses and known.status is not None and not status_in(statuses, known.status):
            return False
        if (
            statuses
            and known.status is None
            and known.status_classes
            and not any(item[:1] in known.status_classes for item in statuses)
        ):
            return False
        producers = self.applies.get("producer")
        if producers and known.producer and known.producer not in producers:
            return False
        after = self.applies.get("after")
        if after:
            question, *answers = after
            if known.answers.get(question) not in answers:
                return False
        unless = self.applies.get("unless")
        if unless:
            question, *answers = unless
            if known.answers.get(question) in answers:
                return False
        return True


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
    seen_as: frozenset = frozenset()  # other codes a client with this cause may see
    index: int = -1  # its place in GuideContent.causes
    probabilities: dict = field(default_factory=dict, compare=False)  # likelihoods.probabilities


@dataclass(frozen=True)
class GuideContent:
    questions: tuple
    causes: tuple
    by_slug: dict = field(default_factory=dict, compare=False)
    by_key: dict = field(default_factory=dict, compare=False)
    tables: object = field(default=None, compare=False)  # likelihoods.Tables

    @classmethod
    def build(cls, questions, causes, codes=()):
        """Questions and causes as plain data. The status question's answers are every code
        (`codes`, plus those of the causes), "no response" and "a success code"; the platform
        question's are the platforms some cause is tagged with."""
        from troubleshooter.engine.guide import likelihoods

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
                    question,
                    answers=(*answers, (SUCCESS, SUCCESS_LABEL), *CLASSES, (CANT, CANT_LABEL)),
                    strength=FACT,
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
        for position, cause in enumerate(causes):
            profile = dict(cause.profile)
            if response:
                profile[response] = response_answers(cause)
            cause = replace(cause, profile=profile, index=position)
            probabilities = {
                q.slug: likelihoods.probabilities(cause, q)
                for q in built
                if q.slug in profile and not q.on_first_screen
            }
            full.append(replace(cause, probabilities=probabilities))
        questions, causes = tuple(built), tuple(full)
        return cls(
            questions,
            causes,
            {q.slug: q for q in questions},
            {c.key: c for c in causes},
            likelihoods.Tables.build(questions, causes),
        )

    @property
    def status_question(self):
        return next((q for q in self.questions if q.is_status), None)

    @property
    def platform_question(self):
        return next((q for q in self.questions if q.is_platform), None)

    @property
    def producer_question(self):
        return next((q for q in self.questions if q.is_producer), None)

    @property
    def response_question(self):
        return next((q for q in self.questions if q.is_response), None)


@dataclass(frozen=True)
class TextEvidence:
    """What the user's own text says, from the diagnosis: plain data."""

    scores: dict = field(default_factory=dict)  # cause key -> evidence score
    matches: dict = field(default_factory=dict)  # cause key -> ("matches “…”", ...)
    platforms: frozenset = frozenset()  # platforms the text names
    against: frozenset = frozenset()  # causes the text rules out (their "not when" phrases)
    answers: dict = field(default_factory=dict)  # question slug -> answer read off the text
    status: int | None = None  # the status the text shows, if any
    # rank.text_logs() of this text for the content it was read against, made once per text
    # (a read-only array in content order), or None: computed from `scores` at each step
    logs: object = field(default=None, compare=False, repr=False)


NO_TEXT = TextEvidence()


@dataclass(frozen=True)
class Answered:
    question: Question
    answer: str
    from_text: bool = False  # read off the user's text, not answered

    @property
    def label(self):
        return self.question.label_for(self.answer)

    @property
    def pair(self):
        return (self.question.slug, self.answer)

    @property
    def known(self):
        return self.answer not in (UNSURE, CANT)


@dataclass(frozen=True)
class Ranked:
    cause: Cause
    score: float
    against: tuple  # the answers that count against the cause (its profile excludes them)
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
    # ((answer label, Ranked it speaks against), ...): answers one cause's profile rules out
    # while the other's says nothing about the question (a cause about timeouts does not
    # "point to" cloud storage just because a Slack cause is never about storage)
    against: tuple = ()
    unsure: bool = False  # the person answered it "Not sure": the check is to find it out


@dataclass(frozen=True)
class Step:
    """Everything the guide shows for one state; never changed once made."""

    answered: tuple
    notes: tuple
    ranked: object  # every cause, best first (a sequence of Ranked)
    text: str = ""
    question: Question | None = None
    options: tuple = ()  # ((answer slug, label), ...) to offer now
    result: Ranked | None = None
    stop: str = ""  # why the guide stopped asking
    why: tuple = ()  # (answer or text match) pointing to the result
    why_not: tuple = ()  # answers that count against it
    check: Check | None = None
    runners_up: tuple = ()
    more: int = 0  # how many times the user asked for more questions
    more_possible: bool = False  # some question could still change the top three
    code_share: float = 0.0  # the share of every cause of the first cause's code, together
    text_status: int | None = None  # the status the text shows, if any

    @property
    def text_status_answer(self):
        """The status answer when it is the one the text shows (the first screen puts it in
        the address when no status is picked): the person may set it aside ("Not so?")."""
        if self.text_status is None:
            return None
        item = status_answer(self.answered)
        return item if item is not None and item.answer == str(self.text_status) else None

    @property
    def asked(self):
        return questions_asked(self.answered)

    @property
    def asked_in_all(self):
        """The questions answered after the first screen, the status and the platform among
        them when the guide asked for them at a step."""
        return (
            questions_asked(self.answered)
            + status_asked(self.answered)
            + platform_asked(self.answered)
        )

    @property
    def from_text(self):
        return [a for a in self.answered if a.from_text]

    @property
    def confidence(self):
        top = self.ranked[:3]
        if not top:
            return UNCLEAR
        second = top[1].share if len(top) > 1 else 0.0
        # "Likely" only when the first cause fits every answer and clearly leads the second.
        if top[0].share >= 0.7 and top[0].share >= 3 * second and not top[0].mismatches:
            return LIKELY
        # Far ahead of every other cause, though the rest together still weigh much: the
        # lead is real, the certainty is not ("56% against 1%" is not "can't tell").
        if top[0].share >= 0.4 and top[0].share >= 5 * second and not top[0].mismatches:
            return LEADS
        if sum(r.share for r in top) >= 0.6:
            return ONE_OF
        return UNCLEAR

    @property
    def nothing_fits(self):
        return bool(self.ranked) and self.ranked[0].mismatches > 0

    @property
    def top(self):
        return self.ranked[:TOP_SHOWN]

    @property
    def pairs(self):
        """The answers the user gave (not those read off the text), as (question, answer)."""
        return tuple(a.pair for a in self.answered if not a.from_text)

    @property
    def first_screen(self):
        return {a.question.slug: a for a in self.answered if a.question.on_first_screen}


def denied_platforms(answer):
    """The platforms a "None of these" answer to the platform question names, in order; ()
    for any other answer."""
    if not answer.startswith(NONE_OF):
        return ()
    return tuple(slug for slug in answer[len(NONE_OF) :].split(",") if slug)


def named_platform(item):
    """The platform an answer to the platform question names, or None ("Not sure", "None of
    these")."""
    if not item.question.is_platform or not item.known or denied_platforms(item.answer):
        return None
    return item.answer


def status_in(items, code):
    """Whether a status code is one of the codes or classes ("4xx") listed."""
    text = str(code)
    return any(
        item == text or (item.endswith("xx") and code >= 100 and text[0] == item[0])
        for item in items
    )


@dataclass(frozen=True)
class Known:
    """What is known when choosing a question (for Question.applies_to)."""

    platforms: frozenset = frozenset()
    status: int | None = None
    producer: str | None = None
    answers: dict = field(default_factory=dict)
    status_classes: frozenset = frozenset()  # "a 5xx, the number unknown": {"5"}


def questions_asked(answered):
    """The questions answered after the first screen (not those the text answered)."""
    return sum(1 for a in answered if not a.question.on_first_screen and not a.from_text)


def status_answer(answered):
    """The status question's Answered among `answered`, or None."""
    return next((item for item in answered if item.question.is_status), None)


def status_asked(answered):
    """1 when the status was asked at a step rather than given on the first screen: its answer
    comes after another answer (the first screen puts it first), else 0."""
    return int(any(item.question.is_status for item in answered[1:]))


def platform_asked(answered):
    """1 when the platform question was asked at a step: its answer comes after an answer to
    a question asked at a step (it is never asked before the first of them), else 0."""
    seen_step = False
    for item in answered:
        if item.question.is_platform and seen_step:
            return 1
        if not item.question.on_first_screen and not item.from_text:
            seen_step = True
    return 0


def response_answers(cause):
    """The answers to "did a response come back?" of a person with this cause: from its code
    and the codes it is seen as (no response, an error, or a success or redirect)."""
    found = set()
    for code in (cause.code, *cause.seen_as):
        digit = str(code)[0]
        found.update(slug for slug, classes in RESPONSE_CLASSES.items() if digit in classes)
    return frozenset(found)


def first_screen_pairs(content, status, platform):
    """The answers the first screen gives: `status` and `platform` are answer slugs or UNSURE;
    the status comes first (status_asked() tells a status asked at a step by its place)."""
    return [
        (q.slug, status if q.is_status else platform)
        for q in sorted(content.questions, key=lambda q: not q.is_status)
        if q.on_first_screen
    ]
