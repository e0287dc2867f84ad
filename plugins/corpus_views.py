"""Datasette plugin of the corpus: safe full-text queries and the reading views.

* ``fts_query(text)`` — an SQL function, also installed as Datasette's
  ``escape_fts`` so that the tables' search boxes use it, that turns what a
  user typed into a safe FTS5 query: every word or phrase quoted (so ``"``,
  ``-``, ``:``, ``(``, ``AND`` and friends are just text), each word
  standing for its other forms in the corpus (``word_forms``), a trailing
  ``*`` kept as a prefix search.
* The page of a document shows its cleaned text with every mention
  highlighted (people and organizations told apart, each linking to its
  row) and every claim marked with its speaker, then the comments. The
  pages of a person and of an organization list the documents, roles and
  claims that involve them. Every piece of source text is HTML-escaped.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import sqlite3
import unicodedata
from collections import Counter
from functools import partial
from itertools import islice, product
from pathlib import Path
from urllib.parse import quote, urlsplit

from datasette import Response, hookimpl
from datasette.utils import tilde_encode
from datasette.utils import tilde_decode
from markupsafe import Markup, escape

#: One unit of what a user types: a quoted phrase (its closing quote may be
#: missing), or a run of characters without spaces, whose words (joined by
#: hyphens, apostrophes, dots) are a phrase too: "e-réputation",
#: "aujourd'hui", "2.0". A trailing "*" asks for a prefix.
UNIT_RE = re.compile(r'"([^"]*)"?|([^\s"]+)')
WORDS_RE = re.compile(r"\w+")
PARAGRAPH_BREAK_RE = re.compile(r"\n{2,}")
#: Bounds on what one typed word or phrase may expand to.
MAX_FORMS = 30
MAX_PHRASES = 20


class Lexicon:
    """The corpus's word forms by lemma (the ``word_forms`` table): which
    forms a search for one form should also find."""

    def __init__(self, rows=()):
        self.lemmas: dict[str, set[str]] = {}
        self.forms: dict[str, Counter] = {}
        for form, lemma, occurrences in rows:
            self.lemmas.setdefault(form, set()).add(lemma)
            self.forms.setdefault(lemma, Counter())[form] += occurrences

    def forms_of(self, word: str) -> list[str]:
        """``word`` first, then the other forms of its lemmas (or of itself
        as a lemma), the most frequent first, at most ``MAX_FORMS`` in all.
        A word the corpus does not have is read through the inflections of
        ``BASE_FORMS`` ("managers" → "manager")."""
        known = word in self.lemmas or word in self.forms
        bases = [word] if known else [word] + [word[:-len(end)] + base for end, base in BASE_FORMS
                                               if word.endswith(end) and len(word) > len(end) + 2]
        counts = Counter()
        for lemma in {lemma for b in bases for lemma in self.lemmas.get(b, set()) | {b}}:
            counts.update(self.forms.get(lemma, {}))
        counts.pop(word, None)
        return [word] + sorted(counts, key=lambda f: (-counts[f], f))[:MAX_FORMS - 1]


NO_LEXICON = Lexicon()

#: French inflection, from the grammar: the endings of plural and feminine
#: forms of nouns and adjectives and what they replace in the masculine
#: singular (folded: no accents). A typed word the corpus lacks is looked up
#: through these ("stagiaires" → "stagiaire", "directrices" → "directeur").
BASE_FORMS = [("eaux", "eau"), ("aux", "al"), ("euses", "eur"), ("euse", "eur"), ("rices", "eur"),
              ("rice", "eur"), ("ives", "if"), ("ive", "if"), ("elles", "el"), ("elle", "el"),
              ("ennes", "en"), ("enne", "en"), ("eres", "er"), ("ere", "er"), ("es", ""), ("s", ""),
              ("x", ""), ("e", "")]


def fts_query(text: str | None, lexicon: Lexicon = NO_LEXICON) -> str:
    """A safe FTS5 query for whatever a user typed.

    Each unit (see ``UNIT_RE``) becomes a quoted phrase, so quotes, hyphens,
    apostrophes, brackets and the words AND, OR, NOT are plain text and no
    input is a syntax error; the units are ANDed. Each word stands for all
    its forms in the corpus (``lexicon``), so "stagiaires" finds and
    highlights "stagiaire" and the reverse (units are joined by an explicit
    AND: FTS5 takes no implicit AND after a bracket). A unit ending in "*" is a
    prefix, as typed. With no word at all the query is ``""``, which
    matches nothing (``MATCH NULL`` would be an error)."""
    parts = []
    for m in UNIT_RE.finditer(text or ""):
        unit = m.group(1) if m.group(1) is not None else m.group(2)
        words = WORDS_RE.findall(fold(unit))
        if not words:
            continue
        if m.group(2) and unit.endswith("*"):
            parts.append(f'"{" ".join(words)}"*')
            continue
        phrases = [" ".join(p) for p in islice(product(*map(lexicon.forms_of, words)), MAX_PHRASES)]
        parts.append(" OR ".join(f'"{p}"' for p in phrases).join("()") if len(phrases) > 1 else f'"{phrases[0]}"')
    return " AND ".join(parts) if parts else '""'


def lexicon_of(conn: sqlite3.Connection) -> Lexicon:
    """The lexicon of the database ``conn`` opens, read once per file
    (every SQL thread prepares its own connection)."""
    path = next((row[2] for row in conn.execute("pragma database_list") if row[1] == "main"), "")
    try:
        st = os.stat(path)
    except OSError:
        return NO_LEXICON  # an in-memory database
    stamp = (path, st.st_mtime_ns, st.st_size)
    if stamp not in LEXICONS:
        try:
            LEXICONS[stamp] = Lexicon(conn.execute("select form, lemma, occurrences from word_forms"))
        except sqlite3.OperationalError:  # not a corpus database
            LEXICONS[stamp] = NO_LEXICON
    return LEXICONS[stamp]


LEXICONS: dict[tuple, Lexicon] = {}


#: The blocks of combining diacritical marks that NFKD splits off Latin,
#: Greek and Cyrillic letters ("é" → "e" + U+0301).
COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
#: The longest string or blob a query may make (SQLite's SQLITE_LIMIT_LENGTH,
#: 1,000,000,000 by default): a bound on the memory and the time of any one
#: value, ``fold`` included, which the SQL time limit cannot interrupt. The
#: longest text of the corpus is far shorter (raw files stop at 10 MB).
MAX_VALUE_LENGTH = 20_000_000


def fold(text: str | None) -> str | None:
    """Lower case without accents, for LIKE comparisons that ignore both.

    The work is done by C-level ``normalize``, ``sub`` and ``lower``: a
    Python loop per character made a query over long texts run past the SQL
    time limit, which only interrupts SQLite between calls."""
    if text is None:
        return None
    return COMBINING_RE.sub("", unicodedata.normalize("NFKD", str(text))).lower()


@hookimpl
def prepare_jinja2_environment(env):
    # A row's id in a path is tilde-encoded, as Datasette writes its own row
    # links: "%"-encoding leaves "." and "~" as they are, and Datasette reads
    # "documents/a.b" as the row "a" in the format "b" (404).
    env.filters["tilde"] = tilde_encode


@hookimpl(trylast=True)
def prepare_connection(conn):
    # Last of the plugins, so that "escape_fts" is ours: Datasette's search
    # boxes call it on what is typed (the escaped search mode).
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_LENGTH)
    search = partial(fts_query, lexicon=lexicon_of(conn))
    conn.create_function("fts_query", 1, search, deterministic=True)
    conn.create_function("escape_fts", 1, search, deterministic=True)
    conn.create_function("fold", 1, fold, deterministic=True)


#: What served pages may load and run: their own files, and inline script
#: only where a template put it (the wrapper below gives each page's
#: ``<script>`` elements a fresh nonce). A ``javascript:`` address or a script
#: smuggled into the data does not run. Styles stay open: Datasette's
#: templates use inline ones, and a style runs no code.
CSP = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
SCRIPT_TAG_RE = re.compile(rb"<script\b", re.IGNORECASE)
#: How many requests that bring their own SQL (``?sql=``, ``_where=``) may
#: run at once. The others wait their turn outside Datasette's SQL threads
#: (``num_sql_threads``, set higher by `make serve`), so that however many
#: slow queries arrive, threads stay free for ordinary pages.
USER_SQL_SLOTS = 2
USER_SQL_RE = re.compile(rb"(?:^|&)(?:sql|_where)=")


@hookimpl
def asgi_wrapper(datasette):
    """Send the Content-Security-Policy with every response and mark the
    ``<script>`` elements of HTML pages with its nonce (only the templates
    can write such an element: every value from the data is escaped); let
    requests with their own SQL run ``USER_SQL_SLOTS`` at a time."""

    def wrap(app):
        user_sql = asyncio.Semaphore(USER_SQL_SLOTS)

        async def bounded(scope, receive, send):
            if scope["type"] == "http" and USER_SQL_RE.search(scope.get("query_string", b"")):
                async with user_sql:
                    return await with_csp(scope, receive, send)
            return await with_csp(scope, receive, send)

        async def with_csp(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            nonce = secrets.token_urlsafe(16)
            policy = (b"content-security-policy", CSP.format(nonce=nonce).encode())
            held: dict = {}  # the start of an HTML response, sent with its rewritten body
            chunks: list[bytes] = []

            async def send_with_csp(message):
                if message["type"] == "http.response.start":
                    headers = [*message.get("headers", []), policy, (b"x-content-type-options", b"nosniff")]
                    message = {**message, "headers": headers}
                    if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                        held.update(message)
                        return
                elif message["type"] == "http.response.body" and held:
                    chunks.append(message.get("body", b""))
                    if message.get("more_body"):
                        return
                    body = SCRIPT_TAG_RE.sub(b'<script nonce="' + nonce.encode() + b'"', b"".join(chunks))
                    headers = [(k, v) for k, v in held["headers"] if k.lower() != b"content-length"]
                    await send({**held, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
                    message = {"type": "http.response.body", "body": body}
                await send(message)

            return await app(scope, receive, send_with_csp)

        return bounded

    return wrap


README = Path(__file__).resolve().parent.parent / "README.md"


async def readme(request):
    """The README, linked as the corpus's "about" page."""
    text = README.read_text(encoding="utf-8") if README.exists() else "README.md is missing."
    return Response.html(f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>README</title></head>"
                         f"<body><p><a href='/'>Back to the corpus</a></p>"
                         f"<pre style='white-space: pre-wrap; max-width: 60em'>{escape(text)}</pre></body></html>")


