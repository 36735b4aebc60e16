"""Where each field of a record stands in its article: the spans the web page highlights.

A record carries its evidence span (offsets into ``title + "\\n\\n" + text``) and, for the other
fields, the words as written (``location.name_ar``, ``actor1.name_ar``, ``fatalities.text``,
``sources[].name_ar`` ...). Each is looked for inside the evidence span first, then anywhere in
the article; exactly first, then after marsad's normalization (hamza forms, alef maqsura, teh
marbuta, diacritics and tatweel folded), mapped back to the original offsets. What cannot be found
is left out. No fastapi here: plain functions over plain records.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from marsad.text.normalize import normalize, normalize_with_offsets

#: The fields a span may belong to, in the order the page lists them.
FIELDS = ("evidence", "location", "actor1", "actor2", "fatalities", "injured", "date", "source")

Span = dict[str, Any]


def full_text(title: str | None, text: str) -> str:
    """The text every offset refers to: the title, a blank line, the text (or the text alone)."""
    return f"{title}\n\n{text}" if title else text


class _Finder:
    """Finds words in one article, exactly or normalized (the normalized text made on first use)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._norm: tuple[str, array[int]] | None = None

    def exact(self, needle: str, start: int, end: int) -> tuple[int, int] | None:
        at = self.text.find(needle, start, end)
        return None if at < 0 else (at, at + len(needle))

    def folded(self, needle: str, start: int, end: int) -> tuple[int, int] | None:
        want = normalize(needle).strip()
        if not want:
            return None
        if self._norm is None:
            self._norm = normalize_with_offsets(self.text)
        norm, index = self._norm
        # the normalized range that covers [start, end) of the original
        lo = _first_at_or_after(index, start)
        hi = _first_at_or_after(index, end)
        at = norm.find(want, lo, hi)
        if at < 0:
            return None
        return index[at], index[at + len(want) - 1] + 1

    def locate(self, needle: str, window: tuple[int, int] | None) -> tuple[int, int] | None:
        if not needle.strip():
            return None
        needle = needle.strip()
        ranges = [window, (0, len(self.text))] if window is not None else [(0, len(self.text))]
        for search in (self.exact, self.folded):
            for start, end in ranges:
                found = search(needle, start, end)
                if found is not None:
                    return found
        return None


def _first_at_or_after(index: array[int], offset: int) -> int:
    lo, hi = 0, len(index) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if index[mid] < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _words(record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, words as written) for every field other than the evidence."""
    location = _obj(record.get("location"))
    for key in ("name_ar", "sub_location_ar"):
        if isinstance(location.get(key), str):
            yield "location", location[key]
    for field in ("actor1", "actor2"):
        name = _obj(record.get(field)).get("name_ar")
        if isinstance(name, str):
            yield field, name
    for field in ("fatalities", "injured"):
        words = _obj(record.get(field)).get("text")
        if isinstance(words, str):
            yield field, words
    for key in ("date_text", "date_ar"):  # not in today's records; used when a record carries it
        if isinstance(record.get(key), str):
            yield "date", record[key]
    sources = record.get("sources")
    for source in sources if isinstance(sources, list) else []:
        name = _obj(source).get("name_ar")
        if isinstance(name, str):
            yield "source", name


def _evidence(record: dict[str, Any], finder: _Finder) -> tuple[int, int] | None:
    evidence = _obj(record.get("evidence"))
    start, end, words = evidence.get("start"), evidence.get("end"), evidence.get("text")
    size = len(finder.text)
    if (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size
            and (not isinstance(words, str) or finder.text[start:end] == words)):  # fmt: skip
        return start, end
    if isinstance(words, str):
        return finder.locate(words, None)
    return None


def record_spans(record: dict[str, Any], text: str, *, finder: _Finder | None = None) -> list[Span]:
    """The spans of one record's fields in ``text`` (the article's full text)."""
    finder = finder or _Finder(text)
    record_id = record.get("event_id")
    spans: list[Span] = []
    window = _evidence(record, finder)
    if window is not None:
        spans.append(_span(record_id, "evidence", window, text))
    seen: set[tuple[str, int, int]] = set()
    for field, words in _words(record):
        found = finder.locate(words, window)
        if found is None or (field, *found) in seen:
            continue
        seen.add((field, *found))
        spans.append(_span(record_id, field, found, text))
    return spans


def article_spans(records: list[dict[str, Any]], text: str) -> list[Span]:
    """The spans of every record's fields in one article, record by record."""
    finder = _Finder(text)
    return [span for record in records for span in record_spans(record, text, finder=finder)]


def _span(record_id: Any, field: str, where: tuple[int, int], text: str) -> Span:
    start, end = where
    return {"record_id": record_id, "field": field, "start": start, "end": end, "text": text[start:end]}
