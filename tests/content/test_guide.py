"""The guide's properties on the real content: every cause reachable by its own answers, no two
causes of a code alike, every question useful and briefly explained, every status leading
somewhere."""

import re
from itertools import combinations

import pytest

from troubleshooter.engine import guide, intake
from troubleshooter.snapshot import current

pytestmark = pytest.mark.content


@pytest.fixture
def real():
    return current().guide


def walk_not_sure(real, text, pairs, limit, more=0):
    """The questions the guide asks a person with `text` and the first-screen `pairs` who
    answers each "Not sure", at most `limit` of them."""
    from troubleshooter.engine import intake

    evidence = intake.text_evidence(current(), text)
    asked = []
    for _ in range(limit):
        given = list(pairs)
        for slug in asked:
            given = guide.with_answer(given, slug, guide.UNSURE)
        step = guide.step(real, given, evidence, text, more=more)
        if step.question is None:
            break
        asked.append(step.question.slug)
    return asked


@pytest.mark.django_db
def test_every_cause_is_reachable_by_answering_its_profile(real):
    counts, unreachable = [], []
    for target in real.causes:
        step = guide.profile_walk(real, target)
        counts.append(step.asked)
        if step.result is None or step.result.cause.key != target.key:
            got = step.result.cause.key if step.result else "nothing"
            unreachable.append(f"{target.key} -> {got}")
    assert unreachable == []
    print(
        f"\n{len(real.causes)} causes, {len(real.questions)} questions: average "
        f"{sum(counts) / len(counts):.2f} questions after the first screen, worst {max(counts)}"
    )
    assert sum(counts) / len(counts) <= guide.MAX_ASKED


@pytest.mark.django_db
def test_no_two_causes_of_a_code_are_indistinguishable(real):
    def apart(a, b):
        if a.platforms and b.platforms and not (a.platforms & b.platforms):
            return True
        return any(q in b.profile and not (a.profile[q] & b.profile[q]) for q in a.profile)

    alike = [
        f"{a.key} ~ {b.key}"
        for a, b in combinations(real.causes, 2)
        if a.code == b.code and not apart(a, b)
    ]
    assert alike == []


@pytest.mark.django_db
def test_every_question_separates_some_causes(real):
    useless = []
    for question in real.questions:
        if question.on_first_screen or question.is_response:
            continue
        answer_sets = {c.profile[question.slug] for c in real.causes if question.slug in c.profile}
        if len(answer_sets) < 2:
            useless.append(question.slug)
    assert useless == []


@pytest.mark.django_db
def test_every_status_leads_somewhere(real):
    for slug, _label in real.status_question.answers:
        step = guide.step(real, [("status", slug)])
        assert step.question is not None or step.result is not None, slug
        assert abs(sum(r.share for r in step.ranked) - 1) < 1e-9


@pytest.mark.django_db
def test_many_questions_each_with_one_short_help_line(real):
    assert len(real.questions) >= 60
    long_help = []
    for question in real.questions:
        text = re.sub(r"<[^>]+>", "", question.help_html).strip()
        if question.help_html.count("<p>") > 1 or len(text) > 200:
            long_help.append(f"{question.slug}: {len(text)} characters")
    assert long_help == []


@pytest.mark.django_db
def test_no_question_is_asked_outside_its_conditions(real):
    """For every platform a reader can pick, and a status of each class (or none), a walk that
    answers "Not sure" throughout never meets a question whose conditions exclude them."""
    from troubleshooter.engine.platforms import LAYERS

    statuses = ["cant", "404", "429", "502", "0"]
    outside = []
    for platform, _label in real.platform_question.answers:
        for status in statuses:
            pairs = [("status", status), ("platform", platform)]
            for _ in range(guide.MAX_TOTAL + 2):
                step = guide.step(real, pairs)
                if step.question is None:
                    break
                conditions = step.question.applies
                listed = conditions.get("platform", ())
                layers = {LAYERS.get(p) for p in listed}
                if listed and LAYERS.get(platform) in layers and platform not in listed:
                    outside.append(f"{step.question.slug} asked of {platform}")
                if platform in conditions.get("not-platform", ()):
                    outside.append(f"{step.question.slug} asked of {platform}, kept from it")
                codes = conditions.get("status", ())
                if codes and status != "cant" and not guide.model.status_in(codes, int(status)):
                    outside.append(f"{step.question.slug} asked with status {status}")
                pairs = guide.with_answer(pairs, step.question.slug, guide.UNSURE)
    assert outside == []


