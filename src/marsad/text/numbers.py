"""Counts in normalized Arabic text: figures, number words, approximations and vague quantities.

:func:`find_numbers` scans a normalized string (see :mod:`marsad.text.normalize`) with one compiled
anchor regex, parses each count expression forward from its anchor ("47 الفا و306", "خمسه
وعشرون", "ثلاثه الاف"), reads the qualifier in front of it ("نحو", "اكثر من", "بين ... و ...")
and drops figures that are not counts: years, dates, times, percentages, ordinals, labels
("اللواء 93"), phone-like runs, numbers inside Latin words and measures ("10 كلم", "5 ايام").

Values follow ACLED's convention (event-schema.md): an approximation keeps the figure as ``best``;
"اكثر من N" gives ``low=N, high=None``; a range keeps its lower end as ``best``; "عشرات" is 12,
"مئات" 100, "الاف" 1000; "عدد من", "عده", "بعض" give ``best=None`` and leave the choice to the
event stage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from marsad.models import NumberMention
from marsad.resources.wordlists import entries
from marsad.text.normalize import normalize

__all__ = [
    "NUMBER_WORDS",
    "find_numbers",
    "implied_count",
    "number_word_value",
    "parse_count",
    "trie_regex",
]


def _words(text: str, sep: str | None = None) -> list[str]:
    """A word list written as one string (easier to read and to keep than a list of literals)."""
    return text.split(sep)


# --- the lexicon (normalized spelling: ة→ه, ى→ي, أإآ→ا) ---------------------------------------

_UNIT_FORMS: dict[int, tuple[str, ...]] = {
    1: ("واحد", "واحده"),
    2: ("اثنان", "اثنين", "اثنتان", "اثنتين"),
    3: ("ثلاث", "ثلاثه"),
    4: ("اربع", "اربعه"),
    5: ("خمس", "خمسه"),
    6: ("ست", "سته"),
    7: ("سبع", "سبعه"),
    8: ("ثمان", "ثماني", "ثمانيه"),
    9: ("تسع", "تسعه"),
}
_TENS_FORMS: dict[int, str] = dict(
    zip(range(20, 100, 10), _words("عشر ثلاث اربع خمس ست سبع ثمان تسع"), strict=True)
)
_HUNDRED_STEMS: dict[int, tuple[str, ...]] = {v: (_UNIT_FORMS[v][0],) for v in range(3, 10)} | {
    8: ("ثمان", "ثماني")
}


@dataclass(frozen=True)
class _Atom:
    kind: str  # unit ten teen tens hund scale pscale dual frac vague few none
    value: float


def _build_lexicon() -> dict[str, _Atom]:
    lex: dict[str, _Atom] = {}
    for v, forms in _UNIT_FORMS.items():
        for f in forms:
            lex[f] = _Atom("unit", v)
    lex["عشر"] = lex["عشره"] = _Atom("ten", 10)
    teen_tens = ("عشر", "عشره")
    for f in ("احد", "احدي"):
        for t in teen_tens:
            lex[f"{f} {t}"] = _Atom("teen", 11)
    for f in ("اثنا", "اثني", "اثنتا", "اثنتي"):
        for t in teen_tens:
            lex[f"{f} {t}"] = _Atom("teen", 12)
    for v in range(3, 10):
        for f in _UNIT_FORMS[v]:
            for t in teen_tens:
                lex[f"{f} {t}"] = _Atom("teen", 10 + v)
    for v, stem in _TENS_FORMS.items():
        lex[stem + "ون"] = lex[stem + "ين"] = _Atom("tens", v)
    for h in ("مئه", "مائه"):
        lex[h] = _Atom("hund", 100)
        for v, stems in _HUNDRED_STEMS.items():
            for s in stems:
                lex[s + h] = _Atom("hund", v * 100)
    for f in ("مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مئتي", "مائتا", "مائتي"):
        lex[f] = _Atom("hund", 200)
    for f in ("الف", "الفا"):
        lex[f] = _Atom("scale", 1000)
    for f in ("مليون", "مليونا"):
        lex[f] = _Atom("scale", 1_000_000)
    for f in ("مليار", "مليارا"):
        lex[f] = _Atom("scale", 1_000_000_000)
    lex["الاف"] = _Atom("pscale", 1000)
    lex["ملايين"] = _Atom("pscale", 1_000_000)
    lex["مليارات"] = _Atom("pscale", 1_000_000_000)
    for f in ("الفان", "الفين", "الفي"):
        lex[f] = _Atom("dual", 1000)
    for f in ("مليونان", "مليونين", "مليوني"):
        lex[f] = _Atom("dual", 1_000_000)
    for f in ("ملياران", "مليارين"):
        lex[f] = _Atom("dual", 1_000_000_000)
    lex["نصف"] = _Atom("frac", 0.5)
    lex["ربع"] = _Atom("frac", 0.25)
    lex["عشرات"] = _Atom("vague", 12)
    lex["مئات"] = _Atom("vague", 100)
    for f in ("عده", "بضعه", "بضع"):
        lex[f] = _Atom("few", 3)
    for f in entries("numbers", "vague_none"):
        lex[f] = _Atom("none", 0)
    for event in entries("numbers", "toll_no_figure"):  # a toll with no figure ("سقوط قتلي")
        for victims in entries("numbers", "victims_no_figure"):
            lex[f"{event} {victims}"] = lex[f"{event} ال{victims}"] = _Atom("none", 0)
    return lex


_LEX: dict[str, _Atom] = _build_lexicon()
_VALUE_KINDS = frozenset({"unit", "ten", "teen", "tens", "hund"})
_NUMBER_KINDS = _VALUE_KINDS | {"scale", "pscale", "dual"}

#: plain number words (units, teens, tens, hundreds; one word or two) → value
NUMBER_WORDS: Mapping[str, int] = {w: int(a.value) for w, a in _LEX.items() if a.kind in _VALUE_KINDS}


def number_word_value(word_norm: str) -> int | None:
    """The value of one number word or two-word teen ("ثلاثه" → 3, "احد عشر" → 11), else None."""
    return NUMBER_WORDS.get(word_norm.strip())


# --- regex building ----------------------------------------------------------------------------


class _Trie(dict[str, "_Trie"]):
    pass


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation shaped as a trie (fast in ``re``); a space in a word matches ``\\s+``."""
    trie = _Trie()
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, _Trie())
        node[""] = _Trie()

    def emit(node: _Trie) -> str:
        end = "" in node
        alts = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(node[ch]) for ch in sorted(k for k in node if k)
        ]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not end else "(?:" + "|".join(alts) + ")"
        return body + "?" if end else body

    return emit(trie)


