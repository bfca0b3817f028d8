"""The `--plain` session UI: line by line, no colour, no full-screen.

For scripts, tests and screen readers. The protocol is fixed and documented
in the README:

* each card's prompt is printed;
* the answer is every line up to a line that is exactly `.`;
* the model answer, the key points covered/missed and the suggested rating
  are printed;
* one line is read: `1`-`4`, empty for the suggestion, `s` to skip, or `q` to
  quit (the session is saved and `--resume` continues it);
* end of input ends the session cleanly: it is saved, and the exit status is 0.
"""
from __future__ import annotations

from trainer.invocation import program
from trainer.rating import Rating
from trainer.sessions.views import (
    Feedback,
    Header,
    Prompt,
    Reply,
    RevealAction,
    RevealReply,
    Summary,
)
from trainer.ui.line_io import LineIO
from trainer.ui.session_text import (
    card_heading,
    format_interval,
    scorecard_lines,
    summary_lines,
)


class PlainUI(LineIO):
    """Reads answers and ratings from a text stream, writes plain text."""

    def begin(self, header: Header) -> None:
        line = f"{header.title}: {header.total} card{'s' if header.total != 1 else ''}"
        if header.resumed_at:
            line += f" (resuming at card {header.resumed_at})"
        self._print(line)
        self._print()

    # --- one card ----------------------------------------------------------------------
    def ask(self, prompt: Prompt) -> Reply:
        self._print(f"[{prompt.number}/{prompt.total}] {card_heading(prompt.card)}")
        self._print(prompt.card.prompt.strip())
        limit = ""
        if prompt.time_limit:
            limit = f" You have {format_interval(prompt.time_limit)}."
        self._print(f"(Type your answer; end it with a line containing only '.'. "
                    f"An empty answer shows the model answer.{limit})")
        return self._read_answer()

    def reveal(self, feedback: Feedback) -> RevealReply:
        fb = feedback
        if fb.timed_out:
            self._print(f"Time is up ({format_interval(fb.seconds)} used).")
        self._print()
        self._print("Model answer:")
        self._print(fb.card.answer.strip())
        if fb.card.detail:
            self._print(f"(More, with code: {program()} content show {fb.card.id})")
        if fb.points:
            covered = sum(p.covered for p in fb.points)
            self._print()
            self._print(f"Key points ({covered} of {len(fb.points)} covered):")
            for p in fb.points:
                self._print(f"  [{'x' if p.covered else ' '}] {p.text}")
        for mc in fb.misconceptions:
            self._print(f"  ✘ Misconception: {mc.correction}")
        for flag in fb.flags:
            self._print(f"  Red flag: {flag.title or flag.id}")
        for signal in fb.signals:
            self._print(f"  Strong signal: {signal.title or signal.id}")
        self._print()
        self._print(f"Suggested rating: {fb.suggested.key} {fb.suggested.label}")
        choices = "  ".join(f"{r.key} {r.label} ({format_interval(fb.intervals[r].total_seconds())})"
                            for r in sorted(fb.intervals))
        while True:
            self._print(f"Rate: {choices}  [Enter = {fb.suggested.key}, s = skip, q = quit]")
            line = self._readline()
            if line is None or line.strip().lower() == "q":
                return RevealReply(RevealAction.PAUSE)
            choice = line.strip().lower()
            rating = fb.suggested if choice == "" else Rating.from_key(choice)
            if rating is not None or choice == "s":
                self._print()
            if rating is not None:
                return RevealReply.grade(rating)
            if choice == "s":
                return RevealReply(RevealAction.SKIP)
            self._print(f"'{line.strip()}' is not a rating: type {min(Rating).key}-"
                        f"{max(Rating).key}, Enter for "
                        f"{fb.suggested.key}, s to skip, or q to quit.")

    def finish(self, summary: Summary) -> None:
        self._print()
        for line in summary_lines(summary):
            self._print(line)
        if summary.scorecard:
            self._print()
            for line in scorecard_lines(summary.scorecard):
                self._print(line)
