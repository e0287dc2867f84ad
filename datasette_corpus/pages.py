"""The corpus's own pages (the README as "about", the codebook), its routes,
and what every page says of the served release (version, build date)."""
from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import quote

from datasette import Response, hookimpl
from datasette.utils import tilde_decode, tilde_encode
from markdown_it import MarkdownIt
from markupsafe import Markup

from .collocates import collocates
from .concordance import concordance
from .dashboard import dashboard
from .db import corpus_database, fetch_rows, served_path
from .reading import document_view, entity_view
from .search import file_stamp, search_notes

README = Path(__file__).resolve().parent.parent / "README.md"


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
    topics = await fetch_rows(db, "select name, label, definition, cues, examples, corpus_examples from topics order by name", {})
    for t in topics:
        t["cues"] = json.loads(t["cues"] or "{}")
        t["examples"] = json.loads(t["examples"] or "[]")
        t["corpus_examples"] = json.loads(t["corpus_examples"] or "[]")
    counts = {r["topic"]: r["n"] for r in await fetch_rows(db, "select topic, count(*) as n from claims group by topic", {})}
    return Response.html(await datasette.render_template("codebook.html", {
        "topics": topics, "counts": counts, "base": datasette.urls.database(db.name)}, request=request))


#: Per-document downloads of the annotations (ingest/export.py), as output


@hookimpl
def register_routes():
    return [(r"^/-/readme$", readme), (r"^/-/codebook$", codebook), (r"^/-/concordance$", concordance),
            (r"^/-/collocates$", collocates), (r"^/-/dashboard$", dashboard)]


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


@hookimpl
def prepare_jinja2_environment(env):
    # A row's id in a path is tilde-encoded, as Datasette writes its own row
    # links: "%"-encoding leaves "." and "~" as they are, and Datasette reads
    # "documents/a.b" as the row "a" in the format "b" (404).
    env.filters["tilde"] = tilde_encode


def _say_how_searches_were_read(template: str, request, datasette) -> None:
    """A message at the top of a page whose search (a table's ``_search``,
    a saved search's ``q``) was not taken as typed (``search_notes``)."""
    if request is None:
        return
    for name in request.args.keys():
        if name.startswith("_search") or (name == "q" and template.startswith("query")):
            for note in search_notes(request.args.get(name)):
                datasette.add_message(request, note, datasette.INFO)


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    """On every page, the corpus's version and build date (the footer) and
    how a search was read when not as typed; on the row pages of documents,
    people and organizations, the reading view's data."""
    every_page = corpus_edition(datasette)
    _say_how_searches_were_read(template, request, datasette)
    if template.startswith("query-") and database:
        async def with_topics():
            topics = await fetch_rows(datasette.get_database(database), "select name, label from topics order by label", {})
            return {**every_page, "corpus_topics": topics}
        return with_topics
    if view_name != "row" or table not in ("documents", "people", "organizations") or request is None:
        return every_page

    async def inner():
        value = tilde_decode(request.url_vars.get("pks", ""))
        db = datasette.get_database(database)
        if table == "documents":
            return {**every_page, **await document_view(datasette, db, database, value, request.args.get("at"),
                                                         request.args.get("topic"), request.args.get("speaker"))}
        return {**every_page, **await entity_view(datasette, db, database, table, value)}

    return inner
