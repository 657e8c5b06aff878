"""The guide's state in its address, and the links a step offers.

`/guide/?t=<redacted text>&a=status:502&a=producer:gateway&more=1&done=1`: every answer is an
`a=question:answer` pair in the order given, `t` the (redacted) text, `more` how many times the
user asked for more questions, `done` that they asked for the result, `ask=status` that they
set aside the status read off their text. The engines take and give
plain (question, answer) pairs; this module is the only one that reads or writes the address.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from troubleshooter.engine import guide

UNSURE = guide.UNSURE
ASK_STATUS = ("ask", "status")  # "Not so?" next to a status read off the text: ask for it


@dataclass(frozen=True)
class State:
    pairs: tuple  # ((question slug, answer), ...)
    notes: tuple  # what could not be read
    text: str = ""
    more: int = 0
    done: bool = False
    ask_status: bool = False  # the person set aside the status read off their text


def pair_text(pair):
    return f"{pair[0]}:{pair[1]}"


def read_pairs(raw_pairs):
    """`question:answer` strings -> pairs, and a note for each one without a colon."""
    pairs, notes = [], []
    for raw in raw_pairs:
        slug, colon, answer = raw.partition(":")
        if not colon:
            if len(raw) > guide.steps.MAX_VALUE_LENGTH:
                raise guide.BadState(
                    f"An answer is {len(raw)} characters long; none is longer than "
                    f"{guide.steps.MAX_VALUE_LENGTH}."
                )
            notes.append(f"Ignored “{raw}”: there is no such question.")
            continue
        pairs.append((slug, answer))
    return tuple(pairs), tuple(notes)


def read(query):
    """The state from a QueryDict (request.GET)."""
    pairs, notes = read_pairs(query.getlist("a"))
    more = query.get("more", "0")
    return State(
        pairs,
        notes,
        query.get("t", ""),
        int(more) if more.isdigit() and len(more) < 3 else 0,
        "done" in query,
        query.get(ASK_STATUS[0]) == ASK_STATUS[1],
    )


def query(pairs, text="", done=False, more=0):
    items = [("t", text)] if text else []
    items += [("a", pair_text(pair)) for pair in pairs]
    return then(urlencode(items), more=more, done=done)


def then(base, pair=None, more=0, done=False):
    """query([*pairs, pair], text, done, more) from `base` = query(pairs, text): the text and
    the answers so far are encoded once a page rather than once a link."""
    items = [
        *((("a", pair_text(pair)),) if pair else ()),
        *((("more", str(more)),) if more else ()),
        *((("done", "1"),) if done else ()),
    ]
    return "&".join(part for part in (base, urlencode(items)) if part)


def path_query(pairs):
    """The answers alone (no text): the guide path that readers' feedback is counted by."""
    return query(pairs)


@dataclass(frozen=True)
class Links:
    """The query strings a step links to (each used as `?…` on the guide's own address)."""

    options: tuple  # ((label, query), ...) for each answer offered, "Not sure" last
    done: str
    more: str | None  # "Ask me more questions", at a result where some question could help
    back: str | None  # one step back, never into the first screen
    path: str  # the answers alone, for feedback
    hidden: tuple = ()  # ((name, value), ...): the state, for the status question's form
    cant: str | None = None  # "I can't get the status"
    not_so: tuple = ()  # ((Answered read off the text, query that sets it aside), ...)


def links(step):
    pairs = list(step.pairs)
    options, hidden, cant = (), (), None
    if step.question is not None and step.question.is_status:
        # The status is asked once more when the first screen left it at "Not sure": its
        # answer replaces that one, from a form (every code) or the "can't get it" link.
        rest = [pair for pair in pairs if pair[0] != step.question.slug]
        hidden = (
            *((("t", step.text),) if step.text else ()),
            *(("a", pair_text(pair)) for pair in rest),
            *((("more", str(step.more)),) if step.more else ()),
        )
        cant = query([*rest, (step.question.slug, guide.CANT)], step.text, more=step.more)
    base = query(pairs, step.text)
    if step.question is not None and not step.question.is_status:
        slugs = [*(slug for slug, _label in step.options), UNSURE]
        # The platform asked at a step replaces the first screen's "Not sure", after the
        # answers so far (as the status does).
        asked = step.question.slug
        start = base
        if step.question.on_first_screen:
            start = query([pair for pair in pairs if pair[0] != asked], step.text)
        options = tuple(
            (step.question.label_for(slug), then(start, (asked, slug), step.more)) for slug in slugs
        )
    more = None
    if step.result is not None and step.more_possible and step.more < guide.MAX_MORE:
        more = then(base, more=step.more + 1)
    back = None
    if pairs and step.asked_in_all:  # the last answer was given at a step
        back = query(pairs[:-1], step.text, more=step.more)
    not_so = tuple(
        (item, then(base, (item.question.slug, UNSURE), step.more)) for item in step.from_text
    )
    status = step.text_status_answer
    if status is not None and not (step.question is not None and step.question.is_status):
        # The same address with `ask`: the status question, whose answer replaces this one.
        not_so = ((status, f"{base}&{urlencode([ASK_STATUS])}"), *not_so)
    return Links(
        options=options,
        done=then(base, done=True, more=step.more),
        more=more,
        back=back,
        path=path_query(pairs),
        hidden=hidden,
        cant=cant,
        not_so=not_so,
    )
