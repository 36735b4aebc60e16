"""What a careful coder infers from the conflict when the text leaves it unsaid.

When a clause names no perpetrator ("استشهد 35 فلسطينيا بغارات على غزة"), the usual one for
that kind of violence in that country is inferred (and marked ``actor1_inferred``); when a
battle names one side, the other is the main opposing force in the article, or in that conflict.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from marsad.models import ActorMention, Doc
from marsad.resources.lexicon import COUNTRY_NAMES
from marsad.stages.index import ArticleIndex, Memo
from marsad.stages.kinds import CIVILIAN_TARGET, EXPL, INITIATIVE, KIND_OF, MILITARY_TARGET, STATE_DOING, VAC
from marsad.stages.roles import RoleActor, Roles

_ISRAEL = RoleActor("Military Forces of Israel", 8, "")
_COALITION = RoleActor("Saudi-led coalition", 8, "")
_HOUTHI = RoleActor("Houthi movement", 2, "")
_SYRIA = RoleActor("Military Forces of Syria", 1, "")
_IRAQ = RoleActor("Military Forces of Iraq", 1, "")
_PAL = RoleActor("Palestinian armed groups", 2, "")
_HEZB = RoleActor("Hezbollah", 3, "")
_SYR_REBELS = RoleActor("Syrian opposition rebels", 2, "")
_IS = RoleActor("Islamic State", 2, "")

# (country focus, kind of violence) -> who alone does it there, so that the weapon and the place
# settle who struck: only Israel's forces shell, bomb from the air, raid and arrest in Gaza and the
# West Bank and strike south Lebanon; only the coalition flies over Yemen; the regime's air force
# (with its helicopters and barrels) is the one that bombs Syria's towns, Iraq's the one over Iraq.
# Where several sides shell, shoot or plant bombs, nothing settles it: see complete_roles.
_DEFAULT_AGENT: dict[tuple[str, str], RoleActor] = {
    ("PS", "air"): _ISRAEL, ("PS", "shelling"): _ISRAEL, ("PS", "attack"): _ISRAEL,
    ("PS", "arrest"): _ISRAEL, ("PS", "loot"): _ISRAEL, ("PS", "other"): _ISRAEL,
    ("LB", "air"): _ISRAEL, ("LB", "shelling"): _ISRAEL,
    ("YE", "air"): _COALITION, ("SY", "air"): _SYRIA, ("IQ", "air"): _IRAQ,
    # the suicide car bombs and belts of Syria's and Iraq's wars are the Islamic State's
    ("SY", "suicide"): _IS, ("IQ", "suicide"): _IS,
}
# kinds of violence that someone did even when the text leaves who unsaid: an armed group the
# text does not identify (ACLED's "Unidentified Armed Group (country)", inter 3)
_UNNAMED_KINDS = frozenset({"shelling", "attack", "ied", "suicide"})
_UNIDENTIFIED = RoleActor("Unidentified Armed Group", 3, "")
_POLICE = RoleActor("Police Forces", 1, "")
_DEFAULT_OPPONENT: dict[tuple[str, str], RoleActor] = {
    ("PS", "IL"): _PAL, ("LB", "IL"): _HEZB, ("IL", "IL"): _HEZB, ("SY", "IL"): _HEZB,
    ("PS", "rebel"): _ISRAEL, ("LB", "rebel"): _ISRAEL, ("IL", "rebel"): _ISRAEL,
    ("YE", "state"): _HOUTHI, ("YE", "rebel"): RoleActor("Popular Resistance (Yemen)", 3, ""),
    ("SY", "state"): _SYR_REBELS, ("SY", "rebel"): _SYRIA,
    ("IQ", "state"): _IS, ("IQ", "rebel"): _IRAQ,
}


def side(name: str, inter: int, focus: str | None) -> str:
    """Which side of the conflict an actor is on: the state's ("state"), Israel's, or the rebels'."""
    low = name.lower()
    if "israel" in low:
        return "IL"
    if "hezbollah" in low:
        return "state" if focus == "SY" else "rebel"
    if inter in (2, 4) or "hamas" in low or "palestinian" in low:
        return "rebel"
    return "state"


def default_agent(focus: str | None, kind: str) -> RoleActor | None:
    if focus is None:
        return None
    return _DEFAULT_AGENT.get((focus, kind))


