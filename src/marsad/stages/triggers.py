"""Find event triggers and drop those that are negated, hypothetical, future or reported speech
about what did not happen ("لم يسفر", "نفى", "أي قذيفة ... يمكن أن")."""

from __future__ import annotations

import re

from marsad.models import TriggerMention
from marsad.resources.matcher import longest_hits
from marsad.resources.triggers import trigger_matcher
from marsad.resources.wordlists import alternatives

# the word lists are in data/words/triggers.tsv (one regex a list, one alternative a row, in normalized
# spelling); the structure around them stays here: the clitics, how far before the trigger they stand
# a word right before the trigger that negates it
_NEG_BEFORE = re.compile(r"(?:^|\s)(?:" + alternatives("triggers", "negation") + r")\s+(?:\S+\s+)?$"
                         r"|(?:^|\s)(?:" + alternatives("triggers", "any_or_stop") + r")\s+$"
                         # a future light verb: "سيشن الجيش هجوما", "ستنفذ غارات"
                         r"|(?:^|\s)[وف]?(?:" + alternatives("triggers", "future_light_verbs")
                         + r")\s+(?:\S+\s+){0,2}$")
# a trigger word used as a modifier, not as an event: "مناطق الاشتباك", "تحت سيطرة", "خطوط المواجهة";
# what a protest is against or asks for: "احتجاجا على الاعتقالات"
_NOT_EVENT_BEFORE = re.compile(r"(?:^|\s)[وب]?(?:" + alternatives("triggers", "not_event_before") + r")\s+(?:ال)?$")
# the dead already counted, named through their kin, their bodies or their funeral: "ذوو الشهيد",
# "اسره القتيل", "عائلات الشهداء", "اهالي الضحايا", "جثامين القتلى", "تشييع جثمان الشهيد", "تسليم جثامين"
_THE_DEAD_BEFORE = re.compile(r"(?:^|\s)[وبلف]?(?:" + alternatives("triggers", "the_dead_before") + r")\s+(?:ال)?$")
_NEGATED = re.compile(f"(?:{_NEG_BEFORE.pattern})|(?:{_NOT_EVENT_BEFORE.pattern})|(?:{_THE_DEAD_BEFORE.pattern})")
# markers, earlier in the clause, that make what follows hypothetical, future, an appeal or a denial
_MODAL = re.compile(r"(?:^|\s)(?:[وف]?(?:" + alternatives("triggers", "modal") + r"))(?=\s)")
# future prefix on an imperfect verb: سيقصف، ستشن
_FUTURE_VERB = re.compile(r"^س[يتن]")


def find_triggers(norm: str) -> list[TriggerMention]:
    out: list[TriggerMention] = []
    for h in longest_hits(trigger_matcher().find(norm)):
        e = h.payload
        word = norm[h.word_start:h.word_end]
        stem = word[1:] if word[:1] in "وف" else word
        if e.kind == "event" and "verb" in e.flags and _FUTURE_VERB.match(stem) and not e.pattern.startswith("س"):
            continue
        out.append(TriggerMention(
            start=h.start, end=h.end, event_type=e.event_type, sub_event_type=e.sub_event_type,
            text=norm[h.start:h.end], form="verb" if "verb" in e.flags else "noun",
            weight=0.5 if e.weak else 1.0, tags=tuple(sorted(e.flags)),
            counts=None if e.kind == "event" else e.kind,
        ))
    return out


def negation(norm: str, clause_start: int, trig_start: int) -> str | None:
    """"neg" when the trigger at ``trig_start`` is negated or not an event ("لم", "تحت سيطرة"),
    "modal" when an earlier word of its clause makes it hypothetical, reported as denied, threatened
    or wished for ("يمكن", "نفى", "هدد", "دعا"), else None."""
    before = norm[max(clause_start, trig_start - 25):trig_start]
    if _NEGATED.search(before):
        return "neg"
    window = norm[max(clause_start, trig_start - 80):trig_start]
    return "modal" if _MODAL.search(" " + window) else None


def is_negated(norm: str, clause_start: int, trig_start: int) -> bool:
    return negation(norm, clause_start, trig_start) is not None
