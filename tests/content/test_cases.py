"""The case library (tests/cases): real symptoms from public reports, a fixed dev/test split,
and the diagnosis scored on it."""

import io
import json
from collections import Counter

import pytest
from django.conf import settings

from troubleshooter import snapshot
from troubleshooter.evaluation import cases as evaluation
from troubleshooter.format.schema import URL_RE

pytestmark = pytest.mark.content

ALL_CASES = evaluation.read_cases(settings.BASE_DIR / "tests" / "cases")
CASES = [case for case in ALL_CASES if case.split != "blind"]  # written and tuned in house
BLIND = [case for case in ALL_CASES if case.split == "blind"]


def test_the_library_is_large_and_varied():
    assert len(CASES) >= 250
    codes = {int(case.cause.split("/")[0]) for case in CASES}
    assert len(codes) >= 45 and 0 in codes
    assert any(code in codes for code in (419, 444, 460, 499, 520, 522, 524))  # vendor codes
    assert len({case.platform for case in CASES}) >= 25
    assert sum(case.tricky for case in CASES) >= 50
    assert set(Counter(case.kind for case in CASES)) == set(evaluation.KINDS)


def gap_joined():
    """The ids of the cases that joined the dev split whatever their hash, because causes were
    written from them (their `gap` field names the cause that was missing)."""
    return {case.id for case in CASES if case.gap}


def test_the_test_split_holds_at_least_forty_percent():
    """Of the cases split by the hash of their id; those joined to dev for the causes written
    from them stay out of the count, and every one of them is in dev."""
    joined = gap_joined()
    assert joined and all(case.split == "dev" for case in CASES if case.id in joined)
    splits = Counter(case.split for case in CASES if case.id not in joined)
    assert splits["test"] / sum(splits.values()) >= 0.40


def test_every_case_names_its_source_and_a_status_it_accepts():
    for case in CASES:
        assert URL_RE.match(case.source), case.id
        assert case.symptom.strip(), case.id
        if case.status is not None:
            assert case.status in case.acceptable, case.id
        assert not case.tricky or case.why_tricky, case.id


@pytest.mark.django_db
def test_every_case_reaches_a_cause_in_the_catalogue():
    keys = {cause.key for cause in snapshot.current().diagnose.causes}
    missing = [f"{case.id}: {case.cause}" for case in CASES if case.cause not in keys]
    assert missing == []
    # Blind cases may be catalogue gaps (no cause), but every cause they name exists.
    missing = [f"{case.id}: {key}" for case in BLIND for key in case.causes if key not in keys]
    assert missing == []


def test_the_blind_split_is_apart_from_the_rest():
    """Real reports gathered unseen: each names its status as acceptable, comes from a thread
    used by no in-house case, and a case whose text shows the status has a variant without."""
    assert len(BLIND) >= 200
    in_house = {case.source.split("#")[0].rstrip("/") for case in CASES}
    assert [c.id for c in BLIND if c.source.split("#")[0].rstrip("/") in in_house] == []
    assert sum(1 for c in BLIND if c.symptom_no_status) >= 100
    for case in BLIND:
        assert URL_RE.match(case.source), case.id
        if case.status is not None:
            assert case.status in case.acceptable, case.id


def test_a_malformed_case_is_reported_with_its_file_and_line(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(evaluation.CaseError, match=r"bad\.jsonl:1: missing kind"):
        evaluation.read_cases(tmp_path)


def test_ids_are_unique(tmp_path):
    path = settings.BASE_DIR / "tests" / "cases" / CASES[0].file
    first = path.read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "a.jsonl").write_text(first + "\n" + first + "\n", encoding="utf-8")
    with pytest.raises(evaluation.CaseError, match="is also at"):
        evaluation.read_cases(tmp_path)


