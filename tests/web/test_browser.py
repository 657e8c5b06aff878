"""The pages in a real browser (Debian's Chromium through Playwright), with JavaScript on and
off, checked by axe-core."""

from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.helpers import assert_no_axe_violations, collect_console_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


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


def walk_guide(page, answer_index=0, max_steps=12):
    """Click answers until a result shows; return the URLs after each click."""
    urls = []
    for _ in range(max_steps):
        if page.locator("#result-title").count():
            return urls
        number = int(page.locator(".question .step-count").inner_text().split()[-1])
        page.locator("a.answer").nth(answer_index).click()
        following = f"#result-title, .step-count:text-is('Question {number + 1}')"
        page.locator(following).first.wait_for()
        urls.append(page.url)
    raise AssertionError(f"no result after {max_steps} answers: {urls}")


TOKEN = "Bearer abcdefghijklmnop123456"
# A text that leaves the guide questions to ask (nginx's own timeout line now settles a 502 at
# once: the read timeout's cause is seen as 502 behind Apache).
STARTING_TEXT = f"Authorization: {TOKEN}\nthe request fails behind the proxy after the deploy"


def fill_first_screen(page):
    page.fill("#start-text", STARTING_TEXT)
    page.select_option("#start-status", "502")
    page.select_option("#start-platform", "nginx")
    page.get_by_role("button", name="Start").click()


def test_guide_with_htmx_starts_from_the_text_swaps_the_panel_and_goes_back(page, site):
    errors = collect_console_errors(page)
    page.set_default_timeout(10_000)
    page.goto(site + "/guide/")
    assert_no_axe_violations(page)
    page.evaluate("window.pageMarker = 'still the same document'")
    fill_first_screen(page)
    expect(page.locator("#question-title")).to_be_focused()
    start_url = page.url
    assert "t=" in start_url and "a=status%3A502" in start_url and "platform%3Anginx" in start_url
    assert "abcdefghijklmnop" not in start_url
    assert page.evaluate("window.pageMarker") == "still the same document"  # swapped
    assert "Removed from your text" in page.locator(".redacted-note").inner_text()
    assert "abcdefghijklmnop" not in page.content()
    first_question = page.locator("#question-title").inner_text()
    assert_no_axe_violations(page)

    page.locator("a.answer.unsure").click()
    page.locator(".step-count", has_text="Question 2").wait_for()
    second_url = page.url
    assert page.locator("#question-title").inner_text() != first_question
    assert page.locator("#guide-status").inner_text().startswith("Question 2:")

    page.go_back()
    page.wait_for_url(start_url)
    page.locator("#question-title", has_text=first_question).wait_for()
    page.go_back()
    page.wait_for_url(site + "/guide/")
    page.locator("#start-text").wait_for()
    page.go_forward()
    page.wait_for_url(start_url)
    page.go_forward()
    page.wait_for_url(second_url)

    page.get_by_role("link", name="Show the result now").click()
    page.locator("#result-title").wait_for()
    expect(page.locator("#result-title")).to_be_focused()
    assert page.evaluate("window.pageMarker") == "still the same document"
    assert page.locator(".runners-up li").count() >= 1
    assert page.locator(".fix").count() == 2
    assert_no_axe_violations(page)
    page.get_by_role("link", name="← Back one step").click()
    page.wait_for_url(second_url.replace("&done=1", "").split("&a=")[0] + "*")
    page.locator("#question-title").wait_for()
    assert errors == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_guide_without_javascript_starts_and_walks_the_same_way(page, site, browser):
    page.set_default_timeout(10_000)
    page.goto(site + "/guide/")
    fill_first_screen(page)
    page.locator("#question-title").wait_for()
    start_url = page.url
    assert "a=status%3A502" in start_url and "abcdefghijklmnop" not in start_url
    assert "Removed from your text" in page.locator(".redacted-note").inner_text()
    urls = walk_guide(page)
    assert page.locator(".fix").count() == 2
    result_url = page.url
    page.go_back()
    assert page.url == (urls[-2] if len(urls) > 1 else start_url)
    assert page.locator("#question-title").count() == 1
    page.goto(site + "/guide/")
    page.fill("#start-status-text", "Bad Gateway")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/guide/?a=status%3A502&a=platform%3Aunsure")
    assert "502" in page.locator(".candidates").inner_text()
    page.goto(site + "/guide/")
    page.fill("#start-status-text", "Bad Gatway")
    page.get_by_role("button", name="Start").click()
    assert "is not a status code" in page.locator("#start-error").inner_text()
    assert_no_axe_violations_at(browser, result_url)
    assert_no_axe_violations_at(browser, start_url)