_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
# scanned over " " + text: the leading class stands for a word boundary and lets ``re`` skip fast
_ANCHOR = re.compile(
    r"[^\w](?P<pre>[وف]?(?:[بك]?ال\s?|لل|[بلك])?)"
    rf"(?:(?P<dig>{_DIGITS})(?![0-9A-Za-z_])|(?P<word>{trie_regex(_LEX)})(?!\w))"
)
# the next piece of a compound: optional "و", then a figure or a number word
_NEXT = re.compile(
    rf"\s*(?P<conj>و\s*)?(?:(?P<dig>{_DIGITS})|(?P<word>"
    rf"{trie_regex(w for w, a in _LEX.items() if a.kind in _NUMBER_KINDS)}))(?!\w)"
)
_PREFIXES = ("", *_words("و ف ب ل ك وب ول وك فب فل فك ال وال فال بال كال وبال فبال وكال لل ولل فلل"))
# every written form of the first word of a lexicon entry: a cheap filter before the anchor regex
_SURFACE = frozenset(p + w.split()[0] for w in _LEX for p in _PREFIXES)
_PUNCT = "()[]{}\"'.,،:؛;!?؟«»-–/…"


def _anchors(norm: str) -> Iterator[re.Match[str]]:
    """Anchor matches (offsets into ``" " + norm``), tried only at words that may start one."""
    padded = " " + norm
    pos = 0
    for tok in norm.replace("\n", " ").split(" "):
        end = pos + 1 + len(tok)  # the token is padded[pos + 1:end]
        if tok in _SURFACE:
            m = _ANCHOR.match(padded, pos)
            if m:
                yield m
        elif tok and not tok.isalpha():
            t = tok.strip(_PUNCT)
            if t and (not t.isalpha() or t in _SURFACE):
                m = _ANCHOR.match(padded, pos + tok.find(t[0]))
                if m:
                    yield m
                if not t.isalpha() and (m is None or m.end() < end):  # "5-7": more figures in one token
                    yield from _ANCHOR.finditer(padded, m.end() if m else pos + 1, end)
        pos = end


