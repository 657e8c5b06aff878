"""HAR files (a browser's network log): read and checked (read.py), sanitized with the site's
redaction rules (sanitize.py, mirrored line by line in static/js/har-sanitize.js so a file can be
sanitized in the browser before anything is sent), read into entries (entries.py), searched for
what failed or looks wrong (findings.py) and explained with the site's diagnosis and guide
(explain.py). Plain Python over plain data; no Django.
"""

from troubleshooter.engine.har.read import MAX_ENTRIES, HarError, parse
from troubleshooter.engine.har.sanitize import Sanitized, sanitize

__all__ = ["MAX_ENTRIES", "HarError", "Sanitized", "parse", "sanitize"]
