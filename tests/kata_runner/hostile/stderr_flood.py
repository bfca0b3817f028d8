# 50 MB written straight to file descriptor 2 (around any capture), then correct behaviour.
import os


def _check_count(item, count):
    if count < 0:
        os.write(2, b"y" * 50_000_000)
        raise ValueError(f"negative count for {item!r}")