_PLURAL_SCALE = re.compile(r"\s+(?:ال)?(?P<word>الاف|ملايين|مليارات)(?!\w)")
_FRAC_SCALE = re.compile(r"\s+(?P<word>الف|مليون|مليار)(?!\w)")
_NOUN_AFTER = re.compile(r"\s+(?!(?:في|من|علي|الي|عن|مع|خلال|منذ|بعد|قبل|امس|اليوم|و)(?!\w))[^\W\d]")
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}(?!\d)|\d{1,2}:\d{2}")
_SUFFIX = re.compile(
    r"(?P<noun>\s+[^\W\d]+)??\s+(?P<ph>تقريبا|علي\s+الاقل|او\s+اكثر|فاكثر|ونيف|او\s+يزيد)(?!\w)"
)
_RANGE_MID = re.compile(r"\s*(?:(?P<dash>-)|(?P<to>الي|حتي)|(?P<or>او)|(?P<and>و))\s*")
_RISE = re.compile(r"(?<!\w)[وف]?(?:ارتفع|ارتفاع|ارتفعت|يرتفع|ترتفع|تراجع|انخفض|انخفاض|زاد|زياده)(?!\w)")
_MONTHS = list(entries("numbers", "months"))
_MONTH_AFTER = re.compile(rf"\s*(?:من\s+)?(?:شهر\s+)?(?:{trie_regex(_MONTHS)})(?!\w)")
_YEAR_AFTER = re.compile(r"\s*(?:م|ه|ميلادي|ميلاديه|هجري|هجريه|الماضي|الجاري|الحالي|المقبل|-\s*\d{4})(?!\w)")
_UNITS = list(entries("numbers", "units"))
_UNIT_AFTER = re.compile(rf"\s*(?:%|في\s+(?:ال)?(?:مئه|مائه)(?!\w)|(?:ال)?(?:{trie_regex(_UNITS)})(?!\w))")
_OK_WITH_ARTICLE = frozenset(
    ({f for v in range(2, 10) for f in _UNIT_FORMS[v]} - {"اثنين"})
    | {"عشرات", "مئات", "الاف", "ملايين", "عديد من"}
)


def _with_article(words: tuple[str, ...]) -> list[str]:
    out = []
    for w in words:
        out += [w, "ال" + w, "لل" + w]
    return out


# the words just before a figure, looked up whole (clitic و ف ب ل allowed on the first word)
_BEFORE: dict[str, str] = {
    **{w: "month" for w in [*_MONTHS, *entries("numbers", "before_month")]},
    **{w: "year" for w in [*_with_article(entries("numbers", "before_year_noun")),
                           *entries("numbers", "before_year")]},
    **{w: "label" for w in [*_with_article(entries("numbers", "before_label_noun")),
                            *entries("numbers", "before_label")]},
    # an "ال"-prefixed figure after these is an ordinal ("اليوم ال77", "للمره ال3")
    **{w: "ordinal" for w in _with_article(entries("numbers", "before_ordinal_noun"))},
    **dict.fromkeys(entries("numbers", "approx"), "approx"),
    **dict.fromkeys(entries("numbers", "upper"), "upper"),
    **dict.fromkeys(entries("numbers", "lower"), "lower"),
    **dict.fromkeys(entries("numbers", "range"), "range"),
}
# "واحد" after these is not a count ("بيوم واحد", "في ان واحد")
_ONE_BEFORE = list(entries("numbers", "one_before"))
_BEFORE_KINDS: dict[str, frozenset[str]] = {}  # phrase → its kinds
_BEFORE_LAST: dict[str, frozenset[str]] = {}  # last word of a phrase → the kinds it may end
for _phrase, _kind in [*_BEFORE.items(), *((w, "one") for w in _ONE_BEFORE)]:
    _BEFORE_KINDS[_phrase] = _BEFORE_KINDS.get(_phrase, frozenset()) | {_kind}
    _last = _phrase.split()[-1]
    _BEFORE_LAST[_last] = _BEFORE_LAST.get(_last, frozenset()) | {_kind}
