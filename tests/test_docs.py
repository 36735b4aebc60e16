"""docs/cli.md names every command and every option of the parser."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.cli import build_parser

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def walk(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.Action]]:
    for action in parser._actions:
        yield path, action
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from walk(sub, (*path, name))


ACTIONS = list(walk(build_parser()))
COMMANDS = sorted({path for path, _ in ACTIONS if path})
OPTIONS = sorted({(path, opt) for path, a in ACTIONS for opt in a.option_strings})


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_is_documented(command: tuple[str, ...]) -> None:
    assert f"marsad {' '.join(command)}" in DOC.read_text(encoding="utf-8")


def section(doc: str, command: tuple[str, ...]) -> str:
    """The part of the document under the heading of ``command``."""
    head = f"## `marsad {' '.join(command)}`"
    if head not in doc:
        return ""
    return doc.split(head, 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize(
    ("command", "option"), OPTIONS, ids=lambda x: " ".join(x) if isinstance(x, tuple) else x
)
def test_every_option_is_documented(command: tuple[str, ...], option: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    where = (
        doc
        if option in ("-h", "--help") or len(command) == 0 or command == ("gazetteer",)
        else section(doc, command)
    )
    assert f"`{option}" in where, (
        f"{option} of 'marsad {' '.join(command)}' is not in its section of docs/cli.md"
    )


def test_commands_found() -> None:
    assert {
        ("extract",),
        ("places",),
        ("gazetteer", "import"),
        ("gazetteer", "info"),
        ("gazetteer", "lookup"),
    } <= set(COMMANDS)
