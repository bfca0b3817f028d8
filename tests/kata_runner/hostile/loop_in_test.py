# An endless loop inside a test: a negative count never returns.
def _check_count(item, count):
    if count < 0:
        while True:
            pass
