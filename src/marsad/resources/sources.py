"""Source attribution and outlet detection (``data/sources.tsv``).

:func:`find_sources` finds who the text says reported something: speakers of attribution cues
("قال", "بحسب", "نقلا عن") and agency credits such as "(رويترز)". Speakers are actor phrases
(:func:`marsad.resources.lexicon.find_actors`), ``sources.tsv`` phrases, or titled persons.
:func:`find_outlet` and :func:`outlet_name` name the publishing outlet.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from marsad.models import ActorMention, SourceMention
from marsad.resources.lexicon import demonym_country, find_actors, read_tsv
from marsad.resources.matcher import PhraseMatcher, longest_hits
from marsad.text.normalize import is_word_char, normalize


def _words(text: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string (compact tables stay readable)."""
    return frozenset(text.split())


def _table(text: str) -> dict[str, str]:
    """A mapping written as ``key=value`` items separated by ``;`` (keys may contain spaces)."""
    pairs = (item.split("=", 1) for item in text.split(";") if item.strip())
    return {k.strip(): v.strip() for k, v in pairs}


@dataclass(frozen=True)
class SourceEntry:
    pattern: str  # normalized
    name: str
    kind: str


SOURCE_KINDS = frozenset({"agency", "official", "local", "activists", "media", "partisan"})


@lru_cache(maxsize=1)
def load_sources() -> list[SourceEntry]:
    out: list[SourceEntry] = []
    for row in read_tsv("sources.tsv"):
        if len(row) != 3:
            raise ValueError(f"sources.tsv: expected 3 columns, got {row!r}")
        pattern, name, kind = (c.strip() for c in row)
        out.append(SourceEntry(" ".join(normalize(pattern).split()), name, kind))
    return out


@lru_cache(maxsize=1)
def source_matcher() -> PhraseMatcher[SourceEntry]:
    m: PhraseMatcher[SourceEntry] = PhraseMatcher()
    for e in load_sources():
        m.add(e.pattern, e, proper=True, normalized=True)
    m.build()
    return m


# --- sources ------------------------------------------------------------------------------

# tokens: newline runs, words, single punctuation marks; the split keeps the gaps between them
_TOKEN_SPLIT = re.compile(r"(\n+|\w+|[^\w\s])")

