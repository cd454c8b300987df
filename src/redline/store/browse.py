"""Typed read queries over the store for browsing: filtered, sorted, paged events (merged or per
report), facets, map clusters, one event's or document's details, stories and store statistics.

Every function takes a DuckDB connection (one thread's :meth:`redline.store.Store.reader`
cursor) and an :class:`EventQuery`; filter values reach SQL only as parameters. A bad filter
raises ``ValueError`` with a message meant for the person who sent it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any, Literal, get_args

import duckdb

from redline.records import AuxMode, EventMode, EventType
from redline.store.db import EVENT_COLUMNS, MERGED_COLUMNS
from redline.timespans import DATE_FORMS, date_bounds, parse_bound

View = Literal["merged", "reports"]

EVENT_TYPES: tuple[str, ...] = get_args(EventType)
MODES: frozenset[str] = frozenset(get_args(EventMode) + get_args(AuxMode))
_CODE = re.compile(r"^[A-Z]{3}$")
_CONTEXT = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
MAX_LIMIT = 500
MAX_OFFSET = 10_000_000
MAX_TEXT = 200

#: Columns of a merged-event row (:data:`redline.store.db.MERGED_COLUMNS` and its coordinates).
MERGED_ROW = (*MERGED_COLUMNS, "lat", "lon")
#: Columns of a per-report event row: its id (``doc_id#idx``), the store's event columns, and the
#: merged event it belongs to.
REPORT_ROW = ("id", *EVENT_COLUMNS, "merged_id")

#: Sort keys (a leading ``-`` sorts descending): the column of a merged event and of a report.
_SORT_KEYS: dict[str, tuple[str, str]] = {
    "date": ("e.date_start", "e.date_start"),
    "confidence": ("e.confidence", "e.confidence"),
    "score": ("e.score", "e.score"),
    "sources": ("e.sources", "e.doc_key"),
    "reported": ("e.first_reported", "d.published"),
}
SORTS: tuple[str, ...] = tuple(p + k for k in _SORT_KEYS for p in ("", "-"))


def order_by(sort: str, view: View) -> str:
    """The ORDER BY list of a sort key; ties go by id (merged) or document and position (reports)."""
    name = sort.removeprefix("-")
    merged_column, report_column = _SORT_KEYS[name]
    column = merged_column if view == "merged" else report_column
    direction = "DESC" if sort.startswith("-") else "ASC"
    ties = "e.first_reported, e.id" if view == "merged" else "e.doc_key, e.idx"
    return f"{column} {direction} NULLS LAST, {ties}"


@dataclass(frozen=True)
class EventQuery:
    """What to list: the view, ACLED-style filters, sort and page.

    Codes, types, modes and contexts are tuples (any of them matches); ``since``/``until`` take
    :data:`redline.timespans.DATE_FORMS`; ``text`` is a case-insensitive substring of the
    evidence (and, per report, of the title); ``min_sources`` keeps events (or reports of events)
    with at least that many independent sources; ``updated_since`` keeps events with a report
    stored at or after that time.
    """

    view: View = "merged"
    actor: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    event: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    text: str | None = None
    min_sources: int | None = None
    updated_since: datetime | None = None
    sort: str = "-date"
    limit: int = 50
    offset: int = 0
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    def filters(self) -> dict[str, Any]:
        """The query's filters (no view, sort or page) as plain values, for links and messages."""
        skip = {"view", "sort", "limit", "offset", "extra"}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}


def _codes(values: Sequence[str], name: str) -> tuple[str, ...]:
    out = tuple(v.strip().upper() for v in values if v.strip())
    for code in out:
        if not _CODE.match(code):
            raise ValueError(f"{name}: {code!r} is not a three-letter actor or country code (e.g. UKR)")
    return out


