"""Direct quotes and who said them.

``find_quotes`` finds text between double quotes (straight ``"``, curly “ ”, „ “ and « »),
including quotes that span several sentences and short in-sentence "scare" quotes, and
attributes a speaker from the parse around the quote:

* after the quote: ``"...," said X`` / ``"...," X said`` / ``"..." He added ...``;
* before it: ``X said: "..."`` / ``X warned that "..."``;
* ``according to X`` on either side;
* a quote that follows an attributed quote in the same paragraph (``"A," she said. "B."``)
  or that continues the previous paragraph's quote keeps that speaker.

Pronoun speakers (he/she) become the most recent PERSON that was the subject of a speech
verb (or, failing that, the most recent PERSON named in the preceding sentences); other
pronouns stay as written. Offsets are character offsets into ``doc.text`` of the quoted
words without the quote marks. ``speaker_code``/``speaker_sector`` are left to later stages.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

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
_NAME_DEPS = {"compound", "amod", "det", "poss", "nmod", "flat", "case"}
_RESOLVABLE = {"he", "she"}
_NAMED = {"PERSON", "ORG", "GPE", "NORP"}
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


def _name_of(token: Token) -> str:
    """The speaker phrase headed by *token*: a named entity or the head with its left modifiers."""
    if token.ent_type_ in _NAMED:
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        left = token.i
        while (
            left > 0
            and token.doc[left - 1].dep_ in ("compound", "amod")
            and token.doc[left - 1].head.i > left - 1
        ):
            left -= 1
        if ent is not None:
            return token.doc[min(left, ent.start) : max(ent.end, token.i + 1)].text
    left = token.i
    for child in token.lefts:
        if child.dep_ in _NAME_DEPS:
            left = min(left, child.left_edge.i)
        else:
            left = token.i
    return token.doc[left : token.i + 1].text


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            return child
    if verb.dep_ == "conj" and verb.head is not verb:
        return _subject(verb.head)
    return None


def _is_speech(token: Token) -> bool:
    return token.lemma_.lower() in SPEECH_VERBS and token.pos_ in ("VERB", "AUX")


def _according_to(tokens: list[Token]) -> Token | None:
    for i, tok in enumerate(tokens[:-2]):
        if tok.lower_ == "according" and tokens[i + 1].lower_ == "to":
            for cand in tokens[i + 2 :]:
                if cand.dep_ == "pobj" and cand.head.i == tokens[i + 1].i:
                    return cand
            return tokens[i + 2] if tokens[i + 2].pos_ in ("PROPN", "NOUN", "PRON") else None
    return None


def _speaker_after(doc: Doc, found: _Found, quoted: list[bool]) -> Token | None:
    """'"...," said X' / '"...," X said' / '"..." He added'."""
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
        if _is_speech(tok):
            subj = _subject(tok)
            if subj is not None and not quoted[subj.i] and subj.i > found.close_token:
                return subj
            if tok is words[0]:  # inverted: "said the minister" with no nsubj arc
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
            subj = _subject(tok)
            if subj is not None and not quoted[subj.i]:
                return subj
    return None


def _recent_person(doc: Doc, before: int, speech_people: list[tuple[int, str]]) -> str | None:
    """The most recent PERSON subject of a speech verb before token *before*, else the last PERSON named
    in the two preceding sentences."""
    said = [name for i, name in speech_people if i < before]
    if said:
        return said[-1]
    if before >= len(doc):
        return None
    sent = doc[before].sent
    floor = sent.start
    for _ in range(2):
        if floor == 0:
            break
        floor = doc[floor - 1].sent.start
    people = [e for e in doc.ents if e.label_ == "PERSON" and floor <= e.start and e.end <= before]
    return people[-1].text if people else None


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
    speech_people: list[tuple[int, str]] = []
    for tok in doc:
        if _is_speech(tok) and not quoted[tok.i]:
            subj = _subject(tok)
            if subj is not None and subj.ent_type_ == "PERSON" and not quoted[subj.i]:
                speech_people.append((tok.i, _name_of(subj)))

    previous: _Found | None = None
    for item in found:
        close_tok = doc.char_span(item.close, min(item.close + 1, len(text)), alignment_mode="expand")
        item.close_token = close_tok.start if close_tok is not None else len(doc)
        subj = _speaker_after(doc, item, quoted) if item.closed else None
        if subj is None:
            subj = _speaker_before(doc, item, quoted)
        if subj is not None:
            name = _name_of(subj)
            if subj.lower_ in _RESOLVABLE:
                name = _recent_person(doc, subj.i, speech_people) or subj.text
            item.quote.speaker = name
        elif previous is not None and previous.quote.speaker and _continues(text, previous, item):
            item.quote.speaker = previous.quote.speaker
        previous = item
    return [f.quote for f in found]


def _continues(text: str, previous: _Found, item: _Found) -> bool:
    """Whether *item* carries on *previous*'s quote: same paragraph, or the next paragraph after an
    unclosed quote or after a paragraph-long quote."""
    gap = text[previous.close + 1 : item.open]
    if "\n" not in gap:
        return len(gap) < 120
    if not previous.closed:
        return gap.strip() == ""
    return False
