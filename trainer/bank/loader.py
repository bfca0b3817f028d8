"""The one loader of the bank: safe YAML, schema checks, cross-references.

Packs are untrusted input (user packs come from anywhere), so loading is
defensive and quick to refuse:

* bytes must be UTF-8; files over `MAX_FILE_BYTES` are refused unread;
* YAML is read from the parser's event stream (`yaml_reader`): no tags that
  build Python objects, and anchors/aliases are refused outright so an alias
  bomb is never expanded;
* every problem is reported as `file:line: field: message`, one line each,
  and the whole load fails with a `BankError` (exit 2 at the CLI).
"""
from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from trainer.bank import pack_cache, yaml_reader
from trainer.bank.model import KINDS, LEVELS, Bank, Card, KeyPoint, Misconception, Patterns
from trainer.bank.yaml_reader import Located
from trainer.errors import TrainerError

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_ERRORS = 50
MAX_PATTERN = 300
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
TAG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
PACK_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
# A quantified group that itself contains a quantifier, like (a+)+ or (\w*)*: the
# classic catastrophic-backtracking shape. Refused so a pack cannot hang a session.
NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*{]")

# Key point counts per kind (min, max), as the bank's authors agreed.
KEY_POINTS = {
    "question": (3, 6),
    "follow_up": (2, 4),
    "concept_check": (1, 3),
    "red_flag": (2, 4),
    "strong_signal": (2, 4),
    "live_coding": (3, 6),
}
FIELDS = {
    "id", "kind", "level", "number", "parent", "kata", "title", "tags", "prompt", "answer",
    "detail", "key_points", "looks_like", "detect", "replaces", "misconceptions",
}
KEY_POINT_FIELDS = ("point", "match", "rubric", "probe")
MISCONCEPTION_FIELDS = ("id", "claim", "match", "rubric", "correction", "challenge")
DETECT_FIELDS = ("match", "rubric")
MAX_RUBRIC = 400
MISCONCEPTION_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
# A directory of packs may hold the lexicon beside them; it is not a pack.
NOT_A_PACK = {"lexicon.yaml"}
TOP_FIELDS = {"pack", "cards"}


