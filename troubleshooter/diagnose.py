"""Turn pasted text (an error message, a log line, a raw response, `curl -v` output) into
evidence, header hints and a ranking of likely causes. Plain Python over plain data.

Evidence carries the character span it matched so the page can highlight it in the user's
own text. Causes are ranked from three kinds of evidence: the status code the text shows,
the cause's signals (message fragments kept with each cause and edited in admin), and for a
description in the user's own words, the overlap of its words with the cause's words.
"""

import math
import re
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

from .guide import state_query
from .platforms import NAME_WORDS, platforms_in
from .words import SYNONYMS, WORD_RE, words_of

MAX_INPUT = 64 * 1024  # characters; the view refuses longer pastes
MAX_LINE_SCAN = 4000  # characters of one line examined by the regular expressions
MAX_WORD_SCAN = 20000  # characters read for words and platform names
STATUS_WEIGHT = 20.0
SECOND_STATUS_WEIGHT = 6.0  # another status the text shows, after the first
PHRASE_WEIGHT = 12.0  # a status named by its phrase only ("bad gateway")
OTHER_CODE_FACTOR = 0.5  # a cause of a code the text does not show, when it shows one
NO_RESPONSE_CODE = 0
NO_STATUS_BONUS = 8.0
VENDOR_PRIOR = 0.8  # vendor codes are met less often than registered ones
# The codes developers meet most often; a cause of another code needs a little more evidence.
FREQUENT_CODES = frozenset(
    {
        0,
        200,
        301,
        302,
        304,
        400,
        401,
        403,
        404,
        405,
        408,
        409,
        413,
        415,
        422,
        429,
        500,
        502,
        503,
        504,
    }
)
INFREQUENT_CODE_PRIOR = 0.85
COMMONNESS_PRIOR = {"common": 1.0, "occasional": 0.85, "rare": 0.65, "": 0.85}
PLATFORM_NAMED = 1.35  # the text names or fingerprints one of the cause's platforms
PLATFORM_OTHER = 0.55  # the text names other platforms, none of the cause's
PLATFORM_UNKNOWN = 0.8  # the text names no platform
BM25_K1, BM25_B = 1.2, 0.75
DIVERSE_SHARE = 0.6  # see diversify()
WORD_WEIGHT = 1.0  # how much the text's words count against signals and status
SIGNAL_BASE, SIGNAL_PER_CHAR = 6.0, 0.1  # an exact signal: a longer one tells more
TITLE_TF, SIGNAL_TF, BODY_TF = 2.0, 1.0, 0.3  # term weights of a cause's parts

