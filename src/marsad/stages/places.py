"""Place recognition: gazetteer names, place words, lists and directions, ranked candidates.

:func:`find_places` works on normalized text (:func:`marsad.text.normalize.normalize`) and
returns :class:`~marsad.models.PlaceMention` objects whose offsets cover the name itself
(clitics excluded). Names come from two routes that do not depend on each other:

* the gazetteer, through one clitic-aware :class:`PhraseMatcher` over all its names (the longest
  match wins: "جسر الشغور" over "الشغور", "ريف دمشق" over "دمشق");
* place words ("مدينة", "قرية", "قرى", "حي", "أحياء", "مخيم" ...) and the lists that follow them
  ("قرى الناجية والكندة ويحمول"): a name no gazetteer holds is still a place, placed at the
  smallest known unit named next to it ("في إدلب", "بريف حماة") with precision 2 or 3.

Candidates are ranked by the text's country focus, admin units named in the text, the place
word (city, neighbourhood, governorate), population, and distance to the other places. A name the
gazetteer alone found is weighed by the place tagger first (:mod:`marsad.stages.place_evidence`).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from marsad.learn.tagger import PlaceTagger, default_tagger
from marsad.models import Place, PlaceMention
from marsad.resources.gazetteer import Gazetteer, default_gazetteer, find_names
from marsad.resources.gazetteer_build import km, stopwords
from marsad.resources.lexicon import demonym_country
from marsad.resources.matcher import Hit, _word_index, longest_hits
from marsad.resources.sources import outlet_name
from marsad.resources.wordlists import entries, words
from marsad.stages.place_evidence import _countries, _drop_generic, _weigh
from marsad.stages.place_words import (
    CAMP_WORDS,
    DIR_ADJ,
    DIRECTIONS,
    EPITHETS,
    FRONT_NOT_NAME,
    FRONTS,
    HEADS,
    LIST,
    NAMED_WITH,
    NOT_NAME,
    ORG_BEFORE,
    PERSON_BEFORE,
    PLACE_WORDS,
    SITE_BEFORE,
    STARTERS,
    STRONG,
    WEAK_LIST,
)

_TOKEN = re.compile(r"[\u0621-\u064aa-zA-Z0-9]+")
_CLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك", "")

_END = re.compile(r"[.!?؟\n]")


_PW = frozenset(PLACE_WORDS)
# proclitic + place word / direction -> (proclitic, word): the longest proclitic wins, place words
# before directions (a word that is both keeps its place-word reading)
_SPLIT: dict[str, tuple[str, str]] = {}
for _known in (DIRECTIONS, PLACE_WORDS, dict.fromkeys(WEAK_LIST)):
    for _n_len in (0, 1, 2):
        for _c in _CLITICS:
            if len(_c) == _n_len:
                for _k in _known:
                    _SPLIT[_c + _k] = (_c, _k)
_STRONG_FORMS = frozenset(w for w, (_, b) in _SPLIT.items() if b in STRONG or b in WEAK_LIST)
# a word character of the matcher's words ([^\W_]) that is not one of ours: tokenize on our own
_ODD = re.compile(r"[^\W_\u0621-\u064aa-zA-Z0-9]")


class _Toks:
    """The words of the text: parallel lists of start and end offsets and texts.

    ``shared``: the words are the matcher's (``[^\\W_]+``), which they are unless the text has a
    word character outside ours."""

    __slots__ = ("e", "n", "norm", "s", "shared", "t")

    def __init__(self, norm: str) -> None:
        self.norm = norm
        self.shared = _ODD.search(norm) is None
        if self.shared:
            self.s, self.e = _word_index(norm)  # the same words, shared with the other matchers
        else:
            spans = [m.span() for m in _TOKEN.finditer(norm)]
            self.s = [a for a, _ in spans]
            self.e = [b for _, b in spans]
        self.t = [norm[a:b] for a, b in zip(self.s, self.e, strict=True)]
        self.n = len(self.s)

    def w(self, i: int) -> str:
        return self.t[i]

    def at(self, pos: int) -> int:
        """Index of the first word that ends after ``pos``."""
        return bisect_right(self.e, pos)


def _split(word: str) -> tuple[str, str]:
    """(proclitic, place word or direction) of ``word``; ("", word) when it is neither."""
    return _SPLIT.get(word) or ("", word)


def _lookup_key(gaz: Gazetteer, hit: Hit[str]) -> str:
    if gaz.lookup(hit.payload):
        return hit.payload
    return "ال" + hit.payload


@dataclass
class _Draft:
    start: int
    end: int
    name_ar: str
    cands: list[Place]
    place_word: str | None = None
    direction: str | None = None
    known: bool = True
    fixed: bool = False  # the first candidate is the entry for the whole phrase: keep it first
    tok_end: int = 0  # index of the token after the mention
    in_name: bool = False  # inside a landmark's name: "سوق الرمادي"
    gaz: bool = False  # found by the gazetteer alone (no place word): the tagger weighs it
    dir_before: bool = False  # its direction is the word before it ("وسط X"): the tagger still weighs it
    listed: bool = False  # a member of a list after a place word, after its first ("قري X والقاهره")


def _gap_ok(norm: str, a: int, b: int) -> bool:
    """Only spaces (and at most a comma) between offsets a and b."""
    return b - a <= 3 and norm[a:b].strip(" ،,") == ""


_PREP_ARTICLE = ("لل", "بال", "كال")


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return stopwords()[0]


@lru_cache(maxsize=1)
def _no_start() -> frozenset[str]:
    """Words that never start a name after a place word."""
    return NOT_NAME | _common_words() | _PW | frozenset(DIRECTIONS) | frozenset(DIR_ADJ)


@lru_cache(maxsize=1)
def _no_second() -> frozenset[str]:
    return NOT_NAME | _common_words() | frozenset(DIR_ADJ)


def _read_name(w: str, end: int, toks: _Toks, j: int) -> int:
    """How many words (0, 1 or 2) make a name whose first word ``w`` ends at ``end``; ``j`` is the
    index of the word after it."""
    if w in _no_start() or w.isdigit() or not ("\u0621" <= w[0] <= "\u064a") or len(w) < 2:
        return 0
    if w.startswith(_PREP_ARTICLE):
        return 0  # "معسكر للقوات الخاصه": a preposition, not a name
    if j < toks.n and toks.s[j] == end + 1 and toks.norm[end] == " ":
        nxt = toks.w(j)
        if (
            nxt not in _no_second()
            and not nxt.isdigit()
            and (
                w in STARTERS
                or (
                    not w.startswith("ال")
                    and nxt.startswith("ال")
                    and not nxt.endswith(("يه", "ي"))
                    and len(nxt) > 3
                )
            )
        ):
            return 2
    return 1


def find_places(
    norm: str,
    *,
    country_hint: str | None = None,
    gazetteer: Gazetteer | None = None,
    tagger: PlaceTagger | None = None,
) -> list[PlaceMention]:
    """Every place mention in ``norm`` (normalized text), candidates ranked best first.

    ``tagger``: the place tagger that weighs names found by the gazetteer alone (default: the
    shipped one)."""
    gaz = gazetteer or default_gazetteer()
    toks = _Toks(norm)
    drafts: list[_Draft] = []
    covered: set[int] = set()  # token indexes inside gazetteer mentions
    hits = longest_hits(find_names(gaz, norm, toks.t if toks.shared else None))
    for h in hits:
        d = _from_hit(gaz, norm, toks, h)
        if d is not None:
            d.gaz = d.place_word is None and (d.direction is None or d.dir_before) and not d.fixed
            drafts.append(d)
            covered.update(range(toks.at(d.start), d.tok_end))
    drafts += _from_place_words(gaz, norm, toks, covered, drafts)
    drafts += _the_strip(norm, toks, drafts, gaz)
    drafts.sort(key=lambda d: d.start)
    drafts = _drop_demonyms(norm, toks, drafts)
    drafts = _weigh(norm, toks, drafts, hits, gaz, tagger or default_tagger(), country_hint)
    drafts = _drop_generic(drafts, country_hint)
    focus = country_hint or _focus(drafts)
    if focus:
        _localize(norm, toks, drafts, focus)
    _contain(norm, drafts, focus)
    return _rank(drafts, country_hint)


# words after which a country name is a place, not an adjective ("في سوريه", "الى السعوديه")
_PLACE_PREP = words("places", "place_prep")


def _focus(drafts: list[_Draft]) -> str | None:
    votes: Counter[str] = Counter()
    for d in drafts:
        ccs = _countries(d)
        if len(ccs) == 1:
            votes[next(iter(ccs))] += 1
    return votes.most_common(1)[0][0] if votes else None


def _drop_demonyms(norm: str, toks: _Toks, drafts: list[_Draft]) -> list[_Draft]:
    """Nationality adjectives are not places ("سوري" is not Surrey, "مدن اسرائيليه" names no town).

    A demonym form that is its country's own name ("سوريا", "السعوديه") is the country; the
    feminine form ("سوريه", "السعوديه") only where an adjective cannot stand: after a preposition,
    a direction or a place word, with ب ل ك attached, at the start of a clause, in a list of
    places, after a verb ("قالت سوريه"), or, with the article, after an indefinite word (idafa:
    "بقياده السعوديه"); not after a noun it agrees with ("قوات سوريه", "القوات السعوديه")."""
    out: list[_Draft] = []
    prev_end = -10
    for d in drafts:
        keep = True
        iso = demonym_country(d.name_ar) if " " not in d.name_ar else None
        if iso is not None:
            if not any(c.kind == "country" and c.country == iso for c in d.cands):
                keep = False
            elif d.name_ar.endswith("يه") and d.direction is None and d.place_word is None:
                keep = _place_position(norm, toks, d, prev_end)
        if keep:
            out.append(d)
            prev_end = d.end
    return out


def _place_position(norm: str, toks: _Toks, d: _Draft, prev_end: int) -> bool:
    ti = toks.at(d.start)
    clitics = norm[toks.s[ti] : d.start]
    if any(c in clitics for c in "بلك"):
        return True
    if ti == 0 or not _gap_ok(norm, toks.e[ti - 1], toks.s[ti]) or "،" in norm[toks.e[ti - 1] : toks.s[ti]]:
        return True  # the start of a clause
    if "و" in clitics or "ف" in clitics:
        return _gap_ok(norm, prev_end, toks.s[ti])  # a list of places
    prev = toks.t[ti - 1]
    base = prev[1:] if prev[:1] in ("و", "ف") and len(prev) > 2 else prev
    if prev in _PLACE_PREP or base in _PLACE_PREP or _split(prev)[1] in DIRECTIONS or _split(prev)[1] in _PW:
        return True
    if prev.endswith("ت") and not prev.endswith("ات"):
        return True  # a verb: "اتهمت سوريه"
    if d.name_ar.startswith("ال"):
        return not base.lstrip("بلك").startswith("ال")  # idafa, not agreement
    return False


def _localize(norm: str, toks: _Toks, drafts: list[_Draft], focus: str) -> None:
    """A place with no candidate in the focus country, said to lie in a place of that country
    ("همدان بمدينه الحزم", "X جنوبي مدينه Y"), is a local place unknown to the gazetteer."""
    for d, e in pairwise(drafts):
        if (
            not d.cands
            or d.fixed
            or not e.cands
            or e.place_word is None
            or PLACE_WORDS.get(e.place_word) not in ("city", "governorate", "district", "region")
            or any(c.country == focus or c.kind == "country" for c in d.cands)
            or not any(c.country == focus for c in e.cands)
        ):
            continue
        ti, te = d.tok_end, toks.at(e.start)
        between = [toks.t[k] for k in range(ti, te)]
        gap = norm[d.end : e.start]
        if len(between) > 3 or _END.search(gap) or "،" in gap:
            continue
        if all(w in ("في", "و") or _split(w)[1] in DIRECTIONS or _split(w)[1] in _PW for w in between):
            d.cands, d.known = [], False
            if d.place_word is None:
                d.place_word = "منطقه"


def _from_hit(gaz: Gazetteer, norm: str, toks: _Toks, h: Hit[str]) -> _Draft | None:
    key = _lookup_key(gaz, h)
    cands = gaz.lookup(key)
    if not cands or (h.word_start < h.start and norm[h.word_start : h.word_end] in _common_words()):
        return None  # "كبيرا" is not ك + "بيرا"
    ti = toks.at(h.start)
    te = toks.at(h.end - 1) + 1
    has_prev = ti > 0 and _gap_ok(norm, toks.e[ti - 1], h.word_start)
    prev_text = toks.w(ti - 1) if has_prev else ""
    prev_clitic, prev_base = _split(prev_text) if has_prev else ("", "")
    if has_prev and " " not in key and (prev_text in PERSON_BEFORE or prev_base in PERSON_BEFORE):
        return None
    if has_prev and h.word_start == h.start and (
        prev_text in ORG_BEFORE or (prev_text[:1] in _ORG_CLITICS and prev_text[1:] in ORG_BEFORE)
    ):
        return None  # "بصحيفه الشرق الاوسط": a newspaper
    if _quoted_outlet(norm, h.start, h.end):
        return None  # 'في حديث ل"الشرق الاوسط"': a newspaper, not the Middle East
    in_name = has_prev and (prev_text in SITE_BEFORE or prev_base in SITE_BEFORE) and h.word_start == h.start
    pw = prev_base if has_prev and prev_base in PLACE_WORDS else None
    if pw in FRONTS and key.split(" ")[0] in FRONT_NOT_NAME:
        return None  # "جبهه الشام": a political front
    words = key.split(" ")
    if pw is None and len(words) > 1 and words[0] in PLACE_WORDS:
        pw = words[0]
    if pw is None and gaz.is_ambiguous(key):
        return None
    d = _Draft(h.start, h.end, key, cands, place_word=pw, tok_end=te, in_name=in_name)
    if pw in NAMED_WITH:  # "معسكر الحمزه": the camp's name
        d.start = toks.s[ti - 1] + len(prev_clitic)
        d.name_ar = norm[d.start : h.end]
    # a registered name led by a place word ("محافظه ديالي", "قطاع غزه", "مخيم جنين") or closed by an
    # epithet ("مكه المكرمه"): the span is the name proper, the entry stays the best candidate
    if len(words) > 1 and words[0] in HEADS:
        cut = norm.index(" ", h.start) + 1
        d.start, d.name_ar, d.place_word = cut, norm[cut : h.end], words[0]
        d.cands = cands + [c for c in gaz.lookup(" ".join(words[1:])) if c not in cands]
        d.fixed = True
    elif len(words) > 1 and words[-1] in EPITHETS:
        d.end = norm.rindex(" ", h.start, h.end)
        d.name_ar = norm[d.start : d.end]
    # directions ("شمال غزه", "شرقي حلب", "تكريت شمال بغداد") qualify the name: the span stays the
    # name's own; a region registered under the whole phrase ("جنوب لبنان") becomes the best candidate
    lead = 0
    while lead < len(words) - 1 and words[lead] in DIRECTIONS:
        lead += 1
    if lead and pw is None:
        rest = " ".join(words[lead:])
        rest_cands = gaz.lookup(rest) or gaz.lookup("ال" + rest)
        if rest_cands:
            cut = h.start
            for _ in range(lead):
                cut = norm.index(" ", cut) + 1
            d.start, d.name_ar = cut, norm[cut : h.end]
            d.direction = " ".join(DIRECTIONS[w] for w in words[:lead])
            d.cands = cands + [c for c in rest_cands if c not in cands]
            d.fixed = True
    elif pw is None and has_prev and prev_base in DIRECTIONS and h.word_start == h.start:
        d.direction = DIRECTIONS[prev_base]
        d.dir_before = True
        if ti > 1:
            b2 = _split(toks.w(ti - 2))[1]
            if b2 in DIRECTIONS and _gap_ok(norm, toks.e[ti - 2], toks.s[ti - 1]):
                d.direction = DIRECTIONS[b2] + " " + d.direction  # "شمال شرق حلب"
        d.cands = [replace(c, precision=max(c.precision, 2)) for c in cands]
    elif has_prev and prev_base == "ريف" and pw == "ريف":
        d.start = toks.s[ti - 1] + len(prev_clitic)
        d.name_ar = norm[d.start : h.end]
    if te < toks.n and toks.s[te] == h.end + 1 and norm[h.end] == " ":
        nxt = toks.w(te)
        if nxt in DIR_ADJ and (pw == "ريف" or key.startswith("ريف") or cands[0].kind in _AREAL):
            d.direction = DIR_ADJ[nxt]
            d.end = toks.e[te]
            d.name_ar = norm[d.start : d.end]
            d.tok_end = te + 1
            d.cands = [replace(c, precision=max(c.precision, 2)) for c in cands]
    return d


_AREAL = frozenset({"region", "governorate"})
_ORG_CLITICS = frozenset("وبلف")


def _quoted_outlet(norm: str, start: int, end: int) -> bool:
    """The name, in quotes, is a newspaper's ('ل"الشرق الاوسط"', "«الحياه»")."""
    if norm[start - 1 : start] not in ('"', "«") or norm[end : end + 1] not in ('"', "»"):
        return False
    name = norm[start:end]
    return outlet_name(name) != name


