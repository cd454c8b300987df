"""Place resolution against the offline GeoNames gazetteer."""

from __future__ import annotations

import pytest

from redline.annotate.places import country_code, normalize_name, resolve_places


def one(text: str, context: tuple[str, ...] = ()):
    places = resolve_places([(text, 10, 10 + len(text))], context)
    assert len(places) == 1, places
    return places[0]


def test_city_fields_and_offsets():
    p = one("Kharkiv")
    assert (p.text, p.start, p.end) == ("Kharkiv", 10, 17)
    assert p.name == "Kharkiv" and p.country == "UKR" and p.feature == "city"
    assert p.admin1 == "Kharkiv Oblast"
    assert p.lat == pytest.approx(49.98, abs=0.1) and p.lon == pytest.approx(36.25, abs=0.1)
    assert isinstance(p.geonameid, int)


@pytest.mark.parametrize(
    ("variant", "name", "country"),
    [
        ("Kiev", "Kyiv", "UKR"),
        ("Kyiv", "Kyiv", "UKR"),
        ("Kharkov", "Kharkiv", "UKR"),
        ("Odessa", "Odesa", "UKR"),
    ],
)
def test_alternate_spellings(variant, name, country):
    p = one(variant)
    assert (p.name, p.country, p.feature) == (name, country, "city")


def test_country_alternate_names_and_codes():
    p = one("Belorussia")
    assert (p.name, p.country, p.feature) == ("Belarus", "BLR", "country")
    assert p.admin1 is None and p.lat is not None  # capital coordinates
    assert one("the United States").country == "USA"
    assert country_code("Belorussia") == "BLR"
    assert country_code("Britain") == "GBR"
    assert country_code("Syria") == "SYR"
    assert country_code("Kyiv") is None
    assert country_code("Atlantis") is None


def test_paris_by_context():
    assert one("Paris").country == "FRA"
    texan = one("Paris", ("USA",))
    assert (texan.country, texan.admin1) == ("USA", "Texas")
    # a region named elsewhere in the article is context too
    mentions = [("Texas", 0, 5), ("Paris", 30, 35)]
    places = resolve_places(mentions)
    assert [p.feature for p in places] == ["admin1", "city"]
    assert places[1].admin1 == "Texas"
    # and so is a qualifier in the same mention
    assert one("Paris, Texas").admin1 == "Texas"


def test_country_named_in_article_disambiguates():
    # "Pokrovsk" is also an old name of a bigger Russian town; an article naming Ukraine means Ukraine's.
    places = resolve_places([("Ukraine", 0, 7), ("Pokrovsk", 20, 28)])
    assert places[1].country == "UKR" and places[1].admin1 == "Donetsk Oblast"


def test_regions():
    p = one("the Kharkiv region")
    assert (p.feature, p.name, p.country) == ("admin1", "Kharkiv Oblast", "UKR")
    assert one("Kursk region").country == "RUS"
    assert one("Crimea").feature == "admin1"


def test_adjectives_and_unknown_are_skipped():
    mentions = [("Belarusian", 0, 10), ("the Belarusian border", 20, 41), ("Narnia", 50, 56), ("", 60, 60)]
    assert resolve_places(mentions) == []


def test_generic_names_are_not_places():
    names = ["the West", "North", "White House", "Red Sea", "Middle East", "Kremlin"]
    assert resolve_places([(n, 0, len(n)) for n in names]) == []


def test_normalize_name():
    assert normalize_name("the Khān Yūnis") == "khan yunis"
    assert normalize_name("Zaporizhzhia’s") == "zaporizhzhias"
    assert normalize_name("U.S.") == "us"


def test_repeated_mentions_each_resolve():  # the speed of this batch: bench/lookup_speed.py
    mentions = [("Kyiv", 0, 4), ("Gaza", 5, 9), ("Moscow", 10, 16), ("Lebanon", 17, 24)] * 10
    places = resolve_places(mentions, {"UKR"})
    assert [(p.text, p.country, p.feature) for p in places] == [
        ("Kyiv", "UKR", "city"), ("Gaza", "PSE", "city"), ("Moscow", "RUS", "city"), ("Lebanon", "LBN", "country")
    ] * 10


def test_places_the_ner_took_for_a_group_or_person(code_text):
    doc = code_text("A roadside bomb near the town of Samarra killed two policemen on Sunday.", "2024-05-14")
    assert any(p.name and p.country == "IRQ" for p in doc.places)
    people = code_text("Talks between Smith and Jones resumed in Washington.", "2024-05-14")
    assert all(p.country == "USA" for p in people.places)
