"""The decider's repeat features and the story dates, computed from per-article sets and by
bisection instead of comparing every draft or date with every other: the same values as the
scans they replaced, on articles written for this test (repeated to make many drafts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from marsad.learn.features import _country, _precision, _repeat_features, _same_area
from marsad.models import Article, DateMention, Doc
from marsad.pipeline import default_pipeline, make_doc, run
from marsad.stages.events import Draft, build_drafts
from marsad.stages.finalize import _lead_date, attach_context
from marsad.stages.story_dates import _COMPLEMENT, _RELATIVE, _SPEECH_BEFORE, StoryDates

_EARLY = ("sentences", "places", "actors", "numbers", "dates", "sources", "triggers")

_TEXT = ("قصفت طائرات حربية مدينة حلب أمس، ما أدى إلى مقتل خمسة مدنيين. "
         "وقال مصدر أمني يوم الأحد إن الغارات على سوريا أمس أسفرت عن مقتل خمسة مدنيين.\n\n"
         "واندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في ريف إدلب يوم السبت. "
         "كما قصفت طائرات التحالف مدينة صنعاء، وقتل ثلاثة أشخاص في قصف على حي الفردوس في حلب.\n"
         "وأعلن الجيش الإسرائيلي اليوم أنه شن غارة على غزة، وقتل عشرة فلسطينيين في خان يونس.\n\n")


def _doc(text: str) -> Doc:
    art = Article("t", text, published=dt.date(2024, 5, 7))
    return run(make_doc(art), [s for s in default_pipeline() if s.name in _EARLY])


def _drafts(doc: Doc) -> list[Draft]:
    drafts = build_drafts(doc, doc.focus)
    attach_context(doc, drafts)
    return drafts


def _repeats_by_scan(drafts: list[Draft], i: int) -> tuple[float, float, float, float]:
    d = drafts[i]
    country = _country(d)
    earlier = [b for b in drafts[:i] if b.event_type == d.event_type]
    return (float(any(_country(b) == country for b in earlier)) if country else 0.0,
            float(any(_same_area(b, d) for b in drafts[:i])),
            float(any(_same_area(b, d) for b in earlier)),
            float(any(b is not d and b.event_type == d.event_type and _country(b) == country
                      and _precision(b) < _precision(d) for b in drafts)) if country else 0.0)


@pytest.mark.parametrize("times", [1, 6])
def test_repeat_features_match_the_scan(times: int) -> None:
    drafts = _drafts(_doc(_TEXT * times))
    assert len(drafts) >= 3 * times
    got = _repeat_features(drafts)
    assert got == [_repeats_by_scan(drafts, i) for i in range(len(drafts))]
    if times > 1:
        assert any(r[1] for r in got)  # the article tells its events again: repeats are seen


def _anchor_by_scan(doc: Doc, x: DateMention) -> DateMention:
    """:meth:`StoryDates.anchor` with scans over every sentence and date (as it was)."""
    pub = doc.article.published
    sent = next((s for s in doc.sentences if s.start <= x.start < s.end), None)
    if pub is None or sent is None:
        return x
    norm = doc.norm
    if _SPEECH_BEFORE.search(norm[max(sent.start, x.start - 60):x.start]):
        told = [y for y in doc.dates if x.end <= y.start < sent.end and y.precision == 1
                and _COMPLEMENT.search(norm[x.end:y.start])]
        if told:
            x = told[0]
    if not x.relative or not _RELATIVE.match(x.text):
        return x
    said = [s for s in doc.dates if sent.start <= s.start and s.end <= x.start and s.precision == 1
            and s.date != pub and _SPEECH_BEFORE.search(norm[max(sent.start, s.start - 60):s.start])
            and _COMPLEMENT.search(norm[s.end:x.start])]
    if not said:
        return x
    return replace(x, date=said[-1].date - (pub - x.date))


def test_story_dates_anchor_as_the_scan_did() -> None:
    doc = _doc(_TEXT * 4)
    story = StoryDates(doc, _lead_date(doc))
    assert len(doc.dates) >= 12
    for x in doc.dates:
        assert story.anchor(x) == _anchor_by_scan(doc, x)
    outside = DateMention(len(doc.norm) + 5, len(doc.norm) + 8, dt.date(2024, 5, 6), 1, "امس", True)
    assert story.anchor(outside) == outside  # in no sentence: as it is
