"""The reading views: a document's text with its mentions and claims
marked, a person's or an organization's page, and the row data the
templates get (``extra_template_vars``). Every piece of source text is
HTML-escaped before it is marked up."""
from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import quote, urlencode

from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from ingest import export
from ingest.ids import document_label

from .db import fetch_rows

PARAGRAPH_BREAK_RE = re.compile(r"\n{2,}")
FOCUS_ID = ' id="focus"'


def annotate(text: str, mentions: list[dict], claims: list[dict], base: str,
             focus: tuple[int, int] | None = None) -> Markup:
    """``text`` as HTML paragraphs, mentions as links, claims marked.

    ``mentions`` have start, end, person_id or organization_id and a name;
    ``claims`` have start, end, topic and speaker (a name or None). Spans are
    character offsets into ``text``. The text is cut at every span boundary
    and paragraph break, and each piece is wrapped on its own, so the HTML is
    well-formed however spans overlap. Everything from ``text`` is escaped.
    ``focus`` (start, end) is the place a link pointed to (``?at=``): it is
    marked, and its start carries the anchor ``#focus``.
    """
    breaks = {(m.start(), m.end()) for m in PARAGRAPH_BREAK_RE.finditer(text)}
    focused = [{"start": focus[0], "end": focus[1]}] if focus else []
    points = {0, len(text)}
    for span in mentions + claims + focused:
        points |= {span["start"], span["end"]}
    for a, b in breaks:
        points |= {a, b}
    points = sorted(p for p in points if 0 <= p <= len(text))
    mention_at, claim_at, focus_at = _cover(points, mentions), _cover(points, claims), _cover(points, focused)
    out = ["<p>"]
    for i, (a, b) in enumerate(zip(points, points[1:])):
        if (a, b) in breaks:
            out.append("</p>\n<p>")
            continue
        html = str(escape(text[a:b])).replace("\n", "<br>")
        mention = mention_at[i]
        if mention:
            if mention.get("person_id"):
                href, css = f"{base}/people/{mention['person_id']}", "mention person"
            else:
                href, css = f"{base}/organizations/{mention['organization_id']}", "mention organization"
            html = f'<a class="{css}" href="{escape(href)}" title="{escape(mention.get("name") or "")}">{html}</a>'
        claim = claim_at[i]
        if claim:
            speaker = claim.get("speaker") or "speaker unknown"
            sure = claim.get("confidence")
            said = f'{speaker} · {claim.get("topic") or ""}' + (f" · confidence {sure:.2f}" if sure is not None else "")
            label = f'<span class="speaker">{escape(said)}</span>' if a == claim["start"] else ""
            html = (f'<mark class="claim" data-speaker="{escape(speaker)}" '
                    f'title="{escape(claim.get("topic") or "")}">{label}{html}</mark>')
        if focus_at[i]:
            html = f'<span class="focus"{FOCUS_ID if a == focus[0] else ""}>{html}</span>'
        out.append(html)
    out.append("</p>")
    return Markup("".join(out))


def _cover(points: list[int], spans: list[dict]) -> list[dict | None]:
    """For each piece [points[i], points[i + 1]), the first of ``spans`` that
    covers it: every span starts and ends on a point, so each marks its own
    pieces, and the reading view costs in proportion to its spans."""
    index = {p: i for i, p in enumerate(points)}
    owner: list[dict | None] = [None] * len(points)
    for span in spans:
        if span["start"] in index and span["end"] in index:
            for i in range(index[span["start"]], index[span["end"]]):
                owner[i] = owner[i] or span
    return owner


#: ``?at=`` of a reading-view link: a place in the text ("120-131") or in a
#: comment ("c3:12-20", comment position 3).
AT_RE = re.compile(r"^(?:c(\d+):)?(\d+)-(\d+)$")


def document_link(base: str, document_id: str) -> str:
    """The reading view of a document (its row page)."""
    return f"{base}/documents/{tilde_encode(document_id)}"


def place_link(base: str, document_id: str, start: int, end: int, comment: int | None = None) -> str:
    """The reading view of a document at one place, marked and scrolled to."""
    at = f"c{comment}:{start}-{end}" if comment is not None else f"{start}-{end}"
    return f"{document_link(base, document_id)}?at={at}#focus"


