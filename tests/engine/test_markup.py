"""Markdown is rendered once and sanitized: nothing a content author types can run in a browser."""

import pytest

from troubleshooter.format.markup import markdown_errors, render_markdown

HOSTILE = [
    ("script tag", "Hello <script>alert(1)</script>", ["<script", "alert(1)</script"]),
    ("javascript link", "[click](javascript:alert(1))", ["javascript:"]),
    ("javascript link in html", '<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript:"]),
    ("event handler", '<img src="x" onerror="alert(1)">', ["onerror", "<img"]),
    ("event handler on allowed tag", '<p onclick="alert(1)">x</p>', ["onclick"]),
    ("iframe", '<iframe src="https://evil.example"></iframe>', ["<iframe"]),
    ("style attribute", '<span style="background:url(x)">x</span>', ["style="]),
    ("data url link", "[x](data:text/html;base64,PHNjcmlwdD4=)", ["data:"]),
    ("svg", "<svg><script>alert(1)</script></svg>", ["<svg", "<script"]),
    ("form", '<form action="https://evil.example"><input name=a></form>', ["<form", "<input"]),
    ("object", '<object data="x.swf"></object>', ["<object"]),
]


@pytest.mark.parametrize(
    ("source", "forbidden"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE]
)
def test_hostile_markup_does_not_survive(source, forbidden):
    html = render_markdown(source).lower()
    for fragment in forbidden:
        assert fragment.lower() not in html


def test_ordinary_markdown_keeps_its_structure():
    html = render_markdown(
        "Some **bold** and `code`.\n\n- one\n- two\n\n```http\nGET / HTTP/1.1\n```\n\n"
        "[RFC 9110](https://www.rfc-editor.org/rfc/rfc9110.html)"
    )
    assert "<strong>bold</strong>" in html
    assert "<code>code</code>" in html
    assert "<li>one</li>" in html
    assert '<pre tabindex="0"><code class="language-http">GET / HTTP/1.1' in html
    assert 'href="https://www.rfc-editor.org/rfc/rfc9110.html"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_html_in_code_blocks_is_shown_as_text():
    html = render_markdown("```html\n<script>alert(1)</script>\n```")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_reserved_headings_are_reported_outside_fences_only():
    assert markdown_errors("### fine\n\n```sh\n# comment\n```") == []
    assert markdown_errors("# Title") == [
        "Line 1: headings of level 1 and 2 are reserved; use ### or deeper."
    ]
    assert markdown_errors("```\nopen") == ["A fenced code block is not closed."]
