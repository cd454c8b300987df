"""When a clause's event happened, from its parse: the time stated in the clause itself, the
clauses that share a time with it (a coordinated verb, the verb a participle hangs on, the
clause an after/when clause is told beside), counts of days between them ("two days after"),
the time a paragraph's narrative is at, and whether a period is history by the publication day.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from redline.annotate.times.words import words_to_int
from redline.code.dates import event_date
from redline.code.rules import rules
from redline.records import TimeExpr
from redline.timespans import date_bounds


@cache
def _time_nouns() -> frozenset[str]:
    """Nouns that are times themselves ("evening", "dawn"): the coder's rules.json."""
    return frozenset(rules()["time_nouns"])


@cache
def _telling_nouns() -> frozenset[str]:
    """The occasions words are said on ("in a statement on Thursday"): the coder's rules.json."""
    return frozenset(rules()["telling_nouns"])


_DAYS_IN = {"day": 1, "week": 7}


def counted_days(unit) -> int | None:
    """The days a unit noun counts with its number: 1 for "a day", 2 for "two days", 7 for "a
    week"; None for another noun or a count that is no number."""
    days = _DAYS_IN.get(unit.lemma_.lower())
    if days is None:
        return None
    count = next((c for c in unit.children if c.dep_ in {"nummod", "det"}), None)
    n = 1 if count is None or count.lower_ in {"a", "an", "one"} else words_to_int(count.text)
    return None if n is None else n * days


SHORT_WHILE = frozenset(
    {"shortly", "soon", "just", "immediately", "moments", "minute", "minutes", "hour", "hours"}
)  # "hours after the arrest": the same day


def after_preps(clause) -> list[tuple]:
    """The "after"/"following" phrases on *clause*, each with the while it counts, if any:
    "Hours after the arrest" (the unit hangs on the preposition) and "A day after the attack"
    (the preposition hangs on the unit)."""
    found = []
    for c in clause.children:
        if c.dep_ == "prep" and c.lower_ in {"after", "following"}:
            found.append((c, next((u for u in c.children if u.dep_ in {"npadvmod", "advmod"}), None)))
        elif c.dep_ == "npadvmod":
            found += [(p, c) for p in c.children if p.dep_ == "prep" and p.lower_ in {"after", "following"}]
    return found


def while_in_days(unit) -> int | None:
    """Days a stated while after an event adds: 0 for "hours", "shortly", 1 for "a day", 2 for
    "two days", 7 for "a week"; None when no while is stated."""
    if unit is None:
        return None
    if unit.lower_ in SHORT_WHILE or unit.lemma_.lower() in SHORT_WHILE:
        return 0
    return counted_days(unit)


def days_apart(clause) -> int:
    """Days from the clause an after/before clause hangs on to that clause: -2 for "(came) two
    days after X met Y", +7 for "a week before"; 0 without such a count."""
    mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ in {"after", "before"}), None)
    if clause.dep_ != "advcl" or mark is None:
        return 0
    for holder in (mark, clause):
        for unit in holder.children:
            if unit.dep_ != "npadvmod" or unit.lemma_.lower() not in _DAYS_IN:
                continue
            days = counted_days(unit)
            return 0 if days is None else (-1 if mark.lower_ == "after" else 1) * days
    return 0


def shifted(date: str, granularity: str | None, days: int) -> str:
    """A day *days* later (earlier when negative); other granularities as they are."""
    if not days or granularity != "day":
        return date
    return (dt.date.fromisoformat(date[:10]) + dt.timedelta(days=days)).isoformat()


def told_before(sent, times: list[TimeExpr], published: dt.date | None, lo: int):
    """The latest date stated in *sent*'s paragraph (which starts at offset *lo*) before it, as
    (date, granularity): the time a narrative is at ("In 1981 he commanded a tank regiment. He
    refused to ..."), else None."""
    for time in sorted(times, key=lambda t: t.start, reverse=True):
        if lo <= time.start < sent.start_char:
            date, granularity = event_date(time.value, published)
            if date is not None:
                return date, granularity
    return None

