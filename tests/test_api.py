"""The public Python API: what ``import redline`` gives, ``redline.extract`` and ``redline.ingest``."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import get_args

import pytest

import redline
from redline.code.dates import event_date
from redline.corroborate.dedup import KINDS, DedupConfig
from redline.corroborate.merge import MergeConfig
from redline.inputs import iter_inputs
from redline.records import (
    AuxMode,
    DateGranularity,
    DateSource,
    Document,
    DuplicateKind,
    Event,
    EventMode,
    EventType,
    RawInput,
)

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
EXAMPLES = ROOT / "examples"
REPOST = EXAMPLES / "aggregator-repost.txt"
WIRE = EXAMPLES / "wire-story.txt"
CODEBOOK = SRC / "redline" / "data" / "plover" / "codebook.json"


def summary_of(events: Iterable[Event]) -> list[tuple[str, list[str | None], list[str | None], str | None]]:
    return [(e.event, [a.code for a in e.actor], [a.code for a in e.recipient], e.date) for e in events]


# -- the package --------------------------------------------------------------------------


def test_import_is_cheap_and_loads_nothing_heavy():
    probe = (
        "import sys, redline; heavy = {'spacy', 'duckdb', 'numpy', 'torch', 'redline.pipeline', "
        "'redline.store', 'redline.ingestion'}; print(sorted(heavy & set(sys.modules)))"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "[]"


def test_every_public_name_resolves_to_its_module():
    from redline.ingestion import IngestSummary, ingest
    from redline.pipeline import Pipeline
    from redline.store import Store, StoreError

    assert all(getattr(redline, name) is not None for name in redline.__all__)
    assert (redline.ingest, redline.IngestSummary) == (ingest, IngestSummary)
    assert (redline.Pipeline, redline.Store, redline.StoreError) == (Pipeline, Store, StoreError)
    assert redline.Document is Document and set(redline.__all__) <= set(dir(redline))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        redline.nothing  # noqa: B018


def test_literal_types_list_exactly_the_codebook_values():
    codebook = json.loads(CODEBOOK.read_text(encoding="utf-8"))
    assert get_args(EventType) == tuple(codebook["event_types"])
    type_modes = {mode for spec in codebook["events"].values() for mode in spec.get("modes") or {}}
    assert len(get_args(EventMode)) == len(set(get_args(EventMode))) and set(get_args(EventMode)) == type_modes
    assert set(get_args(AuxMode)) == set(codebook["aux_modes"])
    assert set(get_args(DuplicateKind)) == set(KINDS)  # dedup's kinds are the records' kinds
    values = ["2024-07-02", "2024-W27", "2024-W27-WE", "2024-07", "2024", "2024-Q3"]
    assert {event_date(v, None)[1] for v in values} == set(get_args(DateGranularity))


# -- redline.extract ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def repost() -> Document:
    return redline.extract(REPOST.read_text(encoding="utf-8"))


def test_extract_codes_the_example_article(repost):
    assert repost.error is None and repost.id == "text"
    events = summary_of(repost.events)
    assert ("MOBILIZE", ["MDA"], [], "2025-03-13") in events  # Moldova put its army on alert
    assert ("ACCUSE", ["MDA"], ["RUS"], "2025-03-13") in events
    modes = set(get_args(EventMode)) | set(get_args(AuxMode))
    for event in repost.events:
        assert event.event in get_args(EventType) and event.date_source in get_args(DateSource)
        assert set(event.mode) <= modes and event.date_granularity in get_args(DateGranularity)


def test_extract_gives_the_same_events_as_reading_the_file(repost):
    from redline.pipeline import shared_pipeline

    [from_file] = shared_pipeline().process(iter_inputs([str(REPOST)]))
    assert repost.events == from_file.events and repost.published == from_file.published
    assert repost.title == from_file.title and repost.text == from_file.text


def test_extract_html_page_and_fragment_with_metadata():
    page = (EXAMPLES / "ministry-page.html").read_text(encoding="utf-8")
    whole = redline.extract(page)
    assert whole.error is None and "<" not in whole.text
    assert ("CONSULT", ["GEO"]) in [(e.event, [a.code for a in e.actor]) for e in whole.events]
    fragment = page[page.index("<article>") : page.index("</article>") + len("</article>")]
    url = "https://mfa.example.gov/news/talks"
    doc = redline.extract(fragment, published="2024-07-03", title="Talks in Tbilisi", url=url)
    assert (doc.id, doc.url, doc.title, doc.published) == (url, url, "Talks in Tbilisi", "2024-07-03")
    assert "<" not in doc.text and doc.events
    assert {e.event for e in doc.events} == {e.event for e in whole.events}


def test_extract_reports_bad_content_on_the_record():
    doc = redline.extract("   ")
    assert doc.error and doc.events == []


# -- redline.ingest -----------------------------------------------------------------------


def test_ingest_stores_articles_from_python(tmp_path):
    db = tmp_path / "news.duckdb"
    summary = redline.ingest([REPOST, str(WIRE)], db)
    assert (summary.stored, summary.duplicate, summary.failed, summary.errors) == (2, 0, 0, [])
    assert summary.ok and summary.documents == 2 and summary.stories == 2 and summary.copies == 0
    assert summary.merged_events >= 3
    with redline.Store(db, read_only=True) as store:
        stored = store.query_events(actor="MDA")
        assert ("MOBILIZE", "2025-03-13") in [(e["event"], e["date"]) for e in stored]
        assert {e["doc_id"] for e in stored} == {str(REPOST)}
        assert store.count("merged_events") == summary.merged_events
    again = redline.ingest(REPOST, db)  # one path, not a list
    assert (again.stored, again.duplicate, again.documents) == (0, 1, 1)


class Recording:
    """The shared pipeline, remembering which inputs it was asked to code."""

    def __init__(self) -> None:
        from redline.pipeline import shared_pipeline

        self.inner = shared_pipeline()
        self.coded: list[str] = []

    def process(self, raws: Iterable[RawInput]) -> Iterator[Document]:
        def seen() -> Iterator[RawInput]:
            for raw in raws:
                self.coded.append(raw.id)
                yield raw

        return self.inner.process(seen())


def test_ingest_records_documents_and_bad_items_into_an_open_store(tmp_path, repost):
    record = {
        "id": "news-1",
        "title": "Belarus warns Ukraine",
        "published": "2024-07-03",
        "url": "https://news.example.com/by",
        "text": "Belarusian President Alexander Lukashenko threatened Ukraine on Tuesday, officials said.",
    }
    made = dataclasses.replace(repost, id="made-1", path="made-1")
    heard: list[str] = []
    recorder = Recording()
    with redline.Store(tmp_path / "s.duckdb") as store:
        summary = redline.ingest(
            [record, made, {"id": "empty-1", "title": "no body"}, 42],
            store,
            pipeline=recorder,
            settings=(DedupConfig(), MergeConfig()),
            on_error=heard.append,
        )
        assert (summary.stored, summary.failed) == (2, 2) and not summary.ok
        assert heard == summary.errors and "record has no text or html" in heard[0]
        assert "cannot ingest a int" in heard[1]
        assert recorder.coded == ["news-1", "empty-1", "<int>"]  # the ready Document is not coded again
        docs = {d["id"]: d for d in store.documents()}
        assert set(docs) == {"news-1", "made-1"} and docs["news-1"]["url"] == record["url"]
        by_doc = {e["doc_id"]: e for e in store.query_events(event="THREATEN")}
        assert by_doc["news-1"]["actor_codes"] == ["BLR"] and by_doc["news-1"]["date"] == "2024-07-02"
        moldovan = [e for e in repost.events if any(a.code == "MDA" for a in e.actor)]
        assert [e["doc_id"] for e in store.query_events(actor="MDA")] == ["made-1"] * len(moldovan)
        assert len(store.errors()) == 2  # the store stays open for the caller


def test_ingest_fires_alerts_once(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("- id: md-alert\n  description: Moldova mobilizes\n  event: MOBILIZE\n  actor: MDA\n",
                     encoding="utf-8")
    fired: list[object] = []
    summary = redline.ingest([REPOST], tmp_path / "a.duckdb", alerts=rules, on_alert=fired.append)
    assert [a.rule_id for a in summary.alerts] == ["md-alert"] and fired == summary.alerts
    assert redline.ingest([WIRE], tmp_path / "a.duckdb", alerts=rules).alerts == []


def test_bad_rules_or_settings_fail_before_any_work(tmp_path):
    db = tmp_path / "never.duckdb"
    with pytest.raises(ValueError, match="cannot read rule file"):
        redline.ingest([REPOST], db, alerts=tmp_path / "missing.yaml")
    settings = tmp_path / "s.yaml"
    settings.write_text("dedup:\n  jacard: 0.5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"unknown dedup settings \['jacard'\]"):
        redline.ingest([REPOST], db, settings=settings)
    assert not db.exists()


# -- the service's order and laziness, with a stand-in pipeline ----------------------------


class Titles:
    """Makes a Document of each RawInput (its text as title and body) without spaCy."""

    def process(self, raws: Iterable[RawInput]) -> Iterator[Document]:
        for raw in raws:
            text = raw.content or ""
            yield Document(id=raw.id, path=raw.path, title=text[:20], text=text, error=raw.error)


def test_documents_alone_need_no_pipeline(tmp_path):
    def no_pipeline(workers: int) -> Titles:
        raise AssertionError("no input needed coding")

    docs = [Document(id=f"d{i}", path=f"d{i}", text=f"Report number {i} about the border.") for i in range(2)]
    summary = redline.ingest(docs, tmp_path / "d.duckdb", pipeline=no_pipeline)
    assert (summary.stored, summary.failed, summary.stories) == (2, 0, 2)


def test_mixed_inputs_are_stored_in_input_order(tmp_path):
    made: list[int] = []

    def factory(workers: int) -> Titles:
        made.append(workers)
        return Titles()

    raw = RawInput(id="r1", path="r1", format="text", content="First report from the front line.")
    ready = Document(id="d1", path="d1", text="A second, already coded report.")
    text_file = tmp_path / "third.txt"
    text_file.write_text("A third report, from a file.", encoding="utf-8")
    db = tmp_path / "m.duckdb"
    summary = redline.ingest([raw, ready, text_file], db, pipeline=factory, workers=2)
    assert summary.stored == 3 and made == [2]  # one pipeline, made once, for both coded runs
    with redline.Store(db, read_only=True) as store:
        assert store.document_ids() == ["r1", "d1", str(text_file)]


def test_every_module_opens_with_a_line_saying_what_it_holds():
    import ast

    missing = []
    for path in sorted((SRC / "redline").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if not source.strip():
            continue  # an empty package marker holds nothing
        doc = ast.get_docstring(ast.parse(source))
        if not doc or len(doc.splitlines()[0].split()) < 3:
            missing.append(str(path.relative_to(SRC)))
    assert missing == []
