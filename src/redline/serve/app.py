"""The FastAPI application factory, the server's state (single writer) and the uvicorn runner."""

from __future__ import annotations

import json
import os
import secrets
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from redline.records import PipelineFactory, PipelineLike
from redline.serve.client import server_file
from redline.serve.security import LOOPBACK, SecurityMiddleware, host_name
from redline.store import Store

if TYPE_CHECKING:
    from redline.watch import WatchConfig

MAX_UPLOAD = 20_000_000  # bytes of one request body


@dataclass
class ServerState:
    """What every request shares: the store (whose connection is the one writer), the lock that
    serialises writes, the write token (None in read-only mode), the pipeline and the limits."""

    store: Store
    token: str | None
    read_only: bool = False
    pipeline: PipelineLike | PipelineFactory | None = None
    alerts: str | None = None
    max_upload: int = MAX_UPLOAD
    hosts: frozenset[str] | None = None  # the Host names answered (None: any)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    _local: threading.local = field(default_factory=threading.local)

    def view(self) -> Store:
        """This thread's read-only view of the store (its own cursor, made once per thread)."""
        view = getattr(self._local, "view", None)
        if view is None:
            view = self.store.reader()
            self._local.view = view
        return view

    def reader(self) -> duckdb.DuckDBPyConnection:
        """This thread's read cursor on the store."""
        return self.view().conn

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The store, for one write at a time."""
        with self.write_lock:
            yield self.store

    def token_ok(self, given: str | None) -> bool:
        return self.token is not None and given is not None and secrets.compare_digest(given, self.token)


def create_app(state: ServerState) -> FastAPI:
    """The application: JSON API under ``/api``, pages, vendored assets, security headers and limits."""
    from redline.serve import api, pages

    app = FastAPI(
        title="redline",
        version="1",
        description="PLOVER event data from news reporting: merged events, reports, documents, stories, "
        "escalation and alerts. Writes need `Authorization: Bearer $REDLINE_TOKEN`.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.redline = state
    app.add_middleware(SecurityMiddleware, max_body=state.max_upload + 1_000_000, hosts=state.hosts)

    def failure(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": message}, status_code=status)
        return pages.error_page(request, status, message)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        messages = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ())[1:]) or "request"
            messages.append(f"{where}: {error.get('msg', 'invalid')}")
        return failure(request, 400, "; ".join(messages))

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError) -> Response:
        return failure(request, 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = failure(request, exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    app.include_router(api.router(state))
    app.include_router(pages.router(state))
    return app


def run(
    db: Path,
    host: str = "127.0.0.1",
    port: int = 8080,
    read_only: bool = False,
    token: str | None = None,
    pipeline: PipelineLike | PipelineFactory | None = None,
    alerts: str | None = None,
    memory_limit: str | None = None,
    say: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
    watch: WatchConfig | None = None,
    allow_private: bool = False,
) -> None:
    """Open the store (the one writer unless ``read_only``), serve until interrupted, and keep
    ``<db>.server.json`` (url and pid) beside the database meanwhile. ``watch``: sources that a
    background thread watches (:class:`redline.watch.Watcher`), writing under the server's lock."""
    import uvicorn

    store = Store(db, read_only=read_only)
    if memory_limit:  # a size checked by the CLI (SET takes no parameters)
        store.conn.execute(f"SET memory_limit = '{memory_limit.replace(chr(39), '')}'")
    if not read_only and not token:
        token = secrets.token_urlsafe(24)
        say(f"REDLINE_TOKEN is not set; this server's write token: {token}")
    hosts = LOOPBACK if host_name(host) in LOOPBACK else None  # a loopback server: loopback names only
    state = ServerState(
        store=store, token=None if read_only else token, read_only=read_only,
        pipeline=pipeline, alerts=alerts, hosts=hosts,
    )
    app = create_app(state)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    announce = server_file(db)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}"
    if threading.current_thread() is threading.main_thread():
        # uvicorn shuts down gracefully on SIGTERM, then raises it again: end with status 0 and clean up
        signal.signal(signal.SIGTERM, _exit_quietly)
    watching = None
    if watch is not None and not read_only:
        from redline.watch.runner import start_watcher

        watching = start_watcher(watch, state.writing, pipeline=pipeline, alerts=alerts,
                                 allow_private=allow_private, say=say)  # fmt: skip
    try:
        announce.write_text(
            json.dumps({"url": url, "pid": os.getpid(), "read_only": read_only}), encoding="utf-8"
        )
        say(f"serving {db} at {url}/ ({'read-only' if read_only else 'writes need the token'})")
        server.run()
    finally:
        if watching is not None:
            watching.stop()
        try:
            if json.loads(announce.read_text(encoding="utf-8")).get("pid") == os.getpid():
                announce.unlink()
        except (OSError, ValueError):
            pass
        store.close()


def _exit_quietly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
