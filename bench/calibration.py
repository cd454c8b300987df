#!/usr/bin/env python3
"""How well event confidences match how often events are right, on sentence-level gold.

Usage: .venv/bin/python bench/calibration.py [GOLD.jsonl]   (default ../shared/eval/plover-gsr-dev.jsonl)

Runs the pipeline over the gold sentences, counts a predicted event right when its type is
the gold type, and prints a reliability table (confidence bins: events, mean confidence,
share right) and the expected calibration error (ECE, the event-weighted gap between the
two). Exits 0 with a message when the gold file is absent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "plover-gsr-dev.jsonl"
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def main(argv: list[str]) -> int:
    gold_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_GOLD
    if not gold_path.exists():
        print(f"skip: {gold_path} not found")
        return 0
    from redline.ingest import iter_inputs
    from redline.pipeline import Pipeline

    gold = {}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[str(row["id"])] = row["expected"]["event"]
    pairs = []  # (confidence, right)
    for document in Pipeline().process(iter_inputs([str(gold_path)])):
        for event in document.events:
            if event.confidence is not None:
                pairs.append((event.confidence, event.event == gold.get(document.id)))
    if not pairs:
        print("no events with a confidence")
        return 0
    print(f"{'confidence':>12}  {'events':>6}  {'mean conf':>9}  {'right':>6}")
    ece = 0.0
    for low, high in zip(BINS, BINS[1:], strict=False):
        chunk = [(c, r) for c, r in pairs if low <= c < high]
        if not chunk:
            continue
        mean = sum(c for c, _ in chunk) / len(chunk)
        right = sum(r for _, r in chunk) / len(chunk)
        ece += len(chunk) / len(pairs) * abs(mean - right)
        print(f"{low:5.2f}-{min(high, 1.0):4.2f}  {len(chunk):6d}  {mean:9.3f}  {right:6.3f}")
    print(f"events {len(pairs)}  right {sum(r for _, r in pairs) / len(pairs):.3f}  ECE {ece:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
