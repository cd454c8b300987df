"""The ``redline`` command line: extract, ingest, events.

``redline extract PATH...``   print document records (no storing)
``redline ingest PATH...``    run the pipeline and store documents in DuckDB
``redline events``            query stored events (table, JSON Lines, CSV, Parquet)
``redline evaluate GOLD``     score redline (a pipeline run, or ``--records``) against gold data

``PATH`` may be a file, a folder or ``-`` (stdin). A failed input prints one
``error: <reason>`` line on stderr and the batch goes on; the exit status is 1 when any
input failed, else 0 (2 for usage errors).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from redline.records import Document, RawInput

__all__ = [
    "main",
    "PipelineLike",
    "default_pipeline_factory",
    "format_table",
    "render_document",
    "render_events",
]

TEXT_WIDTH = 72


class PipelineLike(Protocol):
    def process(self, raws: Iterable[RawInput]) -> Iterator[Document]: ...


PipelineFactory = Callable[[int], PipelineLike]


def default_pipeline_factory(workers: int) -> PipelineLike:
    """The real pipeline (loads spaCy once); ``workers`` is its ``n_process``."""
    from redline.pipeline import Pipeline

    return Pipeline(n_process=workers)


# -- rendering (pure) ---------------------------------------------------------------------


def _cell(value: Any, width: int | None) -> str:
    if value is None:
        text = ""
    elif isinstance(value, list | tuple):
        text = ",".join(str(v) for v in value)
    else:
        text = str(value)
    text = " ".join(text.split())
    if width is not None and len(text) > width:
        text = text[: max(width - 1, 0)] + "…"
    return text


def format_table(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], widths: dict[str, int] | None = None
) -> str:
    """A plain-text table; ``widths`` caps (and truncates) named columns."""
    widths = widths or {}
    cells = [[_cell(v, widths.get(h)) for h, v in zip(headers, row, strict=True)] for row in rows]
    sizes = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.upper().ljust(sizes[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * s for s in sizes))
    lines.extend("  ".join(c.ljust(sizes[i]) for i, c in enumerate(r)).rstrip() for r in cells)
    return "\n".join(lines)


def _actors(actors: list[dict[str, Any]]) -> str:
    return ",".join(a.get("code") or a.get("entity_text") or "?" for a in actors) or "-"


def render_document(record: dict[str, Any]) -> str:
    """Readable summary of one document record: metadata, then its events as a table."""
    title = record.get("title") or "(untitled)"
    lines = [f"== {title}", f"   id: {record.get('id')}"]
    publisher = record.get("publisher") or "-"
    original = record.get("original_publisher")
    if original and original != publisher:
        publisher = f"{publisher} (original: {original})"
    lines.append(f"   published: {record.get('published') or '-'}   publisher: {publisher}")
    if record.get("duplicate_of"):
        lines.append(f"   duplicate of: {record['duplicate_of']}")
    events = record.get("events") or []
    if not events:
        lines.append("   (no events)")
    else:
        rows = [
            (
                e.get("date"),
                e.get("event"),
                f"{_actors(e.get('actor') or [])} -> {_actors(e.get('recipient') or [])}",
                e.get("mode") or [],
                e.get("event_text"),
            )
            for e in events
        ]
        table = format_table(
            ["date", "event", "actor -> recipient", "mode", "text"], rows, {"text": TEXT_WIDTH}
        )
        lines.append(table)
    return "\n".join(lines)


def _tail(value: str | None, width: int) -> str:
    """Keep the end of long ids/paths (the file name is the informative part)."""
    value = value or ""
    return value if len(value) <= width else "…" + value[-(width - 1) :]


def _codes(codes: list[str | None]) -> str:
    return ",".join(c or "?" for c in codes) or "-"


def render_events(rows: list[dict[str, Any]]) -> str:
    """Stored events (``Store.query_events`` rows) as a table."""
    body = [
        (
            r["date"],
            r["event"],
            f"{_codes(r['actor_codes'])} -> {_codes(r['recipient_codes'])}",
            r["mode"],
            _tail(r["doc_id"], 24),
            r["event_text"],
        )
        for r in rows
    ]
    table = format_table(
        ["date", "event", "actor -> recipient", "mode", "doc", "text"], body, {"text": TEXT_WIDTH}
    )
    return f"{table}\n({len(rows)} events)"


# -- argument parsing ---------------------------------------------------------------------


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="redline",
        description="Turn news articles about wars and political crises into PLOVER event data.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def inputs(p: argparse.ArgumentParser) -> None:
        p.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, or - for stdin")
        p.add_argument(
            "--max-bytes",
            type=_positive,
            default=20_000_000,
            metavar="N",
            help="skip inputs larger than N bytes (default 20000000)",
        )
        p.add_argument(
            "--workers", type=_positive, default=1, metavar="N", help="parser processes (default 1)"
        )

    db_help = "database file (default $REDLINE_DB, else ./redline.duckdb)"
    p_extract = sub.add_parser("extract", help="print document records without storing them")
    inputs(p_extract)
    p_extract.add_argument("--format", choices=["jsonl", "json", "table"], default="jsonl")

    p_ingest = sub.add_parser("ingest", help="extract and store documents")
    inputs(p_ingest)
    p_ingest.add_argument("--db", metavar="FILE", help=db_help)

    p_events = sub.add_parser("events", help="query stored events")
    p_events.add_argument("--db", metavar="FILE", help=db_help)
    p_events.add_argument("--actor", metavar="CODE", help="an actor code, e.g. BLR")
    p_events.add_argument("--recipient", metavar="CODE", help="a recipient code, e.g. UKR")
    p_events.add_argument("--event", metavar="TYPE", help="a PLOVER event type, e.g. THREATEN")
    p_events.add_argument("--since", metavar="DATE", help="events on or after DATE (YYYY[-MM[-DD]])")
    p_events.add_argument("--until", metavar="DATE", help="events on or before DATE (YYYY[-MM[-DD]])")
    p_events.add_argument("--format", choices=["table", "jsonl", "csv", "parquet"], default="table")
    p_events.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")

    p_eval = sub.add_parser("evaluate", help="score redline against gold (article, sentences, times, ACLED)")
    p_eval.add_argument("gold", metavar="GOLD", help="gold.json, sentence or times JSONL, or ACLED-style CSV")
    p_eval.add_argument("--records", metavar="RECORDS.jsonl", help="score these records (no pipeline run)")
    p_eval.add_argument("--inputs", metavar="DIR", help="folder of the articles named in article gold "
                        "(default: the gold file's folder)")
    p_eval.add_argument("--gold-format", choices=["article", "sentences", "times", "acled"],
                        help="gold format (default: detected)")
    p_eval.add_argument("--format", choices=["text", "json"], default="text")
    p_eval.add_argument("--errors", type=int, default=20, metavar="N",
                        help="list at most N errors (default 20; 0: none; -1: all)")
    p_eval.add_argument(
        "--workers", type=_positive, default=1, metavar="N", help="parser processes (default 1)"
    )
    return parser


# -- commands -----------------------------------------------------------------------------


def _progress(docs: Iterable[Document], desc: str) -> Iterator[Document]:
    from tqdm import tqdm

    disable = not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())
    yield from tqdm(docs, desc=desc, unit="doc", file=sys.stderr, disable=disable, leave=False)


def _report(message: str) -> None:
    from tqdm import tqdm

    tqdm.write(message, file=sys.stderr)


def _documents(args: argparse.Namespace, factory: PipelineFactory, desc: str) -> Iterator[Document]:
    from redline.ingest import iter_inputs

    pipeline = factory(args.workers)
    raws = iter_inputs(args.paths, max_bytes=args.max_bytes)
    return _progress(pipeline.process(raws), desc)


def _dumps(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def cmd_extract(args: argparse.Namespace, factory: PipelineFactory) -> int:
    failed = 0
    collected: list[dict[str, Any]] = []
    out = sys.stdout
    for doc in _documents(args, factory, "extract"):
        if doc.error:
            failed += 1
            _report(f"error: {doc.error}")
            continue
        record = doc.to_dict()
        if args.format == "jsonl":
            out.write(_dumps(record) + "\n")
            out.flush()
        elif args.format == "table":
            out.write(render_document(record) + "\n\n")
            out.flush()
        else:
            collected.append(record)
    if args.format == "json":
        out.write(_dumps(collected, indent=2) + "\n")
    return 1 if failed else 0


def _db_path(args: argparse.Namespace) -> Path:
    from redline.store import default_db_path

    return Path(args.db) if args.db else default_db_path()


def cmd_ingest(args: argparse.Namespace, factory: PipelineFactory) -> int:
    from redline.store import Store, StoreError

    counts = {"stored": 0, "duplicate": 0, "error": 0}
    try:
        store = Store(_db_path(args))
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    with store:
        for doc in _documents(args, factory, "ingest"):
            try:
                status = store.add(doc)
            except Exception as exc:  # one bad record must not sink the batch; add() rolled back
                status = "error"
                doc.error = f"{doc.path}: could not store ({type(exc).__name__}: {exc})"
                store.record_error(doc.path or doc.id, doc.error)
            if status == "error":
                _report(f"error: {doc.error}")
            counts[status] += 1
    total = sum(counts.values())
    noun = "document" if total == 1 else "documents"
    print(
        f"ingested {total} {noun}: {counts['stored']} stored, {counts['duplicate']} duplicate, "
        f"{counts['error']} error",
        file=sys.stderr,
    )
    return 1 if counts["error"] else 0


def _write_text(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def cmd_events(args: argparse.Namespace) -> int:
    from redline.store import Store, StoreError

    path = _db_path(args)
    if not path.exists():
        print(f"error: no database at {path} (run `redline ingest` first)", file=sys.stderr)
        return 1
    filters = {
        "actor": args.actor,
        "recipient": args.recipient,
        "event": args.event,
        "since": args.since,
        "until": args.until,
    }
    try:
        with Store(path, read_only=True) as store:
            if args.format in ("csv", "parquet"):
                if args.output:
                    store.export_events(args.output, args.format, **filters)
                else:  # csv to stdout: COPY to a temporary file, then stream it
                    with tempfile.TemporaryDirectory(prefix="redline-") as tmp:
                        target = Path(tmp) / "events.csv"
                        store.export_events(target, "csv", **filters)
                        with target.open(encoding="utf-8") as handle:
                            shutil.copyfileobj(handle, sys.stdout)
                return 0
            rows = store.query_events(**filters)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.format == "jsonl":
        _write_text("".join(_dumps(r) + "\n" for r in rows), args.output)
    else:
        _write_text(render_events(rows) + "\n", args.output)
    return 0


def cmd_evaluate(args: argparse.Namespace, factory: PipelineFactory) -> int:
    from redline.evaluate import evaluate, render_text
    from redline.evaluate.report import select_errors

    limit = None if args.errors < 0 else args.errors
    try:
        result = evaluate(
            args.gold,
            gold_format=args.gold_format,
            records_path=args.records,
            inputs_dir=args.inputs,
            pipeline_factory=lambda: factory(args.workers),
            progress=lambda docs: _progress(docs, "evaluate"),
        )
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (KeyError, TypeError, AttributeError) as exc:  # gold or records of an unexpected shape
        print(f"error: malformed gold or records ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 2
    for err in result["input_errors"]:
        _report(f"error: {err}")
    if args.format == "json":
        errors = result["errors"]
        result["errors_total"] = len(errors)
        result["errors"] = select_errors(errors, limit)
        sys.stdout.write(_dumps(result, indent=2) + "\n")
    else:
        sys.stdout.write(render_text(result, limit))
    return 0


def main(argv: list[str] | None = None, pipeline_factory: PipelineFactory | None = None) -> int:
    """Run the CLI; returns the exit status. ``pipeline_factory(workers)`` replaces the real pipeline."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "events" and args.format == "parquet" and not args.output:
            parser.error("--format parquet requires --output FILE")
    except SystemExit as exc:  # usage errors and --help
        return exc.code if isinstance(exc.code, int) else 2
    factory = pipeline_factory or default_pipeline_factory
    try:
        if args.command == "extract":
            return cmd_extract(args, factory)
        if args.command == "ingest":
            return cmd_ingest(args, factory)
        if args.command == "evaluate":
            return cmd_evaluate(args, factory)
        return cmd_events(args)
    except BrokenPipeError:  # e.g. `redline extract ... | head`
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
