"""The page's vendored third-party files match vendor/MANIFEST.toml (written by
scripts/build_web_assets.sh) and the page refers to nothing outside the package."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "src" / "marsad" / "web" / "static"
VENDOR = STATIC / "vendor"


def _manifest() -> dict[str, list[dict[str, str]]]:
    with (VENDOR / "MANIFEST.toml").open("rb") as f:
        return tomllib.load(f)  # type: ignore[return-value]


def test_every_vendored_file_matches_its_checksum() -> None:
    files = _manifest()["file"]
    assert files
    for entry in files:
        data = (VENDOR / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]


def test_every_file_in_vendor_is_in_the_manifest() -> None:
    listed = {e["path"] for e in _manifest()["file"]}
    present = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()}
    assert present - {"MANIFEST.toml"} == listed


def test_every_package_has_version_licence_and_licence_file() -> None:
    listed = {e["path"] for e in _manifest()["file"]}
    for pkg in _manifest()["package"]:
        assert pkg["version"] and pkg["licence"]
        assert pkg["registry"].startswith(("https://registry.npmjs.org", "https://pypi.org")), pkg["name"]
        assert any(p.startswith(pkg["folder"] + "/") and "LICEN" in p for p in listed), pkg["name"]


def test_the_page_loads_nothing_remote_and_has_no_inline_code() -> None:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert re.search(r"\bon[a-z]+\s*=", html) is None, "inline event handler"
    for name in ("app.js", "app.css"):
        text = (STATIC / name).read_text(encoding="utf-8")
        assert not re.search(r"""url\(\s*["']?(https?:)?//""", text)
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text and "eval(" not in text
