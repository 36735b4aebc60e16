"""What the HTTP API reads from a store: filtered pages of events, statistics, articles.

The store is opened read-only for each request (a new SQLite connection costs well under a
millisecond; :class:`Reader` does it). What the database indexes (dates, country, type,
confidence, a bounding box) is asked of it in SQL, counted and paged there; what it cannot index
(an actor's name or free text, compared after marsad's Arabic normalization, and the exact
distance of ``near``) is checked against :class:`SearchIndex`, an in-memory table of every
event's folded words, built at start and brought up to date (only the events that changed) when
the database changes. No fastapi here.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.query import distance_km, fold
from marsad.storage import Store, StoreError, open_store
from marsad.storage.sql import SqlStore
from marsad.storage.sqlite import SqliteStore

_BY_DATE = "ORDER BY event_date IS NULL, event_date, event_id"
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

    @property
    def in_python(self) -> bool:
        return self.actor is not None or self.near is not None or bool(self.words)


def _sql(store: Store, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    if not isinstance(store, SqlStore):  # pragma: no cover - every back end is an SqlStore
        raise StoreError(f"{store.url}: this store cannot be served")
    return list(store._execute(sql, params).fetchall())


def _in(ids: Sequence[Any], column: str = "event_id") -> str:
    return f"{column} IN ({', '.join('?' * len(ids))})"


def _where(f: Filters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column, op, value in (
        ("event_date", ">=", f.date_from), ("event_date", "<=", f.date_to), ("country", "=", f.country),
        ("event_type", "=", f.event_type), ("sub_event_type", "=", f.sub_event_type),
        ("confidence", ">=", f.min_confidence),
    ):  # fmt: skip
        if value is not None:
            clauses.append(f"{column} {op} ?")
            params.append(value)
    if f.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        clauses.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
        params += [min_lat, max_lat, min_lon, max_lon]
    if f.near_box is not None:
        min_lat, min_lon, max_lat, max_lon = f.near_box
        clauses.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
        params += [min_lat, max_lat, min_lon, max_lon]
    return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), params


# --- the search index ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    actors: str  # folded names of every actor, one per line
    text: str  # folded evidence, notes, place, actors, sources, outlets
    names: tuple[str, ...]  # actor1's and actor2's display names (for /api/stats)


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


def entry(data: dict[str, Any]) -> Entry:
    """An event's row in the search index."""
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
    names = tuple(
        str(_obj(data.get(k)).get("name") or _obj(data.get(k)).get("name_ar"))
        for k in ("actor1", "actor2")
        if _obj(data.get(k)).get("name") or _obj(data.get(k)).get("name_ar")
    )
    return Entry("\n".join(fold(n) for n in actor_names), "\n".join(fold(t) for t in texts if t), names)


