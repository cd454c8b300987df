"""The daily escalation index over merged events (no pipeline; constructed MergedEvents)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import merged_event

from redline.code.plover import event_score
from redline.corroborate.escalation import (
    IndexRow,
    all_dyads,
    dyads_of,
    escalation_index,
    score_of,
)

ev = merged_event


def test_accuse_scores_minus_three():
    assert event_score("ACCUSE") == -3.0
    assert score_of(ev("a", "ACCUSE", "2024-07-01")) == -3.0
    # a record scored with the manual's sign typo is corrected
    assert score_of(ev("b", "ACCUSE", "2024-07-01", score=3.0)) == -3.0
    # a stored score wins over the codebook otherwise
    assert score_of(ev("c", "ASSAULT", "2024-07-01", score=-8.0)) == -8.0
    assert score_of(ev("d", "ASSAULT", "2024-07-01", mode=["aerial"])) == -9.5


def test_daily_sums_and_quad_counts():
    merged = [
        ev("e1", "ASSAULT", "2024-07-02"),  # -9 material conflict
        ev("e2", "ACCUSE", "2024-07-02"),  # -3 verbal conflict
        ev("e3", "CONSULT", "2024-07-02", mode=["visit"]),  # +4 verbal cooperation
        ev("e4", "AID", "2024-07-04"),  # +10 material cooperation
        ev("e5", "SANCTION", "2024-07-04"),  # -6 material conflict (codebook grouping)
    ]
    rows = escalation_index(merged, "RUS-UKR")
    assert [r.day for r in rows] == [date(2024, 7, 2), date(2024, 7, 3), date(2024, 7, 4)]
    first, empty, last = rows
    assert first.score == pytest.approx(-8.0)
    assert first.events == 3
    assert (
        first.verbal_cooperation,
        first.material_cooperation,
        first.verbal_conflict,
        first.material_conflict,
    ) == (
        1,
        0,
        1,
        1,
    )
    assert first.top == ("e1", "e3", "e2")  # by |score|: 9, 4, 3
    assert (empty.score, empty.events, empty.top) == (0.0, 0, ())
    assert last.score == pytest.approx(4.0)
    assert (last.material_cooperation, last.material_conflict) == (1, 1)
    assert all(r.dyad == "RUS-UKR" for r in rows)


def test_rolling_mean_counts_filled_days():
    merged = [ev("a", "ASSAULT", "2024-07-01", score=-7.0), ev("b", "ASSAULT", "2024-07-09", score=-14.0)]
    rows = escalation_index(merged, "RUS-UKR")
    assert len(rows) == 9  # 1st..9th, empty days filled
    assert rows[0].rolling7 == pytest.approx(-1.0)  # -7 / 7
    assert rows[6].rolling7 == pytest.approx(-1.0)  # 7th: window 1st..7th
    assert rows[7].rolling7 == pytest.approx(0.0)  # 8th: window 2nd..8th
    assert rows[8].rolling7 == pytest.approx(-2.0)  # 9th: -14 / 7


def test_since_until_keep_history_for_rolling_mean():
    merged = [ev("a", "ASSAULT", "2024-07-01", score=-7.0), ev("b", "THREATEN", "2024-07-20")]
    rows = escalation_index(merged, "RUS-UKR", since=date(2024, 7, 3), until=date(2024, 7, 5))
    assert [r.day.day for r in rows] == [3, 4, 5]
    assert all(r.events == 0 for r in rows)
    assert rows[0].rolling7 == pytest.approx(-1.0)  # the 1st is within 7 days of the 3rd
    assert escalation_index([], "RUS-UKR") == []


def test_dyads_are_ordered_pairs_and_actor_countries():
    e = ev("x", "MOBILIZE", "2024-07-01", actors=("RUS", "BLR"), recipients=("UKR", "BLR"))
    assert dyads_of(e) == ["RUS-UKR", "RUS-BLR", "BLR-UKR", "RUS", "BLR"]  # no BLR-BLR
    merged = [e, ev("y", "ACCUSE", "2024-07-01", actors=("UKR",), recipients=("RUS",))]
    assert all_dyads(merged) == ["BLR", "BLR-UKR", "RUS", "RUS-BLR", "RUS-UKR", "UKR", "UKR-RUS"]
    # direction matters: what UKR does to RUS is not what RUS does to UKR
    assert [r.events for r in escalation_index(merged, "UKR-RUS")] == [1]
    assert [r.score for r in escalation_index(merged, "UKR-RUS")] == [-3.0]
    assert [r.events for r in escalation_index(merged, "RUS-UKR")] == [1]
    # a single country counts the events where it acts, not where it is the recipient
    assert [r.events for r in escalation_index(merged, "BLR")] == [1]
    assert [r.events for r in escalation_index(merged, "UKR")] == [1]
    assert escalation_index(merged, "BLR-BLR") == []


def test_coarse_dates_are_skipped_and_counted():
    merged = [
        ev("d", "ASSAULT", "2024-07-02"),
        ev("m", "ASSAULT", "2024-07", granularity="month"),
        ev("y", "ASSAULT", "2024", granularity="year"),
        ev("w", "ASSAULT", "2024-07-01", granularity="week"),
        ev("n", "ASSAULT", None, granularity=None),
        ev("old", "ASSAULT", "2023-05", granularity="month"),
    ]
    rows = escalation_index(merged, "RUS-UKR")
    assert [(r.day, r.events) for r in rows] == [(date(2024, 7, 2), 1)]
    assert rows.skipped == 5
    assert rows.skipped_ids == ("m", "n", "old", "w", "y")
    ranged = escalation_index(merged, "RUS-UKR", since=date(2024, 6, 1), until=date(2024, 7, 31))
    assert ranged.skipped_ids == ("m", "n", "w", "y")  # 2023-05 lies outside


def test_index_row_is_plain_dataclass():
    row = escalation_index([ev("a", "AID", "2024-07-01")], "RUS")[0]
    assert isinstance(row, IndexRow)
    assert row.dyad == "RUS" and row.score == 10.0
