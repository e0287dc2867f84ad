"""The build: raw directory in, database out, one stage after the other.

``build`` reads the raw directory, reports what it cannot use, has each
file analysed (``analyse.analyse_document``, on one process or several) or
finds its analysis in the cache, runs the corpus-wide stage (people and
organizations across documents) and streams every document's rows
(``rows.document_tables``) to the writer.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from contextlib import nullcontext
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from . import cluster, curation, fold, processes, read, resolve, rows, topics, write
from .analyse import Analysed, EmptyDocument, analyse_document
from .cache import Cache, default_dir, pipeline_version
from .lock import build_lock


def _analyse_job(job: tuple) -> Analysed | str:
    """Worker entry point: the analysis of one raw file, or the reason it is
    skipped. The file is read again here, so that no process holds the
    texts of the whole corpus."""
    path, raw_dir, max_bytes, sha256, source, registry, record = job
    try:
        raw = read.read_source(path, raw_dir, record, max_bytes)
        if raw.sha256 != sha256:
            return "the file changed while the build was running; build again"
        return analyse_document(raw, source, registry)
    except (EmptyDocument, read.UnreadableFile) as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the corpus
        # Markup too deep for the parser (RecursionError), a bug met on one
        # page: the file is reported with the reason and the build goes on.
        detail = (str(exc).strip().splitlines() or [""])[0][:200]
        return f"analysis failed ({type(exc).__name__}{': ' + detail if detail else ''})"


@dataclass
class Outline:
    """The little of a document the build keeps in memory until it writes
    the database (the full analysis waits in the cache): what duplicate
    detection, the reports and the people and organizations tables need."""

    text_key: str  # a hash of the folded text: the same text under two names is one document
    warnings: list[str]
    sightings: list[resolve.Sighting]


def outline(a: Analysed) -> Outline:
    d = a.processed.document
    return Outline(hashlib.blake2b(fold.key(d.text).encode(), digest_size=16).hexdigest(),
                   a.processed.warnings, resolve.sightings(d.id, a.entities))


@dataclass
class Report:
    file: str
    level: str  # skipped, warning or info
    message: str


@dataclass
class BuildSummary:
    documents: int = 0
    comments: int = 0
    skipped: int = 0
    warnings: int = 0
    seconds: float = 0.0
    analysed: int = 0  # files analysed in this build (the others came from the cache)
    up_to_date: bool = False  # nothing changed since the last build: the database was left as it was


def _analyse(jobs: list[tuple], workers: int, store: Cache, log: Callable[[str], None],
             progress: Callable[[int], ProgressBar] | None = None,
             scheduler: str | None = None) -> dict[str, Outline | str]:
    """Run the per-document stages for ``jobs`` (name, cache key, job),
    store each analysis as it comes and return its outline, or the reason
    the file is skipped, by file name. With ``progress`` (a factory of bars,
    given the number of files), a bar advances per file instead of a line
    per file being logged."""
    outlines: dict[str, Outline | str] = {}
    bar = progress(len(jobs)) if progress and jobs else None
    say = log if bar is None else (lambda m: None)  # the bar says it; skips are in build_reports
    with bar if bar is not None else nullcontext():
        for n, ((name, k, _), result) in enumerate(zip(jobs, _run([j for _, _, j in jobs], workers, scheduler)), start=1):
            _take(name, k, result, f"[{n}/{len(jobs)}] ", outlines, store, say)
            if bar is not None:
                bar.update(1)
    return outlines


class ProgressBar(Protocol):
    """What the build needs of a progress bar (tqdm's bars are such)."""

    def update(self, n: int) -> object: ...
    def __enter__(self) -> object: ...
    def __exit__(self, *exc) -> object: ...


def _take(name: str, k: str, result: Analysed | str, counter: str, outlines: dict, store: Cache,
          log: Callable[[str], None]) -> None:
    """Keep one file's analysis (or the reason it is skipped) and say so."""
    if isinstance(result, Analysed):
        outlines[name] = outline(result)
        store.put(k, outlines[name], result)
        d = result.processed.document
        log(f"{counter}{name}: {len(d.text.split())} words, {len(result.processed.comments)} comments, "
            f"{d.genre}, published {d.published or 'unknown'}"
            + "".join(f"; warning: {w}" for w in result.processed.warnings))
    else:
        outlines[name] = result
        log(f"{counter}{name}: skipped: {result}")


def _registry_version(curation_on: bool) -> str:
    if not curation_on:
        return "no-curation"
    path = curation.REGISTRY
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else "empty"


def _run(jobs: list[tuple], workers: int, scheduler: str | None = None):
    """Analyse ``jobs`` in order, on ``workers`` processes or on the Dask
    cluster at ``scheduler`` ("local": one of ``workers`` processes started
    for the build); yields results in order."""
    if scheduler:
        with cluster.client(scheduler, workers) as c:
            yield from cluster.run(c, _analyse_job, jobs)
        return
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield _analyse_job(job)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        yield from pool.map(_analyse_job, jobs, chunksize=max(1, min(8, len(jobs) // (workers * 4))))


def _die_with_parent(parent: int) -> None:
    """Worker initializer: the worker dies with the build, or at once if the
    build died before that took effect. Elsewhere the workers end when
    their queue closes."""
    if processes.die_with_parent() and os.getppid() != parent:
        os._exit(1)


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
    check_paths(raw_dir, db_path)
    keep = cache_dir is not False
    with build_lock(db_path, lambda m: print(m, file=sys.stderr, flush=True)), \
            nullcontext(cache_dir or default_dir(db_path)) if keep else \
            tempfile.TemporaryDirectory(prefix="corpus-build-") as directory:
        run = _Run(raw_dir, db_path, max_bytes, log, workers, Cache(Path(directory)), keep, progress, scheduler, full)
        return _build(run, curation_on, started)


class SetupError(ValueError):
    """The build cannot start: a path or the registry is wrong. Said in one
    line before any analysis."""


class NothingBuilt(RuntimeError):
    """No raw file gave a document: the previous database is left as it was."""


def check_paths(raw_dir: Path, db_path: Path) -> None:
    """Refuse, before any work, a build that could not write its database
    or would write it where it must not be."""
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


def _source_items(paths: list[Path], raw_dir: Path, reports: list[Report], log: Callable[[str], None]):
    """(path, None) for each file of the raw directory, and (path, record)
    for each HTML page of a web archive; what else an archive holds is
    counted in one report line."""
    for path in paths:
        if not read.is_archive(path):
            yield path, None
            continue
        name = path.relative_to(raw_dir).as_posix()
        try:
            contents = read.list_archive(path, raw_dir)
        except read.UnreadableFile as exc:
            reports.append(Report(name, "skipped", str(exc)))
            log(f"{name}: skipped: {exc}")
            continue
        other = ", ".join(f"{n} {kind}" for kind, n in sorted(contents.other.items()))
        message = (f"web archive: {len(contents.pages)} HTML pages read; "
                   f"{sum(contents.other.values())} other records skipped" + (f" ({other})" if other else "")
                   + (f"; {contents.duplicates} identical HTML payloads counted once" if contents.duplicates else ""))
        reports.append(Report(name, "info", message))
        log(f"{name}: {message}")
        for record in contents.pages:
            yield path, record


def _damaged_entry(store: Cache) -> str:
    return f"its cache entry in {store.directory} was damaged; dropped and analysed again"


@dataclass
class _Run:
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
    full: bool = False  # write the whole database, even when a few documents changed
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


def _build(run: _Run, curation_on: bool, started: float) -> BuildSummary:
    """The build's steps, in order: read, (stop if nothing changed), analyse,
    keep, write."""
    paths, passed_over = read.list_sources(run.raw_dir)
    sources, csv_warnings = read.read_sources_csv(run.raw_dir)
    run.reports += [Report(name, "skipped", why) for name, why in passed_over]
    run.reports += [Report("sources.csv", "warning", w) for w in csv_warnings]
    try:
        registry = curation.load_registry() if curation_on else None
    except curation.RegistryError as exc:
        raise SetupError(str(exc)) from exc
    version = (pipeline_version(), _registry_version(curation_on), write.schema_sql())
    version_key = Cache.key(*version)
    last = _last_build(run)
    run.known = last.get("files", {})
    entries = _read_entries(run, paths, sources, version)
    fingerprint = Cache.key(*[e.key for e in entries], *(f"{r.file}:{r.message}" for r in run.reports),
                            *version, run.max_bytes, sorted(set(sources)))
    unchanged = _unchanged(run, entries, fingerprint, last, started)
    if unchanged:
        return unchanged
    jobs = {e.key: (e.path, run.raw_dir, run.max_bytes, e.sha256, e.source, registry, e.record) for e in entries}
    outlines, analysed = _outlines(run, entries, jobs)
    kept = _kept(run, entries, outlines)
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
    counts = _update(run, kept, jobs, canon, last, version_key, now) or _write(run, kept, jobs, canon)
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


def _read_entries(run: _Run, paths: list[Path], sources: dict[str, dict], version: tuple) -> list[Entry]:
    """Reading: decode every file (every HTML record of a web archive),
    refuse what cannot be used, find each one's cache entry. A plain file
    the last build read, with the same size and modification time, is not
    read again: a rebuild with nothing changed costs a ``stat`` per file."""
    by_hash: dict[str, str] = {}
    by_id: dict[str, str] = {}
    entries: list[Entry] = []
    for path, record in _source_items(paths, run.raw_dir, run.reports, run.log):
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


def _identify(run: _Run, path: Path, name: str, record: read.ArchiveRecord | None) -> tuple[str, str]:
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


def _last_build(run: _Run) -> dict:
    """What the last build with this cache remembered (``_remember``), or {}."""
    marker = run.store.fingerprint_path() if run.keep else None
    try:
        return json.loads(marker.read_text()) if marker and marker.exists() else {}
    except (OSError, ValueError):
        return {}  # unreadable: every file is read again


def _remember(run: _Run, facts: dict) -> None:
    """Keep, for the next build: this build's fingerprint, database time and
    summary (``facts``), and the size, time and hash of each file read."""
    run.store.fingerprint_path().write_text(json.dumps({**facts, "files": run.files}))


def _last_wrote_it(run: _Run, last: dict) -> bool:
    """Whether the database is the file the last build (``last``) wrote:
    there, and not written since."""
    return run.keep and bool(last) and run.db_path.exists() \
        and last.get("db_mtime_ns") == run.db_path.stat().st_mtime_ns


def _unchanged(run: _Run, entries: list[Entry], fingerprint: str, last: dict,
               started: float) -> BuildSummary | None:
    """The last build's summary when nothing changed since it (same inputs,
    same database file): the database is then left as it is."""
    if not _last_wrote_it(run, last) or last.get("fingerprint") != fingerprint:
        return None
    run.store.used.update(e.key for e in entries)
    if run.files != run.known:  # a file touched but not changed: remember its new time
        _remember(run, {k: v for k, v in last.items() if k != "files"})
    run.log(f"{run.db_path} is up to date ({len(entries)} documents, nothing changed)")
    return BuildSummary(**last["summary"], seconds=time.monotonic() - started, up_to_date=True)


def _outlines(run: _Run, entries: list[Entry], jobs: dict[str, tuple]) -> tuple[dict[str, Outline | str], int]:
    """Per-document stages, from the cache or on the workers; each analysis
    is stored as soon as it is made and only its outline stays in memory.
    Returns the outlines (or why a file is skipped) by file name, and how
    many files were analysed."""
    outlines: dict[str, Outline | str] = {}
    todo = []
    for e in entries:
        hit = run.store.summary(e.key)
        if isinstance(hit, Outline):
            outlines[e.name] = hit
            continue
        todo.append((e.name, e.key, jobs[e.key]))
        if run.store.dropped and run.store.dropped[-1] == e.key:
            run.reports.append(Report(e.name, "info", _damaged_entry(run.store)))
            run.log(f"{e.name}: {_damaged_entry(run.store)}")
    if todo:
        run.log(f"analysing {len(todo)} of {len(entries)} files"
                + (f" on the Dask cluster {run.scheduler}" if run.scheduler
                   else f" on {run.workers} workers" if run.workers > 1 and len(todo) > 1 else "")
                + (f" ({len(entries) - len(todo)} from the cache)" if len(entries) > len(todo) else ""))
    outlines.update(_analyse(todo, run.workers, run.store, run.log, run.progress, run.scheduler))
    return outlines, len(todo)


def _kept(run: _Run, entries: list[Entry], outlines: dict[str, Outline | str]) -> list[tuple[str, Outline]]:
    """What is kept, as (cache key, outline) in file order: no empty
    documents, no text twice."""
    kept = []
    by_text: dict[str, str] = {}
    for e in entries:
        found = outlines[e.name]
        if isinstance(found, str):
            run.skip(e.name, found, say=False)  # said when it was analysed
        elif found.text_key in by_text:
            run.skip(e.name, f"duplicate of {by_text[found.text_key]} (same text); not ingested twice")
        else:
            by_text[found.text_key] = e.name
            kept.append((e.key, found))
            run.reports += [Report(e.name, "warning", w) for w in found.warnings]
    return kept


def _entities(kept: list[tuple[str, Outline]], canon: resolve.Canon | None) -> tuple[dict, dict[int, str]]:
    """The corpus-wide stage: the people and organizations rows, and their
    names by id (for the documents' lists of names)."""
    entity_tables = rows.entity_rows([s for _, o in kept for s in o.sightings], canon)
    return entity_tables, {r["id"]: r["name"] for r in entity_tables["people"] + entity_tables["organizations"]}


def _write(run: _Run, kept: list[tuple[str, Outline]], jobs: dict[str, tuple],
           canon: resolve.Canon | None) -> Counter:
    """Corpus-wide stages, then every document's rows, read back from the
    cache one at a time and streamed to the writer. Returns the number of
    rows written by table."""
    entity_tables, names = _entities(kept, canon)
    run.log(f"writing {run.db_path}: {len(kept)} documents")
    counts, lexicon = Counter({name: len(r) for name, r in entity_tables.items()}), Counter()

    def documents():
        for n, (k, _) in enumerate(kept, start=1):
            analysed = _reread(run, k, jobs[k])
            tables = rows.document_tables(analysed, names, canon)
            counts.update({name: len(r) for name, r in tables.items()})
            lexicon.update(analysed.word_forms)
            if n % 1000 == 0:
                run.log(f"written {n}/{len(kept)} documents")
            yield tables

    write.write_database(run.db_path, {**entity_tables, "topics": topics.codebook_rows(),
                                       "build_reports": rows.report_rows(run.reports)},
                         documents(), after=lambda: {"word_forms": rows.word_form_rows(lexicon)})
    return counts


def _update(run: _Run, kept: list[tuple[str, Outline]], jobs: dict[str, tuple], canon: resolve.Canon | None,
            last: dict, version: str, now: dict[str, str]) -> dict[str, int] | None:
    """The rebuild in place: the rows of the documents whose analysis is not
    the one in the database (new, changed, deleted files) are replaced, and
    the corpus-wide rows recomputed from the outlines in memory; the other
    documents are not read. None (nothing done) when the database is not
    the one the last build wrote with this code, when ``--full`` asks for
    a full write, or when more than half the documents are new or changed
    (a full write is then as fast). Returns the number of rows of every table."""
    before = last.get("documents")
    if run.full or before is None or last.get("version") != version or not _last_wrote_it(run, last):
        return None
    added = [k for k in now if k not in before]
    gone = [k for k in before if k not in now]
    if len(added) > len(now) // 2:
        return None
    lexicon = Counter()
    for k in gone:  # what the old analyses put in the lexicon comes off it
        old = run.store.get(k)
        if old is None:
            return None
        run.store.used.discard(k)
        lexicon.subtract(old.word_forms)
    entity_tables, names = _entities(kept, canon)
    run.log(f"updating {run.db_path}: {len(added)} documents written, {len(gone)} removed")

    def documents():
        for k in added:
            analysed = _reread(run, k, jobs[k])
            lexicon.update(analysed.word_forms)
            yield rows.document_tables(analysed, names, canon)

    return write.update_database(run.db_path, [before[k] for k in gone],
                                 {**entity_tables, "build_reports": rows.report_rows(run.reports)},
                                 documents(), lexicon, rows.document_names)


def _reread(run: _Run, k: str, job: tuple) -> Analysed:
    """The analysis in the cache under ``k``; analysed again if its entry
    was damaged since its summary was read (logged only: the reports table
    is already on its way to the writer)."""
    analysed = run.store.get(k)
    if analysed is None:
        run.log(f"{job[0]}: {_damaged_entry(run.store)}")
        analysed = _analyse_job(job)
        if not isinstance(analysed, Analysed):
            raise RuntimeError(f"a document analysed earlier in this build now fails: {analysed}")
        run.store.put(k, outline(analysed), analysed)
    return analysed