_LINE_OPENERS = frozenset(" \t\u2022\u00b7*-\u2013\u2014>")  # bullets and spaces before a line's first word
_ENTRY_MARKS = ("\u2013", "\u2014", "-", ":")  # "17 January – ...", "March 3: ..."


def entry_time(sent, times: list[TimeExpr], before: int, published: dt.date | None):
    """The date that heads the line of a timeline or dated list *before* offset *before* lies
    in ("• 17 January – The army retakes the town", "March 3: talks resume"), as (date,
    granularity): the time of what that line tells when its clause states none; else None."""
    text = None
    for time in sorted(times, key=lambda t: t.start, reverse=True):
        if not sent.start_char <= time.start < before:
            continue
        text = text or sent.doc.text  # built from every token: only when a time is in range
        line_start = text.rfind("\n", 0, time.start) + 1
        if text.find("\n", time.end, before) != -1:
            continue  # a line above the event's
        if not all(c in _LINE_OPENERS for c in text[line_start : time.start]):
            continue
        if not text[time.end : before].lstrip(" ").startswith(_ENTRY_MARKS):
            continue
        date, granularity = event_date(time.value, published)
        if date is not None:
            return date, granularity
    return None


def verbless_predicate(clause) -> bool:
    """The parser sometimes reads a headline-like sentence ("Doctors from two aid groups
    donated goods", "Troops deployed to the border") as one noun phrase with a reduced
    relative clause, and a report told first ("Insurgents killed nine civilians, officials
    said") as a subject with such a clause beside the reporter's. There, the clause is the
    predicate (:func:`predicate_subject` is whose)."""
    return predicate_subject(clause) is not None


def predicate_subject(clause):
    """The noun a misread predicate (:func:`verbless_predicate`) tells of, else None: the root
    of a sentence without a verb at its root, or the first of two subjects the parser gave a
    verb of saying ("insurgents" in "Insurgents killed nine, officials said")."""
    verb = clause.head if clause.dep_ == "conj" else clause
    if verb.dep_ != "acl" or verb.tag_ not in {"VBD", "VBN"}:
        return None
    root = clause.sent.root
    if root.pos_ in {"NOUN", "PROPN"} and verb.i > root.i and root.is_ancestor(verb):
        return root
    noun, teller = verb.head, verb.head.head
    # the teller: another subject of the verb, or one the parser joined to the first
    # ("insurgents killed nine ..., local officials and a church source said")
    later = [c for c in (*teller.children, *noun.children) if c.dep_ in {"nsubj", "conj"} and c.i > verb.i]
    # or a verb that tells nothing else after a comma ("..., elders and a police source said")
    bare = not any(c.dep_ in {"ccomp", "xcomp", "dobj"} for c in teller.children) and any(
        t.text == "," for t in verb.doc[verb.i + 1 : teller.i]
    )
    if noun.dep_ == "nsubj" and noun.i < verb.i and (later or bare) and teller.pos_ in {"VERB", "AUX"}:
        return noun
    return None

# Prepositions whose time bounds a span rather than dating what happens: "attacked since
# 2007", "held the town until 2020".
SPAN_BOUNDS = frozenset({"since", "until", "till"})


def lasting_since(clause, times: list[TimeExpr], published: dt.date | None) -> bool | None:
    """Whether a perfect clause tells a state that has lasted since long ago: "troops have
    been allowed to train there since before the war", "has held the town since 2019" (True),
    "have killed 30 people since Monday" (False: it began in the news's own days). None when
    the clause is not a perfect one bounded by "since". A start with no time ("since the
    coup") counts as long ago: what is new is told with its day; a time without a day ("since
    6am") is the news's own day. *times*: all the document's times."""
    if not any(c.dep_ in {"aux", "auxpass"} and c.lemma_ == "have" for c in clause.children):
        return None
    chain = [clause, *(c for c in clause.children if c.dep_ == "xcomp")]  # "allowed to train ... since"
    bound = next((c for v in chain for c in v.children if c.dep_ == "prep" and c.lower_ == "since"), None)
    if bound is None:
        return None
    start, end = bound.idx, bound.right_edge.idx + 1
    for time in times:
        if start <= time.start < end:
            date, _ = event_date(time.value, published)
            if date is None:
                return False  # "since 6am": a time of the news's own day
            return published is not None and long_before(date, published, rules()["historical_days"])
    return True


