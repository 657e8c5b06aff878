"""Confirmed reports as examples (engine/reports.py): a text that reads like a report points to
its causes, and only to causes the index knows."""

from troubleshooter.engine import reports
from troubleshooter.engine.words import words_of

REPORTS = [
    reports.Report("a", ("502/keepalive", "502/other"), "random 502 from the ALB after idle"),
    reports.Report("b", ("413/proxy",), "upload of a big video fails at the ingress"),
    reports.Report("c", ("404/gone",), "a cause since deleted from the catalogue"),
]
POSITIONS = {"502/keepalive": 0, "502/other": 1, "413/proxy": 2}


def test_a_text_like_a_report_points_to_its_causes():
    index = reports.Reports.build(REPORTS, POSITIONS)
    best = index.best(set(words_of("large video upload fails behind the ingress")))
    assert set(best) == {2}
    best = index.best(set(words_of("the ALB gives a 502 now and then, after idle")))
    assert set(best) == {0, 1} and best[0] == best[1] > 0


def test_one_shared_word_is_not_enough_to_read_like_a_report():
    index = reports.Reports.build(REPORTS, POSITIONS)
    assert index.best(set(words_of("the video is rejected"))) == {}
    assert set(index.best(set(words_of("the video upload is rejected")))) == {2}


def test_reports_of_unknown_causes_are_dropped_and_without_leaves_one_out():
    index = reports.Reports.build(REPORTS, POSITIONS)
    assert [owner for owner, _positions in index.owners] == ["a", "b"]
    words = set(words_of("upload of a big video fails at the ingress"))
    assert index.without({"b"}).best(words) == {}
    assert index.best(words)[2] > 0


def test_the_file_round_trips(tmp_path):
    path = tmp_path / "reports.jsonl"
    path.write_text(reports.dump(REPORTS), encoding="utf-8")
    assert reports.read(path) == REPORTS
    assert reports.read(tmp_path / "missing.jsonl") == []
