"""Place recognition on sentences written for these tests."""

from __future__ import annotations

import pytest

import marsad
from marsad.models import PlaceMention
from marsad.stages.places import country_focus, find_places
from marsad.text.normalize import normalize


def places(text: str, hint: str | None = None) -> list[tuple[str, PlaceMention]]:
    norm = normalize(text)
    return [(norm[m.start : m.end], m) for m in find_places(norm, country_hint=hint)]


def spans(text: str) -> list[str]:
    return [s for s, _ in places(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصفت الطائرات مدينة جسر الشغور صباحا", ["جسر الشغور"]),
        ("سقطت قذائف على ريف دمشق", ["ريف دمشق"]),
        ("وصل الوفد إلى حلب ثم بالرقة", ["حلب", "الرقه"]),
        ("زار الوزير حلبا في لبنان", ["حلبا", "لبنان"]),
        ("قال الجيش السوري والقوات العراقية إن الهدوء عاد", []),
        ("صرح أبو النصر للصحفيين", []),
        # a party's name is not a place: "حزب العمال" names no town called العمال
        ("اتهمت الحكومة حزب العمال بالوقوف وراء الهجوم", []),
        ("تحدث الرئيس عن أفريقيا وآسيا", ["افريقيا", "اسيا"]),
    ],
)
def test_spans(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


def test_list_after_plural_place_word() -> None:
    got = places("قصفت الطائرات قرى الناجية والكندة ويحمول وتفتناز في ريف إدلب")
    names = [s for s, _ in got]
    assert names == ["الناجيه", "الكنده", "يحمول", "تفتناز", "ريف ادلب"]
    unknown = got[0][1]
    assert unknown.place_word == "قري"
    assert unknown.candidates and unknown.candidates[0].admin1 == "Idlib"
    assert unknown.candidates[0].precision >= 2


def test_neighbourhood_list() -> None:
    got = places("اشتباكات في أحياء الفردوس والصالحين وبستان القصر بحلب")
    hoods = [m for _, m in got if m.place_word == "احياء"]
    assert [m.name_ar for m in hoods] == ["الفردوس", "الصالحين", "بستان القصر"]
    assert all(m.candidates[0].kind == "neighbourhood" for m in hoods)
    assert hoods[0].candidates[0].parent == "Aleppo"


def test_camps_after_a_plural_camp_word_are_the_registered_camps() -> None:
    # "مخيمات X وY": each name is looked up as "مخيم X" first
    got = places("قصفت الطائرات مخيمات الشاطئ وجنين")
    first = got[0][1]
    assert got[0][0] == "الشاطئ" and first.place_word == "مخيمات"
    assert first.candidates and first.candidates[0].name.startswith("Beach camp")


def test_unknown_name_after_place_word_without_context() -> None:
    got = places("وصل إلى بلدة زرقلان صباحا")
    assert [(s, m.candidates) for s, m in got] == [("زرقلان", ())]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("دخلت القوات مدينة غزة", "غزه", "Gaza"),
        ("قصف على قطاع غزة", "غزه", "Gaza Strip"),
        ("اقتحام الضفة الغربية", "الضفه الغربيه", "West Bank"),
        ("مداهمة في مخيم جنين", "جنين", "Jenin camp"),
        ("غارات على جنوب لبنان", "لبنان", "South Lebanon"),
    ],
)
def test_resolution(text: str, name: str, expected: str) -> None:
    got = {s: m for s, m in places(text)}
    assert got[name].candidates[0].name == expected


def test_the_strip_after_gaza() -> None:
    got = places("قصفت الطائرات شمال قطاع غزة، وقتل ثلاثة في القطاع")
    assert got[-1][0] == "القطاع"
    assert got[-1][1].candidates[0].name == "Gaza Strip"
    assert spans("نمو القطاع الخاص") == []


@pytest.mark.parametrize(
    ("text", "direction", "name"),
    [("قصف على شرق حلب", "شرق", "حلب"), ("قتل جندي في تكريت شمال بغداد", "شمال", "بغداد")],
)
def test_directions(text: str, direction: str, name: str) -> None:
    got = {s: m for s, m in places(text)}
    assert got[name].direction == direction
    assert got[name].candidates[0].precision >= 2


def test_country_focus_ranks_candidates() -> None:
    # "رفح" is a town in Egypt and in Gaza
    eg = {s: m for s, m in places("اشتباكات في العريش والشيخ زويد ورفح")}["رفح"]
    ps = {s: m for s, m in places("غارات على خان يونس ودير البلح ورفح")}["رفح"]
    assert eg.candidates[0].country == "EG"
    assert ps.candidates[0].country == "PS"
    hinted = {s: m for s, m in places("وصل إلى رفح", hint="EG")}["رفح"]
    assert hinted.candidates[0].country == "EG"


