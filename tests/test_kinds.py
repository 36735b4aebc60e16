"""What kind of event a trigger names: sub-types refined by weapon, actor and victims
(``refine_kind``), civilian or fighter victims (``victims_of``), protests that turn riots or meet
force (``protest_kind``); then the same conventions end to end on composed sentences."""

from __future__ import annotations

import pytest

import marsad
from marsad.models import Event, TriggerMention
from marsad.stages.kinds import AIR, EXPL, SHELL, VAC, protest_kind, refine_kind, victims_of
from marsad.stages.roles import RoleActor, Roles
from marsad.stages.tolls import Toll
from marsad.text.normalize import normalize

ISRAEL = RoleActor("Military Forces of Israel", 8, "")
SYRIA = RoleActor("Military Forces of Syria", 1, "")
REBELS = RoleActor("Syrian opposition rebels", 2, "")
HEZBOLLAH = RoleActor("Hezbollah", 3, "")
IS = RoleActor("Islamic State", 2, "")
POLICE = RoleActor("Police Forces of Iraq", 1, "")
COALITION = RoleActor("Saudi-led coalition", 8, "")
CIVILIANS = RoleActor("Civilians (Syria)", 7, "")


def trig(event_type: str, sub: str, *tags: str, text: str = "x", form: str = "verb") -> TriggerMention:
    return TriggerMention(0, len(text), event_type, sub, text, form=form, tags=tags)


BOMB = trig(EXPL, SHELL, "generic_bomb", text="قصف")


def kind(
    t: TriggerMention,
    clause: str,
    a1: RoleActor | None = None,
    a2: RoleActor | None = None,
    focus: str | None = None,
    others: list[TriggerMention] | None = None,
    civ: bool = False,
) -> tuple[str, str] | None:
    return refine_kind(t, normalize(clause), Roles(actor1=a1, actor2=a2), focus, others or [], civ)


# --- "قصف": air strike or shelling -------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "actor", "focus", "expected"),
    [
        ("قصف جيش الاحتلال منزلا في غزة", ISRAEL, "PS", AIR),  # an occupying air force
        ("قصف منزلا في غزة", None, "PS", AIR),  # no agent named in Gaza: Israel's aircraft
        ("قصف منزلا في بلدة بنت جبيل", None, "LB", AIR),
        ("قصف مدفعي لقوات النظام على بلدة كفرنبل", SYRIA, "SY", SHELL),
        ("قصفت قوات النظام بلدة كفرنبل", SYRIA, "SY", SHELL),  # a regime with no weapon named: shelling
        ("قصفت طائرات النظام بلدة كفرنبل", SYRIA, "SY", AIR),
        ("قصف الطيران الحربي بلدة كفرنبل", SYRIA, "SY", AIR),
        ("قصفت طائرة مسيرة سيارة في مأرب", None, "YE", AIR),
        ("قصفت قوات الاحتلال بالدبابات منزلا في غزة", ISRAEL, "PS", SHELL),  # tanks, not aircraft
        ("قصف بقذائف الهاون على حي في دمشق", None, "SY", SHELL),
        ("قصف جوي ومدفعي على بلدة كفرنبل", SYRIA, "SY", SHELL),  # both named: shelling too
        ("قصفت قوات التحالف مواقع في صعدة", COALITION, "YE", AIR),
        ("قصف مواقع في صعدة", None, "YE", SHELL),
    ],
)
def test_generic_bombing(clause: str, actor: RoleActor | None, focus: str, expected: str) -> None:
    assert kind(BOMB, clause, actor, focus=focus) == (EXPL, expected)


# --- territory ---------------------------------------------------------------------------------


TERRITORY = trig("Battles", "Government regains territory", "territory", text="سيطرت")


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (REBELS, "Non-state actor overtakes territory"),
        (IS, "Non-state actor overtakes territory"),
        (RoleActor("Unidentified Armed Group (Syria)", 4, ""), "Non-state actor overtakes territory"),
        (SYRIA, "Government regains territory"),
        (RoleActor("Military Forces of Iraq", 1, ""), "Government regains territory"),
    ],
)
def test_territory_by_who_took_it(actor: RoleActor, expected: str) -> None:
    assert kind(TERRITORY, "سيطرت على بلدة مورك", actor) == ("Battles", expected)


# --- arrests -------------------------------------------------------------------------------------


