"""``redline batch`` on Dask distributed: partitions coded on workers that load the models once.

:func:`run_batch` reads the inputs in the calling process, cuts them into partitions
(:mod:`redline.batch.partitions`), skips the partitions finished by an earlier run and sends
the others to the workers of a Dask cluster: a :class:`~distributed.LocalCluster` of
``workers`` processes (one thread each) by default, or the cluster at ``scheduler``. Each
worker loads a :class:`~redline.pipeline.Pipeline` once (:class:`LoadModels`, a worker
plugin), codes a partition and writes its Parquet files itself; the output folder must be
one the workers can write (shared storage on a multi-machine cluster). A bad input is a
failed record in its partition; a partition whose worker died is reported and redone by
the next run. At most ``2 x workers`` partitions are in flight, so memory stays bounded.
"""

from __future__ import annotations

import functools
import logging
import os
import resource
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, get_worker, wait

from redline.batch.partitions import (
    finished_partitions,
    mark_exact_copies,
    partitions,
    write_partition,
)
from redline.records import RawInput

__all__ = ["BatchSummary", "LoadModels", "code_partition", "local_cluster", "run_batch"]

PLUGIN = "redline-models"


class LoadModels(WorkerPlugin):
    """Loads one :class:`~redline.pipeline.Pipeline` per worker when the worker starts."""

    name = PLUGIN

    def __init__(self, batch_size: int = 16):
        self.batch_size = batch_size
        self.pipeline: Any = None

    def setup(self, worker: Any) -> None:
        self.pipeline = worker_pipeline(self.batch_size)


@functools.cache
def worker_pipeline(batch_size: int) -> Any:
    """The worker process's one pipeline (registering the plugin again loads nothing again)."""
    from redline.pipeline import Pipeline

    # one classifier thread per worker: the cluster's workers fill the cores
    return Pipeline(n_process=1, batch_size=batch_size, threads=1)


@dataclass
class PartitionResult:
    """What a worker did with one partition."""

    name: str
    documents: int
    failed: int
    events: int
    written: bool
    errors: list[str]


def code_partition(raws: list[RawInput], out: str, name: str) -> PartitionResult:
    """On a worker: code one partition's inputs and write its Parquet files."""
    if (Path(out) / name).is_dir():  # finished meanwhile (a re-run, a retried task)
        return PartitionResult(name, 0, 0, 0, False, [])
    plugin: Any = get_worker().plugins[PLUGIN]
    documents = list(plugin.pipeline.process(raws))
    written = write_partition(out, name, documents)
    errors = [d.error for d in documents if d.error]
    events = sum(len(d.events) for d in documents)
    return PartitionResult(name, len(documents), len(errors), events, written, errors)


def worker_memory() -> dict[str, float]:
    """On a worker: its resident memory now and at its peak, in MB."""
    import psutil

    return {
        "rss_mb": psutil.Process(os.getpid()).memory_info().rss / 2**20,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


@dataclass
class BatchSummary:
    """What one :func:`run_batch` call did."""

    partitions: int = 0
    skipped: int = 0
    documents: int = 0
    failed: int = 0
    events: int = 0
    workers: int = 0
    errors: list[str] = field(default_factory=list)  # failed records, then failed partitions
    failed_partitions: list[str] = field(default_factory=list)
    copies_marked: int = 0
    memory: dict[str, dict[str, float]] = field(default_factory=dict)  # worker address -> MB

    @property
    def ok(self) -> bool:
        return not self.errors and not self.failed_partitions


def local_cluster(workers: int) -> LocalCluster:
    """A cluster of ``workers`` processes with one thread each, on 127.0.0.1, no dashboard."""
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        memory_limit=0,  # the models need what they need; no pausing or spilling
        silence_logs=logging.ERROR,
    )


def _client(workers: int, scheduler: str | None) -> tuple[Client, LocalCluster | None]:
    if scheduler:
        return Client(scheduler), None
    cluster = local_cluster(workers)
    return Client(cluster), cluster


def run_batch(
    raws: Iterable[RawInput],
    out: str | os.PathLike[str],
    *,
    workers: int = 2,
    scheduler: str | None = None,
    partition_size: int = 100,
    batch_size: int = 16,
    on_partition: Callable[[PartitionResult], None] | None = None,
) -> BatchSummary:
    """Code ``raws`` on a Dask cluster into Parquet partitions under ``out``.

    ``workers``: processes of the LocalCluster started here (ignored with ``scheduler``, the
    address of a running cluster's scheduler). ``on_partition`` hears each finished partition.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    finished = set(finished_partitions(folder))
    summary = BatchSummary()
    started: list[tuple[Client, LocalCluster | None]] = []  # the cluster starts when work is found
    running: dict[Any, str] = {}

    def collect(futures: Iterable[Any]) -> None:
        for future in futures:
            name = running.pop(future)
            try:
                result: PartitionResult = future.result()
            except Exception as exc:  # the worker died (killed, out of memory): redo next run
                summary.failed_partitions.append(f"{name}: {type(exc).__name__}: {exc}")
                continue
            summary.documents += result.documents
            summary.failed += result.failed
            summary.events += result.events
            summary.errors.extend(result.errors)
            if on_partition is not None:
                on_partition(result)

    try:
        for partition in partitions(raws, partition_size):
            summary.partitions += 1
            if partition.name in finished:
                summary.skipped += 1
                continue
            if not started:
                started.append(_client(workers, scheduler))
                started[0][0].register_plugin(LoadModels(batch_size))
                summary.workers = len(started[0][0].scheduler_info()["workers"]) or workers
            client = started[0][0]
            future = client.submit(code_partition, partition.raws, str(folder), partition.name,
                                   key=f"redline-{partition.name}", pure=False)  # fmt: skip
            running[future] = partition.name
            if len(running) >= 2 * max(summary.workers, 1):
                collect(wait(list(running), return_when="FIRST_COMPLETED").done)
        if running:
            collect(wait(list(running)).done)
        if started:
            summary.memory = started[0][0].run(worker_memory)
    finally:
        for client, cluster in started:
            client.close()
            if cluster is not None:
                cluster.close()
    summary.copies_marked = mark_exact_copies(folder)
    return summary
