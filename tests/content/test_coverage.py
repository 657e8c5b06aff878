"""The reference is complete and its content keeps the depth rules, checked on the real files."""

import http
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from troubleshooter.models import StatusCode

pytestmark = [pytest.mark.content, pytest.mark.django_db]

VENDOR_CODES = {
    "nginx": {444, 494, 495, 496, 497, 499},
    "Cloudflare": {520, 521, 522, 523, 524, 525, 526, 530},
    "AWS Elastic Load Balancing": {460, 463, 464, 561},
}
COMMON = {400, 401, 403, 404, 405, 407, 422, 429, 500, 501, 502, 503, 504}
COMMON |= {408, 409, 410, 413, 414, 415, 431, 505}
STUCK_POINTS = {204, 206, 301, 302, 303, 304, 307, 308}
CONFUSED_PAIRS = [
    (401, 403), (400, 422), (502, 504), (500, 503), (404, 410), (403, 404),
    (301, 302), (302, 303), (302, 307), (301, 308), (307, 308),
    (413, 414), (413, 431), (414, 431), (409, 412), (429, 503),
]  # fmt: skip
ECOSYSTEMS = ["Python", "Django REST framework", "Go", "Node.js", "Java (Spring)", ".NET", "Rust"]
COPYCHECK = Path(settings.BASE_DIR).parent / "shared" / "tools" / "copycheck"


@pytest.fixture
def codes():
    return {code.code: code for code in StatusCode.objects.for_page()}


def test_every_registered_code_has_a_page_with_its_official_phrase(client, codes):
    for status in http.HTTPStatus:
        assert status.value in codes, f"no page for {status.value}"
        code = codes[status.value]
        assert code.vendor == ""
        # Python's name, or a former name shown as an alias (418 is "(Unused)" in RFC 9110).
        names = {code.phrase.lower(), *(alias.lower() for alias in code.alias_list)}
        assert status.phrase.lower() in names, status.value
        assert code.spec.startswith("RFC "), status.value
        assert client.get(f"/{status.value}/").status_code == 200


def test_vendor_codes_name_their_vendor(codes):
    for vendor, numbers in VENDOR_CODES.items():
        for number in numbers:
            assert number in codes, f"no page for {vendor} {number}"
            assert codes[number].vendor == vendor, number
    registered = {s.value for s in http.HTTPStatus}
    for code in codes.values():
        if code.code and code.code not in registered:
            assert code.vendor, f"{code.code} is not registered, so it needs a vendor"
            assert "regist" in code.explanation.lower(), (
                f"{code.code} should say why it is unregistered"
            )


def test_no_response_page_covers_the_failures_without_a_status(codes):
    assert 0 in codes
    causes = {
        cause.slug: f"{cause.slug} {cause.title} {cause.signals}".lower()
        for cause in codes[0].causes.all()
    }
    for word in ("dns", "refused", "reset", "certificate", "timeout", "cors"):
        assert any(word in text for text in causes.values()), f"no cause about {word}"


def test_depth_rules_hold_for_every_code(codes):
    for code in codes.values():
        causes = list(code.causes.all())
        if code.code_class in (4, 5):
            minimum = 4 if code.code in COMMON else 2
            assert len(causes) >= minimum, f"{code.code} has {len(causes)} causes, needs {minimum}"
        if code.code in STUCK_POINTS:
            assert causes, f"{code.code} needs the causes where people get stuck"
        for cause in causes:
            assert cause.confirm and cause.fix_client and cause.fix_server, cause
            assert cause.profile, f"{code.code}/{cause.slug} has no profile for the guide"


def test_every_registered_code_names_its_constants_and_how_to_send_it(codes):
    for status in http.HTTPStatus:
        in_code = codes[status.value].in_code
        for ecosystem in ECOSYSTEMS:
            assert f"| {ecosystem}" in in_code, f"{status.value}: no {ecosystem} constant"
        assert len(in_code.split("\n\n")) >= 3, (
            f"{status.value}: say how to send it, not only the names"
        )


@pytest.mark.parametrize(("a", "b"), CONFUSED_PAIRS)
def test_commonly_confused_pairs_compare_on_both_pages(codes, a, b):
    for this, other in ((a, b), (b, a)):
        page = codes[this]
        assert other in [c.code for c in page.confused.all()], (
            f"{this} should list {other} as confused"
        )
        assert str(other) in page.confused_note, f"{this}'s comparison does not mention {other}"
        assert "|" in page.confused_note, f"{this}'s comparison should be a side-by-side table"


