"""Turn pasted text (an error message, a log line, a raw response, `curl -v` output) into
evidence, header hints and a ranking of likely causes. Plain Python and numpy over plain data.

Evidence carries the character span it matched so the page can highlight it in the user's
own text. Causes are ranked from three kinds of evidence: the status code the text shows,
the cause's signals (message fragments kept with each cause and edited in admin), and for a
description in the user's own words, the overlap of its words with the cause's words.
"""

import math
import re
import time
from dataclasses import dataclass, field

import numpy as np

from troubleshooter.engine import reports as confirmed_reports
from troubleshooter.engine import rerank, scoring
from troubleshooter.engine.anchors import automaton_of, cannot_match, literal_anchor
from troubleshooter.engine.evidence import (
    MAX_WORD_SCAN,
    VENDOR_WORDINGS,
    Evidence,
    find_headers,
    find_named_statuses,
    find_producer,
    find_statuses,
    header_hints,
    phrase_key,
)
from troubleshooter.engine.platforms import NAME_WORDS, platforms_in
from troubleshooter.engine.words import SYNONYMS, words_of

MAX_INPUT = 64 * 1024  # characters; the view refuses longer pastes
STATUS_WEIGHT = 20.0
SECOND_STATUS_WEIGHT = 6.0  # another status the text shows, after the first
PHRASE_WEIGHT = 12.0  # a status named by its phrase only ("bad gateway")
OTHER_CODE_FACTOR = 0.5  # a cause of a code the text does not show, when it shows one
NO_RESPONSE_CODE = 0
NO_STATUS_BONUS = 8.0
BM25_K1, BM25_B = 1.2, 0.75
DIVERSE_SHARE = 0.8  # see likeliest_code_first() and diversify()
WORD_WEIGHT = 1.0  # how much the text's words count against signals and status
SIGNAL_BASE, SIGNAL_PER_CHAR = 6.0, 0.1  # an exact signal: a longer one tells more
DESCRIBED_EXACT = 4.0  # one of the phrases people use for the cause, word for word
DESCRIBED_WORDS = 2.0  # ... or all its telling words, in any order
NOT_WHEN_FACTOR = 0.2  # the text says something that rules the cause out
# The text answers one of the guide's questions (its `detect` patterns): a cause whose profile
# expects that answer gains, one whose profile allows only other answers loses.
ANSWER_FITS, ANSWER_CONFLICTS = 1.2, 0.7
ANSWER_SCAN = 1500  # characters read for those answers: what the guide reads (intake.MAX_TEXT)
REPORT_WEIGHT = 0.5  # the text reads like a real report of the cause (engine/reports.py)
SEEN_AS_WEIGHT = 0.35  # a status the cause shows up as, against its home code's STATUS_WEIGHT
TOO_LITTLE_SCORE = 8.0  # below it, with no status and no evidence, a first cause is a guess
TOP_EVIDENCE = 3  # the candidates whose evidence counts for Diagnosis.too_little
TITLE_TF, SIGNAL_TF, BODY_TF, DESCRIBED_TF = 2.0, 1.0, 0.3, 0.5  # term weights of its parts


@dataclass
class CauseInfo:
    """What the parser knows of a cause: plain data, built once from the database."""

    key: str
    code: int
    slug: str
    title: str
    signals: tuple
    words: frozenset  # of the title, slug, phrase and signals
    needles: tuple = ()  # (lowered signal, its words, telling) for each signal
    profile: dict = field(default_factory=dict)
    vendor: bool = False
    body_words: frozenset = frozenset()  # words of "how to confirm it": a weaker match
    terms: dict = field(default_factory=dict)  # word -> weighted count, for BM25
    length: float = 0.0
    commonness: str = ""
    platforms: frozenset = frozenset()
    seen_as: frozenset = frozenset()  # other codes the cause shows up as
    described: tuple = ()  # (lowered phrase, its telling words) people use for the cause
    not_when: tuple = ()  # lowered phrases that rule the cause out

    @classmethod
    def make(
        cls, *, key, code, slug, title, phrase, signals, confirm="", fixes="", described=(),
        not_when=(), aliases=(), **extra,
    ):  # fmt: skip
        """`aliases`: the code's former or other names ("Request Entity Too Large"), which a
        signal only repeats, like the phrase."""
        head = [*words_of(title), *words_of(slug.replace("-", " "))]
        signal_words = [w for signal in signals for w in words_of(signal)]
        # How to confirm it and the fixes: the settings, commands and log lines people paste
        # along with the error (proxy_read_timeout, SECURE_PROXY_SSL_HEADER), weakly.
        body = words_of(confirm) + words_of(fixes)
        described_words = [w for words in described for w in words_of(words)]
        terms = {}
        for weight, words in (
            (TITLE_TF, head),
            (SIGNAL_TF, signal_words + words_of(phrase)),
            (BODY_TF, body),
            (DESCRIBED_TF, described_words),
        ):
            for word in words:
                terms[word] = terms.get(word, 0.0) + weight
        return cls(
            key=key,
            code=code,
            slug=slug,
            title=title,
            signals=tuple(signals),
            needles=tuple(
                (s.lower(), frozenset(words_of(s)), telling_signal(s, code, phrase, aliases))
                for s in signals
            ),
            words=frozenset(head + signal_words + words_of(phrase)),
            body_words=frozenset(body),
            terms=terms,
            length=sum(terms.values()),
            described=tuple(
                (p.lower(), frozenset(words_of(p))) for p in described if len(words_of(p)) >= 2
            ),
            not_when=tuple(p.lower() for p in not_when if p.strip()),
            **extra,
        )

    def shown_as(self, code):
        """Whether a client with this cause may see `code`: its own, or one it is seen as."""
        return code == self.code or code in self.seen_as


