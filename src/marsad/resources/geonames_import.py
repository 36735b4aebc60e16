"""Import GeoNames dumps into the gazetteer's extra layer (``marsad gazetteer import``).

Two kinds of file, plain or zipped, recognised by their number of tab-separated columns:

* a ``geoname`` table (``allCountries.txt``, a country's ``XX.txt`` or ``XX.zip``; 19 columns:
  geonameid, name, asciiname, alternatenames, latitude, longitude, feature class, feature code,
  country code, cc2, admin1..admin4 codes, population, elevation, dem, timezone, modification date);
* ``alternateNamesV2.txt`` or ``.zip`` (10 columns: alternateNameId, geonameid, isolanguage,
  alternate name, isPreferredName, isShortName, isColloquial, isHistoric, from, to; the older
  8-column ``alternateNames`` works too).

Kept: populated places (feature class P), administrative units (A: ADM1-5 and countries), and the
spots, landmarks, regions, mountains and waters news names (some S, L, T and H codes). Arabic names
come from the table's own ``alternatenames`` column (Arabic script; in Arab countries, or for places
of 50,000 people or more, as for the default gazetteer) and from alternateNames (languages ``ar``
and the Arabic varieties, or no language and Arabic script; historic names skipped).

The import state (every kept place, named or not yet, and every Arabic alternate name, matched to a
place or not yet) is kept after a ``#pending`` line of the layer file, so that a table and the
alternate names can be imported in one call or in either order. Each import reads every file
first (a problem is ``FILE:LINE: problem``, and nothing changes), then writes the whole layer to
a temporary file and renames it over the old one.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import io
import math
import os
import re
import struct
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from marsad.errors import InputError, MarsadError
from marsad.resources import gazetteer as gz
from marsad.resources.gazetteer_build import (
    ARAB_WORLD,
    FOREIGN_MIN_POPULATION,
    Row,
    clean_name,
    km,
    stopwords,
)

GEONAME_COLUMNS = 19
ALT_COLUMNS = (10, 8)
ARABIC_LANGS = frozenset(
    "ar arz ary arq apc ajp acm acq aeb afb ayl ars ayh ayn ayp acx abv shu ssh pga".split()
)
_ARABIC = re.compile(r"[\u0621-\u064a]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPOTS = frozenset(
    """