def heading(doc: dict) -> str:
    """A document's title, or for an untitled one its site and date."""
    return document_label(doc.get("title"), doc.get("site"), doc.get("published")) or "Untitled document"


async def document_view(datasette, db, database: str, doc_id: str, at: str | None,
                        topic: str | None = None, speaker: str | None = None) -> dict:
    """The reading view's data: the text and comments marked up, the claims
    those of ``topic`` and ``speaker`` (a person's id) when asked, with what
    the filter may choose from."""
    base = datasette.urls.database(database)
    docs = await fetch_rows(db, "select id, title, author, published, site, url, text, excerpt from documents "
                           "where id = :id", {"id": doc_id})
    if not docs:
        return {}
    doc = docs[0]
    doc["link"] = doc["url"] if export.is_web_address(doc["url"]) else None
    doc["heading"] = heading(doc)
    mentions = await fetch_rows(db, """
        select m.start, m."end", m.comment_id, m.person_id, m.organization_id,
               coalesce(p.name, o.name) as name
        from mentions m left join people p on p.id = m.person_id
        left join organizations o on o.id = m.organization_id
        where m.document_id = :id""", {"id": doc_id})
    every_claim = await fetch_rows(db, """
        select c.start, c."end", c.comment_id, c.topic, t.label as topic_label, c.confidence, c.method,
               c.person_id, p.name as speaker
        from claims c left join people p on p.id = c.person_id left join topics t on t.name = c.topic
        where c.document_id = :id""", {"id": doc_id})
    claims = [c for c in every_claim if topic in (None, "", c["topic"])
              and speaker in (None, "", str(c["person_id"]))]
    comments = await fetch_rows(db, """
        select c.id, c.position, c.kind, c.author_name, c.author_url, c.person_id, c.published, c.text,
               parent.position as parent_position
        from comments c left join comments parent on parent.id = c.parent_id
        where c.document_id = :id order by c.position""", {"id": doc_id})
    place = AT_RE.match(at or "")
    focus_comment = int(place.group(1)) if place and place.group(1) else None
    focus = (int(place.group(2)), int(place.group(3))) if place else None
    by_comment: dict = {}  # comment id (None: the text) → (its mentions, its claims)
    for kind, rows in enumerate((mentions, claims)):
        for row in rows:
            by_comment.setdefault(row["comment_id"], ([], []))[kind].append(row)
    for c in comments:
        ms, cs = by_comment.get(c["id"], ([], []))
        c["html"] = annotate(c["text"], ms, cs, base, focus if focus_comment == c["position"] else None)
    ms, cs = by_comment.get(None, ([], []))
    return {"reading_view": {
        "document": doc, "base": base, "row_path": document_link(base, doc_id),
        "html": annotate(doc["text"], ms, cs, base, focus if place and focus_comment is None else None),
        "comments": comments, "claim_filter": claim_filter(every_claim, topic, speaker),
        "counts": {"mentions": len(mentions), "claims": len(every_claim), "shown": len(claims),
                   "comments": len(comments)}}}


def claim_filter(claims: list[dict], topic: str | None, speaker: str | None) -> dict:
    """What a reader may narrow a document's marked claims to: each topic
    and each speaker with its number of claims, the query string that
    selects it (keeping the other choice), and whether it is selected."""
    def choice(value, label, n, name, other_name, other):
        args = {k: v for k, v in ((name, value), (other_name, other)) if v}
        return {"label": label, "claims": n, "query": "?" + urlencode(args) if args else "?",
                "selected": value == (topic if name == "topic" else speaker)}

    topics = Counter((c["topic"], c["topic_label"] or c["topic"]) for c in claims if c["topic"])
    speakers = Counter((str(c["person_id"]), c["speaker"]) for c in claims if c["person_id"] is not None)
    return {"topic": topic or None, "speaker": speaker or None,
            "topics": [choice(t, label, n, "topic", "speaker", speaker) for (t, label), n in sorted(
                topics.items(), key=lambda x: (-x[1], x[0][1]))],
            "speakers": [choice(p, name, n, "speaker", "topic", topic) for (p, name), n in sorted(
                speakers.items(), key=lambda x: (-x[1], x[0][1]))]}


