"""Rendering an evaluation result as a readable text report (pure)."""

from __future__ import annotations

from typing import Any

from redline.evaluate.metrics import one_line


def _table(headers: list[str], rows: list[list[Any]], right: set[int] | None = None) -> list[str]:
    right = right if right is not None else set(range(1, len(headers)))
    cells = [[str(c) for c in row] for row in rows]
    sizes = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(sizes[i]) if i in right else v.ljust(sizes[i])
                         for i, v in enumerate(values)).rstrip()

    return [line(headers), "  ".join("-" * s for s in sizes)] + [line(r) for r in cells]


def _abbrev(labels: list[str]) -> dict[str, str]:
    short = {k: k[:4] for k in labels}
    if len(set(short.values())) < len(short):
        return {k: k for k in labels}
    return short


def render_per_class(per_class: dict[str, dict[str, Any]]) -> list[str]:
    rows = [[k or "?", v["support"], v["predicted"], v["tp"], f"{v['p']:.3f}", f"{v['r']:.3f}",
             f"{v['f1']:.3f}"] for k, v in per_class.items()]
    return _table(["class", "gold", "pred", "hits", "P", "R", "F1"], rows)


def render_confusion(conf: dict[str, Any]) -> list[str]:
    cols = conf["pred"]
    short = _abbrev(cols)
    rows = [[g] + [conf["matrix"][g].get(p, ".") for p in cols] for g in conf["gold"]]
    return _table(["gold \\ pred"] + [short[p] for p in cols], rows)


def select_errors(errors: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    """At most ``limit`` errors (None: all), taken in turn from each kind, kept in kind order."""
    if limit is None or len(errors) <= limit:
        return list(errors)
    kinds: dict[str, list[int]] = {}
    for i, e in enumerate(errors):
        kinds.setdefault(e["kind"], []).append(i)
    picked: list[int] = []
    queues = [iter(v) for v in kinds.values()]
    while len(picked) < limit and queues:
        for q in list(queues):
            i = next(q, None)
            if i is None:
                queues.remove(q)
            elif len(picked) < limit:
                picked.append(i)
    return [errors[i] for i in sorted(picked)]


def render_errors(errors: list[dict[str, Any]], limit: int | None) -> list[str]:
    shown = select_errors(errors, limit)
    lines = [f"errors ({len(shown)} of {len(errors)} shown)"]
    for e in shown:
        parts = [f"{e['kind']:<11} {e.get('doc', '')}"]
        if e.get("gold") not in (None, ""):
            parts.append(f"gold: {e['gold']}")
        if e.get("pred") not in (None, ""):
            parts.append(f"got: {e['pred']}")
        if e.get("note"):
            parts.append(f"({e['note']})")
        lines.append("  ".join(parts))
        if e.get("evidence"):
            lines.append(f"            «{one_line(e['evidence'], 150)}»")
    return lines


def render_text(result: dict[str, Any], errors: int | None = 20) -> str:
    """The report: source line, per-format details, per-class table, confusion, errors, headline last."""
    fmt = result["format"]
    src = result.get("records") or f"pipeline run over {result.get('inputs', 0)} inputs"
    out = [f"== redline evaluate: {fmt}   gold: {result.get('gold', '-')}   records: {src}"]
    for err in result.get("input_errors") or []:
        out.append(f"input error: {err}")
    if fmt == "article":
        out.append("")
        for name, d in result["docs"].items():
            if d.get("missing"):
                out.append(f"{name}: no record (all {d['fn']} required events missed)")
            else:
                out.append(f"{name}: tp={d['tp']} fn={d['fn']} fp={d['fp']} dup={d['dup']} preds={d['preds']}"
                           f" meta={d['meta'][0]}/{d['meta'][1]}")
    if fmt == "times":
        rows = [[k, v["gold"], v["found"], v["right"], f"{v['found_share']:.3f}", f"{v['value_acc']:.3f}"]
                for k, v in result["per_granularity"].items()]
        headers = ["granularity", "gold", "found", "right", "found%", "acc"]
        out += ["", "by gold granularity"] + _table(headers, rows)
    if fmt == "quotes":
        rows = [[k, v["quotes"], f"{v['found']:.3f}", f"{v['speaker_right']:.3f}",
                 f"{v['country_right']:.3f}"] for k, v in result["per_kind"].items()]
        out += ["", "by kind of quote"] + _table(["kind", "gold", "found", "speaker", "country"], rows)
    if result.get("per_class"):
        out += ["", "per class"] + render_per_class(result["per_class"])
    if result.get("confusion") and result["confusion"]["gold"]:
        out += ["", "confusion (rows: gold type; columns: predicted types, - = none)"]
        out += render_confusion(result["confusion"])
    if errors is None or errors > 0:
        out += [""] + render_errors(result.get("errors") or [], errors)
    out += [""] + result["summary"]
    return "\n".join(out) + "\n"
