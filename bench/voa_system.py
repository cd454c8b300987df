#!/usr/bin/env python3
"""Whole-system cross-validation on our labelled VOA sentences: rules plus a classifier that never saw them.

Usage: .venv/bin/python bench/voa_system.py [--oof bench/out/cv_oof.npz] [--key finetuned_int8]
                                            [--set RULE=VALUE ...] [--limit N] [--errors N]
                                            [--dump FILE]

``tools/train_event_model.py --cv`` leaves the out-of-fold probabilities of each classifier
on the 5,880 labelled sentences (``cv_oof.npz``: each sentence read by a model trained on the
other folds, grouped by article). This script runs the whole pipeline on every sentence
(one document each, published on its article's date) with the classifier replaced by those
out-of-fold readings, so the figures are what the coder as a whole does on real sentences
that neither its rules nor its classifier saw. ``--shipped`` runs the shipped classifier instead
(it was trained on these sentences: its type figures are in-sample, but actor and recipient
figures still measure the rules on real text; it needs no ``cv_oof.npz``).
``--key static_shipped`` is the shipped static classifier (never trained on VOA).
``--set learned_min_probability.finetuned=0.6`` overrides a coder threshold from
``rules.json`` for one run, to choose thresholds on these folds rather than on a
development set.

Printed: event/no-event precision, recall and F1 per sentence; type accuracy on event
sentences (some coded event has the labelled type, as ``score_sentences.py`` counts it);
type+actor; the share of coded events whose type is among the sentence's labelled types;
events coded on sentences labelled as reporting none. ``--dump FILE`` writes each sentence's
coded events (type, actor and recipient codes, trigger, confidence, modes) as JSON lines, to
compare two versions of the coder sentence by sentence.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
VOA = ROOT / "src" / "redline" / "data" / "training" / "voa" / "voa.jsonl"
OOF = ROOT / "bench" / "out" / "cv_oof.npz"


class OutOfFold:
    """Stands in for the classifier: every sentence of the current document gets its row's reading."""

    def __init__(self, labels: list[str], encoder_name: str):
        self.labels = labels
        self.encoder_name = encoder_name
        self.row: np.ndarray | None = None

    def predict(self, sentences: list[str]) -> np.ndarray:
        assert self.row is not None
        return np.tile(self.row, (len(sentences), 1))


def parse_value(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def override(rules: dict, assignment: str) -> None:
    key, _, value = assignment.partition("=")
    *path, last = key.split(".")
    target = rules
    for part in path:
        target = target[part]
    if last not in target:
        raise SystemExit(f"--set {assignment}: no such rule")
    target[last] = parse_value(value)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--oof", default=str(OOF))
    ap.add_argument("--key", default="finetuned_int8",
                    help="which classifier's out-of-fold readings (a key of the .npz)")
    ap.add_argument("--shipped", action="store_true",
                    help="use the shipped classifier (in-sample for types) instead of out-of-fold readings")
    ap.add_argument("--set", action="append", default=[], metavar="RULE=VALUE")
    ap.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="list N wrong sentences")
    ap.add_argument("--dump", metavar="FILE", help="write each sentence's coded events as JSON lines")
    args = ap.parse_args()
    rows = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.shipped:
        return run(rows[: args.limit] if args.limit else rows, None, None, args)
    if not Path(args.oof).exists():
        print(f"skipped: no out-of-fold readings at {args.oof} (run tools/train_event_model.py --cv,"
              " or use --shipped)")
        return 0
    oof = np.load(args.oof)
    labels = [str(x) for x in oof["labels"]]
    readings = oof[args.key]
    if len(readings) != len(rows) or list(oof["gold"]) != [r["event"] or "NONE" for r in rows]:
        print("the out-of-fold readings are not of the current labelled set: rerun"
              " tools/train_event_model.py --cv")
        return 1
    read = ~np.isnan(readings).any(axis=1)  # folds a shortened run (--cv-finetune-folds) left unread
    if not read.all():
        print(f"out-of-fold readings for {int(read.sum())} of {len(rows)} sentences: figures on those only")
        rows, readings = [r for r, ok in zip(rows, read, strict=True) if ok], readings[read]
    if args.limit:
        rows, readings = rows[: args.limit], readings[: args.limit]
    stand_in = OutOfFold(labels, "finetuned" if args.key.startswith("finetuned") else
                         "minilm" if args.key.startswith("minilm") else "static")
    return run(rows, readings, stand_in, args)


