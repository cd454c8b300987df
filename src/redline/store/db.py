"""The embedded DuckDB store: documents and everything found in them, one transaction per document."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import duckdb

from redline.hashing import HASH_SCHEME, content_hash
from redline.records import (
    Actor,
    Document,
    Event,
    EventReport,
    MergedEvent,
    event_from_dict,
    merged_from_dict,
)
from redline.store.schema import DDL, MIGRATE_1_TO_2, MIGRATE_2_TO_3, MIGRATE_3_TO_4, SCHEMA_VERSION, TABLES
from redline.timespans import date_bounds, parse_bound

AddStatus = Literal["stored", "duplicate", "error"]
ExportFormat = Literal["csv", "parquet"]

#: Columns returned by :meth:`Store.query_events`, in order.
EVENT_COLUMNS = (
    "doc_id",
    "published",
    "title",
    "idx",
    "event",
    "mode",
    "context",
    "actor_codes",
    "actor_sectors",
    "actor_texts",
    "recipient_codes",
    "recipient_sectors",
    "recipient_texts",
    "date",
    "date_source",
    "date_text",
    "event_text",
    "evidence_start",
    "evidence_end",
    "place",
    "place_country",
    "claimed_by",
    "score",
    "confidence",
    "trigger",
)
_LIST_COLUMNS = frozenset(
    c for c in EVENT_COLUMNS if c in {"mode", "context"} or c.startswith(("actor_", "recipient_"))
)

DOCUMENT_COLUMNS = (
    "id",
    "path",
    "title",
    "published",
    "section",
    "publisher",
    "original_publisher",
    "author",
    "site",
    "url",
    "dateline",
    "text",
    "content_hash",
    "duplicate_of",
    "error",
    "ingested_at",
    "record",
    "story_id",
    "duplicate_kind",
)

#: Columns returned by :meth:`Store.query_merged`, in order.
MERGED_COLUMNS = (
    "id",
    "event",
    "mode",
    "context",
    "actor_codes",
    "recipient_codes",
    "date",
    "date_granularity",
    "place",
    "place_country",
    "sources",
    "reports",
    "first_reported",
    "best_evidence",
    "score",
    "confidence",
    "report_docs",
)


BULK_ROWS = 1000  # rows from which :meth:`Store._many` inserts through Arrow


class StoreError(Exception):
    """The database cannot be used (e.g. written by an incompatible redline)."""


def default_db_path() -> Path:
    """Where the store lives unless told otherwise.

    ``$REDLINE_DB`` when set (and not empty), else ``./redline.duckdb`` in the current
    directory. The CLI's ``--db FILE`` overrides both.
    """
    env = os.environ.get("REDLINE_DB")
    return Path(env) if env else Path("redline.duckdb")


def document_hash(doc: Document) -> str:
    """The document's own content hash when the pipeline set one, else that of its cleaned text
    (:func:`redline.hashing.content_hash`)."""
    return doc.content_hash or content_hash(doc.text)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _codes(actors: list[Actor]) -> tuple[list[str | None], list[str | None], list[str]]:
    """Parallel lists (codes, sectors, texts), one entry per actor; missing values are NULL."""
    return (
        [a.code for a in actors],
        [a.sector for a in actors],
        [a.entity_text for a in actors],
    )


def event_row(doc_key: int, doc_id: str, idx: int, ev: Event) -> tuple[Any, ...]:
    """One ``events`` row (column order of the table) for an Event."""
    a_codes, a_sectors, a_texts = _codes(ev.actor)
    r_codes, r_sectors, r_texts = _codes(ev.recipient)
    bounds = date_bounds(ev.date)
    evidence = ev.evidence or {}
    place = ev.place
    return (
        doc_key,
        doc_id,
        idx,
        ev.event,
        list(ev.mode),
        list(ev.context),
        a_codes,
        a_sectors,
        a_texts,
        r_codes,
        r_sectors,
        r_texts,
        ev.date,
        bounds[0] if bounds else None,
        bounds[1] if bounds else None,
        ev.date_source,
        ev.date_text,
        ev.event_text,
        evidence.get("start"),
        evidence.get("end"),
        (place.name or place.text) if place else None,
        place.country if place else None,
        ev.claimed_by.code if ev.claimed_by else None,
        ev.score,
        ev.confidence,
        ev.trigger,
        _json(asdict(ev)),
    )


def event_filter(
    actor: str | None = None,
    recipient: str | None = None,
    event: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> tuple[str, list[Any]]:
    """SQL WHERE clause (over alias ``e``) and its parameters for the event filters.

    ``actor``/``recipient`` match any code in the event's lists; ``since``/``until`` keep
    events whose date span (a month, a week...) overlaps the range; events without a
    fixed date are dropped when either bound is given.
    """
    clauses: list[str] = []
    params: list[Any] = []
    if actor:
        clauses.append("list_contains(e.actor_codes, ?)")
        params.append(actor.strip().upper())
    if recipient:
        clauses.append("list_contains(e.recipient_codes, ?)")
        params.append(recipient.strip().upper())
    if event:
        clauses.append("e.event = ?")
        params.append(event.strip().upper())
    start = parse_bound(since, "since")
    end = parse_bound(until, "until")
    if start is not None:
        clauses.append("e.date_end >= ?")
        params.append(start)
    if end is not None:
        clauses.append("e.date_start <= ?")
        params.append(end)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class Store:
    """An embedded DuckDB database of ingested documents and their events.

    Use as a context manager::

        with Store(default_db_path()) as store:
            store.add(document)

    The schema is created when missing; a database written with another schema
    version raises :class:`StoreError`.
    """

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        try:
            if read_only:
                self._check_version()
            else:
                self._ensure_schema()
        except BaseException:
            self.conn.close()
            raise

    # -- lifecycle -----------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def reader(self) -> Store:
        """This store on a new cursor, for one thread's reads: a DuckDB connection must not be
        shared between threads, and cursors of one connection see committed data and may run
        alongside the writer. Every reading method works on it; the caller closes it."""
        view = object.__new__(Store)
        view.path = self.path
        view.conn = self.conn.cursor()
        return view

    def _ensure_schema(self) -> None:
        stored = self._stored_version()
        self.conn.begin()
        try:
            if stored == "1":
                for statement in MIGRATE_1_TO_2:
                    self.conn.execute(statement)
            for statement in DDL:
                self.conn.execute(statement)
            if stored in ("1", "2"):
                for statement in MIGRATE_2_TO_3:
                    self.conn.execute(statement)
            if stored in ("1", "2", "3"):
                for statement in MIGRATE_3_TO_4:
                    self.conn.execute(statement)
                version = [str(SCHEMA_VERSION)]
                self.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", version)
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                self.conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            self._rehash()
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise
        self._check_version()

    def _rehash(self) -> None:
        """Recompute the documents' content hashes when they were written under another scheme
        than :data:`redline.hashing.HASH_SCHEME` (a store written before the scheme was recorded
        holds the old pipeline's and the old fallback's SHA-256), then record the scheme. Inside
        the schema transaction; documents without text keep their hash."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'hash_scheme'").fetchone()
        if row is not None and row[0] == HASH_SCHEME:
            return
        keys: list[int] = []
        digests: list[str] = []
        result = self.conn.execute("SELECT doc_key, text FROM documents WHERE text IS NOT NULL")
        while batch := result.fetchmany(10_000):
            for key, text in batch:
                keys.append(key)
                digests.append(content_hash(text))
        if keys:
            self.conn.execute(
                """UPDATE documents SET content_hash = h.digest,
                       record = CASE WHEN record IS NULL THEN NULL
                                     ELSE json_merge_patch(record, json_object('content_hash', h.digest)) END
                   FROM (SELECT unnest(?::BIGINT[]) AS doc_key, unnest(?::VARCHAR[]) AS digest) h
                   WHERE documents.doc_key = h.doc_key""",
                [keys, digests],
            )
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('hash_scheme', ?)", [HASH_SCHEME])

    def _stored_version(self) -> str | None:
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException:
            return None
        return row[0] if row else None

    def _check_version(self) -> None:
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException as exc:
            raise StoreError(f"{self.path} is not a redline database") from exc
        if row is None or row[0] != str(SCHEMA_VERSION):
            found = row[0] if row else "none"
            raise StoreError(
                f"{self.path} has schema version {found}; this redline uses version {SCHEMA_VERSION}"
            )

    # -- writing -------------------------------------------------------------------------

    def add(self, doc: Document) -> AddStatus:
        """Store one document with all it carries, in a single transaction.

        Returns ``"stored"`` (a new version of a stored id replaces the old one);
        ``"duplicate"`` when this very document (same id, same content hash) is already stored
        (nothing is changed); ``"error"`` when ``doc.error`` is set (the failure goes to the
        ``errors`` table, no document row). Copies of a story under other ids are stored, with
        the ``duplicate_of``/``story_id`` the caller set. A failure while writing rolls the
        whole document back and re-raises; nothing stored before is touched.
        """
        now = datetime.now(UTC).replace(tzinfo=None)
        if doc.error:
            self.conn.execute("INSERT INTO errors VALUES (?, ?, ?)", [doc.path or doc.id, doc.error, now])
            return "error"
        digest = document_hash(doc)
        self.conn.begin()
        try:
            if self.has_document(doc.id, digest):
                self.conn.rollback()
                return "duplicate"
            self._delete(doc.id)  # an earlier version of this document, if any
            self._insert(doc, digest, now)
            self.conn.commit()
        except duckdb.ConstraintException:
            self.conn.rollback()
            return "duplicate"
        except BaseException:
            self.conn.rollback()
            raise
        return "stored"

    def record_error(self, input_name: str, reason: str) -> None:
        """Log a failure that never became a Document (e.g. the store refused one)."""
        now = datetime.now(UTC).replace(tzinfo=None)
        self.conn.execute("INSERT INTO errors VALUES (?, ?, ?)", [input_name, reason, now])

    def _insert(self, doc: Document, digest: str, now: datetime) -> None:
        row = self.conn.execute("SELECT nextval('doc_key_seq')").fetchone()
        assert row is not None
        key = int(row[0])
        record = doc.to_dict()
        record["content_hash"] = digest
        self.conn.execute(
            "INSERT INTO documents VALUES (" + ", ".join("?" * 20) + ")",
            [
                key,
                doc.id,
                doc.path,
                doc.title,
                doc.published,
                doc.section,
                doc.publisher,
                doc.original_publisher,
                doc.author,
                doc.site,
                doc.url,
                doc.dateline,
                doc.text,
                digest,
                doc.duplicate_of,
                doc.error,
                now,
                _json(record),
                doc.story_id,
                doc.duplicate_kind,
            ],
        )
        did = doc.id
        self._many(
            "entities",
            [
                (key, did, i, e.text, e.start, e.end, e.label, e.code, e.sector, _json(e.attrs))
                for i, e in enumerate(doc.entities)
            ],
        )
        self._many("events", [event_row(key, did, i, ev) for i, ev in enumerate(doc.events)])
        self._many(
            "quotes",
            [
                (key, did, i, q.text, q.start, q.end, q.speaker, q.speaker_code, q.speaker_sector)
                for i, q in enumerate(doc.quotes)
            ],
        )
        self._many("removals", [(key, did, i, r.text, r.reason) for i, r in enumerate(doc.removals)])
        self._many(
            "times",
            [
                (key, did, i, t.text, t.start, t.end, t.value, t.type, t.granularity)
                for i, t in enumerate(doc.times)
            ],
        )
        self._many(
            "places",
            [
                (
                    key,
                    did,
                    i,
                    p.text,
                    p.start,
                    p.end,
                    p.name,
                    p.country,
                    p.admin1,
                    p.lat,
                    p.lon,
                    p.geonameid,
                    p.feature,
                )
                for i, p in enumerate(doc.places)
            ],
        )

    def _delete(self, doc_id: str) -> None:
        """Remove every row of the stored versions of a document (inside the caller's transaction)."""
        rows = self.conn.execute("SELECT doc_key FROM documents WHERE id = ?", [doc_id]).fetchall()
        keys = [r[0] for r in rows]
        for key in keys:
            for table in ("entities", "events", "quotes", "removals", "times", "places", "documents"):
                self.conn.execute(f"DELETE FROM {table} WHERE doc_key = ?", [key])

    def has_document(self, doc_id: str, digest: str) -> bool:
        """True when this document (id and content hash) is already stored."""
        same = "SELECT 1 FROM documents WHERE content_hash = ? AND id = ?"
        return self.conn.execute(same, [digest, doc_id]).fetchone() is not None

    def set_duplicates(self, changes: list[tuple[str, str | None, str | None, str]]) -> None:
        """Update stored documents' ``(id, duplicate_of, duplicate_kind, story_id)``: an
        older copy arrived later, so the story's earliest document changed."""
        if changes:
            self.conn.executemany(
                "UPDATE documents SET duplicate_of = ?, duplicate_kind = ?, story_id = ? WHERE id = ?",
                [(dup, kind, story, doc_id) for doc_id, dup, kind, story in changes],
            )

    def document_ids(self) -> list[str]:
        """Ids of the stored documents, in ingestion order."""
        rows = self.conn.execute("SELECT id FROM documents GROUP BY id ORDER BY min(doc_key)").fetchall()
        return [r[0] for r in rows]

    def dedup_inputs(self) -> list[tuple[str, str, str | None, str | None]]:
        """``(id, text, title, published)`` of every stored document, in ingestion order."""
        query = (
            "SELECT id, text, title, published FROM documents "
            "QUALIFY row_number() OVER (PARTITION BY id ORDER BY doc_key DESC) = 1 ORDER BY doc_key"
        )
        return self.conn.execute(query).fetchall()

    def load_dedup_state(self) -> tuple[int, bytes] | None:
        """The saved near-duplicate index and how many documents it holds."""
        row = self.conn.execute("SELECT documents, state FROM dedup_state").fetchone()
        return (int(row[0]), bytes(row[1])) if row else None

    def save_dedup_state(self, documents: int, state: bytes) -> None:
        self.conn.begin()
        try:
            self.conn.execute("DELETE FROM dedup_state")
            self.conn.execute("INSERT INTO dedup_state VALUES (?, ?)", [documents, state])
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise

    def event_reports(self) -> list[EventReport]:
        """Every stored event as a report of its document; ``source`` is the story's earliest copy."""
        rows = self.conn.execute(
            "SELECT e.doc_id, e.idx, e.record, d.published, coalesce(d.duplicate_of, d.id), d.publisher "
            "FROM events e JOIN documents d ON d.doc_key = e.doc_key ORDER BY e.doc_key, e.idx"
        ).fetchall()
        return [
            EventReport(
                doc_id=doc_id,
                idx=idx,
                event=event_from_dict(json.loads(record) if isinstance(record, str) else record),
                published=published,
                source=source,
                publisher=publisher,
            )
            for doc_id, idx, record, published, source, publisher in rows
        ]

    def replace_merged(self, merged: list[MergedEvent]) -> None:
        """Store the merged events (replacing the previous merge) in one transaction."""
        rows, reports = _merged_rows(merged)
        self.conn.begin()
        try:
            self.conn.execute("DELETE FROM merged_reports")
            self.conn.execute("DELETE FROM merged_events")
            self._many("merged_events", rows)
            self._many("merged_reports", reports)
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise

    # -- incremental merge state ---------------------------------------------------------------

    def merge_meta(self) -> dict[str, Any] | None:
        """What the merge state covers (``config``, ``upto`` doc key, ``reports``), None when absent."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'merge_state'").fetchone()
        try:
            return json.loads(row[0]) if row else None
        except ValueError:
            return None

    def last_document(self) -> tuple[int, int]:
        """(number of stored documents, largest document key; 0 when empty)."""
        row = self.conn.execute("SELECT count(*), coalesce(max(doc_key), 0) FROM documents").fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def merged_report_count(self, upto: int) -> int:
        """How many stored event reports belong to documents with a key up to *upto*."""
        row = self.conn.execute("SELECT count(*) FROM events WHERE doc_key <= ?", [upto]).fetchone()
        return int(row[0]) if row else 0

    def unmerged_reports(self, upto: int) -> list[tuple[int, str, EventReport]]:
        """``(doc_key, record JSON, report)`` of the event reports of documents stored after *upto*."""
        rows = self.conn.execute(
            "SELECT e.doc_key, e.doc_id, e.idx, e.record, d.published, coalesce(d.duplicate_of, d.id), "
            "d.publisher FROM events e JOIN documents d ON d.doc_key = e.doc_key "
            "WHERE e.doc_key > ? AND d.doc_key > ? ORDER BY e.doc_key, e.idx",
            [upto, upto],
        ).fetchall()
        return [(key, rec, _report(doc_id, idx, rec, pub, src, publisher))
                for key, doc_id, idx, rec, pub, src, publisher in rows]  # fmt: skip

    def merge_neighbourhood(
        self, ranges: list[tuple[str, str, str]], reach: int, also: list[str] | None = None
    ) -> dict[str, list[tuple[int, str, EventReport]]]:
        """Stored merged events (id -> ``(doc_key, record JSON, report)`` of their reports) with a
        block key ``k`` of a ``(k, since, until)`` of *ranges* whose first report starts by
        ``until`` and ends on or after ``since``, plus the events *also*. *reach*: the most days
        an event's reports start after its first one (the scans skip the rest by date)."""
        out: dict[str, list[tuple[int, str, EventReport]]] = {}
        columns = "s.merged_id, s.doc_key, s.doc_id, s.idx, s.record, s.published, s.source, s.publisher"
        rows = []
        if ranges:
            # the keys' rows of each stretch of days (each query pruned by date), the ranges in
            # Python: a join on the ranges is a range join over the whole table
            spans: dict[str, list[tuple[str, str]]] = {}
            for key, lo, hi in ranges:
                spans.setdefault(key, []).append((lo, hi))
            keys = sorted(spans)
            candidates = _union(
                self.conn,
                "SELECT key, merged_id, first_start, first_end FROM merged_keys "
                f"WHERE first_end >= ? AND first_start <= ? AND key IN ({_marks(keys)})",
                [[lo, hi, *keys] for lo, hi in stretches([(r[1], r[2]) for r in ranges])],
            )
            firsts = {mid: start for key, mid, start, end in candidates
                      if any(start <= hi and end >= lo for lo, hi in spans[key])}  # fmt: skip
            if firsts:  # an event's reports start from its first one's start to the reach after it
                ids = sorted(firsts)
                starts = set(firsts.values())
                days = stretches([(f, f if f == UNDATED_DAY else _shift_iso(f, reach)) for f in starts])
                # the rows first (small columns, pruned by date), then their records: reading the
                # records of every row in the days would cost more than the rest together
                with self.transaction():  # row ids hold within one transaction
                    found = _union(
                        self.conn,
                        "SELECT rowid FROM merge_state s WHERE s.start >= ? AND s.start <= ? "
                        f"AND s.merged_id IN ({_marks(ids)})",
                        [[lo, hi, *ids] for lo, hi in days],
                    )
                    rows = self.conn.execute(  # (a join on rowid, not a list: a list scans every row)
                        f"SELECT {columns} FROM merge_state s WHERE rowid IN (SELECT unnest(?::BIGINT[]))",
                        [sorted({r[0] for r in found})],
                    ).fetchall()
        if also:
            rows += self.conn.execute(
                f"SELECT {columns} FROM merge_state s WHERE s.merged_id IN (SELECT unnest(?::VARCHAR[]))",
                [also],
            ).fetchall()
        seen: set[tuple[str, int]] = set()
        for mid, key, doc_id, idx, rec, pub, src, publisher in rows:
            if (doc_id, idx) not in seen:
                seen.add((doc_id, idx))
                out.setdefault(mid, []).append((key, rec, _report(doc_id, idx, rec, pub, src, publisher)))
        return out

    def pending_sources(self) -> dict[str, str]:
        """Documents whose story changed since the last merge: id -> current source, and the
        merged events holding their reports (``merged_id`` -> "")."""
        rows = self.conn.execute(
            "SELECT DISTINCT d.id, coalesce(d.duplicate_of, d.id) FROM merge_pending p "
            "JOIN documents d ON d.id = p.doc_id"
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def merged_ids_of_documents(self, doc_ids: list[str]) -> list[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT merged_id FROM merge_state WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [doc_ids],
        ).fetchall()
        return [r[0] for r in rows]

    def set_duplicates_pending(self, changes: list[tuple[str, str | None, str | None, str]]) -> None:
        """:meth:`set_duplicates` and a note for the next merge to rebuild those documents' events,
        in one transaction."""
        if not changes:
            return
        self.conn.begin()
        try:
            self.set_duplicates(changes)
            self.conn.executemany("INSERT INTO merge_pending VALUES (?)", [(c[0],) for c in changes])
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise

    def dyad_days(
        self, dyads: list[str], since: Any, until: Any = None
    ) -> list[tuple[str, Any, str, float, int]]:
        """``(dyad, day, merged_id, score, sources)`` of the dyads' day-dated merged events from
        *since* to *until*, or on the days of a list of ``(first, last)`` stretches *since*."""
        days = since if isinstance(since, list) else [(since, until)]
        return _union(
            self.conn,
            "SELECT dyad, day, merged_id, score, sources FROM merged_days "
            f"WHERE dyad IN ({_marks(dyads)}) AND day BETWEEN ? AND ?",
            [[*dyads, lo, hi] for lo, hi in stretches(days)],
        )

    def dyad_first_days(self, dyads: list[str]) -> dict[str, Any]:
        """The first day of each dyad's escalation index (its first day-dated merged event)."""
        rows = self.conn.execute(
            f"SELECT dyad, first_day FROM merged_dyads WHERE dyad IN ({_marks(dyads)})", dyads
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def update_dyad_first_days(
        self, removed: dict[str, set[Any]], added: dict[str, set[Any]], before: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Keep ``merged_dyads`` current after :meth:`write_merge` (inside its transaction): the
        merged_days rows of dyads on the days *removed* went, those on the days *added* came.
        A dyad's first day is read again from merged_days only when a row of it went (rare: an
        event on the dyad's first day changed). *before*: those dyads' first days before the
        write (:meth:`dyad_first_days`, read here when not given); returns them after it."""
        dyads = sorted(set(removed) | set(added))
        if not dyads:
            return {}
        if before is None:
            before = self.dyad_first_days(dyads)
        after: dict[str, Any] = {}
        again = []
        for dyad in dyads:
            first = before.get(dyad)
            if first is not None and any(day <= first for day in removed.get(dyad, ())):
                again.append(dyad)
                continue
            days = [d for d in (first, *added.get(dyad, ())) if d is not None]
            if days:
                after[dyad] = min(days)
        if again:
            rows = self.conn.execute(
                "SELECT dyad, min(day) FROM merged_days WHERE dyad IN (SELECT unnest(?::VARCHAR[])) "
                "GROUP BY dyad",
                [again],
            ).fetchall()
            after.update((r[0], r[1]) for r in rows)
        changed = [d for d in dyads if after.get(d) != before.get(d)]
        if changed:
            self.conn.execute(f"DELETE FROM merged_dyads WHERE dyad IN ({_marks(changed)})", changed)
            self._many("merged_dyads", [(d, after[d]) for d in changed if d in after])
        return after

    def fired_alerts_for(
        self,
        keys: list[str],
        reports: list[str],
        rule_ids: list[str],
        days: list[tuple[str, str]] | None = None,
    ) -> dict[str, Any]:
        """What stored alerts say about candidates: ``fired`` (rule, key) pairs among *keys*,
        ``reports`` (rule, report key) pairs among *reports*, and ``history`` (rule, key, day)
        of the stored alerts of the rules *rule_ids* (for cool-downs), those of days within
        one of the ``(first, last)`` ISO days *days* when given."""
        fired = self.conn.execute(
            f"SELECT rule_id, key FROM alerts WHERE key IN ({_marks(keys)})", keys
        ).fetchall()
        by_report = self.conn.execute(
            "SELECT rule_id, r FROM (SELECT rule_id, unnest(reports) AS r FROM alerts "
            f"WHERE reports IS NOT NULL) WHERE r IN ({_marks(reports)})",
            reports,
        ).fetchall()
        runs = [[*rule_ids, lo, hi] for lo, hi in stretches(days)] if days else [rule_ids]
        history = _union(
            self.conn,
            f"SELECT rule_id, key, day FROM alerts WHERE rule_id IN ({_marks(rule_ids)})"
            + (" AND day BETWEEN ? AND ?" if days else ""),
            runs if rule_ids else [],
        )
        return {
            "fired": {(r[0], r[1]) for r in fired},
            "reports": {(r[0], r[1]) for r in by_report},
            "history": [(r[0], r[1], r[2]) for r in history],
        }

    _in_transaction = False

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside commits together or not at all (a transaction inside another is
        part of it)."""
        if self._in_transaction:
            yield
            return
        self.conn.begin()
        self._in_transaction = True
        try:
            yield
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise
        finally:
            self._in_transaction = False

    def write_merge(
        self,
        gone: set[str],
        merged: list[MergedEvent],
        state: list[tuple[Any, ...]],
        keys: list[tuple[Any, ...]],
        days: list[tuple[Any, ...]],
        meta: dict[str, Any],
        full: bool = False,
        spans: dict[str, tuple[str, Any, Any] | None] | None = None,
        pending: bool = True,
    ) -> None:
        """Write one merge (inside the caller's :meth:`transaction`): delete the merged events
        *gone* (everything when *full*), insert *merged* with their state rows (``merge_state``),
        block keys (``merged_keys``) and escalation days (``merged_days``), record *meta* and
        clear the pending notes. *spans*: table -> ``(column, first, last)`` that the rows of
        *gone* lie within (the scans skip the rest by date), or None when the table holds none
        of them; a table not in *spans* is searched whole. *pending*: False when
        :meth:`pending_sources` found no notes (the notes are not cleared then)."""
        spans = spans or {}
        if full:
            for table in ("merged_reports", "merged_events", "merge_state", "merged_keys", "merged_days",
                          "merged_dyads"):  # fmt: skip
                self.conn.execute(f"DELETE FROM {table}")
        elif gone:
            ids = sorted(gone)
            for table, column in (("merged_reports", "merged_id"), ("merged_events", "id"),
                                  ("merge_state", "merged_id"), ("merged_keys", "merged_id"),
                                  ("merged_days", "merged_id")):  # fmt: skip
                delete = f"DELETE FROM {table} WHERE {column} IN ({_marks(ids)})"
                params: list[Any] = list(ids)
                if table in spans:
                    span = spans[table]
                    if span is None:
                        continue
                    delete += f" AND {span[0]} BETWEEN ? AND ?"
                    params += [span[1], span[2]]
                self.conn.execute(delete, params)
        rows, reports = _merged_rows(merged)
        self._many("merged_events", rows)
        self._many("merged_reports", reports)
        self._many("merge_state", state)
        self._many("merged_keys", keys)
        self._many("merged_days", days)
        if full:
            self.conn.execute("INSERT INTO merged_dyads SELECT dyad, min(day) FROM merged_days GROUP BY dyad")
        if full or pending:
            self.conn.execute("DELETE FROM merge_pending")
        # an UPDATE costs a third of an INSERT OR REPLACE (a delete and an insert in the key's index)
        update = "UPDATE meta SET value = ? WHERE key = 'merge_state'"
        row = self.conn.execute(update, [_json(meta)]).fetchone()
        if not row or not row[0]:
            self.conn.execute("INSERT INTO meta VALUES ('merge_state', ?)", [_json(meta)])

    def _many(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        """Insert rows (in the table's column order). Many rows go in as one Arrow table: DuckDB's
        ``executemany`` runs one statement per row (a million merged events took minutes)."""
        if not rows:
            return
        if len(rows) < BULK_ROWS:
            # one statement of many rows: executemany runs one statement per row
            marks = "(" + ", ".join("?" * len(rows[0])) + ")"
            for start in range(0, len(rows), 100):
                part = rows[start : start + 100]
                values = ", ".join([marks] * len(part))
                self.conn.execute(f"INSERT INTO {table} VALUES {values}", [v for row in part for v in row])
            return
        import pyarrow as pa

        names = [d[0] for d in self.conn.execute(f"SELECT * FROM {table} LIMIT 0").description]
        data = pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)})
        self.conn.register("redline_bulk_rows", data)
        try:
            self.conn.execute(f"INSERT INTO {table} SELECT * FROM redline_bulk_rows")
        finally:
            self.conn.unregister("redline_bulk_rows")

    # -- reading -------------------------------------------------------------------------

    def count(self, table: str) -> int:
        """Number of rows in one of :data:`redline.store.schema.TABLES`."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; one of {', '.join(TABLES)}")
        row = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def _events_sql(self, where: str, csv_lists: bool = False) -> str:
        columns = []
        for column in EVENT_COLUMNS:
            source = f"d.{column}" if column in {"published", "title"} else f"e.{column}"
            if csv_lists and column in _LIST_COLUMNS:
                source = f"array_to_string(list_transform({source}, lambda v: coalesce(v, '')), ';')"
            columns.append(f"{source} AS {column}")
        return (
            f"SELECT {', '.join(columns)} FROM events e JOIN documents d ON d.doc_key = e.doc_key"
            f"{where} ORDER BY e.date_start NULLS LAST, e.doc_key, e.idx"
        )

    def query_events(
        self,
        actor: str | None = None,
        recipient: str | None = None,
        event: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[dict[str, Any]]:
        """Stored events matching every given filter (see :func:`event_filter`), by date."""
        where, params = event_filter(actor, recipient, event, since, until)
        rows = self.conn.execute(self._events_sql(where), params).fetchall()
        return [dict(zip(EVENT_COLUMNS, row, strict=True)) for row in rows]

    def export_events(
        self,
        path: str | Path,
        fmt: ExportFormat,
        actor: str | None = None,
        recipient: str | None = None,
        event: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> int:
        """Write matching events to ``path`` with DuckDB ``COPY`` (CSV lists joined by ``;``).

        Returns the number of events written.
        """
        if fmt not in ("csv", "parquet"):
            raise ValueError(f"unknown export format {fmt!r}")
        where, params = event_filter(actor, recipient, event, since, until)
        self.conn.execute("DROP TABLE IF EXISTS temp.redline_export")
        self.conn.execute(
            "CREATE TEMP TABLE redline_export AS " + self._events_sql(where, csv_lists=fmt == "csv"),
            params,
        )
        try:
            options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
            self.conn.execute(f"COPY temp.redline_export TO {_sql_string(str(path))} ({options})")
            row = self.conn.execute("SELECT count(*) FROM temp.redline_export").fetchone()
        finally:
            self.conn.execute("DROP TABLE IF EXISTS temp.redline_export")
        return int(row[0]) if row else 0

    def documents(self) -> list[dict[str, Any]]:
        """Every stored document row, in ingestion order (``record`` parsed back to a dict)."""
        rows = self.conn.execute(
            f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents ORDER BY doc_key"
        ).fetchall()
        out = []
        for row in rows:
            item = dict(zip(DOCUMENT_COLUMNS, row, strict=True))
            if isinstance(item["record"], str):
                item["record"] = json.loads(item["record"])
            out.append(item)
        return out

    def query_merged(
        self,
        actor: str | None = None,
        recipient: str | None = None,
        event: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[dict[str, Any]]:
        """Merged events matching every given filter (as :meth:`query_events`), by date."""
        where, params = event_filter(actor, recipient, event, since, until)
        columns = ", ".join("e." + c for c in MERGED_COLUMNS if c != "report_docs")
        docs = (
            "(SELECT list(r.doc_id ORDER BY r.published, r.doc_id) FROM merged_reports r "
            "WHERE r.merged_id = e.id)"
        )
        rows = self.conn.execute(
            f"SELECT {columns}, {docs} FROM merged_events e{where} "
            "ORDER BY e.date_start NULLS LAST, e.first_reported, e.id",
            params,
        ).fetchall()
        return [dict(zip(MERGED_COLUMNS, row, strict=True)) for row in rows]

    def merged_events(self) -> list[MergedEvent]:
        """Every merged event as a record (for the escalation index and alerts)."""
        query = "SELECT record FROM merged_events ORDER BY date_start NULLS LAST, id"
        rows = self.conn.execute(query).fetchall()
        return [merged_from_dict(json.loads(r[0]) if isinstance(r[0], str) else r[0]) for r in rows]

    def stories(self, min_size: int = 1) -> list[dict[str, Any]]:
        """Story clusters: earliest document, size, how its copies were found, first/last seen."""
        rows = self.conn.execute(
            """SELECT coalesce(story_id, id) AS story, max(title) FILTER (WHERE id = coalesce(story_id, id)),
                      count(*) AS documents,
                      min(published) AS first_published, max(published) AS last_published,
                      list(id ORDER BY published NULLS LAST, id) AS ids,
                      list(DISTINCT duplicate_kind) FILTER (WHERE duplicate_kind IS NOT NULL) AS kinds,
                      list(DISTINCT coalesce(publisher, site))
                          FILTER (WHERE coalesce(publisher, site) IS NOT NULL) AS publishers
               FROM documents GROUP BY 1 HAVING count(*) >= ? ORDER BY first_published NULLS LAST, story""",
            [min_size],
        ).fetchall()
        return [
            {
                "story": story,
                "title": title,
                "documents": n,
                "first_published": first,
                "last_published": last,
                "ids": ids,
                "kinds": sorted(kinds or []),
                "publishers": sorted(publishers or []),
            }
            for story, title, n, first, last, ids, kinds, publishers in rows
        ]

    def story_counts(self) -> tuple[int, int]:
        """(stories, documents that are copies or rewrites of an earlier one)."""
        row = self.conn.execute(
            "SELECT count(DISTINCT coalesce(story_id, id)), count(*) FILTER (WHERE duplicate_of IS NOT NULL) "
            "FROM documents"
        ).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def fired_alerts(self) -> set[tuple[str, str]]:
        return {(r[0], r[1]) for r in self.conn.execute("SELECT rule_id, key FROM alerts").fetchall()}

    def fired_alert_reports(self) -> set[tuple[str, str]]:
        """(rule id, report key) of the event reports behind every stored alert."""
        rows = self.conn.execute("SELECT rule_id, unnest(reports) FROM alerts WHERE reports IS NOT NULL")
        return {(r[0], r[1]) for r in rows.fetchall()}

    def add_alerts(self, alerts: list[Any], reports: dict[str, list[str]] | None = None) -> None:
        """Store fired alerts (``redline.corroborate.alerts.Alert``); each (rule, key) once.
        *reports* maps an alert key to the report keys behind it."""
        now = datetime.now(UTC).replace(tzinfo=None)
        for alert in alerts:
            self.conn.execute(
                "INSERT INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [alert.rule_id, alert.key, alert.day, alert.description, list(alert.merged_event_ids), now,
                 (reports or {}).get(alert.key)],
            )

    def alerts(self, since: str | None = None) -> list[dict[str, Any]]:
        """Stored alerts, by day (alerts of events on or after *since* when given)."""
        start = parse_bound(since, "since")
        rows = self.conn.execute(
            "SELECT rule_id, key, day, description, merged_ids, fired_at FROM alerts "
            "ORDER BY day NULLS LAST, rule_id, key"
        ).fetchall()
        out = []
        for rule_id, key, day, description, merged_ids, fired_at in rows:
            span = date_bounds(day)
            if start is not None and span is not None and span[1] < start:
                continue
            out.append({"rule_id": rule_id, "key": key, "day": day, "description": description,
                        "merged_ids": list(merged_ids or []), "fired_at": fired_at})
        return out

    def errors(self) -> list[dict[str, Any]]:
        """Logged input failures, oldest first."""
        rows = self.conn.execute('SELECT input, reason, "at" FROM errors ORDER BY "at"').fetchall()
        return [{"input": r[0], "reason": r[1], "at": r[2]} for r in rows]


UNDATED_DAY = "9999"  # the merge order's start of an undated report


def _shift_iso(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def stretches(spans: Iterable[tuple[Any, Any]], gap: int = 7) -> list[tuple[Any, Any]]:
    """``(first, last)`` days (ISO strings, "9999" for undated, or dates) joined where they
    overlap or lie less than *gap* days apart: the stretches of days one query each reads
    (DuckDB skips a table's row groups by the min/max of their values, so one query over two
    far-apart days would read everything between them)."""

    def ordinal(day: Any) -> int:
        if isinstance(day, date):
            return day.toordinal()
        return 10**7 if day == UNDATED_DAY else date.fromisoformat(day).toordinal()

    out: list[tuple[Any, Any]] = []
    for lo, hi in sorted(spans):
        if out and ordinal(lo) - ordinal(out[-1][1]) < gap:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _marks(values: list[Any]) -> str:
    """``?, ?, ...``: one parameter per value, for ``IN (...)`` (NULL when none: matches nothing).
    A list of parameters lets DuckDB filter the scan itself, ``IN (SELECT unnest(?))`` is a join
    (half the cost of these small statements)."""
    return ", ".join("?" * len(values)) or "NULL"


def _union(conn: Any, sql: str, params: list[list[Any]]) -> list[Any]:
    """The rows of *sql* run with each of *params*, in one statement (UNION ALL)."""
    if not params:
        return []
    statement = " UNION ALL ".join(f"({sql})" for _ in params)
    return conn.execute(statement, [v for p in params for v in p]).fetchall()


def _unique(codes: Any) -> list[str]:
    return list(dict.fromkeys(c for c in codes if c))


def _report(doc_id: str, idx: int, record: Any, published: str | None, source: str | None,
            publisher: str | None) -> EventReport:  # fmt: skip
    event = event_from_dict(json.loads(record) if isinstance(record, str) else record)
    return EventReport(doc_id, idx, event, published, source, publisher)


def _merged_rows(merged: list[MergedEvent]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """``merged_events`` and ``merged_reports`` rows of merged events."""
    rows: list[tuple[Any, ...]] = []
    reports: list[tuple[Any, ...]] = []
    for m in merged:
        bounds = date_bounds(m.date)
        rows.append(
            (
                m.id, m.event, list(m.mode), list(m.context),
                _unique(a.code for a in m.actor), _unique(a.code for a in m.recipient),
                m.date, bounds[0] if bounds else None, bounds[1] if bounds else None, m.date_granularity,
                (m.place.name or m.place.text) if m.place else None, m.place.country if m.place else None,
                m.sources, len(m.reports), m.first_reported, m.best_evidence, m.score, m.confidence,
                _json(m.to_dict()), m.place.lat if m.place else None, m.place.lon if m.place else None,
                m.best_evidence.lower() if m.best_evidence else None,
            )
        )  # fmt: skip
        reports.extend(
            (m.id, r.doc_id, r.idx, r.source, r.published, r.evidence, r.confidence) for r in m.reports
        )
    return rows, reports
