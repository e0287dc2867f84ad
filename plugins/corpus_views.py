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
import atexit
import csv
import io
import json
import os
import re
import secrets
import sqlite3
import sys
from collections import Counter, OrderedDict
from contextlib import closing
from datetime import datetime, timezone
from functools import cache, partial
from importlib.metadata import PackageNotFoundError, version
from itertools import islice, product
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode

from datasette import Response, hookimpl
from datasette.utils import tilde_encode
from datasette.utils import tilde_decode
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from ingest import collocation, export, processes
from ingest.ids import document_label
from ingest.fold import fold as fold_text

#: One unit of what a user types: a quoted phrase (its closing quote may be
#: missing), or a run of characters without spaces, whose words (joined by
#: hyphens, apostrophes, dots) are a phrase too: "e-réputation",
#: "aujourd'hui", "2.0". A trailing "*" asks for a prefix.
UNIT_RE = re.compile(r'"([^"]*)"?|([^\s"]+)')
WORDS_RE = re.compile(r"\w+")
PARAGRAPH_BREAK_RE = re.compile(r"\n{2,}")
#: The full-text operators a search takes as typed, in capitals, between two units.
OPERATORS = ("OR", "NOT")
#: Bounds on what one typed word or phrase may expand to.
MAX_FORMS = 30
MAX_PHRASES = 20


class Lexicon:
    """The corpus's word forms by lemma (the ``word_forms`` table): which
    forms a search for one form should also find."""

    def __init__(self, rows=()):
        self.lemmas: dict[str, set[str]] = {}
        self.forms: dict[str, Counter] = {}
        self.counts: Counter = Counter()  # occurrences of each form: the collocates' corpus frequencies
        for form, lemma, occurrences in rows:
            self.lemmas.setdefault(form, set()).add(lemma)
            self.forms.setdefault(lemma, Counter())[form] += occurrences
            self.counts[form] += occurrences
        self.total = sum(self.counts.values())

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
    apostrophes and brackets are plain text and no input is a syntax error;
    the units are ANDed, except that OR and NOT typed in capitals between
    two of them join them so ("twitter OR facebook", "réseaux NOT facebook";
    anywhere else, and in lower case, they are words). Each word stands for all
    its forms in the corpus (``lexicon``), so "stagiaires" finds and
    highlights "stagiaire" and the reverse (units are joined by an explicit
    AND: FTS5 takes no implicit AND after a bracket). A unit ending in "*" is a
    prefix, as typed. With no word at all the query is ``""``, which
    matches nothing (``MATCH NULL`` would be an error)."""
    parts, joins, pending = [], [], None
    units = list(UNIT_RE.finditer(text or ""))
    for k, m in enumerate(units):
        unit = m.group(1) if m.group(1) is not None else m.group(2)
        if m.group(2) in OPERATORS and parts and k + 1 < len(units):
            pending = m.group(2)  # between two units: an operator, not a word
            continue
        words = WORDS_RE.findall(fold(unit))
        if not words:
            continue
        if parts:
            joins.append(pending or "AND")
        pending = None
        if m.group(2) and unit.endswith("*"):
            parts.append(f'"{" ".join(words)}"*')
            continue
        phrases = [" ".join(p) for p in islice(product(*map(lexicon.forms_of, words)), MAX_PHRASES)]
        parts.append(" OR ".join(f'"{p}"' for p in phrases).join("()") if len(phrases) > 1 else f'"{phrases[0]}"')
    if not parts:
        return '""'
    return parts[0] + "".join(f" {join} {part}" for join, part in zip(joins, parts[1:]))


def file_stamp(path: str | None) -> tuple | None:
    """(path, mtime, size) of a database file: what a value read from it
    once is kept under, so that a rebuilt file is read again; None when
    there is no such file."""
    try:
        st = os.stat(path)
    except (OSError, TypeError):
        return None
    return path, st.st_mtime_ns, st.st_size


def database_stamp(conn: sqlite3.Connection) -> tuple | None:
    """``file_stamp`` of the database file ``conn`` opens; None in memory."""
    return file_stamp(next((row[2] for row in conn.execute("pragma database_list") if row[1] == "main"), ""))


def lexicon_of(conn: sqlite3.Connection) -> Lexicon:
    """The lexicon of the database ``conn`` opens, read once per file
    (every SQL thread prepares its own connection)."""
    stamp = database_stamp(conn)
    if stamp is None:
        return NO_LEXICON  # an in-memory database
    if stamp not in LEXICONS:
        try:
            LEXICONS[stamp] = Lexicon(conn.execute("select form, lemma, occurrences from word_forms"))
        except sqlite3.OperationalError:  # not a corpus database
            LEXICONS[stamp] = NO_LEXICON
    return LEXICONS[stamp]


LEXICONS: dict[tuple, Lexicon] = {}


#: The longest string or blob a query may make (SQLite's SQLITE_LIMIT_LENGTH,
#: 1,000,000,000 by default): a bound on the memory and the time of any one
#: value, ``fold`` included, which the SQL time limit cannot interrupt. The
#: longest text of the corpus is far shorter (raw files stop at 10 MB).
MAX_VALUE_LENGTH = 20_000_000


def fold(text: str | None) -> str | None:
    """``ingest.fold.fold`` as an SQL function: lower case without accents,
    for LIKE comparisons that ignore both; NULL stays NULL."""
    return None if text is None else fold_text(str(text))


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
USER_SQL_SLOTS = 1
#: Parameters that bring their own SQL, read after percent-decoding: "%73ql"
#: is "sql"; and the prefix of a table's full-text search (``_search``,
#: ``_search_COLUMN``), bounded in length.
USER_SQL_PARAMS = ("sql", "_where")
SEARCH_PREFIX = "_search"
#: Pages whose work grows with what is asked, bounded like user-written SQL.
HEAVY_PATHS = ("/-/concordance", "/-/collocates")
#: The longest search a table's box takes (a 10,000-word query held an SQL
#: thread for seconds); a longer one is refused with its reason.
MAX_SEARCH_CHARS = 500


def _params(scope) -> list[tuple[str, str]]:
    return parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def is_heavy(scope) -> bool:
    """A request that brings its own SQL, or asks for work that grows with
    it. A table's search is not: bounded in length (``too_long_search``) it
    is as quick as an ordinary page, and sent with user SQL it would wait
    behind slow queries."""
    if scope["type"] != "http":
        return False
    return scope.get("path") in HEAVY_PATHS or any(name in USER_SQL_PARAMS for name, _ in _params(scope))


def too_long_search(scope) -> str | None:
    """Why a request's search is refused (it is over ``MAX_SEARCH_CHARS``), or None."""
    for name, value in _params(scope) if scope["type"] == "http" else []:
        if name.startswith(SEARCH_PREFIX) and len(value) > MAX_SEARCH_CHARS:
            return f"a search of at most {MAX_SEARCH_CHARS} characters is taken; this one has {len(value)}"
    return None


