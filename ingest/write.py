"""Writing: the only stage that touches the database.

The database is built in a temporary file beside the target, from the SQL in
``schema/``, filled through sqlite-utils, and moved over the target only when
everything succeeded, so a failed or interrupted build leaves the previous
database intact. Since the temporary file is thrown away on any failure, it
is written without a rollback journal and synced to disk once, at the end.

Corpus-wide tables are given whole; the per-document rows come as a stream,
one document at a time, and are written in batches, so the writer holds at
most a batch of documents in memory, however large the corpus.

``update_database`` is the rebuild of a few documents: their rows are
replaced and the corpus-wide rows that changed are written, in one
transaction on the database itself, so that the cost follows the number of
documents changed, not the size of the corpus, and a reader sees the
database whole, before or after. When the file has another name (`make
serve` serves a hard link to it, opened as immutable), it must not change
under that reader: the update is then made in a copy moved over the
target, as a full build is.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from collections import Counter
from contextlib import contextmanager
from typing import Callable, Iterable

import sqlite_utils

from .tempfiles import remove_abandoned, temporary

#: The SQL of schema/, shipped in the package (ingest/schema links to it in
#: the source tree), so that an installed package builds from anywhere.
SCHEMA_DIR = Path(__file__).resolve().parent / "schema"

#: Tables in the order they are filled (parents before children).
TABLE_ORDER = ("topics", "documents", "people", "organizations", "comments", "document_people",
               "document_organizations", "mentions", "affiliations", "claims", "claim_clauses",
               "removed_lines", "build_reports", "annotation_quality", "documents_fts", "claims_fts",
               "comments_fts", "word_forms")

#: Search tables whose rows name the document they index by its id: the
#: writer gives them that document's rowid (documents have a TEXT key).
ROWID_OF_DOCUMENT = ("documents_fts",)

#: Full-text indexes (FTS5), optimized once filled.
SEARCH_TABLES = ("documents_fts", "claims_fts", "comments_fts")

#: Per-document tables, each with the column that names its document.
DOCUMENT_TABLES = ("comments", "document_people", "document_organizations", "mentions", "affiliations", "claims",
                   "claim_clauses", "removed_lines")
#: Corpus-wide tables an update replaces row by row (by ``id``), and the
#: per-document link that names their rows in ``documents``.
ENTITY_TABLES = {"people": ("document_people", "person_id"),
                 "organizations": ("document_organizations", "organization_id")}

#: Rows buffered from the document stream before they are inserted.
BATCH_ROWS = 20_000


def schema_sql() -> str:
    """The schema: every ``schema/*.sql`` file, in name order."""
    files = sorted(SCHEMA_DIR.glob("*.sql"))
    if not files:
        raise FileNotFoundError(f"no schema files in {SCHEMA_DIR}")
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


class _Writer:
    """Inserts rows table by table in ``TABLE_ORDER``, numbering documents
    in the order they come (their rowid, which their search rows share)."""

    def __init__(self, db: sqlite_utils.Database, first_rowid: int = 1):
        self.db = db
        self.rowid: dict[str, int] = {}
        self.first_rowid = first_rowid

    def insert(self, tables: dict[str, Iterable[dict]]) -> None:
        for name in TABLE_ORDER:
            rows = tables.get(name)
            if not rows:
                continue
            if name == "documents":
                rows = (self._number(row) for row in rows)
            elif name in ROWID_OF_DOCUMENT:
                rows = ({"rowid": self.rowid[row["document_id"]],
                         **{k: v for k, v in row.items() if k != "document_id"}} for row in rows)
            self.db[name].insert_all(rows, batch_size=500)

    def _number(self, row: dict) -> dict:
        self.rowid[row["id"]] = self.first_rowid + len(self.rowid)
        return {"rowid": self.rowid[row["id"]], **row}


def write_database(path: Path, tables: dict[str, Iterable[dict]],
                   documents: Iterable[dict[str, list[dict]]] = (),
                   after: Callable[[], dict[str, Iterable[dict]]] | None = None,
                   info: dict | None = None) -> None:
    """Create a fresh database at ``path`` holding ``tables`` (name → rows),
    then the rows of ``documents``: a stream of one document's rows each
    (name → rows, its ``documents`` row included), then the tables
    ``after()`` gives, whose rows are known once every document went by
    (the corpus's lexicon of word forms); last, the ``corpus_info`` row
    ``info`` with the number of rows of each table (``stamp``).

    Rows must match the schema; unknown tables are an error. The file at
    ``path`` is replaced atomically.
    """
    with _replacing(Path(path), copy=False) as db:
        db.executescript(schema_sql())
        writer = _Writer(db)
        _check(tables)
        writer.insert(tables)
        _insert_documents(writer, documents)
        if after:
            closing = after()
            _check(closing)
            writer.insert(closing)
        for name in SEARCH_TABLES:  # merge each index into one b-tree: smaller, faster to query
            db.execute(f"INSERT INTO [{name}]([{name}]) VALUES ('optimize')")
        if info is not None:
            stamp(db, info)


def row_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """The number of rows of every table but the search indexes (counting
    an index reads all of it)."""
    return {name: db.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]
            for name in TABLE_ORDER if name not in SEARCH_TABLES}


def stamp(db: sqlite_utils.Database, info: dict) -> dict[str, int]:
    """The ``corpus_info`` row: ``info`` and the row counts of the database
    as written, replacing the last build's. Returns the counts."""
    counts = row_counts(db)
    db.execute("DELETE FROM corpus_info")
    db["corpus_info"].insert({**info, "documents": counts["documents"],
                              "row_counts": json.dumps(counts, sort_keys=True)})
    return counts


def check(path: Path) -> list[str]:
    """What is wrong with the database at ``path``, after rolling back an
    update a killed build left half-done: SQLite rolls back the hot journal
    (``PATH-journal``) when a connection that may write first reads the
    file, which an immutable reader (``datasette -i``) never does. Empty
    when the file is whole; a missing file has nothing wrong."""
    path = Path(path)
    if not path.exists():
        return []
    problems = []
    journal = path.with_name(path.name + "-journal")
    if journal.exists() and journal.stat().st_size > 0:
        problems.append("an interrupted update was rolled back")
    try:
        with sqlite3.connect(path) as conn:  # reading rolls a hot journal back
            (result,) = conn.execute("PRAGMA quick_check").fetchone()
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        conn.close()
    except sqlite3.DatabaseError as exc:
        return problems + [f"not a readable database ({exc})"]
    if result != "ok":
        problems.append(f"quick_check: {result}")
    if "documents" not in tables:
        problems.append("no documents table")
    return problems


@contextmanager
def _replacing(path: Path, copy: bool):
    """The database that will replace ``path``: a temporary file beside it
    (empty, or with ``copy`` a copy of it), written without a rollback
    journal; when the block ends well its foreign keys are checked, it is
    committed, synced and moved over ``path``, and on any failure removed."""
    remove_abandoned(path.parent, path.name)
    tmp = temporary(path)
    tmp.unlink(missing_ok=True)
    try:
        if copy:
            shutil.copyfile(path, tmp)
        db = sqlite_utils.Database(tmp)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        yield db
        problems = list(db.execute("PRAGMA foreign_key_check"))
        if problems:
            raise ValueError(f"foreign key violations: {problems[:5]}")
        db.conn.commit()
        db.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def _in_one_transaction(path: Path):
    """The database at ``path``, changed in one transaction (sqlite-utils
    nests its own writes in it as savepoints): committed when the block
    ends well, rolled back on any failure. Foreign keys are enforced as
    each statement ends, which costs an index lookup per row changed,
    where checking them all at the end would read every table."""
    db = sqlite_utils.Database(path)
    try:
        db.execute("PRAGMA foreign_keys = ON")  # outside the transaction, where it takes effect
        with db.atomic():
            yield db
    finally:
        db.close()


def _insert_documents(writer: _Writer, documents: Iterable[dict[str, list[dict]]]) -> None:
    """The stream of documents' rows, inserted ``BATCH_ROWS`` at a time."""
    batch: dict[str, list[dict]] = {}
    size = 0
    for rows in documents:
        _check(rows)
        for name, table_rows in rows.items():
            batch.setdefault(name, []).extend(table_rows)
            size += len(table_rows)
        if size >= BATCH_ROWS:
            writer.insert(batch)
            batch, size = {}, 0
    writer.insert(batch)


def update_database(path: Path, removed: Iterable[str], tables: dict[str, list[dict]],
                    documents: Iterable[dict[str, list[dict]]], word_forms: Counter,
                    names_row: Callable[[list[str], list[str]], dict], info: dict | None = None) -> dict[str, int]:
    """Rebuild a few documents of the database at ``path``, in one
    transaction (in a copy moved over it when the file has another name).

    ``removed``: ids of the documents whose rows go (changed or deleted
    files); ``documents``: the rows of the new and changed ones; ``tables``:
    the corpus-wide tables whole (people, organizations, build_reports),
    of which only the rows that differ are written; ``word_forms``: the
    change of each (form, lemma) count. A document that stays but names a
    person or organization whose name changed gets its names again
    (``names_row(people, organizations)`` gives its columns). Returns the
    number of rows of every table but the search indexes. ``info`` is the
    ``corpus_info`` row, stamped as ``write_database`` stamps it."""
    path = Path(path)
    with _replacing(path, copy=True) if path.stat().st_nlink > 1 else _in_one_transaction(path) as db:
        _delete_documents(db, list(removed))
        renamed = _replace_changed_rows(db, tables)
        (last,) = db.execute("SELECT coalesce(max(rowid), 0) FROM documents").fetchone()
        writer = _Writer(db, first_rowid=last + 1)
        _insert_documents(writer, documents)
        _rename_in_documents(db, renamed, set(writer.rowid), names_row)
        _add_word_forms(db, word_forms)
        return stamp(db, info) if info is not None else row_counts(db)


def _delete_documents(db: sqlite_utils.Database, ids: list[str]) -> None:
    db.execute("CREATE TEMP TABLE gone (id TEXT PRIMARY KEY)")
    db.conn.executemany("INSERT INTO gone VALUES (?)", [(i,) for i in ids])
    db.execute("DELETE FROM documents_fts WHERE rowid IN (SELECT rowid FROM documents WHERE id IN gone)")
    db.execute("DELETE FROM claims_fts WHERE rowid IN (SELECT id FROM claims WHERE document_id IN gone)")
    db.execute("DELETE FROM comments_fts WHERE rowid IN (SELECT id FROM comments WHERE document_id IN gone)")
    for name in reversed(DOCUMENT_TABLES):  # rows that name a comment before the comments
        db.execute(f"DELETE FROM [{name}] WHERE document_id IN gone")
    db.execute("DELETE FROM documents WHERE id IN gone")


def _replace_changed_rows(db: sqlite_utils.Database, tables: dict[str, list[dict]]) -> dict[str, set[int]]:
    """Write the corpus-wide rows that differ from the database's; returns,
    by table, the ids whose name changed."""
    _check(tables)
    renamed = {}
    for name, rows in tables.items():
        if name not in ENTITY_TABLES:
            db.execute(f"DELETE FROM [{name}]")
            db[name].insert_all(rows)
            continue
        old = {r["id"]: r for r in db[name].rows}
        new = {r["id"]: r for r in rows}
        changed = [r for i, r in new.items() if i not in old or any(old[i][k] != v for k, v in r.items())]
        if changed:
            db[name].upsert_all(changed, pk="id")
        db.conn.executemany(f"DELETE FROM [{name}] WHERE id = ?", [(i,) for i in old.keys() - new.keys()])
        renamed[name] = {i for i in old.keys() & new.keys() if old[i]["name"] != new[i]["name"]}
    return renamed


def _rename_in_documents(db: sqlite_utils.Database, renamed: dict[str, set[int]], written: set[str],
                         names_row: Callable[[list[str], list[str]], dict]) -> None:
    """The names columns of the documents (not just written) that link a
    person or organization whose name changed."""
    stale = set()
    for name, (link, column) in ENTITY_TABLES.items():
        ids = renamed.get(name, set())
        stale |= {d for (d,) in db.execute(
            f"SELECT DISTINCT document_id FROM [{link}] WHERE [{column}] IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(ids))])}
    for doc_id in sorted(stale - written):
        names = [[n for (n,) in db.execute(
            f"SELECT e.name FROM [{link}] l JOIN [{name}] e ON e.id = l.[{column}] WHERE l.document_id = ?", [doc_id])]
            for name, (link, column) in ENTITY_TABLES.items()]
        db["documents"].update(doc_id, names_row(*names))


def _add_word_forms(db: sqlite_utils.Database, changes: Counter) -> None:
    for (form, lemma), n in sorted(changes.items()):
        if n:
            db.execute("INSERT INTO word_forms (form, lemma, occurrences) VALUES (?, ?, ?) "
                       "ON CONFLICT (form, lemma) DO UPDATE SET occurrences = occurrences + excluded.occurrences",
                       [form, lemma, n])
    db.execute("DELETE FROM word_forms WHERE occurrences <= 0")


def _check(tables: dict) -> None:
    unknown = set(tables) - set(TABLE_ORDER)
    if unknown:
        raise ValueError(f"not in the schema: {', '.join(sorted(unknown))}")
