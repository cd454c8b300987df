"""Report genres without political events: a match report's shots and defeats are not coded."""

from __future__ import annotations

from redline.code.genre import genre_sentences

MATCH = [
    "Turkey beat Georgia 2-1 in a World Cup qualifier in Istanbul on Saturday.",
    "The striker fired a low shot against the post inside three minutes.",
    "Georgia equalised from the penalty spot just before half-time.",
    "The coach criticised the referee after the final whistle.",
    "Police arrested twelve people after clashes outside the ground.",
]
NEWS = [
    "Russian forces shelled the town overnight, killing two civilians, the governor said.",
    "The army said it had won back two villages after a week of fighting.",
    "The opposition criticised the government's victory claims as premature.",
    "Talks on a ceasefire are due to resume in Geneva next week.",
]


def test_a_match_report_is_not_coded_but_its_other_sentences_are():
    skipped = genre_sentences(MATCH)
    assert {0, 1, 2, 3} <= skipped
    assert 4 not in skipped  # no term of the genre: coded as usual


def test_war_news_with_words_shared_with_sport_is_coded():
    assert genre_sentences(NEWS) == set()


def test_the_pipeline_codes_no_events_in_a_match_report(code_text):
    document = code_text(" ".join(MATCH[:4]), "2025-10-12")
    assert document.events == []


def test_a_match_result_is_not_coded_in_any_article():
    sentences = [
        "Real Madrid beat Barcelona 3-1 in the Clasico on Sunday.",
        "Kenya drew 1-1 with Uganda.",
        "The Security Council voted 13-2 to extend the mission.",  # a vote
        "Russian forces beat back an attack, killing 3-4 soldiers.",  # a range
        "Fighting resumed on the night of 3-4 March.",  # dates
    ]
    assert genre_sentences(sentences) == {0, 1}


def test_a_sentence_plainly_of_a_match_is_not_coded_in_any_article():
    sentences = [
        "The visitors' manager accused the referee of bias after the match.",  # play + weak term
        "A goalkeeper was among those detained at the border.",  # no other term of the genre
        "Rights groups urged the organisers to protect workers building World Cup stadiums.",
        "Police shot dead a striker at the mine after the strike turned violent.",  # a worker
        "The plane's touchdown was delayed by a drone sighting near the runway.",
    ]
    # each alone, as one sentence among news: only the first is of the genre
    assert [bool(genre_sentences([s, *NEWS]) - set(range(1, 5))) for s in sentences] == [
        True, False, False, False, False
    ]


def test_a_match_result_in_a_digest_gives_no_event(code_text):
    text = (
        "Rebels attacked a police post in Kidal on Sunday.\n\n"
        "Real Madrid beat Barcelona 3-1 in the Clasico on Sunday, with Vinicius scoring twice."
    )
    assert [e.event for e in code_text(text, "2025-03-10").events] == ["ASSAULT"]


MARKETS = [
    "Oil prices rose 3% on Tuesday after Ukrainian drones struck a refinery in southern Russia.",
    "Brent crude futures were up $2.10 at $81.40 a barrel by 0930 GMT.",
    "Money managers raised their net long positions for a third week, exchange data showed.",
    "Hedge funds added to bullish bets as the risk premium returned.",
    "The Kremlin condemned the strikes and vowed to respond.",
]


def test_a_markets_report_codes_its_news_but_not_its_market_moves(code_text):
    assert genre_sentences(MARKETS) == {1, 2, 3}
    assert genre_sentences(NEWS) == set()
    events = code_text(" ".join(MARKETS), "2025-10-14").events
    assert "ASSAULT" in [e.event for e in events]
    assert all("positions" not in e.event_text and "futures" not in e.event_text for e in events)


def test_an_opinion_piece_keeps_the_acts_it_dates_not_its_argument():
    from redline.records import Document
    from tests.conftest import _pipeline

    text = ("The juntas still reject the bloc's demands and accuse France of meddling.\n\n"
            "On Thursday, the foreign ministers of Chad and Sudan met in N'Djamena.")
    events = {}
    for section in ("Analysis", "World"):
        document = Document(id="o", path="o", text=text, published="2026-02-03", section=section)
        events[section] = [(e.event, e.date) for e in _pipeline().code_document(document).events]
    assert ("CONSULT", "2026-01-29") in events["Analysis"]
    assert all(date != "2026-02-03" for _, date in events["Analysis"])
    assert any(date == "2026-02-03" for _, date in events["World"])  # the same words as news: coded