@dataclass
class Candidate:
    cause: CauseInfo
    score: float
    evidence: list
    words: float = 0.0  # the BM25 score of the words the text shares with the cause
    report: float = 0.0  # how much the text reads like a confirmed report of the cause


@dataclass
class Index:
    """The causes, the weight of each word among them and the status phrases, built once per
    content version."""

    causes: tuple
    known_codes: frozenset
    idf: dict
    avg_length: float = 1.0
    phrases: tuple = ()  # (compiled pattern, code): reason phrases that name a code alone
    numbered: re.Pattern | None = None  # "409 Conflict": a number with its own reason phrase
    phrase_codes: dict = field(default_factory=dict)  # lowered phrase -> codes
    postings: dict = field(default_factory=dict)  # word -> (cause positions, BM25 weights)
    matcher: object = None  # Phrases: every signal, "described as" and "not when" phrase
    detectors: object = ()  # Detectors: the guide's questions a text can answer by itself
    reports: confirmed_reports.Reports = confirmed_reports.Reports()
    ranker: object = None  # rerank.Model, learnt from the dev split; None: the hand-set order
    # word -> ((cause position, phrase number, telling words), ...): each "described as" phrase
    # filed under its rarest telling word, the one a text must hold for it to match
    described_by_word: dict = field(default_factory=dict)
    # ((cause position, the producers its profile allows), ...) for causes whose profile names any
    producers: tuple = ()
    # Per-cause arrays in cause order (Arrays), so that ranking is vector arithmetic
    arrays: object = None

    @classmethod
    def build(cls, causes, known_codes, phrases=(), detectors=(), reports=(), ranker=None):
        """`phrases`: (phrase, code) pairs, the official names and former names of codes;
        `detectors`: see the field; `reports`: engine.reports.Report examples."""
        counts = {}
        for cause in causes:
            for word in cause.terms:
                counts[word] = counts.get(word, 0) + 1
        total = max(len(causes), 1)
        idf = {word: math.log(1 + (total - n + 0.5) / (n + 0.5)) for word, n in counts.items()}
        avg = sum(c.length for c in causes) / total if causes else 1.0
        patterns = tuple(
            (phrase_pattern(phrase), code)
            for phrase, code in sorted(phrases, key=lambda p: -len(p[0]))
            if telling_phrase(phrase)
        )
        phrase_codes = {}
        for phrase, code in (*phrases, *VENDOR_WORDINGS.items()):
            phrase_codes.setdefault(phrase_key(phrase), set()).add(code)
        names = "|".join(
            re.escape(p).replace(r"\ ", r"[ -]")
            for p in sorted(phrase_codes, key=len, reverse=True)
        )
        numbered = re.compile(rf"(?ia)\b(\d{{3}})[ -]+({names})\b") if names else None
        postings = {}
        for position, cause in enumerate(causes):
            norm = BM25_K1 * (1 - BM25_B + BM25_B * cause.length / (avg or 1.0))
            for word, tf in cause.terms.items():
                weight = idf.get(word, 0.0) * tf * (BM25_K1 + 1) / (tf + norm)
                postings.setdefault(word, []).append((position, weight))
        return cls(
            tuple(causes),
            frozenset(known_codes),
            idf,
            avg or 1.0,
            patterns,
            numbered,
            phrase_codes,
            {word: confirmed_reports.arrays_of(found) for word, found in postings.items()},
            Phrases.build(causes),
            Detectors(detectors),
            confirmed_reports.Reports.build(
                reports, {cause.key: position for position, cause in enumerate(causes)}
            ),
            ranker,
            described_by_word(causes),
            tuple(
                (position, frozenset(cause.profile["producer"]))
                for position, cause in enumerate(causes)
                if "producer" in cause.profile
            ),
            Arrays(causes),
        )


