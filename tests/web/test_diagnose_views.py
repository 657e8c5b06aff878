"""The diagnosis page through real requests: hostile input, the size limit, JSON, htmx, and the
way on into the guide."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from troubleshooter.engine import diagnose

pytestmark = pytest.mark.django_db


@settings(max_examples=settings.default.max_examples // 2)  # each example is a request
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=2000)
    | st.binary(max_size=2000).map(lambda b: b.decode("latin-1"))
)
def test_the_view_never_fails_and_never_echoes_markup(client, text):
    response = client.post("/diagnose/", {"text": text + "<i>pasted</i>"})
    assert response.status_code == 200
    assert "<i>pasted</i>" not in response.content.decode()


def test_hostile_text_is_escaped(client):
    text = 'HTTP/1.1 400\n<script>alert("x")</script><img src=x onerror=alert(1)>'
    body = client.post("/diagnose/", {"text": text}).content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_text_over_the_limit_gets_a_clear_413(client):
    response = client.post("/diagnose/", {"text": "x" * (diagnose.MAX_INPUT + 1)})
    assert response.status_code == 413
    assert "the limit is 65,536" in response.content.decode()
    assert 'id="diagnosis-title">Too long to diagnose' in response.content.decode()


def test_json_answer(client):
    response = client.post(
        "/diagnose/",
        {"text": "HTTP/1.1 405 Method Not Allowed\nAllow: GET, HEAD"},
        headers={"Accept": "application/json"},
    )
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert data["status"] == 405
    assert data["hints"] == [{"header": "Allow", "advice": "Use one of: GET, HEAD."}]
    first = data["candidates"][0]
    assert first["code"] == 405 and first["cause"] and first["title"] and first["score"] > 0
    assert data["guide_url"] == (
        "/guide/?t=HTTP%2F1.1+405+Method+Not+Allowed%0AAllow%3A+GET%2C+HEAD&a=status%3A405"
    )


def test_json_error_over_the_limit(client):
    response = client.post(
        "/diagnose/",
        {"text": "x" * (diagnose.MAX_INPUT + 1)},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 413
    assert "limit" in json.loads(response.content)["error"]


def test_htmx_gets_only_the_result(client):
    response = client.post(
        "/diagnose/", {"text": "HTTP/1.1 404 Not Found"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body and body.strip().startswith('<div id="diagnosis"')


def test_get_works_too_and_continues_in_the_guide(client):
    body = client.get("/diagnose/", {"text": "< HTTP/2 502\n< server: cloudflare"}).content.decode()
    link = re.search(r'href="(/guide/\?t=[^"]+)"', body).group(1).replace("&amp;", "&")
    assert link.endswith("&a=status%3A502&a=producer%3Aedge")
    guide = client.get(link).content.decode()
    assert "Which status code did you get? <strong>502 Bad Gateway</strong>" in guide
    assert "Your text: <q>&lt; HTTP/2 502" in guide


def test_the_diagnosis_says_how_sure_it_is_and_what_would_tell_the_first_two_apart(client):
    vague = client.get("/diagnose/", {"text": "HTTP/1.1 502 Bad Gateway"}).content.decode()
    assert "The first cause is a guess" in vague
    assert re.search(r'class="share">\(\d+%\)', vague)
    assert "To tell the first two apart" in vague
    sharp = client.get(
        "/diagnose/",
        {"text": "2024/05/14 09:12:44 [error] 6#6: *1 connect() failed (111: Connection refused) "
                 "while connecting to upstream, client: 10.0.0.1, upstream: 127.0.0.1:8000"},
    )  # fmt: skip
    assert sharp.status_code == 200
    data = client.get(
        "/diagnose/", {"text": "HTTP/1.1 502 Bad Gateway"}, headers={"Accept": "application/json"}
    ).json()
    assert data["assessment"]["first_is_a_guess"] is True
    assert sum(data["assessment"]["shares"].values()) in range(98, 103)


def test_the_page_says_which_questions_the_text_answered(client):
    """The answers read off the text weigh in the ranking, so the page and the JSON name them."""
    text = "HTTP 502 from nginx, and its error log says: no live upstreams"
    body = client.post("/diagnose/", {"text": text}).content.decode()
    listed = re.search(r'<ul class="read-answers">(.*?)</ul>', body, re.S)
    assert listed, "no answers read off the text"
    items = re.findall(r"<li>(.*?) <strong>(.*?)</strong></li>", listed.group(1))
    assert items and all(question.endswith("?") and label for question, label in items)
    data = json.loads(
        client.post("/diagnose/", {"text": text}, headers={"Accept": "application/json"}).content
    )
    assert len(data["answers"]) == len(items)
    plain = client.post("/diagnose/", {"text": "it fails"}).content.decode()
    assert "read-answers" not in plain


@pytest.mark.parametrize("text", ["hello", "it doesn't work", "my api is broken please help"])
def test_a_text_with_nothing_to_go_on_names_no_likely_cause(client, text):
    """No status, no signal, no phrase: the page says so rather than "Most likely: …", and
    asks for what would tell (the status, the exact error, the guide)."""
    body = client.get("/diagnose/", {"text": text}).content.decode()
    assert "Too little in this text to name a cause" in body and "Most likely:" not in body
    assert "<title>Diagnose an error message</title>" in body
    assert "Network tab" in body and "Continue in the guide" in body
    data = client.get("/diagnose/", {"text": text}, headers={"Accept": "application/json"}).json()
    assert data["too_little"] is True and data["assessment"]["first_is_a_guess"] is True


def test_a_status_or_a_signal_is_enough_to_name_one(client):
    for text in ("HTTP/1.1 502 Bad Gateway", "connect() failed (111: Connection refused) while "
                 "connecting to upstream", "the upload fails with Request Entity Too Large"):  # fmt: skip
        body = client.get("/diagnose/", {"text": text}).content.decode()
        assert "Most likely:" in body and "Too little" not in body, text
