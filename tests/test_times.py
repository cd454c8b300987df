"""Tests for redline.annotate.times (own sentences; publication date Wed 2024-07-03 unless said)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from redline.annotate.times import find_times, find_times_in_dateline, resolve_phrase

PUB = dt.date(2024, 7, 3)  # a Wednesday


def one(text: str, published=PUB):
    """(span text, value, type) of every expression found."""
    return [(t.text, t.value, t.type) for t in find_times(text, published)]


def value_of(text: str, span: str, published=PUB):
    for t in find_times(text, published):
        if t.text == span:
            return t.value
    raise AssertionError(f"{span!r} not found in {one(text, published)}")


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The offensive began on February 24, 2022, near the border.", "February 24, 2022", "2022-02-24"),
        ("Troops crossed the river on 24 February 2022 at dawn.", "24 February 2022", "2022-02-24"),
        ("The order was signed 2022-02-24 in the capital.", "2022-02-24", "2022-02-24"),
        ("Shelling resumed on Feb. 24 after a lull.", "Feb. 24", "2024-02-24"),
        ("Talks collapsed on May 21 in Geneva.", "May 21", "2024-05-21"),
        ("The ceasefire broke down in June 2023.", "June 2023", "2023-06"),
        ("Rebels seized the town in June.", "June", "2024-06"),
        ("The treaty was signed in 2019.", "2019", "2019"),
        ("The region was at peace in the 1990s.", "the 1990s", "199"),
        ("Fighting was heavy last year.", "last year", "2023"),
        ("Elections are due this year.", "this year", "2024"),
        ("A vote is planned next year.", "next year", "2025"),
        ("Prices rose last month.", "last month", "2024-06"),
        ("Envoys met last week in Doha.", "last week", "2024-W26"),
        ("Envoys meet this week in Doha.", "this week", "2024-W27"),
        ("Drones struck the port over the weekend.", "the weekend", "2024-W26-WE"),
        ("The minister resigned on Tuesday.", "Tuesday", "2024-07-02"),
        ("The minister resigned Monday.", "Monday", "2024-07-01"),
        ("The ministers will meet next Tuesday.", "next Tuesday", "2024-07-09"),
        ("The army said yesterday that it had withdrawn.", "yesterday", "2024-07-02"),
        ("The army said today that it had withdrawn.", "today", "2024-07-03"),
        ("The army will decide tomorrow.", "tomorrow", "2024-07-04"),
        ("A statement is expected tonight.", "tonight", "2024-07-03"),
        ("The town is now under siege.", "now", "PRESENT_REF"),
        ("The border is currently closed.", "currently", "PRESENT_REF"),
        ("The militia has recently expanded.", "recently", "PAST_REF"),
        ("In the past, such talks failed.", "the past", "PAST_REF"),
        ("Peace may return in the future.", "the future", "FUTURE_REF"),
        ("The dam was destroyed two years ago.", "two years ago", "2022"),
        ("The dam was destroyed three days ago.", "three days ago", "2024-06-30"),
        ("The dam was destroyed a decade ago.", "a decade ago", "201"),
        ("The dam was destroyed five months ago.", "five months ago", "2024-02"),
        ("Earlier this month, the rebels regrouped.", "Earlier this month", "2024-07"),
        ("Late last year, the rebels regrouped.", "Late last year", "2023"),
        ("Exports fell in the first quarter.", "the first quarter", "2024-Q1"),
        ("Spending rose in fiscal 1998.", "fiscal 1998", "1998"),
        ("A new offensive is expected this spring.", "this spring", "2024-SP"),
        ("Troops were sent home last fall.", "last fall", "2023-FA"),
        ("Prisoners were exchanged at Christmas.", "Christmas", "2023-12-25"),
        ("The last mortar fell in mid-March.", "mid-March", "2024-03"),
        ("The blockade lasted until the end of 2021.", "the end of 2021", "2021"),
        ("Third-quarter output fell sharply.", "Third-quarter", "2024-Q3"),
        ("The rally started at 6:50 p.m. near the square.", "6:50 p.m.", "2024-07-03T18:50"),
        ("The bombing started this morning.", "this morning", "2024-07-03TMO"),
        ("Refugees crossed last night.", "last night", "2024-07-02TNI"),
        ("He was born in nineteen ninety-six.", "nineteen ninety-six", "1996"),
        ("Output was flat compared with the year-earlier quarter.", "the year-earlier quarter", "2023-Q2"),
    ],
)
def test_dates(text: str, span: str, value: str) -> None:
    assert value_of(text, span) == value


def test_same_weekday_is_publication_day_unless_last() -> None:
    assert value_of("The president spoke on Wednesday.", "Wednesday") == "2024-07-03"
    assert value_of("The president spoke last Wednesday.", "last Wednesday") == "2024-06-26"
    assert value_of("The president will speak next Wednesday.", "next Wednesday") == "2024-07-10"


def test_future_clause_moves_weekday_and_date_forward() -> None:
    assert value_of("Talks are scheduled to resume Friday in Vienna.", "Friday") == "2024-07-05"
    assert value_of("The army said Friday that talks had failed.", "Friday") == "2024-06-28"
    # a date already past this year, in a clause about the future, is next year's
    assert value_of("The new rules will take effect Feb. 1.", "Feb. 1") == "2025-02-01"
    # a date a few weeks ahead is this year's even without a cue
    assert value_of("Aid convoys are due on Aug. 10.", "Aug. 10") == "2024-08-10"


def test_later_and_earlier_count_from_the_time_told_of() -> None:
    text = "Troops seized the town on March 3, 2019. Four days later they withdrew, and a month later they returned."
    assert value_of(text, "Four days later") == "2019-03-07"
    assert value_of(text, "a month later") == "2019-04"
    # with no date told of, from publication (still the anchor of "ago")
    assert value_of("He was released two days later.", "two days later") == "2024-07-05"
    assert value_of("He was arrested two days ago.", "two days ago") == "2024-07-01"


def test_the_day_before_counts_from_the_day_told_of() -> None:
    text = "Police said on March 3, 2019 that they had arrested two suspects the day before."
    assert value_of(text, "the day before") == "2019-03-02"
    assert value_of("Rebels took the town on May 9, 2020. Two days before, they had shelled it.",
                    "Two days before") == "2020-05-07"
    # with no day told of before it, from publication (Wednesday 2024-07-03, ISO week 27)
    assert value_of("Troops had left the week before, officials said.", "the week before") == "2024-W26"
    # before an event it names, it is no anaphor
    found = find_times("They were arrested the day before the vote.", PUB)
    assert not any(t.text == "the day before" for t in found)


def test_a_day_that_year_is_in_the_year_told_of() -> None:
    text = "The uprising began in July 2019. The president resigned and fled on August 5 that year."
    assert value_of(text, "August 5") == "2019-08-05"
    assert value_of(text, "that year") == "2019"
    text = "Tokyo imposed sanctions in 2022. In March of that year Moscow ended the talks."
    assert value_of(text, "March") == "2022-03" and value_of(text, "that year") == "2022"


def test_year_boundary() -> None:
    jan = dt.date(2024, 1, 5)
    assert value_of("Fighting intensified in December.", "December", jan) == "2023-12"
    assert value_of("The town fell on Dec. 28.", "Dec. 28", jan) == "2023-12-28"
    assert value_of("Envoys met last week.", "last week", jan) == "2023-W52"
    assert value_of("Drones struck over the weekend.", "the weekend", dt.date(2024, 1, 1)) == "2023-W52-WE"
    assert value_of("Elections are due in March.", "March", dt.date(2023, 12, 20)) == "2024-03"


def test_durations_and_sets() -> None:
    assert ("three years", "P3Y", "DURATION") in one("The siege lasted three years.")
    assert ("two weeks", "P2W", "DURATION") in one("The truce held for two weeks.")
    assert ("the last twenty four hours", "P1D", "DURATION") in one("Ten died in the last twenty four hours.")
    assert ("every week", "P1W", "SET") in one("Convoys arrive every week.")
    assert ("daily", "P1D", "SET") in one("Shelling is reported daily.")


def test_offsets_sorted_and_no_overlap() -> None:
    text = (
        "On Monday, Oct. 7, 2024, two years after the 2022 invasion, troops moved; "
        "by Friday night it was over."
    )
    found = find_times(text, "2024-10-09")
    assert found, "nothing found"
    for t in found:
        assert text[t.start : t.end] == t.text
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    spans = [t.text for t in found]
    assert "Monday, Oct. 7, 2024" in spans  # longest match wins over "Monday" / "Oct. 7"
    assert "2022" in spans
    assert value_of(text, "Monday, Oct. 7, 2024", "2024-10-09") == "2024-10-07"


def test_not_dates() -> None:
    assert one("He may travel to Kyiv.") == []
    assert one("The march on the capital drew crowds.") == []
    assert one("The fighters fall back when shelled.") == []
    assert [v for _, v, _ in one("Losses reached $2000 and 1500 percent.")] == []


def test_published_forms_and_missing() -> None:
    assert value_of("Talks ended yesterday.", "yesterday", "2024-07-03T10:00:00Z") == "2024-07-02"
    assert value_of("Talks ended yesterday.", "yesterday", dt.datetime(2024, 7, 3, 9)) == "2024-07-02"
    assert value_of("Talks ended yesterday.", "yesterday", None) is None
    assert value_of("It ended on 12 March 2020.", "12 March 2020", None) == "2020-03-12"


def test_anaphora() -> None:
    text = "The war began in 1991. The following year the capital fell."
    assert value_of(text, "The following year") == "1992"
    # "the previous day" with no day told before it: the day before the report's, publication's
    assert value_of("Police said gunmen had attacked the post the previous day.", "the previous day") == "2024-07-02"


def test_resolve_phrase() -> None:
    # TimeBank: "last <weekday>" is the most recent one before publication
    assert resolve_phrase("last Tuesday", PUB) == ("2024-07-02", "day")
    assert resolve_phrase("last Thursday", PUB) == ("2024-06-27", "day")
    assert resolve_phrase("Feb. 24", "2024-07-03") == ("2024-02-24", "day")
    assert resolve_phrase("in June 2023", PUB) == ("2023-06", "month")
    assert resolve_phrase("the Kremlin", PUB) == (None, None)


def test_dateline_date_is_filing_day() -> None:
    # raw wire copy: the dateline's date is never in the future, and anchors "yesterday"
    text = "KHARKIV, December 31 (Reuters) -- Officials said yesterday that the bridge was shut."
    assert value_of(text, "December 31", "2025-01-01") == "2024-12-31"
    assert value_of(text, "yesterday", "2025-01-01") == "2024-12-30"
    text = "ODESA, Ukraine, 14 June (AFP) - Strikes resumed on Thursday."
    assert value_of(text, "14 June", "2024-06-15") == "2024-06-14"
    assert value_of(text, "Thursday", "2024-06-15") == "2024-06-13"
    # an agency dateline without a date adds nothing
    assert one("KYIV (AP) _ The mayor spoke on Monday.") == [("Monday", "2024-07-01", "DATE")]
    # a sentence that merely looks like one is not a dateline
    assert value_of("He said, March 3 -- not later -- was the day.", "March 3") == "2024-03-03"


def test_find_times_in_dateline() -> None:
    found = find_times_in_dateline("LVIV, January 2 (Xinhua) --", "2024-01-02")
    assert [(t.text, t.value, t.start) for t in found] == [("January 2", "2024-01-02", 6)]
    found = find_times_in_dateline("GAZA CITY, December 30 (AP) --", "2024-01-02")
    assert [t.value for t in found] == ["2023-12-30"]
    found = find_times_in_dateline("PARIS, Tuesday (AFP) -", PUB)
    assert [t.value for t in found] == ["2024-07-02"]
    found = find_times_in_dateline("BEIRUT, 5 March 2022 --", PUB)
    assert [t.value for t in found] == ["2022-03-05"]
    assert find_times_in_dateline("BEIRUT (Reuters) -", PUB) == []


def test_weekday_with_past_verb_or_possessive_is_past() -> None:
    # a future cue earlier in the sentence does not make a reported event future
    text = "Ahead of the envoy's visit, the ministry on Monday issued a travel warning."
    assert value_of(text, "Monday") == "2024-07-01"
    text = "The lawyers said they would appeal against Tuesday's verdict."
    assert value_of(text, "Tuesday") == "2024-07-02"
    # but an explicit "next" or a plain future clause still points forward
    assert value_of("The court will rule Friday on the appeal.", "Friday") == "2024-07-05"


def test_deadlines_point_forward_unless_told_in_the_past() -> None:
    assert value_of("The rebels have until Saturday to withdraw.", "Saturday") == "2024-07-06"
    assert value_of("The vote was postponed until Monday.", "Monday") == "2024-07-08"
    text = "Most units had filed their reports by Monday, the army said."
    assert value_of(text, "Monday") == "2024-07-01"


def test_second_day_of_a_pair() -> None:
    found = one("The donors meet in Brussels on October 14 and 15.", dt.date(2024, 10, 1))
    assert ("October 14", "2024-10-14", "DATE") in found
    assert ("15", "2024-10-15", "DATE") in found
    # a number after "and" that counts something is not a day
    assert [s for s, _, _ in one("Shelling on May 3 and 40 wounded.")] == ["May 3"]
    assert [s for s, _, _ in one("Raids on June 2 and 3 people dead.")] == ["June 2"]


def test_open_ended_years_and_halves() -> None:
    assert value_of("No profit is expected until 2027 or later.", "2027 or later") == "2027"
    assert value_of("Aid is pledged for 2025 and beyond.", "2025 and beyond") == "2025"
    assert value_of("It reverted to post-1991 borders.", "post-1991") == "1991"
    assert (
        value_of("Costs rise through the first two quarters of 2025.", "first two quarters of 2025")
        == "2025-H1"
    )
    assert value_of("The plant will close over the next year or so.", "the next year or so") == "2025"
    assert value_of("Output slumped earlier in the year.", "earlier in the year") == "2024"
    assert value_of("The base may close in coming months as budgets shrink.", "coming months") == "FUTURE_REF"


GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timebank-aquaint-dev.jsonl"


@pytest.mark.skipif(not GOLD.exists(), reason="dev gold not available")
def test_dev_gold_smoke() -> None:
    import json

    with GOLD.open() as fh:
        doc = json.loads(fh.readline())
    times = find_times(doc["text"], doc["dct"])
    assert all(doc["text"][t.start : t.end] == t.text for t in times)


def test_vague_references() -> None:
    # the adjective "future" is a vague future reference; a name is not
    assert value_of("The deal covers future deliveries of shells.", "future") == "FUTURE_REF"
    assert [s for s, _, _ in one("Shares of Future Retail fell.")] == []
    assert value_of("Aid will flow for the foreseeable future.", "the foreseeable future") == "FUTURE_REF"
    # "one day" after a modal is "some day"; elsewhere it is a day-long duration
    assert one("The envoy said the region will one day be at peace.") == [("one day", "FUTURE_REF", "DATE")]
    assert one("The strike lasted one day.") == [("one day", "P1D", "DURATION")]
    assert value_of("He may, in a year or two, return home.", "a year or two") == "FUTURE_REF"
    assert value_of("Nobody is leaving at this difficult moment.", "this difficult moment") == "PRESENT_REF"
    # "right now": TimeBank marks the "now"
    assert value_of("Right now the road is closed.", "now") == "PRESENT_REF"


def test_bare_march_and_may_as_modifiers() -> None:
    assert value_of("Officials pushed back the March deadline.", "March", dt.date(2024, 2, 10)) == "2024-03"
    assert one("Police blocked the march on the capital.") == []


def test_fiscal_quarter_ended() -> None:
    pub = dt.date(2024, 10, 15)
    # a quarter ending July 31 lies mostly in the calendar's second quarter
    assert value_of("In the quarter ended July 31, sales fell.", "the quarter", pub) == "2024-Q2"
    assert value_of("Profit rose in the quarter ended Sept. 30.", "the quarter", pub) == "2024-Q3"
    # the end date itself is still found
    assert value_of("In the quarter ended July 31, sales fell.", "July 31", pub) == "2024-07-31"
    # without an end date: the calendar quarter before publication
    assert value_of("Profit rose in the quarter.", "the quarter", pub) == "2024-Q3"


def test_year_of_month_from_tense() -> None:
    pub = dt.date(2024, 10, 26)
    text = "The split would be paid on a still unspecified date in January."
    assert value_of(text, "January", pub) == "2025-01"
    text = "Lenders have extended the credit line through January, the company said."
    assert value_of(text, "January", pub) == "2025-01"
    text = "She will be named commander of the crew of the resupply flight planned for a launch in December."
    assert value_of(text, "December", dt.date(2024, 3, 4)) == "2024-12"
    # "could" is not a future cue
    assert value_of("The minister could not be reached Monday.", "Monday") == "2024-07-01"


def test_relative_to_an_earlier_date() -> None:
    text = "The index closed higher on Friday, June 28, up 2% from the previous Friday."
    assert value_of(text, "the previous Friday") == "2024-06-21"
    text = "Talks opened June 20. The delegations met again the next morning."
    assert value_of(text, "the next morning") == "2024-06-21"
    text = "The day before last Tuesday's hearing, the lawyers met."
    assert value_of(text, "day before last Tuesday") == "2024-07-01"
    text = "The firm expects to pay twice as much this year as last."
    assert value_of(text, "this year") == "2024"
    assert value_of(text, "last") == "2023"
    assert [s for s, _, _ in one("This year he was as last seen in May.")] == ["This year", "May"]


def test_part_of_a_decade() -> None:
    assert value_of("Sales fell in the last half of the '80s.", "the last half of the '80s") == "198"
    assert value_of("Sales fell in the second half of the 1990s.", "the second half of the 1990s") == "199"


def test_stripped_dateline_anchors_and_is_kept() -> None:
    from redline.annotate import document_times
    from redline.records import Document

    # the cleaner took "KYIV, July 1 (Reuters) -" off the text: its day still anchors "yesterday"
    body = "Officials said yesterday that the bridge was shut."
    assert value_of_dl(body, "yesterday", "KYIV, July 1 (Reuters)") == "2024-06-30"
    assert value_of_dl(body, "yesterday", None) == "2024-07-02"
    doc = Document(id="d", path="d")
    doc.text, doc.published, doc.dateline = body, "2024-07-03", "KYIV, July 1 (Reuters)"
    times = document_times(doc)
    assert [(t.text, t.value) for t in times] == [("July 1", "2024-07-01"), ("yesterday", "2024-06-30")]
    head, tail = times
    # a dateline date has negative offsets into the dateline placed just before the text
    n = len(doc.dateline) + 1
    assert head.end <= 0 and doc.dateline[head.start + n : head.end + n] == "July 1"
    assert doc.text[tail.start : tail.end] == "yesterday"
    doc.dateline = "KYIV (Reuters)"
    assert [(t.text, t.start) for t in document_times(doc)] == [("yesterday", 15)]


def value_of_dl(text: str, span: str, dateline: str | None, published=PUB):
    for t in find_times(text, published, dateline=dateline):
        if t.text == span:
            return t.value
    raise AssertionError(span)


def test_scheduled_event_in_the_present_points_forward() -> None:
    # a plan told in the present tense or present progressive (publication: Wed 2024-07-03)
    assert value_of("The defence ministers meet Monday in Warsaw.", "Monday") == "2024-07-08"
    assert value_of("Ceasefire talks resume on Thursday in Cairo.", "Thursday") == "2024-07-04"
    assert value_of("The envoy leaves for Ankara on Saturday.", "Saturday") == "2024-07-06"
    assert value_of("The mediators are arriving Friday, officials said.", "Friday") == "2024-07-05"
    assert value_of("She's flying to Kyiv Sunday.", "Sunday") == "2024-07-07"
    assert value_of("The two leaders meet separately Tuesday with the mediator.", "Tuesday") == "2024-07-09"
    assert value_of("The delegation is due to arrive Friday.", "Friday") == "2024-07-05"
    assert value_of("The foreign ministers will meet next Tuesday.", "next Tuesday") == "2024-07-09"
    # a past verb nearer to the day wins; nouns and negated verbs are no plan
    assert value_of("The ministers, who meet often, agreed Monday on a plan.", "Monday") == "2024-07-01"
    assert value_of("The envoys did not meet Monday.", "Monday") == "2024-07-01"
    assert value_of("After a parliamentary vote Monday, the bill passed.", "Monday") == "2024-07-01"
    assert value_of("The crossing remained open Monday.", "Monday") == "2024-07-01"
    assert value_of("Talks were put on hold Monday.", "Monday") == "2024-07-01"
    assert value_of("The heads of state met Monday.", "Monday") == "2024-07-01"


def test_fronted_date_takes_the_tense_of_its_clause() -> None:
    # "On Tuesday, X plans to ...": the verb comes after the date
    assert value_of("On Tuesday, the coalition plans to hold a summit.", "Tuesday") == "2024-07-09"
    assert value_of("On Tuesday, the coalition held a summit.", "Tuesday") == "2024-07-02"
    assert value_of("On Friday, the rebels will release the hostages.", "Friday") == "2024-07-05"
    assert value_of("In March, the government will hold a referendum.", "March") == "2025-03"
    # a plan told in the past stays in the past
    assert value_of("On Monday, the ministry planned to publish the list.", "Monday") == "2024-07-01"
    # a relative clause after the subject is not the clause's verb
    text = "In January, the party brought in a new leader, who will stay until the vote."
    assert value_of(text, "January") == "2024-01"
    # the month "May" is not the modal "may"
    assert value_of("On May 6, the commander was arrested.", "May 6") == "2024-05-06"
    # a list item's bullet opens the clause too: an agenda's day takes its line's tense
    assert value_of("Coming up:\n- Tuesday: the envoys meet in Oslo.", "Tuesday") == "2024-07-09"
    assert value_of("Last week:\n\u2022 Tuesday: the envoys met in Oslo.", "Tuesday") == "2024-07-02"


def test_the_week_in_market_reports() -> None:
    fri = dt.date(2024, 7, 5)
    assert value_of("For the week, the index fell 3.1%.", "the week", fri) == "2024-W27"
    text = "Volume rose to 900 million shares, the week's busiest session."
    assert value_of(text, "the week", fri) == "2024-W27"
    # a Monday paper looking back: the week just ended
    assert value_of("For the week, the index fell 3.1%.", "the week", dt.date(2024, 7, 8)) == "2024-W27"
    # "the week before/of ..." is not the current week
    assert [s for s, _, _ in one("Prices rose in the week before the vote.", fri)] == []


@pytest.mark.parametrize(
    "text",
    [
        "More than 2000 workers marched in Dhaka on Monday.",
        "Police fired on 1999 protesters outside the ministry.",
        "The death toll rose to 2016, and 1800 were wounded.",
        "Some 3000 families fled the district.",
        "The ministry paid 2000 dollars to each family.",
    ],
)
def test_counts_and_amounts_are_never_years(text):
    values = [t.value for t in find_times(text, dt.date(2024, 3, 5))]
    assert not any(v and len(v) == 4 and v.isdigit() for v in values), values


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("In 2023 elections were held across the region.", "2023"),
        ("The 2016 elections were disputed.", "2016"),
        ("2023 was the deadliest year of the war.", "2023"),
        ("Since 2011 rebels have held the town.", "2011"),
    ],
)
def test_years_before_plural_nouns_stay_years(text, year):
    assert year in [t.value for t in find_times(text, dt.date(2024, 3, 5))]
