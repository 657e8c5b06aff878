"""Markdown content files <-> models: parse, validate, load and export.

The file format is described in content/README.md. Parsing is plain Python and reports the
first problem in a file with its path and line; loading validates every file before it
writes anything, and writes inside one transaction.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Max

from . import diagnose, guide, search
from .markup import RESERVED_HEADING_RE, scan_fences
from .models import (
    SLUG_RE,
    Answer,
    Cause,
    Question,
    StatusCode,
    digest,
    normalize_text,
    profile_errors,
)

FRONT_MATTER_KEYS = (
    "code", "phrase", "aliases", "vendor", "spec", "summary", "headers", "related", "confused",
)  # fmt: skip
REQUIRED_KEYS = {"code", "phrase", "spec", "summary"}
SECTIONS = {  # heading -> model field, in the order they must appear
    "Explanation": "explanation",
    "Headers": "headers_note",
    "Example": "example",
    "In code": "in_code",
    "Commonly confused": "confused_note",
}
CAUSE_SECTIONS = {
    "Confirm": "confirm",
    "Fix when calling the API": "fix_client",
    "Fix when building the API": "fix_server",
}
CAUSE_HEADING_RE = re.compile(r"^Cause:\s*(.*)$")
CAUSE_ATTRIBUTES = ("Title", "Signals", "Profile")
QUESTION_KEYS = ("slug", "position", "kind", "text")
MAX_LINE = {"phrase": 100, "vendor": 60, "spec": 200, "summary": 300, "title": 200}


class ContentError(Exception):
    """A problem in a content file, located by path and line."""

    def __init__(self, path, line, message):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}")


@dataclass
class CauseDoc:
    slug: str
    title: str
    signals: list
    profile: str = ""
    confirm: str = ""
    fix_client: str = ""
    fix_server: str = ""
    line: int = 0

    def fields(self, position):
        """The same dict as Cause.content_fields(), for comparing a file with a row."""
        return {
            "slug": self.slug,
            "position": position,
            "title": self.title,
            "profile": self.profile,
            "signals": "\n".join(self.signals),
            "confirm": self.confirm,
            "fix_client": self.fix_client,
            "fix_server": self.fix_server,
        }


@dataclass
class CodeDoc:
    code: int
    phrase: str
    spec: str
    summary: str
    aliases: list = field(default_factory=list)
    vendor: str = ""
    headers: list = field(default_factory=list)
    related: list = field(default_factory=list)
    confused: list = field(default_factory=list)
    explanation: str = ""
    headers_note: str = ""
    example: str = ""
    in_code: str = ""
    confused_note: str = ""
    causes: list = field(default_factory=list)
    path: str = ""
    meta_lines: dict = field(default_factory=dict)

    def fields(self):
        """The same dict as StatusCode.content_fields(), for comparing a file with a row."""
        return {
            "code": self.code,
            "phrase": self.phrase,
            "vendor": self.vendor,
            "spec": self.spec,
            "summary": self.summary,
            "explanation": self.explanation,
            "headers_note": self.headers_note,
            "example": self.example,
            "in_code": self.in_code,
            "confused_note": self.confused_note,
            "aliases": "\n".join(self.aliases),
            "header_names": "\n".join(self.headers),
            "related": sorted(self.related),
            "confused": sorted(self.confused),
        }


# Parsing ---------------------------------------------------------------------------------


def split_items(value, separator):
    return [item.strip() for item in value.split(separator) if item.strip()]


def parse_code_file(path):
    """Parse one code file into a CodeDoc, or raise ContentError naming the file and line."""
    return parse_code_text(read_text(path), path)


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


def parse_code_text(text, path="<text>"):
    lines = split_checked_lines(text, path)
    meta, body_start = parse_front_matter(lines, path, FRONT_MATTER_KEYS, REQUIRED_KEYS)
    doc = code_doc_from_meta(meta, path)
    doc.path = str(path)
    doc.meta_lines = {key: line for key, (_value, line) in meta.items()}
    parse_body(doc, lines, body_start, path)
    stem = Path(path).stem
    if stem.isdigit() and int(stem) != doc.code:
        raise ContentError(path, meta["code"][1], f"code {doc.code} does not match the file name")
    return doc


def parse_front_matter(lines, path, allowed_keys, required_keys):
    if not lines or lines[0] != "---":
        raise ContentError(path, 1, "the file must start with a '---' line (front matter)")
    meta = {}
    for index in range(1, len(lines)):
        line = lines[index]
        number = index + 1
        if line == "---":
            missing = [key for key in allowed_keys if key in required_keys and key not in meta]
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


def code_doc_from_meta(meta, path):
    def value(key):
        return meta.get(key, ("", 0))[0]

    code_text, code_line = meta["code"]
    if not code_text.isdigit() or not valid_code(int(code_text)):
        raise ContentError(
            path, code_line, f"code must be 0 (no response) or 100 to 599, got {code_text!r}"
        )
    for key in REQUIRED_KEYS - {"code"}:
        if not value(key):
            raise ContentError(path, meta[key][1], f"{key} must not be empty")
    for key, limit in MAX_LINE.items():
        if key in meta and len(value(key)) > limit:
            raise ContentError(path, meta[key][1], f"{key} is longer than {limit} characters")
    doc = CodeDoc(
        code=int(code_text),
        phrase=value("phrase"),
        spec=value("spec"),
        summary=value("summary"),
        vendor=value("vendor"),
        aliases=split_items(value("aliases"), "|"),
        headers=split_items(value("headers"), ","),
    )
    for key in ("related", "confused"):
        if key in meta:
            codes = parse_code_list(value(key), meta[key][1], path, key)
            if doc.code in codes:
                raise ContentError(path, meta[key][1], f"{key}: a code cannot list itself")
            setattr(doc, key, codes)
    return doc


def parse_body(doc, lines, start, path):
    """Split the body into sections at the top-level headings outside fenced code blocks."""
    visible, fence_open = scan_fences(lines[start:])
    if fence_open:
        raise ContentError(path, len(lines), "a fenced code block is never closed")
    headings = []  # (index, level, title)
    for offset in visible:
        index = start + offset
        line = lines[index]
        if RESERVED_HEADING_RE.match(line):
            level = 2 if line.startswith("##") else 1
            headings.append((index, level, line[level:].strip()))
    first_text = next((i for i in range(start, len(lines)) if lines[i].strip()), None)
    if first_text is not None and (not headings or headings[0][0] != first_text):
        raise ContentError(path, first_text + 1, "text before the first '# ' section heading")

    in_cause = False
    for index, level, title in headings:
        if level == 1:
            in_cause = bool(CAUSE_HEADING_RE.match(title))
        elif not in_cause:
            raise ContentError(
                path, index + 1, "'## ' headings belong inside a cause; use ### or deeper here"
            )

    section_order = list(SECTIONS)
    seen_sections = []
    cause = None
    cause_part = 0
    for number, (index, level, title) in enumerate(headings):
        end = headings[number + 1][0] if number + 1 < len(headings) else len(lines)
        body_lines = lines[index + 1 : end]
        line_no = index + 1
        if level == 1:
            if cause is not None:
                finish_cause(cause, cause_part, path)
            cause, cause_part = None, 0
            match = CAUSE_HEADING_RE.match(title)
            if match:
                cause = start_cause(doc, match.group(1).strip(), body_lines, line_no, path)
                continue
            if title not in SECTIONS:
                allowed = ", ".join(f"'# {name}'" for name in SECTIONS) + ", '# Cause: <slug>'"
                raise ContentError(
                    path, line_no, f"unknown section '# {title}' (allowed: {allowed})"
                )
            if doc.causes:
                raise ContentError(path, line_no, f"'# {title}' must come before the causes")
            if title in seen_sections:
                raise ContentError(path, line_no, f"section '# {title}' appears twice")
            if seen_sections and section_order.index(title) < section_order.index(
                seen_sections[-1]
            ):
                raise ContentError(
                    path, line_no, f"'# {title}' must come before '# {seen_sections[-1]}'"
                )
            seen_sections.append(title)
            setattr(doc, SECTIONS[title], section_text(body_lines, line_no, path, title))
        else:
            expected = list(CAUSE_SECTIONS)
            if cause_part >= len(expected) or title != expected[cause_part]:
                wanted = f"'## {expected[cause_part]}'" if cause_part < len(expected) else "no more"
                raise ContentError(
                    path, line_no, f"expected {wanted} sub-section, got '## {title}'"
                )
            field_name = CAUSE_SECTIONS[title]
            setattr(cause, field_name, section_text(body_lines, line_no, path, title))
            cause_part += 1
    if cause is not None:
        finish_cause(cause, cause_part, path)
    if not doc.explanation:
        raise ContentError(path, start + 1, "the '# Explanation' section is required")


def section_text(body_lines, line_no, path, title):
    text = normalize_text("\n".join(body_lines))
    if not text:
        raise ContentError(path, line_no, f"section '{title}' is empty")
    return text


def start_cause(doc, slug, body_lines, line_no, path):
    if not SLUG_RE.match(slug):
        raise ContentError(
            path, line_no, f"cause slug {slug!r} must be lowercase letters, digits and hyphens"
        )
    if any(cause.slug == slug for cause in doc.causes):
        raise ContentError(path, line_no, f"cause slug {slug!r} is used twice in this file")
    attributes = {}
    for offset, line in enumerate(body_lines):
        if not line.strip():
            break
        key, colon, value = line.partition(":")
        if not colon or key not in CAUSE_ATTRIBUTES:
            raise ContentError(
                path,
                line_no + offset + 1,
                f"expected 'Title:', 'Signals:' or 'Profile:' line, got {line!r}",
            )
        if key in attributes:
            raise ContentError(path, line_no + offset + 1, f"'{key}:' appears twice")
        attributes[key] = value.strip()
    else:
        offset = len(body_lines)
    if not attributes.get("Title"):
        raise ContentError(path, line_no + 1, f"cause {slug!r} needs a non-empty 'Title:' line")
    if len(attributes["Title"]) > MAX_LINE["title"]:
        raise ContentError(
            path, line_no + 1, f"title is longer than {MAX_LINE['title']} characters"
        )
    if "Signals" not in attributes:
        raise ContentError(
            path, line_no + 1, f"cause {slug!r} needs a 'Signals:' line (may be empty)"
        )
    if any(line.strip() for line in body_lines[offset:]):
        extra = next(i for i, line in enumerate(body_lines) if i >= offset and line.strip())
        raise ContentError(
            path,
            line_no + extra + 1,
            "text after the Title/Signals lines; start '## Confirm' first",
        )
    keys = [key for key in CAUSE_ATTRIBUTES if key in attributes]
    if list(attributes) != keys:
        order = ", ".join(f"'{key}:'" for key in CAUSE_ATTRIBUTES)
        raise ContentError(
            path, line_no + 1, f"cause {slug!r}: write the lines in the order {order}"
        )
    cause = CauseDoc(
        slug=slug,
        title=attributes["Title"],
        signals=split_items(attributes["Signals"], "|"),
        profile=attributes.get("Profile", ""),
        line=line_no,
    )
    doc.causes.append(cause)
    return cause


def finish_cause(cause, parts_seen, path):
    if parts_seen < len(CAUSE_SECTIONS):
        missing = list(CAUSE_SECTIONS)[parts_seen]
        raise ContentError(path, cause.line, f"cause {cause.slug!r} is missing '## {missing}'")


@dataclass
class QuestionDoc:
    slug: str
    position: int
    kind: str
    text: str
    help: str = ""
    answers: list = field(default_factory=list)  # [(slug, label)]
    path: str = ""

    def fields(self):
        """The same dict as Question.content_fields()."""
        return {
            "slug": self.slug,
            "position": self.position,
            "kind": self.kind,
            "text": self.text,
            "help": self.help,
            "answers": [list(answer) for answer in self.answers],
        }


ANSWER_RE = re.compile(r"^- ([a-z0-9]+(?:-[a-z0-9]+)*): (\S.*)$")


def parse_question_text(text, path="<text>"):
    """Parse one question file into a QuestionDoc, or raise ContentError."""
    lines = split_checked_lines(text, path)
    meta, start = parse_front_matter(lines, path, QUESTION_KEYS, set(QUESTION_KEYS))
    slug, slug_line = meta["slug"]
    if not SLUG_RE.match(slug) or slug == "unsure":
        raise ContentError(
            path, slug_line, f"slug {slug!r} must be lowercase letters, digits and hyphens"
        )
    if Path(path).stem != slug and Path(path).suffix == ".md":
        raise ContentError(path, slug_line, f"slug {slug!r} does not match the file name")
    position, position_line = meta["position"]
    if not position.isdigit():
        raise ContentError(path, position_line, "position must be a whole number")
    kind, kind_line = meta["kind"]
    if kind not in Question.Kind.values:
        raise ContentError(
            path, kind_line, f"kind must be one of: {', '.join(Question.Kind.values)}"
        )
    text_value, text_line = meta["text"]
    if not text_value:
        raise ContentError(path, text_line, "text must not be empty")
    doc = QuestionDoc(slug=slug, position=int(position), kind=kind, text=text_value, path=str(path))

    visible, fence_open = scan_fences(lines[start:])
    if fence_open:
        raise ContentError(path, len(lines), "a fenced code block is never closed")
    answers_at = None
    for offset in visible:
        line = lines[start + offset]
        if RESERVED_HEADING_RE.match(line):
            if line != "# Answers" or answers_at is not None:
                raise ContentError(
                    path, start + offset + 1, "the only heading allowed here is one '# Answers'"
                )
            answers_at = start + offset
    end = answers_at if answers_at is not None else len(lines)
    doc.help = normalize_text("\n".join(lines[start:end]))
    if kind != Question.Kind.CHOICE:
        if answers_at is not None:
            raise ContentError(
                path, answers_at + 1, f"a {kind} question takes its answers from the codes"
            )
        return doc
    if answers_at is None:
        raise ContentError(path, len(lines), "a choice question needs a '# Answers' section")
    for index in range(answers_at + 1, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        match = ANSWER_RE.match(line)
        if not match:
            raise ContentError(path, index + 1, f"expected '- answer-slug: label', got {line!r}")
        answer, label = match.groups()
        if answer == "unsure":
            raise ContentError(path, index + 1, "'unsure' is built in; every question offers it")
        if any(answer == seen for seen, _label in doc.answers):
            raise ContentError(path, index + 1, f"answer {answer!r} is listed twice")
        doc.answers.append((answer, label.strip()))
    if not 2 <= len(doc.answers) <= 6:
        raise ContentError(
            path, answers_at + 1, f"a question needs 2 to 6 answers, found {len(doc.answers)}"
        )
    return doc


@dataclass
class ContentDocs:
    codes: list
    questions: list


def read_content(content_dir):
    """Parse and cross-check every file under content_dir; raise on the first problem."""
    content_dir = Path(content_dir)
    codes_dir = content_dir / "codes"
    if not codes_dir.is_dir():
        raise ContentError(codes_dir, 0, "no such directory")
    questions = {}
    for path in sorted((content_dir / "questions").glob("*.md")):
        question = parse_question_text(read_text(path), path)
        questions[question.slug] = question
    answer_map = {
        q.slug: None if q.kind != Question.Kind.CHOICE else {a for a, _label in q.answers}
        for q in questions.values()
    }
    docs = {}
    for path in sorted(codes_dir.glob("*.md")):
        doc = parse_code_file(path)
        if doc.code in docs:
            raise ContentError(
                path, doc.meta_lines["code"], f"code {doc.code} is also in {docs[doc.code].path}"
            )
        for cause in doc.causes:
            problems = profile_errors(cause.profile, answer_map)
            if problems:
                line = cause.line + 3  # Title, Signals, Profile: the order is enforced
                raise ContentError(path, line, f"profile of {cause.slug!r}: {'; '.join(problems)}")
        docs[doc.code] = doc
    for doc in docs.values():
        for key in ("related", "confused"):
            missing = [code for code in getattr(doc, key) if code not in docs]
            if missing:
                listed = ", ".join(map(str, missing))
                raise ContentError(
                    doc.path, doc.meta_lines[key], f"{key}: no content file for {listed}"
                )
    return ContentDocs(
        codes=sorted(docs.values(), key=lambda doc: doc.code),
        questions=sorted(questions.values(), key=lambda q: (q.position, q.slug)),
    )


# Rendering (export) ----------------------------------------------------------------------


def render_code_file(doc):
    """The canonical text of a code file; parse_code_text(render_code_file(d)) == d."""
    meta = {
        "code": str(doc.code),
        "phrase": doc.phrase,
        "aliases": " | ".join(doc.aliases),
        "vendor": doc.vendor,
        "spec": doc.spec,
        "summary": doc.summary,
        "headers": ", ".join(doc.headers),
        "related": ", ".join(map(str, sorted(doc.related))),
        "confused": ", ".join(map(str, sorted(doc.confused))),
    }
    front = ["---", *(f"{key}: {value}".rstrip() for key, value in meta.items()), "---"]
    blocks = ["\n".join(front)]
    for title, name in SECTIONS.items():
        text = getattr(doc, name)
        if text:
            blocks += [f"# {title}", text]
    for cause in doc.causes:
        head = [f"# Cause: {cause.slug}", f"Title: {cause.title}"]
        head.append(f"Signals: {' | '.join(cause.signals)}".rstrip())
        if cause.profile:
            head.append(f"Profile: {cause.profile}")
        blocks.append("\n".join(head))
        for title, name in CAUSE_SECTIONS.items():
            blocks += [f"## {title}", getattr(cause, name)]
    return "\n\n".join(blocks) + "\n"


def render_question_file(doc):
    """The canonical text of a question file."""
    front = ["---", *(f"{key}: {getattr(doc, key)}" for key in QUESTION_KEYS), "---"]
    blocks = ["\n".join(front)]
    if doc.help:
        blocks.append(doc.help)
    if doc.answers:
        blocks += ["# Answers", "\n".join(f"- {slug}: {label}" for slug, label in doc.answers)]
    return "\n\n".join(blocks) + "\n"


def question_doc_from_model(question):
    return QuestionDoc(
        slug=question.slug,
        position=question.position,
        kind=question.kind,
        text=question.text,
        help=question.help,
        answers=[(answer.slug, answer.label) for answer in question.answers.all()],
    )


def doc_from_model(code):
    """A CodeDoc from a StatusCode row (with its causes, related and confused prefetched)."""
    return CodeDoc(
        code=code.code,
        phrase=code.phrase,
        spec=code.spec,
        summary=code.summary,
        aliases=code.alias_list,
        vendor=code.vendor,
        headers=code.header_list,
        related=sorted(c.code for c in code.related.all()),
        confused=sorted(c.code for c in code.confused.all()),
        explanation=code.explanation,
        headers_note=code.headers_note,
        example=code.example,
        in_code=code.in_code,
        confused_note=code.confused_note,
        causes=[
            CauseDoc(
                slug=cause.slug,
                title=cause.title,
                signals=cause.signal_list,
                profile=cause.profile,
                confirm=cause.confirm,
                fix_client=cause.fix_client,
                fix_server=cause.fix_server,
            )
            for cause in code.causes.all()
        ],
    )


def export(output_dir):
    """Write the database to output_dir/codes/NNN.md and output_dir/questions/SLUG.md; return
    the paths written."""
    codes_dir = Path(output_dir) / "codes"
    questions_dir = Path(output_dir) / "questions"
    codes_dir.mkdir(parents=True, exist_ok=True)
    questions_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for code in StatusCode.objects.for_page():
        path = codes_dir / f"{code.code}.md"
        path.write_text(render_code_file(doc_from_model(code)), encoding="utf-8")
        written.append(path)
    for question in Question.objects.prefetch_related("answers"):
        path = questions_dir / f"{question.slug}.md"
        path.write_text(render_question_file(question_doc_from_model(question)), encoding="utf-8")
        written.append(path)
    return written


# Loading ---------------------------------------------------------------------------------


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    deleted: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (name, reason)

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted)


def load(content_dir, force=False):
    """Load every file under content_dir into the database, or nothing at all.

    A row whose content differs from what the previous load wrote was edited by staff: it is
    left alone and reported, unless force is true.
    """
    docs = read_content(content_dir)
    report = LoadReport()
    with transaction.atomic():
        load_questions(docs.questions, report, force)
        existing = {code.code: code for code in StatusCode.objects.for_page()}
        codes_to_link = []
        for doc in docs.codes:
            code = existing.pop(doc.code, None)
            if code is None:
                code = StatusCode(code=doc.code)
                apply_code_fields(code, doc)
                code._change_reason = "load_content"
                code.save()
                report.created.append(f"code {doc.code}")
                codes_to_link.append((code, doc))
            else:
                if sync_row(code, doc.fields(), f"code {doc.code}", report, force):
                    apply_code_fields(code, doc)
                    code._change_reason = "load_content"
                    code.save()
                    codes_to_link.append((code, doc))
            sync_causes(code, doc, report, force)
        by_number = {code.code: code for code in StatusCode.objects.only("pk", "code")}
        for code, doc in codes_to_link:
            code.related.set([by_number[n] for n in doc.related])
            code.confused.set([by_number[n] for n in doc.confused])
            StatusCode.objects.filter(pk=code.pk).update(loaded_digest=digest(doc.fields()))
        for code in existing.values():
            remove_row(code, f"code {code.code}", report, force)
    return report


def load_questions(docs, report, force):
    existing = {q.slug: q for q in Question.objects.prefetch_related("answers")}
    for doc in docs:
        name = f"question {doc.slug}"
        question = existing.pop(doc.slug, None)
        if question is None:
            question = Question(slug=doc.slug)
            report.created.append(name)
        elif not sync_row(question, doc.fields(), name, report, force):
            continue
        for field_name in ("position", "kind", "text", "help"):
            setattr(question, field_name, getattr(doc, field_name))
        question.loaded_digest = digest(doc.fields())
        question._change_reason = "load_content"
        question.save()
        question.answers.all().delete()
        Answer.objects.bulk_create(
            Answer(question=question, position=position, slug=slug, label=label)
            for position, (slug, label) in enumerate(doc.answers)
        )
    for question in existing.values():
        remove_row(question, f"question {question.slug}", report, force)


def sync_row(row, wanted_fields, name, report, force):
    """Decide what to do with an existing row; return True when it should be written."""
    current = row.content_digest()
    if current == digest(wanted_fields):
        if row.loaded_digest != current:
            type(row).objects.filter(pk=row.pk).update(loaded_digest=current)
        report.unchanged.append(name)
        return False
    if current != row.loaded_digest and not force:
        report.skipped.append((name, "edited in admin since the last load; --force overwrites it"))
        return False
    report.updated.append(name)
    return True


def remove_row(row, name, report, force):
    if row.loaded_digest != row.content_digest() and not force:
        report.skipped.append((name, "not in the content files but edited in admin; kept"))
        return
    row.delete()
    report.deleted.append(name)


def apply_code_fields(code, doc):
    for name, value in doc.fields().items():
        if name not in ("related", "confused"):
            setattr(code, name, value)


def sync_causes(code, doc, report, force):
    existing = {cause.slug: cause for cause in code.causes.all()} if code.pk else {}
    for position, cause_doc in enumerate(doc.causes):
        name = f"cause {doc.code}/{cause_doc.slug}"
        wanted = cause_doc.fields(position)
        cause = existing.pop(cause_doc.slug, None)
        if cause is None:
            cause = Cause(status_code=code)
            report.created.append(name)
        elif not sync_row(cause, wanted, name, report, force):
            continue
        for field_name, value in wanted.items():
            setattr(cause, field_name, value)
        cause.loaded_digest = digest(wanted)
        cause._change_reason = "load_content"
        cause.save()
    for cause in existing.values():
        remove_row(cause, f"cause {doc.code}/{cause.slug}", report, force)


# The guide's data ------------------------------------------------------------------------

_cache = {}


def content_version():
    """Changes whenever a code, cause or question is added, edited or removed (two queries)."""
    return (
        tuple(
            StatusCode.objects.aggregate(
                code_count=Count("id", distinct=True),
                codes_changed=Max("updated_at"),
                cause_count=Count("causes", distinct=True),
                causes_changed=Max("causes__updated_at"),
            ).values()
        ),
        tuple(Question.objects.aggregate(n=Count("id"), changed=Max("updated_at")).values()),
    )


def cached(name, build):
    """`build()`'s result, rebuilt only when the content changes.

    Every app server checks the version itself, so admin edits and loads show at once
    everywhere without a shared cache."""
    version = content_version()
    hit = _cache.get(name)
    if hit and hit[0] == version:
        return hit[1]
    value = build()
    _cache[name] = (version, value)
    return value


def guide_content():
    """The guide's questions and causes as plain data."""
    return cached("guide", build_guide_content)


