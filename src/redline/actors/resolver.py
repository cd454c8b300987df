"""Dictionary-based resolution of actor noun phrases to PLOVER (code, sector).

Data (src/redline/data/actors/): compiled petrarch2 dictionaries (countries.json,
actors.json, agents.json; see tools/compile_actors.py and NOTICE) plus hand-written
leaders.tsv, groups.tsv, sectors.tsv and demonyms.tsv, which take precedence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from redline.data import load_text, read_json
from redline.records import Actor, Entity

IGO_BODIES = {"UNO", "EUR"}  # coded IGO, as in the PLOVER gold standard; the body goes to Actor.org

Role = tuple[str | None, str | None, int | None, int | None]

MAX_SPAN = 8
STALE_AFTER = 20181231  # petrarch2 open-ended roles are not trusted after this day
WORD_RE = re.compile(r"[^\W_][\w.'’&/\-]*")
DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these",
               "those", "some", "several", "many", "two", "three", "four", "five", "both",
               "other", "another", "all", "most", "any", "no", "our", "my", "your"}
PREPOSITIONS = {"in", "at", "from", "near", "on", "of", "for", "with", "to", "inside",
                "across", "outside", "along", "around", "by", "into", "over", "under",
                "who", "which", "that", "after", "during", "against", "loyal", "linked",
                "close", "affiliated", "whose", "while", "when", "where", "than"}
FUNCTION_WORDS = {"of", "the", "for", "and", "de", "al", "el", "bin", "von", "der", "la",
                  "le", "du", "da", "van", "ibn", "abu", "on", "in", "to", "&"}
STOP_WORDS = {"us", "who", "it", "is", "was", "we", "i", "he", "she", "they", "them",
              "him", "her", "his", "its", "their", "our", "you", "me", "my", "this",
              "that", "these", "those", "one", "no", "not", "as", "at", "an", "a",
              "the", "and", "or", "of", "to", "in", "on", "by", "un", "so", "do", "am",
              "be", "said", "may", "will", "can", "also", "all", "any", "call", "made", "show"}
# last words that name equipment or places, not actors, when no country/org is known
EQUIPMENT = {"missile", "missiles", "drone", "drones", "aircraft", "tank", "tanks", "ship",
             "ships", "vessel", "vessels", "plane", "planes", "jet", "jets", "helicopter",
             "helicopters", "base", "bases", "warship", "warships", "bomber", "bombers",
             "building", "buildings", "palace", "station", "post", "site", "system",
             "systems", "vehicle", "vehicles", "machine", "facility", "weapons"}
# agent words that only decide the sector when nothing more specific is present
WEAK_AGENTS = {"official", "officials", "spokesman", "spokeswoman", "spokesperson",
               "spokespeople", "leader", "leaders", "leadership", "representative",
               "representatives", "source", "sources", "commander", "commanders",
               "chief", "head", "member", "members", "delegation", "delegations", "people",
               "man", "men", "woman", "women", "person", "persons", "press secretary",
               "secretary-general", "secretary general"}
# suffixes of hyphenated compounds that do not make the country the actor
NON_ACTOR_SUFFIXES = {"backed", "led", "allied", "aligned", "controlled", "occupied", "held",
                      "based", "born", "made", "funded", "supported", "sponsored", "friendly",
                      "speaking", "installed", "annexed", "run", "built"}


def _date_int(when: dt.date | None) -> int | None:
    """A date as a YYYYMMDD int (None stays None)."""
    return None if when is None else when.year * 10000 + when.month * 100 + when.day


def _parse_day(text: str) -> int | None:
    """'2024-07-02' -> 20240702; '' -> None."""
    text = text.strip()
    return int(text.replace("-", "")) if text else None


@dataclass(frozen=True)
class Token:
    norm: str
    orig: str
    start: int
    end: int


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Word tokens with lower-cased normal forms and character offsets."""
    toks: list[Token] = []
    for m in WORD_RE.finditer(text):
        orig, start = m.group(0), m.start()
        # trailing punctuation that is not an abbreviation dot
        while orig and orig[-1] in "'’-/&":
            orig = orig[:-1]
        if orig.endswith(".") and "." not in orig[:-1] and len(orig) > 4:
            orig = orig[:-1]
        if not orig:
            continue
        norm = orig.lower().replace("’", "'")
        toks.append(Token(norm, orig, offset + start, offset + start + len(orig)))
    return toks