STATUS_PATTERNS = [
    # HTTP/1.1 429 Too Many Requests, < HTTP/2 502, HTTP/2.0 200
    ("status line", re.compile(r"(?im)^[<>\s]*HTTP/\d(?:\.\d)?\s+(\d{3})\b")),
    # GET https://api.example.com/x 404 (Not Found)   (browser console)
    (
        "browser console",
        re.compile(r"\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\S+\s+(\d{3})\s+\("),
    ),
    # Request failed with status code 401 (axios), status code: 503
    ("client message", re.compile(r"(?i)\bstatus(?:\s+code)?\s*[:=]?\s*\"?(\d{3})\b")),
    # "statusCode": 422, "status": 404
    (
        "JSON field",
        re.compile(r"(?i)\"(?:statusCode|status_code|status|code)\"\s*:\s*\"?(\d{3})\b"),
    ),
    # urllib.error.HTTPError: HTTP Error 403: Forbidden
    ("urllib", re.compile(r"(?i)\bHTTP Error (\d{3})\b")),
    # requests.exceptions.HTTPError: 500 Server Error: ...
    ("requests", re.compile(r"\b(\d{3}) (?:Client|Server) Error\b")),
    # "GET /api HTTP/1.1" 499 0   (nginx / Apache access log)
    ("access log", re.compile(r"\"[A-Z]+ \S+ HTTP/[\d.]+\" (\d{3}) ")),
    # elb_status_code=502 / status=503 in key=value logs
    ("log field", re.compile(r"(?i)\b(?:elb_)?status(?:_code)?=(\d{3})\b")),
    # "Error 522" on a Cloudflare page; curl: "The requested URL returned error: 403"
    ("error number", re.compile(r"(?i)\berror:?\s+(\d{3})\b")),
    # AWS load balancer access log: type time elb client target 3 timings elb_status_code
    (
        "load balancer log",
        re.compile(
            r"(?m)^(?:http|https|h2|grpcs|ws|wss) (?:\S+ ){4}[-\d.]+ [-\d.]+ [-\d.]+ (\d{3}) "
        ),
    ),
    # npm ERR! code E401
    ("npm", re.compile(r"\bnpm ERR! code E(\d{3})\b")),
    # "I get 503 sometimes", "returns a 404", "fails with 413", "Error code: 429"
    (
        "mentioned",
        re.compile(
            r"(?i)\b(?:got|get|gets|getting|returns?|returned|returning|with|code:?|an?)\s+(\d{3})\b"
        ),
    ),
    # "the 503 error", "404s with and without slashes", "a 500 response"
    ("described", re.compile(r"(?i)\b(\d{3})s?\s+(?:errors?|responses?|status|pages?)\b")),
    ("plural", re.compile(r"(?i)\b(?:returning|returns|getting|throws?|throwing)\s+(\d{3})s\b")),
    # google.api_core.exceptions.ResourceExhausted: 429, HttpError: 403
    ("exception", re.compile(r"[A-Za-z](?:Error|Exception|Exhausted|Denied|Failed): (\d{3})\b")),
]
HEADER_RE = re.compile(r"(?m)^[<>]?\s*([A-Za-z][A-Za-z0-9-]{1,60}):[ \t]*(.*?)\s*$")
PRODUCER_FINGERPRINTS = [
    # (header name, value pattern, producer answer, label)
    ("server", re.compile(r"(?i)cloudflare"), "edge", "Cloudflare"),
    ("cf-ray", re.compile(r"."), "edge", "Cloudflare"),
    ("cf-error-type", re.compile(r"."), "edge", "Cloudflare"),
    ("cf-mitigated", re.compile(r"(?i)challenge"), "edge", "Cloudflare (a challenge page)"),
    ("x-amz-cf-id", re.compile(r"."), "edge", "Amazon CloudFront"),
    ("x-cache", re.compile(r"(?i)error from cloudfront"), "edge", "Amazon CloudFront"),
    ("server", re.compile(r"(?i)akamai|akamaighost"), "edge", "Akamai"),
    ("server", re.compile(r"(?i)awselb"), "gateway", "AWS Elastic Load Balancing"),
    ("x-amzn-errortype", re.compile(r"."), "gateway", "Amazon API Gateway"),
    ("server", re.compile(r"(?i)^envoy"), "gateway", "Envoy"),
    ("server", re.compile(r"(?i)^nginx|openresty"), "gateway", "nginx"),
    ("server", re.compile(r"(?i)amazons3"), "app", "Amazon S3"),
    ("server", re.compile(r"(?i)microsoft-iis"), "app", "Microsoft IIS"),
    ("via", re.compile(r"."), None, "a proxy named in Via"),
]


@dataclass
class Evidence:
    start: int
    end: int
    kind: str  # "status", "header", "signal", "producer", "word"
    label: str


@dataclass
class Hint:
    header: str
    advice: str


@dataclass
class CauseInfo:
    """What the parser knows of a cause: plain data, built once from the database."""

    key: str
    code: int
    slug: str
    title: str
    signals: tuple
    words: frozenset  # of the title, slug, phrase and signals
    needles: tuple = ()  # (lowered signal, its words) for each signal
    profile: dict = field(default_factory=dict)
    vendor: bool = False
    body_words: frozenset = frozenset()  # words of "how to confirm it": a weaker match
    terms: dict = field(default_factory=dict)  # word -> weighted count, for BM25
    length: float = 0.0
    commonness: str = ""
    platforms: frozenset = frozenset()

    @classmethod
    def make(cls, *, key, code, slug, title, phrase, signals, confirm="", **extra):
        head = [*words_of(title), *words_of(slug.replace("-", " "))]
        signal_words = [w for signal in signals for w in words_of(signal)]
        body = words_of(confirm)
        terms = {}
        for weight, words in (
            (TITLE_TF, head),
            (SIGNAL_TF, signal_words + words_of(phrase)),
            (BODY_TF, body),
        ):
            for word in words:
                terms[word] = terms.get(word, 0.0) + weight
        return cls(
            key=key,
            code=code,
            slug=slug,
            title=title,
            signals=tuple(signals),
            needles=tuple((s.lower(), frozenset(words_of(s))) for s in signals),
            words=frozenset(head + signal_words + words_of(phrase)),
            body_words=frozenset(body),
            terms=terms,
            length=sum(terms.values()),
            **extra,
        )


