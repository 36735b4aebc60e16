"""Storage: one interface (:class:`Store`), two back ends (SQLite, PostgreSQL), the schema in
migrations (:mod:`marsad.storage.schema`). The pipeline never imports storage, and storage never
imports the pipeline's stages. The tables and commands are described in ``docs/storage.md``.

    >>> from marsad.storage import open_store
    >>> with open_store("corpus.db") as store:          # or "postgresql://user@host/db"
    ...     print(store.counts())
"""

from __future__ import annotations

from marsad.storage.base import (
    Counts,
    EventQuery,
    JsonObject,
    Match,
    NewArticle,
    Report,
    RunInfo,
    Store,
    StoredArticle,
    StoredEvent,
    StoredRecord,
    StoreError,
)
from marsad.storage.sqlite import BUSY_TIMEOUT

__all__ = [
    "DEFAULT_DB", "Counts", "EventQuery", "JsonObject", "Match", "NewArticle", "Report", "RunInfo", "Store",
    "StoreError", "StoredArticle", "StoredEvent", "StoredRecord", "open_store",
]  # fmt: skip

#: The database ``open_store()`` opens when given no URL.
DEFAULT_DB = "marsad.db"


def open_store(url: str | None = None, *, read_only: bool = False, timeout: float = BUSY_TIMEOUT) -> Store:
    """Open (creating and migrating when needed) the store at ``url``.

    ``None`` → ``marsad.db``; a path or ``sqlite:///path`` → SQLite; ``postgresql://…`` (or
    ``postgres://…``) → PostgreSQL (needs ``pip install 'marsad[postgres]'``). ``timeout``: seconds
    to wait for another writer's lock (SQLite) or for the server to answer a connection.
    Raises :class:`StoreError` with a one-line message when it cannot.
    """
    target = url or DEFAULT_DB
    if target.startswith(("postgresql://", "postgres://")):
        from marsad.storage.postgres import PostgresStore

        return PostgresStore(target, read_only=read_only, timeout=timeout)
    if target.startswith("sqlite://"):
        path = target[len("sqlite://") :]
        if path.startswith("/"):
            path = path[1:]  # sqlite:///relative, sqlite:////absolute
        if not path:
            raise StoreError(f"{target}: no database path in the URL")
        target = path
    elif "://" in target:
        scheme = target.split("://", 1)[0]
        raise StoreError(f"{target}: unknown database scheme {scheme!r} (use a path, sqlite:/// or postgresql://)")
    from marsad.storage.sqlite import SqliteStore

    return SqliteStore(target, read_only=read_only, timeout=timeout)
