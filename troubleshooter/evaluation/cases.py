"""Score the diagnosis on the case library (tests/cases/*.jsonl): real symptoms from public
reports, each with the codes acceptable as a first answer and the cause it should reach.

A case is in the `dev` split (tune on it), the `test` split (only ever score it) or the
`blind` split: gathered by people who never saw the catalogue or the signals, from sources not
used before, labelled by a second reader, never tuned on and scored only on request. A case
names every cause whose fix would solve it (`causes`); a blind case whose cause the catalogue
lacks names none and counts as a miss at the cause level. A case whose text shows its status
may carry the same text without it (`symptom_no_status`), scored as a variant to measure how
well the status is inferred. Plain Python over plain data: the caller passes the diagnosis
index.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from troubleshooter.engine import diagnose, rerank

KINDS = ("message", "log", "response", "description")
SPLITS = ("dev", "test", "blind")
TOP = 3
REQUIRED = ("id", "kind", "platform", "symptom", "status", "acceptable", "cause", "source", "split")


class CaseError(ValueError):
    pass


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    platform: str
    symptom: str
    status: int | None
    acceptable: tuple
    cause: str  # "502/upstream-not-listening": the best match ("" for a catalogue gap)
    source: str
    split: str
    causes: tuple = ()  # every acceptable cause, the best first
    status_visible: bool | None = None  # the status shows in the text (None: not recorded)
    symptom_no_status: str = ""  # the same text without its status, when it shows one
    variant: str = ""  # "no status" for the variant made from symptom_no_status
    tricky: bool = False
    why_tricky: str = ""
    resolution: str = ""
    gap: str = ""  # the cause that was missing when the case was gathered (written from it since)
    knows: dict = field(default_factory=dict, compare=False)  # guide answers the person knew
    file: str = ""
    line: int = 0


def read_cases(folder):
    """Every case in folder/*.jsonl; raise CaseError naming the file and line of a bad one."""
    cases, seen = [], {}
    for path in sorted(Path(folder).glob("*.jsonl")):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as error:
                raise CaseError(f"{where}: not JSON ({error.msg})") from None
            missing = [key for key in REQUIRED if key not in data]
            if missing:
                raise CaseError(f"{where}: missing {', '.join(missing)}")
            if data["kind"] not in KINDS or data["split"] not in SPLITS:
                raise CaseError(f"{where}: kind must be one of {KINDS}, split one of {SPLITS}")
            if not data["acceptable"] or not all(isinstance(c, int) for c in data["acceptable"]):
                raise CaseError(f"{where}: acceptable must list status codes")
            if data["id"] in seen:
                raise CaseError(f"{where}: id {data['id']} is also at {seen[data['id']]}")
            seen[data["id"]] = where
            causes = tuple(data.get("causes") or ([data["cause"]] if data.get("cause") else []))
            cases.append(
                Case(
                    id=data["id"],
                    kind=data["kind"],
                    platform=data["platform"],
                    symptom=data["symptom"],
                    status=data["status"],
                    acceptable=tuple(data["acceptable"]),
                    cause=causes[0] if causes else "",
                    source=data["source"],
                    split=data["split"],
                    causes=causes,
                    status_visible=data.get("status_visible"),
                    symptom_no_status=data.get("symptom_no_status") or "",
                    tricky=bool(data.get("tricky")),
                    why_tricky=data.get("why_tricky", ""),
                    resolution=data.get("resolution", ""),
                    gap=data.get("gap", ""),
                    knows=dict(data.get("knows") or {}),
                    file=path.name,
                    line=number,
                )
            )
    return cases


@dataclass
class Outcome:
    case: Case
    codes: list  # codes of the first candidates, in order
    causes: list  # keys of the first candidates

    @property
    def top1(self):
        return bool(self.codes) and self.codes[0] in self.case.acceptable

    @property
    def top3(self):
        return any(code in self.case.acceptable for code in self.codes[:TOP])

    visible: bool = False  # the status shows in the text scored

    @property
    def cause1(self):
        return bool(self.causes) and self.causes[0] in self.case.causes

    @property
    def cause3(self):
        return any(key in self.case.causes for key in self.causes[:TOP])


def variants(case):
    """The case, and for a case whose text shows its status, the same text without it."""
    yield case
    if case.symptom_no_status:
        yield replace(
            case,
            id=f"{case.id}~no-status",
            symptom=case.symptom_no_status,
            status_visible=False,
            symptom_no_status="",
            variant="no status",
        )


def without_itself(case, index):
    """The index less the case's own report: a dev case is among the reports the diagnosis
    learns from (engine/reports.py), and must be scored as if it were new."""
    return replace(index, reports=index.reports.without({case.id}))


def ranking_groups(cases, index):
    """For fitting a ranker (engine/rerank.py): each dev case's candidates in the hand-set
    order, scored without its own report, as (feature rows, whether each fixes the case)."""
    hand = replace(index, ranker=None)
    groups = []
    for case in cases:
        if case.split != "dev" or not case.causes:
            continue
        fair = without_itself(case, hand)
        for scored in variants(case):
            probe = []
            diagnose.diagnose(scored.symptom, fair, probe)
            for candidates, rows in probe:
                groups.append((rows, [c.cause.key in case.causes for c in candidates]))
    return groups


FOLDS = 5


def fold_of(case):
    """The case's fold for scoring the dev split with a ranker fitted without it."""
    return int(hashlib.sha256(case.id.encode()).hexdigest(), 16) % FOLDS


def run_fair(cases, index):
    """run(), but each dev case is ranked by a ranker fitted to the other folds of the dev
    split (engine/rerank.py is fitted to all of it): dev figures stay figures on unseen text."""
    if index.ranker is None:
        return run(cases, index)
    dev = [case for case in cases if case.split == "dev"]
    outcomes = run([case for case in cases if case.split != "dev"], index)
    for fold in range(FOLDS):
        held = [case for case in dev if fold_of(case) == fold]
        others = [case for case in dev if fold_of(case) != fold]
        ranker = rerank.fit(ranking_groups(others, index))
        outcomes += run(held, replace(index, ranker=ranker))
    return outcomes


def run(cases, index):
    outcomes = []
    for case in cases:
        fair = without_itself(case, index)
        for scored in variants(case):
            result = diagnose.diagnose(scored.symptom, fair)
            top = result.candidates[:TOP]
            visible = (
                scored.status_visible
                if scored.status_visible is not None
                else bool(result.statuses or result.named_statuses)
            )
            outcomes.append(
                Outcome(scored, [c.cause.code for c in top], [c.cause.key for c in top], visible)
            )
    return outcomes


@dataclass
class Tally:
    n: int = 0
    top1: int = 0
    top3: int = 0
    cause1: int = 0
    cause3: int = 0

    def add(self, outcome):
        self.n += 1
        self.top1 += outcome.top1
        self.top3 += outcome.top3
        self.cause1 += outcome.cause1
        self.cause3 += outcome.cause3

    def share(self, name):
        return getattr(self, name) / self.n if self.n else 0.0


@dataclass
class Report:
    outcomes: list
    by: dict = field(default_factory=dict)  # (split, dimension, value) -> Tally

    @classmethod
    def of(cls, outcomes):
        by = defaultdict(Tally)
        for outcome in outcomes:
            case = outcome.case
            splits = (case.split,) if case.split == "blind" else (case.split, "all")
            for split in splits:
                by[(split, "status", "shown" if outcome.visible else "not shown")].add(outcome)
                if case.variant:
                    by[(split, "variant", case.variant)].add(outcome)
                    continue  # variants are reported on their own, not in the headline
                by[(split, "all", "all")].add(outcome)
                by[(split, "kind", case.kind)].add(outcome)
                by[(split, "platform", case.platform)].add(outcome)
                if case.tricky:
                    by[(split, "kind", "tricky")].add(outcome)
        return cls(outcomes, dict(by))

    def tally(self, split, dimension="all", value="all"):
        return self.by.get((split, dimension, value), Tally())

    def values(self, dimension):
        return sorted({value for _split, dim, value in self.by if dim == dimension})


def table(report, dimension, splits=("dev", "test")):
    """Rows of text: one per value of the dimension, the splits side by side; causes first (a
    cause whose fix would work), then codes."""
    head = f"{dimension:<16}" + "".join(
        f" | {split:<5}   n cause1 cause3  code1  code3" for split in splits
    )
    rows = [head, "-" * len(head)]
    for value in [*report.values(dimension), "all"]:
        cells = []
        for split in splits:
            t = report.tally(split, *((dimension, value) if value != "all" else ("all", "all")))
            cells.append(
                f" | {'':<5}{t.n:4} {t.share('cause1'):6.0%} {t.share('cause3'):6.0%}"
                f" {t.share('top1'):6.0%} {t.share('top3'):6.0%}"
            )
        rows.append(f"{value:<16}" + "".join(cells))
    return rows


def miss_lines(report, split):
    lines = []
    for outcome in report.outcomes:
        if outcome.case.split != split or outcome.top1:
            continue
        case = outcome.case
        got = ", ".join(outcome.causes) or "nothing"
        lines.append(
            f"{case.id} [{case.kind}/{case.platform}] want {list(case.acceptable)} "
            f"({case.cause}); got {got}"
        )
    return lines
