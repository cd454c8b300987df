"""The ``redline`` command line.

``redline extract PATH...``   print document records (no storing)
``redline ingest PATH...``    run the pipeline, store documents in DuckDB, find copies of stories,
                              merge reports of one event, fire alert rules
``redline events``            query stored events (table, JSON Lines, CSV, Parquet); ``--merged``:
                              one row per merged event with its number of independent sources
``redline stories``           story clusters (a story and its reposts, copies and rewrites)
``redline escalation``        daily escalation index of a dyad (table, CSV or PNG chart)
``redline alerts``            alerts fired by the rule file, with the merged events behind them
``redline evaluate GOLD``     score redline (a pipeline run, or ``--records``) against gold data
``redline batch PATH... --out DIR``  code inputs on a Dask cluster into Parquet partitions
                              (``redline ingest --parquet DIR`` stores them; :mod:`redline.cli_batch`)
``redline serve``             serve the dashboard and JSON API over the store (the store's one writer)
``redline watch SOURCES.yaml`` fetch feeds, sitemaps, URL lists, pages and drop folders, ingest new
                              articles, deliver alerts (``--once``: one cycle; or ``serve --watch``)
``redline sources``           each watched source's last fetch, status, error and counts

While ``redline serve`` holds the database, ``events``, ``stories``, ``escalation`` and ``alerts``
read through it and ``ingest`` sends its inputs to it (``ingest --server URL`` names a server).

``PATH`` may be a file, a folder or ``-`` (stdin). A failed input prints one
``error: <reason>`` line on stderr and the batch goes on; the exit status is 1 when any
input failed, else 0 (2 for usage errors).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from redline.records import Document, PipelineFactory, PipelineLike
from redline.render import (
    draw_escalation_png,
    escalation_table,
    format_table,
    render_alerts,
    render_document,
    render_events,
    render_merged,
    render_stories,
    rows_csv,
    write_escalation_csv,
)

__all__ = [
    "main",
    "PipelineLike",
    "default_pipeline_factory",
    "format_table",
    "render_document",
    "render_events",
]


def default_pipeline_factory(workers: int) -> PipelineLike:
    """The real pipeline (loads spaCy once); ``workers`` is its ``n_process``."""
    from redline.pipeline import Pipeline

    return Pipeline(n_process=workers, warm_up=False)


# -- argument parsing ---------------------------------------------------------------------


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def _port(value: str) -> int:
    number = _positive(value)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"not a port: {value}")
    return number


def _memory(value: str) -> str:
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", value.strip(), re.IGNORECASE):
        raise argparse.ArgumentTypeError(f"not a size like 4GB or 512MB: {value!r}")
    return value.strip()


def _day(value: str) -> str:
    from redline.timespans import to_day

    day = to_day(value)
    if day is None or len(value.strip()) < 8:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}")
    return day.isoformat()


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
            "--workers", type=_positive, default=1, metavar="N", help="worker processes (default 1)"
        )
        p.add_argument("--published", type=_day, metavar="DATE",
                       help="publication date (YYYY-MM-DD) for inputs that state none; never overrides one")

    db_help = "database file (default $REDLINE_DB, else ./redline.duckdb)"
    p_extract = sub.add_parser("extract", help="print document records without storing them")
    inputs(p_extract)
    p_extract.add_argument("--format", choices=["jsonl", "json", "table"], default="jsonl")

    p_ingest = sub.add_parser("ingest", help="extract and store documents")
    inputs(p_ingest)
    p_ingest.add_argument("--db", metavar="FILE", help=db_help)
    p_ingest.add_argument("--alerts", metavar="RULES.yaml", help="alert rules (default: the packaged rules)")
    p_ingest.add_argument("--settings", metavar="FILE.yaml",
                          help="near-duplicate and merging thresholds ({dedup: {...}, merge: {...}})")
    p_ingest.add_argument("--recompute", action="store_true",
                          help="merge every stored report again instead of only the new ones (same result)")
    p_ingest.add_argument("--server", metavar="URL",
                          help="send the inputs to a running `redline serve` (e.g. http://127.0.0.1:8080)")
    p_ingest.add_argument("--token", metavar="TOKEN", help="the server's token (default $REDLINE_TOKEN)")
    p_ingest.add_argument("--parquet", action="store_true",
                          help="the PATHs are `redline batch` output folders: store their coded documents")

    p_batch = sub.add_parser("batch", help="code inputs on a Dask cluster into Parquet partitions")
    p_batch.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, or - for stdin")
    p_batch.add_argument("--out", required=True, metavar="DIR",
                         help="output folder (finished partitions are kept)")
    where = p_batch.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_positive, default=2, metavar="N",
                       help="worker processes of a local cluster (default 2)")
    where.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler (tcp://host:8786)")
    p_batch.add_argument("--partition-size", type=_positive, default=100, metavar="N",
                         help="inputs per partition (default 100)")
    p_batch.add_argument("--max-bytes", type=_positive, default=20_000_000, metavar="N",
                         help="skip inputs larger than N bytes (default 20000000)")
    p_batch.add_argument("--published", type=_day, metavar="DATE",
                         help="publication date (YYYY-MM-DD) for inputs that state none; never overrides one")

    p_events = sub.add_parser("events", help="query stored events")
    p_events.add_argument("--db", metavar="FILE", help=db_help)
    p_events.add_argument("--actor", metavar="CODE", help="an actor code, e.g. BLR")
    p_events.add_argument("--recipient", metavar="CODE", help="a recipient code, e.g. UKR")
    p_events.add_argument("--event", metavar="TYPE", help="a PLOVER event type, e.g. THREATEN")
    p_events.add_argument("--since", metavar="DATE", help="events on or after DATE (YYYY[-MM[-DD]])")
    p_events.add_argument("--until", metavar="DATE", help="events on or before DATE (YYYY[-MM[-DD]])")
    p_events.add_argument("--format", choices=["table", "jsonl", "csv", "parquet"], default="table")
    p_events.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    p_events.add_argument("--merged", action="store_true",
                          help="one row per merged event (reports of one event from several documents)")

    p_stories = sub.add_parser("stories", help="list story clusters (a story and its copies)")
    p_stories.add_argument("--db", metavar="FILE", help=db_help)
    p_stories.add_argument("--min-size", type=_positive, default=1, metavar="N",
                           help="only stories with at least N documents (default 1)")
    p_stories.add_argument("--format", choices=["table", "jsonl"], default="table")

    p_esc = sub.add_parser("escalation", help="daily escalation index of a dyad or country")
    p_esc.add_argument("--db", metavar="FILE", help=db_help)
    p_esc.add_argument("--dyad", required=True, metavar="A-B",
                       help="ordered pair of actor codes (BLR-UKR: what BLR does to UKR) or one code")
    p_esc.add_argument("--since", metavar="DATE", help="from DATE (YYYY-MM-DD)")
    p_esc.add_argument("--until", metavar="DATE", help="to DATE (YYYY-MM-DD)")
    p_esc.add_argument("--format", choices=["table", "csv", "png"], default="table")
    p_esc.add_argument("--output", metavar="FILE", help="write to FILE (png default: escalation-DYAD.png)")

    p_alerts = sub.add_parser("alerts", help="alerts fired by the rule file")
    p_alerts.add_argument("--db", metavar="FILE", help=db_help)
    p_alerts.add_argument("--since", metavar="DATE", help="alerts about events on or after DATE")
    p_alerts.add_argument("--format", choices=["table", "jsonl"], default="table")

    p_serve = sub.add_parser("serve", help="serve the dashboard and the JSON API over the store")
    p_serve.add_argument("--db", metavar="FILE", help=db_help)
    p_serve.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1: this machine only)")
    p_serve.add_argument("--port", type=_port, default=8080, help="port (default 8080)")
    p_serve.add_argument("--read-only", action="store_true", help="no write routes (no ingest)")
    p_serve.add_argument("--memory-limit", type=_memory, metavar="SIZE",
                         help="DuckDB's memory limit, e.g. 4GB (default: DuckDB's, 80%% of RAM)")
    p_serve.add_argument("--alerts", metavar="RULES.yaml", help="alert rules (default: the packaged ones)")
    p_serve.add_argument("--watch", metavar="SOURCES.yaml", help="also run `redline watch` on these sources")
    p_serve.add_argument("--allow-private", action="store_true", help="--watch may fetch private addresses")

    p_watch = sub.add_parser("watch", help="ingest new articles from feeds, sites, URL lists, drop folders")
    p_watch.add_argument("sources", metavar="SOURCES.yaml", help="the sources file (see the README)")
    p_watch.add_argument("--db", metavar="FILE", help=db_help)
    p_watch.add_argument("--once", action="store_true", help="fetch every source once, then exit")
    p_watch.add_argument("--allow-private", action="store_true",
                         help="allow loopback, private and CGNAT addresses (never link-local)")
    p_watch.add_argument("--alerts", metavar="RULES.yaml", help="alert rules (default: the packaged rules)")
    p_watch.add_argument("--settings", metavar="FILE.yaml", help="near-duplicate and merging thresholds")
    p_watch.add_argument("--workers", type=_positive, default=1, metavar="N", help="parser processes")

    p_sources = sub.add_parser("sources", help="watched sources: last fetch, status, error, counts")
    p_sources.add_argument("--db", metavar="FILE", help=db_help)
    p_sources.add_argument("--format", choices=["table", "jsonl"], default="table")

    p_eval = sub.add_parser(
        "evaluate", help="score redline against gold (article, sentences, times, quotes, ACLED)"
    )
    p_eval.add_argument(
        "gold", metavar="GOLD", help="gold.json, sentence, times or quote JSONL, or ACLED-style CSV"
    )
    p_eval.add_argument("--records", metavar="RECORDS.jsonl", help="score these records (no pipeline run)")
    p_eval.add_argument("--inputs", metavar="DIR", help="folder of the articles named in article gold "
                        "(default: the gold file's folder)")
    p_eval.add_argument("--gold-format", choices=["article", "sentences", "times", "quotes", "acled"],
                        help="gold format (default: detected)")
    p_eval.add_argument("--format", choices=["text", "json"], default="text")
    p_eval.add_argument("--errors", type=int, default=20, metavar="N",
                        help="list at most N errors (default 20; 0: none; -1: all)")
    p_eval.add_argument(
        "--workers", type=_positive, default=1, metavar="N", help="worker processes (default 1)"
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
    from redline.inputs import default_published, iter_inputs

    pipeline = factory(args.workers)
    raws = (default_published(r, args.published) for r in iter_inputs(args.paths, max_bytes=args.max_bytes))
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


def _locked_by_server(path: Path, exc: Exception) -> str | None:
    """The URL of the server holding ``path`` when ``exc`` is DuckDB's lock error and one is announced."""
    from redline.serve.client import find_server

    return find_server(path) if "lock" in str(exc).lower() else None


