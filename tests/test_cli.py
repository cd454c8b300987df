"""The command line, with a fake pipeline (no spaCy) and one end-to-end run with the real one."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import pytest

from redline.cli import format_table, main
from redline.records import Actor, Document, Event, RawInput

SRC = Path(__file__).resolve().parents[1] / "src"


class FakePipeline:
    """Codes "X threatened Y" sentences; passes input errors through like the real pipeline."""

    def __init__(self, workers: int):
        self.workers = workers

    def process(self, raws: Iterable[RawInput]) -> Iterator[Document]:
        for raw in raws:
            if raw.error or raw.content is None:
                yield Document(id=raw.id, path=raw.path, error=raw.error or f"{raw.path}: empty")
                continue
            text = raw.content.strip()
            first, _, rest = text.partition("\n")
            doc = Document(
                id=raw.id,
                path=raw.path,
                title=first,
                published=raw.meta.get("published", "2024-07-03"),
                publisher="Site",
                original_publisher="Wire",
                text=rest.strip() or first,
            )
            if "threatened" in text:
                start = text.index("Belarus") if "Belarus" in text else 0
                doc.events.append(
                    Event(
                        event="THREATEN",
                        actor=[Actor("Belarus", "BLR", "GOV")],
                        recipient=[Actor("Ukraine", "UKR", "GOV")],
                        date="2024-07-02",
                        event_text="Belarus threatened Ukraine «now».",
                        evidence={"start": start, "end": start + 20},
                        mode=["future"],
                    )
                )
            yield doc


factories: list[FakePipeline] = []


def fake_factory(workers: int) -> FakePipeline:
    pipeline = FakePipeline(workers)
    factories.append(pipeline)
    return pipeline


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv, pipeline_factory=fake_factory)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, str]:
    a = tmp_path / "a.txt"
    a.write_text("Minsk warns Kyiv\nBelarus threatened Ukraine on Tuesday.", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("Quiet day\nNothing happened in Vilnius.", encoding="utf-8")
    return {"a": str(a), "b": str(b), "missing": str(tmp_path / "missing.txt")}


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    monkeypatch.setenv("REDLINE_DB", str(tmp_path / "env.duckdb"))
    factories.clear()


def test_extract_jsonl(inputs, capsys):
    code, out, err = run(["extract", inputs["a"], inputs["b"]], capsys)
    assert code == 0 and err == ""
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [inputs["a"], inputs["b"]]
    assert records[0]["events"][0]["event"] == "THREATEN"
    assert records[0]["events"][0]["actor"] == [{"entity_text": "Belarus", "code": "BLR", "sector": "GOV", "org": None}]
    assert "«now»" in out  # ensure_ascii=False


def test_extract_json_list(inputs, capsys):
    code, out, _ = run(["extract", "--format", "json", inputs["a"], inputs["b"]], capsys)
    assert code == 0
    records = json.loads(out)
    assert isinstance(records, list) and len(records) == 2
    assert records[1]["title"] == "Quiet day" and records[1]["events"] == []


def test_extract_table(inputs, capsys):
    code, out, _ = run(["extract", "--format", "table", inputs["a"], inputs["b"]], capsys)
    assert code == 0
    assert "== Minsk warns Kyiv" in out
    assert "publisher: Site (original: Wire)" in out and "published: 2024-07-03" in out
    event_line = next(line for line in out.splitlines() if "THREATEN" in line)
    assert "2024-07-02" in event_line and "BLR -> UKR" in event_line and "future" in event_line
    assert "(no events)" in out  # the quiet document


def test_bad_input_in_batch(inputs, capsys):
    code, out, err = run(["extract", inputs["a"], inputs["missing"], inputs["b"]], capsys)
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == [inputs["a"], inputs["b"]]
    errors = err.strip().splitlines()
    assert len(errors) == 1
    assert errors[0].startswith("error: ") and inputs["missing"] in errors[0]


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO("Title\nBelarus threatened Ukraine near Мозырь.".encode()))
    )
    code, out, _ = run(["extract", "-"], capsys)
    assert code == 0
    [record] = [json.loads(line) for line in out.splitlines()]
    assert record["title"] == "Title" and record["events"][0]["event"] == "THREATEN"
    assert "Мозырь" in record["text"]


def test_workers_and_usage_errors(inputs, capsys):
    assert run(["extract", "--workers", "2", inputs["b"]], capsys)[0] == 0
    assert factories[-1].workers == 2
    assert run(["extract", "--workers", "0", inputs["b"]], capsys)[0] == 2
    assert run(["extract"], capsys)[0] == 2
    assert run([], capsys)[0] == 2


def test_ingest_summary_and_idempotency(inputs, tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    code, out, err = run(["ingest", "--db", db, inputs["a"], inputs["b"]], capsys)
    assert code == 0 and out == ""
    assert err.strip().splitlines()[0] == "ingested 2 documents: 2 stored, 0 duplicate, 0 error"
    assert err.strip().splitlines()[1].startswith("store: 2 stories (0 documents are copies or rewrites)")
    code, _, err = run(["ingest", "--db", db, inputs["a"], inputs["missing"]], capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith("error: ") and inputs["missing"] in lines[0]
    assert lines[-2] == "ingested 2 documents: 0 stored, 1 duplicate, 1 error"
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (2,)
    assert con.execute("SELECT count(*) FROM errors").fetchone() == (1,)
    con.close()


def test_ingest_uses_env_db(inputs, tmp_path, capsys):
    assert run(["ingest", inputs["a"]], capsys)[0] == 0
    assert (tmp_path / "env.duckdb").exists()
    code, out, _ = run(["events", "--format", "jsonl"], capsys)
    assert code == 0 and json.loads(out)["actor_codes"] == ["BLR"]


@pytest.fixture
def db(inputs, tmp_path, capsys) -> str:
    path = str(tmp_path / "q.duckdb")
    assert main(["ingest", "--db", path, inputs["a"], inputs["b"]], pipeline_factory=fake_factory) == 0
    capsys.readouterr()
    return path


def test_events_table_and_filters(db, capsys):
    code, out, _ = run(["events", "--db", db], capsys)
    assert code == 0
    assert "THREATEN" in out and "BLR -> UKR" in out and "(1 events)" in out
    assert "a.txt" in out
    assert run(["events", "--db", db, "--actor", "UKR"], capsys)[1].strip().endswith("(0 events)")
    _, out, _ = run(
        ["events", "--db", db, "--recipient", "ukr", "--event", "threaten", "--format", "jsonl"], capsys
    )
    assert len(out.splitlines()) == 1
    _, out, _ = run(["events", "--db", db, "--since", "2024-07-03", "--format", "jsonl"], capsys)
    assert out == ""
    _, out, _ = run(
        ["events", "--db", db, "--since", "2024-07-01", "--until", "2024-07-02", "--format", "jsonl"], capsys
    )
    assert json.loads(out)["date"] == "2024-07-02"


def test_events_csv_stdout_and_file(db, tmp_path, capsys):
    code, out, _ = run(["events", "--db", db, "--format", "csv"], capsys)
    assert code == 0
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["event"] == "THREATEN" and row["actor_codes"] == "BLR" and row["mode"] == "future"
    target = tmp_path / "out.csv"
    assert run(["events", "--db", db, "--format", "csv", "--output", str(target)], capsys)[:2] == (0, "")
    assert list(csv.DictReader(target.open(encoding="utf-8")))[0]["recipient_codes"] == "UKR"


def test_events_parquet(db, tmp_path, capsys):
    code, _, err = run(["events", "--db", db, "--format", "parquet"], capsys)
    assert code == 2 and "--output" in err
    target = tmp_path / "out.parquet"
    assert run(["events", "--db", db, "--format", "parquet", "--output", str(target)], capsys)[0] == 0
    rows = duckdb.sql(f"SELECT event, actor_codes, mode FROM read_parquet('{target}')").fetchall()
    assert rows == [("THREATEN", ["BLR"], ["future"])]


def test_events_jsonl_to_file(db, tmp_path, capsys):
    target = tmp_path / "e.jsonl"
    assert run(["events", "--db", db, "--format", "jsonl", "--output", str(target)], capsys)[:2] == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))["doc_id"].endswith("a.txt")


def test_events_errors(db, tmp_path, capsys):
    code, _, err = run(["events", "--db", str(tmp_path / "nope.duckdb")], capsys)
    assert code == 1 and "no database" in err
    assert not (tmp_path / "nope.duckdb").exists()
    code, _, err = run(["events", "--db", db, "--since", "yesterday"], capsys)
    assert code == 2 and err.startswith("error: invalid --since")


def test_format_table_truncates():
    table = format_table(["a", "text"], [("x", "word " * 30), (None, ["B", "C"])], {"text": 10})
    lines = table.splitlines()
    assert lines[0].split() == ["A", "TEXT"]
    assert lines[2].endswith("…") and len(lines[2].split("  ", 1)[1].strip()) == 10
    assert lines[3].split() == ["B,C"]


def test_python_dash_m_help():
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-m", "redline", "--help"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0 and "extract" in result.stdout and "events" in result.stdout


def test_end_to_end_real_pipeline(tmp_path, capsys):
    try:
        from redline.pipeline import Pipeline  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"redline.pipeline not importable: {exc}")
    article = tmp_path / "article.txt"
    article.write_text(
        "Belarus warns Ukraine\n\nMINSK, July 3, 2024 - Belarusian President Alexander Lukashenko "
        "threatened on Tuesday to strike Ukraine if Kyiv moved troops to the border.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "real.duckdb")
    code = main(["extract", str(article), str(tmp_path / "missing.txt")])
    out, err = capsys.readouterr()
    assert code == 1 and err.count("error: ") == 1
    [record] = [json.loads(line) for line in out.splitlines()]
    assert record["id"] == str(article) and "Lukashenko" in record["text"]
    [threat] = record["events"]
    assert threat["event"] == "THREATEN" and [a["code"] for a in threat["actor"]] == ["BLR"]
    assert "Lukashenko" in threat["event_text"] and threat["trigger"] == "threatened"
    assert main(["ingest", "--db", db, str(article)]) == 0
    assert "1 stored" in capsys.readouterr().err
    assert main(["events", "--db", db, "--format", "jsonl"]) == 0
    stored = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(e["event"], e["actor_codes"], e["event_text"]) for e in stored] == [
        ("THREATEN", ["BLR"], threat["event_text"])
    ]


def test_real_pipeline_two_workers_one_record_per_input(tmp_path, capsys):
    """``--workers 2`` must give the same records as one worker: one per input, in order."""
    try:
        from redline.pipeline import Pipeline  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"redline.pipeline not importable: {exc}")
    paths = []
    for i in range(3):
        path = tmp_path / f"n{i}.txt"
        path.write_text(f"Report {i}\n\nBelarus threatened Ukraine on Tuesday, officials said ({i}).\n")
        paths.append(str(path))
    outputs = []
    for workers in ("1", "2"):
        assert main(["extract", "--workers", workers, *paths]) == 0
        outputs.append([json.loads(line) for line in capsys.readouterr().out.splitlines()])
    one, two = outputs
    assert [r["id"] for r in two] == paths
    for record in two:
        [threat] = record["events"]
        assert threat["event"] == "THREATEN"
        assert [a["code"] for a in threat["actor"]] == ["BLR"] and [a["code"] for a in threat["recipient"]] == ["UKR"]
        assert f"officials said ({paths.index(record['id'])})" in threat["event_text"]  # its own input's event
    assert [r["events"] for r in two] == [r["events"] for r in one]


def test_escalation_checks_the_dyad_and_says_when_it_is_empty(tmp_path, capsys):
    from redline.store import Store

    db = tmp_path / "empty.duckdb"
    Store(db).close()
    assert main(["escalation", "--db", str(db), "--dyad", "BLR-"]) == 2
    assert "use two actor codes" in capsys.readouterr().err
    assert main(["escalation", "--db", str(db), "--dyad", "blr-ukr"]) == 0
    assert "no day-dated merged events for BLR-UKR" in capsys.readouterr().err
