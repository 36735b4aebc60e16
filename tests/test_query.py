"""Querying a store: every filter, alone and together, against a temporary SQLite store filled
through the storage API (articles → records → events merged across articles)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from marsad.merge import merge_records
from marsad.query import bounding_box, distance_km, events, resolve_country, resolve_type
from marsad.storage import NewArticle, Store, open_store

ALEPPO = (36.2021, 37.1343)
DOUMA = (33.5718, 36.4027)


def rec(event_id: str, doc_id: str, **over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "event_id": event_id,
        "doc_id": doc_id,
        "event_date": "2024-05-07",
        "time_precision": 1,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": {"name": "Military Forces of Syria (2000-)", "name_ar": "قوات النظام", "inter": 1},
        "actor1_inferred": False,
        "assoc_actor_1": [],
        "actor2": {"name": "Civilians (Syria)", "name_ar": "مدنيين", "inter": 7},
        "assoc_actor_2": [],
        "civilian_targeting": True,
        "location": {"name_ar": "دوما", "name": "Douma", "geonameid": 170654, "country": "SY",
                     "admin1": "Rif Dimashq", "lat": DOUMA[0], "lon": DOUMA[1], "geo_precision": 1},
        "fatalities": {"best": 4, "low": 4, "high": 4, "approximate": False, "text": "أربعة قتلى"},
        "injured": None,
        "sources": [],
        "outlet": "Al Jazeera",
        "evidence": {"text": "قصفت طائرات النظام مدينة دوما فقتل أربعة مدنيين", "start": 0, "end": 46},
        "notes": "Regime aircraft struck Douma.",
        "confidence": 0.8,
        "tags": [],
    }  # fmt: skip
    base.update(over)
    return base


def aleppo(**over: Any) -> dict[str, Any]:
    loc = {"name_ar": "حلب", "name": "Aleppo", "geonameid": 170063, "country": "SY", "admin1": "Aleppo",
           "lat": ALEPPO[0], "lon": ALEPPO[1], "geo_precision": 1}  # fmt: skip
    return {"location": loc, **over}


#: article id → (outlet, publication date, its records)
CORPUS: dict[str, tuple[str, str, list[dict[str, Any]]]] = {
    "jz-1": ("Al Jazeera", "2024-05-07", [rec("r1", "jz-1")]),
    "ar-1": ("Al Arabiya", "2024-05-08", [rec("r2", "ar-1", outlet="Al Arabiya", confidence=0.7,
                                            evidence={"text": "غارة جوية على دوما تقتل خمسة", "start": 5, "end": 33},
                                            fatalities={"best": 5, "low": 5, "high": 5, "approximate": False,
                                                        "text": "خمسة"})]),
    "jz-2": ("Al Jazeera", "2024-05-10", [
        rec("r3", "jz-2", event_type="Battles", sub_event_type="Armed clash", civilian_targeting=False,
            actor1={"name": "Hayat Tahrir al-Sham", "name_ar": "هيئة تحرير الشام", "inter": 2},
            actor2={"name": "Military Forces of Syria (2000-)", "name_ar": "قوات النظام", "inter": 1},
            assoc_actor_1=[{"name": "Turkistan Islamic Party", "name_ar": "الحزب الإسلامي التركستاني", "inter": 2}],
            event_date="2024-05-10", confidence=0.55, **aleppo()),
        rec("r4", "jz-2", event_type="Protests", sub_event_type="Peaceful protest", civilian_targeting=False,
            actor1={"name": "Protesters (Syria)", "name_ar": "متظاهرون", "inter": 6}, actor2=None,
            event_date="2024-05-12", confidence=0.9, fatalities=None,
            location={"name_ar": "إدلب", "name": "Idlib", "country": "SY", "lat": 35.9306, "lon": 36.6339}),
    ]),
    "ye-1": ("Al Masirah", "2024-06-01", [
        rec("r5", "ye-1", event_date="2024-06-01", confidence=0.95,
            actor1={"name": "Military Forces of the United States", "name_ar": "الطيران الأمريكي", "inter": 8},
            actor2=None, civilian_targeting=False,
            location={"name_ar": "الحديدة", "name": "Al Hudaydah", "country": "YE", "lat": 14.7978, "lon": 42.9545}),
        rec("r6", "ye-1", event_date=None, confidence=0.3, event_type="Strategic developments",
            sub_event_type="Arrests", actor1={"name": "Ansar Allah", "name_ar": "جماعة الحوثي", "inter": 2},
            actor2=None, civilian_targeting=False, fatalities=None,
            location={"name_ar": "صنعاء", "name": "Sanaa", "country": "YE"}),
    ]),
}  # fmt: skip


def fill(store: Store, corpus: dict[str, tuple[str, str, list[dict[str, Any]]]] = CORPUS) -> dict[str, int]:
    """Store every article and record, merge the records into events, save them with their
    reports. Returns record event_id → stored record id."""
    ids: dict[str, int] = {}
    every: list[dict[str, Any]] = []
    for doc_id, (outlet, published, records) in corpus.items():
        text = " ".join(str(r["evidence"]["text"]) for r in records)
        article = NewArticle(doc_id=doc_id, text=text, sha256=hashlib.sha256(doc_id.encode()).hexdigest(),
                             outlet=outlet, published=published)  # fmt: skip
        article_id = store.add_article(article, run_id=None, marsad_version="test")
        stored = store.add_records(article_id, records, counted=True, run_id=None, marsad_version="test")
        for r, i in zip(records, stored, strict=True):
            ids[r["event_id"]] = i
            every.append({**r, "published": published})
    for event in merge_records(every):
        data = event.record()
        store.save_event(event.event_id, data, [(ids[r.record["event_id"]], r.reason) for r in event.reports])
    return ids


@pytest.fixture
def db(tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "corpus.db"
    with open_store(str(path)) as store:
        fill(store)
    yield str(path)


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    with open_store(db, read_only=True) as s:
        yield s


def ids(found: list[Any]) -> list[str]:
    return [e.event_id for e in found]


def test_the_fixture_merges_two_outlets(store: Store) -> None:
    everything = events(store)
    assert ids(everything) == ["m-r1", "m-r3", "m-r4", "m-r5", "m-r6"]  # by date, undated last
    douma = everything[0]
    assert [r.record_id for r in douma.reports] == [1, 2] and douma.data["outlets"] == ["Al Jazeera", "Al Arabiya"]


def test_dates(store: Store) -> None:
    assert ids(events(store, date_from="2024-05-10")) == ["m-r3", "m-r4", "m-r5"]
    assert ids(events(store, date_to=dt.date(2024, 5, 10))) == ["m-r1", "m-r3"]
    assert ids(events(store, date_from="2024-05-08", date_to="2024-05-11")) == ["m-r3"]
    with pytest.raises(ValueError, match="date_from"):
        events(store, date_from="10/05/2024")


def test_country_by_code_or_name(store: Store) -> None:
    assert ids(events(store, country="YE")) == ["m-r5", "m-r6"]
    assert ids(events(store, country="ye")) == ["m-r5", "m-r6"]
    assert ids(events(store, country="Yemen")) == ["m-r5", "m-r6"]
    assert resolve_country("SYR") == "SY" and resolve_country("Palestine") == "PS"
    with pytest.raises(ValueError, match="country"):
        events(store, country="Atlantis")


def test_type_or_sub_type_any_case(store: Store) -> None:
    assert ids(events(store, event_type="Battles")) == ["m-r3"]
    assert ids(events(store, event_type="air/drone strike")) == ["m-r1", "m-r5"]
    assert ids(events(store, event_type="Peaceful protest")) == ["m-r4"]
    assert resolve_type("protests") == ("Protests", None)
    with pytest.raises(ValueError, match="unknown event type"):
        events(store, event_type="Skirmish")


def test_actor_english_arabic_and_associates(store: Store) -> None:
    assert ids(events(store, actor="tahrir")) == ["m-r3"]
    assert ids(events(store, actor="military forces of syria")) == ["m-r1", "m-r3"]  # actor1 or actor2
    assert ids(events(store, actor="تحرير الشام")) == ["m-r3"]
    assert ids(events(store, actor="التركستاني")) == ["m-r3"]  # an associated actor
    assert ids(events(store, actor="الامريكي")) == ["m-r5"]  # hamza folded: الأمريكي
    assert events(store, actor="Wagner") == []


def test_near_is_exact_distance(store: Store) -> None:
    idlib = (35.9306, 36.6339)
    idlib_km = distance_km(*ALEPPO, *idlib)
    assert 50 < idlib_km < 60
    assert ids(events(store, near=(*ALEPPO, 5))) == ["m-r3"]
    assert ids(events(store, near=(*ALEPPO, idlib_km + 0.5))) == ["m-r3", "m-r4"]
    # Idlib lies inside the bounding box of a 50 km circle around Aleppo, but farther than 50 km:
    # the exact great-circle check drops it
    min_lat, min_lon, max_lat, max_lon = bounding_box((*ALEPPO, 50.0))
    assert min_lat <= idlib[0] <= max_lat and min_lon <= idlib[1] <= max_lon
    assert ids(events(store, near=(*ALEPPO, 50.0))) == ["m-r3"]
    with pytest.raises(ValueError, match="latitude"):
        events(store, near=(95.0, 0.0, 10.0))
    with pytest.raises(ValueError, match="radius"):
        events(store, near=(36.0, 37.0, 0.0))


def test_confidence_and_limit(store: Store) -> None:
    assert ids(events(store, min_confidence=0.9)) == ["m-r1", "m-r4", "m-r5"]  # m-r1: 0.8 and 0.7 combine
    assert ids(events(store, limit=2)) == ["m-r1", "m-r3"]
    assert ids(events(store, actor="قوات النظام", limit=1)) == ["m-r1"]
    assert ids(events(store, limit=0)) == []


def test_filters_together(store: Store) -> None:
    found = events(store, country="SY", event_type="Explosions/Remote violence", actor="النظام",
                   near=(*DOUMA, 10), date_from="2024-05-01", date_to="2024-05-31", min_confidence=0.5)  # fmt: skip
    assert ids(found) == ["m-r1"]


def test_bounding_box() -> None:
    min_lat, _, max_lat, max_lon = bounding_box((36.0, 37.0, 111.2))
    assert min_lat == pytest.approx(35.0, abs=0.01) and max_lat == pytest.approx(37.0, abs=0.01)
    assert max_lon - 37.0 > 1.0  # a degree of longitude is shorter than a degree of latitude
    assert bounding_box((89.95, 0.0, 50.0))[1::2] == (-180.0, 180.0)  # the pole: every longitude
    assert bounding_box((0.0, 179.9, 50.0))[1::2] == (-180.0, 180.0)  # the antimeridian
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)
