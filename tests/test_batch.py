"""``redline batch``: the Parquet tables, partitions, a LocalCluster run equal to ``extract``, ingest --parquet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from redline.batch.partitions import (
    finished_partitions,
    mark_exact_copies,
    partitions,
    read_documents,
    write_partition,
)
from redline.batch.tables import SCHEMAS, TABLES, documents_from_tables, tables_from_documents
from redline.cli import main
from redline.records import (
    Actor,
    Document,
    Entity,
    Event,
    Place,
    Quote,
    RawInput,
    Removal,
    TimeExpr,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def as_json(value: object) -> object:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def coded(doc_id: str, text: str = "Troops shelled the town.", digest: str | None = None) -> Document:
    kyiv = Place("Kyiv", 0, 4, "Kyiv", "UKR", "Kyiv City", 50.45, 30.52, 703448, "city")
    event = Event(
        event="ASSAULT",
        actor=[Actor("Troops", "RUS", "MIL")],
        recipient=[],
        date="2024-05-19",
        event_text="shelled",
        evidence={"start": 0, "end": 24},
        mode=["heavy-weapons"],
        context=["military"],
        date_source="publication",
        date_granularity="day",
        place=kyiv,
        claimed_by=Actor("Ukraine", "UKR", "GOV", None),
        score=-9.0,
        confidence=0.61,
        trigger="shelled",
    )
    return Document(
        id=doc_id,
        path=f"{doc_id}.txt",
        title="A title",
        published="2024-05-20",
        text=text,
        content_hash=digest or f"hash-{doc_id}",
        times=[TimeExpr("Sunday", 3, 9, "2024-05-19", "DATE", "day")],
        entities=[Entity("Iskander", 0, 8, "WEAPON", attrs={"class": "missile", "range_km": 500})],
        places=[kyiv],
        quotes=[Quote("We will respond", 0, 15, "Zelensky", "UKR", "GOV")],
        events=[event, event],
        background=[Event(**{**event.__dict__, "date": "2014", "mode": ["historical"]})],
        removals=[Removal("Subscribe now", "solicitation")],
    )


def test_tables_keep_every_field_and_give_the_documents_back():
    failed = Document(id="bad", path="bad.txt", error="bad.txt: empty file")
    documents = [coded("a"), failed, coded("b"), coded("a")]  # an id given twice keeps its own items
    documents[2].events = []
    tables = tables_from_documents(documents)
    assert {name: t.num_rows for name, t in tables.items()} == {
        "documents": 4, "events": 4, "entities": 3, "quotes": 3, "places": 3,
    }  # fmt: skip
    assert all(tables[name].schema == SCHEMAS[name] for name in TABLES)
    back = documents_from_tables(tables)
    assert [as_json(d.to_dict()) for d in back] == [as_json(d.to_dict()) for d in documents]
    assert back[0].background[0].mode == ["historical"] and isinstance(back[0].background[0].actor[0], Actor)
    assert back[1].error == "bad.txt: empty file" and not back[1].events


def test_an_empty_partition_has_the_same_schema(tmp_path):
    assert write_partition(tmp_path, "part-00000-empty", [])
    for name in TABLES:
        assert pq.read_schema(tmp_path / "part-00000-empty" / f"{name}.parquet").names == SCHEMAS[name].names
    assert not write_partition(tmp_path, "part-00000-empty", [coded("a")])  # finished: left alone


def test_partition_names_follow_the_inputs():
    raws = [RawInput(id=str(i), path=str(i), format="text", content=f"text {i}") for i in range(5)]
    names = [p.name for p in partitions(raws, 2)]
    assert [len(p.raws) for p in partitions(raws, 2)] == [2, 2, 1]
    assert names == [p.name for p in partitions(list(raws), 2)]  # the same inputs, the same names
    raws[3].content = "changed"
    changed = [p.name for p in partitions(raws, 2)]
    assert changed[0] == names[0] and changed[1] != names[1] and changed[1].startswith("part-00001-")


def test_exact_copies_across_partitions_point_at_the_first(tmp_path):
    write_partition(tmp_path, "part-00000-x", [coded("a", digest="same"), coded("b")])
    write_partition(tmp_path, "part-00001-y", [coded("c", digest="same"), coded("d")])
    assert mark_exact_copies(tmp_path) == 1
    marks = [(d.id, d.duplicate_of) for d in read_documents(tmp_path)]
    assert marks == [("a", None), ("b", None), ("c", "a"), ("d", None)]
    assert mark_exact_copies(tmp_path) == 0


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("inputs")
    for name in ("wire-story.txt", "aggregator-repost.txt", "batch.jsonl"):
        shutil.copy(EXAMPLES / name, folder / name)
    shutil.copy(EXAMPLES / "wire-story.txt", folder / "zz-copy-of-wire-story.txt")  # an exact copy, later
    (folder / "empty.txt").write_text("", encoding="utf-8")  # a bad input
    return [str(folder)]


def test_batch_on_a_local_cluster_equals_extract_and_loads_into_the_store(inputs, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["batch", *inputs, "--out", str(out), "--workers", "2", "--partition-size", "2"]) == 1
    err = capsys.readouterr().err
    assert "error: " in err and "empty.txt" in err  # the bad input is a failed record
    assert "0 finished before" in err and "on 2 workers" in err
    assert len(finished_partitions(out)) == 4  # 7 inputs in partitions of 2

    assert main(["extract", *inputs]) == 1
    extracted = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    documents = list(read_documents(out))
    assert [as_json(d.to_dict()) for d in documents if not d.error] == extracted
    assert [d.path.rsplit("/", 1)[-1] for d in documents if d.error] == ["empty.txt"]
    copy = next(d for d in extracted if d["id"].endswith("zz-copy-of-wire-story.txt"))
    # found across partitions
    assert copy["duplicate_of"] and copy["duplicate_of"].endswith("/wire-story.txt")
    assert sum(len(d["events"]) for d in extracted) > 0

    # DuckDB reads the partitions as one table
    events = f"read_parquet('{out}/*/events.parquet')"
    conn = duckdb.connect()
    count = conn.execute(f"SELECT count(*) FROM {events}").fetchone()
    assert count == (sum(len(d["events"]) for d in extracted),)
    joined = conn.execute(
        f"SELECT count(*) FROM {events} e JOIN read_parquet('{out}/*/documents.parquet') d ON d.id = e.doc_id"
    ).fetchone()
    assert joined == count

    # a re-run finds every partition finished and starts no cluster
    assert main(["batch", *inputs, "--out", str(out), "--workers", "2", "--partition-size", "2"]) == 0
    assert "4 partitions (4 finished before), 0 documents" in capsys.readouterr().err

    db = tmp_path / "news.duckdb"
    assert main(["ingest", "--parquet", str(out), "--db", str(db)]) == 1  # the failed record
    err = capsys.readouterr().err
    assert f"ingested {len(documents)} documents: {len(extracted)} stored" in err
    with duckdb.connect(str(db), read_only=True) as conn:
        stored = conn.execute("SELECT count(*) FROM events").fetchone()
    assert stored == count


def test_ingest_parquet_of_a_folder_without_partitions_is_a_failed_record(tmp_path, capsys):
    code = main(["ingest", "--parquet", str(tmp_path), "--db", str(tmp_path / "x.duckdb")])
    assert code == 1
    assert "no finished batch partitions" in capsys.readouterr().err
