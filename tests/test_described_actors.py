"""Actors named only by what they are: a sector from the dictionary or its nearest words, a
country from where it happened, else UNK; the event is kept either way."""

from __future__ import annotations

import pytest

from redline.actors import ActorResolver
from redline.code.sectors import guesser


def coded(code_text, text: str):
    return code_text(text, "2024-03-06").events


@pytest.mark.parametrize(
    ("word", "sector"),
    [("paramedics", "MED"), ("kidnappers", "CRM"), ("jihadis", "REB"), ("prosecutors", "JUD")],
)
def test_unlisted_words_take_the_sector_of_their_nearest_listed_words(word, sector):
    assert guesser(ActorResolver.load()).sector(word) == sector


@pytest.mark.parametrize("word", ["trucks", "buildings", "attack"])
def test_words_far_from_every_listed_one_get_no_sector(word):
    assert guesser(ActorResolver.load()).sector(word) is None


def test_an_actor_with_a_sector_but_no_country_is_still_an_event(code_text):
    (event,) = coded(code_text, "Smugglers attacked a border post on Monday.")
    assert event.event == "ASSAULT"
    assert [(a.code, a.sector) for a in event.actor] == [("UNK", "CRM")]


def test_what_an_actor_is_may_be_said_by_any_word_before_its_noun(code_text):
    (event,) = coded(code_text, "A Hindu nationalist group attacked a church in Odisha.")
    assert event.event == "ASSAULT"
    assert [(a.code, a.sector) for a in event.actor] == [("IND", "REL")]


def test_armed_groups_named_by_what_they_are_act_where_it_happened(code_text):
    (event,) = coded(code_text, "Gunmen killed five villagers in Zamfara state on Sunday.")
    assert [(a.code, a.sector) for a in event.actor] == [("NGA", "UAF")]
    assert [(a.code, a.sector) for a in event.recipient] == [("NGA", "CVL")]


def test_a_party_is_a_party(code_text):
    (event,) = coded(code_text, "The ruling party condemned the arrests of its members.")
    assert event.event == "ACCUSE" and [a.sector for a in event.actor] == ["PTY"]


def test_an_apposition_describes_a_state_without_replacing_it(code_text):
    events = coded(code_text, "Romania, a NATO member, said it would send more troops to its border.")
    assert [(e.event, [a.code for a in e.actor]) for e in events] == [("MOBILIZE", ["ROU"])]


def test_an_office_of_an_international_body_is_that_body(code_text):
    for text in (
        "Martin Griffiths, the United Nations relief coordinator, urged Israel to open more crossings.",
        "The United Nations relief coordinator urged Israel to open more crossings.",
    ):
        (event,) = coded(code_text, text)
        assert event.event == "REQUEST" and [a.code for a in event.actor] == ["IGO"]
        assert [a.code for a in event.recipient] == ["ISR"]


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Pakistan test-fired a nuclear-capable cruise missile on Monday.", "MOBILIZE"),
        ("Iran fired a ballistic missile into the Gulf of Oman.", "MOBILIZE"),
        ("North Korea launched two missiles toward the sea.", "MOBILIZE"),
        ("North Korea launched two ballistic missiles at a South Korean island.", "ASSAULT"),
        ("Russian forces launched more than 90 drones at the Odesa region overnight.", "ASSAULT"),
        ("Russia launched 40 drones overnight, killing two people in Odesa.", "ASSAULT"),
    ],
)
def test_a_weapon_fired_at_nothing_is_a_show_of_force_and_at_a_target_an_attack(code_text, text, event):
    events = coded(code_text, text)
    assert [e.event for e in events] == [event]
    if event == "MOBILIZE":
        assert "weapons" in events[0].mode


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        ("Estonia called on the European Union to add the tanker to its sanctions list.", "EST", "IGO"),
        ("Canada called for an immediate halt to the shelling of the city.", "CAN", None),
        ("Nigeria appealed to Chad for help in patrolling the lake.", "NGA", "TCD"),
    ],
)
def test_calls_and_appeals_are_requests(code_text, text, actor, recipient):
    (event,) = coded(code_text, text)
    assert event.event == "REQUEST" and [a.code for a in event.actor] == [actor]
    if recipient:
        assert recipient in [a.code for a in event.recipient]


def test_naming_an_event_is_not_carrying_it_out(code_text):
    assert coded(code_text, "The president called the attack a crime against the nation.") == []


