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
from marsad.resources.wordlists import alternatives, entries, pattern

# the word lists are in data/words/roles.tsv (one regex a list, one alternative a row); the structure
# around them stays here: word boundaries, clitics, how far before or after the actor a cue stands
_AGENT_BEFORE = re.compile(r"(?:" + alternatives("roles", "agent_before") + r")\s*(?:\S+\s+)?$")
_NAMED_AGENT = re.compile(r"(?:" + alternatives("roles", "named_agent") + r")\s*$")
# what is struck, in any case and number ("تجمعا للحوثيين", "مواقع عسكريه للحوثيين", "دوريه للجيش"):
# the group named after it owns the target; it is hit, it does not act
_TARGET_NOUNS = alternatives("roles", "target_nouns")
_TARGET_BEFORE = re.compile(r"(?:" + alternatives("roles", "target_before") + "|" + _TARGET_NOUNS
                            + r")\s*(?:ل|ال|لل)?\s*$|(?:^|\s)(?:" + _TARGET_NOUNS
                            + r")\s+(?:ال)?\S+\s+(?:ل|لل|تابع\S*\s+ل|تابع\S*\s+لل)\s*$")
# "تحرير المدينه من (سيطره) (عناصر) تنظيم داعش": who a place was taken from (the construction is kept here)
_FROM_WHOM = re.compile(r"(?:^|\s)من\s+(?:(?:قبضه|سيطره|ايدي|يد)\s+)?(?:(?:عناصر|مسلحي|مقاتلي)\s+)?$")
# "بين X و Y": the construction is one word, kept here
_BETWEEN = re.compile(r"بين\s*$")
# "دمر طيران التحالف «عربه كاتيوشا» تابعه للحوثيين": what belongs to a group ("تابعه ل") was struck, and
# the group with it; not when what belongs to it is a force of its own ("قوات تابعه للحوثيين")
_OWNED_BEFORE = re.compile(r"(?:^|[\s\"“”«»'(])(?!(?:ال)?(?:" + alternatives("roles", "force_stems") + r")\S*)"
                           r"[^\s\"“”«»']+[\"“”«»']?\s+(?:ال)?تابع\S*\s+(?:ل|لل|ال)?\s*$")
# "اوقعت قوه اسرائيليه في كمين": who is made to fall into an ambush is the target
_FELL_INTO = re.compile(r"(?:^|\s)[وف]?(?:" + alternatives("roles", "fell_into") + r")\s+$")
# a group that announces or claims what it did acts in it: "اعلنت الكتائب انها فجرت", "تبنت الحركه
# الهجوم", "نشرت السرايا تفاصيل قتل ضابط" (not who announces its own dead: see _OWN_DEAD)
_CLAIMER_BEFORE = re.compile(r"(?:^|\s)[وف]?(?:" + alternatives("roles", "claimer_before") + r")\s+$")
# what it claims: "انها <verb>", "تفاصيل <act>", "مسؤوليتها عن" (the complementizers and the two nouns
# are the construction, kept here)
_CLAIM_AFTER = re.compile(r"(?:[^.؟!\n]{0,90}?\s)?(?:[وب]?(?:ان|انه|انها|انهم)\s+(?:\S+\s+){0,2}?(?:"
                          + alternatives("roles", "claim_verbs") + r")\S*"
                          r"|تفاصيل\s+(?:\S+\s+)?(?:" + alternatives("roles", "claim_details") + r")"
                          r"|(?:ال)?مسؤولي\S*\s+عن)(?!\w)")
_CLAIM_VERB = re.compile(r"^\s*(?:\S+\s+){0,3}?(?:" + alternatives("roles", "claimed_act") + r")")
# a cell or a network arrested and the group it belongs to: "ضبط شبكه ارهابيه تابعه لتنظيم داعش" (the
# group is the one arrested, not who arrests)
_CELL_OF = re.compile(r"(?:" + alternatives("roles", "cell") + r")\s+(?:\S+\s+){0,2}?(?:"
                      + alternatives("roles", "affiliated") + r")\s+(?:الي\s+)?(?:ل|لل|ب|بال)?\s*$")
