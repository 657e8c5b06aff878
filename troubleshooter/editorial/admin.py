"""Staff edit codes and their causes here; markdown is previewed as the site renders it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.db.models import Case, Count, F, FloatField, Sum, Value, When
from django.db.models.functions import Cast, Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from troubleshooter.editorial import history, profile_edits
from troubleshooter.editorial.drafts import DraftAdminMixin
from troubleshooter.editorial.editing import ContentForm, ContentTextField, VersionedForm
from troubleshooter.format.markup import sanitizer_removals
from troubleshooter.models import Answer, Cause, Feedback, Question, StatusCode
from troubleshooter.web import guide_state

MARKDOWN_WIDGET = forms.Textarea(attrs={"rows": 10, "cols": 100, "class": "markdown-source"})


def preview(field_name, label):
    """A read-only admin column showing a markdown field's stored HTML, as the site shows it,
    and what the sanitizer took out of it. With JavaScript it follows the text as typed."""

    @admin.display(description=f"{label} (as shown on the site)")
    def show(self, obj):
        html = getattr(obj, f"{field_name}_html", "") if obj else ""
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


# Help for the fields whose use is not obvious from their name (the model's help is shorter).
HELP_TEXTS = {
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


class MarkdownAdminMixin:
    form = VersionedForm
    formfield_overrides = {
        models.TextField: {"widget": MARKDOWN_WIDGET, "form_class": ContentTextField}
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in HELP_TEXTS:
            field.help_text = HELP_TEXTS[db_field.name]
        return field

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["django_htmx/htmx-2.min.js", "js/admin-editing.js"]


class ContentAdmin(MarkdownAdminMixin, SimpleHistoryAdmin):
    """A model loaded from the content files: its history, and whether staff changed it."""

    form = ContentForm
    object_history_template = "admin/troubleshooter/object_history.html"
    object_history_list_template = "admin/troubleshooter/object_history_list.html"
    child_history_admin = None  # e.g. "admin:troubleshooter_cause_simple_history"

    @admin.display(
        description="edited since load",
        boolean=True,
    )
    def edited_since_load(self, obj):
        return obj.is_edited

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

    def child_history(self, obj):
        """The history records of this row's inline rows (none by default)."""
        return []

    def history_view(self, request, object_id, extra_context=None):
        obj = self.model._base_manager.filter(pk=unquote(object_id)).first()
        rows = (
            history.child_history(self.child_history(obj), self.child_history_admin) if obj else []
        )
        extra_context = {**(extra_context or {}), "child_history": rows}
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        manager = self.model.history
        record = get_object_or_404(manager.model, history_id=version_id, id=unquote(object_id))
        limits = history.revert_limits(record, self.model)
        if request.method == "GET" and limits:
            messages.warning(request, "What a revert cannot restore: " + " ".join(limits))
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            when = record.history_date.strftime("%Y-%m-%d %H:%M:%S")
            if limits:
                messages.warning(request, f"Reverted to the version of {when}. " + " ".join(limits))
        return response

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
        for row in formset.save(commit=False):
            row._change_reason = reason
            row.save()
        formset.save_m2m()
        for row in formset.deleted_objects:
            row._change_reason = reason
            row.delete()

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


class CauseInline(ProfileFieldMixin, MarkdownAdminMixin, admin.StackedInline):
    model = Cause
    extra = 0
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "version",
                    ("title", "slug"),
                    ("position", "commonness"),
                    "platforms",
                    "seen_as",
                    "signals",
                    "described_as",
                    "not_when",
                    "sources",
                )
            },
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

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("related", "confused")
        return queryset.annotate(cause_total=Count("causes"))

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

    child_history_admin = "admin:troubleshooter_cause_simple_history"

    def child_history(self, obj):
        return Cause.history.filter(status_code_id=obj.pk).select_related("history_user")[:100]

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
    list_display = (
        "title",
        "status_code",
        "slug",
        "position",
        "helpful_count",
        "not_helpful_count",
        "no_share",
        "edited_since_load",
    )
    list_filter = ("status_code__code_class", FeedbackFilter)
    list_select_related = ("status_code",)
    search_fields = ("title", "slug", "signals", "=status_code__code")
    autocomplete_fields = ("status_code",)
    readonly_fields = CauseInline.readonly_fields
    fieldsets = (
        (None, {"fields": ("status_code", *CauseInline.fieldsets[0][1]["fields"])}),
        ("Guide profile", {"fields": ["profile"]}),
        ("How to confirm it and fix it", {"fields": CauseInline.fieldsets[2][1]["fields"]}),
    )
    prepopulated_fields = {"slug": ["title"]}

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

    @admin.display(description="Did it fix it? Yes", ordering="answers_yes")
    def helpful_count(self, obj):
        return obj.answers_yes

    @admin.display(description="No", ordering="answers_no")
    def not_helpful_count(self, obj):
        return obj.answers_no

    @admin.display(description="share of No", ordering="answers_no_share")
    def no_share(self, obj):
        return f"{obj.answers_no_share:.0%}" if obj.answers_total else "–"


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Read-only: what readers answered, the causes that fail them most first."""

    list_display = ("cause", "code", "where", "helpful", "not_helpful", "no_share", "updated_at")
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

    @admin.display(description="code", ordering="cause__status_code__code")
    def code(self, obj):
        return obj.cause.status_code.code

    @admin.display(description="where")
    def where(self, obj):
        if not obj.guide_path:
            return format_html('<a href="{}">code page</a>', obj.cause.get_absolute_url())
        query = guide_state.query(guide_state.read_pairs(obj.guide_path.split())[0])
        return format_html('<a href="/guide/?{}">guide: {}</a>', query, obj.guide_path)

    @admin.display(description="share of No", ordering="share")
    def no_share(self, obj):
        return f"{obj.share:.0%}" if obj.total else "–"


class AnswerFormSet(forms.BaseInlineFormSet):
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


class AnswerInline(admin.TabularInline):
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
        "applies", "unsure", "detect",
    )  # fmt: skip
    readonly_fields = ("help_preview",)

    help_preview = preview("help", "Help")
    child_history_admin = "admin:troubleshooter_answer_simple_history"

    def child_history(self, obj):
        return Answer.history.filter(question_id=obj.pk).select_related("history_user")[:100]

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
class AnswerAdmin(SimpleHistoryAdmin):
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


admin.site.site_header = "StatusFix content"
admin.site.site_title = "StatusFix admin"
admin.site.index_title = "Codes, causes and fixes"
