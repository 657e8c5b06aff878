"""Filters for the admin's own templates (templates/admin/troubleshooter/)."""

from django import template

register = template.Library()


@register.filter
def holds_errors(fieldset):
    """Whether any field of an admin fieldset has an error, fields shown side by side on one
    line included (Django's own check misses those, and leaves such a fold closed)."""
    errors = fieldset.form.errors
    if not errors:
        return False
    for line in fieldset.fields:
        names = line if isinstance(line, list | tuple) else (line,)
        if any(name in errors for name in names):
            return True
    return False


@register.filter
def form_errors(form):
    """Whether a form has errors, bound or not (a draft's merge sets them on an open form)."""
    return bool(form.errors)


@register.filter
def with_version(url, version):
    """A public address carrying the content version (“?v=”) before its fragment, so that a
    browser that kept the page asks for the one just saved."""
    if not url or not version:
        return url
    path, _, fragment = str(url).partition("#")
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}v={version}" + (f"#{fragment}" if fragment else "")


@register.filter
def saved_now(row, just_saved):
    """Whether the last save wrote this row (the change view keeps which, for one page)."""
    return bool(row is not None and just_saved and f"{row._meta.model_name}:{row.pk}" in just_saved)
