"""The range queries that keep an article's cost linear in its length (``starting_in``,
``touching``) return exactly what a scan over every mention returns, and the pipeline helpers
built on them agree with the scans they replaced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.models import Span
from marsad.stages.spans import starting_in, touching, within

_spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 40)).map(lambda t: Span(t[0], t[0] + t[1])),
    max_size=40,
)
_pos = st.integers(-50, 260)


@settings(max_examples=300, deadline=None)
@given(_spans, _pos, _pos)
def test_starting_in_matches_a_scan(spans: list[Span], s: int, e: int) -> None:
    for items in (tuple(sorted(spans, key=lambda x: x.start)), tuple(spans)):
        got = starting_in(items, s, e)
        assert got == [x for x in items if s <= x.start < e]
        assert all(any(g is x for x in items) for g in got)


@settings(max_examples=300, deadline=None)
@given(_spans, _pos, _pos)
def test_touching_matches_a_scan(spans: list[Span], lo: int, hi: int) -> None:
    for items in (tuple(sorted(spans, key=lambda x: (x.start, -x.end))), tuple(spans)):
        assert touching(items, lo, hi) == [x for x in items if x.start <= hi and x.end >= lo]


@settings(max_examples=100, deadline=None)
@given(_spans, st.lists(st.tuples(_pos, _pos), min_size=1, max_size=6))
def test_queries_of_every_kind_share_one_index(spans: list[Span], ranges: list[tuple[int, int]]) -> None:
    items = tuple(sorted(spans, key=lambda x: x.start))
    for s, e in ranges:
        # (``within`` takes mentions as never empty: an empty one at the range's end is out)
        assert within(items, s, e) == [x for x in items if s <= x.start and x.end <= e and x.start < e]
        assert starting_in(items, s, e) == [x for x in items if s <= x.start < e]
        assert touching(items, s, e) == [x for x in items if x.start <= e and x.end >= s]


def test_a_long_mention_far_back_still_touches() -> None:
    # the longest mention sets how far back a query looks
    items = (Span(0, 500), Span(10, 12), Span(480, 490), Span(600, 610))
    assert touching(items, 495, 700) == [Span(0, 500), Span(600, 610)]
    assert touching(items, 501, 599) == []


def test_empty() -> None:
    assert starting_in((), 0, 10) == []
    assert touching((), 0, 10) == []
