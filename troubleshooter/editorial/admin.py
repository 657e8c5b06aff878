"""Staff edit codes and their causes here; markdown is previewed as the site renders it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Case, Count, F, FloatField, Max, Q, Sum, Value, When
from django.db.models.functions import Cast, Coalesce
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from troubleshooter.editorial import deletions, history, profile_edits, undo
from troubleshooter.editorial.drafts import DraftAdminMixin, is_reviewer
from troubleshooter.editorial.editing import (
    ContentForm,
    ContentTextField,
    VersionedForm,
    VersionedInlineFormSet,
    exact_time,
)
from troubleshooter.format.markup import render_markdown, sanitizer_removals
from troubleshooter.models import Answer, Cause, Deletion, Draft, Feedback, Question, StatusCode
from troubleshooter.web import guide_state

MARKDOWN_WIDGET = forms.Textarea(attrs={"rows": 10, "cols": 100, "class": "markdown-source"})


def preview(field_name, label):
    """A read-only admin column showing a markdown field's stored HTML, as the site shows it,
    and what the sanitizer took out of it. With JavaScript it follows the text as typed."""

    @admin.display(description=f"{label} (as shown on the site)")
    def show(self, obj):
        html = getattr(obj, f"{field_name}_html", "") if obj else ""
        if obj is not None and (obj.pk is None or getattr(obj, "_edited_in_form", False)):
            # A form sent back with errors, or a new row: the preview shows the boxes' text.
            html = render_markdown(getattr(obj, field_name, "") or "")
        removed = sanitizer_removals(getattr(obj, field_name, "")) if obj else []
        notes = ""
        if removed:
            notes = format_html(
                '<div class="sanitizer-notes" role="status"><p><strong>Removed when shown on the '
                "site:</strong></p><ul>{}</ul></div>",
                format_html_join("", "<li>{}</li>", ((item,) for item in removed)),
            )
        body = mark_safe(html) if html else format_html("<p>{}</p>", "(empty)")
        return format_html('{}<div class="prose site-preview">{}</div>', notes, body)

    show.__name__ = f"{field_name}_preview"
    return show


class OfficialFilter(admin.SimpleListFilter):
    title = "registry"
    parameter_name = "registry"

    def lookups(self, request, model_admin):
        return [("official", "Registered (IANA)"), ("vendor", "Vendor or unofficial")]

    def queryset(self, request, queryset):
        if self.value() == "official":
            return queryset.filter(vendor="")
        if self.value() == "vendor":
            return queryset.exclude(vendor="")
        return queryset


# Help for the fields whose use is not obvious from their name (the model's help is shorter),
# per model: a question's slug and position mean something else than a cause's.
MARKDOWN_HELP = {
    "explanation": "Markdown, shown under “What it means”. Headings start at ###.",
    "headers_note": "Markdown, shown under “Headers”, after the header names above.",
    "example": "Markdown: a request and its response, in a ```http fenced block.",
    "in_code": "Markdown: the constant in each ecosystem and how to send the code.",
    "confused_note": "Markdown, shown under “Commonly confused with”: how this code differs "
    "from the codes chosen there.",
    "related": "Listed under “Related codes” at the end of the page.",
    "confused": "Listed under “Commonly confused with”, introduced by the text below.",
    "title": "The cause in a few words: its heading on the code page, in the guide's result "
    "and in search.",
    "slug": "Part of the cause's link (/429/#slug): lowercase letters, digits and hyphens. "
    "Changing it breaks links to the cause.",
    "position": "Order among the code's causes (↑/↓ set it); earlier causes count as likelier.",
    "confirm": "Markdown: how a reader checks that this is their cause.",
    "fix_client": "Markdown: what to do when you call the API.",
    "fix_server": "Markdown: what to do when you build the API.",
}
HELP_TEXTS = {
    "statuscode": MARKDOWN_HELP,
    "cause": MARKDOWN_HELP,
    "question": {
        "slug": "The question's name in profiles, guide addresses and the content files: "
        "lowercase letters, digits and hyphens. Renaming it rewrites every profile that uses it.",
        "position": "Among equally useful questions, the guide asks the lower number first.",
        "text": "The question as the guide asks it, one line.",
        "help": "Markdown, shown under the question: how a reader tells the answer.",
    },
    "answer": {
        "slug": "The answer's name in profiles and guide addresses; renaming it rewrites every "
        "profile that uses it.",
        "position": "Order of the answers under the question.",
    },
}


def show_length_limit(field):
    """No silent cut at the limit (a browser drops what is typed or pasted past `maxlength`):
    the limit is said in the help, counted as you type (admin-editing.js) and checked on save."""
    limit = getattr(field, "max_length", None)
    if not limit or field.widget.is_hidden:
        return field
    field.widget.attrs.pop("maxlength", None)
    field.widget.attrs["data-maxlength"] = limit
    note = f"At most {limit:,} characters."
    field.help_text = f"{field.help_text} {note}".strip() if field.help_text else note
    return field


class LengthLimitMixin:
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            helps = HELP_TEXTS.get(db_field.model._meta.model_name, {})
            if db_field.name in helps:
                field.help_text = helps[db_field.name]
            if isinstance(field, forms.CharField) and db_field.name != "profile":
                show_length_limit(field)
        return field


class MarkdownAdminMixin(LengthLimitMixin):
    form = VersionedForm
    formfield_overrides = {
        models.TextField: {"widget": MARKDOWN_WIDGET, "form_class": ContentTextField}
    }

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["django_htmx/htmx-2.min.js", "js/admin-editing.js"]


def error_links(adminform, inline_admin_formsets):
    """[(where, what, anchor)] for every error on a change form, so that the message on top
    links to each one (folds holding one are open, see editorial_tags.holds_errors)."""
    links = []
    form = adminform.form
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        label = str(form.fields[name].label or name).capitalize()
        links.append((label, first_sentence(errors), form[name].auto_id or ""))
    for inline in inline_admin_formsets:
        formset = inline.formset
        noun = str(formset.model._meta.verbose_name).capitalize()
        for error in formset.non_form_errors():
            links.append((str(formset.model._meta.verbose_name_plural).capitalize(), error, ""))
        for index, inline_form in enumerate(formset.forms):
            if not inline_form.errors:
                continue
            title = (
                inline_form.data.get(inline_form.add_prefix("title"))
                or inline_form.data.get(inline_form.add_prefix("label"))
                or str(inline_form.instance or "")
                or f"new {noun.lower()}"
            )
            where = f"{noun} “{Truncator(title).chars(60)}”"
            for name, errors in inline_form.errors.items():
                if name == "__all__" or name not in inline_form.fields:
                    links.append((where, first_sentence(errors), f"{formset.prefix}-{index}"))
                else:
                    label = str(inline_form.fields[name].label or name).capitalize()
                    anchor = inline_form[name].auto_id or f"{formset.prefix}-{index}"
                    links.append((f"{where}, {label}", first_sentence(errors), anchor))
    return links


def first_sentence(errors):
    text = " ".join(strip_tags(str(error)) for error in errors)
    text = " ".join(text.split())
    return Truncator(text).chars(160)


def content_number(request):
    """The content version's number (read once per request, see web/content.py)."""
    version = request.content.version
    return version[0] if isinstance(version, tuple) else version


