"""The embedded default's own schema (SQLAlchemy 2.0); Alembic creates and migrates it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from werkplek.domain.namen import vouw


class UtcDateTime(TypeDecorator[datetime]):
    """Stores an aware datetime as UTC and gives it back aware, whatever the database keeps."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("tijdstip zonder tijdzone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


def _zoeknaam(context: Any) -> str:
    """The folded geslachtsnaam of a row inserted without the ORM's help."""
    return vouw(str(context.get_current_parameters().get("geslachtsnaam") or ""))


class PersoonRij(Base):
    __tablename__ = "persoon"
    __table_args__ = (Index("ix_persoon_zoeknaam_geboortedatum", "zoeknaam", "geboortedatum"),)

    bsn: Mapped[str] = mapped_column(String(9), primary_key=True)
    voornamen: Mapped[str] = mapped_column(String(200))
    voorvoegsel: Mapped[str] = mapped_column(String(20), default="")
    geslachtsnaam: Mapped[str] = mapped_column(String(200), index=True)
    zoeknaam: Mapped[str] = mapped_column(String(200), default=_zoeknaam, server_default="")
    """The geslachtsnaam folded for search (werkplek.domain.namen.vouw), set on every write."""
    geboortedatum: Mapped[date] = mapped_column(Date)
    straat: Mapped[str] = mapped_column(String(200))
    huisnummer: Mapped[str] = mapped_column(String(20))
    postcode: Mapped[str] = mapped_column(String(6), index=True)
    woonplaats: Mapped[str] = mapped_column(String(100))
    geheimhouding: Mapped[bool] = mapped_column(default=False)

    @validates("geslachtsnaam")
    def _vouw(self, _sleutel: str, naam: str) -> str:
        self.zoeknaam = vouw(naam)
        return naam


class BedrijfRij(Base):
    __tablename__ = "bedrijf"

    kvk_nummer: Mapped[str] = mapped_column(String(8), primary_key=True)
    naam: Mapped[str] = mapped_column(String(200))
    rechtsvorm: Mapped[str] = mapped_column(String(100))
    straat: Mapped[str] = mapped_column(String(200))
    huisnummer: Mapped[str] = mapped_column(String(20))
    postcode: Mapped[str] = mapped_column(String(6), index=True)
    woonplaats: Mapped[str] = mapped_column(String(100))
    contactpersoon: Mapped[str] = mapped_column(String(200), default="")
    rsin: Mapped[str] = mapped_column(String(9), default="")
    """Empty for a one-man business (no rechtspersoon, so no RSIN)."""
    vestigingsnummer: Mapped[str] = mapped_column(String(12), default="")


class DigitaalAdresRij(Base):
    """A phone number (E.164) or e-mail address (lower case) of a person or company."""

    __tablename__ = "digitaal_adres"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    klant_soort: Mapped[str] = mapped_column(String(20))
    klant_nummer: Mapped[str] = mapped_column(String(20), index=True)
    soort: Mapped[str] = mapped_column(String(20))
    waarde: Mapped[str] = mapped_column(String(254), index=True)


class ZaaktypeRij(Base):
    __tablename__ = "zaaktype"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    omschrijving: Mapped[str] = mapped_column(String(200))
    doorlooptijd_dagen: Mapped[int] = mapped_column(Integer)
    statussen: Mapped[str] = mapped_column(Text)
    """Status names in order, one per line."""


class ZaakRij(Base):
    __tablename__ = "zaak"

    identificatie: Mapped[str] = mapped_column(String(40), primary_key=True)
    omschrijving: Mapped[str] = mapped_column(String(300))
    zaaktype_code: Mapped[str] = mapped_column(ForeignKey("zaaktype.code"))
    klant_soort: Mapped[str] = mapped_column(String(20))
    klant_nummer: Mapped[str] = mapped_column(String(20), index=True)
    startdatum: Mapped[date] = mapped_column(Date)
    geplande_einddatum: Mapped[date | None] = mapped_column(Date, nullable=True)
    uiterlijke_einddatum: Mapped[date | None] = mapped_column(Date, nullable=True)
    behandelaar: Mapped[str] = mapped_column(String(200), default="")
    resultaat: Mapped[str] = mapped_column(String(200), default="")
    aanvraag_id: Mapped[str | None] = mapped_column(String(36), unique=True, nullable=True)
    """The id werkplek gave the request that started this zaak; a re-send finds it here."""

    zaaktype: Mapped[ZaaktypeRij] = relationship(lazy="joined")
    statussen: Mapped[list[ZaakStatusRij]] = relationship(
        order_by="ZaakStatusRij.gezet_op", lazy="selectin", cascade="all, delete-orphan"
    )


