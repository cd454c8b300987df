"""Find date/time expressions in text and resolve them to TIMEX3 values.

``find_times(text, published)`` returns :class:`~redline.records.TimeExpr` items (sorted,
non-overlapping, longest match wins) whose ``value`` follows TimeML/TIMEX3 conventions as
annotated in TimeBank: ``2024-07-02``, ``2024-06``, ``2024``, ``2024-W26``, ``2024-W26-WE``,
``2024-Q1``, ``2024-SP``, ``199`` (a decade), ``19`` (a century), ``PRESENT_REF``, ``P3Y`` ...

Relative expressions are anchored on the publication date.  Dates without a year take the
publication year, moved one year back when that would put them well in the future (news
mostly reports the past) or one year forward when the clause is about the future ("will",
"scheduled", "payable" ...).  Everything is regex based: one compiled pattern per rule, no
model, a few hundred microseconds per article.

Conventions and known gaps (measured on the TimeBank/AQUAINT dev set, whose annotators disagree
with each other on several of them):

- Datelines.  A wire dateline at the start of a raw text ("WASHINGTON, March 3 (Xinhua) --") is
  the day the story was filed: its date resolves to the latest such day on or before publication,
  and when it lies 1-3 days before publication it becomes the anchor of the text's relative
  expressions.  The cleaner normally strips datelines into ``Document.dateline``; pass it as
  ``find_times(..., dateline=...)`` to keep that anchor, and :func:`find_times_in_dateline`
  resolves its date (offsets relative to the dateline; ``redline.annotate.document_times`` adds
  it to a document's times with negative offsets).
- Tense.  The nearest tense cue in the clause (up to 110 characters back) decides past/future
  for year-less dates; an -ed word after a determiner ("a still unspecified date") is an
  adjective, not a past-tense cue, and "could" is no future cue.
- Weekdays.  Past by default; future after a future cue or a deadline ("by/until Friday",
  "postponed until Tuesday"), unless the clause is told in the past ("had filed ... by
  Wednesday"), and after a scheduled event's verb in the present or present progressive ("the
  ministers meet Monday", "talks resume on Thursday", "the envoy is arriving Friday"; a short
  list of such verbs in ``timex.json``, none that is mostly a noun).  A date that opens its
  clause ("On Tuesday, the league plans to ...") takes the tense of the clause's first cue after
  it (not one in a relative or subordinate clause; "planned to" told without "is" is past).
  A weekday followed by a past-tense verb or a possessive ("on Sunday issued",
  "Wednesday's ruling") is always the latest such day.
- "Friday night" keeps the day's value (TimeBank mostly does; some AQUAINT files use ...TNI).
- Weeks are ISO weeks, zero-padded (2000-W07); TimeBank's WSJ files often use 1989-WXX instead.
- "October this year" is one expression (AQUAINT's Xinhua files mark only "October").
- Fiscal quarters: "the quarter ended July 31" is the calendar quarter most of it lies in
  (2024-Q2); an ordinal keeps its fiscal label ("its fourth quarter ended Sept. 30" is Q4).
- Anaphora: "the previous Friday", "the next morning", "that day" count from the latest explicit
  day-date before them in the text; without one, "the previous Friday" counts from publication
  and the others are left out.
- Vague references: "future" (adjective or noun), "will one day", "in a year or two" are
  FUTURE_REF; "this (crucial) moment" PRESENT_REF; of "right now" only "now" is marked
  (as TimeBank mostly does).
- "For the week", "the week's" (market reports): the current ISO week, on a Monday the week just
  ended.  Not handled: "the day" anaphora.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from redline.records import TimeExpr
from redline.timespans import to_day

__all__ = ["find_times", "find_times_in_dateline", "resolve_phrase", "to_date"]

_DATA_PATH = Path(__file__).resolve().parents[2] / "data" / "timex.json"

# How far in the future (days) a year-less date may lie before it is taken as last year's.
_FUTURE_TOLERANCE_DAYS = 60


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The word lists of ``data/timex.json`` (cached)."""
    with _DATA_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


# ---------------------------------------------------------------------------------------------
# small helpers


# the publication day: one date parser for the whole project
to_date = to_day


def _alt(words: list[str] | Any) -> str:
    """Regex alternation of words, longest first, spaces matching any whitespace."""
    ws = sorted({w for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws)


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _add_months(y: int, m: int, delta: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + delta
    return idx // 12, idx % 12 + 1


def _quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _prev_quarter(d: date) -> tuple[int, int]:
    q = _quarter(d) - 1
    return (d.year, q) if q >= 1 else (d.year - 1, 4)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _nth_weekday(y: int, month: int, weekday: int, n: int) -> date:
    """n-th (1-based; -1 = last) weekday (0=Monday) of a month."""
    if n > 0:
        first = date(y, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = date(y + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _easter(y: int) -> date:
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


def _words_to_int(s: str) -> int | None:
    """'24', '1,000', 'twenty four', 'twenty-four', 'a hundred', 'two thousand' -> int."""
    s = s.strip().lower()
    digits = s.replace(",", "")
    if digits.isdigit():
        return int(digits)
    nums = lexicon()["numbers"]
    total = current = 0
    seen = False
    for w in re.split(r"[\s-]+", s):
        if w in ("and", ""):
            continue
        if w not in nums:
            return None
        v = nums[w]
        seen = True
        if v == 100:
            current = max(current, 1) * 100
        elif v == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += v
    return total + current if seen else None


def _spelled_year(s: str) -> int | None:
    """'nineteen ninety-six' -> 1996, 'two thousand' -> 2000, 'twenty ten' -> 2010."""
    words = [w for w in re.split(r"[\s-]+", s.lower()) if w and w != "and"]
    nums = lexicon()["numbers"]
    if len(words) >= 2 and words[0] == "two" and words[1] == "thousand":
        rest = _words_to_int(" ".join(words[2:])) if len(words) > 2 else 0
        return 2000 + (rest or 0)
    if not words or words[0] not in nums:
        return None
    head = nums[words[0]]
    tail_words = words[1:]
    if tail_words and tail_words[0] == "hundred":
        rest = _words_to_int(" ".join(tail_words[1:])) if len(tail_words) > 1 else 0
        return head * 100 + (rest or 0)
    if tail_words and tail_words[0] == "oh":
        tail_words = tail_words[1:]
    tail = _words_to_int(" ".join(tail_words)) if tail_words else None
    if tail is None or tail >= 100:
        return None
    return head * 100 + tail


# ---------------------------------------------------------------------------------------------
# grammar


@lru_cache(maxsize=1)
def _pieces() -> dict[str, str]:
    lx = lexicon()
    full = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    abbr = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"]
    ab = "|".join(abbr)
    upper = "|".join(m.upper() for m in full)
    month = rf"(?-i:(?:{'|'.join(full)}|{upper})\b|(?:{ab})\.|(?:{ab})\b(?=\s+\d))"
    ordw = _alt(list(lx["ordinals"]))
    tens = "twenty|thirty"
    ord_word = rf"(?:(?:{tens})[\s-])?(?:{ordw})"
    day = rf"(?:(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)|{ord_word})"
    teens = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    tensw = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    units1 = "one|two|three|four|five|six|seven|eight|nine"
    spelled_year = (
        rf"(?:(?:eighteen|nineteen|twenty)[\s-]+(?:hundred|oh[\s-]+(?:{units1})|{teens}|"
        rf"(?:{tensw})(?:[\s-](?:{units1}))?)\b"
        rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{teens}|{units1})\b)?)"
    )
    year_num = r"(?<![\d$£€.,/#])(?<!\d-)(?:1[0-9]\d\d|20\d\d)(?![\d]|[.,]\d|\s*%|-\d|\s+percent)"
    year = rf"(?:{year_num}|{spelled_year})"
    num_word = _alt([w for w in lx["numbers"] if w not in ("a", "an")])
    number = rf"(?:\d+(?:,\d{{3}})*|(?:{num_word})(?:[\s-]+(?:{num_word}))*|an?)"
    vague = _alt(lx["vague_numbers"])
    numq = rf"(?:{number}|{vague})"
    unit = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|century|centurie)s?"
    weekday = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    season = r"(?:spring|summer|autumn|fall|winter)"
    part = r"(?:morning|afternoon|evening|night)"
    qord = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
    approx = (
        r"(?:(?:nearly|almost|about|around|roughly|some|more\s+than|less\s+than|over|just|only|"
        r"barely|at\s+least|up\s+to|approximately)\s+)"
    )
    return {
        "month": month,
        "day": day,
        "year": year,
        "year_num": year_num,
        "number": number,
        "numq": numq,
        "unit": unit,
        "weekday": weekday,
        "season": season,
        "part": part,
        "qord": qord,
        "approx": approx,
        "ordw": ord_word,
    }


# ---------------------------------------------------------------------------------------------
# context: publication date, text, future-tense cues