@dataclass
class Candidate:
    cause: CauseInfo
    score: float
    evidence: list


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

    @classmethod
    def build(cls, causes, known_codes, phrases=()):
        """`phrases`: (phrase, code) pairs, the official names and former names of codes."""
        counts = {}
        for cause in causes:
            for word in cause.terms:
                counts[word] = counts.get(word, 0) + 1
        total = max(len(causes), 1)
        idf = {word: math.log(1 + (total - n + 0.5) / (n + 0.5)) for word, n in counts.items()}
        avg = sum(c.length for c in causes) / total if causes else 1.0
        patterns = tuple(
            (re.compile(rf"(?i)(?<![\w-]){re.escape(phrase)}(?![\w-])"), code)
            for phrase, code in sorted(phrases, key=lambda p: -len(p[0]))
            if telling_phrase(phrase)
        )
        phrase_codes = {}
        for phrase, code in phrases:
            phrase_codes.setdefault(phrase.lower(), set()).add(code)
        names = "|".join(re.escape(p) for p in sorted(phrase_codes, key=len, reverse=True))
        numbered = re.compile(rf"(?i)\b(\d{{3}})[ -]+({names})\b") if names else None
        return cls(
            tuple(causes), frozenset(known_codes), idf, avg or 1.0, patterns, numbered, phrase_codes
        )


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

    @property
    def status(self):
        return self.statuses[0] if self.statuses else None

    @property
    def guide_pairs(self):
        """The evidence as guide answers, to continue in the guide."""
        pairs = []
        if self.status is not None:
            pairs.append(f"status:{self.status}")
        elif len(self.named_statuses) == 1:
            pairs.append(f"status:{self.named_statuses[0]}")
        if self.producer:
            pairs.append(f"producer:{self.producer}")
        return pairs

    @property
    def guide_query(self):
        return state_query(self.guide_pairs)

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


WHOLE_TEXT_PATTERNS = {"status line", "access log", "load balancer log"}  # the rest: the head


def find_statuses(text, index):
    found = []
    head = text[:MAX_WORD_SCAN]
    for label, pattern in STATUS_PATTERNS:
        for match in pattern.finditer(text if label in WHOLE_TEXT_PATTERNS else head):
            number = int(match.group(1))
            if number in index.known_codes:
                found.append((match.start(1), match.end(1), number, label))
    if index.numbered is not None:
        for match in index.numbered.finditer(text[:MAX_WORD_SCAN]):
            number = int(match.group(1))
            if number in index.phrase_codes.get(match.group(2).lower(), ()):
                found.append((match.start(1), match.end(1), number, "number and reason phrase"))
    found.sort()
    evidence = [Evidence(s, e, "status", f"status {n} ({label})") for s, e, n, label in found]
    ordered = []
    for _s, _e, number, _label in found:
        if number not in ordered:
            ordered.append(number)
    return ordered, evidence


def find_headers(text):
    headers = {}
    for match in HEADER_RE.finditer(text):
        name = match.group(1).lower()
        if name in ("http", "https") or len(match.group(0)) > MAX_LINE_SCAN:
            continue
        headers.setdefault(name, (match.group(2), match.start(), match.end()))
    return headers


