"""Shared fixtures. The spaCy model is loaded once per test session."""
import atexit
import csv
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
#: For a test that reads the evaluation sets beside the checkout (CI has
#: them; a clone alone does not).
needs_shared_eval = pytest.mark.skipif(not (SHARED / "eval").is_dir(),
                                       reason="../shared/eval is not beside the checkout")


def _seed_directory() -> Path:
    """The five seed texts of raw/ with their sources.csv rows, in a directory
    of their own: raw/ also holds page openings (rows with an ``excerpt``),
    published for browsing, which the tests of the seeds leave out."""
    seeds = Path(tempfile.mkdtemp(prefix="cm-seeds-"))
    with open(ROOT / "raw" / "sources.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        kept = [row for row in reader if not row.get("excerpt")]
    with open(seeds / "sources.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, reader.fieldnames)
        writer.writeheader()
        writer.writerows(kept)
    for row in kept:
        shutil.copy(ROOT / "raw" / row["file"], seeds / row["file"])
    atexit.register(shutil.rmtree, seeds, True)
    return seeds


RAW = _seed_directory()


def load_script(name: str):
    """The module of ``scripts/NAME.py`` (scripts are not a package)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
