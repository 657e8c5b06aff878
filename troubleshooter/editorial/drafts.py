"""Drafts: an editor saves a change without publishing it, previews the page as it will be,
and publishes it (or discards it). Readers only ever see saved rows; a draft is kept apart.

Drafts are versioned like rows: each records the version of the row it started from, and a
draft whose row was saved since is merged three ways (the draft, the published row, and the
version the draft started from) before it can be published, field by field as a live-row
conflict is, so that a newer published value is never overwritten unseen. Each editor has one
draft per row; nobody replaces or discards another editor's draft, except a reviewer, who
discards with a reason. Publishing another editor's draft is for reviewers, on every path.
Every draft saved, published or discarded is in the row's history and can be restored.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from troubleshooter.editorial.editing import conflict_note, exact_time, same, who
from troubleshooter.editorial.history import m2m_values
from troubleshooter.models import Draft, StatusCode
from troubleshooter.web import code_page

SKIPPED = {"version", "change_reason"}


def is_reviewer(user):
    """Reviewers publish and discard other editors' drafts and delete whole status codes."""
    return user.has_perm("troubleshooter.publish_draft")


def row_lookup(model, pk):
    return {"code_id": pk} if model is StatusCode else {"cause_id": pk}


def drafts_of(model, pk):
    """The drafts of the row of `model` with this primary key, oldest first."""
    if not str(pk).isdigit():
        return []
    return list(Draft.objects.filter(**row_lookup(model, pk)).select_related("author"))


def pick_draft(request, drafts):
    """The draft a request is about: ?draft=<id> (or a posted `draft`), else the editor's own,
    else the only one; None when that is not clear."""
    wanted = str(request.POST.get("draft") or request.GET.get("draft") or "")
    if wanted.isdigit():
        return next((d for d in drafts if d.pk == int(wanted)), None)
    own = [d for d in drafts if d.author_id == request.user.pk]
    if own:
        return own[0]
    return drafts[0] if len(drafts) == 1 else None


def others(draft, user):
    """Whether `draft` belongs to someone other than `user`."""
    return draft.author_id != user.pk


def draft_data(form):
    """The form's values for the row's own fields and links, as JSON."""
    data = {}
    model = type(form.instance)
    for name, value in form.cleaned_data.items():
        if name in SKIPPED:
            continue
        try:
            model_field = model._meta.get_field(name)
        except Exception:
            continue
        if model_field.many_to_many:
            data[name] = [row.pk for row in value]
        elif model_field.is_relation:
            data[name] = value.pk if value is not None else None
        else:
            data[name] = value
    return data


def save_draft(request, form):
    """Keep the form as the editor's own draft of the row (never another editor's)."""
    row = form.instance
    lookup = {"code": row} if isinstance(row, StatusCode) else {"cause": row}
    draft = Draft.objects.filter(**lookup, author=request.user).first() or Draft(
        **lookup, author=request.user
    )
    draft.data = draft_data(form)
    draft.base_version = form.cleaned_data.get("version") or row.version
    draft._change_reason = "Saved a draft" if draft.pk is None else "Saved the draft again"
    draft.save()
    return draft


def end_draft(draft, user, reason):
    """Delete a draft, saying why in its history (published, discarded and by whom)."""
    draft._change_reason = reason[:100]
    draft._history_user = user
    draft.delete()


# Three-way merge -------------------------------------------------------------------------


@dataclass
class DraftMerge:
    values: dict  # what the form shows: the draft's, or theirs where only they changed
    conflicts: dict = field(default_factory=dict)  # name -> (base, theirs, yours)
    taken: list = field(default_factory=list)  # names whose newer published value was taken
    stale: bool = False
    by: str = ""  # who saved the row since the draft's base, and when


def merge_draft(draft, row):
    """The draft merged with the published row, from the version the draft started from."""
    if row.version == draft.base_version:
        return DraftMerge(values=dict(draft.data))
    history = row.history.filter(version=draft.base_version).order_by("history_date").last()
    newer = row.history.filter(version__gt=draft.base_version).order_by("history_date")
    by = ", ".join(
        dict.fromkeys(f"{who(r)} at {exact_time(r.history_date)}" for r in newer.iterator())
    )
    base_links = m2m_values(history) if history is not None else {}
    merge = DraftMerge(values={}, stale=True, by=by or "someone")
    for name, yours in draft.data.items():
        model_field = row._meta.get_field(name)
        if model_field.many_to_many:
            theirs = sorted(getattr(row, name).values_list("pk", flat=True))
            base = base_links.get(name)
        else:
            theirs = getattr(row, model_field.attname)
            base = getattr(history, model_field.attname, None) if history is not None else None
        if same(yours, theirs) or (base is not None and same(theirs, base)):
            merge.values[name] = yours
        elif base is not None and same(yours, base):
            merge.values[name] = theirs
            merge.taken.append(name)
        else:
            merge.values[name] = yours
            merge.conflicts[name] = (base, theirs, yours)
    return merge