ARREST = trig("Strategic developments", "Arrests", "arrest", text="اعتقل")


@pytest.mark.parametrize("actor", [IS, REBELS, HEZBOLLAH, RoleActor("Unidentified Armed Group", 4, "")])
def test_arrests_by_armed_groups_are_abductions(actor: RoleActor) -> None:
    assert kind(ARREST, "اعتقل خمسة مدنيين", actor) == (VAC, "Abduction/forced disappearance")


@pytest.mark.parametrize("actor", [POLICE, SYRIA, ISRAEL, None])
def test_arrests_by_states_stay_arrests(actor: RoleActor | None) -> None:
    assert kind(ARREST, "اعتقل خمسة أشخاص", actor) == ("Strategic developments", "Arrests")


# --- massacres, attacks, shootings ---------------------------------------------------------------


MASSACRE = trig(VAC, "Attack", "massacre", text="مجزره", form="noun")


def test_massacre_beside_its_bombing_is_no_event_of_its_own() -> None:
    other = trig(EXPL, AIR, text="غارات", form="noun")
    assert kind(MASSACRE, "ارتكبت الطائرات مجزرة بغارات على البلدة", SYRIA, others=[other]) is None


@pytest.mark.parametrize(
    ("actor", "focus", "expected"),
    [
        (ISRAEL, "PS", (EXPL, AIR)),
        (None, "PS", (EXPL, AIR)),
        (None, "LB", (EXPL, AIR)),
        (IS, "IQ", (VAC, "Attack")),
        (None, "IQ", (VAC, "Attack")),
    ],
)
def test_massacre(actor: RoleActor | None, focus: str, expected: tuple[str, str]) -> None:
    assert kind(MASSACRE, "ارتكب مجزرة في البلدة", actor, focus=focus) == expected


ATTACK = trig("Battles", "Armed clash", "generic_attack", text="هاجم")


def test_attack_on_civilians_is_violence_against_civilians() -> None:
    assert kind(ATTACK, "هاجم مسلحون قرية", IS, civ=True) == (VAC, "Attack")
    assert kind(ATTACK, "هاجم مسلحون قرية", IS, CIVILIANS) == (VAC, "Attack")


def test_attack_on_armed_men_is_a_clash() -> None:
    assert kind(ATTACK, "هاجم مسلحون حاجزا للجيش", IS, SYRIA) == ("Battles", "Armed clash")


def test_attack_made_with_rockets_is_shelling_not_a_clash() -> None:
    # "في هجوم يشنه الحزب بالصواريخ": rockets fired from afar, whoever the target
    assert kind(ATTACK, "هجوم واسع تشنه الجماعة بالصواريخ على مدن الساحل", IS, None) == (EXPL, SHELL)
    assert kind(ATTACK, "هجوم بقذائف الهاون على بلدة حدودية", IS, None, civ=True) == (EXPL, SHELL)
    assert kind(ATTACK, "هاجم مسلحون بالبنادق حاجزا للجيش", IS, SYRIA) == ("Battles", "Armed clash")


def test_attack_word_beside_a_bombing_is_no_event_of_its_own() -> None:
    assert kind(ATTACK, "هجوم بطائرة مسيرة", None, others=[trig(EXPL, AIR)]) is None


SHOOTING = trig(VAC, "Attack", "shooting", text="اطلق النار")


def test_shooting_at_fighters_is_a_clash_and_at_civilians_an_attack() -> None:
    assert kind(SHOOTING, "اطلق مسلحون النار على دورية", IS, SYRIA) == ("Battles", "Armed clash")
    assert kind(SHOOTING, "اطلق جنود النار على مزارعين", ISRAEL, CIVILIANS) == (VAC, "Attack")
    assert kind(SHOOTING, "اطلق جنود النار على شاب", ISRAEL, None, civ=True) == (VAC, "Attack")


def test_shooting_inside_a_battle_is_part_of_it() -> None:
    assert kind(SHOOTING, "اشتباكات وتبادل لاطلاق النار", IS, SYRIA, others=[trig("Battles", "Armed clash")]) is None


# --- protests, drones and explosives -------------------------------------------------------------


PROTEST_NOUN = trig("Protests", "Peaceful protest", "protest", text="احتجاجات", form="noun")


def test_protest_word_with_nothing_happening_is_no_event() -> None:
    assert kind(PROTEST_NOUN, "في ظل موجة الاحتجاجات التي تعصف بالبلاد") is None


