"""Real reports whose cause was confirmed, as examples: a text that reads like one of them
points to that report's causes. The reports are the dev split of the case library
(tests/cases), exported to reports.jsonl next to this module by `manage.py export_reports`;
the test and blind splits never are. Plain Python over plain data.

Each report is a bag of words scored against the text with BM25 (the same weighting as the
causes' own words); a cause takes the score of its most similar report.
"""

import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from troubleshooter.engine.evidence import MAX_WORD_SCAN
from troubleshooter.engine.words import words_of

PATH = Path(__file__).with_name("reports.jsonl")
K1, B = 1.2, 0.75
# Words a text must share with a report before it reads like it: one rare word does not.
MIN_SHARED = 2


@dataclass(frozen=True)
class Report:
    id: str
    causes: tuple  # "code/slug" keys, the confirmed cause first
    text: str


def read(path=PATH):
    """The reports in `path` (one JSON object per line); none when the file is missing."""
    if not Path(path).exists():
        return []
    reports = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            reports.append(Report(data["id"], tuple(data["causes"]), data["text"]))
    return reports


def dump(reports):
    """reports.jsonl's text for `reports`, stable from one export to the next."""
    return "".join(
        json.dumps({"id": r.id, "causes": list(r.causes), "text": r.text}, ensure_ascii=False)
        + "\n"
        for r in reports
    )


@dataclass(frozen=True)
class Reports:
    """BM25 postings over the reports' words, for the causes of one index."""

    owners: tuple = ()  # per report: (report id, the positions of its causes in the index)
    # word -> (report numbers, weights): two numpy arrays, so a text's scores are one bincount
    postings: dict = field(default_factory=dict)
    excluded: frozenset = frozenset()  # report ids left out (scoring a case without itself)
    # (report numbers, cause positions) of every (report, cause) pair, flat, for best()
    pairs: tuple = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))

    @classmethod
    def build(cls, reports, positions):
        """`positions`: cause key -> its position in the index; reports of unknown causes
        only (a cause since deleted) are dropped."""
        kept = []
        for report in reports:
            known = tuple(positions[key] for key in report.causes if key in positions)
            if known:
                counts = {}
                for word in words_of(report.text[:MAX_WORD_SCAN]):
                    counts[word] = counts.get(word, 0) + 1
                kept.append((report.id, known, counts))
        if not kept:
            return cls()
        frequency = {}
        for _id, _known, counts in kept:
            for word in counts:
                frequency[word] = frequency.get(word, 0) + 1
        total = len(kept)
        average = sum(sum(c.values()) for _i, _k, c in kept) / total
        postings = {}
        for number, (_id, _known, counts) in enumerate(kept):
            norm = K1 * (1 - B + B * sum(counts.values()) / average)
            for word, tf in counts.items():
                idf = math.log(1 + (total - frequency[word] + 0.5) / (frequency[word] + 0.5))
                postings.setdefault(word, []).append((number, idf * tf * (K1 + 1) / (tf + norm)))
        pairs = [(number, at) for number, (_i, known, _c) in enumerate(kept) for at in known]
        return cls(
            tuple((i, known) for i, known, _c in kept),
            {word: arrays_of(found) for word, found in postings.items()},
            pairs=(
                np.array([number for number, _at in pairs], dtype=np.int64),
                np.array([at for _number, at in pairs], dtype=np.int64),
            ),
        )

    def without(self, ids):
        """The same reports less those with these ids."""
        return replace(self, excluded=self.excluded | frozenset(ids))

    def best(self, words, count=None):
        """{cause position: the score of its most similar report} for a text's `words`;
        with `count` (the number of causes), the same as an array over every cause (0 where
        no report reads like the text)."""
        size = len(self.owners)
        scores, hits = summed(self.postings, words, size)
        pair_reports, pair_causes = self.pairs
        best = np.zeros(count or 0)
        if len(hits) and len(pair_causes):
            eligible = np.bincount(hits, minlength=size) >= MIN_SHARED  # words shared
            if self.excluded:  # only when a case is scored without its own report
                for number, (report_id, _causes) in enumerate(self.owners):
                    if report_id in self.excluded:
                        eligible[number] = False
            chosen = eligible[pair_reports]
            best = np.zeros(max(int(pair_causes.max()) + 1, count or 0))
            np.maximum.at(best, pair_causes[chosen], scores[pair_reports[chosen]])
        if count is not None:
            return best[:count]
        return {int(at): float(best[at]) for at in np.flatnonzero(best)}


def summed(postings, words, size):
    """The postings (arrays_of()) of `words` summed per number, over `size` numbers, in the
    order of `words`; and every number they hold, once per word (for counting words shared)."""
    found = [postings[word] for word in words if word in postings]
    if not found:
        return np.zeros(size), np.zeros(0, dtype=np.int64)
    hits = np.concatenate([numbers for numbers, _weights in found])
    weights = np.concatenate([weights for _numbers, weights in found])
    return np.bincount(hits, weights=weights, minlength=size), hits


def arrays_of(found):
    """((number, weight), ...) as two numpy arrays."""
    return (
        np.array([number for number, _w in found], dtype=np.int64),
        np.array([weight for _n, weight in found], dtype=float),
    )
