"""From TIMEX3 values to event dates.

An event's ``date`` is a calendar string the scorers and users can compare: a day
(2024-07-02), a month (2024-06) or a year (2024). Weeks become their Monday and weekends
their Saturday, with the granularity kept beside the date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import get_args

from redline.records import DateGranularity
from redline.timespans import date_bounds

DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
YEAR = re.compile(r"^(\d{4})$")
SEASON_OR_QUARTER = re.compile(r"^(\d{4})-(?:SP|SU|FA|WI|Q[1-4]|H[12])$")


def event_date(value: str | None, published: dt.date | None) -> tuple[str | None, str | None]:
    """TIMEX3 *value* -> (date string, granularity), or (None, None) when it names no period."""
    if not value:
        return None, None
    if value == "PRESENT_REF":
        return (published.isoformat(), "day") if published else (None, None)
    if m := DAY.match(value):
        return f"{m[1]}-{m[2]}-{m[3]}", "day"
    if m := WEEK.match(value):
        try:
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None, None
        if m[3]:
            return (monday + dt.timedelta(days=5)).isoformat(), "weekend"
        return monday.isoformat(), "week"
    if MONTH.match(value):
        return value, "month"
    if YEAR.match(value):
        return value, "year"
    if m := SEASON_OR_QUARTER.match(value):
        return m[1], "year"
    return None, None


def dates_compatible(
    a: str | None, b: str | None, granularity_a: str | None = None, granularity_b: str | None = None
) -> bool:
    """True when two event dates can denote the same event (equal, or one period contains the other)."""
    if a is None or b is None:
        return a == b
    ra, rb = date_bounds(a), date_bounds(b)
    if ra is None or rb is None:
        return a == b
    slack = dt.timedelta(days=1 if "weekend" in (granularity_a, granularity_b) else 0)
    if "week" in (granularity_a, granularity_b):
        slack = dt.timedelta(days=6)
    return (
        ra[0] - slack <= rb[1]
        and rb[0] - slack <= ra[1]
        and ((ra[0] <= rb[0] and rb[1] <= ra[1]) or (rb[0] <= ra[0] and ra[1] <= rb[1]) or slack.days > 0)
    )


GRANULARITIES: tuple[str, ...] = get_args(DateGranularity)  # shortest first: day .. year


def finer(granularity: str | None, than: str | None) -> bool:
    """Whether a date's granularity is a shorter span (a day before a weekend, a week, a month,
    a year; none known last)."""

    def rank(g: str | None) -> int:
        return GRANULARITIES.index(g) if g in GRANULARITIES else len(GRANULARITIES)

    return rank(granularity) < rank(than)


def more_specific(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if len(a) >= len(b) else b
