"""redline: trustworthy, structured PLOVER event data from raw news reporting (the public Python API).

    import redline
    doc = redline.extract(open("examples/aggregator-repost.txt").read())   # a Document
    summary = redline.ingest(["examples/"], "news.duckdb")                  # an IngestSummary

Importing redline is cheap: the pipeline (spaCy and the coder), the store (DuckDB) and the
ingestion service are imported when first used (``redline.Pipeline``, ``redline.Store``,
``redline.ingest``, ``redline.IngestSummary``).
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import TYPE_CHECKING, Any

from redline.records import (
    Actor,
    AuxMode,
    DateGranularity,
    DateSource,
    Document,
    DuplicateKind,
    Entity,
    Event,
    EventMode,
    EventReport,
    EventType,
    InputFormat,
    MergedEvent,
    Mode,
    PipelineFactory,
    PipelineLike,
    Place,
    Quote,
    RawInput,
    Removal,
    ReportRef,
    TimeExpr,
)

if TYPE_CHECKING:
    from redline.ingestion import IngestSummary, ingest
    from redline.pipeline import Pipeline
    from redline.store import Store, StoreError

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "AuxMode",
    "DateGranularity",
    "DateSource",
    "Document",
    "DuplicateKind",
    "Entity",
    "Event",
    "EventMode",
    "EventReport",
    "EventType",
    "IngestSummary",
    "InputFormat",
    "MergedEvent",
    "Mode",
    "Pipeline",
    "PipelineFactory",
    "PipelineLike",
    "Place",
    "Quote",
    "RawInput",
    "Removal",
    "ReportRef",
    "Store",
    "StoreError",
    "TimeExpr",
    "__version__",
    "extract",
    "ingest",
]

# name -> the module that defines it, imported on first access (PEP 562)
_LAZY = {
    "Pipeline": "redline.pipeline",
    "Store": "redline.store",
    "StoreError": "redline.store",
    "ingest": "redline.ingestion",
    "IngestSummary": "redline.ingestion",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'redline' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups do not come here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def extract(
    text_or_html: str,
    published: str | date | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Document:
    """Clean, annotate and code one article given as text or HTML; returns its Document.

    HTML (a page, or a fragment such as ``<article><p>..</p></article>``) is reduced to its
    article body first. ``published`` (an ISO date or datetime, a ``date``, or a date as
    sites print it) anchors relative dates ("on Tuesday"); without it the text's own
    ``Published:``-style header or dateline is used. ``title`` and ``url`` are kept on the
    record; the document's id is ``url`` when given, else ``"text"``. Runs on the process's
    shared :func:`redline.pipeline.shared_pipeline` (built on the first call, a few seconds).
    Never raises for bad content: the Document's ``error`` then says why it has no events.
    """
    from redline.inputs import looks_like_html
    from redline.pipeline import shared_pipeline

    meta: dict[str, Any] = {"published": published, "title": title, "url": url}
    meta = {key: value for key, value in meta.items() if value is not None}
    if looks_like_html(text_or_html):
        meta["html"] = True
    name = url or "text"
    raw = RawInput(id=name, path=name, format="record", content=text_or_html, meta=meta)
    return next(iter(shared_pipeline().process([raw])))