def test_organs_of_a_state_named_by_what_they_are_belong_to_the_article_state(code_text):
    text = (
        "Iran said on Friday that Israeli jets had struck two air bases near Isfahan. "
        "Foreign Ministry spokesman Bahram Zolfagharynejad condemned the strikes on Saturday."
    )
    events = coded(code_text, text)
    accuse = next(e for e in events if e.event == "ACCUSE" and e.trigger == "condemned")
    assert [(a.code, a.sector) for a in accuse.actor] == [("IRN", "GOV")]


def test_a_council_of_a_state_is_that_state_not_a_transnational_group(code_text):
    (event,) = coded(code_text, "Haiti's Transitional Presidential Council on Monday urged the UN Security Council to act.")
    assert [a.code for a in event.actor] == ["HTI"]


class _SureOfNothing:
    """A classifier that is sure no sentence reports an event."""

    encoder_name = "sure"
    labels = ["ASSAULT", "NONE"]

    def predict(self, sentences):
        import numpy as np

        return np.array([[0.02, 0.98] for _ in sentences], dtype=np.float32)


def test_a_classifier_sure_of_no_event_vetoes_the_rules_only_when_allowed_to(code_text):
    from redline.pipeline import shared_pipeline

    coder = shared_pipeline().coder
    text = "Russian forces shelled Kharkiv on Monday, killing two civilians."
    shipped, limits = coder.classifier, dict(coder.rules["learned_veto_probability"])
    try:
        coder.classifier = _SureOfNothing()
        assert [e.event for e in coded(code_text, text)] == ["ASSAULT"]  # no limit set: no veto
        coder.rules["learned_veto_probability"]["sure"] = 0.95
        assert coded(code_text, text) == []
        # our labels call old history no event, so the veto says nothing of past events
        past = coded(code_text, "Russian forces shelled Kharkiv in May 2022, killing two civilians.")
        assert [(e.event, "historical" in e.mode) for e in past] == [("ASSAULT", True)]
    finally:
        coder.classifier = shipped
        coder.rules["learned_veto_probability"].clear()
        coder.rules["learned_veto_probability"].update(limits)


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Lithuania's foreign minister welcomed the ruling as a clear signal.", "SUPPORT"),
        ("The UN mission welcomed the ceasefire on Monday.", "SUPPORT"),
        ("Qatar hosted the Afghan foreign minister on Monday.", "CONSULT"),
    ],
)
def test_welcoming_people_is_a_visit_and_welcoming_a_decision_support(code_text, text, event):
    assert [e.event for e in coded(code_text, text)] == [event]


def test_an_organ_named_by_its_office_belongs_to_the_state_the_article_reports_from(code_text):
    import redline

    text = (
        "CHISINAU, March 5 (Reuters) - Moldova will not let its ports be used for smuggling, its "
        "president said on Tuesday.\n\n"
        "The Ministry of Foreign Affairs condemned the seizure of a cargo ship by Russia on Monday."
    )
    accusations = [e for e in redline.extract(text, published="2025-03-06").events if e.event == "ACCUSE"]
    assert [(a.code, a.sector) for e in accusations for a in e.actor] == [("MDA", "GOV")]
    (alone,) = coded(code_text, "The Ministry of Foreign Affairs condemned the seizure of a cargo ship.")
    assert [(a.code, a.sector) for a in alone.actor] == [("UNK", "GOV")]


def test_a_misparsed_predicate_is_still_the_event_with_its_date(code_text):
    """The parser reads "200 people protested ..." as a noun with a reduced relative clause."""
    (event,) = code_text("On 2 April 2022, around 200 people protested in Tunis (Tunis) against the president.",
                         None).events
    assert (event.event, event.date) == ("PROTEST", "2022-04-02")
    assert [(a.code, a.sector) for a in event.actor] == [("TUN", "CVL")]


def test_state_forces_without_an_article_country_act_where_it_happened(code_text):
    (event,) = coded(code_text, "On 21 November 2022, military forces clashed with ELN guerrillas in Tame.")
    assert [(a.code, a.sector) for a in event.actor] == [("COL", "MIL")]


def test_someone_no_dictionary_knows_still_acts(code_text):
    (event,) = coded(code_text, "On Friday, Okwuosa urged the government to release the detained journalists.")
    assert event.event == "REQUEST"
    assert [(a.entity_text, a.code) for a in event.actor] == [("Okwuosa", "UNK")]


