"""Finding the mentions that lie within a range of the text, fast.

Mentions of one kind are kept in text order on the Doc; a range query bisects on their starts
instead of scanning them all, which every clause of every article does: a scan per clause makes an
article's cost grow with the square of its length. The starts are built once per tuple and kept
by the article's :class:`~marsad.stages.index.ArticleIndex`, which every call names
(``index=doc.index``): no state outlives the article."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TypeVar

from marsad.stages.index import ArticleIndex, Spanned

S = TypeVar("S", bound=Spanned)

def within(items: tuple[S, ...], s: int, e: int, *, index: ArticleIndex) -> list[S]:
    """The mentions lying within [s, e); mentions are in text order, so bisect on their starts."""
    ix = index.spans(items)
    if not ix.ordered:
        return [x for x in items if s <= x.start and x.end <= e]
    i = bisect_left(ix.starts, s)
    j = bisect_left(ix.starts, e, i)
    return [x for x in items[i:j] if x.end <= e]


def starting_in(items: tuple[S, ...], s: int, e: int, *, index: ArticleIndex) -> list[S]:
    """The mentions that start within [s, e) (they may run past ``e``), in text order."""
    ix = index.spans(items)
    if not ix.ordered:
        return [x for x in items if s <= x.start < e]
    i = bisect_left(ix.starts, s)
    return list(items[i:bisect_left(ix.starts, e, i)])


def touching(items: tuple[S, ...], lo: int, hi: int, *, index: ArticleIndex) -> list[S]:
    """The mentions that start at or before ``hi`` and end at or after ``lo``, in text order: a
    superset of those a test about the stretch ``[lo, hi]`` can concern, found by bisection (a
    mention that ends at ``lo`` or later starts no earlier than ``lo`` minus the longest one)."""
    ix = index.spans(items)
    if not ix.ordered:
        return [x for x in items if x.start <= hi and x.end >= lo]
    i = bisect_left(ix.starts, lo - ix.longest)
    j = bisect_right(ix.starts, hi, i)
    return [x for x in items[i:j] if x.end >= lo]
