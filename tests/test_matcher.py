"""Clitic-aware phrase matching."""

from __future__ import annotations

import pytest

from marsad.resources.matcher import PhraseMatcher, longest_hits
from marsad.text.normalize import normalize


@pytest.fixture(scope="module")
def matcher() -> PhraseMatcher[str]:
    m: PhraseMatcher[str] = PhraseMatcher()
    m.add("حلب", "Aleppo")
    m.add("الرقة", "Raqqa")
    m.add("جسر الشغور", "Jisr")
    m.add("الشغور", "Shughur")
    m.add("سيطرة", "control", proper=False, suffixes=["ها", "هم"])
    m.add("المعارضة", "opposition")
    m.build()
    return m


def found(m: PhraseMatcher[str], text: str) -> list[tuple[str, str]]:
    norm = normalize(text)
    return [(norm[h.start:h.end], h.payload) for h in longest_hits(m.find(norm))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بحلب", [("حلب", "Aleppo")]),
        ("وبحلب", [("حلب", "Aleppo")]),
        ("حلبا", []),
        ("صلحلب", []),
        ("وبالرقة", [("الرقه", "Raqqa")]),
        ("للرقة", [("رقه", "Raqqa")]),
        ("وللمعارضة", [("معارضه", "opposition")]),
        ("بجسر الشغور", [("جسر الشغور", "Jisr")]),
        ("سيطرتها", [("سيطرت", "control")]),
        ("والسيطرة", [("سيطره", "control")]),
        ("سيطرتكم", []),
    ],
)
def test_clitics(matcher, text, expected):
    assert found(matcher, text) == expected
