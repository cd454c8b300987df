"""The DuckDB store: idempotent adds, one transaction per document, event queries and exports."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from redline.records import (
    Actor,
    Document,
    Entity,
    Event,
    Place,
    Quote,
    Removal,
    TimeExpr,
)
from redline.store import Store, StoreError, default_db_path


def make_event(
    event: str,
    actor: str,
    recipient: str | None,
    when: str | None,
    text: str = "Belarus threatened Ukraine.",
    mode: list[str] | None = None,
) -> Event:
    return Event(
        event=event,
        actor=[Actor(entity_text=actor.title(), code=actor, sector="GOV")],
        recipient=[Actor(entity_text=recipient.title(), code=recipient, sector="MIL")] if recipient else [],
        date=when,
        event_text=text,
        evidence={"start": 0, "end": len(text)},
        mode=mode or [],
        context=["military"],
        place=Place(text="Minsk", start=0, end=5, name="Minsk", country="BLR"),
        claimed_by=Actor(entity_text="Lukashenko", code="BLR", sector="GOV"),
        score=-6.0,
        confidence=0.8,
        trigger="threatened",
    )


def make_doc(doc_id: str, text: str, events: list[Event] | None = None, **kw) -> Document:
    return Document(
        id=doc_id,
        path=f"/in/{doc_id}.txt",
        title=f"Title {doc_id}",
        published="2024-07-03",
        publisher="Aggregator",
        original_publisher="Wire",
        text=text,
        times=[TimeExpr(text="Tuesday", start=0, end=7, value="2024-07-02", granularity="day")],
        entities=[Entity(text="Belarus", start=0, end=7, label="GPE", code="BLR", attrs={"k": "v"})],
        places=[Place(text="Minsk", start=0, end=5, name="Minsk", country="BLR", lat=53.9, lon=27.56)],
        quotes=[Quote(text="We are ready", start=0, end=12, speaker="Lukashenko", speaker_code="BLR")],
        removals=[Removal(text="Send us your tips", reason="solicitation")],
        events=events if events is not None else [make_event("THREATEN", "BLR", "UKR", "2024-07-02")],
        **kw,
    )


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "t.duckdb") as s:
        yield s


def test_default_db_path_env(monkeypatch, tmp_path):
    monkeypatch.delenv("REDLINE_DB", raising=False)
    assert default_db_path() == Path("redline.duckdb")
    monkeypatch.setenv("REDLINE_DB", str(tmp_path / "x.duckdb"))
    assert default_db_path() == tmp_path / "x.duckdb"


def test_add_stores_document_and_children(store):
    doc = make_doc("a", "Belarus threatened Ukraine on Tuesday.")
    assert store.add(doc) == "stored"
    for table, n in [
        ("documents", 1),
        ("events", 1),
        ("entities", 1),
        ("quotes", 1),
        ("removals", 1),
        ("times", 1),
        ("places", 1),
        ("errors", 0),
    ]:
        assert store.count(table) == n, table
    [row] = store.documents()
    assert row["id"] == "a" and row["original_publisher"] == "Wire"
    assert row["content_hash"]
    assert row["record"]["events"][0]["event"] == "THREATEN"
    assert row["record"]["title"] == "Title a"


def test_same_document_twice_is_stored_once_and_copies_are_kept(store):
    assert store.add(make_doc("a", "Same text.")) == "stored"
    assert store.add(make_doc("a", "Same text.")) == "duplicate"  # idempotent: nothing changes
    assert store.count("documents") == 1
    # another site's copy of the story is stored, pointing at the earliest copy
    copy = make_doc("b", "Same text.", events=[])
    copy.duplicate_of, copy.duplicate_kind, copy.story_id = "a", "exact", "a"
    assert store.add(copy) == "stored"
    assert store.count("documents") == 2
    rows = {d["id"]: d for d in store.documents()}
    assert rows["b"]["duplicate_of"] == "a" and rows["b"]["story_id"] == "a"
    assert rows["b"]["duplicate_kind"] == "exact"


def test_explicit_content_hash_is_used(store):
    assert store.add(make_doc("a", "x", content_hash="h1")) == "stored"
    assert store.add(make_doc("a", "y", content_hash="h1")) == "duplicate"
    assert store.documents()[0]["content_hash"] == "h1"


def test_version_1_database_is_migrated(tmp_path):
    import duckdb

    from redline.store.schema import DDL

    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute("CREATE SEQUENCE doc_key_seq START 2")
    v1_documents = DDL[2].replace("content_hash VARCHAR NOT NULL,", "content_hash VARCHAR NOT NULL UNIQUE,")
    v1_documents = v1_documents.replace(",\n        story_id VARCHAR,\n        duplicate_kind VARCHAR", "")
    con.execute(v1_documents)
    con.execute("INSERT INTO documents (doc_key, id, content_hash, ingested_at) VALUES (1, 'old', 'h', now())")
    con.close()
    with Store(path) as s:
        [row] = s.documents()
        assert row["id"] == "old" and row["story_id"] is None
        assert s.add(make_doc("new", "Fresh.")) == "stored"
        assert s.count("merged_events") == 0


def test_error_document_goes_to_errors_table(store):
    bad = Document(id="bad", path="/in/bad.bin", error="/in/bad.bin: not a text file")
    assert store.add(bad) == "error"
    assert store.count("documents") == 0
    assert store.count("errors") == 1
    [err] = store.errors()
    assert err["input"] == "/in/bad.bin" and "not a text file" in err["reason"]


def test_failing_add_rolls_back_and_keeps_earlier_documents(store):
    assert store.add(make_doc("a", "First.")) == "stored"
    broken = make_doc("b", "Second.")
    # not JSON-serialisable: fails after the document row was already inserted
    broken.entities[0].attrs = {"bad": object()}
    with pytest.raises(TypeError):
        store.add(broken)
    assert store.count("documents") == 1
    assert store.count("events") == 1
    assert store.count("entities") == 1
    assert [d["id"] for d in store.documents()] == ["a"]
    # the failed document left no trace: it can be stored once fixed
    broken.entities[0].attrs = {}
    assert store.add(broken) == "stored"
    assert store.count("documents") == 2
    assert store.count("events") == 2


def test_persists_across_connections(tmp_path):
    path = tmp_path / "sub" / "p.duckdb"
    with Store(path) as s:
        s.add(make_doc("a", "Persisted."))
    with Store(path) as s:
        assert s.count("documents") == 1
        assert s.add(make_doc("a", "Persisted.")) == "duplicate"
    with Store(path, read_only=True) as s:
        assert len(s.query_events()) == 1


def test_schema_version_mismatch_raises(tmp_path):
    path = tmp_path / "v.duckdb"
    with Store(path):
        pass
    conn = duckdb.connect(str(path))
    conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(StoreError, match="schema version 999"):
        Store(path)


def test_count_rejects_unknown_table(store):
    with pytest.raises(ValueError):
        store.count("meta; DROP TABLE documents")


@pytest.fixture
def filled(store):
    store.add(
        make_doc(
            "d1",
            "one",
            events=[
                make_event("THREATEN", "BLR", "UKR", "2024-07-02"),
                make_event("ASSAULT", "RUS", "UKR", "2024-06"),
            ],
        )
    )
    store.add(
        make_doc(
            "d2",
            "two",
            events=[
                Event(
                    event="THREATEN",
                    actor=[Actor("Russia", "RUS"), Actor("Belarus", "BLR")],
                    recipient=[Actor("NATO", "NAT")],
                    date="2024-08-15",
                    event_text="They warned NATO.",
                    evidence={"start": 0, "end": 17},
                    mode=["future"],
                ),
                make_event("COOPERATE", "UKR", None, "PAST_REF"),
            ],
        )
    )
    return store


def test_query_events_filters(filled):
    assert len(filled.query_events()) == 4
    blr = filled.query_events(actor="BLR")
    assert [(e["event"], e["date"]) for e in blr] == [("THREATEN", "2024-07-02"), ("THREATEN", "2024-08-15")]
    assert {e["event"] for e in filled.query_events(recipient="ukr")} == {"THREATEN", "ASSAULT"}
    assert [e["doc_id"] for e in filled.query_events(event="threaten", recipient="NAT")] == ["d2"]
    assert filled.query_events(actor="BLR", recipient="UKR")[0]["actor_codes"] == ["BLR"]


def test_query_events_dates(filled):
    # a month-only date overlaps any range that touches the month; PAST_REF has no span
    assert {e["date"] for e in filled.query_events(since="2024-06-30")} == {
        "2024-06",
        "2024-07-02",
        "2024-08-15",
    }
    assert {e["date"] for e in filled.query_events(since="2024-07-01")} == {"2024-07-02", "2024-08-15"}
    assert {e["date"] for e in filled.query_events(until="2024-07-02")} == {"2024-06", "2024-07-02"}
    assert [e["date"] for e in filled.query_events(since="2024-07", until="2024-07")] == ["2024-07-02"]
    with pytest.raises(ValueError, match="since"):
        filled.query_events(since="last week")


def test_query_event_row_contents(filled):
    [row] = filled.query_events(actor="BLR", recipient="UKR")
    assert row["title"] == "Title d1" and row["published"] == "2024-07-03"
    assert row["mode"] == [] and row["context"] == ["military"]
    assert row["actor_texts"] == ["Blr"] and row["recipient_sectors"] == ["MIL"]
    assert (row["evidence_start"], row["evidence_end"]) == (0, len(row["event_text"]))
    assert row["place"] == "Minsk" and row["place_country"] == "BLR" and row["claimed_by"] == "BLR"
    assert row["score"] == -6.0 and row["trigger"] == "threatened"


def test_export_csv_and_parquet(filled, tmp_path):
    out = tmp_path / "e's.csv"  # quote in the name must not break COPY
    assert filled.export_events(out, "csv", actor="BLR") == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["date"] for r in rows] == ["2024-07-02", "2024-08-15"]
    assert rows[1]["actor_codes"] == "RUS;BLR"
    pq = tmp_path / "e.parquet"
    assert filled.export_events(pq, "parquet", event="THREATEN") == 2
    back = duckdb.sql(f"SELECT event, actor_codes FROM read_parquet('{pq}') ORDER BY 1").fetchall()
    assert back[0][1] == ["BLR"] and back[1][1] == ["RUS", "BLR"]
    assert filled.count("events") == 4  # the temp export table is gone, nothing changed


def test_actor_lists_stay_aligned(store, tmp_path):
    ev = Event(
        event="PROTEST",
        actor=[Actor("protesters", None, "CVL"), Actor("Belarusians", "BLR", None)],
        recipient=[],
        date="2024-07",
        event_text="Protesters and Belarusians rallied.",
        evidence={"start": 0, "end": 35},
    )
    store.add(make_doc("p", "rally", events=[ev]))
    [row] = store.query_events(actor="BLR")
    assert row["actor_codes"] == [None, "BLR"] and row["actor_sectors"] == ["CVL", None]
    assert row["actor_texts"] == ["protesters", "Belarusians"] and row["recipient_codes"] == []
    out = tmp_path / "p.csv"
    store.export_events(out, "csv")
    [line] = list(csv.DictReader(out.open(encoding="utf-8")))
    assert (line["actor_codes"], line["actor_sectors"]) == (";BLR", "CVL;")


def test_a_new_version_of_a_document_replaces_the_old_one(store):
    assert store.add(make_doc("a", "First version.")) == "stored"
    assert store.add(make_doc("a", "Second version.")) == "stored"
    [row] = store.documents()
    assert row["text"] == "Second version."
    assert store.count("events") == 1 and store.count("entities") == 1


def test_many_merged_events_go_in_through_arrow_unchanged(tmp_path):
    from redline.records import Actor, MergedEvent, ReportRef
    from redline.store.db import BULK_ROWS

    n = BULK_ROWS + 500
    merged = [
        MergedEvent(id=f"ev-{i:05d}", event="ASSAULT", actor=[Actor("Russia", "RUS")],
                    recipient=[Actor("Ukraine", "UKR")] if i % 2 else [], date="2024-07-02" if i % 3 else None,
                    date_granularity="day", reports=[ReportRef(f"d{i}", 0, f"d{i}", None, "text", None, None)],
                    sources=1, first_reported=None, best_evidence="Kyiv Hit", mode=["aerial"] if i % 2 else [])
        for i in range(n)
    ]  # fmt: skip
    with Store(tmp_path / "bulk.duckdb") as store:
        store.replace_merged(merged)
        assert store.count("merged_events") == n and store.count("merged_reports") == n
        rows = {r["id"]: r for r in store.query_merged()}
        assert rows["ev-00001"]["recipient_codes"] == ["UKR"] and rows["ev-00001"]["mode"] == ["aerial"]
        assert rows["ev-00000"]["recipient_codes"] == [] and rows["ev-00000"]["date"] is None
        assert store.conn.execute("SELECT search, lat FROM merged_events WHERE id = 'ev-00004'").fetchone() == (
            "kyiv hit", None)  # fmt: skip
        assert [m.id for m in store.merged_events()][:1] and len(store.merged_events()) == n


def test_background_stays_in_the_record_not_in_the_event_tables(store):
    from redline.store import details

    old = make_event("ASSAULT", "RUS", "UKR", "2014-02-27", mode=["historical"])
    store.add(make_doc("bg", "Belarus threatened Ukraine.", background=[old]))
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    doc = details.document(store.conn, "bg")
    assert [e["event"] for e in doc["events"]] == ["THREATEN"]
    assert doc["background"] == [{
        "event": "ASSAULT", "mode": ["historical"], "actor_codes": ["RUS"], "recipient_codes": ["UKR"],
        "date": "2014-02-27", "event_text": "Belarus threatened Ukraine.",
    }]  # fmt: skip


def test_the_document_page_lists_its_background(tmp_path):
    from fastapi.testclient import TestClient

    from redline.serve import ServerState, create_app

    old = make_event("ASSAULT", "RUS", "UKR", "2014-02-27", mode=["historical"])
    with Store(tmp_path / "bg.duckdb") as store:
        store.add(make_doc("bg", "Belarus threatened Ukraine.", background=[old]))
        store.add(make_doc("plain", "Belarus threatened Ukraine."))
        client = TestClient(create_app(ServerState(store=store, token=None, read_only=True)))
        page = client.get("/documents/bg").text
        assert "Background" in page and "2014-02-27" in page and "historical" in page
        assert "Background" not in client.get("/documents/plain").text
