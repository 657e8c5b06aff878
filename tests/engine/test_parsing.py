"""Content files parsed and rendered back, without a database: every malformed file reported
with its file and line, the line limits taken from the models."""

import pytest

from tests.helpers import MINIMAL
from troubleshooter.content import files as contentfiles
from troubleshooter.content.files import ContentError, parse_code_text, render_code_file
from troubleshooter.models import Cause, Question, StatusCode

# Code files ---------------------------------------------------------------------------------------


def test_minimal_file_parses_into_fields():
    doc = parse_code_text(MINIMAL, "298.md")
    assert (doc.code, doc.phrase, doc.spec) == (298, "I'm a teapot", "RFC 9110, Section 15.5.19")
    assert doc.explanation == "It is a teapot."
    [cause] = doc.causes
    assert cause.slug == "teapot"
    assert cause.signals == ["teapot", "short and stout"]
    assert cause.fix_server == "Do not."


def test_rendering_a_parsed_file_gives_it_back():
    assert render_code_file(parse_code_text(MINIMAL, "298.md")) == MINIMAL


def test_hash_lines_inside_code_fences_are_not_headings():
    text = MINIMAL.replace("Look.", "```sh\n# a shell comment\n## another\n```")
    doc = parse_code_text(text, "298.md")
    assert "# a shell comment" in doc.causes[0].confirm


