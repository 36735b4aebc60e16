"""The per-article indexes that replaced scans over every draft, place or actor (the scans made a
long article's cost grow with the square of its length) give what the scans gave: folding
loosely placed events, the city of a neighbourhood, the usual opponent, the commonest force."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from marsad.models import ActorMention, Article, Doc
from marsad.pipeline import default_pipeline, make_doc, run
from marsad.stages import context
from marsad.stages.events import Draft, build_drafts
from marsad.stages.finalize import _finer, _fold_country, attach_context
from marsad.stages.index import ArticleIndex
from marsad.stages.places_select import Site, city_of_quarter, places_in, sites
from marsad.stages.roles import RoleActor

_EARLY = ("sentences", "places", "actors", "numbers", "dates", "sources", "triggers")

_TEXT = ("قصفت طائرات حربية مدينة حلب أمس، ما أدى إلى مقتل خمسة مدنيين. "
         "وقال مصدر أمني إن الغارات على سوريا أمس أسفرت عن مقتل خمسة مدنيين. "
         "واندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في ريف إدلب. "
         "وشن الطيران غارات على اليمن، وقصفت طائرات التحالف مدينة صنعاء أمس. "
         "وقتل ثلاثة أشخاص في قصف على حي الفردوس في حلب. "
         "وأفاد ناشطون بأن قوات النظام قصفت حي الشعار أمس.\n")


def _doc(text: str) -> Doc:
    art = Article("t", text, published=dt.date(2024, 5, 7))
    return run(make_doc(art), [s for s in default_pipeline() if s.name in _EARLY])


def _drafts(text: str) -> list[Draft]:
    doc = _doc(text)
    drafts = build_drafts(doc, doc.focus)
    attach_context(doc, drafts)
    return drafts


def _fold_by_scan(drafts: list[Draft]) -> list[Draft]:
    """:func:`_fold_country` as it was: every draft tried against every other."""
    from marsad.stages.finalize import _absorb

    out: list[Draft] = []
    folded: set[int] = set()
    for d in drafts:
        p = d.site.place if d.site is not None else None
        if p is not None and (p.kind == "country" or p.kind == "governorate"):
            target = next((b for b in drafts if b is not d and id(b) not in folded and _finer(b, d, p)), None)
            if target is not None:
                _absorb(target, d)
                folded.add(id(d))
                continue
        out.append(d)
    return out


def _sig(drafts: list[Draft]) -> list[tuple[object, ...]]:
    return [(d.event_type, d.sub_event_type, d.clause, d.site.mention.start if d.site else None,
              d.killed.best if d.killed else None, tuple(x.name_ar for x in d.sources), d.confidence)
            for d in drafts]


@pytest.mark.parametrize("times", [1, 7, 40])
def test_fold_country_folds_as_the_scan_did(times: int) -> None:
    drafts = _drafts(_TEXT * times)
    by_index = _fold_country(copy.deepcopy(drafts))
    by_scan = _fold_by_scan(copy.deepcopy(drafts))
    assert _sig(by_index) == _sig(by_scan)
    if times == 1:
        assert len(by_index) < len(drafts)  # "سوريا" folds into the strike on Aleppo


def _city_by_scan(doc: Doc, site: Site) -> Site:
    p = site.place
    if p is None or p.kind not in ("neighbourhood", "landmark") or not p.parent:
        return site
    for m in doc.places:
        if m.candidates and m.candidates[0].name == p.parent and m.candidates[0].kind in ("city", "town", "village"):
            sub = site.sub_location or doc.norm[site.mention.start:site.mention.end]
            return Site(m, m.candidates[0], sub, site.mention)
    return site


def test_city_of_quarter_agrees_with_the_scan() -> None:
    doc = _doc(_TEXT * 5)
    for sent in doc.sentences:
        for site in sites(doc.norm, places_in(doc, sent.start, sent.end)):
            assert city_of_quarter(doc, site) == _city_by_scan(doc, site)


def _mention(name: str, inter: int, start: int, role: str = "armed") -> ActorMention:
    return ActorMention(start, start + 3, name, inter, "x", role=role)


def test_opponent_and_commonest_force_follow_each_article() -> None:
    a = (_mention("Houthi movement", 2, 0), _mention("Military Forces of Yemen", 1, 10),
         _mention("Houthi movement", 2, 20), _mention("Civilians (Yemen)", 7, 30, "civilian"))
    b = (_mention("Islamic State", 2, 0), _mention("Military Forces of Iraq", 1, 10),
         _mention("Military Forces of Iraq", 1, 20))
    state_ye = RoleActor("Military Forces of Yemen", 1, "")
    state_iq = RoleActor("Military Forces of Iraq", 1, "")
    ia, ib = ArticleIndex(), ArticleIndex()  # each article's own
    for _ in range(2):  # the second time from the per-article tallies
        got = context.opponent(state_ye, a, "YE", ia)
        assert got is not None and got.name == "Houthi movement"
        got = context.opponent(state_iq, b, "IQ", ib)
        assert got is not None and got.name == "Islamic State"
        # a list is never remembered: its content may change
        assert context.opponent(state_iq, list(b), "IQ", ib) == context._opponent(state_iq, b, "IQ")
        assert context.opponent(state_iq, b, "IQ") == got  # with no index, nothing is kept
    assert "2 values" in repr(ia) and "2 values" in repr(ib)  # the tally and the answers
    da, db = _doc("قصفت قوات الحوثي مدينة تعز"), _doc("هاجم تنظيم الدولة قوات الجيش العراقي في الموصل")
    for doc in (da, db, da):
        want = _commonest_by_scan(doc.actors)
        assert context.most_frequent_armed(doc) == want


def _commonest_by_scan(actors: tuple[ActorMention, ...]) -> RoleActor | None:
    counts: dict[tuple[str, int], int] = {}
    for a in actors:
        if a.role not in ("civilian", "media", "official", "protester"):
            counts[(a.name, a.inter)] = counts.get((a.name, a.inter), 0) + 1
    if not counts:
        return None
    name, inter = max(counts, key=lambda k: counts[k])
    return RoleActor(name, inter, "")
