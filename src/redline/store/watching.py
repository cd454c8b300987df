"""The watcher's state in the store: sources (validators, schedule, counts), URLs seen, deliveries."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from redline.store.db import Store

#: watch_urls statuses: ``pending`` (seen, not yet stored), ``retry`` (a transient failure),
#: ``stored``/``duplicate`` (its document is in the store), ``failed``/``refused`` (given up).
DONE = ("stored", "duplicate", "failed", "refused")
SOURCE_COLUMNS = (
    "id",
    "kind",
    "every_seconds",
    "publisher",
    "language",
    "last_fetch",
    "last_status",
    "last_error",
    "failures",
    "next_due",
    "fetches",
    "items",
    "stored",
    "errors",
)
URL_COLUMNS = ("url", "source", "status", "title", "published", "language", "attempts", "body_hash")


def utcnow() -> datetime:
    """Now in UTC, naive (as the store's TIMESTAMP columns hold it)."""
    return datetime.now(UTC).replace(tzinfo=None)


class WatchState:
    """Reads and writes the ``watch_*`` tables of an open :class:`Store`."""

    def __init__(self, store: Store):
        self.store = store
        self.conn = store.conn

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.conn.begin()
        try:
            yield
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise

    # -- sources ---------------------------------------------------------------------------

    def sync_sources(self, sources: Iterable[Any]) -> None:
        """Insert new sources and update the settings of known ones (their state is kept)."""
        for s in sources:
            self.conn.execute(
                """INSERT INTO watch_sources (id, kind, every_seconds, publisher, language)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET every_seconds = excluded.every_seconds,
                       publisher = excluded.publisher, language = excluded.language,
                       kind = coalesce(excluded.kind, watch_sources.kind)""",
                [s.id, s.kind, s.every, s.publisher, s.language],
            )

    def source(self, source_id: str) -> dict[str, Any]:
        row = self.conn.execute(
            "SELECT kind, etag, last_modified, body_hash, failures, next_due FROM watch_sources WHERE id = ?",
            [source_id],
        ).fetchone()
        keys = ("kind", "etag", "last_modified", "body_hash", "failures", "next_due")
        return dict(zip(keys, row, strict=True)) if row else dict.fromkeys(keys)

    def due(self, ids: Sequence[str], now: datetime) -> list[str]:
        """The given sources whose next fetch is due (never fetched, or ``next_due`` passed), in order."""
        rows = self.conn.execute("SELECT id, next_due FROM watch_sources").fetchall()
        when = {r[0]: r[1] for r in rows}
        return [i for i in ids if when.get(i) is None or when[i] <= now]

    def next_due(self, ids: Sequence[str]) -> datetime | None:
        rows = self.conn.execute("SELECT id, next_due FROM watch_sources").fetchall()
        wanted = set(ids)
        times = [r[1] for r in rows if r[0] in wanted]
        if not times or any(t is None for t in times):
            return None
        return min(times)

    def fetched(
        self,
        source_id: str,
        *,
        status: str,
        error: str | None,
        every: int,
        kind: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        body_hash: str | None = None,
        keep_validators: bool = False,
        items: int = 0,
    ) -> None:
        """Record one fetch of a source: a failure backs it off (interval x 2^failures, at most a
        day, never dropped); a success resets the failures and keeps the new validators."""
        now = utcnow()
        row = self.conn.execute("SELECT failures FROM watch_sources WHERE id = ?", [source_id]).fetchone()
        failures = (int(row[0]) if row else 0) + 1 if error else 0
        wait = every if not error else min(max(every, 60) * 2 ** min(failures - 1, 10), 86400)
        if keep_validators:
            self.conn.execute(
                """UPDATE watch_sources SET last_fetch = ?, last_status = ?, last_error = ?, failures = ?,
                       next_due = ?, fetches = fetches + 1, items = items + ?, errors = errors + ?,
                       kind = coalesce(?, kind) WHERE id = ?""",
                [
                    now,
                    status,
                    error,
                    failures,
                    now + timedelta(seconds=wait),
                    items,
                    1 if error else 0,
                    kind,
                    source_id,
                ],
            )
        else:
            self.conn.execute(
                """UPDATE watch_sources SET last_fetch = ?, last_status = ?, last_error = ?, failures = ?,
                       next_due = ?, fetches = fetches + 1, items = items + ?, errors = errors + ?,
                       kind = coalesce(?, kind), etag = ?, last_modified = ?, body_hash = ? WHERE id = ?""",
                [
                    now,
                    status,
                    error,
                    failures,
                    now + timedelta(seconds=wait),
                    items,
                    1 if error else 0,
                    kind,
                    etag,
                    last_modified,
                    body_hash,
                    source_id,
                ],
            )

    def count_stored(self, counts: dict[str, int]) -> None:
        for source_id, n in counts.items():
            self.conn.execute("UPDATE watch_sources SET stored = stored + ? WHERE id = ?", [n, source_id])

    def sources(self) -> list[dict[str, Any]]:
        """Every source's state (for ``redline sources``), with its URL counts by status."""
        rows = self.conn.execute(
            f"SELECT {', '.join(SOURCE_COLUMNS)} FROM watch_sources ORDER BY id"
        ).fetchall()
        counts: dict[str, dict[str, int]] = {}
        for source, status, n in self.conn.execute(
            "SELECT source, status, count(*) FROM watch_urls GROUP BY 1, 2"
        ).fetchall():
            counts.setdefault(source, {})[status] = int(n)
        out = []
        for row in rows:
            item = dict(zip(SOURCE_COLUMNS, row, strict=True))
            item["urls"] = counts.get(item["id"], {})
            out.append(item)
        return out

    # -- URLs ------------------------------------------------------------------------------

    def add_urls(self, source_id: str, items: Iterable[Any]) -> int:
        """Remember new article URLs (``pending``); URLs seen before, from any source, are kept as
        they are. Returns how many were new."""
        rows = [(i.url, source_id, "pending", i.title, i.published, i.language, 0, utcnow()) for i in items]
        if not rows:
            return 0
        before = self.conn.execute("SELECT count(*) FROM watch_urls").fetchone()
        self.conn.executemany(
            """INSERT INTO watch_urls (url, source, status, title, published, language, attempts, first_seen)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING""",
            rows,
        )
        after = self.conn.execute("SELECT count(*) FROM watch_urls").fetchone()
        return int(after[0]) - int(before[0]) if before and after else 0

    def pending(self, sources: Sequence[str], max_attempts: int = 3) -> list[dict[str, Any]]:
        """URLs of these sources still to fetch (new, or failed transiently fewer than ``max_attempts``)."""
        if not sources:
            return []
        rows = self.conn.execute(
            f"""SELECT {", ".join(URL_COLUMNS)} FROM watch_urls
                WHERE source IN (SELECT unnest(?::VARCHAR[])) AND status IN ('pending', 'retry')
                  AND attempts < ? ORDER BY first_seen, url""",
            [list(sources), max_attempts],
        ).fetchall()
        return [dict(zip(URL_COLUMNS, r, strict=True)) for r in rows]

    def url(self, url: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            f"SELECT {', '.join(URL_COLUMNS)} FROM watch_urls WHERE url = ?", [url]
        ).fetchone()
        return dict(zip(URL_COLUMNS, row, strict=True)) if row else None

    def mark(
        self,
        url: str,
        status: str,
        *,
        doc_id: str | None = None,
        error: str | None = None,
        body_hash: str | None = None,
        source: str | None = None,
    ) -> None:
        """Set a URL's status (``retry`` counts an attempt); unknown URLs (files, pages) are added."""
        now = utcnow()
        self.conn.execute(
            """INSERT INTO watch_urls (url, source, status, doc_id, body_hash, attempts, error, first_seen,
                   fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (url) DO UPDATE SET status = excluded.status,
                   doc_id = coalesce(excluded.doc_id, watch_urls.doc_id),
                   body_hash = coalesce(excluded.body_hash, watch_urls.body_hash),
                   attempts = watch_urls.attempts + excluded.attempts, error = excluded.error,
                   fetched_at = excluded.fetched_at""",
            [url, source or "", status, doc_id, body_hash, 1 if status == "retry" else 0, error, now, now],
        )

    def url_errors(self, limit: int = 50) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            """SELECT url, source, status, error FROM watch_urls WHERE error IS NOT NULL
               ORDER BY fetched_at DESC NULLS LAST LIMIT ?""",
            [limit],
        ).fetchall()
        return [dict(zip(("url", "source", "status", "error"), r, strict=True)) for r in rows]

    # -- deliveries ------------------------------------------------------------------------

    def channel_since(self, name: str) -> datetime:
        """When the channel was first used (registered now when new)."""
        self.conn.execute("INSERT INTO watch_channels VALUES (?, ?) ON CONFLICT DO NOTHING", [name, utcnow()])
        row = self.conn.execute("SELECT since FROM watch_channels WHERE name = ?", [name]).fetchone()
        assert row is not None
        return row[0]

    def undelivered(self, channel: str, since: datetime, max_attempts: int) -> list[dict[str, Any]]:
        """Alerts fired since ``since`` not yet delivered to ``channel`` (nor given up), oldest first,
        each with its merged events."""
        rows = self.conn.execute(
            """SELECT a.rule_id, a.key, a.day, a.description, a.merged_ids, a.fired_at FROM alerts a
               LEFT JOIN watch_deliveries d ON d.channel = ? AND d.rule_id = a.rule_id AND d.key = a.key
               WHERE a.fired_at >= ? AND (d.status IS NULL OR (d.status = 'retry' AND d.attempts < ?))
               ORDER BY a.fired_at, a.day NULLS LAST, a.rule_id, a.key""",
            [channel, since, max_attempts],
        ).fetchall()
        out = []
        for rule_id, key, day, description, merged_ids, fired_at in rows:
            out.append(
                {
                    "rule_id": rule_id,
                    "key": key,
                    "day": day,
                    "description": description,
                    "merged_ids": list(merged_ids or []),
                    "fired_at": fired_at.isoformat(),
                }
            )
        ids = sorted({m for a in out for m in a["merged_ids"]})
        merged = self._merged(ids)
        for alert in out:
            alert["merged_events"] = [merged[m] for m in alert["merged_ids"] if m in merged]
        return out

    def _merged(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        rows = self.conn.execute(
            """SELECT e.id, e.event, e.actor_codes, e.recipient_codes, e.date, e.place, e.place_country,
                      e.sources, e.reports, e.best_evidence,
                      (SELECT list(r.doc_id ORDER BY r.published, r.doc_id) FROM merged_reports r
                       WHERE r.merged_id = e.id)
               FROM merged_events e WHERE e.id IN (SELECT unnest(?::VARCHAR[]))""",
            [ids],
        ).fetchall()
        keys = (
            "id",
            "event",
            "actor",
            "recipient",
            "date",
            "place",
            "place_country",
            "sources",
            "reports",
            "best_evidence",
            "documents",
        )
        return {r[0]: json.loads(json.dumps(dict(zip(keys, r, strict=True)), default=str)) for r in rows}

    def delivered(self, channel: str, rule_id: str, key: str, error: str | None) -> None:
        """Log one delivery attempt: ``sent``, or ``retry`` with the error (attempts counted)."""
        self.conn.execute(
            """INSERT INTO watch_deliveries VALUES (?, ?, ?, ?, 1, ?, ?)
               ON CONFLICT (channel, rule_id, key) DO UPDATE SET status = excluded.status,
                   attempts = watch_deliveries.attempts + 1, error = excluded.error, "at" = excluded."at" """,
            [channel, rule_id, key, "retry" if error else "sent", error, utcnow()],
        )

    def deliveries(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            'SELECT channel, rule_id, key, status, attempts, error, "at" FROM watch_deliveries ORDER BY "at"'
        ).fetchall()
        keys = ("channel", "rule_id", "key", "status", "attempts", "error", "at")
        return [dict(zip(keys, r, strict=True)) for r in rows]
