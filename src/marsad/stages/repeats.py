"""One record per event, place and day: repeats of one event that the article tells in other words
fold into the record the decider trusts most.

The merge stage joins candidates of the same sub-type; an article also retells an event with
another word for it ("القصف" for the air strikes of its lead, "المعارك" for a clash it reported
as a takeover). ACLED's unit is an event type at a place on a day, so two candidates of one event
type, at one place, on one day, by the same perpetrator (in a battle: the same two sides), are
one event: the more confident record stays, with the sources of both. Another perpetrator, or one
named where the other is not, keeps them apart (the regime's shelling and the rebels' shelling of
one town are two events).

:func:`fold_plan` works on plain keys so that the pipeline (over :class:`~marsad.models.Event`)
and the decider's training script (over record dicts) fold exactly alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from marsad.models import Event
from marsad.stages.notes import make_note
from marsad.text.normalize import normalize


@dataclass(frozen=True)
class RepeatKey:
    """What decides whether two records of one article tell one event."""

    where: tuple[str, str, str]  # event type, place, day
    actor1: str | None  # None: no perpetrator at all
    sides: frozenset[str]  # both sides' names, for battles
    battle: bool


def _place(name_ar: str | None, geonameid: int | None) -> str:
    if geonameid is not None:
        return f"g{geonameid}"
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in normalize(name_ar or "").split()]
    return " ".join(words)


def key_of(event_type: str, place_ar: str | None, geonameid: int | None, day: str | None,
           actor1: str | None, actor2: str | None) -> RepeatKey:
    sides = frozenset(x for x in (actor1, actor2) if x)
    return RepeatKey((event_type, _place(place_ar, geonameid), day or ""), actor1, sides, event_type == "Battles")


def event_key(e: Event) -> RepeatKey:
    return key_of(e.event_type, e.location.name_ar, e.location.geonameid,
                  e.event_date.isoformat() if e.event_date else None,
                  e.actor1.name if e.actor1 else None, e.actor2.name if e.actor2 else None)


def record_key(r: dict[str, object]) -> RepeatKey:
    """The key of a record as ``Event.to_dict()`` writes it."""
    loc = r.get("location") or {}
    a1 = r.get("actor1") or {}
    a2 = r.get("actor2") or {}
    assert isinstance(loc, dict) and isinstance(a1, dict) and isinstance(a2, dict)
    return key_of(str(r["event_type"]), loc.get("name_ar"), loc.get("geonameid"),
                  r.get("event_date") if isinstance(r.get("event_date"), str) else None,  # type: ignore[arg-type]
                  a1.get("name"), a2.get("name"))


def _agree(a: RepeatKey, b: RepeatKey) -> bool:
    if a.actor1 is None or b.actor1 is None:
        return a.actor1 is None and b.actor1 is None
    if a.battle:
        return a.actor1 in b.sides or b.actor1 in a.sides
    return a.actor1 == b.actor1


def fold_plan(keys: Sequence[RepeatKey], confidence: Sequence[float]) -> list[int]:
    """For each record, the index of the record it folds into (itself when it stays). Records are
    taken most confident first; each joins the first kept record with its key whose perpetrator
    agrees, else stays."""
    order = sorted(range(len(keys)), key=lambda i: (-confidence[i], i))
    kept: dict[tuple[str, str, str], list[int]] = {}
    into = list(range(len(keys)))
    for i in order:
        group = kept.setdefault(keys[i].where, [])
        j = next((j for j in group if _agree(keys[j], keys[i])), None)
        if j is None:
            group.append(i)
        else:
            into[i] = j
    return into


def fold_repeats(events: Sequence[Event]) -> list[Event]:
    """The article's records with repeats folded into the most confident telling, in text order."""
    into = fold_plan([event_key(e) for e in events], [e.confidence for e in events])
    extra: dict[int, list[Event]] = {}
    for i, j in enumerate(into):
        if i != j:
            extra.setdefault(j, []).append(events[i])
    out: list[Event] = []
    for i, e in enumerate(events):
        if into[i] != i:
            continue
        if i in extra:
            sources = list(e.sources)
            for s in (s for x in extra[i] for s in x.sources):
                if s.name_ar not in {y.name_ar for y in sources}:
                    sources.append(s)
            tags = tuple(sorted(set(e.tags).union(*(x.tags for x in extra[i]))))
            e = replace(e, sources=tuple(sources), tags=tags)
            e = replace(e, notes=make_note(e))
        out.append(e)
    return share_attribution(out)


def _retold(a: Event, b: Event) -> bool:
    """Two records of one article tell one event in other places' words: the same sub-type, the
    same sides and the same exact toll (a lead's "قتل 7 مسلحين ... في محافظه البيضاء" and the body's
    "وافاد سكان بان المعارك في مدينه رداع خلفت 7 قتلي")."""
    fa, fb = a.fatalities, b.fatalities
    return (a.sub_event_type == b.sub_event_type and fa.best is not None and fa.best > 0
            and not fa.approximate and fa.best == fb.best and not fb.approximate
            and (a.actor1.name if a.actor1 else None) == (b.actor1.name if b.actor1 else None)
            and (a.actor2.name if a.actor2 else None) == (b.actor2.name if b.actor2 else None))


def share_attribution(events: Sequence[Event]) -> list[Event]:
    """A record the article tells without attribution takes the sources of another telling of the
    same event that names them: news states the event in its lead and attributes it further down
    ("وقالت مصادر محليه ان ..."). Both records stay (their places or days may differ)."""
    out = list(events)
    for i, e in enumerate(out):
        if e.sources:
            continue
        told = next((x for x in events if x is not e and x.sources and _retold(e, x)), None)
        if told is not None:
            attributed = replace(e, sources=told.sources)
            out[i] = replace(attributed, notes=make_note(attributed))
    return out