@pytest.mark.django_db
def test_what_came_back_keeps_away_the_questions_that_presuppose_another_kind(real):
    """A reader without the status who says an error came back is not asked what is wrong with
    the successful response or what the network error said; one who saw a success is not asked
    about the error page; one who got nothing is asked neither."""
    from troubleshooter.engine.guide.model import RESPONSE_CLASSES

    response = next(q for q in real.questions if q.is_response)
    assert [slug for slug, _label in response.answers] == ["yes", "success", "no"]
    outside = []
    for answer, classes in RESPONSE_CLASSES.items():
        for more in range(2):
            pairs = [("status", "cant"), ("platform", guide.UNSURE), (response.slug, answer)]
            for _ in range(guide.MAX_TOTAL + 2):
                step = guide.step(real, pairs, more=more)
                if step.question is None:
                    break
                codes = step.question.applies.get("status", ())
                if codes and not any(item[:1] in classes for item in codes):
                    outside.append(f"{step.question.slug} after {answer}")
                pairs = guide.with_answer(pairs, step.question.slug, guide.UNSURE)
    assert outside == []
    causes = {c.key: c for c in real.causes}
    profile = {key: causes[key].profile[response.slug] for key in causes}
    assert profile["0/cors-blocked"] == {"no"}
    assert profile["200/error-in-body"] == {"success"}
    assert profile["502/upstream-not-listening"] == {"yes"}
    # seen as 301, 307, 308 and no response (a browser's opaque redirect), never as an error
    assert profile["302/redirect-not-followed"] == {"success", "no"}
    assert profile["496/client-sends-no-certificate"] == {"yes"}


@pytest.mark.django_db
def test_a_text_that_says_no_response_came_back_is_not_asked_for_a_status(real):
    """A client's own words for "nothing came back" (Apache HttpClient's, curl's, Chrome's)
    answer "did a response come back?" from the text: the guide does not ask for a status there
    is none of, nor who produced the response; a status in the same text wins over them."""
    from troubleshooter.engine import intake

    snapshot = current()
    pairs = [("status", guide.UNSURE), ("platform", guide.UNSURE)]
    for text in (
        "org.apache.http.NoHttpResponseException: api.example.com:443 failed to respond",
        "curl: (52) Empty reply from server",
        "GET https://api.example.com/v1 net::ERR_CONNECTION_RESET",
    ):
        evidence = intake.text_evidence(snapshot, text)
        assert evidence.answers.get("got-response") == "no", text
        asked = []
        for _ in range(guide.MAX_TOTAL):
            step = guide.step(real, pairs + [(s, guide.UNSURE) for s in asked], evidence, text)
            if step.question is None:
                break
            asked.append(step.question.slug)
        # It asks on, or stops because one cause leads (curl's line: the dev split's reports
        # of it share one cause), never because it ran out of questions without a status.
        assert asked or step.stop == "confident", (text, step.stop)
        assert "status" not in asked and "producer" not in asked, (text, asked)
    shown = "HTTP/1.1 502 Bad Gateway\ncaused by NoHttpResponseException on a retry"
    assert "got-response" not in intake.text_evidence(snapshot, shown).answers
    step = guide.step(real, pairs, intake.text_evidence(snapshot, "it fails"), "it fails")
    assert step.question.is_status  # without such words, the status is asked first


@pytest.mark.django_db
def test_what_changed_is_not_asked_of_something_that_never_worked(real):
    change = real.by_slug["change"]
    never = guide.model.Known(frozenset(), None, None, {"history": "never"})
    stopped = guide.model.Known(frozenset(), None, None, {"history": "stopped"})
    assert not change.applies_to(never)
    assert change.applies_to(stopped)


