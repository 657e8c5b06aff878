"""Keeping the guide intact while staff edit it: the profile as one select per question,
answer and question renames carried into every profile, and a reachability check after saves.
"""

from django import forms
from django.utils.html import format_html, format_html_join

from troubleshooter import snapshot
from troubleshooter.engine import guide
from troubleshooter.format.profiles import format_profile, parse_profile, rename_in_profile, uses
from troubleshooter.models import Cause


def profile_questions(content=None):
    """[(slug, text, [(answer slug, label)])] for the questions a profile may name, from a
    content snapshot (the current one when none is given)."""
    content = content or snapshot.current()
    return [
        (q.slug, q.text, list(q.answers))
        for q in content.guide.questions
        if not q.on_first_screen and not q.is_response
    ]


DATALIST_ID = "profile-questions"  # the page lists the questions once (profile_datalist)


def profile_datalist(questions):
    """The questions a profile row can add, once per page, for every profile's "add" box."""
    return format_html(
        '<datalist id="{}">{}</datalist>',
        DATALIST_ID,
        format_html_join(
            "", '<option value="{}">{}</option>', ((slug, text) for slug, text, _a in questions)
        ),
    )


class ProfileWidget(forms.Widget):
    """The profile as a compact grid: one multiple select for each question the profile sets
    (holding only that question's answers) and one row to add a question. The value is still
    the raw profile string (what the files and the export hold); the order of what was there is
    kept, so an untouched profile is written back byte for byte."""

    def __init__(self, questions=None, attrs=None):
        super().__init__(attrs)
        self.questions = questions  # shared by the copies each inline form makes

    def get_questions(self):
        if self.questions is None:
            self.questions = profile_questions()
        return self.questions

    def value_from_datadict(self, data, files, name):
        if name in data:  # the raw string, e.g. posted by a script
            return data[name]
        if f"{name}__shown" not in data:
            return None
        try:
            before = parse_profile(data.get(f"{name}__shown", ""))
        except ValueError:
            before = {}
        chosen = {}
        getlist = data.getlist if hasattr(data, "getlist") else lambda key: []
        for slug, _text, _answers in self.get_questions():
            picked = getlist(f"{name}__{slug}")
            if picked:
                kept = [a for a in before.get(slug, []) if a in picked]
                chosen[slug] = kept + [a for a in picked if a not in kept]
        added = data.get(f"{name}__add", "")
        if added and added not in chosen:
            answers = data.get(f"{name}__add_answers", "").replace(" ", "")
            chosen[added] = [a for a in answers.split(",") if a] or ["?"]
        order = [q for q in before if q in chosen] + [q for q in chosen if q not in before]
        return format_profile({q: chosen[q] for q in order})

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}__shown" not in data

    def render(self, name, value, attrs=None, renderer=None):
        try:
            profile = parse_profile(value or "")
        except ValueError:
            profile = {}
        base_id = (attrs or {}).get("id", f"id_{name}")
        questions = self.get_questions()
        rows = []
        for slug, text, answers in questions:
            chosen = profile.get(slug)
            if not chosen:
                continue
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((a, " selected" if a in chosen else "", label) for a, label in answers),
            )
            rows.append(
                format_html(
                    '<div class="profile-question is-set"><label for="{}__{}">{}</label>'
                    '<select multiple name="{}__{}" id="{}__{}" size="{}">{}</select></div>',
                    base_id,
                    slug,
                    text,
                    name,
                    slug,
                    base_id,
                    slug,
                    min(max(len(answers), 2), 6),
                    options,
                )
            )
        add = format_html(
            '<div class="profile-add"><label for="{0}__add">Add a question</label>'
            '<input type="text" name="{1}__add" id="{0}__add" list="{2}" maxlength="60" '
            'placeholder="its slug">'
            '<label for="{0}__add_answers">with the answers (slugs, separated by commas; '
            "after saving, all of its answers are listed here)</label>"
            '<input type="text" name="{1}__add_answers" id="{0}__add_answers" maxlength="200">'
            "</div>",
            base_id,
            name,
            DATALIST_ID,
        )
        known = {slug for slug, _t, _a in questions}
        unknown = [q for q in profile if q not in known]
        note = (
            format_html(
                '<p class="profile-unknown">Not a question a profile can name: {}</p>',
                ", ".join(unknown),
            )
            if unknown
            else ""
        )
        return format_html(
            '<div class="profile-editor" id="{}">'
            '<input type="hidden" name="{}__shown" value="{}">'
            '<p class="profile-raw">As saved in the content files: <code>{}</code></p>{}'
            "<details><summary>Answers per question ({} set)</summary>"
            '<div class="profile-grid">{}</div>{}</details></div>',
            base_id,
            name,
            value or "",
            value or "(any answer to every question)",
            note,
            len(profile),
            format_html_join("", "{}", ((row,) for row in rows)),
            add,
        )


# Renames and deletions ---------------------------------------------------------------


def causes_using(question, answer=None):
    """The causes whose profile names the question (and that answer)."""
    return [
        cause
        for cause in Cause.objects.select_related("status_code").exclude(profile="")
        if uses(cause.profile, question, answer)
    ]


def describe(causes, limit=12):
    names = [f"{c.key} ({c.title})" for c in causes[:limit]]
    if len(causes) > limit:
        names.append(f"and {len(causes) - limit} more")
    return "; ".join(names)


def carry_rename(question, old_answer=None, new_answer=None, new_question=None, user=None):
    """Rewrite every profile that uses a renamed answer (or question); returns the causes."""
    changed = []
    for cause in causes_using(question, old_answer):
        cause.profile = rename_in_profile(
            cause.profile, question, old_answer, new_answer, new_question
        )
        what = (
            f"answer {question}={old_answer} renamed to {new_answer}"
            if old_answer
            else (f"question {question} renamed to {new_question}")
        )
        cause._change_reason = what
        if user is not None:
            cause._history_user = user
        cause.save()
        changed.append(cause)
    return changed


# Reachability ------------------------------------------------------------------------


def unreachable(codes=None):
    """Causes (of the given codes, or all) that a user with that cause cannot reach: the walk
    starts with its code and platform and answers as its profile says (guide.profile_walk)."""
    content = snapshot.current().guide
    missing = []
    for cause in content.causes:
        if codes is not None and cause.code not in codes:
            continue
        step = guide.profile_walk(content, cause)
        if step.result is None or step.result.cause.key != cause.key:
            reached = step.result.cause.key if step.result else "no cause"
            missing.append(f"{cause.key} “{cause.title}” (its own answers lead to {reached})")
    return missing
