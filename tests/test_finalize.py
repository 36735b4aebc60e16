"""From drafts to records: merging mentions of one event (the headline's folded into the body's, a
country-level mention into the same event placed in a town), the day the lead names, sources and
evidence offsets."""

from __future__ import annotations

import datetime as dt

import pytest

import marsad
from marsad.models import DateMention, Event, Place, PlaceMention, Sentence, SourceMention, TriggerMention
from marsad.stages.events import Draft
from marsad.stages.finalize import merge
from marsad.stages.kinds import AIR, EXPL, VAC
from marsad.stages.places_select import Site
from marsad.stages.roles import RoleActor, Roles
from marsad.stages.tolls import Toll
from marsad.text.normalize import normalize

DAY = dt.date(2024, 5, 6)
TITLE = Sentence(0, 30, 0, is_title=True)
S1 = Sentence(32, 100, 1)
S2 = Sentence(101, 200, 2)
S3 = Sentence(201, 300, 3)

RAFAH = Place("Rafah", "PS", "Gaza Strip", kind="city", lat=31.297, lon=34.245)
KHAN_YUNIS = Place("Khan Yunis", "PS", "Gaza Strip", kind="city", lat=31.340, lon=34.306)
GAZA_STRIP = Place("Gaza Strip", "PS", "Gaza Strip", kind="region", precision=3, lat=31.42, lon=34.38)
QABATIYA = Place("Qabatiya", "PS", "West Bank", kind="city", lat=32.41, lon=35.28)
JENIN = Place("Jenin", "PS", "West Bank", kind="city", lat=32.459, lon=35.301)
NABLUS = Place("Nablus", "PS", "West Bank", kind="city", lat=32.222, lon=35.262)
LIBYA = Place("Libya", "LY", kind="country", precision=3, lat=26.3, lon=17.2)
BENGHAZI = Place("Benghazi", "LY", "Benghazi", kind="city", lat=32.115, lon=20.067)
EGYPT = Place("Egypt", "EG", kind="country", precision=3)

ISRAEL = RoleActor("Military Forces of Israel", 8, "")
HAMAS = RoleActor("Hamas Movement", 2, "")
LIBYA_ARMY = RoleActor("Military Forces of Libya", 1, "")


def site(name: str, place: Place | None, qualifier: str | None = None) -> Site:
    q = PlaceMention(0, len(qualifier), qualifier) if qualifier else None
    return Site(PlaceMention(0, len(name), name, (place,) if place else ()), place, None, q)


def toll(best: int | None, vague: bool = False) -> Toll:
    return Toll("killed", best, best, best, False, str(best), 0, 1, vague)


def trigger(start: int) -> TriggerMention:
    return TriggerMention(start, start + 3, EXPL, AIR, "قصف")


def src(name: str) -> SourceMention:
    return SourceMention(0, 0, name, name, "local")


def draft(
    sent: Sentence,
    where: Site | None,
    etype: str = EXPL,
    sub: str = AIR,
    *,
    killed: Toll | None = None,
    actor: RoleActor | None = ISRAEL,
    inferred: bool = False,
    day: dt.date | None = DAY,
    trig: bool = True,
    sources: tuple[str, ...] = (),
    group_size: int = 1,
) -> Draft:
    d = Draft(
        etype,
        sub,
        sent,
        (sent.start, sent.end),
        trigger(sent.start) if trig else None,
        where,
        Roles(actor1=actor, inferred=inferred),
        killed=killed,
        group_size=group_size,
    )
    d.date = DateMention(0, 0, day, 1, "") if day is not None else None
    d.sources = [src(s) for s in sources]
    return d


# --- one event told twice --------------------------------------------------------------------------


def test_same_event_in_two_sentences_is_one() -> None:
    a = draft(S1, site("رفح", RAFAH), killed=toll(3), sources=("ناشطون",))
    b = draft(S2, site("رفح", RAFAH), killed=toll(5), sources=("الدفاع المدني", "ناشطون"))
    got = merge([a, b])
    assert len(got) == 1
    assert got[0] is a
    assert got[0].killed is not None and got[0].killed.best == 5  # a cumulative toll updates its event
    assert [s.name_ar for s in got[0].sources] == ["ناشطون", "الدفاع المدني"]


