"""Rules for calendar days and months: ISO and slashed dates, "March 3(, 2024)", "3 March", "March (2024)"."""

from __future__ import annotations

import re
from datetime import date

from redline.annotate.times.context import Ctx, infer_year
from redline.annotate.times.dates import iso_week, safe_date
from redline.annotate.times.registry import MONTH_FIRST, YEAR_LAST, Fixed, Groups, Result, Swap, rule
from redline.annotate.times.words import MOD, day_num, month_num, pieces, weekday_num, year_num

P = pieces()
_MON, _DAY, _YEAR, _WD = P["month"], P["day"], P["year"], P["weekday"]


@rule(
    "iso",
    r"\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[T ](?P<hh>\d{2}):(?P<mi>\d{2})(?::\d{2})?)?\b",
    priority=0,
    anchors=("years",),
    margins=YEAR_LAST,
)
def iso(m: re.Match[str], ctx: Ctx) -> Result:
    d = safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    if d is None:
        return None
    if m["hh"]:
        return f"{d.isoformat()}T{m['hh']}:{m['mi']}", "TIME", "time"
    return d.isoformat(), "DATE", "day"


@rule(
    "slash",
    r"(?<![\d/])(?P<mo>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>\d{4}|\d{2})(?![\d/])",
    priority=10,
    anchors=("clock_numbers",),
)
def slash(m: re.Match[str], ctx: Ctx) -> Result:
    y = int(m["y"])
    if y < 100:
        y += 1900 if y >= 50 else 2000
    d = safe_date(y, int(m["mo"]), int(m["d"]))
    return (d.isoformat(), "DATE", "day") if d else None


@rule(
    "mdy",
    rf"(?<![\w.])(?P<mon>{_MON})\s+(?P<day>{_DAY})(?:,\s*|\s+)(?P<year>{_YEAR})",
    priority=40,
    anchors=("months", "years"),
    margins=MONTH_FIRST,
)
@rule(
    "dmy",
    rf"\b(?:the\s+)?(?P<day>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON}),?\s+(?P<year>{_YEAR})",
    priority=50,
    anchors=("months", "years"),
)
@rule(
    "md",
    rf"(?:\b(?:around|about)\s+)?(?<![\w.])(?P<mon>{_MON})\s+(?P<day>{_DAY})(?![\w]|:\d)(?!\s*[,-]?\s*\d)",
    priority=80,
    anchors=("months",),
    margins=MONTH_FIRST,
)
@rule(
    "dm",
    rf"\b(?:the\s+)?(?P<day>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON})(?!\s*,?\s*\d)",
    priority=90,
    anchors=("months",),
    margins=MONTH_FIRST,
)
def full_date(m: Groups, ctx: Ctx) -> Result:
    mon, day_tok = m["mon"], m["day"]
    assert mon is not None and day_tok is not None
    mo = month_num(mon)
    dd = day_num(day_tok)
    y_tok = m.groupdict().get("year")
    y = year_num(y_tok) if y_tok else None
    if dd is None:
        return None
    if y is None:
        if ctx.dct is None:
            return f"XXXX-{mo:02d}-{dd:02d}", "DATE", "day"
        if wd_tok := m.groupdict().get("wd"):
            # a weekday pins the year: take the nearest year in which it matches
            wd = weekday_num(wd_tok)
            for cand in (ctx.dct.year, ctx.dct.year - 1, ctx.dct.year + 1):
                d = safe_date(cand, mo, dd)
                if d and d.weekday() == wd:
                    return d.isoformat(), "DATE", "day"
        y = infer_year(mo, dd, ctx, m.start())
    d = safe_date(y, mo, dd) if y is not None else None
    return (d.isoformat(), "DATE", "day") if d else None


@rule(
    "wd_date",
    rf"\b(?:(?:this\s+coming|this)\s+)?(?P<wd>{_WD}),?\s+(?:the\s+)?(?:(?P<mon>{_MON})\s+(?P<day>{_DAY})"
    rf"|(?P<day2>{_DAY})\s+(?:of\s+)?(?P<mon2>{_MON}))(?:,?\s+(?P<year>{_YEAR}))?",
    priority=20,
    anchors=("months", "weekdays"),
)
def weekday_and_date(m: re.Match[str], ctx: Ctx) -> Result:
    return full_date(Swap(m), ctx)


@rule(
    "week_of",
    rf"\bthe\s+week\s+of\s+(?P<mon>{_MON})\s+(?P<day>{_DAY})(?:,?\s+(?P<year>{_YEAR}))?",
    priority=30,
    anchors=("months",),
)
def week_of(m: re.Match[str], ctx: Ctx) -> Result:
    r = full_date(m, ctx)
    if r is None or r[0] is None or r[0].startswith("X"):
        return r
    return iso_week(date.fromisoformat(r[0])), "DATE", "week"