#: How long a heavy request waits for the side server to start.
STARTUP_SECONDS = 30


class SideServer:
    """A second Datasette process, serving the same database with the same
    plugins and settings on a Unix socket, that answers the heavy requests.

    A query that calls a Python SQL function (``fold``) on every row holds
    Python's GIL at every call, and every other thread of the process waits
    for it: with one such query running, ordinary pages took seconds (the
    load test of `make bench`; a slow query without a Python function did
    not slow them). In another process it cannot: `datasette serve` starts
    this one (``startup``) and forwards the heavy requests to it, which runs
    them ``USER_SQL_SLOTS`` at a time under the same time limit. Until it
    answers, or if it dies, the heavy requests are served here as before.
    """

    #: Set in the side server's environment: it starts no server of its own.
    ENV = "CORPUS_SIDE_SERVER"
    #: Options of `datasette serve` the side server must not repeat (with
    #: how many values they take): the address, and what is not serving.
    DROPPED = {"-h": 1, "--host": 1, "-p": 1, "--port": 1, "--uds": 1, "--reload": 0, "-o": 0, "--open": 0,
               "--root": 0, "--get": 1, "--token": 1, "--actor": 1, "--ssl-keyfile": 1, "--ssl-certfile": 1}

    def __init__(self):
        self.socket: str | None = None
        self.process = None
        self.client = None

    @classmethod
    def command(cls, argv: list[str], socket_path: str) -> list[str] | None:
        """The side server's command line, from the main one's; None when the
        main one is not `datasette serve` (a test, `--get`, a side server)."""
        if os.environ.get(cls.ENV) or len(argv) < 2 or argv[1] != "serve" or "--get" in argv \
                or not Path(argv[0]).name.startswith("datasette"):
            return None
        args, skip = [], 0
        for a in argv[2:]:
            if skip:
                skip -= 1
            elif a.split("=", 1)[0] in cls.DROPPED:
                skip = 0 if "=" in a else cls.DROPPED[a]
            else:
                args.append(a)
        return [sys.executable, "-m", "datasette", "serve", *args, "--uds", socket_path]

    def start(self, argv: list[str]) -> None:
        import subprocess
        import tempfile
        directory = tempfile.mkdtemp(prefix="corpus-side-")
        command = self.command(argv, os.path.join(directory, "datasette.sock"))
        if command is None:
            return
        self.socket = command[-1]
        self.process = subprocess.Popen(command, env={**os.environ, self.ENV: "1"},
                                        preexec_fn=processes.die_with_parent,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        atexit.register(self.process.terminate)

    def ready(self) -> bool:
        return bool(self.socket) and self.process.poll() is None and os.path.exists(self.socket)

    async def wait(self, seconds: float = STARTUP_SECONDS) -> bool:
        """Whether the side server answers, waiting for it while it starts:
        a heavy request served here while it starts would hold the GIL of
        this process as long as any other."""
        deadline = asyncio.get_running_loop().time() + seconds
        while self.socket and self.process.poll() is None and not self.ready():
            if asyncio.get_running_loop().time() > deadline:
                return False
            await asyncio.sleep(0.1)
        return self.ready()

    async def forward(self, scope, receive, send) -> bool:
        """Send the request to the side server and its answer back, marked
        ``x-served-by: side-server``; False (nothing sent) when it cannot be
        reached. Only reads go there (GET, HEAD): they carry no body."""
        import httpx
        if scope["method"] not in ("GET", "HEAD"):
            return False
        if self.client is None:
            self.client = httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(uds=self.socket),
                                            base_url="http://side", timeout=120)
        url = scope.get("raw_path", scope["path"].encode()).decode("latin-1")
        if scope.get("query_string"):
            url += "?" + scope["query_string"].decode("latin-1")
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in (b"host", b"connection")]
        started = False
        try:
            async with self.client.stream(scope["method"], url, headers=headers) as r:
                kept = [(k.lower(), v) for k, v in r.headers.raw if k.lower() not in (b"connection", b"transfer-encoding")]
                await send({"type": "http.response.start", "status": r.status_code,
                            "headers": [*kept, (b"x-served-by", b"side-server")]})
                started = True
                async for chunk in r.aiter_raw():
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b""})
                return True
        except httpx.TransportError:
            if started:
                raise  # half an answer is sent: it cannot be served again here
            return False