def norm_key(text: str) -> str:
    """Normal form of a phrase for dictionary keys."""
    return " ".join(t.norm for t in tokenize(text))


def _strip_possessive(key: str) -> str | None:
    """'ukraine's' -> 'ukraine'; None when there is no possessive."""
    if key.endswith("'s"):
        return key[:-2]
    if key.endswith("s'"):
        return key[:-1]
    return None


@dataclass
class Match:
    kind: str  # named | country | agent
    start: int  # token index
    end: int
    key: str
    code: str | None = None
    sector: str | None = None
    roles: tuple[Role, ...] = ()
    hand: tuple[Role, ...] = ()
    weak: bool = False
    capital: bool = False


@dataclass
class ActorResolver:
    """Resolves actor phrases with dictionaries; build with :meth:`load`."""

    hand: dict[str, tuple[Role, ...]] = field(default_factory=dict)
    named: dict[str, tuple[Role, ...]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    cities: dict[str, str] = field(default_factory=dict)
    agents: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    surnames: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> ActorResolver:
        """The shared resolver built from the package data (cached)."""
        return _load()

    # ------------------------------------------------------------------ lookups
    def _lookup(self, key: str, toks: list[Token], i: int, j: int) -> Match | None:
        """Dictionary match for one token span, or None."""
        for k in (key, _strip_possessive(key)):
            if not k:
                continue
            if k in self.hand or k in self.named:
                if j - i == 1 and len(k) <= 4 and not _acronym_ok(toks[i].orig):
                    continue
                if j - i == 1 and k not in self.hand and self._someone_else(toks, i, k):
                    continue
                return Match("named", i, j, k, roles=self.named.get(k, ()),
                             hand=self.hand.get(k, ()) or self._hand_suffix(k))
            if k in self.countries:
                if k in ("us", "un") and toks[i].orig not in ("US", "UN"):
                    continue
                return Match("country", i, j, k, code=self.countries[k],
                             capital=k in self.capitals)
            if k in self.agents:
                code, sector = self.agents[k]
                return Match("agent", i, j, k, code=code, sector=sector, weak=k in WEAK_AGENTS)
            if k in self.cities and toks[i].orig[:1].isupper() and not (
                j < len(toks) and toks[j].orig[:1].isupper()
            ):  # "Independence Square", "Victoria Station": a longer name, not the city
                return Match("country", i, j, k, code=self.cities[k])
        return None

    def _scan(self, toks: list[Token]) -> list[Match]:
        """Longest-match dictionary scan over a token list."""
        out: list[Match] = []
        i, n = 0, len(toks)
        while i < n:
            hit = None
            for j in range(min(n, i + MAX_SPAN), i, -1):
                hit = self._lookup(" ".join(t.norm for t in toks[i:j]), toks, i, j)
                if hit:
                    break
            if hit is None:
                hit = self._single(toks, i)
            if hit is not None:
                out.append(hit)
                i = hit.end
            else:
                i += 1
        return out

    def _someone_else(self, toks: list[Token], i: int, name: str) -> bool:
        """A one-word name after a capitalised word that is neither part of the listed name nor a
        title: "Abdirahman Hassan" is someone other than the Hassan the lists know."""
        prev = toks[i - 1] if i > 0 else None
        return (
            prev is not None
            and prev.orig[:1].isupper()
            and prev.norm not in name.split()
            and prev.norm not in self.agents
            and prev.norm not in DETERMINERS
        )

    def _hand_suffix(self, key: str) -> tuple[Role, ...]:
        """Hand-written roles for a titled petrarch2 name ('president vladimir putin')."""
        parts = key.split()
        for i in range(1, len(parts)):
            roles = self.hand.get(" ".join(parts[i:]))
            if roles:
                return roles
        return ()

    def _single(self, toks: list[Token], i: int) -> Match | None:
        """Surname and hyphenated-compound matches for one token."""
        tok = toks[i]
        base = _strip_possessive(tok.norm) or tok.norm
        next_cap = i + 1 < len(toks) and toks[i + 1].orig[:1].isupper()
        if tok.orig[:1].isupper() and base in self.surnames and not next_cap:
            full = self.surnames[base]
            if self._someone_else(toks, i, full):
                return None
            return Match("named", i, i + 1, full, roles=self.named.get(full, ()),
                         hand=self.hand.get(full, ()))
        if "-" in base:
            iso = self._compound_country(base)
            if iso:
                return Match("country", i, i + 1, base, code=iso)
        if base.endswith("s") and base[:-1] in self.countries and tok.orig[:1].isupper():
            # plural demonym: "Libyans" -> the country's people (CVL)
            return Match("country", i, i + 1, base, code=self.countries[base[:-1]], sector="CVL")
        return None

    def _compound_country(self, word: str) -> str | None:
        """Country of a hyphenated compound ('Belarusian-born' -> None, 'Russo-' ...)."""
        parts = [p for p in word.split("-") if p]
        if not parts or parts[-1] in NON_ACTOR_SUFFIXES or parts[0] in ("pro", "anti", "ex"):
            return None
        codes = {self.countries.get(p) for p in parts}
        if None in codes or len(codes) != 1:
            return None
        return codes.pop()

    # --------------------------------------------------------------- public API
    def country_of(self, word: str, cities: bool = True) -> str | None:
        """ISO alpha-3 of a country name, demonym or (unless not *cities*) capital/city; None
        if unknown/ambiguous."""
        key = norm_key(word)
        for k in (key, _strip_possessive(key)):
            if k and k in self.countries:
                return self.countries[k]
            if k and cities and k in self.cities:
                return self.cities[k]
        if key and " " not in key and "-" in key:
            return self._compound_country(key)
        return None

    def sector_of(self, words: str) -> str | None:
        """PLOVER sector of agent words ('troops' -> MIL, 'protesters' -> CVL)."""
        matches = [m for m in self._scan(tokenize(words)) if m.kind == "agent" and m.sector]
        return _pick_sector(matches)

    def roles_of(self, key: str) -> tuple[tuple[Role, ...], tuple[Role, ...]]:
        """(hand-written roles, petrarch2 roles) of a normalised name."""
        return self.hand.get(key, ()), self.named.get(key, ())

    def resolve(self, phrase: str, when: dt.date | None = None) -> Actor | None:
        """Resolve a noun phrase (maybe with an appositive) to an Actor, or None."""
        segments = [tokenize(s) for s in re.split(r",|;|\(|\)|\s[-–—]\s|–|—", phrase)]
        segments = [s for s in segments if s]
        if not segments:
            return None
        head = _strip_det(segments[0])
        if not head or (len(head) == 1 and head[0].norm in STOP_WORDS
                        and not (head[0].orig.isupper() and len(head[0].orig) > 1)):
            return None
        d = _date_int(when)
        base = (_strip_possessive(head[0].norm) or head[0].norm) if len(head) == 1 else None
        if base in self.surnames and segments[0][0].norm == "the":
            res = None  # "the Sahel": a place or a thing, not a person known by a surname
        else:
            res = self._resolve_tokens(head, d)
        if res is None or res[2]:
            # unknown name or no sector: let the appositives complete it
            for seg in segments[1:]:
                app = self._resolve_tokens(_strip_det(seg), d)
                if app is None or app[2]:
                    continue
                if res is None:
                    res = app
                else:
                    res = (res[0] or app[0], res[1] or app[1], False)
                break
        if res is None or (res[0] is None and res[1] is None):
            return None
        if res[0] in IGO_BODIES:
            return Actor(entity_text=phrase, code="IGO", sector=res[1], org=res[0])
        return Actor(entity_text=phrase, code=res[0], sector=res[1])

    def _resolve_tokens(self, toks: list[Token], d: int | None) -> tuple[str | None, str | None, bool] | None:
        """(code, sector, incomplete) for one segment; None when it is not an actor."""
        if not toks:
            return None
        matches = self._scan(toks)
        covered = {i for m in matches for i in range(m.start, m.end)}
        agent_idx = {i for m in matches if m.kind == "agent" for i in range(m.start, m.end)}
        core_end = len(toks)
        for i, t in enumerate(toks):
            if i > 0 and i not in covered and (
                    t.norm in PREPOSITIONS or (t.norm.endswith("ing") and i - 1 in agent_idx)):
                core_end = i
                break
        core = [m for m in matches if m.end <= core_end]
        tail = [m for m in matches if m.start >= core_end]
        head_i = core_end - 1
        head_tok = toks[head_i]
        head_covered = head_i in covered
        unknown_name = not head_covered and head_tok.orig[:1].isupper()
        if not head_covered and not unknown_name:
            return None
        named = [m for m in core if m.kind == "named"]
        agents = [m for m in core if m.kind == "agent"]
        countries = [m for m in core if m.kind == "country"]
        elite = bool(core) and role_at(core[0].hand, core[0].roles, d)[1] == "ELI"
        if elite and _personal_name(toks[:core_end], core, covered):
            return None  # "Khalid Osman": another person than the King Khalid of the dictionary
        if named:
            # the head-most name; with an unknown name ("Hamas commander X") the
            # organisation named before it is the affiliation
            m = named[-1]
            code, sector = role_at(m.hand, m.roles, d)
            if m.end - m.start >= 2 and m.start > 0 and all(
                i not in covered and toks[i].orig[:1].isupper() for i in range(m.start)
            ):
                # "Ta'ang National Liberation Army": a longer name that only ends in a known one
                # is another body, of the same kind but not of that one's country
                code = _first_code(countries)
            after = [a for a in agents if a.start >= m.end and a.sector]
            strong = [a for a in after if not a.weak and a.sector != "UAF"]
            if strong:
                sector = strong[-1].sector
            elif after and sector is None:
                sector = after[-1].sector
            if code is None:
                code = _first_code(countries) or _first_code(tail)
            if sector == "REB" and countries and countries[-1].end == m.start and not countries[-1].capital:
                # "the Pakistani Taliban", "Syrian Kurdish militias": rebels of the country named
                code = countries[-1].code
            return code, sector, False
        code = _first_code(countries) or _first_code([a for a in agents if a.code])
        sector = _pick_sector([a for a in agents if a.sector])
        if unknown_name:
            # "Colonel X" keeps its title's sector; the rest must come from an appositive
            return code, sector, True
        if code is None:
            code = _first_code(tail)
            if head_tok.norm in EQUIPMENT and not named:
                return None
        if sector is None and countries and len(core) == 1 and countries[0].capital:
            sector = "GOV"  # capital used as a metonym: "Moscow said ..."
        if sector is None and countries and countries[-1].sector:
            sector = countries[-1].sector  # plural demonym
        if code is None and sector is None:
            return None
        return code, sector, sector is None and not countries

    def find_mentions(self, text: str, when: dt.date | None = None) -> list[Entity]:
        """Known actor names (people, organisations, groups) in text, longest match first."""
        toks = tokenize(text)
        out: list[Entity] = []
        d = _date_int(when)
        i, n = 0, len(toks)
        while i < n:
            tok = toks[i]
            if not tok.orig[:1].isupper() or tok.norm in STOP_WORDS:
                i += 1
                continue
            hit = None
            for j in range(min(n, i + MAX_SPAN), i, -1):
                if not all(t.orig[:1].isupper() or t.norm in FUNCTION_WORDS for t in toks[i:j]):
                    continue
                if not toks[j - 1].orig[:1].isupper():
                    continue
                m = self._lookup(" ".join(t.norm for t in toks[i:j]), toks, i, j)
                if m is not None and m.kind == "named":
                    hit = m
                    break
            if hit is None:
                m = self._single(toks, i)
                hit = m if m is not None and m.kind == "named" else None
            if hit is None:
                i += 1
                continue
            code, sector = role_at(hit.hand, hit.roles, d)
            start, end = toks[hit.start].start, toks[hit.end - 1].end
            if _strip_possessive(toks[hit.end - 1].norm) is not None:
                end -= 2 if toks[hit.end - 1].norm.endswith("'s") else 1
            out.append(Entity(text=text[start:end], start=start, end=end, label="ACTOR",
                              code=code, sector=sector, attrs={"key": hit.key}))
            i = hit.end
        return out


def _acronym_ok(orig: str) -> bool:
    """Short names must look like acronyms or titles ('NATO', 'U.N.', 'Hamas')."""
    return orig.isupper() or "." in orig or (len(orig) >= 4 and orig[:1].isupper())


def _strip_det(toks: list[Token]) -> list[Token]:
    """Drop leading determiners and quantifiers."""
    i = 0
    while i < len(toks) - 1 and toks[i].norm in DETERMINERS:
        i += 1
    return toks[i:]


def _first_code(matches: list[Match]) -> str | None:
    """Code of the first country/agent match that has one."""
    for m in matches:
        if m.code and m.kind in ("country", "agent"):
            return m.code
    return None


def _pick_sector(agents: list[Match]) -> str | None:
    """The last strong agent's sector, else the last weak one's."""
    strong = [a.sector for a in agents if not a.weak and a.sector]
    if strong:
        return strong[-1]
    weak = [a.sector for a in agents if a.sector]
    return weak[-1] if weak else None


def _covers(r: Role, d: int) -> bool:
    return (r[2] is None or r[2] <= d) and (r[3] is None or d <= r[3])


def _petrarch_role(roles: tuple[Role, ...], d: int | None) -> tuple[str | None, str | None]:
    """Role valid at date d (None = today) among petrarch2 roles.

    The dictionaries stop in early 2014: an open-ended role ("since 2010") is trusted
    only up to STALE_AFTER; later the entry's default role applies, else ELI.
    """
    if not roles:
        return None, None
    if d is None:
        d = _date_int(dt.date.today()) or 0
    dated = [r for r in roles if r[2] is not None or r[3] is not None]
    default = [r for r in roles if r[2] is None and r[3] is None]
    cover = [r for r in dated if _covers(r, d) and not (r[3] is None and d > STALE_AFTER)]
    if cover:
        r = max(cover, key=lambda x: x[2] or 0)
        return r[0], r[1]
    if default:
        return default[0][0], default[0][1]
    r = max(dated, key=lambda x: x[3] or 99999999)
    if d > (r[3] or STALE_AFTER) and r[1] in ("GOV", "MIL", "LEG", "JUD", "SPY", "COP"):
        return r[0], "ELI"
    return r[0], None


def role_at(hand: tuple[Role, ...], petr: tuple[Role, ...], d: int | None) -> tuple[str | None, str | None]:
    """(code, sector) of a named actor at date d (YYYYMMDD int; None = now)."""
    if not hand:
        return _petrarch_role(petr, d)
    if d is None:
        d = _date_int(dt.date.today())
    for r in reversed(hand):
        if _covers(r, d):
            return r[0], r[1]
    starts = [r[2] for r in hand]
    if all(s is not None and d < s for s in starts):
        if petr:
            return _petrarch_role(petr, d)
        first = min(hand, key=lambda r: r[2] or 0)
        return first[0], None
    last = max(hand, key=lambda r: r[3] or 99999999)
    person = last[0] not in ("IGO", "UNO", "EUR", "NGO", "MNC", "IMG")
    return last[0], ("ELI" if person and last[1] in ("GOV", "MIL", "LEG", "JUD", "SPY", "COP")
                     else last[1])


# ---------------------------------------------------------------------- loading
def _read_text(name: str) -> str:
    return load_text(f"actors/{name}")


def _read_roles_tsv(name: str) -> dict[str, list[tuple[list[str], Role]]]:
    """Parse leaders.tsv/groups.tsv: first name -> [(aliases, role), ...]."""
    out: dict[str, list[tuple[list[str], Role]]] = {}
    for line in _read_text(name).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + ["", "", "", ""]
        names = [n.strip() for n in cols[0].split("|") if n.strip()]
        sector = cols[2].strip() or None
        role: Role = (cols[1].strip() or None, None if sector == "-" else sector,
                      _parse_day(cols[3]), _parse_day(cols[4]))
        out.setdefault(names[0], []).append((names, role))
    return out


def _plural(word: str) -> str:
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return word[:-1] + "ies"
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    return word + "s"


@lru_cache(maxsize=1)
def _load() -> ActorResolver:
    # read_json, not the cached load_json: these are large and the resolver is built once from them
    countries = read_json("actors/countries.json")
    actors = read_json("actors/actors.json")
    agents_raw = read_json("actors/agents.json")["words"]
    r = ActorResolver()
    r.countries = countries["names"]
    r.capitals = countries["capitals"]
    r.cities = countries.get("cities", {})
    for line in _read_text("demonyms.tsv").splitlines():  # "Swedish", "Kazakh": hand-written
        if line.strip() and not line.startswith("#"):
            code, names = line.split("\t")
            r.countries.update({norm_key(n): code.strip() for n in names.split("|") if n.strip()})
    r.named = {k: tuple(tuple(x) for x in v) for k, v in actors["names"].items()}  # type: ignore[misc]
    r.agents = {k: (v[0], v[1]) for k, v in agents_raw.items()}
    for line in _read_text("sectors.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + [""]
        key, sector, code = norm_key(cols[0]), cols[1].strip(), cols[2].strip() or None
        keys = [key] + ([_plural(key)] if " " not in key and not key.endswith(".") else [])
        for k in keys:
            if sector == "-":
                r.agents.pop(k, None)
            else:
                r.agents[k] = (code, sector)
    hand: dict[str, list[Role]] = {}
    for fname in ("groups.tsv", "leaders.tsv"):
        for entries in _read_roles_tsv(fname).values():
            aliases = {norm_key(a) for names, _ in entries for a in names}
            for a in aliases:
                hand[a] = [role for _, role in entries]
    r.hand = {k: tuple(v) for k, v in hand.items()}
    # unambiguous surnames of petrarch2 people (hand-written aliases list their own)
    seen: dict[str, str | None] = {}
    # no part of a name, nor a common word alone ("Some chanted ..." is not Mr Some)
    common = r.agents.keys() | r.countries.keys() | FUNCTION_WORDS | STOP_WORDS | DETERMINERS | PREPOSITIONS
    # words of office titles are no bare surnames ("Deputy Prime Minister" is not George Prime)
    title_words = {w for k in r.agents if " " in k for w in k.split()}
    for key in actors.get("persons", []):
        parts = key.split()
        if len(parts) < 2 or len(parts) > 4 or not common.isdisjoint(parts) or not all(
                p.replace("-", "").isalpha() for p in parts):
            continue
        last = parts[-1]
        if len(last) < 4 or last in r.hand or last in r.cities or last in title_words:
            continue
        seen[last] = key if last not in seen else None
    r.surnames = {k: v for k, v in seen.items() if v is not None and k not in r.named}
    return r


def _personal_name(toks: list[Token], core: list[Match], covered: set[int]) -> bool:
    """Whether a phrase of capitalised words is a person's name that only begins with a known
    one-word name ("Khalid Osman"): one known name first, every other word unknown and
    capitalised."""
    if len(core) != 1 or len(toks) < 2 or not all(t.orig[:1].isupper() for t in toks):
        return False
    m = core[0]
    if m.kind != "named" or m.start != 0 or m.end != 1:
        return False
    others = [i for i in range(len(toks)) if i not in covered]
    return len(others) == len(toks) - 1 and not any(toks[i].norm in STOP_WORDS for i in others)
