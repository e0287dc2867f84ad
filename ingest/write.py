"""Writing: the only stage that touches the database.

The database is built in a temporary file beside the target, from the SQL in
``schema/``, filled through sqlite-utils, and moved over the target only when
everything succeeded, so a failed or interrupted build leaves the previous
database intact.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import sqlite_utils

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"

#: Tables in the order they are filled (parents before children).
TABLE_ORDER = ("documents", "people", "organizations", "comments", "document_people",
               "document_organizations", "mentions", "affiliations", "claims",
               "removed_lines", "build_reports", "documents_fts", "claims_fts", "comments_fts")

#: Search tables whose rows name the document they index by its id: the
#: writer gives them that document's rowid (documents have a TEXT key).
ROWID_OF_DOCUMENT = ("documents_fts",)


def schema_sql() -> str:
    """The schema: every ``schema/*.sql`` file, in name order."""
    files = sorted(SCHEMA_DIR.glob("*.sql"))
    if not files:
        raise FileNotFoundError(f"no schema files in {SCHEMA_DIR}")
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def write_database(path: Path, tables: dict[str, Iterable[dict]]) -> None:
    """Create a fresh database at ``path`` holding ``tables`` (name → rows).

    Rows must match the schema; unknown tables are an error. The file at
    ``path`` is replaced atomically.
    """
    unknown = set(tables) - set(TABLE_ORDER)
    if unknown:
        raise ValueError(f"not in the schema: {', '.join(sorted(unknown))}")
    path = Path(path)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(tmp)
        db.executescript(schema_sql())
        for name in TABLE_ORDER:
            rows = tables.get(name)
            if not rows:
                continue
            if name in ROWID_OF_DOCUMENT:
                rowid = dict((doc_id, r) for r, doc_id in db.execute("select rowid, id from documents"))
                rows = ({"rowid": rowid[row["document_id"]],
                         **{k: v for k, v in row.items() if k != "document_id"}} for row in rows)
            db[name].insert_all(rows, batch_size=500)
        problems = list(db.execute("PRAGMA foreign_key_check"))
        if problems:
            raise ValueError(f"foreign key violations: {problems[:5]}")
        db.conn.commit()
        db.execute("VACUUM")
        db.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
