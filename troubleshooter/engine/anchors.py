"""The plain text a regular expression cannot match without: a text that lacks it need not be
searched at all (a long paste is searched by many patterns)."""

import functools
import re
from re import _constants as re_constants
from re import _parser as re_parser


@functools.lru_cache(maxsize=4096)
def literal_anchor(pattern):
    """(the longest run of plain characters every match of `pattern` contains, whether it is
    compared case-folded), or ("", False) when there is none of 3 characters or more."""
    parsed = list(re_parser.parse(pattern.pattern, pattern.flags))
    folded = bool(pattern.flags & re.IGNORECASE)
    best, run = "", []
    for op, value in [*parsed, (None, None)]:
        if op is re_constants.LITERAL:
            run.append(chr(value))
            continue
        piece = "".join(run)
        best = piece if len(piece) > len(best) else best
        run = []
    if len(best) < 3:
        return "", False
    return (best.lower() if folded else best), folded


def cannot_match(pattern, text, lowered):
    """Whether `pattern` surely finds nothing in `text` (`lowered` is text.lower()): the plain
    text it needs is missing."""
    anchor, folded = literal_anchor(pattern)
    return bool(anchor) and anchor not in (lowered if folded else text)


def automaton_of(values):
    """An Aho-Corasick automaton that finds every key of `values` (plain text) in a text in one
    pass, yielding its value; None when there is nothing to find."""
    import ahocorasick

    if not values:
        return None
    automaton = ahocorasick.Automaton()
    for key, value in values.items():
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton
