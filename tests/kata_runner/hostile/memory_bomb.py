# A memory blow-up inside a test: a list that grows until memory runs out.
def _check_count(item, count):
    if count < 0:
        hog = []
        while True:
            hog.append(" " * (4 << 20))
