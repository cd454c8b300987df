"""Rules for expressions counted from the anchor day: "yesterday", "last week", "three years ago"."""

from __future__ import annotations

import re
from datetime import timedelta

from redline.annotate.times.context import Ctx
from redline.annotate.times.dates import iso_week, prev_quarter, shift
from redline.annotate.times.refs import ANAPHOR, ANAPHORIC_UNITS
from redline.annotate.times.registry import UNIT_LAST, Fixed, Groups, Result, rule
from redline.annotate.times.words import REL, lexicon, num_or_vague, pieces, unit_of

P = pieces()
# TimeBank marks "earlier this month/year" whole but only "this week" of "earlier this week"
_REL_MOD = (
    r"(?:(?:early|late|(?:earlier|later)(?!\s+(?:this|last|next)\s+week\b)|sometime|mid|the\s+end\s+of|"
    r"the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of|"
    r"the\s+first\s+half\s+of|the\s+second\s+half\s+of|the\s+latter\s+part\s+of|the\s+early\s+part\s+of)"
    r"[\s-]+(?:in\s+)?)"
)


@rule(
    "rel_day",
    rf"\b(?:(?:early|late|earlier|later)\s+)?(?P<rd>the\s+day\s+before\s+yesterday|"
    rf"the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight)(?:\s+(?P<pod>{P['part']}))?\b",
    priority=280,
    anchors=("rel_days", "parts_of_day"),
)
def rel_day(m: re.Match[str], ctx: Ctx) -> Result:
    word = re.sub(r"\s+", " ", m["rd"].lower())
    off = {
        "yesterday": -1,
        "today": 0,
        "tomorrow": 1,
        "tonight": 0,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }[word]
    pod = (m["pod"] or "").lower()
    if ctx.dct is None:
        return None, "TIME" if pod else "DATE", "time" if pod else "day"
    d = (ctx.dct + timedelta(days=off)).isoformat()
    if pod:
        return f"{d}T{lexicon()['parts_of_day'][pod]}", "TIME", "time"
    return d, "DATE", "day"


@rule(
    "this_pod",
    rf"\b(?:(?:early|late|earlier|later)\s+)?(?P<rel>this|last)\s+(?P<pod>{P['part']})\b",
    priority=290,
    anchors=("parts_of_day",),
)
def this_part_of_day(m: re.Match[str], ctx: Ctx) -> Result:
    pod = m["pod"].lower()
    rel = m["rel"].lower()
    if ctx.dct is None:
        return None, "TIME", "time"
    d = ctx.dct - timedelta(days=1) if rel == "last" else ctx.dct
    return f"{d.isoformat()}T{lexicon()['parts_of_day'][pod]}", "TIME", "time"


@rule(
    "ago",
    rf"\b{P['approx']}?(?P<n>{P['numq']})[\s-]+(?P<unit>{P['unit']})\s+(?:or\s+so\s+|or\s+more\s+)?"
    r"(?P<dir>ago|earlier|before|later|hence|from\s+now)\b",
    priority=300,
    anchors=("units",),
    margins=UNIT_LAST,
)
def ago(m: re.Match[str], ctx: Ctx) -> Result:
    n = num_or_vague(m["n"])
    unit = unit_of(m["unit"])
    direction = m["dir"].lower()
    sign = 1 if direction in ("later", "hence", "from now") else -1
    if n is None:
        return ("PAST_REF" if sign < 0 else "FUTURE_REF"), "DATE", "ref"
    if (
        ctx.dct is not None
        and unit == "year"
        and n == 1
        and direction in ("earlier", "before", "ago")
        and ctx.quarter_context(m.start())
    ):
        y, q = prev_quarter(ctx.dct)
        return f"{y - 1}-Q{q}", "DATE", "quarter"
    alone = direction == "before" and re.match(r"\s*(?:[,.;:!?)]|$)", m.string[m.end():]) is not None
    if (direction in ("later", "earlier") or alone) and unit in ANAPHORIC_UNITS:
        # "four days later", "a month earlier", "two days before,": counted from the time the
        # text is telling of, not from publication (resolved by refs.resolve_anaphora once every
        # date is known)
        return f"{ANAPHOR}{sign * n:+d} {unit}", "DATE", unit
    if ctx.dct is None:
        return None, "DATE", unit
    value, gran = shift(ctx.dct, unit, sign * n)
    return value, "DATE", gran


_REL_OFFSETS = {
    "this": 0,
    "the current": 0,
    "current": 0,
    "last": -1,
    "the last": -1,
    "the past": -1,
    "past": -1,
    "the previous": -1,
    "previous": -1,
    "next": 1,
    "the next": 1,
    "the coming": 1,
    "this past": -1,
    "this coming": 1,
    "coming": 1,
    "the latest": -1,
    "the prior": -1,
    "prior": -1,
}


