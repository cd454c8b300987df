"""The PLOVER v0.8 codebook: event types, quad classes, scores, modes, contexts, sectors.

Compiled from the PLOVER manual (CC BY-SA 4.0, Open Event Data Alliance) by
``tools/compile_plover.py`` into ``data/plover/codebook.json``; see ``data/plover/NOTICE``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from redline.data import load_json

AUX_MODES: tuple[str, ...] = ("historical", "future", "hypothetical", "negation")


@cache
def codebook() -> dict[str, Any]:
    """The compiled codebook (cached; treat as read-only)."""
    return load_json("plover/codebook.json")


@cache
def _cameo_map() -> dict[str, Any]:
    return load_json("plover/cameo2plover.json")["codes"]


EVENT_TYPES: tuple[str, ...] = tuple(codebook()["event_types"])
CONTEXTS: frozenset[str] = frozenset(codebook()["contexts"])
SECTORS: frozenset[str] = frozenset(codebook()["sectors"])


def _event(event: str) -> dict[str, Any]:
    try:
        return codebook()["events"][event.upper()]
    except KeyError:
        raise ValueError(f"not a PLOVER event type: {event!r}") from None


def quad_class(event: str) -> str:
    """'verbal_cooperation' | 'material_cooperation' | 'verbal_conflict' | 'material_conflict'."""
    return str(_event(event)["quad_class"])


def quad_code(event: str) -> int:
    """PLOVER's numeric quad code 1..4 (same order as :func:`quad_class`)."""
    return int(_event(event)["quad_code"])


def valid_modes(event: str) -> set[str]:
    """The v0.8 modes of ``event`` (auxiliary modes not included)."""
    return set(_event(event)["modes"])


def is_valid_mode(event: str, mode: str) -> bool:
    return mode in AUX_MODES or mode in _event(event)["modes"]


def base_score(event: str) -> float:
    return float(_event(event)["base_score"])


def event_score(event: str, modes: Sequence[str] = ()) -> float:
    """PLOVER conflict/cooperation score (-10..+10).

    A mode with its own score in the manual replaces the base score; with several scored modes
    the most extreme one (largest magnitude) wins. Unknown, unscored and auxiliary modes are
    ignored.
    """
    ev = _event(event)
    scored = [float(ev["modes"][m]) for m in modes if ev["modes"].get(m) is not None]
    if not scored:
        return float(ev["base_score"])
    return max(scored, key=abs)


def cameo_to_plover(code: str) -> tuple[str | None, str | None, tuple[str, ...]] | None:
    """CAMEO code -> (event, mode, contexts) via the 2021 mapping, falling back to the 3- then
    2-digit parent. Statements (01) and appeals (02) give ``(None, None, ())``; unknown codes None.
    """
    if not code or not code.isdigit():
        return None
    table = _cameo_map()
    for n in (len(code), 3, 2):
        hit = table.get(code[:n])
        if hit is not None:
            return hit["event"], hit["mode"], tuple(hit["context"])
    return None
