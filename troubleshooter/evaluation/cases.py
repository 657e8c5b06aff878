"""Score the diagnosis on the case library (tests/cases/*.jsonl): real symptoms from public
reports, each with the codes acceptable as a first answer and the cause it should reach.

A case is in the `dev` split (tune on it) or the `test` split (only ever score it). Plain
Python over plain data: the caller passes the diagnosis index.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from troubleshooter.engine import diagnose

KINDS = ("message", "log", "response", "description")
SPLITS = ("dev", "test")
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
    cause: str  # "502/upstream-not-listening"
    source: str
    split: str
    tricky: bool = False
    why_tricky: str = ""
    resolution: str = ""
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
            cases.append(
                Case(
                    id=data["id"],
                    kind=data["kind"],
                    platform=data["platform"],
                    symptom=data["symptom"],
                    status=data["status"],
                    acceptable=tuple(data["acceptable"]),
                    cause=data["cause"],
                    source=data["source"],
                    split=data["split"],
                    tricky=bool(data.get("tricky")),
                    why_tricky=data.get("why_tricky", ""),
                    resolution=data.get("resolution", ""),
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

    @property
    def cause1(self):
        return bool(self.causes) and self.causes[0] == self.case.cause

    @property
    def cause3(self):
        return self.case.cause in self.causes[:TOP]


def run(cases, index):
    outcomes = []
    for case in cases:
        result = diagnose.diagnose(case.symptom, index)
        top = result.candidates[:TOP]
        outcomes.append(Outcome(case, [c.cause.code for c in top], [c.cause.key for c in top]))
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
            for split in (case.split, "all"):
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


def table(report, dimension):
    """Rows of text: one per value of the dimension, the splits side by side."""
    head = f"{dimension:<16}" + "".join(
        f" | {split:<4}    n  top1  top3 cause1 cause3" for split in SPLITS
    )
    rows = [head, "-" * len(head)]
    for value in [*report.values(dimension), "all"]:
        cells = []
        for split in SPLITS:
            t = report.tally(split, *((dimension, value) if value != "all" else ("all", "all")))
            cells.append(
                f" | {'':<4} {t.n:4} {t.share('top1'):5.0%} {t.share('top3'):5.0%}"
                f" {t.share('cause1'):6.0%} {t.share('cause3'):6.0%}"
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
