"""Importing GeoNames dumps into the gazetteer's extra layer (small files written here)."""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

import pytest

from marsad.errors import InputError, MarsadError
from marsad.resources import gazetteer as gz
from marsad.resources import geonames_import as gi
from marsad.resources.gazetteer_build import stopwords
from marsad.text.normalize import normalize


def geo_row(
    gid: int,
    name: str,
    alts: str = "",
    lat: float = 35.93,
    lon: float = 36.63,
    fclass: str = "P",
    fcode: str = "PPL",
    cc: str = "SY",
    admin1: str = "09",
    pop: int = 0,
    date: str = "2021-03-04",
) -> str:
    cols = [str(gid), name, name, alts, str(lat), str(lon), fclass, fcode, cc, "", admin1, "", "", "",
            str(pop), "", "350", "Asia/Damascus", date]  # fmt: skip
    return "\t".join(cols) + "\n"


def alt_row(aid: int, gid: int, lang: str, name: str, preferred: str = "", historic: str = "") -> str:
    return "\t".join([str(aid), str(gid), lang, name, preferred, "", "", historic, "", ""]) + "\n"


# villages invented for the tests (geonameids far above the real ones)
VILLAGE = geo_row(90000001, "Kafr Tajribi", "Kafr Tajribi,كَفْرُ تجريـبي", 35.93, 36.63, pop=1500)
HAMLET = geo_row(90000002, "Tall Mukhtabar", "", 36.35, 37.05, admin1="01", pop=200)
HILL = geo_row(90000003, "Jabal Wahmi", "", 35.70, 36.40, fclass="T", fcode="MT")
FOREST = geo_row(90000004, "Ghaba", "غابة وهمية", 35.70, 36.40, fclass="V", fcode="FRST")
HAMLET_AR = alt_row(1, 90000002, "ar", "تل مختبر", preferred="1")
COUNTRY = VILLAGE + HAMLET + HILL + FOREST
ALTS = (
    HAMLET_AR + alt_row(2, 90000002, "fa", "تل مختبری") + alt_row(3, 90000002, "ar", "تل قديم", historic="1")
)




def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_country_file(cache: Path, tmp_path: Path) -> None:
    report = gi.import_files([write(tmp_path / "SY.txt", COUNTRY)])
    assert report.files[0].kind == "geonames" and report.files[0].rows == 4 and report.files[0].kept == 3
    g = gz.build_default()
    got = g.lookup("كفر تجريبي")
    assert got and got[0].geonameid == 90000001
    p = got[0]
    assert (p.country, p.admin1, p.kind, p.precision, p.population) == ("SY", "Idlib", "village", 1, 1500)
    assert g.lookup("غابه وهميه") == []  # feature class V is not kept
    assert g.info()["extra"] == str(cache / gz.EXTRA_FILE)
    sources = g.info()["sources"]
    assert isinstance(sources, list) and any("SY.txt" in str(s) for s in sources)
    assert gz.default_gazetteer().lookup("كفر تجريبي")  # the default gazetteer merges the layer


@pytest.mark.parametrize("order", ["together", "table first", "names first"])
def test_alternate_names_in_any_order(cache: Path, tmp_path: Path, order: str) -> None:
    table, alts = write(tmp_path / "SY.txt", COUNTRY), write(tmp_path / "alternateNamesV2.txt", ALTS)
    if order == "together":
        gi.import_files([table, alts])
    elif order == "table first":
        assert gi.import_files([table]).unnamed == 2  # the hamlet and the hill
        gi.import_files([alts])
    else:
        assert gi.import_files([alts]).unmatched == 1
        gi.import_files([table])
    g = gz.build_default()
    p = g.lookup("تل مختبر")[0]
    assert (p.geonameid, p.name, p.admin1) == (90000002, "Tall Mukhtabar", "Aleppo")
    assert g.lookup("تل قديم") == []  # historic names are skipped
    assert g.lookup("كفر تجريبي")