def test_a_toll_by_unknown_hands_is_part_of_the_attack_the_article_names(code_text):
    events = code_text(
        "Russian drones struck Kharkiv on Monday night. Three Ukrainian soldiers were killed in the attack,"
        " the army said.",
        "2024-03-12",
    ).events
    assert [(e.event, [a.code for a in e.actor]) for e in events] == [("ASSAULT", ["RUS"])]
    alone = code_text("Three Ukrainian soldiers were killed near Kharkiv on Monday.", "2024-03-12").events
    assert [(e.event, [(a.code, a.sector) for a in e.actor]) for e in alone] == [("ASSAULT", [("UKR", "UAF")])]


def test_people_described_take_the_one_country_their_sentence_names(code_text):
    (event,) = coded(code_text, "Opposition activists accused President Alexander Lukashenko of rigging the vote.")
    assert event.event == "ACCUSE"
    assert [a.code for a in event.actor] == ["BLR"] and [a.code for a in event.recipient] == ["BLR"]
    (event,) = coded(code_text, "Opposition activists accused Lukashenko and Putin of rigging the vote.")
    assert [a.code for a in event.actor] == ["UNK"]


def test_a_device_that_explodes_is_an_attack_by_whoever_placed_it(code_text):
    (event,) = coded(code_text, "On Sunday, an IED planted by Al Shabaab exploded near Jowhar, killing two soldiers.")
    assert (event.event, event.mode) == ("ASSAULT", ["explosives"])
    assert [a.code for a in event.actor] == ["SOM"] and event.date == "2024-03-03"
    (event,) = coded(code_text, "A roadside bomb went off near a market in Baidoa on Monday.")
    assert [(a.code, a.sector) for a in event.actor] == [("SOM", "UAF")]
    # with an object the device is what someone detonates, not an explosion by unknown hands
    events = coded(code_text, "Engineers detonated a mine found near the school.")
    assert all("unidentified attackers" not in [a.entity_text for a in e.actor] for e in events)


def test_their_in_a_conjunction_is_the_first_conjuncts_side(code_text):
    events = code_text(
        "Pakistan shelled the border town on Friday.\n\n"
        "Hundreds of students and their supporters blocked a bridge in Novi Sad on Sunday.",
        "2025-03-13",
    ).events
    (protest,) = [e for e in events if e.event == "PROTEST"]
    assert [(a.code, a.sector) for a in protest.actor] == [("SRB", "EDU")]


def test_an_accusation_added_to_another_act_is_an_event_of_its_own(code_text):
    events = coded(code_text, "Belgrade recalled its ambassador on Monday, accusing Pristina of persecuting Serbs.")
    assert [(e.event, [a.code for a in e.actor], [a.code for a in e.recipient]) for e in events
            if e.event == "ACCUSE"] == [("ACCUSE", ["SRB"], ["KOS"])]
    # while "..., killing 12" is the toll of the attack it follows, not a second one
    events = coded(code_text, "Russian troops shelled Kherson on Monday, killing 12 civilians.")
    assert [e.event for e in events] == ["ASSAULT"]



def test_a_definite_description_refers_to_the_body_named_with_that_head_noun():
    text = (
        "THE HAGUE, March 5 (Reuters) - The International Criminal Court on Monday ordered Libya "
        "to hand over a militia commander accused of torture.\n\n"
        "The judges accused Libya of shielding the commander.\n\n"
        "The court rejected Libya's argument that its own courts were already trying the case."
    )
    import redline

    events = redline.extract(text, published="2026-03-05").events
    (rejected,) = [e for e in events if e.event == "REJECT"]
    # the court named earlier, not the dateline's country (which "the judges" were given)
    assert [(a.code, a.sector) for a in rejected.actor] == [("IGO", "JUD")]


def test_a_state_body_named_in_the_modifiers_is_no_armed_movement():
    import redline

    text = ("TRIPOLI, July 13 (Reuters) - Presidential Council head Khalid al-Taher called on all armed "
            "groups to respect the ceasefire on Monday.")
    (event,) = redline.extract(text, published="2026-07-13").events
    # PETRARCH lists a transnational armed group of that name (IMG); here it is Libya's organ
    assert event.event == "REQUEST" and [a.code for a in event.actor] == ["LBY"]


def test_a_paragraph_naming_no_place_goes_on_with_the_one_before(code_text):
    text = ("Farmers blocked a highway in Argentina on Sunday.\n\n"
            "Students occupied a university building in Chile on Sunday.\n\n"
            "Riot police cleared the building on Monday and detained 15 people.")
    events = code_text(text, "2025-03-11").events
    detained = [e for e in events if e.event == "COERCE"]
    assert detained and [(a.code, a.sector) for a in detained[0].actor] == [("CHL", "COP")]


