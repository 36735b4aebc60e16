"""What a careful coder infers when the text leaves it unsaid: which side an actor is on, the usual
perpetrator of a kind of violence in a country, the other side of a battle, roles completed for
each event type, and state forces coded at home (inter 1) or abroad (inter 8)."""

from __future__ import annotations

import pytest

import marsad
from marsad.models import ActorMention, Article, Doc
from marsad.pipeline import make_doc, run
from marsad.stages.context import at_home_or_abroad, complete_roles, default_agent, opponent, side
from marsad.stages.kinds import AIR, EXPL, SHELL, VAC
from marsad.stages.roles import RoleActor, Roles

ISRAEL = RoleActor("Military Forces of Israel", 8, "")
SYRIA = RoleActor("Military Forces of Syria", 1, "")
REBELS = RoleActor("Syrian opposition rebels", 2, "")
HOUTHI = RoleActor("Houthi movement", 2, "")


def mention(name: str, inter: int, role: str = "armed", start: int = 0) -> ActorMention:
    return ActorMention(start, start + 1, name, inter, name, None, role)


# --- sides ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "inter", "focus", "expected"),
    [
        ("Military Forces of Israel", 8, "PS", "IL"),
        ("Military Forces of Israel", 8, "LB", "IL"),
        ("Hezbollah", 3, "LB", "rebel"),
        ("Hezbollah", 3, "SY", "state"),  # in Syria it fights on the regime's side
        ("Hamas Movement", 2, "PS", "rebel"),
        ("Palestinian armed groups", 2, "PS", "rebel"),
        ("Syrian opposition rebels", 2, "SY", "rebel"),
        ("Islamic State", 2, "IQ", "rebel"),
        ("Unidentified Armed Group (Syria)", 4, "SY", "rebel"),
        ("Military Forces of Syria", 1, "SY", "state"),
        ("Saudi-led coalition", 8, "YE", "state"),
        ("Popular Mobilization Forces", 3, "IQ", "state"),
    ],
)
def test_side(name: str, inter: int, focus: str, expected: str) -> None:
    assert side(name, inter, focus) == expected


# --- the usual perpetrator -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("focus", "kind", "expected"),
    [
        ("PS", "air", "Military Forces of Israel"),
        ("PS", "arrest", "Military Forces of Israel"),
        ("LB", "air", "Military Forces of Israel"),
        ("YE", "air", "Saudi-led coalition"),
        ("SY", "air", "Military Forces of Syria"),
        ("SY", "suicide", "Islamic State"),
        ("IQ", "suicide", "Islamic State"),
    ],
)
def test_default_agent(focus: str, kind: str, expected: str) -> None:
    agent = default_agent(focus, kind)
    assert agent is not None
    assert agent.name == expected


@pytest.mark.parametrize(("focus", "kind"), [(None, "air"), ("EG", "air"), ("LB", "arrest"), ("SY", "loot"),
                                             # several sides shell, shoot and plant bombs there: nothing settles who
                                             ("SY", "shelling"), ("SY", "attack"), ("YE", "shelling"), ("SY", "ied"),
                                             ("IQ", "ied")])
def test_no_default_agent(focus: str | None, kind: str) -> None:
    assert default_agent(focus, kind) is None


# --- the other side ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agent", "focus", "expected"),
    [
        (ISRAEL, "LB", "Hezbollah"),
        (ISRAEL, "PS", "Palestinian armed groups"),
        (ISRAEL, "SY", "Hezbollah"),
        (RoleActor("Hezbollah", 3, ""), "LB", "Military Forces of Israel"),
        (RoleActor("Hamas Movement", 2, ""), "PS", "Military Forces of Israel"),
        (SYRIA, "SY", "Syrian opposition rebels"),
        (REBELS, "SY", "Military Forces of Syria"),
        (HOUTHI, "YE", "Popular Resistance (Yemen)"),
        (RoleActor("Military Forces of Yemen", 1, ""), "YE", "Houthi movement"),
        (RoleActor("Islamic State", 2, ""), "IQ", "Military Forces of Iraq"),
    ],
)
def test_opponent_when_the_article_names_none(agent: RoleActor, focus: str, expected: str) -> None:
    other = opponent(agent, [], focus)
    assert other is not None
    assert other.name == expected


