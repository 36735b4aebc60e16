"""The actor lexicon (``data/actors.tsv``), country names and demonyms, and :func:`read_tsv`.

:func:`find_actors` turns actor phrases in normalized text into :class:`ActorMention` records with
ACLED-style names and interaction codes, filling the country of generic roles ("مدنيون", "قوات
الامن") from a following demonym or from the context country. Source attribution and outlet
detection live in :mod:`marsad.resources.sources`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TypeVar

from marsad.models import ActorMention
from marsad.resources.matcher import Hit, PhraseMatcher, longest_hits
from marsad.text.normalize import normalize

T = TypeVar("T")


def _table(text: str) -> dict[str, str]:
    """A mapping written as ``key=value`` items separated by ``;`` (keys may contain spaces)."""
    pairs = (item.split("=", 1) for item in text.split(";") if item.strip())
    return {k.strip(): v.strip() for k, v in pairs}


COUNTRY_NAMES: dict[str, str] = _table(
    "SY=Syria; IQ=Iraq; YE=Yemen; PS=Palestine; IL=Israel; LB=Lebanon; LY=Libya; EG=Egypt; SD=Sudan;"
    "SS=South Sudan; SO=Somalia; TR=Turkey; RU=Russia; US=United States; SA=Saudi Arabia; IR=Iran;"
    "JO=Jordan; AE=United Arab Emirates; QA=Qatar; KW=Kuwait; BH=Bahrain; OM=Oman; TN=Tunisia;"
    "DZ=Algeria; MA=Morocco; MR=Mauritania; FR=France; GB=United Kingdom; DE=Germany; IT=Italy;"
    "ES=Spain; PK=Pakistan; AF=Afghanistan; ET=Ethiopia; ER=Eritrea; DJ=Djibouti; KE=Kenya;"
    "NG=Nigeria; TD=Chad; ML=Mali; NE=Niger; CN=China; IN=India; UA=Ukraine; BE=Belgium;"
    "NL=Netherlands; SE=Sweden; NO=Norway; DK=Denmark; CA=Canada; AU=Australia; JP=Japan;"
    "GR=Greece; CY=Cyprus"
)

# masculine singular nisba stems (normalized); feminine, dual, plural and article forms are derived
_DEMONYM_STEMS: dict[str, str] = _table(
    "سوري=SY; فلسطيني=PS; اسرائيلي=IL; يمني=YE; عراقي=IQ; لبناني=LB; ليبي=LY; مصري=EG; سوداني=SD;"
    "صومالي=SO; تركي=TR; روسي=RU; امريكي=US; اميركي=US; سعودي=SA; ايراني=IR; اردني=JO; اماراتي=AE;"
    "قطري=QA; كويتي=KW; بحريني=BH; عماني=OM; تونسي=TN; جزائري=DZ; مغربي=MA; موريتاني=MR; فرنسي=FR;"
    "بريطاني=GB; الماني=DE; ايطالي=IT; اسباني=ES; باكستاني=PK; افغاني=AF; اثيوبي=ET; اريتري=ER;"
    "جيبوتي=DJ; كيني=KE; نيجيري=NG; تشادي=TD; صيني=CN; هندي=IN; اوكراني=UA; بلجيكي=BE; هولندي=NL;"
    "سويدي=SE; نرويجي=NO; دنماركي=DK; كندي=CA; استرالي=AU; ياباني=JP; يوناني=GR; قبرصي=CY"
)
_DEMONYM_IRREGULAR = _table("اتراك=TR; روس=RU; امريكان=US; اميركان=US; المان=DE; انجليز=GB; فرنسيس=FR")
_NISBA_ENDINGS = ("", "ه", "ين", "ون", "ات", "ا", "ان", "تين", "تان")


def _demonym_table() -> dict[str, str]:
    table = dict(_DEMONYM_IRREGULAR)
    for stem, iso in _DEMONYM_STEMS.items():
        for ending in _NISBA_ENDINGS:
            table.setdefault(stem + ending, iso)
    return table


_DEMONYMS = _demonym_table()


def demonym_country(word_norm: str) -> str | None:
    """ISO2 country of a nationality adjective or noun ("السوريه", "يمنيين", "الاتراك"), else None."""
    if word_norm in _DEMONYMS:
        return _DEMONYMS[word_norm]
    if word_norm.startswith("ال") and word_norm[2:] in _DEMONYMS:
        return _DEMONYMS[word_norm[2:]]
    return None


# --- loading ------------------------------------------------------------------------------


def read_tsv(name: str) -> list[list[str]]:
    """Rows of a packaged TSV file, ``#`` comment lines and blank lines skipped."""
    text = resources.files("marsad.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class ActorEntry:
    pattern: str  # normalized
    name: str  # may hold "{country}" for generic roles
    inter: int
    country: str | None  # None for "*"
    role: str
    flags: frozenset[str]
    when: str | None = None  # context country this variant is for; "-": no context; None: any

    @property
    def generic(self) -> bool:
        return "generic" in self.flags

    @property
    def foreign_abroad(self) -> bool:
        return "foreign_abroad" in self.flags

    @property
    def weak(self) -> bool:
        return "weak" in self.flags

    @property
    def common(self) -> bool:
        return "common" in self.flags


ACTOR_ROLES = frozenset({"armed", "state", "civilian", "protester", "rioter", "media", "official"})


@lru_cache(maxsize=1)
def load_actors() -> list[ActorEntry]:
    out: list[ActorEntry] = []
    for row in read_tsv("actors.tsv"):
        if len(row) != 6:
            raise ValueError(f"actors.tsv: expected 6 columns, got {row!r}")
        pattern, name, inter, country, role, flag_text = (c.strip() for c in row)
        flags = frozenset(f.strip() for f in flag_text.split(",") if f.strip() and f.strip() != "-")
        when = next((f[5:] for f in flags if f.startswith("when=")), None)
        out.append(
            ActorEntry(
                " ".join(normalize(pattern).split()),
                name,
                int(inter),
                None if country == "*" else country,
                role,
                frozenset(f for f in flags if not f.startswith("when=")),
                when,
            )
        )
    return out


@lru_cache(maxsize=1)
def actor_matcher() -> PhraseMatcher[ActorEntry]:
    m: PhraseMatcher[ActorEntry] = PhraseMatcher()
    for e in load_actors():
        m.add(e.pattern, e, proper=not e.common, normalized=True)
    m.build()
    return m


# --- actors -------------------------------------------------------------------------------


def _pick_variant(entries: Sequence[ActorEntry], hint: str | None) -> ActorEntry | None:
    """The variant of one phrase that fits the context country (``when=``), else the default."""
    if hint is not None:
        for e in entries:
            if e.when == hint:
                return e
    else:
        for e in entries:
            if e.when == "-":
                return e
    for e in entries:
        if e.when is None:
            return e
    return None


# a word: letters and digits of any script (the characters of :func:`is_word_char`)
_WORD = re.compile(r"[^\W_]+")


def _next_word(norm: str, pos: int) -> tuple[int, int]:
    """Bounds of the word after ``pos`` when only one space separates them, else (pos, pos)."""
    if norm.startswith(" ", pos):
        m = _WORD.match(norm, pos + 1)
        if m is not None:
            return pos + 1, m.end()
    return pos, pos


def _span_text(norm: str, start: int, end: int, pattern: str) -> str:
    """The matched text, with the article restored where "لل" absorbed it ("للجيش" → "الجيش")."""
    text = norm[start:end]
    if pattern.startswith("ال") and not text.startswith("ال") and norm[max(0, start - 2) : start] == "لل":
        return "ال" + text
    return text


def _fill(template: str, country: str | None) -> str:
    if country is None:
        return template.replace(" ({country})", "").replace(" of {country}", "").replace("{country}", "")
    return template.replace("{country}", COUNTRY_NAMES.get(country, country))


def _resolve(entry: ActorEntry, hit: Hit[ActorEntry], norm: str, hint: str | None) -> ActorMention:
    end = hit.end
    demonym: str | None = None
    if hit.word_end == hit.end:
        ws, we = _next_word(norm, hit.end)
        demonym = demonym_country(norm[ws:we]) if we > ws else None
        if demonym is not None and (entry.generic or demonym == entry.country):
            end = we
        else:
            demonym = None
    name, inter, country = entry.name, entry.inter, entry.country
    if entry.generic:
        country = demonym or hint
        if demonym is None and country == "PS" and entry.role == "state" and entry.name.startswith("Military Forces"):
            # in Gaza and the West Bank "الجيش" / "الجنود" are Israel's forces
            name, inter, country = "Military Forces of Israel", 8, "IL"
        else:
            name = _fill(entry.name, country)
            if entry.role == "state" and demonym is not None and hint is not None and demonym != hint:
                inter = 8
    elif entry.foreign_abroad and hint is not None and country is not None:
        inter = 1 if hint == country else 8
    return ActorMention(
        start=hit.start,
        end=end,
        name=name,
        inter=inter,
        name_ar=_span_text(norm, hit.start, end, entry.pattern),
        country=country,
        role=entry.role,
    )


# a country's bare name is a place, not its forces, after a preposition or a word of direction or
# border: "الالغام المصنوعه في ايران", "الاسلحه القادمه من تركيا", "عاد الي السعوديه", "جنوب تركيا",
# "الحدود مع السعوديه"; or with "ب" on it ("بايران"), or "ل" after an affiliation ("الموالي لايران").
# The forces of a country are named by who they are ("الجيش التركي") or act as its subject.
_PLACE_BEFORE = re.compile(r"(?:^|\s)[وف]?(?:في|من|الي|عن|نحو|صوب|داخل|خارج|باتجاه|اتجاه|قرب|بالقرب\s+من|حدود|"
                           r"[وب]?الحدود(?:\s+مع|\s+بين)?|(?:ال)?(?:شمال|جنوب|شرق|غرب|وسط)(?:ي|\s+شرق|\s+غرب)?|"
                           r"عمق|اراضي|انحاء|ارض|سماء|اجواء)\s+$")
_AFFILIATED_BEFORE = re.compile(r"(?:^|\s)(?:ال)?(?:تابع|موالي|مدعوم|مقرب|قريب|حليف)\S*\s+$")


def _country_as_place(norm: str, hit: Hit[ActorEntry], prev_dropped: int) -> bool:
    """A bare country name ("ايران", "تركيا") used as a place or a patron, not as the forces that act."""
    if not (hit.payload.weak and hit.payload.foreign_abroad):
        return False
    prefix = norm[hit.word_start:hit.start]
    before = norm[max(0, hit.word_start - 24):hit.word_start]
    if "ب" in prefix or ("ل" in prefix and _AFFILIATED_BEFORE.search(before)):
        return True
    # "في ايران وتركيا": a country joined to one named as a place is a place too
    if prefix.startswith("و") and 0 <= hit.word_start - prev_dropped <= 1:
        return True
    return "ل" not in prefix and bool(_PLACE_BEFORE.search(before))


def find_actors(norm: str, country_hint: str | None = None, *, weak: bool = True) -> list[ActorMention]:
    """Actor mentions in normalized text: the longest non-overlapping phrases, in text order.

    ``country_hint``: ISO2 of the country the text is about (the event's location); it fills
    generic roles and picks context variants ("المقاومه" in Yemen vs Gaza). ``weak``: include
    ambiguous entries (country names as attackers, "التنظيم", "القاعده").
    """
    groups: dict[tuple[int, int], list[Hit[ActorEntry]]] = {}
    for h in actor_matcher().find(norm):
        if weak or not h.payload.weak:
            key = (h.start, h.end)
            group = groups.get(key)
            if group is None:
                groups[key] = [h]
            else:
                group.append(h)
    chosen: list[Hit[ActorEntry]] = []
    usual = country_hint if country_hint is not None else "-"  # the variant wanted, see _pick_variant
    for hits in groups.values():
        if len(hits) == 1:  # one variant: it fits when it is for any context or for this one
            when = hits[0].payload.when
            if when is None or when == usual:
                chosen.append(hits[0])
            continue
        picked = _pick_variant([h.payload for h in hits], country_hint)
        if picked is not None:
            chosen.append(next(h for h in hits if h.payload is picked))
    out: list[ActorMention] = []
    dropped = -10
    for h in longest_hits(chosen):
        if _country_as_place(norm, h, dropped):
            dropped = h.end
            continue
        m = _resolve(h.payload, h, norm, country_hint)
        if h.payload.generic and m.role == "state" and out:
            m = _announcers_own(norm, out[-1], m)
        out.append(m)
    return out


# a state's force announcing its dead or wounded, up to bare soldiers: "اعلن الجيش الاسرائيلي مقتل ضابط و"
_ANNOUNCER_BEFORE = re.compile(r"(?:^|\s)[وف]?(?:اعلن|اعلنت|اقر|اقرت|اعترف|اعترفت|نعي|نعت|اكد|اكدت)\s+$")
_OWN_TOLL_GAP = re.compile(r"^\s+(?:عن\s+|ب|ان\s+)?(?:مقتل|اصابه|مصرع|وفاه|جرح|سقوط)\s+(?:\d+\s+)?(?:من\s+)?"
                           r"(?:(?:نائب\s+)?(?:قائد|ضابط|ضباط|جندي|جنديين|جنود|عسكري|عسكريين)(?:\s+\S+)?\s+)?[وب]?(?:ال)?$")
_BARE_SOLDIERS = re.compile(r"(?:ال)?(?:جندي|جنود|جنديا|جنديين|جنديان|عسكري|عسكريين|عسكريا|ضابط|ضباط|ضابطا|شرطي|"
                            r"شرطيين|شرطيا|مجند|مجندين|مجندا)$")


def _announcers_own(norm: str, prev: ActorMention, m: ActorMention) -> ActorMention:
    """Bare soldiers in the toll a state's force announces are its own ("اعلن الجيش الاسرائيلي مقتل
    جنديين" in Lebanon: Israel's soldiers), not the forces of the country the text is about."""
    if (prev.role != "state" or prev.inter not in (1, 8) or prev.name == m.name or "{" in prev.name
            or not _BARE_SOLDIERS.match(norm, m.start, m.end)
            or not _OWN_TOLL_GAP.match(norm[prev.end:m.start])
            or not _ANNOUNCER_BEFORE.search(norm[max(0, prev.start - 12):prev.start])):
        return m
    return ActorMention(m.start, m.end, prev.name, prev.inter, m.name_ar, prev.country, m.role)


