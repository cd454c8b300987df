"""Date/time expressions found in text and resolved to TIMEX3 values (the package; public names here).

``find_times(text, published)`` returns :class:`~redline.records.TimeExpr` items (sorted,
non-overlapping, longest match wins) whose ``value`` follows TimeML/TIMEX3 conventions as
annotated in TimeBank: ``2024-07-02``, ``2024-06``, ``2024``, ``2024-W26``, ``2024-W26-WE``,
``2024-Q1``, ``2024-SP``, ``199`` (a decade), ``19`` (a century), ``PRESENT_REF``, ``P3Y`` ...

Relative expressions are anchored on the publication date.  Dates without a year take the
publication year, moved one year back when that would put them well in the future (news
mostly reports the past) or one year forward when the clause is about the future ("will",
"scheduled", "payable" ...).  Everything is regex based: one compiled pattern per rule, no
model, a few hundred microseconds per article.

The package, by module: ``find`` (the entry points), ``registry`` (rules: pattern, priority and
anchors declared beside each handler), ``anchors`` (where each rule is tried), ``context`` (anchor
day and tense), ``words`` (``timex.json`` and regex pieces), ``dates`` (calendar arithmetic), and
the rules themselves: ``days``, ``periods``, ``relative``, ``named``, ``durations``, ``refs``.

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
  and the others are left out. "Four days later", "a month earlier" count from the latest
  explicit date before them (a day only from a day), else from publication; "ago" always from
  publication. "On August 5 that year": the day is in the year told of before it.
- Vague references: "future" (adjective or noun), "will one day", "in a year or two" are
  FUTURE_REF; "this (crucial) moment" PRESENT_REF; of "right now" only "now" is marked
  (as TimeBank mostly does).
- "For the week", "the week's" (market reports): the current ISO week, on a Monday the week just
  ended.  Not handled: "the day" anaphora.
"""

from redline.annotate.times.find import find_times, find_times_in_dateline, resolve_phrase, to_date
from redline.annotate.times.words import lexicon

__all__ = ["find_times", "find_times_in_dateline", "lexicon", "resolve_phrase", "to_date"]
