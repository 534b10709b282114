"""Opening the local store: engine, migrations to the newest version, sessions."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIES = Path(__file__).with_name("migrations")
SCHEMA_VERSIE = "0002"
"""The newest migration; a test keeps it equal to Alembic's head."""


def maak_engine(pad: Path) -> Engine:
    """A SQLite engine for ``pad`` with foreign keys on and WAL for a responsive GUI."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{pad}", connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: object) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.close()

    return engine


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
    """The local store of one workstation and one user."""

    def __init__(self, pad: Path) -> None:
        self.pad = pad
        self.engine = maak_engine(pad)
        if schema_versie(self.engine) != SCHEMA_VERSIE:
            migreer(self.engine, MIGRATIES)
        self.sessies = sessionmaker(self.engine, expire_on_commit=False)
        log.info("Lokale opslag geopend: %s", pad)

    def sessie(self) -> Session:
        return self.sessies()

    def sluit(self) -> None:
        self.engine.dispose()
