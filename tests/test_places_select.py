"""Which of a clause's place mentions are where the event happened: qualifiers that give no record
of their own, lists that give one record each, neighbourhoods folded into their city, the main
list among frames and relations, places that are parts of names, and fallbacks."""

from __future__ import annotations

from dataclasses import replace

import pytest

import marsad
from marsad.models import ActorMention, Article, Doc, Place, PlaceMention, SourceMention
from marsad.pipeline import make_doc, run
from marsad.stages.places_select import (
    Site,
    city_of_quarter,
    fallback_sites,
    main_chain,
    places_in,
    sites,
)
from marsad.text.normalize import normalize
from place_text import Text

QABATIYA = Place("Qabatiya", "PS", "West Bank", kind="city", lat=32.41, lon=35.28)
JENIN = Place("Jenin", "PS", "West Bank", kind="city", lat=32.46, lon=35.30)
JENIN_GOV = Place("Jenin Governorate", "PS", "West Bank", kind="governorate", precision=3)
DUMA = Place("Duma", "SY", "Damascus", kind="city")
ARBIN = Place("Arbin", "SY", "Damascus", kind="city")
MADAYA = Place("Madaya", "SY", "Damascus", kind="village")
ALEPPO = Place("Aleppo", "SY", "Aleppo", kind="city")
SALIHIN = Place("Al-Salihin, Aleppo", "SY", "Aleppo", kind="neighbourhood", parent="Aleppo")
BUSTAN = Place("Bustan al-Qasr, Aleppo", "SY", "Aleppo", kind="neighbourhood", parent="Aleppo")
IDLIB_RIF = Place("Idlib Governorate", "SY", "Idlib", kind="governorate", precision=3)
BEIRUT = Place("Beirut", "LB", "Beirut", kind="city")


def names(norm: str, got: list[Site]) -> list[tuple[str, str | None, str | None]]:
    """(the site's words, its sub-location, its qualifier's words) for each site."""
    return [
        (
            norm[s.mention.start : s.mention.end],
            s.sub_location,
            norm[s.qualifier.start : s.qualifier.end] if s.qualifier else None,
        )
        for s in got
    ]


# --- qualifiers and lists --------------------------------------------------------------------------


def test_district_after_a_town_qualifies_it() -> None:
    t = Text("اندلعت اشتباكات في قباطيا بقضاء جنين")
    ms = [t.m("قباطيا", QABATIYA), t.m("جنين", JENIN_GOV, JENIN, place_word="قضاء")]
    got = sites(t.norm, ms)
    assert names(t.norm, got) == [("قباطيا", None, "جنين")]
    assert got[0].place == QABATIYA


@pytest.mark.parametrize(
    "text",
    [
        "قصفت الطائرات بلدة كفرنبل بريف إدلب",
        "قصفت الطائرات بلدة كفرنبل في ريف إدلب",
        "قصفت الطائرات بلدة كفرنبل جنوب ريف إدلب",
        "قصفت الطائرات بلدة كفرنبل، ريف إدلب",
        "قصفت الطائرات بلدة كفرنبل (ريف إدلب)",
        "قصفت الطائرات بلدة كفرنبل الواقعة في ريف إدلب الجنوبي",
    ],
)
def test_region_joined_by_place_words_qualifies(text: str) -> None:
    t = Text(text)
    ms = [t.m("كفرنبل", Place("Kafr Nabl", "SY", "Idlib")), t.m("ادلب", IDLIB_RIF)]
    assert names(t.norm, sites(t.norm, ms)) == [("كفرنبل", None, "ادلب")]


def test_list_gives_one_site_each() -> None:
    t = Text("قصفت طائرات النظام مدن دوما وعربين ومضايا")
    ms = [t.m("دوما", DUMA), t.m("عربين", ARBIN), t.m("مضايا", MADAYA)]
    got = sites(t.norm, ms)
    assert names(t.norm, got) == [("دوما", None, None), ("عربين", None, None), ("مضايا", None, None)]
    assert main_chain(t.norm, got, "SY") == got


