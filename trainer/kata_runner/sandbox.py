"""Containment for code the trainer does not trust: limits, a sandbox, a process-tree kill.

Anything that runs a learner's code (the Python kata worker, a Go test binary, a
learner's own tests run against hidden mutants) starts it through `start()`:

    from trainer.kata_runner import sandbox

    box = sandbox.Containment(memory_bytes=1 << 30, processes=64)
    job = sandbox.Job(argv=("/usr/bin/go-test-binary", "-test.v"), env={"HOME": "/tmp"},
                      ro_binds=(sandbox.Bind("/path/to/binary"),))
    with sandbox.Reaper() as reaper, sandbox.start(job, box) as proc:
        deadline = sandbox.Deadline(20.0)
        code = proc.wait(deadline)          # None: the deadline passed (then proc.kill())
        tail = proc.stderr_tail()           # the last `box.stderr_bytes` of its stderr
    # leaving the Reaper kills and reaps every descendant that is still alive

What it gives, in every mode:

* hard limits equal to the soft ones (address space, CPU seconds, file size, no core
  files, a process count), so the code cannot raise them back;
* the caller as child subreaper (`Reaper`): a double-forked `setsid` process is
  reparented to us and killed at the end, whatever session or group it made;
* a pids cgroup (where one is writable, e.g. as root) capping processes even for root,
  whom the kernel exempts from RLIMIT_NPROC;
* death with the parent (PR_SET_PDEATHSIG, bwrap's --die-with-parent);
* one `Deadline` the caller threads through every blocking step.

And a sandbox, by `detect()`:

* `bubblewrap` (bwrap on PATH): new user, PID, mount, network, IPC and UTS namespaces;
  an empty root with read-only views of the system and the interpreter only, plus the
  job's own `ro_binds`; private size-capped /tmp and /dev/shm; /proc of its own PID
  namespace only (no view of the trainer's process, environment or file descriptors).
* `namespaces` (no bwrap, unprivileged user namespaces allowed): the same namespaces via
  `unshare`; a small bootstrap (`_nsinit.py`) makes every mount read-only, hides the
  job's `hide` paths and site-packages under empty read-only tmpfs, mounts the capped
  /tmp and /dev/shm, drops every capability, then execs the job.
* `none`: limits, process-tree kill and deadline only; `describe()` says so in one line.

`TRAINER_KATA_SANDBOX=bubblewrap|namespaces|none` forces a mode (tests use it).
"""
from __future__ import annotations

import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import TracebackType

ENV_FORCE = "TRAINER_KATA_SANDBOX"
NSINIT = Path(__file__).resolve().with_name("_nsinit.py")

_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36
_PR_GET_CHILD_SUBREAPER = 37


class SandboxMode(StrEnum):
    """How much isolation a contained process gets (the `--json` "sandbox" field)."""

    BUBBLEWRAP = "bubblewrap"
    NAMESPACES = "namespaces"
    NONE = "none"


class MemoryLimit(StrEnum):
    """Which rlimit `Containment.memory_bytes` sets.

    Python needs little address space beyond what it uses, so the Python worker gets
    RLIMIT_AS. Go's runtime reserves far more address space than it touches (RLIMIT_AS
    under ~1 GiB breaks a plain test binary), so a Go test binary gets RLIMIT_DATA, what
    its heap can really grow to. A trusted tool (the Go compiler) gets none.
    """

    ADDRESS_SPACE = "address space"
    DATA = "data"
    NONE = "none"


class SandboxUnavailable(RuntimeError):
    """A forced mode this machine cannot provide."""


@dataclass(frozen=True)
class Containment:
    """The limits of one contained process tree. Hard limits are set equal to these."""

    memory_bytes: int = 1 << 30
    memory: MemoryLimit = MemoryLimit.ADDRESS_SPACE
    cpu_seconds: int = 60
    file_bytes: int = 64 << 20
    processes: int = 64
    tmp_bytes: int = 64 << 20
    stderr_bytes: int = 64 << 10


