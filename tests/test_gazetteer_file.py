"""The gazetteer's lazily read file format: same lookups as the JSON gazetteer it replaced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redline.annotate.gazetteer_file import GazetteerFile, write_gazetteer
from redline.annotate.places import gazetteer

FIXTURE = Path(__file__).parent / "fixtures" / "gazetteer-lookups.json"


def test_shipped_gazetteer_gives_the_json_loaders_lookups():
    """326 names (300 sampled from the old index, known spellings, Arabic folds, misses): the
    rows and qualities the JSON gazetteer's loader gave, in the same order."""
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))["lookups"]
    gaz = gazetteer()
    assert len(expected) > 300 and sum(map(len, expected.values())) > 500
    for name, hits in expected.items():
        refs = gaz.references(name)
        assert [[gaz.index.row(n if n >= 0 else ~n), 2 if n >= 0 else 1] for n in refs] == hits, name
        assert gaz.lookup(name) == [(gaz.entry(n if n >= 0 else ~n), 2 if n >= 0 else 1) for n in refs]
    kyiv = gaz.lookup("Kiev")[0]
    assert (kyiv[0].name, kyiv[0].iso3, kyiv[0].capital, kyiv[1]) == ("Kyiv", "UKR", True, 1)


def test_round_trip_across_block_boundaries(tmp_path):
    rows = [f"city\tPlace {i}\tUKR\t\t{i}.5\t\t{i}\t{i * 10}\t0\t" for i in range(23)]
    index = {
        "aachen": (0,), "kyiv": (3, ~4), "kiev": (~3,), "odesa": (5,), "odessa": (~5, 7, ~8), "zz top": (22,),
        "sao tome": (9, 10, 11), "münchen": (12,), "al mayadin": (~13,), "mayadin": (13,), "b": (1, 2),
    }  # fmt: skip
    path = tmp_path / "g.bin"
    write_gazetteer(path, rows, index, {"source": "test"}, key_block=3, row_block=4)
    f = GazetteerFile(path.read_bytes())
    assert f.meta["source"] == "test" and f.entries == 23
    for key, refs in index.items():
        assert f.get(key) == tuple(refs)
    for missing in ("", "a", "aaa", "kyi", "kyivv", "zzz", "mayadi", "\uffff"):
        assert f.get(missing) is None
    assert [f.row(i) for i in range(23)] == rows
    with pytest.raises(IndexError):
        f.row(23)


def test_another_file_is_refused():
    with pytest.raises(ValueError):
        GazetteerFile(b'{"entries": []}' + b"\0" * 40)
