"""The place tagger's token features: pure functions over words written for these tests."""

from __future__ import annotations

import pytest

from marsad.learn.place_features import (
    context_flags,
    gazetteer_tags,
    sentence_bounds,
    sentence_features,
    shape,
    split_clitics,
    strip_particles,
    suffix,
    token_features,
    words_and_gaps,
)
from marsad.text.normalize import normalize


@pytest.mark.parametrize(
    ("word", "clitics", "stem"),
    [
        ("وبالمدينه", "وبال", "مدينه"),
        ("للقريه", "لل", "قريه"),
        ("والقدس", "وال", "قدس"),
        ("فحلب", "ف", "حلب"),
        ("كتاب", "ك", "تاب"),  # ambiguous: the model weighs both the word and its stem
        ("في", "", "في"),
        ("وب", "", "وب"),
    ],
)
def test_split_clitics(word: str, clitics: str, stem: str) -> None:
    assert split_clitics(word) == (clitics, stem)


def test_strip_particles_keeps_the_article() -> None:
    assert strip_particles("وبالمدينه") == "المدينه"
    assert strip_particles("بمدينه") == "مدينه"
    assert strip_particles("في") == "في"


@pytest.mark.parametrize(
    ("word", "want"), [("2024", "num"), ("Reuters", "lat"), ("ف1", "mix"), ("في", "ar1"), ("دمشق", "ar2")]
)
def test_shape(word: str, want: str) -> None:
    assert shape(word) == want


def test_suffix_classes() -> None:
    assert suffix("مسلحين") == "ين"
    assert suffix("سوريه") == "يه"
    assert suffix("حلب") == "-"  # too short to carry an ending


def test_words_gaps_and_sentences() -> None:
    text = normalize("قصفت الطائرات حلب، وادلب. ثم عادت")
    spans, gaps = words_and_gaps(text)
    words = [text[a:b] for a, b in spans]
    assert words == ["قصفت", "الطائرات", "حلب", "وادلب", "ثم", "عادت"]
    assert gaps[3] == "، " and gaps[4] == ". "
    assert sentence_bounds(gaps) == [(0, 4), (4, 6)]


def test_gazetteer_tags() -> None:
    starts, ends = [0, 5, 10, 15], [4, 9, 14, 19]
    assert gazetteer_tags(starts, ends, [(5, 14, "city-big")]) == ["O", "B-city-big", "I-city-big", "O"]
    assert gazetteer_tags(starts, ends, []) == ["O"] * 4


def test_context_flags() -> None:
    assert "pw=city" in context_flags(normalize("بمدينة"))
    assert "prep" in context_flags("في")
    assert "dir" in context_flags("شمال")
    assert "person" in context_flags("ابو")
    assert context_flags("الطائرات") == []


def test_token_features_see_the_place_word_and_neighbours() -> None:
    words = [normalize(w) for w in "قصفت الطائرات مدينة صور".split()]
    gaps = ["", " ", " ", " "]
    gaz = ["O", "O", "O", "B-city-mid"]
    f = token_features(words, gaps, gaz, 3)
    assert "w=صور" in f and "gaz=B-city-mid" in f and "gz=B" in f
    assert "-1:pw=city" in f and "-1:w=مدينه" in f and "EOS" in f
    first = token_features(words, gaps, gaz, 0)
    assert "BOS" in first and "first" in first and "+1:w=الطائرات" in first


def test_sentence_features_stay_inside_the_sentence() -> None:
    words = ["ا", "ب", "ج", "د"]
    gaps = ["", " ", ". ", " "]
    xs = sentence_features(words, gaps, ["O"] * 4, 2, 4)
    assert len(xs) == 2 and "BOS" in xs[0] and "EOS" in xs[1]
    assert not any(x.startswith("-1:") for x in xs[0])


def test_bio_spans_read_as_conll_does() -> None:
    from marsad.learn.place_features import bio_spans

    assert bio_spans(["B-LOC", "I-LOC", "O", "B-LOC", "B-LOC"]) == {(0, 2), (3, 4), (4, 5)}
    assert bio_spans(["O", "I-LOC", "I-LOC"]) == {(1, 3)}  # an I- with no B- starts a span
    assert bio_spans(["B-PERS", "I-PERS"]) == set()
