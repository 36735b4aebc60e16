"""Token features for the place tagger (:mod:`marsad.learn.tagger`): pure functions over the words of
a normalized text.

A text is seen as its words (``[^\\W_]+``, the matcher's words), the text between them (``gaps``:
a comma, a full stop) and what the gazetteer says about each word (:func:`gazetteer_tags`, from the
hits of :func:`marsad.resources.gazetteer.find_names`). :func:`token_features` turns word ``i`` of a
sentence ``[lo, hi)`` into a list of ``name=value`` strings: the word, its clitics and stem, its
shape and ending, whether it starts or continues a gazetteer name (and of what kind), the place word,
preposition or direction before it, and its neighbours. The training script
(``scripts/train_place_tagger.py``) and the places stage use the same functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from marsad.models import Place
from marsad.resources.gazetteer import Gazetteer, find_names
from marsad.resources.matcher import Hit, longest_hits
from marsad.stages.place_words import DIRECTIONS, ORG_BEFORE, PERSON_BEFORE, PLACE_WORDS
from marsad.text.normalize import normalize

# proclitic strings, longest first: conjunction, preposition, article
CLITICS = tuple(
    sorted(
        {c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك") for a in ("", "ال")} | {"لل", "ولل", "فلل"},
        key=len,
        reverse=True,
    )
)
PREPOSITIONS = frozenset(
    normalize(w)
    for w in """
في من إلى الى على عن قرب بالقرب داخل خارج نحو باتجاه تجاه حول عبر بين منذ حتى لدى عند أنحاء انحاء مع ضد
""".split()
)
# verbs of motion and location that often come before a place
MOTION = frozenset(
    normalize(w)
    for w in """
وصل وصلت توجه توجهت زار زارت غادر غادرت عاد عادت انتقل انتقلت يقع تقع الواقعة الواقع
""".split()
)
_PUNCT_END = re.compile(r"[.!?؟\n]")
_WORD = re.compile(r"[^\W_]+")


_CLITIC_SET = frozenset(CLITICS)
_CLITIC_LENS = tuple(sorted({len(c) for c in CLITICS if c}, reverse=True))


@lru_cache(maxsize=1 << 16)
def split_clitics(word: str) -> tuple[str, str]:
    """(proclitics, stem) of ``word``: the longest proclitic string that leaves a stem of 2+ letters."""
    for n in _CLITIC_LENS:
        if len(word) - n >= 2 and word[:n] in _CLITIC_SET:
            return word[:n], word[n:]
    return "", word


def shape(word: str) -> str:
    """A coarse shape: ``num``, ``lat`` (Latin letters), ``mix`` or ``ar`` with a length bucket."""
    if word.isdigit():
        return "num"
    if word.isascii():
        return "lat"
    if any(c.isdigit() or c.isascii() for c in word):
        return "mix"
    n = len(word)
    return "ar" + ("1" if n <= 2 else "2" if n <= 4 else "3" if n <= 7 else "4")


# endings of common nouns, adjectives and verbs (plurals, nisba adjectives, pronouns, verb forms)
SUFFIXES = tuple(
    sorted(
        {normalize(x) for x in "ات ون ين ان يه يون يين ها هم هما كم نا وا تم تن ية ي ه ة".split()},
        key=len,
        reverse=True,
    )
)


def suffix(stem: str) -> str:
    """The longest common ending of ``stem`` from :data:`SUFFIXES` (``-`` when none), if the stem
    keeps 3+ letters without it."""
    for x in SUFFIXES:
        if stem.endswith(x) and len(stem) - len(x) >= 3:
            return x
    return "-"


def words_and_gaps(norm: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The word spans of ``norm`` and the text before each word (after the previous one)."""
    spans = [m.span() for m in _WORD.finditer(norm)]
    gaps = [norm[(spans[k - 1][1] if k else 0) : s] for k, (s, _) in enumerate(spans)]
    return spans, gaps


def sentence_bounds(gaps: Sequence[str]) -> list[tuple[int, int]]:
    """``[lo, hi)`` word ranges of the sentences: a gap with ``. ! ? ؟`` or a line break ends one."""
    out: list[tuple[int, int]] = []
    lo = 0
    for k in range(1, len(gaps)):
        if _PUNCT_END.search(gaps[k]):
            out.append((lo, k))
            lo = k
    if gaps:
        out.append((lo, len(gaps)))
    return out


def place_tag(cands: Sequence[Place], ambiguous: bool) -> str:
    """What a gazetteer name says in one short string: its best candidate's kind and size."""
    if not cands:
        return "none"
    c = cands[0]
    if c.kind == "country":
        return "country"
    size = "big" if c.population >= 500_000 else "mid" if c.population >= 50_000 else "small"
    return f"{c.kind}-{size}" + ("-amb" if ambiguous else "")


