"""Place words that introduce names the gazetteer may lack, lists after plural place words, and
common words or names that are no places (sentences written for these tests)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from marsad.learn.tagger import PlaceTagger
from marsad.models import Article, PlaceMention
from marsad.pipeline import make_doc
from marsad.stages.places import find_places
from marsad.stages.places_select import places_in
from marsad.text.normalize import normalize


def places(text: str, tagger: PlaceTagger | None = None) -> dict[str, PlaceMention]:
    norm = normalize(text)
    return {norm[m.start : m.end]: m for m in find_places(norm, tagger=tagger)}


def best(m: PlaceMention) -> tuple[str | None, str]:
    c = m.candidates[0]
    return c.country, c.name


class _Sure(PlaceTagger):
    """A tagger that takes every gazetteer name for a place: the rules alone decide."""

    def __init__(self) -> None:
        pass

    def loc_probs(self, xseq: Sequence[Sequence[str]]) -> list[float]:
        return [1.0] * len(xseq)


def test_fronts_and_hills_are_places_in_the_unit_named_next_to_them() -> None:
    ps = places("قتل عشرة من المسلحين في جبهة المخدرة وتبة المصارية غربي مأرب.")
    assert "المخدره" in ps and ps["المخدره"].place_word == "جبهه"
    assert "تبه المصاريه" in ps  # a hill's name includes the word
    for name in ("المخدره", "تبه المصاريه"):
        assert best(ps[name]) == ("YE", "Ma'rib")
        assert ps[name].candidates[0].precision == 2


def test_camps_crossings_and_districts() -> None:
    ps = places("هاجم المسلحون معسكر الخشعة ومنفذ الوديعة الحدودي في محافظة حضرموت.")
    assert "معسكر الخشعه" in ps and "الوديعه" in ps
    assert best(ps["الوديعه"])[0] == "YE"
    ps = places("سقطت قذائف على ضاحية الزهور في دمشق.")
    assert "الزهور" in ps and best(ps["الزهور"])[0] == "SY"


def test_political_fronts_are_not_places() -> None:
    ps = places("أعلنت جبهة النصرة وجبهة حزب التحرير مسؤوليتهما عن الهجوم على بلدة في ريف إدلب.")
    assert set(ps) == {"ريف ادلب"}
    assert "الشعبيه" not in places("نددت الجبهة الشعبية بالقصف على مدينة غزة.")


def test_what_a_camp_is_for_is_no_name() -> None:
    ps = places("قصفت الطائرات معسكر تدريب ومعسكر للقوات الخاصة في محافظة مأرب.")
    assert set(ps) == {"مارب"}


def test_every_member_of_a_village_list_after_a_known_first_one() -> None:
    ps = places("تعرضت قرى الحواش والقاهرة والعنكاوي والعمقية بسهل الغاب لقصف مكثف.")
    assert {"الحواش", "القاهره", "العنكاوي", "العمقيه"} <= set(ps)
    # a big city's name listed among villages is a village of the list, not Cairo
    assert best(ps["القاهره"])[0] == "SY" and best(ps["العمقيه"])[0] == "SY"


def test_a_list_ends_at_a_verb() -> None:
    ps = places("قصفت الطائرات قرى الصافية والمزرعة وقتل فيها ثلاثة في ريف حماة.")
    assert {"الصافيه", "المزرعه"} <= set(ps) and "قتل" not in ps
    ps = places("انفجرت قنبلة في أحد أحياء بغداد، بحسب الشرطة.")
    assert set(ps) == {"بغداد"}


def test_areas_list_needs_a_known_place_to_close_it() -> None:
    ps = places("شن الطيران غارات على مناطق الصوفية والحامرية والبوشعبان شرقي الفلوجة.")
    assert {"الصوفيه", "الحامريه", "البوشعبان"} <= set(ps)
    assert best(ps["البوشعبان"])[0] == "IQ"
    assert set(places("شن الطيران غارات على مناطق سيطرة المعارضة والنظام في حلب.")) == {"حلب"}
    assert "متفرقه" not in places("سقطت قذائف على مناطق متفرقة وأخرى في حلب.")


def test_a_name_after_barack_is_not_a_town() -> None:
    assert places("قال الرئيس الأمريكي باراك أوباما إن الحرب طويلة.") == {}


def test_a_direction_word_before_a_common_noun() -> None:
    ps = places("وجدت الشرطة جثة وسط بركة من الدماء في منزله بحلب.")
    assert set(ps) == {"حلب"}
    ps = places("قتل ثلاثة مسلحين شمال الموصل ووسط الرمادي.")
    assert ps["الموصل"].direction == "شمال" and ps["الرمادي"].direction == "وسط"


def test_a_newspaper_is_not_a_place() -> None:
    assert "الشرق الاوسط" not in places('وقال مصدر في حديث لـ"الشرق الأوسط" إن القوات تقدمت في الموصل.')
    assert "الشرق الاوسط" not in places("وقال مصدر لصحيفة الشرق الأوسط إن الطيران قصف الموصل.")


def test_generic_regions_only_in_the_countries_of_the_text() -> None:
    sure = _Sure()
    ps = places("هاجمت القوات مواقع المقاومة في المنطقة الوسطى قرب مدينة زنجبار في أبين.", sure)
    m = ps["المنطقه الوسطي"]
    assert m.candidates and all(c.country == "YE" for c in m.candidates)  # not Israel's district
    ps = places("سقطت صواريخ على المنطقة الجنوبية في إسرائيل قرب بئر السبع.", sure)
    assert best(ps["المنطقه الجنوبيه"])[0] == "IL"
    # the Middle East is a region of no country: a place name, never an event's site
    text = normalize("قصفت الطائرات مواقع في الشرق الأوسط وفي سوريا والعراق.")
    doc = make_doc(Article("t", text))
    doc = replace(doc, places=tuple(find_places(text, tagger=sure)))
    assert any(p.name_ar == "الشرق الاوسط" for p in doc.places)
    assert "الشرق الاوسط" not in {p.name_ar for p in places_in(doc, 0, len(text))}
