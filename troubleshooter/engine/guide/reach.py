"""Reachability: walk the guide as a user with a given cause would, to check that the cause
comes out on top (tests and the admin's check after a save use it)."""

from troubleshooter.engine.guide.likelihoods import likelihood
from troubleshooter.engine.guide.model import UNSURE, first_screen_pairs
from troubleshooter.engine.guide.steps import MAX_MORE, step, with_answer


def favoured_answer(question, ranking, target_key):
    """The answer (or "Not sure") that raises the target's share most: for a question its
    profile leaves open, a user with that cause could give any of them."""
    target = ranking.content.by_key[target_key]
    score = float(ranking.scores[target.index])
    best, best_share = UNSURE, score / (float(ranking.scores.sum()) or 1.0)
    choice = ranking.content.tables.choices.get(question.slug)
    for answer, _label in question.answers:
        position = question.index[answer]
        if choice is not None:
            total = float(ranking.scores @ choice.probabilities[:, position])
        else:
            total = float(ranking.scores.sum()) / len(question.answers)
        share = score * likelihood(target, question, answer)[0] / (total or 1.0)
        if share > best_share + 1e-12:
            best, best_share = answer, share
    return best


def profile_walk(content, target, limit=MAX_MORE):
    """Walk the guide as a user with `target`'s cause: the first screen gives its code and
    platform; each question its profile answers gets its first allowed answer, any other the
    answer that favours it; at a result that is not the target, ask for more questions.
    Returns the last step; the target is reachable when it is that step's result. A cause
    tagged with several platforms (CloudFront and Lambda for Lambda@Edge) is reachable when a
    user naming one of them reaches it: each is tried in turn."""
    step_found = None
    for platform in sorted(target.platforms) or [UNSURE]:
        step_found = walk_from(content, target, platform, limit)
        if step_found.result is not None and step_found.result.cause.key == target.key:
            break
    return step_found


def walk_from(content, target, platform, limit):
    pairs = first_screen_pairs(content, str(target.code), platform)
    more = 0
    while True:
        result = step(content, pairs, more=more)
        if result.question is None:
            if (
                result.result.cause.key != target.key
                and result.more_possible
                and more < min(limit, MAX_MORE)
            ):
                more += 1
                continue
            return result
        question = result.question
        allowed = target.profile.get(question.slug)
        if question.is_platform:  # asked at a step: one of its platforms, or "None of these"
            offered = [slug for slug, _label in result.options]
            answer = next((slug for slug in offered if slug in target.platforms), offered[-1])
        elif allowed:
            answer = sorted(allowed)[0]
        else:
            answer = favoured_answer(question, result.ranked, target.key)
        pairs = with_answer(pairs, question.slug, answer)