def test_an_exact_count_beats_a_vague_one() -> None:
    a = draft(S1, site("رفح", RAFAH), killed=toll(None, vague=True))
    b = draft(S2, site("رفح", RAFAH), killed=toll(4))
    got = merge([a, b])
    assert len(got) == 1
    assert got[0].killed is not None and got[0].killed.best == 4
    a = draft(S1, site("رفح", RAFAH), killed=toll(4))
    b = draft(S2, site("رفح", RAFAH), killed=toll(None, vague=True))
    assert merge([a, b])[0].killed == toll(4)


def test_merging_raises_confidence() -> None:
    a, b = draft(S1, site("رفح", RAFAH)), draft(S2, site("رفح", RAFAH))
    a.confidence = b.confidence = 0.6
    assert merge([a, b])[0].confidence == pytest.approx(0.65)


@pytest.mark.parametrize(
    "other",
    [
        draft(S2, site("رفح", RAFAH), day=dt.date(2024, 5, 5)),  # another day
        draft(S2, site("خان يونس", KHAN_YUNIS)),  # another place
        draft(S2, site("رفح", RAFAH), VAC, "Attack"),  # another sub-type
        draft(S2, site("رفح", RAFAH), actor=HAMAS),  # another perpetrator
    ],
)
def test_different_events_stay_apart(other: Draft) -> None:
    assert len(merge([draft(S1, site("رفح", RAFAH)), other])) == 2


def test_an_inferred_perpetrator_gives_way_to_a_named_one() -> None:
    a = draft(S1, site("رفح", RAFAH), actor=RoleActor("Military Forces of Egypt", 1, ""), inferred=True)
    b = draft(S2, site("رفح", RAFAH), actor=ISRAEL)
    got = merge([a, b])
    assert len(got) == 1
    assert got[0].roles.actor1 == ISRAEL
    assert not got[0].roles.inferred


def test_either_side_of_a_battle_may_be_named_first() -> None:
    a = draft(S1, site("جنين", JENIN), "Battles", "Armed clash", actor=ISRAEL)
    a.roles.actor2 = HAMAS
    b = draft(S2, site("جنين", JENIN), "Battles", "Armed clash", actor=HAMAS)
    b.roles.actor2 = ISRAEL
    assert len(merge([a, b])) == 1


def test_two_trigger_groups_of_one_sentence_with_different_actors_are_two_events() -> None:
    a = draft(S1, site("رفح", RAFAH), actor=ISRAEL)
    b = draft(S1, site("رفح", RAFAH), actor=None)
    b.trigger = trigger(S1.start + 30)
    assert len(merge([a, b])) == 2


# --- the headline's mention folds into the body's --------------------------------------------------


def test_body_wins_over_the_headline_for_evidence_and_keeps_the_headline_s_sources() -> None:
    head = draft(TITLE, site("رفح", RAFAH), killed=toll(4), sources=("ناشطون",))
    body = draft(S1, site("رفح", RAFAH), killed=toll(4), sources=("الدفاع المدني",))
    got = merge([head, body])
    assert len(got) == 1
    assert got[0] is body
    assert {s.name_ar for s in got[0].sources} == {"ناشطون", "الدفاع المدني"}


def test_headline_place_that_is_the_body_s_qualifier() -> None:
    head = draft(TITLE, site("جنين", JENIN), "Battles", "Armed clash")
    body = draft(S1, site("قباطيا", QABATIYA, qualifier="جنين"), "Battles", "Armed clash")
    got = merge([head, body])
    assert got == [body]


def test_headline_region_folds_into_a_town_inside_it() -> None:
    head = draft(TITLE, site("غزه", GAZA_STRIP), killed=toll(4))
    body = draft(S1, site("رفح", RAFAH), killed=toll(4))
    assert merge([head, body]) == [body]


def test_headline_place_that_ends_the_body_s_place_name() -> None:
    head = draft(TITLE, site("خان يونس", None))
    body = draft(S1, site("مواصي خان يونس", None))
    assert merge([head, body]) == [body]


def test_headline_toll_with_no_event_word_folds_into_the_body_s_event() -> None:
    head = draft(TITLE, site("غزه", GAZA_STRIP), VAC, "Attack", killed=toll(4), trig=False, sources=("ناشطون",))
    body = draft(S1, site("رفح", RAFAH), killed=toll(4), sources=("الدفاع المدني",))
    got = merge([head, body])
    assert got == [body]
    assert {s.name_ar for s in body.sources} == {"ناشطون", "الدفاع المدني"}


