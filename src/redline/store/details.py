"""Typed read queries of one thing over the store: a merged event with its reports, a document
with everything found in it, a story's copies, the escalation dyads' events, store statistics.

Functions take a DuckDB connection (one thread's :meth:`redline.store.Store.reader` cursor);
values reach SQL only as parameters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import duckdb

from redline.store.browse import MERGED_ROW, EventQuery, _complete, _parse


def merged_event(conn: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """A merged event: its row, its record and every report with its document's title, source,
    publisher, date, link, evidence offsets and confidence; None when there is no such event."""
    select = ", ".join(f"e.{c}" for c in MERGED_ROW if c != "report_docs")
    row = conn.execute(
        f"SELECT {select}, e.record FROM merged_events e WHERE e.id = ?", [event_id]
    ).fetchone()
    if row is None:
        return None
    names = [c for c in MERGED_ROW if c != "report_docs"]
    out = dict(zip(names, row[:-1], strict=True))
    out["record"] = _parse(row[-1])
    reports = conn.execute(
        """SELECT r.doc_id, r.idx, r.source, r.published, r.evidence, r.confidence,
                  d.title, d.publisher, d.original_publisher, d.site, d.url, d.duplicate_of, d.duplicate_kind,
                  ev.evidence_start, ev.evidence_end, ev.date, ev.date_source, ev.date_text, ev.event_text
           FROM merged_reports r
           LEFT JOIN documents d ON d.id = r.doc_id
           LEFT JOIN events ev ON ev.doc_key = d.doc_key AND ev.idx = r.idx
           WHERE r.merged_id = ? ORDER BY r.published NULLS LAST, r.doc_id, r.idx""",
        [event_id],
    ).fetchall()
    keys = ("doc_id", "idx", "source", "published", "evidence", "confidence", "title", "publisher",
            "original_publisher", "site", "url", "duplicate_of", "duplicate_kind", "evidence_start",
            "evidence_end", "date", "date_source", "date_text", "event_text")  # fmt: skip
    out["reports"] = [dict(zip(keys, r, strict=True)) for r in reports]
    out["report_docs"] = [r["doc_id"] for r in out["reports"]]
    return out


def merged_rows(conn: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The list rows of the merged events with these ids (those that exist), by date."""
    if not ids:
        return []
    select = ", ".join(f"e.{c}" for c in MERGED_ROW if c != "report_docs")
    rows = conn.execute(
        f"SELECT {select} FROM merged_events e WHERE e.id = ANY(?::VARCHAR[]) "
        "ORDER BY e.date_start NULLS LAST, e.id",
        [list(ids)],
    ).fetchall()
    return _complete(conn, EventQuery(), rows)


def report_event(conn: duckdb.DuckDBPyConnection, doc_id: str, idx: int) -> str | None:
    """The merged event a document's ``idx``-th event belongs to."""
    row = conn.execute(
        "SELECT merged_id FROM merged_reports WHERE doc_id = ? AND idx = ?", [doc_id, idx]
    ).fetchone()
    return row[0] if row else None


