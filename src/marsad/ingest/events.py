"""Events across articles: each new record joins a stored event or starts one.

The decision is :func:`marsad.merge.join_reason` (same sub-event family, same place or within a
few km, dates within a day, compatible actors), and among several events that accept a record
:func:`marsad.merge.choose_event` picks its own (the closest); the merged record is
:meth:`marsad.merge.MergedEvent.record`. The store supplies the candidate events: the reports of
the events of the record's country within the date window :func:`marsad.merge.candidate_keys`
gives. A record with no date or no country starts an event of its own. Set
:data:`MERGE_ACROSS_ARTICLES` to False to keep one event per record.

Stored records never change, so a :class:`ReportCache` keeps each one's parsed
:class:`marsad.merge.Report` for the run: a record read back as a candidate is decoded and
analysed once, not once per new record that might join it.
"""

from __future__ import annotations

from collections import OrderedDict

from marsad import merge, merge_rules
from marsad.storage import JsonObject, Store

#: Records of one event from several articles become one event (False: one event per record).
MERGE_ACROSS_ARTICLES = True


def _with_published(record: JsonObject, published: str | None) -> JsonObject:
    """The record as the merge reads it: with its article's publication date."""
    if published is None or record.get("published"):
        return record
    return {**record, "published": published}


class ReportCache:
    """Parsed reports by record id (the most recently used ``size``)."""

    def __init__(self, size: int = 50_000) -> None:
        self.size = size
        self._items: OrderedDict[int, merge.Report] = OrderedDict()

    def get(self, store: Store, wanted: list[tuple[int, str, str | None]]) -> dict[int, merge.Report]:
        """Reports for (record id, reason, published) triples; the reason is the stored one."""
        missing = [rid for rid, _, _ in wanted if rid not in self._items]
        data = store.record_data(missing) if missing else {}
        out: dict[int, merge.Report] = {}
        for rid, reason, published in wanted:
            report = self._items.get(rid)
            if report is None:
                report = merge.Report(_with_published(data[rid], published), reason)
                self.put(rid, report)
            else:
                self._items.move_to_end(rid)
            out[rid] = report if report.reason == reason else merge.Report(report.record, reason)
        return out

    def clear(self) -> None:
        """Forget everything (after a rolled-back transaction: its record ids may be reused)."""
        self._items.clear()

    def put(self, record_id: int, report: merge.Report) -> None:
        self._items[record_id] = report
        while len(self._items) > self.size:
            self._items.popitem(last=False)


def assign_event(
    store: Store, record_id: int, record: JsonObject, published: str | None, cache: ReportCache | None = None
) -> bool:
    """Attach a stored record to the stored event it joins (True; :func:`marsad.merge.choose_event`
    picks among several), else to a new event (False). Runs inside the caller's transaction."""
    cache = cache or ReportCache()
    rec = _with_published(record, published)
    if MERGE_ACROSS_ARTICLES:
        rec_facts = merge_rules.facts(rec)  # read once, tried against every nearby event
        days = sorted(d for _, d in merge.candidate_keys(rec_facts) if d)
        country = merge.nearby_key(rec_facts)[0] or None
        if days and country:
            rows = store.nearby_reports(country=country, date_from=days[0], date_to=days[-1])
            reports = cache.get(store, [(rid, reason, pub) for _, rid, reason, pub in rows])
            grouped: dict[str, list[merge.Report]] = {}
            for event_id, rid, _, _ in rows:
                grouped.setdefault(event_id, []).append(reports[rid])
            events = [merge.MergedEvent(event_id=e, reports=list(reps)) for e, reps in grouped.items()]
            hit = merge.choose_event(events, rec_facts)
            if hit is not None:
                merged, reason = events[hit[0]], hit[1]
                merged.add(rec, reason)
                store.save_event(merged.event_id, merged.record(), [(record_id, reason)])
                cache.put(record_id, merged.reports[-1])
                return True
    event_id = _free_id(store, merge.merged_id(rec))
    fresh = merge.MergedEvent(event_id=event_id, reports=[merge.Report(rec, merge.FIRST)])
    store.save_event(event_id, fresh.record(), [(record_id, merge.FIRST)])
    cache.put(record_id, fresh.reports[0])
    return False


def _free_id(store: Store, event_id: str) -> str:
    """``event_id``, or with a suffix when an event already has it (a re-extracted article)."""
    candidate, n = event_id, 1
    while store.has_event(candidate):
        n += 1
        candidate = f"{event_id}-{n}"
    return candidate


def rebuild_event(store: Store, event_id: str) -> None:
    """Recompute an event's merged record from the reports it has left; delete it when none."""
    event = store.event(event_id)
    if event is None:
        return
    if not event.reports:
        store.delete_event(event_id)
        return
    reports = [merge.Report(_with_published(r.record, r.published), r.reason) for r in event.reports]
    store.save_event(event_id, merge.MergedEvent(event_id=event_id, reports=reports).record(), [])
