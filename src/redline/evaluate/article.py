"""Article-level gold (``gold.json``: ``{"articles": {file name: coding}}``).

The matching is exactly that of the shared acceptance scorer ``score.py``: a predicted
event fits a gold event when type, an actor code, a recipient code (when both sides name
one), the date (within ``tol`` days) and the auxiliary mode agree; pairs are taken
required-first, then anchor hits, then in prediction/gold order; unmatched predictions
that fit an already matched gold event are duplicates, the rest false positives; optional
gold events neither add nor cost. Added here: per-event-type P/R/F1 and an error list
(missed, extra, wrong date, wrong actor, metadata).
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from redline.evaluate.metrics import actor_codes, event_type, f1, per_class, ratio
from redline.timespans import scoring_day

AUX = {"historical", "future", "hypothetical", "negation"}
STRICT_AUX = {"future", "hypothetical", "negation"}


def pred_view(ev: dict[str, Any]) -> dict[str, Any]:
    modes = ev.get("mode") or []
    if isinstance(modes, str):
        modes = [modes]
    aux = {m for m in modes if m in AUX}
    if ev.get("aux") in AUX:
        aux.add(ev["aux"])
    return {
        "event": event_type(ev),
        "actor": actor_codes(ev.get("actor")),
        "recipient": actor_codes(ev.get("recipient")),
        "date": scoring_day(ev.get("date")),
        "raw_date": ev.get("date"),
        "aux": aux,
        "text": ev.get("event_text") or "",
    }


def fits(p: dict[str, Any], g: dict[str, Any], *, check_date: bool = True, check_actor: bool = True) -> bool:
    """score.py's ``fits``; ``check_date``/``check_actor`` off only for diagnosing near misses."""
    if p["event"] not in g["event"]:
        return False
    if check_actor:
        if not (p["actor"] & set(g["actor"])):
            return False
        if g["recipient"] and p["recipient"] and not (p["recipient"] & set(g["recipient"])):
            return False
    gd = scoring_day(g.get("date"))
    if check_date and gd is not None:
        if p["date"] is None or abs((p["date"] - gd).days) > g.get("tol", 0):
            return False
    gaux = g.get("aux")
    if gaux in STRICT_AUX and gaux not in p["aux"]:
        return False
    if gaux is None and p["aux"] & STRICT_AUX:
        return False
    return True


