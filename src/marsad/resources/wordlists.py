"""Word lists kept as data: one table per module in ``marsad/data/words/``, read once per process.

A table is a UTF-8 text file ``data/words/<table>.tsv`` of rows ``list_name<TAB>entry``; lines
starting with ``#`` are comments (the first ones say which module reads the table) and blank
lines are skipped. A list's entries keep their file order. An entry is either a word or phrase
(:func:`words`, :func:`entries`) or, in a list used as a regex, one top-level alternative of that
regex (:func:`pattern`, :func:`alternatives`): the entries joined by ``|`` are the regex, so a
long alternation is written one alternative a line. Entries are taken verbatim (the stages match
them on normalized text, so they are written normalized: ه for ة, ي for ى, ا for أ إ آ); only
the line break is removed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources

__all__ = ["alternatives", "entries", "list_names", "pattern", "table", "tables", "words"]

_NAME = re.compile(r"[a-z][a-z0-9_]*")


class WordListError(KeyError):
    """A table or list that the data files do not hold, or a malformed row."""


@cache
def table(name: str) -> Mapping[str, tuple[str, ...]]:
    """The lists of ``data/words/<name>.tsv``: list name → its entries, in file order."""
    if not _NAME.fullmatch(name):
        raise WordListError(f"bad word table name: {name!r}")
    path = resources.files("marsad.data").joinpath("words").joinpath(f"{name}.tsv")
    if not path.is_file():
        raise WordListError(f"no word table data/words/{name}.tsv")
    lists: dict[str, list[str]] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, entry = line.partition("\t")
        if not sep or not _NAME.fullmatch(key) or not entry or "\t" in entry:
            raise WordListError(f"data/words/{name}.tsv:{lineno}: expected 'list_name<TAB>entry'")
        lists.setdefault(key, []).append(entry)
    return {k: tuple(v) for k, v in lists.items()}


def tables() -> list[str]:
    """The names of every word table shipped (``data/words/*.tsv``)."""
    folder = resources.files("marsad.data").joinpath("words")
    return sorted(p.name.removesuffix(".tsv") for p in folder.iterdir() if p.name.endswith(".tsv"))


def list_names(table_name: str) -> list[str]:
    return list(table(table_name))


def entries(table_name: str, list_name: str) -> tuple[str, ...]:
    """The entries of one list, in file order."""
    got = table(table_name).get(list_name)
    if got is None:
        raise WordListError(f"no list {list_name!r} in data/words/{table_name}.tsv")
    return got


@cache
def words(table_name: str, list_name: str) -> frozenset[str]:
    """The entries of one list as a set of words or phrases."""
    return frozenset(entries(table_name, list_name))


def alternatives(table_name: str, list_name: str) -> str:
    """The entries of a regex list joined by ``|`` (raw: wrap it in ``(?:...)`` to embed it)."""
    return "|".join(entries(table_name, list_name))


@cache
def pattern(table_name: str, list_name: str, flags: int = 0) -> re.Pattern[str]:
    """A regex list compiled: its entries are the top-level alternatives, in file order."""
    return re.compile(alternatives(table_name, list_name), flags)
