"""Per-document analysis on a Dask cluster.

The per-document stages need no other document, so a build can hand them
to Dask's distributed scheduler: ``--scheduler ADDRESS`` sends them to a
running cluster (``dask scheduler`` and ``dask worker`` processes, on as many
machines as there are), ``--scheduler local`` starts a cluster of
``--workers`` processes on this machine for the build's duration.

Documents travel in batches (``BATCH``) so that a task is worth its
scheduling; each worker process loads the language model once, on its first
batch, and keeps it. Results come back to the build in file order and go to
the content-keyed cache as they arrive, so a worker lost mid-build costs only
the batch it held (the scheduler runs it again elsewhere) and a build run
again finds everything already done in the cache. The corpus-wide stages
and the writer stay on the machine that runs the build.

A worker reads its files itself: the raw directory (and the build's paths)
must be the same on every machine, through a shared filesystem. The worker
processes of a local cluster watch their parent and end with the build,
however it ends (tests/test_hostile.py).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

#: Documents per task.
BATCH = 8


def _analyse_batch(analyse: Callable, jobs: list[tuple]) -> list:
    return [analyse(job) for job in jobs]


@contextmanager
def client(scheduler: str, workers: int) -> Iterator:
    """A Dask client: of the cluster at ``scheduler``, or, for "local", of a
    cluster of ``workers`` single-threaded processes started for the block."""
    from distributed import Client, LocalCluster  # imported only when a cluster is asked for
    if scheduler != "local":
        with Client(scheduler) as c:
            yield c
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as c:
        yield c


def run(c, analyse: Callable, jobs: list[tuple]) -> Iterable:
    """``analyse(job)`` for each of ``jobs`` on the cluster of client ``c``,
    yielded in order as the batches come back."""
    batches = [jobs[i:i + BATCH] for i in range(0, len(jobs), BATCH)]
    futures = c.map(_analyse_batch, [analyse] * len(batches), batches, pure=False)
    for future in futures:
        results = future.result()
        future.release()
        yield from results
