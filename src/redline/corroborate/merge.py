"""Merge reports of the same event from different documents into corroborated events.

Two reports are the same event when they have the same PLOVER type, the same auxiliary
modes (a threat is not its denial), overlapping actor codes (or, when a side has no
actor, overlapping recipients; an unknown doer, UNK, also needs a shared recipient or a
place on both sides), recipients that do not contradict each other, dates that fit within a
tolerance that depends on their granularity, and compatible places.

The result depends only on the set of reports, never on the order they arrived in:
reports are sorted by (event date, publication, document id, position) and joined
greedily to the first merged event all of whose reports they are compatible with
(complete link, so a chain of near-misses cannot glue two events together). Merged event
ids come from their earliest report, so they are stable as new reports arrive.

:func:`remerge` gives the same result incrementally: given the new reports and the stored
merged events near them (same block keys, overlapping dates), it replays the greedy pass over
that neighbourhood only, recomputing a report's placement only where an open event it could
join has changed ("dirty"), and says when the neighbourhood was too small to be sure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from redline.records import Actor, EventReport, MergedEvent, Place, ReportRef
from redline.timespans import date_bounds

STRICT_MODES = frozenset({"negation", "hypothetical", "future"})
UNKNOWN = "UNK"  # the code of a doer no one names


@dataclass(frozen=True)
class MergeConfig:
    """How close two reports must be to be one event.

    ``day_slack``: days two day-dated reports may differ by ("overnight" vs the next day,
    time zones). ``week_slack``: the same for week- and weekend-dated reports.
    ``max_span_days``: a report dated only to a longer period (a year, "last month" is fine)
    merges only with reports of the very same date. ``max_km``: the greatest distance
    between two located places of one event; reports in different countries never merge.
    ``max_report_gap_days``: reports published further apart are separate events.
    """

    day_slack: int = 1
    week_slack: int = 3
    max_span_days: int = 31
    max_km: float = 150.0
    max_report_gap_days: int = 60


def merge_reports(reports: Iterable[EventReport], config: MergeConfig | None = None) -> list[MergedEvent]:
    """Merge *reports* (any order) into corroborated events, in date order."""
    config = config or MergeConfig()
    ordered = sorted(reports, key=_sort_key)
    # Reports come in date order, so a merged event whose last report starts more than the
    # widest tolerance before the current one can take no more reports: it leaves the window.
    # Open merged events are found through their type and actor (or recipient) codes.
    reach = reach_days(config)
    clusters: list[list[EventReport]] = []
    last_start: list[str] = []
    by_code: dict[tuple[str, str, str], list[int]] = {}
    for report in ordered:
        start = _sort_key(report)[0]
        horizon = _shift(start, -reach)
        keys = _block_keys(report)
        candidates: set[int] = set()
        for key in keys:
            open_ids = [i for i in by_code.get(key, ()) if last_start[i] >= horizon]
            by_code[key] = open_ids
            candidates.update(open_ids)
        for i in sorted(candidates):  # creation order: the result depends only on the reports
            if all(same_event(report, member, config) for member in clusters[i]):
                clusters[i].append(report)
                last_start[i] = start
                break
        else:
            i = len(clusters)
            clusters.append([report])
            last_start.append(start)
        for key in keys:
            if i not in by_code.setdefault(key, []):
                by_code[key].append(i)
    return [merged_event(cluster) for cluster in clusters]


def reach_days(config: MergeConfig) -> int:
    """Days after its last report's start during which a merged event can still take reports."""
    return config.max_span_days + max(config.day_slack, config.week_slack) + 1


def merge_order(report: EventReport) -> tuple:
    """The report's place in the merge order: (event start, publication, document, position)."""
    return _sort_key(report)


def report_start(report: EventReport) -> str:
    """The first day of the report's event date (ISO), "9999" when undated: the merge order's first part."""
    return str(_sort_key(report)[0])


def block_keys(report: EventReport) -> list[str]:
    """The report's block keys as strings ``TYPE|a|CODE`` / ``TYPE|r|CODE`` / ``TYPE|-|``."""
    return ["|".join(key) for key in _block_keys(report)]


def shift_day(day: str, days: int) -> str:
    """An ISO day moved by *days* ("9999", undated, stays)."""
    return _shift(day, days)


def merged_id(report: EventReport) -> str:
    """The id of the merged event whose earliest report this is."""
    return "ev-" + hashlib.sha1(f"{report.doc_id}\x1f{report.idx}".encode()).hexdigest()[:12]


