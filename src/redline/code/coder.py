"""The event coder: PLOVER events from a parsed, annotated article.

For every clause it looks for a trigger (a verb, or an event noun carried by a light verb
such as "carried out drills"), finds who did it (subject, passive agent, possessor) to whom
(object, prepositional target, subject of an accusation's content), the auxiliary modes,
the date from the event's own clause (else from the report it is part of, the paragraph's
narrative time, the article's lead, and only then the publication day), place and
``claimed_by``. Repeated mentions of one event in the article are merged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass
from functools import lru_cache
from itertools import takewhile
from typing import Any

from redline.actors import ActorResolver
from redline.annotate.people import UNNAMED
from redline.annotate.places import dateline_place, haversine_km
from redline.annotate.weapons import find_weapons
from redline.code import calibration
from redline.code.allegations import ToldWhen, according_to, accusation, disputed
from redline.code.classifier import NONE
from redline.code.clause_time import (
    after_preps,
    all_time_partners,
    days_apart,
    entry_time,
    first_day,
    lasting_since,
    long_before,
    names_a_time,
    predicate_subject,
    shifted,
    tells_when,
    time_in_clause,
    told_before,
    verbless_predicate,
    while_in_days,
)
from redline.code.dates import dates_compatible, event_date, finer, more_specific
from redline.code.event_places import event_place, place_in
from redline.code.genre import genre_sentences, is_opinion
from redline.code.lexicon import noun_events
from redline.code.mentions import (
    DEFINITE,
    NOT_COUNTRIES,
    PRONOUNS_FIRST,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    TRANSNATIONAL,
    ActorFinder,
    phrase_text,
    phrase_tokens,
    prep_object,
    teller_state,
)
from redline.code.paragraphs import paragraph_bounds, paragraph_index, paragraph_starts
from redline.code.plover import EVENT_TYPES, quad_class
from redline.code.rules import rules, speech_verbs
from redline.code.speakers import code_speakers, speaker_mentions
from redline.records import Actor, Document, Event, Place, Quote, TimeExpr
from redline.timespans import to_day

PEOPLE_LABELS = {"PERSON", "GPE", "NORP", "ORG"}  # entity labels of those one can welcome or host
RECIPIENT_PREPS = {"against", "on", "to", "with", "at", "toward", "towards", "into", "upon", "of", "from"}
STRICT_AUX = {"future", "hypothetical", "negation"}
# prepositions on a verb's object that name whom the act is aimed at ("tariffs on X", "a pact with
# X", "air defence systems for Ukraine")
OBJECT_RECIPIENT_PREPS = {"on", "against", "to", "toward", "towards", "with", "upon", "for"}
# Types whose passive subject is what is moved or given up, not who is acted on
# ("troops were deployed", "the checkpoint was abandoned"), or who commits ("X is committed to")
PATIENT_NOT_RECIPIENT = {"MOBILIZE", "RETREAT", "CONCEDE", "AID", "AGREE"}
AUX_MODES = {"historical", "future", "hypothetical", "negation"}
SPEECH_ACTS = {"AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}


# words by which a time of day says which day it is ("last night", "Tuesday evening", "3 May")
NAMES_A_DAY = re.compile(
    r"\b(?:last|yesterday|today|tonight|this|\w+day|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)
#: prepositions whose object is where an act is aimed, not who acts
TARGET_PREPOSITIONS = {"to", "toward", "towards", "into", "against", "with", "at", "on", "onto"}


@dataclass
class Trigger:
    token: Any  # the spaCy token carrying the event word (verb or noun)
    clause: Any  # the verb heading the clause the event is stated in
    spec: dict[str, Any]
    noun: bool = False
    structural: bool = False  # read from the verb's arguments ("sent arms to", "fired drones at")




def _fighting_in(actors: list[Actor], country: str | None) -> list[Actor]:
    """Transnational armed movements coded as the country where they fight (as the PLOVER
    convention codes rebels), when it is known."""
    if not country or country in NOT_COUNTRIES:
        return actors
    return [Actor(a.entity_text, country, a.sector or "REB") if a.code in TRANSNATIONAL else a
            for a in actors]


@dataclass
class DatedEvent:
    event: Event
    own_date: bool  # the date was stated with the event or its report, not inherited
    unattributed: bool = False  # read from its victims alone ("six people were killed"): by unknown hands
    # when the act is told by a party other than its actor: the report's verb and date
    report: tuple[Any, ToldWhen] | None = None


class EventCoder:
    """Holds the lexicons; ``code`` is a function of one document and its parse."""

    def __init__(self, actors: ActorResolver, lexicon=None, plover=None, classifier=None):
        self.actors = actors
        self.lexicon = lexicon
        self.plover = plover
        self.classifier = classifier
        self.rules = rules()

    @classmethod
    def load(cls) -> EventCoder:
        from redline.code import plover
        from redline.code.classifier import EventTypeClassifier
        from redline.code.lexicon import VerbLexicon

        return cls(ActorResolver.load(), VerbLexicon.load(), plover, EventTypeClassifier.load())

    @lru_cache(maxsize=65536)  # noqa: B019 - one coder per process, lives as long as it
    def _lexicon_match(self, lemma: str, following: tuple[str, ...]):
        return self.lexicon.match(lemma, following, include_dropped=True)

    # -- triggers -------------------------------------------------------------------------
    def verb_spec(self, tok) -> dict[str, Any] | None:
        """A confirmed CAMEO pattern, else our own verb rules, else a non-CAMEO lexicon default."""
        lemma = tok.lemma_.lower()
        for prep in tok.children:  # "called on X to ...", "appealed for calm", "spoke by phone" (an agent)
            words = [prep.lower_] + [p.lower_ for p in prep.children if p.dep_ == "prep"][:1]
            for n in (2, 1):
                phrase = " ".join([lemma, *words[:n]])
                phrasal = self.rules["phrasal_events"].get(phrase)
                if prep.dep_ in {"prep", "prt", "agent"} and phrasal is not None and len(words) >= n:
                    if phrase in self.rules["courtesy_calls"] and self.paid_a_call(tok, prep):
                        # read from the parse, so the classifier's sentence reading does not overrule it
                        visit = {"event": "CONSULT", "mode": "visit", "context": ["diplomatic"]}
                        return {**visit, "parsed": True}
                    return dict(phrasal)
        if lemma in self.rules["host_verbs"]:  # welcoming people is a visit, welcoming a ruling support
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            visitors = self.rules["visitor_nouns"]
            if obj is not None and (obj.ent_type_ in PEOPLE_LABELS or obj.lemma_.lower() in visitors):
                return {"event": "CONSULT", "mode": "visit", "context": ["diplomatic"]}
        curated = self.rules["verb_events"].get(lemma)
        match = None
        if self.lexicon is not None and lemma in self.lexicon:
            following = _following(tok)
            match = self._lexicon_match(lemma, following)
            if match is not None and match.event is None:
                if match.source == "redline" and match.specificity >= 1:
                    return None  # one of our own rows says no event: "struck a softer tone"
                match = None
        if match is not None and match.event and match.specificity >= 1:
            return _spec_of(match)
        if curated is not None:
            return curated
        if match is None or not match.event:
            return None
        spec = _spec_of(match)
        if match.source == "cameo":
            if _catenative(tok):
                return None  # "used to help launch an invasion": the event is what it helps do
            spec["unconfirmed"] = True  # a bare CAMEO verb default: only if the classifier agrees
        return spec

    def paid_a_call(self, verb, prep) -> bool:
        """Whether "called on X" visits X: X a person (a name or a visitor's noun) and nothing
        asked of them ("called on the Prime Minister on Monday", not "called on him to resign")."""
        if any(c.dep_ in {"xcomp", "ccomp", "advcl"} for c in verb.children):
            return False
        objects = [o for o in prep.children if o.dep_ == "pobj"] if prep.dep_ == "prep" else [
            o for o in verb.children if o.dep_ == "dobj"  # "on" read as a particle: "called on X"
        ]
        people = [
            o for o in objects if o.ent_type_ == "PERSON" or o.lemma_.lower() in self.rules["visitor_nouns"]
        ]
        asked = {"xcomp", "ccomp", "acl", "relcl"}  # "called on him, who ...", "on the leaders to ..."
        return bool(people) and not any(c.dep_ in asked for c in people[0].children)

    def triggers(self, sent) -> list[Trigger]:
        found: list[Trigger] = []
        for tok in sent:
            if tok.tag_ == "VBG" and _complement_of(tok, self.rules["ending_verbs"]):
                continue  # "stopped shelling Kharkiv": what ended is no act told
            if tok.pos_ == "VERB" and tok.lemma_.lower() in self.rules["report_verbs"]:
                # "said Libya must ...", or a declaration that is an act: "declared a ceasefire"
                trigger = (
                    self.obligation(tok) or self.light_verb_trigger(tok) or self.reported_event(tok)
                    or self.directive(tok)
                )
                if trigger is not None:
                    trigger.structural = True
                    found.append(trigger)
                    continue
                if _reports(tok):
                    continue
                # "recalled its ambassador", "maintained the curfew": a thing, not words, is its object
            if (
                tok.pos_ == "VERB" and _says_that(tok) and self.verb_spec(tok) is None
                and (trigger := self.obligation(tok)) is not None
            ):
                # "repeated during the call that Armenia must ...": a verb that tells a that-clause
                # and is no act of its own ("agreed that they should cooperate" agrees)
                trigger.structural = True
                found.append(trigger)
                continue
            if tok.pos_ == "VERB":
                trigger = self.light_verb_trigger(tok) or self.situational(tok) or self.launched_weapon(tok)
                if trigger is not None:
                    trigger.structural = True
                    found.append(trigger)
                    continue
                spec = self.verb_spec(tok)
                if spec is not None and spec["event"] == "ASSAULT" and _tells_an_act(tok):
                    # "air strikes that hit villages": the noun confirms the verb's reading
                    spec = {**spec, "lexicon": False, "unconfirmed": False}
                if spec is not None and not spec.get("lexicon"):
                    found.append(Trigger(tok, tok, spec, structural=bool(spec.get("parsed"))))
                elif spec is not None and (tok.dep_ not in {"amod", "acl"} or verbless_predicate(tok)):
                    found.append(Trigger(tok, tok, spec))
        return found

    def light_verb_trigger(self, verb) -> Trigger | None:
        """An event noun carried by a light verb: "carried out drills", "announced a suspension"."""
        if self.verb_lemma(verb) not in self.rules["light_verbs"]:
            return None
        if any(c.dep_ == "oprd" for c in verb.children):
            return None  # "called the attack a crime": naming the event, not carrying it out
        obj = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        if obj is not None and obj.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
            obj = verb.head
        passive_on_noun = verb.dep_ == "acl" and verb.tag_ == "VBN"
        if obj is None and passive_on_noun and any(c.dep_ == "agent" for c in verb.children):
            obj = verb.head  # "a curfew imposed by the army on Monday": a passive told on its noun
        spec = self.noun_spec(obj) if obj is not None else None
        if spec is None:
            return None
        return Trigger(obj, verb, self.reversed(verb, spec), noun=True)

    def reported_event(self, verb) -> Trigger | None:
        """An event noun that is reported ("heavy clashes were reported near the border"):
        the event itself, carried by the report."""
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        spec = self.noun_spec(subject) if subject is not None else None
        return Trigger(subject, verb, spec, noun=True) if spec is not None else None

    def launched_weapon(self, verb) -> Trigger | None:
        """A weapon fired or launched ("launched two missiles"): a use of force, unless it hits
        nothing (then :meth:`weapon_display` makes it MOBILIZE weapons); a grenade or a petrol
        bomb thrown is an attack whether or not the sentence says at what."""
        r, lemma = self.rules, verb.lemma_.lower()
        obj = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        if obj is not None and lemma in r["throw_verbs"]:  # "threw a grenade at a patrol"
            words = [t.lower_ for t in verb.doc[obj.left_edge.i : obj.i + 1]] + [obj.lemma_.lower()]
            mode = next((r["thrown_weapons"][w] for w in words if w in r["thrown_weapons"]), None)
            return Trigger(verb, verb, {"event": "ASSAULT", "mode": mode, "context": []}) if mode else None
        if lemma not in r["launch_verbs"]:
            return None
        if obj is None or not find_weapons(verb.doc[obj.left_edge.i : obj.i + 1].text):
            return None
        return Trigger(verb, verb, {"event": "ASSAULT", "mode": None, "context": ["military"]})

    def exploded_device(self, verb):
        """The subject of "a roadside bomb exploded", "an IED went off", "a device detonated",
        and of "a roadside bomb killed two soldiers", "a missile hit a house"."""
        r = self.rules["explosions"]
        lemma = verb.lemma_.lower()
        particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and lemma in self.rules["hit_verbs"]:
            # a weapon that hits, kills or damages: an attack by whoever fired or placed it
            return subject if subject.lemma_.lower() in r["weapons"] else None
        if not (lemma in r["verbs"] or any(f"{lemma} {p}" in r["verbs"] for p in particles)):
            return None
        if any(c.dep_ == "dobj" for c in verb.children):
            return None  # "soldiers detonated a mine": the verb's own rules read it
        if subject is None or subject.lemma_.lower() not in r["devices"]:
            return None
        return subject

    def situational(self, verb) -> Trigger | None:
        """Events named by a verb's surroundings rather than the verb: "riots continued",
        "troops remained on alert", "Israel strengthened its forces"."""
        r = self.rules
        lemma = self.verb_lemma(verb)
        claimed = self.claimed_act(verb)
        if claimed is not None:
            return claimed
        directive = self.directive(verb)
        if directive is not None:
            return directive
        blame = r["blame"]
        if lemma in blame["verbs"] and any(
            c.dep_ == "dobj" and c.lemma_.lower() in blame["objects"] for c in verb.children
        ):
            # "Georgia's government bears full responsibility for the violence, Moscow said"
            return Trigger(verb, verb, {"event": "ACCUSE", "mode": None, "context": [], "blame": True})
        device = self.exploded_device(verb)
        if device is not None:
            mode = r["explosions"]["modes"].get(device.lemma_.lower(), "explosives")
            return Trigger(verb, verb, {"event": "ASSAULT", "mode": mode, "context": ["military"],
                                        "device": device.i})
        under = self.under_attack(verb)
        if under is not None:
            return under
        for child in verb.children:
            if child.dep_ == "nsubj" and lemma in r["occurrence_verbs"]:
                spec = self.noun_spec(child)
                if spec is not None:
                    return Trigger(child, verb, spec, noun=True)
            if child.dep_ == "prep" and child.lower_ == "on":
                state = next((g for g in child.children if g.dep_ == "pobj"), None)
                if state is not None and state.lemma_.lower() in r["alert_words"]:
                    return Trigger(
                        verb, verb, {"event": "MOBILIZE", "mode": "troops", "context": ["military"]}
                    )
            if child.dep_ == "ccomp" and lemma == "protest":
                # "..., a rights group protested": a protest in words is an accusation.
                return Trigger(verb, verb, {"event": "ACCUSE", "mode": "disapprove", "context": []})
            if child.dep_ == "dobj" and lemma in r["access_verbs"] and self.admitted(child):
                return Trigger(verb, verb, {"event": "RETREAT", "mode": "access", "context": []})
            if child.dep_ == "dobj" and lemma in r["defiance_verbs"]:
                # Defying a ban or law is REJECT (CAMEO 128); violating a truce is an attack (196).
                norm = child.lemma_.lower()
                if norm in r["truce_nouns"]:
                    return Trigger(verb, verb, {"event": "ASSAULT", "mode": None, "context": ["military"]})
                if norm in r["norm_nouns"]:
                    return Trigger(verb, verb, {"event": "REJECT", "mode": "yield", "context": []})
            if child.dep_ == "dobj" and lemma in r["buildup_verbs"] | r["transfer_verbs"]:
                # Sending or massing troops mobilizes them; sending arms, food or medicine is aid.
                if self.actors.sector_of(child.lemma_) == "MIL":
                    return Trigger(
                        verb, verb, {"event": "MOBILIZE", "mode": "troops", "context": ["military"]}
                    )
                if lemma in r["transfer_verbs"] and child.lemma_.lower() not in r["not_aid_objects"]:
                    return Trigger(verb, verb, {"event": "AID", "mode": None, "context": []})
        return None

    def host_of_envoy(self, trigger: Trigger, sent, document: Document, finder: ActorFinder,
                      speaker: Actor | None) -> list[Actor]:
        """The state that summoned an envoy told in the passive: the country the envoy is posted
        "to" or "in", else where it happened or the article's home; none for an active verb."""
        envoy = next((c for c in trigger.clause.children if c.dep_ == "nsubjpass"), None)
        if envoy is None:
            return []
        for prep in (t for t in envoy.subtree if t.dep_ == "prep" and t.lower_ in {"to", "in"}):
            for post in (g for g in prep.children if g.dep_ == "pobj"):
                found = [a for a in finder.actors_of(post, speaker) if a.code not in NOT_COUNTRIES]
                if found:
                    return [Actor(found[0].entity_text, found[0].code, "GOV")]
        where = local_country(document, trigger, sent, finder.home)
        return [Actor("the foreign ministry", where, "GOV")] if where else []

    def directive(self, verb) -> Trigger | None:
        """ "ordered Denmark to withdraw its special forces": an expulsion; "told Kyiv to stop": a demand."""
        directed = self.directed_other(verb)
        if directed is None:
            return None
        d = self.rules["directives"]
        spec = d["leave"] if directed.lemma_.lower() in d["leave_verbs"] else d["other"]
        return Trigger(verb, verb, dict(spec))

    def directed_other(self, verb) -> Any | None:
        """The act *verb* orders another party to do ("ordered Denmark to withdraw", "told Russian
        diplomats to leave"): the verb's infinitive complement, when the verb is a directive and
        its object is named (a country, people or organisation by name or nationality), not
        the actor's own forces ("ordered its troops to pull back", "ordered the army to ...")."""
        if verb.lemma_.lower() not in self.rules["directives"]["verbs"]:
            return None
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        act = next(
            (c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"
             and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)),
            None,
        )
        if obj is None or act is None:
            return None
        if any(c.dep_ == "poss" and c.lower_ in {"its", "their", "his", "her", "our"} for c in obj.children):
            return None
        named = obj.pos_ == "PROPN" or any(
            c.dep_ in {"amod", "compound", "poss"} and c.ent_type_ in {"NORP", "GPE", "ORG"}
            for c in obj.children
        )
        return act if named else None

    def claimed_act(self, verb) -> Trigger | None:
        """ "X claimed responsibility for the bombing", "X claimed the ambush", "the attack was
        claimed by X": the act claimed, by the claimant (an attack unless a noun names another
        act)."""
        r = self.rules["responsibility_claims"]
        if verb.lemma_.lower() not in r["verbs"]:
            return None
        for child in verb.children:
            if child.dep_ == "dobj" and child.lemma_.lower() in r["nouns"]:
                act = next(
                    (g for t in (child, verb) for p in t.children if p.dep_ == "prep" and p.lower_ == "for"
                     for g in p.children if g.dep_ == "pobj"),
                    None,
                )
                spec = self.noun_spec(act) if act is not None else None
                return Trigger(verb, verb, dict(spec) if spec else dict(r["default"]))
            if child.dep_ in {"nsubjpass", "dobj"}:  # "the attack was claimed by X", "X claimed the ambush"
                spec = self.noun_spec(child)
                if spec is not None:
                    return Trigger(child, verb, dict(spec), noun=True)
        return None

    def admitted(self, obj) -> bool:
        """Observers, inspectors or peacekeepers, or a mission or team of them."""
        nouns = self.rules["access_nouns"]
        heads = [obj, *(g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
        for head in heads:
            compound = next((c.lemma_.lower() for c in head.children if c.dep_ in {"compound", "amod"}), "")
            if head.lemma_.lower() in nouns or f"{compound} {head.lemma_.lower()}" in nouns:
                return True
        return False

    def verb_lemma(self, tok) -> str:
        """spaCy's lemma, unless the lexicon knows the form better ("staged" is not "stag")."""
        lemma = tok.lemma_.lower()
        if self.lexicon is not None and lemma not in self.lexicon:
            known = self.lexicon.lemma_of(tok.lower_)
            return known if known != tok.lower_ else lemma
        return lemma

    def noun_spec(self, noun) -> dict[str, Any] | None:
        """An event noun, two-word names first: "hunger strike", "martial law", then "strike"."""
        nouns = noun_events()
        lemma = noun.lemma_.lower()
        named = _two_word_event(noun)
        if named is not None:
            return named
        if lemma in self.rules["generic_event_heads"]:  # "mediation efforts": the modifier names it
            mod = next((m for m in noun.children if m.dep_ == "compound" and m.i < noun.i), None)
            return nouns.get(mod.lemma_.lower()) if mod is not None else None
        if lemma in self.rules["of_event_heads"]:  # "a 60-day state of emergency": what it is of
            named = prep_object(noun, "of")
            return self.noun_spec(named) if named is not None and named.pos_ == "NOUN" else None
        return nouns.get(lemma)

    def reversed(self, verb, spec: dict[str, Any]) -> dict[str, Any]:
        """Lifting a curfew or calling off a strike undoes the event the noun names; what a
        light verb makes of it is read from ``light_verb_readings`` (signing an agreement or a
        truce is SUPPORT, declaring a ceasefire or announcing a withdrawal CONCEDE)."""
        lemma = verb.lemma_.lower()
        readings = self.rules["light_verb_readings"].get(lemma, {})
        reading = readings.get(f"{spec['event']} {spec.get('mode')}") or readings.get(spec["event"])
        if reading:
            context = list(spec.get("context") or [])
            return {"event": reading, "mode": None, "context": context, "noun_event": spec["event"]}
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
        if lemma in self.rules["reversal_verbs"] or f"{lemma} {particle}" in self.rules["reversal_verbs"]:
            undone = self.rules["reversal_of"].get(spec["event"])
            if undone:
                return {"event": undone[0], "mode": undone[1], "context": list(spec.get("context") or [])}
        return spec

    def obligation(self, verb) -> Trigger | None:
        """ "X said Y must ..." is a demand from X to Y: REQUEST."""
        for content in verb.children:
            if content.dep_ != "ccomp":
                continue
            modals = {c.lower_ for c in content.children if c.dep_ == "aux"}
            has_to = (
                content.lemma_ in {"have", "need"}
                and any(c.dep_ == "xcomp" for c in content.children)
                and not any(c.dep_ == "auxpass" for c in content.children)  # "the new taxes are needed to"
            )
            if modals & self.rules["obligation_modals"] or has_to:
                spec = {"event": "REQUEST", "mode": None, "context": [], "content_recipient": True}
                return Trigger(verb, verb, spec)
        return None

    # -- arguments ------------------------------------------------------------------------
    @staticmethod
    def subject(clause):
        """Who does what *clause* says: its subject or passive agent, walking up xcomp/conj chains."""
        if (noun := predicate_subject(clause)) is not None:
            return noun
        verb, shared = clause, False
        for _ in range(4):
            # a conjoined verb shares its head's surface subject, passive or not ("it was
            # concerned by the decision and urged Niamey ..."); of two subjects the parser gave
            # one verb ("TV wars-Russian Foreign Minister Sergei Lavrov urged"), the nearest
            kinds = {"nsubj", "csubj", "nsubjpass"} if shared else {"nsubj", "csubj"}
            subjects = [c for c in verb.children if c.dep_ in kinds]
            if subjects:
                return min(subjects, key=lambda c: abs(verb.i - c.i))
            for c in verb.children:
                if c.dep_ == "agent":
                    pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
            if any(c.dep_ == "nsubjpass" for c in verb.children):
                # "held under house arrest by the police": a by-phrase the parser hung lower
                return next(
                    (
                        g
                        for prep in verb.children
                        if prep.dep_ == "prep"
                        for by in prep.subtree
                        if by.dep_ == "prep" and by.lower_ == "by"
                        for g in by.children
                        if g.dep_ == "pobj"
                    ),
                    None,
                )
            if verb.dep_ in {"xcomp", "conj", "advcl", "acomp"} and verb.head.i != verb.i:
                verb, shared = verb.head, verb.dep_ == "conj"
                continue
            break
        return None

    def speaks_on(self, clause, speech_verb) -> bool:
        """Whether *clause* is a verb of saying or demanding with no subject of its own,
        coordinated with what *speech_verb* reports, whose subject is a thing that cannot say
        it ("said the text was one-sided and accused the council ..."): the parser hangs it on
        the content, but the speaker does it. Not when that subject is someone ("said Trump
        described the plan as ... and accused Australia": Trump accused)."""
        if not (
            clause.dep_ == "conj"
            and clause.head.dep_ == "ccomp"
            and clause.head.head.i == speech_verb.i
            and clause.lemma_.lower() in speech_verbs()
            and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children)
        ):
            return False
        told = self.subject(clause.head)
        if told is not None and clause.head.lemma_ == "be" and not told.ent_type_ and told.pos_ == "NOUN":
            return True  # "said the prison was illegal and urged Belarus to ...": what it is, a demand
        return (
            told is not None
            and told.pos_ == "NOUN"
            and not told.ent_type_
            and self.actors.sector_of(told.lemma_) is None
        )

    def recipient_heads(self, trigger: Trigger) -> list:
        heads = []
        tok = trigger.token
        holders = [tok]
        if trigger.noun and trigger.clause.i != tok.i:
            holders.append(trigger.clause)
        for holder in holders:
            for c in holder.children:
                if c.dep_ == "dobj" and not trigger.noun and trigger.spec["event"] != "MOBILIZE":
                    if trigger.spec["event"] == "ASSAULT" and self.instrument(c):
                        # "threw a petrol bomb at a truck": the weapon is what it was done with;
                        # "dropped a grenade on soldiers": at whom, wherever the parse hangs it
                        heads.extend(
                            g
                            for p in c.children
                            if p.dep_ == "prep" and p.lower_ in RECIPIENT_PREPS - {"of", "from", "with", "to"}
                            for g in p.children
                            if g.dep_ == "pobj"
                        )
                        continue
                    heads.append(c)
                    # "threatened tariffs on Canada", "lodged a protest with China"; but "condemned
                    # the attack on Kyiv": whom a deed was done to is not whom it is blamed on
                    if not self.blamed_act(c, trigger.spec["event"]):
                        # "recalled its ambassador from Israel": whence the actor's own are taken
                        preps = OBJECT_RECIPIENT_PREPS | ({"from"} if _own(c) else set())
                        heads.extend(
                            g
                            for p in c.children
                            if p.dep_ == "prep" and p.lower_ in preps
                            for g in p.children
                            if g.dep_ == "pobj"
                        )
                elif holder.i == tok.i and self.passive_patient(c, holder, trigger):
                    heads.append(c)  # "Pakistan was accused by India": the passive's subject is acted on
                elif c.dep_ == "prep" and c.lower_ in RECIPIENT_PREPS and not names_a_time(c):
                    heads.extend(g for g in c.children if g.dep_ == "pobj")  # not "on Independence Day"
                elif c.dep_ == "prep" and trigger.spec["event"] == "PROTEST":
                    heads.extend(_protested_at(c))
                elif c.dep_ == "dative":
                    heads.append(c)
        if trigger.spec["event"] == "ASSAULT":
            # "blew themselves up in a camp, killing dozens of people": whom the blow's outcome hit
            for c in trigger.clause.children:
                spec = self.verb_spec(c) if c.dep_ in {"advcl", "xcomp", "conj"} and c.tag_ == "VBG" else None
                if spec is not None and spec["event"] == "ASSAULT":
                    heads.extend(g for g in c.children if g.dep_ == "dobj")
        return heads

    def under_attack(self, verb) -> Trigger | None:
        """ "A patrol came under fire from gunmen", "positions came under heavy shelling": an
        attack on the subject, by whoever the "from" or "by" phrase names."""
        if self.verb_lemma(verb) not in self.rules["under_verbs"]:
            return None
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "under"):
            for noun in (g for g in prep.children if g.dep_ == "pobj"):
                if noun.lemma_.lower() == "fire":  # a fire is no attack; coming under fire is
                    spec: dict[str, Any] | None = dict(self.rules["under_fire"])
                else:
                    spec = self.noun_spec(noun)
                if spec is not None and spec["event"] == "ASSAULT":
                    return Trigger(noun, verb, {**spec, "under": True}, noun=True)
        return None

    def perished(self, verb) -> bool:
        """Whether *verb* says its subject died or was hurt ("died", "perished", "lost their
        lives", "were wounded" told actively as "suffered wounds")."""
        lemma = verb.lemma_.lower()
        if lemma in self.rules["perish_verbs"]:
            return True
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        return obj is not None and f"{lemma} {obj.lemma_.lower()}" in self.rules["perish_verbs"]

    def left_body(self, trigger: Trigger, finder: ActorFinder, speaker: Actor | None) -> bool:
        """Whether the act leaves an organisation, a court, a treaty or a mediation ("withdrew
        from the ICC", "quit the Paris accord", "pulled out of UNESCO"), not a place."""
        holder = trigger.token if trigger.noun else trigger.clause
        if not trigger.noun and trigger.clause.lemma_.lower() not in self.rules["directives"]["leave_verbs"]:
            return False
        left = [g for p in holder.children if p.dep_ == "prep" and p.lower_ in {"from", "of"}
                for g in p.children if g.dep_ == "pobj"]
        if not trigger.noun:
            left += [c for c in holder.children if c.dep_ == "dobj"]
        for body in left:
            if body.lemma_.lower() in self.rules["bodies_left"]:
                return True
            if any(a.code in {"IGO", "NGO"} for a in finder.actors_of(body, speaker)):
                return True
        return False

    def instrument(self, obj) -> bool:
        """Whether a verb's object is the weapon used ("fired rockets", "threw a grenade"), not
        whom the act is done to."""
        words = [t.lower_ for t in obj.doc[obj.left_edge.i : obj.i + 1]]
        return any(w in self.rules["thrown_weapons"] for w in words) or bool(
            find_weapons(obj.doc[obj.left_edge.i : obj.i + 1].text)
        )

    def passive_patient(self, subj, verb, trigger: Trigger) -> bool:
        """Whether *subj* is the subject of *verb* in the passive and so who the trigger's act is
        done to ("Germany and Italy were invited", "Kenyan police were attacked"), never who does
        it. Not when that subject is the act itself ("protests were held"), what is moved or given
        ("U.S. forces were deployed"), or the subject of an infinitive ("is expected to approve")."""
        return (
            subj.dep_ == "nsubjpass"
            and subj.head.i == verb.i
            and not trigger.noun
            and trigger.spec["event"] not in PATIENT_NOT_RECIPIENT
            and not self.names_an_act(subj)
            and not _raises(verb)
        )

    def acted_on(self, sent, start: int, end: int, trigger: Trigger) -> bool:
        """Whether the words at *start*-*end* name the passive subject of the trigger's clause
        (:meth:`passive_patient`), or a modifier, conjunct or apposition of it."""
        span = sent.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        while root.dep_ in {"compound", "amod", "nmod", "conj", "appos"} and root.head.i != root.i:
            root = root.head
        return self.passive_patient(root, trigger.clause, trigger)

    def between(self, trigger: Trigger, subj) -> Any | None:
        """The object of "between" that names both sides of a mutual act: on the event's noun
        ("a clash between A and B"), on its verb when the act has no other subject ("fighting
        broke out between A and B"), or on an unnamed subject ("clashes between A and B killed
        ...")."""
        holders = [trigger.token] if trigger.noun else []  # on a verb it is most often a place
        if subj is None or subj.i == trigger.token.i or self.names_an_act(subj):
            holders.append(trigger.clause)
        if subj is not None and (subj.pos_ == "NOUN" or subj.tag_ == "VBG"):  # "fighting between"
            holders.append(subj)
        # "died in a clash between A and B": the event noun the act happened in
        holders += [
            g for c in trigger.clause.children if c.dep_ == "prep"
            for g in c.children if g.dep_ == "pobj" and self.noun_spec(g) is not None
        ]
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ == "between":
                    return next((g for g in prep.children if g.dep_ == "pobj"), None)
        return None

    def mutual(self, trigger: Trigger, subj, sides_of) -> bool:
        """Whether the sides "between" names act on each other (a clash, talks, fighting that
        kills), rather than being acted on by a subject ("Qatar ended its mediation between
        Israel and Hamas")."""
        if subj is None or subj.i == trigger.token.i or self.names_an_act(subj):
            return True
        holder = sides_of.head.head  # "died in a clash between ...": the act it happened in
        return holder.i != trigger.token.i and holder.dep_ == "pobj" and self.names_an_act(holder)

    def owner(self, head, event_type: str) -> Any | None:
        """Whose is what the act is done to: "froze the assets of X", "killed the brother of X",
        "condemned the policies of X", "struck vehicles belonging to X". Not the victims of a
        deed the act blames ("condemned the detention of protesters"), not what is given or
        moved ("provided the bulk of the troops"), and, of words, only someone named or known
        by what they are ("dismissed suggestions of Russian involvement": what was suggested)."""
        owner = prep_object(head, "of")
        for held in (c for c in head.children if owner is None and c.dep_ == "acl"):
            # "vehicles belonging to X", "a tanker owned by X"
            if held.lemma_.lower() == "belong":
                owner = prep_object(held, "to")
            elif held.lemma_.lower() == "own" and held.tag_ == "VBN":
                agents = [g for c in held.children if c.dep_ == "agent" for g in c.children]
                owner = next((g for g in agents if g.dep_ == "pobj"), None)
        if (
            owner is None
            or (head.dep_ == "dobj" and event_type in PATIENT_NOT_RECIPIENT)
            or self.blamed_act(head, event_type)
        ):
            return None
        if event_type in SPEECH_ACTS and owner.pos_ != "PROPN":
            return owner if self.actors.sector_of(owner.lemma_) else None
        return owner

    def blamed_act(self, tok, event_type: str) -> bool:
        """Whether *tok* names a deed one may be blamed for (an attack, arrests, sanctions) by an
        act of another type than that deed (condemning it, not stepping it up)."""
        if tok.tag_ == "VBG":
            return True
        spec = self.noun_spec(tok) if tok.pos_ == "NOUN" else None
        return spec is not None and spec["event"] in self.rules["blamed_acts"] and spec["event"] != event_type

    def names_an_act(self, tok) -> bool:
        """Whether a subject is an act rather than someone acting ("clashes", "fighting")."""
        return tok.tag_ == "VBG" or tok.pos_ == "NOUN" and self.noun_spec(tok) is not None

    def speech_context(self, clause) -> tuple[Any | None, Any | None]:
        """If *clause* is (inside) the content of a speech act, return (speech verb, "content"|"report")."""
        tok, modified = clause, False
        for _ in range(5):
            if tok.head.i == tok.i or tok.dep_ in {
                "relcl",
                "acl",
                "appos",
                "nsubj",
                "nsubjpass",
                "dobj",
                "pobj",
            }:
                return None, None
            head = tok.head
            if tok.dep_ == "conj":
                # "rejected the results and accused the government of ...": a second act beside
                # the first, not what the first says; it shares the first one's context
                tok = head
                continue
            lemma = head.lemma_.lower()
            if head.pos_ in {"VERB", "AUX"} and lemma in self.rules["content_verbs"]:
                return head, "content"
            if tok.dep_ == "xcomp" and not modified and self.directed_other(head) is not None:
                return head, "content"  # "ordered Denmark to withdraw": what was ordered, not done
            modified = modified or tok.dep_ == "advcl"  # ", accusing them of ...": the orderer's own
            if head.pos_ in {"VERB", "AUX"} and lemma in self.rules["report_verbs"]:
                return head, "report"
            tok = head
        return None, None

    # -- modes ----------------------------------------------------------------------------
    def aux_modes(self, trigger: Trigger, reported: bool = False) -> list[str]:
        """Auxiliary modes; in reported speech "would" is the past's future ("said it would deploy")."""
        r = self.rules
        modes: list[str] = []
        clause = trigger.clause
        chain = [clause]
        if clause.dep_ in {"xcomp"}:
            chain.append(clause.head)
            if clause.head.dep_ in {"acomp"}:
                chain.append(clause.head.head)
        words = {c.lower_ for v in chain for c in v.children if c.dep_ in {"aux", "neg", "mark", "advmod"}}
        words |= {c.lower_ for c in trigger.token.children if c.dep_ in {"neg", "det", "amod"}}
        lemmas = {v.lemma_.lower() for v in chain}
        if words & r["negation_words"] and "if" not in words:
            modes.append("negation")
        modal = words & r["hypothetical_aux"]
        if reported and "would" in modal and not words & {"if", "unless"}:
            modal = modal - {"would"}
            words = words | {"will"}
        if words & r["future_aux"] or (_complement_of(clause, r["future_verbs"])):
            modes.append("future")
        if (
            modal
            or "if" in words
            or "unless" in words
            or lemmas & r["hypothetical_words"]
            or words & r["hypothetical_words"]
        ):
            modes.append("hypothetical")
        return modes

    # -- the article ----------------------------------------------------------------------
    def code(self, document: Document, sdoc) -> list[Event]:
        published = to_day(document.published)
        finder = ActorFinder(self.actors, published, home_country(document, self.actors))
        finder.learn_entities(sdoc)
        finder.learn_acronyms(document.text)
        # without a publication date, relative dates ("on Tuesday") stay unresolved: events say so
        unresolvable = published is None
        times = [
            t
            for t in document.times
            # a time of a day that says the day names it too ("late last night": 2026-05-11TNI),
            # a clock time alone does not ("at 6:30 a.m.": the normalizer's guess of the day)
            if (t.type == "DATE" or (t.type == "TIME" and NAMES_A_DAY.search(t.text)))
            and (event_date(t.value, published)[0] or (unresolvable and t.value is None))
        ]
        coded: list[DatedEvent] = []
        allegations: list[DatedEvent] = []  # a side's report of what the other did to it
        reference: tuple[str, str | None] | None = None
        paragraph_time: dict[int, tuple[str, str | None]] = {}
        sentences = list(sdoc.sents)
        speakers = speaker_mentions(document.quotes, sdoc)  # where each quote's speaker is named
        off_topic = genre_sentences([sent.text for sent in sentences])  # a match report's "shots"
        off_topic |= asked(sentences, document.quotes)  # "Will you resign?": a question tells no act
        candidates = [[] if i in off_topic else self.triggers(sent) for i, sent in enumerate(sentences)]
        beliefs = self.beliefs(sentences, candidates, document, skip=off_topic)
        # The classifier vetoes a sentence's events when it is sure the sentence reports no new
        # event (above 1: never). It was taught that old history is no event (our labels'
        # convention), so it says nothing of past events. A rule that read the act's arguments
        # ("threw a molotov cocktail at") needs a surer veto.
        veto = self.veto_probability()
        structural_veto = max(veto, self.rules["learned_veto_structural"]) if veto <= 1.0 else veto
        for index, sent in enumerate(sentences):
            if index in off_topic:
                continue
            paragraph = paragraph_index(document.text, sent.start_char)
            finder.learn_offices(sent)
            speaker_of_quote = self.quote_speaker(document, sent, finder)
            belief = beliefs.get(index)
            none = belief.get(NONE, 0.0) if belief is not None else 0.0
            triggers = main_events([t for t in candidates[index] if self.confirmed(t, belief)])
            if belief is not None and not triggers:
                triggers = self.learned_triggers(sent, belief)
            opening = paragraph_starts(document.text)[paragraph]
            narrative = told_before(sent, times, published, opening)
            before = len(coded)
            happenings = list(self.happenings(sent))
            retold = self.retold(happenings, coded)
            for trigger, sure in self.readings(triggers, sent, belief, lambda: len(coded) > before):  # noqa: B023
                if trigger.token.i in retold:
                    continue
                # "• 17 January – ...": a dated line of a timeline; else the paragraph's time
                told_at = (
                    entry_time(sent, times, trigger.token.idx, published)
                    or self.after_told(trigger.clause, coded)
                    or paragraph_time.get(paragraph) or narrative
                )
                dated = self.code_trigger(
                    trigger,
                    sent,
                    document,
                    finder,
                    times,
                    published,
                    speaker_of_quote,
                    told_at,
                    reference,
                    sure=sure,
                )
                bar = structural_veto if trigger.structural else veto
                vetoed = belief is not None and none >= bar and self.clause_none(trigger) >= bar
                if dated is None or (vetoed and "historical" not in dated.event.mode):
                    continue
                self.blame_told_act(dated.event, trigger, coded)
                # the sentence's reading is explained by another act the rules found in it
                explained = {t.spec["event"] for t in triggers if t is not trigger}
                if belief is not None and not self.weigh(dated, trigger, belief, explained):
                    continue
                self.mark_future(dated.event, published, told_at)
                if dated.unattributed:
                    self.same_hands(dated, coded, document.text)
                coded.append(dated)
                finder.remember_parties([*dated.event.actor, *dated.event.recipient])
                accusation = self.accusation(dated)
                if accusation is not None:
                    allegations.append(accusation)
                told_aside = trigger.clause.dep_ == "relcl"  # "strikes that hit villages on Sunday"
                if dated.event.date and dated.event.date_source != "publication" and not told_aside:
                    paragraph_time[paragraph] = (dated.event.date, dated.event.date_granularity)
                if len(coded) == 1 and dated.own_date:
                    reference = (dated.event.date, dated.event.date_granularity)
            if len(coded) == before:
                # a sentence told without an event still names who the next one's "its" is
                # ("Israel again intervened. Its military said ...")
                if (subject := self.subject(sent.root)) is not None:
                    finder.actors_of(subject)
            self.redate_described(happenings, coded, times, published)
            code_speakers(document.quotes, speakers, finder, sent)
        code_speakers(document.quotes, speakers, finder)
        told_both_ways = disputed([d.event for d in allegations])
        coded += [d for d, kept in zip(allegations, told_both_ways, strict=True) if kept]
        events = [d.event for d in merge_events(coded)]
        if is_opinion(document.section):
            # an analysis or opinion piece: what it tells without a time is its argument, not news
            events = [e for e in events if e.date_source != "publication"]
        return events

    def mark_future(
        self, event: Event, published: dt.date | None, told_at: tuple[str, str | None] | None = None
    ) -> None:
        """An event dated after the publication day has not happened yet ("ministers meet in
        Luxembourg on Thursday", told on Monday): ``future``. An intent (a threat, promise or
        demand) is made by then about the future: the later date is its content's ("threatened
        to cut supplies next month"), and the act is dated by the time its paragraph tells of
        (*told_at*: "The unions struck on Monday. Hours later they threatened ..."), else by
        its publication."""
        begins = first_day(event.date) if event.date and published else None
        if begins is None or published is None or begins <= published:
            return
        if event.event in self.rules["intent_types"]:
            then = first_day(told_at[0]) if told_at is not None else None
            if told_at is not None and then is not None and then <= published:
                event.date, event.date_granularity = told_at
                event.date_text, event.date_source = None, "context"
                return
            event.date, event.date_granularity = published.isoformat(), "day"
            event.date_text, event.date_source = None, "publication"
        elif "future" not in event.mode:
            event.mode = [*event.mode, "future"]

    @staticmethod
    def same_hands(dated: DatedEvent, coded: list[DatedEvent], text: str) -> None:
        """ "Coast guard officers boarded the boat and detained its crew. A second Vietnamese boat
        was hit with water cannon.": a blow by unnamed hands on the side another state's forces
        were just told acting on, in the same or the paragraph before, is by those forces."""
        event = dated.event
        if not all(a.sector == "UAF" for a in event.actor):
            return
        victims = {a.code for a in event.recipient if a.code and a.code not in NOT_COUNTRIES}
        here = paragraph_index(text, event.evidence["start"])
        for earlier in reversed(coded if victims else []):
            if paragraph_index(text, earlier.event.evidence["start"]) < here - 1:
                return
            told = earlier.event
            if told.event not in {"ASSAULT", "COERCE"} or earlier.unattributed:
                continue
            doers = [a for a in told.actor if a.code and a.code not in NOT_COUNTRIES | victims]
            if doers and victims & {a.code for a in told.recipient}:
                event.actor = [Actor(a.entity_text, a.code, a.sector) for a in doers]
                dated.unattributed = False
                return

    def blame_told_act(self, event: Event, trigger: Trigger, coded: list[DatedEvent]) -> None:
        """ "Zelensky condemned the attack": an accusation of an act the article told before,
        with no one named, is aimed at whoever did that act (the first event of the act's type,
        the one the article leads with, whose actor is not the accuser's own side: another
        state, or people of its state who are not its organs, as rebels are to a bishop or a
        government)."""
        if event.event not in self.rules["blame_events"] or event.recipient or trigger.noun:
            return
        act = next((c for c in trigger.token.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        spec = self.noun_spec(act) if act is not None and act.pos_ == "NOUN" else None
        if spec is None or spec["event"] not in self.rules["blamed_acts"]:
            return
        accusers = {a.code for a in event.actor}
        if accusers <= {"UNK"}:
            return  # whose side the accuser is on is not known: neither is whom it blames
        organs = self.rules["state_sectors"] | {"COP"}

        def own_side(doer: Actor) -> bool:
            return any(
                doer.code == a.code
                and (doer.sector in {None, a.sector} or {doer.sector, a.sector} <= organs)
                for a in event.actor
            )

        # a state's organs condemn first what other states did ("the strike" of a foreign air
        # force, not the shelling by its own army or by local militias told before it)
        passes = [True, False] if any(a.sector in organs for a in event.actor) else [False]
        for foreign_only in passes:
            for told in coded:
                doers = [
                    a for a in told.event.actor
                    if a.code not in NOT_COUNTRIES and not own_side(a)
                    and not (foreign_only and a.code in accusers)
                ]
                if told.event.event == spec["event"] and doers and not told.unattributed:
                    event.recipient = [Actor(a.entity_text, a.code, a.sector) for a in doers]
                    act, said = first_day(told.event.date or ""), first_day(event.date or "")
                    if event.date_source == "context" and act and said and said < act:
                        # a reaction comes after the act: not before the day the act is told on
                        event.date, event.date_granularity = told.event.date, told.event.date_granularity
                    return

    def readings(
        self, triggers: list[Trigger], sent, belief: dict[str, float] | None, coded_any: Callable[[], bool]
    ) -> Iterator[tuple[Trigger, bool]]:
        """A sentence's rule readings, in turn; then, if all came to nothing (``coded_any()``
        still False: no actor, the content of a speech act), the classifier's reading anchored
        on the main verb, when it is sure enough of it; then, if still nothing, the first
        reading whose type the classifier is sure of, as an act whose doer is not named (the
        second item: :meth:`sure_of`)."""
        for trigger in triggers:
            yield trigger, False
        if coded_any() or belief is None or any(t.spec.get("learned") for t in triggers):
            return
        learned = self.learned_triggers(sent, belief)
        sure = self.rules["learned_fallback_probability"].get(self.classifier.encoder_name, 2.0)
        if learned and belief[learned[0].spec["event"]] >= sure:
            yield learned[0], False
        if coded_any():
            return
        for trigger in [*triggers, *learned[:1]]:
            if self.sure_of(trigger, belief):
                yield trigger, True
                return

    def happenings(self, sent) -> Iterator[tuple[Any, str]]:
        """The definite descriptions of an event said to happen in *sent* ("the attack took
        place on Sunday", "the raid was carried out overnight"), with the event's type."""
        r = self.rules
        for noun in sent:
            if noun.dep_ not in {"nsubj", "nsubjpass"} or noun.pos_ != "NOUN":
                continue
            if noun.head.lemma_.lower() not in r["happening_verbs"] or not any(
                c.dep_ == "det" and c.lower_ in r["definite_determiners"] for c in noun.children
            ):
                continue
            spec = self.noun_spec(noun)
            if spec is not None:
                yield noun, spec["event"]

    @staticmethod
    def retold(happenings: list[tuple[Any, str]], coded: list[DatedEvent]) -> set[int]:
        """Tokens of a sentence that tell again an event told before: a definite description of
        it said to happen (its :meth:`happenings`), and the verb saying so ("The attack took place
        on Sunday" after "X ambushed a convoy"). Readings anchored on them are no new event."""
        return {
            tok.i
            for noun, kind in happenings
            if any(d.event.event == kind for d in coded)
            for tok in (noun, noun.head)
        }

    def after_told(self, clause, coded: list[DatedEvent]) -> tuple[str, str | None] | None:
        """ "Hours after the arrest, the president declared ...": an act told a stated while
        after an event told before with its day ("the arrest": the latest of that type) is
        that day, or so many days later ("two days after the strike"). Only with a stated
        while ("hours", "a day", "shortly"): "after the attack" alone may be weeks."""
        for prep, unit in after_preps(clause):
            noun = next((g for g in prep.children if g.dep_ == "pobj"), None)
            definite = noun is not None and any(
                c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE_EVENT_DETERMINERS)
                for c in noun.children
            )
            spec = self.noun_spec(noun) if noun is not None and definite else None
            days = while_in_days(unit)
            if spec is None or days is None:
                continue
            told = [d.event for d in coded if d.event.event == spec["event"] and d.own_date]
            if told and told[-1].date and told[-1].date_granularity == "day":
                return shifted(told[-1].date, "day", days), "day"
        return None

    def redate_described(
        self,
        happenings: list[tuple[Any, str]],
        coded: list[DatedEvent],
        times: list[TimeExpr],
        published: dt.date | None,
    ) -> None:
        """ "X ambushed a convoy, sources said on Tuesday. The attack took place on Sunday.": a
        definite description of an event told before, said to happen on a day, dates the
        events of its type told in the latest sentence that has one, if only their report,
        paragraph or publication dated them."""
        r = self.rules
        for noun, kind in happenings:
            time = time_in_clause(noun.head, noun.head, times)
            if time is None:
                continue
            date, granularity = event_date(time.value, published)
            told = [d for d in coded if d.event.event == kind]
            if date is None or not told:
                continue
            latest = told[-1].event.evidence["start"]
            for earlier in told:
                event = earlier.event
                if event.evidence["start"] != latest or event.date_source == "clause":
                    continue
                event.date, event.date_granularity = date, granularity
                event.date_text, event.date_source, earlier.own_date = time.text, "clause", True
                if published and long_before(date, published, r["historical_days"]):
                    event.mode = [*(m for m in event.mode if m != "historical"), "historical"]

    def beliefs(
        self,
        sentences: list,
        candidates: list[list[Trigger]],
        document: Document,
        skip: Set[int] = frozenset(),
    ) -> dict:
        """Classifier beliefs for the sentences that need one: where a rule reading is weak
        (a lexicon default or pattern) or absent though the sentence names an actor; none for
        the sentences in *skip* (not coded at all)."""
        if self.classifier is None:
            return {}
        # someone named (a person the dictionaries do not know too), or named by what it is
        coded = [e.start for e in document.entities if e.code or e.sector or e.label == "PERSON"]
        veto = self.veto_probability() <= 1.0
        needed = [
            i
            for i, (sent, found) in enumerate(zip(sentences, candidates, strict=True))
            if i not in skip
            and (
                any(t.spec.get("lexicon") for t in found)
                or (veto and found)
                or (not found and any(sent.start_char <= start < sent.end_char for start in coded))
            )
        ]
        if not needed:
            return {}
        published = to_day(document.published)
        texts = [as_news(sentences[i], document.times, published) for i in needed]
        probabilities = self.classifier.predict(texts)
        labels = self.classifier.labels
        rows = zip(needed, probabilities, strict=True)
        return {i: dict(zip(labels, row.tolist(), strict=True)) for i, row in rows}

    def clause_none(self, trigger: Trigger) -> float:
        """How sure the classifier is that the act a trigger's subordinate clause tells is no
        event ("Oil prices rose after drones struck a refinery": the sentence tells a market's
        move, its clause an attack): the clause is read alone. 1.0 for a trigger of the main
        clause, whose sentence's reading stands."""
        clause = trigger.clause
        if clause.dep_ != "advcl" or not any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children):
            return 1.0
        assert self.classifier is not None
        text = clause.doc[clause.left_edge.i : clause.right_edge.i + 1].text
        reading = self.classifier.predict([text])[0]
        return float(reading[self.classifier.labels.index(NONE)])

    def veto_probability(self) -> float:
        """How sure the classifier must be that a sentence reports no event to overrule the rules."""
        if self.classifier is None:
            return 2.0
        return float(self.rules["learned_veto_probability"].get(self.classifier.encoder_name, 2.0))

    def confirmed(self, trigger: Trigger, belief: dict[str, float] | None) -> bool:
        if not trigger.spec.get("unconfirmed"):
            return True
        if belief is None:
            return False
        label = max(belief, key=belief.get)
        return (
            label == trigger.spec["event"]
            or belief[trigger.spec["event"]] >= self.rules["learned_confirm_probability"]
        )

    def learned_triggers(self, sent, belief: dict[str, float]) -> list[Trigger]:
        """When no rule fires, the classifier may still see an event: anchor it on the main verb."""
        label = max(belief, key=belief.get)
        minimum = self.rules["learned_min_probability"].get(self.classifier.encoder_name, 2.0)
        if label == NONE or belief[label] < minimum:
            return []
        verb = sent.root
        if verb.lemma_.lower() in self.rules["report_verbs"]:
            # what is reported: the complement clause, or a "that" clause the parser hung
            # elsewhere ("told reporters in the capital, X, that troops had crossed ...")
            reported = next(
                (c for c in verb.children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX"}), None
            ) or next(
                (t for t in verb.subtree if t.pos_ in {"VERB", "AUX"} and t.i > verb.i
                 and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)),
                None,
            ) or next(  # else the first clause with a subject of its own after the verb
                (t for t in verb.subtree if t.pos_ in {"VERB", "AUX"} and t.i > verb.i
                 and any(c.dep_ in {"nsubj", "nsubjpass"} for c in t.children)),
                None,
            )
            if reported is None and quad_class(label).startswith("material"):
                return []  # a deed is not anchored on the verb that reports it
            verb = reported or verb
        if verb.pos_ not in {"VERB", "AUX"}:  # "A contingent of police officers landed ...", read as a noun
            verb = next((t for t in verb.subtree if t.dep_ == "acl" and verbless_predicate(t)), verb)
        if verb.pos_ not in {"VERB", "AUX"}:
            return []
        return [Trigger(verb, verb, {"event": label, "mode": None, "context": [], "learned": True})]

    def weigh(
        self, dated: DatedEvent, trigger: Trigger, belief: dict[str, float], explained: Set[str] = frozenset()
    ) -> bool:
        """Let the classifier overrule a weak rule reading and set the event's confidence;
        False when it all but rules out the type a bare verb-dictionary reading gives. The
        classifier reads whole sentences: a type that another of the sentence's readings
        (*explained*) already has does not overrule this one ("rejected the results and
        accused the government of ...")."""
        event = dated.event
        label = max(belief, key=belief.get)
        agree = belief.get(event.event, 0.0)
        beside = self.accuses_beside(trigger)  # the reading is not of this clause
        overrules = (trigger.spec.get("lexicon") or (
            not trigger.structural
            and self.rules["learned_overrule_rules"].get(self.classifier.encoder_name, False)
        )) and not beside
        if (
            not trigger.spec.get("learned")
            and overrules
            and label not in {NONE, event.event, *explained}
            and (
                (trigger.spec.get("lexicon") and not trigger.spec.get("own"))
                or not _turns_force_to_cooperation(event.event, label)
            )
            and belief[label] >= self.rules["learned_overrule_probability"]
            and agree < self.rules["learned_disagree_probability"]
        ):
            event.event, agree = label, belief[label]
            event.mode = _refusal_modes(label, [m for m in event.mode if m in AUX_MODES])
            event.score = self.score(label, [])
            if label in self.rules["speaker_acts"] and event.claimed_by is not None:
                # what the speaker reports of others is, read as an accusation or demand, the speaker's act
                targets, event.actor = self.speaker_act(event.actor, event.claimed_by)
                event.recipient, event.claimed_by = targets or event.recipient, None
        elif (
            trigger.spec.get("lexicon")
            and agree < self.rules["learned_drop_probability"].get(self.classifier.encoder_name, 0.0)
            and not beside
            # one of our own rows' uses of force is not dropped for a reading of cooperation
            # ("Russian and Ukrainian forces fought in ...": the classifier says COOPERATE)
            and not (trigger.spec.get("own") and _turns_force_to_cooperation(event.event, label))
        ):
            return False  # "she asked not to be named": CONSULT by the verb dictionary alone
        own, claimed_by = dated.own_date, event.claimed_by  # confidence: redline.code.calibration
        event.confidence = _confidence(
            trigger, own, event.recipient, claimed_by, event.event, belief, self.classifier.encoder_name
        )
        return True

    def accuses_beside(self, trigger: Trigger) -> bool:
        """ "..., accusing Azerbaijan of preparing an offensive": an accusation of someone
        named, told beside the sentence's main act, of which the classifier's reading of the
        whole sentence says little."""
        verb = trigger.clause
        return (
            verb.dep_ in {"advcl", "conj"}
            and verb.lemma_.lower() in self.rules["accuse_verbs"]
            and any(c.dep_ == "dobj" for c in verb.children)
        )

    def speaker_act(self, actors: list[Actor], speaker: Actor | None) -> tuple[list[Actor], list[Actor]]:
        """(recipients, actors) of a speech act read from reported content: when someone else
        speaks of the content's subjects, the speaker acts on them; else nothing changes."""
        if speaker is None or not speaker.code or not actors or speaker.code in {a.code for a in actors}:
            return [], actors
        return actors, [speaker]

    def own_strike(self, trigger: Trigger, subj, speaker: Actor | None) -> bool:
        """Whether an attack's subject is a weapon or aircraft whose owner is not said
        ("aircraft", "drones") and the act is told by a government or military that can own it."""
        return (
            trigger.spec["event"] == "ASSAULT"
            and speaker is not None
            and bool(speaker.code)
            and speaker.sector in {"GOV", "MIL"}
            and subj.lemma_.lower() in self.rules["strike_platforms"]
            and not any(c.dep_ in {"poss", "amod", "compound", "nmod"} for c in subj.children)
        )

    def unnamed_ok(self, subj) -> bool:
        """Whether a subject no dictionary resolves still names someone who acts: a person or
        organisation by name, a pronoun with no antecedent, or the office or people of someone
        named -- not a thing or an event."""
        kinds = self.rules["unnamed_actors"]
        named = subj.ent_type_ in kinds["entity_types"] or subj.tag_ in kinds["tags"]
        # "Al-Hijri's office", "the sheikh's aides": the people of someone named
        return named or any(
            c.dep_ == "poss" and (c.ent_type_ in kinds["entity_types"] or c.tag_ in {"NNP", "NNPS"})
            for c in subj.children
        )

    def situated(self, described: list[Actor], trigger: Trigger, sent, document: Document,
                 finder: ActorFinder, speaker: Actor | None) -> list[Actor]:
        """Give people named only by what they are a country. "Prisoners rioted at a jail in
        Dili": civilians act where it happened, else in the article's home country; police and
        courts act at home too, or else in the country of the people they act on."""
        r = self.rules
        where = where_it_happened(document, trigger, sent, finder.home)
        heading = trigger.spec["event"] == "MOBILIZE" and heading_for(document, trigger, sent)
        placed = []
        for actor in described:
            if _vessel(actor.entity_text, r["vessel_nouns"]):
                placed.append(Actor(actor.entity_text, "UNK", actor.sector))  # its flag is not said
                continue
            if heading:
                # "Troops moved towards the border with Eritrea": where forces go is not whose they
                # are; they are the teller's or the article's state's, else of no known state
                owner = teller_state(speaker) or finder.home or "UNK"
                placed.append(Actor(actor.entity_text, owner, actor.sector))
                continue
            code = where
            if actor.sector in r["domestic_sectors"] and not code:
                targets = [a for h in self.recipient_heads(trigger) for a in finder.actors_of(h, speaker)]
                code = next((a.code for a in targets if a.code not in {"IGO", "NGO"}), None)
            elif actor.sector in r["state_sectors"]:
                # "the foreign ministry spokesman": the state of whoever tells of it ("Iranian
                # state media reported that the foreign ministry ..."), else the article's state,
                # else where it happened
                code = teller_state(speaker) or finder.home or where
            elif actor.sector not in r["civilian_sectors"] | r["local_armed_sectors"] | r["domestic_sectors"]:
                code = None
            # "Protest leaders allege that Yanukovych ...": with no place or article country,
            # the one country the sentence names; else its country is unknown, and says so
            code = code or sentence_country(document, sent)
            placed.append(Actor(actor.entity_text, code or "UNK", actor.sector))
        return placed

    def weapon_display(self, trigger: Trigger, document: Document, victims: list[Actor]) -> bool:
        """A weapon tested, or fired into the sea ("fired a ballistic missile into the Gulf of
        Oman", "off its east coast"), with no target named (at, on, against) and nothing in the
        sentence hit, killed or damaged: a show of capability. A bare launch ("launched 40
        drones overnight") is an attack."""
        verb, r = trigger.token, self.rules
        if trigger.noun or verb.lemma_.lower() not in r["launch_verbs"] or victims:
            return False
        weapons = [(e.start, e.end) for e in document.entities if e.label == "WEAPON"]
        objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        if not any(s <= o.idx < e for o in objects for s, e in weapons):
            return False
        tested = any(c.lower_ == "test" for c in verb.children) or verb.lemma_.lower().startswith("test")
        near = [*verb.children, *(t for o in objects for t in o.subtree)]  # "drones at the Odesa region"
        seaward = any(
            c.dep_ == "prep" and c.lower_ in r["display_prepositions"]
            and any(g.lemma_.lower() in r["sea_words"] for g in c.subtree)
            for c in near
        )
        aimed = any(
            c.dep_ == "prep" and c.lower_ in r["target_prepositions"] and not names_a_time(c) for c in near
        )
        hit = any(w.lemma_.lower() in r["hit_verbs"] for w in verb.sent if w.i != verb.i)
        return (tested or seaward) and not (aimed or hit)

    def quote_speaker(self, document: Document, sent, finder: ActorFinder) -> Actor | None:
        """The actor who speaks in *sent* when a quote runs through it: its named or titled
        speaker (an unnamed one, "a resident", leaves the sentence to its own parse)."""
        for quote in document.quotes:
            if quote.start <= sent.end_char and sent.start_char <= quote.end and quote.speaker:
                if quote.speaker.split()[0].lower() in UNNAMED:
                    continue  # an unnamed speaker: the sentence's own parse says more
                if quote.speaker_code:
                    return Actor(quote.speaker, quote.speaker_code, quote.speaker_sector)
                return finder.resolve_phrase(quote.speaker)
        return None

    def code_trigger(
        self,
        trigger: Trigger,
        sent,
        document: Document,
        finder: ActorFinder,
        times: list[TimeExpr],
        published: dt.date | None,
        quote_speaker: Actor | None,
        paragraph_time: tuple[str, str | None] | None,
        reference: tuple[str, str | None] | None,
        sure: bool = False,
    ) -> DatedEvent | None:
        """The event *trigger* reads, with its actors, recipients, date, place and modes; None
        when it is no act of its own or no one acted. *sure*: the classifier is sure of the
        type, so the act stands though no one who did it can be named (:meth:`sure_of`)."""
        r = self.rules
        speech_verb, speech_kind = self.speech_context(trigger.clause)
        if speech_kind == "content":
            return None  # the content of a warning/claim/demand is part of that event
        if trigger.clause.dep_ == "advcl" and any(
            c.lower_ == "to" and c.dep_ == "aux" for c in trigger.clause.children
        ):
            return None  # "marched to demand reforms": the purpose of an act is not another act
        speaker: Actor | None = quote_speaker
        if speech_verb is not None:
            subj = self.subject(speech_verb)
            if subj is not None:
                found = finder.actors_of(subj, quote_speaker)
                speaker = found[0] if found else speaker
        account = according_to(trigger.clause) if speech_verb is None else None
        if account is not None:  # "According to Armenia's defence ministry, Azerbaijani forces opened fire"
            found = finder.actors_of(account[1], quote_speaker)
            speaker = found[0] if found else speaker
        subj = self.subject(trigger.clause)
        if speech_kind == "report" and self.speaks_on(trigger.clause, speech_verb):
            # "X said the bloc was concerned and urged Tbilisi to ...": X's own second act
            subj, speech_verb, speech_kind = self.subject(speech_verb), None, None
        perished = None
        if subj is not None and subj.head.i == trigger.clause.i and (
            self.perished(trigger.clause) or trigger.spec.get("under")
        ):
            # "12 civilians died in an airstrike", "a patrol came under fire from gunmen": who
            # died or came under attack is whom the act was done to; who did it, the "from"
            perished, subj = subj, None
            if trigger.spec.get("under"):
                subj = prep_object(trigger.clause, "from") or prep_object(trigger.token, "from")
        if subj is not None and subj.pos_ == "NOUN" and self.names_an_act(subj):
            # "An air strike by Myanmar's military killed 18": who did the act the subject names
            subj = prep_object(subj, "by") or subj
        if subj is not None and not trigger.noun and _nobody(subj):
            return None  # "neither government has agreed", "no country has recognised": no one acted
        # "insurgents killed nine ..., officials and a source said": not the tellers joined to them
        misread = predicate_subject(trigger.clause)
        upto = trigger.clause.i if subj is not None and misread is not None and misread.i == subj.i else None
        actors: list[Actor] = finder.actors_of(subj, speaker, upto) if subj is not None else []
        sides_of = self.between(trigger, subj)
        sides = finder.actors_of(sides_of, speaker) if sides_of is not None else []
        if sides_of is not None and len(sides) < 2:  # "between the army and rebels": placed
            named = {(a.code, a.sector) for a in sides}
            placed = self.situated(finder.described(sides_of), trigger, sent, document, finder, speaker)
            sides += [a for a in placed if (a.code, a.sector) not in named]
        other_side: list[Actor] = []
        if sides and not actors and self.mutual(trigger, subj, sides_of):
            # "clashes between rival militias", "between the X Force and the Y Brigade" (two
            # groups of one country): a clash all the same, the first side acting on the other
            actors, other_side = sides[:1], sides[1:]
        elif len({(a.code, a.sector) for a in sides}) > 1:
            if self.mutual(trigger, subj, sides_of):
                # "a clash between Thai and Cambodian troops": the first side acts on the other
                actors, other_side = sides[:1], sides[1:]
            else:  # "Qatar ended its mediation between Israel and Hamas": both are acted on
                other_side = sides
        if trigger.noun and not actors:
            poss = next((c for c in trigger.token.children if c.dep_ == "poss"), None)
            if poss is not None:
                actors = finder.actors_of(poss, speaker)
        if "device" in trigger.spec and not actors:
            # "an IED planted by Al Shabaab exploded": who placed the device, else unknown hands
            device = sent.doc[trigger.spec["device"]]
            agents = [g for t in device.subtree if t.dep_ == "agent" for g in t.children if g.dep_ == "pobj"]
            actors = [a for g in agents for a in finder.actors_of(g, speaker)]
            if not actors:
                where = local_country(document, trigger, sent, finder.home)
                actors = [Actor("unidentified attackers", where or "UNK", "UAF")]
        if not actors and subj is not None and self.own_strike(trigger, subj, speaker):
            # "The Israeli military said aircraft had struck ...": a military's report of what its
            # aircraft hit abroad
            struck = place_in(document.places, trigger, sent, countries=True)  # at home: the victims' report
            if speaker is not None and (struck is None or struck.country != speaker.code):
                actors = [speaker]
        if not actors and trigger.clause.lemma_.lower() in r["summons_verbs"]:
            # "the ambassador of Iran to Denmark was summoned to the foreign ministry": by the
            # country the envoy is posted to
            actors = self.host_of_envoy(trigger, sent, document, finder, speaker)
        if not actors and trigger.spec.get("learned"):
            # No subject to read the actor from: the sentence's first coded entity that acts in
            # it (a subject, a possessor, the agent of a passive), not a place ("the border with X").
            named = next(
                (
                    e
                    for e in document.entities
                    if sent.start_char <= e.start < sent.end_char and e.code and e.label != "WEAPON"
                    and not _not_acting(sent, e.start, e.end, self.rules["report_verbs"])
                    and not self.acted_on(sent, e.start, e.end, trigger)
                    and not (perished is not None and within(perished, e.start))
                ),
                None,
            )
            if named is not None:
                actors = [Actor(named.text, named.code, named.sector)]
        event_type = trigger.spec["event"]
        retreating = trigger.clause.lemma_.lower() in r["self_retreat_verbs"]
        if not actors and event_type == "RETREAT" and retreating:
            # "Guerrillas have been demobilized": the forces named are the side that retreats.
            patient = next((c for c in trigger.clause.children if c.dep_ == "nsubjpass"), None)
            actors = finder.actors_of(patient, speaker) if patient is not None else []
        if not actors and subj is not None:
            actors = self.situated(finder.described(subj, upto), trigger, sent, document, finder, speaker)
        if not actors and subj is not None and r["unnamed_actors"] and self.unnamed_ok(subj):
            # "Demirtas urged the government ...": someone acts whom no dictionary knows; the
            # event stands, its actor's country from the place or the article, else unknown.
            where = local_country(document, trigger, sent, finder.home)
            actors = [Actor(phrase_text(phrase_tokens(subj)), where or "UNK", None)]
        agentless = not any(c.dep_ == "agent" for c in trigger.clause.children)
        if not actors and not trigger.noun and agentless:
            # "armoured vehicles provided by the Emirates were delivered to Chad's army": who gave
            # what the passive tells of, when it names no one else
            actors = self.given_by(trigger, finder, speaker)
        if (
            not actors
            and agentless
            and any(c.dep_ == "nsubjpass" for c in trigger.clause.children)
            and (
                event_type in r["speaker_agent_events"]
                # "Beirut would be hit if ...", said Israel's minister: a blow the teller's side threatens
                or self.would_befall(trigger, event_type, reported=speech_verb is not None)
            )
        ):
            # "the minister said 1,500 soldiers had been sent to the border": what was done
            # without a doer named, told by one side, was done by that side; "Police said 37
            # people were arrested": by the police, placed as people named by what they are
            teller = self.subject(speech_verb) if speech_verb is not None else None
            authorities = r["state_sectors"] | r["domestic_sectors"]
            if (  # a state or its organ, not an NGO, residents or a monitor that counted the arrests
                speaker is not None and speaker.code and speaker.code not in NOT_COUNTRIES
                and speaker.sector in authorities | {None}
            ):
                actors = [speaker]
            elif teller is not None:  # an authority, not witnesses or residents
                officials = [a for a in finder.described(teller) if a.sector in authorities]
                actors = self.situated(officials, trigger, sent, document, finder, speaker)
        content_subjects: list[Actor] = []
        characterised = speech_kind == "report" and not trigger.noun and _characterises(trigger.clause)
        if (trigger.spec.get("learned") or characterised or trigger.spec.get("blame")) and (
            event_type in r["speaker_acts"]
        ):
            # "He said Minsk was waging a hybrid war": the accusation is the speaker's, about Minsk;
            # so is "Macron said Russia scorns international law" (what it is, not what it did)
            content_subjects, actors = self.speaker_act(actors, speaker)
            if trigger.spec.get("blame") and not content_subjects:
                return None  # no one else lays the blame: nothing to code
        civilian_variant = r["civilian_variants"].get(trigger.token.lemma_.lower())
        if (
            civilian_variant
            and event_type != "PROTEST"
            and actors
            and all(a.sector in r["civilian_sectors"] for a in actors)
        ):
            # Workers on strike stop work and protesters block roads: protests, not attacks or
            # sieges; calling such a strike off concedes.
            protest = {"event": "PROTEST", "mode": civilian_variant, "context": []}
            trigger.spec = self.reversed(trigger.clause, protest) if trigger.noun else protest
            event_type = trigger.spec["event"]
        if trigger.spec.get("under") and trigger.token.lemma_.lower() == "fire" and actors and all(
            a.sector in r["critic_sectors"] for a in actors
        ):
            # "the government came under fire from opposition lawmakers": criticism, not shooting
            trigger.spec = {"event": "ACCUSE", "mode": "disapprove", "context": []}
            event_type = "ACCUSE"
        victims: list[Actor] = []
        if not actors and event_type in r["victim_only_events"]:
            # "Three civilians were killed in a car bombing": an attack on known victims by unknown hands.
            for c in trigger.clause.children:
                if c.dep_ in {"nsubjpass", "dobj"} or (perished is not None and c.i == perished.i):
                    victims.extend(finder.actors_of(c, speaker))
        place = event_place(document, trigger, sent)
        if sure and event_type in r["speaker_acts"] and (speaker is not None or speech_verb is not None):
            sure = False  # told by someone: an accusation or demand in it is the teller's or none
        if not actors and not victims and sure:
            if event_type not in r["unidentified_attackers"]:
                # "Eight others were sentenced to jail terms": the act is sure, its doer not
                # named; the doer is someone of where it happened, else unknown (said so: UNK)
                actors = [self.unknown_doer(subj, trigger, sent, document, finder)]
            elif subj is not None and subj.i != trigger.token.i and not self.names_an_act(subj):
                # "aircraft had struck ...": whose, the words do not say ("Clashes broke out ...":
                # the act itself, its hands unidentified, below)
                actors = [Actor(phrase_text(phrase_tokens(subj)), "UNK", None)]
        if not actors and not victims and not (sure and event_type in r["unidentified_attackers"]):
            return None
        def fought() -> str | None:
            # "Islamic State fighters attacked ...": an armed movement is coded as the country
            # where it fights, as rebels are (looked up only when one takes part)
            local = place.country if place is not None and place.country else None
            return local or where_it_happened(document, trigger, sent, finder.home)

        if any(a.code in TRANSNATIONAL for a in actors):
            actors = _fighting_in(actors, fought())
        if (
            not actors and victims and speaker is not None and speaker.code
            and any(c.dep_ == "nsubjpass" for c in trigger.clause.children)
            and speaker.sector in r["state_sectors"] | {"COP"}
            and all(v.sector in r["local_armed_sectors"] | {"IMG"} for v in victims)
        ):
            # "The army said 30 Boko Haram fighters were killed": armed men killed, told by the
            # forces that fight them, were killed by those forces
            actors = [speaker]
        unattributed = not actors
        if not actors and event_type in r["unidentified_attackers"]:
            # Unknown hands are coded as ACLED does: unidentified armed group of where it happened.
            where = place.country if place is not None and place.country else finder.home
            actors = [Actor("unidentified attackers", where or "UNK", "UAF")]
        dead = finder.actors_of(perished, speaker) if perished is not None else []
        recipients: list[Actor] = other_side or list(victims) or content_subjects or dead
        if (
            trigger.token.lemma_.lower() in r["accuse_verbs"]
            or trigger.spec.get("content_recipient")
            # "demanded that China release the fishermen": asked of whoever is to act
            or (event_type == "REQUEST" and not recipients and not trigger.noun)
        ):
            content = next((c for c in trigger.token.children if c.dep_ == "ccomp"), None)
            csubj = self.subject(content) if content is not None else None
            if csubj is not None:
                recipients = finder.actors_of(csubj, speaker)
        actor_codes = {a.code for a in actors}
        if not recipients:
            heads = [(h, self.owner(h, event_type)) for h in self.recipient_heads(trigger)]
            for head, owner in heads:
                found = finder.actors_of(head, speaker)
                if not found and owner is not None:
                    head, found = owner, finder.actors_of(owner, speaker)
                if _own(head) and {a.code for a in found} <= actor_codes:
                    continue  # "Iran reserved its right to ...": the actor's own, no one else
                # "struck Gaza, killing 20 Palestinians": one recipient per country and sector
                known = {(b.code, b.sector) for b in recipients}
                recipients.extend(a for a in found if (a.code, a.sector) not in known)
            if not recipients:  # "killed five villagers in Zamfara": people named by what they are, placed
                described = []
                for head, owner in heads:
                    if any(c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in head.children):
                        continue  # "recalled its ambassador": the actor's own people, not whom it acts on
                    described += finder.described(head) or (
                        finder.described(owner) if owner is not None else []
                    )
                if described:
                    placed = self.situated(described, trigger, sent, document, finder, speaker)
                    recipients = [a for a in placed if a.code != "UNK"]
        if not recipients and event_type == "ASSAULT" and place is not None and place.country:
            # "attacked the port of Izmail": the country the place is in is hit.
            if place.country not in actor_codes:
                recipients = [Actor(place.text, place.country, None)]
        if event_type == "CONSULT" and recipients and all(a.sector == "JRN" for a in recipients):
            return None  # "spoke to reporters": the journalism itself is no event
        targeted = {a.code for a in recipients if a.code not in NOT_COUNTRIES and not finder.inferred(a)}
        if targeted & actor_codes:
            # "He urged Iran to act": an official named without a state who acts on a state named
            # by name is most often of another state than that one
            actors = [self.of_another_state(a, targeted, finder) for a in actors]
            actor_codes = {a.code for a in actors}
        # Same country, other sector is a real dyad (army against rebels of the same state), and
        # so is someone else named by name ("Paul called Rubio's plan ..."); a pronoun or a
        # description of the actor's own kind is most often the actor itself.
        actor_keys = {(a.code, a.sector) for a in actors}
        actor_names = {_name_key(a.entity_text) for a in actors}
        recipients = [
            a for a in recipients
            if (a.code, a.sector) not in actor_keys
            or (_named(a.entity_text) and _name_key(a.entity_text) not in actor_names)
        ]
        if any(a.code in TRANSNATIONAL for a in recipients):  # "air strikes on Islamic State positions"
            recipients = _fighting_in(recipients, fought())

        # "announced its withdrawal from the ICC" too: a retreat the light verb made a concession
        retreat = event_type == "RETREAT" or trigger.spec.get("noun_event") == "RETREAT"
        if retreat and self.left_body(trigger, finder, speaker):
            # "withdrew from the grain deal", "pulling out of UNESCO": leaving a body, a treaty or
            # a mediation reduces relations (SANCTION withdraw), not a retreat from territory
            context = list(trigger.spec.get("context", []))
            trigger.spec = {"event": "SANCTION", "mode": "withdraw", "context": context}
            event_type = "SANCTION"
        if event_type == "COERCE" and trigger.spec.get("mode") == "restrict" and _on_foreigners(
            actors, recipients, r["sanctioning_sectors"]
        ):
            # "visa restrictions on three Nicaraguan judges", "barred entry to Iranian officials":
            # a state's restrictions on another state's people are sanctions (SANCTION discontinue)
            context = list(trigger.spec.get("context", []))
            trigger.spec = {"event": "SANCTION", "mode": "discontinue", "context": context}
            event_type = "SANCTION"
        helped = self.helped(trigger, finder, speaker, actors) if event_type == "MOBILIZE" else None
        if helped is not None:
            # "sent troops to help Mozambique": forces sent to a state's aid are military aid
            trigger.spec = {"event": "AID", "mode": "military", "context": ["military"]}
            event_type, recipients = "AID", helped
        if event_type == "MOBILIZE" and not recipients:
            # "moved armoured units towards its border with Eritrea": forces sent at a state
            recipients = self.faced(trigger, finder, speaker, actors)
        if event_type == "ASSAULT" and self.weapon_display(trigger, document, victims):
            # "test-fired a cruise missile", "fired a missile into the sea": a show of capability
            trigger.spec = {"event": "MOBILIZE", "mode": "weapons", "context": ["military"]}
            event_type, recipients = "MOBILIZE", []
        modes = [m for m in [trigger.spec.get("mode")] if m]
        aux = self.aux_modes(trigger, reported=speech_verb is not None)
        conditional = "hypothetical" in aux or ("future" in aux and event_type in r["threat_from_conflict"])
        threat_types = r["threat_from_conflict"] | r["threat_from_hypothetical"]
        planned = _complement_of(trigger.clause, r["future_verbs"])
        if (
            event_type in threat_types
            and conditional
            and "negation" not in aux
            and (speech_verb is not None or quote_speaker is not None or planned)
        ):
            # "if attacked, we would strike": a conditional blow announced by its author is a threat.
            event_type, modes, aux = "THREATEN", [], []

        ready = event_type in {"AGREE", "SUPPORT"} and _complement_of(trigger.clause, r["hypothetical_words"])
        if (
            (event_type in r["intent_to_agree"] or ready)
            and {"future", "hypothetical"} & set(aux)
            and "negation" not in aux
        ):
            # Offering, promising or being ready to cooperate or concede is AGREE in PLOVER; so
            # is being ready to sign or agree ("ready to sign the agreed text"), not a hypothesis.
            event_type, modes = "AGREE", []
            aux = [m for m in aux if m not in {"future", "hypothetical"}]
        refused = _complement_of(trigger.clause, r["refusal_verbs"])
        spec = trigger.spec
        lexical_reject = event_type == "REJECT" and spec.get("event") == "REJECT" and not spec.get("learned")
        if event_type in r["refusable"] and (
            refused or ("negation" in aux and {"future", "hypothetical"} & set(aux))
        ):
            # "will not accept", "failed to reach agreement": refusing to cooperate is REJECT.
            event_type, modes = "REJECT", []
            aux = [m for m in aux if m not in {"future", "hypothetical", "negation"}]
        if event_type in r["intent_types"]:
            aux = [m for m in aux if m != "future"]  # a threat, promise or demand is about the future
        if not (lexical_reject and "negation" in aux):
            # "has not rejected", "did not veto": a refusal the verb names, negated, did not happen
            aux = _refusal_modes(event_type, aux)

        date, granularity, date_text, source, own = self.date_of(
            trigger, times, published, speech_verb, paragraph_time, reference, event_type
        )
        if date and published and source != "publication":
            if long_before(date, published, r["historical_days"]):
                aux.append("historical")
        if "historical" not in aux and lasting_since(trigger.clause, document.times, published):
            aux.append("historical")  # a state since long ago, not news: background
        start, end = _strip_span(document.text, sent.start_char, sent.end_char)
        claimed_by = None
        if speaker is not None and speaker.code and speaker.code not in actor_codes:
            claimed_by = speaker
        context = list(dict.fromkeys(trigger.spec.get("context") or []))
        if any(w in sent.text.lower() for w in r["cbrn_words"]) and "cbrn" not in context:
            context.append("cbrn")
        all_modes = modes + [m for m in aux if m not in modes]
        event = Event(
            event=event_type,
            actor=actors,
            recipient=recipients,
            date=date,
            event_text=document.text[start:end],
            evidence={"start": start, "end": end},
            mode=all_modes,
            context=context,
            date_source=source,
            date_text=date_text,
            date_granularity=granularity,
            place=place,
            claimed_by=claimed_by,
            trigger=trigger.token.text if not trigger.noun else f"{trigger.clause.text} {trigger.token.text}",
        )
        event.score = self.score(event_type, modes)
        encoder = self.classifier.encoder_name if self.classifier is not None else calibration.DEFAULT_MAP
        event.confidence = _confidence(trigger, own, recipients, claimed_by, encoder=encoder)
        report = None
        teller = speech_verb if speech_verb is not None else account[0] if account is not None else None
        if claimed_by is not None and teller is not None:
            said = Trigger(teller, teller, {"event": "ACCUSE", "mode": "allege", "context": []})
            report = (teller, self.date_of(said, times, published, None, paragraph_time, reference))
        return DatedEvent(event, own, unattributed, report)

    def of_another_state(self, actor: Actor, targeted: set[str], finder: ActorFinder) -> Actor:
        """*actor*, or whom it more likely means when it is one of the *targeted* states only
        by the article's reading of a pronoun or an office (:meth:`ActorFinder.other_than`);
        armed groups, parties and people named by what they are may act on their own state."""
        if actor.code not in targeted or actor.sector not in self.rules["state_sectors"] | {None, "ELI"}:
            return actor
        if not finder.inferred(actor):
            return actor
        return finder.other_than(actor, targeted) or actor

    def would_befall(self, trigger: Trigger, event_type: str, reported: bool) -> bool:
        """Whether the act is one that could be threatened, told as what would or will happen."""
        r = self.rules
        if event_type not in r["threat_from_conflict"] | r["threat_from_hypothetical"]:
            return False
        return bool({"hypothetical", "future"} & set(self.aux_modes(trigger, reported=reported)))

    def helped(self, trigger: Trigger, finder: ActorFinder, speaker: Actor | None,
               actors: list[Actor]) -> list[Actor] | None:
        """The other states a deployment is "to help", "to support" or "to assist" (its purpose
        clause's object), or None when it is for no one else's aid ("to back its defences")."""
        own = {a.code for a in actors}
        help_verbs = self.rules["help_verbs"]
        for purpose in trigger.clause.children:
            if purpose.dep_ not in {"advcl", "xcomp"} or purpose.lemma_.lower() not in help_verbs:
                continue
            if not any(c.dep_ == "aux" and c.lower_ == "to" for c in purpose.children):
                continue
            helped = [
                a for c in purpose.children if c.dep_ == "dobj"
                for a in finder.actors_of(c, speaker) if a.code and a.code not in NOT_COUNTRIES | own
            ]
            if helped:
                return helped
        return None

    def faced(self, trigger: Trigger, finder: ActorFinder, speaker: Actor | None,
              actors: list[Actor]) -> list[Actor]:
        """The state forces are sent towards or stand at the border of ("to the border with
        Belarus", "towards its frontier with Eritrea", "near the border with Cambodia"): whom
        the deployment faces; none for a border not named by its other state."""
        own = {a.code for a in actors}
        for border in trigger.clause.subtree:
            # "to the border with Belarus", and where they are: "in Sisaket province near the
            # border with Cambodia" (any preposition, within the clause's own phrases)
            if border.lemma_.lower() not in self.rules["border_nouns"] or border.dep_ != "pobj":
                continue
            path = takewhile(lambda t: t.i != trigger.clause.i, border.ancestors)  # up to the clause
            if any(t.pos_ in {"VERB", "AUX"} or t.dep_ == "appos" for t in path):
                continue  # not another clause's, nor a place's description ("Catatumbo, an area on ...")
            other = prep_object(border, "with")
            found = finder.actors_of(other, speaker) if other is not None else []
            faced = [a for a in found if a.code and a.code not in NOT_COUNTRIES | own]
            if faced:
                return [Actor(a.entity_text, a.code, None) for a in faced]
        return []

    def given_by(self, trigger: Trigger, finder: ActorFinder, speaker: Actor | None) -> list[Actor]:
        """The agent of a participle on the passive's subject ("vehicles provided by X", "a ship
        seized by X"): the one who holds what the passive tells was done with it."""
        patient = next((c for c in trigger.clause.children if c.dep_ == "nsubjpass"), None)
        if patient is None:
            return []
        # "a consignment of vehicles provided by X": on the subject or on its of-phrase
        holders = [patient] + [
            g for c in patient.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj"
        ]
        for holder in holders:
            for participle in (c for c in holder.children if c.dep_ == "acl"):
                by = [c for c in participle.children if c.dep_ == "agent"]
                agents = [g for c in by for g in c.children if g.dep_ == "pobj"]
                named = [a for g in agents for a in finder.actors_of(g, speaker)]
                if named:
                    return named
        return []

    def sure_of(self, trigger: Trigger, belief: dict[str, float] | None) -> bool:
        """Whether the classifier is sure enough of *trigger*'s type that the act stands though
        no one who did it is named (``learned_unknown_doer``, per classifier)."""
        if belief is None or self.classifier is None:
            return False
        minimum = self.rules["learned_unknown_doer"].get(self.classifier.encoder_name, 2.0)
        return belief.get(trigger.spec["event"], 0.0) >= minimum

    def unknown_doer(self, subj, trigger: Trigger, sent, document: Document, finder: ActorFinder) -> Actor:
        """Someone no dictionary names who did a sure act: the subject's words (or "unknown"
        for a passive without agent), of the country where it happened (for a deployment, the
        article's home), else UNK."""
        if trigger.spec["event"] == "MOBILIZE" and heading_for(document, trigger, sent):
            # "Troops were sent to the border with Belarus": where forces go is not whose they are
            where = finder.home or "UNK"
        else:
            where = local_country(document, trigger, sent, finder.home) or "UNK"
        described = finder.described(subj) if subj is not None else []
        if described:
            return Actor(described[0].entity_text, where, described[0].sector)
        text = phrase_text(phrase_tokens(subj)) if subj is not None and subj.pos_ != "PRON" else "unknown"
        return Actor(text, where, None)

    def accusation(self, dated: DatedEvent) -> DatedEvent | None:
        """A party's report of what another state's forces did to it, as its accusation
        (:func:`redline.code.allegations.accusation`; coded if the account is disputed)."""
        if dated.report is None:
            return None
        verb, told = dated.report
        states = set(self.rules["state_sectors"]) | {"COP", None}  # a country named is its state
        said = accusation(dated.event, verb.text, told, self.rules["accused_acts"], states)
        if said is None:
            return None
        said.score = self.score("ACCUSE", ["allege"])
        *_, own_date = told
        return DatedEvent(said, own_date)

    def score(self, event_type: str, modes: list[str]) -> float | None:
        if self.plover is None:
            return None
        try:
            return float(self.plover.event_score(event_type, modes))
        except (KeyError, ValueError):
            return None

    def date_of(
        self,
        trigger: Trigger,
        times: list[TimeExpr],
        published: dt.date | None,
        speech_verb,
        paragraph_time,
        reference,
        event_type: str | None = None,
    ) -> tuple[str | None, str | None, str | None, str, bool]:
        """(date, granularity, date text, source, stated in own clause); *event_type* is the type
        the trigger was coded as, when it is not its own ("ready to sign" is AGREE)."""
        # "came two days after X met Y": the after-clause is that far before its main clause's time
        shift = days_apart(trigger.clause)
        intends = (event_type or trigger.spec["event"]) in self.rules["intent_types"]
        for verb in (trigger.clause, *all_time_partners(trigger.clause), speech_verb):
            if verb is None:
                continue
            intent = intends and verb.i == trigger.clause.i
            said = trigger.spec["event"] in SPEECH_ACTS and verb.i == trigger.clause.i and not trigger.noun
            time = time_in_clause(verb, trigger.token, times, intent=intent, said=said)
            if time is None and verb.i == trigger.clause.i and tells_when(verb):
                # "under arrest since March 2025, when soldiers surrounded ...": the time it hangs on
                time = next((t for t in times if t.start <= verb.head.idx < t.end), None)
            if time is not None:
                date, granularity = event_date(time.value, published)
                if date is None:  # "on Tuesday" with no publication date to count from
                    return None, None, time.text, "unresolved", True
                if verb.i != trigger.clause.i:
                    date = shifted(date, granularity, shift)
                begins = first_day(date) if intends and speech_verb is not None and published else None
                if begins is not None and published is not None and begins > published:
                    continue  # "ready to sign next month, he said on Monday": said on Monday
                return (
                    date,
                    granularity,
                    time.text,
                    "report" if speech_verb is not None and verb.i == speech_verb.i else "clause",
                    True,
                )
        if paragraph_time is not None:
            day, granularity = paragraph_time
            return shifted(day, granularity, shift), granularity, None, "context", False
        if reference is not None and published is not None:
            first = first_day(reference[0])
            if first and 0 <= (published - first).days <= self.rules["reference_window_days"]:
                return shifted(reference[0], reference[1], shift), reference[1], None, "context", False
        if published is not None:
            return published.isoformat(), "day", None, "publication", False
        return None, None, None, "unresolved", False


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A date this close before publication is news, which the classifier reads best as news tells
# it ("on Tuesday"); our labels call history of more than about a year no event, and a weekly
# report's or an ACLED-style note's full date of some months ago is news
RECENT_DAYS = 365


