import datetime as dt

from redline.code.dates import dates_compatible, event_date, more_specific

PUB = dt.date(2024, 7, 3)


def test_timex_values_become_calendar_dates():
    assert event_date("2024-07-02", PUB) == ("2024-07-02", "day")
    assert event_date("2024-07-02T18:50", PUB) == ("2024-07-02", "day")
    assert event_date("2023-06", PUB) == ("2023-06", "month")
    assert event_date("2022", PUB) == ("2022", "year")
    assert event_date("PRESENT_REF", PUB) == ("2024-07-03", "day")
    assert event_date("PAST_REF", PUB) == (None, None)
    assert event_date(None, PUB) == (None, None)


def test_weeks_and_weekends():
    # ISO week 26 of 2024 runs Mon 24 June .. Sun 30 June; its weekend starts Sat 29 June.
    assert event_date("2024-W26", PUB) == ("2024-06-24", "week")
    assert event_date("2024-W26-WE", PUB) == ("2024-06-29", "weekend")


def test_compatible_dates_nest_or_touch():
    assert dates_compatible("2022", "2022-02-24")
    assert dates_compatible("2022-02", "2022-02-24")
    assert not dates_compatible("2022", "2023-02-24")
    assert not dates_compatible("2024-06-29", "2024-07-02")
    assert dates_compatible("2024-06-29", "2024-06-30", "weekend", "day")
    assert dates_compatible(None, None)
    assert not dates_compatible(None, "2024-07-02")


def test_more_specific_prefers_the_day():
    assert more_specific("2022", "2022-02-24") == "2022-02-24"
    assert more_specific(None, "2022") == "2022"


def test_the_described_event_takes_the_day_a_later_sentence_gives_it(code_text):
    text = (
        "Gunmen ambushed a police patrol near the border, killing four officers, officials told "
        "reporters on Thursday.\n\n"
        "The ambush happened on Tuesday night on a road outside the town, a police source said."
    )
    (event,) = code_text(text, "2025-06-12").events  # a Thursday
    assert (event.event, event.date, event.date_source) == ("ASSAULT", "2025-06-10", "clause")


def test_the_sentence_dating_a_told_event_is_no_new_event(code_text):
    # the classifier reads "The attack took place ..." as an attack; it is the one told before
    text = (
        "Islamist militants ambushed an army patrol in northern Burkina Faso, killing five soldiers, "
        "security sources said on Wednesday.\n\n"
        "The attack took place on Monday on the road linking the Malian border to Djibo."
    )
    events = code_text(text, "2026-03-04").events  # a Wednesday
    assert [(e.event, e.date, e.trigger) for e in events] == [("ASSAULT", "2026-03-02", "ambushed")]


def test_an_after_clause_is_told_by_the_time_of_its_main_clause():
    from redline.code.clause_time import time_partners
    from redline.pipeline import shared_pipeline

    doc = shared_pipeline().nlp("The council suspended the talks in May 2023 after the militia attacked a market.")
    attacked = next(t for t in doc if t.text == "attacked")
    assert attacked.dep_ == "advcl"
    assert [t.text for t in time_partners(attacked)] == ["suspended"]


def test_an_undated_sentence_is_at_the_time_its_paragraph_last_stated(code_text):
    text = ("In March 2019, General Amadou Diallo took command of the northern region of Mali. "
            "His troops attacked a rebel base near Kidal, killing five fighters.")
    (event,) = code_text(text, "2026-04-11").events
    assert (event.event, event.date, event.date_source, event.mode) == ("ASSAULT", "2019-03", "context", ["historical"])


def test_a_readiness_is_dated_when_it_was_said_not_when_it_is_meant_to_happen(code_text):
    text = "Armenia is ready to sign the treaty next month, the prime minister said on Monday."
    (event,) = code_text(text, "2024-11-19").events
    assert (event.event, event.date) == ("AGREE", "2024-11-18")
    text = ("Speaking in parliament last Wednesday, the prime minister said Armenia was \"ready to sign the "
            "text tomorrow\".")
    (event,) = code_text(text, "2024-11-19").events
    assert (event.event, event.date) == ("AGREE", "2024-11-13")


