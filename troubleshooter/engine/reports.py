"""Real reports whose cause was confirmed, as examples: a text that reads like one of them
points to that report's causes. The reports are the dev split of the case library
(tests/cases), exported to reports.jsonl next to this module by `manage.py export_reports`;
the test and blind splits never are. Plain Python over plain data.

Each report is a bag of words scored against the text with BM25 (the same weighting as the
causes' own words); a cause takes the score of its most similar report.
"""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

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
    postings: dict = field(default_factory=dict)  # word -> ((report number, weight), ...)
    excluded: frozenset = frozenset()  # report ids left out (scoring a case without itself)

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
        return cls(
            tuple((i, known) for i, known, _c in kept),
            {word: tuple(found) for word, found in postings.items()},
        )

    def without(self, ids):
        """The same reports less those with these ids."""
        return Reports(self.owners, self.postings, self.excluded | frozenset(ids))

    def best(self, words):
        """{cause position: the score of its most similar report} for a text's `words`."""
        scores, shared = {}, {}
        for word in words:
            for number, weight in self.postings.get(word, ()):
                scores[number] = scores.get(number, 0.0) + weight
                shared[number] = shared.get(number, 0) + 1
        best = {}
        for number, score in scores.items():
            report_id, positions = self.owners[number]
            if report_id in self.excluded or shared[number] < MIN_SHARED:
                continue
            for position in positions:
                if score > best.get(position, 0.0):
                    best[position] = score
        return best
