"""The rubric language: what a marker would accept, written once per idea.

Modelled on the Open University's pmatch (word lists, synonyms, misspellings,
word order, proximity), but in a notation that reads like the idea itself::

    context & @delegate & current state        all three, in any order
    (lock & release & network)~15              ... all within 15 words
    @delegate | pass through                    either one
    "read decide write"                         these words, adjacent, in order
    current state                               these words in order, gaps of <= 2 words
    hold (the)? lock                            `?`: an optional part of a phrase
    serializ* | marshal*                        a word starting so
    @atomic_pointer                             any wording listed in content/lexicon.yaml
    !mutex                                      the answer does not assert "mutex"
    ~persist                                    "persist" said under a negation ("never persisted")

Precedence, loosest first: `&`, then `|`, then juxtaposition (a phrase); `!`
and `~` bind to the next unit, `?` to the unit before it; parentheses group,
and `(...)~N` sets a window.

Words are compared by Snowball stem ("delegating" = "delegates"); words of
6 letters or more tolerate one typo or swapped pair (9 or more: two), and every
occurrence must be *asserted*: a word under a negation cue ("not", "instead
of", "... is the classic mistake"; see `trainer.grading.text`) does not count,
unless the cue is part of the matched words themselves ("no need to log").
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from trainer.grading.text import Analysed, stem

Span = tuple[int, int]
PHRASE_GAP = 2           # words allowed between the words of an unquoted phrase
MAX_SPANS = 2000         # per node and answer: bounds the work on huge answers
FUZZY_MIN = 6            # word length from which one typo (or a swap of two letters) is tolerated
FUZZY_TWO = 9            # ... and two
_FULL: Span = (-1, -1)   # "true everywhere" (a satisfied absence)


class RubricError(ValueError):
    """A rubric expression that cannot be parsed (the message says where)."""


# --- the syntax tree ----------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Word:
    text: str
    stem: str
    prefix: bool = False       # written `word*`
    exact: bool = False        # inside quotes: no typo tolerance


@dataclass(frozen=True, eq=False)
class Seq:
    parts: tuple[Node, ...]
    gap: int


@dataclass(frozen=True, eq=False)
class AnyOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True, eq=False)
class AllOf:
    parts: tuple[Node, ...]
    window: int | None = None


@dataclass(frozen=True, eq=False)
class _OnePart:
    """A node that qualifies a single part; the subclass says how."""

    part: Node


class Absent(_OnePart):
    """`!a`: the answer does not assert the part."""


class Denied(_OnePart):
    """`~a`: the part is said under a negation."""


class Optional(_OnePart):
    """A part of a phrase that may be left out (`(the)?`)."""


@dataclass(frozen=True, eq=False)
class Concept:
    name: str
    body: Node = field(repr=False)


Node = Word | Seq | AnyOf | AllOf | Absent | Denied | Optional | Concept


# --- parsing -------------------------------------------------------------------------

_LEX = re.compile(r"""\s*(?:(?P<word>[a-z0-9][a-z0-9'./]*\*?)|(?P<concept>@[a-z0-9_]+)|"(?P<quoted>[^"]*)"|(?P<window>~\d+)|(?P<op>[&|()!~?]))""")
_QUOTED_WORD = re.compile(r"[a-z0-9]+")

Resolver = Callable[[str], "Node"]


def _split_word(text: str) -> list[str]:
    """A written word may hold `.`, `/` or `'` ("atomic.pointer", "i/o"): split like answers are."""
    from trainer.grading.text import words

    return [w for w, _, _ in words(text) if w.isalnum()]


class _Parser:
    def __init__(self, source: str, resolve: Resolver) -> None:
        self.source = source
        self.resolve = resolve
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        text = source.lower()
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            m = _LEX.match(text, pos)
            if not m or m.end() == pos:
                raise RubricError(f"unexpected {text[pos:].strip()[:1]!r} at column {pos + 1}")
            kind = m.lastgroup or ""
            self.tokens.append((kind, m.group(kind), m.start(kind)))
            pos = m.end()
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        if not self.tokens:
            raise RubricError("empty expression")
        node = self.all_of()
        if self.peek() is not None:
            raise RubricError(f"unexpected {self.peek()[1]!r} at column {self.peek()[2] + 1}")  # type: ignore[index]
        return node

    def _is_op(self, op: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == "op" and tok[1] == op

    def _joined(self, op: str, operand: Callable[[], Node],
                join: Callable[[tuple[Node, ...]], Node]) -> Node:
        """`operand (op operand)*`: one level of the precedence ladder."""
        parts = [operand()]
        while self._is_op(op):
            self.take()
            parts.append(operand())
        return parts[0] if len(parts) == 1 else join(tuple(parts))

    def all_of(self) -> Node:
        return self._joined("&", self.any_of, AllOf)

    def any_of(self) -> Node:
        return self._joined("|", self.seq, AnyOf)

    def seq(self) -> Node:
        parts: list[Node] = []
        while True:
            tok = self.peek()
            if tok is None or (tok[0] == "op" and tok[1] in "&|)") or tok[0] == "window":
                break
            parts.extend(self.unary())
        if not parts:
            tok = self.peek()
            where = f"before {tok[1]!r} at column {tok[2] + 1}" if tok else "at the end"
            raise RubricError(f"missing a word {where}")
        while parts and isinstance(parts[0], Optional) and len(parts) > 1:
            parts.pop(0)   # an optional first word changes nothing: the rest must match anyway
        if all(isinstance(p, Optional) for p in parts):
            raise RubricError("a phrase needs at least one part that is not optional (`?`)")
        return parts[0] if len(parts) == 1 else Seq(tuple(parts), PHRASE_GAP)

    def unary(self) -> list[Node]:
        parts = self._unary()
        if self._is_op("?"):
            self.take()
            inner = parts[0] if len(parts) == 1 else Seq(tuple(parts), 0)
            return [Optional(inner)]
        return parts

    def _unary(self) -> list[Node]:
        tok = self.take()
        kind, value, col = tok
        if kind == "op" and value in "!~":
            inner = self._unary()
            part = inner[0] if len(inner) == 1 else Seq(tuple(inner), PHRASE_GAP)
            return [Absent(part) if value == "!" else Denied(part)]
        if kind == "op" and value == "(":
            node = self.all_of()
            if not self._is_op(")"):
                raise RubricError(f"unclosed '(' at column {col + 1}")
            self.take()
            nxt = self.peek()
            if nxt is not None and nxt[0] == "window":
                self.take()
                size = int(nxt[1][1:])
                if size < 1:
                    raise RubricError(f"window ~{size} must be at least 1 word")
                parts = node.parts if isinstance(node, AllOf) else (node,)
                node = AllOf(parts, size)
            return [node]
        if kind == "word":
            prefix = value.endswith("*")
            pieces = _split_word(value.rstrip("*"))
            if not pieces:
                raise RubricError(f"no word in {value!r} at column {col + 1}")
            out: list[Node] = [Word(p, stem(p)) for p in pieces[:-1]]
            last = pieces[-1]
            out.append(Word(last, last if prefix else stem(last), prefix=prefix))
            return out
        if kind == "quoted":
            ws = _split_word(value)
            if not ws:
                raise RubricError(f"empty quotes at column {col + 1}")
            words = tuple(Word(w, stem(w), exact=True) for w in ws)
            return [words[0] if len(words) == 1 else Seq(words, 0)]
        if kind == "concept":
            return [self.resolve(value[1:])]
        if kind == "window":
            raise RubricError(f"a window {value} must follow a parenthesised group, at column {col + 1}")
        raise RubricError(f"unexpected {value!r} at column {col + 1}")


_CACHE: dict[str, Node] = {}
# The bundled lexicon's concepts, parsed once and shared by every expression, so one
# answer evaluates each concept once however many rubrics refer to it.
_BUNDLED_CONCEPTS: list[Any] = [None, {}]


def parse(source: str, concepts: Mapping[str, tuple[str, ...]] | None = None) -> Node:
    """Parse one expression; `@name` refers to `concepts` (default: the bundled lexicon).

    Results are cached per source text when the bundled lexicon is used.
    """
    if concepts is None:
        cached = _CACHE.get(source)
        if cached is not None:
            return cached
        from trainer.grading.lexicon import bundled_lexicon

        lexicon = bundled_lexicon()
        if _BUNDLED_CONCEPTS[0] is not lexicon:
            _BUNDLED_CONCEPTS[:] = [lexicon, {}]
        node = _parse_with(source, lexicon.concepts, _BUNDLED_CONCEPTS[1])
        _CACHE[source] = node
        return node
    return _parse_with(source, concepts, {})


def _parse_with(source: str, concepts: Mapping[str, tuple[str, ...]],
                resolved: dict[str, Node], stack: tuple[str, ...] = ()) -> Node:
    def resolve(name: str) -> Node:
        if name in resolved:
            return resolved[name]
        if name in stack:
            raise RubricError(f"@{name} refers to itself ({' -> '.join((*stack, name))})")
        entries = concepts.get(name)
        if entries is None:
            raise RubricError(f"unknown concept @{name} (not in the lexicon)")
        bodies = []
        for entry in entries:
            try:
                bodies.append(_parse_with(entry, concepts, resolved, (*stack, name)))
            except RubricError as exc:
                raise RubricError(f"in @{name} entry {entry!r}: {exc}") from None
        body = bodies[0] if len(bodies) == 1 else AnyOf(tuple(bodies))
        node = Concept(name, body)
        resolved[name] = node
        return node

    return _Parser(source, resolve).parse()


def check(source: str, concepts: Mapping[str, tuple[str, ...]] | None = None) -> str | None:
    """Why `source` is not a valid expression, or None."""
    try:
        parse(source, concepts)
    except RubricError as exc:
        return str(exc)
    return None


# --- matching ------------------------------------------------------------------------

class Matcher:
    """Evaluates rubric nodes against one analysed answer, memoising per node."""

    def __init__(self, answer: Analysed) -> None:
        self.answer = answer
        self._memo: dict[tuple[int, bool], tuple[Span, ...]] = {}
        self._raw: dict[int, tuple[Span, ...]] = {}
        self._words_memo: dict[tuple[str, bool, bool], tuple[Span, ...]] = {}
        self._letters: dict[str, list[tuple[str, str, list[int]]]] | None = None

    def spans(self, node: Node) -> tuple[Span, ...]:
        """Where `node` matches asserted (empty: it does not)."""
        return self._eval(node, False)

    def first(self, node: Node) -> Span | None:
        found = self._eval(node, False)
        return found[0] if found else None

    # positions of a single word, polarity-free
    def _by_letter(self) -> dict[str, list[tuple[str, str, list[int]]]]:
        """The answer's distinct words grouped by first letter: (word, stem, positions)."""
        if self._letters is None:
            words: dict[str, list[int]] = {}
            for k, t in enumerate(self.answer.tokens):
                words.setdefault(t.word, []).append(k)
            self._letters = {}
            for word, positions in words.items():
                self._letters.setdefault(word[:1], []).append(
                    (word, self.answer.tokens[positions[0]].stem, positions))
        return self._letters

    def _word(self, w: Word) -> tuple[Span, ...]:
        """Positions of a single word (by stem, prefix or within the typo allowance)."""
        a = self.answer
        if w.prefix:
            found = sorted(p for word, _, ps in self._by_letter().get(w.stem[:1], ())
                           if word.startswith(w.stem) for p in ps)
            return tuple((p, p) for p in found[:MAX_SPANS])
        exact = a.by_stem.get(w.stem, ())
        if w.exact or len(w.text) < FUZZY_MIN:
            return tuple((p, p) for p in exact[:MAX_SPANS])
        from rapidfuzz.distance import OSA

        limit = 2 if len(w.text) >= FUZZY_TWO else 1
        hits = set(exact)
        stem_too = len(w.text) > FUZZY_MIN
        for word, s, positions in self._by_letter().get(w.text[:1], ()):
            if s == w.stem or abs(len(word) - len(w.text)) > limit + 2:
                continue
            if ((stem_too and OSA.distance(s, w.stem, score_cutoff=limit) <= limit)
                    or OSA.distance(word, w.text, score_cutoff=limit) <= limit):
                hits.update(positions)
        ordered = sorted(hits)
        return tuple((p, p) for p in ordered[:MAX_SPANS])

    def _raw_spans(self, node: Node, neg: bool) -> tuple[Span, ...]:
        """Occurrences regardless of negation (for the pieces of a phrase)."""
        if isinstance(node, Word):
            wkey = (node.text, node.prefix, node.exact)
            found = self._words_memo.get(wkey)
            if found is None:
                found = self._words_memo[wkey] = self._word(node)
            return found
        if isinstance(node, Seq):
            key = id(node)
            if key not in self._raw:
                self._raw[key] = self._chain(node, neg)
            return self._raw[key]
        if isinstance(node, AnyOf):
            return _union([self._raw_spans(p, neg) for p in node.parts])
        if isinstance(node, Concept):
            return self._raw_spans(node.body, neg)
        return self._eval(node, neg)

    def _chain(self, node: Seq, neg: bool) -> tuple[Span, ...]:
        import bisect

        current = self._raw_spans(node.parts[0], neg)
        for part in node.parts[1:]:
            if not current:
                return ()
            optional = isinstance(part, Optional)
            nxt = self._raw_spans(part.part if isinstance(part, Optional) else part, neg)
            if not nxt:
                if optional:
                    continue
                return ()
            starts = [s for s, _ in nxt]

            joined: list[Span] = []
            for first, last in current:
                k = bisect.bisect_right(starts, last)
                while k < len(nxt) and nxt[k][0] <= last + 1 + node.gap:
                    joined.append((first, nxt[k][1]))
                    k += 1
                    if len(joined) >= MAX_SPANS:
                        break
                if len(joined) >= MAX_SPANS:
                    break
            current = tuple(sorted(set(joined) | (set(current) if optional else set())))
        return current

    def _eval(self, node: Node, neg: bool) -> tuple[Span, ...]:
        key = (id(node), neg)
        found = self._memo.get(key)
        if found is not None:
            return found
        result: tuple[Span, ...]
        a = self.answer
        if isinstance(node, (Word, Seq)):
            raw = self._raw_spans(node, neg)
            result = tuple(s for s in raw if a.negated(*s) == neg)
        elif isinstance(node, AnyOf):
            result = _union([self._eval(p, neg) for p in node.parts])
        elif isinstance(node, Concept):
            result = self._eval(node.body, neg)
        elif isinstance(node, Optional):
            result = self._eval(node.part, neg)
        elif isinstance(node, Absent):
            result = () if self._eval(node.part, False) else (_FULL,)
        elif isinstance(node, Denied):
            result = self._eval(node.part, True)
        else:
            result = self._all(node, neg)
        self._memo[key] = result
        return result

    def _all(self, node: AllOf, neg: bool) -> tuple[Span, ...]:
        lists = []
        for part in node.parts:
            spans = self._eval(part, neg)
            if not spans:
                return ()
            if spans != (_FULL,):
                lists.append(spans)
        if not lists:
            return (_FULL,)
        if node.window is None:
            firsts = [s[0] for s in lists]
            return ((min(f for f, _ in firsts), max(last for _, last in firsts)),)
        size = node.window
        import bisect

        starts = sorted({s[0] for spans in lists for s in spans})
        for w in starts:
            lo, hi = w, w + size
            best_last = w
            for spans in lists:
                k = bisect.bisect_left(spans, (lo, -1))
                while k < len(spans) and spans[k][1] > hi and spans[k][0] <= hi:
                    k += 1
                if k >= len(spans) or spans[k][0] > hi:
                    break
                best_last = max(best_last, spans[k][1])
            else:
                return ((w, best_last),)
        return ()


def _union(lists: list[tuple[Span, ...]]) -> tuple[Span, ...]:
    nonempty = [x for x in lists if x]
    if not nonempty:
        return ()
    if len(nonempty) == 1:
        return nonempty[0]
    if any(x == (_FULL,) for x in nonempty):
        return (_FULL,)
    return tuple(sorted(set().union(*nonempty)))[:MAX_SPANS]