def test_zip_files(cache: Path, tmp_path: Path) -> None:
    country = tmp_path / "SY.zip"
    with zipfile.ZipFile(country, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("readme.txt", "GeoNames readme\n")
        z.writestr("SY.txt", COUNTRY)
    alts = tmp_path / "alternateNamesV2.zip"
    with zipfile.ZipFile(alts, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\tISO 639-1\tLanguage Name\n")
        z.writestr("alternateNamesV2.txt", ALTS)
    gi.import_files([alts, country])
    g = gz.build_default()
    assert g.lookup("تل مختبر")[0].geonameid == 90000002
    assert g.lookup("كفر تجريبي")[0].geonameid == 90000001


def test_known_place_gets_new_names(cache: Path, tmp_path: Path) -> None:
    base = gz.build_default(extra=False)
    aleppo = base.lookup("حلب")[0]
    assert aleppo.geonameid is not None
    row = geo_row(aleppo.geonameid, "Aleppo", "حلب,الشهباء الكبرى", 36.2, 37.16, fcode="PPLA", pop=2000000)
    gi.import_files([write(tmp_path / "SY.txt", row)])
    g = gz.build_default()
    assert g.lookup(normalize("الشهباء الكبرى")) == [aleppo]
    assert len(g) == len(base)  # no second Aleppo
    assert g.lookup("حلب") == base.lookup("حلب")


def test_reimport_is_idempotent(cache: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "SY.txt", COUNTRY)
    gi.import_files([f])
    once = len(gz.build_default())
    gi.import_files([f])
    assert len(gz.build_default()) == once


def test_foreign_script_names_need_a_language(cache: Path, tmp_path: Path) -> None:
    small = geo_row(90000010, "Deh Kuchak", "ده کوچک", 30.0, 52.0, cc="IR", admin1="07", pop=300)
    gi.import_files([write(tmp_path / "IR.txt", small)])
    assert gz.build_default().lookup("ده کوچک".replace("ک", "ك")) == []
    gi.import_files([write(tmp_path / "alternateNamesV2.txt", alt_row(9, 90000010, "ar", "ده كوجك"))])
    assert gz.build_default().lookup("ده كوجك")[0].country == "IR"


def test_common_words_are_dropped(cache: Path, tmp_path: Path) -> None:
    drop, _ = stopwords()
    word = sorted(w for w in drop if len(w) > 3)[0]
    row = geo_row(90000020, "Common", word, 35.5, 36.5, pop=800)
    gi.import_files([write(tmp_path / "SY.txt", row)])
    assert all(p.geonameid != 90000020 for p in gz.build_default().lookup(word))


@pytest.mark.parametrize(
    ("fclass", "fcode", "pop", "expected"),
    [
        ("P", "PPL", 500, ("village", 1)),
        ("P", "PPL", 50000, ("city", 1)),
        ("P", "PPLA", 800, ("city", 1)),
        ("P", "PPLX", 0, ("neighbourhood", 1)),
        ("A", "ADM1", 0, ("governorate", 3)),
        ("A", "ADM2", 0, ("district", 2)),
        ("A", "ADM1H", 0, None),
        ("S", "CMPRF", 0, ("village", 1)),
        ("S", "HSP", 0, ("landmark", 1)),
        ("S", "FRM", 0, None),
        ("T", "MTS", 0, ("region", 2)),
        ("H", "STM", 0, ("landmark", 1)),
        ("V", "FRST", 0, None),
    ],
)
def test_kinds(fclass: str, fcode: str, pop: int, expected: tuple[str, int] | None) -> None:
    assert gi.kind_of(fclass, fcode, pop) == expected


BAD_FILES = [
    ("SY.txt", COUNTRY + VILLAGE[:40], 5, "columns"),  # truncated last line
    ("SY.txt", COUNTRY + geo_row(90000005, "X", date="2021-0")[:-1], 5, "truncated"),
    ("SY.txt", geo_row(90000005, "X").replace("90000005", "9x"), 1, "geonameid"),
    ("SY.txt", VILLAGE + geo_row(90000005, "X", lat=123.0), 2, "out of range"),
    ("SY.txt", VILLAGE + VILLAGE.replace("35.93", "north"), 2, "not numbers"),
    ("SY.txt", "a\tb\tc\n", 1, "not a GeoNames dump"),
    ("alternateNamesV2.txt", ALTS + "4\t90000002\tar\tاسم\tyes\t\t\t\t\t\n", 4, "flag"),
]


@pytest.mark.parametrize(("name", "text", "line", "problem"), BAD_FILES)
def test_bad_file_keeps_the_old_layer(
    cache: Path, tmp_path: Path, name: str, text: str, line: int, problem: str
) -> None:
    gi.import_files([write(tmp_path / "old.txt", VILLAGE)])
    layer = cache / gz.EXTRA_FILE
    before = layer.read_bytes()
    bad = write(tmp_path / name, text)
    with pytest.raises(InputError) as err:
        gi.import_files([write(tmp_path / "good.txt", HAMLET), bad])
    msg = str(err.value)
    assert msg.startswith(f"{bad}:{line}: ") and problem in msg and "\n" not in msg
    assert layer.read_bytes() == before
    g = gz.build_default()
    assert g.lookup("كفر تجريبي") and not g.lookup("تل مختبر")


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("SY.zip", b"PK\x03\x04 not really a zip", "truncated"),
        ("SY.txt", b"", "empty"),
        ("SY.txt", VILLAGE.encode() + b"\xff\xfe broken\n", "UTF-8"),
    ],
)
def test_corrupt_files(cache: Path, tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=problem) as err:
        gi.import_files([path])
    assert str(err.value).startswith(str(path))
    assert not (cache / gz.EXTRA_FILE).exists()


