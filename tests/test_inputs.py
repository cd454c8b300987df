"""Reading inputs (redline.inputs): every input kind, encodings, and every bad-input kind."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from redline.inputs import iter_inputs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
STORY = "Troops were deployed to the northern border on Monday, the defence ministry said.\n"


def one(path: Path | str, **kw) -> object:
    items = list(iter_inputs([str(path)], **kw))
    assert len(items) == 1, items
    return items[0]


def test_text_file(tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text(STORY, encoding="utf-8")
    raw = one(f)
    assert (raw.id, raw.path, raw.format, raw.content, raw.encoding, raw.error) == (
        str(f), str(f), "text", STORY, "utf-8", None
    )


def test_html_file() -> None:
    raw = one(EXAMPLES / "ministry-page.html")
    assert raw.format == "html" and "<article>" in raw.content and raw.error is None


def test_json_object_and_list(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"id": "a1", "text": STORY, "title": "T", "publisher": "P"}))
    raw = one(single)
    assert (raw.id, raw.format, raw.content) == ("a1", "record", STORY)
    assert raw.meta == {"title": "T", "publisher": "P"}
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": STORY}, {"id": 7, "text": STORY}]))
    ids = [r.id for r in iter_inputs([str(many)])]
    assert ids == [f"{many}#item1", "7"]


def test_jsonl_records_html_and_errors(tmp_path: Path) -> None:
    f = tmp_path / "data.jsonl"
    lines = [
        json.dumps({"id": "r1", "text": STORY, "published": "2024-05-01", "url": "https://x.example/a"}),
        '{"id": "r2", "text": "unterminated',
        json.dumps({"id": "r3", "html": "<html><body><p>x</p></body></html>"}),
        "",
        json.dumps({"text": STORY}),
        json.dumps({"id": "r6", "title": "no body"}),
        json.dumps(["not", "an", "object"]),
    ]
    f.write_text("\n".join(lines) + "\n")
    raws = list(iter_inputs([str(f)]))
    assert [r.id for r in raws] == ["r1", f"{f}#line2", "r3", f"{f}#line5", "r6", f"{f}#line7"]
    assert raws[0].meta == {"published": "2024-05-01", "url": "https://x.example/a"}
    assert raws[1].error.startswith(f"{f} line 2: malformed JSON (")
    assert raws[2].format == "record" and raws[2].meta["html"] is True and raws[2].content.startswith("<html>")
    assert raws[3].error is None and raws[3].content == STORY
    assert raws[4].error == f"{f} line 6: record has no text or html"
    assert raws[5].error == f"{f} line 7: record is not a JSON object"
    assert all(r.path == str(f) for r in raws)


def test_examples_batch_jsonl_has_three_records_one_html() -> None:
    raws = list(iter_inputs([str(EXAMPLES / "batch.jsonl")]))
    assert len(raws) == 3 and all(r.error is None for r in raws)
    assert sum(1 for r in raws if r.meta.get("html")) == 1


def test_gzip_of_each_kind(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(STORY.encode()))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(json.dumps({"id": "g", "text": STORY}).encode()))
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(b"<html><body><p>hi</p></body></html>"))
    raws = list(iter_inputs([str(tmp_path)]))
    assert [(Path(r.path).name, r.format) for r in raws] == [
        ("a.txt.gz", "text"), ("b.jsonl.gz", "record"), ("c.html.gz", "html")
    ]
    assert raws[0].content == STORY and raws[1].id == "g"


def test_folder_is_recursive_sorted_and_skips_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.txt").write_text(STORY)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / ".secret.txt").write_text(STORY)
    (tmp_path / ".hidden" / "x.txt").write_text(STORY)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "notes.md").write_text(STORY)
    names = [os.path.relpath(r.path, tmp_path) for r in iter_inputs([str(tmp_path)])]
    assert names == ["a.txt", os.path.join("b", "z.txt")]


def test_explicit_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    f = tmp_path / "page.dat"
    f.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert one(f).format == "html"


@pytest.mark.parametrize(
    ("data", "fmt", "ids"),
    [
        (b'{"id": "s1", "text": "a"}\n{"id": "s2", "text": "b"}\n', "record", ["s1", "s2"]),
        (b"<!doctype html><html><body><p>x</p></body></html>", "html", ["<stdin>"]),
        (b"<html><body><p>x</p></body></html>", "html", ["<stdin>"]),
        (STORY.encode(), "text", ["<stdin>"]),
        (gzip.compress(STORY.encode()), "text", ["<stdin>"]),
    ],
)
def test_stdin_sniffing(data: bytes, fmt: str, ids: list[str]) -> None:
    raws = list(iter_inputs(["-"], stdin=io.BytesIO(data)))
    assert [r.id for r in raws] == ids
    assert all(r.format == fmt and r.error is None for r in raws)


def test_encodings_detected(tmp_path: Path) -> None:
    text = "Talks in Genève ended — the envoy said “no deal”.\n"
    cases = {
        "bom8.txt": (b"\xef\xbb\xbf" + text.encode("utf-8"), "utf-8-sig"),
        "u16.txt": (text.encode("utf-16"), "utf-16"),
        "plain.txt": (text.encode("utf-8"), "utf-8"),
    }
    for name, (data, encoding) in cases.items():
        (tmp_path / name).write_bytes(data)
        raw = one(tmp_path / name)
        assert (raw.content, raw.encoding) == (text, encoding), name
    raw = one(FIXTURES / "cp1252.txt")
    assert raw.encoding == "cp1252" and "café" in raw.content


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    f = tmp_path / "latin.html"
    f.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><p>Tréve à Genève</p></body></html>'.encode(
        "latin-1"
    ))
    raw = one(f)
    assert "Tréve à Genève" in raw.content and raw.encoding == "iso8859-1"


def test_missing_file() -> None:
    raw = one("examples/does-not-exist.txt")
    assert raw.error == "examples/does-not-exist.txt: file not found" and raw.content is None


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    f = tmp_path / "locked.txt"
    f.write_text(STORY)
    f.chmod(0)
    try:
        assert one(f).error == f"{f}: permission denied"
    finally:
        f.chmod(0o644)


def test_unreadable_file_reported_via_oserror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "locked.txt"
    f.write_text(STORY)

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", deny)
    assert one(f).error == f"{f}: permission denied"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bin.txt", b"\x7fELF\x00\x00\x01\x02", "is binary data (NUL bytes)"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t", "empty file"),
        ("bad.txt", bytes(range(128, 256)) * 4, "undecodable bytes"),
        ("bad.gz", b"\x1f\x8b\x08\x00garbage", "corrupt gzip data"),
    ],
)
def test_bad_inputs(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    raw = one(f)
    assert raw.error.startswith(f"{f}: {reason}") and raw.content is None


def test_too_large(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text(STORY * 10)
    assert one(f, max_bytes=100).error == f"{f}: larger than 100 bytes (limit)"
    g = tmp_path / "bomb.txt.gz"
    g.write_bytes(gzip.compress(b"a" * 5000))
    assert "larger than 1000 bytes (limit) after decompression" in one(g, max_bytes=1000).error
    raws = list(iter_inputs(["-"], max_bytes=10, stdin=io.BytesIO(STORY.encode())))
    assert raws[0].error == "<stdin>: larger than 10 bytes (limit)"


def test_bad_input_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY)
    raws = list(iter_inputs([str(tmp_path / "missing.txt"), str(good)]))
    assert [r.error is None for r in raws] == [False, True]


def test_a_record_given_in_python_reads_like_its_jsonl_line(tmp_path: Path) -> None:
    from redline.inputs import raw_from_record

    record = {"headline": "T", "date": "2024-05-01", "html": "<html><body><p>x</p></body></html>"}
    line = tmp_path / "one.jsonl"
    line.write_text(json.dumps({"id": "a1", **record}) + "\n", encoding="utf-8")
    [from_file] = iter_inputs([str(line)])
    given = raw_from_record({"id": "a1", **record})
    assert (given.id, given.format, given.content, given.meta) == (
        from_file.id, from_file.format, from_file.content, from_file.meta
    )
    assert given.meta["html"] is True and given.meta["title"] == "T" and given.meta["published"] == "2024-05-01"
    nameless = raw_from_record({"title": "no body"}, "<record 3>")
    assert (nameless.id, nameless.path) == ("<record 3>", "<record 3>")
    assert nameless.error == "<record 3>: record has no text or html"


def test_records_of_news_apis_are_read_by_their_own_field_names() -> None:
    from redline.inputs import raw_from_record

    newsapi = raw_from_record({
        "source": {"id": None, "name": "Wire Service"}, "author": "Staff", "title": "T",
        "publishedAt": "2025-03-09T14:20:00Z", "url": "https://example.org/a",
        "content": "Troops moved north on Monday. The column also… [+1523 chars]",
    })
    assert newsapi.error is None and newsapi.content == "Troops moved north on Monday. The column also"
    assert (newsapi.meta["published"], newsapi.meta["publisher"]) == ("2025-03-09T14:20:00Z", "Wire Service")
    registry = raw_from_record({
        "uri": "8512345", "dateTime": "2025-03-08T09:00:00Z", "title": "T", "body": "People rallied.",
        "source": {"uri": "example.org", "title": "Example News"},
    })
    assert (registry.id, registry.content, registry.meta["publisher"]) == ("8512345", "People rallied.", "Example News")
    assert registry.meta["published"] == "2025-03-08T09:00:00Z"
    teaser = raw_from_record({"title": "T", "description": "Troops moved north."}, "<r>")
    assert teaser.error is None and teaser.content == "Troops moved north."


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<!doctype html><html><body><p>Story.</p></body></html>", True),
        ("  <article><h1>T</h1><p>Troops moved.</p></article>", True),
        ("<!-- saved --><div class='story'><p>Troops moved.</p></div>", True),
        ("Troops moved <b>north</b> on Monday.", False),  # text that happens to hold a tag
        ("<unclosed stuff and text", False),
        ("Plain story.\nSecond line.", False),
    ],
)
def test_looks_like_html(text: str, html: bool) -> None:
    from redline.inputs import looks_like_html

    assert looks_like_html(text) is html