def test_protest_that_took_place_is_one() -> None:
    assert kind(PROTEST_NOUN, "اندلعت احتجاجات في المدينة") == ("Protests", "Peaceful protest")
    assert kind(PROTEST_NOUN, "خرج المئات في احتجاجات بالمدينة") == ("Protests", "Peaceful protest")


MARCH = trig("Protests", "Peaceful protest", "march", text="مسيره", form="noun")


def test_masira_is_a_march_in_a_protest_and_a_drone_in_a_war() -> None:
    assert kind(MARCH, "خرجت مسيرة حاشدة تنديدا بالعدوان") == ("Protests", "Peaceful protest")
    assert kind(MARCH, "نفذت مسيرة اسرائيلية هجوما على سيارة") == (EXPL, AIR)
    assert kind(MARCH, "نفذت مسيرة العودة") is None
    assert kind(MARCH, "مسيرة العودة") is None  # nothing happens


def test_dispersal_without_a_protest_is_no_event() -> None:
    disperse = trig("Protests", "Protest with intervention", "intervention", text="فرقت")
    assert kind(disperse, "فرقت الشرطة تجمعا") is None
    protest = trig("Protests", "Peaceful protest", "protest")
    assert kind(disperse, "فرقت الشرطة مظاهرة", others=[protest]) == ("Protests", "Protest with intervention")


@pytest.mark.parametrize(
    "clause",
    ["عثرت قوات الأمن على عبوة ناسفة وقامت بتفكيكها", "فجرت قوات الهندسة عبوة ناسفة تم تفجيرها عن بعد"],
)
def test_defused_explosives_are_disrupted_weapons_use(clause: str) -> None:
    ied = trig(EXPL, "Remote explosive/landmine/IED", "ied", text="عبوه")
    assert kind(ied, clause) == ("Strategic developments", "Disrupted weapons use")


def test_car_bomb_driven_by_its_bomber_is_a_suicide_bomb() -> None:
    car = trig(EXPL, "Remote explosive/landmine/IED", "ied", text="سياره مفخخه", form="noun")
    assert kind(car, "فجر انتحاري سيارة مفخخة عند حاجز") == (EXPL, "Suicide bomb")
    assert kind(car, "انفجرت سيارة مفخخة مركونة قرب السوق") == (EXPL, "Remote explosive/landmine/IED")


def test_security_checkpoints_called_ambushes_are_no_event() -> None:
    ambush = trig("Battles", "Armed clash", "ambush", text="كمائن", form="noun")
    assert kind(ambush, "اقامة ثلاثة كمائن امنية على الطريق") is None
    assert kind(ambush, "نصب مسلحون كمينا لدورية") == ("Battles", "Armed clash")


def test_plain_trigger_keeps_its_type() -> None:
    clash = trig("Battles", "Armed clash", text="اشتباكات", form="noun")
    assert kind(clash, "اندلعت اشتباكات في البلدة") == ("Battles", "Armed clash")


# --- victims -------------------------------------------------------------------------------------


def _toll(norm: str, victim: str | None) -> Toll:
    vs = norm.find(victim) if victim else -1
    ve = vs + len(victim) if victim else -1
    return Toll("killed", 3, 3, 3, False, "3", 0, 1, False, vs, ve)


@pytest.mark.parametrize(
    ("text", "victim", "expected"),
    [
        ("مقتل 3 مدنيين", "مدنيين", (True, False)),
        ("استشهاد 3 اطفال", "اطفال", (True, False)),
        ("استشهاد 3 فلسطينيين", "فلسطينيين", (True, False)),
        ("مقتل 3 صحفيين", "صحفيين", (True, False)),
        ("مقتل 3 جنود", "جنود", (False, True)),
        ("مقتل 3 عناصر من الجيش", "عناصر", (False, True)),
        ("مقتل 3 مسلحين", "مسلحين", (False, True)),
        ("مقتل 3 حوثيين", "حوثيين", (False, True)),
        ("مقتل 3 ضباط", "ضباط", (False, True)),
        ("مقتل 3", None, (False, False)),
    ],
)
def test_victims_of(text: str, victim: str | None, expected: tuple[bool, bool]) -> None:
    norm = normalize(text)
    assert victims_of(norm, [_toll(norm, victim and normalize(victim))]) == expected