def test_an_acronym_the_article_defines_names_that_actor(code_text):
    text = ("The Armed Forces of the Philippines (AFP) said on Monday that Chinese ships had blocked a supply mission.\n\n"
            "AFP spokesman Francel Padilla accused the Chinese coast guard of dangerous manoeuvres.")
    events = code_text(text, "2025-06-18").events
    accusations = [e for e in events if e.event == "ACCUSE"]
    assert accusations and [a.code for a in accusations[0].actor] == ["PHL"]


def test_a_sentence_takes_no_place_from_the_paragraph_after_it(code_text):
    text = ("Gunmen shot dead a shopkeeper on Monday, police said.\n\n"
            "Separately, hundreds of teachers marched in Mombasa on Tuesday to demand higher pay.")
    events = code_text(text, "2025-03-12").events
    (killing,) = [e for e in events if e.event == "ASSAULT"]
    assert killing.place is None or killing.place.name != "Mombasa"


def test_a_crowd_counted_alone_is_people_not_the_city_it_gathers_in(code_text):
    # the capital names its government when it speaks ("Dhaka said"), not when people march in it
    (event,) = code_text("Hundreds protested in Dhaka on Monday.", "2026-05-12").events
    assert (event.event, [(a.code, a.sector) for a in event.actor]) == ("PROTEST", [("BGD", "CVL")])


def test_a_given_name_after_a_title_names_no_one_else(code_text):
    # "Nabil" alone is someone in the dictionaries; "Army spokesman Nabil Abdallah" is not him
    text = ("A drone strike hit a fuel depot in Port Sudan on Sunday, officials said.\n\n"
            "Army spokesman Nabil Abdallah blamed the paramilitary Rapid Support Forces for the attack.")
    events = code_text(text, None).events
    (blame,) = [e for e in events if e.event == "ACCUSE"]
    assert [(a.code, a.sector) for a in blame.actor] == [("SDN", "MIL")]


def test_an_authority_telling_of_an_act_without_a_doer_did_it(code_text):
    # "Police said 37 people were arrested": the police, placed where the story is
    text = "Protests spread across Dhaka on Tuesday.\n\nPolice said 37 people were arrested overnight."
    arrests = [e for e in coded(code_text, text) if e.event == "COERCE"]
    assert [(a.code, a.sector) for e in arrests for a in e.actor] == [("BGD", "COP")]
    # witnesses and residents tell of it, they did not do it: whoever did is unknown
    told = coded(code_text, "Residents said 12 people were detained overnight.")
    assert [(a.code, a.sector) for e in told for a in e.actor] == [("UNK", None)]


def test_a_sure_act_whose_doer_is_not_named_is_still_an_event(code_text):
    # no rule finds who detained them; the classifier is sure of the act: the doer is unknown
    (event,) = coded(code_text, "Two journalists were detained at the airport on Sunday.")
    assert (event.event, event.date) == ("COERCE", "2024-03-03")
    assert [(a.code, a.sector) for a in event.actor] == [("UNK", None)]
    (event,) = coded(code_text, "My cousin was killed last week.")
    assert event.event == "ASSAULT"
    assert [(a.code, a.sector) for a in event.actor] == [("UNK", "UAF")]


def test_without_a_sure_classifier_an_act_with_no_doer_is_not_coded(code_text, monkeypatch):
    from redline.pipeline import shared_pipeline

    monkeypatch.setitem(shared_pipeline().coder.rules, "learned_unknown_doer", {})
    assert coded(code_text, "Two journalists were detained at the airport on Sunday.") == []


def test_an_act_with_a_named_doer_gets_no_unknown_one_beside_it(code_text):
    events = coded(code_text, "Police detained two journalists at the airport in Nairobi on Sunday.")
    assert [(e.event, [a.code for a in e.actor]) for e in events] == [("COERCE", ["KEN"])]


def test_who_died_in_an_attack_is_whom_it_was_done_to(code_text):
    (event,) = coded(code_text, "Four children died in a Russian missile strike on Odesa on Sunday.")
    assert event.event == "ASSAULT" and [a.code for a in event.actor] == ["RUS"]
    (event,) = coded(code_text, "Two Kenyan police officers died in a roadside bomb attack in Mandera on Sunday.")
    assert [a.code for a in event.actor] == ["KEN"] and all(a.sector != "COP" for a in event.actor)
    assert ("KEN", "COP") in [(a.code, a.sector) for a in event.recipient]


