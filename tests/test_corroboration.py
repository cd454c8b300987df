"""Stories, merged events and alerts through `redline ingest` on articles written for these tests.

izmail-wire.html (a news site's page), izmail-repost.txt (an aggregator's plain-text repost of
it), izmail-rewrite.txt (another outlet's rewrite: new title, paragraphs reordered, sentences
reworded) and kharkiv-other.txt (a different Russian strike on Ukraine the same day).
"""

import json
from pathlib import Path

import pytest

from redline.cli import main
from redline.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "corroboration"
WIRE, REPOST, REWRITE, OTHER = (
    str(FIXTURES / n) for n in ("izmail-wire.html", "izmail-repost.txt", "izmail-rewrite.txt", "kharkiv-other.txt")
)


@pytest.fixture(scope="module")
def factory():
    from conftest import _pipeline

    return lambda workers: _pipeline()


def ingest(db, paths, factory, capsys):
    status = main(["ingest", "--db", str(db), *paths], pipeline_factory=factory)
    err = capsys.readouterr().err
    assert status == 0, err
    return err


def assaults(db):
    with Store(db, read_only=True) as store:
        return [m for m in store.merged_events() if m.event == "ASSAULT"]


def test_repost_and_html_copy_are_one_story_and_one_source(tmp_path, factory, capsys):
    db = tmp_path / "a.duckdb"
    ingest(db, [WIRE, REPOST], factory, capsys)
    with Store(db, read_only=True) as store:
        docs = {Path(d["id"]).name: d for d in store.documents()}
        stories = store.stories(min_size=2)
    assert docs["izmail-repost.txt"]["duplicate_of"] == WIRE  # the HTML page was published first
    assert docs["izmail-repost.txt"]["duplicate_kind"] in {"exact", "near"}
    assert len(stories) == 1 and stories[0]["documents"] == 2
    [attack] = assaults(db)
    assert attack.sources == 1 and len(attack.reports) == 2
    assert {a.code for a in attack.actor} == {"RUS"} and {a.code for a in attack.recipient} == {"UKR"}
    assert attack.date == "2025-06-10"


def test_rewrite_is_caught_and_other_story_stays_apart(tmp_path, factory, capsys):
    db = tmp_path / "b.duckdb"
    err = ingest(db, [WIRE, REWRITE, OTHER], factory, capsys)
    assert "store: 2 stories (1 documents are copies or rewrites)" in err
    with Store(db, read_only=True) as store:
        docs = {Path(d["id"]).name: d for d in store.documents()}
    assert docs["izmail-rewrite.txt"]["story_id"] == docs["izmail-wire.html"]["story_id"]
    assert docs["kharkiv-other.txt"]["story_id"] != docs["izmail-wire.html"]["story_id"]
    by_place = {m.place.name if m.place else None: m for m in assaults(db)}
    assert len(by_place) == 2  # Izmail and Kharkiv: same day, same countries, two events
    izmail = next(m for name, m in by_place.items() if name and name.startswith("Izma"))
    assert izmail.sources == 1 and len(izmail.reports) == 2  # a rewrite of one story is not corroboration


def test_merge_does_not_depend_on_ingest_order(tmp_path, factory, capsys):
    def snapshot(db):
        with Store(db, read_only=True) as store:
            merged = sorted(
                (m.id, m.event, m.date, m.sources, tuple(sorted(Path(r.doc_id).name for r in m.reports)))
                for m in store.merged_events()
            )
            stories = sorted(tuple(sorted(Path(i).name for i in s["ids"])) for s in store.stories())
        return merged, stories

    forward = tmp_path / "forward.duckdb"
    ingest(forward, [WIRE, REPOST, REWRITE, OTHER], factory, capsys)
    backward = tmp_path / "backward.duckdb"
    for path in (OTHER, REWRITE, REPOST, WIRE):  # one at a time, newest first
        ingest(backward, [path], factory, capsys)
    assert snapshot(forward) == snapshot(backward)


