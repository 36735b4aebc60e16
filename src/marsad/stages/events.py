"""From mentions to event drafts: one per trigger group, clause and place.

For every clause: keep the triggers that are not negated or hypothetical, refine each one's
sub-event type from its context (who acted, which weapon), attach the clause's tolls, actors,
places, date and sources, and give one draft per place. Drafts are merged and turned into
:class:`~marsad.models.Event` records by :mod:`marsad.stages.finalize`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from marsad.models import ActorMention, DateMention, Doc, Sentence, SourceMention, TriggerMention
from marsad.resources.wordlists import alternatives, pattern
from marsad.stages.context import complete_roles
from marsad.stages.kinds import (
    CIVILIAN_WORDS,
    CROWD_ACTION,
    EXPL,
    FIGHTER_WORDS,
    OCCURRENCE,
    QUANTITY_BEFORE,
    VAC,
    protest_kind,
    refine_kind,
    victims_of,
)
from marsad.stages.places_select import (
    Site,
    city_of_quarter,
    country_site,
    fallback_sites,
    main_chain,
    places_in,
    sites,
    unnamed_site,
    where_the_actors_are,
)
from marsad.stages.roles import RoleActor, Roles, assign_roles
from marsad.stages.spans import starting_in, touching, within
from marsad.stages.tolls import Toll, find_quantities, find_tolls
from marsad.stages.triggers import negation
from marsad.text.segment import split_clauses

# the word lists are in data/words/events.tsv (one regex a list, one alternative a row)
_AGGREGATE = pattern("events", "aggregate")  # a toll over a whole war or a long period: not an event
_LONG_PERIOD = pattern("events", "long_period")  # a period rather than a day: "منذ نحو 4 اشهر"
_BACKGROUND = pattern("events", "background")  # "إبان سيطرتهم", "في السابق", a court's sentence
_FUTURE = pattern("events", "future")  # what is planned, not what happened: "في الايام المقبله"
# background or planned: either way not an event of the day reported
_NOT_NOW = re.compile(f"(?:{_BACKGROUND.pattern})|(?:{_FUTURE.pattern})")
_BOILERPLATE = pattern("events", "boilerplate")  # credit lines that repeat the headline: "رابط الخبر"
# a territory word whose object is no land, right after it or after its subject: "استعاده جثث 5 من
# اسراه", "تحرير الرهائن", "استعاد جيش الاحتلال جثامينهم"
_NOT_LAND = re.compile(r"(?:\s+[^\s،,.]+){0,3}?\s+(?:[0-9]+\s+)?(?:ال)?(?:" + alternatives("events", "not_land")
                       + r")(?:ه|ها|هم|هما|هن)?(?!\w)")


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
    more_sentences: list[int] = field(default_factory=list)  # later sentences that told more of it
    confidence: float = 0.6  # until the decide stage gives the calibrated probability


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
        if not within(doc.triggers, sent.start, sent.end, index=doc.index) or _campaign_toll(doc, sent):
            continue  # nothing happens in a sentence with no trigger
        sent_facts = _SentenceFacts(doc, sent)
        first = len(drafts)  # this sentence's drafts are drafts[first:]: look no further back
        for cs, ce in _split_coordinated(doc, sent, split_clauses(norm, sent.start, sent.end)):
            new = _clause_drafts(doc, sent, (cs, ce), focus, sent_facts, last_site,
                                 drafts[-1] if drafts and not drafts[-1].sentence.is_title else None)
            if new and drafts and _anaphoric(doc, (cs, ce), new, drafts[-1]):
                continue
            drafts.extend(new)
            if any(d.event_type == "Riots" and d.sentence is sent for d in drafts[first:]):
                # "تظاهر مئات المحتجين ... ورشقوا قوات الاحتلال بالحجارة": one riot, not a protest beside it
                drafts[first:] = [d for d in drafts[first:]
                                  if not (d.event_type == "Protests" and d.sentence is sent)]
            for d in new:
                if d.site is not None and not sent.is_title:
                    last_site = d.site
    return drafts


# how far a period or an aggregate reaches from where it is said: a long sentence of a Saudi
# outlet's report strings several events together, and "منذ بدء الاشتباكات" in one of its
# clauses does not make the others a summary
_REACH = 200


class _SentenceFacts:
    """What the clauses of one sentence share, each found once and only when a clause asks: the
    sentence's sites (for a clause with no place of its own) and where it sums up a toll or
    names a long period."""

    def __init__(self, doc: Doc, sent: Sentence) -> None:
        self._doc, self._sent = doc, sent
        self._sites: list[Site] | None = None
        self._marks: tuple[list[int], list[int]] | None = None

    def sites(self) -> list[Site]:
        if self._sites is None:
            self._sites = sites(self._doc.norm, places_in(self._doc, self._sent.start, self._sent.end))
        return self._sites

    def flags(self, clause: tuple[int, int]) -> tuple[bool, bool]:
        """(an aggregate toll, a long period) said within reach of ``clause``."""
        if self._marks is None:
            start, text = self._sent.start, self._doc.norm[self._sent.start:self._sent.end]
            self._marks = ([start + m.start() for m in _AGGREGATE.finditer(text)],
                           [start + m.start() for m in _LONG_PERIOD.finditer(text)])
        cs, ce = clause
        agg, per = self._marks
        return any(cs - _REACH <= x < ce + _REACH for x in agg), any(cs - _REACH <= x < ce + _REACH for x in per)


def _campaign_toll(doc: Doc, sent: Sentence) -> bool:
    """A sentence that counts hundreds or thousands killed sums up a campaign or a war."""
    kills = [t for t in within(doc.triggers, sent.start, sent.end, index=doc.index) if t.counts == "killed"]
    for n in within(doc.numbers, sent.start, sent.end, index=doc.index):
        if (n.best or 0) >= 500 and any(
                abs(n.start - t.end) <= 25 or abs(t.start - n.end) <= 25 for t in kills):
            return True
    return False


_PROTEST_AIM = pattern("events", "protest_aim")  # what a protest is for or against ("تنديدا", "امام السفاره")
_COUNTED_CROWD = pattern("events", "counted_crowd")  # "مئات المتظاهرين"
_PAST_YEAR = pattern("events", "past_year")  # "في 1998": a year, named as such
_PROTEST_TOPIC = re.compile(r"(?<!\w)[وف]?(?:" + pattern("events", "protest_topic").pattern + r")(?!\w)")
_DEFINITE = re.compile(r"^(?:ال|لل)")


def _anaphoric(doc: Doc, clause: tuple[int, int], new: list[Draft], prev: Draft) -> bool:
    """A clause with no place of its own that goes back to the last event ("واسفر الانفجار عن مقتل
    5 اشخاص", "وأدى القصف الى ...") adds its toll to that event instead of making another."""
    cs, ce = clause
    if places_in(doc, cs, ce) or prev.sentence.index < new[0].sentence.index - 1:
        return False
    trigs = [d.trigger for d in new if d.trigger is not None]
    if not all(_DEFINITE.match(doc.norm[t.start:t.end]) and t.event_type == prev.event_type for t in trigs):
        return False
    if not trigs and new[0].event_type == prev.event_type == "Battles":
        return False
    killed = next((d.killed for d in new if d.killed is not None), None)
    injured = next((d.injured for d in new if d.injured is not None), None)
    prev.more_sentences.append(new[0].sentence.index)
    cumulative = bool(_UPDATE.search(doc.norm[cs:ce]))
    if killed is not None and (prev.killed is None or prev.killed.best is None):
        prev.killed = killed
    elif cumulative and killed is not None and prev.killed is not None and (killed.best or 0) > (prev.killed.best or 0):
        prev.killed = killed  # "وارتفع عدد القتلى الى 27": the toll updated, not added to
    elif killed is not None and prev.killed is not None and killed.best and prev.killed.best and not (
            killed.vague or prev.killed.vague or cumulative) and _victims_differ(doc.norm, killed, prev.killed):
        # the other side's dead, told after ("مقتل 3 جنود ... مشيرا الى ان ارهابيا قتل في الاشتباكات")
        total = killed.best + prev.killed.best
        prev.killed = Toll("killed", total, total, None, killed.approximate or prev.killed.approximate,
                           f"{prev.killed.text} + {killed.text}", prev.killed.start, prev.killed.end)
    if injured is not None and (prev.injured is None or prev.injured.best is None):
        prev.injured = injured
    return True


_UPDATE = pattern("events", "update")  # a toll updated: "وارتفع عدد القتلى الى 27"


def _victims_differ(norm: str, a: Toll, b: Toll) -> bool:
    """Two tolls count different people, the two sides of a fight ("جنود" / "ارهابيا")."""
    if a.victim_start < 0 or b.victim_start < 0:
        return False
    wa, wb = norm[a.victim_start:a.victim_end], norm[b.victim_start:b.victim_end]
    sides = [("civilian" if CIVILIAN_WORDS.match(w) else "fighter" if FIGHTER_WORDS.match(w) else None)
             for w in (wa, wb)]
    return None not in sides and wa[:3] != wb[:3]


def _split_coordinated(doc: Doc, sent: Sentence, clauses: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut a clause before "و" + a new event ("اشتباكات بجنين ومستوطنون يقتحمون", "شهيدان بالضفة
    واشتباكات بجنين"): a headline strings several events together with "و"."""
    norm = doc.norm
    out: list[tuple[int, int]] = []
    for cs, ce in clauses:
        cuts = [cs]
        seen_event = False
        marks = sorted([(t.start, "t", t) for t in starting_in(doc.triggers, cs, ce, index=doc.index)]
                       + ([(a.start, "a", a) for a in starting_in(doc.actors, cs, ce, index=doc.index)]
                          if sent.is_title else []),
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


def _clause_drafts(doc: Doc, sent: Sentence, clause: tuple[int, int], focus: str | None,
                   sent_facts: _SentenceFacts, last_site: Site | None, prev: Draft | None = None) -> list[Draft]:
    norm = doc.norm
    cs, ce = clause
    all_trigs = within(doc.triggers, cs, ce, index=doc.index)
    if not all_trigs:
        return []
    ctext = norm[cs:ce]
    aggregate, long_period = sent_facts.flags(clause)
    if aggregate or _BOILERPLATE.match(ctext) or _NOT_NOW.search(ctext) or _history(ctext, doc.article.published):
        return []
    if long_period and (doc.article.published is None or not any(
            (doc.article.published - x.date).days <= 3 for x in within(doc.dates, cs, ce, index=doc.index))):
        return []
    neg = {t.start: negation(norm, cs, t.start) for t in all_trigs}
    # a toll with a figure is a fact even inside a denial or a statement ("نفت ... بان قصف ...
    # الذي اسفر عن استشهاد 71"): only a direct negation removes it
    outcomes = [t for t in all_trigs if t.counts is not None and neg[t.start] != "neg"]
    # an actor inside a source's name ("وكالة أعماق التابعة لتنظيم الدولة") is not a party
    actors: list[ActorMention] = [a for a in within(doc.actors, cs, ce, index=doc.index)
                                  if not _describes_source(doc, a)]
    nums = list(within(doc.numbers, cs, ce, index=doc.index))
    events = [t for t in all_trigs if t.counts is None and neg[t.start] != "neg"]
    counting = outcomes + [t for t in events if "counts_killed" in t.tags]
    tolls = find_tolls(norm, sorted(counting, key=lambda t: t.start), nums, cs)
    modal = {t.start for t in all_trigs if neg[t.start] == "modal"}
    tolls = [t for t in tolls if t.start not in modal or (t.best and not t.vague)]
    if any(t.kind == "killed" and (t.best or 0) >= 500 for t in tolls):
        return []  # a toll in the hundreds sums up a campaign, not one event
    factual = any(t.kind == "killed" and t.best and not t.vague for t in tolls)
    events = [t for t in events if neg[t.start] is None or factual]
    clause_places = places_in(doc, cs, ce)
    strong = [t for t in events if t.weight >= 1.0]
    if strong:
        events = strong
    elif events:
        armed = [a for a in actors if a.role not in ("civilian", "media", "official", "protester")]
        crowd = [t for t in events if "participant" in t.tags and (
            not norm.startswith("ال", t.start) or QUANTITY_BEFORE.search(norm[max(cs, t.start - 20):t.start]))]
        if crowd and CROWD_ACTION.search(ctext):
            events = crowd  # protesters named with what they did: "تجمع المتظاهرون", "خرج المحتجون"
        elif not (armed and (clause_places or any(t.kind == "killed" for t in tolls))) and not (
                clause_places and any(t.best for t in tolls if not t.vague)):
            events = []  # a weak word counts with an armed actor, or with a counted toll at a place
        else:
            events = [t for t in events if "participant" not in t.tags]
    events = [t for t in events if "territory" not in t.tags
              or (any(t.end <= p.start <= t.end + 60 for p in clause_places)  # "استعادة جثامين"
                  and not _NOT_LAND.match(norm, t.end))]
    if any(t.event_type == "Protests" and t.form == "noun" for t in events) and not (
            CROWD_ACTION.search(ctext) or OCCURRENCE.search(ctext)):
        # a protest noun with nothing happening names no event, and must not cut another's scope
        events = [t for t in events if not (t.event_type == "Protests" and t.form == "noun")]
    groups = _group(norm, events)
    if not groups:
        killed = _sum_killed(tolls, "killed")
        civ, fighters = victims_of(norm, tolls)
        if killed is None and fighters and clause_places:
            # "اصابه 16 جنديا في غزه": soldiers wounded are a battle even with no one killed
            killed = next((t for t in tolls if t.kind == "injured" and t.best), None)
        if killed is None or not (killed.best or (killed.vague and clause_places)):
            return []
        roles = assign_roles(norm, clause, killed.start, killed.end, True, actors, focus, _victim_spans(tolls))
        kind = ("Battles", "Armed clash") if fighters and not civ else (VAC, "Attack")
        return _scope_drafts(doc, sent, clause, (killed.start, killed.end), {kind: (None, roles)}, tolls, focus,
                             sent_facts, last_site)
    out: list[Draft] = []
    owner = _toll_owners(norm, tolls, groups, all_trigs)
    for gi, g in enumerate(groups):
        lo = cs if gi == 0 else groups[gi - 1][-1].end
        hi = groups[gi + 1][0].start if gi + 1 < len(groups) else ce
        scope_tolls = [t for t in tolls if owner[t.start] == gi]
        scope_actors = [a for a in actors if lo <= a.start < hi]
        civ, _ = victims_of(norm, scope_tolls)
        kinds: dict[tuple[str, str], tuple[TriggerMention | None, Roles]] = {}
        for t in g:
            roles = assign_roles(norm, (lo, hi), t.start, t.end, t.form == "verb", scope_actors, focus,
                                 _victim_spans(scope_tolls), _toll_nouns(scope_tolls), "territory" in t.tags)
            if (roles.actor1 is None and prev is not None and prev.roles.actor1 is not None
                    and not prev.roles.inferred and _PRO_DROP.match(norm[cs:t.start])):
                # "وقصف ... موقع": a verb opening its clause with no subject goes on with the last actor
                roles.actor1 = prev.roles.actor1
            refined = refine_kind(t, norm[lo:hi], roles, focus, [o for o in g if o is not t], civ,
                                  whole_clause=norm[cs:ce])
            if refined is not None and refined[0] == "Riots" and roles.actor2 is None:
                # rioters stone someone: the armed force in the scope is the target
                target = next((a for a in scope_actors if a.role not in ("civilian", "protester", "media")), None)
                if target is not None:
                    roles = Roles(roles.actor1, roles.assoc1, RoleActor(target.name, target.inter, target.name_ar,
                                                                        target.start), roles.assoc2, roles.inferred)
            if refined is not None:
                kinds.setdefault(refined, (t, roles))
        if kinds:
            scope = (lo if gi == 0 else g[0].start, hi)
            out.extend(_scope_drafts(doc, sent, scope, (g[0].start, g[-1].end), kinds, scope_tolls, focus,
                                     sent_facts, last_site if not out else out[-1].site))
    return out


# a toll told before the event it came of: "مقتل 10 مدنيين واصابه 17 اخرين في انفجار عبوتين"
_OF_EVENT = pattern("events", "of_event")


def _toll_owners(norm: str, tolls: list[Toll], groups: list[list[TriggerMention]],
                 trigs: list[TriggerMention]) -> dict[int, int]:
    """Tolls that belong to the next group of triggers rather than the scope they stand in: a toll
    a few words before "في/جراء <event>", with no other event word between."""
    # by default a toll is the last event's told before it (the first's, before any)
    owners = {t.start: max((gi for gi, g in enumerate(groups) if g[0].start <= t.start), default=0) for t in tolls}
    for gi, g in enumerate(groups[1:], start=1):
        g0 = g[0].start
        for t in tolls:
            gap = norm[t.end:g0]
            if 0 <= g0 - t.end <= 45 and "،" not in gap and "," not in gap and _OF_EVENT.search(gap) and not any(
                    t.end <= x.start < g0 and x.counts is None for x in trigs):
                owners[t.start] = gi
    return owners


_CLAIM_AFTER = pattern("events", "claim_after")  # a source that claims the act: "اعلنت القسام مسؤوليتها"
_AFFILIATION = pattern("events", "affiliation")  # "وكالة أعماق التابعة لتنظيم الدولة"


def _describes_source(doc: Doc, a: ActorMention) -> bool:
    """An actor named in a source's name or its description ("وكالة أعماق التابعة لتنظيم الدولة",
    "المتحدث باسم الجيش") speaks; it does not act in the event."""
    # only a source that ends no more than 30 characters before the actor can concern it
    for x in touching(doc.sources, a.start - 30, a.start, index=doc.index):
        if x.start <= a.start and a.end <= x.end:
            # "اعلنت المقاومه انها اوقعت ...", "اعلنت القسام مسؤوليتها عن": who claims it acted
            return not _CLAIM_AFTER.match(doc.norm, x.end)
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


def _history(text: str, published: dt.date | None) -> bool:
    """The clause names a year before the article's ("شهدت نيروبي في 1998 هجوما"): history, told
    for context, not an event of the day."""
    if published is None:
        return False
    return any(int(m.group(1)) < published.year for m in _PAST_YEAR.finditer(text))


_IN = re.compile(r"(?<!\w)في(?!\w)")


def _protest_topics(norm: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Where a protest's cause is told: from "تنديدا"، "تضامنا مع"، "احتجاجا على" ... to the next
    "في" (which names where it happened again: "تضامنا مع غزة في مدينة الرباط")."""
    out: list[tuple[int, int]] = []
    for m in _PROTEST_TOPIC.finditer(norm, lo, hi):
        nxt = _IN.search(norm, m.end(), hi)
        out.append((m.start(), nxt.start() if nxt is not None else hi))
    return out


def _within(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _victim_spans(tolls: list[Toll]) -> list[tuple[int, int]]:
    return [(t.end, t.end + 40) for t in tolls if t.kind == "killed" or t.kind == "injured"]


def _toll_nouns(tolls: list[Toll]) -> tuple[int, ...]:
    return tuple(t.start for t in tolls if t.vague and t.kind in ("killed", "injured"))


def _scope_drafts(doc: Doc, sent: Sentence, scope: tuple[int, int], trig_span: tuple[int, int],
                  kinds: dict[tuple[str, str], tuple[TriggerMention | None, Roles]], tolls: list[Toll],
                  focus: str | None, sent_facts: _SentenceFacts, last_site: Site | None) -> list[Draft]:
    """Drafts for one group of triggers: its places are those after the triggers in its scope,
    else those before them, else the sentence's or the last event's."""
    norm = doc.norm
    lo, hi = scope
    civ, _ = victims_of(norm, tolls)
    killed = _sum_killed(tolls, "killed")
    injured = _sum_killed(tolls, "injured")
    if any(k[0] in ("Protests", "Riots") for k in kinds):
        kinds = protest_kind(kinds, killed)
    topics = _protest_topics(norm, lo, hi) if any(k[0] in ("Protests", "Riots") for k in kinds) else []
    after = sites(norm, [m for m in places_in(doc, trig_span[1], hi) if not _within(m.start, topics)])
    before = sites(norm, [m for m in places_in(doc, lo, trig_span[0]) if not _within(m.start, topics)])
    from marsad.stages.places_select import attackers_post

    own = before if before and attackers_post(norm, trig_span[1], after) else after or before
    chosen = main_chain(norm, own, focus) if own else fallback_sites(sent_facts.sites(), scope, last_site, norm)
    if not own and chosen:
        chosen = where_the_actors_are(doc, scope, chosen)
    if not chosen and any(k[0] in ("Protests", "Riots") for k in kinds) and (
            _PROTEST_AIM.search(norm[lo:hi]) or _COUNTED_CROWD.search(norm[lo:hi])):
        # a protest against something before a building or in a square the gazetteer does not
        # hold: the country its participants' nationality names ("الفلسطينيين", "المصري"), or the
        # article's, at precision 3
        chosen = country_site(doc, lo, hi) or [unnamed_site(trig_span[0], focus)]
    if not chosen:
        return []
    chosen = [city_of_quarter(doc, x) for x in chosen]
    chosen = [x for x in chosen if x.place is None or x.place.kind != "continent"]
    if not chosen:
        return []
    text = norm[lo:hi]
    out: list[Draft] = []
    primary_done = False
    here = next((x.place.country for x in chosen if x.place is not None and x.place.country), None) or focus
    for (etype, sub), (trig, roles) in kinds.items():
        roles = complete_roles(roles, etype, sub, doc, here, civ, text, norm[sent.start:sent.end],
                               toll=killed is not None or injured is not None)
        give_toll = not primary_done and etype in ("Battles", EXPL, VAC, "Protests", "Riots")
        for i, site in enumerate(chosen):
            d = Draft(etype, sub, sent, scope, trig, site, roles, group_index=i, group_size=len(chosen))
            if give_toll:
                d.killed = killed
                d.injured = injured
            if i == 0 and not out:
                scope_numbers = within(doc.numbers, lo, hi, index=doc.index)
                if scope_numbers:
                    d.quantities = find_quantities(norm, scope_numbers, lo, hi)
            if trig is not None:
                d.tags.update(x[4:] for x in trig.tags if x.startswith("tag="))
            out.append(d)
        if give_toll:
            primary_done = True
    return out
