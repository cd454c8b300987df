"""The incremental merge and alert evaluation give exactly what a full recompute gives.

Random synthetic documents (no NLP: ready Documents with events) arrive in random orders and
random batches into two stores, one merging incrementally and one merging everything again
after every batch; stories, merged events (ids, reports, every field) and the alerts fired by
every batch must be the same, and the final merge must equal ``merge_reports`` over all reports.
"""

from __future__ import annotations

import json
import random

import pytest
import yaml

from redline.corroborate.alerts import parse_rules
from redline.corroborate.dedup import DedupConfig
from redline.corroborate.merge import MergeConfig, merge_reports
from redline.corroboration import refresh
from redline.ingestion import StoryTracker, ingest
from redline.records import Actor, Document, Event, Place
from redline.store import Store

SETTINGS = (DedupConfig(rewrites=False), MergeConfig())
COUNTRIES = ["RUS", "UKR", "BLR", "POL"]
TYPES = ["ASSAULT", "THREATEN", "MOBILIZE"]
CITIES = [("Kyiv", "UKR", 50.45, 30.52), ("Lviv", "UKR", 49.84, 24.03), ("Minsk", "BLR", 53.9, 27.56)]
RULES = parse_rules(
    yaml.safe_load(
        """
- id: assault-2
  description: corroborated assaults
  event: ASSAULT
  min_sources: 2
- id: threats
  description: threats, as a daily digest
  event: THREATEN
  digest: day
- id: jump
  description: jumps
  escalation: {dyad: "*", jump_sd: 1, window_days: 6, min_history: 2}
- id: jump-evidence
  description: jumps with evidence and a cool-down
  escalation: {dyad: "*", jump_sd: 1, window_days: 8, min_history: 1, min_events: 3, min_sources: 2,
               cooldown_days: 4}
"""
    )
)


def _event(rng: random.Random, truth: tuple) -> Event:
    kind, actor, recipient, day = truth
    date, granularity = f"2024-03-{day:02d}", "day"
    roll = rng.random()
    if roll < 0.15:
        date = f"2024-03-{min(day + 1, 31):02d}"
    elif roll < 0.22:
        date, granularity = "2024-03", "month"
    elif roll < 0.26:
        date, granularity = None, None
    actors = [Actor(actor, actor)] if rng.random() > 0.1 else []
    if rng.random() < 0.1:
        actors.append(Actor("x", rng.choice(COUNTRIES)))
    recipients = [Actor(recipient, recipient)] if rng.random() > 0.15 else []
    place = None
    if rng.random() < 0.5:
        name, country, lat, lon = rng.choice(CITIES)
        place = Place(name, 0, 1, name, country, None, lat, lon)
    return Event(kind, actors, recipients, date, f"{kind} {actor} {recipient}", {"start": 0, "end": 1},
                 date_granularity=granularity, place=place, confidence=round(rng.uniform(0.3, 0.9), 2),
                 mode=["aerial"] if kind == "ASSAULT" and rng.random() < 0.5 else [])  # fmt: skip


def corpus(seed: int, documents: int = 36) -> list[Document]:
    """Documents reporting a few true events each; some are copies (the same text) of others,
    published earlier or later, so a story's earliest copy (the reports' source) changes."""
    rng = random.Random(seed)
    truths = [(rng.choice(TYPES), *rng.sample(COUNTRIES, 2), rng.randint(1, 28)) for _ in range(14)]
    docs: list[Document] = []
    for n in range(documents):
        published = f"2024-03-{rng.randint(2, 30):02d}"
        if docs and rng.random() < 0.2:
            original = rng.choice(docs)
            text, events = original.text, [Event(**vars(e)) for e in original.events]
        else:
            text = " ".join(rng.choice(["alpha", "bravo", "charlie", "delta", "echo", "fox"]) + str(rng.randint(0, 999))
                            for _ in range(40))  # fmt: skip
            events = [_event(rng, rng.choice(truths)) for _ in range(rng.randint(0, 4))]
        docs.append(Document(id=f"d{n:03d}", path=f"d{n:03d}", text=text, published=published, events=events))
    return docs


def snapshot(store: Store) -> tuple:
    merged = sorted(json.dumps(m.to_dict(), sort_keys=True) for m in store.merged_events())
    stories = sorted(
        (d["id"], d["duplicate_of"], d["story_id"], d["duplicate_kind"]) for d in store.documents()
    )
    return merged, stories


def state(store: Store) -> dict[str, list]:
    """The stored merge state, table by table (rows sorted), and each dyad's first day."""
    out = {t: sorted(map(repr, store.conn.execute(f"SELECT * FROM {t}").fetchall()))
           for t in ("merge_state", "merged_keys", "merged_days", "merged_dyads", "merged_reports")}  # fmt: skip
    firsts = store.conn.execute("SELECT dyad, min(day) FROM merged_days GROUP BY dyad").fetchall()
    assert out["merged_dyads"] == sorted(map(repr, firsts))
    return out