def test_headline_event_elsewhere_stays() -> None:
    head = draft(TITLE, site("نابلس", NABLUS), "Battles", "Armed clash")
    body = draft(S1, site("رفح", RAFAH))
    got = merge([head, body])
    assert len(got) == 2
    assert got[0] is head  # in text order


@pytest.mark.parametrize("etype", [VAC, "Battles"])
def test_headline_cumulative_toll_is_no_event_of_its_own(etype: str) -> None:
    norm = normalize("ارتفاع حصيلة القتلى في نابلس")
    head = draft(Sentence(0, len(norm), 0, True), site("نابلس", NABLUS), etype, "x", killed=toll(9), trig=False)
    body = draft(S1, site("رفح", RAFAH), killed=toll(4))
    assert merge([head, body], norm) == [body]
    head = draft(Sentence(0, len(norm), 0, True), site("نابلس", NABLUS), etype, "x", killed=toll(9), trig=False)
    assert merge([head], norm) == []


def test_headline_toll_alone_is_an_event() -> None:
    norm = normalize("مقتل تسعة في نابلس")
    head = draft(Sentence(0, len(norm), 0, True), site("نابلس", NABLUS), VAC, "Attack", killed=toll(9), trig=False)
    assert merge([head], norm) == [head]


def test_headline_figure_over_several_places_does_not_override_the_body_s() -> None:
    head = draft(TITLE, site("رفح", RAFAH), killed=toll(12), group_size=3)
    body = draft(S1, site("رفح", RAFAH), killed=toll(4))
    got = merge([head, body])
    assert len(got) == 1
    assert got[0].killed is not None and got[0].killed.best == 4


# --- a country-level mention folds into the same event placed in a town -----------------------------


def test_country_level_draft_folds_into_the_same_event_in_a_town() -> None:
    loose = draft(S1, site("ليبيا", LIBYA), "Battles", "Armed clash", actor=LIBYA_ARMY, sources=("ناشطون",))
    precise = draft(S2, site("بنغازي", BENGHAZI), "Battles", "Armed clash", actor=LIBYA_ARMY, killed=toll(5))
    got = merge([loose, precise])
    assert got == [precise]
    assert precise.killed is not None and precise.killed.best == 5
    assert [s.name_ar for s in precise.sources] == ["ناشطون"]


def test_country_level_draft_folds_when_told_after_the_town() -> None:
    precise = draft(S1, site("بنغازي", BENGHAZI), "Battles", "Armed clash", actor=LIBYA_ARMY)
    loose = draft(S2, site("ليبيا", LIBYA), "Battles", "Armed clash", actor=LIBYA_ARMY, killed=toll(5))
    got = merge([precise, loose])
    assert got == [precise]
    assert precise.killed is not None and precise.killed.best == 5


@pytest.mark.parametrize(
    "loose",
    [
        draft(S1, site("ليبيا", LIBYA), EXPL, AIR, actor=LIBYA_ARMY),  # another type
        draft(S1, site("ليبيا", LIBYA), "Battles", "Armed clash", actor=LIBYA_ARMY, day=dt.date(2024, 5, 1)),
        draft(S1, site("مصر", EGYPT), "Battles", "Armed clash", actor=LIBYA_ARMY),  # another country
    ],
)
def test_country_level_draft_of_another_event_stays(loose: Draft) -> None:
    precise = draft(S2, site("بنغازي", BENGHAZI), "Battles", "Armed clash", actor=LIBYA_ARMY)
    assert len(merge([loose, precise])) == 2


def test_country_level_draft_alone_stays() -> None:
    loose = draft(S1, site("ليبيا", LIBYA), "Battles", "Armed clash", actor=LIBYA_ARMY)
    assert merge([loose]) == [loose]


def test_merge_of_nothing() -> None:
    assert merge([]) == []


def test_drafts_come_out_in_text_order() -> None:
    ds = [draft(S3, site("رفح", RAFAH)), draft(S1, site("نابلس", NABLUS)), draft(S2, site("جنين", JENIN))]
    assert [d.sentence.index for d in merge(ds)] == [1, 2, 3]


# --- end to end: dates, folding, evidence ------------------------------------------------------------


