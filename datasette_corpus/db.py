"""The served corpus: which database it is, where its file is, rows of a query."""
from __future__ import annotations


def corpus_database(datasette):
    """The corpus: `make serve` always names it "corpus"; else the first database."""
    return datasette.databases.get("corpus") or datasette.get_database()


def served_path(datasette) -> str | None:
    """The file of the corpus being served, or None (an in-memory one, or none)."""
    try:
        return corpus_database(datasette).path
    except KeyError:
        return None


async def fetch_rows(db, sql: str, params: dict) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, params)).rows]