def asked(sentences: list, quotes: list[Quote]) -> set[int]:
    """Indices of the sentences that ask a question in the article's own voice (an interviewer's
    "Will you resign?"): they tell no act. A question inside a quote is its speaker's rhetoric
    ("Why did we give this information to the Americans?") and is read as any other words."""
    out = set()
    for i, sent in enumerate(sentences):
        if not sent.text.rstrip().endswith("?"):
            continue
        if not any(q.start <= sent.start_char + 1 and sent.end_char - 2 <= q.end for q in quotes):
            out.add(i)
    return out


def as_news(sent, times: list[TimeExpr], published: dt.date | None) -> str:
    """The sentence as the classifier reads it: a calendar day in the year before publication
    (``RECENT_DAYS``; or in a text without one) written as its weekday ("On 11 August 2025, the RSF shelled"
    -> "On Monday, ..."), as news reports write it. The labelled sentences it learned from call
    what full dates tell of history (more than about a year), no event; a report of last
    Monday, or of some months ago in an ACLED-style note, is news."""
    text, offset = sent.text, sent.start_char
    for time in sorted(times, key=lambda t: t.start, reverse=True):
        day = to_day(time.value) if time.value and len(time.value) == 10 else None
        if day is None or not (sent.start_char <= time.start and time.end <= sent.end_char):
            continue
        if not any(c.isdigit() for c in time.text):
            continue  # "Monday", "yesterday": already as news tells it
        if published is not None and not 0 <= (published - day).days <= RECENT_DAYS:
            continue
        a, b = time.start - offset, time.end - offset
        text = text[:a] + WEEKDAYS[day.weekday()] + text[b:]
    return text


