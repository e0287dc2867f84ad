"""Ordinary pages while hostile requests run: the load test of `make bench`.

Datasette serves a benchmark database as `make serve` does (bench/serve.py).
``SLOW_CLIENTS`` clients each send, one after the other, a request of one
hostile kind (``HOSTILE``): SQL that runs until the SQL time limit stops it
(every pair of mentions compared), the same behind a percent-encoded
parameter name (``%73ql=``, ``_wher%65=``), the same comparison through the
plugin's Python ``fold`` on every row, a table search as long as the box
takes, and one far longer. Meanwhile one client
fetches each ordinary page of ``serve.PAGES`` ``REQUESTS`` times in turn,
and its p50 and p95 (ms, wall clock on loopback) are reported with how many
hostile requests were answered and how (status codes).

    python bench/load.py --db bench/corpora/200/corpus.db            # every kind
    python bench/load.py --db bench/corpora/200/corpus.db --kind user_sql

`make bench` (bench/run.py) runs the first kind at each size.
"""
from __future__ import annotations

import argparse
import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import HEAVY_PAGES, PAGES, fetch, percentiles, serving  # noqa: E402

SLOW_CLIENTS = 10
REQUESTS = 40
SLOW_SQL = ("select count(*) from mentions a, mentions b "
            "where a.sentence like '%' || b.surface || ' zzz%'")
#: The same comparison as a table's ``_where`` clause.
SLOW_WHERE = ("exists (select 1 from mentions b "
              "where mentions.sentence like '%' || b.surface || ' zzz%')")
#: The same through a Python SQL function on every row.
PYTHON_SQL = ("select count(*) from mentions a, mentions b "
              "where fold(a.sentence) like '%' || fold(b.surface) || ' zzz%'")
#: A search of ``guard.MAX_SEARCH_CHARS`` characters (taken) and one of
#: 10,000 words (refused).
LONGEST_SEARCH = " ".join(["communication"] * 38)[:500]
OVERLONG_SEARCH = " ".join(["communication"] * 10_000)
#: Each hostile kind: the request its clients send over and over.
HOSTILE = {
    "user_sql": "/corpus.json?" + urllib.parse.urlencode({"sql": SLOW_SQL}),
    "user_sql_encoded_name": "/corpus.json?%73ql=" + urllib.parse.quote(SLOW_SQL),
    "where_encoded_name": "/corpus/mentions.json?_wher%65=" + urllib.parse.quote(SLOW_WHERE),
    "python_in_sql": "/corpus.json?" + urllib.parse.urlencode({"sql": PYTHON_SQL}),
    "longest_search": "/corpus/documents?_search=" + urllib.parse.quote(LONGEST_SEARCH),
    "overlong_search": "/corpus/documents?_search=" + urllib.parse.quote(OVERLONG_SEARCH),
}


def slow_client(url: str, stop: threading.Event, codes: Counter) -> None:
    while not stop.is_set():
        try:
            with urllib.request.urlopen(url, timeout=120) as r:
                r.read()
                codes[r.status] += 1
        except urllib.error.HTTPError as e:
            codes[e.code] += 1
        except OSError as e:
            codes[type(e).__name__] += 1


def under_load(db: Path, work: Path, pages: dict[str, str], kind: str = "user_sql") -> dict:
    """The ordinary ``pages``' times while ``SLOW_CLIENTS`` clients send
    requests of the hostile ``kind``."""
    with serving(db, work) as base:
        slow_url = base + HOSTILE[kind]
        stop, codes = threading.Event(), Counter()
        clients = [threading.Thread(target=slow_client, args=(slow_url, stop, codes), daemon=True)
                   for _ in range(SLOW_CLIENTS)]
        for c in clients:
            c.start()
        try:
            times = {name: [] for name in pages}
            for _ in range(REQUESTS):
                for name, path in pages.items():
                    times[name].append(fetch(base + path))
        finally:
            stop.set()
            for c in clients:
                c.join(timeout=130)
    p50, p95 = zip(*(percentiles(t) for t in times.values()))
    return {"slow_clients": SLOW_CLIENTS, "slow_kind": kind, "slow_request": HOSTILE[kind][:200],
            "slow_answers": {str(k): v for k, v in sorted(codes.items(), key=str)},
            "load_p50_ms": dict(zip(pages, p50)), "load_p95_ms": dict(zip(pages, p95))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--kind", choices=sorted(HOSTILE), action="append",
                        help="a hostile kind to send (repeat for several; default: every kind)")
    args = parser.parse_args(argv)
    ordinary = {k: v for k, v in PAGES.items() if k not in HEAVY_PAGES}
    results = []
    for kind in args.kind or HOSTILE:
        results.append(under_load(args.db, args.db.parent, ordinary, kind))
        print(json.dumps(results[-1], indent=1), flush=True)
    print("\n| hostile kind (10 clients) | answers | ordinary pages: worst p50 / p95 (ms) |\n|---|---|---|")
    for r in results:
        answers = ", ".join(f"{n} × {code}" for code, n in r["slow_answers"].items())
        print(f"| {r['slow_kind']} | {answers} | {max(r['load_p50_ms'].values())} / {max(r['load_p95_ms'].values())} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
