"""The redaction rules as plain data, for the browser: static/js/redact.js runs the same rules
as redact.py on text that never leaves the browser (a HAR file). One rule set: the patterns,
word lists and what each rule's pick does are read from redact.py here, and
`manage.py build_redaction_js` writes them to static/js/redact-rules.js (a test checks that
the file is up to date, and that both sides redact a corpus and random texts identically).

Python's regular expressions are translated to JavaScript's with the meaning Python gives them
on text: \\w, \\d, \\s and \\b are Unicode-aware (JavaScript's are ASCII-only), `.` stops only at
\\n, `$` also matches before a final newline, and possessive quantifiers become an atomic
lookahead. Anything the translation does not know raises an error, so a new rule cannot be
half-translated.
"""

import json
import re
import sys
import unicodedata

from troubleshooter.engine import redact

WORD = r"\p{L}\p{N}_"  # Python's \w on text: str.isalnum() or "_" (checked in the tests)
SPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"  # str.isspace()
SYNTAX = set("^$\\.*+?()[]{}|/")
QUANTIFIER_RE = re.compile(r"\{(\d*)(,?)(\d*)\}")


class Untranslatable(ValueError):
    """A pattern uses something the translation does not handle."""


def js_regex(pattern):
    """{"source": …, "flags": …} of a compiled Python pattern, for `new RegExp(source, flags)`
    (the caller adds g, y or d as it needs)."""
    flags = pattern.flags
    if flags & (re.VERBOSE | re.ASCII | re.LOCALE) or not isinstance(pattern.pattern, str):
        raise Untranslatable(f"flags of {pattern.pattern!r}")
    source = pattern.pattern
    head = re.match(r"\(\?([imsu]+)\)", source)
    if head:
        source = source[head.end() :]
    translated = Translator(
        source, multiline=bool(flags & re.M), dotall=bool(flags & re.S)
    ).translate()
    return {"source": translated, "flags": "u" + ("i" if flags & re.I else "")}


class Translator:
    def __init__(self, source, multiline, dotall):
        self.source, self.multiline, self.dotall = source, multiline, dotall
        self.out = []  # pieces of the translation
        self.atom = None  # where the last atom starts in self.out (for quantifiers)
        self.groups = []  # where each open group starts in self.out
        self.atomic = 0

    def fail(self, what, at):
        raise Untranslatable(f"{what} at {at} in {self.source!r}")

    def translate(self):
        source, i = self.source, 0
        while i < len(source):
            char = source[i]
            if char == "\\":
                i = self.escape(i)
            elif char == "[":
                i = self.char_class(i)
            elif char == "(":
                i = self.group(i)
            elif char == ")":
                if not self.groups:
                    self.fail("unbalanced )", i)
                self.out.append(")")
                self.atom = self.groups.pop()
                i += 1
            elif char in "*+?":
                i = self.quantifier(i, char, i + 1)
            elif char == "{":
                found = QUANTIFIER_RE.match(source, i)
                if found and (found.group(1) or found.group(3)):
                    i = self.quantifier(i, found.group(0), found.end())
                else:
                    self.emit("\\{")
                    i += 1
            elif char == "}" or char == "]":
                self.emit("\\" + char)
                i += 1
            elif char == ".":
                self.emit("[\\s\\S]" if self.dotall else "[^\\n]")
                i += 1
            elif char == "^":
                self.out.append("(?<![^\\n])" if self.multiline else "^")
                self.atom = None
                i += 1
            elif char == "$":
                self.out.append("(?![^\\n])" if self.multiline else "(?=\\n?(?![\\s\\S]))")
                self.atom = None
                i += 1
            elif char == "|":
                self.out.append("|")
                self.atom = None
                i += 1
            else:
                self.emit(char)
                i += 1
        if self.groups:
            self.fail("unbalanced (", len(source))
        return "".join(self.out)

    def emit(self, piece):
        self.atom = len(self.out)
        self.out.append(piece)

    def quantifier(self, i, text, after):
        if self.atom is None:
            self.fail("nothing to repeat", i)
        source = self.source
        if after < len(source) and source[after] == "?":
            text, after = text + "?", after + 1
        elif after < len(source) and source[after] == "+":  # possessive: an atomic group
            atom = "".join(self.out[self.atom :]) + text
            self.atomic += 1
            name = f"atomic{self.atomic}"
            self.out[self.atom :] = [f"(?=(?<{name}>{atom}))\\k<{name}>"]
            self.atom = None
            return after + 1
        self.out.append(text)
        self.atom = None
        return after

    def group(self, i):
        source = self.source
        start = len(self.out)
        if source.startswith("(?P<", i):
            end = source.index(">", i)
            self.out.append("(?<" + source[i + 4 : end] + ">")
            i = end + 1
        elif source.startswith("(?P=", i):
            end = source.index(")", i)
            self.emit("\\k<" + source[i + 4 : end] + ">")
            return end + 1
        elif source.startswith("(?#", i):
            return source.index(")", i) + 1
        elif source.startswith(("(?:", "(?=", "(?!"), i):
            self.out.append(source[i : i + 3])
            i += 3
        elif source.startswith(("(?<=", "(?<!"), i):
            self.out.append(source[i : i + 4])
            i += 4
        elif source.startswith("(?", i):
            self.fail("an inline flag or atomic group", i)
        else:
            self.out.append("(")
            i += 1
        self.groups.append(start)
        self.atom = None
        return i

    def escape(self, i):
        source = self.source
        if i + 1 >= len(source):
            self.fail("a trailing backslash", i)
        char = source[i + 1]
        word = "[" + WORD + "]"
        simple = {
            "w": word,
            "W": "[^" + WORD + "]",
            "d": "\\p{Nd}",
            "D": "\\P{Nd}",
            "s": "[" + SPACE + "]",
            "S": "[^" + SPACE + "]",
            "A": "(?<![\\s\\S])",
            "Z": "(?![\\s\\S])",
            "b": f"(?:(?<={word})(?!{word})|(?<!{word})(?={word}))",
            "B": f"(?:(?<={word})(?={word})|(?<!{word})(?!{word}))",
        }
        if char in simple:
            if char in "AZbB":
                self.out.append(simple[char])
                self.atom = None
            else:
                self.emit(simple[char])
            return i + 2
        if char in "nrtfv0":
            self.emit("\\" + char)
            return i + 2
        if char == "x":
            self.emit(source[i : i + 4])
            return i + 4
        if char == "u":
            self.emit(source[i : i + 6])
            return i + 6
        if char == "U":
            self.emit("\\u{" + source[i + 2 : i + 10].lstrip("0") + "}")
            return i + 10
        if char.isdigit():
            self.emit("\\" + char)
            return i + 2
        if char.isalnum():
            self.fail(f"the escape \\{char}", i)
        self.emit(("\\" + char) if char in SYNTAX else char)
        return i + 2

    def char_class(self, i):
        source = self.source
        parts = ["["]
        i += 1
        if i < len(source) and source[i] == "^":
            parts.append("^")
            i += 1
        first = True
        while i < len(source):
            char = source[i]
            if char == "]" and not first:
                break
            first = False
            if char == "\\":
                if i + 1 >= len(source):
                    self.fail("a trailing backslash", i)
                escaped = source[i + 1]
                inside = {"w": WORD, "d": "\\p{Nd}", "s": SPACE, "b": "\\x08"}
                if escaped in inside:
                    parts.append(inside[escaped])
                    i += 2
                elif escaped in "WDS":
                    self.fail(f"\\{escaped} inside a class", i)
                elif escaped in "nrtfv0":
                    parts.append("\\" + escaped)
                    i += 2
                elif escaped == "x":
                    parts.append(source[i : i + 4])
                    i += 4
                elif escaped == "u":
                    parts.append(source[i : i + 6])
                    i += 6
                elif escaped.isalnum():
                    self.fail(f"the escape \\{escaped} inside a class", i)
                else:
                    parts.append(("\\" + escaped) if escaped in "-]\\^[" else escaped)
                    i += 2
            elif char == "]":  # a ] first in the class is a literal
                parts.append("\\]")
                i += 1
            else:
                parts.append(char)
                i += 1
        else:
            self.fail("an unclosed class", i)
        parts.append("]")
        self.emit("".join(parts))
        return i + 1


