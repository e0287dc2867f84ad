"""The lifetime of the processes a build or a server starts.

A worker holds the language model (about 500 MB) and a side server a copy of
Datasette: neither may outlive the process that started it, whatever ends
that one (SIGKILL included, which no handler can catch).
"""
from __future__ import annotations

import ctypes
import os
import signal

#: prctl(2) option: the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1


def die_with_parent() -> bool:
    """Have Linux kill this process when its parent dies; False where that
    cannot be asked (another system)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0
    except (OSError, AttributeError):
        return False


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` is running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
