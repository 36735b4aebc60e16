"""Attach counts to the tolls that triggers report: killed, injured, and other counted things.

A toll word either follows its number ("18 قتيلا", "عشرات الجرحى") or precedes it
("مقتل 5 جنود", "استشهد 46 مدنيا", "إصابة نحو 289 آخرين"); a dual or singular noun counts by
itself ("مقتل جنديين", "شهيدان", "قتيل"). A toll words with no number ("سقوط قتلى") is vague.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.models import NumberMention, TriggerMention
from marsad.text.numbers import implied_count

_WORD = re.compile(r"\w+")
# "لم يسفر عن ..." / "دون وقوع ..." : the toll did not happen
_NO_TOLL = re.compile(r"(?:لم\s+[يت]سفر|لم\s+[يت]سفر\s+\S+|دون\s+وقوع|دون\s+سقوط|دون\s+ان|لا\s+توجد|لم\s+تسجل|"
                      r"لم\s+يسجل|عدم\s+وقوع|عدم\s+سقوط)\s+(?:\S+\s+)?(?:عن\s+)?$")


_OBJECT_PRONOUN = re.compile(r"(ت?(?:هما|ها|ه))(?!\w)")
_VERBAL_NOUNS = frozenset({"مقتل", "استشهاد", "اصابه", "مصرع", "قتل", "جرح", "وفاه", "اصابات"})


@dataclass(frozen=True)
class Toll:
    kind: str  # killed / injured
    best: int | None
    low: int | None
    high: int | None
    approximate: bool
    text: str
    start: int
    end: int
    vague: bool = False
    victim_start: int = -1  # where the victim noun starts ("جنود", "مدنيا"), -1 if none
    victim_end: int = -1


def _number_right_after(nums: list[NumberMention], pos: int, norm: str, limit: int,
                        stops: list[TriggerMention]) -> NumberMention | None:
    for n in nums:
        if pos <= n.start <= pos + limit:
            gap = norm[pos:n.start]
            if any(pos <= s.start < n.start for s in stops):
                return None  # "مقتل جندي واصابه 12": the 12 belongs to the other toll
            if len(_WORD.findall(gap)) <= 2 and "،" not in gap and "." not in gap:
                return n
    return None


def _number_right_before(nums: list[NumberMention], pos: int, norm: str) -> NumberMention | None:
    for n in nums:
        if 0 <= pos - n.end <= 4:
            gap = norm[n.end:pos]
            if gap.strip() in ("", "من"):
                return n
        if 0 <= pos - n.end <= 8 and norm[n.end:pos].strip() in ("من", "من ال"):
            return n
    return None


def _subject_number(nums: list[NumberMention], pos: int, norm: str) -> NumberMention | None:
    """A number two words before a toll verb, with its noun between: "7 مدنيين قتلوا", or the
    noun and whose it is: "ثمانيه افراد من القبيله قتلوا"."""
    for n in nums:
        gap = norm[n.end:pos]
        words = _WORD.findall(gap)
        if "،" in gap or "." in gap or not 0 < pos - n.end <= 36:
            continue
        if 1 <= len(words) <= 2 and pos - n.end <= 24:
            return n
        if len(words) in (3, 4) and words[1] == "من":
            return n
        # "ان 14 من عناصر الميليشيا المسلحه قتلوا": the number, "من", the group, then the verb
        if 2 <= len(words) <= 6 and words[0] == "من" and not any(w in _CLAUSE_WORDS for w in words):
            return n
    return None


# words that open another clause between a number and a verb: the number is not its subject
_CLAUSE_WORDS = frozenset({"ان", "انه", "الذي", "التي", "الذين", "بعد", "حين", "عندما", "فيما", "بينما", "و"})


def find_tolls(norm: str, triggers: list[TriggerMention], nums: list[NumberMention],
               clause_start: int) -> list[Toll]:
    """The tolls reported in one clause, each with its count (best None when none is given)."""
    out: list[Toll] = []
    used: set[int] = set()  # numbers already counted: "قتل 9 مسلحين وجرح آخرون" wounded no 9
    for t in triggers:
        free = [x for x in nums if x.start not in used]
        if t.counts is None:
            if "counts_killed" not in t.tags:
                continue
            kind = "killed"  # "اعدمت 79 شخصا": an execution counts its victims
        else:
            kind = t.counts
        if _NO_TOLL.search(norm[max(clause_start, t.start - 40):t.start]):
            out.append(Toll(kind, 0, 0, 0, False, norm[t.start:t.end], t.start, t.end))
            continue
        # "18 قتيلا" has its number before; "مقتل 5 جنود", "استشهد 46 مدنيا" after
        noun_like = t.form == "noun" and t.text not in _VERBAL_NOUNS
        if noun_like:
            n = _number_right_before(free, t.start, norm)
        else:
            n = _number_right_after(free, t.end, norm, 30, triggers)
            if n is None and t.form == "verb":
                n = _subject_number(free, t.start, norm)  # "سبعه مدنيين قتلوا"
        if n is not None:
            used.add(n.start)
            vs, ve = _victim_after(norm, max(n.end, t.end))
            out.append(Toll(kind, n.best, n.low, n.high, n.approximate, n.text,
                            min(t.start, n.start), max(t.end, n.end), n.vague, vs, ve))
            continue
        # no figure: a singular or dual noun counts itself ("قتيل", "شهيدان", "مقتل جنديين")
        flags = set(t.tags)
        if "count1" in flags or "count2" in flags:
            c = 2 if "count2" in flags else 1
            out.append(Toll(kind, c, c, c, False, t.text, t.start, t.end))
            continue
        # a verb with its victim as a pronoun: "قتلته" one, "قتلتهما" two
        m = _OBJECT_PRONOUN.match(norm, t.end)
        if t.form == "verb" and m:
            c1 = 2 if m.group(1).endswith("هما") else 1
            out.append(Toll(kind, c1, c1, c1, False, norm[t.start:m.end()], t.start, m.end()))
            continue
        if t.form == "verb":
            # the subject before its verb counts itself: "جنديين قتلا", "مدني قتل"
            c0 = _subject_before(norm, t.start, clause_start, "dual" in flags)
            if c0 is not None:
                ps, pe, c = c0
                out.append(Toll(kind, c, c, c, False, norm[ps:t.end], ps, t.end, False, ps, pe))
                continue
        vs, ve = _victim_after(norm, t.end)
        if vs >= 0:
            c2 = implied_count(norm[vs:ve]) or _person_count(norm[vs:ve])
            if c2 is None and t.form == "verb":
                # "قتل مسلحون زعيما قبليا": past the subject, a singular or dual person is the victim
                vs, ve, c2 = _object_person(norm, ve, vs, ve)
            if c2 is not None:
                out.append(Toll(kind, c2, c2, c2, False, norm[t.start:ve], t.start, ve, False, vs, ve))
                continue
        if "weak" in flags:
            continue
        out.append(Toll(kind, None, None, None, True, t.text, t.start, t.end, True, vs, ve))
    return out


# singular and dual nouns for people that count themselves ("مقتل قائد", "اصابه ضابطين")
_PEOPLE = frozenset("""قائد ضابط طفل طفله امراه سيده رجل شاب شابه فتى فتاه مسن مسنه صحفي صحفيه مسعف ممرض طبيب
مقاتل عنصر ناشط شرطي مدني مواطن مواطنه جندي مجند حارس معتقل اسير رهينه مستوطن لاجئ نازح صياد مزارع راع
زعيم شيخ قيادي مسؤول امام مختار نائب قاض محام طالب طالبه معلم مهندس""".split())
# nouns of these ends take "يين" in the dual as in the plural: only a dual verb tells ("مدنيين قتلا")
_BROKEN_PLURAL = frozenset({"جندي"})  # plural "جنود": "جنديين" is a dual


def _subject_before(norm: str, pos: int, lo: int, dual_verb: bool) -> tuple[int, int, int] | None:
    """A singular or dual noun right before a toll verb is its counted subject: "جنديين قتلا" 2,
    "شرطيين قتلا" 2 (the dual verb tells), "مدني قتل" 1."""
    m = re.search(r"(\w+)\s+(?:قد\s+)?$", norm[max(lo, pos - 30):pos])
    if m is None:
        return None
    start = max(lo, pos - 30) + m.start(1)
    word = m.group(1)
    w = word[2:] if word.startswith("ال") else word
    c = _person_count(word)
    if c is None and dual_verb and w.endswith(("يين", "ين", "ان")) and (
            w[:-2] in _PEOPLE or w[:-3] + "ه" in _PEOPLE):
        c = 2
    if c is None or (c == 2 and not dual_verb and not w.endswith(("ين", "ان"))):
        return None
    if c == 1 and dual_verb:
        return None
    return start, start + len(word), c


def _object_person(norm: str, pos: int, vs: int, ve: int) -> tuple[int, int, int | None]:
    """The first word after ``pos`` (past a verb's subject) when it names one or two people."""
    m = re.compile(r"\s+(\w+)").match(norm, pos)
    if m is None:
        return vs, ve, None
    c = _person_count(m.group(1))
    return (m.start(1), m.end(1), c) if c is not None else (vs, ve, None)


def _person_count(word: str) -> int | None:
    w = word[2:] if word.startswith("ال") else word
    if w in _PEOPLE or (w.endswith("ا") and w[:-1] in _PEOPLE):
        return 1
    for suffix in ("ين", "ان"):
        if w.endswith(suffix) and (w[: -len(suffix)] in _PEOPLE or w[: -len(suffix)] + "ه" in _PEOPLE
                                   or w[: -len(suffix) - 1] + "ه" in _PEOPLE):
            return 2 if not w.endswith("يين") or w[:-2] in _BROKEN_PLURAL else None
    return None


def _victim_after(norm: str, pos: int) -> tuple[int, int]:
    """The noun right after ``pos`` (skipping "من"/"ما لا يقل عن"), as the victims' description."""
    m = re.compile(r"\s*(?:من\s+)?(\w+)").match(norm, pos)
    if not m:
        return -1, -1
    return m.start(1), m.end(1)


# what else a report counts, by the words that count it
_QUANTITY_WORDS = {
    "detained": re.compile(r"اعتقال|اعتقل|اعتقلت|اعتقلوا|القبض|احتجاز|احتجز|توقيف|اوقف|معتقل|موقوف"),
    "abducted": re.compile(r"اختطاف|اختطف|خطف|مخطوف"),
    "displaced": re.compile(r"نزوح|نازح|مهجر|تهجير|غادر|فر\b|فروا|لاجئ"),
    "surrendered": re.compile(r"سلموا\s+انفسهم|سلموا\s+اسلحتهم|استسلم|استسلام|سلم\s+نفسه"),
}


def find_quantities(norm: str, nums: list[NumberMention], lo: int, hi: int) -> list[tuple[str, Toll]]:
    """Other counted things in [lo, hi): "القبض على 17 شخصا" (detained), "نزوح 13 الف مدني"
    (displaced), "700 من المسلحين سلموا اسلحتهم" (surrendered)."""
    out: list[tuple[str, Toll]] = []
    for what, rx in _QUANTITY_WORDS.items():
        for m in rx.finditer(norm, lo, hi):
            end = m.end()
            while end < hi and norm[end].isalpha():
                end += 1  # the whole word: "اعتقلت", "معتقلين"
            n = _number_right_after(nums, end, norm, 30, []) or _subject_number(nums, m.start(), norm)
            if n is None:
                n = next((x for x in nums if 0 <= m.start() - x.end <= 12 and len(_WORD.findall(
                    norm[x.end:m.start()])) <= 2), None)
            if n is not None and n.best is not None and all(t.start != n.start for _, t in out):
                out.append((what, Toll(what, n.best, n.low, n.high, n.approximate, norm[n.start:n.end],
                                       n.start, n.end, n.vague)))
    return out
