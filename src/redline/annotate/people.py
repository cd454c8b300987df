"""The people a document names, and how a speaker phrase names one of them.

Used by :mod:`redline.annotate.quotes`: which tokens are people (the tagger's PERSON
entities, and names it labelled otherwise that a PERSON entity or a description shows to be
people), the name a description is given beside it, the person a title or a pronoun means,
and the names the acronyms a text defines stand for (also read by the coder's mentions).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from redline.annotate.places import PLACE_NOUNS, gazetteer

__all__ = [
    "BODY_NOUNS", "UNNAMED", "People", "defined_acronyms", "name_of", "recent_person", "titled",
    "window_start",
]

NAMED = {"PERSON", "ORG", "GPE", "NORP"}
NOT_PEOPLE = {
    "GPE", "LOC", "FAC", "DATE", "TIME", "NORP", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"
}
NAME_DEPS = {"compound", "amod", "det", "poss", "nmod", "flat", "case"}
UNNAMED = frozenset({"a", "an", "one", "another"})  # "a resident", "one witness": someone unnamed
# bodies named by what they are ("the group said"): an organisation named before, never a person
BODY_NOUNS = frozenset({
    "group", "company", "firm", "bloc", "movement", "organisation", "organization", "militia",
    "alliance", "coalition", "union", "agency", "party", "body", "network", "faction", "insurgency",
})


class People:
    """The people a document names: PERSON entities, names the tagger gave another label that
    share their last word with a PERSON entity ("Helena Carvalho" tagged ORG beside a later
    "Carvalho"), and names given as what a common noun is (:func:`described_names`)."""

    def __init__(self, doc: Doc) -> None:
        persons = [e for e in doc.ents if e.label_ == "PERSON"]
        taken = {i for e in persons for i in range(e.start, e.end)}
        described = [n for n in described_names(doc) if not any(i in taken for i in range(n.start, n.end))]
        surnames = {e[-1].lower_ for e in persons + described}
        taken |= {i for n in described for i in range(n.start, n.end)}
        others = [
            e for e in doc.ents
            if e.label_ != "PERSON" and e[-1].pos_ == "PROPN" and e[-1].lower_ in surnames
            and not any(i in taken for i in range(e.start, e.end))
        ]
        spans = persons + described + others
        self.spans = sorted(spans, key=lambda e: e.start)
        self._at = {i: span for span in self.spans for i in range(span.start, span.end)}

    def of(self, token: Token) -> Span | None:
        return self._at.get(token.i)

    def full_name(self, token: Token) -> str | None:
        """The fuller name an earlier mention gave a person named by one word ("Getachew" after
        "Getachew Alemu", "Ortega" after "Daniel Ortega")."""
        span = self.of(token)
        if span is None or len(span) != 1:
            return None
        word = token.lower_
        fuller = [
            e for e in self.spans if e.start < token.i and len(e) > 1 and word in (e[0].lower_, e[-1].lower_)
        ]
        return fuller[-1].text if fuller else None

    def named(self, token: Token) -> Token:
        """A description's name given beside it: "His lawyer, Chinedu Eze," -> Eze; "The
        president of Congress, Eduardo Salas," -> Salas (the parser may hang the name on
        "Congress")."""
        if self.of(token) is not None:
            return token
        for child in token.children:  # "Outside, Raul Gomez, the union's leader, told" (a misparse)
            if child.dep_ in ("appos", "conj") and self.of(child) is not None:
                return child
        if token.pos_ != "NOUN":
            return token
        for child in token.subtree:
            if child.dep_ == "appos" and child.i > token.i and (
                self.of(child) is not None or (child.pos_ == "PROPN" and child.head.i == token.i)
            ):
                if not any(a.dep_ == "relcl" and a.i < child.i for a in child.ancestors if a.i != token.i):
                    return child
        return token


def described_names(doc: Doc) -> list[Span]:
    """Names given as the apposition of a common noun ("the president of Congress, Eduardo
    Salas,"), whatever label the tagger gave them, unless a place's or a time's or the noun a
    place's ("the provincial capital, Santa Rosa Alta,"); a name of several words tagged a place
    or a people is a person's when no place bears it ("the chief negotiator, Ana Lucía
    Restrepo," read as a place)."""
    out = []
    for tok in doc:
        if not (tok.dep_ == "appos" and tok.pos_ == "PROPN" and tok.head.pos_ == "NOUN"):
            continue
        left = tok.i
        while left > 0 and doc[left - 1].dep_ in ("compound", "flat") and doc[left - 1].head.i == tok.i:
            left -= 1
        name = doc[left : tok.i + 1]
        if tok.head.lemma_.lower() in PLACE_NOUNS:
            continue  # "the provincial capital, Santa Rosa Alta," whatever the tagger made of it
        if tok.ent_type_ not in NOT_PEOPLE or _unplaced(name):
            out.append(name)
    return out


def _unplaced(name: Span) -> bool:
    """Whether a name of several capitalised words tagged a place (or a people) names no place
    the gazetteer knows."""
    if name.root.ent_type_ not in ("GPE", "LOC", "NORP") or len(name) < 2:
        return False
    if not all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.text.isalpha() for t in name):
        return False
    return not gazetteer().references(name.text)


