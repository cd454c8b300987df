"""Who a quote's speaker is, as a PLOVER actor: country and sector from the article.

The annotation stage names each quote's speaker ("Interior Cabinet Secretary Daniel Kiprono",
"Mokoena", "the ministry") and codes only what the dictionaries know of that phrase alone.
Here, as the coder reads the article (after each sentence, for the speakers named in it, and
once more at the end), a speaker without a country is read where the article names it, with
the coder's memory of the article so far (:class:`~redline.code.mentions.ActorFinder`):

* the phrase itself and its descriptions: a title before the name, an apposition either side
  ("South Africa's electricity minister, Thandiwe Mokoena"), a person named earlier by a
  description ("Mokoena" after it);
* a person named again by surname ("Obuya said") as where the article described them;
* a title given by a state before the name ("Ukraine's Foreign Minister X") is that state's;
* an official of no stated country ("the interior minister", "Government spokesman X") is of
  the state of the place the sentence opens with ("In Beijing, ..."), else, when described
  with "a" ("a junta spokesman"), of the last state whose officials of that kind the article
  named before the quote, else of the state the article reports from, as the coder reads "the
  army"; so is anyone the article places nowhere ("a resident", "Grace Wanjiru").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from redline.code.mentions import HOME_SECTORS, ActorFinder
from redline.records import Actor, Quote

__all__ = ["code_speakers", "speaker_mentions"]

_REACH = 600  # characters around a quote within which its speaker is looked for


def speaker_mentions(quotes: list[Quote], sdoc: Doc) -> list[Token | None]:
    """For each quote, the head of the mention of its speaker nearest it (None: none found)."""
    return [_mention(quote, sdoc) if quote.speaker else None for quote in quotes]


def code_speakers(
    quotes: list[Quote], mentions: list[Token | None], finder: ActorFinder, sent: Span | None = None
) -> None:
    """Set ``speaker_code``/``speaker_sector`` of the *quotes* whose speaker has no country
    (*mentions*: :func:`speaker_mentions` of them); with *sent*, only of those whose speaker is
    named in it (the coder calls this as it reads, so "a junta spokesman" is read with what the
    article had said so far)."""
    for quote, head in zip(quotes, mentions, strict=True):
        if not quote.speaker or quote.speaker_code:
            continue
        if sent is not None and (head is None or not sent.start <= head.i < sent.end):
            continue
        actor = _actor(head, finder) if head is not None else finder.resolve_phrase(quote.speaker)
        if (actor is None or not actor.code) and head is not None and head.ent_type_ == "PERSON":
            # "Obuya said": the person as the article first described them
            for other in _namesakes(head):
                found = _actor(other, finder)
                if found is not None and found.code:
                    actor = found
                    break
        if (actor is None or not actor.code) and finder.home:
            # a person or group the article places nowhere else: of the state it reports from
            actor = Actor(quote.speaker, finder.home, actor.sector if actor is not None else None)
        if actor is not None and (actor.code or actor.sector):
            quote.speaker_code = actor.code or quote.speaker_code
            quote.speaker_sector = actor.sector or quote.speaker_sector


def _mention(quote: Quote, sdoc: Doc) -> Token | None:
    """The head of the mention of the speaker nearest the quote (outside it)."""
    text = sdoc.text
    name = quote.speaker or ""
    best: tuple[int, int] | None = None
    start = text.find(name, max(0, quote.start - _REACH * 4))
    while 0 <= start < quote.end + _REACH:
        inside = quote.start <= start < quote.end
        if not inside:
            distance = quote.start - start if start < quote.start else start - quote.end
            if best is None or distance < best[0]:
                best = (distance, start)
        start = text.find(name, start + 1)
    if best is None:
        return None
    span = sdoc.char_span(best[1], best[1] + len(name), alignment_mode="expand")
    return span.root if span is not None else None


def _namesakes(head: Token) -> list[Token]:
    """Other mentions of the person *head* names, in reading order: tokens of PERSON entities
    ending in the same word."""
    last = head.lower_
    return [
        ent.root for ent in head.doc.ents
        if ent.label_ == "PERSON" and ent[-1].lower_ == last and ent.root.i != head.i
    ]


def _owner_state(head: Token, finder: ActorFinder) -> str | None:
    """The state a title before a name is given by ("Ukraine's Foreign Minister X")."""
    for tok in head.lefts:
        for owner in (tok, *tok.children):
            if owner.dep_ == "poss" and owner.ent_type_ == "GPE":
                return finder.resolver.country_of(owner.text)
    return None


def _told_in(head: Token, finder: ActorFinder) -> str | None:
    """The state of a place the speaker's sentence opens with ("In Beijing, a spokeswoman ...")."""
    words = [t for t in head.sent if not t.is_space][:4]
    if len(words) < 3 or words[0].lower_ != "in" or words[1].ent_type_ != "GPE":
        return None
    place = [t.text for t in words[1:] if t.ent_type_ == "GPE" and t.ent_iob_ in ("B", "I")]
    return finder.resolver.country_of(" ".join(place)) if place else None


def _actor(head: Token, finder: ActorFinder) -> Actor | None:
    """The actor a speaker's mention names: the mention, then what describes it."""
    descriptions = [head, *(c for c in head.children if c.dep_ == "appos")]
    if head.dep_ == "appos":
        descriptions.append(head.head)
    # "a spokesperson for the African Union Commission": whom the office serves
    descriptions += [
        g for d in list(descriptions) for p in d.children
        if p.dep_ == "prep" and p.lower_ in ("for", "of", "at") for g in p.children if g.dep_ == "pobj"
    ]
    sector = None
    owner = _owner_state(head, finder)  # "Ukraine's Foreign Minister Oleh Marchenko"
    if owner is not None:
        described = finder.described(head)
        return Actor(head.text, owner, next((a.sector for a in described if a.sector), None))
    for tok in descriptions:
        for actor in finder.actors_of(tok):
            if actor.code:
                return actor
            sector = sector or actor.sector
        if sector is None:
            described = finder.described(tok)
            sector = next((a.sector for a in described if a.sector), None)
    known = finder.resolve_phrase(head.text)
    if known is not None and known.code:
        return known
    # "a government spokesman": of the last government the article named, not a title of its own
    indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for d in descriptions for c in d.children)
    last = finder.memory.last_by_sector.get(sector) if sector and indefinite else None
    if sector in HOME_SECTORS and (where := _told_in(head, finder) or (last and last.code) or finder.home):
        return Actor(entity_text=head.text, code=where, sector=sector)
    return Actor(entity_text=head.text, code=None, sector=sector) if sector else None
