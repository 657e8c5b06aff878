"""The content file format: markdown files -> documents, validated (see content/README.md).

Parsing reports the first problem in a file with its path and line. No queries.
"""

import re
from pathlib import Path

from troubleshooter.content.documents import (
    CAUSE_ATTRIBUTES,
    CAUSE_SECTIONS,
    CODE_META,
    CODE_SECTIONS,
    QUESTION_HELP,
    QUESTION_META,
    CauseDoc,
    CodeDoc,
    ContentError,
    QuestionDoc,
    parse_front_matter,
    parse_values,
    read_text,
    render_code_file,
    render_question_file,
    section_text,
    split_checked_lines,
    top_level_headings,
    valid_code,
)
from troubleshooter.format.profiles import SLUG_RE, profile_errors
from troubleshooter.format.questions import parse_applies, parse_detect
from troubleshooter.format.schema import CODES, SECTION, placed
from troubleshooter.models import Cause, Question, StatusCode, normalize_text

__all__ = ["ContentError", "parse_code_text", "render_code_file", "render_question_file"]

CAUSE_HEADING_RE = re.compile(r"^Cause:\s*(.*)$")
ANSWER_RE = re.compile(r"^- ([a-z0-9]+(?:-[a-z0-9]+)*): (\S.*)$")
# A choice question lists at most this many answers, plus "none" when it presupposes something.
# Eight, not six, since "What does the error point at?" told a missing body from a large one
# and added the URL.
MOST_ANSWERS = 8


def parse_code_file(path):
    """Parse one code file into a CodeDoc, or raise ContentError naming the file and line."""
    return parse_code_text(read_text(path), path)


def parse_code_text(text, path="<text>"):
    lines = split_checked_lines(text, path)
    meta, body_start = parse_front_matter(lines, path, CODE_META)
    code_text, code_line = meta["code"]
    if not code_text.isdigit() or not valid_code(int(code_text)):
        raise ContentError(
            path, code_line, f"code must be 0 (no response) or 100 to 599, got {code_text!r}"
        )
    doc = CodeDoc(
        code=int(code_text),
        **parse_values(StatusCode, CODE_META, meta, path),
        path=str(path),
        meta_lines={key: line for key, (_value, line) in meta.items()},
    )
    for f in CODE_META:
        if f.kind == CODES and doc.code in getattr(doc, f.name):
            raise ContentError(path, meta[f.label][1], f"{f.label}: a code cannot list itself")
    parse_body(doc, lines, body_start, path)
    stem = Path(path).stem
    if stem.isdigit() and int(stem) != doc.code:
        raise ContentError(path, code_line, f"code {doc.code} does not match the file name")
    return doc


def parse_body(doc, lines, start, path):
    """Split the body into sections at the top-level headings outside fenced code blocks."""
    headings = top_level_headings(lines, start, path)
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

    section_order = list(CODE_SECTIONS)
    cause_order = list(CAUSE_SECTIONS)
    seen_sections = []
    cause = None
    cause_part = 0
    for number, (index, level, title) in enumerate(headings):
        end = headings[number + 1][0] if number + 1 < len(headings) else len(lines)
        body_lines = lines[index + 1 : end]
        line_no = index + 1
        if level == 2:
            if cause_part >= len(cause_order) or title != cause_order[cause_part]:
                wanted = (
                    f"'## {cause_order[cause_part]}'"
                    if cause_part < len(cause_order)
                    else "no more"
                )
                raise ContentError(
                    path, line_no, f"expected {wanted} sub-section, got '## {title}'"
                )
            setattr(cause, CAUSE_SECTIONS[title], section_text(body_lines, line_no, path, title))
            cause_part += 1
            continue
        if cause is not None:
            finish_cause(cause, cause_part, path)
        cause, cause_part = None, 0
        match = CAUSE_HEADING_RE.match(title)
        if match:
            cause = start_cause(doc, match.group(1).strip(), body_lines, line_no, path)
            continue
        if title not in CODE_SECTIONS:
            allowed = ", ".join(f"'# {name}'" for name in CODE_SECTIONS) + ", '# Cause: <slug>'"
            raise ContentError(path, line_no, f"unknown section '# {title}' (allowed: {allowed})")
        if doc.causes:
            raise ContentError(path, line_no, f"'# {title}' must come before the causes")
        if title in seen_sections:
            raise ContentError(path, line_no, f"section '# {title}' appears twice")
        if seen_sections and section_order.index(title) < section_order.index(seen_sections[-1]):
            raise ContentError(
                path, line_no, f"'# {title}' must come before '# {seen_sections[-1]}'"
            )
        seen_sections.append(title)
        setattr(doc, CODE_SECTIONS[title], section_text(body_lines, line_no, path, title))
    if cause is not None:
        finish_cause(cause, cause_part, path)
    for f in placed(StatusCode.SYNCED, SECTION):
        if f.required and not getattr(doc, f.name):
            raise ContentError(path, start + 1, f"the '# {f.label}' section is required")


def attribute_lines(body_lines, line_no, path):
    """{name: (value, line)} from the `Name: value` lines under a cause heading, and the
    offset of the first line after them."""
    names = [f.label for f in CAUSE_ATTRIBUTES]
    found = {}
    for offset, line in enumerate(body_lines):
        if not line.strip():
            return found, offset
        key, colon, value = line.partition(":")
        if not colon or key not in names:
            quoted = [f"'{name}:'" for name in names]
            expected = f"{', '.join(quoted[:-1])} or {quoted[-1]}"
            raise ContentError(
                path, line_no + offset + 1, f"expected {expected} line, got {line!r}"
            )
        if key in found:
            raise ContentError(path, line_no + offset + 1, f"'{key}:' appears twice")
        found[key] = (value.strip(), line_no + offset + 1)
    return found, len(body_lines)


