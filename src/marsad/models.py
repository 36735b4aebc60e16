"""The data model: frozen dataclasses that every stage reads and writes.

An :class:`Article` goes in; a :class:`Doc` carries the text, its normalized form and every
mention the stages find; :class:`Event` records come out. Offsets (``start``/``end``) in
mentions are into the *normalized* text; :meth:`Doc.orig_span` maps them back to the original.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from marsad.stages.index import ArticleIndex

if TYPE_CHECKING:  # the draft is the events stage's working object; models only carries it
    from marsad.stages.events import Draft

# --- input -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    """One news article as read from a source."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None

    @property
    def full_text(self) -> str:
        """The text that offsets refer to: title, a blank line, then the text (event-schema.md)."""
        if self.title:
            return f"{self.title}\n\n{self.text}"
        return self.text


# --- mentions (offsets into the normalized text) --------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    index: int
    is_title: bool = False


@dataclass(frozen=True)
class Place:
    """A gazetteer entry (or a place known only by its name in the text)."""

    name: str
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    kind: str = "city"  # country, region, governorate, district, city, village, neighbourhood, landmark
    precision: int = 1
    population: int = 0
    parent: str | None = None  # English name of the containing city for neighbourhoods


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    name_ar: str  # as written in the original text, clitics stripped
    candidates: tuple[Place, ...] = ()
    place_word: str | None = None  # مدينة، بلدة، حي، ريف ... preceding the name
    is_region: bool = False  # a governorate/region rather than a town
    direction: str | None = None  # شمال، جنوب، شرق، غرب، وسط ... qualifying the name
    in_name: bool = False  # part of a landmark's name ("سوق الرمادي", "مستشفى الشفاء"): the town it names


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    name: str
    inter: int
    name_ar: str
    country: str | None = None
    role: str = "armed"  # armed, civilian, protester, rioter, state, media


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    best: int | None
    low: int | None
    high: int | None
    approximate: bool
    text: str
    vague: bool = False  # a word such as "عشرات" or "عدد من" rather than a figure


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: dt.date
    precision: int  # 1 day, 2 week, 3 month or vaguer
    text: str
    relative: bool = False


@dataclass(frozen=True)
class SourceMention:
    start: int
    end: int
    name_ar: str
    name: str
    kind: str  # agency, official, local, activists, media, partisan


@dataclass(frozen=True)
class TriggerMention:
    start: int
    end: int
    event_type: str
    sub_event_type: str
    text: str
    form: str = "noun"  # verb, passive, noun
    weight: float = 1.0
    tags: tuple[str, ...] = ()
    counts: str | None = None  # "killed" / "injured" when the trigger itself reports a toll


# --- output ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    name: str
    inter: int
    name_ar: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "name_ar": self.name_ar, "inter": self.inter}


@dataclass(frozen=True)
class Count:
    best: int | None
    low: int | None
    high: int | None
    approximate: bool
    text: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"best": self.best, "low": self.low, "high": self.high,
                "approximate": self.approximate, "text": self.text}


@dataclass(frozen=True)
class Quantity:
    what: str
    best: int | None
    approximate: bool
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"what": self.what, "best": self.best, "approximate": self.approximate, "text": self.text}


@dataclass(frozen=True)
class Source:
    name_ar: str
    name: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"name_ar": self.name_ar, "name": self.name, "kind": self.kind}


@dataclass(frozen=True)
class Location:
    name_ar: str
    name: str | None = None
    geonameid: int | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = 1
    sub_location_ar: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name_ar": self.name_ar, "name": self.name, "geonameid": self.geonameid,
                "country": self.country, "admin1": self.admin1, "admin2": self.admin2,
                "lat": self.lat, "lon": self.lon, "geo_precision": self.geo_precision,
                "sub_location_ar": self.sub_location_ar}


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int  # offsets into Article.full_text
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


EVENT_FIELDS = (
    "event_id", "doc_id", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor1_inferred", "assoc_actor_1", "actor2", "assoc_actor_2", "civilian_targeting", "location",
    "fatalities", "injured", "quantities", "sources", "outlet", "url", "evidence", "notes",
    "confidence", "tags",
)


@dataclass(frozen=True)
class Event:
    """One ACLED-style record: one event, at one place, on one day (event-schema.md)."""

    event_id: str
    doc_id: str
    event_date: dt.date | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: Actor | None
    actor2: Actor | None
    location: Location
    fatalities: Count
    evidence: Evidence
    assoc_actor_1: tuple[Actor, ...] = ()
    assoc_actor_2: tuple[Actor, ...] = ()
    civilian_targeting: bool = False
    actor1_inferred: bool = False  # the text names no perpetrator: actor1 comes from the conflict, or is unnamed
    injured: Count | None = None
    quantities: tuple[Quantity, ...] = ()
    sources: tuple[Source, ...] = ()
    outlet: str | None = None
    url: str | None = None  # the article's address, when the input gave one
    notes: str = ""
    confidence: float = 0.5
    tags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The record exactly as event-schema.md names its fields, ready for JSON."""
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "time_precision": self.time_precision,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor1_inferred": self.actor1_inferred,
            "assoc_actor_1": [a.to_dict() for a in self.assoc_actor_1],
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "assoc_actor_2": [a.to_dict() for a in self.assoc_actor_2],
            "civilian_targeting": self.civilian_targeting,
            "location": self.location.to_dict(),
            "fatalities": self.fatalities.to_dict(),
            "injured": self.injured.to_dict() if self.injured else None,
            "quantities": [q.to_dict() for q in self.quantities],
            "sources": [s.to_dict() for s in self.sources],
            "outlet": self.outlet,
            "url": self.url,
            "evidence": self.evidence.to_dict(),
            "notes": self.notes,
            "confidence": round(self.confidence, 3),
            "tags": list(self.tags),
        }


@dataclass(frozen=True)
class Doc:
    """One article on its way through the pipeline. Stages return a new Doc (``replace``)."""

    article: Article
    original: str  # Article.full_text
    norm: str  # normalized text
    offsets: Sequence[int]  # norm index -> original index; one extra entry for the end (an array('q'))
    title_end: int = 0  # end of the title in the normalized text (0: no title)
    sentences: tuple[Sentence, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    numbers: tuple[NumberMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    sources: tuple[SourceMention, ...] = ()
    triggers: tuple[TriggerMention, ...] = ()
    outlet: str | None = None
    focus: str | None = None  # ISO2 of the country the article is mostly about
    drafts: tuple[Draft, ...] = ()  # candidate events, then merged and scored (stages after triggers)
    events: tuple[Event, ...] = field(default=())
    # per-article lookups (sorted mention starts), built on first use; shared by the Docs that
    # ``replace`` makes from this one, not part of the Doc's value
    index: ArticleIndex = field(default_factory=ArticleIndex, compare=False, repr=False)

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalized text to the original text."""
        o = self.offsets
        s = o[start]
        e = o[end - 1] + 1 if end > start else s
        # include anything dropped right after the last char (diacritics, tatweel)
        while e < len(self.original) and e < o[min(end, len(o) - 1)] and _droppable(self.original[e]):
            e += 1
        return s, e

    def orig_text(self, start: int, end: int) -> str:
        s, e = self.orig_span(start, end)
        return self.original[s:e]


def _droppable(ch: str) -> bool:
    return "\u064b" <= ch <= "\u065f" or ch in "\u0670\u0640\u200c\u200d"
