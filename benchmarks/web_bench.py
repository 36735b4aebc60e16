"""How fast the HTTP API answers on a database of 100,000 events.

    python benchmarks/web_bench.py [--events 100000] [--requests 300] [--db PATH]

Builds (or reuses, with ``--db``) a SQLite database of synthetic events written through the store
API (articles, records and merged events; generated here, nothing read from ../shared), then asks
``/api/events`` for pages of 50 under random filters (dates, country, type, actor, near, bbox,
text, confidence, offsets) and ``/api/stats`` (no filter, and filtered), in process through
FastAPI's TestClient. Prints the start-up time (the database check and the search index), the
p50/p95/max of each, and whether the bars hold: /api/events p95 < 100 ms, /api/stats < 300 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from marsad.export import TAXONOMY
from marsad.storage import NewArticle, open_store

COUNTRIES = {  # code: (min_lat, min_lon, max_lat, max_lon, places)
    "SY": (32.5, 36.0, 37.0, 41.0, ["حلب", "إدلب", "حماة", "درعا", "دير الزور", "الرقة"]),
    "YE": (13.0, 43.0, 17.5, 50.0, ["مأرب", "تعز", "الحديدة", "صعدة", "عدن"]),
    "IQ": (30.0, 40.0, 37.0, 47.5, ["بغداد", "الموصل", "كركوك", "البصرة", "الأنبار"]),
    "SD": (10.0, 22.0, 20.0, 37.0, ["الخرطوم", "الفاشر", "نيالا", "الأبيض", "كسلا"]),
    "LY": (25.0, 10.0, 33.0, 25.0, ["طرابلس", "بنغازي", "سرت", "مصراتة", "سبها"]),
    "PS": (31.2, 34.2, 32.5, 35.5, ["غزة", "خان يونس", "رفح", "جنين", "نابلس"]),
}
ACTORS = [
    ("Military Forces of Syria", "قوات النظام", 1), ("Houthi movement", "جماعة الحوثي", 2),
    ("Islamic State", "تنظيم الدولة", 2), ("Rapid Support Forces", "قوات الدعم السريع", 2),
    ("Military Forces of Iraq", "الجيش العراقي", 1), ("Libyan National Army", "الجيش الوطني الليبي", 1),
    ("Military Forces of Israel", "الجيش الإسرائيلي", 8), ("Hamas Movement", "حركة حماس", 2),
    ("Syrian Democratic Forces", "قوات سوريا الديمقراطية", 2), ("Hayat Tahrir al-Sham", "هيئة تحرير الشام", 2),
    ("Protesters", "متظاهرين", 6), ("Civilians", "مدنيين", 7), ("Unidentified Armed Group", "مسلحين مجهولين", 3),
]  # fmt: skip
SOURCES = [("Syrian Observatory for Human Rights", "المرصد السوري لحقوق الإنسان"), ("Local sources", "مصادر محلية"),
           ("Reuters", "رويترز"), ("Ministry of Health", "وزارة الصحة")]  # fmt: skip
WORDS = ["قصف", "اشتباكات", "غارة", "انفجار", "هجوم", "تظاهرة", "مقتل", "إصابة", "عنيفة", "صباح", "مساء", "اليوم"]
SUBS = [(kind, sub) for kind, subs in TAXONOMY.items() for sub in subs]


def record(i: int, rng: random.Random) -> dict[str, Any]:
    code = rng.choice(list(COUNTRIES))
    min_lat, min_lon, max_lat, max_lon, places = COUNTRIES[code]
    kind, sub = rng.choice(SUBS)
    a1, a2 = rng.sample(ACTORS, 2)
    place = rng.choice(places)
    day = 1 + rng.randrange(730)
    date = f"{2023 + (day - 1) // 365}-{1 + ((day - 1) % 365) // 31 % 12:02d}-{1 + (day - 1) % 28:02d}"
    killed = rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 20])
    source = rng.choice(SOURCES)
    words = " ".join(rng.choice(WORDS) for _ in range(12))
    evidence = f"قال {source[1]} إن {a1[1]} شنت {words} على {place} ما أدى إلى مقتل {killed} من {a2[1]}"
    return {
        "event_id": f"{i:016x}", "doc_id": f"b{i}", "event_date": date, "time_precision": 1,
        "event_type": kind, "sub_event_type": sub,
        "actor1": {"name": a1[0], "name_ar": a1[1], "inter": a1[2]}, "actor1_inferred": False, "assoc_actor_1": [],
        "actor2": {"name": a2[0], "name_ar": a2[1], "inter": a2[2]}, "assoc_actor_2": [],
        "civilian_targeting": a2[2] == 7,
        "location": {"name_ar": place, "name": None, "geonameid": None, "country": code, "admin1": None,
                     "admin2": None, "lat": round(rng.uniform(min_lat, max_lat), 5),
                     "lon": round(rng.uniform(min_lon, max_lon), 5), "geo_precision": 1, "sub_location_ar": None},
        "fatalities": {"best": killed, "low": killed, "high": killed, "approximate": False, "text": f"مقتل {killed}"},
        "injured": None, "quantities": [], "sources": [{"name_ar": source[1], "name": source[0], "kind": "local"}],
        "outlet": rng.choice(["Al Jazeera", "Enab Baladi", "Rudaw", "Al Masirah"]), "url": None,
        "evidence": {"text": evidence, "start": 0, "end": len(evidence)},
        "notes": f"On {date}, {a1[0]} carried out a {sub.lower()} in {place}, {code}; {killed} killed.",
        "confidence": round(rng.uniform(0.2, 0.99), 3), "tags": [],
    }  # fmt: skip


def build(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with open_store(str(path)) as store:
        run = store.start_run("ingest", "bench")
        for start in range(0, n, 1000):
            with store.transaction():
                for i in range(start, min(n, start + 1000)):
                    data = record(i, rng)
                    text = str(data["evidence"]["text"])
                    digest = hashlib.sha256(f"{i}:{text}".encode()).hexdigest()
                    article = store.add_article(NewArticle(doc_id=f"b{i}", text=text, sha256=digest,
                                                           outlet=data["outlet"], published=data["event_date"]),
                                                run_id=run, marsad_version="bench")  # fmt: skip
                    (rid,) = store.add_records(article, [data], counted=True, run_id=run, marsad_version="bench")
                    store.save_event(f"m-{data['event_id']}", {**data, "event_id": f"m-{data['event_id']}",
                                                               "outlets": [data["outlet"]], "doc_ids": [f"b{i}"]},
                                     [(rid, "first report")])  # fmt: skip
        store.finish_run(run, {"events": n})


def random_filters(rng: random.Random) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": 50}
    choices = ["dates", "country", "type", "actor", "near", "bbox", "q", "confidence", "offset"]
    for choice in rng.sample(choices, rng.randint(1, 3)):
        if choice == "dates":
            month = rng.randrange(24)
            params["from"] = f"{2023 + month // 12}-{1 + month % 12:02d}-01"
            params["to"] = f"{2023 + month // 12}-{1 + month % 12:02d}-28"
        elif choice == "country":
            params["country"] = rng.choice(list(COUNTRIES))
        elif choice == "type":
            params["type"] = rng.choice([*TAXONOMY, *(s for _, s in SUBS)])
        elif choice == "actor":
            params["actor"] = rng.choice([a[1] for a in ACTORS] + [a[0].split()[0] for a in ACTORS])
        elif choice == "near":
            min_lat, min_lon, max_lat, max_lon, _ = COUNTRIES[rng.choice(list(COUNTRIES))]
            km = rng.choice([25, 50, 100])
            params["near"] = f"{rng.uniform(min_lat, max_lat):.3f},{rng.uniform(min_lon, max_lon):.3f},{km}"
        elif choice == "bbox":
            min_lat, min_lon, max_lat, max_lon, _ = COUNTRIES[rng.choice(list(COUNTRIES))]
            params["bbox"] = f"{min_lon},{min_lat},{(min_lon + max_lon) / 2},{(min_lat + max_lat) / 2}"
        elif choice == "q":
            params["q"] = rng.choice(["قصف", "اشتباكات", "حلب", "مأرب الحوثي", "المرصد", "انفجار"])
        elif choice == "confidence":
            params["min_confidence"] = rng.choice([0.5, 0.7, 0.9])
        else:
            params["offset"] = rng.choice([50, 500, 5000])
    return params


def _stats_filters(rng: random.Random) -> dict[str, Any]:
    return {k: v for k, v in random_filters(rng).items() if k not in ("limit", "offset")}


def timed(client: Any, path: str, params: dict[str, Any]) -> float:
    start = time.perf_counter()
    response = client.get(path, params=params)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} {params}: HTTP {response.status_code}: {response.text[:200]}")
    return elapsed


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def figures(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    return (f"{name}: n={len(times)} p50 {statistics.median(ordered):.1f} ms, p95 {_p95(times):.1f} ms, "
            f"max {ordered[-1]:.1f} ms")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or create) this database")
    args = parser.parse_args(argv)
    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        if not path.exists():
            start = time.perf_counter()
            build(path, args.events)
            size = path.stat().st_size / 1e6
            print(f"built {args.events:,} events in {time.perf_counter() - start:.1f} s ({size:.0f} MB)")
        start = time.perf_counter()
        app = create_app(str(path))
        print(f"start-up (database check and search index): {time.perf_counter() - start:.2f} s")
        client = TestClient(app)
        rng = random.Random(11)
        for _ in range(5):  # warm up
            timed(client, "/api/events", random_filters(rng))
        times: list[float] = []
        kinds: dict[str, list[float]] = {}
        for _ in range(args.requests):
            params = random_filters(rng)
            elapsed = timed(client, "/api/events", params)
            times.append(elapsed)
            for key in params:
                if key not in ("limit", "to"):
                    kinds.setdefault(key, []).append(elapsed)
        print(figures("/api/events (pages of 50, random filters)", times))
        for key, values in sorted(kinds.items()):
            print("    " + figures(f"with {key}", values))
        stats = [timed(client, "/api/stats", {}) for _ in range(5)]
        stats_filtered = [timed(client, "/api/stats", _stats_filters(rng)) for _ in range(20)]
        print(figures("/api/stats (no filter)", stats))
        print(figures("/api/stats (random filters)", stats_filtered))
        p95 = _p95(times)
        worst_stats = max(max(stats), _p95(stats_filtered))
        ok = p95 < 100 and worst_stats < 300
        print(f"bars: /api/events p95 {p95:.1f} ms (< 100), /api/stats {worst_stats:.1f} ms (< 300): "
              f"{'pass' if ok else 'FAIL'}")  # fmt: skip
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
