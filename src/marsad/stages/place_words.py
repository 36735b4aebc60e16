"""The words around place names: place words and the kind of place they announce, directions, and
the words that open, end or rule out a name. Pure tables, normalized on import; used by
:mod:`marsad.stages.places` and :mod:`marsad.stages.places_select`."""

from __future__ import annotations

from marsad.text.normalize import normalize

# place word -> the kind it announces (None: any)
PLACE_WORDS: dict[str, str | None] = {
    "مدينه": "city",
    "مدينتي": "city",
    "مدن": "city",
    "بلده": "city",
    "بلدتي": "city",
    "بلدات": "city",
    "قريه": "village",
    "قريتي": "village",
    "قرى": "village",
    "حي": "neighbourhood",
    "حيي": "neighbourhood",
    "احياء": "neighbourhood",
    "مخيم": "neighbourhood",
    "مخيمي": "neighbourhood",
    "مخيمات": "neighbourhood",
    "ريف": "region",
    "محافظه": "governorate",
    "محافظتي": "governorate",
    "محافظات": "governorate",
    "منطقه": None,
    "مناطق": None,
    "ناحيه": "district",
    "قضاء": "district",
    "مديريه": "district",
    "سوق": "landmark",
    "طريق": "landmark",
    "شارع": "landmark",
    "ساحه": "landmark",
    "مستشفى": "landmark",
    "مسجد": "landmark",
    "معبر": "landmark",
    "مطار": "landmark",
    "ولايه": "governorate",
    "اقليم": "region",
    "عاصمه": "city",
}
# place words after which a name unknown to the gazetteer is still taken as a place
STRONG = frozenset(
    """
مدينه مدينتي مدن بلده بلدتي بلدات قريه قريتي قرى حي حيي احياء مخيم مخيمي مخيمات ناحيه قضاء
مديريه منطقه
""".split()
)
# place words that open a list of several places
LIST = frozenset(
    """
مدينتي مدن بلدتي بلدات قريتي قرى حيي احياء مخيمي مخيمات مناطق محافظتي محافظات
""".split()
)
DIRECTIONS: dict[str, str] = {
    "شمال": "شمال",
    "شمالي": "شمال",
    "جنوب": "جنوب",
    "جنوبي": "جنوب",
    "شرق": "شرق",
    "شرقي": "شرق",
    "غرب": "غرب",
    "غربي": "غرب",
    "وسط": "وسط",
    "اطراف": "اطراف",
    "محيط": "محيط",
    "ضواحي": "ضواحي",
}
DIR_ADJ: dict[str, str] = {
    "الشمالي": "شمال",
    "الشماليه": "شمال",
    "الجنوبي": "جنوب",
    "الجنوبيه": "جنوب",
    "الشرقي": "شرق",
    "الشرقيه": "شرق",
    "الغربي": "غرب",
    "الغربيه": "غرب",
    "الاوسط": "وسط",
    "الوسطى": "وسط",
}
# words that start a two-word name ("دير الزور", "تل حمكي", "معره النعمان")
STARTERS = frozenset(
    """
دير كفر تل عين بيت خان جسر بئر بير ابو ام بني راس جبل وادي باب سيدي قصر مرج برج معره ذي بن
الشيخ شيخ قلعه حمام نهر سد عرب حوش جب بنت سوق بستان مساكن ساحه حاره مزرعه عزبه كوم منشيه
عيون ابي
""".split()
)
# words that are never (the first word of) a name after a place word
NOT_NAME = frozenset(
    """
في من على الى عن مع بعد قبل حيث كما التي الذي الذين واحده اخرى اخر كل بعض عده جميع هذه هذا تلك ذلك
نفسها نفسه الواقعه الواقع المحاذيه المجاوره المحتله الحدوديه القريبه التابعه التابع الكبرى القديمه
الجديده المحيطه الصناعيه السكنيه العسكريه المنكوبه المحاصره المحرره الخاضعه الشرقيه الغربيه الشماليه
الجنوبيه الوسطى عسكريه سكنيه حدوديه زراعيه صناعيه امنه ذات او ثم لا لم لن قد ما ان انه انها عند خلال
منذ حتى بين ضد دون لدى نحو اليوم امس المذكوره المستهدفه المذكور وسط شمال جنوب شرق غرب قرب بالقرب
""".split()
)
PERSON_BEFORE = frozenset({"ابو", "ابن", "بن", "بنت", "ام", "عبد", "ال", "ابي", "اخو", "السيد"})
ORG_BEFORE = frozenset(
    """
جامعه بنك شركه نادي منتخب مجلس وكاله اذاعه تلفزيون صحيفه جريده بلديه
سفاره قناه مؤسسه مركز معهد اكاديميه مهرجان بورصه حزب
""".split()
)
# landmarks named after their town ("سوق الرمادي", "مطار بغداد"): the town is where things happen
# there, though ANERcorp-style tagging counts the phrase as an organisation
SITE_BEFORE = frozenset("سوق مطار ميناء فندق مستشفى مسجد كنيسه".split())
# head nouns kept out of a registered name's span (the place word of the mention)
HEADS = frozenset(
    """
محافظه قضاء مخيم معسكر قطاع مدينه منطقه اقليم ولايه ناحيه مديريه بلديه لواء حي
""".split()
)
EPITHETS = frozenset({"المكرمه", "المنوره", "المحتله", "المحتل"})


def _n(words: frozenset[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


PLACE_WORDS = {normalize(k): v for k, v in PLACE_WORDS.items()}
STRONG, LIST, STARTERS, NOT_NAME = _n(STRONG), _n(LIST), _n(STARTERS), _n(NOT_NAME)
PERSON_BEFORE, ORG_BEFORE = _n(PERSON_BEFORE), _n(ORG_BEFORE)
DIRECTIONS = {normalize(k): v for k, v in DIRECTIONS.items()}
DIR_ADJ = {normalize(k): v for k, v in DIR_ADJ.items()}
