"""``longest_hits`` marks the characters kept hits cover instead of inserting into a sorted list
(whose cost grows with the square of the text): it keeps exactly the hits the neighbour test
kept, in the same order."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.resources.matcher import Hit, PhraseMatcher, longest_hits
from marsad.text.normalize import normalize


def _reference(hits: list[Hit[str]]) -> list[Hit[str]]:
    """The neighbour test over a list kept sorted by start (the former algorithm)."""
    starts: list[int] = []
    taken: list[Hit[str]] = []
    for h in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        k = bisect_right(starts, h.start)
        if (k == 0 or taken[k - 1].end <= h.start) and (k == len(starts) or starts[k] >= h.end):
            starts.insert(k, h.start)
            taken.insert(k, h)
    return taken


def _hit(start: int, length: int, tag: int) -> Hit[str]:
    return Hit(start, start + length, start, start + length, f"k{tag}", f"p{tag}")


_hits = st.lists(st.builds(_hit, st.integers(0, 120), st.integers(1, 15), st.integers(0, 3)), max_size=60)


@settings(max_examples=400, deadline=None)
@given(_hits)
def test_same_hits_as_the_neighbour_test(hits: list[Hit[str]]) -> None:
    got = longest_hits(hits)
    assert got == _reference(hits)
    assert [h.start for h in got] == sorted(h.start for h in got)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.builds(_hit, st.integers(0, 60), st.integers(0, 8), st.integers(0, 3)), max_size=30))
def test_empty_hits_keep_the_former_rule(hits: list[Hit[str]]) -> None:
    assert longest_hits(hits) == _reference(hits)


def test_generator_input_and_no_hits() -> None:
    assert longest_hits(iter([])) == []
    hits = [_hit(0, 3, 0), _hit(2, 6, 1), _hit(8, 2, 2)]
    assert longest_hits(h for h in hits) == [_hit(2, 6, 1), _hit(8, 2, 2)]  # touching is not overlapping


def test_on_a_long_text_the_matcher_agrees_with_the_reference() -> None:
    m: PhraseMatcher[str] = PhraseMatcher()
    for phrase in ("حلب", "ريف حلب", "ريف حلب الشمالي", "غزه", "قطاع غزه", "صنعاء", "الموصل", "مدينه الموصل"):
        m.add(phrase, phrase, proper=False)
    m.build()
    text = normalize(" ".join(["قصفت الطائرات ريف حلب الشمالي أمس", "واندلعت اشتباكات في مدينة الموصل",
                               "وقال مصدر أمني في قطاع غزة إن غارة استهدفت غزة", "وسقط قتلى في صنعاء"] * 200))
    hits = list(m.find(text))
    assert longest_hits(hits) == _reference(hits)
    assert len(longest_hits(hits)) == 5 * 200
