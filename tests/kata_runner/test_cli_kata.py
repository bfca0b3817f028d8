"""`trainer kata ...` for real: a subprocess per command, the test's own home.

These run the installed command line the way a learner does (exit codes, one-line
errors on stderr, no tracebacks) against the real vending kata.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.kata_toys import KATAS
from tests.helpers.proc import trainer

REFERENCE = KATAS / "vending" / "reference" / "vending.py"



def one_line_error(result, code: int, fragment: str) -> None:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def workspace(home: Path) -> Path:
    return home / "katas" / "vending"


def test_start_writes_the_starter_and_readme_but_never_the_tests(home):
    r = trainer("kata", "start", "vending")
    assert r.returncode == 0, r.stderr
    ws = workspace(home)
    assert sorted(p.name for p in ws.iterdir()) == ["README.md", "vending.py"]
    assert (ws / "vending.py").read_bytes() == (KATAS / "vending" / "starter" / "vending.py").read_bytes()
    assert "vending.py" in r.stdout and "trainer kata check vending" in r.stdout


def test_start_twice_keeps_the_learners_file_and_force_backs_it_up(home):
    assert trainer("kata", "start", "vending").returncode == 0
    mine = workspace(home) / "vending.py"
    mine.write_text("# my work\n")
    again = trainer("kata", "start", "vending")
    assert again.returncode == 0 and "left as it is" in again.stdout
    assert mine.read_text() == "# my work\n"
    forced = trainer("kata", "start", "vending", "--force")
    assert forced.returncode == 0 and "Backed up" in forced.stdout
    backups = list((workspace(home) / ".backups").iterdir())
    assert [b.read_text() for b in backups] == ["# my work\n"]
    assert mine.read_text() != "# my work\n"


def test_start_with_dir_is_remembered_by_check(home, tmp_path):
    target = tmp_path / "my code"
    assert trainer("kata", "start", "vending", "--dir", str(target)).returncode == 0
    (target / "vending.py").write_text(REFERENCE.read_text())
    r = trainer("kata", "check", "vending")
    assert r.returncode == 0, r.stdout + r.stderr
    assert not workspace(home).exists()


@pytest.mark.parametrize("args,code,fragment", [
    (["kata", "start", "nope"], 2, "unknown kata 'nope' (known: "),
    (["kata", "check", "nope"], 2, "unknown kata 'nope'"),
    (["kata", "check", "vending"], 2, "no solution file at "),
    (["kata", "check", "vending", "--path", "/no/such/file.py"], 2, "no solution file at /no/such/file.py"),
    (["kata", "check", "vending", "--test-time-limit", "0"], 2, "--test-time-limit must be a number of seconds from 0.1 to 600, not 0"),
    (["kata", "reset", "vending", "--yes"], 2, "nothing to reset"),
    (["kata", "solution", "vending"], 1, "pass the kata first"),
])
def test_wrong_input_gets_one_line(args, code, fragment):
    one_line_error(trainer(*args), code, fragment)


def test_start_dir_pointing_at_a_file_is_refused(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    one_line_error(trainer("kata", "start", "vending", "--dir", str(afile)), 2, "is a file, not a directory")


def test_check_of_the_starter_fails_with_plain_messages_and_the_learners_lines(home):
    trainer("kata", "start", "vending")
    r = trainer("kata", "check", "vending")
    assert r.returncode == 1, r.stderr
    capped = re.search(r"ERROR (\d+) tests failed with NotImplementedError: VendingMachine.__init__ "
                       r"\(rules 1-\d+\) - write the constructor first", " ".join(r.stdout.split()))
    assert capped and int(capped.group(1)) > 20
    assert "First failure" in r.stdout and "rule 1 · new machine is idle with nothing selected" in r.stdout
    assert "(same as above)" not in r.stdout
    assert "NotImplementedError" in r.stdout and "vending.py:" in r.stdout
    assert f"passed, {capped.group(1)} failed, in" in r.stdout
    assert "test_vending" not in r.stdout and "conftest" not in r.stdout  # the suite stays hidden
    assert "\x1b[" not in r.stdout  # NO_COLOR
    assert max(len(line) for line in r.stdout.splitlines()) <= 80


def test_check_passes_shows_the_debrief_and_records_the_run(home):
    trainer("kata", "start", "vending")
    (workspace(home) / "vending.py").write_text(REFERENCE.read_text())
    r = trainer("kata", "check", "vending")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "passed" in r.stdout and "Debrief" in r.stdout and "Not recorded" not in r.stdout
    listed = json.loads(trainer("kata", "list", "--json").stdout)
    vending = next(k for k in listed if k["slug"] == "vending")
    assert vending["status"] == "passed" and vending["runs"] == 1
    assert vending["last"]["passed"] == vending["last"]["total"] > 20


def test_a_path_run_is_not_the_katas_own(home, tmp_path):
    scratch = tmp_path / "scratch.py"
    scratch.write_text("x = 1\n")
    r = trainer("kata", "check", "vending", "--path", str(scratch))
    assert r.returncode in (1, 2)
    said = " ".join(r.stdout.split())
    assert "Not recorded in your progress:" in said and "is not your workspace file" in said
    listed = json.loads(trainer("kata", "list", "--json").stdout)
    vending = next(k for k in listed if k["slug"] == "vending")
    assert (vending["status"], vending["runs"]) == ("not started", 0)
    trainer("kata", "start", "vending")  # --path naming the workspace file itself counts
    r = trainer("kata", "check", "vending", "--path", str(workspace(home) / "vending.py"))
    assert "Not recorded" not in r.stdout
    vending = next(k for k in json.loads(trainer("kata", "list", "--json").stdout)
                   if k["slug"] == "vending")
    assert vending["runs"] == 1


def test_check_json_is_one_exercism_object_and_keeps_the_exit_code(tmp_path):
    broken = tmp_path / "vending.py"
    broken.write_text(REFERENCE.read_text().replace("IDLE = \"idle\"", "IDLE = \"idle!\""))
    r = trainer("kata", "check", "vending", "--path", str(broken), "--json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["version"] == 3 and data["status"] == "fail"
    failing = [t for t in data["tests"] if t["status"] != "pass"]
    assert failing and all(isinstance(t["task_id"], int) for t in data["tests"])
    assert set(data["tests"][0]) == {"name", "status", "message", "output", "task_id", "duration_ms"}
    assert data["sandbox"] in ("bubblewrap", "namespaces", "none")
    assert all(isinstance(t["duration_ms"], float) and t["duration_ms"] >= 0 for t in data["tests"])


def test_check_json_of_a_syntax_error_is_status_error_exit_2(tmp_path):
    bad = tmp_path / "vending.py"
    bad.write_text("def oops(:\n")
    r = trainer("kata", "check", "vending", "--path", str(bad), "--json")
    assert r.returncode == 2
    data = json.loads(r.stdout)
    assert data["status"] == "error" and data["tests"] == [] and "SyntaxError" in data["message"]


def test_check_of_a_syntax_error_on_screen_is_exit_2_without_traceback(tmp_path):
    bad = tmp_path / "vending.py"
    bad.write_text("x = 1\ndef oops(:\n")
    r = trainer("kata", "check", "vending", "--path", str(bad))
    assert r.returncode == 2 and "Traceback" not in r.stdout + r.stderr
    assert "SyntaxError in vending.py, line 2" in r.stdout and "vending.py:2: def oops(:" in r.stdout


def test_hints_come_one_at_a_time_and_stop_at_the_last(home):
    outs = [trainer("kata", "hint", "vending").stdout for _ in range(4)]
    assert [o.splitlines()[0] for o in outs] == [
        "Hint 1 of 3 for vending", "Hint 2 of 3 for vending",
        "Hint 3 of 3 for vending", "Hint 3 of 3 for vending"]
    assert "last hint" in outs[3]


def test_solution_with_force_prints_the_reference():
    r = trainer("kata", "solution", "vending", "--force")
    assert r.returncode == 0 and r.stdout == REFERENCE.read_text()


def test_reset_asks_first_and_keeps_a_backup(home):
    trainer("kata", "start", "vending")
    mine = workspace(home) / "vending.py"
    mine.write_text("# my work\n")
    one_line_error(trainer("kata", "reset", "vending", stdin=""), 2, "needs confirmation")
    assert mine.read_text() == "# my work\n"
    r = trainer("kata", "reset", "vending", "--yes")
    assert r.returncode == 0 and "Backed up" in r.stdout
    assert [b.read_text() for b in (workspace(home) / ".backups").iterdir()] == ["# my work\n"]
    assert mine.read_bytes() == (KATAS / "vending" / "starter" / "vending.py").read_bytes()


def test_list_shows_every_kata_and_its_status(home):
    trainer("kata", "start", "vending")
    r = trainer("kata", "list")
    assert r.returncode == 0
    rows = {line.split()[0]: line for line in r.stdout.splitlines()[1:] if line.strip()}
    assert {"vending", "tcp"} <= set(rows)
    assert "in progress" in rows["vending"] and "not started" in rows["tcp"]


def test_kata_help_imports_nothing_heavy():
    code = ("import sys\nfrom trainer.cli import main\n"
            "try:\n    main(['kata', 'check', '--help'])\nexcept SystemExit:\n    pass\n"
            "print('HEAVY', [m for m in ('rich.console', 'yaml', 'sqlite3', 'watchfiles', 'pytest')"
            " if m in sys.modules])")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in r.stdout, r.stdout + r.stderr


