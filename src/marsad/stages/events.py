"""From mentions to event drafts: one per trigger group, clause and place.

For every clause: keep the triggers that are not negated or hypothetical, refine each one's
sub-event type from its context (who acted, which weapon), attach the clause's tolls, actors,
places, date and sources, and give one draft per place. Drafts are merged and turned into
:class:`~marsad.models.Event` records by :mod:`marsad.stages.finalize`.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Protocol, TypeVar

from marsad.models import (
    ActorMention,
    DateMention,
    Doc,
    Place,
    PlaceMention,
    Sentence,
    SourceMention,
    TriggerMention,
)
from marsad.stages import context
from marsad.stages.places import PLACE_WORDS
from marsad.stages.places_select import Site, main_chain, sites
from marsad.stages.roles import RoleActor, Roles, assign_roles
from marsad.stages.tolls import Toll, find_tolls
from marsad.stages.triggers import negation
from marsad.text.segment import split_clauses

AIR = "Air/drone strike"
SHELL = "Shelling/artillery/missile attack"
EXPL = "Explosions/Remote violence"
VAC = "Violence against civilians"
_AIR_WORDS = re.compile(r"طيران|طائر|مقاتلات|جوي|حربي|مروحي|مسير|درون|الغارات|غاره|غارات|البراميل")
_ART_WORDS = re.compile(r"مدفعي|صاروخي|قذائف|قذيفه|هاون|دبابات|دبابه|راجمات|المدفعيه|كاتيوشا|مدافع")
_CIVILIAN_VICTIMS = re.compile(
    r"^(?:مدني|مدنيين|مدنيا|مدنيون|مواطن|مواطنين|مواطنا|اطفال|طفل|طفلا|طفله|نساء|امراه|سيده|نازح|نازحين|"
    r"نازحا|اشخاص|شخص|شخصا|فلسطيني|فلسطينيين|فلسطينيا|فلسطينيان|صحفي|صحفيين|صحفيا|مسعف|مسعفين|"
    r"افراد|عائله|اسره|سكان|مصلين|طلاب|تلاميذ|عمال|متضامن|لاجئ|لاجئين|اسرائيليين|مستوطن|مستوطنين)")
_FIGHTER_VICTIMS = re.compile(
    r"^(?:جندي|جنود|جنديا|جنديين|جنديان|عسكري|عسكريين|عسكريا|ضابط|ضباط|ضابطا|عنصر|عناصر|عنصرا|مسلح|"
    r"مسلحين|مسلحا|مقاتل|مقاتلين|مقاتلا|حوثي|حوثيين|حوثيا|متمرد|متمردين|ارهابي|ارهابيين|ارهابيا|"
    r"شرطي|شرطيين|رجال|مجند|مجندين|قائد|قاده|عنصرين|مرتزق|انتحاري)")
_PROTEST_CONTEXT = re.compile(r"احتجاج|تضامن|متظاهر|محتج|شعارات|هتاف|جماهيري|حاشد|سلمي|تنديد|منددين|رافع")
_MILITARY_TARGET = re.compile(r"مواقع|موقع|تجمع|معسكر|ثكن|اليات|عربات|عربه|دبابه|دبابات|مخازن|مخزن|مستودع|تحصين|"
                              r"قاعده|مقر|دفاع\s+جوي|الدفاع\s+الجوي|منصات|منصه|اهداف\s+عسكري|دوريه|قافله|مسلح|عناصر|"
                              r"مقاتل|حاجز|حواجز|نقطه\s+عسكري|نقاط|كتيبه|لواء|امني|مربع|مقار|مراكز|فرع|مطار\s+عسكري|قوات")
# a toll over a whole war or a long period is not an event ("ارتفاع حصيله ... منذ بدء الحرب")
_AGGREGATE = re.compile(r"(?:حصيله|اجمالي|مجموع|عدد)\s.{0,80}"
                        r"(?:منذ\s+(?:بدء|بدايه|اندلاع|انطلاق|7\s+اكتوبر|السابع\s+من)"
                        r"|الحرب\s+(?:علي|على)\s+\S+\s+الي)|منذ\s+(?:بدء|بدايه|اندلاع)\s+(?:الحرب|العدوان|الثوره|الازمه)")
# a period rather than a day: "منذ نحو 4 اشهر", "منذ 23 سبتمبر 2014", "خلال العام الماضي"
_LONG_PERIOD = re.compile(r"منذ\s+(?:نحو\s+|قرابه\s+|اكثر\s+من\s+|حوالي\s+)?(?:\d+\s+|\S+\s+)?(?:اشهر|شهور|شهرا|"
                          r"شهرين|عام|اعوام|سنه|سنوات|عامين|سنتين|اسابيع|اسبوعين)"
                          r"|منذ\s+(?:بدء|بدايه|انطلاق|اندلاع)|خلال\s+(?:العام|الاشهر|الشهور|السنوات|الاعوام)"
                          r"|العدد\s+الاجمالي|الحصيله\s+الاجماليه|اجمالي\s+عدد")
# background: "إبان سيطرتهم", "في السابق", a court's sentence
_BACKGROUND = re.compile(r"(?:^|\s)(?:ابان|سابقا|في\s+السابق|محكمه|قضت|حكمت|الحكم\s+علي|بمعاقبه|"
                         r"حمله\s+جويه|حمله\s+عسكريه|سلسله\s+هجمات|موجه\s+هجمات)\s")
# the non-state side started it: an ambush, a raid, opening fire, a bombing
_INITIATIVE = re.compile(r"كمين|كمينا|اوقعت|اوقعوا|استهدف|هاجم|هجوم|فتح\s+النار|فتحوا\s+النار|قنص|تفجير|فجر|اقتحم|"
                         r"تسلل|اسر|خطف|تبنت|تبني|نفذت|نفذ")
# a car bomb driven or set off by its crew is a suicide bombing
_SUICIDE = re.compile(r"انتحاري|نفسه|انفسهم|نفسها|يقودها|يقودهما|قادها|عناصر\s+من|تفجير\s+\d*\s*عناصر")
# what a crowd does when it protests (protesters named without an event word are no event)
_CROWD_ACTION = re.compile(r"(?:^|\s)[وف]?(?:خرج|خرجوا|خرجت|نزل|نزلوا|تجمع|تجمعوا|تجمعت|احتشد|احتشدوا|احتشدت|"
                           r"تدفق|تدفقوا|تظاهر|تظاهروا|اعتصم|اعتصموا|اغلق|اغلقوا|قطع|قطعوا|اقتحم|اقتحموا)(?=\s)")
# a crowd counted ("مئات المتظاهرين", "الاف") or new to the text ("متظاهرون"), not "the protesters" again
_QUANTITY_BEFORE = re.compile(r"(?:مئات|الاف|عشرات|الالاف|المئات|العشرات|الاف|\d+)\s+(?:من\s+)?$")
# a protest or riot that took place: "خرجت مظاهرات", "اندلعت احتجاجات", "نظم ... اعتصاما"
_OCCURRENCE = re.compile(r"(?:^|\s)[وف]?(?:خرجت|اندلعت|انطلقت|عمت|جرت|شهدت|تشهد|شهد|نظم|نظمت|نفذ|نفذت|تجددت|تواصلت|"
                         r"تصاعدت|اندلع|شارك|شاركوا|شاركت|انطلق|جابت|سارت|خرج|يشارك|ينظم|ينفذ)(?=\s)")
_CHECKPOINT = re.compile(r"كمائن\s+امنيه|كمين\s+امني|اقامه\s+\S*\s*كمائن|انشاء\s+\S*\s*كمائن|انشات\s+كمين|ثابته")
# explosives found and made safe: "فجرت قوات الامن عبوات عثرت عليها", "تفكيك عبوه"
_DEFUSED = re.compile(r"عثر|ضبط|تفكيك|فكك|ابطال|ابطل|كاسح|ازاله|نزع\s+الغام|تم\s+تفجيرها|تفجيرها\s+عن\s+بعد")
# what is planned, not what happened: "المظاهرات التي ستنظم في الايام المقبله"
_FUTURE = re.compile(r"(?:الايام|الاسابيع|الاشهر|الساعات)\s+المقبله|الاسبوع\s+المقبل|الشهر\s+المقبل|العام\s+المقبل|"
                     r"(?:^|\s)غدا(?:\s|$)|بعد\s+غد|من\s+المقرر|المزمع")
# credit lines and boilerplate that repeat the headline
_BOILERPLATE = re.compile(r"^\s*(?:رابط\s+الخبر|المصدر\s*:|اقرا\s+ايضا|شاهد\s+ايضا|للمزيد|تابعونا)")
# the kind of violence, for defaults that depend on it
_KIND = {AIR: "air", SHELL: "shelling", "Attack": "attack", "Arrests": "arrest",
         "Looting/property destruction": "loot", "Remote explosive/landmine/IED": "ied",
         "Suicide bomb": "ied"}


@dataclass
class Draft:
    event_type: str
    sub_event_type: str
    sentence: Sentence
    clause: tuple[int, int]
    trigger: TriggerMention | None
    site: Site | None
    roles: Roles
    killed: Toll | None = None
    injured: Toll | None = None
    group_index: int = 0
    group_size: int = 1
    date: DateMention | None = None
    sources: list[SourceMention] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    quantities: list[tuple[str, Toll]] = field(default_factory=list)
    confidence: float = 0.6


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Spanned)


_STARTS: dict[int, tuple[tuple[object, ...], list[int], bool]] = {}


def _in(items: tuple[S, ...], s: int, e: int) -> list[S]:
    """The mentions lying within [s, e); mentions are in text order, so bisect on their starts."""
    key = id(items)
    got = _STARTS.get(key)
    if got is None or got[0] is not items:
        if len(_STARTS) > 64:
            _STARTS.clear()
        starts = [x.start for x in items]
        got = (items, starts, all(a <= b for a, b in pairwise(starts)))
        _STARTS[key] = got
    starts = got[1]
    if not got[2]:
        return [x for x in items if s <= x.start and x.end <= e]
    i = bisect_left(starts, s)
    j = bisect_left(starts, e, i)
    return [x for x in items[i:j] if x.end <= e]


def _refine(t: TriggerMention, clause_text: str, roles: Roles, focus: str | None,
            others: list[TriggerMention], victims_civilian: bool) -> tuple[str, str] | None:
    flags = set(t.tags)
    etype, sub = t.event_type, t.sub_event_type
    a1 = roles.actor1
    if "generic_bomb" in flags:
        air = bool(_AIR_WORDS.search(clause_text))
        art = bool(_ART_WORDS.search(clause_text))
        if air and not art:
            return EXPL, AIR
        if art:
            return EXPL, SHELL
        if a1 is not None and (a1.inter == 8 or "coalition" in a1.name.lower()):
            return EXPL, AIR
        if a1 is None and focus in ("PS", "LB"):
            return EXPL, AIR
        return EXPL, SHELL
    if "territory" in flags:
        if a1 is not None and a1.inter in (2, 4):
            return "Battles", "Non-state actor overtakes territory"
        return "Battles", "Government regains territory"
    if "arrest" in flags and a1 is not None and a1.inter in (2, 3, 4):
        return VAC, "Abduction/forced disappearance"  # ACLED: armed groups abduct, states arrest
    if "ambush" in " ".join(flags) and _CHECKPOINT.search(clause_text):
        return None  # "اقامه ثلاثه كمائن امنيه": checkpoints, not ambushes
    if "massacre" in flags:
        if any(o.event_type == EXPL for o in others):
            return None
        if (a1 is not None and a1.inter == 8) or (a1 is None and focus in ("PS", "LB")):
            return EXPL, AIR
        return VAC, "Attack"
    if "generic_attack" in flags:
        if any(o.event_type in (EXPL,) or "shooting" in o.tags for o in others):
            return None
        if victims_civilian or (roles.actor2 is not None and roles.actor2.inter == 7):
            return VAC, "Attack"
        return "Battles", "Armed clash"
    if "shooting" in flags:
        if any(o.event_type == "Battles" for o in others):
            return None
        if roles.actor2 is not None and roles.actor2.inter not in (7,) and not victims_civilian:
            return "Battles", "Armed clash"
        return VAC, "Attack"
    if etype in ("Protests", "Riots") and t.form == "noun" and not (
            _CROWD_ACTION.search(clause_text) or _OCCURRENCE.search(clause_text)):
        return None  # "موجه الاحتجاجات", "شغب الملاعب": a protest word with nothing happening
    if "intervention" in flags and not any("protest" in o.tags for o in others):
        return None  # dispersing whom? only with a protest in the clause
    if "march" in flags:
        # "مسيرة" is a march in a protest and a drone in a war
        if _PROTEST_CONTEXT.search(clause_text):
            return etype, sub
        if re.search(r"طائر|اطلق|اطلاق|مفخخ|اسقاط|اعتراض|استهدف|هجوم|بمسير", clause_text):
            return EXPL, AIR
        return None
    if ("ied" in flags or "explosion" in flags) and _DEFUSED.search(clause_text):
        return "Strategic developments", "Disrupted weapons use"
    if "ied" in flags and "مفخخ" in t.text and _SUICIDE.search(clause_text):
        return EXPL, "Suicide bomb"
    if "explosion" in flags and any(o.event_type == EXPL and "explosion" not in o.tags for o in others):
        return None
    return etype, sub


def _victims(norm: str, tolls: list[Toll]) -> tuple[bool, bool]:
    civ = fighters = False
    for t in tolls:
        if t.victim_start >= 0:
            w = norm[t.victim_start:t.victim_end]
            civ |= bool(_CIVILIAN_VICTIMS.match(w))
            fighters |= bool(_FIGHTER_VICTIMS.match(w))
    return civ, fighters


def _sum_killed(tolls: list[Toll], kind: str) -> Toll | None:
    ts = [t for t in tolls if t.kind == kind]
    if not ts:
        return None
    exact = [t for t in ts if t.best is not None and not t.vague]
    if len(exact) >= 2 and len({t.best for t in exact}) == len(exact):
        total = sum(t.best or 0 for t in exact)
        first = exact[0]
        return Toll(kind, total, total, None if any(t.high is None for t in exact) else total,
                    any(t.approximate for t in exact), " + ".join(t.text for t in exact), first.start,
                    exact[-1].end, False, first.victim_start, first.victim_end)
    if exact:
        return exact[0]
    return ts[0]


def build_drafts(doc: Doc, focus: str | None) -> list[Draft]:
    norm = doc.norm
    drafts: list[Draft] = []
    last_site: Site | None = None
    for sent in doc.sentences:
        if not _in(doc.triggers, sent.start, sent.end) or _campaign_toll(doc, sent):
            continue  # nothing happens in a sentence with no trigger
        sent_sites = sites(norm, _places(doc, sent.start, sent.end))
        for cs, ce in _split_coordinated(doc, sent, split_clauses(norm, sent.start, sent.end)):
            new = _clause_drafts(doc, sent, (cs, ce), focus, sent_sites, last_site,
                                 drafts[-1] if drafts and not drafts[-1].sentence.is_title else None)
            if new and drafts and _anaphoric(doc, (cs, ce), new, drafts[-1]):
                continue
            drafts.extend(new)
            for d in new:
                if d.site is not None and not sent.is_title:
                    last_site = d.site
    return drafts


_FLAGS: dict[str, tuple[str, int, int, tuple[bool, bool]]] = {}


def _sentence_flags(norm: str, sent: Sentence) -> tuple[bool, bool]:
    """(an aggregate toll, a long period) for a sentence; computed once per sentence."""
    got = _FLAGS.get("last")
    if got is not None and got[0] is norm and got[1] == sent.start and got[2] == sent.end:
        return got[3]
    text = norm[sent.start:sent.end]
    flags = (bool(_AGGREGATE.search(text)), bool(_LONG_PERIOD.search(text)))
    _FLAGS["last"] = (norm, sent.start, sent.end, flags)
    return flags


def _campaign_toll(doc: Doc, sent: Sentence) -> bool:
    """A sentence that counts hundreds or thousands killed sums up a campaign or a war."""
    kills = [t for t in _in(doc.triggers, sent.start, sent.end) if t.counts == "killed"]
    for n in _in(doc.numbers, sent.start, sent.end):
        if (n.best or 0) >= 500 and any(
                abs(n.start - t.end) <= 25 or abs(t.start - n.end) <= 25 for t in kills):
            return True
    return False


_DEFINITE = re.compile(r"^(?:ال|لل)")


def _anaphoric(doc: Doc, clause: tuple[int, int], new: list[Draft], prev: Draft) -> bool:
    """A clause with no place of its own that goes back to the last event ("واسفر الانفجار عن مقتل
    5 اشخاص", "وأدى القصف الى ...") adds its toll to that event instead of making another."""
    cs, ce = clause
    if _places(doc, cs, ce) or prev.sentence.index < new[0].sentence.index - 1:
        return False
    trigs = [d.trigger for d in new if d.trigger is not None]
    if not all(_DEFINITE.match(doc.norm[t.start:t.end]) and t.event_type == prev.event_type for t in trigs):
        return False
    if not trigs and new[0].event_type == prev.event_type == "Battles":
        return False
    killed = next((d.killed for d in new if d.killed is not None), None)
    injured = next((d.injured for d in new if d.injured is not None), None)
    if killed is not None and (prev.killed is None or prev.killed.best is None):
        prev.killed = killed
    elif killed is not None and prev.killed is not None and killed.best and prev.killed.best and not (
            killed.vague or prev.killed.vague) and _victims_differ(doc.norm, killed, prev.killed):
        # the other side's dead, told after ("مقتل 3 جنود ... مشيرا الى ان ارهابيا قتل في الاشتباكات")
        total = killed.best + prev.killed.best
        prev.killed = Toll("killed", total, total, None, killed.approximate or prev.killed.approximate,
                           f"{prev.killed.text} + {killed.text}", prev.killed.start, prev.killed.end)
    if injured is not None and (prev.injured is None or prev.injured.best is None):
        prev.injured = injured
    return True


def _victims_differ(norm: str, a: Toll, b: Toll) -> bool:
    """Two tolls count different people: their victim nouns differ ("جنود" / "ارهابيا")."""
    if a.victim_start < 0 or b.victim_start < 0:
        return False
    wa, wb = norm[a.victim_start:a.victim_end], norm[b.victim_start:b.victim_end]
    return wa[:3] != wb[:3]


def _split_coordinated(doc: Doc, sent: Sentence, clauses: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut a clause before "و" + a new event ("اشتباكات بجنين ومستوطنون يقتحمون", "شهيدان بالضفة
    واشتباكات بجنين"): a headline strings several events together with "و"."""
    norm = doc.norm
    out: list[tuple[int, int]] = []
    for cs, ce in clauses:
        cuts = [cs]
        seen_event = False
        marks = sorted([(t.start, "t", t) for t in doc.triggers if cs <= t.start < ce]
                       + ([(a.start, "a", a) for a in doc.actors if cs <= a.start < ce] if sent.is_title else []),
                       key=lambda x: x[0])
        for start, what, obj in marks:
            opens = start >= 2 and norm[start - 1] == "و" and norm[start - 2] in " ،,"
            is_event = what == "t" and (getattr(obj, "counts", None) in (None, "killed"))
            if opens and seen_event and (is_event or what == "a") and start - cuts[-1] > 8:
                cuts.append(start - 1)
            if what == "t" and getattr(obj, "counts", "injured") != "injured":
                seen_event = True
        if sent.is_title:
            # headlines also join events with "و" + a verb: "يرتكب مجزره ... ويعترف بمقتل ..."
            for m in _TITLE_VERB.finditer(norm, cs, ce):
                if m.start() - cs > 8 and all(abs(m.start() + 1 - c) > 8 for c in cuts):
                    cuts.append(m.start() + 1)
            cuts.sort()
        cuts.append(ce)
        out.extend((a, b) for a, b in itertools.pairwise(cuts) if b > a)
    return out


_TITLE_VERB = re.compile(r"\sو(?=[يت][^\W\d_]{3,})")


_PREP_BEFORE_PLACE = frozenset({"في", "من", "الى", "علي", "عن", "قرب", "داخل", "نحو", "باتجاه"})


_ELIGIBLE: dict[str, tuple[Doc, tuple[PlaceMention, ...]]] = {}


def _places(doc: Doc, s: int, e: int) -> list[PlaceMention]:
    """Place mentions in a range that can be where an event happened: not part of an actor's name
    ("حزب الله اللبناني") or of a source's ("مصدر في مجمع ناصر الطبي"), not a nationality adjective
    ("مصادر محليه سوريه"), not a word that only looks like ك + a name ("كمينا")."""
    cached = _ELIGIBLE.get("doc")
    if cached is None or cached[0] is not doc:
        cached = (doc, tuple(_eligible_places(doc)))
        _ELIGIBLE["doc"] = cached
    return _in(cached[1], s, e)


def _bare(word: str) -> str:
    return word[1:] if word[:1] in "وفب" and len(word) > 3 else word


def _eligible_places(doc: Doc) -> list[PlaceMention]:
    norm = doc.norm
    # which actor or source name covers each character (0: none), to drop places inside them
    owner = [0] * (len(norm) + 1)
    spans: list[tuple[int, int]] = [(a.start, a.end) for a in doc.actors] + [(x.start, x.end) for x in doc.sources]
    for k, (a, b) in enumerate(spans, start=1):
        owner[a:b] = [k] * (b - a)
    out = []
    for p in doc.places:
        if p.end > p.start and owner[p.start] and owner[p.start] == owner[p.end - 1]:
            continue
        if _bare(norm[p.start:p.end]) in PLACE_WORDS:
            continue  # "25 بلده وقريه": a place word, not a name
        ws = p.start
        while ws > 0 and norm[ws - 1].isalnum():
            ws -= 1
        prefix = norm[ws:p.start]
        if prefix in ("ك", "وك", "فك"):
            continue
        best = p.candidates[0] if p.candidates else None
        if best is not None and best.kind == "country" and not prefix and p.place_word is None:
            prev = norm[max(0, ws - 20):ws].split()
            if prev and prev[-1] not in _PREP_BEFORE_PLACE and norm[p.start:p.end].endswith("ه"):
                continue  # "مصادر محليه سوريه": an adjective, not Syria
        out.append(p)
    return out


def _clause_drafts(doc: Doc, sent: Sentence, clause: tuple[int, int], focus: str | None,
                   sent_sites: list[Site], last_site: Site | None, prev: Draft | None = None) -> list[Draft]:
    norm = doc.norm
    cs, ce = clause
    all_trigs = _in(doc.triggers, cs, ce)
    if not all_trigs:
        return []
    ctext = norm[cs:ce]
    aggregate, long_period = _sentence_flags(norm, sent)
    if aggregate or _BOILERPLATE.match(ctext) or _BACKGROUND.search(ctext) or _FUTURE.search(ctext):
        return []
    if long_period and (doc.article.published is None or not any(
            (doc.article.published - x.date).days <= 3 for x in _in(doc.dates, cs, ce))):
        return []
    neg = {t.start: negation(norm, cs, t.start) for t in all_trigs}
    # a toll with a figure is a fact even inside a denial or a statement ("نفت ... بان قصف ...
    # الذي اسفر عن استشهاد 71"): only a direct negation removes it
    outcomes = [t for t in all_trigs if t.counts is not None and neg[t.start] != "neg"]
    # an actor inside a source's name ("وكالة أعماق التابعة لتنظيم الدولة") is not a party
    actors: list[ActorMention] = [a for a in _in(doc.actors, cs, ce) if not _describes_source(doc, a)]
    nums = list(_in(doc.numbers, cs, ce))
    events = [t for t in all_trigs if t.counts is None and neg[t.start] != "neg"]
    counting = outcomes + [t for t in events if "counts_killed" in t.tags]
    tolls = find_tolls(norm, sorted(counting, key=lambda t: t.start), nums, cs)
    modal = {t.start for t in all_trigs if neg[t.start] == "modal"}
    tolls = [t for t in tolls if t.start not in modal or (t.best and not t.vague)]
    if any(t.kind == "killed" and (t.best or 0) >= 500 for t in tolls):
        return []  # a toll in the hundreds sums up a campaign, not one event
    factual = any(t.kind == "killed" and t.best and not t.vague for t in tolls)
    events = [t for t in events if neg[t.start] is None or factual]
    clause_places = _places(doc, cs, ce)
    strong = [t for t in events if t.weight >= 1.0]
    if strong:
        events = strong
    elif events:
        armed = [a for a in actors if a.role not in ("civilian", "media", "official", "protester")]
        crowd = [t for t in events if "participant" in t.tags and (
            not norm.startswith("ال", t.start) or _QUANTITY_BEFORE.search(norm[max(cs, t.start - 20):t.start]))]
        if crowd and _CROWD_ACTION.search(ctext):
            events = crowd  # protesters named with what they did: "تجمع المتظاهرون", "خرج المحتجون"
        elif not (armed and (clause_places or any(t.kind == "killed" for t in tolls))):
            events = []
        else:
            events = [t for t in events if "participant" not in t.tags]
    events = [t for t in events if "territory" not in t.tags
              or any(t.end <= p.start <= t.end + 60 for p in clause_places)]  # "استعادة جثامين"
    groups = _group(norm, events)
    if not groups:
        killed = _sum_killed(tolls, "killed")
        civ, fighters = _victims(norm, tolls)
        if killed is None and fighters and clause_places:
            # "اصابه 16 جنديا في غزه": soldiers wounded are a battle even with no one killed
            killed = next((t for t in tolls if t.kind == "injured" and t.best), None)
        if killed is None or not (killed.best or (killed.vague and clause_places)):
            return []
        roles = assign_roles(norm, clause, killed.start, killed.end, True, actors, focus, _victim_spans(tolls))
        kind = ("Battles", "Armed clash") if fighters and not civ else (VAC, "Attack")
        return _scope_drafts(doc, sent, clause, (killed.start, killed.end), {kind: (None, roles)}, tolls, focus,
                             sent_sites, last_site)
    out: list[Draft] = []
    for gi, g in enumerate(groups):
        lo = cs if gi == 0 else groups[gi - 1][-1].end
        hi = groups[gi + 1][0].start if gi + 1 < len(groups) else ce
        scope_tolls = [t for t in tolls if lo <= t.start < hi or (gi == 0 and t.start < lo)]
        scope_actors = [a for a in actors if lo <= a.start < hi]
        civ, _ = _victims(norm, scope_tolls)
        kinds: dict[tuple[str, str], tuple[TriggerMention | None, Roles]] = {}
        for t in g:
            roles = assign_roles(norm, (lo, hi), t.start, t.end, t.form == "verb", scope_actors, focus,
                                 _victim_spans(scope_tolls))
            if (roles.actor1 is None and prev is not None and prev.roles.actor1 is not None
                    and not prev.roles.inferred and _PRO_DROP.match(norm[cs:t.start])):
                # "وقصف ... موقع": a verb opening its clause with no subject goes on with the last actor
                roles.actor1 = prev.roles.actor1
            refined = _refine(t, norm[lo:hi], roles, focus, [o for o in g if o is not t], civ)
            if refined is not None:
                kinds.setdefault(refined, (t, roles))
        if kinds:
            scope = (lo if gi == 0 else g[0].start, hi)
            out.extend(_scope_drafts(doc, sent, scope, (g[0].start, g[-1].end), kinds, scope_tolls, focus,
                                     sent_sites, last_site if not out else out[-1].site))
    return out


_AFFILIATION = re.compile(r"(?:التابع|التابعه|الموالي|المواليه|المقرب|المقربه|باسم|الجناح\s+العسكري)"
                          r"\s*(?:ل|من)?\s*\S*\s*$")


def _describes_source(doc: Doc, a: ActorMention) -> bool:
    """An actor named in a source's name or its description ("وكالة أعماق التابعة لتنظيم الدولة",
    "المتحدث باسم الجيش") speaks; it does not act in the event."""
    for x in doc.sources:
        if x.start <= a.start and a.end <= x.end:
            return True
        if 0 <= a.start - x.end <= 30 and _AFFILIATION.search(doc.norm[x.end:a.start]):
            return True
    return False


_PRO_DROP = re.compile(r"^[\s،,؛]*(?:[وف]|ثم|كما|ايضا|بعدها)?\s*(?:كما\s+|ثم\s+)?[وف]?$")


def _group(norm: str, events: list[TriggerMention]) -> list[list[TriggerMention]]:
    """Triggers a few words apart tell one event ("القصف المدفعي والجوي", "غارة جوية"); farther
    apart, each opens its own scope."""
    groups: list[list[TriggerMention]] = []
    for t in sorted(events, key=lambda x: x.start):
        if groups and len(norm[groups[-1][-1].end:t.start].split()) <= 3:
            groups[-1].append(t)
        else:
            groups.append([t])
    return groups


def _victim_spans(tolls: list[Toll]) -> list[tuple[int, int]]:
    return [(t.end, t.end + 40) for t in tolls if t.kind == "killed" or t.kind == "injured"]


def _scope_drafts(doc: Doc, sent: Sentence, scope: tuple[int, int], trig_span: tuple[int, int],
                  kinds: dict[tuple[str, str], tuple[TriggerMention | None, Roles]], tolls: list[Toll],
                  focus: str | None, sent_sites: list[Site], last_site: Site | None) -> list[Draft]:
    """Drafts for one group of triggers: its places are those after the triggers in its scope,
    else those before them, else the sentence's or the last event's."""
    norm = doc.norm
    lo, hi = scope
    civ, _ = _victims(norm, tolls)
    killed = _sum_killed(tolls, "killed")
    injured = _sum_killed(tolls, "injured")
    if any(k[0] in ("Protests", "Riots") for k in kinds):
        kinds = _protest_kind(kinds, killed)
    after = sites(norm, _places(doc, trig_span[1], hi))
    before = sites(norm, _places(doc, lo, trig_span[0]))
    own = after or before
    chosen = main_chain(norm, own, focus) if own else _fallback_sites(sent_sites, scope, last_site)
    if not own and chosen:
        chosen = _where_the_actors_are(doc, scope, chosen)
    if not chosen and any(k[0] in ("Protests", "Riots") for k in kinds):
        # a protest before a building or in a square the gazetteer does not hold: the country,
        # from a nationality the clause names ("الفلسطينيين", "المصري"), at precision 3
        chosen = _country_site(doc, lo, hi)
    if not chosen:
        return []
    chosen = [_city_of_quarter(doc, x) for x in chosen]
    chosen = [x for x in chosen if x.place is None or x.place.kind != "continent"]
    if not chosen:
        return []
    text = norm[lo:hi]
    out: list[Draft] = []
    primary_done = False
    here = next((x.place.country for x in chosen if x.place is not None and x.place.country), None) or focus
    for (etype, sub), (trig, roles) in kinds.items():
        roles = _complete_roles(roles, etype, sub, doc, here, civ, text, norm[sent.start:sent.end])
        give_toll = not primary_done and etype in ("Battles", EXPL, VAC, "Protests", "Riots")
        for i, site in enumerate(chosen):
            d = Draft(etype, sub, sent, scope, trig, site, roles, group_index=i, group_size=len(chosen))
            if give_toll:
                d.killed = killed
                d.injured = injured
            if trig is not None:
                d.tags.update(x[4:] for x in trig.tags if x.startswith("tag="))
            d.confidence = _confidence(trig, roles, site, own)
            out.append(d)
        if give_toll:
            primary_done = True
    return out


def _protest_kind(kinds: dict[tuple[str, str], tuple[TriggerMention | None, Roles]],
                  killed: Toll | None) -> dict[tuple[str, str], tuple[TriggerMention | None, Roles]]:
    prot = [k for k in kinds if k[0] == "Protests"]
    if any(k[0] == "Riots" for k in kinds):
        # protesters who throw stones or burn tyres riot: one Riots event, no separate protest
        rest = {k: v for k, v in kinds.items() if k[0] != "Protests"
                and k[1] != "Looting/property destruction"}
        return rest
    first = kinds[prot[0]]
    rest = {k: v for k, v in kinds.items() if k[0] != "Protests"}
    if killed is not None and (killed.best or killed.vague):
        sub = "Excessive force against protesters"
        rest.pop((VAC, "Attack"), None)
    elif any(k[1] == "Protest with intervention" for k in prot):
        sub = "Protest with intervention"
    else:
        sub = "Peaceful protest"
    return {("Protests", sub): first, **rest}


def _city_of_quarter(doc: Doc, site: Site) -> Site:
    """A neighbourhood is coded at its city ("أحياء الفردوس والصالحين" → Aleppo), with the
    neighbourhoods as the sub-location; the city's name is taken where the article writes it."""
    p = site.place
    if p is None or p.kind not in ("neighbourhood", "landmark") or not p.parent:
        return site
    for m in doc.places:
        if m.candidates and m.candidates[0].name == p.parent and m.candidates[0].kind in ("city", "town", "village"):
            sub = site.sub_location or doc.norm[site.mention.start:site.mention.end]
            return Site(m, m.candidates[0], sub, site.mention)
    return site


def _country_site(doc: Doc, lo: int, hi: int) -> list[Site]:
    from marsad.resources.gazetteer import default_gazetteer
    from marsad.resources.lexicon import COUNTRY_NAMES, demonym_country

    for m in re.finditer(r"[^\W\d_]+", doc.norm[lo:hi]):
        iso = demonym_country(m.group())
        if iso is None:
            continue
        name = COUNTRY_NAMES.get(iso)
        place = next((p for p in default_gazetteer().lookup(_COUNTRY_AR.get(iso, "")) if p.kind == "country"), None)
        mention = PlaceMention(lo + m.start(), lo + m.end(), m.group(), (place,) if place else (), None, True)
        return [Site(mention, place or Place(name or iso, iso, kind="country", precision=3))]
    return []


_COUNTRY_AR = {"PS": "فلسطين", "SY": "سوريا", "IQ": "العراق", "YE": "اليمن", "LB": "لبنان", "EG": "مصر",
               "LY": "ليبيا", "SD": "السودان", "SO": "الصومال", "JO": "الاردن", "SA": "السعوديه", "TR": "تركيا",
               "IL": "اسرائيل", "IR": "ايران", "TN": "تونس", "MA": "المغرب", "DZ": "الجزائر", "BH": "البحرين"}


def _where_the_actors_are(doc: Doc, scope: tuple[int, int], chosen: list[Site]) -> list[Site]:
    """A borrowed place must suit who fought: a clash with Hezbollah told after a Gaza sentence
    ("في الأثناء قتل جنديان باشتباكات مع حزب الله") happened in Lebanon, which the headline names."""
    homes = {a.country for a in _in(doc.actors, scope[0], scope[1])
             if a.inter in (2, 3, 4) and a.country and a.country != "*"}
    here = chosen[0].place.country if chosen[0].place is not None else None
    if not homes or here in homes or not doc.sentences or not doc.sentences[0].is_title:
        return chosen
    title = doc.sentences[0]
    for site in sites(doc.norm, _places(doc, title.start, title.end)):
        if site.place is not None and site.place.country in homes:
            return [site]
    return chosen


def _fallback_sites(sent_sites: list[Site], clause: tuple[int, int], last_site: Site | None) -> list[Site]:
    """No place in the clause: the nearest site of the sentence before it, else the last one used
    (the headline's, for the lead)."""
    before = [s for s in sent_sites if s.mention.end <= clause[0]]
    if before:
        return [before[-1]]
    return [last_site] if last_site is not None else []


def _complete_roles(roles: Roles, etype: str, sub: str, doc: Doc, focus: str | None,
                    civ: bool, clause_text: str, sentence_text: str) -> Roles:
    r = Roles(roles.actor1, roles.assoc1, roles.actor2, roles.assoc2, roles.inferred)
    kind = _KIND.get(sub, "other")
    if r.actor1 is None and etype == "Battles" and r.actor2 is not None and r.actor2.inter != 7:
        # only the losing side is named ("مقتل 42 حوثيا"): the other side fought them
        other = context.opponent(r.actor2, list(doc.actors), focus)
        if other is not None:
            r.actor1, r.inferred = other, True
    if r.actor1 is None:
        agent = context.default_agent(focus, kind)
        if agent is None and etype == "Battles":
            agent = _most_frequent_armed(doc)
        if agent is not None:
            r.actor1, r.inferred = agent, True
    if etype == "Riots" and (r.actor1 is None or r.actor1.inter not in (5,)):
        r.actor2 = r.actor1 if r.actor1 is not None and r.actor1.inter not in (6, 7) else r.actor2
        r.actor1 = RoleActor(f"Rioters ({context_country(focus)})", 5, "")
        r.inferred = False
    if etype == "Protests" and (r.actor1 is None or r.actor1.inter not in (6,)):
        country = context_country(focus)
        r.actor2 = r.actor1 if r.actor1 is not None and r.actor1.inter != 6 else r.actor2
        r.actor1 = RoleActor(f"Protesters ({country})", 6, "")
        r.inferred = False
    if etype == VAC and r.actor2 is None:
        r.actor2 = RoleActor(f"Civilians ({context_country(focus)})", 7, "")
    if etype == EXPL and r.actor2 is None and r.actor1 is not None:
        if civ or not _MILITARY_TARGET.search(clause_text):
            r.actor2 = RoleActor(f"Civilians ({context_country(focus)})", 7, "")
        else:
            r.actor2 = context.opponent(r.actor1, list(doc.actors), focus)
    if etype == "Battles" and r.actor1 is not None and (r.actor2 is None or r.actor2.inter == 7):
        r.actor2 = context.opponent(r.actor1, list(doc.actors), focus)
    if r.actor2 is not None and r.actor1 is not None and r.actor2.name == r.actor1.name:
        r.actor2 = None
    r.actor1 = _at_home_or_abroad(r.actor1, focus)
    r.actor2 = _at_home_or_abroad(r.actor2, focus)
    if (sub == "Armed clash" and r.actor1 is not None and r.actor2 is not None and r.actor1.inter in (2, 3, 4)
            and r.actor2.inter in (1, 8) and not _INITIATIVE.search(sentence_text)):
        # a clash between a state's forces and others lists the state's forces first (ACLED)
        r.actor1, r.actor2 = r.actor2, r.actor1
    return r


def _at_home_or_abroad(a: RoleActor | None, country: str | None) -> RoleActor | None:
    """A state's forces are inter 1 at home and 8 abroad (ACLED), whatever the article is about."""
    from marsad.resources.lexicon import COUNTRY_NAMES

    if a is None or country is None or a.inter not in (1, 8):
        return a
    m = re.match(r"^(?:Military|Police|Security) Forces of (.+?)(?:\s*\(|:|$)", a.name)
    if not m:
        return a
    inter = 1 if COUNTRY_NAMES.get(country) == m.group(1).strip() else 8
    return a if inter == a.inter else RoleActor(a.name, inter, a.name_ar, a.start)


def context_country(focus: str | None) -> str:
    from marsad.resources.lexicon import COUNTRY_NAMES

    return COUNTRY_NAMES.get(focus or "", "International")


def _most_frequent_armed(doc: Doc) -> RoleActor | None:
    counts: dict[tuple[str, int], int] = {}
    for a in doc.actors:
        if a.role in ("civilian", "media", "official", "protester"):
            continue
        counts[(a.name, a.inter)] = counts.get((a.name, a.inter), 0) + 1
    if not counts:
        return None
    (name, inter) = max(counts, key=lambda k: counts[k])
    return RoleActor(name, inter, "")


def _confidence(trig: TriggerMention | None, roles: Roles, site: Site, clause_sites: list[Site]) -> float:
    c = 0.35
    if trig is not None:
        c += 0.2 * trig.weight
    if roles.actor1 is not None and not roles.inferred:
        c += 0.15
    if site in clause_sites:
        c += 0.15
    if site.place is not None and site.place.lat is not None:
        c += 0.1
    return min(c, 0.95)
