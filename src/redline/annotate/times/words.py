"""The word lists of ``data/timex.json`` and what is built from them: regex pieces, readers of numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from redline.data import load_json


def lexicon() -> dict[str, Any]:
    """The word lists of ``data/timex.json`` (cached by the package-data loader)."""
    return load_json("timex.json")  # type: ignore[no-any-return]


def alt(words: Iterable[str]) -> str:
    """Regex alternation of words, longest first, spaces matching any whitespace."""
    ws = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws)


# ---------------------------------------------------------------------------------------------
# regex pieces shared by the rules


@lru_cache(maxsize=1)
def pieces() -> dict[str, str]:
    """Named regex pieces: month, day, year, number, unit, weekday, season ... (cached)."""
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
    ordw = alt(list(lx["ordinals"]))
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
    num_word = alt([w for w in lx["numbers"] if w not in ("a", "an")])
    number = rf"(?:\d+(?:,\d{{3}})*|(?:{num_word})(?:[\s-]+(?:{num_word}))*|an?)"
    vague = alt(lx["vague_numbers"])
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


# modifiers and relative words of several rules
MOD = r"(?:early|late|mid|the\s+middle\s+of|the\s+beginning\s+of|the\s+end\s+of|the\s+start\s+of)"
REL = (
    r"(?:this\s+past|this\s+coming|the\s+current|the\s+past|the\s+last|the\s+coming|"
    r"the\s+next|the\s+latest|the\s+prior|this|last|next|past|previous|coming|current)"
)


# ---------------------------------------------------------------------------------------------
# numbers and tokens


def words_to_int(s: str) -> int | None:
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


def spelled_year(s: str) -> int | None:
    """'nineteen ninety-six' -> 1996, 'two thousand' -> 2000, 'twenty ten' -> 2010."""
    words = [w for w in re.split(r"[\s-]+", s.lower()) if w and w != "and"]
    nums = lexicon()["numbers"]
    if len(words) >= 2 and words[0] == "two" and words[1] == "thousand":
        rest = words_to_int(" ".join(words[2:])) if len(words) > 2 else 0
        return 2000 + (rest or 0)
    if not words or words[0] not in nums:
        return None
    head = nums[words[0]]
    tail_words = words[1:]
    if tail_words and tail_words[0] == "hundred":
        rest = words_to_int(" ".join(tail_words[1:])) if len(tail_words) > 1 else 0
        return head * 100 + (rest or 0)
    if tail_words and tail_words[0] == "oh":
        tail_words = tail_words[1:]
    tail = words_to_int(" ".join(tail_words)) if tail_words else None
    if tail is None or tail >= 100:
        return None
    return head * 100 + tail


def month_num(tok: str) -> int:
    """'Sept.' -> 9."""
    return lexicon()["months"][tok.lower().rstrip(".")]


def day_num(tok: str) -> int | None:
    """'24th', 'twenty-fourth' -> 24."""
    t = tok.lower().strip()
    m = re.match(r"(\d+)", t)
    if m:
        return int(m.group(1))
    ords = lexicon()["ordinals"]
    parts = re.split(r"[\s-]+", t)
    if len(parts) == 2:
        return {"twenty": 20, "thirty": 30}.get(parts[0], 0) + ords.get(parts[1], 0)
    return ords.get(t)


def year_num(tok: str) -> int | None:
    """'1998', 'nineteen ninety-eight' -> 1998."""
    t = tok.strip()
    if t.isdigit():
        return int(t)
    return spelled_year(t)


def qnum(tok: str) -> int:
    """'third', '3rd' -> 3."""
    t = tok.lower()
    return {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}[t]


def num_or_vague(tok: str) -> int | None:
    """A count ('three', '24'), None for a vague one ('several', 'a few')."""
    t = re.sub(r"\s+", " ", tok.strip().lower())
    if t in lexicon()["vague_numbers"]:
        return None
    return words_to_int(t)


def unit_of(tok: str) -> str:
    """'years' -> 'year', 'centuries' -> 'century'."""
    t = tok.lower()
    if t.endswith("ies"):
        return "century"
    return t[:-1] if t.endswith("s") and t not in ("hours",) or t.endswith("hours") else t


def season_code(tok: str) -> str:
    """'autumn' -> 'FA'."""
    return lexicon()["seasons"][tok.lower()]


def weekday_num(tok: str) -> int:
    """'Friday' -> 4 (Monday is 0)."""
    return lexicon()["weekdays"][tok.lower()]
