"""Clitic-aware phrase matching over normalized Arabic text.

A :class:`PhraseMatcher` holds phrases (already normalized with :func:`marsad.text.normalize`)
with a payload each, in an Aho-Corasick automaton. A hit counts only when it lines up with
word boundaries, allowing Arabic proclitics before it (و ف ب ل ك and the article ال, e.g.
"وبالرقه" for "الرقه", "للمعارضه" for "المعارضه") and, where the entry allows, pronoun
suffixes after it ("سيطرتها" for "سيطره").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, NamedTuple, TypeVar

import ahocorasick

from marsad.text.normalize import normalize

T = TypeVar("T")

# proclitic strings (normalized) allowed before a phrase that carries its own article or needs none
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")
BASE_PREFIXES = frozenset(c + p for c in _CONJ for p in _PREP)
# prefixes that end in the article: allowed before a phrase registered without its own "ال"
ARTICLE_PREFIXES = frozenset({c + p + "ال" for c in _CONJ for p in ("", "ب", "ك")}
                             | {c + "لل" for c in _CONJ})
_LONGEST_PREFIX = max(len(p) for p in BASE_PREFIXES | ARTICLE_PREFIXES)
# pronoun suffixes (normalized)
PRONOUN_SUFFIXES = frozenset({"", "ه", "ها", "هم", "هما", "هن", "نا", "كم", "ي", "ك"})
# number and case endings a noun or verb trigger may carry
INFLECTION_SUFFIXES = frozenset({"", "ا", "ان", "ين", "ون", "وا", "ات", "تا", "تان"})
_LONGEST_SUFFIX = 4  # no suffix a phrase may carry is longer (pronouns, the accusative, ت + pronoun)


@dataclass(frozen=True)
class Entry(Generic[T]):
    payload: T
    needs_article: bool  # registered without its "ال": only matches after an article prefix
    allow_article: bool  # "ال" may be added before it (common nouns, not proper names)
    suffixes: frozenset[str]


class Hit(NamedTuple, Generic[T]):
    """A match: ``start``/``end`` bound the phrase itself, ``word_start``/``word_end`` the words.

    A named tuple: tens of hits are made per article, and a tuple is several times cheaper."""

    start: int
    end: int
    word_start: int
    word_end: int
    key: str
    payload: T


class PhraseMatcher(Generic[T]):
    def __init__(self) -> None:
        self._auto = ahocorasick.Automaton()
        self._entries: dict[str, list[Entry[T]]] = {}
        self._built = False

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, phrase: str, payload: T, *, proper: bool = True,
            suffixes: Iterable[str] = ("",), normalized: bool = False) -> None:
        """Register ``phrase``. ``proper``: a name (no article may be added to it).

        ``suffixes``: endings allowed right after the phrase inside the same word.
        """
        key = phrase if normalized else normalize(phrase)
        key = " ".join(key.split())
        if not key:
            return
        sfx = frozenset(suffixes) | {""}
        self._put(key, Entry(payload, False, not proper, sfx))
        if key.startswith("ال") and len(key) > 3:
            # "للرقه" = ل + الرقه; "والرقه" is already covered by the full key
            self._put(key[2:], Entry(payload, True, False, sfx))
        if key.endswith("ه") and sfx != {""}:
            # ta marbuta becomes ت before a pronoun suffix: سيطره → سيطرتها
            self._put(key[:-1] + "ت", Entry(payload, False, not proper, frozenset(s for s in sfx if s)))
        self._built = False

    def _put(self, key: str, entry: Entry[T]) -> None:
        self._entries.setdefault(key, []).append(entry)

    def build(self) -> None:
        self._auto = ahocorasick.Automaton()
        for key in self._entries:
            self._auto.add_word(key, key)
        if self._entries:
            self._auto.make_automaton()
        self._built = True

    def find(self, text: str) -> Iterator[Hit[T]]:
        """Every hit in ``text`` (normalized), in order of end offset."""
        if not self._built:
            self.build()
        if not self._entries:
            return
        starts, ends = _word_index(text)
        entries, bisect = self._entries, bisect_right
        for last, key in self._auto.iter(text):
            end = last + 1
            start = end - len(key)
            # the words around the phrase
            k = bisect(starts, start) - 1
            if k < 0 or start >= ends[k]:
                continue  # the phrase starts outside a word
            ws = starts[k]
            if start - ws > _LONGEST_PREFIX:
                continue  # inside a longer word: no proclitic is that long
            we = ends[bisect(starts, end - 1) - 1]
            if we - end > _LONGEST_SUFFIX:
                continue
            prefix, suffix = text[ws:start], text[end:we]
            for entry in entries[key]:
                if suffix not in entry.suffixes:
                    continue
                if entry.needs_article:
                    ok = prefix in ARTICLE_PREFIXES
                else:
                    ok = prefix in BASE_PREFIXES or (entry.allow_article and prefix in ARTICLE_PREFIXES)
                if ok:
                    # a phrase registered without its article: show the article the text has
                    s = start - 2 if entry.needs_article and prefix.endswith("ال") else start
                    yield Hit(s, end, ws, we, key, entry.payload)


_WORDS = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4)
def _word_index(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the words of ``text`` (shared by every matcher run on it)."""
    starts: list[int] = []
    ends: list[int] = []
    for m in _WORDS.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _longest_first(h: Hit[T]) -> tuple[int, int]:
    return h.start - h.end, h.start


def longest_hits(hits: Iterable[Hit[T]]) -> list[Hit[T]]:
    """Keep the longest of overlapping hits (leftmost on ties), in text order.

    Kept hits never overlap: the characters they cover are marked in one byte array, and a
    candidate is kept when none of its own characters is marked. The cost is the hits' total
    length, linear in the text's (inserting into a sorted list would grow with its square)."""
    ordered = sorted(hits, key=_longest_first)
    if not ordered:
        return []
    if any(h.start < 0 or h.end <= h.start for h in ordered):
        return _longest_hits_sorted(ordered)  # empty or odd spans: the neighbour test
    covered = bytearray(max(h.end for h in ordered))
    taken: list[Hit[T]] = []
    for h in ordered:
        s, e = h.start, h.end
        if covered.find(1, s, e) < 0:
            covered[s:e] = b"\x01" * (e - s)
            taken.append(h)
    taken.sort(key=_start)
    return taken


def _start(h: Hit[T]) -> int:
    return h.start


def _longest_hits_sorted(ordered: list[Hit[T]]) -> list[Hit[T]]:
    """:func:`longest_hits` by neighbours in a list kept sorted by start (for empty spans)."""
    starts: list[int] = []
    taken: list[Hit[T]] = []
    for h in ordered:
        k = bisect_right(starts, h.start)
        if (k == 0 or taken[k - 1].end <= h.start) and (k == len(starts) or starts[k] >= h.end):
            starts.insert(k, h.start)
            taken.insert(k, h)
    return taken
