"""``redline evaluate``: score redline's output against gold data.

Gold formats (detected from the file, or named):
- ``article``: article-level gold like ``../shared/acceptance/gold.json``; inputs are the
  file names it lists, beside the gold file or in ``inputs_dir``;
- ``sentences``: sentence-level PLOVER gold JSONL (``{id, text, published, expected}``);
- ``times``: TimeML-style date gold JSONL (``{doc_id, dct, text, timexes}``);
- ``quotes``: quote gold JSONL (``{id, text, published, quotes}``, see :mod:`redline.evaluate.quotes`);
- ``acled``: an ACLED-style CSV (see :mod:`redline.evaluate.acled`).
For JSONL gold the gold records themselves are the inputs. With ``records_path`` an
existing RECORDS.jsonl is scored instead of running the pipeline.

The scorers (:func:`score`) are pure functions from parsed gold and document records to
a JSON-serialisable result: ``headline`` figures (equal to the shared reference scorers'
on the same input), ``summary`` lines, ``per_class`` P/R/F1, ``confusion``, ``errors``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from redline.evaluate.acled import normalise_actor, score_acled
from redline.evaluate.article import score_articles
from redline.evaluate.io import (
    FORMATS,
    PipelineLike,
    detect_format,
    gold_inputs,
    parse_gold,
    parse_records,
    read_text,
    run_pipeline,
)
from redline.evaluate.quotes import score_quotes
from redline.evaluate.report import render_text
from redline.evaluate.sentences import score_sentences
from redline.evaluate.times import score_times

__all__ = ["FORMATS", "detect_format", "evaluate", "normalise_actor", "parse_gold", "parse_records",
           "render_text", "score", "score_acled", "score_articles", "score_quotes", "score_sentences",
           "score_times"]

SCORERS: dict[str, Callable[[Any, list[dict[str, Any]]], dict[str, Any]]] = {
    "article": score_articles,
    "sentences": score_sentences,
    "times": score_times,
    "quotes": score_quotes,
    "acled": score_acled,
}


def score(fmt: str, gold: Any, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Score document records against parsed gold of format ``fmt``."""
    return SCORERS[fmt](gold, records)


def evaluate(
    gold_path: str | Path,
    *,
    gold_format: str | None = None,
    records_path: str | Path | None = None,
    inputs_dir: str | Path | None = None,
    pipeline_factory: Callable[[], PipelineLike] | None = None,
    progress: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """Read gold (and records, or code the gold inputs with the pipeline) and score them.

    Raises OSError/ValueError for unreadable or malformed gold or records.
    """
    text = read_text(gold_path)
    fmt = gold_format or detect_format(text)
    gold = parse_gold(text, fmt)
    input_errors: list[str] = []
    if records_path is not None:
        records = parse_records(read_text(records_path))
        n_inputs = None
    else:
        if pipeline_factory is None:
            from redline.pipeline import Pipeline

            def pipeline_factory() -> PipelineLike:
                return Pipeline()

        raws = list(gold_inputs(fmt, gold, gold_path, inputs_dir))
        n_inputs = len(raws)
        records, input_errors = run_pipeline(pipeline_factory(), raws, progress)
    result = score(fmt, gold, records)
    result.update({"gold": str(gold_path), "records": str(records_path) if records_path else None,
                   "inputs": n_inputs, "input_errors": input_errors})
    return result
