"""Actor and source lexicons: inter codes, context countries, attributions and outlets.

Every sentence here was composed for these tests.
"""

from __future__ import annotations

from collections import Counter

import pytest

from marsad.resources.lexicon import (
    ACTOR_ROLES,
    COUNTRY_NAMES,
    actor_matcher,
    demonym_country,
    find_actors,
    load_actors,
)
from marsad.resources.sources import SOURCE_KINDS, find_outlet, find_sources, load_sources, outlet_name
from marsad.text.normalize import normalize


def actors(text: str, hint: str | None = None) -> list[tuple[str, str, int]]:
    return [(a.name_ar, a.name, a.inter) for a in find_actors(normalize(text), hint)]


def first_actor(text: str, hint: str | None = None) -> tuple[str, int]:
    found = find_actors(normalize(text), hint)
    assert found, f"no actor in {text!r}"
    return found[0].name, found[0].inter


# --- the data files ---------------------------------------------------------------------


def test_actor_rows_are_well_formed() -> None:
    entries = load_actors()
    assert len(entries) > 500
    for e in entries:
        assert e.pattern and e.pattern == normalize(e.pattern)
        assert 1 <= e.inter <= 8, e
        assert e.role in ACTOR_ROLES, e
        assert e.country is None or e.country in COUNTRY_NAMES, e
        assert ("{country}" in e.name) == e.generic, e
        assert e.when is None or e.when == "-" or e.when in COUNTRY_NAMES, e
        assert e.flags <= {"generic", "foreign_abroad", "common", "weak"}, e


def test_actor_patterns_are_unique_per_context() -> None:
    counts = Counter((e.pattern, e.when) for e in load_actors())
    assert [k for k, n in counts.items() if n > 1] == []


def test_source_rows_are_well_formed_and_unique() -> None:
    entries = load_sources()
    assert len(entries) > 200
    assert all(e.kind in SOURCE_KINDS and e.name for e in entries)
    counts = Counter(e.pattern for e in entries)
    assert [k for k, n in counts.items() if n > 1] == []


def test_matcher_is_built_once() -> None:
    assert actor_matcher() is actor_matcher()
    assert load_actors() is load_actors()


