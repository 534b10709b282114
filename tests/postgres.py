"""A real PostgreSQL server for tests: its own cluster in a temp dir, on 127.0.0.1, trust auth.

initdb and pg_ctl refuse to run as root, so under root they run as the ``postgres`` user, on
a temp dir that user owns (made outside pytest's tmp_path, which is under a root-only folder).
The cluster runs without fsync: fast, and nothing in it outlives the test run.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, LiteralString

import psycopg
import pytest
from psycopg import sql

from tests.radicale import vrije_poort

GEBRUIKER = "postgres"
STARTEN_BINNEN = 60
"""Seconds pg_ctl waits for the server to accept connections (or to stop)."""


def pg_bin() -> Path | None:
    """The bin dir of the newest PostgreSQL under /usr/lib/postgresql, if any is installed."""
    gevonden = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")]
    return max(gevonden, key=lambda b: int(b.parent.name) if b.parent.name.isdigit() else 0,
               default=None)


class PostgresServer:
    """One PostgreSQL cluster of its own; a context manager that starts it and cleans up.

    ``stop()`` and ``start()`` may be called in between (a backoffice that goes down and
    comes back): the data dir and the port stay. On exit the server is stopped and every
    file removed.
    """

    def __init__(self) -> None:
        bin_ = pg_bin()
        if bin_ is None:
            raise RuntimeError("Geen PostgreSQL gevonden onder /usr/lib/postgresql/*/bin.")
        self.bin = bin_
        self.map = Path(tempfile.mkdtemp(prefix="werkplek-pg-"))
        self.data = self.map / "data"
        self.poort = vrije_poort()
        self._log = self.map / "postgres.log"
        self._als: dict[str, Any] = {}
        try:
            if os.geteuid() == 0:
                eigenaar = pwd.getpwnam(GEBRUIKER)
                os.chown(self.map, eigenaar.pw_uid, eigenaar.pw_gid)
                self._als = {"user": eigenaar.pw_uid, "group": eigenaar.pw_gid,
                             "extra_groups": []}
            self._initdb()
        except BaseException:
            shutil.rmtree(self.map, ignore_errors=True)
            raise

    def _pg(self, programma: str, *args: str, goed: tuple[int, ...] = (0,)) -> int:
        """Run one of PostgreSQL's programs as the cluster's owner; its output on failure."""
        omgeving = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        r = subprocess.run([str(self.bin / programma), *args], cwd=self.map, env=omgeving,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           check=False, timeout=STARTEN_BINNEN + 30, **self._als)
        if r.returncode not in goed:
            raise RuntimeError(f"{programma} {' '.join(args)} gaf {r.returncode}:\n"
                               f"{r.stdout}{r.stderr}\n{self.logboek()}")
        return r.returncode

    def _initdb(self) -> None:
        self._pg("initdb", "-D", str(self.data), "-U", GEBRUIKER, "--auth=trust",
                 "--encoding=UTF8", "--no-locale", "--no-sync", "--no-instructions")
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(  # the same as -c options to the server, and kept for a restart
                "\n# tests/postgres.py\n"
                "listen_addresses = '127.0.0.1'\n"
                f"port = {self.poort}\n"
                f"unix_socket_directories = '{self.map}'\n"
                "fsync = off\n"
                "synchronous_commit = off\n"
                "full_page_writes = off\n")

    # -- process -------------------------------------------------------------------------

    @property
    def loopt(self) -> bool:
        # pg_ctl status: 0 running, 3 not running, 4 no usable data dir
        return self._pg("pg_ctl", "status", "-D", str(self.data), goed=(0, 3, 4)) == 0

    def start(self) -> None:
        if not self.loopt:
            self._pg("pg_ctl", "start", "-D", str(self.data), "-l", str(self._log), "-w",
                     "-t", str(STARTEN_BINNEN))

    def stop(self) -> None:
        """Stop fast: open connections are closed, as when a backoffice goes down."""
        if self.loopt:
            self._pg("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w",
                     "-t", str(STARTEN_BINNEN))

    def logboek(self) -> str:
        try:
            return self._log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def opruimen(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.map, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        try:
            self.start()
        except BaseException:
            self.opruimen()
            raise
        return self

    def __exit__(self, soort: type[BaseException] | None, fout: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.opruimen()

    # -- databases -----------------------------------------------------------------------

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of ``database`` on this server."""
        return f"postgresql+psycopg://{GEBRUIKER}@127.0.0.1:{self.poort}/{database}"

    def verbind(self, database: str = "postgres") -> psycopg.Connection[tuple[Any, ...]]:
        """A psycopg connection to ``database``, as its beheerder would open one."""
        return psycopg.connect(host="127.0.0.1", port=self.poort, user=GEBRUIKER,
                               dbname=database, connect_timeout=10)

    def maak_database(self, naam: str) -> str:
        """Create an empty database; returns its SQLAlchemy URL."""
        with self.verbind() as conn:
            conn.autocommit = True
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))
        return self.url(naam)

    def tel(self, query: LiteralString, *params: Any, database: str = "postgres") -> int:
        """The single number ``query`` selects in ``database`` (a count, say)."""
        with self.verbind(database) as conn:
            rij = conn.execute(query, params or None).fetchone()
        if rij is None:
            raise ValueError(f"geen rij uit {query!r}")
        return int(rij[0])


def _vereis_postgres() -> None:
    if pg_bin() is None:
        pytest.skip("PostgreSQL is niet geïnstalleerd (geen /usr/lib/postgresql/*/bin/pg_ctl); "
                    ".ci/run installeert het Debian-pakket postgresql")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One server for the whole run; each test makes a database of its own on it."""
    _vereis_postgres()
    with PostgresServer() as pg:
        yield pg


@pytest.fixture
def eigen_postgres() -> Iterator[PostgresServer]:
    """A server of this test's own, to stop and start without touching other tests."""
    _vereis_postgres()
    with PostgresServer() as pg:
        yield pg
