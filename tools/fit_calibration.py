#!/usr/bin/env python3
"""Refit the event-confidence calibration of a classifier: src/redline/data/coder/calibration-<encoder>.json.

Usage: .venv/bin/python tools/fit_calibration.py [--oof FILE.npz] [--folds 5] [--c 1.0] [--write]

Method: the whole pipeline codes our hand-labelled real news sentences (VOA,
src/redline/data/training/voa/voa.jsonl), none of which any rule was written against. The
classifier's probabilities the coder sees must be honest: when the shipped classifier never saw
these sentences it is used as it is; when it was trained on them, ``--oof`` gives its
out-of-fold probabilities (``tools/train_event_model.py --cv`` writes them: each sentence
scored by a model trained without its article's fold) and the pipeline replays them. Every
coded event gets its calibration features (``redline.code.calibration.features``) and an
outcome: right when its type is the sentence's label or one of its further events (any event
on a sentence without one is wrong). A logistic regression over the features (Platt scaling,
L2 with ``--c``) is the map; its figure is cross-validated over articles. The development
gold (``--dev``) is coded as a check and never fitted on. Nothing is written unless ``--write`` is given.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT.parent / "shared" / "eval" / "plover-gsr-dev.jsonl"
OUT = ROOT / "src" / "redline" / "data" / "coder"  # calibration-<encoder>.json
#: own_date is left out: on the training events it says nothing of the type being right
#: (0.67 vs 0.68 right) and its fitted weight is negative, which does not carry over to news;
#: top is left out too: beside the classifier's logit it only takes a negative weight.
DEFAULT_FEATURES = (
    "lexicon",
    "cameo_default",
    "learned",
    "classified",
    "logit",
    "main",
    "recipient",
    "claimed",
)

sys.path.insert(0, str(ROOT / "src"))

from redline.code import calibration  # noqa: E402
from redline.code.calibration import FEATURES, Calibration  # noqa: E402
from redline.code.classifier import NONE  # noqa: E402
from redline.records import RawInput  # noqa: E402


class Recorder:
    """Stands in for ``calibration.confidence``/``merged`` while coding: every confidence the
    coder asks for is returned as a token (its index), so the final events can be traced back
    to the features of the reading they carry."""

    def __init__(self):
        self.leaves: list[dict[str, float]] = []
        self.merges: list[tuple[float, float]] = []

    def confidence(
        self, values: Mapping[str, float], calibration: Calibration | None = None, encoder: str = ""
    ) -> float:
        self.leaves.append(dict(values))
        return float(len(self.leaves) - 1)

    def merged(self, a: float, b: float) -> float:
        self.merges.append((a, b))
        return -float(len(self.merges))

    def leaf(self, token: float) -> dict[str, float]:
        """Features of the first mention of an event (merged events: of the kept one)."""
        while token < 0:
            token = self.merges[int(-token) - 1][0]
        return self.leaves[int(token)]

    def value(self, token: float, score: Callable[[Mapping[str, float]], float], merge=max) -> float:
        if token < 0:
            a, b = self.merges[int(-token) - 1]
            return merge(self.value(a, score, merge), self.value(b, score, merge))
        return score(self.leaves[int(token)])










def code_rows(pipeline, rows: list[dict], recorder: Recorder) -> list[tuple[float, bool, str]]:
    """(token, right, row id) for every event the pipeline codes in *rows* (each row one document)."""
    raws = [
        RawInput(
            id=r["id"],
            path=r["id"],
            format="record",
            content=r["text"],
            meta={"published": r.get("published")},
        )
        for r in rows
    ]
    expected = {r["id"]: {r["event"], *(r.get("other_events") or [])} for r in rows}
    out = []
    for document in pipeline.process(raws):
        if document.error:
            print(f"warning: {document.id}: {document.error}", file=sys.stderr)
        for event in document.events:
            out.append((event.confidence, event.event in expected[document.id], document.id))
    return out


def matrix(recorder: Recorder, coded, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[recorder.leaf(t)[name] for name in names] for t, _, _ in coded], dtype=float)
    y = np.array([r for _, r, _ in coded], dtype=int)
    return x, y


def fit_map(x: np.ndarray, y: np.ndarray, names: list[str], c: float) -> Calibration:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, y)
    weights = {name: float(w) for name, w in zip(names, model.coef_[0], strict=True)}
    return Calibration(weights, float(model.intercept_[0]))


def figures(recorder: Recorder, coded, score, merge=max) -> tuple[float, float, float, float]:
    pairs = [(recorder.value(t, score, merge), r) for t, r, _ in coded]
    mean = sum(c for c, _ in pairs) / len(pairs)
    right = sum(r for _, r in pairs) / len(pairs)
    return mean, right, calibration.ece(pairs), calibration.brier(pairs)


def show(label: str, numbers: tuple[float, float, float, float]) -> None:
    mean, right, e, b = numbers
    print(f"  {label:<44} mean conf {mean:.3f}  right {right:.3f}  ECE {e:.3f}  Brier {b:.3f}")


def load_dev(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            event = row["expected"]["event"]
            rows.append(
                {"id": str(row["id"]), "text": row["text"], "published": row.get("published"), "event": event}
            )
    return rows










def voa_rows() -> list[dict]:
    """Our hand-labelled real news sentences (data/training/voa/voa.jsonl), in file order."""
    rows = []
    path = ROOT / "src" / "redline" / "data" / "training" / "voa" / "voa.jsonl"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            row = json.loads(line)
            doc = row["source"]["doc"]
            rows.append({**row, "id": f"voa:{doc}:{row['source']['n']}", "doc": doc, "n_row": n,
                         "event": row.get("event") or NONE})
    return rows


class ReplayClassifier:
    """The shipped classifier's labels with out-of-fold probabilities looked up by sentence text:
    what a classifier trained without the sentence's fold would have said of it."""

    def __init__(self, shipped, labels: list[str], table: dict[str, np.ndarray]):
        self.shipped, self.labels, self.table = shipped, labels, table
        self.encoder_name = shipped.encoder_name

    def predict(self, sentences: list[str]) -> np.ndarray:
        found = [self.table.get(" ".join(s.split())) for s in sentences]
        missing = [s for s, f in zip(sentences, found, strict=True) if f is None]
        fallback = iter(self.shipped.predict(missing)) if missing else iter(())
        order = [self.shipped.labels.index(label) for label in self.labels]
        rows = [f if f is not None else next(fallback)[order] for f in found]
        return np.array(rows, dtype=np.float32).reshape(len(sentences), len(self.labels))


