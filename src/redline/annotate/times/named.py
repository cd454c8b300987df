"""Rules for named days and seasons: weekdays ("last Friday", "the day after Tuesday"), holidays, seasons."""

from __future__ import annotations

import re
from datetime import date, timedelta

from redline.annotate.times.context import FUTURE_TOLERANCE_DAYS, Ctx, season_year, weekday_date
from redline.annotate.times.dates import holiday_date, iso_week
from redline.annotate.times.registry import Result, rule
from redline.annotate.times.words import REL, alt, lexicon, pieces, season_code, weekday_num, year_num

P = pieces()
_WEEKDAY_MODES = {
    "last": "last",
    "the previous": "last",
    "previous": "last",
    "this past": "last",
    "next": "next",
    "this coming": "next",
    "the following": "next",
    "the next": "next",
    "coming": "next",
}
_WEEKDAY_PAST_AFTER = re.compile(
    r"(?:\s+(?:night|morning|evening|afternoon))?(?:['\u2019]s\s+(?!(?:expected|scheduled|planned|upcoming)\b)[a-z]"
    r"|,?\s+(?:(?!hundred|kindred|sacred|naked|wicked|need|feed|speed)[a-z]{2,}[a-df-z]ed|said|told|met|took|made|gave|"
    r"began|won|lost|held|came|went|saw|left|sent|spoke|brought|fell|rose|broke|struck|shot|stood)\b)"
)
_AHEAD_OF = re.compile(r"\b(?:ahead\s+of|before|until|till|upcoming)\s+(?:the\s+)?$", re.I)


@rule(
    "weekday",
    rf"\b(?:(?P<rel>this\s+past|this\s+coming|the\s+previous|the\s+following|last|next|this|"
    rf"previous|coming)\s+)?(?P<wd>{P['weekday']})(?:\s+(?P<pod>{P['part']}))?\b",
    priority=410,
    anchors=("weekdays", "parts_of_day"),
)
def weekday(m: re.Match[str], ctx: Ctx) -> Result:
    wd = weekday_num(m["wd"])
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    mode = _WEEKDAY_MODES.get(rel, "auto")
    if mode == "auto" and ctx.dct is not None and _WEEKDAY_PAST_AFTER.match(ctx.text, m.end()):
        # "the ministry on Sunday issued ...", "Wednesday's ruling": a reported event, not a plan
        if not _AHEAD_OF.search(ctx.text, max(0, m.start() - 24), m.start()):
            mode = "past"
    d = weekday_date(wd, ctx, m.start(), mode)
    # TimeBank mostly gives "Friday night" the day's value (not ...TNI); so do we
    return (d.isoformat() if d else None), "DATE", "day"


@rule(
    "day_before",
    rf"\b(?P<x>day\s+(?P<dir>before|after)\s+(?:(?P<rel>last|next|this)\s+)?(?P<wd>{P['weekday']}))\b",
    priority=500,
    words=("day",),
    report="x",
)
def day_before(m: re.Match[str], ctx: Ctx) -> Result:
    """Resolve "the day before last Tuesday", "the day after Friday"."""
    r = weekday(m, ctx)
    if r is None or r[0] is None:
        return r
    step = -1 if m["dir"].lower() == "before" else 1
    return (date.fromisoformat(r[0]) + timedelta(days=step)).isoformat(), "DATE", "day"


def _holiday_names() -> str:
    lx = lexicon()
    names = list(lx["holidays_fixed"]) + list(lx["holidays_rule"]) + list(lx["holidays_easter"])
    return alt(names + ["election day"]).replace("'", "['\u2019]")


@rule(
    "holiday",
    rf"\b(?:(?P<rel>last|this|next)\s+)?(?P<hol>{_holiday_names()})(?P<week>\s+week)?"
    rf"(?:,?\s+(?P<year>{P['year']}))?\b",
    priority=310,
    anchors=("holidays", "years"),
)
def holiday(m: re.Match[str], ctx: Ctx) -> Result:
    name = re.sub(r"\s+", " ", m["hol"].lower()).replace("\u2019", "'")
    week = bool(m["week"])
    if m["year"]:
        y = year_num(m["year"])
    elif ctx.dct is None:
        return None, "DATE", "day"
    else:
        rel = (m["rel"] or "").lower()
        y = ctx.dct.year
        d0 = holiday_date(name, y)
        if d0 is None:
            return None
        if rel == "last":
            y = y if d0 < ctx.dct else y - 1
        elif rel == "next":
            y = y if d0 > ctx.dct else y + 1
        elif rel != "this":
            if ctx.future(m.start()):
                y = y if d0 >= ctx.dct else y + 1
            elif (d0 - ctx.dct).days > FUTURE_TOLERANCE_DAYS:
                y -= 1
    d = holiday_date(name, y) if y else None
    if d is None:
        return None
    if week:
        return iso_week(d), "DATE", "week"
    return d.isoformat(), "DATE", "day"


_SEASON_OK = re.compile(
    r"\b(?:in|since|during|by|until|through|throughout|over|this|last|next|early|late|of|"
    r"before|after|each|every)\s+$",
    re.I,
)


@rule(
    "rel_season",
    rf"\b(?:(?:the\s+)?(?:early|late|mid)[\s-]+)?(?:(?P<rel>{REL})\s+|the\s+)?(?:(?:early|late|mid)[\s-]+)?"
    rf"(?P<season>{P['season']})\b(?:\s+of\s+(?P<year>{P['year']}))?",
    priority=390,
    anchors=("seasons",),
)
def season(m: re.Match[str], ctx: Ctx) -> Result:
    code = season_code(m["season"])
    bare = m.group().lower() == m["season"].lower()
    if bare and not _SEASON_OK.search(ctx.text[max(0, m.start() - 12) : m.start()]):
        return None
    if ctx.dct is None:
        return f"XXXX-{code}", "DATE", "season"
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    y = ctx.dct.year
    if m["year"]:
        y = year_num(m["year"]) or y
    elif rel in ("last", "the past", "the previous"):
        y -= 1
    elif rel in ("next", "the coming", "this coming"):
        start_month = lexicon()["season_start_month"][code]
        y = y if start_month > ctx.dct.month else y + 1
    elif rel in ("this", "this past"):
        pass
    else:
        y = season_year(code, ctx, m.start()) or y
    return f"{y}-{code}", "DATE", "season"
