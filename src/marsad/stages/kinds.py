"""What kind of event a trigger names, given its clause: sub-type refinement by weapon, actor
and victims; whether victims are civilians or fighters; protests turned riots or met with force.

"قصف" is an air strike by aircraft or an occupying air force and shelling otherwise; "سيطرة" is a
government regaining ground or a non-state actor taking it by who took it; a massacre by air is
an air strike; arrests by armed groups are abductions (ACLED's conventions)."""

from __future__ import annotations

import re

from marsad.models import TriggerMention
from marsad.resources.wordlists import alternatives, pattern
from marsad.stages.roles import Roles, side_of
from marsad.stages.tolls import Toll

AIR = "Air/drone strike"
SHELL = "Shelling/artillery/missile attack"
EXPL = "Explosions/Remote violence"
VAC = "Violence against civilians"
# the word lists are in data/words/kinds.tsv (one regex a list, one alternative a row); the structure
# around them stays here: word boundaries, the clitics و/ف, and what must come before or after
_AIR_WORDS = pattern("kinds", "air_words")
# aircraft named as the attacker: "هاجمت طائرة حربية", "طيران التحالف"
_AIRCRAFT = pattern("kinds", "aircraft")
_ART_WORDS = pattern("kinds", "artillery_words")
# an attack "with rockets" or "with shells": "هجوم واسع يشنه حزب الله بالصواريخ"
_WITH_REMOTE_WEAPON = re.compile(r"(?<!\w)[وف]?ب(?:ال)?(?:" + alternatives("kinds", "remote_weapon") + r")(?!\w)")
_CIVILIAN_VICTIMS = re.compile(r"^(?:" + alternatives("kinds", "civilian_victims") + r")")
_FIGHTER_VICTIMS = re.compile(r"^(?:" + alternatives("kinds", "fighter_victims") + r")")
_PROTEST_CONTEXT = pattern("kinds", "protest_context")
# "مسيرة" with a word of a drone strike and none of a protest is a drone
_DRONE_CONTEXT = pattern("kinds", "drone_context")
MILITARY_TARGET = pattern("kinds", "military_target")
CIVILIAN_TARGET = re.compile(r"(?<!\w)[وب]?(?:" + alternatives("kinds", "civilian_target") + r")(?!\w)")
# the non-state side started it: an ambush, a raid, opening fire, a bombing, a claim; whole words
# only ("اسر" is not "اسرائيلي", "فجر" alone is dawn)
INITIATIVE = re.compile(r"(?<!\w)[وف]?(?:" + alternatives("kinds", "initiative") + r")(?!\w)")
# the word right after an initiative word, when it is the state's force doing it ("اقتحمت قوات الاحتلال",
# "هجوم اسرائيلي"): the initiative is not the non-state side's
STATE_DOING = re.compile(r"\s+(?:ال)?(?:" + alternatives("kinds", "state_doing") + r")(?!\w)")


# a car bomb driven or set off by its crew is a suicide bombing
_SUICIDE = pattern("kinds", "suicide")
# what a crowd does when it protests (protesters named without an event word are no event); not
# after a relative pronoun ("الذين خرجوا": the crowd described, not acting), kept here as grammar
CROWD_ACTION = re.compile(r"(?:^|\s)(?<!الذين\s)(?<!اللذين\s)[وف]?(?:" + alternatives("kinds", "crowd_action")
                          + r")(?=\s)")
# a crowd counted ("مئات المتظاهرين", "الاف") or new to the text ("متظاهرون"), not "the protesters" again
QUANTITY_BEFORE = re.compile(r"(?:" + alternatives("kinds", "crowd_quantity") + r")\s+(?:من\s+)?$")
# a protest or riot that took place: "خرجت مظاهرات", "اندلعت احتجاجات", "نظم ... اعتصاما"
OCCURRENCE = re.compile(r"(?:^|\s)[وف]?(?:" + alternatives("kinds", "occurrence") + r")(?=\s)")
_CHECKPOINT = pattern("kinds", "checkpoint")
# explosives found and made safe: "فجرت قوات الامن عبوات عثرت عليها", "تفكيك عبوه"
_DEFUSED = pattern("kinds", "defused")
# what foils, right before a bombing ("احبطت الشرطه تفجيرا", "اجهضت محاوله تفجير سياره مفخخه")
_FOILED_BEFORE = re.compile(r"(?:" + alternatives("kinds", "foil") + r")\S*\s+(?:\S+\s+){0,3}?(?:"
                            + alternatives("kinds", "attempt") + r")?(?:[لوب]|ال|لل|بال)?$")
# a suicide or terrorist attack, a bombing: what a foiled attack was when it names one
_BOMB_ATTACK = re.compile(r"\s*(?:ال)?(?:" + alternatives("kinds", "bomb_attack") + r")")
# an attack foiled or repelled is a battle, not a weapon disrupted: "احبطت القوات هجوما شنه مسلحون"
_ATTACK_AFTER = re.compile(r"\s+(?:\S+\s+){0,3}?(?:ل|ال|لل)?(?:" + alternatives("kinds", "attack_after")
                           + r")(?=\s|$|[،,.])")


