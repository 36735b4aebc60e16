"""``within``: the mentions lying inside a range, by bisection on sorted starts (and a plain scan
when the mentions are not sorted); also the clause splitter the range queries serve."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.models import Span
from marsad.stages.index import ArticleIndex
from marsad.stages.spans import within
from marsad.text.normalize import normalize
from marsad.text.segment import split_clauses, split_sentences


def _plain(items: tuple[Span, ...], s: int, e: int) -> list[Span]:
    return [x for x in items if s <= x.start and x.end <= e]


# mentions are never empty (an empty one at the range's end is out of [s, e) by its start)
_spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 30)).map(lambda t: Span(t[0], t[0] + t[1])),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_spans, st.integers(-5, 240), st.integers(-5, 240))
def test_within_matches_a_plain_filter_on_sorted_mentions(spans: list[Span], s: int, e: int) -> None:
    items = tuple(sorted(spans, key=lambda x: (x.start, x.end)))
    assert within(items, s, e, index=ArticleIndex()) == _plain(items, s, e)


@settings(max_examples=300, deadline=None)
@given(_spans, st.integers(-5, 240), st.integers(-5, 240))
def test_within_matches_a_plain_filter_on_unsorted_mentions(spans: list[Span], s: int, e: int) -> None:
    items = tuple(spans)
    assert within(items, s, e, index=ArticleIndex()) == _plain(items, s, e)


@settings(max_examples=100, deadline=None)
@given(_spans, st.lists(st.tuples(st.integers(0, 240), st.integers(0, 240)), min_size=1, max_size=8))
def test_repeated_queries_on_one_tuple_agree(spans: list[Span], ranges: list[tuple[int, int]]) -> None:
    items = tuple(sorted(spans, key=lambda x: x.start))
    for s, e in ranges:
        assert within(items, s, e, index=ArticleIndex()) == _plain(items, s, e)


@pytest.mark.parametrize(
    ("s", "e", "expected"),
    [
        (0, 100, [(0, 5), (5, 10), (8, 12), (20, 30)]),
        (5, 12, [(5, 10), (8, 12)]),
        (5, 11, [(5, 10)]),  # (8, 12) runs past the end
        (6, 30, [(8, 12), (20, 30)]),  # (5, 10) starts before the range
        (12, 20, []),
        (20, 30, [(20, 30)]),
        (20, 29, []),
        (10, 10, []),
        (30, 5, []),  # an empty, inverted range
    ],
)
def test_within_edges(s: int, e: int, expected: list[tuple[int, int]]) -> None:
    items = (Span(0, 5), Span(5, 10), Span(8, 12), Span(20, 30))
    assert [(x.start, x.end) for x in within(items, s, e, index=ArticleIndex())] == expected


def test_within_keeps_text_order_and_identity() -> None:
    items = (Span(1, 2), Span(1, 3), Span(4, 6))
    got = within(items, 0, 10, index=ArticleIndex())
    assert got == list(items)
    assert all(a is b for a, b in zip(got, items, strict=True))


def test_equal_tuples_of_different_content_are_not_confused() -> None:
    # the cache is keyed on the tuple's identity: a new tuple must not reuse another's starts
    for n in range(80):
        items = tuple(Span(i * 10 + n % 3, i * 10 + n % 3 + 2) for i in range(5))
        assert within(items, 10, 40, index=ArticleIndex()) == _plain(items, 10, 40)


def test_empty_tuple() -> None:
    assert within((), 0, 100, index=ArticleIndex()) == []


# --- sentences and clauses (beyond tests/test_segment.py) ----------------------------------


def test_title_is_its_own_sentence_even_without_a_stop() -> None:
    norm = normalize("غارات على حلب\n\nقتل خمسة مدنيين في حلب. وأصيب عشرة.")
    sents = split_sentences(norm, len("غارات على حلب"))
    assert sents[0].is_title
    assert (sents[0].start, sents[0].end) == (0, len("غارات على حلب"))
    assert not any(s.is_title for s in sents[1:])
    assert [s.index for s in sents] == list(range(len(sents)))
    assert [norm[s.start : s.end] for s in sents[1:]] == ["قتل خمسه مدنيين في حلب.", "واصيب عشره."]


@pytest.mark.parametrize("text", ["...", "  \n\n ", "", ". ؟ !", "1. 2."])
def test_no_sentence_without_letters(text: str) -> None:
    assert split_sentences(normalize(text)) == ()


def test_sentences_have_no_surrounding_spaces() -> None:
    norm = normalize("  قصفت الطائرات حلب .   واندلعت اشتباكات في إدلب  \n  ")
    for s in split_sentences(norm):
        assert norm[s.start] != " "
        assert norm[s.end - 1] != " "


def test_semicolon_splits_unless_a_consequence_follows() -> None:
    norm = normalize("قصفت الطائرات مدينة حلب؛ واندلعت اشتباكات في إدلب")
    assert len(split_clauses(norm, 0, len(norm))) == 2
    norm = normalize("قصفت الطائرات مدينة حلب؛ مما أدى إلى مقتل خمسة مدنيين")
    assert split_clauses(norm, 0, len(norm)) == [(0, len(norm))]


def test_commas_do_not_split_a_clause() -> None:
    norm = normalize("قصفت الطائرات مدينة حلب، ما أدى إلى مقتل خمسة مدنيين، وإصابة عشرة آخرين")
    assert split_clauses(norm, 0, len(norm)) == [(0, len(norm))]


def test_weak_connective_splits_only_after_a_comma() -> None:
    norm = normalize("قصفت الطائرات مدينة حلب وسط اشتباكات عنيفة")
    assert len(split_clauses(norm, 0, len(norm))) == 1
    norm = normalize("قصفت الطائرات مدينة حلب، وسط اشتباكات عنيفة في ريفها")
    assert len(split_clauses(norm, 0, len(norm))) == 2


def test_clauses_tile_the_sentence() -> None:
    norm = normalize("قصفت الطائرات مدينة حلب، بينما اندلعت اشتباكات في إدلب؛ كما اعتقلت الشرطة ثلاثة أشخاص")
    parts = split_clauses(norm, 0, len(norm))
    assert len(parts) == 3
    assert parts[0][0] == 0
    assert parts[-1][1] == len(norm)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(parts))
