"""Place resolution against the offline GeoNames gazetteer."""

from __future__ import annotations

import pytest

from redline.annotate.places import country_code, dateline_place, normalize_name, resolve_places


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
    # news style: "Congo" alone is the Democratic Republic
    assert (country_code("Congo"), country_code("Republic of the Congo")) == ("COD", "COG")


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


def test_a_capital_by_its_own_name_beats_another_place_so_called_in_a_named_region():
    # GeoNames gives "Islamabad" also as an old name of Anantnag, in Jammu and Kashmir
    mentions = [("Jammu and Kashmir", 0, 17), ("India", 30, 35), ("Pakistan", 40, 48), ("Islamabad", 60, 69)]
    assert resolve_places(mentions)[-1].country == "PAK"


def test_a_long_name_the_ner_cut_is_read_whole():
    import redline

    text = "Shells fell on villages in Azad Jammu and Kashmir's Neelum valley on Sunday."
    places = redline.extract(text, published="2025-09-01").places
    assert [(p.text, p.country, p.feature) for p in places][:1] == [("Azad Jammu and Kashmir", "PAK", "admin1")]


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


# -- villages, districts and the article's countries (sentences of our own) ------------------


def test_villages_are_in_the_gazetteer():
    p = one("Lyptsi", ("UKR",))
    assert (p.name, p.country, p.feature, p.admin1) == ("Lyptsi", "UKR", "city", "Kharkiv Oblast")
    assert p.lat == pytest.approx(50.21, abs=0.05) and p.lon == pytest.approx(36.42, abs=0.05)
    # a qualifier in the mention is enough context
    assert one("Krynky, Kherson province").country == "UKR"


def test_districts_are_second_level_regions():
    p = one("Pokrovsk district")
    assert (p.feature, p.country, p.admin1) == ("admin2", "UKR", "Donetsk Oblast")
    assert one("Sangin district").country == "AFG"
    # a bare name is the town's, not the district's
    assert one("Sangin").feature == "city"


def test_arabic_articles_and_spellings():
    assert one("Jisr al-Shughur").country == "SYR"  # GeoNames: Jisr ash Shughur
    assert one("al-Mayadin").country == "SYR"  # GeoNames: Al Mayadin
    assert one("Hawija", ("IRQ",)).name == "Al Ḩawījah"  # GeoNames: Al Hawijah


def test_village_named_like_a_big_city_does_not_win_it():
    # Ukraine has a village GeoNames also calls Paris; an article about Ukraine still means France's.
    assert one("Paris", ("UKR",)).country == "FRA"
    # a small Yemeni district town and a Kansas city share a name: the article's country decides
    assert one("Hays").country == "USA"
    assert one("Hays", ("YEM",)).country == "YEM"
    assert one("Odessa").country == "UKR" and one("Odessa", ("USA",)).country == "USA"


def test_small_places_abroad_need_the_article_country():
    assert resolve_places([("Larga", 0, 5)]) == []
    assert one("Larga", ("ROU",)).country == "ROU"


def test_a_place_after_a_comma_qualifies_the_one_before():
    text = "Russian forces shelled Antonivka, Kherson province, overnight."
    mentions = [("Antonivka", 23, 32), ("Kherson province", 34, 50)]
    places = resolve_places(mentions, (), text)
    assert places[0].admin1 == "Kherson Oblast" and places[1].feature == "admin1"
    # a list of places is no qualifier chain
    text = "Envoys from Britain, Denmark and France met."
    places = resolve_places([("Britain", 12, 19), ("Denmark", 21, 28), ("France", 33, 39)], (), text)
    assert [p.country for p in places] == ["GBR", "DNK", "FRA"]
    # a qualifying region where the gazetteer has no such village: unknown, not a namesake abroad
    text = "Troops detained herders in Lere, Timbuktu region."
    places = resolve_places([("Lere", 27, 31), ("Timbuktu region", 33, 48)], ("MLI",), text)
    assert [(p.text, p.country) for p in places] == [("Timbuktu region", "MLI")]
    # in parentheses, the district and region a place lies in (the gazetteer knows their seats
    # as towns): no namesake abroad ("Boni" is an alternate name of Bonn)
    text = "Militants attacked an army post near Boni (Douentza, Mopti)."
    mentions = [("Boni", 37, 41), ("Douentza", 43, 51), ("Mopti", 53, 58)]
    places = resolve_places(mentions, (), text)
    assert [(p.text, p.country) for p in places] == [("Douentza", "MLI"), ("Mopti", "MLI")]


def test_a_persons_surname_is_no_village():
    text = "Petro, the president, spoke."
    assert resolve_places([("Petro", 0, 5)], ("USA",), text, people={"Petro"}) == []


def test_dateline_place():
    p = dateline_place("KINSHASA, Congo (AP)")
    assert (p.name, p.country, p.feature) == ("Kinshasa", "COD", "city")
    assert dateline_place("PRISTINA/BELGRADE, Dec 2 (Reuters)").name == "Pristina"
    assert dateline_place("MOSCOW, January 9. /TASS/").country == "RUS"
    assert dateline_place("PARIS, Texas (AP)").country == "USA"
    assert dateline_place(None) is None


def test_unrecognised_place_names_found_by_where_they_stand(code_text):
    doc = code_text("On 3 June 2024, Russian troops captured Vuhledar, Donetsk province, after heavy fighting.",
                    "2024-06-04")
    assert ("Vuhledar", "UKR") in {(p.name, p.country) for p in doc.places}
    doc = code_text("Gunmen attacked a market near Mongbwalu, Djugu territory, Ituri province, on Monday.",
                    "2024-06-04")
    assert {"Mongbwalu", "Djugu territory"} <= {p.text for p in doc.places}


