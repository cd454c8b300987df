"""Keeping the store's merged events and alerts current: an incremental merge, exact against a full one.

:func:`refresh` merges the event reports stored since the last merge (and rebuilds the merged
events whose reports' story source changed) into the stored merge, touching only the
neighbourhood of the new reports (:func:`redline.corroborate.merge.remerge`), then evaluates
the alert rules on what changed: event rules on the changed merged events, escalation rules on
the dyad-days whose index or baseline changed. The result -- merged events, their ids and
reports, and the alerts fired -- is the one of merging everything again (``full=True``, also
taken when the merge state is missing, was written with other thresholds, or no longer matches
the stored reports, e.g. after a document was replaced).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from redline.corroborate.alerts import (
    Alert,
    AlertRule,
    EscalationCondition,
    EventCondition,
    escalation_candidates,
    evaluate_alerts,
    load_rules,
    select_alerts,
)
from redline.corroborate.escalation import dyads_of, event_day, score_of
from redline.corroborate.merge import (
    UNDATED,
    MergeConfig,
    Ranges,
    add_ranges,
    block_keys,
    merge_order,
    merge_reports,
    merged_event,
    neighbourhood_bounds,
    reach_days,
    remerge,
    report_end,
    report_start,
    shift_day,
)
from redline.records import EventReport, MergedEvent
from redline.store import Store
from redline.timespans import date_bounds

__all__ = ["refresh"]

Info = dict[tuple[str, int], tuple[int, str]]  # report key -> (doc key, event record JSON)

#: The layout of the stored merge state (meta ``state``); a state of another layout is merged again.
STATE = 2


def refresh(
    store: Store,
    rules: Sequence[AlertRule] | str | os.PathLike[str] | None = None,
    config: MergeConfig | None = None,
    *,
    full: bool = False,
) -> list[Alert]:
    """Bring the merged events up to date with the stored reports and fire new alerts; returns
    the alerts fired now. ``rules``: loaded rules or a rule file (None: the packaged rules);
    ``full``: merge every stored report again instead of only the new ones (same result)."""
    if rules is None or isinstance(rules, str | os.PathLike):
        rules = load_rules(None if rules is None else os.fspath(rules))
    config = config or MergeConfig()
    meta = store.merge_meta()
    settings = dataclasses.asdict(config)
    if (
        full
        or meta is None
        or meta.get("config") != settings
        or meta.get("state") != STATE
        or store.merged_report_count(int(meta.get("upto", 0))) != meta.get("reports")
    ):
        return _full(store, list(rules), config)
    with store.transaction():  # one transaction from the first read to the last write
        return _incremental(store, list(rules), config, meta)


def _meta(store: Store, config: MergeConfig) -> dict[str, Any]:
    upto = store.last_document()[1]
    return {"config": dataclasses.asdict(config), "state": STATE, "upto": upto,
            "reports": store.merged_report_count(upto)}  # fmt: skip


def _full(store: Store, rules: list[AlertRule], config: MergeConfig) -> list[Alert]:
    rows = store.unmerged_reports(-1)
    info: Info = {r.key: (key, rec) for key, rec, r in rows}
    merged, members = _merge_all([r for _, _, r in rows], config)
    fired = store.fired_alerts()
    history = [(a["rule_id"], a["key"], a["day"]) for a in store.alerts()]
    alerts = evaluate_alerts(rules, merged, already_fired=fired, history=history)
    reports = {m.id: [f"{r.doc_id}#{r.idx}" for r in m.reports] for m in merged}
    fresh = _unrenamed(alerts, reports, store.fired_alert_reports())
    state, keys, days = _rows(merged, members, info)
    with store.transaction():
        store.write_merge(set(), merged, state, keys, days, _meta(store, config), full=True)
        store.add_alerts(fresh, reports)
    return fresh


def _merge_all(
    reports: list[EventReport], config: MergeConfig
) -> tuple[list[MergedEvent], dict[str, list[EventReport]]]:
    """merge_reports, with each merged event's reports in merge order."""
    merged = merge_reports(reports, config)
    by_key = {r.key: r for r in reports}
    members = {m.id: [by_key[(ref.doc_id, ref.idx)] for ref in m.reports] for m in merged}
    return merged, members


def _unrenamed(
    alerts: list[Alert], reports: dict[str, list[str]], fired: set[tuple[str, str]]
) -> list[Alert]:
    """Alerts minus event alerts that fired already on one of the event's reports (the merged
    event was renamed when an older report of it arrived)."""
    return [a for a in alerts if not any((a.rule_id, k) in fired for k in reports.get(a.key, ()))]


