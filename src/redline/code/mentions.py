"""Noun phrases to PLOVER actors, with a small in-article coreference memory.

The memory remembers, in reading order, who was named how: full names and surnames of
people, and the last actor seen per sector and overall, so that "he", "Lukashevich" or
"the military official" later in the article resolve to the actor named earlier; titles and
bodies named with their state ("the Minister for Foreign Affairs of Japan"), so that "the
Minister" does; the sides of the last act coded between states, so that "the two sides" or
"the ministers" do; and every actor in order, so that a pronoun read as the very state an act
is aimed at ("He urged Iran") can be read as the one before (:meth:`ActorFinder.other_than`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Set
from dataclasses import dataclass, field
from typing import Any

from redline.actors import ActorResolver
from redline.annotate.people import defined_acronyms
from redline.code.rules import rules
from redline.code.sectors import guesser
from redline.records import Actor

_RULES = rules()  # the coder's word lists: pronouns and determiners live there
PRONOUNS_FIRST = frozenset(_RULES["pronouns"]["first"])  # the speaker
PRONOUNS_PERSON = frozenset(_RULES["pronouns"]["person"])  # the last person named
PRONOUNS_GROUP = frozenset(_RULES["pronouns"]["group"])  # the speaker's side, else the last country
DEFINITE = frozenset(_RULES["definite_determiners"])
WEAK_SECTORS = {None, "ELI"}
QUANTITY_HEADS = {
    "thousand",
    "thousands",
    "hundred",
    "hundreds",
    "tens",
    "dozens",
    "scores",
    "millions",
    "group",
    "groups",
    "contingent",
    "contingents",
    "detachment",
    "members",
    "number",
    "some",
    "most",
    "many",
    "few",
    "majority",
    "all",
}
# counts that, standing alone as who acts or is acted on, are people ("Thousands marched")
CROWD_COUNTS = {"thousands", "hundreds", "tens", "dozens", "scores", "millions"}
INTERNATIONAL = {"IGO", "NGO"}
TRANSNATIONAL = frozenset({"IMG"})  # PETRARCH's international militarized groups (Islamic State, ...)
NOT_COUNTRIES = frozenset({*INTERNATIONAL, *TRANSNATIONAL, "UNK"})  # actor codes that name no state
AMOUNTS = frozenset({"MONEY", "PERCENT", "QUANTITY"})  # entity labels of amounts (not "thousands of")
HOME_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}
PERSON_TITLES = frozenset(_RULES["person_titles"])  # "the president": one person, for a later "he"
PARTY_HEADS = frozenset(_RULES["party_heads"])  # "the two sides", "the ministers"
SHARED_INSTITUTIONS = frozenset(_RULES["shared_institutions"])  # "Congress": the home state's
PLACE_PREPOSITIONS = {"in", "from", "throughout", "across", "of"}
PHRASE_DEPS_DROPPED = {"relcl", "acl", "conj", "cc", "punct", "advcl", "prep"}


@dataclass
class MentionMemory:
    """What the article has named so far (reset per document)."""

    people: dict[str, Actor] = field(default_factory=dict)  # lowercased full name and surname -> actor
    last_person: Actor | None = None
    last_by_sector: dict[str, Actor] = field(default_factory=dict)
    last_country: Actor | None = None
    by_head: dict[str, Actor] = field(default_factory=dict)  # "court" -> the International Court of Justice
    acronyms: dict[str, Actor] = field(default_factory=dict)  # "CCG" -> the China Coast Guard
    parties: list[Actor] = field(default_factory=list)  # the two or more sides of the last act coded
    history: list[tuple[Actor, bool]] = field(default_factory=list)  # every actor remembered; a person?
    frozen: bool = False  # while offices are learned: nothing else is remembered

    def remember(self, actor: Actor, person_name: str | None = None) -> None:
        if self.frozen:
            return
        if person_name:
            name = person_name.strip()
            self.people[name.lower()] = actor
            self.people[name.split()[-1].lower()] = actor
            if len(name.split()) == 2:  # "Zhao Lijian", later "Zhao": the family name may come first
                self.people.setdefault(name.split()[0].lower(), actor)
            self.last_person = actor
        if actor.sector:
            self.last_by_sector[actor.sector] = actor
        if actor.code:
            self.last_country = actor
            self.history.append((actor, bool(person_name)))

    def latest(self, avoid: Set[str], person: bool = False, sector: str | None = None) -> Actor | None:
        """The actor of a state last remembered whose country is not in *avoid*: a person only,
        or one of *sector*, when asked."""
        for actor, is_person in reversed(self.history):
            if actor.code in avoid or actor.code in NOT_COUNTRIES:
                continue
            if (person and not is_person) or (sector is not None and actor.sector != sector):
                continue
            return actor
        return None


def phrase_tokens(head) -> list:
    """Tokens of the noun phrase headed by *head*, without clauses, conjuncts or prepositions."""
    keep = [head]
    stack = [c for c in head.children if c.dep_ not in PHRASE_DEPS_DROPPED]
    while stack:
        tok = stack.pop()
        keep.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in {"relcl", "acl", "advcl"})
    # "Ukraine's Foreign Ministry" keeps its possessor; "ministry of defence" its of-phrase.
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            keep.extend(c.subtree)
    return sorted(keep, key=lambda t: t.i)


def prep_object(head, preposition: str) -> Any | None:
    """The object of *preposition* on *head* ("the assets of X": X for "of"; "a strike by X":
    X for "by"), if any."""
    return next(
        (g for c in head.children if c.dep_ == "prep" and c.lower_ == preposition
         for g in c.children if g.dep_ == "pobj"),
        None,
    )


def _left_modifiers(head) -> list:
    """The words that modify *head* before it ("a Hindu nationalist group": Hindu nationalist),
    without determiners, possessors or numbers."""
    keep, stack = [], [c for c in head.lefts if c.dep_ in {"amod", "compound", "nmod", "npadvmod"}]
    while stack:
        tok = stack.pop()
        keep.append(tok)
        stack.extend(c for c in tok.children if c.dep_ in {"amod", "compound", "nmod", "npadvmod", "advmod"})
    return sorted(keep, key=lambda t: t.i)


def phrase_text(tokens: list) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,")


class ActorFinder:
    """Resolves a token (head of a noun phrase) to actors, using the memory for coreference."""

    def __init__(self, resolver: ActorResolver, when: dt.date | None, home: str | None = None):
        self.resolver = resolver
        self.when = when
        self.home = home  # the country the article reports from, for "the army", "police"
        self.memory = MentionMemory()

    def learn_entities(self, sdoc) -> None:
        """Pre-scan PERSON entities with their appositions ("Colonel X, a Belarusian military official")."""
        for ent in sdoc.ents:
            if ent.label_ != "PERSON" or (ent.start > 0 and sdoc[ent.start - 1].lower_ == "the"):
                continue  # "the Sahel" tagged as a person is no person
            head = ent.root
            actor = self._resolve_with_apposition(head, phrase_text(phrase_tokens(head)))
            if actor is None:
                actor = self.resolve_phrase(ent.text)
            if actor and actor.code:
                name = ent.text
                if name.lower() not in self.memory.people:
                    self.memory.remember(actor, name)

    def learn_acronyms(self, text: str) -> None:
        """Acronyms the article defines: "the China Coast Guard (CCG)" makes "CCG" that actor."""
        for name, acronym in defined_acronyms(text):
            if acronym in self.memory.acronyms:
                continue
            actor = self.resolver.resolve(name, self.when)
            if actor is not None and (actor.code or actor.sector):  # a group of no known state, too
                self.memory.acronyms[acronym] = actor

    def resolve_phrase(self, text: str) -> Actor | None:
        if not text:
            return None
        actor = self.resolver.resolve(text, self.when)
        acronyms = self.memory.acronyms
        defined = next((acronyms[w] for w in text.split() if w in acronyms), None) if acronyms else None
        if defined is not None and (actor is None or not actor.code):  # "the CCG vessels"
            sector = actor.sector if actor is not None and actor.sector else defined.sector
            return Actor(entity_text=text, code=defined.code, sector=sector, org=defined.org)
        if actor is None:
            known = self.memory.people.get(text.lower()) or self.memory.people.get(text.split()[-1].lower())
            if known is not None and text[:1].isupper():
                return Actor(entity_text=text, code=known.code, sector=known.sector)
        return actor

    def learn_offices(self, sent) -> None:
        """Offices named with their state in *sent* ("the Minister for Foreign Affairs of
        Japan", "the President of the Philippines"), for "the Minister" or "the President"
        later in the article, in reading order; nothing else is remembered by reading them."""
        self.memory.frozen = True
        try:
            for tok in sent:
                title = tok.pos_ == "PROPN" and not tok.ent_type_
                if title and self.resolver.sector_of(tok.lemma_) in HOME_SECTORS:
                    self._actor_of(tok, None)
        finally:
            self.memory.frozen = False

    def person_before(self, pronoun) -> Actor | None:
        """The person a "he" or "she" means when its own sentence named one as a subject before
        it ("X said ... and he accused Y"): the last such person."""
        people = [
            e for e in pronoun.sent.ents
            if e.label_ == "PERSON" and e.end <= pronoun.i and e.text.lower() in self.memory.people
            and e.root.dep_ in {"nsubj", "nsubjpass"}
        ]
        return self.memory.people[people[-1].text.lower()] if people else None

    def inferred(self, actor: Actor) -> bool:
        """Whether *actor*'s country came from the article, not from its own words ("he", "the
        deputy prime minister", "a spokesperson" resolved to someone named before)."""
        owner = re.split(r"['\u2019]s\b", actor.entity_text)[0]  # "Vietnam's protest": Vietnam
        for text in (actor.entity_text, owner):
            named = self.resolve_phrase(text)
            if named is not None and named.code:
                return False
        return True

    def other_than(self, actor: Actor, avoid: Set[str]) -> Actor | None:
        """Whom a pronoun or an office named without its state more likely means when the
        article's reading of it (*actor*) is a state the act is aimed at by name: "He urged
        Iran", "A spokesperson rejected Vietnam's protest" are not Iran's or Vietnam's. The
        last person (for "he") or the last actor of its sector named of another state, else
        the article's home state, else the last other state named; None if there is none."""
        memory = self.memory
        earlier = memory.latest(avoid, person=True) if actor.entity_text.lower() in PRONOUNS_PERSON else None
        earlier = earlier or (memory.latest(avoid, sector=actor.sector) if actor.sector else None)
        if earlier is None and self.home and self.home not in avoid:
            return Actor(entity_text=actor.entity_text, code=self.home, sector=actor.sector)
        earlier = earlier or memory.latest(avoid)
        if earlier is None:
            return None
        return Actor(entity_text=actor.entity_text, code=earlier.code, sector=actor.sector or earlier.sector)

    def remember_parties(self, actors: list[Actor]) -> None:
        """The sides of an act just coded, when it has two or more states ("Thai and Cambodian
        officials met ..."), for "the two sides" or "the ministers" of the next sentences."""
        states: list[Actor] = []
        for a in actors:
            if a.code and a.code not in NOT_COUNTRIES and all(a.code != b.code for b in states):
                states.append(a)
        if len(states) >= 2:
            self.memory.parties = states

    def listed_states(self, head, speaker: Actor | None) -> list[Actor]:
        """ "the Nordic members of the alliance — Denmark, Norway and Iceland —", "three Baltic
        states, Estonia, Latvia and Lithuania": a plural description and the states it lists
        in apposition are those states."""
        if head.tag_ not in {"NNS", "NNPS"}:
            return []
        listed = next((c for c in head.children if c.dep_ == "appos"), None)
        if listed is None or not listed.conjuncts:
            return []
        states: list[Actor] = []
        for tok in (listed, *listed.conjuncts):
            actor = self._actor_of(tok, speaker)
            if actor is None or not actor.code or actor.code in NOT_COUNTRIES:
                return []  # a list of other things ("the victims, a man and his son")
            if all(a.code != actor.code for a in states):
                states.append(actor)
        return states

    def names_the_parties(self, head) -> bool:
        """ "the two sides", "both countries", "the ministers": a definite plural of a kind
        of party, naming none itself; also such a plural of theirs ("the foreign ministers of
        the two countries")."""
        if head.tag_ not in {"NNS", "NNPS"} or head.lemma_.lower() not in PARTY_HEADS:
            return False
        marks = {c.lower_ for c in head.children if c.dep_ in {"det", "nummod", "predet"}}
        named = any(c.dep_ in {"amod", "compound", "poss", "nmod"} and (c.ent_type_ or c.pos_ == "PROPN")
                    for c in head.children)
        owner = prep_object(head, "of")
        if owner is not None:
            return "the" in marks and not named and self.names_the_parties(owner)
        return bool(marks & {"the", "both", "two"}) and not named

    def actors_of(self, head, speaker: Actor | None = None, upto: int | None = None) -> list[Actor]:
        """Actors named by the noun phrase headed by *head* and its conjuncts (those before
        token *upto* only, when given: "insurgents killed nine, officials and a source said")."""
        if head.ent_type_ in AMOUNTS:
            return []  # "2 million US dollars": an amount, no one
        if self.memory.parties and not head.conjuncts and self.names_the_parties(head):
            return list(self.memory.parties)
        listed = self.listed_states(head, speaker)
        if listed:
            return listed
        found: list[Actor] = []
        for tok in [head, *(c for c in head.conjuncts if upto is None or c.i < upto)]:
            if tok.i != head.i and any(c.dep_ == "poss" and c.lower_ in PRONOUNS_GROUP for c in tok.children):
                continue  # "students and their supporters": the same side as the first conjunct
            actor = self._actor_of(tok, speaker)
            if actor and actor.code and all(a.code != actor.code or a.sector != actor.sector for a in found):
                found.append(actor)
            sector = actor.sector if actor is not None else self.resolver.sector_of(tok.lemma_)
            for mod in tok.children:
                if mod.dep_ == "compound" and not mod.conjuncts:  # "Russian and Ukrainian patrol boats"
                    mod = next((m for m in mod.lefts if m.dep_ in {"amod", "nmod"} and m.conjuncts), mod)
                if mod.dep_ in {"amod", "compound", "nmod"} and mod.conjuncts:
                    for other in (mod, *mod.conjuncts):  # "Iranian and Iraqi officials"
                        name = [t.text for t in other.lefts if t.dep_ == "compound"] + [other.text]
                        code = self.resolver.country_of(" ".join(name))  # "Sri Lankan"
                        if code and all(a.code != code for a in found):
                            found.append(Actor(f"{' '.join(name)} {tok.text}", code, sector))
        return found

    def described(self, head, upto: int | None = None) -> list[Actor]:
        """People the phrase names only by what they are ("workers", "prisoners", "ethnic
        Albanians", "Kurds"): sector known, country not, for the caller to place. Members
        of an ethnic group are not coded as the state that shares their name."""
        found: list[Actor] = []
        for tok in [head, *(c for c in head.conjuncts if upto is None or c.i < upto)]:  # as actors_of
            if tok.lower_ in QUANTITY_HEADS or tok.pos_ == "NUM":
                counted = prep_object(tok, "of")
                alone = counted is None and tok.dep_ in {"nsubj", "nsubjpass", "dobj"}
                if alone and tok.lower_ in CROWD_COUNTS:
                    found.append(Actor(entity_text=tok.text, code=None, sector="CVL"))  # "Thousands marched"
                    continue
                tok = counted or tok
            # a named body that the dictionaries give a sector but no country ("the Ministry of
            # Foreign Affairs") is described by its office like "the ministry"
            if tok.pos_ not in {"NOUN", "PROPN"} or tok.ent_type_ == "GPE":
                continue
            # A person is described by a title ("Judge Alejandro Rivera"), a group by its noun.
            compound = " ".join([c.text for c in tok.lefts if c.dep_ in {"compound", "amod"}] + [tok.text])
            words = phrase_text(phrase_tokens(tok)) if tok.ent_type_ == "PERSON" else compound
            actor = self.resolver.resolve(words, self.when)
            sector = actor.sector if actor is not None else (
                self.resolver.sector_of(words) or self.resolver.sector_of(tok.lemma_)
            )
            if sector is None and actor is None:
                # "a Hindu nationalist group": what it is may be said by any word before the head
                sector = self.resolver.sector_of(" ".join(t.text for t in _left_modifiers(tok)))
            if sector is None and actor is None and tok.pos_ == "NOUN" and tok.tag_ == "NNS":
                sector = guesser(self.resolver).sector(tok.lower_)  # "paramedics": near "medics"
            if sector in {None, "CVL"} and (actor is None or not actor.code) and _armed(tok):
                sector = "UAF"  # "men wielding machetes", "youths armed with knives": armed, unnamed
            ethnic = any(c.dep_ == "amod" and c.lower_ == "ethnic" for c in tok.children)
            if sector and (actor is None or not actor.code or ethnic):
                text = phrase_text(phrase_tokens(tok))
                if all(a.sector != sector for a in found):
                    found.append(Actor(entity_text=text, code=None, sector=sector))
        return found

    def _actor_of(self, tok, speaker: Actor | None) -> Actor | None:
        low = tok.lower_
        if tok.tag_ in {"WDT", "WP"} and tok.head.dep_ == "relcl":
            tok = tok.head.head  # "the invasion, which ..." -> invasion
            low = tok.lower_
        if low in PRONOUNS_FIRST:
            return _renamed(speaker, tok.text) if speaker else None
        if low in PRONOUNS_PERSON:
            return _renamed(self.person_before(tok) or self.memory.last_person, tok.text)
        if low in PRONOUNS_GROUP:
            # In reported speech "its positions" is most often the speaker's own side; a speaker
            # whose country is not known ("Its military", itself) leaves it to the last country.
            side = speaker if speaker is not None and speaker.code else self.memory.last_country
            return _renamed(side, tok.text)
        if tok.lower_ in QUANTITY_HEADS or tok.pos_ == "NUM":
            # "Thousands of Iraqi Kurds", "a group of Chechen refugees": the people counted.
            counted = prep_object(tok, "of")
            if counted is not None:
                return self._actor_of(counted, speaker)
        tokens = phrase_tokens(tok)
        text = phrase_text(tokens)
        # "Haiti's Transitional Presidential Council": a body of a state, not an armed movement
        actor = _state_body(self._resolve_with_apposition(tok, text))
        if actor is not None and actor.code and self.home and actor.code != self.home:
            if text.lower() in SHARED_INSTITUTIONS:  # "Congress" in a report from Lima
                actor = Actor(entity_text=text, code=self.home, sector=actor.sector)
        if actor is None or not actor.code:
            owned = self._from_possessor(tok, text, speaker) or self._from_modifiers(tok, text)
            actor = _state_body(owned) or actor
        ethnic = any(c.dep_ == "amod" and c.lower_ == "ethnic" for c in tok.children)
        # "the Albanians of southern Serbia": a people named by a plural demonym, somewhere else
        people = (
            tok.tag_ in {"NNS", "NNPS"}
            and tok.lower_.endswith("s")
            and self.resolver.country_of(tok.text[:-1]) is not None
        )
        if ethnic or people or (actor is not None and not actor.code and actor.sector):
            # "Security forces in Guinea", "students throughout Indonesia": the place gives the country.
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPOSITIONS:
                    place = next((g for g in prep.children if g.dep_ == "pobj"), None)
                    where = self._actor_of(place, speaker) if place is not None else None
                    code = where.code if where is not None else None
                    if code:  # "ethnic Albanians in Serbia" are coded where they live
                        sector = actor.sector if actor is not None else None
                        actor = Actor(entity_text=text, code=code, sector=sector or "CVL")
                        break
        if actor is not None and not actor.code and actor.sector in HOME_SECTORS:
            # "the Minister for Foreign Affairs of Japan": the state after the office's portfolio
            portfolio = prep_object(tok, "for")
            state = prep_object(portfolio, "of") if portfolio is not None else None
            owner = self._actor_of(state, speaker) if state is not None and state.ent_type_ == "GPE" else None
            if owner is not None and owner.code and owner.code not in NOT_COUNTRIES:
                actor = Actor(entity_text=text, code=owner.code, sector=actor.sector)
        if actor is not None and not actor.code and actor.sector:
            # "workers affiliated with the Serbian Workers' Union", "militiamen loyal to Kyiv"
            for attached in tok.children:
                if attached.dep_ not in {"acl", "amod"} or attached.i < tok.i:
                    continue
                for prep in attached.children:
                    target = next((g for g in prep.children if g.dep_ == "pobj"), None)
                    if prep.dep_ != "prep" or target is None:
                        continue
                    owner = self._actor_of(target, speaker)
                    if owner is not None and owner.code:
                        actor = Actor(entity_text=text, code=owner.code, sector=actor.sector)
                        break
                if actor.code:
                    break
        # "the army", and organs named by their office ("the Ministry of Foreign Affairs")
        definite = tok.tag_ in {"NN", "NNS", "NNP", "NNPS"} and any(
            c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children
        )
        if (actor is None or not actor.code) and actor is not None and actor.sector and definite:
            # "the court": the body named earlier with that head noun ("the International Court
            # of Justice"); "the military official": the last actor of that sector named before;
            # else "the army", "the police" of the country the article reports from. Such
            # readings are not remembered: the memory holds what the article named.
            earlier = self.memory.by_head.get(tok.lemma_.lower())
            if earlier is None and tok.tag_ == "NN":
                earlier = self.memory.last_by_sector.get(actor.sector)
            if earlier is not None:
                return Actor(entity_text=text, code=earlier.code, sector=actor.sector, org=earlier.org)
            if actor.sector in HOME_SECTORS and (told := teller_state(speaker)):
                # "Iranian state media reported that the foreign ministry ...": the teller's own
                return Actor(entity_text=text, code=told, sector=actor.sector)
            if self.home and actor.sector in HOME_SECTORS:
                return Actor(entity_text=text, code=self.home, sector=actor.sector)
        if actor and actor.code:
            # "the court" after "the International Court of Justice"; "the Minister" after "the
            # Minister for Foreign Affairs of Japan": an office named with its state
            # (a title, capitalised; "the army" stays the home state's or the last one read)
            office = actor.sector in HOME_SECTORS and actor.code not in NOT_COUNTRIES
            body = tok.ent_type_ in {"ORG", "NORP", "FAC"} or (office and not tok.ent_type_)
            if tok.pos_ == "PROPN" and body:
                self.memory.by_head[tok.lemma_.lower()] = actor
            # "Syria's ambassador, Bassam Sabbagh, ...": the person named beside the office
            named = next((c for c in tok.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
            person = tok if tok.ent_type_ == "PERSON" else named
            if person is not None or (tok.pos_ == "PROPN" and actor.sector in {"GOV", "MIL"}):
                self.memory.remember(actor, _person_name(person) if person is not None else None)
            else:
                self.memory.remember(actor)
                titled = tok.tag_ in {"NN", "NNP"} and tok.lemma_.lower() in PERSON_TITLES
                if titled and not self.memory.frozen:
                    self.memory.last_person = actor  # "the president of Somalia ... He accused"
        return actor

    def _resolve_with_apposition(self, tok, text: str) -> Actor | None:
        """The name first; an apposition only sharpens it: "Romania, a NATO member" stays Romania,
        "Colonel X, a Belarusian military official" becomes BLR MIL."""
        appositions = [c for c in tok.children if c.dep_ == "appos"]
        if not appositions:
            return self.resolve_phrase(text)
        core = [t for t in phrase_tokens(tok) if not any(t in a.subtree for a in appositions)]
        actor = self.resolve_phrase(phrase_text(core))
        appos_text = phrase_text(phrase_tokens(appositions[0]))
        described = self.resolver.resolve(appos_text, self.when)
        described = described or self._from_modifiers(appositions[0], appos_text)
        if actor is None or not actor.code:
            if described is not None and described.code:
                return Actor(entity_text=text, code=described.code, sector=described.sector)
            return self.resolve_phrase(text) if actor is None else actor
        state = self.resolver.country_of(phrase_text(core)) is not None
        if described is not None and described.code in INTERNATIONAL and not state:
            # "X, the United Nations relief coordinator": the office, not the passport; but a
            # state stays itself ("Romania, a NATO member").
            return Actor(entity_text=text, code=described.code, sector=described.sector, org=described.org)
        if described is not None and described.code == actor.code and actor.sector in WEAK_SECTORS:
            return Actor(entity_text=text, code=actor.code, sector=described.sector or actor.sector)
        return Actor(entity_text=text, code=actor.code, sector=actor.sector)

    def _from_modifiers(self, tok, text: str) -> Actor | None:
        """ "Chinese coast guard ships", "a Philippine supply boat": the modifiers name the actor."""
        modifiers = [c for c in tok.children if c.dep_ in {"amod", "compound", "nmod"} and c.i < tok.i]
        end = tok.i
        if tok.ent_type_ == "PERSON":  # a person's given names name no affiliation ("Bobi Wine")
            name = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
            modifiers = [m for m in modifiers if name is None or not name.start <= m.i < name.end]
            end = name.start if name is not None else end  # "Army spokesman Nabil": not Nabil
        if not modifiers:
            return None
        start = min(m.left_edge.i for m in modifiers)
        words = tok.doc[start:end].text
        first = tok.doc[start]
        if first.is_sent_start and not first.ent_type_ and first.text.istitle():
            words = words[:1].lower() + words[1:]  # a sentence's capital is no name: "Mobile data"
        actor = self.resolver.resolve(words, self.when) if start < end else None
        if actor is not None and actor.code:
            return Actor(entity_text=text, code=actor.code, sector=actor.sector)
        for modifier in modifiers:
            # a town only when tagged a place: "Mobile data" opening a sentence is not Mobile, Alabama
            code = self.resolver.country_of(modifier.text, cities=modifier.ent_type_ in {"GPE", "LOC"})
            if code:
                return Actor(entity_text=text, code=code, sector=None)
        for ent in tok.doc.ents:  # "the United Nations relief coordinator": a named body in the modifiers
            if start <= ent.start and ent.end <= tok.i and ent.label_ in {"ORG", "GPE", "NORP"}:
                owner = self.resolver.resolve(ent.text, self.when)
                if owner is not None and owner.code:
                    sector = self.resolver.sector_of(tok.lemma_) or owner.sector
                    return Actor(entity_text=text, code=owner.code, sector=sector, org=owner.org)
        return None

    def _from_possessor(self, tok, text: str, speaker: Actor | None) -> Actor | None:
        """ "his military", "Lukashenko's troops", "our army": possessor's country + head's sector."""
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is None:
            return None
        owner = self._actor_of(poss, speaker) if poss.lower_ != tok.lower_ else None
        if tok.lemma_.lower() in _RULES["counterpart_nouns"]:
            # "his Tanzanian counterpart": the possessor's peer in another state, of the
            # possessor's sector; whose state, only a modifier says
            other = self._from_modifiers(tok, text)
            if other is None or not other.code or (owner is not None and other.code == owner.code):
                return None
            sector = owner.sector if owner is not None else None
            return Actor(entity_text=text, code=other.code, sector=sector)
        if owner is None or not owner.code:
            return None
        sector = self.resolver.sector_of(tok.lemma_) or self.resolver.sector_of(tok.text)
        if poss.tag_ == "PRP$" and any(c.dep_ == "amod" and c.ent_type_ == "NORP" for c in tok.children):
            # "our Turkish neighbours", "its Iranian backers": people of the nationality named,
            # the pronoun only says whose they are to the speaker
            other = self._from_modifiers(tok, text)
            if other is not None and other.code and other.code != owner.code:
                return Actor(entity_text=text, code=other.code, sector=sector or other.sector)
        return Actor(entity_text=text, code=owner.code, sector=sector or owner.sector)


ARMING_VERBS = frozenset(_RULES["arming_verbs"])


def _armed(tok) -> bool:
    """Whether people are named as bearing arms by a participle on them: "men wielding
    machetes", "youths armed with knives"."""
    return any(c.dep_ == "acl" and c.lemma_.lower() in ARMING_VERBS for c in tok.children)


def teller_state(speaker: Actor | None) -> str | None:
    """The state of a teller who speaks for it or its media (a government, a military, state media), whose
    "the army", "the foreign ministry" are that state's."""
    if speaker is None or not speaker.code or speaker.code in NOT_COUNTRIES:
        return None
    return speaker.code if speaker.sector in {"GOV", "MIL", "JRN"} else None


def _state_body(actor: Actor | None) -> Actor | None:
    """PETRARCH's transnational armed groups (IMG) share names with bodies of states ("Presidential
    Council"): unless armed, such a body is a government organ whose country is still to find."""
    if actor is not None and actor.code in TRANSNATIONAL and actor.sector not in {"REB", "UAF"}:
        return Actor(entity_text=actor.entity_text, code=None, sector=actor.sector or "GOV")
    return actor


def _renamed(actor: Actor | None, text: str) -> Actor | None:
    if actor is None:
        return None
    return Actor(entity_text=text, code=actor.code, sector=actor.sector)


def _person_name(tok) -> str:
    """The name of the person *tok* heads: its PERSON entity ("Zhao Lijian" in "Foreign
    Ministry spokesperson Zhao Lijian"), else the phrase up to it."""
    for ent in tok.doc.ents:
        if ent.label_ == "PERSON" and ent.start <= tok.i < ent.end:
            return ent.text
    return tok.doc[tok.left_edge.i : tok.i + 1].text