def _occasion(participle) -> bool:
    """Whether an adverbial clause is a fronted participle of the same subject that sets the
    occasion ("Speaking at a briefing on Wednesday, X warned"): before its verb, no subject or
    conjunction of its own."""
    return (
        participle.tag_ == "VBG"
        and participle.i < participle.head.i
        and not any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in participle.children)
    )


def time_in_clause(
    clause, trigger_token, times: list[TimeExpr], intent: bool = False, said: bool = False
) -> TimeExpr | None:
    """The date expression stated in *clause* itself (not in a nested clause), nearest the
    trigger; not a time that only bounds a span ("since 2007"), nor one the parser hung on the
    clause that tells when it was reported (:func:`report_times`); a date on the subject only
    when the clause states no other (:func:`names_the_subjects_act`). For an *intent* (an
    agreement, promise, threat or demand) not the time of what is intended either: "agreed to
    open two markets before the end of the year" was agreed when it was told, and "was ready to
    sign tomorrow" when it was said. For what is *said* (an accusation, a demand, praise) not a
    time inside its object either: "expressed concern over the use of water cannon earlier this
    month" dates the water cannon."""
    spans: list[tuple[int, int]] = []
    fallback: list[tuple[int, int]] = []  # a date on the subject ("the 2018 agreement")
    stack = [clause]
    reports = report_times(clause)
    said_of: dict[int, int] = {}  # tokens of a said act's object: how deep below it
    while stack:
        tok = stack.pop()
        spans.append((tok.idx, tok.idx + len(tok.text)))
        telling = said and tok.lemma_.lower() in _telling_nouns()
        own = tok.i == clause.i or tok.dep_ == "acomp" and tok.head.i == clause.i
        for c in tok.children:
            if intent and c.dep_ == "xcomp" and own:
                continue  # "agreed to open ... by May", "was ready to sign ... tomorrow": what is intended
            if said and not telling and (tok.i == clause.i and c.dep_ == "dobj" or tok.i in said_of):
                # deep in what is said about: "concern over [the use ... earlier this month]";
                # "condemned the attack on Monday" keeps its Monday (the parser's attachment),
                # and "rejected the measures in a statement on Thursday" the statement's day
                depth = said_of.get(tok.i, -1) + 1
                if depth > 2:
                    continue
                said_of[c.i] = depth
            if c.dep_ in {"ccomp", "advcl", "relcl", "parataxis"} and c.pos_ in {"VERB", "AUX"}:
                if c.dep_ == "ccomp":  # "said on Monday it had ...": the saying's own time
                    stack.extend(c.doc[i] for i in report_times(c))
                elif tok.i == clause.i and _occasion(c):
                    stack.append(c)  # "Speaking at a briefing on Wednesday, she warned ..."
                continue
            if c.i in reports:
                continue
            if c.dep_ == "prep" and c.lower_ in SPAN_BOUNDS:
                continue
            if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}:
                continue
            if c.dep_ == "acl" and c.pos_ == "VERB" and tok.dep_ in {"nsubj", "nsubjpass"}:
                # "a ship seized in April was released on Monday": the subject's own past, only
                # when the clause states no time ("an attack carried out on Monday killed five")
                fallback += [(t.idx, t.idx + len(t.text)) for t in c.subtree]
                continue
            if describes_thing(c, tok, trigger_token):
                if names_the_subjects_act(c, tok, clause):
                    fallback.append((c.idx, c.idx + len(c.text)))
                continue
            stack.append(c)
    spans += orphaned_objects(clause)
    best, best_distance = None, None
    for group in (spans, fallback):
        for time in times:
            if any(s <= time.start < e for s, e in group):
                distance = abs(time.start - trigger_token.idx)
                if best_distance is None or distance < best_distance:
                    best, best_distance = time, distance
        if best is not None:
            break
    return best


