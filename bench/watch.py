#!/usr/bin/env python3
"""A watcher's cost in two parts, one after the other: merging one new article, and many feeds.

Usage: nice .venv/bin/python bench/watch.py [merge|feeds|both] [-- ARGS for that part]

- ``merge`` (``bench/watch_merge.py``): the cost of one new article (stories + merge +
  alerts, no NLP) at 10k, 100k and 1M stored event reports, against a full recompute;
- ``feeds`` (``bench/watch_feeds.py``): 200 local feeds x 20 items through the real pipeline:
  items per minute end to end, the watcher's CPU and peak memory, and the second cycle.

``both`` (the default) runs them in turn with their defaults; each prints its own figures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = {"merge": HERE / "watch_merge.py", "feeds": HERE / "watch_feeds.py"}


def main(argv: list[str]) -> int:
    which = argv[0] if argv and not argv[0].startswith("-") else "both"
    rest = argv[argv.index("--") + 1 :] if "--" in argv else []
    if which not in {*PARTS, "both"}:
        print(__doc__)
        return 2
    status = 0
    for name in PARTS if which == "both" else [which]:
        print(f"== {name}: {PARTS[name].name}", flush=True)
        status |= subprocess.call([sys.executable, str(PARTS[name]), *rest])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