AIRP AIRB AIRF AIRH HSP HSPC HSPD MSQE CH SCH SCHC UNIV STDM MKT MALL PRT PO BDG DAM CSTL FT INSM MILB
RUIN ANS HTL MUS PAL TMB SHRN BLDG ADMF GOVL PRN PS PSH OILR OILT OILP RSTN BUSTN CTRR CMTY SQR ZOO
""".split()
)
_CAMPS = frozenset({"CMP", "CMPRF", "CMPMN", "CMPQ"})
_REGIONS = frozenset(
    {"L.RGN", "L.AREA", "L.OAS", "L.CST", "T.MTS", "T.HLLS", "T.DSRT", "T.PLN", "T.PLAT", "T.VAL"}
)
_POINTS = frozenset("T.MT T.HLL T.PASS T.ISL T.CAPE H.WAD H.STM H.LK H.RSV H.BAY H.GULF H.STRT".split())
_MAJOR = frozenset({"PPLC", "PPLA", "PPLA2", "PPLG"})


@dataclass
class GeoRecord:
    """One kept row of a geoname table."""

    geonameid: int
    name: str
    country: str
    admin1_code: str
    lat: float
    lon: float
    fclass: str
    fcode: str
    population: int
    names: list[str]  # normalized Arabic names from the table itself

    def line(self) -> str:
        return (
            f"G\t{self.geonameid}\t{self.name}\t{self.country}\t{self.admin1_code}\t{self.lat}\t{self.lon}\t"
            f"{self.fclass}\t{self.fcode}\t{self.population}\t{'|'.join(self.names)}\n"
        )

    @classmethod
    def parse(cls, line: str) -> GeoRecord:
        f = line.rstrip("\n").split("\t")
        return cls(
            int(f[1]),
            f[2],
            f[3],
            f[4],
            float(f[5]),
            float(f[6]),
            f[7],
            f[8],
            int(f[9]),
            [n for n in f[10].split("|") if n],
        )


@dataclass
class FileReport:
    path: str
    kind: str  # "geonames" or "alternatenames"
    rows: int = 0
    kept: int = 0  # places kept, or Arabic names kept
    arabic: int = 0  # places with an Arabic name of their own (tables only)


@dataclass
class ImportState:
    records: dict[int, GeoRecord] = field(default_factory=dict)
    alt: dict[int, list[str]] = field(default_factory=dict)  # geonameid -> Arabic names, preferred first
    sources: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    files: list[FileReport]
    path: Path
    places: int  # places of the layer with an Arabic name
    names: int
    unnamed: int  # kept places still without an Arabic name
    unmatched: int  # Arabic alternate names of places not imported (yet)


def kind_of(fclass: str, fcode: str, population: int) -> tuple[str, int] | None:
    """(kind, geo precision) of a GeoNames feature, or None when it is not kept."""
    if fclass == "P":
        if fcode == "PPLX":
            return "neighbourhood", 1
        return ("city" if fcode in _MAJOR or population >= 10000 else "village"), 1
    if fclass == "A":
        if fcode.endswith("H"):
            return None
        if fcode == "ADM1":
            return "governorate", 3
        if fcode.startswith("ADM"):
            return "district", 2
        if fcode.startswith("PCL"):
            return "country", 3
        return None
    if fclass == "S":
        if fcode in _CAMPS:
            return "village", 1
        return ("landmark", 1) if fcode in _SPOTS else None
    key = f"{fclass}.{fcode}"
    if key in _REGIONS:
        return "region", 2
    return ("landmark", 1) if key in _POINTS else None


# --- reading ---------------------------------------------------------------------------------


def _lines(path: Path, display: str) -> Iterator[str]:
    """The text lines of a dump (a zip: its main ``.txt`` member); problems become InputError."""
    if zipfile.is_zipfile(path):
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as e:
            raise InputError(display, f"corrupt zip file ({e})") from None
        with zf:
            members = [i for i in zf.infolist() if i.filename.lower().endswith(".txt")]
            main = [i for i in members if Path(i.filename).stem.lower() == path.stem.lower()]
            if not main:
                main = sorted(
                    (
                        i
                        for i in members
                        if Path(i.filename).stem.lower() not in ("readme", "iso-languagecodes")
                    ),
                    key=lambda i: -i.file_size,
                )
            if not main:
                raise InputError(display, "zip file holds no GeoNames .txt table")
            with zf.open(main[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        return
    with path.open("rb") as b:
        head = b.read(4)
    if head == _LOCAL:  # a zip without its central directory: a truncated download
        yield from _stream_zip(path, display)
        return
    if path.suffix.lower() == ".zip":
        raise InputError(display, "not a zip file")
    with path.open(encoding="utf-8", newline="\n") as f:
        yield from f


_LOCAL = b"PK\x03\x04"
_CHUNK = 1 << 20


def _member_data(f: BinaryIO, method: int, size: int) -> Iterator[bytes]:
    """The uncompressed data of the zip member whose data starts at ``f``'s position; EOFError
    where the file stops before it ends. Leaves ``f`` just after the member's data."""
    if method == 0:
        while size > 0:
            chunk = f.read(min(size, _CHUNK))
            if not chunk:
                raise EOFError("the zip file is truncated")
            size -= len(chunk)
            yield chunk
        return
    d = zlib.decompressobj(-15)
    while not d.eof:
        chunk = f.read(_CHUNK)
        if not chunk:
            raise EOFError("the zip file is truncated")
        yield d.decompress(chunk)
    f.seek(-len(d.unused_data), os.SEEK_CUR)


def _stream_zip(path: Path, display: str) -> Iterator[str]:
    """The lines of the first GeoNames ``.txt`` member of a zip read from its local headers, for a
    zip whose end (the central directory) is missing: every whole line up to where the data stops,
    then EOFError, so that the problem is reported at the line that was cut."""
    with path.open("rb") as f:
        while True:
            head = f.read(30)
            if len(head) < 30 or head[:4] != _LOCAL:
                raise InputError(display, "truncated zip file (it ends before its GeoNames table)")
            flags, method = struct.unpack("<HH", head[6:10])
            size, _, nlen, xlen = struct.unpack("<IIHH", head[18:30])
            name = f.read(nlen).decode("utf-8" if flags & 0x800 else "cp437", "replace")
            f.seek(xlen, os.SEEK_CUR)
            if method not in (0, 8) or (method == 0 and flags & 0x8):
                raise InputError(display, f"truncated zip file (compression method {method} not supported)")
            stem = Path(name).stem.lower()
            if name.lower().endswith(".txt") and stem not in ("readme", "iso-languagecodes"):
                break
            if flags & 0x8:  # the size follows the data: read through it, then the data descriptor
                for _ in _member_data(f, method, size):
                    pass
                f.seek(12 if f.read(4) == b"PK\x07\x08" else 8, os.SEEK_CUR)
            else:
                f.seek(size, os.SEEK_CUR)
        decoder = codecs.getincrementaldecoder("utf-8")()
        rest = ""
        for chunk in _member_data(f, method, size):
            *whole, rest = (rest + decoder.decode(chunk)).split("\n")
            for line in whole:
                yield line + "\n"
        rest += decoder.decode(b"", final=True)
        if rest:
            yield rest


