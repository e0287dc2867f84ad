"""The build: raw directory in, database out, one stage after the other.

``process_document`` runs the per-document stages on one decoded file and
returns plain data; ``analyse_document`` adds the NLP stages (entities,
claims). ``build`` reads the raw directory, reports what it cannot use,
analyses each file (or finds it in the cache), runs the corpus-wide stage
(people and organizations across documents) and streams every document's
rows (``document_tables``) to the writer.
"""
from __future__ import annotations

import bisect
import ctypes
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from contextlib import nullcontext
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from . import (claims, clean, comments, curation, dates, entities, markup, metadata, nlp, read, resolve,
               segment, speakers, topics, write)
from .cache import Cache, default_dir, pipeline_version
from .ids import stable_id
from .lock import build_lock


@dataclass
class Processed:
    """Everything the per-document stages found in one raw file."""

    document: dict
    paragraphs: list[str]
    comments: list[dict]
    removed: list[clean.Removed]
    warnings: list[str] = field(default_factory=list)
    interview: speakers.Interview | None = None
    captions: list[str] = field(default_factory=list)


#: A saved page's body is taken from the extraction library when ours has
#: fewer words than this share of the library's.
LIBRARY_FALLBACK = 0.5


def _words(lines: list[tuple[int, str]]) -> int:
    return sum(len(line.split()) for _, line in lines)


class EmptyDocument(Exception):
    """Nothing of the article is left once boilerplate and spam are removed."""


def process_document(raw: read.RawText, source: dict | None = None) -> Processed:
    """Run reading-to-metadata stages on one decoded file.

    A saved web page first goes through ``markup``, which renders the post as
    text and reads what its markup states (title, author, date, address,
    comments); the text stages then run as for a plain-text file, and what
    the markup states takes precedence over what they find.
    """
    source = source or {}
    page_markup = markup.extract(raw.text) if raw.is_html else markup.Extracted(text=raw.text)
    page = segment.split_page(clean.normalize(page_markup.text))
    body, removed_body, has_spam = clean.clean_body(page.body)
    warnings = []
    if page_markup.library_text and _words(body) < LIBRARY_FALLBACK * len(page_markup.library_text.split()):
        # Our rendering lost the body (a layout whose post we did not find,
        # or a line taken for the start of the page tail): the library's.
        page = segment.split_page(clean.normalize(page_markup.library_text))
        body, removed_body, has_spam = clean.clean_body(page.body)
        warnings.append("main text as trafilatura extracts it (the markup rules kept too little)")
    if page_markup.comments or (raw.is_html and not page_markup.comment_section):
        found = page_markup.comments
        removed_tail = [clean.Removed(n, "page tail", l) for n, l in page.tail if l]
    else:
        found, removed_tail = comments.parse_comments(page.tail)
    paragraphs = [line for _, line in body]
    if not paragraphs:
        raise EmptyDocument(f"no article text left after cleaning "
                            f"({len(removed_body) + len(removed_tail) + len(page.header)} lines of page furniture)")
    doc_text = "\n\n".join(paragraphs)
    interview = speakers.find_interview(paragraphs)
    url = source.get("url") or page_markup.url
    site = source.get("site") or page_markup.site or (markup.site_of(url) if raw.is_html else None)
    published = page_markup.published or dates.publication_date(page.header_dates, page.footer_dates, url)
    commenters = [(c.author_name, c.author_url) for c in found if c.kind == "comment"]
    document = {
        "id": raw.doc_id,
        "source_file": raw.name,
        "url": url,
        "site": site,
        "excerpt": source.get("excerpt"),
        "title": page_markup.title or page.title,
        "author": page_markup.author or metadata.find_author(page.bylines, interview, paragraphs, commenters,
                                                             url or site),
        "published": published,
        "year": int(published[:4]) if published else None,
        "genre": metadata.guess_genre(page.title, paragraphs, interview),
        "language": metadata.guess_language(doc_text),
        "has_spam": int(has_spam),
        "text": doc_text,
        "word_count": len(doc_text.split()),
        "comment_count": len(found),
        "comment_count_stated": page.stated_comments if page.stated_comments is not None
        else page_markup.stated_comments,
        "encoding": raw.encoding,
        "sha256": raw.sha256,
        "format": "warc" if raw.record_url else "html" if raw.is_html else "text",
        "captured": raw.captured,
    }
    comment_rows = [{
        "id": stable_id("comment", raw.doc_id, position),
        "document_id": raw.doc_id,
        "position": position,
        "kind": c.kind,
        "author_name": c.author_name,
        "author_url": c.author_url,
        "person_id": None,
        "published": c.published,
        "text": c.text,
        "parent_id": stable_id("comment", raw.doc_id, c.parent) if c.parent else None,
    } for position, c in enumerate(found, start=1)]
    if page.stated_comments is not None and page.stated_comments != len(found):
        warnings.append(f"the page states {page.stated_comments} comments, {len(found)} were found")
    if raw.encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(f"decoded as {raw.encoding}")
    if raw.declared and read.codec_name(raw.declared) != read.codec_name(raw.encoding):
        warnings.append(f"the page declares charset {raw.declared} but is {raw.encoding}; read as {raw.encoding}")
    removed = sorted(page.header + removed_body + removed_tail, key=lambda r: r.line)
    captions = [r.text for r in removed_body if r.reason == "caption"]
    return Processed(document, paragraphs, comment_rows, removed, warnings, interview, captions)


