"""Actor resolution: noun phrases -> PLOVER actor codes and sectors.

``ActorResolver.load()`` gives the cached resolver; the module functions below use it.
"""

from __future__ import annotations

import datetime as dt

from redline.actors.resolver import ActorResolver, norm_key, role_at, tokenize
from redline.records import Actor, Entity

__all__ = ["ActorResolver", "country_of", "find_mentions", "norm_key", "resolve",
           "role_at", "sector_of", "tokenize"]


def resolve(phrase: str, when: dt.date | None = None) -> Actor | None:
    """Resolve an actor noun phrase with the shared resolver."""
    return ActorResolver.load().resolve(phrase, when)


def country_of(word: str) -> str | None:
    """ISO alpha-3 code of a country name, demonym or capital."""
    return ActorResolver.load().country_of(word)


def sector_of(words: str) -> str | None:
    """PLOVER sector of agent words."""
    return ActorResolver.load().sector_of(words)


def find_mentions(text: str, when: dt.date | None = None) -> list[Entity]:
    """Known actor names in text as ACTOR entities."""
    return ActorResolver.load().find_mentions(text, when)
