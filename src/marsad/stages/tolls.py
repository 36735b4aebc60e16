"""Attach counts to the tolls that triggers report: killed, injured, and other counted things.

A toll word either follows its number ("18 قتيلا", "عشرات الجرحى") or precedes it
("مقتل 5 جنود", "استشهد 46 مدنيا", "إصابة نحو 289 آخرين"); a dual or singular noun counts by
itself ("مقتل جنديين", "شهيدان", "قتيل"). A toll words with no number ("سقوط قتلى") is vague.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from marsad.models import NumberMention, TriggerMention
from marsad.resources.wordlists import alternatives, entries, pattern, words
from marsad.text.numbers import implied_count

_WORD = re.compile(r"\w+")
# "لم يسفر عن ..." / "دون وقوع ..." : the toll did not happen
_NO_TOLL = re.compile(r"(?:" + alternatives("tolls", "no_toll") + r")\s+(?:\S+\s+)?(?:عن\s+)?$")


_OBJECT_PRONOUN = re.compile(r"(ت?(?:هما|ها|ه))(?!\w)")
_VERBAL_NOUNS = words("tolls", "verbal_nouns")


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
        # "5 فلسطينيين علي الاقل استشهدوا": "at least" stands between the noun and its verb
        slack = len(_AT_LEAST) + 1 if _AT_LEAST in gap else 0
        if slack:
            words = _WORD.findall(gap.replace(_AT_LEAST, " "))
        if "،" in gap or "." in gap or not 0 < pos - n.end <= 36 + slack:
            continue
        if 1 <= len(words) <= 2 and pos - n.end <= 24 + slack:
            return n
        if len(words) in (3, 4) and words[1] == "من":
            return n
        # "ان 14 من عناصر الميليشيا المسلحه قتلوا": the number, "من", the group, then the verb
        if 2 <= len(words) <= 6 and words[0] == "من" and not any(w in _CLAUSE_WORDS for w in words):
            return n
    return None


_AT_LEAST = "علي الاقل"

# words that open another clause between a number and a verb: the number is not its subject
_CLAUSE_WORDS = words("tolls", "clause_words")


# between a figure and the dead and wounded it counts together: "150 ما بين شهيد وجريح", "30 قتيلا وجريحا"
_TOGETHER_GAP = re.compile(r"\s*(?:من\s+)?(?:(?:ما\s+)?بين\s+)?")
_AND = re.compile(r"\s+و")


def _counted_together(norm: str, triggers: list[TriggerMention],
                      nums: list[NumberMention]) -> tuple[set[int], set[int]]:
    """One figure for the dead and the wounded together ("اكثر من 150 ما بين شهيد وجريح", "30 قتيلا
    وجريحا", "عشرات القتلى والجرحى"): neither is counted by it. The starts of those toll words and
    of those figures."""
    words: set[int] = set()
    figures: set[int] = set()
    tolls = [t for t in triggers if t.counts in ("killed", "injured")]
    for a, b in itertools.pairwise(tolls):
        if a.counts == b.counts or not _AND.fullmatch(norm, a.end, b.start) or any(
                x.form != "noun" or x.text in _VERBAL_NOUNS for x in (a, b)):
            continue  # "62 شهيدا واصابه 18": the wounded have their own figure
        n = next((x for x in nums if 0 <= a.start - x.end <= 12
                  and _TOGETHER_GAP.fullmatch(norm, x.end, a.start)), None)
        if n is not None:
            words.update((a.start, b.start))
            figures.add(n.start)
    return words, figures


# "لقي اربعه حوثيين مصرعهم", "لقي سته من المقاتلين علي الاقل حتفهم": the dead between the verb and its object
_MET_DEATH = re.compile(r"(?:^|\s)[وف]?(?:" + alternatives("tolls", "met") + r")\s+$")
_DEATH_OBJECT = entries("tolls", "death_object")


def _number_after_met(nums: list[NumberMention], t: TriggerMention, norm: str, lo: int) -> NumberMention | None:
    """The figure right after "لقي" when the trigger is its object ("مصرعهم", "حتفهم")."""
    if not t.text.startswith(_DEATH_OBJECT):
        return None
    for n in nums:
        gap = norm[n.end:t.start]
        if lo <= n.start < t.start and len(_WORD.findall(gap)) <= 6 and "،" not in gap and _MET_DEATH.search(
                norm[max(lo, n.start - 12):n.start]):
            return n
    return None


def _and_one_more(norm: str, pos: int, n: NumberMention) -> int:
    """People named between a toll word and its figure, joined by "و": "استشهاد ضابط وثلاثه جنود" one more."""
    m = re.fullmatch(r"\s+(\w+)\s+و", norm[pos:n.start])
    return (_person_count(m.group(1)) or 0) if m else 0


# a running total over a day or a period, told after the event's own toll: "مقتل جندي ...، لترتفع
# حصيله اليوم الي 3 قتلي" counts other events too
_PERIOD_TOTAL = re.compile(r"(?:^|\s)[لو]?(?:" + alternatives("tolls", "total_rises") + r")\s+(?:بذلك\s+)?(?:"
                           + alternatives("tolls", "total_of") + r")\s+(?:\S+\s+){0,3}?(?:"
                           + alternatives("tolls", "total_period") + r")(?:\s+\S+){0,6}?\s+(?:الي|ب)\s+")


def _period_totals(norm: str, tolls: list[Toll], lo: int) -> list[Toll]:
    """The tolls less those that sum up a day or a period after the event's own exact toll."""
    out: list[Toll] = []
    for t in tolls:
        m = _PERIOD_TOTAL.search(norm, max(lo, t.start - 80), t.start + 1)
        if m is not None and m.end() - 1 <= t.start and any(
                o.kind == t.kind and o.best is not None and o.end <= m.start() for o in out):
            continue
        out.append(t)
    return out


def find_tolls(norm: str, triggers: list[TriggerMention], nums: list[NumberMention],
               clause_start: int) -> list[Toll]:
    """The tolls reported in one clause, each with its count (best None when none is given)."""
    return _period_totals(norm, _find_tolls(norm, triggers, nums, clause_start), clause_start)


def _find_tolls(norm: str, triggers: list[TriggerMention], nums: list[NumberMention],
                clause_start: int) -> list[Toll]:
    out: list[Toll] = []
    together, together_figures = _counted_together(norm, triggers, nums)
    used: set[int] = set(together_figures)  # numbers already counted: "قتل 9 مسلحين وجرح آخرون" wounded no 9
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
        if t.start in together or (t.form == "verb" and _number_right_after(
                [x for x in nums if x.start in together_figures], t.end, norm, 30, triggers)):
            # the dead and the wounded counted together: how many of each is not told
            out.append(Toll(kind, None, None, None, True, t.text, t.start, t.end, True))
            continue
        # "18 قتيلا" has its number before; "مقتل 5 جنود", "استشهد 46 مدنيا" after
        noun_like = t.form == "noun" and t.text not in _VERBAL_NOUNS
        if noun_like:
            n = _number_right_before(free, t.start, norm)
        else:
            n = _number_right_after(free, t.end, norm, 30, triggers)
            if n is None and t.form == "verb":
                n = _subject_number(free, t.start, norm)  # "سبعه مدنيين قتلوا"
        met = None if n is not None else _number_after_met(free, t, norm, clause_start)
        if met is not None:  # "لقي اربعه حوثيين مصرعهم": the dead are named after their figure
            n = met
        if n is not None:
            used.add(n.start)
            vs, ve = _victim_after(norm, n.end if met is not None else max(n.end, t.end))
            more = _and_one_more(norm, t.end, n) if n.start > t.end and n.best is not None else 0
            best, low, high = ((x + more if x is not None else None) for x in (n.best, n.low, n.high))
            # "لقي 12 من المتمردين مصرعهم": the toll ends at its figure, the dead named after it
            start, end = (n.start, n.end) if met is not None else (min(t.start, n.start), max(t.end, n.end))
            out.append(Toll(kind, best, low, high, n.approximate, n.text, start, end, n.vague, vs, ve))
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
                c2, end = _and_another(norm, ve, c2)  # "مقتل ضابط شرطه ومجند": two
                out.append(Toll(kind, c2, c2, c2, False, norm[t.start:end], t.start, end, False, vs, ve))
                continue
        if "weak" in flags:
            continue
        out.append(Toll(kind, None, None, None, True, t.text, t.start, t.end, True, vs, ve))
    return out


# singular and dual nouns for people that count themselves ("مقتل قائد", "اصابه ضابطين")
_PEOPLE = words("tolls", "people")
# nouns of these ends take "يين" in the dual as in the plural: only a dual verb tells ("مدنيين قتلا")
_BROKEN_PLURAL = words("tolls", "broken_plural")  # plural "جنود": "جنديين" is a dual


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


_ANOTHER = re.compile(r"(?:\s+(?!" + alternatives("tolls", "not_another") + r")[^\W\d_]+){0,2}\s+و([^\W\d_]+)(?!\w)")


def _and_another(norm: str, pos: int, count: int) -> tuple[int, int]:
    """A counted person and one or two more joined by "و" ("ضابط شرطه ومجند", "قائد كتيبه وجندي"):
    the count with them, and where they end."""
    m = _ANOTHER.match(norm, pos)
    more = _person_count(m.group(1)) if m else None
    return (count + more, m.end()) if m and more else (count, pos)


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
_QUANTITY_WORDS = {what: pattern("tolls", what) for what in ("detained", "abducted", "displaced", "surrendered")}


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
