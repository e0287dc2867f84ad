"""Per-document analysis on a Dask cluster.

The per-document stages need no other document, so a build can hand them
to Dask's distributed scheduler: ``--scheduler ADDRESS`` sends them to a
running cluster (``dask scheduler`` and ``dask worker`` processes, on as many
machines as there are); ``--workers N`` (or ``--scheduler local``) starts a
cluster of N processes on this machine for the build's duration.

Documents travel in batches (``assemble.BATCH``) so that a task is worth its
scheduling and spaCy parses their texts in one pass; each worker process
loads the language model once, on its first batch, and keeps it. Each worker
puts every analysis it makes in the content-keyed cache itself and sends
back only its outline, in file order, so a worker lost mid-build costs only
the batch it held (the scheduler runs it again elsewhere) and a build run
again finds everything already done in the cache. The corpus-wide stages and
the writer stay on the machine that runs the build.

A worker reads its files and writes the cache itself: the raw directory and
the cache directory (the build's paths) must be the same on every machine,
through a shared filesystem. With ``--no-cache`` and a cluster started
elsewhere, the cache is a temporary directory of the build's machine, so the
analyses travel back to the build instead. The worker processes of a local
cluster watch their parent and end with the build, however it ends
(tests/test_hostile.py).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

#: Dask settings of the local cluster, each of whose defaults made the
#: build slower (the first two measured on 60 documents, one worker against
#: a plain process):
#:
#: * ``MALLOC_TRIM_THRESHOLD_``, which Dask's nanny sets to 65536 so that
#:   long-lived workers holding data give memory back to the system on every
#:   large free; ours hold nothing between batches but the model, and the
#:   trimming cost about 8 % (11.7 s against 10.7 s; 11.0 s without it).
#:   None unsets it;
#: * the statistical profiler, which samples the running task every 10 ms
#:   for the dashboard (which the build does not start): about 2 % (10.65 s
#:   against 10.37 s without it);
#: * the diagnostics every event loop runs (the scheduler and the nannies
#:   run in the build's own process): a tick every 20 ms that watches for a
#:   blocked loop, and system metrics every 0.5 s for the dashboard. Less
#:   often, the build's process used 1.31 s of CPU instead of 1.47 s for
#:   200 documents.
#:
#: For a cluster started elsewhere, the same goes in the workers' Dask
#: configuration (README).
LOCAL_CLUSTER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


@contextmanager
def client(scheduler: str, workers: int) -> Iterator:
    """A Dask client: of the cluster at ``scheduler``, or, for "local", of a
    cluster of ``workers`` single-threaded processes started for the block."""
    import dask  # imported only when a cluster is asked for
    from distributed import Client, LocalCluster
    if scheduler != "local":
        with Client(scheduler) as c:
            yield c
        return
    with dask.config.set(LOCAL_CLUSTER_CONFIG), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                         silence_logs=40) as cluster, Client(cluster) as c:
        yield c


def run(c, analyse: Callable, batches: list[list]) -> Iterable:
    """``analyse(batch)`` (a list of results) for each of ``batches`` on the
    cluster of client ``c``; yields the results one by one, in order, as the
    batches come back."""
    futures = c.map(analyse, batches, pure=False)
    for future in futures:
        results = future.result()
        future.release()
        yield from results
