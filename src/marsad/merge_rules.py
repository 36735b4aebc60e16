"""The pairwise rules of merging across articles: do two records tell the same event, and why.

Each rule returns a short English phrase saying what matched, or ``None`` when the two records
conflict. :func:`pair_reason` joins them; ``marsad.merge`` applies it to every report of an
event. The rules and their reasons are written up in ``docs/merging.md``.

A record is read once into :class:`Facts` (normalized place name, weapon words of the evidence,
the day...), so that comparing two records is a handful of field comparisons.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from marsad.text.normalize import normalize

PLACE_KM = 5.0  # two precise places this close are one place
REGION_KM = 60.0  # a governorate-level report contains a precise place at most this far from its centre
#: A report placed in a part of a country that is no governorate ("شمال سوريا") contains a precise
#: place at most this far from the part's representative point (Northern Syria: Aleppo, Idlib and
#: ar-Raqqah, not Deir ez-Zor, Damascus or as-Suwayda; Southern Yemen: Aden, Lahij, Abyan, al-Dhale).
AREA_KM = 200.0
DATE_WINDOW = {1: 1, 2: 7, 3: 31}  # days two dates may differ, by the coarser time_precision

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
AIR = "Air/drone strike"
SHELLING = "Shelling/artillery/missile attack"
CHEMICAL = "Chemical weapon"

# Sub-event families: sub-types of one event type that two outlets may use for one event.
# Each family lists its members from the least to the most specific; a sub-type in no family
# is compatible only with itself.
FAMILIES: dict[str, tuple[str, ...]] = {
    "bombardment": (SHELLING, AIR, CHEMICAL),
    "bombing": ("Remote explosive/landmine/IED", "Suicide bomb"),
    "battle": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "protest": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "riot": ("Violent demonstration", "Mob violence"),
}
_FAMILY_OF = {s: name for name, members in FAMILIES.items() for s in members}
_RANK = {s: i for members in FAMILIES.values() for i, s in enumerate(members)}
# opposite outcomes of a fight are two events, even at one place on one day
_OPPOSED = frozenset({frozenset({"Government regains territory", "Non-state actor overtakes territory"})})

# weapon words in the evidence (normalized text): they decide air vs ground bombardment, not the labels
_AIR_WORDS = re.compile(r"طائر|طيران|غار[هات]|جوي|مسير[هات]|درون|مقاتلات|حربي[هة]|مروحي")
_GROUND_WORDS = re.compile(r"مدفع|قذائف|قذيف|هاون|صاروخ|صواريخ|راجم|دباب|زوارق|بارج")

# place words that may stand before a name in one outlet and not in another ("مدينة غزة" / "غزة")
_PLACE_WORDS = frozenset({"مدينه", "بلده", "قريه", "حي", "مخيم", "منطقه", "محافظه", "ولايه", "قضاء",
                          "ناحيه", "مركز", "بلدة", "مدينة", "قرية"})
_UNNAMED = ("Unidentified", "Unknown")

# number words: an approximate toll that states one is a figure ("نحو عشرين"), not a vague word
_NUMBER_WORDS = frozenset(
    "واحد اثنين اثنان ثلاث ثلاثه اربع اربعه خمس خمسه ست سته سبع سبعه ثماني ثمانيه ثمان تسع تسعه "
    "عشر عشره عشرين عشرون ثلاثين ثلاثون اربعين اربعون خمسين خمسون ستين ستون سبعين سبعون ثمانين "
    "ثمانون تسعين تسعون مئه مائه مئتين مائتين الف الفين".split()
)


@dataclass(frozen=True)
class Facts:
    """What the rules read from one record, computed once."""

    event_id: str
    doc_id: str
    event_type: str
    sub_event_type: str
    weapon: str | None  # "air", "ground", or None when the evidence names neither (or both)
    country: str
    place: str  # normalized Arabic name, place word and article dropped
    geonameid: int | None
    lat: float | None
    lon: float | None
    admin1: str | None
    coarse: bool  # only a country, governorate or region is known
    day: dt.date | None
    time_precision: int
    actor1: str | None  # None: unnamed, unidentified or inferred
    actor1_shown: str | None  # the name as the record gives it, for reasons
    actor2: str | None
    published: dt.date | None
    dead: int | None = None  # the exact death toll the record states (None: no toll, or only an estimate)
    area: bool = False  # placed in a part of a country that is no governorate ("Northern Syria")
    quarter: str = ""  # the neighbourhood or site inside the place (sub_location_ar), normalized
    count: tuple[int, int] | None = None  # (low, best) of a death toll that states a figure


def facts(record: dict[str, Any]) -> Facts:
    loc = record.get("location") or {}
    a1 = record.get("actor1") or {}
    a2 = record.get("actor2") or {}
    name1 = a1.get("name") if isinstance(a1, dict) else None
    vague1 = not name1 or bool(record.get("actor1_inferred")) or str(name1).startswith(_UNNAMED)
    gid = loc.get("geonameid")
    precision = int(loc.get("geo_precision") or 1)
    return Facts(
        event_id=str(record.get("event_id") or ""),
        doc_id=str(record.get("doc_id") or ""),
        event_type=str(record.get("event_type") or ""),
        sub_event_type=str(record.get("sub_event_type") or ""),
        weapon=weapon(str((record.get("evidence") or {}).get("text") or "")),
        country=str(loc.get("country") or ""),
        place=place_key(str(loc.get("name_ar") or "")),
        geonameid=int(gid) if gid is not None else None,
        lat=loc.get("lat"),
        lon=loc.get("lon"),
        admin1=loc.get("admin1"),
        coarse=precision >= 3 or (precision == 2 and gid is None),
        day=to_date(record.get("event_date")),
        time_precision=int(record.get("time_precision") or 1),
        actor1=None if vague1 else str(name1),
        actor1_shown=str(name1) if name1 else None,
        actor2=a2.get("name") if isinstance(a2, dict) else None,
        published=to_date(record.get("published")),
        dead=_exact_toll(record.get("fatalities")),
        area=precision >= 2 and not loc.get("admin1") and str(loc.get("name") or "") in _areas(),
        quarter=place_key(str(loc.get("sub_location_ar") or "")),
        count=_stated_count(record.get("fatalities")),
    )


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _exact_toll(toll: Any) -> int | None:
    """The figure of a toll that is neither an estimate nor silent."""
    if not isinstance(toll, dict) or toll.get("approximate") or not toll.get("text"):
        return None
    return _number(toll.get("best"))


def _stated_count(toll: Any) -> tuple[int, int] | None:
    """(low, best) of a toll whose words state a figure ("23", "أكثر من 50"), not a vague word."""
    if not isinstance(toll, dict) or not has_figure(toll.get("text")):
        return None
    best = _number(toll.get("best"))
    if best is None:
        return None
    low = _number(toll.get("low"))
    return (best if low is None else low), best


@lru_cache(maxsize=1)
def _areas() -> frozenset[str]:
    """English names of the gazetteer's parts of a country that lie in no one governorate."""
    from marsad.resources.gazetteer_build import read_tsv

    return frozenset(r["name"] for r in read_tsv("places_regions.tsv") if r["country"] and not r["admin1"])


def to_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@lru_cache(maxsize=65536)
def place_key(name_ar: str) -> str:
    """The Arabic place name as two outlets would both write it: normalized, without a leading
    place word ("مدينة غزة" → "غزه") or the article."""
    words = normalize(name_ar).split()
    while len(words) > 1 and words[0] in _PLACE_WORDS:
        words = words[1:]
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words)


@lru_cache(maxsize=65536)
def weapon(evidence: str) -> str | None:
    text = normalize(evidence)
    air, ground = bool(_AIR_WORDS.search(text)), bool(_GROUND_WORDS.search(text))
    if air == ground:
        return None
    return "air" if air else "ground"


def has_figure(text: str | None) -> bool:
    """The toll's words state a number ("أكثر من 20", "نحو عشرين"), not only a vague word ("عشرات")."""
    if not text:
        return False
    if any(c.isdigit() for c in text):
        return True
    return any(w.lstrip("وب") in _NUMBER_WORDS or w in _NUMBER_WORDS for w in normalize(text).split())


def km(a: Facts, b: Facts) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


# --- the four rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    reason: str
    exact: bool  # nothing loose about it (same sub-type, same place by id or name, same day...)


def type_match(a: Facts, b: Facts) -> Match | None:
    if a.event_type != b.event_type:
        return None
    sa, sb = a.sub_event_type, b.sub_event_type
    bombardment = {sa, sb} <= {AIR, SHELLING, CHEMICAL}
    if bombardment and a.weapon is not None and b.weapon is not None and a.weapon != b.weapon:
        return None  # one report names aircraft, the other guns: two sub-events
    if sa == sb:
        return Match(f"same sub-event type ({sa})", True)
    fam = _FAMILY_OF.get(sa)
    if fam is None or fam != _FAMILY_OF.get(sb) or frozenset({sa, sb}) in _OPPOSED:
        return None
    why = ""
    if {sa, sb} == {AIR, SHELLING}:
        why = "; the evidence names the same weapon" if a.weapon is not None else "; a report does not name the weapon"
    return Match(f"same sub-event family ({a.event_type}: {sa} ~ {sb}{why})", False)


