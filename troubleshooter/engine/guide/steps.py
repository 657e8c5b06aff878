"""One step of the guide: the answers given so far (checked against the questions), the causes
ranked, and either the next question or the result with its reasons, a check and the
runners-up. The guide stops when no question could change the top three, when one cause is
nearly certain, after MAX_ASKED questions, or when the user asks for the result."""

from troubleshooter.engine.guide.choose import (
    ANY_CHANCE,
    PLAUSIBLE,
    next_question,
    platform_options,
    separating_check,
)
from troubleshooter.engine.guide.model import (
    NO_TEXT,
    RESPONSE_CLASSES,
    UNSURE,
    Answered,
    Known,
    Step,
    named_platform,
    platform_asked,
    questions_asked,
    status_answer,
    status_asked,
)
from troubleshooter.engine.guide.rank import rank
from troubleshooter.engine.platforms import LAYERS

CONFIDENT = 0.9
SURE = 0.99  # after "ask me more", the guide asks on until a cause has this share
MAX_ASKED = 4  # questions after the first screen; "ask me more" allows as many again
MAX_TOTAL = 12  # ... up to this many in all
MAX_ANSWERS = 80
MAX_MORE = 10
MAX_VALUE_LENGTH = 100


class BadState(ValueError):
    """The guide's state cannot be used at all (a 400, not a note)."""


def with_answer(pairs, slug, answer):
    """The pairs with an answer given at a step: it replaces any earlier answer to the same
    question (the first screen's "Not sure" for the status or the platform) and comes last."""
    return [*(pair for pair in pairs if pair[0] != slug), (slug, answer)]


def check_answers(pairs, content):
    """(question slug, answer) pairs -> Answered items; unusable ones become notes."""
    if len(pairs) > MAX_ANSWERS:
        raise BadState(
            f"Too many answers ({len(pairs)}); the guide has {len(content.questions)} questions."
        )
    answered, notes, seen = [], [], set()
    for slug, answer in pairs:
        if len(slug) + len(answer) + 1 > MAX_VALUE_LENGTH:
            raise BadState(
                f"An answer is {len(slug) + len(answer) + 1} characters long; none is longer "
                f"than {MAX_VALUE_LENGTH}."
            )
        question = content.by_slug.get(slug)
        if question is None:
            notes.append(f"Ignored “{slug}:{answer}”: there is no such question.")
        elif slug in seen:
            notes.append(f"Ignored a second answer to “{question.text}”: the first one counts.")
        elif answer != UNSURE and not question.takes(answer):
            notes.append(
                f"Ignored “{answer}” as an answer to “{question.text}”: it is not one of the choices."
            )
        else:
            seen.add(slug)
            answered.append(Answered(question, answer))
    return tuple(answered), notes


def reasons(answered, result, evidence):
    """The answers (and text matches) for the result, and those against it."""
    why = [f"Your text {m}" for m in evidence.matches.get(result.cause.key, ())[:3]]
    for item in answered:
        if not item.known or item in result.against:
            continue
        if item.question.is_status or item.question.is_platform:
            if item.question.is_platform and item.answer not in result.cause.platforms:
                continue
            why.append(f"{item.question.text} {item.label}")
            continue
        allowed = result.cause.profile.get(item.question.slug)
        if allowed is not None and item.answer in allowed:
            why.append(f"{item.question.text} {item.label}")
    why_not = [f"{item.question.text} {item.label}" for item in result.against]
    return tuple(why), tuple(why_not)


def with_text_answers(content, answered, evidence):
    """The answers read off the user's text ("From your text: …"), for the questions the user
    has not answered themselves (answering, even "Not sure", overrides the text) and that apply
    to what is known: a JSON:API `"errors": [{…}]` body read as "an error in a response that
    looks successful" says nothing next to a 429."""
    given = {item.question.slug for item in answered}
    read = [
        Answered(content.by_slug[slug], answer, from_text=True)
        for slug, answer in evidence.answers.items()
        if slug in content.by_slug and slug not in given and answer in content.by_slug[slug].index
    ]
    if not read:
        return answered
    known = known_now(content, (*answered, *read), evidence)
    found = [item for item in read if item.question.applies_to(known)]
    return (*answered, *found) if found else answered


# "What kind of service are you calling?" as the platform the person picked on the first screen
# tells it, for choosing questions only (it never counts as an answer for a cause): one they
# run themselves (a framework, a web server, a host) means their own service; a vendor's API,
# an identity service or file storage means that. Names that could be either (a cloud, a
# registry, a CDN, a client) say nothing. A platform named in the text says nothing either:
# a framework, a server or a vendor in a paste may well be the other party's (a Go binary
# downloaded, Stripe's webhook to the person's own endpoint); the question's own `detect`
# reads the hosts that do tell.
SERVICE = "service"
SERVICE_OF_LAYER = {"app": "own", "proxy": "own", "host": "own", "identity": "identity"}
SERVICE_OF_PLATFORM = {
    "aws-s3": "storage",
    "azure": None,
    "gcp": None,
    "microsoft-graph": "identity",
    "container-registry": None,
    "package-registry": None,
}


def implied_service(picked):
    """The one service answer the picked platforms imply, or None (none, or several)."""
    implied = set()
    for slug in picked:
        layer = LAYERS.get(slug, "api")
        if slug in SERVICE_OF_PLATFORM:
            service = SERVICE_OF_PLATFORM[slug]
        else:
            service = "other-api" if layer == "api" else SERVICE_OF_LAYER.get(layer)
        if service is not None:
            implied.add(service)
    return implied.pop() if len(implied) == 1 else None


