"""Publication-date strings -> ISO 8601 (date, or datetime when a time is given)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
HAS_TIME = re.compile(r"\d{1,2}:\d{2}|(?<!\w)\d{1,2}\s*[ap]\.?m\.?(?!\w)", re.I)
SLASH_YEAR = re.compile(r"\b([A-Za-z]{3,9}\.?)\s+(\d{1,2})\s*/\s*(\d{4})\b")  # "Jul 03/2024"
AMPM = re.compile(r"(\d)([ap])\.?m\.?(?!\w)", re.I)  # "06:50PM" -> "06:50 PM"
NOISE = re.compile(r"\s*(?:\||•|·)\s*|\bat\b|\bon\b", re.I)
FORMATS = (
    "%b %d %Y %I:%M %p", "%B %d %Y %I:%M %p", "%b %d %Y %H:%M", "%B %d %Y %H:%M", "%b %d %Y", "%B %d %Y",
    "%d %B %Y", "%d %b %Y", "%d %B %Y %H:%M", "%m/%d/%Y", "%m/%d/%Y %I:%M %p", "%Y/%m/%d", "%Y.%m.%d",
)


def parse_published(value: object) -> str | None:
    """Normalise a publication date/time to ISO 8601; None when it has no explicit year."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if not YEAR.search(text):
        return None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    else:
        return parsed.date().isoformat() if len(text) <= 10 else parsed.isoformat(timespec="seconds")
    return _parse_loose(text)


@lru_cache(maxsize=1024)
def _parse_loose(text: str) -> str | None:
    has_time = bool(HAS_TIME.search(text))
    norm = SLASH_YEAR.sub(r"\1 \2 \3", text)
    norm = AMPM.sub(r"\1 \2M", norm)
    norm = " ".join(NOISE.sub(" ", norm).replace(",", " ").split())
    norm = norm.replace(".", "") if re.fullmatch(r"[A-Za-z]{3,9}\. .*", norm) else norm
    parsed: dt.datetime | None = None
    for fmt in FORMATS:
        try:
            parsed = dt.datetime.strptime(norm, fmt)
            break
        except ValueError:
            continue
    if parsed is None:
        parsed = _dateparser(text)
    if parsed is None:
        return None
    return parsed.isoformat(timespec="seconds") if has_time else parsed.date().isoformat()


def _dateparser(text: str) -> dt.datetime | None:
    try:
        import dateparser

        return dateparser.parse(
            SLASH_YEAR.sub(r"\1 \2 \3", text),
            languages=["en"],
            settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"], "STRICT_PARSING": False},
        )
    except Exception:  # dateparser raises assorted errors on odd strings
        return None


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SINCE = re.compile(r"\b(?:since|from)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$", re.I)  # "since 1992"
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)


def year_by_weekday(day: str, lead: str, text: str) -> str | None:
    """The publication date of a year-less dateline day ("Sept 16") from two facts the story
    states, not a guess: the latest year its text names ("the deadliest attack so far in 2025")
    and the weekday its lead names ("on Tuesday suspended ..."). Only when that day of that year
    is that weekday; else None (a lead told the day after, a year named for the future). A
    year that starts a span of history ("since 1992") does not count; still, when the latest
    year named is history, its day falls on the lead's weekday once in seven."""
    years = [int(m.group(1)) for m in YEAR.finditer(text) if not _SINCE.search(text, 0, m.start())]
    named = _WEEKDAY.search(lead)
    if not years or named is None:
        return None
    stamp = parse_published(f"{day} {max(years)}")
    if stamp is None:
        return None
    date = dt.date.fromisoformat(stamp[:10])
    return stamp if WEEKDAYS[date.weekday()] == named.group(1).lower() else None
