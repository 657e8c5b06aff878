"""Remove secrets from pasted text before it reaches a page, a URL, a log or a cache.

What is removed: private key blocks; tokens and keys of a known format (AWS, Azure, Google,
GitHub, GitLab, Slack, Stripe, SendGrid, Twilio, Mailchimp, npm, PyPI, OpenAI and others, JWTs);
bearer and basic credentials; the values of credential headers (Authorization, Cookie,
Set-Cookie, API key headers) in raw HTTP, curl commands, logged dicts and JSON; passwords in URLs
(database URLs too) and in `curl -u`; and the values of keys named like a secret (`password`,
`client_secret`, `api_key`, `token`, OAuth `code` and `state` in a query…) in .env lines,
config files, JSON, code, query strings and form bodies. Each is replaced by MARK and the caller
learns what was removed ("a private key", "2 bearer tokens").

What is kept, because the diagnosis needs it: error codes and names, reason phrases, request
IDs, hosts, paths and numbers. A key is a secret only by its name AND a value that looks like
one: "token=after", `"code": "method_not_allowed"`, `password: required` and `Code: SlowDown`
stay as they are.

The patterns of the well-known formats are taken from Yelp's detect-secrets (1.5.0; each rule
names its plugin, UPSTREAM lists the patterns as they are there and a test checks them against
the installed package), widened where a real token is longer than the plugin's pattern so no
tail is left behind. Every rule runs only when one of its cheap substrings is in the text, and
works on the whole text at once: a 64 KB paste takes a few milliseconds.
"""

import base64
import binascii
import bisect
import math
import re
import string
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

MARK = "[REDACTED]"

# What redact() can report: (one, several), e.g. "a bearer token" / "3 bearer tokens".
KINDS = {
    "private key": ("a private key", "private keys"),
    "bearer": ("a bearer token", "bearer tokens"),
    "basic": ("a basic auth credential", "basic auth credentials"),
    "header": ("a credential header", "credential headers"),
    "cookie": ("a cookie", "cookies"),
    "jwt": ("a JWT", "JWTs"),
    "aws key id": ("an AWS access key ID", "AWS access key IDs"),
    "aws secret": ("an AWS secret key", "AWS secret keys"),
    "azure account": ("an Azure account key", "Azure account keys"),
    "azure sas": ("an Azure shared access key", "Azure shared access keys"),
    "google": ("a Google API key", "Google API keys"),
    "google secret": ("a Google client secret", "Google client secrets"),
    "github": ("a GitHub token", "GitHub tokens"),
    "gitlab": ("a GitLab token", "GitLab tokens"),
    "slack": ("a Slack token", "Slack tokens"),
    "webhook": ("a webhook token", "webhook tokens"),
    "stripe": ("a Stripe key", "Stripe keys"),
    "sendgrid": ("a SendGrid key", "SendGrid keys"),
    "twilio": ("a Twilio key", "Twilio keys"),
    "mailchimp": ("a Mailchimp key", "Mailchimp keys"),
    "npm": ("an npm token", "npm tokens"),
    "pypi": ("a PyPI token", "PyPI tokens"),
    "bot": ("a bot token", "bot tokens"),
    "api key": ("an API key", "API keys"),
    "url password": ("a password in a URL", "passwords in URLs"),
    "command password": ("a password in a command", "passwords in commands"),
    "password": ("a password", "passwords"),
    "secret": ("a secret", "secrets"),
    "private key id": ("a private key ID", "private key IDs"),
    "token": ("a token", "tokens"),
    "session": ("a session ID", "session IDs"),
    "signature": ("a signature", "signatures"),
    "credential": ("a credential", "credentials"),
    "oauth code": ("an OAuth code", "OAuth codes"),
    "oauth state": ("an OAuth state", "OAuth states"),
}