class DeletionAdminMixin:
    """Deleting keeps the row whole under “Recently deleted” (restorable), asks for a reason
    (required where `reason_required_to_delete`), and says in plain words what goes with it."""

    delete_confirmation_template = "admin/troubleshooter/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/troubleshooter/delete_selected_confirmation.html"
    reason_required_to_delete = False

    def delete_view(self, request, object_id, extra_context=None):
        missing = not request.POST.get("reason", "").strip()
        asked = request.method == "POST" and self.reason_required_to_delete and missing
        if asked and self.has_delete_permission(request):
            messages.error(request, "Not deleted: say why, for the history.")
            return HttpResponseRedirect(request.path)
        return super().delete_view(request, object_id, extra_context)

    def render_delete_form(self, request, context):
        obj = context.get("object")
        if obj is not None:
            rows, _data, _keys, incoming = deletions.snapshot(obj)
            context["delete_label"] = deletions.label_of(obj)
            context["delete_summary"] = deletions.describe(rows, incoming)
        context["reason_required"] = self.reason_required_to_delete
        return super().render_delete_form(request, context)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Feedback and drafts are kept with the deletion and come back with a restore.
        perms_needed = {name for name in perms_needed if name not in ("reader feedback", "draft")}
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        deletion = deletions.delete(obj, request.user, request.POST.get("reason", ""))
        request._deletion = deletion

    def delete_queryset(self, request, queryset):
        reason = " ".join(request.POST.get("reason", "").split())[:200]
        with transaction.atomic():  # all of them or, on an error, none
            for obj in queryset:
                deletions.delete(obj, request.user, reason)

    def response_delete(self, request, obj_display, obj_id):
        response = super().response_delete(request, obj_display, obj_id)
        deletion = getattr(request, "_deletion", None)
        if deletion is not None:
            messages.info(
                request,
                format_html(
                    'It can be restored whole from <a href="{}">Recently deleted</a>.',
                    reverse("admin:troubleshooter_deletion_changelist"),
                ),
            )
        return response