def test_merged_events_stories_escalation_and_alerts_commands(tmp_path, factory, capsys):
    db = tmp_path / "c.duckdb"
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "- id: russian-attacks\n  description: ASSAULT by RUS\n  event: ASSAULT\n  actor: RUS\n", encoding="utf-8"
    )
    main(["ingest", "--db", str(db), "--alerts", str(rules), WIRE, REPOST, OTHER], pipeline_factory=factory)
    assert capsys.readouterr().err.count("alert: russian-attacks ev-") == 2
    assert main(["events", "--db", str(db), "--merged", "--event", "ASSAULT", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["sources"] for r in rows) == [1, 1] and sorted(r["reports"] for r in rows) == [1, 2]
    assert sorted(len(r["report_docs"]) for r in rows) == [1, 2]
    assert {WIRE, REPOST} in [set(r["report_docs"]) for r in rows]
    assert main(["stories", "--db", str(db), "--min-size", "2"]) == 0
    assert "(1 stories)" in capsys.readouterr().out
    assert main(["escalation", "--db", str(db), "--dyad", "RUS-UKR", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("day,dyad,score") and lines[1].startswith("2025-06-10,RUS-UKR,")
    png = tmp_path / "chart.png"
    assert main(["escalation", "--db", str(db), "--dyad", "RUS-UKR", "--format", "png", "--output", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["alerts", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.count("russian-attacks") == 2 and "(2 alerts)" in out
    # alerts fire once: ingesting again adds none
    main(["ingest", "--db", str(db), "--alerts", str(rules), REWRITE], pipeline_factory=factory)
    assert "0 new alerts" in capsys.readouterr().err


def test_a_failing_corroboration_keeps_the_stored_documents(tmp_path, factory, capsys, monkeypatch):
    import redline.ingestion as ingestion

    def broken(*args, **kwargs):
        raise RuntimeError("merge exploded")

    monkeypatch.setattr(ingestion, "refresh", broken)
    db = tmp_path / "d.duckdb"
    status = main(["ingest", "--db", str(db), WIRE], pipeline_factory=factory)
    err = capsys.readouterr().err
    assert status == 1 and "corroboration failed (RuntimeError: merge exploded)" in err
    with Store(db, read_only=True) as store:
        assert store.count("documents") == 1


def test_thresholds_from_a_settings_file(tmp_path, factory, capsys):
    from redline.ingestion import load_settings

    settings = tmp_path / "settings.yaml"
    strict = "dedup:\n  jaccard: 0.99\n  containment: 1.0\n  reworded_jaccard: 0.99\n  rewrites: false\n"
    settings.write_text(strict + "merge:\n  day_slack: 0\n", encoding="utf-8")
    dedup, merge = load_settings(settings)
    assert dedup.jaccard == 0.99 and not dedup.rewrites and merge.day_slack == 0
    db = tmp_path / "e.duckdb"
    status = main(["ingest", "--db", str(db), "--settings", str(settings), WIRE, REWRITE], pipeline_factory=factory)
    assert status == 0
    assert "store: 2 stories" in capsys.readouterr().err  # the strict thresholds keep the rewrite apart
    settings.write_text("dedup:\n  jacard: 0.5\n", encoding="utf-8")
    status = main(["ingest", "--db", str(db), "--settings", str(settings), WIRE], pipeline_factory=factory)
    assert status == 1 and "unknown dedup settings ['jacard']" in capsys.readouterr().err


def test_new_thresholds_reassign_stored_documents(tmp_path, factory, capsys):
    db = tmp_path / "f.duckdb"
    ingest(db, [WIRE, REWRITE], factory, capsys)
    settings = tmp_path / "s.yaml"
    settings.write_text("dedup:\n  min_words: 100000\n", encoding="utf-8")  # only exact copies now
    main(["ingest", "--db", str(db), "--settings", str(settings), OTHER], pipeline_factory=factory)
    capsys.readouterr()
    with Store(db, read_only=True) as store:
        docs = {Path(d["id"]).name: d for d in store.documents()}
    rewrite = docs["izmail-rewrite.txt"]
    assert rewrite["duplicate_of"] is None and rewrite["story_id"] == REWRITE


def test_an_edited_file_replaces_its_story_entry(tmp_path, factory, capsys):
    db = tmp_path / "g.duckdb"
    article = tmp_path / "izmail.txt"
    article.write_text(Path(REPOST).read_text(encoding="utf-8"), encoding="utf-8")
    ingest(db, [WIRE, str(article)], factory, capsys)
    article.write_text(Path(OTHER).read_text(encoding="utf-8"), encoding="utf-8")  # now another story
    ingest(db, [str(article)], factory, capsys)
    ingest(db, [REWRITE], factory, capsys)  # the index saved after the rebuild is used again
    with Store(db, read_only=True) as store:
        docs = {Path(d["id"]).name: d for d in store.documents()}
    assert len(docs) == 3
    assert docs["izmail.txt"]["duplicate_of"] is None and docs["izmail.txt"]["story_id"] == str(article)
    assert docs["izmail-rewrite.txt"]["story_id"] == WIRE


def test_an_event_renamed_by_an_older_report_does_not_alert_again(tmp_path, factory, capsys):
    db = tmp_path / "h.duckdb"
    rules = tmp_path / "rules.yaml"
    rules.write_text("- id: ru-attacks\n  description: ASSAULT by RUS\n  event: ASSAULT\n  actor: RUS\n",
                     encoding="utf-8")
    main(["ingest", "--db", str(db), "--alerts", str(rules), REPOST], pipeline_factory=factory)
    assert capsys.readouterr().err.count("alert: ru-attacks") == 1
    before = {m.id for m in assaults(db)}
    # the page was published before the repost: the merged event now starts with it
    main(["ingest", "--db", str(db), "--alerts", str(rules), WIRE], pipeline_factory=factory)
    assert "0 new alerts" in capsys.readouterr().err
    assert {m.id for m in assaults(db)} != before
