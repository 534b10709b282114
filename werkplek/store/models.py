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
