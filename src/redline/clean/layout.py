"""Article layout: the shape of each line, where the header ends and the footer begins.

News pages put metadata around the story in lines of recognisable *shape* rather than
recognisable words: short lines without a verb or final stop, lines of ``|``-separated
fields, ``Label: value`` pairs, lines that are mostly a date or a time, reading times,
relative times ("2 hours ago"), wire sign-offs (``bur/sd/cld``), copyright lines. This
module classifies one line by such features (:func:`line_kind`), finds the dates a header line
carries (:func:`header_dates`), and splits an article's paragraphs into header, body and
footer (:func:`zones`): the body starts at the first run of prose and ends after its last
prose paragraph that is not followed only by metadata, link lists and comments.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from redline.clean.dates import parse_published

LineKind = Literal["meta", "prose", "headline", "other"]

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"
TIME = (
    r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*\(?(?:[A-Z]{2,5}(?:[+-]\d{1,2})?|[+-]\d{4})\)?)?"  # zone: GMT, GMT+3, +0000
)
YEAR = r"(?:19|20)\d\d"
DATE_FORMS = (
    rf"{YEAR}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?",  # ISO
    rf"\d{{1,2}}[./]\d{{1,2}}[./]{YEAR}",  # 16/09/2025, 21.08.2025
    rf"(?:{WEEKDAY}\s+)?\d{{1,2}}\s+{MONTH},?\s+{YEAR}",  # 18 Apr 2026, Tue, 14 Apr 2026
    rf"(?:{WEEKDAY}\s+)?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{YEAR}",  # April 14, 2026
)
DATE = re.compile(
    r"(?<![\w/.])(?P<date>" + "|".join(f"(?:{f})" for f in DATE_FORMS) + r")"
    rf"(?P<time>(?:,?\s*(?:at\s+)?{TIME})?)(?![\w/])",
    re.I,
)
NUMERIC_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})")  # read day first: header_dates
CLOCK = re.compile(TIME)
UPDATED = re.compile(r"\b(?:updated?|modified|last edited|amended)\b", re.I)
AGO = re.compile(
    r"\b(?:\d+|an?|one|few)\s+(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|days?|weeks?)\s+ago\b", re.I
)
READING = re.compile(
    r"^(?:(?:estimated\s+)?reading\s+time\s*:?\s*)?\d+\s*(?:-\s*)?(?:min(?:ute)?s?|m)\b(?:\s+(?:read|listen))?\.?$"
    r"|^listen to (?:this|the) (?:article|story)\b.{0,30}$|^reading time\b.{0,30}$",
    re.I,
)
LABEL = re.compile(r"^(?P<label>[A-Z][\w'’.]*(?:\s[\w'’.]+){0,2})\s?:\s*(?P<value>\S.*)$")
SIGN_OFF = re.compile(  # wire desk codes (bur/sd/cld, burs-ak/txw), end marks
    r"^[a-z]{2,6}(?:[-/][a-z]{1,6}){1,5}$|^end\s?item$|^-?\s?(?:ends?|###|\*{3})\s?-?$", re.I
)
COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s)|©\s*(?:\d{4}|[A-Z])", re.I)
URL_OR_MAIL = re.compile(r"^(?:\S+@\S+\.\w+|(?:https?://|www\.)\S+)$")
BRACKETED = re.compile(r"^[\[(<].{0,120}[\])>]$")
RULE = re.compile(r"^[-=_*~.•·]{3,}$")
TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$|[\"”’]$")
WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class HeaderDate:
    """A date found in a header line: ISO value, and whether it is an update time."""

    value: str
    updated: bool


def _words(line: str) -> list[str]:
    return WORD.findall(line)


def word_count(line: str) -> int:
    """The words of a line, figures and separators not counted."""
    return len(_words(line))


def _numeric_date(text: str) -> str | None:
    """16/09/2025 or 21.08.2025: day first unless only month-first is possible."""
    m = NUMERIC_DATE.match(text)
    if not m:
        return None
    a, b, year = int(m[1]), int(m[2]), m[3]
    day, month = (b, a) if a <= 12 < b else (a, b)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year}-{month:02d}-{day:02d}"


def header_dates(line: str) -> list[HeaderDate]:
    """The dates with a year written in a line, each marked updated when an update label precedes it."""
    found: list[HeaderDate] = []
    for m in DATE.finditer(line):
        text = m["date"]
        iso = _numeric_date(text) or parse_published(text)
        if iso is None:
            continue
        iso = iso[:10]
        if m["time"] and (clock := CLOCK.search(m["time"])):
            hh, mm = re.split(r"[:.]", clock.group(0))[:2]
            hour = int(hh) + (12 if re.search(r"p\.?m", clock.group(0), re.I) and int(hh) < 12 else 0)
            if 0 <= hour < 24 and int(mm[:2]) < 60:
                iso = f"{iso}T{hour:02d}:{mm[:2]}:00"
        before = line[: m.start()]
        found.append(HeaderDate(iso, bool(UPDATED.search(before.rsplit("|", 1)[-1]))))
    return found


def stamped_dates(line: str) -> list[HeaderDate]:
    """The date a title ends with, its issue's stamp ("Flash Update No. 2 (3 June 2025)",
    "Weekly brief - 4 May 2026"); a date inside the headline's words is what it tells of."""
    last = next(reversed(list(DATE.finditer(line))), None)
    if last is None or line[last.end() :].strip(" )]") or line[: last.start()].rstrip()[-1:] not in "(-–—,|:":
        return []
    return header_dates(line[last.start() :])


