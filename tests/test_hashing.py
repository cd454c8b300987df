"""One content hash: pipeline, store and duplicate index agree, and stores written with older hashes migrate."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pytest

from redline.clean import clean
from redline.cli import main
from redline.corroborate import DedupConfig, DedupIndex, DocKey
from redline.hashing import DIGEST_SIZE, HASH_SCHEME, content_digest, content_hash, normalise
from redline.records import Document, RawInput
from redline.store import Store

TEXT = "Belarus moved two battalions to the border on Tuesday,\nthe defence ministry in Minsk said."
SHOUTED = "BELARUS MOVED TWO BATTALIONS   TO THE BORDER ON TUESDAY, THE DEFENCE MINISTRY IN MINSK SAID."
FIXTURES = Path(__file__).parent / "fixtures" / "corroboration"


def old_pipeline_hash(text: str) -> str:
    """What ``redline.clean.content_hash`` returned before the one hash."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def old_store_hash(text: str) -> str:
    """The old store's fallback for documents without a hash."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def old_dedup_digest(text: str) -> bytes:
    """The old duplicate index's exact-copy key."""
    return hashlib.blake2b(" ".join(text.lower().split()).encode("utf-8"), digest_size=16).digest()


def test_same_content_ignores_case_and_white_space():
    assert normalise(" A  b\n\nC ") == "a b c"
    assert content_hash(TEXT) == content_hash(SHOUTED) != content_hash(TEXT.replace("two", "three"))
    assert content_hash(TEXT) == content_digest(TEXT).hex() and len(content_digest(TEXT)) == DIGEST_SIZE


def test_the_pipeline_store_and_index_use_the_one_hash(tmp_path):
    doc = clean(RawInput(id="a", path="a.txt", format="text", content=TEXT))
    assert doc.content_hash == content_hash(doc.text)
    with Store(tmp_path / "s.duckdb") as store:
        assert store.add(doc) == "stored"
        assert store.documents()[0]["content_hash"] == content_hash(TEXT)
        # the same document again, in capitals and with other spacing, is the stored one
        again = Document(id="a", path="a.txt", text=SHOUTED)
        assert store.add(again) == "duplicate"
    index = DedupIndex(DedupConfig(rewrites=False))
    index.add(DocKey("a", TEXT))
    match = index.add(DocKey("b", SHOUTED))
    assert (match.duplicate_of, match.kind) == ("a", "exact")
    assert index.hashes == [content_digest(TEXT)] * 2


def test_a_saved_index_records_the_scheme_and_an_old_one_is_refused():
    index = DedupIndex(DedupConfig(rewrites=False))
    index.add_many([DocKey("a", TEXT), DocKey("b", SHOUTED)])
    state = index.to_state()
    assert state["hash_scheme"] == HASH_SCHEME and state["hashes"].shape == (2, DIGEST_SIZE)
    assert DedupIndex.from_state(state).assignments() == index.assignments()
    old = {k: v for k, v in state.items() if k != "hash_scheme"}
    old["hashes"] = np.frombuffer(old_dedup_digest(TEXT) * 2, dtype=np.uint8).reshape(2, 16)
    with pytest.raises(ValueError, match="before schemes were recorded"):
        DedupIndex.from_state(old)


def _age(path: Path, hashes: dict[str, str]) -> None:
    """Turn a store into one the old code wrote: old content hashes (column and record), no
    recorded scheme, and a saved duplicate index with blake2b keys and no scheme."""
    con = duckdb.connect(str(path))
    for doc_id, digest in hashes.items():
        con.execute(
            "UPDATE documents SET content_hash = ?, record = json_merge_patch(record, json_object('content_hash', ?)) "
            "WHERE id = ?",
            [digest, digest, doc_id],
        )
    con.execute("DELETE FROM meta WHERE key = 'hash_scheme'")
    row = con.execute("SELECT documents, state FROM dedup_state").fetchone()
    if row is not None:
        texts = dict(con.execute("SELECT id, text FROM documents").fetchall())
        with np.load(io.BytesIO(bytes(row[1])), allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
        plain = json.loads(bytes(arrays["__plain__"]).decode("utf-8"))
        del plain["hash_scheme"]
        arrays["__plain__"] = np.frombuffer(json.dumps(plain).encode("utf-8"), dtype=np.uint8)
        old = b"".join(old_dedup_digest(texts[i]) for i in plain["ids"])
        arrays["hashes"] = np.frombuffer(old, dtype=np.uint8).reshape(-1, 16)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        con.execute("UPDATE dedup_state SET state = ?", [buffer.getvalue()])
    con.close()


def test_a_store_with_old_hashes_is_rehashed_when_opened(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.add(Document(id="a", path="a.txt", text=TEXT, content_hash=old_pipeline_hash(TEXT)))
        store.add(Document(id="b", path="b.txt", text="Minsk said nothing.", content_hash="x"))
    _age(path, {"a": old_pipeline_hash(TEXT), "b": old_store_hash("Minsk said nothing.")})
    with Store(path, read_only=True) as store:  # read-only: left as it is (nothing reads hashes)
        assert store.documents()[0]["content_hash"] == old_pipeline_hash(TEXT)
    with Store(path) as store:
        rows = {d["id"]: d for d in store.documents()}
        for doc_id, text in (("a", TEXT), ("b", "Minsk said nothing.")):
            assert rows[doc_id]["content_hash"] == content_hash(text)
            assert rows[doc_id]["record"]["content_hash"] == content_hash(text)
        assert store.add(Document(id="a", path="a.txt", text=SHOUTED)) == "duplicate"
        assert store.count("documents") == 2
        scheme = store.conn.execute("SELECT value FROM meta WHERE key = 'hash_scheme'").fetchone()
        assert scheme == (HASH_SCHEME,)


@pytest.fixture(scope="module")
def factory():
    from conftest import _pipeline

    return lambda workers: _pipeline()


def test_ingest_into_a_store_written_with_old_hashes(tmp_path, factory, capsys):
    wire, repost = str(FIXTURES / "izmail-wire.html"), str(FIXTURES / "izmail-repost.txt")
    db = tmp_path / "old.duckdb"
    assert main(["ingest", "--db", str(db), wire, repost], pipeline_factory=factory) == 0
    with Store(db, read_only=True) as store:
        texts = {d["id"]: d["text"] for d in store.documents()}
        assert store.load_dedup_state() is not None
    _age(db, {doc_id: old_pipeline_hash(text) for doc_id, text in texts.items()})
    copy = tmp_path / "izmail-copy.txt"
    shutil.copy(repost, copy)
    capsys.readouterr()
    # the repost again is the stored document; its copy under another name is an exact copy, found
    # through the index rebuilt with the new hashes (the saved one keyed copies by blake2b)
    assert main(["ingest", "--db", str(db), repost, str(copy)], pipeline_factory=factory) == 0
    assert "2 documents: 1 stored, 1 duplicate, 0 error" in capsys.readouterr().err
    with Store(db, read_only=True) as store:
        rows = {d["id"]: d for d in store.documents()}
        assert len(rows) == 3
        assert all(row["content_hash"] == content_hash(row["text"]) for row in rows.values())
        assert rows[str(copy)]["duplicate_kind"] == "exact"
        assert rows[str(copy)]["story_id"] == rows[repost]["story_id"] == wire
