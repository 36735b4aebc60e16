"""The storage interface: the :class:`Store` every back end implements, and its value types.

A store holds articles, the records extracted from them (one row per record, tagged with the
marsad version and the run that produced it), events merged across articles with the reports
behind each (and why each joined), and runs. Records and events are plain JSON objects, as
``Event.to_dict()`` makes them: storage knows nothing of the pipeline.

Writes happen inside :meth:`Store.transaction` (all or nothing); a store has one writer.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from marsad.errors import MarsadError

JsonObject = dict[str, Any]


class StoreError(MarsadError):
    """The database cannot be opened, read or written (one line: where, and what went wrong).
    ``missing_table``: the error is a table that does not exist (a database marsad never set up)."""

    def __init__(self, message: str, *, missing_table: bool = False) -> None:
        super().__init__(message)
        self.missing_table = missing_table


@dataclass(frozen=True)
class NewArticle:
    """An article to store, with its fingerprints (computed by the caller)."""

    doc_id: str
    text: str
    sha256: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    minhash: bytes | None = None
    band_keys: tuple[int, ...] = ()
    near_duplicate_of: int | None = None


@dataclass(frozen=True)
class StoredArticle:
    id: int
    doc_id: str
    text: str
    sha256: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    near_duplicate_of: int | None
    ingested_at: str
    marsad_version: str
    run_id: int | None


@dataclass(frozen=True)
class StoredRecord:
    id: int
    article_id: int
    doc_id: str
    data: JsonObject
    counted: bool
    marsad_version: str
    run_id: int | None
    superseded_by: int | None


@dataclass(frozen=True)
class Report:
    """One record behind an event, and why it joined."""

    record_id: int
    reason: str
    record: JsonObject
    published: str | None = None  # the publication date of the record's article


@dataclass(frozen=True)
class StoredEvent:
    event_id: str
    data: JsonObject
    reports: tuple[Report, ...] = ()


@dataclass(frozen=True)
class RunInfo:
    id: int
    kind: str
    started: str
    finished: str | None
    marsad_version: str
    counts: JsonObject | None


@dataclass(frozen=True)
class EventQuery:
    """What a user asks of the events (every field optional; all given must hold)."""

    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    #: (min_lat, min_lon, max_lat, max_lon)
    bbox: tuple[float, float, float, float] | None = None
    min_confidence: float | None = None
    limit: int | None = None


@dataclass(frozen=True)
class Match:
    """An article already stored that a new one collides with, and on which key."""

    key: str  # "url", "sha256" or "doc_id"
    article: StoredArticle


@dataclass
class Counts:
    articles: int = 0
    near_duplicates: int = 0
    records: int = 0
    current_records: int = 0
    events: int = 0
    reports: int = 0
    runs: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def now() -> str:
    """The current UTC time as ISO 8601 (seconds)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Store(abc.ABC):
    """One database. Open with :func:`marsad.storage.open_store`; close (or use ``with``)."""

    url: str
    read_only: bool

    # --- life cycle -------------------------------------------------------------------------

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abc.abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside it commit together, or none does (rolled back on any exception)."""

    @abc.abstractmethod
    def savepoint(self) -> AbstractContextManager[None]:
        """Inside a transaction: the writes inside it are undone on an exception while the
        transaction goes on. Outside one: a transaction of its own."""

    @abc.abstractmethod
    def schema_versions(self) -> list[tuple[int, str, str]]:
        """The migrations recorded in the database: (version, description, applied_at)."""

    # --- runs ------------------------------------------------------------------------------

    @abc.abstractmethod
    def start_run(self, kind: str, marsad_version: str) -> int:
        """Record a run (committed at once) and return its id."""

    @abc.abstractmethod
    def finish_run(self, run_id: int, counts: JsonObject) -> None: ...

    @abc.abstractmethod
    def runs(self) -> list[RunInfo]: ...

    # --- articles --------------------------------------------------------------------------

    @abc.abstractmethod
    def find_article(self, *, doc_id: str | None, url: str | None, sha256: str | None) -> Match | None:
        """The stored article with this URL, else this text hash, else this id (None: new)."""

    @abc.abstractmethod
    def similar_articles(self, band_keys: Sequence[int]) -> list[tuple[int, bytes, int | None]]:
        """Articles sharing a MinHash band with the given keys: (id, signature, near_duplicate_of)."""

    @abc.abstractmethod
    def add_article(self, article: NewArticle, *, run_id: int | None, marsad_version: str) -> int:
        """Store an article (inside a transaction); its id."""

    @abc.abstractmethod
    def set_article_version(self, article_id: int, marsad_version: str) -> None: ...

    @abc.abstractmethod
    def article(self, article_id: int) -> StoredArticle | None: ...

    @abc.abstractmethod
    def articles(self, *, not_version: str | None = None) -> Iterator[StoredArticle]:
        """Every article in id order (only those last processed by another version, if given)."""

    # --- records ---------------------------------------------------------------------------

    @abc.abstractmethod
    def add_records(
        self,
        article_id: int,
        records: Sequence[JsonObject],
        *,
        counted: bool,
        run_id: int | None,
        marsad_version: str,
    ) -> list[int]:
        """Store an article's records (inside a transaction); their ids, in order."""

    @abc.abstractmethod
    def records(self, *, article_id: int | None = None, current: bool = True) -> list[StoredRecord]:
        """Records in id order: of one article or all; only those not superseded when ``current``."""

    @abc.abstractmethod
    def supersede_records(self, article_id: int, run_id: int) -> list[str]:
        """Mark an article's current records superseded by ``run_id``; drop them from events.

        Returns the ids of the events that lost a report (to rebuild or delete)."""

    # --- events ----------------------------------------------------------------------------

    @abc.abstractmethod
    def candidate_events(
        self, *, country: str | None, date_from: str | None, date_to: str | None, event_type: str | None
    ) -> list[StoredEvent]:
        """Events a record may join, with their reports: this country (None: unknown), dates in
        [date_from, date_to] (None: unbounded), and this event type (None: any)."""

    @abc.abstractmethod
    def nearby_reports(
        self, *, country: str | None, date_from: str, date_to: str
    ) -> list[tuple[str, int, str, str | None]]:
        """The reports of the events of ``country`` dated within [date_from, date_to], without
        their records: (event_id, record_id, reason, article published), events in date order."""

    @abc.abstractmethod
    def record_data(self, record_ids: Sequence[int]) -> dict[int, JsonObject]:
        """The records (JSON) with these ids."""

    @abc.abstractmethod
    def has_event(self, event_id: str) -> bool: ...

    @abc.abstractmethod
    def save_event(self, event_id: str, data: JsonObject, new_reports: Sequence[tuple[int, str]]) -> None:
        """Create or update an event (its merged record) and add reports (record id, reason)."""

    @abc.abstractmethod
    def delete_event(self, event_id: str) -> None: ...

    @abc.abstractmethod
    def event(self, event_id: str) -> StoredEvent | None: ...

    @abc.abstractmethod
    def events(self, query: EventQuery | None = None) -> list[StoredEvent]:
        """Events matching ``query``, by date then id, each with its reports."""

    @abc.abstractmethod
    def counts(self) -> Counts: ...