# The detect-secrets 1.5.0 patterns the rules below are built on, as they are in its plugins
# (tests/test_redact_corpus.py checks them against the installed package, so an upgrade that
# changes one is noticed and the rule here is looked at again).
UPSTREAM = {
    "aws.AWSKeyDetector": (
        r"(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}",
        r"aws.{0,20}?(?:key|pwd|pw|password|pass|token).{0,20}?[\'\"]([0-9a-zA-Z/+]{40})[\'\"]",
    ),
    "azure_storage_key.AzureStorageKeyDetector": (r"AccountKey=[a-zA-Z0-9+\/=]{88}",),
    "github_token.GitHubTokenDetector": (r"(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}",),
    "gitlab_token.GitLabTokenDetector": (
        r"(glpat|gldt|glft|glsoat|glrt)-[A-Za-z0-9_\-]{20,50}(?!\w)",
        r"GR1348941[A-Za-z0-9_\-]{20,50}(?!\w)",
        r"glcbt-([0-9a-fA-F]{2}_)?[A-Za-z0-9_\-]{20,50}(?!\w)",
        r"glimt-[A-Za-z0-9_\-]{25}(?!\w)",
        r"glptt-[A-Za-z0-9_\-]{40}(?!\w)",
        r"glagent-[A-Za-z0-9_\-]{50,1024}(?!\w)",
        r"gloas-[A-Za-z0-9_\-]{64}(?!\w)",
    ),
    "jwt.JwtTokenDetector": (r"eyJ[A-Za-z0-9-_=]+\.[A-Za-z0-9-_=]+\.?[A-Za-z0-9-_.+/=]*?",),
    "mailchimp.MailchimpDetector": (r"[0-9a-z]{32}-us[0-9]{1,2}",),
    "npm.NpmDetector": (r"\/\/.+\/:_authToken=\s*((npm_.+)|([A-Fa-f0-9-]{36})).*",),
    "openai.OpenAIDetector": (r"sk-[A-Za-z0-9-_]*[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}",),
    "private_key.PrivateKeyDetector": (
        "BEGIN DSA PRIVATE KEY",
        "BEGIN EC PRIVATE KEY",
        "BEGIN OPENSSH PRIVATE KEY",
        "BEGIN PGP PRIVATE KEY BLOCK",
        "BEGIN PRIVATE KEY",
        "BEGIN RSA PRIVATE KEY",
        "BEGIN SSH2 ENCRYPTED PRIVATE KEY",
        "PuTTY-User-Key-File-2",
    ),
    "pypi_token.PypiTokenDetector": (
        r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9-_]{70,}",
        r"pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9-_]{70,}",
    ),
    "sendgrid.SendGridDetector": (r"SG\.[a-zA-Z0-9_-]{22}\.[a-zA-Z0-9_-]{43}",),
    "slack.SlackDetector": (
        r"xox(?:a|b|p|o|s|r)-(?:\d+-)+[a-z0-9]+",
        r"https://hooks\.slack\.com/services/T[a-zA-Z0-9_]+/B[a-zA-Z0-9_]+/[a-zA-Z0-9_]+",
    ),
    "square_oauth.SquareOAuthDetector": (r"sq0csp-[0-9A-Za-z\\\-_]{43}",),
    "stripe.StripeDetector": (r"(?:r|s)k_live_[0-9a-zA-Z]{24}",),
    "telegram_token.TelegramBotTokenDetector": (r"\d{8,10}:[0-9A-Za-z_-]{35}",),
    "twilio.TwilioKeyDetector": (r"AC[a-z0-9]{32}", r"SK[a-z0-9]{32}"),
    "basic_auth.BasicAuthDetector": (
        r"://[^:/\?\#\[\]@!\$\&'\(\)\*\+,;=\s]+:([^:/\?\#\[\]@!\$\&'\(\)\*\+,;=\s]+)@",
    ),
}


# What a value is, to tell a secret from evidence ------------------------------------------

PLACEHOLDER_RE = re.compile(
    r"(?i)^(?:null|none|nil|true|false|undefined|empty|redacted|filtered|hidden|masked|removed"
    r"|omitted|sensitive|secret|password|pass|token|\**|x{3,}|\.{3,}|…|-+|_+|<[^<>]*>|\$\{[^}]*\}"
    r"|\{\{?[^{}]*\}\}?|%s|%d|%\([^)]*\)s|\$[A-Za-z_]\w*|\$\(.*|your[_-][\w-]*|\[[A-Za-z _-]*\])$"
)
# A word as prose and code names write it: "after", "Invalid", "ECONNREFUSED", "SlowDown",
# "iPhone", "XMLHttpRequest" (a mixed-case random string such as "kqzXvTrwPLmn" is not one).
WORD_RE = re.compile(r"^(?:[A-Z]*[a-z]*(?:[A-Z][a-z]+)*[A-Z]*s?)$")
PIECE_SPLIT_RE = re.compile(r"[\s_.:/#=@,;+()'\"!?-]+")
ERROR_CODE_RE = re.compile(r"^(?:[A-Z]{1,10}[-_]?\d{1,8}|0x[0-9A-Fa-f]{1,16}|[A-Z]\d{1,3}[A-Z]?)$")
# A reference in code: self.s3key, os.environ, settings.API_KEY, process.env.TOKEN
CODE_REF_RE = re.compile(r"^[a-z]{2,}(?:\.[A-Za-z_][A-Za-z0-9_]*)+$")
CODE_CALL_RE = re.compile(r"^[A-Za-z_][\w.]*\(.*\)[;,]?$")  # str(uuid.uuid4()), getpass()
URL_OR_PATH_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|/|\.{1,2}/|~/|[A-Za-z]:\\)")
PATH_RE = re.compile(r"^[\w.-]+(?:/[\w.-]+)+/?$")


def pieces(value):
    return [piece for piece in PIECE_SPLIT_RE.split(value) if piece]


def is_word(piece):
    return piece.isalpha() and piece.isascii() and len(piece) <= 24 and bool(WORD_RE.match(piece))


def is_words(value):
    """Only words, joined by spaces or code punctuation: "invalid_grant", "self.password"."""
    parts = pieces(value)
    return bool(parts) and all(is_word(part) for part in parts)


def is_wordish(value):
    """Words and small numbers: "elb_status_code=502", "v2", "2024-05-01"."""
    parts = pieces(value)
    return bool(parts) and all(
        is_word(part) or (part.isdigit() and len(part) <= 4) for part in parts
    )


def is_sentence(value):
    words = value.split()
    if len(words) < 3:
        return False
    plain = sum(1 for word in words if is_word(word.strip(".,;:!?()'\"")))
    return plain * 3 >= len(words) * 2


def is_path(value):
    """A URL, a file path or an S3-style key of words and numbers: "photos/2006/sample.jpg"."""
    if URL_OR_PATH_RE.match(value):
        return True
    return bool(PATH_RE.match(value)) and is_wordish(value)


