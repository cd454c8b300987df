"""Plain-text cleaning: header fields, dateline, boilerplate/caption/comment-request removal."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from redline.clean.dates import parse_published, year_by_weekday
from redline.clean.layout import (
    NUMERIC_DATE,
    HeaderDate,
    body_start,
    footer_start,
    header_dates,
    is_meta,
    is_prose,
    labelled_headline,
    looks_like_title,
    stamped_dates,
    word_count,
)
from redline.clean.rules import Rules, load_rules
from redline.records import Removal

ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
BLANK = re.compile(r"\n\s*\n")
TERMINAL = re.compile(r"[.!?:;][\"”’')\]]*$")
ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s+")
EMAIL = re.compile(r"[\w.+-]+@((?:[\w-]+\.)+[A-Za-z]{2,})")
SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
ABBREV = frozenset(
    "mr mrs ms dr gen lt col maj capt sgt adm sen rep gov pres st jr sr no vs co corp inc ltd "
    "u.s u.k u.n e.u jan feb mar apr jun jul aug sep sept oct nov dec rev prof fig approx".split()
)
NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|bin|el|la|le|da|di))*"
BYLINE = re.compile(r"^(?i:by|written by|reporting by)\s+(?P<rest>[A-Z].{1,150})$")
BYLINE_SPLIT = re.compile(r"\s*(?:,|\||/|;|\s&\s|\band\b|\s[-–—]\s|\bfor\b|\bat\b)\s*")
NEWSROOM = re.compile(
    r"^(?P<org>(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})\s+(?:has|have|had)?\s*"
    r"(?:contacted|reached out to|approached|e-?mailed|asked|sought comment from)\b"
)
NOT_NEWSROOM = frozenset("he she they we it i you this that officials police".split())
# words of a newsroom's name in a byline ("By Chris Ewokor, BBC News, Abuja")
OUTLET_WORDS = frozenset(
    """news times post agency radio tv television press service journal herald tribune telegraph
    guardian daily network broadcasting media channel magazine wire gazette observer express
    monitor chronicle standard""".split()
)
GOVERNMENT_WORDS = frozenset("ministry government office spokesperson spokesman army police embassy".split())
DATELINE_STOP = frozenset(
    "BREAKING UPDATE UPDATED EXCLUSIVE WATCH LIVE ANALYSIS OPINION FILE PHOTO VIDEO NEW NOTE EDITOR "
    "URGENT FLASH NATO UN EU US USA UK AP AFP".split()
)
COVERING = re.compile(
    r"\bstory that (?P<org>(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}) should (?:be )?cover"
)
# a caption or picture credit by its label ("FILE PHOTO:", "Image caption:", "Image source: Reuters")
FILE_PHOTO = re.compile(
    r"^(?:FILE PHOTO|File photo|FILE|PHOTO|IMAGE"
    r"|(?:Image|Media|Video|Photo|Picture) (?:caption|source|copyright|credit))\s*[:\-–—]\s+"
)
BARE_DATE = re.compile(
    r"^(?:[A-Z][a-z]+day,?\s+)?(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?)"
    r",?\s+\d{4}(?:[, ]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[APap]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)?$"
    r"|^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?$"
)
MAX_HEADER = 10
END_MARK = re.compile(r"^(?:-?\s?ENDS?\s?-?|#{3}|-30-|- ?30 ?-)$")
WIRE_END = re.compile(r"(?<=[.!?\"”’])\s+(?:Enditem|End\s+item|\(?END\)?|-?ENDS-?|###)\s*$")
COPYRIGHT_YEAR = re.compile(  # "© 2026 Reuters", "© Thomson Reuters 2026", "Copyright 2025 The AP"
    r"(?:©|\(c\)|copyright)\s*(?:[A-Z][\w&.'’-]*\s+){0,3}"
    r"(?:(?:19|20)\d{2}\s*[-–]\s*)?(?P<year>(?:19|20)\d{2})\b",  # "© 2000 - 2025": the latest year
    re.I,
)
COPYRIGHT_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*)?(?P<name>[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,3})"
)
EMAIL_FIELD = re.compile(r"^(?P<field>From|To|Subject|Date|Sent|Cc)\s*:\s*(?P<value>.+)$")
SUBJECT_PREFIX = re.compile(r"^(?:(?:re|fwd?)\s*:\s*)*(?:[A-Z][\w ]{0,30}:\s+)?", re.I)
LONG_PARAGRAPH = 600


@dataclass
class Cleaned:
    """Result of :func:`clean_text`: body text, header fields, and what was removed."""

    text: str
    title: str | None = None
    published: str | None = None
    section: str | None = None
    author: str | None = None
    dateline: str | None = None
    original_publisher: str | None = None
    removals: list[Removal] = field(default_factory=list)


def normalise(text: str) -> str:
    """Unicode NFC, unified newlines and spaces, zero-width characters dropped."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = ZERO_WIDTH.sub("", text)
    return "\n".join(SPACES.sub(" ", line).strip() for line in text.split("\n"))