def _numbered_rows(n: int) -> str:
    return "".join(geo_row(90100000 + i, f"Qarya {i}", "", 35.0 + i / 1000, 36.5, pop=i) for i in range(n))


@pytest.mark.parametrize("readme", ["none", "before", "after"])
@pytest.mark.parametrize("descriptor", [False, True])
def test_truncated_zip_names_the_line(cache: Path, tmp_path: Path, readme: str, descriptor: bool) -> None:
    gi.import_files([write(tmp_path / "old.txt", VILLAGE)])
    before = (cache / gz.EXTRA_FILE).read_bytes()
    table = _numbered_rows(3000)
    full = tmp_path / "full.zip"
    with open(full, "wb") as raw:
        # a stream that cannot seek: sizes go into data descriptors after the data (flag bit 3)
        out = _NoSeek(raw) if descriptor else raw
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            if readme == "before":
                z.writestr("readme.txt", "about these files\n" * 20)
            z.writestr("SY.txt", table)
            if readme == "after":
                z.writestr("readme.txt", "about these files\n" * 20)
    data = full.read_bytes()
    cut = tmp_path / "SY.zip"
    cut.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(InputError, match="truncated") as err:
        gi.import_files([cut])
    prefix, _, line = str(err.value).partition(": ")[0].rpartition(":")
    assert prefix == str(cut) and 1 < int(line) <= 3000
    assert (cache / gz.EXTRA_FILE).read_bytes() == before


class _NoSeek:
    """A write-only stream without seek/tell, as zipfile sees a pipe."""

    def __init__(self, raw: object) -> None:
        self.raw = raw

    def write(self, b: bytes) -> int:
        return int(self.raw.write(b))  # type: ignore[attr-defined]

    def flush(self) -> None:
        self.raw.flush()  # type: ignore[attr-defined]


def test_zip_without_its_directory_still_imports(cache: Path, tmp_path: Path) -> None:
    full = tmp_path / "full.zip"
    with zipfile.ZipFile(full, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("SY.txt", COUNTRY)
    data = full.read_bytes()
    cut = tmp_path / "SY.zip"
    cut.write_bytes(data[: data.index(b"PK\x01\x02")])  # the central directory lost
    report = gi.import_files([cut])
    assert report.files[0].rows == 4
    assert gz.build_default().lookup("كفر تجريبي")[0].geonameid == 90000001


def test_alternate_names_of_a_default_place(cache: Path, tmp_path: Path) -> None:
    base = gz.build_default(extra=False)
    aleppo = base.lookup("حلب")[0]
    assert aleppo.geonameid is not None
    alts = alt_row(11, aleppo.geonameid, "ar", "الشهباء الكبرى") + alt_row(12, aleppo.geonameid, "ar", "حلب")
    report = gi.import_files([write(tmp_path / "alternateNamesV2.txt", alts)])
    assert report.unmatched == 0 and report.places == 1 and report.names == 1
    g = gz.build_default()
    assert g.lookup(normalize("الشهباء الكبرى")) == [aleppo]
    assert len(g) == len(base) and g.lookup("حلب") == base.lookup("حلب")


def test_missing_file(cache: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        gi.import_files([tmp_path / "nope.txt"])


def test_unwritable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = write(tmp_path / "file", "x")
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(blocker / "cache"))
    with pytest.raises(MarsadError, match="cannot write"):
        gi.import_files([write(tmp_path / "SY.txt", COUNTRY)])


def test_damaged_layer_is_ignored(cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    (cache / gz.EXTRA_FILE).write_text(f"{gz.EXTRA_HEADER}\t1\nP\tbroken\nN\tاسم\t\t7\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        g = gz.build_default()
    assert g.lookup("حلب") and not g.lookup("اسم")
    assert "unreadable" in caplog.text
