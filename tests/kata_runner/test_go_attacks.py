"""Go learner code that tries to escape the check or fool it (the Go twin of test_attacks.py).

Each attack is data: an extra Go file of package `vending` (and, for some, a change to
the reference). "Escapes" sit beside a correct solution: the check must still pass and
reach nothing outside the run. "Stops" and "cheats" must never pass, and must say why
in plain words. After every check: nothing of ours is running, the fake progress file
and the learner's workspace are byte-identical, and the attack left no mark in /tmp.

Skipped when no Go >= 1.24 toolchain is found (the skip says so).
"""
from __future__ import annotations

import hashlib
import os
import socket
import time
from pathlib import Path

import pytest

from tests.helpers.kata_toys import KATAS
from trainer.errors import TrainerError
from trainer.kata_runner import sandbox
from trainer.kata_runner.report import ERROR, FAIL, PASS
from trainer.kata_runner.runner import Limits

REFERENCE = KATAS / "vending" / "go" / "reference" / "vending.go"
MARK = "kata-go-attack-marker-5d1c"
QUICK = Limits(run_seconds=12, test_seconds=3)
# A line of the reference that every test reaches (the getter of the selection).
SELECTED = "func (m *Machine) Selected() string {\n"


def _in_selected(body: str) -> dict[str, str]:
    """A change to the reference: `body` runs at the top of Selected()."""
    return {SELECTED: SELECTED + body}


def _init(imports: str, body: str) -> str:
    return f"package vending\n\nimport (\n{imports}\n)\n\nfunc init() {{\n{body}\n}}\n"


# name -> extra file; the check must still pass and the effect must not happen.
ESCAPES = {
    "write_home_progress_and_workspace": _init('\t"os"\n\t"path/filepath"', """
	for _, dir := range []string{os.Getenv("HOME"), {home!r}, {workspace!r}} {
		_ = os.WriteFile(filepath.Join(dir, "extra-" + {mark!r}), []byte("x"), 0o644)
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			_ = os.WriteFile(filepath.Join(dir, e.Name()), []byte("gone"), 0o644)
		}
	}"""),
    "open_a_connection": _init('\t"net"\n\t"time"', """
	if c, err := net.DialTimeout("tcp", {address!r}, time.Second); err == nil {
		_, _ = c.Write([]byte({mark!r}))
		_ = c.Close()
	}"""),
    "background_child_in_its_own_session": _init('\t"os/exec"\n\t"syscall"', """
	cmd := exec.Command("/bin/sleep", "60", {mark!r})
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	_ = cmd.Start()"""),
    "many_processes": _init('\t"os/exec"', """
	for i := 0; i < 400; i++ {
		if exec.Command("/bin/sleep", "60", {mark!r}).Start() != nil {
			break
		}
	}"""),
}
# Without a sandbox the binary runs as the user, with the network: these reach it.
NEEDS_SANDBOX = {"write_home_progress_and_workspace", "open_a_connection"}

# name -> (changes to the reference, extra file or None, words the report must contain).
STOPS = {
    "endless_loop": (_in_selected("\tfor m != nil {\n\t}\n"), None, "did not finish within"),
    "prints_100_mb": (_in_selected('\tos.Stdout.Write(make([]byte, 100<<20))\n'), None,
                      "too much output"),
    "allocates_8_gb": (_in_selected("\thog := make([]byte, 8<<30)\n\tfor i := range hog {\n"
                                    "\t\thog[i] = 1\n\t}\n"), None, "memory"),
    "exit_zero_in_init": ({}, _init('\t"os"', "\tos.Exit(0)"), "os.Exit"),
    "exit_zero_in_a_test": (_in_selected("\tos.Exit(0)\n"), None, "os.Exit(0)"),
}

# A wrong solution (Refund keeps the selection... and the state) that prints the testing
# package's own lines: a pass for every test of the suite, before and after its tests.
WRONG = {"	case from == HasCoin && ev == Refund:\n":
         "	case from == HasCoin && ev == Refund && false:\n"}