def _name_key(text: str) -> str:
    """A name without its articles and possessive, lowercased: "the ministry's" is "ministry"."""
    words = text.lower().replace("\u2019", "'").removesuffix("'s").split()
    return " ".join(w for w in words if w not in {"the", "a", "an"})


NOT_NAMES = PRONOUNS_FIRST | PRONOUNS_PERSON | PRONOUNS_GROUP | DEFINITE  # words no name opens with


def _named(text: str) -> bool:
    """Whether a phrase names someone by name (a capitalised word first, not a pronoun or "The")."""
    first = text.split()[0] if text.split() else ""
    return first[:1].isupper() and first.lower() not in NOT_NAMES


def _nobody(subj) -> bool:
    """Whether a subject names no one ("neither government", "no country", "none of them")."""
    return subj.lower_ in {"none", "nobody", "neither", "noone"} or any(
        c.dep_ == "det" and c.lower_ in {"no", "neither"} for c in subj.children
    )


def _own(head) -> bool:
    """Whether the noun phrase is owned by a possessive pronoun ("its right", "their border")."""
    return any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in head.children)


def _refusal_modes(event_type: str, aux: list[str]) -> list[str]:
    """A refusal is said now and is the negation it states: "will not allow", "does not
    recognise" are REJECT, neither negated nor future."""
    if event_type != "REJECT":
        return aux
    return [m for m in aux if m not in {"negation", "future"}]