def test_list_with_commas_gives_one_site_each() -> None:
    t = Text("قصفت الطائرات دوما، عربين، ومضايا")
    got = sites(t.norm, [t.m("دوما", DUMA), t.m("عربين", ARBIN), t.m("مضايا", MADAYA)])
    assert [s.place for s in got] == [DUMA, ARBIN, MADAYA]
    assert main_chain(t.norm, got, "SY") == got


def test_far_apart_places_are_not_qualifiers() -> None:
    t = Text("قصفت الطائرات دوما ثم انتقلت المعارك بعد ساعات طويلة من القتال الى عربين")
    got = sites(t.norm, [t.m("دوما", DUMA), t.m("عربين", ARBIN)])
    assert [s.qualifier for s in got] == [None, None]
    assert len(got) == 2


def test_sites_sorts_mentions_by_position() -> None:
    t = Text("قصفت طائرات النظام مدن دوما وعربين ومضايا")
    ms = [t.m("دوما", DUMA), t.m("عربين", ARBIN), t.m("مضايا", MADAYA)]
    assert sites(t.norm, list(reversed(ms))) == sites(t.norm, ms)


def test_no_mentions_no_sites() -> None:
    assert sites("قصفت الطائرات", []) == []
    assert main_chain("قصفت الطائرات", []) == []


# --- neighbourhoods --------------------------------------------------------------------------------


def test_neighbourhood_in_its_city_is_one_site_at_the_city() -> None:
    t = Text("قصفت الطائرات حي الصالحين في مدينة حلب")
    got = sites(t.norm, [t.m("الصالحين", SALIHIN, place_word="حي"), t.m("حلب", ALEPPO, place_word="مدينه")])
    assert len(got) == 1
    assert got[0].place == ALEPPO
    assert t.norm[got[0].mention.start : got[0].mention.end] == "حلب"
    assert got[0].sub_location == "الصالحين"


def test_neighbourhood_list_is_one_site() -> None:
    t = Text("قصفت الطائرات احياء الصالحين وبستان القصر")
    got = sites(t.norm, [t.m("الصالحين", SALIHIN, place_word="احياء"), t.m("بستان القصر", BUSTAN)])
    assert len(got) == 1
    assert got[0].sub_location == "الصالحين, بستان القصر"


def test_neighbourhood_list_with_an_unknown_member() -> None:
    t = Text("قصفت الطائرات احياء الكلاسة والصالحين")
    got = sites(t.norm, [t.m("الكلاسه", place_word="احياء"), t.m("الصالحين", SALIHIN)])
    assert len(got) == 1
    assert got[0].place == SALIHIN
    assert got[0].sub_location == "الكلاسه, الصالحين"


def test_neighbourhoods_listed_with_their_city_are_one_site_at_the_city() -> None:
    t = Text("قصفت الطائرات احياء الصالحين وبستان القصر في مدينة حلب")
    ms = [
        t.m("الصالحين", SALIHIN, place_word="احياء"),
        t.m("بستان القصر", BUSTAN),
        t.m("حلب", ALEPPO, place_word="مدينه"),
    ]
    got = main_chain(t.norm, sites(t.norm, ms), "SY")
    assert len(got) == 1
    assert got[0].place in (ALEPPO, SALIHIN)
    assert got[0].sub_location == "الصالحين, بستان القصر"


def test_a_town_abroad_listed_among_a_city_s_quarters_is_a_namesake_quarter() -> None:
    abroad = Place("El Salihin", "EG", "Alexandria", kind="city")
    t = Text("قصفت الطائرات احياء بستان القصر والكلاسة والصالحين")
    got = sites(t.norm, [t.m("بستان القصر", BUSTAN, place_word="احياء"), t.m("الكلاسه"), t.m("الصالحين", abroad)])
    assert len(got) == 1
    assert got[0].place == BUSTAN
    assert got[0].sub_location == "بستان القصر, الكلاسه, الصالحين"


