"""SQLAlchemy 2.0 models of the local store; the schema itself is made by Alembic."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class Base(DeclarativeBase):
    pass


class UtcTijd(TypeDecorator[datetime]):
    """An aware moment kept as UTC (SQLite keeps no zone) and read back as aware UTC.

    A naive datetime is refused: its zone, and so the moment, would be a guess.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("een tijdstip zonder tijdzone kan niet worden bewaard")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class AuditRegel(Base):
    """Protocollering: who saw which person or company, when, why and from which source.

    Append-only: no repository updates or deletes a row, and the database refuses it
    (triggers of migration 0004). Tamper-evident: each row is chained to the one before it
    by a hash (migration 0005).
    """

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tijdstip: Mapped[datetime] = mapped_column(UtcTijd(timezone=True), index=True)
    """Aware, UTC (rows written before migration 0004 were converted from Amsterdam time)."""
    medewerker: Mapped[str] = mapped_column(String(200))
    klant_soort: Mapped[str] = mapped_column(String(20))
    klant_nummer: Mapped[str] = mapped_column(String(20), index=True)
    doel: Mapped[str] = mapped_column(String(200))
    bron: Mapped[str] = mapped_column(String(100))
    handeling: Mapped[str] = mapped_column(String(50))
    keten: Mapped[str | None] = mapped_column(String(32), default=None)
    """The chain this row belongs to (one per store; kept by a salvage)."""
    vorige: Mapped[str | None] = mapped_column(String(64), default=None)
    """The previous row's hash, or the chain's random start value in its first row."""
    hash: Mapped[str | None] = mapped_column(String(64), default=None)
    """SHA-256 over ``vorige`` and the row's content (werkplek.store.auditketen); None only
    for a row carried over from a store older than the chain (migration 0005)."""


class Instelling(Base):
    __tablename__ = "instelling"

    sleutel: Mapped[str] = mapped_column(String(200), primary_key=True)
    waarde: Mapped[str] = mapped_column(Text)


class CacheRegel(Base):
    """What one source returned for one dossier part, with when it was fetched."""

    __tablename__ = "cache"

    bron: Mapped[str] = mapped_column(String(100), primary_key=True)
    soort: Mapped[str] = mapped_column(String(40), primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(200), primary_key=True)
    opgehaald: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    inhoud: Mapped[str] = mapped_column(Text)


class UitgaandBericht(Base):
    """A write not yet accepted by its backoffice: sent in ``volgnummer`` order, never lost."""

    __tablename__ = "outbox"

    volgnummer: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(64), unique=True)
    """The client-generated id the backoffice sees; a re-send carries the same one."""
    soort: Mapped[str] = mapped_column(String(40))
    bron: Mapped[str] = mapped_column(String(100))
    klant: Mapped[str] = mapped_column(String(40), index=True)
    omschrijving: Mapped[str] = mapped_column(String(300))
    inhoud: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), index=True)
    pogingen: Mapped[int] = mapped_column(Integer, default=0)
    laatste_fout: Mapped[str] = mapped_column(Text, default="")
    aangemaakt: Mapped[datetime] = mapped_column(DateTime(timezone=True))
