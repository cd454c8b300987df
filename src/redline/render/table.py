"""Plain-text tables of document records, events, merged events, stories, alerts, escalation rows (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the index's module is imported when a table of it is drawn
    from redline.corroborate.escalation import IndexRow

TEXT_WIDTH = 72


def _cell(value: Any, width: int | None) -> str:
    if value is None:
        text = ""
    elif isinstance(value, list | tuple):
        text = ",".join(str(v) for v in value)
    else:
        text = str(value)
    text = " ".join(text.split())
    if width is not None and len(text) > width:
        text = text[: max(width - 1, 0)] + "…"
    return text


def format_table(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], widths: dict[str, int] | None = None
) -> str:
    """A plain-text table; ``widths`` caps (and truncates) named columns."""
    widths = widths or {}
    cells = [[_cell(v, widths.get(h)) for h, v in zip(headers, row, strict=True)] for row in rows]
    sizes = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.upper().ljust(sizes[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * s for s in sizes))
    lines.extend("  ".join(c.ljust(sizes[i]) for i, c in enumerate(r)).rstrip() for r in cells)
    return "\n".join(lines)


def _actors(actors: list[dict[str, Any]]) -> str:
    return ",".join(a.get("code") or a.get("entity_text") or "?" for a in actors) or "-"


def render_document(record: dict[str, Any]) -> str:
    """Readable summary of one document record: metadata, its events as a table, then its background."""
    title = record.get("title") or "(untitled)"
    lines = [f"== {title}", f"   id: {record.get('id')}"]
    publisher = record.get("publisher") or "-"
    original = record.get("original_publisher")
    if original and original != publisher:
        publisher = f"{publisher} (original: {original})"
    lines.append(f"   published: {record.get('published') or '-'}   publisher: {publisher}")
    if record.get("duplicate_of"):
        lines.append(f"   duplicate of: {record['duplicate_of']}")
    events = record.get("events") or []
    if not events:
        lines.append("   (no events)")
    else:
        rows = [
            (
                e.get("date"),
                e.get("event"),
                f"{_actors(e.get('actor') or [])} -> {_actors(e.get('recipient') or [])}",
                e.get("mode") or [],
                e.get("event_text"),
            )
            for e in events
        ]
        table = format_table(
            ["date", "event", "actor -> recipient", "mode", "text"], rows, {"text": TEXT_WIDTH}
        )
        lines.append(table)
    background = record.get("background") or []
    if background:
        told = ", ".join(f"{e.get('event')} {e.get('date') or '?'}" for e in background)
        lines.append(f"   background (told as history or as not done, not counted): {told}")
    return "\n".join(lines)


def _tail(value: str | None, width: int) -> str:
    """Keep the end of long ids/paths (the file name is the informative part)."""
    value = value or ""
    return value if len(value) <= width else "…" + value[-(width - 1) :]


def _codes(codes: list[str | None]) -> str:
    return ",".join(c or "?" for c in codes) or "-"


def render_events(rows: list[dict[str, Any]]) -> str:
    """Stored events (``Store.query_events`` rows) as a table."""
    body = [
        (
            r["date"],
            r["event"],
            f"{_codes(r['actor_codes'])} -> {_codes(r['recipient_codes'])}",
            r["mode"],
            _tail(r["doc_id"], 24),
            r["event_text"],
        )
        for r in rows
    ]
    table = format_table(
        ["date", "event", "actor -> recipient", "mode", "doc", "text"], body, {"text": TEXT_WIDTH}
    )
    return f"{table}\n({len(rows)} events)"


def render_merged(rows: list[dict[str, Any]]) -> str:
    """Merged events (``Store.query_merged`` rows) as a table."""
    body = [
        (
            r["date"],
            r["event"],
            f"{_codes(r['actor_codes'])} -> {_codes(r['recipient_codes'])}",
            r["sources"],
            r["reports"],
            r["confidence"],
            r["best_evidence"],
        )
        for r in rows
    ]
    table = format_table(
        ["date", "event", "actor -> recipient", "sources", "reports", "conf", "best evidence"],
        body,
        {"best evidence": TEXT_WIDTH - 10},
    )
    return f"{table}\n({len(rows)} merged events)"


def render_stories(rows: list[dict[str, Any]]) -> str:
    body = [
        (r["first_published"], r["documents"], ",".join(r["kinds"]) or "-", _tail(r["story"], 28), r["title"])
        for r in rows
    ]
    table = format_table(["first published", "docs", "copies", "story", "title"], body, {"title": 50})
    return f"{table}\n({len(rows)} stories)"


def render_sources(rows: list[dict[str, Any]]) -> str:
    """``redline sources``: each watched source's last fetch, status, error and counts."""

    def when(value: Any) -> str:
        return str(value)[:19] if value else "-"

    def urls(counts: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "-"

    body = [
        (r["id"], r["kind"] or "?", when(r["last_fetch"]), r["last_status"] or "-", r["failures"],
         r["items"], r["stored"], urls(r.get("urls") or {}), when(r["next_due"]), r["last_error"] or "")
        for r in rows
    ]  # fmt: skip
    headers = ["source", "kind", "last fetch", "status", "fails", "items", "stored", "urls", "next", "error"]
    return f"{format_table(headers, body, {'source': 60, 'error': 60, 'urls': 40})}\n({len(rows)} sources)"


def render_alerts(rows: list[dict[str, Any]], merged: dict[str, dict[str, Any]]) -> str:
    lines = []
    for r in rows:
        lines.append(f"{r['day'] or '-'}  {r['rule_id']}  {r['key']}  {r['description'] or ''}".rstrip())
        for mid in r["merged_ids"]:
            m = merged.get(mid)
            if m is None:
                continue
            dyad = f"{_codes(m['actor_codes'])} -> {_codes(m['recipient_codes'])}"
            head = f"    {m['event']} {dyad} {m['date']} ({m['sources']} sources)"
            lines.append(f"{head}: {m['best_evidence']}")
    lines.append(f"({len(rows)} alerts)")
    return "\n".join(lines)


QUAD_SHORT = {
    "verbal_cooperation": "vcoop",
    "material_cooperation": "mcoop",
    "verbal_conflict": "vconf",
    "material_conflict": "mconf",
}


def escalation_table(rows: Iterable[IndexRow]) -> str:
    """A fixed-width text table of escalation rows (quad columns abbreviated vcoop/mcoop/vconf/mconf)."""
    from redline.corroborate.escalation import QUADS

    header = ["day", "dyad", "score", "rolling7", "events", *(QUAD_SHORT[q] for q in QUADS), "top"]
    body = [
        [
            r.day.isoformat(),
            r.dyad,
            f"{r.score:.1f}",
            f"{r.rolling7:.2f}",
            str(r.events),
            *(str(getattr(r, q)) for q in QUADS),
            ",".join(r.top),
        ]
        for r in rows
    ]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    numeric = {2, 3, 4, 5, 6, 7, 8}
    lines = []
    for row in [header, *body]:
        cells = [
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
