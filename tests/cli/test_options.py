"""Options as a newcomer types them: bounded floats, global options anywhere, any-case levels."""
from __future__ import annotations

import io
import math

import pytest

from tests.helpers.cli import run_cli
from trainer.cli import hoist_global_options
from trainer.cli.options import FLOAT_BOUNDS
from trainer.invocation import _name_for, program, set_program


def _args(command: str, option: str, value: str) -> list[str]:
    return [*command.split(), *(["vending"] if command.startswith("kata") else []), option, value]


BAD = ["inf", "nan", "1e9"]  # below the range: see the kata and low-bound tests


@pytest.mark.parametrize("command,option", list(FLOAT_BOUNDS))
@pytest.mark.parametrize("value", BAD)
def test_every_float_option_is_finite_and_bounded(command, option, value):
    code, out, err = run_cli(*_args(command, option, value))
    low, high, unit = FLOAT_BOUNDS[(command, option)]
    assert code == 2
    lines = err.strip().splitlines()
    assert lines == [f"error: {option} must be a number of {unit} from {low:g} to {high:g}, "
                     f"not {float(value):g}"]
    assert low > 0 and math.isfinite(high)


def test_mock_says_when_it_has_fewer_questions_than_asked():
    code, out, err = run_cli("mock", "--level", "staff", "-n", "10", "--plain")
    assert code == 0
    assert "note: there are only 3 staff questions: this mock asks 3, not 10" in err


def test_levels_and_kinds_in_any_case():
    code, out, err = run_cli("quiz", "--level", "Junior", "--kind", "QUESTION",
                          "-n", "1", "--plain")
    assert code == 0, err
    assert "Question 1 · junior" in out
    code, out, err = run_cli("content", "list", "--level", "STAFF", "--json")
    assert code == 0 and '"level": "staff"' in out


@pytest.mark.parametrize("argv,expect", [
    (["stats", "--home", "X"], ["--home", "X", "stats"]),
    (["kata", "list", "--home=X", "--json"], ["--home=X", "kata", "list", "--json"]),
    (["quiz", "--content", "a.yaml", "-n", "2", "--content", "b"],
     ["--content", "a.yaml", "--content", "b", "quiz", "-n", "2"]),
    (["--home", "X", "stats"], ["--home", "X", "stats"]),
    (["content", "check", "--", "--home"], ["content", "check", "--", "--home"]),
])
def test_global_options_are_hoisted_before_the_command(argv, expect):
    assert hoist_global_options(argv) == expect


def test_home_after_the_command_is_used(tmp_path):
    code, out, err = run_cli("stats", "--json", "--home", str(tmp_path / "h"))
    assert code == 0, err
    assert str(tmp_path / "h" / "progress.sqlite3") in out


def test_home_empty_or_a_file_is_refused(tmp_path):
    code, out, err = run_cli("--home", "", "stats")
    assert (code, err) == (2, "error: --home needs a directory, not an empty string\n")
    afile = tmp_path / "afile"
    afile.write_text("x")
    code, out, err = run_cli("stats", "--home", str(afile))
    assert (code, err) == (2, f"error: --home {afile}: not a directory\n")


@pytest.mark.parametrize("argv0,expect", [
    ("trainer", "trainer"),
    (".venv/bin/trainer", ".venv/bin/trainer"),
    ("/somewhere/python3.12/site-packages/trainer/__main__.py", "python -m trainer"),
])
def test_program_is_named_as_invoked(argv0, expect):
    assert _name_for(argv0) == expect


def test_messages_use_the_program_as_invoked():
    try:
        code, out, err = run_cli("quiz", "--resume", argv0=".venv/bin/trainer")
        assert code == 1
        assert "start one with `.venv/bin/trainer quiz`" in err
    finally:
        set_program(None)
    assert program() == "trainer"


def test_messages_wrap_at_spaces_on_a_terminal_and_stay_one_line_in_a_pipe(monkeypatch):
    import os

    from trainer.cli.output import fit

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((40, 24)))
    text = "error: pass the kata first (`trainer kata check vending`), or use --force"
    wrapped = fit(text, Tty(), "       ").split("\n")
    assert all(len(line) < 40 for line in wrapped) and len(wrapped) > 1
    assert " ".join(w.strip() for w in wrapped) == text  # no word cut
    assert fit(text, io.StringIO()) == text


@pytest.mark.parametrize("command,option", list(FLOAT_BOUNDS))
def test_every_float_bound_refuses_below_its_low_end(command, option):
    from trainer.cli.options import bounded
    from trainer.errors import TrainerError

    low, high, _ = FLOAT_BOUNDS[(command, option)]
    assert bounded(command, option, low) == low and bounded(command, option, high) == high
    for value in (low / 2, -math.inf, high * 2):
        with pytest.raises(TrainerError) as err:
            bounded(command, option, value)
        assert err.value.exit_code == 2
