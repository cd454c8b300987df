"""Clean: header fields, datelines, every removal rule, HTML, records and failure handling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redline.clean import clean, clean_text, parse_published, sentences
from redline.hashing import content_hash
from redline.inputs import iter_inputs
from redline.records import RawInput

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared" / "acceptance"


def load(path: Path):
    return [clean(r) for r in iter_inputs([str(path)])]


def reasons(doc) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in doc.removals:
        out.setdefault(r.reason, []).append(r.text)
    return out


def text_doc(body: str, **meta):
    return clean(RawInput(id="t", path="t", format="record" if meta else "text", content=body, meta=meta))


@pytest.mark.skipif(not (SHARED / "gold.json").exists(), reason="shared acceptance material absent")
def test_acceptance_reference_article() -> None:
    gold = json.loads((SHARED / "gold.json").read_text())["articles"]["belarus-repost.txt"]
    (doc,) = load(SHARED / "belarus-repost.txt")
    assert doc.error is None
    assert (doc.published or "")[:10] == gold["published"]
    assert gold["title_contains"].lower() in (doc.title or "").lower()
    assert doc.section == gold["section"]
    assert doc.original_publisher == gold["original_publisher"]
    for junk in gold["boilerplate"]:
        assert junk not in doc.text, junk
    for keep in gold["keep"]:
        assert keep in doc.text, keep
    assert doc.title not in doc.text


def test_aggregator_repost_example() -> None:
    (doc,) = load(EXAMPLES / "aggregator-repost.txt")
    assert doc.title.startswith("Moldova Puts Army on Alert")
    assert (doc.section, doc.published) == ("World", "2025-03-14T09:20:00")
    assert doc.publisher is None and doc.original_publisher == "The Daily Ledger"
    got = reasons(doc)
    assert set(got) == {"header", "caption", "comment_request", "solicitation", "disclaimer"}
    assert got["comment_request"] == ["The Daily Ledger has contacted the Russian Foreign Ministry for comment by email."]
    for junk in ("Post At", "ELENA COVALENCO", "inspect the wreckage", "Disclaimer", "world@dailyledger.com",
                 "has contacted", "World\n"):
        assert junk not in doc.text, junk
    for keep in ("Moldova placed its armed forces on heightened alert on Thursday",
                 "Romania, a NATO member, said on Wednesday", "Kremlin spokesman Dmitry Peskov said on Thursday",
                 "about 1,500 Russian troops are stationed."):
        assert keep in doc.text, keep
    assert doc.text.startswith("Moldova placed") and "\n\n" in doc.text and "\n\n\n" not in doc.text
    assert doc.content_hash == content_hash(doc.text)


def test_wire_story_dateline_byline_comment_sentence() -> None:
    (doc,) = load(EXAMPLES / "wire-story.txt")
    assert doc.dateline == "KHARTOUM, May 18 (Reuters)"
    assert doc.original_publisher == "Reuters" and doc.author == "Amira Hassan"
    assert doc.published == "2024-05-18T14:05:00+00:00"
    assert doc.text.startswith("Sudan's army said on Saturday it had repelled")
    assert "did not immediately respond" not in doc.text
    # only the comment-request sentence goes; the rest of its paragraph stays
    assert 'The army\'s spokesman, Brigadier General Nabil Abdallah, said the force would "not negotiate' in doc.text
    assert "Reporting by" not in doc.text and "By Amira" not in doc.text


def test_an_agency_named_with_its_article_is_that_agency() -> None:
    text = (
        "Gunmen attack border post\n\nSource: The Associated Press\n\nMay 14, 2026\n\n"
        "GEORGETOWN, Guyana (AP) - Gunmen attacked a border post on Wednesday, officials said."
    )
    doc = clean_text(text)
    assert doc.original_publisher == "Associated Press"


def test_labelled_captions_browser_notices_and_subscription_lines_are_removed() -> None:
    text = (
        "Troops deployed after border clash\n\nPlease turn on JavaScript in your browser to get the "
        "best experience.\n\nSoldiers were deployed to the border on Monday, officials said.\n\n"
        "Image caption: Soldiers at a checkpoint near the border\n\nImage source: Reuters\n\n"
        "The ministry said the deployment would last a month.\n\n"
        "Subscribe to Border Desk for weekly analysis from the region."
    )
    doc = clean_text(text)
    assert "deployment would last a month" in doc.text and "deployed to the border" in doc.text
    for gone in ("JavaScript", "Image caption", "Image source", "Subscribe to"):
        assert gone not in doc.text


def test_a_title_below_a_letterhead_on_the_first_line_is_the_title() -> None:
    text = (
        "Ministry of Foreign Affairs of Freedonia\nHome > Press Releases\n\nPress Releases\n\n"
        "Visit to Sylvania by the Minister for Foreign Affairs\n\nMarch 3, 2026\n\n"
        "1. The Minister held talks with his Sylvanian counterpart on Monday."
    )
    doc = clean_text(text)
    assert doc.title == "Visit to Sylvania by the Minister for Foreign Affairs"


def test_a_year_less_dateline_takes_the_year_of_the_copyright_line() -> None:
    text = (
        "Rebels overrun naval outpost\n\nYANGON, Feb 11 (Reuters) - Fighters overran a naval outpost "
        "on Tuesday, the group said.\n\n"
    )
    assert clean_text(text + "(c) 2026 Reuters. All rights reserved.").published == "2026-02-11"
    # no year stated anywhere: none is guessed
    assert clean_text(text).published is None


def test_a_date_the_header_writes_out_beats_a_copyright_range() -> None:
    text = (
        "Navy holds drills off the coast\n\nSource: Xinhua | 2025-12-30 19:26:48 | Editor: liwen\n\n"
        "QINGDAO, Dec. 30 (Xinhua) -- The navy on Tuesday held drills off the coast, a spokesperson "
        "said.\n\nThe drills will last three days, the spokesperson added.\n\n"
        "Copyright © 2000 - 2025 XINHUANET.com All rights reserved."
    )
    assert clean_text(text).published == "2025-12-30"
    # with no dated header, the range's latest year, never its first
    no_header = text.replace("Source: Xinhua | 2025-12-30 19:26:48 | Editor: liwen\n\n", "")
    assert clean_text(no_header).published == "2025-12-30"


def test_a_line_of_capitals_after_a_dash_is_no_dateline() -> None:
    text = (
        "SAHEL WATER TRUST (SWT)\nPRESS RELEASE — FOR IMMEDIATE RELEASE\nNiamey / Zinder, 3 May 2025\n\n"
        "Wells run dry as the heat sets in across the south\n\n"
        "Aid workers in Zinder say they have never seen so many wells dry in May. Families walk for hours "
        "to fetch water, the trust said on Friday.\n\nThe trust asked donors for more money on Saturday."
    )
    cleaned = clean_text(text)
    assert cleaned.dateline is None
    assert cleaned.published == "2025-05-03"
    assert cleaned.title == "Wells run dry as the heat sets in across the south"
    assert cleaned.text.startswith("Aid workers in Zinder")


def test_a_short_masthead_over_the_headline_is_not_the_title() -> None:
    text = (
        "La Voz Libre — English edition\nHonduras > Justice\n\n"
        "Tegucigalpa court jails five land defenders for sedition after a closed hearing\n\n"
        "Friday, March 6, 2026 — 10:05 a.m.\n\n"
        "A court in Tegucigalpa on Thursday sentenced five members of a farmers' group to ten years in "
        "prison each, their lawyers said.\n\nThe defendants denied the charges, their families said."
    )
    cleaned = clean_text(text)
    assert cleaned.title == "Tegucigalpa court jails five land defenders for sedition after a closed hearing"
    assert cleaned.published == "2026-03-06"


def test_a_press_release_stops_at_its_end_mark() -> None:
    text = (
        "Flood relief reaches 4,000 families\n\nKarachi, 3 May 2025\n\nRelief teams reached 4,000 families "
        "in Sindh on Friday, the network said.\n\nThe network called on donors to fund the response.\n\n"
        "ENDS\n\nNotes to editors\n\nThe network is an independent humanitarian organisation working in "
        "nine provinces since 2004. Interviews are available on request."
    )
    cleaned = clean_text(text)
    assert cleaned.text.endswith("fund the response.")
    assert "independent humanitarian organisation" not in cleaned.text


def test_a_rule_above_short_lines_starts_the_footer_and_donation_appeals_go() -> None:
    text = (
        "Fighting spreads in the north\n\nBy Desk staff | 24 September 2025\n\nArmy jets struck rebel "
        "positions near the river on Monday, residents said.\n\nThe rebels said they had withdrawn from two "
        "villages on Tuesday.\n\n---\n\nRelated timelines: The river war | Two years on\n\n"
        "Have a tip? Contact the desk securely via Signal.\n\n"
        "Support independent journalism on the region — donate today.\n\n© 2025 Desk"
    )
    cleaned = clean_text(text)
    assert cleaned.text.endswith("two villages on Tuesday.")
    assert "donate" not in cleaned.text


def test_credits_that_a_rule_removes_still_date_the_story() -> None:
    text = (
        "TIMELINE: The year in the north\n\nCompiled by Desk staff | 24 September 2025 | Updated as events "
        "unfold\n\nFighting went on in much of the north this year, officials said. These are the key "
        "moments so far.\n\n• 17 January – The army and the rebels agree a truce in the capital."
    )
    cleaned = clean_text(text)
    assert cleaned.published == "2025-09-24"
    assert "Compiled by" not in cleaned.text


def test_a_year_less_dateline_takes_the_year_the_text_names_when_the_weekday_agrees() -> None:
    lead = "GAROUA, Oct 7 (Reuters) - Gunmen attacked a village in northern Cameroon on {day}, officials said."
    rest = "\n\nIt was the worst attack in the region so far in 2025, after a lull since 2019."
    # 7 October 2025 was a Tuesday: the latest year the story names, checked by its lead's weekday
    assert clean_text("Attack in Cameroon\n\n" + lead.format(day="Tuesday") + rest).published == "2025-10-07"
    # a lead told of the day before (or a year named for the future) does not agree: no year
    assert clean_text("Attack in Cameroon\n\n" + lead.format(day="Monday") + rest).published is None
    # a year that starts a span of history is no year of the story: 7 October 2014 was a Tuesday too
    since = "\n\nThe region has seen attacks since 2014."
    assert clean_text("Attack in Cameroon\n\n" + lead.format(day="Tuesday") + since).published is None


def test_ap_style_fixture() -> None:
    (doc,) = load(FIXTURES / "ap-style.txt")
    assert doc.dateline == "YEREVAN, Armenia (AP)" and doc.original_publisher == "Associated Press"
    assert doc.author == "Karen Melikyan, Omar Aliyev" and doc.section == "Europe"
    assert doc.published == "2024-02-13T10:15:00"
    got = reasons(doc)
    assert got["caption"][0].startswith("Armenian soldiers stand guard")
    assert got["advertisement"] == ["Advertisement"] and got["navigation"] == ["Most read"]
    assert got["newsletter"] == ["Sign up for our World News newsletter"]
    assert doc.text.startswith("Armenia said on Tuesday") and doc.text.endswith("since February 2023.")


def test_html_page_example() -> None:
    (doc,) = load(EXAMPLES / "ministry-page.html")
    assert doc.error is None
    assert doc.title == "Foreign Minister holds talks with Armenian counterpart in Tbilisi"
    assert doc.published[:10] == "2024-10-09"
    assert doc.publisher == "Ministry of Foreign Affairs of Georgia" == doc.original_publisher
    assert doc.site == "mfa.example.ge" and doc.url.startswith("https://mfa.example.ge/")
    assert doc.dateline == "TBILISI, Oct 9"
    assert doc.text.startswith("Georgian Foreign Minister Nika Beridze met")
    assert "signed a memorandum" in doc.text
    for junk in ("Skip to content", "Share on", "Most read", "newsletter", "All rights reserved", "Home"):
        assert junk not in doc.text, junk


def test_the_site_a_pages_title_adds_after_its_headline_is_its_publisher() -> None:
    from redline.clean.html import extract_html

    body = "".join(
        f"<p>Clashes between rival armed groups in the capital killed {n} people overnight, officials said.</p>"
        for n in range(3, 7)
    )
    page = (
        "<html><head><title>Clashes in the capital kill six | Maghreb Daily</title></head>"
        f"<body><article><h1>Clashes in the capital kill six</h1>{body}</article></body></html>"
    )
    extracted = extract_html(page)
    assert extracted is not None and extracted.sitename == "Maghreb Daily"
    other = page.replace("| Maghreb Daily", "| and then more words that are no site name at all")
    assert extract_html(other).sitename is None


def test_html_without_article_is_an_error() -> None:
    (doc,) = load(FIXTURES / "no-article.html")
    assert doc.error == f"{FIXTURES / 'no-article.html'}: no article text found in HTML" and doc.text == ""


def test_batch_records_meta_precedence_and_html_record() -> None:
    docs = load(EXAMPLES / "batch.jsonl")
    assert [d.id for d in docs] == ["batch-001", "batch-002", "batch-003"]
    first, second, third = docs
    assert (first.title, first.published, first.section) == (
        "China holds live-fire drills near Taiwan after Lai speech", "2024-10-14", "Asia"
    )
    assert first.publisher == "Example News" and first.original_publisher == "AFP"
    assert first.site == "news.example.com"
    assert second.original_publisher == "Example Wire"  # no repost cue: the publisher itself
    assert "Read more" not in second.text and second.author == "Lena Vogt"
    assert third.publisher == "The Example Gazette" and third.published == "2024-08-06"
    assert third.text.startswith("Ukrainian troops crossed") and "Advertisement" not in third.text
    assert "Share this article" not in third.text


def test_examples_folder_all_clean() -> None:
    docs = load(EXAMPLES)
    assert len(docs) >= 8 and all(d.error is None and d.text for d in docs)


def test_single_sentence_record_is_kept_whole() -> None:
    doc = text_doc("Russia and Belarus held joint drills near Brest on May 21", published="2024-05-22")
    assert doc.text == "Russia and Belarus held joint drills near Brest on May 21"
    assert doc.title is None and doc.published == "2024-05-22"


def test_error_passthrough_and_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = clean(RawInput(id="x.txt", path="x.txt", format="text", error="x.txt: file not found"))
    assert doc.error == "x.txt: file not found" and doc.text == "" and doc.content_hash is None

    def boom(*a, **k):
        raise RuntimeError("kaput")

    monkeypatch.setattr("redline.clean.clean_text", boom)
    doc = text_doc("Some text here.")
    assert doc.error == "t: cleaning failed (RuntimeError: kaput)"


def test_empty_after_cleaning_is_an_error() -> None:
    doc = text_doc("Advertisement\n\nShare this article\n")
    assert doc.error == "t: no article text"




def test_hard_wrapped_lines_are_joined_and_lowercase_continuations_merged() -> None:
    body = (
        "Ukrainian air defences shot down eleven of fourteen drones launched\n"
        "overnight against the Kharkiv region, the regional governor said on\n"
        "Sunday, adding that two people were wounded in the attack on the city.\n"
        "\n"
        "A second wave followed\n"
        "on Monday morning.\n"
    )
    out = clean_text(body, find_title=False)
    assert out.text.split("\n\n") == [
        "Ukrainian air defences shot down eleven of fourteen drones launched overnight against the Kharkiv "
        "region, the regional governor said on Sunday, adding that two people were wounded in the attack on "
        "the city.",
        "A second wave followed on Monday morning.",
    ]


def test_separate_paragraph_caption_copies_and_credit_only_lines() -> None:
    caption = "Soldiers unload artillery shells at a depot near Rafah, Egypt, on January 8, 2024"
    body = "\n\n".join([
        "Egypt moved additional troops to its border with Gaza on Monday, two security sources said.",
        caption + ".",
        caption[:50] + "...",
        caption + ". JOHN DOE/ANADOLU/AFP via Getty Images",
        "REUTERS/Mohamed Abd El Ghany",
        "The deployment followed talks in Cairo on Sunday between Egyptian and Israeli officials.",
    ])
    out = clean_text(body, find_title=False)
    assert out.text.split("\n\n") == [
        "Egypt moved additional troops to its border with Gaza on Monday, two security sources said.",
        "The deployment followed talks in Cairo on Sunday between Egyptian and Israeli officials.",
    ]
    got = [(r.reason, r.text[:20]) for r in out.removals]
    assert ("photo_credit", "REUTERS/Mohamed Abd ") in got
    assert sum(1 for r in out.removals if r.reason == "caption") == 3


def test_credit_at_end_of_long_story_paragraph_removes_only_credit() -> None:
    para = (
        "Iran launched more than 300 drones and missiles at Israel on April 13, the first direct attack "
        "by Iran on Israeli territory. Israel said it intercepted 99 percent of them with help from the "
        "United States, Britain and Jordan. Iran said the strikes were a response to an attack on its "
        "consulate in Damascus on April 1 that killed seven officers. Israeli officials vowed a response "
        "at a time of their choosing. AMIR LEVY/Getty Images"
    )
    out = clean_text(para, find_title=False)
    assert out.text.endswith("at a time of their choosing.")
    assert [(r.reason, r.text) for r in out.removals] == [("photo_credit", "AMIR LEVY/Getty Images")]


def test_file_photo_caption() -> None:
    body = (
        "FILE PHOTO: A Turkish army tank is stationed near the Syrian border in Kilis province, Turkey, "
        "October 10, 2023. REUTERS/Umit Bektas/File Photo\n\n"
        "Turkey's parliament voted on Tuesday to extend its troop mandate in Syria and Iraq by two years."
    )
    out = clean_text(body, find_title=False)
    assert out.text == "Turkey's parliament voted on Tuesday to extend its troop mandate in Syria and Iraq by two years."
    assert [r.reason for r in out.removals] == ["caption"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share this article", "share"),
        ("Share on Facebook", "share"),
        ("Facebook Twitter WhatsApp Email", "share"),
        ("Sign up for our newsletter", "newsletter"),
        ("Subscribe to our daily briefing for the latest updates", "newsletter"),
        ("Advertisement", "advertisement"),
        ("Sponsored", "advertisement"),
        ("Read more: Kremlin rejects ceasefire proposal", "navigation"),
        ("Related: Sanctions on Belarus widened", "navigation"),
        ("Most read", "navigation"),
        ("Skip to content", "navigation"),
        ("Home > World > Europe", "navigation"),
        ("Reporting by Jane Roe; Editing by Paul West", "credits"),
    ],
)
def test_line_rules(line: str, reason: str) -> None:
    story = "Serbia put its army on high alert on Sunday after clashes in northern Kosovo, the president said."
    out = clean_text(f"{story}\n\n{line}\n\n{story.replace('Sunday', 'Monday')}", find_title=False)
    assert [(r.reason, r.text) for r in out.removals] == [(reason, line)]
    assert line not in out.text


def test_story_sentences_with_similar_words_are_kept() -> None:
    body = (
        "The foreign minister said he would share intelligence with Poland. Officials said the "
        "advertisement campaign by the army had boosted recruitment.\n\n"
        "Warsaw declined to comment on the number of troops it had sent to the border on Friday.\n\n"
        "Read the statement, the spokesman said, and you will see our position is clear."
    )
    out = clean_text(body, find_title=False)
    assert out.text == "\n\n".join(p for p in body.split("\n\n"))
    assert out.removals == []


@pytest.mark.parametrize(
    ("sentence", "newsroom"),
    [
        ("The Sentinel has contacted NATO for comment.", "The Sentinel"),
        ("Frontline Daily reached out to the Kremlin for comment.", "Frontline Daily"),
        ("The Iranian embassy did not immediately respond to a request for comment.", None),
        ("Hamas officials could not be reached for comment.", None),
    ],
)
def test_comment_requests(sentence: str, newsroom: str | None) -> None:
    para = f"Israel said it struck a command centre in Gaza City on Monday. {sentence} The strike killed three."
    out = clean_text(para, find_title=False)
    assert out.text == "Israel said it struck a command centre in Gaza City on Monday. The strike killed three."
    assert [(r.reason, r.text) for r in out.removals] == [("comment_request", sentence)]
    assert out.original_publisher == newsroom


@pytest.mark.parametrize(
    ("extra", "publisher"),
    [
        ("Source: Reuters", "Reuters"),
        ("This article was originally published by The Conversation.", "The Conversation"),
        ("This article was originally published by dpa.", "dpa"),
        ("With inputs from AFP", "AFP"),
        ("— Agence France-Presse", "AFP"),
        (
            "This story has been published from a wire agency feed without modifications to the text. "
            "Only the headline has been changed.\n\nSource: Reuters",
            "Reuters",
        ),
        ("Do you have a tip on a story? Let us know via tips@newsweek.com.", "Newsweek"),
        ("Do you have a tip on a story? Let us know via desk@frontline-daily.com.", "Frontline Daily"),
    ],
)
def test_original_publisher_cues(extra: str, publisher: str) -> None:
    body = "Chad closed its border with Sudan on Tuesday after fighting in West Darfur, officials said."
    out = clean_text(f"{body}\n\n{extra}", find_title=False)
    assert out.original_publisher == publisher and out.text == body


def test_plain_text_header_variants() -> None:
    body = (
        "Hungary blocks EU aid package for Kyiv\n"
        "Politics\n"
        "Date: 14 December 2023\n"
        "By Petra Novak\n\n"
        "MINSK, July 2 - Belarus recalled its ambassador on Tuesday. Talks continued.\n"
    )
    out = clean_text(body)
    assert (out.title, out.section, out.published, out.author) == (
        "Hungary blocks EU aid package for Kyiv", "Politics", "2023-12-14", "Petra Novak"
    )
    assert out.dateline == "MINSK, July 2" and out.original_publisher is None
    assert out.text == "Belarus recalled its ambassador on Tuesday. Talks continued."


def test_first_line_sentence_is_not_a_title() -> None:
    out = clean_text("Russia struck Odesa port overnight.\n\nTwo grain ships were damaged.")
    assert out.title is None and out.text.startswith("Russia struck Odesa port")


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("Jul 03/2024 06:50PM", "2024-07-03T18:50:00"),
        ("2024-07-03", "2024-07-03"),
        ("July 3, 2024", "2024-07-03"),
        ("3 July 2024 18:50", "2024-07-03T18:50:00"),
        ("2024-07-03T18:50:00Z", "2024-07-03T18:50:00+00:00"),
        ("3 hours ago", None),
        ("", None),
    ],
)
def test_parse_published(value: str, iso: str | None) -> None:
    assert parse_published(value) == iso


def test_sentence_splitter_guards_abbreviations() -> None:
    assert sentences("The U.S. Navy moved a carrier. Gen. Smith said so. Done.") == [
        "The U.S. Navy moved a carrier.", "Gen. Smith said so.", "Done."
    ]


def test_agency_only_byline_and_section_after_it() -> None:
    out = clean_text("Iran warns Israel over strikes\nBy Reuters\nWorld\n\nTEHRAN, April 2 (Reuters) - Iran warned on Tuesday.")
    assert (out.title, out.section, out.author, out.original_publisher) == (
        "Iran warns Israel over strikes", "World", None, "Reuters"
    )
    assert out.text == "Iran warned on Tuesday." and out.dateline == "TEHRAN, April 2 (Reuters)"


def test_dateline_on_its_own_line() -> None:
    out = clean_text("CAPE TOWN, South Africa (AP) --\n\nThe government said on Friday that talks would resume.")
    assert out.title is None and out.dateline == "CAPE TOWN, South Africa (AP)"
    assert out.text == "The government said on Friday that talks would resume."
    assert out.original_publisher == "Associated Press"


def test_comment_cue_inside_a_longer_sentence_is_kept() -> None:
    para = ("Kenya gave no reason for the expulsions and its immigration department could not be reached "
            "for comment.")
    assert clean_text(para, find_title=False).text == para


def test_author_notes_and_contributor_lines_are_not_the_story() -> None:
    text = (
        "Rebels shelled the town of Goma on Monday, residents said.\n\n"
        "Hassan Ali is a journalist in Goma who covered the siege.\n\n"
        "Associated Press writers Jane Roe and John Doe contributed to this report.\n\n"
        "The author is a senior fellow at a research centre in Nairobi.\n\n"
        "The views expressed are the author's own.\n\n"
        "Marie Dupont is a freelance journalist based in Kinshasa."
    )
    doc = clean_text(text)
    assert doc.text == ("Rebels shelled the town of Goma on Monday, residents said.\n\n"
                        "Hassan Ali is a journalist in Goma who covered the siege.")
    assert {r.reason for r in doc.removals} >= {"author_note", "credits"}


def test_an_editors_note_names_the_original_publisher() -> None:
    doc = clean_text(
        "Editor's note: This report was first published in Hausa by Daily Trust. It has been translated.\n\n"
        "Gunmen killed five villagers in Zamfara state on Sunday, police said."
    )
    assert doc.original_publisher == "Daily Trust"
    assert doc.text == "Gunmen killed five villagers in Zamfara state on Sunday, police said."


def test_an_author_field_that_names_no_one_is_dropped():
    from redline.clean.rules import load_rules
    from redline.clean.text import named_authors

    rules = load_rules()
    assert named_authors("Staff Reporter; Hla Win", rules) == "Hla Win"
    assert named_authors("Ananya Sen, Staff Writer", rules) == "Ananya Sen"
    assert named_authors("Web Desk", rules) is None
    assert named_authors("Ruth Adeyemi; Pavel Soroka", rules) == "Ruth Adeyemi, Pavel Soroka"


def test_a_kicker_above_the_story_of_a_record_with_its_title_is_its_section() -> None:
    body = "OPINION\n\nThe sanctions have not worked. Borders remain open and trade goes on.\n\nNor will they."
    doc = clean(RawInput(id="t", path="t", format="record", content=body,
                         meta={"title": "Why sanctions fail", "published": "2026-02-03"}))
    assert doc.section == "OPINION" and doc.text.startswith("The sanctions have not worked.")


def test_a_title_under_a_letterhead_is_the_title() -> None:
    text = (
        "EMBASSY OF THE REPUBLIC OF ESTONIA\n\nConsular and Press Section\n\n"
        "STATEMENT No. 12/2026\n\n"
        "The Embassy condemns the detention of an Estonian citizen at the border crossing\n\n"
        "Issued on: 04.03.2026\n\n"
        "The Embassy was informed on Tuesday that an Estonian citizen had been detained. "
        "Consular staff have asked to visit him."
    )
    out = clean_text(text)
    assert out.title == "The Embassy condemns the detention of an Estonian citizen at the border crossing"
    assert "Consular and Press Section" not in out.text


def test_fenced_copy_under_a_sponsored_label_is_removed() -> None:
    story = "Serbia put its army on high alert on Sunday after clashes in northern Kosovo, the president said."
    ad = "Fly further for less. Members save 20% on every booking this winter."
    more = "Belgrade said the alert would last until further notice. Pristina called the move provocative."
    last = "NATO peacekeepers increased patrols near the crossings, a spokesman said."
    fenced = clean_text(f"{story}\n\n{more}\n\n-----\n\nSPONSORED\n{ad}\n\n-----\n\n{last}", find_title=False)
    assert ad not in fenced.text and last in fenced.text
    # a label over the story itself (no rule drawn under the next paragraph) takes only itself
    open_label = clean_text(f"{story}\n\n{more}\n\nSponsored\n\n{ad}\n\n{last}", find_title=False)
    assert ad in open_label.text


@pytest.mark.parametrize(
    "furniture",
    ["Skip to main content", "View this email in your browser", "Subscribe for $2 a month"],
)
def test_page_furniture_above_the_title_is_not_the_title(furniture) -> None:
    text = (
        f"{furniture}\n\nSoldiers seize border post in overnight raid\n\n"
        "Soldiers seized a border post on Monday after an overnight raid, officials said."
    )
    doc = clean_text(text)
    assert doc.title == "Soldiers seize border post in overnight raid"
    assert furniture not in doc.text


def test_web_and_newsletter_furniture_is_removed() -> None:
    story = "Rebels attacked an army post near the river on Monday, the governor said."
    furniture = [
        "[Photo: Soldiers patrol a market street. WIRE/Staff/File Photo]",
        "More on Dailyfeed: Floods hit the north | Talks resume in the capital",
        "Related analysis: Why the ceasefire keeps failing",
        "This week's sponsor: Harbourline Ferries - ten percent off all crossings.",
        "Enjoyed this issue? Forward to a friend.",
        "You are receiving this email because you signed up at our website.",
        "For further information, please contact:",
        "Press Office, Relief Agency, press-office@relief.example",
        "www.agency.example (Bulletin 12.3.18.)",
        "This story has been reposted from Agence France-Presse (AFP). Dailyfeed does not own the rights to it.",
        "This document was produced by the relief agency with its partners.",
        "Maria Quispe is a senior fellow at the Andean Policy Institute. The views expressed are the author's own.",
    ]
    doc = clean_text("Army post attacked\n\n" + story + "\n\n" + "\n\n".join(furniture))
    assert doc.text == story
    assert doc.original_publisher == "AFP"  # the agency's name as the agency table writes it


def test_a_story_sentence_about_photos_is_not_a_caption() -> None:
    story = "Images by a satellite company showed burned villages near the border on Monday, officials said."
    doc = clean_text("Villages burned\n\nGunmen burned three villages, officials said.\n\n" + story)
    assert story in doc.text


def test_a_report_dated_only_at_its_foot_is_published_that_day() -> None:
    head = "Flash update on the flooding in the north\n\n"
    story = (
        "Gunmen attacked a camp for displaced people near the river on Tuesday, killing four, "
        "aid workers said. Thousands fled as the shooting went on into the night, officials said."
    )
    dated = clean_text(f"{head}{story}\n\nFor further information: press@example.org\n\nIssued 16 April 2025")
    assert dated.published == "2025-04-16" and "Issued" not in dated.text
    # a date inside the story's own text never dates the story
    assert clean_text(f"{head}{story} The camp opened on 3 March 2019.").published is None


@pytest.mark.parametrize(
    ("first", "title", "published"),
    [
        ("Niger: floods cut the road to Ayorou", "Niger: floods cut the road to Ayorou", None),
        ("Chad: Ouaddai - Flash Update No. 4 (7 May 2025)", "Chad: Ouaddai - Flash Update No. 4 (7 May 2025)",
         "2025-05-07"),
        ("Source: Agence France-Presse", None, None),  # a field, not a headline
    ],
)
def test_a_headline_led_by_its_place_and_a_colon_is_the_title(first: str, title, published) -> None:
    story = (
        "Armed men attacked a market in the town on Tuesday, killing three traders, officials said. "
        "Residents fled towards the river as the shooting went on, a local official said."
    )
    out = clean_text(f"{first}\n\n{story}\n\nMore than 2,000 people have left the area since Sunday, aid workers said.")
    assert (out.title, out.published) == (title, published)
    assert out.text.startswith("Armed men")


def test_a_digests_greeting_rules_and_inline_sponsored_copy_go() -> None:
    text = (
        "Good morning. Here's what you need to know today.\n\n"
        "Floodwaters cut the main road to the port on Monday, stranding hundreds of trucks, officials said.\n\n"
        "Negotiators from both sides met again in Doha on Sunday, a mediator said.\n\n"
        "---\n\n"
        "Sponsored: Try WorldWire Pro free for 30 days and never miss a story.\n\n"
        "Ministers will meet again next month, the mediator added."
    )
    out = clean_text(text, find_title=False)
    for gone in ("Good morning", "---", "Sponsored"):
        assert gone not in out.text
    assert out.text.startswith("Floodwaters cut") and out.text.endswith("the mediator added.")


def test_an_aggregators_trailing_furniture_is_the_footer() -> None:
    story = (
        "The army said on Wednesday it had repelled an attack on the city, killing dozens of fighters.\n\n"
        "Aid agencies warned that fighting could cut supplies to displaced people."
    )
    tail = (
        "This story has not been edited by our staff and is auto-generated from a syndicated feed.\n\n"
        "You may also like:\n\nKenya protests: police fire tear gas in Nairobi\n\n"
        "Ethiopia, Eritrea trade accusations over border\n\n"
        "Like this article? Share it with your friends!\n\nLoading..."
    )
    out = clean_text(f"{story}\n\n{tail}", find_title=False)
    assert out.text == story
    live = clean_text(f"{story}\n\n12:40 GMT\n\nWelcome to our live coverage. I'm Sarah Jones.", find_title=False)
    assert "Welcome" not in live.text
