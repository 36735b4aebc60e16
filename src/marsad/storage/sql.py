"""The SQL both back ends share: :class:`SqlStore` implements :class:`Store` over a DB-API
connection; :mod:`~marsad.storage.sqlite` and :mod:`~marsad.storage.postgres` supply the
connection, the dialect's placeholders and JSON, transactions and error messages."""

from __future__ import annotations

import abc
import contextlib
import json
from collections.abc import Iterator, Sequence
from typing import Any

from marsad.storage import schema
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
    now,
)

_ARTICLE_COLUMNS = (
    "id, doc_id, text, sha256, title, url, outlet, published, near_duplicate_of, ingested_at, marsad_version, run_id"
)
#: Events by date (undated last, on both back ends), then id.
_BY_DATE = "ORDER BY event_date IS NULL, event_date, event_id"
_RECORD_COLUMNS = "id, article_id, doc_id, data, counted, marsad_version, run_id, superseded_by"


def indexed(data: JsonObject) -> tuple[Any, ...]:
    """(event_date, country, event_type, sub_event_type, lat, lon, confidence, fatalities) of a record."""
    location = data.get("location") if isinstance(data.get("location"), dict) else {}
    fatalities = data.get("fatalities") if isinstance(data.get("fatalities"), dict) else {}
    assert isinstance(location, dict) and isinstance(fatalities, dict)
    best = fatalities.get("best")
    return (
        data.get("event_date"),
        location.get("country"),
        data.get("event_type"),
        data.get("sub_event_type"),
        _number(location.get("lat")),
        _number(location.get("lon")),
        _number(data.get("confidence")),
        best if isinstance(best, int) and not isinstance(best, bool) else None,
    )


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