def _not_acting(sent, start: int, end: int, report_verbs) -> bool:
    """Whether the words at *start*-*end* of the text name where an act is aimed ("sent to the
    border with X", "fired at X": the object of a preposition of direction) or who reports it
    ("X said fragments fell ...": the subject of a report verb), not who acts."""
    span = sent.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    while root.dep_ in {"compound", "amod", "nmod", "conj"} and root.head.i != root.i:
        root = root.head
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in report_verbs:
        return True
    return root.dep_ == "pobj" and root.head.lower_ in TARGET_PREPOSITIONS


def within(head, offset: int) -> bool:
    """Whether the character *offset* lies in the phrase *head* heads."""
    end = head.right_edge
    return head.left_edge.idx <= offset < end.idx + len(end.text)


def _says_that(verb) -> bool:
    """Whether a verb tells a clause introduced by "that" ("repeated that X must ..."): a
    verb of saying or thinking, whatever the verb."""
    return any(
        c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        for c in verb.children
    )


def _reports(verb) -> bool:
    """Whether a verb of saying reports words here: it has a clause or a quotation as its
    complement, or no object at all ("said on Tuesday"), rather than a thing as its object
    ("recalled its ambassador")."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "attr", "oprd"}]
    return not objects or any(
        c.dep_ in {"ccomp", "xcomp", "parataxis", "csubj"} or c.is_quote for c in verb.children
    ) or any(o.pos_ in {"PRON", "NUM"} or o.is_quote for o in objects)


def _characterises(verb) -> bool:
    """Whether a reported verb says what its subject is or does as a rule ("Russia scorns
    international law"): the simple present, no auxiliary; not a reported act ("had accused")."""
    return verb.tag_ in {"VBZ", "VBP"} and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)