def report_end(report: EventReport) -> str:
    """The last day of the report's event date (ISO), "9999" when undated."""
    span = date_bounds(report.event.date)
    return span[1].isoformat() if span else UNDATED


UNDATED = "9999"  # the merge order's start (and end) of an undated report


@dataclass
class Remerged:
    """What :func:`remerge` found.

    ``events``: the merged events that are new or changed (built from their reports);
    ``gone``: ids of stored merged events to delete (changed ones are deleted and written again);
    ``members``: the reports of each changed event, in merge order. When ``complete`` is False
    the neighbourhood was too small: load the stored events that could take a report with one
    of the block keys of ``needs`` starting in one of its day ranges, and call again.
    """

    events: list[MergedEvent] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)
    members: dict[str, list[EventReport]] = field(default_factory=dict)
    complete: bool = True
    needs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


Ranges = dict[str, list[tuple[str, str]]]
"""Block key -> day ranges (first, last start, ISO; "9999" for undated) of the reports meant."""


def add_ranges(ranges: Ranges, more: Ranges) -> None:
    """Add *more* to *ranges*, joining the ranges of a key that overlap."""
    for key, spans in more.items():
        joined: list[tuple[str, str]] = []
        for lo, hi in sorted(ranges.get(key, []) + spans):
            if joined and lo <= joined[-1][1]:
                joined[-1] = (joined[-1][0], max(joined[-1][1], hi))
            else:
                joined.append((lo, hi))
        ranges[key] = joined


def _covered(ranges: Ranges, key: str, lo: str, hi: str) -> bool:
    return any(a <= lo and hi <= b for a, b in ranges.get(key, ()))


def remerge(
    stored: Mapping[str, Sequence[EventReport]],
    new: Iterable[EventReport],
    loaded: Ranges,
    config: MergeConfig | None = None,
    rebuild: Iterable[str] = (),
) -> Remerged:
    """The change :func:`merge_reports` over (stored reports + *new*) makes to the stored merge.

    ``stored`` must hold (id -> reports) every stored merged event that could take a report
    with a block key ``k`` of *loaded* starting on a day ``d`` of one of ``loaded[k]``'s ranges:
    its first report starts on or before ``d`` and ends no more than the widest date slack
    before it (:func:`neighbourhood_bounds`).
    ``new``: reports not merged yet. ``rebuild``: ids of stored events to build again even when
    unchanged (their reports' sources changed).

    The greedy pass is replayed over those reports. A report keeps its stored placement unless
    it is new or could join a changed event (one sharing a block key whose first report, old
    or new, its date fits: a report fits no event whose first report it does not fit). The
    replay is exact when the neighbourhood covered every report it reconsidered (all its block
    keys on its day) and every report a changed event could take (its keys, from the change to
    the last day its first report fits); otherwise the result says ``complete=False`` with the
    ranges still needed.
    """
    config = config or MergeConfig()
    reach = reach_days(config)
    slack = max(config.day_slack, config.week_slack)
    fresh = sorted(new, key=_sort_key)
    fresh_keys = {r.key for r in fresh}
    old_of: dict[tuple[str, int], str] = {}
    old_first: dict[str, EventReport] = {}
    for cid, members in stored.items():
        old_first[cid] = min(members, key=_sort_key)
        for member in members:
            old_of[member.key] = cid
    kept = [r for ms in stored.values() for r in ms if r.key not in fresh_keys]
    ordered = sorted(kept + fresh, key=_sort_key)
    # the new state: clusters named by their first report's merged id
    clusters: dict[str, list[EventReport]] = {}
    first: dict[str, tuple] = {}
    last_start: dict[str, str] = {}
    by_key: dict[str, list[str]] = {}
    dirty: set[str] = set()
    # block key -> (last start it could take, first report) of each changed event with that key
    dirty_firsts: dict[str, list[tuple[str, EventReport]]] = {}
    wanted: list[tuple[str, str, str]] = []  # (key, first day, last day) the replay relied on

    def reach_of(report: EventReport) -> str:
        end = report_end(report)
        return end if end == UNDATED else _shift(end, slack)

    def spoil(cid: str, at: str) -> None:
        """Mark a cluster changed from day *at*: later reports sharing its keys that fit its first
        report are reconsidered."""
        dirty.add(cid)
        firsts = [f for f in (old_first.get(cid), clusters[cid][0] if clusters.get(cid) else None) if f]
        end = max(reach_of(f) for f in firsts)
        if end < at:
            return
        for k in {k for m in list(stored.get(cid, ())) + clusters.get(cid, []) for k in block_keys(m)}:
            wanted.append((k, at, end))
            listed = dirty_firsts.setdefault(k, [])
            listed.extend((reach_of(f), f) for f in firsts if (reach_of(f), f) not in listed)

    def reconsidered(report: EventReport, start: str, rkeys: list[str]) -> bool:
        """Could the report join a changed event? Only if it fits that event's first report (old
        or new; complete link), which also covers leaving its own event when that changed."""
        return any(
            end >= start and same_event(report, f, config)
            for k in rkeys
            for end, f in dirty_firsts.get(k, ())
        )

    for report in ordered:
        start = report_start(report)
        horizon = _shift(start, -reach)
        rkeys = block_keys(report)
        touched = report.key in fresh_keys or reconsidered(report, start, rkeys)
        old = old_of.get(report.key)
        if not touched and old is not None:
            cid = old
        else:
            wanted.extend((k, start, start) for k in rkeys)
            candidates = {c for k in rkeys for c in by_key.get(k, ()) if last_start[c] >= horizon}
            for c in sorted(candidates, key=first.__getitem__):
                if all(same_event(report, member, config) for member in clusters[c]):
                    cid = c
                    break
            else:
                cid = merged_id(report)
        if cid not in clusters:
            clusters[cid] = []
            first[cid] = _sort_key(report)
        clusters[cid].append(report)
        last_start[cid] = start
        for k in rkeys:
            listed = by_key.setdefault(k, [])
            if cid not in listed:
                listed.append(cid)
        if touched and (cid != old or cid in dirty):
            spoil(cid, start)
            if old is not None and old != cid:
                spoil(old, start)
        elif cid in dirty:
            spoil(cid, start)
    needs: Ranges = {}
    for k, lo, hi in wanted:
        if not _covered(loaded, k, lo, hi):
            add_ranges(needs, {k: [(lo, hi)]})
    if needs:
        return Remerged(complete=False, needs=needs)
    result = Remerged()
    changed = dirty | {cid for cid in rebuild if cid in clusters}
    result.gone = {cid for cid in changed if cid in stored}
    for cid in sorted(changed):
        if cid in clusters:
            members = clusters[cid]
            result.members[cid] = members
            result.events.append(merged_event(members))
    return result