class ContentAdmin(DeletionAdminMixin, MarkdownAdminMixin, SimpleHistoryAdmin):
    """A model loaded from the content files: its history, and whether staff changed it."""

    form = ContentForm
    object_history_template = "admin/troubleshooter/object_history.html"
    object_history_list_template = "admin/troubleshooter/object_history_list.html"
    saves_per_page = 50

    @admin.display(
        description="edited since load",
        boolean=True,
    )
    def edited_since_load(self, obj):
        return obj.is_edited

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/undo/<str:key>/",
                wrap(self.undo_view),
                name=f"{name}_undo",
            ),
            *super().get_urls(),
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        return [*fieldsets, ("Why", {"fields": ["change_reason"]})]

    def response_post_save_change(self, request, obj):
        """“Save” stays on the page being edited (the success message shows above it)."""
        opts = obj._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

    response_post_save_add = response_post_save_change

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "subtitle": "“Edited since load”: changed here since the content files were last "
            "loaded. load_content leaves such rows alone; export_content writes them back "
            "to the files.",
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    # A save that meets a row deleted meanwhile ----------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and request.POST.get("_restore_deleted", "").isdigit():
            self.restore_for_save(request, int(request.POST["_restore_deleted"]))
        if (
            request.method == "POST"
            and object_id is not None
            and str(object_id).isdigit()
            and not self.model._base_manager.filter(pk=object_id).exists()
        ):
            return self.deleted_meanwhile(request, int(object_id))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def restore_for_save(self, request, deletion_id):
        deletion = Deletion.objects.filter(pk=deletion_id).first()
        if deletion is None or deletion.restored_at is not None:
            return
        if not request.user.has_perm(f"troubleshooter.add_{deletion.kind}"):
            messages.error(request, f"Not restored: you may not add a {deletion.kind} back.")
            return
        try:
            notes = deletions.restore(deletion, request.user)
        except deletions.RestoreError as error:
            messages.error(request, str(error))
            return
        messages.info(request, " ".join([f"Restored {deletion.label}.", *notes]))

    def deleted_meanwhile(self, request, object_id):
        """The row of this form was deleted after it was opened: say by whom, keep every word
        the editor sent, and offer to restore it and save, or to drop the edit."""
        name = self.model._meta.model_name
        deletion = Deletion.holding(name, object_id)
        kept = [
            (key, value)
            for key, values in request.POST.lists()
            for value in values
            if key not in ("csrfmiddlewaretoken", "_restore_deleted")
        ]
        shown = []
        snapshot = {}
        if deletion is not None:
            item = next(
                (
                    i
                    for i in deletion.data["rows"]
                    if i["model"].endswith("." + name) and i["pk"] == object_id
                ),
                None,
            )
            snapshot = item["fields"] if item else {}
        for field in self.model._meta.concrete_fields:
            if not field.editable or field.name in ("version", "id"):
                continue
            value = request.POST.get(field.name)
            if value is None or not value.strip():
                continue
            was = snapshot.get(field.name)
            changed = was is None or " ".join(str(was).split()) != " ".join(value.split())
            shown.append((str(field.verbose_name).capitalize(), value, changed))
        context = {
            **self.admin_site.each_context(request),
            "title": "Not saved: deleted by someone else",
            "opts": self.model._meta,
            "deletion": deletion,
            "who": deletions.who_deleted(deletion) if deletion else "someone",
            "label": deletion.label if deletion else f"this {self.model._meta.verbose_name}",
            "kept": kept,
            "shown": shown,
            "can_restore": deletion is not None
            and request.user.has_perm(f"troubleshooter.add_{deletion.kind}"),
            "recently_deleted": reverse("admin:troubleshooter_deletion_changelist"),
            "changelist": reverse(f"admin:troubleshooter_{self.model._meta.model_name}_changelist"),
        }
        return render(request, "admin/troubleshooter/deleted_meanwhile.html", context, status=409)

    # The form --------------------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        if adminform is not None:
            context["error_links"] = error_links(
                adminform, context.get("inline_admin_formsets", [])
            )
        context["content_version"] = content_number(request)
        if request.method == "GET":
            context["just_saved"] = set(request.session.pop("just_saved", []))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        saved = getattr(request, "_just_saved", None)
        if saved:
            request.session["just_saved"] = saved
        return super().response_change(request, obj)

    # History ---------------------------------------------------------------------------------

    def revert_record(self, request):
        """The history record a revert page shows (from its address), else None."""
        match = request.resolver_match
        reverting = match is not None and (match.url_name or "").endswith("_simple_history")
        if not reverting or len(match.args) < 2 or not hasattr(self.model, "history"):
            return None
        version = match.args[1]  # simple_history's pattern: <object_id>/history/<version_id>/
        if not str(version).isdigit():
            return None
        return self.model.history.filter(history_id=version).first()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        record = self.revert_record(request)
        if record is not None:
            form = type(form.__name__, (form,), {"reverting": True, "history_record": record})
        return form

    def get_historical_record_context_helper(self, request, historical_record):
        return history.FullChangeHelper(self.model, historical_record)

    def history_sources(self, pk):
        """Querysets of the history records shown on this row's history page."""
        return [self.model.history.filter(id=pk)]

    def history_view(self, request, object_id, extra_context=None):
        """One entry per save: every row the save touched (this row, its causes or answers,
        drafts), under one reason, with “undo this save” on the entry."""
        pk = unquote(object_id)
        if not str(pk).isdigit():
            raise Http404("No such row.")
        pk = int(pk)
        obj = self.model._base_manager.filter(pk=pk).first()
        if obj is None:
            last = self.model.history.filter(id=pk).order_by("-history_date").first()
            if last is None:
                raise Http404("No such row.")
            obj = last.instance
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        entries = history.save_entries(self.history_sources(pk), self.model, pk)
        page = Paginator(entries, self.saves_per_page).get_page(request.GET.get("p"))
        history.describe_parts(
            page.object_list,
            {
                "statuscode": "admin:troubleshooter_statuscode",
                "cause": "admin:troubleshooter_cause",
                "question": "admin:troubleshooter_question",
                "answer": "admin:troubleshooter_answer",
            },
        )
        opts = self.model._meta
        can_change = self.has_change_permission(request, obj)
        for entry in page.object_list:
            if entry.grouped and not entry.by_loader and can_change:
                entry.undo_url = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_undo", args=[pk, entry.key]
                )
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "opts": opts,
            "object": obj,
            "module_name": str(opts.verbose_name_plural).capitalize(),
            "page_obj": page,
            "children_label": self.children_label,
            **(extra_context or {}),
        }
        return render(request, self.object_history_template, context)

    children_label = ""

    def undo_view(self, request, object_id, key):
        obj = get_object_or_404(self.model._base_manager, pk=unquote(object_id))
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        history_url = reverse(
            f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_history",
            args=[obj.pk],
        )
        try:
            when, users, reason, steps = undo.plan(key, request.user)
        except undo.UndoError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(history_url)
        if request.method == "POST":
            given = " ".join(request.POST.get("reason", "").split())
            text = f"Undid the save of {when} by {users}" + (f": {given}" if given else "")
            done = undo.perform(steps, text)
            left = [f"{s.label}: {', '.join(s.kept)}" for s in steps if s.kept]
            message = f"Undone: {len(done)} of {len(steps)} rows went back."
            if left:
                message += " Left as they are: " + "; ".join(left) + "."
            messages.success(request, message)
            return HttpResponseRedirect(history_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Undo the save of {when}?",
            "opts": self.model._meta,
            "object": obj,
            "when": when,
            "users": users,
            "reason": reason,
            "steps": steps,
            "history_url": history_url,
            "possible": any(step.possible for step in steps),
        }
        return render(request, "admin/troubleshooter/undo.html", context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        manager = self.model.history
        record = get_object_or_404(manager.model, history_id=version_id, id=unquote(object_id))
        if not self.model._base_manager.filter(pk=record.id).exists():
            # A deleted row comes back whole from Recently deleted, not field by field here.
            deletion = Deletion.holding(self.model._meta.model_name, record.id)
            by = deletions.who_deleted(deletion) if deletion else "someone"
            messages.warning(
                request,
                f"{record.instance} was deleted by {by}. Restore it whole here (its causes or "
                "answers, links and feedback come back with it); then its history can revert it.",
            )
            return HttpResponseRedirect(reverse("admin:troubleshooter_deletion_changelist"))
        limits = history.revert_limits(record, self.model)
        if request.method == "GET" and limits:
            messages.warning(request, "What a revert cannot restore: " + " ".join(limits))
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            when = record.history_date.strftime("%Y-%m-%d %H:%M:%S")
            if limits:
                messages.warning(request, f"Reverted to the version of {when}. " + " ".join(limits))
        return response

    # Saving ----------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change and not form.edited_fields():
            return  # nothing changed here: writing the form's copy could undo someone's edit
        obj._change_reason = self.change_reason(request, form)
        super().save_model(request, obj, form, change)

    def change_reason(self, request, form):
        reason = form.cleaned_data.get("change_reason", "")
        record = getattr(form, "history_record", None)
        if record is not None and not reason:
            reason = f"Reverted to the version of {record.history_date:%Y-%m-%d %H:%M:%S}"
        return reason[:100] or None

    def save_formset(self, request, form, formset, change):
        reason = self.change_reason(request, form)
        rows = formset.save(commit=False)
        new_rows = [row for row in rows if row.pk is None]
        if new_rows and hasattr(formset.model, "position"):
            self.append_new_rows(form, formset, new_rows)
        saved = getattr(request, "_just_saved", None)
        if saved is None:
            saved = request._just_saved = []
        for row in rows:
            row._change_reason = reason
            row.save()
            saved.append(f"{row._meta.model_name}:{row.pk}")
        formset.save_m2m()
        for row in formset.deleted_objects:
            deletions.delete(row, request.user, reason or "")

    def append_new_rows(self, form, formset, new_rows):
        """New causes (or answers) go at the end, unless their position was set by hand."""
        untouched = {
            id(f.instance)
            for f in formset.forms
            if f.instance in new_rows and "position" not in f.changed_data
        }
        if not untouched:
            return
        fk = formset.fk.name
        highest = (
            formset.model.objects.filter(**{fk: form.instance}).aggregate(Max("position"))[
                "position__max"
            ]
            or 0
        )
        others = [f.cleaned_data.get("position") or 0 for f in formset.forms if f.cleaned_data]
        highest = max([highest, *others])
        for row in new_rows:
            if id(row) in untouched:
                highest += 1
                row.position = highest

    def save_related(self, request, form, formsets, change):
        if not change or form.edited_fields():
            form.instance._change_reason = self.change_reason(request, form)
            form.save_m2m()
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        if change and not form.edited_fields() and any(f.has_changed() for f in formsets):
            # The row itself is untouched, but the content version must see its inlines change.
            type(form.instance).objects.filter(pk=form.instance.pk).update(
                updated_at=timezone.now()
            )
        self.check_reachability(request, form, formsets)

    def reachability_scope(self, form, formsets):
        """The codes whose causes this save may have made unreachable; None for all, or an
        empty set when the save cannot change what the guide does."""
        return set()

    def check_reachability(self, request, form, formsets):
        scope = self.reachability_scope(form, formsets)
        if scope == set():
            return
        missing = profile_edits.unreachable(scope)
        if missing:
            messages.warning(
                request,
                "The guide can no longer reach these causes by their own answers: "
                + "; ".join(missing)
                + ". Make their profiles differ from the cause they lead to.",
            )


PROFILE_HELP = (
    "How a reader with this cause answers the guide's questions: pick the answers that fit, "
    "Ctrl- or Cmd-click to pick several; a question with nothing picked means “any answer”."
)


class ProfileFieldMixin:
    """The profile field's compact editor, and the page's one list of questions it can add."""

    def render_change_form(self, request, context, *args, **kwargs):
        questions = profile_edits.profile_questions(request.content.snapshot)
        context["profile_datalist"] = profile_edits.profile_datalist(questions)
        return super().render_change_form(request, context, *args, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "profile":
            questions = profile_edits.profile_questions(request.content.snapshot)
            kwargs.update(widget=profile_edits.ProfileWidget(questions), help_text=PROFILE_HELP)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


CAUSE_LISTS = ("described_as", "not_when", "seen_as", "platforms", "sources")


class CauseInline(ProfileFieldMixin, MarkdownAdminMixin, admin.StackedInline):
    """Each cause a card of its own (its save state in its heading); what is long folds away,
    and a fold holding an error or a conflict opens itself."""

    model = Cause
    formset = VersionedInlineFormSet
    template = "admin/troubleshooter/edit_inline/cause_stacked.html"
    extra = 0
    fieldsets = (
        (None, {"fields": ("version", ("title", "slug"), ("position", "commonness"), "signals")}),
        (
            "Phrases, other codes, platforms and sources",
            {"classes": ["collapse"], "fields": CAUSE_LISTS},
        ),
        ("Guide profile", {"classes": ["collapse"], "fields": ["profile"]}),
        (
            "How to confirm it and fix it",
            {
                "classes": ["collapse"],
                "fields": [
                    ("confirm", "confirm_preview"),
                    ("fix_client", "fix_client_preview"),
                    ("fix_server", "fix_server_preview"),
                ],
            },
        ),
    )
    readonly_fields = ("confirm_preview", "fix_client_preview", "fix_server_preview")
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("status_code")  # for their links

    confirm_preview = preview("confirm", "How to confirm it")
    fix_client_preview = preview("fix_client", "Fix when calling the API")
    fix_server_preview = preview("fix_server", "Fix when building the API")


@admin.register(StatusCode)
class StatusCodeAdmin(DraftAdminMixin, ProfileFieldMixin, ContentAdmin):
    list_display = ("code", "phrase", "code_class", "vendor", "cause_count", "edited_since_load")
    list_display_links = ("code", "phrase")
    list_filter = ("code_class", OfficialFilter, "vendor")
    search_fields = ("=code", "phrase", "aliases", "summary")
    filter_horizontal = ("related", "confused")
    inlines = [CauseInline]
    readonly_fields = (
        "explanation_preview",
        "headers_note_preview",
        "example_preview",
        "in_code_preview",
        "confused_note_preview",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "version",
                    "code",
                    "phrase",
                    "aliases",
                    "vendor",
                    "spec",
                    "summary",
                    "sources",
                )
            },
        ),
        ("Explanation", {"fields": [("explanation", "explanation_preview")]}),
        ("Headers", {"fields": ("header_names", ("headers_note", "headers_note_preview"))}),
        ("Example", {"fields": [("example", "example_preview")]}),
        ("In code", {"fields": [("in_code", "in_code_preview")]}),
        (
            "Related codes",
            {
                "fields": ("related", "confused", ("confused_note", "confused_note_preview")),
                "description": "“Related codes” are listed at the end of the page; “commonly "
                "confused with” codes get their own section, introduced by the text that "
                "explains how they differ.",
            },
        ),
    )

    explanation_preview = preview("explanation", "Explanation")
    headers_note_preview = preview("headers_note", "About the headers")
    example_preview = preview("example", "Example")
    in_code_preview = preview("in_code", "In code")
    confused_note_preview = preview("confused_note", "Commonly confused")

    reason_required_to_delete = True
    children_label = "Changes to this code's causes"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("related", "confused")
        return queryset.annotate(cause_total=Count("causes"))

    def has_delete_permission(self, request, obj=None):
        """A whole code, its causes, links and feedback: reviewers only, with a reason (and it
        can be restored from Recently deleted)."""
        return super().has_delete_permission(request, obj) and is_reviewer(request.user)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)  # one code at a time, with a reason
        return actions

    @admin.display(description="causes", ordering="cause_total")
    def cause_count(self, obj):
        return obj.cause_total

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.related_model is StatusCode:
            # Both link fields list every code: read them once per content version.
            field.choices = request.content.snapshot.memo.get(
                ("admin", "code choices"),
                lambda: [
                    (code.pk, str(code)) for code in StatusCode.objects.only("code", "phrase")
                ],
            )
        return field

    def history_sources(self, pk):
        causes = Cause.history.filter(status_code_id=pk)
        return [
            StatusCode.history.filter(id=pk),
            causes,
            Draft.history.filter(
                Q(code_id=pk) | Q(cause_id__in=causes.values("id"))
            ).select_related("author"),
        ]

    def reachability_scope(self, form, formsets):
        causes_changed = any(f.has_changed() for f in formsets)
        return {form.instance.code} if causes_changed or "code" in form.edited_fields() else set()


