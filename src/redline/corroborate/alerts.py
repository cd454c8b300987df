"""Alerts over merged events: rules from a YAML file, each firing once per event or dyad-day.

Rule file format
================

The file holds a list of rules (or a mapping with a ``rules:`` key holding that list).
Every rule has an ``id`` (unique, non-empty), a ``description`` and exactly **one**
condition, of one of two kinds.

**Event match** -- any of these keys; all given keys must hold (AND); a key given a list
matches any of its values (OR)::

    - id: threaten-cbrn
      description: Nuclear, chemical or biological threats
      event: THREATEN            # PLOVER event type(s)
      context: cbrn              # the event's contexts contain this one
      mode: weapons              # the event's modes contain this one (checked against the event types)
      actor: BLR                 # one of the event's actor codes
      recipient: [UKR, POL]      # one of the event's recipient codes
      min_sources: 2             # at least this many independent sources
      min_confidence: 0.6        # confidence at least this (events without a confidence fail)

It fires once per matching merged event; the alert's ``key`` is the merged event id and its
``day`` the event's date (possibly coarse: ``YYYY-MM``, ``YYYY``; None when undated).

**Escalation jump** -- on the daily index of :mod:`redline.corroborate.escalation`::

    - id: escalation-jump
      description: A day far more hostile than the month before it
      escalation:
        dyad: "*"                # "BLR-UKR", "BLR", a list of these, or "*" for every dyad
        jump_sd: 3               # k: how many standard deviations
        window_days: 30          # baseline: this many days before the day
        min_history: 7           # optional (default 7): days of index history needed
        sd_floor: 1.0            # optional (default 1.0): smallest standard deviation used
        direction: conflict      # optional: conflict (default) | cooperation | both
        min_events: 3            # optional (default 1): merged events of the dyad in the window and the day
        min_sources: 2           # optional (default 1): independent sources of the day's best-sourced event
        cooldown_days: 7         # optional (default 0): no second alert of this rule and dyad
                                 # within this many days of one already fired (either side)

A day ``d`` fires when its score ``x`` differs from the mean ``m`` of the scores of the
``window_days`` days before it (fewer when the index starts later) by more than
``jump_sd * max(sd, sd_floor)`` -- downwards for ``conflict`` (``x < m - k*sd``; PLOVER
scores conflict negative), upwards for ``cooperation``, either way for ``both``. ``sd`` is
the population standard deviation of those days. The index starts at the dyad's first
day-dated event, and a day needs at least ``min_history`` days of index before it: the
first days of a dyad never fire (an event rule is the way to catch a first-ever event).
The floor keeps a flat history (``sd == 0``) from turning any change into an infinite jump:
with the default 1.0 and a history of days without events, one THREATEN (-3.5) fires at
``jump_sd: 3`` and one ACCUSE (-3, not *more* than 3) does not. ``"*"`` covers every dyad of
:func:`~redline.corroborate.escalation.all_dyads` (ordered pairs and single countries).
The alert's ``key`` is ``"DYAD@YYYY-MM-DD"``, its ``merged_event_ids`` the dyad's events of
that day, largest ``|score|`` first.

**Minimum evidence and cool-downs.** An index with one or two events jumps at its first
serious event; ``min_events`` asks for that many day-dated merged events of the dyad on the
day and the ``window_days`` before it, ``min_sources`` for a day whose best-sourced event has
that many independent sources. With ``cooldown_days: n`` a day does not fire when the rule has
fired for the same dyad on a day less than ``n`` days before or after it (stored alerts and
those of the same evaluation, in their order).

**Digests.** Any rule may say ``digest: day`` or ``digest: week``: its alerts are delivered
grouped per calendar day or ISO week of the alert's day (:func:`build_digests`) instead of one
message each; the rule still fires (and is stored) per event or dyad-day.

Errors in a rule file raise :class:`ValueError` naming the file, the rule id (or its
position when the id is missing) and what is wrong.

Evaluating
==========

:func:`evaluate_alerts` checks every rule against the merged events and returns the alerts
not in ``already_fired`` (pairs ``(rule_id, key)``), sorted by day (undated last), then the
rule's position in the file, then key. With ``since``, event rules consider events whose
date (any day of a coarse date's period) is on or after ``since`` -- undated events by
their ``first_reported`` date, and kept when that is missing too -- and escalation rules
report days on or after ``since`` (earlier days still form the baseline). ``history`` gives
stored alerts ``(rule_id, key, day)`` for the cool-downs.

The same steps run on a part of the data: :func:`dyad_days` and :func:`escalation_candidates`
evaluate chosen days of one dyad from its daily events, and :func:`select_alerts` turns
candidates into the alerts that fire; ``redline.ingestion.refresh`` uses them to evaluate only
what a new report changed, with the result of evaluating everything.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from redline.code.plover import AUX_MODES, CONTEXTS, EVENT_TYPES, valid_modes
from redline.corroborate.escalation import (
    dyads_of,
    event_day,
    score_of,
)
from redline.data import load_text, resource
from redline.records import MergedEvent
from redline.timespans import date_bounds

EVENT_KEYS = ("event", "context", "mode", "actor", "recipient", "min_sources", "min_confidence")
ESCALATION_KEYS = (
    "dyad", "jump_sd", "window_days", "min_history", "sd_floor", "direction",
    "min_events", "min_sources", "cooldown_days",
)  # fmt: skip
DIRECTIONS = ("conflict", "cooperation", "both")
DIGESTS = ("day", "week")
_CODE = re.compile(r"^[A-Z]{3}$")
_DYAD = re.compile(r"^[A-Z]{3}(?:-[A-Z]{3})?$")


@dataclass(frozen=True)
class EventCondition:
    """Match one merged event; empty tuples / None mean "any"."""

    event: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    min_sources: int | None = None
    min_confidence: float | None = None

    def matches(self, ev: MergedEvent) -> bool:
        if self.event and ev.event.upper() not in self.event:
            return False
        if self.context and not set(self.context) & set(ev.context):
            return False
        if self.mode and not set(self.mode) & set(ev.mode):
            return False
        if self.actor and not {a.code for a in ev.actor} & set(self.actor):
            return False
        if self.recipient and not {a.code for a in ev.recipient} & set(self.recipient):
            return False
        if self.min_sources is not None and ev.sources < self.min_sources:
            return False
        if self.min_confidence is not None and (ev.confidence is None or ev.confidence < self.min_confidence):
            return False
        return True


@dataclass(frozen=True)
class EscalationCondition:
    """A jump of the daily escalation index against the preceding window."""

    dyads: tuple[str, ...] = ("*",)
    jump_sd: float = 3.0
    window_days: int = 30
    min_history: int = 7
    sd_floor: float = 1.0
    direction: str = "conflict"
    min_events: int = 1
    min_sources: int = 1
    cooldown_days: int = 0

    def covers(self, dyad: str) -> bool:
        return "*" in self.dyads or dyad in self.dyads


@dataclass(frozen=True)
class AlertRule:
    id: str
    description: str
    condition: EventCondition | EscalationCondition
    digest: str | None = None  # "day" | "week": delivered grouped per period (build_digests)


@dataclass(frozen=True)
class Alert:
    rule_id: str
    description: str
    key: str  # merged event id (event rules) or "DYAD@YYYY-MM-DD" (escalation rules)
    day: str | None  # ISO date: the event's (maybe coarse) date, or the index day
    merged_event_ids: tuple[str, ...] = field(default_factory=tuple)

    @property
    def fired(self) -> tuple[str, str]:
        """The pair to remember in ``already_fired``."""
        return (self.rule_id, self.key)


# --------------------------------------------------------------------------- loading


def default_rules_path() -> Any:
    """The packaged rule file ``redline/data/alerts.yaml`` (a Traversable)."""
    return resource("alerts.yaml")


def load_rules(path: str | Path | None = None) -> list[AlertRule]:
    """Read a YAML rule file (default: the packaged ``alerts.yaml``, parsed once per process);
    ValueError when it is bad."""
    if path is None:
        return list(_packaged_rules())
    return _read_rules(path)


@functools.cache
def _packaged_rules() -> tuple[AlertRule, ...]:
    return tuple(_read_rules(None))


def _read_rules(path: str | Path | None) -> list[AlertRule]:
    name = str(path) if path is not None else "redline/data/alerts.yaml"
    try:
        text = load_text("alerts.yaml") if path is None else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{name}: cannot read rule file: {exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"{name}: not valid YAML: {exc}") from exc
    return parse_rules(data, name)


def parse_rules(data: Any, source: str = "rules") -> list[AlertRule]:
    """Rules from already-parsed YAML (a list of mappings, or ``{"rules": [...]}``)."""
    if isinstance(data, dict) and set(data) == {"rules"}:
        data = data["rules"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise ValueError(f"{source}: expected a list of rules, got {type(data).__name__}")
    rules: list[AlertRule] = []
    seen: set[str] = set()
    for n, item in enumerate(data, start=1):
        rule = _parse_rule(item, source, n)
        if rule.id in seen:
            raise ValueError(f"{source}: rule {rule.id!r}: duplicate id")
        seen.add(rule.id)
        rules.append(rule)
    return rules


def _parse_rule(item: Any, source: str, n: int) -> AlertRule:
    where = f"{source}: rule #{n}"
    if not isinstance(item, dict):
        raise ValueError(f"{where}: expected a mapping with id, description and a condition")
    rid = item.get("id")
    if not isinstance(rid, str | int) or isinstance(rid, bool) or not str(rid).strip():
        raise ValueError(f"{where}: missing or empty 'id'")
    rid = str(rid).strip()
    where = f"{source}: rule {rid!r}"
    description = item.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ValueError(f"{where}: missing or empty 'description'")
    digest = item.get("digest")
    if digest is not None and digest not in DIGESTS:
        raise ValueError(f"{where}: 'digest' must be one of {', '.join(DIGESTS)}, got {digest!r}")
    keys = set(item) - {"id", "description", "digest"}
    unknown = keys - set(EVENT_KEYS) - {"escalation"}
    if unknown:
        raise ValueError(
            f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
            f"expected {', '.join(EVENT_KEYS)} or escalation"
        )
    if "escalation" in keys:
        if keys - {"escalation"}:
            raise ValueError(
                f"{where}: 'escalation' cannot be combined with event keys "
                f"({', '.join(sorted(keys - {'escalation'}))}); one condition per rule"
            )
        condition: EventCondition | EscalationCondition = _parse_escalation(item["escalation"], where)
    elif keys:
        condition = _parse_event(item, where)
    else:
        raise ValueError(f"{where}: no condition (give event keys such as 'event', or 'escalation')")
    return AlertRule(rid, description.strip(), condition, digest)


def _strings(value: Any, key: str, where: str, upper: bool = False) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise ValueError(f"{where}: '{key}' must be a non-empty string or list of strings, got {value!r}")
    return tuple(v.strip().upper() if upper else v.strip() for v in values)


def _number(value: Any, key: str, where: str, lo: float, integer: bool = False) -> Any:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if ok and integer:
        ok = float(value).is_integer()
    if not ok or value < lo:
        kind = "an integer" if integer else "a number"
        raise ValueError(f"{where}: '{key}' must be {kind} >= {lo:g}, got {value!r}")
    return int(value) if integer else float(value)


def _parse_event(item: dict[str, Any], where: str) -> EventCondition:
    events = _strings(item["event"], "event", where, upper=True) if "event" in item else ()
    for ev in events:
        if ev not in EVENT_TYPES:
            raise ValueError(f"{where}: unknown PLOVER event type {ev!r} (one of {', '.join(EVENT_TYPES)})")
    contexts = _strings(item["context"], "context", where) if "context" in item else ()
    for ctx in contexts:
        if ctx not in CONTEXTS:
            raise ValueError(f"{where}: unknown PLOVER context {ctx!r}")
    modes = _strings(item["mode"], "mode", where) if "mode" in item else ()
    allowed = set(AUX_MODES).union(*(valid_modes(e) for e in (events or EVENT_TYPES)))
    for mode in modes:
        if mode not in allowed:
            of = f"for {'/'.join(events)}" if events else "of any event type"
            raise ValueError(f"{where}: {mode!r} is not a PLOVER mode {of}")
    actors = _strings(item["actor"], "actor", where, upper=True) if "actor" in item else ()
    recipients = _strings(item["recipient"], "recipient", where, upper=True) if "recipient" in item else ()
    for key, codes in (("actor", actors), ("recipient", recipients)):
        for code in codes:
            if not _CODE.match(code):
                raise ValueError(f"{where}: '{key}' {code!r} is not a three-letter actor code")
    min_sources = (
        _number(item["min_sources"], "min_sources", where, 1, True) if "min_sources" in item else None
    )
    min_conf = None
    if "min_confidence" in item:
        min_conf = _number(item["min_confidence"], "min_confidence", where, 0)
        if min_conf > 1:
            raise ValueError(f"{where}: 'min_confidence' must be within 0..1, got {min_conf!r}")
    return EventCondition(events, contexts, modes, actors, recipients, min_sources, min_conf)


def _parse_escalation(spec: Any, where: str) -> EscalationCondition:
    if not isinstance(spec, dict):
        raise ValueError(f"{where}: 'escalation' must be a mapping with dyad, jump_sd, window_days")
    unknown = set(spec) - set(ESCALATION_KEYS)
    if unknown:
        raise ValueError(
            f"{where}: unknown escalation key(s) {', '.join(sorted(map(str, unknown)))}; "
            f"expected {', '.join(ESCALATION_KEYS)}"
        )
    for key in ("dyad", "jump_sd", "window_days"):
        if key not in spec:
            raise ValueError(f"{where}: escalation needs '{key}'")
    dyads = _strings(spec["dyad"], "dyad", where, upper=True)
    for dyad in dyads:
        if dyad != "*" and not _DYAD.match(dyad):
            raise ValueError(f"{where}: dyad {dyad!r} is not 'AAA-BBB', 'AAA' or '*'")
    jump_sd = _number(spec["jump_sd"], "jump_sd", where, 0)
    if jump_sd <= 0:
        raise ValueError(f"{where}: 'jump_sd' must be > 0, got {spec['jump_sd']!r}")
    window = _number(spec["window_days"], "window_days", where, 2, True)
    min_history = _number(spec.get("min_history", 7), "min_history", where, 1, True)
    if min_history > window:
        raise ValueError(f"{where}: 'min_history' ({min_history}) exceeds 'window_days' ({window})")
    sd_floor = _number(spec.get("sd_floor", 1.0), "sd_floor", where, 0)
    if sd_floor <= 0:
        raise ValueError(f"{where}: 'sd_floor' must be > 0, got {spec.get('sd_floor')!r}")
    direction = spec.get("direction", "conflict")
    if direction not in DIRECTIONS:
        raise ValueError(f"{where}: 'direction' must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
    min_events = _number(spec.get("min_events", 1), "min_events", where, 1, True)
    min_sources = _number(spec.get("min_sources", 1), "min_sources", where, 1, True)
    cooldown = _number(spec.get("cooldown_days", 0), "cooldown_days", where, 0, True)
    return EscalationCondition(
        dyads, jump_sd, window, min_history, sd_floor, direction, min_events, min_sources, cooldown
    )


# --------------------------------------------------------------------------- evaluating


def _on_or_after(ev: MergedEvent, since: date) -> bool:
    period = date_bounds(ev.date)
    if period is not None:
        return period[1] >= since
    reported = date_bounds((ev.first_reported or "")[:10])
    return reported is None or reported[1] >= since


def _event_alerts(rule: AlertRule, cond: EventCondition, merged: Sequence[MergedEvent], since: date | None):
    for ev in merged:
        if since is not None and not _on_or_after(ev, since):
            continue
        if cond.matches(ev):
            yield Alert(rule.id, rule.description, ev.id, ev.date, (ev.id,))


def _jump(x: float, history: Sequence[float], cond: EscalationCondition) -> bool:
    mean = sum(history) / len(history)
    sd = math.sqrt(sum((h - mean) ** 2 for h in history) / len(history))
    limit = cond.jump_sd * max(sd, cond.sd_floor)
    if cond.direction == "conflict":
        return x < mean - limit
    if cond.direction == "cooperation":
        return x > mean + limit
    return abs(x - mean) > limit


DayEvent = tuple[float, str, int]
"""One day-dated merged event of a dyad's index: (score, merged event id, independent sources)."""


