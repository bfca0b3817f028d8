"""The interview loop, headless: its table, probing, the coding phase, the clock, the scorecard.

Kata checks are replaced by a fast fake that reads the workspace file (the real
judge runs in test_interview_e2e.py); everything else is the real code.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from itertools import product

import pytest

from tests.helpers.cli import run_cli
from trainer.fsm import InvalidTransition
from trainer.grading import Grade, MisconceptionHit, PointResult
from trainer.kata_runner.report import Report, TestResult
from trainer.rating import Rating
from trainer.sessions import interview_kata
from trainer.sessions.interview import InterviewSession, interview_questions
from trainer.sessions.interview_machine import INTERVIEW_MACHINE, InterviewEvent, InterviewState
from trainer.sessions.interview_payload import InterviewPayload
from trainer.sessions.interview_views import CodingMove
from trainer.sessions.probing import GENERIC_CHALLENGE, MAX_PROBES, Probe, next_probe
from trainer.sessions.views import Reply

S, E = InterviewState, InterviewEvent


class Mono:
    """A steppable monotonic clock."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@dataclass
class ScriptedUI:
    """Answers and coding moves from a script; each step may advance the clock or run a side effect."""

    mono: Mono
    script: deque = field(default_factory=deque)
    asks: list = field(default_factory=list)
    views: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    finished: list = field(default_factory=list)

    def begin(self, header):
        self.header = header

    def _next(self):
        step = self.script.popleft() if self.script else "pause"
        if callable(step):
            step = step()
        return step

    def ask(self, ask):
        self.asks.append(ask)
        step = self._next()
        if step == "pause":
            return Reply("pause")
        text, seconds = step if isinstance(step, tuple) else (step, 30.0)
        self.mono.t += seconds
        return Reply("answer", text, seconds)

    def coding(self, view, heartbeat):
        self.views.append(view)
        self.heartbeat = heartbeat
        step = self._next()
        if isinstance(step, tuple):
            step, seconds = step
            self.mono.t += seconds
        return CodingMove(step)

    def checking(self, view):
        pass

    def finish(self, scorecard, paused, hint):
        self.finished.append((scorecard, paused))

    def notice(self, text):
        self.notices.append(text)


@pytest.fixture
def fake_check(monkeypatch):
    """A check that passes when the file says so: 10/10 with "SOLVED", else 3/10."""
    calls = []

    def check(kata, solution, lang="python"):
        calls.append(solution)
        solved = "SOLVED" in solution.read_text()
        passed = 10 if solved else 3
        tests = [TestResult(str(i), f"test {i}", "pass" if i < passed else "fail")
                 for i in range(10)]
        report = Report(kata.slug, str(solution), "pass" if solved else "fail", tests=tests,
                        duration=0.005)
        return interview_kata.KataCheck(report, () if solved else ("rule 1: something",))

    monkeypatch.setattr(interview_kata, "check", check)
    return calls


def new_session(ctx, mono, *, level="junior", minutes=45.0, queue=None):
    bank, store, scheduler = ctx
    kata = interview_kata.pick_kata(level, None)
    queue = queue if queue is not None else interview_questions(bank, level)
    return InterviewSession.new(store, bank, scheduler, queue=queue, kata=kata, level=level,
                                minutes=minutes, lang="python", monotonic=mono)


def resume(ctx, mono):
    bank, store, scheduler = ctx
    return InterviewSession.resume(store, bank, scheduler, monotonic=mono)


def write_solution(session, text):
    def step():
        from pathlib import Path

        Path(session.coding.solution).write_text(text)
        return "check"
    return step


# --- the table -------------------------------------------------------------------------------

class OnlyThisGuard:
    """A context where one named guard holds (all others fail) and actions are recorded."""

    def __init__(self, guard: str) -> None:
        self.guard, self.calls = guard, []

    def __getattr__(self, name):
        def call(*a, **k):
            self.calls.append(name)
            return name == self.guard
        return call


@pytest.mark.parametrize("row", INTERVIEW_MACHINE.transitions,
                         ids=lambda t: f"{t.source.value}-{t.event.value}-{t.target.value}")
def test_every_row_fires_to_its_target_when_its_guard_holds(row):
    context = OnlyThisGuard(row.guard_name)
    machine = INTERVIEW_MACHINE.machine(row.source, context=context)
    assert machine.send(row.event) is row.target
    if row.action is not None:
        assert context.calls[-1] == row.action_name