def _from_place_words(
    gaz: Gazetteer, norm: str, toks: _Toks, covered: set[int], known: list[_Draft]
) -> list[_Draft]:
    """Names after place words ("قريه X", "جبهه X", "تبه X"), and every member of the list after a
    plural one ("قري X وY، وZ"), known to the gazetteer or not, up to the list's end: a word that is
    no name (a verb, a preposition), or punctuation other than "،". After a front word, a political
    front ("جبهه النصره") is no place; after a weak list word ("مناطق"), unknown members count only in
    a list of two or more that a known place closes ("مناطق X وY شرقي Z")."""
    out: list[_Draft] = []
    by_start: dict[int, _Draft] | None = None
    nxt_free = 0
    for i in [i for i, x in enumerate(toks.t) if x in _STRONG_FORMS]:
        t_base = _split(toks.t[i])[1]
        is_list = t_base in LIST or t_base in WEAK_LIST
        if i < nxt_free or i + 1 >= toks.n or (i + 1 in covered and not is_list):
            continue
        j = i + 1
        added = 0
        found_here: list[_Draft] = []
        countries: set[str] = set()  # of the list's members so far
        while j < toks.n and added < 12:
            d0 = None
            if j in covered:
                if by_start is None:
                    by_start = {toks.at(d.start): d for d in known}
                d0 = by_start.get(j)
            if d0 is not None and added and _foreign_clitic_reading(toks, j, d0, countries):
                known.remove(d0)  # "كنصفره والباره وبليون": no Lyon in a list of Syrian towns
                covered.discard(j)
                d0 = None
            if j in covered:  # a gazetteer name in the list: keep going after it
                k = d0.tok_end if d0 is not None and d0.tok_end > j else j + 1
                if d0 is not None and d0.place_word is None and is_list:
                    d0.place_word = t_base
                if d0 is not None and added:
                    d0.listed = True
                if d0 is not None and d0.cands and d0.cands[0].country:
                    countries.add(d0.cands[0].country)
                added += 1
                j = k
            else:
                tj = toks.w(j)
                if tj in _no_start():
                    break  # "مناطق متفرقه وسط القطاع": "وسط" is a word of its own, not و + a name
                if added and tj.startswith("و") and len(tj) > 2:
                    # "والكنده": read the name without the conjunction
                    first_start = toks.s[j] + 1
                    k = j + _read_name(tj[1:], toks.e[j], toks, j + 1)
                else:
                    first_start = toks.s[j]
                    k = j + _read_name(tj, toks.e[j], toks, j + 1)
                if k == j or (t_base in FRONTS and norm[first_start : toks.e[j]] in FRONT_NOT_NAME):
                    break
                if not added and is_list and _agreeing_adjective(toks.t[i], tj):
                    break
                if t_base in NAMED_WITH and not added:
                    first_start = toks.s[i] + len(_split(toks.t[i])[0])  # "تبه X": the hill's name
                name = norm[first_start : toks.e[k - 1]]
                # "مخيمات الشاطئ والنصيرات": a camp is registered as "مخيم X"
                found = (gaz.lookup("مخيم " + name) if t_base in CAMP_WORDS else ()) or gaz.lookup(name)
                found_here.append(
                    _Draft(
                        first_start,
                        toks.e[k - 1],
                        name,
                        list(found),
                        t_base,
                        known=bool(found),
                        tok_end=k,
                        listed=added > 0,
                    )
                )
                added += 1
                j = k
            if not is_list or j >= toks.n:
                break
            gap = norm[toks.e[j - 1] : toks.s[j]]
            if gap == " " and norm[toks.s[j]] == "و" and toks.e[j] - toks.s[j] > 2:
                continue
            if gap.strip() in ("،", ",") and not _END.search(gap):
                continue
            break
        if t_base not in WEAK_LIST or (added > 1 and _placed_after(norm, toks, covered, j)):
            out += found_here
        nxt_free = max(j, i + 1)
    return out