def place_match(a: Facts, b: Facts) -> Match | None:
    if a.country and b.country and a.country != b.country:
        return None
    if a.quarter and b.quarter and a.quarter != b.quarter:
        return None  # two neighbourhoods of one city ("حي البياع", "حي الشعب" in Baghdad) are two places
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return Match(f"same place (GeoNames {a.geonameid})", True)
    if a.coarse != b.coarse:
        wide, fine = (a, b) if a.coarse else (b, a)
        if a.place and a.place == b.place and wide.country == fine.country:
            return Match(f"same place name ({a.place}; one report knows only the wider area)", False)
        return _contains(wide, fine)
    ids_differ = a.geonameid is not None and b.geonameid is not None
    d = km(a, b)
    if a.place and a.place == b.place and not ids_differ and (a.admin1 == b.admin1 or not a.admin1 or not b.admin1):
        return Match(f"same place name ({a.place})", True)
    if d is not None and d <= PLACE_KM and not a.coarse:
        return Match(f"{d:.1f} km apart", False)
    return None


def _contains(wide: Facts, fine: Facts) -> Match | None:
    """A report that only knows the country, a region or a governorate, and a precise report inside it."""
    if not wide.country or wide.country != fine.country:
        return None
    if wide.admin1 is None and wide.area:
        d = km(wide, fine)
        if d is not None and d <= AREA_KM:
            return Match(f"the region-level report ({wide.place}) contains the precise one ({fine.place})", False)
        return None
    if wide.admin1 is None:
        return Match(f"the country-level report ({wide.place}) contains the precise one ({fine.place})", False)
    if wide.admin1 != fine.admin1:
        return None
    d = km(wide, fine)
    if d is None or d <= REGION_KM:
        return Match(f"the governorate-level report ({wide.place}) contains the precise one ({fine.place})", False)
    return None


def date_match(a: Facts, b: Facts) -> Match | None:
    if a.day is None or b.day is None:
        return Match("no date stated, all else matches exactly", False)
    gap = abs((a.day - b.day).days)
    precision = max(a.time_precision, b.time_precision)
    if gap > DATE_WINDOW.get(precision, 31):
        return None
    if precision > 1:
        return Match(f"dates {a.day.isoformat()} and {b.day.isoformat()} within the vaguer one's span", False)
    if gap == 0:
        return Match(f"same day ({a.day.isoformat()})", True)
    first, last = sorted((a.day, b.day))
    return Match(f"1 day apart ({first.isoformat()}, {last.isoformat()})", False)


