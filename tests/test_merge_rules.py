"""The pairwise rules of merging across articles (marsad.merge_rules) and toll reconciliation."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from marsad.merge import MergedEvent, choose_event, join_reason, merge_records, reconcile
from marsad.merge_rules import facts, has_figure, pair_reason, place_key, weapon

_IDS = itertools.count()

GAZA = {"name_ar": "غزة", "name": "Gaza", "geonameid": 281133, "country": "PS", "admin1": "Gaza Strip",
        "admin2": None, "lat": 31.50161, "lon": 34.46672, "geo_precision": 1, "sub_location_ar": None}
ISRAEL = {"name": "Military Forces of Israel", "name_ar": "الجيش الإسرائيلي", "inter": 8}


def rec(doc: str = "a", **kw: Any) -> dict[str, Any]:
    """A record shaped exactly like Event.to_dict(): an Israeli air strike in Gaza City."""
    r: dict[str, Any] = {
        "event_id": f"e{next(_IDS)}", "doc_id": doc, "event_date": "2024-05-07", "time_precision": 1,
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
        "actor1": dict(ISRAEL), "actor1_inferred": False, "assoc_actor_1": [],
        "actor2": {"name": "Civilians (Palestine)", "name_ar": "مدنيين", "inter": 7}, "assoc_actor_2": [],
        "civilian_targeting": True, "location": dict(GAZA),
        "fatalities": {"best": 0, "low": 0, "high": 0, "approximate": False, "text": None},
        "injured": None, "quantities": [], "sources": [], "outlet": f"outlet-{doc}",
        "evidence": {"text": "غارة جوية على منزل", "start": 0, "end": 18},
        "notes": "", "confidence": 0.8, "tags": [],
    }
    loc = kw.pop("location", None)
    if loc:
        r["location"] = {**r["location"], **loc}
    r.update(kw)
    return r


def why(a: dict[str, Any], b: dict[str, Any]) -> str | None:
    return pair_reason(facts(b), facts(a))


def test_same_event_from_two_articles_names_everything_that_matched() -> None:
    reason = why(rec("a"), rec("b"))
    assert reason is not None
    for part in ("same sub-event type (Air/drone strike)", "same place (GeoNames 281133)", "same day (2024-05-07)",
                 "actors agree (Military Forces of Israel)"):
        assert part in reason


def test_records_of_one_article_never_join_unless_the_same_record() -> None:
    a = rec("a")
    assert why(a, rec("a")) is None
    assert why(a, dict(a)) == f"same record (event_id {a['event_id']})"


@pytest.mark.parametrize(("sub_a", "sub_b", "joins"), [
    ("Suicide bomb", "Remote explosive/landmine/IED", True),
    ("Armed clash", "Government regains territory", True),
    ("Armed clash", "Non-state actor overtakes territory", True),
    ("Government regains territory", "Non-state actor overtakes territory", False),
    ("Peaceful protest", "Excessive force against protesters", True),
    ("Attack", "Abduction/forced disappearance", False),
    ("Arrests", "Looting/property destruction", False),
])
def test_sub_event_families(sub_a: str, sub_b: str, joins: bool) -> None:
    kinds = {"Suicide bomb": "Explosions/Remote violence",
             "Remote explosive/landmine/IED": "Explosions/Remote violence",
             "Attack": "Violence against civilians", "Abduction/forced disappearance": "Violence against civilians",
             "Arrests": "Strategic developments", "Looting/property destruction": "Strategic developments",
             "Peaceful protest": "Protests", "Excessive force against protesters": "Protests"}
    t = kinds.get(sub_a, "Battles")
    a = rec("a", event_type=t, sub_event_type=sub_a)
    b = rec("b", event_type=t, sub_event_type=sub_b)
    assert (why(a, b) is not None) is joins


def test_different_event_types_never_join() -> None:
    assert why(rec("a"), rec("b", event_type="Protests", sub_event_type="Peaceful protest")) is None


def test_air_and_shelling_join_only_when_a_report_does_not_name_the_weapon() -> None:
    air = rec("a", evidence={"text": "غارة جوية لطائرات حربية", "start": 0, "end": 10})
    guns = rec("b", sub_event_type="Shelling/artillery/missile attack",
               evidence={"text": "قصف مدفعي بقذائف الهاون", "start": 0, "end": 10})
    vague = rec("c", sub_event_type="Shelling/artillery/missile attack",
                evidence={"text": "قصف إسرائيلي على المدينة", "start": 0, "end": 10})
    assert why(air, guns) is None
    reason = why(air, vague)
    assert reason is not None and "a report does not name the weapon" in reason
    # the words decide, not the labels: two reports naming guns join whatever they were labelled
    guns_as_air = rec("d", evidence={"text": "قصف بقذائف المدفعية", "start": 0, "end": 10})
    assert why(guns, guns_as_air) is not None


def test_weapon_and_figure_words() -> None:
    assert weapon("شنت طائرات مسيرة غارة") == "air"
    assert weapon("سقطت قذائف هاون") == "ground"
    assert weapon("قصف عنيف") is None
    assert has_figure("مقتل أكثر من 20") and has_figure("نحو عشرين قتيلا") and has_figure("مقتل ٢٣")
    assert not has_figure("عشرات القتلى") and not has_figure("سقوط قتلى") and not has_figure(None)


def test_place_by_id_by_name_and_within_five_km() -> None:
    assert place_key("مدينة غزة") == place_key("غزة") == "غزه"
    by_name = rec("b", location={"geonameid": None, "name_ar": "مدينة غزة", "lat": None, "lon": None})
    reason = why(rec("a"), by_name)
    assert reason is not None and "same place name (غزه)" in reason
    near = rec("b", location={"geonameid": 1, "name_ar": "الشجاعية", "lat": 31.51, "lon": 34.48})
    reason = why(rec("a"), near)
    assert reason is not None and "km apart" in reason
    far = rec("b", location={"geonameid": 2, "name_ar": "دير البلح", "lat": 31.418, "lon": 34.35})
    assert why(rec("a"), far) is None


def test_same_name_in_two_countries_is_two_places() -> None:
    a = rec("a", location={"geonameid": None, "name_ar": "الشيخ مسكين", "country": "SY", "lat": None, "lon": None})
    b = rec("b", location={"geonameid": None, "name_ar": "الشيخ مسكين", "country": "IQ", "lat": None, "lon": None})
    assert why(a, b) is None


def test_governorate_level_report_joins_a_precise_one_inside_it_only_on_the_same_day() -> None:
    wide = {"geonameid": None, "name_ar": "شمال غزة", "name": "North Gaza", "geo_precision": 3,
            "lat": 31.54, "lon": 34.51}
    reason = why(rec("a"), rec("b", location=wide))
    assert reason is not None and "governorate-level report" in reason
    assert why(rec("a"), rec("b", location=wide, event_date="2024-05-08")) is None
    country = {"geonameid": 6254930, "name_ar": "فلسطين", "admin1": None, "geo_precision": 3}
    assert "country-level report" in (why(rec("a"), rec("b", location=country)) or "")
    assert why(rec("a"), rec("b", location={**country, "country": "LB"})) is None


def test_dates_within_a_day() -> None:
    reason = why(rec("a"), rec("b", event_date="2024-05-08"))
    assert reason is not None and "1 day apart (2024-05-07, 2024-05-08)" in reason
    assert why(rec("a"), rec("b", event_date="2024-05-09")) is None
    # a date known only to the week reaches a week, but then everything else must match exactly
    assert why(rec("a"), rec("b", event_date="2024-05-10", time_precision=2)) is not None
    assert why(rec("a"), rec("b", event_date="2024-05-10", time_precision=2, actor1_inferred=True)) is None


def test_a_record_with_no_date_joins_only_an_exact_match() -> None:
    undated = rec("b", event_date=None)
    assert "no date stated" in (why(rec("a"), undated) or "")
    assert why(rec("a", actor1_inferred=True), undated) is None
    assert why(rec("a", location={"geonameid": 1, "lat": 31.51, "lon": 34.48, "name_ar": "الشجاعية"}), undated) is None
    assert why(rec("a", sub_event_type="Shelling/artillery/missile attack"), undated) is None


def test_actors() -> None:
    russia = {"name": "Military Forces of Russia", "name_ar": "الطيران الروسي", "inter": 8}
    assert why(rec("a"), rec("b", actor1=russia)) is None  # named different perpetrators never join
    reason = why(rec("a", actor1_inferred=True), rec("b", actor1=russia))
    assert reason is not None and "inferred in one report" in reason
    unknown = {"name": "Unidentified Armed Group (Palestine)", "name_ar": "مسلحون", "inter": 3}
    assert why(rec("a", actor1=unknown), rec("b")) is not None
    syria = {"name": "Military Forces of Syria", "name_ar": "قوات النظام", "inter": 1}
    rebels = {"name": "Syrian opposition rebels", "name_ar": "المعارضة", "inter": 2}
    isis = {"name": "Islamic State", "name_ar": "داعش", "inter": 2}
    battle = {"event_type": "Battles", "sub_event_type": "Armed clash"}
    a = rec("a", actor1=syria, actor2=rebels, **battle)
    reason = why(a, rec("b", actor1=rebels, actor2=syria, **battle))
    assert reason is not None and "sides match in either order" in reason
    assert why(a, rec("b", actor1=isis, actor2=syria, **battle)) is None


def test_join_reason_checks_every_report_of_the_event() -> None:
    event = MergedEvent.start(rec("a", location={"geonameid": 1, "lat": 31.50, "lon": 34.40}))
    east = rec("b", location={"geonameid": 2, "lat": 31.50, "lon": 34.44})  # 3.8 km east of the first
    reason = join_reason(event, east)
    assert reason is not None
    event.add(east, reason)
    further = rec("c", location={"geonameid": 3, "lat": 31.50, "lon": 34.48})  # 3.8 km east of the second
    assert join_reason(event, further) is None


def c(best: int | None, low: int | None, high: int | None, approx: bool, text: str | None) -> dict[str, Any]:
    return {"best": best, "low": low, "high": high, "approximate": approx, "text": text}


def test_toll_best_is_the_latest_report_low_and_high_across() -> None:
    import datetime as dt

    d1, d2 = dt.date(2024, 5, 7), dt.date(2024, 5, 8)
    more_than_20, exactly_23 = c(20, 20, None, True, "أكثر من 20"), c(23, 23, 23, False, "23 قتيلا")
    assert reconcile([more_than_20, exactly_23], [d1, d2]) == c(23, 20, 23, False, "23 قتيلا")
    # the later approximate figure that the earlier exact one fits gives way to it
    assert reconcile([exactly_23, more_than_20], [d1, d2])["best"] == 23  # type: ignore[index]
    # a later revision downward is the best figure
    assert reconcile([exactly_23, c(21, 21, 21, False, "21")], [d1, d2]) == c(21, 21, 23, False, "21")
    # no publication dates: the higher exact figure
    assert reconcile([c(4, 4, 4, False, "4"), c(6, 6, 6, False, "6")], [None, None])["best"] == 6  # type: ignore[index]
    # a vague count never beats a figure, even a later one
    tens = c(12, 12, None, True, "عشرات القتلى")
    assert reconcile([c(8, 8, 8, False, "8"), tens], [d1, d2]) == c(8, 8, 8, False, "8")
    assert reconcile([tens, c(0, 0, 0, False, None)], [d1, d2]) == tens
    # silence (no toll word) and a place's zero share of a group's toll say nothing
    assert reconcile([c(0, 0, 0, False, None), c(0, 0, 0, True, "مقتل 5")], [d1, d2]) == c(0, 0, 0, False, None)
    # an open lower bound above every closed figure leaves high open
    assert reconcile([exactly_23, c(30, 30, None, True, "أكثر من 30")], [d1, d2])["high"] is None  # type: ignore[index]
    assert reconcile([None, None], [d1, d2]) is None


def test_a_later_lower_figure_needs_agreement_where_reports_agree_on_a_higher_one() -> None:
    import datetime as dt

    days = [dt.date(2024, 3, d) for d in (2, 2, 3, 4, 9)]
    nine, twelve = c(9, 9, 9, False, "9"), c(12, 12, 12, False, "12")
    # days later an article on the inquiry counts only the one man it names: it is no new toll
    one = c(1, 1, 1, False, "مقتل رجل أمن")
    assert reconcile([nine, nine, twelve, twelve, one], days) == c(12, 9, 12, False, "12")
    # a figure two reports agree on stands even below the higher one, and a range reaching it too
    more_than_5 = c(5, 5, None, True, "أكثر من 5")
    assert reconcile([twelve, twelve, more_than_5, nine, nine], days) == c(9, 5, 12, False, "9")
    # one report against one: the latest word, a correction downward included
    assert reconcile([twelve, one], days[1:3])["best"] == 1  # type: ignore[index]


def _district_and_city(doc: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """An article's two records of one day: a raid placed only in the district, and a strike with a
    toll in the city inside it."""
    wide = {"geonameid": None, "name_ar": "شمال غزة", "name": "North Gaza", "geo_precision": 3, "lat": 31.54,
            "lon": 34.51}  # fmt: skip
    raid = rec(doc, location=wide)
    strike = rec(doc, fatalities={"best": 12, "low": 12, "high": 12, "approximate": False, "text": "12 قتيلا"})
    return raid, strike


def test_a_record_joins_the_closest_of_the_events_that_accept_it() -> None:
    raid, strike = _district_and_city("a")
    events = [MergedEvent.start(raid), MergedEvent.start(strike)]
    retold = rec("b", fatalities={"best": 12, "low": 12, "high": 12, "approximate": False, "text": "قتل 12"})
    assert join_reason(events[0], retold) is not None  # the district's raid would take it too
    hit = choose_event(events, retold)
    assert hit is not None and hit[0] == 1 and "same place (GeoNames 281133)" in hit[1]
    # two events as close as each other: the earlier one
    twins = [MergedEvent.start(rec("a")), MergedEvent.start(rec("c"))]
    assert choose_event(twins, rec("b")) == (0, join_reason(twins[0], rec("b")))
    # the same in one batch: the other article's strike is not counted with the raid
    merged = merge_records([raid, strike, retold])
    assert [len(e.reports) for e in merged] == [1, 2]
    assert merged[1].record()["fatalities"]["best"] == 12


def test_the_store_puts_a_record_into_the_closest_event(tmp_path: Path) -> None:
    from marsad.ingest.events import assign_event
    from marsad.storage import NewArticle, open_store

    raid, strike = _district_and_city("a")
    retold = rec("b", fatalities={"best": 12, "low": 12, "high": 12, "approximate": False, "text": "قتل 12"})
    with open_store(str(tmp_path / "m.db")) as store, store.transaction():
        for doc, records in (("a", [raid, strike]), ("b", [retold])):
            article = store.add_article(NewArticle(doc_id=doc, text=f"نص {doc}", sha256=doc), run_id=None,
                                        marsad_version="test")  # fmt: skip
            ids = store.add_records(article, records, counted=True, run_id=None, marsad_version="test")
            for record_id, record in zip(ids, records, strict=True):
                assign_event(store, record_id, record, "2024-05-07")
        events = {e.event_id: e for e in store.events()}
    assert len(events) == 2
    assert len(events[f"m-{raid['event_id']}"].reports) == 1
    assert len(events[f"m-{strike['event_id']}"].reports) == 2


def test_a_region_of_a_country_contains_only_what_lies_near_it() -> None:
    north = {"geonameid": None, "name_ar": "شمال سوريا", "name": "Northern Syria", "country": "SY", "admin1": None,
             "geo_precision": 3, "lat": 36.3, "lon": 38.0}  # fmt: skip
    aleppo = {"geonameid": 170063, "name_ar": "حلب", "name": "Aleppo", "country": "SY", "admin1": "Aleppo",
              "geo_precision": 1, "lat": 36.2, "lon": 37.16}  # fmt: skip
    south = {"geonameid": 163345, "name_ar": "السويداء", "name": "As-Suwayda", "country": "SY",
             "admin1": "As-Suwayda", "geo_precision": 1, "lat": 32.71, "lon": 36.57}  # fmt: skip
    reason = why(rec("a", location=aleppo), rec("b", location=north))
    assert reason is not None and "region-level report" in reason
    assert why(rec("a", location=south), rec("b", location=north)) is None
    east = {**aleppo, "geonameid": 170794, "name_ar": "دير الزور", "name": "Deir ez-Zor", "admin1": "Deir ez-Zor",
            "lat": 35.34, "lon": 40.14}  # fmt: skip
    assert why(rec("a", location=east), rec("b", location=north)) is None  # 220 km off: the east, not the north
    # the country itself still contains both
    syria = {**north, "name_ar": "سوريا", "name": "Syria", "geonameid": 163843, "lat": 35.0, "lon": 38.5}
    assert "country-level report" in (why(rec("a", location=south), rec("b", location=syria)) or "")



def test_a_country_or_region_level_report_joins_a_precise_one_only_with_the_same_named_actors() -> None:
    country = {"geonameid": 6254930, "name_ar": "فلسطين", "name": "Palestine", "admin1": None, "geo_precision": 3}
    assert why(rec("a"), rec("b", location=country)) is not None
    # the perpetrator only inferred: a whole country's day holds too many strikes to tell which
    assert why(rec("a"), rec("b", location=country, actor1_inferred=True)) is None
    assert why(rec("a", actor1_inferred=True), rec("b", location=country)) is None
    # a governorate is narrow enough for the place to tell
    wide = {"geonameid": None, "name_ar": "شمال غزة", "name": "North Gaza", "geo_precision": 3, "lat": 31.54,
            "lon": 34.51}  # fmt: skip
    assert why(rec("a"), rec("b", location=wide, actor1_inferred=True)) is not None


def test_two_neighbourhoods_of_one_city_are_two_places() -> None:
    east, west = {"sub_location_ar": "حي الشجاعية"}, {"sub_location_ar": "حي الرمال"}
    assert why(rec("a", location=east), rec("b", location=west)) is None
    assert why(rec("a", location=east), rec("b", location={"sub_location_ar": "الشجاعية"})) is not None
    assert why(rec("a", location=east), rec("b")) is not None  # one report names no neighbourhood


def test_area_tolls_of_two_days_are_two_events_when_the_later_counts_fewer() -> None:
    strip = {"geonameid": None, "name_ar": "قطاع غزة", "name": "Gaza Strip", "admin1": "Gaza Strip",
             "geo_precision": 3, "lat": 31.42, "lon": 34.38}  # fmt: skip

    def toll(doc: str, day: str, low: int, best: int, text: str) -> dict[str, Any]:
        count = {"best": best, "low": low, "high": None, "approximate": low != best, "text": text}
        return rec(doc, location=strip, event_date=day, published=day, fatalities=count)

    monday = toll("a", "2024-05-06", 40, 40, "أكثر من 40 شهيدا منذ فجر اليوم")
    # the next day's count since dawn is lower: another day's toll, not the same strikes told again
    assert why(monday, toll("b", "2024-05-07", 17, 17, "17 شهيدا منذ الصباح")) is None
    # a higher figure the next day may be Monday's toll updated
    assert why(monday, toll("b", "2024-05-07", 46, 46, "ارتفع عدد الشهداء إلى 46")) is not None
    # on the same day, or without a figure, the rule says nothing
    assert why(monday, toll("b", "2024-05-06", 17, 17, "17 شهيدا")) is not None
    assert why(monday, toll("b", "2024-05-07", 12, 12, "عشرات الشهداء")) is not None
    # published the same day the two say nothing of which came later (a report naming no day
    # carries its publication date as its event day)
    yesterday = {**toll("a", "2024-05-06", 40, 40, "40 شهيدا"), "published": "2024-05-07"}
    assert why(yesterday, toll("b", "2024-05-07", 17, 17, "17 شهيدا")) is not None