VERB_CUES = _words(
    "قال قالت قالوا يقول تقول يقولون ذكر ذكرت ذكروا يذكر تذكر افاد افادت افادوا يفيد تفيد اكد اكدت اكدوا "
    "يؤكد تؤكد اعلن اعلنت اعلنوا يعلن تعلن اشار اشارت اشاروا يشير تشير اوضح اوضحت اوضحوا يوضح توضح "
    "نقل نقلت نقلوا ينقل تنقل اورد اوردت اوردوا بث بثت تحدث تحدثت تحدثوا اضاف اضافت اضافوا يضيف تضيف "
    "كشف كشفت كشفوا يكشف تكشف صرح صرحت صرحوا ابلغ ابلغت ابلغوا اعترف اعترفت اعترفوا يعترف وثق وثقت "
    "رصد رصدت زعم زعمت ادعي ادعت روي روت تابع تابعت افيد نشر نشرت نشروا اقر اقرت يقر تقر تلقت تلقي "
    "تبني تبنت يتبني"
)
# verbal nouns whose genitive is the speaker ("اعلان الجيش", "بيان للمرصد"): a lexicon hit is required
MASDAR_CUES = _words("اعلان اعتراف تاكيد بيان تصريحات رواية روايه")
_RELATIVES = _words("الذي التي الذين والذي والتي")
_NAQL = _words("نقل نقلت نقلوا ينقل تنقل")
# prepositional cues: first token -> the tokens that must follow it
PREP_CUES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(_words("بحسب حسب حسبما بحسبما وفقا وفق طبقا تبعا"), ()),
    **{"نقلا": ("عن",), "صادر": ("عن",), "صادره": ("عن",), "علي": ("لسان",)},
}
_TIME_WORDS = _words(
    "اليوم امس الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت صباح مساء صباحا مساء ليلا فجر "
    "الليله ظهر عصر هاتفيا ايضا كذلك"
)
_CARRIERS = _words("موقع قناه صحيفه شبكه تلفزيون اذاعه وكاله")
# words that may follow a source head as part of it: adjectives of sources
_ADJECTIVES = _words(
    "محليه محلي امنيه امني امنيون امنيين طبيه طبي عسكريه عسكري عسكريون ميدانيه ميداني مطلعه مطلع "
    "رسميه رسمي حكوميه حكومي اعلاميه اعلامي اعلاميون حقوقيه حقوقي قبليه قبلي اهليه متطابقه موثوقه "
    "مقربه مقرب خاصه خاص ذاتها نفسها ذاته نفسه المذكوره كبار كبير رفيع رفيعه المستوي محليون محليين "
    "طبيون ميدانيون اكراد الاكراد الكرديه كرديه كردي شيعيه سنيه معارضه معارض معارضون مستقله "
    "الرسمي الرسميه الاعلامي الاعلاميه الميداني الامني العسكري الطبي المحلي المحليه"
)
_STOPS = _words(
    "ان انه انها انهم انهما بان بانه بانها فان فانه وان وانه الي علي عن في من مع خلال بعد قبل منذ عند "
    "حيث كما بينما "
    "التي الذي الذين والتي والذي لكن ولكن حول ضد نحو او ام ثم قد لقد لم لن ما"
)
_TERMINATORS = _words("ان انه انها انهم انهما بان بانه بانها فان فانه فانها وان وانه عن الذي التي والذي والتي الذين")
_STATEMENT_WORDS = _words("بيان تصريح تصريحات حديث مقابله اتصال مؤتمر تغريده")
# first words that show the verb's object (not a speaker) follows
_NOT_SPEAKER = _words(
    "مقتل اصابه استشهاد سقوط بدء انتهاء سيطره السيطره تنفيذ استهداف ارتفاع وفاه اعتقال مسؤوليته "
    "مسؤوليتها تبنيه هويه عن تفاصيل حصيله عدد نبا خبر المعلومات معلومات المناطق تقارير التقارير ان انه انها"
)
# heads after which a prepositional phrase belongs to the source ("مصدر في مستشفي المدينه")
_PP_HEADS = _words("مصدر مصادر المصدر المصادر مسؤول مسؤولون مسؤولين المسؤول مسؤوله مصادرنا")
# person titles: unknown words after them are a name or an organisation ("الناشط الاعلامي فلان")
_TITLE_HEADS = _words(
    "ناشط الناشط ناشطه الناشطه متحدث المتحدث متحدثه المتحدثه الناطق ناطق مراسل مراسله قائد القائد "
    "قيادي القيادي مدير رئيس عميد محافظ المحافظ قائم قائمقام مسؤول المسؤول مسؤوله المسؤوله طبيب "
    "المدير مديره المديره سلطات السلطات نائب وزير الوزير عضو العميد اللواء العقيد المقدم الرائد "
    "النقيب الشيخ الدكتور زعيم امين"
)
_GENERIC_KINDS = {"armed": "partisan", "state": "official", "official": "official", "media": "media"}


class _Cand(NamedTuple):  # a tuple: built for every actor of every text, so it must be cheap
    start: int
    end: int
    name: str
    kind: str


def _bare(word: str) -> str:
    """A word without a leading conjunction و/ف."""
    return word[1:] if len(word) > 2 and word[0] in "وف" else word


def _candidates(norm: str, actors: Sequence[ActorMention]) -> dict[int, _Cand]:
    """Speaker candidates keyed by the start of their first word (clitics included)."""
    out: dict[int, _Cand] = {}

    def put(ws: int, cand: _Cand) -> None:
        old = out.get(ws)
        if old is None or cand.end > old.end:
            out[ws] = cand

    for a in actors:
        ws = a.start
        while ws > 0 and is_word_char(norm[ws - 1]):
            ws -= 1
        put(ws, _Cand(a.start, a.end, a.name, _GENERIC_KINDS.get(a.role, "local")))
    for h in longest_hits(source_matcher().find(norm)):
        put(h.word_start, _Cand(h.start, h.end, h.payload.name, h.payload.kind))
    return out


