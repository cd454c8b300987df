"""Turn looked-at fresh sentence sets (bench/data/plover_fresh*.jsonl) into classifier training rows.

    python tools/fresh_to_training.py bench/data/plover_fresh.jsonl bench/data/plover_fresh2.jsonl \
        > src/redline/data/training/fresh_sentences.jsonl

The fresh sentence sets were written by helpers that never saw redline's code, to measure it on
text nobody had tuned against; once their first figures are recorded (bench/data/README.md) and
rules were written while looking at them, they are development text, and their balanced labels
(16 per type) are worth more as training data than as a second regression check. The PLOVER
type, mode (when valid for the type), contexts (those of PLOVER v0.8) and actor and recipient
codes are kept; the newest fresh set is never converted while it is the held-out measure.
``labels/written/README.md`` tells how the output was measured before it joined the training
data (fourteenth session).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from redline.code.plover import CONTEXTS, valid_modes  # noqa: E402


def row(line: dict) -> dict:
    gold = line["expected"]
    event = gold["event"]
    mode = gold.get("mode")
    context = gold.get("context") or []
    context = [context] if isinstance(context, str) else list(context)
    return {
        "text": line["text"],
        "event": event,
        "mode": mode if mode in valid_modes(event) else None,
        "context": [c for c in context if c in CONTEXTS],
        "actor": list(dict.fromkeys(s["code"] for s in gold["source"] if s.get("code"))),
        "recipient": list(dict.fromkeys(t["code"] for t in gold["target"] if t.get("code"))),
        "published": line["published"],
    }


def main(paths: list[str]) -> None:
    for path in paths:
        for text in Path(path).read_text(encoding="utf-8").splitlines():
            if text.strip():
                print(json.dumps(row(json.loads(text)), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