@pytest.mark.django_db
def test_kubernetes_questions_are_kept_from_a_serverless_host(real):
    """kubectl sits at the proxy's layer and Lambda at the host's, so naming Lambda says
    nothing of that layer; `not-platform` keeps the pods question from it all the same."""
    from troubleshooter.format.questions import applies_errors

    pods = real.by_slug["pods"]
    for platform, asked in [("aws-lambda", False), ("heroku", False), ("k8s-ingress", True)]:
        known = guide.model.Known(frozenset({platform}), 502, None, {})
        assert pods.applies_to(known) is asked, platform
    assert pods.applies_to(guide.model.Known(frozenset({"django"}), 502, None, {}))
    platforms = {"aws-lambda", "k8s-ingress"}
    assert applies_errors("not-platform=aws-lambda,lamda", platforms, {}) == [
        "unknown platform in not-platform: lamda"
    ]


@pytest.mark.django_db
def test_never_more_than_twelve_questions_counting_the_status_asked_at_a_step(real):
    """A reader who gives no status on the first screen is asked for it, then answers "Not
    sure" throughout and asks for more questions whenever offered: twelve questions in all,
    the status question among them, and no more."""
    pairs = [("status", guide.UNSURE), ("platform", guide.UNSURE)]
    more, asked = 0, []
    for _ in range(3 * guide.MAX_TOTAL):
        step = guide.step(real, pairs, more=more)
        if step.question is not None:
            answer = guide.CANT if step.question.is_status else guide.UNSURE
            pairs = [p for p in pairs if p[0] != step.question.slug] + [
                (step.question.slug, answer)
            ]
            asked.append(step.question.slug)
        elif step.more_possible and more < guide.MAX_MORE:
            more += 1
        else:
            break
    assert asked[0] == "status"
    assert step.asked_in_all == len(asked) == guide.MAX_TOTAL
    assert step.asked_in_all == step.asked + 1


@pytest.mark.django_db
def test_every_result_offers_a_next_step_even_after_not_sure_throughout(real, client):
    """Whatever the status, a reader who answers "Not sure" to everything ends on a result
    with a question to ask, a check, more questions or the causes to confirm, never empty."""
    from troubleshooter.web import guide_state

    dead_ends = []
    for code, _label in real.status_question.answers:
        if code == "cant":
            continue
        pairs = [("status", code), ("platform", guide.UNSURE)]
        for _ in range(guide.MAX_TOTAL + 2):
            step = guide.step(real, pairs)
            if step.question is None:
                break
            pairs = guide.with_answer(pairs, step.question.slug, guide.UNSURE)
        assert step.asked_in_all <= guide.MAX_TOTAL, code
        html = client.get(f"/guide/?{guide_state.query(pairs, done=True)}").content.decode()
        if not any(
            marker in html
            for marker in ('id="check-title"', "Ask me more questions", 'id="next-title"')
        ):
            dead_ends.append(code)
    assert dead_ends == []


@pytest.mark.django_db
def test_one_platforms_questions_wait_for_a_sign_of_that_platform(real):
    """A reader who names no platform and whose leading causes are not that platform's is not
    asked about its output (Stripe's error codes, Heroku's log codes, API Gateway's body), even
    after asking for more questions and answering "Not sure" throughout."""
    from troubleshooter.engine.guide.choose import MIN_PLATFORM_SHARE, on_platform_share
    from troubleshooter.engine.guide.rank import rank

    asked_off_platform = []
    for status in ("cant", "400", "403", "502", "0"):
        pairs = [("status", status), ("platform", guide.UNSURE)]
        for more in range(3):
            for _ in range(guide.MAX_TOTAL + 2):
                step = guide.step(real, pairs, more=more)
                if step.question is None:
                    break
                question = step.question
                if question.applies.get("platform"):
                    ranking = rank(real, step.answered)
                    leaders, weights = guide.choose.leader_indices(ranking)
                    share = on_platform_share(real.tables, question, leaders, weights, None)
                    if share < MIN_PLATFORM_SHARE:
                        asked_off_platform.append(f"{question.slug} with status {status}")
                pairs.append((question.slug, guide.UNSURE))
    assert asked_off_platform == []