def run(rows: list[dict], readings, stand_in: OutOfFold | None, args) -> int:
    """Code every sentence and print the figures; *stand_in* (with *readings*) replaces the
    classifier, or None keeps the shipped one."""
    from redline.pipeline import Pipeline

    pipeline = Pipeline()
    if stand_in is not None:
        pipeline.coder.classifier = stand_in
    pipeline.coder.rules = copy.deepcopy(pipeline.coder.rules)  # a private copy to override
    for assignment in args.set:
        override(pipeline.coder.rules, assignment)

    tp = fp = fn = 0
    typed = typed_actor = events_gold = 0
    with_recipient = typed_recipient = 0
    coded = coded_right = coded_on_none = 0
    wrong: list[str] = []
    per_type: Counter = Counter()
    per_type_hit: Counter = Counter()
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None  # noqa: SIM115
    for row, reading in zip(rows, readings if readings is not None else [None] * len(rows), strict=True):
        if stand_in is not None:
            stand_in.row = reading
        doc = pipeline.process_text(row["text"], published=row["published"], id=str(row["source"]["n"]))
        kinds = [e.event for e in doc.events]
        if dump is not None:
            dump.write(json.dumps({"n": row["source"]["n"], "gold": row["event"], "events": [
                [e.event, [a.code for a in e.actor], [a.code for a in e.recipient], e.trigger, e.confidence,
                 e.mode]
                for e in doc.events]}) + "\n")
        gold = row["event"]
        allowed = {gold, *row["other_events"]} - {None}
        coded += len(kinds)
        coded_right += sum(k in allowed for k in kinds)
        if gold is None:
            coded_on_none += len(kinds)
            fp += bool(kinds)
            if kinds and len(wrong) < args.errors:
                wrong.append(f"  NONE → {','.join(kinds)}: {row['text'][:150]}")
            continue
        events_gold += 1
        per_type[gold] += 1
        tp += bool(kinds)
        fn += not kinds
        hit = [e for e in doc.events if e.event == gold]
        typed += bool(hit)
        per_type_hit[gold] += bool(hit)
        gold_actors = set(row["actor"])
        typed_actor += any(gold_actors & {a.code for a in e.actor} for e in hit)
        if row["recipient"]:
            with_recipient += 1
            recipients = set(row["recipient"])
            typed_recipient += any(
                gold_actors & {a.code for a in e.actor} and recipients & {a.code for a in e.recipient}
                for e in hit
            )
        if not hit and len(wrong) < args.errors:
            wrong.append(f"  {gold} → {','.join(kinds) or '-'}: {row['text'][:150]}")

    if dump is not None:
        dump.close()
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    name = "shipped classifier (in-sample types)" if stand_in is None else args.key
    print(f"{name}: {len(rows)} sentences, {events_gold} with an event; overrides {args.set or 'none'}")
    print(f"  event/no-event        P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"  type-acc on events    {typed / max(events_gold, 1):.3f}")
    print(f"  type+actor on events  {typed_actor / max(events_gold, 1):.3f}")
    print(f"  type+actor+recipient on events with a labelled recipient"
          f"  {typed_recipient / max(with_recipient, 1):.3f}  ({with_recipient})")
    print(f"  coded events right    {coded_right / max(coded, 1):.3f}  ({coded_right}/{coded})")
    print(f"  events on no-event sentences {coded_on_none} ({fp} sentences of {len(rows) - events_gold})")
    print("  recall per type: " + ", ".join(f"{k} {per_type_hit[k] / per_type[k]:.2f}/{per_type[k]}"
                                            for k in sorted(per_type)))
    for line in wrong:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