_MONTH_DAY_BEFORE = re.compile(rf"(?<![\w.])(?P<mon>{_MON})\s+(?:3[01]|[12]\d|0?[1-9])$")


@rule(
    # the second day of "April 24 and 25" (the first is the "md" rule's); TimeBank marks only "25"
    "and_day",
    r"(?<=\d)\s+(?:and|or|&)\s+(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
    r"(?![.,:]\d|\s*(?:%|percent\b|[ap]\.?m\b|(?:[a-z]+\s+)?(?:days?|weeks?|years?|months?|hours?|times|"
    r"people|points?|dollars|cents|million|billion)\b))",
    priority=100,
    anchors=("months",),
    margins=(0, 24),
    report="day",
)
def and_day(m: re.Match[str], ctx: Ctx) -> Result:
    before = _MONTH_DAY_BEFORE.search(ctx.text, max(0, m.start() - 16), m.start())
    if before is None:
        return None
    return full_date(Fixed(m, mon=before["mon"], day=m["day"], year=None, wd=None), ctx)


@rule(
    "month_rel_year",
    rf"(?<![\w.])(?P<mon>{_MON})\s+(?P<rel>this|last|next)\s+year\b",
    priority=60,
    anchors=("months",),
    margins=MONTH_FIRST,
)
def month_rel_year(m: re.Match[str], ctx: Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "month"
    mo = month_num(m["mon"])
    off = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return f"{ctx.dct.year + off:04d}-{mo:02d}", "DATE", "month"


@rule(
    "my",
    rf"(?:\b{MOD}[\s-]+)?(?<![\w.])(?P<mon>{_MON}),?\s+(?:of\s+)?(?P<year>{_YEAR})",
    priority=70,
    anchors=("months", "years"),
    margins=MONTH_FIRST,
)
def month_year(m: re.Match[str], ctx: Ctx) -> Result:
    mo = month_num(m["mon"])
    y = year_num(m["year"])
    if y is None:
        return None
    return f"{y:04d}-{mo:02d}", "DATE", "month"


_MONTH_AS_MODIFIER = re.compile(
    r"\s+(?!(?:on|to|of|for|from|against|through|into|toward|towards|and|or|was|is|had|has|government|"
    r"cabinet|administration|ministry)\b)(?-i:[a-z]{3,})\b"
)
_MAY_MARCH_OK = re.compile(
    r"(?:\b(?:in|since|until|till|by|of|early|late|mid|through|from|during|last|this|next|before|after|"
    r"to|and|or|between|on|for|throughout|around|about|that|each|every|beginning|end|middle|start)\s+|mid-)$",
    re.I,
)


@rule(
    "month",
    rf"(?:\b(?P<rel>this\s+past|this\s+coming|last|this|next)\s+|\b(?P<mod>{MOD})[\s-]+|"
    rf"(?P<mod2>\b(?:mid|early|late)-))?(?<![\w.])(?P<mon>{_MON})(?!\s+\d)",
    priority=110,
    anchors=("months",),
    margins=MONTH_FIRST,
)
def month(m: re.Match[str], ctx: Ctx) -> Result:
    tok = m["mon"]
    mo = month_num(tok)
    rel = (m["rel"] or "").lower().split()
    if tok in ("May", "March") and not rel and not m["mod"] and not m["mod2"]:
        if not _MAY_MARCH_OK.search(ctx.text[max(0, m.start() - 12) : m.start()]) and not (
            # "the March accession", "the May elections" (not "the march on the capital")
            re.search(r"\bthe\s+$", ctx.text[max(0, m.start() - 5) : m.start()], re.I)
            and _MONTH_AS_MODIFIER.match(ctx.text, m.end())
        ):
            return None
    if ctx.dct is None:
        return f"XXXX-{mo:02d}", "DATE", "month"
    dct = ctx.dct
    y = dct.year
    if rel and rel[0] == "last" or rel == ["this", "past"]:
        y = y if mo <= dct.month - 2 or (rel != ["last"] and mo < dct.month) else y - 1
    elif rel and rel[0] == "next" or rel == ["this", "coming"]:
        y = y if mo > dct.month else y + 1
    elif rel and rel[0] == "this":
        y = dct.year
    else:
        y = infer_year(mo, None, ctx, m.start()) or y
    return f"{y:04d}-{mo:02d}", "DATE", "month"
