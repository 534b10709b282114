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

log = logging.getLogger(__name__)

MIGRATIES = Path(__file__).with_name("migrations")
SCHEMA_VERSIE = "0004"
"""The newest migration; a test keeps it equal to Alembic's head."""


class OpslagBeschadigd(Exception):
    """The store file cannot be used: not a database, the key does not fit, or it is damaged."""


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
    pad.parent.mkdir(parents=True, exist_ok=True)

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


def controleer(engine: Engine) -> list[str]:
    """The cipher and integrity check of an opened store: a list of problems, empty when sound."""
    try:
        with engine.connect() as conn:
            problemen = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
            snel = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check")]
    except DBAPIError as e:
        return [f"het bestand is niet te openen met de sleutel ({_reden(e)})"]
    return problemen + [p for p in snel if p != "ok"]


def _reden(e: DBAPIError) -> str:
    return str(e.orig).splitlines()[0] if e.orig is not None else type(e).__name__


def verplaats_opzij(pad: Path, stempel: str) -> Path:
    """Move a damaged store (with its WAL) aside, for recovery and for the beheerder."""
    opzij = pad.with_name(f"{pad.name}.beschadigd-{stempel}")
    for achtervoegsel in ("", "-wal", "-shm"):
        deel = pad.with_name(pad.name + achtervoegsel)
        if deel.exists():
            deel.replace(opzij.with_name(opzij.name + achtervoegsel))
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
        if pad is not None and (problemen := controleer(self.engine)):
            self.engine.dispose()
            raise OpslagBeschadigd("; ".join(problemen[:3]))
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