_BEFORE_MAX = max(len(k.split()) for k in _BEFORE_KINDS)
_TOKEN = re.compile(r"[^\s()\[\]،,:؛/\"'.]+")


def _before(norm: str, s: int, kinds: frozenset[str]) -> tuple[str, int] | None:
    """The kind and start of a phrase of ``_BEFORE_KINDS`` that ends right before ``s`` (longest first)."""
    win = max(0, s - 32)
    tail = norm[win:s].rsplit(None, 1)
    if not tail or not tail[-1].strip(" \n،,"):
        return None
    last = tail[-1].strip(" \n،,").rsplit("/", 1)[-1].lstrip("(")
    if not (kinds & _BEFORE_LAST.get(last, _NO_KINDS) or kinds & _BEFORE_LAST.get(last[1:], _NO_KINDS)):
        return None
    toks = [(m.start(), m.group()) for m in _TOKEN.finditer(norm, win, s)]
    if not toks or norm[toks[-1][0] + len(toks[-1][1]) : s].strip(" \n،,"):
        return None
    for k in range(min(_BEFORE_MAX, len(toks)), 0, -1):
        first = toks[-k][0]
        phrase = " ".join(t for _, t in toks[-k:])
        found = _BEFORE_KINDS.get(phrase, _NO_KINDS) & kinds
        if found:
            return min(found), first
        if phrase[0] in "وفبل":
            found = _BEFORE_KINDS.get(phrase[1:], _NO_KINDS) & kinds
            if found:
                return min(found), first + 1
    return None


_NO_KINDS: frozenset[str] = frozenset()
_K_QUAL = frozenset({"approx", "upper", "lower"})
_K_RANGE = frozenset({"range"})
_K_YEAR = frozenset({"year", "month", "label"})
_K_LABEL = frozenset({"label"})
_K_ORDINAL = frozenset({"label", "ordinal"})
_K_ONE = frozenset({"one"})


# --- scanning ----------------------------------------------------------------------------------


@dataclass
class _Cand:
    start: int  # span start (after a clitic, including the article)
    end: int
    value: float | None
    kind: str  # "num", "vague", "none"
    skip: bool = False


def _digits_value(s: str) -> float:
    return float(s.replace(",", ""))


def _compose(norm: str, first: _Atom, pos: int) -> tuple[float, int]:
    """Extend a count expression forward from ``pos``; return its value and end."""
    total = cur = last_scale = 0.0
    last = first.kind
    if first.kind == "dual":
        total, last_scale, last = 2 * first.value, first.value, "scale"
    elif first.kind == "scale":
        total, last_scale = first.value, first.value
    else:
        cur = first.value
    end = pos
    while m := _NEXT.match(norm, end):
        conj = m.group("conj") is not None
        if m.group("dig") is not None:
            atom = _Atom("digit", _digits_value(m.group("dig")))
            if atom.value != int(atom.value):
                break
        else:
            atom = _LEX[" ".join(m.group("word").split())]
        k, v = atom.kind, atom.value
        if k in ("scale", "pscale"):
            if conj or cur == 0 or last == "scale" or (last_scale and v >= last_scale):
                break
            total += cur * v
            cur, last, last_scale = 0.0, "scale", v
        elif k == "hund" and v == 100 and not conj and last == "unit" and cur < 10:
            cur *= 100
            last = "hund"
        elif k == "dual" or not conj:
            break
        elif (
            (last == "scale" and cur == 0 and v < last_scale)
            or (last == "hund" and v < 100 and cur % 100 == 0)
            or (last == "unit" and k == "tens" and first.kind != "digit")
        ):
            cur += v
            last = k
        else:
            break
        end = m.end()
    return total + cur, end


