"""Which of a clause's place mentions are where the event happened.

"في قباطيا بقضاء جنين" names one place, Qabatiya, qualified by its district; "قرى الناجية والكندة"
names two. A place right after another one, joined only by prepositions, place words or
directions ("ب", "في", "بمحافظة", "جنوب غربي", "،"), qualifies it and gives no record of its own.
Neighbourhoods of a city give one record at the city, the neighbourhoods as ``sub_location``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from marsad.models import Doc, Place, PlaceMention
from marsad.resources.wordlists import alternatives, entries, words
from marsad.stages.index import Memo
from marsad.stages.place_words import CAMP_WORDS, PLACE_WORDS
from marsad.stages.spans import within

_QUAL_WORDS = words("places_select", "qualifier")  # prepositions, place words, directions
_WORD = re.compile(r"[\w]+")


@dataclass(frozen=True)
class Site:
    """One place an event happened: the mention, its best gazetteer entry, and any sub-location."""

    mention: PlaceMention
    place: Place | None
    sub_location: str | None = None
    qualifier: PlaceMention | None = None
    first: int | None = None  # where the site's words begin when quarters folded into it come first


def _start(site: Site) -> int:
    """Where a site's words begin: its mention, a quarter before it ("حي X في مدينة Y"), or the first
    of the quarters folded into it ("حيي X وY في Y")."""
    starts = [site.mention.start, site.first if site.first is not None else site.mention.start]
    if site.qualifier is not None:
        starts.append(site.qualifier.start)
    return min(starts)


def _qualifies(norm: str, prev: PlaceMention, nxt: PlaceMention) -> bool:
    """``nxt`` qualifies ``prev``: a preposition or place word joins them ("في قباطيا بقضاء جنين"),
    or only a comma does and ``nxt`` is the larger unit ("منطقة الحوبان، تعز"); two towns
    separated by a comma are a list ("دوما، عربين")."""
    gap = norm[prev.end:nxt.start]
    if not _is_qualifier_gap(gap):
        return False
    if _WORD.findall(gap):
        return True
    a, b = best(prev), best(nxt)
    if a is None or b is None:
        return False
    return b.precision > a.precision or b.kind in ("country", "governorate", "region", "district") or (
        a.kind in ("neighbourhood", "landmark") and b.name == a.parent)


def best(m: PlaceMention) -> Place | None:
    return m.candidates[0] if m.candidates else None


def _is_qualifier_gap(gap: str) -> bool:
    gap = gap.replace("(", " ").replace(")", " ").replace("-", " ")
    words = _WORD.findall(gap)
    if "و" in gap.split() or any(w.startswith("و") and w[1:] in _QUAL_WORDS for w in words):
        return False
    return all(w in _QUAL_WORDS for w in words) and len(words) <= 4


def sites(norm: str, mentions: list[PlaceMention]) -> list[Site]:
    """The event sites among a clause's place mentions, in text order."""
    out: list[Site] = []
    i = 0
    ms = sorted(mentions, key=lambda m: m.start)
    while i < len(ms):
        head = ms[i]
        quals: list[PlaceMention] = []
        j = i + 1
        prev = head
        while j < len(ms) and ms[j].start - prev.end <= 30 and _qualifies(norm, prev, ms[j]):
            quals.append(ms[j])
            prev = ms[j]
            j += 1
        hp = best(head)
        qual = quals[0] if quals else None
        if hp is not None and hp.kind in ("neighbourhood", "landmark") and qual is not None \
                and head.place_word not in CAMP_WORDS:
            qp = best(qual)
            if qp is not None and qp.kind in ("city", "village", "town") and qp.precision == 1:
                out.append(Site(qual, qp, norm[head.start:head.end], head))
                i = j
                continue
        out.append(Site(head, hp, None, qual))
        i = j
    return _merge_neighbourhoods(norm, _quarters_before_city(norm, out))


