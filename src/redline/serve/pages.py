"""The dashboard's pages: server-rendered HTML (Jinja2, autoescaped: article text, titles and names
are data), vendored assets served from memory, and the ingest form."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from redline.serve import ingesting
from redline.serve.app import ServerState
from redline.serve.params import event_query, query_params, query_string
from redline.store import browse, details
from redline.store.browse import EVENT_TYPES, SORTS, EventQuery

STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".json": "application/json", ".png": "image/png", ".svg": "image/svg+xml"}  # fmt: skip
QUADS = {
    "AGREE": "vcoop", "CONSULT": "vcoop", "SUPPORT": "vcoop", "CONCEDE": "vcoop",
    "COOPERATE": "mcoop", "AID": "mcoop", "RETREAT": "mcoop",
    "REQUEST": "vconf", "ACCUSE": "vconf", "REJECT": "vconf", "THREATEN": "vconf",
    "PROTEST": "mconf", "SANCTION": "mconf", "MOBILIZE": "mconf", "COERCE": "mconf", "ASSAULT": "mconf",
}  # fmt: skip


@cache
def static_files() -> dict[str, tuple[bytes, str]]:
    """Every vendored asset by name, read once from the package (requests name them, never a path)."""
    folder = files("redline.serve").joinpath("static")
    out = {}
    for entry in folder.iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1]
        if entry.is_file() and suffix in STATIC_TYPES:
            out[entry.name] = (entry.read_bytes(), STATIC_TYPES[suffix])
    return out


def safe_url(url: str | None) -> str | None:
    """An article link fit for ``href``: http(s) only (``javascript:`` or ``data:`` is shown, not linked)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


@dataclass
class Segment:
    """A run of text and the marks (event indexes) covering it."""

    text: str
    marks: tuple[int, ...] = ()


def segments(text: str, spans: list[tuple[int | None, int | None, int]]) -> list[Segment]:
    """``text`` cut at every span boundary; each piece lists the spans (``(start, end, key)``,
    offsets into ``text``; out-of-range or empty spans ignored) that cover it."""
    valid = [(s, e, k) for s, e, k in spans if s is not None and e is not None and 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in valid), *(e for _, e, _ in valid)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a < b:
            out.append(Segment(text[a:b], tuple(k for s, e, k in valid if s <= a and b <= e)))
    return out


