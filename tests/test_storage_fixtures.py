"""Fixtures for the storage tests: a throwaway PostgreSQL server and a store URL for each back end.

``pg_server`` uses ``$MARSAD_TEST_POSTGRES_URL`` when set, else starts a server from the Debian
binaries (``/usr/lib/postgresql/*/bin``) on 127.0.0.1, a free port, in a temporary folder (as the
``postgres`` user when running as root). When none can start the tests skip with the reason,
except under ``CI``, where they fail. Test modules import these fixtures by name.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_DB_NUMBER = itertools.count()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL tests cannot run under CI: {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def start_server() -> tuple[str, Path, list[str], Path]:
    """Start a server; (URL, data folder, the command prefix to run as its owner, bin folder)."""
    bins = _bin_dir()
    if bins is None or not (bins / "initdb").exists():
        raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or on PATH")
    as_user: list[str] = []
    owner: int | None = None
    if os.geteuid() == 0:  # the server refuses to run as root
        try:
            owner = pwd.getpwnam("postgres").pw_uid
        except KeyError:
            raise RuntimeError("running as root and there is no 'postgres' user to run the server") from None
        runuser = shutil.which("runuser")
        as_user = [runuser, "-u", "postgres", "--"] if runuser else ["su", "postgres", "-s", "/bin/sh", "-c"]
    folder = Path(tempfile.mkdtemp(prefix="marsad-pg-"))
    if owner is not None:
        os.chown(folder, owner, -1)
    port = _free_port()

    def run(*args: str) -> None:
        command = [*as_user, *args] if as_user[:1] != ["su"] else [*as_user, " ".join(args)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {(done.stderr or done.stdout).strip()[-300:]}")

    data = folder / "data"
    run(str(bins / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
    options = f"-h 127.0.0.1 -p {port} -k {folder} -F -c fsync=off -c full_page_writes=off"
    run(str(bins / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "-t", "30", "start")
    return f"postgresql://postgres@127.0.0.1:{port}/postgres", folder, as_user, bins


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server's maintenance database (``postgres``)."""
    given = os.environ.get("MARSAD_TEST_POSTGRES_URL")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install 'marsad[postgres]')")
    if given:
        yield given
        return
    try:
        url, folder, as_user, bins = start_server()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        _unavailable(f"no server could start: {exc}")
        raise AssertionError("unreachable") from exc
    try:
        yield url
    finally:
        stop = [str(bins / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "-w", "stop"]
        command = [*as_user, *stop] if as_user[:1] != ["su"] else [*as_user, " ".join(stop)]
        subprocess.run(command, capture_output=True, timeout=60, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def new_database(server_url: str) -> str:
    """A fresh, empty database on the server; its URL."""
    import psycopg

    name = f"marsad_test_{os.getpid()}_{next(_DB_NUMBER)}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    base, _, _ = server_url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty store, once per back end."""
    if request.param == "sqlite":
        return str(tmp_path / "marsad.db")
    server: str = request.getfixturevalue("pg_server")
    return new_database(server)


def kill_connections(server_url: str, database_url: str) -> None:
    """End every connection to ``database_url``'s database (the server 'goes away' for them)."""
    import psycopg

    name = database_url.rpartition("/")[2]
    with psycopg.connect(server_url, autocommit=True) as conn, contextlib.suppress(psycopg.Error):
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
