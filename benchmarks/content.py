"""content: loading and validating the bank, in process.

`content.load_ms`: the bundled bank (median of several loads).
`content.load_10k_ms`: a generated pack of 10,000 cards beside the bundled bank,
  as every command after the first sees it (median of repeated loads; the first
  load fills the parse cache, see trainer/bank/pack_cache.py). Every load still
  validates every card.
`content.load_10k_cold_ms`: the same with an empty parse cache (the first command
  after the pack was written or edited).
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trainer.bank import load_bank, load_files, pattern_policy

KINDS = ["question", "concept_check", "follow_up"]
WORDS = ["guard", "action", "transition", "state", "event", "registry", "outbox", "mutex", "actor", "table"]


def generate_pack(path: Path, n: int) -> None:
    """A valid pack of `n` cards with varied text and patterns."""
    lines = ["pack: generated", "cards:"]
    for i in range(n):
        a, b, c = WORDS[i % 10], WORDS[(i // 10) % 10], WORDS[(i // 100) % 10]
        kind = "concept_check" if i % 3 else "question"
        lines += [
            f"  - id: gen-{i:05d}",
            f"    kind: {kind}",
            "    level: middle",
            f"    tags: [gen-{i % 50}, {a}]",
            f"    prompt: How does the {a} relate to the {b} in case {i}?",
            "    answer: >-",
            f"      The {a} decides before the {b} runs, and the {c} keeps a record of it. "
            f"Case {i} shows why the order matters.",
            "    key_points:",
        ]
        for j, word in enumerate((a, b, c)[: 3 if kind == "question" else 2]):
            lines += [f"      - point: mentions the {word} ({j})",
                      f"        match: [\"\\\\b{word}\\\\b\", \"{word}s? (first|before)\"]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _median_ms(fn, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        pattern_policy.clear_cache()  # measure a cold process, not a warm cache
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run() -> list[tuple[str, float, str]]:
    import shutil

    from trainer import paths
    from trainer.bank import pack_cache

    with tempfile.TemporaryDirectory() as tmp:
        paths.set_home_override(Path(tmp) / "home")  # never the user's own cache
        load_ms = _median_ms(load_bank, rounds=15)
        pack = Path(tmp) / "generated.yaml"
        generate_pack(pack, 10_000)
        bundled = list(load_bank().sources)

        def cold():
            shutil.rmtree(pack_cache.cache_dir(), ignore_errors=True)
            load_files([*bundled, pack])

        cold_ms = _median_ms(cold, rounds=3)
        load_files([*bundled, pack])
        warm_ms = _median_ms(lambda: load_files([*bundled, pack]), rounds=5)
        paths.set_home_override(None)
    return [("content.load_ms", load_ms, "ms"), ("content.load_10k_ms", warm_ms, "ms"),
            ("content.load_10k_cold_ms", cold_ms, "ms")]
