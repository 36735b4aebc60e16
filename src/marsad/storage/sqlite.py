"""The SQLite back end (stdlib :mod:`sqlite3`): WAL journal, foreign keys, a busy timeout, one writer.

Transactions are ``BEGIN IMMEDIATE``: the write lock is taken when a transaction starts, so a
second writer waits up to the busy timeout and then fails with one clear line, before it has
written anything. ``synchronous=NORMAL`` in WAL mode: a killed process never leaves a
half-written transaction (a power cut may lose the last few committed ones).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marsad.storage import schema
from marsad.storage.base import StoreError
from marsad.storage.sql import SqlStore

#: Seconds a writer waits for another one's lock before giving up.
BUSY_TIMEOUT = 5.0


class SqliteStore(SqlStore):
    dialect: schema.Dialect = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False, timeout: float = BUSY_TIMEOUT) -> None:
        super().__init__(str(path), read_only=read_only)
        self.path = Path(path)
        self.timeout = timeout
        self._conn = self._connect()
        try:
            self._execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._execute("PRAGMA foreign_keys = ON")
            if not read_only:
                mode = self._execute("PRAGMA journal_mode = WAL").fetchone()
                if mode is None or str(mode[0]).lower() != "wal":
                    raise StoreError(f"{self.url}: cannot use a write-ahead log (journal mode {mode and mode[0]})")
                self._execute("PRAGMA synchronous = NORMAL")
                self._execute("PRAGMA wal_autocheckpoint = 8000")
                self._execute(schema.MIGRATIONS_TABLE)
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        path, where = self.path, self.url
        folder = path.resolve().parent
        if not folder.is_dir():
            raise StoreError(f"{where}: cannot open the database (no such directory: {folder})")
        exists = path.exists()
        if path.is_dir():
            raise StoreError(f"{where}: cannot open the database (is a directory)")
        if self.read_only:
            if not exists:
                raise StoreError(f"{where}: no such database")
            target = f"{path.resolve().as_uri()}?mode=ro"
        else:
            if exists and not os.access(path, os.R_OK | os.W_OK):
                raise StoreError(f"{where}: database is read-only (permission denied); nothing was written")
            if not os.access(folder, os.W_OK):
                raise StoreError(f"{where}: cannot write in {folder} (permission denied); nothing was written")
            target = str(path)
        try:
            return sqlite3.connect(target, timeout=self.timeout, isolation_level=None, uri=self.read_only)
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def _error(self, exc: sqlite3.Error) -> StoreError:
        message = " ".join(str(exc).split())
        low = message.lower()
        if "locked" in low or "busy" in low:
            tail = "nothing could be read" if self.read_only else "the article in progress was not written"
            return StoreError(f"{self.url}: database is locked by another process (waited {self.timeout:g} s); {tail}")
        if "readonly" in low or "read-only" in low:
            return StoreError(f"{self.url}: database is read-only; nothing was written")
        if "not a database" in low or "malformed" in low:
            return StoreError(f"{self.url}: not a marsad database or damaged ({message})")
        if "unable to open" in low:
            return StoreError(f"{self.url}: cannot open the database ({message})")
        return StoreError(f"{self.url}: database error: {message}", missing_table="no such table" in low)

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self._conn.execute(sql, tuple(params))
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            self._conn.executemany(sql, [tuple(r) for r in rows])
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def _begin(self) -> None:
        self._execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        self._execute("COMMIT")

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def close(self) -> None:
        self._conn.close()