@pytest.mark.django_db
def test_the_separating_check_is_the_question_of_greatest_gain(real):
    """separating_check() reads every question's gain off the content's tables at once; it picks
    the question that information_gain(), asked one question at a time, ranks first."""
    import random

    from troubleshooter.engine.guide.choose import MIN_GAIN, normalised
    from troubleshooter.engine.guide.model import Ranked

    draw = random.Random(7)
    compared = 0
    for _ in range(150):
        one, two = draw.sample(real.causes, 2)
        first, second = Ranked(one, 1.0, (), draw.random()), Ranked(two, 1.0, (), draw.random())
        pair = normalised([first, second])
        best, best_gain = None, MIN_GAIN
        for question in real.questions:
            if question.on_first_screen:
                continue
            platforms = set(question.applies.get("platform", ()))
            if platforms and not platforms & (one.platforms | two.platforms):
                continue  # another platform's question is no check between these two
            gain = guide.information_gain(question, pair)
            if gain > best_gain + 1e-9:
                best, best_gain = question, gain
        check = guide.separating_check(real, (), first, second)
        found = check.question if check is not None else None
        if best is not None and check is not None:
            compared += 1
        assert (found.slug if found else None) == (best.slug if best and check else None)
    assert compared >= 100


@pytest.mark.django_db
def test_how_many_seconds_is_asked_only_of_a_slow_failure(real):
    """ "After about how many seconds does a slow failing request end?" presupposes a slow
    failure: it waits for "How long does a failing request take?" to say so (a simulated user
    met it for a 503 that came at once). A text that gives the seconds still answers it."""
    for status in ("504", "502", "0"):
        for speed in (guide.UNSURE, "fast", "slow"):
            pairs = [("status", status)]
            asked = []
            for _ in range(guide.MAX_TOTAL):
                step = guide.step(real, pairs, more=2)
                if step.question is None:
                    break
                asked.append(step.question.slug)
                answer = speed if step.question.slug == "speed" else guide.UNSURE
                pairs = guide.with_answer(pairs, step.question.slug, answer)
            if "timeout-seconds" in asked:
                assert speed == "slow", (status, speed, asked)
                assert asked.index("speed") < asked.index("timeout-seconds")
    text = "the request fails after 30 seconds"
    evidence = intake.text_evidence(current(), text)
    step = guide.step(real, (("status", "504"),), evidence, text)
    assert ("timeout-seconds", "about-30") in [(a.question.slug, a.answer) for a in step.answered]


@pytest.mark.django_db
def test_a_bare_answer_is_weak_evidence_and_never_against_a_cause(real):
    """ "Nothing specific: a bare 401" says the detail was lost, not that the cause is wrong: for
    every question with a bare answer and every cause whose profile names what its error says,
    the answer keeps at least BARE_SHARE and is never listed against the cause. (A cause the
    question does not concern is answered "none" by most, as before.)"""
    from troubleshooter.engine.guide.likelihoods import BARE_SHARE, likelihood

    questions = [q for q in real.questions if q.bare]
    assert {q.slug for q in questions} >= {"message", "auth-error", "limit", "error-points-at"}
    lifted = 0
    for question in questions:
        for cause in real.causes:
            value, against = likelihood(cause, question, question.bare)
            assert not against, (question.slug, cause.key)
            assert abs(sum(guide.answer_probabilities(cause, question)) - 1) < 1e-9
            allowed = cause.profile.get(question.slug)
            if allowed is not None and question.bare not in allowed:
                assert value >= BARE_SHARE - 1e-9, (question.slug, cause.key)
                lifted += 1
    assert lifted >= 20
    # On the page: a bare 401 no longer leaves "No cause fits every answer" for a bad token.
    pairs = [("status", "401"), ("auth-error", "nothing")]
    step = guide.step(real, pairs, done=True)
    assert not step.nothing_fits
    assert not any("nothing" in line.lower() and "bare" in line.lower() for line in step.why_not)


