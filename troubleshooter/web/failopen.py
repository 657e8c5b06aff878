"""A Redis cache that fails open: losing Redis costs speed, never availability.

Django's RedisCache raises on every call once its server is gone, so every page that touches
the cache (all of them, through the page cache) would answer 500. This backend catches the
connection errors, logs one warning per interval, and serves from a small cache in the
process's own memory instead: pages are rendered and kept locally, and the per-client limits go
on counting in each process. After RETRY_SECONDS it tries Redis again; when Redis answers, the
shared cache is back for the next request. Short socket timeouts keep a dead or hung server from
holding requests up.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
WRAPPED = (
    "get",
    "set",
    "add",
    "touch",
    "delete",
    "get_many",
    "set_many",
    "delete_many",
    "has_key",
    "incr",
    "clear",
)


class Health:
    """Whether one Redis server is taken for down, shared by the threads of a process (Django
    makes one cache object per thread)."""

    def __init__(self):
        self.down_until = 0.0
        self.warned_at = -float("inf")


_health = {}


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params}
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5.0))
        self.warn_seconds = float(options.pop("WARN_SECONDS", 60.0))
        params["OPTIONS"] = options
        super().__init__(server, params)
        # A LocMemCache's storage is shared by every instance with the same name in a process.
        self.local = LocMemCache(f"fail-open:{server}", {"OPTIONS": {"MAX_ENTRIES": 2000}})
        self.health = _health.setdefault(str(server), Health())

    @property
    def shared(self):
        """Whether calls go to Redis now (False while it is taken for down)."""
        return time.monotonic() >= self.health.down_until

    def went_down(self, error):
        now = time.monotonic()
        self.health.down_until = now + self.retry_seconds
        if now - self.health.warned_at >= self.warn_seconds:
            self.health.warned_at = now
            logger.warning(
                "Redis is unreachable (%s): serving from each process's memory, retrying every "
                "%g s",
                error,
                self.retry_seconds,
            )


def _fail_open(name):
    shared = getattr(RedisCache, name)

    def call(self, *args, **kwargs):
        if self.shared:
            try:
                return shared(self, *args, **kwargs)
            except UNREACHABLE as error:
                self.went_down(error)
        return getattr(self.local, name)(*args, **kwargs)

    call.__name__ = name
    call.__doc__ = f"RedisCache.{name}, or the local cache while Redis is unreachable."
    return call


for _name in WRAPPED:
    setattr(FailOpenRedisCache, _name, _fail_open(_name))
