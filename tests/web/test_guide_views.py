"""The guide's pages through real requests: the first screen, state in the URL, htmx partials,
redaction, bad input."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from troubleshooter.models import StatusCode

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
SECRET = "Bearer abcdefghijklmnop123456"
AWS_KEY = "AKIAIOSFODNN7EXAMPLE"


def answer_links(html):
    return [unescape(href) for href in re.findall(r'<a class="answer[^"]*" href="([^"]+)"', html)]


def state(url):
    return parse_qs(urlsplit(url).query)


def test_first_screen_offers_text_every_code_and_the_platforms(client):
    response = client.get("/guide/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form class="start-form" method="post" action="/guide/start/"' in html
    assert '<textarea id="start-text" name="text"' in html
    for label in ("1xx Informational", "2xx Successful", "4xx Client error", "5xx Server error"):
        assert f'<optgroup label="{label}">' in html
    assert ">No response at all</option>" in html
    assert ">A success code, but my client failed</option>" in html
    codes = StatusCode.objects.exclude(code=0).values_list("code", flat=True)
    for code in codes:
        assert f'<option value="{code}">{code} ' in html
    assert re.search(r'<option value="413">413 [^<]*\(formerly [^<]*Request Entity Too Large', html)
    assert '<option value="nginx">' in html
    assert "csrfmiddlewaretoken" not in html  # the page is cached and shared
    assert "public" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]


def test_the_form_redirects_to_an_address_holding_only_redacted_text(client):
    text = f"Authorization: {SECRET}\nkey {AWS_KEY}\nupstream timed out (110: Connection timed out)"
    response = client.post("/guide/start/", {"text": text, "status": "504", "platform": "nginx"})
    assert response.status_code == 303
    location = response["Location"]
    assert SECRET not in location and "abcdefghijklmnop" not in location
    assert AWS_KEY not in location
    query = state(location)
    assert query["a"] == ["status:504", "platform:nginx"]
    assert "[REDACTED]" in query["t"][0]
    html = client.get(location).content.decode()
    assert "Removed from your text before it went into this address" in html
    assert "a bearer token" in html and "an AWS access key ID" in html
    assert "abcdefghijklmnop" not in html and AWS_KEY not in html


def test_with_htmx_the_form_swaps_the_panel_and_pushes_the_same_address(client):
    data = {"text": "upstream timed out while reading response header", "status": "504"}
    plain = client.post("/guide/start/", data)
    response = client.post("/guide/start/", data, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == plain["Location"]
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "<html" not in html and html.count('id="guide-panel"') == 1


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("502", "502"),
        ("Bad Gateway", "502"),
        ("  bad   gateway ", "502"),
        ("Request Entity Too Large", "413"),  # a former name
        ("no response", "0"),
        ("success", "success"),
        ("429 Too Many Requests", "429"),
    ],
)
def test_the_status_can_be_typed_as_a_number_or_a_phrase(client, typed, answer):
    response = client.post("/guide/start/", {"status_text": typed, "status": "404"})
    assert response.status_code == 303
    assert state(response["Location"])["a"][0] == f"status:{answer}"


def test_without_a_picked_status_the_text_supplies_it(client):
    text = "HTTP/1.1 429 Too Many Requests\nRetry-After: 30"
    response = client.post("/guide/start/", {"text": text})
    assert state(response["Location"])["a"][0] == "status:429"
    response = client.post("/guide/start/", {"text": "it is slow"})
    assert state(response["Location"])["a"] == ["status:unsure", "platform:unsure"]


def test_a_status_read_off_the_text_is_said_so_with_and_without_javascript(client):
    """A status nobody picked, read off the text (here the bare word of a Node client's
    error), is named as the text's on the page after the redirect as in the htmx swap; an
    address that claims another status from the text says nothing."""
    text = "mailgun.messages().send fails\nError: Forbidden\n  at IncomingMessage.<anonymous>"
    response = client.post("/guide/start/", {"text": text})
    assert state(response["Location"])["a"][0] == "status:403"
    assert state(response["Location"])["st"] == ["403"]
    note = "Status 403 was taken from your text"
    assert note in client.get(response["Location"]).content.decode()
    swapped = client.post("/guide/start/", {"text": text}, headers={"HX-Request": "true"})
    assert note in swapped.content.decode()
    picked = client.post("/guide/start/", {"text": text, "status": "401"})
    assert "st" not in state(picked["Location"])
    made_up = client.get(picked["Location"] + "&st=403").content.decode()
    assert "was taken from your text" not in made_up


def from_text_links(html):
    """The "From your text" items: (question, answer read, the Not so? address)."""
    if '<section class="from-text"' not in html:
        return []
    section = html.split('<section class="from-text"', 1)[1].split("</section>", 1)[0]
    return [
        (question.strip(), unescape(answer), unescape(href))
        for question, answer, href in re.findall(
            r"<li>([^<]*)<strong>([^<]*)</strong> <a href=\"([^\"]+)\"", section
        )
    ]


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_status_read_off_the_text_can_be_set_aside_and_is_then_asked_for(client, headers):
    """A bare "Forbidden" (a 401 in fact, as a simulated user found) reads as 403: "Not so?"
    next to it asks for the status, and what the person gives replaces it for good."""
    text = "mailgun.messages().send fails\nError: Forbidden\n  at IncomingMessage.<anonymous>"
    page = client.get(client.post("/guide/start/", {"text": text})["Location"], headers=headers)
    question, answer, not_so = from_text_links(page.content.decode())[0]
    assert (question, answer) == ("Which status code did you get?", "403 Forbidden")
    assert state(not_so)["ask"] == ["status"] and "status:403" in state(not_so)["a"]
    asked = client.get(f"/guide/{not_so}", headers=headers).content.decode()
    assert "Which status code did the failing request get?" in asked
    assert 'class="from-text"' not in asked
    given = client.get(f"/guide/{not_so}&s=401", headers=headers)
    assert given.status_code == 302 and "ask" not in state(given["Location"])
    assert "status:401" in state(given["Location"])["a"]
    after = client.get(given["Location"], headers=headers).content.decode()
    assert "First, the status code" not in after
    assert "<strong>401 Unauthorized</strong>" in after  # the person's own answer
    assert all(
        question != "Which status code did you get?" for question, *_ in from_text_links(after)
    )
    cant = re.search(r'<a href="\?([^"]+)"[^>]*>I can\'t get it</a>', asked).group(1)
    assert "status:cant" in state("?" + unescape(cant))["a"]
    without = client.get(f"/guide/?{unescape(cant)}", headers=headers).content.decode()
    assert "First, the status code" not in without
    assert not from_text_links(without) or "403 Forbidden" not in from_text_links(without)[0]


def test_an_unknown_status_is_a_400_that_keeps_the_redacted_text(client):
    response = client.post(
        "/guide/start/", {"status_text": "Bad Gatway", "text": f"Cookie: sid={SECRET}"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "“Bad Gatway” is not a status code or reason phrase" in html
    assert "Cookie: sid=Bearer [REDACTED]" in html and "abcdefghijklmnop" not in html
    assert response["Cache-Control"] == "no-store"


def test_a_text_over_the_limit_is_a_413(client):
    response = client.post("/guide/start/", {"text": "x" * (64 * 1024 + 1)})
    assert response.status_code == 413
    assert "the limit is 65,536" in response.content.decode()


def test_wrong_methods(client):
    assert client.post("/guide/").status_code == 405
    assert client.get("/guide/start/").status_code == 405


def test_every_step_is_a_get_that_reproduces_the_same_page(client):
    url = "/guide/?a=status:cant&a=platform:unsure"  # the status asked and not known
    for _ in range(12):
        first = client.get(url).content.decode()
        assert client.get(url).content.decode().split("</head>")[1] == first.split("</head>")[1]
        links = answer_links(first)
        if not links:
            break
        url = "/guide/" + links[0]
    assert 'id="result-title"' in first


def test_htmx_request_gets_only_the_panel(client):
    full = client.get("/guide/", {"a": "status:429"}).content.decode()
    partial = client.get("/guide/", {"a": "status:429"}, headers=HTMX).content.decode()
    assert "<html" not in partial and "<html" in full
    assert partial.count('id="guide-panel"') == 1
    assert 'hx-swap-oob="innerHTML"' in partial
    panel = re.search(r'<div id="guide-panel".*?</aside>', full, re.S).group(0)
    assert panel in partial


def test_history_restore_gets_the_full_page(client):
    html = client.get(
        "/guide/", {"a": "status:429"}, headers={**HTMX, "HX-History-Restore-Request": "true"}
    ).content.decode()
    assert "<html" in html


def test_every_question_offers_not_sure_and_the_result_now(client):
    html = client.get("/guide/", {"a": ["status:502", "platform:unsure"]}).content.decode()
    assert 'id="question-title"' in html
    assert answer_links(html)[-1].endswith("%3Aunsure")
    assert "Show the result now" in html
    link = unescape(re.search(r'href="(\?[^"]*done=1)"', html).group(1))
    result = client.get("/guide/" + link).content.decode()
    assert 'id="result-title"' in result


def test_result_is_honest_about_how_sure_it_is(client):
    query = {"a": ["status:401", "platform:unsure"], "done": "1"}
    html = client.get("/guide/", query).content.decode()
    assert re.search(r'<p class="step-count confidence confidence-[a-z-]+">', html)
    assert any(words in html for words in ("Likely cause", "One of these", "Can&#x27;t tell yet"))
    assert "<h3>For it</h3>" in html
    assert "Which status code did you get? 401 Unauthorized" in html
    assert "<h3>Also possible</h3>" in html
    assert '<section class="check"' in html
    assert "Fix it: calling the API" in html and "Fix it: building the API" in html
    assert "Start over" in html


def test_answers_against_the_result_are_shown(client):
    html = client.get(
        "/guide/", {"a": ["status:407", "platform:unsure", "producer:app"], "done": "1"}
    ).content.decode()
    assert "<h3>Against it</h3>" in html
    assert "No cause fits every answer" in html
    assert "← Back one step" in html


def test_code_page_links_into_the_guide(client):
    html = client.get("/403/").content.decode()
    assert 'href="/guide/?code=403"' in html
    response = client.get("/guide/?code=403")
    assert response.status_code == 302
    assert state(response["Location"])["a"] == ["status:403", "platform:unsure"]
    htmx = client.get("/guide/?code=403", headers=HTMX)
    assert htmx["HX-Push-Url"] == response["Location"]


def test_only_real_redaction_notes_are_shown(client):
    query = {"a": "status:401", "r": ["2 bearer tokens", "your account was hacked"]}
    html = client.get("/guide/", query).content.decode()
    assert "2 bearer tokens" in html
    assert "hacked" not in html


def test_a_hand_made_address_is_redacted_again_and_escaped(client):
    html = client.get(
        "/guide/", {"t": f"Authorization: {SECRET} <script>alert(1)</script>", "a": "status:401"}
    ).content.decode()
    assert "abcdefghijklmnop" not in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ({"a": "colour:blue"}, "there is no such question"),
        ({"a": "status:299"}, "it is not one of the choices"),
        ({"a": ["status:404", "status:500"]}, "the first one counts"),
        ({"a": "status"}, "there is no such question"),
        ({"a": "<script>alert(1)</script>"}, "there is no such question"),
    ],
)
def test_bad_answers_are_ignored_with_a_visible_note(client, query, note):
    response = client.get("/guide/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert note in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(
    "query",
    [
        "&".join(["a=status:unsure"] * 81),
        "a=status:" + "4" * 5000,
        "&".join(f"a=x{i}:y" for i in range(3000)),
        "a=status:502&t=" + "x" * 7000,
        "code=abc",
        "code=299",
    ],
    ids=["81 answers", "a 5000-character value", "3000 parameters", "long text", "abc", "299"],
)
def test_unusable_state_is_a_400_page(client, query):
    response = client.get("/guide/?" + query)
    assert response.status_code == 400


def test_guide_queries_do_not_grow_with_steps(client, django_assert_max_num_queries):
    client.get("/guide/")  # build the cached guide content
    with django_assert_max_num_queries(3):
        client.get("/guide/", {"a": ["status:502", "producer:gateway"], "t": "connect() failed"})
    with django_assert_max_num_queries(3):
        client.get("/guide/", {"a": ["status:unsure", "producer:unsure", "speed:slow"]})
    with django_assert_max_num_queries(3):
        client.post("/guide/start/", {"text": "upstream timed out", "status": "504"})


ANSWER_PAIRS = st.sampled_from(
    ["status:502", "status:success", "status:0", "status:unsure", "platform:nginx"]
    + ["producer:app", "speed:slow", "upstream-error:refused", "nope:x", "status:", ":", ""]
) | st.text(max_size=120)


@settings(max_examples=settings.default.max_examples // 2)  # each example is a request
@given(
    pairs=st.lists(ANSWER_PAIRS, max_size=12),
    text=st.text(max_size=400),
    more=st.sampled_from(["", "1", "99", "-1", "x"]),
    done=st.booleans(),
)
def test_any_guide_address_is_a_page_or_a_clear_400(client, pairs, text, more, done):
    query = {"a": pairs, "t": text + "<i>typed</i>", "more": more}
    if done:
        query["done"] = "1"
    response = client.get("/guide/", query)
    assert response.status_code in (200, 400)
    assert "<i>typed</i>" not in response.content.decode()


@settings(max_examples=settings.default.max_examples // 2)
@given(text=st.text(max_size=600), status=st.text(max_size=40), platform=st.text(max_size=20))
def test_any_first_screen_is_a_redirect_or_a_clear_400(client, text, status, platform):
    response = client.post(
        "/guide/start/", {"text": text, "status_text": status, "platform": platform}
    )
    assert response.status_code in (303, 400)
    if response.status_code == 303:
        assert client.get(response["Location"]).status_code == 200


def test_without_a_status_the_guide_asks_for_it_first_and_takes_it_typed(client):
    html = client.get("/guide/", {"a": ["status:unsure", "platform:unsure"], "t": "it fails"})
    html = html.content.decode()
    assert "Which status code did the failing request get?" in html
    assert "Network tab" in html and "curl -sv" in html  # how to find it
    assert 'name="a" value="platform:unsure"' in html and 'name="t" value="it fails"' in html
    assert 'value="status:502"' in html  # every code to pick
    assert 'value="status:5xx"' in html and 'value="status:0"' in html  # a class, no response
    cant = re.search(r'href="\?([^"]*status%3Acant[^"]*)"', html).group(1)
    assert "status%3Aunsure" not in cant  # the answer replaces the first screen's
    moved_on = client.get("/guide/?" + cant.replace("&amp;", "&")).content.decode()
    assert "Which status code did the failing request get?" not in moved_on
    for typed, code in (("GATEWAY_TIMEOUT", "504"), ("Request URI Too Large", "414"),
                        ("HTTP_404", "404"), ("E401", "401")):  # fmt: skip
        response = client.get(
            "/guide/", {"a": ["status:unsure", "platform:unsure"], "t": "it fails", "s": typed}
        )
        assert response.status_code == 302
        assert (
            f"a=status%3A{code}" in response["Location"]
            and "status%3Aunsure" not in response["Location"]
        )
    assert client.get("/guide/", {"a": "status:unsure", "s": "not a code"}).status_code == 400


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("HTTPStatus.BAD_GATEWAY", "502"),  # Python
        ("status.HTTP_422_UNPROCESSABLE_ENTITY", "422"),  # Django REST framework
        ("http.StatusTooManyRequests", "429"),  # Go
        ("HttpStatusCode.RequestEntityTooLarge", "413"),  # .NET, an older phrase
        ("HttpServletResponse.SC_FORBIDDEN", "403"),  # Java servlets
        ("StatusCode::UNPROCESSABLE_ENTITY", "422"),  # Rust
        ("http2.constants.HTTP_STATUS_NOT_FOUND", "404"),  # Node.js
        ("PERMISSION_DENIED", "403"),  # gRPC and Google APIs
        ("DEADLINE_EXCEEDED", "504"),
        ("UNAUTHENTICATED", "401"),
        ("CORS error", "0"),  # devtools' Status column
        ("(failed)", "0"),
        ("(blocked:mixed-content)", "0"),
        ("TypeError: Failed to fetch", "0"),
        ("net::ERR_CONNECTION_REFUSED", "0"),
        ("ECONNRESET", "0"),  # Node.js
        ("ERR_TOO_MANY_REDIRECTS", "3xx"),  # answers came, and they were redirects
    ],
)
def test_the_status_box_takes_what_people_see_instead_of_a_number(client, typed, code):
    """Library constants, gRPC's names and the browser's and sockets' words for no response,
    as the help above the box tells people to look for them."""
    response = client.get("/guide/", {"a": ["status:unsure", "platform:unsure"], "s": typed})
    assert response.status_code == 302
    assert f"a=status%3A{code}" in response["Location"]


@pytest.mark.parametrize("typed", ["unknown", "HTTPStatus.", "StatusOK!", "ERR", "E40"])
def test_the_status_box_refuses_what_it_cannot_read(client, typed):
    response = client.get("/guide/", {"a": ["status:unsure", "platform:unsure"], "s": typed})
    assert response.status_code == 400
    assert "could not read this status" in response.content.decode()


def test_a_status_in_the_text_is_not_asked_again(client):
    html = client.get(
        "/guide/", {"a": ["status:unsure", "platform:unsure"], "t": "HTTP/1.1 502 Bad Gateway"}
    ).content.decode()
    assert "Which status code did the failing request get?" not in html


def test_a_check_says_which_answers_only_speak_against_a_cause(client):
    """A result's check lists an answer as pointing to a cause only when that cause's profile
    names it; an answer that the other cause's profile rules out, while the first's says
    nothing about the question, "speaks against" the other (a 503 whose first two are an
    app-side cause and no healthy backends, asked what the proxy's upstream error says)."""
    html = client.get("/guide/", {"a": "status:503", "done": "1"}).content.decode()
    check = html.split('id="check-title"', 1)[1].split("</section>", 1)[0]
    assert "points to" in check
    assert "speaks against" in check
    against = re.findall(r"<li>([^<:]+): speaks against <a [^>]*>([^<]+)</a>", check)
    assert against and all("healthy" in unescape(cause) for _label, cause in against), against


def platform_step_address():
    """The guide's address at the step that asks for the platform, for a plain "503 after the
    deploy" with the platform left open (found by answering "Not sure")."""
    from troubleshooter.engine import guide, intake
    from troubleshooter.snapshot import current
    from troubleshooter.web import guide_state

    text = "the app returns 503 Service Unavailable after the deploy"
    snapshot = current()
    evidence = intake.text_evidence(snapshot, text)
    pairs = [("status", "503"), ("platform", guide.UNSURE)]
    for _ in range(6):
        step = guide.step(snapshot.guide, pairs, evidence, text)
        if step.question is not None and step.question.is_platform:
            return "/guide/?" + guide_state.query(pairs, text)
        pairs = guide.with_answer(pairs, step.question.slug, guide.UNSURE)
    raise AssertionError("the platform is never asked")


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_the_platform_asked_at_a_step_replaces_the_first_screens_answer(client, headers):
    address = platform_step_address()
    html = client.get(address, headers=headers).content.decode()
    assert "Which of these does the request go through or run on?" in html
    assert "None of these (" in html
    links = answer_links(html)
    assert len(links) >= 4  # some platforms, "None of these" and "Not sure"
    for link in links:
        answers = state(link)["a"]
        platform = [a for a in answers if a.startswith("platform:")]
        assert len(platform) == 1 and answers[-1] == platform[0]  # replaced, and last
    none_of = next(link for link in links if state(link)["a"][-1].startswith("platform:none:"))
    followed = client.get(f"/guide/{none_of}", headers=headers)
    assert followed.status_code == 200
    page = followed.content.decode()
    assert "data-autofocus>Which of these does the request" not in page  # not asked again
    assert "None of these (" in page  # among the answers given, with what it denied
    assert "Ignored" not in page


@pytest.mark.parametrize("answer", ["none:", "none:no-such-platform", "none:iis,,nope", "nope"])
def test_a_platform_answer_that_is_not_a_choice_is_a_note_not_an_error(client, answer):
    address = platform_step_address()
    response = client.get(f"{address}&a=platform:{answer}")
    assert response.status_code == 200
    assert "Ignored" in response.content.decode()
