"""A ranking learnt from data: the diagnosis' hand-set scoring puts its candidates in order,
then a linear model over what it computed along the way (the score itself, the kinds of
evidence, the words shared with the cause and with confirmed reports, how the cause stands to
the status, its prior's parts) reorders the first few. The weights are fitted to the dev split
of the case library (`manage.py learn_ranking`, softmax over each case's candidates) and kept
in rerank.json next to this module. Plain Python and numpy.
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from troubleshooter.engine import scoring

PATH = Path(__file__).with_name("rerank.json")
TOP = 20  # candidates reordered; the rest keep the hand-set order after them
FEATURES = (
    "log score",
    "place",  # 1 / (1 + the hand-set place)
    "signals",
    "status texts",
    "described phrases",
    "words",
    "like a report",
    "the first status is its code",
    "a later status is its code",
    "the status is a code it is seen as",
    "the status is another code",
    "the phrase names its code",
    "no status at all",
    "no response",
    "common",
    "rare",
    "on a named platform",
    "on another platform of its layer",
    "tagged, no platform named",
    "untagged",
    "vendor code",
    "the text's answers",
    "broad",
)


@dataclass(frozen=True)
class Model:
    mean: tuple
    scale: tuple
    weights: tuple

    @classmethod
    def read(cls, path=PATH):
        """The model in `path`, or None when there is none (the hand-set order stands)."""
        if not Path(path).exists():
            return None
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            return None  # fitted to other features: refit with manage.py learn_ranking
        return cls(tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]))

    def dump(self):
        return (
            json.dumps(
                {
                    "features": list(FEATURES),
                    "mean": [round(x, 6) for x in self.mean],
                    "scale": [round(x, 6) for x in self.scale],
                    "weights": [round(x, 6) for x in self.weights],
                },
                indent=1,
            )
            + "\n"
        )

    def order(self, rows):
        """The positions of `rows` (one feature row per candidate), best first."""
        values = (np.asarray(rows) - np.asarray(self.mean)) / np.asarray(self.scale)
        scores = values @ np.asarray(self.weights)
        return [int(i) for i in np.argsort(-scores, kind="stable")]


def features(candidates, statuses, named, named_platforms, answers_factor):
    """A row of FEATURES for each candidate, in their hand-set order. `answers_factor(cause)`:
    how the text's answers bear on the cause (diagnose.answers_factor)."""
    rows = []
    first = statuses[0] if statuses else None
    for place, candidate in enumerate(candidates):
        cause = candidate.cause
        kinds = [item.kind for item in candidate.evidence]
        factor = scoring.platform_factor(cause.platforms, named_platforms)
        general = not cause.platforms or len(cause.platforms) > scoring.BROAD_PLATFORMS
        rows.append(
            [
                math.log(max(candidate.score, 1e-6)),
                1.0 / (1 + place),
                min(kinds.count("signal"), 3),
                min(kinds.count("status text"), 2),
                min(kinds.count("described"), 3),
                candidate.words,
                candidate.report,
                float(first is not None and cause.code == first),
                float(first is not None and cause.code in statuses[1:]),
                float(first is not None and first in cause.seen_as),
                float(
                    first is not None and cause.code not in statuses and first not in cause.seen_as
                ),
                float(cause.code in named),
                float(first is None and not named),
                float(cause.code == 0),
                float(cause.commonness == "common"),
                float(cause.commonness == "rare"),
                float(factor == scoring.PLATFORM_NAMED),
                float(factor == scoring.PLATFORM_OTHER),
                float(factor == scoring.PLATFORM_UNKNOWN),
                float(not cause.platforms),
                float(cause.vendor),
                math.log(answers_factor(cause)),
                float(general and bool(cause.platforms)),
            ]
        )
    return rows


def fit(groups, l2=0.01, steps=400, rate=0.1):
    """A Model from `groups`: (rows, whether each candidate's cause is one that fixes the case)
    for each case; groups whose candidates hold no right cause teach nothing and are skipped.
    Softmax over each group, plain gradient descent from zero: the same data gives the same
    model. None when no group can teach anything."""
    kept = [(np.asarray(rows, float), np.asarray(right, float)) for rows, right in groups]
    kept = [(rows, right) for rows, right in kept if len(rows) and right.any()]
    if not kept:
        return None
    stacked = np.vstack([rows for rows, _right in kept])
    mean = stacked.mean(axis=0)
    scale = stacked.std(axis=0) + 1e-6
    kept = [((rows - mean) / scale, right / right.sum()) for rows, right in kept]
    weights = np.zeros(stacked.shape[1])
    for _ in range(steps):
        gradient = l2 * weights
        for rows, target in kept:
            scores = rows @ weights
            odds = np.exp(scores - scores.max())
            gradient += rows.T @ (odds / odds.sum() - target) / len(kept)
        weights -= rate * gradient
    return Model(tuple(mean), tuple(scale), tuple(weights))
