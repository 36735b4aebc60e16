"""Arabic normalization as pure functions, plus one that keeps an offset map.

Each ``str -> str`` function does one thing (after camel_tools). :func:`normalize_with_offsets`
applies them all in one pass and returns, for every character of the normalized text, the index
of the original character it came from, so that any span found on the normalized text can be
shown exactly in the original.
"""

from __future__ import annotations

import re
import unicodedata
from array import array

DIACRITICS = frozenset(chr(c) for c in range(0x064B, 0x0660)) | {"\u0670", "\u06d6", "\u06d7",
                                                                   "\u06d8", "\u06d9", "\u06da",
                                                                   "\u06db", "\u06dc", "\u06df",
                                                                   "\u06e0", "\u06e1", "\u06e2",
                                                                   "\u06e3", "\u06e4", "\u06e7",
                                                                   "\u06e8", "\u06ea", "\u06eb",
                                                                   "\u06ec", "\u06ed"}
TATWEEL = "\u0640"
# zero-width and directional marks: dropped
INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u00ad\u2060\u202a\u202b\u202c\u202d\u202e"
                      "\u2066\u2067\u2068\u2069")
# spaces of every kind become a plain space
SPACES = frozenset("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f"
                   "\u205f\u3000\t\r\v\f")

_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "\u0672": "ا", "\u0673": "ا"})
_YA = str.maketrans({"ى": "ي", "ی": "ي", "ې": "ي"})
_TEH = str.maketrans({"ة": "ه", "ۃ": "ه"})
_DIGITS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)},
                         **{chr(0x06F0 + i): str(i) for i in range(10)},
                         "\u066b": ".", "\u066c": ",", "\u066a": "%"})
_OTHER = str.maketrans({"ک": "ك", "ڪ": "ك", "ھ": "ه", "ە": "ه", "“": '"', "”": '"', "«": '"', "»": '"',
                        "‘": "'", "’": "'", "–": "-", "—": "-", "‐": "-", "‑": "-"})

# the full table of one-character substitutions applied after presentation forms are unfolded
_TABLE: dict[int, str] = {}
for _t in (_ALEF, _YA, _TEH, _DIGITS, _OTHER):
    _TABLE.update({k: str(v) for k, v in _t.items()})


def dediac(text: str) -> str:
    """Remove Arabic diacritics (harakat, tanwin, shadda, sukun, dagger alef, Quranic marks)."""
    return "".join(c for c in text if c not in DIACRITICS)


def remove_tatweel(text: str) -> str:
    return text.replace(TATWEEL, "")


def normalize_alef(text: str) -> str:
    """أ إ آ ٱ → ا"""
    return text.translate(_ALEF)


def normalize_ya(text: str) -> str:
    """ى (alef maqsura) and Persian ی → ي"""
    return text.translate(_YA)


def normalize_teh_marbuta(text: str) -> str:
    """ة → ه"""
    return text.translate(_TEH)


def normalize_digits(text: str) -> str:
    """Arabic-Indic and Persian digits → ASCII; Arabic decimal/thousands separators and percent."""
    return text.translate(_DIGITS)


def normalize_spaces(text: str) -> str:
    """No-break and other spaces → ' '; zero-width and direction marks removed."""
    return "".join(" " if c in SPACES else c for c in text if c not in INVISIBLE)


def unfold_presentation_forms(text: str) -> str:
    """Arabic presentation forms (ﻻ, ﺣ, ...) → their base letters (NFKC on those blocks only)."""
    return "".join(unicodedata.normalize("NFKC", c) if _is_presentation(c) else c for c in text)


def _is_presentation(c: str) -> bool:
    o = ord(c)
    return 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFC


def normalize(text: str) -> str:
    """All of the above, in order. Equal to ``normalize_with_offsets(text)[0]``, without building
    the offsets: a text with no presentation forms (nearly all) is one ``str.translate``."""
    if _PRESENTATION.search(text) is None:
        return text.translate(_FAST)
    return normalize_with_offsets(text)[0]


# one-to-one substitutions and deletions, for the fast path (no presentation forms in the text)
_FAST: dict[int, str | None] = {**_TABLE, **{ord(c): None for c in DIACRITICS | INVISIBLE | {TATWEEL}},
                                **{ord(c): " " for c in SPACES}}
_DROP = frozenset(DIACRITICS | INVISIBLE | {TATWEEL})
_DROP_RE = re.compile("[" + re.escape("".join(sorted(_DROP))) + "]+")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")


def normalize_with_offsets(text: str) -> tuple[str, array[int]]:
    """Normalize ``text`` and map each output character to the index of its source character.

    The map has one extra final entry, ``len(text)``, so that an end offset maps too. It is an
    ``array('q')`` (8 bytes an entry, not a Python int's 36 with its slot): for a 20 MB article
    (11 million characters) about 90 MB instead of 400; it indexes, slices and bisects like a
    sequence.
    """
    out: list[str] = []
    idx: array[int] = array("q")
    pos = 0
    # the stretches between presentation forms (most texts have none) take the fast path:
    # one-to-one substitutions and deletions by ``str.translate``; each presentation form
    # is unfolded on its own
    for m in _PRESENTATION.finditer(text):
        _fast_run(text, pos, m.start(), out, idx)
        i = m.start()
        for d in unicodedata.normalize("NFKC", m.group()):
            if d in DIACRITICS or d == " ":
                continue
            out.append(_TABLE.get(ord(d), d))
            idx.append(i)
        pos = m.end()
    _fast_run(text, pos, len(text), out, idx)
    idx.append(len(text))
    return "".join(out), idx


def _fast_run(text: str, start: int, end: int, out: list[str], idx: array[int]) -> None:
    """Normalize ``text[start:end]`` (no presentation forms in it) onto ``out`` and its source
    positions onto ``idx``: every kept character maps to exactly one, so translate, and list the
    kept positions, the runs between dropped characters (news text drops few)."""
    if start >= end:
        return
    pos = start
    for m in _DROP_RE.finditer(text, start, end):
        idx.extend(range(pos, m.start()))
        pos = m.end()
    idx.extend(range(pos, end))
    out.append(text[start:end].translate(_FAST))


def is_word_char(c: str) -> bool:
    """Letters and digits of any script (Arabic included) make words; the rest separates them."""
    return c.isalnum()