# per article (on its ArticleIndex, keyed by the actors tuple): each force it names, tallied once,
# and the opponent found for each (agent, inter, focus) asked
_TALLY: Memo[dict[tuple[str, int], tuple[int, ActorMention]]] = Memo("context.armed_tally")
_OPPONENTS: Memo[dict[tuple[str, int, str | None], RoleActor | None]] = Memo("context.opponents")
_MOST_FREQUENT: Memo[RoleActor | None] = Memo("context.most_frequent_armed")


def opponent(agent: RoleActor, article_actors: list[ActorMention] | tuple[ActorMention, ...],
             focus: str | None, index: ArticleIndex | None = None) -> RoleActor | None:
    """The main force in the article on the other side from ``agent``; else the conflict's usual one.

    With the article's ``index`` and its actors tuple, the tally and the answer are kept on the
    index (once per article); a list, whose content may change, is never remembered."""
    if index is None or not isinstance(article_actors, tuple):
        return _opponent(agent, article_actors, focus)
    actors = article_actors
    found = index.once(_OPPONENTS, (actors,), dict)
    key = (agent.name, agent.inter, focus)
    if key not in found:
        found[key] = _opponent(agent, actors, focus, index.once(_TALLY, (actors,), lambda: _armed_tally(actors)))
    return found[key]


def _opponent(agent: RoleActor, article_actors: list[ActorMention] | tuple[ActorMention, ...],
              focus: str | None, tally: dict[tuple[str, int], tuple[int, ActorMention]] | None = None,
              ) -> RoleActor | None:
    mine = side(agent.name, agent.inter, focus)
    counts: Counter[tuple[str, int]] = Counter()
    first: dict[tuple[str, int], ActorMention] = {}
    # each force the article names, counted once per article rather than once per agent asked
    for key, (n, a) in (_armed_tally(article_actors) if tally is None else tally).items():
        if key[0] == agent.name or side(key[0], key[1], focus) == mine:
            continue
        counts[key] = n
        first[key] = a
    usual = _DEFAULT_OPPONENT.get((focus, mine)) if focus is not None else None
    if usual is not None and (usual.name, usual.inter) in counts:
        counts[(usual.name, usual.inter)] += 3  # the conflict's usual opponent, when the article names it
    if counts:
        (name, inter), _ = counts.most_common(1)[0]
        return RoleActor(name, inter, first[(name, inter)].name_ar)
    return usual


def _armed_tally(article_actors: list[ActorMention] | tuple[ActorMention, ...],
                 ) -> dict[tuple[str, int], tuple[int, ActorMention]]:
    """(name, inter) of every force the article names -> (how often, its first mention), in the
    order of first mention (civilians, media, officials and protesters left out)."""
    tally: dict[tuple[str, int], tuple[int, ActorMention]] = {}
    for a in article_actors:
        if a.role in ("civilian", "media", "official", "protester"):
            continue
        key = (a.name, a.inter)
        n, f = tally.get(key, (0, a))
        tally[key] = (n + 1, f)
    return tally


