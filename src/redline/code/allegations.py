"""Allegations: one side's account of what another state's forces did to it, which is also
its accusation of that state when the other side tells the reverse (a disputed account)."""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from redline.code.mentions import NOT_COUNTRIES
from redline.records import Actor, Event

#: (date, granularity, date_text, date_source, own_date) of the words that tell an account
ToldWhen = tuple[str | None, str | None, str | None, str, bool]


def according_to(clause) -> tuple[Any, Any] | None:
    """ "According to X, ...", "..., according to X": the words "according" and X, whose
    account the clause is."""
    for tok in (clause, *clause.ancestors):
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "according":
                to = next((c for c in prep.children if c.lower_ == "to"), None)
                told = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
                if told is not None:
                    return prep, told
    return None


def accusation(
    event: Event, teller: str, told: ToldWhen, acts: Set[str], states: Set[str | None]
) -> Event | None:
    """ "Its defence ministry said Armenian forces had fired mortar shells at homes": the
    teller's (``claimed_by``) accusation of the state whose forces did one of *acts* to it,
    dated when it was told (*told*, by the word *teller*); None when the act is not such a
    report (no teller, the teller's own act, insurgents' act: a report, not an accusation)."""
    speaker = event.claimed_by
    if speaker is None or event.event not in acts or {"negation", "hypothetical", "future"} & set(event.mode):
        return None
    accused = [
        a for a in event.actor
        if a.code not in NOT_COUNTRIES and a.code != speaker.code and a.sector in states
    ]
    if speaker.code in NOT_COUNTRIES or not accused or speaker.code not in {a.code for a in event.recipient}:
        return None
    date, granularity, date_text, source, _own = told
    return Event(
        event="ACCUSE",
        actor=[speaker],
        recipient=[Actor(a.entity_text, a.code, a.sector) for a in accused],
        date=date,
        event_text=event.event_text,
        evidence=dict(event.evidence),
        mode=["allege"],
        context=list(event.context),
        date_source=source,
        date_text=date_text,
        date_granularity=granularity,
        place=event.place,
        trigger=teller,
        confidence=event.confidence,
    )


def disputed(accusations: list[Event]) -> list[bool]:
    """For each accusation of an article, whether its sides tell of each other's acts
    (Armenia says Azerbaijani forces fired first, Azerbaijan says Armenian forces shelled homes);
    a report by one side only ("..., Gaza's health ministry said") is a report."""
    def pairs(e: Event) -> set[tuple[str, str]]:
        return {(a.code, r.code) for a in e.actor for r in e.recipient}

    told = set().union(*(pairs(e) for e in accusations)) if accusations else set()
    return [any((accused, accuser) in told for accuser, accused in pairs(e)) for e in accusations]
