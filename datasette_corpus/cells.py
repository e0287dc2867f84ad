"""From a row to its place in the text: cells that link to the reading view."""
from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape

from .reading import PLACED_COLUMNS, document_link, place_link

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
