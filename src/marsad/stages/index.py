"""What the stages look up in one article again and again, built once per article.

An :class:`ArticleIndex` travels on the :class:`~marsad.models.Doc` (``doc.index``, made by
:func:`marsad.pipeline.make_doc`; ``dataclasses.replace`` hands the same object to every later Doc
of the article) and dies with it: no module-level cache, nothing keyed by ``id()`` that outlives
the article. It holds, for each tuple of mentions a stage has queried (``doc.triggers``,
``doc.numbers`` ...), their starts in text order, so that :mod:`marsad.stages.spans` answers a
range query by bisection; each is built on the first query, in time linear in the tuple.
"""

from __future__ import annotations

from itertools import pairwise
from typing import NamedTuple, Protocol


class Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class SpanIndex(NamedTuple):
    """One tuple of mentions, with their starts for bisection."""

    items: tuple[object, ...]
    starts: list[int]
    ordered: bool  # starts never decrease
    longest: int  # the longest mention (end - start), at least 0

    @classmethod
    def build(cls, items: tuple[Spanned, ...]) -> SpanIndex:
        starts = [x.start for x in items]
        longest = max((x.end - x.start for x in items), default=0)
        return cls(items, starts, all(a <= b for a, b in pairwise(starts)), max(longest, 0))


class ArticleIndex:
    """Per-article lookups (see the module docstring). Not part of a Doc's value: two Docs that
    differ only in their index are equal."""

    __slots__ = ("_spans",)

    def __init__(self) -> None:
        # a tuple's index under the tuple's id; the entry holds the tuple itself, so the id cannot
        # be reused by another object while the entry (and the article) lives
        self._spans: dict[int, SpanIndex] = {}

    def spans(self, items: tuple[Spanned, ...]) -> SpanIndex:
        got = self._spans.get(id(items))
        if got is None or got.items is not items:
            got = SpanIndex.build(items)
            self._spans[id(items)] = got
        return got

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ArticleIndex)

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return f"ArticleIndex({len(self._spans)} span tables)"
