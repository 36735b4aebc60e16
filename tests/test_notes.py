"""The English note: one sentence in ACLED's style, built from the record's own fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

import marsad
from marsad.models import Actor, Count, Event, Evidence, Location, Source
from marsad.stages.notes import make_note

ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")

BASE = Event(
    event_id="x",
    doc_id="d",
    event_date=dt.date(2024, 5, 6),
    time_precision=1,
    event_type="Explosions/Remote violence",
    sub_event_type="Air/drone strike",
    actor1=Actor("Military Forces of Syria", 1, None),
    actor2=Actor("Civilians (Syria)", 7, None),
    location=Location(name_ar="دوما", name="Douma", country="SY", geo_precision=1),
    fatalities=Count(4, 4, 4, False, "اربعه"),
    evidence=Evidence("...", 0, 3),
)

SUB_TYPES = [
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
]


def is_sentence(note: str) -> bool:
    return bool(note) and note[0].isupper() and note.endswith(".") and "\n" not in note and "  " not in note


@pytest.mark.parametrize("sub", SUB_TYPES)
def test_every_sub_type_gives_a_sentence(sub: str) -> None:
    note = make_note(dataclasses.replace(BASE, sub_event_type=sub))
    assert is_sentence(note)
    assert not ARABIC.search(note)
    assert "{" not in note


def test_note_mentions_place_date_and_toll() -> None:
    note = make_note(BASE)
    assert "Douma" in note
    assert "2024-05-06" in note
    assert "4" in note


def test_note_without_actors_date_or_toll() -> None:
    e = dataclasses.replace(
        BASE, actor1=None, actor2=None, event_date=None, fatalities=Count(None, None, None, False, None)
    )
    assert is_sentence(make_note(e))


def test_note_mentions_sources() -> None:
    e = dataclasses.replace(BASE, sources=(Source("ناشطون", "Activists", "activists"),))
    note = make_note(e)
    assert "Activists" in note
    assert not ARABIC.search(note)


def test_one_person_killed_is_singular() -> None:
    note = make_note(dataclasses.replace(BASE, fatalities=Count(1, 1, 1, False, "قتيل")))
    assert "1 person killed" in note


def test_note_keeps_actor_name_as_is() -> None:
    assert "Military Forces of Syria" in make_note(BASE)


@pytest.mark.parametrize(
    "text",
    [
        "قصفت طائرات النظام مدينة دوما أمس، ما أدى إلى مقتل أربعة مدنيين.",
        "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في مدينة درعا.",
        "شنت طائرات التحالف غارات على مواقع الحوثيين في مدينة صعدة.",
        "تظاهر مئات المحتجين في مدينة حمص للمطالبة بالإفراج عن المعتقلين.",
    ],
)
def test_records_have_an_english_note(text: str) -> None:
    events = marsad.extract(text, published="2024-05-07")
    assert events
    for e in events:
        assert is_sentence(e.notes)
        assert not ARABIC.search(e.notes)  # places known to the gazetteer, no sub-location
        assert e.notes == make_note(dataclasses.replace(e, notes=""))


def test_an_inferred_perpetrator_is_said_to_be_unnamed() -> None:
    from marsad import extract

    (e,) = [x for x in extract("قصف على مدينة حمص أمس.", published="2016-12-12", min_confidence=0)
            if x.event_type == "Explosions/Remote violence"]
    assert e.actor1_inferred
    assert e.to_dict()["actor1_inferred"] is True
    assert "(not named in the report)" in e.notes
