"""The guide's first screen: what the user has (their own text, a status, a platform) turned
into the guide's state, and the text into evidence for the shared scoring model.

The text is redacted before anything else sees it, and only the redacted text, cut to
MAX_TEXT characters, ever goes into the guide's URL. Plain Python over a content snapshot.
"""

import re
from dataclasses import dataclass, field

from troubleshooter.engine import diagnose, guide
from troubleshooter.engine.evidence import (
    VENDOR_WORDINGS,
    find_headers,
    find_named_statuses,
    find_producer,
    find_statuses,
    phrase_key,
)
from troubleshooter.engine.guide.rank import log_factors
from troubleshooter.engine.platforms import platforms_in
from troubleshooter.engine.redact import redact

MAX_TEXT = 1500  # characters of (redacted) text the guide keeps and reads
MAX_STATUS = 100
NO_RESPONSE_WORDS = {"0", "none", "no response", "no response at all", "network error", "timeout"}
SUCCESS_WORDS = {guide.SUCCESS, "2xx", "ok", "200 but failed", guide.SUCCESS_LABEL.lower()}
UNSURE_WORDS = {"", guide.UNSURE, "not sure", "don't know", "unknown", "?"}
CLASS_WORDS = {
    "5xx": "5xx", "server error": "5xx", "a server error": "5xx",
    "4xx": "4xx", "client error": "4xx", "a client error": "4xx",
    "3xx": "3xx", "redirect": "3xx", "a redirect": "3xx",
}  # fmt: skip
NUMBER_RE = re.compile(r"^\s*(\d{1,3})(?:\s|$|[^\d])")


@dataclass
class Start:
    pairs: list
    text: str  # redacted and cut
    removed: list = field(default_factory=list)  # what redaction removed
    notes: list = field(default_factory=list)
    error: str = ""  # the form cannot be used as it is (an unknown status)
    status_from_text: str = ""  # the status answer read off the text, none being picked


CONSTANT_RE = re.compile(r"^(?:http|status|sc)[ _]?(\d{3})(?:[ _].*)?$")  # HTTP_404_NOT_FOUND
NPM_CODE_RE = re.compile(r"^e(\d{3})$")  # npm ERR! code E401
# What a browser's Network tab, fetch() or a socket library says when no response reached the
# caller: the guide's "No response at all". Chromium's net errors (net::ERR_…), Node's socket
# errnos, devtools' "(failed)", "(canceled)", "(blocked:…)" and "CORS error".
NO_RESPONSE_WORDINGS = {
    "cors error", "(failed)", "failed", "(canceled)", "canceled", "cancelled",
    "failed to fetch", "typeerror: failed to fetch", "load failed", "network request failed",
    "networkerror when attempting to fetch resource", "socket hang up", "connection refused",
    "connection reset", "connection timed out",
}  # fmt: skip
NO_RESPONSE_RE = re.compile(
    r"^(?:(?:net::)?err_(?!too_many_redirects$)[a-z0-9_]+"
    r"|e(?:connreset|connrefused|connaborted|timedout|hostunreach|netunreach|pipe|ai_again|notfound)"
    r"|\(blocked:[a-z0-9_-]+\))$"
)
REDIRECT_LOOP_RE = re.compile(r"^(?:net::)?err_too_many_redirects$")  # the answers were redirects
# gRPC's canonical codes, as Google's APIs also name them in JSON errors ("status":
# "PERMISSION_DENIED"), with the HTTP status google/rpc/code.proto maps each to.
GRPC_CODES = {
    "cancelled": 499, "invalid_argument": 400, "deadline_exceeded": 504, "not_found": 404,
    "already_exists": 409, "permission_denied": 403, "resource_exhausted": 429,
    "failed_precondition": 400, "aborted": 409, "out_of_range": 400, "unimplemented": 501,
    "internal": 500, "unavailable": 503, "data_loss": 500, "unauthenticated": 401,
}  # fmt: skip
# A library constant's qualifier (HTTPStatus., http., StatusCode::, HttpServletResponse.) and
# its own prefix (Java's SC_, Node's HTTP_STATUS_, Go's Status…): what is left is the phrase.
QUALIFIER_RE = re.compile(r"^(?:[A-Za-z_]\w*(?:\.|::))+")
CONSTANT_PREFIX_RE = re.compile(r"^(?:SC_|HTTP_STATUS_|Status(?=[A-Z][a-z]))")