def cmd_ingest_remote(args: argparse.Namespace, url: str) -> int:
    from redline.serve.client import ServerError, send_inputs

    if args.alerts or args.settings or args.recompute:
        print("error: --alerts, --settings and --recompute are the server's (`redline serve --alerts`)",
              file=sys.stderr)
        return 2
    token = args.token or os.environ.get("REDLINE_TOKEN")
    try:
        summary = send_inputs(url, args.paths, token, published=args.published, max_bytes=args.max_bytes,
                              on_error=lambda message: _report(f"error: {message}"))
    except ServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for alert in summary["alerts"]:
        _report(f"alert: {alert['rule_id']} {alert['key']}: {alert['description']}")
    documents = summary["stored"] + summary["duplicate"] + summary["failed"]
    print(
        f"ingested {documents} {'document' if documents == 1 else 'documents'} through {url}: "
        f"{summary['stored']} stored, {summary['duplicate']} duplicate, {summary['failed']} error",
        file=sys.stderr,
    )
    print(
        f"store: {summary['stories']} stories ({summary['copies']} documents are copies or rewrites), "
        f"{summary['merged_events']} merged events, {len(summary['alerts'])} new alerts",
        file=sys.stderr,
    )
    return 0 if not summary["errors"] else 1


def cmd_ingest(args: argparse.Namespace, factory: PipelineFactory) -> int:
    from redline.ingestion import ingest
    from redline.store import StoreError

    if args.server and args.parquet:
        print("error: --parquet reads local batch output; ingest it where the store is", file=sys.stderr)
        return 2
    if args.server:
        return cmd_ingest_remote(args, args.server)
    if args.parquet:
        from redline.cli_batch import parquet_documents
    try:
        summary = ingest(
            parquet_documents(args.paths) if args.parquet else args.paths,
            _db_path(args),
            pipeline=factory,
            workers=args.workers,
            alerts=args.alerts,
            settings=args.settings,
            max_bytes=args.max_bytes,
            published=args.published,
            on_error=lambda message: _report(f"error: {message}"),
            on_alert=lambda a: _report(f"alert: {a.rule_id} {a.key}: {a.description}"),
            progress=lambda docs: _progress(docs, "ingest"),
            recompute=args.recompute,
        )
    except (StoreError, ValueError) as exc:
        url = _locked_by_server(_db_path(args), exc) if isinstance(exc, StoreError) else None
        if url:
            _report(f"note: {_db_path(args)} is held by `redline serve` at {url}; sending the inputs there")
            return cmd_ingest_remote(args, url)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    noun = "document" if summary.documents == 1 else "documents"
    print(
        f"ingested {summary.documents} {noun}: {summary.stored} stored, {summary.duplicate} duplicate, "
        f"{summary.failed} error",
        file=sys.stderr,
    )
    print(
        f"store: {summary.stories} stories ({summary.copies} documents are copies or rewrites), "
        f"{summary.merged_events} merged events, {len(summary.alerts)} new alerts",
        file=sys.stderr,
    )
    return 0 if summary.ok else 1


