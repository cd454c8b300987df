"""Sentence-level PLOVER gold (JSONL ``{id, text, published, expected: {event, source, ...}}``).

Headline figures are exactly those of the shared ``score_sentences.py``: a sentence is a
type hit when any predicted event has the gold type, a type+actor hit when such an event
also has an actor code among the gold source codes; precision is the share of predicted
events (over gold sentences) whose type is the gold type. Added: per-class P/R/F1 (recall
by gold type, precision by predicted type), a confusion matrix of gold type against the
predicted types of each sentence (``-``: nothing predicted), and an error list.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from redline.evaluate.metrics import NONE_LABEL, class_row, confusion, event_type, f1, ratio


def _actor_codes_raw(ev: dict[str, Any]) -> set[Any]:
    # score_sentences.py compares codes as given (no upper-casing)
    return {a.get("code") for a in (ev.get("actor") or []) if isinstance(a, dict)}


def score_sentences(gold: list[dict[str, Any]], records: list[dict[str, Any]]) -> dict[str, Any]:
    golds: dict[str, dict[str, Any]] = {}
    texts: dict[str, str] = {}
    for r in gold:
        golds[str(r["id"])] = r["expected"]
        texts[str(r["id"])] = r.get("text") or ""
    recs = {str(r.get("id")): r.get("events") or [] for r in records}
    hit = hit_actor = n_pred = n_pred_ok = 0
    c_hit: Counter = Counter()  # sentences of gold type k with a k prediction
    c_gold: Counter = Counter()  # sentences of gold type k
    c_right: Counter = Counter()  # predicted k events in sentences of gold type k
    c_pred: Counter = Counter()  # predicted k events
    pairs: list[tuple[str, str]] = []
    errors: list[dict[str, Any]] = []
    for gid, g in golds.items():
        evs = recs.get(gid, [])
        kinds = [event_type(e) for e in evs]
        gtype = g["event"]
        n_pred += len(kinds)
        n_pred_ok += sum(1 for k in kinds if k == gtype)
        src = {a["code"] for a in g.get("source") or []}
        ok = gtype in kinds
        ok_actor = any(k == gtype and (_actor_codes_raw(e) & src) for k, e in zip(kinds, evs, strict=True))
        hit += ok
        hit_actor += bool(ok_actor)
        c_gold[gtype] += 1
        c_hit[gtype] += ok
        for k in kinds:
            c_pred[k] += 1
            c_right[k] += k == gtype
        pairs.extend((gtype, k) for k in (sorted(set(kinds)) or [NONE_LABEL]))
        gold_str = f"{gtype} {'/'.join(sorted(str(c) for c in src)) or '?'}"
        if not kinds:
            errors.append({"kind": "missed", "doc": gid, "gold": gold_str, "pred": "-",
                           "evidence": texts[gid]})
        elif not ok:
            errors.append({"kind": "wrong type", "doc": gid, "gold": gold_str,
                           "pred": ",".join(kinds), "evidence": texts[gid]})
        elif not ok_actor:
            best = next(e for k, e in zip(kinds, evs, strict=True) if k == gtype)
            codes = "/".join(sorted(str(c) for c in _actor_codes_raw(best))) or "?"
            errors.append({"kind": "wrong actor", "doc": gid, "gold": gold_str, "pred": f"{gtype} {codes}",
                           "evidence": best.get("event_text") or texts[gid]})
        if ok:
            for k, e in zip(kinds, evs, strict=True):
                if k != gtype:
                    errors.append({"kind": "extra", "doc": gid, "gold": gold_str, "pred": k,
                                   "evidence": e.get("event_text") or texts[gid]})
    n = len(golds)
    recall = ratio(hit, n)
    prec = ratio(n_pred_ok, n_pred)
    f = f1(prec, recall)
    actor_acc = ratio(hit_actor, n)
    order = {"missed": 0, "wrong type": 1, "wrong actor": 2, "extra": 3}
    errors.sort(key=lambda e: order[e["kind"]])
    return {
        "format": "sentences",
        "headline": {"type_f1": f, "type_acc": recall, "type_actor_acc": actor_acc, "type_p": prec,
                     "sentences": n, "predicted": n_pred, "predicted_right_type": n_pred_ok},
        "summary": [f"predicted events: {n_pred} (of which right type: {n_pred_ok})",
                    f"sentences type-F1={f:.3f} type-acc={recall:.3f} type+actor-acc={actor_acc:.3f}"],
        "per_class": {k: class_row(c_hit[k], c_gold[k], c_right[k], c_pred[k])
                      for k in sorted(set(c_gold) | set(c_pred))},
        "confusion": confusion(pairs),
        "errors": errors,
    }