SIDE = SideServer()


@hookimpl
def startup(datasette):
    SIDE.start(sys.argv)


@hookimpl
def asgi_wrapper(datasette):
    """Send the Content-Security-Policy with every response and mark the
    ``<script>`` elements of HTML pages with its nonce (only the templates
    can write such an element: every value from the data is escaped); let
    requests with their own SQL run ``USER_SQL_SLOTS`` at a time."""

    def wrap(app):
        user_sql = asyncio.Semaphore(USER_SQL_SLOTS)

        async def bounded(scope, receive, send):
            refused = too_long_search(scope)
            if refused:
                return await Response.text(refused, status=400).asgi_send(send)
            if is_heavy(scope):
                if await SIDE.wait() and await SIDE.forward(scope, receive, send):
                    return
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


def corpus_database(datasette):
    """The corpus: `make serve` always names it "corpus"; else the first database."""
    return datasette.databases.get("corpus") or datasette.get_database()


def served_path(datasette) -> str | None:
    """The file of the corpus being served, or None (an in-memory one, or none)."""
    try:
        return corpus_database(datasette).path
    except KeyError:
        return None


async def readme(request, datasette):
    """The README, rendered, as the corpus's "about" page."""
    text = README.read_text(encoding="utf-8") if README.exists() else "README.md is missing."
    facts = release_facts(served_path(datasette))
    if facts:  # the release this page describes, first
        text = (f"**This corpus**: version {facts['version']}, built {facts['built']}"
                + (f" by the toolkit at commit `{facts['toolkit_commit']}`" if facts.get("toolkit_commit") else "")
                + f", {facts['documents']} documents (raw texts `sha256:{facts['raw_sha256'][:16]}…`)."
                + f"\n\n**How to cite**: {facts['how_to_cite']}\n\n**Licences**: annotations: "
                + f"{facts['licence_annotations']} Texts: {facts['licence_texts']}\n\n"
                + "**How far to trust each column**: [annotation_quality](/corpus/annotation_quality)"
                + " gives each figure on texts nobody read.\n\n---\n\n" + text)
    # Raw HTML in the Markdown stays text (html=False): the page runs no script.
    html = Markup(MarkdownIt("commonmark", {"html": False}).enable("table").render(text))
    return Response.html(await datasette.render_template("corpus_page.html", {
        "page_title": "About the corpus", "body": html}, request=request))


async def codebook(request, datasette):
    """The coding scheme of claims.topic: each topic, its definition, cues and examples."""
    db = corpus_database(datasette)
    topics = await _rows(db, "select name, label, definition, cues, examples, corpus_examples from topics order by name", {})
    for t in topics:
        t["cues"] = json.loads(t["cues"] or "{}")
        t["examples"] = json.loads(t["examples"] or "[]")
        t["corpus_examples"] = json.loads(t["corpus_examples"] or "[]")
    counts = {r["topic"]: r["n"] for r in await _rows(db, "select topic, count(*) as n from claims group by topic", {})}
    return Response.html(await datasette.render_template("codebook.html", {
        "topics": topics, "counts": counts, "base": datasette.urls.database(db.name)}, request=request))


