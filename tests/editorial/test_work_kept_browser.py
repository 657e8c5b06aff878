"""Editors never lose work, in a real browser (Debian's Chromium through Playwright), each
loss tried with JavaScript on and off: an out-of-date draft cannot overwrite a newer value;
another editor's draft cannot be replaced, discarded or published by a non-reviewer; a
concurrent delete leaves the second editor's text in the form with a way out; a deleted code
comes back whole from “Recently deleted”; “View on site” after a save shows the change; an
error inside a fold shows itself. Also the forms' size, and lists that fit 1,280 px."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.helpers import admin_url, collect_console_errors
from troubleshooter.models import Cause, Deletion, Draft, Feedback, StatusCode

SHOTS = __import__("os").environ.get("SHOTS")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])


@pytest.fixture
def people(site, browser):
    """people(name, reviewer=False, js=True): a signed-in editor in a browser of their own."""
    contexts = []

    def person(name, reviewer=False, js=True):
        password = f"pw-{name}-1"
        UserFactory(username=name, password=password)
        options = ["--reviewer"] if reviewer else []
        call_command("make_editor", name, *options, verbosity=0, stdout=StringIO())
        context = browser.new_context(java_script_enabled=js)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(site + admin_url("login") + "?next=" + admin_url("index"))
        page.fill("#id_username", name)
        page.fill("#id_password", password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**" + admin_url("index"))
        return page

    yield person
    for context in contexts:
        context.close()


# A code's admin page holds every cause of the code as an inline form (401's is about 1.9 MB and
# takes a second to render in-process); on a loaded CI machine a save and its answer can pass
# Playwright's default 10 s, which says nothing about the behaviour these tests check.
NAVIGATION_TIMEOUT = 30_000


def click_and_wait(page, locator):
    with page.expect_navigation(timeout=NAVIGATION_TIMEOUT):
        locator.click(timeout=NAVIGATION_TIMEOUT)


def save(page):
    click_and_wait(page, page.locator("input[name=_save]").first)


def prefix(page, pk):
    name = page.locator(f"input[name$='-id'][value='{pk}']").get_attribute("name")
    return name[: -len("-id")]


@JS
def test_an_out_of_date_draft_cannot_overwrite_a_newer_value(site, people, js):
    wendy, ed = people("wendy", js=js), people("ed", js=js)
    code = StatusCode.objects.get(code=418)
    url = site + admin_url(code)
    wendy.goto(url)
    wendy.fill("#id_explanation", "Wendy's explanation.\n\nWritten as a draft.")
    click_and_wait(wendy, wendy.get_by_role("button", name="Save as draft"))
    expect(wendy.locator(".draft-notice")).to_contain_text("A draft by wendy")

    ed.goto(url)
    ed.fill("#id_explanation", "Ed's explanation, published meanwhile.")
    save(ed)
    expect(ed.locator(".messagelist .success")).to_be_visible()

    wendy.goto(url)
    expect(wendy.locator(".draft-notice")).to_contain_text("the published version changed since")
    click_and_wait(wendy, wendy.get_by_role("button", name="Publish the draft"))
    expect(wendy.locator(".messagelist")).to_contain_text("Not published: this was saved by ed")
    note = wendy.locator(".field-explanation .conflict-note")
    expect(note).to_contain_text("Their version is now: “Ed's explanation, published meanwhile.”")
    expect(note.locator(".conflict-compare ins").first).to_be_visible()
    assert wendy.input_value("#id_explanation") == "Wendy's explanation.\n\nWritten as a draft."
    code.refresh_from_db()
    assert code.explanation == "Ed's explanation, published meanwhile."  # not overwritten

    wendy.fill("#id_explanation", "Ed's explanation, published meanwhile.\n\nWendy's addition.")
    save(wendy)
    expect(wendy.locator(".messagelist .success").first).to_be_visible()
    code.refresh_from_db()
    assert code.explanation == "Ed's explanation, published meanwhile.\n\nWendy's addition."
    assert not Draft.objects.exists()


@JS
def test_another_editors_draft_cannot_be_replaced_discarded_or_published(site, people, js):
    wendy, ed, rita = people("wendy", js=js), people("ed", js=js), people("rita", True, js)
    code = StatusCode.objects.get(code=418)
    url = site + admin_url(code)
    wendy.goto(url)
    wendy.fill("#id_summary", "Wendy's drafted summary.")
    click_and_wait(wendy, wendy.get_by_role("button", name="Save as draft"))

    ed.goto(url)
    wendys = ed.locator(".draft-item", has_text="A draft by wendy")
    expect(wendys).to_be_visible()
    expect(wendys.get_by_role("button")).to_have_count(0)  # neither publish nor discard
    ed.fill("#id_summary", "Ed's drafted summary.")
    click_and_wait(ed, ed.get_by_role("button", name="Save as draft"))
    expect(ed.locator(".draft-item")).to_have_count(2)
    drafts = {d.author.username: d.data["summary"] for d in Draft.objects.all()}
    assert drafts == {"wendy": "Wendy's drafted summary.", "ed": "Ed's drafted summary."}

    # Opening Wendy's draft, Ed gets no button that would publish it.
    click_and_wait(ed, wendys.get_by_role("link", name="Open the draft in this form"))
    expect(ed.locator(".draft-notice")).to_contain_text("Publishing another editor's draft is for")
    assert ed.input_value("#id_summary") == "Wendy's drafted summary."
    expect(ed.locator("input[name=_save]")).to_have_count(0)
    expect(ed.locator("input[name=_continue]")).to_have_count(0)
    code.refresh_from_db()
    assert code.summary != "Wendy's drafted summary."

    # A reviewer discards it, after a confirmation with a reason; it stays in the history.
    rita.goto(url)
    row = rita.locator(".draft-item", has_text="A draft by wendy")
    click_and_wait(rita, row.get_by_role("button", name="Discard wendy's draft…"))
    rita.fill("#id_discard_reason", "Kept Ed's wording")
    click_and_wait(rita, rita.get_by_role("button", name="Discard wendy's draft"))
    expect(rita.locator(".messagelist")).to_contain_text(
        re.compile("wendy's draft was discarded", re.I)
    )
    assert [d.author.username for d in Draft.objects.all()] == ["ed"]
    rita.goto(site + admin_url(code, "history"))
    expect(rita.locator("#change-history")).to_contain_text("Discarded by rita: Kept Ed's wording")
    click_and_wait(rita, rita.get_by_role("button", name="Restore this draft").first)
    assert sorted(d.author.username for d in Draft.objects.all()) == ["ed", "wendy"]


@JS
def test_a_concurrent_delete_leaves_the_text_in_the_form_with_a_way_out(site, people, js):
    alice, bob = people("alice", js=js), people("bob", js=js)
    code = StatusCode.objects.get(code=401)
    cause, other = code.causes.all()[:2]
    bob.goto(site + admin_url(code))

    alice.goto(site + admin_url(cause))
    click_and_wait(alice, alice.locator("a.deletelink"))
    alice.fill("#id_reason", "A duplicate")
    click_and_wait(alice, alice.get_by_role("button", name="Yes, delete it"))
    assert not Cause.objects.filter(pk=cause.pk).exists()

    bob.fill(f"#id_{prefix(bob, cause.pk)}-title", "Bob's title for the deleted cause")
    bob.fill(f"#id_{prefix(bob, other.pk)}-title", "Bob's title for another cause")
    save(bob)
    summary = bob.locator("#error-summary")
    expect(summary).to_contain_text("Bob's title for the deleted cause")
    card = bob.locator(".cause-card.is-gone")
    expect(card.locator(".errorlist")).to_contain_text("was deleted by alice at")
    expect(card.locator(".errorlist")).to_contain_text("A duplicate")
    field = card.locator("input[name$='-title']")
    assert field.input_value() == "Bob's title for the deleted cause"  # his text stays
    other.refresh_from_db()
    assert other.title != "Bob's title for another cause"  # nothing half-saved

    click_and_wait(bob, card.get_by_role("button", name="Restore it and save my edit"))
    expect(bob.locator(".messagelist .success").first).to_be_visible()
    cause.refresh_from_db()
    other.refresh_from_db()
    assert cause.title == "Bob's title for the deleted cause"
    assert other.title == "Bob's title for another cause"
    # Every later save works too (the page no longer points at a missing row).
    bob.fill(f"#id_{prefix(bob, other.pk)}-title", "Bob saves once more")
    save(bob)
    expect(bob.locator(".messagelist .success").first).to_be_visible()


@JS
def test_a_deleted_code_comes_back_whole_from_recently_deleted(site, people, js, client):
    editor, rita = people("ed", js=js), people("rita", True, js)
    code = StatusCode.objects.get(code=401)
    causes = sorted(code.causes.values_list("slug", flat=True))
    linked_from = sorted(c.code for c in StatusCode.objects.filter(confused=code))
    related = sorted(c.code for c in code.related.all())
    Feedback.objects.create(cause=code.causes.first(), helpful=2, not_helpful=5)

    editor.goto(site + admin_url(code))
    expect(editor.locator("a.deletelink")).to_have_count(0)  # editors cannot delete a code

    rita.goto(site + admin_url(code))
    click_and_wait(rita, rita.locator("a.deletelink"))
    expect(rita.locator("#content")).to_contain_text(f"with {len(causes)} causes")
    expect(rita.locator("#content")).not_to_contain_text("relationships")
    rita.fill("#id_reason", "Checking that it comes back")
    click_and_wait(rita, rita.get_by_role("button", name="Yes, delete it"))
    assert not StatusCode.objects.filter(code=401).exists()
    assert client.get("/401/").status_code == 404

    click_and_wait(rita, rita.locator(".messagelist").get_by_role("link", name="Recently deleted"))
    row = rita.locator("#result_list tr", has_text="401 Unauthorized")
    expect(row).to_contain_text("Checking that it comes back")
    click_and_wait(rita, row.get_by_role("button", name="Restore"))
    expect(rita.locator(".messagelist .success")).to_contain_text("Restored 401 Unauthorized")
    restored = StatusCode.objects.get(code=401)
    assert sorted(restored.causes.values_list("slug", flat=True)) == causes
    assert sorted(c.code for c in StatusCode.objects.filter(confused=restored)) == linked_from
    assert sorted(c.code for c in restored.related.all()) == related
    assert Feedback.objects.get(cause__status_code=restored).not_helpful == 5
    assert Deletion.objects.get().restored_at is not None
    public = rita.context.new_page()
    public.goto(site + "/401/")
    expect(public.locator("h1")).to_contain_text("Unauthorized")


@JS
def test_view_on_site_after_a_save_shows_the_change_on_the_next_load(site, people, js):
    alice = people("alice", js=js)
    code = StatusCode.objects.get(code=418)
    alice.goto(site + "/418/")  # the browser keeps this page for 60 s
    before = alice.locator(".in-short p").first.inner_text()
    alice.goto(site + admin_url(code))
    alice.fill("#id_summary", "Saved, then seen at once.")
    save(alice)
    expect(alice.locator(".messagelist .success")).to_be_visible()
    click_and_wait(alice, alice.get_by_role("link", name="View on site").first)
    expect(alice.locator(".in-short p").first).to_have_text("Saved, then seen at once.")
    assert before != "Saved, then seen at once."
    alice.goto(site + "/418/")  # typed again: the same
    expect(alice.locator(".in-short p").first).to_have_text("Saved, then seen at once.")
    cause = code.causes.first()
    alice.goto(site + admin_url(code))
    link = alice.locator(f".cause-card a.cause-site-link[href*='#{cause.slug}']")
    assert "?v=" in link.get_attribute("href")


@JS
def test_an_error_inside_a_fold_opens_it_and_the_message_links_to_it(site, people, js):
    alice = people("alice", js=js)
    code = StatusCode.objects.get(code=429)
    cause = code.causes.all()[6]
    alice.goto(site + admin_url(code))
    p = prefix(alice, cause.pk)
    card = alice.locator(f"#{p}")
    card.locator("summary", has_text="How to confirm it and fix it").click()
    alice.fill(f"#id_{p}-fix_server", "# A level-one heading, refused")
    save(alice)
    summary = alice.locator("#error-summary")
    expect(summary).to_be_visible()
    link = summary.get_by_role("link", name=f"Cause “{cause.title[:40]}", exact=False)
    expect(link).to_have_attribute("href", f"#id_{p}-fix_server")
    error = card.locator(".errorlist", has_text="headings of level 1 and 2 are reserved")
    expect(error).to_be_visible()  # its fold is open
    expect(card.locator(".save-state")).to_contain_text("Not saved")
    if js:
        alice.wait_for_timeout(300)
        assert alice.evaluate("() => window.scrollY") > 2000  # scrolled down to it
        box = error.bounding_box()
        assert 0 <= box["y"] < alice.viewport_size["height"]
    else:
        link.click()
        alice.wait_for_timeout(200)
        assert alice.evaluate("() => window.scrollY") > 2000


def test_new_causes_preview_as_typed_go_last_and_limits_are_counted(site, people):
    alice = people("alice")
    errors = collect_console_errors(alice)
    code = StatusCode.objects.get(code=418)
    alice.goto(site + admin_url(code))
    alice.locator(".add-row a", has_text="Add another Cause").click()
    new = alice.locator(".cause-card.dynamic-causes").last
    highest = max(code.causes.values_list("position", flat=True))
    assert new.locator("input[name$='-position']").input_value() == str(highest + 1)
    new.locator("summary", has_text="How to confirm it and fix it").click()
    new.locator("textarea[name$='-confirm']").fill("Look for **this**.")
    expect(new.locator(".field-confirm .site-preview strong")).to_have_text("this")
    title = new.locator("input[name$='-title']")
    title.fill("x" * 250)
    assert len(title.input_value()) == 250  # nothing cut
    expect(new.locator(".length-count.over-limit")).to_contain_text("50 too many")
    card = alice.locator(".cause-card").first
    card.locator("input[name$='-title']").fill("Changed, not saved")
    expect(card.locator(".save-state")).to_contain_text("Unsaved changes")
    assert errors == []


def test_form_heights_and_lists_that_fit_1280_px(site, people):
    """The code page's form height for 429 and 502 (printed for the record) within a budget per
    cause, so the page grows with its causes but not with its layout (a form whose inlines came
    out uncollapsed would be several times taller); and the history, reader feedback and causes
    lists without sideways scrolling at 1,280 px."""
    alice = people("alice")
    alice.set_viewport_size({"width": 1280, "height": 800})
    heights = {}
    for number in (429, 502):
        alice.goto(site + admin_url(StatusCode.objects.get(code=number)))
        heights[number] = round(
            alice.evaluate(
                "() => document.querySelector('#content-main form').getBoundingClientRect().height"
            )
        )
        causes = Cause.objects.filter(status_code__code=number).count()
        assert heights[number] < 2_000 + 1_100 * causes, (number, causes, heights[number])
    print("FORM HEIGHTS", json.dumps(heights))

    cause = Cause.objects.filter(status_code__code=429).first()
    Feedback.objects.create(
        cause=cause, guide_path="status:429 pattern:bursts speed:fast " * 5, not_helpful=1
    )
    code = StatusCode.objects.get(code=429)
    data_url = site + admin_url(code)
    alice.goto(data_url)
    alice.fill(
        "#id_sources", alice.input_value("#id_sources") + "\nhttps://example.com/" + "a" * 400
    )
    save(alice)
    for url in (
        site + admin_url(code, "history"),
        site + admin_url(Feedback, "changelist"),
        site + admin_url(Cause, "changelist"),
    ):
        alice.goto(url)
        width = alice.evaluate("() => document.documentElement.scrollWidth")
        import os

        if os.environ.get("SHOTS"):
            alice.screenshot(path=f"/tmp/measure/{url.rstrip('/').split('/')[-1]}.png")
        assert width <= 1280, (url, width)
    alice.goto(site + admin_url(Feedback, "changelist"))
    share = alice.locator("#result_list td.field-no_share").first
    expect(share).to_contain_text("100% of 1")
    lists = {
        admin_url(Feedback, "changelist"): ("helpful", "not_helpful", "no_share", "updated"),
        admin_url(Cause, "changelist"): ("helpful_count", "not_helpful_count", "no_share"),
    }
    for url, columns in lists.items():
        alice.goto(site + url)
        shown = alice.locator("#changelist-form").bounding_box()  # what is not scrolled away
        if SHOTS:
            alice.screenshot(path=f"/tmp/measure/list-{url.strip('/').split('/')[-2]}.png")
        for column in columns:
            cell = alice.locator(f"#result_list td.field-{column}").first.bounding_box()
            assert cell["x"] + cell["width"] <= shown["x"] + shown["width"] + 1, (url, column)