def validate(query: EventQuery) -> EventQuery:
    """The query with normalised values; ValueError naming the first bad parameter."""
    if query.view not in get_args(View):
        raise ValueError(f"view: {query.view!r} is not one of merged, reports")
    events = tuple(v.strip().upper() for v in query.event if v.strip())
    for value in events:
        if value not in EVENT_TYPES:
            raise ValueError(f"event: {value!r} is not a PLOVER event type ({', '.join(EVENT_TYPES)})")
    modes = tuple(v.strip().lower() for v in query.mode if v.strip())
    for value in modes:
        if value not in MODES:
            raise ValueError(f"mode: {value!r} is not a PLOVER mode")
    contexts = tuple(v.strip().lower() for v in query.context if v.strip())
    for value in contexts:
        if not _CONTEXT.match(value):
            raise ValueError(f"context: {value!r} is not a PLOVER context word")
    for name in ("since", "until"):
        value = getattr(query, name)
        if value is not None and date_bounds(value) is None:
            raise ValueError(f"{name}: {value!r} is not a date ({DATE_FORMS})")
    if query.text is not None and len(query.text) > MAX_TEXT:
        raise ValueError(f"q: text search is limited to {MAX_TEXT} characters")
    if query.min_sources is not None and not 1 <= query.min_sources <= 10_000:
        raise ValueError("min_sources: must be between 1 and 10000")
    if query.sort not in SORTS:
        raise ValueError(f"sort: {query.sort!r} is not one of {', '.join(SORTS)}")
    if not 1 <= query.limit <= MAX_LIMIT:
        raise ValueError(f"limit: must be between 1 and {MAX_LIMIT}")
    if not 0 <= query.offset <= MAX_OFFSET:
        raise ValueError(f"offset: must be between 0 and {MAX_OFFSET}")
    return replace(
        query,
        actor=_codes(query.actor, "actor"),
        recipient=_codes(query.recipient, "recipient"),
        country=_codes(query.country, "country"),
        event=events,
        mode=modes,
        context=contexts,
        text=(query.text or "").strip() or None,
    )


def _any_of(column: str, values: tuple[str, ...], params: list[Any]) -> str:
    """``column`` (a list) holds any of ``values`` (one ``list_contains`` each: far faster than
    intersecting lists)."""
    params.extend(values)
    return "(" + " OR ".join(f"list_contains({column}, ?)" for _ in values) + ")"


def where(query: EventQuery) -> tuple[str, list[Any]]:
    """SQL WHERE clause (over alias ``e``, and ``d`` the document for reports) and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    merged = query.view == "merged"
    if query.actor:
        clauses.append(_any_of("e.actor_codes", query.actor, params))
    if query.recipient:
        clauses.append(_any_of("e.recipient_codes", query.recipient, params))
    if query.country:
        clauses.append("e.place_country = ANY(?::VARCHAR[])")
        params.append(list(query.country))
    if query.event:
        clauses.append("e.event = ANY(?::VARCHAR[])")
        params.append(list(query.event))
    if query.mode:
        clauses.append(_any_of("e.mode", query.mode, params))
    if query.context:
        clauses.append(_any_of("e.context", query.context, params))
    start, end = parse_bound(query.since, "since"), parse_bound(query.until, "until")
    if start is not None:
        clauses.append("e.date_end >= ?")
        params.append(start)
    if end is not None:
        clauses.append("e.date_start <= ?")
        params.append(end)
    if query.text:
        if merged:
            clauses.append("contains(e.search, ?)")  # the lower-cased best evidence
            params.append(query.text.lower())
        else:
            clauses.append("(contains(lower(e.event_text), ?) OR contains(lower(d.title), ?))")
            params.extend([query.text.lower()] * 2)
    if query.min_sources is not None:
        if merged:
            clauses.append("e.sources >= ?")
        else:
            clauses.append(
                "EXISTS (SELECT 1 FROM merged_reports r JOIN merged_events m ON m.id = r.merged_id "
                "WHERE r.doc_id = e.doc_id AND r.idx = e.idx AND m.sources >= ?)"
            )
        params.append(query.min_sources)
    if query.updated_since is not None:
        if merged:
            clauses.append(
                "EXISTS (SELECT 1 FROM merged_reports r JOIN documents u ON u.id = r.doc_id "
                "WHERE r.merged_id = e.id AND u.ingested_at >= ?)"
            )
        else:
            clauses.append("d.ingested_at >= ?")
        params.append(query.updated_since.replace(tzinfo=None))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _joins_documents(query: EventQuery, always: bool = False) -> bool:
    """Whether a per-report query joins its documents: for exports (``always``), text search in
    titles, sync and sorting by publication; a page otherwise looks up its rows' titles and dates."""
    return query.view == "reports" and (
        always or bool(query.text) or query.updated_since is not None or query.sort.endswith("reported")
    )


