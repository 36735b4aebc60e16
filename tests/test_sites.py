"""Each place of a list gets its own site; the most specific named place is the site
(issue 6 item 4). Sentences written for these tests."""

from __future__ import annotations

from marsad.models import Place
from marsad.stages.places_select import Site, main_chain, sites
from place_text import Text

MOSUL = Place("Mosul", "IQ", "Nineveh", kind="city")
TALKAIF = Place("Tel Keppe", "IQ", "Nineveh", kind="village")
BASHIQA = Place("Bashiqa", "IQ", "Nineveh", kind="village")
SINJAR = Place("Sinjar", "IQ", "Nineveh", kind="village")


def chain_names(norm: str, got: list[Site]) -> list[str]:
    return [norm[s.mention.start : s.mention.end] for s in got]


def test_each_place_word_of_a_list_repeated_gives_a_site() -> None:
    # "ناحية X وناحية Y": the place word repeated before each member still makes one list
    t = Text("اعتقل المسلحون عشرة رجال من ناحية تلكيف وناحية بعشيقة شمال الموصل")
    ms = [t.m("تلكيف", TALKAIF, place_word="ناحيه"), t.m("بعشيقه", BASHIQA, place_word="ناحيه"), t.m("الموصل", MOSUL)]
    assert chain_names(t.norm, main_chain(t.norm, sites(t.norm, ms))) == ["تلكيف", "بعشيقه"]


def test_a_district_joined_to_a_subdistrict_is_a_list() -> None:
    t = Text("خطف المسلحون شبانا من ناحية بعشيقة وقضاء سنجار غرب الموصل")
    ms = [t.m("بعشيقه", BASHIQA, place_word="ناحيه"), t.m("سنجار", SINJAR, place_word="قضاء"), t.m("الموصل", MOSUL)]
    assert chain_names(t.norm, main_chain(t.norm, sites(t.norm, ms))) == ["بعشيقه", "سنجار"]


BAQUBA = Place("Baquba", "IQ", "Diyala", kind="city")
ABARA = Place("Al-Abara", "IQ", "Diyala", kind="village")
TAHRIR = Place("Al-Tahrir, Baquba", "IQ", "Diyala", kind="neighbourhood", parent="Baquba")
MUALIMIN = Place("Al-Muallimin, Baquba", "IQ", "Diyala", kind="neighbourhood", parent="Baquba")


def test_a_town_listed_with_quarters_of_a_city_keeps_its_own_site() -> None:
    # "ناحية X وحيي Y وZ في مدينة W": the quarters fold into the city, the town before them stays in the list
    t = Text("انفجرت عبوات ناسفة في ناحية العبارة وحيي التحرير والمعلمين في بعقوبة")
    ms = [t.m("العباره", ABARA, place_word="ناحيه"), t.m("التحرير", TAHRIR, place_word="حيي"),
          t.m("المعلمين", MUALIMIN, place_word="حيي"), t.m("بعقوبه", BAQUBA)]
    got = main_chain(t.norm, sites(t.norm, ms))
    assert chain_names(t.norm, got) == ["العباره", "بعقوبه"]
    assert got[1].sub_location == "التحرير, المعلمين"


def test_where_the_attackers_stand_is_not_the_site() -> None:
    # the target is named before the event word; the place after it is the shelling's origin
    import datetime as dt

    from marsad.models import Article
    from marsad.pipeline import make_doc, run

    text = ("تعرضت بلدتا كفرنبل وحاس لقصف مدفعي عنيف من قوات النظام المتمركزة في معسكر وادي الضيف"
            " شرق مدينة معرة النعمان.")
    doc = run(make_doc(Article("t", text, published=dt.date(2016, 3, 1))))
    places = [e.location.name_ar for e in doc.events if e.event_type == "Explosions/Remote violence" and e.location]
    assert "كفرنبل" in places
    assert "معرة النعمان" not in places


GAZA = Place("Gaza", "PS", "Gaza Strip", kind="city")
BEACH_CAMP = Place("Beach camp", "PS", "Gaza Strip", kind="neighbourhood", parent="Gaza")


def test_a_camp_named_with_its_word_keeps_its_own_site() -> None:
    # "مخيم X غرب مدينة Y": a refugee camp the gazetteer files under its city is still the site
    t = Text("قتل عشرة في غارة على مخيم الشاطئ غرب مدينة غزة")
    ms = [t.m("الشاطئ", BEACH_CAMP, place_word="مخيم"), t.m("غزه", GAZA, place_word="مدينه")]
    got = sites(t.norm, ms)
    assert chain_names(t.norm, got) == ["الشاطئ"]
    assert got[0].place == BEACH_CAMP and got[0].sub_location is None


def test_a_quarter_before_its_city_still_folds_into_it() -> None:
    t = Text("قتل عشرة في غارة على حي الشاطئ غرب مدينة غزة")
    ms = [t.m("الشاطئ", BEACH_CAMP, place_word="حي"), t.m("غزه", GAZA, place_word="مدينه")]
    got = sites(t.norm, ms)
    assert chain_names(t.norm, got) == ["غزه"] and got[0].sub_location == "الشاطئ"


def test_a_dateline_is_where_the_report_was_filed_not_the_site() -> None:
    import marsad

    text = "* كابل - «صحيفة المساء»: قتل ستة من عناصر الشرطة في انفجار قنبلة في ولاية هرات أمس."
    places = {e.location.name_ar for e in marsad.extract(text, published="2015-07-20", min_confidence=0)}
    assert "هرات" in places and "كابل" not in places
    # the same city in the running text is a site
    text = "قتل ستة من عناصر الشرطة في انفجار قنبلة في مدينة كابل أمس."
    assert {e.location.name_ar for e in marsad.extract(text, published="2015-07-20", min_confidence=0)} == {"كابل"}