def complete_roles(roles: Roles, etype: str, sub: str, doc: Doc, focus: str | None,
                    civ: bool, clause_text: str, sentence_text: str, toll: bool = False) -> Roles:
    """The roles of one event: the sides the clause named, completed with what a careful coder
    infers (``civ``: the toll counts civilians; ``toll``: it counts anyone)."""
    r = dataclasses.replace(roles)  # a copy: every field, whatever Roles gains later
    kind = KIND_OF.get(sub, "other")
    hit = r.actor2 if r.actor2 is not None and r.actor2.inter not in (6, 7) else None
    if r.actor1 is None and hit is not None and (
            etype == "Battles" or (etype == EXPL and kind not in ("ied", "suicide"))):
        # only the side hit is named ("مقتل 42 حوثيا", "قصف على مواقع للجيش"): the other side struck
        # (a bomb planted or a suicide bomber may come from anyone: that stays unnamed; and only a
        # state's forces strike from the air)
        other = opponent(hit, doc.actors, focus, doc.index)
        if other is not None and not _same_side(other, hit, focus) and (kind != "air" or other.inter in (1, 8)):
            r.actor1, r.inferred = other, True
    if r.actor1 is None:
        agent = default_agent(focus, kind)
        if agent is None and etype == "Battles":
            agent = most_frequent_armed(doc)
        if agent is not None and hit is not None and _same_side(agent, hit, focus):
            agent = None  # the usual perpetrator is the side that was hit: not who struck
        if agent is None and sub == "Arrests":
            agent = _POLICE  # "اعلنت الداخليه توقيف اربعه": a state arrests (an armed group abducts)
        if agent is None and etype in (EXPL, VAC) and kind in _UNNAMED_KINDS:
            agent = _UNIDENTIFIED  # "قصف على حمص": someone shelled; the text does not say who
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
        # the target no clause names, as the decider weighs it: civilians unless a military word
        # is in the clause (an unidentified group's target is not inferred from its side)
        if civ or not MILITARY_TARGET.search(clause_text):
            r.actor2 = RoleActor(f"Civilians ({context_country(focus)})", 7, "")
        elif r.actor1 is not _UNIDENTIFIED:
            r.actor2 = opponent(r.actor1, doc.actors, focus, doc.index)
        # and as the record names it, read more closely (see _struck)
        r.record_target = _struck(r, kind, civ, toll, clause_text, focus, doc) or r.actor2
    a2_inferred = False
    if etype == "Battles" and r.actor1 is not None and (r.actor2 is None or r.actor2.inter == 7):
        r.actor2 = opponent(r.actor1, doc.actors, focus, doc.index)
        a2_inferred = r.actor2 is not None
        r.actor2_inferred = a2_inferred
    if r.actor2 is not None and r.actor1 is not None and r.actor2.name == r.actor1.name:
        r.actor2 = None
    r.actor1 = at_home_or_abroad(_with_country(r.actor1, focus), focus)
    r.actor2 = at_home_or_abroad(_with_country(r.actor2, focus), focus)
    r.record_target = at_home_or_abroad(_with_country(r.record_target, focus), focus)
    if r.actor1 is not None and r.actor2 is not None and r.actor2.name == r.actor1.name:
        r.actor2 = None  # an unidentified group is not its own target
    if r.actor1 is not None and r.record_target is not None and r.record_target.name == r.actor1.name:
        r.record_target = None
    if (sub == "Armed clash" and not r.settled and r.actor1 is not None and r.actor2 is not None
            and r.actor1.inter in (2, 3, 4) and r.actor2.inter in (1, 8)
            and not (took_initiative(sentence_text) and (not r.inferred or _named_in(r.actor1, sentence_text)))):
        # a clash between a state's forces and others lists the state's forces first (ACLED), unless
        # the others struck first; a side only inferred, and not named in the sentence (as who claims
        # the attack, say), never comes before a named force
        r.actor1, r.actor2 = r.actor2, r.actor1
        r.inferred, r.actor2_inferred = a2_inferred, r.inferred
    r.assoc1 = tuple(x for x in (at_home_or_abroad(a, focus) for a in r.assoc1) if x is not None)
    r.assoc2 = tuple(x for x in (at_home_or_abroad(a, focus) for a in r.assoc2) if x is not None)
    return r


def _struck(r: Roles, kind: str, civ: bool, toll: bool, clause_text: str, focus: str | None,
            doc: Doc) -> RoleActor | None:
    """Whom a bombing struck where no clause names it, read without the words that name who struck
    ("قصفت قوات النظام الاحياء": "قوات" is the attacker, not a military target): civilians where
    civilian harm is named (homes, neighbourhoods, public places, its dead called martyrs); the
    war's other side where a military target is named, or where foreign forces on the state's side
    of a civil war strike from the air and no one is counted dead or hurt ("شن طيران التحالف غارات
    على مناطق في صعده"); civilians otherwise (a state's own shelling of towns, rebels' shells, an
    occupying army's strikes).
    Applied to the record only (:mod:`marsad.stages.finalize`): the decider weighs the target as
    ``complete_roles`` first gives it. None: no one to name."""
    assert r.actor1 is not None
    struck = _without_attackers(clause_text, r)
    foreign_ally = (kind == "air" and not toll and r.actor1.inter == 8
                    and side(r.actor1.name, r.actor1.inter, focus) == "state")
    if civ or CIVILIAN_TARGET.search(struck) or not (MILITARY_TARGET.search(struck) or foreign_ally):
        return RoleActor(f"Civilians ({context_country(focus)})", 7, "")
    if r.actor1 is _UNIDENTIFIED:
        return None
    return opponent(r.actor1, doc.actors, focus, doc.index)