def retry_after_advice(value, headers, now=None):
    value = value.strip()
    if value.isdigit():
        seconds = int(value)
        return f"Wait {seconds} second{'s' if seconds != 1 else ''} before retrying."
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return f"Retry-After is “{value[:80]}”, which is neither seconds nor an HTTP date."
    reference = None
    if "date" in headers:
        try:
            reference = parsedate_to_datetime(headers["date"][0])
        except (TypeError, ValueError, IndexError):
            reference = None
    if reference is not None and when.tzinfo and reference.tzinfo:
        seconds = max(0, int((when - reference).total_seconds()))
        return f"Wait until {value} ({seconds} seconds after the response's Date) before retrying."
    return f"Wait until {value} before retrying."


AUTH_PARAM_RE = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|([^\s,]+))')


def auth_hint(header, value):
    scheme = value.split(None, 1)[0] if value.strip() else ""
    params = {m.group(1).lower(): m.group(2) or m.group(3) for m in AUTH_PARAM_RE.finditer(value)}
    error = params.get("error")
    description = params.get("error_description")
    parts = [f"The server asks for {scheme or 'an unnamed'} authentication."]
    if error == "invalid_token":
        parts.append("The token was refused as expired, revoked or malformed: get a new one.")
    elif error == "insufficient_scope":
        parts.append(
            "The token is valid but lacks a scope this call needs"
            + (f" ({params['scope']})" if params.get("scope") else "")
            + ": request a token with that scope; refreshing the same one will not help."
        )
    elif error == "invalid_request":
        parts.append(
            "The request is malformed (missing or duplicated credentials): fix the header."
        )
    elif scheme and not error:
        parts.append("No error code: the request probably carried no credentials at all.")
    if description:
        parts.append(f"The server says: “{description[:200]}”.")
    return Hint(header, " ".join(parts))


def header_hints(headers, status):
    hints = []
    if "retry-after" in headers:
        hints.append(Hint("Retry-After", retry_after_advice(headers["retry-after"][0], headers)))
    if "www-authenticate" in headers:
        hints.append(auth_hint("WWW-Authenticate", headers["www-authenticate"][0]))
    if "proxy-authenticate" in headers:
        scheme = (
            headers["proxy-authenticate"][0].split(None, 1)[0]
            if headers["proxy-authenticate"][0]
            else ""
        )
        hints.append(
            Hint(
                "Proxy-Authenticate",
                f"A proxy between you and the API wants {scheme or 'its own'} credentials "
                "(Proxy-Authorization), not the API's.",
            )
        )
    if "allow" in headers:
        methods = ", ".join(m.strip() for m in headers["allow"][0].split(",") if m.strip())
        hints.append(
            Hint(
                "Allow", f"Use one of: {methods}." if methods else "The resource allows no method."
            )
        )
    if "location" in headers and (status is None or 300 <= status < 400 or status == 201):
        hints.append(Hint("Location", f"The response points to {headers['location'][0][:300]}."))
    limit_names = [
        n for n in headers if n.startswith("x-ratelimit") or n in ("ratelimit", "ratelimit-policy")
    ]
    for name in limit_names:
        value = headers[name][0]
        advice = f"{value[:120]}"
        if name.endswith("remaining") and value.strip() == "0":
            advice = "0 requests left in the current window."
        elif name.endswith("reset"):
            advice = (
                f"The window resets at {value[:60]} (seconds or a Unix time, depending on the API)."
            )
        hints.append(Hint(name.title().replace("X-Ratelimit", "X-RateLimit"), advice))
    return hints


def find_producer(headers, text):
    evidence, producer, label = [], None, None
    for name, pattern, answer, what in PRODUCER_FINGERPRINTS:
        if name in headers and pattern.search(headers[name][0]):
            _value, start, end = headers[name]
            evidence.append(Evidence(start, end, "producer", f"sent by {what}"))
            if producer is None and answer:
                producer, label = answer, what
    html = re.search(r"(?i)<!doctype html|<html[\s>]", text)
    content_type = headers.get("content-type", ("",))[0].lower()
    if html and "json" in content_type:
        evidence.append(
            Evidence(html.start(), html.end(), "header", "an HTML page labelled as JSON")
        )
    elif html:
        evidence.append(
            Evidence(html.start(), html.end(), "header", "an HTML page, not the API's JSON")
        )
    return producer, label, evidence


