"""The build: raw directory in, database out, one stage after the other.

``process_document`` runs the per-document stages on one decoded file and
returns plain data; ``build`` reads the raw directory, reports what it cannot
use, runs the corpus-wide stages and hands every table to the writer.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import (claims, clean, comments, curation, dates, entities, markup, metadata, nlp, read, resolve,
               segment, speakers, write)
from .cache import Cache, default_dir, pipeline_version
from .ids import stable_id


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
    text = clean.normalize(page_markup.text)
    page = segment.split_page(text)
    body, removed_body, has_spam = clean.clean_body(page.body)
    if page_markup.comments:
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
        "format": "html" if raw.is_html else "text",
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
    warnings = []
    if page.stated_comments is not None and page.stated_comments != len(found):
        warnings.append(f"the page states {page.stated_comments} comments, {len(found)} were found")
    if raw.encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(f"decoded as {raw.encoding}")
    if raw.declared and read.codec_name(raw.declared) != read.codec_name(raw.encoding):
        warnings.append(f"the page declares charset {raw.declared} but is {raw.encoding}; read as {raw.encoding}")
    removed = sorted(page.header + removed_body + removed_tail, key=lambda r: r.line)
    captions = [r.text for r in removed_body if r.reason == "caption"]
    return Processed(document, paragraphs, comment_rows, removed, warnings, interview, captions)


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
        intro_end=entities.paragraph_starts(paragraphs)[interview.first_paragraph] if interview else 0)
    known = resolve.structure_names(structure)
    text = result.document["text"]
    mentions = [(None, m) for m in entities.recognize(
        text, docs[0], known, entities.label_mentions(paragraphs, labels))]
    for c, doc in zip(result.comments, docs[1:]):
        mentions += [(c["position"], m) for m in entities.recognize(c["text"], doc, known)]
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
    sentences: dict  # (comment position or None, start, end) of a mention → its sentence


def analyse_document(raw: read.RawText, source: dict | None, registry: curation.Registry | None) -> Analysed:
    """All per-document stages on one decoded file: reading to claims."""
    result = process_document(raw, source)
    docs = nlp.analyse([result.document["text"]] + [c["text"] for c in result.comments])
    found_entities = find_entities(result, docs, registry)
    found_claims = claims.find_claims(
        result.document["text"], result.paragraphs, result.interview, found_entities, docs[0],
        [(c["position"], c["text"], d) for c, d in zip(result.comments, docs[1:]) if c["kind"] == "comment"])
    doc_of = {None: docs[0], **{c["position"]: d for c, d in zip(result.comments, docs[1:])}}
    bounds = {k: nlp.sentence_bounds(d) for k, d in doc_of.items()}
    starts = {k: [s for s, _ in b] for k, b in bounds.items()}
    sentences = {}
    for e in found_entities:
        for pos, m in e.mentions:
            sents = bounds[pos]
            k = bisect.bisect_right(starts[pos], m.start) - 1
            if k >= 0 and sents[k][0] <= m.start < sents[k][1]:
                text = doc_of[pos].text
                # A sentence never runs over a paragraph break.
                lo = max(sents[k][0], text.rfind("\n\n", 0, m.start) + 2)
                hi = text.find("\n\n", m.end)
                hi = sents[k][1] if hi < 0 else min(sents[k][1], hi)
                sentences[(pos, m.start, m.end)] = text[lo:hi].strip()
    return Analysed(
        processed=result, entities=found_entities, claims=found_claims,
        lemmas={k: nlp.lemmas(d) for k, d in doc_of.items()},
        claim_lemmas=[nlp.lemmas(doc_of[c.comment], c.start, c.end) for c in found_claims],
        sentences=sentences)


def _analyse_job(job: tuple) -> Analysed | str:
    """Worker entry point: the analysis, or the reason the file is skipped."""
    raw, source, registry = job
    try:
        return analyse_document(raw, source, registry)
    except EmptyDocument as exc:
        return str(exc)


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
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_analyse_job, jobs, chunksize=max(1, min(8, len(jobs) // (workers * 4))))


def build(raw_dir: Path, db_path: Path, curation_on: bool = True,
          max_bytes: int = read.DEFAULT_MAX_BYTES,
          log: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
          workers: int = 1, cache_dir: Path | None | bool = None) -> BuildSummary:
    """Build the database at ``db_path`` from the files in ``raw_dir``.

    ``workers`` processes analyse the documents; ``cache_dir`` (default: a
    hidden directory beside the database; False: no cache) keeps each file's
    analysis so that a rebuild re-analyses only new and changed files.
    """
    started = time.monotonic()
    raw_dir, db_path = Path(raw_dir), Path(db_path)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory not found: {raw_dir}")
    store = Cache(None if cache_dir is False else (cache_dir or default_dir(db_path)))
    paths, passed_over = read.list_sources(raw_dir)
    sources, csv_warnings = read.read_sources_csv(raw_dir)
    reports = [Report(name, "skipped", why) for name, why in passed_over]
    reports += [Report("sources.csv", "warning", w) for w in csv_warnings]
    registry = curation.load_registry() if curation_on else None
    version = (pipeline_version(), _registry_version(curation_on), write.schema_sql())

    # Reading: decode every file, refuse what cannot be used, find each one's cache entry.
    by_hash: dict[str, str] = {}
    by_id: dict[str, str] = {}
    entries: list[tuple[str, str, read.RawText]] = []  # (name, cache key, raw)
    for path in paths:
        name = path.relative_to(raw_dir).as_posix()
        try:
            raw = read.read_raw(path, raw_dir, max_bytes)
            if raw.sha256 in by_hash:
                raise read.UnreadableFile(f"duplicate of {by_hash[raw.sha256]} (same bytes); not ingested twice")
            if raw.doc_id in by_id:
                raise read.UnreadableFile(f"document id {raw.doc_id!r} already used by {by_id[raw.doc_id]}")
        except read.UnreadableFile as exc:
            reports.append(Report(name, "skipped", str(exc)))
            log(f"{name}: skipped: {exc}")
            continue
        by_hash[raw.sha256], by_id[raw.doc_id] = name, name
        entries.append((name, Cache.key(raw.sha256, name, json.dumps(sources.get(name), sort_keys=True),
                                        version[0], version[1]), raw))

    # Nothing changed since the last build: leave the database as it is.
    fingerprint = Cache.key(*[k for _, k, _ in entries], *(f"{r.file}:{r.message}" for r in reports),
                            *version, max_bytes, sorted(set(sources)))
    marker = store.fingerprint_path()
    if marker and marker.exists() and db_path.exists():
        last = json.loads(marker.read_text())
        if last.get("fingerprint") == fingerprint and last.get("db_mtime_ns") == db_path.stat().st_mtime_ns:
            store.used.update(k for _, k, _ in entries)
            log(f"{db_path} is up to date ({len(entries)} documents, nothing changed)")
            return BuildSummary(**last["summary"], seconds=time.monotonic() - started, up_to_date=True)

    # Per-document stages, from the cache or on the workers.
    results: dict[str, Analysed | str] = {}
    jobs = []
    for name, k, raw in entries:
        hit = store.get(k)
        if hit is not None:
            results[name] = hit
        else:
            jobs.append((name, k, (raw, sources.get(name), registry)))
    if jobs:
        log(f"analysing {len(jobs)} of {len(entries)} files"
            + (f" on {workers} workers" if workers > 1 and len(jobs) > 1 else "")
            + (f" ({len(entries) - len(jobs)} from the cache)" if len(entries) > len(jobs) else ""))
    for n, ((name, k, _), result) in enumerate(zip(jobs, _run([j for _, _, j in jobs], workers)), start=1):
        results[name] = result
        if isinstance(result, Analysed):
            store.put(k, result)
            d = result.processed.document
            log(f"[{n}/{len(jobs)}] {name}: {d['word_count']} words, {d['comment_count']} comments, "
                f"{d['genre']}, published {d['published'] or 'unknown'}"
                + "".join(f"; warning: {w}" for w in result.processed.warnings))
        else:
            log(f"[{n}/{len(jobs)}] {name}: skipped: {result}")

    analysed: list[Analysed] = []
    by_text: dict[str, str] = {}
    for name, _, _ in entries:
        result = results[name]
        if isinstance(result, str):
            reports.append(Report(name, "skipped", result))
            continue
        text_key = clean.fold(result.processed.document["text"])
        if text_key in by_text:
            reports.append(Report(name, "skipped", f"duplicate of {by_text[text_key]} (same text); not ingested twice"))
            log(f"{name}: skipped: duplicate of {by_text[text_key]} (same text)")
            continue
        by_text[text_key] = name
        analysed.append(result)
        reports += [Report(name, "warning", w) for w in result.processed.warnings]
    for name in sorted(set(sources) - {p.relative_to(raw_dir).as_posix() for p in paths}):
        reports.append(Report("sources.csv", "warning", f"row for {name}, which is not in the raw directory"))

    tables = corpus_tables(analysed, reports, registry)
    write.write_database(db_path, tables)
    summary = BuildSummary(
        documents=len(analysed), comments=len(tables["comments"]),
        skipped=sum(r.level == "skipped" for r in reports),
        warnings=sum(r.level == "warning" for r in reports),
        seconds=time.monotonic() - started, analysed=len(jobs))
    if marker:
        marker.write_text(json.dumps({"fingerprint": fingerprint, "db_mtime_ns": db_path.stat().st_mtime_ns,
                                      "summary": {k: getattr(summary, k) for k in
                                                  ("documents", "comments", "skipped", "warnings")}}))
    store.prune()
    log(f"built {db_path}: {summary.documents} documents, {summary.comments} comments, "
        f"{len(tables['people'])} people, {len(tables['organizations'])} organizations, "
        f"{len(tables['claims'])} claims, "
        f"{summary.skipped} files skipped, {summary.warnings} warnings ({summary.seconds:.1f} s)")
    return summary


def corpus_tables(analysed: list[Analysed], reports: list[Report],
                  registry: curation.Registry | None) -> dict[str, list[dict]]:
    """Corpus-wide stages: resolve entities across documents and lay every
    table out as rows for the writer."""
    processed = [a.processed for a in analysed]
    comment_ids = {(c["document_id"], c["position"]): c["id"] for p in processed for c in p.comments}
    merged = resolve.merge_corpus({a.processed.document["id"]: a.entities for a in analysed},
                                  {p.document["id"]: p.document["text"] for p in processed},
                                  comment_ids, registry.canon if registry else None)
    for p in processed:
        for c in p.comments:
            c["person_id"] = merged["comment_person"].get(c["id"])
    names = {r["id"]: r["name"] for r in merged["people"] + merged["organizations"]}
    people_of: dict[str, list[str]] = {}
    for r in merged["document_people"]:
        people_of.setdefault(r["document_id"], []).append(names[r["person_id"]])
    orgs_of: dict[str, list[str]] = {}
    for r in merged["document_organizations"]:
        orgs_of.setdefault(r["document_id"], []).append(names[r["organization_id"]])
    documents = []
    for p in processed:
        d = dict(p.document)
        d["people_names"] = json.dumps(sorted(set(people_of.get(d["id"], []))), ensure_ascii=False)
        d["organization_names"] = json.dumps(sorted(set(orgs_of.get(d["id"], []))), ensure_ascii=False)
        documents.append(d)
    position_of = {cid: key for key, cid in comment_ids.items()}
    sentences = {a.processed.document["id"]: a.sentences for a in analysed}
    for m in merged["mentions"]:
        pos = position_of[m["comment_id"]][1] if m["comment_id"] else None
        m["sentence"] = sentences[m["document_id"]].get((pos, m["start"], m["end"]))
    claim_rows, claim_search = [], []
    for a in sorted(analysed, key=lambda a: a.processed.document["id"]):
        doc_id = a.processed.document["id"]
        for c, lemmas in zip(a.claims, a.claim_lemmas):
            row_id = stable_id("claim", doc_id, c.comment or 0, c.start, c.end)
            claim_rows.append({"id": row_id, "document_id": doc_id,
                               "comment_id": comment_ids[(doc_id, c.comment)] if c.comment else None,
                               "person_id": c.speaker.row_id if c.speaker else None,
                               "text": c.text, "start": c.start, "end": c.end, "topic": c.topic, "kind": c.kind})
            claim_search.append({"rowid": row_id, "text": c.text, "lemmas": lemmas})
    return {
        "documents": documents,
        "comments": [c for p in processed for c in p.comments],
        **{name: merged[name] for name in ("people", "organizations", "document_people",
                                           "document_organizations", "mentions", "affiliations")},
        "claims": claim_rows,
        "removed_lines": [{"document_id": p.document["id"], "line": r.line + 1, "reason": r.reason,
                           "text": r.text} for p in processed for r in p.removed],
        "build_reports": [{"id": i, "file": r.file, "level": r.level, "message": r.message}
                          for i, r in enumerate(reports, start=1)],
        "documents_fts": [{"document_id": a.processed.document["id"], "title": a.processed.document["title"],
                           "text": a.processed.document["text"], "lemmas": a.lemmas[None]} for a in analysed],
        "claims_fts": claim_search,
        "comments_fts": [{"rowid": c["id"], "text": c["text"], "lemmas": a.lemmas[c["position"]]}
                         for a in analysed for c in a.processed.comments],
    }
