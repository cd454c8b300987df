"""Query parameters of event lists, shared by the API and the pages: one FastAPI dependency that
documents them (OpenAPI) and turns them into a validated :class:`redline.store.browse.EventQuery`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Query

from redline.store.browse import MAX_LIMIT, SORTS, EventQuery, validate

Format = Literal["json", "jsonl", "csv", "parquet", "plover", "acled"]
FORMATS: tuple[str, ...] = ("json", "jsonl", "csv", "parquet", "plover", "acled")


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v.strip())


def event_query(
    view: Annotated[
        Literal["merged", "reports"], Query(description="merged events (default) or one row per report")
    ] = "merged",
    actor: Annotated[
        str | None, Query(max_length=200, description="actor codes, comma-separated (any): RUS,BLR")
    ] = None,
    recipient: Annotated[
        str | None, Query(max_length=200, description="recipient codes, comma-separated (any)")
    ] = None,
    country: Annotated[
        str | None, Query(max_length=200, description="ISO 3166 alpha-3 codes of the event's place")
    ] = None,
    event: Annotated[
        str | None, Query(max_length=300, description="PLOVER event types, comma-separated: ASSAULT,THREATEN")
    ] = None,
    mode: Annotated[
        str | None, Query(max_length=300, description="PLOVER modes, comma-separated (any)")
    ] = None,
    context: Annotated[
        str | None, Query(max_length=300, description="PLOVER contexts, comma-separated (any)")
    ] = None,
    since: Annotated[
        str | None,
        Query(max_length=20, description="events on or after: 2024-07-02, 2024-07, 2024-W27, 2024-Q3, 2024"),
    ] = None,
    until: Annotated[str | None, Query(max_length=20, description="events on or before (same forms)")] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="text search in the evidence (and titles, per report)")
    ] = None,
    min_sources: Annotated[
        str | None,
        Query(pattern=r"^\d{0,5}$", description="at least this many independent sources (1..10000)"),
    ] = None,
    updated_since: Annotated[
        datetime | None,
        Query(description="events with a report stored at or after this time (ISO 8601), for sync"),
    ] = None,
    sort: Annotated[
        str, Query(description="one of " + ", ".join(SORTS) + " (a leading - sorts descending)")
    ] = "-date",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size (1..{MAX_LIMIT})")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")] = 0,
) -> EventQuery:
    """The validated query (ValueError, answered 400, names a bad parameter)."""
    return validate(
        EventQuery(
            view=view, actor=_split(actor), recipient=_split(recipient), country=_split(country),
            event=_split(event), mode=_split(mode), context=_split(context), since=since or None,
            until=until or None, text=q, min_sources=int(min_sources) if min_sources else None,
            updated_since=updated_since, sort=sort, limit=limit, offset=offset,
        )
    )  # fmt: skip


def query_params(query: EventQuery, **override: Any) -> dict[str, str]:
    """The query as URL parameters (defaults left out), with ``override`` applied (None removes)."""
    out: dict[str, Any] = {
        "view": query.view if query.view != "merged" else None,
        "actor": ",".join(query.actor), "recipient": ",".join(query.recipient),
        "country": ",".join(query.country), "event": ",".join(query.event), "mode": ",".join(query.mode),
        "context": ",".join(query.context), "since": query.since, "until": query.until, "q": query.text,
        "min_sources": query.min_sources,
        "updated_since": query.updated_since.isoformat() if query.updated_since else None,
        "sort": query.sort if query.sort != "-date" else None,
        "limit": query.limit if query.limit != 50 else None,
        "offset": query.offset or None,
    }  # fmt: skip
    out.update(override)
    return {k: str(v) for k, v in out.items() if v not in (None, "")}


def query_string(query: EventQuery, **override: Any) -> str:
    params = query_params(query, **override)
    return ("?" + urlencode(params)) if params else ""
