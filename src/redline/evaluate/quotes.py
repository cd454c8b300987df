"""Quote gold (JSONL ``{id, text, published, quotes: [{quote, speaker, speaker_country, kind}]}``).

A gold quote is found when a predicted quote of the same record has the same words, or one
holds the other and the shorter is at least half the longer (matched one to one, in order).
Its speaker is right when:

* the gold speaker is a name (every word capitalised, "Amina Yusuf"): the predicted speaker
  holds the name's last word ("Foreign Minister Amina Yusuf", "Yusuf");
* the gold speaker is a description ("the Foreign Ministry", "a resident"): both end in the
  same word, or one holds the other, determiners aside;
* the gold speaker is null (nobody can tell): the prediction has none either.

Headline: quotes found (recall) and predicted quotes that are gold (precision), speaker right
among found quotes with a gold speaker, speaker country right (the predicted ``speaker_code``)
among found quotes with a gold country; the same figures by the gold ``kind`` of quote.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from redline.evaluate.metrics import f1, ratio

_DETERMINERS = {"the", "a", "an", "one", "its", "his", "her", "their", "our"}
_WORD = re.compile(r"[\w'’-]+")


def _words(text: str | None) -> list[str]:
    return [w.lower().replace("’", "'").removesuffix("'s") for w in _WORD.findall(text or "")]


def _content(text: str | None) -> list[str]:
    return [w for w in _words(text) if w not in _DETERMINERS]


def _is_name(text: str) -> bool:
    words = text.split()
    return bool(words) and words[0].lower() not in _DETERMINERS and all(w[:1].isupper() for w in words)


def same_speaker(pred: str | None, gold: str | None) -> bool:
    """Whether a predicted speaker phrase names the gold speaker (see the module docstring)."""
    if not gold:
        return not pred
    if not pred:
        return False
    got, want = _content(pred), _content(gold)
    if not got or not want:
        return False
    if _is_name(gold):
        return want[-1] in got
    joined_got, joined_want = " ".join(got), " ".join(want)
    return got[-1] == want[-1] or joined_want in joined_got or joined_got in joined_want


def _same_words(pred: str, gold: str) -> bool:
    a, b = " ".join(_words(pred)), " ".join(_words(gold))
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= len(long_) / 2


def _match(preds: list[dict[str, Any]], golds: list[dict[str, Any]]) -> dict[int, int]:
    """gold index -> predicted index, one to one, each gold taking the first free match in order."""
    used: set[int] = set()
    out: dict[int, int] = {}
    for j, g in enumerate(golds):
        for i, p in enumerate(preds):
            if i not in used and _same_words(p.get("text") or "", g.get("quote") or ""):
                used.add(i)
                out[j] = i
                break
    return out


def score_quotes(gold: list[dict[str, Any]], records: list[dict[str, Any]]) -> dict[str, Any]:
    recs = {str(r.get("id")): r.get("quotes") or [] for r in records}
    count: Counter = Counter()  # (kind, figure) -> n
    errors: list[dict[str, Any]] = []
    n_pred = n_pred_gold = 0
    for item in gold:
        gid = str(item["id"])
        golds, preds = item.get("quotes") or [], recs.get(gid, [])
        pairs = _match(preds, golds)
        n_pred += len(preds)
        n_pred_gold += len(pairs)
        for j, g in enumerate(golds):
            for kind in ("all", g.get("kind") or "?"):
                count[kind, "gold"] += 1
            if j not in pairs:
                errors.append({"kind": "missed", "doc": gid, "gold": g.get("speaker") or "-",
                               "evidence": g.get("quote")})
                continue
            p = preds[pairs[j]]
            speaker_ok = same_speaker(p.get("speaker"), g.get("speaker"))
            country = g.get("speaker_country")
            country_ok = country is not None and p.get("speaker_code") == country
            for kind in ("all", g.get("kind") or "?"):
                count[kind, "found"] += 1
                key = "named" if g.get("speaker") else "unnamed"
                count[kind, key] += 1
                count[kind, key + "_right"] += speaker_ok
                if country is not None:
                    count[kind, "country"] += 1
                    count[kind, "country_right"] += country_ok
            if not speaker_ok:
                errors.append({"kind": "wrong speaker", "doc": gid, "gold": g.get("speaker") or "-",
                               "pred": p.get("speaker") or "-", "evidence": g.get("quote")})
            elif country is not None and not country_ok:
                errors.append({"kind": "wrong country", "doc": gid, "gold": f"{g.get('speaker')} {country}",
                               "pred": f"{p.get('speaker')} {p.get('speaker_code') or '?'}",
                               "evidence": g.get("quote")})
        matched = set(pairs.values())
        for i, p in enumerate(preds):
            if i not in matched:
                errors.append({"kind": "extra", "doc": gid, "pred": p.get("speaker") or "-",
                               "evidence": p.get("text")})

    def figures(kind: str) -> dict[str, Any]:
        c = {k: v for (k_, k), v in count.items() if k_ == kind}
        return {
            "quotes": c.get("gold", 0),
            "found": ratio(c.get("found", 0), c.get("gold", 0)),
            "speaker_right": ratio(c.get("named_right", 0), c.get("named", 0)),
            "unattributed_right": ratio(c.get("unnamed_right", 0), c.get("unnamed", 0)),
            "country_right": ratio(c.get("country_right", 0), c.get("country", 0)),
        }

    head = figures("all")
    precision = ratio(n_pred_gold, n_pred)
    head.update({"predicted": n_pred, "precision": precision, "f1": f1(precision, head["found"])})
    kinds = sorted({k for k, _ in count} - {"all"})
    order = {"missed": 0, "wrong speaker": 1, "wrong country": 2, "extra": 3}
    errors.sort(key=lambda e: order[e["kind"]])
    return {
        "format": "quotes",
        "headline": head,
        "per_kind": {k: figures(k) for k in kinds},
        "summary": [
            f"quotes {head['quotes']}: found {head['found']:.3f}, precision {precision:.3f}"
            f" ({n_pred} predicted)",
            f"speaker right {head['speaker_right']:.3f}, country right {head['country_right']:.3f},"
            f" unattributed right {head['unattributed_right']:.3f}",
        ],
        "errors": errors,
    }
