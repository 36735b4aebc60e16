"""What the stages look up in one article again and again, built once per article.

An :class:`ArticleIndex` travels on the :class:`~marsad.models.Doc` (``doc.index``, made by
:func:`marsad.pipeline.make_doc`; ``dataclasses.replace`` hands the same object to every later Doc
of the article) and dies with it: no module-level cache, nothing keyed by ``id()`` that outlives
the article. It holds, for each tuple of mentions a stage has queried (``doc.triggers``,
``doc.numbers`` ...), their starts in text order, so that :mod:`marsad.stages.spans` answers a
range query by bisection; each is built on the first query, in time linear in the tuple.

It also holds what a stage derives once per article from the Doc's mentions (the place mentions
that can be an event's site, the first mention of each town ...): :meth:`ArticleIndex.once` builds
such a value on the first call and hands it back while the mentions it was built from are the same
objects. Each value has a typed :class:`Memo` key, made once at module level by the stage that
owns it.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any, Generic, NamedTuple, Protocol, TypeVar, cast

T = TypeVar("T")


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


class Memo(Generic[T]):
    """The key of one per-article value of type ``T`` (see :meth:`ArticleIndex.once`); keys compare
    by identity, so two stages never share a value by accident."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Memo({self.name!r})"


class ArticleIndex:
    """Per-article lookups (see the module docstring). Not part of a Doc's value: two Docs that
    differ only in their index are equal."""

    __slots__ = ("_memo", "_spans")

    def __init__(self) -> None:
        # a tuple's index under the tuple's id; the entry holds the tuple itself, so the id cannot
        # be reused by another object while the entry (and the article) lives
        self._spans: dict[int, SpanIndex] = {}
        # a derived value under its key, with the inputs it was built from (held, so compared by identity)
        self._memo: dict[Memo[Any], tuple[tuple[object, ...], object]] = {}

    def spans(self, items: tuple[Spanned, ...]) -> SpanIndex:
        got = self._spans.get(id(items))
        if got is None or got.items is not items:
            got = SpanIndex.build(items)
            self._spans[id(items)] = got
        return got

    def once(self, key: Memo[T], inputs: tuple[object, ...], build: Callable[[], T]) -> T:
        """The value under ``key``, built by ``build()`` on the first call for these ``inputs`` (the
        objects it is built from: ``(doc.places, doc.actors)``) and handed back while later calls pass
        the same objects; other inputs (a later Doc of the article with other mentions) rebuild it.
        One value per key: the latest."""
        got = self._memo.get(key)
        if got is not None and len(got[0]) == len(inputs) and all(a is b for a, b in zip(got[0], inputs, strict=True)):
            return cast(T, got[1])
        value = build()
        self._memo[key] = (inputs, value)
        return value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ArticleIndex)

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return f"ArticleIndex({len(self._spans)} span tables, {len(self._memo)} values)"