def test_victims_of_several_tolls() -> None:
    norm = normalize("مقتل 3 جنود و3 مدنيين")
    tolls = [_toll(norm, "جنود"), _toll(norm, "مدنيين")]
    assert victims_of(norm, tolls) == (True, True)
    assert victims_of(norm, []) == (False, False)


# --- protests, riots, force ----------------------------------------------------------------------


def _kinds(*keys: tuple[str, str]) -> dict[tuple[str, str], tuple[TriggerMention | None, Roles]]:
    return {k: (trig(*k), Roles()) for k in keys}


PEACEFUL = ("Protests", "Peaceful protest")
INTERVENTION = ("Protests", "Protest with intervention")
RIOT = ("Riots", "Violent demonstration")
KILLED = Toll("killed", 2, 2, 2, False, "2", 0, 1)


def test_protest_with_stone_throwing_is_one_riot() -> None:
    got = protest_kind(_kinds(PEACEFUL, RIOT), None)
    assert list(got) == [RIOT]


def test_riot_drops_looting_told_with_it() -> None:
    got = protest_kind(_kinds(PEACEFUL, RIOT, ("Riots", "Looting/property destruction")), None)
    assert list(got) == [RIOT]


def test_protesters_killed_is_excessive_force() -> None:
    got = protest_kind(_kinds(PEACEFUL, (VAC, "Attack")), KILLED)
    assert list(got) == [("Protests", "Excessive force against protesters")]


def test_protesters_killed_vaguely_is_excessive_force() -> None:
    vague = Toll("killed", None, None, None, False, "قتلى", 0, 1, vague=True)
    assert list(protest_kind(_kinds(PEACEFUL), vague)) == [("Protests", "Excessive force against protesters")]


def test_protest_dispersed_is_protest_with_intervention() -> None:
    got = protest_kind(_kinds(PEACEFUL, INTERVENTION), None)
    assert list(got) == [INTERVENTION]


def test_peaceful_protest_keeps_other_kinds() -> None:
    arrest = ("Strategic developments", "Arrests")
    got = protest_kind(_kinds(PEACEFUL, arrest), None)
    assert list(got) == [PEACEFUL, arrest]


def test_protest_keeps_its_first_trigger() -> None:
    kinds = _kinds(INTERVENTION, PEACEFUL)
    got = protest_kind(kinds, None)
    assert got[INTERVENTION] is kinds[INTERVENTION]


# --- end to end ----------------------------------------------------------------------------------


def extract(text: str, title: str | None = None) -> list[Event]:
    return marsad.extract(text, published="2024-05-07", title=title)


def kinds_of(text: str) -> list[tuple[str, str]]:
    """The kinds of every candidate record: whether the decider keeps one is another test's."""
    return [(e.event_type, e.sub_event_type) for e in marsad.extract(text, published="2024-05-07", min_confidence=0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصفت قوات الاحتلال الإسرائيلي مدينة غزة اليوم، ما أدى إلى استشهاد ثلاثة مواطنين.", (EXPL, AIR)),
        ("قصف جيش الاحتلال منزلا في مدينة خان يونس جنوب قطاع غزة.", (EXPL, AIR)),
        ("قصف مدفعي لقوات النظام على بلدة كفرنبل بريف إدلب أدى إلى مقتل مدني.", (EXPL, SHELL)),
        ("قصفت قوات النظام بالمدفعية بلدة كفرنبل بريف إدلب.", (EXPL, SHELL)),
        ("قصفت المدفعية الإسرائيلية بلدة كفركلا جنوب لبنان.", (EXPL, SHELL)),
        ("سيطرت فصائل المعارضة على بلدة مورك بريف حماة الشمالي.", ("Battles", "Non-state actor overtakes territory")),
        ("سيطرت قوات النظام على بلدة مورك بريف حماة الشمالي.", ("Battles", "Government regains territory")),
        ("اعتقل تنظيم الدولة خمسة مدنيين في مدينة الرقة.", (VAC, "Abduction/forced disappearance")),
        ("اعتقلت الشرطة خمسة أشخاص في مدينة الرقة.", ("Strategic developments", "Arrests")),
        ("خرج مئات المتظاهرين في مدينة نابلس تنديدا بالاستيطان.", PEACEFUL),
        ("رشق شبان قوات الاحتلال بالحجارة في مدينة نابلس.", RIOT),
    ],
)
def test_record_kind(text: str, expected: tuple[str, str]) -> None:
    assert kinds_of(text) == [expected]