class SearchIndex:
    """Every event's folded words, by event id; :meth:`refresh` follows the database."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self._stamps: dict[str, str] = {}
        self._latest = ""
        self._fingerprint: object = None
        self._lock = threading.Lock()

    def refresh(self, store: Store) -> None:
        """Bring the index up to date: reread only the events added or updated since, drop deleted ones."""
        mark = _fingerprint(store)
        if mark is not None and mark == self._fingerprint:
            return
        with self._lock:
            if mark is not None and mark == self._fingerprint:
                return
            rows = _sql(store, "SELECT event_id, updated_at FROM events")
            stamps = {str(i): str(u) for i, u in rows}
            changed = [i for i, u in stamps.items() if self._stamps.get(i) != u or u >= self._latest]
            entries = {i: e for i, e in self.entries.items() if i in stamps}
            for start in range(0, len(changed), 500):
                part = changed[start : start + 500]
                for event_id, data in _sql(store, f"SELECT event_id, data FROM events WHERE {_in(part)}", part):
                    entries[str(event_id)] = entry(store._json_out(data) if isinstance(store, SqlStore) else data)
            self.entries, self._stamps = entries, stamps
            self._latest = max(stamps.values(), default="")
            self._fingerprint = mark

    def matches(self, event_id: str, f: Filters) -> bool:
        e = self.entries.get(event_id)
        if e is None:
            return False
        if f.actor is not None and f.actor not in e.actors:
            return False
        return all(word in e.text for word in f.words)


def _inside(near: tuple[float, float, float], lat: Any, lon: Any) -> bool:
    lat0, lon0, km = near
    return lat is not None and lon is not None and distance_km(lat0, lon0, float(lat), float(lon)) <= km


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
    """Opens the database read-only for each request; checks it (and builds the index) at start."""

    def __init__(self, db: str | None) -> None:
        self.db = db
        self.index = SearchIndex()
        with self.store() as store:
            self.index.refresh(store)

    @contextlib.contextmanager
    def store(self) -> Iterator[Store]:
        store = open_store(self.db, read_only=True)
        try:
            yield store
        finally:
            store.close()

    def count(self) -> int:
        with self.store() as store:
            return int(_sql(store, "SELECT COUNT(*) FROM events")[0][0])

    def _matching(self, store: Store, f: Filters) -> list[tuple[str, Any, Any]]:
        """(event_id, event_date, fatalities) of every event matching ``f``, by date then id."""
        where, params = _where(f)
        rows = _sql(store, f"SELECT event_id, event_date, fatalities, lat, lon FROM events{where} {_BY_DATE}", params)
        if not f.in_python:
            return [(str(r[0]), r[1], r[2]) for r in rows]
        self.index.refresh(store)
        out: list[tuple[str, Any, Any]] = []
        for event_id, date, fatalities, lat, lon in rows:
            if f.near is not None and not _inside(f.near, lat, lon):
                continue
            if (f.actor is not None or f.words) and not self.index.matches(str(event_id), f):
                continue
            out.append((str(event_id), date, fatalities))
        return out

    def page(self, f: Filters, *, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """(how many match, the merged records of one page of them)."""
        with self.store() as store:
            if not f.in_python:
                where, params = _where(f)
                total = int(_sql(store, f"SELECT COUNT(*) FROM events{where}", params)[0][0])
                rows = _sql(store, f"SELECT event_id, data FROM events{where} {_BY_DATE} LIMIT ? OFFSET ?",
                            [*params, limit, offset])  # fmt: skip
                return total, [_json(store, data) for _, data in rows]
            ids = [row[0] for row in self._matching(store, f)]
            wanted = ids[offset : offset + limit]
            if not wanted:
                return len(ids), []
            found = _sql(store, f"SELECT event_id, data FROM events WHERE {_in(wanted)}", wanted)
            by_id = {str(i): _json(store, d) for i, d in found}
            return len(ids), [by_id[i] for i in wanted if i in by_id]

    def stats(self, f: Filters) -> dict[str, list[dict[str, Any]]]:
        """Events and fatalities by day, type, country and (the top 20) actor."""
        with self.store() as store:
            self.index.refresh(store)
            if not f.in_python:
                where, params = _where(f)
                out = {key: _group(store, column, name, where, params) for key, name, column in _GROUPS}
                found = _sql(store, f"SELECT event_id, fatalities FROM events{where}", params)
                rows = [(str(i), fat) for i, fat in found]
            else:
                rows = [(i, fat) for i, _, fat in self._matching(store, f)]
                out = self._python_stats(store, f, {i for i, _ in rows})
            out["by_actor"] = self._actors(rows)
            return out

    def _python_stats(self, store: Store, f: Filters, ids: set[str]) -> dict[str, list[dict[str, Any]]]:
        where, params = _where(f)
        sums: dict[str, dict[Any, list[int]]] = {"by_day": {}, "by_type": {}, "by_country": {}}
        for event_id, date, kind, country, fatalities in _sql(
            store, f"SELECT event_id, event_date, event_type, country, fatalities FROM events{where}", params
        ):
            if str(event_id) not in ids:
                continue
            for key, value in (("by_day", date), ("by_type", kind), ("by_country", country)):
                if key == "by_day" and value is None:
                    continue
                cell = sums[key].setdefault(value, [0, 0])
                cell[0] += 1
                cell[1] += int(fatalities or 0)
        names = {"by_day": "date", "by_type": "event_type", "by_country": "country"}
        out: dict[str, list[dict[str, Any]]] = {}
        for key, cells in sums.items():
            order = sorted(cells, key=str) if key == "by_day" else sorted(cells, key=lambda v: (-cells[v][0], str(v)))
            out[key] = [{names[key]: None if v is None else str(v), "events": cells[v][0], "fatalities": cells[v][1]}
                        for v in order]  # fmt: skip
        return out

    def _actors(self, rows: list[tuple[str, Any]]) -> list[dict[str, Any]]:
        events: Counter[str] = Counter()
        deaths: Counter[str] = Counter()
        entries = self.index.entries
        for event_id, fatalities in rows:
            e = entries.get(event_id)
            if e is None:
                continue
            for name in set(e.names):
                events[name] += 1
                deaths[name] += int(fatalities or 0)
        return [{"actor": n, "events": c, "fatalities": deaths[n]} for n, c in events.most_common(TOP_ACTORS)]

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


_GROUPS = (("by_day", "date", "event_date"), ("by_type", "event_type", "event_type"),
           ("by_country", "country", "country"))


def _group(store: Store, column: str, name: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    """Events and fatalities by one column: by day in date order (undated left out), else the most first."""
    if column == "event_date":
        where = f"{where} AND event_date IS NOT NULL" if where else " WHERE event_date IS NOT NULL"
        order = "event_date"
    else:
        order = f"COUNT(*) DESC, {column}"
    rows = _sql(store, f"SELECT {column}, COUNT(*), SUM(fatalities) FROM events{where} GROUP BY {column} "
                f"ORDER BY {order}", params)  # fmt: skip
    return [{name: None if v is None else str(v), "events": int(n), "fatalities": int(k or 0)} for v, n, k in rows]


def _json(store: Store, value: Any) -> dict[str, Any]:
    out = store._json_out(value) if isinstance(store, SqlStore) else value
    return out if isinstance(out, dict) else {}