def _quarters_before_city(norm: str, items: list[Site]) -> list[Site]:
    """"حيي الصالحين وبستان القصر في مدينة حلب": the quarters listed before their city fold
    into the city's site."""
    out: list[Site] = []
    for s in items:
        p = s.place
        while out and p is not None and s.sub_location and out[-1].place is not None \
                and out[-1].place.kind == "neighbourhood" and out[-1].place.parent == p.name:
            last = out.pop()
            subs = ", ".join(x for x in (last.sub_location or norm[last.mention.start:last.mention.end],
                                         s.sub_location) if x)
            s = Site(s.mention, p, subs, s.qualifier, min(_start(last), _start(s)))
        out.append(s)
    return out


_COORD_WORDS = words("places_select", "coordination")


_RELATION_WORDS = words("places_select", "relation")


def _coordinated(gap: str) -> bool:
    gap = gap.replace("(", " ").replace(")", " ").replace(":", " ").replace("،", " و ").replace(",", " و ")
    words = _WORD.findall(gap)
    if any(w in _RELATION_WORDS for w in words):
        return False  # "في ولاية شرناق، على الحدود بين سوريا والعراق": a relation, not a list
    return (bool(words) and "و" in words) or (all(w in _COORD_WORDS for w in words) and (
        any(w.startswith("و") for w in words)))


def _precision(site: Site) -> int:
    if site.place is None:
        return 1 if site.mention.place_word else 2
    return site.place.precision


def main_chain(norm: str, items: list[Site], focus: str | None = None) -> list[Site]:
    """Of a clause's sites, the list that the event is about: places joined by "و" or commas form
    one list ("دوما وعربين ومضايا"); other places are frames or relations ("وفي ريف دمشق ... في
    طريق دمشق-حمص", "قرب ... شمال ..."). A list in the article's country wins over one placed
    abroad, then the most specific list; the first on a tie."""
    if len(items) <= 1:
        return items
    chains: list[list[Site]] = [[items[0]]]
    for prev, cur in itertools.pairwise(items):
        end = (prev.qualifier or prev.mention).end
        end = max(end, prev.mention.end)
        start = _start(cur) if _start(cur) >= end else cur.mention.start
        gap = norm[end:start] if start >= end else ""
        if len(gap) <= 25 and _coordinated(gap):
            chains[-1].append(cur)
        else:
            chains.append([cur])
    def abroad(c: list[Site]) -> bool:
        return focus is not None and all(x.place is not None and x.place.country not in (None, focus) for x in c)

    return min(chains, key=lambda c: (abroad(c), min(_precision(x) for x in c)))


# between two members of a list: a comma or "و", perhaps after a direction adjective ("الانصاري الشرقي والزبديه")
_LIST_GAP = re.compile(r"^\s*(?:ال(?:" + alternatives("places_select", "list_gap_adjective")
                       + r")ه?\s*)?[،,]?\s*(?:و[^\W\d_]+\s*[،,]?\s*)?و?\s*$")
_QUARTER_WORDS = words("places_select", "quarter")


def _merge_neighbourhoods(norm: str, items: list[Site]) -> list[Site]:
    """A list of neighbourhoods of one city ("أحياء الفردوس والصالحين وبستان القصر") is one site at
    the city: any member the gazetteer knows as a quarter gives the city, the others follow it."""
    chains: list[list[Site]] = []
    for s in items:
        if chains and s.mention.start >= chains[-1][-1].mention.end and _LIST_GAP.match(
                norm[chains[-1][-1].mention.end:s.mention.start]):
            chains[-1].append(s)
        else:
            chains.append([s])
    out: list[Site] = []
    for chain in chains:
        # a quarter the gazetteer knows by its own name (not one only placed in its district)
        quarter = next((x for x in chain if x.place is not None and x.place.kind == "neighbourhood"
                        and x.place.parent and x.place.parent != x.place.name), None)
        quarterish = chain[0].mention.place_word in _QUARTER_WORDS or all(
            x.place is None or x.place.kind == "neighbourhood" for x in chain)
        if quarter is None or len(chain) == 1 or not quarterish or chain[0].mention.place_word in CAMP_WORDS:
            out.extend(chain)
            continue
        # keep members that are places of their own (a city in the list), fold the quarters
        # (a town abroad in a list of one city's quarters is a namesake: "العامرية" of Aleppo, not Egypt's)
        home = quarter.place.country if quarter.place is not None else None
        members = [x for x in chain if x is quarter or x.place is None
                   or x.place.kind not in ("city", "country") or x.mention.place_word in _QUARTER_WORDS
                   or (x.place.country != home and x.place.kind != "country")]
        subs = ", ".join(x.sub_location or norm[x.mention.start:x.mention.end] for x in members)
        out.append(Site(quarter.mention, quarter.place, subs, quarter.qualifier))
        out.extend(x for x in chain if x not in members)
    return out


