"""Cross-document event merging (redline.corroborate.merge) on hand-made reports."""

import itertools

from redline.corroborate.merge import merge_reports, same_event
from redline.records import Actor, Event, EventReport, Place


def report(doc, event="ASSAULT", actor=("RUS",), recipient=("UKR",), date="2024-07-02", granularity="day",
           published="2024-07-03", source=None, confidence=0.8, place=None, mode=(), idx=0):
    ev = Event(
        event=event,
        actor=[Actor(c, c, "MIL") for c in actor],
        recipient=[Actor(c, c, None) for c in recipient],
        date=date,
        event_text=f"{doc}: {event} by {'/'.join(actor)}",
        evidence={"start": 0, "end": 10},
        mode=list(mode),
        date_granularity=granularity,
        date_source="clause",
        place=place,
        confidence=confidence,
        score=-10.0,
    )
    return EventReport(doc_id=doc, idx=idx, event=ev, published=published, source=source or doc)


KHARKIV = Place("Kharkiv", 0, 7, "Kharkiv", "UKR", None, 49.98, 36.25, 706483, "city")
ODESA = Place("Odesa", 0, 5, "Odesa", "UKR", None, 46.48, 30.73, 698740, "city")


def test_reports_of_one_event_merge_and_copies_count_once():
    reports = [
        report("wire", published="2024-07-02T18:00", place=KHARKIV),
        report("repost", source="wire", published="2024-07-03T09:00", confidence=0.6),
        report("local", date="2024-07-01", published="2024-07-02T21:00", confidence=0.7),
    ]
    (merged,) = merge_reports(reports)
    assert merged.sources == 2  # the repost is the wire story again
    assert len(merged.reports) == 3
    assert merged.first_reported == "2024-07-02T18:00"
    assert merged.best_evidence.startswith("wire")
    assert merged.place == KHARKIV
    assert merged.confidence == round(1 - 0.2 * 0.3, 3)  # two independent sources, not three


def test_different_events_stay_apart():
    base = report("a", place=KHARKIV)
    assert not same_event(base, report("b", place=ODESA))  # 550 km apart
    assert not same_event(base, report("c", event="THREATEN"))
    assert not same_event(base, report("d", actor=("BLR",)))
    assert not same_event(base, report("e", recipient=("POL",)))
    assert not same_event(base, report("f", date="2024-07-05"))
    assert not same_event(base, report("g", mode=("negation",)))
    assert not same_event(base, report("a", idx=1))  # one article's events were already merged
    assert same_event(base, report("h", date="2024-07", granularity="month"))
    assert not same_event(base, report("i", date="2024", granularity="year"))


def test_unknown_doers_are_one_event_only_where_a_recipient_or_place_ties_them():
    arrests = report("a", event="COERCE", actor=("UNK",), recipient=())
    assert not same_event(arrests, report("b", event="COERCE", actor=("UNK",), recipient=()))
    placed = report("c", event="COERCE", actor=("UNK",), recipient=(), place=KHARKIV)
    assert same_event(placed, report("d", event="COERCE", actor=("UNK",), recipient=(), place=KHARKIV))
    assert same_event(report("e", actor=("UNK",)), report("f", actor=("UNK",)))  # both on UKR


def test_merging_does_not_depend_on_order():
    reports = [
        report("a", published="2024-07-02"),
        report("b", date="2024-07-03", published="2024-07-03"),
        report("c", date="2024-07-04", published="2024-07-04"),
        report("d", actor=("BLR",), published="2024-07-03"),
        report("e", event="THREATEN", published="2024-07-03"),
    ]

    def shape(merged):
        return sorted((m.id, m.event, m.date, tuple(sorted(r.doc_id for r in m.reports))) for m in merged)

    expected = shape(merge_reports(reports))
    for perm in itertools.permutations(reports):
        assert shape(merge_reports(perm)) == expected
    # a chain of near-misses (2nd, 3rd, 4th July) does not become one event
    assert ("a", "b") in {tuple(sorted(r.doc_id for r in m.reports)) for m in merge_reports(reports)}
    assert len(merge_reports(reports)) == 4
