"""Thin views by page: read the request (through web/forms.py), take the content snapshot or
the rows the page needs in a fixed number of queries, call an engine, render.

reference.py (index, code pages, JSON, search), guide.py, diagnose.py, timeouts.py, har.py,
feedback.py; base.py holds what they share.
"""