class Arrays:
    """The causes' fixed facts as numpy arrays in cause order, and the vectors that depend
    only on a few facts of a text (its producer, the platforms it names, a status, an answer),
    each made once and kept: with them a text's ranking is a few vector operations rather
    than a Python loop over every cause."""

    KEPT = 256  # vectors kept per kind (platform sets and answers vary little)

    def __init__(self, causes):
        self.causes = tuple(causes)
        self.codes = np.array([c.code for c in causes], dtype=np.int64)
        self.keys = np.array([c.key for c in causes], dtype=object)
        self.commonness = np.array(
            [
                scoring.COMMONNESS_PRIOR.get(c.commonness, scoring.COMMONNESS_PRIOR[""])
                for c in causes
            ]
        )
        self.code_factor = np.array([scoring.code_factor(c.code, c.vendor) for c in causes])
        self._kept = {}

    def __getstate__(self):  # a shared snapshot travels without the kept vectors
        return {"causes": self.causes}

    def __setstate__(self, state):
        self.__init__(state["causes"])

    def _vector(self, key, make):
        found = self._kept.get(key)
        if found is None:
            if len(self._kept) > 4 * self.KEPT:
                self._kept.clear()
            found = self._kept[key] = make()
            found.flags.writeable = False
        return found

    def producer_adjust(self, producers, producer):
        """What the text's producer adds to each cause: 1.5 where the cause's profile allows
        it, -1.0 where the profile names only others, 0 where it names none."""

        def make():
            vector = np.zeros(len(self.causes))
            for position, allowed in producers:
                vector[position] = 1.5 if producer in allowed else -1.0
            return vector

        return self._vector(("producer", producer), make)

    def seen_as(self, codes):
        """Whether each cause is seen as any of `codes`."""
        codes = frozenset(codes)
        return self._vector(
            ("seen", codes),
            lambda: np.array([bool(codes & c.seen_as) for c in self.causes], dtype=bool),
        )

    def platform_factor(self, named):
        named = frozenset(named)
        return self._vector(
            ("platforms", named),
            lambda: np.array([scoring.platform_factor(c.platforms, named) for c in self.causes]),
        )

    def answer_factor(self, slug, answer):
        """ANSWER_FITS where the cause's profile expects `answer`, ANSWER_CONFLICTS where it
        allows only others, 1 where it says nothing."""

        def make():
            vector = np.ones(len(self.causes))
            for position, cause in enumerate(self.causes):
                allowed = cause.profile.get(slug)
                if allowed:
                    vector[position] = ANSWER_FITS if answer in allowed else ANSWER_CONFLICTS
            return vector

        return self._vector(("answer", slug, answer), make)

    def prior(self, status_set, named_platforms):
        """scoring.prior() for every cause: commonness, platforms, and how often its code is met
        unless the text shows that code."""
        factor = self.commonness * self.platform_factor(named_platforms)
        if status_set:
            known = among(self.codes, status_set)
            return np.where(known, factor, factor * self.code_factor)
        return factor * self.code_factor


def among(codes, values):
    """np.isin(codes, values) for the few codes a text shows (a tenth of np.isin's cost)."""
    mask = np.zeros(len(codes), dtype=bool)
    for value in values:
        mask |= codes == value
    return mask


def described_by_word(causes):
    """Index.described_by_word for `causes`."""
    counts = {}
    for cause in causes:
        for _phrase, words in cause.described:
            for word in words:
                counts[word] = counts.get(word, 0) + 1
    filed = {}
    for position, cause in enumerate(causes):
        for number, (_phrase, words) in enumerate(cause.described):
            rarest = min(words, key=lambda word: (counts[word], word))
            filed.setdefault(rarest, []).append((position, number, words))
    return {word: tuple(found) for word, found in filed.items()}


def detected_answers(detectors, text):
    """{question slug: answer} for each question whose patterns match `text` for exactly one
    answer. A pattern whose fixed piece of text is not in `text` is not run at all (Detectors
    finds those pieces for every pattern in one pass)."""
    if isinstance(detectors, Detectors):
        return detectors.answers(text)
    answers, lowered = {}, text.lower()
    for slug, detect in detectors:
        found = set()
        for answer, pattern in detect:
            if cannot_match(pattern, text, lowered):
                continue
            if answer not in found and pattern.search(text):
                found.add(answer)
        if len(found) == 1:
            answers[slug] = found.pop()
    return answers


