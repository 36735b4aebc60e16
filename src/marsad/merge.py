"""Merging across articles: the records of one event told by several articles become one event.

A pure layer over event records as dicts (exactly what ``Event.to_dict()`` gives). Nothing
here reads files or a database: a store calls :func:`nearby_key` / :func:`candidate_keys` to
find the events a new record might belong to, :func:`join_reason` to decide, and
:meth:`MergedEvent.record` to write the merged record; :func:`merge_records` does all of it for
a batch. The pairwise rules live in ``marsad.merge_rules``; ``docs/merging.md`` explains them.

    >>> events = merge_records(records)          # records of many articles
    >>> [e.record() for e in events]             # one record per event, every report behind it
    >>> [(r.record["doc_id"], r.reason) for r in events[0].reports]

A record may carry a ``published`` key (the article's publication date, ISO): the store knows
it, ``Event.to_dict()`` does not. It decides which report's toll is the latest.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.merge_rules import DATE_WINDOW, SAME_RECORD, Facts, facts, has_figure, pair_match, specificity

FIRST = "first report"
CONFIDENCE_CAP = 0.99  # corroboration never makes a record certain


@dataclass
class Report:
    """One record of one article joined to an event, and why it joined."""

    record: dict[str, Any]
    reason: str  # "first report", or what matched the event's first report
    facts: Facts = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.facts = facts(self.record)


@dataclass
class MergedEvent:
    """One event and every report of it, in the order they joined."""

    event_id: str  # stable: "m-" + the first report's event_id
    reports: list[Report]

    @classmethod
    def start(cls, record: dict[str, Any]) -> MergedEvent:
        """A new event whose first report is ``record``."""
        return cls(event_id=merged_id(record), reports=[Report(record, FIRST)])

    def add(self, record: dict[str, Any], reason: str) -> None:
        self.reports.append(Report(record, reason))

    def record(self) -> dict[str, Any]:
        """One event-schema record for the whole event (docs/merging.md, "The merged record").

        Type and sub-type from the most specific report; the place of the most precise; the
        date: the earliest day among the reports with the finest time precision (an article
        that gives no day falls back to its publication date, which is never earlier than the
        event); actor1 from the first report that names it; every source, outlet and evidence
        span; fatalities and injured reconciled (:func:`reconcile`); confidence combined as
        1 - prod(1 - p) over outlets (the best report of each), capped at 0.99."""
        reps = self.reports
        first = reps[0].record
        kind = max(enumerate(reps), key=lambda ir: _type_rank(ir[0], ir[1], reps))[1].record
        place = min(enumerate(reps), key=lambda ir: _place_rank(ir[0], ir[1]))[1].record
        when = _date_report(reps).record
        actor = next((r for r in reps if r.facts.actor1 is not None), reps[0]).record
        target = actor if actor.get("actor2") else next((r.record for r in reps if r.record.get("actor2")), actor)
        published = [r.facts.published for r in reps]
        out: dict[str, Any] = {
            "event_id": self.event_id,
            "doc_id": first.get("doc_id"),
            "event_date": when.get("event_date"),
            "time_precision": when.get("time_precision", 1),
            "event_type": kind.get("event_type"),
            "sub_event_type": kind.get("sub_event_type"),
            "actor1": actor.get("actor1"),
            "actor1_inferred": bool(actor.get("actor1_inferred")),
            "assoc_actor_1": _union([r.record.get("assoc_actor_1") or [] for r in reps], _actor_key),
            "actor2": target.get("actor2"),
            "assoc_actor_2": _union([r.record.get("assoc_actor_2") or [] for r in reps], _actor_key),
            "civilian_targeting": any(bool(r.record.get("civilian_targeting")) for r in reps),
            "location": place.get("location"),
            "fatalities": reconcile([r.record.get("fatalities") for r in reps], published),
            "injured": reconcile([r.record.get("injured") for r in reps], published),
            "quantities": _union([r.record.get("quantities") or [] for r in reps],
                                 lambda q: (q.get("what"), q.get("best"))),
            "sources": _union([r.record.get("sources") or [] for r in reps],
                              lambda s: s.get("name") or s.get("name_ar")),
            "outlet": first.get("outlet"),
            "evidence": first.get("evidence"),
            "notes": kind.get("notes", ""),
            "confidence": combined_confidence(reps),
            "tags": list(dict.fromkeys(t for r in reps for t in r.record.get("tags") or [])),
            "outlets": list(dict.fromkeys(str(r.record["outlet"]) for r in reps if r.record.get("outlet"))),
            "evidence_all": _evidence_all(reps),
            "reports": len(reps),
            "doc_ids": list(dict.fromkeys(str(r.record.get("doc_id")) for r in reps)),
        }
        return out


def merged_id(record: dict[str, Any]) -> str:
    return f"m-{record.get('event_id')}"


def join_reason(event: MergedEvent, record: dict[str, Any] | Facts) -> str | None:
    """Why ``record`` tells the same event as ``event``, or None when it does not.

    The record must agree with every report already in the event (so that an event never
    drifts: a report 4 km east of the first and another 4 km west of it do not both join); the
    reason says what matched the event's first report. ``record`` may be given as its
    :func:`~marsad.merge_rules.facts`, read once when it is tried against many events."""
    found = _join_match(event, _facts_of(record))
    return None if found is None else found[0]


def _join_match(event: MergedEvent, f: Facts) -> tuple[str, int] | None:
    """The reason (what matched the event's first report) and the closeness of the event's
    closest report (:func:`~marsad.merge_rules.pair_match`), or None when a report disagrees."""
    if any(f.event_id and f.event_id == r.facts.event_id for r in event.reports):
        return f"same record (event_id {f.event_id})", SAME_RECORD
    found: list[tuple[str, int]] = []
    for r in event.reports:
        match = pair_match(f, r.facts)
        if match is None:
            return None
        found.append(match)
    return found[0][0], max(closeness for _, closeness in found)


def choose_event(events: Sequence[MergedEvent], record: dict[str, Any] | Facts) -> tuple[int, str] | None:
    """The event among ``events`` that ``record`` joins (its index and the reason), or None.

    A precisely placed record joins the closest event that accepts it (the most of sub-type,
    place, day, actors and toll matching exactly; ties go to the earliest in ``events``): two
    reports of one day in one district, a bombing in a village and a raid placed only in the
    district, each find their own. A country- or governorate-level record joins an event that
    already has a report at the same coarse place, else the only event that accepts it; when
    several precise events accept it, it is probably their sum and stays on its own."""
    f = _facts_of(record)
    hits: list[tuple[int, str, int]] = []
    for i, event in enumerate(events):
        found = _join_match(event, f)
        if found is None:
            continue
        if found[1] >= SAME_RECORD:
            return i, found[0]
        hits.append((i, *found))
    if not hits:
        return None
    if not f.coarse:
        i, reason, _ = max(hits, key=lambda h: (h[2], -h[0]))
        return i, reason
    same = [h for h in hits if any(r.facts.coarse and _same_place(r.facts, f) for r in events[h[0]].reports)]
    if same:
        return same[0][0], same[0][1]
    return (hits[0][0], hits[0][1]) if len(hits) == 1 else None


def _facts_of(record: dict[str, Any] | Facts) -> Facts:
    return record if isinstance(record, Facts) else facts(record)


def nearby_key(record: dict[str, Any] | Facts) -> tuple[str, str | None]:
    """The bucket a store files a record (and its event) under: (ISO country, event day).

    Country "" when unknown; day None when the record has no date. Two records can only join
    when one's :func:`candidate_keys` include the other's key, or (records with no date) when
    :func:`place_keys` share a key."""
    f = _facts_of(record)
    return f.country, f.day.isoformat() if f.day else None


def candidate_keys(record: dict[str, Any] | Facts) -> list[tuple[str, str | None]]:
    """The buckets where the events a record might join are filed: its country on its day and
    the day before and after (a week or a month either side when the date is only that precise).
    A record with no date gives none: look its events up by :func:`place_keys`."""
    f = _facts_of(record)
    return [(f.country, d.isoformat()) for d in _window(f)]


def place_keys(record: dict[str, Any]) -> list[tuple[str, str]]:
    """Exact-place keys ((country, "gid:<geonameid>") and (country, "name:<normalized name>")):
    how a record with no date finds its event, and how an event with no date is found."""
    return _place_keys(facts(record))


def merge_records(records: Iterable[dict[str, Any]]) -> list[MergedEvent]:
    """Batch: every record placed into an existing event or a new one, in input order.

    A record joins the event :func:`choose_event` picks among those that :func:`join_reason`
    accepts (the closest; for a coarsely placed record, the rule given there), looked up in an
    index rather than among all events: events are filed by country,
    event type and day, and within those by 0.1-degree cell and by exact-place key, so a precise
    record only looks at events in its own and the neighbouring cells, at the same place, or
    placed only coarsely; the work per record does not grow with the corpus. Deterministic."""
    events: list[MergedEvent] = []
    index = _Index()
    for record in records:
        report = Report(record, FIRST)
        hit = _find(events, report.facts, index)
        if hit is None:
            events.append(MergedEvent(merged_id(record), [report]))
            i = len(events) - 1
        else:
            i, report.reason = hit
            events[i].reports.append(report)
        index.file(i, report.facts)
    return events


_CELL = 0.1  # degrees: about 11 km, more than PLACE_KM, so a cell and its neighbours cover 5 km


class _Index:
    """Where merge_records looks for the events a record may join (see its docstring)."""

    def __init__(self) -> None:
        self.all: dict[tuple[Any, ...], list[int]] = {}  # (country, type, day): every event
        self.fine: dict[tuple[Any, ...], list[int]] = {}  # (country, type, day, cell or place key)
        self.coarse: dict[tuple[Any, ...], list[int]] = {}  # (country, type, day): coarsely placed
        self.by_place: dict[tuple[str, str], list[int]] = {}  # every event, for records with no date
        self.undated: dict[tuple[str, str], list[int]] = {}  # events with a report that has no date

    @staticmethod
    def _put(table: dict[Any, list[int]], key: Any, i: int) -> None:
        bucket = table.setdefault(key, [])
        if not bucket or bucket[-1] != i:  # repeats are harmless: candidates go through a set
            bucket.append(i)

    def file(self, i: int, f: Facts) -> None:
        places = _place_keys(f)
        for k in places:
            self._put(self.by_place, k, i)
            if f.day is None:
                self._put(self.undated, k, i)
        if f.day is None:
            return
        base = (f.country, f.event_type, f.day)
        self._put(self.all, base, i)
        if f.coarse:
            self._put(self.coarse, base, i)
        cell = _cell(f)
        if cell is not None:
            self._put(self.fine, (*base, cell), i)
        for k in places:
            self._put(self.fine, (*base, k), i)

    def candidates(self, f: Facts) -> set[int]:
        found: set[int] = set()
        places = _place_keys(f)
        if f.day is None:
            for k in places:
                found.update(self.by_place.get(k, ()))
            return found
        for k in places:
            found.update(self.undated.get(k, ()))
        cell = _cell(f)
        for d in _window(f):
            base = (f.country, f.event_type, d)
            if f.coarse:
                found.update(self.all.get(base, ()))
                continue
            found.update(self.coarse.get(base, ()))
            for k in places:
                found.update(self.fine.get((*base, k), ()))
            if cell is not None:
                x, y = cell
                for dx in (-1, 0, 1):
                    for dy in (-1, 0, 1):
                        found.update(self.fine.get((*base, (x + dx, y + dy)), ()))
        return found


def _cell(f: Facts) -> tuple[int, int] | None:
    if f.lat is None or f.lon is None:
        return None
    return int(f.lat // _CELL), int(f.lon // _CELL)


def _find(events: list[MergedEvent], f: Facts, index: _Index) -> tuple[int, str] | None:
    candidates = sorted(index.candidates(f))
    hit = choose_event([events[i] for i in candidates], f)
    return None if hit is None else (candidates[hit[0]], hit[1])


def _window(f: Facts) -> list[dt.date]:
    if f.day is None:
        return []
    span = DATE_WINDOW.get(f.time_precision, 31)
    return [f.day + dt.timedelta(days=k) for k in range(-span, span + 1)]


def _place_keys(f: Facts) -> list[tuple[str, str]]:
    keys = [(f.country, f"gid:{f.geonameid}")] if f.geonameid is not None else []
    if f.place:
        keys.append((f.country, f"name:{f.place}"))
    return keys


def _same_place(a: Facts, b: Facts) -> bool:
    return (a.geonameid is not None and a.geonameid == b.geonameid) or (bool(a.place) and a.place == b.place)


# --- the merged record ------------------------------------------------------------------------


def _type_rank(i: int, r: Report, reps: list[Report]) -> tuple[int, int, int, int]:
    same = sum(1 for x in reps if x.facts.sub_event_type == r.facts.sub_event_type)
    return specificity(r.facts), r.facts.weapon is not None, same, -i


def _place_rank(i: int, r: Report) -> tuple[int, int, int, int, int]:
    loc = r.record.get("location") or {}
    return (r.facts.coarse, int(loc.get("geo_precision") or 1), loc.get("geonameid") is None,
            not loc.get("sub_location_ar"), i)


def _date_report(reps: list[Report]) -> Report:
    dated = [r for r in reps if r.facts.day is not None]
    if not dated:
        return reps[0]
    return min(dated, key=lambda r: (r.facts.time_precision, r.facts.day))


def _actor_key(a: dict[str, Any]) -> Any:
    return a.get("name")


def _union(lists: list[list[dict[str, Any]]], key: Any) -> list[dict[str, Any]]:
    seen: set[Any] = set()
    out: list[dict[str, Any]] = []
    for items in lists:
        for x in items:
            k = key(x)
            if k not in seen:
                seen.add(k)
                out.append(x)
    return out


def _evidence_all(reps: list[Report]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for r in reps:
        ev = r.record.get("evidence") or {}
        k = (r.record.get("doc_id"), ev.get("start"), ev.get("end"))
        if k not in seen:
            seen.add(k)
            out.append({"doc_id": r.record.get("doc_id"), "text": ev.get("text"),
                        "start": ev.get("start"), "end": ev.get("end")})
    return out


def combined_confidence(reps: list[Report]) -> float:
    """1 - prod(1 - p) over outlets, each outlet counted once with its best report (outlets that
    reprint one wire story are not independent witnesses), capped at 0.99 — never below the best
    report's own confidence (one report the decider gave 0.991 keeps it)."""
    best: dict[str, float] = {}
    for r in reps:
        who = str(r.record.get("outlet") or r.record.get("doc_id"))
        p = float(r.record.get("confidence") or 0.0)
        best[who] = max(best.get(who, 0.0), min(max(p, 0.0), 1.0))
    miss = 1.0
    for p in best.values():
        miss *= 1.0 - p
    return round(max(min(CONFIDENCE_CAP, 1.0 - miss), max(best.values(), default=0.0)), 3)


# --- tolls ------------------------------------------------------------------------------------

_EXACT, _FIGURE, _VAGUE = 3, 2, 1


def _grade(c: dict[str, Any]) -> int:
    """3 exact figure, 2 approximate figure ("أكثر من 20"), 1 vague word ("عشرات", "سقوط قتلى"),
    0 says nothing: no toll word, an unknown number, or a place's zero share of a group's toll."""
    if not c.get("text") or c.get("best") is None:
        return 0
    if c.get("approximate") and c.get("best") == 0:
        return 0
    if not c.get("approximate"):
        return _EXACT
    return _FIGURE if has_figure(c.get("text")) else _VAGUE


def _credible(pool: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, dict[str, Any]]]:
    """The reports whose figure is credible as the event's toll.

    One event's toll rises as the wounded die and the missing are found; a report below a figure
    that two or more reports agree on is a partial count or a passing mention (an article days
    later recalling the attack while it reports on the inquiry, and counting only the man it
    names) unless another report agrees with it. Where no two reports agree, every one stands, so
    that a single correction downward is still the latest word."""
    support = collections.Counter(int(c["best"]) for _, c in pool if not c.get("approximate"))
    agreed = [value for value, n in support.items() if n >= 2]
    if not agreed:
        return pool
    floor = max(agreed)

    def stands(c: dict[str, Any]) -> bool:
        if c.get("approximate"):  # a range stands when it reaches the agreed figure ("أكثر من 10" and 15)
            return c.get("high") is None or int(c["high"]) >= floor
        return int(c["best"]) >= floor or support[int(c["best"])] >= 2

    return [(i, c) for i, c in pool if stands(c)]


