"""Database -> the plain data the guide, the diagnosis and search run on, one per content version.

Invalidation rule: the content version is the count and the latest `updated_at` of codes,
causes and questions, and the count of answers, read in one query. Every write path changes it:
saving a row (admin, history revert, load_content) sets its `updated_at`; adding or deleting a
row changes a count; editing answers saves their question. A process keeps the snapshot it
built and rebuilds it when the version it reads differs, so an edit shows on the next request
on every app server, with no shared cache.
"""

from dataclasses import dataclass

from django.db import connection

from troubleshooter.engine import diagnose, guide, search
from troubleshooter.format.profiles import profile_sets
from troubleshooter.models import Answer, Cause, Question, StatusCode


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


_built = {}


def content_version():
    """The content version, in one query (see the module's docstring)."""
    parts = [
        f"SELECT {number}, COUNT(*), MAX(updated_at), MAX(id) FROM {model._meta.db_table}"
        for number, model in enumerate((StatusCode, Cause, Question))
    ]
    parts.append(f"SELECT 3, COUNT(*), NULL, MAX(id) FROM {Answer._meta.db_table}")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return tuple(sorted((part, n, str(changed), last) for part, n, changed, last in cursor))


def version(request=None):
    """The content version; with a request, read once and kept on it."""
    if request is None:
        return content_version()
    if not hasattr(request, "_content_version"):
        request._content_version = content_version()
    return request._content_version


def current(request=None):
    """The snapshot for the content as it is now: one query when it is unchanged.

    With a request, the snapshot is kept on it, so a request reads the version only once."""
    if request is not None and hasattr(request, "_content_snapshot"):
        return request._content_snapshot
    version_now = version(request)
    snapshot = _built.get("snapshot")
    if snapshot is None or snapshot.version != version_now:
        snapshot = build(version_now)
        _built["snapshot"] = snapshot
    if request is not None:
        request._content_snapshot = snapshot
    return snapshot


def build(version):
    causes = list(
        Cause.objects.select_related("status_code").order_by("status_code__code", "position")
    )
    codes = list(StatusCode.objects.all())
    questions = list(Question.objects.prefetch_related("answers"))
    return Snapshot(
        version=version,
        guide=build_guide(questions, causes, codes),
        diagnose=build_diagnose(causes, codes),
        codes=tuple(
            search.CodeEntry(c.code, c.phrase, tuple(c.alias_list), c.summary, c.vendor)
            for c in codes
        ),
        cause_html={
            key(cause): CauseHtml(cause.confirm_html, cause.fix_client_html, cause.fix_server_html)
            for cause in causes
        },
    )


def key(cause):
    return f"{cause.status_code.code}/{cause.slug}"


def build_diagnose(causes, codes):
    infos = [
        diagnose.CauseInfo.make(
            key=key(cause),
            code=cause.status_code.code,
            slug=cause.slug,
            title=cause.title,
            phrase=cause.status_code.phrase,
            signals=cause.signal_list,
            confirm=cause.confirm,
            profile=profile_sets(cause.profile),
            vendor=bool(cause.status_code.vendor),
            commonness=cause.commonness,
            platforms=frozenset(cause.platform_list),
        )
        for cause in causes
    ]
    phrases = [
        (name, code.code)
        for code in codes
        if code.code and not code.vendor
        for name in (code.phrase, *code.alias_list)
    ]
    return diagnose.Index.build(infos, [c.code for c in codes], phrases)


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
        )
        for cause in causes
    ]
    return guide.GuideContent.build(
        guide_questions, guide_causes, [(c.code, c.phrase) for c in codes]
    )
