"""The grammar of a cause's profile: how a user with that cause answers the guide's questions.

“producer=app; pattern=some-inputs,intermittent”: questions separated by “;”, alternative
answers by “,”. A question left out means any answer. Plain Python, no database.
"""

import re

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def parse_profile(text):
    """“producer=app; pattern=some-inputs,intermittent” -> {"producer": ["app"], ...}.

    Raises ValueError on a malformed part; does not check that the slugs exist."""
    profile = {}
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        question, equals, answers = part.partition("=")
        question = question.strip()
        answer_list = [a.strip() for a in answers.split(",") if a.strip()]
        if not equals or not SLUG_RE.match(question) or not answer_list:
            raise ValueError(f"“{part}” is not question=answer[,answer…]")
        if question in profile:
            raise ValueError(f"question “{question}” appears twice")
        if any(not SLUG_RE.match(a) for a in answer_list) or len(set(answer_list)) < len(
            answer_list
        ):
            raise ValueError(f"“{part}” has a malformed or repeated answer")
        profile[question] = answer_list
    return profile


def profile_sets(text):
    """A profile as {question: frozenset of answers}; a malformed one counts as empty, since
    admin and the loader validate profiles and a broken one must not take the site down."""
    try:
        return {q: frozenset(a) for q, a in parse_profile(text).items()}
    except ValueError:
        return {}


def profile_errors(text, answer_map):
    """Problems with a profile, given {question slug: set of answer slugs or None for codes}."""
    try:
        profile = parse_profile(text)
    except ValueError as error:
        return [str(error)]
    errors = []
    for question, answers in profile.items():
        if question not in answer_map:
            errors.append(f"unknown question “{question}”")
        elif answer_map[question] is None:
            errors.append(f"“{question}” is implied by the cause's code or platforms; leave it out")
        else:
            unknown = [a for a in answers if a not in answer_map[question]]
            if unknown:
                errors.append(f"“{question}” has no answer {', '.join(unknown)}")
            elif set(answers) == answer_map[question]:
                errors.append(f"“{question}” lists every answer; leave it out instead")
    return errors


def format_profile(profile):
    """{question: [answers]} -> “producer=app; pattern=some-inputs,intermittent”."""
    return "; ".join(f"{q}={','.join(answers)}" for q, answers in profile.items() if answers)


def rename_in_profile(text, question, old_answer=None, new_answer=None, new_question=None):
    """The profile with one answer (or, without answers given, the question) renamed; the text
    unchanged when it does not use them or does not parse."""
    try:
        profile = parse_profile(text)
    except ValueError:
        return text
    if question not in profile:
        return text
    if old_answer is None:
        profile = {new_question if q == question else q: a for q, a in profile.items()}
    elif old_answer in profile[question]:
        profile[question] = [new_answer if a == old_answer else a for a in profile[question]]
    else:
        return text
    return format_profile(profile)


def uses(text, question, answer=None):
    """True when the profile names the question (and, given one, that answer)."""
    try:
        profile = parse_profile(text)
    except ValueError:
        return False
    return question in profile and (answer is None or answer in profile[question])