def entropy(value):
    """Shannon entropy in bits per character."""
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in Counter(value).values())


def is_evidence(value):
    """What is never a secret, whatever its key is called."""
    return (
        not value
        or MARK in value
        or bool(PLACEHOLDER_RE.match(value))
        or is_words(value)
        or is_sentence(value)
        or bool(ERROR_CODE_RE.match(value))
        or bool(CODE_REF_RE.match(value))
        or bool(CODE_CALL_RE.match(value))
        or is_path(value)
    )


LOWER = frozenset(string.ascii_lowercase)
UPPER = frozenset(string.ascii_uppercase)
DIGITS = frozenset(string.digits)
NUMBER_RE = re.compile(r"^[\d.:-]+$")  # 3600, 10.0.0.1, 2024-05-14


@lru_cache(maxsize=4096)
def looks_random(value, min_length=8):
    """A token, key or session ID: long enough, several kinds of character (or very long), not
    repetitive, not a number, and none of the evidence above."""
    if len(value) < min_length or NUMBER_RE.match(value):
        return False
    chars = set(value)
    kinds = (
        bool(chars & LOWER)
        + bool(chars & UPPER)
        + bool(chars & DIGITS)
        + bool(chars - LOWER - UPPER - DIGITS)
    )
    if kinds < 2 and len(value) < 20:
        return False
    # 12 or more different characters, in a value at most twice as long: 2.5 bits or more
    varied = len(chars) >= 12 and 2 * len(chars) >= len(value)
    return (varied or entropy(value) >= 2.5) and not is_evidence(value) and not is_wordish(value)


@lru_cache(maxsize=4096)
def looks_like_password(value):
    """A password: not words, not a placeholder, not an error code; "hunter2", "password1"."""
    return len(value) >= 4 and not is_evidence(value)


looks_like_password.spec = {"check": "password"}


# The rules ----------------------------------------------------------------------------------
#
# Each rule finds its candidates with a pattern that starts with a literal (so the regex engine
# skips to it), on the text itself or on its lowercased copy (same positions: only where
# str.lower() keeps the length, see lowercase()); pick() then reads the original text around
# the match and says which spans to replace and what each was.


@dataclass(frozen=True)
class Rule:
    needles: tuple  # one must be in the lowercased text for the rule to run
    pattern: re.Pattern | None
    pick: object  # (match, text) -> [(start, end, kind)] of the parts to replace, in order
    lower: bool = False  # the pattern runs on the lowercased text (match.string)
    scan: object = None  # or (text, lowered) -> [(start, end, kind)] in order, for the whole text

    def find(self, text, lowered):
        if self.scan is not None:
            yield from self.scan(text, lowered)
            return
        for match in self.pattern.finditer(lowered if self.lower else text):
            yield from self.pick(match, text)


def described(spec, function):
    """`function`, carrying `spec`: what it does as plain data, for the browser's copy of these
    rules (static/js/redact.js runs the same rules from rule_table())."""
    function.spec = spec
    return function


def span_of(kind, number=0, check=None):
    """The match's group `number` (its span in the original text), when check(value) agrees."""

    def pick(match, text):
        start, end = match.span(number)
        value = text[start:end]
        if not value or MARK in value or PLACEHOLDER_RE.match(value):
            return []
        if check is not None and not check(value):
            return []
        return [(start, end, kind)]

    check_spec = check.spec if check is not None else None
    return described({"pick": "span", "kind": kind, "group": number, "check": check_spec}, pick)


def random_part(min_length, skip=0):
    """A token whose random part (after a `skip`-character prefix such as ghp_) looks random."""
    return described(
        {"check": "random", "min": min_length, "skip": skip},
        lambda value: looks_random(value[skip:], min_length),
    )


def after_word(text, start):
    """Does position `start` follow a letter, digit, _ or - (so it is inside a longer word)?"""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-")


def bounded(pick):
    """Only matches that start a word."""
    return described(
        {"pick": "bounded", "inner": pick.spec},
        lambda match, text: [] if after_word(text, match.start()) else pick(match, text),
    )


def basic_credential(value):
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
        plain = decoded.decode("utf-8")
    except (binascii.Error, ValueError):
        return False
    return ":" in plain and plain.isprintable()


basic_credential.spec = {"check": "basic"}


