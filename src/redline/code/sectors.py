"""The PLOVER sector of a word for people that no dictionary lists, from its nearest listed words.

The agent dictionary (PETRARCH2's agents plus our sector table) names a few thousand words for
people and bodies with their sector: "medics" MED, "smugglers" CRM, "insurgents" REB. A news
report uses many more ("paramedics", "jihadis", "poachers"). Each one-word entry of the
dictionary is embedded with the static sentence encoder once; an unlisted head noun takes the
sector of its nearest entries when they are close enough (cosine >= ``MIN_SIMILARITY``) and
agree, so a word far from every listed one ("trucks", "buildings") gets no sector.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import numpy as np

from redline.actors import ActorResolver

MIN_SIMILARITY = 0.6
NEIGHBOURS = 3


class SectorGuesser:
    """Nearest-neighbour sectors over the embedded one-word agent entries."""

    def __init__(self, words: list[str], sectors: list[str], encoder) -> None:
        self.words, self.sectors, self.encoder = words, sectors, encoder
        self.vectors = self._embed(words)

    def _embed(self, words: list[str]) -> np.ndarray:
        vectors = np.asarray(self.encoder.encode(words), dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)

    @cache  # noqa: B019 - one guesser per process (see guesser()), lives as long as it
    def sector(self, word: str) -> str | None:
        """The sector of *word* (a lower-cased head noun), or None when nothing listed is near."""
        scores = self.vectors @ self._embed([word])[0]
        best = np.argsort(-scores)[:NEIGHBOURS]
        near = [self.sectors[i] for i in best if scores[i] >= MIN_SIMILARITY]
        if not near:
            return None
        sector, votes = Counter(near).most_common(1)[0]
        return sector if votes * 2 > len(near) or near[0] == sector else None


_GUESSERS: dict[int, SectorGuesser] = {}


def guesser(resolver: ActorResolver) -> SectorGuesser:
    """The guesser over *resolver*'s agent words (built once per resolver)."""
    if id(resolver) not in _GUESSERS:
        _GUESSERS[id(resolver)] = _build(resolver)
    return _GUESSERS[id(resolver)]


def _build(resolver: ActorResolver) -> SectorGuesser:
    from redline.code.classifier import load_static_encoder

    entries = sorted(
        (word, sector)
        for word, (code, sector) in resolver.agents.items()
        if sector and code is None and word.isalpha() and len(word) > 3
    )
    return SectorGuesser([w for w, _ in entries], [s for _, s in entries], load_static_encoder())