def dyad_days(merged: Iterable[MergedEvent]) -> dict[str, dict[date, list[DayEvent]]]:
    """Every dyad's day-dated merged events, per day (the escalation index's input)."""
    out: dict[str, dict[date, list[DayEvent]]] = {}
    for ev in merged:
        day = event_day(ev)
        if day is None:
            continue
        item = (score_of(ev), ev.id, ev.sources)
        for dyad in dyads_of(ev):
            out.setdefault(dyad, {}).setdefault(day, []).append(item)
    return out


def _day_score(events: Sequence[DayEvent]) -> float:
    return round(sum(score for score, _, _ in sorted(events, key=lambda e: e[1])), 6)


def escalation_candidates(
    rule: AlertRule,
    dyad: str,
    daily: dict[date, list[DayEvent]],
    first_day: date,
    days: Iterable[date] | None = None,
) -> Iterator[Alert]:
    """The escalation rule's alerts on *days* (default: every day of *daily*) of one dyad.

    *daily* must hold the dyad's events of those days and of the ``window_days`` before each;
    *first_day* is the first day of the dyad's whole index."""
    cond = rule.condition
    assert isinstance(cond, EscalationCondition)
    wanted = sorted(set(daily) if days is None else set(days))
    if not wanted:
        return
    # the days from the earliest window's start to the last day, as positions in lists: each
    # day's score, and the number of events before it (a window's count is a difference)
    origin = max(first_day, wanted[0] - timedelta(days=cond.window_days))
    size = max(0, (wanted[-1] - origin).days + 1)
    empty = _day_score(())
    scores = [empty] * size
    counts = [0] * (size + 1)
    for day, events in daily.items():
        at = (day - origin).days
        if 0 <= at < size:
            scores[at] = _day_score(events)
            counts[at + 1] = len(events)
    for at in range(size):
        counts[at + 1] += counts[at]
    for day in wanted:
        events = daily.get(day)
        if not events or (day - first_day).days < cond.min_history:
            continue
        if max(sources for _, _, sources in events) < cond.min_sources:
            continue
        begin = max(first_day, day - timedelta(days=cond.window_days))
        start, at = (begin - origin).days, (day - origin).days
        if cond.min_events > 1 and len(events) + counts[at] - counts[start] < cond.min_events:
            continue
        if not _jump(scores[at], scores[start:at], cond):
            continue
        ids = tuple(eid for _, eid, _ in sorted(events, key=lambda e: (-abs(e[0]), e[1])))
        yield Alert(rule.id, rule.description, f"{dyad}@{day.isoformat()}", day.isoformat(), ids)


