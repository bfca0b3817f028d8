"""The judge-worker RPC on its own: strict decoding, what the worker may do with the
judge's objects, and that proxies behave like the objects they stand for."""
from __future__ import annotations

import enum
import socket

import pytest

from trainer.kata_runner import rpc


@pytest.fixture
def pair():
    a, b = socket.socketpair()
    lost: list[str] = []
    judge = rpc.Peer(a, role="judge", trusted_peer=False, on_lost=lost.append)
    worker = rpc.Peer(b, role="worker", trusted_peer=True, on_lost=lambda why: None)
    judge.start()
    worker.start()
    yield judge, worker, lost
    judge.close()
    worker.close()
    a.close()
    b.close()


BAD = [
    ["zz", 1], ["d", 1], ["d", ["l"], 1], ["s", ["l"]], ["e", ["x"], "A"], {"a": 1},
    ["p", 999], ["xc", ["B", "NoSuchError"]], ["r", 1, ["x"]],
]


@pytest.mark.parametrize("data", BAD, ids=repr)
def test_the_judge_refuses_malformed_values(pair, data):
    judge, _, _ = pair
    with pytest.raises(rpc.ProtocolError):
        judge.decode(data)


def test_nesting_is_bounded(pair):
    judge, _, _ = pair
    data: list = ["l", 1]
    for _ in range(rpc.MAX_DEPTH + 5):
        data = ["l", data]
    with pytest.raises(rpc.ProtocolError):
        judge.decode(data)


def test_a_worker_exception_named_like_an_exit_never_ends_the_judge(pair):
    judge, worker, _ = pair
    for exc in (KeyboardInterrupt(), SystemExit(0)):
        back = judge.decode_exception(worker.encode_exception(exc))
        assert isinstance(back, RuntimeError) and type(exc).__name__ in str(back)


class Color(enum.StrEnum):
    RED = "red"


class Box:
    def __init__(self) -> None:
        self.value = Color.RED

    def get(self, x):
        return (x, self.value)


def test_proxies_carry_enums_tuples_and_exceptions(pair):
    judge, worker, _ = pair
    worker.exports = {"make": Box, "boom": lambda: (_ for _ in ()).throw(ValueError("no"))}
    box = judge.request("export", "make")
    got = box.get((1, "a"))
    assert got[0] == (1, "a") and got[1] == "red" and isinstance(got[1], enum.StrEnum)
    assert got[1] is box.value  # one judge class per worker class
    with pytest.raises(ValueError, match="no"):
        judge.request("export", "boom")


def test_the_worker_cannot_read_the_judges_objects(pair):
    judge, worker, lost = pair
    secret = {"model": 1}

    def action():
        return None

    action.secret = secret  # type: ignore[attr-defined]
    worker.exports = {"peek": lambda fn: fn.__globals__}
    with pytest.raises(rpc.PeerLost):
        judge.request("export", "peek", action)
    assert lost and lost[0].startswith("protocol violation")


class Gateway:
    """A suite object whose methods the learner's code may call (and one it may not)."""

    __kata_methods__ = ("charge",)

    def __init__(self) -> None:
        self.calls: list[int] = []

    def charge(self, amount):
        self.calls.append(amount)
        return "charged"

    def refund(self, amount):
        raise AssertionError("refund is not listed: the worker must never reach it")


def test_the_worker_may_call_the_listed_methods_of_a_judge_object(pair):
    judge, worker, lost = pair
    worker.exports = {"pay": lambda gw, amount: gw.charge(amount)}
    gateway = Gateway()
    assert judge.request("export", "pay", gateway, 7) == "charged"
    assert gateway.calls == [7] and not lost


@pytest.mark.parametrize("method", ["refund", "_private", "calls"])
def test_the_worker_cannot_call_an_unlisted_method(pair, method):
    judge, worker, lost = pair
    worker.exports = {"call": lambda gw: getattr(gw, method)(1)}
    with pytest.raises(rpc.PeerLost):
        judge.request("export", "call", Gateway())
    assert lost and lost[0].startswith("protocol violation")