class BankError(TrainerError):
    """The bank could not be loaded; `problems` holds one line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:MAX_ERRORS]
        more = len(self.problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more" if more > 0 else "")
        super().__init__(text, exit_code=2)


@dataclass
class _Raw:
    """A card as read from YAML, with where each field came from."""

    data: dict[str, Any]
    path: Path
    line: int
    field_lines: dict[str, int]
    pack: str
    trusted: bool = False


# --- reading files -----------------------------------------------------------------

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


def _read_yaml(path: Path, lines: bool = True) -> Located:
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
        raw = read_regular(path, MAX_FILE_BYTES)
    except NotAFile as exc:
        raise BankError([f"cannot read a pack: {exc}"]) from None
    except OSError as exc:
        raise BankError([f"{path}: cannot read ({exc.strerror})"]) from None
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


def _type_name(value: Any) -> str:
    return {list: "a list", dict: "a mapping", str: "a string", int: "a number",
            float: "a number", bool: "true/false", type(None): "nothing"}.get(type(value), type(value).__name__)


def read_pack(path: Path, problems: list[str], lines: bool = True) -> list[_Raw]:
    """Read one pack file into raw cards, appending problems instead of raising.

    `lines=False` skips line bookkeeping (fast); problems then carry line 1, so
    callers re-read a pack that had problems with `lines=True`.
    """
    try:
        located = _read_yaml(path, lines)
    except BankError as exc:
        problems.extend(exc.problems)
        return []
    data = located.data
    if not isinstance(data, dict):
        problems.append(f"{path}:1: a pack must be a mapping with `pack:` and `cards:`, found {_type_name(data)}")
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
        problems.append(f"{path}:{top.get('cards', 1)}: cards: must be a non-empty list of cards, found {_type_name(cards)}")
        return []
    item_lines = located.item_lines.get(id(cards), [])
    out = []
    for i, item in enumerate(cards):
        line = item_lines[i] if i < len(item_lines) else 1
        if not isinstance(item, dict):
            problems.append(f"{path}:{line}: cards[{i}]: a card must be a mapping, found {_type_name(item)}")
            continue
        lines = dict(located.key_lines.get(id(item), {}))
        kps = item.get("key_points")
        if isinstance(kps, list):
            for j, kp_line in enumerate(located.item_lines.get(id(kps), [])):
                lines[f"key_points[{j + 1}]"] = kp_line
        mcs = item.get("misconceptions")
        if isinstance(mcs, list):
            for j, mc_line in enumerate(located.item_lines.get(id(mcs), [])):
                lines[f"misconceptions[{j + 1}]"] = mc_line
        out.append(_Raw(item, path, line, lines, pack))
    return out


# --- validating cards ------------------------------------------------------------------

_PATTERN_PROBLEMS: dict[tuple[str, bool], str | None] = {}
_UNCHECKED = object()


def _pattern_problem(pattern: str, compile_it: bool) -> str | None:
    """Why a match pattern is refused, or None (cached per pattern).

    The length and nested-quantifier checks are cheap and always run; the full
    compile runs for untrusted packs (user packs, `content check`).
    """
    key = (pattern, compile_it)
    if key in _PATTERN_PROBLEMS:
        return _PATTERN_PROBLEMS[key]
    result: str | None = None
    if len(pattern) > MAX_PATTERN:
        result = f"pattern longer than {MAX_PATTERN} characters"
    elif NESTED_QUANTIFIER.search(pattern):
        result = f"pattern {pattern!r} nests quantifiers (like (a+)+), which can hang matching"
    elif compile_it:
        try:
            re.compile(pattern)
        except re.error as exc:
            result = f"pattern {pattern!r} is not a valid regular expression ({exc})"
        else:
            from trainer.grading.regex_safety import catastrophic

            why = catastrophic(pattern)
            if why:
                result = f"pattern {pattern!r} {why}, which can hang matching; rewrite it or use a rubric"
    _PATTERN_PROBLEMS[key] = result
    return result


class _CardChecker:
    """Checks one raw card's fields and builds the `Card` (None if it had problems)."""

    def __init__(self, raw: _Raw, problems: list[str]) -> None:
        self.raw = raw
        self.problems = problems
        self.ok = True

    def problem(self, field: str, message: str, at: str | None = None) -> None:
        line = self.raw.field_lines.get(at or field, self.raw.field_lines.get(field, self.raw.line))
        card_id = self.raw.data.get("id")
        who = f" (card {card_id})" if isinstance(card_id, str) else ""
        self.problems.append(f"{self.raw.path}:{line}: {field}: {message}{who}")
        self.ok = False

    def text(self, field: str, required: bool) -> str | None:
        value = self.raw.data.get(field)
        if value is None:
            if required:
                self.problem(field, "required")
            return None
        if not isinstance(value, str):
            hint = " (quote it)" if isinstance(value, (bool, int, float)) else ""
            self.problem(field, f"must be text, found {_type_name(value)}{hint}")
            return None
        if not value.strip():
            self.problem(field, "is empty")
            return None
        return value.strip()

    def patterns(self, field: str, value: Any, at: str | None = None) -> Patterns:
        if type(value) is not list or not value:
            self.problem(field, "must be a non-empty list of patterns (text)", at)
            return Patterns()
        compile_it = not self.raw.trusted
        for p in value:
            if type(p) is not str or not p:
                self.problem(field, "must be a non-empty list of patterns (text)", at)
                return Patterns()
            problem = _PATTERN_PROBLEMS.get((p, compile_it), _UNCHECKED)
            if problem is _UNCHECKED:
                problem = _pattern_problem(p, compile_it)
            if problem:
                self.problem(field, problem, at)
        return Patterns(tuple(value))

    def rubric(self, field: str, value: Any, at: str | None = None) -> tuple[str, ...]:
        if type(value) is not list or not value or not all(type(r) is str and r.strip() for r in value):
            self.problem(field, "rubric must be a non-empty list of expressions (text)", at)
            return ()
        if not self.raw.trusted:
            from trainer.grading.lexicon import LexiconError
            from trainer.grading.rubric import check

            for r in value:
                if len(r) > MAX_RUBRIC:
                    self.problem(field, f"rubric expression longer than {MAX_RUBRIC} characters", at)
                    continue
                try:
                    why = check(r)
                except LexiconError as exc:
                    why = f"the lexicon cannot be read: {exc}"
                if why:
                    self.problem(field, f"rubric {r!r}: {why}", at)
        return tuple(r.strip() for r in value)

    def detect(self, value: Any) -> tuple[Patterns, tuple[str, ...]]:
        """`detect:` is a list of regexes, or a mapping with `match:` and/or `rubric:`."""
        if isinstance(value, dict):
            unknown = [k for k in value if k not in DETECT_FIELDS]
            if unknown or not value:
                self.problem("detect", "a detect mapping has `match` (regexes) and/or `rubric` (expressions)")
                return Patterns(), ()
            pats = self.patterns("detect", value["match"]) if "match" in value else Patterns()
            rub = self.rubric("detect", value["rubric"]) if "rubric" in value else ()
            return pats, rub
        return self.patterns("detect", value), ()

    def misconceptions(self, value: Any) -> tuple[Misconception, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem("misconceptions", f"must be a list of {{id, claim, rubric/match, correction}} entries, found {_type_name(value)}")
            return ()
        out: list[Misconception] = []
        seen: set[str] = set()
        for i, mc in enumerate(value):
            at = f"misconceptions[{i + 1}]"
            if type(mc) is not dict:
                self.problem("misconceptions", f"entry {i + 1} must be a mapping", at)
                continue
            unknown = [k for k in mc if k not in MISCONCEPTION_FIELDS]
            if unknown:
                self.problem("misconceptions", f"entry {i + 1}: unknown field(s) {', '.join(map(str, unknown))} "
                             f"(expected: {', '.join(MISCONCEPTION_FIELDS)})", at)
                continue
            mid = mc.get("id")
            if not isinstance(mid, str) or not MISCONCEPTION_ID_RE.match(mid):
                self.problem("misconceptions", f"entry {i + 1}: id must be lower case letters, digits, '-'", at)
                continue
            if mid in seen:
                self.problem("misconceptions", f"entry {i + 1}: id {mid!r} is used twice on this card", at)
                continue
            seen.add(mid)
            texts = {}
            for f in ("claim", "correction", "challenge"):
                v = mc.get(f)
                if v is None and f == "challenge":
                    texts[f] = None
                    continue
                if not isinstance(v, str) or not v.strip():
                    self.problem("misconceptions", f"entry {i + 1} ({mid}): {f} must be text", at)
                    texts[f] = None
                else:
                    texts[f] = " ".join(v.split())
            if "match" not in mc and "rubric" not in mc:
                self.problem("misconceptions", f"entry {i + 1} ({mid}): needs `rubric` and/or `match` to recognise it", at)
                continue
            pats = self.patterns("misconceptions", mc["match"], at) if "match" in mc else Patterns()
            rub = self.rubric("misconceptions", mc["rubric"], at) if "rubric" in mc else ()
            if texts["claim"] and texts["correction"]:
                out.append(Misconception(mid, texts["claim"], texts["correction"], pats, rub,
                                         texts["challenge"]))
        return tuple(out)

    def build(self) -> Card | None:
        d = self.raw.data
        for key in d:
            if key not in FIELDS:
                self.problem(str(key), "unknown field")
        card_id = d.get("id")
        if not isinstance(card_id, str) or not ID_RE.match(card_id):
            self.problem("id", "required: lower case letters, digits, '.', '-' (like q05-context or cc07-guard)")
        kind = d.get("kind")
        if kind not in KINDS:
            self.problem("kind", f"must be one of {', '.join(KINDS)}, found {kind!r}")
        level = d.get("level")
        if level is not None and level not in LEVELS:
            self.problem("level", f"must be one of {', '.join(LEVELS)}, found {level!r}")
        if kind == "question" and level is None:
            self.problem("level", "required for a question")
        number = d.get("number")
        if number is not None and (isinstance(number, bool) or not isinstance(number, int) or number < 1):
            self.problem("number", f"must be a positive whole number, found {number!r}")
        parent = d.get("parent")
        if kind == "follow_up" and not isinstance(parent, str):
            self.problem("parent", "required for a follow_up: the id of its question")
        elif kind != "follow_up" and parent is not None:
            self.problem("parent", "only a follow_up has a parent")
        kata = d.get("kata")
        if kind == "live_coding" and not isinstance(kata, str):
            self.problem("kata", "required for live_coding: a kata slug")
        elif kind != "live_coding" and kata is not None:
            self.problem("kata", "only a live_coding card names a kata")
        tags = d.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) and TAG_RE.match(t) for t in tags):
            self.problem("tags", "must be a list of tags (lower case letters, digits, '-')")
            tags = []
        title = self.text("title", False)
        prompt = self.text("prompt", True)
        answer = self.text("answer", True)
        detail = self.text("detail", False)
        flagged = kind in ("red_flag", "strong_signal")
        looks_like = self.text("looks_like", flagged)
        detect = Patterns()
        detect_rubric: tuple[str, ...] = ()
        if flagged:
            detect, detect_rubric = self.detect(d.get("detect"))
        else:
            for f in ("looks_like", "detect"):
                if f in d:
                    self.problem(f, "only red_flag and strong_signal cards have this field")
        key_points = self.key_points(kind, d.get("key_points"))
        misconceptions = self.misconceptions(d.get("misconceptions"))
        replaces = d.get("replaces", [])
        if not isinstance(replaces, list) or not all(isinstance(r, str) and ID_RE.match(r) for r in replaces):
            self.problem("replaces", "must be a list of earlier card ids")
            replaces = []
        if not self.ok:
            return None
        return Card(
            id=card_id, kind=kind, prompt=prompt, answer=answer, level=level, title=title,
            tags=tuple(tags), detail=detail, key_points=key_points, number=number,
            parent=parent, kata=kata, looks_like=looks_like, detect=detect,
            detect_rubric=detect_rubric, misconceptions=misconceptions,
            replaces=tuple(replaces), pack=self.raw.pack, source=self.raw.path, line=self.raw.line,
        )

    def key_points(self, kind: Any, value: Any) -> tuple[KeyPoint, ...]:
        if not isinstance(value, list):
            self.problem("key_points", f"required: a list of {{point, match}} entries, found {_type_name(value)}")
            return ()
        lo, hi = KEY_POINTS.get(kind, (1, 8))
        if not lo <= len(value) <= hi:
            self.problem("key_points", f"a {kind} has {lo}-{hi} key points, found {len(value)}")
        out = []
        for i, kp in enumerate(value):
            at = f"key_points[{i + 1}]"
            if (type(kp) is not dict or "point" not in kp or not ("match" in kp or "rubric" in kp)
                    or any(k not in KEY_POINT_FIELDS for k in kp)):
                self.problem("key_points", f"entry {i + 1} must have `point`, `match` and/or `rubric`, "
                             "and optionally `probe`", at)
                continue
            point = kp["point"]
            if type(point) is not str or not point.strip():
                self.problem("key_points", f"entry {i + 1}: point must be text", at)
                continue
            pats = self.patterns("key_points", kp["match"], at) if "match" in kp else Patterns()
            rub = self.rubric("key_points", kp["rubric"], at) if "rubric" in kp else ()
            probe = kp.get("probe")
            if probe is not None and (type(probe) is not str or not probe.strip()):
                self.problem("key_points", f"entry {i + 1}: probe must be text (a follow-up question)", at)
                probe = None
            out.append(KeyPoint(point.strip(), pats, rub, " ".join(probe.split()) if probe else None))
        return tuple(out)