def _write_text(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _open_store(args: argparse.Namespace):
    """The store, read-only; None (after a message) when there is none."""
    from redline.store import Store, StoreError

    path = _db_path(args)
    if not path.exists():
        print(f"error: no database at {path} (run `redline ingest` first)", file=sys.stderr)
        return None
    try:
        return Store(path, read_only=True)
    except StoreError as exc:
        url = _locked_by_server(path, exc)
        if url:  # `redline serve` holds the database: read through it
            from redline.serve.client import RemoteStore

            return RemoteStore(url, path)
        print(f"error: {exc}", file=sys.stderr)
        return None


def cmd_events(args: argparse.Namespace) -> int:
    if args.merged and args.format == "parquet":
        print("error: --merged supports table, jsonl and csv", file=sys.stderr)
        return 2
    filters = {
        "actor": args.actor,
        "recipient": args.recipient,
        "event": args.event,
        "since": args.since,
        "until": args.until,
    }
    store = _open_store(args)
    if store is None:
        return 1
    try:
        with store:
            if args.merged:
                rows = store.query_merged(**filters)
            elif args.format in ("csv", "parquet"):
                if args.output:
                    store.export_events(args.output, args.format, **filters)
                else:  # csv to stdout: COPY to a temporary file, then stream it
                    with tempfile.TemporaryDirectory(prefix="redline-") as tmp:
                        target = Path(tmp) / "events.csv"
                        store.export_events(target, "csv", **filters)
                        with target.open(encoding="utf-8") as handle:
                            shutil.copyfileobj(handle, sys.stdout)
                return 0
            else:
                rows = store.query_events(**filters)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.format == "jsonl":
        _write_text("".join(_dumps(r) + "\n" for r in rows), args.output)
    elif args.format == "csv":  # merged events (stored events are exported by DuckDB above)
        _write_text(rows_csv(rows), args.output)
    else:
        _write_text((render_merged(rows) if args.merged else render_events(rows)) + "\n", args.output)
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    store = _open_store(args)
    if store is None:
        return 1
    with store:
        rows = store.stories(args.min_size)
    if args.format == "jsonl":
        sys.stdout.write("".join(_dumps(r) + "\n" for r in rows))
    else:
        sys.stdout.write(render_stories(rows) + "\n")
    return 0


def cmd_escalation(args: argparse.Namespace) -> int:
    from redline.corroborate.escalation import escalation_index
    from redline.timespans import parse_bound

    try:
        bounds = {"since": parse_bound(args.since, "since"), "until": parse_bound(args.until, "until")}
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    dyad = args.dyad.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}(-[A-Z]{3})?", dyad):
        print(f"error: --dyad {args.dyad!r}: use two actor codes (BLR-UKR) or one (BLR)", file=sys.stderr)
        return 2
    store = _open_store(args)
    if store is None:
        return 1
    with store:
        merged = store.merged_events()
    rows = escalation_index(merged, dyad, **bounds)
    if args.format == "png":
        target = Path(args.output or f"escalation-{dyad}.png")
        draw_escalation_png(rows, target, {m.id: m for m in merged})
        print(f"wrote {target} ({len(rows)} days)", file=sys.stderr)
    elif args.format == "csv":
        buffer = io.StringIO()
        write_escalation_csv(rows, buffer)
        _write_text(buffer.getvalue(), args.output)
    else:
        _write_text(escalation_table(rows) + "\n", args.output)
    if not rows:
        print(f"note: no day-dated merged events for {dyad}", file=sys.stderr)
    if rows.skipped:
        print(f"note: {rows.skipped} events dated only to a week, month or year are not in the daily index",
              file=sys.stderr)
    return 0


