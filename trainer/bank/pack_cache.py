"""A cache of parsed packs, so a big user pack is parsed from YAML once, not on every command.

Parsing YAML is the slowest part of loading a large pack (PyYAML builds a
Python object for every event of the document); the parsed result is plain
data (dicts, lists, strings, numbers), which `marshal` stores and reloads
about ten times faster. Only the parse is cached: every load still validates
every card, so a cache file can never let an invalid card through.

* The key is the SHA-256 of the pack's bytes plus `FORMAT`: any edit to the
  file, or a change to how packs are read, misses the cache.
* Files live in `<home>/cache/packs/`; at most `KEEP` are kept.
* The cache is an optimisation only: a cache that cannot be read or written
  is ignored, never an error.
* Small packs (under `MIN_BYTES`) parse faster than a cache lookup and are
  never cached; the bundled bank is one of those.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = "1"          # bump when yaml_reader's output for the same bytes changes
MIN_BYTES = 256 * 1024
KEEP = 16


def cache_dir() -> Path:
    from trainer.paths import home_dir

    return home_dir() / "cache" / "packs"


def _key(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest() + f".v{FORMAT}.marshal"


def parse_cached(raw: bytes, parse: Callable[[], Any]) -> Any:
    """`parse()`'s result for these bytes, from the cache when it holds them."""
    if len(raw) < MIN_BYTES:
        return parse()
    path = cache_dir() / _key(raw)
    try:
        data = marshal.loads(path.read_bytes())
        os.utime(path)  # recently used: pruned last
        return data
    except (OSError, EOFError, ValueError, TypeError):
        pass  # not cached yet, or unreadable: parse it
    data = parse()
    _store(path, data)
    return data


def _store(path: Path, data: Any) -> None:
    try:
        blob = marshal.dumps(data)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        _prune(path.parent)
    except (OSError, ValueError):
        return  # a read-only or full disk only costs speed


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass
