"""Small model factories: the fewest fields a valid row needs, overridable by keyword."""


def make_code(**kwargs):
    from troubleshooter.models import StatusCode

    kwargs.setdefault("code", 298)
    kwargs.setdefault("phrase", "Test Phrase")
    kwargs.setdefault("spec", "RFC 9110, Section 15")
    kwargs.setdefault("summary", "A code made by a test.")
    kwargs.setdefault("explanation", "An *explanation*.")
    return StatusCode.objects.create(**kwargs)


def make_cause(status_code, **kwargs):
    from troubleshooter.models import Cause

    kwargs.setdefault("slug", f"cause-{status_code.causes.count() + 1}")
    kwargs.setdefault("title", "A cause")
    kwargs.setdefault("confirm", "Look at the logs.")
    kwargs.setdefault("fix_client", "Retry later.")
    kwargs.setdefault("fix_server", "Fix the server.")
    return Cause.objects.create(status_code=status_code, **kwargs)