#: Per-document downloads of the annotations (ingest/export.py), as output
#: renderers of a document's row page: /corpus/documents/ID.tei and so on.
EXPORTS = {
    "jsonld": ("application/ld+json; charset=utf-8",
               lambda ann, base: json.dumps(export.web_annotations(ann, base), ensure_ascii=False, indent=1)),
    "tei": ("application/tei+xml; charset=utf-8", lambda ann, base: export.tei(ann)),
    "ann": ("text/plain; charset=utf-8", lambda ann, base: export.brat(ann)[1]),
    "txt": ("text/plain; charset=utf-8", lambda ann, base: export.brat(ann)[0]),
}


async def render_export(extension: str, datasette, rows, request, database):
    """A document's annotations in one exchange format: W3C Web Annotation
    (``.jsonld``), TEI (``.tei``), or brat standoff (``.ann`` for the
    annotations of the ``.txt``)."""
    if not rows:
        return None
    content_type, render = EXPORTS[extension]
    db = datasette.get_database(database)
    ann = await db.execute_fn(lambda conn: export.load(conn, rows[0]["id"]))
    if ann is None:
        return None
    base = datasette.absolute_url(request, datasette.urls.database(database))
    return Response(render(ann, base), content_type=content_type,
                    headers={"Content-Disposition": f"inline; filename*=UTF-8''{quote(ann.document['id'])}.{extension}"})


def _renders_documents(view_name, table) -> bool:
    return view_name == "row" and table == "documents"


@hookimpl
def register_output_renderer(datasette):
    return [{"extension": ext, "render": partial(render_export, ext), "can_render": _renders_documents}
            for ext in EXPORTS]


@hookimpl
def register_routes():
    return [(r"^/-/readme$", readme), (r"^/-/codebook$", codebook), (r"^/-/concordance$", concordance),
            (r"^/-/collocates$", collocates)]


# --- the concordance (keyword in context) ------------------------------------

#: Characters of context on each side of an occurrence, and the bounds of
#: the window a reader may ask for (``window``).
CONTEXT_CHARS = 70
MIN_WINDOW, MAX_WINDOW = 20, 400
#: Bounds on one concordance: texts read, lines kept.
MAX_TEXTS = 2000
MAX_LINES = 5000
#: Lines a concordance's page shows; its counts, facets, CSV and JSON take them all.
PAGE_LINES = 500
#: Accented letters each base letter of a folded form stands for, so that the
#: texts are searched as written (their offsets stay those of the database).
ACCENTED = {"a": "aàâä", "c": "cç", "e": "eéèêë", "i": "iîï", "o": "oôö", "u": "uùûü", "y": "yÿ"}
FACETS = ("year", "genre", "site", "speaker", "topic")


def occurrence_regex(q: str, lexicon: Lexicon, exact: bool = False) -> re.Pattern | None:
    """What a concordance of ``q`` looks for in the texts: its words in a
    row (any punctuation or space between), case aside; ``exact``, each as
    typed, accents included ("a" is not "à", "ou" not "où"); else each in
    any of its forms in the corpus, accents aside. A trailing "*" makes the
    last word a prefix."""
    words = WORDS_RE.findall(q.lower() if exact else fold(q))
    if not words:
        return None
    prefix = q.strip().endswith("*")

    def pattern(form: str) -> str:
        if exact:
            return re.escape(form)
        return "".join(f"[{ACCENTED[c]}]" if c in ACCENTED else re.escape(c) for c in form)

    parts = []
    for i, word in enumerate(words):
        forms = [word] if exact or (prefix and i == len(words) - 1) else lexicon.forms_of(word)
        parts.append("(?:" + "|".join(pattern(f) for f in sorted(forms, key=len, reverse=True)) + ")")
    return re.compile(r"(?<!\w)" + r"\W+".join(parts) + (r"\w*" if prefix else "") + r"(?!\w)", re.IGNORECASE)


#: How many concordances and collocates tables are kept computed, per
#: database file: a reader pages, sorts, filters, downloads and asks for
#: the collocates of the same query, each a request of its own.
KEPT_RESULTS = 32
KEPT: OrderedDict = OrderedDict()


def kept(conn: sqlite3.Connection, compute, *args):
    """``compute(conn, *args)``, kept for the database file's present state
    (the ``KEPT_RESULTS`` last asked): a rebuilt file is read again. The
    result is shared: callers copy what they change."""
    stamp = database_stamp(conn)
    if stamp is None:
        return compute(conn, *args)
    key = (stamp, compute.__name__, *args)
    if key in KEPT:
        KEPT.move_to_end(key)
    else:
        KEPT[key] = compute(conn, *args)
        while len(KEPT) > KEPT_RESULTS:
            KEPT.popitem(last=False)
    return KEPT[key]


