"""PLOVER codebook and CAMEO verb/noun lexicon."""

from __future__ import annotations

import pytest

from redline.code import plover
from redline.code.lexicon import LexiconMatch, VerbLexicon


@pytest.fixture(scope="module")
def lx() -> VerbLexicon:
    return VerbLexicon.load()


# ---------------------------------------------------------------- codebook


def test_sixteen_event_types_in_manual_order():
    assert len(plover.EVENT_TYPES) == 16
    assert plover.EVENT_TYPES[0] == "AGREE"
    assert plover.EVENT_TYPES[-1] == "ASSAULT"
    assert {"REQUEST", "SANCTION", "MOBILIZE", "RETREAT"} <= set(plover.EVENT_TYPES)


def test_accuse_base_score_is_corrected():
    assert plover.event_score("ACCUSE") == -3.0


@pytest.mark.parametrize(
    ("event", "modes", "score"),
    [
        ("ASSAULT", (), -9.0),
        ("ASSAULT", ("unconventional",), -10.0),
        ("ASSAULT", ("beat", "firearms"), -9.0),  # most extreme mode wins
        ("CONSULT", ("visit",), 4.0),
        ("CONSULT", ("phone",), 1.5),
        ("RETREAT", ("disarm",), 10.0),
        ("MOBILIZE", ("weapons",), -6.5),
        ("PROTEST", ("vandalize",), -5.0),  # mode without a score: base
        ("THREATEN", ("future", "nonsense"), -3.5),  # aux/unknown modes ignored
        ("AID", (), 10.0),
        ("REQUEST", (), 0.0),
    ],
)
def test_event_scores(event, modes, score):
    assert plover.event_score(event, modes) == score


def test_quad_classes():
    assert plover.quad_class("AGREE") == "verbal_cooperation"
    assert plover.quad_class("AID") == "material_cooperation"
    assert plover.quad_class("THREATEN") == "verbal_conflict"
    assert plover.quad_class("SANCTION") == "material_conflict"
    assert plover.quad_class("assault") == "material_conflict"
    assert plover.quad_code("RETREAT") == 2
    with pytest.raises(ValueError):
        plover.quad_class("FIGHT")


def test_modes_contexts_sectors():
    assert plover.valid_modes("MOBILIZE") == {"troops", "weapons", "police", "militia"}
    assert plover.valid_modes("AGREE") == set()
    assert {"drone", "aerial", "heavy-weapons", "targeted"} <= plover.valid_modes("ASSAULT")
    assert "assassinate" not in plover.valid_modes("ASSAULT")
    assert plover.is_valid_mode("SANCTION", "negation")
    assert plover.AUX_MODES == ("historical", "future", "hypothetical", "negation")
    assert {"military", "diplomatic", "cbrn", "human_security", "pro_democracy"} <= plover.CONTEXTS
    assert "humanitarian" not in plover.CONTEXTS
    assert {"GOV", "MIL", "REB", "CVL", "UAF", "PRE"} <= plover.SECTORS
    codes = plover.codebook()["actor_codes"]
    assert codes["kosovo"] == "KOS"
    assert set(codes["nonstate"]) == {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}


def test_cameo_mapping_uses_only_v08_modes_and_contexts():
    table = plover._cameo_map()
    for code, row in table.items():
        if row["event"] is None:
            continue
        assert row["event"] in plover.EVENT_TYPES, code
        assert row["mode"] is None or row["mode"] in plover.valid_modes(row["event"]), code
        assert set(row["context"]) <= plover.CONTEXTS, code


def test_cameo_to_plover_lookup_and_fallback():
    assert plover.cameo_to_plover("186") == ("ASSAULT", "targeted", ())  # was "assassinate"
    assert plover.cameo_to_plover("1722")[1] == "restrict"  # was "ban"
    assert plover.cameo_to_plover("154") == ("MOBILIZE", "troops", ("military",))
    assert plover.cameo_to_plover("0256") is None or plover.cameo_to_plover("0256")[0] is None
    assert plover.cameo_to_plover("010") == (None, None, ())  # statements are dropped
    assert plover.cameo_to_plover("1384")[0] == "THREATEN"
    assert plover.cameo_to_plover("---") is None


# ---------------------------------------------------------------- verb lexicon


def _ev(m: LexiconMatch | None) -> tuple[str | None, str | None] | None:
    return None if m is None else (m.event, m.mode)


@pytest.mark.parametrize(
    ("lemma", "following", "event"),
    [
        ("threaten", [], "THREATEN"),
        ("warn", [], "THREATEN"),
        ("accuse", ["they", "of", "aggression"], "ACCUSE"),
        ("attack", ["the", "convoy"], "ASSAULT"),
        ("shell", ["the", "city"], "ASSAULT"),
        ("meet", [], "CONSULT"),
        ("meet", ["with", "the", "minister"], "CONSULT"),
        ("sanction", ["official"], "SANCTION"),
        ("condemn", [], "ACCUSE"),
        ("welcome", [], "SUPPORT"),
        ("allow", [], "CONCEDE"),
        ("kidnap", ["worker"], "ASSAULT"),
        ("detain", [], "COERCE"),
        ("invade", [], "ASSAULT"),
        ("occupy", ["the", "town"], "COERCE"),
    ],
)
def test_verb_events(lx, lemma, following, event):
    m = lx.match(lemma, following)
    assert m is not None and m.event == event


