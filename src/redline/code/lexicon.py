"""CAMEO verb-pattern lexicon with PLOVER codes, plus the event nouns and light verbs.

Data: ``data/plover/verbs.json`` (compiled from petrarch2's CAMEO.2.0.txt, MIT (c) Open Event
Data, by ``tools/compile_plover.py``), ``data/plover/verbs_extra.tsv`` (redline's own patterns and
default overrides, which win ties), ``data/plover/nouns.tsv`` (the one event-noun table, also read
by the coder through ``noun_events``) and the "clause" ``light_verbs`` of ``data/coder/rules.json``.

Matching: ``following`` is the clause after the verb as lowercase lemmas or words (particles,
objects, prepositions). A pattern matches when its literal words (after the verb) occur in
``following`` in order, gaps allowed; multi-word items ({...} phrases, synset members) must be
consecutive. CAMEO.2.0 comments name the verb each pattern was written for; when a verb has
patterns of its own, its synonyms' patterns are not applied to it. The most specific pattern
(most literal words matched) wins; ties go to redline's own entries, then to file order. Without a
matching pattern the verb's default (its bare CAMEO entry) applies. Actor placeholders
(``$`` source, ``+`` target, ``%``, ``^``) are kept in the data but not matched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from redline.code.plover import cameo_to_plover
from redline.code.rules import rules
from redline.data import load_json, load_tsv

# Light verbs whose event is named by an event noun anywhere after them in their clause ("carry out
# strikes", "hold talks"): the "clause" ones of the one light-verb list (``light_verbs`` in
# coder/rules.json; the coder also reads its "object" ones, whose direct object alone names it).
LIGHT_VERBS: frozenset[str] = frozenset(
    verb for verb, reach in rules()["light_verbs"].items() if reach == "clause"
)

_PLACEHOLDERS = frozenset({"$", "+", "%", "^", "*"})


@dataclass(frozen=True)
class LexiconMatch:
    event: str | None
    mode: str | None
    context: tuple[str, ...]
    cameo: str | None
    pattern_text: str
    specificity: int
    reverse: bool = False  # CAMEO "[:code]": the grammatical subject is the recipient
    source: str = "cameo"  # "cameo" | "redline" | "noun"


# An item is a tuple of alternatives; an alternative is a tuple of consecutive normalised words.
_Item = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class _Cand:
    pre: tuple[_Item, ...]
    post: tuple[_Item, ...]
    event: str | None
    mode: str | None
    context: tuple[str, ...]
    cameo: str | None
    text: str
    reverse: bool
    source: str
    origin_match: bool
    n_origin: int
    order: int
    is_default: bool


def _dash(v: str) -> str | None:
    v = v.strip()
    return None if v in ("", "-") else v


def _plural_norm(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")):
        return w[:-1]
    return w


class VerbLexicon:
    """CAMEO.2.0 verb patterns keyed by spaCy-style lowercase verb lemma."""

    def __init__(
        self,
        data: dict[str, Any],
        extra: Sequence[Mapping[str, str]],
        nouns: Mapping[str, Mapping[str, Any]],
    ) -> None:
        self._forms: dict[str, str] = data["forms"]
        self._synsets: dict[str, list[list[str]]] = data["synsets"]
        self._blocks: list[dict[str, Any]] = data["blocks"]
        self._patterns_by_block: dict[int, list[dict[str, Any]]] = {}
        for p in data["patterns"]:
            self._patterns_by_block.setdefault(p["block"], []).append(p)
        self._verbs: dict[str, list[dict[str, Any]]] = {}
        for v in data["verbs"]:
            self._verbs.setdefault(v["lemma"], []).append(v)
        self._extra: dict[str, list[Mapping[str, str]]] = {}
        for row in extra:
            self._extra.setdefault(row["lemma"].strip().lower(), []).append(row)
        self._nouns: dict[str, LexiconMatch] = {}
        for noun, spec in nouns.items():
            key = " ".join(_plural_norm(w) for w in noun.split())
            self._nouns[key] = LexiconMatch(
                event=spec["event"],
                mode=spec["mode"],
                context=tuple(spec["context"]),
                cameo=None,
                pattern_text=noun,
                specificity=len(key.split()),
                source="noun",
            )
        self._cands: dict[str, list[_Cand]] = {}
        self._item_of: dict[str, _Item | None] = {}  # a pattern word's alternatives, once per word

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls) -> VerbLexicon:
        """The packaged lexicon (cached)."""
        return _load()

    # ------------------------------------------------------------------ normalisation
    def norm(self, word: str) -> str:
        """Normalise a word for matching: lowercase, verb forms -> lemma, plural -> singular."""
        w = word.lower().strip()
        if w in self._forms:
            return self._forms[w]
        return _plural_norm(w)

    def lemma_of(self, word: str) -> str:
        """Verb lemma of an inflected form CAMEO lists (``overran`` -> ``overrun``), else the word."""
        w = word.lower()
        return self._forms.get(w, w)

    def _norm_seq(self, words: Sequence[str]) -> tuple[str, ...]:
        out: list[str] = []
        for w in words:
            for part in re.split(r"[-\s]+", w.lower()):
                if part:
                    out.append(self.norm(part))
        return tuple(out)

    def _item(self, tok: str) -> _Item | None:
        if tok in self._item_of:
            return self._item_of[tok]
        item = self._item_of[tok] = self._new_item(tok)
        return item

    def _new_item(self, tok: str) -> _Item | None:
        if tok in _PLACEHOLDERS:
            return None
        if tok.startswith("&"):
            members = self._synsets.get(tok, [])
            return tuple(dict.fromkeys(self._norm_seq(m) for m in members if m))
        return tuple(dict.fromkeys(self._norm_seq([alt]) for alt in tok.split("/") if alt))

    def _items(self, toks: Sequence[str]) -> tuple[_Item, ...]:
        return tuple(it for it in (self._item(t) for t in toks) if it)

    # ------------------------------------------------------------------ candidates
    def _candidates(self, lemma: str) -> list[_Cand]:
        if lemma in self._cands:
            return self._cands[lemma]
        cands: list[_Cand] = []
        order = 0
        for v in self._verbs.get(lemma, []):
            particle = self._items(v["particle"])
            cands.append(
                _Cand(
                    pre=(),
                    post=particle,
                    event=v["event"],
                    mode=v["mode"],
                    context=tuple(v["context"]),
                    cameo=v["code"],
                    text=" ".join([lemma, *v["particle"]]),
                    reverse=False,
                    source="cameo",
                    origin_match=True,
                    n_origin=0,
                    order=order,
                    is_default=True,
                )
            )
            order += 1
            block_pats = self._patterns_by_block.get(v["block"], [])
            own = [self._from_origin(p, lemma) for p in block_pats]
            # CAMEO notes the verb each pattern came from: when this verb has patterns of its
            # own, its synonyms' patterns do not apply to it (SEND's "send weapons" = aid,
            # but "deploy weapons" is not).
            restrict = any(own)
            for p, is_own in zip(block_pats, own, strict=True):
                if restrict and p["origin"] and not is_own:
                    continue
                post = self._items(p["post"])
                pre = self._items(p["pre"])
                if not post and not pre:
                    continue  # placeholder-only patterns: nothing to check here
                origin = p["origin"]
                cands.append(
                    _Cand(
                        pre=pre,
                        post=particle + post,
                        event=p["event"],
                        mode=p["mode"],
                        context=tuple(p["context"]),
                        cameo=p["code"],
                        text=p["text"],
                        reverse=p["reverse"],
                        source="cameo",
                        origin_match=is_own or not origin,
                        n_origin=len(origin),
                        order=order,
                        is_default=False,
                    )
                )
                order += 1
        for row in self._extra.get(lemma, []):
            particle_toks = (_dash(row["particle"]) or "").split()
            pattern_toks = (_dash(row["pattern"]) or "").split()
            event = _dash(row["event"])
            cands.append(
                _Cand(
                    pre=(),
                    post=self._items(particle_toks + pattern_toks),
                    event=event,
                    mode=_dash(row["mode"]),
                    context=tuple(c for c in row["context"].split(";") if _dash(c)),
                    cameo=None,
                    text=" ".join([lemma, *particle_toks, *pattern_toks]),
                    reverse=False,
                    source="redline",
                    origin_match=True,
                    n_origin=0,
                    order=order,
                    is_default=not pattern_toks,
                )
            )
            order += 1
        self._cands[lemma] = cands
        return cands

    def _from_origin(self, pattern: dict[str, Any], lemma: str) -> bool:
        return any(self.lemma_of(o.split("_")[0]) == lemma for o in pattern["origin"])

    # ------------------------------------------------------------------ matching
    @staticmethod
    def _match_items(items: tuple[_Item, ...], seq: tuple[str, ...]) -> int | None:
        """Literal words matched if all items occur in order in ``seq``, else None."""
        found = VerbLexicon._match_span(items, seq)
        return None if found is None else found[0]

    @staticmethod
    def _match_span(items: tuple[_Item, ...], seq: tuple[str, ...]) -> tuple[int, int] | None:
        """(literal words matched, where the match ends in ``seq``) if all items occur in order."""
        pos = 0
        total = 0
        for alts in items:
            best: tuple[int, int] | None = None  # (end, -len)
            for alt in alts:
                n = len(alt)
                for start in range(pos, len(seq) - n + 1):
                    if seq[start : start + n] == alt:
                        key = (start + n, -n)
                        if best is None or key < best:
                            best = key
                        break
            if best is None:
                return None
            pos = best[0]
            total += -best[1]
        return total, pos

    def match(
        self,
        lemma: str,
        following: Sequence[str] = (),
        preceding: Sequence[str] = (),
        include_dropped: bool = False,
    ) -> LexiconMatch | None:
        """Best PLOVER reading of verb ``lemma`` given the clause words after (and before) it.

        Returns None when the verb is unknown, or when the best reading has no PLOVER event
        (CAMEO statements/appeals, null codes) unless ``include_dropped``. For light verbs
        ("carry out", "hold", "launch") without a coded reading, an event noun in ``following``
        decides (source "noun") unless a pattern of the verb matched.
        """
        lem = lemma.lower().strip()
        cands = self._candidates(lem)
        if not cands and lem in self._forms:
            lem = self._forms[lem]
            cands = self._candidates(lem)
        fol = self._norm_seq(following)
        pre = self._norm_seq(preceding)
        best: tuple[tuple[int, ...], _Cand, int] | None = None
        for c in cands:
            found = self._match_span(c.post, fol)
            if found is None:
                continue
            spec, end = found
            if c.pre:
                pre_spec = self._match_items(c.pre, pre)
                if pre_spec is None:
                    continue
                spec += pre_spec
            key = (
                spec,
                -end,  # of two patterns as specific, the one whose words are nearer the verb: its object
                int(c.source == "redline"),
                int(not c.is_default or c.event is not None or c.source == "redline"),
                int(c.origin_match),
                -c.n_origin,
                -c.order,
            )
            if best is None or key > best[0]:
                best = (key, c, spec)
        result: LexiconMatch | None = None
        if best is not None:
            c, spec = best[1], best[2]
            result = LexiconMatch(
                event=c.event,
                mode=c.mode,
                context=c.context,
                cameo=c.cameo,
                pattern_text=c.text,
                specificity=spec,
                reverse=c.reverse,
                source=c.source,
            )
        weak = (
            result is None or result.event is None or (result.specificity == 0 and result.source == "cameo")
        )
        if weak and lem in LIGHT_VERBS:
            noun = self._noun_in(following)
            if noun is not None:
                return noun
        if result is not None and result.event is None and not include_dropped:
            return None
        return result

    def default(self, lemma: str) -> LexiconMatch | None:
        """The verb's bare reading (no pattern), or None."""
        return self.match(lemma, ())

    def __contains__(self, lemma: object) -> bool:
        return isinstance(lemma, str) and bool(self._candidates(lemma.lower()))

    # ------------------------------------------------------------------ nouns
    def match_noun(self, lemma: str, modifiers: Sequence[str] = ()) -> LexiconMatch | None:
        """Event noun reading: ``modifiers`` (compound/adjective lemmas) refine it when a
        two-word entry exists ("drone" + "strike" -> ASSAULT drone)."""
        head = _plural_norm(lemma.lower().strip())
        for m in modifiers:
            hit = self._nouns.get(f"{_plural_norm(m.lower())} {head}")
            if hit is not None:
                return hit
        return self._nouns.get(head)

    def _noun_in(self, words: Sequence[str]) -> LexiconMatch | None:
        seq = [_plural_norm(w.lower()) for w in words]
        for i, w in enumerate(seq):
            if i + 1 < len(seq):
                hit = self._nouns.get(f"{w} {seq[i + 1]}")
                if hit is not None:
                    return hit
            hit = self._nouns.get(w)
            if hit is not None:
                return hit
        return None


NOUNS = "plover/nouns.tsv"  # the one event-noun table


@cache
def noun_events() -> dict[str, dict[str, Any]]:
    """The event-noun table as the coder's rule specs: lowercase noun (or "modifier noun")
    -> ``{"event", "mode", "context"}`` (cached; treat as read-only)."""
    return {
        row["noun"].lower(): {
            "event": _dash(row["event"]),
            "mode": _dash(row["mode"]),
            "context": [c for c in row["context"].split(";") if _dash(c)],
        }
        for row in load_tsv(NOUNS)
    }


@cache
def _load() -> VerbLexicon:
    return VerbLexicon(load_json("plover/verbs.json"), load_tsv("plover/verbs_extra.tsv"), noun_events())


__all__ = ["LIGHT_VERBS", "NOUNS", "LexiconMatch", "VerbLexicon", "cameo_to_plover", "noun_events"]
