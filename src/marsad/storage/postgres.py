"""The PostgreSQL back end (psycopg 3): the same schema (JSON, BYTEA, DATE where SQLite has
TEXT and BLOB), explicit transactions over an autocommit connection, one writer.

A server that goes away mid-transaction rolls the transaction back on its side; the client gets
one :class:`StoreError` line and the run stops.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from marsad.storage import schema
from marsad.storage.base import JsonObject, StoreError
from marsad.storage.sql import SqlStore

_PASSWORD = re.compile(r"(://[^:/@]+:)[^@]*@")


def redact(url: str) -> str:
    """The URL without its password."""
    return _PASSWORD.sub(r"\1***@", url)


class PostgresStore(SqlStore):
    dialect: schema.Dialect = "postgresql"

    def __init__(self, url: str, *, read_only: bool = False, timeout: float = 5.0) -> None:
        super().__init__(redact(url), read_only=read_only)
        try:
            import psycopg
            from psycopg.types.json import Json
        except ImportError:
            raise StoreError(f"{self.url}: PostgreSQL needs psycopg (pip install 'marsad[postgres]')") from None
        self._psycopg = psycopg
        self._json = Json
        try:
            self._conn: Any = psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(timeout)))
        except psycopg.Error as exc:
            raise self._error(exc, "cannot connect") from None
        try:
            if read_only:
                self._execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            self._execute("SET client_min_messages = warning")
            if not read_only:
                self._execute(schema.MIGRATIONS_TABLE)
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    def _error(self, exc: Exception, what: str | None = None) -> StoreError:
        message = " ".join(str(exc).split()) or type(exc).__name__
        psycopg = self._psycopg
        if what is not None:
            return StoreError(f"{self.url}: {what} ({message})")
        if isinstance(exc, psycopg.OperationalError) or getattr(self._conn, "closed", False):
            return StoreError(
                f"{self.url}: connection to the server lost ({message}); the article in progress was rolled back"
            )
        if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
            return StoreError(f"{self.url}: opened read-only; nothing was written")
        if isinstance(exc, psycopg.errors.LockNotAvailable):
            return StoreError(f"{self.url}: database is locked by another process; nothing was written")
        return StoreError(f"{self.url}: database error: {message}",
                          missing_table=isinstance(exc, psycopg.errors.UndefinedTable))

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self._conn.execute(sql.replace("?", "%s"), tuple(params))
        except self._psycopg.Error as exc:
            raise self._error(exc) from None

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            with self._conn.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), [tuple(r) for r in rows])
        except self._psycopg.Error as exc:
            raise self._error(exc) from None

    def _json_in(self, value: JsonObject) -> Any:
        return self._json(value)

    def _date_out(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return value.isoformat()
        return None if value is None else str(value)

    def _lock_migrations(self) -> None:
        self._execute("LOCK TABLE schema_migrations IN EXCLUSIVE MODE")

    def _begin(self) -> None:
        self._execute("BEGIN")

    def _commit(self) -> None:
        self._execute("COMMIT")

    def _rollback(self) -> None:
        if not self._conn.closed:
            self._conn.execute("ROLLBACK")

    def close(self) -> None:
        self._conn.close()
