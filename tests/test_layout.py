"""Article layout: header and footer lines told by their shape, the publication date, datelines."""

from __future__ import annotations

import pytest

from redline.clean.layout import body_start, footer_start, header_dates, is_meta, is_prose
from redline.clean.text import clean_text, paragraphs

STORY = (
    "Troops loyal to the regional governor clashed with a rival militia near the airport on Monday, "
    "officials said, and at least nine people were killed.\n\n"
    "The fighting stopped by the evening, according to a local hospital director who asked not to be named.\n\n"
    "Residents said shops stayed closed on Tuesday as soldiers set up checkpoints on the main road."
)


@pytest.mark.parametrize(
    "line",
    [
        "Wire Service | Published 04/03/2026 11:20 GMT",
        "Posted by: Web Desk | 04/03/2026 | Region, World",
        "By Maria Lopez, Senior Correspondent | Updated: 2026-03-04 09:15 CET",
        "5 min read",
        "Estimated reading time: 4 minutes",
        "Listen to this story",
        "3 hours ago",
        "ak-jl/mx",
        "© 2026 Some Agency",
        "Category: Politics | Regional affairs",
        "Ref. No.: 1182",
        "https://example.org/news/1234",
        "[Republished from The Example Herald]",
        "Wednesday, 4 March 2026, 10:02",
    ],
)
def test_metadata_lines_are_told_by_their_shape(line):
    assert is_meta(line)


@pytest.mark.parametrize(
    "line",
    [
        "Troops loyal to the regional governor clashed with a rival militia near the airport on Monday.",
        "Why this matters: the two armies have fought three times over the same valley since the 1990s.",
        "The ministry said in a statement that the border crossing would stay closed until further notice.",
    ],
)
def test_story_sentences_are_not_metadata(line):
    assert not is_meta(line) and is_prose(line)


def test_a_headline_after_a_country_and_colon_is_a_title_not_a_field():
    assert not is_meta("Nigeria: Gunmen abduct dozens of pupils in Kaduna state")
    assert is_meta("Tags: LoC, Azad Kashmir, India-Pakistan, ISPR, ceasefire violation")
    text = (
        "Nigeria: Gunmen abduct dozens of pupils in Kaduna state\n\n"
        "By Chris Ewokor, BBC News, Abuja\n\n7 March 2024\n\n" + STORY
    )
    out = clean_text(text)
    assert out.title == "Nigeria: Gunmen abduct dozens of pupils in Kaduna state"
    # the newsroom is no second author, and the city it files from no publisher
    assert (out.author, out.original_publisher) == ("Chris Ewokor", "BBC News")


def test_header_dates_mark_update_times_and_read_day_first_numbers():
    dates = header_dates("Published 04/03/2026 11:20 GMT | Updated 05/03/2026 08:00 GMT")
    assert [(d.value, d.updated) for d in dates] == [("2026-03-04T11:20:00", False), ("2026-03-05T08:00:00", True)]
    assert header_dates("Posted 03/14/2026")[0].value == "2026-03-14"  # only month-first is possible
    assert header_dates("9:15 PM GMT+1, March 4, 2026")[0].value == "2026-03-04"


def test_header_of_unknown_layout_gives_title_date_publisher_and_is_removed():
    text = (
        "Militia clashes near airport leave nine dead\n\n"
        "World | Region\n\n"
        "Wire Service | Published 04/03/2026 11:20 GMT | 4 min read\n\n"
        "By Maria Lopez and Tom Reed\n\n"
        + STORY
    )
    out = clean_text(text)
    assert out.title == "Militia clashes near airport leave nine dead"
    assert out.published == "2026-03-04T11:20:00"
    assert out.text.startswith("Troops loyal to the regional governor")
    assert "min read" not in out.text and "Wire Service" not in out.text and "By Maria" not in out.text


def test_a_brief_under_a_section_line_still_has_its_header_read():
    # one prose paragraph, a short sentence and a sign-off: the story starts at the prose
    text = (
        "World | Region\n\n"
        "Army says it retook key bridge in the capital\n\n"
        "By Maria Lopez\n\n"
        "Updated 14:32 GMT, 3 March 2026\n\n"
        "Troops loyal to the regional governor retook a strategic bridge in the capital on Monday, the army said.\n\n"
        "The militia did not comment.\n\n"
        "(Reporting by Maria Lopez; Editing by Tom Reed)"
    )
    out = clean_text(text)
    assert out.title == "Army says it retook key bridge in the capital"
    assert out.published == "2026-03-03T14:32:00+00:00"
    assert out.text.startswith("Troops loyal") and "By Maria" not in out.text and "Updated" not in out.text


