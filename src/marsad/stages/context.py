"""What a careful coder infers from the conflict when the text leaves it unsaid.

When a clause names no perpetrator ("استشهد 35 فلسطينيا بغارات على غزة"), the usual one for
that kind of violence in that country is inferred (and marked ``actor1_inferred``); when a
battle names one side, the other is the main opposing force in the article, or in that conflict.
"""

from __future__ import annotations

from collections import Counter

from marsad.models import ActorMention
from marsad.stages.roles import RoleActor

_ISRAEL = RoleActor("Military Forces of Israel", 8, "")
_COALITION = RoleActor("Saudi-led coalition", 8, "")
_HOUTHI = RoleActor("Houthi movement", 2, "")
_SYRIA = RoleActor("Military Forces of Syria", 1, "")
_IRAQ = RoleActor("Military Forces of Iraq", 1, "")
_PAL = RoleActor("Palestinian armed groups", 2, "")
_HEZB = RoleActor("Hezbollah", 3, "")
_SYR_REBELS = RoleActor("Syrian opposition rebels", 2, "")
_IS = RoleActor("Islamic State", 2, "")

# (country focus, kind of violence) -> the usual perpetrator
_DEFAULT_AGENT: dict[tuple[str, str], RoleActor] = {
    ("PS", "air"): _ISRAEL, ("PS", "shelling"): _ISRAEL, ("PS", "attack"): _ISRAEL,
    ("PS", "arrest"): _ISRAEL, ("PS", "loot"): _ISRAEL, ("PS", "other"): _ISRAEL,
    ("LB", "air"): _ISRAEL, ("LB", "shelling"): _ISRAEL, ("LB", "attack"): _ISRAEL,
    ("YE", "air"): _COALITION, ("YE", "shelling"): _HOUTHI, ("YE", "attack"): _HOUTHI,
    ("SY", "air"): _SYRIA, ("SY", "shelling"): _SYRIA, ("SY", "attack"): _SYRIA,
    ("IQ", "air"): _IRAQ, ("IQ", "shelling"): _IS, ("IQ", "ied"): _IS, ("SY", "ied"): _IS,
}
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


def opponent(agent: RoleActor, article_actors: list[ActorMention], focus: str | None) -> RoleActor | None:
    """The main force in the article on the other side from ``agent``; else the conflict's usual one."""
    mine = side(agent.name, agent.inter, focus)
    counts: Counter[tuple[str, int]] = Counter()
    first: dict[tuple[str, int], ActorMention] = {}
    for a in article_actors:
        if a.role in ("civilian", "media", "official", "protester") or a.name == agent.name:
            continue
        if side(a.name, a.inter, focus) == mine:
            continue
        key = (a.name, a.inter)
        counts[key] += 1
        first.setdefault(key, a)
    usual = _DEFAULT_OPPONENT.get((focus, mine)) if focus is not None else None
    if usual is not None and (usual.name, usual.inter) in counts:
        counts[(usual.name, usual.inter)] += 3  # the conflict's usual opponent, when the article names it
    if counts:
        (name, inter), _ = counts.most_common(1)[0]
        return RoleActor(name, inter, first[(name, inter)].name_ar)
    return usual