def label_of(model, name):
    return str(model._meta.get_field(name).verbose_name).capitalize()


def merge_errors(model, merge):
    """The merge as form errors: one note per conflicting field, a summary on top."""
    errors = {}
    for name, (base, theirs, yours) in merge.conflicts.items():
        model_field = model._meta.get_field(name)
        if model_field.many_to_many:
            rows = StatusCode.objects.filter(pk__in=theirs)
            names = ", ".join(str(row) for row in rows) or "none"
            errors[name] = [format_html("Also changed by {}. Theirs now: {}.", merge.by, names)]
        else:
            errors[name] = [conflict_note(theirs, yours, base, merge.by)]
    parts = [
        f"This draft was written on an older version: the row was saved by {merge.by} since. "
        "The form shows the draft merged with those changes."
    ]
    if merge.conflicts:
        both = ", ".join(label_of(model, name) for name in merge.conflicts)
        parts.append(
            f"Both changed: {both} (theirs is shown with each field; the draft's text is in the "
            "box)."
        )
    if merge.taken:
        taken = ", ".join(label_of(model, name) for name in merge.taken)
        parts.append(f"Their changes to {taken} are now in the form.")
    parts.append("Check the form, then save to publish it or save it as a draft again.")
    errors[None] = [" ".join(parts)]
    return errors