class _Ctx:
    def __init__(self, text: str, dct: date | None) -> None:
        self.text = text
        self.dct = dct
        lx = lexicon()
        self._quarter_positions: list[int] | None = None
        self.lx = lx
        self.span_end = 0  # end of the candidate being resolved (set by _candidates)

    def quarter_context(self, pos: int) -> bool:
        """Is this a quarterly-results context (a 'quarter' mentioned shortly before or in the sentence)?"""
        if self._quarter_positions is None:
            self._quarter_positions = [m.start() for m in _QUARTER_WORD.finditer(self.text)]
        return any(pos - 400 <= p <= pos + 80 for p in self._quarter_positions)

    def tense(self, start: int, immediate: bool = True) -> str | None:
        """'future' / 'past' / None: the nearest tense cue in the clause before ``start``.

        ``immediate``: a directly preceding "by"/"until" (a deadline) counts as future.
        """
        lo = max(0, start - 110)
        for m in _CLAUSE_BREAK.finditer(self.text, lo, start):
            lo = m.end()
        window = self.text[lo:start]
        last = None
        # searched in place (not in a slice) so that look-behinds see the words before the window
        for m in _TENSE_CUE.finditer(self.text, lo, start):
            last = m
        if _SCHEDULED_BEFORE.search(self.text, max(lo, start - 60, last.end() if last else 0), start):
            # a plan told in the present: "the ministers meet Monday", "talks resume on Thursday",
            # "the envoy is arriving Friday"
            return "future"
        if immediate and _DEFERRED_THROUGH.search(window):
            return "future"  # "extended the loans through January"
        if immediate and _IMMEDIATE_FUTURE.search(window):
            # a deadline ("by Friday", "until March"), unless told in the past ("had filed ... by Friday")
            if (last is None or last.lastgroup == "f") and not _PAST_AFTER.match(self.text, start):
                return "future"
            if _DEFERRED.search(window):
                return "future"
        if last is None and _FRONTED.fullmatch(window):
            # a fronted adverbial ("On Tuesday, the league plans to ..."): the verb comes after it
            return self._tense_after(start)
        if last is None:
            return None
        return "future" if last.lastgroup == "f" else "past"

    def _tense_after(self, start: int) -> str | None:
        """Tense of the clause an expression opens: its first cue up to the end of the sentence."""
        lo = max(start, self.span_end)
        stop = _CLAUSE_BREAK.search(self.text, lo, min(len(self.text), lo + 160))
        hi = stop.start() if stop else min(len(self.text), lo + 160)
        # not into a subordinate clause ("On Friday, when the envoy ..., ", "..., who will remain")
        if sub := _SUBORDINATE.search(self.text, lo, hi):
            hi = sub.start()
        sched = _SCHEDULED_AFTER.search(self.text, lo, hi)
        cue = _TENSE_CUE.search(self.text, lo, hi)
        if sched is not None and (cue is None or sched.start() < cue.start()):
            return "future"
        if cue is None:
            return None
        if (
            cue.lastgroup == "f"
            and cue.group().lower().endswith("ed")
            and not _BE_BEFORE.search(self.text, max(0, cue.start() - 8), cue.start())
        ):
            return "past"  # "the government planned to pay ...": a plan told in the past
        return "future" if cue.lastgroup == "f" else "past"

    def future(self, start: int, immediate: bool = True) -> bool:
        return self.tense(start, immediate) == "future"


_CLAUSE_BREAK = re.compile(
    r"(?:(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})(?<!\b[A-Z][a-z]{3})[.!?]\s|\n|;|``|''|\"|\s--\s)"
)
_DEFERRED = re.compile(
    r"\b(?:postponed|delayed|extended|adjourned|deferred|put\s+off|pushed\s+back)\b[^.;]{0,40}?"
    r"\b(?:until|till|to)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$",
    re.I,
)
_DEFERRED_THROUGH = re.compile(
    r"\b(?:postponed|delayed|extended|adjourned|deferred|put\s+off|pushed\s+back)\b[^.;]{0,60}?"
    r"\bthrough\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$",
    re.I,
)
_PAST_AFTER = re.compile(r"[^.;!?\n]{0,40}?\b(?:had|was|were|did)\b", re.I)
_QUARTER_WORD = re.compile(r"\bquarter|\bquarterly\b|\bnine months\b|\bsix months\b", re.I)


# an -ed word after a determiner is an adjective ("a still unspecified date", "the planned talks")
_NOT_AFTER_DETERMINER = "".join(
    rf"(?<!\b{w}\s)" for w in ("a", "an", "the", "its", "his", "her", "our", "their", "still", "newly")
)


@lru_cache(maxsize=1)
def _cue_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lx = lexicon()
    tense = re.compile(
        rf"(?<![\w'])(?:(?!(?-i:May)\b)(?P<f>{_alt(lx['future_cues'])})|(?<!\bbe\s)(?<!\bbeen\s)(?P<p>{_alt(lx['past_cues'])}|"
        rf"{_NOT_AFTER_DETERMINER}(?!hundred|kindred|sacred|naked|wicked)(?-i:[a-z]{{2,}}[a-df-z]ed)))\b",
        re.I,
    )
    imm = re.compile(
        rf"\b(?:{_alt(lx['immediate_future_cues'])})\s+(?:the\s+)?(?:early\s+|mid-?|late\s+)?$", re.I
    )
    return tense, imm


_TENSE_CUE, _IMMEDIATE_FUTURE = _cue_patterns()


