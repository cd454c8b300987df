"""The package-data loader: every module reads redline/data through redline.data."""

import re
from pathlib import Path

from redline import data

SRC = Path(__file__).resolve().parents[1] / "src" / "redline"
NOT_YET: set[str] = set()


def test_load_json_is_cached_and_shared():
    first = data.load_json("coder/rules.json")
    assert first is data.load_json("coder/rules.json")
    assert "light_verbs" in first and "verb_events" in first


def test_read_json_is_not_cached():
    assert data.read_json("plover/codebook.json") is not data.read_json("plover/codebook.json")
    assert data.read_json("plover/codebook.json") == data.load_json("plover/codebook.json")


def test_load_tsv_skips_comments_and_keeps_empty_fields():
    rows = data.load_tsv("plover/nouns.tsv")
    assert rows is data.load_tsv("plover/nouns.tsv")
    assert all(not row["noun"].startswith("#") for row in rows)
    assert set(rows[0]) == {"noun", "event", "mode", "context", "note"}
    attack = next(row for row in rows if row["noun"] == "attack")
    assert (attack["event"], attack["mode"]) == ("ASSAULT", "-")


def test_text_and_folder_listing():
    assert data.load_text("alerts.yaml").lstrip().startswith("#")
    names = data.names_in("training", ".jsonl")
    assert names and all(n.startswith("training/") and n.endswith(".jsonl") for n in names)
    assert names == sorted(names)
    assert data.resource("places/gazetteer.bin").is_file()


def test_no_module_reads_package_data_by_itself():
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("data/") or rel in NOT_YET:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"resources\.files\(|importlib import resources|/ \"data\"", text):
            offenders.append(rel)
    assert offenders == []
