"""What a rule's handler may consult besides its match: the text, the anchor day and the clause's tense."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from redline.annotate.times.dates import safe_date
from redline.annotate.times.words import alt, lexicon

# How far in the future (days) a year-less date may lie before it is taken as last year's.
FUTURE_TOLERANCE_DAYS = 60


class Ctx:
    """The text being read, its anchor day (``dct``: publication or filing day) and tense cues."""

    def __init__(self, text: str, dct: date | None) -> None:
        self.text = text
        self.dct = dct
        self._quarter_positions: list[int] | None = None
        self.span_end = 0  # end of the candidate being resolved (set by find._candidates)

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
        rf"(?<![\w'])(?:(?!(?-i:May)\b)(?P<f>{alt(lx['future_cues'])})|(?<!\bbe\s)(?<!\bbeen\s)(?P<p>{alt(lx['past_cues'])}|"
        rf"{_NOT_AFTER_DETERMINER}(?!hundred|kindred|sacred|naked|wicked)(?-i:[a-z]{{2,}}[a-df-z]ed)))\b",
        re.I,
    )
    imm = re.compile(
        rf"\b(?:{alt(lx['immediate_future_cues'])})\s+(?:the\s+)?(?:early\s+|mid-?|late\s+)?$", re.I
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
        rf"(?:{alt(lx['scheduled_present'])})|(?:\b(?:is|are|am)|['\u2019](?:s|re))\s+(?:[a-z]+ly\s+)?"
        rf"(?:{alt(lx['scheduled_progressive'])}))(?![\w'\u2019-])(?!\s+of\b)"
    )
    before = re.compile(rf"{verb}(?:\s+(?:[\w'\u2019.-]+)){{0,5}}?\s+$", re.I)
    return before, re.compile(verb, re.I)


_SCHEDULED_BEFORE, _SCHEDULED_AFTER = _scheduled_patterns()
_SUBORDINATE = re.compile(
    r"\b(?:who|which|that|when|while|whose|after|before|because|since|if|although|though)\b", re.I
)
_BE_BEFORE = re.compile(r"\b(?:is|are|am|be|been|being)\s+$|['\u2019](?:s|re)\s+$", re.I)
# what may stand before an expression that opens its clause: "On Tuesday, ...", "And early next week ...",
# a list item's bullet ("- Thursday: ministers meet in Luxembourg")
_FRONTED = re.compile(
    r"\s*(?:[-\u2013\u2014*\u2022\u00b7]\s+)?(?:(?:and|but|also|then|so|meanwhile|separately),?\s+)*"
    r"(?:(?:on|in|by|during|early|late|earlier|later|from|starting|beginning|until|till|at)\s+)?(?:the\s+)?",
    re.I,
)


# ---------------------------------------------------------------------------------------------
# dates that depend on the anchor day and the tense


def infer_year(month: int, day: int | None, ctx: Ctx, start: int) -> int | None:
    """Year of a year-less month (and day): past by default, the future when the clause says so."""
    dct = ctx.dct
    if dct is None:
        return None
    y = dct.year
    tense = ctx.tense(start)
    if tense == "future":
        if day is None:
            return y + 1 if month < dct.month - 1 else y
        cand = safe_date(y, month, day)
        return y + 1 if cand is not None and (dct - cand).days > FUTURE_TOLERANCE_DAYS else y
    cand = safe_date(y, month, day or 1) or date(y, month, 28)
    if (cand - dct).days > FUTURE_TOLERANCE_DAYS:
        return y - 1
    return y


def weekday_date(wd: int, ctx: Ctx, start: int, mode: str = "auto") -> date | None:
    """The day a weekday (0=Monday) names: ``mode`` 'last', 'next', 'past' or 'auto' (by tense)."""
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


def season_year(code: str, ctx: Ctx, start: int) -> int | None:
    """Year of a bare season: last year's when it has not begun yet and the clause is not future."""
    if ctx.dct is None:
        return None
    start_month = lexicon()["season_start_month"][code]
    y = ctx.dct.year
    if start_month > ctx.dct.month + 2 and not ctx.future(start):
        return y - 1
    return y
