"""Who acted and who was acted upon, from the actor mentions of one clause.

Cues, in order of strength: an agent marker before an actor ("من قبل", "على يد", "برصاص",
"بنيران", "قصف للاحتلال"); a genitive right after a nominal trigger ("غارات التحالف"); the
subject of a verb trigger (after it in VSO order, before it in SVO order); a nationality
adjective after the trigger ("قصف إسرائيلي" → Israel's forces). Targets follow "على", "ضد",
"مع", "استهدف", "مواقع", "بين X و Y". Victims come from the tolls ("مقتل 5 جنود" → soldiers).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from marsad.models import ActorMention
from marsad.resources.lexicon import COUNTRY_NAMES, demonym_country

_AGENT_BEFORE = re.compile(r"(?:من\s+قبل|على\s+يد|علي\s+يد|برصاص|بنيران|نيران|رصاص|شنها|شنته|نفذها|نفذه|"
                           r"يشنها|تشنها|ارتكبها|ارتكبه|[ول]?هجوم|[ول]?هجمات|هجوما|بقصف|قصف|غارات|غاره)\s*(?:\S+\s+)?$")
_NAMED_AGENT = re.compile(r"(?:من\s+قبل|علي\s+يد|على\s+يد|برصاص|بنيران)\s*$")
# what is struck, in any case and number ("تجمعا للحوثيين", "مواقع عسكريه للحوثيين", "دوريه للجيش"):
# the group named after it owns the target; it is hit, it does not act
_TARGET_NOUNS = (r"مواقع|موقع|موقعا|تجمع|تجمعا|تجمعات|معاقل|معقل|معقلا|عربات|عربه|اليات|اليه|اليتين|مقار|مقر|"
                 r"مقرا|مقرات|تحصينات|دوريه|دوريات|قوه|حواجز|حاجز|حاجزا|مراكز|مركزا|ثكنات|ثكنه|معسكر|معسكرا|"
                 r"معسكرات|رتل|رتلا|ارتال|موكب|موكبا|قافله|مخازن|مخزن|مستودع|مستودعات|منصات|منصه|نقطه|نقاط|"
                 r"اهداف|هدفا|منازل|منزل|حافله")
_TARGET_BEFORE = re.compile(r"(?:علي|على|ضد|مع|استهداف|صفوف|عناصر\s+من|افراد|عناصر|جنود|مسلحي|مقاتلي|قاده|"
                            r"قائد|" + _TARGET_NOUNS + r")\s*(?:ل|ال|لل)?\s*$"
                            r"|(?:^|\s)(?:" + _TARGET_NOUNS + r")\s+(?:ال)?\S+\s+(?:ل|لل|تابع\S*\s+ل|تابع\S*\s+لل)\s*$")
_BETWEEN = re.compile(r"بين\s*$")
# "ان عناصر من حزب العمال نصبوا كمينا": members of a group at the head of a clause, before its
# verb, are its subject, not a target
_SUBJECT_GROUP = re.compile(r"(?:^|\s)(?:[وب]?ان|انه|حين|عندما|بعدما|اذ|و)\s+"
                            r"(?:عناصر|افراد|مسلحي|مقاتلي|مسلحون|مقاتلون|مسلحين|مقاتلين)"
                            r"\s+(?:من\s+)?(?:ال)?$")
# between a toll and the force it hit: "مقتل 13 مسلحا من ميليشيات الحوثي", "مقتل 5 من عناصر الجيش"
_VICTIM_GAP = re.compile(r"^\s*(?:[^\W\d_]+\s+)?(?:من\s+)?(?:صفوف\s+|عناصر\s+|افراد\s+|جنود\s+)?(?:ال)?$")
# who denies, accuses or condemns is not who acted: "نفت حماس ... بان قصف", "اتهم الجيش ... بقصف"
_DENIER = re.compile(r"(?:نفي|نفت|ينفي|تنفي|اتهم|اتهمت|يتهم|تتهم|زعم|زعمت|ادعي|ادعت|ندد|نددت|ادان|ادانت|استنكر|"
                     r"استنكرت|حمل|حملت)\s+(?:\S+\s+)?$")


@dataclass(frozen=True)
class RoleActor:
    name: str
    inter: int
    name_ar: str
    start: int = -1


def _gap(norm: str, a: int, b: int) -> str:
    return norm[a:b] if b >= a else ""


def actor_from_country(iso: str, focus: str | None) -> RoleActor:
    """The forces of a state named by a nationality adjective ("إسرائيلي", "روسية")."""
    name = COUNTRY_NAMES.get(iso, iso)
    inter = 1 if focus in (None, iso) else 8
    if iso == "IL" and focus in ("PS", "LB", "SY", None):
        inter = 8
    return RoleActor(f"Military Forces of {name}", inter, "")


def _to_role(m: ActorMention) -> RoleActor:
    return RoleActor(m.name, m.inter, m.name_ar, m.start)


@dataclass
class Roles:
    actor1: RoleActor | None = None
    assoc1: tuple[RoleActor, ...] = ()
    actor2: RoleActor | None = None
    assoc2: tuple[RoleActor, ...] = ()
    inferred: bool = False
    settled: bool = False  # who struck first is told ("صدت القوات هجوما للمسلحين"): keep this order


def assign_roles(norm: str, clause: tuple[int, int], trig_start: int, trig_end: int, is_verb: bool,
                 actors: list[ActorMention], focus: str | None,
                 victims: list[tuple[int, int]] | None = None, toll_nouns: tuple[int, ...] = ()) -> Roles:
    """Agent and target among the actor mentions of one clause, relative to one trigger.

    ``victims``: spans right after a toll ("مقتل 13 مسلحا من ميليشيات الحوثي"); an actor there
    was hit, not acting. ``toll_nouns``: where uncounted toll nouns start ("اوقعت جنودا اسرائيليين
    قتلى وجرحى"); an actor right before one was hit."""
    cs, _ce = clause
    armed = [a for a in actors if a.role not in ("civilian", "media", "official")]
    # "13 مسلحا من ميليشيات الحوثي": a generic word for fighters gives way to the named force,
    # unless an agent marker names it ("على يد مسلحين")
    specific = [a for a in armed if not a.name.startswith("Unidentified")
                or _NAMED_AGENT.search(norm[max(cs, a.start - 20):a.start])]
    if specific:
        armed = specific
    # "الحوثيون وقوات صالح", "قوات النظام مع حزب الله": an ally joined to the actor before it
    # follows that actor's role instead of taking one of its own
    joined = _joined(norm, cs, armed, trig_start, trig_end)
    armed = [a for a in armed if id(a) not in joined]
    agent: ActorMention | None = None
    targets: list[ActorMention] = []
    civilians = [a for a in actors if a.role == "civilian"]
    # explicit markers
    for a in armed:
        before = norm[max(cs, a.start - 20):a.start]
        if any(vs <= a.start <= ve and _VICTIM_GAP.match(norm[vs:a.start]) for vs, ve in victims or ()) or any(
                0 <= x - a.end <= 3 for x in toll_nouns):
            targets.append(a)
        elif _AGENT_BEFORE.search(before) and agent is None:
            agent = a
        elif (_TARGET_BEFORE.search(before) or _BETWEEN.search(before)) and not (
                a.end <= trig_start and _SUBJECT_GROUP.search(norm[max(cs, a.start - 30):a.start])):
            targets.append(a)
    if agent is None:
        # genitive / subject right after the trigger
        after = [a for a in armed if a.start >= trig_end and a not in targets
                 and len(_gap(norm, trig_end, a.start).split()) <= (3 if is_verb else 1)]
        if after:
            agent = after[0]
    if agent is None:
        # subject before the trigger (SVO), nearest first
        before_list = [a for a in armed if a.end <= trig_start and a not in targets
                       and not _DENIER.search(norm[max(cs, a.start - 12):a.start])]
        if before_list:
            agent = before_list[-1]
            # "قوات النظام والمليشيات المتحالفه معها سيطرت": the head of a coordinated subject acts
            for prev in reversed(before_list[:-1]):
                if re.match(r"^\s*و\s*$", norm[prev.end:agent.start]):
                    agent = prev
    if agent is None:
        rest = [a for a in armed if a not in targets and a.start - trig_end <= 40
                and not _DENIER.search(norm[max(cs, a.start - 12):a.start])]
        if rest:
            agent = rest[0]
    repel = _repelled(norm, clause, trig_start, trig_end, armed, targets, joined)
    if repel is not None:
        return repel
    roles = Roles()
    if agent is not None:
        roles.actor1 = _to_role(agent)
        allies = []
        for a in armed:
            if a is agent or a in targets or a.name == agent.name:
                continue
            gap = _gap(norm, agent.end, a.start)
            if 0 <= a.start - agent.end <= 45 and re.match(r"^\s*(?:\S+\s+){0,3}?و\S*", gap) and (
                    "موالي" in norm[a.start:a.end + 12] or "متحالف" in norm[a.start:a.end + 12]
                    or (a.inter == 3 and agent.inter in (1, 8))):
                allies.append(_to_role(a))
        roles.assoc1 = tuple(allies[:2])
    else:
        # a nationality adjective right after the trigger: "قصف اسرائيلي", "غارات روسيه"
        m = re.compile(r"\s+(?:جوي\S*\s+|مدفعي\S*\s+|\S+\s+)?(\w+)").match(norm, trig_end)
        if m:
            iso = demonym_country(m.group(1))
            if iso:
                roles.actor1 = actor_from_country(iso, focus)
    tgt = [t for t in targets if roles.actor1 is None or t.name != roles.actor1.name]
    if tgt:
        roles.actor2 = _to_role(tgt[0])
    elif civilians:
        roles.actor2 = _to_role(civilians[0])
    for ally, head in joined.values():
        if agent is not None and head is agent and ally.name != agent.name:
            roles.assoc1 = tuple([*roles.assoc1, _to_role(ally)][:2])
        elif tgt and head is tgt[0] and ally.name != head.name:
            roles.assoc2 = tuple([*roles.assoc2, _to_role(ally)][:2])
    return roles


# "صدت القوات هجوما للمسلحين", "احبطت المقاومه هجوما شنه الحوثيون", "تصدي الجيش لمحاوله تقدم":
# a verb of repelling with an attack as its object; the one who attacked acts, the one who
# repelled is attacked ("دحر" and an infiltration foiled are left out: they say no attack)
_REPEL = re.compile(r"(?:^|(?<=\s))[وف]?(?:صد|صدت|صدوا|يصد|تصد|يصدون|تصدي|التصدي|تصدت|تصدوا|يتصدي|تتصدي|"
                    r"يتصدون|احبط|احبطت|احبطوا|يحبط|تحبط|احباط|اجهض|اجهضت|اجهضوا|يجهض|تجهض|اجهاض|"
                    r"افشل|افشلت|افشلوا|افشال)(?=\s)"
                    r"(?P<mid>(?:\s+[^\s.؟!]+){0,9}?)\s+(?:ل|لل|ال)?(?P<obj>هجوم|هجوما|هجمات|هجومين|"
                    r"محاوله\s+(?:ال)?(?:تقدم|هجوم|اقتحام|التفاف|زحف)|محاولات\s+(?:ال)?(?:تقدم|هجوم|اقتحام|التفاف|زحف)|"
                    r"تقدم|تقدما|زحف|زحفا|اقتحام|اقتحاما)(?=\s|$|[،,.])"
                    # a bombing foiled ("احبطت هجوما انتحاريا") is disrupted by whoever foiled it
                    r"(?!\s+(?:ال)?(?:انتحاري|ارهابي|بسياره|بعبوه|تفجيري))")

_ATTACKER_GAP = re.compile(r"^[^\S\n]*(?:[^\s،,.؛:]+[^\S\n]+){0,4}(?:ل|لل|ال)?[«\"'(/]*$")


def _repelled(norm: str, clause: tuple[int, int], trig_start: int, trig_end: int, armed: list[ActorMention],
              targets: list[ActorMention], joined: dict[int, tuple[ActorMention, ActorMention]]) -> Roles | None:
    """Roles when the trigger is part of an attack that was repelled or foiled: the attacker (named
    after the attack: "هجوما للحوثيين", "هجوما شنه مسلحون") is actor1 and the side that repelled it
    (the verb's subject, after or before it) actor2; an attacker left unnamed stays unnamed, for
    the conflict to fill. None when the trigger is no part of such a phrase."""
    cs, ce = clause
    for m in _REPEL.finditer(norm, cs, ce):
        if trig_end <= m.start() or trig_start >= m.end():
            continue
        verb_end, obj_start = m.start("mid"), m.start("obj")
        repeller = next((a for a in armed if verb_end <= a.start < obj_start), None)
        if repeller is None:
            before = [a for a in armed if a.end <= m.start() and not _DENIER.search(norm[max(cs, a.start - 12):a.start])
                      and a not in targets]
            repeller = before[-1] if before else None
        # the attacker is named right after the attack: "هجوما للحوثيين", "هجوما شنه مسلحون من ..."
        attacker = next((a for a in armed if obj_start <= a.start and a is not repeller and a not in targets
                         and _ATTACKER_GAP.match(norm[m.end():a.start])
                         and (repeller is None or side_of(a.name, a.inter) != side_of(repeller.name, repeller.inter))),
                        None)
        roles = Roles(settled=True)
        if attacker is not None:
            roles.actor1 = _to_role(attacker)
        if repeller is not None:
            roles.actor2 = _to_role(repeller)
        elif targets:
            roles.actor2 = _to_role(targets[0])
        for ally, head in joined.values():
            if head is attacker:
                roles.assoc1 = tuple([*roles.assoc1, _to_role(ally)][:2])
            elif head is repeller:
                roles.assoc2 = tuple([*roles.assoc2, _to_role(ally)][:2])
        return roles
    return None


_JOIN = re.compile(r"^\s*(?:[،,]\s*)?(?:و|مع|ومع|الي\s+جانب|بمشارك[هة])\s*$")
_CLASH_WORD = re.compile(r"اشتب|مواجه|معارك|معركه|قتال|اقتتال|تبادل")


def side_of(name: str, inter: int) -> str:
    """Which side of a war an actor is on: Israel's, the rebels' (inter 2 and 4), or the state's."""
    low = name.lower()
    if "israel" in low:
        return "IL"
    if inter in (2, 4) or "hamas" in low or "palestinian" in low:
        return "rebel"
    return "state"


def _joined(norm: str, cs: int, armed: list[ActorMention], trig_start: int,
            trig_end: int) -> dict[int, tuple[ActorMention, ActorMention]]:
    """Actors joined by "و" / "مع" to the armed actor right before them on the same side, by id:
    (the ally, the actor it goes with). Two sides after "بين" are not allies, nor is the one after
    "مع" a clash word governs ("اشتبك الجيش مع الحوثيين")."""
    out: dict[int, tuple[ActorMention, ActorMention]] = {}
    clash = bool(_CLASH_WORD.search(norm[trig_start:trig_end]))
    for prev, a in itertools.pairwise(armed):
        gap = norm[prev.end:a.start]
        if not _JOIN.match(gap) or side_of(prev.name, prev.inter) != side_of(a.name, a.inter):
            continue
        if "مع" in gap and clash:
            continue
        if re.search(r"بين\s*(?:ال)?$", norm[max(cs, prev.start - 8):prev.start]):
            continue
        head = out[id(prev)][1] if id(prev) in out else prev
        out[id(a)] = (a, head)
    return out
