"""Direct quotes and who said them.

``find_quotes`` finds text between double quotes (straight ``"``, curly “ ”, „ “ and « »),
including quotes that span several sentences and short in-sentence "scare" quotes, and
attributes a speaker from the parse around the quote, in this order:

* after the quote: ``"...," said X`` / ``"...," X said`` / ``"..." He added ...``, when the
  quote opens its sentence or does not end it (a quote that ends its sentence mid-way is
  followed by another sentence), by a main verb, and not ``"...," the agency reported`` for a
  quote inside a sentence;
* before it: ``X said: "..."`` / ``X warned that "..."`` / ``X was blunter: "..."`` (the
  outer speech verb: ``X said Iran would respond "..."`` is X's);
* ``according to X`` on either side;
* the verb that governs a quote inside a sentence: ``"...", Interfax quoted X as saying``,
  ``X rejected it, calling it "..."``, ``X accused Y of "..."``;
* a quote that follows an attributed quote in the same paragraph (``"A," she said. "B."``)
  or that continues the previous paragraph's quote keeps that speaker; a quoted paragraph
  left open takes the speaker of the one that continues it; an interview's answer after a
  topic heading (``On the talks: "..."``) is the last person's who spoke or led a sentence.

The speaker is named as the article names it: a description's apposition ("His lawyer,
Chinedu Eze," -> Chinedu Eze), the person a title was given to before ("the minister" after
"Kenya's interior minister, Daniel Kiprono"), and for he/she/him/her the latest person who led
a sentence, spoke, or was quoted (else the last person named in the preceding sentences),
for "it" the last body that led a sentence; a document that "says" ("the statement read") is
its issuer's voice; a person named by one word keeps the fuller name given before ("Getachew"
-> "Getachew Alemu"). Other pronouns stay as written. People are the tagger's PERSON
entities and names it labelled otherwise that a PERSON entity or a description shows to be
people (:mod:`redline.annotate.people`). Offsets are character offsets into ``doc.text`` of
the quoted words without the quote marks. ``speaker_code``/``speaker_sector`` are left to
later stages (:mod:`redline.code.speakers`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from redline.annotate.people import (
    BODY_NOUNS,
    UNNAMED,
    People,
    defined_acronyms,
    name_of,
    recent_person,
    titled,
    window_start,
)
from redline.records import Quote

__all__ = ["SPEECH_VERBS", "find_quotes", "quote_spans"]

SPEECH_VERBS = frozenset(
    """say add tell warn claim note stress write state announce insist explain declare argue reply respond
    confirm deny continue conclude remark emphasize emphasise assert threaten vow pledge promise urge ask
    acknowledge admit recall predict suggest tweet post comment complain caution allege report reiterate
    underline underscore maintain observe quip shout scream cry whisper testify concede charge
    proclaim""".split()
)
_PAIRS = {"“": "”", "„": "“", "«": "»", '"': '"'}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_RESOLVABLE = {"he", "she", "him", "her"}
_RELAYS = {"report"}  # "..., the agency reported": who reports another's words
# documents that "say" what their issuer wrote: "the statement read"
_DOCUMENTS = {
    "statement", "transcript", "communique", "communiqué", "readout", "release", "bulletin", "letter",
    "report",
}
_FINITE = {"VBD", "VBZ", "VBP"}
_AFTER_VERB_REACH = 8  # tokens after a quote within which "X said" must start
_BEFORE_REACH = 40  # tokens before a quote searched for "X said:"


def quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """``(open, close, closed)`` offsets of the quote marks of each double-quoted stretch.

    ``close`` is the offset of the closing mark, or of the paragraph's end when a quote runs
    on into the next paragraph (``closed`` False then).
    """
    spans: list[tuple[int, int, bool]] = []
    pos = 0
    for para in text.split("\n"):
        start: int | None = None
        closer = ""
        for i, ch in enumerate(para):
            if start is None:
                if ch in _PAIRS and (ch != "“" or "”" in para[i + 1 :] or "„" not in para):
                    start, closer = i, _PAIRS[ch]
            elif ch == closer:
                spans.append((pos + start, pos + i, True))
                start = None
        if start is not None:
            end = len(para.rstrip())
            if end - start > 1:
                spans.append((pos + start, pos + end, False))
        pos += len(para) + 1
    return spans


@dataclass(slots=True)
class _Found:
    quote: Quote
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark (or paragraph end)
    closed: bool
    close_token: int = 0  # index of the token of the closing mark


def _content(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    return a, b


def _subject(verb: Token) -> Token | None:
    """The verb's subject, the one nearest the verb ("Outside court, the office said": the
    office), or its first conjunct's."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if subjects:
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    if verb.dep_ == "conj" and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