def test_a_counterpart_is_of_another_state_and_the_possessors_sector(code_text):
    (event,) = coded(code_text, "Kenya's president William Ruto held talks with his Tanzanian counterpart in Arusha.")
    assert event.event == "CONSULT" and [a.code for a in event.actor] == ["KEN"]
    assert [(a.code, a.sector) for a in event.recipient] == [("TZA", "GOV")]


def test_a_state_body_belongs_to_the_state_of_who_tells_of_it(code_text):
    text = (
        "BRUSSELS, June 23 (Reuters) - EU ministers approved new sanctions on Monday.\n\n"
        "Iranian state media reported that the foreign ministry summoned Britain's envoy on Tuesday."
    )
    events = code_text(text, "2026-06-23").events
    summoned = [e for e in events if e.trigger == "summoned"]
    assert summoned and [a.code for a in summoned[0].actor] == ["IRN"]
    assert [a.code for a in summoned[0].recipient] == ["GBR"]


def test_a_holiday_is_no_recipient(code_text):
    events = coded(code_text, "The president pardoned 200 prisoners on Independence Day.")
    assert events and all(not e.recipient for e in events)


def test_a_ministry_told_of_by_state_media_is_that_states_in_an_article_from_elsewhere(code_text):
    from redline.pipeline import shared_pipeline
    from redline.records import Document

    text = (
        "The European Union on Monday imposed sanctions on Iranian drone makers.\n\n"
        "Iranian state media reported that the foreign ministry summoned Britain's envoy on Tuesday."
    )
    document = Document(id="t", path="t", text=text, published="2026-06-23", dateline="BRUSSELS")
    document = shared_pipeline().code_document(document)
    summoned = [e for e in document.events if e.trigger == "summoned"]
    assert summoned and [a.code for a in summoned[0].actor] == ["IRN"]


def test_an_amount_in_us_dollars_is_no_recipient(code_text):
    events = coded(code_text, "Japan provided 2 million US dollars in aid to the Philippines on Monday.")
    assert [(e.event, [a.code for a in e.recipient]) for e in events] == [("AID", ["PHL"])]


def test_people_named_as_bearing_arms_are_an_armed_group(code_text):
    events = code_text("Men wielding machetes killed 12 villagers in Ituri province on Monday.", "2025-12-10").events
    assert [(e.event, [(a.code, a.sector) for a in e.actor]) for e in events] == [("ASSAULT", [("COD", "UAF")])]
    assert [a.code for a in events[0].recipient] == ["COD"]  # the villagers: civilians, not the same side


def test_kin_of_people_held_act_as_civilians(code_text):
    document = code_text("Relatives of detainees gathered outside the prison in Quito on Wednesday, demanding news.",
                         "2026-01-22")
    assert document.events  # a gathering or a demand, by civilians of where it happened
    assert all({(a.code, a.sector) for a in e.actor} == {("ECU", "CVL")} for e in document.events)


def test_a_common_word_opening_a_sentence_is_not_the_town_it_spells(code_text):
    # "Mobile" is a town in Alabama, but "Mobile data" opening a sentence is no American's;
    # "they" who arrested people later are still the police of the country reported from
    text = (
        "KAMPALA, Jan 19 - Police in Kampala detained 20 opposition supporters on Monday.\n\n"
        "Mobile data had still not been restored on Tuesday morning.\n\n"
        "They also arrested a journalist."
    )
    events = code_text(text, "2026-01-20").events
    arrests = [e for e in events if e.event == "COERCE"]
    assert arrests and all(a.code == "UGA" for e in arrests for a in e.actor)


def test_a_sentence_without_an_event_still_names_whose_its_is(code_text):
    text = "Israel again intervened on Wednesday. Its military said aircraft had struck armed vehicles near Sweida."
    strikes = [e for e in code_text(text, "2026-01-22").events if e.event == "ASSAULT"]
    assert [[a.code for a in e.actor] for e in strikes] == [["ISR"]]



def test_a_region_after_the_is_no_person_even_when_tagged_one():
    # the tagger may read "Sahel" as a person, whom the dictionaries know as a Moroccan politician
    from spacy.tokens import Span

    from redline.actors import ActorResolver
    from redline.code.mentions import ActorFinder
    from redline.pipeline import shared_pipeline

    doc = shared_pipeline().nlp("JNIM, Al-Qaeda's affiliate in the Sahel, claimed the ambush.")
    at = next(t.i for t in doc if t.text == "Sahel")
    doc.ents = [Span(doc, at, at + 1, label="PERSON")]
    finder = ActorFinder(ActorResolver.load(), None)
    finder.learn_entities(doc)
    assert "sahel" not in finder.memory.people and finder.memory.last_country is None
