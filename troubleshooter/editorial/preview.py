"""Unsaved markdown as the site will show it, for staff: one field (htmx) or a whole form."""

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render
from django.views.decorators.http import require_POST

from troubleshooter.format.markup import render_markdown, sanitizer_removals
from troubleshooter.models import Cause, Question, StatusCode, normalize_text
from troubleshooter.web.caching import private_page

MAX_PREVIEW = 100_000  # characters of markdown per field


def preview_fields(data):
    """[(label, html, removed)] for each markdown field in a posted admin form."""
    labels = {
        name: str(model._meta.get_field(name).verbose_name).capitalize()
        for model in (StatusCode, Cause, Question)
        for name in model.MARKDOWN_FIELDS
    }
    fields = []
    for key, text in data.items():
        name = key.rsplit("-", 1)[-1]
        if name not in labels or key.endswith("__prefix__-" + name):
            continue
        text = normalize_text(text[:MAX_PREVIEW])
        prefix = key[: -len(name)].rstrip("-")
        label = labels[name] + (f" ({data.get(prefix + '-title', prefix)})" if prefix else "")
        fields.append((label, render_markdown(text), sanitizer_removals(text)))
    return fields


@staff_member_required
@private_page
@require_POST
def markdown_preview(request):
    """Unsaved markdown as the site will show it, for staff only (CSRF-checked like any admin
    form). htmx sends one field as `text` and gets the fragment; the form's Preview button,
    without JavaScript, posts the whole form and gets a page with every markdown field."""
    if "text" in request.POST:
        text = normalize_text(request.POST["text"][:MAX_PREVIEW])
        context = {"html": render_markdown(text), "removed": sanitizer_removals(text)}
        return render(request, "admin/troubleshooter/preview.html#fragment", context)
    return render(
        request, "admin/troubleshooter/preview.html", {"fields": preview_fields(request.POST)}
    )