PUB = "2024-05-07"  # a Tuesday


def extract(text: str, title: str | None = None, published: str | None = PUB) -> list[Event]:
    # records as the rules build them: these tests are about dates and evidence, not the decider
    return marsad.extract(text, published=published, title=title, min_confidence=0)


@pytest.mark.parametrize(
    ("title", "day"),
    [
        ("غارات على دوما أمس", dt.date(2024, 5, 6)),
        ("غارات على دوما يوم الأحد", dt.date(2024, 5, 5)),
        ("غارات على دوما يوم الأربعاء", dt.date(2024, 5, 7)),  # six days back: not the lead's day
        ("غارات على دوما", dt.date(2024, 5, 7)),
    ],
)
def test_the_headline_s_day_dates_the_body(title: str, day: dt.date) -> None:
    events = extract("قصفت طائرات النظام مدينة دوما، ما أدى إلى مقتل أربعة مدنيين.", title)
    assert [e.event_date for e in events] == [day]


def test_a_day_in_the_clause_beats_the_lead_s() -> None:
    events = extract("قصفت طائرات النظام مدينة دوما أمس. واندلعت اشتباكات اليوم في مدينة درعا.")
    assert [(normalize(e.location.name_ar), e.event_date) for e in events] == [
        ("دوما", dt.date(2024, 5, 6)),
        ("درعا", dt.date(2024, 5, 7)),
    ]


def test_a_day_named_late_in_the_article_is_not_the_lead_s() -> None:
    text = (
        "قصفت طائرات النظام مدينة دوما. وقال ناشطون إن القصف كان عنيفا. وأضافوا أن الأهالي نزحوا. "
        "واندلعت اشتباكات أمس في مدينة درعا."
    )
    events = extract(text)
    dates = {normalize(e.location.name_ar): e.event_date for e in events}
    assert dates["دوما"] == dt.date(2024, 5, 7)
    assert dates["درعا"] == dt.date(2024, 5, 6)


def test_no_date_without_publication_date() -> None:
    events = extract("قصفت طائرات النظام مدينة دوما أمس.", "غارات على دوما أمس", published=None)
    assert events and all(e.event_date is None for e in events)


def test_record_headline_toll_with_no_event_word_folds_into_the_body() -> None:
    events = extract("استشهد أربعة مواطنين في غارة إسرائيلية على مدينة رفح جنوب قطاع غزة اليوم.", "شهداء بغزة")
    assert len(events) == 1
    e = events[0]
    assert (e.event_type, e.sub_event_type) == (EXPL, AIR)
    assert e.location.name == "Rafaḩ"
    assert e.fatalities.best == 4


def test_record_headline_names_the_district_of_the_body_s_town() -> None:
    events = extract("اندلعت اشتباكات مسلحة بين مقاومين وقوات الاحتلال في قباطيا بقضاء جنين.", "اشتباكات بجنين")
    assert len(events) == 1
    assert normalize(events[0].location.name_ar) == "قباطيا"


def test_record_country_level_clash_folds_into_the_town() -> None:
    text = (
        "اندلعت اشتباكات عنيفة شرق ليبيا أمس بين قوات الجيش ومسلحين. "
        "وقتل خمسة مسلحين في اشتباكات مع الجيش في مدينة بنغازي أمس."
    )
    events = extract(text)
    assert len(events) == 1
    assert events[0].location.name == "Benghazi"
    assert events[0].fatalities.best == 5


def test_record_headline_country_folds_into_the_town() -> None:
    events = extract("اندلعت اشتباكات عنيفة في مدينة بنغازي أمس.", "اشتباكات في ليبيا")
    assert len(events) == 1
    assert events[0].location.name == "Benghazi"


def test_evidence_is_the_body_clause_without_its_punctuation() -> None:
    title = "غارات على دوما"
    text = "قصفت طائرات النظام مدينة دوما، ما أدى إلى مقتل أربعة مدنيين."
    e = extract(text, title)[0]
    original = f"{title}\n\n{text}"
    assert e.evidence.text == original[e.evidence.start : e.evidence.end]
    assert e.evidence.start == len(title) + 2
    assert e.evidence.text == text.rstrip(".")


def test_evidence_of_a_headline_only_event_lies_in_the_headline() -> None:
    title = "غارات على دوما"
    e = extract("ارتفعت أسعار الخبز في أسواق مدينة دمشق.", title)[0]
    assert (e.evidence.start, e.evidence.end) == (0, len(title))
    assert e.evidence.text == title


