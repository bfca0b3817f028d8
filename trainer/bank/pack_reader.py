"""Reading pack files: which files are packs, their bytes, their YAML, their raw cards.

Packs are untrusted input (user packs come from anywhere), so reading is
defensive and quick to refuse:

* bytes must be UTF-8; files over `MAX_FILE_BYTES` (and devices, FIFOs) are
  refused unread;
* YAML is read from the parser's event stream (`yaml_reader`): no tags that
  build Python objects, and anchors/aliases are refused outright so an alias
  bomb is never expanded;
* each card comes out as a `RawCard`: its data plus the line of every field,
  so the checker can say `file:line: field: message`.

Nothing here judges a card's fields; that is `card_checker`'s job.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from trainer.bank import pack_cache, yaml_reader
from trainer.bank.pack_format import MAX_FILE_BYTES, NOT_A_PACK, PACK_RE, TOP_FIELDS
from trainer.bank.problems import BankError, type_name
from trainer.bank.yaml_reader import Located


@dataclass
class RawCard:
    """A card as read from YAML, with where each field came from."""

    data: dict[Any, Any]
    path: Path
    line: int
    field_lines: dict[str, int]
    pack: str
    trusted: bool = False


def user_pack_paths(extra: Sequence[str | os.PathLike[str]] = ()) -> list[Path]:
    """`--content` paths plus the TRAINER_CONTENT path list (os.pathsep-separated)."""
    from trainer.paths import extra_content

    paths = [*extra_content(), *(Path(p) for p in extra)]
    env = os.environ.get("TRAINER_CONTENT", "")
    paths.extend(Path(p) for p in env.split(os.pathsep) if p.strip())
    return paths


def pack_files(paths: Iterable[Path], *, packs_only: bool = False) -> list[Path]:
    """Expand directories to their *.yaml / *.yml files (sorted); keep files as given.

    A directory walk skips dot-folders (`.venv`, `.git`: a library's YAML is not
    ours). With `packs_only` it also skips YAML files that have no top-level
    `pack:` key, so `--content .` in a project loads the packs and nothing else;
    a file named directly is always read (and reported if it is not a pack).
    """
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if (f.suffix not in (".yaml", ".yml") or any(x.startswith(".") for x in rel[:-1])
                        or f.name in NOT_A_PACK or not f.is_file()):
                    continue
                if packs_only and not _looks_like_pack(f):
                    continue
                out.append(f)
        else:
            out.append(p)
    return out


_PACK_KEY = re.compile(rb"^pack[ \t]*:", re.MULTILINE)


def _looks_like_pack(path: Path) -> bool:
    """A top-level `pack:` key in the file's first 64 KiB (unreadable files count: they get reported)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError:
        return True
    return _PACK_KEY.search(head.removeprefix(b"\xef\xbb\xbf")) is not None


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BankError([f"{path}: no such file"]) from None
    except OSError as exc:
        raise BankError([f"{path}: cannot read ({exc.strerror})"]) from None
    if size > MAX_FILE_BYTES:
        raise BankError([f"{path}: file too large ({size} bytes; a pack may be at most {MAX_FILE_BYTES})"])
    from trainer.paths import NotAFile, read_regular

    try:  # /dev/zero, a FIFO or a symlink to a device: refused, never read until memory runs out
        return read_regular(path, MAX_FILE_BYTES)
    except NotAFile as exc:
        raise BankError([f"cannot read a pack: {exc}"]) from None
    except OSError as exc:
        raise BankError([f"{path}: cannot read ({exc.strerror})"]) from None


def read_yaml(path: Path, lines: bool = True) -> Located:
    """One pack file's YAML, refusing what packs may not hold (a `BankError` says where).

    `lines=False` skips the line bookkeeping and may come from the parse cache
    (`pack_cache`); its `Located` then holds no lines.
    """
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BankError([f"{path}:{line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"]) from None
    if not text.strip():
        raise BankError([f"{path}:1: empty file; a pack needs `pack:` and `cards:`"])
    try:
        if not lines:
            try:
                return Located(pack_cache.parse_cached(raw, lambda: yaml_reader.read_fast(text)))
            except yaml_reader.YamlRefused:
                pass  # read again below, with lines, to say where
        located = yaml_reader.read(text)
    except yaml_reader.YamlRefused as exc:
        raise BankError([f"{path}:{exc.line}: {exc.message}"]) from None
    except yaml.MarkedYAMLError as exc:
        raise BankError([_describe_yaml_error(path, text, exc)]) from None
    except yaml.YAMLError as exc:
        raise BankError([f"{path}: invalid YAML: {exc}"]) from None
    if located.data is None:
        raise BankError([f"{path}:1: no YAML document; a pack needs `pack:` and `cards:`"])
    return located


def _describe_yaml_error(path: Path, text: str, exc: yaml.MarkedYAMLError) -> str:
    """One line for a YAML syntax error, in words a pack author can act on."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "\t" in problem:
        return f"{path}:{line}: invalid YAML: a tab character; indent with spaces"
    if exc.context and exc.context_mark is not None:
        return (f"{path}:{line}: invalid YAML: {problem} "
                f"({exc.context} started at line {exc.context_mark.line + 1})")
    return f"{path}:{line}: invalid YAML: {problem}"


def read_pack(path: Path, problems: list[str], lines: bool = True) -> list[RawCard]:
    """Read one pack file into raw cards, appending problems instead of raising.

    `lines=False` skips line bookkeeping (fast); problems then carry line 1, so
    callers re-read a pack that had problems with `lines=True`.
    """
    try:
        located = read_yaml(path, lines)
    except BankError as exc:
        problems.extend(exc.problems)
        return []
    data = located.data
    if not isinstance(data, dict):
        problems.append(f"{path}:1: a pack must be a mapping with `pack:` and `cards:`, found {type_name(data)}")
        return []
    top = located.key_lines.get(id(data), {})
    for key in data:
        if key not in TOP_FIELDS:
            problems.append(f"{path}:{top.get(str(key), 1)}: {key}: unknown top-level field (expected: pack, cards)")
    pack = data.get("pack")
    if not isinstance(pack, str) or not PACK_RE.match(pack):
        problems.append(f"{path}:{top.get('pack', 1)}: pack: must be a name like `core` or `my-pack` (lower case, digits, '-')")
        pack = str(pack)
    cards = data.get("cards")
    if not isinstance(cards, list) or not cards:
        problems.append(f"{path}:{top.get('cards', 1)}: cards: must be a non-empty list of cards, found {type_name(cards)}")
        return []
    item_lines = located.item_lines.get(id(cards), [])
    out = []
    for i, item in enumerate(cards):
        line = item_lines[i] if i < len(item_lines) else 1
        if not isinstance(item, dict):
            problems.append(f"{path}:{line}: cards[{i}]: a card must be a mapping, found {type_name(item)}")
            continue
        field_lines = dict(located.key_lines.get(id(item), {}))
        for listed in ("key_points", "misconceptions"):
            entries = item.get(listed)
            if isinstance(entries, list):
                for j, entry_line in enumerate(located.item_lines.get(id(entries), [])):
                    field_lines[f"{listed}[{j + 1}]"] = entry_line
        out.append(RawCard(item, path, line, field_lines, pack))
    return out
