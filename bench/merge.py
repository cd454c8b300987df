#!/usr/bin/env python3
"""Cross-document event merging on synthetic reports: speed and pairwise precision/recall.

Usage: .venv/bin/python bench/merge.py [--events 20000] [--seed 3]

Generates ``--events`` true events (random type, actor and recipient among 12 countries, a day
in one year, a city) and 1-8 reports of each from different documents, with the noise real
reports have: a date one day off, a month-only date, a missing recipient, an extra actor, the
place not found. Copies of one story share a source. Then runs
``redline.corroborate.merge.merge_reports`` over all reports (shuffled) and prints the seconds
taken and precision/recall over pairs of reports (same merged event vs same true event).
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from itertools import combinations

from redline.corroborate.merge import merge_reports
from redline.records import Actor, Event, EventReport, Place

COUNTRIES = ["RUS", "UKR", "BLR", "POL", "ISR", "LBN", "IRN", "USA", "CHN", "TWN", "SDN", "ETH"]
TYPES = ["ASSAULT", "THREATEN", "MOBILIZE", "ACCUSE", "CONSULT", "AGREE", "COERCE", "SANCTION"]
CITIES = [
    (f"city{i}", random.Random(i).uniform(-60, 60), random.Random(-i).uniform(-170, 170)) for i in range(300)
]


def generate(n_events: int, seed: int) -> list[tuple[int, EventReport]]:
    rng = random.Random(seed)
    out: list[tuple[int, EventReport]] = []
    doc = 0
    for truth in range(n_events):
        kind = rng.choice(TYPES)
        actor, recipient = rng.sample(COUNTRIES, 2)
        day = 1 + rng.randrange(360)
        month, dom = 1 + (day - 1) // 30, 1 + (day - 1) % 30
        city = rng.choice(CITIES)
        for copy in range(rng.randint(1, 8)):
            doc += 1
            date, granularity = f"2024-{min(month, 12):02d}-{min(dom, 28):02d}", "day"
            roll = rng.random()
            if roll < 0.15:
                date = f"2024-{min(month, 12):02d}-{min(dom + 1, 28):02d}"
            elif roll < 0.2:
                date, granularity = date[:7], "month"
            recipients = [] if rng.random() < 0.1 else [Actor(recipient, recipient)]
            actors = [Actor(actor, actor)]
            if rng.random() < 0.05:
                actors.append(Actor("x", rng.choice(COUNTRIES)))
            place = None
            if rng.random() >= 0.3:
                place = Place(city[0], 0, 1, city[0], recipient, None, city[1], city[2])
            event = Event(kind, actors, recipients, date, f"report {doc}", {"start": 0, "end": 1},
                          date_granularity=granularity, place=place, confidence=0.7)
            source = f"doc{doc - 1}" if copy and rng.random() < 0.3 else f"doc{doc}"
            out.append((truth, EventReport(f"doc{doc}", 0, event, "2024-12-31", source)))
    rng.shuffle(out)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    labelled = generate(args.events, args.seed)
    truth = {r.key: t for t, r in labelled}
    started = time.perf_counter()
    merged = merge_reports(r for _, r in labelled)
    seconds = time.perf_counter() - started
    predicted = {(ref.doc_id, ref.idx): m.id for m in merged for ref in m.reports}
    same_true = Counter(truth.values())
    true_pairs = sum(n * (n - 1) // 2 for n in same_true.values())
    found = right = 0
    for m in merged:
        keys = [(ref.doc_id, ref.idx) for ref in m.reports]
        for a, b in combinations(keys, 2):
            found += 1
            right += truth[a] == truth[b]
    precision = right / found if found else 1.0
    recall = right / true_pairs if true_pairs else 1.0
    print(f"{len(labelled)} reports of {args.events} events -> {len(merged)} merged events "
          f"in {seconds:.1f} s")
    print(f"pairwise precision {precision:.3f}  recall {recall:.3f}  ({len(predicted)} reports placed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
