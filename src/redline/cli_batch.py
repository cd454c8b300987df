"""The CLI's batch commands: ``redline batch`` (Dask, Parquet); the inputs of ``ingest --parquet``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from redline.records import Document


def cmd_batch(args: argparse.Namespace) -> int:
    from redline.batch.cluster import PartitionResult, run_batch
    from redline.inputs import default_published, iter_inputs

    raws = (default_published(r, args.published) for r in iter_inputs(args.paths, max_bytes=args.max_bytes))
    started = time.perf_counter()

    def finished(result: PartitionResult) -> None:
        for error in result.errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"{result.name}: {result.documents} documents, {result.events} events, {result.failed} errors",
              file=sys.stderr)  # fmt: skip

    summary = run_batch(
        raws,
        args.out,
        workers=args.workers,
        scheduler=args.scheduler,
        partition_size=args.partition_size,
        on_partition=finished,
    )
    for failure in summary.failed_partitions:
        print(f"error: partition {failure} (run again to redo it)", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(
        f"batch: {summary.partitions} partitions ({summary.skipped} finished before), {summary.documents} "
        f"documents coded ({summary.failed} errors, {summary.events} events) in {seconds:.1f} s "
        f"on {summary.workers} workers -> {args.out}",
        file=sys.stderr,
    )
    return 0 if summary.ok else 1


def parquet_documents(paths: Sequence[str]) -> Iterator[Document]:
    """The Documents of ``redline batch`` output folders, in input order; a folder holding no
    finished partition is one failed document."""
    from redline.batch.partitions import finished_partitions, read_documents

    for path in paths:
        if not finished_partitions(path):
            reason = "not a folder" if not Path(path).is_dir() else "no finished batch partitions"
            error = f"{path}: {reason} (the --out folder of `redline batch`)"
            yield Document(id=path, path=path, error=error)
            continue
        yield from read_documents(path)
