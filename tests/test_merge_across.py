"""Merging across articles: several outlets telling the same events in their own words become
one event each; distinct events at one place and day stay apart (marsad.merge)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import marsad
from marsad.merge import MergedEvent, candidate_keys, merge_records, nearby_key, place_keys
from test_merge_rules import rec

# --- end to end: articles written for this test, each outlet in its own words ---------------

ARTICLES = [
    # (doc_id, published, outlet, title, text)
    ("jz-1", "2024-05-07", "Al Jazeera", "غارة إسرائيلية على منزل في غزة",
     "قصف الطيران الإسرائيلي منزلا في حي الشجاعية بمدينة غزة فجر اليوم الثلاثاء، ما أدى إلى مقتل أكثر من"
     " 20 فلسطينيا، بحسب وزارة الصحة في غزة.\n\nوفي سياق آخر، تظاهر مئات الفلسطينيين في مدينة غزة اليوم"
     " احتجاجا على استمرار الحصار."),
    ("ar-1", "2024-05-08", "Al Arabiya", None,
     "أعلنت مصادر طبية أن 23 فلسطينيا قتلوا في الغارة الجوية الإسرائيلية التي استهدفت منزلا في مدينة غزة"
     " أمس الثلاثاء."),
    ("wafa-1", "2024-05-07", "WAFA", None,
     "خرج مئات المواطنين في مسيرة سلمية وسط غزة اليوم الثلاثاء للمطالبة برفع الحصار عن القطاع."),
    ("sy-1", "2024-05-07", "Enab Baladi", None,
     "شنت طائرات حربية روسية غارات على مدينة سراقب في ريف إدلب اليوم، ما أسفر عن مقتل 5 مدنيين، بحسب"
     " الدفاع المدني.\n\nوألقت مروحيات قوات النظام براميل متفجرة على مدينة سراقب بعد الظهر."),
    ("sy-2", "2024-05-08", "Orient", None,
     "قتل خمسة مدنيين أمس في غارات للطيران الروسي استهدفت سراقب شرقي إدلب، وفق ناشطين."),
    ("sy-3", "2024-05-07", "Step News", None,
     "اندلعت اشتباكات عنيفة صباح اليوم بين قوات النظام وفصائل المعارضة في بلدة خان شيخون جنوبي إدلب."
     " وقصفت قوات النظام بالمدفعية الثقيلة مدينة معرة النعمان."),
    ("sy-4", "2024-05-07", "SANA", None,
     "خاضت وحدات الجيش العربي السوري معارك ضد المسلحين في خان شيخون صباح اليوم."),
    ("sy-5", "2024-05-07", "Syria TV", None,
     "تعرضت مدينة معرة النعمان لقصف مدفعي من قوات النظام اليوم، فيما ألقت مروحيات النظام براميل متفجرة"
     " على سراقب."),
]

# what a careful reader counts: (sub-event type, place, actor1) -> the articles that tell it
EXPECTED = {
    ("Air/drone strike", "غزة", "Military Forces of Israel"): {"jz-1", "ar-1"},
    ("Peaceful protest", "غزة", "Protesters (Palestine)"): {"jz-1", "wafa-1"},
    ("Air/drone strike", "سراقب", "Military Forces of Russia"): {"sy-1", "sy-2"},
    ("Air/drone strike", "سراقب", "Military Forces of Syria"): {"sy-1", "sy-5"},
    ("Armed clash", "خان شيخون", "Military Forces of Syria"): {"sy-3", "sy-4"},
    ("Shelling/artillery/missile attack", "معرة النعمان", "Military Forces of Syria"): {"sy-3", "sy-5"},
}


def _key(r: dict[str, Any]) -> tuple[str, str, str]:
    return r["sub_event_type"], r["location"]["name_ar"], (r["actor1"] or {}).get("name", "")


@pytest.fixture(scope="module")
def extracted() -> list[dict[str, Any]]:
    out = []
    for doc_id, published, outlet, title, text in ARTICLES:
        for e in marsad.extract(text, title=title, published=published, doc_id=doc_id, outlet=outlet,
                                min_confidence=0):
            d = e.to_dict()
            d["published"] = published  # what a store adds: the article's publication date
            out.append(d)
    return out


def test_each_article_tells_what_the_test_expects(extracted: list[dict[str, Any]]) -> None:
    told = {(_key(r), r["doc_id"]) for r in extracted}
    assert told == {(k, d) for k, docs in EXPECTED.items() for d in docs}
    assert len(extracted) == sum(len(v) for v in EXPECTED.values())  # one record per event per article


def test_no_event_counted_twice_and_no_two_events_merged(extracted: list[dict[str, Any]]) -> None:
    events = merge_records(extracted)
    got = {_key(e.record()): {r.record["doc_id"] for r in e.reports} for e in events}
    assert len(events) == len(EXPECTED)
    assert got == EXPECTED


def test_the_merged_strike_reconciles_the_toll_and_keeps_every_report(extracted: list[dict[str, Any]]) -> None:
    event = next(e for e in merge_records(extracted) if _key(e.record())[2] == "Military Forces of Israel")
    r = event.record()
    # "أكثر من 20" on the day, "23" the next day: the later exact figure is best, the range spans both
    assert (r["fatalities"]["best"], r["fatalities"]["low"], r["fatalities"]["high"]) == (23, 20, 23)
    assert r["outlets"] == ["Al Jazeera", "Al Arabiya"] and r["doc_ids"] == ["jz-1", "ar-1"] and r["reports"] == 2
    assert {x["doc_id"] for x in r["evidence_all"]} == {"jz-1", "ar-1"}
    assert r["event_date"] == "2024-05-07" and r["event_id"] == f"m-{event.reports[0].record['event_id']}"
    assert r["confidence"] >= max(x.record["confidence"] for x in event.reports)
    assert event.reports[0].reason == "first report"
    reason = event.reports[1].reason
    assert "Air/drone strike" in reason and "same day (2024-05-07)" in reason
    assert "Military Forces of Israel" in reason and ("same place" in reason or "km apart" in reason)


def test_two_forces_striking_one_town_on_one_day_stay_apart(extracted: list[dict[str, Any]]) -> None:
    saraqib = [e for e in merge_records(extracted) if _key(e.record())[1] == "سراقب"]
    assert sorted(_key(e.record())[2] for e in saraqib) == ["Military Forces of Russia", "Military Forces of Syria"]
    russian = next(e for e in saraqib if _key(e.record())[2] == "Military Forces of Russia")
    assert "actors agree (Military Forces of Russia)" in russian.reports[1].reason


def test_merging_is_order_independent_on_these_articles(extracted: list[dict[str, Any]]) -> None:
    forward = {_key(e.record()): {r.record["doc_id"] for r in e.reports} for e in merge_records(extracted)}
    backward = {_key(e.record()): {r.record["doc_id"] for r in e.reports} for e in merge_records(extracted[::-1])}
    assert forward == backward == EXPECTED


# --- the batch, on records built by hand --------------------------------------------------------


def test_the_merged_record_takes_the_most_specific_type_the_most_precise_place_the_earliest_day() -> None:
    by_name = {"geonameid": None, "name_ar": "مدينة غزة", "lat": None, "lon": None}
    wide = rec("a", sub_event_type="Remote explosive/landmine/IED", event_date="2024-05-08", location=by_name,
               sources=[{"name_ar": "مصادر محلية", "name": "Local sources", "kind": "local"}], confidence=0.5)
    fine = rec("b", sub_event_type="Suicide bomb", event_date="2024-05-08",
               sources=[{"name_ar": "مصادر أهلية", "name": "Local sources", "kind": "local"}], confidence=0.5)
    early = rec("c", event_date="2024-05-07", sub_event_type="Remote explosive/landmine/IED", confidence=0.5,
                location=by_name)
    [event] = merge_records([wide, fine, early])
    r = event.record()
    assert r["sub_event_type"] == "Suicide bomb"
    assert r["location"]["geonameid"] == 281133
    assert r["event_date"] == "2024-05-07"
    assert r["sources"] == [{"name_ar": "مصادر محلية", "name": "Local sources", "kind": "local"}]
    assert r["confidence"] == pytest.approx(1 - 0.5**3)
    assert r["event_id"] == f"m-{wide['event_id']}"


def test_a_governorate_level_report_with_several_events_inside_it_stays_apart() -> None:
    a = rec("a", location={"geonameid": 1, "name_ar": "بيت لاهيا", "lat": 31.55, "lon": 34.50})
    b = rec("b", location={"geonameid": 2, "name_ar": "جباليا", "lat": 31.53, "lon": 34.48 + 0.1})
    wide = rec("c", location={"geonameid": None, "name_ar": "شمال غزة", "geo_precision": 3, "lat": 31.54, "lon": 34.51})
    assert len(merge_records([a, b, wide])) == 3
    assert len(merge_records([a, wide])) == 1


def test_outlets_reprinting_one_story_count_once_in_the_confidence() -> None:
    a, b = rec("a", outlet="X", confidence=0.6), rec("b", outlet="X", confidence=0.7)
    [event] = merge_records([a, b])
    assert event.record()["confidence"] == 0.7


def test_the_same_record_twice_is_one_report_of_one_event() -> None:
    a = rec("a")
    [event] = merge_records([a, copy.deepcopy(a)])
    assert event.reports[1].reason.startswith("same record")


def test_keys_for_a_store() -> None:
    r = rec("a")
    assert nearby_key(r) == ("PS", "2024-05-07")
    assert candidate_keys(r) == [("PS", "2024-05-06"), ("PS", "2024-05-07"), ("PS", "2024-05-08")]
    assert candidate_keys(rec("a", event_date=None)) == []
    assert place_keys(r) == [("PS", "gid:281133"), ("PS", "name:غزه")]
    # every record that joins an event is found under the keys of the event's first report
    event = MergedEvent.start(r)
    assert nearby_key(rec("b", event_date="2024-05-08")) in candidate_keys(event.reports[0].record)


# --- properties ---------------------------------------------------------------------------------

PLACES = [
    {},  # Gaza City
    {"geonameid": 1, "name_ar": "الشجاعية", "lat": 31.51, "lon": 34.48},  # 1.4 km from it
    {"geonameid": 2, "name_ar": "خان يونس", "lat": 31.34, "lon": 34.31},
    {"geonameid": None, "name_ar": "قطاع غزة", "admin1": None, "geo_precision": 3, "lat": 31.4, "lon": 34.4},
    {"geonameid": 3, "name_ar": "صور", "country": "LB", "admin1": "South", "lat": 33.27, "lon": 35.2},
]
SUBS = [("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence",
        "Shelling/artillery/missile attack"), ("Protests", "Peaceful protest"), ("Battles", "Armed clash")]
ACTORS = [{"name": "Military Forces of Israel", "inter": 8}, {"name": "Hamas", "inter": 2}, None]
EVIDENCE = ["غارة جوية", "قصف مدفعي", "هجوم"]

records = st.lists(
    st.tuples(st.sampled_from("abcde"), st.integers(0, len(PLACES) - 1), st.sampled_from(SUBS),
              st.sampled_from(["2024-05-06", "2024-05-07", "2024-05-08", None]), st.integers(0, 2),
              st.booleans(), st.integers(0, 2), st.integers(0, 30)),
    max_size=30,
)


def build(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    out = []
    for i, (doc, place, (etype, sub), day, actor, inferred, ev, dead) in enumerate(rows):
        out.append(rec(doc, event_id=f"r{i}", location=PLACES[place], event_type=etype, sub_event_type=sub,
                       event_date=day, actor1=ACTORS[actor], actor1_inferred=inferred,
                       evidence={"text": EVIDENCE[ev], "start": 0, "end": 5},
                       fatalities={"best": dead, "low": dead, "high": dead, "approximate": False, "text": str(dead)}))
    return out


def shape(events: list[MergedEvent]) -> list[tuple[str, list[str], list[str]]]:
    return [(e.event_id, [r.record["event_id"] for r in e.reports], [r.reason for r in e.reports]) for e in events]


@settings(max_examples=150, deadline=None)
@given(records)
def test_merging_is_deterministic(rows: list[tuple[Any, ...]]) -> None:
    assert shape(merge_records(build(rows))) == shape(merge_records(build(rows)))


@settings(max_examples=150, deadline=None)
@given(records)
def test_every_record_lands_in_exactly_one_event(rows: list[tuple[Any, ...]]) -> None:
    recs = build(rows)
    events = merge_records(recs)
    placed = [r.record["event_id"] for e in events for r in e.reports]
    assert sorted(placed) == sorted(r["event_id"] for r in recs)
    for e in events:  # never two records of one article in one event
        docs = [r.record["doc_id"] for r in e.reports]
        assert len(docs) == len(set(docs))
        e.record()


@settings(max_examples=150, deadline=None)
@given(records)
def test_the_same_articles_again_under_other_ids_never_add_events(rows: list[tuple[Any, ...]]) -> None:
    recs = build(rows)
    again = [{**copy.deepcopy(r), "doc_id": r["doc_id"] + "-copy", "event_id": r["event_id"] + "-copy"} for r in recs]
    assert len(merge_records(recs + again)) <= len(merge_records(recs))


def test_combined_confidence_never_drops_below_a_report_s_own() -> None:
    from marsad.merge import Report, combined_confidence

    reps = [Report({"outlet": "A", "confidence": 0.995}, "first"), Report({"outlet": "B", "confidence": 0.5}, "x")]
    assert combined_confidence(reps) == 0.995
    assert combined_confidence([Report({"outlet": "A", "confidence": 0.6}, "first"),
                                Report({"outlet": "B", "confidence": 0.7}, "x")]) == 0.88
