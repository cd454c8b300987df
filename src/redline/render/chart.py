"""PNG charts: the escalation index of a dyad (matplotlib's Agg canvas, imported when drawing)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redline.records import MergedEvent

if TYPE_CHECKING:
    from redline.corroborate.escalation import IndexRow


def _actor_codes(actors: Iterable[Any]) -> list[str]:
    from redline.corroborate.escalation import actor_codes  # imported when drawing, like matplotlib

    return actor_codes(actors)


def _codes_text(actors: Iterable[Any]) -> str:
    return "+".join(_actor_codes(actors)) or "?"


def event_label(event: MergedEvent) -> str:
    """A short label: ``ASSAULT RUS→UKR 2024-07-02``."""
    who = _codes_text(event.actor)
    whom = _actor_codes(event.recipient)
    pair = f"{who}→{'+'.join(whom)}" if whom else who
    return f"{event.event} {pair} {event.date or ''}".strip()


def draw_escalation_png(
    rows: list[IndexRow],
    path: str | Path,
    merged_by_id: Mapping[str, MergedEvent] | None = None,
    annotate: int = 4,
) -> Path:
    """Draw the index as a PNG: daily score bars (conflict red, cooperation blue), the 7-day
    mean as a line, the dyad in the title, and the ``annotate`` days of largest ``|score|``
    labelled with their top event (type, actor→recipient, date; "+N" more events that day).

    Uses matplotlib's Agg canvas directly (no pyplot, no display needed). Returns the path.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    merged_by_id = merged_by_id or {}
    path = Path(path)
    fig = Figure(figsize=(11, 5.5), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    dyad = rows[0].dyad if rows else "?"
    if not rows:
        ax.set_title(f"Escalation index {dyad}")
        ax.text(0.5, 0.5, "no day-dated events", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        fig.savefig(path, format="png")
        return path

    days: list[Any] = [r.day for r in rows]  # matplotlib plots dates; its type stubs list only numbers
    scores = [r.score for r in rows]
    colours = ["#c0392b" if s < 0 else "#2e6da4" for s in scores]
    width = 0.8 if len(rows) < 400 else 1.0
    ax.bar(days, scores, width=width, color=colours, alpha=0.75)
    ax.plot(days, [r.rolling7 for r in rows], color="#222222", linewidth=1.6)
    ax.axhline(0, color="#888888", linewidth=0.8)
    ax.set_title(f"Escalation index {dyad}  ({days[0].isoformat()} – {days[-1].isoformat()})")
    ax.set_ylabel("sum of PLOVER scores (− conflict, + cooperation)")
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.grid(axis="y", alpha=0.3)
    handles = [
        Patch(color="#c0392b", alpha=0.75, label="daily score, conflict"),
        Patch(color="#2e6da4", alpha=0.75, label="daily score, cooperation"),
        Line2D([], [], color="#222222", linewidth=1.6, label="7-day mean"),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False)

    lo, hi = min(0.0, *scores), max(0.0, *scores)
    span = (hi - lo) or 1.0
    ax.set_ylim(lo - 0.3 * span, hi + 0.3 * span)
    marked = sorted((r for r in rows if r.events and r.score), key=lambda r: (-abs(r.score), r.day))
    # labels in date order on three staggered levels, so neighbouring labels do not overlap
    for n, r in enumerate(sorted(marked[:annotate], key=lambda r: r.day)):
        event = merged_by_id.get(r.top[0]) if r.top else None
        label = event_label(event) if event is not None else (r.top[0] if r.top else "")
        if r.events > 1:
            label += f" (+{r.events - 1})"
        offset = (0.08 + 0.07 * (n % 3)) * span
        y_text = r.score - offset if r.score < 0 else r.score + offset
        ax.annotate(
            label,
            xy=(r.day, r.score),
            xytext=(r.day, y_text),
            ha="center",
            va="top" if r.score < 0 else "bottom",
            fontsize=7.5,
            arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.6},
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#bbbbbb", "alpha": 0.9},
        )
    fig.tight_layout()
    fig.savefig(path, format="png")
    return path