class _SourceFinder:
    def __init__(self, norm: str, actors: Sequence[ActorMention]) -> None:
        self.norm = norm
        # gap, token, gap, token, ..., gap: the running lengths give every token's bounds
        parts = _TOKEN_SPLIT.split(norm)
        offsets = list(accumulate(map(len, parts)))
        self.texts: list[str] = parts[1::2]
        self.starts: list[int] = offsets[0:-1:2]
        self.ends: list[int] = offsets[1::2]
        self.n = len(self.texts)
        self.cands = _candidates(norm, actors)
        self.by_end = {c.end: c for c in sorted(self.cands.values(), key=lambda c: c.start, reverse=True)}
        self.found: list[SourceMention] = []

    def tok(self, i: int) -> str:
        return self.texts[i] if i < self.n else ""

    def cand_at(self, i: int) -> _Cand | None:
        return self.cands.get(self.starts[i]) if i < self.n else None

    def after(self, end: int) -> int:
        """Index of the first token starting at or after ``end``."""
        return bisect_left(self.starts, end)

    def emit(self, start: int, end: int, name: str, kind: str) -> None:
        norm = self.norm
        text = norm[start:end]
        if norm[max(0, start - 2) : start] == "لل" and (start < 3 or not is_word_char(norm[start - 3])):
            text = "ال" + text  # "للجزيره" → "الجزيره"
        self.found.append(SourceMention(start, end, text, name, kind))

    def run(self) -> list[SourceMention]:
        cue_forms = _CUE_FORMS
        for i in [i for i, t in enumerate(self.texts) if t in cue_forms]:
            text = self.texts[i]
            word = _bare(text) if text not in VERB_CUES and text not in PREP_CUES else text
            if word in VERB_CUES:
                found = self.speaker(i + 1, prep=False, naql=word in _NAQL)
                if not found or word[0] in "يت":
                    self.subject_before(i)
            elif word in MASDAR_CUES:
                self.speaker(i + 1, prep=True, naql=False)
            elif word in PREP_CUES:
                follow = PREP_CUES[word]
                j = i + 1
                if follow:
                    if tuple(self.tok(j + k) for k in range(len(follow))) != follow:
                        continue
                    j += len(follow)
                # "بحسب ما افاد(ه) به", "وفقا لما ذكرته"
                if self.tok(j) in ("ما", "لما") and _bare(self.tok(j + 1)) in VERB_CUES:
                    j += 2
                    if self.tok(j) in ("به", "ه"):
                        j += 1
                elif self.tok(j) in _VERB_WITH_PRONOUN or _bare(self.tok(j)) in VERB_CUES:
                    j += 1
                    if self.tok(j) in ("به", "ه"):
                        j += 1
                self.speaker(j, prep=True, naql=False)
        self.credits()
        return _dedupe(self.found)

    def subject_before(self, i: int) -> None:
        """The speaker right before its verb ("الجيش يعلن"), or before "الذي اعلن"."""
        j = i - 1 if i > 0 and self.tok(i - 1) not in _RELATIVES else i - 2
        if j < 0 or self.norm[self.ends[j] : self.starts[j + 1]] != " ":
            return
        c = self.by_end.get(self.ends[j])
        if c is not None:
            self.emit(c.start, c.end, c.name, c.kind)

    def speaker(self, i: int, *, prep: bool, naql: bool) -> bool:
        """Parse the speaker starting at token ``i``; ``prep``: only a lexicon hit will do."""
        skipped = 0  # a time word or an opening quote between the cue and the speaker
        while i < self.n and skipped < 3 and (self.tok(i) in _TIME_WORDS or self.tok(i) in _OPENERS):
            i, skipped = i + 1, skipped + 1
        if i >= self.n:
            return False
        if self.tok(i) == "ل":  # "وفقا لـ" with the tatweel dropped
            return self.speaker(i + 1, prep=prep, naql=naql)
        start_i = i
        cand = self.cand_at(i)
        if cand is None and _bare(self.tok(i)) in _CARRIERS:  # "موقع "سكاي نيوز عربيه""
            start_i = i + 1
            while self.tok(start_i) in _QUOTES:
                start_i += 1
            cand = self.cand_at(start_i)
        if cand is None and _bare(self.tok(i)) in _TITLE_HEADS:  # "المدير الاقليمي للمنظمه ..."
            cand = _Cand(self.starts[i], self.ends[i], "Official", "official")
        if cand is not None:
            heads = self.head_words(start_i, cand)
            first = self.after(cand.end)
            end_i = self.extend(first, heads)
            end = max(cand.end, self.ends[end_i - 1]) if end_i > first else cand.end
            name, kind = cand.name, cand.kind
            if heads & _TITLE_HEADS:  # "المتحدث باسم الجيش الاسرائيلي": the body speaks
                inner = [c for k in range(first, end_i) if (c := self.cand_at(k)) is not None]
                if inner:
                    name, kind = inner[0].name, inner[0].kind
            self.emit(cand.start, end, name, kind)
        elif not prep:
            fb = self.fallback(start_i)
            if fb is None:
                return False
            end = self.ends[fb - 1]
            self.emit(self.starts[start_i], end, "Named individual", "official")
        else:
            return False
        self.tail(self.after(end), naql)
        return True

    def head_words(self, i: int, cand: _Cand) -> frozenset[str]:
        return frozenset(_bare(t) for t in self.texts[i : self.after(cand.end)])

    def close_paren(self, i: int) -> int | None:
        """Index after the ")" closing the "(" at ``i``, when it closes within four tokens."""
        for k in range(i + 1, min(i + 6, self.n)):
            if self.tok(k) == ")":
                return k + 1
        return None

    def extend(self, i: int, heads: frozenset[str]) -> int:
        """Extend a source over adjectives, "و" + adjective/source, a PP after "مصادر", a name."""
        pp = bool(heads & _PP_HEADS)
        title = bool(heads & _TITLE_HEADS) or any(h.startswith("مراسل") for h in heads)
        n = 0
        while i < self.n and n < 10:
            w = self.tok(i)
            bare = w[1:] if w.startswith("و") and len(w) > 2 else w
            n += 1
            if w in _ADJECTIVES or bare in _ADJECTIVES or demonym_country(bare):
                i += 1
            elif (w.startswith("و") or title) and (c := self.cand_at(i)) is not None:
                i = self.after(c.end)
            elif title and w == "(" and (k := self.close_paren(i)) is not None:
                i = k
            elif pp and w in _QUOTES and self.tok(i + 1) in ("في", "من"):
                i += 1
            elif pp and w in ("في", "من", "ب") and i + 1 < self.n:
                i = self.plain_words(i + 1, 4)
                pp = False
            elif title and self.is_plain(i) and not self.is_statement(i):
                i += 1
            else:
                break
        return i

    def is_plain(self, i: int) -> bool:
        w = self.tok(i)
        if not w or not w[0].isalpha() or w in _STOPS or w in _TIME_WORDS or w in _NOT_SPEAKER:
            return False
        if w[0] in "بل" and w != "باسم" and len(w) > 3:  # a prepositional phrase: "باستشهاد", "للجزيره"
            return False
        return not self.is_recipient(i)

    def is_statement(self, i: int) -> bool:
        return self.tok(i) in ("في", "خلال") and self.tok(i + 1) in _STATEMENT_WORDS

    def plain_words(self, i: int, limit: int) -> int:
        n = 0
        while n < limit and self.is_plain(i) and not self.is_statement(i):
            i, n = i + 1, n + 1
        return i

    def is_recipient(self, i: int) -> bool:
        w = self.tok(i)
        if w == "ل":
            return True
        c = self.cand_at(i)
        return c is not None and w.startswith("ل") and c.kind in ("agency", "media")

    def fallback(self, i: int) -> int | None:
        """A speaker not in the lexicons (a person's name): plain words up to a clear terminator."""
        if _bare(self.tok(i)) in _NOT_SPEAKER or self.tok(i) in _NOT_SPEAKER:
            return None
        j = self.plain_words(i, 8)
        if j == i:
            return None
        nxt = self.tok(j)
        titled = any(_bare(t) in _TITLE_HEADS for t in self.texts[i + 1 : j])
        ok = (
            nxt in _TERMINATORS
            or nxt in _PUNCT_END
            or nxt in _TIME_WORDS
            or self.is_statement(j)
            or self.is_recipient(j)
            or (nxt.startswith("ل") and len(nxt) > 2 and j - i <= 3)
            or titled
        )
        return j if ok else None

    def tail(self, i: int, naql: bool) -> None:
        """After a speaker: an apposition, a recipient outlet ("للجزيره"), "عن" after نقل."""
        if i >= self.n:
            return
        if self.tok(i) in ("،", ",") and _bare(self.tok(i + 1)) in _TITLE_HEADS:
            j = i + 1  # "فلان، المتحدث باسم الحزب"
            end_i = self.extend(j + 1, frozenset({_bare(self.tok(j))}))
            inner = [c for k in range(j, end_i) if (c := self.cand_at(k)) is not None]
            c = inner[-1] if inner else None
            name, kind = (c.name, c.kind) if c is not None else ("Official", "official")
            self.emit(self.starts[j], self.ends[end_i - 1], name, kind)
            i = end_i
        for k in range(i, min(i + 10, self.n)):  # "... قائد اللواء، لرويترز ان"
            if self.tok(k) in _TERMINATORS or self.tok(k) in (".", ":"):
                break
            if self.is_recipient(k):
                j = k + 1 if self.tok(k) == "ل" else k
                while self.tok(j) in _QUOTES:
                    j += 1
                c = self.cand_at(j)
                if c is not None and c.kind in ("agency", "media"):
                    self.emit(c.start, c.end, c.name, c.kind)
                    i = self.after(c.end)
                break
        if naql and self.tok(i) == "عن":
            self.speaker(i + 1, prep=False, naql=False)

    def credits(self) -> None:
        """Agency credits: "(رويترز)", "- ا ف ب", "(د ب ا)"."""
        norm = self.norm
        size = len(norm)
        for c in self.cands.values():
            if c.kind != "agency":
                continue
            b = c.start  # the last character before the credit that is not a space
            while b > 0 and norm[b - 1] == " ":
                b -= 1
            a = c.end  # the first one after it
            while a < size and norm[a] == " ":
                a += 1
            if b > 0 and norm[b - 1] in "(-" and (a == size or norm[a] in ")-:\n"):
                self.emit(c.start, c.end, c.name, c.kind)


