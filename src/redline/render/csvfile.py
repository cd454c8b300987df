"""CSV text of merged-event rows and of the escalation index (pure: strings and open text files)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import fields
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # the index's module is imported when a CSV of it is written
    from redline.corroborate.escalation import IndexRow


def rows_csv(rows: list[dict[str, Any]]) -> str:
    """Rows (dicts of one shape) as CSV, lists joined by ``;`` as in the events export."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(rows[0].keys() if rows else ["id"])
    for r in rows:
        writer.writerow([";".join(v or "" for v in x) if isinstance(x, list) else x for x in r.values()])
    return buffer.getvalue()


def write_escalation_csv(rows: Iterable[IndexRow], fh: IO[str]) -> None:
    """Escalation index rows as CSV with a header row; ``top`` is the event ids joined by ``;``."""
    from redline.corroborate.escalation import QUADS, IndexRow

    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow([f.name for f in fields(IndexRow)])
    for r in rows:
        writer.writerow(
            [
                r.day.isoformat(),
                r.dyad,
                f"{r.score:g}",
                r.events,
                *(getattr(r, q) for q in QUADS),
                f"{r.rolling7:.4f}",
                ";".join(r.top),
            ]
        )