class ZaakStatusRij(Base):
    __tablename__ = "zaakstatus"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zaak_identificatie: Mapped[str] = mapped_column(ForeignKey("zaak.identificatie"), index=True)
    omschrijving: Mapped[str] = mapped_column(String(200))
    gezet_op: Mapped[datetime] = mapped_column(UtcDateTime)
    toelichting: Mapped[str] = mapped_column(Text, default="")


class KennisartikelRij(Base):
    __tablename__ = "kennisartikel"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    titel: Mapped[str] = mapped_column(String(300))
    onderwerp: Mapped[str] = mapped_column(String(200), index=True)
    samenvatting: Mapped[str] = mapped_column(Text)
    tekst: Mapped[str] = mapped_column(Text)
    trefwoorden: Mapped[str] = mapped_column(Text, default="")
    """One trefwoord per line; a trefwoord may have several words."""
    eigenaar: Mapped[str] = mapped_column(String(200), default="")
    laatst_beoordeeld: Mapped[date | None] = mapped_column(Date, nullable=True)
    kanaalnotities: Mapped[str] = mapped_column(Text, default="{}")
    """JSON object: kanaal → what to say or do on that channel."""


class ContactmomentRij(Base):
    __tablename__ = "contactmoment"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    klant_soort: Mapped[str | None] = mapped_column(String(20))
    klant_nummer: Mapped[str | None] = mapped_column(String(20), index=True)
    """Both empty for a caller who stayed unknown."""
    telefoonnummer: Mapped[str] = mapped_column(String(40), default="")
    """The caller's number, for a contact that came in by phone."""
    kanaal: Mapped[str] = mapped_column(String(20))
    onderwerp: Mapped[str] = mapped_column(String(200))
    vraag: Mapped[str] = mapped_column(Text)
    antwoord: Mapped[str] = mapped_column(Text)
    afhandeling: Mapped[str] = mapped_column(String(40))
    medewerker: Mapped[str] = mapped_column(String(200))
    begin: Mapped[datetime] = mapped_column(UtcDateTime)
    einde: Mapped[datetime] = mapped_column(UtcDateTime)

    zaken: Mapped[list[ContactmomentZaakRij]] = relationship(
        lazy="selectin", cascade="all, delete-orphan"
    )
    antwoorden: Mapped[list[ContactmomentAntwoordRij]] = relationship(
        order_by="ContactmomentAntwoordRij.volgorde", lazy="selectin",
        cascade="all, delete-orphan"
    )
    kennisartikelen: Mapped[list[ContactmomentKennisartikelRij]] = relationship(
        lazy="selectin", cascade="all, delete-orphan"
    )
    verzoek: Mapped[ContactverzoekRij | None] = relationship(
        lazy="selectin", cascade="all, delete-orphan"
    )


class ContactmomentZaakRij(Base):
    __tablename__ = "contactmoment_zaak"

    contactmoment_id: Mapped[str] = mapped_column(
        ForeignKey("contactmoment.id", ondelete="CASCADE"), primary_key=True
    )
    zaak_identificatie: Mapped[str] = mapped_column(String(40), primary_key=True)


class ContactmomentAntwoordRij(Base):
    """One checklist answer given during a contact, in the order the questions were shown."""

    __tablename__ = "contactmoment_antwoord"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contactmoment_id: Mapped[str] = mapped_column(
        ForeignKey("contactmoment.id", ondelete="CASCADE"), index=True
    )
    volgorde: Mapped[int] = mapped_column(Integer)
    checklist: Mapped[str] = mapped_column(String(64))
    vraag_id: Mapped[str] = mapped_column(String(64))
    vraag: Mapped[str] = mapped_column(Text)
    antwoord: Mapped[str] = mapped_column(Text)
    niet_gevraagd: Mapped[str] = mapped_column(Text, default="")


class ContactmomentKennisartikelRij(Base):
    __tablename__ = "contactmoment_kennisartikel"

    contactmoment_id: Mapped[str] = mapped_column(
        ForeignKey("contactmoment.id", ondelete="CASCADE"), primary_key=True
    )
    artikel_id: Mapped[str] = mapped_column(String(100), primary_key=True)


class AgendaRij(Base):
    """A backoffice agenda: a medewerker or afdeling, the onderwerpen it serves, its rooster."""

    __tablename__ = "agenda"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    naam: Mapped[str] = mapped_column(String(200))
    onderwerpen: Mapped[str] = mapped_column(Text)
    """One onderwerp per line."""
    locatie: Mapped[str] = mapped_column(String(200), default="")
    rooster: Mapped[str] = mapped_column(Text)
    """JSON: werkdagen, begin, einde, pauzes, slotduur_minuten, voorlooptijd_uren."""


