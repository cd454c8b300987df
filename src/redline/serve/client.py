"""Talking to a running ``redline serve`` from the CLI: finding it beside a locked database,
reading through its API (:class:`RemoteStore`, the reading methods of a Store) and sending
inputs to ``POST /api/ingest`` (:func:`send_inputs`). Standard library HTTP only."""

from __future__ import annotations

import csv
import json
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from redline.records import MergedEvent, merged_from_dict
from redline.store.db import EVENT_COLUMNS, MERGED_COLUMNS

TIMEOUT = 600.0  # seconds; an ingest runs the whole pipeline before answering
BATCH_BYTES = 8_000_000  # bytes of files sent in one ingest request
BATCH_FILES = 200


class ServerError(Exception):
    """The server could not be reached or refused a request (the message says why)."""


def server_file(db: Path) -> Path:
    """Where a running server announces itself: ``<db>.server.json`` beside the database."""
    return db.with_name(db.name + ".server.json")


def find_server(db: Path) -> str | None:
    """The URL of the server announced beside ``db``, when its announcement is readable."""
    try:
        data = json.loads(server_file(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def _request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data else "GET")
    try:
        return urllib.request.urlopen(request, timeout=TIMEOUT)  # noqa: S310 (http(s) URLs only)
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read().decode("utf-8")).get("error") or exc.reason
        except (ValueError, AttributeError):
            message = exc.reason
        raise ServerError(f"{url.split('?')[0]}: {exc.code} {message}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise ServerError(f"cannot reach the server at {url.split('?')[0]} ({exc})") from None


@dataclass
class RemoteStore:
    """The reading methods of :class:`redline.store.Store`, answered by a server's API."""

    url: str
    path: Path = field(default_factory=lambda: Path("<server>"))

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        pass

    def _get(self, route: str, **params: Any) -> Any:
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        return _request(f"{self.url.rstrip('/')}{route}" + (f"?{query}" if query else ""))

    def _json(self, route: str, **params: Any) -> Any:
        with self._get(route, **params) as response:
            return json.loads(response.read().decode("utf-8"))

    def _lines(self, **params: Any) -> Iterator[dict[str, Any]]:
        with self._get("/api/events", format="jsonl", sort="date", **params) as response:
            for line in response:
                if line.strip():
                    yield json.loads(line)

    def query_events(self, **filters: Any) -> list[dict[str, Any]]:
        return [{c: r.get(c) for c in EVENT_COLUMNS} for r in self._lines(view="reports", **filters)]

    def query_merged(self, **filters: Any) -> list[dict[str, Any]]:
        return [{c: r.get(c) for c in MERGED_COLUMNS} for r in self._lines(view="merged", **filters)]

    def export_events(self, path: str | Path, fmt: str, **filters: Any) -> int:
        """Events to a CSV (the store's columns) or Parquet (the API's columns) file."""
        if fmt == "parquet":
            with self._get(
                "/api/events", format="parquet", view="reports", sort="date", **filters
            ) as response:
                Path(path).write_bytes(response.read())
            return -1
        rows = self.query_events(**filters)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(EVENT_COLUMNS)
            for r in rows:
                writer.writerow(
                    [";".join(v or "" for v in x) if isinstance(x, list) else x for x in r.values()]
                )
        return len(rows)

    def stories(self, min_size: int = 1) -> list[dict[str, Any]]:
        return list(self._json("/api/stories", min_size=min_size)["stories"])

    def alerts(self, since: str | None = None) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in r.items() if k != "merged_events"}
            for r in self._json("/api/alerts", since=since)["alerts"]
        ]

    def merged_events(self) -> list[MergedEvent]:
        with self._get("/api/events", format="plover", view="merged", sort="date") as response:
            return [merged_from_dict(r) for r in json.loads(response.read().decode("utf-8"))]


def _multipart(fields: list[tuple[str, str | None, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body of ``(name, filename or None, content)`` parts and its content type."""
    boundary = "redline-" + secrets.token_hex(12)
    out = bytearray()
    for name, filename, content in fields:
        out += f"--{boundary}\r\n".encode()
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            quoted = (
                filename.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
            )
            disposition += f'; filename="{quoted}"'
        out += f"Content-Disposition: {disposition}\r\n".encode()
        if filename is not None:
            out += b"Content-Type: application/octet-stream\r\n"
        out += b"\r\n" + content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def send_inputs(
    url: str,
    paths: list[str],
    token: str | None,
    published: str | None = None,
    max_bytes: int = 20_000_000,
    on_error: Callable[[str], None] = lambda m: print(f"error: {m}", file=sys.stderr),
) -> dict[str, Any]:
    """Read the files of ``paths`` here (folders walked as ``redline ingest`` does, ``-`` is stdin)
    and ingest them on the server in batches; returns the summed summary (``documents`` lists
    each document's outcome). A file that cannot be read is an error here and the rest goes on."""
    from redline.inputs import InputError, input_files, read_bytes

    if not token:
        raise ServerError("writes need the server's token: set REDLINE_TOKEN or pass --token")
    total: dict[str, Any] = {
        "stored": 0,
        "duplicate": 0,
        "failed": 0,
        "errors": [],
        "documents": [],
        "alerts": [],
    }
    batch: list[tuple[str, str | None, bytes]] = []
    size = 0

    def flush() -> None:
        nonlocal batch, size
        if not batch:
            return
        parts = batch + ([("published", None, published.encode())] if published else [])
        body, content_type = _multipart(parts)
        headers = {
            "Content-Type": content_type,
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
        }
        with _request(url.rstrip("/") + "/api/ingest", data=body, headers=headers) as response:
            result = json.loads(response.read().decode("utf-8"))
        for key in ("stored", "duplicate", "failed"):
            total[key] += result[key]
        for key in ("errors", "documents", "alerts"):
            total[key].extend(result[key])
        for message in result["errors"]:
            on_error(message)
        for key in ("stories", "copies", "merged_events"):
            total[key] = result[key]
        batch, size = [], 0

    for path in input_files(paths):
        try:
            data = sys.stdin.buffer.read(max_bytes + 1) if path == "-" else read_bytes(path, max_bytes)
            if len(data) > max_bytes:
                raise InputError(f"larger than {max_bytes} bytes (limit)")
        except InputError as exc:
            message = f"{path}: {exc}"
            total["failed"] += 1
            total["errors"].append(message)
            on_error(message)
            continue
        if batch and (size + len(data) > BATCH_BYTES or len(batch) >= BATCH_FILES):
            flush()
        batch.append(("files", "<stdin>" if path == "-" else path, data))
        size += len(data)
    flush()
    total.setdefault("stories", 0)
    total.setdefault("copies", 0)
    total.setdefault("merged_events", 0)
    return total
