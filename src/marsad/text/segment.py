"""Sentences and clauses of normalized Arabic news text, as offset ranges.

A sentence ends at ``. ! ? ؟`` or a line break (a decimal point between digits does not end
one). A sentence splits into clauses at "؛" (unless a consequence follows: "؛ مما أدى") and at
connectives that start a new event in news Arabic
("بينما", "في حين", "فيما", "كما", "من جهه اخرى", ...); commas do not split, because the
arguments of one event often run over several of them.
"""

from __future__ import annotations

import itertools
import re

from marsad.models import Sentence
from marsad.resources.wordlists import alternatives, entries, words

_SENT_END = re.compile(r"(?<!\d)[.!?؟]+(?!\d)|\n+|(?<=\d)\.(?=\s|$)")

# The word lists are in data/words/segment.tsv (read through marsad.resources.wordlists).
# connectives that open a new clause (normalized forms; optional و/ف before them)
_CONNECTIVES = list(entries("segment", "connectives"))
_CLAUSE_START = re.compile(
    r"(?:^|(?<=[\s،,:;]))(?:[وف])?(?:" + "|".join(sorted((re.escape(c) for c in _CONNECTIVES),
                                                        key=len, reverse=True)) + r")(?=\s)|؛"
)
# a clause that only tells the consequence of the one before belongs to it: "؛ مما تسبب في ..."
_CONSEQUENCE = re.compile(r"\s*[وف]?(?:" + alternatives("segment", "consequence") + r")\b")
# "وسط" and "وفي" open a clause only after a comma or at the start (they are too common otherwise)
_WEAK = words("segment", "weak")


def split_sentences(norm: str, title_end: int = 0) -> tuple[Sentence, ...]:
    """Sentence ranges over ``norm``; the title (``[0, title_end)``) is always its own sentence."""
    out: list[Sentence] = []
    pos = 0
    if title_end:
        out.append(Sentence(0, title_end, 0, is_title=True))
        pos = title_end
    for m in _SENT_END.finditer(norm, pos):
        _add(out, norm, pos, m.end())
        pos = m.end()
    _add(out, norm, pos, len(norm))
    return tuple(out)


def _add(out: list[Sentence], norm: str, start: int, end: int) -> None:
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    if end - start >= 2 and any(c.isalpha() for c in norm[start:end]):
        out.append(Sentence(start, end, len(out)))


def split_clauses(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause ranges inside the sentence ``[start, end)``."""
    cuts = [start]
    for m in _CLAUSE_START.finditer(norm, start, end):
        word = m.group(0)
        s = m.start()
        if word == "؛":
            if not _CONSEQUENCE.match(norm, m.end()):
                cuts.append(s + 1)
            continue
        if s - cuts[-1] < 12:  # a connective right at the start opens nothing new
            continue
        bare = word[1:] if word[:1] in "وف" and word[1:] in _CONNECTIVES else word
        if bare in _WEAK or word in _WEAK:
            before = norm[max(start, s - 2):s]
            if "،" not in before and "," not in before:
                continue
        cuts.append(s)
    cuts.append(end)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
