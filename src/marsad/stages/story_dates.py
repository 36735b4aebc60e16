"""The day a story is on, carried along the sentences that tell it, and relative days anchored
on the statement that says them.

News writing names the day once ("شنت الطائرات أمس غارات على ...") and goes on with the same
story in the next sentences without naming it again ("كما استهدفت ...", "وأضاف المصدر أن ...");
a sentence with no day of its own takes the day of the story it continues: the sentence before it
in the same paragraph, or after a paragraph break when it opens with a continuation cue. A new
paragraph, or a cue that turns to another story ("على صعيد آخر", "إلى ذلك"), goes back to the
article's day (the lead's day or the publication date).

A relative day inside a reported statement counts from the day of the statement: "قال مسؤول يوم
الأحد إن مسلحين قتلوا أمس ثلاثة مدنيين" is Saturday, whatever the publication date.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from marsad.models import DateMention, Doc, Sentence
from marsad.resources.wordlists import alternatives
from marsad.stages.spans import starting_in

# The cue words are in data/words/story_dates.tsv (read through marsad.resources.wordlists).
# a sentence that goes on with the story told before it, even after a paragraph break
_CONTINUES = re.compile(r"^[\s\"«(]*(?:" + alternatives("story_dates", "continues") + ")")
# a sentence that turns to another story
_NEW_STORY = re.compile(r"^[\s\"«(]*(?:" + alternatives("story_dates", "new_story") + ")")
# the day a statement was made: "قال المسؤول يوم الاحد", "اعلن الجيش امس"
_SPEECH_BEFORE = re.compile(r"(?:" + alternatives("story_dates", "speech_verbs") + r")\s+(?:\S+\s+){0,5}(?:يوم\s+)?$")
_COMPLEMENT = re.compile(r"(?:^|\s)[ول]?[اإ]ن(?:ه|ها|هم)?\s")
# relative days that count from the day they are said
_RELATIVE = re.compile(r"^(?:\S+\s+)?(?:ال)?(?:امس|اليوم|البارحه)$"
                       r"|^(?:اول\s+(?:من\s+)?امس|امس\s+الاول|الليله\s+الماضيه)$")
_RECENT_DAYS = 7  # a day further back than this is background, not the story's day


class StoryDates:
    """Dates for the drafts of one article: :meth:`carried` for a sentence with no day of its own,
    :meth:`anchor` for a day found in the draft's clause or sentence."""

    def __init__(self, doc: Doc, default: DateMention | None) -> None:
        self._doc = doc
        self._default = default
        self._carried: dict[int, DateMention | None] | None = None
        self._starts = [s.start for s in doc.sentences]  # in text order: a date's sentence by bisection

    def carried(self, sentence_index: int) -> DateMention | None:
        """The day of the story a sentence continues, else the article's day."""
        if self._carried is None:
            self._carried = self._carry()
        return self._carried.get(sentence_index, self._default)

    def anchor(self, x: DateMention) -> DateMention:
        """``x``, counted from the day of the statement it sits in when that day is named before it."""
        pub = self._doc.article.published
        k = bisect_right(self._starts, x.start) - 1
        sent = self._doc.sentences[k] if k >= 0 and x.start < self._doc.sentences[k].end else None
        if pub is None or sent is None:
            return x
        norm = self._doc.norm
        if _SPEECH_BEFORE.search(norm[max(sent.start, x.start - 60):x.start]):
            # the day a statement was made is not the day of what it reports, when that is named too
            told = [y for y in starting_in(self._doc.dates, x.end, sent.end, index=self._doc.index) if y.precision == 1
                    and _COMPLEMENT.search(norm[x.end:y.start])]
            if told:
                x = told[0]
        if not x.relative or not _RELATIVE.match(x.text):
            return x
        said = [s for s in starting_in(self._doc.dates, sent.start, x.start + 1, index=self._doc.index)
                if s.end <= x.start and s.precision == 1
                and s.date != pub and _SPEECH_BEFORE.search(norm[max(sent.start, s.start - 60):s.start])
                and _COMPLEMENT.search(norm[s.end:x.start])]
        if not said:
            return x
        day = said[-1].date - (pub - x.date)
        return replace(x, date=day)

    def _carry(self) -> dict[int, DateMention | None]:
        doc, norm = self._doc, self._doc.norm
        pub = doc.article.published
        out: dict[int, DateMention | None] = {}
        story = self._default
        for sent in doc.sentences:
            if sent.is_title:
                out[sent.index] = self._default
                continue
            text = norm[sent.start:sent.end]
            if _NEW_STORY.match(text) or (_new_paragraph(doc, sent) and not _CONTINUES.match(text)):
                story = self._default
            out[sent.index] = story
            own = [self.anchor(x) for x in starting_in(doc.dates, sent.start, sent.end, index=doc.index)
                   if x.precision == 1]
            own = [x for x in own if pub is None or 0 <= (pub - x.date).days <= _RECENT_DAYS]
            if own:
                # the day of the event rather than of the statement that reports it
                told = [x for x in own if not _SPEECH_BEFORE.search(norm[max(sent.start, x.start - 60):x.start])]
                story = (told or own)[-1]
        return out


def _new_paragraph(doc: Doc, sent: Sentence) -> bool:
    """A blank line (or the title) comes right before ``sent``."""
    a, _ = doc.orig_span(max(0, sent.start - 3), sent.start + 1)
    b, _ = doc.orig_span(sent.start, sent.start + 1)
    return "\n\n" in doc.original[a:b + 1] or sent.index == 0

