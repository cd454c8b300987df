"""The ``redline watch`` and ``redline sources`` commands (parsing done in :mod:`redline.cli`)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType

from redline.records import Document, PipelineFactory, PipelineLike, RawInput


class LazyPipeline:
    """A pipeline made by ``factory(workers)`` at its first use, then kept for every cycle."""

    def __init__(self, factory: PipelineFactory, workers: int):
        self.factory = factory
        self.workers = workers
        self.made: PipelineLike | None = None

    def process(self, raws: Iterable[RawInput]) -> Iterator[Document]:
        if self.made is None:
            self.made = self.factory(self.workers)
        return self.made.process(raws)


def _db(args: argparse.Namespace) -> Path:
    from redline.store import default_db_path

    return Path(args.db) if args.db else default_db_path()


def cmd_watch(args: argparse.Namespace, factory: PipelineFactory) -> int:
    from redline.store import Store, StoreError
    from redline.watch import Watcher, load_sources

    try:
        config = load_sources(args.sources)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    path = _db(args)
    try:
        store = Store(path)
    except StoreError as exc:
        if "lock" in str(exc).lower():
            print(f"error: {path} is in use (is `redline serve` running? use `redline serve --watch`)",
                  file=sys.stderr)  # fmt: skip
        else:
            print(f"error: {exc}", file=sys.stderr)
        return 1
    stop = threading.Event()

    def stopping(signum: int, frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stopping)
    pipeline = LazyPipeline(factory, args.workers)
    watcher = Watcher(config, store, pipeline=pipeline, alerts=args.alerts, settings=args.settings,
                      allow_private=args.allow_private)  # fmt: skip
    try:
        return watcher.run(once=args.once, stop=stop)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        watcher.close()
        store.close()


def cmd_sources(args: argparse.Namespace) -> int:
    from redline.render import render_sources
    from redline.store import Store, StoreError
    from redline.store.watching import WatchState

    path = _db(args)
    if not path.exists():
        print(f"error: no database at {path} (run `redline watch` first)", file=sys.stderr)
        return 1
    try:
        with Store(path, read_only=True) as store:
            rows = WatchState(store).sources()
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.format == "jsonl":
        sys.stdout.write("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows))
    else:
        sys.stdout.write(render_sources(rows) + "\n")
    return 0
