"""Where each rule is tried: the windows of text around the anchor tokens its declaration names.

Running ~60 patterns over a whole article would be slow; instead each rule is run only in
windows around the tokens that must occur in its match (a month name for "March 3", a unit for
"three years ago").  A rule declares them as word classes (``anchors``, named below) and single
``words``; tokens made of digits fall in the classes "years" (4 digits, 1000-2099),
"clock_numbers" (1-2 digits before ":", "/", "." + digit or "a.m./p.m.") and "decade_numbers"
(1-2 digits ending in 0).
"""

from __future__ import annotations

import re
from functools import lru_cache

from redline.annotate.times.registry import rules
from redline.annotate.times.words import lexicon

_UNITS = (
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
)
# words of holiday names too common to anchor the holiday rule
_HOLIDAY_NOISE = {
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
# words too common to anchor anything
_GENERIC = ("the", "a", "an", "s", "of", "in", "at", "to", "this", "last", "next", "and", "or")
DIGIT_CLASSES = ("years", "clock_numbers", "decade_numbers")


@lru_cache(maxsize=1)
def word_classes() -> dict[str, tuple[str, ...]]:
    """Anchor class name -> its words (phrases allowed: each of their words anchors)."""
    lx = lexicon()
    holiday_names = list(lx["holidays_fixed"]) + list(lx["holidays_rule"]) + list(lx["holidays_easter"])
    holiday_words = {w for name in holiday_names for w in re.findall(r"[a-z]+", name)} | {"election"}
    return {
        "months": tuple(lx["months"]),
        "weekdays": tuple(lx["weekdays"]),
        "units": _UNITS,
        "years": ("nineteen", "eighteen", "twenty", "thousand"),  # spelled years; digits below
        "rel_days": ("yesterday", "today", "tomorrow", "tonight"),
        "parts_of_day": ("morning", "afternoon", "evening", "night"),
        "seasons": tuple(lx["seasons"]),
        "holidays": tuple(sorted(holiday_words - _HOLIDAY_NOISE)),
        "decade_words": tuple(lx["decade_words"]),
        "present_ref": tuple(lx["present_ref"]),
        "past_ref": tuple(lx["past_ref"]),
        "future_ref": tuple(lx["future_ref"]),
    }


@lru_cache(maxsize=1)
def anchor_table() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(word token -> names of the rules it anchors, digit class -> names of the rules it anchors)."""
    classes = word_classes()
    words: dict[str, set[str]] = {}
    digits: dict[str, set[str]] = {c: set() for c in DIGIT_CLASSES}
    for r, _ in rules():
        unknown = set(r.anchors) - set(classes) - set(DIGIT_CLASSES)
        if unknown:
            raise ValueError(f"time rule {r.name!r}: unknown anchor classes {sorted(unknown)}")
        phrases = [w for c in r.anchors for w in classes.get(c, ())] + list(r.words)
        for phrase in phrases:
            for tok in re.findall(r"[a-z]+", phrase.lower()):
                words.setdefault(tok, set()).add(r.name)
        for c in DIGIT_CLASSES:
            if c in r.anchors:
                digits[c].add(r.name)
    for generic in _GENERIC:
        words.pop(generic, None)
    return (
        {k: tuple(sorted(v)) for k, v in words.items()},
        {k: tuple(sorted(v)) for k, v in digits.items()},
    )


@lru_cache(maxsize=1)
def _margins() -> dict[str, tuple[int, int]]:
    return {r.name: r.margins for r, _ in rules()}


_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_CLOCKISH = re.compile(r"[:/.]\d|\s?[ap]\.?\s?m\b")


def windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Rule name -> merged character windows around that rule's anchor tokens in ``text``."""
    by_word, by_digits = anchor_table()
    margins = _margins()
    spans: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok[0].isdigit():
            if len(tok) == 4 and (tok[0] == "1" or tok[:2] == "20"):
                names: tuple[str, ...] | None = by_digits["years"]
            elif len(tok) <= 2:
                nxt = text[m.end() : m.end() + 6].lower()
                small = by_digits["clock_numbers"] if _CLOCKISH.match(nxt) else ()
                names = small + (by_digits["decade_numbers"] if tok.endswith("0") else ())
            else:
                continue
        else:
            names = by_word.get(tok.lower())
        if not names:
            continue
        s0, e0 = m.start(), m.end()
        for name in names:
            left, right = margins[name]
            lo, hi = max(0, s0 - left), min(n, e0 + right)
            lst = spans.setdefault(name, [])
            if lst and lo <= lst[-1][1]:
                lst[-1] = (lst[-1][0], hi)
            else:
                lst.append((lo, hi))
    return spans
