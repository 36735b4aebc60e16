"""The range queries that keep an article's cost linear in its length (``starting_in``,
``touching``) return exactly what a scan over every mention returns, and the pipeline helpers
built on them agree with the scans they replaced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.models import Span
from marsad.stages.index import ArticleIndex
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
        got = starting_in(items, s, e, index=ArticleIndex())
        assert got == [x for x in items if s <= x.start < e]
        assert all(any(g is x for x in items) for g in got)


@settings(max_examples=300, deadline=None)
@given(_spans, _pos, _pos)
def test_touching_matches_a_scan(spans: list[Span], lo: int, hi: int) -> None:
    for items in (tuple(sorted(spans, key=lambda x: (x.start, -x.end))), tuple(spans)):
        assert touching(items, lo, hi, index=ArticleIndex()) == [x for x in items if x.start <= hi and x.end >= lo]


@settings(max_examples=100, deadline=None)
@given(_spans, st.lists(st.tuples(_pos, _pos), min_size=1, max_size=6))
def test_queries_of_every_kind_share_one_index(spans: list[Span], ranges: list[tuple[int, int]]) -> None:
    items = tuple(sorted(spans, key=lambda x: x.start))
    for s, e in ranges:
        # (``within`` takes mentions as never empty: an empty one at the range's end is out)
        got = within(items, s, e, index=ArticleIndex())
        assert got == [x for x in items if s <= x.start and x.end <= e and x.start < e]
        assert starting_in(items, s, e, index=ArticleIndex()) == [x for x in items if s <= x.start < e]
        assert touching(items, s, e, index=ArticleIndex()) == [x for x in items if x.start <= e and x.end >= s]


def test_a_long_mention_far_back_still_touches() -> None:
    # the longest mention sets how far back a query looks
    items = (Span(0, 500), Span(10, 12), Span(480, 490), Span(600, 610))
    assert touching(items, 495, 700, index=ArticleIndex()) == [Span(0, 500), Span(600, 610)]
    assert touching(items, 501, 599, index=ArticleIndex()) == []


def test_empty() -> None:
    assert starting_in((), 0, 10, index=ArticleIndex()) == []
    assert touching((), 0, 10, index=ArticleIndex()) == []


def test_once_builds_a_value_once_per_article_and_inputs() -> None:
    from marsad.stages.index import ArticleIndex, Memo

    key: Memo[list[int]] = Memo("test.key")
    other: Memo[list[int]] = Memo("test.key")  # same name, another key
    index = ArticleIndex()
    a, b = (Span(0, 1),), (Span(0, 1),)
    built: list[int] = []

    def build() -> list[int]:
        built.append(1)
        return [len(built)]

    first = index.once(key, (a,), build)
    assert index.once(key, (a,), build) is first and built == [1]  # the same inputs: built once
    assert index.once(key, (b,), build) == [2]  # equal but other objects: rebuilt
    assert index.once(other, (b,), build) == [3]  # keys compare by identity
    assert ArticleIndex().once(key, (a,), build) == [4]  # another article: its own value


def test_places_select_keeps_its_per_article_state_on_the_index() -> None:
    import datetime as dt

    from marsad.models import Article
    from marsad.pipeline import default_pipeline, make_doc, run
    from marsad.stages import places_select

    assert not any(isinstance(v, dict) for k, v in vars(places_select).items() if k in ("_TOWNS", "_ELIGIBLE"))
    stages = [s for s in default_pipeline() if s.name in ("sentences", "places", "actors", "sources")]
    doc = run(make_doc(Article("t", "قصفت طائرات حربية حي الفردوس في مدينة حلب امس.", published=dt.date(2024, 5, 7))),
              stages)
    got = places_select.places_in(doc, 0, len(doc.norm))
    assert [m.name_ar for m in got] == ["الفردوس", "حلب"]
    assert places_select.places_in(doc, 0, len(doc.norm)) == got
    assert "values" in repr(doc.index) and "0 values" not in repr(doc.index)