def _escalation_alerts(rule: AlertRule, cond: EscalationCondition, grouped, since: date | None):
    for dyad in sorted(grouped):
        if not cond.covers(dyad):
            continue
        daily = grouped[dyad]
        days = [d for d in daily if since is None or d >= since]
        yield from escalation_candidates(rule, dyad, daily, min(daily), days)


def select_alerts(
    rules: Sequence[AlertRule],
    candidates: Iterable[tuple[int, Alert]],
    already_fired: Iterable[tuple[str, str]] = frozenset(),
    history: Iterable[tuple[str, str, str | None]] = (),
) -> list[Alert]:
    """The alerts that fire among ``(rule position, alert)`` candidates: each (rule, key) once and
    not in ``already_fired``, sorted by day (undated last), rule position and key, then the
    cool-downs applied in that order against ``history`` (stored ``(rule_id, key, day)``)."""
    skip = set(already_fired)
    found: dict[tuple[str, str], tuple[int, Alert]] = {}
    for position, alert in candidates:
        if alert.fired not in skip and alert.fired not in found:
            found[alert.fired] = (position, alert)
    ordered = sorted(found.values(), key=lambda pa: (pa[1].day is None, pa[1].day or "", pa[0], pa[1].key))
    cooling = {r.id: r.condition.cooldown_days for r in rules
               if isinstance(r.condition, EscalationCondition) and r.condition.cooldown_days}  # fmt: skip
    fired_days: dict[tuple[str, str], list[date]] = {}
    for rule_id, key, day in history:
        if rule_id in cooling and day:
            fired_days.setdefault((rule_id, key.partition("@")[0]), []).append(date.fromisoformat(day))
    out: list[Alert] = []
    for _, alert in ordered:
        days = cooling.get(alert.rule_id)
        if days and alert.day:
            when = date.fromisoformat(alert.day)
            seen = fired_days.setdefault((alert.rule_id, alert.key.partition("@")[0]), [])
            if any(abs((when - other).days) < days for other in seen):
                continue
            seen.append(when)
        out.append(alert)
    return out