@pytest.mark.django_db
def test_the_report_counts_every_case_once_per_split():
    index = snapshot.current().diagnose
    report = evaluation.Report.of(evaluation.run(CASES[:40], index))
    split_counts = Counter(case.split for case in CASES[:40])
    for split in evaluation.SPLITS:
        assert report.tally(split).n == split_counts[split]
    assert report.tally("all").n == 40


@pytest.mark.django_db
def test_evaluate_fails_below_the_required_share(tmp_path, capsys):
    from django.core.management import call_command

    case = CASES[0]
    wrong = {**case.__dict__, "acceptable": [599], "split": "test"}
    row = {key: wrong[key] for key in evaluation.REQUIRED}
    (tmp_path / "one.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("evaluate", cases=tmp_path, min_top1=0.85)
    assert exit_info.value.code == 1
    assert "FAILED: test top-1 0.0% < 85%" in capsys.readouterr().err


@pytest.mark.django_db
def test_what_people_know_are_answers_the_guide_accepts():
    import json

    content = snapshot.current().guide
    described = 0
    for path in sorted((settings.BASE_DIR / "tests" / "cases").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            if "knows" not in case:
                continue
            described += 1
            for question, answer in case["knows"].items():
                assert question in content.by_slug, (case["id"], question)
                accepted = dict(content.by_slug[question].answers)
                assert answer in accepted, (case["id"], question, answer)
    assert described >= 100


def test_the_reports_the_diagnosis_learns_from_are_the_dev_split_and_nothing_else(tmp_path):
    """engine/reports.jsonl is what `manage.py export_reports` writes from today's dev split:
    rerun it after editing a dev case. No test or blind case is in it."""
    from django.core.management import call_command

    from troubleshooter.engine import reports

    written = tmp_path / "reports.jsonl"
    call_command("export_reports", output=written, stdout=io.StringIO())
    assert written.read_text(encoding="utf-8") == reports.PATH.read_text(encoding="utf-8")
    ids = {report.id for report in reports.read()}
    dev = {case.id for case in ALL_CASES if case.split == "dev"}
    assert ids == dev
    assert not ids & {case.id for case in ALL_CASES if case.split != "dev"}


@pytest.mark.django_db
def test_a_dev_case_is_scored_without_its_own_report():
    """Left in, a dev case's own report would name its cause; the evaluation leaves it out, so
    dev figures say how the diagnosis does on a text it has not seen."""
    from troubleshooter.engine.words import words_of

    index = snapshot.current().diagnose
    case = next(
        c for c in CASES if c.split == "dev" and c.kind == "description" and len(c.symptom) > 80
    )
    (key,) = case.causes[:1]
    position = next(i for i, c in enumerate(index.causes) if c.key == key)
    words = set(words_of(case.symptom))
    assert index.reports.best(words).get(position, 0) > 0
    fair = evaluation.without_itself(case, index)
    own = index.reports.best(words)[position]
    assert fair.reports.best(words).get(position, 0) < own
    assert index.reports.best(words)[position] == own  # the shared index is untouched


@pytest.mark.django_db
def test_a_scripted_person_says_doesnt_apply_to_another_platforms_question():
    """The scripted walks answer a question about other platforms than the person's with its
    "there is none" answer, and their own platform's question "Not sure" when the case is
    silent on it."""
    from dataclasses import replace

    from troubleshooter.engine import guide
    from troubleshooter.evaluation import walks

    content = snapshot.current().guide
    question = next(
        q
        for q in content.questions
        if q.has_none and q.applies.get("platform") and not q.is_platform
    )
    theirs = question.applies["platform"][0]
    other = next(
        p for p in ("render", "netlify", "fly", "vercel") if p not in question.applies["platform"]
    )
    case = next(c for c in CASES if c.kind == "description")
    elsewhere = replace(case, knows={"platform": other})
    assert walks.answer_for(elsewhere, question) == guide.NONE
    at_home = replace(case, knows={"platform": theirs})
    assert walks.answer_for(at_home, question) == guide.UNSURE


@pytest.mark.django_db
def test_a_scripted_person_who_got_a_success_or_a_redirect_says_so():
    """ "Did a response come back?" answered "yes" by a case means an error for a 4xx or 5xx,
    and "no error" for a success or a redirect; "no" stays "no"."""
    from dataclasses import replace

    from troubleshooter.evaluation import walks

    question = next(q for q in snapshot.current().guide.questions if q.is_response)
    case = next(c for c in CASES if c.kind == "description")
    answers = {
        (status, said): walks.answer_for(
            replace(case, status=status, knows={"got-response": said}), question
        )
        for status, said in ((502, "yes"), (200, "yes"), (301, "yes"), (0, "no"))
    }
    assert answers == {
        (502, "yes"): "yes",
        (200, "yes"): "success",
        (301, "yes"): "success",
        (0, "no"): "no",
    }


@pytest.mark.django_db
def test_a_ranker_fitted_to_the_dev_split_reorders_only_the_first_candidates(tmp_path):
    """`manage.py learn_ranking` fits a ranker to the dev split; given one, the diagnosis
    reorders its first candidates and leaves the rest in the hand-set order. None ships
    today (see the README), so the hand-set order is what the site serves."""
    from dataclasses import replace

    from django.core.management import call_command

    from troubleshooter.engine import diagnose, rerank

    written = tmp_path / "rerank.json"
    call_command("learn_ranking", output=written, stdout=io.StringIO())
    model = rerank.Model.read(written)
    assert model is not None
    index = snapshot.current().diagnose
    assert index.ranker is None
    text = "HTTP/1.1 502 Bad Gateway\nServer: nginx\n\nupstream prematurely closed connection"
    learnt = [c.cause.key for c in diagnose.diagnose(text, replace(index, ranker=model)).candidates]
    hand = [c.cause.key for c in diagnose.diagnose(text, index).candidates]
    assert sorted(learnt[: rerank.TOP]) == sorted(hand[: rerank.TOP])
    assert learnt[rerank.TOP :] == hand[rerank.TOP :]


def perverse_ranker():
    """A ranker that prefers, above all, a cause of a code the text's status is not."""
    from troubleshooter.engine import rerank

    width = len(rerank.FEATURES)
    weights = [0.0] * width
    weights[rerank.FEATURES.index("the status is another code")] = 10.0
    weights[rerank.FEATURES.index("place")] = -1.0
    return rerank.Model((0.0,) * width, (1.0,) * width, tuple(weights))


@pytest.mark.django_db
def test_a_ranker_never_puts_another_code_before_the_status_the_text_shows():
    from dataclasses import replace

    from troubleshooter.engine import diagnose

    index = snapshot.current().diagnose
    index = replace(index, ranker=None)
    text = "HTTP/1.1 417 Expectation Failed\n\nupstream timed out (110: Connection timed out)"
    hand = diagnose.diagnose(text, index).candidates
    assert diagnose.answers_status(hand[0].cause, [417])
    assert any(not diagnose.answers_status(c.cause, [417]) for c in hand[:20])
    learnt = diagnose.diagnose(text, replace(index, ranker=perverse_ranker())).candidates
    serving = [diagnose.answers_status(c.cause, [417]) for c in learnt[:20]]
    assert serving == sorted(serving, reverse=True)  # every cause of the status first
    assert [c.cause.key for c in learnt] != [c.cause.key for c in hand]  # but reordered


@pytest.mark.django_db
def test_a_text_without_a_status_keeps_the_hand_set_order():
    from dataclasses import replace

    from troubleshooter.engine import diagnose

    index = replace(snapshot.current().diagnose, ranker=None)
    text = "our nginx proxy times out waiting for the app after exactly sixty seconds"
    hand = [c.cause.key for c in diagnose.diagnose(text, index).candidates]
    learnt = diagnose.diagnose(text, replace(index, ranker=perverse_ranker())).candidates
    assert [c.cause.key for c in learnt] == hand