def orphaned_objects(clause) -> list[tuple[int, int]]:
    """The word after a preposition the parser hung on *clause* without its object: in "On
    Tuesday Kenya's minister accused ...", "Tuesday" went into the subject, its "On" stayed
    with the verb, and the time is still the clause's."""
    doc = clause.doc
    bare = [
        c for c in clause.children
        if c.dep_ == "prep" and c.i + 1 < len(doc)
        and not any(g.dep_ in {"pobj", "pcomp"} for g in c.children)
    ]
    return [(doc[c.i + 1].idx, doc[c.i + 1].idx + len(doc[c.i + 1].text)) for c in bare]


def names_the_subjects_act(modifier, noun, clause) -> bool:
    """Whether *modifier* dates the clause's subject ("The 2018 peace agreement ended the war"):
    the time of what the clause tells when it states no other."""
    return noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.i == clause.i and modifier.dep_ in {
        "compound", "amod", "nummod", "nmod"
    }


SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


def report_times(clause) -> set[int]:
    """Time phrases the parser hung on a reported clause that sit between the verb reporting it
    and the clause's subject, with no "that" before them: "said on Monday it had repelled an
    attack the previous night" tells when it was said, not when it was done."""
    if clause.dep_ != "ccomp" or clause.head.i > clause.i:
        return set()
    subject = next((c for c in clause.children if c.dep_ in SUBJECTS), None)
    if subject is None:
        return set()
    marks = [c.i for c in clause.children if c.dep_ == "mark"]
    return {
        c.i
        for c in clause.children
        if c.dep_ in {"prep", "npadvmod"}
        and clause.head.i < c.i < subject.left_edge.i
        and not any(m < c.i for m in marks)
    }


# after/when/while clauses are told by the time of the clause they hang on
TEMPORAL_MARKS = frozenset({"after", "when", "as", "while", "before", "until"})


def tells_when(clause) -> bool:
    """Whether a relative clause on a time says what happened at it ("on Monday, when gunmen
    attacked", "the night when the shelling began"): introduced by "when", on a date or time."""
    time = clause.head
    return (
        clause.dep_ == "relcl"
        and any(c.lower_ == "when" and c.i < clause.i for c in clause.children)
        and (time.ent_type_ in {"DATE", "TIME"} or time.lemma_.lower() in _time_nouns())
    )


CIRCUMSTANCES = frozenset({"in", "during", "amid", "amidst"})  # "(stayed home) in a strike", "amid protests"


def time_partners(clause) -> list:
    """Clauses that share *clause*'s time when it names no subject of its own: the verb a
    participle hangs on ("went on strike on Monday, demanding wages"), the verb it is
    coordinated with ("stormed and looted the town on Sunday"), and the noun a misparsed
    predicate hangs on; and the clause an after/when/while clause is told beside, subject or not.
    With a subject of its own, the verbs coordinated with it that share it ("killed 11 and
    wounded 84 on Sunday")."""
    if (noun := predicate_subject(clause)) is not None:
        # "On 2 May, 200 people protested ...": the date hangs on "people"; but not the time
        # the tellers of "..., officials said Tuesday" told it
        return [noun] if noun.dep_ != "nsubj" else []
    if tells_when(clause):
        # "began late on Monday, when gunmen attacked": the verb the time is told with
        holder = clause.head
        for _ in range(3):
            if holder.pos_ in {"VERB", "AUX"} or holder.head.i == holder.i:
                break
            holder = holder.head
        return [holder] if holder.pos_ in {"VERB", "AUX"} else []
    if clause.dep_ == "advcl" and clause.head.pos_ in {"VERB", "AUX"} and any(
        c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in clause.children
    ):
        return [clause.head]  # "froze the talks in September after the rebels attacked a base"
    # "a strike killed 11 and wounded 84 on Sunday": a conjunct sharing the subject shares the time
    partners = [
        c for c in clause.children
        if c.dep_ == "conj" and c.pos_ == "VERB" and not any(g.dep_ in SUBJECTS for g in c.children)
    ]
    if any(c.dep_ in SUBJECTS for c in clause.children):
        return partners
    head = clause.head
    if head.i != clause.i and head.pos_ in {"VERB", "AUX"} and (
        clause.dep_ == "conj" or (clause.dep_ == "advcl" and clause.tag_ in {"VBG", "VBN"})
    ):
        partners.insert(0, head)
    circumstance = head.head if head.dep_ == "pobj" else None
    if clause.dep_ == "acl" and circumstance is not None and circumstance.lower_ in CIRCUMSTANCES:
        # "stayed home on Monday in a strike called by the unions": the strike is when they stayed home
        if circumstance.head.pos_ in {"VERB", "AUX"}:
            partners.insert(0, circumstance.head)
    return partners


