"""Exports: a document's annotations in the exchange formats of the field.

Three formats, each a function of one document's rows (``Annotated``), read
from a built database by ``load``:

* ``web_annotations`` — the W3C Web Annotation model (JSON-LD): one
  annotation per mention and per claim, whose target is the document's (or
  the comment's) page with a ``TextQuoteSelector`` (exact, prefix, suffix)
  and a ``TextPositionSelector``; the body names the person or organization
  (its page) or the claim's speaker and topic. What Hypothesis-style and
  IIIF viewers, Recogito and annotation servers speak.
* ``brat`` — brat standoff: the text (the document, then each comment after
  a blank line) and its ``.ann`` (``T`` lines for people, organizations,
  claims and comments, the claim's topic an ``A`` attribute, its speaker an
  ``R`` relation to a mention of them or a note). Opens in brat and INCEpTION
  with ``BRAT_CONF``.
* ``tei`` — TEI P5: a ``teiHeader`` (title, author, date, source address,
  licence), the text with ``persName``/``orgName`` pointing (``@ref``) to
  ``listPerson``/``listOrg`` entries and claims as ``said`` with ``@who``,
  comments in ``back``. Elements that would overlap are split in parts
  joined by ``@prev``, so the body's text is ``documents.text`` exactly.

``export_corpus`` writes every document in the three formats and a zip of
them (``make export``). The plugin serves the same functions per document.
Reading only: the database is opened read-only.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urlsplit
from xml.sax import saxutils

import sqlite_utils

from . import release
from .fold import fold

#: Characters of context a TextQuoteSelector keeps on each side.
QUOTE_CONTEXT = 32
LICENCE = ("https://creativecommons.org/licenses/by/4.0/",
           "Annotations CC BY 4.0; source texts © their authors, quoted for research.")
PUBLISHER = "Corpus of French web writing on community management (cm-corpus)"
#: What ``make serve`` publishes; exports name rows by their pages there.
DEFAULT_BASE_URL = "http://127.0.0.1:8001/corpus"
TOPICS_SQL = "select name, label from topics order by name"


@dataclass
class Annotated:
    """One document and everything annotated in it, as database rows (dicts)."""

    document: dict
    comments: list[dict]
    mentions: list[dict]     # with "kind": person or organization, "entity_id", "name"
    claims: list[dict]       # with "speaker" (a name or None)
    people: list[dict]       # the people it names or quotes: id, name
    organizations: list[dict]
    topics: list[dict]       # the codebook: name, label

    def text_of(self, comment_id: int | None) -> str:
        if comment_id is None:
            return self.document["text"]
        return next(c["text"] for c in self.comments if c["id"] == comment_id)


def load(conn: sqlite3.Connection | sqlite_utils.Database, document_id: str,
         topics: list[dict] | None = None) -> Annotated | None:
    """The rows of ``document_id``, or None when there is no such document.
    ``topics``, the codebook's rows, is read when not given (an export of
    the whole corpus reads it once)."""
    db = conn if isinstance(conn, sqlite_utils.Database) else sqlite_utils.Database(conn)

    def rows(sql: str, *params) -> list[dict]:
        return list(db.query(sql, params))

    docs = rows("select * from documents where id = ?", document_id)
    if not docs:
        return None
    mentions = rows(
        "select m.id, m.comment_id, m.start, m.\"end\", m.surface, "
        "case when m.person_id is null then 'organization' else 'person' end as kind, "
        "coalesce(m.person_id, m.organization_id) as entity_id, coalesce(p.name, o.name) as name "
        "from mentions m left join people p on p.id = m.person_id "
        "left join organizations o on o.id = m.organization_id "
        "where m.document_id = ? order by m.comment_id is not null, m.comment_id, m.start, m.id", document_id)
    claims = rows(
        "select c.id, c.comment_id, c.person_id, p.name as speaker, c.text, c.start, c.\"end\", c.topic, c.kind "
        "from claims c left join people p on p.id = c.person_id where c.document_id = ? "
        "order by c.comment_id is not null, c.comment_id, c.start, c.id", document_id)
    people = rows(
        "select id, name from people where id in (select person_id from mentions where document_id = :d "
        "union select person_id from claims where document_id = :d "
        "union select person_id from comments where document_id = :d) order by id", document_id)
    organizations = rows(
        "select id, name, kind from organizations where id in "
        "(select organization_id from mentions where document_id = ?) order by id", document_id)
    comments = rows("select * from comments where document_id = ? order by position", document_id)
    return Annotated(docs[0], comments, mentions, claims, people, organizations,
                     topics if topics is not None else rows(TOPICS_SQL))


def is_web_address(url: str | None) -> bool:
    """Only http and https addresses become links (here and in the reading
    view): a ``javascript:`` or ``data:`` address from ``sources.csv`` or a
    saved page's canonical link would run script in the reader's browser."""
    return bool(url) and urlsplit(url.strip()).scheme.lower() in ("http", "https")


def _row_url(base: str, table: str, key) -> str:
    # Datasette's tilde-encoding of a primary key in a row page's path.
    from datasette.utils import tilde_encode
    return f"{base}/{table}/{tilde_encode(str(key))}"


# --- W3C Web Annotation --------------------------------------------------

def _target(ann: Annotated, base: str, row: dict) -> dict:
    """The place of ``row`` (a mention or a claim) in its document or comment."""
    text = ann.text_of(row["comment_id"])
    start, end = row["start"], row["end"]
    source = (_row_url(base, "documents", ann.document["id"]) if row["comment_id"] is None
              else _row_url(base, "comments", row["comment_id"]))
    return {"source": source, "selector": [
        {"type": "TextQuoteSelector", "exact": text[start:end],
         "prefix": text[max(0, start - QUOTE_CONTEXT):start], "suffix": text[end:end + QUOTE_CONTEXT]},
        {"type": "TextPositionSelector", "start": start, "end": end}]}


def web_annotations(ann: Annotated, base: str = DEFAULT_BASE_URL) -> dict:
    """The document's mentions and claims as a W3C AnnotationCollection."""
    items = []
    for m in ann.mentions:
        table = "people" if m["kind"] == "person" else "organizations"
        items.append({
            "id": _row_url(base, "mentions", m["id"]), "type": "Annotation", "motivation": "identifying",
            "body": [{"type": "SpecificResource", "purpose": "identifying", "source": _row_url(base, table, m["entity_id"])},
                     {"type": "TextualBody", "purpose": "identifying", "value": m["name"], "format": "text/plain"},
                     {"type": "TextualBody", "purpose": "tagging", "value": m["kind"]}],
            "target": _target(ann, base, m)})
    for c in ann.claims:
        body = [{"type": "TextualBody", "purpose": "classifying", "value": c["topic"]},
                {"type": "TextualBody", "purpose": "tagging", "value": f"claim:{c['kind']}"}]
        if c["person_id"] is not None:
            body += [{"type": "SpecificResource", "purpose": "linking", "source": _row_url(base, "people", c["person_id"])},
                     {"type": "TextualBody", "purpose": "describing", "value": f"{c['speaker']} says this",
                      "format": "text/plain"}]
        items.append({"id": _row_url(base, "claims", c["id"]), "type": "Annotation", "motivation": "classifying",
                      "body": body, "target": _target(ann, base, c)})
    return {"@context": "http://www.w3.org/ns/anno.jsonld",
            "id": _row_url(base, "documents", ann.document["id"]) + ".jsonld",
            "type": "AnnotationCollection", "label": ann.document["title"] or ann.document["id"],
            "total": len(items),
            "first": {"type": "AnnotationPage", "startIndex": 0, "items": items}}


