"""Alert rules over merged events (no pipeline; constructed MergedEvents)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml
from conftest import merged_event

from redline.corroborate.alerts import (
    EscalationCondition,
    EventCondition,
    build_digests,
    evaluate_alerts,
    load_rules,
    parse_rules,
)
from redline.records import MergedEvent

ev = merged_event


RULES = yaml.safe_load(
    """
- id: threaten-cbrn
  description: nuclear threats
  event: THREATEN
  context: cbrn
- id: mobilize-weapons-blr
  description: Belarus moves weapons
  event: MOBILIZE
  mode: weapons
  actor: BLR
- id: corroborated
  description: two sources, confident
  event: [ASSAULT, COERCE]
  min_sources: 2
  min_confidence: 0.6
"""
)


def test_default_rule_file_loads():
    rules = load_rules()
    ids = [r.id for r in rules]
    assert "threaten-cbrn" in ids and "escalation-jump" in ids
    assert any(isinstance(r.condition, EscalationCondition) for r in rules)
    assert any(isinstance(r.condition, EventCondition) for r in rules)


def test_event_rules_fire_on_matching_events_only():
    rules = parse_rules(RULES)
    merged = [
        ev("t1", "THREATEN", "2024-07-01", context=["cbrn", "military"]),
        ev("t2", "THREATEN", "2024-07-01", context=["military"]),
        ev("m1", "MOBILIZE", "2024-07-02", actors=("BLR",), mode=["weapons"]),
        ev("m2", "MOBILIZE", "2024-07-02", actors=("RUS",), mode=["weapons"]),
        ev("m3", "MOBILIZE", "2024-07-02", actors=("BLR",), mode=["troops"]),
        ev("a1", "ASSAULT", "2024-07-03", sources=2, confidence=0.7),
        ev("a2", "ASSAULT", "2024-07-03", sources=1, confidence=0.9),
        ev("a3", "COERCE", "2024-07-03", sources=3, confidence=0.5),
        ev("a4", "COERCE", "2024-07", sources=3, confidence=None, granularity="month"),
    ]
    alerts = evaluate_alerts(rules, merged)
    assert [(a.rule_id, a.key) for a in alerts] == [
        ("threaten-cbrn", "t1"),
        ("mobilize-weapons-blr", "m1"),
        ("corroborated", "a1"),
    ]
    assert alerts[0].merged_event_ids == ("t1",)
    assert alerts[0].day == "2024-07-01"
    assert alerts[0].description == "nuclear threats"


def test_alerts_fire_once():
    rules = parse_rules(RULES)
    merged = [ev("t1", "THREATEN", "2024-07-01", context=["cbrn"])]
    first = evaluate_alerts(rules, merged)
    assert len(first) == 1
    fired = {a.fired for a in first}
    assert fired == {("threaten-cbrn", "t1")}
    assert evaluate_alerts(rules, merged, already_fired=fired) == []
    merged.append(ev("t2", "THREATEN", "2024-07-05", context=["cbrn"]))
    assert [a.key for a in evaluate_alerts(rules, merged, already_fired=fired)] == ["t2"]


def test_since_limits_event_rules():
    rules = parse_rules(RULES)
    merged = [
        ev("old", "THREATEN", "2024-06-01", context=["cbrn"]),
        ev("new", "THREATEN", "2024-07-05", context=["cbrn"]),
        ev("month", "THREATEN", "2024-07", context=["cbrn"], granularity="month"),
    ]
    keys = [a.key for a in evaluate_alerts(rules, merged, since=date(2024, 7, 1))]
    assert keys == ["month", "new"]  # sorted by day string: "2024-07" < "2024-07-05"


ESCALATION = [
    {
        "id": "jump",
        "description": "escalation",
        "escalation": {"dyad": "RUS-UKR", "jump_sd": 3, "window_days": 30},
    }
]


def _series(start: date, scores: list[float], event="CONSULT") -> list[MergedEvent]:
    out = []
    for i, s in enumerate(scores):
        d = (start + timedelta(days=i)).isoformat()
        out.append(ev(f"e{i}", event, d, score=s))
    return out


def test_escalation_jump_fires_on_spike():
    start = date(2024, 6, 1)
    merged = _series(start, [-1.0, -2.0] * 10)  # 20 days of low-level friction
    spike_day = (start + timedelta(days=20)).isoformat()
    merged.append(ev("s1", "ASSAULT", spike_day, mode=["aerial"]))  # -9.5
    merged.append(ev("s2", "ASSAULT", spike_day))  # -9
    merged.append(ev("other", "ASSAULT", spike_day, actors=("BLR",)))  # another dyad
    alerts = evaluate_alerts(parse_rules(ESCALATION), merged)
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.key == f"RUS-UKR@{spike_day}"
    assert alert.day == spike_day
    assert alert.merged_event_ids == ("s1", "s2")
    assert evaluate_alerts(parse_rules(ESCALATION), merged, already_fired={alert.fired}) == []
    assert evaluate_alerts(parse_rules(ESCALATION), merged, since=date(2024, 7, 1)) == []


def test_escalation_jump_quiet_on_flat_series():
    merged = _series(date(2024, 6, 1), [-3.0] * 40)  # sd 0, every day the same
    assert evaluate_alerts(parse_rules(ESCALATION), merged) == []
    wobbly = _series(date(2024, 6, 1), [-2.0, -3.0, -4.0, -3.0] * 10)
    assert evaluate_alerts(parse_rules(ESCALATION), wobbly) == []


def test_escalation_needs_history_and_star_covers_every_dyad():
    star = [{"id": "any", "description": "d", "escalation": {"dyad": "*", "jump_sd": 3, "window_days": 30}}]
    # a lone first-ever assault has no history: no escalation alert
    assert evaluate_alerts(parse_rules(star), [ev("a", "ASSAULT", "2024-07-01")]) == []
    merged = _series(date(2024, 6, 1), [0.5] * 10)
    merged.append(ev("s", "ASSAULT", "2024-06-11"))
    keys = [a.key for a in evaluate_alerts(parse_rules(star), merged)]
    assert keys == ["RUS-UKR@2024-06-11", "RUS@2024-06-11"]  # same day, same rule: by key


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"id": "r1", "description": "d", "event": "THREATN"}, "unknown PLOVER event type"),
        ({"id": "r1", "description": "d", "event": "MOBILIZE", "mode": "aerial"}, "not a PLOVER mode"),
        ({"id": "r1", "description": "d", "context": "nuclear"}, "unknown PLOVER context"),
        ({"id": "r1", "description": "d", "event": "ASSAULT", "colour": "red"}, "unknown key"),
        ({"id": "r1", "description": "d"}, "no condition"),
        ({"id": "r1", "event": "ASSAULT"}, "description"),
        ({"id": "r1", "description": "d", "min_sources": 0}, "min_sources"),
        ({"id": "r1", "description": "d", "actor": "Belarus"}, "three-letter"),
        ({"id": "r1", "description": "d", "escalation": {"dyad": "*", "jump_sd": 3}}, "window_days"),
        (
            {"id": "r1", "description": "d", "event": "ASSAULT", "escalation": {"dyad": "*"}},
            "one condition",
        ),
        (
            {
                "id": "r1",
                "description": "d",
                "escalation": {"dyad": "BLR/UKR", "jump_sd": 3, "window_days": 30},
            },
            "dyad",
        ),
        (
            {"id": "r1", "description": "d", "escalation": {"dyad": "*", "jump_sd": -1, "window_days": 30}},
            "jump_sd",
        ),
    ],
)
def test_bad_rule_names_the_rule(rule, message):
    with pytest.raises(ValueError, match=message) as info:
        parse_rules([rule])
    assert "'r1'" in str(info.value)


def test_bad_rule_files(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("- id: good\n  description: ok\n  event: ASSAULT\n- description: no id\n  event: AID\n")
    with pytest.raises(ValueError, match=r"rule #2: missing or empty 'id'"):
        load_rules(path)
    path.write_text("- id: a\n  description: x\n  event: AID\n- id: a\n  description: y\n  event: AID\n")
    with pytest.raises(ValueError, match="'a': duplicate id"):
        load_rules(path)
    path.write_text("- id: [unclosed\n")
    with pytest.raises(ValueError, match="not valid YAML"):
        load_rules(path)
    path.write_text("id: x\n")
    with pytest.raises(ValueError, match="expected a list"):
        load_rules(path)
    with pytest.raises(ValueError, match="cannot read"):
        load_rules(tmp_path / "missing.yaml")


def _jumps(**extra):
    spec = {"dyad": "RUS-UKR", "jump_sd": 3, "window_days": 10, "min_history": 2, **extra}
    return parse_rules([{"id": "jump", "description": "d", "escalation": spec}])


def test_min_events_asks_for_history_in_the_window():
    # two quiet days, then an assault: 3 events in the window with the day
    merged = [ev("c1", "CONSULT", "2024-06-01", score=0.5), ev("c2", "CONSULT", "2024-06-02", score=0.5),
              ev("a", "ASSAULT", "2024-06-04")]  # fmt: skip
    assert [a.key for a in evaluate_alerts(_jumps(), merged)] == ["RUS-UKR@2024-06-04"]
    assert [a.key for a in evaluate_alerts(_jumps(min_events=3), merged)] == ["RUS-UKR@2024-06-04"]
    assert evaluate_alerts(_jumps(min_events=4), merged) == []


def test_min_sources_asks_for_a_corroborated_day():
    merged = [ev("c1", "CONSULT", "2024-06-01", score=0.5), ev("a", "ASSAULT", "2024-06-04", sources=1),
              ev("b", "COERCE", "2024-06-04", sources=2, score=-1)]  # fmt: skip
    assert [a.merged_event_ids for a in evaluate_alerts(_jumps(min_sources=2), merged)] == [("a", "b")]
    assert evaluate_alerts(_jumps(min_sources=3), merged) == []


def test_cooldown_keeps_one_alert_per_dyad_and_period():
    quiet = [ev(f"c{i}", "CONSULT", f"2024-06-{i:02d}", score=0.5) for i in range(1, 4)]
    spikes = [ev(f"s{d}", "ASSAULT", f"2024-06-{d:02d}") for d in (5, 8, 12, 13)]
    keys = [a.key for a in evaluate_alerts(_jumps(jump_sd=0.5), quiet + spikes)]
    assert keys == ["RUS-UKR@2024-06-05", "RUS-UKR@2024-06-08", "RUS-UKR@2024-06-12", "RUS-UKR@2024-06-13"]
    cooled = evaluate_alerts(_jumps(jump_sd=0.5, cooldown_days=5), quiet + spikes)
    assert [a.key for a in cooled] == ["RUS-UKR@2024-06-05", "RUS-UKR@2024-06-12"]
    # a stored alert cools the days around it, earlier days too
    history = [("jump", "RUS-UKR@2024-06-10", "2024-06-10")]
    later = evaluate_alerts(_jumps(jump_sd=0.5, cooldown_days=5), quiet + spikes, history=history)
    assert [a.key for a in later] == ["RUS-UKR@2024-06-05"]
    other_dyad = [("jump", "BLR-UKR@2024-06-05", "2024-06-05")]
    assert evaluate_alerts(_jumps(jump_sd=0.5, cooldown_days=5), quiet + spikes, history=other_dyad) == cooled


def test_digest_groups_alerts_per_rule_and_period():
    rules = parse_rules([
        {"id": "daily", "description": "d", "event": "ASSAULT", "digest": "day"},
        {"id": "weekly", "description": "w", "event": "THREATEN", "digest": "week"},
        {"id": "now", "description": "n", "event": "COERCE"},
    ])  # fmt: skip
    merged = [ev("a1", "ASSAULT", "2024-07-01"), ev("a2", "ASSAULT", "2024-07-01"), ev("a3", "ASSAULT", "2024-07-02"),
              ev("t1", "THREATEN", "2024-07-03"), ev("t2", "THREATEN", "2024-07-07"), ev("t3", "THREATEN", "2024-07-08"),
              ev("c1", "COERCE", "2024-07-01"), ev("c2", "COERCE", "2024-07-01")]  # fmt: skip
    digests = build_digests(evaluate_alerts(rules, merged), rules)
    grouped = {(d.rule_id, d.start): [a.key for a in d.alerts] for d in digests if d.period}
    assert grouped == {
        ("daily", "2024-07-01"): ["a1", "a2"],
        ("daily", "2024-07-02"): ["a3"],
        ("weekly", "2024-07-01"): ["t1", "t2"],  # Monday 1 July .. Sunday 7 July
        ("weekly", "2024-07-08"): ["t3"],
    }
    assert [[a.key for a in d.alerts] for d in digests if d.period is None] == [["c1"], ["c2"]]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"digest": "hourly", "event": "ASSAULT"}, "'digest' must be one of day, week"),
        ({"escalation": {"dyad": "*", "jump_sd": 3, "window_days": 30, "min_events": 0}}, "'min_events'"),
        (
            {"escalation": {"dyad": "*", "jump_sd": 3, "window_days": 30, "cooldown_days": -1}},
            "'cooldown_days'",
        ),
        ({"escalation": {"dyad": "*", "jump_sd": 3, "window_days": 30, "min_sources": 1.5}}, "'min_sources'"),
    ],
)
def test_new_rule_keys_are_checked(spec, message):
    with pytest.raises(ValueError, match=message):
        parse_rules([{"id": "r", "description": "d", **spec}])


def test_default_escalation_rule_asks_for_evidence():
    (jump,) = [r for r in load_rules() if isinstance(r.condition, EscalationCondition)]
    assert jump.condition.min_events >= 2 and jump.condition.min_sources >= 2
    assert jump.condition.cooldown_days > 0 and jump.digest == "day"
    # a dyad's first serious event after two quiet days does not fire any more
    merged = [ev("c1", "CONSULT", "2024-06-01", score=0.5)] + [
        ev(f"c{i}", "CONSULT", f"2024-06-{i:02d}", score=0.5) for i in range(2, 10)
    ]
    merged.append(ev("a", "ASSAULT", "2024-06-20"))
    assert evaluate_alerts([jump], merged) == []
    merged.append(ev("b", "ASSAULT", "2024-06-20", actors=("RUS",), sources=2))
    assert [a.key for a in evaluate_alerts([jump], merged)] == ["RUS-UKR@2024-06-20", "RUS@2024-06-20"]
