"""What staff save is made safe and kept valid: a saved row stores sanitized HTML, and model
validation (which the admin forms run) refuses text that would break the content files."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import CauseFactory, StatusCodeFactory


@pytest.mark.django_db
def test_saving_a_model_stores_sanitized_html():
    code = StatusCodeFactory(explanation='Fine <script>alert("x")</script> [a](javascript:void(0))')
    assert "<script" not in code.explanation_html
    assert "javascript:" not in code.explanation_html
    cause = CauseFactory(status_code=code, fix_client='<iframe src="x"></iframe>Use **this**.')
    assert "<iframe" not in cause.fix_client_html
    assert "<strong>this</strong>" in cause.fix_client_html


@pytest.mark.django_db
def test_model_validation_rejects_text_that_would_break_the_files():
    code = StatusCodeFactory()
    cause = CauseFactory(status_code=code)
    cause.confirm = "## Not allowed here"
    cause.title = "two\nlines"
    cause.signals = "a | b"
    cause.slug = "Bad Slug"
    with pytest.raises(ValidationError) as error:
        cause.full_clean()
    assert set(error.value.message_dict) >= {"confirm", "title", "signals", "slug"}
