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
word (city, neighbourhood, governorate), population, and distance to the other places.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from marsad.models import Place, PlaceMention
from marsad.resources.gazetteer import Gazetteer, default_gazetteer
from marsad.resources.gazetteer_build import km, stopwords
from marsad.resources.matcher import Hit, PhraseMatcher, longest_hits
from marsad.text.normalize import normalize

_TOKEN = re.compile(r"[\u0621-\u064aa-zA-Z0-9]+")
_CLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك", "")

# place word -> the kind it announces (None: any)
PLACE_WORDS: dict[str, str | None] = {
    "مدينه": "city",
    "مدينتي": "city",
    "مدن": "city",
    "بلده": "city",
    "بلدتي": "city",
    "بلدات": "city",
    "قريه": "village",
    "قريتي": "village",
    "قرى": "village",
    "حي": "neighbourhood",
    "حيي": "neighbourhood",
    "احياء": "neighbourhood",
    "مخيم": "neighbourhood",
    "مخيمي": "neighbourhood",
    "مخيمات": "neighbourhood",
    "ريف": "region",
    "محافظه": "governorate",
    "محافظتي": "governorate",
    "منطقه": None,
    "مناطق": None,
    "ناحيه": "district",
    "قضاء": "district",
    "مديريه": "district",
    "سوق": "landmark",
    "طريق": "landmark",
    "شارع": "landmark",
    "ساحه": "landmark",
    "مستشفى": "landmark",
    "مسجد": "landmark",
    "معبر": "landmark",
    "مطار": "landmark",
    "ولايه": "governorate",
    "اقليم": "region",
    "عاصمه": "city",
}
# place words after which a name unknown to the gazetteer is still taken as a place
_STRONG = frozenset(
    """
مدينه مدينتي مدن بلده بلدتي بلدات قريه قريتي قرى حي حيي احياء مخيم مخيمي مخيمات ناحيه قضاء
مديريه منطقه
""".split()
)
# place words that open a list of several places
_LIST = frozenset(
    """
مدينتي مدن بلدتي بلدات قريتي قرى حيي احياء مخيمي مخيمات مناطق محافظتي
""".split()
)
DIRECTIONS: dict[str, str] = {
    "شمال": "شمال",
    "شمالي": "شمال",
    "جنوب": "جنوب",
    "جنوبي": "جنوب",
    "شرق": "شرق",
    "شرقي": "شرق",
    "غرب": "غرب",
    "غربي": "غرب",
    "وسط": "وسط",
    "اطراف": "اطراف",
    "محيط": "محيط",
    "ضواحي": "ضواحي",
}
_DIR_ADJ: dict[str, str] = {
    "الشمالي": "شمال",
    "الشماليه": "شمال",
    "الجنوبي": "جنوب",
    "الجنوبيه": "جنوب",
    "الشرقي": "شرق",
    "الشرقيه": "شرق",
    "الغربي": "غرب",
    "الغربيه": "غرب",
    "الاوسط": "وسط",
    "الوسطى": "وسط",
}
# words that start a two-word name ("دير الزور", "تل حمكي", "معره النعمان")
_STARTERS = frozenset(
    """
دير كفر تل عين بيت خان جسر بئر بير ابو ام بني راس جبل وادي باب سيدي قصر مرج برج معره ذي بن
الشيخ شيخ قلعه حمام نهر سد عرب حوش جب بنت سوق بستان مساكن ساحه حاره مزرعه عزبه كوم منشيه
عيون ابي
""".split()
)
# words that are never (the first word of) a name after a place word
_NOT_NAME = frozenset(
    """
في من على الى عن مع بعد قبل حيث كما التي الذي الذين واحده اخرى اخر كل بعض عده جميع هذه هذا تلك ذلك
نفسها نفسه الواقعه الواقع المحاذيه المجاوره المحتله الحدوديه القريبه التابعه التابع الكبرى القديمه
الجديده المحيطه الصناعيه السكنيه العسكريه المنكوبه المحاصره المحرره الخاضعه الشرقيه الغربيه الشماليه
الجنوبيه الوسطى عسكريه سكنيه حدوديه زراعيه صناعيه امنه ذات او ثم لا لم لن قد ما ان انه انها عند خلال
منذ حتى بين ضد دون لدى نحو اليوم امس المذكوره المستهدفه المذكور وسط شمال جنوب شرق غرب قرب بالقرب
""".split()
)
_PERSON_BEFORE = frozenset({"ابو", "ابن", "بن", "بنت", "ام", "عبد", "ال", "ابي", "اخو", "السيد"})
_ORG_BEFORE = frozenset(
    """
جامعه بنك شركه نادي منتخب مجلس وكاله اذاعه تلفزيون صحيفه جريده فندق مطار ميناء بلديه
مستشفى مسجد كنيسه سفاره قناه مؤسسه مركز معهد اكاديميه مهرجان سوق بورصه
""".split()
)
_END = re.compile(r"[.!?؟\n]")
# head nouns kept out of a registered name's span (the place word of the mention)
_HEADS = frozenset(
    """
محافظه قضاء مخيم معسكر قطاع مدينه منطقه اقليم ولايه ناحيه مديريه بلديه لواء حي
""".split()
)
_EPITHETS = frozenset({"المكرمه", "المنوره", "المحتله", "المحتل"})


