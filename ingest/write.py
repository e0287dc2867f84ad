"""Writing: the only stage that touches the database.

The database is built in a temporary file beside the target, from the SQL in
``schema/``, filled through sqlite-utils, and moved over the target only when
everything succeeded, so a failed or interrupted build leaves the previous
database intact. Since the temporary file is thrown away on any failure, it
is written without a rollback journal and synced to disk once, at the end.

Corpus-wide tables are given whole; the per-document rows come as a stream,
one document at a time, and are written in batches, so the writer holds at
most a batch of documents in memory, however large the corpus.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

import sqlite_utils

from .tempfiles import remove_abandoned, temporary

#: The SQL of schema/, shipped in the package (ingest/schema links to it in
#: the source tree), so that an installed package builds from anywhere.
SCHEMA_DIR = Path(__file__).resolve().parent / "schema"

#: Tables in the order they are filled (parents before children).
TABLE_ORDER = ("topics", "documents", "people", "organizations", "comments", "document_people",
               "document_organizations", "mentions", "affiliations", "claims",
               "removed_lines", "build_reports", "documents_fts", "claims_fts", "comments_fts", "word_forms")

#: Search tables whose rows name the document they index by its id: the
#: writer gives them that document's rowid (documents have a TEXT key).
ROWID_OF_DOCUMENT = ("documents_fts",)

#: Full-text indexes (FTS5), optimized once filled.
SEARCH_TABLES = ("documents_fts", "claims_fts", "comments_fts")

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

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.rowid: dict[str, int] = {}

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
        self.rowid[row["id"]] = len(self.rowid) + 1
        return {"rowid": self.rowid[row["id"]], **row}


def write_database(path: Path, tables: dict[str, Iterable[dict]],
                   documents: Iterable[dict[str, list[dict]]] = (),
                   after: Callable[[], dict[str, Iterable[dict]]] | None = None) -> None:
    """Create a fresh database at ``path`` holding ``tables`` (name → rows),
    then the rows of ``documents``: a stream of one document's rows each
    (name → rows, its ``documents`` row included), then the tables
    ``after()`` gives, whose rows are known once every document went by
    (the corpus's lexicon of word forms).

    Rows must match the schema; unknown tables are an error. The file at
    ``path`` is replaced atomically.
    """
    path = Path(path)
    remove_abandoned(path.parent, path.name)
    tmp = temporary(path)
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(tmp)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(schema_sql())
        writer = _Writer(db)
        _check(tables)
        writer.insert(tables)
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
        if after:
            closing = after()
            _check(closing)
            writer.insert(closing)
        for name in SEARCH_TABLES:  # merge each index into one b-tree: smaller, faster to query
            db.execute(f"INSERT INTO [{name}]([{name}]) VALUES ('optimize')")
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


def _check(tables: dict) -> None:
    unknown = set(tables) - set(TABLE_ORDER)
    if unknown:
        raise ValueError(f"not in the schema: {', '.join(sorted(unknown))}")
