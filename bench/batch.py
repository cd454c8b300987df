"""`redline batch` on 1 and 2 Dask workers, same inputs, same run: speed-up, worker memory, identity.

    .venv/bin/python bench/batch.py [--limit 80] [--words 500] [--partition-size 5] [--workers 1 2]

Makes ~500-word articles from ``../shared/eval/timebank-aquaint-dev.jsonl`` (as
``bench/throughput.py`` does; skips with a message when absent), then for each worker count
starts a LocalCluster (processes, one thread each), loads the models on every worker (the
worker plugin; timed apart) and times :func:`redline.batch.cluster.run_batch` over the
articles into a fresh output folder. Prints articles/s, the speed-up over one worker (the
target is >= 1.8 with 2 workers), each worker's resident and peak memory, the Parquet
size, and whether every run's documents equal a ``Pipeline().process`` extract of the same
inputs (the records ``redline extract`` prints), and the Parquet kilobytes per article by
table (what ``docs/scale.md`` extrapolates). The machine may be shared: compare runs
of one invocation only.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))


def dumps(document: object) -> str:
    return json.dumps(document.to_dict(), ensure_ascii=False, default=str)  # type: ignore[attr-defined]


def table_kb(out: Path, table: str) -> float:
    return sum(f.stat().st_size for f in out.glob(f"*/{table}.parquet")) / 1024


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def main(argv: list[str] | None = None) -> int:
    from throughput import DATA, articles

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=80, help="number of articles (default 80)")
    parser.add_argument("--words", type=int, default=500, help="words per article (default 500)")
    parser.add_argument("--partition-size", type=int, default=5, help="articles per partition (default 5)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default 1 2)")
    parser.add_argument("--data", type=Path, default=DATA, help="TimeBank/AQUAINT JSONL")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"skip: {args.data} not found; nothing to benchmark")
        return 0

    from distributed import Client

    from redline.batch.cluster import LoadModels, local_cluster, run_batch
    from redline.batch.partitions import read_documents
    from redline.batch.tables import TABLES
    from redline.inputs import iter_inputs
    from redline.pipeline import Pipeline

    records = articles(args.data, args.words, args.limit)
    words = sum(len(r["text"].split()) for r in records) / max(len(records), 1)
    size = args.partition_size
    print(f"data:        {len(records)} articles of {words:.0f} words avg; partitions of {size}")
    with tempfile.TemporaryDirectory(prefix="redline-batch-bench-") as tmp:
        source = Path(tmp) / "articles.jsonl"
        lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in records]
        source.write_text("".join(lines), encoding="utf-8")
        rates: dict[int, float] = {}
        outputs: dict[int, list] = {}
        for n in args.workers:
            out = Path(tmp) / f"out-{n}"
            started = time.perf_counter()
            cluster = local_cluster(n)
            with Client(cluster) as client:
                client.register_plugin(LoadModels())  # every worker loads the models now
                load_s = time.perf_counter() - started
                started = time.perf_counter()
                summary = run_batch(iter_inputs([str(source)]), out, scheduler=cluster.scheduler_address,
                                    partition_size=size)  # fmt: skip
                seconds = time.perf_counter() - started
            cluster.close()
            rates[n] = summary.documents / seconds
            outputs[n] = [dumps(d) for d in read_documents(out)]
            memory = ", ".join(
                f"{m['rss_mb']:.0f} MB (peak {m['peak_mb']:.0f})" for m in summary.memory.values()
            )  # fmt: skip
            print(f"{n} worker{'s' if n > 1 else ' '}:   {rates[n]:.2f} articles/s ({summary.documents} in "
                  f"{seconds:.1f} s; cluster start + model load {load_s:.1f} s apart); "
                  f"{summary.failed} errors, {summary.events} events")  # fmt: skip
            print(f"             worker memory: {memory}; Parquet {folder_mb(out):.2f} MB")
            sizes = {t: table_kb(out, t) / len(records) for t in TABLES}
            table_sizes = ", ".join(f"{t} {kb:.2f}" for t, kb in sizes.items())
            print(f"             Parquet KB per article: {sum(sizes.values()):.2f} ({table_sizes})")
        base = min(args.workers)
        for n in args.workers:
            if n != base:
                print(f"speed-up:    {n} vs {base} workers = {rates[n] / rates[base]:.2f}x (target >= 1.8x)")
        pipeline = Pipeline()
        extract = [dumps(d) for d in pipeline.process(iter_inputs([str(source)]))]
        for n in args.workers:
            same = outputs[n] == extract
            label = f"{n} worker{'s' if n > 1 else ''}"
            print(f"identical:   {label} vs extract: {same} ({len(outputs[n])} documents)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
