"""Finding the mentions that lie within a range of the text, fast.

Mentions of one kind are kept in text order on the Doc; a range query bisects on their starts
(cached per tuple) instead of scanning them all, which every clause of every article does."""

from __future__ import annotations

from bisect import bisect_left
from itertools import pairwise
from typing import Protocol, TypeVar


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Spanned)


_STARTS: dict[int, tuple[tuple[object, ...], list[int], bool]] = {}


def within(items: tuple[S, ...], s: int, e: int) -> list[S]:
    """The mentions lying within [s, e); mentions are in text order, so bisect on their starts."""
    key = id(items)
    got = _STARTS.get(key)
    if got is None or got[0] is not items:
        if len(_STARTS) > 64:
            _STARTS.clear()
        starts = [x.start for x in items]
        got = (items, starts, all(a <= b for a, b in pairwise(starts)))
        _STARTS[key] = got
    starts = got[1]
    if not got[2]:
        return [x for x in items if s <= x.start and x.end <= e]
    i = bisect_left(starts, s)
    j = bisect_left(starts, e, i)
    return [x for x in items[i:j] if x.end <= e]