def known_now(content, answered, evidence):
    """What the choice of question may rely on: platforms, status, producer, answers (with
    the kind of service the platforms imply, unless the person answered it)."""
    platforms = set(evidence.platforms)
    picked = set()
    # The text's status stands unless the person set it aside (asked again after "Not so?",
    # they answered "I can't get it" or a class rather than a number).
    status = None if set_aside_text_status(answered, evidence) else evidence.status
    producer, answers, status_classes = None, {}, frozenset()
    for item in answered:
        if not item.known:
            continue
        answers[item.question.slug] = item.answer
        if item.question.is_platform:
            if (platform := named_platform(item)) is not None:
                platforms.add(platform)
                picked.add(platform)
        elif item.question.is_status and item.answer.isdigit():
            status = int(item.answer)
        elif item.question.is_status and item.answer.endswith("xx"):
            status_classes = frozenset(item.answer[0])
        elif item.question.is_producer:
            producer = item.answer
        elif item.question.is_response and item.answer == "no" and status is None:
            status = 0  # no response came back: the failures without a status code
        elif item.question.is_response and not status_classes:
            status_classes = RESPONSE_CLASSES.get(item.answer, frozenset())
    service = content.by_slug.get(SERVICE)
    if service is not None and not any(item.question.slug == SERVICE for item in answered):
        implied = implied_service(picked)
        if implied in service.index:
            answers[SERVICE] = implied
    return Known(frozenset(platforms), status, producer, answers, status_classes)


def set_aside_text_status(answered, evidence):
    """Whether the person set aside the status read off their text: asked for it again (its
    "Not so?"), they answered something other than a number ("I can't get it", "a 4xx")."""
    if evidence.status is None:
        return False
    item = status_answer(answered)
    return item is not None and item.answer != UNSURE and not item.answer.isdigit()


def status_to_ask(content, answered, evidence, ask=False):
    """The status question, when neither the first screen nor the text gave a status and the
    user has not said they cannot get it: the single most telling fact, asked first. `ask`:
    the person set aside the status read off their text ("Not so?"), so it is asked anyway."""
    question = content.status_question
    if ask:
        return question
    if question is None or evidence.status is not None:
        return None
    response = content.response_question
    if response is not None:
        given = next((a.answer for a in answered if a.question.is_response), None)
        if (given or evidence.answers.get(response.slug)) == "no":
            return None  # no response came back (the text says so): there is no status
    item = status_answer(answered)
    return question if item is None or item.answer == UNSURE else None


def ranking(content, pairs, evidence=NO_TEXT):
    """The answers (with those read off the text), the notes on unusable ones and the causes
    ranked, without choosing a question or a check: what a page that only shows shares needs,
    and where every step starts."""
    answered, notes = check_answers(pairs, content)
    answered = with_text_answers(content, answered, evidence)
    return answered, notes, rank(content, answered, evidence)


def step(content, pairs, evidence=NO_TEXT, text="", done=False, more=0, notes=(), ask_status=False):
    """Everything the guide shows for a state. `pairs`: (question slug, answer) in the order
    given; `done`: the user asked for the result now; `more`: how many times they asked for
    more questions; `notes`: what the caller has to say about the state already; `ask_status`:
    the status question now, the person having set aside the one read off their text."""
    answered, found, ranked = ranking(content, pairs, evidence)
    notes = (*notes, *found)
    more = min(max(more, 0), MAX_MORE)
    base = {
        "answered": answered,
        "notes": notes,
        "ranked": ranked,
        "text": text,
        "more": more,
        "text_status": evidence.status,
    }
    if not len(ranked):
        return Step(**base)
    asked = questions_asked(answered)
    # with the status and the platform, when a step asked for them
    in_all = asked + status_asked(answered) + platform_asked(answered)
    known = known_now(content, answered, evidence)
    question, options = None, ()
    threshold = PLAUSIBLE if not more else ANY_CHANCE
    first = ranked[0]
    if done:
        stop = "asked"
    elif (question := status_to_ask(content, answered, evidence, ask_status)) is not None:
        stop = ""
    elif first.share >= (CONFIDENT if not more else SURE):
        stop = "confident"
    elif asked >= MAX_ASKED * (1 + more) or in_all >= MAX_TOTAL:
        stop = "limit"
    elif options := platform_options(content, answered, ranked, known):
        question, stop = content.platform_question, ""
    else:
        question = next_question(content, answered, ranked, threshold, known)
        stop = "" if question else "settled"
    code_share = ranked.share_of_code(first.cause.code)
    if question is not None:
        return Step(
            **base,
            question=question,
            options=options or question.answers,
            stop=stop,
            code_share=code_share,
        )
    why, why_not = reasons(answered, first, evidence)
    more_possible = in_all < MAX_TOTAL and (
        next_question(content, answered, ranked, ANY_CHANCE, known) is not None
    )
    return Step(
        **base,
        result=first,
        stop=stop,
        why=why,
        why_not=why_not,
        check=separating_check(content, answered, first, ranked[1], known)
        if len(ranked) > 1
        else None,
        runners_up=tuple(ranked[1:4]),
        more_possible=more_possible,
        code_share=code_share,
    )