# --- the bank ------------------------------------------------------------------------

def user_pack_paths(extra: Sequence[str | os.PathLike[str]] = ()) -> list[Path]:
    """`--content` paths plus the TRAINER_CONTENT path list (os.pathsep-separated)."""
    from trainer.paths import extra_content

    paths = [*extra_content(), *(Path(p) for p in extra)]
    env = os.environ.get("TRAINER_CONTENT", "")
    paths.extend(Path(p) for p in env.split(os.pathsep) if p.strip())
    return paths


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
    # A file named twice (or reached through two --content paths) is loaded once.
    seen: set[Path] = set()
    unique = []
    for f in sources:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    sources = unique
    trusted = () if strict else tuple(sources[:n_bundled])
    return load_files(sources, kata_slugs=kata_slugs, problems=problems, trusted=trusted)


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
    earlier = list(problems or [])
    with _no_gc():
        bank, found = _load(files, kata_slugs, list(earlier), set(trusted), lines=False)
        if not found:
            bank.sources = tuple(files)
            return bank
        # Read again with line numbers (and without the parse cache): the source of truth.
        bank, found = _load(files, kata_slugs, list(earlier), set(trusted), lines=True)
        if not found:  # only a damaged cache entry disagreed with the file
            bank.sources = tuple(files)
            return bank
    raise BankError(found)


