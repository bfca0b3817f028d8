"""Case 8: input and output the trainer does not expect, in real processes."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from tests.helpers.proc import ROOT, one_line_error, trainer
from trainer.store import Store

pytestmark = pytest.mark.katas


def answers(home):
    uri = (home / "progress.sqlite3").as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as c:
        return [r[0] for r in c.execute("SELECT payload FROM sessions")]


def run_bytes(home, args, stdin: bytes, env=None, shell_redirect: str = ""):
    full = {**os.environ, "TRAINER_HOME": str(home), "PYTHONPATH": str(ROOT), **(env or {})}
    cmd = " ".join([f"'{sys.executable}'", "-m", "trainer", *args, shell_redirect])
    return subprocess.run(["sh", "-c", cmd], input=stdin, capture_output=True, env=full,
                          cwd=ROOT, timeout=120)


def test_non_utf8_bytes_in_an_answer_are_replaced_and_the_session_goes_on(home):
    script = b"caf\xe9 \xff\xfe state\n.\n3\nsecond\n.\n3\n"
    r = run_bytes(home, ["quiz", "--plain", "-n", "2"], script)
    assert r.returncode == 0, r.stderr
    assert b"Done: 2 answered" in r.stdout
    payload = answers(home)[0]
    assert "caf\ufffd" in payload and "state" in payload


@pytest.mark.parametrize("redirect", ["<&-", ">&-", "<&- >&-"])
def test_closed_stdin_or_stdout_is_no_internal_error(home, redirect):
    r = run_bytes(home, ["quiz", "--plain", "-n", "2"], b"", shell_redirect=redirect)
    assert r.returncode == 0, r.stderr
    assert b"internal error" not in r.stderr and b"Traceback" not in r.stderr
    if redirect == ">&-":
        assert b"Done" not in r.stdout


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_non_utf8_output_encoding_falls_back_to_ascii(home, encoding):
    r = run_bytes(home, ["quiz", "--plain", "-n", "2"], b"my answer\n.\n3\n\n.\n3\n",
                  env={"PYTHONIOENCODING": encoding})
    assert r.returncode == 0, r.stderr
    assert b"Done: 2 answered" in r.stdout
    r.stdout.decode(encoding)                     # every byte is in that encoding
    r = run_bytes(home, ["stats"], b"", env={"PYTHONIOENCODING": "ascii"})
    assert r.returncode == 0, r.stderr
    assert max(r.stdout) < 128


@pytest.mark.parametrize("make", ["/dev/zero", "fifo", "symlink to /dev/zero"])
@pytest.mark.parametrize("where", ["--content", "import", "config.toml"])
def test_anything_but_a_regular_file_is_refused_not_read(home, tmp_path, make, where):
    if make == "fifo":
        target = tmp_path / "pipe.yaml"
        os.mkfifo(target)
    elif make == "symlink to /dev/zero":
        target = tmp_path / "zero.yaml"
        target.symlink_to("/dev/zero")
    else:
        target = "/dev/zero"
    if where == "config.toml":
        Store.open(home / "progress.sqlite3").close()
        (home / "config.toml").unlink(missing_ok=True)
        if make == "fifo":
            os.mkfifo(home / "config.toml")
        else:
            (home / "config.toml").symlink_to("/dev/zero")
        args = ("stats",)
    elif where == "import":
        args = ("import", str(target), "--yes")
    else:
        args = ("--content", str(target), "content", "list")
    r = trainer(*args, timeout=60)
    assert r.returncode == 2, r.stderr
    assert any(w in r.stderr for w in ("not a regular file",)), r.stderr
    if where != "--content":
        one_line_error(r.stderr, "not a regular file")
