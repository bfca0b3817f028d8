# 50 MB of prints inside a test, then correct behaviour: the tests still pass.
def _check_count(item, count):
    if count < 0:
        line = "x" * 99
        for _ in range(500_000):
            print(line)
        raise ValueError(f"negative count for {item!r}")