def _first_answer_end(paragraphs: list[str], interview: speakers.Interview | None) -> int:
    answer = next((t for t in interview.turns if not t.is_question), None) if interview else None
    if answer is None:
        return 0
    last = answer.paragraphs[-1]
    return entities.paragraph_starts(paragraphs)[last] + len(paragraphs[last])


def find_entities(result: Processed, docs: list, registry: curation.Registry | None) -> list[resolve.Entity]:
    """Entities stage for one document: ``docs`` are the spaCy analyses of
    its text and of each of its comments, in order."""
    paragraphs, interview = result.paragraphs, result.interview
    lists = speakers.find_speaker_lists(paragraphs)
    labels = [(t.paragraphs[0], t.label) for t in (interview.turns if interview and interview.labeled else [])]
    labels += [(l.label_paragraph, l.label) for l in lists]
    structure = resolve.DocumentStructure(
        interview=interview,
        list_labels=[l.label for l in lists],
        commenters=[(c["position"], c["author_name"], c["author_url"], c["kind"])
                    for c in result.comments if c["author_name"] and not entities.is_anonymous(c["author_name"])],
        captions=result.captions,
        author=result.document["author"],
        title_people=[m.surface for m in entities.first_name_mentions(result.document["title"] or "")],
        intro_end=entities.paragraph_starts(paragraphs)[interview.first_paragraph] if interview else 0,
        first_answer_end=_first_answer_end(paragraphs, interview))
    known = resolve.structure_names(structure)
    text = result.document["text"]
    site_key = metadata.site_name_key(result.document["site"] or result.document["url"])
    mentions = [(None, m) for m in entities.recognize(
        text, docs[0], known, entities.label_mentions(paragraphs, labels), site_key)]
    for c, doc in zip(result.comments, docs[1:]):
        mentions += [(c["position"], m) for m in entities.recognize(c["text"], doc, known, site_key=site_key)]
    if registry:
        mentions = curation.apply(result.document["id"], text, mentions, registry)
    return resolve.resolve_document(mentions, structure)


@dataclass
class Analysed:
    """What every per-document stage found in one raw file: the input of the
    corpus-wide stages. It is what the cache keeps and what a worker sends
    back, so it holds plain data only (no spaCy objects)."""

    processed: Processed
    entities: list[resolve.Entity]
    claims: list[claims.Claim]
    lemmas: dict  # None (the document's text) or a comment position → lemmas of that text
    claim_lemmas: list[str]  # lemmas of each claim, in the order of ``claims``
    claim_topics: list[topics.Decision]  # the topic of each claim, in the order of ``claims``
    sentences: dict  # (comment position or None, start, end) of a mention → (offset, text) of its sentence
    word_forms: Counter  # (folded word, folded lemma) → occurrences, in the text and its comments