class Detectors:
    """The guide's questions a text can answer by itself, as (question slug, ((answer slug,
    compiled pattern), ...)) pairs in question order, with the fixed piece of text each pattern
    needs (literal_anchor()) in two Aho-Corasick automata, one over the lowered text for
    case-insensitive patterns and one over the text itself: one pass finds which patterns can
    match, and only those run."""

    def __init__(self, items):
        self.items = tuple((slug, tuple(detect)) for slug, detect in items if detect)
        self.patterns = []  # (question number, answer slug, pattern) by pattern number
        self.always = []  # pattern numbers without a fixed piece: always run
        anchors = {True: {}, False: {}}  # folded? -> anchor -> pattern numbers
        for number, (_slug, detect) in enumerate(self.items):
            for answer, pattern in detect:
                anchor, folded = literal_anchor(pattern)
                if anchor:
                    anchors[folded].setdefault(anchor, []).append(len(self.patterns))
                else:
                    self.always.append(len(self.patterns))
                self.patterns.append((number, answer, pattern))
        self.folded, self.exact = (self.automaton(anchors[True]), self.automaton(anchors[False]))

    @staticmethod
    def automaton(anchors):
        return automaton_of({anchor: tuple(numbers) for anchor, numbers in anchors.items()})

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def answers(self, text):
        run = set(self.always)
        for automaton, haystack in ((self.folded, text.lower()), (self.exact, text)):
            if automaton is not None:
                for _end, numbers in automaton.iter(haystack):
                    run.update(numbers)
        found = {}
        for number in sorted(run):
            question, answer, pattern = self.patterns[number]
            if answer not in found.get(question, ()) and pattern.search(text):
                found.setdefault(question, set()).add(answer)
        return {
            self.items[question][0]: answers.pop()
            for question, answers in sorted(found.items())
            if len(answers) == 1
        }


def answers_factor(cause, answers):
    """How the answers the text gives bear on the cause, through its profile."""
    factor = 1.0
    for slug, answer in answers.items():
        allowed = cause.profile.get(slug)
        if allowed:
            factor *= ANSWER_FITS if answer in allowed else ANSWER_CONFLICTS
    return factor


# Reason phrases that are also everyday words ("the request timeout is 60 seconds", "see other
# answers", "no content was returned"): alone, without their number, they name a status only
# as a status line writes them, in title case or in capitals.
PROSE_PHRASES = frozenset(
    ["request timeout", "see other", "use proxy", "no content", "multiple choices", "too early"]
    + ["not modified", "reset content", "partial content", "not acceptable"]
)


def phrase_pattern(phrase):
    """The pattern that finds a reason phrase alone in a text: in any case, or for the
    PROSE_PHRASES as written or in capitals."""
    if phrase.lower() in PROSE_PHRASES:
        either = f"{re.escape(phrase)}|{re.escape(phrase.upper())}"
        return re.compile(rf"(?<![\w-])(?:{either})(?![\w-])")
    return re.compile(rf"(?i)(?<![\w-]){re.escape(phrase)}(?![\w-])")


def telling_phrase(phrase):
    """A reason phrase that names its code even without the number: two words or more, or
    one of the few single words no other sentence uses."""
    words = phrase.split()
    return len(words) >= 2 or phrase.lower() in {"unauthorized", "forbidden"}


@dataclass
class Diagnosis:
    text: str
    statuses: list  # status codes found, in order of appearance
    evidence: list
    hints: list
    producer: str | None
    producer_label: str | None
    candidates: list
    named_statuses: list = field(default_factory=list)  # codes named by phrase, no number
    headers: dict = field(default_factory=dict)  # lowercased name -> (value, start, end)
    seconds: float = 0.0
    # Every cause's TextMatch for `text`, so that the guide's reading of the same text (the
    # page's assessment, the hand-off to the guide) need not compute them again.
    matches: list = field(default_factory=list, repr=False)
    answers: dict = field(default_factory=dict)  # the guide's questions the text answers
    platforms: frozenset = frozenset()  # the platforms the text names (platforms_in())

    @property
    def status(self):
        return self.statuses[0] if self.statuses else None

    @property
    def too_little(self):
        """Whether the text gives nothing to go on: no status (by number or phrase), none of
        the first candidates' signals or phrases, and only a few shared words. On the case
        library such a first candidate has the right code about one time in three, so the
        page names no "most likely" cause for it."""
        return (
            not self.statuses
            and not self.named_statuses
            and not any(c.evidence for c in self.candidates[:TOP_EVIDENCE])
            and (not self.candidates or self.candidates[0].score < TOO_LITTLE_SCORE)
        )

    def segments(self):
        """The text cut into (piece, evidence or None) for highlighting. Where spans overlap the
        earliest wins, a status number before a longer span starting at the same place, and a
        span partly covered keeps its uncovered rest."""
        spans = sorted(
            self.evidence, key=lambda e: (e.start, e.kind != "status", -(e.end - e.start))
        )
        pieces, position = [], 0
        for item in spans:
            start = max(item.start, position)
            if start >= item.end:
                continue
            if start > position:
                pieces.append((self.text[position:start], None))
            pieces.append((self.text[start : item.end], item))
            position = item.end
        if position < len(self.text):
            pieces.append((self.text[position:], None))
        return pieces


