"""``marsad places`` and ``marsad gazetteer import|info|lookup`` through :func:`marsad.cli.main`."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from marsad import cli, cli_places
from marsad.resources import gazetteer as gz

# sentences written for these tests
TEXT = "قصفت الطائرات مدينة حلبَ صباح اليوم، وسقطت قذائف على بلدة في ريف إدلب الجنوبي قرب الحدود مع تركيا."
TITLE = "غارات على سوريا"
ROW = "\t".join(
    ["90000101", "Kafr Wahmiya", "Kafr Wahmiya", "كفر وهمية", "35.8", "36.6", "P", "PPL", "SY", "", "09",
     "", "", "", "900", "", "300", "Asia/Damascus", "2020-05-06"]
) + "\n"  # fmt: skip


@pytest.fixture(autouse=True)
def _isolated_cache(cache: Path) -> Path:
    """Every test here runs on its own copy of the default index (see conftest.py)."""
    return cache


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def records(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_places_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    code, out, err = run(["places", str(f), "--format", "jsonl"], capsys)
    assert code == 0 and err == ""
    recs = records(out)
    assert set(cli_places.PLACE_FIELDS) == set(recs[0])
    by_text = {r["text"]: r for r in recs}
    assert by_text["حلبَ"]["name"] == "Aleppo" and by_text["حلبَ"]["country"] == "SY"
    assert by_text["حلبَ"]["kind"] == "city" and by_text["حلبَ"]["geonameid"] == 170063
    assert by_text["تركيا"]["kind"] == "country" and by_text["تركيا"]["country"] == "TR"
    assert any(r["admin1"] == "Idlib" and r["geo_precision"] == 2 for r in recs)
    for r in recs:
        assert TEXT[int(str(r["start"])) : int(str(r["end"]))] == r["text"] == r["name_ar"]
        assert r["doc_id"] == "a"


def test_offsets_into_title_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "b.jsonl"
    f.write_text(
        json.dumps({"id": "d1", "title": TITLE, "text": "انفجار في بغـداد"}, ensure_ascii=False) + "\n"
    )
    code, out, _ = run(["places", str(f), "--format", "jsonl"], capsys)
    full = TITLE + "\n\n" + "انفجار في بغـداد"
    recs = records(out)
    assert code == 0 and [r["text"] for r in recs] == ["سوريا", "بغـداد"]
    for r in recs:
        assert full[int(str(r["start"])) : int(str(r["end"]))] == r["text"]


def test_places_table_and_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    out_file = tmp_path / "out.txt"
    code, out, _ = run(["places", str(f), "--format", "table", "-o", str(out_file)], capsys)
    assert code == 0 and out == ""
    table = out_file.read_text(encoding="utf-8")
    assert table.startswith("doc_id") and "Aleppo" in table


def test_places_reports_bad_inputs_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    code, out, err = run(["places", str(missing), str(f), "--format", "jsonl"], capsys)
    assert code == 1
    assert err.splitlines()[0].startswith(f"marsad: {missing}")
    assert records(out)


@pytest.mark.parametrize("name", ["حلب", "حَلَبُ", "حلـــب", "  مدينة   حلب ", "بغداد"])
def test_lookup(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["gazetteer", "lookup", name, "--format", "jsonl"], capsys)
    best = records(out)[0]
    assert code == 0 and best["rank"] == 1
    assert best["country"] == ("IQ" if name == "بغداد" else "SY")


def test_lookup_table_and_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["gazetteer", "lookup", "دمشق", "--format", "table", "--limit", "2"], capsys)
    assert code == 0 and "Damascus" in out and len(out.splitlines()) <= 4
    code, out, err = run(["gazetteer", "lookup", "مكانلايوجد", "--format", "jsonl"], capsys)
    assert code == 1 and out == "" and err.startswith("marsad: no place named")


def test_import_then_places(tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_text(ROW, encoding="utf-8")
    code, out, err = run(["gazetteer", "import", str(dump)], capsys)
    assert code == 0 and err == "" and "1 places with" in out
    art = tmp_path / "c.txt"
    art.write_text("اشتباكات في قرية كفر وهمية قرب ادلب", encoding="utf-8")
    code, out, _ = run(["places", str(art), "--format", "jsonl"], capsys)
    assert any(r["geonameid"] == 90000101 and r["admin1"] == "Idlib" for r in records(out))
    code, out, _ = run(["gazetteer", "info", "--format", "json"], capsys)
    info = json.loads(out)
    assert code == 0 and info["extra"] == str(cache / gz.EXTRA_FILE)
    assert {"places", "names", "kinds", "countries", "index", "sources"} <= set(info)
    code, out, _ = run(["gazetteer", "info"], capsys)
    assert code == 0 and "imported layer:" in out and "SY.txt" in out


def test_import_bad_file(tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_text(ROW + ROW[:30], encoding="utf-8")
    code, out, err = run(["gazetteer", "import", str(dump)], capsys)
    assert code == 1 and out == ""
    assert err.startswith(f"marsad: {dump}:2: ") and err.count("\n") == 1
    assert not (cache / gz.EXTRA_FILE).exists()


def test_import_unwritable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(blocker / "cache"))
    dump = tmp_path / "SY.txt"
    dump.write_text(ROW, encoding="utf-8")
    code, _, err = run(["gazetteer", "import", str(dump)], capsys)
    assert code == 1 and "cannot write" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["gazetteer"],
        ["gazetteer", "import"],
        ["gazetteer", "lookup"],
        ["places"],
        ["places", "x", "--format", "json"],
    ],
)
def test_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2 and err.startswith("marsad: ")


def test_library_warnings_are_marsad_lines(capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["--version"])
    capsys.readouterr()
    logging.getLogger("marsad.resources.gazetteer").warning("cannot write the index to %s; in memory", "/x")
    assert capsys.readouterr().err == "marsad: warning: cannot write the index to /x; in memory\n"
