# A segmentation fault inside a test.
import ctypes


def _check_count(item, count):
    if count < 0:
        ctypes.string_at(0)