def test_only_an_update_time_still_dates_the_article_and_an_old_address_does_not():
    text = "Ministry of Example Affairs\n\n12 June 1991 Avenue, Example City\n\nIssued: 02.04.2026, 16:40\n\n" + STORY
    assert clean_text(text).published == "2026-04-02T16:40:00"
    text = "Militia clashes near airport leave nine dead\n\nUpdated 2:05 PM GMT, April 2, 2026\n\n" + STORY
    assert clean_text(text).published[:10] == "2026-04-02"


def test_no_date_in_the_header_leaves_published_empty():
    assert clean_text("Militia clashes near airport leave nine dead\n\n3 hours ago\n\n" + STORY).published is None


def test_footer_sign_off_copyright_links_and_comments_are_removed():
    text = (
        STORY
        + "\n\nak-jl/mx\n\n© 2026 Wire Service\n\nRelated coverage\n\nCeasefire talks stall in the capital"
        "\n\nGovernor sacks army chief after airport clash\n\nR. Ahmed | 2 hours ago\n\nShame on them all."
    )
    out = clean_text(text, find_title=False)
    assert out.text.endswith("set up checkpoints on the main road.")
    assert out.original_publisher == "Wire Service"
    paras = paragraphs(text)
    assert footer_start(paras, body_start(paras)) == 3


def test_a_short_last_sentence_is_story_not_footer():
    text = STORY + "\n\nNo group has claimed the attack."
    assert clean_text(text, find_title=False).text.endswith("No group has claimed the attack.")


def test_a_standfirst_between_header_lines_stays_in_the_text():
    text = (
        "Militia clashes near airport leave nine dead\n\n"
        "Fighting between rival forces near the airport has killed at least nine people, officials say.\n\n"
        "Published On 4 Mar 2026\n\n" + STORY
    )
    out = clean_text(text)
    assert out.published == "2026-03-04"
    assert out.text.startswith("Fighting between rival forces near the airport")


@pytest.mark.parametrize(
    ("opening", "dateline", "publisher"),
    [
        ("PORT MORESBY, Jan 9 (Wire) - ", "PORT MORESBY, Jan 9 (Wire)", "Wire"),
        ("Bamako (AFP) – ", "Bamako (AFP)", "AFP"),
        ("BRASÍLIA — ", "BRASÍLIA", None),
        ("OSLO/STOCKHOLM, March 3 (Reuters) - ", "OSLO/STOCKHOLM, March 3 (Reuters)", "Reuters"),
        ("KAZAN, March 3. /TASS/. ", "KAZAN, March 3. /TASS/", "TASS"),
        ("Isfahan, IRNA – ", "Isfahan, IRNA", "IRNA"),
        ("QUETTA: ", "QUETTA", None),
        ("Jaffna/Colombo: ", "Jaffna/Colombo", None),
        ("BERLIN/dpa - ", "BERLIN/dpa", "dpa"),
        ("Hanoi, June 2 /VNA/ -- ", "Hanoi, June 2 /VNA/", "VNA"),
        ("Lagos, July 14 (NAN) - ", "Lagos, July 14 (NAN)", "NAN"),
    ],
)
def test_dateline_grammar(opening, dateline, publisher):
    out = clean_text(opening + STORY, find_title=False)
    assert out.dateline == dateline
    assert out.text.startswith("Troops loyal")
    assert out.original_publisher == publisher


def test_a_dateline_with_its_year_dates_the_story_one_without_it_does_not():
    dated = clean_text("MAIDUGURI, Nigeria, March 18, 2026 (Wire) - " + STORY, find_title=False)
    assert (dated.dateline, dated.published) == ("MAIDUGURI, Nigeria, March 18, 2026 (Wire)", "2026-03-18")
    undated = clean_text("MAIDUGURI, Nigeria, March 18 (Wire) - " + STORY, find_title=False)
    assert undated.dateline == "MAIDUGURI, Nigeria, March 18 (Wire)" and undated.published is None


