#!/usr/bin/env python3
"""Evaluate redline.annotate.times.find_times on TimeBank-style gold.

Usage: PYTHONPATH=src python bench/eval_times.py [GOLD.jsonl] [--all-types] [--errors N]

Writes RECORDS.jsonl lines {"id", "times": [{"text", "value", "type", "start", "end"}]} to
bench/out/times-records.jsonl and runs the official scorer on it. By default only DATE-type
predictions are written (the scorer only scores gold DATE timexes but counts every prediction
for precision); --all-types writes DURATION/SET/TIME too. Skips cleanly without the gold file.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from redline.annotate.times import find_times

GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timebank-aquaint-dev.jsonl"
SCORER = Path(__file__).resolve().parents[2] / "shared" / "acceptance" / "score_times.py"
OUT = Path(__file__).resolve().parent / "out" / "times-records.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default=str(GOLD))
    ap.add_argument("--all-types", action="store_true")
    ap.add_argument("--errors", type=int, default=0, help="print up to N wrong/missed gold DATE timexes")
    args = ap.parse_args()
    gold = Path(args.gold)
    if not gold.exists():
        print(f"skip: {gold} not found")
        return 0
    docs = [json.loads(line) for line in gold.open() if line.strip()]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    preds = {}
    for d in docs:
        preds[d["doc_id"]] = find_times(d["text"], d.get("dct"))
    elapsed = time.perf_counter() - t0
    n_chars = sum(len(d["text"]) for d in docs)
    with OUT.open("w") as fh:
        for d in docs:
            times = [
                {"text": t.text, "value": t.value, "type": t.type, "start": t.start, "end": t.end}
                for t in preds[d["doc_id"]]
                if args.all_types or t.type == "DATE"
            ]
            fh.write(json.dumps({"id": d["doc_id"], "times": times}) + "\n")
    print(
        f"{len(docs)} docs, {n_chars} chars in {elapsed * 1000:.0f} ms "
        f"({elapsed * 1000 / (n_chars / 3000):.2f} ms per 3 kB)"
    )
    if args.errors:
        shown = 0
        for d in docs:
            by_text: dict[str, list] = {}
            for t in preds[d["doc_id"]]:
                by_text.setdefault(t.text.strip().lower(), []).append(t)
            for g in d["timexes"]:
                if g["type"] != "DATE" or shown >= args.errors:
                    continue
                cands = by_text.get(g["text"].strip().lower())
                got = cands.pop(0).value if cands else "<missed>"
                if got != g["value"]:
                    ctx = d["text"][max(0, g["start"] - 50) : g["end"] + 20].replace("\n", " ")
                    print(f"{d['dct'][:10]} {g['text']!r:28} gold={g['value']:12} got={got}  | {ctx}")
                    shown += 1
    if SCORER.exists():
        res = subprocess.run(
            [sys.executable, str(SCORER), str(gold), str(OUT)], capture_output=True, text=True
        )
        print(res.stdout.strip())
    else:
        print(f"scorer {SCORER} not found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