def _from(query: EventQuery, always: bool = False) -> str:
    if query.view == "merged":
        return "merged_events e"
    joined = _joins_documents(query, always)
    return "events e JOIN documents d ON d.doc_key = e.doc_key" if joined else "events e"


def _select(query: EventQuery, always: bool = False) -> str:
    if query.view == "merged":
        return ", ".join(f"e.{c}" for c in MERGED_ROW if c != "report_docs")
    joined = _joins_documents(query, always)
    columns = ["e.doc_id || '#' || e.idx AS id"]
    for c in EVENT_COLUMNS:
        if c in {"published", "title"}:
            columns.append(f"d.{c}" if joined else f"NULL::VARCHAR AS {c}")
        else:
            columns.append(f"e.{c}")
    return ", ".join(columns)


@dataclass
class EventPage:
    """One page of events and how many match in all."""

    events: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


def _complete(
    conn: duckdb.DuckDBPyConnection, query: EventQuery, rows: list[tuple[Any, ...]], always: bool = False
) -> list[dict[str, Any]]:
    """Row tuples as dicts, with each merged event's report documents or each report's merged event."""
    if query.view == "merged":
        names = [c for c in MERGED_ROW if c != "report_docs"]
        out = [dict(zip(names, row, strict=True)) for row in rows]
        docs = _report_docs(conn, [r["id"] for r in out])
        for r in out:
            r["report_docs"] = docs.get(r["id"], [])
        return [{c: r[c] for c in MERGED_ROW} for r in out]
    out = [dict(zip(REPORT_ROW[:-1], row, strict=True)) for row in rows]
    merged = _merged_ids(conn, [(r["doc_id"], r["idx"]) for r in out])
    if not _joins_documents(query, always):
        documents = _documents_of(conn, [r["doc_id"] for r in out])
        for r in out:
            r["published"], r["title"] = documents.get(r["doc_id"], (None, None))
    for r in out:
        r["merged_id"] = merged.get((r["doc_id"], r["idx"]))
    return out


