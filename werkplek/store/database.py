"""Opening the local store: engine, migrations to the newest version, sessions."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from werkplek.store.bestanden import maak_prive_bestand, prive_bestand, prive_map

log = logging.getLogger(__name__)

MIGRATIES = Path(__file__).with_name("migrations")
SCHEMA_VERSIE = "0006"
"""The newest migration; a test keeps it equal to Alembic's head."""


class OpslagBeschadigd(Exception):
    """The store file cannot be used: not a database, the key does not fit, or it is damaged.

    ``sleutelprobleem``: no page opens with the key (a foreign or wrong key), as opposed to
    damage (a page that fails its check, a truncated file). ``details``: SQLite's own
    diagnostics, for the log and the beheerder, never for the agent's banner.
    """

    def __init__(self, reden: str, *, sleutelprobleem: bool = False,
                 details: tuple[str, ...] = ()) -> None:
        super().__init__(reden)
        self.reden = reden
        self.sleutelprobleem = sleutelprobleem
        self.details = details


_SLEUTEL = re.compile(r"[0-9a-f]{64}")


def maak_engine(pad: Path | None, sleutel: str | None = None) -> Engine:
    """An engine for the local store: SQLCipher at ``pad`` with a raw 256-bit key (hex).

    Without ``pad``: a private in-memory database, for a workstation that has no keyring
    to keep a key in; then nothing of a customer is written to disk.
    """
    if pad is None:
        engine = create_engine("sqlite://", poolclass=StaticPool,
                               connect_args={"check_same_thread": False})
        event.listen(engine, "connect", lambda c, _r: c.execute("PRAGMA foreign_keys = ON"))
        return engine
    if sleutel is None or not _SLEUTEL.fullmatch(sleutel):
        raise ValueError("een versleutelde opslag vraagt een sleutel van 64 hexadecimale tekens")
    prive_map(pad.parent)
    maak_prive_bestand(pad)
    for achtervoegsel in ("-wal", "-shm"):  # made by an older version, before 0600
        prive_bestand(pad.with_name(pad.name + achtervoegsel))

    def verbind() -> Any:
        conn = sqlcipher.connect(str(pad), check_same_thread=False)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to report
            conn.execute(f"PRAGMA key = \"x'{sleutel}'\"")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            # A committed outbox entry survives a power loss, not only a crash.
            conn.execute("PRAGMA synchronous = FULL")
        except Exception:
            conn.close()
            raise
        return conn

    return create_engine("sqlite://", module=sqlcipher, creator=verbind)


def verbind_ruw(pad: Path, sleutel: str) -> Any:
    """A bare SQLCipher connection with the key, nothing else set (no WAL, no checks)."""
    conn = sqlcipher.connect(str(pad), check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{sleutel}'\"")
    return conn


def controleer(engine: Engine, pad: Path | None = None, sleutel: str | None = None
               ) -> list[str]:
    """The cipher and integrity check of an opened store: a list of problems, empty when sound."""
    try:
        return _controleer(engine, pad, sleutel)
    except OpslagBeschadigd as e:
        return [e.reden, *e.details]


def _controleer(engine: Engine, pad: Path | None, sleutel: str | None) -> list[str]:
    """The problems of an opened store; raises OpslagBeschadigd when it cannot be read at all."""
    problemen: list[str] | None = None
    try:
        with engine.connect() as conn:
            problemen = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
            snel = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check")]
    except DBAPIError as e:
        if problemen is None:  # the connection's own set-up failed: check the bare file
            problemen = _cipher_check(pad, sleutel)
        raise _onleesbaar(e, problemen, _paginas(pad)) from None
    return problemen + [p for p in snel if p != "ok"]


def _cipher_check(pad: Path | None, sleutel: str | None) -> list[str]:
    if pad is None or sleutel is None:
        return []
    conn = verbind_ruw(pad, sleutel)
    try:
        return [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
    except sqlcipher.DatabaseError:
        return []
    finally:
        conn.close()


_HMAC = re.compile(r"HMAC verification failed for page (\d+)")


def _paginas(pad: Path | None) -> int:
    """Whole pages in the file (SQLCipher's default page size), 0 when unknown."""
    try:
        return pad.stat().st_size // PAGINA if pad is not None else 0
    except OSError:
        return 0


PAGINA = 4096


def _onleesbaar(e: DBAPIError, problemen: list[str], paginas: int) -> OpslagBeschadigd:
    """Tell a key that opens no page (a key problem) from damage (a page, a truncated file).

    With a foreign key every page fails its HMAC, page 1 first; with damage page 1 or
    others still verify, or SQLite finds the file shorter than its header says.
    """
    reden = _reden(e)
    details = (reden, *problemen)
    slecht = {int(m.group(1)) for p in problemen if (m := _HMAC.search(p))}
    if ("not a database" in reden and paginas and len(slecht) == len(problemen)
            and slecht == set(range(1, paginas + 1))):
        return OpslagBeschadigd(f"het bestand is niet te openen met de sleutel ({reden})",
                                sleutelprobleem=True, details=details)
    return OpslagBeschadigd("het bestand is beschadigd of afgekapt", details=details)


def _reden(e: DBAPIError) -> str:
    return str(e.orig).splitlines()[0] if e.orig is not None else type(e).__name__


def verplaats_opzij(pad: Path, stempel: str) -> Path:
    """Move a damaged store (with its WAL) aside, for recovery and for the beheerder."""
    opzij = pad.with_name(f"{pad.name}.beschadigd-{stempel}")
    for achtervoegsel in ("", "-wal", "-shm"):
        deel = pad.with_name(pad.name + achtervoegsel)
        if deel.exists():
            doel = opzij.with_name(opzij.name + achtervoegsel)
            deel.replace(doel)
            prive_bestand(doel)
    return opzij


def schema_versie(engine: Engine, versietabel: str = "alembic_version") -> str | None:
    """The migration a database is at, read without loading Alembic (it is slow to import)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(versietabel):
            return None
        versie = conn.execute(text(f"SELECT version_num FROM {versietabel}")).scalar()
        return str(versie) if versie is not None else None


def migreer(engine: Engine, migraties: Path, naar: str = "head") -> None:
    """Bring a database to the newest schema with Alembic (also from empty)."""
    from alembic import command  # noqa: PLC0415 - only when a migration is due
    from alembic.config import Config  # noqa: PLC0415

    cfg = Config()
    cfg.set_main_option("script_location", str(migraties))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, naar)


class Store:
    """The local store of one workstation and one user.

    With ``pad`` and ``sleutel``: an encrypted file, checked before use; a file that fails
    the check raises OpslagBeschadigd and is left as it is. Without: in memory only.
    """

    def __init__(self, pad: Path | None, sleutel: str | None = None) -> None:
        self.pad = pad
        self.engine = maak_engine(pad, sleutel)
        if pad is not None:
            try:
                problemen = _controleer(self.engine, pad, sleutel)
            except OpslagBeschadigd:
                self.engine.dispose()
                raise
            if problemen:
                self.engine.dispose()
                raise OpslagBeschadigd("het bestand is beschadigd", details=tuple(problemen))
        if schema_versie(self.engine) != SCHEMA_VERSIE:
            migreer(self.engine, MIGRATIES)
        self.sessies = sessionmaker(self.engine, expire_on_commit=False)
        log.info("Lokale opslag geopend: %s", pad or "alleen in het geheugen")

    @property
    def versleuteld(self) -> bool:
        """Whether this store keeps data on disk, encrypted; only then is anything cached."""
        return self.pad is not None

    def sessie(self) -> Session:
        return self.sessies()

    def sluit(self) -> None:
        self.engine.dispose()