def _foreign_clitic_reading(toks: _Toks, j: int, d: _Draft, countries: set[str]) -> bool:
    """A list member read by stripping more than its "و" ("وبليون" as و + ب + "ليون") to a place in
    none of the countries of the members before it: the letter belongs to a name the gazetteer
    does not know."""
    if not countries or d.start <= toks.s[j] + 1:
        return False
    return not any(c.country in countries for c in d.cands)


def _agreeing_adjective(place_word: str, w: str) -> bool:
    """An indefinite plural of things takes a feminine singular adjective, and a name does not
    look like one: "بلدات شيعيه", "قري كرديه", "مدن ساحليه" describe the towns, they name none;
    nor do participles, "م..ه" ("بلدات محاصره", "قري مجاوره", "احياء مدمره"). Only a word the
    gazetteer does not know comes here ("مدن مصراته وسرت" keeps Misrata)."""
    definite = place_word.startswith(("ال", "وال", "بال")) or w.startswith("ال")
    return not definite and len(w) >= 5 and (w.endswith("يه") or (w.startswith("م") and w.endswith("ه")))


def _placed_after(norm: str, toks: _Toks, covered: set[int], j: int) -> bool:
    """A known place closes the list that ends before word ``j``: right after it, or after a few
    prepositions, place words or directions ("شرقي الرمادي", "في محافظه X"), in the same sentence."""
    k = j
    while k < min(toks.n, j + 3) and k not in covered:
        b = _split(toks.t[k])[1]
        if toks.t[k] != "في" and b not in DIRECTIONS and b not in _PW:
            return False
        k += 1
    return k in covered and not _END.search(norm[toks.e[j - 1] : toks.s[k]])