# --- actor phrases and inter codes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hint", "name", "inter"),
    [
        ("وقوات النظام تقصف البلدة", "SY", "Military Forces of Syria", 1),
        ("قصف الجيش العربي السوري القرية", "SY", "Military Forces of Syria", 1),
        ("ألقت طائرات النظام براميل", "SY", "Military Forces of Syria", 1),
        ("وقال ناشطون إن للمعارضة مواقع هناك", "SY", "Syrian opposition rebels", 2),
        ("تقدم فصائل المعارضة المسلحة", "SY", "Syrian opposition rebels", 2),
        ("والميليشيات الموالية للنظام هاجمت", "SY", "Pro-government militias (Syria)", 3),
        ("والمليشيات الموالية للنظام هاجمت", "SY", "Pro-government militias (Syria)", 3),
        ("سيطر تنظيم الدولة على القرية", "SY", "Islamic State", 2),
        ("ولداعش خلايا في المنطقة", "IQ", "Islamic State", 2),
        ("اشتبكت جبهة النصرة مع", "SY", "Al-Nusra Front", 2),
        ("اشتبكت قوات سوريا الديمقراطية مع", "SY", "Kurdish YPG / SDF", 2),
        ("شن الطيران الروسي غارات", "SY", "Military Forces of Russia", 8),
        ("وطائرات روسية حلقت فوق", "SY", "Military Forces of Russia", 8),
        ("أغار طيران التحالف الدولي على", "SY", "International coalition (US-led)", 8),
        ("تقدم الجيش العراقي في", "IQ", "Military Forces of Iraq", 1),
        ("وقوات الحشد الشعبي تتقدم", "IQ", "Popular Mobilization Forces", 3),
        ("وصلت قوات البيشمركة", "IQ", "Military Forces of Iraq: Kurdish Peshmerga (KRG)", 1),
        ("هاجم الحوثيون المدينة", "YE", "Houthi movement", 2),
        ("وميليشيا الحوثي وصالح قصفت", "YE", "Houthi movement", 2),
        ("تصدت المقاومة الشعبية لهجوم", "YE", "Popular Resistance (Yemen)", 3),
        ("بطيران التحالف العربي", "YE", "Saudi-led coalition", 8),
        ("بطيران التحالف", "YE", "Saudi-led coalition", 8),
        ("وللجيش الوطني مواقع", "YE", "Military Forces of Yemen (Hadi government)", 1),
        ("اقتحم جيش الاحتلال المخيم", "PS", "Military Forces of Israel", 8),
        ("وقوات الاحتلال الإسرائيلي تعتقل", "PS", "Military Forces of Israel", 8),
        ("أطلقت مسيرة إسرائيلية صاروخا", "LB", "Military Forces of Israel", 8),
        ("وكتائب القسام تعلن", "PS", "Hamas Movement (Al-Qassam Brigades)", 2),
        ("وسرايا القدس تقصف", "PS", "Palestinian Islamic Jihad (Al-Quds Brigades)", 2),
        ("خاضت المقاومة معارك", "PS", "Palestinian armed groups", 2),
        ("هاجم المستوطنون القرية", "PS", "Settlers (Israel)", 4),
        ("أطلق حزب الله صواريخ", "LB", "Hezbollah", 3),
        ("قصفت قوات الدعم السريع", "SD", "Rapid Support Forces", 3),
        ("هاجمت حركة الشباب قاعدة", "SO", "Al Shabaab", 2),
        ("قصف الجيش التركي مواقع", "IQ", "Military Forces of Turkey", 8),
        ("نصب حزب العمال الكردستاني كمينا", "TR", "PKK: Kurdistan Workers Party", 2),
        ("قصفت قوات حفتر المطار", "LY", "Military Forces of Libya (House of Representatives government)", 1),
        ("هاجم مسلحون مجهولون حاجزا", "IQ", "Unidentified Armed Group (Iraq)", 3),
        ("قتل ثلاثة مدنيين", "SY", "Civilians (Syria)", 7),
        ("استشهد سبعة فلسطينيين", "PS", "Civilians (Palestine)", 7),
        ("تظاهر محتجون أمام المبنى", "IQ", "Protesters (Iraq)", 6),
        ("اعتقلت الشرطة خمسة", "EG", "Police Forces of Egypt", 1),
        # a group named with its region is one name: the region is not where anything happened
        ("هاجم تنظيم القاعدة في بلاد الشام مواقع", "SY", "Al-Nusra Front", 2),
    ],
)
def test_actor_inter(text: str, hint: str, name: str, inter: int) -> None:
    assert first_actor(text, hint) == (name, inter)


def test_clitics_keep_the_article_in_name_ar() -> None:
    found = find_actors(normalize("وصلت تعزيزات للمعارضة وللجيش السوري"), "SY")
    assert [a.name_ar for a in found] == ["المعارضه", "الجيش السوري"]
    norm = normalize("وصلت تعزيزات للمعارضة")
    a = found[0]
    assert norm[a.start : a.end] == "معارضه"


# --- context country -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hint", "name", "inter", "country"),
    [
        ("قتل مدنيون في القصف", "YE", "Civilians (Yemen)", 7, "YE"),
        ("قتل مدنيون في القصف", None, "Civilians", 7, None),
        ("قتل مدنيين سوريين في تركيا", "TR", "Civilians (Syria)", 7, "SY"),
        ("أطلقت الشرطة النار", "IQ", "Police Forces of Iraq", 1, "IQ"),
        ("هاجم مسلحون مجهولون", "SY", "Unidentified Armed Group (Syria)", 3, "SY"),
        ("اعتقلت قوات الأمن المصرية", "EG", "Security Forces of Egypt", 1, "EG"),
        ("قصف الجيش الأردني مواقع", "SY", "Military Forces of Jordan", 8, "JO"),
        ("قصف الجيش الأردني مواقع", "JO", "Military Forces of Jordan", 1, "JO"),
        ("اعترض الدفاع الجوي السعودي صاروخا", "SA", "Military Forces of Saudi Arabia", 1, "SA"),
        ("قصفت المدفعية السعودية مواقع", "YE", "Military Forces of Saudi Arabia", 8, "SA"),
        ("قصف الجيش الإسرائيلي", "IL", "Military Forces of Israel", 1, "IL"),
        ("اقتحم الجيش مخيم جنين", "PS", "Military Forces of Israel", 8, "IL"),
        ("انتشر الجيش في الشوارع", "LB", "Military Forces of Lebanon", 1, "LB"),
    ],
)
def test_country_hint(text: str, hint: str | None, name: str, inter: int, country: str | None) -> None:
    a = find_actors(normalize(text), hint)[0]
    assert (a.name, a.inter, a.country) == (name, inter, country)


