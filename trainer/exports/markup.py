"""Card Markdown as self-contained HTML: code highlighted by Pygments, no network assets.

The bank's prompts, answers and details are CommonMark with GitHub tables and
```go fences. markdown-it-py (already installed with rich) parses them;
Pygments colours the fences with CSS classes whose rules (`code_css`) travel
inside the Anki note type, so a card looks the same offline, on a phone, in
any Anki client.
"""
from __future__ import annotations

from functools import cache
from html import escape
from typing import Any

CODE_CLASS = "code"


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "highlight": _highlight}).enable("table")


@cache
def _formatter() -> Any:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(cssclass=CODE_CLASS, nowrap=True)


@cache
def _lexer(lang: str) -> Any:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(lang or "text")
    except ClassNotFound:
        return get_lexer_by_name("text")


def _highlight(code: str, lang: str, _attrs: str) -> str:
    from pygments import highlight

    # Starting with <pre tells markdown-it to use this as it is (no second <pre><code>).
    spans = str(highlight(code, _lexer(lang.strip().lower()), _formatter()))
    return f'<pre class="{CODE_CLASS}"><code>{spans}</code></pre>\n'


_SPECIAL = frozenset("\\`*_[]<>#!|&~\n\r\t")
_SPECIAL_START = frozenset("-+=0123456789 ")


def is_plain(text: str) -> bool:
    """True when `text` (stripped) has nothing Markdown would treat specially: one paragraph."""
    return not (text[0] in _SPECIAL_START or any(ch in _SPECIAL for ch in text))


def to_html(markdown: str | None) -> str:
    """One Markdown text as an HTML fragment ('' for none).

    Most prompts and answers are one plain paragraph; those skip the parser
    (the same HTML, ten times faster: a 10,000-card export stays quick).
    """
    if not markdown or not markdown.strip():
        return ""
    text = markdown.strip()
    if is_plain(text):
        return "<p>" + escape(text, quote=False).replace('"', "&quot;") + "</p>"
    return str(_parser().render(text)).strip()


def checklist(points: list[str]) -> str:
    """Key points as an HTML checklist a learner ticks off in their head."""
    if not points:
        return ""
    items = "".join(f"<li>{escape(p)}</li>" for p in points)
    return f'<ul class="checklist">{items}</ul>'


def code_css() -> str:
    """The stylesheet for highlighted code (light and Anki's night mode)."""
    from pygments.styles import get_style_by_name

    light = _formatter().get_style_defs(f".{CODE_CLASS}")
    from pygments.formatters import HtmlFormatter

    dark = HtmlFormatter(cssclass=CODE_CLASS, style=get_style_by_name("monokai"))
    night = dark.get_style_defs(f".nightMode .{CODE_CLASS}")
    return f"{light}\n{night}"
