"""The gazetteer's file format: a name index and entry rows in small compressed blocks, read lazily.

``tools/compile_places.py`` writes ``data/places/gazetteer.bin`` with :func:`write_gazetteer`;
``redline.annotate.places`` reads it through :class:`GazetteerFile`. Opening it reads only the
header (the first key of every key block and every block's offset); a lookup decompresses the
one block of keys its name falls in, an entry the one block of rows it lies in, and each block
is parsed once per process. So a start costs milliseconds instead of decoding the whole index,
and an article's few dozen lookups touch a few dozen small blocks.

Layout: ``MAGIC``, the header's length (4 bytes, little-endian), the header (UTF-8 JSON:
``source``, ``fields``, ``entries``, ``keys``, ``key_block``, ``row_block``, ``first_keys``,
``key_offsets``, ``row_offsets``; offsets are from the end of the header, one more than the
blocks), then the key blocks and the row blocks, each zlib-compressed UTF-8 text. A key block
holds up to ``key_block`` lines ``key<TAB>posting`` in Python's string order, ``posting`` being
the comma-separated entry references (``n >= 0``: entry ``n`` by its own name; ``n < 0``: entry
``~n`` by an alternate name); a row block holds up to ``row_block`` entry rows (tab-separated
fields), one a line. Standard library only: the compile tool loads this module by its path.
"""

from __future__ import annotations

import json
import mmap
import struct
import zlib
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["MAGIC", "GazetteerFile", "write_gazetteer"]

MAGIC = b"redline-gazetteer 1\n"
KEY_BLOCK = 64
ROW_BLOCK = 64


def _blocks(lines: Sequence[str], size: int) -> list[bytes]:
    chunks = ("\n".join(lines[i : i + size]) for i in range(0, len(lines), size))
    return [zlib.compress(chunk.encode("utf-8"), 9) for chunk in chunks]


def _offsets(blocks: list[bytes], start: int) -> list[int]:
    out = [start]
    for block in blocks:
        out.append(out[-1] + len(block))
    return out


def write_gazetteer(
    path: Path,
    rows: Sequence[str],
    index: Mapping[str, Sequence[int]],
    meta: Mapping[str, object] | None = None,
    key_block: int = KEY_BLOCK,
    row_block: int = ROW_BLOCK,
) -> None:
    """Write *rows* (one tab-separated string per entry) and *index* (name -> entry references,
    in their order) to *path*; *meta* (``source``, ``fields``) goes into the header as it is."""
    keys = sorted(index)
    lines = []
    for key in keys:
        assert key and "\t" not in key and "\n" not in key, key
        lines.append(f"{key}\t{','.join(str(n) for n in index[key])}")
    assert all("\n" not in row for row in rows)
    key_blocks = _blocks(lines, key_block)
    row_blocks = _blocks(rows, row_block)
    key_offsets = _offsets(key_blocks, 0)
    header = {
        **(meta or {}),
        "entries": len(rows),
        "keys": len(keys),
        "key_block": key_block,
        "row_block": row_block,
        "first_keys": keys[::key_block],
        "key_offsets": key_offsets,
        "row_offsets": _offsets(row_blocks, key_offsets[-1]),
    }
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(MAGIC + struct.pack("<I", len(head)) + head)
        for block in key_blocks + row_blocks:
            handle.write(block)


class GazetteerFile:
    """Read access to a gazetteer file held in *data* (its bytes, or a memory map of it)."""

    def __init__(self, data: bytes | mmap.mmap):
        if bytes(data[: len(MAGIC)]) != MAGIC:
            raise ValueError("not a redline gazetteer file (or another version of the format)")
        (length,) = struct.unpack_from("<I", data, len(MAGIC))
        start = len(MAGIC) + 4
        header = json.loads(bytes(data[start : start + length]).decode("utf-8"))
        self.data = data
        self.base = start + length
        self.meta = {k: v for k, v in header.items() if k not in {"first_keys", "key_offsets", "row_offsets"}}
        self.entries: int = header["entries"]
        self.first_keys: list[str] = header["first_keys"]
        self.key_offsets: list[int] = header["key_offsets"]
        self.row_offsets: list[int] = header["row_offsets"]
        self.row_block: int = header["row_block"]
        self._keys: dict[int, dict[str, str]] = {}
        self._rows: dict[int, list[str]] = {}

    def _block(self, offsets: list[int], number: int) -> str:
        raw = self.data[self.base + offsets[number] : self.base + offsets[number + 1]]
        return zlib.decompress(raw).decode("utf-8")

    def get(self, key: str) -> tuple[int, ...] | None:
        """The entry references of *key*, in the compiled order, or None when it is not indexed."""
        number = bisect_right(self.first_keys, key) - 1
        if number < 0:
            return None
        block = self._keys.get(number)
        if block is None:
            block = self._keys[number] = dict(
                line.split("\t", 1) for line in self._block(self.key_offsets, number).split("\n")
            )
        posting = block.get(key)
        return None if posting is None else tuple(int(n) for n in posting.split(","))

    def row(self, number: int) -> str:
        """The tab-separated row of entry *number*."""
        if not 0 <= number < self.entries:
            raise IndexError(number)
        block_number, within = divmod(number, self.row_block)
        block = self._rows.get(block_number)
        if block is None:
            block = self._rows[block_number] = self._block(self.row_offsets, block_number).split("\n")
        return block[within]
