"""A test helper: a sentence and the place mentions a test makes in it (not a test module)."""

from __future__ import annotations

from marsad.models import Place, PlaceMention
from marsad.text.normalize import normalize


class Text:
    """A normalized sentence and place mentions made by finding names in it, left to right."""

    def __init__(self, text: str) -> None:
        self.norm = normalize(text)
        self._pos = 0

    def m(self, name: str, *places: Place, place_word: str | None = None) -> PlaceMention:
        start = self.norm.index(name, self._pos)
        self._pos = start + len(name)
        return PlaceMention(start, start + len(name), name, tuple(places), place_word)