def analyse_document(raw: read.RawText, source: dict | None, registry: curation.Registry | None) -> Analysed:
    """All per-document stages on one decoded file: reading to claims."""
    result = process_document(raw, source)
    docs = nlp.analyse([result.document["text"]] + [c["text"] for c in result.comments])
    found_entities = find_entities(result, docs, registry)
    found_claims = claims.find_claims(
        result.document["text"], result.paragraphs, result.interview, found_entities, docs[0],
        [(c["position"], c["text"], d) for c, d in zip(result.comments, docs[1:]) if c["kind"] == "comment"])
    for person, role, replaces in claims.role_changes(found_claims):
        person.roles.add(role)
        person.roles.discard(replaces)
    doc_of = {None: docs[0], **{c["position"]: d for c, d in zip(result.comments, docs[1:])}}
    # Mentions are shown in the sentences the claims stage reads: one notion
    # of a sentence for the whole corpus.
    texts = {k: d.text for k, d in doc_of.items()}  # Doc.text joins every token: once per text
    bounds = {k: claims.sentence_spans(texts[k], d) for k, d in doc_of.items()}
    starts = {k: [s for s, _ in b] for k, b in bounds.items()}
    sentences = {}
    for e in found_entities:
        for pos, m in e.mentions:
            sents = bounds[pos]
            k = bisect.bisect_right(starts[pos], m.start) - 1
            if k >= 0 and sents[k][0] <= m.start < sents[k][1]:
                sentences[(pos, m.start, m.end)] = (sents[k][0], texts[pos][sents[k][0]:sents[k][1]])
    tables = {k: nlp.lemma_table(d) for k, d in doc_of.items()}
    claim_topics = [topics.decide(_span(doc_of[c.comment], (c.start, c.end)), _span(doc_of[c.comment], c.question))
                    for c in found_claims]
    return Analysed(
        processed=result, entities=found_entities, claims=found_claims,
        lemmas={k: nlp.lemmas(t) for k, t in tables.items()},
        claim_lemmas=[nlp.lemmas(tables[c.comment], c.start, c.end) for c in found_claims],
        claim_topics=claim_topics,
        sentences=sentences,
        word_forms=sum((nlp.word_forms(d) for d in doc_of.values()), Counter()))


def _span(doc, bounds: tuple[int, int] | None):
    """The tokens of ``doc`` covering character offsets ``bounds``, or None."""
    return doc.char_span(*bounds, alignment_mode="expand") if bounds else None


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
    return Outline(hashlib.blake2b(clean.fold(d["text"]).encode(), digest_size=16).hexdigest(),
                   a.processed.warnings, resolve.sightings(d["id"], a.entities))


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
             progress: Callable[[int], ProgressBar] | None = None) -> dict[str, Outline | str]:
    """Run the per-document stages for ``jobs`` (name, cache key, job),
    store each analysis as it comes and return its outline, or the reason
    the file is skipped, by file name. With ``progress`` (a factory of bars,
    given the number of files), a bar advances per file instead of a line
    per file being logged."""
    outlines: dict[str, Outline | str] = {}
    bar = progress(len(jobs)) if progress and jobs else None
    say = log if bar is None else (lambda m: None)  # the bar says it; skips are in build_reports
    with bar if bar is not None else nullcontext():
        for n, ((name, k, _), result) in enumerate(zip(jobs, _run([j for _, _, j in jobs], workers)), start=1):
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
        log(f"{counter}{name}: {d['word_count']} words, {d['comment_count']} comments, "
            f"{d['genre']}, published {d['published'] or 'unknown'}"
            + "".join(f"; warning: {w}" for w in result.processed.warnings))
    else:
        outlines[name] = result
        log(f"{counter}{name}: skipped: {result}")