def kwic_lines(conn: sqlite3.Connection, q: str, exact: bool = False,
               window: int = CONTEXT_CHARS) -> tuple[list[dict], bool]:
    """``_kwic_lines``, ``kept``."""
    return kept(conn, _kwic_lines, q, exact, window)


def _kwic_lines(conn: sqlite3.Connection, q: str, exact: bool = False,
                window: int = CONTEXT_CHARS) -> tuple[list[dict], bool]:
    """Every occurrence of ``q`` in the documents and comments, with
    ``window`` characters of context each side, its document, date, genre,
    site and (inside a claim) speaker and topic; and whether the bounds cut
    the list short. Runs in a SQL thread."""
    lexicon = NO_LEXICON if exact else lexicon_of(conn)
    regex = occurrence_regex(q, lexicon, exact)
    if regex is None:
        return [], False
    query = fts_query(q, lexicon)  # a superset of the occurrences: the regex decides
    texts = conn.execute("""
        select d.id, null as comment, d.text, d.published, d.year, d.genre, d.site from documents_fts f
          join documents d on d.rowid = f.rowid where documents_fts match :q
        union all
        select d.id, c.position, c.text, d.published, d.year, d.genre, d.site from comments_fts f
          join comments c on c.id = f.rowid join documents d on d.id = c.document_id where comments_fts match :q
        order by 4, 1, 2 limit :n""", {"q": query, "n": MAX_TEXTS + 1}).fetchall()
    cut = len(texts) > MAX_TEXTS
    lines = []
    for doc_id, comment, text, published, year, genre, site in texts[:MAX_TEXTS]:
        found = list(regex.finditer(text))
        if not found:
            continue
        claims = conn.execute("""
            select c.start, c."end", p.name, c.topic from claims c left join people p on p.id = c.person_id
            left join comments k on k.id = c.comment_id
            where c.document_id = :d and coalesce(k.position, -1) = coalesce(:c, -1) order by c.start""",
                              {"d": doc_id, "c": comment}).fetchall()
        for m in found:
            speaker, topic = next(((name, t) for s, e, name, t in claims if s <= m.start() < e), (None, None))
            left = " ".join(text[max(0, m.start() - window):m.start()].split())
            right = " ".join(text[m.end():m.end() + window].split())
            lines.append({"document_id": doc_id, "comment": comment, "published": published, "year": year,
                          "genre": genre, "site": site, "speaker": speaker, "topic": topic, "left": left,
                          "match": m.group(), "right": right, "start": m.start(), "end": m.end()})
            if len(lines) >= MAX_LINES:
                return lines, True
    return lines, cut


#: The sorts a concordance offers: the 1st to 3rd word left (L1–L3) or right
#: (R1–R3) of the match, as AntConc and TXM sort; "left" and "right" are L1 and R1.
SORTS = {"L1": ("left", 1), "L2": ("left", 2), "L3": ("left", 3),
         "R1": ("right", 1), "R2": ("right", 2), "R3": ("right", 3), "left": ("left", 1), "right": ("right", 1)}


def _sort_key(how: str):
    """The key that sorts lines by their ``how`` word (``SORTS``), then by the
    words after it outward, then by date; None for the document order."""
    if how not in SORTS:
        return None
    side, nth = SORTS[how]

    def key(line):
        words = WORDS_RE.findall(fold(line[side]))
        outward = words[::-1][nth - 1:] if side == "left" else words[nth - 1:]
        return outward[:3], line["published"] or "", line["document_id"]
    return key