def _foiled(t: TriggerMention, clause_text: str) -> str | None:
    """"bomb" when the trigger is a bombing that was foiled, "attack" when it is a verb of foiling
    whose object is an attack (not a bombing), else None."""
    at = clause_text.find(t.text)
    if at < 0:
        return None
    if "disrupt" in t.tags:
        m = _ATTACK_AFTER.match(clause_text, at + len(t.text))
        return "attack" if m and not _BOMB_ATTACK.match(clause_text, m.end()) else None
    return "bomb" if _FOILED_BEFORE.search(clause_text[max(0, at - 60):at]) else None


# the kind of violence, for defaults that depend on it
KIND_OF = {AIR: "air", SHELL: "shelling", "Attack": "attack", "Arrests": "arrest",
         "Looting/property destruction": "loot", "Remote explosive/landmine/IED": "ied",
         "Suicide bomb": "suicide"}


def refine_kind(t: TriggerMention, clause_text: str, roles: Roles, focus: str | None,
                others: list[TriggerMention], victims_civilian: bool,
                whole_clause: str | None = None) -> tuple[str, str] | None:
    """The (event type, sub-type) a trigger names in its clause, or None when it names no event
    of its own (a massacre word beside the bombing that caused it, checkpoints called كمائن).

    ``clause_text`` is the trigger's scope; ``whole_clause`` the clause around it, whose weapon
    words decide "قصف" when its scope names none ("قصفت ... منازل في خان يونس بقذائف المدفعيه")."""
    flags = set(t.tags)
    etype, sub = t.event_type, t.sub_event_type
    a1 = roles.actor1
    if "generic_bomb" in flags:
        air = bool(_AIR_WORDS.search(clause_text))
        art = bool(_ART_WORDS.search(clause_text))
        if not (air or art) and whole_clause:
            air = bool(_AIR_WORDS.search(whole_clause))
            art = bool(_ART_WORDS.search(whole_clause))
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
        if a1 is not None and side_of(a1.name, a1.inter) == "IL":
            return None  # "اقتحمت قوات الاحتلال مدن ...": an occupying army's raid changes no one's control
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
        if any(o.event_type in (EXPL,) or "shooting" in o.tags or "mob" in o.tags for o in others):
            return None
        if _AIRCRAFT.search(clause_text):
            return EXPL, AIR  # "هاجمت طائرة حربية مواقع ...": an attack from the air
        if _WITH_REMOTE_WEAPON.search(clause_text):
            return EXPL, SHELL  # "في هجوم يشنه حزب الله بالصواريخ": rockets fired, no clash
        if victims_civilian or (roles.actor2 is not None and roles.actor2.inter == 7):
            return VAC, "Attack"
        return "Battles", "Armed clash"
    if "shooting" in flags:
        if any(o.event_type == "Battles" for o in others):
            return None
        if roles.actor2 is not None and roles.actor2.inter not in (7,) and not victims_civilian:
            return "Battles", "Armed clash"
        return VAC, "Attack"
    if etype in ("Protests", "Riots") and t.form == "noun" and "mob" not in flags and not (
            CROWD_ACTION.search(clause_text) or OCCURRENCE.search(clause_text)):
        return None  # "موجه الاحتجاجات", "شغب الملاعب": a protest word with nothing happening
    if "intervention" in flags and not any("protest" in o.tags for o in others):
        return None  # dispersing whom? only with a protest in the clause
    if "march" in flags:
        # "مسيرة" is a march in a protest and a drone in a war
        if _PROTEST_CONTEXT.search(clause_text):
            return etype, sub
        if _DRONE_CONTEXT.search(clause_text):
            return EXPL, AIR
        return None
    if ("ied" in flags or "explosion" in flags) and _DEFUSED.search(clause_text):
        return "Strategic developments", "Disrupted weapons use"
    foiled = _foiled(t, clause_text) if flags & {"ied", "explosion", "suicide", "disrupt"} else None
    if foiled == "bomb":
        return "Strategic developments", "Disrupted weapons use"  # a bombing that never went off
    if foiled == "attack":
        return "Battles", "Armed clash"  # an attack foiled was fought off
    if "ied" in flags and "مفخخ" in t.text and _SUICIDE.search(clause_text):
        return EXPL, "Suicide bomb"
    if "explosion" in flags and any(o.event_type == EXPL and "explosion" not in o.tags for o in others):
        return None
    return etype, sub


CIVILIAN_WORDS = _CIVILIAN_VICTIMS
FIGHTER_WORDS = _FIGHTER_VICTIMS


def victims_of(norm: str, tolls: list[Toll]) -> tuple[bool, bool]:
    civ = fighters = False
    for t in tolls:
        if t.victim_start >= 0:
            w = norm[t.victim_start:t.victim_end]
            civ |= bool(_CIVILIAN_VICTIMS.match(w))
            fighters |= bool(_FIGHTER_VICTIMS.match(w))
    return civ, fighters


def protest_kind(kinds: dict[tuple[str, str], tuple[TriggerMention | None, Roles]],
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


