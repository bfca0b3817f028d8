"""The RPC between the judge (hidden suite, pytest) and the worker (the learner's module).

Both processes run a `Peer`. Only plain data crosses: None, bool, int, float, str,
bytes, tuples, lists, dicts, sets of those; enum members (with their class described by
names and values); exception classes and instances (names, bases, args, str, plain
attributes, the learner's traceback lines); log records (name, level, message). Any
other object stays where it lives and crosses as a numbered handle, which the other side
wraps in a proxy (calls, attribute reads and dunders go back as requests). Nothing is
ever pickled; the judge decodes what the worker sends with a strict decoder (known tags,
bounded depth and size) and refuses a malformed message as a protocol violation.

Streams: each thread that makes calls gets its own socket pair, handed to the peer over
the control socket (SCM_RIGHTS); the peer serves it in a thread of its own. So sixteen
judge threads sending at once are sixteen worker threads inside the learner's `send()` at
once (a machine that is not thread-safe still fails), and a callback (a generic-FSM action
passed by the suite) runs on the calling side of the same stream, re-entrantly.

What the worker may do with the judge's objects is limited to what the suite handed it:
call a callable, hash, compare, repr. It cannot read their attributes (no way to the
suite's model through `action.__globals__` or a frame).

Standard library only: the worker loads this file by path, inside the sandbox.
"""
from __future__ import annotations

import builtins
import enum
import json
import logging
import os
import socket
import struct
import threading
import traceback
import weakref
from collections.abc import Callable
from typing import Any, NoReturn

MAX_MESSAGE = 1 << 20
MAX_DEPTH = 40
_HEADER = struct.Struct("!I")
_PLAIN = (str, int, float, bool, type(None))
_BUILTIN_TYPES = {t.__name__: t for t in (int, str, float, bool, bytes, tuple, list, dict, set,
                                          frozenset, object, type, complex)}
_BUILTIN_EXC = {n: c for n, c in vars(builtins).items()
                if isinstance(c, type) and issubclass(c, BaseException)}
_ENUM_BASES = {"Enum": enum.Enum, "StrEnum": enum.StrEnum, "IntEnum": enum.IntEnum,
               "Flag": enum.Flag, "IntFlag": enum.IntFlag}
_SAFE_DUNDERS = ("__repr__", "__str__", "__eq__", "__hash__", "__len__", "__iter__",
                 "__next__", "__contains__", "__getitem__", "__bool__", "__call__", "__lt__",
                 "__le__", "__gt__", "__ge__")


# A suite class's tuple of public method names the learner's code may call on its objects.
KATA_METHODS = "__kata_methods__"


class ProtocolError(Exception):
    """The other side sent something that is not this protocol."""


class PeerLost(BaseException):
    """The other process is gone (or sent garbage): no call can complete."""


def send_msg(sock: socket.socket, msg: Any) -> None:
    data = json.dumps(msg, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "replace")
    sock.sendall(_HEADER.pack(len(data)) + data)


def recv_msg(sock: socket.socket, buf: bytearray | None = None) -> Any:
    """One message; with `buf` (the stream's read-ahead) usually in a single recv."""
    if buf is None:
        buf = bytearray()
    while len(buf) < 4:
        chunk = sock.recv(1 << 16)
        if not chunk:
            raise PeerLost("the other process closed the connection")
        buf += chunk
    (size,) = _HEADER.unpack_from(buf)
    if size > MAX_MESSAGE:
        raise ProtocolError(f"a message of {size} bytes (the limit is {MAX_MESSAGE})")
    while len(buf) < 4 + size:
        chunk = sock.recv(max(1 << 16, 4 + size - len(buf)))
        if not chunk:
            raise PeerLost("the other process closed the connection")
        buf += chunk
    body = bytes(buf[4:4 + size])
    del buf[:4 + size]
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(f"a message that is not JSON ({exc})") from None