def _catenative(verb) -> bool:
    """A verb whose only complement is another verb ("help launch", "helped to build"): it
    names no act of its own."""
    children = list(verb.children)
    verbal = any(c.dep_ in {"xcomp", "ccomp"} and c.pos_ in {"VERB", "AUX"} for c in children)
    return verbal and not any(c.dep_ in {"dobj", "dative", "iobj"} for c in children)


def _complement_of(clause, verbs) -> bool:
    """True when *clause* is the infinitive complement of one of *verbs* ("plans to strike")."""
    return clause.dep_ == "xcomp" and clause.head.lemma_.lower() in verbs


def _in_description(trigger: Trigger) -> bool:
    """Inside a clause that describes a thing ("a resolution that aims to tighten sanctions",
    "property seized by the state"), unless that thing is the event noun itself."""
    tok = trigger.clause
    if verbless_predicate(tok):
        return False
    for _ in range(6):
        if tells_when(tok):
            return False  # "late on Monday, when gunmen attacked ...": what happened then
        if tok.dep_ in {"relcl", "acl"}:
            if trigger.noun and tok.head.i == trigger.token.i:
                return False
            # "condemned Turkish air strikes that hit villages on Sunday": the clause tells
            # of the act its noun names, when it says when
            return not (tok.i == trigger.clause.i and _tells_an_act(tok))
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _two_word_event(noun) -> dict[str, Any] | None:
    """The event a noun names with its modifier ("hunger strike", "air strikes", "call-up"), if
    it does."""
    nouns, lemma = noun_events(), noun.lemma_.lower()
    doc, i = noun.doc, noun.i
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        # "call-up", "test-fire", "build-up": the tokenizer splits the hyphenated noun, which
        # may be written closed or open too ("pull-out" is a pullout, "air-strike" an air strike)
        first = doc[i - 2].lower_
        for joined in (f"{first}-{lemma}", f"{first}-{noun.lower_}", f"{first}{lemma}", f"{first} {lemma}"):
            if joined in nouns:
                return nouns[joined]
    for mod in noun.children:
        if mod.dep_ in {"compound", "amod"} and f"{mod.lemma_.lower()} {lemma}" in nouns:
            return nouns[f"{mod.lemma_.lower()} {lemma}"]
    return None


