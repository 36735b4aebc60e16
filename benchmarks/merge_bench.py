"""Merge many synthetic records across articles: records per second and peak memory.

    python benchmarks/merge_bench.py [--records 100000] [--days 365] [--seed 1]

Records are spread over a few countries (random places within each country's box, a few hundred
named towns per country so that names and GeoNames ids repeat), random days of a year, four
sub-types, a few actors and about 3 records per article. ``merge_records`` buckets events by
(country, day), so the time per record stays flat as the corpus grows; the script prints the
rate at a tenth of the records over a tenth of the days (the same density) and at all of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
import tracemalloc
from typing import Any

from marsad.merge import merge_records

COUNTRIES = {"SY": (32.3, 37.3, 35.7, 42.4), "IQ": (29.1, 37.4, 38.8, 48.6), "YE": (12.6, 19.0, 42.5, 53.1),
             "PS": (31.2, 31.6, 34.2, 34.6), "LB": (33.05, 34.7, 35.1, 36.6)}
SUBS = [("Explosions/Remote violence", "Air/drone strike", "غارة جوية"),
        ("Explosions/Remote violence", "Shelling/artillery/missile attack", "قصف مدفعي"),
        ("Battles", "Armed clash", "اشتباكات"), ("Protests", "Peaceful protest", "تظاهرة")]
ACTORS = ["Military Forces of Syria", "Military Forces of Russia", "Islamic State", "Saudi-led coalition", None]


def synthetic(n: int, days: int, seed: int) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    towns = {c: [(f"بلدة{c}{i}", 100000 * k + i, rnd.uniform(box[0], box[1]), rnd.uniform(box[2], box[3]))
                 for i in range(300)] for k, (c, box) in enumerate(COUNTRIES.items())}
    start = dt.date(2024, 1, 1)
    out = []
    for i in range(n):
        country = rnd.choice(list(COUNTRIES))
        name, gid, lat, lon = rnd.choice(towns[country])
        etype, sub, words = rnd.choice(SUBS)
        actor = rnd.choice(ACTORS)
        dead = rnd.randint(0, 30)
        out.append({
            "event_id": f"e{i}", "doc_id": f"d{i // 3}", "time_precision": 1,
            "event_date": None if rnd.random() < 0.01 else (start + dt.timedelta(days=rnd.randrange(days))).isoformat(),
            "event_type": etype, "sub_event_type": sub,
            "actor1": {"name": actor, "name_ar": None, "inter": 1} if actor else None,
            "actor1_inferred": actor is None, "assoc_actor_1": [], "actor2": None, "assoc_actor_2": [],
            "civilian_targeting": False,
            "location": {"name_ar": name, "name": name, "geonameid": gid, "country": country, "admin1": None,
                         "admin2": None, "lat": lat + rnd.uniform(-0.02, 0.02), "lon": lon, "geo_precision": 1,
                         "sub_location_ar": None},
            "fatalities": {"best": dead, "low": dead, "high": dead, "approximate": False, "text": str(dead)},
            "injured": None, "quantities": [], "sources": [], "outlet": f"outlet{i % 7}",
            "evidence": {"text": words, "start": 0, "end": len(words)}, "notes": "", "confidence": 0.7, "tags": [],
        })
    return out


def run(records: list[dict[str, Any]]) -> tuple[float, int, int]:
    tracemalloc.start()
    t0 = time.perf_counter()
    events = merge_records(records)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, len(events), peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    # a tenth of the records over a tenth of the days (the same density), then all of them:
    # equal rates mean the merge is linear in the number of records
    for n, days in ((args.records // 10, max(1, args.days // 10)), (args.records, args.days)):
        records = synthetic(n, days, args.seed)
        t0 = time.perf_counter()
        merge_records(records)
        bare = time.perf_counter() - t0
        seconds, events, peak = run(records)
        print(f"{n:>8} records over {days:>3} days -> {events:>8} events: {n / bare:,.0f} records/s "
              f"({bare:.2f} s); peak {peak / 2**20:.1f} MiB allocated by the merge (tracemalloc, "
              f"{n / seconds:,.0f} records/s under it)")

if __name__ == "__main__":
    main()
