"""Sanity checks for the hand-written event-classifier training data (data/training/*.jsonl)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from redline.code.plover import CONTEXTS, EVENT_TYPES, valid_modes

TRAINING = Path(__file__).resolve().parent.parent / "src" / "redline" / "data" / "training"
FILES = sorted(TRAINING.glob("*.jsonl")) + sorted(TRAINING.glob("voa/*.jsonl"))
CODE = re.compile(r"^[A-Z]{3}$")
KEYS = {"text", "event", "mode", "context", "actor", "recipient", "published"}


def _rows(path: Path) -> list[tuple[int, dict]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            rows.append((n, json.loads(line)))
    return rows


def test_training_files_exist():
    assert FILES, f"no *.jsonl files in {TRAINING}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_lines_are_valid(path: Path):
    problems = []
    for n, row in _rows(path):
        where = f"{path.name}:{n}"
        if not isinstance(row, dict) or not KEYS <= set(row):
            problems.append(f"{where}: missing keys {KEYS - set(row or {})}")
            continue
        text, event, mode = row["text"], row["event"], row["mode"]
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: empty text")
        if event is not None and event not in EVENT_TYPES:
            problems.append(f"{where}: unknown event {event!r}")
            continue
        if mode is not None and (event is None or mode not in valid_modes(event)):
            problems.append(f"{where}: mode {mode!r} not valid for {event!r}")
        if not isinstance(row["context"], list) or not set(row["context"]) <= CONTEXTS:
            problems.append(f"{where}: bad context {row['context']!r}")
        for field in ("actor", "recipient"):
            codes = row[field]
            if not isinstance(codes, list) or not all(isinstance(c, str) and CODE.match(c) for c in codes):
                problems.append(f"{where}: bad {field} {codes!r}")
        if event is not None and not row["actor"]:
            problems.append(f"{where}: event {event} without actor")
        try:
            dt.date.fromisoformat(row["published"])
        except (TypeError, ValueError):
            problems.append(f"{where}: bad published {row['published']!r}")
    assert not problems, "\n".join(problems)


def test_texts_unique_across_files():
    seen: dict[str, str] = {}
    dups = []
    for path in FILES:
        for n, row in _rows(path):
            key = " ".join(row["text"].split()).lower()
            if key in seen:
                dups.append(f"{path.name}:{n} duplicates {seen[key]}")
            else:
                seen[key] = f"{path.name}:{n}"
    assert not dups, "\n".join(dups)
