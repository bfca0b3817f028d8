"""Where things live: the user's progress home and the bundled data.

Progress goes to one directory, chosen in this order:
`--home DIR` (set through `set_home_override`), then `TRAINER_HOME`, then the
platform's user data dir (platformdirs). Tests always set TRAINER_HOME so they
never touch the real data dir.

The bank (`content/`) and the katas (`katas/`) are data. In a wheel they are
copied to `trainer/_data/`; in a source checkout they sit at the repository top.
"""
from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "trainer"
_home_override: Path | None = None
_extra_content: tuple[Path, ...] = ()

_PACKAGE_DIR = Path(__file__).resolve().parent


def set_home_override(path: str | os.PathLike[str] | None) -> None:
    """Remember the `--home` option for this process (None clears it)."""
    global _home_override
    _home_override = Path(path).expanduser() if path else None


def home_dir() -> Path:
    """The directory holding this user's progress (not created here)."""
    if _home_override is not None:
        return _home_override
    env = os.environ.get("TRAINER_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir  # imported late: only commands that store need it

    return Path(user_data_dir(APP_NAME, appauthor=False))


def _data_dir(name: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def content_dir() -> Path:
    """The bundled question bank (a directory of YAML packs)."""
    return _data_dir("content")


def katas_dir() -> Path:
    """The bundled katas (one directory per kata slug)."""
    return _data_dir("katas")


def kata_slugs(root: Path | None = None) -> list[str]:
    """Slugs of the bundled katas (directories with a kata.yaml), sorted.

    It lives here, at the bottom, because the bank checks its cards' kata references
    against it and the bank must not import the kata runner above it.
    """
    root = katas_dir() if root is None else root
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "kata.yaml").is_file())


def set_extra_content(paths: list[str] | tuple[str, ...] | None) -> None:
    """Remember `--content` packs for this process (added to the bundled bank)."""
    global _extra_content
    _extra_content = tuple(Path(p).expanduser() for p in (paths or ()))


def extra_content() -> tuple[Path, ...]:
    """User packs from `--content` (TRAINER_CONTENT is read by the bank loader)."""
    return _extra_content


class NotAFile(Exception):
    """A path that must be a regular file of bounded size is not (see `read_regular`)."""


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of `path`, which must be a regular file of at most `limit` bytes.

    `/dev/zero`, a FIFO, a terminal, or a symlink to one would otherwise be
    read until memory runs out (or block for ever): the file is opened
    non-blocking, checked with fstat on the opened descriptor (so a swap
    after the check cannot fool it) and read no further than `limit`.
    Raises FileNotFoundError / OSError as `open` does, and `NotAFile` with a
    one-line reason.
    """
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a directory" if stat.S_ISDIR(st.st_mode) else
                    "a pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else
                    "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                    "not a regular file")
            raise NotAFile(f"{path} is {kind}, not a regular file")
        if st.st_size > limit:
            raise NotAFile(f"{path} is too large ({st.st_size} bytes; the limit is {limit})")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise NotAFile(f"{path} grew past the limit of {limit} bytes while being read")
        return b"".join(chunks)
    finally:
        os.close(fd)
