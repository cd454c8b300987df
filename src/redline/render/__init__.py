"""Rendering for people: plain-text tables, CSV text and PNG charts of records, events and indices.

The stages and the store compute; this package only formats what they return
(:mod:`~redline.render.table` text tables, :mod:`~redline.render.csvfile` CSV,
:mod:`~redline.render.chart` PNG).
"""

from redline.render.chart import draw_escalation_png, event_label
from redline.render.csvfile import rows_csv, write_escalation_csv
from redline.render.table import (
    escalation_table,
    format_table,
    render_alerts,
    render_document,
    render_events,
    render_merged,
    render_sources,
    render_stories,
)

__all__ = [
    "draw_escalation_png",
    "escalation_table",
    "event_label",
    "format_table",
    "render_alerts",
    "render_document",
    "render_events",
    "render_merged",
    "render_sources",
    "render_stories",
    "rows_csv",
    "write_escalation_csv",
]