def all_time_partners(clause, depth: int = 3) -> list:
    """:func:`time_partners`, and theirs in turn, nearest first ("expanded its sanctions on
    Friday, adding ... and banning ...": "banning" shares "adding"'s time, which is
    "expanded"'s)."""
    found: list = []
    frontier = [clause]
    for _ in range(depth):
        step = [p for c in frontier for p in time_partners(c) if p.i != clause.i and p not in found]
        if not step:
            break
        found += step
        frontier = step
    return found


def names_a_time(preposition) -> bool:
    """Whether a preposition's object is a time ("on Tuesday", "at dawn"), not a target."""
    objects = [c for c in preposition.children if c.dep_ == "pobj"]
    return bool(objects) and all(
        o.ent_type_ in {"DATE", "TIME"}
        or o.lower_ in _time_nouns()
        or (o.ent_type_ == "EVENT" and o.lower_ in {"day", "eve"})  # "on Independence Day"
        for o in objects
    )


def describes_thing(modifier, noun, trigger_token) -> bool:
    """Whether *modifier* is a date that describes a thing named in the clause rather than
    dating the event: "a violation of the 1974 agreement", "the winner of last week's
    election", "sentenced over last week's protests", but not "the March 3 attack" (the event's
    own noun), "Monday's raid killed five" (a possessive on the subject) or "in the 2021
    election" (a noun whose preposition, not one of cause or topic, sets the clause's time)."""
    if modifier.dep_ not in {"compound", "amod", "nummod", "nmod", "poss"} or modifier.ent_type_ != "DATE":
        return False
    if noun.pos_ not in {"NOUN", "PROPN"} or noun.i == trigger_token.i or noun.ent_type_ == "DATE":
        return False
    if noun.lower_ in _time_nouns():
        return False  # "on Monday evening": the noun is a time itself
    if modifier.dep_ == "poss" and noun.dep_ in {"nsubj", "nsubjpass"}:
        return False  # "Monday's raid killed five": what the clause tells happened then
    temporal = (
        noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in {"VERB", "AUX"}
        and noun.head.lower_ not in _CAUSE_PREPOSITIONS
    )
    return not temporal


# Prepositions whose object is a cause or a topic ("sentenced over last week's protests"), not
# a time the clause is at ("in the 2021 election", "under the 1956 declaration")
_CAUSE_PREPOSITIONS = frozenset({"over", "for", "about", "against", "regarding", "concerning"})


def first_day(date: str) -> dt.date | None:
    span = date_bounds(date)
    return span[0] if span else None


def long_before(date: str, published: dt.date, days: int) -> bool:
    """Whether the period *date* names began more than *days* before *published* and ended
    before it: "in 2021" is history, "in the spring" (2025, a year) told in March 2025 is not."""
    span = date_bounds(date)
    return span is not None and (published - span[0]).days > days and span[1] < published
