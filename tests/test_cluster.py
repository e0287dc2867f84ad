"""The per-document analysis on a Dask cluster (ingest/cluster.py)."""
import os
import signal
import threading

import pytest
from distributed import Client, LocalCluster

from conftest import RAW
from test_incremental import dump, quiet

from ingest import assemble
from ingest.build import build

pytestmark = pytest.mark.slow


def _results_taken(monkeypatch) -> list[str]:
    """The kinds of results the build receives from its workers."""
    kinds, take = [], assemble._take

    def noting(name, k, result, *rest):
        kinds.append(type(result).__name__)
        return take(name, k, result, *rest)

    monkeypatch.setattr(assemble, "_take", noting)
    return kinds


def test_a_local_dask_cluster_gives_the_tables_of_one_process(tmp_path, seed_db, monkeypatch):
    kinds = _results_taken(monkeypatch)
    db = tmp_path / "corpus.db"
    summary = build(RAW, db, log=quiet, scheduler="local", workers=2, cache_dir=False)
    assert summary.analysed == summary.documents == 5
    assert dump(db) == dump(seed_db)
    assert kinds == ["Stored"] * 5  # the workers wrote the (temporary) cache; only outlines came back


def test_a_remote_cluster_with_no_cache_sends_the_analyses_back(tmp_path, seed_db, monkeypatch):
    """With --no-cache the cache is a temporary directory of the build's
    machine, which the workers of a cluster started elsewhere cannot be
    assumed to see: they send the analyses back and the build stores them."""
    kinds = _results_taken(monkeypatch)
    db = tmp_path / "corpus.db"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as local:
        summary = build(RAW, db, log=quiet, scheduler=local.scheduler_address, cache_dir=False)
    assert summary.analysed == summary.documents == 5
    assert dump(db) == dump(seed_db)
    assert kinds == ["Analysed"] * 5


def test_a_worker_killed_mid_build_loses_nothing(tmp_path, seed_db, monkeypatch):
    """A worker of a running cluster is killed once the first batch is back:
    its batch runs again on the other one, the build completes with the
    same tables, and every analysis is in the cache."""
    monkeypatch.setattr(assemble, "BATCH", 1)  # one task per document: the kill falls between tasks
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as local, Client(local) as client:
        pids = list(client.run(os.getpid).values())
        killed = threading.Event()

        def log(message):
            if message.startswith("[1/") and not killed.is_set():
                os.kill(pids[0], signal.SIGKILL)
                killed.set()

        db = tmp_path / "corpus.db"
        summary = build(RAW, db, log=log, scheduler=local.scheduler_address)
    assert killed.is_set() and summary.analysed == summary.documents == 5
    assert dump(db) == dump(seed_db)
    assert build(RAW, db, log=quiet).up_to_date


def test_the_local_cluster_workers_run_without_the_settings_that_slow_the_analysis(monkeypatch):
    """Dask's nanny gives its workers MALLOC_TRIM_THRESHOLD_=65536 and each
    worker profiles its task every 10 ms; both slow the analysis
    (ingest/cluster.py), and the build's local cluster has neither. (A
    cluster started earlier in this process leaves the variable in its
    environment, which any child inherits: the test starts without it.)"""
    from ingest import cluster
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    with cluster.client("local", 1) as c:
        seen = c.run(lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OMP_NUM_THREADS"),
                              __import__("dask").config.get("distributed.worker.profile.enabled"),
                              __import__("dask").config.get("distributed.admin.tick.interval")))
    assert list(seen.values()) == [(None, "1", False, "1s")]