# every written form of a cue word: the word itself or after a conjunction و/ف
_CUE_FORMS = frozenset(p + w for w in VERB_CUES | MASDAR_CUES | PREP_CUES.keys() for p in ("", "و", "ف"))
_QUOTES = frozenset({'"', "'"})
_OPENERS = _QUOTES | {"("}
_PUNCT_END = frozenset({"،", ",", ":", '"'})
_VERB_WITH_PRONOUN = _words("ذكرته افاده اعلنه اوردته نقلته اكده اوضحه")


def _dedupe(found: list[SourceMention]) -> list[SourceMention]:
    out: list[SourceMention] = []
    for m in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def find_sources(norm: str, actors: Sequence[ActorMention] | None = None) -> list[SourceMention]:
    """Who the text says reported something: speakers of attribution cues and agency credits.

    ``actors``: the actor mentions of ``norm`` (:func:`find_actors`) when already computed.
    """
    if actors is None:
        actors = find_actors(norm)
    return _SourceFinder(norm, actors).run()


_HEADLINE_SPEAKER = re.compile(r"^\s*([^:\n]{2,50}?)\s*:\s*\S")


def headline_source(norm: str, title_end: int, actors: Sequence[ActorMention] = ()) -> SourceMention | None:
    """A headline that opens with its speaker: "ناشطون: غارات ...", "حماس: مزاعم الاحتلال كاذبة"."""
    if title_end <= 0:
        return None
    m = _HEADLINE_SPEAKER.match(norm, 0, title_end)
    if not m:
        return None
    s, e = m.start(1), m.end(1)
    for h in longest_hits(source_matcher().find(norm[:e])):
        if h.start >= s:
            entry = h.payload
            return SourceMention(s, e, norm[s:e], entry.name, entry.kind)
    actor = next((a for a in actors if s <= a.start and a.end <= e), None)
    if actor is not None:
        return SourceMention(s, e, norm[s:e], actor.name, "partisan")
    return None