def csv_download(rows: list[dict], columns: list[str], filename: str) -> Response:
    """``rows`` as a CSV file of ``columns`` to download."""
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return Response(out.getvalue(), content_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{filename}"'})


#: The columns of a concordance's CSV and JSON, in order.
KWIC_COLUMNS = ["document_id", "comment", "published", "year", "genre", "site", "speaker", "topic", "left",
                "match", "right", "start", "end", "link"]


def _bounded(value: str | None, low: int, high: int, default: int) -> int:
    """A number a reader asked for, within the bounds; ``default`` when none is given."""
    try:
        return min(high, max(low, int(value)))
    except (TypeError, ValueError):
        return default


def _window(value: str | None) -> int:
    """The context a reader asked for, in characters, within the bounds."""
    return _bounded(value, MIN_WINDOW, MAX_WINDOW, CONTEXT_CHARS)


def _words_per_year(conn: sqlite3.Connection) -> dict:
    """The words of the documents' texts (``word_count``) per year, None for the undated."""
    return dict(conn.execute("select year, sum(word_count) from documents group by year").fetchall())


def year_table(lines: list[dict], words: dict) -> list[dict]:
    """Occurrences per year in the documents' texts, per 10,000 of their
    words, with the undated texts apart (``collocation.per_year``). Comments
    are left out: they are counted in no year's words."""
    return collocation.per_year(Counter(line["year"] for line in lines if line["comment"] is None), words)


async def concordance(request, datasette):
    """Keyword in context: every occurrence of a word or phrase as typed
    (accents included), or with ``lemma=1`` of any form of its words, its
    left and right context aligned (``window`` characters), with the forms
    it matched, facets, sorting, CSV and JSON (absolute links)."""
    db = corpus_database(datasette)
    base = datasette.urls.database(db.name)
    q = request.args.get("q", "")
    exact = request.args.get("lemma") != "1"
    window = _window(request.args.get("window"))
    lines, cut = await db.execute_fn(lambda conn: kwic_lines(conn, q, exact, window)) if q.strip() else ([], False)
    words = await db.execute_fn(_words_per_year) if lines else {}
    chosen = {f: request.args.get(f) for f in FACETS if request.args.get(f)}
    lines = [dict(line) for line in lines if all(str(line[f]) == v for f, v in chosen.items())]
    key = _sort_key(request.args.get("sort", ""))
    if key:
        lines.sort(key=key)
    origin = f"{request.scheme}://{request.host}"
    for line in lines:
        line["link"] = origin + place_link(base, line["document_id"], line["start"], line["end"], line["comment"])
    fmt = request.args.get("_format")
    if fmt == "json":
        return Response.json({"q": q, "exact": exact, "window": window, "truncated": cut,
                              "rows": [{c: line[c] for c in KWIC_COLUMNS} for line in lines]})
    if fmt == "csv":
        return csv_download(lines, KWIC_COLUMNS, "concordance.csv")
    # The undated lines are a bucket of the year facet ("None", shown as "undated"), not left out.
    facets = {f: Counter(str(line[f]) for line in lines if line[f] is not None or f == "year").most_common(30)
              for f in FACETS}
    forms = Counter(line["match"].lower() for line in lines).most_common()
    args = {k: request.args.get(k) for k in request.args.keys()}
    return Response.html(await datasette.render_template("concordance.html", {
        "q": q, "exact": exact, "window": window, "lines": lines[:PAGE_LINES], "count": len(lines), "cut": cut,
        "facets": facets, "forms": forms, "page_lines": PAGE_LINES,
        "chosen": chosen, "sort": request.args.get("sort", ""), "sorts": [k for k in SORTS if k[1:].isdigit()],
        "base": base, "years": year_table(lines, words) if lines else [],
        "with_arg": lambda name, value: "?" + urlencode({**args, name: value}),
        "without_arg": lambda name: "?" + urlencode({k: v for k, v in args.items() if k != name}),
        "max_lines": MAX_LINES}, request=request))


#: The span of a collocate, in words each side: 5 by default, as AntConc and TXM.
DEFAULT_SPAN, MAX_SPAN = 5, 10
#: Characters of context read per word of span: enough for the span's words.
CHARS_PER_WORD = 20
#: The orders a collocates table offers: log-likelihood, mutual information, frequency.
COLLOCATE_SORTS = {"ll": "ll", "mi": "mi", "freq": "observed"}
COLLOCATE_COLUMNS = ["collocate", "observed", "left", "right", "corpus", "expected", "mi", "ll", "concordance"]


@cache
def function_words() -> frozenset:
    """French function words (spaCy's list), folded: left out of a
    collocates table unless asked for, as they stand near every word."""
    from spacy.lang.fr.stop_words import STOP_WORDS
    return frozenset(fold(w) for w in STOP_WORDS)


def collocate_table(conn: sqlite3.Connection, q: str, exact: bool, span: int, min_count: int,
                    with_function_words: bool = False) -> tuple[list[dict], int, bool]:
    """``_collocate_table``, ``kept``."""
    return kept(conn, _collocate_table, q, exact, span, min_count, with_function_words)


def _collocate_table(conn: sqlite3.Connection, q: str, exact: bool, span: int, min_count: int,
                     with_function_words: bool = False) -> tuple[list[dict], int, bool]:
    """The collocates of ``q`` within ``span`` words (``collocation.collocates``
    over the concordance's lines), how many occurrences they come from, and
    whether those were cut short. Runs in a SQL thread."""
    lines, cut = kwic_lines(conn, q, exact, span * CHARS_PER_WORD)
    lexicon = lexicon_of(conn)
    contexts = [collocation.window_words(WORDS_RE.findall(fold(line["left"])), WORDS_RE.findall(fold(line["right"])),
                                         span) for line in lines]
    node = {w for line in lines for w in WORDS_RE.findall(fold(line["match"]))}
    rows = collocation.collocates(contexts, lexicon.counts, lexicon.total, node, min_count)
    if not with_function_words:
        rows = [r for r in rows if r["collocate"] not in function_words()]
    return rows, len(lines), cut


async def collocates(request, datasette):
    """The words found within ``span`` words of a word or phrase more often
    than chance would have them, with their log-likelihood and mutual
    information; each links to its own concordance. CSV and JSON too."""
    db = corpus_database(datasette)
    q = request.args.get("q", "")
    exact = request.args.get("lemma") != "1"
    span = _bounded(request.args.get("span"), 1, MAX_SPAN, DEFAULT_SPAN)
    min_count = _bounded(request.args.get("min"), 1, 1000, 3)
    order = COLLOCATE_SORTS.get(request.args.get("sort", ""), "ll")
    everything = request.args.get("function_words") == "1"
    rows, occurrences, cut = await db.execute_fn(
        lambda conn: collocate_table(conn, q, exact, span, min_count, everything)) if q.strip() else ([], 0, False)
    rows = sorted((dict(r) for r in rows), key=lambda r: (-r[order], r["collocate"]))
    origin = f"{request.scheme}://{request.host}"
    for r in rows:
        r["concordance"] = origin + "/-/concordance?" + urlencode({"q": r["collocate"], "window": 120})
    fmt = request.args.get("_format")
    if fmt == "json":
        return Response.json({"q": q, "exact": exact, "span": span, "min": min_count, "occurrences": occurrences,
                              "truncated": cut, "rows": rows})
    if fmt == "csv":
        return csv_download(rows, COLLOCATE_COLUMNS, "collocates.csv")
    args = {k: request.args.get(k) for k in request.args.keys()}
    return Response.html(await datasette.render_template("collocates.html", {
        "q": q, "exact": exact, "span": span, "min_count": min_count, "rows": rows, "occurrences": occurrences,
        "everything": everything,
        "cut": cut, "order": order, "max_span": MAX_SPAN,
        "with_arg": lambda name, value: "?" + urlencode({**args, name: value})}, request=request))


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


async def _rows(db, sql: str, params: dict) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, params)).rows]


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