def _quoting(verb: Token) -> Token | None:
    """Who a "quoted ... as saying" verb quotes: "Interfax quoted the minister as saying" (the
    object), "the minister was quoted as saying" (the subject); None for other verbs."""
    if verb.lemma_.lower() in ("say", "saying") and verb.head.lower_ == "as":
        verb = verb.head.head
    if verb.lemma_.lower() != "quote":
        return None
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return objects[0] if objects else None


def _speech_subject(verb: Token) -> Token | None:
    return _quoting(verb) or _subject(verb)


def _is_speech(token: Token) -> bool:
    speech = token.lemma_.lower() in SPEECH_VERBS and token.pos_ in ("VERB", "AUX")
    return speech or _quoting(token) is not None


def _according_to(tokens: list[Token]) -> Token | None:
    for i, tok in enumerate(tokens[:-2]):
        if tok.lower_ == "according" and tokens[i + 1].lower_ == "to":
            for cand in tokens[i + 2 :]:
                if cand.dep_ == "pobj" and cand.head.i == tokens[i + 1].i:
                    return cand
            return tokens[i + 2] if tokens[i + 2].pos_ in ("PROPN", "NOUN", "PRON") else None
    return None


def _speaker_after(doc: Doc, found: _Found, quoted: list[bool], relayed: bool = True) -> Token | None:
    """'"...," said X' / '"...," X said' / '"..." He added'; with *relayed* False, not
    '"...," the agency reported'."""
    start = doc.char_span(found.close, found.close + 1, alignment_mode="expand")
    if start is None:
        return None
    window: list[Token] = []
    paragraph_end = doc.text.find("\n", found.close)  # the speaker is told in the quote's paragraph
    for tok in doc[start.end :]:
        if quoted[tok.i] or 0 <= paragraph_end <= tok.idx:
            break
        window.append(tok)
        if tok.text in (".", "!", "?", ";") or len(window) > 25:
            break
    words = [t for t in window if not t.is_punct]
    if not words:
        return None
    acc = _according_to(words)
    if acc is not None:
        return acc
    for tok in words[:_AFTER_VERB_REACH]:
        main = tok.dep_ in ("ROOT", "conj", "parataxis") and not any(c.dep_ == "mark" for c in tok.children)
        if _is_speech(tok) and main and (relayed or tok.lemma_.lower() not in _RELAYS):
            subj = _speech_subject(tok)
            if subj is not None and not quoted[subj.i] and subj.i > found.close_token:
                return subj
            if tok is words[0] and tok.tag_ in _FINITE:  # "said the minister" with no nsubj arc
                nxt = next((t for t in words[1:] if t.pos_ in ("PROPN", "NOUN", "PRON")), None)
                if nxt is not None:
                    return nxt
    return None