@pytest.mark.django_db
def test_a_check_asks_about_a_platform_only_for_a_cause_of_it(real):
    """The check between the first two causes asks a platform's question (GitHub's API error,
    IIS's substatus, Entra's AADSTS code) only when one of the two is that platform's or the
    reader named the platform: simulated users met GitHub's API error as the check between two
    causes of a WooCommerce site."""
    import random

    from troubleshooter.engine.guide.model import Known, Ranked

    draw = random.Random(5)
    off_platform, platform_checks = [], 0
    for _ in range(600):
        one, two = draw.sample(real.causes, 2)
        first, second = Ranked(one, 1.0, (), draw.random()), Ranked(two, 1.0, (), draw.random())
        check = guide.separating_check(real, (), first, second)
        if check is None or not check.question.applies.get("platform"):
            continue
        platform_checks += 1
        if not set(check.question.applies["platform"]) & (one.platforms | two.platforms):
            off_platform.append((check.question.slug, one.key, two.key))
    assert off_platform == []
    assert platform_checks >= 10  # platform questions still serve as checks for their causes
    # A reader who named the platform may be asked its question as the check.
    from troubleshooter.engine.guide.choose import concerns_either

    question = real.by_slug["github-message"]
    pair = [c.index for c in real.causes if not c.platforms][:2]
    assert not concerns_either(real.tables, question, pair, Known(status=403))
    assert concerns_either(
        real.tables, question, pair, Known(platforms=frozenset({"github-api"}), status=403)
    )


@pytest.mark.django_db
def test_a_check_points_an_answer_only_to_a_cause_it_fits(real):
    """The check that tells the first two causes apart says which answer points to which; an
    answer the cause's own profile rules out never points to it (a simulated user met "A
    request rate for the key … points to 409 (another operation in progress)"), nor does one
    its profile says nothing about: that answer only speaks against the other cause (a
    timeout cause does not "point to" cloud storage because a Slack cause is never about it)."""
    import random

    from troubleshooter.engine.guide.model import Ranked

    draw = random.Random(11)
    checked = speaks_against = 0
    for _ in range(400):
        one, two = draw.sample(real.causes, 2)
        first, second = Ranked(one, 1.0, (), draw.random()), Ranked(two, 1.0, (), draw.random())
        check = guide.separating_check(real, (), first, second)
        if check is None:
            continue
        index = {label: slug for slug, label in check.question.answers}
        for label, ranked in check.points:
            allowed = ranked.cause.profile.get(check.question.slug)
            assert allowed is not None and index[label] in allowed, (label, ranked.cause.key)
            checked += 1
        for label, ranked in check.against:
            allowed = ranked.cause.profile.get(check.question.slug)
            assert allowed is not None and index[label] not in allowed, (label, ranked.cause.key)
            speaks_against += 1
    assert checked >= 200
    assert speaks_against >= 50


@pytest.mark.django_db
def test_the_text_logs_made_once_per_text_are_the_ones_each_step_would_make(real):
    """intake.read_evidence keeps the guide's per-cause log factors of the text as one array;
    they are exactly what rank.text_logs computes from the scores and the ruled-out causes."""
    from dataclasses import replace

    import numpy as np

    from troubleshooter.engine import intake
    from troubleshooter.engine.guide.rank import text_logs

    snapshot = current()
    for text in (
        "HTTP/1.1 502 Bad Gateway\nServer: nginx\nupstream prematurely closed connection",
        "CORS error, but it works in Postman; no proxy in front",
        "it fails",
    ):
        evidence = intake.text_evidence(snapshot, text)
        assert evidence.logs is not None and not evidence.logs.flags.writeable
        loop = text_logs(real, replace(evidence, logs=None))
        assert np.array_equal(text_logs(real, evidence), loop)
        assert loop.any()


def walks_without_status(real, texts, waits):
    """For each text, walked by a person who cannot get the status and answers "Not sure": the
    text, the questions asked, and those among them for which `waits(question)` holds."""
    pairs = [("status", guide.CANT), ("platform", guide.UNSURE)]
    for text in texts:
        asked = walk_not_sure(real, text, pairs, 5)
        yield text, asked, [slug for slug in asked if waits(real.by_slug[slug])]