def cmd_alerts(args: argparse.Namespace) -> int:
    store = _open_store(args)
    if store is None:
        return 1
    try:
        with store:
            rows = store.alerts(args.since)
            merged = {m["id"]: m for m in store.query_merged()}
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.format == "jsonl":
        out = [{**r, "merged_events": [merged[i] for i in r["merged_ids"] if i in merged]} for r in rows]
        sys.stdout.write("".join(_dumps(r) + "\n" for r in out))
    else:
        sys.stdout.write(render_alerts(rows, merged) + "\n")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from redline.serve import run
    except ImportError as exc:  # the web dependencies are missing
        print(f"error: redline serve needs fastapi and uvicorn ({exc})", file=sys.stderr)
        return 1
    from redline.store import StoreError

    watch = None
    if args.watch:
        from redline.watch import load_sources

        if args.read_only:
            print("error: --watch writes to the store; it cannot run with --read-only", file=sys.stderr)
            return 2
        try:
            watch = load_sources(args.watch)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    try:
        run(_db_path(args), host=args.host, port=args.port, read_only=args.read_only,
            token=os.environ.get("REDLINE_TOKEN") or None, alerts=args.alerts, memory_limit=args.memory_limit,
            watch=watch, allow_private=args.allow_private)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
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
        if args.command == "batch":
            from redline.cli_batch import cmd_batch

            return cmd_batch(args)
        if args.command == "evaluate":
            return cmd_evaluate(args, factory)
        if args.command in ("watch", "sources"):
            from redline.cli_watch import cmd_sources, cmd_watch

            return cmd_watch(args, factory) if args.command == "watch" else cmd_sources(args)
        commands = {"stories": cmd_stories, "escalation": cmd_escalation, "alerts": cmd_alerts}
        commands["serve"] = cmd_serve
        return commands.get(args.command, cmd_events)(args)
    except BrokenPipeError:  # e.g. `redline extract ... | head`
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        from redline.serve.client import ServerError  # reading through a server that went away

        if isinstance(exc, ServerError):
            print(f"error: {exc}", file=sys.stderr)
            return 1
        raise


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
