"""Database -> the plain data the guide, the diagnosis and search run on, one per content version.

The content version is one counter (models.ContentVersion) that every write to the content
moves, read in one query. A process keeps the snapshot it built and rebuilds it when the version
it reads differs, so an edit shows on the next request on every app server, with no shared
cache. Caches that belong to one content version (the text-evidence memo) live on its snapshot.
"""

import gc
import hashlib
import logging
import pickle
import threading
import zlib
from dataclasses import dataclass, field, replace  # noqa: I001

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from troubleshooter.engine import diagnose, guide, reports, rerank, search
from troubleshooter.engine.memo import Memo
from troubleshooter.format.profiles import profile_sets
from troubleshooter.format.questions import parse_detect
from troubleshooter.models import Cause, ContentVersion, Question, StatusCode


@dataclass(frozen=True)
class CauseHtml:
    """What a guide result shows of its cause, rendered at save time."""

    confirm_html: str
    fix_client_html: str
    fix_server_html: str


@dataclass(frozen=True)
class Snapshot:
    version: tuple
    guide: guide.GuideContent
    diagnose: diagnose.Index
    codes: tuple  # search.CodeEntry for every code
    cause_html: dict  # "429/over-the-limit" -> CauseHtml
    seen_here: dict = field(default_factory=dict)  # code -> ((code, slug, title, when), ...)
    memo: Memo = field(default_factory=lambda: Memo(MEMO_SIZE), compare=False)


MEMO_SIZE = 256  # texts whose evidence a snapshot keeps
SNAPSHOT_FORMAT = 2  # raise when the snapshot's classes change shape (old shared ones are ignored)
SHARED_SECONDS = 3600
logger = logging.getLogger(__name__)

_built = {}
_building = threading.Lock()


def content_version():
    """The content version, in one query."""
    return ContentVersion.read()


def last():
    """The snapshot this process built last (None before the first), whatever its version."""
    return _built.get("snapshot")


def current(version=None):
    """The snapshot for the content version given (read now when None): no query when it is
    the one this process has; otherwise one process-wide rebuild (other threads wait for it)."""
    if version is None:
        version = content_version()
    snapshot = _built.get("snapshot")
    if snapshot is not None and snapshot.version == version:
        return snapshot
    with _building:
        snapshot = _built.get("snapshot")
        if snapshot is None or snapshot.version != version:
            snapshot = shared(version) or build(version)
            install(snapshot)
            share(snapshot)
    return snapshot


def current_or_last(version):
    """For a request: the snapshot of `version` when this process has it (or another process
    shared it); otherwise the last one, while a background thread builds the new one, so no
    request waits for a rebuild. Only the very first snapshot of a process is built inline."""
    snapshot = _built.get("snapshot")
    if snapshot is not None and snapshot.version == version:
        return snapshot
    if snapshot is None or settings.SNAPSHOT_REBUILD != "background":
        return current(version)
    found = shared(version)
    if found is not None:
        install(found)
        return found
    if _building.acquire(blocking=False):
        threading.Thread(target=build_in_background, args=(version,), daemon=True).start()
    return snapshot


def install(snapshot):
    """Make `snapshot` this process's own. It is long-lived and large, so (SNAPSHOT_FREEZE) the
    garbage collector is told to leave it, with everything else alive now, out of its
    collections: a full collection walking it took up to 50 ms in the middle of a request. Its
    objects are still freed by reference counting when the next snapshot replaces it; only
    reference cycles among them would stay, and a snapshot holds none."""
    _built["snapshot"] = snapshot
    if settings.SNAPSHOT_FREEZE:
        gc.collect()
        gc.freeze()


def build_in_background(version):
    """Build (holding the lock current_or_last took), publish, and let go of the connection."""
    try:
        snapshot = build(version)
        install(snapshot)
        share(snapshot)
    except Exception:  # the next request tries again; the old snapshot goes on serving
        logger.exception("Could not build the content snapshot %s", version)
    finally:
        _building.release()
        connections.close_all()


def shared_key(version):
    digest = hashlib.sha256(repr(version).encode()).hexdigest()[:24]
    return f"snapshot:{SNAPSHOT_FORMAT}:{digest}"


def shared(version):
    """A snapshot another process built and shared through the cache (Redis), or None."""
    if not shares():
        return None
    data = cache.get(shared_key(version))
    if data is None:
        return None
    try:
        return replace(pickle.loads(zlib.decompress(data)), memo=Memo(MEMO_SIZE))
    except Exception:  # a snapshot from other code: build afresh
        return None


