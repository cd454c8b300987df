"""A daily escalation index over merged events, per dyad (pure; tables, CSV and PNG: :mod:`redline.render`).

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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

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


def actor_codes(actors: Iterable[Any]) -> list[str]:
    """The distinct actor codes of ``actors``, in order (actors without a code are left out)."""
    out: list[str] = []
    for actor in actors:
        code = getattr(actor, "code", None)
        if code and code not in out:
            out.append(code)
    return out


def dyads_of(event: MergedEvent) -> list[str]:
    """The dyads an event belongs to: ordered pairs ``"A-B"`` and single actor codes ``"A"``."""
    actors = actor_codes(event.actor)
    recipients = actor_codes(event.recipient)
    pairs = [f"{a}-{r}" for a in actors for r in recipients if a != r]
    return pairs + actors


def in_dyad(event: MergedEvent, dyad: str) -> bool:
    """Whether ``event`` belongs to ``dyad`` (``"A-B"`` or ``"A"``)."""
    actor, sep, recipient = dyad.partition("-")
    actors = actor_codes(event.actor)
    if not sep:
        return actor in actors
    return actor != recipient and actor in actors and recipient in actor_codes(event.recipient)


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
