"""Join the hand-made VOA labels (labels/voa/*.jsonl, no text) with the corpus text.

    python tools/build_voa_labels.py [--corpus ../shared/corpora/voa]

writes ``src/redline/data/training/voa/voa.jsonl``: one training record per labelled sentence
(format in that folder's README), with the sentence text and the article's date; a text that
occurs again (captions, repeated quotes) is kept once. Checks
every label (type, mode, context, codes, sectors) and stops on the first bad file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "labels" / "voa"
OUT = ROOT / "src" / "redline" / "data" / "training" / "voa" / "voa.jsonl"
CODEBOOK = ROOT / "src" / "redline" / "data" / "plover" / "codebook.json"


def check(label: dict, where: str, codebook: dict) -> list[str]:
    problems = []
    event = label.get("event")
    events = codebook["events"]
    if event is not None and event not in events:
        problems.append(f"{where}: unknown event {event!r}")
        return problems
    mode = label.get("mode")
    if mode is not None and (event is None or mode not in events[event]["modes"]):
        problems.append(f"{where}: mode {mode!r} not valid for {event!r}")
    for c in label.get("context") or []:
        if c not in codebook["contexts"]:
            problems.append(f"{where}: unknown context {c!r}")
    for other in label.get("other_events") or []:
        if other not in events:
            problems.append(f"{where}: unknown other event {other!r}")
    for field in ("actor", "recipient"):
        codes = label.get(field) or []
        if not all(isinstance(c, str) and len(c) == 3 and c.isupper() for c in codes):
            problems.append(f"{where}: bad {field} {codes!r}")
        for d in label.get(f"{field}_detail") or []:
            if d.get("sector") is not None and d["sector"] not in codebook["sectors"]:
                problems.append(f"{where}: unknown sector {d.get('sector')!r}")
    if event is not None and not label.get("actor"):
        problems.append(f"{where}: event without actor (use UNK)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "voa"))
    parser.add_argument("--check-only", action="store_true")
    args = parser.parse_args()
    codebook = json.loads(CODEBOOK.read_text(encoding="utf-8"))
    texts: dict[tuple[str, int], str] = {}
    for line in open(Path(args.corpus) / "articles.jsonl", encoding="utf-8"):
        art = json.loads(line)
        for s in art["sentences"]:
            texts[(art["id"], s["n"])] = s["text"]
    out, problems, seen, texts_seen, repeats = [], [], set(), set(), 0
    for path in sorted(LABELS.glob("*.jsonl")):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{i}"
            try:
                label = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: {exc}")
                continue
            key = (label.get("doc"), label.get("n"))
            if key not in texts:
                problems.append(f"{where}: no sentence {key}")
                continue
            if key in seen:
                problems.append(f"{where}: {key} labelled twice")
                continue
            seen.add(key)
            problems += check(label, where, codebook)
            doc, n = key
            norm = " ".join(texts[key].split()).lower()
            if norm in texts_seen:  # the same sentence again (a caption, a repeated quote): once only
                repeats += 1
                continue
            texts_seen.add(norm)
            y, m, d = doc.split("_")[-1].split(".")[:3]
            out.append({
                "text": texts[key].strip(),
                "event": label.get("event"),
                "mode": label.get("mode"),
                "context": label.get("context") or [],
                "actor": label.get("actor") or [],
                "recipient": label.get("recipient") or [],
                "published": f"{y}-{m}-{d}",
                "actor_detail": label.get("actor_detail") or [],
                "recipient_detail": label.get("recipient_detail") or [],
                "other_events": label.get("other_events") or [],
                "source": {"corpus": "voa", "doc": doc, "n": n},
            })
    if problems:
        print("\n".join(problems[:50]), file=sys.stderr)
        print(f"{len(problems)} problems", file=sys.stderr)
        return 1
    if not args.check_only:
        OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} labelled sentences ({repeats} repeated texts left out)"
          + ("" if args.check_only else f" -> {OUT}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