def paragraphs(text: str) -> list[str]:
    """Split text into paragraphs: blank-line blocks, lines inside a block unless hard-wrapped."""
    out: list[str] = []
    for block in BLANK.split(normalise(text)):
        lines = [ln for ln in block.split("\n") if ln]
        if not lines:
            continue
        if _hard_wrapped(lines):
            out.append(" ".join(lines))
            continue
        current = lines[0]
        for line in lines[1:]:
            if line[:1].islower() and not TERMINAL.search(current):
                current += " " + line
            else:
                out.append(current)
                current = line
        out.append(current)
    return out


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines broken at a fixed width inside sentences (not a list of headlines, each a line):
    most end without a stop, and they continue in lower case or are of one width."""
    if len(lines) < 3:
        return False
    open_ends = sum(1 for ln in lines[:-1] if not TERMINAL.search(ln) and 40 <= len(ln) <= 100)
    if open_ends < 0.6 * (len(lines) - 1):
        return False
    lower_starts = sum(1 for ln in lines[1:] if ln[:1].islower())
    widths = [len(ln) for ln in lines[:-1]]
    return lower_starts >= 0.25 * (len(lines) - 1) or max(widths) - min(widths) <= 20


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences (regex with an abbreviation guard)."""
    parts: list[str] = []
    start = 0
    for m in SENTENCE_END.finditer(paragraph):
        word = paragraph[start : m.start() + 1].rsplit(None, 1)[-1].rstrip(".").lower()
        if word in ABBREV or (len(word) == 1 and word.isalpha()):
            continue
        parts.append(paragraph[start : m.end()].strip())
        start = m.end()
    if paragraph[start:].strip():
        parts.append(paragraph[start:].strip())
    return parts


def looks_like_headline(line: str) -> bool:
    """Short, several words, no final period/colon, not a dateline/byline/date line."""
    words = line.split()
    if not 2 <= len(words) <= 22 or len(line) > 180:
        return False
    if re.search(r"[.,;:][\"”’')\]]*$", line) and not line.endswith("..."):
        return False
    rules = load_rules()
    return not (rules.date_line.match(line) or BYLINE.match(line) or _dateline(line, rules))


def _dateline(paragraph: str, rules: Rules) -> re.Match[str] | None:
    m = rules.dateline.match(paragraph)
    if not m:
        return None
    place = m["place"].split(",")[0].strip()
    if place in DATELINE_STOP or len(place.replace(" ", "")) < 3:
        return None
    if not (_agency(m) or m["date"] or "," in m["place"] or m["dash"] in ("—", "–", "--", ":")):
        return None
    if m["dash"] == ":" and (is_meta(paragraph) or not is_prose(paragraph)):
        return None  # "Source: Dawn | 2025-09-02", "From: ...": a field, not a dateline
    rest = paragraph[m.end() :].split("\n")[0]
    if rest.strip() and not any(c.islower() for c in rest):
        return None  # "PRESS RELEASE — FOR IMMEDIATE RELEASE": a line of capitals, not a story
    return m


