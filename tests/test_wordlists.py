"""The word tables of ``data/words/`` and their one loader, :mod:`marsad.resources.wordlists`."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

from marsad.resources import wordlists as wl

TABLES = wl.tables()


def test_tables_are_shipped() -> None:
    assert {"events", "numbers", "dates", "story_dates", "finalize", "segment", "place_words",
            "places_select", "places", "tolls", "kinds", "triggers", "roles"} <= set(TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_no_list_repeats_an_entry(name: str) -> None:
    for key in wl.list_names(name):
        got = wl.entries(name, key)
        assert len(set(got)) == len(got), f"{name}.tsv: {key} repeats {[e for e in got if got.count(e) > 1]}"


# lists of "name=number" rows: a name (word or phrase) and its number
NUMBERED = [("dates", "gregorian_months"), ("dates", "hijri_months")]
# lists of "word=value" rows that a module reads as a mapping
MAPPED = [("place_words", "place_words"), ("place_words", "directions"), ("place_words", "dir_adj"),
          ("places_select", "country_names")]


@pytest.mark.parametrize(("name", "key"), NUMBERED)
def test_numbered_rows_are_a_name_and_a_number(name: str, key: str) -> None:
    got = [e.split("=") for e in wl.entries(name, key)]
    assert all(len(p) == 2 and p[0] and p[0] == p[0].strip() and p[1].isdigit() for p in got)
    assert len({p[0] for p in got}) == len(got)  # a name once


@pytest.mark.parametrize(("name", "key"), MAPPED)
def test_mapped_rows_are_a_word_and_a_value(name: str, key: str) -> None:
    got = [e.split("=") for e in wl.entries(name, key)]
    assert all(len(p) == 2 and p[0] and p[1] and p[0] == p[0].strip() for p in got)
    assert len({p[0] for p in got}) == len(got)  # a word once


def test_the_place_words_module_reads_its_table() -> None:
    from marsad.stages import place_words as pw

    assert list(pw.PLACE_WORDS) == [e.split("=")[0] for e in wl.entries("place_words", "place_words")]
    assert pw.PLACE_WORDS["قري"] == "village" and pw.PLACE_WORDS["منطقه"] is None
    assert pw.DIRECTIONS["شمالي"] == "شمال" and pw.DIR_ADJ["الوسطي"] == "وسط"
    assert "قضاء" in pw.STRONG and "قري" in pw.LIST and "دير" in pw.STARTERS and "علي" in pw.NOT_NAME
    assert wl.words("place_words", "epithets") == pw.EPITHETS


def test_the_places_select_module_reads_its_table() -> None:
    from marsad.stages import places_select as ps

    assert ps._COUNTRY_AR["SY"] == "سوريا" and len(ps._COUNTRY_AR) == len(wl.entries("places_select", "country_names"))
    assert "بقضاء" in ps._QUAL_WORDS and "وقري" in ps._COORD_WORDS and "الحدود" in ps._RELATION_WORDS
    assert ps._LIST_GAP.match(" الشرقيه و") and ps._NEAR_BEFORE.search(" بالقرب من ميناء ")


def test_the_places_module_reads_its_table() -> None:
    from marsad.stages import places

    assert wl.words("places", "place_prep") == places._PLACE_PREP and "باتجاه" in places._PLACE_PREP
    assert places._NOT_THE_STRIP[0] == " الخاص" and len(places._NOT_THE_STRIP) == 5


def test_the_tolls_module_reads_its_table() -> None:
    from marsad.stages import tolls

    assert list(tolls._QUANTITY_WORDS) == ["detained", "abducted", "displaced", "surrendered"]
    assert tolls._QUANTITY_WORDS["displaced"].search("فر الالاف") and tolls._MET_DEATH.search("ولقي ")
    assert tolls._DEATH_OBJECT == ("مصرع", "حتف") and "جندي" in tolls._PEOPLE and "مقتل" in tolls._VERBAL_NOUNS
    assert tolls._PERIOD_TOTAL.search(" لترتفع حصيله اليوم الي ") and tolls._NO_TOLL.search("لم يسفر عن ")


def test_the_kinds_module_reads_its_table() -> None:
    from marsad.stages import kinds

    assert kinds._AIR_WORDS is wl.pattern("kinds", "air_words") and kinds._AIR_WORDS.search("غارات جويه")
    assert kinds.INITIATIVE.search("نصبوا كمينا") and not kinds.INITIATIVE.search("الجيش الاسرائيلي")
    assert kinds.STATE_DOING.match(" قوات الاحتلال") and kinds.CIVILIAN_WORDS.match("مدنيين")
    assert kinds.CROWD_ACTION.search(" خرجوا ") and not kinds.CROWD_ACTION.search(" الذين خرجوا ")
    assert kinds.QUANTITY_BEFORE.search("مئات من ") and kinds.OCCURRENCE.search(" اندلعت ")
    assert kinds._FOILED_BEFORE.search("احبطت الشرطه محاوله ") and kinds._ATTACK_AFTER.match(" هجوما ")
    assert kinds._BOMB_ATTACK.match(" انتحاريا") and kinds._DRONE_CONTEXT.search("اسقاط طائره")


def test_the_triggers_module_reads_its_table() -> None:
    from marsad.stages import triggers

    assert triggers._NEGATED.search(" لم ") and triggers._NEGATED.search(" وقف ")
    assert triggers._NEGATED.search(" ستشن الطائرات ") and triggers._NEGATED.search(" تحت ")
    assert triggers._NEGATED.search(" جثامين ") and not triggers._NEGATED.search(" الجيش ")
    assert triggers._MODAL.search(" نفي الجيش ") and triggers._MODAL.search(" يمكن ان ")
    assert "اذا" in wl.entries("triggers", "modal") and "ذكري" in wl.entries("triggers", "the_dead_before")


def test_the_roles_module_reads_its_table() -> None:
    from marsad.stages import roles

    assert wl.alternatives("roles", "target_nouns") == roles._TARGET_NOUNS
    assert "مواقع" in wl.entries("roles", "target_nouns")
    assert roles._AGENT_BEFORE.search("علي يد ") and roles._TARGET_BEFORE.search(" مواقع ل")
    assert roles._OWN_DEAD.match(" ثلاثه من عناصرها") and roles._REPEL.search("صدت القوات هجوما للمسلحين ")
    assert roles._JOIN.match(" و ") and roles._JOIN.match(" بمشاركه ") and roles._CLASH_WORD.search("اشتباكات")
    m = roles._ADJECTIVE_AFTER.match(" جويه روسيه")
    assert m is not None and m.group(1) == "روسيه"
    assert roles._ALLY_WORDS == ("موالي", "متحالف")


def test_the_dates_module_reads_its_table() -> None:
    from marsad.text import dates

    assert list(dates.WEEKDAYS) == list(wl.entries("dates", "weekdays"))
    assert dates.WEEKDAYS["الاثنين"] == 0 and dates.WEEKDAYS["الاحد"] == 6
    assert dates.GREGORIAN_MONTHS["تشرين الثاني"] == 11 and dates.HIJRI_MONTHS["ذي الحجه"] == 12
    assert len(dates.GREGORIAN_MONTHS) == len(wl.entries("dates", "gregorian_months"))


@pytest.mark.parametrize("name", TABLES)
def test_every_table_names_the_modules_that_read_it(name: str) -> None:
    """The first comment names the module(s); each of them reads the table, and between them
    they read every list it holds (no list is left behind when code moves)."""
    from importlib import resources

    text = resources.files("marsad.data").joinpath("words").joinpath(f"{name}.tsv").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# "), f"{name}.tsv: the first line says which module reads it"
    modules = re.findall(r"marsad(?:\.\w+)+", first)
    modules = [m for m in dict.fromkeys(modules) if m != "marsad.resources.wordlists"]
    assert modules, f"{name}.tsv: its first line names no module"
    source = "".join(inspect.getsource(importlib.import_module(m)) for m in modules)
    assert f'"{name}"' in source
    unused = [k for k in wl.list_names(name) if f'"{k}"' not in source]
    assert unused == [], f"{name}.tsv: lists no module reads: {unused}"


@pytest.mark.parametrize("name", TABLES)
def test_every_list_is_non_empty_and_compiles(name: str) -> None:
    for key in wl.list_names(name):
        got = wl.entries(name, key)
        assert got and all(e and e == e.strip("\t\n") for e in got)
        re.compile(wl.alternatives(name, key))


def test_pattern_joins_the_rows_in_order() -> None:
    rows = wl.entries("events", "future")
    assert wl.pattern("events", "future").pattern == "|".join(rows)
    assert wl.pattern("events", "future") is wl.pattern("events", "future")  # compiled once
    assert wl.pattern("events", "future").search("في الايام المقبله")
    assert not wl.pattern("events", "future").search("في الايام الماضيه")


def test_words_is_the_set_of_entries() -> None:
    assert wl.words("events", "update") == frozenset(wl.entries("events", "update"))


def test_a_missing_table_or_list_says_which() -> None:
    with pytest.raises(wl.WordListError, match="no word table"):
        wl.table("no_such_table")
    with pytest.raises(wl.WordListError, match="no list 'nothing'"):
        wl.entries("events", "nothing")
    with pytest.raises(wl.WordListError, match="bad word table name"):
        wl.table("../MANIFEST")


# rows copied as they were from the code they came from, spelled with ى (or ة): they never match normalized
# text (ى becomes ي, ة becomes ه); spelling them as normalized text does would change the output
KNOWN_UNNORMALIZED = {
    ("segment", "من جهه اخرى"),
    ("segment", "من ناحيه اخرى"),
    ("segment", "الى ذلك"),
    ("segment", r"مما\s+ادى"),
    ("segment", "ادى"),
    ("place_words", "مستشفى"),  # site_before: "مستشفى X" never keeps X as the landmark's town
    ("places_select", "قرى"),  # coordination (قري is there too)
    ("places_select", "وقرى"),  # coordination (وقري is there too)
    ("places_select", "الى"),  # prep_before_place: "الي سوريه" is not taken as a preposition before a country
    ("places_select", "قبالة"),  # near (قباله is there too)
    ("places", "الى"),  # place_prep (الي is there too)
    ("places", "على"),  # place_prep (علي is there too)
    ("places", "لدى"),  # place_prep (لدي is there too)
    ("places", "حتى"),  # place_prep
    ("places", "سوى"),  # place_prep
    ("tolls", "فتى"),  # people (فتاه counts; فتي, its normalized spelling, does not)
    ("tolls", "الى"),  # not_another (الي is there too)
    ("roles", r"على\s+يد"),  # agent_before, named_agent (علي\s+يد is there too)
    ("roles", "على"),  # target_before, not_victim_gap (علي is there too)
    ("roles", "بمشارك[هة]"),  # join: a character class whose ه matches normalized text; the ة never does
}


@pytest.mark.parametrize("name", TABLES)
def test_entries_are_spelled_as_normalized_text(name: str) -> None:
    """The stages match the entries on normalized text: ى ة أ إ آ in an entry never match."""
    bad = [(key, e) for key in wl.list_names(name) for e in wl.entries(name, key)
           if re.search("[ىةأإآ]", e) and (name, e) not in KNOWN_UNNORMALIZED]
    assert bad == []


def test_words_spelled_with_alef_maqsura_match_once_normalized() -> None:
    from marsad.text.normalize import normalize

    assert wl.pattern("events", "background").search(normalize("منذ استولى المسلحون على المدينة قبل عامين"))
    assert wl.pattern("events", "aggregate").search(normalize("ارتفاع حصيلة القتلى في الحرب على غزة إلى 40 ألفا"))