def test_opponent_is_the_article_s_main_force_on_the_other_side() -> None:
    actors = [
        mention("Islamic State", 2),
        mention("Hay'at Tahrir al-Sham", 2),
        mention("Hay'at Tahrir al-Sham", 2),
        mention("Military Forces of Russia", 8),  # same side as the regime
        mention("Military Forces of Russia", 8),
        mention("Military Forces of Russia", 8),
        mention("Civilians (Syria)", 7, "civilian"),
        mention("Civilians (Syria)", 7, "civilian"),
        mention("Civilians (Syria)", 7, "civilian"),
    ]
    other = opponent(SYRIA, actors, "SY")
    assert other is not None
    assert other.name == "Hay'at Tahrir al-Sham"
    assert other.name_ar == "Hay'at Tahrir al-Sham"


def test_the_conflict_s_usual_opponent_wins_when_the_article_names_it() -> None:
    actors = [mention("Amal Movement", 3), mention("Amal Movement", 3), mention("Hezbollah", 3)]
    other = opponent(ISRAEL, actors, "LB")
    assert other is not None
    assert other.name == "Hezbollah"


def test_opponent_ignores_civilians_media_officials_protesters_and_itself() -> None:
    actors = [
        mention("Civilians (Lebanon)", 7, "civilian"),
        mention("Al Jazeera", 9, "media"),
        mention("Government of Lebanon", 1, "official"),
        mention("Protesters (Lebanon)", 6, "protester"),
        mention("Military Forces of Israel", 8),
    ]
    other = opponent(ISRAEL, actors, "LB")
    assert other is not None
    assert other.name == "Hezbollah"


def test_no_opponent_without_focus_or_article_actors() -> None:
    assert opponent(ISRAEL, [], None) is None


# --- at home or abroad ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "inter", "country", "expected"),
    [
        ("Military Forces of Syria", 8, "SY", 1),
        ("Military Forces of Syria", 1, "SY", 1),
        ("Military Forces of Syria", 1, "LB", 8),
        ("Military Forces of Israel", 1, "LB", 8),
        ("Military Forces of Israel", 8, "IL", 1),
        ("Military Forces of Russia", 1, "SY", 8),
        ("Police Forces of Iraq", 8, "IQ", 1),
        ("Security Forces of Lebanon", 1, "SY", 8),
        ("Military Forces of Iraq (2014-)", 8, "IQ", 1),
        ("Military Forces of Turkey: Gendarmerie", 1, "SY", 8),
    ],
)
def test_state_forces_are_1_at_home_and_8_abroad(name: str, inter: int, country: str, expected: int) -> None:
    got = at_home_or_abroad(RoleActor(name, inter, "قوات", 12), country)
    assert got is not None
    assert got.inter == expected
    assert (got.name, got.name_ar, got.start) == (name, "قوات", 12)


@pytest.mark.parametrize(
    "actor",
    [
        RoleActor("Hezbollah", 3, ""),
        RoleActor("Islamic State", 2, ""),
        RoleActor("Saudi-led coalition", 8, ""),  # not one state's forces
        RoleActor("Civilians (Syria)", 7, ""),
    ],
)
def test_other_actors_keep_their_inter(actor: RoleActor) -> None:
    assert at_home_or_abroad(actor, "SY") is actor


def test_at_home_or_abroad_without_actor_or_country() -> None:
    assert at_home_or_abroad(None, "SY") is None
    actor = RoleActor("Military Forces of Syria", 8, "")
    assert at_home_or_abroad(actor, None) is actor


# --- completing roles ----------------------------------------------------------------------------


def doc_of(text: str) -> Doc:
    return run(make_doc(Article("t", text)))


EMPTY = doc_of("خبر")


