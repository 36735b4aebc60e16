#!/usr/bin/env python3
"""Gazetteer figures: cold start, memory, GeoNames import.

    python benchmarks/gazetteer_bench.py [--rows 20000] [--keep DIR]

In a temporary cache directory (``MARSAD_CACHE_DIR``; ``--keep DIR`` uses and keeps DIR):

1. builds the default index once (not timed: that is the one-time compilation), then times a
   fresh ``marsad extract`` process on one article and, in another fresh process, the gazetteer
   load plus the places of one article (bar: < 1 s wall);
2. measures the resident memory the default gazetteer and its name matcher add to a process
   (bar: <= 300 MB);
3. writes a synthetic GeoNames country file of ``--rows`` rows (and an alternateNames file for
   a third of them) and times ``marsad gazetteer import`` of both in a fresh process (bar: < 30 s).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = (
    "قصف جوي على مدينة معرة النعمان\n\n"
    "قصفت طائرات حربية مدينة معرة النعمان وبلدات كفرنبل وحاس في ريف إدلب الجنوبي صباح اليوم، "
    "ما أدى إلى مقتل سبعة مدنيين بينهم طفلان، وفق ما أفاد به ناشطون محليون. وسقطت قذائف مدفعية "
    "على أطراف مدينة سراقب، فيما تواصلت الاشتباكات على محاور ريف حماة الشمالي قرب بلدة اللطامنة. "
    "وفي العراق، انفجرت عبوة ناسفة قرب سوق شعبي في مدينة بعقوبة شرقي بغداد، وفي اليمن قصفت مدفعية "
    "الحوثيين أحياء في مدينة تعز. وقال مسؤولون في دمشق إن التصعيد يهدد الهدنة التي رعتها روسيا وتركيا.\n"
)

LOAD_AND_ONE = """
import time
t0 = time.perf_counter()
from marsad.pipeline import make_doc
from marsad.resources.gazetteer import default_gazetteer
from marsad.stages.places import find_places
from marsad.ingest.sources import text_to_article
g = default_gazetteer()
t1 = time.perf_counter()
doc = make_doc(text_to_article(open(ARTICLE_PATH, encoding="utf-8").read(), "bench"))
found = find_places(doc.norm)
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {len(found)} {len(g)}")
"""

MEMORY = """
import resource
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
import marsad.stages.places as places
from marsad.resources.gazetteer import default_gazetteer
before = rss_mb()
g = default_gazetteer()
loaded = rss_mb()
places.find_places("قصف على حلب")  # builds the name matcher
after = rss_mb()
print(f"{before:.1f} {loaded:.1f} {after:.1f} {len(g)} {sum(1 for _ in g.names())}")
"""

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
PREFIXES = ["", "", "", "كفر ", "تل ", "عين ", "دير ", "بيت ", "خربة ", "مزرعة "]


def fake_name(rnd: random.Random) -> str:
    word = "".join(rnd.choice(LETTERS) for _ in range(rnd.randint(4, 7)))
    return rnd.choice(PREFIXES) + ("ال" if rnd.random() < 0.4 else "") + word


def write_country(path: Path, alt_path: Path, rows: int, seed: int = 11) -> None:
    rnd = random.Random(seed)
    codes = ["PPL"] * 80 + ["PPLX"] * 5 + ["MT"] * 5 + ["ADM3"] * 5 + ["HSP"] * 5
    classes = {"PPL": "P", "PPLX": "P", "MT": "T", "ADM3": "A", "HSP": "S"}
    with path.open("w", encoding="utf-8") as f, alt_path.open("w", encoding="utf-8") as a:
        for i in range(rows):
            gid = 80_000_000 + i
            code = rnd.choice(codes)
            latin = f"Qaryat {i}"
            alts = [latin, f"Karyat {i}"]
            if rnd.random() < 0.3:
                alts.append(fake_name(rnd))
            lat, lon = 32.5 + rnd.random() * 4.5, 35.8 + rnd.random() * 6.0
            pop = rnd.choice([0, 0, 0, 150, 800, 2500, 12000])
            cols = [str(gid), latin, latin, ",".join(alts), f"{lat:.5f}", f"{lon:.5f}", classes[code],
                    code, "SY", "", f"{rnd.randint(1, 14):02d}", "", "", "", str(pop), "", "400",
                    "Asia/Damascus", "2022-01-01"]  # fmt: skip
            f.write("\t".join(cols) + "\n")
            if i % 3 == 0:
                a.write(f"{9_000_000 + i}\t{gid}\tar\t{fake_name(rnd)}\t\t\t\t\t\t\n")


def python(code: str, env: dict[str, str]) -> tuple[float, str]:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - t, out.stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=20000, help="rows of the synthetic country file")
    ap.add_argument("--keep", type=Path, help="cache directory to use and keep (default: a temporary one)")
    a = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    work = Path(tmp.name)
    cache = a.keep or work / "cache"
    env = {**os.environ, "MARSAD_CACHE_DIR": str(cache)}

    t, _ = python("from marsad.resources.gazetteer import default_gazetteer; default_gazetteer()", env)
    print(f"index build (one time, not a bar): {t:.2f} s  in {cache}")

    article = work / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    marsad = [sys.executable, "-m", "marsad", "extract", str(article), "--workers", "1", "--format", "jsonl"]
    walls = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run(marsad, env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - t)
    print(f"marsad extract, one article, fresh process: {min(walls):.3f} s wall (best of 3; bar < 1 s)")
    t, out = python(f"ARTICLE_PATH = {str(article)!r}\n" + LOAD_AND_ONE, env)
    load, one, found, places = out.split()
    print(
        f"fresh process: gazetteer load {float(load):.3f} s + places of one article {float(one):.3f} s "
        f"({found} mentions, {places} places); process wall {t:.3f} s"
    )

    _, out = python(MEMORY, env)
    before, loaded, after, places, names = out.split()
    print(
        f"resident memory: {before} MB before, {loaded} MB with the gazetteer, {after} MB with its matcher; "
        f"the default gazetteer adds {float(after) - float(before):.1f} MB "
        f"({places} places, {names} names; bar <= 300 MB)"
    )

    table, alts = work / "SY.txt", work / "alternateNamesV2.txt"
    write_country(table, alts, a.rows)
    code = (
        "import time\nfrom marsad.resources.geonames_import import import_files\nt = time.perf_counter()\n"
        f"r = import_files([{str(table)!r}, {str(alts)!r}])\n"
        "print(f'{time.perf_counter() - t:.3f} {r.places} {r.names}')"
    )
    t, out = python(code, env)
    secs, places, names = out.split()
    print(
        f"import of a {a.rows}-row GeoNames country file + alternateNames: {float(secs):.2f} s "
        f"({places} places with Arabic names, {names} names; process wall {t:.2f} s; bar < 30 s)"
    )
    t, out = python(f"ARTICLE_PATH = {str(article)!r}\n" + LOAD_AND_ONE, env)
    load, one, _, places = out.split()
    print(
        f"with the imported layer: gazetteer load {float(load):.3f} s + one article {float(one):.3f} s "
        f"({places} places)"
    )
    tmp.cleanup()


if __name__ == "__main__":
    main()
