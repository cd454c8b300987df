#!/usr/bin/env python3
"""How many alerts real articles raise: alerts per 100 articles with the old and the new default rules.

Usage: nice .venv/bin/python bench/alert_rate.py [--voa ../shared/corpora/voa/articles.jsonl]
       [--cache /tmp/redline-alert-rate-docs.jsonl] [--recode]

1. Rebuilds the Voice of America articles (sentences grouped by article id, in sentence order;
   sentence 0 holds the headline before the first "-"; the date is in the id,
   ``VOA_EN_NW_<YYYY.MM.DD>.<story>``) and adds the bundled ``examples/``; codes them with the
   real pipeline once (a few minutes of CPU) and caches the coded Documents as JSON Lines.
2. Ingests the coded Documents one article at a time, in publication order (as a watcher
   would), into a fresh store under /tmp, once with the rules as they were before minimum
   evidence and cool-downs (``bench/data/alerts_before.yaml``) and once with the packaged
   defaults; prints alerts per 100 articles, the alerts per rule, and the digest messages
   (``digest: day|week`` rules grouped per period) the new defaults would deliver.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from redline.records import (  # noqa: E402
    Document,
    Entity,
    Place,
    Quote,
    RawInput,
    Removal,
    TimeExpr,
    event_from_dict,
)

VOA = ROOT.parent / "shared" / "corpora" / "voa" / "articles.jsonl"
BEFORE = ROOT / "bench" / "data" / "alerts_before.yaml"


def voa_records(path: Path) -> list[dict[str, Any]]:
    """One JSON news record per VOA article: title, text and publication date."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        sentences = [s["text"].strip() for s in sorted(item["sentences"], key=lambda s: s["n"])]
        sentences = [s if s.endswith((".", "?", "!", '"', "”")) else s + "." for s in sentences if s]
        title = None
        if item["sentences"] and item["sentences"][0]["n"] == 0 and "-" in sentences[0]:
            title, _, first = sentences[0].partition("-")
            sentences[0] = first.lstrip("- ")
        day = item["id"].split("_")[3].split(".")[:3]
        out.append(
            {
                "id": item["id"],
                "title": title,
                "text": "\n\n".join(sentences),
                "published": "-".join(day),
                "publisher": "Voice of America",
            }
        )
    return out


def code_all(voa: Path, cache: Path) -> None:
    from redline.inputs import iter_inputs, raw_from_record
    from redline.pipeline import Pipeline

    raws: list[RawInput] = [raw_from_record(r, r["id"]) for r in voa_records(voa)]
    raws += list(iter_inputs([str(ROOT / "examples")]))
    pipeline = Pipeline()
    started = time.perf_counter()
    with cache.open("w", encoding="utf-8") as out:
        for n, doc in enumerate(pipeline.process(raws), start=1):
            out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
            if n % 25 == 0:
                print(f"  coded {n}/{len(raws)} ({time.perf_counter() - started:.0f} s)", flush=True)


def document_from_dict(data: dict[str, Any]) -> Document:
    parts = {
        "times": TimeExpr,
        "entities": Entity,
        "places": Place,
        "quotes": Quote,
        "removals": Removal,
    }
    known = {f.name for f in fields(Document)}
    given = {k: v for k, v in data.items() if k in known}
    for name, cls in parts.items():
        given[name] = [cls(**item) for item in data.get(name) or []]
    given["events"] = [event_from_dict(e) for e in data.get("events") or []]
    return Document(**given)


def run(documents: list[Document], rules: Path | None) -> tuple[list[Any], float]:
    from redline.ingestion import ingest
    from redline.store import Store

    fired = []
    with (
        tempfile.TemporaryDirectory(prefix="redline-alert-rate-") as tmp,
        Store(Path(tmp) / "r.duckdb") as store,
    ):
        started = time.perf_counter()
        for doc in documents:
            summary = ingest([doc], store, alerts=rules)
            fired.extend(summary.alerts)
        seconds = time.perf_counter() - started
    return fired, seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--voa", type=Path, default=VOA)
    ap.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "redline-alert-rate-docs.jsonl"
    )
    ap.add_argument("--recode", action="store_true", help="code the articles again even when cached")
    ap.add_argument("--code-only", action="store_true", help="only code and cache the articles")
    args = ap.parse_args()
    if args.recode or not args.cache.exists():
        print(f"coding the articles into {args.cache} ...", flush=True)
        code_all(args.voa, args.cache)
    if args.code_only:
        return 0
    documents = [
        document_from_dict(json.loads(line)) for line in args.cache.read_text(encoding="utf-8").splitlines()
    ]
    documents = [d for d in documents if not d.error]
    documents.sort(key=lambda d: (d.published or "9999", d.id))
    events = sum(len(d.events) for d in documents)
    print(f"{len(documents)} articles ({events} coded events), ingested one at a time in publication order")

    from redline.corroborate.alerts import build_digests, load_rules

    for label, path in (("before (old defaults)", BEFORE), ("new defaults", None)):
        fired, seconds = run(documents, path)
        per_rule = Counter(a.rule_id for a in fired)
        rate = 100 * len(fired) / len(documents)
        print(f"\n{label}: {len(fired)} alerts = {rate:.1f} per 100 articles ({seconds:.1f} s)")
        for rule, n in per_rule.most_common():
            print(f"  {rule:32s} {n}")
        rules = load_rules(None if path is None else str(path))
        digests = build_digests(fired, rules)
        if any(d.period for d in digests):
            print(
                f"  delivered as {len(digests)} messages "
                f"({sum(1 for d in digests if d.period)} digests, "
                f"{sum(1 for d in digests if not d.period)} single)"
                f" = {100 * len(digests) / len(documents):.1f} per 100 articles"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
