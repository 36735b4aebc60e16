"""Sentences and clauses."""

from __future__ import annotations

from marsad.text.normalize import normalize
from marsad.text.segment import split_clauses, split_sentences


def test_sentences_split_on_stops_and_lines_not_decimals():
    text = normalize("عنوان الخبر\n\nقتل 2.5 شخص. وأصيب آخرون؟ نعم\nسطر ثالث")
    title_end = len("عنوان الخبر")
    sents = split_sentences(text, title_end)
    assert sents[0].is_title
    assert [text[s.start:s.end] for s in sents[1:]] == ["قتل 2.5 شخص.", "واصيب اخرون؟", "نعم", "سطر ثالث"]


def test_clauses_split_on_connectives():
    text = normalize("قصفت الطائرات مدينة دوما، بينما اندلعت اشتباكات في حرستا، في حين اعتقلت الشرطة شخصين")
    parts = [text[a:b].strip(" ،") for a, b in split_clauses(text, 0, len(text))]
    assert parts == ["قصفت الطائرات مدينه دوما", "بينما اندلعت اشتباكات في حرستا", "في حين اعتقلت الشرطه شخصين"]


def test_short_sentence_is_one_clause():
    text = normalize("كما قتل جندي")
    assert split_clauses(text, 0, len(text)) == [(0, len(text))]
