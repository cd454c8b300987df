"""The rule registry: each rule's pattern, priority and anchor words, declared beside its handler.

A rule module declares a rule with the :func:`rule` decorator on its handler::

    @rule("md", rf"(?<![\\w.])(?P<mon>{P['month']})\\s+(?P<day>{P['day']})", priority=80,
          anchors=("months",), margins=MONTH_FIRST)
    def full_date(m, ctx): ...

(decorators stack when several patterns share a handler) or, for a handler made by a factory,
with ``add_rule(Rule(...))``.  Every candidate of every rule is collected and the longest one wins
(then the earliest); between candidates with the same span the rule with the lower ``priority``
wins, so priorities are unique.  Patterns are compiled case-insensitively, once, on first use.

A rule is only tried near its anchor tokens (see :mod:`~redline.annotate.times.anchors`):
``anchors`` names word classes ("months", "units", "years" ...), ``words`` adds single words,
``margins`` is how far (characters left, right) around an anchor its match may reach.

A handler returns ``(value, type, granularity)`` or None (no expression here).  One that raises is
a bug: :func:`apply` logs it and skips that match (an article never fails over one date), but
re-raises when ``REDLINE_STRICT`` is set in the environment, as the test suite does.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, TypeVar

from redline.annotate.times.context import Ctx

log = logging.getLogger(__name__)

STRICT_ENV = "REDLINE_STRICT"

Result = tuple[str | None, str, str | None] | None  # (value, type, granularity)


class Groups(Protocol):
    """What handlers read from a match: named groups and the start (a ``re.Match`` or a view of one)."""

    def __getitem__(self, key: str, /) -> str | None: ...

    def groupdict(self) -> dict[str, str | None]: ...

    def start(self) -> int: ...


Handler = Callable[[re.Match[str], Ctx], Result]
H = TypeVar("H", bound=Handler)

# (left, right) characters around an anchor token that a rule's match must fit in
DEFAULT_MARGINS = (48, 64)
UNIT_LAST = (44, 24)  # the anchor (a unit word) ends the expression: "three years ago"
MONTH_FIRST = (24, 40)  # the anchor (a month) opens it: "March 3, 2024"
YEAR_LAST = (30, 24)  # the anchor (a year) ends it: "fiscal 1998"


@dataclass(frozen=True)
class Rule:
    """One pattern and the handler that turns its match into a TIMEX3 value."""

    name: str
    pattern: str
    handler: Handler
    priority: int
    anchors: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    margins: tuple[int, int] = DEFAULT_MARGINS
    report: str | None = None  # the named group that is the expression when the match is wider


_REGISTERED: list[Rule] = []


def add_rule(r: Rule) -> Rule:
    """Register a rule (before the first call of :func:`rules`)."""
    if rules.cache_info().currsize:
        raise RuntimeError(f"time rule {r.name!r} registered after the rules were compiled")
    _REGISTERED.append(r)
    return r


def rule(
    name: str,
    pattern: str,
    *,
    priority: int,
    anchors: tuple[str, ...] = (),
    words: tuple[str, ...] = (),
    margins: tuple[int, int] = DEFAULT_MARGINS,
    report: str | None = None,
) -> Callable[[H], H]:
    """Decorator: register ``pattern`` with the decorated handler (returned unchanged)."""

    def register(handler: H) -> H:
        add_rule(Rule(name, pattern, handler, priority, anchors, words, margins, report))
        return handler

    return register


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[Rule, re.Pattern[str]], ...]:
    """Every registered rule with its compiled pattern, by priority (names and priorities unique)."""
    ordered = sorted(_REGISTERED, key=lambda r: r.priority)
    for attr in ("name", "priority"):
        seen: set[object] = set()
        for r in ordered:
            if getattr(r, attr) in seen:
                raise ValueError(f"two time rules share the {attr} {getattr(r, attr)!r}")
            seen.add(getattr(r, attr))
    return tuple((r, re.compile(r.pattern, re.I)) for r in ordered)


def apply(r: Rule, m: re.Match[str], ctx: Ctx) -> Result:
    """The rule's handler on a match; a handler that raises is logged and skipped (None),
    or re-raised when ``REDLINE_STRICT`` is set."""
    try:
        return r.handler(m, ctx)
    except Exception:
        if os.environ.get(STRICT_ENV):
            raise
        log.warning("time rule %r failed on %r; match skipped", r.name, m.group(), exc_info=True)
        return None


# ---------------------------------------------------------------------------------------------
# views of a match for handlers shared between rules


class Swap:
    """A match whose month and day may sit in either order (``mon``/``day`` or ``mon2``/``day2``)."""

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def __getitem__(self, k: str) -> str | None:
        m = self._m
        if k == "mon":
            return m["mon"] or m["mon2"]
        if k == "day":
            return m["day"] or m["day2"]
        return m[k]

    def groupdict(self) -> dict[str, str | None]:
        return self._m.groupdict()

    def start(self) -> int:
        return self._m.start()


class Fixed:
    """A match whose named groups are partly fixed by the rule."""

    def __init__(self, m: re.Match[str], **fixed: str | None) -> None:
        self._m = m
        self._fixed = fixed

    def __getitem__(self, k: str) -> str | None:
        return self._fixed[k] if k in self._fixed else self._m[k]

    def groupdict(self) -> dict[str, str | None]:
        return {**self._m.groupdict(), **self._fixed}

    def start(self) -> int:
        return self._m.start()
