"""The edges of ``redline evaluate``: reading gold and records, building pipeline inputs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from redline.records import PipelineLike, RawInput

FORMATS = ("article", "sentences", "times", "quotes", "acled")
# JSONL gold: the key each line has
JSONL_NEEDS = {"sentences": "expected", "times": "timexes", "quotes": "quotes"}


def detect_format(text: str) -> str:
    """The gold format of a file's text: article | sentences | times | quotes | acled (ValueError if none)."""
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        raise ValueError("empty gold file")
    if stripped.startswith("{"):
        try:
            whole = json.loads(stripped)
        except json.JSONDecodeError:
            whole = None
        if isinstance(whole, dict) and isinstance(whole.get("articles"), dict):
            return "article"
        first = stripped.splitlines()[0]
        try:
            record = json.loads(first)
        except json.JSONDecodeError:
            record = whole
        if isinstance(record, dict):
            if "expected" in record:
                return "sentences"
            if "timexes" in record:
                return "times"
            if "quotes" in record and "text" in record:
                return "quotes"
            if "articles" in record:
                return "article"
    header = stripped.splitlines()[0].lower()
    if "event_type" in header and "notes" in header:
        return "acled"
    raise ValueError("cannot tell the gold format (use --gold-format article|sentences|times|quotes|acled)")


def read_text(path: str | Path) -> str:
    return Path(path).read_text(encoding="utf-8-sig")


def parse_gold(text: str, fmt: str) -> Any:
    """Gold file text -> the structure the scorer of ``fmt`` takes (ValueError when malformed)."""
    if fmt == "article":
        gold = json.loads(text)
        if not isinstance(gold, dict) or not isinstance(gold.get("articles"), dict):
            raise ValueError('article gold needs an object with "articles"')
        return gold
    if fmt in JSONL_NEEDS:
        items = [json.loads(line) for line in text.splitlines() if line.strip()]
        need = JSONL_NEEDS[fmt]
        for n, item in enumerate(items, 1):
            if not isinstance(item, dict) or need not in item:
                raise ValueError(f"{fmt} gold line {n} has no {need!r}")
        return items
    if fmt == "acled":
        from redline.evaluate.acled import gold_rows, read_csv

        return gold_rows(read_csv(text))
    raise ValueError(f"unknown gold format {fmt!r}")


def parse_records(text: str) -> list[dict[str, Any]]:
    """Document records from JSON Lines (or a JSON list); ValueError on a malformed line."""
    stripped = text.strip()
    if stripped.startswith("["):
        value = json.loads(stripped)
        return [r for r in value if isinstance(r, dict)]
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {n}: {exc.msg}") from None
            if isinstance(value, dict):
                out.append(value)
    return out


def gold_inputs(fmt: str, gold: Any, gold_path: str | Path, inputs_dir: str | Path | None = None,
                max_bytes: int = 20_000_000) -> Iterator[RawInput]:
    """The inputs the pipeline must code for this gold."""
    from redline.inputs import iter_inputs

    gold_path = Path(gold_path)
    if fmt == "article":
        base = Path(inputs_dir) if inputs_dir else gold_path.parent
        yield from iter_inputs([str(base / name) for name in gold["articles"]], max_bytes=max_bytes)
    elif fmt in JSONL_NEEDS:
        yield from iter_inputs([str(gold_path)], max_bytes=max_bytes)
    elif fmt == "acled":
        for row in gold:
            path = f"{gold_path}#{row['id']}"
            notes = row.get("notes") or ""
            if not notes.strip():
                yield RawInput(id=row["id"], path=path, format="record", error=f"{path}: empty notes")
                continue
            meta = {"published": row.get("date") or row.get("event_date") or None}
            yield RawInput(id=row["id"], path=path, format="record", content=notes, meta=meta)
    else:
        raise ValueError(f"unknown gold format {fmt!r}")


def run_pipeline(pipeline: PipelineLike, raws: Iterable[RawInput],
                 progress: Any = None) -> tuple[list[dict[str, Any]], list[str]]:
    """Document records of the inputs, and the errors of those that failed (left out)."""
    records, errors = [], []
    docs = pipeline.process(raws)
    for doc in progress(docs) if progress else docs:
        if doc.error:
            errors.append(doc.error)
        else:
            records.append(doc.to_dict())
    return records, errors
