"""Editors in a real browser (Debian's Chromium through Playwright), with JavaScript on and
off: two editors on one cause or one code page, the editor role, history, renames, previews,
unsaved changes, ordering and drafts."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.helpers import admin_url, collect_console_errors
from troubleshooter.models import Cause, Question, StatusCode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORDS = {"alice": "pw-alice-1", "bob": "pw-bob-1"}


@pytest.fixture
def editors(site, browser):
    """Two signed-in editors, each in a browser of their own."""
    contexts = []
    pages = []
    for name, password in PASSWORDS.items():
        UserFactory(username=name, password=password)
        call_command("make_editor", name, verbosity=0, stdout=StringIO())
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, site, name, password)
        pages.append(page)
    yield pages
    for context in contexts:
        context.close()


def sign_in(page, site, username, password):
    page.goto(site + admin_url("login") + "?next=" + admin_url("index"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**" + admin_url("index"))


def prefix(page, pk):
    """The form prefix of the inline whose hidden id is `pk`."""
    name = page.locator(f"input[name$='-id'][value='{pk}']").get_attribute("name")
    return name[: -len("-id")]


def save(page):
    page.locator("input[name=_save]").first.click()
    page.wait_for_load_state()


def test_two_editors_on_one_cause_nobody_loses_work(site, editors):
    alice, bob = editors
    cause = Cause.objects.get(status_code__code=503, slug="maintenance-mode")
    url = site + admin_url(cause)
    alice.goto(url)
    bob.goto(url)
    alice.fill("#id_title", "Alice: the service is off on purpose")
    save(alice)
    expect(alice.locator(".messagelist .success")).to_be_visible()

    bob.fill("#id_title", "Bob: maintenance mode is on")
    bob.fill("#id_fix_client", "Bob's fix: wait for the maintenance window to end.")
    save(bob)
    note = bob.locator(".errornote, .errorlist").first
    expect(note).to_be_visible()
    message = bob.locator(".errorlist.nonfield").inner_text()
    assert "was changed by alice at" in message and "Both of you changed: Title" in message
    assert (
        "Alice: the service is off on purpose" in bob.locator(".fieldBox.field-title").inner_text()
    )
    assert bob.input_value("#id_title") == "Bob: maintenance mode is on"  # his text is kept
    assert "wait for the maintenance window" in bob.input_value("#id_fix_client")
    cause.refresh_from_db()
    assert cause.title == "Alice: the service is off on purpose"

    bob.fill("#id_title", "Maintenance mode: the service is off on purpose")  # merged by hand
    save(bob)
    expect(bob.locator(".messagelist .success")).to_be_visible()
    cause.refresh_from_db()
    assert cause.title == "Maintenance mode: the service is off on purpose"
    assert cause.fix_client == "Bob's fix: wait for the maintenance window to end."
    users = [r.history_user.username for r in cause.history.order_by("history_date")[1:]]
    assert users == ["alice", "bob"]


def test_two_editors_through_the_code_page_inlines(site, editors):
    alice, bob = editors
    code = StatusCode.objects.get(code=401)
    first, second = code.causes.all()[:2]
    url = site + admin_url(code)
    alice.goto(url)
    bob.goto(url)
    alice.fill(f"#id_{prefix(alice, first.pk)}-title", "Alice edits the first cause")
    save(alice)
    expect(alice.locator(".messagelist .success")).to_be_visible()

    # Bob edits a different cause and the summary: nothing of Alice's is overwritten.
    bob.fill(f"#id_{prefix(bob, second.pk)}-title", "Bob edits the second cause")
    save(bob)
    expect(bob.locator(".messagelist .success")).to_be_visible()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.title == "Alice edits the first cause"
    assert second.title == "Bob edits the second cause"

    # Now Alice, whose page is stale, edits the cause Bob changed: refused, her text kept.
    alice.goto(url)
    bob.goto(url)
    bob.fill(f"#id_{prefix(bob, second.pk)}-signals", "A signal only Bob added")
    save(bob)
    alice.fill(f"#id_{prefix(alice, second.pk)}-signals", "A signal only Alice added")
    save(alice)
    expect(alice.locator(".errornote")).to_be_visible()
    assert "was changed by bob at" in alice.locator(".inline-related .errorlist").first.inner_text()
    assert alice.input_value(f"#id_{prefix(alice, second.pk)}-signals") == (
        "A signal only Alice added"
    )
    second.refresh_from_db()
    assert second.signals == "A signal only Bob added"


def test_an_editor_sees_content_and_reader_feedback_but_not_users(site, editors):
    alice, _bob = editors
    alice.goto(site + admin_url("index"))
    nav = alice.locator("#content-main").inner_text()
    assert "Status codes" in nav and "Reader feedback" in nav
    assert "Users" not in nav and "Groups" not in nav
    response = alice.goto(site + admin_url(User, "changelist"))
    assert response.status == 403


def test_revert_of_links_from_the_history(site, editors, browser):
    alice, _bob = editors
    code = StatusCode.objects.get(code=401)
    before = sorted(c.code for c in code.confused.all())
    url = site + admin_url(code)
    # The links changed without JavaScript (a plain multiple select), with a reason.
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.set_default_timeout(10_000)
        sign_in(plain, site, "bob", PASSWORDS["bob"])
        plain.goto(url)
        only_407 = str(StatusCode.objects.get(code=407).pk)
        plain.select_option("#id_confused", [only_407])
        plain.fill("#id_change_reason", "Trim the confused-with list")
        save(plain)
        expect(plain.locator(".messagelist .success")).to_be_visible()
    finally:
        context.close()
    assert [c.code for c in code.confused.all()] == [407]

    alice.goto(url)
    alice.get_by_role("link", name="History").click()
    history = alice.locator("#change-history")
    expect(history).to_contain_text("Trim the confused-with list")
    expect(history).to_contain_text("Commonly confused with:")
    # The newest version the content loader wrote: the links as they were before Bob.
    history.locator("tbody tr", has_text="load_content").first.get_by_role("link").click()
    expect(alice.locator(".messagelist")).to_contain_text("What a revert cannot restore")
    alice.get_by_role("button", name="Revert").click()
    expect(alice.locator(".messagelist .success")).to_be_visible()
    assert sorted(c.code for c in code.confused.all()) == before


def test_renaming_an_answer_keeps_the_guide_working(site, editors):
    alice, _bob = editors
    question = Question.objects.get(slug="pattern")
    alice.goto(site + admin_url(question))
    slug = alice.locator("input[name$='-slug'][value='some-inputs']")
    slug.fill("certain-inputs")
    save(alice)
    expect(alice.locator(".messagelist")).to_contain_text("is now “certain-inputs” in the profiles")
    alice.goto(site + "/guide/?a=status%3A400")
    assert alice.locator(".candidates").count() == 1
    users = [c for c in Cause.objects.all() if "certain-inputs" in c.profile_map.get("pattern", [])]
    assert users and not [c for c in Cause.objects.all() if "some-inputs" in c.profile]
    # Re-saving an untouched cause that uses the renamed answer works.
    alice.goto(site + admin_url(users[0]))
    save(alice)
    expect(alice.locator(".messagelist .success")).to_be_visible()


def test_deleting_a_used_answer_is_refused_with_the_causes(site, editors):
    alice, _bob = editors
    question = Question.objects.get(slug="pattern")
    alice.goto(site + admin_url(question))
    row = alice.locator("tr.form-row", has=alice.locator("input[value='intermittent']"))
    row.locator("input[name$='-DELETE']").check()
    save(alice)
    expect(alice.locator(".errorlist").first).to_contain_text(
        "The answer “intermittent” cannot be deleted"
    )
    assert question.answers.filter(slug="intermittent").exists()


def test_live_preview_of_unsaved_markdown_and_what_the_sanitizer_removes(site, editors):
    alice, _bob = editors
    errors = collect_console_errors(alice)
    code = StatusCode.objects.get(code=418)
    alice.goto(site + admin_url(code))
    row = alice.locator(".form-row.field-example")
    alice.fill("#id_example", "A **bold** claim and [a trap](javascript:alert(1)).")
    expect(row.locator(".site-preview strong")).to_have_text("bold")
    expect(row.locator(".sanitizer-notes")).to_contain_text("the link to “javascript:alert(1)”")
    code.refresh_from_db()
    assert "bold" not in code.example  # nothing saved by previewing
    assert errors == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_preview_button_without_javascript(page, site):
    UserFactory(username="carol", password="pw-carol-1")
    call_command("make_editor", "carol", stdout=StringIO())
    page.set_default_timeout(10_000)
    sign_in(page, site, "carol", "pw-carol-1")
    code = StatusCode.objects.get(code=418)
    page.goto(site + admin_url(code))
    page.fill("#id_explanation", "An *unsaved* explanation.")
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview unsaved text").click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.get_by_role("heading", level=1)).to_have_text("Preview of unsaved text")
    expect(preview.locator(".site-preview em").first).to_have_text("unsaved")
    code.refresh_from_db()
    assert "unsaved" not in code.explanation


def test_leaving_with_unsaved_changes_asks_first(site, editors):
    alice, _bob = editors
    code = StatusCode.objects.get(code=418)
    alice.goto(site + admin_url(code))
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    alice.on("dialog", stay)
    alice.fill("#id_summary", "Typed but not saved")
    alice.get_by_role("link", name="History").click()
    alice.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert alice.url.endswith("/change/")
    save(alice)  # saving is not leaving: no question
    expect(alice.locator(".messagelist .success")).to_be_visible()
    assert dialogs == ["beforeunload"]


def test_up_and_down_buttons_order_causes(site, editors):
    alice, _bob = editors
    code = StatusCode.objects.get(code=401)
    first, second = code.causes.all()[:2]
    alice.goto(site + admin_url(code))
    alice.get_by_role("button", name=f"Move down: {first.title}").click()
    save(alice)
    expect(alice.locator(".messagelist .success")).to_be_visible()
    assert list(code.causes.all()[:2]) == [second, first]
    untouched = code.causes.all()[2]
    assert untouched.history.count() == 1  # the other causes were not written


def test_draft_then_preview_then_publish(site, editors, browser):
    alice, _bob = editors
    code = StatusCode.objects.get(code=418)
    alice.goto(site + admin_url(code))
    alice.fill("#id_summary", "A drafted summary for the teapot.")
    alice.get_by_role("button", name="Save as draft").click()
    expect(alice.locator(".messagelist")).to_contain_text("Saved as a draft")
    expect(alice.locator(".draft-notice")).to_contain_text("A draft by alice")

    reader = browser.new_context()
    try:
        public = reader.new_page()
        public.goto(site + "/418/")
        assert "A drafted summary" not in public.content()

        with alice.context.expect_page() as opened:
            alice.get_by_role("link", name="Preview the draft").click()
        preview = opened.value
        preview.wait_for_load_state()
        expect(preview.locator(".draft-banner")).to_contain_text("readers do not see this yet")
        expect(preview.locator(".in-short p").first).to_have_text(
            "A drafted summary for the teapot."
        )
        preview.close()

        alice.get_by_role("button", name="Publish the draft").click()
        expect(alice.locator(".messagelist")).to_contain_text("Published")
    finally:
        reader.close()
    # A reader arriving now (browsers may reuse a page for 60 s: see caching.py).
    reader = browser.new_context()
    try:
        public = reader.new_page()
        public.goto(site + "/418/")
        expect(public.locator(".in-short p").first).to_have_text(
            "A drafted summary for the teapot."
        )
    finally:
        reader.close()


def test_two_editors_without_javascript(site, editors, browser):
    """The conflict and the merge need no script: Bob's browser has JavaScript off."""
    alice, _bob = editors
    context = browser.new_context(java_script_enabled=False)
    try:
        bob = context.new_page()
        bob.set_default_timeout(10_000)
        sign_in(bob, site, "bob", PASSWORDS["bob"])
        cause = Cause.objects.filter(status_code__code=429).first()
        url = site + admin_url(cause)
        bob.goto(url)
        alice.goto(url)
        alice.fill("#id_signals", "Alice's signal")
        save(alice)
        expect(alice.locator(".messagelist .success")).to_be_visible()
        bob.fill("#id_title", "Bob's title")
        save(bob)
        expect(bob.locator(".errorlist.nonfield")).to_contain_text("was changed by alice at")
        assert bob.input_value("#id_signals") == "Alice's signal"  # taken over
        assert bob.input_value("#id_title") == "Bob's title"  # kept
        save(bob)
        expect(bob.locator(".messagelist .success")).to_be_visible()
        cause.refresh_from_db()
        assert (cause.title, cause.signals) == ("Bob's title", "Alice's signal")
    finally:
        context.close()
