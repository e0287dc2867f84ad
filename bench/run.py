"""The benchmark behind ``make bench``: build speed against bare spaCy,
incremental and no-op rebuilds, memory, parallel workers and serving latency.

For each size it generates a corpus (bench/generate.py, fixed seed) and
measures, each step in a fresh process timed from outside (bench/measure.py,
wall clock, model loading included on both sides):

* ``bare_nlp_s``: spaCy alone over the same texts (bench/bare_nlp.py);
* ``build_s``: a cold build, one worker, no cache; ``build_over_bare``;
* ``export_s``: ``python -m ingest export`` of that database (W3C, brat,
  TEI and the zip); ``export_over_build`` is that over ``build_s``;
* ``build_workers_s``: a cold build with ``--workers`` = CPU cores, filling
  the cache, against ``bare_nlp_parallel_s`` (spaCy with as many
  processes); ``--workers`` starts a local Dask cluster since 2026-11-22
  (figures measured before are a process pool's, 094b895's included);
* ``build_dask_s``: the same cold build with ``--scheduler local`` and no
  cache (cluster start included); ``build_dask_over_bare_parallel`` is that
  over ``bare_nlp_parallel_s``;
* ``incremental_one_file_s``: a rebuild after one file changed (cache on);
  ``incremental_ratio`` is that over ``build_s``;
* ``noop_rebuild_s``: a rebuild with nothing changed;
* ``deleted_file_rows_removed``: a rebuild after deleting a file drops its rows;
* ``peak_rss_mb``: the largest resident set of the cold single-worker build;
* ``serve_p50_ms``/``serve_p95_ms``: Datasette latency per page, on loopback,
  ``REQUESTS`` sequential requests per page after ``WARMUP`` unmeasured ones;
* ``load_p50_ms``/``load_p95_ms``: the same pages while ten clients send
  queries that run into the SQL time limit (bench/load.py).

Results go to bench/results.json (one object per size under "sizes") and
bench/results.md.

    python bench/run.py --sizes 1000 10000
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import load  # noqa: E402
from serve import HEAVY_PAGES, PAGES, fetch, percentiles, serving  # noqa: E402

PY = sys.executable
REQUESTS = 40
WARMUP = 3


def measure(*cmd: str) -> dict:
    # From ROOT, so that `python -m ingest` is the code of this checkout.
    out = subprocess.run([PY, str(BENCH / "measure.py"), "--", *cmd], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    result = json.loads(out.stdout)
    if result["returncode"] != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result['stderr_tail']}")
    return result


def build_cmd(raw: Path, db: Path, *extra: str) -> list[str]:
    return [PY, "-m", "ingest", "build", "--raw-dir", str(raw), "--db", str(db), "--quiet", *extra]


def serve_latency(db: Path, work: Path) -> tuple[dict, dict]:
    """p50 and p95 (ms) per page of Datasette serving ``db`` as `make serve` does."""
    with serving(db, work) as base:
        p50, p95 = {}, {}
        for name, path in PAGES.items():
            times = [fetch(base + path, timeout=30) for _ in range(WARMUP + REQUESTS)][WARMUP:]
            p50[name], p95[name] = percentiles(times)
        return p50, p95


def commit() -> str | None:
    """The commit of the code measured (with "+changes" when the checkout differs from it)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "ingest", "schema", "bench/run.py"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+changes" if dirty else "")


