"""The build: raw directory in, database out, one stage after the other.

``process_document`` runs the per-document stages on one decoded file and
returns plain data; ``build`` reads the raw directory, reports what it cannot
use, runs the corpus-wide stages and hands every table to the writer.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import (claims, clean, comments, curation, dates, entities, markup, metadata, nlp, read, resolve,
               segment, speakers, write)
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


def build(raw_dir: Path, db_path: Path, curation_on: bool = True,
          max_bytes: int = read.DEFAULT_MAX_BYTES,
          log: Callable[[str], None] = lambda m: print(m, file=sys.stderr)) -> BuildSummary:
    """Build the database at ``db_path`` from the files in ``raw_dir``."""
    started = time.monotonic()
    raw_dir, db_path = Path(raw_dir), Path(db_path)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory not found: {raw_dir}")
    paths, passed_over = read.list_sources(raw_dir)
    sources, csv_warnings = read.read_sources_csv(raw_dir)
    reports = [Report(name, "skipped", why) for name, why in passed_over]
    reports += [Report("sources.csv", "warning", w) for w in csv_warnings]
    registry = curation.load_registry() if curation_on else None
    processed: list[Processed] = []
    doc_entities: dict[str, list[resolve.Entity]] = {}
    doc_claims: dict[str, list[claims.Claim]] = {}
    by_hash: dict[str, str] = {}
    by_id: dict[str, str] = {}
    by_text: dict[str, str] = {}
    for k, path in enumerate(paths, start=1):
        name = path.relative_to(raw_dir).as_posix()
        prefix = f"[{k}/{len(paths)}] {name}"
        try:
            raw = read.read_raw(path, raw_dir, max_bytes)
            if raw.sha256 in by_hash:
                raise read.UnreadableFile(f"duplicate of {by_hash[raw.sha256]} (same bytes); not ingested twice")
            if raw.doc_id in by_id:
                raise read.UnreadableFile(f"document id {raw.doc_id!r} already used by {by_id[raw.doc_id]}")
            result = process_document(raw, sources.get(name))
            key = clean.fold(result.document["text"])
            if key in by_text:
                raise read.UnreadableFile(f"duplicate of {by_text[key]} (same text); not ingested twice")
        except (read.UnreadableFile, EmptyDocument) as exc:
            reports.append(Report(name, "skipped", str(exc)))
            log(f"{prefix}: skipped: {exc}")
            continue
        by_hash[raw.sha256], by_id[raw.doc_id], by_text[key] = name, name, name
        processed.append(result)
        docs = nlp.analyse([result.document["text"]] + [c["text"] for c in result.comments])
        doc_entities[raw.doc_id] = find_entities(result, docs, registry)
        doc_claims[raw.doc_id] = claims.find_claims(
            result.document["text"], result.paragraphs, result.interview, doc_entities[raw.doc_id], docs[0],
            [(c["position"], c["text"], d) for c, d in zip(result.comments, docs[1:]) if c["kind"] == "comment"])
        reports += [Report(name, "warning", w) for w in result.warnings]
        d = result.document
        log(f"{prefix}: {d['word_count']} words, {d['comment_count']} comments, {d['genre']}, "
            f"published {d['published'] or 'unknown'}"
            + "".join(f"; warning: {w}" for w in result.warnings))
    for name in sorted(set(sources) - {p.relative_to(raw_dir).as_posix() for p in paths}):
        reports.append(Report("sources.csv", "warning", f"row for {name}, which is not in the raw directory"))

    comment_ids = {(c["document_id"], c["position"]): c["id"] for p in processed for c in p.comments}
    merged = resolve.merge_corpus(doc_entities, {p.document["id"]: p.document["text"] for p in processed},
                                  comment_ids, registry.canon if registry else None)
    for p in processed:
        for c in p.comments:
            c["person_id"] = merged["comment_person"].get(c["id"])
    tables = {
        "documents": [p.document for p in processed],
        "comments": [c for p in processed for c in p.comments],
        **{name: merged[name] for name in ("people", "organizations", "document_people",
                                           "document_organizations", "mentions", "affiliations")},
        "claims": [{"id": stable_id("claim", doc_id, c.comment or 0, c.start, c.end),
                    "document_id": doc_id,
                    "comment_id": comment_ids[(doc_id, c.comment)] if c.comment else None,
                    "person_id": c.speaker.row_id if c.speaker else None,
                    "text": c.text, "start": c.start, "end": c.end, "topic": c.topic, "kind": c.kind}
                   for doc_id in sorted(doc_claims) for c in doc_claims[doc_id]],
        "removed_lines": [{"document_id": p.document["id"], "line": r.line + 1, "reason": r.reason,
                           "text": r.text} for p in processed for r in p.removed],
        "build_reports": [{"id": i, "file": r.file, "level": r.level, "message": r.message}
                          for i, r in enumerate(reports, start=1)],
    }
    write.write_database(db_path, tables)
    summary = BuildSummary(
        documents=len(processed), comments=len(tables["comments"]),
        skipped=sum(r.level == "skipped" for r in reports),
        warnings=sum(r.level == "warning" for r in reports),
        seconds=time.monotonic() - started)
    log(f"built {db_path}: {summary.documents} documents, {summary.comments} comments, "
        f"{len(tables['people'])} people, {len(tables['organizations'])} organizations, "
        f"{len(tables['claims'])} claims, "
        f"{summary.skipped} files skipped, {summary.warnings} warnings ({summary.seconds:.1f} s)")
    return summary