_BOMBING_WORD = pattern("roles", "bombing_word")
_PLANTED = pattern("roles", "planted_bomb")
# the people a toll word counts: "مقتل جنديين", "اصابه 3 جنود", "مصرع عنصرين من"
_TOLL_BEFORE = re.compile(r"(?:^|\s)[وب]?(?:" + alternatives("roles", "toll_before")
                          + r")\s+(?:\d+\s+)?(?:من\s+)?(?:ال)?$")
# "استهداف قوات الاحتلال عناصر تامين": a verbal noun's genitive is its subject when an object follows
# "تفجير 3 عناصر من التنظيم لعربات مفخخه", "تفجير انتحاريين من الحركه انفسهم": members of a group
# right after a verbal noun of attack, with its object after them, are its subject
_MEMBERS_OF_BEFORE = re.compile(r"(?:(?:" + alternatives("roles", "attack_masdar") + r")\s+|^\s*)(?:\S+\s+)?"
                                r"(?:" + alternatives("roles", "members") + r")\s+(?:من|في)\s+(?:ال)?$")
_OWN_OBJECT = re.compile(r"\s+(?:\S+\s+)?(?:ل|لل|ب)?(?:" + alternatives("roles", "own_object") + r")")
_MASDAR_BEFORE = re.compile(r"(?:^|\s)[وب]?(?:" + alternatives("roles", "masdar_before") + r")\s*$")
_OBJECT_NEXT = re.compile(r"\s+(?:\S+\s+)?(?:ل|ال|لل)?(?:" + alternatives("roles", "object_next") + "|" + _TARGET_NOUNS
                          + r")(?:ا|ين|ات)?(?!\w)")
# a verb of announcing right before an actor, and a toll right after it: "اعلن الجيش مقتل جندي",
# "نعت الحركه اثنين من عناصرها"
_ANNOUNCER = re.compile(r"(?:^|\s)[وف]?(?:" + alternatives("roles", "announcer") + r")\s+$")
_TOLL_NEXT = re.compile(r"\s+(?:\S+\s+){0,2}?(?:عن\s+|ب|ان\s+)?(?:" + alternatives("roles", "toll_next") + r")")
# its own dead: a pronoun ("ثلاثه من عناصرها", "احد جنوده"), or soldiers with no other side named
# (group 1: bare soldiers, which only a state's forces announce as their own)
_OWN_DEAD = re.compile(r"\s+(?:\S+\s+){0,2}?(?:من\s+)?(?:(?:" + alternatives("roles", "own_members")
                       + r")(?:ها|ه|هم)(?!\w)|(" + alternatives("roles", "soldiers")
                       + r")(?!\s+(?:من\s+)?(?:ال)?(?:" + alternatives("roles", "force_names") + "|"
                       # ("ضابط وجنديين": soldiers joined to soldiers, not a nationality after them)
                       r"(?!و(?:" + alternatives("roles", "soldier_stems")
                       + r"))(?:\w{3,}يين|\w{3,}يه|\w{3,}ي))(?!\w)))")
_CIVILIAN_DEAD = re.compile(r"\s+(?:\S+\s+){0,2}?(?:من\s+)?(?:ال)?(?:" + alternatives("roles", "civilian_dead") + r")")
# "ان عناصر من حزب العمال نصبوا كمينا": members of a group at the head of a clause, before its
# verb, are its subject, not a target
_SUBJECT_GROUP = re.compile(r"(?:^|\s)(?:" + alternatives("roles", "subject_opener") + r")\s+"
                            r"(?:" + alternatives("roles", "subject_members") + r")"
                            r"\s+(?:من\s+)?(?:ال)?$")
