"""Ingest requests: uploaded files, JSON records and pasted text become RawInputs (in memory; an
upload's name is only a label), then one :func:`redline.ingestion.ingest` at a time runs on the
server's store, and each document's outcome is reported."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from redline.inputs import default_published, inputs_from_bytes, raw_from_record
from redline.records import Document, RawInput

if TYPE_CHECKING:
    from fastapi import UploadFile

    from redline.serve.app import ServerState

MAX_NAME = 300


def _label(name: str | None, n: int) -> str:
    """An upload's name as a label: printable, without directories, bounded."""
    base = (name or "").replace("\\", "/")
    base = "".join(ch for ch in base if ch.isprintable()).strip()[:MAX_NAME]
    return base or f"upload-{n}"


def uploads(
    files: Iterable[UploadFile], text: str | None, records: str | None, max_bytes: int
) -> list[RawInput]:
    """RawInputs of one request, in order: files, then JSON Lines records, then pasted text.
    A bad part becomes a RawInput with an error (the others go on)."""
    items: list[RawInput] = []
    for n, upload in enumerate(files, 1):
        name = _label(upload.filename, n)
        data = upload.file.read(max_bytes + 1)
        if len(data) > max_bytes:
            items.append(
                RawInput(id=name, path=name, format="text", error=f"{name}: larger than {max_bytes} bytes")
            )
            continue
        items.extend(inputs_from_bytes(data, name, max_bytes))
    if records and records.strip():
        items.extend(records_input(records))
    if text and text.strip():
        digest = hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]
        items.append(RawInput(id=f"pasted-{digest}", path=f"pasted-{digest}", format="text", content=text))
    return items


def records_input(text: str) -> Iterator[RawInput]:
    """JSON Lines (or a JSON list) of news records; a malformed line is an input with an error."""
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError as exc:
            yield RawInput(
                id="<records>",
                path="<records>",
                format="record",
                error=f"records: malformed JSON ({exc.msg})",
            )
            return
        lines: list[Any] = value if isinstance(value, list) else [value]
        for n, item in enumerate(lines, 1):
            yield _record(item, n)
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            name = f"<record {n}>"
            yield RawInput(
                id=name, path=name, format="record", error=f"records line {n}: malformed JSON ({exc.msg})"
            )
            continue
        yield _record(item, n)


def _record(item: Any, n: int) -> RawInput:
    name = f"<record {n}>"
    if not isinstance(item, dict):
        return RawInput(id=name, path=name, format="record", error=f"records item {n}: not a JSON object")
    return raw_from_record(item, name)


def run(state: ServerState, items: list[RawInput], published: str | None) -> dict[str, Any]:
    """Ingest ``items`` on the server's store (one ingest at a time) and report each document."""
    from redline.ingestion import ingest
    from redline.timespans import to_day

    if published is not None and published.strip():
        day = to_day(published)
        if day is None or len(published.strip()) < 8:
            raise ValueError(f"published: {published!r} is not a date (YYYY-MM-DD)")
        items = [default_published(raw, day.isoformat()) for raw in items]
    if not items:
        raise ValueError("nothing to ingest: send files, records (JSON Lines) or text")
    seen: list[Document] = []

    def observe(docs: Iterator[Document]) -> Iterator[Document]:
        for doc in docs:
            seen.append(doc)
            yield doc

    with state.writing() as store:
        summary = ingest(
            items,
            store,
            pipeline=state.pipeline,
            alerts=state.alerts,
            progress=observe,
            max_bytes=state.max_upload,
        )
    documents = [
        {"id": d.id, "title": d.title, "published": d.published, "error": d.error,
         "events": [{"idx": i, "event": e.event, "actor": [a.code for a in e.actor],
                     "recipient": [a.code for a in e.recipient], "date": e.date, "event_text": e.event_text}
                    for i, e in enumerate(d.events)] if not d.error else []}
        for d in seen
    ]  # fmt: skip
    return {
        "stored": summary.stored, "duplicate": summary.duplicate, "failed": summary.failed,
        "stories": summary.stories, "copies": summary.copies, "merged_events": summary.merged_events,
        "alerts": [
            {"rule_id": a.rule_id, "key": a.key, "description": a.description} for a in summary.alerts
        ],
        "errors": summary.errors, "documents": documents,
    }  # fmt: skip