# Credential headers: their value is removed whatever it looks like.
SECRET_HEADERS = (
    "proxy-authorization", "authorization", "set-cookie", "cookie", "x-api-key", "api-key",
    "apikey", "x-auth-token", "x-access-token", "x-amz-security-token", "x-goog-api-key",
    "ocp-apim-subscription-key", "x-csrf-token", "x-xsrf-token", "private-token",
    "x-shopify-access-token", "x-vault-token", "x-functions-key", "x-api-token", "x-auth-key",
    "x-figma-token", "x-postmark-server-token", "x-gitlab-token", "x-hub-signature-256",
    "x-hub-signature", "stripe-signature", "x-slack-signature",
)  # fmt: skip
AUTH_SCHEMES = {
    "basic", "bearer", "digest", "token", "ntlm", "negotiate", "aws4-hmac-sha256", "aws",
    "oauth", "sharedkey", "sharedkeylite", "apikey", "api-key", "key", "ssws", "dpop", "hoba",
    "mac", "googlelogin", "splunk", "client-id", "gitlab-ci-token", "signature", "hmac",
}  # fmt: skip
ONE_TOKEN_SCHEMES = {"basic", "bearer", "token", "apikey", "api-key", "key", "ssws", "dpop"}
COOKIE_PAIR_RE = re.compile(r"([^=;,\s]+)[ \t]*=[ \t]*(\"[^\"]*\"|[^;]*?)[ \t]*(?=;|$)")
SCHEME_RE = re.compile(r"([A-Za-z][\w-]{0,30})[ \t]+(?=\S)")
HEADER_RE = re.compile(
    "(?:" + "|".join(re.escape(name) for name in SECRET_HEADERS) + r")(?P<close>[\"']?)[ \t]*"
    r"(?P<sep>=>|[:=])[ \t]*"
)
LINE_START_RE = re.compile(r"(?:^|\n)[<>]?[ \t]*$")
QUOTED_AT_RE = re.compile(r"\\?([\"'`])")
HEADER_QUOTE_RE = re.compile(r"\\?([\"'])")


def header_value(name, start, value):
    """The parts of a credential header's value to remove: the credentials after an auth
    scheme (the scheme stays: Basic or Bearer is evidence), each cookie's value (names and
    attributes stay), or the whole value."""
    if name in ("cookie", "set-cookie"):
        spans = []
        for match in COOKIE_PAIR_RE.finditer(value):
            cookie = match.group(2).strip('"')
            if cookie and MARK not in cookie and not PLACEHOLDER_RE.match(cookie):
                spans.append((start + match.start(2), start + match.end(2), "cookie"))
            if name == "set-cookie":
                break  # the rest are attributes: Path, Domain, SameSite…
        return spans
    if name in ("authorization", "proxy-authorization"):
        scheme = SCHEME_RE.match(value)
        if scheme and scheme.group(1).lower() in AUTH_SCHEMES:
            start, value = start + scheme.end(), value[scheme.end() :]
            if scheme.group(1).lower() in ONE_TOKEN_SCHEMES:  # a token has no \ or space
                value = value.split(None, 1)[0].split("\\", 1)[0]
    if not value.strip() or MARK in value or PLACEHOLDER_RE.match(value):
        return []
    if value.strip().lower() in AUTH_SCHEMES:  # "Bearer " + token, in code
        return []
    return [(start, start + len(value), "header")]


def header(match, text):
    """A credential header on its own line (raw HTTP, curl -v), in a curl -H '…' or in a
    logged dict or JSON ({"Authorization": "…"}, 'Cookie' => '…', ("Cookie", "…"))."""
    start = match.start()
    name = match.group(0)[: match.start("close") - start].lower()
    close, sep, end = match.group("close"), match.group("sep"), match.end()
    before = text[start - 1] if start else "\n"
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if sep == ":" and not close:
        if LINE_START_RE.search(text, max(0, start - 8), start):
            value = text[end:line_end].rstrip()
            return header_value(name, end, value)
        if before in "\"'":
            stop = text.find(before, end, line_end)
            if stop > 0:
                return header_value(name, end, text[end:stop])
            return []
    if close and before != close:
        return []
    if not close and after_word(text, start):
        return []
    quote = HEADER_QUOTE_RE.match(text, end)
    if quote is None:
        return []
    stop = text.find(quote.group(0), quote.end(), line_end)
    if stop < 0:
        return []
    return header_value(name, quote.end(), text[quote.end() : stop])


def curl_cookie(match, text):
    if after_word(text, match.start()):
        return []
    return header_value("cookie", match.start(2), text[match.start(2) : match.end(2)])


def curl_user(match, text):
    """curl -u user:password in its three spellings ("…", '…' and bare)."""
    if after_word(text, match.start()):
        return []
    suffix = next(s for s in ("", "2", "3") if match.group("password" + s) is not None)
    user, password = match.group("user" + suffix), match.group("password" + suffix)
    if not password or MARK in password or PLACEHOLDER_RE.match(password):
        return []
    if user.isdigit() and password.isdigit():  # docker -u 1000:1000 is a uid and a gid
        return []
    return [(*match.span("password" + suffix), "command password")]


def before_hex(length, kind):
    """A match that ends a token: the token is the `length` hex digits before it, and it."""

    def pick(match, text):
        start = match.start() - length
        if start < 0 or after_word(text, start):
            return []
        return [(start, match.end(), kind)]

    return described({"pick": "before_hex", "length": length, "kind": kind}, pick)


# detect-secrets private_key.PrivateKeyDetector's markers, matched as a whole block: BEGIN to its
# END (with JSON's \n escapes, or indented in YAML), or, for a paste cut short, BEGIN and the
# base64 and header lines after it.
PEM_MARKER_RE = re.compile(
    r"----[- ](BEGIN|END) ([A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?)[ -]----(?:-(?!-))?"
)
PEM_CUT_RE = re.compile(
    r"(?:(?:[ \t]*(?:\r?\n|\\r\\n|\\n))+[ \t]*"
    r"(?:[A-Za-z0-9+/=]{1,100}|[A-Za-z-]{1,30}: [^\r\n\\]{1,200})"
    r"(?=[ \t]*(?:\r?\n|\\n|\\r|[\"']|$)))*"
)
PEM_MAX = 20000  # characters from BEGIN to END: a 16384-bit RSA key is about 12,600