def test_towns_listed_are_not_folded_as_neighbourhoods() -> None:
    t = Text("قصفت الطائرات مدن دوما وعربين")
    got = sites(t.norm, [t.m("دوما", DUMA, place_word="مدن"), t.m("عربين", ARBIN)])
    assert [s.sub_location for s in got] == [None, None]


# --- the city of a quarter -------------------------------------------------------------------------


def _doc(text: str, places: list[PlaceMention]) -> Doc:
    doc = make_doc(Article("t", text))
    return replace(doc, places=tuple(places))


def test_city_of_quarter_takes_the_city_where_the_article_names_it() -> None:
    t = Text("قصفت الطائرات حي الصالحين. وتقع حلب في الشمال")
    quarter, city = t.m("الصالحين", SALIHIN, place_word="حي"), t.m("حلب", ALEPPO)
    doc = _doc("قصفت الطائرات حي الصالحين. وتقع حلب في الشمال", [quarter, city])
    got = city_of_quarter(doc, Site(quarter, SALIHIN))
    assert got.place == ALEPPO
    assert got.mention == city
    assert got.sub_location == "الصالحين"
    assert got.qualifier == quarter


def test_city_of_quarter_keeps_an_existing_sub_location() -> None:
    t = Text("قصفت الطائرات احياء الصالحين وبستان القصر في حلب")
    quarter, _bustan, city = t.m("الصالحين", SALIHIN), t.m("بستان القصر", BUSTAN), t.m("حلب", ALEPPO)
    doc = _doc("قصفت الطائرات احياء الصالحين وبستان القصر في حلب", [quarter, city])
    got = city_of_quarter(doc, Site(quarter, SALIHIN, "الصالحين, بستان القصر"))
    assert (got.place, got.sub_location) == (ALEPPO, "الصالحين, بستان القصر")


def test_city_of_quarter_leaves_other_sites_alone() -> None:
    t = Text("قصفت الطائرات حي الصالحين")
    quarter = t.m("الصالحين", SALIHIN)
    doc = _doc("قصفت الطائرات حي الصالحين", [quarter])
    alone = Site(quarter, SALIHIN)
    assert city_of_quarter(doc, alone) is alone  # the article never names Aleppo
    town = Site(quarter, DUMA)
    assert city_of_quarter(doc, town) is town
    unknown = Site(quarter, None)
    assert city_of_quarter(doc, unknown) is unknown


# --- the main list ---------------------------------------------------------------------------------


def test_main_chain_prefers_the_most_specific_list() -> None:
    t = Text("وفي ريف ادلب قصفت الطائرات دوما وعربين")
    got = sites(t.norm, [t.m("ادلب", IDLIB_RIF, place_word="ريف"), t.m("دوما", DUMA), t.m("عربين", ARBIN)])
    assert len(got) == 3
    assert [s.place for s in main_chain(t.norm, got, "SY")] == [DUMA, ARBIN]


def test_main_chain_prefers_the_article_s_country() -> None:
    t = Text("قصفت الطائرات بيروت بعد ساعات من غارات طالت دوما")
    got = sites(t.norm, [t.m("بيروت", BEIRUT), t.m("دوما", DUMA)])
    assert [s.place for s in main_chain(t.norm, got, "SY")] == [DUMA]
    assert [s.place for s in main_chain(t.norm, got, "LB")] == [BEIRUT]


def test_main_chain_first_on_a_tie() -> None:
    t = Text("قصفت الطائرات دوما بعد ساعات من غارات طالت عربين")
    got = sites(t.norm, [t.m("دوما", DUMA), t.m("عربين", ARBIN)])
    assert [s.place for s in main_chain(t.norm, got, "SY")] == [DUMA]


SYRIA = Place("Syria", "SY", kind="country", precision=3)
IRAQ = Place("Iraq", "IQ", kind="country", precision=3)