# between a toll and the force it hit: "مقتل 13 مسلحا من ميليشيات الحوثي", "مقتل 5 من عناصر الجيش"
# (not a preposition or a time word: "مقتل 5 في غارات اسرائيليه" names the event, not the victims)
_VICTIM_GAP = re.compile(r"^\s*(?:(?!(?:" + alternatives("roles", "not_victim_gap") + r")\s)"
                         r"[^\W\d_]+\s+)?(?:من\s+)?(?:" + alternatives("roles", "ranks") + r")?(?:ال)?$")
# who denies, accuses or condemns is not who acted: "نفت حماس ... بان قصف", "اتهم الجيش ... بقصف"
_DENIER = re.compile(r"(?:" + alternatives("roles", "denier") + r")\s+(?:\S+\s+)?$")
# a nationality adjective right after the trigger, maybe after a weapon adjective: "قصف اسرائيلي",
# "غارات جويه روسيه"
_ADJECTIVE_AFTER = re.compile(r"\s+(?:" + alternatives("roles", "weapon_adjective") + r"|\S+\s+)?(\w+)")
# an ally named right after the agent: "قوات النظام والمليشيات الموالية لها"
_ALLY_WORDS = entries("roles", "ally_words")


def _claims(norm: str, cs: int, a: ActorMention) -> bool:
    """``a`` announces or claims an act it did: "اعلنت كتائب X انها اوقعت", "نشرت X تفاصيل قتل",
    "تبنت X تفجير" (its own dead announced are another matter: see _OWN_DEAD)."""
    m = _CLAIMER_BEFORE.search(norm[max(cs, a.start - 14):a.start])
    if m is None:
        return False
    if m.group(0).strip().lstrip("وف").startswith(("تبن", "يتبن")):
        return bool(_CLAIM_VERB.match(norm, a.end)) or bool(_CLAIM_AFTER.match(norm, a.end))
    return bool(_CLAIM_AFTER.match(norm, a.end))


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
    actor2_inferred: bool = False  # actor2 is the conflict's other side, not named in the clause
    counted: int = -1  # where the side whose dead or wounded the toll counts is named (-1: none)
    record_target: RoleActor | None = None  # a bombing's target as the record names it (finalize)


