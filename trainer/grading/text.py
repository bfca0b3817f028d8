"""An answer read the way a marker reads it: words, stems, clauses and negation.

`analyse(text)` turns an answer into `Analysed`: one `Token` per word with its
stem (Snowball English, after folding British spellings so "serialised" and
"serialized" agree) and the character span it came from, plus the index of the
negation cue whose scope covers it, if any. The rubric matcher and the regex
escape hatch both ask it "is this occurrence asserted, or said under a
negation?", so "keeping the state only in memory is the classic mistake" does
not count as claiming it.

Negation scope, deliberately simple and predictable:

* a forward cue ("not", "n't", "never", "no", "without", "instead of",
  "rather than", "avoid", ...) covers the words after it up to the end of its
  clause (punctuation or a clause word such as "but", "so", "because") and at
  most `FORWARD_SCOPE` words;
* a backward cue ("is the classic mistake", "is a bad idea", "is wrong", ...)
  covers its sentence up to the cue, at most `BACKWARD_SCOPE` words.

Answers are cut at `MAX_CHARS` characters: a spoken answer is a few hundred
words, and the cap keeps grading a pasted 5 MB blob well under a second.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MAX_CHARS = 12_000
FORWARD_SCOPE = 16
BACKWARD_SCOPE = 20

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.,;:!?()\[\]\"]")
_CONTRACTION = re.compile(r"^(\w+)n't$")
_SPECIAL_NOT = {"can't": "can", "won't": "will", "shan't": "shall", "cannot": "can"}
_BRITISH_ISE = re.compile(r"^(\w{3,})is(e|es|ed|ing|ation|ations|er|ers)$")
_BRITISH_OUR = re.compile(r"^(\w{3,})our(s|ed|ing)?$")
_APOSTROPHE = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"'})

# Words that end a clause for a forward negation (besides punctuation).
CLAUSE_WORDS = frozenset({"but", "so", "because", "whereas", "while", "though", "although",
                          "however", "instead", "then", "and", "which", "otherwise", "yet"})
SENTENCE_MARKS = frozenset({".", ";", "!", "?"})
PUNCTUATION = frozenset({".", ",", ";", ":", "!", "?", "(", ")", "[", "]"})

FORWARD_CUES_1 = frozenset({"not", "never", "no", "without", "avoid", "avoids", "avoided",
                            "avoiding", "nor", "neither", "nothing", "none", "nobody",
                            "against", "dont", "doesnt", "isnt", "cant", "wont", "shouldnt",
                            "wouldnt", "arent", "didnt", "wasnt", "neednt", "mustnt"})
FORWARD_CUES_2 = frozenset({("instead", "of"), ("rather", "than"), ("stay", "away"),
                            ("stays", "away"), ("steer", "clear"), ("far", "from"),
                            ("no", "longer")})
# Backward cues: phrases (as word tuples) that deny what came before them in the sentence.
BACKWARD_CUES: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in (
    "is the classic mistake", "is a classic mistake", "is the mistake", "is a mistake",
    "was a mistake", "is the common mistake", "is a common mistake", "is the classic trap",
    "is a trap", "is the trap", "is wrong", "is a bad idea", "is a terrible idea",
    "is an anti pattern", "is an antipattern", "is the anti pattern", "is a red flag",
    "is the red flag", "is a smell", "is a code smell", "is dangerous", "is asking for trouble",
    "is what you must avoid", "is what you avoid", "are the classic mistake",
    "are a mistake", "are wrong", "are a bad idea", "are a red flag",
    "is a myth", "is a misconception", "is naive", "is the naive approach",
    "would be a mistake", "would be wrong", "would be a bad idea", "is bad", "is risky",
    "is a problem", "waiting to happen", "is a deadlock waiting", "is not enough",
    "is never enough", "are not enough", "is the wrong", "is an error",
    "defeats the whole point", "defeats the point", "defeats the purpose",
    "brings the switch back", "brings back the switch", "does not survive", "will not survive",
    "is not an answer", "is not a plan", "is not a debugging plan", "is not a strategy",
    "invites deadlock", "invites a deadlock", "ties old rows",
))
_BACKWARD_FIRST = frozenset(c[0] for c in BACKWARD_CUES)


@dataclass(frozen=True, slots=True)
class Token:
    word: str          # the word as written (lower case, contractions split)
    stem: str          # Snowball stem of the spelling-folded word
    start: int         # character span in the (capped) answer
    end: int
    negated_by: int    # index of the cue token whose scope covers this word, or -1
    cue: bool          # this word is (part of) a negation cue itself


@dataclass(frozen=True, slots=True)
class Analysed:
    """An answer split into word tokens (punctuation dropped, clause ends kept)."""

    text: str                        # the answer, lower-cased and capped
    tokens: tuple[Token, ...]
    by_stem: dict[str, tuple[int, ...]]   # stem -> token positions
    by_char: tuple[int, ...]         # for each token, its start (to map regex hits back)

    def asserted(self, first: int, last: int) -> bool:
        """No word of tokens[first..last] is under a negation cue outside that span."""
        for k in range(first, last + 1):
            cue = self.tokens[k].negated_by
            if cue >= 0 and not first <= cue <= last:
                return False
        return True

    def negated(self, first: int, last: int) -> bool:
        """Some word of the span is under a cue outside it (said as a denial)."""
        return not self.asserted(first, last)

    def token_at(self, char: int) -> int:
        """The index of the token that starts at or after character `char`."""
        import bisect

        return min(bisect.bisect_left(self.by_char, char), len(self.tokens) - 1)

    def sentence(self, first: int, last: int) -> str:
        """The sentence around tokens[first..last], trimmed to ~200 characters (evidence)."""
        if not self.tokens:
            return ""
        start = self.text.rfind(".", 0, self.tokens[first].start)
        for mark in "!?;\n":
            start = max(start, self.text.rfind(mark, 0, self.tokens[first].start))
        end_candidates = [i for i in (self.text.find(m, self.tokens[last].end) for m in ".!?;\n")
                          if i >= 0]
        end = min(end_candidates) if end_candidates else len(self.text)
        snippet = " ".join(self.text[start + 1:end].split())
        if len(snippet) > 200:
            mid = self.tokens[first].start - (start + 1)
            lo = max(0, mid - 80)
            snippet = ("…" if lo else "") + snippet[lo:lo + 190].strip() + "…"
        return snippet


_STEMMER = None


def _stem_raw(word: str) -> str:
    global _STEMMER
    if _STEMMER is None:
        import snowballstemmer

        _STEMMER = snowballstemmer.stemmer("english")
    return str(_STEMMER.stemWord(word))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem a word is compared by (British -ise/-our folded to -ize/-or first)."""
    folded = _BRITISH_ISE.sub(r"\1iz\2", word)
    if len(word) >= 6:
        folded = _BRITISH_OUR.sub(r"\1or\2", folded)
    return _stem_raw(folded)


