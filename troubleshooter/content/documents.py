"""Content documents: the plain records a content file holds, the shared pieces of reading
a file (errors with path and line, front matter, values, headings) and writing one.

Which fields a file holds, and where, comes from each model's SYNCED tuple. No queries.
"""

from pathlib import Path

from troubleshooter.format.markup import RESERVED_HEADING_RE, scan_fences
from troubleshooter.format.schema import (
    ATTRIBUTE,
    CODES,
    HELP,
    INT,
    LIST,
    META,
    SECTION,
    placed,
    split_exact,
    split_items,
)
from troubleshooter.models import Cause, Question, StatusCode, normalize_text


class ContentError(Exception):
    """A problem in a content file, located by path and line."""

    def __init__(self, path, line, message):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}")


class Document:
    """A file's record: the model's synced fields by name, plus what the file adds."""

    model = None
    extras = {}  # attribute -> factory of its default

    def __init__(self, **values):
        for f in self.model.SYNCED:
            setattr(self, f.name, values.pop(f.name, f.empty()))
        for name, default in self.extras.items():
            setattr(self, name, values.pop(name, default()))
        if values:
            raise TypeError(f"unknown fields: {', '.join(values)}")

    def fields(self):
        """The same dict as the model's content_fields(), for comparing a file with a row."""
        return {f.name: f.stored(getattr(self, f.name)) for f in self.model.SYNCED}

    @classmethod
    def from_row(cls, row, **extras):
        values = {f.name: f.document_value(f.read(row)) for f in cls.model.SYNCED}
        return cls(**values, **extras)


class CauseDoc(Document):
    model = Cause
    extras = {"line": int, "lines": dict}  # the heading's line; each attribute's line


class CodeDoc(Document):
    model = StatusCode
    extras = {"causes": list, "path": str, "meta_lines": dict}


class QuestionDoc(Document):
    model = Question
    extras = {"answers": list, "path": str}  # answers: [(slug, label)]

    def fields(self):
        fields = super().fields()
        fields["answers"] = [list(answer) for answer in self.answers]
        return fields


CODE_META = placed(StatusCode.SYNCED, META)
CODE_SECTIONS = {f.label: f.name for f in placed(StatusCode.SYNCED, SECTION)}
CAUSE_ATTRIBUTES = placed(Cause.SYNCED, ATTRIBUTE)
CAUSE_SECTIONS = {f.label: f.name for f in placed(Cause.SYNCED, SECTION)}
QUESTION_META = placed(Question.SYNCED, META)
[QUESTION_HELP] = placed(Question.SYNCED, HELP)


def max_length(model, name):
    return model._meta.get_field(name).max_length