def share_of_no(no, total):
    """The share of “No” among the answers, as a float the database computes for ordering."""
    return Case(
        When(**{f"{total}__gt": 0}, then=Cast(no, FloatField()) / Cast(total, FloatField())),
        default=Value(-1.0),
        output_field=FloatField(),
    )


FEW_ANSWERS = 5  # below this many answers a share says little: the counts are shown with it


def share_text(no, total):
    """“67% of 3” rather than a bare “100%” after one vote."""
    if not total:
        return "–"
    text = f"{no / total:.0%} of {total}"
    if total < FEW_ANSWERS:
        return format_html('{} <span class="few-answers">(few answers)</span>', text)
    return text


class FeedbackFilter(admin.SimpleListFilter):
    title = "reader feedback"
    parameter_name = "feedback"

    def lookups(self, request, model_admin):
        return [("any", "Has answers"), ("no", "Has a “No”")]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.filter(answers_total__gt=0)
        if self.value() == "no":
            return queryset.filter(answers_no__gt=0)
        return queryset


@admin.register(Cause)
class CauseAdmin(DraftAdminMixin, ProfileFieldMixin, ContentAdmin):
    # Narrow enough for a 1,280 px screen, share of No kept seventh (links sort by position).
    list_display = (
        "title_and_slug",
        "code",
        "edited_since_load",
        "order",
        "helpful_count",
        "not_helpful_count",
        "no_share",
    )
    list_filter = ("status_code__code_class", FeedbackFilter)
    list_select_related = ("status_code",)
    search_fields = ("title", "slug", "signals", "=status_code__code")
    autocomplete_fields = ("status_code",)
    readonly_fields = CauseInline.readonly_fields
    fieldsets = (
        (None, {"fields": ("status_code", *CauseInline.fieldsets[0][1]["fields"], *CAUSE_LISTS)}),
        ("Guide profile", {"fields": ["profile"]}),
        ("How to confirm it and fix it", {"fields": CauseInline.fieldsets[3][1]["fields"]}),
    )
    prepopulated_fields = {"slug": ["title"]}

    def history_sources(self, pk):
        return [
            Cause.history.filter(id=pk),
            Draft.history.filter(cause_id=pk).select_related("author"),
        ]

    def save_model(self, request, obj, form, change):
        if not change and "position" not in form.changed_data:
            # A new cause goes after its code's causes, not to the top of the page.
            highest = Cause.objects.filter(status_code=obj.status_code).aggregate(Max("position"))[
                "position__max"
            ]
            obj.position = 0 if highest is None else highest + 1
        super().save_model(request, obj, form, change)

    confirm_preview = CauseInline.confirm_preview
    fix_client_preview = CauseInline.fix_client_preview
    fix_server_preview = CauseInline.fix_server_preview

    def reachability_scope(self, form, formsets):
        return {form.instance.status_code.code} if form.edited_fields() else set()

    def get_queryset(self, request):
        yes = Coalesce(Sum("feedback__helpful"), 0)
        no = Coalesce(Sum("feedback__not_helpful"), 0)
        return (
            super()
            .get_queryset(request)
            .annotate(answers_yes=yes, answers_no=no, answers_total=yes + no)
            .annotate(answers_no_share=share_of_no(F("answers_no"), "answers_total"))
        )

    @admin.display(description="cause", ordering="title")
    def title_and_slug(self, obj):
        return format_html('{}<br><span class="cause-slug">{}</span>', obj.title, obj.slug)

    @admin.display(description="code", ordering="status_code__code")
    def code(self, obj):
        return obj.status_code.code

    @admin.display(description="order", ordering="position")
    def order(self, obj):
        return obj.position

    @admin.display(description="Did it fix it? Yes", ordering="answers_yes")
    def helpful_count(self, obj):
        return obj.answers_yes

    @admin.display(description="No", ordering="answers_no")
    def not_helpful_count(self, obj):
        return obj.answers_no

    @admin.display(description="share of No", ordering="answers_no_share")
    def no_share(self, obj):
        return share_text(obj.answers_no, obj.answers_total)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Read-only: what readers answered, the causes that fail them most first."""

    class Media:
        css = {"all": ["css/admin.css"]}

    list_display = ("cause_of_code", "where", "helpful", "not_helpful", "no_share", "updated")
    list_per_page = 50
    list_select_related = ("cause__status_code",)
    list_filter = ("cause__status_code__code_class",)
    search_fields = ("cause__title", "cause__slug", "=cause__status_code__code")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(total=F("helpful") + F("not_helpful"))
            .annotate(share=share_of_no(F("not_helpful"), "total"))
            .order_by("-share", "-total")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description="cause", ordering="cause__status_code__code")
    def cause_of_code(self, obj):
        return f"{obj.cause.status_code.code}: {obj.cause.title}"

    @admin.display(description="where")
    def where(self, obj):
        if not obj.guide_path:
            return format_html('<a href="{}">code page</a>', obj.cause.get_absolute_url())
        query = guide_state.query(guide_state.read_pairs(obj.guide_path.split())[0])
        return format_html('<a href="/guide/?{}">guide: {}</a>', query, obj.guide_path)

    @admin.display(description="last answer", ordering="updated_at")
    def updated(self, obj):
        return obj.updated_at.strftime("%Y-%m-%d")

    @admin.display(description="share of No", ordering="share")
    def no_share(self, obj):
        return share_text(obj.not_helpful, obj.total)


class AnswerFormSet(VersionedInlineFormSet):
    """Answers named in causes' profiles: a rename is carried into them, a deletion refused."""

    def clean(self):
        super().clean()
        question = self.instance
        if question.pk is None:
            return
        for form in self.deleted_forms:
            answer = form.instance
            if answer.pk is None:
                continue
            users = profile_edits.causes_using(question.slug, answer.slug)
            if users:
                raise forms.ValidationError(
                    f"The answer “{answer.slug}” cannot be deleted: the profiles of "
                    f"{len(users)} cause{'s' if len(users) != 1 else ''} use it: "
                    f"{profile_edits.describe(users)}. Change those profiles first."
                )

    def renames(self):
        """[(old slug, new slug)] for the answers whose slug this save changes."""
        return [
            (form.initial["slug"], form.cleaned_data["slug"])
            for form in self.initial_forms
            if form not in self.deleted_forms
            and "slug" in form.changed_data
            and form.cleaned_data.get("slug")
        ]