def _speaker_before(doc: Doc, found: _Found, quoted: list[bool]) -> Token | None:
    """'X said: "..."' / 'X warned that "..."' / 'According to X, "..."' in the quote's sentence."""
    span = doc.char_span(found.open, found.open + 1, alignment_mode="expand")
    if span is None:
        return None
    first = span.start
    sent_start = doc[first].sent.start
    # A quote that opens a sentence: look at the previous one too if it ends in ':'.
    if first == sent_start and first > 0:
        prev = doc[first - 1]
        if prev.text == ":":
            sent_start = prev.sent.start
    tokens = [t for t in doc[max(sent_start, first - _BEFORE_REACH) : first] if not quoted[t.i]]
    acc = _according_to(tokens)
    if acc is not None:
        return acc
    for tok in reversed(tokens):
        if _is_speech(tok):
            # "X said Iran would respond "decisively"": who said it, not what was said
            while tok.dep_ in ("ccomp", "xcomp") and _is_speech(tok.head) and not quoted[tok.head.i]:
                tok = tok.head
            subj = _speech_subject(tok)
            if subj is not None and not quoted[subj.i]:
                return subj
    if _after_colon(tokens) and not _topic(tokens):  # "A diplomat was blunter: "It was over.""
        for verb in reversed(tokens):
            subj = _subject(verb) if verb.pos_ in ("VERB", "AUX") else None
            if subj is not None and not quoted[subj.i] and _can_speak(subj):
                return subj
    return None


def _after_colon(tokens: list[Token]) -> bool:
    last = next((t for t in reversed(tokens) if not t.is_space), None)
    return last is not None and last.text == ":"


def _topic(tokens: list[Token]) -> bool:
    """Whether the words before a colon name a topic, not a speaker: "On whether the attacks
    set back the talks:" (an interview's question, told as a heading)."""
    words = [t for t in tokens if not t.is_space and not t.is_punct]
    return bool(words) and words[0].pos_ in ("ADP", "SCONJ")


def _governing(doc: Doc, found: _Found, quoted: list[bool]) -> Token | None:
    """The speaker of a quote inside a sentence with no speech verb next to it: the subject of
    the nearest speech verb that governs the quote ("Russia is ready to talk "without
    preconditions", Interfax quoted the minister as saying"), else the subject of the nearest
    verb that is not the content of another ("rejected the claim, calling it "a fabrication"",
    "accused him of "lying"", "X called it "blackmail", the agency reported")."""
    span = doc.char_span(found.open, min(found.close + 1, len(doc.text)), alignment_mode="expand")
    if span is None:
        return None
    words = [t for t in span if not t.is_punct] or list(span)
    tops = [t for t in words if not (span.start <= t.head.i < span.end) and t.head.i != t.i]
    chains = []
    for top in tops:
        chain, cur = [], top.head
        while True:
            if not quoted[cur.i] and cur.pos_ in ("VERB", "AUX"):
                chain.append(cur)
            if cur.head.i == cur.i:
                break
            cur = cur.head
        chains.append(chain)
    for chain in chains:
        for verb in chain:
            quoted_one = _quoting(verb)
            if quoted_one is not None and not quoted[quoted_one.i]:
                return quoted_one
    for chain in chains:
        for verb in chain:
            head = verb.head
            if verb.dep_ == "ccomp" and _subject(head) is not None and head.lemma_.lower() not in _RELAYS:
                continue  # "shot back that the opposition had "no plan"": who shot back said it
            subj = _subject(verb)
            if subj is not None and subj.lower_ in ("who", "that") and verb.dep_ == "relcl":
                subj = verb.head  # "the commissioner, who called the talks "fragile""
            if subj is not None and not quoted[subj.i] and _can_speak(subj):
                return subj
    return None


def _can_speak(token: Token) -> bool:
    """A noun, a name or he/she: not "it", "there", "this" or a clause."""
    return token.pos_ in ("NOUN", "PROPN") or token.lower_ in _RESOLVABLE


def _person_subjects(doc: Doc, quoted: list[bool], people: People) -> list[tuple[int, str]]:
    """``(token index, name)`` of each person who is the subject of a sentence's main verb or of a
    speech verb, and of each unnamed person described as the subject of a speech verb ("a
    resident said") or as "a medic who ...", in order. (The coder does not take such unnamed
    speakers as the actors of the quoted sentence's events.)"""
    out = []
    for tok in doc:
        if _someone(tok) and not quoted[tok.i] and any(  # "a medic who spoke on condition of anonymity"
            c.dep_ == "relcl" and any(w.lower_ == "who" for w in c.children) for c in tok.children
        ):
            out.append((tok.i, name_of(tok, people)))
            continue
        if tok.dep_ not in _SUBJECT_DEPS or quoted[tok.i]:
            continue
        verb = tok.head
        if not (_main(verb) or _is_speech(verb)) or quoted[verb.i]:
            continue
        person = people.named(tok)
        if people.of(person) is not None:
            out.append((tok.i, name_of(person, people)))
        elif (said := _speech_subject(verb)) is not None and said.i == tok.i and _someone(tok):
            out.append((tok.i, name_of(tok, people)))  # "A resident said ... "...," he said"
    return out


