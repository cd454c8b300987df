"""remerge over a simulated store gives exactly merge_reports over everything (many random sets).

No database: the stored merge is ``merge_reports`` of the stored reports, and the neighbourhood
look-up of :func:`redline.corroboration._incremental` is done over it in Python (the events with
a block key of a wanted range whose first report fits it), round after round until complete.
"""

from __future__ import annotations

import random

import pytest

from redline.corroborate.merge import (
    MergeConfig,
    Ranges,
    add_ranges,
    block_keys,
    merge_order,
    merge_reports,
    neighbourhood_bounds,
    remerge,
    report_end,
    report_start,
    shift_day,
)
from redline.records import Actor, Event, EventReport, Place

COUNTRIES = ["RUS", "UKR", "BLR", "POL", "LTU"]
CITIES = [("Kyiv", "UKR", 50.45, 30.52), ("Lviv", "UKR", 49.84, 24.03), ("Minsk", "BLR", 53.9, 27.56)]


def _report(rng: random.Random, n: int) -> EventReport:
    kind = rng.choice(["ASSAULT", "THREATEN"])
    day = rng.randint(1, 20)
    date, granularity = f"2024-03-{day:02d}", "day"
    roll = rng.random()
    if roll < 0.1:
        date, granularity = "2024-03", "month"
    elif roll < 0.15:
        date, granularity = f"2024-W{rng.randint(9, 12)}", "week"
    elif roll < 0.18:
        date, granularity = None, None
    actors = [Actor(c, c) for c in rng.sample(COUNTRIES, rng.choice([0, 1, 1, 1, 2]))]
    recipients = [Actor(c, c) for c in rng.sample(COUNTRIES, rng.choice([0, 1, 1, 2]))]
    place = None
    if rng.random() < 0.4:
        name, country, lat, lon = rng.choice(CITIES)
        place = Place(name, 0, 1, name, country, None, lat, lon)
    event = Event(kind, actors, recipients, date, f"{kind} {n}", {"start": 0, "end": 1},
                  date_granularity=granularity, place=place,
                  mode=["negation"] if rng.random() < 0.05 else [])  # fmt: skip
    doc = rng.randrange(max(1, n // 2) + 1)
    published = f"2024-03-{rng.randint(1, 28):02d}" if rng.random() < 0.9 else None
    return EventReport(f"d{doc:03d}", n, event, published, f"s{doc % 7}")


def _neighbourhood(stored: dict[str, list[EventReport]], ranges: Ranges, config: MergeConfig) -> set[str]:
    """The stored events merge_neighbourhood returns for *ranges*."""
    out = set()
    for mid, members in stored.items():
        first = members[0]
        start, end = report_start(first), report_end(first)
        keys = {k for m in members for k in block_keys(m)}
        if any(start <= hi and end >= neighbourhood_bounds(lo, config)
               for k in keys for lo, hi in ranges.get(k, ())):  # fmt: skip
            out.add(mid)
    return out


def _incremental(
    old: list[EventReport], new: list[EventReport], config: MergeConfig, widen: int
) -> set[tuple]:
    everything = {m.id: sorted((r for r in old if (r.doc_id, r.idx) in {(x.doc_id, x.idx) for x in m.reports}),
                               key=merge_order) for m in merge_reports(old, config)}  # fmt: skip
    slack = max(config.day_slack, config.week_slack)
    query: Ranges = {}
    for r in new:
        end = report_end(r)
        last = end if end == "9999" else max(shift_day(end, slack), shift_day(report_start(r), widen))
        add_ranges(query, {k: [(report_start(r), last)] for k in block_keys(r)})
    loaded: Ranges = {}
    stored: dict[str, list[EventReport]] = {}
    for _ in range(100):
        for mid in _neighbourhood(everything, query, config):
            stored[mid] = everything[mid]
        add_ranges(loaded, query)
        result = remerge(stored, new, loaded, config)
        if result.complete:
            break
        query = result.needs
    else:
        raise AssertionError("remerge never completed")
    kept = {mid: ms for mid, ms in everything.items() if mid not in result.gone}
    kept.update(result.members)
    return {(mid, tuple(r.key for r in ms)) for mid, ms in kept.items()}


@pytest.mark.parametrize("widen", [0, 35])  # the first look-up: the reports' own days, or a month on
@pytest.mark.parametrize("seed", range(60))
def test_remerge_equals_merging_everything(seed, widen):
    rng = random.Random(seed)
    config = MergeConfig()
    reports = [_report(rng, n) for n in range(rng.randint(20, 90))]
    split = rng.randint(0, len(reports) - 1)
    rng.shuffle(reports)
    old, new = reports[:split], reports[split:][: rng.choice([1, 2, 6, 20])]
    full = {(m.id, tuple((r.doc_id, r.idx) for r in m.reports)) for m in merge_reports(old + new, config)}
    assert _incremental(old, new, config, widen) == full