def start_cause(doc, slug, body_lines, line_no, path):
    if not SLUG_RE.match(slug):
        raise ContentError(
            path, line_no, f"cause slug {slug!r} must be lowercase letters, digits and hyphens"
        )
    if any(cause.slug == slug for cause in doc.causes):
        raise ContentError(path, line_no, f"cause slug {slug!r} is used twice in this file")
    found, offset = attribute_lines(body_lines, line_no, path)
    for f in CAUSE_ATTRIBUTES:
        if f.required and not found.get(f.label, ("", 0))[0]:
            raise ContentError(
                path, line_no + 1, f"cause {slug!r} needs a non-empty '{f.label}:' line"
            )
        if f.label not in found and f.always:
            raise ContentError(
                path, line_no + 1, f"cause {slug!r} needs a '{f.label}:' line (may be empty)"
            )
    extra = next((i for i in range(offset, len(body_lines)) if body_lines[i].strip()), None)
    if extra is not None:
        labels = "/".join(f.label for f in CAUSE_ATTRIBUTES)
        raise ContentError(
            path, line_no + extra + 1, f"text after the {labels} lines; start '## Confirm' first"
        )
    keys = [f.label for f in CAUSE_ATTRIBUTES if f.label in found]
    if list(found) != keys:
        order = ", ".join(f"'{f.label}:'" for f in CAUSE_ATTRIBUTES)
        raise ContentError(
            path, line_no + 1, f"cause {slug!r}: write the lines in the order {order}"
        )
    values = parse_values(Cause, CAUSE_ATTRIBUTES, found, path)
    cause = CauseDoc(
        slug=slug,
        position=len(doc.causes),
        **values,
        line=line_no,
        lines={key: line for key, (_value, line) in found.items()},
    )
    doc.causes.append(cause)
    return cause


def finish_cause(cause, parts_seen, path):
    if parts_seen < len(CAUSE_SECTIONS):
        missing = list(CAUSE_SECTIONS)[parts_seen]
        raise ContentError(path, cause.line, f"cause {cause.slug!r} is missing '## {missing}'")


def parse_question_text(text, path="<text>"):
    """Parse one question file into a QuestionDoc, or raise ContentError."""
    lines = split_checked_lines(text, path)
    meta, start = parse_front_matter(lines, path, QUESTION_META)
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
    doc = QuestionDoc(
        position=int(position), **parse_values(Question, QUESTION_META, meta, path), path=str(path)
    )
    if "unsure" in meta:
        value, line = meta["unsure"]
        if not value.isdigit() or int(value) > 100:
            raise ContentError(path, line, "unsure must be a whole number from 0 to 100")
        doc.unsure = int(value)
    answers_at = None
    for index, _level, _title in top_level_headings(lines, start, path):
        if lines[index] != "# Answers" or answers_at is not None:
            raise ContentError(path, index + 1, "the only heading allowed here is one '# Answers'")
        answers_at = index
    end = answers_at if answers_at is not None else len(lines)
    setattr(doc, QUESTION_HELP.name, normalize_text("\n".join(lines[start:end])))
    if kind not in Question.CHOICE_KINDS:
        if answers_at is not None:
            raise ContentError(
                path, answers_at + 1, f"a {kind} question takes its answers from the causes"
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
    most = (
        MOST_ANSWERS + 1
        if any(answer == "none" for answer, _label in doc.answers)
        else MOST_ANSWERS
    )
    if not 2 <= len(doc.answers) <= most:
        raise ContentError(
            path,
            answers_at + 1,
            f"a question needs 2 to {MOST_ANSWERS} answers, and may add 'none', found {len(doc.answers)}",
        )
    check_question_rules(doc, meta, path)
    return doc


def check_question_rules(doc, meta, path):
    """The `applies` and `detect` lines parse, and `detect` names this question's answers."""
    if doc.applies:
        try:
            parse_applies(doc.applies)
        except ValueError as error:
            raise ContentError(path, meta["applies"][1], str(error)) from None
    if doc.detect:
        line = meta["detect"][1]
        try:
            found = parse_detect(doc.detect)
        except ValueError as error:
            raise ContentError(path, line, str(error)) from None
        answers = {slug for slug, _label in doc.answers}
        unknown = [answer for answer, _pattern in found if answer not in answers]
        if unknown:
            raise ContentError(
                path, line, f"detect names no answer of this question: {', '.join(unknown)}"
            )
    if doc.bare and doc.bare not in {slug for slug, _label in doc.answers}:
        raise ContentError(
            path, meta["bare"][1], f"bare names no answer of this question: {doc.bare}"
        )


class ContentDocs:
    def __init__(self, codes, questions):
        self.codes, self.questions = codes, questions


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
        q.slug: None
        if q.kind in (Question.Kind.STATUS_CODE, Question.Kind.PLATFORM)
        else {a for a, _label in q.answers}
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
                line = cause.lines.get("Profile", cause.line)
                raise ContentError(path, line, f"profile of {cause.slug!r}: {'; '.join(problems)}")
        docs[doc.code] = doc
    for doc in docs.values():
        for f in CODE_META:
            if f.kind != CODES:
                continue
            missing = [code for code in getattr(doc, f.name) if code not in docs]
            if missing:
                listed = ", ".join(map(str, missing))
                raise ContentError(
                    doc.path, doc.meta_lines[f.label], f"{f.label}: no content file for {listed}"
                )
    return ContentDocs(
        codes=sorted(docs.values(), key=lambda doc: doc.code),
        questions=sorted(questions.values(), key=lambda q: (q.position, q.slug)),
    )
