"""Counts in normalized text: figures, number words, qualifiers, vague words and what is not a count."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.models import NumberMention
from marsad.text.normalize import normalize
from marsad.text.numbers import (
    NUMBER_WORDS,
    find_numbers,
    implied_count,
    number_word_value,
    parse_count,
)


def counts(text: str) -> list[tuple[str, int | None, int | None, int | None, bool, bool]]:
    return [(m.text, m.best, m.low, m.high, m.approximate, m.vague) for m in find_numbers(normalize(text))]


def bests(text: str) -> list[int | None]:
    return [m.best for m in find_numbers(normalize(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل 79 شخصا في القصف", [79]),
        ("أصيب 1,200 مدني", [1200]),
        ("نزح ١٥ ألف شخص", [15000]),
        ("قتل 13 ألفا من السكان", [13000]),
        ("نزح 5 آلاف شخص", [5000]),
        ("بلغ عدد الشهداء 47 ألفا و306 شهداء", [47306]),
        ("سقط 2 مليون و300 ألف نازح", [2300000]),
        ("قتل 1.5 مليون إنسان", [1500000]),
        ("قتل نصف مليون إنسان", [500000]),
        ("قتل مليون شخص", [1000000]),
        ("قتل الـ24 جنديا", [24]),
        ("قتل واحد من العناصر", [1]),
        ("قتل ثلاثة جنود وأصيب اثنان", [3, 2]),
        ("قتلت امرأتان واثنتين من الفتيات", [2]),
        ("قتل عشرة أشخاص وعشر نساء", [10, 10]),
        ("قتل أحد عشر شخصا", [11]),
        ("أصيب اثنا عشر جنديا", [12]),
        ("قتلت ثلاث عشرة امرأة", [13]),
        ("قتل تسعة عشر مدنيا", [19]),
        ("قتل عشرون مسلحا", [20]),
        ("قتل خمسة وعشرون جنديا", [25]),
        ("قتل اثنين وخمسين عنصرا", [52]),
        ("أصيب مئة شخص", [100]),
        ("أصيب مائة وخمسون شخصا", [150]),
        ("قتل مئتا شخص", [200]),
        ("قتل مائتين من الجنود", [200]),
        ("قتل ثلاثمئة وخمسون", [350]),
        ("قتل سبعمائة شخص", [700]),
        ("قتل ثلاث مئة شخص", [300]),
        ("نزح ألف شخص", [1000]),
        ("نزح ألفا شخص", [1000]),
        ("نزح ألفان من السكان", [2000]),
        ("نزح ألفين وخمسمئة", [2500]),
        ("نزح ثلاثة آلاف شخص", [3000]),
        ("نزح عشرة آلاف شخص", [10000]),
        ("نزح مئة ألف شخص", [100000]),
        ("قتل الجنود الثلاثة", [3]),
        ("قتل 5 جنود و10 مدنيين", [5, 10]),
        ("وقتل ثلاثة وأصيب أربعة", [3, 4]),
    ],
)
def test_values(text: str, expected: list[int]) -> None:
    assert bests(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أصيب نحو ستين شخصا", ("نحو ستين", 60, 60, 60, True, False)),
        ("قتل حوالي 30 مسلحا", ("حوالي 30", 30, 30, 30, True, False)),
        ("قتل قرابة 40 شخصا", ("قرابه 40", 40, 40, 40, True, False)),
        ("نزح زهاء ألف شخص", ("زهاء الف", 1000, 1000, 1000, True, False)),
        ("قتل ما يقارب 200 شخص", ("ما يقارب 200", 200, 200, 200, True, False)),
        ("قتل بنحو 20 شخصا", ("نحو 20", 20, 20, 20, True, False)),
        ("نزح أكثر من 13 ألفا", ("اكثر من 13 الفا", 13000, 13000, None, True, False)),
        ("قتل ما يزيد على 50 شخصا", ("ما يزيد علي 50", 50, 50, None, True, False)),
        ("قتل ما لا يقل عن 30 شخصا", ("ما لا يقل عن 30", 30, 30, None, True, False)),
        ("أصيب أقل من 10 أشخاص", ("اقل من 10", 10, None, 10, True, False)),
        ("قتل بين 10 و15 شخصا", ("بين 10 و15", 10, 10, 15, True, False)),
        ("قتل ما بين 10 و15 شخصا", ("ما بين 10 و15", 10, 10, 15, True, False)),
        ("قتل من 20 إلى 30 شخصا", ("من 20 الي 30", 20, 20, 30, True, False)),
        ("قتل 5-7 أشخاص", ("5-7", 5, 5, 7, True, False)),
        ("قتل ثلاثة أو أربعة أشخاص", ("ثلاثه او اربعه", 3, 3, 4, True, False)),
        ("قتل 20 تقريبا", ("20 تقريبا", 20, 20, 20, True, False)),
        ("قتل 20 على الأقل", ("20 علي الاقل", 20, 20, None, True, False)),
        ("قتل عشرات المدنيين", ("عشرات", 12, 12, None, True, True)),
        ("سقط العشرات بين قتيل وجريح", ("العشرات", 12, 12, None, True, True)),
        ("أصيب مئات الأشخاص", ("مئات", 100, 100, None, True, True)),
        ("أصيب المئات", ("المئات", 100, 100, None, True, True)),
        ("نزح آلاف السكان", ("الاف", 1000, 1000, None, True, True)),
        ("نزح الآلاف", ("الالاف", 1000, 1000, None, True, True)),
        ("نزح عشرات الآلاف", ("عشرات الالاف", 12000, 12000, None, True, True)),
        ("نزح مئات الآلاف", ("مئات الالاف", 100000, 100000, None, True, True)),
        ("قتل عدة جنود", ("عده", None, None, None, True, True)),
        ("قتل عدد من الجنود", ("عدد من", None, None, None, True, True)),
        ("قتل بعض الجنود", ("بعض", None, None, None, True, True)),
        ("قتل عدد غير معروف من الجنود", ("عدد غير معروف", None, None, None, True, True)),
        ("قتل العديد من الجنود", ("العديد من", None, None, None, True, True)),
        ("أدى القصف إلى سقوط قتلى", ("سقوط قتلي", None, None, None, True, True)),
    ],
)
def test_qualifiers_and_vague_words(
    text: str, expected: tuple[str, int | None, int | None, int | None, bool, bool]
) -> None:
    assert counts(text) == [expected]


def test_qualifier_after_the_noun_keeps_the_span_on_the_figure() -> None:
    # the toll stage reads the noun right after the figure: the span must not swallow it
    assert counts("قتل 20 جنديا على الأقل") == [("20", 20, 20, None, True, False)]


@pytest.mark.parametrize(
    "text",
    [
        "وقع ذلك عام 2014 في المدينة",
        "في 2015 تغير كل شيء",
        "منذ 7 أكتوبر/تشرين الأول 2023",
        "في 12 ديسمبر الماضي",
        "يوم 12/12/2016 صباحا",
        "في 2016-12-12",
        "عند الساعة 5 فجرا",
        "عند الساعة 10:30",
        "أيد 95% من السكان",
        "أيد 95 بالمئة من السكان",
        "في اليوم الـ77 للحرب",
        "للمرة الـ3 هذا الشهر",
        "اتصل على الرقم 0933123456",
        "اتصل على 5551234567",
        "طائرة F-16 وطائرة F16",
        "على بعد 10 كلم من المدينة",
        "على بعد 700 كيلومتر",
        "دفع 100 دولار",
        "سجن 20 عاما",
        "بعد 5 أيام من القصف",
        "خلال الـ24 ساعة الماضية",
        "بعد ثلاث سنوات",
        "قذيفة عيار 155",
        "عناصر اللواء 93 والفرقة 17",
        "تطبيق القرار 2254",
        "في 5 رمضان 1436هـ",
        "قتل 3.5 شخص",
        "في الساعة الخامسة",
        "لست أدري",
        "قصف حيفا مرتين بيوم واحد",
        "دامت المعارك عدة أشهر",
        "قطع النازحون عشرات الكيلومترات",
        "وعده بالحضور",
    ],
)
def test_not_counts(text: str) -> None:
    assert counts(text) == []


def test_year_like_figure_before_a_noun_is_a_count() -> None:
    assert bests("قتل 2000 شخص") == [2000]


def test_offsets_and_text() -> None:
    norm = normalize("قالت المصادر إن أكثر من 13 ألفا نزحوا وقتل 5 جنود")
    found = find_numbers(norm)
    assert [norm[m.start : m.end] for m in found] == [m.text for m in found]
    assert [m.text for m in found] == ["اكثر من 13 الفا", "5"]


def test_range_with_rising_toll_is_not_a_range() -> None:
    assert bests("ارتفع عدد القتلى من 10 إلى 20 شخصا") == [10, 20]


@pytest.mark.parametrize(
    ("phrase", "best", "approximate"),
    [("نحو 20", 20, True), ("ثلاثة آلاف", 3000, False), ("١٢", 12, False), ("بضعة آلاف", 3000, True)],
)
def test_parse_count(phrase: str, best: int, approximate: bool) -> None:
    m = parse_count(phrase)
    assert isinstance(m, NumberMention)
    assert (m.best, m.approximate) == (best, approximate)


def test_parse_count_none() -> None:
    assert parse_count("لا شيء هنا") is None


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("قتيلين", 2),
        ("قتيلان", 2),
        ("جريحين", 2),
        ("شهيدان", 2),
        ("جنديين", 2),
        ("طفلين", 2),
        ("عنصرين", 2),
        ("ضابطين", 2),
        ("شخصين", 2),
        ("طفلتين", 2),
        ("امراتين", 2),
        ("مدنيان", 2),
        ("فلسطينيان", 2),
        ("مستوطنان", 2),
        ("مدنيين", None),
        ("مسلحين", None),
        ("مواطنين", None),  # dual and plural are spelled alike
        ("قتيل", 1),
        ("قتيلا", 1),
        ("جنديا", 1),
        ("طفل", 1),
        ("مدني", 1),
        ("شرطي", 1),
        ("والقتيلين", 2),
        ("للجنديين", 2),
        ("بقتيل", 1),
        ("رجل", None),
        ("قتلي", None),
        ("", None),
    ],
)
def test_implied_count(noun: str, expected: int | None) -> None:
    assert implied_count(noun) == expected


@pytest.mark.parametrize(
    ("word", "value"),
    [("ثلاثه", 3), ("احد عشر", 11), ("تسعين", 90), ("مائه", 100), ("سبعمئه", 700), ("قتيل", None)],
)
def test_number_word_value(word: str, value: int | None) -> None:
    assert number_word_value(word) == value


def test_number_words_table_is_consistent() -> None:
    for word, value in NUMBER_WORDS.items():
        assert word == normalize(word)
        assert 1 <= value <= 900
        assert bests(f"قتل {word} شخصا") == [value]


_ALPHABET = st.sampled_from(
    list("0123456789 ،.,-/:%")
    + list("ابتثجحخدذرسشصضطظعغفقكلمنهويءئؤ")
    + ["الف ", "و", "عشر", "ثلاث", "مئه", "اكثر من ", "بين ", "عام ", "عشرات ", "الاف", "ال", "\n"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_random_text_never_raises(text: str) -> None:
    found = find_numbers(text)
    last = -1
    for m in found:
        assert m.text == text[m.start : m.end]
        assert m.start >= last
        last = m.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_unicode_never_raises(text: str) -> None:
    find_numbers(normalize(text))


@pytest.mark.parametrize("text", ["ذكرت القناة 12 الإسرائيلية أن الشرطة اعتقلت شابا", "قال مراسل قناة 7 إن"])
def test_a_channel_number_is_a_label(text: str) -> None:
    assert bests(text) == []