def _candidates(norm: str) -> list[_Cand]:
    out: list[_Cand] = []
    reach = 0
    for m in _anchors(norm):
        dig = m.group("dig")
        core = (m.start("dig") if dig is not None else m.start("word")) - 1
        if core < reach:
            continue
        pre = m.group("pre")
        has_article = pre.rstrip().endswith("ال")
        start = core - len(pre) + pre.find("ال") if has_article and not pre.startswith("لل") else core
        if dig is not None:
            date = _NUMERIC_DATE.match(norm, core)
            if date:
                reach = date.end()
                continue
            value, end = _compose(norm, _Atom("digit", _digits_value(dig)), core + len(dig))
            cand = _Cand(start, end, value, "num")
            cand.skip = _skip_figure(norm, cand, dig, value != _digits_value(dig), has_article)
            out.append(cand)
            reach = end
            continue
        word = " ".join(m.group("word").split())
        atom = _LEX[word]
        if (
            pre.endswith(" ")
            or (has_article and word not in _OK_WITH_ARTICLE)
            or (word == "ست" and pre == "ل")
        ):
            continue
        end = m.end() - 1
        if atom.kind == "none":
            if word == "بعض" and pre.endswith("ال"):
                continue
            out.append(_Cand(start, end, None, "none"))
        elif atom.kind in ("vague", "pscale", "few"):
            base = atom.value if atom.kind != "few" else 0.0
            pm = _PLURAL_SCALE.match(norm, end)
            if pm:
                base = (base or 3) * _LEX[pm.group("word")].value
                end = pm.end()
            if _UNIT_AFTER.match(norm, end):  # "عده ايام", "مئات الدولارات": not a count of people
                continue
            if atom.kind != "few" or pm:
                out.append(_Cand(start, end, base, "vague"))
            elif not (word == "عده" and (pre or not _NOUN_AFTER.match(norm, end))):
                out.append(_Cand(start, end, None, "none"))
        elif atom.kind == "frac":
            pm = _FRAC_SCALE.match(norm, end)
            if pm:
                out.append(_Cand(start, pm.end(), atom.value * _LEX[pm.group("word")].value, "num"))
        elif atom.kind == "unit" and atom.value == 1 and _before(norm, start, _K_ONE):
            continue  # "بيوم واحد", "في ان واحد"
        else:
            value, end = _compose(norm, atom, end)
            skip = bool(_UNIT_AFTER.match(norm, end) or _MONTH_AFTER.match(norm, end)) or bool(
                _before(norm, start, _K_LABEL)
            )
            out.append(_Cand(start, end, value, "num", skip))
        reach = out[-1].end if out else reach
    return out


def _skip_figure(norm: str, c: _Cand, text: str, compound: bool, has_article: bool) -> bool:
    """True when the figure at ``c`` is not a count (year, date, time, unit, label, code...)."""
    s, e = c.start, c.end
    if c.value is None or c.value != int(c.value):
        return True
    prev = norm[s - 1] if s > 0 else " "
    if prev in "+#/:$€£" or (prev == "-" and s > 1 and norm[s - 2].isascii() and norm[s - 2].isalpha()):
        return True
    nxt = norm[e : e + 2]
    if (nxt[:1] in "/:" and nxt[1:].isdigit()) or (
        nxt[:1] == "-" and nxt[1:].isascii() and nxt[1:].isalpha()
    ):
        return True
    if not compound:
        digits = text.replace(",", "")
        if (len(digits) >= 7 and "," not in text) or (digits.startswith("0") and len(digits) >= 3):
            return True
        v = int(c.value)
        if len(digits) == 4 and "," not in text and (1900 <= v <= 2100 or 1300 <= v <= 1500):
            if _YEAR_AFTER.match(norm, e) or _before(norm, s, _K_YEAR):
                return True
            if 1900 <= v <= 2100 and not re.match(r"\s*[^\W\d]", norm[e : e + 3]):
                return True
        if v <= 31 and _MONTH_AFTER.match(norm, e):
            return True
    if _UNIT_AFTER.match(norm, e):
        return True
    return _before(norm, s, _K_ORDINAL if has_article else _K_LABEL) is not None


