"""export: the bank as an Anki package.

`export.anki_s`: `trainer.exports.anki` building and writing the .apkg of a
  generated pack of 10,000 cards (benchmarks/content.py's generator, loaded
  as a user pack), notes' HTML included. Goal < 5 s.
`export.anki_mb`: the package's size.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from content import generate_pack
from trainer.bank import load_files
from trainer.exports import anki


def run() -> list[tuple[str, float, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "big.yaml"
        generate_pack(pack, 10_000)
        cards = list(load_files([pack]))
        assert len(cards) == 10_000, len(cards)
        out = Path(tmp) / "big.apkg"
        start = time.perf_counter()
        anki.write_package(anki.build_notes(cards), out)
        elapsed = time.perf_counter() - start
        size = out.stat().st_size / 1e6
    return [("export.anki_s", elapsed, "s"), ("export.anki_mb", size, "MB")]
