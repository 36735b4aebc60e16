"""How the places stage weighs a name that the gazetteer alone found: the place tagger's P(place),
shared along lists of places, against the countries the text is about.

Part of :mod:`marsad.stages.places` (:func:`_weigh` runs inside
:func:`~marsad.stages.places.find_places`), kept apart for its length; it reads the stage's drafts
and words and changes nothing else. It also holds :func:`_drop_generic`: generic region names against the
countries the text is about."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from marsad.learn.place_features import gazetteer_spans, gazetteer_tags
from marsad.learn.tagger import PlaceTagger, word_probs
from marsad.resources.gazetteer import Gazetteer
from marsad.resources.matcher import Hit
from marsad.resources.wordlists import words
from marsad.stages.place_words import PLACE_WORDS

if TYPE_CHECKING:
    from marsad.stages.places import _Draft, _Toks

# the tagger's P(place) a name found by the gazetteer alone needs. In the countries the text is
# about: a town (P_TOWN), a GeoNames village, whose names most often collide with common words
# (P_VILLAGE); handwritten places and countries pass unless the tagger is sure (P_SURE_NOT). Outside
# them: a major place (P_MAJOR), any other (P_OUTSIDE); with no country in view, P_ALONE.
P_SURE_NOT, P_TOWN, P_VILLAGE, P_MAJOR, P_ALONE, P_OUTSIDE = 0.01, 0.02, 0.04, 0.1, 0.15, 0.5
MAJOR = 1_000_000


_SUB = frozenset({"neighbourhood", "landmark", "village", None})  # place words below a town ("حي", "سوق")


def _weigh(
    norm: str,
    toks: _Toks,
    drafts: list[_Draft],
    hits: list[Hit[str]],
    gaz: Gazetteer,
    tagger: PlaceTagger,
    hint: str | None,
) -> list[_Draft]:
    """Weigh the evidence for each gazetteer name with the tagger's P(place): a common word never
    becomes a place on the gazetteer alone, and a place outside the countries the text is about needs
    more evidence than one inside them. A name after a place word below a town ("حي", "سوق", "قريه")
    whose places all lie abroad is a local place the gazetteer does not know, even a big city's name
    when it is listed after the first member ("قري X والقاهره")."""
    asks = [d for d in drafts if d.cands and d.gaz]
    subs = [d for d in drafts if d.cands and _sub(d)]
    if not asks and not subs:
        return drafts
    p_of: dict[int, float] = {}
    if asks:
        gaps = [norm[toks.e[k - 1] if k else 0 : toks.s[k]] for k in range(toks.n)]
        tags = gazetteer_tags(toks.s, toks.e, gazetteer_spans(gaz, norm, hits))
        probs = word_probs(toks.t, gaps, tags, [toks.at(d.start) for d in asks], tagger)
        p_of = {id(d): probs.get(toks.at(d.start), 1.0) for d in asks}
        _share_in_lists(norm, drafts, p_of)
    about = _About(drafts, p_of, hint)
    for d in subs:
        here = about.of(d.name_ar)
        if here and not any(
            c.country in here
            or c.kind == "country"
            # a big city after "حي" is the quarter's city; in a list of villages ("قري X والقاهره") a namesake
            or (c.population >= MAJOR and not d.listed and not gaz.is_ambiguous(d.name_ar))
            for c in d.cands
        ):
            d.cands, d.known = [], False
    # a name emptied above is a local place the place word vouches for
    return [d for d in drafts if id(d) not in p_of or not d.cands or _enough(d, p_of[id(d)], about.of(d.name_ar))]


_LIST_GAP = re.compile(r"\s*[،,]?\s*(?:و|ثم )?")


def _share_in_lists(norm: str, drafts: list[_Draft], p_of: dict[int, float]) -> None:
    """Places listed together ("حلب، ادلب وحماه") are all places when one of them is: each member
    of a list takes the highest P(place) of the list (a name with a place word counts as 1)."""
    group: list[_Draft] = []
    for d in [*drafts, None]:
        if d is not None and group and d.cands and _LIST_GAP.fullmatch(norm[group[-1].end : d.start]):
            group.append(d)
            continue
        if len(group) > 1:
            best = max(p_of.get(id(x), 1.0) for x in group)
            for x in group:
                if id(x) in p_of:
                    p_of[id(x)] = max(p_of[id(x)], best)
        group = [d] if d is not None and d.cands else []


def _sub(d: _Draft) -> bool:
    """After a place word below a town, not part of a registered name ("مطار دمشق الدولي")."""
    return (
        d.place_word is not None
        and PLACE_WORDS.get(d.place_word) in _SUB
        and not d.fixed
        and not d.name_ar.startswith(d.place_word + " ")
    )


class _About:
    """The countries the text is about: the hint, the countries it names, and those its places vote
    for. A vote counts 1 from P(place) = 2 * P_VILLAGE up, less below (a name with a place word: 1);
    a name counts once, and never for itself: :meth:`of` leaves out the name asked about."""

    def __init__(self, drafts: list[_Draft], p_of: dict[int, float], hint: str | None) -> None:
        self.named = {hint} if hint else set()
        self.votes: dict[str, dict[str, float]] = {}
        for d in drafts:
            if _sub(d) or not d.cands:
                continue
            p = p_of.get(id(d), 1.0)
            ccs = _countries(d)
            if len(ccs) == 1:
                by_name = self.votes.setdefault(next(iter(ccs)), {})
                by_name[d.name_ar] = max(by_name.get(d.name_ar, 0.0), min(1.0, p / P_VILLAGE / 2))
            if d.cands[0].kind == "country" and d.cands[0].country and p >= P_OUTSIDE:
                self.named.add(d.cands[0].country)
        self.top = max((sum(v.values()) for v in self.votes.values()), default=0.0)

    def of(self, name: str) -> set[str]:
        out = set(self.named)
        for c, by_name in self.votes.items():
            v = sum(w for n, w in by_name.items() if n != name)
            if v >= max(0.5, self.top / 2):
                out.add(c)
        return out


def _enough(d: _Draft, p: float, about: set[str]) -> bool:
    """Whether a name found by the gazetteer alone is a place, given the tagger's P(place)."""
    c0 = d.cands[0]
    if c0.kind == "country" or c0.country is None:
        return p >= P_SURE_NOT
    if any(c.country in about for c in d.cands):
        if any(c.geonameid is None or c.kind not in ("city", "village") for c in d.cands):
            return p >= P_SURE_NOT  # a handwritten place
        if any(c.population >= 10000 for c in d.cands):
            return p >= P_TOWN
        return p >= P_VILLAGE
    if not about:  # nothing else in the text says where it is
        return p >= P_ALONE
    if any(c.population >= MAJOR for c in d.cands):
        return p >= P_MAJOR
    return p >= P_OUTSIDE


