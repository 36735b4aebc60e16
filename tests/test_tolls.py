"""Tolls: the count attached to a killed/injured trigger, with ACLED's conventions for vague words."""

from __future__ import annotations

import pytest

import marsad
from marsad.stages.tolls import Toll, find_tolls
from marsad.stages.triggers import find_triggers
from marsad.text.normalize import normalize
from marsad.text.numbers import find_numbers


def tolls(text: str, kind: str) -> list[Toll]:
    norm = normalize(text)
    found = find_tolls(norm, find_triggers(norm), find_numbers(norm), 0)
    return [t for t in found if t.kind == kind]


def first(text: str, kind: str) -> Toll:
    found = tolls(text, kind)
    assert found, f"no {kind} toll in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("أعلن الجيش مقتل 5 جنود في الهجوم.", 5),
        ("سقط 18 قتيلا في القصف.", 18),
        ("أسفر القصف عن سقوط قتيلين.", 2),
        ("أسفرت الغارة عن مقتل مدني.", 1),
        ("قتل 7 مدنيين في الغارة.", 7),
        ("استشهد ثلاثة أطفال في القصف.", 3),
        ("أسفر الهجوم عن مقتل جنديين.", 2),
        ("قتل ١٢ شخصا في الانفجار.", 12),
    ],
)
def test_killed_exact(text: str, best: int) -> None:
    t = first(text, "killed")
    assert t.best == best
    assert not t.vague


def test_more_than_thousands() -> None:
    t = first("قتل أكثر من 13 ألفا من السكان.", "killed")
    assert (t.best, t.low, t.high) == (13000, 13000, None)
    assert t.approximate


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("أصيب نحو ستين جريحا في الانفجار.", 60),
        ("سقط نحو ستين جريحا في الانفجار.", 60),
        ("أصيب 12 شخصا بجروح.", 12),
    ],
)
def test_injured(text: str, best: int) -> None:
    t = first(text, "injured")
    assert t.best == best


def test_about_sixty_injured_is_approximate() -> None:
    assert first("سقط نحو ستين جريحا في الانفجار.", "injured").approximate


def test_killed_and_injured_in_one_clause() -> None:
    text = "قتل 7 مدنيين وأصيب 12 آخرون في القصف."
    assert first(text, "killed").best == 7
    assert first(text, "injured").best == 12


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("انفجرت عبوة ناسفة دون وقوع إصابات.", "injured"),
        ("سقطت القذيفة دون وقوع إصابات.", "injured"),
        ("انفجرت سيارة مفخخة دون سقوط قتلى.", "killed"),
    ],
)
def test_no_casualties_is_zero(text: str, kind: str) -> None:
    t = first(text, kind)
    assert t.best == 0
    assert not t.approximate


def test_tens_is_twelve_approximate() -> None:
    t = first("قتل عشرات المدنيين في القصف.", "killed")
    assert t.best == 12
    assert t.approximate


def test_toll_without_number_is_vague() -> None:
    t = first("سقط قتلى في القصف.", "killed")
    assert t.vague
    assert t.best is None


def test_toll_span_covers_text() -> None:
    norm = normalize("أعلن الجيش مقتل 5 جنود في الهجوم.")
    t = find_tolls(norm, find_triggers(norm), find_numbers(norm), 0)[0]
    assert 0 <= t.start < t.end <= len(norm)
    assert "5" in norm[t.start : t.end]


def test_number_before_verb_toll() -> None:
    assert first("قال ناشطون إن سبعة مدنيين قتلوا في القصف.", "killed").best == 7
    # the noun and whose it is between: "ستة عناصر من الشرطة قتلوا"
    assert first("وقال المحافظ إن ستة عناصر من الشرطة قتلوا في الكمين.", "killed").best == 6
    assert first("وأكد شهود أن تسعة أفراد من العشيرة قتلوا وجرح عشرون آخرون.", "killed").best == 9
    # a figure in another sentence part is not the subject
    assert first("وصل 40 جنديا إلى المدينة، ثم قتلوا خمسة مسلحين.", "killed").best == 5


# --- through the pipeline ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("قصفت طائرات النظام مدينة دوما ما أدى إلى مقتل 5 مدنيين.", 5),
        ("قتل 18 مدنيا في قصف على مدينة حلب.", 18),
    ],
)
def test_fatalities_in_record(text: str, best: int) -> None:
    events = marsad.extract(text, published="2024-05-07")
    assert events
    assert events[0].fatalities.best == best


def test_a_toll_before_the_event_it_came_of_is_that_event_s() -> None:
    text = ("وقال المسؤولون إن قوة من الجيش شنت عملية عسكرية على قرى المنصورية شمال مدينة بعقوبة تمكنت "
            "خلالها من قتل 11 مسلحا، وأشاروا إلى مقتل 10 مدنيين وإصابة 17 آخرين في انفجار عبوتين ناسفتين "
            "في قضاء بلدروز.")
    events = marsad.extract(text, published="2024-05-07")
    got = {e.location.name_ar: (e.fatalities.best if e.fatalities else None,
                                e.injured.best if e.injured else None) for e in events}
    assert got["بلدروز"] == (10, 17)
    assert got["المنصورية"][0] == 11