def test_news_of_today_and_an_attack_earlier_this_month_are_two_attacks(code_text):
    text = ("Houthi rebels fired ballistic missiles at a Greek-owned tanker in the Red Sea, the group said.\n\n"
            "The Houthis also attacked Greek ships in the Red Sea earlier this month.")
    events = code_text(text, "2026-04-18").events
    assert sorted((e.event, e.date) for e in events) == [("ASSAULT", "2026-04"), ("ASSAULT", "2026-04-18")]


def test_a_verb_coordinated_with_a_dated_one_shares_its_time(code_text):
    # "on Sunday" hangs on "wounded"; "killed" shares the subject and the time: one attack
    text = "A missile strike on the city of Sumy killed 11 people and wounded 84 on Sunday, officials said."
    events = code_text(text, "2025-04-15").events
    assert [(e.event, e.date) for e in events] == [("ASSAULT", "2025-04-13")]


def test_an_event_told_days_before_another_is_dated_so(code_text):
    text = (
        "A missile strike on the city of Sumy killed 11 people on Sunday, officials said.\n\n"
        "The attack came two days after U.S. envoy Steve Witkoff met Russian President Vladimir Putin "
        "in St Petersburg."
    )
    events = code_text(text, "2025-04-14").events
    assert [(e.event, e.date) for e in events if e.event == "CONSULT"] == [("CONSULT", "2025-04-11")]


def test_a_period_that_has_not_ended_is_not_history(code_text):
    # "in the spring" told in March is this year's (a year, as seasons are kept): not past
    text = "Ukraine will launch a counteroffensive in the spring, its defence minister said."
    events = code_text(text, "2025-03-10").events
    assert events and all("historical" not in e.mode for e in events)
    past = code_text("In 2021, the army seized power in a coup.", "2025-03-10").events
    assert past and all("historical" in e.mode for e in past)


def test_a_time_of_day_that_names_the_day_dates_the_event_a_clock_time_does_not(code_text):
    (night,) = code_text("Rebels attacked the town of Beni late last night.", "2026-05-12").events
    assert (night.date, night.date_source) == ("2026-05-11", "clause")
    text = ("Thai and Cambodian troops exchanged fire on Saturday near the border.\n\n"
            "The army said Cambodian forces opened fire on a Thai patrol at around 6:30 a.m.")
    events = code_text(text, "2026-09-08").events  # a Tuesday; the clock time is Saturday's
    assert events and all(e.date_text is None or "6:30" not in e.date_text for e in events)


def test_an_act_dated_by_its_report_is_the_act_told_again_with_its_own_day(code_text):
    text = (
        "Islamist militants killed nine soldiers in an attack on a military base in Borno state, "
        "the army said on Wednesday.\n\n"
        "The fighters stormed the base in the town of Marte late on Monday, the army said."
    )
    events = code_text(text, "2026-03-18").events  # a Wednesday
    assert [(e.event, e.date) for e in events] == [("ASSAULT", "2026-03-16")]


def test_a_time_that_only_bounds_a_span_does_not_date_the_event(code_text):
    # "since 2007" starts a span that runs to now: not an act of 2007, and not news either,
    # but a state that has lasted since long ago (background); "since Monday" is news
    events = code_text("Rebels have shelled the town of Beni since 2007.", "2026-05-12").events
    assert events and all(e.date != "2007" and "historical" in e.mode for e in events)
    recent = code_text("Rebels have shelled the town of Beni since Monday.", "2026-05-12").events
    assert recent and all("historical" not in e.mode for e in recent)
    # beside the news it is background, and not merged into the news's attack
    news = "Rebels shelled a market in Beni on Monday, killing four people. They have shelled the town since 2007."
    document = code_text(news, "2026-05-12")
    assert [(e.event, e.date) for e in document.events] == [("ASSAULT", "2026-05-11")]
    assert [(e.event, "historical" in e.mode) for e in document.background] == [("ASSAULT", True)]
    dated = code_text("Rebels shelled the town of Beni in 2007.", "2026-05-12").events
    assert dated and all(e.date == "2007" and "historical" in e.mode for e in dated)