#: "القطاع" alone, where the text names Gaza, and the name a record gives it (as analysts write it)
THE_STRIP, THE_STRIP_NAME = "القطاع", "قطاع غزة"

# "القطاع الخاص": a sector, not the Gaza Strip (the words: data/words/places.tsv)
_NOT_THE_STRIP = tuple(" " + w for w in entries("places", "not_the_strip"))


def _the_strip(norm: str, toks: _Toks, drafts: list[_Draft], gaz: Gazetteer) -> list[_Draft]:
    """ "القطاع" is the Gaza Strip when the text names Gaza."""
    if not any(d.cands and d.cands[0].admin1 == "Gaza Strip" for d in drafts):
        return []
    strip = gaz.lookup("قطاع غزه")
    if not strip:
        return []
    taken = {d.start for d in drafts}
    out = []
    for i in range(toks.n):
        text = toks.w(i)
        c, b = text[:-6], text[-6:]
        end = toks.e[i]
        if b == THE_STRIP and c in ("", "و", "ف", "ب", "ل", "وب", "فب") and end - 6 not in taken:
            nxt = norm[end : end + 8]
            if nxt.startswith(_NOT_THE_STRIP):
                continue
            out.append(_Draft(end - 6, end, THE_STRIP, list(strip), tok_end=0))
    return out


