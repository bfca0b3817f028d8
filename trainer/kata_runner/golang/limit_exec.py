"""`go test -exec` wrapper: limit the test binary's data segment, then exec it.

Run as `python -S -I limit_exec.py BYTES CPU_SECONDS BINARY ARGS...`. Go's runtime
reserves far more address space than it uses, so the limit is RLIMIT_DATA (what
the heap can actually grow to), not RLIMIT_AS; the compiler and the linker run
without it. Standard library only, no site packages: it starts in a few ms.
"""
import os
import resource
import sys


def main() -> None:
    data, cpu = int(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_DATA, (data, data))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.execv(sys.argv[3], sys.argv[3:])


if __name__ == "__main__":
    main()
