"""Which question to ask next: the one with the largest expected information gain over the
leaders (the causes holding most of the probability), among those whose answer could change
the first cause or the top three; and the check that best tells the first two apart."""

import math

import numpy as np

from troubleshooter.engine.guide.likelihoods import answer_probabilities
from troubleshooter.engine.guide.model import NONE_OF, NONE_OF_LABEL, Check, platform_asked
from troubleshooter.engine.platforms import LAYERS, layers_of

LEAD_MASS = 0.95  # the leaders: the causes holding this share of the probability...
MIN_LEADERS, MAX_LEADERS = 3, 12  # ... at least and at most this many
MIN_GAIN = 0.02  # bits; below this a question would change (almost) nothing
CHECKED = 8  # questions (best gain first) checked for whether an answer changes the top three
MIN_PLATFORM_SHARE = 0.4  # a platform's question is not asked when its causes lead less
PLAUSIBLE = 0.4  # a question whose answer changes the top three less likely than this is not asked
ANY_CHANCE = 1e-6  # after "ask me more": any chance of changing the top three is enough
GAIN_DECIMALS = 12  # equal gains stay equal, so ties go to the earlier question
# The platform question is asked at a step (the first screen having left it open) when causes
# tied to products nobody named hold this share of the leaders: simulated users met IIS's
# application pool, a Slack app's 3-second deadline and an npm token leading texts that never
# named them, with no way to say so.
PLATFORM_ASK_SHARE = 0.3
MIN_OFFERED_SHARE = 0.02  # a platform is offered when its causes hold this share of them
MAX_OFFERED = 6  # platforms offered at most
MAX_OFFERED_LENGTH = 80  # characters of the "None of these" answer (steps.MAX_VALUE_LENGTH)


def leader_indices(ranking):
    """Content indices of the leaders and their weights (summing to 1)."""
    chosen, mass = [], 0.0
    for index in ranking.order[:MAX_LEADERS]:
        if mass >= LEAD_MASS and len(chosen) >= MIN_LEADERS:
            break
        chosen.append(int(index))
        mass += float(ranking.shares[index])
    weights = ranking.shares[chosen]
    total = weights.sum() or 1.0
    return np.array(chosen, dtype=np.int64), weights / total


def gains(tables, leaders, weights):
    """Information gain (bits) of every askable question (Tables.asked order)."""
    if not len(tables.asked):
        return np.zeros(0)
    mixture = weights @ tables.all_probabilities[leaders]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(mixture > 0, -mixture * np.log2(mixture), 0.0)
    mixed = np.add.reduceat(terms, tables.starts)
    conditional = weights @ tables.all_entropy[leaders]
    return np.round(np.maximum(mixed - conditional, 0.0), GAIN_DECIMALS)


def could_change_top(choice, ranking, leaders, weights, threshold=PLAUSIBLE):
    """Whether the answer to the question is likely enough to change the first cause or the
    top three: the answers that would change them must together be at least `threshold` likely
    (under the leaders)."""
    if len(ranking) < 2:
        return False
    scores = ranking.scores
    top = min(3, len(ranking))
    current = ranking.order[:top]
    mixture = weights @ choice.probabilities[leaders]
    after = scores[:, None] * choice.probabilities  # (causes, answers)
    chance = 0.0
    for answer, p in enumerate(mixture):
        if p <= 0:
            continue
        column = after[:, answer]
        best = top_indices(column, top)
        if best[0] != current[0] or set(best.tolist()) != set(current.tolist()):
            chance += p
            if chance >= threshold:
                return True
    return False


def top_indices(values, k):
    """The indices of the k largest values, best first (ties: the earlier index)."""
    if len(values) > k:
        part = np.argpartition(-values, k - 1)[:k]
        cutoff = values[part].min()
        part = np.flatnonzero(values >= cutoff)
    else:
        part = np.arange(len(values))
    ordered = part[np.lexsort((part, -values[part]))]
    return ordered[:k]


def on_platform_share(tables, question, leaders, weights, known):
    """How likely the reader can answer a platform's question (kubectl, Heroku's log codes)
    when they named no platform of its layer: the leaders' share on its platforms. A reader
    who named one of them can (1.0); one who named another was kept away (applies_to)."""
    mask = tables.on_platforms.get(question.slug)
    if mask is None or named_its_platform(question, known):
        return 1.0
    return max(float(weights @ mask[leaders]), 0.05)


