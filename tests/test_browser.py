"""The pages in a real browser (Debian's Chromium through Playwright), with JavaScript on and
off, checked by axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def site(live_server):
    """The live server with the real content (transactional tests start from an empty table)."""
    call_command("load_content", verbosity=0)
    return live_server.url


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def assert_no_axe_violations_at(browser, url, **context_args):
    """axe-core is a script: for a page seen with JavaScript off, check the same URL with it on
    (the server sends the same HTML either way)."""
    context = browser.new_context(**context_args)
    try:
        page = context.new_page()
        page.goto(url)
        assert_no_axe_violations(page)
    finally:
        context.close()


def collect_console_errors(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_index_and_code_page_with_javascript(page, site):
    errors = collect_console_errors(page)
    page.goto(site + "/")
    assert page.title().startswith("HTTP status codes")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="5xx Server error").click()
    page.wait_for_url("**/?class=5")
    assert page.locator("#group-4").count() == 0
    page.get_by_role("link", name="503 Service Unavailable").click()
    page.wait_for_url("**/503/")
    assert page.get_by_role("heading", level=1).inner_text() == "503 Service Unavailable"
    assert page.locator(".cause").count() >= 3
    assert_no_axe_violations(page)
    assert errors == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_index_and_code_page_without_javascript(page, site, browser):
    page.set_default_timeout(10_000)
    page.goto(site + "/")
    page.get_by_role("link", name="401 Unauthorized").click()
    page.wait_for_url("**/401/")
    first_cause = page.locator(".toc a").first
    target = first_cause.get_attribute("href")
    first_cause.click()
    assert page.url.endswith(target)
    assert page.locator(target).is_visible()
    assert_no_axe_violations_at(browser, page.url)


@pytest.mark.browser_context_args(viewport=PHONE)
def test_pages_fit_a_phone_screen(page, site):
    for url in ("/", "/502/", "/200/"):
        page.goto(site + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px on a phone"
    assert_no_axe_violations(page)


def test_unknown_code_page_in_the_browser(page, site):
    response = page.goto(site + "/299/")
    assert response.status == 404
    assert "404 Not Found" in page.get_by_role("heading", level=1).inner_text()
    assert_no_axe_violations(page)