def reconcile(counts: list[dict[str, Any] | None], published: list[dt.date | None]) -> dict[str, Any] | None:
    """One toll from the reports' tolls (fatalities or injured).

    Only the best grade present counts: figures (exact or approximate) over vague words, vague
    words over silence; among figures, only the credible ones (:func:`_credible`: none below a
    figure two reports agree on, unless it is agreed on too). ``best``: the latest report
    (publication date; a report without one counts as the earliest), ties going to the higher
    exact figure; an approximate latest figure that an exact report fits ("أكثر من 20" after "23")
    gives way to it. ``low``: the smallest lower bound; ``high``: the largest stated figure, or
    None when a report's open lower bound ("أكثر من 30") goes beyond every closed figure."""
    graded = [(i, c, _grade(c)) for i, c in enumerate(counts) if c is not None]
    if not graded:
        return None
    top = max(g for _, _, g in graded)
    if top == 0:
        return dict(graded[0][1])
    pool = _credible([(i, c) for i, c, g in graded if (g >= _FIGURE if top >= _FIGURE else g == top)])
    never = dt.date.min

    def latest(item: tuple[int, dict[str, Any]]) -> tuple[dt.date, bool, int]:
        i, c = item
        return published[i] or never, not c.get("approximate"), int(c.get("best") or 0)

    _, chosen = max(pool, key=latest)
    if chosen.get("approximate"):
        lo, hi = chosen.get("low") or 0, chosen.get("high")
        fits = [x for x in pool if not x[1].get("approximate") and lo <= int(x[1]["best"]) <= (hi or 10**12)]
        if fits:
            _, chosen = max(fits, key=latest)
    lows = [int(c["low"]) if c.get("low") is not None else 0 for _, c in pool]
    closed = [int(c["high"]) for _, c in pool if c.get("high") is not None]
    opened = [int(c["low"] if c.get("low") is not None else c["best"]) for _, c in pool if c.get("high") is None]
    high: int | None = max(closed) if closed else None
    if high is not None and opened and max(opened) > high:
        high = None
    return {"best": chosen.get("best"), "low": min(lows), "high": high,
            "approximate": bool(chosen.get("approximate")), "text": chosen.get("text")}