def _qualify(norm: str, c: _Cand) -> NumberMention:
    """Turn a candidate into a mention, reading the qualifier before and after it."""
    start, end = c.start, c.end
    if c.kind == "none" or c.value is None:
        return NumberMention(start, end, None, None, None, True, norm[start:end], vague=True)
    best = low = n = int(c.value)
    high: int | None = None if c.kind == "vague" else n
    approx = c.kind == "vague"
    q = _before(norm, start, _K_QUAL)
    if q is not None:
        kind, start = q
        approx = True
        if kind == "upper":
            low, high = None, n  # type: ignore[assignment]
        elif kind == "lower":
            high = None
    sm = _SUFFIX.match(norm, end)
    if sm:
        approx = True
        if sm.group("noun") is None:
            end = sm.end()
        if sm.group("ph") != "تقريبا":
            high = None
    return NumberMention(start, end, best, low, high, approx, norm[start:end], vague=c.kind == "vague")


def _pair(norm: str, a: _Cand, b: _Cand) -> int | None:
    """The start of a range "بين N و M", "من N الى M", "N-M", "N او M", or None."""
    if a.kind != "num" or b.kind != "num" or a.value is None or b.value is None or a.value >= b.value:
        return None
    mid = _RANGE_MID.match(norm, a.end)
    if not mid or mid.end() != b.start:
        return None
    pre = _before(norm, a.start, _K_RANGE)
    word = norm[pre[1] : a.start].split()[0] if pre else ""
    rising = _RISE.search(norm, max(0, a.start - 60), a.start) is not None
    if mid.group("dash"):
        return a.start if not rising else None
    if mid.group("or"):
        return a.start
    if mid.group("and"):
        return pre[1] if pre and word in ("بين", "ما") else None
    return pre[1] if pre and word == "من" and not rising else None


def find_numbers(norm: str) -> list[NumberMention]:
    """Every count expression in the normalized text ``norm``, in text order, non-overlapping."""
    cands = _candidates(norm)
    mentions: list[NumberMention] = []
    last_end = -1
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        start = _pair(norm, a, b) if b is not None else None
        if b is not None and start is not None:
            i += 2
            if a.skip or b.skip or start < last_end:
                continue
            assert a.value is not None and b.value is not None
            lo, hi = int(a.value), int(b.value)
            mention = NumberMention(start, b.end, lo, lo, hi, True, norm[start : b.end])
        else:
            i += 1
            if a.skip:
                continue
            mention = _qualify(norm, a)
        if mention.start < last_end:
            continue
        mentions.append(mention)
        last_end = mention.end
    return mentions


def parse_count(phrase: str) -> NumberMention | None:
    """The first count in one phrase ("نحو 20", "ثلاثه الاف"), normalized first; None if there is none."""
    found = find_numbers(normalize(phrase))
    return found[0] if found else None


# --- countable nouns -----------------------------------------------------------------------------

# nouns with a broken plural: a "-ين"/"-ان" ending is always the dual
_BROKEN = list(entries("numbers", "broken_plural"))
# nouns with a sound plural in "-ين": "مدنيين" may be a dual or a plural, only "-ان" is sure
_SOUND = entries("numbers", "sound_plural")


def _forms() -> dict[str, int | None]:
    forms: dict[str, int | None] = {}
    for stem in (*_BROKEN, *_SOUND):
        base = stem[:-1] + "ت" if stem.endswith("ه") else stem
        forms[stem] = 1
        if not stem.endswith("ه"):
            forms[stem + "ا"] = 1
        forms[base + "ان"] = 2
        forms[base + "ين"] = 2 if stem in _BROKEN else None
    return forms


_COUNT_FORMS: dict[str, int | None] = _forms()
_CLITICS = re.compile(r"^(?:[وف]?(?:[بك]?ال|لل|[بلك])?)")


def implied_count(noun_norm: str) -> int | None:
    """The count a person noun implies by itself: 2 for a dual ("قتيلين", "مدنيان"), 1 for a singular
    ("قتيل", "جنديا"), None otherwise. A sound-plural noun ending in "ين" ("مدنيين") gives None: its
    dual and plural are spelled alike. Clitics and the article are stripped."""
    w = noun_norm.strip()
    if w in _COUNT_FORMS:
        return _COUNT_FORMS[w]
    m = _CLITICS.match(w)
    for cut in range(len(m.group(0)) if m else 0, 0, -1):
        if w[cut:] in _COUNT_FORMS:
            return _COUNT_FORMS[w[cut:]]
    return None
