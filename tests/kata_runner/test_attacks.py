"""Solutions that try to fool the judge or escape the check (issue: every class).

Each attack is data: the code appended to a solution, and what the report must say.
"Cheats" are appended to a WRONG solution: whatever they do, the check must not pass.
"Escapes" are appended to a correct one: they must not reach anything outside the run.
After every check: nothing of ours is left running, the fake trainer home and the
installed trainer are byte-identical, and nothing was written outside the run.
"""
from __future__ import annotations

import hashlib
import os
import time

import pytest

from tests.helpers.kata_toys import GOOD_TOY, HERE, KATAS, REPO
from trainer.kata_runner import sandbox
from trainer.kata_runner.report import ERROR, FAIL, PASS
from trainer.kata_runner.runner import Limits, run_check

QUICK = Limits(run_seconds=25, test_seconds=4)
WRONG_TOY = GOOD_TOY.replace("return a + b", "return 0")
MARK = "kata-attack-marker-7f3e"

# name -> (code appended to a wrong toy solution); the check must not pass.
CHEATS = {
    "unittest_skip_in_call": "import unittest\n_real = add\ndef add(a, b):\n    raise unittest.SkipTest('nothing to see')\n",
    "pytest_xfail_at_import": "import pytest\npytest.xfail('later')\n",
    "patch_pytest_runtest": (
        "try:\n    import _pytest.python as p\n    p.Function.runtest = lambda self: None\n"
        "except ImportError:\n    pass\n"),
    "meta_path_hollows_tests": (
        "import sys\nclass F:\n    def find_spec(self, name, path=None, target=None):\n"
        "        return None\nsys.meta_path.insert(0, F())\n"
        "import types\nsys.modules['hypothesis'] = types.ModuleType('hypothesis')\n"),
    "forged_result_lines_and_exit": (
        "import json, os\n"
        "for fd in range(3, 64):\n"
        "    for tid in ('test_toy.py::test_add', 'test_toy.py::test_div', 'test_toy.py::test_talk'):\n"
        "        for ev in ({'ev': 'start', 'id': tid}, {'ev': 'result', 'id': tid, 'status': 'pass',"
        " 'message': None, 'output': None, 'frames': [], 'duration': 0.0}):\n"
        "            try:\n                os.write(fd, (json.dumps(ev) + '\\n').encode())\n"
        "            except OSError:\n                pass\n"
        "os._exit(0)\n"),
    "garbage_on_every_fd": (
        "import os\n"
        "def add(a, b):\n"
        "    for fd in range(3, 64):\n"
        "        try:\n            os.write(fd, b'\\x00\\x00\\x00\\x07{\"x\":[}' * 3)\n"
        "        except OSError:\n            pass\n"
        "    return 0\n"),
    "malformed_frames_and_unhashable_ids": (
        "import os, json\n"
        "def add(a, b):\n"
        "    for fd in range(3, 64):\n"
        "        try:\n"
        "            os.write(fd, (json.dumps({'ev': 'result', 'id': ['x'], 'frames': [1, 2]}) + '\\n').encode())\n"
        "            os.write(fd, b'\\x00\\x00\\x00\\x10[\"R\",[\"d\",[\"l\"],1],1,[]]')\n"
        "        except OSError:\n"
        "            pass\n"
        "    return 0\n"),
    "reach_the_suite_via_the_stack": (
        "import sys, gc\n"
        "def add(a, b):\n"
        "    f = sys._getframe()\n"
        "    while f is not None:\n"
        "        if 'got' in f.f_locals or 'sol' in f.f_locals:\n"
        "            return a + b\n"
        "        f = f.f_back\n"
        "    for o in gc.get_objects():\n"
        "        if getattr(o, '__name__', '') == 'test_add':\n"
        "            return a + b\n"
        "    return 0\n"),
    "exit_zero_in_a_test": "import os\ndef add(a, b):\n    os._exit(0)\n",
    "keyboard_interrupt_in_a_test": "def add(a, b):\n    raise KeyboardInterrupt\n",
    "system_exit_in_a_test": "import sys\ndef add(a, b):\n    sys.exit(0)\n",
}


def installed_trainer() -> dict[str, str]:
    out = {}
    for root in (REPO / "trainer", KATAS):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def trainer_before():
    before = installed_trainer()
    yield before
    assert installed_trainer() == before, "a check changed the installed trainer"


