"""A Go kata check: the learner's package and the hidden suite, built and run offline.

Each check builds a fresh temporary module (our own go.mod, the learner's non-test
`.go` files, the suite and the shared support file) with `go test -c -json`: the
compiler is trusted and runs as the user, outside the sandbox, but offline (the
module proxy, the sum database and toolchain downloads off; `go_env`) with the
persistent build cache of `toolchain.cache_dir()`. The test binary - the learner's
code - then runs under the same containment as the Python judge (`sandbox.py`: the
sandbox of `detect()`, no network, only the binary's directory and the module visible
read-only, a private capped /tmp, a process cap, the whole tree killed at the end),
with the limits suited to Go: RLIMIT_DATA, not address space. Its framed output
(`-test.v=test2json`, stdout and stderr merged as `go test` does) goes through Go's
own `test2json`, run outside the box, into the JSON events we read.

A watchdog gives each top-level test `Limits.test_seconds` (more under -race): a test
that runs longer is stopped (after a goroutine dump, so its frames show where), named
in the report, and the binary runs again for the tests not yet reported, like the
Python track's restart after a hang. The whole run shares `Limits.run_seconds`.

Go links a test binary on every `go test`; a check of exactly the same module files,
flags and toolchain as an earlier one reuses the binary it linked (kept beside the
build cache, the newest few), so only changed code pays for the link.

The suite's concurrency tests (names containing "Concurrent") run in a second,
race-detector build when a C compiler is present; otherwise with the rest.

The JSON events become the same events and `Report` as the Python track. Build
errors in the learner's files keep their file and line; errors in the suite's files
mean the package does not offer what the contract names ("your package must export
New(...)"), said without showing the hidden code. The tests that ran are compared
with the suite's own list: a package that "passes" with tests missing (os.Exit in
init) is an error, never a pass.

Limit of what printed lines prove. The learner's code runs in the test process, so it
can print exactly what the testing package prints (the framed `--- PASS` lines) and
end the process itself (`syscall.Exit(0)`, which `-test.paniconexit0` does not see;
`os.Exit(0)` it does). What the checker refuses: a test that reported a failure once
is a failure whatever is printed after; only the suite's own test names count, and
each must have a result; a process that exits non-zero while every test "passed" is an
error, never a pass. What it cannot refuse: code that forges a pass for every test
that has not run yet and then exits with status 0 (from `init`, for all of them). No
in-process check can stop that (whatever the suite could read, the learner's `init`
reads first); a pass of the Go track is a pass of honest code, not a proof.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from trainer.kata_runner import sandbox
from trainer.kata_runner.golang import contain
from trainer.kata_runner.golang.toolchain import Toolchain, cache_dir, race_supported, test2json
from trainer.kata_runner.golang.track import GoTrack
from trainer.kata_runner.report import ERROR, FAIL, PASS, Frame, Report, TestResult
from trainer.kata_runner.runner import (
    Collected,
    Event,
    Finished,
    Limits,
    TestFinished,
    TestStarted,
)

RACE_MARK = "Concurrent"
WARM_MARK = ".trainer-warm"
# Compiling the standard library into an empty cache takes 20-40 s on two cores;
# a warm build under a second. The learner's time limit counts the tests only.
COLD_BUILD_SECONDS = 600.0
WARM_BUILD_SECONDS = 120.0
OUTPUT_CAP = 16 << 20
KEPT_DIR = "trainer-test-binaries"  # under the build cache: linked binaries by inputs
KEPT_BINARIES = 12
MAX_HANGS = 3  # tests stopped for hanging before the rest is given up as "not run"
RACE_SLOWDOWN = 4  # the race detector's cost on a test's own time limit
DUMP_SECONDS = 2.0  # how long a stopped binary gets to print its goroutines
_RANK = {"pass": 0, "skip": 1, "fail": 2, "error": 3}
# Where the test binary's directory and the module appear inside the sandbox.
_INSIDE = {sandbox.SandboxMode.BUBBLEWRAP: "/kata", sandbox.SandboxMode.NAMESPACES: "/tmp/.kata"}
# The compiler is trusted and not boxed: a deadline and a tree kill, no memory limit.
_COMPILER = sandbox.Containment(memory=sandbox.MemoryLimit.NONE, cpu_seconds=int(COLD_BUILD_SECONDS),
                                file_bytes=1 << 30, processes=1024)

_TEST_FUNC = re.compile(r"^func (Test\w+)\(\w+ \*testing\.T\)", re.M)
_PACKAGE = re.compile(r"^package\s+(\w+)", re.M)
_EMBED = re.compile(r"^\s*//go:embed\b", re.M)
_CGO = re.compile(r'^\s*import\s+"C"|^\s*import\s*\([^)]*^\s*"C"\s*$', re.M | re.S)
_BUILD_ERR = re.compile(r"^(?:\./)?(?P<file>[\w.\-]+\.go):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.*)$")
_UNDEFINED = re.compile(r"undefined: (?P<pkg>\w+)\.(?P<name>\w+)")
_NO_METHOD = re.compile(r"\(type \*?(?:\w+\.)?(?P<type>\w+)(?:\[[^\]]*\])? has no field or method (?P<name>\w+)")
_MSG_LINE = re.compile(r"^ {4}(?P<file>[\w.\-]+\.go):(?P<line>\d+): (?P<msg>.*)$")
_STACK_LINE = re.compile(r"^\s+(?P<path>\S+\.go):(?P<line>\d+)(?: \+0x[0-9a-f]+)?(?: [a-z]+=\S+)*$")
_RULE = re.compile(r"^TestRule(\d+)_?")


def is_warm() -> bool:
    return (cache_dir() / WARM_MARK).is_file()


def learner_files(directory: Path) -> list[Path]:
    """The learner's package: the non-test .go files of the directory."""
    try:
        return sorted(p for p in directory.iterdir()
                      if p.suffix == ".go" and not p.name.endswith("_test.go") and p.is_file())
    except OSError:
        return []