def _date_dominated(line: str) -> bool:
    """Mostly a date or time: few words once dates, times, labels and separators are gone."""
    rest = DATE.sub(" ", line)
    rest = AGO.sub(" ", rest)
    rest = CLOCK.sub(" ", rest)
    return len(_words(rest)) <= 6 and (rest != line)


def is_meta(line: str) -> bool:
    """A line of page metadata (dates, bylines, fields, reading times, sign-offs, ...), not story text."""
    line = line.strip()
    words = _words(line)
    if not line or RULE.match(line) or URL_OR_MAIL.match(line) or SIGN_OFF.match(line):
        return True
    if len(line) > 300:
        return False
    if READING.match(line) or (AGO.search(line) and len(words) <= 10):
        return True
    if COPYRIGHT.search(line) and len(words) <= 20:
        return True
    if (DATE.search(line) or AGO.search(line)) and _date_dominated(line):
        return True
    if "|" in line or " • " in line or " · " in line:
        fields = [f for f in re.split(r"\s*[|•·]\s*", line) if f]
        if len(fields) >= 2 and all(len(_words(f)) <= 8 for f in fields):
            return True
    m = LABEL.match(line)
    # a field ("Source: Reuters") or a list of fields ("Tags: LoC, Azad Kashmir, ceasefire
    # violation"); not a headline, a clause without commas ("Nigeria: Gunmen abduct dozens of
    # pupils in Kaduna state")
    if m and len(_words(m["value"])) <= (8 if "," in m["value"] else 6) and not TERMINAL.search(
        m["value"].rstrip(".")
    ):
        return True
    if BRACKETED.match(line) and len(words) <= 12:
        return True
    return bool(re.match(r"^(?i:by)\s+[A-Z]", line) and len(words) <= 12 and not TERMINAL.search(line))


def is_prose(line: str) -> bool:
    """Story text: a sentence or more (several words and a final stop, or long)."""
    words = _words(line)
    return (len(words) >= 8 and bool(TERMINAL.search(line.strip()))) or len(words) >= 30


def looks_like_title(line: str) -> bool:
    """Headline-shaped: 4-25 words, no final stop, not shouting, not metadata."""
    words = _words(line)
    if not 4 <= len(words) <= 25 or len(line) > 200 or is_meta(line):
        return False
    if re.search(r"[.,;:]$", line.strip()):
        return False
    letters = [c for c in line if c.isalpha()]
    return not (letters and sum(c.isupper() for c in letters) > 0.8 * len(letters))