@hookimpl
def register_routes():
    return [(r"^/-/readme$", readme)]


def annotate(text: str, mentions: list[dict], claims: list[dict], base: str) -> Markup:
    """``text`` as HTML paragraphs, mentions as links, claims marked.

    ``mentions`` have start, end, person_id or organization_id and a name;
    ``claims`` have start, end, topic and speaker (a name or None). Spans are
    character offsets into ``text``. The text is cut at every span boundary
    and paragraph break, and each piece is wrapped on its own, so the HTML is
    well-formed however spans overlap. Everything from ``text`` is escaped.
    """
    breaks = {(m.start(), m.end()) for m in PARAGRAPH_BREAK_RE.finditer(text)}
    points = {0, len(text)}
    for span in mentions + claims:
        points |= {span["start"], span["end"]}
    for a, b in breaks:
        points |= {a, b}
    points = sorted(p for p in points if 0 <= p <= len(text))
    mention_at, claim_at = _cover(points, mentions), _cover(points, claims)
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
            label = f'<span class="speaker">{escape(speaker)}</span>' if a == claim["start"] else ""
            html = (f'<mark class="claim" data-speaker="{escape(speaker)}" '
                    f'title="{escape(claim.get("topic") or "")}">{label}{html}</mark>')
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


def is_web_address(url: str | None) -> bool:
    """Only http and https addresses become links: a ``javascript:`` or
    ``data:`` address from ``sources.csv`` or a saved page's canonical link
    would run script in the reader's browser."""
    return bool(url) and urlsplit(url.strip()).scheme.lower() in ("http", "https")