def _agency(m: re.Match[str]) -> str | None:
    """The agency a dateline names: ``(Reuters)``, ``/TASS/``, ``, IRNA`` or ``/dpa``."""
    return m["agency"] or m["agency2"] or m["agency3"] or m["agency4"]


def agency_name(name: str, rules: Rules | None = None) -> str | None:
    """Display name of a news agency abbreviation/name, or None when unknown."""
    rules = rules or load_rules()
    key = name.strip().strip(".").lower()
    return rules.agencies.get(key) or rules.agencies.get(key.removeprefix("the "))  # "The Associated Press"


def domain_name(domain: str, rules: Rules | None = None, fallback: bool = True) -> str | None:
    """Display name for a newsroom domain: table lookup (with parent domains), else title-cased label."""
    rules = rules or load_rules()
    labels = domain.lower().strip(".").split(".")
    for i in range(len(labels) - 1):
        if (hit := rules.domains.get(".".join(labels[i:]))) is not None:
            return hit
    if not fallback:
        return None
    second_level = len(labels) >= 3 and labels[-2] in ("co", "com", "org", "net", "gov", "ac")
    core = labels[-3] if second_level else labels[-2]
    return core.replace("-", " ").title() if len(labels) >= 2 else domain


def named_authors(author: str | None, rules: Rules) -> str | None:
    """*author* without the parts that name no one ("Staff Reporter; Hla Win" -> "Hla Win",
    "Ananya Sen, Staff Writer" -> "Ananya Sen"); several names are joined by ", "."""
    if not author:
        return None
    parts = [p.strip() for p in re.split(r"\s*[;|,]\s*", author)]
    named = [p for p in parts if p and not set(re.findall(r"[a-z]+", p.lower())) <= rules.newsroom_words]
    return ", ".join(named) or None


def _byline(line: str, rules: Rules) -> tuple[str | None, str | None] | None:
    m = BYLINE.match(line)
    if not m or len(m["rest"].split()) > 16:
        return None
    authors: list[str] = []
    org: str | None = None
    for part in (p.strip(" .") for p in BYLINE_SPLIT.split(m["rest"])):
        if not part:
            continue
        agency = agency_name(part, rules)
        tail = re.match(rf"^({NAME}?)\s+(Reuters|Associated Press|AP|AFP|Bloomberg)$", part)
        outlet = len(part.split()) <= 5 and any(w.lower() in OUTLET_WORDS for w in part.split())
        if agency:
            org = org or agency
        elif tail and tail[1]:
            authors.append(tail[1])
            org = org or agency_name(tail[2], rules)
        elif outlet and authors:  # "By Chris Ewokor, BBC News": the newsroom, not a second author
            org = org or part
        elif re.fullmatch(NAME, part) and 2 <= len(part.split()) <= 4:
            authors.append(part)
        elif authors and org is None:
            org = part
        elif authors and len(part.split()) <= 3 and re.fullmatch(NAME, part):
            continue  # "..., BBC News, Abuja": where the reporter files from
        else:
            return None
    if not authors:
        return (None, org) if org else None
    names = [a.title() if a.isupper() else a for a in authors]
    return ", ".join(names), org


