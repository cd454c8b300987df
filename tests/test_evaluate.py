"""`redline evaluate`: the scorers on small hand-made gold, the ACLED mapping and fixture, the
CLI with a fake pipeline, and agreement with the shared reference scorers (skipped without
../shared)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from redline.annotate.places import haversine_km
from redline.cli import main
from redline.evaluate import (
    detect_format,
    normalise_actor,
    parse_gold,
    render_text,
    score_acled,
    score_articles,
    score_quotes,
    score_sentences,
    score_times,
)
from redline.evaluate.acled import acled_mapping, map_type
from redline.evaluate.quotes import same_speaker
from redline.evaluate.times import granularity
from redline.records import Actor, Document, Event, Place, RawInput

ROOT = Path(__file__).resolve().parents[1]
ACLED = ROOT / "tests" / "fixtures" / "acled-sample.csv"
SHARED = ROOT.parent / "shared"


def ev(kind, actors=(), recipients=(), date=None, text="", mode=(), place=None):
    return {
        "event": kind,
        "actor": [{"entity_text": c, "code": c, "sector": None} for c in actors],
        "recipient": [{"entity_text": c, "code": c, "sector": None} for c in recipients],
        "date": date,
        "event_text": text,
        "mode": list(mode),
        "place": place,
    }


def jsonl(path: Path, rows: Iterable[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


# -- article gold -------------------------------------------------------------------------

ARTICLE_GOLD = {
    "articles": {
        "a.txt": {
            "published": "2024-07-03",
            "title_contains": "Minsk",
            "boilerplate": ["Do you have a tip"],
            "keep": ["threatened"],
            "events": [
                {"event": ["THREATEN"], "actor": ["BLR"], "recipient": ["UKR"], "date": "2024-07-02", "tol": 0,
                 "aux": None, "required": True, "anchor": "threatened Ukraine"},
                {"event": ["MOBILIZE"], "actor": ["BLR"], "recipient": [], "date": "2024-07-02", "tol": 0,
                 "aux": None, "required": True, "anchor": "deployed"},
                {"event": ["ACCUSE"], "actor": ["BLR"], "recipient": ["UKR"], "date": "2024-06-29", "tol": 1,
                 "aux": None, "required": True, "anchor": "claimed"},
                {"event": ["ASSAULT"], "actor": ["RUS"], "recipient": ["UKR"], "date": "2022-02-24", "tol": 0,
                 "aux": "historical", "required": False, "anchor": "invasion"},
            ],
        },
        "b.txt": {
            "published": "2024-07-04",
            "events": [{"event": ["AGREE"], "actor": ["USA"], "recipient": [], "date": None, "tol": 0,
                        "aux": None, "required": True, "anchor": ""}],
        },
    }
}


def article_records() -> list[dict]:
    return [{
        "id": "x", "path": "/some/where/a.txt", "title": "Minsk warns", "published": "2024-07-03T10:00",
        "text": "Belarus threatened Ukraine.",
        "events": [
            ev("THREATEN", ["BLR"], ["UKR"], "2024-07-02", "Belarus threatened Ukraine on Tuesday"),
            ev("THREATEN", ["BLR"], [], "2024-07-02", "again it threatened"),  # duplicate
            ev("MOBILIZE", ["BLR"], [], "2024-06-20", "Belarus deployed troops"),  # wrong date
            ev("ACCUSE", ["POL"], ["UKR"], "2024-06-30", "Poland claimed"),  # wrong actor
            ev("ASSAULT", ["RUS"], ["UKR"], "2022-02-24", "invasion", mode=["historical"]),  # optional
            ev(["SANCTION"], ["USA"], ["RUS"], "2024-07-01", "sanctions", mode=["future"]),  # extra
        ],
    }]


def test_article_scoring_matches_the_reference_rules():
    result = score_articles(ARTICLE_GOLD, article_records())
    head = result["headline"]
    # tp: THREATEN; fn: MOBILIZE (date), ACCUSE (actor), b.txt AGREE (no record); fp: MOBILIZE, ACCUSE, SANCTION
    assert (head["tp"], head["fn"], head["fp"], head["dup"]) == (1, 3, 3, 1)
    assert head["p"] == pytest.approx(0.25) and head["r"] == pytest.approx(0.25)
    assert head["meta"] == [4, 4]
    assert result["summary"][-1] == "events F1=0.250 P=0.250 R=0.250"
    kinds = [(e["kind"], e["doc"]) for e in result["errors"]]
    assert ("missed", "b.txt") in kinds and ("wrong date", "a.txt") in kinds and ("wrong actor", "a.txt") in kinds
    assert sum(1 for k, _ in kinds if k == "extra") == 3
    per = result["per_class"]
    assert per["THREATEN"]["p"] == 1.0 and per["THREATEN"]["r"] == 1.0
    assert per["MOBILIZE"]["tp"] == 0 and per["MOBILIZE"]["fn"] == 1 and per["MOBILIZE"]["fp"] == 1
    assert per["SANCTION"]["fp"] == 1
    assert result["docs"]["b.txt"] == {"missing": True, "fn": 1}


# -- sentence gold ------------------------------------------------------------------------

SENT_GOLD = [
    {"id": "s1", "text": "Hungary and Romania agreed to cooperate.",
     "expected": {"event": "AGREE", "source": [{"code": "HUN"}, {"code": "ROU"}], "target": []}},
    {"id": "s2", "text": "Rebels attacked a convoy.",
     "expected": {"event": "ASSAULT", "source": [{"code": "SDN"}], "target": []}},
    {"id": "s3", "text": "Protesters marched in Paris.",
     "expected": {"event": "PROTEST", "source": [{"code": "FRA"}], "target": []}},
    {"id": "s4", "text": "Iran rejected the offer.",
     "expected": {"event": "REJECT", "source": [{"code": "IRN"}], "target": []}},
]
SENT_RECORDS = [
    {"id": "s1", "events": [ev("AGREE", ["HUN"]), ev("COOPERATE", ["HUN"])]},
    {"id": "s2", "events": [ev(["ASSAULT"], ["SSD"], text="Rebels attacked")]},
    {"id": "s3", "events": [ev("ASSAULT", ["FRA"])]},
]


def test_sentence_scoring_headline_per_class_and_confusion():
    result = score_sentences(SENT_GOLD, SENT_RECORDS)
    head = result["headline"]
    assert head["type_acc"] == 0.5 and head["type_actor_acc"] == 0.25
    assert head["type_p"] == 0.5  # 2 of 4 predicted events have the gold type
    assert result["summary"][-1] == "sentences type-F1=0.500 type-acc=0.500 type+actor-acc=0.250"
    per = result["per_class"]
    assert per["ASSAULT"]["support"] == 1 and per["ASSAULT"]["predicted"] == 2 and per["ASSAULT"]["p"] == 0.5
    assert per["COOPERATE"]["p"] == 0.0 and per["REJECT"]["r"] == 0.0
    matrix = result["confusion"]["matrix"]
    assert matrix["AGREE"] == {"AGREE": 1, "COOPERATE": 1}
    assert matrix["PROTEST"] == {"ASSAULT": 1} and matrix["REJECT"] == {"-": 1}
    kinds = {(e["kind"], e["doc"]) for e in result["errors"]}
    assert kinds == {("missed", "s4"), ("wrong type", "s3"), ("wrong actor", "s2"), ("extra", "s1")}
    report = render_text(result)
    assert "confusion" in report and "COOP" in report and report.rstrip().endswith(result["summary"][-1])


# -- times gold ---------------------------------------------------------------------------

TIMES_GOLD = [
    {"doc_id": "d1", "dct": "1998-01-08", "text": "On Tuesday and in March, a week ago, officials met.",
     "timexes": [
         {"text": "Tuesday", "type": "DATE", "value": "1998-01-06", "start": 3, "end": 10},
         {"text": "March", "type": "DATE", "value": "1998-03", "start": 18, "end": 23},
         {"text": "a week ago", "type": "DATE", "value": "1998-W01", "start": 25, "end": 35},
         {"text": "week", "type": "DURATION", "value": "P1W", "start": 27, "end": 31},
     ]},
    {"doc_id": "d2", "dct": "1998-01-09", "text": "Now.",
     "timexes": [{"text": "Now", "type": "DATE", "value": "PRESENT_REF", "start": 0, "end": 3}]},
]
TIMES_RECORDS = [
    {"id": "d1", "times": [{"text": " tuesday", "value": "1998-01-06"}, {"text": "March", "value": "1997-03"},
                           {"text": "week", "value": "P1W"}]},
    {"id": "d9", "times": [{"text": "Now", "value": "PRESENT_REF"}]},  # not a gold document: not counted
]


def test_times_scoring_headline_granularity_and_errors():
    result = score_times(TIMES_GOLD, TIMES_RECORDS)
    head = result["headline"]
    assert (head["gold_dates"], head["predicted"], head["found_n"], head["right"]) == (4, 3, 2, 1)
    assert result["summary"][-1] == "times value-F1=0.286 value-acc=0.250 found=0.500"
    gran = result["per_granularity"]
    assert gran["day"] == {"gold": 1, "found": 1, "right": 1, "found_share": 1.0, "value_acc": 1.0}
    assert gran["month"]["found"] == 1 and gran["month"]["right"] == 0 and gran["ref"]["found"] == 0
    kinds = [(e["kind"], e["doc"]) for e in result["errors"]]
    assert kinds[0] == ("wrong value", "d1") and ("missed", "d2") in kinds and ("extra", "d1") in kinds
    assert "[March]" in result["errors"][0]["evidence"]


@pytest.mark.parametrize("value,expected", [
    ("1998-01-06", "day"), ("1998-W01", "week"), ("1998-W01-WE", "weekend"), ("1998-03", "month"),
    ("1998-Q1", "quarter"), ("1998", "year"), ("199", "decade"), ("PRESENT_REF", "ref"),
    ("1989-WXX", "underspecified"), ("1998-SU", "season"), ("P1W", "duration"), ("2000-01-05TEV", "time"),
])
def test_granularity_of_timex_values(value, expected):
    assert granularity(value) == expected


# -- ACLED --------------------------------------------------------------------------------

ACLED_SUB_EVENT_TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}


def test_acled_mapping_covers_every_sub_event_type_with_valid_plover():
    codebook = json.loads((ROOT / "src/redline/data/plover/codebook.json").read_text())
    table = acled_mapping()
    assert table["_comment"]
    for etype, subs in ACLED_SUB_EVENT_TYPES.items():
        assert set(table["sub_event_types"][etype]) == set(subs)
        for sub in subs:
            m = map_type(etype, sub)
            if m["event"] is None:
                assert sub == "Other"
                continue
            assert m["event"] in codebook["event_types"]
            assert all(a in codebook["event_types"] for a in m["also"])
            assert all(mode in codebook["events"][m["event"]]["modes"] for mode in m["modes"]), (sub, m)
    assert map_type("Battles", "Armed clash")["event"] == "ASSAULT"
    assert map_type("Explosions/Remote violence", "Air/drone strike")["modes"] == ["aerial", "drone"]
    assert map_type("Protests", "Peaceful protest") == {"event": "PROTEST", "modes": ["demo"], "also": []}
    assert map_type("Riots", "Violent demonstration")["modes"] == ["riot"]
    assert map_type("Strategic developments", "Arrests") == {"event": "COERCE", "modes": ["arrest"], "also": []}
    assert map_type("Strategic developments", "Agreement")["event"] == "AGREE"
    assert map_type("Strategic developments", "Headquarters or base established")["event"] == "MOBILIZE"
    assert map_type("Remote violence", "")["event"] == "ASSAULT"  # pre-2019 type, no sub-event


@pytest.mark.parametrize("name,code,sector", [
    ("Military Forces of Sudan (2019-)", "SDN", "MIL"),
    ("Rapid Support Forces", "SDN", "REB"),
    ("Protesters (Kenya)", "KEN", "CVL"),
    ("Police Forces of Kenya (2022-)", "KEN", "COP"),
    ("Civilians (Ukraine)", "UKR", "CVL"),
    ("Military Forces of Russia (2000-)", "RUS", "MIL"),
])
def test_acled_actor_names_normalise_to_plover_codes(name, code, sector):
    actor = normalise_actor(name)
    assert (actor["code"], actor["sector"]) == (code, sector)
    assert normalise_actor("") is None


def test_acled_fixture_reads_and_maps():
    rows = parse_gold(ACLED.read_text(encoding="utf-8"), "acled")
    assert 6 <= len(rows) <= 10
    assert [r["id"] for r in rows[:2]] == ["row1", "row2"]
    first = rows[0]
    assert first["plover"]["event"] == "ASSAULT" and first["date"] == "2024-05-14"
    assert first["actor1_plover"]["code"] == "SDN" and first["actor2_plover"]["sector"] == "REB"
    assert first["country_code"] == "SDN" and first["lat"] == pytest.approx(13.6279)
    assert {r["plover"]["event"] for r in rows} >= {"ASSAULT", "PROTEST", "COERCE", "AGREE", "MOBILIZE"}


def acled_records(rows: list[dict]) -> list[dict]:
    """Predictions for the fixture: row1 right in every respect, row2 one day off and 10 km away,
    row3 the wrong type, row5 the wrong actor, the rest nothing."""
    out = []
    for r in rows:
        events = []
        if r["id"] == "row1":
            events = [ev("ASSAULT", ["SDN"], ["SDN"], "2024-05-14", "the army clashed", ["firearms"],
                         {"name": "El Fasher", "country": "SDN", "lat": r["lat"], "lon": r["lon"]})]
        elif r["id"] == "row2":
            events = [ev("ASSAULT", ["RUS"], [], "2024-06-01", "Russian forces struck", ["aerial"],
                         {"name": "Kharkiv", "country": "UKR", "lat": r["lat"] + 0.09, "lon": r["lon"]}),
                      ev("ACCUSE", ["UKR"], ["RUS"], "2024-06-02", "Ukraine accused")]
        elif r["id"] == "row3":
            events = [ev("ASSAULT", ["KEN"], [], "2024-06-25", "protesters demonstrated")]
        elif r["id"] == "row5":
            events = [ev("COERCE", ["UGA"], ["KEN"], "2024-06-27", "police arrested", ["arrest"],
                         {"name": "Mombasa", "country": "KEN", "lat": r["lat"], "lon": r["lon"]})]
        out.append({"id": r["id"], "events": events})
    return out


def test_acled_scoring_on_the_fixture():
    rows = parse_gold(ACLED.read_text(encoding="utf-8"), "acled")
    result = score_acled(rows, acled_records(rows))
    head = result["headline"]
    n = len(rows)
    assert head["rows"] == n and head["typed_rows"] == n
    assert head["type_acc"] == pytest.approx(3 / n)  # rows 1, 2, 5
    assert head["type_p"] == pytest.approx(3 / 5)
    assert head["actor1_acc"] == pytest.approx(3 / n)  # rows 1, 2 and 3 (wrong type, right actor)
    assert head["date_exact"] == pytest.approx(3 / n) and head["date_within_1"] == pytest.approx(4 / n)
    assert head["located"] == 3
    assert head["distance_km_median"] == pytest.approx(0.0)
    assert head["distance_km_mean"] == pytest.approx(haversine_km(0, 0, 0.09, 0) / 3, rel=1e-3)
    assert haversine_km(0, 0, 0.09, 0) == pytest.approx(10.0, abs=0.1)
    kinds = {(e["kind"], e["doc"]) for e in result["errors"]}
    assert {("missed", "row3"), ("extra", "row2"), ("wrong date", "row2"), ("wrong actor", "row5")} <= kinds
    assert result["confusion"]["matrix"]["PROTEST"] == {"ASSAULT": 1, "-": 1}
    assert "acled type-F1=" in result["summary"][-1]


# -- format detection ---------------------------------------------------------------------


QUOTE_GOLD = [
    {"id": "q1", "published": "2026-03-02", "text": "(a passage)", "quotes": [
        {"quote": "We will not retreat", "speaker": "Amina Yusuf", "speaker_country": "KEN", "kind": "full"},
        {"quote": "a dangerous escalation", "speaker": "the Foreign Ministry", "speaker_country": "KEN",
         "kind": "partial"},
        {"quote": "provocation", "speaker": None, "speaker_country": None, "kind": "scare"},
        {"quote": "Nobody came to help us", "speaker": "a resident", "speaker_country": None, "kind": "full"},
    ]},
]


@pytest.mark.parametrize("pred, gold, right", [
    ("Foreign Minister Amina Yusuf", "Amina Yusuf", True),
    ("Yusuf", "Amina Yusuf", True),
    ("the minister", "Amina Yusuf", False),
    ("Amina", "Amina Yusuf", False),
    ("The ministry", "the Foreign Ministry", True),
    ("a resident of the town", "a resident", True),
    ("the army", "the Foreign Ministry", False),
    (None, None, True),
    ("Baku", None, False),
    (None, "a resident", False),
])
def test_speaker_matching(pred, gold, right):
    assert same_speaker(pred, gold) is right


def test_quote_scoring_headline_kinds_and_errors():
    record = {"id": "q1", "quotes": [
        {"text": "We will not retreat,", "speaker": "Ms Yusuf", "speaker_code": "KEN"},
        {"text": "dangerous escalation", "speaker": "the ministry", "speaker_code": None},
        {"text": "provocation", "speaker": "Baku", "speaker_code": "AZE"},
        {"text": "Strait Shield", "speaker": None, "speaker_code": None},
    ]}
    result = score_quotes(QUOTE_GOLD, [record])
    h = result["headline"]
    assert (h["quotes"], h["predicted"]) == (4, 4)
    assert h["found"] == pytest.approx(0.75) and h["precision"] == pytest.approx(0.75)
    assert h["speaker_right"] == pytest.approx(1.0)  # both found named or described speakers
    assert h["unattributed_right"] == 0.0  # "provocation" is nobody's, not Baku's
    assert h["country_right"] == pytest.approx(0.5)  # the ministry's country is missing
    assert result["per_kind"]["partial"]["found"] == 1.0 and result["per_kind"]["full"]["found"] == 0.5
    kinds = [e["kind"] for e in result["errors"]]
    assert kinds == ["missed", "wrong speaker", "wrong country", "extra"]


def test_detect_format():
    assert detect_format(json.dumps(ARTICLE_GOLD, indent=1)) == "article"
    assert detect_format("".join(json.dumps(r) + "\n" for r in QUOTE_GOLD)) == "quotes"
    assert detect_format("".join(json.dumps(r) + "\n" for r in SENT_GOLD)) == "sentences"
    assert detect_format("".join(json.dumps(r) + "\n" for r in TIMES_GOLD)) == "times"
    assert detect_format(ACLED.read_text(encoding="utf-8")) == "acled"
    with pytest.raises(ValueError):
        detect_format('{"id": 1, "text": "x"}\n')


# -- command line (fake pipeline) ---------------------------------------------------------

KEYWORDS = [("clashed", "ASSAULT"), ("struck", "ASSAULT"), ("shelled", "ASSAULT"), ("protest", "PROTEST"),
            ("arrested", "COERCE"), ("agreed", "AGREE"), ("threatened", "THREATEN")]


class FakePipeline:
    """Codes one event per keyword; actor: the first country a tiny table knows; date: publication."""

    COUNTRIES = {"Sudanese": "SDN", "Russian": "RUS", "Kenyan": "KEN", "Israeli": "ISR", "Belarus": "BLR",
                 "Hungary": "HUN"}

    def __init__(self, workers: int):
        self.workers = workers

    def process(self, raws: Iterable[RawInput]) -> Iterator[Document]:
        for raw in raws:
            if raw.error or raw.content is None:
                yield Document(id=raw.id, path=raw.path, error=raw.error or f"{raw.path}: empty")
                continue
            text = raw.content
            published = str(raw.meta.get("published") or "2024-07-03")[:10]
            doc = Document(id=raw.id, path=raw.path, text=text, published=published, title=text[:40])
            code = next((c for word, c in self.COUNTRIES.items() if word in text), None)
            for word, kind in KEYWORDS:
                if word in text.lower():
                    doc.events.append(Event(
                        event=kind, actor=[Actor(code or "?", code)], recipient=[], date=published,
                        event_text=text[:80], evidence={"start": 0, "end": 10},
                        place=Place(text="x", start=0, end=1, country=code, lat=0.0, lon=0.0)))
            yield doc


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv, pipeline_factory=FakePipeline)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_evaluates_acled_csv_with_the_pipeline(capsys):
    code, out, err = run(["evaluate", str(ACLED), "--format", "json", "--errors", "2"], capsys)
    assert code == 0, err
    result = json.loads(out)
    assert result["format"] == "acled" and result["inputs"] == 9 and result["records"] is None
    head = result["headline"]
    # fake hits: row1 (clashed), row2 (struck), row3 (protest), row4 (protest), row5 (arrested),
    # row6 (AGREE? "signed" is not a keyword: missed), row9 (shelled)
    assert head["type_acc"] == pytest.approx(6 / 9)
    assert head["date_exact"] == pytest.approx(6 / 9)  # every coded row: the fake dates by publication
    assert head["located"] == 6
    assert len(result["errors"]) == 2 and result["errors_total"] > 2
    code, out, _ = run(["evaluate", str(ACLED), "--errors", "0"], capsys)
    assert code == 0 and "per class" in out and "confusion" in out and "errors" not in out


def test_cli_evaluates_sentence_and_times_jsonl_with_the_pipeline(tmp_path, capsys):
    gold = jsonl(tmp_path / "sent.jsonl", SENT_GOLD)
    code, out, err = run(["evaluate", str(gold)], capsys)
    assert code == 0, err
    # s1 ("agreed", actor HUN) and s3 ("Protesters", no actor code) are coded
    assert out.rstrip().endswith("sentences type-F1=0.667 type-acc=0.500 type+actor-acc=0.250")
    gold = jsonl(tmp_path / "times.jsonl", TIMES_GOLD)
    code, out, _ = run(["evaluate", str(gold), "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["headline"]["gold_dates"] == 4


def test_cli_evaluates_article_gold_beside_or_in_inputs_dir(tmp_path, capsys):
    (tmp_path / "gold").mkdir()
    gold = tmp_path / "gold" / "gold.json"
    gold.write_text(json.dumps(ARTICLE_GOLD), encoding="utf-8")
    (tmp_path / "gold" / "a.txt").write_text("Minsk: Belarus threatened Ukraine.", encoding="utf-8")
    code, out, err = run(["evaluate", str(gold), "--format", "json"], capsys)
    assert code == 0
    result = json.loads(out)
    assert result["input_errors"] and "b.txt" in result["input_errors"][0] and "b.txt" in err
    assert result["docs"]["b.txt"]["missing"] and result["headline"]["fp"] == 1  # THREATEN without UKR date
    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "b.txt").write_text("Hungary agreed.", encoding="utf-8")
    code, out, _ = run(["evaluate", str(gold), "--inputs", str(tmp_path / "inputs"), "--format", "json"], capsys)
    result = json.loads(out)
    assert result["docs"]["a.txt"]["missing"] and not result["docs"]["b.txt"].get("missing")


def test_cli_scores_existing_records_without_a_pipeline(tmp_path, capsys):
    def no_pipeline(workers):
        raise AssertionError("the pipeline must not run with --records")

    gold = jsonl(tmp_path / "sent.jsonl", SENT_GOLD)
    records = jsonl(tmp_path / "records.jsonl", SENT_RECORDS)
    code = main(["evaluate", str(gold), "--records", str(records), "--errors", "1"], pipeline_factory=no_pipeline)
    out = capsys.readouterr().out
    assert code == 0
    assert "errors (1 of 4 shown)" in out and "missed" in out and "Iran rejected the offer." in out
    assert out.rstrip().endswith("sentences type-F1=0.500 type-acc=0.500 type+actor-acc=0.250")


def test_cli_usage_and_input_errors(tmp_path, capsys):
    code, _, err = run(["evaluate", str(tmp_path / "missing.jsonl")], capsys)
    assert code == 2 and "error:" in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "no gold here"}\n', encoding="utf-8")
    code, _, err = run(["evaluate", str(bad)], capsys)
    assert code == 2 and "--gold-format" in err
    gold = jsonl(tmp_path / "sent.jsonl", SENT_GOLD)
    records = tmp_path / "records.jsonl"
    records.write_text("{not json\n", encoding="utf-8")
    code, _, err = run(["evaluate", str(gold), "--records", str(records)], capsys)
    assert code == 2 and "line 1" in err
    code, _, err = run(["evaluate", str(gold), "--gold-format", "times"], capsys)
    assert code == 2
    code, _, _ = run(["evaluate", str(gold), "--gold-format", "nonsense"], capsys)
    assert code == 2


# -- agreement with the shared reference scorers ------------------------------------------


def shared_scorer(name: str, *args: Path) -> str:
    scorer = SHARED / "acceptance" / name
    return subprocess.run([sys.executable, str(scorer), *map(str, args)], capture_output=True, text=True,
                          check=True).stdout


def ours(gold: Path, records: Path, *extra: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "redline", "evaluate", str(gold), "--records", str(records), "--format", "json",
         "--errors", "0", *extra],
        capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return json.loads(out)


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def fake_sentence_records(gold: list[dict]) -> list[dict]:
    """Cheap predictions exercising every case: right, wrong actor (+extra), wrong type, none,
    lower-case code (the scorer compares codes as given), list-valued event."""
    out = []
    for i, g in enumerate(gold):
        exp = g["expected"]
        src = [a["code"] for a in exp.get("source") or []] or ["XXX"]
        case = i % 6
        events = []
        if case == 0:
            events = [ev(exp["event"], src[:1])]
        elif case == 1:
            events = [ev(exp["event"], ["ZZZ"]), ev("CONSULT", src[:1])]
        elif case == 2:
            events = [ev("ASSAULT" if exp["event"] != "ASSAULT" else "AGREE", src)]
        elif case == 4:
            events = [ev(exp["event"], [c.lower() for c in src])]
        elif case == 5:
            events = [ev([exp["event"], "AGREE"], src), ev(exp["event"], src)]
        if i % 7 != 3:  # some gold sentences have no record at all
            out.append({"id": g["id"], "events": events})
    return out


def fake_times_records(gold: list[dict]) -> list[dict]:
    out = []
    for i, g in enumerate(gold):
        times = []
        for j, t in enumerate(g["timexes"]):
            case = (i + j) % 5
            if case == 0:
                continue
            value = t["value"] if case != 1 else "1999"
            text = t["text"].upper() if case == 2 else f" {t['text']} "
            times.append({"text": text, "value": value, "type": t["type"]})
            if case == 3:
                times.append({"text": t["text"], "value": t["value"]})  # a repeat: counts against precision
        times.append({"text": "yesterday", "value": None})
        out.append({"id": g["doc_id"], "times": times})
    return out


def test_agreement_on_small_constructed_records(shared_dir, tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(ARTICLE_GOLD), encoding="utf-8")
    records = jsonl(tmp_path / "records.jsonl", article_records())
    theirs = shared_scorer("score.py", gold, records, "--json")
    reference = json.loads(next(line for line in theirs.splitlines() if line.startswith("{")))
    result = ours(gold, records)
    head = result["headline"]
    assert (head["f1"], head["p"], head["r"], head["dup"], head["meta"]) == (
        reference["f1"], reference["p"], reference["r"], reference["dup"], reference["meta"])
    assert result["summary"][-1] == last_line(theirs)

    gold = jsonl(tmp_path / "sent.jsonl", SENT_GOLD)
    records = jsonl(tmp_path / "sent-records.jsonl", SENT_RECORDS)
    assert ours(gold, records)["summary"][-1] == last_line(shared_scorer("score_sentences.py", gold, records))

    gold = jsonl(tmp_path / "times.jsonl", TIMES_GOLD)
    records = jsonl(tmp_path / "times-records.jsonl", TIMES_RECORDS)
    assert ours(gold, records)["summary"][-1] == last_line(shared_scorer("score_times.py", gold, records))


def test_agreement_on_the_dev_sets(shared_dir, tmp_path):
    sent_gold = shared_dir / "eval" / "plover-gsr-dev.jsonl"
    sents = [json.loads(line) for line in sent_gold.open() if line.strip()]
    records = jsonl(tmp_path / "sent.jsonl", fake_sentence_records(sents))
    theirs = shared_scorer("score_sentences.py", sent_gold, records)
    result = ours(sent_gold, records)
    assert result["summary"][-1] == last_line(theirs)
    assert result["summary"][0] == theirs.strip().splitlines()[-2]  # predicted events line
    for line in theirs.splitlines()[:-2]:  # per-class hits/support lines
        kind, hits, support = re.match(r"(\S+)\s+(\d+)/\s*(\d+)", line).groups()
        row = result["per_class"][kind]
        assert (row["tp"], row["support"]) == (int(hits), int(support))

    times_gold = shared_dir / "eval" / "timebank-aquaint-dev.jsonl"
    docs = [json.loads(line) for line in times_gold.open() if line.strip()]
    records = jsonl(tmp_path / "times.jsonl", fake_times_records(docs))
    theirs = shared_scorer("score_times.py", times_gold, records)
    result = ours(times_gold, records)
    assert result["summary"] == theirs.strip().splitlines()[-2:]

    article_gold = shared_dir / "acceptance" / "gold.json"
    gold = json.loads(article_gold.read_text())
    name, coding = next(iter(gold["articles"].items()))
    events = [ev(g["event"][-1], g["actor"], g["recipient"], g["date"], g.get("anchor", ""),
                 [g["aux"]] if g["aux"] else []) for g in coding["events"][::2]]
    events.append(ev("ASSAULT", ["BLR"], ["POL"], "2024-07-01", "extra"))
    records = jsonl(tmp_path / "article.jsonl", [{"path": f"/x/{name}", "published": coding["published"],
                                                   "text": " ".join(coding.get("keep", [])), "events": events}])
    theirs = shared_scorer("score.py", article_gold, records, "--json")
    reference = json.loads(next(line for line in theirs.splitlines() if line.startswith("{")))
    result = ours(article_gold, records)
    assert result["summary"] == theirs.strip().splitlines()[-2:]
    assert (result["headline"]["p"], result["headline"]["r"], result["headline"]["meta"]) == (
        reference["p"], reference["r"], reference["meta"])


def test_acled_fixture_is_well_formed():
    with ACLED.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "country",
                             "location", "latitude", "longitude", "notes"]
    assert all(r["notes"] and r["event_date"] for r in rows)
