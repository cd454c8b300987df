"""A batch's output folder: partitions of inputs, their Parquet files written atomically, read back.

``OUT/part-NNNNN-DIGEST/{documents,events,entities,quotes,places}.parquet``: ``NNNNN`` is the
partition's place in the inputs (reading partitions in name order gives the input order),
``DIGEST`` a hash of its inputs (ids and contents), so a re-run over the same inputs finds a
finished partition under the same name and skips it, while changed inputs get a new name.
A partition is written into a hidden temporary folder and renamed when all five files are
complete: a folder named ``part-*`` is always finished.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from redline.batch.tables import SCHEMAS, TABLES, documents_from_tables, tables_from_documents
from redline.records import Document, RawInput

__all__ = [
    "Partition",
    "finished_partitions",
    "mark_exact_copies",
    "partitions",
    "read_documents",
    "read_partition",
    "write_partition",
]

PREFIX = "part-"


@dataclass
class Partition:
    """A slice of the inputs: its folder name and its RawInputs."""

    name: str
    raws: list[RawInput]


def partition_name(index: int, raws: list[RawInput]) -> str:
    digest = hashlib.sha256()
    for raw in raws:
        for value in (raw.id, raw.path, raw.content or "", raw.error or "", repr(sorted(raw.meta.items()))):
            digest.update(value.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
    return f"{PREFIX}{index:05d}-{digest.hexdigest()[:12]}"


def partitions(raws: Iterable[RawInput], size: int) -> Iterator[Partition]:
    """The inputs cut into partitions of ``size`` RawInputs, in order (lazily)."""
    stream = iter(raws)
    index = 0
    while chunk := list(islice(stream, max(1, size))):
        yield Partition(partition_name(index, chunk), chunk)
        index += 1


def finished_partitions(out: str | os.PathLike[str]) -> list[str]:
    """Names of the finished partitions under ``out``, in input order."""
    folder = Path(out)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name.startswith(PREFIX))


def write_partition(out: str | os.PathLike[str], name: str, documents: Iterable[Document]) -> bool:
    """Write one partition's five files; False when a finished one of that name was there already."""
    import pyarrow.parquet as pq

    final = Path(out) / name
    if final.is_dir():
        return False
    temporary = Path(out) / f".{name}.{uuid.uuid4().hex}.tmp"
    temporary.mkdir(parents=True)
    try:
        for table_name, table in tables_from_documents(documents).items():
            pq.write_table(table, temporary / f"{table_name}.parquet", compression="zstd")
        try:
            temporary.rename(final)
        except OSError:  # another worker finished the same partition first
            if not final.is_dir():
                raise
            return False
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)
    return True


def read_partition(folder: str | os.PathLike[str]) -> list[Document]:
    """The Documents of one finished partition, in input order."""
    import pyarrow.parquet as pq

    tables = {name: pq.read_table(Path(folder) / f"{name}.parquet", schema=SCHEMAS[name]) for name in TABLES}
    return documents_from_tables(tables)


def read_documents(out: str | os.PathLike[str]) -> Iterator[Document]:
    """Every Document of the finished partitions under ``out``, in input order (lazily)."""
    for name in finished_partitions(out):
        yield from read_partition(Path(out) / name)


def mark_exact_copies(out: str | os.PathLike[str]) -> int:
    """Point exact copies in later partitions at their first copy, as one pipeline run over all
    inputs does (each worker sees only its partition); returns how many partitions changed.

    Reads only the ``id``, ``content_hash`` and ``duplicate_of`` columns; rewrites (atomically)
    the documents file of a partition whose marks change."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    first: dict[str, str] = {}
    changed = 0
    for name in finished_partitions(out):
        path = Path(out) / name / "documents.parquet"
        columns = pq.read_table(path, columns=["id", "content_hash", "duplicate_of"]).to_pydict()
        marks: list[str | None] = []
        rows = zip(columns["id"], columns["content_hash"], columns["duplicate_of"], strict=True)
        for doc_id, digest, mark in rows:
            if digest is None:
                marks.append(mark)
                continue
            earliest = first.setdefault(digest, doc_id)
            marks.append(None if earliest == doc_id else earliest)
        if marks != columns["duplicate_of"]:
            table = pq.read_table(path, schema=SCHEMAS["documents"])
            position = table.schema.get_field_index("duplicate_of")
            table = table.set_column(position, "duplicate_of", pa.array(marks, type=pa.string()))
            temporary = path.with_name(f".documents.{uuid.uuid4().hex}.tmp")
            pq.write_table(table, temporary, compression="zstd")
            os.replace(temporary, path)
            changed += 1
    return changed