# --- brat standoff -------------------------------------------------------

BRAT_CONF = """# brat / INCEpTION configuration of the corpus's annotations (ingest/export.py)
[entities]
Person
Organization
Claim
Comment

[relations]
Speaker\tArg1:Claim, Arg2:Person

[events]

[attributes]
Topic\tArg:Claim, Value:{topics}
"""


def brat_text(ann: Annotated) -> tuple[str, dict[int | None, int]]:
    """The text brat shows: the document, then each comment after a blank
    line; with the offset at which each (None: the document) begins."""
    parts, offsets, at = [], {}, 0
    for key, text in [(None, ann.document["text"])] + [(c["id"], c["text"]) for c in ann.comments]:
        if parts:
            parts.append("\n\n")
            at += 2
        offsets[key] = at
        parts.append(text)
        at += len(text)
    return "".join(parts), offsets


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``start``–``end`` cut at line breaks, as brat wants spans (a span may
    not contain a newline; a discontinuous span lists its pieces)."""
    out, s = [], start
    for i in range(start, end + 1):
        if i == end or text[i] == "\n":
            if i > s:
                out.append((s, i))
            s = i + 1
    return out


def brat(ann: Annotated) -> tuple[str, str]:
    """The document as brat standoff: (text, annotations)."""
    text, offsets = brat_text(ann)
    lines, first_mention_of = [], {}
    counters = {"T": 0, "A": 0, "R": 0, "#": 0}

    def new(kind: str) -> str:
        counters[kind] += 1
        return f"{kind}{counters[kind]}"

    def span(label: str, comment_id, start: int, end: int) -> str | None:
        shift = offsets[comment_id]
        pieces = _fragments(text, start + shift, end + shift)
        if not pieces:
            return None
        tid = new("T")
        where = ";".join(f"{s} {e}" for s, e in pieces)
        lines.append(f"{tid}\t{label} {where}\t{' '.join(text[s:e] for s, e in pieces)}")
        return tid

    def note(tid: str, value: str) -> None:
        lines.append(f"{new('#')}\tAnnotatorNotes {tid}\t{' '.join(value.split())}")

    for c in ann.comments:
        if (tid := span("Comment", c["id"], 0, len(c["text"]))):
            note(tid, f"comment {c['position']} ({c['kind']}) by {c['author_name'] or 'unknown'}; row {c['id']}")
    for m in ann.mentions:
        tid = span("Person" if m["kind"] == "person" else "Organization", m["comment_id"], m["start"], m["end"])
        if tid:
            note(tid, f"{m['name']} ({m['kind']} {m['entity_id']}; mention {m['id']})")
            if m["kind"] == "person":
                first_mention_of.setdefault(m["entity_id"], tid)
    for c in ann.claims:
        tid = span("Claim", c["comment_id"], c["start"], c["end"])
        if not tid:
            continue
        lines.append(f"{new('A')}\tTopic {tid} {c['topic']}")
        speaker = first_mention_of.get(c["person_id"])
        if speaker:
            lines.append(f"{new('R')}\tSpeaker Arg1:{tid} Arg2:{speaker}")
        note(tid, f"claim {c['id']} ({c['kind']})" + (f"; speaker {c['speaker']} (person {c['person_id']})"
                                                      if c["person_id"] is not None else "; no speaker known"))
    return text, "\n".join(lines) + ("\n" if lines else "")


def brat_conf(topics: list[dict]) -> str:
    return BRAT_CONF.format(topics="|".join(t["name"] for t in topics))


# --- TEI P5 --------------------------------------------------------------

def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` between blank lines, without their edge spaces."""
    out, start = [], 0
    for chunk in text.split("\n\n"):
        stripped = chunk.strip()
        if stripped:
            s = start + chunk.index(stripped)
            out.append((s, s + len(stripped)))
        start += len(chunk) + 2
    return out