def actor_match(a: Facts, b: Facts, battle: bool) -> Match | None:
    if battle:
        sides_a = {x for x in (a.actor1, a.actor2) if x}
        sides_b = {x for x in (b.actor1, b.actor2) if x}
        if a.actor1 and b.actor1:
            if a.actor1 in sides_b and b.actor1 in sides_a:
                if a.actor1 == b.actor1:
                    return Match(f"actors agree ({a.actor1})", a.actor2 == b.actor2 or not a.actor2 or not b.actor2)
                return Match(f"the battle's sides match in either order ({a.actor1} / {b.actor1})", True)
            return None
    elif a.actor1 and b.actor1:
        if a.actor1 != b.actor1:
            return None  # named different perpetrators never join
        return Match(f"actors agree ({a.actor1})", True)
    named = a.actor1 or b.actor1
    shown = " / ".join(x for x in dict.fromkeys((a.actor1_shown, b.actor1_shown)) if x) or "none named"
    if named:
        return Match(f"actor1 unnamed or inferred in one report ({shown})", False)
    return Match(f"actor1 unnamed or inferred in both reports ({shown})", False)


def pair_reason(new: Facts, old: Facts) -> str | None:
    """Why ``new`` tells the same event as ``old``, or None. Records of one article never join
    (the article's own merging already ran) unless they are the same record."""
    found = pair_match(new, old)
    return None if found is None else found[0]


#: The closeness of the same record read twice: above any two reports of one event.
SAME_RECORD = 10


def pair_match(new: Facts, old: Facts) -> tuple[str, int] | None:
    """:func:`pair_reason` and how closely the two agree: one point for each of the sub-type, the
    place, the day and the actors that match exactly, one for the same exact death toll. Where a
    record could join several events, the closest is its own (a village's bombing with 30 dead
    joins the report of that bombing, not a report of the same day placed only in the district)."""
    if new.event_id and new.event_id == old.event_id:
        return f"same record (event_id {new.event_id})", SAME_RECORD
    if new.doc_id == old.doc_id:
        return None
    t = type_match(new, old)
    if t is None:
        return None
    p = place_match(new, old)
    if p is None:
        return None
    d = date_match(new, old)
    if d is None:
        return None
    a = actor_match(new, old, new.event_type == BATTLES)
    if a is None:
        return None
    loose_date = new.day is None or old.day is None or max(new.time_precision, old.time_precision) > 1
    coarse = new.coarse != old.coarse
    if loose_date and (coarse or not (t.exact and p.exact and _named_same(new, old))):
        return None  # a record with no day joins only what matches it in everything else
    if coarse and (new.day != old.day or new.day is None):
        return None  # a country-level report joins a precise one only on the very same day
    if coarse and (old if old.coarse else new).admin1 is None and not a.exact:
        return None  # a country or a region sees many fights a day: only the same named actors tell which
    if new.coarse and old.coarse and new.day != old.day and _fewer_later(new, old):
        return None
    parts = (t, p, d, a)
    closeness = sum(m.exact for m in parts) + int(new.dead is not None and new.dead == old.dead)
    return ", ".join(m.reason for m in parts), closeness


def _fewer_later(a: Facts, b: Facts) -> bool:
    """Of two reports published on different days, the later counts fewer dead than the earlier's
    lowest figure. One event's toll only rises, so two area-level reports ("قطاع غزة") of two days
    whose later one counts fewer are two days' tolls ("أكثر من 50 منذ فجر اليوم", then "22" the
    next day), where a rising figure may be the same attack's toll updated. Publication dates
    order them, not event days: a report that names no day carries its publication date."""
    ca, cb = a.count, b.count
    if ca is None or cb is None or a.published is None or b.published is None or a.published == b.published:
        return False
    early, late = (ca, cb) if a.published < b.published else (cb, ca)
    return late[1] < early[0]


def _named_same(a: Facts, b: Facts) -> bool:
    """Both give the same actor1, both read or both inferred, and do not name different targets."""
    return (a.actor1_shown == b.actor1_shown and (a.actor1 is None) == (b.actor1 is None)
            and (a.actor2 == b.actor2 or not a.actor2 or not b.actor2))


def specificity(f: Facts) -> int:
    """How specific a report's sub-type is within its family (higher: more specific)."""
    return _RANK.get(f.sub_event_type, 0)