@rule(
    "rel_unit",
    rf"\b{_REL_MOD}?(?P<rel>{REL})\s+(?P<unit>week|weekend|month|year|quarter|decade|century)"
    r"(?!['\u2019]s\s+(?:first|second|third|fourth)?\s*quarter)(?![\w-])(?:\s+or\s+so\b)?",
    priority=400,
    anchors=("units",),
    margins=UNIT_LAST,
)
def rel_unit(m: Groups, ctx: Ctx) -> Result:
    rel_tok, unit_tok = m["rel"], m["unit"]
    assert rel_tok is not None and unit_tok is not None
    rel = re.sub(r"\s+", " ", rel_tok.lower())
    unit = unit_tok.lower()
    off = _REL_OFFSETS[rel]
    if ctx.dct is None:
        return None, "DATE", unit
    dct = ctx.dct
    if unit == "weekend":
        if off == 0:
            base = dct if dct.weekday() >= 5 or ctx.future(m.start()) else dct - timedelta(days=7)
        else:
            base = dct + timedelta(weeks=off)
            if off < 0 and dct.weekday() >= 5:
                base = dct - timedelta(days=7)
        return f"{iso_week(base)}-WE", "DATE", "week"
    if unit == "decade" and rel in ("the past", "past"):
        return "P10Y", "DURATION", "decade"
    if unit == "quarter" and rel in ("the latest", "last", "the last", "the previous", "previous"):
        y, q = prev_quarter(dct)
        return f"{y}-Q{q}", "DATE", "quarter"
    if unit == "year" and rel == "the latest":
        return f"{dct.year - 1}", "DATE", "year"
    value, gran = shift(dct, unit, off)
    return value, "DATE", gran


@rule("the_weekend", r"\bthe\s+weekend\b", priority=330, anchors=("units",), margins=UNIT_LAST)
def the_weekend(m: re.Match[str], ctx: Ctx) -> Result:
    return rel_unit(Fixed(m, rel="this", unit="weekend"), ctx)


@rule(
    "earlier_in",
    r"\b(?:earlier|later)\s+in\s+the\s+(?P<unit>week|month|year)\b",
    priority=360,
    anchors=("units",),
    margins=UNIT_LAST,
)
def earlier_in(m: re.Match[str], ctx: Ctx) -> Result:
    return rel_unit(Fixed(m, rel="this"), ctx)


_THIS_UNIT_BEFORE = re.compile(r"\bthis\s+(?P<unit>year|month|week|quarter)\b[^.;!?\n]{0,60}$", re.I)


@rule(
    # "twice as high a dividend this year as last": the elided unit is the one named before
    "as_last",
    r"\b(?:as|than)\s+(?P<x>last)\b(?=\s*(?:[.,;:!?)\"'\u201d]|$)|\s+(?:and|but|or|when|while|because)\b)",
    priority=520,
    words=("year", "month", "week", "quarter"),
    margins=(8, 90),
    report="x",
)
def as_last(m: re.Match[str], ctx: Ctx) -> Result:
    before = _THIS_UNIT_BEFORE.search(ctx.text, max(0, m.start() - 80), m.start())
    if before is None:
        return None
    return rel_unit(Fixed(m, rel="last", unit=before["unit"]), ctx)


@rule(
    "month_end",
    r"\bthe\s+(?:end|beginning|start|middle)\s+of\s+(?:the|this)\s+month\b",
    priority=350,
    anchors=("units",),
    margins=UNIT_LAST,
)
def month_end(m: re.Match[str], ctx: Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "month"
    return f"{ctx.dct.year:04d}-{ctx.dct.month:02d}", "DATE", "month"


@rule(
    "week_end",
    r"\bthe\s+(?:end|beginning|start|middle)\s+of\s+(?:the|this)\s+week\b",
    priority=370,
    anchors=("units",),
    margins=UNIT_LAST,
)
def week_end(m: re.Match[str], ctx: Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "week"
    return iso_week(ctx.dct), "DATE", "week"


@rule(
    # market reports: "For the week, the index fell", "the week's most active session"
    "the_week",
    r"(?:(?<=\bfor\s)|(?<=\bduring\s)|(?<=\bin\s)|(?<=\bover\s)|(?<=\bthroughout\s))\bthe\s+week"
    r"(?![\w'\u2019-])(?!\s+(?:of|before|after|ahead|ended|ending|earlier|later|following|prior|that|when|"
    r"to|in\s+which|or)\b)|\bthe\s+week(?=['\u2019]s\s+(?!end\b))",
    priority=380,
    anchors=("units",),
)
def the_week(m: re.Match[str], ctx: Ctx) -> Result:
    """Resolve "for the week": the current week, or the week just ended when a Monday paper looks back."""
    if ctx.dct is None:
        return None, "DATE", "week"
    d = ctx.dct
    if d.weekday() == 0 and not ctx.future(m.start()):
        d -= timedelta(days=7)
    return iso_week(d), "DATE", "week"
