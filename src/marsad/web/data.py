"""What the HTTP API reads from a store: filtered pages of events, statistics, articles.

The store is opened read-only for each request (a new SQLite connection costs well under a
millisecond; :class:`Reader` does it). Filters and statistics run over :class:`Table`, an
in-memory copy of every event's indexed columns (date, country, type, place, confidence,
fatalities) and folded words (actors, evidence, notes, place, sources; Arabic normalized as
marsad normalizes), built at start and brought up to date by a background thread (only the events
added or updated since) when the database changes; a page's records are then read by id. A
database-side query could not page under an actor or text filter, and sorting by date through the
store's indexes reads every matching row: on 100,000 events that is seconds, this is milliseconds.
No fastapi here.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import os
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any

from marsad.query import distance_km, fold
from marsad.storage import Store, StoreError, open_store
from marsad.storage.sql import SqlStore
from marsad.storage.sqlite import SqliteStore
from marsad.text.normalize import _FAST, _PRESENTATION

#: Actors listed by /api/stats.
TOP_ACTORS = 20


@dataclass(frozen=True)
class Filters:
    """Validated filters (see :mod:`marsad.web.params`): every one given must hold."""

    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None  # ISO alpha-2
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None  # folded
    near: tuple[float, float, float] | None = None  # lat, lon, km
    near_box: tuple[float, float, float, float] | None = None  # min_lat, min_lon, max_lat, max_lon
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    words: tuple[str, ...] = ()  # folded words of ``q``; every one must occur
    min_confidence: float | None = None


def _sql(store: Store, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    if not isinstance(store, SqlStore):  # pragma: no cover - every back end is an SqlStore
        raise StoreError(f"{store.url}: this store cannot be served")
    return list(store._execute(sql, params).fetchall())


def _in(ids: Sequence[Any], column: str = "event_id") -> str:
    return f"{column} IN ({', '.join('?' * len(ids))})"


# --- the in-memory table ------------------------------------------------------------------------


def fast_fold(text: str) -> str:
    """:func:`marsad.query.fold` without the offset map marsad's normalizer also builds (the same
    result: translate, then case and spaces folded); presentation forms take the full path."""
    if _PRESENTATION.search(text):
        return fold(text)
    return " ".join(text.translate(_FAST).casefold().split())


@dataclass(frozen=True, slots=True)
class Row:
    """One event as the filters and statistics see it."""

    event_id: str
    date: str | None
    country: str | None
    event_type: str | None
    sub_event_type: str | None
    lat: float | None
    lon: float | None
    confidence: float | None
    fatalities: int
    actors: str  # folded names of every actor, " | " between them
    text: str  # folded evidence, notes, place, actors, sources, outlets
    names: tuple[str, ...]  # actor1's and actor2's display names (for /api/stats)
    group: int = 0  # the number of (event_type, country, names) in the table's GROUPS: stats add up by it


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


#: Every (event_type, country, actor names) seen, numbered in order of first sight (Row.group).
GROUPS: dict[tuple[str | None, str | None, tuple[str, ...]], int] = {}
_GROUPS_LOCK = threading.Lock()


def _group_of(key: tuple[str | None, str | None, tuple[str, ...]]) -> int:
    number = GROUPS.get(key)
    if number is None:
        with _GROUPS_LOCK:
            number = GROUPS.setdefault(key, len(GROUPS))
    return number


def row(columns: Sequence[Any], data: dict[str, Any]) -> Row:
    """An event's row: the store's indexed columns (event_id, event_date, country, event_type,
    sub_event_type, lat, lon, confidence, fatalities) and the folded words of its record."""
    event_id, date, country, kind, sub, lat, lon, confidence, fatalities = columns
    people: list[Any] = [data.get("actor1"), data.get("actor2")]
    for key in ("assoc_actor_1", "assoc_actor_2"):
        if isinstance(data.get(key), list):
            people.extend(data[key])
    actor_names = [n for p in people for k in ("name", "name_ar") if isinstance(n := _obj(p).get(k), str) and n]
    texts: list[str] = [*actor_names, str(data.get("notes") or ""), str(data.get("outlet") or "")]
    location = _obj(data.get("location"))
    texts += [str(location[k]) for k in ("name", "name_ar", "sub_location_ar", "admin1", "admin2") if location.get(k)]
    for key in ("evidence", "evidence_all", "outlets"):
        texts += [s for s in _strings(data.get(key)) if not s.isdigit()]
    for source in data.get("sources") or []:
        texts += [str(_obj(source)[k]) for k in ("name", "name_ar") if _obj(source).get(k)]
    names = tuple(dict.fromkeys(
        str(_obj(data.get(k)).get("name") or _obj(data.get(k)).get("name_ar"))
        for k in ("actor1", "actor2")
        if _obj(data.get(k)).get("name") or _obj(data.get(k)).get("name_ar")
    ))  # each actor once
    return Row(
        str(event_id), None if date is None else str(date)[:10], country, kind, sub, _float(lat), _float(lon),
        _float(confidence), int(fatalities or 0), fast_fold(" | ".join(actor_names)),
        fast_fold(" | ".join(t for t in texts if t)), names, _group_of((kind, country, names)),
    )  # fmt: skip


_COLUMNS = "event_id, event_date, country, event_type, sub_event_type, lat, lon, confidence, fatalities"


class Table:
    """Every event's indexed columns and folded words, in memory, by date (undated last) then id.

    Built at start; :meth:`refresh` rereads only the events added or updated since (by their
    ``updated_at``) and drops deleted ones, when the database changed."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self._dates: list[str] = []  # each row's date (undated: after every date), for bisection
        self._buckets: dict[tuple[str, Any], list[Row]] = {}  # rows by country, type, sub-type
        #: the statistics of every event (no filter), made on first use after each refresh
        self.totals: dict[str, list[dict[str, Any]]] | None = None
        self._by_id: dict[str, Row] = {}
        self._stamps: dict[str, str] = {}
        self._latest = ""
        self._fingerprint: object = None
        self._lock = threading.Lock()

    def refresh(self, store: Store) -> None:
        mark = _fingerprint(store)
        if mark is not None and mark == self._fingerprint:
            return
        with self._lock:
            if mark is not None and mark == self._fingerprint:
                return
            stamps = {str(i): str(u) for i, u in _sql(store, "SELECT event_id, updated_at FROM events")}
            changed = [i for i, u in stamps.items() if self._stamps.get(i) != u or u >= self._latest]
            by_id = {i: r for i, r in self._by_id.items() if i in stamps}
            for start in range(0, len(changed), 500):
                part = changed[start : start + 500]
                for found in _sql(store, f"SELECT {_COLUMNS}, data FROM events WHERE {_in(part)}", part):
                    by_id[str(found[0])] = row(found[:-1], _json(store, found[-1]))
            rows = sorted(by_id.values(), key=lambda r: (r.date is None, r.date or "", r.event_id))
            buckets: dict[tuple[str, Any], list[Row]] = {}
            for r in rows:
                for attr in ("country", "event_type", "sub_event_type"):
                    buckets.setdefault((attr, getattr(r, attr)), []).append(r)
            self.rows, self._dates, self._buckets = rows, [r.date or _UNDATED for r in rows], buckets
            self.totals = None
            self._by_id, self._stamps = by_id, stamps
            self._latest = max(stamps.values(), default="")
            self._fingerprint = mark

    def select(self, f: Filters) -> list[Row]:
        """The rows matching every filter, in order."""
        rows, dated = self.rows, f.date_from is not None or f.date_to is not None
        if dated:  # rows are in date order: a date range is a slice
            lo = bisect.bisect_left(self._dates, f.date_from or "")
            hi = bisect.bisect_right(self._dates, f.date_to) if f.date_to is not None else \
                bisect.bisect_left(self._dates, _UNDATED)  # fmt: skip
            rows = self.rows[lo:hi]
        wanted = [(a, v) for a, v in (("country", f.country), ("event_type", f.event_type),
                                      ("sub_event_type", f.sub_event_type)) if v is not None]  # fmt: skip
        if wanted:  # start from the smallest bucket (still in date order), unless the dates gave fewer
            smallest = min(wanted, key=lambda av: len(self._buckets.get(av, ())))
            bucket = self._buckets.get(smallest, [])
            if len(bucket) < len(rows):
                if dated:
                    lo_date, hi_date = f.date_from or "", f.date_to or "9999"
                    bucket = [r for r in bucket if r.date is not None and lo_date <= r.date <= hi_date]
                rows = bucket
            for attr, value in wanted:
                if rows is not bucket or (attr, value) != smallest:
                    rows = [r for r in rows if getattr(r, attr) == value]
        if f.min_confidence is not None:
            least = f.min_confidence
            rows = [r for r in rows if r.confidence is not None and r.confidence >= least]
        for box in (f.bbox, None if f.near_box is None else _lon_lat(f.near_box)):
            if box is not None:
                min_lon, min_lat, max_lon, max_lat = box
                rows = [r for r in rows if r.lat is not None and r.lon is not None
                        and min_lat <= r.lat <= max_lat and min_lon <= r.lon <= max_lon]  # fmt: skip
        if f.near is not None:
            near = f.near
            rows = [r for r in rows if _inside(near, r.lat, r.lon)]
        if f.actor is not None:
            needle = f.actor
            rows = [r for r in rows if needle in r.actors]
        for word in f.words:
            rows = [r for r in rows if word in r.text]
        return rows


