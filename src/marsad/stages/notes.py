"""A one-sentence English note in ACLED's style, built only from the record's own fields."""

from __future__ import annotations

from marsad.models import Count, Event

_VERB = {
    "Armed clash": "{a1} clashed with {a2}",
    "Government regains territory": "{a1} regained control of territory from {a2}",
    "Non-state actor overtakes territory": "{a1} took control of territory from {a2}",
    "Air/drone strike": "{a1} carried out an air/drone strike",
    "Shelling/artillery/missile attack": "{a1} shelled or fired missiles",
    "Suicide bomb": "{a1} carried out a suicide bombing",
    "Remote explosive/landmine/IED": "{a1} detonated an explosive device",
    "Grenade": "{a1} threw a grenade",
    "Chemical weapon": "{a1} used chemical weapons",
    "Attack": "{a1} attacked {a2}",
    "Abduction/forced disappearance": "{a1} abducted {a2}",
    "Sexual violence": "{a1} committed sexual violence against {a2}",
    "Peaceful protest": "{a1} demonstrated",
    "Protest with intervention": "{a1} demonstrated and were dispersed by {a2}",
    "Excessive force against protesters": "{a2} used lethal force against {a1}",
    "Violent demonstration": "{a1} rioted",
    "Mob violence": "a mob attacked {a2}",
    "Arrests": "{a1} arrested people",
    "Agreement": "{a1} reached an agreement with {a2}",
    "Change to group/activity": "{a1} changed its organisation or activity",
    "Disrupted weapons use": "{a1} disrupted or defused weapons",
    "Headquarters or base established": "{a1} established a base or deployed forces",
    "Looting/property destruction": "{a1} looted or destroyed property",
    "Non-violent transfer of territory": "{a1} withdrew or handed over territory",
    "Other": "{a1} was involved in a strategic development",
}


def _count_phrase(c: Count | None, what: str) -> str:
    if c is None or c.best is None:
        return ""
    if c.best == 0:
        return ""
    approx = "about " if c.approximate else ""
    noun = what if c.best != 1 else {"people killed": "person killed", "people injured": "person injured"}[what]
    return f"{approx}{c.best} {noun}"


def make_note(e: Event) -> str:
    a1 = e.actor1.name if e.actor1 else "Unidentified actor"
    if e.actor1 is not None and e.actor1_inferred:
        a1 += " (not named in the report)"
    a2 = e.actor2.name if e.actor2 else "unidentified targets"
    body = _VERB.get(e.sub_event_type, "{a1} was involved in an event").format(a1=a1, a2=a2)
    body = body[0].upper() + body[1:]
    where = e.location.name or e.location.name_ar or "a place the report does not name"
    if e.location.sub_location_ar:
        where = f"{where} ({e.location.sub_location_ar})"
    if e.location.country:
        where = f"{where}, {e.location.country}"
    when = f"On {e.event_date.isoformat()}, " if e.event_date else ""
    sentence = f"{when}{body} in {where}"
    tolls = [x for x in (_count_phrase(e.fatalities, "people killed"),
                         _count_phrase(e.injured, "people injured")) if x]
    if tolls:
        sentence += f"; {' and '.join(tolls)}"
    if e.sources:
        sentence += f" (according to {', '.join(s.name for s in e.sources[:3])})"
    return sentence + "."
