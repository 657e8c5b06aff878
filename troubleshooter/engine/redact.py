"""Remove secrets from pasted text before it reaches a page, a URL, a log or a cache.

Credentials in headers (Authorization, Cookie, API key headers), bearer tokens, JWTs, well-known
key formats (cloud access keys, payment and code-hosting tokens), passwords in URLs and secret
query parameters are replaced by a marker, and the caller learns what was removed.
"""

import re
from collections import Counter
from dataclasses import dataclass

MARK = "[REDACTED]"

SECRET_HEADERS = (
    r"authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|apikey|x-auth-token"
    r"|x-access-token|x-amz-security-token|x-goog-api-key|ocp-apim-subscription-key|x-csrf-token"
    r"|x-xsrf-token|private-token|x-shopify-access-token|x-vault-token"
)
# (what it is, fragments one of which must be in the lowercased text, pattern, group to replace:
# 0 for the whole match). The fragments spare a scan of 64 KB for each rule that cannot match.
RULES = [
    ("a credential header", (":",), re.compile(rf"(?im)^([<>]?\s*(?:{SECRET_HEADERS})\s*:[ \t]*)(\S.*?)\s*$"), 2),
    ("a password in a URL", ("@",), re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s:/@]+:)([^\s@/]+)(@)"), 2),
    ("a bearer token", ("bearer",), re.compile(r"(?i)\b(bearer\s+)([A-Za-z0-9\-._~+/]{8,}=*)"), 2),
    ("a JWT", ("eyj",), re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"), 0),
    ("a cloud access key", ("akia", "asia"), re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"), 0),
    ("a Google API key", ("aiza",), re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"), 0),
    ("an API key", ("_live_", "_test_"), re.compile(r"\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{8,}\b"), 0),
    ("an API key", ("sk-",), re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}\b"), 0),
    ("a code-hosting token", ("gh", "glpat-"), re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,})\b"), 0),
    ("a chat token", ("xox",), re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}\b"), 0),
    (
        "a secret in a query or form field",
        ("=", ":"),
        re.compile(
            r"(?i)(?<![\w-])(?:access_token|refresh_token|id_token|token|api_key|apikey|"
            r"key|password|passwd|pwd|secret|client_secret|sig|signature|x-amz-signature|"
            r"x-amz-credential|x-amz-security-token|session|sessionid|phpsessid|jsessionid|"
            r"auth|code)[\"']?[ \t]*[=:][ \t]*[\"']?([^\s&;\"',}]{4,})"
        ),
        1,
    ),
    (
        "a secret key",
        ("secret_access_key",),
        re.compile(r"(?i)\b(aws_secret_access_key|secret_access_key)(\s*[=:]\s*)(\S+)"),
        3,
    ),
]  # fmt: skip


@dataclass
class Redacted:
    text: str
    removed: list  # ["2 bearer tokens", ...] in the order first met

    @property
    def summary(self):
        return ", ".join(self.removed)


def redact(text):
    """The text with every secret replaced by [REDACTED], and a list of what was removed."""
    counts = Counter()
    lowered = text.lower()
    for label, needles, pattern, group in RULES:
        if not any(needle in lowered for needle in needles):
            continue

        def replace(match, label=label, group=group):
            value = match.group(group)
            if value.startswith(MARK):
                return match.group(0)
            counts[label] += 1
            start, end = match.span(group)
            offset = match.start()
            whole = match.group(0)
            return whole[: start - offset] + MARK + whole[end - offset :]

        text = pattern.sub(replace, text)
    removed = [f"{n} × {label}" if n > 1 else label for label, n in counts.items()]
    return Redacted(text, removed)


LABELS = frozenset(label for label, *_rest in RULES)
REMOVED_RE = re.compile(r"^(?:\d{1,4} × )?(.+)$")


def known_removals(items):
    """Of the "what was removed" items a URL carries, those redact() could have written (the
    rest are dropped, so a made-up address cannot put other words on the page)."""
    return [
        item
        for item in items[:20]
        if (match := REMOVED_RE.match(item)) and match.group(1) in LABELS
    ]