def _through(table: str, column: str, value: str) -> str:
    """Query string of Datasette's ``_through`` filter: the documents linked
    to a row through a many-to-many table, as a table page to facet and download."""
    return "_through=" + quote(json.dumps({"table": table, "column": column, "value": str(value)}))


#: Per table of entities: the row's own columns shown in its heading, the
#: link table to its documents and the column naming it everywhere.
ENTITY_TABLES = {
    "people": ("select name, aliases, null as kind from people where id = :id", "document_people", "person_id"),
    "organizations": ("select name, aliases, kind from organizations where id = :id", "document_organizations",
                      "organization_id"),
}


async def entity_view(datasette, db, database: str, table: str, row_id: str) -> dict:
    """A person's or organization's page: name, roles or kind, documents,
    affiliations, claims, and every mention in its sentence, each linking to
    the reading view at that place."""
    base = datasette.urls.database(database)
    params = {"id": row_id}
    own, link_table, column = ENTITY_TABLES[table]
    found = await fetch_rows(db, own, params)
    if not found:
        return {}
    entity = found[0]
    entity["aliases"] = [a for a in json.loads(entity["aliases"] or "[]") if a != entity["name"]]
    documents = await fetch_rows(db, f"""
        select d.id, d.title, d.site, d.published, group_concat(x.role, ', ') as roles
        from (select document_id, {"role" if table == "people" else "null as role"} from {link_table}
              where {column} = :id) x
        join documents d on d.id = x.document_id group by d.id order by d.published, d.id""", params)
    claims = await fetch_rows(db, """
        select c.id, c.document_id, c.kind, c.topic, c.text, c.start, c."end", c.confidence,
               k.position as comment
        from claims c left join comments k on k.id = c.comment_id
        where c.person_id = :id order by c.topic, c.document_id, c.comment_id, c.start""", params) \
        if table == "people" else []
    if table == "people":
        affiliations = await fetch_rows(db, """
            select o.id, o.name, a.title, a.document_id, 'organizations' as other from affiliations a
            join organizations o on o.id = a.organization_id where a.person_id = :id""", params)
    else:
        affiliations = await fetch_rows(db, """
            select p.id, p.name, a.title, a.document_id, 'people' as other from affiliations a
            join people p on p.id = a.person_id where a.organization_id = :id""", params)
    mentions = await fetch_rows(db, f"""
        select m.document_id, m.surface, m.sentence, m.sentence_start, m.start, m."end", k.position as comment
        from mentions m left join comments k on k.id = m.comment_id
        where m.{column} = :id order by m.document_id, m.comment_id, m.start""", params)
    for d in documents:
        d["heading"] = heading(d)
    headings = {d["id"]: d["heading"] for d in documents}
    for row in claims + mentions + affiliations:
        row["heading"] = headings.get(row["document_id"]) or row["document_id"]
    for row in claims + mentions:
        row["link"] = place_link(base, row["document_id"], row["start"], row["end"], row["comment"])
    for m in mentions:
        m["left"], m["right"] = _around(m)
    by_topic: dict[str, list[dict]] = {}
    for c in claims:
        by_topic.setdefault(c["topic"], []).append(c)
    return {"entity_view": {"base": base, "table": table, "entity": entity, "documents": documents,
                            "claims": claims, "claims_by_topic": by_topic, "affiliations": affiliations,
                            "mentions": mentions, "id": row_id, "through": _through(link_table, column, row_id)}}


def _around(mention: dict) -> tuple[str, str]:
    """The mention's sentence, left and right of the mention."""
    sentence, at = mention["sentence"] or mention["surface"], mention["sentence_start"]
    if at is None:
        return "", ""
    return sentence[:mention["start"] - at], sentence[mention["end"] - at:]


#: The column of each table whose cell names a place in a text.
PLACED_COLUMNS = {"claims": "text", "claim_clauses": "text", "mentions": "surface"}


