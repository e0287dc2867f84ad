"""The build after its reading step: each document analysed (or found in
the cache), the corpus-wide stage, the rows streamed to the writer.

``ingest.build`` reads the raw directory and decides whether anything
changed; only then does it import this module, so that a rebuild with
nothing to do loads neither the language model, the HTML and claim stages
nor the writer. The steps, in order: ``analyse_all`` (per-document stages,
in this process or on a Dask cluster, each analysis stored in the cache as
it is made),
``keep`` (no empty documents, no text twice), then ``update_in_place``
(the rows of the documents that changed) or ``write_all`` (the whole
database).
"""
from __future__ import annotations

from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

from . import cluster, read, release, resolve, rows, topics, write
from .analyse import (Analysed, EmptyDocument, Outline, Processed, analyse_processed, outline, parse_together,
                      process_document)
from .cache import Cache
from .jobs import Entry, Job, Report, Run


#: Documents per task: their texts are parsed by spaCy in one pass
#: (``analyse.parse_together``) and they travel to a worker and back together.
BATCH = 8


def _failure(exc: Exception) -> str:
    """Why one file is skipped, from what its stages raised."""
    if isinstance(exc, (EmptyDocument, read.UnreadableFile)):
        return str(exc)
    # Markup too deep for the parser (RecursionError), a bug met on one
    # page: the file is reported with the reason and the build goes on.
    detail = (str(exc).strip().splitlines() or [""])[0][:200]
    return f"analysis failed ({type(exc).__name__}{': ' + detail if detail else ''})"


def _process_job(job: Job) -> Processed | str:
    """The stages before the language model on one raw file, or the reason
    it is skipped. The file is read again here, so that no process holds
    the texts of the whole corpus."""
    try:
        raw = read.read_source(job.path, job.raw_dir, job.record, job.max_bytes)
        if raw.sha256 != job.sha256:
            return "the file changed while the build was running; build again"
        return process_document(raw, job.source)
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the corpus
        return _failure(exc)


def _analyse_jobs(jobs: list[Job]) -> list[Analysed | str]:
    """The analyses of several raw files (or why each is skipped), their
    texts parsed by spaCy in one pass. Should that pass fail, each file is
    parsed alone, so that a failure is only its own file's."""
    processed = [_process_job(job) for job in jobs]
    ready = [p for p in processed if isinstance(p, Processed)]
    try:
        parsed = iter(parse_together(ready))
    except Exception:  # noqa: BLE001 - found again, file by file, below
        parsed = iter([None] * len(ready))
    out: list[Analysed | str] = []
    for job, p in zip(jobs, processed):
        if isinstance(p, str):
            out.append(p)
            continue
        docs = next(parsed)  # None: parsed alone
        try:
            out.append(analyse_processed(p, job.registry, docs))
        except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the corpus
            out.append(_failure(exc))
    return out


def _analyse_job(job: Job) -> Analysed | str:
    """The analysis of one raw file, or the reason it is skipped."""
    return _analyse_jobs([job])[0]


@dataclass(frozen=True)
class Stored:
    """What a worker sends back once it has put an analysis in the cache
    itself: its outline and what the build says of the file. An analysis
    (56 kB pickled on average) then crosses no process or network boundary,
    and the build's own process does not pickle it a second time."""

    outline: Outline
    said: str


def _analyse_and_store(work: list[tuple], directory: Path | None) -> list[Stored | Analysed | str]:
    """Worker entry point: ``_analyse_jobs`` on ``work`` (job, cache key),
    each analysis put in the cache at ``directory`` by the worker itself.
    With no directory (a remote cluster and a cache that lives only on this
    machine), the analysis itself goes back to the build."""
    store = Cache(directory) if directory is not None else None
    out: list[Stored | Analysed | str] = []
    for (_, key), result in zip(work, _analyse_jobs([job for job, _ in work])):
        if store is not None and isinstance(result, Analysed):
            summary = outline(result)
            store.put(key, summary, result)
            result = Stored(summary, _said(result))
        out.append(result)
    return out


def _said(result: Analysed) -> str:
    d = result.processed.document
    return (f"{len(d.text.split())} words, {len(result.processed.comments)} comments, "
            f"{d.genre}, published {d.published or 'unknown'}"
            + "".join(f"; warning: {w}" for w in result.processed.warnings))


def _analyse(jobs: list[Job], run: Run) -> dict[str, Outline | str]:
    """Run the per-document stages for ``jobs`` (name, cache key, job),
    each analysis stored in the cache as it is made, and return its outline,
    or the reason the file is skipped, by file name. The workers write the
    cache themselves, unless the cluster is remote and the cache temporary
    (``--no-cache``): its directory is then on this machine only. With
    ``run.progress`` (a factory of bars, given the number of files), a bar
    advances per file instead of a line per file being logged."""
    outlines: dict[str, Outline | str] = {}
    remote = run.scheduler not in (None, "local")
    directory = run.store.directory if run.keep or not remote else None
    work = [(job, k) for _, k, job in jobs]
    bar = run.progress(len(jobs)) if run.progress and jobs else None
    say = run.log if bar is None else (lambda m: None)  # the bar says it; skips are in build_reports
    results = _run(work, directory, run.workers, run.scheduler)
    with bar if bar is not None else nullcontext():
        for n, ((name, k, _), result) in enumerate(zip(jobs, results), start=1):
            _take(name, k, result, f"[{n}/{len(jobs)}] ", outlines, run.store, say)
            if bar is not None:
                bar.update(1)
    return outlines