class AnswerInline(LengthLimitMixin, admin.TabularInline):
    model = Answer
    formset = AnswerFormSet
    form = VersionedForm
    extra = 0
    fields = ("position", "slug", "label", "version")
    prepopulated_fields = {"slug": ["label"]}


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    list_display = ("text", "slug", "kind", "position", "answer_count", "edited_since_load")
    list_editable = ("position",)
    search_fields = ("text", "slug", "answers__label")
    list_filter = ("kind",)
    inlines = [AnswerInline]
    fields = (
        "version", "slug", "position", "kind", "strength", "text", "help", "help_preview",
        "applies", "unsure", "bare", "detect",
    )  # fmt: skip
    readonly_fields = ("help_preview",)

    help_preview = preview("help", "Help")
    children_label = "Changes to this question's answers"

    def history_sources(self, pk):
        return [Question.history.filter(id=pk), Answer.history.filter(question_id=pk)]

    def save_model(self, request, obj, form, change):
        old_slug = form.initial.get("slug") if change else None
        super().save_model(request, obj, form, change)
        if old_slug and obj.slug != old_slug:
            changed = profile_edits.carry_rename(old_slug, new_question=obj.slug, user=request.user)
            if changed:
                messages.info(
                    request,
                    f"The question's new slug “{obj.slug}” was written into the profiles of "
                    f"{len(changed)} causes: {profile_edits.describe(changed)}.",
                )

    def save_formset(self, request, form, formset, change):
        renames = formset.renames() if isinstance(formset, AnswerFormSet) else []
        super().save_formset(request, form, formset, change)
        for old, new in renames:
            changed = profile_edits.carry_rename(form.instance.slug, old, new, user=request.user)
            if changed:
                messages.info(
                    request,
                    f"The answer “{old}” is now “{new}” in the profiles of {len(changed)} "
                    f"causes: {profile_edits.describe(changed)}.",
                )

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for question in objs:
            users = profile_edits.causes_using(question.slug)
            if users:
                protected = [
                    *protected,
                    f"Question “{question.slug}” is used by the profiles of {len(users)} "
                    f"causes: {profile_edits.describe(users)}",
                ]
        return deleted, counts, perms_needed, protected

    def reachability_scope(self, form, formsets):
        """Text, help and labels do not change what the guide does, nor do renames (they are
        carried into the profiles); anything else may, for any cause."""
        cosmetic = {"text", "help", "slug", "label", "version", "position"}
        edited = set(form.edited_fields()) - cosmetic
        if "position" in form.edited_fields():
            edited.add("position")  # the order of questions decides ties
        answers = any(
            set(f.changed_data) - cosmetic or f.instance.pk is None
            for formset in formsets
            for f in formset.forms
            if f.has_changed()
        ) or any(formset.deleted_forms for formset in formsets)
        return None if edited or answers else set()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("answers")

    @admin.display(description="answers")
    def answer_count(self, obj):
        return len(obj.answers.all())