BOILERPLATE_HEADER_RE = re.compile(
    r"(?im)^[<>]?\s*(?:connection|content-type|content-length|date|server|vary|cache-control|"
    r"transfer-encoding|keep-alive|accept-ranges|etag|last-modified|expires|pragma|age|"
    r"x-content-type-options|x-frame-options|strict-transport-security|content-encoding|"
    r"accept|accept-encoding|accept-language|user-agent|host|referrer-policy):[^\n]*$"
)
GENERIC_WORDS = frozenset(
    ["error", "errors", "http", "https", "status", "code", "response", "request", "failed"]
)


def telling_signal(signal, code, phrase, aliases=()):
    """Whether a signal says more than the status itself: "502 ERROR", "Bad Gateway" or a
    former name of the code ("Request Entity Too Large") only repeat what the status line
    says, and count for little."""
    named = set(words_of(phrase)).union(*(words_of(alias) for alias in aliases))
    rest = set(words_of(signal)) - named - GENERIC_WORDS - {str(code)}
    return any(len(word) >= 3 and not word.isdigit() for word in rest)


SIGNAL, DESCRIBED, NOT_WHEN = "signal", "described", "not when"


class Phrases:
    """Every phrase the causes carry, found in a text in one pass (an Aho-Corasick automaton):
    the cost follows the text's length, not the number of phrases."""

    def __init__(self, automaton):
        self.automaton = automaton

    @classmethod
    def build(cls, causes):
        entries = {}
        for position, cause in enumerate(causes):
            for number, (needle, _words, _telling) in enumerate(cause.needles):
                if len(needle) >= 3:
                    entries.setdefault(needle, []).append((SIGNAL, position, number))
            for number, (phrase, _words) in enumerate(cause.described):
                entries.setdefault(phrase, []).append((DESCRIBED, position, number))
            for number, phrase in enumerate(cause.not_when):
                entries.setdefault(phrase, []).append((NOT_WHEN, position, number))
        return cls(automaton_of({needle: (needle, tuple(f)) for needle, f in entries.items()}))

    def find(self, lowered, head=MAX_WORD_SCAN):
        """{(kind, cause position, item number): where it first occurs as a whole phrase};
        "described" and "not when" phrases only in the first `head` characters, where people's
        own words are."""
        found = {}
        if self.automaton is None:
            return found
        for end, (needle, items) in self.automaton.iter(lowered):
            start = end - len(needle) + 1
            if not whole_phrase(lowered, needle, start):
                continue
            for item in items:
                if item[0] != SIGNAL and start >= head:
                    continue
                found.setdefault(item, start)
        return found


def whole_phrase(lowered, needle, at):
    """Whether the needle at `at` is not part of a longer word (a plural "s" is allowed)."""
    before = lowered[at - 1] if at else " "
    end = at + len(needle)
    after = lowered[end] if end < len(lowered) else " "
    if after == "s" and (end + 1 >= len(lowered) or not lowered[end + 1].isalnum()):
        after = " "
    return not (needle[0].isalnum() and before.isalnum()) and not (
        needle[-1].isalnum() and after.isalnum()
    )


def signal_evidence(cause, position, found):
    """Score and evidence of the cause's signals found in the text as whole phrases. A signal
    that only repeats the status counts a third and is marked "status text", not "signal"."""
    score, evidence = 0.0, []
    for number, (signal, (needle, _words, telling)) in enumerate(
        zip(cause.signals, cause.needles, strict=True)
    ):
        at = found.get((SIGNAL, position, number), -1)
        if at >= 0:
            weight = SIGNAL_BASE + min(len(needle), 40) * SIGNAL_PER_CHAR
            kind = "signal" if telling else "status text"
            score += weight if telling else weight / 3
            evidence.append(Evidence(at, at + len(needle), kind, f"matches “{signal}”"))
    return score, evidence


def find_phrase(lowered, needle):
    """Where needle occurs in lowered without being part of a longer word (a plural "s" is
    allowed), or -1."""
    at = lowered.find(needle)
    while at >= 0:
        if whole_phrase(lowered, needle, at):
            return at
        at = lowered.find(needle, at + 1)
    return -1