def histogram_bars(bins: list[tuple[str, int]], width: int = 640, height: int = 90) -> list[dict[str, Any]]:
    """Bars of the date histogram (x, y, width, height in SVG units) with their labels."""
    if not bins:
        return []
    top = max(n for _, n in bins)
    step = width / len(bins)
    return [
        {"x": round(i * step, 2), "w": round(max(step - 1, 0.5), 2), "h": round(max(height * n / top, 1), 2),
         "y": round(height - max(height * n / top, 1), 2), "label": label, "count": n}
        for i, (label, n) in enumerate(bins)
    ]  # fmt: skip


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("redline.serve", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["q"] = lambda value: quote(str(value), safe="")
    env.filters["safe_url"] = safe_url
    env.filters["pct"] = lambda v: "" if v is None else f"{100 * float(v):.0f}%"
    env.filters["codes"] = lambda v: ",".join(c for c in (v or []) if c) or "–"
    env.filters["quad"] = lambda event: QUADS.get(str(event), "none")
    env.filters["short"] = lambda v, n=160: "" if v is None else (v if len(v) <= n else v[: n - 1] + "…")
    env.globals["EVENT_TYPES"] = EVENT_TYPES
    env.globals["SORTS"] = SORTS
    return env


ENV = _env()


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(ENV.get_template(name).render(**context), status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(
        "error.html", status=status, title="Error", message=message, state=request.app.state.redline
    )


def router(state: ServerState) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    def base(**context: Any) -> dict[str, Any]:
        return {"state": state, **context}

    @pages.get("/")
    def home() -> Response:
        return RedirectResponse("/events", status_code=302)

    @pages.get("/static/{name}")
    def static(name: str) -> Response:
        asset = static_files().get(name)
        if asset is None:
            raise HTTPException(404, "no such asset")
        return Response(asset[0], media_type=asset[1], headers={"Cache-Control": "public, max-age=3600"})

    @pages.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)

    @pages.get("/events", response_class=HTMLResponse)
    def events(query: Annotated[EventQuery, Depends(event_query)]) -> Response:
        conn = state.reader()
        page = browse.search_events(conn, query)
        facets = browse.facets(conn, query)
        pages_total = max(1, math.ceil(page.total / query.limit))
        current = query.offset // query.limit + 1
        return render("events.html", **base(
            title="Events", query=query, page=page, facets=facets, params=query_params(query),
            bars=histogram_bars(facets["histogram"]["bins"]), qs=lambda **o: query_string(query, **o),
            current=current, pages_total=pages_total,
            prev_offset=max(query.offset - query.limit, 0) if query.offset else None,
            next_offset=query.offset + query.limit if query.offset + query.limit < page.total else None,
        ))  # fmt: skip

    @pages.get("/events/{event_id}", response_class=HTMLResponse)
    def event(event_id: str) -> Response:
        detail = details.merged_event(state.reader(), event_id)
        if detail is None:
            raise HTTPException(404, f"no merged event {event_id!r}")
        reports = []
        for r in detail["reports"]:
            doc = details.document(state.reader(), r["doc_id"]) or {}
            text = doc.get("text") or ""
            spans = [(r.get("evidence_start"), r.get("evidence_end"), 1)]
            reports.append(
                {
                    **r,
                    "segments": segments(text, spans),
                    "removals": doc.get("removals", []),
                    "dateline": doc.get("dateline"),
                    "has_text": bool(text),
                }
            )
        return render(
            "event.html",
            **base(title=f"{detail['event']} {detail.get('date') or ''}", e=detail, reports=reports),
        )

    @pages.get("/documents/{doc_id:path}", response_class=HTMLResponse)
    def document(doc_id: str) -> Response:
        doc = details.document(state.reader(), doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        spans = [(e["evidence_start"], e["evidence_end"], e["idx"]) for e in doc["events"]]
        return render(
            "document.html",
            **base(
                title=doc.get("title") or doc["id"],
                doc=doc,
                segments=segments(doc.get("text") or "", spans),
                events_by_idx={e["idx"]: e for e in doc["events"]},
            ),
        )

    @pages.get("/timeline", response_class=HTMLResponse)
    def timeline(
        dyad: Annotated[str | None, Query(max_length=7)] = None,
        since: Annotated[str | None, Query(max_length=20)] = None,
        until: Annotated[str | None, Query(max_length=20)] = None,
    ) -> Response:
        from redline.serve.api import parse_dyad

        choices = details.dyads(state.reader(), 60)
        chosen = parse_dyad(dyad) if dyad else (choices[0][0] if choices else None)
        params = {k: v for k, v in {"dyad": chosen, "since": since, "until": until}.items() if v}
        src = (
            "/api/escalation?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
            if chosen
            else ""
        )
        return render(
            "timeline.html",
            **base(
                title="Timeline", dyad=chosen, choices=choices, since=since or "", until=until or "", src=src
            ),
        )

    @pages.get("/map", response_class=HTMLResponse)
    def world(query: Annotated[EventQuery, Depends(event_query)]) -> Response:
        params = query_params(query, view=None, sort=None, limit=None, offset=None)
        src = "/api/map" + (
            ("?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())) if params else ""
        )
        return render("map.html", **base(title="Map", query=query, src=src, params=params))

    @pages.get("/stories", response_class=HTMLResponse)
    def stories(min_size: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
        return render(
            "stories.html", **base(title="Stories", stories=state.view().stories(min_size), min_size=min_size)
        )

    @pages.get("/stories/{story_id:path}", response_class=HTMLResponse)
    def story(story_id: str) -> Response:
        docs = details.story(state.reader(), story_id)
        if not docs:
            raise HTTPException(404, f"no story {story_id!r}")
        return render("story.html", **base(title="Story", story=story_id, documents=docs))

    @pages.get("/alerts", response_class=HTMLResponse)
    def alerts(since: Annotated[str | None, Query(max_length=20)] = None) -> Response:
        from redline.serve.api import alerts as alert_rows

        return render(
            "alerts.html", **base(title="Alerts", alerts=alert_rows(state, since), since=since or "")
        )

    @pages.get("/docs", response_class=HTMLResponse)
    def docs(request: Request) -> Response:
        spec = request.app.openapi()
        routes = []
        for path, methods in spec.get("paths", {}).items():
            for method, op in methods.items():
                params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                           "description": p.get("description") or p.get("schema", {}).get("description", "")}
                          for p in op.get("parameters", [])]  # fmt: skip
                routes.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": op.get("summary", ""),
                        "params": params,
                    }
                )
        return render("docs.html", **base(title="API", routes=routes, spec=spec))

    if not state.read_only:

        @pages.get("/ingest", response_class=HTMLResponse)
        def ingest_form() -> Response:
            return render("ingest.html", **base(title="Ingest", result=None, error=None))

        @pages.post("/ingest", response_class=HTMLResponse)
        def ingest_post(
            token: Annotated[str, Form(max_length=500)] = "",
            text: Annotated[str | None, Form()] = None,
            published: Annotated[str | None, Form(max_length=20)] = None,
            file: Annotated[UploadFile | None, Form()] = None,
        ) -> Response:
            if not state.token_ok(token or None):
                return render(
                    "ingest.html",
                    status=401,
                    **base(title="Ingest", result=None, error="The write token is missing or wrong."),
                )
            files = [file] if file is not None and file.filename else []
            items = ingesting.uploads(files, text, None, state.max_upload)
            try:
                result = ingesting.run(state, items, published or None)
            except ValueError as exc:
                return render("ingest.html", status=400, **base(title="Ingest", result=None, error=str(exc)))
            return render("ingest.html", **base(title="Ingest", result=result, error=None))

    return pages