def suite_tests(track: GoTrack) -> list[str]:
    """The top-level tests the suite defines, in file order."""
    names: list[str] = []
    for path in sorted(track.suite.glob("*_test.go")):
        names += _TEST_FUNC.findall(path.read_text(encoding="utf-8"))
    return names


def refuse(files: list[Path], package: str) -> str | None:
    """Why these files cannot be checked (embed, cgo, wrong package), or None."""
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return f"cannot read {path.name}: {getattr(exc, 'strerror', None) or exc}"
        if _EMBED.search(text):
            return f"{path.name} uses //go:embed: the checker builds only your Go source, remove it"
        if _CGO.search(text):
            return f'{path.name} imports "C": cgo is not allowed in a kata, use pure Go'
        m = _PACKAGE.search(text)
        if m is None:
            return f"{path.name} has no package clause: it must start with `package {package}`"
        if m[1] != package:
            return f"{path.name} is `package {m[1]}`: the kata's package is `package {package}`"
    return None


def humanize(test: str) -> str:
    """`TestRule3_Transitions/idle+insert_coin` -> `transitions [idle+insert_coin]`."""
    top, _, sub = test.partition("/")
    base = _RULE.sub("", top)
    if base.startswith("Test"):
        base = base[4:]
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", base).replace("_", " ").strip().lower() or top
    return f"{words} [{sub.replace('_', ' ')}]" if sub else words


def rule_of(test: str) -> int | None:
    m = _RULE.match(test)
    return int(m[1]) if m else None


def go_env(toolchain: Toolchain, home: str, race: bool) -> dict[str, str]:
    """The whole environment of `go test`: offline, our cache, nothing of the user's."""
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "GOCACHE": str(cache_dir()),
        "GOPATH": os.path.join(home, "gopath"),
        "GOMODCACHE": os.path.join(home, "gopath", "mod"),
        "GOENV": "off",
        "GOWORK": "off",
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
        "GOSUMDB": "off",
        "GONOSUMDB": "*",
        "GOPRIVATE": "*",
        "GOTOOLCHAIN": "local",
        "GOTELEMETRY": "off",
        "CGO_ENABLED": "1" if race else "0",
        "GORACE": "atexit_sleep_ms=0 halt_on_error=0",
        **toolchain.env(),
    }


@dataclass
class _Test:
    name: str
    status: str | None = None
    errors: list[str] = field(default_factory=list)
    output: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    shown: int | None = None  # output lines before a stack dump we asked for (a hang)


@dataclass(frozen=True)
class _Ended:
    """How one test binary run ended."""

    code: int
    timed_out: bool = False
    capped: bool = False
    hung: str | None = None  # the test the watchdog stopped


