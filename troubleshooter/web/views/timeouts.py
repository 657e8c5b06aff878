"""The timeout timeline page."""

from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from troubleshooter.engine import timeouts
from troubleshooter.web.caching import cached_page
from troubleshooter.web.chart import timeline_chart
from troubleshooter.web.forms import TimelineForm
from troubleshooter.web.views.base import render_page


@cached_page
@require_safe
@vary_on_headers("HX-Request")
def timeouts_page(request):
    form = TimelineForm(request.GET)
    form.is_valid()  # unusable values fall back to defaults; form.problems lists them
    values, errors = form.values, form.problems
    layers = timeouts.stack(values["choices"], values["overrides"])
    verdict = timeouts.timeline(layers, values["work"]) if layers else None
    context = {
        "form": values,
        "errors": errors,
        "verdict": verdict,
        "chart": timeline_chart(verdict) if verdict else None,
        "kinds": [
            (kind, label, [p for p in timeouts.PRODUCTS.values() if p.kind == kind])
            for kind, label in timeouts.KINDS
        ],
    }
    return render_page(request, "timeouts.html", "timeline", context, status=400 if errors else 200)