# generic region names: places only in a country the text is about (data/words/places.tsv)
_GENERIC = words("places", "generic_regions")


def _drop_generic(drafts: list[_Draft], hint: str | None) -> list[_Draft]:
    """A generic region name ("المنطقه الجنوبيه", "المنطقه الوسطي", "الشرق الاوسط") is no place outside
    the countries the text is about (the hint, or one that at least half as many places vote for as
    the most voted): "the central region" of a text on Yemen is not Israel's Central District but a
    region of Yemen the gazetteer does not know, placed in the unit named next to it. A region of no
    country ("الشرق الاوسط") stays a place name, which :mod:`marsad.stages.places_select` never makes a site."""
    if not any(d.name_ar in _GENERIC for d in drafts):
        return drafts
    votes: Counter[str] = Counter()
    for d in drafts:
        ccs = _countries(d)
        if len(ccs) == 1 and d.name_ar not in _GENERIC:
            votes[next(iter(ccs))] += 1
    top = max(votes.values(), default=0)
    about = {c for c, v in votes.items() if 2 * v >= top} | ({hint} if hint else set())
    out = []
    for d in drafts:
        if d.name_ar in _GENERIC and not any(c.country in about for c in d.cands):
            if d.cands and not any(c.country for c in d.cands):
                out.append(d)  # "الشرق الاوسط": a region of no country (never a site: places_select)
                continue
            d.cands, d.known, d.gaz = [], False, False  # a region of the text's country, placed by _contain
            d.place_word = d.place_word or "منطقه"
        out.append(d)
    return out


def _countries(d: _Draft) -> set[str]:
    return {c.country for c in d.cands if c.country}
