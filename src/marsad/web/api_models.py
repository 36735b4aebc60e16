"""The shapes of the HTTP API's answers and of ``POST /api/extract``'s body, for the OpenAPI schema
(``/openapi.json``, ``/docs``). A record is the event schema's JSON object, as ``marsad extract``
prints it (a stored event: the merged record)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

Record = dict[str, Any]


class EventsPage(BaseModel):
    total: int = Field(description="events matching the filters")
    offset: int
    limit: int
    events: list[Record]


class FeatureCollection(BaseModel):
    """``format=geojson``: RFC 7946, the properties of ``marsad export --format geojson``; events
    without coordinates are features with a null geometry, so that a page has ``limit`` features."""

    type: Literal["FeatureCollection"]
    features: list[dict[str, Any]]
    total: int
    offset: int
    limit: int


class ReportOut(BaseModel):
    record_id: int
    article_id: int | None
    doc_id: str | None
    outlet: str | None
    published: str | None
    reason: str
    record: Record


class EventDetail(BaseModel):
    event: Record
    reports: list[ReportOut]


class SpanOut(BaseModel):
    record_id: str | None
    field: Literal["evidence", "location", "actor1", "actor2", "fatalities", "injured", "date", "source"]
    start: int = Field(description="offset into full_text")
    end: int
    text: str


class ArticleOut(BaseModel):
    doc_id: str
    title: str | None
    text: str
    url: str | None
    outlet: str | None
    published: str | None
    full_text: str = Field(description='title + "\\n\\n" + text (the text alone when untitled): what offsets refer to')
    records: list[Record]
    spans: list[SpanOut]


class Count(BaseModel):
    events: int
    fatalities: int


class DayCount(Count):
    date: str


class TypeCount(Count):
    event_type: str | None


class CountryCount(Count):
    country: str | None


class ActorCount(Count):
    actor: str


class Stats(BaseModel):
    by_day: list[DayCount]
    by_type: list[TypeCount]
    by_country: list[CountryCount]
    by_actor: list[ActorCount] = Field(description="the 20 actors (actor1 or actor2) in most events")


class ExtractIn(BaseModel):
    text: str = Field(description="the article's text (Arabic)")
    title: str | None = None
    published: dt.date | None = Field(default=None, description="YYYY-MM-DD: resolves relative dates")
    min_confidence: float | None = Field(default=None, ge=0.0, le=1.0)


class ExtractOut(BaseModel):
    records: list[Record]
    full_text: str
    spans: list[SpanOut]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    events: int
    post: Literal["open", "key", "disabled"] = Field(description="POST /api/extract: open, needs X-API-Key, or off")


class Problem(BaseModel):
    detail: Any