@pytest.fixture
def world(tmp_path, monkeypatch, trainer_before):
    """A fake trainer home with progress, a secret in our environment, and after the
    check: nothing running, the home untouched, /dev/shm and /tmp as they were."""
    home = tmp_path / "home"
    home.mkdir()
    progress = home / "progress.sqlite3"
    progress.write_bytes(b"SQLite format 3\x00" + os.urandom(256))
    before = progress.read_bytes()
    monkeypatch.setenv("TRAINER_HOME", str(home))
    monkeypatch.setenv("KATA_ATTACK_SECRET", "hunter2-" + MARK)
    shm_before = set(os.listdir("/dev/shm")) if os.path.isdir("/dev/shm") else set()
    yield home
    time.sleep(0.1)
    assert sandbox.descendants(os.getpid()) == [], "a process outlived the check"
    assert not _marked_processes(), "a process started by the solution is still running"
    assert progress.read_bytes() == before, "the progress file changed"
    assert sorted(p.name for p in home.iterdir()) == ["progress.sqlite3"]
    if os.path.isdir("/dev/shm"):
        # Only what this run's solutions left (their files carry MARK): other checks may be
        # running at the same time (parallel test workers, other users) with files of their own.
        left = {n for n in set(os.listdir("/dev/shm")) - shm_before if MARK in n}
        assert not left, f"the solution left {sorted(left)} in /dev/shm"


def _marked_processes() -> list[int]:
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


def toy_check(toy, solution: str, limits: Limits = QUICK):
    suite, sol = toy(solution)
    return run_check(suite, "toy", sol, slug="toy", limits=limits)


@pytest.mark.parametrize("name", list(CHEATS))
def test_a_cheat_never_passes_a_wrong_solution(toy, world, name):
    report = toy_check(toy, WRONG_TOY + "\n\n" + CHEATS[name])
    assert report.status in (FAIL, ERROR), (name, report.status)
    add = [t for t in report.tests if t.name == "add"]
    assert not add or add[0].status != PASS, (name, add[0].message if add else None)
    text = report.full_message() or " ".join(t.message or "" for t in report.tests)
    assert text.strip(), f"{name}: no plain message"
    assert "Traceback (most recent call last)" not in text


def test_a_skip_in_the_vending_constructor_fails_every_test(world, tmp_path):
    base = (HERE / "base_vending.py").read_text()
    sol = tmp_path / "vending.py"
    sol.write_text(base + "\n\nimport unittest\n_init = VendingMachine.__init__\n"
                   "def _skip(self, *a, **k):\n    raise unittest.SkipTest('later')\n"
                   "VendingMachine.__init__ = _skip\n")
    report = run_check(KATAS / "vending" / "suite", "vending", sol, slug="vending", limits=QUICK)
    assert report.status == FAIL and report.passed < report.total // 2


def test_a_protocol_violation_is_an_error_with_exit_2(toy, world):
    report = toy_check(toy, WRONG_TOY + "\n\n" + CHEATS["garbage_on_every_fd"])
    assert report.status == ERROR and report.exit_code == 2
    assert "protocol" in (report.message or "")


