# A memory blow-up while the module is imported.
_HOG = []
while True:
    _HOG.append(" " * (4 << 20))