@dataclass
class _Pass:
    """One build and its test binary runs (more than one when a test hung)."""

    tests: dict[str, _Test] = field(default_factory=dict)
    build: list[str] = field(default_factory=list)
    build_failed: bool = False
    package_output: list[str] = field(default_factory=list)
    package_status: str | None = None
    running: list[str] = field(default_factory=list)
    ended: _Ended | None = None
    dirty: list[str] = field(default_factory=list)  # a run that ended badly with no test to blame
    hangs: int = 0  # tests the watchdog stopped
    current: str | None = None  # the top-level test running now, and since when
    since: float = 0.0


@dataclass
class _Build:
    """A `go test -c` compiling, and the pipe its JSON build events come from."""

    proc: sandbox.Contained | None  # None: an identical binary was linked before
    fd: int
    race: bool
    binary: Path
    keep: Path | None = None  # where to keep the binary for the next identical check


class GoCheckRun:
    """One Go check; the same `events()` / `cancel()` interface as `runner.CheckRun`."""

    def __init__(self, track: GoTrack, toolchain: Toolchain, source: str | os.PathLike[str], *,
                 limits: Limits | None = None, race: bool | None = None,
                 sandbox_mode: str | None = None) -> None:
        self.track = track
        self.toolchain = toolchain
        self.limits = limits or Limits()
        src = Path(os.path.abspath(source))
        self.directory = src if src.is_dir() else src.parent
        main = self.directory / track.file
        self.solution = src if src.is_file() else main
        self.mode, self._forced = sandbox.choose(sandbox_mode)
        self.report = Report(slug=track.slug, solution=str(self.solution), sandbox=self.mode.value)
        self.race = race_supported() if race is None else race
        self.tmp: str | None = None
        self._used = False
        self._map: dict[str, Path] = {}  # file name in the build -> learner's file
        self._problem: str | None = None
        self._plans: list[tuple[bool, list[str]]] | None = None
        self._first: _Build | None = None
        self._reaper: sandbox.Reaper | None = None
        self._tests_deadline: sandbox.Deadline | None = None
        self._test2json: Path | None = None

    def start(self) -> None:
        """Prepare the module and start the first build now, so the caller can do its
        own work (imports, opening the store) while it compiles."""
        if self._plans is not None or self._problem is not None:
            return
        self._problem = self._forced or self._prepare()
        if self._problem is None:
            self._reaper = sandbox.Reaper().__enter__()
            self._plans = self._make_plans()
            self._first = self._build(self._plans[0][0])

    # --- the run ---------------------------------------------------------------------

    def events(self) -> Iterator[Event]:
        if self._used:
            raise RuntimeError("a GoCheckRun runs once")
        self._used = True
        t0 = time.monotonic()
        report = self.report
        try:
            self.start()
            if self._problem:
                report.status, report.message = ERROR, self._problem
            else:
                yield from self._run_all()
        finally:
            self.cancel()
        report.duration = time.monotonic() - t0
        yield Finished(report)

    def cancel(self) -> None:
        if self._first is not None:
            self._close_build(self._first)
            self._first = None
        if self._reaper is not None:
            self._reaper.__exit__(None, None, None)
            self._reaper = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def _prepare(self) -> str | None:
        if not self.directory.is_dir():
            return f"no directory {self.directory}"
        files = learner_files(self.directory)
        if not files:
            return (f"no Go files in {self.directory} (run `trainer kata start "
                    f"{self.track.slug} --lang go`)")
        problem = refuse(files, self.track.package)
        if problem:
            return problem
        self.tmp = tempfile.mkdtemp(prefix="trainer-go-")
        work = Path(self.tmp) / "module"
        work.mkdir()
        for sub in ("home", "bin", "bin-race"):
            (Path(self.tmp) / sub).mkdir()
        (work / "go.mod").write_text(f"module {self.track.package}\n\ngo 1.22\n", encoding="utf-8")
        for path in files:
            shutil.copyfile(path, work / path.name)
            self._map[path.name] = path
        for path in sorted(self.track.suite.glob("*_test.go")):
            shutil.copyfile(path, work / f"zz_suite_{path.name}")
        support = self.track.support.read_text(encoding="utf-8")
        support = re.sub(r"^package kata_test$", f"package {self.track.package}_test", support,
                         count=1, flags=re.M)
        (work / "zz_suite_support_test.go").write_text(support, encoding="utf-8")
        return None

    def _make_plans(self) -> list[tuple[bool, list[str]]]:
        """(race?, the top-level tests it runs) for each build of this check."""
        expected = suite_tests(self.track)
        racy = [t for t in expected if RACE_MARK in t] if self.race else []
        if racy:
            return [(False, [t for t in expected if t not in racy]), (True, racy)]
        return [(False, expected)]

    # --- building (outside the sandbox, offline) ---------------------------------------

    def _build(self, race: bool) -> _Build:
        """Start `go test -c`: the compiler runs as the user, with the network and the
        module proxy off (go_env), under a deadline but no memory limit."""
        assert self.tmp is not None
        binary = Path(self.tmp) / ("bin-race" if race else "bin") / "kata.test"
        # -trimpath: the fresh directory does not enter the cache keys, so an unchanged
        # package is not compiled again on the next check.
        # -ldflags=-s -w: no symbol table or DWARF, as `go test` links its own binaries (the
        # stack traces we read come from the runtime's own tables); half the link time.
        flags = ["-c", "-json", "-vet=off", "-trimpath", "-ldflags=-s -w",
                 *(["-race"] if race else [])]
        kept = self._kept_binary(flags)
        if kept.is_file():  # the same sources, flags and toolchain: the same binary
            return _Build(None, -1, race, kept)
        argv = [str(self.toolchain.go), "test", *flags, "-o", str(binary), "."]
        read, write = os.pipe()
        try:
            job = sandbox.Job(argv=argv, env=go_env(self.toolchain, self.tmp, race),
                              cwd=os.path.join(self.tmp, "module"), output_fd=write,
                              network=True)  # the compiler is ours: it is not boxed
            proc = sandbox.spawn(job, _COMPILER, sandbox.SandboxMode.NONE)
        except BaseException:
            os.close(read)
            raise
        finally:
            os.close(write)
        return _Build(proc, read, race, binary, keep=kept)

    def _kept_binary(self, flags: list[str]) -> Path:
        """Where a check of exactly these inputs keeps its linked test binary.

        Go caches compiled packages but links a test binary every time (a third of a
        warm check); a check of unchanged code (a re-check, `watch` after a touch) reuses
        the binary linked for the same module files, flags and toolchain instead."""
        assert self.tmp is not None
        digest = hashlib.sha256()
        chain = self.toolchain
        for part in (str(chain.go), chain.version_text, str(chain.goroot), *flags):
            digest.update(part.encode() + b"\0")
        module = Path(self.tmp) / "module"
        for path in sorted(module.iterdir()):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        return cache_dir() / KEPT_DIR / digest.hexdigest()[:32] / "kata.test"

    def _close_build(self, build: _Build) -> int:
        if build.proc is None:
            return 0
        code = build.proc.close()
        try:
            os.close(build.fd)
        except OSError:
            pass
        return code

    def _read_build(self, p: _Pass, build: _Build) -> None:
        if build.proc is None:
            return
        seconds = WARM_BUILD_SECONDS if is_warm() else COLD_BUILD_SECONDS
        outcome = contain.Reading()
        for raw in contain.lines(build.fd, sandbox.Deadline(seconds), OUTPUT_CAP, outcome):
            ev = _event(raw)
            if ev is None:
                continue
            if ev.get("Action") == "build-output":
                p.build.append(str(ev.get("Output") or ""))
            elif ev.get("Action") == "build-fail":
                p.build_failed = True
        code = self._close_build(build)
        if outcome.timed_out:
            p.build_failed = True
            p.build.append(f"the build took longer than {seconds:g} s\n")
        elif code != 0 or not build.binary.is_file():
            p.build_failed = True
            if not p.build:
                p.build.append(f"go test -c ended with exit status {code}\n")
        elif build.keep is not None:
            _keep(build.binary, build.keep)

    # --- running the test binary (inside the sandbox) ----------------------------------

    def _run_all(self) -> Iterator[Event]:
        plans = self._plans or self._make_plans()
        expected = suite_tests(self.track)
        yield Collected(len(expected))
        done = [0]
        passes: list[tuple[_Pass, list[str]]] = []
        for race, wanted in plans:
            p = _Pass()
            passes.append((p, wanted))
            build, self._first = self._first or self._build(race), None
            self._read_build(p, build)
            if p.build_failed:
                break
            if self._tests_deadline is None:  # the learner's time counts the tests only
                # Into an empty cache, `go tool` first builds test2json: before the clock.
                self._test2json = test2json(self.toolchain, go_env(self.toolchain, self.tmp or "",
                                                                   False))
                self._tests_deadline = sandbox.Deadline(self.limits.run_seconds)
            yield from self._run_tests(p, build, wanted, done, len(expected))
        self._settle(passes)

    def _run_tests(self, p: _Pass, build: _Build, wanted: list[str], done: list[int],
                   total: int) -> Iterator[Event]:
        """Run the binary; after a hang, again without the tests already reported."""
        for _attempt in range(MAX_HANGS + 1):
            left = [n for n in wanted if p.tests.get(n) is None or p.tests[n].status is None]
            if not left:
                return
            yield from self._run_binary(p, build, left, done, total)
            ended = p.ended
            if ended is None or ended.hung is None:
                return
            deadline = self._tests_deadline
            if deadline is not None and deadline.expired:
                return

    def _box_job(self, build: _Build, names: list[str], output: int) -> sandbox.Job:
        assert self.tmp is not None
        inside = _INSIDE.get(self.mode)
        tmp = Path(self.tmp)
        deadline = self._tests_deadline
        left = deadline.remaining() if deadline is not None else self.limits.run_seconds
        args = ["-test.v=test2json", "-test.paniconexit0", "-test.count=1",
                f"-test.timeout={int(left) + 5}s", f"-test.run=^({'|'.join(names)})$"]
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
               "GORACE": "atexit_sleep_ms=0 halt_on_error=0"}
        if inside is None:  # no sandbox: the real paths, a private home
            home = str(tmp / "home")
            return sandbox.Job(argv=(str(build.binary), *args), env={**env, "HOME": home,
                               "TMPDIR": home}, cwd=str(tmp / "module"), output_fd=output)
        binds = (sandbox.Bind(str(build.binary.parent), f"{inside}/bin"),
                 sandbox.Bind(str(tmp / "module"), f"{inside}/module"))
        hide = [str(self.directory), str(_progress_home()), self.tmp]
        return sandbox.Job(argv=(f"{inside}/bin/{build.binary.name}", *args),
                           env={**env, "HOME": "/tmp", "TMPDIR": "/tmp"}, ro_binds=binds,
                           hide=hide, cwd=f"{inside}/module", output_fd=output)

    def _run_binary(self, p: _Pass, build: _Build, names: list[str], done: list[int],
                    total: int) -> Iterator[Event]:
        limits = self.limits
        box = sandbox.Containment(memory_bytes=limits.memory_bytes,
                                  memory=sandbox.MemoryLimit.DATA,
                                  cpu_seconds=int(limits.run_seconds) + 5,
                                  file_bytes=limits.file_bytes, processes=limits.processes)
        per_test = limits.test_seconds * (RACE_SLOWDOWN if build.race else 1)
        raw_r, raw_w = os.pipe()
        json_r, json_w = os.pipe()
        proc: sandbox.Contained | None = None
        conv = None
        try:
            job = self._box_job(build, names, raw_w)
            proc = sandbox.spawn(job, box, self.mode)
            assert self._test2json is not None
            conv = contain.converter(self._test2json, self.track.package, raw_r, json_w)
        finally:
            for fd in (raw_r, raw_w, json_w):
                os.close(fd)
            if conv is None:
                os.close(json_r)
                if proc is not None:
                    proc.close()
        p.running, p.current, p.package_status = [], None, None

        def hung() -> bool:
            return p.current is not None and time.monotonic() - p.since > per_test

        outcome = contain.Reading()
        deadline = self._tests_deadline or sandbox.Deadline(limits.run_seconds)
        try:
            for raw in contain.lines(json_r, deadline, OUTPUT_CAP, outcome, hung):
                yield from self._take(p, raw, done, total)
            stuck = p.current if (outcome.stopped or outcome.timed_out) else None
            if stuck is not None:
                # Ask the Go runtime for every goroutine's stack (it lands in the test's
                # output: the learner's frames show where it hung), then end it.
                for name in p.running:
                    p.tests[name].shown = len(p.tests[name].output)
                proc.signal(signal.SIGQUIT, argv0=job.argv[0])
                for raw in contain.lines(json_r, sandbox.Deadline(DUMP_SECONDS), OUTPUT_CAP,
                                         contain.Reading()):
                    yield from self._take(p, raw, done, total)
        finally:
            code = proc.close()
            conv.kill()
            conv.wait()
            os.close(json_r)
        hang = p.current if outcome.stopped else None
        p.ended = _Ended(code, timed_out=outcome.timed_out, capped=outcome.capped, hung=hang)
        if hang is not None:
            p.hangs += 1
            self._mark_hung(p, hang, per_test)
            done[0] += 1
            yield TestFinished(self._result(p.tests[hang], p), done[0], total)
        elif not outcome.timed_out and not outcome.capped and code != 0 and not p.running \
                and not any(p.tests[n].status == "fail" for n in p.tests):
            p.dirty.append(f"the test process ended with exit status {code} after its tests")
        if code == 0 and p.package_status == "pass" and not p.running:
            _mark_warm()

    def _mark_hung(self, p: _Pass, name: str, seconds: float) -> None:
        """The test the watchdog stopped: an error that names it; the others run again."""
        for n in list(p.running):
            if n == name or n.startswith(name + "/"):
                t = p.tests[n]
                t.status = "error"
                if not any(o.startswith(n + "/") for o in p.running):
                    t.errors.append(f"did not finish within {seconds:g} s (an endless loop or a "
                                    "deadlock?); the check stopped it and ran the other tests")
                p.running.remove(n)
        p.current = None

    def _take(self, p: _Pass, raw: bytes, done: list[int], total: int) -> Iterator[Event]:
        """One JSON event of test2json into the pass; the progress events it makes."""
        ev = _event(raw)
        if ev is None:
            return
        action = ev.get("Action")
        test = ev.get("Test")
        if not isinstance(test, str) or not test:
            if action == "output":
                p.package_output.append(str(ev.get("Output") or ""))
            elif action in ("pass", "fail", "skip"):
                p.package_status = action
            return
        t = p.tests.setdefault(test, _Test(test))
        top = "/" not in test
        if action == "run":
            if t.status is None and test not in p.running:
                p.running.append(test)
                if top:
                    p.current, p.since = test, time.monotonic()
                    yield TestStarted(test, humanize(test), done[0], total)
        elif action == "output":
            _take_output(t, ev)
        elif action in ("pass", "fail", "skip"):
            first = t.status is None
            # Learner code shares the process and can print the testing package's lines:
            # a test that reported a failure once stays failed, whatever comes after.
            if _RANK.get(action, 0) >= _RANK.get(t.status or "", -1):
                t.status = action
            elapsed = ev.get("Elapsed")
            t.elapsed = float(elapsed) if isinstance(elapsed, (int, float)) else 0.0
            if test in p.running:
                p.running.remove(test)
            if top and p.current == test:
                p.current = None
            if top and first:
                done[0] += 1
                yield TestFinished(self._result(t, p), done[0], total)

    # --- turning the stream into a report --------------------------------------------

    def _settle(self, passes: list[tuple[_Pass, list[str]]]) -> None:
        report = self.report
        for p, _ in passes:
            if p.build_failed:
                report.status = ERROR
                report.message, report.frames = self._build_message(p)
                return
        results: list[TestResult] = []
        problems: list[str] = []
        for p, wanted in passes:
            stop = self._stop_reason(p)
            leaves = [n for n in p.running if not any(o.startswith(n + "/") for o in p.running)]
            for name in p.running:  # started, never finished: the process ended under it
                t = p.tests[name]
                t.status = "error"
                if name in leaves:
                    t.errors.append(stop or "the test process ended during this test")
                    t.output = [ln for ln in t.output if not ln.startswith(("panic: ", "fatal error: "))]
            # Only the suite's own tests count: a line printed for another name is not one.
            ran = {n for n in wanted if n in p.tests and p.tests[n].status is not None}
            for name in wanted:
                if name not in ran:
                    why = stop or ("it never started: does your package end the process "
                                   "(os.Exit in init or in a goroutine)?")
                    results.append(TestResult(id=name, name=humanize(name), status=ERROR,
                                              message=f"not run: {why}", task_id=rule_of(name)))
            if not ran and wanted:
                problems.append(stop or "no test ran: does your package end the process "
                                        "(os.Exit in init)?")
            results[:0] = [self._result(p.tests[n], p) for n in _reported(p)
                           if n.split("/")[0] in wanted]
        order = {n: i for i, n in enumerate(suite_tests(self.track))}
        results.sort(key=lambda r: (order.get(r.id.split("/")[0], 1 << 20), r.id))
        report.tests = results
        if problems and not any(r.status != ERROR or not (r.message or "").startswith("not run")
                                for r in results):
            report.status, report.message = ERROR, problems[0]
            report.tests = []
            return
        report.status = PASS if results and all(r.passed for r in results) else FAIL
        dirty = [d for p, _ in passes for d in p.dirty]
        if report.status == PASS and dirty:
            # Every test says pass, yet the process says otherwise: printed lines are not
            # proof (module docstring), so this is never a pass.
            report.status = ERROR
            report.message = (f"{dirty[0]}: the tests' own results do not explain it (does "
                              "your code print test results, or end the process?)")

    def _stop_reason(self, p: _Pass) -> str | None:
        ended = p.ended
        # The test process's last words are filed under the test that was running.
        text = "".join(p.package_output) + "".join(
            line for name in p.running for line in p.tests[name].output)
        if ended is not None and ended.hung is not None:
            return (f"{p.hangs} tests did not finish in time, so the check stopped running "
                    "the rest")
        if ended is not None and ended.timed_out:
            return f"the run reached its time limit ({self.limits.run_seconds:g} s of tests)"
        if ended is not None and ended.capped:
            return "the tests printed too much output (the check stopped them)"
        if "panic: test timed out" in text:
            return (f"timed out: the tests took longer than {self.limits.run_seconds:g} s "
                    "(an endless loop or a deadlock?)")
        if "fatal error: all goroutines are asleep - deadlock!" in text:
            return "deadlock: every goroutine was blocked (a lock taken twice? a channel nobody reads?)"
        if "out of memory" in text or "cannot allocate memory" in text:
            mib = self.limits.memory_bytes >> 20
            return f"the test process ran out of memory (the limit is {mib} MiB)"
        m = re.search(r"^panic: (.*)$", text, re.M)
        if m:
            return f"your code panicked outside a test's reach (a goroutine?): {m[1]}"
        if "WARNING: DATA RACE" in text:
            return "the race detector found a data race"
        if ended is not None and ended.code not in (0, 1):
            return f"the test process ended with exit status {ended.code}"
        return None

    def _result(self, t: _Test, p: _Pass) -> TestResult:
        status = {"pass": PASS, "fail": FAIL}.get(t.status or "", ERROR)
        message = "\n".join(_without_stack(m) for m in t.errors if m).strip() or None
        if t.status == "skip":  # the suite never skips: something made it, so it counts against
            status, message = FAIL, message or "skipped: every test of the suite must run"
        frames = self._frames(t.output + t.errors)
        raw_out = "".join(t.output)
        if "WARNING: DATA RACE" in raw_out:
            message = ((message + "\n") if message else "") + (
                "rule 5: the race detector found a data race (two goroutines touch the same "
                "memory, at least one writes, with no lock between them)")
            status = FAIL
        elif status == FAIL and message is None:
            message = "failed (see output)"
        output = _learner_output(t.output if t.shown is None else t.output[:t.shown])
        return TestResult(id=t.name, name=humanize(t.name), status=status, message=message,
                          output=output, task_id=rule_of(t.name), frames=frames,
                          duration=t.elapsed)

    def _frames(self, lines: list[str]) -> list[Frame]:
        found: list[Frame] = []
        mine = f"{self.track.package}/"  # -trimpath: files of the module are <module>/<file>
        for line in lines:
            for raw in line.splitlines():
                m = _STACK_LINE.match(raw)
                if m is None:
                    continue
                path = m["path"]
                name = path[len(mine):] if path.startswith(mine) else ""
                if name not in self._map:
                    continue
                frame = self._frame(name, int(m["line"]))
                if frame not in found:
                    found.append(frame)
        found.reverse()  # Go prints the most recent call first
        return found[-8:]

    def _frame(self, name: str, line: int) -> Frame:
        learner = self._map[name]
        try:
            code = learner.read_text(encoding="utf-8").splitlines()[line - 1].strip()
        except (OSError, IndexError, UnicodeDecodeError):
            code = ""
        return Frame(str(learner), line, code)

    def _build_message(self, p: _Pass) -> tuple[str, list[Frame]]:
        mine: list[str] = []
        frames: list[Frame] = []
        contract: list[str] = []
        other: list[str] = []
        for line in "".join(p.build).splitlines():
            if not line.strip() or line.startswith("#") or "too many errors" in line:
                continue
            m = _BUILD_ERR.match(line.strip())
            if m is None:
                other.append(line.strip())
                continue
            name, msg = m["file"], m["msg"]
            if name in self._map:
                frame = self._frame(name, int(m["line"]))
                frames.append(frame)
                mine.append(f"{name}:{m['line']}: {msg}")
            else:
                text = _contract_message(msg, self.track.package,
                                         self._suite_line(name, int(m["line"])))
                if text not in contract:
                    contract.append(text)
        if mine:
            head = "your code does not compile:\n" + "\n".join(mine[:10])
            return head, []
        if contract:
            return "\n".join(contract[:10]), frames
        detail = " / ".join(other[-3:]) or "no details"
        return f"the build failed: {detail}", frames

    def _suite_line(self, name: str, line: int) -> str:
        if self.tmp is None:
            return ""
        try:
            return (Path(self.tmp) / "module" / name).read_text(encoding="utf-8").splitlines()[line - 1]
        except (OSError, IndexError):
            return ""