def private_keys(text, lowered):
    ends = {}  # what -> [(start, end)] of its END markers, in order
    begins = []
    for marker in PEM_MARKER_RE.finditer(text):
        if marker.group(1) == "END":
            ends.setdefault(marker.group(2), []).append(marker.span())
        else:
            begins.append(marker)
    for begin in begins:
        candidates = ends.get(begin.group(2), [])
        place = bisect.bisect_left(candidates, (begin.end(), 0))
        if place < len(candidates) and candidates[place][0] - begin.end() <= PEM_MAX:
            yield begin.start(), candidates[place][1], "private key"
        else:
            yield begin.start(), PEM_CUT_RE.match(text, begin.end()).end(), "private key"


def stripe(match, text):
    """sk_, rk_ or pk_ before the match (the pattern starts at k_ so it can skip to it)."""
    start = match.start() - 1
    if start < 0 or text[start] not in "srp" or after_word(text, start):
        return []
    return [(start, match.end(), "stripe")]


def telegram(match, text):
    """A Telegram bot token: 8 to 10 digits before the match (in a URL, after "/bot")."""
    start = match.start()
    while start > 0 and text[start - 1].isdigit() and match.start() - start < 10:
        start -= 1
    if match.start() - start < 8:
        return []
    if after_word(text, start) and text[max(0, start - 3) : start].lower() != "bot":
        return []
    return [(start, match.end(), "bot")]


# Keys named like a secret -----------------------------------------------------------------

CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
NOT_A_VALUE = {
    "name", "names", "type", "types", "arn", "path", "file", "ref", "url", "uri", "endpoint",
    "count", "length", "len", "size", "version", "expires", "expiry", "expiration", "ttl",
    "hint", "prefix", "format", "policy", "provider", "location", "header", "param", "field",
    "required", "valid", "invalid", "error", "errors", "status", "method", "mode", "scope",
    "scopes", "usage", "reset", "max", "min", "limit", "used", "remaining", "placeholder",
    "label", "description", "message", "store", "manager", "rotation", "created", "updated",
}  # fmt: skip
NOT_SECRET_KEYS = {
    "cache", "partition", "primary", "sort", "object", "idempotency", "foreign", "routing",
    "unique", "dedup", "row", "hash", "range", "shard", "lookup", "public", "s3", "ssh",
    "sign", "signed", "max", "total", "prompt", "completion", "input", "output", "next", "page",
    "sec",
}  # fmt: skip


@lru_cache(maxsize=4096)
def key_kind(name):
    """What a key named `name` holds when its value looks secret, or None."""
    words = [w for w in re.split(r"[^a-z0-9]+", CAMEL_RE.sub("_", name).lower()) if w]
    if not words:
        return None
    joined = "_".join(words)
    if joined.endswith("private_key_id"):
        return "private key id"
    if words[-1] in NOT_A_VALUE:
        return None
    if "secret_access_key" in joined or "secretaccesskey" in joined:
        return "aws secret"
    if any(
        "passw" in w or "pwd" in w or w in ("pass", "pw", "passphrase", "contrase")
        or w.endswith("pass")
        for w in words
    ):  # fmt: skip
        return "password"
    if any("secret" in w for w in words):
        return "secret"
    if any("token" in w for w in words):
        return None if words[0] in NOT_SECRET_KEYS else "token"
    if any(w.endswith("key") and w not in ("monkey", "hotkey", "turnkey") for w in words):
        if words[0] in NOT_SECRET_KEYS or words[-1] in ("id", "ids"):  # a KMS KeyId is a name
            return None
        return "api key"
    if any("session" in w or w in ("sessid", "phpsessid", "jsessionid", "sid") for w in words):
        return "session"
    if words[-1] in ("sig", "signature") or words[-1].endswith("signature"):
        return "signature"
    if words[-1].startswith("credential"):
        return "credential"
    if words[-1] in ("auth", "authkey"):
        return "credential"
    if joined == "code":
        return "oauth code"
    if joined == "state":
        return "oauth state"
    return None


# The key's name: from one of these words (in the lowercased text) on, then back to its start.
KEY_RE = re.compile(
    r"(?:pass|pwd|secret|token|key|sig|sess|sid|auth|cred|code|state|contrase)"
    r"[a-z0-9_.-]{0,80}+(?P<close>\\?[\"'`]?\]?)[ \t]*(?P<sep>=>|:=|==?|:)[ \t]*"
)
NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
BARE_VALUE_RE = re.compile(r"[^\s&;,\"'`<>()\[\]{}\\]{1,1000}")
LINE_VALUE_RE = re.compile(r"[^\s\"'`]\S{0,1000}(?=[ \t]*(?:[ \t]#[^\r\n]*)?\r?(?:\n|$))")
QUERY_PAIR_RE = re.compile(r"&[\w.-]+=")
LINE_PREFIX_RE = re.compile(r"(?:^|\n)[ \t]*(?:(?:export|set)[ \t]+|-[ \t]+)?$")


def key_values(text, lowered):
    """`name = value` (and `name: value`, `"name": "value"`, `name=value&…`, `name => value`)
    where the name says secret and the value looks like one. A key inside the value of the one
    before is not looked at again (so "key=key=key=…" takes one look, not thousands)."""
    skip = 0
    for match in KEY_RE.finditer(lowered):
        if match.start() < skip:
            continue
        spans, skip = key_value(match, text)
        yield from spans