def _main(verb: Token) -> bool:
    """Whether *verb* is its sentence's main verb (or a conjunct of it)."""
    return verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")


def _someone(token: Token) -> bool:
    """Whether a noun describes one unnamed person: a singular noun after "a", "an", "one" or
    "another" ("a resident", "one witness"), not a body ("a ministry" is rare and said "it")."""
    dets = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod")}
    return token.tag_ == "NN" and bool(dets & UNNAMED)


def find_quotes(doc: Doc) -> list[Quote]:
    """Direct quotes of *doc* with their speakers (see the module docstring)."""
    text = doc.text
    spans = quote_spans(text)
    if not spans:
        return []
    quoted = [False] * len(doc)
    found: list[_Found] = []
    for open_, close, closed in spans:
        a, b = _content(text, open_ + 1, close)
        if a >= b:
            continue
        item = _Found(Quote(text=text[a:b], start=a, end=b), open_, close, closed)
        found.append(item)
        inside = doc.char_span(open_, min(close + 1, len(text)), alignment_mode="expand")
        if inside is not None:
            for i in range(inside.start, inside.end):
                quoted[i] = True
    people = People(doc)
    subjects = _person_subjects(doc, quoted, people)

    previous: _Found | None = None
    for item in found:
        close_tok = doc.char_span(item.close, min(item.close + 1, len(text)), alignment_mode="expand")
        item.close_token = close_tok.start if close_tok is not None else len(doc)
        subj = _attribution(doc, item, quoted)
        if subj is not None and subj.lower_ == "it":  # "the situation is under control," it said
            subj = _recent_body(doc, subj.i, people) or subj
        if subj is not None:
            if subj.lower_ in _RESOLVABLE:
                item.quote.speaker = recent_person(doc, subj.i, subjects, people) or subj.text
            else:
                subj = _issuer(subj) or subj
                named = people.named(subj)
                title = titled(subj, people) if named.i == subj.i else None  # not "X's spokesman, Y,"
                body = _body_named(doc, subj) if named.i == subj.i else None
                item.quote.speaker = title or body or people.full_name(named) or name_of(named, people)
                if people.of(named) is not None:  # "... MTI quoted him as saying": him is this speaker
                    bisect.insort(subjects, (subj.i, item.quote.speaker))
        elif previous is not None and previous.quote.speaker and _continues(text, previous, item):
            item.quote.speaker = previous.quote.speaker
        elif _introduced(doc, item):  # an interview's "On the talks: "...""
            item.quote.speaker = recent_person(doc, item.close_token, subjects, people)
        previous = item
    for item, after in zip(found, found[1:], strict=False):  # a quoted paragraph told by the next one
        if not item.closed and item.quote.speaker is None and _continues(text, item, after):
            item.quote.speaker = after.quote.speaker
    # "the ELN" after "the National Liberation Army (ELN)": the speaker by the name defined
    named: dict[str, str] = {}
    for name, acronym in defined_acronyms(text):
        named.setdefault(acronym, name)
    for item in found:
        speaker = item.quote.speaker or ""
        bare = speaker[4:] if speaker.lower().startswith("the ") else speaker
        if bare in named:
            item.quote.speaker = named[bare]
    return [f.quote for f in found]


def _body_named(doc: Doc, token: Token) -> str | None:
    """The organisation "the group", "the company" or "the bloc" means: the latest one the
    tagger named in its sentence or the three before as someone who acts or owns ("ECOWAS
    said ... the regional bloc said"), not a medium named ("on Telegram")."""
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
    if token.pos_ != "NOUN" or token.lemma_.lower() not in BODY_NOUNS or not definite:
        return None
    floor = window_start(doc, token.i, sentences=3)
    named = [
        e for e in doc.ents
        if e.label_ == "ORG" and floor <= e.start and e.end <= token.i
        and e.root.dep_ in {"nsubj", "nsubjpass", "poss", "appos"}  # an actor, not "on Telegram"
    ]
    return named[-1].text if named else None


