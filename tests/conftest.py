"""Shared fixtures. The spaCy model is loaded once per test session."""
import sqlite3
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SHARED = ROOT.parent / "shared"


def rows(db, sql, *args):
    """The rows of a query on a built database, as tuples."""
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory):
    """The seed corpus built once, with curation, as `make db` builds it."""
    from ingest.build import build
    path = tmp_path_factory.mktemp("seed") / "corpus.db"
    build(RAW, path, curation_on=True, log=lambda m: None)
    return path


@pytest.fixture(scope="session")
def seed_db_auto(tmp_path_factory):
    """The seed corpus built by the automatic pipeline alone (--no-curation)."""
    from ingest.build import build
    path = tmp_path_factory.mktemp("seed_auto") / "corpus.db"
    build(RAW, path, curation_on=False, log=lambda m: None)
    return path
