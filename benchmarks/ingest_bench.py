"""Ingest rate against bare extraction, on one core, and peak memory.

    python benchmarks/ingest_bench.py [--shared ../shared] [--articles 10000] [--db URL]

Builds a corpus of N articles by repeating ``../shared/eval/pool/*.jsonl`` (read at run time,
never copied into this repository) with new ids and URLs, each copy's text changed by one
sentence so that it is not an exact duplicate (copies after the first are near-duplicates: they
are extracted and stored, linked to their original). Then measures, in this process, one core:

* bare extraction: ``extract_article`` over every article (no storage);
* ingest: ``marsad.ingest.store_ingest.ingest`` into a fresh SQLite database (or ``--db``).

Prints articles per second for both, the ingest's share of the bare rate, and the peak resident
memory of the process (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path


def build_corpus(shared: Path, n: int, out: Path) -> int:
    pool: list[dict[str, object]] = []
    for path in sorted((shared / "eval" / "pool").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                pool.append(json.loads(line))
    if not pool:
        raise SystemExit(f"no articles under {shared / 'eval' / 'pool'}")
    with out.open("w", encoding="utf-8") as fh:
        for i in range(n):
            row = dict(pool[i % len(pool)])
            copy = i // len(pool)
            row["id"] = f"bench-{i:06d}"
            row["url"] = f"https://bench.example/{i}"
            if copy:
                row["text"] = f"{row['text']}\nنسخة رقم {copy} من الخبر."
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(pool)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()

    from marsad.ingest.sources import iter_articles
    from marsad.ingest.store_ingest import extract_records, ingest
    from marsad.storage import open_store

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        pool = build_corpus(Path(args.shared), args.articles, corpus)
        articles = list(iter_articles([str(corpus)], on_error=lambda e: None))
        extract_records(articles[0])  # load lexicons and the gazetteer before timing

        start = time.perf_counter()
        records = sum(len(extract_records(a)) for a in articles)
        bare = time.perf_counter() - start
        del articles

        url = args.db or str(Path(tmp) / "bench.db")
        with open_store(url) as store:
            start = time.perf_counter()
            summary = ingest([str(corpus)], store, progress=False)
            took = time.perf_counter() - start
            counts = store.counts()
    n = args.articles
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {n} articles ({pool} in the pool, repeated), {records} records by bare extraction")
    print(f"bare extract, 1 core: {bare:.1f} s, {n / bare:.1f} articles/s")
    print(f"ingest (SQLite, 1 core): {took:.1f} s, {n / took:.1f} articles/s = {100 * bare / took:.0f}% of bare")
    print(f"stored {counts.articles} articles ({counts.near_duplicates} near-duplicates), {counts.records} records, "
          f"{counts.events} events; ok={summary.ok}")  # fmt: skip
    print(f"peak memory (ru_maxrss): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