_SMALL = frozenset({"neighbourhood", "landmark", "village"})


def _contain(norm: str, drafts: list[_Draft], focus: str | None = None) -> None:
    """Names unknown to the gazetteer take the smallest known unit named next to them (its
    candidate in the focus country when it has one)."""
    for i, d in enumerate(drafts):
        if d.cands:
            continue
        box: _Draft | None = None
        for e in drafts[i + 1 :]:
            if e.start - d.end > 120 or _END.search(norm[d.end : e.start]):
                break
            if e.cands and e.cands[0].kind not in _SMALL:
                box = e
                break
        if box is None:
            for e in reversed(drafts[:i]):
                if d.start - e.end > 120 or _END.search(norm[e.end : d.start]):
                    break
                if e.cands and e.cands[0].kind not in _SMALL:
                    box = e
                    break
        if box is None:
            continue
        c = next((x for x in box.cands if x.country == focus), box.cands[0]) if focus else box.cands[0]
        kind = PLACE_WORDS.get(d.place_word or "") or "village"
        if kind in ("region", "governorate", "district", "landmark"):
            kind = "village" if kind != "landmark" else kind
        d.cands = [
            replace(
                c,
                kind=kind,
                precision=max(2, c.precision),
                geonameid=None,
                parent=c.name if kind == "neighbourhood" else c.parent,
            )
        ]