def assign_roles(norm: str, clause: tuple[int, int], trig_start: int, trig_end: int, is_verb: bool,
                 actors: list[ActorMention], focus: str | None,
                 victims: list[tuple[int, int]] | None = None, toll_nouns: tuple[int, ...] = (),
                 territory: bool = False) -> Roles:
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
    # "اعلن الجيش مقتل جندي": who announces its own or civilians' dead reports the toll; it did
    # not inflict it (its own dead make it the side hit). Announcing the enemy's dead ("اعلن الجيش
    # مقتل 20 مسلحا") says nothing against its having killed them.
    hit_side: list[ActorMention] = []
    for a in list(armed):
        m = _TOLL_NEXT.match(norm, a.end) if _ANNOUNCER.search(norm[max(cs, a.start - 16):a.start]) else None
        if m is None:
            continue
        own = _OWN_DEAD.match(norm, m.end())
        if own or _CIVILIAN_DEAD.match(norm, m.end()):
            armed.remove(a)
            if own and not (own.group(1) and a.inter not in (1, 8)):
                hit_side.append(a)
    agent: ActorMention | None = None
    claimed = False  # the agent claims the act: who struck first is told
    targets: list[ActorMention] = []
    civilians = [a for a in actors if a.role == "civilian"]
    # the sides a toll names as its dead or wounded ("مقتل 5 جنود اسرائيليين"), not those that
    # announce their own dead ("اعلن الجيش مقتل جندي": the announcer stays first in the record)
    counted: list[ActorMention] = []
    # "مقتل جنديين في انفجار عبوه": the soldiers a bombing's toll counts were hit (in a fight, the
    # side named with its dead is left to the conventions of battles)
    bombing = bool(_BOMBING_WORD.search(norm[trig_start:trig_end]))
    # "لقي ضابط ومجند مصرعهما اثر انفجار عبوه ناسفه": a state's forces named in a bomb planted or
    # a suicide attack were its target; they do not plant bombs (what they set off is defused)
    planted = bool(_PLANTED.search(norm[trig_start:trig_end]))
    # explicit markers
    for a in armed:
        before = norm[max(cs, a.start - 20):a.start]
        victim = any(vs <= a.start <= ve and _VICTIM_GAP.match(norm[vs:a.start]) for vs, ve in victims or ()) or any(
            0 <= x - a.end <= 3 for x in toll_nouns) or bool(
            bombing and _TOLL_BEFORE.search(norm[max(cs, a.start - 24):a.start]))
        if victim or (planted and a.role == "state" and not _AGENT_BEFORE.search(before)) or (
                territory and a.start >= trig_end and _FROM_WHOM.search(before)):
            # "تحرير مدينه الرمادي من تنظيم داعش": whom a place was taken from lost it
            targets.append(a)
            if victim:
                counted.append(a)
        elif agent is None and _claims(norm, cs, a):
            agent, claimed = a, True
        elif _FELL_INTO.search(before) or _OWNED_BEFORE.search(norm[max(cs, a.start - 50):a.start]):
            targets.append(a)
        elif agent is None and (_AGENT_BEFORE.search(before) or (
                _MASDAR_BEFORE.search(before) and _OBJECT_NEXT.match(norm, a.end)) or (
                _MEMBERS_OF_BEFORE.search(norm[max(cs, a.start - 40):a.start]) and _OWN_OBJECT.match(norm, a.end))):
            agent = a
        elif (_TARGET_BEFORE.search(before) or _BETWEEN.search(before)
              or _CELL_OF.search(norm[max(cs, a.start - 50):a.start])) and not (
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
    roles = Roles(settled=claimed)
    if agent is not None:
        roles.actor1 = _to_role(agent)
        allies = []
        for a in armed:
            if a is agent or a in targets or a.name == agent.name:
                continue
            gap = _gap(norm, agent.end, a.start)
            if 0 <= a.start - agent.end <= 45 and re.match(r"^\s*(?:\S+\s+){0,3}?و\S*", gap) and (
                    any(w in norm[a.start:a.end + 12] for w in _ALLY_WORDS)
                    or (a.inter == 3 and agent.inter in (1, 8))):
                allies.append(_to_role(a))
        roles.assoc1 = tuple(allies[:2])
    else:
        # a nationality adjective right after the trigger: "قصف اسرائيلي", "غارات روسيه"
        m = _ADJECTIVE_AFTER.match(norm, trig_end)
        # (a plural of people names who they are, not whose forces: "اشتبك قوميون استراليون")
        if m and not m.group(1).endswith(("ون", "ين")):
            iso = demonym_country(m.group(1))
            if iso:
                roles.actor1 = actor_from_country(iso, focus)
    targets = hit_side + targets
    tgt = [t for t in targets if roles.actor1 is None or t.name != roles.actor1.name]
    if tgt:
        roles.actor2 = _to_role(tgt[0])
        if any(t is tgt[0] for t in counted):
            roles.counted = tgt[0].start
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
_REPEL = re.compile(r"(?:^|(?<=\s))[وف]?(?:" + alternatives("roles", "repel") + r")(?=\s)"
                    r"(?P<mid>(?:\s+[^\s.؟!]+){0,9}?)\s+(?:ل|لل|ال)?(?P<obj>" + alternatives("roles", "repelled_attack")
                    + r")(?=\s|$|[،,.])"
                    # a bombing foiled ("احبطت هجوما انتحاريا") is disrupted by whoever foiled it
                    r"(?!\s+(?:ال)?(?:" + alternatives("roles", "repelled_bombing") + r"))")

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


_JOIN = re.compile(r"^\s*(?:[،,]\s*)?(?:" + alternatives("roles", "join") + r")\s*$")
_CLASH_WORD = pattern("roles", "clash_word")


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