def test_countries_a_border_runs_between_are_not_the_list() -> None:
    t = Text("نصب مسلحون كمينا قرب بلدة دوما، على الحدود بين العراق وسوريا")
    got = sites(t.norm, [t.m("دوما", DUMA, place_word="بلده"), t.m("العراق", IRAQ), t.m("سوريا", SYRIA)])
    assert [s.place for s in main_chain(t.norm, got, "SY")] == [DUMA]
    # a plain list after a comma is still one list
    t = Text("قصفت الطائرات دوما، وعربين")
    got = sites(t.norm, [t.m("دوما", DUMA), t.m("عربين", ARBIN)])
    assert [s.place for s in main_chain(t.norm, got, "SY")] == [DUMA, ARBIN]


def test_main_chain_of_one_site() -> None:
    t = Text("قصفت الطائرات دوما")
    got = sites(t.norm, [t.m("دوما", DUMA)])
    assert main_chain(t.norm, got, None) == got


# --- fallbacks ----------------------------------------------------------------------------------


def test_fallback_is_the_nearest_site_before_the_clause() -> None:
    t = Text("قصفت الطائرات دوما وعربين ثم اندلعت اشتباكات")
    a, b = Site(t.m("دوما", DUMA), DUMA), Site(t.m("عربين", ARBIN), ARBIN)
    clause = (t.norm.index("ثم"), len(t.norm))
    assert fallback_sites([a, b], clause, None) == [b]


def test_fallback_passes_over_a_landmark_near_the_site() -> None:
    t = Text("اندلع القتال في بلدة دوما قرب مدينة عربين وقصفت الطائرات مواقع جنوبي البلدة")
    a, b = Site(t.m("دوما", DUMA), DUMA), Site(t.m("عربين", ARBIN), ARBIN)
    clause = (t.norm.index("وقصفت"), len(t.norm))
    assert fallback_sites([a, b], clause, None, t.norm) == [a]
    assert fallback_sites([a, b], clause, None) == [b]  # without the text, the nearest


def test_fallback_ignores_sites_after_the_clause_start() -> None:
    t = Text("اندلعت اشتباكات ثم قصفت الطائرات دوما")
    a = Site(t.m("دوما", DUMA), DUMA)
    last = Site(PlaceMention(0, 0, "حلب", (ALEPPO,)), ALEPPO)
    assert fallback_sites([a], (0, 10), last) == [last]
    assert fallback_sites([a], (0, 10), None) == []


# --- places that can be where an event happened ---------------------------------------------------


def test_places_in_drops_places_inside_actor_and_source_names() -> None:
    text = "قال مصدر في مستشفى بيروت إن غارة استهدفت دوما، وتبنت كتائب حلب الهجوم"
    t = Text(text)
    in_source = t.m("بيروت", BEIRUT)
    duma = t.m("دوما", DUMA)
    in_actor = t.m("حلب", ALEPPO)
    doc = _doc(text, [in_source, duma, in_actor])
    src_start = t.norm.index("مصدر")
    act_start = t.norm.index("كتائب")
    doc = replace(
        doc,
        sources=(SourceMention(src_start, in_source.end, "مصدر في مستشفى بيروت", "Hospital source", "local"),),
        actors=(ActorMention(act_start, in_actor.end, "Aleppo Brigades", 2, "كتائب حلب"),),
    )
    assert places_in(doc, 0, len(doc.norm)) == [duma]
    assert places_in(doc, duma.end, len(doc.norm)) == []


def test_places_in_drops_place_words_and_words_that_only_look_like_k_plus_a_name() -> None:
    text = "قصفت الطائرات 25 بلدة وقرية، ونصب مسلحون كدوما كمينا في عربين"
    t = Text(text)
    word = t.m("وقريه", Place("Qarya", "SY"))
    k_name = PlaceMention(t.norm.index("كدوما") + 1, t.norm.index("كدوما") + 5, "دوما", (DUMA,))
    arbin = t.m("عربين", ARBIN)
    doc = _doc(text, [word, k_name, arbin])
    assert places_in(doc, 0, len(doc.norm)) == [arbin]