def named_its_platform(question, known):
    """Whether the reader named one of the platforms a platform's question is for."""
    return known is not None and bool(known.platforms & set(question.applies["platform"]))


def concerns_either(tables, question, indices, known):
    """Whether a platform's question (GitHub's API error, IIS's substatus) can be a check
    between the causes at `indices`: one of them is that platform's, or the reader named it.
    Otherwise its "none of this" answer would tell them apart for a reader who has never used
    the platform (simulated users met GitHub's API error as the check on a WooCommerce site)."""
    mask = tables.on_platforms.get(question.slug)
    return mask is None or bool(mask[list(indices)].any()) or named_its_platform(question, known)


def platform_options(content, answered, ranking, known):
    """The platform question's options when it is worth asking at a step, else (): the
    platforms of the leading causes tied to products nobody named, most likely first, then
    "None of these" over all of them. It is asked once, after the first question at a step,
    and only when the first screen left the platform open."""
    question = content.platform_question
    if question is None or len(ranking) < 2 or platform_asked(answered):
        return ()
    if any(item.question.is_platform and item.known for item in answered):
        return ()
    if not any(not item.question.on_first_screen and not item.from_text for item in answered):
        return ()
    tables = content.tables
    leaders, weights = leader_indices(ranking)
    named = known.platforms if known is not None else frozenset()
    # A platform of a layer the text names is not offered (FastAPI named: not Flask or Go;
    # nginx named: not IIS), as a platform's own questions are not asked (Question.applies_to).
    named_layers = layers_of(named)
    offered, share = {}, 0.0
    for index, weight in zip(leaders.tolist(), weights.tolist(), strict=True):
        platforms = content.causes[index].platforms
        if tables.general[index] or platforms & named:
            continue
        platforms = {slug for slug in platforms if LAYERS.get(slug, "api") not in named_layers}
        if not platforms:
            continue
        share += weight
        for slug in platforms:
            offered[slug] = offered.get(slug, 0.0) + weight
    if share < PLATFORM_ASK_SHARE:
        return ()
    chosen, length = [], len(NONE_OF)
    for slug, weight in sorted(offered.items(), key=lambda item: (-item[1], item[0])):
        if weight < MIN_OFFERED_SHARE or slug not in question.index:
            continue
        if length + len(slug) + 1 > MAX_OFFERED_LENGTH or len(chosen) == MAX_OFFERED:
            break
        chosen.append(slug)
        length += len(slug) + 1
    if not chosen:
        return ()
    labels = dict(question.answers)
    return (
        *((slug, labels[slug]) for slug in chosen),
        (NONE_OF + ",".join(chosen), NONE_OF_LABEL),
    )


def next_question(content, answered, ranking, threshold=PLAUSIBLE, known=None):
    """The question to ask next, or None. `known` (model.Known) keeps away the questions that
    do not apply; a question's expected gain is discounted by the share of people who cannot
    answer it ("Not sure")."""
    tables = content.tables
    if not len(tables.asked) or not len(ranking):
        return None
    done = {item.question.slug for item in answered}
    leaders, weights = leader_indices(ranking)
    values = gains(tables, leaders, weights)
    candidates = sorted(
        (-round(float(gain) * (1 - choice.question.unsure_rate)
                * on_platform_share(tables, choice.question, leaders, weights, known),
                GAIN_DECIMALS),
         choice.question.position, choice.question.slug, i)
        for i, (choice, gain) in enumerate(zip(tables.asked, values, strict=True))
        if gain >= MIN_GAIN
        and choice.question.slug not in done
        and (known is None or choice.question.applies_to(known))
        and on_platform_share(tables, choice.question, leaders, weights, known) >= MIN_PLATFORM_SHARE
    )  # fmt: skip
    for _gain, _position, _slug, i in candidates[:CHECKED]:
        choice = tables.asked[i]
        if could_change_top(choice, ranking, leaders, weights, threshold):
            question = gate_first(choice.question, content, known, done)
            return response_first(question, content, known, done)
    return None