BROKEN = [
    ("no front matter", lambda t: t.replace("---\n", "", 1), 1, "must start with a '---'"),
    ("unknown key", lambda t: t.replace("vendor:\n", "vendor:\ncolour: red\n"), 6, "unknown front matter key 'colour'"),
    ("duplicate key", lambda t: t.replace("vendor:\n", "vendor:\nvendor:\n"), 6, "appears twice"),
    ("code not a number", lambda t: t.replace("code: 298", "code: four"), 2, "0 (no response) or 100 to 599"),
    ("code out of range", lambda t: t.replace("code: 298", "code: 600"), 2, "0 (no response) or 100 to 599"),
    ("code unlike file name", lambda t: t.replace("code: 298", "code: 419"), 2, "does not match the file name"),
    ("missing phrase", lambda t: t.replace("phrase: I'm a teapot\n", ""), 10, "missing: phrase"),
    ("empty summary", lambda t: t.replace("summary: Short.", "summary:"), 7, "summary must not be empty"),
    ("bad related code", lambda t: t.replace("related:", "related: 404, 7"), 9, "'7' is not a status code (0, or 100 to 599)"),
    ("lists itself", lambda t: t.replace("confused:", "confused: 298"), 10, "cannot list itself"),
    ("front matter never closed", lambda t: t.replace("---\n\n#", "\n#"), 11, "must end with a '---' line"),
    ("unknown section", lambda t: t.replace("# Explanation", "# Overview"), 13, "unknown section '# Overview'"),
    ("missing explanation", lambda t: t.replace("# Explanation\n\nIt is a teapot.\n\n", ""), 12, "'# Explanation' section is required"),
    ("empty section", lambda t: t.replace("It is a teapot.\n\n", ""), 13, "is empty"),
    ("text before a heading", lambda t: t.replace("# Explanation", "Stray.\n\n# Explanation"), 13, "text before the first"),
    ("bad cause slug", lambda t: t.replace("Cause: teapot", "Cause: Tea Pot"), 17, "must be lowercase"),
    ("missing title", lambda t: t.replace("Title: The server is a teapot\n", ""), 18, "needs a non-empty 'Title:' line"),
    ("missing signals line", lambda t: t.replace("Signals: teapot | short and stout\n", ""), 18, "needs a 'Signals:' line"),
    ("sub-section out of order", lambda t: t.replace("## Confirm", "## Fix"), 21, "expected '## Confirm'"),
    ("missing sub-section", lambda t: t.replace("## Fix when building the API\n\nDo not.\n", ""), 17, "missing '## Fix when building the API'"),
    ("level-2 heading outside a cause", lambda t: t.replace("It is a teapot.", "## Detail\n\nIt is."), 15, "belong inside a cause"),
    ("section after a cause", lambda t: t + "\n# Headers\n\nNone.\n", 33, "must come before the causes"),
    ("sections out of order", lambda t: t.replace("# Cause: teapot", "# Example\n\nx\n\n# Headers\n\ny\n\n# Cause: teapot"), 21, "'# Headers' must come before '# Example'"),
    ("duplicate cause slug", lambda t: t + "\n" + t[t.index("# Cause"):], 33, "used twice"),
    ("unclosed fence", lambda t: t.replace("Look.", "```sh\nls"), 33, "never closed"),
    ("CRLF line endings", lambda t: t.replace("\n", "\r\n"), 1, "LF line endings"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_malformed_file_is_reported_with_file_and_line(change, line, message):
    with pytest.raises(ContentError) as error:
        parse_code_text(change(MINIMAL), "content/codes/298.md")
    assert error.value.line == line, str(error.value)
    assert message in error.value.message
    assert str(error.value).startswith(f"content/codes/298.md:{line}: ")


def test_invalid_utf8_is_reported_with_its_line(tmp_path):
    path = tmp_path / "298.md"
    path.write_bytes(MINIMAL.encode().replace(b"It is a teapot.", b"It is \xff teapot."))
    with pytest.raises(ContentError, match=r"298\.md:15: the file is not valid UTF-8"):
        contentfiles.parse_code_file(path)


# Questions ----------------------------------------------------------------------------------------

QUESTION = """---
slug: speed
position: 9
kind: choice
text: How long does it take to fail?
---

Use `curl -w`.

# Answers

- fast: Quickly
- slow: Slowly
"""


def test_a_ninth_answer_is_allowed_when_it_is_none():
    extra = "".join(f"- a{n}: A{n}\n" for n in range(6)) + "- none: Not on this platform\n"
    doc = contentfiles.parse_question_text(QUESTION + extra, "questions/speed.md")
    assert len(doc.answers) == 9 and doc.answers[-1][0] == "none"


def test_question_file_parses_and_renders_back():
    doc = contentfiles.parse_question_text(QUESTION, "questions/speed.md")
    assert (doc.slug, doc.position, doc.kind) == ("speed", 9, "choice")
    assert doc.answers == [("fast", "Quickly"), ("slow", "Slowly")]
    assert contentfiles.render_question_file(doc) == QUESTION
    bare = QUESTION.replace("kind: choice", "kind: choice\nbare: fast")
    doc = contentfiles.parse_question_text(bare, "questions/speed.md")
    assert doc.bare == "fast"
    assert contentfiles.render_question_file(doc) == bare


BROKEN_QUESTIONS = [
    ("slug unlike file name", lambda t: t.replace("slug: speed", "slug: pace"), 2, "does not match the file name"),
    ("position not a number", lambda t: t.replace("position: 9", "position: first"), 3, "whole number"),
    ("unknown kind", lambda t: t.replace("kind: choice", "kind: free-text"), 4, "kind must be one of"),
    ("one answer", lambda t: t.replace("- slow: Slowly\n", ""), 10, "2 to 8 answers"),
    ("nine answers, none of them 'none'", lambda t: t + "".join(f"- a{n}: A{n}\n" for n in range(7)), 10, "2 to 8 answers"),
    ("malformed answer", lambda t: t.replace("- slow: Slowly", "* slow = Slowly"), 13, "expected '- answer-slug: label'"),
    ("unsure is built in", lambda t: t.replace("- slow: Slowly", "- unsure: Dunno"), 13, "built in"),
    ("duplicate answer", lambda t: t + "- fast: Again\n", 14, "listed twice"),
    ("other heading", lambda t: t.replace("Use `curl -w`.", "## Tips"), 8, "only heading allowed"),
    ("no answers", lambda t: t.split("# Answers")[0], 10, "needs a '# Answers' section"),
    ("bare names no answer", lambda t: t.replace("kind: choice", "kind: choice\nbare: nothing"), 5, "bare names no answer of this question: nothing"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [case[1:] for case in BROKEN_QUESTIONS],
    ids=[case[0] for case in BROKEN_QUESTIONS],
)
def test_malformed_question_is_reported_with_file_and_line(change, line, message):
    with pytest.raises(ContentError) as error:
        contentfiles.parse_question_text(change(QUESTION), "questions/speed.md")
    assert (error.value.line, message in error.value.message) == (line, True), str(error.value)


# One field list per model ------------------------------------------------------------------


@pytest.mark.parametrize("model", [StatusCode, Cause, Question])
def test_every_synced_field_is_a_model_field(model):
    names = {f.name for f in model._meta.get_fields()}
    assert {f.name for f in model.SYNCED} <= names
    for name in model.MARKDOWN_FIELDS:
        assert f"{name}_html" in names


def test_line_lengths_come_from_the_model():
    limit = StatusCode._meta.get_field("phrase").max_length
    with pytest.raises(ContentError, match=f"phrase is longer than {limit} characters"):
        parse_code_text(MINIMAL.replace("I'm a teapot", "x" * (limit + 1)), "298.md")
    assert parse_code_text(MINIMAL.replace("I'm a teapot", "x" * limit), "298.md")