def neighbourhood_bounds(since: str, config: MergeConfig | None = None) -> str:
    """The earliest last day of a stored event's first report that :func:`remerge` needs when the
    new reports start on *since*: events whose first report ends earlier can take none of them."""
    config = config or MergeConfig()
    return _shift(since, -max(config.day_slack, config.week_slack))


def _block_keys(report: EventReport) -> list[tuple[str, str, str]]:
    """Any two reports of one event share one of these: (type, "a", actor code) when both have
    actors, else (type, "r", recipient code)."""
    ev = report.event
    keys = [(ev.event, "a", code) for code in sorted(_codes(ev.actor))]
    keys += [(ev.event, "r", code) for code in sorted(_codes(ev.recipient))]
    return keys or [(ev.event, "-", "")]


def same_event(a: EventReport, b: EventReport, config: MergeConfig | None = None) -> bool:
    """True when two reports can be the same event (see the module docstring)."""
    config = config or MergeConfig()
    ea, eb = a.event, b.event
    if ea.event != eb.event or a.doc_id == b.doc_id:
        return False  # one article's mentions were merged by the coder; what it kept apart stays apart
    if {m for m in ea.mode if m in STRICT_MODES} != {m for m in eb.mode if m in STRICT_MODES}:
        return False
    actors_a, actors_b = _codes(ea.actor), _codes(eb.actor)
    recipients_a, recipients_b = _codes(ea.recipient), _codes(eb.recipient)
    if actors_a and actors_b and not actors_a & actors_b:
        return False
    if recipients_a and recipients_b and not recipients_a & recipients_b:
        return False
    if not (actors_a and actors_b) and not recipients_a & recipients_b:
        return False  # without an actor on one side, only shared recipients tie the reports
    if (actors_a <= {UNKNOWN} or actors_b <= {UNKNOWN}) and not recipients_a & recipients_b and not (
        ea.place is not None and eb.place is not None
    ):
        return False  # an unknown doer is no identity: a shared recipient or the place ties them
    if not _dates_fit(ea.date, eb.date, ea.date_granularity, eb.date_granularity, config):
        return False
    if not _places_fit(ea.place, eb.place, config):
        return False
    pa, pb = date_bounds(a.published), date_bounds(b.published)
    return pa is None or pb is None or abs((pa[0] - pb[0]).days) <= config.max_report_gap_days


