"""The gazetteer: sources, the on-disk index, the fallback to memory."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from marsad.resources import gazetteer as gz
from marsad.resources.gazetteer_build import Row, clean_name, read_tsv
from marsad.text.normalize import normalize


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> gz.IndexGazetteer:
    return gz.build_default(tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize(
    ("name", "country", "kind"),
    [
        ("حلب", "SY", "city"),
        ("ادلب", "SY", "city"),
        ("جباليا", "PS", "city"),
        ("مخيم جنين", "PS", "neighbourhood"),
        ("حي الشجاعيه", "PS", "neighbourhood"),
        ("قطاع غزه", "PS", "region"),
        ("الضفه الغربيه", "PS", "region"),
        ("محافظه حماه", "SY", "governorate"),
        ("ريف دمشق", "SY", "governorate"),
        ("الانبار", "IQ", "governorate"),
        ("عدن", "YE", "city"),
        ("لبنان", "LB", "country"),
        ("سوريه", "SY", "country"),
        ("الولايات المتحده", "US", "country"),
        ("سهل الغاب", "SY", "region"),
        # towns of Turkey's south-east that GeoNames names in Latin script only
        ("شيلوبي", "TR", "city"),
        ("سروج", "TR", "city"),
        ("ولايه شرناق", "TR", "governorate"),
        # Yemeni fronts GeoNames lacks in Arabic
        ("الضباب", "YE", "village"),
        ("فرضه نهم", "YE", "village"),
    ],
)
def test_lookup_best_first(gaz: gz.IndexGazetteer, name: str, country: str, kind: str) -> None:
    best = gaz.lookup(name)[0]
    assert (best.country, best.kind) == (country, kind)


def test_geonames_ids_and_coordinates(gaz: gz.IndexGazetteer) -> None:
    aleppo = gaz.lookup("حلب")[0]
    assert aleppo.geonameid == 170063
    assert aleppo.lat is not None and abs(aleppo.lat - 36.20) < 0.05
    assert aleppo.admin1 == "Aleppo"


@pytest.mark.parametrize("word", ["في", "من", "كان", "محمد", "اليوم", "قوات"])
def test_common_words_are_not_names(gaz: gz.IndexGazetteer, word: str) -> None:
    assert gaz.lookup(word) == []


@pytest.mark.parametrize("word", ["المنصوره", "حي الزيتون"])
def test_ambiguous_flag(gaz: gz.IndexGazetteer, word: str) -> None:
    assert gaz.lookup(word)
    assert gaz.is_ambiguous(word) == (word == "المنصوره")


def test_names_and_info(gaz: gz.IndexGazetteer) -> None:
    names = set(gaz.names())
    assert {"حلب", "غزه", "افريقيا"} <= names
    info = gaz.info()
    assert isinstance(info["places"], int) and info["places"] > 5000
    assert isinstance(gaz, gz.Gazetteer)


def test_index_is_reused(tmp_path: Path) -> None:
    rows = [Row(names=["قريه تجريبيه"], name="Test village", country="SY", lat=35.0, lon=36.0)]
    g = gz.gazetteer_from_rows(rows)
    assert g.lookup("قريه تجريبيه")[0].name == "Test village"
    path = tmp_path / "index.tsv"
    path.write_text("".join(gz.render_index(rows, "k")), encoding="utf-8")
    again = gz.load_index(path)
    assert again.lookup("قريه تجريبيه") == g.lookup("قريه تجريبيه")


def test_unwritable_cache_falls_back_to_memory(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with caplog.at_level(logging.WARNING):
        g = gz.build_default(blocker / "sub")  # a directory under a file cannot be created
    assert g.lookup("حلب")
    assert g.path is None
    assert any("memory" in r.message for r in caplog.records)
    assert not any("imported" in r.message for r in caplog.records)  # no directory: nothing imported


def test_by_geonameid(gaz: gz.IndexGazetteer) -> None:
    aleppo = gaz.lookup("حلب")[0]
    assert aleppo.geonameid is not None
    assert gaz.by_geonameid(aleppo.geonameid) == aleppo
    assert gaz.by_geonameid(1) is None


def test_cache_dir_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    assert gz.cache_dir() == tmp_path
    monkeypatch.delenv("MARSAD_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert gz.cache_dir() == tmp_path / "marsad"


@pytest.mark.parametrize(("raw", "clean"), [("إدْلِب", "ادلب"), ("حـلـب", "حلب"), ("ب", ""), ("Idlib", "")])
def test_clean_name(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


KINDS = {"region", "governorate", "district", "city", "village", "neighbourhood", "landmark"}


@pytest.mark.parametrize(
    "fname",
    ["places_admin.tsv", "places_local.tsv", "places_regions.tsv", "places_world.tsv"],
)
def test_data_files_are_well_formed(fname: str) -> None:
    rows = read_tsv(fname)
    assert rows
    for r in rows:
        assert r["name_ar"] and r["name"] and r["source"], r
        assert r["kind"] in KINDS
        lat, lon = float(r["lat"]), float(r["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180
        assert int(r["precision"]) in (1, 2, 3)
        assert normalize(r["name_ar"])


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("انقره", "Ankara"),  # GeoNames admin1 code TR.68, not the nearest hand-written seat (Hatay)
        ("انطاكيه", "Hatay"),
        ("حلب", "Aleppo"),
        ("عدن", "Aden"),
    ],
)
def test_admin1_from_geonames_codes(gaz: gz.IndexGazetteer, name: str, admin1: str) -> None:
    assert gaz.lookup(name)[0].admin1 == admin1


def test_admin1_table_is_well_formed() -> None:
    from marsad.resources.gazetteer_build import admin1_names

    table = admin1_names()
    assert table["TR.68"] == "Ankara"
    assert table["SY.13"] == "Damascus" and table["SY.08"] == "Rif Dimashq"
    assert all(len(k.split(".")) == 2 and v.strip() == v and v for k, v in table.items())
