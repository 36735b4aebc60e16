"""Dates in normalized Arabic text, resolved against the publication date.

:func:`find_dates` finds relative expressions ("امس", "اليوم الاحد", "الاسبوع الماضي", "منذ
يومين", "خلال ال24 ساعه الماضيه"), weekday names, Gregorian dates in the Egyptian, Levantine and
Maghreb month series ("12 ديسمبر 2016", "7 اكتوبر/تشرين الاول 2023", "الثاني عشر من كانون
الاول"), numeric dates ("12/12/2016", "2016-12-12"), Hijri dates ("5 رمضان 1436ه", converted
with ``hijridate``) and years ("عام 2014"). One compiled regex holds every family; it is tried
only at words that can start a date. Offsets are into the normalized text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping

from hijridate import Gregorian, Hijri

from marsad.models import DateMention
from marsad.resources.wordlists import alternatives, entries, words
from marsad.text.numbers import NUMBER_WORDS, trie_regex

__all__ = ["GREGORIAN_MONTHS", "HIJRI_MONTHS", "WEEKDAYS", "find_dates", "resolve_weekday"]


def _words(text: str, sep: str | None = None) -> list[str]:
    """A word list written as one string (easier to read and to keep than a list of literals)."""
    return text.split(sep)


# The word lists are in data/words/dates.tsv (read through marsad.resources.wordlists).

#: weekday names (normalized, with the article) → ``date.weekday()`` (Monday 0)
WEEKDAYS: Mapping[str, int] = {w: i for i, w in enumerate(entries("dates", "weekdays"))}


def _table(list_name: str) -> dict[str, int]:
    """A list of "name=1" rows of dates.tsv → {"name": 1, ...}"""
    return {k: int(v) for k, v in (item.split("=") for item in entries("dates", list_name))}


#: Gregorian month names of the three series (normalized) → month number
GREGORIAN_MONTHS: Mapping[str, int] = _table("gregorian_months")
# names that are also common words: a date needs a day, a year or "شهر" with them
_AMBIGUOUS_MONTHS = words("dates", "ambiguous_months")

#: Hijri month names (normalized) → month number
HIJRI_MONTHS: Mapping[str, int] = _table("hijri_months")

_ORD_UNITS = _words("الاول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر")


def _ordinals() -> dict[str, int]:
    out = {w: i for i, w in enumerate(_ORD_UNITS, 1)}
    out["الحادي عشر"] = 11
    for i in range(2, 10):
        out[f"{_ORD_UNITS[i - 1]} عشر"] = 10 + i
    out["العشرين"], out["الثلاثين"] = 20, 30
    out["الحادي والعشرين"], out["الحادي والثلاثين"] = 21, 31
    for i in range(2, 10):
        out[f"{_ORD_UNITS[i - 1]} والعشرين"] = 20 + i
    return out


_ORDINALS = _ordinals()
_SMALL = {w: v for w, v in NUMBER_WORDS.items() if v <= 31}

_DAYPART = r"(?:(?:" + alternatives("dates", "daypart") + r")\s+)"
_WD = trie_regex(WEEKDAYS)
_GM = trie_regex(GREGORIAN_MONTHS)
_HM = trie_regex(HIJRI_MONTHS)
_DAY = rf"(?:(?P<{{p}}d>\d{{{{1,2}}}})(?!\d)\s*(?:من\s+)?|(?P<{{p}}o>{trie_regex(_ORDINALS)})\s+من\s+)"
_PAST = alternatives("dates", "past")
_PAST_WORDS = words("dates", "past")
_AGO_APPROX = alternatives("dates", "ago_approx")
_NOT_TODAY = alternatives("dates", "not_today")
_YEAR_PERIOD = alternatives("dates", "year_period")
_DATE = re.compile(
    r"(?P<cl>[وف]?ب?(?=ال)|[وف])?(?:"
    r"(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d))"
    r"|(?P<dmy>(?P<nd>\d{1,2})(?P<sep>[/.\-])(?P<nm>\d{1,2})(?P=sep)(?P<ny>(?:19|20)\d\d)(?!\d))"
    # خلال ال24 ساعه الماضيه, خلال الساعات الماضيه, خلال اقل من 24 ساعه
    r"|(?P<hours>(?:خلال|في|منذ|طيله|طوال)\s+(?:ال\s?)?(?:(?:اقل|اكثر)\s+من\s+)?(?:ال\s?)?"
    r"(?:(?P<hn>24|48|72|اربع\s+وعشرين|ثمان\s+واربعين)\s*)?(?:ال)?(?:ساعه|ساعات)(?!\w)"
    r"(?:\s+(?:ال\s?)?(?:24|48|72))?(?P<hq>\s+(?:الماضيه|الاخيره|المنصرمه|الفائته)(?!\w))?)"
    # "قبل نحو شهر", "منذ قرابة اسبوعين": an approximate count of days, weeks or months ago
    rf"|(?P<ago>(?:منذ|قبل)\s+(?:(?:{_AGO_APPROX})\s+)?(?:(?P<agon>\d{{1,2}}|{trie_regex(_SMALL)})\s+)?"
    r"(?P<agou>يومين|يوم|ايام|يوما|اسبوعين|اسبوع|اسابيع|اسبوعا|شهرين|شهر|اشهر|شهرا)(?!\w)(?!\s+من(?!\w)))"
    r"|(?P<d2>(?:اول\s+(?:من\s+)?امس|امس\s+الاول)(?!\w))"
    rf"|(?P<yest>(?:{_DAYPART}|ليله\s+)?(?:ال)?(?:امس|البارحه)(?!\w)(?:\s+\(?\s*(?P<ywd>{_WD})(?!\w)(?:\s*\))?)?)"
    r"|(?P<lastnight>الليله\s+الماضيه(?!\w))"
    rf"|(?P<today>{_DAYPART}?اليوم(?:\s+\(?\s*(?P<twd>{_WD})(?!\w)(?:\s*\))?)?(?!\w)"
    rf"(?!\s+(?:ال\s?\d|(?:{_NOT_TODAY})(?!\w))))"
    rf"|(?P<lastweek>الاسبوع\s+(?:{_PAST})(?!\w))"
    r"|(?P<thisweek>(?:هذا\s+الاسبوع|الاسبوع\s+(?:الجاري|الحالي))(?!\w))"
    rf"|(?P<lastmonth>الشهر\s+(?:{_PAST})(?!\w))"
    r"|(?P<thismonth>(?:هذا\s+الشهر|الشهر\s+(?:الجاري|الحالي))(?!\w))"
    rf"|(?P<lastyear>(?:العام\s+(?:{_PAST})|السنه\s+الماضيه)(?!\w))"
    r"|(?P<thisyear>(?:هذا\s+العام|العام\s+(?:الجاري|الحالي)|السنه\s+الجاريه)(?!\w))"
    # Gregorian: day? month (/ other name)? year? | qualifier?
    rf"|(?P<greg>{_DAY.format(p='g')}?(?P<gs>شهر\s+)?(?P<gm>{_GM})(?!\w)(?:\s*[/(]\s*(?:{_GM})(?!\w)\s*\)?)?"
    r"(?:\s*[،,]?\s*(?:من\s+)?(?:(?:عام|العام|سنه)\s+)?(?P<gy>(?:19|20)\d\d)(?!\d)(?:\s*م(?!\w))?"
    rf"|\s*(?P<gq>{_PAST}|الجاري|الحالي|المقبل|القادم)(?!\w))?)"
    rf"|(?P<hij>{_DAY.format(p='h')}?(?P<hs>شهر\s+)?(?P<hm>{_HM})(?!\w)"
    r"(?:\s+(?:من\s+)?(?:(?:عام|سنه)\s+)?(?P<hy>1[34]\d\d)(?!\d)(?:\s*ه(?!\w))?)?)"
    rf"|(?P<year>(?:(?:{_YEAR_PERIOD})\s+(?:(?:ال)?(?:عام|سنه)\s+)?"
    r"|(?:ال)?(?:عام|سنه)\s+)(?P<yy>(?:19|20)\d\d)(?!\d)(?:\s*م(?!\w))?)"
    rf"|(?P<wd>{_DAYPART}?(?P<wdn>{_WD})(?!\w)(?:\s+(?P<wdq>{_PAST}|المقبل|القادم)(?!\w))?)"
    r")"
)


_MONTH_CONTEXT = words("dates", "month_context")


def _first_words() -> frozenset[str]:
    first = {w.split()[0] for w in (*WEEKDAYS, *GREGORIAN_MONTHS, *HIJRI_MONTHS, *_ORDINALS)}
    first |= set(entries("dates", "starts"))
    first |= {"ال" + w for w in ("امس", "البارحه")}
    return frozenset(c + w for w in first for c in ("", "و", "ف", "وب", "فب", "ب"))


_SURFACE = _first_words()
# before "الجمعه": the Friday prayer, not a day
_FRIDAY_PRAYER = words("dates", "friday_prayer")
_PUNCT = "()[]{}\"'.,،:؛;!?؟«»-–/…"
_NEXT_DATE = re.compile(r"[\s،,]*(?:الموافق\s*)?(?=\d|" + trie_regex(_ORDINALS) + ")")


def _starts(norm: str) -> Iterator[int]:
    """Offsets of the words that may start a date (filtered cheaply before the regex)."""
    pos = 0
    for tok in norm.replace("\n", " ").split(" "):
        if tok in _SURFACE:
            # "في" is frequent and starts only "في الساعات الماضيه"
            if tok not in ("في", "وفي") or "ساع" in norm[pos : pos + 24]:
                yield pos
        elif tok and not tok.isalpha():
            t = tok.strip(_PUNCT)
            if t and (not t.isalpha() or t in _SURFACE):
                yield pos + tok.find(t[0])
        pos += len(tok) + 1


def resolve_weekday(name_norm: str, published: dt.date, *, strictly_before: bool = False) -> dt.date:
    """The latest date on or before ``published`` (before it, with ``strictly_before``) that falls on
    the weekday ``name_norm`` ("الاحد", "احد", "يوم الاحد"). Raises KeyError for an unknown name."""
    name = name_norm.strip().removeprefix("يوم").strip()
    if not name.startswith("ال"):
        name = "ال" + name
    back = (published.weekday() - WEEKDAYS[name]) % 7
    if back == 0 and strictly_before:
        back = 7
    return published - dt.timedelta(days=back)


def _named_day(weekday: str | None, published: dt.date, relative: dt.date) -> dt.date:
    """ "اليوم الاحد", "امس الاحد": copy written a day or more before it was published names the
    day it means; the weekday wins over "اليوم"/"امس" when it falls up to three days back."""
    if weekday is None:
        return relative
    back = (published.weekday() - WEEKDAYS[weekday]) % 7
    earliest = (published - relative).days  # "امس الاثنين" is never the day of publication
    return published - dt.timedelta(days=back) if earliest <= back <= 3 else relative


def _day(m: re.Match[str], p: str) -> int | None:
    if m.group(p + "d"):
        return int(m.group(p + "d"))
    if m.group(p + "o"):
        return _ORDINALS[" ".join(m.group(p + "o").split())]
    return None


def _month_back(published: dt.date, months: int) -> dt.date:
    y, mo = divmod(published.year * 12 + published.month - 1 - months, 12)
    return dt.date(y, mo + 1, 1)


def _no_year(published: dt.date, month: int, day: int | None, qual: str | None) -> dt.date | None:
    """A day/month with no year: the latest such date not after ``published`` (within ~10 months)."""
    if qual in ("المقبل", "القادم"):
        return None
    if day is None:
        cand = dt.date(published.year, month, 1)
        if cand > published or (qual in _PAST_WORDS and month == published.month):
            cand = dt.date(published.year - 1, month, 1)
        return cand
    cand = dt.date(published.year, month, day)
    if cand > published + dt.timedelta(days=1):
        cand = dt.date(published.year - 1, month, day)
    return cand if (published - cand).days <= 310 else None


def _hijri(published: dt.date | None, month: int, day: int | None, year: int | None) -> dt.date | None:
    if year is not None:
        return _as_date(Hijri(year, month, day or 1).to_gregorian())
    if published is None:
        return None
    hy = Gregorian(published.year, published.month, published.day).to_hijri().year
    cand = _as_date(Hijri(hy, month, day or 1).to_gregorian())
    if cand > published + dt.timedelta(days=1):
        cand = _as_date(Hijri(hy - 1, month, day or 1).to_gregorian())
    return cand if (published - cand).days <= 330 else None


def _as_date(g: dt.date) -> dt.date:
    return dt.date(g.year, g.month, g.day)


def _resolve(m: re.Match[str], norm: str, pub: dt.date | None) -> tuple[dt.date, int, bool] | None:
    """The date, precision and relative flag of one match, or None when it does not resolve."""
    g = m.group
    if g("iso"):
        return dt.date(int(g("iy")), int(g("im")), int(g("id"))), 1, False
    if g("dmy"):
        return dt.date(int(g("ny")), int(g("nm")), int(g("nd"))), 1, False
    if g("greg"):
        month = GREGORIAN_MONTHS[" ".join(g("gm").split())]
        day = _day(m, "g")
        if g("gy"):
            return dt.date(int(g("gy")), month, day or 1), 1 if day else 3, False
        if day is None and not g("gq") and not g("gs"):
            prev = norm[max(0, m.start() - 12) : m.start()].split()
            if (
                g("gm") in _AMBIGUOUS_MONTHS
                or not prev
                or not (prev[-1] in _MONTH_CONTEXT or prev[-1][1:] in _MONTH_CONTEXT)
            ):
                return None
        if day is not None and g("gm") in _AMBIGUOUS_MONTHS and not g("gd"):
            return None
        if pub is None:
            return None
        d = _no_year(pub, month, day, g("gq"))
        return (d, 1 if day else 3, False) if d else None
    if g("hij"):
        day = _day(m, "h")
        year = int(g("hy")) if g("hy") else None
        if year is None and not (g("hd") or (g("hs") and day is None)):
            return None
        d = _hijri(pub, HIJRI_MONTHS[" ".join(g("hm").split())], day, year)
        return (d, 1 if day else 3, False) if d else None
    if g("year"):
        return dt.date(int(g("yy")), 1, 1), 3, False
    if pub is None:
        return None
    one = dt.timedelta(days=1)
    if g("hours"):
        if not (g("hn") or g("hq")):
            return None
        n = g("hn") or "24"
        if n in ("24",) or n.startswith("اربع"):
            return pub, 1, True
        return pub - one, 2, True
    if g("ago"):
        unit = g("agou")
        count = 2 if unit in ("يومين", "اسبوعين", "شهرين") else 1
        if g("agon"):
            count = int(g("agon")) if g("agon").isdigit() else _SMALL[" ".join(g("agon").split())]
        elif unit in ("ايام", "اسابيع", "اشهر"):
            return None
        if unit.startswith("يوم") or unit == "ايام":
            return pub - count * one, 1, True
        if unit.startswith("اسبوع") or unit == "اسابيع":
            return pub - 7 * count * one, 2, True
        return _month_back(pub, count), 3, True
    if g("d2"):
        return pub - 2 * one, 1, True
    if g("yest") or g("lastnight"):
        return _named_day(g("ywd"), pub, pub - one), 1, True
    if g("today"):
        return _named_day(g("twd"), pub, pub), 1, True
    if g("lastweek"):
        return pub - 7 * one, 2, True
    if g("thisweek"):
        return pub, 2, True
    if g("lastmonth"):
        return _month_back(pub, 1), 3, True
    if g("thismonth"):
        return _month_back(pub, 0), 3, True
    if g("lastyear"):
        return dt.date(pub.year - 1, 1, 1), 3, True
    if g("thisyear"):
        return dt.date(pub.year, 1, 1), 3, True
    if g("wd"):
        qual = g("wdq")
        if qual in ("المقبل", "القادم"):
            return None
        prev = norm[max(0, m.start() - 10) : m.start()].split()
        if g("wdn") == "الجمعه" and prev and prev[-1] in _FRIDAY_PRAYER:
            return None
        return resolve_weekday(g("wdn"), pub, strictly_before=qual is not None), 1, True
    return None


def find_dates(norm: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression in the normalized text ``norm`` that resolves, in text order.

    Relative expressions need ``published``; without it only dates that carry a year resolve.
    Invalid dates ("31 فبراير") are skipped.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    out: list[DateMention] = []
    reach = 0
    for q in _starts(norm):
        if q < reach:
            continue
        m = _DATE.match(norm, q)
        if not m:
            continue
        try:
            res = _resolve(m, norm, published)
        except (ValueError, OverflowError, KeyError):  # "31 فبراير", a year out of range
            reach = m.end()
            continue
        if res is None:
            continue
        start = m.end("cl") if m.group("cl") else m.start()
        if m.group("wd") and _explicit_date_follows(norm, m.end()):
            continue
        out.append(DateMention(start, m.end(), res[0], res[1], norm[start : m.end()], res[2]))
        reach = m.end()
    return out


def _explicit_date_follows(norm: str, pos: int) -> bool:
    """An explicit date right after a weekday ("الاحد 12 ديسمبر") says more: the weekday is dropped."""
    gap = _NEXT_DATE.match(norm, pos)
    if gap is None:
        return False
    m = _DATE.match(norm, gap.end())
    return m is not None and bool(m.group("greg") or m.group("dmy") or m.group("iso") or m.group("hij"))
