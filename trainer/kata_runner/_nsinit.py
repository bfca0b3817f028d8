"""Bootstrap of the `namespaces` sandbox (see sandbox.py): runs as root of a fresh user
namespace (started by `unshare -Urpm --fork --mount-proc`), then execs the job.

1. every mount private, then read-only (keeping the flags the kernel locked);
2. a private, size-capped /tmp and /dev/shm, with read-only views of the job's files;
3. the paths to hide (trainer home, workspace, site-packages) under empty read-only tmpfs;
4. every capability dropped (bounding set, effective, permitted, inheritable, ambient)
   and no_new_privs set, so the job cannot undo any of it;
5. exec.

Standard library only: it runs with `-I -S` before anything else.
"""
from __future__ import annotations

import ctypes
import json
import os
import sys

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME, MS_STRICTATIME = 1024, 2048, 1 << 21, 1 << 24
_FLAGS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": MS_NOATIME,
          "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME}

libc = ctypes.CDLL(None, use_errno=True)


def mount(source: str | None, target: str, fstype: str | None, flags: int,
          data: str | None = None) -> bool:
    enc = [None if x is None else x.encode() for x in (source, target, fstype, data)]
    result: int = libc.mount(enc[0], enc[1], enc[2], ctypes.c_ulong(flags), enc[3])
    return result == 0


def mount_points() -> list[tuple[str, int]]:
    points = []
    with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.split()
            point = parts[4].encode().decode("unicode_escape")
            flags = 0
            for opt in parts[5].split(","):
                flags |= _FLAGS.get(opt, 0)
            points.append((point, flags))
    return points


def drop_capabilities() -> None:
    for cap in range(64):
        libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP
    libc.prctl(47, 4, 0, 0, 0)  # PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL
    libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    header = Header(0x20080522, 0)
    data = (Data * 2)()
    libc.capset(ctypes.byref(header), ctypes.byref(data))


def main() -> None:
    spec = json.loads(sys.argv[1])
    argv = sys.argv[2:]
    if not mount(None, "/", None, MS_REC | MS_PRIVATE):
        os._exit(126)
    for point, flags in mount_points():
        if point.startswith("/proc"):
            continue
        mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags)
    # Held open before /tmp is covered: a shared directory may live under the host's /tmp.
    shared = [(os.open(source, os.O_PATH | os.O_DIRECTORY), target)
              for source, target in spec.get("rw_binds", [])]
    # Every source is held open before /tmp is covered too: a file the job needs (the
    # worker, a solution, a whole installation) may live under the host's /tmp.
    views = [(os.open(source, os.O_PATH), os.path.isdir(source), target)
             for source, target in spec.get("binds", [])]
    size = int(spec["tmp_bytes"])
    for path in ("/tmp", "/dev/shm"):
        if os.path.isdir(path):
            mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=1777")
    for fd, is_dir, target in views:
        # A read-only view of a file or directory the job needs (it may live under a hidden path).
        if is_dir:  # a directory (pytest's packages, a run's files)
            os.makedirs(target, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb"):
                pass
        if not mount(f"/proc/self/fd/{fd}", target, None, MS_BIND) or not mount(
                None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV):
            os.write(2, f"namespaces sandbox: cannot show {target}\n".encode())
            os._exit(126)
        os.close(fd)
    for path in spec["hide"]:
        mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=000")
    for fd, target in shared:
        # A directory both sides share, writable (a per-run scratch dir).
        os.makedirs(target, exist_ok=True)
        # The first step made every mount read-only: the new view is made writable again.
        if not mount(f"/proc/self/fd/{fd}", target, None, MS_BIND) or not mount(
                None, target, None, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV):
            os.write(2, f"namespaces sandbox: cannot share {target}\n".encode())
            os._exit(126)
        os.close(fd)
    # The root file system must have become read-only, or the box is not what it says.
    probe = "/.trainer-ro-probe"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        pass
    else:
        os.close(fd)
        os.unlink(probe)
        os.write(2, b"namespaces sandbox: the root file system stayed writable\n")
        os._exit(126)
    drop_capabilities()
    os.chdir(spec["cwd"])
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