# --- the places a clause offers (used by the events stage) ---------------------------------

_PREP_BEFORE_PLACE = words("places_select", "prep_before_place")
# "بحسب انقره", "واتهمت دمشق": a place named as who speaks (the clitics و ف ب ل may precede the cue)
_SPEAKER_BEFORE = re.compile(r"(?:^|[\s(«\"])[وف]?(?:" + alternatives("places_select", "speaker_before") + r")\s*$")


# the article's place mentions that can be an event's site, built once per article (on doc.index)
_ELIGIBLE: Memo[tuple[PlaceMention, ...]] = Memo("places_select.eligible")


def places_in(doc: Doc, s: int, e: int) -> list[PlaceMention]:
    """Place mentions in a range that can be where an event happened: not part of an actor's name
    ("حزب الله اللبناني") or of a source's ("مصدر في مجمع ناصر الطبي"), not a nationality adjective
    ("مصادر محليه سوريه"), not a word that only looks like ك + a name ("كمينا"), not a place that
    stands for its government as who speaks ("بحسب انقره", "واتهمت دمشق")."""
    eligible = doc.index.once(_ELIGIBLE, (doc.norm, doc.places, doc.actors, doc.sources),
                              lambda: tuple(_eligible_places(doc)))
    return within(eligible, s, e, index=doc.index)


def _bare(word: str) -> str:
    return word[1:] if word[:1] in "وفب" and len(word) > 3 else word


def _quoted_outlet(norm: str, p: PlaceMention) -> bool:
    from marsad.resources.sources import outlet_name

    name = norm[p.start:p.end]
    before, after = norm[max(0, p.start - 1):p.start], norm[p.end:p.end + 1]
    return before in ('"', "«") and after in ('"', "»") and outlet_name(name) != name


# after a dateline's place: a dash and the outlet ("كابل - «الشرق الاوسط»:", "غزه - (رويترز) -")
_DATELINE = re.compile(r"\s*[-–—:]\s*(?:[«\"(]|\S+\s*[:)]|\S+\s+\S+\s*:)")


def _line_start(norm: str, pos: int) -> int:
    return norm.rfind("\n", 0, pos) + 1


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
        if _quoted_outlet(norm, p):
            continue  # "علمت «الشرق الاوسط»": a newspaper, not the Middle East
        if _DATELINE.match(norm, p.end) and not norm[_line_start(norm, p.start):p.start].strip(" *-•\t"):
            continue  # "كابل - «الشرق الاوسط»:": where the report was filed, not where it happened
        ws = p.start
        while ws > 0 and norm[ws - 1].isalnum():
            ws -= 1
        prefix = norm[ws:p.start]
        if prefix in ("ك", "وك", "فك"):
            continue
        if _SPEAKER_BEFORE.search(norm, max(0, ws - 20), ws):
            continue  # "بحسب انقره": the government speaking, not where it happened
        best = p.candidates[0] if p.candidates else None
        if best is not None and best.kind == "region" and best.country is None:
            continue  # "الشرق الاوسط": a region of no country is no event's site
        if best is not None and best.kind == "country" and not prefix and p.place_word is None:
            prev = norm[max(0, ws - 20):ws].split()
            if prev and prev[-1] not in _PREP_BEFORE_PLACE and norm[p.start:p.end].endswith("ه"):
                continue  # "مصادر محليه سوريه": an adjective, not Syria
        out.append(p)
    return out


def city_of_quarter(doc: Doc, site: Site) -> Site:
    """A neighbourhood is coded at its city ("أحياء الفردوس والصالحين" → Aleppo), with the
    neighbourhoods as the sub-location; the city's name is taken where the article writes it."""
    p = site.place
    if p is None or p.kind not in ("neighbourhood", "landmark") or not p.parent:
        return site
    if site.mention.place_word in CAMP_WORDS and not site.sub_location:
        return site  # "مخيم الشاطئ": a refugee camp is a site of its own, at its coordinates if known
    m = _first_towns(doc).get(p.parent)
    if m is not None:
        sub = site.sub_location or doc.norm[site.mention.start:site.mention.end]
        return Site(m, m.candidates[0], sub, site.mention)
    return site