def _contract_message(msg: str, package: str, source: str) -> str:
    """A compile error inside the hidden suite, in the learner's terms (no suite code)."""
    m = _UNDEFINED.search(msg)
    if m and m["pkg"] == package:
        name = m["name"]
        called = re.search(rf"\b{package}\.{name}\s*[\[(]", source) is not None
        return f"your package must export {name}{'(...)' if called else ''}"
    m = _NO_METHOD.search(msg)
    if m:
        return f"your type {m['type']} must have the method {m['name']}(...)"
    msg = re.sub(r"\b\w+_test\.", "", msg)
    return ("your package does not match the contract the tests use (names, types and "
            f"signatures of README rule 1): {msg}")


def _event(raw: bytes) -> dict[str, object] | None:
    try:
        ev = json.loads(raw)
    except ValueError:
        return None
    return ev if isinstance(ev, dict) else None


def _progress_home() -> Path:
    from trainer.paths import home_dir

    return home_dir()


def _take_output(t: _Test, ev: dict[str, object]) -> None:
    text = str(ev.get("Output") or "")
    kind = ev.get("OutputType")
    if kind == "frame" or text.startswith(("=== RUN", "=== PAUSE", "=== CONT", "=== NAME",
                                           "--- PASS", "--- FAIL", "--- SKIP")):
        return
    if kind in ("error", "error-continue") or (kind is None and _MSG_LINE.match(text.rstrip("\n"))):
        body = text.rstrip("\n")
        m = _MSG_LINE.match(body)
        if m:
            body = m["msg"]
        elif body.startswith("        "):
            body = body[8:]
        if kind == "error-continue" or (kind is None and not m and t.errors):
            t.errors[-1] += "\n" + body
        else:
            t.errors.append(body)
        return
    if kind is None and t.errors and text.startswith("        "):
        t.errors[-1] += "\n" + text.rstrip("\n")[8:]
        return
    t.output.append(text)