def complete(
    roles: Roles, etype: str, sub: str, focus: str | None, civ: bool = False, clause: str = "", doc: Doc = EMPTY
) -> Roles:
    return complete_roles(roles, etype, sub, doc, focus, civ, clause, clause)


def test_unnamed_air_strike_in_gaza_is_israel_s_inferred() -> None:
    r = complete(Roles(), EXPL, AIR, "PS", civ=True)
    assert r.actor1 is not None and r.actor1.name == "Military Forces of Israel"
    assert r.actor1.inter == 8
    assert r.inferred
    assert r.actor2 is not None and (r.actor2.name, r.actor2.inter) == ("Civilians (Palestine)", 7)


def test_complete_roles_does_not_change_its_input() -> None:
    given = Roles()
    complete(given, EXPL, AIR, "PS", civ=True)
    assert given.actor1 is None and given.actor2 is None and not given.inferred


def test_named_agent_is_not_inferred() -> None:
    r = complete(Roles(actor1=SYRIA), EXPL, SHELL, "SY", civ=True)
    assert r.actor1 == SYRIA
    assert not r.inferred


def test_battle_naming_only_the_losers_gets_the_other_side() -> None:
    r = complete(Roles(actor2=HOUTHI), "Battles", "Armed clash", "YE")
    assert r.actor1 is not None and r.actor1.name == "Popular Resistance (Yemen)"
    assert r.inferred
    assert r.actor2 == HOUTHI


def test_battle_with_israel_in_lebanon_is_against_hezbollah() -> None:
    r = complete(Roles(actor1=ISRAEL), "Battles", "Armed clash", "LB")
    assert r.actor2 is not None and (r.actor2.name, r.actor2.inter) == ("Hezbollah", 3)


def test_state_forces_come_first_in_a_clash() -> None:
    r = complete(Roles(actor1=REBELS, actor2=SYRIA), "Battles", "Armed clash", "SY", clause="اشتباكات عنيفة")
    assert r.actor1 is not None and r.actor1.name == "Military Forces of Syria"
    assert r.actor2 is not None and r.actor2.name == "Syrian opposition rebels"


def test_the_side_that_attacked_stays_first() -> None:
    r = complete(
        Roles(actor1=REBELS, actor2=SYRIA),
        "Battles",
        "Armed clash",
        "SY",
        clause="هاجم مقاتلو المعارضة حاجزا لقوات النظام",
    )
    assert r.actor1 is not None and r.actor1.name == "Syrian opposition rebels"


def test_violence_against_civilians_targets_civilians_of_the_country() -> None:
    r = complete(Roles(actor1=RoleActor("Islamic State", 2, "")), VAC, "Attack", "IQ")
    assert r.actor2 is not None and (r.actor2.name, r.actor2.inter) == ("Civilians (Iraq)", 7)


def test_civilians_without_a_country() -> None:
    r = complete(Roles(actor1=RoleActor("Islamic State", 2, "")), VAC, "Attack", None)
    assert r.actor2 is not None and r.actor2.name == "Civilians (International)"


def test_strike_on_a_military_target_hits_the_other_side() -> None:
    r = complete(Roles(actor1=SYRIA), EXPL, AIR, "SY", clause="قصفت الطائرات مواقع للفصائل")
    assert r.actor2 is not None and r.actor2.name == "Syrian opposition rebels"


def test_strike_on_a_town_hits_civilians_where_the_text_names_them() -> None:
    r = complete(Roles(actor1=SYRIA), EXPL, AIR, "SY", civ=True, clause="قصفت الطائرات بلدة كفرنبل")
    assert r.actor2 is not None and r.actor2.name == "Civilians (Syria)"
    r = complete(Roles(actor1=SYRIA), EXPL, AIR, "SY", clause="قصفت الطائرات منازل في بلدة كفرنبل")
    assert r.actor2 is not None and r.actor2.name == "Civilians (Syria)"
    r = complete(Roles(actor1=SYRIA), EXPL, AIR, "SY", clause="قصفت الطائرات بلدة كفرنبل")
    assert r.actor2 is not None and r.actor2.name == "Civilians (Syria)"