async def _rows(db, sql: str, params: dict) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, params)).rows]


async def _document_view(datasette, db, database: str, doc_id: str) -> dict:
    base = datasette.urls.database(database)
    docs = await _rows(db, "select id, title, author, published, site, url, text from documents where id = :id",
                       {"id": doc_id})
    if not docs:
        return {}
    doc = docs[0]
    doc["link"] = doc["url"] if is_web_address(doc["url"]) else None
    mentions = await _rows(db, """
        select m.start, m."end", m.comment_id, m.person_id, m.organization_id,
               coalesce(p.name, o.name) as name
        from mentions m left join people p on p.id = m.person_id
        left join organizations o on o.id = m.organization_id
        where m.document_id = :id""", {"id": doc_id})
    claims = await _rows(db, """
        select c.start, c."end", c.comment_id, c.topic, p.name as speaker
        from claims c left join people p on p.id = c.person_id where c.document_id = :id""", {"id": doc_id})
    comments = await _rows(db, """
        select c.id, c.position, c.kind, c.author_name, c.author_url, c.person_id, c.published, c.text,
               parent.position as parent_position
        from comments c left join comments parent on parent.id = c.parent_id
        where c.document_id = :id order by c.position""", {"id": doc_id})
    in_body = lambda rows, cid: [r for r in rows if r["comment_id"] == cid]  # noqa: E731
    for c in comments:
        c["html"] = annotate(c["text"], in_body(mentions, c["id"]), in_body(claims, c["id"]), base)
    return {"reading_view": {
        "document": doc, "base": base,
        "html": annotate(doc["text"], in_body(mentions, None), in_body(claims, None), base),
        "comments": comments,
        "counts": {"mentions": len(mentions), "claims": len(claims), "comments": len(comments)}}}


