"""The entry points (find_times, find_times_in_dateline, resolve_phrase): rules run, longest matches kept."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from redline.annotate.times import days, durations, named, periods, refs, relative
from redline.annotate.times.anchors import windows
from redline.annotate.times.context import Ctx, weekday_date
from redline.annotate.times.dates import safe_date
from redline.annotate.times.refs import resolve_anaphora
from redline.annotate.times.registry import Result, apply, rules
from redline.annotate.times.words import day_num, lexicon, month_num, pieces
from redline.records import TimeExpr
from redline.timespans import to_day

# the modules whose import registers the rules
RULE_MODULES = (days, periods, relative, named, durations, refs)

# the publication day: one date parser for the whole project
to_date = to_day

Candidate = tuple[int, int, str, Result, int, int]  # match span, rule, result, reported span


# ---------------------------------------------------------------------------------------------
# datelines: "WASHINGTON, March 3 (Xinhua) --"


def _dateline_pattern() -> re.Pattern[str]:
    p = pieces()
    mon, day, year, wd = p["month"], p["day"], p["year_num"], p["weekday"]
    place = r"[A-Z][\w.'\u2019&-]*(?:[ \t]+(?:[A-Z][\w.'\u2019&-]*|es|de|del|la|el|al|da|do|dos|of)){0,4}"
    return re.compile(
        rf"\s*{place}(?:,[ \t]*{place}){{0,2}},[ \t]+(?:(?i:{wd}),?[ \t]+)?"
        rf"(?P<date>(?:(?:{mon})[ \t]+{day}|{day}[ \t]+(?:{mon}))(?:,?[ \t]+{year})?)"
        r"[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?(?:--|_|\u2014|\u2013|-|:)"
    )


_DATELINE = _dateline_pattern()
_DATELINE_DATE = re.compile(
    rf"(?:(?P<mon>{pieces()['month']})\s+(?P<day>{pieces()['day']})|(?P<day2>{pieces()['day']})\s+"
    rf"(?P<mon2>{pieces()['month']}))(?:,?\s+(?P<year>\d{{4}}))?"
)


def _dateline_span(text: str) -> tuple[int, int] | None:
    """Span of the dateline's date in "WASHINGTON, March 3 (Xinhua) --" at the start of a text."""
    m = _DATELINE.match(text)
    return m.span("date") if m else None


def _dateline_value(date_text: str, ctx: Ctx) -> Result:
    """A dateline's date: the day of the story, so the latest such day on or before publication."""
    m = _DATELINE_DATE.fullmatch(date_text)
    if m is None:
        return None
    mo = month_num(m["mon"] or m["mon2"])
    dd = day_num(m["day"] or m["day2"])
    if dd is None:
        return None
    if m["year"]:
        d = safe_date(int(m["year"]), mo, dd)
    elif ctx.dct is None:
        return f"XXXX-{mo:02d}-{dd:02d}", "DATE", "day"
    else:
        limit = ctx.dct + timedelta(days=1)
        d = next(
            (c for y in (limit.year, limit.year - 1) if (c := safe_date(y, mo, dd)) and c <= limit), None
        )
    return (d.isoformat(), "DATE", "day") if d else None


def _filing_day(date_text: str, ctx: Ctx) -> date | None:
    """The dateline's day when it lies 1-3 days before publication (then it anchors the text)."""
    if ctx.dct is None:
        return None
    res = _dateline_value(date_text, ctx)
    if res and res[0] and 0 < (ctx.dct - date.fromisoformat(res[0])).days <= 3:
        return date.fromisoformat(res[0])
    return None


# ---------------------------------------------------------------------------------------------
# candidates and the public functions


def _candidates(text: str, ctx: Ctx) -> list[Candidate]:
    """Every rule's resolved matches in its windows, in rule priority order."""
    out: list[Candidate] = []
    spans = windows(text)
    dateline = _dateline_span(text)
    for r, pat in rules():
        for lo, hi in spans.get(r.name, ()):
            for m in pat.finditer(text, lo, hi):
                s, e = m.span()
                if e <= s:
                    continue
                # trim trailing whitespace/punctuation the pattern may have swallowed
                while e > s and text[e - 1] in " \t\n,":
                    e -= 1
                ctx.span_end = e
                res = apply(r, m, ctx)
                if res is None:
                    continue
                if dateline and s < dateline[1] and dateline[0] < e:
                    res = _dateline_value(text[dateline[0] : dateline[1]], ctx) or res
                os_, oe = m.span(r.report) if r.report else (s, e)
                out.append((s, e, r.name, res, os_, oe))
    return out


def find_times(
    text: str, published: date | datetime | str | None, dateline: str | None = None
) -> list[TimeExpr]:
    """Every date/time expression in ``text`` with its TIMEX3 value relative to ``published``.

    Sorted by offset, never overlapping (the longest candidate wins, then the earliest, then the
    rule of lower priority).
    ``dateline``: the dateline the cleaner took off the text ("MOSCOW, July 3 (Reuters)"); as with
    a dateline still at the start of ``text``, a date in it 1-3 days before publication is the day
    the story was filed and anchors the text's relative expressions ("yesterday", "Friday").
    """
    if not text:
        return []
    ctx = Ctx(text, to_date(published))
    dl = _dateline_span(text)
    filed = None
    if dl:
        # wire copy: "today", "Friday" ... count from the dateline's day (a day or two before release)
        filed = _filing_day(text[dl[0] : dl[1]], ctx)
    elif dateline and (m := _DATELINE_DATE.search(dateline)):
        filed = _filing_day(m.group(), ctx)
    if filed is not None:
        ctx.dct = filed
    cands = _candidates(text, ctx)
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    chosen: list[Candidate] = []
    for c in cands:
        s, e = c[0], c[1]
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        chosen.append(c)
    chosen.sort(key=lambda c: c[4])
    items = []
    for _s, _e, _name, res, s, e in chosen:
        assert res is not None
        value, typ, gran = res
        items.append(TimeExpr(text=text[s:e], start=s, end=e, value=value, type=typ, granularity=gran))
    return resolve_anaphora(items, ctx.dct)


def find_times_in_dateline(dateline: str, published: date | datetime | str | None) -> list[TimeExpr]:
    """Dates in a dateline such as "JOHANNESBURG, August 7 (Xinhua) --" (offsets relative to it).

    A dateline's date is the day the story was filed, so a year-less date or a bare weekday
    resolves to the latest such day on or before the publication date (one day of slack for
    time zones), never to a later one.
    """
    items = find_times(dateline, published)
    ctx = Ctx(dateline, to_date(published))
    for t in items:
        if t.type != "DATE":
            continue
        if _DATELINE_DATE.fullmatch(t.text):
            res = _dateline_value(t.text, ctx)
            if res:
                t.value, t.granularity = res[0], res[2]
        elif ctx.dct is not None and (wd := lexicon()["weekdays"].get(t.text.lower())) is not None:
            d = weekday_date(wd, ctx, t.start, "past")
            t.value = d.isoformat() if d else t.value
    return items


def resolve_phrase(phrase: str, published: date | datetime | str | None) -> tuple[str | None, str | None]:
    """(TIMEX3 value, granularity) of a short date phrase such as "last Tuesday" or "Feb. 24".

    The longest expression found in the phrase is used; ``(None, None)`` when there is none.
    """
    found = [t for t in find_times(phrase, published) if t.value]
    if not found:
        return None, None
    best = max(found, key=lambda t: t.end - t.start)
    return best.value, best.granularity
