"""``redline watch`` over many local feeds: items per minute end to end, CPU, memory, second cycle.

    nice .venv/bin/python bench/watch_feeds.py [--feeds 200] [--items 20] [--batch 100]

A local site (a separate process on 127.0.0.1, so that its CPU is not counted) serves
``--feeds`` RSS feeds of ``--items`` distinct generated war-news articles each. One watcher
(``Watcher.cycle``, the real pipeline, the packaged alert rules, a fresh store in a temporary
folder) fetches every feed and article, codes, stores, merges and fires alerts; the script
prints articles per minute (wall clock, pipeline loading excluded), the watcher's CPU seconds
and peak RSS, then runs a second cycle, which must be conditional GETs only (all 304).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))

ACTORS = [
    ("Russian forces", "Ukrainian"),
    ("Israeli aircraft", "Lebanese"),
    ("Sudanese paramilitaries", "Sudanese"),
    ("Houthi rebels", "Yemeni"),
    ("Turkish drones", "Syrian"),
    ("Ethiopian troops", "Eritrean"),
]
VERBS = ["attacked", "shelled", "struck", "bombed", "raided"]
FILLER = (
    "residents officials witnesses described damage hospitals reported casualties power outages roads "
    "bridges markets schools aid convoys negotiators ministry spokesman statement ceasefire talks border "
    "villages "
    "refugees shelters night morning artillery drones missiles"
).split()
DAYS = ["Monday", "Tuesday", "Friday"]


def make_article(n: int) -> tuple[str, str]:
    rng = random.Random(n)
    actor, target = rng.choice(ACTORS)
    place = (
        f"{rng.choice(['Nova', 'Kfar', 'Umm', 'Bir', 'Tel', 'Dar'])}{rng.choice(['ka', 'ra', 'li', 'mo'])}{n}"
    )
    title = f"{actor.split()[0]} strike hits {place}"
    lead = (
        f"{actor} {rng.choice(VERBS)} the {target} town of {place} on {rng.choice(DAYS)}, "
        f"local officials said, killing {rng.randint(2, 40)} people."
    )
    paragraphs = [" ".join(rng.choice(FILLER) for _ in range(40)).capitalize() + "." for _ in range(4)]
    body = "".join(f"<p>{p}</p>" for p in [lead, *paragraphs])
    page = f"<article><h1>{title}</h1>{body}</article>"
    html = f"<html><head><title>{title}</title></head><body>{page}</body></html>"
    return title, html


def serve(feeds: int, items: int, queue) -> None:  # runs in a child process
    from watch_site import Page, Site

    site = Site()
    site.start()
    base = site.base
    for f in range(feeds):
        paths = []
        for i in range(items):
            n = f * items + i
            _, html = make_article(n)
            site.routes[f"/a/{n}"] = Page(html.encode())
            paths.append(f"/a/{n}")
        links = "".join(
            f"<item><title>Article {p}</title><link>{base}{p}</link>"
            "<pubDate>Tue, 02 Jul 2024 10:00:00 GMT</pubDate></item>"
            for p in paths
        )
        site.routes[f"/feed/{f}.xml"] = Page(
            f"<rss version='2.0'><channel><title>F{f}</title>{links}</channel></rss>".encode(),
            content_type="application/rss+xml",
        )
    site.routes["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")
    queue.put(base)
    while True:
        time.sleep(3600)


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--batch", type=int, default=100, help="articles fetched, then ingested together")
    args = parser.parse_args()

    from redline.pipeline import shared_pipeline
    from redline.store import Store
    from redline.watch import Watcher
    from redline.watch.sources import parse_sources

    queue: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(args.feeds, args.items, queue), daemon=True)
    server.start()
    base = queue.get(timeout=300)
    pipeline = shared_pipeline()  # loaded before the clock starts
    config = parse_sources(
        {
            "allow": ["127.0.0.1"],
            "every": "15m",
            "sources": [{"url": f"{base}/feed/{f}.xml"} for f in range(args.feeds)],
        }
    )
    total = args.feeds * args.items
    try:
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "watch.duckdb") as store:
            watcher = Watcher(config, store, pipeline=pipeline, batch=args.batch, say=lambda m: None)
            cpu0, wall0 = cpu(), time.perf_counter()
            first = watcher.cycle(force=True)
            wall1, cpu1 = time.perf_counter() - wall0, cpu() - cpu0
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            docs = store.count("documents")
            merged = store.count("merged_events")
            cpu2, wall2 = cpu(), time.perf_counter()
            second = watcher.cycle(force=True)
            wall3, cpu3 = time.perf_counter() - wall2, cpu() - cpu2
            watcher.close()
    finally:
        server.terminate()
    head = f"{args.feeds} feeds x {args.items} items = {total} articles"
    print(f"watch benchmark: {head} (local site, real pipeline)")
    print(f"first cycle:  {wall1:.1f} s wall, {first.stored} stored ({docs} documents, {merged} merged)")
    print(f"              {first.alerts} alerts, {len(first.errors)} errors, {first.requests} requests")
    print(f"              {total / wall1 * 60:.0f} articles/minute end to end (fetch, code, store, merge)")
    print(f"              watcher CPU {cpu1:.1f} s, peak RSS {peak:.0f} MB")
    print(f"second cycle: {wall3:.2f} s wall, CPU {cpu3:.2f} s, {second.requests} requests,")
    print(
        f"              {second.not_modified}/{second.sources} feeds unchanged (304), "
        f"{second.fetched} articles fetched"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