_UNDATED = "\uffff"


def _lon_lat(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    min_lat, min_lon, max_lat, max_lon = box
    return min_lon, min_lat, max_lon, max_lat


def _inside(near: tuple[float, float, float], lat: float | None, lon: float | None) -> bool:
    lat0, lon0, km = near
    return lat is not None and lon is not None and distance_km(lat0, lon0, lat, lon) <= km


def _fingerprint(store: Store) -> object:
    """Something that changes whenever the database does (None: cannot tell; always reread)."""
    if isinstance(store, SqliteStore):
        marks: list[tuple[int, int]] = []
        for path in (store.path, Path(f"{store.path}-wal")):
            with contextlib.suppress(OSError):
                st = os.stat(path)
                marks.append((st.st_mtime_ns, st.st_size))
        return tuple(marks)
    return tuple(_sql(store, "SELECT COUNT(*), MAX(updated_at) FROM events")[0])


# --- reading -------------------------------------------------------------------------------------


class Reader:
    """Opens the database read-only for each request; checks it and loads :class:`Table` at start.

    ``refresh_every``: seconds between two looks at whether the database changed (a background
    thread brings the table up to date, so that no request waits for it; 0: look on each request)."""

    def __init__(self, db: str | None, *, refresh_every: float = 2.0) -> None:
        self.db = db
        self.table = Table()
        self.refresh_every = refresh_every
        self.refresh()
        self._stop = threading.Event()
        if refresh_every > 0:
            threading.Thread(target=self._follow, name="marsad-web-refresh", daemon=True).start()

    def refresh(self) -> None:
        with self.store() as store:
            self.table.refresh(store)

    def _follow(self) -> None:
        while not self._stop.wait(self.refresh_every):
            with contextlib.suppress(Exception):  # a database briefly unreadable: try again later
                self.refresh()

    def close(self) -> None:
        self._stop.set()

    @contextlib.contextmanager
    def store(self) -> Iterator[Store]:
        store = open_store(self.db, read_only=True)
        try:
            yield store
        finally:
            store.close()

    def _select(self, f: Filters) -> list[Row]:
        if self.refresh_every <= 0:
            self.refresh()
        return self.table.select(f)

    def count(self) -> int:
        return len(self.table.rows)

    def page(self, f: Filters, *, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """(how many match, the merged records of one page of them)."""
        rows = self._select(f)
        wanted = [r.event_id for r in rows[offset : offset + limit]]
        if not wanted:
            return len(rows), []
        with self.store() as store:
            found = _sql(store, f"SELECT event_id, data FROM events WHERE {_in(wanted)}", wanted)
            by_id = {str(i): _json(store, d) for i, d in found}
        return len(rows), [by_id[i] for i in wanted if i in by_id]

    def stats(self, f: Filters) -> dict[str, list[dict[str, Any]]]:
        """Events and fatalities by day, type, country and (the top 20) actor."""
        if f == Filters() and self.refresh_every > 0:
            totals = self.table.totals
            if totals is None:
                totals = self.table.totals = _stats(self.table.rows)
            return totals
        return _stats(self._select(f))

    def event(self, event_id: str) -> dict[str, Any] | None:
        """The merged record and every report behind it, with its article's id, outlet and date."""
        with self.store() as store:
            found = store.event(event_id)
            if found is None:
                return None
            ids = [r.record_id for r in found.reports]
            articles: dict[int, tuple[Any, ...]] = {}
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                for rid, aid, doc, outlet, published in _sql(
                    store, "SELECT r.id, a.id, a.doc_id, a.outlet, a.published FROM records r "
                    f"JOIN articles a ON a.id = r.article_id WHERE r.id IN ({', '.join('?' * len(part))})", part,
                ):  # fmt: skip
                    articles[int(rid)] = (int(aid), doc, outlet, None if published is None else str(published)[:10])
            reports = []
            for report in found.reports:
                aid, doc, outlet, published = articles.get(report.record_id, (None, None, None, report.published))
                reports.append({
                    "record_id": report.record_id, "article_id": aid,
                    "doc_id": doc if doc is not None else report.record.get("doc_id"),
                    "outlet": outlet if outlet is not None else report.record.get("outlet"),
                    "published": published, "reason": report.reason, "record": report.record,
                })  # fmt: skip
            return {"event": found.data, "reports": reports}

    def article(self, doc_id: str) -> tuple[Any, list[dict[str, Any]]] | None:
        """The stored article with this doc id and its current records (None: no such article)."""
        with self.store() as store:
            match = store.find_article(doc_id=doc_id, url=None, sha256=None)
            if match is None:
                return None
            return match.article, [r.data for r in store.records(article_id=match.article.id)]


def _stats(rows: list[Row]) -> dict[str, list[dict[str, Any]]]:
    """Events and fatalities by day (undated left out), type, country, and the top 20 actors.

    Rows come in date order, so days are runs; the rest adds up by :data:`GROUPS`. Counting and
    summing run over C iterators (groupby, map, sum, Counter)."""
    fatalities = attrgetter("fatalities")
    out: dict[str, list[dict[str, Any]]] = {}
    days: list[dict[str, Any]] = []
    for date, run in itertools.groupby(rows, attrgetter("date")):
        if date is not None:
            group = list(run)
            days.append({"date": date, "events": len(group), "fatalities": sum(map(fatalities, group))})
    out["by_day"] = days
    # the rest adds up by group (type, country, actors): count each, sum the fatalities of each
    # (one sort by an int and runs), then add the few thousand groups into types, countries, actors
    counts = Counter(map(attrgetter("group"), rows))
    dead: dict[int, int] = {}
    for number, run in itertools.groupby(sorted((r for r in rows if r.fatalities), key=attrgetter("group")),
                                         attrgetter("group")):  # fmt: skip
        dead[number] = sum(map(fatalities, run))
    keys = list(GROUPS)
    tables: tuple[dict[Any, list[int]], ...] = ({}, {}, {})
    for number, n in counts.items():
        kind, country, names = keys[number]
        k = dead.get(number, 0)
        for table, value in zip(tables, (kind, country), strict=False):
            cell = table.setdefault(value, [0, 0])
            cell[0] += n
            cell[1] += k
        for name in names:
            cell = tables[2].setdefault(name, [0, 0])
            cell[0] += n
            cell[1] += k
    for key, name, table in (("by_type", "event_type", tables[0]), ("by_country", "country", tables[1])):
        order = sorted(table, key=lambda v: (-table[v][0], str(v)))
        out[key] = [{name: v, "events": table[v][0], "fatalities": table[v][1]} for v in order]
    actors = tables[2]
    top = sorted(actors, key=lambda v: (-actors[v][0], v))[:TOP_ACTORS]
    out["by_actor"] = [{"actor": v, "events": actors[v][0], "fatalities": actors[v][1]} for v in top]
    return out


def _json(store: Store, value: Any) -> dict[str, Any]:
    out = store._json_out(value) if isinstance(store, SqlStore) else value
    return out if isinstance(out, dict) else {}
