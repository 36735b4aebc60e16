"""Finding the mentions that lie within a range of the text, fast.

Mentions of one kind are kept in text order on the Doc; a range query bisects on their starts
(cached per tuple) instead of scanning them all, which every clause of every article does: a
scan per clause makes an article's cost grow with the square of its length."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import pairwise
from typing import NamedTuple, Protocol, TypeVar


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Spanned)


class _Index(NamedTuple):
    items: tuple[object, ...]
    starts: list[int]
    ordered: bool  # starts never decrease
    longest: int  # the longest mention (end - start), at least 0


_STARTS: dict[int, _Index] = {}


def _index(items: tuple[S, ...]) -> _Index:
    key = id(items)
    got = _STARTS.get(key)
    if got is None or got.items is not items:
        if len(_STARTS) > 64:
            _STARTS.clear()
        starts = [x.start for x in items]
        longest = max((x.end - x.start for x in items), default=0)
        got = _Index(items, starts, all(a <= b for a, b in pairwise(starts)), max(longest, 0))
        _STARTS[key] = got
    return got


def within(items: tuple[S, ...], s: int, e: int) -> list[S]:
    """The mentions lying within [s, e); mentions are in text order, so bisect on their starts."""
    ix = _index(items)
    if not ix.ordered:
        return [x for x in items if s <= x.start and x.end <= e]
    i = bisect_left(ix.starts, s)
    j = bisect_left(ix.starts, e, i)
    return [x for x in items[i:j] if x.end <= e]


def starting_in(items: tuple[S, ...], s: int, e: int) -> list[S]:
    """The mentions that start within [s, e) (they may run past ``e``), in text order."""
    ix = _index(items)
    if not ix.ordered:
        return [x for x in items if s <= x.start < e]
    i = bisect_left(ix.starts, s)
    return list(items[i:bisect_left(ix.starts, e, i)])


def touching(items: tuple[S, ...], lo: int, hi: int) -> list[S]:
    """The mentions that start at or before ``hi`` and end at or after ``lo``, in text order: a
    superset of those a test about the stretch ``[lo, hi]`` can concern, found by bisection (a
    mention that ends at ``lo`` or later starts no earlier than ``lo`` minus the longest one)."""
    ix = _index(items)
    if not ix.ordered:
        return [x for x in items if x.start <= hi and x.end >= lo]
    i = bisect_left(ix.starts, lo - ix.longest)
    j = bisect_right(ix.starts, hi, i)
    return [x for x in items[i:j] if x.end >= lo]
