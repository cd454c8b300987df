"""Dates in one place: the day a value names, and the interval of days a TIMEX3-style value covers."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

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
