"""Checking one raw card against the pack format and building its `Card`.

One card at a time, in isolation: fields, their types, what each kind requires
or forbids, key points, misconceptions and detectors. Links between cards (ids,
parents, kata slugs, renames) need the whole bank and are `cross_refs`' job;
how hard a pattern is checked is `pattern_policy`'s.

Every problem is appended as `file:line: field: message (card id)` and the
card is dropped, so one run reports all of a pack's problems.
"""
from __future__ import annotations

from typing import Any

from trainer.bank.model import KINDS, LEVELS, Card, KeyPoint, Kind, Misconception, Patterns
from trainer.bank.pack_format import (
    DETECT_FIELDS,
    FIELDS,
    ID_RE,
    KEY_POINT_FIELDS,
    KEY_POINTS,
    KEY_POINTS_OTHERWISE,
    MISCONCEPTION_FIELDS,
    MISCONCEPTION_ID_RE,
    TAG_RE,
)
from trainer.bank.pack_reader import RawCard
from trainer.bank.pattern_policy import pattern_problem, rubric_problem
from trainer.bank.problems import type_name


def check_card(raw: RawCard, problems: list[str]) -> Card | None:
    """The card `raw` describes, or None after appending its problems to `problems`."""
    return _CardChecker(raw, problems).build()


class _CardChecker:
    """Checks one raw card's fields and builds the `Card` (None if it had problems)."""

    def __init__(self, raw: RawCard, problems: list[str]) -> None:
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
            self.problem(field, f"must be text, found {type_name(value)}{hint}")
            return None
        if not value.strip():
            self.problem(field, "is empty")
            return None
        return value.strip()

    def patterns(self, field: str, value: Any, at: str | None = None) -> Patterns:
        if type(value) is not list or not value:
            self.problem(field, "must be a non-empty list of patterns (text)", at)
            return Patterns()
        full = not self.raw.trusted
        for p in value:
            if type(p) is not str or not p:
                self.problem(field, "must be a non-empty list of patterns (text)", at)
                return Patterns()
            problem = pattern_problem(p, full)
            if problem:
                self.problem(field, problem, at)
        return Patterns(tuple(value))

    def rubric(self, field: str, value: Any, at: str | None = None) -> tuple[str, ...]:
        if type(value) is not list or not value or not all(type(r) is str and r.strip() for r in value):
            self.problem(field, "rubric must be a non-empty list of expressions (text)", at)
            return ()
        if not self.raw.trusted:
            for r in value:
                problem = rubric_problem(r)
                if problem:
                    self.problem(field, problem, at)
        return tuple(r.strip() for r in value)

    def matchers(self, field: str, entry: dict[Any, Any], at: str | None = None) -> tuple[Patterns, tuple[str, ...]]:
        """An entry's `match:` patterns and `rubric:` expressions (either may be absent)."""
        pats = self.patterns(field, entry["match"], at) if "match" in entry else Patterns()
        rub = self.rubric(field, entry["rubric"], at) if "rubric" in entry else ()
        return pats, rub

    def detect(self, value: Any) -> tuple[Patterns, tuple[str, ...]]:
        """`detect:` is a list of regexes, or a mapping with `match:` and/or `rubric:`."""
        if isinstance(value, dict):
            unknown = [k for k in value if k not in DETECT_FIELDS]
            if unknown or not value:
                self.problem("detect", "a detect mapping has `match` (regexes) and/or `rubric` (expressions)")
                return Patterns(), ()
            return self.matchers("detect", value)
        return self.patterns("detect", value), ()

    def misconceptions(self, value: Any) -> tuple[Misconception, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem("misconceptions", f"must be a list of {{id, claim, rubric/match, correction}} entries, found {type_name(value)}")
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
            texts: dict[str, str | None] = {}
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
            pats, rub = self.matchers("misconceptions", mc, at)
            claim, correction = texts["claim"], texts["correction"]
            if claim and correction:
                out.append(Misconception(mid, claim, correction, pats, rub, texts["challenge"]))
        return tuple(out)

    def key_points(self, kind: Any, value: Any) -> tuple[KeyPoint, ...]:
        if not isinstance(value, list):
            self.problem("key_points", f"required: a list of {{point, match}} entries, found {type_name(value)}")
            return ()
        lo, hi = KEY_POINTS.get(kind, KEY_POINTS_OTHERWISE) if isinstance(kind, str) else KEY_POINTS_OTHERWISE
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
            pats, rub = self.matchers("key_points", kp, at)
            probe = kp.get("probe")
            if probe is not None and (type(probe) is not str or not probe.strip()):
                self.problem("key_points", f"entry {i + 1}: probe must be text (a follow-up question)", at)
                probe = None
            out.append(KeyPoint(point.strip(), pats, rub, " ".join(probe.split()) if probe else None))
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
        if kind == Kind.FOLLOW_UP and not isinstance(parent, str):
            self.problem("parent", "required for a follow_up: the id of its question")
        elif kind != Kind.FOLLOW_UP and parent is not None:
            self.problem("parent", "only a follow_up has a parent")
        kata = d.get("kata")
        if kind == Kind.LIVE_CODING and not isinstance(kata, str):
            self.problem("kata", "required for live_coding: a kata slug")
        elif kind != Kind.LIVE_CODING and kata is not None:
            self.problem("kata", "only a live_coding card names a kata")
        tags = d.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) and TAG_RE.match(t) for t in tags):
            self.problem("tags", "must be a list of tags (lower case letters, digits, '-')")
            tags = []
        title = self.text("title", False)
        prompt = self.text("prompt", True)
        answer = self.text("answer", True)
        detail = self.text("detail", False)
        flagged = kind in (Kind.RED_FLAG, Kind.STRONG_SIGNAL)
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
        # Every check above passed, so the types are the ones the format promises.
        assert isinstance(card_id, str) and isinstance(kind, str) and prompt is not None and answer is not None
        return Card(
            id=card_id, kind=kind, prompt=prompt, answer=answer, level=level, title=title,
            tags=tuple(tags), detail=detail, key_points=key_points, number=number,
            parent=parent, kata=kata, looks_like=looks_like, detect=detect,
            detect_rubric=detect_rubric, misconceptions=misconceptions,
            replaces=tuple(replaces), pack=self.raw.pack, source=self.raw.path, line=self.raw.line,
        )
