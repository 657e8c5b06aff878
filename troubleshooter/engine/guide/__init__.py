"""The guide's engine: plain functions over plain data, no database, request or URL.

model.py (the data and the immutable Step), likelihoods.py (how likely each answer is for each
cause, defined once and laid out as tables per content version), rank.py (every cause scored),
choose.py (the next question and the check), steps.py (one step), reach.py (reachability).
The guide shares its scoring model with the diagnosis (engine/scoring.py).
"""

from troubleshooter.engine.guide.choose import (
    information_gain,
    leaders,
    next_question,
    normalised,
    separating_check,
)
from troubleshooter.engine.guide.likelihoods import (
    MISS,
    answer_probabilities,
    likelihood,
    status_likelihood,
)
from troubleshooter.engine.guide.model import (
    FACT,
    IMPRESSION,
    LIKELY,
    NO_RESPONSE,
    NO_RESPONSE_LABEL,
    NO_TEXT,
    ONE_OF,
    SUCCESS,
    SUCCESS_LABEL,
    TOP_SHOWN,
    UNCLEAR,
    UNSURE,
    UNSURE_LABEL,
    Answered,
    Cause,
    Check,
    GuideContent,
    Question,
    Ranked,
    Step,
    TextEvidence,
    first_screen_pairs,
)
from troubleshooter.engine.guide.rank import rank
from troubleshooter.engine.guide.reach import favoured_answer, profile_walk
from troubleshooter.engine.guide.steps import (
    MAX_ANSWERS,
    MAX_ASKED,
    MAX_MORE,
    BadState,
    check_answers,
    step,
)

__all__ = [
    "FACT",
    "IMPRESSION",
    "LIKELY",
    "MAX_ANSWERS",
    "MAX_ASKED",
    "MAX_MORE",
    "MISS",
    "NO_RESPONSE",
    "NO_RESPONSE_LABEL",
    "NO_TEXT",
    "ONE_OF",
    "SUCCESS",
    "SUCCESS_LABEL",
    "TOP_SHOWN",
    "UNCLEAR",
    "UNSURE",
    "UNSURE_LABEL",
    "Answered",
    "BadState",
    "Cause",
    "Check",
    "GuideContent",
    "Question",
    "Ranked",
    "Step",
    "TextEvidence",
    "answer_probabilities",
    "check_answers",
    "favoured_answer",
    "first_screen_pairs",
    "information_gain",
    "leaders",
    "likelihood",
    "next_question",
    "normalised",
    "profile_walk",
    "rank",
    "separating_check",
    "status_likelihood",
    "step",
]