def _forge(names: list[str], tail: str) -> str:
    runs = "".join(f"\\x16=== RUN   {n}\\n\\x16--- PASS: {n} (0.00s)\\n" for n in names)
    json_lines = "".join('{\\"Action\\":\\"pass\\",\\"Package\\":\\"vending\\",'
                         '\\"Test\\":\\"' + n + '\\"}\\n' for n in names)
    passes = "".join(f"\\x16--- PASS: {n} (0.00s)\\n" for n in names)
    imports = '\t"fmt"\n\t"time"' + ('\n\t"os"' if "os." in tail else "")
    # ... and, from a goroutine, again and again while (and after) the real tests run.
    again = (f'\tgo func() {{\n\t\tfor {{\n\t\t\tfmt.Print("{passes}")\n'
             '\t\t\ttime.Sleep(5 * time.Millisecond)\n\t\t}\n\t}()\n')
    return _init(imports, f'\tfmt.Print("{runs}{json_lines}\\x16PASS\\n")\n{again}{tail}')


def _forge_in_send(names: list[str]) -> dict[str, str]:
    lines = "".join(f"\\x16--- PASS: {n} (0.00s)\\n" for n in names)
    return {"func (m *Machine) Send(ev Event, item string) error {\n":
            "func (m *Machine) Send(ev Event, item string) error {\n"
            f'\tfmt.Print("{lines}")\n'}


@pytest.fixture
def go():
    from trainer.kata_runner.golang.toolchain import find_toolchain

    try:
        return find_toolchain()
    except TrainerError as exc:
        pytest.skip(f"no Go >= 1.24 toolchain here: {exc.message}")


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _marked() -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/cmdline", "rb") as fh:
                    if MARK.encode() in fh.read():
                        found.append(int(name))
            except OSError:
                pass
    return found


