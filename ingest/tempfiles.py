"""Files written under a temporary name that carries the writer's pid.

The database and each cache entry are written beside their place under a
temporary name, then renamed into it, so that a reader sees the old file or
the new one, never half of one. A build killed while writing leaves its
temporary file behind; the next build removes those whose process is gone,
and only those: another build may be writing its own right now.
"""
from __future__ import annotations

import os
from pathlib import Path

from .processes import process_alive


def temporary(path: Path) -> Path:
    """Where this process writes ``path`` before renaming it into place."""
    return path.with_name(f"{path.name}.tmp-{os.getpid()}")


def remove_abandoned(directory: Path, name: str = "*") -> list[Path]:
    """Remove the temporary files of ``name`` (a glob) in ``directory``
    whose writer is gone; return them."""
    removed = []
    for tmp in directory.glob(f"{name}.tmp-*"):
        pid = tmp.name.rsplit("-", 1)[1]
        if pid.isdigit() and not process_alive(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed
