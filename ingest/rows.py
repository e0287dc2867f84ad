"""Rows: the one place where analyses take the shape of the database.

The stages hand over dataclasses with named fields (``analyse.Analysed``,
``resolve.Sighting``); this module turns them into the rows of the tables
``schema/`` defines, and nothing else in the pipeline knows a column name.
``entity_rows`` makes the corpus-wide people and organizations;
``document_tables`` makes one document's rows of every other table.
"""
from __future__ import annotations

import json
from collections import Counter
from functools import cache

from . import lexicons
from .analyse import Analysed, Document, texts_of
from .collocation import UNDATED
from .entities import ORG, PER
from .fold import fold, key
from .ids import document_label, stable_id
from .resolve import Canon, Entity, Sighting, affiliations, row_id, row_key


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def entity_rows(found: list[Sighting], canon: Canon | None = None) -> dict[str, list[dict]]:
    """Rows of people and organizations: every sighting of the corpus folded
    into one row per key, in document id order (so the rows do not depend on
    the order documents were read in). The first sighting names the row,
    unless the registry does."""
    canon = canon or Canon()
    tables: dict[str, dict[str, dict]] = {PER: {}, ORG: {}}
    keys: dict[tuple, tuple[str, dict | None]] = {}  # the same entity is met in many documents
    for s in sorted(found, key=lambda s: s.document_id):
        seen = (s.type, s.key, *s.names)
        if seen not in keys:
            keys[seen] = row_key(s, canon)
        k, entry = keys[seen]
        row = tables[s.type].get(k)
        if row is None:
            row = tables[s.type][k] = {"id": stable_id(s.type, k), "name": entry["name"] if entry else s.name,
                                       "aliases": [], "documents": set(), "kind": None, "profile_urls": []}
            if entry:
                row["aliases"] += entry.get("aliases", [])
                row["profile_urls"] += entry.get("profile_urls", [])
                row["kind"] = entry.get("kind")
        row["documents"].add(s.document_id)
        row.setdefault("spellings", Counter()).update({key(n) for n in [*s.names, s.name]})
        row.setdefault("named", Counter())[s.name] += 1
        row["aliases"] += [n for n in dict.fromkeys(s.names) if n not in row["aliases"]]
        row["profile_urls"] += [u for u in s.urls if u not in row["profile_urls"]]
        if s.type == ORG and not row["kind"] and s.kind != "other":
            row["kind"] = s.kind
    for k, row in tables[PER].items():
        if not any(key(n) in canon.people for n in row["aliases"]):
            row["name"] = _commonest_full_name(row) or row["name"]
    return {
        "people": [{"id": r["id"], "name": r["name"], "aliases": _json(r["aliases"]),
                    "names_folded": folded_names(r["name"], r["aliases"]),
                    "profile_urls": _json(r["profile_urls"]), "document_count": len(r["documents"])}
                   for r in sorted(tables[PER].values(), key=lambda r: r["id"])],
        "organizations": [{"id": r["id"], "name": r["name"], "kind": r["kind"] or "other",
                           "aliases": _json(r["aliases"]), "names_folded": folded_names(r["name"], r["aliases"]),
                           "document_count": len(r["documents"])}
                          for r in sorted(tables[ORG].values(), key=lambda r: r["id"])],
    }


def folded_names(name: str, aliases: list[str]) -> str:
    """A row's name and aliases folded (lower case, no accents), each once,
    joined by " | ": what SQL compares with ``LIKE`` when accents and case
    must not matter, without a Python function on every row."""
    return " | ".join(dict.fromkeys(fold(n) for n in [name, *aliases]))


def _commonest_full_name(row: dict) -> str | None:
    """The full name (two words or more) the most documents give a person,
    compared folded (the first seen on a tie), written as the documents'
    resolver wrote it (a name in capitals in title case) when one did; None
    when every document gives a first name alone."""
    seen = list(dict.fromkeys([*row["named"], *row["aliases"]]))
    full = [k for k in dict.fromkeys(key(n) for n in seen) if len(k.split()) >= 2]
    if not full:
        return None
    best = max(full, key=lambda k: row["spellings"][k])
    named = [n for n, _ in row["named"].most_common() if key(n) == best]
    return named[0] if named else next(n for n in seen if key(n) == best)


def entity_links(document_id: str, text: str, entities: list[Entity], comment_ids: dict[int, int],
                 canon: Canon | None = None, spoken=()) -> dict[str, list[dict] | dict]:
    """One document's rows of document_people, document_organizations,
    mentions and affiliations, and the person of each of its commenters
    (``comment_person``: comment id → person id). ``comment_ids`` maps the
    document's comment positions to comment ids. Sets each entity's
    ``row_id``, which the claims' speakers then carry."""
    canon = canon or Canon()
    people, orgs, mentions, links, commenters = set(), set(), [], {}, {}
    for e in entities:
        e.row_id = row_id(e, canon)
        if e.type == PER:
            people.update((e.row_id, role) for role in e.roles)
        else:
            orgs.add(e.row_id)
        for pos, m in e.mentions:
            cid = comment_ids[pos] if pos is not None else None
            mentions.append({
                "id": stable_id("mention", document_id, cid or 0, m.start, m.end),
                "document_id": document_id, "comment_id": cid, "start": m.start, "end": m.end,
                "surface": m.surface,
                "person_id": e.row_id if e.type == PER else None,
                "organization_id": e.row_id if e.type == ORG else None,
                "method": m.method})
        for pos in sorted(e.comments):
            commenters[comment_ids[pos]] = e.row_id
    for p, o, title in affiliations(text, entities, spoken):
        links.setdefault((p.row_id, o.row_id), title)
    return {
        "document_people": [{"document_id": document_id, "person_id": p, "role": r} for p, r in sorted(people)],
        "document_organizations": [{"document_id": document_id, "organization_id": o} for o in sorted(orgs)],
        "mentions": sorted(mentions, key=lambda r: (r["comment_id"] or 0, r["start"])),
        "affiliations": [{"person_id": p, "organization_id": o, "document_id": document_id, "title": t}
                         for (p, o), t in sorted(links.items())],
        "comment_person": commenters,
    }


def document_names(people: list[str], organizations: list[str]) -> dict:
    """The columns of a ``documents`` row that list the names of the people
    and organizations it involves."""
    return {"people_names": _json(sorted(set(people))), "organization_names": _json(sorted(set(organizations)))}


def document_row(d: Document, comment_count: int, people: list[str], organizations: list[str]) -> dict:
    """The ``documents`` row of ``d``; ``people`` and ``organizations`` are
    the names of those it involves."""
    return {
        "id": d.id, "source_file": d.source_file, "url": d.url, "site": d.site, "excerpt": d.excerpt,
        "title": d.title, "label": document_label(d.title, d.site, d.published) or d.source_file,
        "author": d.author, "author_evidence": d.author_evidence, "published": d.published,
        "year": int(d.published[:4]) if d.published else None,
        "period": d.published[:4] if d.published else UNDATED,
        "genre": d.genre, "language": d.language, "has_spam": int(d.has_spam), "text": d.text,
        "word_count": len(d.text.split()), "comment_count": comment_count,
        "comment_count_stated": d.stated_comments, "encoding": d.encoding, "sha256": d.sha256,
        "format": d.format, "captured": d.captured, **document_names(people, organizations),
    }


@cache
def _confidences() -> dict[str, float]:
    """Each claim method's measured rate of right claims (``data/claim_confidence.json``,
    written by ``scripts/claim_confidence.py``)."""
    path = lexicons.DATA_DIR / "claim_confidence.json"
    if not path.exists():
        return {}
    return {m: v["confidence"] for m, v in json.loads(path.read_text(encoding="utf-8"))["methods"].items()}


def confidence(method: str | None) -> float | None:
    """The probability that a claim found by ``method`` is a statement of
    the speaker it names, as measured; None when the method was never measured."""
    return _confidences().get(method) if method else None


