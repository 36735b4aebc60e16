#!/usr/bin/env python3
"""Speed and memory of the extractor on one worker.

    python benchmarks/throughput.py [--articles 1000] [--size 2048]

Builds articles of about ``--size`` bytes from sentences written for this benchmark (an event in
every sentence: a worst case), or takes real ones from ``--corpus``, warms the
pipeline up (the gazetteer and lexicons load once), then times ``extract_article`` over them in
one process and reports articles per second and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import time

from marsad.models import Article
from marsad.pipeline import extract_article

SENTENCES = [
    "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل خمسة مدنيين وإصابة آخرين.",
    "وقال ناشطون إن اشتباكات عنيفة اندلعت بين قوات النظام وفصائل المعارضة على أطراف مدينة حماة.",
    "أعلنت وزارة الصحة أن 12 شخصا أصيبوا بجروح في انفجار عبوة ناسفة وسط مدينة الرمادي أمس الأحد.",
    "وشن طيران التحالف سلسلة غارات على مواقع للحوثيين في محافظة صعدة شمالي اليمن.",
    "واعتقلت قوات الاحتلال عشرة فلسطينيين خلال حملة دهم في مخيم بلاطة شرق نابلس فجر اليوم.",
    "وخرج مئات المتظاهرين في ساحة التحرير ببغداد احتجاجا على انقطاع الكهرباء.",
    "وأكدت مصادر محلية أن الطائرات المسيرة استهدفت سيارة على الطريق بين مأرب وصرواح.",
    "من جهة أخرى، سيطرت قوات الجيش على قرية جديدة بعد معارك استمرت يومين.",
    "وذكر المرصد السوري لحقوق الإنسان أن حصيلة القصف ارتفعت إلى 17 قتيلا بينهم أربعة أطفال.",
    "ولم يسفر الهجوم عن وقوع إصابات بحسب بيان الشرطة.",
]


def make_articles(n: int, size: int, seed: int = 7) -> list[Article]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        parts: list[str] = []
        while sum(len(p.encode("utf-8")) + 1 for p in parts) < size:
            parts.append(rnd.choice(SENTENCES))
        out.append(Article(id=f"bench-{i}", title=rnd.choice(SENTENCES)[:60], text="\n".join(parts),
                           published=dt.date(2024, 5, 1)))
    return out


def corpus_articles(path: str, n: int, size: int) -> list[Article]:
    """Articles from a JSON Lines corpus (``id``, ``text``, ``title``, ``published``), each cut or
    repeated to about ``size`` bytes, cycled to ``n`` articles: real prose, not a copy in the repo."""
    import json

    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    out = []
    for i in range(n):
        r = rows[i % len(rows)]
        text = r["text"]
        while len(text.encode("utf-8")) < size:
            text = text + "\n" + r["text"]
        text = text.encode("utf-8")[:size].decode("utf-8", "ignore")
        pub = dt.date.fromisoformat(r["published"]) if r.get("published") else None
        out.append(Article(id=f"{r['id']}-{i}", title=r.get("title"), text=text, published=pub))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--size", type=int, default=2048, help="bytes of text per article")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the fastest is reported")
    ap.add_argument("--corpus", help="a JSON Lines corpus of real articles to time instead of the built-in"
                    " sentences (e.g. ../shared/eval/dev/saudinewsnet_dev.jsonl)")
    a = ap.parse_args()
    arts = corpus_articles(a.corpus, a.articles, a.size) if a.corpus else make_articles(a.articles, a.size)
    t0 = time.perf_counter()
    extract_article(arts[0])  # loads the gazetteer and lexicons
    warm = time.perf_counter() - t0
    # best of --repeat passes: the machine is shared, and the least disturbed pass is the measure
    elapsed = cpu = float("inf")
    for _ in range(a.repeat):
        n_events = 0
        t1, c1 = time.perf_counter(), time.process_time()
        for art in arts:
            n_events += len(extract_article(art))
        elapsed = min(elapsed, time.perf_counter() - t1)
        cpu = min(cpu, time.process_time() - c1)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"start-up (first article, resources loaded): {warm:.2f} s")
    print(f"{len(arts)} articles of ~{a.size} bytes (best of {a.repeat}): {elapsed:.2f} s, "
          f"{len(arts) / elapsed:.0f} articles/s per worker, {n_events} events")
    # CPU time leaves out what other tenants of a shared machine take
    print(f"CPU time: {cpu:.2f} s, {len(arts) / cpu:.0f} articles/s per worker")
    print(f"peak resident memory: {rss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
