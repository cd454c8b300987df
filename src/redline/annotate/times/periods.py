"""Rules for years and their parts: quarters, halves, fiscal and year-ago periods, decades, centuries."""

from __future__ import annotations

import re
from datetime import timedelta

from redline.annotate.times.context import Ctx, infer_year
from redline.annotate.times.dates import prev_quarter, quarter_of, safe_date
from redline.annotate.times.registry import UNIT_LAST, YEAR_LAST, Result, rule
from redline.annotate.times.words import MOD, day_num, lexicon, month_num, pieces, qnum, year_num

P = pieces()
_YEAR, _QORD = P["year"], P["qord"]
_PERIOD = ("period", "periods")


@rule(
    "fiscal_year",
    rf"\b(?:the\s+)?(?:{MOD}[\s-]+)?(?:fiscal|calendar|financial)(?:\s+year)?\s+(?P<year>{_YEAR})",
    priority=220,
    anchors=("years",),
    words=("fiscal", "calendar", "financial"),
    margins=YEAR_LAST,
)
@rule(
    "year_mod",
    rf"\b(?:the\s+)?(?:(?:{MOD}|the\s+(?P<half>first|second|last)\s+half\s+of|sometime\s+in|"
    rf"around|the\s+summer\s+of)[\s-]+)(?P<year>{_YEAR})",
    priority=230,
    anchors=("years",),
    margins=YEAR_LAST,
)
@rule("the_year_n", rf"\bthe\s+year\s+(?P<year>{_YEAR})", priority=240, anchors=("years",), margins=YEAR_LAST)
def year(m: re.Match[str], ctx: Ctx) -> Result:
    y = year_num(m["year"])
    if y is None:
        return None
    half = (m.groupdict().get("half") or "").lower()
    if half:
        return (f"{y}-H1" if half.startswith("first") else f"{y}-H2"), "DATE", "year"
    return f"{y}", "DATE", "year"


# a number after these is no year: "$1998", "No. 2001", "Room 1999", "Flight 2012"
_SKIP_BEFORE = re.compile(r"(?:\$|#|No\.|no\.|number|Room|room|Flight|flight|Route|route|Highway)\s*$")


@rule(
    "year",
    rf"(?<![\w'])(?:(?:pre|post)-)?(?P<year>{_YEAR})(?![\w'])"
    r"(?:\s+(?:or\s+(?:later|earlier)|and\s+beyond)\b)?",
    priority=270,
    anchors=("years",),
    margins=YEAR_LAST,
)
def bare_year(m: re.Match[str], ctx: Ctx) -> Result:
    if _SKIP_BEFORE.search(ctx.text[max(0, m.start() - 8) : m.start()]):
        return None
    if is_count(ctx.text, m.start("year"), m.end("year")):
        return None
    return year(m, ctx)


# A four-digit number is a count, not a year, when grammar says so: a quantity word before it
# ("more than 2000", "rose to 1800"), a plural verb after it ("1800 were wounded"), or a plural
# noun after it without a determiner or a time preposition before it ("2000 workers marched",
# but "the 2016 elections", "in 2023 troops").
_QUANTITY_BEFORE = re.compile(
    r"(?:more|less|fewer)\s+than|\bover|at\s+(?:least|most)|up\s+to|\bnearly|\balmost|\bsome|approximately"
    r"|roughly|an\s+estimated|a\s+total\s+of|\btoll\s+(?:of|to|at)|(?:rose|risen|climbed|jumped|reached|increased"
    r"|fell|dropped|stood|stands)(?:\s+to|\s+at)?|\baged?|\$|€|£",
    re.I,
)
_PLURAL_VERB_AFTER = re.compile(r"\s+(?:were|are|have|had|remain|died|fled)\b")
_NOT_PLURAL = r"(?!(?:was|is|has|as|us|this|thus|its|plus|across|versus|whereas|unless|always)\b)"
_PLURAL_NOUN_AFTER = re.compile(
    rf"\s+(?:(?!(?:and|or|to|in|of|for|by|with|at|on)\b)[a-z]+[\s-]+)?{_NOT_PLURAL}[a-z]{{2,}}(?<!s)s\b"
    r"|\s+(?:people|police|personnel|staff|troops?)\b"
)
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|by|until|till|before|after|during|from|of|between|through|due|the|a|an|its|their|his|her"
    r"|this|that|fiscal|calendar|financial)\s*$|['’]s\s*$|\b(?:pre|post|mid)-$",
    re.I,
)