def test_guide_paths_match_with_and_without_javascript(page, site, browser):
    page.set_default_timeout(10_000)
    page.goto(site + "/guide/")
    fill_first_screen(page)
    page.locator("#question-title").wait_for()
    start_url = page.url
    with_js = walk_guide(page, answer_index=1)
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.set_default_timeout(10_000)
        plain.goto(site + "/guide/")
        fill_first_screen(plain)
        plain.locator("#question-title").wait_for()
        assert plain.url == start_url
        assert walk_guide(plain, answer_index=1) == with_js
    finally:
        context.close()


STARTS = {
    "forbidden": "mailgun send fails\nError: Forbidden\n  at IncomingMessage",
    "503": "the app returns 503 Service Unavailable after the deploy",
}


@contextmanager
def guide_started(browser, site, text, javascript):
    """A page in a new context (JavaScript on or off) on the guide's first step for `text`."""
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(site + "/guide/")
        page.fill("#start-text", text)
        page.get_by_role("button", name="Start").click()
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_status_read_off_the_text_is_set_aside_with_not_so(site, browser, javascript):
    """The text's bare "Forbidden" reads as 403; "Not so?" next to it asks for the status, with
    htmx (a swap, focus on the question) as without JavaScript, and the typed one replaces it."""
    with guide_started(browser, site, STARTS["forbidden"], javascript) as page:
        read = page.locator(".from-text li", has_text="Which status code did you get?")
        expect(read).to_contain_text("403 Forbidden")
        read.get_by_role("link", name="Not so?").click()
        page.wait_for_url("**ask=status*")
        expect(page.locator("#question-title")).to_have_text(
            "Which status code did the failing request get?"
        )
        if javascript:
            expect(page.locator("#question-title")).to_be_focused()
        page.fill("#status-typed", "401")
        page.get_by_role("button", name="Go on").click()
        page.wait_for_url("**status%3A401*")
        assert "ask=status" not in page.url
        expect(page.locator("details.answered")).to_contain_text("401 Unauthorized")
        assert page.locator(".from-text li", has_text="Which status code").count() == 0


@pytest.mark.parametrize("javascript", [True, False])
def test_the_platform_asked_at_a_step_can_be_answered_none_of_these(site, browser, javascript):
    """A plain "503 after the deploy" leaves the platform open while causes tied to products
    (IIS, Heroku…) lead: after a first "Not sure" the guide asks for the platform at a step, and
    "None of these" is taken, shown among the answers and not asked again, with htmx as
    without JavaScript."""
    platform = "Which of these does the request go through or run on?"
    with guide_started(browser, site, STARTS["503"], javascript) as page:
        title = page.locator("#question-title")
        for _ in range(4):
            expect(title).to_be_visible()
            if title.inner_text() == platform:
                break
            before = page.url
            page.locator("a.answer.unsure").click()
            page.wait_for_url(lambda url, before=before: url != before)
            expect(page.locator("details.answered")).to_contain_text("Not sure")
        expect(title).to_have_text(platform)
        none_of = page.locator("a.answer", has_text="None of these (")
        expect(none_of).to_have_count(1)
        none_of.click()
        page.wait_for_url("**platform%3Anone%3A*")
        expect(page.locator("details.answered")).to_contain_text("None of these (")
        expect(page.locator("#question-title, #result-title").first).to_be_visible()
        if page.locator("#question-title").count():
            expect(page.locator("#question-title")).not_to_have_text(platform)
        if javascript:
            expect(page.locator("#question-title, #result-title").first).to_be_focused()


PASTE = "HTTP/1.1 429 Too Many Requests\nRetry-After: 30\nX-RateLimit-Remaining: 0\n"


def test_diagnose_with_htmx_then_continue_in_the_guide(page, site):
    errors = collect_console_errors(page)
    page.set_default_timeout(10_000)
    page.goto(site + "/diagnose/")
    assert_no_axe_violations(page)
    page.evaluate("window.pageMarker = 'same document'")
    page.fill("#pasted", PASTE)
    page.get_by_role("button", name="Diagnose").click()
    page.locator("#diagnosis-title", has_text="Most likely").wait_for()
    assert page.evaluate("window.pageMarker") == "same document"  # only the result was swapped
    assert page.locator(".pasted mark.ev-status").first.inner_text() == "429"
    assert "Wait 30 seconds" in page.locator(".hints").inner_text()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Continue in the guide with this evidence").click()
    page.wait_for_url("**/guide/?t=*&a=status%3A429")
    assert "429 Too Many Requests" in page.locator(".answered").text_content()
    assert errors == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_diagnose_without_javascript(page, site, browser):
    page.set_default_timeout(10_000)
    page.goto(site + "/diagnose/")
    page.fill("#pasted", PASTE)
    page.get_by_role("button", name="Diagnose").click()
    page.locator("#diagnosis-title", has_text="Most likely").wait_for()
    assert "/429/" in page.locator("#diagnosis-title a").get_attribute("href")
    page.get_by_role("link", name="Continue in the guide with this evidence").click()
    page.wait_for_url("**/guide/?t=*&a=status%3A429")
    assert_no_axe_violations_at(browser, site + "/diagnose/?text=HTTP%2F1.1+502+Bad+Gateway")