def _registry_version(curation_on: bool) -> str:
    if not curation_on:
        return "no-curation"
    path = curation.REGISTRY
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else "empty"


def _run(jobs: list[tuple], workers: int):
    """Analyse ``jobs`` in order, on ``workers`` processes; yields results in order."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield _analyse_job(job)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        yield from pool.map(_analyse_job, jobs, chunksize=max(1, min(8, len(jobs) // (workers * 4))))


#: prctl(2) option: the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Worker initializer: have Linux kill this worker when the build dies,
    whatever ends it (SIGKILL included, which no handler can catch). A
    worker of about 500 MB would otherwise outlive its build. Elsewhere the
    workers end when their queue closes."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)


def build(raw_dir: Path, db_path: Path, curation_on: bool = True,
          max_bytes: int = read.DEFAULT_MAX_BYTES,
          log: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
          workers: int = 1, cache_dir: Path | None | bool = None,
          progress: Callable[[int], ProgressBar] | None = None) -> BuildSummary:
    """Build the database at ``db_path`` from the files in ``raw_dir``.

    ``workers`` processes analyse the documents; ``cache_dir`` (default: a
    hidden directory beside the database; False: no cache) keeps each file's
    analysis so that a rebuild re-analyses only new and changed files.
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
        return _build(raw_dir, db_path, curation_on, max_bytes, log, workers, Cache(Path(directory)), keep, started,
                      progress)


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


def _source_of(raw: read.RawText, sources: dict[str, dict]) -> dict | None:
    """The sources.csv row of a file; a web archive's record gives its own address."""
    return {"url": raw.record_url} if raw.record_url else sources.get(raw.name)