def find_named_statuses(text, index):
    """Codes named only by their reason phrase ("Bad Gateway", "payload too large")."""
    found, evidence = [], []
    head = text[:MAX_WORD_SCAN]
    for pattern, code in index.phrases:
        match = pattern.search(head)
        if match and code not in found:
            found.append(code)
            evidence.append(
                Evidence(match.start(), match.end(), "status", f"status {code} named by its phrase")
            )
    return found, evidence


def signal_evidence(cause, lowered, text_words):
    """Score and evidence of the cause's signals found in the text as whole phrases."""
    score, evidence = 0.0, []
    for signal, (needle, needle_words) in zip(cause.signals, cause.needles, strict=True):
        if len(needle) < 3 or not needle_words <= text_words:
            continue
        at = find_phrase(lowered, needle)
        if at >= 0:
            score += SIGNAL_BASE + min(len(needle), 40) * SIGNAL_PER_CHAR
            evidence.append(Evidence(at, at + len(needle), "signal", f"matches “{signal}”"))
    return score, evidence


def find_phrase(lowered, needle):
    """Where needle occurs in lowered without being part of a longer word (a plural "s" is
    allowed), or -1."""
    at = lowered.find(needle)
    while at >= 0:
        before = lowered[at - 1] if at else " "
        end = at + len(needle)
        after = lowered[end] if end < len(lowered) else " "
        if after == "s" and (end + 1 >= len(lowered) or not lowered[end + 1].isalnum()):
            after = " "
        if not (needle[0].isalnum() and before.isalnum()) and not (
            needle[-1].isalnum() and after.isalnum()
        ):
            return at
        at = lowered.find(needle, at + 1)
    return -1


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


def prior(cause, status_set, named_platforms):
    factor = COMMONNESS_PRIOR.get(cause.commonness, COMMONNESS_PRIOR[""])
    if cause.platforms:
        if cause.platforms & named_platforms:
            factor *= PLATFORM_NAMED
        elif named_platforms:
            factor *= PLATFORM_OTHER
        else:
            factor *= PLATFORM_UNKNOWN
    if cause.code not in status_set:
        if cause.vendor:
            factor *= VENDOR_PRIOR
        elif cause.code not in FREQUENT_CODES:
            factor *= INFREQUENT_CODE_PRIOR
    return factor


def rank(text, index, statuses, named, producer):
    lowered = text.lower()
    text_words = set(WORD_RE.findall(lowered))
    text_words |= {word[:-1] for word in text_words if word.endswith("s")}
    literal = set(words_of(text[:MAX_WORD_SCAN])) - NAME_WORDS
    groups = [group - literal for group in SYNONYMS if group & literal]
    named_platforms = platforms_in(text)
    status_set, named_set = set(statuses), set(named)
    scored = []
    for cause in index.causes:
        score, evidence = signal_evidence(cause, lowered, text_words)
        factor = 1.0
        if status_set:
            # The status the client saw wins: other codes come after its causes.
            if cause.code in status_set:
                score += STATUS_WEIGHT if cause.code == statuses[0] else SECOND_STATUS_WEIGHT
            elif not evidence:
                continue
            else:
                factor = OTHER_CODE_FACTOR
        elif cause.code in named_set:
            score += PHRASE_WEIGHT
        elif cause.code == NO_RESPONSE_CODE and evidence:
            score += NO_STATUS_BONUS  # no status line in the text: a failure without a response
        if producer and "producer" in cause.profile:
            score += 1.5 if producer in cause.profile["producer"] else -1.0
        score += WORD_WEIGHT * bm25(index, cause, literal, groups)
        if score > 0:
            score *= factor * prior(cause, status_set, named_platforms)
            scored.append(Candidate(cause, score, evidence))
    scored.sort(key=lambda c: (-c.score, c.cause.code, c.cause.key))
    if not status_set:
        diversify(scored)
    return scored


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


def diagnose(text, index):
    """Everything the page shows for `text`, ranked over the causes of `index`."""
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
    candidates = rank(text, index, statuses, named, producer)
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
    )
