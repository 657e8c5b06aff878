"""How a synced model's fields appear in a content file.

Each content model lists its synced fields once, as a SYNCED tuple of `Synced` items; the file
format (parse, validate, render), the loader (apply, digest), the exporter and the admin's
“edited since load” column all read that tuple. Plain Python, no database.
"""

import re
from dataclasses import dataclass

# Where a field sits in its file.
META = "meta"  # a `key: value` line of the front matter
ATTRIBUTE = "attribute"  # a `Key: value` line under a cause's heading
SECTION = "section"  # markdown under its own heading
HELP = "help"  # a question's markdown between the front matter and its answers
KEY = "key"  # a cause's slug (its heading) and position (its order): parsed with the cause

# What a field holds.
LINE = "line"
INT = "int"
LIST = "list"  # items written on one line with a separator, stored one per line
CODES = "codes"  # status codes, stored as links to other codes
MARKDOWN = "markdown"


URL_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$")


def split_lines(text):
    """A list field stored as text: one item per line, blanks dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def split_items(value, separator):
    """Items joined by `separator`: " | " splits on "|" with or without the spaces, except for
    regular expressions, whose own "|" must stay (see Synced.exact)."""
    return [item.strip() for item in value.split(separator.strip()) if item.strip()]


def split_exact(value, separator):
    return [item.strip() for item in value.split(separator) if item.strip()]


@dataclass(frozen=True)
class Synced:
    name: str  # the model field, and the document attribute
    place: str
    label: str = ""  # front matter key, attribute name or section heading
    kind: str = LINE
    separator: str = ""  # how LIST and CODES items are joined in a file
    required: bool = False  # a value must be given
    always: bool = False  # a front matter or attribute line written even when empty
    vocabulary: tuple = ()  # the values allowed (each item, for a LIST), when limited
    urls: bool = False  # each item is an http(s) URL
    exact: bool = False  # items are split on the separator with its spaces only (regexes)
    item_pattern: str = ""  # each item must match this regular expression
    item_form: str = ""  # ... which says in words what an item looks like

    def problems(self, value):
        """What is wrong with a document's value beyond its form; [] when it is fine."""
        items = value if self.kind == LIST else [value] if value else []
        problems = []
        if self.vocabulary:
            unknown = [item for item in items if item not in self.vocabulary]
            if unknown:
                allowed = ", ".join(self.vocabulary)
                problems.append(f"unknown {self.label}: {', '.join(unknown)} (allowed: {allowed})")
        if self.urls:
            bad = [item for item in items if not URL_RE.match(item)]
            if bad:
                problems.append(f"not an http(s) URL: {', '.join(bad)}")
        if self.item_pattern:
            bad = [item for item in items if not re.fullmatch(self.item_pattern, item)]
            if bad:
                problems.append(f"not of the form {self.item_form}: {', '.join(bad)}")
        if self.kind == LIST and len(set(items)) < len(items):
            problems.append(f"{self.label} lists an item twice")
        return problems

    def empty(self):
        if self.kind in (LIST, CODES):
            return []
        return 0 if self.kind == INT else ""

    def stored(self, value):
        """A document's value as the row holds it (and as digests compare it)."""
        if self.kind == LIST:
            return "\n".join(value)
        if self.kind == CODES:
            return sorted(value)
        return value

    def document_value(self, stored):
        if self.kind == LIST:
            return split_lines(stored)
        if self.kind == CODES:
            return sorted(stored)
        return stored

    def written(self, value):
        """A document's value as its file writes it."""
        if self.kind in (LIST, CODES):
            return self.separator.join(str(item) for item in value)
        return str(value)

    def read(self, row):
        """The row's value as stored; CODES are read from the links (prefetch them)."""
        if self.kind == CODES:
            return sorted(c.code for c in getattr(row, self.name).all()) if row.pk else []
        return getattr(row, self.name)


def placed(fields, place):
    return [f for f in fields if f.place == place]


def content_fields(row, fields):
    """What a row says in its content file, as a dict that digests compare."""
    return {f.name: f.read(row) for f in fields}
