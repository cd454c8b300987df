"""Paragraphs of an article body: where each begins, and which one an offset falls in."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache


@lru_cache(maxsize=4)
def paragraph_starts(text: str) -> tuple[int, ...]:
    """Where each paragraph (blank-line separated) of *text* begins."""
    starts, pos = [0], text.find("\n\n")
    while pos != -1:
        starts.append(pos + 2)
        pos = text.find("\n\n", pos + 2)
    return tuple(starts)


def paragraph_index(text: str, offset: int) -> int:
    """The number of the paragraph of *text* that holds *offset*, or the first text after it
    (a sentence may begin with the blank line before its words)."""
    while offset < len(text) - 1 and text[offset].isspace():
        offset += 1
    return bisect_right(paragraph_starts(text), offset) - 1


def paragraph_bounds(text: str, offset: int, back: int = 0) -> tuple[int, int]:
    """Character bounds of the paragraph of *text* that :func:`paragraph_index` finds, or of
    the one *back* paragraphs before it (the first if there is none)."""
    starts = paragraph_starts(text)
    index = max(paragraph_index(text, offset) - back, 0)
    return starts[index], (starts[index + 1] - 2 if index + 1 < len(starts) else len(text))