def bm25_all(index, literal, groups):
    """bm25() for every cause at once, through the index's postings: the cost follows the
    words the text shares with the catalogue, not the number of causes. An array over the
    causes."""
    count = len(index.causes)
    postings = index.postings
    scores, _hits = confirmed_reports.summed(postings, literal, count)
    for group in groups:
        best = np.zeros(count)
        for word in group:
            if word in postings:
                positions, weights = postings[word]
                best[positions] = np.maximum(best[positions], weights)
        scores += 0.5 * best
    return scores


def bm25(index, cause, literal, groups):
    """The text's words against the cause's terms; a synonym group counts once, at half."""
    terms, idf = cause.terms, index.idf
    norm = BM25_K1 * (1 - BM25_B + BM25_B * cause.length / index.avg_length)

    def weight(word):
        tf = terms[word]
        return idf.get(word, 0.0) * tf * (BM25_K1 + 1) / (tf + norm)

    score = sum(weight(word) for word in literal & terms.keys())
    for group in groups:
        shared = group & terms.keys()
        if shared:
            score += 0.5 * max(weight(word) for word in shared)
    return score


def described_evidence(index, found, words):
    """The phrases people use for each cause, found in the text: word for word, or all their
    telling words in any order (weaker). {cause position: (score, evidence)}, read through
    the index's phrases filed by word, so the cost follows the text's words."""
    hits = []
    for word in words:
        for position, number, phrase_words in index.described_by_word.get(word, ()):
            if phrase_words <= words:
                hits.append((position, number))
    scored = {}
    for position, number in sorted(hits):
        score, evidence = scored.get(position, (0.0, []))
        at = found.get((DESCRIBED, position, number), -1)
        if at >= 0:
            phrase = index.causes[position].described[number][0]
            score += DESCRIBED_EXACT
            evidence.append(Evidence(at, at + len(phrase), "described", f"says “{phrase}”"))
        else:
            score += DESCRIBED_WORDS
        scored[position] = (score, evidence)
    return scored


def contradictions(cause, position, found):
    """The cause's "not when" phrases that the text says."""
    return [
        phrase
        for number, phrase in enumerate(cause.not_when)
        if (NOT_WHEN, position, number) in found
    ]


@dataclass
class TextMatch:
    cause: CauseInfo
    score: float
    evidence: list
    against: list  # "not when" phrases the text says
    words: float = 0.0  # the part of `score` from shared words (BM25)
    report: float = 0.0  # the similarity to the cause's most similar confirmed report


@dataclass
class Matches:
    """Every cause's evidence for one text, in cause order: the scores as arrays, the
    evidence and "not when" phrases only for the causes that have any. Iterating gives one
    TextMatch per cause."""

    causes: tuple
    score: np.ndarray
    words: np.ndarray
    report: np.ndarray
    evidence: dict  # cause position -> [Evidence, ...] (never empty)
    against: dict  # cause position -> ["not when" phrase, ...] (never empty)
    arrays: object = field(default=None, repr=False)  # the index's Arrays

    def __len__(self):
        return len(self.causes)

    def __iter__(self):
        for position in range(len(self.causes)):
            yield self[position]

    def __getitem__(self, position):
        return TextMatch(
            self.causes[position],
            float(self.score[position]),
            self.evidence.get(position, []),
            self.against.get(position, []),
            float(self.words[position]),
            float(self.report[position]),
        )


def text_evidence(text, index, producer):
    """For each cause, the text's evidence apart from any status it shows: its signals, the
    phrases people use for it, its words and the producer, and what in the text rules it out
    (a Matches). The guide and the ranking below both start from this."""
    lowered = text.lower()
    # A pasted response's header lines are structure, not a description: their names and the
    # everyday values are in every response and tell nothing about the cause.
    head = text[:MAX_WORD_SCAN]
    header_lines = []
    described = BOILERPLATE_HEADER_RE.sub(lambda m: header_lines.append(m[0]) or " ", head)
    described_words = set(words_of(described))
    literal = described_words - NAME_WORDS
    groups = [group - literal for group in SYNONYMS if group & literal]
    # The phrases people use may name a header, so they read the whole head: its words are the
    # description's and the header lines' (whole lines, so no word spans the two).
    stems = described_words.union(*map(words_of, header_lines))
    count = len(index.causes)
    words = bm25_all(index, literal, groups)
    report = index.reports.best(described_words, count)
    found = index.matcher.find(lowered) if index.matcher is not None else {}
    # The causes with a signal or a "not when" phrase in the text: only theirs need reading.
    signalled = {position for kind, position, _number in found if kind == SIGNAL}
    ruled_out = {position for kind, position, _number in found if kind == NOT_WHEN}
    phrases = described_evidence(index, found, stems) if found else {}
    score, evidence = np.zeros(count), {}
    for position in signalled:
        score[position], evidence[position] = signal_evidence(
            index.causes[position], position, found
        )
    for position, (more, spans) in phrases.items():
        score[position] += more
        evidence[position] = evidence.get(position, []) + spans
    if producer and index.producers:
        score += index.arrays.producer_adjust(index.producers, producer)
    score += WORD_WEIGHT * words + REPORT_WEIGHT * report
    against = {}
    for position in ruled_out:
        phrases_said = contradictions(index.causes[position], position, found)
        if phrases_said:
            against[position] = phrases_said
    return Matches(
        index.causes,
        score,
        words,
        report,
        {position: evidence[position] for position in sorted(evidence) if evidence[position]},
        against,
        index.arrays,
    )


