"""Correct alternative for the generic-fsm kata: an actor.

One worker thread owns the machine's data; allow() and send() post requests
to its queue and wait for the reply, so everything is serialized without a
lock. The worker holds only the inner core, never the Machine itself, and a
weakref finalizer posts a stop request when the Machine is garbage-collected,
so the thread ends with its machine.

Exceptions come back through concurrent.futures.Future, which re-raises the
very object the action raised. (That also creates a reference cycle through
the traceback, so some machines wait for the cyclic collector: the suite
must cope with that.)
"""

from __future__ import annotations

import queue
import threading
import weakref
from concurrent.futures import Future
from typing import Generic, TypeVar

S = TypeVar("S")
E = TypeVar("E")


class InvalidTransition(Exception):
    pass


class DuplicateTransition(Exception):
    pass


class _Core:
    def __init__(self, initial):
        self.state = initial
        self.table = {}

    def allow(self, src, event, dst, action):
        if (src, event) in self.table:
            raise DuplicateTransition(f"{src!r} already handles {event!r}")
        self.table[(src, event)] = (dst, action)

    def send(self, event):
        try:
            dst, action = self.table[(self.state, event)]
        except KeyError:
            raise InvalidTransition(f"state {self.state!r} has no transition on {event!r}") from None
        if action is not None:
            action()
        self.state = dst
        return dst


_STOP = object()


def _serve(core, inbox):
    while True:
        request = inbox.get()
        if request is _STOP:
            return
        method, args, reply = request
        try:
            reply.set_result(getattr(core, method)(*args))
        except BaseException as exc:
            reply.set_exception(exc)


class Machine(Generic[S, E]):
    def __init__(self, initial):
        self._core = _Core(initial)
        self._inbox = queue.SimpleQueue()
        worker = threading.Thread(target=_serve, args=(self._core, self._inbox), daemon=True)
        worker.start()
        weakref.finalize(self, self._inbox.put, _STOP)

    @property
    def state(self):
        return self._core.state

    def _ask(self, method, *args):
        reply = Future()
        self._inbox.put((method, args, reply))
        return reply.result()

    def allow(self, src, event, dst, action=None):
        self._ask("allow", src, event, dst, action)

    def send(self, event):
        return self._ask("send", event)
