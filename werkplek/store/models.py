"""SQLAlchemy 2.0 models of the local store; the schema itself is made by Alembic."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class AuditRegel(Base):
    """Protocollering: who saw which person or company, when, why and from which source."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tijdstip: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    medewerker: Mapped[str] = mapped_column(String(200))
    klant_soort: Mapped[str] = mapped_column(String(20))
    klant_nummer: Mapped[str] = mapped_column(String(20), index=True)
    doel: Mapped[str] = mapped_column(String(200))
    bron: Mapped[str] = mapped_column(String(100))
    handeling: Mapped[str] = mapped_column(String(50))


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