def test_every_other_pair_is_refused_and_keeps_the_state():
    rows = {(t.source, t.event) for t in INTERVIEW_MACHINE.transitions}
    illegal = [(s, e) for s, e in product(S, E) if (s, e) not in rows]
    assert illegal
    for source, event in illegal:
        machine = INTERVIEW_MACHINE.machine(source, context=OnlyThisGuard(""))
        with pytest.raises(InvalidTransition):
            machine.send(event)
        assert machine.state is source


def test_the_loop_is_registered_and_drawn_whole():
    from trainer.machine_registry import MACHINES, load_definition

    assert "interview" in MACHINES
    diagram = load_definition("interview").to_mermaid()
    for state in S:
        assert state.value in diagram
    assert "coding --> coding : check" in diagram


@pytest.mark.parametrize("level,count", [("junior", 3), ("middle", 4), ("senior", 4),
                                         ("staff", 3), (None, 5)])
def test_three_to_five_questions_by_level_in_interview_order(ctx, level, count):
    bank = ctx[0]
    queue = interview_questions(bank, level)
    assert len(queue) == min(count, len(bank.select(kinds=["question"],
                                                    levels=[level] if level else None)))
    numbers = [bank.get(q).number for q in queue]
    assert numbers == sorted(numbers)
    assert all(bank.get(q).kind == "question" for q in queue)
    assert interview_questions(bank, level, offset=1) != queue or level == "staff"


# --- probing -----------------------------------------------------------------------------------

def test_probe_order_misconception_then_missed_point_then_follow_up_and_at_most_two(ctx):
    bank = ctx[0]
    card = bank.get("q19-mutex-vs-atomic")
    points = tuple(PointResult(kp.text, i == 0, None, kp.probe) for i, kp in enumerate(card.key_points))
    wrong = MisconceptionHit("atomic-is-enough", "atomic makes it safe", "it stops torn reads only",
                             "Two goroutines both read pending. What happens?", "atomic is safe")
    g = Grade(card.id, 1 / 6, Rating.AGAIN, points, (wrong,))
    first = next_probe(card, [g], ["atomic is safe"], [], bank)
    assert first == Probe("misconception", wrong.challenge, card.id, "atomic-is-enough")
    second = next_probe(card, [g], ["atomic is safe"], [first], bank)
    assert second.kind == "point" and second.text == card.key_points[2].probe
    assert next_probe(card, [g], ["x"], [first, second], bank) is None  # MAX_PROBES
    assert MAX_PROBES == 2
    no_challenge = MisconceptionHit("m", "c", "fix", None, None)
    g2 = Grade(card.id, 0.2, Rating.AGAIN, points, (no_challenge,))
    assert next_probe(card, [g2], ["x"], [], bank).text == GENERIC_CHALLENGE


def test_a_complete_answer_moves_on_and_follow_ups_come_when_probes_run_out(ctx):
    bank = ctx[0]
    card = bank.get("q01-state-pattern")
    full = Grade(card.id, 1.0, Rating.EASY,
                 tuple(PointResult(kp.text, True) for kp in card.key_points))
    assert next_probe(card, [full], ["all of it"], [], bank) is None
    thin = Grade(card.id, 0.2, Rating.AGAIN,
                 tuple(PointResult(kp.text, i == 2 or i == 3, None, kp.probe)
                       for i, kp in enumerate(card.key_points)))
    probe = next_probe(card, [thin], ["blah"], [], bank)
    assert probe.kind == "follow_up" and probe.card_id == bank.follow_ups(card.id)[0].id


# --- the whole loop ---------------------------------------------------------------------------------

