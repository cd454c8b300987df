"""The pipeline object: order, failures in the middle of a batch, exact copies, lemmas, workers, skipping."""

import contextlib
import functools
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from redline.records import RawInput

STORY = """Sudanese army jets bombed Rapid Support Forces positions in Omdurman on Sunday, the army said.

The RSF accused the army of killing civilians in the strikes."""


@functools.cache
def pipeline():
    from redline.pipeline import Pipeline

    return Pipeline()


def test_spacy_is_imported_without_torch_or_its_command_line_which_stay_importable():
    probe = (
        "import sys; from redline.pipeline import import_spacy; spacy = import_spacy(); "
        "print(sorted({'torch', 'spacy.cli', 'spacy.cli.info', 'weasel'} & set(sys.modules))); "
        "import spacy.cli, torch; print(spacy.cli.info.__module__, spacy.info.__module__)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.split("\n")[:2] == ["[]", "spacy.cli.info redline.pipeline"]


def test_spacy_registries_find_every_entry_point_they_found_before():
    import importlib.metadata

    import catalogue

    from redline.pipeline import import_spacy

    import_spacy()
    installed = importlib.metadata.entry_points()
    assert installed.groups
    for group in installed.groups:
        found = catalogue.Registry((group,), entry_points=True)._get_entry_points()
        assert list(found) == list(installed.select(group=group)), group


def record(id_, text, published="2024-05-20"):
    return RawInput(id=id_, path=id_, format="record", content=text, meta={"published": published})


def test_one_document_per_input_in_order_with_failures_kept_in_place():
    bad = RawInput(id="broken", path="broken", format="text", error="broken: empty file")
    documents = list(pipeline().process([record("a", STORY), bad, record("b", STORY + "\n\nMore.")]))
    assert [d.id for d in documents] == ["a", "broken", "b"]
    assert documents[1].error == "broken: empty file"
    assert documents[0].events and documents[2].events


def test_exact_copy_in_one_run_points_at_the_first():
    documents = list(pipeline().process([record("first", STORY), record("copy", STORY)]))
    assert documents[0].duplicate_of is None
    assert documents[1].duplicate_of == "first"


def test_filled_lemmas_match_spacy():
    from redline.pipeline import fill_lemmas, load_nlp

    nlp = load_nlp()
    full = nlp(STORY)
    with nlp.select_pipes(disable=["lemmatizer"]):
        bare = nlp(STORY)
    fill_lemmas(bare, nlp.get_pipe("lemmatizer"))
    assert [t.lemma_ for t in bare] == [t.lemma_ for t in full]
    assert "bomb" in {t.lemma_ for t in bare}


def test_a_verb_ending_in_e_keeps_its_e():
    from redline.pipeline import fill_lemmas, load_nlp

    nlp = load_nlp()
    with nlp.select_pipes(disable=["lemmatizer"]):
        doc = nlp("Fighters raped three women, hoped to flee and fired at a post. Troops shelled the town.")
    fill_lemmas(doc, nlp.get_pipe("lemmatizer"))
    lemmas = {t.text: t.lemma_ for t in doc}
    assert (lemmas["raped"], lemmas["hoped"], lemmas["fired"]) == ("rape", "hope", "fire")
    assert lemmas["shelled"] == "shell"


RULER_TEXTS = [
    STORY,
    "There is no truce. There are talks, but they didn't agree; nothin' changed, y'all.\n\n  \nHe'd had enough.",
    "Which side fired first? That is what both sides denied. Those who fled got home; she gets nothing.",
    "",
    "  ",
]


def test_fast_attribute_ruler_gives_the_stock_rulers_tokens():
    import spacy

    from redline.attribute_rules import FastAttributeRuler
    from redline.pipeline import MODEL, load_nlp

    fast = load_nlp()
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    stock = spacy.load(MODEL)  # what spaCy does, its own ruler
    for text in RULER_TEXTS:
        a, b = stock(text), fast(text)
        got = [(t.text, t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in b]
        assert got == [(t.text, t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in a]


def test_rsf_is_coded_as_a_rebel_actor_after_april_2023():
    document = list(pipeline().process([record("sudan", STORY)]))[0]
    accusations = [e for e in document.events if e.event == "ACCUSE"]
    assert accusations, [(e.event, e.event_text) for e in document.events]
    attack = [e for e in document.events if e.event == "ASSAULT"][0]
    assert {(a.code, a.sector) for a in attack.actor} == {("SDN", "MIL")}
    assert {(a.code, a.sector) for a in attack.recipient} == {("SDN", "REB")}
    assert attack.date == "2024-05-19"
    accusation = accusations[0]
    assert {(a.code, a.sector) for a in accusation.actor} == {("SDN", "REB")}
    assert {a.code for a in accusation.recipient} == {"SDN"}


def test_no_publication_date_leaves_relative_dates_unresolved_and_published_supplies_one(tmp_path):
    from redline.cli import main

    text = "Russian troops shelled the town of Vovchansk on Tuesday, killing three civilians, the governor said.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")

    for extra, published, date, source in (
        ([], None, None, "unresolved"),
        (["--published", "2024-03-07"], "2024-03-07", "2024-03-05", "clause"),
    ):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert (
                main(["extract", str(tmp_path / "a.txt"), *extra], pipeline_factory=lambda n: pipeline()) == 0
            )
        (record,) = [json.loads(line) for line in buffer.getvalue().splitlines()]
        assert record["published"] == published
        assault = next(e for e in record["events"] if e["event"] == "ASSAULT")
        assert (assault["date"], assault["date_source"], assault["date_text"]) == (date, source, "Tuesday")


def test_published_never_overrides_a_stated_date(tmp_path):
    from redline.clean import clean
    from redline.inputs import default_published
    from redline.records import RawInput

    raw = RawInput(
        id="a",
        path="a",
        format="text",
        content="Published: 2024-02-01\n\nTroops shelled the town on Tuesday, officials said on the day.",
    )
    assert clean(default_published(raw, "2024-03-07")).published == "2024-02-01"


def test_worker_processes_give_the_records_of_one_process():
    """Two worker processes (every stage in the workers), batches of one: same records, same
    order, the bad input in place and the exact copy across batches still found."""
    from redline.pipeline import Pipeline

    bad = RawInput(id="broken", path="broken", format="text", error="broken: empty file")
    raws = [record("a", STORY), bad, record("b", STORY + "\n\nMore."), record("copy", STORY)]
    here = [d.to_dict() for d in pipeline().process(raws)]
    with Pipeline(n_process=2, batch_size=1) as workers:
        there = [d.to_dict() for d in workers.process(raws)]
    assert there == here
    assert [d["id"] for d in there] == ["a", "broken", "b", "copy"]
    assert there[3]["duplicate_of"] == "a" and there[0]["events"]


def test_skipped_documents_are_cleaned_but_not_parsed():
    documents = list(
        pipeline().process(
            [record("a", STORY), record("b", STORY + "\n\nMore.")], skip=lambda doc: doc.id == "a"
        )
    )
    assert [d.id for d in documents] == ["a", "b"]
    assert documents[0].text and documents[0].content_hash and not documents[0].events
    assert not documents[0].entities and documents[1].events


def test_ingest_does_not_parse_documents_stored_before(tmp_path, monkeypatch):
    from redline.ingestion import ingest

    raws = [record("a", STORY), record("b", STORY + "\n\nMore.")]
    first = ingest(raws, tmp_path / "news.duckdb", pipeline=pipeline())
    assert first.stored == 2
    coded: list[str] = []
    real = pipeline().models.code_batch
    monkeypatch.setattr(
        pipeline().models,
        "code_batch",
        lambda docs, size: coded.extend(d.id for d in docs) or real(docs, size),
    )
    again = ingest(
        [*raws, record("c", STORY + "\n\nAnd more.")], tmp_path / "news.duckdb", pipeline=pipeline()
    )
    assert (again.stored, again.duplicate) == (1, 2)
    assert coded == ["c"]


def test_an_irregular_past_the_tagger_takes_for_a_base_form_gets_its_lemma(code_text):
    document = code_text("Last week, Sudan's army retook the presidential palace in Khartoum.", "2026-05-12")
    assert [(e.event, e.trigger) for e in document.events] == [("ASSAULT", "retook")]


def test_a_clock_times_zone_stays_in_its_sentence():
    from redline.pipeline import load_nlp

    nlp = load_nlp()
    text = "Gazprom halted gas supplies at 8:00 a.m. Moscow time on January 1. Kyiv protested at 6 p.m. GMT."
    assert [s.text for s in nlp(text).sents] == [
        "Gazprom halted gas supplies at 8:00 a.m. Moscow time on January 1.",
        "Kyiv protested at 6 p.m. GMT.",
    ]
    # a line break still ends the sentence
    assert len(list(nlp("The curfew began at 6 a.m.\nLocal time was noon.").sents)) == 2