def test_riot_against_soldiers() -> None:
    r = complete(Roles(actor1=ISRAEL), "Riots", "Violent demonstration", "PS")
    assert r.actor1 is not None and (r.actor1.name, r.actor1.inter) == ("Rioters (Palestine)", 5)
    assert r.actor2 is not None and r.actor2.name == "Military Forces of Israel"
    assert not r.inferred


def test_protesters_are_actor1_and_police_actor2() -> None:
    police = RoleActor("Police Forces of Iraq", 1, "")
    r = complete(Roles(actor1=police), "Protests", "Protest with intervention", "IQ")
    assert r.actor1 is not None and (r.actor1.name, r.actor1.inter) == ("Protesters (Iraq)", 6)
    assert r.actor2 == police


def test_peaceful_protest_without_actors() -> None:
    r = complete(Roles(), "Protests", "Peaceful protest", "EG")
    assert r.actor1 is not None and (r.actor1.name, r.actor1.inter) == ("Protesters (Egypt)", 6)
    assert r.actor2 is None


def test_actor_is_never_its_own_opponent() -> None:
    r = complete(Roles(actor1=SYRIA, actor2=SYRIA), EXPL, SHELL, "SY")
    assert r.actor2 is None


def test_foreign_forces_abroad_are_recoded() -> None:
    r = complete(Roles(actor1=RoleActor("Military Forces of Syria", 1, "")), EXPL, AIR, "LB", civ=True)
    assert r.actor1 is not None and r.actor1.inter == 8


def test_battle_with_no_named_side_takes_the_article_s_main_armed_actor() -> None:
    doc = doc_of("اندلعت اشتباكات بين عناصر تنظيم الدولة في مدينة سرت، وقتل عنصران من تنظيم الدولة.")
    r = complete(Roles(), "Battles", "Armed clash", "LY", doc=doc)
    assert r.actor1 is not None and r.actor1.name == "Islamic State"


# --- end to end ----------------------------------------------------------------------------------


def extract(text: str) -> list[marsad.Event]:
    return marsad.extract(text, published="2024-05-07")


def test_record_israeli_soldiers_killed_in_lebanon_were_hit_by_hezbollah() -> None:
    # the side whose dead the toll counts was struck: the record lists it second, even a state's
    e = extract("قتل جنديان إسرائيليان في اشتباكات قرب بلدة عيتا الشعب جنوب لبنان.")[0]
    assert e.event_type == "Battles"
    assert e.actor1 is not None and (e.actor1.name, e.actor1.inter) == ("Hezbollah", 3)
    assert e.actor1_inferred
    assert e.actor2 is not None and (e.actor2.name, e.actor2.inter) == ("Military Forces of Israel", 8)


def test_record_a_clash_with_the_other_side_s_dead_keeps_the_state_first() -> None:
    e = extract("قتل خمسة مسلحين في اشتباكات مع الجيش الإسرائيلي قرب مدينة جنين.")[0]
    assert e.actor1 is not None and e.actor1.name == "Military Forces of Israel"


def test_record_syrian_forces_at_home_are_inter_1() -> None:
    e = extract("قصفت طائرات النظام بلدة كفرنبل بريف إدلب.")[0]
    assert e.actor1 is not None and (e.actor1.name, e.actor1.inter) == ("Military Forces of Syria", 1)


def test_record_israeli_forces_in_syria_are_inter_8() -> None:
    e = extract("شنت طائرات إسرائيلية غارات على مدينة دمشق.")[0]
    assert e.actor1 is not None and (e.actor1.name, e.actor1.inter) == ("Military Forces of Israel", 8)
    assert e.location.country == "SY"


def test_record_unnamed_strike_in_gaza_is_israel_s() -> None:
    e = extract("استشهد ثلاثة مواطنين في غارة على مدينة رفح جنوب قطاع غزة.")[0]
    assert e.actor1 is not None and e.actor1.name == "Military Forces of Israel"
    assert e.actor2 is not None and e.actor2.name == "Civilians (Palestine)"
    assert e.civilian_targeting