def spec_of(function, key):
    return getattr(function, "spec", None) or {key: function.__name__}


def ranges(predicate):
    """Code point ranges [[first, last], ...] where predicate(character) holds."""
    found, start = [], None
    for code in range(sys.maxunicode + 1):
        if predicate(chr(code)):
            if start is None:
                start = code
        elif start is not None:
            found.append([start, code - 1])
            start = None
    if start is not None:
        found.append([start, sys.maxunicode])
    return found


def rule_table():
    """Everything static/js/redact.js needs, as JSON-ready data."""
    patterns = {
        name: js_regex(value)
        for name, value in sorted(vars(redact).items())
        if isinstance(value, re.Pattern)
    }
    rules = []
    for rule in redact.RULES:
        item = {"needles": list(rule.needles), "lower": rule.lower}
        if rule.scan is not None:
            item.update(spec_of(rule.scan, "scan"))
        else:
            item["pattern"] = js_regex(rule.pattern)
            item["pick"] = spec_of(rule.pick, "pick")
        rules.append(item)
    return {
        "mark": redact.MARK,
        "kinds": {kind: list(labels) for kind, labels in redact.KINDS.items()},
        "rules": rules,
        "patterns": patterns,
        "secretHeaders": list(redact.SECRET_HEADERS),
        "authSchemes": sorted(redact.AUTH_SCHEMES),
        "oneTokenSchemes": sorted(redact.ONE_TOKEN_SCHEMES),
        "notAValue": sorted(redact.NOT_A_VALUE),
        "notSecretKeys": sorted(redact.NOT_SECRET_KEYS),
        "nameChars": "".join(sorted(redact.NAME_CHARS)),
        "pemMax": redact.PEM_MAX,
        # str.isdigit() holds for these besides \p{Nd} (superscripts and other digits)
        "extraDigits": ranges(lambda c: c.isdigit() and unicodedata.category(c) != "Nd"),
        "unicodeVersion": unicodedata.unidata_version,
    }


HEADER = """// Generated from troubleshooter/engine/redact.py by `manage.py build_redaction_js`: do not
// edit. static/js/redact.js runs these rules in the browser, as redact.py does on the server.
"""


def javascript():
    """The contents of static/js/redact-rules.js."""
    data = json.dumps(rule_table(), ensure_ascii=True, indent=1, sort_keys=True)
    return f"{HEADER}window.StatusFixRedactRules = {data};\n"
