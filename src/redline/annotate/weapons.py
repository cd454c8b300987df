"""Weapon systems and military units named in text.

``find_weapons`` tags named systems from ``data/weapons.json`` (Iskander, Polonez, HIMARS...;
case-sensitive, with variants such as "Iskander-M", "Iskander missile systems", "F-16s") and
generic categories (nuclear weapons, ballistic missiles, drones...; any case, with range and
capability modifiers such as "nuclear-capable short-range ballistic missiles"). Each entity
(label ``WEAPON``) carries ``attrs`` {name, class, capability, origin, description}.

``find_units`` tags military formations (label ``MIL_UNIT``): numbered units ("the 47th
Mechanized Brigade", "58th Combined Arms Army"), named brigades/regiments/battalions
("Azov Regiment") and the service branches and formations of ``data/units.json``
("Black Sea Fleet", "Wagner Group", "Airborne Forces"), with ``attrs`` {unit_type}.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from redline.data import load_json
from redline.records import Entity

__all__ = ["find_units", "find_weapons", "weapon_lexicon"]

# Nouns that may follow a system's name and belong to the mention ("Polonez multiple rocket launchers").
_HEADS = (
    r"(?:(?:multiple\s+)?(?:rocket\s+)?launchers?|(?:multiple\s+launch\s+)?rocket\s+systems?"
    r"|(?:(?:hypersonic|ballistic|cruise|anti-ship|air-launched|surface-to-air|interceptor)\s+)?missiles?"
    r"(?:\s+(?:systems?|complex(?:es)?|launchers?|batter(?:y|ies)))?"
    r"|(?:air[\s-]defen[cs]e\s+)?(?:systems?|batter(?:y|ies)|complex(?:es)?)"
    r"|(?:attack\s+|kamikaze\s+|combat\s+)?drones?|loitering\s+munitions?|(?:battle\s+)?tanks?"
    r"|(?:fighter\s+)?jets?|fighters?|aircraft|warplanes?|bombers?|helicopters?|howitzers?|rockets?"
    r"|interceptors?|shells?|munitions?|warheads?|(?:infantry\s+fighting\s+|armou?red\s+)?vehicles?"
    r"|glide\s+bombs?|bombs?)"
)
_HEAD_RE = re.compile(r"[\s-]+" + _HEADS + r"\b")
# Words near an ambiguous name ("Patriot", "Lancet", "Abrams") that show it is a weapon.
_CUES = re.compile(
    r"\b(?:missiles?|rockets?|drones?|strikes?|struck|launch\w*|fired|firing|shot\s+down|intercept\w*|"
    r"air[\s-]defen[cs]es?|munitions?|weapons?|tanks?|jets?|batter(?:y|ies)|systems?|deliver\w*|suppl\w+|"
    r"artillery|howitzers?|military\s+aid|arms|armou?red|shells?|warheads?|bombers?)\b",
    re.IGNORECASE,
)
_NOT_WEAPON_AFTER = re.compile(r"[\s-]+(?:Brigades?|Regiments?|Battalions?|Force|Forces|Movement|Party)\b")
_CAPITALISED_BEFORE = re.compile(r"\b[A-Z][a-z]+\s+$")
_NATIONALITY_BEFORE = re.compile(r"\b[A-Z][a-z]+(?:ian|an|ish|ese|i|ch)(?:-made|-built|-supplied)?\s+$")
_CUE_WINDOW = 80
# Modifiers in front of a generic category.
_RANGE = r"(?:short|medium|intermediate|long)[\s-]range"
_CAPABLE = r"nuclear[\s-](?:capable|armed|tipped)"
_MODIFIERS = rf"(?:(?:{_RANGE}|{_CAPABLE}|hypersonic|precision[\s-]guided|guided|supersonic)\s+)*"


@dataclass(frozen=True, slots=True)
class Weapon:
    name: str
    wclass: str
    capability: tuple[str, ...]
    origin: str | None
    description: str
    ambiguous: bool = False

    def attrs(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "class": self.wclass,
            "capability": list(self.capability),
            "origin": self.origin,
            "description": self.description,
        }


@dataclass(frozen=True, slots=True)
class WeaponLexicon:
    systems: dict[str, Weapon]  # alias -> weapon (case-sensitive)
    generic: dict[str, Weapon]  # lower-cased alias -> weapon
    system_re: re.Pattern[str]
    generic_re: re.Pattern[str]


def _alias_pattern(alias: str) -> str:
    """Escaped alias where a space or hyphen may be any of space, hyphen or nothing (Kh-101/Kh101)."""
    parts = re.split(r"[\s-]+", alias)
    return r"[\s-]?".join(re.escape(p) for p in parts)


def _description(cls: str, capability: list[str]) -> str:
    return " ".join([", ".join(capability), cls]).strip() if capability else cls


def _weapon(row: dict[str, Any]) -> Weapon:
    capability = list(row.get("capability") or [])
    return Weapon(
        name=row["name"],
        wclass=row["class"],
        capability=tuple(capability),
        origin=row.get("origin"),
        description=row.get("description") or _description(row["class"], capability),
        ambiguous=bool(row.get("ambiguous")),
    )


@lru_cache(maxsize=1)
def weapon_lexicon() -> WeaponLexicon:
    """The weapon list of ``data/weapons.json``, compiled once."""
    raw = load_json("weapons.json")
    systems: dict[str, Weapon] = {}
    generic: dict[str, Weapon] = {}
    for row in raw["systems"]:
        weapon = _weapon(row)
        for alias in [row["name"], *row.get("aliases", [])]:
            systems.setdefault(alias, weapon)
    for row in raw["generic"]:
        weapon = _weapon(row)
        for alias in [row["name"], *row.get("aliases", [])]:
            generic.setdefault(alias.lower(), weapon)
    names = sorted(systems, key=len, reverse=True)
    system_re = re.compile(
        r"(?<![\w/-])(?P<name>" + "|".join(_alias_pattern(a) for a in names) + r")(?:'?s|es)?(?![\w/])"
    )
    generic_names = sorted(generic, key=len, reverse=True)
    generic_re = re.compile(
        rf"(?<![\w-])(?P<mods>{_MODIFIERS})(?P<name>"
        + "|".join(_alias_pattern(a) for a in generic_names)
        + r")(?![\w-])",
        re.IGNORECASE,
    )
    return WeaponLexicon(systems, generic, system_re, generic_re)


def _key(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text).strip()


def _lookup(table: dict[str, Weapon], text: str, lower: bool = False) -> Weapon | None:
    if lower:
        text = text.lower()
    hit = table.get(text)
    if hit:
        return hit
    wanted = _key(text).replace(" ", "")
    for alias, weapon in table.items():  # spelling variant (Kh101 for Kh-101): rare, small table
        if _key(alias).replace(" ", "") == wanted:
            return weapon
    return None


def _is_weapon_use(text: str, start: int, end: int, has_head: bool) -> bool:
    """Whether an ambiguous name ("Patriot", "Lancet", "Abrams") is used as a weapon here."""
    if has_head:
        return True
    before = text[max(0, start - _CUE_WINDOW) : start]
    if (
        _CAPITALISED_BEFORE.search(before)
        and not _NATIONALITY_BEFORE.search(before)
        and not re.search(r"(?:^|[.!?]\s+)[A-Z][a-z]+\s+$", before)
    ):
        return False  # a person's surname or part of a longer name: "Elliott Abrams"
    return bool(_CUES.search(before) or _CUES.search(text[end : end + _CUE_WINDOW]))


def find_weapons(text: str) -> list[Entity]:
    """WEAPON entities for the weapon systems and weapon categories named in *text*."""
    lex = weapon_lexicon()
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for m in lex.system_re.finditer(text):
        weapon = _lookup(lex.systems, m.group("name"))
        if weapon is None or _NOT_WEAPON_AFTER.match(text, m.end()):
            continue
        end = m.end()
        head = _HEAD_RE.match(text, end)
        if head:
            end = head.end()
        if weapon.ambiguous and not _is_weapon_use(text, m.start(), end, head is not None):
            continue
        found.append(Entity(text[m.start() : end], m.start(), end, "WEAPON", attrs=weapon.attrs()))
        taken.append((m.start(), end))
    for m in lex.generic_re.finditer(text):
        start, end = m.start(), m.end()
        if any(s < end and start < e for s, e in taken):
            continue
        weapon = _lookup(lex.generic, m.group("name"), lower=True)
        if weapon is None:
            continue
        attrs = weapon.attrs()
        mods = m.group("mods").lower()
        if mods:
            attrs = _with_modifiers(attrs, mods)
        found.append(Entity(text[start:end], start, end, "WEAPON", attrs=attrs))
    found.sort(key=lambda e: e.start)
    return found


def _with_modifiers(attrs: dict[str, Any], mods: str) -> dict[str, Any]:
    """Class and capability of a generic weapon narrowed by its modifiers."""
    cls: str = attrs["class"]
    capability: list[str] = list(attrs["capability"])
    rng = re.search(_RANGE, mods)
    if rng and "range" not in cls:
        cls = re.sub(r"[\s-]+", "-", rng.group(0)) + " " + cls
    extra = []
    if re.search(_CAPABLE, mods):
        extra.append("nuclear-capable")
    for word in ("hypersonic", "supersonic"):
        if word in mods and word not in cls:
            extra.append(word)
    if re.search(r"guided", mods):
        extra.append("guided")
    for cap in extra:
        if cap not in capability:
            capability.append(cap)
    return {**attrs, "class": cls, "capability": capability, "description": _description(cls, capability)}


# ---------------------------------------------------------------- military units

_ORDINAL_UNIT = re.compile(
    r"\b(?:the\s+)?(?P<num>\d{1,4}(?:st|nd|rd|th))(?:\s+(?:Separate|Independent|Guards|Special|Operational))*"
    r"(?P<mid>(?:\s+(?:[A-Z][\w'’-]*|of|the))*?)\s+"
    r"(?P<type>Brigade|Regiment|Battalion|Division|Army|Corps|Fleet|Squadron|Wing|Company|Detachment|Flotilla"
    r"|Group|Legion|Centre|Center|Unit)s?\b"
)
_NAMED_UNIT = re.compile(
    r"\b(?:the\s+)?(?P<name>(?:(?:al|el|Al|El)-)?[A-Z][\w'’-]+(?:\s+(?:(?:al|el|Al|El)-)?[A-Z][\w'’-]+){0,2})\s+"
    r"(?P<type>Brigade|Regiment|Battalion|Legion)s?\b"
)
# Capitalised words that start a sentence or name a country, not a unit: "The Brigade", "Ukrainian Brigade".
_NOT_UNIT_NAME = set("The A An This That Each Every One His Her Their Its Our".split())


@lru_cache(maxsize=1)
def _unit_lexicon() -> tuple[dict[str, str], re.Pattern[str]]:
    raw = load_json("units.json")
    table: dict[str, str] = {}
    for row in raw["units"]:
        for name in [row["name"], *row.get("aliases", [])]:
            table.setdefault(name, row["unit_type"])
    names = sorted(table, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w-])(?:the\s+)?(?P<name>" + "|".join(re.escape(n) for n in names) + r")(?![\w-])"
    )
    return table, pattern


def _unit_type(word: str) -> str:
    return word.lower().rstrip("s") if word.lower() != "corps" else "corps"


def find_units(text: str) -> list[Entity]:
    """MIL_UNIT entities (numbered and named formations, fleets, service branches) in *text*."""
    table, pattern = _unit_lexicon()
    found: list[Entity] = []

    def add(start: int, end: int, unit_type: str) -> None:
        if text[start:end].lower().startswith("the "):
            start += 4
        for i, other in enumerate(found):
            if other.start < end and start < other.end:
                if end - start > other.end - other.start:
                    found[i] = Entity(text[start:end], start, end, "MIL_UNIT", attrs={"unit_type": unit_type})
                return
        found.append(Entity(text[start:end], start, end, "MIL_UNIT", attrs={"unit_type": unit_type}))

    for m in _ORDINAL_UNIT.finditer(text):
        add(m.start(), m.end(), _unit_type(m.group("type")))
    for m in pattern.finditer(text):
        add(m.start("name"), m.end(), table[m.group("name")])
    for m in _NAMED_UNIT.finditer(text):
        words = m.group("name").split()
        while words and words[0] in _NOT_UNIT_NAME:
            words.pop(0)
        if not words:
            continue
        start = m.end("name") - len(" ".join(words))
        add(start, m.end(), _unit_type(m.group("type")))
    found.sort(key=lambda e: e.start)
    return found
