"""Calendar arithmetic for TIMEX3 values: ISO weeks, quarters, month steps, holidays, durations."""

from __future__ import annotations

from datetime import date, timedelta

from redline.annotate.times.words import lexicon


def iso_week(d: date) -> str:
    """'2024-W27'."""
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def add_months(y: int, m: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by ``delta`` months."""
    idx = y * 12 + (m - 1) + delta
    return idx // 12, idx % 12 + 1


def quarter_of(d: date) -> int:
    """Calendar quarter (1-4) of a day."""
    return (d.month - 1) // 3 + 1


def prev_quarter(d: date) -> tuple[int, int]:
    """(year, quarter) of the quarter before the one ``d`` lies in."""
    q = quarter_of(d) - 1
    return (d.year, q) if q >= 1 else (d.year - 1, 4)


def safe_date(y: int, m: int, d: int) -> date | None:
    """The day, or None when it does not exist (February 30)."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def nth_weekday(y: int, month: int, weekday: int, n: int) -> date:
    """n-th (1-based; -1 = last) weekday (0=Monday) of a month."""
    if n > 0:
        first = date(y, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = date(y + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def easter(y: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(y, month, day)


def holiday_date(name: str, y: int) -> date | None:
    """The day of a named holiday ("christmas", "labor day", "good friday") in year ``y``."""
    lx = lexicon()
    if name in lx["holidays_fixed"]:
        mo, d = lx["holidays_fixed"][name]
        return date(y, mo, d)
    if name in lx["holidays_rule"]:
        mo, wd, n = lx["holidays_rule"][name]
        return nth_weekday(y, mo, wd, n)
    if name in lx["holidays_easter"]:
        return easter(y) + timedelta(days=lx["holidays_easter"][name])
    if name == "election day":
        return nth_weekday(y, 11, 0, 1) + timedelta(days=1)
    return None


def shift(dct: date, unit: str, n: int) -> tuple[str, str]:
    """DCT moved by n units, formatted at that unit's granularity: (value, granularity)."""
    if unit in ("day", "night"):
        return (dct + timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return iso_week(dct + timedelta(weeks=n)), "week"
    if unit == "fortnight":
        return iso_week(dct + timedelta(weeks=2 * n)), "week"
    if unit == "month":
        y, m = add_months(dct.year, dct.month, n)
        return f"{y:04d}-{m:02d}", "month"
    if unit == "quarter":
        idx = dct.year * 4 + quarter_of(dct) - 1 + n
        return f"{idx // 4}-Q{idx % 4 + 1}", "quarter"
    if unit == "year":
        return f"{dct.year + n}", "year"
    if unit == "decade":
        return f"{(dct.year + 10 * n) // 10}", "decade"
    if unit in ("century", "centurie"):
        return f"{(dct.year + 100 * n) // 100}", "century"
    return f"{dct.year + n}", "year"


def duration(n: int | None, unit: str) -> str:
    """TIMEX3 duration of n units ('P3Y', 'PT2H', 'P10Y' for a decade); n None is 'X'."""
    code = lexicon()["units"].get(unit, "Y")
    x = "X" if n is None else str(n)
    if code == "E":
        return f"P{x}E" if n is None else f"P{10 * n}Y"
    if code == "C":
        return f"P{x}C" if n is None else f"P{100 * n}Y"
    if code == "2W":
        return f"P{x}W" if n is None else f"P{2 * n}W"
    if code == "WE":
        return f"P{x}WE"
    if code.startswith("T"):
        if code == "TH" and n is not None and n == 24:
            return "P1D"
        return f"PT{x}{code[1]}"
    return f"P{x}{code}"
