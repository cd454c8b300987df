"""Rendering (redline.render): escalation tables, CSV and PNG charts from constructed merged events."""

from __future__ import annotations

import csv
import io

from conftest import merged_event

from redline.corroborate.escalation import escalation_index
from redline.render import (
    draw_escalation_png,
    escalation_table,
    event_label,
    rows_csv,
    write_escalation_csv,
)

ev = merged_event


def test_csv_header_and_table():
    rows = escalation_index([ev("a", "ASSAULT", "2024-07-01"), ev("b", "AID", "2024-07-01")], "RUS-UKR")
    out = io.StringIO()
    write_escalation_csv(rows, out)
    parsed = list(csv.reader(io.StringIO(out.getvalue())))
    assert parsed[0] == [
        "day",
        "dyad",
        "score",
        "events",
        "verbal_cooperation",
        "material_cooperation",
        "verbal_conflict",
        "material_conflict",
        "rolling7",
        "top",
    ]
    assert parsed[1][:4] == ["2024-07-01", "RUS-UKR", "1", "2"]
    assert parsed[1][-1] == "b;a"
    table = escalation_table(rows)
    assert table.splitlines()[0].split()[:3] == ["day", "dyad", "score"]
    assert "2024-07-01" in table and "RUS-UKR" in table


def test_png_is_written(tmp_path):
    merged = [
        ev("a", "ASSAULT", "2024-07-02", mode=["aerial"]),
        ev("b", "THREATEN", "2024-07-05"),
        ev("c", "CONSULT", "2024-07-09"),
        ev("d", "MOBILIZE", "2024-07-15", mode=["troops"]),
        ev("e", "ACCUSE", "2024-07-20"),
        ev("f", "ASSAULT", "2024-07-20"),
    ]
    rows = escalation_index(merged, "RUS-UKR")
    path = draw_escalation_png(rows, tmp_path / "index.png", {m.id: m for m in merged})
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000
    empty = draw_escalation_png([], tmp_path / "empty.png", {})
    assert empty.read_bytes()[:4] == b"\x89PNG"


def test_event_label_names_type_dyad_and_date():
    assert event_label(ev("a", "ASSAULT", "2024-07-02", actors=("RUS", "BLR"))) == "ASSAULT RUS+BLR→UKR 2024-07-02"
    assert event_label(ev("b", "MOBILIZE", None, recipients=())) == "MOBILIZE RUS"


def test_rows_csv_joins_lists_and_keeps_a_header_when_empty():
    rows = [{"id": "ev-1", "actor_codes": ["RUS", "BLR"], "sources": 2}, {"id": "ev-2", "actor_codes": [], "sources": 1}]
    assert list(csv.reader(io.StringIO(rows_csv(rows)))) == [
        ["id", "actor_codes", "sources"],
        ["ev-1", "RUS;BLR", "2"],
        ["ev-2", "", "1"],
    ]
    assert rows_csv([]).strip() == "id"