@admin.register(Answer)
class AnswerAdmin(DeletionAdminMixin, LengthLimitMixin, SimpleHistoryAdmin):
    """Answers are edited on their question's page; this gives them a history and a revert."""

    form = VersionedForm
    fields = ("version", "question", "position", "slug", "label")
    readonly_fields = ("question",)
    object_history_template = "admin/troubleshooter/object_history.html"
    object_history_list_template = "admin/troubleshooter/object_history_list.html"

    def get_model_perms(self, request):
        return {}  # not listed in the admin index: answers live on their question's page

    def response_post_save_change(self, request, obj):
        return HttpResponseRedirect(
            reverse("admin:troubleshooter_question_change", args=[obj.question_id])
        )

    def get_historical_record_context_helper(self, request, historical_record):
        return history.FullChangeHelper(self.model, historical_record)


def can_edit_content(request):
    return any(
        request.user.has_perm(f"troubleshooter.change_{name}")
        for name in ("statuscode", "cause", "question")
    )


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    """“Waiting for review”: every draft, oldest first, with whose it is, whether the
    published row changed since it was written, and links to preview and open it."""

    list_display = ("draft_of", "code", "author", "saved", "state", "actions_column")

    class Media:
        css = {"all": ["css/admin.css"]}

    list_select_related = ("code", "cause__status_code", "author")
    list_filter = (("author", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("code__phrase", "cause__title", "author__username")
    list_display_links = None
    ordering = ("updated_at", "pk")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # discarded from the row's form: a reason and a confirmation for others'

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        return {}

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": "Waiting for review",
            "subtitle": "Drafts not published yet, oldest first. Open one to check it; its author "
            "or a reviewer publishes it.",
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def row_admin(self, draft):
        return "statuscode" if draft.code_id else "cause"

    @admin.display(description="draft of")
    def draft_of(self, draft):
        row = draft.row
        url = (
            reverse(f"admin:troubleshooter_{self.row_admin(draft)}_change", args=[row.pk])
            + f"?draft={draft.pk}"
        )
        return format_html('<a href="{}">{}</a>', url, row)

    @admin.display(description="code")
    def code(self, draft):
        return draft.code.code if draft.code_id else draft.cause.status_code.code

    @admin.display(description="saved", ordering="updated_at")
    def saved(self, draft):
        return exact_time(draft.updated_at)

    @admin.display(description="published version")
    def state(self, draft):
        if draft.row.version == draft.base_version:
            return "unchanged since the draft"
        return mark_safe(
            '<strong class="draft-stale">changed since: publishing shows the merge</strong>'
        )

    @admin.display(description="preview")
    def actions_column(self, draft):
        name = f"admin:troubleshooter_{self.row_admin(draft)}_draft_preview"
        preview_url = reverse(name, args=[draft.row.pk]) + f"?draft={draft.pk}"
        return format_html('<a href="{}" target="_blank">Preview</a>', preview_url)


@admin.register(Deletion)
class DeletionAdmin(admin.ModelAdmin):
    """“Recently deleted”: what was deleted, with what, by whom, when and why, and a button
    that restores it whole."""

    list_display = ("what", "deleted_by", "when", "reason", "restore_column")

    class Media:
        css = {"all": ["css/admin.css"]}

    list_filter = ("kind", ("restored_at", admin.EmptyFieldListFilter))
    list_select_related = ("deleted_by", "restored_by")
    search_fields = ("label", "reason")
    list_display_links = None

    def has_module_permission(self, request):
        return can_edit_content(request)

    def has_view_permission(self, request, obj=None):
        return can_edit_content(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        return {}

    def get_urls(self):
        return [
            path(
                "<int:deletion_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="troubleshooter_deletion_restore",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": "Recently deleted",
            "subtitle": "Codes, causes, questions and answers deleted in admin, each kept whole: "
            "restoring one brings back its causes or answers, links and reader feedback.",
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="deleted")
    def what(self, deletion):
        return format_html(
            '{} {}<br><span class="deletion-summary">{}</span>',
            deletion.get_kind_display(),
            deletion.label,
            deletion.summary,
        )

    @admin.display(description="when", ordering="deleted_at")
    def when(self, deletion):
        return exact_time(deletion.deleted_at)

    @admin.display(description="restore")
    def restore_column(self, deletion):
        if deletion.restored_at is not None:
            by = deletion.restored_by.get_username() if deletion.restored_by else "someone"
            return f"Restored by {by} at {exact_time(deletion.restored_at)}"
        # Inside the changelist's own form, which carries the CSRF token.
        return format_html(
            '<button type="submit" formaction="{}" class="restore-button" aria-label="Restore {}">'
            "Restore</button>",
            reverse("admin:troubleshooter_deletion_restore", args=[deletion.pk]),
            deletion.label,
        )

    def restore_view(self, request, deletion_id):
        return require_POST(self._restore)(request, deletion_id)

    def _restore(self, request, deletion_id):
        deletion = get_object_or_404(Deletion, pk=deletion_id)
        if not request.user.has_perm(f"troubleshooter.add_{deletion.kind}"):
            raise PermissionDenied
        back = reverse("admin:troubleshooter_deletion_changelist")
        try:
            notes = deletions.restore(deletion, request.user)
        except deletions.RestoreError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(back)
        messages.success(
            request, " ".join([f"Restored {deletion.label} {deletion.summary}.".strip(), *notes])
        )
        model = {"statuscode": StatusCode, "cause": Cause, "question": Question}.get(deletion.kind)
        if model is None:  # an answer lives on its question's page
            answer = Answer.objects.filter(pk=deletion.object_id).first()
            if answer is None:
                return HttpResponseRedirect(back)
            return HttpResponseRedirect(
                reverse("admin:troubleshooter_question_change", args=[answer.question_id])
            )
        return HttpResponseRedirect(
            reverse(f"admin:troubleshooter_{deletion.kind}_change", args=[deletion.object_id])
        )


admin.site.site_header = "StatusFix content"
admin.site.site_title = "StatusFix admin"
admin.site.index_title = "Codes, causes and fixes"