class _Cleaner:
    """One pass over one document's paragraphs (holds the running state)."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.out = Cleaned(text="")
        self.publishers: list[tuple[int, str]] = []  # (priority, name): lower wins
        self.header_dates: list[HeaderDate] = []
        self.lead: list[str] = []  # story text found among the header lines
        self.title_from_header = False  # the title was read from the text's header lines
        self.dateline_day: str | None = None  # a dateline's day without its year ("Feb 11")
        self.copyright_year: str | None = None  # "© 2026 Reuters": the year the story is from
        self.footer_dates: list[HeaderDate] = []  # "Issued 16 April 2025" below the story

    def remove(self, text: str, reason: str) -> None:
        self.out.removals.append(Removal(text=text, reason=reason))

    def header(self, paras: list[str], find_title: bool, known_title: str | None) -> int:
        """Consume header paragraphs; return the index of the first body paragraph."""
        story = body_start(paras)
        i = 0
        # "Skip to main content", "View this email in your browser": page furniture above the title
        while i < len(paras) - 1 and (reason := self._line_reason(paras[i])):
            self.remove(paras[i], reason)
            i += 1
        first = i
        if i < len(paras) and known_title and _norm(paras[i]) == _norm(known_title):
            self.out.title = known_title
            self.remove(paras[i], "header")
            i += 1
        elif find_title and len(paras) - i >= 2 and looks_like_headline(paras[i]) and (
            looks_like_title(paras[i]) or labelled_headline(paras[i])
        ):
            # read from the text: a title-like line below may show it was a letterhead
            self.out.title, self.title_from_header = paras[i], True
            self.header_dates += stamped_dates(paras[i])  # "Mali: Flash Update No. 2 (3 June 2025)"
            self.remove(paras[i], "header")
            i += 1
        after_title = i == first + 1
        while i < min(len(paras), max(MAX_HEADER, story)):
            p = paras[i]
            # a known section's name on its own line, even above the story when the title came
            # with the record ("ANALYSIS"); a first line of other words may be the headline
            known_section = (i > 0 or known_title is not None) and (
                p.strip(" |>»").lower() in self.rules.sections
            )
            if by := self._name_over_newsroom(p, paras[i + 1] if i + 1 < len(paras) else ""):
                # "Mercy Juma" over "BBC News, Nairobi": a byline set on two lines without "By"
                self.out.author = self.out.author or by[0]
                self.publishers.append((3, by[1]))
                self.remove(p, "header")
                self.remove(paras[i + 1], "header")
                after_title = False
                i += 2
                continue
            if known_section or (after_title and not BYLINE.match(p) and self._section(p)):
                self.out.section = p.strip(" |>»")
            elif m := self.rules.date_line.match(p):
                # fields ("|") and numeric days ("04/03/2026") are read as every header line is
                as_header = "|" in m["value"] or NUMERIC_DATE.match(m["value"].strip())
                iso = None if as_header else parse_published(m["value"])
                if iso is None:
                    found = header_dates(p)
                    if not found:
                        break
                    self.header_dates += found
                    self._agency_fields(p)
                elif self.out.published is None or not m["label"].lower().startswith(("updat", "last")):
                    if self.out.published is None or m["label"].lower().startswith(("publ", "post")):
                        self.out.published = iso
            elif BARE_DATE.match(p) and (iso := parse_published(p)):
                self.out.published = self.out.published or iso
            elif by := _byline(p, self.rules) or _byline(p.split("|")[0].strip(), self.rules):
                self.header_dates += header_dates(p)
                self.out.author = self.out.author or by[0]
                if by[1]:
                    self.publishers.append((3, agency_name(by[1], self.rules) or by[1]))
            elif self._source_line(p):
                i += 1
                continue
            elif reason := self._line_reason(p):
                # "Compiled by X staff | 24 September 2025 | ...": credits that date the story
                self.header_dates += header_dates(p) if is_meta(p) else []
                self.remove(p, reason)
                i += 1
                continue
            elif i < story and not _dateline(p, self.rules):
                self._header_line(p, find_title)
                i += 1
                continue
            else:
                break
            self.remove(p, "header")
            after_title = False
            i += 1
        if i < len(paras) and _dateline(paras[i], self.rules):
            return i  # the story starts at its dateline
        return max(i, story)

    def _name_over_newsroom(self, line: str, below: str) -> tuple[str, str] | None:
        """(author, newsroom) of a header line that is only a name (two to four words) over a
        line naming a newsroom ("BBC News, Nairobi", "Reuters"); else None."""
        if not (re.fullmatch(NAME, line) and 2 <= len(line.split()) <= 4) or not below or "\n" in below:
            return None
        by = _byline(f"By {line}, {below}", self.rules)
        if by is None or by[0] != line or by[1] is None:
            return None
        if not agency_name(by[1], self.rules) and not any(w.lower() in OUTLET_WORDS for w in by[1].split()):
            return None  # "Sudan war": a kicker, not a newsroom
        return by[0], agency_name(by[1], self.rules) or by[1]

    def _header_line(self, p: str, find_title: bool) -> None:
        """A line above the story that no specific rule took: read its dates, agency or title."""
        if not self._caption(p, [], None):  # a caption or photo credit, removed as such
            return
        dates = header_dates(p) if is_meta(p) else []
        self.header_dates += dates
        if (m := EMAIL_FIELD.match(p)) is not None:
            field, value = m["field"].lower(), m["value"].strip()
            if field == "subject" and find_title and self.out.title is None:
                self.out.title = SUBJECT_PREFIX.sub("", value)
            elif field == "from" and (name := re.sub(r"\s*<[^>]*>", "", value).strip(' "')):
                self.publishers.append((3, name))
        elif not dates and is_meta(p):
            self._agency_fields(p)
        elif find_title and looks_like_title(p) and (
            self.out.title is None or (self.title_from_header and _letterhead(self.out.title))
            or (self.title_from_header and self._masthead(self.out.title, p))
        ):
            # a title-like line under a letterhead's name ("Press and Public Diplomacy
            # Directorate") is the title; the name was not
            self.out.title, self.title_from_header = p, True
            self.remove(p, "header")
            return
        elif not dates and (is_prose(p) or _sentence_like(p)):  # a standfirst, an opening line: story
            self.lead.append(p)
            return
        if dates:
            self._agency_fields(p)
        self.remove(p, "header")

    def _masthead(self, title: str, line: str) -> bool:
        """Whether the *title* read so far is the page's masthead ("Daily Courier — English
        edition") rather than the headline *line* under it: a name of a few words over a
        headline twice as long, above any date of the story."""
        short, long = word_count(title), word_count(line)
        return short <= 5 and long >= max(8, 2 * short) and not self.header_dates and not self.out.published

    def _agency_fields(self, p: str) -> None:
        """A news agency named as a field of a header line ("AFP | Published ...", "Source: Xinhua | ...")."""
        for part in re.split(r"\s*[|•·]\s*", p):
            value = re.sub(r"^(?i:source|agency|via|credit)\s*:\s*", "", part).strip(" .")
            if value and (agency := agency_name(value, self.rules)):
                self.publishers.append((2, agency))
                return
            if value != part.strip(" .") and re.fullmatch(NAME, value) and len(value.split()) <= 4:
                self.publishers.append((2, value))  # "Source: Dawn": a labelled source
                return

    def _section(self, p: str) -> bool:
        p = p.strip(" |>»")
        if p.lower() in self.rules.sections:
            return True
        words = p.split()
        return 1 <= len(words) <= 2 and len(p) <= 25 and all(w[:1].isupper() for w in words) and not any(
            c.isdigit() or c in ".!?:," for c in p
        )

    def _line_reason(self, p: str) -> str | None:
        if len(p) > 260:
            return None
        for reason, pattern in self.rules.lines:
            if pattern.match(p):
                return reason
        return None

    def _source_line(self, p: str) -> bool:
        if len(p) > 160:
            return False
        bare = p.strip().removeprefix("[").removesuffix("]").strip()
        for pattern in self.rules.source_lines:
            if m := pattern.match(bare):
                # "— Agence France-Presse" names an agency only; a lower-case name ("dpa") likewise
                agency_only = "agency" in pattern.groupindex
                name = (m["agency"] if agency_only else m["name"]).strip().rstrip(".")
                known = agency_name(name, self.rules)
                if known is None and (agency_only or name.islower()):
                    continue
                self.publishers.append((1, known or name))
                self.remove(p, "source")
                return True
        return False

    def body(self, paras: list[str]) -> list[str]:
        """Remove boilerplate paragraphs/sentences from the body; return the kept paragraphs."""
        kept: list[str] = []
        first = True
        paid = False  # the paragraph before labelled what follows as paid for
        for n, p in enumerate(paras):
            fenced = n + 1 < len(paras) and RULE_LINE.match(paras[n + 1])  # a rule drawn under it
            if paid and fenced and len(p) <= SPONSORED_COPY:
                paid = False
                self.remove(p, "advertisement")  # the advertiser's copy, fenced under "SPONSORED"
                continue
            if reason := self._line_reason(p):
                self.remove(p, reason)
                paid = bool(self.rules.sponsored.match(p))
                continue
            paid = False
            if RULE_LINE.match(p):
                self.remove(p, "rule")  # "---" drawn between a digest's items
                continue
            if self._source_line(p):
                continue
            if self._cue_paragraph(p):
                continue
            p = self._caption(p, kept, paras[n + 1] if n + 1 < len(paras) else None)
            if not p:
                continue
            if _norm(p) in {_norm(k) for k in kept[-3:]}:
                self.remove(p, "duplicate")
                continue
            p = self._comment_requests(p)
            if not p:
                continue
            if first:
                p = self._strip_dateline(p)
                if not p:  # a dateline on a line of its own
                    continue
                first = False
            kept.append(p)
        return self._trailing_sources(kept)

    def _cue_paragraph(self, p: str) -> bool:
        for reason, pattern in self.rules.paragraph_cues:
            if not pattern.search(p):
                continue
            if reason == "solicitation":
                self._solicitation_publisher(p)
            if reason in {"author_note", "disclaimer"}:
                # "Editor's note: This report was first published in Urdu by Daily Jang."
                named = (m for sentence in sentences(p) for source in self.rules.inline_sources
                         if (m := source.search(sentence)))
                if (m := next(named, None)) is not None:
                    name = m["name"].strip().rstrip(".")
                    self.publishers.append((1, agency_name(name, self.rules) or name))
            if len(p) <= LONG_PARAGRAPH:
                self.remove(p, reason)
                return True
            rest = [s for s in sentences(p) if not pattern.search(s)]
            if len(rest) == len(sentences(p)):
                continue
            removed = [s for s in sentences(p) if pattern.search(s)]
            self.remove(" ".join(removed), reason)
            return False
        return False

    def _solicitation_publisher(self, p: str) -> None:
        """"...story that X should be covering?" and the e-mail domain name the newsroom."""
        if m := COVERING.search(p):
            self.publishers.append((4, m["org"]))
        for domain in EMAIL.findall(p):
            known = domain_name(domain, self.rules, fallback=False)
            self.publishers.append((4, known) if known else (6, domain_name(domain, self.rules)))

    def _caption(self, p: str, kept: list[str], following: str | None) -> str:
        """Return the paragraph with caption material removed ("" when it was all caption)."""
        if FILE_PHOTO.match(p) and len(p) < 500:
            self.remove(p, "caption")
            return ""
        repeated = _repeats(p)
        m = self.rules.credit.search(p)
        if m:
            rest = p[: m.start("credit")].strip()
            if not rest:
                self.remove(p, "photo_credit")
                return ""
            if repeated or (len(rest) <= 350 and len(sentences(rest)) <= 2):
                self.remove(p, "caption")
                self._drop_caption_copies(rest, kept)
                return ""
            self.remove(m["credit"], "photo_credit")
            return rest
        if repeated and len(p) < 1500:
            self.remove(p, "caption")
            return ""
        if following and ELLIPSIS.sub("", p + " ").strip() and re.search(r"(?:\.\.\.|…)$", p):
            stem = re.sub(r"(?:\.\.\.|…)$", "", p).strip()
            if len(stem) >= 30 and _norm(following).startswith(_norm(stem)):
                self.remove(p, "caption")
                return ""
        return p

    def _drop_caption_copies(self, caption: str, kept: list[str]) -> None:
        """Earlier paragraphs that are copies/prefixes of a caption are caption copies too."""
        cap = _norm(caption)
        while kept and len(_norm(kept[-1])) >= 30 and _norm(kept[-1]).rstrip(".…") in cap:
            self.remove(kept.pop(), "caption")

    def _comment_requests(self, p: str) -> str:
        cues = [pattern for reason, pattern in self.rules.sentence_cues if reason == "comment_request"]
        if not any(c.search(p) for c in cues):
            return p
        keep: list[str] = []
        for s in sentences(p):
            if any(_is_comment_request(c.search(s), s) for c in cues):
                self.remove(s, "comment_request")
                if (m := NEWSROOM.match(s)) and _newsroom(m["org"]):
                    self.publishers.append((5, m["org"]))
            else:
                keep.append(s)
        return " ".join(keep)

    def _strip_dateline(self, p: str) -> str:
        m = _dateline(p, self.rules)
        if not m:
            return p
        self.out.dateline = p[: m.start("dash")].strip()
        self.remove(p[: m.end()].strip(), "dateline")
        if self.out.published is None and m["date"] and re.search(r"\d{4}", m["date"]):
            # "MAIDUGURI, Nigeria, March 18, 2026 (Reuters) -": a dated dateline with its year
            # says when the story was filed; without the year it says nothing we may use alone
            self.out.published = parse_published(m["date"])
        elif m["date"]:
            self.dateline_day = m["date"].strip(" ,.")  # "Feb 11": its year may be the copyright's
        if agency := _agency(m):
            self.publishers.append((2, agency_name(agency, self.rules) or agency.strip()))
        return p[m.end() :]

    def footer(self, paras: list[str]) -> None:
        """Lines after the story: sign-offs, copyright, links, comments. A copyright holder or a
        source named there is the original publisher when nothing better is known."""
        for p in paras:
            if m := COPYRIGHT_HOLDER.search(p):
                name = m["name"].strip(" .")
                self.publishers.append((3, agency_name(name, self.rules) or name))
            if year := COPYRIGHT_YEAR.search(p):
                self.copyright_year = year["year"]
            if is_meta(p):
                self.footer_dates += header_dates(p)
            if reason := self._line_reason(p):
                self.remove(p, reason)
            elif not self._source_line(p) and (rest := self._caption(p, [], None)):
                self.remove(rest, "footer")

    def _trailing_sources(self, kept: list[str]) -> list[str]:
        """Short closing lines like "This article was originally published by X." name the source."""
        for idx in range(max(0, len(kept) - 3), len(kept)):
            p = kept[idx]
            if len(p) > 200:
                continue
            for pattern in self.rules.inline_sources:
                if m := pattern.search(p):
                    name = m["name"].strip().rstrip(".")
                    self.publishers.append((1, agency_name(name, self.rules) or name))
                    self.remove(p, "source")
                    kept[idx] = ""
                    break
        return [p for p in kept if p]


SPONSORED_COPY = 400  # at most this long: the copy under a "SPONSORED" label
RULE_LINE = re.compile(r"^\s*[-_=*~\u2500\u2014\u2013]{3,}\s*$")  # a rule drawn across the page
LETTERHEAD_SMALL_WORDS = frozenset({"and", "of", "for", "the", "on", "&"})


def _letterhead(line: str) -> bool:
    """A name of a body or its department set on a line of its own ("Press and Public Diplomacy
    Directorate"): at most six words, every one capitalised but the small ones, no figures."""
    words = line.split()
    return (
        len(words) <= 6
        and not any(c.isdigit() for c in line)
        and all(w[0].isupper() or w.lower() in LETTERHEAD_SMALL_WORDS for w in words)
    )


def _sentence_like(p: str) -> bool:
    """A line of story text even if short or ending in a colon: a sentence's shape, not a field's."""
    words = p.split()
    if is_meta(p) or len(words) < 4:
        return False
    ends = bool(re.search(r"[.!?:][\"”’')\]]*$", p))
    return ends and p[:1].isupper() and any(w.islower() for w in words[1:])


def _is_comment_request(m: re.Match[str] | None, sentence: str) -> bool:
    """The cue must be the sentence's point: a short subject before it, no other clause."""
    if m is None:
        return False
    prefix = sentence[: m.start()]
    return len(prefix.split()) <= 8 and not re.search(r"\band\b|\bbut\b|;|, (?:while|as|after)\b", prefix)


def _newsroom(org: str) -> bool:
    words = org.lower().split()
    return words[0] not in NOT_NEWSROOM and words[-1] not in GOVERNMENT_WORDS


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _repeats(p: str, size: int = 40) -> bool:
    """True when the paragraph's opening (>= *size* chars) occurs again later in it."""
    if len(p) < 2 * size + 10:
        return False
    head = p[:size]
    return p.find(head, size) != -1


def clean_text(text: str, find_title: bool = True, known_title: str | None = None) -> Cleaned:
    """Clean article text: header fields out, boilerplate removed, paragraphs joined by a blank line."""
    rules = load_rules()
    cleaner = _Cleaner(rules)
    paras = paragraphs(text)
    for n, p in enumerate(paras):  # "... aground at the shoal. Enditem": the wire's end mark
        if mark := WIRE_END.search(p):
            cleaner.remove(mark.group(0).strip(), "footer")
            paras[n] = p[: mark.start()].rstrip()
    start = cleaner.header(paras, find_title, known_title)
    end = footer_start(paras, start, cleaner._line_reason)
    # "ENDS", "###", "-30-" on a line of its own: a press release's story stops there, and
    # what follows ("Notes to editors", "About us") is the issuer's furniture
    end = next((i for i in range(start + 1, end) if END_MARK.match(paras[i].strip())), end)
    kept = cleaner.lead + cleaner.body(paras[start:end])
    cleaner.footer(paras[end:])
    out = cleaner.out
    if out.published is None and cleaner.header_dates:
        # the latest date that is not an update time (an address or a founding year is older)
        stated = [d for d in cleaner.header_dates if not d.updated] or cleaner.header_dates
        out.published = max(stated, key=lambda d: d.value[:10]).value
    if out.published is None and cleaner.footer_dates:
        # a report or a release dated at its foot ("Issued 16 April 2025"), nothing above the story
        stated = [d for d in cleaner.footer_dates if not d.updated] or cleaner.footer_dates
        out.published = max(stated, key=lambda d: d.value[:10]).value
    if out.published is None and cleaner.dateline_day and cleaner.copyright_year:
        # "YANGON, Feb 11 (Reuters) -" over "© 2026 Reuters": the day the dateline says, in the
        # year the copyright line says (no year is guessed; a date the header writes out wins)
        out.published = parse_published(f"{cleaner.dateline_day} {cleaner.copyright_year}")
    if out.published is None and cleaner.dateline_day and kept:
        # "OUAGADOUGOU, Sept 16 (Reuters) - ... on Tuesday ...", the text naming 2025 last
        lead = (sentences(kept[0]) or [""])[0]
        out.published = year_by_weekday(cleaner.dateline_day, lead, "\n".join(kept))
    out.text = "\n\n".join(kept)
    if cleaner.publishers:
        out.original_publisher = min(cleaner.publishers, key=lambda x: x[0])[1]
    return out
