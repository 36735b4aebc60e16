"""Event triggers: every event type is found, and negated, hypothetical or future mentions are not events."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import marsad
from marsad.models import TriggerMention
from marsad.stages.tolls import find_tolls
from marsad.stages.triggers import find_triggers, is_negated
from marsad.text.normalize import normalize
from marsad.text.numbers import find_numbers


def all_negated(text: str, keep: Callable[[TriggerMention], bool]) -> tuple[bool, bool]:
    """Whether ``text`` has triggers that ``keep`` selects, and whether every one is negated."""
    norm = normalize(text)
    found = [t for t in find_triggers(norm) if keep(t)]
    return bool(found), all(is_negated(norm, 0, t.start) for t in found)


PUB = "2024-05-07"

# one plain sentence per ACLED event type, composed for these tests
TYPE_SENTENCES = [
    ("Battles", "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في مدينة درعا أمس."),
    ("Explosions/Remote violence", "قصفت طائرات النظام مدينة دوما بالصواريخ أمس."),
    ("Violence against civilians", "أعدم تنظيم الدولة خمسة مدنيين في مدينة الرقة."),
    ("Protests", "تظاهر مئات المحتجين في مدينة حمص للمطالبة بالإفراج عن المعتقلين."),
    ("Riots", "اندلعت أعمال شغب في مدينة البصرة أمس."),
    ("Strategic developments", "اعتقلت قوات النظام عشرين شابا في مدينة حماة."),
]


def event_types(text: str) -> set[str]:
    return {t.event_type for t in find_triggers(normalize(text)) if t.counts is None}


@pytest.mark.parametrize(("etype", "text"), TYPE_SENTENCES)
def test_each_event_type_has_a_trigger(etype: str, text: str) -> None:
    assert etype in event_types(text)


@pytest.mark.parametrize(("etype", "text"), TYPE_SENTENCES)
def test_each_event_type_gives_a_record(etype: str, text: str) -> None:
    events = marsad.extract(text, published=PUB)
    assert etype in {e.event_type for e in events}


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("شنت طائرات التحالف غارات على مواقع الحوثيين في مدينة صعدة.", "Air/drone strike"),
        ("فجر انتحاري حزامه الناسف في سوق مدينة كركوك.", "Suicide bomb"),
        ("انفجرت عبوة ناسفة بدورية للجيش في مدينة الرمادي.", "Remote explosive/landmine/IED"),
        ("سيطرت قوات النظام على بلدة خان شيخون بعد معارك عنيفة.", "Government regains territory"),
    ],
)
def test_sub_event_types(text: str, sub: str) -> None:
    assert sub in {e.sub_event_type for e in marsad.extract(text, published=PUB)}


def test_trigger_offsets_point_into_normalized_text() -> None:
    norm = normalize("قصفت طائرات النظام مدينة دوما")
    for t in find_triggers(norm):
        assert norm[t.start : t.end] == t.text


# --- what is not an event ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "لم يسفر القصف عن قتلى في مدينة حلب.",
        "ستقصف الطائرات مدينة حلب غدا.",
        "لن تقصف قوات النظام مدينة حلب.",
        "أي قذيفة يمكن أن تقتل المدنيين في مدينة حلب.",
        # an attempt still under way: "يحاول التنظيم بسط سيطرته"
        "ويحاول التنظيم بسط سيطرته على مدينة تدمر.",
    ],
)
def test_negated_or_future_gives_no_event(text: str) -> None:
    assert marsad.extract(text, published=PUB) == []


def test_denial_gives_no_event() -> None:
    assert marsad.extract("نفى الجيش أنه قصف مدينة حلب.", published=PUB) == []


def test_future_light_verb_gives_no_event() -> None:
    assert marsad.extract("سيشن الجيش هجوما على مدينة حلب.", published=PUB) == []


def test_negated_toll_is_negated() -> None:
    norm = normalize("لم يسفر القصف عن قتلى")
    toll = [t for t in find_triggers(norm) if t.counts == "killed"]
    assert toll
    # either the trigger is negated, or its toll is zero
    if not is_negated(norm, 0, toll[0].start):
        tolls = find_tolls(norm, toll, find_numbers(norm), 0)
        assert all(t.best == 0 for t in tolls)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("لم تقصف الطائرات المدينة", "تقصف"),
        ("لم يشهد الحي أي اشتباكات", "اشتباكات"),
        ("نفت الوزارة وقوع اشتباكات", "اشتباكات"),
    ],
)
def test_is_negated(text: str, word: str) -> None:
    norm = normalize(text)
    pos = norm.index(normalize(word))
    assert is_negated(norm, 0, pos)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("قصفت الطائرات المدينة", "قصفت"),
        ("اندلعت اشتباكات في الحي", "اشتباكات"),
    ],
)
def test_plain_trigger_is_not_negated(text: str, word: str) -> None:
    norm = normalize(text)
    pos = norm.index(normalize(word))
    assert not is_negated(norm, 0, pos)


@pytest.mark.parametrize(
    "text",
    [
        "استقبل ذوو الشهيد المعزين في بيتهم بالقرية",
        "طالبت أسرة القتيل بتسليمها المتهمين",
        "اعتصمت عائلات الشهداء أمام مقر المحافظة",
        "التقى الوزير أهالي الضحايا في البلدة",
        "تأخر تسليم جثامين القتلى إلى المستشفى",
        "شارك المئات في تشييع جثمان الشهيد في البلدة",
        "أدى المصلون الصلاة على الشهيدين في الجامع الكبير",
        "قدم المحافظ التعازي لأقارب القتيل في منزلهم",
    ],
)
def test_the_dead_named_through_their_kin_or_bodies_are_no_new_toll(text: str) -> None:
    found, negated = all_negated(text, lambda t: t.counts == "killed")
    assert found
    assert negated
    assert not [e for e in marsad.extract(text, published="2020-03-01") if e.fatalities.best]


# --- a toll word with no number -------------------------------------------------------------


def test_toll_word_without_number_is_vague() -> None:
    norm = normalize("سقط قتلى في القصف")
    trigs = find_triggers(norm)
    tolls = find_tolls(norm, trigs, find_numbers(norm), 0)
    killed = [t for t in tolls if t.kind == "killed"]
    assert killed
    assert killed[0].vague
    assert killed[0].best is None
    assert killed[0].approximate


def test_vague_toll_in_record_is_approximate() -> None:
    events = marsad.extract("سقط قتلى في قصف على مدينة حلب.", published=PUB)
    assert events
    fat = events[0].fatalities
    assert fat.approximate
    assert fat.best is None or fat.best > 0


@pytest.mark.parametrize(
    "text",
    [
        # a weapon named as a thing destroyed, stored or seized is no shelling of its own
        "ضبطت الشرطة مستودع صواريخ في مدينة الموصل",
        "عثرت القوات على منصات صواريخ مهجورة قرب بلدة البعاج",
    ],
)
def test_weapon_as_a_thing_is_no_shelling(text: str) -> None:
    assert all(e.sub_event_type != "Shelling/artillery/missile attack" for e in marsad.extract(text))


def test_strike_that_destroys_a_mortar_stays_an_air_strike() -> None:
    events = marsad.extract("وأضاف المصدر أن غارة أخرى للتحالف دمرت مدفع هاون للحوثيين في جبهة صرواح")
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]
    assert events[0].actor1 is not None and events[0].actor1.name == "Saudi-led coalition"


def test_talks_about_a_truce_are_no_agreement() -> None:
    text = "وصلت وفود الطرفين إلى القاهرة للمشاركة بمفاوضات الهدنة"
    assert all(e.sub_event_type != "Agreement" for e in marsad.extract(text, min_confidence=0))


@pytest.mark.parametrize(
    "text",
    [
        "تجمع المتظاهرون في ساحة التحرير وسط المدينة",
        "اجتمع قادة هيئة تحرير الشام في إدلب",
        "شارك المئات في مسيرة إلى دوار التحرير في المدينة",
        "أصدرت جبهة جيش تحرير الشعب بيانا في العاصمة",
    ],
)
def test_a_trigger_word_inside_a_name_is_no_trigger(text: str) -> None:
    found, negated = all_negated(text, lambda t: t.event_type == "Battles")
    assert found and negated