def batches(rng: random.Random, docs: list[Document]) -> list[list[Document]]:
    order = docs[:]
    rng.shuffle(order)
    out, i = [], 0
    while i < len(order):
        size = rng.choice([1, 1, 1, 2, 3, 5])
        out.append(order[i : i + size])
        i += size
    return out


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_incremental_equals_full_over_random_orders_and_batches(tmp_path, seed):
    docs = corpus(seed)
    rng = random.Random(100 + seed)
    with Store(tmp_path / "inc.duckdb") as inc, Store(tmp_path / "full.duckdb") as full:
        for batch in batches(rng, docs):
            a = ingest([Document(**vars(d)) for d in batch], inc, settings=SETTINGS, alerts=None)
            b = ingest([Document(**vars(d)) for d in batch], full, settings=SETTINGS, recompute=True)
            assert a.ok and b.ok, (a.errors, b.errors)
            assert a.alerts == b.alerts
            assert snapshot(inc) == snapshot(full)
            assert state(inc) == state(full)  # rows deleted within their days, first days kept
        reports = inc.event_reports()
        assert {m.id for m in merge_reports(reports)} == {m.id for m in inc.merged_events()}
        assert inc.count("merged_events") > 5 and inc.count("alerts") > 0


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_incremental_alerts_equal_full_with_custom_rules(tmp_path, seed):
    docs = corpus(seed, documents=40)
    rng = random.Random(seed)
    fired = {}
    for mode in ("incremental", "full"):
        with Store(tmp_path / f"{mode}.duckdb") as store:
            alerts = []
            for batch in batches(random.Random(seed * 7), docs):
                for d in batch:
                    store.add(Document(**vars(d)))
                alerts.append(refresh(store, RULES, MergeConfig(), full=mode == "full"))
            fired[mode] = alerts
            kinds = {a.rule_id for day in alerts for a in day}
    assert fired["incremental"] == fired["full"]
    assert kinds & {"jump", "jump-evidence"}, kinds
    assert rng  # the same seed drives both stores


def test_reports_stored_but_never_merged_are_merged_by_the_next_refresh(tmp_path):
    docs = corpus(11)
    with Store(tmp_path / "a.duckdb") as a, Store(tmp_path / "b.duckdb") as b:
        ingest([Document(**vars(d)) for d in docs[:10]], a, settings=SETTINGS)
        # a watcher killed between storing and merging: documents stored, no refresh
        for d in docs[10:20]:
            a.add(Document(**vars(d)))
        ingest([Document(**vars(d)) for d in docs[20:]], a, settings=SETTINGS)
        ingest([Document(**vars(d)) for d in docs], b, settings=SETTINGS, recompute=True)
        assert snapshot(a)[0] == snapshot(b)[0]
        assert {m.id for m in merge_reports(a.event_reports())} == {m.id for m in a.merged_events()}


def test_a_missing_or_stale_merge_state_means_one_full_merge(tmp_path):
    docs = corpus(12)
    with Store(tmp_path / "a.duckdb") as a:
        ingest([Document(**vars(d)) for d in docs[:20]], a, settings=SETTINGS)
        a.conn.execute("DELETE FROM meta WHERE key = 'merge_state'")
        a.conn.execute("DELETE FROM merged_keys")  # state gone: only a full merge can be right
        ingest([Document(**vars(d)) for d in docs[20:]], a, settings=SETTINGS)
        assert {m.id for m in merge_reports(a.event_reports())} == {m.id for m in a.merged_events()}
        assert a.merge_meta() is not None and a.count("merged_keys") > 0
        # a replaced document (same id, new content) removes reports: a full merge again
        changed = Document(**vars(docs[3]))
        changed.text += " corrected"
        changed.events = changed.events[:1]
        ingest([changed], a, settings=SETTINGS)
        assert {m.id for m in merge_reports(a.event_reports())} == {m.id for m in a.merged_events()}


def test_the_story_index_stays_in_memory_between_ingests(tmp_path, monkeypatch):
    docs = corpus(13)
    with Store(tmp_path / "a.duckdb") as a:
        ingest([Document(**vars(d)) for d in docs[:5]], a, settings=SETTINGS)
        loads = []
        monkeypatch.setattr(Store, "load_dedup_state", lambda self: loads.append(1))
        ingest([Document(**vars(d)) for d in docs[5:8]], a, settings=SETTINGS)
        assert loads == []  # the process's tracker was reused
        StoryTracker.forget(a)
        monkeypatch.undo()
        ingest([Document(**vars(d)) for d in docs[8:]], a, settings=SETTINGS)
        stories = snapshot(a)[1]
    with Store(tmp_path / "b.duckdb") as b:
        ingest([Document(**vars(d)) for d in docs], b, settings=SETTINGS)
        assert snapshot(b)[1] == stories


class _Stub:
    """A pipeline that codes each input as the corpus document of the same name."""

    def __init__(self, docs):
        self.docs = {d.id: d for d in docs}

    def process(self, raws):
        for raw in raws:
            yield Document(**vars(self.docs[raw.id.rsplit("/", 1)[-1].removesuffix(".txt")]))


def test_ingest_recompute_on_the_command_line(tmp_path, capsys, monkeypatch):
    import redline.ingestion
    from redline.cli import main

    asked = []
    real = redline.ingestion.refresh
    monkeypatch.setattr(
        redline.ingestion, "refresh", lambda *a, full, **k: (asked.append(full), real(*a, full=full, **k))[1]
    )
    docs = corpus(14, documents=8)
    for d in docs:
        (tmp_path / f"{d.id}.txt").write_text(d.text, encoding="utf-8")
    paths = [str(tmp_path / f"{d.id}.txt") for d in docs]
    db = tmp_path / "c.duckdb"
    assert main(["ingest", "--db", str(db), *paths[:4]], pipeline_factory=lambda w: _Stub(docs)) == 0
    assert (
        main(["ingest", "--db", str(db), "--recompute", *paths[4:]], pipeline_factory=lambda w: _Stub(docs))
        == 0
    )
    with Store(db) as store:
        assert {m.id for m in merge_reports(store.event_reports())} == {m.id for m in store.merged_events()}
        assert store.merge_meta()["reports"] == len(store.event_reports())
    assert asked == [False, True]
    capsys.readouterr()
