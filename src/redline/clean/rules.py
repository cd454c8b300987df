"""Compiled cleaning rules from ``data/boilerplate.json`` (loaded once)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from redline.data import load_json


@dataclass(frozen=True)
class Rules:
    sections: frozenset[str]
    agencies: dict[str, str]
    domains: dict[str, str]
    date_line: re.Pattern[str]
    lines: tuple[tuple[str, re.Pattern[str]], ...]
    paragraph_cues: tuple[tuple[str, re.Pattern[str]], ...]
    sentence_cues: tuple[tuple[str, re.Pattern[str]], ...]
    credit: re.Pattern[str]
    source_lines: tuple[re.Pattern[str], ...]
    inline_sources: tuple[re.Pattern[str], ...]
    dateline: re.Pattern[str]
    newsroom_words: frozenset[str]
    sponsored: re.Pattern[str]


def _alt(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


UPPER, LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"


def dateline_pattern() -> str:
    """The dateline grammar: place, optional date, optional agency, then a separator.

    The place is one or more cities joined by ``/`` (``LONDON/SINGAPORE``), each in capitals of
    any length and accents (``PORT MORESBY``, ``BRASÍLIA``) or, before an agency or a colon, in
    title case (``Bamako (AFP) -``, ``Dhaka/Kolkata:``, ``Hanoi, June 2 /VNA/ --``); then an
    optional region or country after a comma (``YEREVAN, Armenia``). The date is ``Jan 9`` /
    ``January 9.``; the agency comes in parentheses (``(Reuters)``), between slashes
    (``/TASS/``), after a comma (``Tehran, IRNA``) or in lower case after a slash
    (``BERLIN/dpa -``); the separator is ``-``, ``--``, ``–``, ``—`` or ``:``.
    """
    caps = rf"[{UPPER}][{UPPER}.'’\-]*(?:\s[{UPPER}][{UPPER}.'’\-]*){{0,3}}"
    title = rf"[{UPPER}][{LOWER}'’\-]+(?:\s[{UPPER}][{LOWER}'’\-]+){{0,2}}"
    region = rf"(?:,\s*(?:[{UPPER}][\w.'’\-]+\.?\s?){{1,3}})"
    month = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    agency = r"(?:\((?P<agency>[A-Za-z][A-Za-z .\-]{1,30})\)|/(?P<agency2>[A-Z][A-Za-z\-]{1,15})/"
    agency += r"|,\s*(?P<agency3>[A-Z]{2,6}|Xinhua)(?=\s*[-–—])|/(?P<agency4>[a-z]{2,5})(?=\s*[-–—]))"
    return (
        rf"^(?P<place>(?:{caps})(?:\s?/\s?(?:{caps}))*{region}?"
        rf"|(?P<titled>{title}(?:\s?/\s?{title})*{region}?(?=\s*(?:\(|,\s*[A-Z]{{2,6}}\s*[-–—]|/[A-Z]|\s?:"
        rf"|,\s*{month}(?:,\s*\d{{4}})?\.?\s*(?:\(|/[A-Z])))))"
        rf"(?:,\s*(?P<date>{month}(?:,\s*\d{{4}})?)\.?)?"
        rf"\s*{agency}?"
        r"\s*(?P<dash>--|[-–—:]|(?<=/)\.)(?:\s+(?=[\"“'‘A-Z0-9])|\s*$)"
    )


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """Load and compile ``boilerplate.json``."""
    data = load_json("boilerplate.json")
    labels = sorted(data["header_date_labels"], key=len, reverse=True)
    date_line = re.compile(
        r"^(?P<label>" + _alt([re.escape(x) for x in labels]) + r")\s*[:\-–—]?\s*(?P<value>.{4,80})$", re.I
    )
    lines = tuple(
        (reason, re.compile(r"^\W{0,3}(?:" + _alt(pats) + r")\W{0,3}$", re.I))
        for reason, pats in data["lines"].items()
    )
    paragraph_cues = tuple((r, re.compile(_alt(p), re.I)) for r, p in data["paragraph_cues"].items())
    sentence_cues = tuple((r, re.compile(_alt(p), re.I)) for r, p in data["sentence_cues"].items())
    words = sorted(data["credit"]["agency_words"], key=len, reverse=True)
    agency = _alt([re.escape(w) for w in words])
    first = r"[A-Z](?:[\w'’-]+|\.)"
    name = rf"{first}(?:[ -][A-Za-z](?:[\w'’-]*|\.)){{0,4}}"
    credit = (
        # NAME/AGENCY/AFP/Getty Images ; REUTERS/Name Name/File Photo
        rf"(?:(?:{name}\s?/\s?)+(?:{agency})(?:\s?/\s?{name})*"
        rf"|(?:{agency})\s?/\s?{name}(?:\s?/\s?{name})*"
        # ANADOLU Photo/Name Name ; AFP Photo/Name
        rf"|(?i:{agency})\s+(?i:photo|photos|image|images)\s?/\s?{name}(?:\s?/\s?{name})*)"
        rf"(?:\s+via\s+(?:{agency}))?"
        # (Photo by X/Agency via Getty Images) ; Photo: X ; Photo by X ; File photo
        r"|\(\s*(?i:photo|image|picture|video|file photo|credit)s?(?i: by| credit| courtesy(?: of)?)?"
        r"\s*[:\-]?\s*[^()]{2,120}\)"
        r"|(?:Photo|PHOTO|Image|Picture|Photograph|File photo|FILE PHOTO)s?(?: by| credit| courtesy(?: of)?)?"
        r"\s*:\s*[^.]{2,100}"
        r"|(?:Photo|PHOTO|Image|Photograph)s? (?:by|courtesy of) [A-Z][^.]{2,80}"
        r"|(?i:file photo)"
        r"|[—–]\s*(?:Photo|Picture|Image|Photograph)s?(?: by| courtesy(?: of)?|:)\s*[\w .'’/-]{2,60}"
    )
    credit_end = re.compile(r"(?:^|(?<=[\s.!?\"”’)]))(?P<credit>" + credit + r")[.\s]*$")
    dateline = re.compile(dateline_pattern(), re.UNICODE)
    return Rules(
        sections=frozenset(s.lower() for s in data["sections"]),
        agencies={k.lower(): v for k, v in data["agencies"].items()},
        domains={k.lower(): v for k, v in data["domains"].items()},
        date_line=date_line,
        lines=lines,
        paragraph_cues=paragraph_cues,
        sentence_cues=sentence_cues,
        credit=credit_end,
        source_lines=tuple(re.compile(p) for p in data["source_cues"]),
        inline_sources=tuple(re.compile(p) for p in data["inline_source_cues"]),
        dateline=dateline,
        newsroom_words=frozenset(data["newsroom_words"]),
        sponsored=re.compile(r"^\W{0,3}(?:" + _alt(data["sponsored_labels"]) + r")\W{0,3}$", re.I),
    )