@dataclass
class _Element:
    start: int
    end: int
    layer: int           # outer elements have lower layers: p 0, said 1, names 2
    tag: str
    attrs: dict
    xml_id: str | None = None


def _nest(text: str, elements: list[_Element]) -> str:
    """``text`` with ``elements`` as XML. Where an element would end inside
    another that began after it (overlap), the inner one is closed and
    reopened as a part pointing (``@prev``) to the part before, so the text
    content is ``text`` exactly and every part keeps its attributes. An
    element running past the end of a paragraph (layer 0) goes on in the next
    paragraph, not in the blank between."""
    order = sorted((e for e in elements if e.end > e.start), key=lambda e: (e.start, e.layer, -e.end))
    out, stack, pending, at, parts = [], [], [], 0, {}

    def open_(e: _Element) -> None:
        n = parts.get(id(e), 0)
        parts[id(e)] = n + 1
        attrs = dict(e.attrs)
        if e.xml_id:
            attrs["xml:id"] = e.xml_id if n == 0 else f"{e.xml_id}-{n + 1}"
            if n:
                attrs["prev"] = "#" + (e.xml_id if n == 1 else f"{e.xml_id}-{n}")
        out.append(f"<{e.tag}" + "".join(f" {k}={quoteattr(str(v))}" for k, v in attrs.items()) + ">")
        stack.append(e)

    def reopen() -> None:
        for e in pending:
            if e.end > at:
                open_(e)
        pending.clear()

    def advance(to: int) -> None:
        nonlocal at
        while stack and min(e.end for e in stack) <= to:
            end = min(e.end for e in stack)
            out.append(escape(text[at:end]))
            at = end
            closing = next(i for i, e in enumerate(stack) if e.end == end)
            pending.extend(e for e in stack[closing + 1:] if e.end > end)
            for e in reversed(stack[closing:]):
                out.append(f"</{e.tag}>")
            paragraph_ended = stack[closing].layer == 0
            del stack[closing:]
            if not paragraph_ended:
                reopen()
        out.append(escape(text[at:to]))
        at = to

    for e in order:
        advance(e.start)
        if e.layer == 0:
            open_(e)
            reopen()
        else:
            open_(e)
    advance(len(text))
    return "".join(out)