def test_a_date_owning_another_noun_describes_it_not_the_event(code_text):
    # "last week's protests" is the protests' week (a cause, not a time); the court sentenced today
    text = "The court sentenced the opposition leader over last week's protests."
    events = code_text(text, "2026-05-12").events
    assert events and all(e.date == "2026-05-12" and e.date_source == "publication" for e in events)
    # a preposition of time sets the clause's time: "in last week's demonstrations"
    (fired,) = code_text("Soldiers fired on protesters in last week's demonstrations.", "2026-05-12").events
    assert fired.date == "2026-05-04"
    # the event's own noun keeps its date: "Monday's raid"
    (raid,) = code_text("Monday's raid on the village killed five people.", "2026-05-13").events
    assert (raid.event, raid.date) == ("ASSAULT", "2026-05-11")


def test_an_event_dated_after_publication_is_future_an_intent_is_dated_when_made(code_text):
    # told on a Monday: the meeting on Thursday has not happened; read as the meeting it is
    # future on its day, read as an agreement to meet (PLOVER's AGREE) it was made when told
    (meeting,) = code_text("EU foreign ministers will meet in Luxembourg on Thursday.", "2026-04-13").events
    assert (meeting.event, meeting.date, meeting.mode) in [
        ("CONSULT", "2026-04-16", ["future"]), ("AGREE", "2026-04-13", [])
    ]
    # a threat about next month is made now: its date is not its content's
    (threat,) = code_text("Russia threatened to cut gas supplies to Moldova next month.", "2026-04-15").events
    assert (threat.event, threat.date, threat.date_source, threat.mode) == (
        "THREATEN", "2026-04-15", "publication", []
    )


def test_a_reaction_is_not_dated_before_the_act_it_reacts_to(code_text):
    text = (
        "Government forces shelled Druze villages near Sweida this week, killing at least 19 people, "
        "monitors said.\n\nIsraeli aircraft struck army vehicles near Sweida on Wednesday.\n\n"
        "The Syrian foreign ministry condemned the strike."
    )
    events = code_text(text, "2026-01-22").events  # a Thursday; "this week" began on Monday the 19th
    reaction = [e for e in events if e.event == "ACCUSE"]
    assert [(e.date, [a.code for a in e.recipient]) for e in reaction] == [("2026-01-21", ["ISR"])]


def test_a_when_clause_on_a_time_tells_what_happened_then(code_text):
    text = "The violence began late on Monday, when gunmen attacked a police checkpoint near the town of Beni."
    attacks = [e for e in code_text(text, "2026-01-22").events if e.event == "ASSAULT"]  # a Thursday
    assert [(e.date, e.trigger) for e in attacks] == [("2026-01-19", "attacked")]


def test_a_week_told_of_takes_the_day_of_its_first_act_and_keeps_the_next_apart(code_text):
    text = (
        "Rebels and government forces fought around Beni this week, killing at least 19 people.\n\n"
        "The violence began late on Monday, when rebels attacked a police checkpoint near Beni.\n\n"
        "On Tuesday, government forces shelled rebel positions near Beni."
    )
    attacks = [e for e in code_text(text, "2026-01-22").events if e.event == "ASSAULT"]
    assert sorted(e.date for e in attacks) == ["2026-01-19", "2026-01-20"]


def test_a_time_between_the_report_and_its_clause_dates_the_report(code_text):
    # the parser hangs "on Monday" on "repelled": it tells when the army said it
    text = "The army said on Monday it had repelled an attack on a base the previous night."
    events = code_text(text, "2026-03-04").events  # a Wednesday
    assert [(e.event, e.date) for e in events] == [("ASSAULT", "2026-03-01")]
    alone = code_text("The army said on Monday it had repelled an attack on a base.", "2026-03-04").events
    assert [(e.event, e.date) for e in alone] == [("ASSAULT", "2026-03-02")]