def _documents_of(
    conn: duckdb.DuckDBPyConnection, ids: list[str]
) -> dict[str, tuple[str | None, str | None]]:
    """(published, title) of these documents."""
    if not ids:
        return {}
    rows = conn.execute(
        "SELECT id, published, title FROM documents WHERE id = ANY(?::VARCHAR[])", [sorted(set(ids))]
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def _report_docs(conn: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, list[str]]:
    if not ids:
        return {}
    rows = conn.execute(
        "SELECT merged_id, list(doc_id ORDER BY published, doc_id) FROM merged_reports "
        "WHERE merged_id = ANY(?::VARCHAR[]) GROUP BY merged_id",
        [ids],
    ).fetchall()
    return {r[0]: list(r[1]) for r in rows}


def _merged_ids(conn: duckdb.DuckDBPyConnection, keys: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
    if not keys:
        return {}
    rows = conn.execute(
        "SELECT doc_id, idx, merged_id FROM merged_reports WHERE doc_id = ANY(?::VARCHAR[])",
        [sorted({k[0] for k in keys})],
    ).fetchall()
    wanted = set(keys)
    return {(d, i): m for d, i, m in rows if (d, i) in wanted}


def search_events(conn: duckdb.DuckDBPyConnection, query: EventQuery) -> EventPage:
    """One page of the events matching ``query`` (validated here), and the total."""
    query = validate(query)
    clause, params = where(query)
    base = f"FROM {_from(query)}{clause}"
    order = order_by(query.sort, query.view)
    rows: list[tuple[Any, ...]] = []
    if query.text:  # a text search scans every string: once, counting the matches alongside
        counted = conn.execute(
            f"SELECT {_select(query)}, count(*) OVER () {base} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset],
        ).fetchall()
        if counted:
            rows = [row[:-1] for row in counted]
            return EventPage(_complete(conn, query, rows), int(counted[0][-1]), query.limit, query.offset)
    total_row = conn.execute(f"SELECT count(*) {base}", params).fetchone()
    total = int(total_row[0]) if total_row else 0
    if query.offset < total:
        sql = f"SELECT {_select(query)} {base} ORDER BY {order} LIMIT ? OFFSET ?"
        rows = conn.execute(sql, [*params, query.limit, query.offset]).fetchall()
    return EventPage(_complete(conn, query, rows), total, query.limit, query.offset)


def iter_events(
    conn: duckdb.DuckDBPyConnection, query: EventQuery, batch: int = 2000, limit: int | None = None
) -> Iterator[list[dict[str, Any]]]:
    """Every event matching ``query`` (from its offset, at most ``limit``) in batches of rows."""
    query = validate(query)
    clause, params = where(query)
    order = order_by(query.sort, query.view)
    sql = f"SELECT {_select(query, True)} FROM {_from(query, True)}{clause} ORDER BY {order}"
    sql += " LIMIT ? OFFSET ?"
    result = conn.execute(sql, [*params, limit if limit is not None else 2**62, query.offset])
    while rows := result.fetchmany(batch):
        yield _complete(conn, query, rows, always=True)


def iter_records(
    conn: duckdb.DuckDBPyConnection, query: EventQuery, batch: int = 2000, limit: int | None = None
) -> Iterator[list[dict[str, Any]]]:
    """The PLOVER records of the matching events (merged: :class:`~redline.records.MergedEvent`
    dicts; reports: :class:`~redline.records.Event` dicts with ``id``, ``doc_id`` and ``published``)."""
    query = validate(query)
    clause, params = where(query)
    if query.view == "merged":
        select = "e.record"
    else:
        select = "e.record, e.doc_id || '#' || e.idx, e.doc_id, d.published, d.title, d.url"
    order = order_by(query.sort, query.view)
    sql = f"SELECT {select} FROM {_from(query, True)}{clause} ORDER BY {order} LIMIT ? OFFSET ?"
    result = conn.execute(sql, [*params, limit if limit is not None else 2**62, query.offset])
    while rows := result.fetchmany(batch):
        out = []
        for row in rows:
            record = _parse(row[0])
            if query.view == "reports":
                record = {
                    "id": row[1],
                    "doc_id": row[2],
                    "published": row[3],
                    "title": row[4],
                    "url": row[5],
                    **record,
                }
            out.append(record)
        yield out


def arrow_reader(conn: duckdb.DuckDBPyConnection, query: EventQuery, batch: int = 20_000) -> Any:
    """A ``pyarrow.RecordBatchReader`` of the matching event rows (for Parquet)."""
    query = validate(query)
    clause, params = where(query)
    select = _select(query, True)
    if query.view == "merged":
        select = select.replace(
            "e.lon",
            "e.lon, (SELECT list(r.doc_id ORDER BY r.published, r.doc_id) "
            "FROM merged_reports r WHERE r.merged_id = e.id) AS report_docs",
        )
    sql = f"SELECT {select} FROM {_from(query, True)}{clause} ORDER BY {order_by(query.sort, query.view)}"
    return conn.sql(sql, params=params).to_arrow_reader(batch)


def _parse(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    return json.loads(value) if isinstance(value, str) else dict(value)


# -- facets and map --------------------------------------------------------------------------


def facets(conn: duckdb.DuckDBPyConnection, query: EventQuery, top: int = 12) -> dict[str, Any]:
    """Counts of the matching events by type, top actors and recipients, and a histogram of
    their dates (by day when they span at most 92 days, else by month)."""
    query = validate(query)
    clause, params = where(query)
    base = f"FROM {_from(query)}{clause}"
    types = conn.execute(f"SELECT e.event, count(*) {base} GROUP BY 1 ORDER BY 2 DESC, 1", params).fetchall()

    def top_codes(column: str) -> list[tuple[str, int]]:
        rows = conn.execute(
            f"SELECT code, count(*) FROM (SELECT unnest({column}) AS code {base}) "
            "WHERE code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
            [*params, top],
        ).fetchall()
        return [(r[0], int(r[1])) for r in rows]

    span = conn.execute(f"SELECT min(e.date_start), max(e.date_start) {base}", params).fetchone()
    by_day = bool(span and span[0] and span[1] and (span[1] - span[0]).days <= 92)
    bucket = "strftime(e.date_start, '%Y-%m-%d')" if by_day else "strftime(e.date_start, '%Y-%m')"
    histogram = conn.execute(
        f"SELECT {bucket}, count(*) {base}{' AND' if clause else ' WHERE'} e.date_start IS NOT NULL "
        "GROUP BY 1 ORDER BY 1",
        params,
    ).fetchall()
    return {
        "event": [(r[0], int(r[1])) for r in types],
        "actor": top_codes("e.actor_codes"),
        "recipient": top_codes("e.recipient_codes"),
        "histogram": {"unit": "day" if by_day else "month", "bins": [(r[0], int(r[1])) for r in histogram]},
    }


def map_clusters(
    conn: duckdb.DuckDBPyConnection, query: EventQuery, cell: float = 2.0
) -> list[dict[str, Any]]:
    """Merged events with coordinates, clustered on a grid of ``cell`` degrees: each cluster's mean
    position, count, counts per event type and up to three event ids."""
    query = validate(replace(query, view="merged"))
    if not 0.01 <= cell <= 90:
        raise ValueError("cell: must be between 0.01 and 90 degrees")
    clause, params = where(query)
    located = "e.lat IS NOT NULL AND e.lon IS NOT NULL"
    clause = f"{clause} AND {located}" if clause else f" WHERE {located}"
    rows = conn.execute(
        f"""SELECT floor(e.lat / ?) AS gy, floor(e.lon / ?) AS gx, e.event, count(*), avg(e.lat), avg(e.lon),
                   list(e.id ORDER BY e.sources DESC, e.id)[1:3], list(DISTINCT e.place)[1:3]
            FROM merged_events e{clause} GROUP BY 1, 2, 3""",
        [cell, cell, *params],
    ).fetchall()
    cells: dict[tuple[float, float], dict[str, Any]] = {}
    for gy, gx, event, n, lat, lon, ids, places in rows:
        c = cells.setdefault(
            (gy, gx), {"count": 0, "lat": 0.0, "lon": 0.0, "events": {}, "ids": [], "places": []}
        )
        c["lat"] += lat * n
        c["lon"] += lon * n
        c["count"] += int(n)
        c["events"][event] = int(n)
        c["ids"] = (c["ids"] + list(ids))[:3]
        c["places"] = list(dict.fromkeys(c["places"] + [p for p in places if p]))[:3]
    out = []
    for c in cells.values():
        c["lat"] = round(c["lat"] / c["count"], 4)
        c["lon"] = round(c["lon"] / c["count"], 4)
        out.append(c)
    return sorted(out, key=lambda c: -c["count"])


def jsonable(value: Any) -> Any:
    """Dates and times as ISO strings (for JSON and CSV)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
