"""A daily escalation index over merged events, per dyad, with table/CSV/PNG rendering.

**Dyads.** A merged event belongs to

* every *ordered pair* ``"A-B"`` with ``A`` one of its actor codes and ``B`` one of its
  recipient codes, ``A != B`` (an event with actors ``RUS, BLR`` and recipient ``UKR``
  belongs to ``RUS-UKR`` and ``BLR-UKR``; pairs whose two codes are equal are skipped);
* every *single country* ``"A"`` with ``A`` one of its actor codes. A single country's
  index is what that country *does* (to anyone, or with no recipient at all), not what is
  done to it: counting events where it is only the recipient would mix an aggressor's and
  its target's behaviour into one number. ``"A-B"`` (what A does to B) and ``"B-A"`` (what
  B does to A) give the two directions of a relationship.

Codes are the PLOVER actor codes as stored (ISO 3166 alpha-3, or ``IGO``, ``NGO``, ``MNC``
...); actors without a code are ignored.

**Score.** An event's score is ``MergedEvent.score`` when set, else
:func:`redline.code.plover.event_score` of its type and modes (the PLOVER manual's event
and mode scores, -10 conflict .. +10 cooperation). The manual prints ACCUSE's base score
as ``3``; every other conflict type is negative and all of ACCUSE's mode scores are, so
that is a sign typo and the codebook carries ``-3`` (see the codebook's ``notes``).
``event_score("ACCUSE")`` therefore returns -3; as a guard against records scored before
that correction, a *positive* stored score on an ACCUSE event is negated here.

**Daily rows.** :func:`escalation_index` gives one :class:`IndexRow` per calendar day from
the first to the last day (empty days filled with zeros), with the sum of scores, the
number of events, the counts per PLOVER quad class (the grouping of the codebook, taken
from each event type's "Quad category" in the manual: verbal cooperation AGREE CONSULT
SUPPORT CONCEDE; material cooperation COOPERATE AID RETREAT; verbal conflict REQUEST
ACCUSE REJECT THREATEN; material conflict PROTEST SANCTION MOBILIZE COERCE ASSAULT -- the
manual's summary table lists SANCTION under verbal conflict, its SANCTION section under
material conflict, which the codebook follows), the 7-day trailing mean of the score and
the ids of the events that moved the day most (largest ``|score|`` first).

Only events dated to a day (``YYYY-MM-DD`` with ``date_granularity`` ``day`` or unset) enter
the daily index. Events dated to a weekend, week, month or year, and undated events, are
skipped -- spreading them over days would invent precision -- and the result says how
many: ``rows.skipped`` and ``rows.skipped_ids``.

**Rolling mean.** ``rolling7`` is the sum of the scores of the day and the six days
before it, divided by 7. Days without events are genuinely zero, so days before the first
row count as zero too; when ``since`` cuts the range, the events of the six days before
``since`` still enter the first rows' means.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

from redline.code.plover import event_score, quad_class
from redline.records import MergedEvent
from redline.timespans import date_bounds, to_day

QUADS: tuple[str, ...] = (
    "verbal_cooperation",
    "material_cooperation",
    "verbal_conflict",
    "material_conflict",
)
ROLLING_DAYS = 7
TOP_N = 3  # event ids kept per day in IndexRow.top
ACCUSE_SCORE = -3.0  # the PLOVER manual's "3", sign corrected (see the module docstring)
DAY_GRANULARITIES = frozenset({None, "day"})


@dataclass(frozen=True)
class IndexRow:
    """One day of one dyad's escalation index."""

    day: date
    dyad: str
    score: float  # sum of the day's event scores
    events: int
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    rolling7: float  # trailing 7-day mean of score (this day and the six before it)
    top: tuple[str, ...] = ()  # merged event ids that moved the day most, largest |score| first


class IndexRows(list[IndexRow]):
    """The rows of :func:`escalation_index` (a plain list) plus what was left out.

    ``skipped``: the dyad's events in range that are not dated to a day (coarse or no date);
    ``skipped_ids``: their merged event ids.
    """

    def __init__(self, rows: Iterable[IndexRow] = (), skipped_ids: Iterable[str] = ()) -> None:
        super().__init__(rows)
        self.skipped_ids: tuple[str, ...] = tuple(skipped_ids)

    @property
    def skipped(self) -> int:
        return len(self.skipped_ids)


# --------------------------------------------------------------------------- events


def score_of(event: MergedEvent) -> float:
    """The event's PLOVER score: the stored score, else the codebook's event/mode score.

    Unknown event types score 0. ACCUSE is always negative (see the module docstring).
    """
    if event.score is not None:
        value = float(event.score)
    else:
        try:
            value = event_score(event.event, event.mode)
        except ValueError:
            value = 0.0
    if event.event.upper() == "ACCUSE" and value > 0:
        value = -value
    return value


def quad_of(event: MergedEvent) -> str | None:
    """The event type's PLOVER quad class, None for an unknown type."""
    try:
        return quad_class(event.event)
    except ValueError:
        return None


