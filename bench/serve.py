"""Datasette serving a database as `make serve` does, for the benchmarks.

``serving(db, work)`` writes the merged metadata and the inspect file into
``work``, starts ``datasette serve`` with the settings of `make serve` on a
free loopback port, waits until it answers and yields its base URL; the
server is stopped on exit.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from ingest.publish import free_port, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
#: The pages the serving benchmarks ask for, by the name the results give them.
PAGES = {
    "documents_with_facets": "/corpus/documents",
    "fts_search": "/corpus/documents?_search=communaut*",
    "claims_topic_facet": "/corpus/claims?_facet=topic&topic=tools",
    "query_most_quoted_people": "/corpus/most_quoted_people",
    "query_search_claims": "/corpus/search_claims?q=r%C3%A9seaux",
    "dashboard": "/-/dashboard",
    "concordance": "/-/concordance?q=community+manager",
    "collocates": "/-/collocates?q=community+manager",
}
#: The pages whose work grows with what is asked: Datasette sends them to the
#: side server that runs users' SQL (datasette_corpus/guard.py, HEAVY_PATHS),
#: so under load they wait behind the slow queries by design; the load test
#: measures the ordinary pages only.
HEAVY_PAGES = ("concordance", "collocates")


def fetch(url: str, timeout: float = 60) -> float:
    """Milliseconds to fetch ``url`` completely (the status must be 200)."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as r:
        r.read()
        assert r.status == 200, (url, r.status)
    return (time.perf_counter() - started) * 1000


def percentiles(times: list[float]) -> tuple[float, float]:
    """p50 and p95 of ``times``, rounded to 0.1."""
    times = sorted(times)
    return round(statistics.median(times), 1), round(times[min(len(times) - 1, int(0.95 * len(times)))], 1)


@contextmanager
def serving(db: Path, work: Path):
    meta, inspect = work / "metadata.json", work / "inspect.json"
    subprocess.run([PY, "-m", "ingest.publish", "-o", str(meta)], check=True, cwd=ROOT)
    datasette = str(Path(PY).parent / "datasette")
    subprocess.run([datasette, "inspect", str(db), "--inspect-file", str(inspect)], check=True)
    settings = subprocess.run(["make", "-s", "--no-print-directory", "print-settings"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.split()
    port = free_port()
    proc = subprocess.Popen([datasette, "serve", "-i", str(db), "--inspect-file", str(inspect), "--metadata",
                             str(meta), "--template-dir", str(ROOT / "templates"), *settings,
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, proc, seconds=60)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
