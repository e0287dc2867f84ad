"""Shared fixtures. The spaCy model is loaded once per test session."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SHARED = ROOT.parent / "shared"


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
