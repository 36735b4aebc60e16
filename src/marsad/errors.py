"""Errors with clear, one-line messages.

``str(error)`` is always a single line without the program name; the command line prefixes it
with ``marsad: `` (``marsad: corpus.jsonl:17: malformed JSON (Expecting ',' delimiter)``).
"""

from __future__ import annotations


def _one_line(text: str) -> str:
    """Collapse any run of whitespace containing a line break into one space."""
    return " ".join(text.split()) if ("\n" in text or "\r" in text) else text


class MarsadError(Exception):
    """Base class of every error marsad raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = _one_line(message)

    def __str__(self) -> str:
        return self.message


class InputError(MarsadError):
    """A file, a line of a file or an article that could not be read.

    ``InputError(path, problem, line=17)`` reads ``path:17: problem``; ``InputError(problem)``
    (no path: an article given in memory) reads ``problem``. ``path`` is the path as the user
    gave it (``<stdin>`` for standard input), ``line`` the 1-based line of a JSON Lines file.
    ``warning`` marks a file skipped on purpose while walking a folder (not an article file):
    it is reported but is no failure.
    """

    def __init__(
        self,
        path_or_problem: str,
        problem: str | None = None,
        *,
        line: int | None = None,
        article_id: str | None = None,
        warning: bool = False,
    ) -> None:
        path: str | None = path_or_problem
        if problem is None:
            path, problem = None, path_or_problem
        self.path = path
        self.problem = _one_line(problem)
        self.line = line
        self.article_id = article_id
        self.warning = warning
        if path is None:
            super().__init__(self.problem)
        else:
            where = f"{path}:{line}" if line is not None else path
            super().__init__(f"{where}: {self.problem}")


class UsageError(MarsadError):
    """The command line was wrong (unknown option, bad value)."""


class ConfigError(MarsadError):
    """A setting or a configuration file is wrong."""
