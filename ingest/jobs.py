"""What one build's steps share: the sources it read (``Entry``), the work
on one of them (``Job``), the build's inputs and reports (``Run``).

``ingest.build`` makes them and ``ingest.assemble`` uses them; neither
imports the other's private names, and this module imports neither.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, NamedTuple, Protocol

from . import read
from .cache import Cache


@dataclass
class Report:
    file: str
    level: str  # skipped, warning or info
    message: str


class ProgressBar(Protocol):
    """What the build needs of a progress bar (tqdm's bars are such)."""

    def update(self, n: int) -> object: ...
    def __enter__(self) -> object: ...
    def __exit__(self, *exc) -> object: ...


@dataclass
class Entry:
    """A source of the raw directory, as the reading step found it."""

    name: str  # file name relative to the raw directory; "archive#address" for a web archive's record
    key: str  # of its analysis in the cache
    path: Path
    sha256: str
    doc_id: str
    record: read.ArchiveRecord | None  # where it is in a web archive
    source: dict | None  # its sources.csv row (a record: its own address)


class Job(NamedTuple):
    """The per-document work on one source, as it travels to a worker: the
    file is read again there, so that no process holds the texts of the
    whole corpus."""

    name: str  # as the build's reports name it (``Entry.name``)
    path: Path
    raw_dir: Path
    max_bytes: int
    sha256: str  # of the bytes the reading step read; the work stops if they changed since
    source: dict | None  # its sources.csv row
    registry: Any  # the curation registry (``ingest.curation``), or None for a build without curation
    record: read.ArchiveRecord | None


@dataclass
class Run:
    """What every step of one build shares: its inputs, its cache, its
    reports and how it speaks."""

    raw_dir: Path
    db_path: Path
    max_bytes: int
    log: Callable[[str], None]
    workers: int
    store: Cache
    keep: bool  # the cache outlives the build
    progress: Callable[[int], ProgressBar] | None
    scheduler: str | None = None  # a Dask cluster's address, or "local"
    full: bool = False  # write the whole database, even when few documents or none changed
    info: dict | None = None  # the corpus_info row of what this build writes (ingest.release)
    reports: list[Report] = field(default_factory=list)
    #: What the last build read of each plain file: name → [size, mtime_ns,
    #: sha256, document id]; a file whose size and time are unchanged is
    #: not read again (its bytes are taken to be the same, as Make and rsync
    #: take them).
    known: dict[str, list] = field(default_factory=dict)
    files: dict[str, list] = field(default_factory=dict)  # the same, for this build

    def skip(self, name: str, why: str, say: bool = True) -> None:
        self.reports.append(Report(name, "skipped", why))
        if say:
            self.log(f"{name}: skipped: {why}")
