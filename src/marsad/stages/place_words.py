"""The words around place names: place words and the kind of place they announce, directions, and
the words that open, end or rule out a name. Pure tables, read from ``data/words/place_words.tsv``
(written in normalized spelling); used by :mod:`marsad.stages.places` and
:mod:`marsad.stages.places_select`."""

from __future__ import annotations

from marsad.resources.wordlists import entries, words


def _mapping(key: str) -> dict[str, str]:
    """A list of ``word=value`` rows, in file order."""
    return {k: v for k, _, v in (e.partition("=") for e in entries("place_words", key))}


# place word -> the kind it announces (None: any)
PLACE_WORDS: dict[str, str | None] = {k: (None if v == "any" else v) for k, v in _mapping("place_words").items()}
# place words after which a name unknown to the gazetteer is still taken as a place
STRONG = words("place_words", "strong")
# place words that open a list of several places
LIST = words("place_words", "list")
# list words too common to announce a name alone ("مناطق"): unknown members need a list a known place closes
WEAK_LIST = words("place_words", "weak_list")
DIRECTIONS: dict[str, str] = _mapping("directions")
DIR_ADJ: dict[str, str] = _mapping("dir_adj")
# words that start a two-word name ("دير الزور", "تل حمكي", "معره النعمان")
STARTERS = words("place_words", "starters")
# words that are never (the first word of) a name after a place word
NOT_NAME = words("place_words", "not_name")
# nouns a region's name can begin with ("ريف ادلب", "جبال اللاذقيه")
GEO_HEADS = words("place_words", "geo_head")
# the front words, and the words after them ("جبهه") that make it a political or armed front, not a place
FRONT_NOT_NAME = words("place_words", "front_not_name")
FRONTS = words("place_words", "fronts")
# place words that are part of the name after them ("تبه X", "معسكر X")
NAMED_WITH = words("place_words", "named_with")
PERSON_BEFORE = words("place_words", "person_before")
ORG_BEFORE = words("place_words", "org_before")
# landmarks named after their town ("سوق الرمادي", "مطار بغداد"): the town is where things happen
# there, though ANERcorp-style tagging counts the phrase as an organisation
SITE_BEFORE = words("place_words", "site_before")
# head nouns kept out of a registered name's span (the place word of the mention)
HEADS = words("place_words", "heads")
EPITHETS = words("place_words", "epithets")
# a refugee camp's word ("مخيم", "مخيمات"): the camp keeps its own site, not its city's
CAMP_WORDS = words("place_words", "camp")