def _build(raw_dir: Path, db_path: Path, curation_on: bool, max_bytes: int, log: Callable[[str], None],
           workers: int, store: Cache, keep: bool, started: float,
           progress: Callable[[int], ProgressBar] | None = None) -> BuildSummary:
    paths, passed_over = read.list_sources(raw_dir)
    sources, csv_warnings = read.read_sources_csv(raw_dir)
    reports = [Report(name, "skipped", why) for name, why in passed_over]
    reports += [Report("sources.csv", "warning", w) for w in csv_warnings]
    try:
        registry = curation.load_registry() if curation_on else None
    except curation.RegistryError as exc:
        raise SetupError(str(exc)) from exc
    canon = registry.canon if registry else None
    version = (pipeline_version(), _registry_version(curation_on), write.schema_sql())

    # Reading: decode every file (every HTML record of a web archive), refuse
    # what cannot be used, find each one's cache entry.
    by_hash: dict[str, str] = {}
    by_id: dict[str, str] = {}
    entries: list[Entry] = []
    for path, record in _source_items(paths, raw_dir, reports, log):
        name = record.name if record else path.relative_to(raw_dir).as_posix()
        try:
            raw = read.read_source(path, raw_dir, record, max_bytes)
            if raw.sha256 in by_hash:
                raise read.UnreadableFile(f"duplicate of {by_hash[raw.sha256]} (same bytes); not ingested twice")
            if raw.doc_id in by_id:
                raise read.UnreadableFile(f"document id {raw.doc_id!r} already used by {by_id[raw.doc_id]}")
        except read.UnreadableFile as exc:
            reports.append(Report(name, "skipped", str(exc)))
            log(f"{name}: skipped: {exc}")
            continue
        by_hash[raw.sha256], by_id[raw.doc_id] = name, name
        source = _source_of(raw, sources)
        entries.append(Entry(name, Cache.key(raw.sha256, name, json.dumps(source, sort_keys=True),
                                             version[0], version[1]), path, raw.sha256, record, source))

    # Nothing changed since the last build: leave the database as it is.
    fingerprint = Cache.key(*[e.key for e in entries], *(f"{r.file}:{r.message}" for r in reports),
                            *version, max_bytes, sorted(set(sources)))
    marker = store.fingerprint_path() if keep else None
    if marker and marker.exists() and db_path.exists():
        last = json.loads(marker.read_text())
        if last.get("fingerprint") == fingerprint and last.get("db_mtime_ns") == db_path.stat().st_mtime_ns:
            store.used.update(e.key for e in entries)
            log(f"{db_path} is up to date ({len(entries)} documents, nothing changed)")
            return BuildSummary(**last["summary"], seconds=time.monotonic() - started, up_to_date=True)

    # Per-document stages, from the cache or on the workers; each analysis is
    # stored as soon as it is made and only its outline stays in memory.
    outlines: dict[str, Outline | str] = {}
    jobs = []
    job_of = {e.key: (e.path, raw_dir, max_bytes, e.sha256, e.source, registry, e.record) for e in entries}
    name_of = {e.key: e.name for e in entries}
    for e in entries:
        hit = store.summary(e.key)
        if isinstance(hit, Outline):
            outlines[e.name] = hit
        else:
            jobs.append((e.name, e.key, job_of[e.key]))
            if store.dropped and store.dropped[-1] == e.key:
                reports.append(Report(e.name, "info", _damaged_entry(store)))
                log(f"{e.name}: {_damaged_entry(store)}")
    if jobs:
        log(f"analysing {len(jobs)} of {len(entries)} files"
            + (f" on {workers} workers" if workers > 1 and len(jobs) > 1 else "")
            + (f" ({len(entries) - len(jobs)} from the cache)" if len(entries) > len(jobs) else ""))
    outlines.update(_analyse(jobs, workers, store, log, progress))

    # What is kept: no empty documents, no text twice.
    kept: list[tuple[str, Outline]] = []  # (cache key, outline), in file order
    by_text: dict[str, str] = {}
    for name, k in ((e.name, e.key) for e in entries):
        found = outlines[name]
        if isinstance(found, str):
            reports.append(Report(name, "skipped", found))
            continue
        if found.text_key in by_text:
            reports.append(Report(name, "skipped", f"duplicate of {by_text[found.text_key]} (same text); "
                                                   "not ingested twice"))
            log(f"{name}: skipped: duplicate of {by_text[found.text_key]} (same text)")
            continue
        by_text[found.text_key] = name
        kept.append((k, found))
        reports += [Report(name, "warning", w) for w in found.warnings]
    for name in sorted(set(sources) - {p.relative_to(raw_dir).as_posix() for p in paths}):
        reports.append(Report("sources.csv", "warning", f"row for {name}, which is not in the raw directory"))

    if not kept:
        raise NothingBuilt(f"nothing could be built from {raw_dir}: {len(reports)} files skipped"
                           + (f" (first: {reports[0].file}: {reports[0].message})" if reports else "")
                           + (f"; {db_path} is left as it was" if db_path.exists() else ""))

    # Corpus-wide stages, then every document's rows, read back one at a time.
    entity_tables = resolve.entity_rows([s for _, o in kept for s in o.sightings], canon)
    log(f"writing {db_path}: {len(kept)} documents")
    names = {r["id"]: r["name"] for r in entity_tables["people"] + entity_tables["organizations"]}
    counts, lexicon = Counter(), Counter()

    def documents():
        for n, (k, _) in enumerate(kept, start=1):
            analysed = store.get(k)
            if analysed is None:  # damaged since its summary was read: analyse it again
                # (logged only: the reports table is already on its way to the writer)
                log(f"{name_of[k]}: {_damaged_entry(store)}")
                analysed = _analyse_job(job_of[k])
                if not isinstance(analysed, Analysed):
                    raise RuntimeError(f"a document analysed earlier in this build now fails: {analysed}")
                store.put(k, outline(analysed), analysed)
            rows = document_tables(analysed, names, canon)
            counts.update({name: len(r) for name, r in rows.items()})
            lexicon.update(analysed.word_forms)
            if n % 1000 == 0:
                log(f"written {n}/{len(kept)} documents")
            yield rows

    write.write_database(db_path, {
        **entity_tables,
        "topics": topics.codebook_rows(),
        "build_reports": [{"id": i, "file": r.file, "level": r.level, "message": r.message}
                          for i, r in enumerate(reports, start=1)]}, documents(),
        after=lambda: {"word_forms": [{"form": f, "lemma": l, "occurrences": n}
                                      for (f, l), n in sorted(lexicon.items())]})
    summary = BuildSummary(
        documents=len(kept), comments=counts["comments"],
        skipped=sum(r.level == "skipped" for r in reports),
        warnings=sum(r.level == "warning" for r in reports),
        seconds=time.monotonic() - started, analysed=len(jobs))
    if marker:
        marker.write_text(json.dumps({"fingerprint": fingerprint, "db_mtime_ns": db_path.stat().st_mtime_ns,
                                      "summary": {k: getattr(summary, k) for k in
                                                  ("documents", "comments", "skipped", "warnings")}}))
        store.prune()
    log(f"built {db_path}: {summary.documents} documents, {summary.comments} comments, "
        f"{len(entity_tables['people'])} people, {len(entity_tables['organizations'])} organizations, "
        f"{counts['claims']} claims, "
        f"{summary.skipped} files skipped, {summary.warnings} warnings ({summary.seconds:.1f} s)")
    return summary


