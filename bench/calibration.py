#!/usr/bin/env python3
"""How well event confidences match how often events are right, on sentence-level gold.

Usage: .venv/bin/python bench/calibration.py [GOLD.jsonl]   (default ../shared/eval/plover-gsr-dev.jsonl)

Runs the pipeline over the gold sentences, counts a predicted event right when its type is
the gold type, and prints a reliability table (confidence bins: events, mean confidence,
share right), the expected calibration error (ECE, the event-weighted gap between the
two) and the Brier score (mean squared gap between confidence and outcome, 1 right / 0 wrong;
unlike ECE it also rewards telling right from wrong events apart). Exits 0 with a message
when the gold file is absent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "plover-gsr-dev.jsonl"


def main(argv: list[str]) -> int:
    gold_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_GOLD
    if not gold_path.exists():
        print(f"skip: {gold_path} not found")
        return 0
    from redline.code.calibration import BINS, brier, ece, reliability
    from redline.inputs import iter_inputs
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
    for low, high, n, mean, right in reliability(pairs, BINS):
        print(f"{low:5.2f}-{high:4.2f}  {n:6d}  {mean:9.3f}  {right:6.3f}")
    mean = sum(c for c, _ in pairs) / len(pairs)
    right = sum(r for _, r in pairs) / len(pairs)
    print(
        f"events {len(pairs)}  mean conf {mean:.3f}  right {right:.3f}  "
        f"ECE {ece(pairs, BINS):.3f}  Brier {brier(pairs):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
