"""Annotation stage: entities, weapon systems, military units, dates, places and quotes.

``annotate`` fills a cleaned Document from its spaCy parse; each finder lives in its own
module (times, places, weapons, quotes) and is a pure function of text or Doc.
"""

from __future__ import annotations

import datetime as dt

from redline.actors import ActorResolver
from redline.annotate.places import resolve_places
from redline.annotate.quotes import find_quotes
from redline.annotate.times import find_times
from redline.annotate.weapons import find_units, find_weapons
from redline.records import Document, Entity

NER_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


def publication_date(document: Document) -> dt.date | None:
    if not document.published:
        return None
    try:
        return dt.date.fromisoformat(str(document.published)[:10])
    except ValueError:
        return None


def annotate(document: Document, sdoc, actors: ActorResolver) -> None:
    """Set ``entities``, ``times``, ``places`` and ``quotes`` of *document* from its parse *sdoc*."""
    text = document.text
    when = publication_date(document)
    entities: list[Entity] = []
    for ent in sdoc.ents:
        if ent.label_ not in NER_LABELS:
            continue
        actor = actors.resolve(ent.text, when)
        entities.append(
            Entity(
                text=ent.text,
                start=ent.start_char,
                end=ent.end_char,
                label=ent.label_,
                code=actor.code if actor else None,
                sector=actor.sector if actor else None,
            )
        )
    entities.extend(find_weapons(text))
    entities.extend(find_units(text))
    entities.sort(key=lambda e: (e.start, -e.end))
    document.entities = entities

    document.times = find_times(text, when)
    countries = {e.code for e in entities if e.code and len(e.code) == 3 and e.code.isalpha()}
    mentions = [(e.text, e.start, e.end) for e in entities if e.label in PLACE_LABELS]
    document.places = resolve_places(mentions, countries)
    quotes = find_quotes(sdoc)
    for quote in quotes:
        if quote.speaker:
            speaker = actors.resolve(quote.speaker, when)
            if speaker:
                quote.speaker_code, quote.speaker_sector = speaker.code, speaker.sector
    document.quotes = quotes
