"""Files written under a temporary name that carries the writer's host and pid.

The database and each cache entry are written beside their place under a
temporary name, then renamed into it, so that a reader sees the old file or
the new one, never half of one. A build killed while writing leaves its
temporary file behind; the next build removes those whose process is gone,
and only those: another build may be writing its own right now.

On a cache shared by several machines (the workers of a Dask cluster write
it), a pid says nothing of another machine's processes, and two machines may
use the same pid: the name carries the host too. A file of this host is
removed when its process is gone; a file of another host only once it is
older than ``FOREIGN_AFTER`` (no write takes that long).

Directories of one process (a build without a cache, the side server's
socket) are named the same way (``scratch``) and removed the same way.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from .processes import process_alive

#: Seconds after which another host's temporary file counts as abandoned.
FOREIGN_AFTER = 24 * 3600

#: ".tmp-<host>-<pid>"; names of earlier builds have no host (".tmp-<pid>").
SUFFIX_RE = re.compile(r"\.tmp-(?:(?P<host>.+)-)?(?P<pid>\d+)$")


def _host() -> str:
    """This machine's name, as a temporary name can carry it."""
    return re.sub(r"[^\w.-]", "_", socket.gethostname()) or "localhost"


def temporary(path: Path) -> Path:
    """Where this process writes ``path`` before renaming it into place."""
    return path.with_name(f"{path.name}.tmp-{_host()}-{os.getpid()}")


def _abandoned(tmp: Path, host: str, now: float) -> bool:
    m = SUFFIX_RE.search(tmp.name)
    if m is None:
        return False
    if m["host"] in (None, host):
        return not process_alive(int(m["pid"]))
    try:
        return now - tmp.stat().st_mtime > FOREIGN_AFTER
    except FileNotFoundError:  # its writer renamed it meanwhile
        return False


def remove_abandoned(directory: Path, name: str = "*") -> list[Path]:
    """Remove the temporary files of ``name`` (a glob) in ``directory``
    whose writer is gone; return them."""
    host, now = _host(), time.time()
    removed = []
    for tmp in directory.glob(f"{name}.tmp-*"):
        if _abandoned(tmp, host, now):
            if tmp.is_dir() and not tmp.is_symlink():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def scratch_directory(prefix: str) -> Path:
    """A new directory of this process in the system's temporary directory,
    named so that it can be told abandoned (``prefix``, then the host and
    pid); those of ``prefix`` a killed process left are removed first."""
    base = Path(tempfile.gettempdir())
    remove_abandoned(base, f"{prefix}*")
    return Path(tempfile.mkdtemp(prefix=prefix, suffix=f".tmp-{_host()}-{os.getpid()}", dir=base))


@contextmanager
def scratch(prefix: str):
    """``scratch_directory(prefix)``, removed with what it holds on exit."""
    path = scratch_directory(prefix)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