@pytest.mark.django_db
def test_without_a_status_whether_a_response_came_back_is_asked_before_who_produced_it(real):
    """A person who cannot get the status is asked whether a response came back at all before
    any question that presupposes one ("Who produced the response you got?"), whenever the guide
    asks both; after "Not sure" the guide goes on to those."""
    both = 0
    texts = (
        "the upload just hangs and then fails",
        "our API call fails in production",
        "the page does not load after deploy",
        "the webhook fails",
        "login fails with an error",
    )
    for text, asked, presupposing in walks_without_status(
        real, texts, lambda question: question.presupposes_response
    ):
        if "got-response" in asked and presupposing:
            both += 1
            assert asked.index("got-response") < asked.index(presupposing[0]), (text, asked)
    assert both >= 3  # the order is checked on most of these texts, not vacuously


@pytest.mark.django_db
def test_without_a_status_whether_a_response_came_back_is_asked_before_the_network_error(real):
    """The other way round: "What does the network error say?" is only for people who got no
    response, so a person without a status is asked whether one came back first (a simulated
    user met the network error's question first for a Safari page that hung)."""
    both = 0
    texts = (
        "the request hangs and then the browser shows an error",
        "the connection fails from the app",
        "the upload just hangs and then fails",
        "our API call times out in production",
        "the mobile app cannot reach the server",
    )
    for text, asked, network in walks_without_status(
        real, texts, lambda question: question.presupposes_no_response and not question.is_response
    ):
        if network:
            both += 1
            assert "got-response" in asked, (text, asked)
            assert asked.index("got-response") < asked.index(network[0]), (text, asked)
    assert both >= 2  # the order is checked, not vacuously


@pytest.mark.django_db
def test_what_kind_of_service_is_asked_before_the_questions_that_hang_on_it(real):
    """Whether the server's logs or the provider's billing page apply depends on whose service
    fails: when the guide would ask one of those while nobody has said, it asks "What kind of
    service are you calling?" first; an answer of "another company's API" then keeps the
    operator's questions away for the rest of the walk."""
    service = real.by_slug["service"]
    hanging = {
        q.slug
        for q in real.questions
        if any((q.applies.get(key) or ("",))[0] == "service" for key in ("after", "unless"))
    }
    assert {"server-log", "app-log", "account-status"} <= hanging
    pairs = [("status", guide.CANT), ("platform", guide.UNSURE)]
    checked = 0
    for text in (
        "the API returns an error for some customers since this morning",
        "requests fail with an error page after the release",
        "uploading a file to our server fails",
        "every request fails with a server error",
        "our API started failing for everyone an hour ago",
        "requests to the API fail since yesterday",
    ):
        asked = walk_not_sure(real, text, pairs, guide.MAX_TOTAL)
        first = next((s for s in asked if s in hanging), None)
        if first is not None and service.slug in asked:
            checked += 1
            assert asked.index(service.slug) < asked.index(first), (text, asked)
        # Said to be another company's API: none of the operator's questions follow.
        after = walk_not_sure(
            real, text, [*pairs, (service.slug, "other-api")], guide.MAX_TOTAL, more=2
        )
        assert after and not {"server-log", "app-log", "direct"} & set(after), (text, after)
    assert checked >= 3  # the order is checked on most of these texts, not vacuously


def test_the_platform_picked_tells_whose_service_it_is_for_choosing_questions_only():
    """A platform the person runs (a framework, a web server, a host) means their own service;
    a vendor's API, an identity service or file storage means that; a cloud, a CDN or a client
    says nothing, and two that disagree say nothing."""
    from troubleshooter.engine.guide.steps import implied_service

    assert implied_service({"django"}) == "own"
    assert implied_service({"nginx"}) == "own"
    assert implied_service({"stripe-api"}) == "other-api"
    assert implied_service({"okta"}) == "identity"
    assert implied_service({"microsoft-graph"}) == "identity"
    assert implied_service({"aws-s3"}) == "storage"
    assert implied_service({"azure"}) is None
    assert implied_service({"cloudflare"}) is None
    assert implied_service({"curl"}) is None
    assert implied_service(set()) is None


