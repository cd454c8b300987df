"""Sentences of report genres that carry no political events (sports, markets), found by their terms.

A match report is full of "shots", "attacks", "defeats" and "criticism" that are not PLOVER
events. The terms of each genre are data (``data/coder/genres.json``): strong terms belong to
the genre alone, weak ones also occur in political news. An article is of the genre when
enough of its sentences are; then its sentences that use the genre's terms are not coded. A
sentence that states a match result (a score beside a result word), or names a term of the
play beside another of the genre's terms ("the coach criticised the referee"), is not coded in
any article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from redline.data import load_json


def _words(terms: list[str]) -> re.Pattern[str]:
    if not terms:
        return re.compile(r"(?!)")  # a genre without weak terms: nothing matches
    longest_first = sorted(terms, key=len, reverse=True)
    alternation = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in longest_first)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I)


@cache
def _patterns() -> dict[str, tuple[re.Pattern[str], re.Pattern[str], dict[str, Any]]]:
    specs = load_json("coder/genres.json")
    return {g: (_words(s["strong"]), _words(s["weak"]), s) for g, s in specs.items() if isinstance(s, dict)}


@cache
def _play() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """Per genre that has them, its terms of play (``alone``) and its weak terms."""
    return [(_words(spec["alone"]), weak) for _, weak, spec in _patterns().values() if spec.get("alone")]


@cache
def _results() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """Per genre with one, the pattern of a sentence that states a result, and of what unmakes it."""
    return [
        (re.compile(spec["result"]), re.compile(spec["result_not"]))
        for _, _, spec in _patterns().values()
        if spec.get("result")
    ]


def genre_sentences(sentences: Sequence[str]) -> set[int]:
    """Indices of the sentences not to code: those using a genre's terms, in an article of that
    genre, and in any article those that state a match result ("beat Barcelona 3-1") or are
    plainly of a genre (a term of its play, ``alone``, and a weak one besides it)."""
    skip: set[int] = {
        i
        for result, unless in _results()
        for i, s in enumerate(sentences)
        if result.search(s) and not unless.search(s)
    }
    skip |= {i for play, weak in _play() for i, s in enumerate(sentences) if _plainly_of(s, play, weak)}
    for strong, weak, spec in _patterns().values():
        strong_hits = [bool(strong.search(s)) for s in sentences]
        weak_counts = [len(weak.findall(s)) for s in sentences]
        of_genre = [st or w >= 2 for st, w in zip(strong_hits, weak_counts, strict=True)]
        count = sum(of_genre)
        if count >= spec["min_sentences"] and count >= spec["min_share"] * len(sentences):
            skip |= {i for i, (st, w) in enumerate(zip(strong_hits, weak_counts, strict=True)) if st or w}
    return skip


def _plainly_of(sentence: str, play: re.Pattern[str], weak: re.Pattern[str]) -> bool:
    """Whether a sentence is of a genre by itself: a term of its play and a weak term besides
    it ("the coach criticised the referee's decision")."""
    spans = [m.span() for m in play.finditer(sentence)]
    return bool(spans) and any(
        not any(a <= m.start() < b for a, b in spans) for m in weak.finditer(sentence)
    )


def is_opinion(section: str | None) -> bool:
    """Whether an article's section or kicker makes it analysis or opinion ("ANALYSIS",
    "Opinion", "Commentary"): its untimed statements are argument, not reported events."""
    return bool(section) and section.strip().lower() in load_json("coder/genres.json")["opinion_sections"]
