"""Inputs: files, folders, stdin and JSON records -> :class:`RawInput` (reading, not storing).

Design:
- ``.txt`` -> format "text"; ``.html``/``.htm`` -> format "html"; ``.json`` (an object or a
  list of objects) and ``.jsonl`` -> one RawInput per record, format "record". Any of these
  may be gzipped (``.txt.gz``...). Other extensions are sniffed when named explicitly and
  skipped inside folders. Folders are walked recursively in sorted order, hidden entries skipped.
- A record ``{id, text|html, title?, published?, url?, publisher?, author?, section?, ...}``
  becomes ``RawInput(id=record id, format="record", content=text)``; a record carrying
  ``html`` (and no ``text``) has ``content`` = the HTML and ``meta["html"] = True``. The field
  names of news APIs are read too (``body``/``content``, ``publishedAt``/``dateTime``,
  ``source.name``, ...: ``TEXT_KEYS``, ``ALIASES``), and a record with only a ``description``
  is read as that. Every other field goes into ``meta``. Missing ids fall back to ``path#lineN`` (JSONL) or
  ``path#itemN`` (JSON list).
- Nothing raises: unreadable input yields a RawInput whose ``error`` names the input and reason.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import zlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, BinaryIO

from redline.inputs.decode import DecodeError, decode_bytes, looks_like_html, sniff_format
from redline.records import InputFormat, RawInput

__all__ = [
    "MAX_BYTES",
    "decode_bytes",
    "default_published",
    "input_files",
    "inputs_from_bytes",
    "iter_inputs",
    "looks_like_html",
    "raw_from_record",
    "read_bytes",
    "records_from_text",
    "sniff_format",
]

MAX_BYTES = 20_000_000
STDIN_NAME = "<stdin>"
KNOWN = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl",
         ".ndjson": "jsonl"}
ID_KEYS = ("id", "doc_id", "docid", "article_id", "uid", "uri", "guid", "_id")
# The field names news APIs and crawlers use (NewsAPI, Event Registry, GDELT, news-please, RSS):
# the first one present, in this order, is read as the canonical field.
ALIASES = {
    "dct": "published", "date": "published", "publishedAt": "published", "published_at": "published",
    "pubDate": "published", "date_publish": "published", "dateTime": "published", "datetime": "published",
    "seendate": "published", "published_date": "published",
    "headline": "title", "link": "url", "byline": "author", "authors": "author",
    "source_domain": "site", "source_name": "publisher",
}  # fmt: skip
TEXT_KEYS = (
    "text", "body", "content", "maintext", "full_text", "fulltext", "article", "article_text", "story",
)  # fmt: skip
HTML_KEYS = ("html", "raw_html", "content_html")
SUMMARY_KEYS = ("description", "summary", "abstract")  # read only when a record has no body
# NewsAPI cuts its content and says how much is missing: "... also… [+1523 chars]"
_TRUNCATED = re.compile(r"\s*(?:…|\.\.\.)?\s*\[\+\d+ chars\]\s*$")


class InputError(Exception):
    """A reason why an input cannot be read (message without the input's name)."""


def iter_inputs(
    paths: Sequence[str], max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None
) -> Iterator[RawInput]:
    """Yield one RawInput per file/record under *paths*; ``-`` reads *stdin* (default sys.stdin)."""
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stream(stream, max_bytes)
        elif os.path.isdir(path):
            for file in _walk(path):
                yield from _read_file(file, max_bytes, explicit=False)
        else:
            yield from _read_file(path, max_bytes, explicit=True)


def input_files(paths: Sequence[str]) -> Iterator[str]:
    """The files :func:`iter_inputs` would read for *paths*, in its order (folders walked the same
    way; ``-`` and missing paths passed through as given)."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            yield from _walk(path)
        else:
            yield path


def inputs_from_bytes(data: bytes, name: str, max_bytes: int = MAX_BYTES) -> Iterator[RawInput]:
    """RawInputs from the bytes of one file read elsewhere (e.g. uploaded), as if read from a file
    called *name*: its extension picks the kind (``.gz`` unpacked), unknown kinds are sniffed;
    *name* is only a label (the input's id and path), never opened."""
    kind = _kind(name)
    guess: InputFormat = "html" if kind == "html" else "text"
    try:
        data = _gunzip(data, max_bytes)
    except InputError as exc:
        yield _failed(name, name, guess, f"{name}: {exc}")
        return
    yield from _from_bytes(data, name, kind, guess)


def default_published(raw: RawInput, published: str | None) -> RawInput:
    """The input, told the publication date to use when its text and metadata state none."""
    if published:
        raw.meta = {**(raw.meta or {}), "published_default": published}
    return raw


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and _kind(name) is not None:
                yield os.path.join(root, name)


def _kind(name: str) -> str | None:
    """The content kind by extension ("text", "html", "json", "jsonl"), ignoring a ``.gz`` suffix."""
    base = name[:-3] if name.lower().endswith(".gz") else name
    return KNOWN.get(os.path.splitext(base)[1].lower())


def read_bytes(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    """Read (and gunzip) a file, raising InputError with a short reason."""
    if not os.path.exists(path):
        raise InputError("file not found")
    if not os.path.isfile(path):
        raise InputError("not a regular file")
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(f"larger than {max_bytes} bytes (limit)")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError as exc:
        raise InputError("permission denied") from exc
    except OSError as exc:
        raise InputError(f"unreadable ({exc.strerror or exc})") from exc
    return _gunzip(data, max_bytes)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    if len(data) > max_bytes:
        raise InputError(f"larger than {max_bytes} bytes (limit)")
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        decompressor = zlib.decompressobj(wbits=31)
        out = decompressor.decompress(data, max_bytes + 1)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(f"corrupt gzip data ({exc})") from exc
    if len(out) > max_bytes or decompressor.unconsumed_tail:
        raise InputError(f"larger than {max_bytes} bytes (limit) after decompression")
    if not decompressor.eof:
        raise InputError("corrupt gzip data (truncated)")
    return out


def _read_file(path: str, max_bytes: int, explicit: bool) -> Iterator[RawInput]:
    kind = _kind(path)
    guess: InputFormat = "html" if kind == "html" else "text"
    try:
        data = read_bytes(path, max_bytes)
    except InputError as exc:
        yield _failed(path, path, guess, f"{path}: {exc}")
        return
    yield from _from_bytes(data, path, kind, guess)


def _read_stream(stream: BinaryIO, max_bytes: int) -> Iterator[RawInput]:
    try:
        data = _gunzip(stream.read(max_bytes + 1), max_bytes)
    except InputError as exc:
        yield _failed(STDIN_NAME, STDIN_NAME, "text", f"{STDIN_NAME}: {exc}")
        return
    except OSError as exc:
        yield _failed(STDIN_NAME, STDIN_NAME, "text", f"{STDIN_NAME}: unreadable ({exc})")
        return
    yield from _from_bytes(data, STDIN_NAME, None, "text")


def _from_bytes(data: bytes, path: str, kind: str | None, guess: InputFormat) -> Iterator[RawInput]:
    if not data.strip():
        yield _failed(path, path, guess, f"{path}: empty file")
        return
    try:
        text, encoding = decode_bytes(data, html=kind in (None, "html"))
    except DecodeError as exc:
        yield _failed(path, path, guess, f"{path}: {exc}")
        return
    if text.startswith("\ufeff"):
        text = text[1:]
    kind = kind or sniff_format(text)
    if kind in ("json", "jsonl"):
        for raw in records_from_text(text, path, kind):
            raw.encoding = encoding
            yield raw
        return
    fmt: InputFormat = "html" if kind == "html" else "text"
    yield RawInput(id=path, path=path, format=fmt, content=text, encoding=encoding)


def _failed(id: str, path: str, fmt: InputFormat, error: str) -> RawInput:
    return RawInput(id=id, path=path, format=fmt, error=error)


def records_from_text(text: str, path: str, kind: str = "jsonl") -> Iterator[RawInput]:
    """Parse JSON (object or list) or JSON Lines *text* into record RawInputs; bad records carry errors."""
    if kind == "json" or (kind == "jsonl" and text.lstrip().startswith("[")):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            if kind == "json" and "\n{" not in text:
                yield _failed(path, path, "record", f"{path}: malformed JSON ({_short(exc)})")
                return
        else:
            items = value if isinstance(value, list) else [value]
            for n, item in enumerate(items, 1):
                fallback = path if not isinstance(value, list) else f"{path}#item{n}"
                where = path if not isinstance(value, list) else f"{path} item {n}"
                yield _record(item, path, fallback, where)
            return
    yield from _jsonl(text, path)


def _jsonl(text: str, path: str) -> Iterator[RawInput]:
    lines = text.splitlines()
    # A single pretty-printed object in a .jsonl/stdin: parse it whole.
    if len(lines) > 1:
        first = lines[0].strip()
        if first == "{" or (first.startswith("{") and not first.endswith("}")):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                pass
            else:
                if isinstance(value, dict):
                    yield _record(value, path, path, path)
                    return
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path} line {n}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _failed(f"{path}#line{n}", path, "record", f"{where}: malformed JSON ({_short(exc)})")
            continue
        yield _record(value, path, f"{path}#line{n}", where)


def _short(exc: json.JSONDecodeError) -> str:
    return f"{exc.msg}: line {exc.lineno} column {exc.colno}"


def raw_from_record(record: Mapping[str, Any], fallback_id: str = "<record>") -> RawInput:
    """One JSON news record (``{id, text|html, title?, published?, url?, ...}``, as a line of
    a JSONL file holds it) as a RawInput, read exactly like that line; ``fallback_id`` is its
    id and path when it carries no id."""
    return _record(dict(record), fallback_id, fallback_id, fallback_id)


def _first_text(record: Mapping[str, Any], keys: Sequence[str]) -> str | None:
    """The first non-empty string among *record*'s *keys*."""
    return next((record[k] for k in keys if isinstance(record.get(k), str) and record[k].strip()), None)


def _record(value: Any, path: str, fallback_id: str, where: str) -> RawInput:
    if not isinstance(value, dict):
        return _failed(fallback_id, path, "record", f"{where}: record is not a JSON object")
    rid = next((value[k] for k in ID_KEYS if value.get(k) not in (None, "")), None)
    rec_id = str(rid) if rid is not None else fallback_id
    meta: dict[str, Any] = {k: v for k, v in value.items() if k not in ("id", "text", "html")}
    for alias, canonical in ALIASES.items():
        if meta.get(alias) not in (None, "") and meta.get(canonical) in (None, ""):
            meta[canonical] = meta[alias]
    source = meta.get("source")  # {"id", "name"} (NewsAPI), {"uri", "title"} (Event Registry), a name
    name = source.get("name") or source.get("title") if isinstance(source, dict) else source
    if isinstance(name, str) and name.strip() and meta.get("publisher") in (None, ""):
        meta["publisher"] = name.strip()
    text = _first_text(value, TEXT_KEYS)
    if text is not None:
        return RawInput(id=rec_id, path=path, format="record", content=_TRUNCATED.sub("", text), meta=meta)
    html = _first_text(value, HTML_KEYS)
    if html is not None:
        meta["html"] = True
        return RawInput(id=rec_id, path=path, format="record", content=html, meta=meta)
    summary = _first_text(value, SUMMARY_KEYS)
    if summary is not None:
        return RawInput(id=rec_id, path=path, format="record", content=summary, meta=meta)
    error = f"{where}: record has no text or html"
    return RawInput(id=rec_id, path=path, format="record", meta=meta, error=error)
