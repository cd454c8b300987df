"""Small scoring helpers shared by the gold formats (pure functions)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

NONE_LABEL = "-"  # confusion-matrix column for "no prediction"


def ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision, recall and F1 from counts (0.0 when undefined), with the counts.

    ``support`` is the number of gold items (tp + fn), ``predicted`` of predictions (tp + fp).
    """
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return {"tp": tp, "fp": fp, "fn": fn, "support": tp + fn, "predicted": tp + fp,
            "p": p, "r": r, "f1": f1(p, r)}


def class_row(hits: int, support: int, right: int, predicted: int) -> dict[str, Any]:
    """A per-class row when recall and precision count different things (sentences, rows vs events)."""
    p, r = ratio(right, predicted), ratio(hits, support)
    return {"tp": hits, "fp": predicted - right, "fn": support - hits, "support": support,
            "predicted": predicted, "p": p, "r": r, "f1": f1(p, r)}


def per_class(tp: Counter, fp: Counter, fn: Counter) -> dict[str, dict[str, Any]]:
    """``{label: prf(...)}`` for every label seen in any of the counters, sorted by label."""
    labels = sorted(set(tp) | set(fp) | set(fn))
    return {k: prf(tp[k], fp[k], fn[k]) for k in labels}


def confusion(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Confusion matrix of (gold, predicted) pairs.

    Returns ``{"gold": [labels], "pred": [labels], "matrix": {gold: {pred: count}}}`` (no zero cells).
    """
    matrix: dict[str, Counter] = defaultdict(Counter)
    for gold, pred in pairs:
        matrix[gold][pred] += 1
    gold_labels = sorted(matrix)
    pred_labels = sorted({p for row in matrix.values() for p in row}, key=lambda k: (k == NONE_LABEL, k))
    return {
        "gold": gold_labels,
        "pred": pred_labels,
        "matrix": {g: {p: matrix[g][p] for p in pred_labels if matrix[g][p]} for g in gold_labels},
    }


def event_type(ev: dict[str, Any]) -> str:
    """An event record's type as the shared scorers read it (first of a list, upper-cased)."""
    kind = ev.get("event")
    if isinstance(kind, list):
        kind = kind[0] if kind else None
    return str(kind or "").upper()


def actor_codes(entities: Any) -> set[str]:
    """Codes of a list of actor dicts (or bare code strings), upper-cased."""
    out = set()
    for e in entities or []:
        if isinstance(e, str):
            out.add(e.upper())
        elif isinstance(e, dict) and e.get("code"):
            out.add(str(e["code"]).upper())
    return out


def one_line(text: str | None, width: int = 160) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"
