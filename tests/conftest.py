"""Shared fixtures: a default gazetteer index built once per run, copied into a fresh cache
directory for each test that imports into it or reads it, so no test touches the user's cache."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.resources import gazetteer as gz


@pytest.fixture(scope="session")
def base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the default gazetteer index, built once."""
    d = tmp_path_factory.mktemp("base")
    gz.build_default(d, extra=False)
    return d


@pytest.fixture
def cache(base_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh MARSAD_CACHE_DIR holding a copy of the default index."""
    d = tmp_path / "cache"
    d.mkdir()
    for f in base_dir.glob("gazetteer-*.tsv"):
        shutil.copy(f, d / f.name)
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(d))
    gz.default_gazetteer.cache_clear()
    yield d
    gz.default_gazetteer.cache_clear()
