"""“Did this fix it?”: readers' votes, counted per cause and guide path, with abuse limits.

Pages are cached and shared, so the form carries no CSRF token. Instead a vote must come from
this site as the browser reports it (`Sec-Fetch-Site: same-origin`, or else an `Origin` of this
site), which a page elsewhere cannot fake in a reader's browser. Each client may vote a few
times per hour and once per cause per day; both limits live in Django's cache under a salted
hash of the client's address and the day, so the database holds counts only.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import QueryDict

from troubleshooter.engine import guide
from troubleshooter.models import Cause, Feedback
from troubleshooter.web import guide_state, limits
from troubleshooter.web.limits import client_hash

ANSWERS = {"yes": "helpful", "no": "not_helpful"}
MAX_KEY = 100  # "429/over-the-limit"
MAX_PATH = 400  # the guide's answers, as a query string


class Refused(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass
class Vote:
    cause: Cause
    answer: str
    pairs: list  # the guide's answers, ["status:502", "producer:gateway"]; [] on a code page

    @property
    def guide_path(self):
        return " ".join(self.pairs)


def from_this_site(request):
    """True when the browser says the form was posted by one of this site's pages."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin", "")
    if not origin or origin == "null":
        return False
    return origin == f"{request.scheme}://{request.get_host()}" or origin in getattr(
        settings, "CSRF_TRUSTED_ORIGINS", []
    )


def read_vote(data, content):
    """The vote in the posted form; Refused(400) for anything the form cannot have sent."""
    key, answer, path = data.get("cause", ""), data.get("answer", ""), data.get("path", "")
    if answer not in ANSWERS or not key or len(key) > MAX_KEY or len(path) > MAX_PATH:
        raise Refused(400, "This answer could not be read.")
    code, _, slug = key.partition("/")
    cause = (
        Cause.objects.select_related("status_code")
        .filter(status_code__code=int(code) if code.isdigit() else -1, slug=slug)
        .first()
    )
    if cause is None:
        raise Refused(400, "There is no such cause.")
    pairs = []
    if path:
        try:
            pairs, notes = guide_state.read_pairs(QueryDict(path).getlist("a"))
            answered, found = guide.check_answers(pairs, content.guide)
        except guide.BadState:
            raise Refused(400, "The guide's answers could not be read.") from None
        if notes or found or not answered:
            raise Refused(400, "The guide's answers could not be read.")
        pairs = [guide_state.pair_text(a.pair) for a in answered]
    return Vote(cause, answer, pairs)


def check_rate(request):
    if limits.retry_after(request, "feedback") is not None:
        raise Refused(429, "Too many answers from here for now; please try again later.")


def first_vote_today(request, vote):
    """Claims the client's one vote for this cause today; False when it was already used."""
    return cache.add(f"feedback:vote:{client_hash(request, vote.cause.key)}", 1, 24 * 3600)


def count(vote):
    field = ANSWERS[vote.answer]
    with transaction.atomic():
        try:
            with transaction.atomic():
                row, _ = Feedback.objects.get_or_create(
                    cause=vote.cause, guide_path=vote.guide_path
                )
        except IntegrityError:  # another vote created it at the same moment
            row = Feedback.objects.get(cause=vote.cause, guide_path=vote.guide_path)
        Feedback.objects.filter(pk=row.pk).update(**{field: F(field) + 1})


def record(request):
    """Check and count a posted vote; returns (vote, counted) or raises Refused."""
    if not from_this_site(request):
        raise Refused(403, "This answer did not come from this site's page, so it was not counted.")
    check_rate(request)
    vote = read_vote(request.POST, request.content.snapshot)
    counted = first_vote_today(request, vote)
    if counted:
        count(vote)
    return vote, counted