def country_focus(mentions: list[PlaceMention]) -> str | None:
    """The country most of the unambiguous places in the text belong to."""
    votes: Counter[str] = Counter()
    for m in mentions:
        ccs = {c.country for c in m.candidates if c.country}
        if len(ccs) == 1:
            votes[next(iter(ccs))] += 1
    return votes.most_common(1)[0][0] if votes else None


@lru_cache(maxsize=1 << 16)
def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return km(a[0], a[1], b[0], b[1])


_KIND_BONUS = {
    "city": {"city": 4.0, "village": 2.0},
    "village": {"village": 2.0, "city": 1.0},
    "neighbourhood": {"neighbourhood": 4.0},
    "governorate": {"governorate": 4.0},
    "district": {"district": 3.0, "governorate": 1.0},
    "region": {"region": 2.0},
}


def _rank(drafts: list[_Draft], hint: str | None) -> list[PlaceMention]:
    votes: Counter[str] = Counter()
    admins: set[str] = set()
    points: list[tuple[float, float]] = []
    for d in drafts:
        ccs = _countries(d)
        if len(ccs) == 1:
            votes[next(iter(ccs))] += 1
            admins.update(c.admin1 for c in d.cands if c.admin1 and c.kind != "country")
            if len(d.cands) == 1 and d.cands[0].lat is not None and d.cands[0].kind != "country":
                points.append((d.cands[0].lat, d.cands[0].lon or 0.0))
    focus = hint or (votes.most_common(1)[0][0] if votes else None)
    uniq = tuple(dict.fromkeys(points))  # the same place named twice is one point
    near: dict[tuple[float, float], float] = {}  # a candidate's distance penalty, once per text
    out = []
    for d in drafts:
        cands = d.cands
        # a phrase registered abroad ("مدينه زنجبار": Zanzibar City) yields to a namesake in the
        # text's country ("مدينه زنجبار عاصمه محافظه ابين": Zinjibar, Yemen)
        abroad = bool(focus and cands) and cands[0].country != focus and any(c.country == focus for c in cands)
        if len(cands) > 1 and (not d.fixed or abroad):
            want = PLACE_WORDS.get(d.place_word or "")
            bonus = _KIND_BONUS.get(want or "", {})

            def score(ic: tuple[int, Place], bonus: dict[str, float] = bonus) -> float:
                i, c = ic
                s = 3.0 / (1 + i) + min(math.log10(c.population + 1), 7.0) * 0.6
                s += 6.0 if focus and c.country == focus else 0.0
                s += 2.0 if c.admin1 and c.admin1 in admins and c.kind != "country" else 0.0
                s += 12.0 if c.kind == "country" else 0.0
                # the focus country (or an admin unit named in the text) wins over a bigger namesake
                # abroad; a country name stays the country
                if (focus and c.country == focus) or (c.admin1 and c.admin1 in admins):
                    s += 20.0
                s += 20.0 if c.kind == "country" else 0.0
                s += bonus.get(c.kind, 0.0)
                if uniq and c.lat is not None and c.lon is not None:
                    here = (c.lat, c.lon)
                    pen = near.get(here)
                    if pen is None:
                        pen = near[here] = min(min(_km(here, p) for p in uniq) / 150.0, 3.0)
                    s -= pen
                return s

            cands = [c for _, c in sorted(enumerate(cands), key=lambda ic: -score(ic))]
        out.append(
            PlaceMention(
                d.start,
                d.end,
                d.name_ar,
                tuple(cands),
                place_word=d.place_word,
                is_region=bool(cands) and cands[0].kind in ("region", "governorate", "district", "country"),
                direction=d.direction,
                in_name=d.in_name,
            )
        )
    return out
