"""Rules for clock times ("3 p.m. Friday", "noon"), durations ("three years") and sets ("weekly")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from redline.annotate.times.context import Ctx, weekday_date
from redline.annotate.times.dates import duration as duration_value
from redline.annotate.times.registry import UNIT_LAST, Result, rule
from redline.annotate.times.words import lexicon, num_or_vague, pieces, unit_of, weekday_num

P = pieces()
_WD, _UNIT, _APPROX, _NUMQ = P["weekday"], P["unit"], P["approx"], P["numq"]


@rule(
    "clock",
    rf"\b(?:(?P<wd0>{_WD})\s+(?:at\s+)?)?(?P<hh>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*"
    rf"(?P<ap>[ap])\.?\s?m\b\.?(?:\s+(?:[ECMP][SD]T|GMT|UTC|local\s+time))?"
    rf"(?:\s+(?:on\s+)?(?:(?P<wd>{_WD})|(?P<rd>yesterday|today|tomorrow)))?",
    priority=420,
    anchors=("weekdays", "rel_days", "clock_numbers"),
)
@rule(
    "clock24",
    r"(?<![\d:.,$])(?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])(?P<ap>)(?P<wd>)(?P<rd>)"
    r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|hours|hrs|local\s+time))?",
    priority=430,
    anchors=("clock_numbers",),
)
def clock(m: re.Match[str], ctx: Ctx) -> Result:
    h = int(m["hh"])
    mi = int(m["mi"] or 0)
    ap = (m["ap"] or "").lower()
    if ap == "p" and h < 12:
        h += 12
    if ap == "a" and h == 12:
        h = 0
    if h > 24 or mi > 59:
        return None
    anchor: date | None = ctx.dct
    if m["wd"] and ctx.dct is not None:
        anchor = weekday_date(weekday_num(m["wd"]), ctx, m.start())
    elif m["rd"] and ctx.dct is not None:
        anchor = ctx.dct + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[m["rd"].lower()])
    hhmm = f"T{h:02d}:{mi:02d}"
    return (f"{anchor.isoformat()}{hhmm}" if anchor else hhmm), "TIME", "time"


@rule(
    "noon",
    rf"\b(?P<nw>noon|midnight|midday)(?:\s+(?:on\s+)?(?P<wd>{_WD}))?\b",
    priority=440,
    anchors=("weekdays",),
    words=("noon", "midnight", "midday"),
)
def noon(m: re.Match[str], ctx: Ctx) -> Result:
    word = m["nw"].lower()
    hhmm = "T24:00" if word == "midnight" else "T12:00"
    anchor: date | None = ctx.dct
    if m["wd"] and ctx.dct is not None:
        anchor = weekday_date(weekday_num(m["wd"]), ctx, m.start())
    return (f"{anchor.isoformat()}{hhmm}" if anchor else hhmm), "TIME", "time"


@rule(
    "past_n",
    rf"\b(?:the\s+)?(?:past|last|next|first|coming|previous|following|latest)\s+{_APPROX}?"
    rf"(?P<n>{_NUMQ})\s+(?P<unit>{_UNIT})\b",
    priority=450,
    anchors=("units",),
    margins=UNIT_LAST,
)
def past_n(m: re.Match[str], ctx: Ctx) -> Result:
    n = num_or_vague(m["n"])
    unit = unit_of(m["unit"])
    if n is None and re.match(r"(?:the\s+)?(?:past|last|previous)\b", m.group(), re.I):
        return "PAST_REF", "DATE", "ref"
    return duration_value(n, unit), "DURATION", unit


@rule(
    "duration",
    rf"\b{_APPROX}?(?P<n>{_NUMQ})[\s-]+(?:more\s+|additional\s+|full\s+|straight\s+|consecutive\s+)?"
    rf"(?P<unit>{_UNIT})(?![\w-])(?!-old|\s+old\b)",
    priority=460,
    anchors=("units",),
    margins=UNIT_LAST,
)
def duration(m: re.Match[str], ctx: Ctx) -> Result:
    n = num_or_vague(m["n"])
    unit = unit_of(m["unit"])
    if (
        m["n"].lower() in ("a", "an")
        and m["unit"].lower() in ("year", "month", "week", "day")
        and re.search(
            r"(?:\d|percent|dollars|cents|times|once|twice)\s*$", ctx.text[max(0, m.start() - 12) : m.start()]
        )
    ):
        return duration_value(1, unit), "SET", unit  # "twice a year", "3 percent a month"
    return duration_value(n, unit), "DURATION", unit


_SET_ADVERBS = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
    "nightly": "P1D",
    "quarterly": "P1Q",
    "biweekly": "P2W",
}


@rule(
    "set",
    rf"\b(?:(?:every|each|per)\s+(?:other\s+)?(?P<stok>{_UNIT}|{_WD}|{P['season']}|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)\b|"
    r"(?P<sw>daily|weekly|monthly|annually|yearly|hourly|nightly|quarterly|biweekly)\b)",
    priority=470,
    anchors=("units",),
    words=(*_SET_ADVERBS, "every", "each", "per"),
    margins=UNIT_LAST,
)
def recurring(m: re.Match[str], ctx: Ctx) -> Result:
    w = (m["sw"] or "").lower()
    if w in _SET_ADVERBS:
        return _SET_ADVERBS[w], "SET", "ref"
    tok = (m["stok"] or "").lower()
    if re.fullmatch(_WD, tok):
        return f"XXXX-WXX-{weekday_num(tok) + 1}", "SET", "day"
    if tok in lexicon()["months"]:
        return f"XXXX-{lexicon()['months'][tok]:02d}", "SET", "month"
    unit = unit_of(tok)
    return duration_value(1, unit), "SET", unit