def _tells_an_act(clause) -> bool:
    """Whether a relative clause hangs on a noun of a violent act ("strikes that hit villages
    on Sunday") and states its time: that act, told."""
    if clause.dep_ != "relcl":
        return False
    noun = clause.head
    act = _two_word_event(noun) or noun_events().get(noun.lemma_.lower())  # "air strikes", "attack"
    return noun.pos_ == "NOUN" and act is not None and act["event"] == "ASSAULT" and any(
        t.ent_type_ in {"DATE", "TIME"} for t in clause.subtree
    )


def where_it_happened(document: Document, trigger: Trigger, sent, home: str | None) -> str | None:
    """The country of the place the sentence names nearest the trigger, else the article's
    home country, else the one country its paragraph's places name."""
    located = place_in(document.places, trigger, sent, countries=True)
    return located.country if located is not None else home or paragraph_country(document, sent)


DESTINATION_PREPOSITIONS = frozenset({"to", "towards", "toward", "into", "across", "with"})


def heading_for(document: Document, trigger: Trigger, sent) -> bool:
    """Whether the place nearest the trigger is where something goes, not where it is: the
    object of "to", "towards", "into", "across" or "(the border) with"."""
    located = place_in(document.places, trigger, sent, countries=True)
    span = sent.doc.char_span(located.start, located.end, alignment_mode="expand") if located else None
    if span is None:
        return False
    tok = span.root
    while tok.dep_ in {"compound", "amod", "nmod", "appos"} and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ in DESTINATION_PREPOSITIONS