def _recent_body(doc: Doc, before: int, people: People) -> Token | None:
    """The body an "it" that speaks means: the latest singular noun or name, not a person, that
    was the subject of a main verb in its sentence or the two before ("The ministry said ...
    "...," it added")."""
    for tok in reversed(doc[window_start(doc, before) : before]):
        if tok.dep_ not in _SUBJECT_DEPS or tok.tag_ not in ("NN", "NNP") or people.of(tok) is not None:
            continue
        if _main(tok.head):
            return tok
    return None


def _issuer(token: Token) -> Token | None:
    """Who issued a document that "says" something ("the statement read", "a transcript
    released by the presidency"): the body or person the article says issued it, there or
    where it first named such a document ("X said in a statement", "X issued a statement")."""
    if token.lemma_.lower() not in _DOCUMENTS or token.pos_ != "NOUN":
        return None
    mentions = [t for t in token.doc[: token.i + 1] if t.lemma_.lower() == token.lemma_.lower()]
    for doc_noun in reversed(mentions):
        for child in doc_noun.children:
            if child.dep_ in ("poss", "compound") and child.pos_ in ("NOUN", "PROPN"):
                return child  # "the ministry's statement", "a police report"
            if child.dep_ == "prep" and child.lower_ in ("from", "of", "by"):  # "a statement from X"
                owner = next((g for g in child.children if g.dep_ == "pobj"), None)
                if owner is not None and owner.pos_ in ("NOUN", "PROPN"):
                    return owner
            if child.dep_ == "acl":  # "a transcript released by the presidency"
                for agent in child.children:
                    owner = next((g for g in agent.children if g.dep_ == "pobj"), None)
                    if agent.dep_ == "agent" and owner is not None:
                        return owner
        verb = doc_noun.head.head if doc_noun.dep_ == "pobj" else doc_noun.head
        if doc_noun.dep_ in ("dobj", "pobj") and verb.pos_ == "VERB":  # "X said in a statement"
            subj = _subject(verb)
            if subj is not None and subj.i != token.i and _can_speak(subj):
                return subj
    return None


def _introduced(doc: Doc, item: _Found) -> bool:
    """Whether the quote follows a colon in its paragraph with no verb of its own before it
    ("On talks with the junta: "...""): the words of whoever the article is interviewing."""
    opening = doc.char_span(item.open, item.open + 1, alignment_mode="expand")
    if opening is None:
        return False
    before = [t for t in doc[opening.start].sent if t.i < opening.start and not t.is_space]
    return _after_colon(before) and (_topic(before) or not any(t.pos_ in ("VERB", "AUX") for t in before))


def _attribution(doc: Doc, item: _Found, quoted: list[bool]) -> Token | None:
    """The token naming who said *item*: told after a quote that opens its sentence or does not
    close it (a quote ending its sentence mid-way is followed by a new one), else before it in
    its sentence, else by the verb that governs it."""
    opening = doc.char_span(item.open, item.open + 1, alignment_mode="expand")
    opens_sentence = opening is None or not any(
        not t.is_punct for t in doc[opening.start].sent if t.i < opening.start
    )
    ends_sentence = item.quote.text.rstrip()[-1:] in ".!?"
    subj = None
    if item.closed and (opens_sentence or not ends_sentence):
        subj = _speaker_after(doc, item, quoted, relayed=opens_sentence)
    return subj or _speaker_before(doc, item, quoted) or _governing(doc, item, quoted)


def _continues(text: str, previous: _Found, item: _Found) -> bool:
    """Whether *item* carries on *previous*'s quote: same paragraph, or the next paragraph after an
    unclosed quote or after a paragraph-long quote."""
    gap = text[previous.close + 1 : item.open]
    if "\n" not in gap:
        return len(gap) < 120
    if not previous.closed:
        return gap.strip() == ""
    return False
