"""Main-text extraction on a peer's annotated pages: the French pages of
trafilatura's evaluation set (``../shared/eval/extraction``), built with
--no-curation and scored with that benchmark's own functions. Each page's
gold lists snippets of its main text that must be kept and of its
furniture (menus, teasers, buttons, credits) that must not. The floors sit
just under the figures reached (README, "main text")."""
import importlib.util
import json
import sys

import pytest

from conftest import SHARED, rows

from ingest.build import build

EXTRACTION = SHARED / "eval" / "extraction"

#: Share of the pages with a gold value whose value is right: authors 15
#: of 16, titles 19 of 20, dates 15 of 16 (the date a prefix of ours).
METADATA_FLOORS = {"author": 0.9, "title": 0.9, "date": 0.9}
#: Macro means over the pages, as bench.py prints them.
FLOORS = {"with_recall": 0.98, "without_absence": 0.89, "f": 0.935}

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (EXTRACTION / "bench.py").exists(),
                                 reason="../shared/eval is not beside the checkout")]


@pytest.fixture(scope="module")
def extraction_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("extraction") / "corpus.db"
    build(EXTRACTION / "raw", db, curation_on=False, log=lambda m: None, cache_dir=False)
    return db


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("extraction_bench", EXTRACTION / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pages(extraction_db, bench):
    gold = json.loads((EXTRACTION / "gold.json").read_text(encoding="utf-8"))
    extractions = bench.read_project_db(extraction_db)
    dumps = {n: bench.norm(bench.all_text((EXTRACTION / "raw" / n).read_bytes()).body) for n in gold}
    return {n: bench.score_page(gold[n], extractions.get(n), True, dumps[n]) for n in gold}


def test_comments_are_read_from_the_pages_that_hold_them(pages, bench):
    summary = bench.summarize(pages)
    # 9 of 10: the tenth (tdg.ch) is loaded by script and is not in the saved page.
    assert summary["comment_found"] >= 9 and summary["comment_in_body"] == 0


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_extraction_stays_above_its_floor(pages, bench, figure):
    assert bench.summarize(pages)[figure] >= FLOORS[figure]


@pytest.mark.parametrize("field", sorted(METADATA_FLOORS))
def test_metadata_stays_above_its_floor(extraction_db, bench, field):
    gold = json.loads((EXTRACTION / "gold.json").read_text(encoding="utf-8"))
    column = {"author": "author", "title": "title", "date": "published"}[field]
    found = dict(rows(extraction_db, f"select source_file, {column} from documents"))
    wanted = {n: g[field] for n, g in gold.items() if g.get(field)}
    if field == "date":
        right = [n for n, d in wanted.items() if (found.get(n) or "").startswith(d)]
    else:
        right = [n for n, v in wanted.items() if bench.norm(found.get(n) or "") == bench.norm(v)]
    assert len(right) / len(wanted) >= METADATA_FLOORS[field], sorted(set(wanted) - set(right))


def test_short_lines_the_library_leaves_out_are_removed_with_their_reason(extraction_db):
    removed = {t for (t,) in rows(extraction_db, "select r.text from removed_lines r join documents d "
                                                 "on d.id = r.document_id where r.reason = 'outside the main text' "
                                                 "and d.source_file = 'dw.com-elephants.html'")}
    assert any("Permalien" in t for t in removed)
    (text,) = rows(extraction_db, "select text from documents where source_file = 'dw.com-elephants.html'")[0]
    assert "Permalien" not in text
    # The post itself stays.
    assert "24 milliards de tonnes de terres fertiles" in text
