"""The build: raw directory in, database out, one stage after the other.

``build`` reads the raw directory, reports what it cannot use and stops
there when nothing changed since the last build (a no-op costs a ``stat``
per file and loads neither the language model, the HTML and claim stages
nor the writer). Otherwise ``ingest.assemble`` has each file analysed
(``analyse.process_document``, then the model's stages on the texts of
several documents parsed together, in this process or on a Dask cluster) or
finds its analysis in the cache, runs the corpus-wide stage (people and
organizations across documents) and streams every document's rows
(``rows.document_tables``) to the writer.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import read, tempfiles
from .cache import Cache, default_dir, package_version, pipeline_version
from .jobs import Entry, Job, ProgressBar, Report, Run
from .lock import build_lock


@dataclass
class BuildSummary:
    documents: int = 0
    comments: int = 0
    skipped: int = 0
    warnings: int = 0
    seconds: float = 0.0
    analysed: int = 0  # files analysed in this build (the others came from the cache)
    up_to_date: bool = False  # nothing changed since the last build: the database was left as it was


def _registry_version(curation_on: bool) -> str:
    if not curation_on:
        return "no-curation"
    from .curation import REGISTRY as path
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else "empty"


def build(raw_dir: Path, db_path: Path, curation_on: bool = True,
          max_bytes: int = read.DEFAULT_MAX_BYTES,
          log: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
          workers: int = 1, cache_dir: Path | None | bool = None,
          progress: Callable[[int], ProgressBar] | None = None, scheduler: str | None = None,
          full: bool = False) -> BuildSummary:
    """Build the database at ``db_path`` from the files in ``raw_dir``.

    ``workers`` processes analyse the documents, or the Dask cluster at
    ``scheduler`` ("local": a cluster of ``workers`` processes started for
    the build; see ``ingest.cluster``); ``cache_dir`` (default: a
    hidden directory beside the database; False: no cache) keeps each file's
    analysis so that a rebuild re-analyses only new and changed files.
    A rebuild replaces the rows of the documents that changed in a copy of
    the database (``write.update_database``); ``full`` writes it whole.
    ``progress`` makes a bar for the analysis (the CLI gives tqdm's on a
    terminal); without it each file is a line of ``log``.

    The build streams: each analysis goes to the cache (or, with no cache,
    to a temporary directory) as soon as it is made, memory keeps only an
    ``Outline`` per document, and the writer reads the analyses back one
    document at a time.
    """
    started = time.monotonic()
    raw_dir, db_path = Path(raw_dir), Path(db_path)
    check_paths(raw_dir, db_path, cache_dir if cache_dir is not False else None)
    keep = cache_dir is not False
    with build_lock(db_path, lambda m: print(m, file=sys.stderr, flush=True)), \
            nullcontext(cache_dir or default_dir(db_path)) if keep else \
            tempfiles.scratch("corpus-build-") as directory:
        run = Run(raw_dir, db_path, max_bytes, log, workers, Cache(Path(directory)), keep, progress, scheduler, full)
        return _build(run, curation_on, started)


class SetupError(ValueError):
    """The build cannot start: a path or the registry is wrong. Said in one
    line before any analysis."""


class NothingBuilt(RuntimeError):
    """No raw file gave a document: the previous database is left as it was."""


def check_paths(raw_dir: Path, db_path: Path, cache_dir: Path | None = None) -> None:
    """Refuse, before any work, a build that could not write its database
    or its cache, or would write them where they must not be (a build never
    writes in the raw directory)."""
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory not found: {raw_dir}")
    target = db_path.resolve()
    if read.is_inside(db_path, raw_dir):
        raise SetupError(f"the database {db_path} is inside the raw directory {raw_dir}, "
                         "which a build never writes to; choose another path")
    if db_path.is_dir():
        raise SetupError(f"the database path {db_path} is a directory; give a file name")
    if not target.parent.is_dir():
        raise SetupError(f"the directory of the database, {target.parent}, does not exist")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise SetupError(f"cannot write in {target.parent} (permission denied)")
    cache = Path(cache_dir) if cache_dir else default_dir(db_path)
    if read.is_inside(cache, raw_dir):
        raise SetupError(f"the cache directory {cache} is inside the raw directory {raw_dir}, "
                         "which a build never writes to; choose another path")
    if cache.exists() and not cache.is_dir():
        raise SetupError(f"the cache path {cache} is a file, not a directory")


def _source_items(paths: list[Path], raw_dir: Path, reports: list[Report], log: Callable[[str], None],
                  max_bytes: int = read.DEFAULT_MAX_BYTES):
    """(path, None) for each file of the raw directory, and (path, record)
    for each HTML page of a web archive; what else an archive holds is
    counted in one report line."""
    for path in paths:
        if not read.is_archive(path):
            yield path, None
            continue
        name = path.relative_to(raw_dir).as_posix()
        try:
            contents = read.list_archive(path, raw_dir, max_bytes)
        except read.UnreadableFile as exc:
            reports.append(Report(name, "skipped", str(exc)))
            log(f"{name}: skipped: {exc}")
            continue
        other = ", ".join(f"{n} {kind}" for kind, n in sorted(contents.other.items()))
        message = (f"web archive: {len(contents.pages)} HTML pages read; "
                   f"{sum(contents.other.values())} other records skipped" + (f" ({other})" if other else "")
                   + (f"; {contents.duplicates} identical HTML payloads counted once" if contents.duplicates else "")
                   + (f"; {contents.cut_short} HTML pages cut short (the file ends inside them; "
                      "kept as far as they go)" if contents.cut_short else ""))
        reports.append(Report(name, "warning" if contents.cut_short else "info", message))
        log(f"{name}: {message}")
        for record in contents.pages:
            yield path, record


def _build(run: Run, curation_on: bool, started: float) -> BuildSummary:
    """The build's steps, in order: read, (stop if nothing changed), analyse,
    keep, write."""
    paths, passed_over = read.list_sources(run.raw_dir)
    sources, csv_warnings = read.read_sources_csv(run.raw_dir)
    run.reports += [Report(name, "skipped", why) for name, why in passed_over]
    run.reports += [Report("sources.csv", "warning", w) for w in csv_warnings]
    # What the analyses depend on (in each cache key), then what the database
    # as a whole does (the fingerprint of a no-op, the condition of an update).
    version = (pipeline_version(), _registry_version(curation_on), package_version())
    version_key = Cache.key(*version)
    last = _last_build(run)
    run.known = last.get("files", {})
    entries = _read_entries(run, paths, sources, version)
    fingerprint = Cache.key(*[e.key for e in entries], *(f"{r.file}:{r.message}" for r in run.reports),
                            *version, run.max_bytes, sorted(set(sources)))
    unchanged = _unchanged(run, entries, fingerprint, last, started)
    if unchanged:
        return unchanged
    # Something changed: the stages and the writer are needed from here on.
    from . import assemble, curation, release
    _mend_database(run)
    try:
        registry = curation.load_registry() if curation_on else None
    except curation.RegistryError as exc:
        raise SetupError(str(exc)) from exc
    jobs = {e.key: Job(e.name, e.path, run.raw_dir, run.max_bytes, e.sha256, e.source, registry, e.record)
            for e in entries}
    outlines, analysed = assemble.analyse_all(run, entries, jobs)
    kept = assemble.keep(run, entries, outlines)
    for name in sorted(set(sources) - {p.relative_to(run.raw_dir).as_posix() for p in paths}):
        run.reports.append(Report("sources.csv", "warning", f"row for {name}, which is not in the raw directory"))
    if not kept:
        reports = run.reports
        raise NothingBuilt(f"nothing could be built from {run.raw_dir}: {len(reports)} files skipped"
                           + (f" (first: {reports[0].file}: {reports[0].message})" if reports else "")
                           + (f"; {run.db_path} is left as it was" if run.db_path.exists() else ""))
    canon = registry.canon if registry else None
    kept_keys = {k for k, _ in kept}
    now = {e.key: e.doc_id for e in entries if e.key in kept_keys}  # what the database will hold
    run.info = release.corpus_info([(e.name, e.sha256) for e in entries if e.key in kept_keys])
    counts = (_last_wrote_it(run, last) and assemble.update_in_place(run, kept, jobs, canon, last, version_key, now)) \
        or assemble.write_all(run, kept, jobs, canon)
    summary = BuildSummary(
        documents=len(kept), comments=counts["comments"],
        skipped=sum(r.level == "skipped" for r in run.reports),
        warnings=sum(r.level == "warning" for r in run.reports),
        seconds=time.monotonic() - started, analysed=analysed)
    if run.keep:
        _remember(run, {"fingerprint": fingerprint, "db_mtime_ns": run.db_path.stat().st_mtime_ns,
                        "summary": {k: getattr(summary, k) for k in ("documents", "comments", "skipped", "warnings")},
                        "version": version_key, "documents": now})
        run.store.prune()
    run.log(f"built {run.db_path}: {summary.documents} documents, {summary.comments} comments, "
            f"{counts['people']} people, {counts['organizations']} organizations, {counts['claims']} claims, "
            f"{summary.skipped} files skipped, {summary.warnings} warnings ({summary.seconds:.1f} s)")
    return summary


def _mend_database(run: Run) -> None:
    """A database a killed update left half-written (``write.check`` rolls
    its journal back) or that fails its check is written whole. A no-op
    build never comes here: its database is the file the last build wrote,
    untouched since."""
    from . import write
    for problem in write.check(run.db_path):
        run.log(f"{run.db_path}: {problem}; it is written whole")
        run.full = True


def _read_entries(run: Run, paths: list[Path], sources: dict[str, dict], version: tuple) -> list[Entry]:
    """Reading: decode every file (every HTML record of a web archive),
    refuse what cannot be used, find each one's cache entry. A plain file
    the last build read, with the same size and modification time, is not
    read again: a rebuild with nothing changed costs a ``stat`` per file."""
    by_hash: dict[str, str] = {}
    by_id: dict[str, str] = {}
    entries: list[Entry] = []
    for path, record in _source_items(paths, run.raw_dir, run.reports, run.log, run.max_bytes):
        name = record.name if record else path.relative_to(run.raw_dir).as_posix()
        try:
            sha256, doc_id = _identify(run, path, name, record)
            if sha256 in by_hash:
                raise read.UnreadableFile(f"duplicate of {by_hash[sha256]} (same bytes); not ingested twice")
            if doc_id in by_id:
                raise read.UnreadableFile(f"document id {doc_id!r} already used by {by_id[doc_id]}")
        except read.UnreadableFile as exc:
            run.skip(name, str(exc))
            continue
        by_hash[sha256], by_id[doc_id] = name, name
        source = {"url": record.url} if record else sources.get(name)
        entries.append(Entry(name, Cache.key(sha256, name, json.dumps(source, sort_keys=True),
                                             version[0], version[1]), path, sha256, doc_id, record, source))
    return entries


def _identify(run: Run, path: Path, name: str, record: read.ArchiveRecord | None) -> tuple[str, str]:
    """The hash of a source's bytes and its document id: from the last
    build's memory when the file's size and time are unchanged, else read
    (and decoded, so that a file that cannot be used is refused here)."""
    if record is None:
        st = path.stat()
        stamp = [st.st_size, st.st_mtime_ns]
        known = run.known.get(name)
        if known and known[:2] == stamp and st.st_size <= run.max_bytes:
            run.files[name] = known
            return known[2], known[3]
    raw = read.read_source(path, run.raw_dir, record, run.max_bytes)
    if record is None:
        run.files[name] = stamp + [raw.sha256, raw.doc_id]
    return raw.sha256, raw.doc_id


def _last_build(run: Run) -> dict:
    """What the last build with this cache remembered (``_remember``), or {}."""
    marker = run.store.fingerprint_path() if run.keep else None
    try:
        return json.loads(marker.read_text()) if marker and marker.exists() else {}
    except (OSError, ValueError):
        return {}  # unreadable: every file is read again


def _remember(run: Run, facts: dict) -> None:
    """Keep, for the next build: this build's fingerprint, database time and
    summary (``facts``), and the size, time and hash of each file read."""
    run.store.fingerprint_path().write_text(json.dumps({**facts, "files": run.files}))


def _last_wrote_it(run: Run, last: dict) -> bool:
    """Whether the database is the file the last build (``last``) wrote:
    there, and not written since."""
    return run.keep and bool(last) and run.db_path.exists() \
        and last.get("db_mtime_ns") == run.db_path.stat().st_mtime_ns


def _unchanged(run: Run, entries: list[Entry], fingerprint: str, last: dict,
               started: float) -> BuildSummary | None:
    """The last build's summary when nothing changed since it (same inputs,
    same database file) and ``--full`` does not ask for a write: the
    database is then left as it is."""
    if run.full or not _last_wrote_it(run, last) or last.get("fingerprint") != fingerprint:
        return None
    run.store.used.update(e.key for e in entries)
    if run.files != run.known:  # a file touched but not changed: remember its new time
        _remember(run, {k: v for k, v in last.items() if k != "files"})
    run.log(f"{run.db_path} is up to date ({len(entries)} documents, nothing changed)")
    return BuildSummary(**last["summary"], seconds=time.monotonic() - started, up_to_date=True)