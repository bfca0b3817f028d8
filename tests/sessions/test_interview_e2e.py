"""A plain-mode interview end to end in a real subprocess, with the real kata judge.

Questions with probes, a coding phase that checks a real file written into the
interview's workspace, a scorecard (also as Markdown), and the next review
starting with the recommended cards. Slow (it runs the hidden suite): `katas`.
"""
from __future__ import annotations

import json
import queue
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.helpers.proc import spawn, trainer

pytestmark = pytest.mark.katas

REPO = Path(__file__).resolve().parents[2]


class Trainer:
    """A running `trainer` whose output is read line by line, with a deadline."""

    def __init__(self, home: Path, *args: str) -> None:
        self.proc = spawn(*args, home=home)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def until(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {text!r} in:\n" + "\n".join(self.seen[-40:]))
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError(f"ended before {text!r}:\n" + "\n".join(self.seen[-40:]))
            self.seen.append(line)
            if text in line:
                return line

    def send(self, *lines: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("".join(line + "\n" for line in lines))
        self.proc.stdin.flush()

    def close(self, timeout: float = 60.0) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        code = self.proc.wait(timeout=timeout)
        while True:
            line = self.lines.get(timeout=5)
            if line is None:
                break
            self.seen.append(line)
        return code


def test_a_plain_interview_end_to_end(home, tmp_path):
    md = tmp_path / "scorecard.md"  # a new file (an existing one is refused up front)
    t = Trainer(home, "interview", "--plain", "--level", "junior", "--minutes", "30",
                "--markdown", str(md))
    try:
        t.until("[Question 1 of 3 · junior]")
        t.send("Each state is its own class, and the behaviour changes with the mode.", ".")
        probe = t.until("[Probe on question 1]")
        assert "time left" in probe
        t.send("The context holds the current state and delegates each call to it.", ".")
        t.until("[Probe on question 1]")
        t.send("I do not know.", ".")
        t.until("[Question 2 of 3 · junior]")
        t.send("Because it is cleaner.", ".")
        t.until("on question 2]")
        t.send(".")
        t.until("on question 2]")
        t.send(".")
        t.until("[Question 3 of 3 · junior]")
        t.send("An interface, a context struct, one type per state.", ".")
        t.until("on question 3]")
        t.send(".")
        t.until("on question 3]")
        t.send(".")
        t.until("LIVE CODING: Vending machine")
        solution = Path(t.until("Your file: ").split("Your file: ", 1)[1])
        assert solution.is_file() and (solution.parent / "README.md").is_file()
        t.until("Type check, hint, done or q.")
        t.send("check")
        failing = t.until("last check: ", timeout=120)
        assert "fail" in failing
        shutil.copyfile(REPO / "katas" / "vending" / "reference" / "vending.py", solution)
        t.send("check")
        passing = t.until("last check: ", timeout=120)
        assert "pass" in passing
        t.send("done")
        t.until("SCORECARD: ")
        assert t.close() == 0
    finally:
        if t.proc.poll() is None:
            t.proc.kill()
    out = "\n".join(t.seen)
    assert "probe 1.1:" in out and "-> recovered" in out and "-> not recovered" in out
    assert "Live coding, Vending machine with a stock guard (python): 52/52 tests" in out
    assert "checks 2, hints 0" in out and "first green never" not in out
    assert "Practise next (first in your next review): " in out
    assert "Traceback" not in out
    text = md.read_text()
    assert text.startswith("# Interview (junior, python): scorecard") and "## Live coding" in text

    recommended = out.split("Practise next (first in your next review): ", 1)[1].split("\n")[0]
    first = [c.strip() for c in recommended.split(",")]
    r = trainer("review", "--plain", home=home)
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(home / "progress.sqlite3") as c:
        payload = c.execute("select payload from sessions where kind = 'review'").fetchone()[0]
    assert json.loads(payload)["queue"][:3] == first
    r = trainer("mock", "--history", "--plain", home=home)
    assert r.returncode == 0 and "hire" in r.stdout.lower(), r.stderr
