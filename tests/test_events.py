"""Records end to end through ``marsad.extract``: places, merging, dates, evidence, ids, the output shape."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import marsad
from marsad.models import Event
from marsad.text.normalize import normalize

PUB = "2024-05-07"  # a Tuesday

SCHEMA_FIELDS = {
    "event_id",
    "doc_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor1_inferred",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "civilian_targeting",
    "location",
    "fatalities",
    "injured",
    "quantities",
    "sources",
    "outlet",
    "url",
    "evidence",
    "notes",
    "confidence",
    "tags",
}
LOCATION_FIELDS = {
    "name_ar",
    "name",
    "geonameid",
    "country",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "geo_precision",
    "sub_location_ar",
}
COUNT_FIELDS = {"best", "low", "high", "approximate", "text"}
ACTOR_FIELDS = {"name", "name_ar", "inter"}

TEXTS = [
    "قصفت طائرات النظام مدينة دوما أمس، ما أدى إلى مقتل أربعة مدنيين وإصابة عشرة آخرين.",
    "قصفت طائرات النظام قرى حيش وكفريا وأرمناز بريف إدلب، ما أدى إلى مقتل سبعة مدنيين.",
    "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في مدينة درعا أمس.\n"
    "وقال ناشطون إن ثلاثة عناصر من قوات النظام قتلوا في الاشتباكات.",
    "شنت طائرات التحالف غارات على مواقع الحوثيين في مدينة صعدة، وفق مصادر محلية.",
    "استشهد أربعة فلسطينيين بقصف إسرائيلي على مخيم جباليا شمال قطاع غزة اليوم.",
]


def extract(text: str, title: str | None = None) -> list[Event]:
    return marsad.extract(text, published=PUB, title=title)


# --- several places in one sentence ----------------------------------------------------------


def test_three_villages_give_three_records() -> None:
    events = extract("قصفت طائرات النظام قرى حيش وكفريا وأرمناز بريف إدلب، ما أدى إلى مقتل سبعة مدنيين.")
    assert [normalize(e.location.name_ar) for e in events] == ["حيش", "كفريا", "ارمناز"]
    assert events[0].fatalities.best == 7
    for e in events[1:]:
        assert e.fatalities.best == 0
        assert e.fatalities.approximate
    assert len({e.event_id for e in events}) == 3


def test_town_and_unknown_villages_give_one_record_each() -> None:
    events = extract("قصفت قوات النظام مدينة سلقين وقرى الزيادية والمشيرفة، ما أدى إلى مقتل سبعة مدنيين.")
    assert len(events) == 3
    assert events[0].fatalities.best == 7
    assert [e.fatalities.best for e in events[1:]] == [0, 0]


# --- one event told twice --------------------------------------------------------------------


def test_title_and_body_give_one_record() -> None:
    events = extract(
        "قتل سبعة مدنيين بغارات روسية على مدينة سراقب، وفق المرصد السوري لحقوق الإنسان.",
        title="غارات روسية تقتل سبعة مدنيين في سراقب",
    )
    assert len(events) == 1
    e = events[0]
    assert e.fatalities.best == 7
    assert e.sources
    # the body tells more than the headline: its sentence is the evidence
    assert e.evidence.start > len("غارات روسية تقتل سبعة مدنيين في سراقب")


def test_title_and_body_keep_both_sources() -> None:
    events = extract(
        "قتل سبعة مدنيين بغارات روسية على مدينة سراقب، وفق المرصد السوري لحقوق الإنسان.",
        title="ناشطون: غارات روسية تقتل سبعة مدنيين في سراقب",
    )
    assert len(events) == 1
    names = {normalize(s.name_ar) for s in events[0].sources}
    assert any("المرصد" in n for n in names)
    assert any("ناشط" in n for n in names)


def test_title_and_dated_body_give_one_record() -> None:
    events = extract(
        "قتل سبعة مدنيين أمس بغارات روسية على مدينة سراقب، وفق المرصد السوري لحقوق الإنسان.",
        title="غارات روسية تقتل سبعة مدنيين في سراقب",
    )
    assert len(events) == 1
    assert events[0].event_date == dt.date(2024, 5, 6)


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [
        ("قصفت طائرات النظام مدينة دوما أمس.", "2024-05-07", dt.date(2024, 5, 6)),
        ("قصفت طائرات النظام مدينة دوما أمس.", "2024-03-01", dt.date(2024, 2, 29)),
        ("قصفت طائرات النظام مدينة دوما أمس.", "2025-01-01", dt.date(2024, 12, 31)),
        ("قصفت طائرات النظام مدينة دوما اليوم.", "2024-05-07", dt.date(2024, 5, 7)),
        ("قصفت طائرات النظام مدينة دوما يوم الأحد.", "2024-05-07", dt.date(2024, 5, 5)),
        ("قصفت طائرات النظام مدينة دوما.", "2024-05-07", dt.date(2024, 5, 7)),
    ],
)
def test_event_date(text: str, published: str, day: dt.date) -> None:
    events = marsad.extract(text, published=published)
    assert events
    assert events[0].event_date == day
    assert events[0].time_precision == 1


def test_no_publication_date_and_no_date_word() -> None:
    events = marsad.extract("قصفت طائرات النظام مدينة دوما.")
    assert events
    assert events[0].event_date is None


# --- evidence --------------------------------------------------------------------------------


EVIDENCE_CASES = [
    (TEXTS[0], None),
    (TEXTS[2], None),
    ("قتل سبعة مدنيين بغارات روسية على مدينة سراقب.", "غارات روسية تقتل سبعة مدنيين في سراقب"),
    # diacritics and tatweel shift every offset between the normalized and the original text
    ("قصفت طائراتُ النظامِ مدينةَ دومـــا أمسِ، ما أدى إلى مقتلِ أربعةِ مدنيين.", None),
    ("قَصَفَتْ طائراتُ النّظامِ مدينةَ دُومـــــا، وقُتِلَ ٥ مدنيين.", "قصــفٌ على دومـا"),
    ("\u200fقصفت طائرات النظام مدينة دوما\u00a0أمس.", None),
]


@pytest.mark.parametrize(("text", "title"), EVIDENCE_CASES)
def test_evidence_is_a_slice_of_the_original(text: str, title: str | None) -> None:
    events = extract(text, title=title)
    assert events
    original = f"{title}\n\n{text}" if title else text
    for e in events:
        ev = e.evidence
        assert 0 <= ev.start < ev.end <= len(original)
        assert ev.text == original[ev.start : ev.end]
        assert ev.text.strip() == ev.text


def test_location_name_is_as_written() -> None:
    text = "قصفت طائراتُ النظامِ مدينةَ دومـــا أمسِ."
    e = extract(text)[0]
    assert e.location.name_ar in text
    assert normalize(e.location.name_ar) == "دوما"


def test_location_name_has_clitics_stripped() -> None:
    e = extract("سقطت قذائف هاون بحلب أمس، ما أدى إلى مقتل مدنيين.")[0]
    assert normalize(e.location.name_ar) == "حلب"


def test_actor_and_source_names_are_as_written() -> None:
    text = "اندلعت اشتباكات بين قوات النظام وفصائل المعارضة في مدينة درعا، وفق المرصد السوري لحقوق الإنسان."
    events = extract(text)
    assert events
    for e in events:
        for a in (e.actor1, e.actor2):
            if a is not None and a.name_ar:
                assert a.name_ar in text
        for s in e.sources:
            assert s.name_ar in text


# --- ids and the output shape ----------------------------------------------------------------


@pytest.mark.parametrize("text", TEXTS)
def test_event_id_is_stable(text: str) -> None:
    first = [e.event_id for e in extract(text)]
    second = [e.event_id for e in extract(text)]
    assert first
    assert first == second
    assert len(set(first)) == len(first)


def test_event_id_depends_on_doc_id() -> None:
    a = marsad.extract(TEXTS[0], published=PUB, doc_id="a")
    b = marsad.extract(TEXTS[0], published=PUB, doc_id="b")
    assert {e.event_id for e in a}.isdisjoint({e.event_id for e in b})
    assert all(e.doc_id == "a" for e in a)


@pytest.mark.parametrize("text", TEXTS)
def test_to_dict_has_exactly_the_schema_fields(text: str) -> None:
    events = extract(text)
    assert events
    for e in events:
        d = e.to_dict()
        assert set(d) == SCHEMA_FIELDS
        assert set(d["location"]) == LOCATION_FIELDS
        assert set(d["fatalities"]) == COUNT_FIELDS
        assert d["injured"] is None or set(d["injured"]) == COUNT_FIELDS
        assert set(d["evidence"]) == {"text", "start", "end"}
        for actor in [d["actor1"], d["actor2"], *d["assoc_actor_1"], *d["assoc_actor_2"]]:
            assert actor is None or set(actor) == ACTOR_FIELDS
        for s in d["sources"]:
            assert set(s) == {"name_ar", "name", "kind"}
        json.dumps(d, ensure_ascii=False)  # serialisable as is


@pytest.mark.parametrize("text", TEXTS)
def test_record_values_are_in_range(text: str) -> None:
    types = {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }
    for e in extract(text):
        d = e.to_dict()
        assert d["event_type"] in types
        assert d["time_precision"] in (1, 2, 3)
        assert d["location"]["geo_precision"] in (1, 2, 3)
        assert 0.0 <= d["confidence"] <= 1.0
        for actor in (d["actor1"], d["actor2"]):
            assert actor is None or actor["inter"] in range(1, 9)
        fat = d["fatalities"]
        assert fat["best"] is None or fat["best"] >= 0
        if fat["best"] is not None and fat["low"] is not None:
            assert fat["low"] <= fat["best"]
        if d["event_date"] is not None:
            dt.date.fromisoformat(d["event_date"])


# --- no events -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "افتتحت وزارة التربية مدرسة جديدة في مدينة حمص اليوم بحضور المحافظ.",
        "ارتفعت أسعار الخبز في أسواق مدينة دمشق خلال الأسبوع الماضي.",
        "دعا الأمين العام للأمم المتحدة إلى وقف القتال فورا.",
        # a month's count and a takeover told as background are not events of the day
        "وقالت الشرطة إن 30 جنديا قتلوا في هجمات المسلحين خلال الشهر الماضي.",
        "ويقيم رئيس الحكومة في مدينة طبرق منذ سيطرت جماعة مسلحة على العاصمة طرابلس.",
        # a wave sums up what the report then tells one by one
        "وقتل 12 شخصا في موجة عنف جديدة شهدتها مدينة كركوك.",
        # a count over several days is not one day's event
        "منظمة إغاثة: مقتل أكثر من 40 مدنيا في مدينة إدلب خلال ثلاثة أيام",
        "",
        "   \n\n  ",
    ],
)
def test_article_without_events(text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The army shelled the city of Aleppo yesterday, killing five civilians.",
        "Clashes broke out in Daraa; 3 people were killed, 12 injured.",
    ],
)
def test_english_text_gives_nothing(text: str) -> None:
    assert extract(text) == []


# --- a period said in one part of a long sentence ----------------------------------------------


def test_a_long_period_makes_its_own_clause_a_summary() -> None:
    assert extract("وقتل 40 شخصا في اشتباكات في مدينة درعا منذ بدء المعارك قبل أشهر.") == []


def test_an_occupying_army_s_raid_is_no_territory_taken() -> None:
    assert extract("وفي الأثناء اقتحمت قوات الاحتلال مدن طولكرم ونابلس وقلقيلية فجر اليوم.") == []
    # a state's forces storming a town held by others do take it
    got = marsad.extract("اقتحمت قوات النظام بلدة كفرنبل في ريف إدلب أمس.", published="2024-05-07", min_confidence=0)
    assert "Government regains territory" in [e.sub_event_type for e in got]


def test_taking_back_bodies_or_captives_is_no_territory() -> None:
    assert extract("وأعلن الجيش استعادة جثث 3 من جنوده في مدينة رفح.") == []
    assert extract("نجحت قوة خاصة في تحرير الرهائن في مدينة كيدال أمس.") == []
    assert extract("وكان الجيش قد استعاد في مدينة خان يونس جثامينهم يوم السبت.") == []
    got = extract("أعلن الجيش استعادة السيطرة على مدينة تكريت أمس.")
    assert [e.sub_event_type for e in got] == ["Government regains territory"]


def test_an_accusation_without_a_toll_is_no_event() -> None:
    # "اتهم X بشن الضربات": a charge about a campaign; with the dead it counts, it reports one
    assert extract("واتهم زعيم حزب معارض الرئيس بشن الضربات الجوية في سوريا لحرمان الأكراد من المكاسب.") == []
    got = extract("واتهمت الحكومة الحوثيين بقصف حي سكني في مدينة تعز أمس مما أدى إلى مقتل 5 مدنيين.")
    assert [(e.location.name_ar, e.fatalities.best) for e in got] == [("تعز", 5)]


def test_a_week_or_a_month_of_strikes_summed_up_is_no_event() -> None:
    assert extract("وقال مسؤول إن الغارات أسفرت خلال أسبوع عن مقتل 90 مسلحا في جبال قرب مدينة دهوك.") == []
    assert extract("وقتل 300 شخص في هجمات متفرقة في ولاية بورنو خلال شهر.") == []
    # a day's toll stays an event
    assert extract("وقتل 9 مسلحين في غارات على جبال قرب مدينة دهوك أمس.") != []


def test_a_long_period_far_off_in_a_long_sentence_leaves_the_other_events() -> None:
    text = ("وتتواصل الاشتباكات العنيفة بين قوات النظام وفصائل المعارضة في محيط بلدة اللطامنة بريف حماة، "
            "وسط قصف متبادل بين الطرفين على خطوط التماس في المنطقة الشمالية من الريف والتي تمتد على مسافة "
            "طويلة من السهل إلى الجبل وتضم عشرات القرى والمزارع والطرق الزراعية والتلال المرتفعة، وتعد هذه "
            "أقرب نقطة تصل إليها الفصائل من مواقع القوات الحكومية في المنطقة منذ بدء الهجوم.")
    got = extract(text)
    assert [(e.event_type, e.location.name_ar) for e in got][:1] == [("Battles", "اللطامنة")]


# --- crowds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # before a building, a crowd protests even where the building is not a place the gazetteer holds
        "واحتشد متظاهرون أمام مقر الحكومة المحلية مطالبين بالإفراج عن المعتقلين.",
        "واحتشد متظاهرون أمام السجن المركزي منذ ساعات الصباح.",
        # crowd verbs: marching on, forming a chain
        "وفي مدينة البصرة توجه آلاف المتظاهرين إلى مبنى المحافظة.",
        "وشكل مئات المحتجين سلسلة بشرية في مدينة البصرة.",
    ],
)
def test_a_crowd_acting_is_a_protest(text: str) -> None:
    assert [e.event_type for e in extract(text)] == ["Protests"]



def test_a_page_s_keyword_line_is_no_event() -> None:
    # a web page's tag line ("سمات ...") lists the story's words; it tells nothing of its own
    body = "قتل ثلاثة مدنيين في قصف مدفعي على بلدة في ريف حلب أمس."
    es = marsad.extract(body + "\nسمات سوريا حلب قصف مدفعي", published="2015-08-03", min_confidence=0)
    assert es and all("سمات" not in e.evidence.text for e in es)