def claim_rows(a: Analysed, comment_ids: dict[int, int]) -> tuple[list[dict], list[dict], list[dict]]:
    """The document's ``claims`` rows, their ``claims_fts`` rows and their
    ``claim_clauses`` rows."""
    doc_id = a.processed.document.id
    texts = texts_of(a.processed)  # the document's text, then comment n's at n
    rows, search, clauses = [], [], []
    for c, lemmas, topic, parts in zip(a.claims, a.claim_lemmas, a.claim_topics, a.claim_clauses):
        row_id_ = stable_id("claim", doc_id, c.comment or 0, c.start, c.end)
        clauses += [{"id": stable_id("clause", doc_id, c.comment or 0, start, end), "claim_id": row_id_,
                     "document_id": doc_id, "start": start, "end": end, "text": texts[c.comment or 0][start:end],
                     "topic": d.topic, "topic_score": d.score} for (start, end), d in parts]
        rows.append({"id": row_id_, "document_id": doc_id,
                     "comment_id": comment_ids[c.comment] if c.comment else None,
                     "person_id": c.speaker.row_id if c.speaker else None,
                     "text": c.text, "start": c.start, "end": c.end, "kind": c.kind,
                     "topic": topic.topic, "topic_score": topic.score, "topic_cues": _json(topic.cues),
                     "topic_example": topic.example, "topic_similarity": topic.similarity,
                     "method": c.method, "confidence": confidence(c.method) if c.speaker else None})
        search.append({"rowid": row_id_, "text": c.text, "lemmas": lemmas})
    return rows, search, clauses


def document_tables(a: Analysed, names: dict[int, str], canon: Canon | None) -> dict[str, list[dict]]:
    """One document's rows of every per-document table. ``names`` maps
    people and organizations ids to their names (from the corpus-wide
    stage), for the document's ``people_names`` and ``organization_names``."""
    p = a.processed
    doc_id, text = p.document.id, p.document.text
    comment_ids = {pos: stable_id("comment", doc_id, pos) for pos in range(1, len(p.comments) + 1)}
    spoken = [(c.start, c.end, c.speaker) for c in a.claims if c.speaker is not None and c.comment is None]
    linked = entity_links(doc_id, text, a.entities, comment_ids, canon, spoken)
    comments = [{"id": comment_ids[pos], "document_id": doc_id, "position": pos, "kind": c.kind,
                 "author_name": c.author_name, "author_url": c.author_url,
                 "person_id": linked["comment_person"].get(comment_ids[pos]), "published": c.published,
                 "text": c.text,
                 "parent_id": stable_id("comment", doc_id, c.parent) if c.parent else None}
                for pos, c in enumerate(p.comments, start=1)]
    position_of = {cid: pos for pos, cid in comment_ids.items()}
    for m in linked["mentions"]:
        m["sentence_start"], m["sentence"] = a.sentences.get(
            (position_of.get(m["comment_id"]), m["start"], m["end"]), (None, None))
    claims, claim_search, claim_clauses = claim_rows(a, comment_ids)
    return {
        "documents": [document_row(p.document, len(p.comments),
                                   [names[r["person_id"]] for r in linked["document_people"]],
                                   [names[r["organization_id"]] for r in linked["document_organizations"]])],
        "comments": comments,
        **{name: linked[name] for name in ("document_people", "document_organizations", "mentions",
                                           "affiliations")},
        "claims": claims,
        "claim_clauses": claim_clauses,
        "removed_lines": [{"document_id": doc_id, "line": r.line + 1, "reason": r.reason, "text": r.text}
                          for r in p.removed],
        "documents_fts": [{"document_id": doc_id, "title": p.document.title, "text": text,
                           "lemmas": a.lemmas[None]}],
        "claims_fts": claim_search,
        "comments_fts": [{"rowid": c["id"], "text": c["text"], "lemmas": a.lemmas[c["position"]]}
                         for c in comments],
    }


def report_rows(reports: list) -> list[dict]:
    """The ``build_reports`` rows: each file skipped or warned about, in the
    order the build met them."""
    return [{"id": i, "file": r.file, "level": r.level, "message": r.message} for i, r in enumerate(reports, start=1)]


def word_form_rows(lexicon: Counter) -> list[dict]:
    """The ``word_forms`` rows: (folded form, folded lemma) → occurrences."""
    return [{"form": f, "lemma": l, "occurrences": n} for (f, l), n in sorted(lexicon.items())]