async def _document_view(datasette, db, database: str, doc_id: str, at: str | None) -> dict:
    base = datasette.urls.database(database)
    docs = await _rows(db, "select id, title, author, published, site, url, text, excerpt from documents "
                           "where id = :id", {"id": doc_id})
    if not docs:
        return {}
    doc = docs[0]
    doc["link"] = doc["url"] if export.is_web_address(doc["url"]) else None
    doc["heading"] = heading(doc)
    mentions = await _rows(db, """
        select m.start, m."end", m.comment_id, m.person_id, m.organization_id,
               coalesce(p.name, o.name) as name
        from mentions m left join people p on p.id = m.person_id
        left join organizations o on o.id = m.organization_id
        where m.document_id = :id""", {"id": doc_id})
    claims = await _rows(db, """
        select c.start, c."end", c.comment_id, c.topic, c.confidence, c.method, p.name as speaker
        from claims c left join people p on p.id = c.person_id where c.document_id = :id""", {"id": doc_id})
    comments = await _rows(db, """
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
        "comments": comments,
        "counts": {"mentions": len(mentions), "claims": len(claims), "comments": len(comments)}}}


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


async def _entity_view(datasette, db, database: str, table: str, row_id: str) -> dict:
    """A person's or organization's page: name, roles or kind, documents,
    affiliations, claims, and every mention in its sentence, each linking to
    the reading view at that place."""
    base = datasette.urls.database(database)
    params = {"id": row_id}
    own, link_table, column = ENTITY_TABLES[table]
    found = await _rows(db, own, params)
    if not found:
        return {}
    entity = found[0]
    entity["aliases"] = [a for a in json.loads(entity["aliases"] or "[]") if a != entity["name"]]
    documents = await _rows(db, f"""
        select d.id, d.title, d.site, d.published, group_concat(x.role, ', ') as roles
        from (select document_id, {"role" if table == "people" else "null as role"} from {link_table}
              where {column} = :id) x
        join documents d on d.id = x.document_id group by d.id order by d.published, d.id""", params)
    claims = await _rows(db, """
        select c.id, c.document_id, c.kind, c.topic, c.text, c.start, c."end", c.confidence,
               k.position as comment
        from claims c left join comments k on k.id = c.comment_id
        where c.person_id = :id order by c.topic, c.document_id, c.comment_id, c.start""", params) \
        if table == "people" else []
    if table == "people":
        affiliations = await _rows(db, """
            select o.id, o.name, a.title, a.document_id, 'organizations' as other from affiliations a
            join organizations o on o.id = a.organization_id where a.person_id = :id""", params)
    else:
        affiliations = await _rows(db, """
            select p.id, p.name, a.title, a.document_id, 'people' as other from affiliations a
            join people p on p.id = a.person_id where a.organization_id = :id""", params)
    mentions = await _rows(db, f"""
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


def _plain(value):
    """A cell's value, without the label Datasette adds to a foreign key."""
    return value.get("value") if isinstance(value, dict) else value


def _cell(row, name: str):
    """A row's value in column ``name``, None when the row has no such
    column (a query's row is an sqlite3.Row, a table's Datasette's own)."""
    try:
        return _plain(row[name])
    except (KeyError, IndexError):
        return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """From a row to its place in the text: the statement of a claim, the
    surface of a mention (on table and row pages, and in any query that
    selects ``document_id``, ``start`` and ``end`` with it) links to the
    reading view, marked and scrolled to. Datasette calls this for every
    cell of every page: the common case returns at once (on the 849-row
    search page of the bench corpus the hook costs about 20 ms; bench/)."""
    if column not in LINKED_COLUMNS or not isinstance(value, str):
        return None
    if table == "documents" and column == "text":
        return _text_snippet(row, value, datasette.urls.database(database))
    if table is not None and PLACED_COLUMNS.get(table) != column:
        return None
    document, start, end = _cell(row, "document_id"), _cell(row, "start"), _cell(row, "end")
    if not (isinstance(document, str) and isinstance(start, int) and isinstance(end, int)):
        return None
    base = datasette.urls.database(database)
    href = document_link(base, document) if _cell(row, "comment_id") is not None \
        else place_link(base, document, start, end)
    return Markup(f'<a class="place" href="{escape(href)}">{escape(value)}</a>')


#: The columns ``render_cell`` may link.
LINKED_COLUMNS = frozenset({"text", "surface"})
#: How much of a document's text a listing shows: one row, one glance.
SNIPPET_CHARS = 280


def _text_snippet(row, text: str, base: str) -> Markup:
    """A document's text in a listing: its opening, cut at a word, linked
    to the reading view of the whole (the CSV and JSON keep all of it)."""
    opening = " ".join(text[:SNIPPET_CHARS + 40].split())
    if len(opening) > SNIPPET_CHARS:
        opening = opening[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    document = _cell(row, "id")
    if not isinstance(document, str):
        return Markup(escape(opening))
    href = document_link(base, document)
    return Markup(f'{escape(opening)} <a class="place" href="{escape(href)}">read</a>')


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    """On every page, the corpus's version and build date (the footer); on
    the row pages of documents, people and organizations, the reading view's
    data."""
    every_page = corpus_edition(datasette)
    if template.startswith("query-") and database:
        async def with_topics():
            topics = await _rows(datasette.get_database(database), "select name, label from topics order by label", {})
            return {**every_page, "corpus_topics": topics}
        return with_topics
    if view_name != "row" or table not in ("documents", "people", "organizations") or request is None:
        return every_page

    async def inner():
        value = tilde_decode(request.url_vars.get("pks", ""))
        db = datasette.get_database(database)
        if table == "documents":
            return {**every_page, **await _document_view(datasette, db, database, value, request.args.get("at"))}
        return {**every_page, **await _entity_view(datasette, db, database, table, value)}

    return inner


#: The corpus_info row of each served file, by (path, mtime, size).
RELEASES: dict[tuple, dict] = {}


def release_facts(path: str | None) -> dict:
    """The ``corpus_info`` row of the database at ``path`` (read once per
    file; empty for a database that has none)."""
    stamp = file_stamp(path)
    if stamp is None:
        return {}
    if stamp not in RELEASES:
        try:
            with closing(sqlite3.connect(f"file:{quote(path)}?mode=ro&immutable=1", uri=True)) as conn:
                conn.row_factory = sqlite3.Row
                row = conn.execute("select * from corpus_info").fetchone()
            RELEASES[stamp] = dict(row) if row else {}
        except sqlite3.Error:
            RELEASES[stamp] = {}
    return RELEASES[stamp]


def corpus_edition(datasette) -> dict:
    """The corpus's version and the date its database was built, as the
    build stamped them in ``corpus_info`` (the file's time for a database
    built before that table existed)."""
    path = served_path(datasette)
    facts = release_facts(path)
    if facts:
        return {"corpus_version": facts.get("version"), "corpus_built": (facts.get("built") or "")[:10] or None}
    try:
        built = datetime.fromtimestamp(os.stat(path).st_mtime, timezone.utc)
    except (OSError, TypeError):
        built = None
    return {"corpus_version": PACKAGE_VERSION, "corpus_built": built.strftime("%Y-%m-%d") if built else None}


def _package_version() -> str | None:
    try:
        return version("cm-corpus")
    except PackageNotFoundError:  # the plugin served from a checkout that is not installed
        return None


#: Read once: importlib.metadata walks the installed packages, dozens of
#: file-system calls that each give up the GIL, and under load (SQL threads
#: busy in ``fold``) every page would wait for it again and again.
PACKAGE_VERSION = _package_version()
