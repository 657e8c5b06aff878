"""“Did this fix it?” in a real browser (Debian's Chromium through Playwright), with JavaScript
on and off: on a code's page, inside the guide's panel, and its rate limit."""

import pytest
from playwright.sync_api import expect

from tests.helpers import assert_no_axe_violations, collect_console_errors
from troubleshooter.models import Cause, Feedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_did_this_fix_it_with_htmx_swaps_in_place(page, site):
    errors = collect_console_errors(page)
    page.set_default_timeout(10_000)
    page.goto(site + "/503/")
    page.evaluate("window.pageMarker = 'same document'")
    cause = page.locator("section.cause#maintenance-mode")
    cause.get_by_role("button", name="No").click()
    expect(cause.locator(".feedback-result")).to_contain_text("your answer was counted")
    assert page.evaluate("window.pageMarker") == "same document"
    assert page.url == site + "/503/"
    assert (
        page.locator("form.feedback").count()
        == Cause.objects.filter(status_code__code=503).count() - 1
    )
    row = Feedback.objects.get(cause__slug="maintenance-mode", cause__status_code__code=503)
    assert (row.helpful, row.not_helpful, row.guide_path) == (0, 1, "")
    assert_no_axe_violations(page)

    page.reload()  # the shared page still asks; the second answer today is not counted
    page.locator("section.cause#maintenance-mode").get_by_role("button", name="Yes").click()
    expect(page.locator("#maintenance-mode .feedback-result")).to_contain_text("already answered")
    row.refresh_from_db()
    assert (row.helpful, row.not_helpful) == (0, 1)
    assert errors == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_did_this_fix_it_without_javascript(page, site):
    page.set_default_timeout(10_000)
    page.goto(site + "/503/")
    page.locator("section.cause#maintenance-mode").get_by_role("button", name="Yes").click()
    page.wait_for_url("**/feedback/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thanks for your answer")
    page.get_by_role("link", name="Back to 503").click()
    page.wait_for_url("**/503/#maintenance-mode")
    row = Feedback.objects.get(cause__slug="maintenance-mode", cause__status_code__code=503)
    assert (row.helpful, row.not_helpful) == (1, 0)


def test_rate_limit_in_the_browser(page, site, settings):
    settings.FEEDBACK_RATE = (2, 3600)
    page.set_default_timeout(10_000)
    page.goto(site + "/503/")
    forms = page.locator("form.feedback")
    for index in range(3):
        forms.first.get_by_role("button", name="Yes").click()
        page.locator(".feedback-result").nth(index).wait_for()
    results = page.locator(".feedback-result").all_inner_texts()
    assert "counted" in results[0] and "counted" in results[1]
    assert "Too many answers" in results[2]
    assert sum(r.helpful for r in Feedback.objects.all()) == 2


def test_did_this_fix_it_inside_the_guides_panel(page, site):
    """The guide's result carries the form; the panel's own hx-target and hx-push-url must not
    capture it, and the vote is counted with the guide's answers (not the user's text)."""
    from troubleshooter.engine import guide
    from troubleshooter.snapshot import current
    from troubleshooter.web import guide_state

    content = current().guide
    pairs = [("status", "503"), ("platform", "unsure")]
    step = guide.step(content, pairs, text="the site shows a maintenance page", done=True)
    page.set_default_timeout(10_000)
    page.goto(f"{site}/guide/?{guide_state.query(step.pairs, step.text, done=True)}")
    url = page.url
    page.locator("#guide-panel form.feedback").get_by_role("button", name="Yes").click()
    expect(page.locator("#guide-panel .feedback-result")).to_contain_text("was counted")
    assert page.url == url  # no history entry for the answer
    assert page.locator("#guide-panel #result-title").count() == 1  # the panel stays
    row = Feedback.objects.get()
    assert row.guide_path == " ".join(map(guide_state.pair_text, step.pairs)) and row.helpful == 1
