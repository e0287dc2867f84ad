"""The published database, through Datasette's own test client."""
import sqlite3

import pytest
import yaml
from datasette.app import Datasette

from conftest import ROOT

METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ds(seed_db):
    return Datasette([str(seed_db)], immutables=[], metadata=METADATA)


def tables(db_path):
    con = sqlite3.connect(db_path)
    return [r[0] for r in con.execute("select name from sqlite_master where type = 'table'")]


def test_every_table_and_column_is_documented(seed_db):
    documented = METADATA["databases"]["corpus"]["tables"]
    con = sqlite3.connect(seed_db)
    for table in tables(seed_db):
        assert table in documented, f"table {table} is not described in metadata.yml"
        assert documented[table].get("description"), table
        columns = [r[1] for r in con.execute(f"pragma table_info([{table}])")]
        missing = set(columns) - set(documented[table].get("columns", {}))
        assert not missing, f"{table}: undocumented columns {missing}"



def run(coro):
    import asyncio
    return asyncio.run(coro)


def test_every_table_page_and_metadata_facets(ds, seed_db):
    name = seed_db.stem
    for table in tables(seed_db):
        response = run(ds.client.get(f"/{name}/{table}.json?_shape=objects"))
        assert response.status_code == 200, table
        if table != "build_reports":  # the seeds build without a skip or a warning
            assert response.json()["rows"], f"{table} is empty on the seed corpus"
        html = run(ds.client.get(f"/{name}/{table}"))
        assert html.status_code == 200
        for facet in METADATA["databases"]["corpus"]["tables"][table].get("facets", []):
            data = run(ds.client.get(f"/{name}/{table}.json")).json()
            assert facet in data["facet_results"], (table, facet)


def test_csv_and_json_downloads(ds, seed_db):
    name = seed_db.stem
    csv = run(ds.client.get(f"/{name}/claims.csv?_size=max"))
    assert csv.status_code == 200 and csv.text.splitlines()[0].startswith("id,document_id,comment_id,person_id")
    rows = run(ds.client.get(f"/{name}/documents.json?_shape=array")).json()
    assert {r["id"] for r in rows} >= {"000_458cacc8d3f72fd7", "004_882fef2355363af8"}