def test_places_in_drops_a_nationality_adjective_but_keeps_the_country() -> None:
    syria = Place("Syria", "SY", kind="country", precision=3)
    text = "قالت مصادر محلية سورية إن الطائرات قصفت مواقع في سوريه"
    t = Text(text)
    adjective, country = t.m("سوريه", syria), t.m("سوريه", syria)
    doc = _doc(text, [adjective, country])
    assert places_in(doc, 0, len(doc.norm)) == [country]


def test_places_in_a_range() -> None:
    text = "قصفت الطائرات دوما. واندلعت اشتباكات في عربين"
    t = Text(text)
    duma, arbin = t.m("دوما", DUMA), t.m("عربين", ARBIN)
    doc = _doc(text, [duma, arbin])
    cut = t.norm.index(".")
    assert places_in(doc, 0, cut) == [duma]
    assert places_in(doc, cut, len(doc.norm)) == [arbin]
    # a new Doc is not served from the last one's cache
    other = _doc(text, [arbin])
    assert places_in(other, 0, len(doc.norm)) == [arbin]


def test_places_in_a_real_article() -> None:
    doc = run(make_doc(Article("t", "قال مصدر طبي في مجمع ناصر الطبي إن ثلاثة مواطنين استشهدوا في خان يونس.")))
    assert [doc.norm[p.start : p.end] for p in places_in(doc, 0, len(doc.norm))] == ["خان يونس"]


# --- end to end ----------------------------------------------------------------------------------


def extract(text: str) -> list[marsad.Event]:
    return marsad.extract(text, published="2024-05-07")


def test_record_list_of_towns_gives_three_records() -> None:
    events = extract("قصفت طائرات النظام مدن دوما وعربين ومضايا.")
    assert [normalize(e.location.name_ar) for e in events] == ["دوما", "عربين", "مضايا"]
    assert {e.location.country for e in events} == {"SY"}


def test_record_town_qualified_by_its_district_gives_one_record() -> None:
    events = extract("اندلعت اشتباكات مسلحة بين مقاومين وقوات الاحتلال في قباطيا بقضاء جنين.")
    assert len(events) == 1
    assert normalize(events[0].location.name_ar) == "قباطيا"
    assert events[0].location.name == "Qabatiya"


def test_record_neighbourhood_in_its_city() -> None:
    events = extract("قصفت طائرات النظام حي الصالحين في مدينة حلب.")
    assert len(events) == 1
    loc = events[0].location
    assert loc.name == "Aleppo"
    assert loc.sub_location_ar is not None and normalize(loc.sub_location_ar) == "الصالحين"


def test_record_neighbourhoods_listed_with_their_city() -> None:
    events = extract("قصفت طائرات النظام حيي الصالحين وبستان القصر في مدينة حلب.")
    assert len(events) == 1
    loc = events[0].location
    assert loc.name == "Aleppo"
    assert loc.sub_location_ar is not None
    assert "الصالحين" in loc.sub_location_ar and "بستان القصر" in loc.sub_location_ar


def test_record_comma_list_of_towns_gives_three_records() -> None:
    events = extract("قصفت طائرات النظام مدن دوما، عربين، ومضايا.")
    assert [normalize(e.location.name_ar) for e in events] == ["دوما", "عربين", "مضايا"]


def test_a_place_named_as_who_speaks_is_no_site() -> None:
    # "بحسب أنقرة": the Turkish government says so; nothing happened in Ankara
    es = marsad.extract("وقتل 12 مسلحا في الغارات الأخيرة بحسب أنقرة.", published="2015-08-03", min_confidence=0)
    assert all(e.location.name_ar != "أنقرة" for e in es)
    es = marsad.extract("واتهمت دمشق المسلحين بقتل 4 جنود في كمين قرب حمص أمس.", published="2015-08-03")
    assert [e.location.name_ar for e in es] == ["حمص"]
    # a place where something happened stays one
    es = marsad.extract("قتل 5 أشخاص في انفجار سيارة مفخخة في أنقرة أمس.", published="2015-08-03")
    assert [e.location.name_ar for e in es] == ["أنقرة"]