def _elements(ann: Annotated, comment_id: int | None, text: str) -> list[_Element]:
    found = [_Element(s, e, 0, "p", {}) for s, e in _paragraphs(text)]
    for c in ann.claims:
        if c["comment_id"] == comment_id:
            attrs = {"ana": f"#topic-{c['topic']}"}
            if c["person_id"] is not None:
                attrs = {"who": f"#person-{c['person_id']}", **attrs}
            found.append(_Element(c["start"], c["end"], 1, "said", attrs, f"claim-{c['id']}"))
    for m in ann.mentions:
        if m["comment_id"] == comment_id:
            tag, ref = ("persName", "person") if m["kind"] == "person" else ("orgName", "org")
            found.append(_Element(m["start"], m["end"], 2, tag, {"ref": f"#{ref}-{m['entity_id']}"},
                                  f"mention-{m['id']}"))
    return found


def _header(ann: Annotated) -> str:
    d = ann.document
    title = escape(d["title"] or f"Untitled ({d['id']})")
    author = f"<author>{escape(d['author'])}</author>" if d["author"] else ""
    date = f'<date when={quoteattr(d["published"])}>{escape(d["published"])}</date>' if d["published"] else ""
    ptr = f"<ptr target={quoteattr(d['url'].strip())}/>" if is_web_address(d["url"]) else ""
    site = f"<publisher>{escape(d['site'])}</publisher>" if d["site"] else ""
    url, licence = LICENCE
    categories = "".join(f'<category xml:id="topic-{escape(t["name"])}"><catDesc>{escape(t["label"])}</catDesc></category>'
                         for t in ann.topics)
    return (f"<teiHeader><fileDesc><titleStmt><title>{title}</title>{author}</titleStmt>"
            f"<publicationStmt><publisher>{escape(PUBLISHER)}</publisher><idno type=\"corpus\">{escape(d['id'])}</idno>"
            f"<availability><licence target={quoteattr(url)}>{escape(licence)}</licence></availability></publicationStmt>"
            f"<sourceDesc><bibl><title>{title}</title>{author}{site}{date}{ptr}"
            f"<idno type=\"file\">{escape(d['source_file'])}</idno></bibl></sourceDesc></fileDesc>"
            f"<encodingDesc><classDecl><taxonomy xml:id=\"topics\">{categories}</taxonomy></classDecl></encodingDesc>"
            f"<profileDesc><langUsage><language ident={quoteattr(d['language'] or 'fr')}/></langUsage>"
            f"<textClass><keywords><term type=\"genre\">{escape(d['genre'])}</term></keywords></textClass></profileDesc>"
            "</teiHeader>")


