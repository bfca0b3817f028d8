"""The worker of a kata check: the only process where the learner's module runs.

Started by the runner inside the sandbox (`python -I -S worker.py CONFIG`), with two
inherited file descriptors: the control socket to the judge and the solution's source
(the worker has no view of the workspace; the source is compiled under the file's real
path, so tracebacks and stack dumps name the learner's lines). It imports the module,
then serves the judge's requests (see rpc.py) until the judge closes the connection.

Standard library only, and nothing of pytest: a solution cannot patch the suite, the
reporter or the result stream, because none of them is in this process.
"""
from __future__ import annotations

import faulthandler
import gc
import importlib.util
import io
import json
import linecache
import logging
import os
import signal
import sys
import threading
import types
from typing import Any


def _load_rpc() -> types.ModuleType:
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("_kata_rpc", os.path.join(here, "rpc.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["_kata_rpc"] = module
    spec.loader.exec_module(module)
    return module


rpc = _load_rpc()


class Capture(io.TextIOBase):
    """stdout and stderr of the learner's code: the first `cap` characters, then a count."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.lock = threading.Lock()
        self.parts: list[str] = []
        self.kept = 0
        self.total = 0

    encoding = "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, s: Any) -> int:
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        with self.lock:
            n = len(s)
            self.total += n
            room = self.cap - self.kept
            if room > 0:
                piece = s[:room]
                self.parts.append(piece)
                self.kept += len(piece)
        return len(s)

    def flush(self) -> None:
        pass

    def take(self) -> list[Any]:
        """[text kept, characters written] since the last take."""
        with self.lock:
            text, total = "".join(self.parts), self.total
            self.parts, self.kept, self.total = [], 0, 0
        if total > len(text):
            text += f"\n[output truncated: kept the first {len(text):,} of {total:,} characters]"
        return [text, total]


def main() -> None:
    cfg = json.loads(sys.argv[1])
    path, name = str(cfg["solution"]), str(cfg["module"])
    with os.fdopen(int(cfg["source_fd"]), "rb") as fh:
        source = fh.read(int(cfg.get("max_source", 4 << 20)))
    control = __import__("socket").socket(fileno=int(cfg["control_fd"]))
    text = source.decode("utf-8", "replace")
    lines = text.splitlines(keepends=True)
    linecache.cache[path] = (len(text), None, lines, path)

    def is_learner(filename: str) -> bool:
        return filename == path

    def line_of(n: int) -> str:
        return lines[n - 1].strip() if 0 < n <= len(lines) else ""

    capture = Capture(int(cfg.get("output_cap", 65536)))
    sys.stdout = sys.stderr = capture
    faulthandler.enable(file=2, all_threads=True)
    faulthandler.register(signal.SIGUSR1, file=2, all_threads=True)

    def lost(why: str) -> None:
        os._exit(0)  # the judge is gone: nothing left to serve

    peer = rpc.Peer(control, role="worker", trusted_peer=True, on_lost=lost)
    peer.frames_of = lambda exc: rpc.learner_frames(exc, is_learner, line_of)
    forward = rpc.forwarding_handler(peer)
    peer.log_forwarder = forward
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    root.addHandler(forward)

    reap_above = [threading.active_count() + 24]

    def reap() -> None:
        # An actor-style machine stops its thread when collected; cycles need the collector.
        if threading.active_count() > reap_above[0]:
            gc.collect()
            reap_above[0] = threading.active_count() + 24

    peer.after_release = reap
    imported = threading.Event()
    result: list[Any] = []

    def hello() -> list[Any]:
        imported.wait()
        return result

    peer.exports = {"hello": hello, "output": capture.take}
    peer.start()

    module = types.ModuleType(name)
    module.__file__ = path
    sys.modules[name] = module
    base = os.path.basename(path)
    try:
        code = compile(source, path, "exec", dont_inherit=True)
        exec(code, module.__dict__)
    except BaseException as exc:
        sys.modules.pop(name, None)
        if isinstance(exc, SystemExit):
            message = f"your module called sys.exit({exc.code!r}) while it was being imported"
        elif isinstance(exc, KeyboardInterrupt):
            message = "your module raised KeyboardInterrupt while it was being imported"
        elif isinstance(exc, SyntaxError):
            message = f"{type(exc).__name__} in {base}, line {exc.lineno}: {exc.msg}"
        elif isinstance(exc, MemoryError):
            message = f"importing {base} failed: MemoryError: ran out of memory"
        else:
            detail = str(exc)
            message = f"importing {base} failed: {type(exc).__name__}" + (f": {detail}" if detail else "")
        frames = rpc.learner_frames(exc, is_learner, line_of)
        result[:] = ["error", message[:4000], frames, capture.take()[0], None]
    else:
        result[:] = ["ok", None, [], capture.take()[0], module]
    imported.set()
    threading.Event().wait()  # serve until the judge goes (lost() ends the process)


if __name__ == "__main__":
    main()