@pytest.mark.django_db
def test_a_platform_named_only_in_the_text_does_not_say_whose_service_it_is(real):
    """ "wget of a Go binary fails": Go in the text is the other party's; the guide still asks
    whose service it is before the server's logs."""
    from troubleshooter.engine import intake

    snapshot = current()
    text = "Downloading the install script with wget fails; it fetches a Go binary from the site"
    evidence = intake.text_evidence(snapshot, text)
    known = guide.steps.known_now(real, (), evidence)
    assert "service" not in known.answers
    picked = guide.steps.known_now(
        real, [guide.Answered(real.by_slug["platform"], "django")], evidence
    )
    assert picked.answers["service"] == "own"


@pytest.mark.django_db
def test_a_vendor_api_named_in_the_text_keeps_the_operators_questions_away(real):
    from troubleshooter.engine import intake

    text = "POST https://api.stripe.com/v1/charges fails with an error"
    assert "stripe-api" in intake.text_evidence(current(), text).platforms
    asked = walk_not_sure(real, text, [("status", guide.CANT)], guide.MAX_TOTAL, more=2)
    assert asked and not {"server-log", "app-log", "direct", "service"} & set(asked), asked


@pytest.mark.django_db
def test_questions_that_presuppose_a_kind_of_error_can_be_answered_that_it_is_not(real):
    """ "What limit does the error name?" and the two credentials questions have a "none"
    answer for a person whose error is about something else: it counts against the causes
    that need a limit or credentials, and hardly moves the others."""
    causes = {c.key: c for c in real.causes}
    for slug, about, other in (
        ("limit", "429/over-request-rate", "500/unhandled-exception"),
        ("auth-error", "401/expired-token", "502/upstream-not-listening"),
        ("auth-kind", "401/expired-token", "404/wrong-path"),
    ):
        question = real.by_slug[slug]
        assert question.has_none, slug
        against, _ = guide.likelihood(causes[about], question, guide.NONE)
        others, _ = guide.likelihood(causes[other], question, guide.NONE)
        assert others > 10 * against, (slug, others, against)


@pytest.mark.django_db
def test_answers_read_off_the_text_are_kept_only_for_questions_that_apply(real):
    """A JSON:API error body reads as "an error in a response that looks successful"; next to
    a 429 that question does not apply, so the text's answer is neither shown nor counted (a
    simulated user met it on a Terraform registry's 429); next to a 200 it stands."""
    from troubleshooter.engine import intake

    text = '429 Too Many Requests\nresp:{"errors":[{"status":"429","title":"Too many requests"}]}'
    evidence = intake.text_evidence(current(), text)
    assert evidence.answers.get("ok-response") == "error-body"
    throttled = guide.step(real, [("status", "429")], evidence, text)
    assert "ok-response" not in {item.question.slug for item in throttled.from_text}
    succeeded = guide.step(real, [("status", "200")], evidence, text)
    assert ("ok-response", "error-body") in {
        (item.question.slug, item.answer) for item in succeeded.from_text
    }


PLATFORM_TEXT = ("the app returns 503 Service Unavailable after the deploy", "503")


def until_platform_asked(real, text, status, platform=guide.UNSURE, limit=6):
    """Walk `text` answering "Not sure" until the guide asks for the platform at a step:
    (the pairs so far, the evidence, that step), or (pairs, evidence, None)."""
    evidence = intake.text_evidence(current(), text)
    pairs = [("status", status), ("platform", platform)]
    for _ in range(limit):
        step = guide.step(real, pairs, evidence, text)
        if step.question is None:
            break
        if step.question.is_platform:
            return pairs, evidence, step
        pairs = guide.with_answer(pairs, step.question.slug, guide.UNSURE)
    return pairs, evidence, None


def shares(step):
    return {r.cause.key: r.share for r in step.ranked}


@pytest.mark.django_db
def test_the_platform_is_asked_at_a_step_when_causes_of_products_nobody_named_lead(real):
    """A reader who left the platform open, whose leading causes are tied to products the text
    never names (IIS's application pool, Heroku's crashed dyno for a plain "503 after the
    deploy"), is asked for the platform once, after a first question: the leaders' platforms
    and "None of these" over exactly those."""
    text, status = PLATFORM_TEXT
    pairs, evidence, step = until_platform_asked(real, text, status)
    assert step is not None and step.asked >= 1
    offered = [slug for slug, _label in step.options]
    *platforms, none_of = offered
    assert none_of == "none:" + ",".join(platforms)
    assert step.question.label_for(none_of).startswith("None of these (")
    leaders = {p for r in step.ranked[:12] for p in r.cause.platforms}
    assert set(platforms) <= leaders and "iis" in platforms
    # "Not sure" is an answer: it is not asked again, and it counts among the questions
    after = guide.with_answer(pairs, "platform", guide.UNSURE)
    later = walk_not_sure(real, text, after, 8)
    assert "platform" not in later
    assert guide.step(real, after, evidence, text).asked_in_all == step.asked_in_all + 1