def test_an_interview_with_probes_coding_and_a_scorecard(ctx, fake_check):
    bank, store, scheduler = ctx
    mono = Mono()
    session = new_session(ctx, mono, queue=["q01-state-pattern", "q05-context"])
    q1, q5 = bank.get("q01-state-pattern"), bank.get("q05-context")
    ui = ScriptedUI(mono, deque([
        ("Each state is its own class and behaviour changes with the mode.", 60),
        ("The context holds the current state and delegates every call to it.", 40),
        ("I am not sure.", 20),
        (q5.answer, 90),                     # complete: moves on, no probe
        write_solution(session, "class VendingMachine: pass"),
        "hint",
        write_solution(session, "# SOLVED"),
        ("done", 100),
    ]))
    scorecard = session.run(ui)
    assert session.state is S.FINISHED and scorecard is not None
    kinds = [a.probe for a in ui.asks]
    assert kinds == [None, "point", "point", None]
    assert ui.asks[1].text == q1.key_points[2].probe and ui.asks[2].text == q1.key_points[3].probe
    q = scorecard["questions"][0]
    assert [p["recovered"] for p in q["probes"]] == [True, False]
    assert q["recovered"] >= 1 and q["covered"] < q["points"]
    assert scorecard["questions"][1]["probes"] == []
    kata = scorecard["kata"]
    assert (kata["passed"], kata["total"], kata["checks"], kata["hints"]) == (10, 10, 2, 1)
    assert kata["first_green"] is not None and kata["ended"] == "done"
    assert len(fake_check) == 2   # "done" with an unchanged file runs no extra check
    assert 2 <= len(scorecard["reasons"]) <= 3 and scorecard["verdict"]
    assert len(scorecard["practise"]["cards"]) == 3
    assert scorecard["practise"]["cards"][0]["id"] == "q01-state-pattern"
    # saved with the mock history, and the recommended cards come first in the next review
    assert store.scorecards(limit=5)[0].scorecard["kind"] == "interview"
    from trainer.sessions.practice_next import put_first, recommended

    assert recommended(store) == [c["id"] for c in scorecard["practise"]["cards"]]
    assert put_first(store, bank, ["q10-transition-logging"])[:3] == recommended(store)
    # every answer, probes included, was graded by grade() and stored
    item = session.payload.items[0]
    assert item.grade["card"] == q1.id and all(p.grade for p in item.probes)
    assert store.kata_summary()["vending"].runs == 2


def test_pause_in_the_coding_phase_stops_the_clock_and_resume_continues(ctx, fake_check):
    mono = Mono()
    session = new_session(ctx, mono, queue=["q05-context"])
    q5 = ctx[0].get("q05-context")
    ui = ScriptedUI(mono, deque([(q5.answer, 120), ("check", 60), "pause"]))
    assert session.run(ui) is None and ui.finished == [(None, True)]
    assert session.state is S.PAUSED
    spent = session.payload.elapsed
    assert spent == pytest.approx(180)
    mono.t += 5000   # paused for a long time
    again = resume(ctx, mono)
    assert again.state is S.PAUSED and again.elapsed() == pytest.approx(spent)
    ui2 = ScriptedUI(mono, deque([("done", 30)]))
    card = again.run(ui2)
    assert ui2.header.resumed_in == "coding"
    assert ui2.views[0].clock.left == pytest.approx(45 * 60 - spent)
    assert card["kata"]["checks"] == 1 and card["elapsed"] == pytest.approx(spent + 30)


def test_a_killed_interview_resumes_with_the_clock_of_its_last_save(ctx, fake_check):
    mono = Mono()
    session = new_session(ctx, mono, queue=["q05-context"])
    q5 = ctx[0].get("q05-context")

    def crash():
        raise SystemExit("kill -9")

    ui = ScriptedUI(mono, deque([(q5.answer, 100), ("check", 50), crash]))
    with pytest.raises(SystemExit):
        session.run(ui)
    mono.t += 9999
    again = resume(ctx, mono)
    assert again.state is S.CODING   # never paused: it continues where it was
    assert again.elapsed() == pytest.approx(150)
    card = again.run(ScriptedUI(mono, deque(["done"])))
    assert card["kata"]["checks"] == 1


def test_the_questions_budget_ends_the_questions_and_the_clock_ends_the_coding(ctx, fake_check):
    mono = Mono()
    session = new_session(ctx, mono, minutes=10, queue=["q01-state-pattern", "q05-context"])
    ui = ScriptedUI(mono, deque([("something vague", 400), ("check", 400)]))
    card = session.run(ui)
    assert len(ui.asks) == 1                       # 10 min x 0.45 = 270 s for questions
    assert card["kata"]["ended"] == "time" and card["kata"]["checks"] == 1
    assert [q["id"] for q in card["questions"]] == ["q01-state-pattern"]


def test_a_missing_go_track_and_an_unknown_kata_are_one_line_errors(monkeypatch):
    from trainer.errors import TrainerError

    kata = interview_kata.pick_kata("junior", None)
    monkeypatch.setattr(interview_kata, "_golang", lambda part: None)  # a build without Go
    with pytest.raises(TrainerError, match="no Go track") as err:
        interview_kata.check_lang(kata, "go")
    assert err.value.exit_code == 2
    with pytest.raises(TrainerError, match="unknown language"):
        interview_kata.check_lang(kata, "rust")
    with pytest.raises(TrainerError, match="unknown kata"):
        interview_kata.pick_kata(None, "nope")


