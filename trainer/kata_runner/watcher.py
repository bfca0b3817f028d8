"""Tell the caller each time one file was saved: file events, or polling where they fail.

`watch_file()` yields a `WatchMode` first (and again if it has to switch), then a
`Changed` per save. It prefers file events (watchfiles, debounced: editors write a
file in several steps) and falls back to polling the file's mtime/size/inode when:

* events cannot be set up (watchfiles missing, inotify limits, an unsupported file
  system) - the reason is given;
* they are known not to work (WSL, or WATCHFILES_FORCE_POLLING set), or the caller
  asks for polling;
* they silently do not arrive (a network or bind-mounted file system): the file's
  signature changed twice in a row without an event, so we switch and say so.

The caller renders the mode in one line; nothing here writes to the terminal.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WatchMode:
    polling: bool
    reason: str | None = None
    interval: float = 0.5


@dataclass(frozen=True)
class Changed:
    path: Path


def signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when the file is saved (None while it does not exist)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _events_known_broken() -> str | None:
    env = os.environ.get("WATCHFILES_FORCE_POLLING")
    if env and env.lower() not in {"false", "disable", "disabled"}:
        return "WATCHFILES_FORCE_POLLING is set"
    try:
        release = os.uname().release.lower()
    except AttributeError:  # not POSIX
        return None
    if "microsoft" in release:
        return "file events are unreliable on WSL"
    return None


def poll(path: Path, interval: float = 0.5, debounce: float = 0.25) -> Iterator[Changed]:
    """Yield a Changed each time the file's signature changes (and then holds still)."""
    last = signature(path)
    while True:
        time.sleep(interval)
        now = signature(path)
        if now == last:
            continue
        while True:  # wait for the editor to finish writing
            time.sleep(debounce)
            settled = signature(path)
            if settled == now:
                break
            now = settled
        last = now
        yield Changed(path)


def watch_file(path: Path, *, force_poll: bool = False, interval: float = 0.5,
               debounce_ms: int = 250) -> Iterator[WatchMode | Changed]:
    """Yield the mode, then one `Changed` per save of `path` (forever; Ctrl-C stops it)."""
    path = Path(path)
    reason = "polling was asked for" if force_poll else _events_known_broken()
    if reason is None:
        try:
            import watchfiles
        except ImportError:
            reason = "watchfiles is not installed"
    if reason is not None:
        yield WatchMode(True, reason, interval)
        yield from poll(path, interval)
        return

    name = path.name
    events = watchfiles.watch(
        path.parent, watch_filter=lambda _change, p: os.path.basename(p) == name,
        # A short timeout: the first call returns quickly (the caller learns the mode
        # before its first check), and a silent watcher is noticed soon.
        debounce=debounce_ms, step=50, rust_timeout=200, yield_on_timeout=True,
        force_polling=False, recursive=False, raise_interrupt=True,
    )
    last = signature(path)
    announced = False
    unseen_since: float | None = None
    while True:
        try:
            changes = next(events)
        except StopIteration:
            changes = None
        except (OSError, RuntimeError) as exc:  # watcher could not start (or died)
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            changes, reason = None, f"file events are unavailable here ({detail})"
        if changes is None:
            yield WatchMode(True, reason or "file events stopped", interval)
            yield from poll(path, interval)
            return
        if not announced:
            announced = True
            yield WatchMode(False)
        now = signature(path)
        if changes:
            unseen_since = None
            last = now
            yield Changed(path)
        elif now != last:
            unseen_since = unseen_since or time.monotonic()
            if time.monotonic() - unseen_since > 1.5:  # changed, and no event came
                events.close()
                yield WatchMode(True, "file events did not arrive for a change here", interval)
                yield Changed(path)
                yield from poll(path, interval)
                return
