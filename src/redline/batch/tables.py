"""The batch output's five tables: one fixed Arrow schema each, Documents to rows and back.

A partition of a batch is five Parquet files, ``documents``, ``events``, ``entities``,
``quotes`` and ``places``, each with the schema below whatever the partition holds (an empty
partition, a partition of failures), so DuckDB or any Parquet reader can read all partitions
as one table. ``documents`` holds every record, failures too (``error`` set, nothing else);
the other tables hold one row per item, keyed by ``(doc_id, idx)``: ``idx`` is the item's
position in its document's list. Everything a :class:`~redline.records.Document` carries is
kept, so :func:`documents_from_tables` gives back exactly what the pipeline made (the only
free-form field, an entity's ``attrs``, is JSON text).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

from redline.records import Document, Entity, Place, Quote, Removal, TimeExpr, event_from_dict

__all__ = ["SCHEMAS", "TABLES", "documents_from_tables", "tables_from_documents"]

ACTOR = pa.struct(
    [("entity_text", pa.string()), ("code", pa.string()), ("sector", pa.string()), ("org", pa.string())]
)
PLACE_FIELDS = [
    ("text", pa.string()),
    ("start", pa.int64()),
    ("end", pa.int64()),
    ("name", pa.string()),
    ("country", pa.string()),
    ("admin1", pa.string()),
    ("lat", pa.float64()),
    ("lon", pa.float64()),
    ("geonameid", pa.int64()),
    ("feature", pa.string()),
]
KEY = [("doc_id", pa.string()), ("idx", pa.int32())]
EVENT_FIELDS = [
    ("event", pa.string()),
    ("actor", pa.list_(ACTOR)),
    ("recipient", pa.list_(ACTOR)),
    ("date", pa.string()),
    ("event_text", pa.string()),
    ("evidence", pa.struct([("start", pa.int64()), ("end", pa.int64())])),
    ("mode", pa.list_(pa.string())),
    ("context", pa.list_(pa.string())),
    ("date_source", pa.string()),
    ("date_text", pa.string()),
    ("date_granularity", pa.string()),
    ("place", pa.struct(PLACE_FIELDS)),
    ("claimed_by", ACTOR),
    ("score", pa.float64()),
    ("confidence", pa.float64()),
    ("trigger", pa.string()),
]

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("id", pa.string()),
            ("path", pa.string()),
            ("title", pa.string()),
            ("published", pa.string()),
            ("section", pa.string()),
            ("publisher", pa.string()),
            ("original_publisher", pa.string()),
            ("author", pa.string()),
            ("site", pa.string()),
            ("url", pa.string()),
            ("dateline", pa.string()),
            ("text", pa.string()),
            ("duplicate_of", pa.string()),
            ("duplicate_kind", pa.string()),
            ("story_id", pa.string()),
            ("content_hash", pa.string()),
            (
                "times",
                pa.list_(
                    pa.struct(
                        [
                            ("text", pa.string()),
                            ("start", pa.int64()),
                            ("end", pa.int64()),
                            ("value", pa.string()),
                            ("type", pa.string()),
                            ("granularity", pa.string()),
                        ]
                    )
                ),
            ),
            ("background", pa.list_(pa.struct(EVENT_FIELDS))),  # events told as history or as not done
            ("removals", pa.list_(pa.struct([("text", pa.string()), ("reason", pa.string())]))),
            ("error", pa.string()),
        ]
    ),
    "events": pa.schema([*KEY, *EVENT_FIELDS]),
    "entities": pa.schema(
        [
            *KEY,
            ("text", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("label", pa.string()),
            ("code", pa.string()),
            ("sector", pa.string()),
            ("attrs", pa.string()),  # JSON object
        ]
    ),
    "quotes": pa.schema(
        [
            *KEY,
            ("text", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("speaker", pa.string()),
            ("speaker_code", pa.string()),
            ("speaker_sector", pa.string()),
        ]
    ),
    "places": pa.schema([*KEY, *PLACE_FIELDS]),
}
TABLES: tuple[str, ...] = tuple(SCHEMAS)
ITEMS = ("events", "entities", "quotes", "places")  # the Document lists with a table of their own


def tables_from_documents(documents: Iterable[Document]) -> dict[str, pa.Table]:
    """The five tables of these documents, in their order, each with its fixed schema."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for document in documents:
        record = document.to_dict()
        for name in ITEMS:
            for idx, item in enumerate(record.pop(name)):
                if name == "entities":
                    item["attrs"] = json.dumps(item["attrs"], ensure_ascii=False)
                rows[name].append({"doc_id": document.id, "idx": idx, **item})
        rows["documents"].append(record)
    return {name: pa.Table.from_pylist(rows[name], schema=SCHEMAS[name]) for name in TABLES}


def documents_from_tables(tables: Mapping[str, pa.Table]) -> list[Document]:
    """The Documents of one partition's tables, in the documents table's order.

    Item rows follow their documents' order, ``idx`` counting from 0 for each document, so
    documents sharing an id (the same file given twice) still get their own items back."""
    rows = {name: tables[name].to_pylist() for name in ITEMS}
    at = dict.fromkeys(ITEMS, 0)

    def own(name: str, doc_id: str) -> list[dict[str, Any]]:
        taken: list[dict[str, Any]] = []
        table = rows[name]
        while at[name] < len(table):
            row = dict(table[at[name]])
            if row["doc_id"] != doc_id or row["idx"] != len(taken):
                break
            del row["doc_id"], row["idx"]
            taken.append(row)
            at[name] += 1
        return taken

    documents = []
    for record in tables["documents"].to_pylist():
        record["times"] = [TimeExpr(**t) for t in record["times"] or []]
        record["removals"] = [Removal(**r) for r in record["removals"] or []]
        record["background"] = [event_from_dict(e) for e in record["background"] or []]
        document = Document(**record)
        document.events = [event_from_dict(row) for row in own("events", document.id)]
        entities = own("entities", document.id)
        document.entities = [Entity(**{**row, "attrs": json.loads(row["attrs"] or "{}")}) for row in entities]
        document.quotes = [Quote(**row) for row in own("quotes", document.id)]
        document.places = [Place(**row) for row in own("places", document.id)]
        documents.append(document)
    return documents