def name_of(token: Token, people: People) -> str:
    """The speaker phrase headed by *token*: a named entity or the head with its left modifiers."""
    ent = people.of(token)
    if ent is None and token.ent_type_ in NAMED:
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is not None:
        left = token.i
        while (
            left > 0
            and token.doc[left - 1].dep_ in ("compound", "amod")
            and token.doc[left - 1].head.i > left - 1
        ):
            left -= 1
        return token.doc[min(left, ent.start) : max(ent.end, token.i + 1)].text
    left = token.i
    for child in token.lefts:
        if child.dep_ in NAME_DEPS:
            left = min(left, child.left_edge.i)
        else:
            left = token.i
    return token.doc[left : token.i + 1].text


def recent_person(doc: Doc, before: int, subjects: list[tuple[int, str]], people: People) -> str | None:
    """The person a "he" or "she" at token *before* means: the latest of *subjects* (``(token
    index, name)`` of the people who led a sentence, spoke or were quoted) before it, else the
    last person named in the two preceding sentences."""
    said = [name for i, name in subjects if i < before]
    if said:
        return said[-1]
    if before >= len(doc):
        return None
    floor = window_start(doc, before)
    named = [e for e in people.spans if floor <= e.start and e.end <= before]
    return named[-1].text if named else None


def window_start(doc: Doc, i: int, sentences: int = 2) -> int:
    """The first token of token *i*'s sentence, or of the *sentences* before it."""
    floor = doc[i].sent.start
    for _ in range(sentences):
        if floor == 0:
            break
        floor = doc[floor - 1].sent.start
    return floor


def titled(token: Token, people: People) -> str | None:
    """The person a title names when the article named them with it before ("Foreign Minister
    Karim Fawzy ... the foreign minister said"; "the governor" after "Central bank governor
    Selin Aydin"): the latest person whose title shares the most words with it."""
    if token.pos_ != "NOUN" or token.ent_type_ or token.lemma_.lower() in BODY_NOUNS:
        return None
    words = {token.lemma_.lower()} | {
        c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")
    }
    best: tuple[int, int] | None = None
    name = None
    for ent in people.spans:
        if ent.start >= token.i:
            continue
        title = title_words(ent)
        if token.lemma_.lower() not in title:
            continue
        key = (len(words & title), ent.start)
        if best is None or key > best:
            best, name = key, ent.text
    return name


def title_words(ent) -> set[str]:
    """Lower-case lemmas of the title a person is named with: "Foreign Minister" before the
    name or inside the tagger's name, an apposition after it ("X, the foreign minister,") or
    the description it is the apposition of ("Armenia's deputy prime minister, X,")."""
    doc = ent.doc
    out = {t.lower_ for t in ent[:-1]}  # "Colonel Joseph Mbala" tagged whole as the name
    i = ent.start - 1
    while i >= 0 and doc[i].dep_ == "compound" and doc[i].head.i >= ent.start:
        out.add(doc[i].lemma_.lower())
        i -= 1
    root = ent.root
    described = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        described.append(root.head)
    for head in described:
        if head.pos_ == "NOUN":
            out.add(head.lemma_.lower())
            out.update(c.lemma_.lower() for c in head.children if c.dep_ in ("compound", "amod"))
    return out


# "the China Coast Guard (CCG)": a capitalised name and the acronym the article will use for it
_DEFINED_ACRONYM = re.compile(r"((?:[A-Z][\w'\u2019.-]*\s+)(?:(?:of|the|and|for|[A-Z][\w'\u2019.-]*)\s+){0,6}"
                              r"[A-Z][\w'\u2019.-]*)\s*\(([A-Z]{2,6})\)")


def defined_acronyms(text: str) -> list[tuple[str, str]]:
    """``(name, acronym)`` of each acronym *text* defines after a name whose capitals end with
    its last letter ("the National Liberation Army (ELN)"), in order."""
    out = []
    for m in _DEFINED_ACRONYM.finditer(text):
        name, acronym = m.group(1), m.group(2)
        words = name.split()
        initials = "".join(w[0] for w in words if w[:1].isupper())
        if not initials.endswith(acronym[-1]):
            continue
        # "Ships of the China Coast Guard (CCG)": the words whose capitals spell it
        for start in range(len(words)):
            spelt = "".join(w[0] for w in words[start:] if w[:1].isupper())
            if words[start][:1].isupper() and spelt == acronym:
                name = " ".join(words[start:])
                break
        out.append((name, acronym))
    return out