# --- outlets ------------------------------------------------------------------------------

_OUTLETS: dict[str, str] = _table(
    "aljazeera=Al Jazeera; الجزيره=Al Jazeera; الجزيره نت=Al Jazeera; قناه الجزيره=Al Jazeera;"
    "reuters=Reuters; رويترز=Reuters; skynewsarabia=Sky News Arabia; سكاي نيوز=Sky News Arabia;"
    "سكاي نيوز عربيه=Sky News Arabia; alarabiya=Al Arabiya; العربيه=Al Arabiya; العربيه نت=Al Arabiya;"
    "aawsat=Asharq Al-Awsat; الشرق الاوسط=Asharq Al-Awsat; alriyadh=Al Riyadh; الرياض=Al Riyadh;"
    "okaz=Okaz; عكاظ=Okaz; almadina=Al Madina; المدينه=Al Madina; alyaum=Al Yaum; اليوم=Al Yaum;"
    "alwatan=Al Watan; الوطن=Al Watan; sabq=Sabq; سبق=Sabq; ajel=Ajel; عاجل=Ajel; alweeam=Al Weeam;"
    "الوئام=Al Weeam; aljazirah=Al Jazirah; الجزيره السعوديه=Al Jazirah; aleqtisadiya=Al Eqtisadiah;"
    "الاقتصاديه=Al Eqtisadiah; alhayat=Al Hayat; الحياه=Al Hayat; alquds=Al-Quds Al-Arabi;"
    "القدس العربي=Al-Quds Al-Arabi; bbc=BBC; بي بي سي=BBC; france24=France 24; فرانس 24=France 24;"
    "alhadath=Al Hadath; الحدث=Al Hadath; almayadeen=Al Mayadeen; الميادين=Al Mayadeen;"
    "anadolu=Anadolu Agency; aa=Anadolu Agency; الاناضول=Anadolu Agency; وكالات=News agencies;"
    "وكالات الانباء=News agencies; saudinewsnet=Saudi News Net"
)
_AGENCY_OUTLETS = frozenset({"Reuters", "Anadolu Agency", "News agencies"})
_OUTLET_LINE = re.compile(r"المصدر\s*:\s*([^\n]+)")
_OUTLET_LINK = re.compile(r"رابط الخبر ب?(?:صحيفه|موقع)\s+([^\s:]+)")
_PAREN = re.compile(r"\(([^()\n]{2,30})\)")
_URL_PARTS = re.compile(r"^(?:https?://)?(?:www\.)?|(?:\.(?:net|com|org|sa|co|uk|ae|qa|news))+/?.*$")