def test_the_score_follows_the_printed_rule_and_the_verdict_is_explained(ctx):
    from trainer.sessions import interview_scorecard as sc

    bank = ctx[0]
    card = bank.get("q05-context")
    n = len(card.key_points)
    points = [{"point": kp.text, "covered": i < 2} for i, kp in enumerate(card.key_points)]
    probe_points = [{"point": kp.text, "covered": i == 2} for i, kp in enumerate(card.key_points)]
    payload = {
        "title": "t", "minutes": 45, "lang": "python", "clock": {"elapsed": 100.0},
        "level": None, "budgets": {"questions": 1215, "coding": 1485}, "queue": [card.id],
        "started_at": "2026-01-01T00:00:00+00:00",
        "kata": {"slug": "vending", "title": "Vending"},
        "items": [{"card": card.id, "answer": "some answer", "seconds": 60, "timed_out": False,
                   "grade": {"card": card.id, "points": points, "misconceptions": [],
                             "red_flags": ["rf01-growing-switch"], "strong_signals": []},
                   "probes": [{"kind": "point", "text": "p?", "card": card.id, "target": "x",
                               "answer": "more", "recovered": True,
                               "grade": {"card": card.id, "points": probe_points,
                                         "misconceptions": [], "red_flags": [],
                                         "strong_signals": []}}]}],
        "coding": {"workspace": "w", "solution": "w/s.py", "started": 0.0,
                   "checks": [{"status": "fail", "passed": 8, "total": 10, "at": 50}],
                   "hints": 1, "first_green": None, "seconds": 300, "ended": "done"},
    }
    card_out = sc.build_scorecard(bank, InterviewPayload.from_json(payload))
    q_share = (2 + sc.RECOVERED_WEIGHT * 1) / n
    k_share = 0.8 - sc.HINT_COST
    expected = sc.QUESTIONS_WEIGHT * q_share + sc.KATA_WEIGHT * k_share - sc.FLAG_PENALTY
    assert card_out["score"] == round(expected * 100)
    q = card_out["questions"][0]
    assert (q["covered"], q["recovered"], q["points"]) == (2, 1, n)
    assert card_out["red_flags"][0]["answers"] == ["1"]
    reasons = card_out["reasons"]
    assert len(reasons) == 3 and "2 of" in reasons[0] and "8/10" in reasons[1]
    assert reasons[2].startswith("Red flag:")
    assert card_out["practise"]["kata"] == "vending"     # not passed: the same kata again
    assert card_out["practise"]["cards"][0]["id"] == card.id


def test_the_heartbeat_saves_the_clock_while_the_learner_codes_without_saving(ctx, fake_check):
    mono = Mono()
    session = new_session(ctx, mono, queue=["q05-context"])
    ui = ScriptedUI(mono, deque([(ctx[0].get("q05-context").answer, 100)]))

    def code_then_crash():
        for _ in range(4):           # four minutes in the editor, no save, no command
            mono.t += 60
            ui.heartbeat()
        mono.t += 5                  # then kill -9
        raise SystemExit("kill -9")

    ui.script.append(code_then_crash)
    with pytest.raises(SystemExit):
        session.run(ui)
    again = resume(ctx, mono)
    assert again.state is S.CODING and again.elapsed() == pytest.approx(100 + 240)


@pytest.mark.parametrize("args,message", [
    (["--level", "nope"], "unknown level 'nope'"),
    (["--lang", "rust"], "unknown lang 'rust'"),
    (["--kata", "nope"], "unknown kata 'nope'"),
    (["--resume"], "no paused interview to resume"),
    (["--markdown", "{existing}"], "already exists"),
    (["--markdown", "/no/such/dir/card.md"], "no such directory"),
])
def test_bad_input_is_one_line_and_a_non_zero_exit(home, tmp_path, args, message):
    existing = tmp_path / "card.md"
    existing.write_text("mine")
    ended = run_cli("interview", "--plain", *[a.format(existing=existing) for a in args])
    assert ended.exit_code in (1, 2)
    err = ended.stderr
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert existing.read_text() == "mine"


def test_a_missing_file_is_an_error_check_recorded_like_any_other(ctx, tmp_path):
    from trainer.kata_runner.progress import record
    from trainer.kata_status import Verdict

    store = ctx[1]
    kata = interview_kata.pick_kata("junior", None)
    result = interview_kata.check(kata, tmp_path / "vending.py")
    assert result.status is Verdict.ERROR and (result.passed, result.total) == (0, 0)
    assert result.message == "vending.py is missing from the workspace"
    assert result.failures == () and result.duration_ms == 0
    assert record(store, result.report) is None
    summary = store.kata_summary()[kata.slug]
    assert summary.runs == 1 and summary.last.status is Verdict.ERROR