# --- issue 6 item 4: infer who struck only where the weapon settles it ----------------------------


def test_unnamed_shelling_where_several_sides_shell_stays_an_unidentified_group() -> None:
    r = complete(Roles(), EXPL, SHELL, "SY", civ=True, clause="قصف على حمص")
    assert r.actor1 is not None and (r.actor1.name, r.actor1.inter) == ("Unidentified Armed Group (Syria)", 3)
    assert r.inferred
    e = marsad.extract("قصف على مدينة حمص.", published="2024-05-07", min_confidence=0)[0]
    assert e.actor1 is not None and (e.actor1.name, e.actor1.inter) == ("Unidentified Armed Group (Syria)", 3)


def test_unnamed_air_strike_where_one_side_flies_keeps_its_air_force() -> None:
    r = complete(Roles(), EXPL, AIR, "SY", civ=True)
    assert r.actor1 is not None and r.actor1.name == "Military Forces of Syria" and r.inferred


def test_the_usual_perpetrator_is_not_inferred_against_its_own_side() -> None:
    # "قصف على مواقع للجيش": the army was hit, so the other side shelled it
    r = complete(Roles(actor2=SYRIA), EXPL, SHELL, "SY", clause="قصف على مواقع للجيش")
    assert r.actor1 is not None and r.actor1.name == "Syrian opposition rebels" and r.inferred
    assert r.actor2 is not None and r.actor2.name == "Military Forces of Syria"
    # "غارة على مواقع للجيش": not the army's own air force, and the rebels do not fly: left unnamed
    r = complete(Roles(actor2=SYRIA), EXPL, AIR, "SY", clause="غارة على مواقع للجيش")
    assert r.actor1 is None
    # a bomb that hit the army may come from anyone
    r = complete(Roles(actor2=SYRIA), EXPL, "Remote explosive/landmine/IED", "SY", clause="انفجار عبوة بدورية للجيش")
    assert r.actor1 is not None and r.actor1.name == "Unidentified Armed Group (Syria)"


def test_soldiers_named_with_no_country_are_the_event_country_s_forces() -> None:
    # "قتل جنود ..." in an article whose country is only known from the event's place
    soldiers = RoleActor("Military Forces", 1, "جنود")
    r = complete(Roles(actor2=soldiers), EXPL, "Remote explosive/landmine/IED", "AF")
    assert r.actor2 is not None and (r.actor2.name, r.actor2.inter) == ("Military Forces of Afghanistan", 1)
    police = RoleActor("Police Forces", 1, "الشرطة")
    r = complete(Roles(actor1=police), "Strategic developments", "Arrests", "EG")
    assert r.actor1 is not None and r.actor1.name == "Police Forces of Egypt"


# --- clash ordering: who took the initiative ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("فتح مسلحون من الحزب النار على دورية للشرطة قرب البلدة", True),
        ("نصب مقاتلو الحركة كمينا لقافلة عسكرية", True),
        ("اوقعت المقاومه قوه اسرائيليه في كمين شرق المدينه", True),
        # "اسرائيلي" holds "اسر", and "فجر" alone is dawn: no initiative
        ("اندلعت اشتباكات مع جنود اسرائيليين فجر اليوم", False),
        ("اقتحمت قوات الاحتلال البلده واندلعت مواجهات", False),  # the state's forces raided
    ],
)
def test_took_initiative(text: str, expected: bool) -> None:
    from marsad.stages.context import took_initiative

    assert took_initiative(text) is expected


def test_an_inferred_side_never_comes_before_a_named_state_force() -> None:
    r = complete(Roles(RoleActor("Palestinian armed groups", 2, ""), (), ISRAEL, (), True), "Battles",
                 "Armed clash", "PS", clause="اصيب جنديان اسرائيليان في اشتباكات في بلده قباطيه")
    assert r.actor1 is not None and r.actor1.name == "Military Forces of Israel"
    assert r.actor2 is not None and r.actor2.inter == 2


