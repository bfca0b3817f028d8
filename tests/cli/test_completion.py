"""Shell completion: typer's install/show options, and the values each word completes to."""
from __future__ import annotations

import pytest

from tests.helpers.cli import run_cli


def complete(*words: str, incomplete: str = "") -> list[str]:
    """What bash would offer for `trainer WORDS INCOMPLETE<Tab>` (the real protocol)."""
    line = ["trainer", *words, incomplete]
    r = run_cli(env={
        "_TRAINER_COMPLETE": "complete_bash", "COMP_WORDS": " ".join(line),
        "COMP_CWORD": str(len(line) - 1)})
    return [v for v in r.output.split("\n") if v]


@pytest.mark.parametrize("words,incomplete,expect", [
    (["kata", "check"], "v", ["vending"]),
    (["kata", "start"], "", ["vending", "tcp", "generic-fsm"]),
    (["quiz", "--level"], "s", ["senior", "staff"]),
    (["mock", "--level"], "j", ["junior"]),
    (["quiz", "--kind"], "follow", ["follow_up"]),
    (["content", "show"], "q05", ["q05-context"]),
])
def test_words_complete_to_the_banks_and_katas_values(words, incomplete, expect):
    got = complete(*words, incomplete=incomplete)
    assert set(expect) <= set(got) and all(g.startswith(incomplete) for g in got)


def test_tags_and_card_ids_come_from_the_bank():
    from trainer.bank import load_bank

    bank = load_bank()
    assert complete("quiz", "--tag") == bank.tags()
    assert complete("unsuspend", incomplete="q01") == [c for c in bank.cards if c.startswith("q01")]


def test_backup_and_session_names_come_from_the_home():
    assert complete("restore") == []
    assert run_cli("backup").exit_code == 0
    names = complete("restore", incomplete="progress-")
    assert len(names) == 1 and names[0].endswith("-manual.sqlite3")
    assert complete("sessions", "drop") == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_a_script_for_each_shell(shell, monkeypatch):
    # The shell is detected from the parent process; typer's switch lets a test name it.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    r = run_cli("--show-completion", shell)
    assert r.exit_code == 0
    assert "_TRAINER_COMPLETE" in r.output and f"complete_{shell}" in r.output