def outlet_name(raw: str) -> str:
    """A corpus ``outlet`` value ("aljazeera.net", "okaz", "الرياض") → canonical English name."""
    key = _URL_PARTS.sub("", raw.strip().lower())
    key = " ".join(normalize(key).split())
    return _OUTLETS.get(key) or _OUTLETS.get(key.removeprefix("صحيفه ")) or raw


def find_outlet(text_original: str, *, normalized: bool = False) -> str | None:
    """The publishing outlet named in the text ("المصدر : الجزيره + وكالات", "(الجزيره نت)").

    ``normalized``: the text is already normalized (the pipeline passes its normalized text)."""
    norm = text_original if normalized else normalize(text_original)
    m = _OUTLET_LINE.search(norm)
    if m:
        first = re.split(r"\s*[+،,/]\s*|\s+و(?=\S)", m.group(1).strip())[0].strip(' ."')
        name = outlet_name(first)
        if name != first:
            return name
    m = _OUTLET_LINK.search(norm)
    if m and m.group(1) in _OUTLETS:
        return _OUTLETS[m.group(1)]
    for m in _PAREN.finditer(norm):
        key = " ".join(m.group(1).split())
        if key in _OUTLETS and _OUTLETS[key] not in _AGENCY_OUTLETS:
            return _OUTLETS[key]
    return None
