"""Events across articles: each new record joins a stored event or starts one.

The decision is :func:`marsad.merge.join_reason` (same sub-event family, same place or within a
few km, dates within a day, compatible actors); the merged record is
:meth:`marsad.merge.MergedEvent.record`. The store supplies the candidate events: those of the
record's country within the date window :func:`marsad.merge.candidate_keys` gives. A record
with no date or no country starts an event of its own. Set :data:`MERGE_ACROSS_ARTICLES` to
False to keep one event per record.
"""

from __future__ import annotations

from marsad import merge
from marsad.storage import JsonObject, Store, StoredEvent

#: Records of one event from several articles become one event (False: one event per record).
MERGE_ACROSS_ARTICLES = True


def _with_published(record: JsonObject, published: str | None) -> JsonObject:
    """The record as the merge reads it: with its article's publication date."""
    if published is None or record.get("published"):
        return record
    return {**record, "published": published}


def _merged(event: StoredEvent) -> merge.MergedEvent:
    reports = [merge.Report(_with_published(r.record, r.published), r.reason) for r in event.reports]
    return merge.MergedEvent(event_id=event.event_id, reports=reports)


def assign_event(store: Store, record_id: int, record: JsonObject, published: str | None) -> bool:
    """Attach a stored record to the first stored event it joins (True), else to a new event
    (False). Runs inside the caller's transaction."""
    rec = _with_published(record, published)
    if MERGE_ACROSS_ARTICLES:
        days = sorted(d for _, d in merge.candidate_keys(rec) if d)
        country = merge.nearby_key(rec)[0] or None
        if days and country:
            for event in store.candidate_events(country=country, date_from=days[0], date_to=days[-1], event_type=None):
                if not event.reports:
                    continue
                merged = _merged(event)
                reason = merge.join_reason(merged, rec)
                if reason is not None:
                    merged.add(rec, reason)
                    store.save_event(event.event_id, merged.record(), [(record_id, reason)])
                    return True
    event_id = _free_id(store, merge.merged_id(rec))
    fresh = merge.MergedEvent(event_id=event_id, reports=[merge.Report(rec, merge.FIRST)])
    store.save_event(event_id, fresh.record(), [(record_id, merge.FIRST)])
    return False


def _free_id(store: Store, event_id: str) -> str:
    """``event_id``, or with a suffix when an event already has it (a re-extracted article)."""
    candidate, n = event_id, 1
    while store.event(candidate) is not None:
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
    store.save_event(event_id, _merged(event).record(), [])