def read_dump(path: Path, state: ImportState, display: str | None = None) -> FileReport:
    """Read one dump into ``state``; raises InputError(``FILE:LINE: problem``) on a bad file."""
    disp = display or str(path)
    report: FileReport | None = None
    n = ncols = 0
    try:
        for n, line in enumerate(_lines(path, disp), 1):
            if not line.strip() or line.startswith("#"):
                continue
            f = line.rstrip("\r\n").split("\t")
            if report is None:
                if len(f) == GEONAME_COLUMNS:
                    report = FileReport(disp, "geonames")
                elif len(f) in ALT_COLUMNS:
                    report = FileReport(disp, "alternatenames")
                else:
                    raise InputError(
                        disp,
                        f"not a GeoNames dump ({len(f)} tab-separated columns; expected {GEONAME_COLUMNS} "
                        "for a geoname table or 10 for alternateNamesV2)",
                        line=n,
                    )
                ncols = len(f)
            if len(f) != ncols:
                cut = "" if line.endswith("\n") else " (the file is truncated)"
                raise InputError(disp, f"expected {ncols} tab-separated columns, found {len(f)}{cut}", line=n)
            report.rows += 1
            problem = (
                _geoname(f, state, report) if report.kind == "geonames" else _alternate(f, state, report)
            )
            if problem:
                cut = "" if line.endswith("\n") else " (the file is truncated)"
                raise InputError(disp, problem + cut, line=n)
    except UnicodeDecodeError:
        raise InputError(disp, "not UTF-8 text", line=n + 1) from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as e:
        raise InputError(disp, f"corrupt or truncated zip data ({e})", line=n + 1) from None
    except OSError as e:
        raise InputError(disp, f"cannot read ({e.strerror or e})") from None
    if report is None:
        raise InputError(disp, "empty file (no GeoNames rows)")
    return report


def _arabic_names(raw: list[str]) -> list[str]:
    return list(dict.fromkeys(n for n in (clean_name(a) for a in raw if _ARABIC.search(a)) if n))


def _geoname(f: list[str], state: ImportState, report: FileReport) -> str | None:
    try:
        gid = int(f[0])
    except ValueError:
        return f"geonameid {f[0][:20]!r} is not a number"
    try:
        lat, lon = float(f[4]), float(f[5])
    except ValueError:
        return f"latitude/longitude {f[4][:20]!r}/{f[5][:20]!r} are not numbers"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return f"coordinates {lat}, {lon} out of range"
    try:
        pop = int(f[14] or 0)
    except ValueError:
        return f"population {f[14][:20]!r} is not a number"
    if not _DATE.match(f[18]):
        return f"modification date {f[18][:20]!r} is not YYYY-MM-DD"
    if kind_of(f[6], f[7], pop) is None:
        return None
    cc = f[8]
    names: list[str] = []
    if cc in ARAB_WORLD or pop >= FOREIGN_MIN_POPULATION:
        names = _arabic_names([f[1], *f[3].split(",")])
    state.records[gid] = GeoRecord(gid, f[1], cc, f[10], lat, lon, f[6], f[7], pop, names)
    report.kept += 1
    report.arabic += bool(names)
    return None


def _alternate(f: list[str], state: ImportState, report: FileReport) -> str | None:
    try:
        int(f[0])
        gid = int(f[1])
    except ValueError:
        return f"alternateNameId/geonameid {f[0][:20]!r}/{f[1][:20]!r} are not numbers"
    for flag in f[4:8]:
        if flag not in ("", "1"):
            return f"flag {flag[:20]!r} is neither empty nor 1"
    lang = f[2]
    if f[7] == "1" or not (lang in ARABIC_LANGS or (not lang and _ARABIC.search(f[3]))):
        return None
    name = clean_name(f[3])
    if name:
        got = state.alt.setdefault(gid, [])
        if name not in got:
            if f[4] == "1":
                got.insert(0, name)
            else:
                got.append(name)
            report.kept += 1
    return None