FIELD_LABELS = frozenset({
    "source", "sources", "photo", "photos", "image", "images", "video", "credit", "credits", "tags", "tag",
    "topics", "by", "from", "to", "subject", "date", "dated", "posted", "published", "updated", "filed",
    "category", "section", "read", "read more", "related", "see also", "watch", "listen", "share", "email",
    "contact", "note", "editor's note", "correction", "update", "file", "caption", "location", "dateline",
    "title", "headline", "summary", "description", "link", "url", "guid", "author", "keywords", "lead",
})


def labelled_headline(line: str) -> bool:
    """A headline led by the place or body it is about ("South Sudan: Upper Nile flash update",
    "Niger: floods in Tillaberi"): a title-case label that names no page field, then words
    enough for a headline besides any date, no final stop."""
    m = LABEL.match(line.strip())
    if not m or m["label"].lower() in FIELD_LABELS or TERMINAL.search(line.strip()) or "|" in line:
        return False
    label_words, value = m["label"].split(), m["value"]
    if value.startswith(":"):
        return False  # "FEED EXPORT :: Top Stories": a separator, not a place's colon
    title_case = all(w[:1].isupper() for w in label_words)
    return title_case and len(_words(DATE.sub(" ", value))) >= 2 and len(line) <= 200


def line_kind(line: str) -> LineKind:
    if is_meta(line):
        return "meta"
    if is_prose(line):
        return "prose"
    return "headline" if looks_like_title(line) else "other"


def body_start(paras: list[str], limit: int = 25) -> int:
    """Index of the first paragraph of the story: the first prose paragraph followed by more
    story (prose, or the end) before any further metadata line; else (a brief of one prose
    paragraph and a short line before its sign-off) the first prose paragraph."""
    n = min(len(paras), limit)
    first = None
    for i in range(n):
        if not is_prose(paras[i]):
            continue
        first = i if first is None else first
        for j in range(i + 1, len(paras)):
            if is_meta(paras[j]):
                break
            if is_prose(paras[j]):
                return i
        else:
            return i
    return first or 0


def _link_title(line: str) -> bool:
    """A headline standing for a link: a few words, no sentence stop (a closing quote may end it)."""
    return 3 <= len(_words(line)) <= 20 and not re.search(r"[.!?;]$", line.strip()) and not is_meta(line)


def footer_start(paras: list[str], start: int, furniture: Callable[[str], object] = lambda p: False) -> int:
    """Index where the footer begins (``len(paras)`` when there is none): the trailing run of
    metadata, of page furniture (*furniture*: the cleaner's boilerplate lines, "Loading...",
    "Like this article? Share it!") and of short lines without a final stop (link titles,
    tags), or everything after a metadata line that only short lines (comments, links) and
    more metadata follow."""
    end = len(paras)
    i = end
    while i > start + 1:
        p = paras[i - 1]
        if is_meta(p) or furniture(p) or (not TERMINAL.search(p.strip()) and len(_words(p)) <= 25):
            i -= 1
            continue
        break
    # a list of links under a short heading ("Read also", "Related:"): headlines, not sentences
    for j in range(max(start + 1, end - 15), min(i, end - 2)):
        heading, items = paras[j], paras[j + 1 : j + 3]
        short_heading = len(_words(heading)) <= 4 and not re.search(r"[.!?]$", heading)
        if short_heading and all(_link_title(t) for t in items):
            i = j
            break
    # comments and link lists: after a metadata line, nothing but short lines and metadata
    for j in range(max(start + 1, i - 12), i):
        rule = bool(RULE.match(paras[j].strip()))  # "---": a separator the page draws above its footer
        if not is_meta(paras[j]) or (_words(paras[j])[:1] == [] and not rule):
            continue
        tail = paras[j + 1 : i]
        short = all(len(_words(t)) <= 25 for t in tail)
        if tail and short and sum(is_meta(t) for t in tail) >= len(tail) / 3:
            return j
    return i