def words(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for each word and clause mark, contractions split ("don't" -> do not)."""
    out: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(text):
        w = m.group()
        if "'" in w:
            special = _SPECIAL_NOT.get(w)
            c = _CONTRACTION.match(w)
            if special or c:
                out.append((special or (c.group(1) if c else w), m.start(), m.end() - 3))
                out.append(("not", m.end() - 3, m.end()))
                continue
            head, _, tail = w.partition("'")
            out.append((head, m.start(), m.start() + len(head)))
            if tail in ("d", "ll", "re", "ve", "m"):
                out.append(({"d": "would", "ll": "will", "re": "are", "ve": "have", "m": "am"}[tail],
                            m.start() + len(head), m.end()))
            continue
        if w == "cannot":
            out.append(("can", m.start(), m.start() + 3))
            out.append(("not", m.start() + 3, m.end()))
            continue
        out.append((w, m.start(), m.end()))
    return out


def normalise_answer(text: str) -> str:
    return text[:MAX_CHARS].translate(_APOSTROPHE).lower()


def analyse(text: str) -> Analysed:
    """Tokenise, stem and mark negation scope (see the module docstring)."""
    low = normalise_answer(text)
    raw = words(low)
    # Pass 1: word list with clause boundaries as positions.
    items: list[tuple[str, int, int]] = []
    boundary_before: list[bool] = []   # a clause ends right before this word
    sentence_before: list[bool] = []
    pending_clause = pending_sentence = False
    quote_open = -1
    quoted: list[tuple[int, int]] = []   # (first, last) word index of each quoted phrase
    for w, s, e in raw:
        if w == '"':
            if quote_open < 0:
                quote_open = len(items)
            else:
                if len(items) > quote_open:
                    quoted.append((quote_open, len(items) - 1))
                quote_open = -1
            continue
        if w in PUNCTUATION:
            pending_clause = True
            pending_sentence = pending_sentence or w in SENTENCE_MARKS
            continue
        items.append((w, s, e))
        boundary_before.append(pending_clause)
        sentence_before.append(pending_sentence)
        pending_clause = pending_sentence = False
    n = len(items)
    negated_by = [-1] * n
    cue = [False] * n
    ws = [w for w, _, _ in items]
    i = 0
    while i < n:
        w = ws[i]
        width = 0
        if i + 1 < n and (w, ws[i + 1]) in FORWARD_CUES_2:
            width = 2
        elif w in FORWARD_CUES_1:
            width = 1
        if width:
            for k in range(i, i + width):
                cue[k] = True
            j = i + width
            while j < n and j < i + width + FORWARD_SCOPE:
                if boundary_before[j] or (ws[j] in CLAUSE_WORDS and j > i + width):
                    break
                if negated_by[j] < 0:
                    negated_by[j] = i
                j += 1
            i += width
            continue
        if w in _BACKWARD_FIRST:
            for phrase in BACKWARD_CUES:
                if tuple(ws[i:i + len(phrase)]) == phrase:
                    for k in range(i, i + len(phrase)):
                        cue[k] = True
                    j = i - 1
                    while j >= 0 and j >= i - BACKWARD_SCOPE:
                        if negated_by[j] < 0:
                            negated_by[j] = i
                        if sentence_before[j]:
                            break
                        j -= 1
                    i += len(phrase)
                    break
            else:
                i += 1
            continue
        i += 1
    # "just check the db" is not a plan: a quoted phrase denied right after it closes.
    for first, last in quoted:
        after = ws[last + 1:last + 4]
        if "not" in after or "never" in after:
            cue_at = last + 1 + after.index("not" if "not" in after else "never")
            for k in range(first, last + 1):
                if negated_by[k] < 0:
                    negated_by[k] = cue_at
    tokens = tuple(Token(w, stem(w), s, e, negated_by[k], cue[k]) for k, (w, s, e) in enumerate(items))
    by_stem: dict[str, list[int]] = {}
    for k, t in enumerate(tokens):
        by_stem.setdefault(t.stem, []).append(k)
    return Analysed(low, tokens, {s: tuple(p) for s, p in by_stem.items()},
                    tuple(t.start for t in tokens))