def _codes(actors: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for actor in actors:
        code = getattr(actor, "code", None)
        if code and code not in out:
            out.append(code)
    return out


def dyads_of(event: MergedEvent) -> list[str]:
    """The dyads an event belongs to: ordered pairs ``"A-B"`` and single actor codes ``"A"``."""
    actors = _codes(event.actor)
    recipients = _codes(event.recipient)
    pairs = [f"{a}-{r}" for a in actors for r in recipients if a != r]
    return pairs + actors


def in_dyad(event: MergedEvent, dyad: str) -> bool:
    """Whether ``event`` belongs to ``dyad`` (``"A-B"`` or ``"A"``)."""
    actor, sep, recipient = dyad.partition("-")
    actors = _codes(event.actor)
    if not sep:
        return actor in actors
    return actor != recipient and actor in actors and recipient in _codes(event.recipient)


def all_dyads(merged: Iterable[MergedEvent]) -> list[str]:
    """Every dyad of the events (pairs and single countries), sorted."""
    seen: set[str] = set()
    for event in merged:
        seen.update(dyads_of(event))
    return sorted(seen)


def event_day(event: MergedEvent) -> date | None:
    """The event's day, or None when its date is coarser than a day (or missing/invalid)."""
    if event.date_granularity not in DAY_GRANULARITIES:
        return None
    return to_day(event.date)


def _overlaps(period: tuple[date, date] | None, since: date | None, until: date | None) -> bool:
    if period is None:
        return True  # undated: cannot be placed outside the range
    first, last = period
    return (since is None or last >= since) and (until is None or first <= until)


# --------------------------------------------------------------------------- index


def escalation_index(
    merged: Iterable[MergedEvent],
    dyad: str,
    since: date | None = None,
    until: date | None = None,
) -> IndexRows:
    """The daily escalation index of ``dyad`` (``"BLR-UKR"`` or ``"BLR"``).

    One row per day from ``since`` (else the first event's day) to ``until`` (else the last
    event's day), both inclusive; empty when there is no such range. ``rows.skipped`` counts
    the dyad's events in range that are not dated to a day and so are left out.
    """
    by_day: dict[date, list[tuple[float, str, str | None]]] = defaultdict(list)
    skipped: list[str] = []
    history_from = since - timedelta(days=ROLLING_DAYS - 1) if since else None
    for event in merged:
        if not in_dyad(event, dyad):
            continue
        day = event_day(event)
        if day is None:
            if _overlaps(date_bounds(event.date), since, until):
                skipped.append(event.id)
            continue
        if (history_from is not None and day < history_from) or (until is not None and day > until):
            continue
        by_day[day].append((score_of(event), event.id, quad_of(event)))

    in_range = [d for d in by_day if since is None or d >= since]
    start = since or (min(in_range) if in_range else None)
    end = until or (max(in_range) if in_range else None)
    if start is None or end is None or start > end:
        return IndexRows([], sorted(skipped))

    rows: list[IndexRow] = []
    window_start = start - timedelta(days=ROLLING_DAYS - 1)
    daily = {d: sum(s for s, _, _ in evs) for d, evs in by_day.items()}
    window = sum(daily.get(window_start + timedelta(days=i), 0.0) for i in range(ROLLING_DAYS - 1))
    day = start
    while day <= end:
        events = by_day.get(day, [])
        score = daily.get(day, 0.0)
        window += score
        quads = {q: 0 for q in QUADS}
        for _, _, quad in events:
            if quad in quads:
                quads[quad] += 1
        ranked = sorted(events, key=lambda e: (-abs(e[0]), e[1]))
        rows.append(
            IndexRow(
                day=day,
                dyad=dyad,
                score=round(score, 6),
                events=len(events),
                rolling7=round(window / ROLLING_DAYS, 6),
                top=tuple(eid for _, eid, _ in ranked[:TOP_N]),
                **quads,
            )
        )
        window -= daily.get(day - timedelta(days=ROLLING_DAYS - 1), 0.0)
        day += timedelta(days=1)
    return IndexRows(rows, sorted(skipped))


# --------------------------------------------------------------------------- rendering

COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(IndexRow))
_SHORT = {
    "verbal_cooperation": "vcoop",
    "material_cooperation": "mcoop",
    "verbal_conflict": "vconf",
    "material_conflict": "mconf",
}


def format_table(rows: Iterable[IndexRow]) -> str:
    """A fixed-width text table of the rows (quad columns abbreviated vcoop/mcoop/vconf/mconf)."""
    header = ["day", "dyad", "score", "rolling7", "events", *(_SHORT[q] for q in QUADS), "top"]
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


def write_csv(rows: Iterable[IndexRow], fh: IO[str]) -> None:
    """CSV with a header row; ``top`` is the event ids joined by ``;``."""
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.day.isoformat(),
                r.dyad,
                f"{r.score:g}",
                r.events,
                *(getattr(r, q) for q in QUADS),
                f"{r.rolling7:.4f}",
                ";".join(r.top),
            ]
        )


def _codes_text(actors: Iterable[Any]) -> str:
    return "+".join(_codes(actors)) or "?"


def event_label(event: MergedEvent) -> str:
    """A short label: ``ASSAULT RUS→UKR 2024-07-02``."""
    who = _codes_text(event.actor)
    whom = _codes(event.recipient)
    pair = f"{who}→{'+'.join(whom)}" if whom else who
    return f"{event.event} {pair} {event.date or ''}".strip()


def draw_png(
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

    days = [r.day for r in rows]
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
