"""The guide: its first screen, the form that starts it, and every step as a GET."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from troubleshooter.engine import diagnose, guide, intake
from troubleshooter.engine.redact import known_removals, redact
from troubleshooter.web import guide_state, limits
from troubleshooter.web.caching import cached_page
from troubleshooter.web.errors import error_page
from troubleshooter.web.forms import GuideStartForm
from troubleshooter.web.views.base import GROUP_ORDER, group_label, render_page, too_many


@cached_page
@require_safe
@vary_on_headers("HX-Request")
def guide_page(request):
    content = request.content.snapshot
    if "code" in request.GET:
        return guide_from_code(request, content, request.GET["code"])
    try:
        state = guide_state.read(request.GET)
    except guide.BadState as error:
        return error_page(request, 400, f"The guide could not read this address: {error}")
    if not state.pairs and not state.notes and not state.text.strip():
        return render_page(request, "guide.html", "panel", first_screen_context(content))
    if len(state.text) > 4 * intake.MAX_TEXT:
        return error_page(
            request, 400, "The guide could not read this address: its text is too long."
        )
    typed = request.GET.get("s", "").strip()
    if typed:  # a status typed on the guide's status question: its answer, in the address
        return guide_typed_status(request, content, state, typed)
    wait = limits.retry_after(request, "guide-text") if state.text.strip() else None
    if wait is not None:  # a step with a text that no cache has seen: the expensive kind
        return too_many(request, wait, "guide steps with a new text")
    # The text in an address was redacted when the guide put it there; a hand-made address
    # is redacted again, so no secret is shown on the page.
    text = redact(state.text).text[: intake.MAX_TEXT]
    return guide_step(
        request,
        content,
        state.pairs,
        text,
        done=state.done,
        more=state.more,
        ask_status=state.ask_status,
        notes=(*state.notes, *status_from_text(content, request.GET.get("st", ""), state.pairs)),
        removed=known_removals(request.GET.getlist("r")),
    )


def status_from_text(content, answer, pairs):
    """The note that the status was read off the text (the first screen says so in the htmx
    swap, and with `st` in the address it redirects to), only for the status the address
    really holds: a made-up `st` says nothing."""
    question = content.guide.status_question
    if answer and question is not None and (question.slug, answer) in pairs:
        return (
            f"Status {answer} was taken from your text; if that is wrong, “Not so?” below asks for it.",
        )
    return ()


def guide_typed_status(request, content, state, typed):
    """The status question's typed box: the status replaces the step's, and the guide goes on
    from the address that says so."""
    answer, error = intake.parse_status(typed, content)
    if answer is None:
        message = error or "Pick a status code, or choose “I can't get it”."
        return error_page(request, 400, f"The guide could not read this status: {message}")
    question = content.guide.status_question
    pairs = guide.with_answer(state.pairs, question.slug, answer)
    url = f"{reverse('guide')}?{guide_state.query(pairs, state.text, more=state.more)}"
    return redirect(url)


def guide_from_code(request, content, typed):
    """A code page's link (or a typed code): the guide, started with that status."""
    answer, error = intake.parse_status(typed, content)
    if answer is None:
        error = error or "Pick a status code, or leave it at “Not sure”."
        return render_page(
            request, "guide.html", "panel", first_screen_context(content, error=error), status=400
        )
    pairs = guide.first_screen_pairs(content.guide, answer, guide.UNSURE)
    url = f"{reverse('guide')}?{guide_state.query(pairs)}"
    if not request.htmx:
        return redirect(url)
    response = guide_step(request, content, pairs, "")
    response["HX-Push-Url"] = url
    return response


def guide_step(
    request, content, pairs, text, done=False, more=0, notes=(), removed=(), ask_status=False
):
    try:
        step = guide.step(
            content.guide,
            pairs,
            intake.text_evidence(content, text),
            text,
            done=done,
            more=more,
            notes=notes,
            ask_status=ask_status,
        )
    except guide.BadState as error:
        return error_page(request, 400, f"The guide could not read this address: {error}")
    result_cause = content.cause_html.get(step.result.cause.key) if step.result else None
    context = {
        "step": step,
        "links": guide_state.links(step),
        "result_cause": result_cause,
        "removed": removed,
    }
    if step.question is not None and step.question.is_status:
        context.update(status_choices(content, prefix=f"{step.question.slug}:", classes=True))
    return render_page(request, "guide.html", "panel", context)


