"""“Did this fix it?”: a reader's vote."""

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from troubleshooter.web import feedback
from troubleshooter.web.caching import private_page
from troubleshooter.web.views.base import render_page


@csrf_exempt  # pages are cached and shared: feedback.from_this_site stands in for the token
@private_page
@require_POST
def feedback_vote(request):
    try:
        vote, counted = feedback.record(request)
    except feedback.Refused as refused:
        context, status = {"error": refused.message}, refused.status
    else:
        context, status = {"vote": vote, "counted": counted}, 200
    if request.htmx:
        status = 200 if status != 403 else status  # htmx swaps only successful answers
    return render_page(request, "feedback.html", "result", context, status=status)
