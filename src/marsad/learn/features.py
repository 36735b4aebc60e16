"""What an analyst reads to judge a candidate event, as numbers: one function, candidate → features.

:func:`candidate_features` describes one merged draft of an article with named, bounded values:
the trigger and its form, the statement it sits in (quotes, speech, background and future words,
modals, negation), how far its date is from publication, the place's kind, precision and fit
with the article's countries, the actors found and whether they were inferred, its tolls, its
position in the article, its agreement with the headline, and whether the article tells a
similar event elsewhere (repeats and summaries). The cue words live in ``data/decider_cues.tsv``.

:func:`article_features` computes them for every draft of a ``Doc`` in one pass; the decider
(:mod:`marsad.learn.decider`) weighs them. Training code (``scripts/train_decider.py``) calls the
same functions, so what is learned is what runs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from marsad.models import Doc
from marsad.stages.events import Draft
from marsad.stages.place_words import GEO_HEADS
from marsad.stages.spans import within

EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
               "Strategic developments")
CUES = ("background", "total", "future", "modal", "negation", "speech", "opinion", "diplomacy", "now")
_PLACE_KINDS = ("country", "region", "governorate", "district", "city", "village", "neighbourhood", "landmark")


@lru_cache(maxsize=1)
def cue_patterns() -> tuple[re.Pattern[str], dict[str, str]]:
    """The phrases of ``data/decider_cues.tsv`` as one regex of whole words (و/ف allowed before),
    longest first, and the cue of each phrase (spaces collapsed). A phrase belongs to one cue."""
    owner: dict[str, str] = {}
    text = resources.files("marsad.data").joinpath("decider_cues.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cue, phrase = line.split("\t")
        owner[" ".join(phrase.split())] = cue
    alternatives = (re.escape(p).replace(r"\ ", r"\s+") for p in sorted(owner, key=len, reverse=True))
    return re.compile(r"(?<!\w)[وف]?(" + "|".join(alternatives) + r")(?!\w)"), owner


def cue_counts(text: str) -> dict[str, int]:
    """How many words of each cue a (normalized) text holds (one pass over the text)."""
    pattern, owner = cue_patterns()
    out = dict.fromkeys(CUES, 0)
    for m in pattern.finditer(text):
        out[owner[" ".join(m.group(1).split())]] += 1
    return out


def _geo_head(name: str) -> bool:
    """The (normalized) name of two words or more begins with a region noun of
    ``data/words/place_words.tsv`` (``geo_head``)."""
    first = name.split(" ", 1)[0]
    return " " in name and (first[2:] if first.startswith("ال") else first) in GEO_HEADS


def _log(x: float) -> float:
    return math.log1p(max(0.0, x))


def _capped(count: int, cap: int) -> float:
    """A count's log, no larger than the largest the annotated articles show: a book-length text
    must not push the model beyond what it has seen."""
    return _log(min(count, cap))


class ArticleView:
    """What every candidate of one article shares: sentence cues, place counts, headline facts."""

    def __init__(self, doc: Doc, drafts: Sequence[Draft]) -> None:
        self.doc = doc
        self.drafts = drafts
        self.n_sents = max(1, len(doc.sentences))
        self._sentence_cues: dict[int, dict[str, int]] = {}
        self._clause_cues: dict[tuple[int, int], dict[str, int]] = {}
        countries: Counter[str] = Counter()
        names: Counter[str] = Counter()
        for m in doc.places:
            names[m.name_ar] += 1
            if m.candidates and m.candidates[0].country:
                countries[m.candidates[0].country] += 1
        self.countries = countries
        self.n_places = max(1, sum(countries.values()))
        self.names = names
        title = doc.norm[:doc.title_end] if doc.title_end else ""
        first = doc.sentences[0] if doc.sentences else None
        headline = title or (doc.norm[first.start:first.end] if first is not None else "")
        self.headline = headline
        hl_end = doc.title_end or (first.end if first is not None else 0)
        self.headline_types = {t.event_type for t in doc.triggers if t.start < hl_end}
        self.type_counts = Counter(d.event_type for d in drafts)
        self.sentence_counts = Counter(d.sentence.index for d in drafts)
        self._repeats: list[tuple[float, float, float, float]] | None = None

    def repeats(self, i: int) -> tuple[float, float, float, float]:
        """(repeat_same_country, repeat_same_place, repeat_same_place_type, finer_elsewhere) of the
        ``i``-th draft, for all drafts in one pass over sets of what came before (comparing each
        draft with every other made a long article's cost grow with the square of its length)."""
        if self._repeats is None:
            self._repeats = _repeat_features(self.drafts)
        return self._repeats[i]

    def sentence_places(self, d: Draft) -> int:
        """How many place mentions the candidate's sentence holds."""
        return len(within(self.doc.places, d.sentence.start, d.sentence.end, index=self.doc.index))

    def sentence_cues(self, d: Draft) -> dict[str, int]:
        got = self._sentence_cues.get(d.sentence.index)
        if got is None:
            got = cue_counts(self.doc.norm[d.sentence.start:d.sentence.end])
            self._sentence_cues[d.sentence.index] = got
        return got

    def clause_cues(self, d: Draft) -> dict[str, int]:
        """:func:`cue_counts` of the candidate's clause, read once for the candidates it holds."""
        got = self._clause_cues.get(d.clause)
        if got is None:
            cs, ce = d.clause
            got = cue_counts(self.doc.norm[cs:ce])
            self._clause_cues[d.clause] = got
        return got


def candidate_features(view: ArticleView, i: int) -> dict[str, float]:
    """The features of the ``i``-th draft of the article ``view`` describes."""
    doc, d = view.doc, view.drafts[i]
    f: dict[str, float] = {}
    for t in EVENT_TYPES:
        f[f"type={t}"] = float(d.event_type == t)
    trig = d.trigger
    form = trig.form if trig is not None else "none"
    for x in ("verb", "passive", "noun", "none"):
        f[f"trigger={x}"] = float(form == x)
    f["trigger_weight"] = trig.weight if trig is not None else 0.0
    # where in the article
    f["is_title"] = float(d.sentence.is_title)
    f["sentence_pos"] = d.sentence.index / view.n_sents
    f["lead"] = float(d.sentence.index <= 2)
    f["article_sentences"] = _capped(view.n_sents, 80)
    cs, ce = d.clause
    clause = doc.norm[cs:ce]
    f["clause_words"] = _log(clause.count(" ") + 1)
    f["sentence_words"] = _log(doc.norm.count(" ", d.sentence.start, d.sentence.end) + 1)
    # the statement it sits in
    sent_cues = view.sentence_cues(d)
    clause_cues = view.clause_cues(d)
    for cue in CUES:
        f[f"sentence_{cue}"] = float(min(sent_cues.get(cue, 0), 3))
        f[f"clause_{cue}"] = float(min(clause_cues.get(cue, 0), 3))
    sent_text = doc.norm[d.sentence.start:d.sentence.end]
    f["quoted"] = float('"' in sent_text or "«" in sent_text)
    f["question"] = float("؟" in sent_text or "?" in sent_text)
    # the date
    pub = doc.article.published
    day = d.date.date if d.date is not None else None
    gap = (pub - day).days if pub is not None and day is not None else None
    f["date_none"] = float(gap is None)
    f["date_text"] = float(d.date is not None and bool(d.date.text))
    f["date_future"] = float(gap is not None and gap < 0)
    f["date_same_day"] = float(gap == 0)
    f["date_recent"] = float(gap is not None and 1 <= gap <= 3)
    f["date_old"] = float(gap is not None and gap > 7)
    f["date_precision"] = float(d.date.precision if d.date is not None else 3)
    # the place
    site = d.site
    p = site.place if site is not None else None
    kind = p.kind if p is not None else "unknown"
    for pk in _PLACE_KINDS:
        f[f"place={pk}"] = float(kind == pk)
    f["place_unknown"] = float(p is None)
    f["place_precision"] = float(p.precision if p is not None else 3)
    f["place_coords"] = float(p is not None and p.lat is not None)
    country = p.country if p is not None else None
    f["place_country_share"] = view.countries.get(country, 0) / view.n_places if country else 0.0
    f["place_is_focus"] = float(country is not None and country == doc.focus)
    name = site.mention.name_ar if site is not None else ""
    f["place_mentions"] = _capped(view.names.get(name, 0), 20)
    f["place_in_headline"] = float(bool(name) and name in view.headline)
    # introduced by a place noun ("بلده كفرنبل"), or a region whose name starts with one ("ريف ادلب",
    # "جبال اللاذقيه"): either way the text marks the name as a place
    f["place_word"] = float(site is not None and (site.mention.place_word is not None or _geo_head(
        doc.norm[site.mention.start:site.mention.end])))
    f["place_in_clause"] = float(site is not None and cs <= site.mention.start < ce)
    f["place_candidates"] = _log(len(site.mention.candidates) if site is not None else 0)
    f["place_population"] = _log(p.population) / 10 if p is not None else 0.0
    f["sub_location"] = float(site is not None and site.sub_location is not None)
    anchor = trig.start if trig is not None else cs
    f["place_distance"] = _log(abs(site.mention.start - anchor) / 20) if site is not None else 3.0
    f["sentence_places"] = _capped(view.sentence_places(d) - 1, 20)
    # the actors
    r = d.roles
    f["actor1"] = float(r.actor1 is not None)
    f["actor1_inferred"] = float(r.inferred)
    f["actor2"] = float(r.actor2 is not None)
    for code in range(1, 9):
        f[f"actor1_inter={code}"] = float(r.actor1 is not None and r.actor1.inter == code)
    f["assoc"] = float(bool(r.assoc1 or r.assoc2))
    f["actor_abroad"] = float(r.actor1 is not None and r.actor1.inter == 1 and country is not None
                              and doc.focus is not None and country != doc.focus)
    # tolls and counts
    k = d.killed
    f["killed_exact"] = float(k is not None and k.best is not None and not k.vague)
    f["killed_vague"] = float(k is not None and k.vague)
    f["killed_log"] = _log(k.best or 0) if k is not None else 0.0
    f["killed_over_100"] = float(k is not None and (k.best or 0) > 100)
    f["injured"] = float(d.injured is not None)
    f["quantities"] = float(bool(d.quantities))
    f["sources"] = float(min(len(d.sources), 3))
    # lists, repeats and summaries
    f["group_size"] = _log(d.group_size - 1)
    f["group_later"] = float(d.group_index > 0)
    f["same_sentence_drafts"] = _capped(view.sentence_counts[d.sentence.index] - 1, 20)
    f["article_drafts"] = _capped(len(view.drafts), 40)
    f["same_type_drafts"] = _capped(view.type_counts[d.event_type] - 1, 30)
    f["headline_same_type"] = float(d.event_type in view.headline_types)
    f["more_sentences"] = float(bool(d.more_sentences))
    (f["repeat_same_country"], f["repeat_same_place"], f["repeat_same_place_type"],
     f["finer_elsewhere"]) = view.repeats(i)
    return f


def _repeat_features(drafts: Sequence[Draft]) -> list[tuple[float, float, float, float]]:
    """For each draft: an earlier one of its type in its country; an earlier one at its place
    (:func:`_same_area`: the same name, or the same gazetteer place), of any type and of its type;
    one of its type in its country placed more precisely."""
    finest: dict[tuple[str, str], int] = {}
    for b in drafts:
        c = _country(b)
        if c:
            key, prec = (b.event_type, c), _precision(b)
            finest[key] = min(finest[key], prec) if key in finest else prec
    seen_country: set[tuple[str, str | None]] = set()
    seen_name: set[str] = set()
    seen_place: set[tuple[str, str | None]] = set()
    seen_name_type: set[tuple[str, str]] = set()
    seen_place_type: set[tuple[str, str, str | None]] = set()
    out: list[tuple[float, float, float, float]] = []
    for d in drafts:
        t, country = d.event_type, _country(d)
        name = d.site.mention.name_ar if d.site is not None else None
        p = d.site.place if d.site is not None else None
        at = (p.name, p.country) if p is not None else None
        same_place = name is not None and (name in seen_name or (at is not None and at in seen_place))
        same_place_type = name is not None and ((t, name) in seen_name_type
                                                or (at is not None and (t, *at) in seen_place_type))
        out.append((float((t, country) in seen_country) if country else 0.0, float(same_place),
                    float(same_place_type),
                    float(finest[(t, country)] < _precision(d)) if country else 0.0))
        seen_country.add((t, country))
        if name is not None:
            seen_name.add(name)
            seen_name_type.add((t, name))
            if at is not None:
                seen_place.add(at)
                seen_place_type.add((t, *at))
    return out


def _same_area(a: Draft, b: Draft) -> bool:
    """Two candidates at one place: the same name, or the same place of the gazetteer."""
    if a.site is None or b.site is None:
        return False
    if a.site.mention.name_ar == b.site.mention.name_ar:
        return True
    p, q = a.site.place, b.site.place
    return p is not None and q is not None and (p.name, p.country) == (q.name, q.country)


def _country(d: Draft) -> str | None:
    return d.site.place.country if d.site is not None and d.site.place is not None else None


def _precision(d: Draft) -> int:
    return d.site.place.precision if d.site is not None and d.site.place is not None else 3


def article_features(doc: Doc, drafts: Sequence[Draft]) -> list[dict[str, float]]:
    """The features of every draft of one article, in order."""
    view = ArticleView(doc, drafts)
    return [candidate_features(view, i) for i in range(len(drafts))]