def status_choices(content, prefix="", classes=False):
    """Every code for a status picker, grouped by class, with "no response" and "success" (and
    with `classes`, "a 5xx, the number unknown" and the like), as the picker's options: rendered
    once per content version, since they never depend on the text."""
    return {
        "status_options": content.memo.get(
            ("status-options", prefix, classes), lambda: status_options(content, prefix, classes)
        )
    }


def status_options(content, prefix, classes):
    groups = {}
    for entry in content.codes:
        if entry.code == guide.NO_RESPONSE:
            continue
        key = "vendor" if entry.vendor else str(entry.code // 100)
        former = f" (formerly {', '.join(entry.aliases)})" if entry.aliases else ""
        groups.setdefault(key, []).append((str(entry.code), f"{entry.code} {entry.phrase}{former}"))
    context = {
        "prefix": prefix,
        "status_groups": [(group_label(key), groups[key]) for key in GROUP_ORDER if key in groups],
        "no_response": (str(guide.NO_RESPONSE), guide.NO_RESPONSE_LABEL),
        "success": (guide.SUCCESS, guide.SUCCESS_LABEL),
        "status_classes": guide.model.CLASSES if classes else (),
    }
    return render_to_string("guide.html#status-options", context)


def first_screen_context(content, **extra):
    """The status picker (every code, grouped by class) and the platforms."""
    platform = content.guide.platform_question
    context = {
        "first_screen": True,
        "platforms": platform.answers if platform else (),
        "limit": diagnose.MAX_INPUT,
        **status_choices(content),
    }
    context.update(extra)
    return context


@csrf_exempt  # it changes nothing: it only turns the form into the guide's address (below)
@require_POST
@vary_on_headers("HX-Request")
def guide_start(request):
    """The first screen's form. It is a POST so that the user's text, which may hold secrets,
    never reaches a URL or an access log before it is redacted; the answer is a redirect to the
    guide's address, which holds only the redacted text."""
    if request.POST.get("text", "").strip():
        wait = limits.retry_after(request, "guide-text")
        if wait is not None:
            return too_many(request, wait, "guide steps with a new text")
    content = request.content.snapshot
    form = GuideStartForm(request.POST, content=content)
    if not form.is_valid():
        if form.too_long:
            return first_screen_error(request, content, 413, error=form.errors["text"][0])
        begin = form.start
        return first_screen_error(
            request,
            content,
            400,
            error=" ".join(e for errors in form.errors.values() for e in errors),
            text=begin.text if begin else "",
            removed=begin.removed if begin else [],
            platform=form.cleaned_data.get("platform", ""),
        )
    begin = form.start
    query = guide_state.query(begin.pairs, begin.text)
    if begin.removed:
        query += "&" + urlencode([("r", item) for item in begin.removed])
    if begin.status_from_text:  # so that the page after the redirect says so too
        query += "&" + urlencode([("st", begin.status_from_text)])
    url = f"{reverse('guide')}?{query}"
    if not request.htmx:
        response = redirect(url)
        response.status_code = 303  # See Other: the POST is done, fetch the guide's address
        return response
    response = guide_step(
        request,
        content,
        begin.pairs,
        begin.text,
        notes=(*begin.notes, *status_from_text(content, begin.status_from_text, begin.pairs)),
        removed=begin.removed,
    )
    response["HX-Push-Url"] = url
    response["Cache-Control"] = "no-store"
    return response


def first_screen_error(request, content, status, **extra):
    """The first screen again with what was wrong; it may hold the user's (redacted) text, so
    it is kept by no cache."""
    context = first_screen_context(content, **extra)
    response = render_page(request, "guide.html", "panel", context, status=status)
    response["Cache-Control"] = "no-store"
    return response