def test_a_name_over_its_newsroom_is_a_byline_without_by():
    text = "Drone strike hits fuel depot\n\n3 hours ago\n\nMercy Juma\n\nBBC News, Nairobi\n\n" + STORY
    out = clean_text(text)
    assert (out.author, out.original_publisher) == ("Mercy Juma", "BBC News")
    assert out.text.startswith("Troops loyal")
    # a name over a line that names no newsroom is left to the other header rules
    other = clean_text("Drone strike hits fuel depot\n\nMercy Juma\n\nSudan war\n\n" + STORY)
    assert other.author is None and other.original_publisher is None


def test_a_field_label_with_a_colon_is_not_a_dateline():
    out = clean_text("Source: Example Herald | 2026-03-04\n\n" + STORY, find_title=False)
    assert out.dateline is None and out.original_publisher == "Example Herald"
    assert out.published == "2026-03-04"


def test_a_list_of_headlines_is_not_hard_wrapped_prose():
    text = STORY + (
        "\n\nRelated:\nGovernor sacks the army chief after the airport clash in the north\n"
        "Ceasefire talks stall again as both sides trade blame\nWhat we know about the militia that attacked"
    )
    out = clean_text(text, find_title=False)
    assert out.text.endswith("set up checkpoints on the main road.")
    assert "Ceasefire talks stall" not in out.text


def test_hard_wrapped_prose_is_joined():
    text = (
        "Troops loyal to the regional governor clashed with a rival\nmilitia near the airport on Monday, "
        "officials said, and at\nleast nine people were killed in the fighting that followed.\n"
    )
    assert "\n" not in clean_text(text, find_title=False).text


def test_a_link_list_under_a_short_heading_ends_the_story_with_all_that_follows():
    text = (
        STORY + "\n\nSee also\n\nGovernor sacks army chief after \"humiliating\" airport clash\n\n"
        "Ceasefire talks stall again as both sides trade blame\n\n"
        "Tags: militia, airport\n\nThe agency is not responsible for material quoted from other media."
    )
    out = clean_text(text, find_title=False)
    assert out.text.endswith("set up checkpoints on the main road.")


def test_a_wire_end_mark_after_the_last_sentence_is_removed():
    out = clean_text(STORY + " Enditem", find_title=False)
    assert out.text.endswith("main road.") and "Enditem" not in out.text


def test_a_dash_photo_credit_makes_a_caption():
    text = STORY.replace("\n\nResidents", "\n\nA resident inspects a damaged house on Monday. — Photo by writer\n\nResidents")
    out = clean_text(text, find_title=False)
    assert "Photo by writer" not in out.text and "A resident inspects" not in out.text


def test_an_agency_photo_credit_before_the_dateline_is_removed():
    text = (
        "Floods displace thousands in northern Ghana\n\n3 min read\n\n"
        "Photo: Residents wade through floodwater in Tamale on Monday.\n\nANADOLU Photo/Kwame Mensah\n\n"
        "TAMALE, Ghana (AP) — Heavy rains displaced more than 5,000 people in northern Ghana this week, "
        "the national disaster agency said on Tuesday.\n\n"
        "The agency said it had sent relief supplies to the worst-hit districts.\n\n© AP 2025"
    )
    out = clean_text(text)
    assert "Photo/Kwame" not in out.text and out.text.startswith("Heavy rains")
    assert out.dateline == "TAMALE, Ghana (AP)"


@pytest.mark.parametrize(
    ("line", "removed"),
    [
        ("Follow Example News on X and Facebook for the latest updates.", True),
        ("Enjoying this article? Click here to subscribe.", True),
        ("Follow the money, the prosecutor told the court, and you will find who paid the militia.", False),
    ],
)
def test_calls_to_action_addressed_to_the_reader_are_removed(line, removed):
    out = clean_text(STORY.replace("\n\nResidents", f"\n\n{line}\n\nResidents"), find_title=False)
    assert (line not in out.text) is removed


def test_a_labelled_numeric_date_is_read_like_every_header_date():
    for line in ("Published: 04/03/2026", "Published 04/03/2026 | Wire Service"):
        assert clean_text("Militia clashes near airport leave nine dead\n\n" + line + "\n\n" + STORY).published == "2026-03-04"
