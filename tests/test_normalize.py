"""Normalization: each pure function, and the offset map back to the original text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.text import normalize as n


@pytest.mark.parametrize(
    ("func", "given_text", "expected"),
    [
        (n.dediac, "قُتِلَ", "قتل"),
        (n.dediac, "مَدِينَةٌ", "مدينة"),
        (n.remove_tatweel, "اعتقـــال", "اعتقال"),
        (n.normalize_alef, "أإآٱ", "اااا"),
        (n.normalize_ya, "على", "علي"),
        (n.normalize_teh_marbuta, "غارة", "غاره"),
        (n.normalize_digits, "٧٩ و۱۲", "79 و12"),
        (n.normalize_spaces, "a\u00a0b\u200bc", "a bc"),
        (n.unfold_presentation_forms, "\ufefb", "لا"),
    ],
)
def test_pure_functions(func, given_text, expected):
    assert func(given_text) == expected


def test_normalize_all_at_once():
    assert n.normalize("قَصَفَتْ الطـائرات مدينةَ إدلب\u00a0في ٣ غارات") == "قصفت الطائرات مدينه ادلب في 3 غارات"


def test_offsets_point_back_to_original():
    text = "قُتِلَ ٧٩ شخصاً في حلبَ"
    norm, offsets = n.normalize_with_offsets(text)
    start = norm.index("حلب")
    assert text[offsets[start]:offsets[start + 2] + 1] == "حلب"
    assert len(offsets) == len(norm) + 1
    assert offsets[-1] == len(text)


@given(st.text())
def test_offsets_are_monotonic_and_in_range(text):
    norm, offsets = n.normalize_with_offsets(text)
    assert len(offsets) == len(norm) + 1
    assert all(0 <= o <= len(text) for o in offsets)
    assert list(offsets) == sorted(offsets)


@given(st.text(alphabet=st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآءئؤ ًٌٍَُِّْـ٠١٢٣")))
def test_normalize_is_idempotent(text):
    once = n.normalize(text)
    assert n.normalize(once) == once