def read_text(path):
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ContentError(path, 0, f"cannot read the file: {error.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ContentError(path, line, "the file is not valid UTF-8") from None


def split_checked_lines(text, path):
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        raise ContentError(path, line, "use LF line endings, not CR or CRLF")
    if "\x00" in text:
        raise ContentError(path, text[: text.index("\x00")].count("\n") + 1, "NUL byte in file")
    return text.split("\n")


def parse_front_matter(lines, path, fields):
    """{key: (value, line)} and the index of the first body line."""
    allowed_keys = [f.label for f in fields]
    if not lines or lines[0] != "---":
        raise ContentError(path, 1, "the file must start with a '---' line (front matter)")
    meta = {}
    for index in range(1, len(lines)):
        line = lines[index]
        number = index + 1
        if line == "---":
            missing = [f.label for f in fields if f.required and f.label not in meta]
            if missing:
                raise ContentError(path, number, f"front matter is missing: {', '.join(missing)}")
            return meta, index + 1
        key, colon, value = line.partition(":")
        key = key.strip()
        if not line.strip() or line.startswith("#"):
            raise ContentError(path, number, "the front matter must end with a '---' line here")
        if not colon:
            raise ContentError(
                path, number, f"expected 'key: value' in the front matter, got {line!r}"
            )
        if key not in allowed_keys:
            allowed = ", ".join(allowed_keys)
            raise ContentError(
                path, number, f"unknown front matter key {key!r} (allowed: {allowed})"
            )
        if key in meta:
            raise ContentError(path, number, f"front matter key {key!r} appears twice")
        meta[key] = (value.strip(), number)
    raise ContentError(path, len(lines), "the front matter is never closed with a '---' line")


def valid_code(number):
    return number == 0 or 100 <= number <= 599


def parse_code_list(value, line, path, key):
    codes = []
    for item in split_items(value, ","):
        if not item.isdigit() or not valid_code(int(item)):
            raise ContentError(
                path, line, f"{key}: {item!r} is not a status code (0, or 100 to 599)"
            )
        if int(item) in codes:
            raise ContentError(path, line, f"{key}: {item} is listed twice")
        codes.append(int(item))
    return codes


def parse_values(model, fields, found, path):
    """{field name: value} from {label: (text, line)} for the LINE, LIST and CODES fields;
    INT fields are left to the caller, which knows their range."""
    values = {}
    for f in fields:
        text, line = found.get(f.label, ("", 0))
        if f.kind == INT:
            continue
        if f.required and not text:
            raise ContentError(path, line, f"{f.label} must not be empty")
        if f.kind == LIST:
            values[f.name] = (split_exact if f.exact else split_items)(text, f.separator)
            problems = f.problems(values[f.name])
            if problems:
                raise ContentError(path, line, "; ".join(problems))
        elif f.kind == CODES:
            values[f.name] = parse_code_list(text, line, path, f.label)
        else:
            limit = max_length(model, f.name)
            if limit and len(text) > limit:
                raise ContentError(path, line, f"{f.label} is longer than {limit} characters")
            problems = f.problems(text)
            if problems:
                raise ContentError(path, line, "; ".join(problems))
            values[f.name] = text
    return values


def top_level_headings(lines, start, path):
    """(index, level, title) of the '#' and '##' headings outside fenced code blocks."""
    visible, fence_open = scan_fences(lines[start:])
    if fence_open:
        raise ContentError(path, len(lines), "a fenced code block is never closed")
    headings = []
    for offset in visible:
        line = lines[start + offset]
        if RESERVED_HEADING_RE.match(line):
            level = 2 if line.startswith("##") else 1
            headings.append((start + offset, level, line[level:].strip()))
    return headings


def section_text(body_lines, line_no, path, title):
    text = normalize_text("\n".join(body_lines))
    if not text:
        raise ContentError(path, line_no, f"section '{title}' is empty")
    return text


# Writing ---------------------------------------------------------------------------------


def front_matter(doc, fields):
    lines = (
        f"{f.label}: {f.written(getattr(doc, f.name))}".rstrip()
        for f in fields
        if f.always or getattr(doc, f.name)
    )
    return "\n".join(["---", *lines, "---"])


def render_code_file(doc):
    """The canonical text of a code file; parse_code_text(render_code_file(d)) == d."""
    blocks = [front_matter(doc, CODE_META)]
    for title, name in CODE_SECTIONS.items():
        text = getattr(doc, name)
        if text:
            blocks += [f"# {title}", text]
    for cause in doc.causes:
        head = [f"# Cause: {cause.slug}"]
        for f in CAUSE_ATTRIBUTES:
            value = getattr(cause, f.name)
            if value or f.always:
                head.append(f"{f.label}: {f.written(value)}".rstrip())
        blocks.append("\n".join(head))
        for title, name in CAUSE_SECTIONS.items():
            blocks += [f"## {title}", getattr(cause, name)]
    return "\n\n".join(blocks) + "\n"


def render_question_file(doc):
    """The canonical text of a question file."""
    blocks = [front_matter(doc, QUESTION_META)]
    if doc.help:
        blocks.append(doc.help)
    if doc.answers:
        blocks += ["# Answers", "\n".join(f"- {slug}: {label}" for slug, label in doc.answers)]
    return "\n\n".join(blocks) + "\n"
