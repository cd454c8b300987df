"""Dates in one place: the day a value names, the interval of days a TIMEX3-style value covers,
a command's ``--since``/``--until`` bound, and the one day the article scorer compares a date by.

Every stage and command reads dates through this module: :func:`to_day` for "which day"
(publication dates, day-dated events), :func:`date_bounds` for "which days" (event dates of any
granularity, filters), :func:`parse_bound` for the CLI's and the store's date filters (so
``--since 2024-W27`` is that week's Monday for ``events``, ``alerts`` and ``escalation`` alike),
and :func:`scoring_day` for the acceptance scorer's convention.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, datetime, timedelta
from typing import Literal

#: The forms :func:`date_bounds` (and so ``--since``/``--until``) accepts, for messages and help.
DATE_FORMS = "YYYY-MM-DD, YYYY-MM, YYYY-Www, YYYY-Qn or YYYY"

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X?$")
_LEADING_DAY = re.compile(r"\s*(\d{4})-?(\d{2})-?(\d{2})")


def to_day(value: date | datetime | str | None) -> date | None:
    """The day a value names: a date, a datetime, or a string that starts with an ISO day
    (``2024-07-02``, ``2024-07-02T10:00+02:00``, ``20240702``); None when absent or unreadable."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _LEADING_DAY.match(str(value))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


@functools.lru_cache(maxsize=1 << 16)  # pure, and called for every report pair the merge compares
def date_bounds(value: str | None) -> tuple[date, date] | None:
    """First and last day covered by a date value, or None when it names no fixed span.

    Accepts ISO days/datetimes (``2024-07-02``, ``2024-07-02T10:00``) and the TIMEX3
    forms ``2024-07`` (month), ``2024-W27`` (ISO week), ``2024-Q3``, ``2024`` and
    ``199``/``199X`` (decade). References such as ``PAST_REF`` give None.
    """
    if not value:
        return None
    value = value.strip()
    try:
        if m := _DAY.match(value):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last)
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6)
        if m := _QUARTER.match(value):
            year, quarter = int(m[1]), int(m[2])
            first_month = 3 * (quarter - 1) + 1
            last = calendar.monthrange(year, first_month + 2)[1]
            return date(year, first_month, 1), date(year, first_month + 2, last)
        if m := _YEAR.match(value):
            year = int(m[1])
            return date(year, 1, 1), date(year, 12, 31)
        if m := _DECADE.match(value):
            decade = int(m[1]) * 10
            return date(max(decade, 1), 1, 1), date(decade + 9, 12, 31)
    except ValueError:  # month 13, week 60, day 31 in June...
        return None
    return None


def parse_bound(value: str | None, which: Literal["since", "until"]) -> date | None:
    """First day of a ``--since`` / last day of an ``--until`` value (any :func:`date_bounds`
    form: ``2024-W27`` since is Monday 1 July 2024, until Sunday 7 July); None when absent,
    ValueError when the value is not a date."""
    if value is None:
        return None
    bounds = date_bounds(value)
    if bounds is None:
        raise ValueError(f"invalid --{which} date {value!r} (use {DATE_FORMS})")
    return bounds[0] if which == "since" else bounds[1]


def scoring_day(value: object) -> date | None:
    """The one day a gold or predicted date is compared by, as the shared acceptance scorer
    (``score.py``) does: a day (or a datetime's day) itself, a month (``2024-07``) its 15th, a
    year (``2024``) 1 July; None for weeks, quarters, decades, references and anything else."""
    if not value:
        return None
    text = str(value)
    bounds = date_bounds(text)
    if bounds is None:
        return None
    first, last = bounds
    if _MONTH.match(text):
        return first.replace(day=15)
    if _YEAR.match(text):
        return first.replace(month=7)
    return first if first == last else None