@pytest.mark.parametrize(
    ("text", "hint", "name", "inter"),
    [
        ("تقدمت المقاومة", "YE", "Popular Resistance (Yemen)", 3),
        ("تقدمت المقاومة", "PS", "Palestinian armed groups", 2),
        ("تقدمت المقاومة", "LB", "Hezbollah", 3),
        ("قصفت قوات التحالف", "YE", "Saudi-led coalition", 8),
        ("قصفت قوات التحالف", "IQ", "International coalition (US-led)", 8),
        ("تقدم الجيش الوطني", "LY", "Military Forces of Libya (House of Representatives government)", 1),
        ("هاجم المتمردون", "TR", "PKK: Kurdistan Workers Party", 2),
        # in Yemen's war "the militias" with no name are the Houthis and their allies
        ("قصفت الميليشيات المتمركزة في التلال", "YE", "Houthi movement", 2),
        ("قصفت المليشيا القرية", "YE", "Houthi movement", 2),
        # the group named without "أنصار": its name holds Jerusalem, which is no place here
        ("اشتبكت القوات مع عناصر تنظيم بيت المقدس", "EG", "Ansar Bayt al-Maqdis / Islamic State (Sinai Province)", 2),
    ],
)
def test_context_variants(text: str, hint: str, name: str, inter: int) -> None:
    assert first_actor(text, hint) == (name, inter)


def test_variant_without_default_gives_nothing_elsewhere() -> None:
    assert actors("قالت المعارضة", "TR") == []
    assert [a[1] for a in actors("قصفت الميليشيات القرية", "LY")] == ["Unidentified Armed Group (Libya)"]
    assert actors("قالت المعارضة", "SY") == [("المعارضه", "Syrian opposition rebels", 2)]


def test_weak_entries_can_be_left_out() -> None:
    text = normalize("أعلن التنظيم مسؤوليته")
    assert [a.name for a in find_actors(text)] == ["Islamic State"]
    assert find_actors(text, weak=False) == []


def test_longest_phrase_wins() -> None:
    found = actors("هاجمت ميليشيات الحوثي وصالح المدينة", "YE")
    assert found == [("ميليشيات الحوثي وصالح", "Houthi movement", 2)]


@pytest.mark.parametrize(
    "text",
    [
        "عثرت الفرق الهندسية على عبوات مهربة من إيران",
        "صادرت الشرطة ذخائر وصلت من تركيا عبر البحر",
        "غادر القيادي المدينة وعاد إلى السعودية قبل أسبوع",
        "وقع الانفجار في جنوب شرق تركيا فجرا",
        "سقطت القذائف قرب الحدود مع السعودية",
        "تقاتل الفصائل الموالية لإيران في المنطقة",
        "عقد الاجتماع بروسيا الشهر الماضي",
        "تنقل المهربون في العراق ثم وصلوا إلى إيران وتركيا",
        "وفي إيران، أعلنت السلطات إغلاق المعبر",
    ],
)
def test_a_country_named_as_a_place_is_no_actor(text: str) -> None:
    assert all(not a.name.startswith("Military Forces of") for a in find_actors(normalize(text), "YE"))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("قصفت تركيا مواقع المسلحين شمال العراق", "Military Forces of Turkey"),
        ("صنفت الجماعة منظمة إرهابية من قبل روسيا", "Military Forces of Russia"),
        ("شنت إسرائيل غارات على الجنوب", "Military Forces of Israel"),
    ],
)
def test_a_country_that_acts_is_its_forces(text: str, name: str) -> None:
    assert name in [a.name for a in find_actors(normalize(text), "IQ")]


