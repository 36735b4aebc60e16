"""A clause that names a year before the article's tells history, not an event of the day."""

from __future__ import annotations

import marsad


def events(text: str, published: str = "2015-08-02") -> list[marsad.Event]:
    return marsad.extract(text, published=published, min_confidence=0)


def test_an_attack_in_an_earlier_year_is_background() -> None:
    assert events("وكانت المدينة قد شهدت في 1998 هجوما داميا على سفارة أوقع 200 قتيل.") == []
    assert events("وقتل عشرون شخصا في تفجير مماثل استهدف سوق المدينة عام 2012.") == []


def test_the_same_clause_in_the_article_s_year_is_news() -> None:
    assert events("قتل عشرون شخصا في تفجير استهدف سوق مدينة بغداد أمس.")
    assert events("قتل عشرون شخصا في تفجير استهدف سوق مدينة بغداد في 2015.")
