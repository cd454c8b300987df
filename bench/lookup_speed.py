#!/usr/bin/env python3
"""Speed of the look-ups the pipeline makes per article: actor dictionary, gazetteer, dates.

Usage: .venv/bin/python bench/lookup_speed.py [--repeat 5] [--strict]

Prints, for each look-up, the best of ``--repeat`` timings and its budget (the figures the
unit tests used to assert; timings belong here, where a busy machine cannot fail a test):

* loading the actor dictionary (``ActorResolver.load``, the first call; timed once): 1 s;
* 400 actor phrases resolved (``ActorResolver.resolve``): 1 s;
* 40 place mentions resolved against the gazetteer after it is loaded (``resolve_places``): 5 ms;
* TIMEX3 dates found and resolved in a 3 kB article (``find_times``): 20 ms.

``--strict`` exits with status 1 when a figure is over its budget.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable

PUB = dt.date(2024, 7, 3)
TIMES_TEXT = (
    "Russian forces shelled the city on Tuesday, officials said, two days after talks "
    "in Istanbul collapsed. Last year the front barely moved. "
) * 25  # ~3 kB
PLACES = [("Kyiv", 0, 4), ("Gaza", 5, 9), ("Moscow", 10, 16), ("Lebanon", 17, 24)] * 10


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timings per look-up; the best is kept")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a figure is over budget")
    args = parser.parse_args()

    from redline.actors import ActorResolver
    from redline.annotate.places import resolve_places
    from redline.annotate.times import find_times

    start = time.perf_counter()
    resolver = ActorResolver.load()
    load_seconds = time.perf_counter() - start

    def resolve_actors() -> None:
        for _ in range(200):
            resolver.resolve("Colonel Ivan Petrenko, a Belarusian military official", PUB)
            resolver.resolve("the Russian Defense Ministry", PUB)

    resolve_places([("Kyiv", 0, 4)])  # load the gazetteer
    find_times(TIMES_TEXT, PUB)  # compile the patterns
    figures = [
        ("actor dictionary load", load_seconds, 1.0),
        ("400 actor phrases", best_of(args.repeat, resolve_actors), 1.0),
        ("40 place mentions", best_of(args.repeat, lambda: resolve_places(PLACES, {"UKR"})), 0.005),
        ("dates in a 3 kB article", best_of(args.repeat, lambda: find_times(TIMES_TEXT, PUB)), 0.02),
    ]
    slow = 0
    print(f"{'look-up':<26}{'seconds':>10}{'budget':>10}")
    for name, seconds, budget in figures:
        over = seconds > budget
        slow += over
        print(f"{name:<26}{seconds:>10.4f}{budget:>10.3f}{'  OVER BUDGET' if over else ''}")
    return 1 if args.strict and slow else 0


if __name__ == "__main__":
    sys.exit(main())