def evaluate_alerts(
    rules: Iterable[AlertRule],
    merged: Iterable[MergedEvent],
    already_fired: Iterable[tuple[str, str]] = frozenset(),
    since: date | None = None,
    history: Iterable[tuple[str, str, str | None]] = (),
) -> list[Alert]:
    """The alerts the rules raise on the merged events, minus those in ``already_fired``.

    Sorted by day (undated last), the rule's position, then key. Each ``(rule_id, key)``
    appears at most once; add :attr:`Alert.fired` of the returned alerts to ``already_fired``
    to keep them from firing again. ``history``: stored alerts for the cool-downs.
    """
    rules = list(rules)
    events = list(merged)
    grouped = dyad_days(events) if any(isinstance(r.condition, EscalationCondition) for r in rules) else {}

    def candidates() -> Iterator[tuple[int, Alert]]:
        for position, rule in enumerate(rules):
            if isinstance(rule.condition, EscalationCondition):
                produced = _escalation_alerts(rule, rule.condition, grouped, since)
            else:
                produced = _event_alerts(rule, rule.condition, events, since)
            for alert in produced:
                yield position, alert

    return select_alerts(rules, candidates(), already_fired, history)


@dataclass(frozen=True)
class Digest:
    """Alerts delivered together: one rule's alerts of one ``period`` (``day``/``week``) starting
    on ``start`` (ISO day; None for undated alerts), or one alert alone (``period`` None)."""

    rule_id: str
    period: str | None
    start: str | None
    alerts: tuple[Alert, ...]


def build_digests(alerts: Iterable[Alert], rules: Iterable[AlertRule]) -> list[Digest]:
    """Group fired alerts for delivery: alerts of ``digest: day|week`` rules per rule and calendar
    day / ISO week (Monday) of the alert's day, every other alert alone; in the order of each
    group's first alert."""
    periods = {r.id: r.digest for r in rules}
    groups: dict[tuple[str, str | None, str | None, int], list[Alert]] = {}
    for n, alert in enumerate(alerts):
        period = periods.get(alert.rule_id)
        if period is None:
            groups[(alert.rule_id, None, alert.day, n)] = [alert]
            continue
        start = None
        if alert.day and (span := date_bounds(alert.day)) is not None:
            first = span[0]
            start = (first - timedelta(days=first.weekday()) if period == "week" else first).isoformat()
        groups.setdefault((alert.rule_id, period, start, -1), []).append(alert)
    return [Digest(rule, period, start, tuple(group)) for (rule, period, start, _), group in groups.items()]
