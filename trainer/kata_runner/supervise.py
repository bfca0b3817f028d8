"""The supervision loop of a Python kata check: clocks, the phase table, restarts.

`supervise()` drives the attempts of one check (`attempt.py`) and yields the progress
events. The judge reports every test *before* it starts and *after* it ends
(`protocol.py`); the phases of an attempt are the table of `check_machine.py`, and an
event the table does not allow is a protocol violation: an error result, never a crash
and never a pass.

* The parent enforces the clocks: one deadline for the whole run (default 20 s) and a
  per-test limit (default 5 s). On a per-test timeout it asks the worker where it is
  (SIGUSR1: faulthandler dumps the stack, from which we keep the learner's lines),
  kills both processes, marks that test "timed out", and starts a new attempt on the
  tests not yet run.
* A worker that dies mid-test (a segfault, `os._exit(0)`, the kernel killing it for
  memory) marks that test failed with the reason, and the rest run in a new attempt.
* Only a "finished" event ends a run normally, and the tests that ran must be the
  suite's recorded ones (`manifest.py`).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from trainer.kata_runner import check_machine, protocol
from trainer.kata_runner.attempt import Attempt
from trainer.kata_runner.blame import NO_EXIT, death, frames_from_dump, last_lines, stderr_hint
from trainer.kata_runner.events import Event, Restarted, TestFinished, TestStarted
from trainer.kata_runner.limits import fmt_seconds
from trainer.kata_runner.report import TestResult
from trainer.kata_runner.results import (
    Results,
    give_up,
    on_collected,
    out_of_time,
    violation,
)
from trainer.kata_status import Verdict

Spawn = Callable[[int, "list[str] | None"], Attempt]


def supervise(run: Results, spawn: Spawn, solution: str,
              manifest: list[str] | None) -> Iterator[Event]:
    """Run attempts until the suite is done, the clock runs out or no test can run."""
    limits, report = run.limits, run.report
    attempt = 0
    while True:
        attempt += 1
        child = spawn(attempt, run.remaining() if attempt > 1 else None)
        phase, current, since = "start", None, time.monotonic()
        fsm = check_machine.new_attempt()  # the table of allowed events per phase
        finished = progress = settled = lost = False
        timeout_kind = None
        try:
            while True:
                now = time.monotonic()
                deadline, kind = run.run_deadline, "run"
                if phase in ("import", "test"):
                    own = since + limits.test_seconds
                    if own < deadline:
                        deadline, kind = own, phase
                if now >= deadline:
                    timeout_kind = kind
                    break
                if not child.events_open:
                    break
                batch = child.read(min(deadline - now, 0.5))
                if not batch and child.events_open and child.judge_done():
                    # The judge is gone, yet its pipe is still open (it should not be:
                    # nothing else holds it). Take what is left and stop listening.
                    batch = child.read(0)
                    if not batch:
                        child.events_open = False
                if child.violation is not None:
                    violation(run, child.violation)
                    finished = True
                for ev in batch:
                    problem = check_machine.advance(fsm, ev.kind)
                    if problem is not None:
                        violation(run, problem)
                        finished = True
                        break
                    if isinstance(ev, protocol.Importing):
                        phase, since = "import", time.monotonic()
                    elif isinstance(ev, protocol.ImportFailed):
                        give_up(run, attempt, ev.message or "your module could not be imported",
                                ev.frames)
                        report.output = report.output or ev.output
                        finished = True
                    elif isinstance(ev, protocol.Imported):
                        phase = "collect"
                        if attempt == 1:
                            report.output = ev.output
                    elif isinstance(ev, protocol.SuiteCollected):
                        phase = "between"
                        if not run.collected:
                            run.collected = True
                            yield from on_collected(run, ev, manifest)
                            if run.fatal:
                                finished = True
                    elif isinstance(ev, protocol.Started):
                        if ev.id not in run.names or ev.id in run.results:
                            violation(run, f"a start of the unknown or finished test {ev.id!r}")
                            finished = True
                            break
                        phase, current, since = "test", ev.id, time.monotonic()
                        yield TestStarted(ev.id, run.names[ev.id][0], len(run.results),
                                          len(run.order))
                    elif isinstance(ev, protocol.Ended):
                        if ev.id != current:
                            violation(run, f"a result for {ev.id!r}, which was not running")
                            finished = True
                            break
                        name, task_id = run.names[ev.id]
                        result = TestResult(
                            id=ev.id, name=name, status=ev.status, message=ev.message,
                            output=ev.output, task_id=task_id, frames=ev.frames,
                            duration=ev.duration,
                        )
                        run.results[ev.id] = result
                        phase, current, progress = "between", None, True
                        yield TestFinished(result, len(run.results), len(run.order))
                    elif isinstance(ev, protocol.RunEnded):
                        report.rpc_calls += ev.calls
                        finished = True
                    elif isinstance(ev, protocol.Lost):
                        if ev.why.startswith("protocol violation"):
                            violation(run, ev.why)
                            finished = True
                        else:
                            lost = True
                    elif isinstance(ev, protocol.Crashed):
                        detail = ev.message or child.judge_stderr.decode("utf-8", "replace")
                        give_up(run, attempt, "the hidden suite could not run: "
                                + last_lines(detail), [])
                        finished = True
                    if finished:
                        break
                if lost:
                    break
                if finished:
                    break
            dump = ""
            if timeout_kind in ("import", "test"):
                dump = child.where_is_it()
            if timeout_kind:
                child.kill()
            settled = True
        finally:
            if not settled:  # closed early (Ctrl-C, generator closed): stop it now
                child.kill()
            code = child.finish()
        if finished:
            return
        # The attempt ended without a "finished": find out why and who to blame.
        if timeout_kind == "run":
            out_of_time(run, phase, current)
            return
        if timeout_kind:
            frames = frames_from_dump(dump, solution)
            where = f" (your code was at line {frames[-1].line})" if frames else ""
        else:
            frames = frames_from_dump(child.stderr.decode("utf-8", "replace"), solution)
            where = ""
        if phase in ("start", "import", "collect"):
            if timeout_kind == "import":
                message = (f"importing your module took longer than "
                           f"{fmt_seconds(limits.test_seconds)}: an endless loop at import "
                           f"time?{where}")
            elif phase == "import":
                message = f"{death(code, child.killed_by_us, limits)} while importing your module"
                if code >= 0:
                    message += NO_EXIT
            else:
                message = (f"{death(code, child.killed_by_us, limits)} before any test "
                           f"ran{stderr_hint(child)}")
            give_up(run, attempt, message, frames)
            return
        if phase == "test" and current is not None:
            if timeout_kind == "test":
                message = f"timed out after {fmt_seconds(limits.test_seconds)}: an endless loop?"
            else:
                message = f"{death(code, child.killed_by_us, limits)} during this test"
                if code >= 0:
                    message += NO_EXIT
            result = run.placeholder(current, Verdict.ERROR, message, frames)
            run.results[current] = result
            progress = True
            yield TestFinished(result, len(run.results), len(run.order))
            reason = f"{result.name}: {message}"
        else:
            # Not inside a test: no test to blame, but the run did not finish either,
            # so it is never a pass. Say where it happened.
            last = not run.remaining()
            where = "after the last test" if last else "between two tests"
            message = f"{death(code, child.killed_by_us, limits)} {where}, before the run finished"
            if code >= 0:
                message += NO_EXIT
            marker = f"(test process, run {attempt})"
            run.results[marker] = TestResult(id=marker, name=f"({where})", status=Verdict.ERROR,
                                              message=message, frames=frames)
            reason = message
        if not run.remaining():
            return
        if not progress:
            for tid in run.remaining():
                run.results[tid] = run.placeholder(tid, Verdict.ERROR, f"not run: {message}")
            return
        if time.monotonic() >= run.run_deadline:
            out_of_time(run, "between", None)
            return
        report.restarts += 1
        yield Restarted(reason, len(run.remaining()))
