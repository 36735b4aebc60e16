"""Dates in normalized text, resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.dates import GREGORIAN_MONTHS, HIJRI_MONTHS, WEEKDAYS, find_dates, resolve_weekday
from marsad.text.normalize import normalize

PUB = dt.date(2016, 12, 14)  # a Wednesday


def dates(text: str, published: dt.date | None = PUB) -> list[tuple[str, str, int, bool]]:
    return [
        (m.text, m.date.isoformat(), m.precision, m.relative) for m in find_dates(normalize(text), published)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصفت الطائرات اليوم المدينة", ("اليوم", "2016-12-14", 1, True)),
        ("قصفت الطائرات اليوم الأربعاء المدينة", ("اليوم الاربعاء", "2016-12-14", 1, True)),
        # "اليوم" in copy written the day(s) before publication: the weekday names the day
        ("قصفت الطائرات اليوم الأحد المدينة", ("اليوم الاحد", "2016-12-11", 1, True)),
        ("قصفت الطائرات اليوم (الاثنين) المدينة", ("اليوم (الاثنين)", "2016-12-12", 1, True)),
        ("قصفت الطائرات اليوم الخميس المدينة", ("اليوم الخميس", "2016-12-14", 1, True)),
        ("قصفت الطائرات أمس الاثنين المدينة", ("امس الاثنين", "2016-12-12", 1, True)),
        ("قصفت الطائرات أمس المدينة", ("امس", "2016-12-13", 1, True)),
        ("قصفت الطائرات بالأمس المدينة", ("الامس", "2016-12-13", 1, True)),
        ("قصفت الطائرات أمس الثلاثاء المدينة", ("امس الثلاثاء", "2016-12-13", 1, True)),
        ("قصفت الطائرات أول أمس المدينة", ("اول امس", "2016-12-12", 1, True)),
        ("قصفت الطائرات أمس الأول المدينة", ("امس الاول", "2016-12-12", 1, True)),
        ("قصفت الطائرات الليلة الماضية المدينة", ("الليله الماضيه", "2016-12-13", 1, True)),
        ("قصفت الطائرات مساء أمس المدينة", ("مساء امس", "2016-12-13", 1, True)),
        ("قصفت الطائرات فجر أمس المدينة", ("فجر امس", "2016-12-13", 1, True)),
        ("قصفت الطائرات ليل أمس المدينة", ("ليل امس", "2016-12-13", 1, True)),
        ("قصفت الطائرات فجر اليوم المدينة", ("فجر اليوم", "2016-12-14", 1, True)),
        ("قصفت الطائرات صباح اليوم المدينة", ("صباح اليوم", "2016-12-14", 1, True)),
        ("قصفت الطائرات ظهر اليوم المدينة", ("ظهر اليوم", "2016-12-14", 1, True)),
        ("قصفت الطائرات يوم الأحد المدينة", ("يوم الاحد", "2016-12-11", 1, True)),
        ("قصفت الطائرات الأحد المدينة", ("الاحد", "2016-12-11", 1, True)),
        ("قصفت الطائرات الأربعاء المدينة", ("الاربعاء", "2016-12-14", 1, True)),
        ("قصفت الطائرات الأربعاء الماضي المدينة", ("الاربعاء الماضي", "2016-12-07", 1, True)),
        ("قصفت الطائرات الخميس الماضي المدينة", ("الخميس الماضي", "2016-12-08", 1, True)),
        ("قصفت الطائرات مساء السبت المدينة", ("مساء السبت", "2016-12-10", 1, True)),
        ("قصفت الطائرات يوم الجمعة المدينة", ("يوم الجمعه", "2016-12-09", 1, True)),
        ("قصفت الطائرات الأسبوع الماضي المدينة", ("الاسبوع الماضي", "2016-12-07", 2, True)),
        ("قصفت الطائرات الشهر الماضي المدينة", ("الشهر الماضي", "2016-11-01", 3, True)),
        ("قصفت الطائرات العام الماضي المدينة", ("العام الماضي", "2015-01-01", 3, True)),
        ("قتل خمسة خلال الـ24 ساعة الماضية", ("خلال ال24 ساعه الماضيه", "2016-12-14", 1, True)),
        ("قتل خمسة خلال الساعات الماضية", ("خلال الساعات الماضيه", "2016-12-14", 1, True)),
        ("قتل خمسة خلال أقل من 24 ساعة", ("خلال اقل من 24 ساعه", "2016-12-14", 1, True)),
        ("قتل خمسة خلال الساعات الـ24 الماضية", ("خلال الساعات ال24 الماضيه", "2016-12-14", 1, True)),
        ("قتل خمسة منذ يومين", ("منذ يومين", "2016-12-12", 1, True)),
        ("قتل خمسة قبل ثلاثة أيام", ("قبل ثلاثه ايام", "2016-12-11", 1, True)),
        ("قتل خمسة قبل 4 أيام", ("قبل 4 ايام", "2016-12-10", 1, True)),
        ("قتل خمسة قبل أسبوع", ("قبل اسبوع", "2016-12-07", 2, True)),
        ("قتل خمسة قبل نحو أسبوع", ("قبل نحو اسبوع", "2016-12-07", 2, True)),
        ("قتل خمسة منذ قرابة أسبوعين", ("منذ قرابه اسبوعين", "2016-11-30", 2, True)),
        ("قتل خمسة قبل حوالي 4 أيام", ("قبل حوالي 4 ايام", "2016-12-10", 1, True)),
    ],
)
def test_relative(text: str, expected: tuple[str, str, int, bool]) -> None:
    assert dates(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصفت في 12 ديسمبر 2016", ("12 ديسمبر 2016", "2016-12-12", 1, False)),
        ("قصفت في 12 كانون الأول 2016", ("12 كانون الاول 2016", "2016-12-12", 1, False)),
        ("قصفت في 12 كانون الأول/ديسمبر 2016", ("12 كانون الاول/ديسمبر 2016", "2016-12-12", 1, False)),
        ("منذ 7 أكتوبر/تشرين الأول 2023", ("7 اكتوبر/تشرين الاول 2023", "2023-10-07", 1, False)),
        ("في 7 أكتوبر (تشرين الأول) 2023", ("7 اكتوبر (تشرين الاول) 2023", "2023-10-07", 1, False)),
        ("في 3 جانفي 2015", ("3 جانفي 2015", "2015-01-03", 1, False)),
        ("في 14 جويلية 2015", ("14 جويليه 2015", "2015-07-14", 1, False)),
        ("في 5 آب 2015", ("5 اب 2015", "2015-08-05", 1, False)),
        ("في 12 ديسمبر من عام 2016", ("12 ديسمبر من عام 2016", "2016-12-12", 1, False)),
        ("في الثاني عشر من ديسمبر", ("الثاني عشر من ديسمبر", "2016-12-12", 1, False)),
        ("في الحادي والعشرين من نوفمبر", ("الحادي والعشرين من نوفمبر", "2016-11-21", 1, False)),
        ("في الأول من ديسمبر", ("الاول من ديسمبر", "2016-12-01", 1, False)),
        ("في 10 ديسمبر", ("10 ديسمبر", "2016-12-10", 1, False)),
        ("في 20 فبراير", ("20 فبراير", "2016-02-20", 1, False)),
        ("في 25 أبريل الماضي", ("25 ابريل الماضي", "2016-04-25", 1, False)),
        ("في ديسمبر 2016", ("ديسمبر 2016", "2016-12-01", 3, False)),
        ("في شهر نوفمبر", ("شهر نوفمبر", "2016-11-01", 3, False)),
        ("في نوفمبر الماضي", ("نوفمبر الماضي", "2016-11-01", 3, False)),
        ("في ديسمبر الماضي", ("ديسمبر الماضي", "2015-12-01", 3, False)),
        ("في أغسطس", ("اغسطس", "2016-08-01", 3, False)),
        ("في 12/12/2016", ("12/12/2016", "2016-12-12", 1, False)),
        ("في 2016-12-12", ("2016-12-12", "2016-12-12", 1, False)),
        ("في 12-12-2016", ("12-12-2016", "2016-12-12", 1, False)),
        ("في 3.11.2016", ("3.11.2016", "2016-11-03", 1, False)),
        ("في 5 رمضان 1436", ("5 رمضان 1436", "2015-06-22", 1, False)),
        ("في 5 رمضان 1436هـ", ("5 رمضان 1436ه", "2015-06-22", 1, False)),
        ("في 5 رمضان 1436 هـ", ("5 رمضان 1436 ه", "2015-06-22", 1, False)),
        ("في 1 محرم 1438", ("1 محرم 1438", "2016-10-02", 1, False)),
        ("في 10 ذو الحجة 1437", ("10 ذو الحجه 1437", "2016-09-11", 1, False)),
        ("في 15 جمادى الأولى 1437", ("15 جمادي الاولي 1437", "2016-02-24", 1, False)),
        ("في رمضان 1436", ("رمضان 1436", "2015-06-18", 3, False)),
        ("في 10 محرم", ("10 محرم", "2016-10-11", 1, False)),
        ("في عام 2014", ("عام 2014", "2014-01-01", 3, False)),
        ("في العام 2013", ("العام 2013", "2013-01-01", 3, False)),
        ("منذ 2011", ("منذ 2011", "2011-01-01", 3, False)),
        ("في مطلع 2015", ("مطلع 2015", "2015-01-01", 3, False)),
    ],
)
def test_explicit(text: str, expected: tuple[str, str, int, bool]) -> None:
    assert dates(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "سيزور الوفد المدينة غدا",
        "في 31 فبراير 2016",
        "في 30 فبراير",
        "في 32 ديسمبر 2016",
        "في اليوم الـ77 للحرب",
        "في اليوم التالي",
        "الخميس المقبل",
        "أدى صلاة الجمعة",
        "منذ أيام",
        "مارس الرجل الرياضة",
        "جاء الأب وابنه",
        "قبل يوم من الهجوم",
        "قتل 5 أشخاص",
        "",
    ],
)
def test_no_date(text: str) -> None:
    assert dates(text) == []


def test_far_day_month_without_year_is_skipped() -> None:
    # 28 December is more than ten months before 14 December: rather a future date than a past one
    assert dates("في 28 ديسمبر") == []


def test_weekday_before_explicit_date_gives_the_date() -> None:
    assert dates("الأحد 11 ديسمبر قصفت الطائرات") == [("11 ديسمبر", "2016-12-11", 1, False)]
    assert dates("الأحد الموافق 11 ديسمبر") == [("11 ديسمبر", "2016-12-11", 1, False)]


def test_without_publication_date_only_dated_expressions_resolve() -> None:
    assert dates("قصفت أمس وفي 12 ديسمبر 2016 و12 ديسمبر وعام 2014 والأحد", None) == [
        ("12 ديسمبر 2016", "2016-12-12", 1, False),
        ("عام 2014", "2014-01-01", 3, False),
    ]


def test_datetime_published_is_accepted() -> None:
    assert dates("أمس", dt.datetime(2016, 12, 14, 23, 59)) == [("امس", "2016-12-13", 1, True)]


def test_offsets_point_into_the_normalized_text() -> None:
    norm = normalize("وقالت المصادر إنّ الطائرات قصفت المدينةَ مساءَ أمسِ، وفي 12 ديسمبر 2016")
    found = find_dates(norm, PUB)
    assert [norm[m.start : m.end] for m in found] == [m.text for m in found] == ["مساء امس", "12 ديسمبر 2016"]


def test_several_dates_in_order() -> None:
    got = dates("قتل أمس خمسة، وكان قد قتل يوم الأحد الماضي ثلاثة في 5 ديسمبر")
    assert [d[1] for d in got] == ["2016-12-13", "2016-12-11", "2016-12-05"]


@pytest.mark.parametrize(
    ("name", "published", "expected"),
    [
        ("الاحد", dt.date(2016, 12, 14), dt.date(2016, 12, 11)),
        ("الاربعاء", dt.date(2016, 12, 14), dt.date(2016, 12, 14)),
        ("يوم الخميس", dt.date(2016, 12, 14), dt.date(2016, 12, 8)),
        ("جمعه", dt.date(2016, 12, 14), dt.date(2016, 12, 9)),
    ],
)
def test_resolve_weekday(name: str, published: dt.date, expected: dt.date) -> None:
    assert resolve_weekday(name, published) == expected


def test_resolve_weekday_strictly_before() -> None:
    assert resolve_weekday("الاربعاء", PUB, strictly_before=True) == dt.date(2016, 12, 7)


def test_tables_are_normalized() -> None:
    assert sorted(WEEKDAYS.values()) == list(range(7))
    for table in (WEEKDAYS, GREGORIAN_MONTHS, HIJRI_MONTHS):
        for name in table:
            assert name == normalize(name)
    assert set(GREGORIAN_MONTHS.values()) == set(range(1, 13))
    assert set(HIJRI_MONTHS.values()) == set(range(1, 13))


_PIECES = st.sampled_from(
    [
        "امس",
        "اليوم",
        "الاحد",
        "الماضي",
        "ديسمبر",
        "كانون",
        "الاول",
        "رمضان",
        "1436",
        "2016",
        "12",
        "31",
        "/",
        "-",
        " ",
        "من",
        "عام",
        "خلال",
        "ال24",
        "ساعه",
        "قبل",
        "ايام",
        "يومين",
        "الثاني",
        "عشر",
        "ه",
        "،",
        "\n",
        "99",
        "0",
        "فبراير",
        "شهر",
        "منذ",
        "اول",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_PIECES, max_size=25).map(" ".join),
    st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))),
)
def test_random_text_never_raises(text: str, published: dt.date | None) -> None:
    for m in find_dates(text, published):
        assert m.text == text[m.start : m.end]
        assert m.precision in (1, 2, 3)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.one_of(st.none(), st.dates()))
def test_any_unicode_never_raises(text: str, published: dt.date | None) -> None:
    find_dates(normalize(text), published)