ESCAPES = {
    "double_fork_setsid": (
        "import os, time\n"
        "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        f"        os.execv('/bin/sleep', ['/bin/sleep', '60', '{MARK}'])\n    os._exit(0)\n"),
    "popen_new_session": (
        "import subprocess\n"
        f"subprocess.Popen(['/bin/sleep', '60', '{MARK}'], start_new_session=True)\n"),
    "raise_hard_limits": (
        "import resource\n"
        "for w in (resource.RLIMIT_AS, resource.RLIMIT_NPROC, resource.RLIMIT_CPU):\n"
        "    try:\n        resource.setrlimit(w, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))\n"
        "    except (ValueError, OSError):\n        pass\n    else:\n"
        "        print('RAISED', w)\n"),
    "fork_bomb": (
        "import os\n"
        "def _bomb():\n    try:\n        while True:\n            os.fork()\n"
        "    except OSError:\n        os._exit(0)\n"
        "import threading\nif os.fork() == 0:\n    _bomb()\n"),
    "fill_dev_shm_and_tmp": (
        "for d in ('/dev/shm', '/tmp'):\n"
        "    try:\n"
        f"        with open(d + '/kata-fill-{MARK}', 'wb') as fh:\n"
        "            for _ in range(64):\n                fh.write(b'x' * (8 << 20))\n"
        "    except OSError:\n        pass\n"),
    "overwrite_progress_and_workspace": (
        "import os, glob\n"
        "for p in [os.environ.get('TRAINER_HOME', ''), {home!r}]:\n"
        "    for f in glob.glob(os.path.join(p, '*')):\n"
        "        try:\n            open(f, 'wb').write(b'gone')\n        except OSError:\n            pass\n"
        "    try:\n        open(os.path.join(p, 'extra'), 'w').write('x')\n    except OSError:\n        pass\n"),
    "append_to_installed_conftest_and_drop_pth": (
        "import site, sysconfig, os\n"
        f"for f in {[str(p) for p in sorted(KATAS.glob('*/suite/conftest.py'))]!r}:\n"
        "    try:\n        open(f, 'a').write('\\nimport os\\n')\n    except OSError:\n        pass\n"
        f"for d in {sandbox.site_paths()!r}:\n"
        "    try:\n        open(os.path.join(d, 'zz-kata.pth'), 'w').write('import os\\n')\n"
        "    except OSError:\n        pass\n"),
    "read_parent_environ": (
        "import os\n"
        "for pid in {{os.getppid(), {me}, 1}}:\n"
        "    try:\n        print(open(f'/proc/{{pid}}/environ', 'rb').read().decode(errors='replace'))\n"
        "    except OSError:\n        pass\n"),
    "write_parent_stdout": (
        "import os\n"
        "for pid in {{os.getppid(), {me}}}:\n"
        "    try:\n        open(f'/proc/{{pid}}/fd/1', 'w').write('PWNED {mark}')\n"
        "    except OSError:\n        pass\n"),
    "stop_and_kill_the_trainer": (
        "import os, signal\n"
        "for sig in (signal.SIGSTOP, signal.SIGKILL):\n"
        "    for pid in {{os.getppid(), {me}}}:\n"
        "        try:\n            os.kill(pid, sig)\n        except OSError:\n            pass\n"),
    "fifo_and_symlink_in_cwd": (
        "import os\n"
        "for n in ('only-2.json', 'kata-check.ini', 'restart.json'):\n"
        "    try:\n        os.mkfifo(n)\n    except OSError:\n        pass\n"
        "    try:\n        os.symlink({progress!r}, n + '.lnk')\n    except OSError:\n        pass\n"
        "def div(a, b):\n    os._exit(9)\n"),
}
# Without a sandbox the code runs as the user: these can reach what the user can.
NEEDS_SANDBOX = {"overwrite_progress_and_workspace", "fill_dev_shm_and_tmp", "append_to_installed_conftest_and_drop_pth",
                 "read_parent_environ", "write_parent_stdout", "stop_and_kill_the_trainer"}


# Without a sandbox those attacks reach what the user can (README: threat model), so they
# are tried only in the modes that claim to stop them.
CASES = [(name, mode) for name in ESCAPES for mode in sandbox.available_modes()
         if not (mode is sandbox.SandboxMode.NONE and name in NEEDS_SANDBOX)]


@pytest.mark.parametrize(("name", "mode"), CASES, ids=lambda x: getattr(x, "value", x))
def test_an_escape_reaches_nothing_outside_the_run(toy, world, monkeypatch, capfd, name, mode):
    monkeypatch.setenv(sandbox.ENV_FORCE, mode.value)
    code = ESCAPES[name].format(home=str(world), me=os.getpid(), mark=MARK,
                                progress=str(world / "progress.sqlite3"))
    started = time.monotonic()
    report = toy_check(toy, GOOD_TOY + "\n\n" + code)
    assert time.monotonic() - started < 30
    assert report.sandbox == mode.value
    outputs = (report.output or "") + "".join(t.output or "" for t in report.tests)
    assert "RAISED" not in outputs
    assert "hunter2" not in outputs and "KATA_ATTACK_SECRET" not in outputs
    out, err = capfd.readouterr()
    assert "PWNED" not in out + err
    if name == "fifo_and_symlink_in_cwd":
        assert report.status == FAIL and [t.status for t in report.tests][:1] == [PASS]
    elif name in ("fork_bomb", "stop_and_kill_the_trainer"):
        # What matters: we are alive and got a report. (As PID 1 of its namespace the
        # worker's getppid() is 0, and kill(0, ...) ends its own group: its own loss.)
        assert report.status in (PASS, FAIL, ERROR) and report.message != ""
    else:
        assert report.status == PASS, [t.full_message() for t in report.tests if not t.passed]
    for conftest in KATAS.glob("*/suite/conftest.py"):
        assert b"import os\n" not in conftest.read_bytes()[-12:]
    for d in sandbox.site_paths():
        assert not os.path.exists(os.path.join(d, "zz-kata.pth"))
    assert not any(MARK in n for n in os.listdir("/tmp"))


def test_killing_pid_1_of_the_box_ends_only_the_box(toy, world):
    report = toy_check(toy, GOOD_TOY + "\nimport os, signal\ntry:\n    os.kill(1, signal.SIGKILL)\n"
                       "except OSError:\n    pass\n")
    assert report.status in (PASS, ERROR) and (report.status == PASS or report.message)
