"""Where an event happened: the place its clause names (the object or locative complement of
its predicate, "shelled X", "in/near/at X"), else another place of its clause or sentence, the
dateline's for the lead, the paragraph's when all its places are in one country; never a
capital that only speaks ("..., Manila said").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from redline.annotate.places import dateline_place, qualified_place
from redline.code.paragraphs import paragraph_bounds
from redline.code.rules import speech_verbs
from redline.records import Document, Place

if TYPE_CHECKING:
    from redline.code.coder import Trigger


def place_in(places: list[Place], trigger: Trigger, sent, countries: bool = False) -> Place | None:
    """The place named in the sentence nearest the trigger: below country level, or (with
    *countries*) any place whose country is known."""
    inside = [
        p
        for p in places
        if sent.start_char <= p.start < sent.end_char
        and (p.country if countries else p.feature != "country")
    ]
    if not inside:
        return None
    anchor = trigger.token.idx
    return min(inside, key=lambda p: abs(p.start - anchor))


# Prepositions that put an event somewhere: "in/near/at/outside X", "an attack on X".
_LOCATIVE_PREPS = frozenset(
    {"in", "near", "at", "outside", "around", "inside", "into", "on", "onto", "across", "along", "over",
     "towards", "toward", "through", "throughout", "within", "off", "upon", "between", "beyond", "by"}
)  # fmt: skip
# Nouns whose "of" names a place: "the village of Lyptsi", "the outskirts of Khiam".
_PLACE_NOUNS = frozenset(
    {"town", "city", "village", "port", "province", "region", "district", "capital", "area", "outskirts",
     "suburb", "suburbs", "county", "state", "governorate", "oblast", "island", "settlement", "hamlet",
     "neighbourhood", "neighborhood", "municipality", "community", "locality", "centre", "center"}
)  # fmt: skip
# "advmod": the parser's reading of some unknown names after a verb ("shelled Toretsk").
_ARGUMENT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "attr", "oprd", "advmod", "npadvmod"})
# Words of one place name or its qualifiers: "Orikhiv, Polohy district, Zaporizhzhia province".
_NAME_DEPS = frozenset({"compound", "amod", "nmod", "poss", "appos", "conj", "npadvmod"})


def _finer(place: Place) -> int:
    """Town before district before province before country."""
    return {"city": 0, "admin2": 1, "admin1": 2}.get(place.feature or "", 3)


def argument_places(trigger: Trigger, places: list[Place]) -> list[Place]:
    """Places the event's predicate takes as object or locative complement, nearest first in
    the parse: "shelled X", "X was hit", "in/near/at X", "struck a car near X", "the village
    of X". Other prepositions ("25 km from X", "west of X") and other clauses do not count."""
    if not places:
        return []

    def place_of(tok) -> Place | None:
        """The place a token names with its modifiers and appositions: "Vuhledar, Donetsk
        province" (parsed as a province modified by Vuhledar) names Vuhledar, the finer."""
        words, stack = [], [tok]
        while stack:
            t = stack.pop()
            words.append(t)
            stack.extend(c for c in t.children if c.dep_ in _NAME_DEPS)
        named = [p for t in words for p in places if p.start <= t.idx < p.end]
        return min(named, key=_finer, default=None)

    found: list[Place] = []
    frontier = [trigger.clause]
    if trigger.noun and trigger.token is not trigger.clause:
        frontier.append(trigger.token)
    seen = {t.i for t in frontier}
    for _depth in range(3):
        if found:
            break  # the predicate's own arguments before those of its objects
        following = []
        for head in frontier:
            for child in head.children:
                if child.i in seen:
                    continue
                targets = []
                if child.dep_ in _ARGUMENT_DEPS:
                    targets = [child]
                elif child.dep_ == "prep" and (
                    child.lower_ in _LOCATIVE_PREPS
                    or (child.lower_ == "of" and head.lemma_.lower() in _PLACE_NOUNS)
                ):
                    targets = [c for c in child.children if c.dep_ == "pobj"]
                for t in targets:
                    seen.add(t.i)
                    p = place_of(t)
                    if p is not None and p not in found:
                        found.append(p)
                    following.append(t)
        frontier = following
    return sorted(found, key=_finer)


def event_place(document: Document, trigger: Trigger, sent) -> Place | None:
    """The event's own place: the object or locative complement of its predicate ("shelled X",
    "in/near/at X", "X was hit"), else another place named in its clause, else in its sentence
    (the finest, then the nearest the trigger), all below country level; for the article's
    lead sentence with no place of its own (or only the dateline's country), the dateline's;
    else a country the predicate takes ("clashes in Sudan"). A sentence that names no place
    takes the nearest place of its paragraph when all of that paragraph's are in one country."""
    inside = [
        p
        for p in document.places
        if sent.start_char <= p.start < sent.end_char
        and not speaks(sent.doc, p)
        and not reference_only(sent.doc, p)
    ]
    # a qualifier the parser took for an argument stands for the place it qualifies
    argued: list[Place] = []
    for p in argument_places(trigger, inside):
        head = qualified_place(p, inside, document.text)
        if all(head is not q for q in argued):
            argued.append(head)
    argued.sort(key=_finer)
    local = next((p for p in argued if p.feature != "country"), None)
    if local is not None:
        return local
    clause = trigger.clause
    lo, hi = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)
    anchor = trigger.token.idx
    for pool in ([p for p in inside if lo <= p.start < hi], inside):
        # "residents of Sderot (Ashkelon, Southern) protested": a qualifier is its head
        heads = [qualified_place(p, inside, document.text) for p in pool]
        below = [p for i, p in enumerate(heads) if p.feature != "country" and p not in heads[:i]]
        if below:
            return min(below, key=lambda p: (_finer(p), abs(p.start - anchor)))
    # "... shot dead a trader. The incident took place in Kakuma.": a sentence without a place
    # takes the nearest of its paragraph's, when those are all in one country
    lo, hi = paragraph_bounds(document.text, sent.start_char)
    nearby = [
        p
        for p in document.places
        if lo <= p.start < hi and p.feature != "country" and not speaks(sent.doc, p)
        and not reference_only(sent.doc, p)
    ]
    if nearby and len({p.country for p in nearby}) == 1 and not argued and not inside:
        return min(nearby, key=lambda p: (abs(p.start - anchor), _finer(p)))
    lead = next((s for s in sent.doc.sents if s.text.strip()), None)
    if document.dateline and lead is not None and sent.start == lead.start:
        named = {p.country for p in inside}
        home = dateline_place(document.dateline, {p.country for p in document.places if p.country})
        if home is not None and home.feature != "country" and named <= {home.country}:
            return home
    return next(iter(argued), None)


# "55 km southwest of Bangui", "north of the capital", "20 miles from X": a place that only
# locates another by bearing or distance, where nothing happened.
_BEARINGS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east",
     "north-west", "south-east", "south-west", "km", "kilometres", "kilometers", "miles", "mi"}
)  # fmt: skip


def reference_only(doc, place: Place) -> bool:
    """Whether a place is named only as a bearing for another ("a village north of Gulu",
    "about 55 kilometres southwest of Bangui", "30 km from the border town of X")."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in {"of", "from"}:
        return False
    bearing = prep.head
    return bearing.lower_ in _BEARINGS or any(
        c.lower_ in _BEARINGS for c in bearing.children if c.dep_ == "compound"
    )


def speaks(doc, place: Place) -> bool:
    """Whether a place names a government that speaks ("..., Manila said", "a charge Baku
    denied"): the subject of a verb of saying, a speaker, not where anything happened."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in speech_verbs()