def key_value(match, text):
    """The span to replace for one key (or none), and where its value ends."""
    start = match.start()
    while start > 0 and text[start - 1] in NAME_CHARS and match.start() - start < 80:
        start -= 1
    if start > 0 and text[start - 1] == "$":  # $password: a variable, in PHP or a shell
        return [], match.end()
    close = match.group("close")
    if close.strip("\\]") and text[start - 1 : start] != close.strip("\\]"):
        return [], match.end()  # "name' = …: a quote that was not opened
    name = text[start : match.start("close")]
    kind = key_kind(name)
    if kind is None:
        return [], match.end()
    end = match.end()
    quote = QUOTED_AT_RE.match(text, end)
    if quote:
        line_end = text.find("\n", quote.end())
        stop = text.find(quote.group(0), quote.end(), len(text) if line_end < 0 else line_end)
        if stop < 0:
            return [], match.end()
        value_start, value_end = quote.end(), stop
        after = text[stop + len(quote.group(0)) : stop + len(quote.group(0)) + 1]
    else:
        at_line_start = match.group("sep") in ("=", ":") and LINE_PREFIX_RE.search(
            text, max(0, start - 10), start
        )
        found = LINE_VALUE_RE.match(text, end) if at_line_start else None
        if found is None or QUERY_PAIR_RE.search(found.group(0)):  # a=1&b=2 is a form body
            found = BARE_VALUE_RE.match(text, end)
        if found is None:
            return [], match.end()
        value_start, value_end = found.span()
        while value_end > value_start and text[value_end - 1] in ".:,;!?":
            value_end -= 1  # "retrieving token: AADSTS50011:" ends a clause, not a token
        after = text[value_end : value_end + 1]
        if after in ("(", "["):  # password = getpass(), token = os.environ["TOKEN"]
            return [], value_end
    value = text[value_start:value_end]
    if not value or MARK in value:
        return [], value_end
    if kind in ("password", "secret"):
        secret = looks_like_password(value)
    elif kind in ("oauth code", "oauth state"):
        # Only a query or form parameter: after ?, & or #, or first in a form body
        before = text[start - 1] if start else "\n"
        in_query = before in "?&#" or (after == "&" and (before.isspace() or before in "\"'"))
        secret = in_query and looks_random(value, 10 if kind == "oauth code" else 8)
    else:
        secret = looks_random(value)
    return ([(value_start, value_end, kind)] if secret else []), value_end


def xml_value(match, text):
    """<Password>…</Password>, <SecretAccessKey>…</SecretAccessKey>."""
    name, close = match.group(1), match.start()
    lowered = match.string
    opened = lowered.rfind(f"<{name}>", max(0, close - 1100), close)
    if opened < 0:
        return []
    start = opened + len(name) + 2
    value = text[start:close]
    if not value or any(c in value for c in "<>\r\n") or MARK in value:
        return []
    element = text[opened + 1 : start - 1]
    if element == "Key":
        return []  # S3's error documents name the object in <Key>: a path, not a secret
    kind = key_kind(element)
    if kind is None or kind in ("oauth code", "oauth state"):
        return []
    secret = looks_like_password(value) if kind in ("password", "secret") else looks_random(value)
    return [(start, close, kind)] if secret else []