def rank(text, statuses, named, matches, answers=None, ranker=None, probe=None, platforms=None):
    """The candidates for `text`, best first, from text_evidence()'s `matches`; `answers`: the
    guide's questions the text answers (detected_answers()); `ranker`: a rerank.Model that
    reorders the first candidates of the hand-set order; `probe`: a list that receives those
    candidates and their feature rows (to fit a ranker); `platforms`: platforms_in(text), when
    the caller has it."""
    answers = answers or {}
    named_platforms = platforms if platforms is not None else platforms_in(text)
    kept, scores = scored_matches(matches, statuses, named, answers, named_platforms)
    scored = [
        Candidate(
            matches.causes[p],
            score,
            matches.evidence.get(p, []),
            float(matches.words[p]),
            float(matches.report[p]),
        )
        for p, score in zip(kept.tolist(), scores.tolist(), strict=True)
    ]
    specific_first(scored)
    scored.sort(key=lambda c: (-c.score, c.cause.code, c.cause.key))
    # The ranker reorders the causes of the status the client saw, the surest fact in the
    # text: it never puts another code's cause before them, and a text with no status keeps
    # the hand-set order (the first three spanning the likely codes, below).
    shown = statuses or named
    reorder = ranker is not None and bool(shown)
    if (reorder or probe is not None) and scored:
        rows = rerank.features(
            scored[: rerank.TOP],
            statuses,
            named,
            named_platforms,
            lambda cause: answers_factor(cause, answers),
        )
        if probe is not None:
            probe.append((scored[: rerank.TOP], rows))
        if reorder:
            reordered = [scored[i] for i in ranker.order(rows)]
            if answers_status(scored[0].cause, shown):
                reordered.sort(key=lambda c: not answers_status(c.cause, shown))
            scored[: rerank.TOP] = reordered
    if not statuses:
        likeliest_code_first(scored)
        diversify(scored)
    return scored


def scored_matches(matches, statuses, named, answers, named_platforms):
    """(positions, scores) of the causes that stay candidates, in cause order. The status the
    client saw wins: other codes come after its causes; a cause seen under that status (from
    another layer, client or vendor) counts nearly as much; another code's cause needs evidence
    of its own. Then the answers the text gives and the prior. Vector arithmetic over
    `matches` (a Matches), the same sums and products in the same order as a loop's."""
    if not matches.causes:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    arrays = matches.arrays if matches.arrays is not None else Arrays(matches.causes)
    codes = arrays.codes
    score = matches.score.copy()
    factor = np.ones(len(codes))
    if matches.against:
        factor[list(matches.against)] = NOT_WHEN_FACTOR
    evident = np.zeros(len(codes), dtype=bool)
    if matches.evidence:
        evident[list(matches.evidence)] = True
    status_set = set(statuses)
    if status_set:
        shown = among(codes, status_set)
        seen = ~shown & arrays.seen_as((statuses[0],))
        score += np.where(
            shown,
            np.where(codes == statuses[0], STATUS_WEIGHT, SECOND_STATUS_WEIGHT),
            np.where(seen, SEEN_AS_WEIGHT * STATUS_WEIGHT, 0.0),
        )
        other = ~shown & ~seen
        keep = ~other | evident
        factor = np.where(other, factor * OTHER_CODE_FACTOR, factor)
    else:
        keep = np.ones(len(codes), dtype=bool)
        if named:
            by_phrase = among(codes, named)
            seen = ~by_phrase & arrays.seen_as(named)
        else:
            by_phrase = seen = np.zeros(len(codes), dtype=bool)
        no_response = ~by_phrase & ~seen & (codes == NO_RESPONSE_CODE) & evident
        score += np.where(
            by_phrase,
            PHRASE_WEIGHT,
            np.where(
                seen, SEEN_AS_WEIGHT * PHRASE_WEIGHT, np.where(no_response, NO_STATUS_BONUS, 0.0)
            ),
        )
    keep &= score > 0
    if answers:
        fits = np.ones(len(codes))
        for slug, answer in answers.items():
            fits = fits * arrays.answer_factor(slug, answer)
        factor = factor * fits
    score = score * (factor * arrays.prior(status_set, named_platforms))
    kept = np.flatnonzero(keep)
    return kept, score[kept]