@contextmanager
def _no_gc():
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


def _load(files: Sequence[Path], kata_slugs: Iterable[str] | None, problems: list[str],
          trusted: set[Path], *, lines: bool) -> tuple[Bank, list[str]]:
    raws: list[_Raw] = []
    for f in files:
        for raw in read_pack(f, problems, lines):
            raw.trusted = f in trusted
            raws.append(raw)
    cards: list[Card] = []
    for raw in raws:
        card = _CardChecker(raw, problems).build()
        if card is not None:
            cards.append(card)
    return _link(cards, problems, kata_slugs), problems


def _link(cards: list[Card], problems: list[str], kata_slugs: Iterable[str] | None) -> Bank:
    """Cross-reference checks: unique ids, parents, katas, renames; then order."""
    by_id: dict[str, Card] = {}
    for c in cards:
        if c.id in by_id:
            first = by_id[c.id]
            problems.append(f"{c.where}: id: {c.id!r} is already used at {first.where}")
            continue
        by_id[c.id] = c
    if kata_slugs is None:
        from trainer.paths import kata_slugs as kata_slugs_on_disk

        kata_slugs = kata_slugs_on_disk()
    slugs = set(kata_slugs)
    numbers: dict[tuple[str, int], Card] = {}
    renames: dict[str, str] = {}
    for c in by_id.values():
        if c.kind == "follow_up":
            parent = by_id.get(c.parent or "")
            if parent is None:
                problems.append(f"{c.where}: parent: {c.parent!r} is not a card id")
            elif parent.kind != "question":
                problems.append(f"{c.where}: parent: {c.parent!r} is a {parent.kind}, not a question")
        if c.kind == "live_coding" and c.kata not in slugs:
            problems.append(f"{c.where}: kata: {c.kata!r} is not a kata (known: {', '.join(sorted(slugs)) or 'none'})")
        if c.kind == "question" and c.number is not None:
            key = (c.pack, c.number)
            if key in numbers:
                problems.append(f"{c.where}: number: {c.number} is already used by {numbers[key].id}")
            numbers[key] = c
        for old in c.replaces:
            if old in by_id:
                problems.append(f"{c.where}: replaces: {old!r} is still a card of the bank")
            elif old in renames:
                problems.append(f"{c.where}: replaces: {old!r} is also replaced by {renames[old]}")
            else:
                renames[old] = c.id
    # Follow-ups inherit their question's level when they do not state one.
    resolved: dict[str, Card] = {}
    for c in by_id.values():
        if c.kind == "follow_up" and c.level is None and c.parent in by_id:
            from dataclasses import replace

            c = replace(c, level=by_id[c.parent].level)
        resolved[c.id] = c
    return Bank(cards=_interview_order(resolved), renames=renames)


_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}
_LEVEL_ORDER = {lv: i for i, lv in enumerate(LEVELS)}


def _interview_order(cards: dict[str, Card]) -> dict[str, Card]:
    """Questions by level and number, each followed by its follow-ups; other kinds after."""
    file_order = {cid: i for i, cid in enumerate(cards)}
    questions = sorted(
        (c for c in cards.values() if c.kind == "question"),
        key=lambda c: (_LEVEL_ORDER.get(c.level or "", 9), c.number or 10**6, file_order[c.id]),
    )
    follow: dict[str, list[Card]] = {}
    for c in cards.values():
        if c.kind == "follow_up":
            follow.setdefault(c.parent or "", []).append(c)
    ordered: dict[str, Card] = {}
    for q in questions:
        ordered[q.id] = q
        for f in follow.get(q.id, []):
            ordered[f.id] = f
    rest = sorted(
        (c for c in cards.values() if c.id not in ordered),
        key=lambda c: (_KIND_ORDER.get(c.kind, 9), file_order[c.id]),
    )
    for c in rest:
        ordered[c.id] = c
    return ordered
