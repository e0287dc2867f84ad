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


def test_a_local_dask_cluster_gives_the_tables_of_one_process(tmp_path, seed_db):
    db = tmp_path / "corpus.db"
    summary = build(RAW, db, log=quiet, scheduler="local", workers=2, cache_dir=False)
    assert summary.analysed == summary.documents == 5
    assert dump(db) == dump(seed_db)


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
