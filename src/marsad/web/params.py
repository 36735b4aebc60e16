"""The query parameters of ``/api/events`` and ``/api/stats``, checked: a value that cannot be
used is a :class:`ParamError` naming the parameter, which the app answers with a 422 shaped like
FastAPI's own validation errors (``{"detail": [{"loc": ["query", NAME], "msg": ..., "type":
"value_error"}]}``)."""

from __future__ import annotations

import math

from marsad import query
from marsad.text.normalize import normalize
from marsad.web.data import Filters


class ParamError(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message

    def detail(self) -> list[dict[str, object]]:
        return [{"loc": ["query", self.name], "msg": self.message, "type": "value_error"}]


def _numbers(name: str, value: str, count: int, shape: str) -> list[float]:
    parts = [p.strip() for p in value.split(",")]
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) != count or not all(math.isfinite(n) for n in numbers):
        raise ParamError(name, f"expected {shape}, not {value!r}")
    return numbers


def _day(name: str, value: str | None) -> str | None:
    try:
        return query.iso_day(value, name)
    except ValueError:
        raise ParamError(name, f"invalid date {value!r} (expected YYYY-MM-DD)") from None


def filters(
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    country: str | None = None,
    event_type: str | None = None,
    actor: str | None = None,
    near: str | None = None,
    bbox: str | None = None,
    q: str | None = None,
    min_confidence: float | None = None,
) -> Filters:
    """:class:`Filters` from the raw parameters (``from``, ``to``, ``type`` ...); ParamError when one is bad."""
    start, end = _day("from", date_from), _day("to", date_to)
    code = kind = sub = None
    if country is not None and country.strip():
        try:
            code = query.resolve_country(country)
        except ValueError as exc:
            raise ParamError("country", str(exc).removeprefix("country: ")) from None
    if event_type is not None and event_type.strip():
        try:
            kind, sub = query.resolve_type(event_type)
        except ValueError as exc:
            raise ParamError("type", str(exc)) from None
    circle = box = None
    if near is not None:
        lat, lon, km = _numbers("near", near, 3, "lat,lon,km")
        try:
            query.check_near((lat, lon, km))
        except ValueError as exc:
            raise ParamError("near", str(exc).removeprefix("near: ")) from None
        circle = (lat, lon, km)
        box = query.bounding_box(circle)
    area = None
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = _numbers("bbox", bbox, 4, "min_lon,min_lat,max_lon,max_lat")
        if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
            raise ParamError("bbox", f"expected min_lon ≤ max_lon within ±180 and min_lat ≤ max_lat within ±90, "
                                     f"not {bbox!r}")  # fmt: skip
        area = (min_lon, min_lat, max_lon, max_lat)
    if min_confidence is not None and not (math.isfinite(min_confidence) and 0.0 <= min_confidence <= 1.0):
        raise ParamError("min_confidence", f"must be between 0 and 1, not {min_confidence!r}")
    needle = query.fold(actor) if actor is not None and actor.strip() else None
    words = tuple(dict.fromkeys(normalize(q).casefold().split())) if q is not None else ()
    return Filters(
        date_from=start, date_to=end, country=code, event_type=kind, sub_event_type=sub, actor=needle or None,
        near=circle, near_box=box, bbox=area, words=words, min_confidence=min_confidence,
    )  # fmt: skip
