"""Score simulated users' walks of the guide against the labels of the cases they walked
(the blind split, or the test halves of the fresh rounds), which they never saw.

python3 tests/sim/score.py tests/sim/2026-12-06
"""

import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

CASES = Path(__file__).resolve().parent.parent / "cases"
LABELLED = (
    "blind.jsonl",
    "fresh2.jsonl",
    "fresh3.jsonl",
    "fresh4.jsonl",
    "fresh5.jsonl",
    "fresh6.jsonl",
    "fresh7.jsonl",
    "fresh8.jsonl",
    "fresh9.jsonl",
    "fresh10.jsonl",
    "fresh11.jsonl",
    "fresh12.jsonl",
    "fresh13.jsonl",
    "fresh14.jsonl",
    "fresh15.jsonl",
    "fresh16.jsonl",
    "fresh17.jsonl",
)


def main(folder):
    labels = {}
    for name in LABELLED:
        for line in (CASES / name).read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            labels[case["id"]] = case
    # Cases the library does not hold (a round's gaps, scored as they were labelled when walked)
    extra = Path(folder) / "labels.jsonl"
    if extra.exists():
        for line in extra.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            labels.setdefault(case["id"], case)
    walks = [
        json.loads(line)
        for path in sorted(Path(folder).glob("out-*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    by_mode = defaultdict(list)
    for walk in walks:
        by_mode[walk["mode"]].append(walk)
    for mode, found in sorted(by_mode.items()):
        n = len(found)
        code = sum(w["result_code"] in labels[w["id"]]["acceptable"] for w in found)
        cause = sum(
            bool(w["result_cause"]) and w["result_cause"] in labels[w["id"]]["causes"]
            for w in found
        )
        covered = [w for w in found if labels[w["id"]]["causes"]]
        cause_covered = sum(w["result_cause"] in labels[w["id"]]["causes"] for w in covered)
        asked = [w["questions"] for w in found]
        print(
            f"{mode}: {n} walks; code first {code / n:.0%}; cause first {cause / n:.0%} "
            f"({cause_covered}/{len(covered)} of the cases the catalogue covers); questions "
            f"median {statistics.median(asked)}, most {max(asked)}; 'Ask me more' followed in "
            f"{sum(1 for w in found if w['asked_more'])}"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent / "2026-12-06")