# Order matters: whole blocks and known formats first, so their label is the most telling one
# and a later rule sees MARK and leaves it alone.
RULES = [
    Rule(("private key",), None, None, scan=private_keys),
    Rule(
        ("putty-user-key-file",),
        # detect-secrets private_key.PrivateKeyDetector (PuTTY-User-Key-File-2); versions 2 and 3
        re.compile(r"Private-Lines: \d+\r?\n(?:[A-Za-z0-9+/=]+(?:\r?\n|\Z))+(?:Private-MAC: \w+)?"),
        span_of("private key"),
    ),
    Rule(
        ("bearer",),
        # Possessive: a token followed by a quote is left whole to the JWT and header rules,
        # never cut back to a prefix (which would leave a JWT's signature behind).
        re.compile(r"bearer[ \t]+([a-z0-9\-._~+/]{8,}+=*+)(?![\w\"'=[-])"),
        bounded(span_of("bearer", 1, random_part(8))),
        lower=True,
    ),
    Rule(
        ("basic",),
        re.compile(r"basic[ \t]+([a-z0-9+/]{6,}={0,2})(?![\w\"'=+/[])"),
        bounded(span_of("basic", 1, basic_credential)),
        lower=True,
    ),
    Rule(
        ("eyj",),
        # detect-secrets jwt.JwtTokenDetector, with JWE's five parts
        re.compile(r"eyJ[A-Za-z0-9_-]{8,}={0,2}(?:\.[A-Za-z0-9_-]{2,}={0,2}){1,4}"),
        bounded(span_of("jwt")),
    ),
    Rule(
        ("akia", "asia", "abia", "acca", "a3t"),
        # detect-secrets aws.AWSKeyDetector
        re.compile(r"A(?:3T[A-Z0-9]|BIA|CCA|KIA|SIA)[0-9A-Z]{16}(?![A-Za-z0-9])"),
        bounded(span_of("aws key id")),
    ),
    Rule(
        ("aws",),
        # detect-secrets aws.AWSKeyDetector: a quoted 40-character key near "aws…key"
        re.compile(
            r"aws.{0,20}?(?:key|pwd|pw|password|pass|token).{0,20}?['\"]([0-9a-z/+]{40})['\"]"
        ),
        span_of("aws secret", 1, random_part(40)),
        lower=True,
    ),
    Rule(
        ("accountkey=",),
        # detect-secrets azure_storage_key.AzureStorageKeyDetector, any length
        re.compile(r"accountkey=([a-z0-9+/]{20,}={0,2})"),
        span_of("azure account", 1),
        lower=True,
    ),
    Rule(
        ("sharedaccesskey=",),
        # Service Bus, Event Hubs and IoT Hub connection strings
        re.compile(r"sharedaccesskey=([a-z0-9+/]{20,}={0,2})"),
        span_of("azure sas", 1),
        lower=True,
    ),
    Rule(
        ("sharedaccesssignature=",),
        re.compile(r"sharedaccesssignature=([^;\s\"']{8,})"),
        span_of("azure sas", 1),
        lower=True,
    ),
    Rule(("aiza",), re.compile(r"AIza[0-9A-Za-z_-]{35}(?![\w-])"), bounded(span_of("google"))),
    Rule(("gocspx-",), re.compile(r"GOCSPX-[\w-]{20,}"), bounded(span_of("google secret"))),
    Rule(
        ("gh", "github_pat_"),
        # detect-secrets github_token.GitHubTokenDetector, plus fine-grained tokens
        re.compile(r"g(?:h[pousr]_[A-Za-z0-9_]{20,255}|ithub_pat_[A-Za-z0-9_]{22,255})\b"),
        bounded(span_of("github", 0, random_part(20, skip=4))),
    ),
    Rule(
        ("gl",),
        # detect-secrets gitlab_token.GitLabTokenDetector
        re.compile(
            r"gl(?:pat|dt|ft|soat|rt|imt|ptt|agent|oas|cbt)-(?:[0-9a-fA-F]{2}_)?"
            r"[A-Za-z0-9_-]{20,1024}(?![\w-])"
        ),
        bounded(span_of("gitlab")),
    ),
    Rule(
        ("gr1348941",),
        # detect-secrets gitlab_token.GitLabTokenDetector (runner registration tokens)
        re.compile(r"GR1348941[A-Za-z0-9_-]{20,50}(?![\w-])"),
        bounded(span_of("gitlab")),
    ),
    Rule(
        ("xox", "xapp-"),
        # detect-secrets slack.SlackDetector, plus app-level tokens
        re.compile(r"x(?:ox[abposr]-(?:\d+-)*[a-z0-9-]{10,}|app-\d-[a-z0-9-]{10,})"),
        bounded(span_of("slack")),
        lower=True,
    ),
    Rule(
        ("hooks.slack.com", "/api/webhooks/"),
        # detect-secrets slack.SlackDetector (webhook URLs), and Discord's: the secret part
        re.compile(
            r"(?:hooks\.slack\.com/(?:services|workflows|triggers)/t[a-z0-9_]+/[a-z0-9_]+/"
            r"|discord(?:app)?\.com/api/webhooks/\d+/)([a-z0-9_-]{8,})"
        ),
        span_of("webhook", 1),
        lower=True,
    ),
    Rule(
        ("_live_", "_test_"),
        # detect-secrets stripe.StripeDetector, any length, test and publishable keys too
        re.compile(r"k_(?:live|test)_[0-9A-Za-z]{10,}\b"),
        stripe,
    ),
    Rule(("whsec_",), re.compile(r"whsec_[0-9A-Za-z+/=]{20,}"), bounded(span_of("stripe"))),
    Rule(
        ("sg.",),
        # detect-secrets sendgrid.SendGridDetector
        re.compile(r"SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,64}(?![\w-])"),
        bounded(span_of("sendgrid")),
    ),
    Rule(
        ("ac", "sk"),
        # detect-secrets twilio.TwilioKeyDetector (account and API key SIDs)
        re.compile(r"(?:AC|SK)[0-9a-f]{32}\b"),
        bounded(span_of("twilio")),
    ),
    Rule(
        ("-us",),
        # detect-secrets mailchimp.MailchimpDetector: 32 hex digits, -us and the data centre
        re.compile(r"-us\d{1,2}\b(?<=[0-9a-f]{32}-us\d)|-us\d{1,2}\b(?<=[0-9a-f]{32}-us\d\d)"),
        before_hex(32, "mailchimp"),
    ),
    Rule(
        ("npm_",),
        # detect-secrets npm.NpmDetector (its .npmrc `_authToken=` is the key rule's)
        re.compile(r"npm_[A-Za-z0-9]{36,}\b"),
        bounded(span_of("npm")),
    ),
    Rule(
        ("pypi-",),
        # detect-secrets pypi_token.PypiTokenDetector, for pypi.org and test.pypi.org alike
        re.compile(r"pypi-[A-Za-z0-9_-]{50,}"),
        bounded(span_of("pypi")),
    ),
    Rule(
        (":aa",),
        # detect-secrets telegram_token.TelegramBotTokenDetector (today's tokens start AA)
        re.compile(r":AA[0-9A-Za-z_-]{33}(?![\w-])"),
        telegram,
    ),
    Rule(
        ("sk-",),
        # OpenAI, Anthropic and other sk- keys (detect-secrets openai.OpenAIDetector, widened)
        re.compile(r"sk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}(?![\w-])"),
        bounded(span_of("api key", 0, random_part(20, skip=3))),
    ),
    Rule(
        ("hf_", "shp", "sq0", "xai-", "dop_v1_", "lin_api_"),
        # Hugging Face, Shopify, Square (detect-secrets square_oauth.SquareOAuthDetector), xAI,
        # DigitalOcean and Linear keys
        re.compile(
            r"(?:hf_[A-Za-z0-9]{30,}|shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}"
            r"|sq0(?:csp|atp)-[0-9A-Za-z_-]{22,43}|xai-[A-Za-z0-9]{40,}|dop_v1_[a-f0-9]{64}"
            r"|lin_api_[A-Za-z0-9]{40})(?![\w-])"
        ),
        bounded(span_of("api key", 0, random_part(20, skip=3))),
    ),
    Rule(
        ("authorization", "cookie", "key", "token", "signature"),
        HEADER_RE,
        header,
        lower=True,
    ),
    Rule(
        ("-b", "--cookie"),
        # curl -b 'name=value; …' (a file name, without =, is left alone)
        re.compile(r"-(?:b|-cookie)(?:[ \t]+|=)([\"'])([^\"'\r\n]*=[^\"'\r\n]*)\1"),
        curl_cookie,
    ),
    Rule(
        ("://",),
        # detect-secrets basic_auth.BasicAuthDetector, with an empty user (redis://:pass@) and
        # an @ in the password
        re.compile(r"://(?<=[A-Za-z0-9]://)[^\s:/@\"'<>]*:([^\s/?#\"'<>]+)@(?=[\w\[.-])"),
        span_of("url password", 1),
    ),
    Rule(
        ("-u", "--user", "--proxy-user"),
        # curl -u user:password, --user=user:password, --proxy-user
        re.compile(
            r"-(?:u|U|-user|-proxy-user)(?:[ \t]+|=)?"
            r"(?:\"(?P<user>[^\"\r\n:]*):(?P<password>[^\"\r\n]*)\""
            r"|'(?P<user2>[^'\r\n:]*):(?P<password2>[^'\r\n]*)'"
            r"|(?P<user3>[^\s:'\"`]*):(?P<password3>[^\s'\"`]+))"
        ),
        curl_user,
    ),
    Rule(
        ("auth",),
        # requests' auth=('user', 'password'), HTTPBasicAuth("user", "password"),
        # basic_auth=…, http_auth=…
        re.compile(
            r"auth[a-z0-9_]*[ \t]*(?:=|\()[ \t]*\(?[ \t]*([\"'])[^\"'\r\n]*\1[ \t]*,[ \t]*"
            r"([\"'])([^\"'\r\n]+)\2"
        ),
        span_of("password", 3, looks_like_password),
        lower=True,
    ),
    Rule(
        ("requirepass", "masterauth"),
        # redis.conf
        re.compile(r"(?:requirepass|masterauth)[ \t]+(\S+)"),
        span_of("password", 1, looks_like_password),
        lower=True,
    ),
    Rule(("=", ":"), None, None, scan=key_values),
    Rule(("</",), re.compile(r"</([a-z_][\w.-]{0,80})>"), xml_value, lower=True),
]


