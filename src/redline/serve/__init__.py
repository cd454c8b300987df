"""``redline serve``: one process that owns the store and serves the dashboard and a JSON API.

:func:`create_app` builds the FastAPI application over a :class:`ServerState` (the store's one
write connection, the write lock and token, the limits); :func:`run` serves it with uvicorn and
announces the server next to the database so that the CLI can find it (:mod:`redline.serve.client`).
"""

from redline.serve.app import ServerState, create_app, run

__all__ = ["ServerState", "create_app", "run"]
