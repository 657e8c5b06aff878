"""Every cause ranked for a set of answers: its prior (scoring.py), times the text's evidence,
times the likelihood of each answer (likelihoods.py), as sums of logarithms over the content's
tables. Shares are the normalised scores."""

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from troubleshooter.engine import scoring
from troubleshooter.engine.guide.likelihoods import STATUS_SEEN_AS
from troubleshooter.engine.guide.model import (
    FACT,
    NO_TEXT,
    TOP_SHOWN,
    Ranked,
    denied_platforms,
    named_platform,
)

TEMPERATURE = 1.0  # shares = score ** (1 / TEMPERATURE), normalised (fitted on the dev split)
ROUND = 12  # decimals kept of a log score, so equal scores stay equal (and in content order)


def picked_platforms(answered):
    """The platforms the person picked (on the first screen or at a step)."""
    return frozenset(filter(None, map(named_platform, answered)))


def denied(answered):
    """The platforms the person said the request does not go through ("None of these")."""
    found = set()
    for item in answered:
        if item.question.is_platform:
            found.update(denied_platforms(item.answer))
    return frozenset(found)


def picked_code(answered):
    for item in answered:
        if item.question.is_status and item.known and item.answer.isdigit():
            return int(item.answer)
    return None


def text_logs(content, evidence):
    """log of scoring.text_factor for every cause the text has evidence for, and of
    scoring.RULED_OUT for those it rules out."""
    if evidence.logs is not None and len(evidence.logs) == len(content.causes):
        return evidence.logs  # made once for the text (intake.read_evidence)
    scores = np.zeros(len(content.causes))
    for key, score in evidence.scores.items():
        cause = content.by_key.get(key)
        if cause is not None:
            scores[cause.index] = score
    against = [content.by_key[key].index for key in evidence.against if key in content.by_key]
    return log_factors(scores, against)


def log_factors(scores, against):
    """The text's log factor per cause from its evidence `scores` (an array in content order)
    and the positions of the causes it rules out: the log of scoring.text_factor, plus the log
    of scoring.RULED_OUT for those."""
    logs = np.minimum(np.maximum(scores, 0.0), scoring.TEXT_CAP) / scoring.TEXT_SCALE
    if len(against):
        logs[list(against)] += np.log(scoring.RULED_OUT)
    return logs


class Ranking(Sequence):
    """The causes best first, as Ranked items made when they are read, over score arrays kept
    in content order (`scores`, relative to the best, and `shares`)."""

    def __init__(self, content, answered, scores, tied, ruled_out=None):
        self.content = content
        self.answered = answered
        self.scores = scores
        total = scores.sum()
        self.shares = scores / total if total > 0 else scores
        if ruled_out is not None and ruled_out.any() and not ruled_out.all():
            # A cause that a fact the user gave rules out never comes before one that fits.
            self.order = np.lexsort((np.arange(len(scores)), -scores, ruled_out))
        else:
            self.order = np.argsort(-scores, kind="stable")
        self._items = {}
        self._tied = tied

    def __len__(self):
        return len(self.order)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        item = self._items.get(position)
        if item is None:
            index = int(self.order[position])
            item = Ranked(
                self.content.causes[index],
                float(self.scores[index]),
                against(self.content, self.answered, index),
                float(self.shares[index]),
                position in self._tied,
            )
            self._items[position] = item
        return item

    def item_for(self, key):
        """The Ranked item of the cause with this key (wherever it ranks), or None."""
        cause = self.content.by_key.get(key)
        if cause is None:
            return None
        position = int(np.flatnonzero(self.order == cause.index)[0])
        return self[position]

    def share_of_code(self, code):
        return float(self.shares[self.content.tables.codes == code].sum())


def against(content, answered, index):
    """The answers that count against the cause at `index`."""
    tables = content.tables
    found = []
    for item in answered:
        if item.question.is_platform:
            if denies(item, content.causes[index]):
                found.append(item)
            continue
        if not item.known:
            continue
        if item.question.is_status:
            column = tables.status_answers.get(item.answer)
            if column is not None and tables.status[index, column] < STATUS_SEEN_AS:
                found.append(item)
            continue
        choice = tables.choices.get(item.question.slug)
        position = item.question.index.get(item.answer)
        if choice is not None and position is not None and choice.against[index, position]:
            found.append(item)
    return tuple(found)


def denies(item, cause):
    """Whether the platform answer `item` ("None of these") names every platform of `cause`,
    a cause tied to a few platforms."""
    platforms = cause.platforms
    return 0 < len(platforms) <= scoring.BROAD_PLATFORMS and platforms <= set(
        denied_platforms(item.answer)
    )


def log_scores(content, answered, evidence=NO_TEXT):
    """Every cause's log score, in content order."""
    tables = content.tables
    chosen = picked_platforms(answered)
    named = frozenset(evidence.platforms) | chosen
    logs = np.log(tables.priors(named, picked_code(answered), chosen, denied(answered)))
    if evidence.scores or evidence.against:
        logs = logs + text_logs(content, evidence)
    for item in answered:
        if not item.known or item.question.is_platform:
            continue
        if item.question.is_status:
            column = tables.status_answers.get(item.answer)
            if column is not None:
                logs = logs + tables.status_logs[:, column]
            continue
        choice = tables.choices.get(item.question.slug)
        position = item.question.index.get(item.answer)
        if choice is None:  # no cause's profile mentions it: the same factor for all
            continue
        if position is not None:
            logs = logs + choice.logs[:, position]
    return logs


def ruled_out(content, answered):
    """The causes whose profile excludes a fact the user gave (a choice question of strength
    "fact"; a picked status stays strong evidence, never a filter)."""
    mask = np.zeros(len(content.causes), dtype=bool)
    for item in answered:
        if not item.known or item.question.strength != FACT or item.question.on_first_screen:
            continue
        choice = content.tables.choices.get(item.question.slug)
        position = item.question.index.get(item.answer)
        if choice is not None and position is not None:
            mask |= choice.against[:, position]
    return mask


def rank(content, answered, evidence=NO_TEXT):
    """Every cause with its score and share, best first (those a fact rules out last)."""
    if not content.causes:
        return Ranking(content, answered, np.zeros(0), set())
    logs = np.round(log_scores(content, answered, evidence), ROUND)
    scores = np.exp((logs - logs.max()) / TEMPERATURE)
    ranking = Ranking(content, answered, scores, set(), ruled_out(content, answered))
    head = [round(float(ranking.shares[i]) * 100) for i in ranking.order[: TOP_SHOWN + 3]]
    tied = set()
    for position, (before, after) in enumerate(pairwise(head)):
        if before == after and before > 0:
            tied.update((position, position + 1))
    ranking._tied = tied
    return ranking