def test_every_link_between_codes_points_to_a_page(client, codes):
    for code in codes.values():
        for other in [*code.related.all(), *code.confused.all()]:
            assert other.code in codes
        html = client.get(f"/{code.code}/").content.decode()
        for other in code.confused.all():
            assert f'href="/{other.code}/"' in html


def test_nothing_is_copied_from_the_seed_documents():
    if not COPYCHECK.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{COPYCHECK} is missing under CI")
        pytest.skip(f"{COPYCHECK} not found (it lives in shared/ beside the repository)")
    result = subprocess.run(
        [str(COPYCHECK), "content", "templates", "README.md"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_tables_have_no_empty_header_cells():
    """Screen readers need a name for every column (axe: empty-table-header)."""
    offenders = [
        f"{path.name}:{number}"
        for path in sorted((Path(settings.CONTENT_DIR) / "codes").glob("*.md"))
        for number, line in enumerate(path.read_text().split("\n"), start=1)
        if re.match(r"^\|\s*\|", line)
    ]
    assert offenders == []


def test_every_code_and_every_cause_cites_a_source(codes):
    from troubleshooter.format.schema import URL_RE

    unsourced = []
    for code in codes.values():
        if not code.source_list:
            unsourced.append(str(code.code))
        for cause in code.causes.all():
            if not cause.source_list:
                unsourced.append(f"{code.code}/{cause.slug}")
            assert len(set(cause.source_list)) == len(cause.source_list), cause.slug
            assert all(URL_RE.match(url) for url in cause.source_list), cause.slug
        assert all(URL_RE.match(url) for url in code.source_list), code.code
    assert unsourced == []


def test_every_source_is_shown_on_the_page_and_in_the_json(client, codes):
    code = codes[504]
    html = client.get("/504/").content.decode()
    data = client.get("/504.json").json()
    assert data["sources"] == code.source_list
    for cause, shown in zip(code.causes.all(), data["causes"], strict=True):
        assert shown["sources"] == cause.source_list
        for url in cause.source_list:
            assert f'href="{url}"' in html.replace("&amp;", "&")


DEFAULT_CLAIM = re.compile(
    r"(?i)\b(?:by default|defaults? (?:to|is|of)|the default|(?:is|are) limited to|a limit of|"
    r"up to \d|at most \d)\b[^.]*\d"
)
VERSIONED = re.compile(r"(?i)\b(?:since|before|until|from|as of|v?\d+\.\d+|version|release)\b")


@pytest.mark.django_db
def test_every_default_or_limit_names_its_version_or_a_source():
    """A default or a limit changes between releases: the sentence that states one names the
    versions it holds for, or the cause cites a source for it."""
    from troubleshooter.models import Cause

    unsourced = []
    for cause in Cause.objects.select_related("status_code"):
        text = " ".join((cause.confirm, cause.fix_client, cause.fix_server))
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if (
                DEFAULT_CLAIM.search(sentence)
                and not VERSIONED.search(sentence)
                and not cause.source_list
            ):
                unsourced.append(f"{cause.key}: {sentence[:90]}")
    assert unsourced == []


REVIEW_PERIOD = 365  # days: a page not checked against its sources for longer is flagged
# Pages a second reader could not yet check against their vendor's documentation (the
# 2026-12 review pass); the list may only shrink.
AWAITING_REVIEW = {440, 498, 499, 509, 520, 521, 522, 523, 524, 525, 526, 530, 561}


@pytest.mark.django_db
def test_every_page_was_reviewed_within_the_period():
    import datetime

    from troubleshooter.models import StatusCode

    today = datetime.date.today()
    stale, unreviewed = [], set()
    for code in StatusCode.objects.all():
        if code.reviewed_on is None:
            unreviewed.add(code.code)
        elif (today - code.reviewed_on).days > REVIEW_PERIOD:
            stale.append(f"{code.code}: last reviewed {code.reviewed_on}")
    assert stale == []
    assert unreviewed <= AWAITING_REVIEW, sorted(unreviewed - AWAITING_REVIEW)


def test_every_fact_a_har_finding_names_is_a_question_and_answer_in_the_content():
    # The HAR page quietly drops a fact the content lacks (explain.guide_pairs), so a renamed or
    # merged answer would only show as worse rankings: every literal fact must exist.
    from troubleshooter.engine.har import findings
    from troubleshooter.models import Answer

    source = Path(findings.__file__).read_text()
    facts = set(re.findall(r'\.fact\("([\w-]+)", "([\w-]+)"\)', source))
    assert len(facts) >= 10
    missing = [pair for pair in sorted(facts)
               if not Answer.objects.filter(question__slug=pair[0], slug=pair[1]).exists()]  # fmt: skip
    assert missing == []
