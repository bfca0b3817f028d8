"""The containment module on its own: every mode this machine offers, against small
hostile programs (the runner's tests then exercise it through a real kata check)."""
from __future__ import annotations

import os
import time

import pytest

from trainer.kata_runner import sandbox as sb

SANDBOXED = [m for m in (sb.SandboxMode.BUBBLEWRAP, sb.SandboxMode.NAMESPACES)]


AVAILABLE = sb.available_modes()


def available(mode: sb.SandboxMode) -> bool:
    return mode in AVAILABLE


def run(code: str, mode: sb.SandboxMode, box: sb.Containment | None = None,
        seconds: float = 10.0, hide: tuple[str, ...] = (), cwd: str = "/tmp") -> tuple[int | None, str]:
    if not available(mode):
        pytest.skip(f"the {mode.value} sandbox is not available here (needs "
                    f"{'bwrap' if mode is sb.SandboxMode.BUBBLEWRAP else 'user namespaces'})")
    job = sb.Job(argv=(sb.interpreter(), "-I", "-S", "-c", code), env={"PATH": "/usr/bin"},
                 hide=hide, cwd=cwd)
    with sb.Reaper(), sb.start(job, box or sb.Containment(), mode) as proc:
        code_ = proc.wait(sb.Deadline(seconds))
        if code_ is None:
            proc.kill()
        return code_, proc.stderr_tail()


def test_forcing_an_unknown_mode_is_a_clear_error():
    with pytest.raises(sb.SandboxUnavailable, match="unknown sandbox 'chroot'"):
        sb.detect("chroot")


def test_describe_is_one_line_per_mode():
    for mode in sb.SandboxMode:
        text = sb.describe(mode)
        assert "\n" not in text and mode.value in text


@pytest.mark.parametrize("mode", list(sb.SandboxMode))
def test_hard_limits_equal_soft_limits_and_cannot_be_raised(mode):
    code, err = run(
        "import resource as r\n"
        "for w in (r.RLIMIT_AS, r.RLIMIT_CPU, r.RLIMIT_FSIZE, r.RLIMIT_NPROC, r.RLIMIT_CORE):\n"
        "    s, h = r.getrlimit(w); assert s == h, (w, s, h)\n"
        "try:\n"
        "    r.setrlimit(r.RLIMIT_AS, (r.RLIM_INFINITY, r.RLIM_INFINITY))\n"
        "except (ValueError, OSError):\n"
        "    pass\n"
        "else:\n"
        "    raise SystemExit('raised the limit')\n", mode)
    assert code == 0, err


@pytest.mark.parametrize("mode", SANDBOXED)
def test_the_box_sees_no_trainer_files_and_no_network(mode, tmp_path):
    secret = tmp_path / "progress.sqlite3"
    secret.write_text("data")
    code, err = run(
        f"import os, socket\n"
        f"p = {str(secret)!r}\n"
        f"try:\n"
        f"    open(p, 'w').write('overwritten')\n"
        f"except OSError:\n"
        f"    pass\n"
        f"assert not os.path.exists(p) or not os.listdir(os.path.dirname(p)), 'sees the home'\n"
        f"s = socket.socket()\n"
        f"try:\n"
        f"    s.connect(('1.1.1.1', 53)); raise SystemExit('network')\n"
        f"except OSError:\n"
        f"    pass\n"
        f"for d in ('/usr', '/'):\n"
        f"    try:\n"
        f"        open(d + '/written-by-box', 'w'); raise SystemExit('wrote ' + d)\n"
        f"    except OSError:\n"
        f"        pass\n", mode, hide=(str(tmp_path),))
    assert code == 0, err
    assert secret.read_text() == "data"


@pytest.mark.parametrize("mode", SANDBOXED)
def test_tmp_and_shm_are_private_and_capped(mode):
    box = sb.Containment(tmp_bytes=4 << 20)
    code, err = run(
        "import os\n"
        "for d in ('/tmp', '/dev/shm'):\n"
        "    try:\n"
        "        with open(d + '/fill', 'wb') as fh:\n"
        "            fh.write(b'x' * (16 << 20))\n"
        "    except OSError:\n"
        "        pass\n"
        "    else:\n"
        "        raise SystemExit('filled ' + d)\n", mode, box)
    assert code == 0, err
    assert not os.path.exists("/dev/shm/fill")


@pytest.mark.parametrize("mode", list(sb.SandboxMode))
def test_escaped_processes_die_at_the_end(mode, tmp_path):
    cwd = str(tmp_path) if mode is sb.SandboxMode.NONE else "/tmp"
    code, err = run(
        "import os, subprocess, sys, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        "        time.sleep(60); os._exit(0)\n"
        "    os._exit(0)\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'], start_new_session=True)\n"
        "time.sleep(0.2)\n", mode, cwd=cwd)
    assert code == 0, err
    time.sleep(0.1)
    mine = sb.descendants(os.getpid())
    assert mine == [], mine


@pytest.mark.parametrize("mode", list(sb.SandboxMode))
def test_a_fork_bomb_hits_the_process_cap(mode, tmp_path):
    cwd = str(tmp_path) if mode is sb.SandboxMode.NONE else "/tmp"
    code, err = run(
        "import os\n"
        "n = 0\n"
        "try:\n"
        "    for _ in range(500):\n"
        "        if os.fork() == 0:\n"
        "            import time; time.sleep(30); os._exit(0)\n"
        "        n += 1\n"
        "except OSError:\n"
        "    raise SystemExit(0 if n < 100 else 5)\n"
        "raise SystemExit(4)\n", mode, sb.Containment(processes=32), cwd=cwd)
    assert code == 0, (code, err)
    assert sb.descendants(os.getpid()) == []


def test_the_deadline_bounds_wait():
    deadline = sb.Deadline(0.2)
    job = sb.Job(argv=(sb.interpreter(), "-I", "-S", "-c", "import time; time.sleep(30)"),
                 env={}, cwd="/")
    started = time.monotonic()
    with sb.Reaper(), sb.start(job, sb.Containment(), sb.SandboxMode.NONE) as proc:
        assert proc.wait(deadline) is None
    assert time.monotonic() - started < 2