def document(conn: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    """A stored document's metadata and clean text with its removals, entities, places, quotes,
    times and events (each event with the merged event it belongs to); None when not stored."""
    columns = ("id", "path", "title", "published", "section", "publisher", "original_publisher", "author",
               "site", "url", "dateline", "text", "content_hash", "duplicate_of", "duplicate_kind",
               "story_id", "ingested_at")  # fmt: skip
    row = conn.execute(
        f"SELECT doc_key, record, {', '.join(columns)} FROM documents "
        "WHERE id = ? ORDER BY doc_key DESC LIMIT 1",
        [doc_id],
    ).fetchone()
    if row is None:
        return None
    key, record = row[0], row[1]
    out: dict[str, Any] = dict(zip(columns, row[2:], strict=True))

    def rows(sql: str, names: tuple[str, ...]) -> list[dict[str, Any]]:
        return [dict(zip(names, r, strict=True)) for r in conn.execute(sql, [key]).fetchall()]

    out["removals"] = rows(
        "SELECT text, reason FROM removals WHERE doc_key = ? ORDER BY idx", ("text", "reason")
    )
    out["entities"] = rows(
        "SELECT text, start_offset, end_offset, label, code, sector FROM entities "
        "WHERE doc_key = ? ORDER BY idx",
        ("text", "start", "end", "label", "code", "sector"),
    )
    out["places"] = rows(
        "SELECT text, start_offset, end_offset, name, country, admin1, lat, lon, feature FROM places "
        "WHERE doc_key = ? ORDER BY idx",
        ("text", "start", "end", "name", "country", "admin1", "lat", "lon", "feature"),
    )
    out["quotes"] = rows(
        "SELECT text, start_offset, end_offset, speaker, speaker_code FROM quotes "
        "WHERE doc_key = ? ORDER BY idx",
        ("text", "start", "end", "speaker", "speaker_code"),
    )
    out["times"] = rows(
        "SELECT text, start_offset, end_offset, value, type FROM times WHERE doc_key = ? ORDER BY idx",
        ("text", "start", "end", "value", "type"),
    )
    out["events"] = rows(
        """SELECT e.idx, e.event, e.mode, e.actor_codes, e.recipient_codes, e.date, e.event_text,
                  e.evidence_start, e.evidence_end, e.confidence, r.merged_id
           FROM events e LEFT JOIN merged_reports r ON r.doc_id = e.doc_id AND r.idx = e.idx
           WHERE e.doc_key = ? ORDER BY e.idx""",
        (
            "idx",
            "event",
            "mode",
            "actor_codes",
            "recipient_codes",
            "date",
            "event_text",
            "evidence_start",
            "evidence_end",
            "confidence",
            "merged_id",
        ),
    )
    # events told as history or as not done: kept in the record, never in the event tables
    told = json.loads(record) if isinstance(record, str) else record or {}
    out["background"] = [
        {
            "event": e.get("event"),
            "mode": e.get("mode") or [],
            "actor_codes": [a.get("code") for a in e.get("actor") or []],
            "recipient_codes": [a.get("code") for a in e.get("recipient") or []],
            "date": e.get("date"),
            "event_text": e.get("event_text"),
        }
        for e in (told.get("background") or [])
    ]
    return out


def story(conn: duckdb.DuckDBPyConnection, story_id: str) -> list[dict[str, Any]]:
    """The documents of a story (its earliest first) with what cleaning removed from each."""
    rows = conn.execute(
        """SELECT d.id, d.title, d.published, d.publisher, d.site, d.url, d.duplicate_of, d.duplicate_kind,
                  (SELECT list({'text': r.text, 'reason': r.reason} ORDER BY r.idx) FROM removals r
                   WHERE r.doc_key = d.doc_key) AS removals,
                  (SELECT count(*) FROM events e WHERE e.doc_key = d.doc_key) AS events
           FROM documents d WHERE coalesce(d.story_id, d.id) = ?
           ORDER BY d.duplicate_of IS NOT NULL, d.published NULLS LAST, d.id""",
        [story_id],
    ).fetchall()
    names = ("id", "title", "published", "publisher", "site", "url", "duplicate_of", "duplicate_kind",
             "removals", "events")  # fmt: skip
    return [dict(zip(names, r, strict=True)) | {"removals": list(r[8] or [])} for r in rows]


def merged_for_dyad(conn: duckdb.DuckDBPyConnection, dyad: str) -> list[dict[str, Any]]:
    """The records of the merged events an escalation dyad (``A-B`` or ``A``) can hold: those
    with A among their actors (and B among their recipients)."""
    actor, sep, recipient = dyad.partition("-")
    sql = "SELECT record FROM merged_events WHERE list_contains(actor_codes, ?)"
    params: list[Any] = [actor]
    if sep:
        sql += " AND list_contains(recipient_codes, ?)"
        params.append(recipient)
    rows = conn.execute(sql + " ORDER BY date_start NULLS LAST, id", params).fetchall()
    return [_parse(r[0]) for r in rows]


def dyads(conn: duckdb.DuckDBPyConnection, top: int = 40) -> list[tuple[str, int]]:
    """The most frequent actor codes and actor-recipient pairs of the merged events, with counts."""
    rows = conn.execute(
        """WITH a AS (SELECT id, unnest(actor_codes) AS actor, recipient_codes FROM merged_events)
           SELECT dyad, count(*) FROM (
               SELECT actor AS dyad FROM a WHERE actor IS NOT NULL
               UNION ALL
               SELECT actor || '-' || recipient
               FROM (SELECT actor, unnest(recipient_codes) AS recipient FROM a)
               WHERE actor IS NOT NULL AND recipient IS NOT NULL AND actor <> recipient)
           GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?""",
        [top],
    ).fetchall()
    return [(r[0], int(r[1])) for r in rows]


def stats(conn: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Sizes of the store, the span of event dates and the last ingest time."""
    one = conn.execute(
        """SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),
                  (SELECT count(*) FROM merged_events), (SELECT count(*) FROM alerts),
                  (SELECT count(*) FROM errors),
                  (SELECT count(DISTINCT coalesce(story_id, id)) FROM documents),
                  (SELECT min(date_start) FROM merged_events), (SELECT max(date_end) FROM merged_events),
                  (SELECT max(ingested_at) FROM documents)"""
    ).fetchone()
    assert one is not None
    names = ("documents", "events", "merged_events", "alerts", "errors", "stories", "first_date", "last_date",
             "last_ingest")  # fmt: skip
    out = dict(zip(names, one, strict=True))
    out["by_event"] = dict(
        (r[0], int(r[1]))
        for r in conn.execute(
            "SELECT event, count(*) FROM merged_events GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
    )
    return out
