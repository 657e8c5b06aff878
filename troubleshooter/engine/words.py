"""Word handling shared by the diagnosis and search: tokenizing, stopwords and synonym groups."""

import re

WORD_RE = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "then",
        "so",
        "to",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "without",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "i",
        "we",
        "you",
        "they",
        "he",
        "she",
        "my",
        "our",
        "your",
        "their",
        "me",
        "us",
        "them",
        "do",
        "does",
        "did",
        "done",
        "not",
        "no",
        "yes",
        "can",
        "cannot",
        "could",
        "would",
        "should",
        "will",
        "just",
        "only",
        "all",
        "any",
        "some",
        "when",
        "while",
        "after",
        "before",
        "get",
        "got",
        "gets",
        "getting",
        "have",
        "has",
        "had",
        "about",
        "into",
        "out",
        "up",
        "down",
        "over",
        "again",
        "still",
        "very",
        "too",
        "also",
        "what",
        "why",
        "how",
        "which",
        "who",
        "where",
        "there",
        "here",
        "than",
        "as",
        "redacted",  # what redaction leaves in place of a secret, in a text and in the cases
    ]
)

# Words people use for the same thing; each group expands a query word to its siblings.
_SYNONYM_GROUPS = [
    {"big", "large", "huge", "size", "oversized", "limit", "bytes", "upload", "uploads"},
    {"slow", "timeout", "timeouts", "timed", "hangs", "hang", "waits", "long", "seconds"},
    {"rejected", "refused", "denied", "unauthorized", "forbidden"},
    {"hour", "hours", "minutes", "day", "expired", "expire", "expires", "expiry", "lifetime"},
    {"production", "prod", "environment", "deployed", "deploy", "staging", "server"},
    {"login", "auth", "authentication", "credentials", "password", "key", "apikey", "token"},
    {"many", "rate", "limit", "throttled", "throttling", "quota", "burst", "requests"},
    {"sometimes", "intermittent", "random", "randomly", "occasionally", "flaky"},
    {"missing", "gone", "deleted", "removed", "notfound", "exist", "exists"},
    {"down", "unavailable", "outage", "maintenance", "offline", "crashed"},
    {"redirect", "redirects", "moved", "location", "loop"},
    {"cors", "origin", "cross-origin", "preflight", "browser"},
    {"certificate", "cert", "ssl", "tls", "https", "handshake"},
    {"proxy", "corporate", "vpn", "firewall"},
    {"json", "body", "payload", "field", "parse", "invalid", "format", "validation"},
]


def stem(word):
    """A plural folded to its singular ("uploads" -> "upload"), crudely but consistently."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ps")):
        return word[:-1]
    return word


CAMEL_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][a-z0-9]++(?:[A-Z][a-z0-9]++)+")
CAMEL_PART_RE = re.compile(r"[A-Z]?[a-z0-9]+")


def words_of(text):
    """The text's words, lowercased, without stopwords, plurals folded; a camelCase name
    (MaxUploadSizeExceededException) also gives its parts."""
    words = [stem(w) for w in WORD_RE.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]
    for name in CAMEL_RE.findall(text):
        parts = (part.lower() for part in CAMEL_PART_RE.findall(name) if len(part) > 2)
        words.extend(stem(part) for part in parts if part not in STOPWORDS)
    return words


def expand(words):
    """The words and their synonyms (one step: a synonym's synonyms are not added)."""
    original = set(words)
    expanded = set(original)
    for group in SYNONYMS:
        if original & group:
            expanded |= group
    return expanded


SYNONYMS = [{stem(word) for word in group} for group in _SYNONYM_GROUPS]