def merged_event(cluster: list[EventReport]) -> MergedEvent:
    """One merged record from the reports of one event (earliest report first)."""
    first = cluster[0]
    by_source: dict[str, list[EventReport]] = {}
    for report in cluster:
        by_source.setdefault(report.source or report.doc_id, []).append(report)
    best = max(cluster, key=lambda r: (r.event.confidence or 0.0, -cluster.index(r)))
    # Independent sources corroborate: 1 - P(every source is wrong); copies add nothing.
    doubt = math.prod(1 - max(r.event.confidence or 0.0 for r in reps) for reps in by_source.values())
    date, granularity = _best_date(cluster)
    published = [r.published for r in cluster if r.published]
    return MergedEvent(
        id=merged_id(first),
        event=first.event.event,
        actor=_union(r.event.actor for r in cluster),
        recipient=_union(r.event.recipient for r in cluster),
        date=date,
        date_granularity=granularity,
        reports=[
            ReportRef(
                doc_id=r.doc_id,
                idx=r.idx,
                source=r.source or r.doc_id,
                published=r.published,
                evidence=r.event.event_text,
                date=r.event.date,
                confidence=r.event.confidence,
            )
            for r in cluster
        ],
        sources=len(by_source),
        first_reported=min(published) if published else None,
        best_evidence=best.event.event_text,
        mode=list(dict.fromkeys(m for r in cluster for m in r.event.mode)),
        context=list(dict.fromkeys(c for r in cluster for c in r.event.context)),
        place=next((r.event.place for r in cluster if r.event.place is not None), None),
        claimed_by=None if any(r.event.claimed_by is None for r in cluster) else first.event.claimed_by,
        score=best.event.score,
        confidence=round(min(1 - doubt, 0.99), 3) if any(r.event.confidence for r in cluster) else None,
    )


def _sort_key(report: EventReport) -> tuple:
    span = date_bounds(report.event.date)
    start = span[0].isoformat() if span else "9999"
    return (start, report.published or "9999", report.doc_id, report.idx)


def _shift(day: str, days: int) -> str:
    """An ISO day moved by *days* (the undated sort key "9999" stays)."""
    try:
        return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return day


def _codes(actors: list[Actor]) -> set[str]:
    return {a.code for a in actors if a.code}


def _union(groups: Iterable[list[Actor]]) -> list[Actor]:
    seen: set[tuple[str | None, str | None]] = set()
    out: list[Actor] = []
    for group in groups:
        for actor in group:
            if (actor.code, actor.sector) not in seen:
                seen.add((actor.code, actor.sector))
                out.append(actor)
    return out


def _slack(granularity: str | None, config: MergeConfig) -> int:
    if granularity in {"week", "weekend"}:
        return config.week_slack
    return config.day_slack if granularity in {None, "day"} else 0


def _dates_fit(a: str | None, b: str | None, ga: str | None, gb: str | None, config: MergeConfig) -> bool:
    ra, rb = date_bounds(a), date_bounds(b)
    if ra is None or rb is None:
        return a == b
    long_a = (ra[1] - ra[0]).days + 1 > config.max_span_days
    long_b = (rb[1] - rb[0]).days + 1 > config.max_span_days
    if long_a or long_b:
        return a == b
    slack = dt.timedelta(days=max(_slack(ga, config), _slack(gb, config)))
    return ra[0] - slack <= rb[1] and rb[0] - slack <= ra[1]


def _places_fit(a: Place | None, b: Place | None, config: MergeConfig) -> bool:
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if None in (a.lat, a.lon, b.lat, b.lon) or "country" in (a.feature, b.feature):
        return True
    return _km(a.lat, a.lon, b.lat, b.lon) <= config.max_km  # type: ignore[arg-type]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _best_date(cluster: list[EventReport]) -> tuple[str | None, str | None]:
    """The most precise date stated in the reports themselves (else the most precise at all);
    among equally precise ones, the one most reports give, then the earliest."""
    def precision(r: EventReport) -> int:
        span = date_bounds(r.event.date)
        return -((span[1] - span[0]).days) if span else -10**6

    stated = [r for r in cluster if r.event.date and r.event.date_source != "publication"] or [
        r for r in cluster if r.event.date
    ]
    if not stated:
        return None, None
    top = max(precision(r) for r in stated)
    candidates = [r for r in stated if precision(r) == top]
    votes: dict[str, int] = {}
    for r in candidates:
        votes[r.event.date] = votes.get(r.event.date, 0) + 1  # type: ignore[index]
    date = min(votes, key=lambda d: (-votes[d], d))
    granularity = next(r.event.date_granularity for r in candidates if r.event.date == date)
    return date, granularity

