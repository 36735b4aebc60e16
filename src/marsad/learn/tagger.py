"""The place tagger: a CRF (python-crfsuite) that says how likely each word of a sentence is to be
(part of) a place name, from the features of :mod:`marsad.learn.place_features`.

The shipped model, ``data/place_tagger.crfsuite``, is trained on the ANERcorp train split by
``scripts/train_place_tagger.py`` (see ``data/MANIFEST.toml``) and loaded once per process. A
missing or corrupt model file is a one-line :class:`~marsad.errors.MarsadError` naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from marsad.errors import MarsadError
from marsad.learn.place_features import token_features

MODEL_FILE = "place_tagger.crfsuite"
LABELS = ("O", "B-LOC", "I-LOC")


class PlaceTagger:
    """A loaded CRF model; :meth:`loc_probs` gives each word's marginal probability of being in a
    place name (B-LOC or I-LOC)."""

    def __init__(self, model: bytes, name: str = MODEL_FILE) -> None:
        self.name = name
        self._model = model  # crfsuite reads the model from this buffer: it must outlive the tagger
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open_inmemory(model)
            labels = set(self._tagger.labels())
        except (ValueError, OSError) as e:
            raise MarsadError(f"{name}: not a usable place tagger model ({e})") from None
        if "B-LOC" not in labels:
            raise MarsadError(f"{name}: not a usable place tagger model (no B-LOC label)")
        self._has_i = "I-LOC" in labels

    @classmethod
    def from_path(cls, path: Path) -> PlaceTagger:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise MarsadError(f"{path}: cannot read the place tagger model ({e.strerror or e})") from None
        return cls(data, str(path))

    def loc_probs(self, xseq: Sequence[Sequence[str]]) -> list[float]:
        """P(B-LOC) + P(I-LOC) for each item of ``xseq`` (one feature list per word)."""
        if not xseq:
            return []
        t = self._tagger
        t.set([list(x) for x in xseq])
        if self._has_i:
            return [t.marginal("B-LOC", i) + t.marginal("I-LOC", i) for i in range(len(xseq))]
        return [t.marginal("B-LOC", i) for i in range(len(xseq))]

    def tag(self, xseq: Sequence[Sequence[str]]) -> list[str]:
        """The best label sequence for ``xseq``."""
        if not xseq:
            return []
        return list(self._tagger.tag([list(x) for x in xseq]))


@lru_cache(maxsize=1)
def default_tagger() -> PlaceTagger:
    """The shipped model, loaded once."""
    ref = resources.files("marsad.data").joinpath(MODEL_FILE)
    try:
        data = ref.read_bytes()
    except OSError as e:
        raise MarsadError(f"{MODEL_FILE}: cannot read the place tagger model ({e.strerror or e})") from None
    return PlaceTagger(data, MODEL_FILE)


_END = re.compile(r"[.!?؟\n]")
RADIUS = 6  # words tagged either side of a word asked about (the features see two either side)
SENTENCE_CAP = 60  # words looked back or ahead for a sentence's edge


def word_probs(
    words: Sequence[str], gaps: Sequence[str], gaz: Sequence[str], targets: Sequence[int], tagger: PlaceTagger
) -> dict[int, float]:
    """P(place) of each word in ``targets`` (indexes into ``words``), tagging only a window of
    :data:`RADIUS` words around them inside their sentence (``gaps[k]``: the text before word ``k``;
    ``gaz``: :func:`~marsad.learn.place_features.gazetteer_tags`). Linear in the number of targets."""
    n = len(words)
    out: dict[int, float] = {}
    windows: list[tuple[int, int, int, int]] = []  # sentence lo, hi; window lo, hi
    for i in sorted(set(targets)):
        if not 0 <= i < n:
            continue
        lo = i
        while lo > 0 and i - lo < SENTENCE_CAP and not _END.search(gaps[lo]):
            lo -= 1
        hi = i + 1
        while hi < n and hi - i < SENTENCE_CAP and not _END.search(gaps[hi]):
            hi += 1
        wlo, whi = max(lo, i - RADIUS), min(hi, i + RADIUS + 1)
        if windows and windows[-1][0] == lo and windows[-1][3] >= wlo:
            windows[-1] = (lo, hi, windows[-1][2], whi)
        else:
            windows.append((lo, hi, wlo, whi))
    for lo, hi, wlo, whi in windows:
        xs = [token_features(words, gaps, gaz, k, lo, hi) for k in range(wlo, whi)]
        for k, p in enumerate(tagger.loc_probs(xs), wlo):
            out[k] = p
    return {i: out[i] for i in targets if i in out}