def score_doc(gold: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    preds = [pred_view(e) for e in events]
    golds = gold["events"]
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if fits(p, g):
                anchor = g.get("anchor", "").lower()
                hit = 1 if anchor and anchor in p["text"].lower() else 0
                pairs.append((0 if g["required"] else 1, -hit, i, j))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched: list[tuple[int, int]] = []
    for _, _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matched.append((i, j))
    tp = sum(1 for j in used_g if golds[j]["required"])
    fn = [j for j, g in enumerate(golds) if g["required"] and j not in used_g]
    dup, fp = 0, []
    for i, p in enumerate(preds):
        if i in used_p:
            continue
        if any(fits(p, golds[j]) for j in used_g):
            dup += 1
        else:
            fp.append(i)
    return {"tp": tp, "fn": fn, "fp": fp, "dup": dup, "n_pred": len(preds), "preds": preds,
            "matched": matched, "used_p": used_p}


def check_meta(gold: dict[str, Any], rec: dict[str, Any]) -> list[tuple[str, bool, str]]:
    out = []
    text = rec.get("text") or ""
    pub = str(rec.get("published") or "")[:10]
    out.append(("published", pub == gold["published"], pub))
    if gold.get("title_contains"):
        t = rec.get("title") or ""
        out.append(("title", gold["title_contains"].lower() in t.lower(), t[:60]))
    if gold.get("original_publisher"):
        op = rec.get("original_publisher") or ""
        out.append(("original_publisher", gold["original_publisher"].lower() == str(op).lower(), op))
    for s in gold.get("boilerplate", []):
        out.append(("strip:" + s[:30], s not in text, ""))
    for s in gold.get("keep", []):
        out.append(("keep:" + s[:30], s in text, ""))
    if "duplicate_of" in gold:
        d = os.path.basename(str(rec.get("duplicate_of") or ""))
        out.append(("duplicate_of", d == gold["duplicate_of"], d))
    return out


def record_key(record: dict[str, Any]) -> str:
    """How score.py finds a record for a gold file name: the base name of its path."""
    return os.path.basename(str(record.get("path") or record.get("source") or ""))


def _gold_str(g: dict[str, Any]) -> str:
    return f"{g['event'][0]} {'/'.join(g['actor'])}->{'/'.join(g['recipient']) or '-'} {g.get('date')}"


def _pred_str(p: dict[str, Any]) -> str:
    aux = f" {sorted(p['aux'])}" if p["aux"] else ""
    return (f"{p['event']} {'/'.join(sorted(p['actor'])) or '?'}->{'/'.join(sorted(p['recipient'])) or '-'} "
            f"{p['raw_date']}{aux}")


def _near_miss(g: dict[str, Any], preds: list[dict[str, Any]], used_p: set[int]) -> tuple[str, int | None]:
    """Why a required gold event was missed: the first prediction that fits but for date or actor."""
    order = [i for i in range(len(preds)) if i not in used_p] + sorted(used_p)
    for kind, kwargs in (("wrong date", {"check_date": False}), ("wrong actor", {"check_actor": False})):
        for i in order:
            if fits(preds[i], g, **kwargs):
                return kind, i
    return "missed", None


def score_articles(gold: dict[str, Any], records: list[dict[str, Any]]) -> dict[str, Any]:
    """Score document records against ``gold.json`` content; returns the result dict."""
    articles = gold["articles"]
    recs = {record_key(r): r for r in records}
    TP = FN = FP = DUP = 0
    meta_ok = meta_n = 0
    c_tp: Counter = Counter()
    c_fp: Counter = Counter()
    c_fn: Counter = Counter()
    docs: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for name, g in articles.items():
        rec = recs.get(name)
        if rec is None:
            required = [e for e in g["events"] if e["required"]]
            FN += len(required)
            for e in required:
                c_fn[e["event"][0]] += 1
                errors.append({"kind": "missed", "doc": name, "gold": _gold_str(e),
                               "evidence": e.get("anchor", ""), "note": "no record"})
            docs[name] = {"missing": True, "fn": len(required)}
            continue
        s = score_doc(g, rec.get("events") or [])
        m = check_meta(g, rec)
        preds, golds = s["preds"], g["events"]
        TP += s["tp"]
        FN += len(s["fn"])
        FP += len(s["fp"])
        DUP += s["dup"]
        ok = sum(1 for _, good, _ in m if good)
        meta_ok += ok
        meta_n += len(m)
        for i, j in s["matched"]:
            if golds[j]["required"]:
                c_tp[preds[i]["event"]] += 1
        for j in s["fn"]:
            ge = golds[j]
            c_fn[ge["event"][0]] += 1
            kind, i = _near_miss(ge, preds, s["used_p"])
            err = {"kind": kind, "doc": name, "gold": _gold_str(ge), "evidence": ge.get("anchor", "")}
            if i is not None:
                err["pred"] = _pred_str(preds[i])
                err["evidence"] = preds[i]["text"]
            errors.append(err)
        for i in s["fp"]:
            c_fp[preds[i]["event"]] += 1
            errors.append({"kind": "extra", "doc": name, "pred": _pred_str(preds[i]),
                           "evidence": preds[i]["text"]})
        for key, good, value in m:
            if not good:
                errors.append({"kind": "meta", "doc": name, "gold": key, "pred": str(value), "evidence": ""})
        docs[name] = {"tp": s["tp"], "fn": len(s["fn"]), "fp": len(s["fp"]), "dup": s["dup"],
                      "preds": s["n_pred"], "meta": [ok, len(m)]}
    P = ratio(TP, TP + FP)
    R = ratio(TP, TP + FN)
    F = f1(P, R)
    order = {"missed": 0, "wrong date": 1, "wrong actor": 2, "extra": 3, "meta": 4}
    errors.sort(key=lambda e: order.get(e["kind"], 9))
    return {
        "format": "article",
        "headline": {"f1": F, "p": P, "r": R, "tp": TP, "fn": FN, "fp": FP, "dup": DUP,
                     "meta": [meta_ok, meta_n], "meta_rate": meta_ok / meta_n if meta_n else 1.0},
        "summary": [f"meta {meta_ok}/{meta_n}  duplicates={DUP}", f"events F1={F:.3f} P={P:.3f} R={R:.3f}"],
        "per_class": per_class(c_tp, c_fp, c_fn),
        "docs": docs,
        "errors": errors,
    }