def _take(name: str, k: str, result: Stored | Analysed | str, counter: str, outlines: dict, store: Cache,
          log: Callable[[str], None]) -> None:
    """Keep one file's outline (or the reason it is skipped) and say so; an
    analysis a worker did not store is stored here."""
    if isinstance(result, Analysed):  # from a worker that cannot reach the cache
        summary = outline(result)
        store.put(k, summary, result)
        result = Stored(summary, _said(result))
    if isinstance(result, Stored):
        outlines[name] = result.outline
        store.used.add(k)
        log(f"{counter}{name}: {result.said}")
    else:
        outlines[name] = result
        log(f"{counter}{name}: skipped: {result}")


def _run(work: list[tuple], directory: Path | None, workers: int, scheduler: str | None = None):
    """``_analyse_and_store`` on ``work`` in batches: in this process, on
    the Dask cluster at ``scheduler``, or on a local cluster of ``workers``
    processes started for the build (``scheduler`` "local" or None with
    several workers); yields one result per item of ``work``, in order.
    Batches are smaller than ``BATCH`` when there are too few files to keep
    every worker busy to the end; one batch is analysed here, as starting a
    local cluster for it would gain nothing."""
    size = max(1, min(BATCH, len(work) // (max(workers, 1) * 4)))
    batches = [work[i:i + size] for i in range(0, len(work), size)]
    if scheduler in (None, "local") and (workers <= 1 or len(batches) <= 1):
        for batch in batches:
            yield from _analyse_and_store(batch, directory)
        return
    with cluster.client(scheduler or "local", workers) as c:
        yield from cluster.run(c, partial(_analyse_and_store, directory=directory), batches)


def _damaged_entry(store: Cache) -> str:
    return f"its cache entry in {store.directory} was damaged; dropped and analysed again"


def analyse_all(run: Run, entries: list[Entry], jobs: dict[str, Job]) -> tuple[dict[str, Outline | str], int]:
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
                + (f" on the Dask cluster {run.scheduler}" if run.scheduler not in (None, "local")
                   else f" on a local Dask cluster of {run.workers} workers" if run.workers > 1 and len(todo) > 1
                   else "")
                + (f" ({len(entries) - len(todo)} from the cache)" if len(entries) > len(todo) else ""))
    outlines.update(_analyse(todo, run))
    return outlines, len(todo)


def keep(run: Run, entries: list[Entry], outlines: dict[str, Outline | str]) -> list[tuple[str, Outline]]:
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


def write_all(run: Run, kept: list[tuple[str, Outline]], jobs: dict[str, Job],
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
                                       "build_reports": rows.report_rows(run.reports),
                                       "annotation_quality": release.quality_rows()},
                         documents(), after=lambda: {"word_forms": rows.word_form_rows(lexicon)}, info=run.info)
    return counts


def update_in_place(run: Run, kept: list[tuple[str, Outline]], jobs: dict[str, Job], canon: resolve.Canon | None,
            last: dict, version: str, now: dict[str, str]) -> dict[str, int] | None:
    """The rebuild in place: the rows of the documents whose analysis is not
    the one in the database (new, changed, deleted files) are replaced, and
    the corpus-wide rows recomputed from the outlines in memory; the other
    documents are not read. The caller has checked that the database is
    the one the last build (``last``) wrote. None (nothing done) when that
    build ran other code (``version``), when ``--full`` asks for a full
    write, or when more than half the documents are new or changed (a full
    write is then as fast). Returns the number of rows of every table but
    the search indexes."""
    before = last.get("documents")
    if run.full or before is None or last.get("version") != version:
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
                                 {**entity_tables, "build_reports": rows.report_rows(run.reports),
                                  "annotation_quality": release.quality_rows()},
                                 documents(), lexicon, rows.document_names, info=run.info)


def _reread(run: Run, k: str, job: Job) -> Analysed:
    """The analysis in the cache under ``k``; analysed again if its entry
    was damaged since its summary was read (logged only: the reports table
    is already on its way to the writer)."""
    analysed = run.store.get(k)
    if analysed is None:
        run.log(f"{job.name}: {_damaged_entry(run.store)}")
        analysed = _analyse_job(job)
        if not isinstance(analysed, Analysed):
            raise RuntimeError(f"a document analysed earlier in this build now fails: {analysed}")
        run.store.put(k, outline(analysed), analysed)
    return analysed

