"""``normalize_with_offsets`` takes the fast path (``str.translate``) on the stretches between
presentation forms instead of a character-by-character loop over the whole text: the same text
and the same offset map as that loop."""

from __future__ import annotations

import unicodedata
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text import normalize as nz


def _loop(text: str) -> tuple[str, array[int]]:
    """The character-by-character normalization (the former slow path)."""
    out: list[str] = []
    idx: list[int] = []
    for i, c in enumerate(text):
        if c in nz.DIACRITICS or c == nz.TATWEEL or c in nz.INVISIBLE:
            continue
        if c in nz.SPACES:
            out.append(" ")
            idx.append(i)
            continue
        if 0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFC:
            for d in unicodedata.normalize("NFKC", c):
                if d in nz.DIACRITICS or d == " ":
                    continue
                out.append(nz._TABLE.get(ord(d), d))
                idx.append(i)
            continue
        out.append(nz._TABLE.get(ord(c), c))
        idx.append(i)
    idx.append(len(text))
    return "".join(out), array("q", idx)


_CHARS = ("ابتحدرسعفقكلمنهوي أإآٱىةیکھ٠١٢۴ ،.؟\n\t\u00a0\u200f\u064e\u0651\u0640«»—"
          "\ufefb\ufe8d\ufeb3\ufdf2\ufc60\ufe70\ufe71\ufb50\ufdfa\ufef5")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_CHARS, max_size=60))
def test_same_as_the_character_loop(text: str) -> None:
    assert nz.normalize_with_offsets(text) == _loop(text)


def test_a_long_text_with_a_few_presentation_forms() -> None:
    text = "قَصَفَت الطائرات مدينة حلب أمس، وقتل ٥ مدنيين.\n" * 500
    text = text[:1000] + "\ufefb" + text[1000:20000] + "\ufdf2\u0651" + text[20000:]
    norm, offsets = nz.normalize_with_offsets(text)
    assert (norm, offsets) == _loop(text)
    assert len(offsets) == len(norm) + 1 and offsets[-1] == len(text)
