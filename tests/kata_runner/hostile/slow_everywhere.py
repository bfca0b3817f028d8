# Every machine takes a while to build: the whole run overruns its limit.
import time

_original_init = VendingMachine.__init__


def _slow_init(self, *args, **kwargs):
    time.sleep(0.25)
    _original_init(self, *args, **kwargs)


VendingMachine.__init__ = _slow_init