def is_count(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` counts things (people, money) rather than names a year."""
    before, after = text[max(0, start - 24) : start], text[end : end + 40]
    if _YEAR_BEFORE.search(before):
        return False
    if re.search(rf"(?:{_QUANTITY_BEFORE.pattern})\s*$", before, re.I):
        return True
    return bool(_PLURAL_VERB_AFTER.match(after) or _PLURAL_NOUN_AFTER.match(after))


@rule(
    "year_period",
    rf"\b(?:the\s+)?(?P<year>{P['year_num']})\s+(?:(?P<q>{_QORD})[\s-]+)?(?:fiscal\s+)?"
    r"(?P<kind>period|quarter|fiscal\s+year)\b",
    priority=190,
    anchors=("units", "years"),
    words=_PERIOD,
)
def year_period(m: re.Match[str], ctx: Ctx) -> Result:
    y = year_num(m["year"])
    if y is None:
        return None
    kind = m["kind"].lower()
    if m["q"]:
        return f"{y}-Q{qnum(m['q'])}", "DATE", "quarter"
    if kind.startswith("quarter") or (kind == "period" and ctx.quarter_context(m.start())):
        if ctx.dct is None:
            return f"{y}-QX", "DATE", "quarter"
        return f"{y}-Q{prev_quarter(ctx.dct)[1]}", "DATE", "quarter"
    return f"{y}", "DATE", "year"


@rule(
    "decade",
    r"\b(?:the\s+(?:first|second|last|latter)\s+half\s+of\s+)?(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?"
    r"(?:(?P<dec4>(?:1\d|20)\d0)['\u2019]?s\b|"
    r"['\u2019](?P<dec2>\d0)s\b|(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|"
    r"nineties)\b)",
    priority=250,
    anchors=("decade_words", "years", "decade_numbers"),
    margins=YEAR_LAST,
)
def decade(m: re.Match[str], ctx: Ctx) -> Result:
    if m["dec4"]:
        return m["dec4"][:3], "DATE", "decade"
    if m["dec2"]:
        d = int(m["dec2"][0])
        cent = 19 if ctx.dct is None or d > ctx.dct.year % 100 // 10 else ctx.dct.year // 100
        return f"{cent}{d}", "DATE", "decade"
    d = lexicon()["decade_words"][m["decw"].lower()]
    cent = 19 if ctx.dct is None or d > ctx.dct.year % 100 // 10 else ctx.dct.year // 100
    return f"{cent}{d}", "DATE", "decade"


@rule(
    "century",
    rf"\b(?:the\s+)?(?:(?P<crel>this|last|next|the\s+last|the\s+next|the\s+past)|"
    rf"(?P<cnum>\d{{1,2}}(?:st|nd|rd|th)|{P['ordw']}))[\s-]+century\b",
    priority=260,
    anchors=("units",),
    margins=UNIT_LAST,
)
def century(m: re.Match[str], ctx: Ctx) -> Result:
    if m["crel"]:
        if ctx.dct is None:
            return None, "DATE", "century"
        off = {"this": 0, "last": -1, "next": 1, "the last": -1, "the next": 1, "the past": -1}[
            re.sub(r"\s+", " ", m["crel"].lower())
        ]
        return f"{ctx.dct.year // 100 + off:02d}", "DATE", "century"
    tok = m["cnum"].lower()
    digits = re.match(r"\d+", tok)
    n = int(digits.group()) if digits else day_num(tok)
    if not n:
        return None
    return f"{n - 1:02d}", "DATE", "century"


@rule(
    "year_ago_q",
    rf"\b(?:the\s+|a\s+)?(?:(?:comparable|corresponding|same)\s+)?(?:year[\s-]ago|year[\s-]earlier|"
    rf"prior[\s-]year|previous[\s-]year)(?:\s+(?P<q>{_QORD}))?\s+(?P<kind>quarter|period)\b",
    priority=130,
    anchors=("units",),
    words=_PERIOD,
)
@rule(
    "corr_period",
    r"\bthe\s+(?:corresponding|comparable|same)\s+(?P<kind>period|quarter)\s+(?:of\s+)?"
    r"(?:last|a)\s+year(?:\s+ago)?\b",
    priority=140,
    anchors=("units",),
    words=_PERIOD,
)
@rule(
    "quarter_ago",
    r"\bthe\s+(?P<kind>quarter|period)\s+a\s+year\s+(?:ago|earlier)\b",
    priority=150,
    anchors=("units",),
    words=_PERIOD,
)
@rule(
    "year_ago_adj",
    r"\b(?:year[\s-]ago|year[\s-]earlier)\b(?!\s+(?:quarter|period))",
    priority=160,
    anchors=("units",),
)
def year_ago(m: re.Match[str], ctx: Ctx) -> Result:
    """'year-earlier', 'year-ago' (results), 'the year-ago quarter', 'the corresponding period last year'."""
    if ctx.dct is None:
        return None, "DATE", "year"
    q = m.groupdict().get("q")
    kind = (m.groupdict().get("kind") or "").lower()
    y, ref_q = prev_quarter(ctx.dct)
    if q:
        return f"{ctx.dct.year - 1}-Q{qnum(q)}", "DATE", "quarter"
    if kind in ("quarter", "period") or ctx.quarter_context(m.start()):
        return f"{y - 1}-Q{ref_q}", "DATE", "quarter"
    return f"{ctx.dct.year - 1}", "DATE", "year"


@rule(
    "quarter",
    rf"\b(?:(?:the|this\s+year['\u2019]s)\s+(?!(?:fiscal[\s-]+)?{_QORD}-quarter))?(?:fiscal[\s-]+)?(?P<q>{_QORD})"
    rf"[\s-]+(?:fiscal[\s-]+)?quarter(?![\w-])(?:\s+of\s+(?:fiscal\s+)?(?P<year>{_YEAR}))?",
    priority=170,
    anchors=("units", "years"),
)
def quarter(m: re.Match[str], ctx: Ctx) -> Result:
    q = qnum(m["q"])
    if m["year"]:
        y = year_num(m["year"])
    elif ctx.dct is None:
        return f"XXXX-Q{q}", "DATE", "quarter"
    else:
        y = ctx.dct.year
        if q > quarter_of(ctx.dct) and not ctx.future(m.start()):
            y -= 1
    return f"{y}-Q{q}", "DATE", "quarter"


@rule(
    "half",
    rf"\b(?:the\s+(?P<h>first|second|last|latter)\s+half|(?P<h2>first|last)\s+two\s+quarters)"
    rf"\s+of\s+(?:(?P<year>{_YEAR})|the\s+year)\b",
    priority=180,
    anchors=("units", "years"),
)
def half(m: re.Match[str], ctx: Ctx) -> Result:
    h = 1 if (m["h"] or m["h2"]).lower() == "first" else 2
    if m["year"]:
        y = year_num(m["year"])
    elif ctx.dct is None:
        return f"XXXX-H{h}", "DATE", "year"
    else:
        y = ctx.dct.year
    return f"{y}-H{h}", "DATE", "year"


_PERIOD_ENDED = re.compile(
    rf"\s+(?:which\s+)?(?:ended|ending|that\s+ended)\s+(?:on\s+)?(?P<mon>{P['month']})\s+"
    rf"(?P<day>{P['day']})(?:,?\s+(?P<year>{P['year_num']}))?"
)


@rule(
    "the_quarter",
    r"\bthe\s+(?:(?P<adj>latest|current|most\s+recent|recent|just-ended|past|last|previous)\s+)?"
    r"(?:fiscal\s+)?(?:quarter|period)(?![\w-])",
    priority=200,
    anchors=("units",),
    words=_PERIOD,
    margins=UNIT_LAST,
)
@rule("this_quarter", r"\b(?P<adj>this)\s+quarter\b", priority=210, anchors=("units",), margins=UNIT_LAST)
def the_quarter(m: re.Match[str], ctx: Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "quarter"
    adj = (m["adj"] or "").lower()
    end = _PERIOD_ENDED.match(ctx.text, m.end())
    if end is not None and (dd := day_num(end["day"])) is not None:
        # "the quarter ended July 31": a fiscal quarter, dated by the calendar quarter most of it lies in
        mo = month_num(end["mon"])
        y = year_num(end["year"]) if end["year"] else infer_year(mo, dd, ctx, m.start())
        last = safe_date(y, mo, dd) if y else None
        if last is not None:
            mid = last - timedelta(days=45)
            return f"{mid.year}-Q{quarter_of(mid)}", "DATE", "quarter"
    if adj in ("current", "this"):
        return f"{ctx.dct.year}-Q{quarter_of(ctx.dct)}", "DATE", "quarter"
    y, q = prev_quarter(ctx.dct)
    return f"{y}-Q{q}", "DATE", "quarter"


@rule(
    "rel_year_quarter",
    rf"\b(?P<rel>this|last|next)\s+year['\u2019]s\s+(?:(?P<q>{_QORD})[\s-]+)?(?:fiscal\s+)?quarter\b",
    priority=120,
    anchors=("units",),
)
def rel_year_quarter(m: re.Match[str], ctx: Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "quarter"
    off = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    q = qnum(m["q"]) if m["q"] else prev_quarter(ctx.dct)[1]
    return f"{ctx.dct.year + off}-Q{q}", "DATE", "quarter"


@rule(
    "the_year",
    r"\bthe\s+(?P<adj>(?:(?:current|full|latest|calendar|same|previous|prior)\s+)*(?:fiscal\s+)?)year"
    r"(?![\w-])(?!\s+(?:ago|earlier|before|later|or|and|two|\d))",
    priority=340,
    anchors=("units",),
    margins=UNIT_LAST,
)
def the_year(m: re.Match[str], ctx: Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "year"
    adj = (m["adj"] or "").lower()
    if "latest" in adj or "previous" in adj or "prior" in adj:
        return f"{ctx.dct.year - 1}", "DATE", "year"
    return f"{ctx.dct.year}", "DATE", "year"


@rule(
    "rel_year_end",
    r"\b(?:around\s+)?(?:the\s+)?(?:year[\s-]end|year['\u2019]s\s+end|end\s+of\s+the\s+year)\b",
    priority=320,
    anchors=("units",),
    margins=UNIT_LAST,
)
def year_end(m: re.Match[str], ctx: Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "year"
    return f"{ctx.dct.year}", "DATE", "year"
