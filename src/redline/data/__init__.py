"""redline's package data, and the one loader every module reads it through.

Paths are relative to this package (``"coder/rules.json"``, ``"plover/nouns.tsv"``) and are read
with ``importlib.resources``, so they work from a wheel or a zip as well as from a checkout. The
``load_*`` helpers are cached: each file is read and parsed once per process, and every caller
gets the same object, which it must treat as read-only. ``read_json`` and ``read_bytes`` do not
cache, for large files whose caller builds its own structure once; ``map_bytes`` maps a large
file into memory without reading it (the gazetteer).
"""

from __future__ import annotations

import csv
import gzip
import json
import mmap
from contextlib import AbstractContextManager
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

__all__ = [
    "as_path", "load_json", "load_text", "load_tsv", "map_bytes", "names_in", "read_bytes", "read_json",
    "resource",
]

_PACKAGE = "redline.data"


def resource(relpath: str) -> Traversable:
    """The packaged file at *relpath* (``/``-separated, relative to ``redline/data``)."""
    node = resources.files(_PACKAGE)
    for part in relpath.split("/"):
        node = node.joinpath(part)
    return node


def as_path(relpath: str) -> AbstractContextManager[Path]:
    """A packaged file or folder as a real filesystem path (for libraries that want one)."""
    return resources.as_file(resource(relpath))


def read_bytes(relpath: str) -> bytes:
    """The raw bytes of a packaged file (not cached)."""
    return resource(relpath).read_bytes()


def map_bytes(relpath: str) -> bytes | mmap.mmap:
    """A packaged file's bytes, memory-mapped (read-only) when it is a file on disk, else read
    (not cached): pages are read from disk only where the caller looks."""
    node = resource(relpath)
    if isinstance(node, Path):
        with node.open("rb") as handle:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    return node.read_bytes()


def read_json(relpath: str) -> Any:
    """A packaged JSON file, gunzipped when its name ends in ``.gz`` (not cached)."""
    raw = read_bytes(relpath)
    if relpath.endswith(".gz"):
        raw = gzip.decompress(raw)
    return json.loads(raw.decode("utf-8"))


@cache
def load_text(relpath: str) -> str:
    """A packaged UTF-8 text file (cached)."""
    return resource(relpath).read_text(encoding="utf-8")


@cache
def load_json(relpath: str) -> Any:
    """A packaged JSON file (cached; treat the result as read-only)."""
    return read_json(relpath)


@cache
def load_tsv(relpath: str) -> tuple[dict[str, str], ...]:
    """A packaged tab-separated table with a header row, as one dict per row (cached).

    Blank lines and lines starting with ``#`` are skipped; fields are not quoted; a missing
    trailing field reads as ``""``.
    """
    lines = [ln for ln in load_text(relpath).splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE, restval="")
    return tuple(dict(row) for row in reader)


def names_in(folder: str, suffix: str = "") -> list[str]:
    """The relative paths of the packaged files in *folder* whose name ends in *suffix*, sorted."""
    return sorted(f"{folder}/{e.name}" for e in resource(folder).iterdir() if e.name.endswith(suffix))
