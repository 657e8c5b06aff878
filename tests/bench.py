"""Measure the content load and the pages: `make bench` (not part of the test suite).

Runs on a throwaway SQLite database (or DATABASE_URL when set): migrate, time load_content on
every file (first and unchanged second run), then time each page through Django's test client
and count its queries.
"""

import logging
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
workdir = tempfile.mkdtemp(prefix="troubleshooter-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from troubleshooter import snapshot  # noqa: E402
from troubleshooter.content import files as contentfiles  # noqa: E402
from troubleshooter.content import sync  # noqa: E402
from troubleshooter.engine import diagnose, guide, intake  # noqa: E402
from troubleshooter.engine.redact import redact  # noqa: E402
from troubleshooter.evaluation import cases as evaluation  # noqa: E402
from troubleshooter.evaluation import walks  # noqa: E402
from troubleshooter.models import Cause, StatusCode  # noqa: E402


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(function, repeat=1):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return result, times


def main(pages=True):
    logging.getLogger("django").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    files = len(list((settings.CONTENT_DIR / "codes").glob("*.md")))
    _, first = timed(lambda: sync.load(settings.CONTENT_DIR))
    _, second = timed(lambda: sync.load(settings.CONTENT_DIR), repeat=5)
    _, parse = timed(lambda: contentfiles.read_content(settings.CONTENT_DIR), repeat=5)
    print(
        f"content: {files} files, {StatusCode.objects.count()} codes, {Cause.objects.count()} causes"
    )
    print(f"load_content, empty database:   {first[0] * 1000:7.1f} ms")
    print(
        f"load_content, unchanged files:  {statistics.median(second) * 1000:7.1f} ms (median of 5)"
    )
    print(
        f"parse and validate all files:   {statistics.median(parse) * 1000:7.1f} ms (median of 5)"
    )
    if not pages:
        return
    client = Client()
    pages = ["/", "/?class=4"] + [
        f"/{c}/" for c in StatusCode.objects.values_list("code", flat=True)
    ]
    pages.append("/299/")
    rows = []
    for url in pages:
        client.get(url)  # warm up
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            response = client.get(url)
        _, times = timed(lambda url=url: client.get(url), repeat=20)
        rows.append(
            (
                url,
                response.status_code,
                queries.count,
                statistics.median(times) * 1000,
                len(response.content),
            )
        )
    print(f"\n{'page':<12} {'status':>6} {'queries':>7} {'median ms':>9} {'bytes':>7}")
    for url, status, queries, ms, size in rows:
        print(f"{url:<12} {status:>6} {queries:>7} {ms:>9.2f} {size:>7}")
    query_counts = sorted({row[2] for row in rows[2:-1]})
    print(
        f"\ncode pages: queries per page {query_counts}, median {statistics.median(r[3] for r in rows[2:-1]):.2f} ms"
    )


def synthetic(real, factor, seed=7):
    """`factor` times the real causes: copies spread over new codes, profiles reshuffled."""
    rng = random.Random(seed)
    questions = [q for q in real.questions if not (q.on_first_screen or q.is_response)]
    causes = []
    for copy in range(factor):
        for cause in real.causes:
            profile = {
                q.slug: frozenset(
                    rng.sample([a for a, _ in q.answers], rng.randint(1, len(q.answers) - 1))
                )
                for q in rng.sample(questions, rng.randint(3, 7))
            }
            code = 100 + (cause.code + copy * 37) % 500
            causes.append(
                guide.Cause(
                    f"{code}/{cause.slug}-{copy}",
                    code,
                    cause.phrase,
                    cause.slug,
                    cause.title,
                    profile,
                    platforms=cause.platforms,
                    commonness=cause.commonness,
                )
            )
    return guide.GuideContent.build(real.questions, causes)


def walk(content, target):
    """The states of a walk that starts with the target's code and answers from its profile."""
    pairs = [("status", str(target.code)), ("platform", guide.UNSURE)]
    states = [list(pairs)]
    while True:
        step = guide.step(content, pairs)
        if step.question is None:
            return states
        allowed = target.profile.get(step.question.slug)
        pairs = guide.with_answer(
            pairs, step.question.slug, sorted(allowed)[0] if allowed else guide.UNSURE
        )
        states.append(list(pairs))


def bench_guide():
    snap = snapshot.current()
    real = snap.guide
    print(f"\nguide: {len(real.causes)} causes, {len(real.questions)} questions")
    for label, data in (("real content", real), ("synthetic x10", synthetic(real, 10))):
        sample = random.Random(1).sample(data.causes, 60)
        walks_ = [walk(data, cause) for cause in sample]
        lengths = [len(w) - 1 for w in walks_]
        steps = [state for w in walks_ for state in w]
        _, times = timed(
            lambda steps=steps, data=data: [guide.step(data, s) for s in steps], repeat=3
        )
        per_step = min(times) / len(steps) * 1000
        print(
            f"{label:<14} causes {len(data.causes):5}: walks of 60 causes answer "
            f"{statistics.mean(lengths):.2f} questions on average, worst {max(lengths)}; "
            f"engine {per_step:.2f} ms per step ({len(steps)} steps)"
        )
    cases = [
        c
        for c in evaluation.read_cases(settings.BASE_DIR / "tests" / "cases")
        if c.kind == "description"
    ]
    texts = [intake.start(snap, c.symptom).text for c in cases]
    _, times = timed(lambda: [intake.read_evidence(snap, t) for t in texts], repeat=3)
    print(
        f"the text's evidence, read on the first guide request with that text (later steps "
        f"reuse it): {min(times) / len(texts) * 1000:.2f} ms ({len(texts)} case texts)"
    )
    _, times = timed(lambda: walks.run(cases, snap), repeat=1)
    print(f"scripted walks of the {len(cases)} description cases: {times[0]:.1f} s in all")
    _, built = timed(lambda: snapshot.build(snapshot.content_version()), repeat=3)
    print(
        f"building the snapshot (guide, diagnosis, search) from the database: {min(built) * 1000:.1f} ms (done once per change)"
    )


def bench_diagnose():
    index = snapshot.current().diagnose
    line = '203.0.113.9 - - [10/Oct/2025:13:55:36 +0000] "GET /api/report HTTP/1.1" 499 0 "-" "curl/8"\n'
    pastes = {
        "64 KB access log": (line * 1000)[: diagnose.MAX_INPUT],
        "64 KB of one line": ("x" * diagnose.MAX_INPUT),
        "curl -v response": "< HTTP/2 502\n< server: cloudflare\n< cf-ray: 8a1b-AMS\n" * 3,
    }
    words = " ".join(
        case.symptom for case in evaluation.read_cases(settings.BASE_DIR / "tests" / "cases")
    )
    pastes["64 KB of real cases"] = (words * 3)[: diagnose.MAX_INPUT]
    print()
    for label, text in pastes.items():
        _, times = timed(lambda text=text: diagnose.diagnose(text, index), repeat=5)
        _, both = timed(lambda text=text: diagnose.diagnose(redact(text).text, index), repeat=5)
        print(
            f"diagnose, {label:<20} {len(text):6} chars: {statistics.median(times) * 1000:7.1f} ms"
            f" (with redaction first, as the page does: {statistics.median(both) * 1000:.1f} ms)"
        )


def bench_har():
    """The server's part of reading a 50 MB HAR file: the browser has already parsed and
    sanitized it and sends what is left (the test suite checks what it answers, this how long)."""
    import json

    from tests.har_files import synthetic_har
    from troubleshooter.engine.har import parse, sanitize

    text, _secrets = synthetic_har(50 * 1024 * 1024)
    body = json.dumps({"meta": {"file_size": len(text)}, "har": sanitize(parse(text.encode())).har})
    client = Client()

    def post():
        response = client.post(
            "/har/", body, content_type="application/json", headers={"HX-Request": "true"}
        )
        assert response.status_code == 200, response.status_code

    _, times = timed(post, repeat=3)
    print(
        f"\nHAR, the server's part of a 50 MB file ({len(body) / 1e6:.1f} MB sent): "
        f"{statistics.median(times) * 1000:.0f} ms (median of 3; the aim: under 1 s)"
    )


if __name__ == "__main__":
    # BENCH_PARTS="guide diagnose" runs only those parts (after loading the content).
    parts = os.environ.get("BENCH_PARTS", "pages guide diagnose har").split()
    main(pages="pages" in parts)
    if "guide" in parts:
        bench_guide()
    if "diagnose" in parts:
        bench_diagnose()
    if "har" in parts:
        bench_har()