def gazetteer_spans(gaz: Gazetteer, norm: str, hits: Sequence[Hit[str]] | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, tag)`` of the gazetteer names in ``norm`` (longest match), tagged by
    :func:`place_tag`; ``hits``: the longest hits of :func:`find_names`, if at hand."""
    if hits is None:
        hits = longest_hits(find_names(gaz, norm))
    out: list[tuple[int, int, str]] = []
    for h in hits:
        key = h.payload if gaz.lookup(h.payload) else "ال" + h.payload
        out.append((h.word_start, h.end, place_tag(gaz.lookup(key), gaz.is_ambiguous(key))))
    return out


def gazetteer_tags(
    starts: Sequence[int], ends: Sequence[int], hits: Sequence[tuple[int, int, str]]
) -> list[str]:
    """Per word: ``B-tag`` / ``I-tag`` when a gazetteer name (``(start, end, tag)``, non-overlapping,
    in order) starts / continues in it, else ``O``."""
    out = ["O"] * len(starts)
    k = 0
    n = len(starts)
    for s, e, tag in hits:
        while k < n and ends[k] <= s:
            k += 1
        j = k
        first = True
        while j < n and starts[j] < e:
            out[j] = ("B-" if first else "I-") + tag
            first = False
            j += 1
    return out


_PARTICLES = frozenset(c for c in CLITICS if c and not c.endswith("ال") and c[-2:] != "لل")


@lru_cache(maxsize=1 << 16)
def strip_particles(word: str) -> str:
    """``word`` without a conjunction or preposition prefix (the article stays)."""
    for n in (2, 1):
        if len(word) - n >= 2 and word[:n] in _PARTICLES:
            return word[n:]
    return word


def context_flags(prev: str) -> list[str]:
    """What the word before says about the next one: a place word, a preposition, a direction, a
    person's or an organisation's head word."""
    out: list[str] = []
    base = strip_particles(prev)
    for w in {prev, base}:
        if w in PLACE_WORDS:
            out.append("pw=" + (PLACE_WORDS[w] or "any"))
        if w in DIRECTIONS:
            out.append("dir")
        if w in PERSON_BEFORE:
            out.append("person")
        if w in ORG_BEFORE:
            out.append("org")
    if prev in PREPOSITIONS or base in PREPOSITIONS:
        out.append("prep")
    if prev in MOTION:
        out.append("motion")
    return sorted(set(out))


@lru_cache(maxsize=1 << 16)
def _own_features(w: str) -> tuple[str, ...]:
    """What a word says by itself (the same wherever it stands: computed once a word)."""
    clitic, stem = split_clitics(w)
    return ("bias", "w=" + w, "stem=" + stem, "pre=" + clitic, "shape=" + shape(w), "sfx=" + suffix(stem))


@lru_cache(maxsize=1 << 16)
def _stem(w: str) -> str:
    return split_clitics(w)[1]


@lru_cache(maxsize=1 << 16)
def _flags(prev: str) -> tuple[str, ...]:
    return tuple(context_flags(prev))


def token_features(
    words: Sequence[str], gaps: Sequence[str], gaz: Sequence[str], i: int, lo: int = 0, hi: int | None = None
) -> list[str]:
    """The features of word ``i`` of the sentence ``[lo, hi)`` (``hi`` defaults to the last word)."""
    hi = len(words) if hi is None else hi
    g = gaz[i]
    f = [*_own_features(words[i]), "gaz=" + g, "gz=" + g[:1]]
    if i == lo:
        f.append("first")
    gap = gaps[i]
    if "،" in gap or "," in gap:
        f.append("comma")
    if '"' in gap or "(" in gap:
        f.append("quote")
    if i > lo:
        prev = words[i - 1]
        f += ["-1:w=" + prev, "-1:stem=" + _stem(prev), "-1:gz=" + gaz[i - 1][:1]]
        f += ["-1:" + x for x in _flags(prev)]
        f.append("-1:gz+gz=" + gaz[i - 1][:1] + g[:1])
        if i - 1 > lo:
            f += ["-2:stem=" + _stem(words[i - 2])]
            f += ["-2:" + x for x in _flags(words[i - 2])]
    else:
        f.append("BOS")
    if i + 1 < hi:
        nxt = words[i + 1]
        f += ["+1:w=" + nxt, "+1:stem=" + _stem(nxt), "+1:gz=" + gaz[i + 1][:1]]
        if i + 2 < hi:
            f.append("+2:stem=" + _stem(words[i + 2]))
    else:
        f.append("EOS")
    return f


def sentence_features(
    words: Sequence[str], gaps: Sequence[str], gaz: Sequence[str], lo: int = 0, hi: int | None = None
) -> list[list[str]]:
    """:func:`token_features` for every word of ``[lo, hi)``."""
    hi = len(words) if hi is None else hi
    return [token_features(words, gaps, gaz, i, lo, hi) for i in range(lo, hi)]


def bio_spans(tags: list[str], label: str = "LOC") -> set[tuple[int, int]]:
    """The [start, end) token spans a BIO tagging marks with ``label`` (an I- after anything but
    its own B- or I- starts a span, as the CoNLL scorer reads it)."""
    spans, start = set(), None
    for i, t in enumerate([*tags, "O"]):
        if start is not None and t != f"I-{label}":
            spans.add((start, i))
            start = None
        if t == f"B-{label}" or (t == f"I-{label}" and start is None):
            start = i
    return spans
