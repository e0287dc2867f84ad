"""Ordinary pages while slow requests run: the load test of `make bench`.

Datasette serves a benchmark database as `make serve` does (bench/serve.py).
``SLOW_CLIENTS`` clients each send, one after the other, a query that runs
until the SQL time limit stops it (every pair of mentions compared through
the plugin's ``fold``); meanwhile one client fetches each ordinary page
of ``serve.PAGES`` ``REQUESTS`` times in turn, and its p50 and p95 (ms,
wall clock on loopback) are reported with how many slow requests were answered
and how (status codes).

    python bench/load.py --db bench/corpora/200/corpus.db
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
            "where fold(a.sentence) like '%' || fold(b.surface) || ' zzz%'")


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


def under_load(db: Path, work: Path, pages: dict[str, str]) -> dict:
    with serving(db, work) as base:
        slow_url = f"{base}/corpus.json?" + urllib.parse.urlencode({"sql": SLOW_SQL})
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
    return {"slow_clients": SLOW_CLIENTS, "slow_sql": SLOW_SQL,
            "slow_answers": {str(k): v for k, v in sorted(codes.items(), key=str)},
            "load_p50_ms": dict(zip(pages, p50)), "load_p95_ms": dict(zip(pages, p95))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args(argv)
    ordinary = {k: v for k, v in PAGES.items() if k not in HEAVY_PAGES}
    print(json.dumps(under_load(args.db, args.db.parent, ordinary), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