def gate_first(question, content, known, done):
    """`question`, unless whether it applies hangs on an earlier question nobody has answered
    yet (`after=` or `unless=`: "What kind of service are you calling?" before the server's
    logs or the provider's billing page): then that question comes first, when it may be
    asked and does not itself wait on `question`. It is asked for what it decides, even when
    it would not split the leaders."""
    if known is None:
        return question
    for slug in sorted(question.waits_on - set(known.answers) - done):
        gate = content.by_slug.get(slug)
        if gate is None or gate.on_first_screen or not gate.applies_to(known):
            continue
        if question.slug not in gate.waits_on:
            return gate
    return question


def response_first(question, content, known, done):
    """`question`, unless it is only for people who got a response (or only for those who got
    none: "What does the network error say?") while nobody knows yet whether one came back:
    then "Did an HTTP response come back?" comes first, when it may be asked. Like
    gate_first(), it is asked for what it decides (whether the questions about a response
    apply at all), even when it would not split the leaders."""
    if (
        known is None
        or not (question.presupposes_response or question.presupposes_no_response)
        or known.status is not None
        or known.status_classes
    ):
        return question
    response = content.response_question
    if (
        response is None
        or response.slug in done
        or response.slug in known.answers
        or not response.applies_to(known)
    ):
        return question
    return response


# The few places that work on Ranked items (a result's check, tests) -----------------------


def leaders(ranked):
    chosen, mass = [], 0.0
    for r in ranked[:MAX_LEADERS]:
        if mass >= LEAD_MASS and len(chosen) >= MIN_LEADERS:
            break
        chosen.append(r)
        mass += r.share
    return chosen


def normalised(ranked):
    total = sum(r.share for r in ranked) or 1.0
    return [(r, r.share / total) for r in ranked]


def entropy(probabilities):
    return -sum(p * math.log2(p) for p in probabilities if p > 0)


def information_gain(question, weighted):
    """Mutual information (bits) between the answer and the cause; `weighted` is [(Ranked,
    weight)] with weights summing to 1."""
    if len(question.answers) < 2 or question.on_first_screen:
        return 0.0
    n = len(question.answers)
    mixture, conditional = [0.0] * n, 0.0
    for r, weight in weighted:
        probabilities = answer_probabilities(r.cause, question)
        conditional += weight * entropy(probabilities)
        for i, p in enumerate(probabilities):
            mixture[i] += weight * p
    return round(max(entropy(mixture) - conditional, 0.0), GAIN_DECIMALS)


def separating_check(content, answered, first, second, known=None):
    """The unanswered (or "Not sure") question that best tells the first two causes apart,
    among those that apply: the information gain of every question at once, from the
    content's tables."""
    given = {item.question.slug for item in answered if item.known}
    best, best_gain = None, MIN_GAIN
    tables = content.tables
    if len(tables.asked):
        (_r1, w1), (_r2, w2) = normalised([first, second])
        one, two = first.cause.index, second.cause.index
        mixture = w1 * tables.all_probabilities[one] + w2 * tables.all_probabilities[two]
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(mixture > 0, -mixture * np.log2(mixture), 0.0)
        conditional = w1 * tables.all_entropy[one] + w2 * tables.all_entropy[two]
        values = np.round(
            np.maximum(np.add.reduceat(terms, tables.starts) - conditional, 0.0), GAIN_DECIMALS
        )
        for choice, gain in zip(tables.asked, values, strict=True):
            question = choice.question
            if question.slug in given:
                continue
            if known is not None and not question.applies_to(known):
                continue
            if not concerns_either(tables, question, (one, two), known):
                continue
            if gain > best_gain + 1e-9:
                best, best_gain = question, float(gain)
    if best is None:
        return None
    points, against = [], []
    for i, (slug, label) in enumerate(best.answers):
        p1 = answer_probabilities(first.cause, best)[i]
        p2 = answer_probabilities(second.cause, best)[i]
        if max(p1, p2) >= 1.5 * min(p1, p2):
            ranked, other = (first, second) if p1 > p2 else (second, first)
            allowed = ranked.cause.profile.get(best.slug)
            ruled_out = other.cause.profile.get(best.slug)
            if allowed is not None and slug in allowed:
                points.append((label, ranked))
            elif allowed is None and ruled_out is not None and slug not in ruled_out:
                # The favoured cause says nothing about the question: the answer only tells
                # against the other. An answer both profiles rule out points to neither ("a
                # request rate" named by the error is no sign of a conflict).
                against.append((label, other))
    if not points and not against:
        return None
    unsure = any(item.question.slug == best.slug for item in answered)
    return Check(best, tuple(points), tuple(against), unsure)