def test_a_place_with_its_region_in_brackets(code_text):
    """ACLED-style "Town (Region)": the NER runs one entity across the bracket; each part is a place."""
    document = code_text("On 8 August 2023, Fulani herders killed 4 farmers in Bokkos (Plateau).", None)
    assert [(p.text, p.country) for p in document.places][:1] == [("Bokkos", "NGA")]
    (event,) = document.events
    assert event.place is not None and event.place.text == "Bokkos"
    assert [a.code for a in event.actor] == ["NGA"]
    # a town the gazetteer lacks: its bracketed region (a hyphenated name) is where it happened
    document = code_text("On 12 February 2025, gunmen killed a local chief in Kalehe (Sud-Kivu).", None)
    assert [(p.text, p.country) for p in document.places] == [("Sud-Kivu", "COD")]
    assert [e.place.name for e in document.events if e.place] == ["South Kivu Province"]


def test_regions_named_together_share_their_region_word(code_text):
    document = code_text(
        "Russian air defence systems destroyed 14 Ukrainian drones over the Belgorod and Kursk regions overnight.",
        "2025-03-05",
    )
    assert {(p.name, p.feature) for p in document.places} == {("Belgorod Oblast", "admin1"), ("Kursk Oblast", "admin1")}
    assert [e.place.name for e in document.events if e.place] in (["Belgorod Oblast"], ["Kursk Oblast"])


def test_where_an_attack_hits_is_a_place_whatever_the_ner_took_it_for(code_text):
    # the NER takes "Rafah" for a person here
    text = "Israeli strikes on Rafah killed at least 20 people overnight, Gaza's health ministry said."
    document = code_text(text, "2024-02-12")
    assert [e.place.text for e in document.events if e.place] == ["Rafah"]
    # an acronym there is a group, not a town by an alternate name ("FSA" is one of Fasa's)
    groups = code_text("SDF fighters launched attacks on FSA and other rebels in the Aleppo countryside.", "2016-02-12")
    assert "IRN" not in {p.country for p in groups.places}


@pytest.mark.parametrize(
    ("note", "name", "country"),
    [
        # the units it lies in, bracketed after it: a village the NER did not see
        ("On 22 May 2024, tribesmen exchanged fire in the vicinity of Alizai (Kurram, Khyber Pakhtunkhwa).",
         "Alizai", "PAK"),
        # ... past a unit the gazetteer lacks, and a region named with a hyphen
        ("On 17 April 2024, herders and farmers clashed near Beboto (Monts de Lam, Logone-Oriental).",
         "Béboto", "TCD"),
        ("On 11 June 2024, separatists detonated an IED against a convoy in Mbengwi (Momo, North-West).",
         "Mbengwi", "CMR"),
        # "residents of X"; an NER entity run across the brackets
        ("On 29 February 2024, residents of Sderot (Ashkelon, Southern) protested outside the municipality.",
         "Sderot", "ISR"),
        ("On 13 September 2023, Azerbaijani forces fired at Armenian positions near Sotk (Vardenis, Gegharkunik).",
         "Sotk", "ARM"),
        # an Arabic article the NER left out; a Persian joining vowel
        ("On 12 November 2024, the Houthis clashed with government forces north of Ad Dali (Ad Dali, Ad Dali).",
         "Aḑ Ḑāli‘", "YEM"),
        ("On 12 May 2024, a sticky bomb exploded in Pul-e Alam (Pul-e Alam, Logar), injuring two.",
         "Pul-e ‘Alam", "AFG"),
    ],
)
def test_acled_style_notes_place_their_events(code_text, note, name, country):
    document = code_text(note, "2024-12-01")
    assert document.events and document.events[0].place is not None
    assert (document.events[0].place.name, document.events[0].place.country) == (name, country)


def test_a_lower_case_word_the_ner_took_for_a_name_is_no_place(code_text):
    note = "On 14 June 2024, insurgents attacked farmers in the bush outside Macomia (Macomia, Cabo Delgado)."
    document = code_text(note, "2024-12-01")
    assert all(p.text != "bush" for p in document.places)
    assert document.events and document.events[0].place.country == "MOZ"


def test_a_name_after_through_or_along_is_a_place(code_text):
    document = code_text("Thousands of opposition supporters marched through central Maputo on Monday.",
                         "2026-08-20")
    assert [(p.text, p.country) for p in document.places] == [("Maputo", "MOZ")]
    assert document.events and document.events[0].actor[0].code == "MOZ"


def test_a_place_name_shared_by_several_countries_does_not_put_its_dictionary_country_in_context(code_text):
    # the actor dictionaries know "San Carlos" as Venezuela's; in a story from Nicaragua it is not
    document = code_text("Police in Managua arrested four farmers in San Carlos on Monday, Nicaraguan officials said.")
    assert ("San Carlos", "NIC") in {(p.name, p.country) for p in document.places}


def test_a_region_word_makes_a_place_of_a_name_a_dictionary_reads_as_an_actor(code_text):
    # "San Juan" is an actor in the dictionaries; "Río San Juan department" is a region, and it
    # qualifies the town before it
    document = code_text("Police detained four activists in San Carlos, Río San Juan department, on Monday.")
    assert {(p.name, p.country) for p in document.places} >= {("San Carlos", "NIC"), ("Río San Juan", "NIC")}


def test_a_name_before_river_is_the_river_not_a_town(code_text):
    document = code_text("Residents of Managua protested on Monday against a dam on the San Juan river.")
    assert [p.name for p in document.places] == ["Managua"]