def article_folds(rows: list[dict], k: int) -> list[int]:
    """Fold of each row by a hash of its article, so one article's sentences stay together."""
    return [int(hashlib.sha1(r["doc"].encode()).hexdigest(), 16) % k for r in rows]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5, help="folds over articles for the CV figure")
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength of the calibration map")
    parser.add_argument(
        "--features",
        default=",".join(DEFAULT_FEATURES),
        help="comma-separated subset of " + ",".join(FEATURES),
    )
    parser.add_argument("--oof", type=Path, metavar="FILE.npz",
                        help="out-of-fold probabilities of the shipped classifier on the VOA sentences "
                        "(tools/train_event_model.py --cv writes them); needed when that classifier "
                        "was trained on them")
    parser.add_argument("--oof-key", metavar="NAME", help="which array of --oof (default: the encoder's)")
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--write", action="store_true",
                        help=f"write {OUT.relative_to(ROOT)}/calibration-<encoder>.json ($REDLINE_ENCODER's)")
    args = parser.parse_args(argv[1:])
    names = [n for n in args.features.split(",") if n]
    unknown = set(names) - set(FEATURES)
    if unknown:
        parser.error(f"unknown features {sorted(unknown)}")

    recorder = Recorder()
    calibration.confidence, calibration.merged = recorder.confidence, recorder.merged  # type: ignore[assignment]
    from redline.code.classifier import training_examples
    from redline.pipeline import Pipeline

    pipeline = Pipeline()
    shipped = pipeline.coder.classifier
    rows = voa_rows()
    voa_texts = {" ".join(r["text"].split()) for r in rows}
    trained_on_voa = any(" ".join(e.text.split()) in voa_texts for e in training_examples())
    if args.oof is not None:
        data = np.load(args.oof, allow_pickle=False)
        key = args.oof_key or shipped.encoder_name
        if key not in data.files and f"{key}_int8" in data.files:
            key = f"{key}_int8"  # the fine-tuned model's readings as it ships (int8)
        if key not in data.files:
            parser.error(f"{args.oof} has no array {key!r} (it has {', '.join(data.files)})")
        probs, labels = data[key], [str(x) for x in data["labels"]]
        if len(probs) != len(rows):
            parser.error(f"{args.oof}: {len(probs)} rows, the VOA labels have {len(rows)}")
        read = ~np.isnan(probs).any(axis=1)
        if not read.all():  # a shortened run (--cv-finetune-folds): only the sentences it read
            rows, probs = [r for r, ok in zip(rows, read, strict=True) if ok], probs[read]
        table = {" ".join(r["text"].split()): p for r, p in zip(rows, probs, strict=True)}
        pipeline.coder.classifier = ReplayClassifier(shipped, labels, table)
        source = f"out-of-fold probabilities from {args.oof.name} ({key})"
    elif trained_on_voa:
        parser.error("the shipped classifier was trained on the VOA sentences: give --oof")
    else:
        source = f"the shipped {shipped.encoder_name} classifier, which never saw these sentences"
    coded = code_rows(pipeline, rows, recorder)
    pipeline.coder.classifier = shipped
    x, y = matrix(recorder, coded, names)
    print(f"VOA sentences {len(rows)} ({source}): {len(coded)} events, right {y.mean():.3f}")

    # honest figure: the map fitted on the other articles' events, measured on each fold's
    fold_of = dict(zip([r["id"] for r in rows], article_folds(rows, args.folds), strict=True))
    folds = np.array([fold_of[i] for _, _, i in coded])
    held_out = np.zeros(len(y))
    for k in range(args.folds):
        fitted_k = fit_map(x[folds != k], y[folds != k], names, args.c)
        held_out[folds == k] = [fitted_k.probability(dict(zip(names, v, strict=True))) for v in x[folds == k]]
    pairs = list(zip(held_out.tolist(), y.astype(bool).tolist(), strict=True))
    cv_ece, cv_brier = calibration.ece(pairs), calibration.brier(pairs)
    print(f"  map, {args.folds}-fold CV over articles:        mean conf {held_out.mean():.3f}  right "
          f"{y.mean():.3f}  ECE {cv_ece:.3f}  Brier {cv_brier:.3f}")
    fitted = fit_map(x, y, names, args.c)
    show("map (in-sample)", figures(recorder, coded, fitted.probability))
    for name in names:
        print(f"    {name:<14} {fitted.weights[name]:+.3f}")
    print(f"    {'bias':<14} {fitted.bias:+.3f}")
    comment = (
        f"Platt scaling: logistic regression (L2, C={args.c}) over the features, fitted by "
        f"tools/fit_calibration.py on the events the pipeline codes in our {len(rows)} hand-labelled VOA "
        f"sentences, with {source}: {len(coded)} events, {y.mean():.3f} right; {args.folds}-fold "
        f"cross-validated over articles ECE {cv_ece:.3f}, Brier {cv_brier:.3f}. "
        "Not fitted on evaluation data."
    )
    if args.dev.exists():  # a check only: nothing is fitted on the development gold
        dev = code_rows(pipeline, load_dev(args.dev), recorder)
        show(f"check on {args.dev.name} (not fitted there)", figures(recorder, dev, fitted.probability))
    result = Calibration(fitted.weights, fitted.bias, comment)
    if args.write:
        target = ROOT / "src" / "redline" / "data" / calibration.map_file(shipped.encoder_name)
        target.write_text(json.dumps(result.to_json(), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