def test_modes_from_mapping(lx):
    assert _ev(lx.match("kidnap", [])) == ("ASSAULT", "abduct")
    assert _ev(lx.match("arrest", [])) == ("COERCE", "arrest")
    assert _ev(lx.match("shell", [])) == ("ASSAULT", "heavy-weapons")
    assert _ev(lx.match("accuse", [])) == ("ACCUSE", "allege")


def test_specific_pattern_beats_default(lx):
    default = lx.match("sign", [])
    assert default is None  # CAMEO's SIGN has no bare code
    treaty = lx.match("sign", ["a", "peace", "treaty"])
    assert treaty is not None and treaty.event == "SUPPORT" and treaty.cameo == "057"
    trade = lx.match("sign", ["a", "trade", "agreement"])
    assert trade is not None and trade.cameo == "0311" and trade.event == "AGREE"
    assert trade.specificity > treaty.specificity - 1
    # withdraw: bare -> RETREAT; from a treaty -> SANCTION (more specific)
    assert lx.match("withdraw", ["from", "the", "city"]).event == "RETREAT"
    assert lx.match("withdraw", ["from", "the", "treaty"]).event == "SANCTION"


def test_deploy_weapons_and_troops(lx):
    assert _ev(lx.match("deploy", ["two", "missile", "battery"])) == ("MOBILIZE", "weapons")
    assert _ev(lx.match("deploy", ["troop", "to", "the", "border"])) == ("MOBILIZE", "troops")
    assert _ev(lx.match("deploy", ["missiles"])) == ("MOBILIZE", "weapons")  # plural words ok


def test_particle_verbs_and_light_verbs(lx):
    assert lx.match("carry", ["out", "drill"]).event == "MOBILIZE"
    assert lx.match("carry", ["out", "joint", "military", "drill"]).event == "COOPERATE"
    raid = lx.match("carry", ["out", "a", "raid"])
    assert raid.event == "ASSAULT" and raid.specificity >= 2
    assert lx.match("carry", ["the", "box"]) is None
    # light verb + event noun not in CAMEO's patterns
    air = lx.match("conduct", ["airstrikes", "on", "depot"])
    assert air is not None and (air.event, air.mode, air.source) == ("ASSAULT", "aerial", "noun")


def test_statements_dropped_unless_asked(lx):
    assert lx.match("say", []) is None
    said = lx.match("say", [], include_dropped=True)
    assert said is not None and said.event is None and said.cameo == "010"
    # a more specific statement-code pattern overrides a coded default
    assert lx.match("claim", ["responsibility"]) is None
    assert lx.match("unknownverb", ["x"]) is None


def test_reverse_codes_and_preceding(lx):
    m = lx.match("face", ["trial"])
    assert m is not None and m.reverse and m.event == "COERCE"
    assert lx.match("rally", []).event == "PROTEST"


def test_inflected_forms_map_to_lemmas(lx):
    assert lx.lemma_of("overran") == "overrun"
    assert lx.lemma_of("withdrew") == "withdraw"
    assert lx.match("overran", ["the", "base"]).event == "COERCE"
    assert "shell" in lx and "nonverb" not in lx


def test_every_lexicon_code_is_plover(lx):
    for lemma in ("attack", "deploy", "threaten", "demand", "reject", "protest", "aid"):
        m = lx.match(lemma, [])
        if m is not None:
            assert m.event in plover.EVENT_TYPES
            assert m.mode is None or m.mode in plover.valid_modes(m.event)
            assert set(m.context) <= plover.CONTEXTS


# ---------------------------------------------------------------- nouns


@pytest.mark.parametrize(
    ("noun", "mods", "event", "mode"),
    [
        ("attack", (), "ASSAULT", None),
        ("strike", ("drone",), "ASSAULT", "drone"),
        ("strike", ("air",), "ASSAULT", "aerial"),
        ("talks", (), "CONSULT", None),
        ("summit", (), "CONSULT", None),
        ("sanctions", (), "SANCTION", "discontinue"),
        ("protest", (), "PROTEST", "demo"),
        ("ceasefire", (), "RETREAT", "ceasefire"),
        ("drills", (), "MOBILIZE", None),
        ("drill", ("joint",), "COOPERATE", None),
        ("deployment", (), "MOBILIZE", "troops"),
        ("threat", (), "THREATEN", None),
        ("accusation", (), "ACCUSE", "allege"),
        ("invasion", (), "ASSAULT", None),
    ],
)
def test_nouns(lx, noun, mods, event, mode):
    m = lx.match_noun(noun, mods)
    assert m is not None and (m.event, m.mode) == (event, mode)
    assert m.mode is None or m.mode in plover.valid_modes(m.event)


def test_noun_table_is_valid(lx):
    for m in lx._nouns.values():
        assert m.event in plover.EVENT_TYPES
        assert m.mode is None or m.mode in plover.valid_modes(m.event)
        assert set(m.context) <= plover.CONTEXTS
    assert lx.match_noun("table") is None