def test_a_when_clause_on_a_since_phrase_is_at_that_time(code_text):
    events = code_text("Talks have stalled since January, when the army shelled a rebel camp.", "2026-03-04").events
    assert [(e.event, e.date) for e in events] == [("ASSAULT", "2026-01")]


def test_a_date_on_the_subject_dates_its_clause_when_nothing_else_does(code_text):
    events = code_text("The 2018 peace agreement between Kiir and Machar ended a five-year civil war.", "2026-03-04").events
    assert events and all(e.date == "2018" for e in events)


def test_a_chain_of_participles_shares_the_main_verbs_time(code_text):
    text = ("The Japanese government on Friday expanded its sanctions, adding 20 Russian companies to its "
            "asset freeze list and banning the export of machine tools to Russian firms.")
    events = code_text(text, "2025-11-19").events  # a Wednesday
    assert events and all(e.date == "2025-11-14" for e in events)


def test_an_act_told_on_a_day_and_attacks_earlier_that_month_stay_apart(code_text):
    text = (
        "Yemen's Houthi rebels say they fired ballistic missiles at a Liberian-flagged vessel.\n\n"
        "Houthi military spokesman Yahya Saree said on Saturday that the group's naval forces had "
        "targeted the Liberian-flagged bulk carrier.\n\n"
        "The Houthis resumed attacks earlier this month on vessels they link to Israel."
    )
    events = [e for e in code_text(text, "2026-04-18").events if e.event == "ASSAULT"]
    assert sorted(e.date for e in events) == ["2026-04", "2026-04-18"]


def test_a_fronted_time_the_parser_hung_on_the_subject_still_dates_the_clause(code_text):
    # "On" stays with the verb, "Tuesday" goes into the subject ("Tuesday Kenya's ... minister")
    events = code_text("On Tuesday Kenya's information minister accused Uganda of preparing an invasion.",
                       "2026-08-20").events
    assert [(e.event, e.date) for e in events] == [("ACCUSE", "2026-08-18")]


def test_an_agreement_is_dated_when_made_not_by_what_it_intends(code_text):
    events = code_text("Kenya and Uganda agreed to open two new border markets before the end of the year.",
                       "2026-05-27").events
    assert [(e.event, e.date) for e in events] == [("AGREE", "2026-05-27")]


def test_a_dated_line_of_a_timeline_dates_what_it_tells(code_text):
    text = (
        "Below are the key moments of the year so far.\n\n"
        "• 17 January – The army and the Northern Front agree a ceasefire in Mandalay after talks.\n"
        "• 12 June – Government troops attack rebel positions near Lashio."
    )
    events = code_text(text, "2025-09-24").events
    dates = {e.event: e.date for e in events}
    assert dates.get("AGREE") == "2025-01-17"
    assert dates.get("ASSAULT") == "2025-06-12"


def test_an_act_in_which_a_verb_is_done_takes_that_verbs_time(code_text):
    text = "Taxi drivers across Quito stayed home on Monday in a strike called by transport unions."
    (event,) = [e for e in code_text(text, "2026-06-17").events if e.event == "PROTEST"]  # a Wednesday
    assert event.date == "2026-06-15"


def test_a_threat_about_the_future_is_dated_by_its_paragraphs_time(code_text):
    text = (
        "Taxi drivers across Quito stayed home on Monday in a strike called by transport unions. "
        "Hours later, the unions threatened an indefinite stoppage from next week."
    )
    (threat,) = [e for e in code_text(text, "2026-06-17").events if e.event == "THREATEN"]
    assert threat.date == "2026-06-15"
    assert threat.date_source == "context"


def test_a_fronted_participle_sets_the_time_of_its_clause(code_text):
    text = ("Speaking at a briefing on Wednesday, a spokeswoman for Russia's foreign ministry warned that Moscow "
            "would respond to the new sanctions.")
    (event,) = [e for e in code_text(text, "2025-11-21").events if e.event == "THREATEN"]  # a Friday
    assert event.date == "2025-11-19"
