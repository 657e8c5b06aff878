"""Drafts: an editor saves a change without publishing it, previews the page as it will be,
and publishes it (or discards it). Readers only ever see saved rows; a draft is kept apart."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from troubleshooter.editorial.editing import exact_time, who
from troubleshooter.models import Draft, StatusCode
from troubleshooter.web import code_page

SKIPPED = {"version", "change_reason"}


def draft_data(form):
    """The form's values for the row's own fields and links, as JSON."""
    data = {}
    model = type(form.instance)
    for name, value in form.cleaned_data.items():
        if name in SKIPPED:
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:
            continue
        if field.many_to_many:
            data[name] = [row.pk for row in value]
        elif field.is_relation:
            data[name] = value.pk if value is not None else None
        else:
            data[name] = value
    return data


def draft_for(row):
    return draft_of(type(row), row.pk)


def draft_of(model, pk):
    """The draft of the row of `model` with this primary key, or None."""
    lookup = {"code_id": pk} if model is StatusCode else {"cause_id": pk}
    if not str(pk).isdigit():
        return None
    return Draft.objects.filter(**lookup).select_related("author").first()


def save_draft(request, form):
    row = form.instance
    lookup = {"code": row} if isinstance(row, StatusCode) else {"cause": row}
    Draft.objects.update_or_create(
        **lookup,
        defaults={
            "data": draft_data(form),
            "base_version": form.cleaned_data.get("version") or row.version,
            "author": request.user,
        },
    )


class DraftAdminMixin:
    """For the admins of codes and causes: “Save as draft”, and the draft's preview, publish
    and discard pages."""

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
            *super().get_urls(),
        ]

    def draft_urls(self, object_id):
        opts = self.model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        return {
            action: reverse(f"{name}_draft_{action}", args=[object_id])
            for action in ("preview", "publish", "discard")
        }

    def change_url(self, row):
        opts = row._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])

    def get_object(self, request, object_id, from_field=None):
        row = super().get_object(request, object_id, from_field)
        if row is not None and request.method == "GET" and request.GET.get("draft") == "load":
            draft = draft_for(row)
            if draft is not None:
                draft.apply(row)  # in memory only: the form opens with the draft's text
        return row

    def change_view(self, request, object_id, form_url="", extra_context=None):
        draft = draft_of(self.model, object_id)
        extra_context = {
            **(extra_context or {}),
            "drafts_enabled": self.has_change_permission(request),
            "draft": draft,
            "draft_urls": self.draft_urls(object_id) if draft else {},
            "draft_loaded": request.GET.get("draft") == "load" and draft is not None,
            "draft_when": exact_time(draft.updated_at) if draft else "",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change and self.saving_draft(request):
            save_draft(request, form)
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
            messages.info(
                request,
                "Saved as a draft. Readers still see the published version; preview the draft, "
                "then publish it when it is ready.",
            )
            return HttpResponseRedirect(self.change_url(obj))
        return super().response_change(request, obj)

    # The draft's own pages ---------------------------------------------------------------

    def draft_or_404(self, request, object_id):
        row = self.model._base_manager.filter(pk=object_id).first()
        if row is None or not self.has_change_permission(request, row):
            raise Http404("No such row.")
        draft = draft_for(row)
        if draft is None:
            raise Http404("This row has no draft.")
        return row, draft

    def draft_preview(self, request, object_id):
        """The public page as it will look once the draft is published (nothing is saved)."""
        row, draft = self.draft_or_404(request, object_id)
        code_number = row.code if isinstance(row, StatusCode) else row.status_code.code
        code = get_object_or_404(StatusCode.objects.for_page(), code=code_number)
        if isinstance(row, StatusCode):
            draft.apply(code)
        else:
            for cause in code.causes.all():
                if cause.pk == row.pk:
                    draft.apply(cause)
        context = {
            **code_page.context(code, content=request.content.snapshot),
            "draft_notice": f"Preview of the draft by {who_wrote(draft)} of "
            f"{exact_time(draft.updated_at)}: readers do not see this yet.",
            "draft_change_url": self.change_url(row),
        }
        response = render(request, "code.html", context)
        response["Cache-Control"] = "private, no-store"
        return response

    def draft_publish(self, request, object_id):
        return require_POST(self._draft_publish)(request, object_id)

    def _draft_publish(self, request, object_id):
        row, draft = self.draft_or_404(request, object_id)
        others = draft.author_id is not None and draft.author_id != request.user.pk
        if others and not request.user.has_perm("troubleshooter.publish_draft"):
            messages.error(
                request,
                f"Not published: this is {who_wrote(draft)}'s draft, and publishing another "
                "editor's draft is for reviewers. Ask a reviewer, or its author.",
            )
            return HttpResponseRedirect(self.change_url(row))
        if row.version != draft.base_version:
            latest = row.history.first()
            by = f"{who(latest)} at {exact_time(latest.history_date)}" if latest else "someone"
            messages.error(
                request,
                f"Not published: this was saved by {by} after the draft was written. Open the "
                "draft in the form (it keeps your text), merge, then save or publish.",
            )
            return HttpResponseRedirect(self.change_url(row))
        links = draft.apply(row)
        try:
            row.full_clean()
        except ValidationError as error:
            messages.error(request, f"Not published: {'; '.join(error.messages)}")
            return HttpResponseRedirect(self.change_url(row))
        with transaction.atomic():
            row._change_reason = f"Published the draft by {who_wrote(draft)}"[:100]
            row._history_user = request.user
            row.save()
            for name, pks in links.items():
                getattr(row, name).set(pks)
            draft.delete()
        messages.success(request, "Published: readers see the new version now.")
        return HttpResponseRedirect(self.change_url(row))

    def draft_discard(self, request, object_id):
        return require_POST(self._draft_discard)(request, object_id)

    def _draft_discard(self, request, object_id):
        row, draft = self.draft_or_404(request, object_id)
        draft.delete()
        messages.info(request, "The draft was discarded; the published version is unchanged.")
        return HttpResponseRedirect(self.change_url(row))


def who_wrote(draft):
    return draft.author.get_username() if draft.author else "someone"