def local_country(document: Document, trigger: Trigger, sent, home: str | None) -> str | None:
    """Where someone unnamed who acts belongs: where it happened, else the one country the
    sentence names."""
    return where_it_happened(document, trigger, sent, home) or sentence_country(document, sent)


def paragraph_country(document: Document, sent) -> str | None:
    """The one country of the places named in *sent*'s paragraph, if they name just one; a
    paragraph that names no place goes on with the one before it ("Riot police cleared the
    bridge ..." after a paragraph on the protest in Novi Sad)."""
    lo, hi = paragraph_bounds(document.text, sent.start_char)
    countries = {p.country for p in document.places if lo <= p.start < hi and p.country}
    if not countries and lo > 0:
        lo, hi = paragraph_bounds(document.text, sent.start_char, back=1)
        countries = {p.country for p in document.places if lo <= p.start < hi and p.country}
    return countries.pop() if len(countries) == 1 else None


def sentence_country(document: Document, sent) -> str | None:
    """The one country the sentence's entities name (people and bodies included), if just one."""
    codes = {
        e.code
        for e in document.entities
        if sent.start_char <= e.start < sent.end_char
        and e.code and len(e.code) == 3 and e.code not in NOT_COUNTRIES and e.label != "WEAPON"
    }
    return codes.pop() if len(codes) == 1 else None


