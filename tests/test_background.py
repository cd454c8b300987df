"""Events an article recalls as history are its background, not events it reports (redline.code.background)."""

from __future__ import annotations

from redline.code.background import split_background, tells_a_life
from redline.records import Document, Event
from redline.render import render_document

NEWS = (
    "Russian forces shelled the city of Kharkiv on Monday, killing three people, regional officials said.\n\n"
    "In 2014, Russian troops seized Crimea."
)


def test_history_recalled_beside_the_news_is_background(code_text):
    document = code_text(NEWS, "2026-05-13")
    assert [(e.event, e.date) for e in document.events] == [("ASSAULT", "2026-05-11")]
    assert [(e.event, e.date) for e in document.background] == [("COERCE", "2014")]
    assert all("historical" in e.mode for e in document.background)
    assert "background (told as history or as not done, not counted): COERCE 2014" in render_document(document.to_dict())


def test_a_text_that_tells_only_history_keeps_it_as_its_events(code_text):
    document = code_text("In 2014, Russian troops seized Crimea.", "2026-05-13")
    assert [(e.event, e.date) for e in document.events] == [("COERCE", "2014")]
    assert document.background == []


def test_an_obituary_reports_the_past_as_its_news():
    def event(date: str, mode: list[str]) -> Event:
        return Event("ASSAULT", [], [], date, "attacked", {"start": 0, "end": 8}, mode)

    events = [event("2026-05-11", []), event("1968-08-21", ["historical"])]
    news = Document(id="n", path="n", title="Fighting resumes", text="The army attacked the town.")
    assert [e.date for e in split_background(events, news)[0]] == ["2026-05-11"]
    for title, lead in [
        ("General Jan Nowak obituary", "The general led a division."),
        ("A general remembered", "Jan Nowak, who has died aged 88, led a division in 1968."),
        ("A general remembered", "General Jan Nowak dies at 91\nHe led a division."),
    ]:
        life = Document(id="o", path="o", title=title, text=lead)
        assert tells_a_life(life)
        assert split_background(events, life) == (events, [])
    assert not tells_a_life(Document(id="d", path="d", text="Three soldiers died in the attack on 12 May."))
    assert not tells_a_life(Document(id="e", path="e", text="Two guards died at 10 a.m. when the convoy was hit."))


def test_an_act_told_as_not_done_is_background_a_supposed_one_an_event(code_text):
    document = code_text("Turkish troops did not attack the Kurdish town on Tuesday.", "2024-05-02")
    assert document.events == []
    assert [(e.event, e.mode) for e in document.background] == [("ASSAULT", ["negation"])]
    supposed = code_text("The United States may impose sanctions on Iran.", "2024-05-02")
    assert [(e.event, "hypothetical" in e.mode) for e in supposed.events] == [("SANCTION", True)]
    assert supposed.background == []
