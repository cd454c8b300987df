"""Rules for vague references (PRESENT_REF, PAST_REF, FUTURE_REF) and for anaphora ("that day")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from redline.annotate.times.context import Ctx
from redline.annotate.times.dates import add_months, shift
from redline.annotate.times.registry import UNIT_LAST, Handler, Result, Rule, add_rule, rule
from redline.annotate.times.words import alt, lexicon, pieces, weekday_num
from redline.records import TimeExpr


def ref(value: str) -> Handler:
    """A handler that gives every match the same vague value."""

    def handler(m: re.Match[str], ctx: Ctx) -> Result:
        return value, "DATE", "ref"

    return handler


add_rule(
    Rule(
        "previously",
        r"(?<![\w-])(?-i:Previously)(?![\w-])",
        ref("PAST_REF"),
        priority=490,
        anchors=("past_ref",),
        words=("previously",),
    )
)
# "in a year or two": an unspecified time ahead
add_rule(
    Rule(
        "or_two",
        r"\bin\s+(?P<x>(?:a|one)\s+(?:day|week|month|year)\s+or\s+two)\b(?!\s+(?:ago|earlier|later|before|after)\b)",
        ref("FUTURE_REF"),
        priority=510,
        words=("two",),
        report="x",
    )
)
# "will one day be ...": an unspecified future time (reported without the modal)
add_rule(
    Rule(
        "one_day",
        r"\b(?:will|would|could|might|may|can|shall)\s+(?:not\s+)?(?P<x>one\s+day)\b(?!\s+(?:after|before|later|of)\b)",
        ref("FUTURE_REF"),
        priority=530,
        words=("day",),
        report="x",
    )
)
add_rule(
    Rule(
        "moment",
        r"\b(?:this|the\s+present)\s+(?:(?-i:[a-z]+)\s+)?moment\b",
        ref("PRESENT_REF"),
        priority=540,
        words=("moment",),
    )
)
# the adjective/noun "future" ("future losses", "the boy's future"), not a name ("Future Group")
add_rule(
    Rule(
        "future_word",
        r"(?<![\w-])(?-i:future)(?![\w-])",
        ref("FUTURE_REF"),
        priority=550,
        anchors=("future_ref",),
    )
)


def _ref_pattern(words: list[str]) -> str:
    """The words of a ``timex.json`` list; single words only when not the start of a longer
    phrase ("now as ...", "soon after")."""
    single = [w for w in words if " " not in w]
    multi = [w for w in words if " " in w]
    return rf"(?<![\w-])(?:(?:{alt(multi)})|(?:{alt(single)})(?!\s+(?:as|after|than)\b))(?![\w-])"


_LX = lexicon()
add_rule(
    Rule(
        "present_ref",
        _ref_pattern(_LX["present_ref"]),
        ref("PRESENT_REF"),
        priority=560,
        anchors=("present_ref",),
    )
)
add_rule(
    Rule(
        "past_ref",
        _ref_pattern(_LX["past_ref"]),
        ref("PAST_REF"),
        priority=570,
        anchors=("past_ref",),
        words=("previously",),
    )
)
add_rule(
    Rule(
        "future_ref",
        _ref_pattern(_LX["future_ref"]),
        ref("FUTURE_REF"),
        priority=580,
        anchors=("future_ref",),
    )
)


# ---------------------------------------------------------------------------------------------
# anaphora: marked by the rule, resolved once every expression of the text is known

ANAPHOR = "ANAPHOR"  # a value to resolve against the text's latest explicit date
ANAPHORIC_UNITS = ("day", "week", "month", "year")  # "four days later": ANAPHOR+4 day


@rule(
    "anaphor",
    r"\b(?:(?:later|earlier)\s+)?(?:that|the\s+same|that\s+same|the\s+following|the\s+next|the\s+previous)"
    r"\s+(?:day|year|month|morning|afternoon|evening|night)\b",
    priority=480,
    anchors=("units", "parts_of_day"),
    margins=UNIT_LAST,
)
def anaphor(m: re.Match[str], ctx: Ctx) -> Result:
    # resolved later against the preceding explicit date (see resolve_anaphora)
    return "ANAPHOR", "DATE", None


@rule(
    "anaphor_around",
    r"\bthe\s+(?P<unit>day|night|week|month|year)\s+(?P<dir>before|after)"
    r"(?=\s*(?:[,.;:!?)\"\u201d]|$)|\s+(?:and|but|when|as|while)\b)",
    priority=485,
    anchors=("units", "parts_of_day"),
    margins=UNIT_LAST,
)
def anaphor_around(m: re.Match[str], ctx: Ctx) -> Result:
    # "had arrested two suspects the day before": a day before the day the text tells of
    # (resolved later, as "a day earlier" is); not "the day before the vote"
    unit = "day" if m["unit"].lower() == "night" else m["unit"].lower()
    return f"{ANAPHOR}{-1 if m['dir'].lower() == 'before' else 1:+d} {unit}", "DATE", unit


_REL_WEEKDAY = re.compile(rf"the\s+(?P<rel>previous|following)\s+(?P<wd>{pieces()['weekday']})", re.I)


def resolve_anaphora(items: list[TimeExpr], dct: date | None) -> list[TimeExpr]:
    """Give "that day", "the next month" ... the value counted from the latest explicit date before
    them (dropping those without one), and "the previous Friday" the one before that date."""
    last_day: str | None = None
    last_month: str | None = None
    last_year: str | None = None
    year_before: str | None = None  # the latest year before the last kept expression
    kept: list[TimeExpr] = []
    for t in items:
        low = re.sub(r"\s+", " ", t.text.lower())
        if (
            t.value == ANAPHOR
            and low in {"that year", "that same year", "the same year"}
            and year_before
            and kept
            and 0 <= t.start - kept[-1].end <= 4  # "August 5 that year", "March of that year"
            and re.match(r"\d{4}-\d{2}", kept[-1].value or "")
            and not re.search(r"\d{4}", kept[-1].text)
        ):
            # "on August 5 that year": the year the text is telling of, not publication's
            day = kept[-1]
            day.value = year_before + (day.value or "")[4:]
            last_year, last_month = year_before, day.value[:7]
            last_day = day.value if len(day.value) == 10 else last_day
            t.value, t.granularity = year_before, "year"
            kept.append(t)
            continue
        if t.value and t.value.startswith(ANAPHOR) and t.value != ANAPHOR:
            # "four days later", "a month earlier": from the latest explicit date, else publication
            count, unit = t.value[len(ANAPHOR):].split()
            base = last_day or (f"{last_month}-01" if last_month else None) or (
                f"{last_year}-01-01" if last_year else None
            )
            if unit == "day" and last_day is None:
                base = None  # a day counted from a month or a year is no day
            anchor = date.fromisoformat(base) if base else dct
            if anchor is None:
                t.value = None  # no date to count from: stays unresolved, as "ago" does
            else:
                t.value, t.granularity = shift(anchor, unit, int(count))
            kept.append(t)
            continue
        if t.value == ANAPHOR:
            step = 1 if ("following" in low or "next" in low) else (-1 if "previous" in low else 0)
            value: str | None = None
            gran = None
            if low.endswith(("day", "morning", "afternoon", "evening", "night")) and last_day:
                value = (date.fromisoformat(last_day) + timedelta(days=step)).isoformat()
                gran = "day"
            elif low.endswith("month") and last_month:
                y, m = add_months(int(last_month[:4]), int(last_month[5:7]), step)
                value, gran = f"{y:04d}-{m:02d}", "month"
            elif low.endswith("year") and last_year:
                value, gran = str(int(last_year) + step), "year"
            elif step == -1 and low.endswith(("day", "night")) and dct is not None and last_day is None:
                # "..., police said, had attacked the post the previous day": the day before the
                # report's, which with no date told before is the publication's
                value, gran = (dct - timedelta(days=1)).isoformat(), "day"
            if value is None:
                continue
            t.value, t.granularity = value, gran
            kept.append(t)
            continue
        rel_wd = _REL_WEEKDAY.fullmatch(t.text)
        if rel_wd is not None and last_day:
            # "the previous Friday": the one before the day the text is about, not before publication
            base = date.fromisoformat(last_day)
            wd = weekday_num(rel_wd["wd"])
            if rel_wd["rel"].lower() == "previous":
                t.value = (base - timedelta(days=(base.weekday() - wd) % 7 or 7)).isoformat()
            else:
                t.value = (base + timedelta(days=(wd - base.weekday()) % 7 or 7)).isoformat()
        v = t.value or ""
        if t.type == "DATE" and re.match(r"\d{4}", v) and v != (dct.isoformat() if dct else None):
            year_before, last_year = last_year, v[:4]
            if re.match(r"\d{4}-\d{2}", v):
                last_month = v[:7]
            if re.match(r"\d{4}-\d{2}-\d{2}$", v):
                last_day = v
        kept.append(t)
    return kept