def test_evidence_of_a_later_clause_starts_at_that_clause() -> None:
    text = "قصفت طائرات النظام مدينة دوما، بينما اندلعت اشتباكات في مدينة درعا."
    events = extract(text)
    assert len(events) == 2
    second = events[1]
    assert second.evidence.start == text.index("بينما")
    assert second.evidence.text == text[text.index("بينما") :].rstrip(".")
    assert events[0].evidence.text == "قصفت طائرات النظام مدينة دوما"


def test_evidence_offsets_survive_diacritics_in_the_title() -> None:
    title = "غاراتٌ على دُومـــا"
    text = "قَصَفَتْ طائراتُ النظامِ مدينةَ دُوما، وقُتِلَ أربعةُ مدنيين."
    original = f"{title}\n\n{text}"
    for e in extract(text, title):
        assert e.evidence.text == original[e.evidence.start : e.evidence.end]
        assert e.evidence.start >= len(title) + 2
        assert normalize(e.evidence.text).startswith("قصفت")


# --- a suicide bombing told again as a plain car bomb -------------------------------------------

BAGHDAD = Place("Baghdad", "IQ", "Baghdad", kind="city", lat=33.34, lon=44.40)
ISLAMIC_STATE = RoleActor("Islamic State", 2, "")
IRAQ_ARMY = RoleActor("Military Forces of Iraq", 1, "")
SUICIDE, IED = "Suicide bomb", "Remote explosive/landmine/IED"


def test_a_car_bomb_told_again_folds_into_the_suicide_bombing() -> None:
    a = draft(S1, site("بغداد", BAGHDAD), EXPL, SUICIDE, killed=toll(20), actor=ISLAMIC_STATE)
    b = draft(S2, site("بغداد", BAGHDAD), EXPL, IED, killed=toll(20), actor=IRAQ_ARMY, sources=("مصادر امنية",))
    got = merge([a, b])
    assert got == [a]
    assert got[0].roles.actor1 == ISLAMIC_STATE
    assert [s.name_ar for s in got[0].sources] == ["مصادر امنية"]


@pytest.mark.parametrize(
    "other",
    [
        draft(S2, site("بغداد", BAGHDAD), EXPL, IED, killed=toll(7)),  # another toll
        draft(S2, site("بغداد", BAGHDAD), EXPL, IED, day=dt.date(2024, 5, 5)),  # another day
        draft(S2, site("الرمادي", Place("Ramadi", "IQ", "Anbar", kind="city", lat=33.42, lon=43.30)), EXPL, IED),
        draft(S2, site("بغداد", BAGHDAD), EXPL, AIR),  # an air strike is not a bomb
    ],
)
def test_other_explosions_stay_apart_from_a_suicide_bombing(other: Draft) -> None:
    a = draft(S1, site("بغداد", BAGHDAD), EXPL, SUICIDE, killed=toll(20), actor=ISLAMIC_STATE)
    assert len(merge([a, other])) == 2


def _attack(sent: Sentence, where: Site, **kw: object) -> Draft:
    d = draft(sent, where, VAC, "Attack", **kw)  # type: ignore[arg-type]
    d.trigger = TriggerMention(sent.start, sent.start + 4, "Battles", "Armed clash", "الهجوم",
                               tags=("noun", "generic_attack"))
    return d


def test_an_attack_told_at_the_place_and_day_of_a_bombing_is_that_bombing() -> None:
    bomb = draft(S1, site("بغداد", BAGHDAD), EXPL, SUICIDE, killed=toll(20), actor=ISLAMIC_STATE)
    told_again = _attack(S2, site("بغداد", BAGHDAD), killed=toll(20), actor=IRAQ_ARMY, sources=("وزارة الداخلية",))
    got = merge([bomb, told_again])
    assert got == [bomb]
    assert [s.name_ar for s in got[0].sources] == ["وزارة الداخلية"]


