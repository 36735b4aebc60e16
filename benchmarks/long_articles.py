#!/usr/bin/env python3
"""Extraction time of one very long article: does the cost grow linearly with its length?

    python benchmarks/long_articles.py [--sizes 200K,1.6M,20M] [--quick]

Builds one synthetic article per size from conflict-news sentences written for this benchmark
(places, figures, days and sources varied at random, paragraphs of a few sentences), warms the
pipeline up (the gazetteer and lexicons load once), then times ``marsad.extract`` on each and
prints seconds, seconds per megabyte, the ratio of the largest to the smallest size's time per
megabyte (linear cost keeps it near 1) and the peak resident memory of the process so far (sizes
run smallest first, so it is the largest article's). ``--tracemalloc`` adds the peak of Python
allocations during each extraction (it slows the run down: its times are not comparable).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc

import marsad

PLACES = ["حلب", "غزة", "صنعاء", "الموصل", "دوما", "إدلب", "درعا", "تعز", "الحديدة", "الرمادي",
          "الفلوجة", "خان يونس", "رفح", "جنين", "نابلس", "مأرب", "بنغازي", "سرت", "دير الزور", "حماة"]
ACTORS = ["قوات النظام", "فصائل المعارضة", "الجيش الإسرائيلي", "مسلحو الحوثي", "قوات التحالف",
          "تنظيم الدولة", "قوات الأمن", "الشرطة", "مسلحون مجهولون", "القوات الحكومية"]
DAYS = ["أمس", "اليوم", "فجر اليوم", "مساء أمس", "يوم الأحد", "يوم الجمعة", "صباح الثلاثاء"]
SOURCES = ["قال مصدر أمني", "أفاد ناشطون", "ذكرت وكالة الأنباء الرسمية", "أكد مصدر طبي",
           "قال المرصد السوري لحقوق الإنسان", "أعلنت وزارة الصحة", "قال شهود عيان"]
NUMBERS = ["ثلاثة", "خمسة", "سبعة", "عشرة", "12", "17", "23", "نحو 40", "أكثر من 60", "عشرات"]

TEMPLATES = [
    "{source} إن طائرات حربية قصفت أحياء في مدينة {place} {day}، ما أدى إلى مقتل {n} مدنيين.",
    "اندلعت اشتباكات عنيفة بين {actor} و{actor2} على أطراف {place} {day}.",
    "و{source} إن {n} أشخاص أصيبوا بجروح في انفجار سيارة مفخخة وسط {place}.",
    "وشنت {actor} غارات على مواقع في محافظة {place}، وأسفرت عن سقوط قتلى وجرحى.",
    "واعتقلت {actor} {n} شبان خلال حملة دهم في {place} {day}.",
    "وخرج مئات المتظاهرين في شوارع {place} {day} احتجاجا على تردي الأوضاع المعيشية.",
    "وقتل {n} عناصر من {actor} في كمين نصبه {actor2} قرب {place}، بحسب مصادر محلية.",
    "وسيطرت {actor} على قرى جديدة في ريف {place} بعد معارك استمرت يومين.",
    "و{source} إن حصيلة القصف المدفعي على {place} ارتفعت إلى {n} قتيلا بينهم أطفال.",
    "ولم يسفر الهجوم عن وقوع إصابات، بحسب بيان صادر عن {actor}.",
    "وفي سياق آخر، ناقش وزير الخارجية مع نظيره الأوضاع الإنسانية في {place} خلال اتصال هاتفي.",
    "وأوضح المتحدث أن فرق الدفاع المدني تواصل البحث عن ناجين تحت الأنقاض في {place}.",
]


def sentence(rnd: random.Random) -> str:
    actor, actor2 = rnd.sample(ACTORS, 2)
    return rnd.choice(TEMPLATES).format(source=rnd.choice(SOURCES), place=rnd.choice(PLACES), day=rnd.choice(DAYS),
                                        n=rnd.choice(NUMBERS), actor=actor, actor2=actor2)


def make_text(size: int, seed: int = 11) -> str:
    """About ``size`` bytes of UTF-8: paragraphs of two to five sentences."""
    rnd = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        para = " ".join(sentence(rnd) for _ in range(rnd.randint(2, 5)))
        paragraphs.append(para)
        total += len(para.encode("utf-8")) + 1
    return "\n".join(paragraphs)


def parse_size(s: str) -> int:
    s = s.strip().upper().removesuffix("B")
    mult = {"K": 1_000, "M": 1_000_000}.get(s[-1:], 1)
    return int(float(s[:-1] if mult > 1 else s) * mult)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--sizes", default="200K,1.6M,20M", help="comma-separated sizes (e.g. 200K,1.6M,20M)")
    ap.add_argument("--quick", action="store_true", help="leave out the 20 MB article (200K,1.6M)")
    ap.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    args = ap.parse_args(argv)
    sizes = sorted(parse_size(s) for s in ("200K,1.6M" if args.quick else args.sizes).split(","))

    marsad.extract("قصفت طائرات النظام مدينة دوما أمس", published="2016-12-12")  # warm up
    rows: list[tuple[int, float]] = []
    for size in sizes:
        text = make_text(size)
        mb = len(text.encode("utf-8")) / 1e6
        if args.tracemalloc:
            tracemalloc.start()
        t0 = time.perf_counter()
        events = marsad.extract(text, published="2024-05-07")
        secs = time.perf_counter() - t0
        traced = ""
        if args.tracemalloc:
            _, top = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            traced = f"  traced peak {top / 1e6:7.1f} MB"
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        rows.append((size, secs / mb))
        print(f"{mb:7.2f} MB  {secs:8.2f} s  {secs / mb:6.2f} s/MB  {len(events):6d} events  "
              f"peak RSS {rss:6.0f} MB{traced}", flush=True)
    if len(rows) > 1:
        (small, small_rate), (large, large_rate) = rows[0], rows[-1]
        print(f"time per MB, {large / 1e6:g} MB vs {small / 1e6:g} MB: {large_rate / small_rate:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