@pytest.fixture
def world(tmp_path, monkeypatch):
    """A fake trainer home with progress and a workspace; afterwards both are as they
    were, nothing we started runs, and no mark was left in /tmp."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.sqlite3").write_bytes(b"SQLite format 3\x00" + os.urandom(256))
    monkeypatch.setenv("TRAINER_HOME", str(home))
    workspace = tmp_path / "ws"
    workspace.mkdir()
    state: dict[str, object] = {"home": home, "workspace": workspace}
    yield state
    time.sleep(0.1)
    assert sandbox.descendants(os.getpid()) == [], "a process outlived the check"
    assert not _marked(), "a process started by the learner's code is still running"
    assert _digest(home) == state["home_before"], "the progress store changed"
    assert _digest(workspace) == state["workspace_before"], "the learner's workspace changed"
    assert not any(MARK in n for n in os.listdir("/tmp"))


def _learner(world, changes: dict[str, str], extra: str | None) -> Path:
    source = REFERENCE.read_text()
    for old, new in changes.items():
        assert old in source, old
        source = source.replace(old, new, 1)
    if "os.Std" in source or "os.Exit" in source:
        source = source.replace("import (\n", 'import (\n\t"os"\n', 1)
    folder: Path = world["workspace"]
    (folder / "vending.go").write_text(source)
    if extra is not None:
        (folder / "attack.go").write_text(extra)
    world["home_before"] = _digest(world["home"])
    world["workspace_before"] = _digest(folder)
    return folder


def _check(folder: Path, mode: str | None = None, limits: Limits = QUICK):
    from trainer.kata_runner.catalog import get_kata
    from trainer.kata_runner.golang.check import GoCheckRun
    from trainer.kata_runner.golang.toolchain import find_toolchain
    from trainer.kata_runner.golang.track import go_track
    from trainer.kata_runner.runner import Finished

    run = GoCheckRun(go_track(get_kata("vending")), find_toolchain(), folder, limits=limits,
                     sandbox_mode=mode)
    started = time.monotonic()
    report = next(e.report for e in run.events() if isinstance(e, Finished))
    assert time.monotonic() - started < 45
    return report


CASES = [(name, mode) for name in ESCAPES for mode in sandbox.available_modes()
         if not (mode is sandbox.SandboxMode.NONE and name in NEEDS_SANDBOX)]


def _words(report) -> str:
    return " ".join([report.message or "", *(t.message or "" for t in report.tests)])


@pytest.mark.parametrize(("name", "mode"), CASES, ids=lambda x: getattr(x, "value", x))
def test_an_escape_reaches_nothing_outside_the_run(go, world, name, mode):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        listener.settimeout(0.2)
        host, port = listener.getsockname()
        code = ESCAPES[name].replace("{home!r}", f'"{world["home"]}"').replace(
            "{workspace!r}", f'"{world["workspace"]}"').replace("{mark!r}", f'"{MARK}"').replace(
            "{address!r}", f'"{host}:{port}"')
        report = _check(_learner(world, {}, code), mode.value)
        assert report.sandbox == mode.value
        if name == "many_processes":
            # What matters: we got a report and nothing survives (the world fixture). A
            # flood that reaches the process cap may also take the Go runtime's own
            # threads, and then the binary dies: its own loss, said in words.
            assert report.status == PASS or _words(report).strip(), name
        else:
            assert report.status == PASS, (name, report.message,
                                           [t.message for t in report.tests if not t.passed][:3])
        try:
            conn, _ = listener.accept()
        except OSError:
            conn = None
        assert conn is None, "the learner's code opened a connection"


@pytest.mark.parametrize("name", list(STOPS))
def test_a_runaway_is_stopped_and_named(go, world, name):
    changes, extra, words = STOPS[name]
    report = _check(_learner(world, changes, extra))
    assert report.status in (FAIL, ERROR), (name, report.status)
    assert words in _words(report), (name, _words(report)[:500])
    assert "Traceback" not in _words(report)


def test_a_hung_test_is_named_and_the_others_still_run(go, world):
    report = _check(_learner(world, {"	case from == HasCoin && ev == Refund:\n":
                                     "	case from == HasCoin && ev == Refund:\n"
                                     "		for m != nil {\n		}\n"}, None))
    hung = [t for t in report.tests if "did not finish within 3 s" in (t.message or "")]
    assert hung, [t.message for t in report.tests if not t.passed][:5]
    assert report.passed > report.total // 2  # the tests after the hung ones ran
    # The goroutine dump points into the learner's own file (an empty loop's exact line
    # is up to the compiler's line table).
    ws = str(world["workspace"] / "vending.go")
    assert all(t.frames and t.frames[-1].file == ws for t in hung), [t.frames for t in hung]


def test_forged_pass_lines_never_pass_a_wrong_solution(go, world):
    from trainer.kata_runner.catalog import get_kata
    from trainer.kata_runner.golang.check import suite_tests
    from trainer.kata_runner.golang.track import go_track

    names = suite_tests(go_track(get_kata("vending")))
    honest = _check(_learner(world, WRONG, None))
    failed = {t.id for t in honest.tests if not t.passed}
    assert honest.status == FAIL and failed
    lines = [*names, *sorted(failed), "TestBogus"]
    forged = _check(_learner(world, {**WRONG, **_forge_in_send(lines)}, _forge(lines, "")))
    assert forged.status == FAIL, forged.message
    assert failed <= {t.id for t in forged.tests if not t.passed}
    assert not any(t.id.startswith("TestBogus") for t in forged.tests)


def test_forging_every_pass_then_failing_the_process_is_an_error(go, world):
    from trainer.kata_runner.catalog import get_kata
    from trainer.kata_runner.golang.check import suite_tests
    from trainer.kata_runner.golang.track import go_track

    names = suite_tests(go_track(get_kata("vending")))
    report = _check(_learner(world, WRONG, _forge(names, "\tos.Exit(1)")))
    assert report.status == ERROR, (report.status, report.message)
    assert "exit status 1" in (report.message or "")
