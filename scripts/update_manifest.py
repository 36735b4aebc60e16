#!/usr/bin/env python3
"""Refresh ``sha256`` and ``rows`` in ``src/marsad/data/MANIFEST.toml`` after editing a data file.

    python scripts/update_manifest.py          # rewrite the checksums and row counts
    python scripts/update_manifest.py --check  # exit 1 when the manifest is stale (changes nothing)

The files are those directly in ``data/`` and the word tables ``data/words/*.tsv`` (named
``words/<table>.tsv``). Descriptions, sources and licences are written by hand. A data file that the manifest does not
list yet gets a table with empty ``description``, ``source`` and ``licence``: fill them in (the
manifest test fails until you do). A listed file that no longer exists is reported; delete its
table by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "src" / "marsad" / "data"
MANIFEST = "MANIFEST.toml"
WORDS = "words"  # the word tables: data/words/*.tsv

_HEADER_FIELD = re.compile(r"[a-z][a-z0-9_]*")
_TABLE = re.compile(r'^\[files\."([^"]+)"\]\s*$')


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_binary(path: Path) -> bool:
    """A file that is not UTF-8 text (model weights such as ``place_tagger.crfsuite``)."""
    data = path.read_bytes()
    if b"\0" in data:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def count_rows(path: Path) -> int:
    """Data rows: non-blank lines not starting with ``#``, less a column-name header line if any;
    0 for a binary file."""
    if is_binary(path):
        return 0
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    if lines and all(_HEADER_FIELD.fullmatch(f.strip()) for f in lines[0].split("\t")):
        return len(lines) - 1
    return len(lines)


def data_files(data_dir: Path) -> list[str]:
    """The files the manifest lists, relative to ``data_dir``: those directly in it and ``words/*.tsv``."""
    names = [p.name for p in data_dir.iterdir() if p.is_file() and p.name != MANIFEST]
    words = data_dir / WORDS
    if words.is_dir():
        names += [f"{WORDS}/{p.name}" for p in words.iterdir() if p.is_file() and p.name.endswith(".tsv")]
    return sorted(names)


def _stub(name: str, digest: str, rows: int) -> str:
    return f'\n[files."{name}"]\ndescription = ""\nsource = ""\nlicence = ""\nsha256 = "{digest}"\nrows = {rows}\n'


def refresh(text: str, data_dir: Path) -> tuple[str, list[str]]:
    """The manifest text with fresh checksums and row counts, and the problems left to fix by hand."""
    present = set(data_files(data_dir))
    listed = set(tomllib.loads(text).get("files", {}))
    out: list[str] = []
    current: str | None = None
    for line in text.splitlines(keepends=True):
        m = _TABLE.match(line)
        if m:
            current = m.group(1)
        elif line.startswith("["):
            current = None
        elif current in present:
            path = data_dir / current
            if line.startswith("sha256 ="):
                line = f'sha256 = "{sha256(path)}"\n'
            elif line.startswith("rows ="):
                line = f"rows = {count_rows(path)}\n"
        out.append(line)
    new = "".join(out)
    problems = [
        f"{name}: listed in {MANIFEST} but not in {data_dir}; remove its table" for name in sorted(listed - present)
    ]
    for name in sorted(present - listed):
        new = new.rstrip("\n") + "\n" + _stub(name, sha256(data_dir / name), count_rows(data_dir / name))
        problems.append(f"{name}: new table added; fill in description, source and licence")
    return new, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only report whether the manifest is stale")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="the data folder (default: the package's)")
    args = parser.parse_args(argv)
    data_dir: Path = args.data_dir
    path = data_dir / MANIFEST
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    new, problems = refresh(old, data_dir)
    for p in problems:
        print(p, file=sys.stderr)
    if args.check:
        if new != old:
            print(f"{path} is stale: run python scripts/update_manifest.py", file=sys.stderr)
            return 1
        return 0
    if new != old:
        path.write_text(new, encoding="utf-8")
        print(f"updated {path}")
    else:
        print(f"{path} is up to date")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
