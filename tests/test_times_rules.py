"""Tests for the rule registry of redline.annotate.times: failing handlers surface, rules are declared once."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path

import pytest

from redline.annotate.times import days, find_times
from redline.annotate.times.context import Ctx
from redline.annotate.times.registry import STRICT_ENV, Rule, add_rule, rules

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PUB = dt.date(2024, 7, 3)


def _boom(*args: object) -> None:
    raise ZeroDivisionError("broken helper")


def test_a_failing_handler_raises_under_strict_and_is_skipped_in_production(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    text = "Talks opened on 2024-07-02, officials said yesterday."
    assert [(t.text, t.value) for t in find_times(text, PUB)] == [
        ("2024-07-02", "2024-07-02"),
        ("yesterday", "2024-07-02"),
    ]
    monkeypatch.setattr(days, "safe_date", _boom)  # breaks the ISO-date rule's handler
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(ZeroDivisionError):
        find_times(text, PUB)
    monkeypatch.delenv(STRICT_ENV)
    with caplog.at_level(logging.WARNING, logger="redline.annotate.times.registry"):
        found = find_times(text, PUB)
    # the broken match is skipped, the rest of the text is still read
    assert [(t.text, t.value) for t in found] == [("yesterday", "2024-07-02")]
    assert "'iso'" in caplog.text and "ZeroDivisionError" in caplog.text


def _texts() -> list[tuple[str, str | None]]:
    """(text, publication date) of the repository's example and fixture articles, and of the dev
    gold and corpora in ../shared when present."""
    out: list[tuple[str, str | None]] = []
    for path in sorted((ROOT / "examples").glob("*.txt")) + sorted(
        (ROOT / "tests" / "fixtures").rglob("*.txt")
    ):
        out.append((path.read_text(encoding="utf-8", errors="replace"), "2024-07-03"))
    timebank = SHARED / "eval" / "timebank-aquaint-dev.jsonl"
    if timebank.exists():
        for line in timebank.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                out += [(doc["text"], doc.get("dct")), (doc["text"], None)]
    for path in sorted((SHARED / "eval" / "articles").glob("*.txt")):
        out.append((path.read_text(encoding="utf-8"), "2025-01-06"))
    voa = SHARED / "corpora" / "voa" / "articles.jsonl"
    if voa.exists():
        for line in voa.read_text(encoding="utf-8").splitlines():
            if line.strip():
                sentences = json.loads(line).get("sentences") or []
                out.append((" ".join(s["text"] for s in sentences), "2009-12-09"))
    return out


def test_no_rule_fails_on_the_test_corpus_and_timebank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STRICT_ENV, "1")
    texts = _texts()
    assert len(texts) >= 5
    found = 0
    for text, published in texts:
        for t in find_times(text, published):  # raises if any handler does
            assert text[t.start : t.end] == t.text
            found += 1
    assert found > len(texts)


def test_every_rule_has_anchors_so_that_it_runs() -> None:
    # a rule is only tried in windows around its anchor tokens: one without any would never match
    table = rules()
    assert len(table) > 50
    assert [r.name for r, _ in table if not (r.anchors or r.words)] == []


def test_a_rule_registered_after_the_rules_are_compiled_is_refused() -> None:
    rules()

    def handler(m: re.Match[str], ctx: Ctx) -> None:
        return None

    with pytest.raises(RuntimeError):
        add_rule(Rule("late", r"\blate\b", handler, priority=10_000, words=("late",)))
    assert "late" not in [r.name for r, _ in rules()]