def _n(words: frozenset[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


PLACE_WORDS = {normalize(k): v for k, v in PLACE_WORDS.items()}
_STRONG, _LIST, _STARTERS, _NOT_NAME = _n(_STRONG), _n(_LIST), _n(_STARTERS), _n(_NOT_NAME)
_PERSON_BEFORE, _ORG_BEFORE = _n(_PERSON_BEFORE), _n(_ORG_BEFORE)
DIRECTIONS = {normalize(k): v for k, v in DIRECTIONS.items()}
_DIR_ADJ = {normalize(k): v for k, v in _DIR_ADJ.items()}


@dataclass
class _Tok:
    start: int
    end: int
    text: str
    clitic: str  # the proclitic string before the word ("" when none)
    base: str  # the word without it


_CLITIC_SET = frozenset(_CLITICS)


def _strip(word: str, known: frozenset[str] | dict[str, str | None] | dict[str, str]) -> tuple[str, str]:
    # longest proclitic first (the order of _CLITICS), by slicing rather than trying each one
    for n in (2, 1, 0):
        if word[:n] in _CLITIC_SET and len(word) >= n and word[n:] in known:
            return word[:n], word[n:]
    return "", word


_PW = frozenset(PLACE_WORDS)
_DIRS = frozenset(DIRECTIONS)


def _tokens(norm: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(norm):
        w = m.group()
        c, b = _strip(w, _PW)
        if not c and b not in _PW:
            c, b = _strip(w, _DIRS)
        out.append(_Tok(m.start(), m.end(), w, c, b))
    return out


_MATCHERS: dict[int, tuple[Gazetteer, PhraseMatcher[str]]] = {}


def _matcher(gaz: Gazetteer) -> PhraseMatcher[str]:
    """One matcher per gazetteer object, built on first use."""
    got = _MATCHERS.get(id(gaz))
    if got is not None and got[0] is gaz:
        return got[1]
    m: PhraseMatcher[str] = PhraseMatcher()
    for n in gaz.names():
        m.add(n, n, normalized=True)
    m.build()
    if len(_MATCHERS) > 4:
        _MATCHERS.clear()
    _MATCHERS[id(gaz)] = (gaz, m)
    return m


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


def _tok_at(toks: list[_Tok], pos: int) -> int:
    lo, hi = 0, len(toks)
    while lo < hi:
        mid = (lo + hi) // 2
        if toks[mid].end <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _gap_ok(norm: str, a: int, b: int) -> bool:
    """Only spaces (and at most a comma) between offsets a and b."""
    gap = norm[a:b]
    return len(gap) <= 3 and gap.strip(" ،,") == ""


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return stopwords()[0]


def _read_name(toks: list[_Tok], i: int, norm: str) -> int:
    """Tokens [i, j) that make a name starting at token i (0 tokens when there is none)."""
    if i >= len(toks):
        return i
    t = toks[i]
    w = t.text
    if (
        w in _NOT_NAME
        or w in _common_words()
        or w in _PW
        or w in DIRECTIONS
        or w.isdigit()
        or not ("\u0621" <= w[0] <= "\u064a")
        or len(w) < 2
        or w in _DIR_ADJ
    ):
        return i
    j = i + 1
    if j < len(toks) and _gap_ok(norm, t.end, toks[j].start) and norm[t.end : toks[j].start] == " ":
        nxt = toks[j].text
        if (
            nxt not in _NOT_NAME
            and nxt not in _DIR_ADJ
            and nxt not in _common_words()
            and not nxt.isdigit()
            and (
                w in _STARTERS
                or (
                    not w.startswith("ال")
                    and nxt.startswith("ال")
                    and not nxt.endswith(("يه", "ي"))
                    and len(nxt) > 3
                )
            )
        ):
            j += 1
    return j


def find_places(
    norm: str, *, country_hint: str | None = None, gazetteer: Gazetteer | None = None
) -> list[PlaceMention]:
    """Every place mention in ``norm`` (normalized text), candidates ranked best first."""
    gaz = gazetteer or default_gazetteer()
    toks = _tokens(norm)
    drafts: list[_Draft] = []
    covered: set[int] = set()  # token indexes inside gazetteer mentions
    for h in longest_hits(_matcher(gaz).find(norm)):
        d = _from_hit(gaz, norm, toks, h)
        if d is not None:
            drafts.append(d)
            covered.update(range(_tok_at(toks, d.start), d.tok_end))
    drafts += _from_place_words(gaz, norm, toks, covered, drafts)
    drafts += _the_strip(norm, toks, drafts, gaz)
    drafts.sort(key=lambda d: d.start)
    _contain(norm, drafts)
    return _rank(drafts, country_hint)


def _from_hit(gaz: Gazetteer, norm: str, toks: list[_Tok], h: Hit[str]) -> _Draft | None:
    key = _lookup_key(gaz, h)
    cands = gaz.lookup(key)
    if not cands or (h.word_start < h.start and norm[h.word_start : h.word_end] in _common_words()):
        return None  # "كبيرا" is not ك + "بيرا"
    ti = _tok_at(toks, h.start)
    te = _tok_at(toks, h.end - 1) + 1
    prev = toks[ti - 1] if ti > 0 and _gap_ok(norm, toks[ti - 1].end, h.word_start) else None
    prev_base = prev.base if prev else ""
    if prev and " " not in key and (prev.text in _PERSON_BEFORE or prev_base in _PERSON_BEFORE):
        return None
    if prev and prev.text in _ORG_BEFORE and h.word_start == h.start:
        return None
    pw = prev_base if prev and prev_base in PLACE_WORDS else None
    first = key.split(" ")[0]
    if pw is None and first in PLACE_WORDS and " " in key:
        pw = first
    if gaz.is_ambiguous(key) and pw is None:
        return None
    d = _Draft(h.start, h.end, key, cands, place_word=pw, tok_end=te)
    # a registered name led by a place word ("محافظه ديالي", "قطاع غزه", "مخيم جنين") or closed by an
    # epithet ("مكه المكرمه"): the span is the name proper, the entry stays the best candidate
    words = key.split(" ")
    if len(words) > 1 and words[0] in _HEADS:
        cut = norm.index(" ", h.start) + 1
        d.start, d.name_ar, d.place_word = cut, norm[cut : h.end], words[0]
        d.cands = cands + [c for c in gaz.lookup(" ".join(words[1:])) if c not in cands]
        d.fixed = True
    elif len(words) > 1 and words[-1] in _EPITHETS:
        d.end = norm.rindex(" ", h.start, h.end)
        d.name_ar = norm[d.start : d.end]
    # directions ("شمال غزه", "شرقي حلب", "تكريت شمال بغداد") qualify the name: the span stays the
    # name's own; a region registered under the whole phrase ("جنوب لبنان") becomes the best candidate
    words = key.split(" ")
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
    elif pw is None and prev and prev_base in DIRECTIONS and h.word_start == h.start:
        d.direction = DIRECTIONS[prev_base]
        if ti > 1 and toks[ti - 2].base in DIRECTIONS and _gap_ok(norm, toks[ti - 2].end, prev.start):
            d.direction = DIRECTIONS[toks[ti - 2].base] + " " + d.direction  # "شمال شرق حلب"
        d.cands = [replace(c, precision=max(c.precision, 2)) for c in cands]
    elif prev and prev_base == "ريف" and pw == "ريف":
        d.start = prev.start + len(prev.clitic) if prev else d.start
        d.name_ar = norm[d.start : h.end]
    if (
        te < len(toks)
        and toks[te].text in _DIR_ADJ
        and norm[h.end : toks[te].start] == " "
        and (pw == "ريف" or key.startswith("ريف") or cands[0].kind in ("region", "governorate"))
    ):
        d.direction = _DIR_ADJ[toks[te].text]
        d.end = toks[te].end
        d.name_ar = norm[d.start : d.end]
        d.tok_end = te + 1
        d.cands = [replace(c, precision=max(c.precision, 2)) for c in cands]
    return d


def _from_place_words(
    gaz: Gazetteer, norm: str, toks: list[_Tok], covered: set[int], known: list[_Draft]
) -> list[_Draft]:
    out: list[_Draft] = []
    by_start = {_tok_at(toks, d.start): d for d in known}
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.base not in _STRONG or i + 1 >= len(toks) or i + 1 in covered:
            i += 1
            continue
        is_list = t.base in _LIST
        j = i + 1
        added = 0
        while j < len(toks) and added < 12:
            if j in covered:  # a gazetteer name in the list: keep going after it
                d0 = by_start.get(j)
                k = d0.tok_end if d0 is not None and d0.tok_end > j else j + 1
                if d0 is not None and d0.place_word is None and is_list:
                    d0.place_word = t.base
                added += 1
                j = k
            else:
                tj = toks[j]
                if added and tj.text.startswith("و") and len(tj.text) > 2:
                    # "والكنده": read the name without the conjunction
                    shifted = _Tok(tj.start + 1, tj.end, tj.text[1:], "", tj.text[1:])
                    k = _read_name([shifted, *toks[j + 1 :]], 0, norm) + j
                    first_start = tj.start + 1
                    base = [shifted, *toks[j + 1 : k]]
                else:
                    k = _read_name(toks, j, norm)
                    first_start = tj.start
                    base = toks[j:k]
                if k == j:
                    break
                name = norm[first_start : base[-1].end]
                found = gaz.lookup(name)
                out.append(
                    _Draft(first_start, base[-1].end, name, list(found), t.base, known=bool(found), tok_end=k)
                )
                added += 1
                j = k
            if not is_list or j >= len(toks):
                break
            nxt = toks[j]
            gap = norm[toks[j - 1].end : nxt.start]
            if gap == " " and nxt.text.startswith("و") and len(nxt.text) > 2:
                continue
            if gap.strip() in ("،", ",") and not _END.search(gap):
                continue
            break
        i = max(j, i + 1)
    return out


def _the_strip(norm: str, toks: list[_Tok], drafts: list[_Draft], gaz: Gazetteer) -> list[_Draft]:
    """ "القطاع" is the Gaza Strip when the text names Gaza."""
    if not any(d.cands and d.cands[0].admin1 == "Gaza Strip" for d in drafts):
        return []
    strip = gaz.lookup("قطاع غزه")
    if not strip:
        return []
    taken = {d.start for d in drafts}
    out = []
    for t in toks:
        c, b = t.text[:-6], t.text[-6:]
        if b == "القطاع" and c in ("", "و", "ف", "ب", "ل", "وب", "فب") and t.end - 6 not in taken:
            nxt = norm[t.end : t.end + 8]
            if nxt.startswith((" الخاص", " العام", " الصحي", " الزراعي", " التعليمي")):
                continue
            out.append(_Draft(t.end - 6, t.end, "القطاع", list(strip), tok_end=0))
    return out


_SMALL = frozenset({"neighbourhood", "landmark", "village"})


def _contain(norm: str, drafts: list[_Draft]) -> None:
    """Names unknown to the gazetteer take the smallest known unit named next to them."""
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
        c = box.cands[0]
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


def _countries(d: _Draft) -> set[str]:
    return {c.country for c in d.cands if c.country}


def country_focus(mentions: list[PlaceMention]) -> str | None:
    """The country most of the unambiguous places in the text belong to."""
    votes: Counter[str] = Counter()
    for m in mentions:
        ccs = {c.country for c in m.candidates if c.country}
        if len(ccs) == 1:
            votes[next(iter(ccs))] += 1
    return votes.most_common(1)[0][0] if votes else None


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
    out = []
    for d in drafts:
        cands = d.cands
        if len(cands) > 1 and not d.fixed:
            want = PLACE_WORDS.get(d.place_word or "")
            bonus = _KIND_BONUS.get(want or "", {})

            def score(ic: tuple[int, Place], bonus: dict[str, float] = bonus) -> float:
                i, c = ic
                s = 3.0 / (1 + i) + min(math.log10(c.population + 1), 7.0) * 0.6
                s += 6.0 if focus and c.country == focus else 0.0
                s += 2.0 if c.admin1 and c.admin1 in admins and c.kind != "country" else 0.0
                s += 12.0 if c.kind == "country" else 0.0
                s += bonus.get(c.kind, 0.0)
                if points and c.lat is not None and c.lon is not None:
                    lat, lon = c.lat, c.lon
                    s -= min(min(km(lat, lon, p[0], p[1]) for p in points) / 150.0, 3.0)
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
            )
        )
    return out