class _Stream:
    """One socket pair end and the thread-local state around it."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = bytearray()

    def __del__(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


class RemoteObject:
    """A proxy for an object of the other process (see `Peer._proxy_class`)."""

    __slots__ = ("__weakref__", "_kata_h", "_kata_n", "_kata_peer")

    def __init__(self, peer: Peer, handle: int) -> None:
        object.__setattr__(self, "_kata_peer", peer)
        object.__setattr__(self, "_kata_h", handle)
        object.__setattr__(self, "_kata_n", 1)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_kata_"):
            raise AttributeError(name)
        peer: Peer = object.__getattribute__(self, "_kata_peer")
        methods: frozenset[str] = type(self)._kata_methods  # type: ignore[attr-defined]
        if name in methods:
            return _RemoteMethod(self, name)
        cache: dict[str, Any] | None = type(self).__dict__.get("_kata_cache")
        if cache is not None and name in cache:
            return cache[name]
        value = peer.request("getattr", self, name)
        if cache is not None and isinstance(value, type):
            cache[name] = value  # a module's enum and exception classes do not change
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        self._kata_peer.request("setattr", self, name, value)

    def __delattr__(self, name: str) -> None:
        self._kata_peer.request("delattr", self, name)

    def __del__(self) -> None:
        try:
            self._kata_peer._released(self._kata_h, self._kata_n)
        except Exception:
            pass


class _RemoteMethod:
    """`proxy.method` without a round trip: the call is one request."""

    __slots__ = ("name", "target")

    def __init__(self, target: RemoteObject, name: str) -> None:
        self.target = target
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.target._kata_peer.request("callmethod", self.target, self.name, list(args),
                                              kwargs)

    def __repr__(self) -> str:
        return f"<remote method {self.name}>"


_DUNDER_OPS: dict[str, Callable[..., Any]] = {
    "__repr__": repr, "__str__": str, "__eq__": lambda a, b: a == b, "__hash__": hash,
    "__len__": len, "__iter__": iter, "__next__": next, "__contains__": lambda a, b: b in a,
    "__getitem__": lambda a, b: a[b], "__bool__": bool, "__lt__": lambda a, b: a < b,
    "__le__": lambda a, b: a <= b, "__gt__": lambda a, b: a > b, "__ge__": lambda a, b: a >= b,
}


def _remote_call(self: RemoteObject, *args: Any, **kwargs: Any) -> Any:
    return self._kata_peer.request("call", self, list(args), kwargs)


def _make_dunder(name: str) -> Callable[..., Any]:
    if name == "__call__":
        return _remote_call

    def dunder(self: RemoteObject, *args: Any) -> Any:
        return self._kata_peer.request("dunder", self, name, list(args))

    dunder.__name__ = name
    return dunder


class Peer:
    """One side of the connection: its exported objects, its streams, its proxies.

    `trusted_peer` is False on the judge: then the other side may only call, hash,
    compare and repr what it was given, and the decoder is strict about everything.
    """

    def __init__(self, control: socket.socket, *, role: str, trusted_peer: bool,
                 on_lost: Callable[[str], None] | None = None) -> None:
        self.control = control
        self.role = role
        self.trusted_peer = trusted_peer
        self.on_lost = on_lost
        self._ctl_lock = threading.Lock()
        self._tls = threading.local()
        self._lock = threading.Lock()
        self._exported: dict[int, list[Any]] = {}   # handle -> [object, count]
        self._by_id: dict[int, int] = {}            # id(object) -> handle
        self._next = 1
        self._proxies: weakref.WeakValueDictionary[int, RemoteObject] = weakref.WeakValueDictionary()
        self._classes: dict[tuple[str, int], type] = {}
        self._origin: dict[int, tuple[str, int]] = {}
        self._proxy_types: dict[int, type] = {}
        self._pending_release: list[list[int]] = []
        self.calls = 0
        self.peer_threads = 0
        self.on_peer_threads: Callable[[int], None] | None = None
        self.exports: dict[str, Callable[..., Any]] = {}   # named entry points ("hello", ...)
        self.log_hook: Callable[[list[Any]], None] | None = None
        self.frames_of: Callable[[BaseException], list[dict[str, Any]]] = lambda exc: []
        self._closed = False

    # --- streams -------------------------------------------------------------------

    def start(self) -> None:
        threading.Thread(target=self._accept_loop, name=f"rpc-{self.role}-control",
                         daemon=True).start()

    def _accept_loop(self) -> None:
        while True:
            try:
                _msg, fds, _flags, _addr = socket.recv_fds(self.control, 16, 4)
            except OSError:
                fds = []
                _msg = b""
            if not _msg:
                self._lost("the other process closed the control connection")
                return
            if _msg != b"S" or len(fds) != 1:
                for fd in fds:
                    os.close(fd)
                self._lost("protocol violation: garbage on the control connection")
                return
            for fd in fds:
                sock = socket.socket(fileno=fd)
                threading.Thread(target=self._serve, args=(sock,), daemon=True,
                                 name=f"rpc-{self.role}-stream").start()

    def _stream(self) -> _Stream:
        tls = self._tls
        serving = getattr(tls, "serving", None)
        if serving:
            stream: _Stream = serving[-1]
            return stream
        own = getattr(tls, "own", None)
        if own is None:
            mine, theirs = socket.socketpair()
            with self._ctl_lock:
                try:
                    socket.send_fds(self.control, [b"S"], [theirs.fileno()])
                except OSError:
                    self._lost("the other process is gone")
            theirs.close()
            own = tls.own = _Stream(mine)
        assert isinstance(own, _Stream)
        return own

    def _serve(self, sock: socket.socket) -> None:
        stream = _Stream(sock)
        tls = self._tls
        tls.serving = [stream]
        tls.logs = []
        try:
            while True:
                try:
                    msg = recv_msg(sock, stream.buf)
                except (PeerLost, OSError):
                    return
                except ProtocolError as exc:
                    self._lost(f"protocol violation: {exc}")
                    return
                try:
                    self._handle_request(stream, msg)
                except PeerLost:
                    return
        finally:
            tls.serving = []

    def _lost(self, why: str) -> None:
        if self._closed:
            return
        if self.on_lost is not None:
            self.on_lost(why)

    # --- requests --------------------------------------------------------------------

    def request(self, op: str, *args: Any) -> Any:
        """Send one request on this thread's stream; serve nested requests; return."""
        stream = self._stream()
        with self._lock:
            releases, self._pending_release = self._pending_release, []
        payload = ["Q", op, [self.encode(a) for a in args], releases]
        try:
            send_msg(stream.sock, payload)
        except OSError:
            self._lost("the other process is gone")
            raise PeerLost("the other process is gone") from None
        self.calls += 1
        while True:
            try:
                msg = recv_msg(stream.sock, stream.buf)
            except (PeerLost, OSError):
                self._lost("the other process is gone")
                raise PeerLost("the other process is gone") from None
            except ProtocolError as exc:
                self._violation(str(exc))
            kind = msg[0] if isinstance(msg, list) and msg else None
            if kind == "Q":
                tls = self._tls
                serving = getattr(tls, "serving", None)
                if serving is None:
                    serving = tls.serving = []
                serving.append(stream)
                try:
                    self._handle_request(stream, msg)
                finally:
                    serving.pop()
                continue
            if kind not in ("R", "E") or len(msg) != 4:
                self._violation(f"a reply of kind {kind!r}")
            nthreads, logs = msg[2], msg[3]
            if not isinstance(nthreads, int) or not isinstance(logs, list):
                self._violation("a reply with a malformed thread count or log list")
            self.peer_threads = nthreads
            if logs and self.log_hook is not None:
                self.log_hook(logs)
            if self.on_peer_threads is not None:
                self.on_peer_threads(nthreads)
            if kind == "R":
                return self.decode(msg[1])
            raise self.decode_exception(msg[1])

    def _violation(self, what: str) -> NoReturn:
        why = f"protocol violation: {what}"
        self._lost(why)
        raise PeerLost(why)

    def _handle_request(self, stream: _Stream, msg: Any) -> None:
        if (not isinstance(msg, list) or len(msg) != 4 or msg[0] != "Q"
                or not isinstance(msg[1], str) or not isinstance(msg[2], list)
                or not isinstance(msg[3], list)):
            self._violation("a malformed request")
        self._apply_releases(msg[3])
        tls = self._tls
        logs_before = getattr(tls, "logs", None)
        tls.logs = []
        try:
            try:
                args = [self.decode(a) for a in msg[2]]
                result = self._dispatch(msg[1], args)
                reply: list[Any] = ["R", self.encode(result)]
            except PeerLost:
                raise
            except ProtocolError as exc:
                self._violation(str(exc))
                return
            except BaseException as exc:  # the learner's (or the suite's) exception
                reply = ["E", self.encode_exception(exc)]
                del exc
            reply += [threading.active_count(), tls.logs]
        finally:
            tls.logs = logs_before
        try:
            send_msg(stream.sock, reply)
        except OSError:
            pass
        except (TypeError, ValueError) as exc:
            send_msg(stream.sock, ["E", self.encode_exception(TypeError(str(exc))),
                                   threading.active_count(), []])

    def _dispatch(self, op: str, args: list[Any]) -> Any:
        if op == "export":
            return self.exports[str(args[0])](*args[1:])
        target = args[0] if args else None
        if op == "call":
            self._check_local(target)
            fn: Any = target
            return fn(*args[1], **args[2])
        if op == "dunder":
            self._check_local(target)
            name = str(args[1])
            op_fn = _DUNDER_OPS.get(name)
            if op_fn is None:
                raise ProtocolError(f"the dunder {name!r}")
            return op_fn(target, *args[2])
        if op == "callmethod" and not self.trusted_peer:
            # Only the public methods a suite class lists in `__kata_methods__` (e.g. a
            # gateway's charge and ship): never an attribute walk into the judge.
            self._check_local(target)
            name = str(args[1])
            allowed = getattr(type(target), KATA_METHODS, ())
            if (name.startswith("_") or not isinstance(allowed, tuple)
                    or name not in allowed):
                raise ProtocolError(f"the method {name!r} (not in {KATA_METHODS})")
            return getattr(target, name)(*args[2], **args[3])
        if not self.trusted_peer:
            raise ProtocolError(f"the request {op!r}")
        if op == "getattr":
            return getattr(target, str(args[1]))
        if op == "setattr":
            setattr(target, str(args[1]), args[2])
            return None
        if op == "delattr":
            delattr(target, str(args[1]))
            return None
        if op == "callmethod":
            return getattr(target, str(args[1]))(*args[2], **args[3])
        raise ProtocolError(f"the request {op!r}")

    def _check_local(self, target: Any) -> None:
        if isinstance(target, RemoteObject):
            raise ProtocolError("a request on one of its own objects")

    def _apply_releases(self, releases: list[Any]) -> None:
        with self._lock:
            for item in releases:
                if (not isinstance(item, list) or len(item) != 2
                        or not all(type(x) is int for x in item)):
                    raise ProtocolError("a malformed release")
                entry = self._exported.get(item[0])
                if entry is None:
                    continue
                entry[1] -= item[1]
                if entry[1] <= 0:
                    del self._exported[item[0]]
                    self._by_id.pop(id(entry[0]), None)

        if self.after_release is not None and releases:
            self.after_release()

    after_release: Callable[[], None] | None = None

    def _released(self, handle: int, count: int) -> None:
        self._pending_release.append([handle, count])

    # --- encoding ------------------------------------------------------------------------

    def _export(self, obj: Any) -> int:
        with self._lock:
            h = self._by_id.get(id(obj))
            if h is not None and self._exported[h][0] is obj:
                self._exported[h][1] += 1
                return h
            h = self._next
            self._next += 1
            self._exported[h] = [obj, 1]
            self._by_id[id(obj)] = h
            return h

    def encode(self, obj: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise ValueError("a value nested too deeply to send")
        t = type(obj)
        if t is str or t is int or t is bool or obj is None:
            return obj
        if t is float:
            return obj if obj == obj and obj not in (float("inf"), float("-inf")) else ["n", repr(obj)]
        if isinstance(obj, enum.Enum):
            return ["e", self._enum_class(type(obj)), obj.name]
        if isinstance(obj, RemoteObject) and obj._kata_peer is self:
            return ["p", obj._kata_h]
        if isinstance(obj, tuple):
            return ["t", *[self.encode(x, depth + 1) for x in obj]]
        if isinstance(obj, list):
            return ["l", *[self.encode(x, depth + 1) for x in obj]]
        if isinstance(obj, dict):
            flat: list[Any] = ["d"]
            for k, v in obj.items():
                flat += [self.encode(k, depth + 1), self.encode(v, depth + 1)]
            return flat
        if isinstance(obj, (set, frozenset)):
            return ["s" if isinstance(obj, set) else "f", *[self.encode(x, depth + 1) for x in obj]]
        if isinstance(obj, (bytes, bytearray)):
            return ["b", bytes(obj).decode("latin-1")]
        if isinstance(obj, str):
            return str(obj)
        if isinstance(obj, bool):
            return bool(obj)
        if isinstance(obj, int):
            return int(obj)
        if isinstance(obj, float):
            return self.encode(float(obj))
        if isinstance(obj, type):
            if obj.__name__ in _BUILTIN_TYPES and _BUILTIN_TYPES[obj.__name__] is obj:
                return ["bt", obj.__name__]
            if issubclass(obj, enum.Enum):
                return ["ec", self._enum_class(obj)]
            if issubclass(obj, BaseException):
                return ["xc", self._exc_class(obj)]
        if isinstance(obj, logging.Logger):
            return ["g", obj.name, bool(obj.propagate)]
        if isinstance(obj, BaseException):
            return ["xv", self.encode_exception(obj)]
        return ["r", self._export(obj), self._type_desc(t)]

    def _type_desc(self, t: type) -> list[Any]:
        methods: list[str] = []
        dunders: list[str] = []
        for klass in t.__mro__:
            if klass is object:
                continue
            for name, value in vars(klass).items():
                if name in _SAFE_DUNDERS:
                    if name not in dunders:
                        dunders.append(name)
                elif not name.startswith("_") and callable(value) and not isinstance(
                        value, (type, staticmethod, classmethod, property)):
                    methods.append(name)
        if issubclass(t, type):  # a class: its methods are not bound ones
            methods = []
            dunders = [d for d in dunders if d in ("__repr__", "__call__")] + ["__getitem__"]
        return [id(t), t.__name__, sorted(set(methods)), dunders]

    def _owned_class(self, cls: type) -> tuple[str, int]:
        """(owner, id) of a class: a class rebuilt from the peer's keeps the peer's key."""
        origin = self._origin.get(id(cls))
        if origin is not None and self._classes.get(origin) is cls:
            return origin
        self._classes[(self.role, id(cls))] = cls  # keeps the id from being reused
        return (self.role, id(cls))

    def _enum_class(self, cls: Any) -> list[Any]:
        base = next((n for n, b in _ENUM_BASES.items() if b in cls.__mro__ and
                     not any(b2 in cls.__mro__ and issubclass(b2, b) and b2 is not b
                             for b2 in _ENUM_BASES.values())), "Enum")
        mixin = next((m.__name__ for m in (str, int, float) if issubclass(cls, m)), None)
        members = [[name, self.encode(m.value)] for name, m in cls.__members__.items()]
        owner, key = self._owned_class(cls)
        return [owner, key, cls.__name__, cls.__qualname__, cls.__module__, base, mixin, members]

    def _exc_class(self, cls: type) -> list[Any]:
        if cls.__name__ in _BUILTIN_EXC and _BUILTIN_EXC[cls.__name__] is cls:
            return ["B", cls.__name__]
        if cls.__module__.startswith(("_pytest", "pytest", "hypothesis", "unittest", "_kata")):
            # A test-framework outcome never crosses as itself (a skip would be a pass).
            return ["B", "Exception"]
        bases = [self._exc_class(b) for b in cls.__bases__ if issubclass(b, BaseException)]
        owner, key = self._owned_class(cls)
        return ["C", owner, key, cls.__name__, cls.__qualname__, cls.__module__,
                bases or [["B", "Exception"]]]

    def encode_exception(self, exc: BaseException) -> list[Any]:
        origin = getattr(exc, "_kata_origin", None)
        if (isinstance(origin, tuple) and len(origin) == 2 and origin[0] is self
                and isinstance(origin[1], int)):
            return ["o", origin[1]]
        try:
            args = self.encode(tuple(exc.args))
        except Exception:
            args = None
        try:
            text = str(exc)
        except Exception:
            text = f"<{type(exc).__name__} whose str() failed>"
        attrs: list[Any] = ["d"]
        for k, v in list(getattr(exc, "__dict__", {}).items())[:20]:
            if k.startswith("_"):
                continue
            try:
                attrs += [k, self.encode(v)]
            except Exception:
                continue
        notes = getattr(exc, "__notes__", None)
        notes_out = [str(n)[:2000] for n in notes][:10] if isinstance(notes, list) else []
        cause = exc.__cause__ if exc.__cause__ is not None else exc.__context__
        frames = self.frames_of(exc)
        export = self._export(exc) if self.role == "judge" else 0
        return ["x", self._exc_class(type(exc)), args, text[:20000], attrs, notes_out, frames,
                export, type(cause).__name__ if cause is not None else None]

    # --- decoding --------------------------------------------------------------------------

    def decode(self, data: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise ProtocolError("a value nested too deeply")
        t = type(data)
        if t is str or t is int or t is bool or t is float or data is None:
            return data
        if t is not list or not data or type(data[0]) is not str:
            raise ProtocolError(f"a value of type {t.__name__}")
        tag, rest = data[0], data[1:]
        if tag == "t":
            return tuple(self.decode(x, depth + 1) for x in rest)
        if tag == "l":
            return [self.decode(x, depth + 1) for x in rest]
        if tag == "d":
            if len(rest) % 2:
                raise ProtocolError("a dict with an odd item list")
            out = {}
            for i in range(0, len(rest), 2):
                key = self.decode(rest[i], depth + 1)
                try:
                    out[key] = self.decode(rest[i + 1], depth + 1)
                except TypeError:
                    raise ProtocolError("an unhashable dict key") from None
            return out
        if tag in ("s", "f"):
            items = [self.decode(x, depth + 1) for x in rest]
            try:
                return set(items) if tag == "s" else frozenset(items)
            except TypeError:
                raise ProtocolError("an unhashable set member") from None
        if tag == "n" and len(rest) == 1 and rest[0] in ("nan", "inf", "-inf"):
            return float(rest[0])
        if tag == "b" and len(rest) == 1 and type(rest[0]) is str:
            return rest[0].encode("latin-1", "replace")
        if tag == "e" and len(rest) == 2 and type(rest[1]) is str:
            enum_cls: Any = self._decode_enum_class(rest[0])
            try:
                return enum_cls[rest[1]]
            except KeyError:
                raise ProtocolError(f"an unknown enum member {rest[1]!r}") from None
        if tag == "ec" and len(rest) == 1:
            return self._decode_enum_class(rest[0])
        if tag == "xc" and len(rest) == 1:
            return self._decode_exc_class(rest[0])
        if tag == "xv" and len(rest) == 1:
            return self.decode_exception(rest[0])
        if tag == "bt" and len(rest) == 1 and rest[0] in _BUILTIN_TYPES:
            return _BUILTIN_TYPES[rest[0]]
        if tag == "g" and len(rest) == 2 and type(rest[0]) is str and type(rest[1]) is bool:
            return self._logger(rest[0], rest[1])
        if tag == "p" and len(rest) == 1 and type(rest[0]) is int:
            with self._lock:
                entry = self._exported.get(rest[0])
            if entry is None:
                raise ProtocolError("a handle this side never gave out")
            return entry[0]
        if tag == "r" and len(rest) == 2 and type(rest[0]) is int:
            return self._proxy(rest[0], rest[1])
        raise ProtocolError(f"an unknown value tag {tag!r}")

    def _proxy(self, handle: int, desc: Any) -> RemoteObject:
        if (not isinstance(desc, list) or len(desc) != 4 or type(desc[0]) is not int
                or type(desc[1]) is not str or not isinstance(desc[2], list)
                or not isinstance(desc[3], list)):
            raise ProtocolError("a malformed type description")
        proxy = self._proxies.get(handle)
        if proxy is not None:
            object.__setattr__(proxy, "_kata_n", proxy._kata_n + 1)
            return proxy
        cls = self._proxy_types.get(desc[0])
        if cls is None:
            dunders = {n: _make_dunder(n) for n in desc[3] if n in _SAFE_DUNDERS}
            if "__eq__" in dunders and "__hash__" not in dunders:
                dunders["__hash__"] = None  # type: ignore[assignment]
            methods = frozenset(m for m in desc[2] if type(m) is str)
            cls = type(desc[1][:100], (RemoteObject,),
                       {"__slots__": (), "_kata_methods": methods, **dunders})
            self._proxy_types[desc[0]] = cls
        made: RemoteObject = cls(self, handle)
        self._proxies[handle] = made
        return made

    def _check_class_desc(self, desc: Any, size: int) -> None:
        if (not isinstance(desc, list) or len(desc) != size or type(desc[0]) is not str
                or type(desc[1]) is not int
                or not all(type(x) is str for x in desc[2:5])):
            raise ProtocolError("a malformed class description")

    def _decode_enum_class(self, desc: Any) -> type:
        self._check_class_desc(desc, 8)
        key = (desc[0], desc[1])
        if desc[0] == self.role:
            mine = self._classes.get(key)
            if mine is None:
                raise ProtocolError("an enum class this side never sent")
            return mine
        cached = self._classes.get(key)
        if cached is not None:
            return cached
        base: Any = _ENUM_BASES.get(desc[5])
        mixin = _BUILTIN_TYPES.get(desc[6]) if desc[6] is not None else None
        if base is None or not isinstance(desc[7], list):
            raise ProtocolError("a malformed enum description")
        members = []
        for item in desc[7]:
            if not isinstance(item, list) or len(item) != 2 or type(item[0]) is not str:
                raise ProtocolError("a malformed enum member")
            members.append((item[0], self.decode(item[1])))
        try:
            if mixin is not None and base in (enum.Enum, enum.Flag):
                cls: type = base(desc[2], members, module=desc[4], qualname=desc[3], type=mixin)
            else:
                cls = base(desc[2], members, module=desc[4], qualname=desc[3])
        except (TypeError, ValueError) as exc:
            raise ProtocolError(f"an enum that cannot be rebuilt ({exc})") from None
        self._classes[key] = cls
        self._origin[id(cls)] = key
        return cls

    def _decode_exc_class(self, desc: Any) -> type[BaseException]:
        if isinstance(desc, list) and len(desc) == 2 and desc[0] == "B":
            cls = _BUILTIN_EXC.get(desc[1]) if type(desc[1]) is str else None
            if cls is None:
                raise ProtocolError(f"an unknown built-in exception {desc[1]!r}")
            return cls
        if not isinstance(desc, list) or len(desc) != 7 or desc[0] != "C":
            raise ProtocolError("a malformed exception class")
        self._check_class_desc(desc[1:], 6)
        key = (desc[1], desc[2])
        if desc[1] == self.role:
            own = self._classes.get(key)
            if own is None:
                raise ProtocolError("an exception class this side never sent")
            return own
        cached = self._classes.get(key)
        if cached is not None:
            return cached
        if not isinstance(desc[6], list) or not desc[6] or len(desc[6]) > 8:
            raise ProtocolError("a malformed exception class")
        bases = tuple(self._decode_exc_class(b) for b in desc[6])
        try:
            cls = type(desc[3], bases, {"__module__": desc[5], "__qualname__": desc[4],
                                        "__str__": _remote_str, "__repr__": _remote_repr})
        except TypeError as exc:
            raise ProtocolError(f"an exception class that cannot be rebuilt ({exc})") from None
        self._classes[key] = cls
        self._origin[id(cls)] = key
        return cls

    def decode_exception(self, data: Any) -> BaseException:
        if isinstance(data, list) and len(data) == 2 and data[0] == "o" and type(data[1]) is int:
            with self._lock:
                entry = self._exported.get(data[1])
            if entry is None or not isinstance(entry[0], BaseException):
                raise PeerLost("protocol violation: an exception this side never raised")
            exc: BaseException = entry[0]
            return exc
        if not isinstance(data, list) or len(data) != 9 or data[0] != "x":
            raise PeerLost("protocol violation: a malformed exception")
        try:
            cls = self._decode_exc_class(data[1])
            args = self.decode(data[2]) if data[2] is not None else None
            attrs = self.decode(data[4])
        except ProtocolError as err:
            raise PeerLost(f"protocol violation: {err}") from None
        text, notes, frames = data[3], data[5], data[6]
        if (type(text) is not str or not isinstance(notes, list) or not isinstance(frames, list)
                or not isinstance(attrs, dict) or type(data[7]) is not int):
            raise PeerLost("protocol violation: a malformed exception")
        if issubclass(cls, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            text = f"{cls.__name__}: {text}" if text else cls.__name__
            cls, args = RuntimeError, (text,)  # never ends the judge
        if cls in _BUILTIN_EXC.values():
            try:
                exc = cls(*args) if isinstance(args, tuple) else cls(text)
            except Exception:
                exc = cls(text)
        else:
            exc = cls.__new__(cls)
            exc.args = args if isinstance(args, tuple) else (text,)
        try:
            exc._kata_str = text  # type: ignore[attr-defined]
            for k, v in attrs.items():
                if isinstance(k, str) and not k.startswith("_"):
                    setattr(exc, k, v)
            for n in notes:
                if isinstance(n, str):
                    exc.add_note(n)
            exc._kata_frames = _valid_frames(frames)  # type: ignore[attr-defined]
            if data[7]:
                exc._kata_origin = (self, data[7])  # type: ignore[attr-defined]
        except (AttributeError, TypeError):
            pass
        return exc

    def _logger(self, name: str, propagate: bool) -> logging.Logger:
        logger = logging.getLogger(name)
        if not self.trusted_peer:
            return logger
        logger.propagate = propagate
        if not propagate and self.log_forwarder is not None and (
                self.log_forwarder not in logger.handlers):
            logger.addHandler(self.log_forwarder)
        return logger

    log_forwarder: logging.Handler | None = None

    def pending_logs(self) -> list[Any] | None:
        """The log list of the request this thread is serving (None outside one)."""
        logs: list[Any] | None = getattr(self._tls, "logs", None)
        return logs

    def close(self) -> None:
        self._closed = True


def _remote_str(self: BaseException) -> str:
    return str(getattr(self, "_kata_str", "") or BaseException.__str__(self))


def _remote_repr(self: BaseException) -> str:
    return f"{type(self).__name__}({_remote_str(self)!r})"


def _valid_frames(frames: list[Any]) -> list[dict[str, Any]]:
    out = []
    for f in frames[:16]:
        if (isinstance(f, dict) and type(f.get("line")) is int and type(f.get("code")) is str
                and type(f.get("repeat", 1)) is int):
            out.append({"line": f["line"], "code": f["code"][:500], "repeat": f.get("repeat", 1)})
    return out


def learner_frames(exc: BaseException | None, is_learner: Callable[[str], bool],
                   source_line: Callable[[int], str], cap: int = 12) -> list[dict[str, Any]]:
    """The traceback lines of `exc` (or its cause/context) in the learner's file."""
    seen = 0
    while exc is not None and seen < 3:
        frames: list[dict[str, Any]] = []
        if isinstance(exc, SyntaxError) and exc.filename and is_learner(exc.filename):
            frames.append({"line": exc.lineno or 0, "code": (exc.text or "").strip(), "repeat": 1})
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            if not is_learner(frame.f_code.co_filename):
                continue
            if frames and frames[-1]["line"] == lineno:
                frames[-1]["repeat"] += 1
                continue
            frames.append({"line": lineno, "code": source_line(lineno), "repeat": 1})
        if frames:
            if len(frames) > cap:
                hidden = len(frames) - cap
                frames = frames[: cap // 2] + [
                    {"line": 0, "code": f"... {hidden} more lines of your code ...", "repeat": 1}
                ] + frames[-(cap // 2):]
            return frames
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return []


def forwarding_handler(peer: Peer) -> logging.Handler:
    """A handler that sends every record it sees to the judge, with the current reply."""

    class Forward(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                text = record.getMessage()
            except Exception as exc:
                text = f"(the log message could not be formatted: {exc})"
            item = [record.name, record.levelno, text[:20000]]
            logs = peer.pending_logs()
            if logs is not None:
                logs.append(item)
            else:
                try:
                    peer.request("export", "log", item)
                except PeerLost:
                    pass

    return Forward(logging.DEBUG)


def replay_logs(items: list[Any]) -> None:
    """On the judge: emit the worker's records on the judge's loggers of the same name."""
    for item in items[:1000]:
        if (not isinstance(item, list) or len(item) != 3 or type(item[0]) is not str
                or type(item[1]) is not int or type(item[2]) is not str):
            raise PeerLost("protocol violation: a malformed log record")
        logger = logging.getLogger(item[0])
        if logger.isEnabledFor(item[1]):
            logger.handle(logging.makeLogRecord({
                "name": item[0], "levelno": item[1], "levelname": logging.getLevelName(item[1]),
                "msg": item[2], "args": None, "pathname": "(your code)", "lineno": 0}))