def status_names(snapshot):
    """Normalised phrase, former name or vendor wording -> code, for every code."""
    names = {phrase_key(name): code for name, code in VENDOR_WORDINGS.items()}
    for entry in snapshot.codes:
        for name in (entry.phrase, *entry.aliases):
            names.setdefault(phrase_key(name), entry.code)
    return names


def parse_status(value, snapshot):
    """A status as typed or picked: a number, a phrase or former name, a constant
    (`GATEWAY_TIMEOUT`, `HTTP_404`, `E401`), a vendor's wording (`Request URI Too Large`), "no
    response" or "a success code". Returns (answer for the status question or None for
    unknown, note)."""
    value = " ".join(value.split())[:MAX_STATUS]
    lowered = value.lower()
    question = snapshot.guide.status_question
    answers = question.index if question else {}
    if lowered in UNSURE_WORDS:
        return None, ""
    if lowered in NO_RESPONSE_WORDS or lowered == guide.NO_RESPONSE_LABEL.lower():
        return str(guide.NO_RESPONSE), ""
    if lowered in SUCCESS_WORDS:
        return guide.SUCCESS, ""
    if lowered in CLASS_WORDS:
        return CLASS_WORDS[lowered], ""
    constant = CONSTANT_RE.match(lowered) or NPM_CODE_RE.match(lowered)
    match = constant or NUMBER_RE.match(value)
    if match:
        number = match.group(1)
        if number in answers:
            return number, ""
        return None, f"There is no status code {number} in this reference."
    if lowered.rstrip(".") in NO_RESPONSE_WORDINGS or NO_RESPONSE_RE.match(lowered):
        return str(guide.NO_RESPONSE), ""
    if REDIRECT_LOOP_RE.match(lowered):
        return CLASS_WORDS["redirect"], ""
    names = status_names(snapshot)
    constant_name = library_name(value)
    for name in (phrase_key(lowered), constant_name):
        code = names.get(name)
        if code is None:
            code = names.get(name.removesuffix(" error").removesuffix(" exception"))
        if code is None:
            code = GRPC_CODES.get(name.replace(" ", "_"))
        if code is not None and str(code) in answers:
            return str(code), ""
    constant = CONSTANT_RE.match(constant_name.replace(" ", "_"))
    if constant and constant.group(1) in answers:
        return constant.group(1), ""  # status.HTTP_422_UNPROCESSABLE_ENTITY
    return None, f"“{value}” is not a status code or reason phrase this reference knows."


def library_name(value):
    """A library's constant as words: "HTTPStatus.BAD_GATEWAY" -> "bad gateway",
    "HttpStatusCode.RequestEntityTooLarge" -> "request entity too large", "http.StatusNotFound"
    -> "not found", "HttpServletResponse.SC_FORBIDDEN" -> "forbidden"."""
    name = CONSTANT_PREFIX_RE.sub("", QUALIFIER_RE.sub("", value.strip()))
    if not name.isupper() and "_" not in name:
        name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)  # CamelCase
    return phrase_key(name)


def start(snapshot, text, status="", platform=""):
    """The first screen's fields -> the guide's state (pairs and redacted text)."""
    redacted = redact(text[: diagnose.MAX_INPUT])
    clean = redacted.text.replace("\r\n", "\n").replace("\x00", "").strip()
    notes = []
    if len(clean) > MAX_TEXT:
        clean = clean[:MAX_TEXT]
        notes.append(
            f"Only the first {MAX_TEXT:,} characters of your text are used here; "
            "the diagnosis page reads up to 64 KB."
        )
    content = snapshot.guide
    answer = None
    from_text = ""
    if content.status_question is not None:
        answer, error = parse_status(status, snapshot)
        if error:
            return Start([], clean, redacted.removed, notes, error)
        if answer is None and clean:
            answer = status_in_text(clean, snapshot)
            from_text = answer or ""
    platforms = content.platform_question.index if content.platform_question else {}
    pairs = guide.first_screen_pairs(
        content, answer or guide.UNSURE, platform if platform in platforms else guide.UNSURE
    )
    return Start(pairs, clean, redacted.removed, notes, status_from_text=from_text)