def answers_status(cause, statuses):
    """Whether the cause is one of the statuses the text shows, or seen as the first of them."""
    return cause.code in statuses or statuses[0] in cause.seen_as


def likeliest_code_first(scored, causes_counted=3):
    """With no status in the text, the first candidate should come from the likeliest code: the
    one whose causes together (the best few of each) hold the most evidence, since several
    causes of one code agreeing say more than one cause of another. Its best cause moves up to
    first place when it scores at least DIVERSE_SHARE of the current first, unless the first
    has evidence in the text's own words (a signal or a phrase people use for it) and that
    cause has none: several vague matches do not outweigh one exact one."""
    if len(scored) < 2:
        return
    totals, counted = {}, {}
    for candidate in scored:
        code = candidate.cause.code
        if counted.get(code, 0) < causes_counted:
            totals[code] = totals.get(code, 0.0) + candidate.score
            counted[code] = counted.get(code, 0) + 1
    best = max(totals, key=lambda code: (totals[code], -code))
    if best == scored[0].cause.code:
        return
    at = next(i for i, c in enumerate(scored) if c.cause.code == best)
    if scored[0].evidence and not scored[at].evidence:
        return  # the text's own words for the first (a signal, a phrase people use) stand
    if scored[at].score >= DIVERSE_SHARE * scored[0].score:
        scored.insert(0, scored.pop(at))


def specific_first(scored):
    """A cause whose exact evidence (a signal) is in the text is not outranked by a sibling of
    its code that only shares words with the text: the generic sibling's score is held just
    below the best signal-matched cause of the code."""
    best = {}
    for candidate in scored:
        if any(e.kind == "signal" for e in candidate.evidence):
            code = candidate.cause.code
            best[code] = max(best.get(code, 0.0), candidate.score)
    for candidate in scored:
        ceiling = best.get(candidate.cause.code)
        if (
            ceiling is not None
            and candidate.score >= ceiling
            and not any(e.kind == "signal" for e in candidate.evidence)
        ):
            candidate.score = ceiling * 0.99


def diversify(scored, shown=3):
    """With no status in the text, the first few candidates should not all be one code: each
    of those places after the first goes to the best cause of a code not shown yet, unless that
    cause scores less than DIVERSE_SHARE of the one it would displace."""
    for place in range(1, min(shown, len(scored))):
        codes = {c.cause.code for c in scored[:place]}
        if scored[place].cause.code not in codes:
            continue
        other = next(
            (i for i in range(place + 1, len(scored)) if scored[i].cause.code not in codes), None
        )
        if other is not None and scored[other].score >= DIVERSE_SHARE * scored[place].score:
            scored.insert(place, scored.pop(other))


def diagnose(text, index, probe=None):
    """Everything the page shows for `text`, ranked over the causes of `index` (`probe`: see
    rank())."""
    started = time.perf_counter()
    text = text.replace("\r\n", "\n").replace("\x00", "")
    statuses, evidence = find_statuses(text, index)
    named, named_evidence = ([], []) if statuses else find_named_statuses(text, index)
    headers = find_headers(text)
    producer, producer_label, producer_evidence = find_producer(headers, text)
    hints = header_hints(headers, statuses[0] if statuses else None)
    for hint in hints:
        name = hint.header.lower()
        if name in headers:
            evidence.append(Evidence(headers[name][1], headers[name][2], "header", hint.header))
    matches = text_evidence(text, index, producer)
    answers = detected_answers(index.detectors, text[:ANSWER_SCAN])
    platforms = frozenset(platforms_in(text))
    candidates = rank(text, statuses, named, matches, answers, index.ranker, probe, platforms)
    for candidate in candidates[:3]:
        evidence.extend(candidate.evidence)
    return Diagnosis(
        text=text,
        statuses=statuses,
        evidence=evidence + named_evidence + producer_evidence,
        hints=hints,
        producer=producer,
        producer_label=producer_label,
        candidates=candidates,
        named_statuses=named,
        headers=headers,
        seconds=time.perf_counter() - started,
        matches=matches,
        answers=answers,
        platforms=platforms,
    )
