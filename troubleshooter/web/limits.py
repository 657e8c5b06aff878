"""Per-client limits on the work a request can make the site do: a diagnosis, a guide started
or stepped with new text, a "Did this fix it?" vote.

Counts live in Django's cache (Redis when configured, shared by every app server; each
process's memory otherwise, and while Redis is unreachable) under a salted hash of the client's
address, so nothing traces back to a reader. A refused request gets a 429 with Retry-After.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac


def client_address(request):
    """The client's address. Behind a proxy every request comes from the proxy, so with
    CLIENT_IP_HEADER set (e.g. "X-Forwarded-For") the address that proxy appended is used."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header and request.headers.get(header):
        return request.headers[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_hash(request, *parts):
    """A salted hash of the client's address, the day and `parts`: nothing to trace back."""
    day = timezone.now().date().isoformat()
    value = "|".join([day, client_address(request), *parts])
    return salted_hmac("troubleshooter.web.feedback", value, algorithm="sha256").hexdigest()[:32]


def count(key, window):
    """Add one to the counter under `key`, which lives `window` seconds; returns the count."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return 1


def retry_after(request, kind):
    """None when the client may go on with this kind of work, else the seconds to wait.
    The setting <KIND>_RATE (FEEDBACK_RATE, DIAGNOSE_RATE, GUIDE_TEXT_RATE) is (requests,
    seconds); without one the kind is unlimited."""
    limit = getattr(settings, f"{kind.upper().replace('-', '_')}_RATE", None)
    if not limit:
        return None
    allowed, window = limit
    now = time.time()
    slot = int(now // window)
    if count(f"limit:{kind}:{slot}:{client_hash(request)}", window) <= allowed:
        return None
    return max(int((slot + 1) * window - now) + 1, 1)
