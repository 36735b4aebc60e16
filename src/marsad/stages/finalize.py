"""From drafts to records: dates, sources, merging repeated mentions, notes and stable ids.

One event told in the headline, the lead and the body is one record: drafts of the same type,
sub-type, place and day merge, keeping every source, the most specific figures (an exact count
over a vague one, the larger of two exact counts: a cumulative toll updates its event) and the
evidence of the most informative mention.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import re

from marsad.models import (
    Actor,
    Count,
    DateMention,
    Doc,
    Event,
    Evidence,
    Location,
    Place,
    Quantity,
    Source,
    SourceMention,
)
from marsad.resources.gazetteer import default_gazetteer
from marsad.resources.wordlists import alternatives, pattern, words
from marsad.stages.events import Draft
from marsad.stages.index import Memo
from marsad.stages.notes import make_note
from marsad.stages.places import THE_STRIP, THE_STRIP_NAME
from marsad.stages.roles import RoleActor, Roles
from marsad.stages.spans import starting_in, within
from marsad.stages.story_dates import StoryDates
from marsad.stages.tolls import Toll

# a sentence that goes on with what the previous one's source said (the verbs: data/words/finalize.tsv)
_CONTINUES = re.compile(r"^[وف]?(?:" + alternatives("finalize", "continues") + r")\b")
_GENERIC_HEADS = words("finalize", "generic_source_head")
_BODIES: Memo[dict[tuple[int, int], SourceMention]] = Memo("finalize.referred_bodies")
_SOLE: Memo[tuple[SourceMention, ...]] = Memo("finalize.sole_source")
_VAGUE_DEATHS = 3  # ACLED: deaths with no number, a limited event


def attach_context(doc: Doc, drafts: list[Draft]) -> None:
    """Give each draft its date and sources from its clause, sentence, or the sentence before."""
    default = _lead_date(doc)
    story = StoryDates(doc, default)  # the day a story is on, carried along it
    prev_sources: dict[int, list[SourceMention]] = {}
    for sent in doc.sentences:
        srcs = starting_in(doc.sources, sent.start, sent.end, index=doc.index)
        same_paragraph = "\n\n" not in doc.original[doc.orig_span(max(0, sent.start - 3), sent.start + 1)[0]:
                                                     doc.orig_span(sent.start, sent.start + 1)[0] + 1]
        if not srcs and sent.index - 1 in prev_sources and not sent.is_title and (
                _CONTINUES.match(doc.norm[sent.start:sent.end]) or same_paragraph):
            srcs = prev_sources[sent.index - 1]
        prev_sources[sent.index] = srcs
    for d in drafts:
        cs, ce = d.clause
        in_clause = starting_in(doc.dates, cs, ce, index=doc.index)
        in_sent = starting_in(doc.dates, d.sentence.start, d.sentence.end, index=doc.index)
        pick = in_clause or in_sent
        if pick:
            d.date = story.anchor(_closest(pick, d))
        elif default is not None:
            d.date = story.carried(d.sentence.index)
        d.sources = list(prev_sources.get(d.sentence.index, []))
        for k in d.more_sentences:
            d.sources += [x for x in prev_sources.get(k, []) if x.name_ar not in {y.name_ar for y in d.sources}]


def _bare(word: str) -> str:
    """A word without a clitic before its article and without the article ("بالمرصد" → "مرصد")."""
    if word.startswith(("وال", "بال", "فال", "كال")):
        word = word[1:]
    elif word.startswith("لل"):
        word = "ال" + word[2:]
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _head(name_ar: str) -> str | None:
    """The word a body is later called by: the first word of a source's name that is neither a
    generic head ("مصدر"، "مسؤول"), a title ("مدير"، "المتحدث") nor a preposition ("مصدر في
    خليه الاعلام" → "خليه")."""
    for w in name_ar.split():
        b = _bare(w)
        if b in _GENERIC_HEADS or len(b) < 3:
            continue
        return b
    return None


def _hit_side_second(doc: Doc, d: Draft) -> Roles:
    """The roles as the record gives them: a bombing's target read closely
    (:func:`marsad.stages.context.complete_roles` gives it as ``record_target``); in a clash, a
    state's forces named as the dead or wounded a toll counts ("قتل جندي اسرائيلي في اشتباكات",
    "مقتل 5 جنود اسرائيليين") were struck, and the other side comes first, though clashes
    otherwise list a state's forces first; a state's army announcing its own losses ("اعلن
    الجيش مقتل جنديين") stays first. Applied when the record is written: the decider weighs the
    sides as the clause gave them."""
    r = d.roles
    if r.record_target is not None and r.record_target != r.actor2:
        r = dataclasses.replace(r, actor2=r.record_target)  # a bombing's target read closely
    a1, a2 = r.actor1, r.actor2
    if d.sub_event_type != "Armed clash" or a1 is None or a2 is None or a1.inter not in (1, 8) or a1.start < 0:
        return r
    tolls = [t for t in (d.killed, d.injured)  # the forces named by the counted noun itself: "جندي اسرائيلي"
             if t is not None and 0 <= t.victim_start <= a1.start < max(t.victim_end, t.victim_start + 1)]
    if a1.start != r.counted and not tolls:
        return r
    first = min([t.start for t in tolls] + [a1.start])
    before = within(doc.actors, d.sentence.start, first, index=doc.index)
    if a2.inter in (1, 8) or any(m.name == a1.name for m in before):
        return r  # the army itself tells its losses ("اعلن الجيش الاسرائيلي مقتل جنديين"): it stays first
    return dataclasses.replace(r, actor1=a2, assoc1=r.assoc2, actor2=a1, assoc2=r.assoc1,
                               inferred=r.actor2_inferred, actor2_inferred=r.inferred)


def referred_bodies(doc: Doc) -> dict[tuple[int, int], SourceMention]:
    """For each source that names a body by its head word alone ("مدير المرصد", "مصدر في الخليه",
    "المتحدث باسم الوزاره"), by its span: the body named in full earlier in the article ("المرصد
    السوري لحقوق الانسان"). Read once per article; the records name both (the decider's features
    count the sources as the text gives them)."""
    return doc.index.once(_BODIES, (doc.sources,), lambda: _referred_bodies(doc.sources))


def _sole_source(doc: Doc) -> tuple[SourceMention, ...]:
    """The one body an article cites, where it cites only one ("وذكر المرصد السوري ..." once, near
    its end): its report is what the article tells, and a record no sentence attributes is its.
    Empty when the article cites none, or several (the outlet's own reporting may then stand
    between them), or its one source is an official or a party speaking. Applied when the
    record is written: the decider counts the sources the text gives the event."""
    return doc.index.once(_SOLE, (doc.sources,), lambda: _the_one(doc.sources))


def _the_one(sources: tuple[SourceMention, ...]) -> tuple[SourceMention, ...]:
    bodies = {_bare_name(s.name_ar) for s in sources}
    if len(bodies) != 1 or sources[0].kind not in _REPORTING:
        return ()
    return (max(sources, key=lambda s: len(s.name_ar)),)


# who reports events: agencies, monitors and activists, local sources, the media (an official's or
# a party's one statement speaks for itself, not for the article's other events)
_REPORTING = frozenset({"agency", "activists", "local", "media"})


def _bare_name(name_ar: str) -> str:
    return " ".join(_bare(w) for w in name_ar.split())


def _referred_bodies(sources: tuple[SourceMention, ...]) -> dict[tuple[int, int], SourceMention]:
    named: dict[str, SourceMention] = {}  # by head word, the longest name of each body seen so far
    out: dict[tuple[int, int], SourceMention] = {}
    for s in sources:
        words = {_bare(w) for w in s.name_ar.split()}
        for known, full in named.items():
            if known in words and not {_bare(w) for w in full.name_ar.split()} <= words:
                out[(s.start, s.end)] = full
                break
        head = _head(s.name_ar)
        if head is not None and len(s.name_ar.split()) >= 2 and (
                head not in named or len(named[head].name_ar) <= len(s.name_ar)):
            named[head] = s
    return out


def _lead_date(doc: Doc) -> DateMention | None:
    """The day the article is about: a day named in its headline or lead ("أمس", "الأحد") within
    three days before publication; else the publication date."""
    pub = doc.article.published
    if pub is None:
        return None
    lead = [s for s in doc.sentences[:3]]
    for s in lead:
        for x in doc.dates:
            if s.start <= x.start < s.end and x.precision == 1 and 0 <= (pub - x.date).days <= 3:
                return x
    return DateMention(0, 0, pub, 1, "", relative=True)


def _closest(dates: list[DateMention], d: Draft) -> DateMention:
    anchor = d.trigger.start if d.trigger is not None else d.clause[0]
    return min(dates, key=lambda x: abs(x.start - anchor))


def _key(d: Draft) -> tuple[str, str, str, str]:
    place = ""
    if d.site is not None:
        p = d.site.place
        # a place the gazetteer knows by this name is that place; an unknown village that only
        # got its district's coordinates is itself
        name = d.site.mention.name_ar
        gaz = default_gazetteer()
        known = p is not None and any(gaz.lookup(n) for n in (name, name[2:] if name.startswith("ال") else "ال" + name))
        place = f"{p.name}|{p.country}" if p is not None and known else d.site.mention.name_ar
    day = d.date.date.isoformat() if d.date is not None else ""
    return d.event_type, d.sub_event_type, place, day


def _better_toll(a: Toll | None, b: Toll | None) -> Toll | None:
    if a is None or (a.best is None and a.vague):
        return b if b is not None else a
    if b is None or b.best is None:
        return a
    if a.vague and not b.vague:
        return b
    if b.vague and not a.vague:
        return a
    return b if (b.best or 0) > (a.best or 0) else a


def _compatible(a: Draft, b: Draft) -> bool:
    """Two mentions of one event may not name different perpetrators (in a battle, either side
    may be named first)."""
    x, y = a.roles.actor1, b.roles.actor1
    if a.sentence.index == b.sentence.index and a.trigger is not b.trigger:
        # two trigger groups of one sentence are two events unless they agree on who acted
        return x is not None and y is not None and x.name == y.name
    if x is None or y is None or a.roles.inferred or b.roles.inferred:
        return True
    if a.event_type == "Battles":
        sides = {n.name for n in (b.roles.actor1, b.roles.actor2) if n is not None}
        return x.name in sides
    return x.name == y.name


def _absorb(keep: Draft, other: Draft) -> None:
    if other.sentence.is_title and not keep.sentence.is_title and other.group_size > 1:
        # a headline's figure over several places adds up several events: the body's own figure wins
        keep.killed = keep.killed if keep.killed is not None and keep.killed.best else other.killed
        keep.injured = keep.injured if keep.injured is not None and keep.injured.best else other.injured
    else:
        keep.killed = _better_toll(keep.killed, other.killed)
        keep.injured = _better_toll(keep.injured, other.injured)
    names = {x.name_ar for x in keep.sources}
    keep.sources = keep.sources + [s for s in other.sources if s.name_ar not in names]
    keep.tags |= other.tags
    if keep.roles.actor1 is None or (keep.roles.inferred and other.roles.actor1 and not other.roles.inferred):
        keep.roles = other.roles
    elif keep.roles.actor2 is None and other.roles.actor2 is not None:
        keep.roles.actor2 = other.roles.actor2
    keep.confidence = min(0.95, max(keep.confidence, other.confidence) + 0.05)


def merge(drafts: list[Draft], norm: str = "") -> list[Draft]:
    """Merge drafts that tell the same event; body mentions win over the headline's for evidence."""
    out: list[Draft] = []
    index: dict[tuple[str, str, str, str], list[int]] = {}
    for d in drafts:
        k = _key(d)
        hit = next((i for i in index.get(k, []) if _compatible(out[i], d)), None)
        if hit is None:
            index.setdefault(k, []).append(len(out))
            out.append(d)
            continue
        m = out[hit]
        keep, other = (d, m) if m.sentence.is_title and not d.sentence.is_title else (m, d)
        _absorb(keep, other)
        out[hit] = keep
    return _fold_country(_fold_headline(_fold_suicide(out), norm))


_BOMBS = frozenset({"Remote explosive/landmine/IED", "Grenade"})
_BOMBINGS = frozenset({"Suicide bomb", *_BOMBS})


def _fold_suicide(drafts: list[Draft]) -> list[Draft]:
    """One bombing told with different words is one event when the place, the day and the toll
    agree: a bombing the article calls a suicide attack once and a car bomb elsewhere ("تفجير
    سيارة مفخخة") stays the suicide bomb; an "attack" ("الهجوم"، "هجوم تبنته") told at the place
    and on the day of a bombing is that bombing named generically. The perpetrator of the plain
    mention is not asked: a bomb's victims are often read as its first actor there."""
    # (place, day) of each bombing, looked up once: _key asks the gazetteer
    bombings: dict[tuple[str, str], list[Draft]] = {}
    for s in drafts:
        if s.sub_event_type in _BOMBINGS:
            bombings.setdefault(_key(s)[2:], []).append(s)
    if not bombings:
        return drafts
    out: list[Draft] = []
    for d in drafts:
        targets: list[Draft] = []
        if d.sub_event_type in _BOMBS:
            targets = [s for s in bombings.get(_key(d)[2:], []) if s.sub_event_type == "Suicide bomb"]
        elif _generic_attack(d):
            targets = [s for s in bombings.get(_key(d)[2:], []) if s is not d]
        target = next((s for s in targets if _same_toll(s, d)), None)
        if target is not None:
            _absorb(target, d)
            continue
        out.append(d)
    return out


def _generic_attack(d: Draft) -> bool:
    """The candidate comes from a word for any attack ("هجوم", "هاجم"), not from one that names how."""
    return d.trigger is not None and "generic_attack" in d.trigger.tags and d.event_type != EXPL_TYPE


EXPL_TYPE = "Explosions/Remote violence"


def _same_toll(a: Draft, b: Draft) -> bool:
    x = a.killed.best if a.killed is not None else None
    y = b.killed.best if b.killed is not None else None
    return x is None or y is None or x == y


def _fold_country(drafts: list[Draft]) -> list[Draft]:
    """An event placed only in a country ("في شرق ليبيا") that the article also places more
    precisely, with the same type, is that event told loosely: it folds into the precise one."""
    out: list[Draft] = []
    folded: set[int] = set()
    finer = _FinerIndex(drafts)
    for d in drafts:
        p = d.site.place if d.site is not None else None
        if p is not None and (p.kind == "country" or p.kind == "governorate"):
            target = next((b for b in finer.candidates(d, p) if b is not d and id(b) not in folded
                           and _finer(b, d, p)), None)
            if target is not None:
                _absorb(target, d)
                folded.add(id(d))
                continue
        out.append(d)
    return out


_COARSE = frozenset({"country", "governorate", "region"})  # a finer place is none of these


class _FinerIndex:
    """The drafts that :func:`_finer` can accept, in their order, bucketed once by what it asks
    to be equal (type, day, and the country or the qualifier's name), so that each loosely placed
    draft looks at its bucket rather than at every draft of the article."""

    def __init__(self, drafts: list[Draft]) -> None:
        self.by_country: dict[tuple[str, dt.date | None, str | None], list[Draft]] = {}
        self.by_qualifier: dict[tuple[str, dt.date | None, str], list[Draft]] = {}
        for b in drafts:
            q = b.site.place if b.site is not None else None
            if q is None or q.kind in _COARSE:
                continue
            day = b.date.date if b.date else None
            self.by_country.setdefault((b.event_type, day, q.country), []).append(b)
            qual = b.site.qualifier if b.site is not None else None
            for name in dict.fromkeys(c.name for c in (qual.candidates if qual is not None else ())):
                self.by_qualifier.setdefault((b.event_type, day, name), []).append(b)

    def candidates(self, d: Draft, p: Place) -> list[Draft]:
        day = d.date.date if d.date else None
        if p.kind == "governorate":
            return self.by_qualifier.get((d.event_type, day, p.name), [])
        return self.by_country.get((d.event_type, day, p.country), [])


def _finer(b: Draft, d: Draft, p: Place) -> bool:
    """``b`` is the same event as ``d`` told at a finer place inside ``d``'s."""
    q = b.site.place if b.site is not None else None
    if q is None or b.event_type != d.event_type or q.precision > p.precision or q.kind in _COARSE:
        return False
    if (b.date.date if b.date else None) != (d.date.date if d.date else None) or not _compatible(b, d):
        return False
    if p.kind == "country":
        return q.country == p.country
    if p.kind == "governorate":
        # only where the article itself puts the finer place in it: "في منطقة كذا في ولاية شرناق"
        qual = b.site.qualifier if b.site is not None else None
        return qual is not None and any(c.name == p.name for c in qual.candidates)
    return q.country == p.country and ((p.admin1 is not None and p.admin1 == q.admin1) or _km(p, q) <= 40)


def _fold_headline(drafts: list[Draft], norm: str) -> list[Draft]:
    """A headline names the place of a body event loosely ("بجنين" for a clash "في قباطيا بقضاء
    جنين", "بغزة" for "وسط قطاع غزة"): fold a headline draft into a body draft of the same type at
    that place, its qualifier, or a place inside the region the headline names."""
    body = [d for d in drafts if not d.sentence.is_title]
    out = list(body)
    for t in (d for d in drafts if d.sentence.is_title):
        target = next((b for b in body if b.event_type == t.event_type and _inside(t, b) and _compatible(t, b)), None)
        if target is not None:
            _absorb(target, t)
            continue
        if t.trigger is None and body and t.event_type == "Violence against civilians":
            # a headline toll with no event word ("شهداء بغزة") sums up what the body reports
            other = next((b for b in body if _inside(t, b)), None)
            if other is not None:
                names = {x.name_ar for x in other.sources}
                other.sources = other.sources + [x for x in t.sources if x.name_ar not in names]
            continue
        if t.trigger is None and _CUMULATIVE.search(norm[t.sentence.start:t.sentence.end]):
            continue  # "ارتفاع حصيله الشهداء بغزه" updates a toll the body does not report as an event
        out.append(t)
    return sorted(out, key=lambda d: (d.clause[0], d.group_index))


_CUMULATIVE = pattern("finalize", "cumulative")  # a running total (data/words/finalize.tsv)


def _inside(title: Draft, body: Draft) -> bool:
    ts, bs = title.site, body.site
    if ts is None or bs is None:
        return False
    tn = ts.mention.name_ar
    if tn in (bs.mention.name_ar, bs.qualifier.name_ar if bs.qualifier else None):
        return True
    if bs.mention.name_ar.endswith(" " + tn):
        return True  # "بخان يونس" for "منطقه مواصي خان يونس"
    tp, bp = ts.place, bs.place
    if tp is None or bp is None:
        return False
    if (tp.name, tp.country) == (bp.name, bp.country) or (tp.country == bp.country and _km(tp, bp) <= 10):
        return True
    if tp.precision >= 2 or tp.kind in ("country", "region", "governorate", "district"):
        if tp.kind == "country":
            return tp.country == bp.country
        if tp.country == bp.country and ((tp.admin1 and tp.admin1 == bp.admin1) or _km(tp, bp) <= 40):
            return True
    return False


def _km(a: Place, b: Place) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return 1e9
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _count(doc: Doc, t: Toll | None, first_of_group: bool, killed: bool) -> Count:
    if t is None:
        return Count(0, 0, 0, False, None) if killed else Count(None, None, None, False, None)
    # the toll as the article words it ("مقتل أربعة مدنيين"); summed tolls keep their parts
    text = t.text if " + " in t.text or t.end <= t.start else doc.orig_text(t.start, t.end)
    if not first_of_group:
        return Count(0, 0, 0, True, text)
    if t.best is None and t.vague:
        best = _VAGUE_DEATHS if killed and "غير معروف" not in t.text else None
        return Count(best, best, None, True, text)
    return Count(t.best, t.low, t.high, t.approximate, text)


def _evidence(doc: Doc, d: Draft) -> Evidence:
    cs, ce = d.clause
    while cs < ce and doc.norm[cs] in " ،,:؛":
        cs += 1
    while ce > cs and doc.norm[ce - 1] in " ،,:؛.":
        ce -= 1
    s, e = doc.orig_span(cs, ce)
    return Evidence(doc.original[s:e], s, e)


def to_event(doc: Doc, d: Draft, outlet: str | None) -> Event:
    site = d.site
    assert site is not None
    p = site.place
    name_ar = doc.orig_text(site.mention.start, site.mention.end)
    if doc.norm[site.mention.start:site.mention.end] == THE_STRIP:
        name_ar = THE_STRIP_NAME  # "القطاع" points back to the Strip the article named: name it
    precision = p.precision if p is not None else (2 if site.qualifier is not None else 3)
    if p is not None and site.mention.direction and precision == 1 and p.kind not in ("neighbourhood",):
        precision = 2
    loc = Location(
        name_ar=name_ar, name=p.name if p else None, geonameid=p.geonameid if p else None,
        country=p.country if p else None, admin1=p.admin1 if p else None, admin2=p.admin2 if p else None,
        lat=p.lat if p else None, lon=p.lon if p else None, geo_precision=precision,
        sub_location_ar=site.sub_location,
    )
    r = _hit_side_second(doc, d)
    a1 = Actor(r.actor1.name, r.actor1.inter, _as_written(doc, r.actor1)) if r.actor1 else None
    a2 = Actor(r.actor2.name, r.actor2.inter, _as_written(doc, r.actor2)) if r.actor2 else None
    fat = _count(doc, d.killed, d.group_index == 0, True)
    inj = _count(doc, d.injured, d.group_index == 0, False) if d.injured is not None else None
    bodies = referred_bodies(doc)
    told = list(d.sources) or list(_sole_source(doc))
    for s in d.sources:
        body = bodies.get((s.start, s.end))
        if body is not None and all(body.name_ar != x.name_ar for x in told):
            told.append(body)
    sources = tuple(Source(doc.orig_text(s.start, s.end) if s.end > s.start else s.name_ar, s.name, s.kind)
                    for s in told)
    day: dt.date | None = d.date.date if d.date is not None else None
    ev = _evidence(doc, d)
    tags = set(d.tags)
    civ = bool((a2 is not None and a2.inter == 7) or d.event_type == "Violence against civilians")
    quantities = tuple(Quantity(what, t.best, t.approximate, doc.orig_text(t.start, t.end)) for what, t in d.quantities)
    ident = "|".join([doc.article.id, d.event_type, d.sub_event_type, loc.name_ar,
                      day.isoformat() if day else "", str(ev.start)])
    event_id = hashlib.sha1(ident.encode("utf-8")).hexdigest()[:16]
    draft_event = Event(
        event_id=event_id, doc_id=doc.article.id, event_date=day,
        time_precision=d.date.precision if d.date is not None else 3,
        event_type=d.event_type, sub_event_type=d.sub_event_type, actor1=a1, actor2=a2,
        actor1_inferred=r.inferred and a1 is not None,
        assoc_actor_1=tuple(Actor(x.name, x.inter, _as_written(doc, x)) for x in r.assoc1),
        assoc_actor_2=tuple(Actor(x.name, x.inter, _as_written(doc, x)) for x in r.assoc2),
        civilian_targeting=civ, location=loc, fatalities=fat, injured=inj, quantities=quantities,
        sources=sources, outlet=outlet, url=doc.article.url, evidence=ev, confidence=d.confidence,
        tags=tuple(sorted(tags)),
    )
    return _with_note(draft_event)


def _as_written(doc: Doc, a: RoleActor) -> str | None:
    """The actor's words as the article writes them (diacritics and all)."""
    if a.start >= 0 and a.name_ar and a.start + len(a.name_ar) <= len(doc.norm):
        return doc.orig_text(a.start, a.start + len(a.name_ar))
    return a.name_ar or None


def _with_note(e: Event) -> Event:
    from dataclasses import replace

    return replace(e, notes=make_note(e))
