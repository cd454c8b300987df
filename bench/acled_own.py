#!/usr/bin/env python3
"""Score redline on our own ACLED-style notes (bench/data/acled_notes_own.csv).

Usage: .venv/bin/python bench/acled_own.py [--errors N] [CSV]

Runs ``redline evaluate CSV --gold-format acled`` and prints the figures that matter for
places: event type found, date exact / within a day, the event's place in the right
country and within 25 km of the gold coordinates; with --errors N, the first N wrong places.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
NOTES = ROOT / "bench" / "data" / "acled_notes_own.csv"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv", nargs="?", default=str(NOTES))
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="list N wrong places")
    args = ap.parse_args()

    from redline.cli import main as redline

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = redline(["evaluate", args.csv, "--gold-format", "acled", "--format", "json",
                          "--errors", "-1"])
    if status != 0:
        print(f"redline evaluate failed (exit status {status})")
        return status
    result = json.loads(out.getvalue())
    h = result["headline"]
    print(f"rows {h['rows']}, predicted events {h['predicted']}, placed {h['located']}")
    for label, key in [("event type found", "type_acc"), ("date exact", "date_exact"),
                       ("date within 1 day", "date_within_1"),
                       ("place in the right country", "place_country_acc"),
                       ("place within 25 km", "place_within_25km")]:
        print(f"  {label:<28} {h[key]:.3f}")
    if h.get("distance_km_median") is not None:
        print(f"  distance km mean/median     {h['distance_km_mean']:.1f} / {h['distance_km_median']:.1f}")
    wrong = [e for e in result.get("errors", []) if e["kind"] == "wrong place"]
    for e in wrong[: args.errors]:
        print(f"  {e['doc']}: gold {e['gold']}, got {e['pred']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
