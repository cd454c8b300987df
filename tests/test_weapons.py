"""Weapon systems, weapon categories and military units."""

from __future__ import annotations

from redline.annotate.weapons import find_units, find_weapons, weapon_lexicon


def by_text(text: str) -> dict[str, dict]:
    return {e.text: e.attrs for e in find_weapons(text)}


def test_lexicon_size_and_fields():
    lex = weapon_lexicon()
    names = {w.name for w in lex.systems.values()}
    assert len(names) >= 120
    for name in (
        "Iskander",
        "Polonez",
        "Kinzhal",
        "Oreshnik",
        "Shahed-136",
        "HIMARS",
        "Leopard 2",
        "Patriot",
    ):
        assert name in names


def test_iskander_and_polonez_variants():
    text = "The general said Iskander-M systems and Polonez multiple rocket launchers were now on duty."
    found = find_weapons(text)
    assert [e.text for e in found] == ["Iskander-M systems", "Polonez multiple rocket launchers"]
    isk, pol = found[0], found[1]
    assert isk.label == "WEAPON" and text[isk.start : isk.end] == isk.text
    assert isk.attrs == {
        "name": "Iskander",
        "class": "short-range ballistic missile",
        "capability": ["nuclear-capable"],
        "origin": "RUS",
        "description": "nuclear-capable short-range ballistic missile",
    }
    assert pol.attrs["class"] == "multiple rocket launcher" and pol.attrs["origin"] == "BLR"
    assert "Iskander missile systems" in by_text("Two Iskander missile systems moved north.")


def test_aliases_and_plurals():
    found = by_text("Kyiv received F-16s and ATACMS, while Geran-2 drones and a Kh101 hit the port.")
    assert found["F-16s"]["name"] == "F-16"
    assert found["ATACMS"]["origin"] == "USA"
    assert found["Geran-2 drones"]["name"] == "Shahed-136"
    assert found["Kh101"]["name"] == "Kh-101"


def test_generic_categories_carry_capability():
    found = by_text("Officials discussed nonstrategic nuclear weapons and tactical nuclear warheads.")
    assert "nuclear" in found["nonstrategic nuclear weapons"]["capability"]
    assert "nuclear" in found["tactical nuclear warheads"]["capability"]
    found = by_text("It tested nuclear-capable short-range ballistic missiles and launched drones.")
    srbm = found["nuclear-capable short-range ballistic missiles"]
    assert srbm["class"] == "short-range ballistic missile"
    assert srbm["description"] == "nuclear-capable short-range ballistic missile"
    assert found["drones"]["class"] == "drone"


def test_case_sensitive_and_ambiguous_names():
    assert find_weapons("a lancet and a patriot") == []
    assert find_weapons("The Lancet published a new study on sleep.") == []
    assert find_weapons("Former envoy Elliott Abrams said the talks failed.") == []
    assert by_text("Patriot batteries intercepted the missiles.")["Patriot batteries"]["name"] == "Patriot"
    assert "Lancet" in by_text("A Russian Lancet struck a howitzer near the river.")
    # an armed wing named after a rocket is a unit, not a weapon
    assert [e.text for e in find_weapons("The Qassam Brigades fired Qassam rockets.")] == ["Qassam rockets"]


def test_units():
    text = (
        "Soldiers of the 47th Mechanized Brigade and the 3rd Assault Brigade joined the Azov Regiment, "
        "facing the 58th Combined Arms Army, the Black Sea Fleet and the Wagner Group, while the Air Force, "
        "the Air Defense Forces and the Airborne Forces regrouped."
    )
    units = {e.text: e.attrs["unit_type"] for e in find_units(text)}
    assert units == {
        "47th Mechanized Brigade": "brigade",
        "3rd Assault Brigade": "brigade",
        "Azov Regiment": "regiment",
        "58th Combined Arms Army": "army",
        "Black Sea Fleet": "fleet",
        "Wagner Group": "private military company",
        "Air Force": "air force",
        "Air Defense Forces": "air defence force",
        "Airborne Forces": "airborne forces",
    }
    for e in find_units(text):
        assert e.label == "MIL_UNIT" and text[e.start : e.end] == e.text


def test_unit_patterns_need_a_name():
    units = [
        e.text for e in find_units("The Brigade said the 1st Guards Tank Army and Kraken Battalion moved.")
    ]
    assert units == ["1st Guards Tank Army", "Kraken Battalion"]