@pytest.mark.parametrize(
    ("word", "iso"),
    [
        ("سوري", "SY"), ("السوريه", "SY"), ("سوريين", "SY"), ("فلسطيني", "PS"), ("الفلسطينيون", "PS"),
        ("اسرائيلي", "IL"), ("يمنيه", "YE"), ("عراقيون", "IQ"), ("لبناني", "LB"), ("الليبي", "LY"),
        ("مصريين", "EG"), ("سوداني", "SD"), ("صومالي", "SO"), ("التركيه", "TR"), ("الاتراك", "TR"),
        ("روسي", "RU"), ("امريكيه", "US"), ("الاميركي", "US"), ("سعودي", "SA"), ("ايرانيه", "IR"),
        ("اردني", "JO"), ("الالماني", "DE"), ("الجيش", None), ("مدينه", None),
    ],
)  # fmt: skip
def test_demonym_country(word: str, iso: str | None) -> None:
    assert demonym_country(word) == iso


# --- sources ------------------------------------------------------------------------------


def sources(text: str) -> list[tuple[str, str]]:
    return [(s.name_ar, s.kind) for s in find_sources(normalize(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقالت مصادر محلية إن القصف استمر", [("مصادر محليه", "local")]),
        ("وقالت مصادر محلية سورية إن القصف استمر", [("مصادر محليه سوريه", "local")]),
        ("أفاد ناشطون بسقوط قذائف على البلدة", [("ناشطون", "activists")]),
        ("بحسب المرصد السوري لحقوق الإنسان قتل خمسة", [("المرصد السوري لحقوق الانسان", "activists")]),
        ("وذكرت وكالة الأناضول أن الهجوم وقع فجرا", [("وكاله الاناضول", "agency")]),
        ("وأعلن الجيش الإسرائيلي مقتل جندي", [("الجيش الاسرائيلي", "official")]),
        ("وفقا لوزارة الصحة في غزة ارتفع العدد", [("وزاره الصحه في غزه", "official")]),
        ("نقلا عن مصادر أمنية قالت إن", [("مصادر امنيه", "official")]),
        ("أعلنت كتائب القسام أنها استهدفت دبابة", [("كتائب القسام", "partisan")]),
        ("قال مسؤولون محليون سوريون وأكراد اليوم إن", [("مسؤولون محليون سوريون واكراد", "official")]),
        ("أفاد مصدر في مستشفى الشفاء بوصول جثامين", [("مصدر في مستشفي الشفاء", "local")]),
        (
            "قالت مصادر طبية للجزيرة إن الحصيلة ارتفعت",
            [("مصادر طبيه", "local"), ("الجزيره", "media")],
        ),
        (
            "وقال الناشط الإعلامي أبو محمد الحلبي إن الطائرات عادت",
            [("الناشط الاعلامي ابو محمد الحلبي", "activists")],
        ),
        ("وقال خالد العمري لرويترز إن الاشتباكات توقفت", [("خالد العمري", "official"), ("رويترز", "agency")]),
        ("بحسب ما أفاد مراسلنا فإن الغارات تواصلت", [("مراسلنا", "media")]),
        (
            "ونقلت وكالات الأنباء عن مصادر عسكرية قولها إن",
            [("وكالات الانباء", "agency"), ("مصادر عسكريه", "official")],
        ),
        ('حسب موقع "سكاي نيوز عربية" فإن القوات تقدمت', [("سكاي نيوز عربيه", "media")]),
        ("قتل عشرة أشخاص في التفجير (رويترز)", [("رويترز", "agency")]),
        ("دمشق - أ ف ب: قتل ثلاثة أطفال", [("ا ف ب", "agency")]),
        ("قال شهود عيان إن الدبابات انسحبت", [("شهود عيان", "local")]),
    ],
)
def test_attribution(text: str, expected: list[tuple[str, str]]) -> None:
    assert sources(text) == expected


def test_source_names() -> None:
    found = find_sources(normalize("وقالت مصادر محلية إن البلدة قصفت، بحسب الأناضول"))
    assert [(s.name, s.kind) for s in found] == [("Local sources", "local"), ("Anadolu Agency", "agency")]


@pytest.mark.parametrize(
    "text",
    [
        "أعلن بدء حملة أمنية واسعة",
        "وقال إن القصف استمر طوال الليل",
        "أكد خلال زيارته أهمية الحل",
        "قصفت الطائرات المدينة بعنف",
    ],
)
def test_no_attribution(text: str) -> None:
    assert sources(text) == []


def test_source_offsets_point_into_the_text() -> None:
    norm = normalize("وأفادت مصادر ميدانية باستهداف الحي")
    (s,) = find_sources(norm)
    assert norm[s.start : s.end] == s.name_ar == "مصادر ميدانيه"


def test_speaker_before_verb_and_relative() -> None:
    assert sources("الجيش الإسرائيلي يعترف بإصابة ضابط") == [("الجيش الاسرائيلي", "official")]
    assert ("جيش الاحتلال", "official") in sources("خلال اقتحام جيش الاحتلال الذي أعلن اعتقال عشرة")


# --- outlets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("نص الخبر.\nالمصدر : الجزيرة + وكالات", "Al Jazeera"),
        ("نص الخبر.\nالمصدر: وكالات", "News agencies"),
        ("نص الخبر (الجزيرة نت)", "Al Jazeera"),
        ("المصدر : سكاي نيوز عربية", "Sky News Arabia"),
        ("نص الخبر\nرابط الخبر بصحيفة الوئام: عنوان", "Al Weeam"),
        ("نص بلا مصدر (رويترز)", None),
        ("نص بلا مصدر", None),
    ],
)
def test_find_outlet(text: str, outlet: str | None) -> None:
    assert find_outlet(text) == outlet


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("aljazeera.net", "Al Jazeera"),
        ("https://www.aljazeera.net/news", "Al Jazeera"),
        ("okaz", "Okaz"),
        ("aawsat", "Asharq Al-Awsat"),
        ("الرياض", "Al Riyadh"),
        ("صحيفة الرياض", "Al Riyadh"),
        ("sabq.org", "Sabq"),
        ("unknown-outlet", "unknown-outlet"),
    ],
)
def test_outlet_name(raw: str, name: str) -> None:
    assert outlet_name(raw) == name


