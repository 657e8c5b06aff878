"""The grammar of a question's conditions and of the text patterns that answer it.

`applies: platform=aws-api-gateway,aws-lambda; status=4xx,502; producer=gateway; after=redirects:yes`
says when the guide may ask the question: every listed condition must hold where it is known
(a platform named, a status given, who produced the error, an earlier answer: `after` must
have been answered with one of its answers, `unless` must not). `not-platform=aws-lambda,heroku`
keeps it from a reader who named one of those, whatever their layer (no kubectl for Lambda).
`detect: post=\\b(?:POST|PUT|PATCH) /` lists, per answer, a regular expression; when the
user's text matches exactly one answer's pattern, that answer is taken from the text ("From
your text: …") and the question is not asked.
Plain Python, no database.
"""

import re

CONDITIONS = ("platform", "not-platform", "status", "producer", "after", "unless")
STATUS_ITEM = re.compile(r"^(?:[0-5]xx|\d{1,3})$")


def parse_applies(text):
    """ "key=a,b; key=c" -> {key: (values...)}; ValueError naming what is wrong."""
    conditions = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, equals, values = part.partition("=")
        key = key.strip()
        if not equals or key not in CONDITIONS:
            raise ValueError(
                f"“{part}” is not a condition: use {', '.join(f'{c}=…' for c in CONDITIONS)}"
            )
        if key in conditions:
            raise ValueError(f"condition “{key}” is given twice")
        items = tuple(v.strip() for v in values.split(",") if v.strip())
        if not items:
            raise ValueError(f"condition “{key}” lists nothing")
        if key == "status":
            bad = [item for item in items if not STATUS_ITEM.match(item)]
            if bad:
                raise ValueError(f"status must be codes or classes like 4xx, not {', '.join(bad)}")
        if key in ("after", "unless"):
            question, colon, first = items[0].partition(":")
            if not colon or not first:
                raise ValueError(f"{key} takes “question:answer,answer”")
            items = (question, first, *items[1:])
        conditions[key] = items
    return conditions


def applies_errors(text, platforms, answer_map):
    """What is wrong with an `applies` line; [] when it is fine. `answer_map`: {question
    slug: answer slugs}."""
    try:
        conditions = parse_applies(text)
    except ValueError as error:
        return [str(error)]
    problems = []
    for key in ("platform", "not-platform"):
        unknown = [p for p in conditions.get(key, ()) if p not in platforms]
        if unknown:
            problems.append(f"unknown platform in {key}: {', '.join(unknown)}")
    for key in ("after", "unless"):
        if key not in conditions:
            continue
        question, *answers = conditions[key]
        known = answer_map.get(question)
        if question not in answer_map:
            problems.append(f"{key} names no such question: {question}")
        elif known is not None and any(a not in known for a in answers):
            problems.append(
                f"“{question}” has no answer {', '.join(a for a in answers if a not in known)}"
            )
    return problems


def parse_detect(items):
    """["answer: regex", ...] -> [(answer, compiled pattern)]; ValueError naming the item."""
    found = []
    for item in items:
        answer, colon, pattern = item.partition(":")
        if not colon or not answer.strip() or not pattern.strip():
            raise ValueError(f"“{item}” is not “answer: pattern”")
        try:
            found.append((answer.strip(), re.compile(pattern.strip())))
        except re.error as error:
            raise ValueError(
                f"the pattern for “{answer.strip()}” does not compile: {error}"
            ) from None
    return found


def status_matches(items, code):
    """Whether a status code is one of the `status` condition's codes or classes."""
    return any(
        item == str(code) or (item.endswith("xx") and str(code)[:1] == item[0] and code >= 100)
        for item in items
    )