def _on_foreigners(actors: list[Actor], recipients: list[Actor], sanctioning: list[str]) -> bool:
    """Whether a state's organs or a bloc act on people or bodies of other states only (each
    recipient a country's someone, with a sector: not a place, which a blockade closes)."""
    own = {a.code for a in actors}
    return (
        bool(recipients)
        and all(a.code and a.code != "UNK" and a.sector in (None, *sanctioning) for a in actors)
        and all(
            a.code and a.code not in NOT_COUNTRIES and a.code not in own and a.sector is not None
            for a in recipients
        )
    )


def home_country(document: Document, actors: ActorResolver) -> str | None:
    """The country an article reports from: its dateline's place, else the country its
    entities and places name most (at least twice and at least half of all mentions)."""
    if document.dateline:
        place = document.dateline.split(",")[0].split("(")[0].strip().title()
        code = actors.country_of(place)
        if not code:  # a dateline town the actor dictionaries do not know: the gazetteer's reading
            known = dateline_place(document.dateline, {p.country for p in document.places if p.country})
            code = known.country if known is not None else None
        if code:
            return code
    counts: dict[str, int] = {}
    spans = [(p.start, p.end) for p in document.places]
    unplaced = [e.code for e in document.entities if not any(a < e.end and e.start < b for a, b in spans)]
    for code in [p.country for p in document.places] + unplaced:  # "Managua" too, not only "the US"
        if code and len(code) == 3 and code not in NOT_COUNTRIES:
            counts[code] = counts.get(code, 0) + 1
    if not counts:
        return None
    best = max(counts, key=counts.get)
    if counts[best] >= 2 and counts[best] * 2 >= sum(counts.values()):
        return best
    return None


def main_events(triggers: list[Trigger]) -> list[Trigger]:
    """Drop descriptive clauses, subjects that are the act of their verb, and participle
    add-ons ("..., killing two") when the sentence's main clause has an event of its own."""
    kept = [t for t in triggers if not _in_description(t)]
    # "Fighting between A and B killed 15": the act whose subject it is tells the same event
    acts = {t.clause.i: t.spec["event"] for t in kept}
    kept = [
        t for t in kept
        if not (t.clause.dep_ in {"nsubj", "csubj"} and acts.get(t.clause.head.i) == t.spec["event"])
    ]
    main = {t.spec["event"] for t in kept if t.clause.dep_ in {"ROOT", "ccomp", "conj"}}
    if main:
        # "..., killing two" is the attack's toll; "..., accusing Kyiv of ..." is an act of its own
        kept = [
            t for t in kept
            if not (t.clause.dep_ == "advcl" and t.clause.tag_ in {"VBG", "VBN"})
            or (t.spec["event"] not in main and t.spec["event"] in rules()["speaker_acts"])
        ]
    return kept


def _spec_of(match) -> dict[str, Any]:
    return {
        "event": match.event,
        "mode": match.mode or None,
        "context": list(match.context or ()),
        "lexicon": True,
        "own": match.source == "redline",  # one of our own verb rows (verbs_extra.tsv), not CAMEO's
    }


def _following(verb) -> tuple[str, ...]:
    """The words a verb pattern reads after *verb*, as lemmas: its particles, then what it is
    done to, then the rest of its clause (eight words). In the passive, what it is done to is
    its subject: "prisoners were handed over to" reads as "handed over prisoner to", "a deal
    was struck" as "struck deal"."""
    doc = verb.doc
    after = list(doc[verb.i + 1 : verb.right_edge.i + 1])
    patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if patient is not None and patient.i < verb.i:
        particles = 0
        while particles < len(after) and after[particles].dep_ == "prt":
            particles += 1
        after = after[:particles] + [patient] + after[particles:]
    return tuple(t.lemma_.lower() for t in after[:8])


def _turns_force_to_cooperation(rule_type: str, label: str) -> bool:
    """Whether the classifier would make one of our own rules' uses of force ("retook the
    base") a cooperation ("retreat"): it reads whole sentences and such words poorly. A reading
    of no event (NONE) is no cooperation."""
    if label not in EVENT_TYPES:
        return False
    return quad_class(rule_type) == "material_conflict" and quad_class(label).endswith("cooperation")


def merge_events(coded: list[DatedEvent]) -> list[DatedEvent]:
    """Merge repeated mentions of the same event in one article."""
    merged: list[DatedEvent] = []
    for item in coded:
        for kept in merged:
            if same_event(kept, item):
                absorb(kept, item)
                break
        else:
            merged.append(item)
    # "Six people were killed in the raids": a toll by unknown hands reports an attack the
    # article names elsewhere, if it names one of that type on that day.
    return [
        item
        for item in merged
        if not item.unattributed
        or not any(
            other is not item and not other.unattributed and reports_toll_of(item, other) for other in merged
        )
    ]


def reports_toll_of(toll: DatedEvent, event: DatedEvent) -> bool:
    """Whether *toll*, an event read from its victims alone, is a report of *event*."""
    et, ee = toll.event, event.event
    if et.event != ee.event or "historical" in ee.mode:
        return False
    if dates_compatible(et.date, ee.date, et.date_granularity, ee.date_granularity):
        return True
    dt_, de = to_day(et.date), to_day(ee.date)
    return bool(dt_ and de and abs((dt_ - de).days) <= 1)


def own_town(event: Event) -> Place | None:
    """The town or district its text puts an event in, if any (its sentence's or paragraph's,
    not the dateline's; not a province or country)."""
    place = event.place
    if place is None or place.feature not in {"city", "admin2"} or place.start < 0:
        return None
    return place


def towns_apart(a: Place | None, b: Place | None) -> bool:
    """Whether two towns are too far apart to hold one event (a city and its own districts
    or suburbs are not)."""
    if a is None or b is None or (a.geonameid, a.name) == (b.geonameid, b.name):
        return False
    if None in (a.lat, a.lon, b.lat, b.lon):
        return True
    return haversine_km(a.lat, a.lon, b.lat, b.lon) > rules()["same_area_km"]  # type: ignore[arg-type]


def same_event(a: DatedEvent, b: DatedEvent) -> bool:
    ea, eb = a.event, b.event
    if ea.event != eb.event:
        return False
    if towns_apart(own_town(ea), own_town(eb)):
        return False  # arrests in one town and arrests in another are two events
    ma, mb = set(ea.mode) - AUX_MODES, set(eb.mode) - AUX_MODES
    if ma and mb and not ma & mb:
        return False  # a curfew and arrests are two coercions
    if ea.event in SPEECH_ACTS and ea.evidence != eb.evidence and a.own_date and b.own_date:
        return False  # two dated statements are two statements, even on one day
    if {m for m in ea.mode if m in STRICT_AUX} != {m for m in eb.mode if m in STRICT_AUX}:
        return False
    if ("historical" in ea.mode) != ("historical" in eb.mode):
        return False  # what a state has been since long ago is not the news told beside it
    if not ({x.code for x in ea.actor} & {x.code for x in eb.actor}):
        return False
    ra, rb = {x.code for x in ea.recipient}, {x.code for x in eb.recipient}
    if ra and rb and not (ra & rb):
        return False
    if dates_compatible(ea.date, eb.date, ea.date_granularity, eb.date_granularity):
        # "fired missiles at a ship" (told as news: today) and "attacked ships earlier this
        # month" (a month of its own) are two attacks, though the month holds the day
        # (nor is one told on a day, "..., the group said on Saturday")
        return not any(
            x.date_source in {"publication", "report"} and y.date_source == "clause"
            and y.date_granularity != "day"
            for x, y in ((ea, eb), (eb, ea))
        )
    # A date taken from the statement reporting an act ("..., the army said on Wednesday"), or
    # inherited from the story around it, or the publication's own day for a lead told without
    # one ("Soldiers have arrested a gang leader ... He was detained in a dawn raid on
    # Wednesday"), is a day on or after the act: the day after, or a few days after when the act
    # is told again with its own day ("... stormed the base late on Monday").
    deed = ea.event not in SPEECH_ACTS  # what is said twice may be said twice
    for reported, told in ((ea, eb), (eb, ea)):
        undated = reported.date_source == "report" or (
            # a lead's act with only the publication's day: the same actor, by its sector too
            # (rebels who attacked "overnight" are not the troops who clashed with them on Sunday)
            reported.date_source == "publication" and same_party(reported.actor, told.actor)
        )
        if not undated and not (deed and reported.date_source == "context"):
            continue
        dr, dt_ = to_day(reported.date), to_day(told.date)
        if not (dr and dt_ and len(reported.date or "") == len(told.date or "") == 10):
            continue
        lag = (dr - dt_).days
        if -1 <= lag <= (rules()["report_lag_days"] if deed and told.date_source == "clause" else 1):
            return True
    return False


DEFINITE_EVENT_DETERMINERS = DEFINITE | {"these", "those"}  # "after those strikes" too


def same_party(a: list[Actor], b: list[Actor]) -> bool:
    """Whether two actor lists share one party: a country, and its sector where both say it."""
    return any(
        x.code == y.code and (x.sector == y.sector or not x.sector or not y.sector) for x in a for y in b
    )


def absorb(kept: DatedEvent, other: DatedEvent) -> None:
    ek, eo = kept.event, other.event
    for name in ("actor", "recipient"):
        # one party named twice ("Moldova", "the government") is kept once, by its sector if known
        parties: list[Actor] = getattr(ek, name)
        for x in getattr(eo, name):
            same = [i for i, y in enumerate(parties)
                    if y.code == x.code and (y.sector == x.sector or not y.sector)]
            if not same and any(y.code == x.code for y in parties) and not x.sector:
                continue
            if same and not parties[same[0]].sector and x.sector:
                parties[same[0]] = x
            elif not same:
                parties.append(x)
    if (
        other.own_date
        and not kept.own_date
        or (other.own_date and more_specific(ek.date, eo.date) == eo.date and ek.date != eo.date)
        # "this week" (its Monday, a week) and "late on Monday" (that Monday, a day): the day
        or (other.own_date and ek.date == eo.date and finer(eo.date_granularity, ek.date_granularity))
        # the act's own day wins over the day it was told
        or (eo.date_source == "clause" and ek.date_source == "report" and eo.date_granularity == "day")
    ):
        ek.date, ek.date_source, ek.date_text = eo.date, eo.date_source, eo.date_text
        ek.date_granularity, kept.own_date = eo.date_granularity, True
    ek.mode.extend(m for m in eo.mode if m not in ek.mode and m not in STRICT_AUX)
    ek.context.extend(c for c in eo.context if c not in ek.context)
    ek.claimed_by = ek.claimed_by or eo.claimed_by
    ek.place = ek.place or eo.place
    if ek.confidence is not None and eo.confidence is not None:
        ek.confidence = calibration.merged(ek.confidence, eo.confidence)


def _confidence(
    trigger: Trigger,
    own_date: bool,
    recipients: list[Actor],
    claimed_by: Actor | None,
    event_type: str | None = None,
    belief: dict[str, float] | None = None,
    encoder: str = calibration.DEFAULT_MAP,
) -> float:
    """The calibrated probability that the event's type is right (see ``redline.code.calibration``);
    *belief* is the classifier's reading of the sentence, when it has one, *encoder* names
    the classifier whose map applies."""
    kind, claimed = event_type or trigger.spec["event"], claimed_by is not None
    main = calibration.main_clause(trigger.clause, rules()["report_verbs"])
    values = calibration.features(trigger.spec, kind, own_date, bool(recipients), claimed, belief, main)
    return calibration.confidence(values, encoder=encoder)


def _raises(verb) -> bool:
    """A passive with an infinitive after it ("Turkey is expected to approve", "is said to have
    fired"): its subject is the infinitive's, who acts, not someone acted on."""
    return any(c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"} for c in verb.children)


def _protested_at(prep) -> list:
    """What a protest outside or in front of something is aimed at ("rallied outside the
    Chinese embassy", "in front of parliament"): who the building stands for."""
    if prep.lower_ == "outside":
        return [g for g in prep.children if g.dep_ == "pobj"]
    if prep.lower_ == "in":  # "in front of X"
        return [
            g
            for front in prep.children
            if front.dep_ == "pobj" and front.lower_ == "front"
            for of in front.children
            if of.dep_ == "prep" and of.lower_ == "of"
            for g in of.children
            if g.dep_ == "pobj"
        ]
    return []


def _vessel(text: str, vessel_nouns: Set[str]) -> bool:
    """Whether a description names a ship ("a merchant ship", "two oil tankers")."""
    return any(w in vessel_nouns or w[:-1] in vessel_nouns for w in re.findall(r"[a-z]+", text.lower()))


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