def evidence_pairs(content, status=None, producer=None):
    """What a text's evidence answers: the status it shows and who produced the response."""
    pairs = []
    question = content.status_question
    if status is not None and question is not None and str(status) in question.index:
        pairs.append((question.slug, str(status)))
    question = content.producer_question
    if producer and question is not None and producer in question.index:
        pairs.append((question.slug, producer))
    return pairs


def diagnosis_pairs(content, diagnosis):
    """A diagnosis' evidence as the guide's answers, to continue in the guide."""
    status = diagnosis.status
    if status is None and len(diagnosis.named_statuses) == 1:
        status = diagnosis.named_statuses[0]
    return evidence_pairs(content, status, diagnosis.producer)


def status_in_text(text, snapshot, diagnosis=None):
    """The status the text shows (a number, or one code named by its phrase) as the status
    question's answer, or None; a `diagnosis` of the same text has found them already."""
    if diagnosis is not None:
        statuses, named = diagnosis.statuses, diagnosis.named_statuses
    else:
        statuses, _evidence = find_statuses(text, snapshot.diagnose)
        named = [] if statuses else find_named_statuses(text, snapshot.diagnose)[0]
    if not statuses:
        statuses = named if len(named) == 1 else []
    answers = snapshot.guide.status_question.index
    return str(statuses[0]) if statuses and str(statuses[0]) in answers else None


def text_evidence(snapshot, text, diagnosis=None):
    """The text's evidence for each cause, from the diagnosis' own scoring. Every step of a
    walk carries the same text, so the snapshot keeps the latest results (`snapshot.memo`).
    `text` has been redacted by the caller (start() or the guide's view), like everything the
    guide keeps. A `diagnosis` of the same text lends its per-cause matches."""
    if not text.strip():
        return guide.NO_TEXT
    lent = diagnosis if diagnosis is not None and diagnosis.text == text else None
    return snapshot.memo.get(("text", text), lambda: read_evidence(snapshot, text, lent))


def text_answers(content, producer, detected):
    """The answers the text gives: who produced the response (its fingerprints), and
    `detected` (diagnose.detected_answers()), each question whose `detect` patterns match for
    exactly one answer."""
    question = content.producer_question
    if producer and question is not None and producer in question.index:
        return detected | {question.slug: producer}
    return detected


def read_evidence(snapshot, text, diagnosis=None):
    """The guide's TextEvidence for `text`; a `diagnosis` of the same text lends its matches
    and answers."""
    if diagnosis is not None:
        producer, platforms = diagnosis.producer, diagnosis.platforms
        matches, detected = diagnosis.matches, diagnosis.answers
    else:
        producer, _label, _evidence = find_producer(find_headers(text), text)
        platforms = frozenset(platforms_in(text))
        matches = diagnose.text_evidence(text, snapshot.diagnose, producer)
        detected = diagnose.detected_answers(
            snapshot.diagnose.detectors, text[: diagnose.ANSWER_SCAN]
        )
    causes = matches.causes
    keys = matches.arrays.keys if matches.arrays is not None else diagnose.Arrays(causes).keys
    evident = matches.score > 0
    scores = dict(zip(keys[evident].tolist(), matches.score[evident].tolist(), strict=True))
    found = {
        causes[position].key: tuple(e.label for e in spans)
        for position, spans in matches.evidence.items()
    }
    against = {causes[position].key for position in matches.against}
    # The guide's log factors for the text, once per text rather than at every step. The
    # guide's causes and the diagnosis' are the same list in the same order (snapshot.build).
    logs = log_factors(matches.score, list(matches.against))
    logs.flags.writeable = False
    status = status_in_text(text, snapshot, diagnosis)
    response = snapshot.guide.response_question
    if status is not None and response is not None and response.slug in detected:
        # A status in the text settles whether a response came back; a client's "no
        # response" message in the same paste is about another request (a retry, a call
        # the server made).
        detected = {slug: a for slug, a in detected.items() if slug != response.slug}
    return guide.TextEvidence(
        scores,
        found,
        platforms,
        frozenset(against),
        text_answers(snapshot.guide, producer, detected),
        int(status) if status is not None and status != guide.SUCCESS else None,
        logs,
    )
