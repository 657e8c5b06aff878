"""A HAR file's bytes into its JSON, or a clear error saying what is wrong with it. The browser
(static/js/har-sanitize.js) gives the same messages for the same faults."""

import json

MAX_ENTRIES = 10_000  # requests read from one file; the rest are left out, and the page says so

MESSAGES = {
    "not-json": "This file is not JSON, so it is not a HAR file ({detail}).",
    "not-har": (
        "This JSON is not a HAR file: a HAR file holds an object “log” with a list “entries” "
        "(DevTools, Network, “Save all as HAR”)."
    ),
    "no-entries": (
        "This HAR file holds no requests. Open the network panel first, then reload the page "
        "and repeat what fails before saving the HAR."
    ),
    "too-deep": "This file nests its JSON too deeply to be a HAR file.",
}


class HarError(ValueError):
    """A file that cannot be read as a HAR; the message says why, for the page."""

    def __init__(self, key, **details):
        self.key = key
        super().__init__(MESSAGES[key].format(**details))


def reject_constant(name):
    raise ValueError(f"{name} is not allowed in JSON")


def parse(raw, envelope=False):
    """The HAR's JSON from bytes (UTF-8, as the browser decodes a file: a BOM is dropped and
    bytes that are not UTF-8 become U+FFFD) or text. Raises HarError. With `envelope`, the JSON
    is {"meta": …, "har": the HAR} (what the page's script sends) and is returned whole."""
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as error:
        detail = f"{error.msg} at line {error.lineno}, column {error.colno}"
        raise HarError("not-json", detail=detail) from None
    except RecursionError:
        raise HarError("too-deep") from None
    except ValueError as error:  # NaN, or an integer too long to convert
        raise HarError("not-json", detail=str(error)[:200]) from None
    if envelope:
        check(data.get("har") if isinstance(data, dict) else None)
        return data
    return check(data)


def check(data):
    log = data.get("log") if isinstance(data, dict) else None
    if not isinstance(log, dict) or not isinstance(log.get("entries"), list):
        raise HarError("not-har")
    if not any(isinstance(entry, dict) for entry in log["entries"]):
        raise HarError("no-entries")
    return data