def test_live_search_and_the_search_page(page, site):
    page.set_default_timeout(10_000)
    page.goto(site + "/")
    page.fill("#site-search", "unprocessable entity")
    page.locator("#live-results .result-list a").first.wait_for()
    assert page.locator("#live-results .result-list a").first.inner_text().startswith("422")
    assert page.url == site + "/"  # live results do not navigate
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search/?q=unprocessable+entity")
    assert_no_axe_violations(page)
    page.goto(site + "/search/?q=404")
    page.wait_for_url("**/404/")


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_search_without_javascript(page, site):
    page.goto(site + "/")
    page.fill("#site-search", "gateway timeout")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search/?q=gateway+timeout")
    assert page.locator(".result-list a").first.inner_text().startswith("504")


TIMELINE = "/timeouts/?client=python-requests&cdn=cloudflare&balancer=aws-alb&proxy=nginx&app=gunicorn&work=90"


def test_timeline_redraws_with_htmx_and_keeps_its_state_in_the_url(page, site):
    errors = collect_console_errors(page)
    page.goto(site + TIMELINE)
    expect(page.locator("#verdict-title")).to_have_text("Gunicorn gives up first, after 30 s")
    assert_no_axe_violations(page)
    page.fill("#t-app", "300")
    expect(page.locator("#verdict-title")).to_contain_text("AWS Application Load Balancer")
    page.wait_for_url("**t_app=300**")
    page.fill("#t-proxy", "50")
    expect(page.locator("#verdict-title")).to_contain_text("nginx gives up first, after 50 s")
    page.select_option("#pick-proxy", "none")
    expect(page.locator("#verdict-title")).to_contain_text("AWS Application Load Balancer")
    assert page.locator(".timeline-chart rect").count() == 4
    assert_no_axe_violations(page)
    page.go_back()
    expect(page.locator("#verdict-title")).to_contain_text("nginx gives up first, after 50 s")
    assert errors == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_timeline_without_javascript(page, site, browser):
    page.goto(site + TIMELINE)
    page.fill("#t-app", "300")
    page.fill("#t-proxy", "50")
    page.get_by_role("button", name="Draw the timeline").click()
    page.wait_for_url("**t_app=300**")
    expect(page.locator("#verdict-title")).to_contain_text("nginx gives up first, after 50 s")
    assert page.locator(".timeline-table tbody tr").count() == 5
    assert_no_axe_violations_at(browser, page.url)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/524/",
        TIMELINE,
        "/guide/",
        "/guide/?a=status:429&a=platform:unsure",
        "/guide/?a=status:401&a=platform:unsure&done=1",
        "/diagnose/?text=HTTP%2F1.1+524+x%0Acf-ray:+1",
    ],
)
def test_axe_finds_nothing_in_either_colour_scheme(site, browser, scheme, path):
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site + path)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(18, 20, 23)") == (scheme == "dark")
        assert_no_axe_violations(page)
    finally:
        context.close()


def test_on_the_longest_page_the_answer_and_the_first_example_come_before_the_causes(page, site):
    """A reader reaches the In short block, the first example and every section from the top
    without scrolling past causes; nothing scrolls sideways at 1,280 px; axe in both schemes."""
    from django.db.models import Count

    from troubleshooter.models import StatusCode

    longest = StatusCode.objects.annotate(n=Count("causes")).order_by("-n").first().code
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{site}/{longest}/")
    short = page.locator("#in-short").bounding_box()["y"]
    example = page.locator("#example").bounding_box()["y"]
    causes = page.locator("#causes").bounding_box()["y"]
    print(f"\n/{longest}/: In short at {short:.0f} px, the first example at {example:.0f} px")
    assert short < 800  # in the first screen
    assert example < causes
    for link in page.locator("nav.jump a").all():
        target = link.get_attribute("href")
        assert page.locator(target).count() == 1, target
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 1,280 px"
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_no_axe_violations(page)