def rebuilds(size: int, raw: Path, db: Path, cache: Path) -> tuple[dict, dict]:
    """A rebuild with nothing changed, then one after a paragraph was added
    to one file (the database and ``cache`` are those of a build of ``raw``)."""
    noop = measure(*build_cmd(raw, db, "--cache-dir", str(cache)))
    target = sorted(raw.glob("*.txt"))[size // 2]
    text = target.read_text(encoding="utf-8").split("\n\n")
    text.insert(3, "Un paragraphe ajouté pour le benchmark : le community manager répond aux clients sur Twitter.")
    target.write_text("\n\n".join(text), encoding="utf-8")
    incremental = measure(*build_cmd(raw, db, "--cache-dir", str(cache)))
    print(f"[{size}] no-op rebuild {noop['seconds']:.2f} s; one file changed {incremental['seconds']:.2f} s",
          flush=True)
    return noop, incremental


def bench_rebuilds(size: int, workers: int) -> dict:
    """Only the rebuilds (``--rebuilds-only``): a build on ``workers``
    processes fills the cache, then ``rebuilds``. The other numbers of the
    size stay those of its last full run."""
    work = BENCH / "corpora" / str(size)
    raw = work / "raw"
    generate.generate(size, raw)
    db, cache = work / "corpus.db", work / "cache"
    filled = measure(*build_cmd(raw, db, "--workers", str(workers), "--cache-dir", str(cache)))
    print(f"[{size}] build filling the cache ({workers} workers): {filled['seconds']:.1f} s", flush=True)
    noop, incremental = rebuilds(size, raw, db, cache)
    return {"incremental_one_file_s": incremental["seconds"], "noop_rebuild_s": noop["seconds"],
            "rebuilds_note": f"one-file and no-op rebuilds re-measured alone (--rebuilds-only) after a "
                             f"{workers}-worker build that filled the cache"}


def bench_size(size: int, workers: int) -> dict:
    work = BENCH / "corpora" / str(size)
    raw = work / "raw"
    words = generate.generate(size, raw)
    db, cache = work / "corpus.db", work / "cache"
    print(f"[{size}] {size} documents, {words} words generated in {raw}", flush=True)

    bare = measure(PY, str(BENCH / "bare_nlp.py"), str(raw))
    print(f"[{size}] bare nlp.pipe: {bare['seconds']:.1f} s", flush=True)
    cold = measure(*build_cmd(raw, db, "--no-cache"))
    print(f"[{size}] cold build (1 worker): {cold['seconds']:.1f} s, peak {cold['peak_rss_mb']} MB", flush=True)
    exported = measure(PY, "-m", "ingest", "export", "--db", str(db), "--out", str(work / "exports"))
    print(f"[{size}] export (W3C, brat, TEI, zip): {exported['seconds']:.1f} s", flush=True)
    bare_par = measure(PY, str(BENCH / "bare_nlp.py"), str(raw), "--processes", str(workers))
    shutil.rmtree(cache, ignore_errors=True)
    par = measure(*build_cmd(raw, db, "--workers", str(workers), "--cache-dir", str(cache)))
    print(f"[{size}] cold build ({workers} workers, filling the cache): {par['seconds']:.1f} s; "
          f"bare nlp.pipe with {workers} processes: {bare_par['seconds']:.1f} s", flush=True)

    dask = measure(*build_cmd(raw, work / "dask.db", "--scheduler", "local", "--workers", str(workers),
                              "--no-cache"))
    (work / "dask.db").unlink(missing_ok=True)
    print(f"[{size}] cold build on a local Dask cluster of {workers}: {dask['seconds']:.1f} s", flush=True)

    noop, incremental = rebuilds(size, raw, db, cache)

    gone = sorted(raw.glob("*.txt"))[0]
    gone_id = gone.stem
    gone.unlink()
    measure(*build_cmd(raw, db, "--cache-dir", str(cache)))
    with sqlite3.connect(db) as conn:
        removed = conn.execute("select count(*) from documents where id = ?", (gone_id,)).fetchone()[0] == 0 \
            and conn.execute("select count(*) from documents").fetchone()[0] == size - 1
    p50, p95 = serve_latency(db, work)
    print(f"[{size}] serve p95 (ms): {p95}", flush=True)
    loaded = load.under_load(db, work, {k: v for k, v in PAGES.items() if k not in HEAVY_PAGES})
    print(f"[{size}] serve p95 (ms) with {load.SLOW_CLIENTS} slow clients: {loaded['load_p95_ms']}", flush=True)
    return {
        "documents": size, "words": words,
        "bare_nlp_s": bare["seconds"], "build_s": cold["seconds"],
        "build_over_bare": round(cold["seconds"] / bare["seconds"], 3),
        "documents_per_s": round(size / cold["seconds"], 2), "words_per_s": round(words / cold["seconds"]),
        "workers": workers, "build_workers_s": par["seconds"], "bare_nlp_parallel_s": bare_par["seconds"],
        "build_workers_over_bare_parallel": round(par["seconds"] / bare_par["seconds"], 3),
        "build_dask_s": dask["seconds"],
        "build_dask_over_bare_parallel": round(dask["seconds"] / bare_par["seconds"], 3),
        "export_s": exported["seconds"], "export_over_build": round(exported["seconds"] / cold["seconds"], 4),
        "incremental_one_file_s": incremental["seconds"],
        "incremental_ratio": round(incremental["seconds"] / cold["seconds"], 4),
        "noop_rebuild_s": noop["seconds"],
        "deleted_file_rows_removed": removed,
        "peak_rss_mb": cold["peak_rss_mb"], "peak_rss_workers_mb": par["peak_rss_mb"],
        "serve_p50_ms": p50, "serve_p95_ms": p95, **loaded,
    }


def markdown(results: dict) -> str:
    rows = ["| documents | words | bare nlp s | build s | build/bare | docs/s | words/s | workers | "
            "build (workers) s | bare nlp (workers) s | Dask build s | Dask/bare (workers) | "
            "one-file rebuild s | ratio | no-op s | peak RSS MB | serve p95 ms (max) | "
            "p95 with slow clients ms (max) | export s | export/build | measured |",
            "|---" * 21 + "|"]
    for r in results["sizes"].values():
        rows.append(f"| {r['documents']} | {r['words']} | {r['bare_nlp_s']} | {r['build_s']} | "
                    f"{r['build_over_bare']} | {r['documents_per_s']} | {r['words_per_s']} | {r['workers']} | "
                    f"{r['build_workers_s']} | {r.get('bare_nlp_parallel_s', '–')} | {r.get('build_dask_s', '–')} | "
                    f"{r.get('build_dask_over_bare_parallel', '–')} | {r['incremental_one_file_s']} | {r['incremental_ratio']} | "
                    f"{r['noop_rebuild_s']} | {r['peak_rss_mb']} | {max(r['serve_p95_ms'].values())} | "
                    f"{max(r['load_p95_ms'].values()) if 'load_p95_ms' in r else '–'} | "
                    f"{r.get('export_s', '–')} | {r.get('export_over_build', '–')} | "
                    f"{r.get('measured', results['date'])} |")
    m = results["machine"]
    notes = [f"- {size} documents, measured {r.get('measured', results['date'])} on commit "
             f"{r.get('commit') or 'unrecorded'}" + "".join(f"; {v}" for k, v in sorted(r.items())
                                                          if k.endswith("_note"))
             for size, r in results["sizes"].items()]
    return ("# Benchmark results\n\n"
            f"Last run {results['date']} on {m['cpus']} CPU cores, Python {m['python']}, {m['platform']}, "
            "by `make bench` (bench/run.py; how each number is measured is in its docstring).\n\n"
            + "\n".join(rows) + "\n\n" + "\n".join(notes) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rebuilds-only", action="store_true",
                        help="measure only the no-op and one-file rebuilds (see bench_rebuilds)")
    args = parser.parse_args(argv)
    # Sizes not run this time keep their earlier numbers (each with its date).
    path = BENCH / "results.json"
    earlier = json.loads(path.read_text())["sizes"] if path.exists() else {}
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    results = {"date": now,
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()},
               "method": "bench/run.py docstring", "sizes": earlier}
    code = commit()  # before measuring: the code the run starts with
    for size in args.sizes:  # results are written after each size, so a long run keeps what it measured
        if args.rebuilds_only:
            r = results["sizes"].get(str(size), {})
            measured = bench_rebuilds(size, args.workers)
            r.update(measured, incremental_ratio=round(measured["incremental_one_file_s"] / r["build_s"], 4),
                     rebuilds_note=measured["rebuilds_note"] + f", {now}, commit {code}")
            results["sizes"][str(size)] = r
        else:
            results["sizes"][str(size)] = {**bench_size(size, args.workers), "measured": now, "commit": code}
        results["sizes"] = dict(sorted(results["sizes"].items(), key=lambda kv: int(kv[0])))
        (BENCH / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
        (BENCH / "results.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
