"""The scoring model the guide and the diagnosis share: how likely a cause is before any
answer (its prior), from how common it is, the platforms the user named and how often its
code is met. Plain Python, no database.

The diagnosis multiplies this prior into its evidence score; the guide multiplies it by the
text's evidence and by the likelihood of each answer (engine/guide/).
"""

import math

from troubleshooter.engine.platforms import layers_of

# How often people meet a cause among the causes of its code.
COMMONNESS_PRIOR = {"common": 1.0, "occasional": 0.85, "rare": 0.65, "": 0.85}
PLATFORM_NAMED = 1.2  # the user named (or the text fingerprints) one of the cause's platforms
PLATFORM_OTHER = 0.55  # the text names other platforms of the cause's layer, none of its own
PLATFORM_CHOSEN_OTHER = 0.25  # the user picked another platform of that layer themselves
PLATFORM_UNKNOWN = 0.9  # no platform named
# The same in the guide, where the answers rather than the text carry the ranking: a person who
# names no platform and answers "Not sure" is seldom on the one product a cause is tied to
# (Cloud Run's, Heroku's, a Telegram bot's), so such causes stay further down until the text
# or an answer names it. 0.6 was best of 0.4-0.9 on the dev split's scripted walks (cause first
# 58 -> 60%, with the status withheld 43 -> 45%); simulated users on fresh13 found these
# causes leading texts that never named their product.
GUIDE_PLATFORM_UNKNOWN = 0.6
# A platform of the same layer named in the text (nginx for an IIS cause): the diagnosis'
# ratio of PLATFORM_OTHER to PLATFORM_UNKNOWN. It was 0.55 as in the diagnosis, hardly below
# the guide's 0.6 for no platform, and simulated users met IIS's application pool leading a
# text about nginx.
GUIDE_PLATFORM_OTHER = 0.37
# The person said the request goes through none of a cause's platforms ("None of these").
GUIDE_PLATFORM_DENIED = 0.1
BROAD_PLATFORMS = 3  # a cause tagged with more platforms than this counts as general
VENDOR_PRIOR = 0.8  # vendor codes are met less often than registered ones
INFREQUENT_CODE_PRIOR = 0.85
# The codes developers meet most often; a cause of another code needs a little more evidence.
FREQUENT_CODES = frozenset(
    {0, 200, 301, 302, 304, 400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 429}
    | {500, 502, 503, 504}
)
TEXT_SCALE = 4.0  # the guide turns a diagnosis evidence score e into a factor exp(e / TEXT_SCALE)
TEXT_CAP = 40.0  # evidence beyond this adds nothing (one cause must not swamp every answer)
RULED_OUT = 0.2  # the text says what a cause's "not when" phrase says


def platform_factor(platforms, named):
    """`platforms`: the cause's tags; `named`: the platforms the user named or the text shows.
    Only a named platform of the same layer as the cause's (platforms.LAYERS) counts against
    it: an nginx in front says nothing about the application behind it."""
    if not platforms or len(platforms) > BROAD_PLATFORMS:
        return 1.0
    if platforms & named:
        return PLATFORM_NAMED
    if layers_of(named) & layers_of(platforms):
        return PLATFORM_OTHER
    return PLATFORM_UNKNOWN


def code_factor(code, vendor):
    if vendor:
        return VENDOR_PRIOR
    return 1.0 if code in FREQUENT_CODES else INFREQUENT_CODE_PRIOR


def prior(commonness, platforms, named, code, vendor, code_known=False):
    """A cause's prior. `code_known`: the user's status is this cause's code, so how often the
    code is met no longer matters."""
    factor = COMMONNESS_PRIOR.get(commonness, COMMONNESS_PRIOR[""])
    factor *= platform_factor(platforms, named)
    if not code_known:
        factor *= code_factor(code, vendor)
    return factor


def text_factor(evidence):
    """How much the text's evidence for a cause (a diagnosis score) multiplies its odds."""
    return math.exp(min(max(evidence, 0.0), TEXT_CAP) / TEXT_SCALE)