def tei(ann: Annotated) -> str:
    """The document as a TEI P5 file."""
    d = ann.document
    people = "".join(f'<person xml:id="person-{p["id"]}"><persName>{escape(p["name"])}</persName></person>'
                     for p in ann.people)
    orgs = "".join(f'<org xml:id="org-{o["id"]}" role={quoteattr(o["kind"])}><orgName>{escape(o["name"])}</orgName></org>'
                   for o in ann.organizations)
    body = _nest(d["text"], _elements(ann, None, d["text"]))
    comments = []
    for c in ann.comments:
        resp = f' resp="#person-{c["person_id"]}"' if c["person_id"] is not None else ""
        who = f'<note type="commenter">{escape(c["author_name"])}</note>' if c["author_name"] else ""
        when = f' when={quoteattr(c["published"])}' if c["published"] else ""
        comments.append(f'<div type="comment" subtype={quoteattr(c["kind"])} n="{c["position"]}" '
                        f'xml:id="comment-{c["id"]}"{resp}>{who}'
                        f'{f"<docDate{when}/>" if when else ""}'
                        f'{_nest(c["text"], _elements(ann, c["id"], c["text"]))}</div>')
    back = f'<back><div type="comments">{"".join(comments)}</div></back>' if comments else ""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang={quoteattr(d["language"] or "fr")}>'
            f"{_header(ann)}"
            f"<standOff><listPerson>{people}</listPerson><listOrg>{orgs}</listOrg></standOff>"
            f'<text><body><div type={quoteattr(d["genre"])} xml:space="preserve">{body}</div></body>{back}</text>'
            "</TEI>\n")


# --- The whole corpus ----------------------------------------------------

FORMATS = ("w3c", "brat", "tei")


#: Characters XML 1.0 forbids: control characters but tab and line breaks,
#: lone surrogates and the noncharacters U+FFFE and U+FFFF.
XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """``text`` as XML character data: escaped, without what XML forbids."""
    return saxutils.escape(XML_INVALID_RE.sub("", text))


def quoteattr(text: str) -> str:
    return saxutils.quoteattr(XML_INVALID_RE.sub("", text))


#: A file name's stem is at most this many bytes (file systems allow 255,
#: and the longest suffix added is ".jsonld").
MAX_STEM_BYTES = 200


def file_stems(ids: list[str]) -> dict[str, str]:
    """The stem of each document's files: its id, unless it is too long for
    a file name or the same as an earlier one once case and accents are
    folded (two files on a case-insensitive file system); then a prefix of
    it and a hash of the whole id."""
    stems, taken = {}, set()
    for doc_id in ids:
        stem = doc_id.replace("/", "_")
        folded = fold(stem)
        if len(stem.encode()) > MAX_STEM_BYTES or folded in taken:
            digest = hashlib.sha256(doc_id.encode()).hexdigest()[:12]
            prefix = stem.encode()[:MAX_STEM_BYTES - 13].decode("utf-8", "ignore")
            stem = f"{prefix}-{digest}"
            folded = fold(stem)
        taken.add(folded)
        stems[doc_id] = stem
    return stems


