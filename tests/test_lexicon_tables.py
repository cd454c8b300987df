"""One table per lexicon, and no lemma listed twice: event nouns, light verbs, pronouns, verbs."""

import json
from collections import Counter

import pytest

from redline.code import lexicon, mentions
from redline.code.coder import rules
from redline.data import load_text, load_tsv


def _pairs_without_duplicates(pairs):
    keys = [k for k, _ in pairs]
    repeated = [k for k, n in Counter(keys).items() if n > 1]
    assert not repeated, f"keys listed twice: {repeated}"
    return dict(pairs)


def _raw_rules():
    """rules.json parsed so that a key written twice fails (json.loads keeps the last silently)."""
    return json.loads(load_text("coder/rules.json"), object_pairs_hook=_pairs_without_duplicates)


def _twice(items):
    return sorted(k for k, n in Counter(items).items() if n > 1)


# ---------------------------------------------------------------- event nouns


def test_one_event_noun_table():
    assert "noun_events" not in _raw_rules()  # the coder's former copy is gone
    table = lexicon.noun_events()
    assert len(table) == len(load_tsv(lexicon.NOUNS))
    # the lexicon indexes the same table: every noun reads the same through both
    lx = lexicon.VerbLexicon.load()
    for noun, spec in table.items():
        *mods, head = noun.split()
        hit = lx.match_noun(head, mods)
        assert hit is not None, noun
        read = (hit.event, hit.mode, list(hit.context))
        assert read == (spec["event"], spec["mode"], spec["context"]), noun


def test_no_event_noun_listed_twice():
    nouns = [row["noun"].lower() for row in load_tsv(lexicon.NOUNS)]
    assert _twice(nouns) == []
    # nor two rows the lexicon would read as one ("talk"/"talks")
    keys = [" ".join(lexicon._plural_norm(w) for w in n.split()) for n in nouns]
    assert _twice(keys) == []


@pytest.mark.parametrize(
    ("noun", "event", "mode", "context"),
    [  # decisions where the two former tables disagreed (PLOVER manual)
        ("siege", "COERCE", "restrict", ["military"]),
        ("embargo", "SANCTION", "discontinue", ["economic"]),
        ("sanction", "SANCTION", "discontinue", ["economic"]),
        ("ultimatum", "THREATEN", None, []),
        ("strike", "ASSAULT", None, []),
        ("walkout", "PROTEST", "strike", []),
        ("summit", "CONSULT", None, ["diplomatic"]),
        ("invasion", "ASSAULT", None, ["military", "territory"]),
        ("drill", "MOBILIZE", None, ["military"]),
        ("accusation", "ACCUSE", "allege", []),
        ("emergency", "COERCE", "martial-law", []),
    ],
)
def test_noun_decisions(noun, event, mode, context):
    spec = lexicon.noun_events()[noun]
    assert (spec["event"], spec["mode"], spec["context"]) == (event, mode, context)


# ---------------------------------------------------------------- light verbs


def test_one_light_verb_list():
    raw = _raw_rules()["light_verbs"]  # duplicate keys fail while parsing
    assert set(raw.values()) == {"clause", "object"}
    assert lexicon.LIGHT_VERBS == {verb for verb, reach in raw.items() if reach == "clause"}
    assert set(rules()["light_verbs"]) == set(raw)
    # the lexicon hands a noun's reading on as is; verbs that undo it are the coder's alone
    assert not lexicon.LIGHT_VERBS & set(_raw_rules()["reversal_verbs"])


# ---------------------------------------------------------------- pronouns and word lists


def test_one_pronoun_list():
    pronouns = _raw_rules()["pronouns"]
    every = [p for words in pronouns.values() for p in words]
    assert _twice(every) == []  # not twice in a class, nor in two classes
    assert mentions.PRONOUNS_FIRST == set(pronouns["first"])
    assert mentions.PRONOUNS_PERSON == set(pronouns["person"])
    assert mentions.PRONOUNS_GROUP == set(pronouns["group"])
    assert mentions.DEFINITE == set(_raw_rules()["definite_determiners"])


def test_no_word_listed_twice_in_a_rules_list():
    lists = {k: v for k, v in _raw_rules().items() if isinstance(v, list)}
    assert {k: _twice(v) for k, v in lists.items() if _twice(v)} == {}


# ---------------------------------------------------------------- verbs


def test_no_verb_listed_twice():
    verb_events = _raw_rules()["verb_events"]  # duplicate keys fail while parsing
    assert verb_events
    extra = load_tsv("plover/verbs_extra.tsv")
    assert _twice((r["lemma"], r["particle"], r["pattern"]) for r in extra) == []
    # Curated verbs that also have a default row in verbs_extra.tsv. The coder prefers the curated
    # reading for a bare verb, so those rows only serve the lexicon on its own; merging the two verb
    # tables changes the coder's precedence and is left to the coder rework. No new overlap.
    defaults = {r["lemma"] for r in extra if r["particle"] == "-" and r["pattern"] == "-"}
    known = {"claim", "deploy", "invade", "rally", "redeploy", "sanction", "shell", "withdraw"}
    assert set(verb_events) & defaults == known


# ---------------------------------------------------------------- the coder reads them


def codes(actors):
    return {a.code for a in actors}


def test_coder_reads_the_merged_nouns(code_text):
    walkout = code_text("Dock workers in France staged a walkout on Monday.").events
    assert [(e.event, e.mode) for e in walkout] == [("PROTEST", ["strike"])]
    ultimatum = code_text("Serbia issued an ultimatum to Kosovo on Monday.").events
    assert [(e.event, codes(e.actor), codes(e.recipient)) for e in ultimatum] == [
        ("THREATEN", {"SRB"}, {"KOS"})
    ]
    joint = code_text("Chinese troops held a joint exercise with Russian forces on Monday.").events
    assert [(e.event, codes(e.actor), codes(e.recipient)) for e in joint] == [("COOPERATE", {"CHN"}, {"RUS"})]


def test_light_verb_reach(code_text):
    # "ease" undoes its object's event: the coder reverses it, the lexicon does not read
    # "emergency" after it as a COERCE
    eased = code_text("Serbia eased emergency measures on Wednesday in Montenegro province.").events
    assert [(e.event, codes(e.actor)) for e in eased] == [("CONCEDE", {"SRB"})]
    # "call" names an event only through its direct object, not through any noun after it
    called = code_text(
        "Thailand's Foreign Ministry summoned Cambodia's ambassador over what it called a clear "
        "violation of the ceasefire."
    ).events
    assert "RETREAT" not in {e.event for e in called}
