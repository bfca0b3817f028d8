"""Card Markdown to HTML: the plain-paragraph shortcut gives exactly the parser's HTML."""
from __future__ import annotations

import pytest

from trainer.bank import load_bank
from trainer.exports import markup


def _parsed(text: str) -> str:
    return str(markup._parser().render(text.strip())).strip()


def test_the_shortcut_matches_the_parser_on_the_whole_bank():
    texts = [t for c in load_bank() for t in (c.prompt, c.answer, c.detail) if t and t.strip()]
    plain = [t for t in texts if markup.is_plain(t.strip())]
    assert len(plain) > 20  # the shortcut is actually taken
    for text in texts:
        assert markup.to_html(text) == _parsed(text), text


@pytest.mark.parametrize("text", [
    'He said "stop" & left', "a < b", "1. first", "- item", "x * y * z", "`code`",
    "two\n\nparagraphs", "it's fine: really", "    indented", "# title", "a | b",
])
def test_special_text_goes_through_the_parser(text):
    assert markup.to_html(text) == _parsed(text)


def test_code_is_highlighted_with_classes_and_css_has_no_network_assets():
    html = markup.to_html("```go\nfunc main() {}\n```")
    assert html.startswith('<pre class="code"><code>') and html.count("<pre") == 1 and '<span class="kd">func</span>' in html
    css = markup.code_css()
    assert ".code .kd" in css and ".nightMode .code" in css
    assert "url(" not in css and "@import" not in css
