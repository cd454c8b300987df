"""Corroboration: which documents report the same story (exact copies, reposts, rewrites)."""

from redline.corroborate.dedup import (
    Assignment,
    BatchResult,
    DedupConfig,
    DedupIndex,
    DocKey,
    Match,
    MatchKind,
    lead_text,
)

__all__ = [
    "Assignment",
    "BatchResult",
    "DedupConfig",
    "DedupIndex",
    "DocKey",
    "Match",
    "MatchKind",
    "lead_text",
]
