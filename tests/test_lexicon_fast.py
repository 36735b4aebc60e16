"""The fast paths of the actor and source finders give what the plain versions give.

Each fast path (a bisect instead of a scan, a set instead of a regex, a split instead of a match
loop) is checked against a plain reference written here. Every sentence was composed for these tests.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.resources import lexicon, sources
from marsad.resources.lexicon import find_actors
from marsad.resources.matcher import Hit, longest_hits
from marsad.resources.sources import find_sources
from marsad.text.normalize import is_word_char, normalize

# --- longest_hits ---------------------------------------------------------------------------


def _hits(spans: list[tuple[int, int]]) -> list[Hit[int]]:
    return [Hit(s, s + n, s, s + n, "k", i) for i, (s, n) in enumerate(spans)]


def plain_longest_hits(hits: list[Hit[int]]) -> list[Hit[int]]:
    """The obvious version: longest first (leftmost on ties), kept unless it overlaps a kept one."""
    taken: list[Hit[int]] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(h.end <= t.start or h.start >= t.end for t in taken):
            taken.append(h)
    return sorted(taken, key=lambda h: h.start)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=40))
def test_longest_hits_equals_the_plain_version(spans: list[tuple[int, int]]) -> None:
    hits = _hits(spans)
    assert longest_hits(hits) == plain_longest_hits(hits)


@pytest.mark.parametrize(
    ("spans", "kept"),
    [
        ([], []),
        ([(0, 3), (0, 3)], [0]),  # a tie: the first one stays
        ([(2, 3), (0, 8), (9, 2)], [1, 2]),
        ([(0, 4), (4, 4), (2, 4)], [0, 1]),  # touching is not overlapping
        ([(5, 2), (0, 2), (3, 2)], [1, 2, 0]),  # text order
    ],
)
def test_longest_hits_cases(spans: list[tuple[int, int]], kept: list[int]) -> None:
    assert [h.payload for h in longest_hits(_hits(spans))] == kept


# --- the word after an actor ----------------------------------------------------------------


def _plain_next_word(norm: str, pos: int) -> tuple[int, int]:
    if pos + 1 < len(norm) and norm[pos] == " " and is_word_char(norm[pos + 1]):
        end = pos + 1
        while end < len(norm) and is_word_char(norm[end]):
            end += 1
        return pos + 1, end
    return pos, pos


@pytest.mark.parametrize(
    "text",
    ["الجيش السوري", "الجيش  السوري", "الجيش", "الجيش ", "الجيش _x", "الجيش x_y", "الجيش 12ب،", "الجيش ½"],
)
def test_next_word_equals_the_plain_scan(text: str) -> None:
    for pos in range(len(text) + 1):
        assert lexicon._next_word(text, pos) == _plain_next_word(text, pos)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="اب ج_1٣.\n½x", max_size=30), st.integers(0, 31))
def test_next_word_equals_the_plain_scan_anywhere(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    assert lexicon._next_word(text, pos) == _plain_next_word(text, pos)


# --- context variants -----------------------------------------------------------------------


@pytest.mark.parametrize("hint", [None, "SY", "YE", "PS", "-"])
@pytest.mark.parametrize(
    "text",
    ["قصف الجيش النظامي الحي", "هاجمت المقاومه الشعبيه الموقع", "قال النظام ان القوات تقدمت"],
)
def test_one_variant_fast_path_matches_pick_variant(text: str, hint: str | None) -> None:
    norm = normalize(text)
    expected = []
    for h in lexicon.actor_matcher().find(norm):
        same = [g.payload for g in lexicon.actor_matcher().find(norm) if (g.start, g.end) == (h.start, h.end)]
        if lexicon._pick_variant(same, hint) is h.payload:
            expected.append(h)
    resolved = [lexicon._resolve(h.payload, h, norm, hint) for h in plain_longest_hits(expected)]
    assert find_actors(norm, hint) == resolved


# --- source tokens, cues and credits --------------------------------------------------------

_PLAIN_TOKEN = re.compile(r"\n+|\w+|[^\w\s]")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="قال ون\n\n\t،,.()_-9٣x\u00a0", max_size=40))
def test_source_tokens_equal_a_match_loop(text: str) -> None:
    finder = sources._SourceFinder(text, [])
    spans = [m.span() for m in _PLAIN_TOKEN.finditer(text)]
    assert finder.texts == _PLAIN_TOKEN.findall(text)
    assert finder.starts == [s for s, _ in spans]
    assert finder.ends == [e for _, e in spans]


_CUES = sorted(sources.VERB_CUES | sources.MASDAR_CUES | sources.PREP_CUES.keys(), key=len, reverse=True)
_PLAIN_CUE = re.compile(r"(?<!\w)[وف]?(?:" + "|".join(_CUES) + r")(?!\w)")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["قال", "وقال", "فقالت", "وفقال", "بحسب", "قالا", "ذكر", "وذكرته", "بيان", "،", "\n", "_قال"]),
        max_size=12,
    ),
    st.sampled_from([" ", "", "  "]),
)
def test_cue_tokens_equal_the_cue_regex(words: list[str], sep: str) -> None:
    text = sep.join(words)
    finder = sources._SourceFinder(text, [])
    by_set = [finder.starts[i] for i, t in enumerate(finder.texts) if t in sources._CUE_FORMS]
    assert by_set == [m.start() for m in _PLAIN_CUE.finditer(text)]


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        ("(رويترز)", True),
        ("( رويترز )", True),
        ("قتل جندي - رويترز", True),
        ("قتل جندي -رويترز:", True),
        ("(رويترز) - قتل جندي", True),
        ("قتل جندي (رويترز) ثم", True),
        ("رويترز", False),
        ("قتل جندي رويترز", False),
        ("(رويترز و", False),
    ],
)
def test_agency_credits(text: str, credited: bool) -> None:
    found = [(s.name_ar, s.kind) for s in find_sources(normalize(text), [])]
    assert (("رويترز", "agency") in found) is credited


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("ناشطون: غارات روسية على سراقب", "ناشطون"),
        ("المرصد السوري: مقتل خمسة مدنيين", "المرصد السوري"),
        ("غارات روسية على سراقب", None),
    ],
)
def test_headline_speaker(title: str, expected: str | None) -> None:
    norm = normalize(title)
    got = sources.headline_source(norm, len(norm), find_actors(norm))
    assert (got.name_ar if got else None) == (normalize(expected) if expected else None)