def _without_stack(text: str) -> str:
    """A failure message without the goroutine dump a recovered panic appends."""
    cut = re.search(r"^goroutine \d+ \[", text, re.M)
    return text[: cut.start()].rstrip() if cut else text


def _learner_output(lines: list[str]) -> str | None:
    text = "".join(lines).strip("\n")
    if not text:
        return None
    return text[-8192:]


def _reported(p: _Pass) -> list[str]:
    """The tests to report: leaves, and a failed parent none of whose children failed."""
    names = [n for n in p.tests if p.tests[n].status is not None]
    out = []
    for n in names:
        children = [c for c in names if c.startswith(n + "/")]
        if not children:
            out.append(n)
        elif p.tests[n].status != "pass" and all(p.tests[c].status == "pass" for c in children):
            out.append(n)
    return out


def _keep(binary: Path, target: Path) -> None:
    """Put a linked binary where the next identical check finds it; keep the newest few."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f".{os.getpid()}.part")
        shutil.copyfile(binary, part)
        part.chmod(0o755)
        os.replace(part, target)
        entries = sorted(target.parent.parent.iterdir(), key=lambda d: d.stat().st_mtime)
        for old in entries[:-KEPT_BINARIES]:
            shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass


def _mark_warm() -> None:
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / WARM_MARK).write_text("the standard library is in this cache\n", encoding="utf-8")
    except OSError:
        pass
