"""The command line's shell: help, version, home option, placeholders, errors."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.proc import trainer
from trainer import __version__

GROUPS = ["quiz", "review", "mock", "drill", "kata", "stats", "content", "fsm"]



def test_help_lists_every_command_group():
    r = trainer("--help")
    assert r.returncode == 0
    commands = r.stdout.split("Commands:")[1]
    for g in GROUPS:
        assert f"\n  {g} " in commands, g


def test_version():
    r = trainer("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"trainer {__version__}"


def test_unknown_command_is_a_usage_error_without_traceback():
    r = trainer("frobnicate")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "No such command" in r.stderr


@pytest.mark.parametrize("args,expect", [
    (["fsm", "show", "nope"], "unknown machine 'nope'"),
])
def test_bad_input_gets_one_line_and_exit_2(args, expect):
    r = trainer(*args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and expect in lines[0] and lines[0].startswith("error: ")


def test_home_option_overrides_the_environment(tmp_path):
    from trainer import paths

    result = run_cli("--home", str(tmp_path / "h"), "fsm", "list")
    assert result.exit_code == 0
    assert paths.home_dir() == tmp_path / "h"


def test_trainer_home_variable_is_the_default_home(home):
    from trainer import paths

    assert paths.home_dir() == home


def test_python_dash_m_and_fsm_show_render_mermaid():
    r = trainer("fsm", "show", "order")
    assert r.returncode == 0
    assert r.stdout.startswith("stateDiagram-v2\n")


def test_no_color_is_honoured_in_tables():
    r = trainer("fsm", "show", "order", "--table", env={"NO_COLOR": "1", "TERM": "xterm-256color",
                                                    "FORCE_COLOR": ""})
    assert r.returncode == 0 and "\x1b[" not in r.stdout and "pending" in r.stdout


def test_help_imports_no_heavy_module():
    code = ("import sys; from trainer.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('prompt_toolkit', 'rich.markdown', 'rich.syntax', 'rich.console',"
            " 'fsrs', 'sqlite3', 'yaml', 'genanki', 'fsrs_rs_python', 'pygments', 'markdown_it')"
            " if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in r.stdout, r.stdout + r.stderr