def share(snapshot):
    """Put the snapshot where other app servers' processes find it, when the cache is shared."""
    if shares():
        data = zlib.compress(pickle.dumps(replace(snapshot, memo=None), protocol=5), 1)
        cache.set(shared_key(snapshot.version), data, SHARED_SECONDS)


def shares():
    """Only a cache every app server reads (Redis) is worth sharing snapshots through."""
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def build(version):
    causes = list(
        Cause.objects.select_related("status_code").order_by("status_code__code", "position")
    )
    codes = list(StatusCode.objects.all())
    questions = list(Question.objects.prefetch_related("answers"))
    guide_content = build_guide(questions, causes, codes)
    index = build_diagnose(causes, codes, guide_content.questions)
    # The guide reads the diagnosis' per-cause arrays by position (intake.read_evidence).
    assert [c.key for c in guide_content.causes] == [c.key for c in index.causes]
    return Snapshot(
        version=version,
        guide=guide_content,
        diagnose=index,
        codes=tuple(
            search.CodeEntry(c.code, c.phrase, tuple(c.alias_list), c.summary, c.vendor)
            for c in codes
        ),
        cause_html={
            key(cause): CauseHtml(cause.confirm_html, cause.fix_client_html, cause.fix_server_html)
            for cause in causes
        },
        seen_here=seen_here(causes),
    )


def seen_here(causes):
    """For each code, the causes of other codes that clients meet as that code, and when."""
    found = {}
    for cause in causes:
        for number, when in cause.seen_as_list:
            found.setdefault(number, []).append(
                (cause.status_code.code, cause.slug, cause.title, when)
            )
    return {number: tuple(items) for number, items in found.items()}


def key(cause):
    return f"{cause.status_code.code}/{cause.slug}"


def build_diagnose(causes, codes, questions=()):
    """The diagnosis' index; `questions`: the guide's (engine) questions, whose parsed
    `detect` patterns it reads too."""
    infos = [
        diagnose.CauseInfo.make(
            key=key(cause),
            code=cause.status_code.code,
            slug=cause.slug,
            title=cause.title,
            phrase=cause.status_code.phrase,
            aliases=cause.status_code.alias_list,
            signals=cause.signal_list,
            confirm=cause.confirm,
            fixes=f"{cause.fix_client}\n{cause.fix_server}",
            profile=profile_sets(cause.profile),
            vendor=bool(cause.status_code.vendor),
            commonness=cause.commonness,
            platforms=frozenset(cause.platform_list),
            seen_as=frozenset(code for code, _when in cause.seen_as_list),
            described=cause.described_as_list,
            not_when=cause.not_when_list,
        )
        for cause in causes
    ]
    phrases = [
        (name, code.code)
        for code in codes
        if code.code and not code.vendor
        for name in (code.phrase, *code.alias_list)
    ]
    detectors = [(q.slug, q.detect) for q in questions]
    return diagnose.Index.build(
        infos, [c.code for c in codes], phrases, detectors, reports.read(), rerank.Model.read()
    )


def build_guide(questions, causes, codes=()):
    guide_questions = [
        guide.Question(
            slug=q.slug,
            text=q.text,
            answers=tuple((a.slug, a.label) for a in q.answers.all()),
            help_html=q.help_html,
            position=q.position,
            strength=q.strength,
            is_status=q.kind == Question.Kind.STATUS_CODE,
            is_response=q.kind == Question.Kind.RESPONSE,
            is_platform=q.kind == Question.Kind.PLATFORM,
            is_producer=q.kind == Question.Kind.PRODUCER,
            applies=q.applies_map,
            unsure=q.unsure / 100,
            bare=q.bare,
            detect=tuple(parse_detect(q.detect_list)),
        )
        for q in questions
    ]
    guide_causes = [
        guide.Cause(
            key=key(cause),
            code=cause.status_code.code,
            phrase=cause.status_code.phrase,
            slug=cause.slug,
            title=cause.title,
            profile=profile_sets(cause.profile),
            platforms=frozenset(cause.platform_list),
            commonness=cause.commonness,
            vendor=bool(cause.status_code.vendor),
            seen_as=frozenset(code for code, _when in cause.seen_as_list),
        )
        for cause in causes
    ]
    return guide.GuideContent.build(
        guide_questions, guide_causes, [(c.code, c.phrase) for c in codes]
    )
