# Unbounded recursion inside a test.
def _check_count(item, count):
    if count < 0:
        _check_count(item, count - 1)
