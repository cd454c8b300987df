"""The coder's rule tables (``data/coder/rules.json``), loaded once for every coding module."""

from __future__ import annotations

from functools import cache
from typing import Any

from redline.data import load_json


@cache
def rules() -> dict[str, Any]:
    """``rules.json`` with its word lists as sets (cached; treat as read-only)."""
    loaded = load_json("coder/rules.json")
    return {k: (set(v) if isinstance(v, list) else v) for k, v in loaded.items()}


@cache
def speech_verbs() -> frozenset[str]:
    """Every verb of saying the rules list: reporting, accusing and those with a content."""
    r = rules()
    return frozenset(r["report_verbs"] | r["accuse_verbs"] | r["content_verbs"])