class DraftAdminMixin:
    """For the admins of codes and causes: “Save as draft”, the drafts waiting on the form, and
    the draft's preview, publish, discard and restore pages."""

    change_form_template = "admin/troubleshooter/change_form.html"

    def saving_draft(self, request):
        return request.method == "POST" and "_draft" in request.POST

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/draft/preview/",
                wrap(self.draft_preview),
                name=f"{name}_draft_preview",
            ),
            path(
                "<path:object_id>/draft/publish/",
                wrap(self.draft_publish),
                name=f"{name}_draft_publish",
            ),
            path(
                "<path:object_id>/draft/discard/",
                wrap(self.draft_discard),
                name=f"{name}_draft_discard",
            ),
            path(
                "<path:object_id>/draft/restore/<int:history_id>/",
                wrap(self.draft_restore),
                name=f"{name}_draft_restore",
            ),
            *super().get_urls(),
        ]

    def draft_urls(self, object_id, draft=None):
        opts = self.model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        query = f"?draft={draft.pk}" if draft is not None else ""
        urls = {
            action: reverse(f"{name}_draft_{action}", args=[object_id]) + query
            for action in ("preview", "publish", "discard")
        }
        urls["open"] = reverse(f"{name}_change", args=[object_id]) + (query or "?draft=load")
        return urls

    def change_url(self, row, draft=None):
        opts = row._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        return url + (f"?draft={draft.pk}" if draft is not None else "")

    # The form with a draft in it ------------------------------------------------------------

    def loaded_draft(self, request, object_id):
        """The draft this form shows (?draft=<id> or ?draft=load), or None; cached on the
        request, since the object, the form and the context all ask."""
        cache = getattr(request, "_loaded_drafts", None)
        if cache is None:
            cache = request._loaded_drafts = {}
        if object_id not in cache:
            draft = None
            if request.GET.get("draft"):
                draft = pick_draft(request, drafts_of(self.model, object_id))
            cache[object_id] = draft
        return cache[object_id]

    def get_object(self, request, object_id, from_field=None):
        row = super().get_object(request, object_id, from_field)
        if row is not None and request.method == "GET":
            draft = self.loaded_draft(request, object_id)
            if draft is not None:
                merge = merge_draft(draft, row)
                links = draft.apply(row, merge.values)  # in memory only
                request._draft_merge = (draft, merge, links)
        return row

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        attrs = {}
        loaded = getattr(request, "_draft_merge", None)
        if request.method == "GET" and loaded is not None:
            _draft, merge, links = loaded
            attrs["preset_initial"] = links
            if merge.stale:
                attrs["preset_errors"] = merge_errors(self.model, merge)
        if request.method == "POST" and obj is not None and not self.saving_draft(request):
            draft = self.loaded_draft(request, str(obj.pk))
            if draft is not None and others(draft, request.user) and not is_reviewer(request.user):
                attrs["refusal"] = (
                    f"Not published: this form holds {draft.author_name}'s draft, and publishing "
                    "another editor's draft is for reviewers. “Save as draft” keeps your version "
                    f"as your own draft; {draft.author_name}'s stays as it is."
                )
        if attrs:
            form = type(form.__name__, (form,), attrs)
        return form

    def change_view(self, request, object_id, form_url="", extra_context=None):
        drafts = drafts_of(self.model, object_id)
        loaded = self.loaded_draft(request, object_id) if request.GET.get("draft") else None
        user = request.user
        reviewer = is_reviewer(user)
        row_version = (
            self.model._base_manager.filter(pk=object_id).values_list("version", flat=True).first()
            if drafts and str(object_id).isdigit()
            else None
        )
        for draft in drafts:
            draft.is_own = not others(draft, user)
            draft.can_publish = draft.is_own or reviewer
            draft.can_discard = draft.is_own or reviewer
            draft.stale = row_version is not None and row_version != draft.base_version
            draft.when = exact_time(draft.updated_at)
            draft.urls = self.draft_urls(object_id, draft)
        publish_locked = loaded is not None and others(loaded, user) and not reviewer
        extra_context = {
            **(extra_context or {}),
            "drafts_enabled": self.has_change_permission(request),
            "drafts": drafts,
            "draft": loaded,
            "draft_loaded": loaded is not None,
            "draft_when": exact_time(loaded.updated_at) if loaded else "",
            "publish_locked": publish_locked,
        }
        if publish_locked:
            # The form holds another editor's draft: saving it would publish it.
            extra_context.update(show_save=False, show_save_and_continue=False)
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        if context.get("publish_locked"):
            context.update(show_save=False, show_save_and_continue=False)
            context["show_save_and_add_another"] = False
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        if change and self.saving_draft(request):
            loaded = self.loaded_draft(request, str(obj.pk))
            request._saved_draft = save_draft(request, form)
            request._draft_was_others = loaded is not None and others(loaded, request.user)
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change and self.saving_draft(request):
            if any(formset.has_changed() for formset in formsets):
                messages.warning(
                    request,
                    "The changes to the causes on this page were not kept: a code's draft holds "
                    "the code's own fields. Save a cause as a draft from its own page.",
                )
            return
        super().save_related(request, form, formsets, change)
        draft = self.loaded_draft(request, str(form.instance.pk)) if change else None
        if draft is not None and Draft.objects.filter(pk=draft.pk).exists():
            end_draft(draft, request.user, f"Published by {request.user.get_username()}")
            request._published_draft = draft

    def change_reason(self, request, form):
        reason = super().change_reason(request, form)
        draft = getattr(form, "instance", None) and self.loaded_draft(
            request, str(form.instance.pk)
        )
        if not reason and draft is not None and not self.saving_draft(request):
            reason = f"Published the draft by {draft.author_name}"[:100]
        return reason

    def construct_change_message(self, request, form, formsets, add=False):
        if self.saving_draft(request):
            return []  # nothing was saved (the inline formsets were not either)
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if self.saving_draft(request):
            return None
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if self.saving_draft(request):
            text = (
                "Saved as a draft, your own. Readers still see the published version; preview the "
                "draft, then publish it when it is ready."
            )
            if getattr(request, "_draft_was_others", False):
                loaded = self.loaded_draft(request, str(obj.pk))
                text += f" {loaded.author_name}'s draft is unchanged."
            messages.info(request, text)
            return HttpResponseRedirect(self.change_url(obj))
        published = getattr(request, "_published_draft", None)
        if published is not None:
            messages.success(
                request,
                f"Published {published.author_name}'s draft: readers see the new version now.",
            )
        return super().response_change(request, obj)

    # The draft's own pages ---------------------------------------------------------------

    def draft_or_404(self, request, object_id):
        row = self.model._base_manager.filter(pk=object_id).first() if object_id.isdigit() else None
        if row is None or not self.has_change_permission(request, row):
            raise Http404("No such row.")
        drafts = drafts_of(self.model, row.pk)
        draft = pick_draft(request, drafts)
        if draft is None:
            raise Http404("This row has no such draft." if drafts else "This row has no draft.")
        return row, draft

    def draft_preview(self, request, object_id):
        """The public page as it will look once the draft is published (nothing is saved)."""
        row, draft = self.draft_or_404(request, object_id)
        merge = merge_draft(draft, row)
        code_number = row.code if isinstance(row, StatusCode) else row.status_code.code
        code = get_object_or_404(StatusCode.objects.for_page(), code=code_number)
        if isinstance(row, StatusCode):
            draft.apply(code, merge.values)
        else:
            for cause in code.causes.all():
                if cause.pk == row.pk:
                    draft.apply(cause, merge.values)
        notice = (
            f"Preview of the draft by {draft.author_name} of {exact_time(draft.updated_at)}: "
            "readers do not see this yet."
        )
        if merge.stale:
            notice += f" Merged with what {merge.by} published since."
        context = {
            **code_page.context(code, content=request.content.snapshot),
            "draft_notice": notice,
            "draft_change_url": self.change_url(row, draft),
        }
        response = render(request, "code.html", context)
        response["Cache-Control"] = "private, no-store"
        return response

    def draft_publish(self, request, object_id):
        return require_POST(self._draft_publish)(request, object_id)

    def _draft_publish(self, request, object_id):
        row, draft = self.draft_or_404(request, object_id)
        if others(draft, request.user) and not is_reviewer(request.user):
            messages.error(
                request,
                f"Not published: this is {draft.author_name}'s draft, and publishing another "
                "editor's draft is for reviewers. Ask a reviewer, or its author.",
            )
            return HttpResponseRedirect(self.change_url(row))
        if row.version != draft.base_version:
            merge = merge_draft(draft, row)
            messages.error(
                request,
                f"Not published: this was saved by {merge.by} after the draft was written. The "
                "form now shows the draft merged with those changes, field by field; check it "
                "and save to publish.",
            )
            return HttpResponseRedirect(self.change_url(row, draft))
        links = draft.apply(row)
        try:
            row.full_clean()
        except ValidationError as error:
            messages.error(request, f"Not published: {'; '.join(error.messages)}")
            return HttpResponseRedirect(self.change_url(row))
        with transaction.atomic():
            row._change_reason = f"Published the draft by {draft.author_name}"[:100]
            row._history_user = request.user
            row.save()
            for name, pks in links.items():
                getattr(row, name).set(pks)
            end_draft(draft, request.user, f"Published by {request.user.get_username()}")
        messages.success(request, "Published: readers see the new version now.")
        return HttpResponseRedirect(self.change_url(row))

    def draft_discard(self, request, object_id):
        return require_POST(self._draft_discard)(request, object_id)

    def _draft_discard(self, request, object_id):
        row, draft = self.draft_or_404(request, object_id)
        if not others(draft, request.user):
            end_draft(draft, request.user, "Discarded by its author")
            messages.info(
                request,
                "The draft was discarded; the published version is unchanged. Its text stays in "
                "the history, where it can be restored.",
            )
            return HttpResponseRedirect(self.change_url(row))
        if not is_reviewer(request.user):
            messages.error(
                request,
                f"Not discarded: this is {draft.author_name}'s draft. Only its author or a "
                "reviewer can discard it.",
            )
            return HttpResponseRedirect(self.change_url(row))
        reason = " ".join(request.POST.get("discard_reason", "").split())
        if request.POST.get("confirm") != "yes" or not reason:
            return render(
                request,
                "admin/troubleshooter/draft_discard.html",
                {
                    **self.admin_site.each_context(request),
                    "title": f"Discard {draft.author_name}'s draft?",
                    "opts": self.model._meta,
                    "row": row,
                    "draft": draft,
                    "draft_when": exact_time(draft.updated_at),
                    "fields": [
                        (label_of(self.model, name), value)
                        for name, value in draft.data.items()
                        if not self.model._meta.get_field(name).many_to_many
                        and not same(value, getattr(row, self.model._meta.get_field(name).attname))
                    ],
                    "change_url": self.change_url(row),
                    "missing_reason": request.POST.get("confirm") == "yes" and not reason,
                    "reason": reason,
                },
                status=400 if request.POST.get("confirm") == "yes" else 200,
            )
        end_draft(draft, request.user, f"Discarded by {request.user.get_username()}: {reason}")
        messages.info(
            request,
            f"{draft.author_name}'s draft was discarded (“{reason}”); it stays in the history, "
            "where it can be restored.",
        )
        return HttpResponseRedirect(self.change_url(row))

    def draft_restore(self, request, object_id, history_id):
        return require_POST(self._draft_restore)(request, object_id, history_id)

    def _draft_restore(self, request, object_id, history_id):
        """A draft as its history kept it becomes its author's draft again (or the restorer's,
        when its author is gone). Refused if that would replace another editor's draft."""
        row = self.model._base_manager.filter(pk=object_id).first() if object_id.isdigit() else None
        if row is None:
            raise Http404("No such row.")
        if not self.has_change_permission(request, row):
            raise PermissionDenied
        lookup = row_lookup(self.model, row.pk)
        record = get_object_or_404(Draft.history.model, history_id=history_id, **lookup)
        author_id = record.author_id or request.user.pk
        current = Draft.objects.filter(**lookup, author_id=author_id).first()
        if current is not None and author_id != request.user.pk:
            messages.error(
                request,
                f"Not restored: {current.author_name} has a newer draft of this row. Open it, or "
                "ask them.",
            )
            return HttpResponseRedirect(self.change_url(row))
        draft = current or Draft(**lookup, author_id=author_id)
        draft.data = record.data
        draft.base_version = record.base_version
        draft._change_reason = f"Restored the draft of {exact_time(record.history_date)}"[:100]
        draft.save()
        messages.success(
            request,
            f"Restored the draft of {exact_time(record.history_date)}. It is waiting as "
            f"{draft.author_name}'s draft.",
        )
        return HttpResponseRedirect(self.change_url(row))
