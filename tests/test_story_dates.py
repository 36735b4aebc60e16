"""Story dates: a day named once is carried along the sentences that go on with its story, and a
relative day in a reported statement counts from the day of the statement."""

from __future__ import annotations

import datetime as dt

import marsad
from marsad.text.normalize import normalize

PUB = "2024-05-07"  # a Tuesday


def days(text: str) -> dict[str, dt.date | None]:
    return {normalize(e.location.name_ar): e.event_date for e in marsad.extract(text, published=PUB)}


LEAD = "قصفت طائرات النظام مدينة حرستا اليوم. وقال ناشطون إن القصف كان عنيفا. وأضافوا أن الأهالي نزحوا.\n"


def test_the_day_of_a_story_goes_on_to_the_sentence_that_continues_it() -> None:
    text = LEAD + "وشنت طائرات النظام غارات على مدينة دوما يوم الأحد. كما استهدفت الطائرات بلدة عربين بعدة صواريخ."
    got = days(text)
    assert got["حرستا"] == dt.date(2024, 5, 7)
    assert got["دوما"] == dt.date(2024, 5, 5)
    assert got["عربين"] == dt.date(2024, 5, 5)


def test_a_new_paragraph_with_another_story_goes_back_to_the_article_s_day() -> None:
    text = LEAD + "وشنت طائرات النظام غارات على مدينة دوما يوم الأحد.\n\nاندلعت اشتباكات عنيفة في مدينة درعا."
    got = days(text)
    assert got["دوما"] == dt.date(2024, 5, 5)
    assert got["درعا"] == dt.date(2024, 5, 7)


def test_a_turn_to_another_story_is_not_carried() -> None:
    text = LEAD + "وشنت طائرات النظام غارات على مدينة دوما يوم الأحد. على صعيد آخر، اندلعت اشتباكات في مدينة درعا."
    assert days(text)["درعا"] == dt.date(2024, 5, 7)


def test_a_relative_day_counts_from_the_day_of_the_statement() -> None:
    text = "قال مسؤول محلي يوم الأحد إن مسلحين قتلوا أمس ثلاثة مدنيين في مدينة دوما."
    assert days(text)["دوما"] == dt.date(2024, 5, 4)