class SqlStore(Store):
    """A :class:`Store` over one DB-API connection, SQL written with ``?`` placeholders."""

    dialect: schema.Dialect

    def __init__(self, url: str, *, read_only: bool) -> None:
        self.url = url
        self.read_only = read_only
        self._in_transaction = False

    # --- what a back end supplies ----------------------------------------------------------

    @abc.abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement (``?`` placeholders); a cursor. Database errors become StoreError."""

    @abc.abstractmethod
    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    @abc.abstractmethod
    def _begin(self) -> None: ...

    @abc.abstractmethod
    def _commit(self) -> None: ...

    @abc.abstractmethod
    def _rollback(self) -> None: ...

    def _json_in(self, value: JsonObject) -> Any:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def _json_out(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, (str, bytes)) else value

    def _date_out(self, value: Any) -> str | None:
        return None if value is None else str(value)

    def _lock_migrations(self) -> None:
        """Keep two processes from migrating at once (inside the migration's transaction)."""

    # --- life cycle ------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        if self.read_only:
            raise StoreError(f"{self.url}: opened read-only; nothing was written")
        if self._in_transaction:
            yield
            return
        self._begin()
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self._in_transaction = False
            with contextlib.suppress(Exception):
                self._rollback()
            raise
        self._in_transaction = False
        try:
            self._commit()
        except BaseException:
            with contextlib.suppress(Exception):
                self._rollback()
            raise

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        if not self._in_transaction:
            with self.transaction():
                yield
            return
        self._execute("SAVEPOINT marsad_item")
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):
                self._execute("ROLLBACK TO SAVEPOINT marsad_item")
                self._execute("RELEASE SAVEPOINT marsad_item")
            raise
        self._execute("RELEASE SAVEPOINT marsad_item")

    def _migrate(self) -> None:
        """Apply the migrations this database lacks, each in one transaction, and record them."""
        if self.read_only:
            self._check_version()
            return
        applied = self._applied()
        if applied and max(applied) > schema.LATEST:
            self._check_version()
        for version, description, sql in schema.MIGRATIONS:
            if version in applied:
                continue
            with self.transaction():
                self._lock_migrations()
                if version in self._applied():  # another process got there first
                    continue
                for statement in schema.render(sql, self.dialect):
                    self._execute(statement)
                self._execute(
                    "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
                    (version, description, now()),
                )

    def _applied(self) -> set[int]:
        return {int(row[0]) for row in self._execute("SELECT version FROM schema_migrations").fetchall()}

    def _check_version(self) -> None:
        try:
            applied = self._applied()
        except StoreError as exc:
            if not exc.missing_table:
                raise  # locked, damaged, unreadable: say that, not "version 0"
            applied = set()
        found = max(applied, default=0)
        if found > schema.LATEST:
            raise StoreError(
                f"{self.url}: database schema version {found} is newer than this marsad's ({schema.LATEST}); "
                "upgrade marsad"
            )
        if found < schema.LATEST:
            raise StoreError(
                f"{self.url}: database schema version {found}, this marsad needs {schema.LATEST}; "
                "open it once for writing (marsad ingest) to migrate it"
            )

    def schema_versions(self) -> list[tuple[int, str, str]]:
        rows = self._execute("SELECT version, description, applied_at FROM schema_migrations ORDER BY version")
        return [(int(v), str(d), str(a)) for v, d, a in rows.fetchall()]

    # --- runs ------------------------------------------------------------------------------

    def start_run(self, kind: str, marsad_version: str) -> int:
        with self.transaction():
            row = self._execute(
                "INSERT INTO runs (kind, started, marsad_version) VALUES (?, ?, ?) RETURNING id",
                (kind, now(), marsad_version),
            ).fetchone()
        return int(row[0])

    def finish_run(self, run_id: int, counts: JsonObject) -> None:
        with self.transaction():
            self._execute(
                "UPDATE runs SET finished = ?, counts = ? WHERE id = ?", (now(), self._json_in(counts), run_id)
            )

    def runs(self) -> list[RunInfo]:
        rows = self._execute("SELECT id, kind, started, finished, marsad_version, counts FROM runs ORDER BY id")
        return [
            RunInfo(int(i), str(k), str(s), f, str(v), None if c is None else self._json_out(c))
            for i, k, s, f, v, c in rows.fetchall()
        ]

    # --- articles --------------------------------------------------------------------------

    def _article(self, row: Sequence[Any]) -> StoredArticle:
        return StoredArticle(
            id=int(row[0]), doc_id=row[1], text=row[2], sha256=row[3], title=row[4], url=row[5], outlet=row[6],
            published=self._date_out(row[7]), near_duplicate_of=row[8], ingested_at=row[9],
            marsad_version=row[10], run_id=row[11],
        )  # fmt: skip

    def find_article(self, *, doc_id: str | None, url: str | None, sha256: str | None) -> Match | None:
        given = (("url", url), ("sha256", sha256), ("doc_id", doc_id))
        keys = [(key, value) for key, value in given if value is not None]
        if not keys:
            return None
        # one statement (each key is unique and indexed): most articles match none, and three
        # lookups, made before and again after extraction, were a tenth of the writer's SQL time
        where = " OR ".join(f"{key} = ?" for key, _ in keys)
        rows = self._execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE {where}", [v for _, v in keys]).fetchall()
        if not rows:
            return None
        articles = [self._article(row) for row in rows]
        for key, value in keys:  # the first key that matches says why: URL, then text, then id
            for article in articles:
                if getattr(article, key) == value:
                    return Match(key, article)
        return None

    def similar_articles(self, band_keys: Sequence[int]) -> list[tuple[int, bytes, int | None]]:
        keys = sorted(set(band_keys))
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        rows = self._execute(
            "SELECT id, minhash, near_duplicate_of FROM articles WHERE minhash IS NOT NULL AND id IN "
            f"(SELECT article_id FROM article_bands WHERE band_key IN ({marks})) ORDER BY id",
            keys,
        ).fetchall()
        return [(int(i), bytes(m), d) for i, m, d in rows]

    def add_article(self, article: NewArticle, *, run_id: int | None, marsad_version: str) -> int:
        with self.transaction():
            row = self._execute(
                "INSERT INTO articles (doc_id, text, sha256, title, url, outlet, published, minhash, "
                "near_duplicate_of, ingested_at, marsad_version, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                (article.doc_id, article.text, article.sha256, article.title, article.url, article.outlet,
                 article.published, article.minhash, article.near_duplicate_of, now(), marsad_version, run_id),
            ).fetchone()  # fmt: skip
            article_id = int(row[0])
            keys = sorted(set(article.band_keys))
            if keys:
                self._executemany(
                    "INSERT INTO article_bands (band_key, article_id) VALUES (?, ?)", [(k, article_id) for k in keys]
                )
        return article_id

    def set_article_version(self, article_id: int, marsad_version: str) -> None:
        with self.transaction():
            self._execute("UPDATE articles SET marsad_version = ? WHERE id = ?", (marsad_version, article_id))

    def article(self, article_id: int) -> StoredArticle | None:
        row = self._execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else self._article(row)

    def articles(self, *, not_version: str | None = None) -> Iterator[StoredArticle]:
        last = 0
        while True:  # in pages, so that a long scan holds no cursor open across writes
            where, params = "id > ?", [last]
            if not_version is not None:
                where += " AND marsad_version <> ?"
                params.append(not_version)  # type: ignore[arg-type]
            rows = self._execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE {where} ORDER BY id LIMIT 200", params
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield self._article(row)
            last = int(rows[-1][0])

    # --- records ---------------------------------------------------------------------------

    def add_records(
        self,
        article_id: int,
        records: Sequence[JsonObject],
        *,
        counted: bool,
        run_id: int | None,
        marsad_version: str,
    ) -> list[int]:
        ids: list[int] = []
        with self.transaction():
            for data in records:
                row = self._execute(
                    "INSERT INTO records (article_id, record_id, doc_id, event_date, country, event_type, "
                    "sub_event_type, lat, lon, confidence, fatalities, counted, marsad_version, run_id, data) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (article_id, str(data.get("event_id", "")), str(data.get("doc_id", "")), *indexed(data),
                     counted, marsad_version, run_id, self._json_in(data)),
                ).fetchone()  # fmt: skip
                ids.append(int(row[0]))
        return ids

    def _record(self, row: Sequence[Any]) -> StoredRecord:
        return StoredRecord(
            id=int(row[0]), article_id=int(row[1]), doc_id=row[2], data=self._json_out(row[3]),
            counted=bool(row[4]), marsad_version=row[5], run_id=row[6], superseded_by=row[7],
        )  # fmt: skip

    def records(self, *, article_id: int | None = None, current: bool = True) -> list[StoredRecord]:
        where: list[str] = []
        params: list[Any] = []
        if article_id is not None:
            where.append("article_id = ?")
            params.append(article_id)
        if current:
            where.append("superseded_by IS NULL")
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._execute(f"SELECT {_RECORD_COLUMNS} FROM records{clause} ORDER BY id", params).fetchall()
        return [self._record(row) for row in rows]

    def supersede_records(self, article_id: int, run_id: int) -> list[str]:
        with self.transaction():
            self._execute(
                "UPDATE records SET superseded_by = ? WHERE article_id = ? AND superseded_by IS NULL",
                (run_id, article_id),
            )
            gone = "SELECT id FROM records WHERE article_id = ? AND superseded_by = ?"
            rows = self._execute(
                f"SELECT DISTINCT event_id FROM event_reports WHERE record_id IN ({gone}) ORDER BY event_id",
                (article_id, run_id),
            ).fetchall()
            self._execute(f"DELETE FROM event_reports WHERE record_id IN ({gone})", (article_id, run_id))
        return [str(row[0]) for row in rows]

    # --- events ----------------------------------------------------------------------------

    def _with_reports(self, rows: Sequence[Sequence[Any]]) -> list[StoredEvent]:
        if not rows:
            return []
        reports: dict[str, list[Report]] = {row[0]: [] for row in rows}
        ids = list(reports)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            found = self._execute(
                "SELECT er.event_id, er.record_id, er.reason, r.data, a.published FROM event_reports er "
                "JOIN records r ON r.id = er.record_id JOIN articles a ON a.id = r.article_id "
                f"WHERE er.event_id IN ({', '.join('?' * len(part))}) ORDER BY er.record_id",
                part,
            ).fetchall()
            for event_id, record_id, reason, data, published in found:
                reports[event_id].append(
                    Report(int(record_id), reason, self._json_out(data), self._date_out(published))
                )
        return [StoredEvent(row[0], self._json_out(row[1]), tuple(reports[row[0]])) for row in rows]

    def candidate_events(self, *, country: str | None, date_from: str | None, date_to: str | None,
                         event_type: str | None) -> list[StoredEvent]:  # fmt: skip
        where = ["country IS NULL" if country is None else "country = ?"]
        params: list[Any] = [] if country is None else [country]
        if event_type is not None:
            where.append("event_type = ?")
            params.append(event_type)
        if date_from is not None:
            where.append("event_date >= ?")
            params.append(date_from)
        if date_to is not None:
            where.append("event_date <= ?")
            params.append(date_to)
        rows = self._execute(
            f"SELECT event_id, data FROM events WHERE {' AND '.join(where)} {_BY_DATE}",
            params,
        ).fetchall()
        return self._with_reports(rows)

    def nearby_reports(
        self, *, country: str | None, date_from: str, date_to: str
    ) -> list[tuple[str, int, str, str | None]]:
        where = "e.country IS NULL" if country is None else "e.country = ?"
        params: list[Any] = [] if country is None else [country]
        rows = self._execute(
            "SELECT er.event_id, er.record_id, er.reason, a.published FROM events e "
            "JOIN event_reports er ON er.event_id = e.event_id JOIN records r ON r.id = er.record_id "
            f"JOIN articles a ON a.id = r.article_id WHERE {where} AND e.event_date >= ? AND e.event_date <= ? "
            "ORDER BY e.event_date, e.event_id, er.record_id",
            [*params, date_from, date_to],
        ).fetchall()
        return [(str(e), int(r), str(reason), self._date_out(p)) for e, r, reason, p in rows]

    def record_data(self, record_ids: Sequence[int]) -> dict[int, JsonObject]:
        out: dict[int, JsonObject] = {}
        ids = sorted(set(record_ids))
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            rows = self._execute(
                f"SELECT id, data FROM records WHERE id IN ({', '.join('?' * len(part))})", part
            ).fetchall()
            out.update((int(i), self._json_out(d)) for i, d in rows)
        return out

    def has_event(self, event_id: str) -> bool:
        return self._execute("SELECT 1 FROM events WHERE event_id = ?", (event_id,)).fetchone() is not None

    def save_event(self, event_id: str, data: JsonObject, new_reports: Sequence[tuple[int, str]]) -> None:
        with self.transaction():
            stamp = now()
            self._execute(
                "INSERT INTO events (event_id, event_date, country, event_type, sub_event_type, lat, lon, "
                "confidence, fatalities, reports, updated_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) "
                "ON CONFLICT (event_id) DO UPDATE SET event_date = excluded.event_date, country = excluded.country, "
                "event_type = excluded.event_type, sub_event_type = excluded.sub_event_type, lat = excluded.lat, "
                "lon = excluded.lon, confidence = excluded.confidence, fatalities = excluded.fatalities, "
                "updated_at = excluded.updated_at, data = excluded.data",
                (event_id, *indexed(data), stamp, self._json_in(data)),
            )
            if new_reports:
                self._executemany(
                    "INSERT INTO event_reports (event_id, record_id, reason, added_at) VALUES (?, ?, ?, ?)",
                    [(event_id, record_id, reason, stamp) for record_id, reason in new_reports],
                )
            self._execute(
                "UPDATE events SET reports = (SELECT COUNT(*) FROM event_reports WHERE event_id = ?) "
                "WHERE event_id = ?",
                (event_id, event_id),
            )

    def delete_event(self, event_id: str) -> None:
        with self.transaction():
            self._execute("DELETE FROM events WHERE event_id = ?", (event_id,))

    def event(self, event_id: str) -> StoredEvent | None:
        rows = self._execute("SELECT event_id, data FROM events WHERE event_id = ?", (event_id,)).fetchall()
        found = self._with_reports(rows)
        return found[0] if found else None

    def events(self, query: EventQuery | None = None) -> list[StoredEvent]:
        q = query or EventQuery()
        where: list[str] = []
        params: list[Any] = []
        for column, op, value in (
            ("event_date", ">=", q.date_from),
            ("event_date", "<=", q.date_to),
            ("country", "=", q.country),
            ("event_type", "=", q.event_type),
            ("sub_event_type", "=", q.sub_event_type),
            ("confidence", ">=", q.min_confidence),
        ):
            if value is not None:
                where.append(f"{column} {op} ?")
                params.append(value)
        if q.bbox is not None:
            where.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
            min_lat, min_lon, max_lat, max_lon = q.bbox
            params += [min_lat, max_lat, min_lon, max_lon]
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        limit = f" LIMIT {int(q.limit)}" if q.limit is not None else ""
        rows = self._execute(
            f"SELECT event_id, data FROM events{clause} {_BY_DATE}{limit}",
            params,
        ).fetchall()
        return self._with_reports(rows)

    def counts(self) -> Counts:
        def one(sql: str) -> int:
            return int(self._execute(sql).fetchone()[0])

        return Counts(
            articles=one("SELECT COUNT(*) FROM articles"),
            near_duplicates=one("SELECT COUNT(*) FROM articles WHERE near_duplicate_of IS NOT NULL"),
            records=one("SELECT COUNT(*) FROM records"),
            current_records=one("SELECT COUNT(*) FROM records WHERE superseded_by IS NULL"),
            events=one("SELECT COUNT(*) FROM events"),
            reports=one("SELECT COUNT(*) FROM event_reports"),
            runs=one("SELECT COUNT(*) FROM runs"),
        )