# --- the layer file --------------------------------------------------------------------------


def layer_path(directory: Path | None = None) -> Path:
    return (directory or gz.cache_dir()) / gz.EXTRA_FILE


def read_state(path: Path) -> ImportState:
    """The import state kept in an existing layer file (empty when there is none)."""
    state = ImportState()
    try:
        f = path.open(encoding="utf-8")
    except FileNotFoundError:
        return state
    except OSError as e:
        raise MarsadError(f"{path}: cannot read the imported places ({e.strerror or e})") from None
    with f:
        pending = False
        for n, line in enumerate(f, 1):
            try:
                if line.startswith("#source\t"):
                    state.sources.append(line.rstrip("\n"))
                elif line.startswith(gz.PENDING):
                    pending = True
                elif pending and line.startswith("G\t"):
                    r = GeoRecord.parse(line)
                    state.records[r.geonameid] = r
                elif pending and line.startswith("A\t"):
                    _, gid, names = line.rstrip("\n").split("\t")
                    state.alt[int(gid)] = names.split("|")
            except (ValueError, IndexError):
                raise MarsadError(f"{path}:{n}: the imported places are damaged; delete the file") from None
    return state


def _seats(base: gz.IndexGazetteer) -> dict[str, list[tuple[float, float, str]]]:
    out: dict[str, list[tuple[float, float, str]]] = {}
    for i in range(len(base)):
        p = base.place(i)
        if p.kind == "governorate" and p.country and p.admin1 and p.lat is not None and p.lon is not None:
            out.setdefault(p.country, []).append((p.lat, p.lon, p.admin1))
    return out


def _admin1(records: list[GeoRecord], base: gz.IndexGazetteer) -> dict[int, str]:
    """admin1 name per geonameid: the default gazetteer's governorate most of the admin1 code's
    places are nearest to; else the name of the imported ADM1 unit with that code."""
    seats = _seats(base)
    nearest: dict[int, str] = {}
    votes: dict[tuple[str, str], Counter[str]] = {}
    for r in records:
        cands = seats.get(r.country)
        if not cands:
            continue
        c = math.cos(math.radians(r.lat))
        best = min(cands, key=lambda s: (s[0] - r.lat) ** 2 + ((s[1] - r.lon) * c) ** 2)[2]
        nearest[r.geonameid] = best
        if r.admin1_code and r.admin1_code != "00":
            votes.setdefault((r.country, r.admin1_code), Counter())[best] += 1
    adm1 = {(r.country, r.admin1_code): r.name for r in records if r.fcode == "ADM1"}
    out: dict[int, str] = {}
    for r in records:
        key = (r.country, r.admin1_code)
        if key in votes and r.admin1_code:
            out[r.geonameid] = votes[key].most_common(1)[0][0]
        elif r.geonameid in nearest:
            out[r.geonameid] = nearest[r.geonameid]
        elif key in adm1:
            out[r.geonameid] = adm1[key]
    return out


def _new_names(
    names: list[str],
    gid: int,
    country: str | None,
    lat: float | None,
    lon: float | None,
    far: float,
    base: gz.IndexGazetteer,
) -> list[str]:
    """``names`` less those the default gazetteer already gives this place (or a place right beside it)."""
    return [
        n
        for n in names
        if not any(
            c.geonameid == gid
            or (
                c.country == country
                and lat is not None
                and lon is not None
                and c.lat is not None
                and c.lon is not None
                and km(c.lat, c.lon, lat, lon) < far
            )
            for c in base.lookup(n)
        )
    ]


