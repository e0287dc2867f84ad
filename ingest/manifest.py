"""The raw directory's manifest, so that Make knows when to rebuild.

Make compares file times, and its lists split on spaces and take ``;`` and
``:`` as syntax, so it cannot list the raw files themselves: a file named
"mon billet.txt" broke ``make db``, and a deleted file did not trigger a
rebuild. Instead ``make db`` depends on one file: a line per entry of the
raw directory (path, size, modification time), rewritten only when it
changes, so that its time says when the raw directory last changed (a file
added, edited, renamed or deleted).

    python -m ingest.manifest --raw-dir raw --out build/raw.manifest
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def manifest(raw_dir: Path) -> str:
    """The directory, then one tab-separated line per entry under it, in a stable order."""
    lines = [str(raw_dir.resolve())]
    for root, dirs, files in os.walk(raw_dir):
        dirs.sort()
        for name in sorted(files):
            path = Path(root, name)
            try:
                st = path.stat()
                lines.append(f"{path.relative_to(raw_dir).as_posix()!r}\t{st.st_size}\t{st.st_mtime_ns}")
            except OSError:  # a broken link: the build reports it; its presence still counts
                lines.append(f"{path.relative_to(raw_dir).as_posix()!r}\tmissing")
    return "\n".join(lines) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it is there already (its time then stays)."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.manifest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if not args.raw_dir.is_dir():
        print(f"error: raw directory not found: {args.raw_dir}", file=sys.stderr)
        return 2
    write_if_changed(args.out, manifest(args.raw_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