# the first mention of each town, built once per article (on doc.index)
_TOWNS: Memo[dict[str, PlaceMention]] = Memo("places_select.towns")


def _first_towns(doc: Doc) -> dict[str, PlaceMention]:
    """The first mention of each town (by its first candidate's name), indexed once per article."""
    return doc.index.once(_TOWNS, (doc.places,), lambda: _towns(doc.places))


def _towns(places: tuple[PlaceMention, ...]) -> dict[str, PlaceMention]:
    first: dict[str, PlaceMention] = {}
    for m in places:
        if m.candidates and m.candidates[0].kind in ("city", "town", "village"):
            first.setdefault(m.candidates[0].name, m)
    return first


def unnamed_site(at: int, country: str | None) -> Site:
    """A place the text does not name: the article's country at precision 3 when it has one."""
    from marsad.resources.gazetteer import default_gazetteer

    place = next((p for p in default_gazetteer().lookup(_COUNTRY_AR.get(country or "", "")) if p.kind == "country"),
                 None)
    return Site(PlaceMention(at, at, "", (place,) if place else (), None, True), place)


def country_site(doc: Doc, lo: int, hi: int) -> list[Site]:
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


# ISO2 -> the country's Arabic name, to look it up in the gazetteer (data/words/places_select.tsv)
_COUNTRY_AR = {k: v for k, _, v in (e.partition("=") for e in entries("places_select", "country_names"))}


def where_the_actors_are(doc: Doc, scope: tuple[int, int], chosen: list[Site]) -> list[Site]:
    """A borrowed place must suit who fought: a clash with Hezbollah told after a Gaza sentence
    ("في الأثناء قتل جنديان باشتباكات مع حزب الله") happened in Lebanon, which the headline names."""
    homes = {a.country for a in within(doc.actors, scope[0], scope[1], index=doc.index)
             if a.inter in (2, 3, 4) and a.country and a.country != "*"}
    here = chosen[0].place.country if chosen[0].place is not None else None
    if not homes or here in homes or not doc.sentences or not doc.sentences[0].is_title:
        return chosen
    title = doc.sentences[0]
    for site in sites(doc.norm, places_in(doc, title.start, title.end)):
        if site.place is not None and site.place.country in homes:
            return [site]
    return chosen


# where the attackers stand: "لقصف من المسلحين المتمركزين في جبل X" (the place after it is no site)
_STATIONED = re.compile(r"(?:^|\s)(?:" + alternatives("places_select", "stationed") + r")(?:\s|$)")


def attackers_post(norm: str, trig_end: int, after: list[Site]) -> bool:
    """The places after an event word only tell where its attackers stand ("تعرضت قرى X وY لقصف من
    المسلحين المتمركزين شمال المدينة"): the target named before the event word is the site."""
    return bool(after) and trig_end <= after[0].mention.start and _STATIONED.search(
        norm, trig_end, after[0].mention.start) is not None


# a place named as a landmark of another: "في بلدة اجدابيا قرب ميناء البريقة"
_NEAR_BEFORE = re.compile(r"(?:^|\s)(?:" + alternatives("places_select", "near") + r")\s+(?:\S+\s+)?$")


def fallback_sites(sent_sites: list[Site], clause: tuple[int, int], last_site: Site | None,
                   norm: str = "") -> list[Site]:
    """No place in the clause: the nearest site of the sentence before it that is not a mere
    landmark near another ("قرب ميناء البريقة"), else the last one used (the headline's, for the
    lead)."""
    before = [s for s in sent_sites if s.mention.end <= clause[0]]
    if norm and len(before) > 1:
        sited = [s for s in before if not _NEAR_BEFORE.search(norm[max(0, s.mention.start - 25):s.mention.start])]
        before = sited or before
    if before:
        return [before[-1]]
    if last_site is not None and last_site.place is not None and last_site.place.kind == "country":
        return []  # a whole country named sentences ago says too little to borrow
    return [last_site] if last_site is not None else []