def test_record_protest_with_stone_throwing_is_one_riot() -> None:
    assert kinds_of("تظاهر مئات المحتجين في مدينة نابلس ورشقوا قوات الاحتلال بالحجارة.") == [RIOT]


def test_record_stone_throwing_during_a_demonstration_is_a_riot() -> None:
    assert kinds_of("رشق متظاهرون غاضبون قوات الاحتلال بالحجارة خلال مظاهرة في مدينة نابلس.") == [RIOT]


def test_record_riot_against_soldiers_names_them() -> None:
    e = extract("رشق متظاهرون غاضبون قوات الاحتلال بالحجارة في مدينة نابلس.")[0]
    assert e.actor1 is not None and e.actor1.inter == 5
    assert e.actor2 is not None and e.actor2.name == "Military Forces of Israel"


def test_record_evidence_is_normalized_clause() -> None:
    text = "قصف مدفعي لقوات النظام على بلدة كفرنبل بريف إدلب أدى إلى مقتل مدني."
    e = extract(text)[0]
    assert normalize(e.evidence.text).startswith("قصف مدفعي")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("هاجم حشد غاضب منزل عائلة في قرية بالمنيا وأحرقوه.", ("Riots", "Mob violence")),
        ("فرضت السلطات حظر التجول في مدينة البصرة.", ("Strategic developments", "Other")),
    ],
)
def test_record_mob_violence_and_other(text: str, kind: tuple[str, str]) -> None:
    events = extract(text)
    assert kind in [(e.event_type, e.sub_event_type) for e in events]


# --- issue 6 item 4: an attack foiled is a battle; a bombing foiled is a disrupted weapon ----------


def test_an_attack_foiled_is_a_battle_and_a_bombing_foiled_a_disrupted_weapon() -> None:
    foil = trig("Strategic developments", "Disrupted weapons use", "disrupt", text="احبطت")
    assert kind(foil, "احبطت القوات هجوما شنه مسلحون على قرية") == ("Battles", "Armed clash")
    assert kind(foil, "احبطت المعارضة محاولة تقدم للقوات النظامية") == ("Battles", "Armed clash")
    assert kind(foil, "احبطت الشرطة هجوما انتحاريا بسيارة مفخخة") == ("Strategic developments", "Disrupted weapons use")
    bomb = trig(EXPL, "Remote explosive/landmine/IED", "explosion", text="تفجيرا", form="noun")
    assert kind(bomb, "احبطت الشرطة تفجيرا قرب محطة القطارات") == ("Strategic developments", "Disrupted weapons use")
    assert kind(bomb, "وقع تفجير قرب محطة القطارات") == (EXPL, "Remote explosive/landmine/IED")


# --- arrests told in other words ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "أعلنت وزارة الداخلية ضبط خلية إرهابية في مدينة الدمام.",
        "تمكنت الأجهزة الأمنية من تفكيك شبكة لتهريب السلاح في مدينة تبوك.",
        "أعلنت الشرطة توقيف ثلاثة مطلوبين في مدينة أبها.",
    ],
)
def test_arrests_are_by_state_forces(text: str) -> None:
    events = [e for e in marsad.extract(text, published="2019-10-02") if e.sub_event_type == "Arrests"]
    assert events
    assert all(e.actor1 is not None and e.actor1.inter == 1 for e in events)


def test_weapon_words_anywhere_in_the_clause_decide_a_bombardment() -> None:
    # the scope ends before the next trigger group ("بقذائف المدفعيه"): the clause's words decide
    scope = normalize("قصفت قوات الاحتلال منازل في بلدة القرارة ب")
    clause = normalize("قصفت قوات الاحتلال منازل في بلدة القرارة بقذائف المدفعية الثقيلة")
    assert refine_kind(BOMB, scope, Roles(ISRAEL), "PS", [], True) == (EXPL, AIR)
    assert refine_kind(BOMB, scope, Roles(ISRAEL), "PS", [], True, whole_clause=clause) == (EXPL, SHELL)
    air = normalize("قصفت قوات الاحتلال منازل في بلدة القرارة بطائرات حربية")
    assert refine_kind(BOMB, scope, Roles(SYRIA), "SY", [], True, whole_clause=air) == (EXPL, AIR)