def _through(table: str, column: str, value: str) -> str:
    """Query string of Datasette's ``_through`` filter: the documents linked
    to a row through a many-to-many table, as a table page to facet and download."""
    return "_through=" + quote(json.dumps({"table": table, "column": column, "value": str(value)}))


async def _entity_view(datasette, db, database: str, table: str, row_id: str) -> dict:
    base = datasette.urls.database(database)
    params = {"id": row_id}
    if table == "people":
        documents = await _rows(db, """
            select d.id, d.title, d.published, group_concat(dp.role, ', ') as roles
            from document_people dp join documents d on d.id = dp.document_id
            where dp.person_id = :id group by d.id order by d.published, d.id""", params)
        claims = await _rows(db, """
            select c.id, c.document_id, c.kind, c.topic, c.text from claims c
            where c.person_id = :id order by c.document_id, c.comment_id, c.start""", params)
        affiliations = await _rows(db, """
            select o.id, o.name, a.title, a.document_id from affiliations a
            join organizations o on o.id = a.organization_id where a.person_id = :id""", params)
        return {"entity_view": {"base": base, "documents": documents, "claims": claims,
                                "affiliations": affiliations, "id": row_id,
                                "through": _through("document_people", "person_id", row_id)}}
    documents = await _rows(db, """
        select d.id, d.title, d.published from document_organizations x join documents d on d.id = x.document_id
        where x.organization_id = :id order by d.published, d.id""", params)
    mentions = await _rows(db, """
        select m.document_id, m.surface, m.sentence from mentions m
        where m.organization_id = :id order by m.document_id, m.start""", params)
    people = await _rows(db, """
        select p.id, p.name, a.title from affiliations a join people p on p.id = a.person_id
        where a.organization_id = :id""", params)
    return {"entity_view": {"base": base, "documents": documents, "mentions": mentions,
                            "affiliations": people, "id": row_id,
                            "through": _through("document_organizations", "organization_id", row_id)}}


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    """The reading view's data, on the row pages of documents, people and
    organizations."""
    if view_name != "row" or table not in ("documents", "people", "organizations") or request is None:
        return {}

    async def inner():
        value = tilde_decode(request.url_vars.get("pks", ""))
        db = datasette.get_database(database)
        if table == "documents":
            return await _document_view(datasette, db, database, value)
        return await _entity_view(datasette, db, database, table, value)

    return inner