# --- the target of a bombing no clause names ----------------------------------------------------


def test_the_attacker_s_own_words_are_no_military_target() -> None:
    # "قوات" names who shelled, not what was hit: residential quarters are civilians' (the record's
    # target, record_target; the decider weighs the target complete_roles first gives, actor2)
    regime = RoleActor("Military Forces of Syria", 1, "قوات النظام")
    r = complete(Roles(actor1=regime), EXPL, SHELL, "SY", clause="قصفت قوات النظام الاحياء السكنيه في مدينه دوما")
    assert r.record_target is not None and (r.record_target.name, r.record_target.inter) == ("Civilians (Syria)", 7)


def test_civilian_harm_named_makes_the_target_civilians_whoever_struck() -> None:
    coalition = RoleActor("Saudi-led coalition", 8, "طيران التحالف")
    homes = "شن طيران التحالف غارات على منازل المواطنين في البلده"
    r = complete(Roles(actor1=coalition), EXPL, AIR, "YE", clause=homes)
    assert r.record_target is not None and r.record_target.inter == 7
    r = complete(Roles(actor1=ISRAEL), EXPL, AIR, "PS", clause="اغارت الطائرات علي احياء شرق المدينه موقعا خمسه شهداء")
    assert r.record_target is not None and r.record_target.inter == 7


def test_a_foreign_ally_s_air_strike_on_places_hits_the_war_s_other_side() -> None:
    coalition = RoleActor("Saudi-led coalition", 8, "طيران التحالف")
    doc = make_doc(Article(id="t", text="شن طيران التحالف غارات على مناطق يسيطر عليها الحوثيون."))
    run(doc)
    places = "شن طيران التحالف غارات عده على مناطق في المحافظه"
    r = complete(Roles(actor1=coalition), EXPL, AIR, "YE", clause=places, doc=doc)
    assert r.record_target is not None and (r.record_target.name, r.record_target.inter) == ("Houthi movement", 2)
    # where the strike killed or wounded people the text does not call fighters: civilians
    r = complete_roles(Roles(actor1=coalition), EXPL, AIR, doc, "YE", False,
                       "شن طيران التحالف غارات على مناطق في المحافظه ما اوقع قتلي", "", toll=True)
    assert r.record_target is not None and r.record_target.inter == 7
    # rebels' shells on a town, and an occupying army's strikes on places, stay against civilians
    r = complete(Roles(actor1=HOUTHI), EXPL, SHELL, "YE", clause="قصف الحوثيون مناطق في المدينه")
    assert r.record_target is not None and r.record_target.inter == 7
    regime = RoleActor("Military Forces of Syria", 1, "قوات النظام")
    r = complete(Roles(actor1=regime), EXPL, SHELL, "SY", clause="قصفت قوات النظام بلدات في الريف")
    assert r.record_target is not None and r.record_target.inter == 7
    r = complete(Roles(actor1=ISRAEL), EXPL, AIR, "PS", clause="قصف الاحتلال مناطق في القطاع")
    assert r.record_target is not None and r.record_target.inter == 7


def test_causing_casualties_is_no_military_site() -> None:
    from marsad.stages.kinds import MILITARY_TARGET

    assert MILITARY_TARGET.search("قصفت الطائرات موقعا عسكريا")
    assert not MILITARY_TARGET.search("قصف مناطق في البلده موقعا عشرات القتلي")
    assert not MILITARY_TARGET.search("قصف البلده موقعا 7 قتلي")


def test_the_record_names_the_target_read_closely() -> None:
    e = extract("شن طيران التحالف غارات عدة على مناطق في محافظة صعدة شمال اليمن.")[0]
    assert e.actor1 is not None and e.actor1.name == "Saudi-led coalition"
    assert e.actor2 is not None and (e.actor2.name, e.actor2.inter) == ("Houthi movement", 2)
    e = extract("قصفت قوات النظام الأحياء السكنية في مدينة دوما.")[0]
    assert e.actor2 is not None and e.actor2.inter == 7 and e.civilian_targeting