@dataclass
class Redacted:
    text: str
    removed: list  # ["2 bearer tokens", "a private key", ...]: one item per kind
    found: dict = field(default_factory=dict)  # kind -> the distinct values removed

    @property
    def summary(self):
        return ", ".join(self.removed)


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lowercase(text):
    """The text in lower case, each character where it was (str.lower() makes two of a few,
    such as İ; then only ASCII letters are lowered)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(ASCII_LOWER)


def redact(text):
    """The text with every secret replaced by [REDACTED], and a list of what was removed."""
    found = {}  # kind -> the distinct values removed
    lowered = lowercase(text)
    for rule in RULES:
        if not any(needle in lowered for needle in rule.needles):
            continue
        spans, last = [], 0
        for start, end, kind in rule.find(text, lowered):
            if start >= last:
                spans.append((start, end, kind))
                last = end
        if not spans:
            continue
        parts, position = [], 0
        for start, end, kind in spans:
            found.setdefault(kind, set()).add(text[start:end])
            parts += [text[position:start], MARK]
            position = end
        parts.append(text[position:])
        text = "".join(parts)
        lowered = lowercase(text)
    return Redacted(text, [removal(kind, len(values)) for kind, values in found.items()], found)


def removal(kind, count):
    one, several = KINDS[kind]
    return one if count == 1 else f"{count} {several}"


ONE = frozenset(one for one, _several in KINDS.values())
SEVERAL = frozenset(several for _one, several in KINDS.values())
REMOVED_RE = re.compile(r"^([2-9]|[1-9]\d{1,3}) (.+)$")


def known_removals(items):
    """Of the "what was removed" items a URL carries, those redact() could have written (the
    rest are dropped, so a made-up address cannot put other words on the page)."""
    known = []
    for item in items[:20]:
        match = REMOVED_RE.match(item)
        if item in ONE or (match and match.group(2) in SEVERAL):
            known.append(item)
    return known