def document_tables(a: Analysed, names: dict[int, str], canon: resolve.Canon | None) -> dict[str, list[dict]]:
    """One document's rows of every per-document table. ``names`` maps
    people and organizations ids to their names (from the corpus-wide
    stage), for the document's ``people_names`` and ``organization_names``."""
    p = a.processed
    doc_id, text = p.document["id"], p.document["text"]
    comment_ids = {c["position"]: c["id"] for c in p.comments}
    linked = resolve.document_rows(doc_id, text, a.entities, comment_ids, canon)
    comments = [{**c, "person_id": linked["comment_person"].get(c["id"])} for c in p.comments]
    document = dict(p.document)
    document["people_names"] = json.dumps(
        sorted({names[r["person_id"]] for r in linked["document_people"]}), ensure_ascii=False)
    document["organization_names"] = json.dumps(
        sorted({names[r["organization_id"]] for r in linked["document_organizations"]}), ensure_ascii=False)
    position_of = {cid: pos for pos, cid in comment_ids.items()}
    for m in linked["mentions"]:
        m["sentence_start"], m["sentence"] = a.sentences.get(
            (position_of.get(m["comment_id"]), m["start"], m["end"]), (None, None))
    claim_rows, claim_search = [], []
    for c, lemmas, topic in zip(a.claims, a.claim_lemmas, a.claim_topics):
        row_id = stable_id("claim", doc_id, c.comment or 0, c.start, c.end)
        claim_rows.append({"id": row_id, "document_id": doc_id,
                           "comment_id": comment_ids[c.comment] if c.comment else None,
                           "person_id": c.speaker.row_id if c.speaker else None,
                           "text": c.text, "start": c.start, "end": c.end, "kind": c.kind,
                           "topic": topic.topic, "topic_score": topic.score,
                           "topic_cues": json.dumps(topic.cues, ensure_ascii=False),
                           "topic_example": topic.example, "topic_similarity": topic.similarity})
        claim_search.append({"rowid": row_id, "text": c.text, "lemmas": lemmas})
    return {
        "documents": [document],
        "comments": comments,
        **{name: linked[name] for name in ("document_people", "document_organizations", "mentions",
                                           "affiliations")},
        "claims": claim_rows,
        "removed_lines": [{"document_id": doc_id, "line": r.line + 1, "reason": r.reason, "text": r.text}
                          for r in p.removed],
        "documents_fts": [{"document_id": doc_id, "title": p.document["title"], "text": text,
                           "lemmas": a.lemmas[None]}],
        "claims_fts": claim_search,
        "comments_fts": [{"rowid": c["id"], "text": c["text"], "lemmas": a.lemmas[c["position"]]}
                         for c in p.comments],
    }
