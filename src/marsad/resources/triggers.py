"""The event-trigger lexicon (``data/triggers.tsv``): words that name an event or report a toll."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from marsad.resources.matcher import PRONOUN_SUFFIXES, PhraseMatcher


@dataclass(frozen=True)
class TriggerEntry:
    pattern: str
    event_type: str
    sub_event_type: str
    kind: str  # event, killed, injured
    flags: frozenset[str]

    @property
    def weak(self) -> bool:
        return "weak" in self.flags

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(f[4:] for f in self.flags if f.startswith("tag="))


def read_tsv(name: str) -> list[list[str]]:
    """Rows of a packaged TSV file, comments and blank lines skipped."""
    text = resources.files("marsad.data").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


@lru_cache(maxsize=1)
def load_triggers() -> tuple[TriggerEntry, ...]:
    out = []
    for row in read_tsv("triggers.tsv"):
        pattern, etype, sub, kind = row[:4]
        flags = frozenset(f.strip() for f in (row[4] if len(row) > 4 else "").split(",") if f.strip())
        out.append(TriggerEntry(pattern, etype, sub, kind, flags))
    return tuple(out)


@lru_cache(maxsize=1)
def trigger_matcher() -> PhraseMatcher[TriggerEntry]:
    m: PhraseMatcher[TriggerEntry] = PhraseMatcher()
    for e in load_triggers():
        # a verb never takes the article: "التظاهر" is the act of protesting, not "تظاهر" (they protested)
        # a noun may carry the accusative ending: "نفذوا اعتصاما", "شنوا هجوما"
        accusative = "noun" in e.flags and not e.pattern.endswith(("ا", "ة", "ه"))
        sfx = PRONOUN_SUFFIXES | {"ا"} if accusative else PRONOUN_SUFFIXES
        m.add(e.pattern, e, proper="verb" in e.flags, suffixes=sfx)
    m.build()
    return m