def test_country_focus() -> None:
    norm = normalize("قصف على حلب وإدلب ثم في بغداد")
    assert country_focus(find_places(norm)) == "SY"
    assert country_focus([]) is None


def test_ambiguous_word_needs_place_word() -> None:
    assert "المنصوره" not in spans("قال إن المنصورة في الحرب")
    assert "المنصوره" in spans("اشتباكات في مديرية المنصورة بعدن") or "المنصوره" in spans(
        "اشتباكات في حي المنصورة بعدن"
    )


def test_diacritics_and_tatweel_still_match() -> None:
    assert spans("قُصِفَت مدينـــة حَلَب") == ["حلب"]


@pytest.mark.parametrize(
    "text",
    [
        "وصل لاجئ سوري إلى المدينة",  # not Surrey
        "أصيب مقاتلون من جنسيات سورية وعراقية",
        "قالت القوات السعودية إن الهدوء عاد",
        "التقى الوزير بمسؤول روسي وآخر كندي",
        "زار الوفد مدنا إسرائيلية عدة",
    ],
)
def test_demonyms_are_not_places(text: str) -> None:
    assert spans(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("عاد اللاجئون إلى سورية", "سوريه"),
        ("وصل الوزير إلى السعودية", "السعوديه"),
        ("اتهمت سورية جارتها بالتصعيد", "سوريه"),
        ("زار الوزير العراق وسورية", "سوريه"),
        ("أعلن التحالف بقيادة السعودية بدء العملية", "السعوديه"),
        ("قالت سوريا إن الهدوء عاد", "سوريا"),
    ],
)
def test_country_names_in_place_positions(text: str, name: str) -> None:
    assert name in spans(text)


def test_focus_country_beats_a_bigger_namesake() -> None:
    # "المنصوره" is a big city in Egypt and a village in Syria
    got = {s: m for s, m in places("قصف على حلب وإدلب وحماة ثم على بلدة المنصورة")}
    assert got["المنصوره"].candidates[0].country == "SY"


def test_foreign_name_said_to_lie_in_a_focus_place() -> None:
    got = {s: m for s, m in places("غارات على صعدة وعمران، وقصف على همدان بمدينة الحزم")}
    assert got["همدان"].candidates[0].country == "YE"
    assert got["همدان"].candidates[0].admin1 == "Al Jawf"


@pytest.mark.parametrize(
    "text",
    [
        # an indefinite plural of things takes a feminine singular adjective: it names no town
        "أمطر المسلحون ثلاث بلدات شيعية محاصرة بالقذائف",
        "قصفت الطائرات قرى كردية قرب الحدود",
        "نزح السكان من مدن ساحلية عديدة",
        # nor does a participle ("م...ة")
        "قصفت المدفعية بلدات محاصرة قرب الحدود",
        "نزحت العائلات من قرى مجاورة بعد الاشتباكات",
        "تجول المراسل في أحياء مدمرة بالكامل",
    ],
)
def test_adjective_after_plural_place_word_is_no_name(text: str) -> None:
    assert spans(text) == []


def test_names_after_plural_place_word_still_listed() -> None:
    # a name may end in "ة" (not in the adjective's "ية"), and a definite one is a name
    assert spans("طرد المقاتلون المسلحين من قرى زبيدة، والمشرفية، وحمرة") == ["زبيده", "المشرفيه", "حمره"]


@pytest.mark.parametrize("word", ["تمركز", "تجمع", "عمليات"])
def test_verbal_noun_after_place_word_is_no_name(word: str) -> None:
    assert spans(f"استهدفت الغارة منطقة {word} للمسلحين") == []


@pytest.mark.parametrize("word", ["الحادث", "الانفجار", "الهجوم"])
def test_the_event_after_a_place_word_is_no_name(word: str) -> None:
    # "منطقة الحادث" is the scene of what was told, not a place called "the incident"
    assert spans(f"وقامت قوات الأمن بتمشيط منطقة {word} بحثا عن عبوات أخرى") == []


@pytest.mark.parametrize("text", ["قتل خمسة أشخاص في منطقة مزدحمة قرب المطار", "نزح السكان إلى بلدات صغيرة في الجنوب"])
def test_a_describing_adjective_after_a_place_word_is_no_name(text: str) -> None:
    # "منطقة مزدحمة" is a crowded area and "بلدات صغيرة" small towns: no place is named
    assert spans(text) == []