def diagnose_index():
    """The causes as the diagnosis parser needs them."""
    return cached("diagnose", build_diagnose_index)


def search_codes():
    """Every code as a search.CodeEntry."""
    return cached(
        "search",
        lambda: tuple(
            search.CodeEntry(c.code, c.phrase, tuple(c.alias_list), c.summary, c.vendor)
            for c in StatusCode.objects.only("code", "phrase", "aliases", "summary", "vendor")
        ),
    )


def profile_sets(cause):
    """A cause's profile as {question: frozenset of answers}."""
    try:
        return {q: frozenset(a) for q, a in cause.profile_map.items()}
    except ValueError:
        return {}  # admin validates profiles; a broken one must not take the site down


def build_diagnose_index():
    causes = []
    for cause in Cause.objects.select_related("status_code"):
        code = cause.status_code
        text = " ".join(
            [cause.title, cause.slug.replace("-", " "), code.phrase, *cause.signal_list]
        )
        profile = profile_sets(cause)
        causes.append(
            diagnose.CauseInfo(
                key=f"{code.code}/{cause.slug}",
                code=code.code,
                slug=cause.slug,
                title=cause.title,
                signals=tuple(cause.signal_list),
                words=frozenset(diagnose.words_of(text)),
                profile=profile,
                vendor=bool(code.vendor),
                body_words=frozenset(diagnose.words_of(cause.confirm)),
            )
        )
    known = StatusCode.objects.values_list("code", flat=True)
    return diagnose.Index.build(causes, known)


def build_guide_content():
    questions = [
        guide.Question(
            slug=q.slug,
            text=q.text,
            answers=tuple((a.slug, a.label) for a in q.answers.all()),
            help_html=q.help_html,
            position=q.position,
            is_status=q.kind == Question.Kind.STATUS_CODE,
            is_response=q.kind == Question.Kind.RESPONSE,
        )
        for q in Question.objects.prefetch_related("answers")
    ]
    causes = []
    for cause in Cause.objects.select_related("status_code").order_by(
        "status_code__code", "position"
    ):
        profile = profile_sets(cause)
        causes.append(
            guide.Cause(
                key=f"{cause.status_code.code}/{cause.slug}",
                code=cause.status_code.code,
                phrase=cause.status_code.phrase,
                slug=cause.slug,
                title=cause.title,
                profile=profile,
                prior=1.0 / (1.0 + 0.25 * cause.position),
            )
        )
    return guide.GuideContent.build(questions, causes)
