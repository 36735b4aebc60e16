"""A place named in what a protest is about is its cause, not where it happened."""

from __future__ import annotations

import pytest

import marsad


def protest_places(text: str) -> list[str]:
    return [e.location.name_ar for e in marsad.extract(text, published="2024-05-07", min_confidence=0)
            if e.event_type in ("Protests", "Riots")]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("خرج آلاف المتظاهرين في مدينة الخليل احتجاجا على الاستيطان.", ["الخليل"]),
        # the place after "تضامنا مع" is the cause; "في" names the site again
        ("تظاهر العشرات تضامنا مع غزة في مدينة الرباط.", ["الرباط"]),
        ("تجمع مئات المحتجين في مدينة نابلس تنديدا بالحصار المفروض على غزة.", ["نابلس"]),
    ],
)
def test_the_site_is_where_the_crowd_was(text: str, where: list[str]) -> None:
    assert protest_places(text) == where


def test_a_place_only_in_the_cause_is_no_site() -> None:
    assert "غزة" not in protest_places("ورفع المتظاهرون لافتات تندد بالحصار على غزة.")
    assert "الخليج" not in protest_places("خرج المتظاهرون يحتجون على تسمية الخليج.")
