"""Date/time expressions in text resolved to TIMEX3 values (the package's public names)."""

from redline.annotate.times._core import find_times, find_times_in_dateline, lexicon, resolve_phrase, to_date

__all__ = ["find_times", "find_times_in_dateline", "lexicon", "resolve_phrase", "to_date"]