class AfspraakRij(Base):
    """One booked appointment; one per agenda and start time, so a slot is booked once."""

    __tablename__ = "afspraak"
    __table_args__ = (UniqueConstraint("agenda_id", "begin", name="uq_afspraak_slot"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agenda_id: Mapped[str] = mapped_column(ForeignKey("agenda.id"), index=True)
    klant_soort: Mapped[str] = mapped_column(String(20))
    klant_nummer: Mapped[str] = mapped_column(String(20), index=True)
    klantnaam: Mapped[str] = mapped_column(String(200))
    onderwerp: Mapped[str] = mapped_column(String(200))
    begin: Mapped[datetime] = mapped_column(UtcDateTime)
    einde: Mapped[datetime] = mapped_column(UtcDateTime)
    notitie: Mapped[str] = mapped_column(Text, default="")
    locatie: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="verwacht")
    contactmoment: Mapped[str] = mapped_column(String(36), default="")
    versie: Mapped[int] = mapped_column(Integer, default=1)

    agenda: Mapped[AgendaRij] = relationship(lazy="joined")


class OntvangerRij(Base):
    """Who in the backoffice can take over a contactverzoek (and a transferred call)."""

    __tablename__ = "ontvanger"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    soort: Mapped[str] = mapped_column(String(20))
    naam: Mapped[str] = mapped_column(String(200))
    telefoon: Mapped[str] = mapped_column(String(40), default="")


class ContactverzoekRij(Base):
    """The question a contact handed over, with all its context, for one ontvanger."""

    __tablename__ = "contactverzoek"

    contactmoment_id: Mapped[str] = mapped_column(
        ForeignKey("contactmoment.id", ondelete="CASCADE"), primary_key=True
    )
    ontvanger_code: Mapped[str] = mapped_column(ForeignKey("ontvanger.code"), index=True)
    handeling: Mapped[str] = mapped_column(String(200))
    toelichting: Mapped[str] = mapped_column(Text)
    terugbelnummer: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(20), default="open")

    ontvanger: Mapped[OntvangerRij] = relationship(lazy="joined")


class AgentstatusRij(Base):
    """Each state change of an agent, for the supervisor's panel; the newest one counts."""

    __tablename__ = "agentstatus"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    medewerker: Mapped[str] = mapped_column(String(200), index=True)
    naam: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    sinds: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    """On the source's clock (``op_bronklok``)."""
    kanaal: Mapped[str | None] = mapped_column(String(20), nullable=True)
    """The channel of the contact the agent is busy with, if any."""


class WachtrijGebeurtenisRij(Base):
    """Every event id a workstation reported, so a re-send (from any workstation) changes
    nothing: the id is stored in the same transaction as what the event did."""

    __tablename__ = "wachtrij_gebeurtenis"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    soort: Mapped[str] = mapped_column(String(40))
    ontvangen: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    """The source's clock when it arrived."""


class WachtrijGesprekRij(Base):
    """One call in a queue, by the softphone's call id; every time on the source's clock.

    ``aangeboden`` is empty while only an answer or an abandon of the call has arrived (the
    offer comes later): such a call is not counted until its offer is known.
    """

    __tablename__ = "wachtrij_gesprek"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    wachtrij: Mapped[str] = mapped_column(String(200), default="")
    aangeboden: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, index=True)
    aangenomen: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    opgehangen: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    medewerker: Mapped[str] = mapped_column(String(200), default="")
    """Who answered it."""


class TicketRij(Base):
    """A ticket of the counter's queue; its number is unique per day."""

    __tablename__ = "wachtrij_ticket"
    __table_args__ = (UniqueConstraint("dag", "nummer", name="uq_wachtrij_ticket_nummer"),)

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    nummer: Mapped[str] = mapped_column(String(10))
    dag: Mapped[date] = mapped_column(Date)
    """The day (in Europe/Amsterdam) the number belongs to."""
    uitgegeven: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    opgeroepen: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    opgeroepen_door: Mapped[str] = mapped_column(String(200), default="")
    geholpen: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    niet_verschenen: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    """When the counter reported that nobody came."""
    klant_soort: Mapped[str | None] = mapped_column(String(20), nullable=True)
    klant_nummer: Mapped[str | None] = mapped_column(String(20), nullable=True)
    afspraak: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    """The time of the appointment checked in with this ticket."""


class AfgehandeldRij(Base):
    """A registered contact as the queue counts it (FCR, volume): channel and afhandeling,
    never who the customer was."""

    __tablename__ = "wachtrij_contact"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    kanaal: Mapped[str] = mapped_column(String(20))
    afhandeling: Mapped[str] = mapped_column(String(40))
    tijd: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    medewerker: Mapped[str] = mapped_column(String(200), default="")
