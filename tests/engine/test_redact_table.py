"""The browser's copy of the redaction rules: static/js/redact-rules.js is what
`manage.py build_redaction_js` writes from redact.py today, and the regular expressions are
translated with Python's meaning. (tests/web/test_har_browser.py runs both redactors on the same
texts in Chromium.)"""

import re
import sys
import unicodedata
from pathlib import Path

import pytest

from troubleshooter.engine import redact, redact_table

RULES_FILE = Path(__file__).parent.parent.parent / "static" / "js" / "redact-rules.js"


def test_the_browser_rules_file_is_up_to_date():
    assert RULES_FILE.read_text(encoding="utf-8") == redact_table.javascript(), (
        "static/js/redact-rules.js is out of date: run manage.py build_redaction_js"
    )


def test_every_rule_and_pattern_is_in_the_table():
    table = redact_table.rule_table()
    assert len(table["rules"]) == len(redact.RULES)
    assert {"KEY_RE", "PLACEHOLDER_RE", "COOKIE_PAIR_RE", "PEM_CUT_RE"} <= set(table["patterns"])
    picks = {str(rule.get("pick") or rule.get("scan")) for rule in table["rules"]}
    assert any("header" in pick for pick in picks) and any("key_values" in p for p in picks)
    assert table["kinds"]["bearer"] == ["a bearer token", "bearer tokens"]


def test_the_word_digit_and_space_classes_are_pythons():
    """The translation writes \\w as [\\p{L}\\p{N}_], \\d as \\p{Nd} and \\s as a list: the same
    characters Python's re matches on text, in Python's Unicode version."""
    word, digit, space = re.compile(r"\w"), re.compile(r"\d"), re.compile(r"\s")
    spaces = set()
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        assert bool(word.match(char)) == (category[0] in "LN" or char == "_"), hex(code)
        assert bool(digit.match(char)) == (category == "Nd"), hex(code)
        if space.match(char):
            spaces.add(code)
    listed = {code for code in range(sys.maxunicode + 1)
              if re.fullmatch("[" + redact_table.SPACE + "]", chr(code))}  # fmt: skip
    assert listed == spaces


@pytest.mark.parametrize(
    "pattern, source",
    [
        (r"(?im)^a.b$", r"(?<![^\n])a[^\n]b(?![^\n])"),
        (r"x\b", r"x(?:(?<=[\p{L}\p{N}_])(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}_])(?=[\p{L}\p{N}_]))"),
        (r"(?P<n>a)(?P=n)", r"(?<n>a)\k<n>"),
        (r"[a-z]{0,8}+c", r"(?=(?<atomic1>[a-z]{0,8}))\k<atomic1>c"),
        (r"\-\#a{", r"-#a\{"),
        (r"a$", r"a(?=\n?(?![\s\S]))"),
    ],
)
def test_patterns_translate_with_pythons_meaning(pattern, source):
    assert redact_table.js_regex(re.compile(pattern))["source"] == source


@pytest.mark.parametrize("pattern", [r"a(?i:b)", r"[\W]", r"\N{DIGIT ONE}", r"(?x)a b"])
def test_what_the_translation_does_not_know_is_refused(pattern):
    with pytest.raises(redact_table.Untranslatable):
        redact_table.js_regex(re.compile(pattern))
