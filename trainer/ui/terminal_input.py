"""What the learner types in the full-screen session UI: the keys, and what each one means.

The answer box (a multi-line prompt_toolkit editor with its always-visible
toolbar), the one-key rating prompt and the pager for a long detail live
here, apart from what is drawn (`session_screens`) and the screen flow
(`terminal`), because key bindings are where terminals differ and where a
slip loses an answer. Every way out of an input (Ctrl-C, Ctrl-D, a closed
input stream) becomes a PAUSE reply the session saves: never a traceback.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.application import Application, get_app, run_in_terminal
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import ANSI, StyleAndTextTuples, fragment_list_len
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.layout.processors import TabsProcessor
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from trainer.rating import Rating
from trainer.sessions.views import Reply, ReplyAction, RevealAction, RevealReply
from trainer.ui.countdown import Countdown
from trainer.ui.wordwrap import WordWrapProcessor

TAB_WIDTH = 4    # Tab in the answer box inserts this many spaces

# prompt_toolkit styles: the toolbar stays reverse video (readable without colour),
# keys are bold, the countdown turns red near the end.
PT_STYLE = Style.from_dict({
    "bottom-toolbar": "reverse",
    "key": "bold",
    "timer": "bold",
    "timer.low": "bold fg:ansired",
    "prompt": "bold fg:ansicyan",
    "continuation": "fg:ansibrightblack",
    "placeholder": "italic fg:ansibrightblack",
    "rate": "bold",
})


class Detail:
    """The rating prompt's answer when the learner asked to unfold the card's detail."""


def _columns(default: int = 80) -> int:
    try:
        return get_app().output.get_size().columns
    except Exception:  # pragma: no cover - no app (never in practice)
        return default


def fit_items(head: StyleAndTextTuples, items: list[StyleAndTextTuples], sep: str,
              width: int) -> StyleAndTextTuples:
    """`head item · item · ...`, starting a new line between items rather than inside one."""
    out: StyleAndTextTuples = list(head)
    used = fragment_list_len(head)
    indent = " " * min(used, 8)
    for i, item in enumerate(items):
        size = fragment_list_len(item)
        if i and used + len(sep) + size > width - 1:
            out.append(("", "\n" + indent))
            used = len(indent)
        elif i:
            out.append(("", sep))
            used += len(sep)
        out += item
        used += size
    return out


class TerminalInput:
    """The keys of a session on one terminal (or a test's pipe input and dummy output)."""

    def __init__(self, *, input: Input | None, output: Output | None,
                 clock: Callable[[], float], sep: str, prompt_mark: str,
                 on_resize: Callable[[], None]) -> None:
        self.input = input
        self.output = output
        self.clock = clock
        self.sep = sep
        self.prompt_mark = prompt_mark
        self.on_resize = on_resize
        self._answers: PromptSession[str | Reply] | None = None

    def _redraw_on_resize(self, app: Application[Any]) -> None:
        """After a resize, what rich printed above the input is redrawn, not left garbled."""
        last: list[object] = [None]

        def check(_app: object) -> None:
            try:
                size = app.output.get_size()
            except Exception:  # pragma: no cover - an output without a size
                return
            if last[0] is not None and size != last[0]:
                run_in_terminal(self.on_resize)
            last[0] = size

        app.before_render += check

    # --- the answer --------------------------------------------------------------------------
    def answer_session(self) -> PromptSession[str | Reply]:
        """The one answer editor of this UI (its history and resize hook last the session)."""
        if self._answers is None:
            self._answers = PromptSession(input=self.input, output=self.output, style=PT_STYLE,
                                          multiline=True, reserve_space_for_menu=0,
                                          include_default_pygments_style=False,
                                          # Go code is indented with tabs: show spaces, not ^I.
                                          input_processors=[TabsProcessor(tabstop=4, char1=" ",
                                                                          char2=" "),
                                                            WordWrapProcessor(prefix=2)])
            self._redraw_on_resize(self._answers.app)
        return self._answers

    def toolbar(self, countdown: Countdown) -> Callable[[], StyleAndTextTuples]:
        """The keys, always on screen, and the countdown; shortened to fit narrow terminals."""
        sep = self.sep

        def render() -> StyleAndTextTuples:
            width = _columns()
            # Longest first; the first that fits is shown.
            for submit, skip, pause, pause_label, left_label in (
                # Every submit key stays listed, however narrow the terminal.
                ("Esc Enter / Alt-Enter / Ctrl-J", "Ctrl-S", "Ctrl-C", "pause & save", " left"),
                ("Esc Enter/Alt-Enter/Ctrl-J", "Ctrl-S", "Ctrl-C", "pause & save", ""),
                ("Esc Enter/Alt-Enter/^J", "^S", "^C", "pause", ""),
            ):
                keys: StyleAndTextTuples = [
                    ("", " "), ("class:key", submit), ("", " submit" + sep),
                    ("class:key", skip), ("", " skip" + sep),
                    ("class:key", pause), ("", " " + pause_label),
                ]
                timer = countdown.timer(left_label)
                used = fragment_list_len(keys + timer)
                if used + 1 <= width:
                    break
            return keys + [("", " " * max(1, width - used))] + timer

        return render

    def read_answer(self, countdown: Countdown, *, draft: str = "") -> Reply:
        """Multi-line answer input; every way out maps onto a `Reply`.

        Submit keys: Esc then Enter (at any pace: the Esc waits for its Enter), Alt-Enter
        and Ctrl-J. Tab indents with spaces; Ctrl-D pauses only an empty answer (with text
        it deletes forward, as in a shell). Untimed, Ctrl-X Ctrl-E opens $EDITOR.
        """
        session = self.answer_session()
        kb = KeyBindings()

        def done(event: KeyPressEvent, action: ReplyAction, text: str = "") -> None:
            if not event.app.is_done:
                event.app.exit(result=Reply(action, text, countdown.elapsed()))

        @kb.add("c-c")
        @kb.add(Keys.SIGINT)
        def _pause(event: KeyPressEvent) -> None:
            done(event, ReplyAction.PAUSE, event.app.current_buffer.text)

        @kb.add("c-d", filter=Condition(lambda: not get_app().current_buffer.text))
        def _pause_empty(event: KeyPressEvent) -> None:
            done(event, ReplyAction.PAUSE)

        @kb.add("c-d", filter=Condition(lambda: bool(get_app().current_buffer.text)))
        def _delete_forward(event: KeyPressEvent) -> None:
            event.current_buffer.delete(1)

        @kb.add("escape", "enter")
        @kb.add("c-j")
        def _submit(event: KeyPressEvent) -> None:
            event.current_buffer.validate_and_handle()

        @kb.add("tab")
        def _indent(event: KeyPressEvent) -> None:
            event.current_buffer.insert_text(" " * TAB_WIDTH)

        @kb.add("c-s")
        def _skip(event: KeyPressEvent) -> None:
            done(event, ReplyAction.SKIP)

        def pre_run() -> None:
            # Esc waits for the key after it: a slow Esc ... Enter still submits.
            session.app.timeoutlen = None  # type: ignore[assignment]  # None: wait for ever
            countdown.expire(session.app, lambda: session.default_buffer.text)

        timed = countdown.deadline is not None
        try:
            result = session.prompt(
                [("class:prompt", self.prompt_mark)],
                prompt_continuation=lambda width, line, wrap: [("class:continuation", "  ")],
                placeholder=lambda: [] if get_app().is_done else [("class:placeholder", "type here")],
                key_bindings=kb,
                bottom_toolbar=self.toolbar(countdown),
                refresh_interval=0.5 if timed else 0,
                enable_open_in_editor=not timed,
                pre_run=pre_run,
                default=draft,
            )
        except (KeyboardInterrupt, EOFError):
            return Reply(ReplyAction.PAUSE, "", countdown.elapsed())
        if isinstance(result, Reply):
            return result
        return Reply(ReplyAction.ANSWER, result.strip(), countdown.elapsed())

    # --- the rating --------------------------------------------------------------------------
    def read_rating(self, suggested: Rating, *, offer_detail: bool) -> RevealReply | Detail:
        """One key: 1-4, Enter (the suggestion), s, q / Ctrl-C / Ctrl-D; anything else is ignored."""
        kb = KeyBindings()

        def bind(*keys: str | Keys, result: RevealReply | Detail) -> None:
            for key in keys:
                kb.add(key)(lambda event, result=result: event.app.exit(result=result))

        for rating in Rating:
            bind(rating.key, result=RevealReply.grade(rating))
        bind("enter", result=RevealReply.grade(suggested))
        bind("s", result=RevealReply(RevealAction.SKIP))
        bind("q", "c-c", "c-d", Keys.SIGINT, result=RevealReply(RevealAction.PAUSE))
        if offer_detail:
            bind("d", result=Detail())

        first, last = min(Rating), max(Rating)
        items: list[StyleAndTextTuples] = [
            [("class:key", f"{first.key}-{last.key}")],
            [("class:key", "Enter"), ("", f" = {suggested.key} {suggested.label}")]]
        if offer_detail:
            items.append([("class:key", "d"), ("", " more (code)")])
        items += [[("class:key", "s"), ("", " skip")], [("class:key", "q"), ("", " pause & save")]]
        head: StyleAndTextTuples = [("class:rate", f" Rate {self.prompt_mark.strip()} ")]

        app: Application[RevealReply | Detail] = Application(
            layout=Layout(Window(FormattedTextControl(
                lambda: fit_items(head, items, self.sep, _columns()), show_cursor=False),
                wrap_lines=True, dont_extend_height=True)),
            key_bindings=kb, style=PT_STYLE, include_default_pygments_style=False,
            erase_when_done=True, input=self.input, output=self.output,
        )
        self._redraw_on_resize(app)
        try:
            return app.run()
        except (KeyboardInterrupt, EOFError):
            return RevealReply(RevealAction.PAUSE)

    # --- a long detail -------------------------------------------------------------------------
    def page(self, title: str, lines: list[str]) -> int:
        """Show `lines` full screen under a fixed header; PageUp/PageDown (and arrows) scroll.

        q, Esc or Enter goes back to the ratings. Returns the last scroll offset (tests).
        """
        offset = [0]

        def rows() -> int:
            try:
                return max(3, get_app().output.get_size().rows - 2)
            except Exception:  # pragma: no cover
                return 20

        def body() -> ANSI:
            return ANSI("\n".join(lines[offset[0]:offset[0] + rows()]))

        def header() -> StyleAndTextTuples:
            last = min(len(lines), offset[0] + rows())
            return [("class:rate", f" {title} "),
                    ("", f" lines {offset[0] + 1}-{last} of {len(lines)}")]

        def scroll(by: int) -> None:
            offset[0] = max(0, min(max(0, len(lines) - rows()), offset[0] + by))

        kb = KeyBindings()
        kb.add("pagedown")(lambda e: scroll(rows() - 1))
        kb.add(" ")(lambda e: scroll(rows() - 1))
        kb.add("pageup")(lambda e: scroll(-(rows() - 1)))
        kb.add("down")(lambda e: scroll(1))
        kb.add("up")(lambda e: scroll(-1))
        for key in ("q", "escape", "enter", "c-c", "c-d"):
            kb.add(key)(lambda e: e.app.exit())
        footer: StyleAndTextTuples = [("class:key", " PageUp/PageDown"), ("", " scroll"),
                                      ("", self.sep), ("class:key", "q"),
                                      ("", " back to the ratings")]
        app: Application[None] = Application(
            layout=Layout(HSplit([
                Window(FormattedTextControl(header), height=1, style="reverse"),
                Window(FormattedTextControl(body, show_cursor=False), wrap_lines=False),
                Window(FormattedTextControl(footer), height=1, style="reverse"),
            ])),
            key_bindings=kb, style=PT_STYLE, full_screen=True, input=self.input,
            output=self.output, include_default_pygments_style=False)
        try:
            app.run()
        except (KeyboardInterrupt, EOFError):
            pass
        return offset[0]