@pytest.mark.django_db
def test_none_of_these_keeps_down_the_causes_of_those_platforms_and_a_platform_raises_its_own(
    real,
):
    text, status = PLATFORM_TEXT
    pairs, evidence, step = until_platform_asked(real, text, status)
    *platforms, none_of = [slug for slug, _label in step.options]
    before = shares(step)
    denied = guide.step(real, guide.with_answer(pairs, "platform", none_of), evidence, text)
    after = shares(denied)
    only_theirs = [
        key
        for key in before
        if real.by_key[key].platforms
        and len(real.by_key[key].platforms) <= 3
        and real.by_key[key].platforms <= set(platforms)
    ]
    assert len(only_theirs) >= 3
    assert all(after[key] < before[key] for key in only_theirs)
    top = denied.ranked[0].cause
    assert top.key not in only_theirs
    # shown against such a cause, never as a reason for it
    iis = next(r for r in denied.ranked if r.cause.key == "503/app-pool-stopped")
    assert [item.answer for item in iis.against] == [none_of]
    named = guide.step(real, guide.with_answer(pairs, "platform", "heroku"), evidence, text)
    assert shares(named)["503/heroku-app-crashed"] > before["503/heroku-app-crashed"]
    assert shares(named)["503/app-pool-stopped"] < before["503/app-pool-stopped"]


@pytest.mark.django_db
def test_the_platform_is_not_asked_when_given_nor_offered_in_a_layer_the_text_names(real):
    texts = (
        PLATFORM_TEXT,
        ("the page shows 502 Bad Gateway", "502"),
        ("uploading the image fails with 413", "413"),
        ("downloads from the bucket fail with 403", "403"),
    )
    for text, status in texts:
        _pairs, _evidence, step = until_platform_asked(real, text, status, platform="nginx")
        assert step is None, text
    asked = 0
    for text, status in texts:
        named = f"{text} (our FastAPI app behind nginx)"
        _pairs, evidence, step = until_platform_asked(real, named, status)
        if step is None:
            continue
        asked += 1
        layers = guide.model.layers_of(evidence.platforms)
        assert {"app", "proxy"} <= layers
        offered = [slug for slug, _label in step.options[:-1]]
        assert not guide.model.layers_of(offered) & layers, (text, offered)
    assert asked >= 2  # checked on most of these texts, not vacuously


@pytest.mark.django_db
def test_a_check_on_a_question_answered_not_sure_says_so(real, client):
    """A result's check may be a question the reader answered "Not sure" (finding it out is
    what tells the first two apart); the page says so rather than seem to ask it again. A
    check on a question never asked says nothing of the kind."""
    from troubleshooter.web import guide_state

    seen = {True: 0, False: 0}
    for code in ("502", "503", "504", "401", "403", "404", "413", "429", "500", "0"):
        pairs = [("status", code), ("platform", guide.UNSURE)]
        for _ in range(guide.MAX_TOTAL):
            step = guide.step(real, pairs)
            if step.question is None:
                break
            pairs = guide.with_answer(pairs, step.question.slug, guide.UNSURE)
        for done in (step, guide.step(real, pairs[:3], done=True)):
            check = done.check
            if check is None:
                continue
            asked = {slug for slug, answer in done.pairs if answer == guide.UNSURE}
            assert check.unsure == (check.question.slug in asked)
            seen[check.unsure] += 1
            html = client.get(
                f"/guide/?{guide_state.query(done.pairs, done=True)}"
            ).content.decode()
            assert ("you answered Not sure" in html) == check.unsure
    assert seen[True] >= 2 and seen[False] >= 2  # both kinds checked, not vacuously
