"""Loading the bank: which packs, in which trust, read, checked and linked in one pass.

This is the one way in (`load_bank`, `load_files`); the jobs are done by the
modules it calls, in order:

1. `pack_reader`: which files are packs, their YAML (safe, event-stream only)
   and their raw cards with field lines;
2. `card_checker`: each card against the pack format (`pack_format`), with
   `pattern_policy` deciding how hard its patterns are checked;
3. `cross_refs`: ids, parents, kata slugs and renames across every pack,
   then the interview order.

Every problem is one `file:line: field: message` line; the whole load fails
with one `BankError` (exit 2 at the CLI) listing them.

The kata slugs a live-coding card may name are the caller's to give; when it
gives none, they are the installed katas (`trainer.paths.kata_slugs`, the
directory listing the kata runner reads too), never the kata runner itself.
"""
from __future__ import annotations

import gc
import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from trainer.bank.card_checker import check_card
from trainer.bank.cross_refs import link
from trainer.bank.model import Bank, Card
from trainer.bank.pack_reader import RawCard, pack_files, read_pack, user_pack_paths
from trainer.bank.problems import BankError

__all__ = ["BankError", "load_bank", "load_files"]


def load_bank(
    extra: Sequence[str | os.PathLike[str]] = (),
    *,
    bundled: bool = True,
    kata_slugs: Iterable[str] | None = None,
    strict: bool = False,
) -> Bank:
    """Load the bundled bank plus user packs (`extra` and TRAINER_CONTENT).

    User packs are always validated in full. The bundled packs' regexes are
    compiled lazily, on first use, unless `strict` (as `trainer content check`
    asks): they ship with the package and the test suite compiles every one.
    """
    from trainer.paths import content_dir

    problems: list[str] = []
    sources: list[Path] = []
    if bundled:
        sources.extend(pack_files([content_dir()]))
    n_bundled = len(sources)
    for p in user_pack_paths(extra):
        if not p.exists():
            problems.append(f"{p}: no such file or directory (from --content or TRAINER_CONTENT)")
            continue
        found = pack_files([p], packs_only=True)
        if p.is_dir() and not found:
            problems.append(f"{p}: no .yaml packs in this directory (a pack has a `pack:` key)")
        sources.extend(found)
    sources = _once_each(sources)
    trusted = () if strict else tuple(sources[:n_bundled])
    return load_files(sources, kata_slugs=kata_slugs, problems=problems, trusted=trusted)


def _once_each(files: list[Path]) -> list[Path]:
    """A file named twice (or reached through two --content paths) is loaded once."""
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def load_files(
    files: Sequence[Path],
    *,
    kata_slugs: Iterable[str] | None = None,
    problems: list[str] | None = None,
    trusted: Iterable[Path] = (),
) -> Bank:
    """Load exactly these pack files; `trusted` ones skip the up-front regex compile.

    Packs are first read without line numbers (the common, fast case); if
    anything is wrong they are read again with them, so every problem names
    its line.
    """
    if kata_slugs is None:
        from trainer.paths import kata_slugs as installed_kata_slugs

        kata_slugs = installed_kata_slugs()
    slugs = frozenset(kata_slugs)
    earlier = list(problems or [])
    trusted_files = set(trusted)
    with _no_gc():
        bank, found = _load(files, slugs, list(earlier), trusted_files, lines=False)
        if not found:
            bank.sources = tuple(files)
            return bank
        # Read again with line numbers (and without the parse cache): the source of truth.
        bank, found = _load(files, slugs, list(earlier), trusted_files, lines=True)
        if not found:  # only a damaged cache entry disagreed with the file
            bank.sources = tuple(files)
            return bank
    raise BankError(found)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic collector while a pack builds its many small objects.

    A load creates hundreds of thousands of dicts, lists and strings and no
    cycles; collections triggered along the way only re-scan them (~10% of a
    large load).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(files: Sequence[Path], kata_slugs: Collection[str], problems: list[str],
          trusted: set[Path], *, lines: bool) -> tuple[Bank, list[str]]:
    raws: list[RawCard] = []
    for f in files:
        for raw in read_pack(f, problems, lines):
            raw.trusted = f in trusted
            raws.append(raw)
    cards: list[Card] = []
    for raw in raws:
        card = check_card(raw, problems)
        if card is not None:
            cards.append(card)
    return link(cards, problems, kata_slugs), problems