@dataclass(frozen=True)
class Bind:
    """A read-only view of `source` at `target` (default: the same path) inside the box."""

    source: str
    target: str | None = None
    writable: bool = False  # a directory both sides share (a per-run scratch dir)

    @property
    def inside(self) -> str:
        return self.target or self.source


@dataclass(frozen=True)
class Job:
    """What to run. `argv[0]` is an absolute path valid inside the box.

    `ro_binds` are extra read-only views of single files (bubblewrap shows nothing else of
    the file system; in the `namespaces` mode their targets must be under /tmp); `hide` are paths the `namespaces` mode covers with an empty tmpfs (the
    trainer's home, the workspace); `pass_fds` are inherited as they are; `cwd` is
    inside the box (its private /tmp by default). `output_fd`, when given, receives both
    stdout and stderr (a Go test binary's output, as `go test` merges them); then
    `stderr_tail()` stays empty.
    """

    argv: Sequence[str]
    env: Mapping[str, str]
    ro_binds: Sequence[Bind] = ()
    hide: Sequence[str] = ()
    pass_fds: Sequence[int] = ()
    cwd: str = "/tmp"
    network: bool = False
    output_fd: int | None = None


# --- which sandbox ---------------------------------------------------------------------


def _bwrap() -> str | None:
    return shutil.which("bwrap")


def _can_unshare() -> bool:
    tool = shutil.which("unshare")
    if tool is None or not sys.platform.startswith("linux"):
        return False
    try:
        done = subprocess.run([tool, "-Urpm", "--fork", "true"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=5,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


_detected: dict[str, SandboxMode] = {}


def detect(forced: str | None = None) -> SandboxMode:
    """The best sandbox this machine offers, or the forced one (argument or env var)."""
    want = forced or os.environ.get(ENV_FORCE) or ""
    if want:
        try:
            mode = SandboxMode(want)
        except ValueError:
            raise SandboxUnavailable(
                f"unknown sandbox {want!r} (choose {', '.join(m.value for m in SandboxMode)})")
        if mode is SandboxMode.BUBBLEWRAP and _bwrap() is None:
            raise SandboxUnavailable("bubblewrap was asked for but `bwrap` is not on PATH")
        if mode is SandboxMode.NAMESPACES and not _can_unshare():
            raise SandboxUnavailable("namespaces were asked for but this machine does not "
                                     "allow unprivileged user namespaces (`unshare -Urpm`)")
        return mode
    if "auto" not in _detected:
        if _bwrap() is not None:
            _detected["auto"] = SandboxMode.BUBBLEWRAP
        elif _can_unshare():
            _detected["auto"] = SandboxMode.NAMESPACES
        else:
            _detected["auto"] = SandboxMode.NONE
    return _detected["auto"]


def choose(forced: str | None = None) -> tuple[SandboxMode, str | None]:
    """The mode a check runs in, and why the forced one could not be had (else None).

    A forced mode this machine lacks is not a crash: the check reports it as its error
    and runs nothing (mode NONE, so the report names no sandbox it did not have)."""
    try:
        return detect(forced), None
    except SandboxUnavailable as exc:
        return SandboxMode.NONE, str(exc)


def available_modes() -> list[SandboxMode]:
    """Every mode this machine can run, best first (detect() picks the first)."""
    out = []
    for mode in SandboxMode:
        try:
            detect(mode.value)
        except SandboxUnavailable:
            continue
        out.append(mode)
    return out


def describe(mode: SandboxMode) -> str:
    """One honest line about what the learner's code could reach."""
    if mode is SandboxMode.BUBBLEWRAP:
        return "sandbox: bubblewrap (no network, no view of your files or the trainer's)"
    if mode is SandboxMode.NAMESPACES:
        return "sandbox: namespaces (no network; your files and the trainer's are hidden)"
    return "sandbox: none on this machine - your code ran as you, with your files"


# --- the clock ---------------------------------------------------------------------------


@dataclass
class Deadline:
    """One wall-clock budget shared by every blocking step of a run."""

    seconds: float
    start: float = field(default_factory=time.monotonic)

    @property
    def at(self) -> float:
        return self.start + self.seconds

    def remaining(self, cap: float | None = None) -> float:
        left = max(0.0, self.at - time.monotonic())
        return left if cap is None else min(left, cap)

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.at


# --- process tree --------------------------------------------------------------------------


def _libc() -> object | None:
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True)
    except (OSError, AttributeError):
        return None


def _prctl(option: int, arg: int) -> int:
    libc = _libc()
    if libc is None or not hasattr(libc, "prctl"):
        return -1
    result: int = libc.prctl(option, arg, 0, 0, 0)
    return result


def _children(pid: int) -> list[int]:
    """Direct children of `pid` (Linux /proc; [] elsewhere)."""
    kids: list[int] = []
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            kids = [int(x) for x in fh.read().split()]
        return kids
    except (OSError, ValueError):
        pass
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
            ppid = int(stat.rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            kids.append(int(name))
    return kids


def descendants(pid: int) -> list[int]:
    """Every live descendant of `pid`, parents before children."""
    out: list[int] = []
    frontier = [pid]
    while frontier:
        nxt: list[int] = []
        for p in frontier:
            for kid in _children(p):
                if kid not in out:
                    out.append(kid)
                    nxt.append(kid)
        frontier = nxt
    return out


def kill_tree(pids: Sequence[int]) -> None:
    """SIGKILL each pid (stopping it first would let it fork no more)."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


class Reaper:
    """Make this process a child subreaper for the duration of a run, then clean up.

    While active, an orphan anywhere below us (a double fork, a `setsid` daemon,
    `Popen(start_new_session=True)`) is reparented to us instead of to init. On exit
    every descendant that was not our child before the run is killed and reaped, and
    the subreaper flag is put back as it was.
    """

    def __init__(self) -> None:
        self._before: set[int] = set()
        self._was = 0
        self._set = False

    def __enter__(self) -> Reaper:
        me = os.getpid()
        self._before = set(_children(me))
        if sys.platform.startswith("linux"):
            import ctypes

            flag = ctypes.c_int(0)
            libc = _libc()
            if libc is not None and hasattr(libc, "prctl"):
                libc.prctl(_PR_GET_CHILD_SUBREAPER, ctypes.byref(flag), 0, 0, 0)
                self._was = flag.value
                self._set = _prctl(_PR_SET_CHILD_SUBREAPER, 1) == 0
        return self

    def sweep(self) -> list[int]:
        """Kill every descendant started during the run; return the pids killed."""
        me = os.getpid()
        killed: list[int] = []
        for _ in range(20):  # a forking tree can grow between two scans
            found = [p for p in descendants(me)
                     if p not in self._before or _parent(p) != me]
            found = [p for p in found if p not in self._before]
            if not found:
                break
            kill_tree(found)
            killed += found
            _reap(found)
        return killed

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.sweep()
        if self._set and not self._was:
            _prctl(_PR_SET_CHILD_SUBREAPER, 0)


def _argv0(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().split(b"\0", 1)[0].decode("utf-8", "replace")
    except OSError:
        return ""


def _parent(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return int(fh.read().rpartition(")")[2].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def _reap(pids: Sequence[int], wait: float = 1.0) -> None:
    """Collect the exit status of killed children of ours (no zombies left behind)."""
    end = time.monotonic() + wait
    pending = set(pids)
    while pending and time.monotonic() < end:
        for pid in list(pending):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # not our child (its parent reaps it) or gone
                pending.discard(pid)
                continue
            if done:
                pending.discard(pid)
        if pending:
            time.sleep(0.005)


# --- the pids cgroup -------------------------------------------------------------------------


class _PidsCgroup:
    """A throw-away pids cgroup (v1 or v2) when this process may create one."""

    def __init__(self, limit: int) -> None:
        self.path: str | None = None
        for root, v2 in (("/sys/fs/cgroup/pids", False), ("/sys/fs/cgroup/unified", True),
                         ("/sys/fs/cgroup", True)):
            if not os.path.isdir(root) or not os.access(root, os.W_OK):
                continue
            if v2:
                try:
                    with open(os.path.join(root, "cgroup.controllers"), encoding="ascii") as fh:
                        if "pids" not in fh.read().split():
                            continue
                except OSError:
                    continue
            try:
                path = tempfile.mkdtemp(prefix="trainer-kata-", dir=root)
            except OSError:
                continue
            try:
                with open(os.path.join(path, "pids.max"), "w", encoding="ascii") as fh:
                    fh.write(str(limit))
            except OSError:
                os.rmdir(path)
                continue
            self.path = path
            return

    def join_fn(self) -> Callable[[], None] | None:
        """For the child after fork: move itself into the cgroup."""
        if self.path is None:
            return None
        procs = os.path.join(self.path, "cgroup.procs")

        def join() -> None:
            fd = os.open(procs, os.O_WRONLY)
            try:
                os.write(fd, b"0")
            finally:
                os.close(fd)

        return join

    def remove(self) -> None:
        path = self.path
        if path is None:
            return
        procs = os.path.join(path, "cgroup.procs")
        for _ in range(50):
            try:
                with open(procs, encoding="ascii") as fh:
                    pids = [int(x) for x in fh.read().split()]
            except (OSError, ValueError):
                pids = []
            kill_tree(pids)
            try:
                os.rmdir(path)
                self.path = None
                return
            except OSError:
                time.sleep(0.01)


# --- starting a contained process ------------------------------------------------------------


def _count_processes_of(uid: int) -> int:
    n = 0
    try:
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    if os.stat(f"/proc/{name}").st_uid == uid:
                        n += 1
                except OSError:
                    pass
    except OSError:
        return 0
    return n


def _limits_fn(box: Containment, mode: SandboxMode,
               join: Callable[[], None] | None) -> Callable[[], None]:
    """The pre-exec step: cgroup, limits (hard = soft), death with the parent."""
    nproc = box.processes
    if mode is SandboxMode.NONE:  # RLIMIT_NPROC counts every process of the user here
        nproc += _count_processes_of(os.getuid())
    if mode is SandboxMode.BUBBLEWRAP:
        nproc += 2  # bwrap's own init and its monitor
    limits = [
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_CPU, box.cpu_seconds),
        (resource.RLIMIT_FSIZE, box.file_bytes),
        (resource.RLIMIT_NPROC, nproc),
    ]
    if box.memory is MemoryLimit.ADDRESS_SPACE:
        limits.append((resource.RLIMIT_AS, box.memory_bytes))
    elif box.memory is MemoryLimit.DATA:
        limits.append((resource.RLIMIT_DATA, box.memory_bytes))
    parent = os.getpid()

    def preexec() -> None:
        if join is not None:
            try:
                join()
            except OSError:
                pass
        for which, value in limits:
            try:
                _soft, hard = resource.getrlimit(which)
                if hard != resource.RLIM_INFINITY and value > hard:
                    value = hard
                resource.setrlimit(which, (value, value))
            except (ValueError, OSError):
                pass
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(3)

    return preexec


def python_binds() -> list[Bind]:
    """The read-only views an isolated (`-I -S`) interpreter needs."""
    binds = [Bind(p) for p in ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin",
                               "/etc/ld.so.cache", "/etc/localtime", "/etc/alternatives")
             if os.path.lexists(p)]
    exe = os.path.realpath(sys.executable)
    prefix = os.path.realpath(sys.base_prefix)
    for p in (prefix, os.path.dirname(exe)):
        if not any(p == b.source or p.startswith(b.source.rstrip("/") + "/") for b in binds):
            binds.append(Bind(p))
    return binds


def site_paths() -> list[str]:
    """Where packages get installed: never visible to contained code."""
    paths = {sysconfig.get_paths().get(k, "") for k in ("purelib", "platlib")}
    paths |= {sysconfig.get_paths(vars={"base": sys.base_prefix,
                                        "platbase": sys.base_prefix}).get(k, "")
              for k in ("purelib", "platlib")}
    try:
        import site

        paths |= set(site.getsitepackages())
        paths.add(site.getusersitepackages())
    except (AttributeError, ImportError):
        pass
    return sorted(p for p in paths if p and os.path.isdir(p))


def interpreter() -> str:
    """The real interpreter (a venv's python is a link to it)."""
    return os.path.realpath(sys.executable)


def _bwrap_argv(job: Job, box: Containment) -> list[str]:
    tool = _bwrap()
    assert tool is not None
    argv = [tool, "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session"]
    if not job.network:
        argv.append("--unshare-net")
    for bind in [*python_binds(), *(b for b in job.ro_binds if not b.writable)]:
        if bind.source in ("/lib", "/lib64", "/lib32", "/bin", "/sbin") and os.path.islink(bind.source):
            argv += ["--symlink", os.readlink(bind.source), bind.source]
        else:
            argv += ["--ro-bind", bind.source, bind.inside]
    for path in site_paths():
        if any(path.startswith(b.source.rstrip("/") + "/") for b in python_binds()):
            argv += ["--tmpfs", path, "--remount-ro", path]
    argv += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(box.tmp_bytes), "--tmpfs", "/tmp",
             "--size", str(box.tmp_bytes), "--tmpfs", "/dev/shm",
             "--remount-ro", "/"]
    for bind in job.ro_binds:  # after the tmpfs mounts, so one under /tmp stays visible
        if bind.writable:
            argv += ["--bind", bind.source, bind.inside]
    argv += ["--chdir", job.cwd, "--clearenv"]
    for key, value in job.env.items():
        argv += ["--setenv", key, value]
    return [*argv, "--", *job.argv]


def _unshare_argv(job: Job, box: Containment) -> list[str]:
    tool = shutil.which("unshare")
    assert tool is not None
    flags = ["--user", "--map-root-user", "--pid", "--fork", "--kill-child", "--mount",
             "--mount-proc", "--ipc", "--uts"]
    if not job.network:
        flags.append("--net")
    hide = [*job.hide, *site_paths()]
    if sys.prefix != sys.base_prefix:
        hide.append(sys.prefix)
    spec = {"hide": sorted({os.path.realpath(h) for h in hide if os.path.exists(h)}),
            "tmp_bytes": box.tmp_bytes, "cwd": job.cwd,
            "binds": [[b.source, b.inside] for b in job.ro_binds if not b.writable],
            "rw_binds": [[b.source, b.inside] for b in job.ro_binds if b.writable]}
    import json

    return [tool, *flags, interpreter(), "-I", "-S", "-B", str(NSINIT), json.dumps(spec),
            *job.argv]


class Contained:
    """A running contained process: its pid, its stderr tail, kill and wait by deadline."""

    def __init__(self, proc: subprocess.Popen[bytes], mode: SandboxMode, box: Containment,
                 cgroup: _PidsCgroup) -> None:
        self.proc = proc
        self.mode = mode
        self.box = box
        self._cgroup = cgroup
        self._err = bytearray()
        self._err_fd = proc.stderr.fileno() if proc.stderr is not None else -1
        if self._err_fd >= 0:
            os.set_blocking(self._err_fd, False)
        self.killed_by_us = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def stderr_fd(self) -> int:
        """For select(): readable when `drain_stderr()` has something."""
        return self._err_fd

    def drain_stderr(self) -> bool:
        """Read what stderr has now, keep the tail; False at end of stream."""
        if self._err_fd < 0:
            return False
        while True:
            try:
                chunk = os.read(self._err_fd, 1 << 16)
            except BlockingIOError:
                return True
            except OSError:
                chunk = b""
            if not chunk:
                self._close_err()
                return False
            self._err += chunk
            if len(self._err) > self.box.stderr_bytes:
                del self._err[: len(self._err) - self.box.stderr_bytes]

    def _close_err(self) -> None:
        if self.proc.stderr is not None and self._err_fd >= 0:
            self.proc.stderr.close()
        self._err_fd = -1

    def stderr_tail(self) -> str:
        return self._err.decode("utf-8", "replace")

    def stderr_mark(self) -> int:
        return len(self._err)

    def stderr_since(self, mark: int) -> str:
        return self._err[mark:].decode("utf-8", "replace")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def signal(self, sig: int, argv0: str | None = None) -> None:
        """Send `sig` to the contained process itself (e.g. SIGUSR1 for a stack dump).

        Under a sandbox the pid we hold is bwrap's or unshare's; the job is its child
        (or grandchild), so the signal goes to every process below it that we can see,
        or, with `argv0`, only to those whose argv[0] it is (not to the sandbox's init,
        which may die of a signal it has no handler for, and take the job with it).
        """
        targets = [self.pid] if self.mode is SandboxMode.NONE else descendants(self.pid)
        if argv0 is not None:
            targets = [p for p in [self.pid, *descendants(self.pid)] if _argv0(p) == argv0]
        for pid in targets:
            try:
                os.kill(pid, sig)
            except (ProcessLookupError, PermissionError):
                pass

    def kill(self) -> None:
        """Kill the whole tree (the sandbox's PID namespace dies with its init)."""
        if self.alive():
            self.killed_by_us = True
        tree = descendants(self.pid)
        kill_tree([self.pid, *tree])
        self._cgroup.remove()

    def wait(self, deadline: Deadline) -> int | None:
        """The exit status, or None if the deadline passed first (stderr is drained)."""
        while True:
            code = self.proc.poll()
            if code is not None:
                return code
            left = deadline.remaining(0.05)
            if left <= 0:
                return None
            if self._err_fd >= 0:
                ready, _, _ = select.select([self._err_fd], [], [], left)
                if ready:
                    self.drain_stderr()
            else:
                time.sleep(min(left, 0.01))

    def close(self) -> int:
        """Kill what is left, reap, drain, free the cgroup; the exit status."""
        if self.alive():
            self.kill()
        code = self.proc.wait()
        kill_tree(descendants(self.pid))
        self._cgroup.remove()
        if self._err_fd >= 0:
            self.drain_stderr()
            self._close_err()
        return code


def spawn(job: Job, box: Containment, mode: SandboxMode | None = None) -> Contained:
    """Start `job` under `box` in `mode` (default: `detect()`)."""
    mode = mode or detect()
    cgroup = _PidsCgroup(box.processes + 4)
    if mode is SandboxMode.BUBBLEWRAP:
        argv = _bwrap_argv(job, box)
        env: dict[str, str] = {"PATH": os.environ.get("PATH", os.defpath)}
        cwd = "/"
    elif mode is SandboxMode.NAMESPACES:
        argv = _unshare_argv(job, box)
        env = dict(job.env)
        cwd = "/"
    else:
        argv, env, cwd = list(job.argv), dict(job.env), job.cwd
    out: int = subprocess.DEVNULL if job.output_fd is None else job.output_fd
    err: int = subprocess.PIPE if job.output_fd is None else job.output_fd
    try:
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            pass_fds=tuple(job.pass_fds), cwd=cwd, env=env, start_new_session=True,
            preexec_fn=_limits_fn(box, mode, cgroup.join_fn()),
        )
    except BaseException:
        cgroup.remove()
        raise
    return Contained(proc, mode, box, cgroup)


@contextmanager
def start(job: Job, box: Containment, mode: SandboxMode | None = None) -> Iterator[Contained]:
    """`spawn()` as a context manager: the tree is killed and reaped on the way out."""
    proc = spawn(job, box, mode)
    try:
        yield proc
    finally:
        proc.close()
