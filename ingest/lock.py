"""One build at a time per database.

Two builds writing the same database (and sharing its cache) would delete
each other's cache entries and race to replace the file. ``build_lock``
takes an exclusive ``flock`` on a hidden file beside the database for the
whole build; a second build says which process holds it and waits. The
kernel releases the lock when its holder exits, however it ends, so a
killed build never leaves a stale lock behind.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

try:
    import fcntl
except ImportError:  # not a POSIX system: builds are not serialised
    fcntl = None


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.lock")


@contextmanager
def build_lock(db_path: Path, say: Callable[[str], None]):
    """Hold the build lock of ``db_path`` inside the block, waiting for it
    (and saying so through ``say``) when another build holds it."""
    if fcntl is None:
        yield
        return
    with open(lock_path(db_path), "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            say(f"another build of {db_path} is running (process {holder}); waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