def build_layer_rows(state: ImportState, base: gz.IndexGazetteer) -> list[Row]:
    """The gazetteer rows of the imported places that have an Arabic name, and of the default
    gazetteer's places that alternateNames gives new Arabic names (merged into them at load)."""
    drop, amb = stopwords()
    recs = list(state.records.values())
    admin1 = _admin1(recs, base)
    rows: list[Row] = []
    for r in recs:
        kind, precision = kind_of(r.fclass, r.fcode, r.population) or ("village", 1)
        names = [n for n in dict.fromkeys([*state.alt.get(r.geonameid, ()), *r.names]) if n and n not in drop]
        names = _new_names(
            names, r.geonameid, r.country, r.lat, r.lon, 100.0 if precision > 1 else 15.0, base
        )
        if not names:
            continue
        small = r.population < 10000
        point = r.fclass in "STLH"
        ambiguous = {
            n for n in names if n in amb or len(n) < 3 or (small and len(n) <= 3) or (point and " " not in n)
        }
        rows.append(
            Row(
                names=names,
                name=r.name,
                country=r.country or None,
                admin1=admin1.get(r.geonameid),
                lat=r.lat,
                lon=r.lon,
                geonameid=r.geonameid,
                kind=kind,
                precision=precision,
                population=r.population,
                prior=0,
                ambiguous=ambiguous,
            )
        )
    for gid, alt in state.alt.items():
        known = None if gid in state.records else base.by_geonameid(gid)
        if known is None:
            continue
        names = [n for n in alt if n and n not in drop]
        names = _new_names(names, gid, known.country, known.lat, known.lon, 0.0, base)
        if names:
            small = known.population < 10000
            ambiguous = {n for n in names if n in amb or len(n) < 3 or (small and len(n) <= 3)}
            rows.append(
                Row(
                    names=names,
                    name=known.name,
                    country=known.country,
                    admin1=known.admin1,
                    admin2=known.admin2,
                    lat=known.lat,
                    lon=known.lon,
                    geonameid=gid,
                    kind=known.kind,
                    precision=known.precision,
                    population=known.population,
                    parent=known.parent,
                    prior=0,
                    ambiguous=ambiguous,
                )
            )
    return rows


def waiting(state: ImportState, base: gz.IndexGazetteer) -> int:
    """Places whose Arabic alternate names wait for their place (neither imported nor a default place)."""
    return sum(1 for g in state.alt if g not in state.records and base.by_geonameid(g) is None)


def write_layer(path: Path, state: ImportState, rows: list[Row]) -> None:
    """Write the layer to a temporary file beside ``path``, then rename it (atomic)."""
    d = path.parent
    try:
        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".imported-", suffix=".tmp", dir=d)
    except OSError as e:
        raise MarsadError(f"{d}: cannot write the gazetteer index ({e.strerror or e})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(f"{gz.EXTRA_HEADER}\t{gz.FORMAT_VERSION}\n")
            for s in state.sources:
                f.write(s + "\n")
            f.writelines(gz.render_index(rows, "imported"))
            f.write(gz.PENDING + "\n")
            for r in state.records.values():
                f.write(r.line())
            for gid, names in state.alt.items():
                f.write(f"A\t{gid}\t{'|'.join(names)}\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise MarsadError(f"{d}: cannot write the gazetteer index ({e.strerror or e})") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def import_files(paths: Sequence[str | Path], directory: Path | None = None) -> ImportReport:
    """Import GeoNames dumps into the extra layer in ``directory`` (default: the cache directory).

    All files are read before anything is written: a bad file raises :class:`InputError`
    (``FILE:LINE: problem``) and the old layer stays as it was. An unwritable directory raises
    :class:`MarsadError`.
    """
    d = directory or gz.cache_dir()
    path = layer_path(d)
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise MarsadError(f"{d}: cannot write the gazetteer index ({e.strerror or e})") from None
    if not os.access(d, os.W_OK):
        raise MarsadError(f"{d}: cannot write the gazetteer index (not writable)")
    fresh = ImportState()
    files: list[FileReport] = []
    for p in paths:
        files.append(read_dump(Path(p), fresh, str(p)))
    state = read_state(path)
    state.records.update(fresh.records)
    for gid, names in fresh.alt.items():
        old = state.alt.get(gid, [])
        state.alt[gid] = list(dict.fromkeys([*names, *old]))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for fr in files:
        state.sources.append(
            f"#source\tGeoNames {Path(fr.path).name} ({fr.kind}; {fr.rows} rows, {fr.kept} kept; "
            f"CC BY 4.0)\timported {stamp}"
        )
    base = gz.build_default(d, extra=False)
    rows = build_layer_rows(state, base)
    write_layer(path, state, rows)
    gz.default_gazetteer.cache_clear()
    return ImportReport(
        files=files,
        path=path,
        places=len(rows),
        names=len({n for r in rows for n in r.names}),
        unnamed=sum(1 for g, r in state.records.items() if not r.names and g not in state.alt),
        unmatched=waiting(state, base),
    )
