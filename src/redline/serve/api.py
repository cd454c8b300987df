"""The JSON API (``/api/...``): events with filters and formats, one event, documents, stories,
escalation, alerts, map clusters, statistics, and ingest (the only write, behind the token)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Header, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response, StreamingResponse

from redline.serve import formats, ingesting
from redline.serve.app import ServerState
from redline.serve.params import Format, event_query, query_string
from redline.serve.security import bearer
from redline.store import browse, details
from redline.store.browse import EventQuery

DYAD = re.compile(r"^[A-Z]{3}(-[A-Z]{3})?$")


def json_response(value: Any, status: int = 200) -> Response:
    return Response(formats.dumps(value), status_code=status, media_type="application/json")


def parse_dyad(dyad: str) -> str:
    value = dyad.strip().upper()
    if not DYAD.match(value):
        raise ValueError(
            f"dyad: {dyad!r} is not two actor codes (BLR-UKR: what BLR does to UKR) or one (BLR)"
        )
    return value


def escalation(state: ServerState, dyad: str, since: str | None, until: str | None) -> dict[str, Any]:
    """The daily index of a dyad with the events that moved it most (labelled)."""
    from redline.corroborate.escalation import escalation_index
    from redline.records import merged_from_dict
    from redline.render.chart import event_label
    from redline.timespans import parse_bound

    dyad = parse_dyad(dyad)
    start, end = parse_bound(since, "since"), parse_bound(until, "until")
    merged = [merged_from_dict(r) for r in details.merged_for_dyad(state.reader(), dyad)]
    rows = escalation_index(merged, dyad, since=start, until=end)
    by_id = {m.id: m for m in merged}
    top = sorted((r for r in rows if r.events), key=lambda r: -abs(r.score))[:8]
    labels = [
        {"day": r.day.isoformat(), "score": r.score, "event_id": r.top[0],
         "label": event_label(by_id[r.top[0]])}
        for r in top if r.top and r.top[0] in by_id
    ]  # fmt: skip
    return {
        "dyad": dyad,
        "days": [
            {
                "day": r.day.isoformat(),
                "score": r.score,
                "events": r.events,
                "rolling7": r.rolling7,
                "verbal_cooperation": r.verbal_cooperation,
                "material_cooperation": r.material_cooperation,
                "verbal_conflict": r.verbal_conflict,
                "material_conflict": r.material_conflict,
                "top": list(r.top),
            }
            for r in rows
        ],  # fmt: skip
        "labels": labels,
        "skipped": rows.skipped,
    }


def alerts(state: ServerState, since: str | None) -> list[dict[str, Any]]:
    """Fired alerts (the store's query), each with the rows of the merged events behind it."""
    rows = state.view().alerts(since)
    ids = sorted({i for r in rows for i in r["merged_ids"]})
    merged = {r["id"]: r for r in details.merged_rows(state.reader(), ids)}
    return [{**r, "merged_events": [merged[i] for i in r["merged_ids"] if i in merged]} for r in rows]


def router(state: ServerState) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["api"])

    @api.get(
        "/events", summary="List events (merged, or one row per report) with filters, paging and formats"
    )
    def list_events(
        request: Request,
        query: Annotated[EventQuery, Depends(event_query)],
        format: Annotated[
            Format,
            Query(
                description="json (a page), or a streamed export of every match: "
                "jsonl, csv, parquet, plover (PLOVER JSON), acled (ACLED-style CSV)"
            ),
        ] = "json",
    ) -> Response:
        if format == "json":
            page = browse.search_events(state.reader(), query)
            following = page.offset + page.limit
            return json_response({
                "events": page.events, "total": page.total, "limit": page.limit, "offset": page.offset,
                "next": f"/api/events{query_string(query, offset=following)}"
                if following < page.total
                else None,
                "as_of": datetime.now(UTC).isoformat(timespec="seconds"),
            })  # fmt: skip
        paged = "limit" in request.query_params
        return _stream(state, query, format, paged)

    @api.get(
        "/events/{event_id}", summary="One merged event: its evidence, reports, sources and article links"
    )
    def get_event(event_id: str) -> Response:
        detail = details.merged_event(state.reader(), event_id)
        if detail is None:
            raise HTTPException(404, f"no merged event {event_id!r}")
        return json_response(detail)

    @api.get("/facets", summary="Counts of the matching events by type, actor, recipient and date")
    def get_facets(query: Annotated[EventQuery, Depends(event_query)]) -> Response:
        return json_response(browse.facets(state.reader(), query))

    @api.get("/map", summary="Merged events with a place, clustered on a grid (for the map)")
    def get_map(
        query: Annotated[EventQuery, Depends(event_query)],
        cell: Annotated[float, Query(ge=0.01, le=90, description="grid cell in degrees")] = 2.0,
    ) -> Response:
        return json_response({"clusters": browse.map_clusters(state.reader(), query, cell), "cell": cell})

    @api.get(
        "/documents/{doc_id:path}",
        summary="One document: clean text, removals, entities, places, quotes, events",
    )
    def get_document(doc_id: str) -> Response:
        detail = details.document(state.reader(), doc_id)
        if detail is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return json_response(detail)

    @api.get("/stories", summary="Story clusters: a story's earliest document and its copies")
    def get_stories(min_size: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
        rows = state.view().stories(min_size)
        return json_response({"stories": rows})

    @api.get("/stories/{story_id:path}", summary="One story: each copy and what cleaning removed from it")
    def get_story(story_id: str) -> Response:
        docs = details.story(state.reader(), story_id)
        if not docs:
            raise HTTPException(404, f"no story {story_id!r}")
        return json_response({"story": story_id, "documents": docs})

    @api.get("/escalation", summary="Daily escalation index of a dyad (BLR-UKR) or a country (BLR)")
    def get_escalation(
        dyad: Annotated[str, Query(max_length=7, description="BLR-UKR (what BLR does to UKR) or BLR")],
        since: Annotated[str | None, Query(max_length=20)] = None,
        until: Annotated[str | None, Query(max_length=20)] = None,
    ) -> Response:
        return json_response(escalation(state, dyad, since, until))

    @api.get("/dyads", summary="The most frequent countries and actor-recipient pairs of the merged events")
    def get_dyads(top: Annotated[int, Query(ge=1, le=500)] = 40) -> Response:
        return json_response(
            {"dyads": [{"dyad": d, "events": n} for d, n in details.dyads(state.reader(), top)]}
        )

    @api.get("/alerts", summary="Fired alerts with the merged events behind them")
    def get_alerts(since: Annotated[str | None, Query(max_length=20)] = None) -> Response:
        return json_response({"alerts": alerts(state, since)})

    @api.get("/stats", summary="Sizes of the store and the span of its events")
    def get_stats() -> Response:
        return json_response({**details.stats(state.reader()), "read_only": state.read_only})

    if not state.read_only:

        @api.post(
            "/ingest", summary="Ingest files, JSON records or text (needs the write token)", status_code=200
        )
        def post_ingest(
            request: Request,
            authorization: Annotated[str | None, Header(description="Bearer $REDLINE_TOKEN")] = None,
            files: Annotated[
                list[UploadFile] | None, File(description="files (.txt .html .json .jsonl, .gz)")
            ] = None,
            text: Annotated[str | None, Form(description="an article's text")] = None,
            records: Annotated[
                str | None, Form(description="JSON Lines of news records {id, text|html, ...}")
            ] = None,
            published: Annotated[
                str | None, Form(description="publication date for inputs that state none")
            ] = None,
        ) -> Response:
            if not state.token_ok(bearer(authorization)):
                return JSONResponse(
                    {"error": "writes need a valid token: Authorization: Bearer $REDLINE_TOKEN"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            items = ingesting.uploads(files or [], text, records, state.max_upload)
            result = ingesting.run(state, items, published)
            return json_response(result, status=200 if not result["errors"] else 207)

    return api


def _stream(state: ServerState, query: EventQuery, fmt: str, paged: bool) -> Response:
    conn = state.store.reader().conn  # its own cursor: a stream's batches may be read on several threads
    try:
        body = formats.export(conn, query, fmt, paged)
    except BaseException:
        conn.close()
        raise

    def closing() -> Iterator[bytes]:
        try:
            yield from body
        finally:
            conn.close()

    suffix = {"acled": "acled.csv", "plover": "plover.json"}.get(fmt, fmt)
    headers = {"Content-Disposition": f'attachment; filename="events-{query.view}.{suffix}"'}
    return StreamingResponse(closing(), media_type=formats.MEDIA[fmt], headers=headers)
