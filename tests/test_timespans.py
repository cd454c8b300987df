"""The one date module: days, spans, command bounds and the scorer's day; `--since 2024-W27` alike in every command."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from datetime import date, datetime

import pytest

from redline.cli import main
from redline.corroborate.alerts import Alert
from redline.corroborate.merge import merge_reports
from redline.records import Actor, Document, Event
from redline.store import Store
from redline.timespans import date_bounds, parse_bound, scoring_day, to_day


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-07-02", (date(2024, 7, 2), date(2024, 7, 2))),
        ("2024-07-02T10:30:00", (date(2024, 7, 2), date(2024, 7, 2))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2024-W27", (date(2024, 7, 1), date(2024, 7, 7))),
        ("2024-Q3", (date(2024, 7, 1), date(2024, 9, 30))),
        ("2024", (date(2024, 1, 1), date(2024, 12, 31))),
        ("199X", (date(1990, 1, 1), date(1999, 12, 31))),
        ("PAST_REF", None),
        ("2024-13", None),
        (None, None),
    ],
)
def test_date_bounds(value, expected):
    assert date_bounds(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-07-02", date(2024, 7, 2)),
        ("2024-07-02T23:30:00+02:00", date(2024, 7, 2)),  # the day as written, not moved to UTC
        ("20240702", date(2024, 7, 2)),
        (datetime(2024, 7, 2, 23, 30), date(2024, 7, 2)),
        (date(2024, 7, 2), date(2024, 7, 2)),
        ("2024-07", None),
        ("2024-W27", None),  # a week names no single day
        ("2024-02-30", None),
        ("", None),
        (None, None),
    ],
)
def test_to_day(value, expected):
    assert to_day(value) == expected


def test_parse_bound_takes_every_date_form():
    assert parse_bound("2024-W27", "since") == date(2024, 7, 1)
    assert parse_bound("2024-W27", "until") == date(2024, 7, 7)
    assert parse_bound("2024-02", "until") == date(2024, 2, 29)
    assert parse_bound("2024-Q3", "since") == date(2024, 7, 1)
    assert parse_bound(None, "since") is None
    with pytest.raises(ValueError, match=r"invalid --until date 'soon' \(use .*YYYY-Www"):
        parse_bound("soon", "until")


SCORER_CASES = [
    ("2024-07-02", date(2024, 7, 2)),
    ("2024-07-02T10:00", date(2024, 7, 2)),
    ("2024-07", date(2024, 7, 15)),
    ("2024", date(2024, 7, 1)),
    ("2024-W27", None),
    ("2024-Q3", None),
    ("199X", None),
    ("PAST_REF", None),
    ("2024-02-30", None),
    ("2024-13", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize("value, expected", SCORER_CASES)
def test_scoring_day_is_the_scorers_convention(value, expected):
    assert scoring_day(value) == expected


def test_scoring_day_agrees_with_the_shared_scorer(shared_dir):
    spec = importlib.util.spec_from_file_location("shared_score", shared_dir / "acceptance" / "score.py")
    assert spec is not None and spec.loader is not None
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    for value, _ in SCORER_CASES:
        assert scoring_day(value) == score.day(value), value


# -------------------------------------------------------------- --since 2024-W27 in every command

# Sunday 30 June 2024 is the last day before ISO week 27 of 2024, Monday 1 July its first.
DAYS = {"ASSAULT": "2024-06-30", "THREATEN": "2024-07-01", "COERCE": "2024-07-03"}


@pytest.fixture
def week_db(tmp_path):
    """A store with one RUS -> UKR event on each of DAYS (different types: three merged events)
    and one stored alert per event, dated like it."""
    path = tmp_path / "w.duckdb"
    text = "Russia struck Ukraine."
    events = [
        Event(event=kind, actor=[Actor("Russia", "RUS")], recipient=[Actor("Ukraine", "UKR")], date=day,
              date_granularity="day", event_text=text, evidence={"start": 0, "end": len(text)})
        for kind, day in DAYS.items()
    ]
    with Store(path) as store:
        store.add(Document(id="d", path="d.txt", text=text, published="2024-07-04", events=events))
        merged = merge_reports(store.event_reports())
        store.replace_merged(merged)
        store.add_alerts([Alert("r", m.event, m.id, m.date, (m.id,)) for m in merged])
    return str(path)


def _dates_seen(argv, capsys, field):
    assert main(argv) == 0
    return sorted(json.loads(line)[field] for line in capsys.readouterr().out.splitlines())


WEEK_DAYS = [DAYS["THREATEN"], DAYS["COERCE"]]


def test_events_since_a_week_is_from_its_monday(week_db, capsys):
    base = ["events", "--db", week_db, "--format", "jsonl"]
    assert _dates_seen(base, capsys, "date") == sorted(DAYS.values())
    assert _dates_seen([*base, "--since", "2024-W27"], capsys, "date") == WEEK_DAYS
    assert _dates_seen([*base, "--merged", "--since", "2024-W27"], capsys, "date") == WEEK_DAYS
    assert _dates_seen([*base, "--until", "2024-W26"], capsys, "date") == [DAYS["ASSAULT"]]


def test_alerts_since_a_week_is_from_its_monday(week_db, capsys):
    base = ["alerts", "--db", week_db, "--format", "jsonl"]
    assert _dates_seen(base, capsys, "day") == sorted(DAYS.values())
    assert _dates_seen([*base, "--since", "2024-W27"], capsys, "day") == WEEK_DAYS


def test_escalation_since_a_week_is_from_its_monday(week_db, capsys):
    def index(*bounds: str) -> list[dict[str, str]]:
        argv = ["escalation", "--db", week_db, "--dyad", "RUS-UKR", *bounds, "--format", "csv"]
        assert main(argv) == 0
        return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))

    rows = index("--since", "2024-W27", "--until", "2024-W27")
    assert [r["day"] for r in rows] == [f"2024-07-0{d}" for d in range(1, 8)]
    assert [r["day"] for r in rows if int(r["events"])] == WEEK_DAYS
    # Sunday's event is before the range: not a row, but in the 7-day mean of the week's first day
    [sunday] = [r for r in index() if r["day"] == DAYS["ASSAULT"]]
    assert float(sunday["score"]) < 0
    expected = (float(sunday["score"]) + float(rows[0]["score"])) / 7
    assert float(rows[0]["rolling7"]) == pytest.approx(expected, abs=1e-4)  # the CSV has 4 decimals


@pytest.mark.parametrize("command", ["events", "alerts", "escalation"])
def test_a_bad_since_is_refused_alike(week_db, capsys, command):
    extra = ["--dyad", "RUS-UKR"] if command == "escalation" else []
    assert main([command, "--db", week_db, *extra, "--since", "2024-W60"]) == 2
    assert "invalid --since date '2024-W60' (use YYYY-MM-DD, YYYY-MM, YYYY-Www" in capsys.readouterr().err