def test_no_injuries_in_record_is_zero() -> None:
    events = marsad.extract("سقطت قذيفة هاون على مدينة دمشق دون وقوع إصابات.", published="2024-05-07")
    assert events
    assert events[0].fatalities.best == 0
    assert events[0].injured is None or events[0].injured.best == 0


def test_updated_toll_replaces_rather_than_adds() -> None:
    from marsad import extract

    text = ("انفجرت سيارة مفخخة في سوق مدينة الرمادي صباح اليوم ما أدى إلى مقتل 12 شخصا. "
            "وارتفع عدد القتلى لاحقا إلى 27 قتيلا بحسب مصادر طبية.")
    events = extract(text, published="2024-05-07")
    assert len(events) == 1
    assert events[0].fatalities.best == 27
    assert any("مصادر طبية" in s.name_ar for s in events[0].sources)


# --- issue 6: counts before their group and verb; one number, one toll; duals; persons -----------


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("وقال مسؤول إن 14 من عناصر الميليشيا المسلحة قتلوا في الاشتباكات.", 14),
        ("وذكر المصدر أن 9 من مقاتلي الجماعة المتشددة لقوا مصرعهم في القصف.", 9),
    ],
)
def test_a_number_then_min_and_a_group_then_the_passive_verb(text: str, best: int) -> None:
    assert first(text, "killed").best == best


def test_a_number_counted_for_the_dead_is_not_reused_for_the_wounded() -> None:
    text = "قتل ما لا يقل عن 9 مسلحين وجرح آخرون في الاشتباك."
    assert first(text, "killed").best == 9
    wounded = first(text, "injured")
    assert wounded.best is None and wounded.vague


def test_a_dual_noun_before_its_passive_verb_counts_two() -> None:
    text = "وقالت الشرطة إن شرطيين قتلا وأصيب 12 في الانفجار."
    assert first(text, "killed").best == 2
    assert first(text, "injured").best == 12


@pytest.mark.parametrize("text", ["اغتال مسلحون زعيما قبليا في المدينة.", "قتل مسلحون شيخا قبليا في المدينة."])
def test_a_leader_killed_counts_one_not_a_vague_toll(text: str) -> None:
    t = first(text, "killed")
    assert t.best == 1 and not t.vague


@pytest.mark.parametrize(
    "text",
    [
        "أسفر القصف عن سقوط أكثر من 80 ما بين قتيل وجريح في الحي.",
        "خلف التفجير 45 قتيلا وجريحا في السوق.",
        "قتل نحو 60 بين شهيد ومصاب في القصف على البلدة.",
    ],
)
def test_one_figure_for_the_dead_and_wounded_together_counts_neither(text: str) -> None:
    assert all(t.best is None and t.vague for t in tolls(text, "killed"))
    assert all(t.best is None for t in tolls(text, "injured"))


def test_the_dead_and_the_wounded_each_with_a_figure_are_counted_apart() -> None:
    text = "سقط 12 قتيلا و30 جريحا في الهجوم."
    assert first(text, "killed").best == 12
    assert first(text, "injured").best == 30
    text = "أسفر الانفجار عن 9 شهداء وإصابة 14 آخرين."
    assert first(text, "killed").best == 9
    assert first(text, "injured").best == 14


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("لقي خمسة مسلحين مصرعهم في الكمين.", 5),
        ("لقي سبعة من عناصر الجماعة على الأقل مصرعهم في الاشتباك.", 7),
        ("ولقي 3 أشخاص حتفهم في الحريق الذي أشعله المهاجمون.", 3),
    ],
)
def test_the_dead_between_laqiya_and_their_death_are_counted(text: str, best: int) -> None:
    t = first(text, "killed")
    assert (t.best, t.vague) == (best, False)


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("أسفر الهجوم عن مقتل ضابط ومجند.", 2),
        ("أعلنت الشرطة مقتل قائد دورية وشرطي في الكمين.", 2),
        ("أسفر الانفجار عن استشهاد ضابط وأربعة جنود.", 5),
    ],
)
def test_people_joined_by_and_after_a_toll_are_all_counted(text: str, best: int) -> None:
    assert first(text, "killed").best == best


def test_a_day_s_running_total_is_not_added_to_the_event_s_toll() -> None:
    text = "أعلن الجيش مقتل جندي في المعارك، لترتفع حصيلة اليوم الأحد إلى 4 قتلى في الجبهتين."
    assert [t.best for t in tolls(text, "killed")] == [1]


def test_at_least_between_the_counted_noun_and_its_verb() -> None:
    for text in ("قال المسعفون إن 5 فلسطينيين على الأقل استشهدوا في قصف على مدينة جنين",
                 "قال المسعفون إن خمسة فلسطينيين على الأقل استشهدوا في قصف على مدينة جنين"):
        e = marsad.extract(text + ".", published="2024-05-07", min_confidence=0)[0]
        assert e.fatalities.best == 5