@lru_cache(maxsize=1)
def _scheduled_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A scheduled event's verb in the present tense or present progressive ("meet", "resumes",
    "is arriving"), not a noun ("the start", "heads of state") nor after "to"/"did"/"not"."""
    lx = lexicon()
    verb = (
        r"(?:(?<![\w'\u2019-])(?<!\bto\s)(?<!\bdid\s)(?<!\bdoes\s)(?<!\bdo\s)(?<!n't\s)(?<!\bnot\s)"
        rf"(?<!\bnever\s){_NOT_AFTER_DETERMINER}(?<!\bthis\s)(?<!\bthat\s)(?<!\beach\s)(?<!\bevery\s)"
        r"(?<!\bno\s)(?<!\bon\s)(?<!\bin\s)(?<!['\u2019]s\s)"
        rf"(?:{_alt(lx['scheduled_present'])})|(?:\b(?:is|are|am)|['\u2019](?:s|re))\s+(?:[a-z]+ly\s+)?"
        rf"(?:{_alt(lx['scheduled_progressive'])}))(?![\w'\u2019-])(?!\s+of\b)"
    )
    before = re.compile(rf"{verb}(?:\s+(?:[\w'\u2019.-]+)){{0,5}}?\s+$", re.I)
    return before, re.compile(verb, re.I)


_SCHEDULED_BEFORE, _SCHEDULED_AFTER = _scheduled_patterns()
_SUBORDINATE = re.compile(
    r"\b(?:who|which|that|when|while|whose|after|before|because|since|if|although|though)\b", re.I
)
_BE_BEFORE = re.compile(r"\b(?:is|are|am|be|been|being)\s+$|['\u2019](?:s|re)\s+$", re.I)
# what may stand before an expression that opens its clause: "On Tuesday, ...", "And early next week ..."
_FRONTED = re.compile(
    r"\s*(?:(?:and|but|also|then|so|meanwhile|separately),?\s+)*"
    r"(?:(?:on|in|by|during|early|late|earlier|later|from|starting|beginning|until|till|at)\s+)?(?:the\s+)?",
    re.I,
)


# ---------------------------------------------------------------------------------------------
# resolution helpers

Result = tuple[str | None, str, str | None] | None  # (value, type, granularity)


def _month_num(tok: str) -> int:
    return lexicon()["months"][tok.lower().rstrip(".")]


def _day_num(tok: str) -> int | None:
    t = tok.lower().strip()
    m = re.match(r"(\d+)", t)
    if m:
        return int(m.group(1))
    ords = lexicon()["ordinals"]
    parts = re.split(r"[\s-]+", t)
    if len(parts) == 2:
        return {"twenty": 20, "thirty": 30}.get(parts[0], 0) + ords.get(parts[1], 0)
    return ords.get(t)


def _year_num(tok: str) -> int | None:
    t = tok.strip()
    if t.isdigit():
        return int(t)
    return _spelled_year(t)


def _infer_year(month: int, day: int | None, ctx: _Ctx, start: int) -> int | None:
    """Year of a year-less month (and day): past by default, the future when the clause says so."""
    dct = ctx.dct
    if dct is None:
        return None
    y = dct.year
    tense = ctx.tense(start)
    if tense == "future":
        if day is None:
            return y + 1 if month < dct.month - 1 else y
        cand = _safe_date(y, month, day)
        return y + 1 if cand is not None and (dct - cand).days > _FUTURE_TOLERANCE_DAYS else y
    cand = _safe_date(y, month, day or 1) or date(y, month, 28)
    if (cand - dct).days > _FUTURE_TOLERANCE_DAYS:
        return y - 1
    return y


def _weekday_date(wd: int, ctx: _Ctx, start: int, mode: str = "auto") -> date | None:
    dct = ctx.dct
    if dct is None:
        return None
    diff = wd - dct.weekday()
    if mode == "last":
        back = (dct.weekday() - wd) % 7 or 7
        return dct - timedelta(days=back)
    if mode == "next":
        fwd = diff % 7 or 7
        return dct + timedelta(days=fwd)
    if diff == 0:
        return dct
    if mode == "past":
        return dct - timedelta(days=(-diff) % 7)
    if ctx.future(start):
        return dct + timedelta(days=diff % 7)
    return dct - timedelta(days=(-diff) % 7)


def _shift(dct: date, unit: str, n: int) -> tuple[str, str]:
    """DCT moved by n units, formatted at that unit's granularity."""
    if unit in ("day", "night"):
        return (dct + timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return _iso_week(dct + timedelta(weeks=n)), "week"
    if unit == "fortnight":
        return _iso_week(dct + timedelta(weeks=2 * n)), "week"
    if unit == "month":
        y, m = _add_months(dct.year, dct.month, n)
        return f"{y:04d}-{m:02d}", "month"
    if unit == "quarter":
        idx = dct.year * 4 + _quarter(dct) - 1 + n
        return f"{idx // 4}-Q{idx % 4 + 1}", "quarter"
    if unit == "year":
        return f"{dct.year + n}", "year"
    if unit == "decade":
        return f"{(dct.year + 10 * n) // 10}", "decade"
    if unit in ("century", "centurie"):
        return f"{(dct.year + 100 * n) // 100}", "century"
    return f"{dct.year + n}", "year"


def _unit_of(tok: str) -> str:
    t = tok.lower()
    if t.endswith("ies"):
        return "century"
    return t[:-1] if t.endswith("s") and t not in ("hours",) or t.endswith("hours") else t


def _duration(n: int | None, unit: str) -> str:
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


def _season_code(tok: str) -> str:
    return lexicon()["seasons"][tok.lower()]


def _season_year(code: str, ctx: _Ctx, start: int) -> int | None:
    if ctx.dct is None:
        return None
    start_month = lexicon()["season_start_month"][code]
    y = ctx.dct.year
    if start_month > ctx.dct.month + 2 and not ctx.future(start):
        return y - 1
    return y


def _num_or_vague(tok: str) -> int | None:
    t = re.sub(r"\s+", " ", tok.strip().lower())
    if t in lexicon()["vague_numbers"]:
        return None
    return _words_to_int(t)


# ---------------------------------------------------------------------------------------------
# rules: (compiled pattern, handler)

Handler = Callable[[re.Match[str], _Ctx], Result]


def _h_iso(m: re.Match[str], ctx: _Ctx) -> Result:
    d = _safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    if d is None:
        return None
    if m["hh"]:
        return f"{d.isoformat()}T{m['hh']}:{m['mi']}", "TIME", "time"
    return d.isoformat(), "DATE", "day"


def _h_slash(m: re.Match[str], ctx: _Ctx) -> Result:
    y = int(m["y"])
    if y < 100:
        y += 1900 if y >= 50 else 2000
    d = _safe_date(y, int(m["mo"]), int(m["d"]))
    return (d.isoformat(), "DATE", "day") if d else None


def _h_full_date(m: re.Match[str], ctx: _Ctx) -> Result:
    mo = _month_num(m["mon"])
    dd = _day_num(m["day"])
    y_tok = m.groupdict().get("year")
    y = _year_num(y_tok) if y_tok else None
    if dd is None:
        return None
    if y is None:
        if ctx.dct is None:
            return f"XXXX-{mo:02d}-{dd:02d}", "DATE", "day"
        if m.groupdict().get("wd"):
            # a weekday pins the year: take the nearest year in which it matches
            wd = lexicon()["weekdays"][m["wd"].lower()]
            for cand in (ctx.dct.year, ctx.dct.year - 1, ctx.dct.year + 1):
                d = _safe_date(cand, mo, dd)
                if d and d.weekday() == wd:
                    return d.isoformat(), "DATE", "day"
        y = _infer_year(mo, dd, ctx, m.start())
    d = _safe_date(y, mo, dd) if y is not None else None
    return (d.isoformat(), "DATE", "day") if d else None


def _h_day_month(m: re.Match[str], ctx: _Ctx) -> Result:
    return _h_full_date(m, ctx)


def _h_and_day(m: re.Match[str], ctx: _Ctx) -> Result:
    before = _MONTH_DAY_BEFORE.search(ctx.text, max(0, m.start() - 16), m.start())
    if before is None:
        return None
    fixed = _Fixed(m, mon=before["mon"], day=m["day"], year=None, wd=None)  # type: ignore[arg-type]
    return _h_full_date(fixed, ctx)  # type: ignore[arg-type]


def _h_month_year(m: re.Match[str], ctx: _Ctx) -> Result:
    mo = _month_num(m["mon"])
    y = _year_num(m["year"])
    if y is None:
        return None
    return f"{y:04d}-{mo:02d}", "DATE", "month"


def _h_month_rel_year(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "month"
    mo = _month_num(m["mon"])
    off = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return f"{ctx.dct.year + off:04d}-{mo:02d}", "DATE", "month"


_MONTH_AS_MODIFIER = re.compile(
    r"\s+(?!(?:on|to|of|for|from|against|through|into|toward|towards|and|or|was|is|had|has|government|"
    r"cabinet|administration|ministry)\b)(?-i:[a-z]{3,})\b"
)
_MAY_MARCH_OK = re.compile(
    r"(?:\b(?:in|since|until|till|by|of|early|late|mid|through|from|during|last|this|next|before|after|"
    r"to|and|or|between|on|for|throughout|around|about|that|each|every|beginning|end|middle|start)\s+|mid-)$",
    re.I,
)


def _h_month(m: re.Match[str], ctx: _Ctx) -> Result:
    tok = m["mon"]
    mo = _month_num(tok)
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
        y = _infer_year(mo, None, ctx, m.start()) or y
    return f"{y:04d}-{mo:02d}", "DATE", "month"


def _h_year(m: re.Match[str], ctx: _Ctx) -> Result:
    y = _year_num(m["year"])
    if y is None:
        return None
    half = (m.groupdict().get("half") or "").lower()
    if half:
        return (f"{y}-H1" if half.startswith("first") else f"{y}-H2"), "DATE", "year"
    return f"{y}", "DATE", "year"


def _h_year_period(m: re.Match[str], ctx: _Ctx) -> Result:
    y = _year_num(m["year"])
    if y is None:
        return None
    kind = m["kind"].lower()
    if m["q"]:
        return f"{y}-Q{_qnum(m['q'])}", "DATE", "quarter"
    if kind.startswith("quarter") or (kind == "period" and ctx.quarter_context(m.start())):
        if ctx.dct is None:
            return f"{y}-QX", "DATE", "quarter"
        return f"{y}-Q{_prev_quarter(ctx.dct)[1]}", "DATE", "quarter"
    return f"{y}", "DATE", "year"


def _qnum(tok: str) -> int:
    t = tok.lower()
    return {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}[t]


def _h_decade(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["dec4"]:
        return m["dec4"][:3], "DATE", "decade"
    if m["dec2"]:
        d = int(m["dec2"][0])
        cent = 19 if ctx.dct is None or d > ctx.dct.year % 100 // 10 else ctx.dct.year // 100
        return f"{cent}{d}", "DATE", "decade"
    d = lexicon()["decade_words"][m["decw"].lower()]
    cent = 19 if ctx.dct is None or d > ctx.dct.year % 100 // 10 else ctx.dct.year // 100
    return f"{cent}{d}", "DATE", "decade"


def _h_century(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["crel"]:
        if ctx.dct is None:
            return None, "DATE", "century"
        off = {"this": 0, "last": -1, "next": 1, "the last": -1, "the next": 1, "the past": -1}[
            re.sub(r"\s+", " ", m["crel"].lower())
        ]
        return f"{ctx.dct.year // 100 + off:02d}", "DATE", "century"
    tok = m["cnum"].lower()
    n = int(re.match(r"\d+", tok).group()) if tok[0].isdigit() else _day_num(tok)
    if not n:
        return None
    return f"{n - 1:02d}", "DATE", "century"


def _h_rel_day(m: re.Match[str], ctx: _Ctx) -> Result:
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


def _h_this_pod(m: re.Match[str], ctx: _Ctx) -> Result:
    pod = m["pod"].lower()
    rel = m["rel"].lower()
    if ctx.dct is None:
        return None, "TIME", "time"
    d = ctx.dct - timedelta(days=1) if rel == "last" else ctx.dct
    return f"{d.isoformat()}T{lexicon()['parts_of_day'][pod]}", "TIME", "time"


def _h_ago(m: re.Match[str], ctx: _Ctx) -> Result:
    n = _num_or_vague(m["n"])
    unit = _unit_of(m["unit"])
    direction = m["dir"].lower()
    sign = 1 if direction in ("later", "hence", "from now") else -1
    if n is None:
        return ("PAST_REF" if sign < 0 else "FUTURE_REF"), "DATE", "ref"
    if ctx.dct is None:
        return None, "DATE", unit
    if (
        unit == "year"
        and n == 1
        and direction in ("earlier", "before", "ago")
        and ctx.quarter_context(m.start())
    ):
        y, q = _prev_quarter(ctx.dct)
        return f"{y - 1}-Q{q}", "DATE", "quarter"
    value, gran = _shift(ctx.dct, unit, sign * n)
    return value, "DATE", gran


def _h_year_ago_adj(m: re.Match[str], ctx: _Ctx) -> Result:
    """'year-earlier', 'year-ago' (results), 'the year-ago quarter', 'the corresponding period last year'."""
    if ctx.dct is None:
        return None, "DATE", "year"
    q = m.groupdict().get("q")
    kind = (m.groupdict().get("kind") or "").lower()
    y, ref_q = _prev_quarter(ctx.dct)
    if q:
        return f"{ctx.dct.year - 1}-Q{_qnum(q)}", "DATE", "quarter"
    if kind in ("quarter", "period") or ctx.quarter_context(m.start()):
        return f"{y - 1}-Q{ref_q}", "DATE", "quarter"
    return f"{ctx.dct.year - 1}", "DATE", "year"


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


def _h_rel_unit(m: re.Match[str], ctx: _Ctx) -> Result:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = m["unit"].lower()
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
        return f"{_iso_week(base)}-WE", "DATE", "week"
    if unit == "decade" and rel in ("the past", "past"):
        return "P10Y", "DURATION", "decade"
    if unit == "quarter" and rel in ("the latest", "last", "the last", "the previous", "previous"):
        y, q = _prev_quarter(dct)
        return f"{y}-Q{q}", "DATE", "quarter"
    if unit == "year" and rel == "the latest":
        return f"{dct.year - 1}", "DATE", "year"
    value, gran = _shift(dct, unit, off)
    return value, "DATE", gran


_SEASON_OK = re.compile(
    r"\b(?:in|since|during|by|until|through|throughout|over|this|last|next|early|late|of|"
    r"before|after|each|every)\s+$",
    re.I,
)


def _h_rel_season(m: re.Match[str], ctx: _Ctx) -> Result:
    code = _season_code(m["season"])
    bare = m.group().lower() == m["season"].lower()
    if bare and not _SEASON_OK.search(ctx.text[max(0, m.start() - 12) : m.start()]):
        return None
    if ctx.dct is None:
        return f"XXXX-{code}", "DATE", "season"
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    y = ctx.dct.year
    if m["year"]:
        y = _year_num(m["year"]) or y
    elif rel in ("last", "the past", "the previous"):
        y -= 1
    elif rel in ("next", "the coming", "this coming"):
        start_month = lexicon()["season_start_month"][code]
        y = y if start_month > ctx.dct.month else y + 1
    elif rel in ("this", "this past"):
        pass
    else:
        y = _season_year(code, ctx, m.start()) or y
    return f"{y}-{code}", "DATE", "season"


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> Result:
    wd = lexicon()["weekdays"][m["wd"].lower()]
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    mode = {
        "last": "last",
        "the previous": "last",
        "previous": "last",
        "this past": "last",
        "next": "next",
        "this coming": "next",
        "the following": "next",
        "the next": "next",
        "coming": "next",
    }.get(rel, "auto")
    if mode == "auto" and ctx.dct is not None and _WEEKDAY_PAST_AFTER.match(ctx.text, m.end()):
        # "the ministry on Sunday issued ...", "Wednesday's ruling": a reported event, not a plan
        if not _AHEAD_OF.search(ctx.text, max(0, m.start() - 24), m.start()):
            mode = "past"
    d = _weekday_date(wd, ctx, m.start(), mode)
    # TimeBank mostly gives "Friday night" the day's value (not ...TNI); so do we
    return (d.isoformat() if d else None), "DATE", "day"


def _h_day_before(m: re.Match[str], ctx: _Ctx) -> Result:
    """Resolve "the day before last Tuesday", "the day after Friday"."""
    r = _h_weekday(m, ctx)
    if r is None or r[0] is None:
        return r
    step = -1 if m["dir"].lower() == "before" else 1
    return (date.fromisoformat(r[0]) + timedelta(days=step)).isoformat(), "DATE", "day"


def _h_as_last(m: re.Match[str], ctx: _Ctx) -> Result:
    """Resolve "this year as last": the elided unit is the one named before."""
    before = _THIS_UNIT_BEFORE.search(ctx.text, max(0, m.start() - 80), m.start())
    if before is None:
        return None
    return _h_rel_unit(_Fixed(m, rel="last", unit=before["unit"]), ctx)


def _h_quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    q = _qnum(m["q"])
    if m["year"]:
        y = _year_num(m["year"])
    elif ctx.dct is None:
        return f"XXXX-Q{q}", "DATE", "quarter"
    else:
        y = ctx.dct.year
        if q > _quarter(ctx.dct) and not ctx.future(m.start()):
            y -= 1
    return f"{y}-Q{q}", "DATE", "quarter"


def _h_half(m: re.Match[str], ctx: _Ctx) -> Result:
    h = 1 if (m["h"] or m["h2"]).lower() == "first" else 2
    if m["year"]:
        y = _year_num(m["year"])
    elif ctx.dct is None:
        return f"XXXX-H{h}", "DATE", "year"
    else:
        y = ctx.dct.year
    return f"{y}-H{h}", "DATE", "year"


def _h_the_quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "quarter"
    adj = (m["adj"] or "").lower()
    end = _PERIOD_ENDED.match(ctx.text, m.end())
    if end is not None and (dd := _day_num(end["day"])) is not None:
        # "the quarter ended July 31": a fiscal quarter, dated by the calendar quarter most of it lies in
        mo = _month_num(end["mon"])
        y = _year_num(end["year"]) if end["year"] else _infer_year(mo, dd, ctx, m.start())
        last = _safe_date(y, mo, dd) if y else None
        if last is not None:
            mid = last - timedelta(days=45)
            return f"{mid.year}-Q{_quarter(mid)}", "DATE", "quarter"
    if adj in ("current", "this"):
        return f"{ctx.dct.year}-Q{_quarter(ctx.dct)}", "DATE", "quarter"
    y, q = _prev_quarter(ctx.dct)
    return f"{y}-Q{q}", "DATE", "quarter"


_PERIOD_ENDED = re.compile(
    rf"\s+(?:which\s+)?(?:ended|ending|that\s+ended)\s+(?:on\s+)?(?P<mon>{_pieces()['month']})\s+"
    rf"(?P<day>{_pieces()['day']})(?:,?\s+(?P<year>{_pieces()['year_num']}))?"
)


def _h_rel_year_quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "quarter"
    off = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    q = _qnum(m["q"]) if m["q"] else _prev_quarter(ctx.dct)[1]
    return f"{ctx.dct.year + off}-Q{q}", "DATE", "quarter"


def _h_the_year(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "year"
    adj = (m["adj"] or "").lower()
    if "latest" in adj or "previous" in adj or "prior" in adj:
        return f"{ctx.dct.year - 1}", "DATE", "year"
    return f"{ctx.dct.year}", "DATE", "year"


def _h_month_end(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "month"
    return f"{ctx.dct.year:04d}-{ctx.dct.month:02d}", "DATE", "month"


def _h_week_end(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "week"
    return _iso_week(ctx.dct), "DATE", "week"


def _h_the_week(m: re.Match[str], ctx: _Ctx) -> Result:
    """Resolve "for the week": the current week, or the week just ended when a Monday paper looks back."""
    if ctx.dct is None:
        return None, "DATE", "week"
    d = ctx.dct
    if d.weekday() == 0 and not ctx.future(m.start()):
        d -= timedelta(days=7)
    return _iso_week(d), "DATE", "week"


def _h_week_of(m: re.Match[str], ctx: _Ctx) -> Result:
    r = _h_full_date(m, ctx)
    if r is None or r[0] is None or r[0].startswith("X"):
        return r
    return _iso_week(date.fromisoformat(r[0])), "DATE", "week"


def _holiday_date(name: str, y: int) -> date | None:
    lx = lexicon()
    if name in lx["holidays_fixed"]:
        mo, d = lx["holidays_fixed"][name]
        return date(y, mo, d)
    if name in lx["holidays_rule"]:
        mo, wd, n = lx["holidays_rule"][name]
        return _nth_weekday(y, mo, wd, n)
    if name in lx["holidays_easter"]:
        return _easter(y) + timedelta(days=lx["holidays_easter"][name])
    if name == "election day":
        return _nth_weekday(y, 11, 0, 1) + timedelta(days=1)
    return None


def _h_holiday(m: re.Match[str], ctx: _Ctx) -> Result:
    name = re.sub(r"\s+", " ", m["hol"].lower()).replace("\u2019", "'")
    week = bool(m["week"])
    if m["year"]:
        y = _year_num(m["year"])
    elif ctx.dct is None:
        return None, "DATE", "day"
    else:
        rel = (m["rel"] or "").lower()
        y = ctx.dct.year
        d0 = _holiday_date(name, y)
        if d0 is None:
            return None
        if rel == "last":
            y = y if d0 < ctx.dct else y - 1
        elif rel == "next":
            y = y if d0 > ctx.dct else y + 1
        elif rel != "this":
            if ctx.future(m.start()):
                y = y if d0 >= ctx.dct else y + 1
            elif (d0 - ctx.dct).days > _FUTURE_TOLERANCE_DAYS:
                y -= 1
    d = _holiday_date(name, y) if y else None
    if d is None:
        return None
    if week:
        return _iso_week(d), "DATE", "week"
    return d.isoformat(), "DATE", "day"


def _h_ref(value: str) -> Handler:
    def h(m: re.Match[str], ctx: _Ctx) -> Result:
        return value, "DATE", "ref"

    return h


def _h_year_end(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None, "DATE", "year"
    return f"{ctx.dct.year}", "DATE", "year"


def _h_clock(m: re.Match[str], ctx: _Ctx) -> Result:
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
        anchor = _weekday_date(lexicon()["weekdays"][m["wd"].lower()], ctx, m.start())
    elif m["rd"] and ctx.dct is not None:
        anchor = ctx.dct + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[m["rd"].lower()])
    hhmm = f"T{h:02d}:{mi:02d}"
    return (f"{anchor.isoformat()}{hhmm}" if anchor else hhmm), "TIME", "time"


def _h_noon(m: re.Match[str], ctx: _Ctx) -> Result:
    word = m["nw"].lower()
    hhmm = "T24:00" if word == "midnight" else "T12:00"
    anchor: date | None = ctx.dct
    if m["wd"] and ctx.dct is not None:
        anchor = _weekday_date(lexicon()["weekdays"][m["wd"].lower()], ctx, m.start())
    return (f"{anchor.isoformat()}{hhmm}" if anchor else hhmm), "TIME", "time"


def _h_duration(m: re.Match[str], ctx: _Ctx) -> Result:
    n = _num_or_vague(m["n"])
    unit = _unit_of(m["unit"])
    if (
        m["n"].lower() in ("a", "an")
        and m["unit"].lower() in ("year", "month", "week", "day")
        and re.search(
            r"(?:\d|percent|dollars|cents|times|once|twice)\s*$", ctx.text[max(0, m.start() - 12) : m.start()]
        )
    ):
        return _duration(1, unit), "SET", unit
    return _duration(n, unit), "DURATION", unit


def _h_set(m: re.Match[str], ctx: _Ctx) -> Result:
    w = m["sw"].lower()
    adverb = {
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
    if w in adverb:
        return adverb[w], "SET", "ref"
    tok = m["stok"].lower()
    if re.fullmatch(_pieces()["weekday"], tok):
        return f"XXXX-WXX-{lexicon()['weekdays'][tok] + 1}", "SET", "day"
    if tok in lexicon()["months"]:
        return f"XXXX-{lexicon()['months'][tok]:02d}", "SET", "month"
    unit = _unit_of(tok)
    return _duration(1, unit), "SET", unit


def _h_past_nyears(m: re.Match[str], ctx: _Ctx) -> Result:
    n = _num_or_vague(m["n"])
    unit = _unit_of(m["unit"])
    if n is None and re.match(r"(?:the\s+)?(?:past|last|previous)\b", m.group(), re.I):
        return "PAST_REF", "DATE", "ref"
    return _duration(n, unit), "DURATION", unit


def _h_anaphor(m: re.Match[str], ctx: _Ctx) -> Result:
    # resolved later against the preceding explicit date (see _resolve_anaphora)
    return "ANAPHOR", "DATE", None


@lru_cache(maxsize=1)
def _rules() -> list[tuple[str, re.Pattern[str], Handler]]:
    p = _pieces()
    mon, day, year, wd, season = p["month"], p["day"], p["year"], p["weekday"], p["season"]
    unit, numq, approx, qord, part = p["unit"], p["numq"], p["approx"], p["qord"], p["part"]
    lx = lexicon()
    hol = _alt(
        list(lx["holidays_fixed"])
        + list(lx["holidays_rule"])
        + list(lx["holidays_easter"])
        + ["election day"]
    ).replace("'", "['\u2019]")
    mod = r"(?:early|late|mid|the\s+middle\s+of|the\s+beginning\s+of|the\s+end\s+of|the\s+start\s+of)"
    rel = (
        r"(?:this\s+past|this\s+coming|the\s+current|the\s+past|the\s+last|the\s+coming|"
        r"the\s+next|the\s+latest|the\s+prior|this|last|next|past|previous|coming|current)"
    )
    # TimeBank marks "earlier this month/year" whole but only "this week" of "earlier this week"
    rel_mod = (
        r"(?:(?:early|late|(?:earlier|later)(?!\s+(?:this|last|next)\s+week\b)|sometime|mid|the\s+end\s+of|the\s+beginning\s+of|"
        r"the\s+start\s+of|the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of|the\s+first\s+half\s+of|"
        r"the\s+second\s+half\s+of|the\s+latter\s+part\s+of|the\s+early\s+part\s+of)[\s-]+(?:in\s+)?)"
    )
    b = r"\b"
    specs: list[tuple[str, str, Handler]] = [
        (
            "iso",
            r"\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[T ](?P<hh>\d{2}):(?P<mi>\d{2})(?::\d{2})?)?\b",
            _h_iso,
        ),
        (
            "slash",
            r"(?<![\d/])(?P<mo>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>\d{4}|\d{2})(?![\d/])",
            _h_slash,
        ),
        (
            "wd_date",
            rf"{b}(?:(?:this\s+coming|this)\s+)?(?P<wd>{wd}),?\s+(?:the\s+)?(?:(?P<mon>{mon})\s+(?P<day>{day})"
            rf"|(?P<day2>{day})\s+(?:of\s+)?(?P<mon2>{mon}))(?:,?\s+(?P<year>{year}))?",
            lambda m, c: _h_full_date(_Swap(m), c),
        ),
        (
            "week_of",
            rf"{b}the\s+week\s+of\s+(?P<mon>{mon})\s+(?P<day>{day})(?:,?\s+(?P<year>{year}))?",
            _h_week_of,
        ),
        ("mdy", rf"(?<![\w.])(?P<mon>{mon})\s+(?P<day>{day})(?:,\s*|\s+)(?P<year>{year})", _h_full_date),
        (
            "dmy",
            rf"{b}(?:the\s+)?(?P<day>{day})\s+(?:of\s+)?(?P<mon>{mon}),?\s+(?P<year>{year})",
            _h_full_date,
        ),
        (
            "month_rel_year",
            rf"(?<![\w.])(?P<mon>{mon})\s+(?P<rel>this|last|next)\s+year\b",
            _h_month_rel_year,
        ),
        ("my", rf"(?:{b}{mod}[\s-]+)?(?<![\w.])(?P<mon>{mon}),?\s+(?:of\s+)?(?P<year>{year})", _h_month_year),
        (
            "md",
            rf"(?:{b}(?:around|about)\s+)?(?<![\w.])(?P<mon>{mon})\s+(?P<day>{day})(?![\w]|:\d)(?!\s*[,-]?\s*\d)",
            _h_full_date,
        ),
        ("dm", rf"{b}(?:the\s+)?(?P<day>{day})\s+(?:of\s+)?(?P<mon>{mon})(?!\s*,?\s*\d)", _h_full_date),
        (
            # the second day of "April 24 and 25" (the first is the "md" rule's)
            "and_day",
            r"(?<=\d)\s+(?:and|or|&)\s+(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
            r"(?![.,:]\d|\s*(?:%|percent\b|[ap]\.?m\b|(?:[a-z]+\s+)?(?:days?|weeks?|years?|months?|hours?|times|"
            r"people|points?|dollars|cents|million|billion)\b))",
            _h_and_day,
        ),
        (
            "month",
            rf"(?:{b}(?P<rel>this\s+past|this\s+coming|last|this|next)\s+|{b}(?P<mod>{mod})[\s-]+|"
            rf"(?P<mod2>\b(?:mid|early|late)-))?(?<![\w.])(?P<mon>{mon})(?!\s+\d)",
            _h_month,
        ),
        (
            "rel_year_quarter",
            rf"{b}(?P<rel>this|last|next)\s+year['\u2019]s\s+(?:(?P<q>{qord})[\s-]+)?"
            r"(?:fiscal\s+)?quarter\b",
            _h_rel_year_quarter,
        ),
        (
            "year_ago_q",
            rf"{b}(?:the\s+|a\s+)?(?:(?:comparable|corresponding|same)\s+)?(?:year[\s-]ago|year[\s-]earlier|"
            rf"prior[\s-]year|previous[\s-]year)(?:\s+(?P<q>{qord}))?\s+(?P<kind>quarter|period)\b",
            _h_year_ago_adj,
        ),
        (
            "corr_period",
            r"\bthe\s+(?:corresponding|comparable|same)\s+(?P<kind>period|quarter)\s+(?:of\s+)?"
            r"(?:last|a)\s+year(?:\s+ago)?\b",
            _h_year_ago_adj,
        ),
        ("quarter_ago", r"\bthe\s+(?P<kind>quarter|period)\s+a\s+year\s+(?:ago|earlier)\b", _h_year_ago_adj),
        ("year_ago_adj", r"\b(?:year[\s-]ago|year[\s-]earlier)\b(?!\s+(?:quarter|period))", _h_year_ago_adj),
        (
            "quarter",
            rf"{b}(?:(?:the|this\s+year['\u2019]s)\s+(?!(?:fiscal[\s-]+)?{qord}-quarter))?(?:fiscal[\s-]+)?(?P<q>{qord})[\s-]+(?:fiscal[\s-]+)?"
            rf"quarter(?![\w-])(?:\s+of\s+(?:fiscal\s+)?(?P<year>{year}))?",
            _h_quarter,
        ),
        (
            "half",
            rf"{b}(?:the\s+(?P<h>first|second|last|latter)\s+half|(?P<h2>first|last)\s+two\s+quarters)"
            rf"\s+of\s+(?:(?P<year>{year})|the\s+year)\b",
            _h_half,
        ),
        (
            "year_period",
            rf"{b}(?:the\s+)?(?P<year>{p['year_num']})\s+(?:(?P<q>{qord})[\s-]+)?(?:fiscal\s+)?"
            r"(?P<kind>period|quarter|fiscal\s+year)\b",
            _h_year_period,
        ),
        (
            "the_quarter",
            r"\bthe\s+(?:(?P<adj>latest|current|most\s+recent|recent|just-ended|past|last|previous)\s+)?"
            r"(?:fiscal\s+)?(?:quarter|period)(?![\w-])",
            _h_the_quarter,
        ),
        ("this_quarter", r"\b(?P<adj>this)\s+quarter\b", _h_the_quarter),
        (
            "fiscal_year",
            rf"{b}(?:the\s+)?(?:{mod}[\s-]+)?(?:fiscal|calendar|financial)(?:\s+year)?\s+(?P<year>{year})",
            _h_year,
        ),
        (
            "year_mod",
            rf"{b}(?:the\s+)?(?:(?:{mod}|the\s+(?P<half>first|second|last)\s+half\s+of|sometime\s+in|"
            rf"around|the\s+summer\s+of)[\s-]+)(?P<year>{year})",
            _h_year,
        ),
        ("the_year_n", rf"{b}the\s+year\s+(?P<year>{year})", _h_year),
        (
            "decade",
            rf"{b}(?:the\s+(?:first|second|last|latter)\s+half\s+of\s+)?(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?"
            rf"(?:(?P<dec4>(?:1\d|20)\d0)['\u2019]?s\b|"
            r"['\u2019](?P<dec2>\d0)s\b|(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|"
            r"nineties)\b)",
            _h_decade,
        ),
        (
            "century",
            rf"{b}(?:the\s+)?(?:(?P<crel>this|last|next|the\s+last|the\s+next|the\s+past)|"
            rf"(?P<cnum>\d{{1,2}}(?:st|nd|rd|th)|{p['ordw']}))[\s-]+century\b",
            _h_century,
        ),
        (
            "year",
            rf"(?<![\w'])(?:(?:pre|post)-)?(?P<year>{year})(?![\w'])"
            r"(?:\s+(?:or\s+(?:later|earlier)|and\s+beyond)\b)?",
            _h_year,
        ),
        (
            "rel_day",
            rf"{b}(?:(?:early|late|earlier|later)\s+)?(?P<rd>the\s+day\s+before\s+yesterday|"
            rf"the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight)(?:\s+(?P<pod>{part}))?\b",
            _h_rel_day,
        ),
        (
            "this_pod",
            rf"{b}(?:(?:early|late|earlier|later)\s+)?(?P<rel>this|last)\s+(?P<pod>{part})\b",
            _h_this_pod,
        ),
        (
            "ago",
            rf"{b}{approx}?(?P<n>{numq})[\s-]+(?P<unit>{unit})\s+(?:or\s+so\s+|or\s+more\s+)?"
            r"(?P<dir>ago|earlier|before|later|hence|from\s+now)\b",
            _h_ago,
        ),
        (
            "holiday",
            rf"{b}(?:(?P<rel>last|this|next)\s+)?(?P<hol>{hol})(?P<week>\s+week)?(?:,?\s+(?P<year>{year}))?\b",
            _h_holiday,
        ),
        (
            "rel_year_end",
            r"\b(?:around\s+)?(?:the\s+)?(?:year[\s-]end|year['\u2019]s\s+end|"
            r"end\s+of\s+the\s+year)\b",
            _h_year_end,
        ),
        (
            "the_weekend",
            r"\bthe\s+weekend\b",
            lambda m, c: _h_rel_unit(_Fixed(m, rel="this", unit="weekend"), c),
        ),
        (
            "the_year",
            r"\bthe\s+(?P<adj>(?:(?:current|full|latest|calendar|same|previous|prior)\s+)*(?:fiscal\s+)?)year"
            r"(?![\w-])(?!\s+(?:ago|earlier|before|later|or|and|two|\d))",
            _h_the_year,
        ),
        ("month_end", r"\bthe\s+(?:end|beginning|start|middle)\s+of\s+(?:the|this)\s+month\b", _h_month_end),
        (
            "earlier_in",
            r"\b(?:earlier|later)\s+in\s+the\s+(?P<unit>week|month|year)\b",
            lambda m, c: _h_rel_unit(_Fixed(m, rel="this"), c),
        ),
        ("week_end", r"\bthe\s+(?:end|beginning|start|middle)\s+of\s+(?:the|this)\s+week\b", _h_week_end),
        (
            # market reports: "For the week, the index fell", "the week's most active session"
            "the_week",
            r"(?:(?<=\bfor\s)|(?<=\bduring\s)|(?<=\bin\s)|(?<=\bover\s)|(?<=\bthroughout\s))\bthe\s+week"
            r"(?![\w'\u2019-])(?!\s+(?:of|before|after|ahead|ended|ending|earlier|later|following|prior|that|when|"
            r"to|in\s+which|or)\b)|\bthe\s+week(?=['\u2019]s\s+(?!end\b))",
            _h_the_week,
        ),
        (
            "rel_season",
            rf"{b}(?:(?:the\s+)?(?:early|late|mid)[\s-]+)?(?:(?P<rel>{rel})\s+|the\s+)?(?:(?:early|late|mid)[\s-]+)?"
            rf"(?P<season>{season})\b(?:\s+of\s+(?P<year>{year}))?",
            _h_rel_season,
        ),
        (
            "rel_unit",
            rf"{b}{rel_mod}?(?P<rel>{rel})\s+(?P<unit>week|weekend|month|year|quarter|decade|century)"
            r"(?!['\u2019]s\s+(?:first|second|third|fourth)?\s*quarter)(?![\w-])(?:\s+or\s+so\b)?",
            _h_rel_unit,
        ),
        (
            "weekday",
            rf"{b}(?:(?P<rel>this\s+past|this\s+coming|the\s+previous|the\s+following|last|next|this|"
            rf"previous|coming)\s+)?(?P<wd>{wd})(?:\s+(?P<pod>{part}))?\b",
            _h_weekday,
        ),
        (
            "clock",
            rf"{b}(?:(?P<wd0>{wd})\s+(?:at\s+)?)?(?P<hh>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*"
            rf"(?P<ap>[ap])\.?\s?m\b\.?(?:\s+(?:[ECMP][SD]T|GMT|UTC|local\s+time))?"
            rf"(?:\s+(?:on\s+)?(?:(?P<wd>{wd})|(?P<rd>yesterday|today|tomorrow)))?",
            _h_clock,
        ),
        (
            "clock24",
            r"(?<![\d:.,$])(?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])(?P<ap>)(?P<wd>)(?P<rd>)"
            r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|hours|hrs|local\s+time))?",
            _h_clock,
        ),
        ("noon", rf"{b}(?P<nw>noon|midnight|midday)(?:\s+(?:on\s+)?(?P<wd>{wd}))?\b", _h_noon),
        (
            "past_n",
            rf"{b}(?:the\s+)?(?:past|last|next|first|coming|previous|following|latest)\s+{approx}?"
            rf"(?P<n>{numq})\s+(?P<unit>{unit})\b",
            _h_past_nyears,
        ),
        (
            "duration",
            rf"{b}{approx}?(?P<n>{numq})[\s-]+(?:more\s+|additional\s+|full\s+|straight\s+|consecutive\s+)?"
            rf"(?P<unit>{unit})(?![\w-])(?!-old|\s+old\b)",
            _h_duration,
        ),
        (
            "set",
            rf"{b}(?:(?:every|each|per)\s+(?:other\s+)?(?P<stok>{unit}|{wd}|{season}|"
            r"january|february|march|april|may|june|july|august|september|october|november|december)\b|"
            r"(?P<sw>daily|weekly|monthly|annually|yearly|hourly|nightly|quarterly|biweekly)\b)",
            lambda m, c: _h_set(_SetMatch(m), c),
        ),
        (
            "anaphor",
            r"\b(?:(?:later|earlier)\s+)?(?:that|the\s+same|that\s+same|the\s+following|the\s+next|the\s+previous)"
            r"\s+(?:day|year|month|morning|afternoon|evening|night)\b",
            _h_anaphor,
        ),
    ]
    specs.append(("past_ref", r"(?<![\w-])(?-i:Previously)(?![\w-])", _h_ref("PAST_REF")))
    specs.append(
        (
            "day_before",
            rf"\b(?P<x>day\s+(?P<dir>before|after)\s+(?:(?P<rel>last|next|this)\s+)?(?P<wd>{wd}))\b",
            _h_day_before,
        )
    )
    # "in a year or two": an unspecified time ahead
    specs.append(
        (
            "or_two",
            r"\bin\s+(?P<x>(?:a|one)\s+(?:day|week|month|year)\s+or\s+two)\b(?!\s+(?:ago|earlier|later|before|after)\b)",
            _h_ref("FUTURE_REF"),
        )
    )
    # "twice as high a dividend this year as last": the elided unit before the one just named
    specs.append(
        (
            "as_last",
            r"\b(?:as|than)\s+(?P<x>last)\b(?=\s*(?:[.,;:!?)\"'\u201d]|$)|\s+(?:and|but|or|when|while|because)\b)",
            _h_as_last,
        )
    )
    # "will one day be ...": an unspecified future time (reported without the modal)
    specs.append(
        (
            "one_day",
            r"\b(?:will|would|could|might|may|can|shall)\s+(?:not\s+)?(?P<x>one\s+day)\b(?!\s+(?:after|before|later|of)\b)",
            _h_ref("FUTURE_REF"),
        )
    )
    specs.append(
        ("moment", r"\b(?:this|the\s+present)\s+(?:(?-i:[a-z]+)\s+)?moment\b", _h_ref("PRESENT_REF"))
    )
    # the adjective/noun "future" ("future losses", "the boy's future"), not a name ("Future Group")
    specs.append(("future_ref", r"(?<![\w-])(?-i:future)(?![\w-])", _h_ref("FUTURE_REF")))
    refs = [
        ("present_ref", lx["present_ref"], "PRESENT_REF"),
        ("past_ref", lx["past_ref"], "PAST_REF"),
        ("future_ref", lx["future_ref"], "FUTURE_REF"),
    ]
    for name, words, value in refs:
        # single words only when not the start of a longer phrase ("now as ...", "soon after")
        single = [w for w in words if " " not in w]
        multi = [w for w in words if " " in w]
        specs.append(
            (
                name,
                rf"(?<![\w-])(?:(?:{_alt(multi)})|(?:{_alt(single)})(?!\s+(?:as|after|than)\b))(?![\w-])",
                _h_ref(value),
            )
        )
    return [(name, re.compile(pat, re.I), h) for name, pat, h in specs]


_MONTH_RULES = ("wd_date", "week_of", "mdy", "dmy", "month_rel_year", "my", "md", "dm", "month", "and_day")
_YEAR_RULES = (
    "iso",
    "year",
    "year_period",
    "fiscal_year",
    "year_mod",
    "the_year_n",
    "decade",
    "mdy",
    "dmy",
    "my",
    "holiday",
    "quarter",
    "half",
)
_SMALL_NUMBER_RULES = ("slash", "clock", "clock24")
_DECADE_NUMBER_RULES = ("decade",)
_UNIT_RULES = (
    "ago",
    "earlier_in",
    "duration",
    "past_n",
    "rel_unit",
    "the_year",
    "rel_year_end",
    "the_weekend",
    "month_end",
    "week_end",
    "the_week",
    "anaphor",
    "set",
    "year_ago_q",
    "corr_period",
    "quarter_ago",
    "year_ago_adj",
    "quarter",
    "half",
    "the_quarter",
    "this_quarter",
    "rel_year_quarter",
    "century",
    "year_period",
)


@lru_cache(maxsize=1)
def _anchors() -> dict[str, tuple[str, ...]]:
    """token (lower case) -> names of the rules that may match around it."""
    lx = lexicon()
    table: dict[str, set[str]] = {}

    def add(words: Any, rules: tuple[str, ...] | list[str]) -> None:
        for w in words:
            for tok in re.findall(r"[a-z]+", w.lower()):
                table.setdefault(tok, set()).update(rules)

    add(lx["months"], _MONTH_RULES)
    add(lx["weekdays"], ("weekday", "wd_date", "clock", "noon"))
    add(
        [
            "second",
            "seconds",
            "minute",
            "minutes",
            "hour",
            "hours",
            "day",
            "days",
            "night",
            "nights",
            "week",
            "weeks",
            "weekend",
            "weekends",
            "fortnight",
            "month",
            "months",
            "quarter",
            "quarters",
            "year",
            "years",
            "decade",
            "decades",
            "century",
            "centuries",
        ],
        _UNIT_RULES,
    )
    add(["century", "centuries"], ("century",))
    add(["yesterday", "today", "tomorrow", "tonight"], ("rel_day", "clock"))
    add(["morning", "afternoon", "evening", "night"], ("this_pod", "rel_day", "weekday", "anaphor"))
    add(list(lx["seasons"]), ("rel_season",))
    hol_words = {
        w
        for name in list(lx["holidays_fixed"]) + list(lx["holidays_rule"]) + list(lx["holidays_easter"])
        for w in re.findall(r"[a-z]+", name)
    } | {"election"}
    add(
        sorted(
            hol_words
            - {
                "day",
                "year",
                "may",
                "good",
                "king",
                "martin",
                "s",
                "eve",
                "monday",
                "friday",
                "sunday",
                "wednesday",
            }
        ),
        ("holiday",),
    )
    add(list(lx["decade_words"]), ("decade",))
    add(["nineteen", "eighteen", "twenty", "thousand"], _YEAR_RULES)
    add(["noon", "midnight", "midday"], ("noon",))
    add(
        [
            "daily",
            "weekly",
            "monthly",
            "annually",
            "yearly",
            "hourly",
            "nightly",
            "quarterly",
            "biweekly",
            "every",
            "each",
            "per",
        ],
        ("set",),
    )
    add(["fiscal", "calendar", "financial"], ("fiscal_year",))
    add(["period", "periods"], ("the_quarter", "year_ago_q", "corr_period", "quarter_ago", "year_period"))
    add(lx["present_ref"], ("present_ref",))
    add(["moment"], ("moment",))
    add(["day"], ("one_day", "day_before"))
    add(["two"], ("or_two",))
    add(["year", "month", "week", "quarter"], ("as_last",))
    add(lx["past_ref"] + ["previously"], ("past_ref",))
    add(lx["future_ref"], ("future_ref",))
    for generic in ("the", "a", "an", "s", "of", "in", "at", "to", "this", "last", "next", "and", "or"):
        table.pop(generic, None)
    return {k: tuple(sorted(v)) for k, v in table.items()}


_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_CLOCKISH = re.compile(r"[:/.]\d|\s?[ap]\.?\s?m\b")
_LEFT, _RIGHT = 48, 64  # window around an anchor token that a rule's match must fit in
# narrower windows for rules whose anchor sits near the end (units) or the start (months) of the match
_MARGINS: dict[str, tuple[int, int]] = {
    **{
        r: (44, 24)
        for r in (
            "ago",
            "duration",
            "past_n",
            "century",
            "set",
            "rel_unit",
            "the_year",
            "the_weekend",
            "month_end",
            "week_end",
            "earlier_in",
            "anaphor",
            "rel_year_end",
            "the_quarter",
            "this_quarter",
        )
    },
    **{r: (24, 40) for r in ("md", "dm", "month", "mdy", "my", "month_rel_year")},
    "and_day": (0, 24),
    "as_last": (8, 90),
    **{r: (30, 24) for r in ("year", "year_mod", "fiscal_year", "the_year_n", "decade", "iso")},
}


class _Swap:
    """Adapter: lets the weekday+date rule reuse the month-day handler for both orders."""

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def __getitem__(self, k: str) -> str | None:
        m = self._m
        if k == "mon":
            return m["mon"] or m["mon2"]
        if k == "day":
            return m["day"] or m["day2"]
        return m[k]

    def groupdict(self) -> dict[str, str | None]:
        return self._m.groupdict()

    def start(self) -> int:
        return self._m.start()


class _Fixed:
    """Adapter: a match whose named groups are partly fixed by the rule."""

    def __init__(self, m: re.Match[str], **fixed: str) -> None:
        self._m = m
        self._fixed = fixed

    def __getitem__(self, k: str) -> str | None:
        return self._fixed[k] if k in self._fixed else self._m[k]

    def groupdict(self) -> dict[str, str | None]:
        return {**self._m.groupdict(), **self._fixed}

    def start(self) -> int:
        return self._m.start()


class _SetMatch:
    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def __getitem__(self, k: str) -> str:
        if k == "sw":
            return self._m["sw"] or ""
        return self._m[k] or ""

    def start(self) -> int:
        return self._m.start()


def _dateline_pattern() -> re.Pattern[str]:
    p = _pieces()
    mon, day, year, wd = p["month"], p["day"], p["year_num"], p["weekday"]
    place = r"[A-Z][\w.'\u2019&-]*(?:[ \t]+(?:[A-Z][\w.'\u2019&-]*|es|de|del|la|el|al|da|do|dos|of)){0,4}"
    return re.compile(
        rf"\s*{place}(?:,[ \t]*{place}){{0,2}},[ \t]+(?:(?i:{wd}),?[ \t]+)?"
        rf"(?P<date>(?:(?:{mon})[ \t]+{day}|{day}[ \t]+(?:{mon}))(?:,?[ \t]+{year})?)"
        r"[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?(?:--|_|\u2014|\u2013|-|:)"
    )


_WEEKDAY_PAST_AFTER = re.compile(
    r"(?:\s+(?:night|morning|evening|afternoon))?(?:['\u2019]s\s+(?!(?:expected|scheduled|planned|upcoming)\b)[a-z]"
    r"|,?\s+(?:(?!hundred|kindred|sacred|naked|wicked|need|feed|speed)[a-z]{2,}[a-df-z]ed|said|told|met|took|made|gave|"
    r"began|won|lost|held|came|went|saw|left|sent|spoke|brought|fell|rose|broke|struck|shot|stood)\b)"
)
_AHEAD_OF = re.compile(r"\b(?:ahead\s+of|before|until|till|upcoming)\s+(?:the\s+)?$", re.I)

_MONTH_DAY_BEFORE = re.compile(rf"(?<![\w.])(?P<mon>{_pieces()['month']})\s+(?:3[01]|[12]\d|0?[1-9])$")

_DATELINE = _dateline_pattern()
_DATELINE_DATE = re.compile(
    rf"(?:(?P<mon>{_pieces()['month']})\s+(?P<day>{_pieces()['day']})|(?P<day2>{_pieces()['day']})\s+"
    rf"(?P<mon2>{_pieces()['month']}))(?:,?\s+(?P<year>\d{{4}}))?"
)

# rules whose match may be a false friend when the text around it says so
_SKIP_BEFORE = re.compile(r"(?:\$|#|No\.|no\.|number|Room|room|Flight|flight|Route|route|Highway)\s*$")


# ---------------------------------------------------------------------------------------------
# public API


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """rule name -> merged character windows around that rule's anchor tokens."""
    anchors = _anchors()
    spans: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok[0].isdigit():
            if len(tok) == 4 and (tok[0] == "1" or tok[:2] == "20"):
                rules: tuple[str, ...] | None = _YEAR_RULES
            elif len(tok) <= 2:
                nxt = text[m.end() : m.end() + 6].lower()
                small = _SMALL_NUMBER_RULES if _CLOCKISH.match(nxt) else ()
                rules = small + (_DECADE_NUMBER_RULES if tok.endswith("0") else ())
            else:
                continue
        else:
            rules = anchors.get(tok.lower())
        if not rules:
            continue
        s0, e0 = m.start(), m.end()
        for r in rules:
            left, right = _MARGINS.get(r, (_LEFT, _RIGHT))
            lo, hi = max(0, s0 - left), min(n, e0 + right)
            lst = spans.setdefault(r, [])
            if lst and lo <= lst[-1][1]:
                lst[-1] = (lst[-1][0], hi)
            else:
                lst.append((lo, hi))
    return spans


# rules whose match is wider than the expression they report: the named group is the expression
# (TimeBank marks only "25" of "April 24 and 25")
_REPORT_GROUP = {"and_day": "day", "one_day": "x", "day_before": "x", "or_two": "x", "as_last": "x"}
_THIS_UNIT_BEFORE = re.compile(r"\bthis\s+(?P<unit>year|month|week|quarter)\b[^.;!?\n]{0,60}$", re.I)

Candidate = tuple[int, int, str, Result, int, int]  # match span, rule, result, reported span


def _dateline_span(text: str) -> tuple[int, int] | None:
    """Span of the dateline's date in "WASHINGTON, March 3 (Xinhua) --" at the start of a text."""
    m = _DATELINE.match(text)
    return m.span("date") if m else None


def _dateline_value(date_text: str, ctx: _Ctx) -> Result:
    """A dateline's date: the day of the story, so the latest such day on or before publication."""
    m = _DATELINE_DATE.fullmatch(date_text)
    if m is None:
        return None
    mo = _month_num(m["mon"] or m["mon2"])
    dd = _day_num(m["day"] or m["day2"])
    if dd is None:
        return None
    if m["year"]:
        d = _safe_date(int(m["year"]), mo, dd)
    elif ctx.dct is None:
        return f"XXXX-{mo:02d}-{dd:02d}", "DATE", "day"
    else:
        limit = ctx.dct + timedelta(days=1)
        d = next(
            (c for y in (limit.year, limit.year - 1) if (c := _safe_date(y, mo, dd)) and c <= limit), None
        )
    return (d.isoformat(), "DATE", "day") if d else None


def _candidates(text: str, ctx: _Ctx) -> list[Candidate]:
    out: list[Candidate] = []
    windows = _windows(text)
    dateline = _dateline_span(text)
    for name, pat, handler in _rules():
        for lo, hi in windows.get(name, ()):
            for m in pat.finditer(text, lo, hi):
                s, e = m.span()
                if e <= s:
                    continue
                # trim trailing whitespace/punctuation the pattern may have swallowed
                while e > s and text[e - 1] in " \t\n,":
                    e -= 1
                if name == "year" and _SKIP_BEFORE.search(text[max(0, s - 8) : s]):
                    continue
                ctx.span_end = e
                try:
                    res = handler(m, ctx)
                except (KeyError, ValueError, IndexError):
                    res = None
                if res is None:
                    continue
                if dateline and s < dateline[1] and dateline[0] < e:
                    res = _dateline_value(text[dateline[0] : dateline[1]], ctx) or res
                os_, oe = m.span(_REPORT_GROUP[name]) if name in _REPORT_GROUP else (s, e)
                out.append((s, e, name, res, os_, oe))
    return out


_REL_WEEKDAY = re.compile(rf"the\s+(?P<rel>previous|following)\s+(?P<wd>{_pieces()['weekday']})", re.I)


def _resolve_anaphora(items: list[TimeExpr], dct: date | None) -> list[TimeExpr]:
    last_day: str | None = None
    last_month: str | None = None
    last_year: str | None = None
    kept: list[TimeExpr] = []
    for t in items:
        if t.value == "ANAPHOR":
            low = re.sub(r"\s+", " ", t.text.lower())
            step = 1 if ("following" in low or "next" in low) else (-1 if "previous" in low else 0)
            value: str | None = None
            gran = None
            if low.endswith(("day", "morning", "afternoon", "evening", "night")) and last_day:
                value = (date.fromisoformat(last_day) + timedelta(days=step)).isoformat()
                gran = "day"
            elif low.endswith("month") and last_month:
                y, m = _add_months(int(last_month[:4]), int(last_month[5:7]), step)
                value, gran = f"{y:04d}-{m:02d}", "month"
            elif low.endswith("year") and last_year:
                value, gran = str(int(last_year) + step), "year"
            if value is None:
                continue
            t.value, t.granularity = value, gran
            kept.append(t)
            continue
        rel_wd = _REL_WEEKDAY.fullmatch(t.text)
        if rel_wd is not None and last_day:
            # "the previous Friday": the one before the day the text is about, not before publication
            base = date.fromisoformat(last_day)
            wd = lexicon()["weekdays"][rel_wd["wd"].lower()]
            if rel_wd["rel"].lower() == "previous":
                t.value = (base - timedelta(days=(base.weekday() - wd) % 7 or 7)).isoformat()
            else:
                t.value = (base + timedelta(days=(wd - base.weekday()) % 7 or 7)).isoformat()
        v = t.value or ""
        if t.type == "DATE" and re.match(r"\d{4}", v) and v != (dct.isoformat() if dct else None):
            last_year = v[:4]
            if re.match(r"\d{4}-\d{2}", v):
                last_month = v[:7]
            if re.match(r"\d{4}-\d{2}-\d{2}$", v):
                last_day = v
        kept.append(t)
    return kept


def _filing_day(date_text: str, ctx: _Ctx) -> date | None:
    """The dateline's day when it lies 1-3 days before publication (then it anchors the text)."""
    if ctx.dct is None:
        return None
    res = _dateline_value(date_text, ctx)
    if res and res[0] and 0 < (ctx.dct - date.fromisoformat(res[0])).days <= 3:
        return date.fromisoformat(res[0])
    return None


def find_times(
    text: str, published: date | datetime | str | None, dateline: str | None = None
) -> list[TimeExpr]:
    """Every date/time expression in ``text`` with its TIMEX3 value relative to ``published``.

    Sorted by offset, never overlapping (the longest candidate wins, then the earliest).
    ``dateline``: the dateline the cleaner took off the text ("MOSCOW, July 3 (Reuters)"); as with
    a dateline still at the start of ``text``, a date in it 1-3 days before publication is the day
    the story was filed and anchors the text's relative expressions ("yesterday", "Friday").
    """
    if not text:
        return []
    ctx = _Ctx(text, to_date(published))
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
    return _resolve_anaphora(items, ctx.dct)


def find_times_in_dateline(dateline: str, published: date | datetime | str | None) -> list[TimeExpr]:
    """Dates in a dateline such as "JOHANNESBURG, August 7 (Xinhua) --" (offsets relative to it).

    A dateline's date is the day the story was filed, so a year-less date or a bare weekday
    resolves to the latest such day on or before the publication date (one day of slack for
    time zones), never to a later one.
    """
    items = find_times(dateline, published)
    ctx = _Ctx(dateline, to_date(published))
    for t in items:
        if t.type != "DATE":
            continue
        if _DATELINE_DATE.fullmatch(t.text):
            res = _dateline_value(t.text, ctx)
            if res:
                t.value, t.granularity = res[0], res[2]
        elif ctx.dct is not None and (wd := lexicon()["weekdays"].get(t.text.lower())) is not None:
            d = _weekday_date(wd, ctx, t.start, "past")
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
