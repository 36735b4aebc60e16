"""Repeats of one event told in other words fold into one record; distinct events stay apart."""

from __future__ import annotations

import pytest

import marsad
from marsad.stages.repeats import fold_plan, key_of


def key(etype: str = "Explosions/Remote violence", place: str = "حلب", day: str = "2024-05-06",
        actor1: str | None = "Military Forces of Syria", actor2: str | None = None, gid: int | None = None):
    return key_of(etype, place, gid, day, actor1, actor2)


def test_one_event_told_twice_keeps_the_more_confident_telling() -> None:
    assert fold_plan([key(), key()], [0.4, 0.8]) == [1, 1]


def test_spellings_of_one_place_are_one_place() -> None:
    assert fold_plan([key(place="الحلب"), key(place="حلب")], [0.9, 0.5]) == [0, 0]


def test_the_same_gazetteer_place_under_two_names_is_one_place() -> None:
    assert fold_plan([key(place="غزة", gid=7), key(place="مدينة غزة", gid=7)], [0.9, 0.5]) == [0, 0]


@pytest.mark.parametrize(
    "other",
    [
        key(actor1="Syrian opposition rebels"),  # another perpetrator
        key(actor1=None),  # one names who struck, the other does not
        key(day="2024-05-05"),  # another day
        key(place="إدلب"),  # another place
        key(etype="Battles"),  # another event type
    ],
)
def test_distinct_events_stay_apart(other) -> None:
    assert fold_plan([key(), other], [0.9, 0.8]) == [0, 1]


def test_either_side_of_a_battle_may_be_named_first() -> None:
    a = key(etype="Battles", actor1="Houthi movement", actor2="Popular Resistance (Yemen)")
    b = key(etype="Battles", actor1="Popular Resistance (Yemen)", actor2="Houthi movement")
    assert fold_plan([a, b], [0.6, 0.7]) == [1, 1]


def test_the_pipeline_folds_a_bombardment_retold_with_another_word() -> None:
    import marsad

    text = ("قصفت قوات النظام بالمدفعية مدينة دوما صباح اليوم. "
            "وقال ناشطون إن قوات النظام شنت غارات على مدينة دوما اليوم.")
    events = marsad.extract(text, published="2024-05-06", min_confidence=0)
    douma = [e for e in events if e.event_type == "Explosions/Remote violence" and e.location.name_ar == "دوما"]
    assert len(douma) == 1
    assert "ناشطون" in {s.name_ar for s in douma[0].sources}


def test_a_lead_without_attribution_takes_the_sources_of_its_retelling() -> None:
    text = (
        "قتل 7 مسلحين من الحوثيين في مواجهات مع المقاومة الشعبية في محافظة البيضاء.\n"
        "وأفاد سكان بأن المعارك في مدينة رداع بالبيضاء خلفت 7 قتلى من الحوثيين."
    )
    es = marsad.extract(text, published="2015-08-03", min_confidence=0)
    tolls = [e for e in es if e.fatalities.best == 7]
    assert len(tolls) >= 1
    assert all(any("سكان" in s.name_ar for s in e.sources) for e in tolls)
    # another toll is another event: its sources are its own (two bodies are cited, so neither is
    # the article's one source)
    es = marsad.extract(
        "قتل 4 مسلحين من الحوثيين في مواجهات في محافظة البيضاء.\n"
        "وأفاد سكان بأن المعارك في مدينة رداع خلفت 9 قتلى من الحوثيين.\n"
        "وقال متحدث عسكري إن طائرات التحالف قصفت مواقع للحوثيين في محافظة الجوف.",
        published="2015-08-03", min_confidence=0,
    )
    assert all(not e.sources for e in es if e.fatalities.best == 4)
