"""Export writers: ACLED CSV columns and values, GeoJSON (json, geopandas), JSON Lines, Parquet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from marsad import export
from marsad.export import ACLED_COLUMNS, interaction, write_acled_csv, write_geojson, write_jsonl, write_parquet


def strike(**over: Any) -> dict[str, Any]:
    """A merged air strike on Douma, told by two outlets."""
    base: dict[str, Any] = {
        "event_id": "m-0a1b2c3d4e5f6071",
        "doc_id": "art-1",
        "event_date": "2024-05-07",
        "time_precision": 1,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": {"name": "Military Forces of Syria (2000-)", "name_ar": "طائرات النظام", "inter": 1},
        "actor1_inferred": False,
        "assoc_actor_1": [{"name": "Military Forces of Russia (2000-)", "name_ar": "الطيران الروسي", "inter": 8}],
        "actor2": {"name": "Civilians (Syria)", "name_ar": "المدنيين", "inter": 7},
        "assoc_actor_2": [],
        "civilian_targeting": True,
        "location": {"name_ar": "دوما", "name": "Douma", "geonameid": 170654, "country": "SY",
                     "admin1": "Rif Dimashq", "admin2": "Duma", "lat": 33.57175, "lon": 36.40265,
                     "geo_precision": 1, "sub_location_ar": "سوق المدينة"},
        "fatalities": {"best": 7, "low": 5, "high": 7, "approximate": False, "text": "سبعة قتلى"},
        "injured": {"best": 12, "low": 12, "high": 12, "approximate": True, "text": "عشرات الجرحى"},
        "quantities": [],
        "sources": [{"name_ar": "المرصد السوري لحقوق الإنسان", "name": "Syrian Observatory for Human Rights",
                     "kind": "activists"},
                    {"name_ar": "ناشطون محليون", "name": "Local activists", "kind": "local"}],
        "outlet": "Al Jazeera",
        "evidence": {"text": "قصفت طائرات النظام سوق مدينة دوما، ما أدى إلى مقتل سبعة مدنيين", "start": 0, "end": 60},
        "notes": 'Regime aircraft struck the market of Douma, killing 7 civilians, "a massacre", said activists.',
        "confidence": 0.94,
        "tags": ["market", "mass-casualty"],
        "outlets": ["Al Jazeera", "Reuters"],
        "reports": 2,
        "doc_ids": ["art-1", "art-7"],
    }  # fmt: skip
    base.update(over)
    return base


def protest(**over: Any) -> dict[str, Any]:
    """Protesters alone, no toll, no coordinates."""
    base: dict[str, Any] = {
        "event_id": "b7c8d9e0f1a2b3c4",
        "doc_id": "art-2",
        "event_date": "2024-06-01",
        "time_precision": 2,
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor1": {"name": "Protesters (Yemen)", "name_ar": "متظاهرون", "inter": 6},
        "actor2": None,
        "civilian_targeting": False,
        "location": {"name_ar": "تعز", "name": None, "country": "YE", "lat": None, "lon": None, "geo_precision": 3},
        "fatalities": {"best": None, "low": None, "high": None, "approximate": True, "text": None},
        "sources": [],
        "outlet": "صحيفة محلية",
        "notes": "Protesters gathered in Taiz.",
        "confidence": 0.61,
        "tags": [],
    }
    base.update(over)
    return base


def acled(records: list[dict[str, Any]], **kw: Any) -> list[dict[str, str]]:
    fh = io.StringIO(newline="")
    write_acled_csv(records, fh, timestamp=1_700_000_000, **kw)
    return list(csv.DictReader(io.StringIO(fh.getvalue().lstrip("\ufeff"), newline="")))


def test_every_acled_column_in_order() -> None:
    fh = io.StringIO(newline="")
    write_acled_csv([strike()], fh)
    header = next(csv.reader(io.StringIO(fh.getvalue())))
    assert header == [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
        "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
        "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
        "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
    ]  # fmt: skip
    assert tuple(header) == ACLED_COLUMNS and len(header) == 31


def test_acled_values_of_a_merged_strike() -> None:
    (row,) = acled([strike()])
    assert row["event_id_cnty"] == "SYR-m-0a1b2c3d4e5f6071"
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2024-05-07", "2024", "1")
    assert row["disorder_type"] == "Political violence"
    assert row["actor1"] == "Military Forces of Syria (2000-)"
    assert row["assoc_actor_1"] == "Military Forces of Russia (2000-)"
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("1", "7", "17")
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["region"], row["country"]) == ("760", "Middle East", "Syria")
    assert (row["admin1"], row["admin2"], row["admin3"], row["location"]) == ("Rif Dimashq", "Duma", "", "Douma")
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("33.5718", "36.4027", "1")
    assert row["source"] == "Syrian Observatory for Human Rights; Local activists; Al Jazeera; Reuters"
    assert row["source_scale"] == "Other-Subnational-Regional-International"
    assert row["notes"].startswith("Regime aircraft") and '"a massacre"' in row["notes"]
    assert row["fatalities"] == "7"
    assert row["tags"] == "market; mass-casualty"
    assert row["timestamp"] == "1700000000"


def test_acled_values_of_a_lone_protest() -> None:
    (row,) = acled([protest()])
    assert row["event_id_cnty"] == "YEM-b7c8d9e0f1a2b3c4"
    assert row["disorder_type"] == "Demonstrations"
    assert (row["inter1"], row["inter2"], row["interaction"], row["actor2"]) == ("6", "", "60", "")
    assert row["civilian_targeting"] == ""
    assert (row["iso"], row["region"], row["country"]) == ("887", "Middle East", "Yemen")
    assert row["location"] == "تعز"  # no English name: the Arabic one
    assert (row["latitude"], row["longitude"]) == ("", "")
    assert row["fatalities"] == "0"  # unknown → 0, ACLED's convention
    assert row["source"] == "صحيفة محلية" and row["source_scale"] == "National"


def test_disorder_types() -> None:
    def kind(event_type: str, sub: str) -> str:
        return export.disorder_type({"event_type": event_type, "sub_event_type": sub})

    assert kind("Protests", "Excessive force against protesters") == "Political violence; Demonstrations"
    assert kind("Riots", "Mob violence") == "Political violence"
    assert kind("Riots", "Violent demonstration") == "Demonstrations"
    assert kind("Strategic developments", "Arrests") == "Strategic developments"
    assert kind("Battles", "Armed clash") == "Political violence"


def test_interaction_codes() -> None:
    assert interaction(1, 7) == 17
    assert interaction(7, 1) == 17  # the smaller first
    assert interaction(2, 2) == 22
    assert interaction(None, 8) == 80
    assert interaction(None, None) is None


def test_unknown_country_and_other_regions() -> None:
    (row,) = acled([strike(location={"name_ar": "مكان", "country": None})])
    assert row["event_id_cnty"].startswith("XXX-") and row["iso"] == "" and row["country"] == ""
    assert export.country_info("PS")[0] == "Palestine"
    assert export.country_info("FR")[3] == "Europe"
    assert export.country_info("SD")[3] == "Northern Africa"


def test_record_update_time_is_the_timestamp() -> None:
    (row,) = acled([strike(updated_at="2024-05-08T10:00:00+00:00")])
    assert row["timestamp"] == "1715162400"


def test_csv_quotes_and_bom() -> None:
    note = 'قال الناشط: "قصف عنيف"، ثم\nسطر جديد; فاصلة, أخرى'
    fh = io.StringIO(newline="")
    write_acled_csv([strike(notes=note)], fh, bom=True)
    text = fh.getvalue()
    assert text.startswith("\ufeffevent_id_cnty,")
    (row,) = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert row["notes"] == note
    plain = io.StringIO(newline="")
    write_acled_csv([strike()], plain)
    assert not plain.getvalue().startswith("\ufeff")


def test_csv_streams_a_generator() -> None:
    def many() -> Any:
        for i in range(500):
            yield strike(event_id=f"m-{i:016x}")

    fh = io.StringIO(newline="")
    assert write_acled_csv(many(), fh) == 500
    assert fh.getvalue().count("\r\n") == 501


def test_geojson_structure_and_unlocated() -> None:
    fh = io.StringIO()
    counts = write_geojson([strike(), protest()], fh)
    assert (counts.written, counts.unlocated) == (1, 1)
    doc = json.loads(fh.getvalue())
    assert doc["type"] == "FeatureCollection"
    (feature,) = doc["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.40265, 33.57175]}  # [lon, lat]
    props = feature["properties"]
    assert props["actor1"] == "Military Forces of Syria (2000-)" and props["actor1_ar"] == "طائرات النظام"
    assert (props["inter1"], props["inter2"], props["interaction"], props["fatalities"]) == (1, 7, 17, 7)
    assert props["sources"] == "Syrian Observatory for Human Rights; Local activists"
    assert props["outlets"] == "Al Jazeera; Reuters"
    assert props["event_date"] == "2024-05-07" and props["confidence"] == 0.94
    assert all(not isinstance(v, (dict, list)) for v in props.values())

    kept = io.StringIO()
    counts = write_geojson([strike(), protest()], kept, include_unlocated=True)
    assert (counts.written, counts.unlocated) == (2, 1)
    assert json.loads(kept.getvalue())["features"][1]["geometry"] is None


def test_geojson_empty_is_valid() -> None:
    fh = io.StringIO()
    write_geojson([], fh)
    assert json.loads(fh.getvalue()) == {"type": "FeatureCollection", "features": []}


@pytest.mark.parametrize("include_unlocated", [False, True])
def test_geojson_opens_in_geopandas(tmp_path: Path, include_unlocated: bool) -> None:
    gpd = pytest.importorskip("geopandas")
    path = tmp_path / "events.geojson"
    with path.open("w", encoding="utf-8") as fh:
        write_geojson([strike(), protest(), strike(event_id="m-2", location={"lat": 36.2, "lon": 37.15})], fh,
                      include_unlocated=include_unlocated)  # fmt: skip
    frame = gpd.read_file(path)
    assert len(frame) == (3 if include_unlocated else 2)
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    first = frame.iloc[0]
    assert (first.geometry.x, first.geometry.y) == pytest.approx((36.40265, 33.57175))
    assert first["actor1_ar"] == "طائرات النظام" and int(first["fatalities"]) == 7


def test_jsonl_keeps_records_as_they_are() -> None:
    fh = io.StringIO()
    assert write_jsonl([strike(), protest()], fh) == 2
    lines = fh.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [strike(), protest()]
    assert "طائرات النظام" in lines[0]  # Arabic as is, not \\u escapes


def test_parquet_round_trip(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    assert write_parquet([strike(), protest()], path, batch_size=1) == 2
    table = pq.read_table(path)
    assert table.num_rows == 2
    assert table.schema.equals(export.parquet_schema())
    rows = table.to_pylist()
    assert str(rows[0]["event_date"]) == "2024-05-07" and rows[0]["fatalities"] == 7
    assert rows[0]["civilian_targeting"] is True and rows[0]["latitude"] == pytest.approx(33.57175)
    assert rows[1]["fatalities"] is None and rows[1]["latitude"] is None and rows[1]["interaction"] == 60
    assert json.loads(rows[0]["record"]) == strike()
    assert pq.ParquetFile(path).metadata.num_row_groups == 2


def test_parquet_of_nothing_has_the_schema(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "none.parquet"
    assert write_parquet([], path) == 0
    assert pq.read_table(path).num_rows == 0


def test_parquet_without_pyarrow_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = export.importlib.import_module

    def no_pyarrow(name: str, *a: Any) -> Any:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real(name, *a)

    monkeypatch.setattr(export.importlib, "import_module", no_pyarrow)
    with pytest.raises(export.ExportError, match=r"pip install 'marsad\[parquet\]'"):
        write_parquet([strike()], tmp_path / "x.parquet")
    assert not (tmp_path / "x.parquet").exists()
