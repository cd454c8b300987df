"""Events an article tells as background: history it recalls and acts it says were not done,
set apart from what it reports.

News recalls old events to explain new ones ("In 2014, Russia annexed Crimea"). Counted as
events they would be reported again by every article that recalls them, the noise that makes
publication-day event counts unreliable. An event the coder marks ``historical`` (it happened
more than ``historical_days`` before publication) is background: the record keeps it in
``Document.background``, beside the ``events`` the article reports, and corroboration and the
store's event tables never count it. An article that tells a life (an obituary) reports the
past as its news, so its historical events stay events. An act told as not done ("the army
did not fire") did not happen: it is background too, wherever it is told (a refusal is
REJECT, without the mode). Supposed acts ("could attack") stay events with their
``hypothetical`` mode: the PLOVER sentences we check code them.
"""

from __future__ import annotations

import re
from functools import cache

from redline.code.rules import rules
from redline.records import Document, Event


@cache
def _life_story() -> tuple[re.Pattern[str], re.Pattern[str]]:
    spec = rules()["life_story"]
    return re.compile(spec["title"], re.I), re.compile(spec["lead"], re.I)


def tells_a_life(document: Document) -> bool:
    """Whether the article is an obituary: its title says so, or its first paragraph says
    someone died at an age ("who has died aged 88", "dies at 91")."""
    title, lead = _life_story()
    first = document.text.strip().split("\n", 1)[0]
    return bool(title.search(document.title or "") or lead.search(first))


UNREALIZED = frozenset({"negation"})
"""Modes of events told as not having happened: "did not attack"."""


def split_background(events: list[Event], document: Document) -> tuple[list[Event], list[Event]]:
    """(the events the article reports, its background): events told as not done are
    background; so are historical events, except in a text that tells only history and in
    an article that tells a life."""
    unrealized = [e for e in events if UNREALIZED & set(e.mode)]
    events = [e for e in events if not UNREALIZED & set(e.mode)]
    reported = [e for e in events if "historical" not in e.mode]
    if not reported or tells_a_life(document):
        return events, unrealized  # history is what the text tells, not background to its news
    return reported, [e for e in events if "historical" in e.mode] + unrealized