def _readme(db: sqlite_utils.Database) -> str:
    """What the export is, of which corpus, under which licences, and how to
    cite it (the database's ``corpus_info``; the licences of ``release.yml``
    for a database built before that table)."""
    info = next(iter(db.query("select * from corpus_info")), None) if db["corpus_info"].exists() else None
    annotations = info["licence_annotations"] if info else release.statement("licence_annotations")
    texts = info["licence_texts"] if info else release.statement("licence_texts")
    edition = f"version {info['version']}, built {info['built']}" if info else "version unknown"
    cite = info["how_to_cite"] if info else ""
    return (f"Annotations of the corpus 'Community managers on the French web' ({edition}).\n\n"
            "w3c/ID.jsonld: W3C Web Annotation (JSON-LD); brat/ID.txt and ID.ann: brat standoff, with\n"
            "brat/annotation.conf; tei/ID.xml: TEI. One file per document, named by documents.id.\n\n"
            f"Licence of the annotations: {annotations}\n\nThe texts: {texts}\n\nHow to cite: {cite}\n")


#: The zip of the whole export, and what an export writes in its folder.
ARCHIVE = "corpus-annotations.zip"
EXPORTED = ("w3c", "brat", "tei", "README.txt", ARCHIVE)


def export_corpus(db_path: Path, out_dir: Path, base: str = DEFAULT_BASE_URL,
                  log: Callable[[str], None] = lambda m: None) -> dict[str, int]:
    """Write every document of ``db_path`` in the three formats under
    ``out_dir`` (``w3c/ID.jsonld``, ``brat/ID.txt`` + ``ID.ann`` +
    ``annotation.conf``, ``tei/ID.xml``; ``file_stems`` names them), a
    ``README.txt`` and ``out_dir/corpus-annotations.zip`` of them all.
    The export is written in a folder beside them and moved into place when
    whole, so that it never mixes two corpora: the files of documents no
    longer in the database go. Returns the number of files written per
    format."""
    if not db_path.is_file():
        raise FileNotFoundError(f"no database at {db_path} (build it first: make db)")
    conn = sqlite3.connect(f"file:{quote(str(db_path.resolve()))}?mode=ro", uri=True)
    db = sqlite_utils.Database(conn)
    ids = [r["id"] for r in db.query("select id from documents order by id")]
    stems = file_stems(ids)
    counts = dict.fromkeys(FORMATS, 0)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".export-", dir=out_dir))
    try:
        with zipfile.ZipFile(work / ARCHIVE, "w", zipfile.ZIP_DEFLATED) as z:
            def put(name: str, content: str) -> None:
                path = work / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
                z.writestr(name, content)

            topics = list(db.query(TOPICS_SQL))
            put("README.txt", _readme(db))
            put("brat/annotation.conf", brat_conf(topics))
            for n, doc_id in enumerate(ids, 1):
                ann = load(db, doc_id, topics)
                stem = stems[doc_id]
                put(f"w3c/{stem}.jsonld", json.dumps(web_annotations(ann, base), ensure_ascii=False, indent=1))
                text, standoff = brat(ann)
                put(f"brat/{stem}.txt", text)
                put(f"brat/{stem}.ann", standoff)
                put(f"tei/{stem}.xml", tei(ann))
                for f in FORMATS:
                    counts[f] += 1
                if n % 100 == 0 or n == len(ids):
                    log(f"exported {n}/{len(ids)} documents")
        _move_into_place(work, out_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        conn.close()
    return counts


def _move_into_place(work: Path, out_dir: Path) -> None:
    """Replace each part of the last export in ``out_dir`` by the new one in
    ``work`` (the zip last: it stands for a whole export); the old parts,
    stale files included, go."""
    for name in EXPORTED:
        target, new = out_dir / name, work / name
        if not new.exists():
            continue
        old = work / f"old-{name}"
        if target.is_dir() and not target.is_symlink():
            target.rename(old)
        elif target.exists():
            target.unlink()
        new.rename(target)
    (out_dir / (ARCHIVE + ".tmp")).unlink(missing_ok=True)  # left by exports before this one wrote atomically
