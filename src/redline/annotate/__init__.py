"""Annotation stage: entities, weapon systems, military units, dates, places and quotes.

``annotate`` fills a cleaned Document from its spaCy parse; each finder lives in its own
module (times, places, weapons, quotes) and is a pure function of text or Doc.
"""

from __future__ import annotations

from dataclasses import replace

from redline.actors import ActorResolver
from redline.annotate.places import (
    in_several_countries,
    locative_mentions,
    names_a_river,
    pieces,
    resolve_places,
    widened,
)
from redline.annotate.quotes import find_quotes
from redline.annotate.times import find_times, find_times_in_dateline
from redline.annotate.weapons import find_units, find_weapons
from redline.records import Document, Entity, TimeExpr
from redline.timespans import to_day

NER_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


def document_times(document: Document) -> list[TimeExpr]:
    """The date expressions of *document*: those of its dateline first, then those of its text.

    Offsets index ``document.text``.  A date from the dateline the cleaner stripped ("MOSCOW,
    July 3 (Reuters)") has negative offsets: they index the dateline as if it stood right before
    the text, one separator character apart, i.e. ``dateline[start + n : end + n]`` with
    ``n = len(dateline) + 1``; so no offset-based lookup (evidence spans, clauses) ever hits them.
    The dateline's day also anchors the text's relative dates when the story was filed 1-3 days
    before publication.
    """
    when = to_day(document.published)
    times = find_times(document.text, when, dateline=document.dateline)
    if not document.dateline:
        return times
    shift = len(document.dateline) + 1
    head = [
        replace(t, start=t.start - shift, end=t.end - shift)
        for t in find_times_in_dateline(document.dateline, when)
    ]
    return head + times


def annotate(document: Document, sdoc, actors: ActorResolver) -> None:
    """Set ``entities``, ``times``, ``places`` and ``quotes`` of *document* from its parse *sdoc*."""
    text = document.text
    when = to_day(document.published)
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

    document.times = document_times(document)
    # the countries the article's actors belong to, but not one a dictionary gives a place name
    # that several countries share ("San Carlos" is no sign of Venezuela in a story from Nicaragua)
    countries = {
        e.code for e in entities
        if e.code and len(e.code) == 3 and e.code.isalpha()
        and not (e.label in PLACE_LABELS and in_several_countries(e.text))
    }
    mentions = []
    for ent in sdoc.ents:
        if ent.label_ in PLACE_LABELS:
            for start, end in pieces(sdoc, ent.start, ent.end):  # "Sotk (Vardenis, Gegharkunik"
                if names_a_river(sdoc, end):
                    continue
                span = sdoc[slice(*widened(sdoc, start, end))]  # "Kashmir" of "Azad Jammu and Kashmir"
                mentions.append((span.text, span.start_char, span.end_char))
    # "near Samarra", "shelled Toretsk", "Idlib governorate": names the NER missed or took for a
    # person or group, but not those that name an actor of some sector ("Hamas", "Kremlin")
    actor_spans = [(e.start, e.end) for e in entities if e.code and e.sector]
    mentions += locative_mentions(sdoc, actor_spans)
    # "Petro" after "Gustavo Petro": a person's name, not a village
    people = {e.text.split()[-1] for e in entities if e.label == "PERSON" and len(e.text.split()) > 1}
    document.places = resolve_places(mentions, countries, text, people)
    quotes = find_quotes(sdoc)
    for quote in quotes:
        if quote.speaker:
            speaker = actors.resolve(quote.speaker, when)
            if speaker:
                quote.speaker_code, quote.speaker_sector = speaker.code, speaker.sector
    document.quotes = quotes