@pytest.mark.parametrize(
    ("text", "name", "inter"),
    [
        ("شنت طائرات الائتلاف الدولي غارات على مواقع التنظيم", "International coalition (US-led)", 8),
        ("قال الائتلاف الدولي إن ضرباته أصابت أهدافها", "International coalition (US-led)", 8),
        ("قصفت قوات حوثية الأحياء السكنية", "Houthi movement", 2),
        ("تصدت القوات لهجوم حوثي على مواقعها", "Houthi movement", 2),
        ("اعترضت الدفاعات طائرة مسيرة حوثية", "Houthi movement", 2),
        ("اشتبك الجيش مع مسلحين حوثيين", "Houthi movement", 2),
    ],
)
def test_coalition_and_houthi_forms(text: str, name: str, inter: int) -> None:
    hint = "IQ" if "الائتلاف" in text else "YE"
    assert (name, inter) in [(a.name, a.inter) for a in find_actors(normalize(text), hint)]


def test_bare_soldiers_in_a_state_force_s_announced_toll_are_its_own() -> None:
    # in Lebanon, the soldiers Israel's army says it lost are Israel's, not Lebanon's
    got = actors("اعلن الجيش الاسرائيلي مقتل ضابط وجنديين في مواجهات قرب الحدود", "LB")
    assert ("جنديين", "Military Forces of Israel", 8) in got
    assert actors("قتل جنديان في مواجهات قرب الحدود", "LB")[0][1:] == ("Military Forces of Lebanon", 1)


def test_kurdish_units_with_a_masculine_adjective() -> None:
    # the adjective agrees with "الشعب" here; the unit is the same one
    got = actors("استهدف انفجار مقرا لوحدات حماية الشعب الكردي", "SY")
    assert got[0][1:] == ("Kurdish YPG / SDF", 2)
    assert got[0][0].endswith("الكردي")