def _without_attackers(clause_text: str, r: Roles) -> str:
    """The clause without the words that name who struck: "قصفت قوات النظام الاحياء" names no
    military target, though "قوات" would be one after the verb."""
    for a in (r.actor1, *r.assoc1):
        if a is not None and len(a.name_ar) > 2:
            clause_text = clause_text.replace(a.name_ar, " ")
    return clause_text


def _named_in(a: RoleActor, sentence_text: str) -> bool:
    return bool(a.name_ar) and a.name_ar in sentence_text


def took_initiative(sentence_text: str) -> bool:
    """The non-state side took the initiative: "هاجم مسلحون", "فتحوا النار على", "نصبوا كمينا",
    "اوقعت قوه ... في كمين", "شن هجوما", "تبنت"; not when the state's forces are who did it, named right
    after the word ("اقتحمت قوات الاحتلال", "هجوم اسرائيلي")."""
    for m in INITIATIVE.finditer(sentence_text):
        word = m.group(0).split()[0].lstrip("وف")
        if word.startswith("اوقع") or not STATE_DOING.match(sentence_text, m.start() + len(m.group(0).split()[0])):
            return True
    return False


def _same_side(a: RoleActor, b: RoleActor, focus: str | None) -> bool:
    if a.name.startswith("Unidentified") or b.name.startswith("Unidentified"):
        return a.name == b.name  # a group no one identified is on no known side
    return a.name == b.name or side(a.name, a.inter, focus) == side(b.name, b.inter, focus)


_GENERIC = frozenset({"Civilians", "Protesters", "Rioters", "Unidentified Armed Group"})


# a state's forces named by a generic word ("جنود", "الشرطة") where the article names no country
_STATE_GENERIC = frozenset({"Military Forces", "Police Forces", "Security Forces"})


def _with_country(a: RoleActor | None, country: str | None) -> RoleActor | None:
    """A generic role named without its country ("Civilians", soldiers) takes the event's country."""
    if a is None or not country:
        return a
    if a.name in _STATE_GENERIC and country in COUNTRY_NAMES:
        return RoleActor(f"{a.name} of {COUNTRY_NAMES[country]}", a.inter, a.name_ar, a.start)
    if a.name not in _GENERIC:
        return a
    return RoleActor(f"{a.name} ({context_country(country)})", a.inter, a.name_ar, a.start)


_STATE_FORCES = re.compile(r"^(?:Military|Police|Security) Forces of (.+?)(?:\s*\(|:|$)")


def at_home_or_abroad(a: RoleActor | None, country: str | None) -> RoleActor | None:
    """A state's forces are inter 1 at home and 8 abroad (ACLED), whatever the article is about."""
    if a is None or country is None or a.inter not in (1, 8):
        return a
    m = _STATE_FORCES.match(a.name)
    if not m:
        return a
    inter = 1 if COUNTRY_NAMES.get(country) == m.group(1).strip() else 8
    return a if inter == a.inter else RoleActor(a.name, inter, a.name_ar, a.start)


def context_country(focus: str | None) -> str:
    return COUNTRY_NAMES.get(focus or "", "International")


def most_frequent_armed(doc: Doc) -> RoleActor | None:
    """The armed actor the article names most often, counted once per article (kept on its index
    for its actors tuple), not once per event."""
    actors = doc.actors
    return doc.index.once(_MOST_FREQUENT, (actors,), lambda: _most_frequent_armed(actors))


def _most_frequent_armed(actors: tuple[ActorMention, ...]) -> RoleActor | None:
    counts: dict[tuple[str, int], int] = {}
    for a in actors:
        if a.role in ("civilian", "media", "official", "protester"):
            continue
        counts[(a.name, a.inter)] = counts.get((a.name, a.inter), 0) + 1
    if not counts:
        return None
    (name, inter) = max(counts, key=lambda k: counts[k])
    return RoleActor(name, inter, "")


