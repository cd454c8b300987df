"""TimeML-style date gold (JSONL ``{doc_id, dct, text, timexes: [{text, type, value, start, end}]}``).

Headline figures are exactly those of the shared ``score_times.py``: only gold timexes of
type DATE are scored; a gold timex is found when a not yet used prediction of its document
has the same text (case-insensitive, stripped), and right when the value is equal too;
precision is right values over every predicted time of the gold documents. Added: a
breakdown by the granularity of the gold value, and an error list.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from redline.evaluate.metrics import f1, ratio

GRANULARITY = [
    (re.compile(r"^P[\dXT]"), "duration"),  # not PAST_REF/PRESENT_REF
    (re.compile(r"^\d{4}-\d{2}-\d{2}T"), "time"),  # clock times and parts of day (TMO, TEV, TNI)
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "day"),
    (re.compile(r"^\d{4}-W\d{1,2}-WE$"), "weekend"),
    (re.compile(r"^\d{4}-W\d{1,2}$"), "week"),
    (re.compile(r"^\d{4}-\d{2}$"), "month"),
    (re.compile(r"^\d{4}-Q\d$"), "quarter"),
    (re.compile(r"^\d{4}-H\d$"), "half"),
    (re.compile(r"^\d{4}-(SP|SU|FA|WI)$"), "season"),
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^\d{3}X?$"), "decade"),
    (re.compile(r"^\d{2}X{0,2}$"), "century"),
    (re.compile(r"_REF$"), "ref"),
    (re.compile(r"X"), "underspecified"),  # 1989-WXX, 1998-10-XX, 1949-XX
]


def granularity(value: str | None) -> str:
    """A TIMEX3 value's granularity: day, week, month, quarter, year, decade, ref, underspecified, other."""
    value = str(value or "")
    for pattern, name in GRANULARITY:
        if pattern.search(value):
            return name
    return "other"


def _context(text: str, t: dict[str, Any], width: int = 60) -> str:
    start, end = t.get("start"), t.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not text:
        return ""
    left = text[max(0, start - width) : start]
    right = text[end : end + width // 2]
    return f"{left}[{text[start:end]}]{right}"


def score_times(gold: list[dict[str, Any]], records: list[dict[str, Any]]) -> dict[str, Any]:
    recs = {str(r.get("id")): r.get("times") or [] for r in records}
    n_gold = found = right = n_pred = 0
    g_n: Counter = Counter()
    g_found: Counter = Counter()
    g_right: Counter = Counter()
    errors: list[dict[str, Any]] = []
    for g in gold:
        doc = str(g["doc_id"])
        preds = [(str(t.get("text", "")).strip().lower(), str(t.get("value", ""))) for t in recs.get(doc, [])]
        n_pred += len(preds)
        used: set[int] = set()
        for t in g["timexes"]:
            if t.get("type") != "DATE":
                continue
            n_gold += 1
            gran = granularity(t["value"])
            g_n[gran] += 1
            key = t["text"].strip().lower()
            got = None
            for i, (txt, val) in enumerate(preds):
                if i not in used and txt == key:
                    used.add(i)
                    found += 1
                    right += val == t["value"]
                    got = val
                    break
            if got is not None:
                g_found[gran] += 1
                g_right[gran] += got == t["value"]
            if got != t["value"]:
                errors.append({"kind": "missed" if got is None else "wrong value", "doc": doc,
                               "gold": f"{t['text']!r} = {t['value']}", "pred": got or "-",
                               "evidence": _context(g.get("text") or "", t), "granularity": gran})
        for i, (txt, val) in enumerate(preds):
            if i not in used:
                errors.append({"kind": "extra", "doc": doc, "gold": "-", "pred": f"{txt!r} = {val}",
                               "evidence": ""})
    acc = ratio(right, n_gold)
    prec = ratio(right, n_pred)
    f = f1(prec, acc)
    found_share = ratio(found, n_gold)
    by_gran = {
        k: {"gold": g_n[k], "found": g_found[k], "right": g_right[k],
            "found_share": ratio(g_found[k], g_n[k]), "value_acc": ratio(g_right[k], g_n[k])}
        for k in sorted(g_n, key=lambda k: -g_n[k])
    }
    order = {"wrong value": 0, "missed": 1, "extra": 2}
    errors.sort(key=lambda e: order[e["kind"]])
    return {
        "format": "times",
        "headline": {"value_f1": f, "value_acc": acc, "found": found_share, "value_p": prec,
                     "gold_dates": n_gold, "predicted": n_pred, "found_n": found, "right": right},
        "summary": [f"gold DATE timexes {n_gold}, predicted times {n_pred}, found {found}, "
                    f"right value {right}",
                    f"times value-F1={f:.3f} value-acc={acc:.3f} found={found_share:.3f}"],
        "per_granularity": by_gran,
        "errors": errors,
    }