@pytest.mark.parametrize(
    "other",
    [
        _attack(S2, site("بغداد", BAGHDAD), killed=toll(4)),  # another toll: another attack
        _attack(S2, site("بغداد", BAGHDAD), day=dt.date(2024, 5, 5)),  # another day
        draft(S2, site("بغداد", BAGHDAD), VAC, "Attack"),  # an attack word that names how (no generic trigger)
    ],
)
def test_other_attacks_stay_apart_from_a_bombing(other: Draft) -> None:
    bomb = draft(S1, site("بغداد", BAGHDAD), EXPL, SUICIDE, killed=toll(20), actor=ISLAMIC_STATE)
    assert len(merge([bomb, other])) == 2


# --- a province named loosely, then a place in it --------------------------------------------------

SIRNAK = Place("Şırnak Province", "TR", "Şırnak", kind="governorate", precision=3, lat=37.52, lon=42.46)
TURKEY_ARMY = RoleActor("Military Forces of Turkey", 1, "")


def _in_province(qualified: bool) -> Draft:
    s = site("كوزلوك", Place("Kozluk", "TR", "Şırnak", kind="village", lat=37.4, lon=42.3),
             "ولاية شرناق" if qualified else None)
    if qualified:
        q = s.qualifier
        assert q is not None
        s = Site(s.mention, s.place, None, PlaceMention(q.start, q.end, q.name_ar, (SIRNAK,)))
    return draft(S2, s, "Battles", "Armed clash", actor=TURKEY_ARMY)


def test_a_province_event_folds_into_the_place_the_article_puts_in_it() -> None:
    coarse = draft(S1, site("شرناق", SIRNAK), "Battles", "Armed clash", killed=toll(3), actor=TURKEY_ARMY)
    fine = _in_province(qualified=True)
    got = merge([coarse, fine])
    assert got == [fine]
    assert got[0].killed is not None and got[0].killed.best == 3


def test_a_province_event_stays_when_the_finer_place_is_not_said_to_be_in_it() -> None:
    coarse = draft(S1, site("شرناق", SIRNAK), "Battles", "Armed clash", killed=toll(3), actor=TURKEY_ARMY)
    assert len(merge([coarse, _in_province(qualified=False)])) == 2


def _sources_at(text: str, place: str) -> list[str]:
    event = next(e for e in marsad.extract(text, min_confidence=0) if e.location.name_ar == place)
    return [s.name_ar for s in event.sources]


def test_a_body_called_by_its_head_word_is_the_body_named_earlier() -> None:
    text = ("أفاد المرصد السوري لحقوق الإنسان بمقتل خمسة مدنيين في قصف على دوما. "
            "وقال مدير المرصد رامي عبد الرحمن إن غارة قتلت ثلاثة في حرستا.")
    assert _sources_at(text, "حرستا") == ["مدير المرصد رامي عبد الرحمن", "المرصد السوري لحقوق الإنسان"]
    text = ("وقالت وزارة الداخلية إن مسلحين قتلوا شرطيا في العريش. "
            "وأضاف المتحدث باسم الوزارة أن عبوة ناسفة انفجرت في رفح.")
    assert "وزارة الداخلية" in _sources_at(text, "رفح")


def test_generic_sources_and_titles_refer_to_no_earlier_one() -> None:
    text = ("قالت مصادر محلية إن غارة قتلت خمسة في صعدة. "
            "وقال مدير الشرطة إن عبوة ناسفة انفجرت في مدينة عدن.")
    assert _sources_at(text, "عدن") == ["مدير الشرطة"]


def test_an_article_citing_one_body_attributes_its_other_records_to_it() -> None:
    text = ("قتل خمسة مدنيين في قصف على بلدة كفرنبل في ريف إدلب أمس.\n\n"
            "وفي ريف حماة قتل ثلاثة مقاتلين في اشتباكات مع قوات النظام قرب بلدة اللطامنة.\n\n"
            "وذكر المرصد السوري لحقوق الإنسان أن الطيران الحربي نفذ غارات على ريف إدلب.")
    es = marsad.extract(text, published="2015-08-03", min_confidence=0)
    assert es and all([s.name_ar for s in e.sources] == ["المرصد السوري لحقوق الإنسان"] for e in es)
    # two bodies cited: a record neither sentence attributes stays unattributed
    text2 = text + "\n\nوقالت وكالة الأنباء الرسمية إن الجيش استعاد السيطرة على تلة قرب البلدة."
    es = marsad.extract(text2, published="2015-08-03", min_confidence=0)
    first = next(e for e in es if e.location.name_ar == "كفرنبل")
    assert not first.sources
