"""The Go track of the katas: toolchain discovery, build cache, containment and checks.

Kept apart from the Python runner so both tracks can change independently; the
Go check yields the same events and `Report` as the Python one, so the CLI renders
both alike. Submodules are imported on demand.
"""
