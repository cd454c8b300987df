"""The watch cycle: fetch due sources, remember their items, fetch and ingest new articles, deliver.

One cycle, against the store (every write inside ``writing()``, the server's single-writer lock
when run by ``redline serve --watch``):

1. each due source is fetched with its stored validators (ETag / Last-Modified; a body whose
   hash did not change counts as unchanged); a feed's new item URLs are stored as ``pending``
   in the same transaction as the feed's new validators, so a crash never loses them;
2. pending URLs of every source (new ones, leftovers of a killed run, transient failures) are
   fetched in batches and ingested through :func:`redline.ingestion.ingest`; a URL whose
   document is already stored is marked done without a request; pages and drop-folder files
   are ingested when new or changed;
3. alerts not yet delivered to a channel are delivered (:mod:`redline.watch.deliver`).

The first cycle of a watcher also calls the ingestion service once with no input, which merges
documents a killed run stored but did not merge.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, TextIO, cast

from redline.inputs import MAX_BYTES, input_files, iter_inputs, raw_from_record, read_bytes
from redline.inputs.decode import DecodeError, decode_bytes
from redline.records import Document, PipelineFactory, PipelineLike, RawInput
from redline.store import Store
from redline.store.watching import WatchState, utcnow
from redline.watch.deliver import Deliverer
from redline.watch.feeds import FEED_KINDS, FeedError, FeedItem, Kind, detect_kind, parse_feed
from redline.watch.fetch import Fetched, Fetcher
from redline.watch.guard import Guard, Resolver, system_resolver
from redline.watch.sources import Source, WatchConfig
from redline.watch.urls import canonical_url, page_canonical

MAX_ATTEMPTS = 3  # fetches of one article URL that failed transiently before it is given up
BATCH = 100  # articles fetched, then ingested together
MAX_SITEMAPS = 50  # child sitemaps read from one sitemap index
ACCEPT_FEED = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8"
)


@dataclass
class CycleReport:
    """What one cycle did."""

    sources: int = 0  # sources fetched (or folders scanned)
    not_modified: int = 0  # of them, unchanged (304 or same body)
    new_urls: int = 0  # article URLs seen for the first time
    fetched: int = 0  # article pages fetched
    skipped: int = 0  # pending URLs whose document was already stored (no request)
    stored: int = 0
    duplicate: int = 0
    failed: int = 0  # article fetches or documents that failed (incl. refused)
    refused: int = 0  # refused by the SSRF guard or robots.txt
    alerts: int = 0
    delivered: int = 0
    requests: int = 0  # HTTP requests made (feeds, robots.txt, articles, redirects)
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.sources} sources ({self.not_modified} unchanged), {self.new_urls} new URLs, "
            f"{self.fetched} articles fetched, {self.stored} stored, {self.duplicate} duplicate, "
            f"{self.failed} failed ({self.refused} refused), {self.alerts} alerts, {self.delivered} delivered"
        )


@dataclass
class _Page:
    """One article (or changed page, or dropped file) to ingest, with the URL rows it settles."""

    raw: RawInput
    source: str
    keys: list[str]  # watch_urls keys marked by the outcome
    body_hash: str | None = None
    validators: tuple[str | None, str | None] | None = None  # a page source's (ETag, Last-Modified)


class Watcher:
    """Runs the sources of a :class:`WatchConfig` against a store.

    ``writing``: the open store, or a callable giving a context manager that yields it for one
    write (``ServerState.writing``). ``pipeline``/``alerts``/``settings``/``workers`` are passed
    to :func:`redline.ingestion.ingest`. ``resolver`` replaces DNS (tests); ``allow_private``
    widens the guard beyond the sources file."""

    def __init__(
        self,
        config: WatchConfig,
        writing: Store | Callable[[], AbstractContextManager[Store]],
        *,
        pipeline: PipelineLike | PipelineFactory | None = None,
        alerts: str | os.PathLike[str] | None = None,
        settings: str | os.PathLike[str] | None = None,
        workers: int = 1,
        resolver: Resolver = system_resolver,
        allow_private: bool = False,
        fetcher: Fetcher | None = None,
        stdout: TextIO | None = None,
        say: Callable[[str], None] | None = None,
        batch: int = BATCH,
    ):
        self.config = config
        if isinstance(writing, Store):
            opened = writing
            self.writing: Callable[[], AbstractContextManager[Store]] = lambda: contextlib.nullcontext(opened)
        else:
            self.writing = writing
        self.pipeline = pipeline
        self.alerts = alerts
        self.settings = settings
        self.workers = workers
        guard = Guard(
            allow_private=config.allow_private or allow_private, allow=config.allow, resolver=resolver
        )
        self.fetcher = fetcher or Fetcher(config.fetch, guard)
        self.deliverer = Deliverer(config.deliveries, stdout=stdout)
        self.say = say or (lambda message: print(message, file=sys.stderr))
        self.batch = batch
        self.cycles = 0
        self.by_id = {s.id: s for s in config.sources}

    def close(self) -> None:
        self.fetcher.close()

    # -- the loop --------------------------------------------------------------------------

    def run(self, once: bool = False, stop: threading.Event | None = None, max_wait: float = 60.0) -> int:
        """Run cycles until ``stop`` is set (or one cycle with ``once``); returns 1 when the last
        cycle had errors, else 0."""
        stop = stop or threading.Event()
        report = CycleReport()
        while not stop.is_set():
            report = self.cycle(force=once)
            if once or report.sources or report.fetched or report.alerts or report.delivered or report.errors:
                self.say(f"watch: {report.line()}")  # idle cycles (nothing due) stay quiet
            if once:
                break
            with self.writing() as store:
                due = WatchState(store).next_due(list(self.by_id))
            wait = max_wait if due is None else (due - utcnow()).total_seconds()
            stop.wait(min(max(wait, 1.0), max_wait))
        return 1 if report.errors else 0

    def cycle(self, force: bool = False) -> CycleReport:
        """One cycle: due sources (every source when ``force``), pending articles, deliveries."""
        report = CycleReport()
        requests = self.fetcher.requests
        with self.writing() as store:
            state = WatchState(store)
            if self.cycles == 0:
                state.sync_sources(self.config.sources)
                for channel in self.config.deliveries:  # alerts from now on go to every channel
                    state.channel_since(channel.name)
            ids = list(self.by_id)
            due = ids if force else state.due(ids, utcnow())
        if self.cycles == 0:
            self._ingest([], report)  # merges what a killed run stored but did not merge
        self.cycles += 1
        pages: list[_Page] = []
        for source_id in due:
            source = self.by_id[source_id]
            report.sources += 1
            try:
                if source.is_folder:
                    pages.extend(self._scan_folder(source, report))
                else:
                    page = self._fetch_source(source, report)
                    if page is not None:
                        pages.append(page)
            except Exception as exc:  # one broken source must not stop the others
                self._error(report, f"{source.id}: {type(exc).__name__}: {exc}")
        if pages:
            self._ingest(pages, report)
        self._articles(report)
        with self.writing() as store:
            delivered, errors = self.deliverer.deliver(WatchState(store))
        report.delivered += delivered
        for message in errors:
            self._error(report, message)
        report.requests = self.fetcher.requests - requests
        return report

    def _error(self, report: CycleReport, message: str) -> None:
        report.errors.append(message)
        self.say(f"error: {message}")

    # -- sources ---------------------------------------------------------------------------

    def _fetch_source(self, source: Source, report: CycleReport) -> _Page | None:
        """Fetch a URL source; a feed's new items become pending URLs, a changed page a _Page."""
        with self.writing() as store:
            known = WatchState(store).source(source.id)
        kind = source.kind or known["kind"]
        result = self.fetcher.get(source.id, known["etag"], known["last_modified"], accept=ACCEPT_FEED)
        if result.error is not None:
            with self.writing() as store:
                WatchState(store).fetched(
                    source.id,
                    status=_status(result),
                    error=result.error,
                    every=source.every,
                    keep_validators=True,
                )
            self._error(report, f"{source.id}: {result.error}")
            return None
        unchanged = result.not_modified or (
            known["body_hash"] is not None and result.body_hash == known["body_hash"]
        )
        if unchanged:
            report.not_modified += 1
            with self.writing() as store:
                WatchState(store).fetched(
                    source.id, status=_status(result), error=None, every=source.every, keep_validators=True
                )
            return None
        kind = kind or detect_kind(result.body, result.content_type)
        if kind == "page":  # a single page: ingested now; its validators are kept once it is stored
            return self._page(source, FeedItem(url=source.id), result, validators=True)
        try:
            feed_kind = cast(Kind, kind) if kind in FEED_KINDS else None
            parsed = parse_feed(result.body, result.final_url, feed_kind, result.content_type)
            items = list(parsed.items)
            if parsed.kind == "sitemapindex":
                items = self._child_sitemaps(parsed.items, report)
        except FeedError as exc:
            with self.writing() as store:
                WatchState(store).fetched(
                    source.id,
                    status=_status(result),
                    error=str(exc),
                    every=source.every,
                    keep_validators=True,
                )
            self._error(report, f"{source.id}: {exc}")
            return None
        language = source.language
        items = [FeedItem(i.url, i.title, i.published, language or i.language) for i in items]
        with self.writing() as store:
            state = WatchState(store)
            with state.transaction():
                new = state.add_urls(source.id, items)
                state.fetched(
                    source.id,
                    status=_status(result),
                    error=None,
                    every=source.every,
                    kind=parsed.kind,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    body_hash=result.body_hash,
                    items=new,
                )
        report.new_urls += new
        return None

    def _child_sitemaps(self, children: list[FeedItem], report: CycleReport) -> list[FeedItem]:
        items: list[FeedItem] = []
        for child in children[:MAX_SITEMAPS]:
            result = self.fetcher.get(child.url, accept=ACCEPT_FEED)
            if not result.ok:
                self._error(report, f"{child.url}: {result.error or _status(result)}")
                continue
            try:
                items.extend(parse_feed(result.body, result.final_url, "sitemap").items)
            except FeedError as exc:
                self._error(report, f"{child.url}: {exc}")
        return items

    def _scan_folder(self, source: Source, report: CycleReport) -> list[_Page]:
        """New or changed files of a drop folder (files are read, never moved or deleted)."""
        if not os.path.isdir(source.id):
            with self.writing() as store:
                WatchState(store).fetched(
                    source.id,
                    status="missing",
                    error="not a folder",
                    every=source.every,
                    keep_validators=True,
                )
            self._error(report, f"{source.id}: not a folder")
            return []
        pages: list[_Page] = []
        with self.writing() as store:
            state = WatchState(store)
            for path in input_files([source.id]):
                key = "file://" + os.path.abspath(path)
                try:
                    digest = hashlib.sha256(read_bytes(path, MAX_BYTES)).hexdigest()
                except Exception:  # unreadable: iter_inputs reports why
                    digest = None
                row = state.url(key)
                if (
                    row is not None
                    and row["status"] in ("stored", "duplicate", "failed")
                    and row["body_hash"] == digest
                ):
                    continue
                for raw in iter_inputs([path]):
                    if source.publisher and raw.format == "record":
                        raw.meta.setdefault("publisher", source.publisher)
                    pages.append(_Page(raw, source.id, [key], digest))
            state.fetched(
                source.id,
                status="scanned",
                error=None,
                every=source.every,
                kind="folder",
                keep_validators=True,
                items=len(pages),
            )
        return pages

    # -- articles --------------------------------------------------------------------------

    def _articles(self, report: CycleReport) -> None:
        """Fetch and ingest every pending article URL, in batches."""
        attempted: set[str] = set()
        while True:
            with self.writing() as store:
                state = WatchState(store)
                rows = [r for r in state.pending(list(self.by_id), MAX_ATTEMPTS) if r["url"] not in attempted]
                rows = rows[: self.batch]
                stored = _stored_ids(store, [r["url"] for r in rows])
                for row in rows:
                    if row["url"] in stored:  # stored by a run that was killed before marking it
                        state.mark(row["url"], "stored", doc_id=row["url"])
                        report.skipped += 1
            if not rows:
                return
            pages: list[_Page] = []
            for row in rows:
                attempted.add(row["url"])
                if row["url"] in stored:
                    continue
                source = self.by_id.get(row["source"])
                item = FeedItem(row["url"], row["title"], row["published"], row["language"])
                result = self.fetcher.get(row["url"])
                report.fetched += 1
                if result.error is not None:
                    self._article_failed(row, result, report)
                    continue
                page = self._page(source, item, result) if source is not None else None
                if page is not None:
                    pages.append(page)
                else:
                    report.failed += 1
            if pages:
                self._ingest(pages, report)

    def _article_failed(self, row: dict[str, Any], result: Fetched, report: CycleReport) -> None:
        report.failed += 1
        report.refused += result.refused
        given_up = not result.transient or row["attempts"] + 1 >= MAX_ATTEMPTS
        status = "refused" if result.refused else "failed" if given_up else "retry"
        with self.writing() as store:
            WatchState(store).mark(row["url"], status, error=result.error, source=row["source"])
        self._error(report, f"{row['url']}: {result.error}")

    def _page(
        self, source: Source | None, item: FeedItem, result: Fetched, validators: bool = False
    ) -> _Page | None:
        """A fetched article as a record RawInput (id: its canonical URL) -- None when undecodable."""
        source_id = source.id if source is not None else ""
        try:
            html, _ = decode_bytes(result.body, html=True)
        except DecodeError as exc:
            with self.writing() as store:
                WatchState(store).mark(item.url, "failed", error=str(exc), source=source_id)
            return None
        final = canonical_url(result.final_url) or item.url
        doc_id = page_canonical(html, final) or final
        record = {
            "id": doc_id,
            "html": html,
            "url": doc_id,
            "title": item.title,
            "published": item.published,
            "publisher": source.publisher if source is not None else None,
            "language": item.language or (source.language if source is not None else None),
            "watch_source": source_id,
        }
        record = {k: v for k, v in record.items() if v is not None}
        keys = list(dict.fromkeys([item.url, doc_id]))
        page = _Page(raw_from_record(record, doc_id), source_id, keys, result.body_hash)
        if validators:
            page.validators = (result.etag, result.last_modified)
        return page

    def _ingest(self, pages: list[_Page], report: CycleReport) -> None:
        from redline.ingestion import ingest

        seen: list[Document] = []

        def observe(docs: Iterator[Document]) -> Iterator[Document]:
            for doc in docs:
                seen.append(doc)
                yield doc

        with self.writing() as store:
            summary = ingest(
                [p.raw for p in pages],
                store,
                pipeline=self.pipeline,
                workers=self.workers,
                alerts=self.alerts,
                settings=self.settings,
                progress=observe,
                totals=False,
            )
            state = WatchState(store)
            with state.transaction():  # one commit for the batch's URL states
                outcome = {d.id: d.error for d in seen}
                counts: dict[str, int] = {}
                for page in pages:
                    error = outcome.get(page.raw.id, page.raw.error)
                    status = "failed" if error else "stored"
                    if not error:
                        counts[page.source] = counts.get(page.source, 0) + 1
                    for key in page.keys:
                        state.mark(
                            key,
                            status,
                            doc_id=None if error else page.raw.id,
                            error=error,
                            body_hash=page.body_hash,
                            source=page.source,
                        )
                    if page.validators is not None:
                        source = self.by_id[page.source]
                        etag, modified = page.validators
                        state.fetched(
                            source.id,
                            status="200",
                            error=error,
                            every=source.every,
                            kind="page",
                            etag=etag,
                            last_modified=modified,
                            body_hash=page.body_hash,
                        )
                state.count_stored(counts)
        report.stored += summary.stored
        report.duplicate += summary.duplicate
        report.failed += summary.failed
        report.alerts += len(summary.alerts)
        for message in summary.errors:
            self._error(report, message)


def _status(result: Fetched) -> str:
    return str(result.status) if result.status is not None else "error"


def _stored_ids(store: Store, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    rows = store.conn.execute(
        "SELECT DISTINCT id FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
    ).fetchall()
    return {r[0] for r in rows}


class Watching:
    """A watcher running in a background thread (``redline serve --watch``)."""

    def __init__(self, watcher: Watcher):
        self.watcher = watcher
        self.event = threading.Event()
        self.thread = threading.Thread(target=self._run, name="redline-watch", daemon=True)

    def _run(self) -> None:
        try:
            self.watcher.run(stop=self.event)
        except Exception as exc:  # the server goes on serving
            self.watcher.say(f"error: the watcher stopped ({type(exc).__name__}: {exc})")

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the watcher to stop after its current cycle, and wait for it."""
        self.event.set()
        self.thread.join(timeout)
        self.watcher.close()


def start_watcher(
    config: WatchConfig, writing: Callable[[], AbstractContextManager[Store]], **options: Any
) -> Watching:
    """Start a :class:`Watcher` on ``config`` in a daemon thread (options as for Watcher)."""
    watching = Watching(Watcher(config, writing, **options))
    watching.thread.start()
    return watching