def _rows(
    merged: Iterable[MergedEvent], members: dict[str, list[EventReport]], info: Info
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """``merge_state``, ``merged_keys`` and ``merged_days`` rows of merged events."""
    state: list[tuple[Any, ...]] = []
    keys: list[tuple[Any, ...]] = []
    days: list[tuple[Any, ...]] = []
    for m in merged:
        reports = members[m.id]
        starts = [report_start(r) for r in reports]
        for r, start in zip(reports, starts, strict=True):
            doc_key, record = info[r.key]
            state.append((doc_key, r.doc_id, r.idx, start, r.published, r.source, r.publisher, m.id, record))
        block = dict.fromkeys(k for r in reports for k in block_keys(r))
        keys.extend((k, m.id, starts[0], report_end(reports[0])) for k in block)
        day = event_day(m)
        if day is not None:
            days.extend((dyad, day, m.id, score_of(m), m.sources) for dyad in dyads_of(m))
    return state, keys, days


def _incremental(
    store: Store, rules: list[AlertRule], config: MergeConfig, meta: dict[str, Any]
) -> list[Alert]:
    rows = store.unmerged_reports(int(meta["upto"]))
    pending = store.pending_sources()
    if not rows and not pending:
        return []
    info: Info = {r.key: (key, rec) for key, rec, r in rows}
    new = [r for _, _, r in rows]
    rebuild = store.merged_ids_of_documents(sorted(pending)) if pending else []
    loaded: Ranges = {}
    query: Ranges = {}
    slack = max(config.day_slack, config.week_slack)
    reach = reach_days(config)
    # each report's own days and those its event can take, up to the reach of an event whose
    # first report is a month starting before it (saves a round when it joins such an event)
    for r in new:
        end = report_end(r)
        last = end if end == UNDATED else max(shift_day(end, slack), shift_day(report_start(r), reach))
        add_ranges(query, {k: [(report_start(r), last)] for k in block_keys(r)})
    stored: dict[str, list[EventReport]] = {}
    also = rebuild
    while True:
        wanted = [(k, neighbourhood_bounds(lo, config), hi) for k, spans in query.items() for lo, hi in spans]
        for mid, items in store.merge_neighbourhood(wanted, reach, also=also).items():
            if mid in stored:
                continue
            for doc_key, rec, report in items:
                info[report.key] = (doc_key, rec)
                report.source = pending.get(report.doc_id, report.source)
                stored.setdefault(mid, []).append(report)
        add_ranges(loaded, query)
        result = remerge(stored, new, loaded, config, rebuild)
        if result.complete:
            break
        query, also = result.needs, []
    gone = {g: sorted(stored[g], key=merge_order) for g in sorted(result.gone)}
    old = [merged_event(reports) for reports in gone.values()]
    removed, added = _touched_days(old), _touched_days(result.events)
    touched = {d: removed.get(d, set()) | added.get(d, set()) for d in {*removed, *added}}
    esc_rules = [r for r in rules if isinstance(r.condition, EscalationCondition)]
    dyads = sorted(d for d in touched if any(r.condition.covers(d) for r in esc_rules))  # type: ignore[union-attr]
    first_before = store.dyad_first_days(sorted(touched)) if touched else {}
    state, key_rows, days = _rows(result.events, result.members, info)
    upto = max([int(meta["upto"]), *(key for key, _, _ in rows)])
    new_meta = {"config": dataclasses.asdict(config), "state": STATE, "upto": upto,
                "reports": int(meta["reports"]) + len(rows)}  # fmt: skip
    with store.transaction():
        spans = _spans(gone, old)
        store.write_merge(
            result.gone, result.events, state, key_rows, days, new_meta, spans=spans, pending=bool(pending)
        )
        first_after = store.update_dyad_first_days(removed, added, first_before)
        candidates = list(_event_candidates(rules, result.events))
        candidates += _escalation_candidates(
            store, esc_rules, rules, touched, dyads, first_before, first_after
        )
        reports = {m.id: [f"{r.doc_id}#{r.idx}" for r in m.reports] for m in result.events}
        cooling = {r.id: r.condition.cooldown_days for r in esc_rules if r.condition.cooldown_days}  # type: ignore[union-attr]
        seen = store.fired_alerts_for(
            sorted({a.key for _, a in candidates}),
            sorted({k for ks in reports.values() for k in ks}),
            sorted(cooling),
            _cooling_days(candidates, rules, cooling),
        )
        alerts = select_alerts(rules, candidates, seen["fired"], seen["history"])
        fresh = _unrenamed(alerts, reports, seen["reports"])
        store.add_alerts(fresh, reports)
    return fresh


Spans = dict[str, tuple[str, Any, Any] | None]


def _spans(gone: dict[str, list[EventReport]], old: list[MergedEvent]) -> Spans:
    """The days the stored rows of the merged events *gone* (their reports, in merge order, and
    their stored versions *old*) lie within, per table (see :meth:`Store.write_merge`)."""
    spans: Spans = {}
    if not gone:
        return spans
    starts = [report_start(r) for reports in gone.values() for r in reports]
    spans["merge_state"] = ("start", min(starts), max(starts))
    firsts = [report_start(reports[0]) for reports in gone.values()]
    spans["merged_keys"] = ("first_start", min(firsts), max(firsts))
    days = [day for day in map(event_day, old) if day is not None]
    spans["merged_days"] = ("day", min(days), max(days)) if days else None
    published = [r.published for reports in gone.values() for r in reports]
    known = [day for day in published if day is not None]
    if len(known) == len(published):
        spans["merged_reports"] = ("published", min(known), max(known))
    bounds = [date_bounds(ev.date) for ev in old]
    if all(b is not None for b in bounds):
        first_days = [b[0] for b in bounds if b is not None]
        spans["merged_events"] = ("date_start", min(first_days), max(first_days))
    return spans


def _cooling_days(
    candidates: list[tuple[int, Alert]], rules: list[AlertRule], cooling: dict[str, int]
) -> list[tuple[str, str]] | None:
    """The days of stored alerts a cool-down of one of the candidates can meet (None: none)."""
    days = {date.fromisoformat(a.day) for p, a in candidates if rules[p].id in cooling and a.day}
    if not days:
        return None
    reach = timedelta(days=max(cooling.values()))
    return [((day - reach).isoformat(), (day + reach).isoformat()) for day in sorted(days)]


def _touched_days(events: Iterable[MergedEvent]) -> dict[str, set[date]]:
    """dyad -> days of its index that changed (days of the events' old and new versions)."""
    out: dict[str, set[date]] = {}
    for ev in events:
        day = event_day(ev)
        if day is not None:
            for dyad in dyads_of(ev):
                out.setdefault(dyad, set()).add(day)
    return out


def _event_candidates(rules: list[AlertRule], events: list[MergedEvent]) -> Iterable[tuple[int, Alert]]:
    for position, rule in enumerate(rules):
        if isinstance(rule.condition, EventCondition):
            for ev in events:
                if rule.condition.matches(ev):
                    yield position, Alert(rule.id, rule.description, ev.id, ev.date, (ev.id,))


def _escalation_candidates(
    store: Store,
    esc_rules: list[AlertRule],
    rules: list[AlertRule],
    touched: dict[str, set[date]],
    dyads: list[str],
    first_before: dict[str, Any],
    first_after: dict[str, Any],
) -> list[tuple[int, Alert]]:
    """Escalation alerts on every day whose score, baseline or place in the index changed
    (*first_before*/*first_after*: the dyads' first index days before and after the write)."""
    if not dyads:
        return []
    conds = [r.condition for r in esc_rules if isinstance(r.condition, EscalationCondition)]
    window = max(c.window_days for c in conds)
    reach = timedelta(days=max(window, max(c.min_history for c in conds)))
    check: dict[str, set[date]] = {}
    for dyad in dyads:
        first = first_after.get(dyad)
        if first is None:
            continue
        days = check.setdefault(dyad, set())
        for day in touched[dyad]:
            days.update(day + timedelta(days=n) for n in range(window + 1))
        before = first_before.get(dyad)
        if before is not None and before != first:
            low, high = min(before, first), max(before, first) + reach
            days.update(low + timedelta(days=n) for n in range((high - low).days + 1))
    check = {d: days for d, days in check.items() if days}
    if not check:
        return []
    spans = {(day - timedelta(days=window), day) for days in check.values() for day in days}
    daily: dict[str, dict[date, list[tuple[float, str, int]]]] = {}
    for dyad, day, mid, score, sources in store.dyad_days(sorted(check), sorted(spans)):
        daily.setdefault(dyad, {}).setdefault(day, []).append((score, mid, sources))
    out: list[tuple[int, Alert]] = []
    for position, rule in enumerate(rules):
        if not isinstance(rule.condition, EscalationCondition):
            continue
        for dyad in sorted(check):
            if rule.condition.covers(dyad) and dyad in daily:
                out.extend(
                    (position, a)
                    for a in escalation_candidates(rule, dyad, daily[dyad], first_after[dyad], check[dyad])
                )
    return out