def test_gaza_corridors_named_alone_are_the_corridors_in_a_gaza_report() -> None:
    import marsad

    events = marsad.extract("قصفت المقاومة مواقع إسرائيلية في محوري فيلادلفيا ونتساريم في قطاع غزة")
    assert {(e.location.name_ar, e.location.country) for e in events} == {("فيلادلفيا", "PS"), ("نتساريم", "PS")}


def test_the_operation_after_its_perpetrator_is_no_place() -> None:
    # "منفذ" is a border crossing, but "منفذ العملية" is who carried the operation out
    assert spans("واستشهد منفذ العملية برصاص جنود الاحتلال") == []


def test_the_strip_named_back_is_recorded_by_its_name() -> None:
    text = "قصفت طائرات الاحتلال مدينة غزة أمس.\nواستشهد 20 فلسطينيا في غارات على بلدات شرقي القطاع اليوم."
    es = marsad.extract(text, published="2024-05-07")
    strip = [e for e in es if e.location.name == "Gaza Strip"]
    assert strip and all(e.location.name_ar == "قطاع غزة" for e in strip)


def top(text: str, attr: str = "country") -> dict[str, str | None]:
    """Each place mention of ``text``, by its span: its best candidate's ``attr`` (None: unknown)."""
    return {span: getattr(m.candidates[0], attr) if m.candidates else None for span, m in places(text)}


def test_an_adverb_after_a_list_of_towns_is_no_town() -> None:
    # "مدن كبيشاور، وكذلك مناطق ...": "كذلك" (likewise) continues the sentence, not the list
    names = spans("وتكررت الهجمات على المساجد في عدة مدن كبيشاور، وكذلك مناطق شمال باكستان.")
    assert "كذلك" not in names and "بيشاور" in names


def test_scattered_areas_and_a_centre_are_no_list_of_names() -> None:
    # "مناطق متفرقة وسط وجنوبي القطاع": an adjective and a direction, not two villages
    names = spans("قصفت الطائرات مناطق متفرقة وسط وجنوبي قطاع غزة.")
    assert "متفرقه" not in names and "سط" not in names and "قطاع غزه" in names
    names = spans("قصفت الطائرات بلدات دوما والكندة وسط ريف دمشق.")
    assert "دوما" in names and "الكنده" in names


def test_a_phrase_registered_abroad_yields_to_a_namesake_in_the_text_s_country() -> None:
    assert top("بسطت القوات سيطرتها على مدينة زنجبار عاصمة محافظة أبين جنوب اليمن.")["زنجبار"] == "YE"
    assert top("وصل الرئيس إلى مدينة زنجبار في تنزانيا أمس.")["زنجبار"] == "TZ"


def test_naval_support_is_no_place() -> None:
    assert spans("سيطرت القوات على المدينة بإسناد جوي وبحري من قوات التحالف.") == []


def test_a_town_spelt_with_jim_for_ghayn_and_a_road_junction() -> None:
    got = top("وقع الهجوم على موقع لقوات الأمن في منطقة دوجو بايزيد شرق تركيا.", "name")
    assert got.get("دوجو بايزيد") == "Doğubayazıt"
    # "مفرق الجوف": a junction named after a province, not Jordan's Mafraq
    got = top("استهدفت الغارات تعزيزات للحوثيين بالقرب من مفرق الجوف شمال اليمن.")
    assert "مفرق" not in got and got.get("الجوف") == "YE"


def test_a_list_member_is_not_read_through_a_clitic_into_a_foreign_city() -> None:
    # "وبليون" in a list of Syrian villages is a village, not و + ب + Lyon
    got = top("قصف بلدات كنصفرة والبارة وبليون في جبل الزاوية بريف إدلب.")
    assert "ليون" not in got and got.get("بليون") == "SY"
    # a list of foreign cities keeps its own reading
    assert top("زار الوفد مدن باريس وبليون وبرلين.").get("ليون") == "FR"


@pytest.mark.parametrize("text", ["نقلت وكالة أنباء الأناضول عن شهود أن الانفجار وقع ليلا",
                                  "وذكرت وكالة أنباء فارس أن الحريق أخمد بعد ساعات"])  # fmt: skip
def test_a_place_in_a_news_agency_s_name_is_no_place(text: str) -> None:
    # "وكالة أنباء X": the agency speaks; the region or province it is named after is not where things happened
    assert spans(text) == []
