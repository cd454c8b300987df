#!/usr/bin/env python3
"""Run `redline evaluate` on the development gold in ../shared and check the figures.

Usage: .venv/bin/python bench/evaluate_dev.py [--thresholds bench/thresholds.json] [--workers N] [--only NAME]

For each entry of the thresholds file ({name: {"gold": path under ../shared, or under the clone when
it starts with "bench/", "min": {figure: minimum}}}) runs `redline evaluate GOLD --format json` (the
pipeline over the gold inputs; one pipeline, loaded once, serves every run), prints the headline
figures, and exits 1 when any figure is below its minimum (or a run fails). Entries whose gold is in
../shared are skipped with a message when it is absent.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
THRESHOLDS = Path(__file__).resolve().parent / "thresholds.json"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--thresholds", default=str(THRESHOLDS), metavar="FILE")
    ap.add_argument("--workers", type=int, default=1, metavar="N")
    ap.add_argument("--only", action="append", metavar="NAME", help="run only this entry (repeatable)")
    args = ap.parse_args()
    if not SHARED.is_dir():
        print(f"skip: {SHARED} not found (its entries are skipped)")
    config = json.loads(Path(args.thresholds).read_text(encoding="utf-8"))
    entries = {k: v for k, v in config.items() if not k.startswith("_") and (not args.only or k in args.only)}

    from redline.cli import default_pipeline_factory
    from redline.cli import main as redline

    pipelines: dict[int, object] = {}

    def factory(workers: int):
        if workers not in pipelines:
            pipelines[workers] = default_pipeline_factory(workers)
        return pipelines[workers]

    failed = []
    for name, entry in entries.items():
        gold = ROOT / entry["gold"] if entry["gold"].startswith("bench/") else SHARED / entry["gold"]
        if not gold.exists():
            print(f"{name}: skip ({gold} not found)")
            continue
        out = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(out):
            status = redline(["evaluate", str(gold), "--format", "json", "--errors", "0",
                              "--workers", str(args.workers)], pipeline_factory=factory)
        elapsed = time.perf_counter() - started
        if status != 0:
            print(f"{name}: redline evaluate failed (exit status {status})")
            failed.append(f"{name}: run failed")
            continue
        result = json.loads(out.getvalue())
        print(f"{name}: {result['summary'][-1]}   ({result.get('inputs')} inputs, {elapsed:.1f} s)")
        input_errors = result.get("input_errors") or []
        for err in input_errors[:5]:
            print(f"   input error: {err}")
        if len(input_errors) > 5:
            print(f"   ... {len(input_errors) - 5} more input errors ({len(input_errors)} in all)")
        for figure, minimum in entry["min"].items():
            value = result["headline"].get(figure)
            ok = isinstance(value, int | float) and value >= minimum
            print(f"   {figure:<16} {value if value is None else f'{value:.3f}'}  (min {minimum:.3f})"
                  f"  {'ok' if ok else 'BELOW'}")
            if not ok:
                failed.append(f"{name} {figure}")
    if failed:
        print("below threshold: " + ", ".join(failed))
        return 1
    print("all figures at or above their thresholds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
