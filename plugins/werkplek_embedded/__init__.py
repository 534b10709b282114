"""The embedded default: klanten, zaken, kennisbank, agendas, contacts and the queues (calls,
counter tickets, agent states) in werkplek's own schema.

One SQLite file per profile in the user data directory, or any SQLAlchemy URL (``url``, e.g.
PostgreSQL when a team shares the database); created and migrated with Alembic.
All database work runs on one worker thread so the GUI's event loop never waits on it.
Queue times are on the database's clock (PostgreSQL's; on SQLite this process's).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import re
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    URL,
    Connection,
    Engine,
    Executable,
    create_engine,
    event,
    func,
    inspect,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.orm import Session, sessionmaker

from werkplek.domain.agenda import (
    Afspraak,
    Afspraakstatus,
    Afspraakverzoek,
    Agenda,
    Rooster,
    Tijdslot,
    past_in_rooster,
    vrije_slots,
)
from werkplek.domain.invoer import Zoeksoort, Zoekvraag
from werkplek.domain.model import (
    TIJDZONE,
    Adres,
    Afhandeling,
    Bedrijf,
    ChecklistAntwoord,
    Contactmoment,
    Contactverzoek,
    Kanaal,
    Kennisartikel,
    KlantRef,
    KlantSoort,
    Medewerker,
    Ontvanger,
    OntvangerSoort,
    Persoon,
    Status,
    Veldlimieten,
    Zaak,
    Zaakaanvraag,
    Zaaktype,
    begin_van_de_dag,
    nu,
)
from werkplek.domain.namen import zoeknamen
from werkplek.domain.oproep import Agentstatus
from werkplek.domain.wachtrij import (
    Afgehandeld,
    Agentstand,
    Gebeurtenissoort,
    Ticket,
    Wachtrijfeiten,
    Wachtrijgebeurtenis,
    Wachtrijgesprek,
    op_bronklok,
    volgende,
)
from werkplek.ports import (
    GEEN_VERBINDING,
    PLUGIN_API_VERSIE,
    VERBONDEN,
    Auditketenkop,
    Auditketenstuk,
    Auditschakel,
    BronFout,
    BronOnbereikbaar,
    Capability,
    Gezondheid,
    PluginContext,
    SlotBezet,
)
from werkplek_embedded import audit, demo
from werkplek_embedded.models import (
    AfgehandeldRij,
    AfspraakRij,
    AgendaRij,
    AgentstatusRij,
    Base,
    BedrijfRij,
    ContactmomentAntwoordRij,
    ContactmomentKennisartikelRij,
    ContactmomentRij,
    ContactmomentZaakRij,
    ContactverzoekRij,
    DigitaalAdresRij,
    KennisartikelRij,
    OntvangerRij,
    PersoonRij,
    TicketRij,
    WachtrijGebeurtenisRij,
    WachtrijGesprekRij,
    ZaakRij,
    ZaakStatusRij,
    ZaaktypeRij,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

MIGRATIES = Path(__file__).with_name("migrations")
SCHEMA_VERSIE = "e0008"
"""The newest migration; a test keeps it equal to Alembic's head."""
VERSIETABEL = "alembic_version_embedded"
BRON = "Werkplek (ingebouwd)"
VERBINDEN_BINNEN = 5
"""Seconds a PostgreSQL connection attempt may take (unless the URL says connect_timeout)."""
OPEN_SLOT = 0x77_65_72_6B
"""PostgreSQL advisory lock: one workstation at a time migrates and fills the database."""
TICKET_SLOT = 0x77_74_69_6B
"""PostgreSQL advisory lock: one workstation at a time gives a ticket its number."""
ROEP_SLOT = 0x77_72_6F_65
"""PostgreSQL advisory lock: one counter at a time calls the next ticket."""
ZAAK_SLOT = 0x77_7A_61_6B
"""PostgreSQL advisory lock: one workstation at a time gives a new zaak its number."""
KANAAL = "werkplek_wachtrij"
"""The PostgreSQL NOTIFY channel of queue data: every supervisor's screen listens to it."""


INSTELLINGEN = frozenset({"bronnaam", "demo", "url", "database"})
"""The settings of this plugin's table in the profile (``timeout_seconden`` is the host's);
werkplek refuses any other key."""


def create_plugin(config: Mapping[str, Any], context: PluginContext) -> EmbeddedPlugin:
    """Entry point of group ``werkplek.plugins``."""
    return EmbeddedPlugin(config, context)


class EmbeddedPlugin:
    api_versie = PLUGIN_API_VERSIE
    capabilities = frozenset({
        Capability.PERSONEN, Capability.BEDRIJVEN, Capability.KLANTCONTACTEN,
        Capability.ZAKEN, Capability.KENNIS, Capability.AGENDA, Capability.WACHTRIJ,
        Capability.AUDIT,
    })
    limieten = Veldlimieten(onderwerp=200)

    def __init__(self, config: Mapping[str, Any], context: PluginContext) -> None:
        self.bron = str(config.get("bronnaam", BRON))
        self._demo = bool(config.get("demo", False))
        onbruikbaar = (ArgumentError, NoSuchModuleError, ImportError, ValueError)
        # The message of these errors may quote the URL, password and all: never pass it on.
        geen_url = f"De instelling 'url' van {self.bron} is geen bruikbare database-URL."
        try:
            if config.get("url"):
                self._url = make_url(str(config["url"]))
                if self._url.drivername == "postgresql":  # not psycopg2, SQLAlchemy's default
                    self._url = self._url.set(drivername="postgresql+psycopg")
            else:
                pad = config.get("database")
                self._url = URL.create("sqlite", database=str(
                    Path(pad).expanduser() if pad
                    else context.data_dir / f"embedded-{context.profiel}.db"))
            self._url.get_dialect()  # an unknown database is refused before anything else
        except onbruikbaar:
            raise ValueError(geen_url) from None
        if self._url.password is not None:  # secrets live in the keyring, never in config
            raise ValueError(
                f"Zet het wachtwoord van {self.bron} niet in 'url' maar in de sleutelbos: "
                f"dienst werkplek/{context.profiel}, gebruiker {context.naam}.wachtwoord.")
        if self._url.username and (wachtwoord := context.geheimen.geheim("wachtwoord")):
            self._url = self._url.set(password=wachtwoord)
        try:
            self._engine = _maak_engine(self._url)
        except onbruikbaar:
            raise ValueError(geen_url) from None
        self._plek = _plek(self._url)
        # One worker: database work is serialised and never runs on the GUI thread.
        self._werker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="werkplek-embedded")
        self._sessies = sessionmaker(self._engine, expire_on_commit=False)
        self._klaar: asyncio.Future[None] | None = None
        self._bereikbaar = True
        self._postgres = self._url.get_backend_name() == "postgresql"
        self._luisteraars: set[asyncio.Queue[str]] = set()
        # The queue facts last read, per part, and the parts a notice said changed since:
        # kept only while a LISTEN connection hears every change (PostgreSQL).
        self._delen: dict[str, tuple[datetime, tuple[Any, ...]]] = {}
        self._vuil: set[str] = set(_DELEN)
        self._luistert = 0

    # -- lifecycle -----------------------------------------------------------------------

    def _open(self) -> None:
        if self._url.get_backend_name() == "sqlite" and self._url.database:
            _prive_sqlite(Path(self._url.database))
        with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # another workstation may be opening too
                conn.execute(text("SELECT pg_advisory_xact_lock(:slot)"), {"slot": OPEN_SLOT})
            if _schema_versie(conn) != SCHEMA_VERSIE:
                _migreer(conn)
            if self._demo:
                with Session(conn) as s:
                    if s.scalar(select(func.count()).select_from(PersoonRij)) == 0:
                        demo.vul(s, nu())
                        log.info("Demodata geladen in de ingebouwde database")
                    else:  # the catalogue ships with the plugin: keep an older demo up to date
                        demo.werk_catalogus_bij(s)
                        demo.werk_bedrijven_bij(s)
                    moment = _bronklok(s)
                    if not _wachtrij_van_vandaag(s, moment):
                        demo.vul_wachtrij(s, moment)
                        log.info("Demodag van de wachtrijen geladen in de ingebouwde database")
                    s.flush()

    def _vergeet_mislukte_opening(self, klaar: asyncio.Future[None]) -> None:
        """A failed open (server down at the first call) is tried again by the next call."""
        if self._klaar is klaar and (klaar.cancelled() or klaar.exception() is not None):
            self._klaar = None

    async def _db(self, werk: Callable[[Session], T],
                  eerder: Callable[[Session], T | None] | None = None) -> T:
        """Run ``werk`` in one transaction on the worker thread.

        ``eerder`` makes a create idempotent: it finds what a call with the same id stored
        before. It is asked first, and again in a fresh transaction when the create collides
        (a unique key, or a taken slot) with what another connection committed meanwhile.
        A database that cannot be reached raises BronOnbereikbaar, whatever the call.
        """
        def _run() -> T:
            try:
                with self._sessies() as s, s.begin():
                    if eerder is not None and (gevonden := eerder(s)) is not None:
                        return gevonden
                    return werk(s)
            except (IntegrityError, SlotBezet):
                if eerder is None:
                    raise
                with self._sessies() as s, s.begin():
                    if (gevonden := eerder(s)) is not None:
                        return gevonden
                raise

        loop = asyncio.get_running_loop()
        try:
            if self._klaar is None:
                self._klaar = loop.run_in_executor(self._werker, self._open)
                self._klaar.add_done_callback(self._vergeet_mislukte_opening)
            await asyncio.shield(self._klaar)
            uitkomst = await loop.run_in_executor(self._werker, _run)
        except Exception as e:
            if not self._onbereikbaar(e):
                raise
            if self._bereikbaar:
                log.warning("Ingebouwde database op %s niet bereikbaar: %s", self._plek,
                            self._oorzaak(e))
                self._bereikbaar = False
            raise BronOnbereikbaar(f"De database van {self.bron} is niet bereikbaar. "
                                   "Probeer het later opnieuw.") from None
        if not self._bereikbaar:
            log.info("Ingebouwde database op %s weer bereikbaar", self._plek)
            self._bereikbaar = True
        return uitkomst

    def _onbereikbaar(self, fout: Exception) -> bool:
        """Whether ``fout`` means the database cannot be reached (rather than a refusal)."""
        if isinstance(fout, DBAPIError) and fout.connection_invalidated:
            return True
        dbapi = self._engine.dialect.loaded_dbapi
        return isinstance(fout, (OperationalError, InterfaceError, dbapi.OperationalError,
                                 dbapi.InterfaceError))

    def _oorzaak(self, fout: Exception) -> str:
        """The driver's first line for a log line: no SQL, no parameters, no password."""
        oorzaak = fout.orig if isinstance(fout, DBAPIError) and fout.orig else fout
        regel = (str(oorzaak).strip().splitlines() or [""])[0]
        if self._url.password:
            regel = regel.replace(self._url.password, "***")
        return f"{type(oorzaak).__name__}: {regel}" if regel else type(oorzaak).__name__

    async def health(self) -> Gezondheid:
        aantal = await self._db(lambda s: s.scalar(select(func.count()).select_from(PersoonRij)))
        return Gezondheid(True, f"database {self._plek}, {aantal} personen")

    async def aclose(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._werker, self._engine.dispose)
        self._werker.shutdown(wait=True)

    # -- Auditarchief (werkplek_embedded.audit) --------------------------------------------

    async def bewaar_audit(self, stuk: Auditketenstuk) -> None:
        await self._db(lambda s: audit.bewaar(s, stuk))

    async def audit_ketens(self, werkplek: str) -> list[Auditketenkop]:
        return await self._db(lambda s: audit.ketens(s, werkplek))

    async def audit_schakels(self, keten: str) -> list[Auditschakel]:
        return await self._db(lambda s: audit.schakels(s, keten))

    # -- PersonenBron ----------------------------------------------------------------------

    async def zoek_personen(self, vraag: Zoekvraag) -> list[Persoon]:
        def werk(s: Session) -> list[Persoon]:
            q = select(PersoonRij)
            match vraag.soort:
                case Zoeksoort.BSN:
                    q = q.where(PersoonRij.bsn == vraag.waarde)
                case Zoeksoort.NAAM_GEBOORTEDATUM:
                    # Folded as the column is: the index (zoeknaam, geboortedatum) serves it.
                    q = q.where(PersoonRij.zoeknaam.in_(zoeknamen(vraag.waarde)),
                                PersoonRij.geboortedatum == vraag.geboortedatum)
                case Zoeksoort.POSTCODE_HUISNUMMER:
                    q = q.where(PersoonRij.postcode == vraag.waarde,
                                func.upper(PersoonRij.huisnummer) == vraag.huisnummer)
                case Zoeksoort.TELEFOON | Zoeksoort.EMAIL:
                    q = q.where(PersoonRij.bsn.in_(_nummers_met_adres(s, "persoon", vraag)))
                case _:
                    return []
            q = q.order_by(PersoonRij.geslachtsnaam, PersoonRij.geboortedatum)
            return [self._persoon(s, r) for r in s.scalars(q)]
        return await self._db(werk)

    async def persoon(self, bsn: str) -> Persoon | None:
        def werk(s: Session) -> Persoon | None:
            r = s.get(PersoonRij, bsn)
            return self._persoon(s, r) if r else None
        return await self._db(werk)

    def _persoon(self, s: Session, r: PersoonRij) -> Persoon:
        tel, mail = _adressen(s, "persoon", r.bsn)
        return Persoon(
            bsn=r.bsn, voornamen=r.voornamen, voorvoegsel=r.voorvoegsel,
            geslachtsnaam=r.geslachtsnaam, geboortedatum=r.geboortedatum,
            adres=Adres(r.straat, r.huisnummer, _postcode(r.postcode), r.woonplaats),
            telefoonnummers=tel, emailadressen=mail, geheimhouding=r.geheimhouding,
            bron=self.bron,
        )

    # -- BedrijvenBron ---------------------------------------------------------------------

    async def zoek_bedrijven(self, vraag: Zoekvraag) -> list[Bedrijf]:
        def werk(s: Session) -> list[Bedrijf]:
            q = select(BedrijfRij)
            match vraag.soort:
                case Zoeksoort.KVK:
                    q = q.where(BedrijfRij.kvk_nummer == vraag.waarde)
                case Zoeksoort.POSTCODE_HUISNUMMER:
                    q = q.where(BedrijfRij.postcode == vraag.waarde,
                                func.upper(BedrijfRij.huisnummer) == vraag.huisnummer)
                case Zoeksoort.TELEFOON | Zoeksoort.EMAIL:
                    q = q.where(BedrijfRij.kvk_nummer.in_(_nummers_met_adres(s, "bedrijf", vraag)))
                case _:
                    return []
            return [self._bedrijf(s, r) for r in s.scalars(q.order_by(BedrijfRij.naam))]
        return await self._db(werk)

    async def bedrijf(self, kvk_nummer: str) -> Bedrijf | None:
        def werk(s: Session) -> Bedrijf | None:
            r = s.get(BedrijfRij, kvk_nummer)
            return self._bedrijf(s, r) if r else None
        return await self._db(werk)

    def _bedrijf(self, s: Session, r: BedrijfRij) -> Bedrijf:
        tel, mail = _adressen(s, "bedrijf", r.kvk_nummer)
        return Bedrijf(
            kvk_nummer=r.kvk_nummer, naam=r.naam, rechtsvorm=r.rechtsvorm,
            adres=Adres(r.straat, r.huisnummer, _postcode(r.postcode), r.woonplaats),
            telefoonnummers=tel, emailadressen=mail, contactpersoon=r.contactpersoon,
            bron=self.bron, rsin=r.rsin, vestigingsnummer=r.vestigingsnummer,
        )

    # -- ZakenBron -------------------------------------------------------------------------

    async def zaken(self, klant: KlantRef) -> list[Zaak]:
        def werk(s: Session) -> list[Zaak]:
            q = (select(ZaakRij)
                 .where(ZaakRij.klant_soort == klant.soort.value,
                        ZaakRij.klant_nummer == klant.nummer)
                 .order_by(ZaakRij.startdatum.desc()))
            return [self._zaak(r) for r in s.scalars(q)]
        return await self._db(werk)

    async def zaak(self, identificatie: str) -> Zaak | None:
        def werk(s: Session) -> Zaak | None:
            r = s.get(ZaakRij, identificatie.upper())
            return self._zaak(r) if r else None
        return await self._db(werk)

    async def zaaktypen(self) -> list[Zaaktype]:
        def werk(s: Session) -> list[Zaaktype]:
            return [_zaaktype(r) for r in s.scalars(select(ZaaktypeRij).order_by(
                ZaaktypeRij.omschrijving))]
        return await self._db(werk)

    async def start_zaak(self, aanvraag: Zaakaanvraag) -> Zaak:
        a = aanvraag

        def eerder(s: Session) -> Zaak | None:  # a re-send of the same request
            rij = s.scalar(select(ZaakRij).where(ZaakRij.aanvraag_id == a.id))
            return self._zaak(rij) if rij else None

        def werk(s: Session) -> Zaak:
            if self._postgres:  # the number comes from the database, one start at a time
                s.execute(text("SELECT pg_advisory_xact_lock(:slot)"), {"slot": ZAAK_SLOT})
                if (gevonden := eerder(s)) is not None:  # started while we waited
                    return gevonden
            zt = s.get(ZaaktypeRij, a.zaaktype)
            if zt is None:
                raise BronFout(f"Zaaktype {a.zaaktype!r} bestaat niet in de catalogus van "
                               f"{self.bron}.")
            moment = nu()
            vandaag = moment.date()
            statussen = zt.statussen.splitlines()
            kanaal = f" via {a.kanaal.label.lower()}" if a.kanaal else ""
            rij = ZaakRij(
                identificatie=_volgend_zaaknummer(s, vandaag.year),
                omschrijving=a.omschrijving[:300], zaaktype_code=zt.code,
                klant_soort=a.klant.soort.value, klant_nummer=a.klant.nummer,
                startdatum=vandaag,
                geplande_einddatum=vandaag + timedelta(days=zt.doorlooptijd_dagen),
                behandelaar="", resultaat="", aanvraag_id=a.id,
                statussen=[ZaakStatusRij(
                    omschrijving=statussen[0] if statussen else "Ontvangen", gezet_op=moment,
                    toelichting=a.toelichting or f"Gestart door het KCC{kanaal}.")],
            )
            s.add(rij)
            s.flush()
            s.refresh(rij)
            log.info("Zaak %s gestart (zaaktype %s)", rij.identificatie, zt.code)
            return self._zaak(rij)
        return await self._db(werk, eerder)

    def _zaak(self, r: ZaakRij) -> Zaak:
        return Zaak(
            identificatie=r.identificatie, omschrijving=r.omschrijving,
            zaaktype=_zaaktype(r.zaaktype),
            klant=KlantRef(KlantSoort(r.klant_soort), r.klant_nummer),
            startdatum=r.startdatum,
            statussen=tuple(Status(st.omschrijving, st.gezet_op, st.toelichting)
                            for st in r.statussen),
            behandelaar=r.behandelaar, geplande_einddatum=r.geplande_einddatum,
            resultaat=r.resultaat, bron=self.bron, uiterlijke_einddatum=r.uiterlijke_einddatum,
        )

    # -- KlantcontactRegister ------------------------------------------------------------

    async def contactmomenten(self, klant: KlantRef) -> list[Contactmoment]:
        def werk(s: Session) -> list[Contactmoment]:
            q = (select(ContactmomentRij)
                 .where(ContactmomentRij.klant_soort == klant.soort.value,
                        ContactmomentRij.klant_nummer == klant.nummer)
                 .order_by(ContactmomentRij.begin.desc()))
            return [self._contact(r) for r in s.scalars(q)]
        return await self._db(werk)

    async def registreer(self, contactmoment: Contactmoment) -> Contactmoment:
        c = contactmoment

        def eerder(s: Session) -> Contactmoment | None:  # the same id is the same contact
            rij = s.get(ContactmomentRij, c.id)
            return self._contact(rij) if rij else None

        def werk(s: Session) -> Contactmoment:
            verzoek = None
            if c.verzoek is not None:
                if s.get(OntvangerRij, c.verzoek.ontvanger.code) is None:
                    raise BronFout(f"{self.bron} kent de ontvanger "
                                   f"‘{c.verzoek.ontvanger.naam}’ niet (meer).")
                verzoek = ContactverzoekRij(
                    ontvanger_code=c.verzoek.ontvanger.code, handeling=c.verzoek.handeling,
                    toelichting=c.verzoek.toelichting,
                    terugbelnummer=c.verzoek.terugbelnummer)
            rij = ContactmomentRij(
                id=c.id, klant_soort=c.klant.soort.value if c.klant else None,
                klant_nummer=c.klant.nummer if c.klant else None, verzoek=verzoek,
                telefoonnummer=c.telefoonnummer,
                kanaal=c.kanaal.value, onderwerp=c.onderwerp, vraag=c.vraag, antwoord=c.antwoord,
                afhandeling=c.afhandeling.value, medewerker=c.medewerker, begin=c.begin,
                einde=c.einde,
                zaken=[ContactmomentZaakRij(zaak_identificatie=z) for z in dict.fromkeys(c.zaken)],
                antwoorden=[ContactmomentAntwoordRij(
                    volgorde=i, checklist=a.checklist, vraag_id=a.vraag_id, vraag=a.vraag,
                    antwoord=a.antwoord, niet_gevraagd=a.niet_gevraagd)
                    for i, a in enumerate(c.checklist)],
                kennisartikelen=[ContactmomentKennisartikelRij(artikel_id=k)
                                 for k in dict.fromkeys(c.kennisartikelen)],
            )
            s.add(rij)
            s.flush()
            return self._contact(rij)
        return await self._db(werk, eerder)

    async def ontvangers(self) -> list[Ontvanger]:
        def werk(s: Session) -> list[Ontvanger]:
            return [_ontvanger(r, self.bron)
                    for r in s.scalars(select(OntvangerRij).order_by(OntvangerRij.naam))]
        return await self._db(werk)

    def _contact(self, r: ContactmomentRij) -> Contactmoment:
        v = r.verzoek
        return Contactmoment(
            id=r.id, klant=(KlantRef(KlantSoort(r.klant_soort), r.klant_nummer)
                            if r.klant_soort and r.klant_nummer else None),
            verzoek=Contactverzoek(_ontvanger(v.ontvanger, self.bron), v.handeling,
                                   v.toelichting, v.terugbelnummer) if v else None,
            telefoonnummer=r.telefoonnummer,
            kanaal=Kanaal(r.kanaal), onderwerp=r.onderwerp, vraag=r.vraag, antwoord=r.antwoord,
            afhandeling=Afhandeling(r.afhandeling), medewerker=r.medewerker, begin=r.begin,
            einde=r.einde, zaken=tuple(z.zaak_identificatie for z in r.zaken),
            checklist=tuple(ChecklistAntwoord(a.checklist, a.vraag_id, a.vraag, a.antwoord,
                                              a.niet_gevraagd) for a in r.antwoorden),
            kennisartikelen=tuple(k.artikel_id for k in r.kennisartikelen), bron=self.bron,
        )

    # -- WachtrijBron -------------------------------------------------------------------------

    async def meld(self, gebeurtenis: Wachtrijgebeurtenis) -> None:
        """Record what a workstation reports, in one transaction with the event's id: a
        re-send of that id, from this or any other workstation, changes nothing. The moment
        is put on the database's clock with ``op_bronklok`` (received at ``_bronklok``).

        Per soort:

        - AGENTSTATUS: a new state row of the agent (``kanaal`` included); the newest counts.
        - GESPREK_AANGEBODEN: the call entered queue ``wachtrij``. Offered again (reported
          with another id): the earliest moment stays, and the first queue named.
        - GESPREK_AANGENOMEN: the call was answered by ``medewerker`` (the earliest answer
          counts); an abandon reported before is cleared: a call answered anywhere (it rang
          at several desks) is answered.
        - GESPREK_OPGEHANGEN: the caller hung up while waiting, unless the call was answered
          (the earliest abandon counts).
        - TICKET_GEHOLPEN / TICKET_NIET_VERSCHENEN: the ticket is marked (the first report
          counts). A ticket this source never issued is ignored; its event id is kept.
        - CONTACT_GEREGISTREERD: counted for FCR and volume (channel, afhandeling, agent;
          nothing of the customer).

        The events of one call may arrive in any order (each workstation has its own
        outbox): an answer or abandon whose offer has not arrived yet is stored, and the
        call is counted by ``feiten`` once its offer is there. An answer or abandon that
        lands before the offer (clocks) is read as at the offer.
        """
        g = gebeurtenis
        if g.tijd.tzinfo is None or (g.verzonden is not None and g.verzonden.tzinfo is None):
            raise BronFout("Een wachtrijgebeurtenis zonder tijdzone kan niet worden "
                           "vastgelegd.")

        def werk(s: Session) -> str | None:
            ontvangen = _bronklok(s)
            if not _voeg_in(s, WachtrijGebeurtenisRij, id=g.id, soort=g.soort.value,
                            ontvangen=ontvangen):
                return None  # seen before: a re-send
            wat = _verwerk(s, g, op_bronklok(g, ontvangen))
            if wat:
                self._meld_wijziging(s, wat)
            return wat

        if wat := await self._db(werk):
            self._wijzig_lokaal(wat)

    async def feiten(self, sinds: datetime) -> Wachtrijfeiten:
        """Calls offered, tickets issued, contacts counted and agent states reported at or
        after ``sinds``; of each agent only the newest state (an agent who reported nothing
        since ``sinds`` is not in it). ``moment`` is the database's clock.

        While this instance LISTENs (PostgreSQL), a part no notice named since it was read
        is not read again: an agent's state change reads the agents only."""
        te_lezen = {d for d in _DELEN if self._luistert == 0 or d in self._vuil
                    or self._delen.get(d, (None,))[0] != sinds}
        self._vuil -= te_lezen  # a notice from now on marks it again

        def werk(s: Session) -> tuple[datetime, dict[str, tuple[Any, ...]]]:
            gelezen = {d: _LEZERS[d](s, sinds) for d in te_lezen}
            return _bronklok(s), gelezen  # after the reads: every time read was before it

        try:
            moment, gelezen = await self._db(werk)
        except BaseException:
            self._vuil |= te_lezen
            raise
        delen = {d: w for d, (_s, w) in self._delen.items()} | gelezen
        if self._luistert:
            self._delen.update((d, (sinds, w)) for d, w in gelezen.items())
        return Wachtrijfeiten(moment, delen["gesprekken"], delen["tickets"],
                              delen["agenten"], delen["contacten"])

    async def geef_ticket(self, id: str, klant: KlantRef | None = None,
                          afspraak: datetime | None = None) -> Ticket:
        """Issue a ticket at the database's now: "A001"… with an appointment, "Z001"…
        without, each letter counting from 1 every day. The day is the date in
        Europe/Amsterdam of the database's now (a counter's day, also just after midnight
        UTC). On PostgreSQL an advisory lock gives one number at a time, so two
        workstations never give the same number. The same ``id`` again returns the ticket
        issued the first time (as it is now)."""
        if afspraak is not None and afspraak.tzinfo is None:
            raise BronFout("Een afspraaktijd zonder tijdzone kan niet op een ticket.")
        nieuw = False

        def eerder(s: Session) -> Ticket | None:
            rij = s.get(TicketRij, id)
            return _ticket(rij) if rij else None

        def werk(s: Session) -> Ticket:
            nonlocal nieuw
            if self._postgres:
                s.execute(text("SELECT pg_advisory_xact_lock(:slot)"), {"slot": TICKET_SLOT})
                if (gevonden := eerder(s)) is not None:  # issued while we waited
                    return gevonden
            moment = _bronklok(s)
            dag = moment.astimezone(TIJDZONE).date()
            letter = "A" if afspraak is not None else "Z"
            rij = TicketRij(
                id=id, nummer=f"{letter}{_hoogste_ticket(s, dag, letter) + 1:03d}", dag=dag,
                uitgegeven=moment, opgeroepen_door="",
                klant_soort=klant.soort.value if klant else None,
                klant_nummer=klant.nummer if klant else None,
                afspraak=afspraak.astimezone(UTC) if afspraak else None)
            s.add(rij)
            s.flush()
            self._meld_wijziging(s, "ticket")
            nieuw = True
            return _ticket(rij)

        ticket = await self._db(werk, eerder)
        if nieuw:
            self._wijzig_lokaal("ticket")
        return ticket

    async def roep_volgende(self, medewerker: Medewerker) -> Ticket | None:
        """Call the next of today's waiting tickets (``volgende`` at the database's now)
        for ``medewerker``. On PostgreSQL an advisory lock lets one counter at a time
        choose, so two counters never get the same ticket. None when nobody waits."""
        def werk(s: Session) -> Ticket | None:
            if self._postgres:
                s.execute(text("SELECT pg_advisory_xact_lock(:slot)"), {"slot": ROEP_SLOT})
            vandaag = _bronklok(s).astimezone(TIJDZONE).date()
            wachtend = {r.id: r for r in s.scalars(select(TicketRij).where(
                TicketRij.dag == vandaag, TicketRij.opgeroepen.is_(None),
                TicketRij.geholpen.is_(None), TicketRij.niet_verschenen.is_(None)))}
            moment = _bronklok(s)  # after the read: every ticket read was issued before it
            keuze = volgende([_ticket(r) for r in wachtend.values()], moment)
            if keuze is None:
                return None
            rij = wachtend[keuze.id]
            rij.opgeroepen, rij.opgeroepen_door = moment, medewerker.gebruikersnaam
            s.flush()
            self._meld_wijziging(s, "ticket")
            return _ticket(rij)

        ticket = await self._db(werk)
        if ticket is not None:
            self._wijzig_lokaal("ticket")
        return ticket

    def _meld_wijziging(self, s: Session, wat: str) -> None:
        """NOTIFY in the writing transaction: listeners hear of it only once it committed."""
        if self._postgres:
            s.execute(text("SELECT pg_notify(:kanaal, :wat)"), {"kanaal": KANAAL, "wat": wat})

    def _wijzig_lokaal(self, wat: str) -> None:
        """On SQLite (one workstation) the listeners are in this process."""
        if not self._postgres:
            for rij in self._luisteraars:
                rij.put_nowait(wat)

    async def wijzigingen(self) -> AsyncIterator[str]:
        """PostgreSQL: LISTEN on its own connection, so every workstation's change arrives
        within moments without polling; a lost connection is made again with backoff and
        jitter. SQLite: the changes this process makes."""
        if not self._postgres:
            rij: asyncio.Queue[str] = asyncio.Queue()
            self._luisteraars.add(rij)
            try:
                while True:
                    yield await rij.get()
            finally:
                self._luisteraars.discard(rij)
        import psycopg  # noqa: PLC0415 - a team database only: a SQLite store starts without it

        pogingen = 0
        conninfo = self._url.set(drivername="postgresql").render_as_string(hide_password=False)
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                        conninfo, autocommit=True, connect_timeout=5) as conn:
                    await conn.execute(f"LISTEN {KANAAL}")
                    self._vuil.update(_DELEN)  # what changed before LISTEN was not heard
                    self._luistert += 1
                    try:
                        if pogingen:
                            log.info("Wachtrijberichten van %s weer ontvangen", self._plek)
                            yield VERBONDEN
                        pogingen = 0
                        async for bericht in conn.notifies():
                            self._vuil.update(_DEEL_VAN.get(bericht.payload, _DELEN))
                            yield bericht.payload
                    finally:
                        self._luistert -= 1
                        self._vuil.update(_DELEN)
            except psycopg.Error as e:
                pogingen += 1
                if pogingen == 1:
                    log.warning("Wachtrijberichten van %s onderbroken: %s", self._plek,
                                type(e).__name__)
                    yield GEEN_VERBINDING
                stap = min(30.0, 0.5 * 2 ** min(pogingen - 1, 10))
                await asyncio.sleep(stap / 2 + random.uniform(0, stap / 2))

    # -- AgendaBron ---------------------------------------------------------------------------

    async def agendas(self) -> list[Agenda]:
        def werk(s: Session) -> list[Agenda]:
            return [self._agenda(r) for r in s.scalars(select(AgendaRij).order_by(AgendaRij.naam))]
        return await self._db(werk)

    async def vrije_tijden(self, agenda: str, van: datetime, tot: datetime) -> list[Tijdslot]:
        def werk(s: Session) -> list[Tijdslot]:
            rij = s.get(AgendaRij, agenda)
            if rij is None:
                raise BronFout(f"Agenda {agenda!r} bestaat niet bij {self.bron}.")
            bezet = [(a.begin, a.einde) for a in s.scalars(select(AfspraakRij).where(
                AfspraakRij.agenda_id == agenda, AfspraakRij.einde > van,
                AfspraakRij.begin < tot))]
            return vrije_slots(self._agenda(rij), bezet, van, tot, nu())
        return await self._db(werk)

    async def boek(self, verzoek: Afspraakverzoek) -> Afspraak:
        v = verzoek

        def eerder(s: Session) -> Afspraak | None:  # a re-send of the same booking
            rij = s.get(AfspraakRij, v.id)
            return self._afspraak(rij) if rij else None

        def werk(s: Session) -> Afspraak:
            rij = s.get(AgendaRij, v.agenda)
            if rij is None:
                raise BronFout(f"Agenda {v.agenda!r} bestaat niet bij {self.bron}.")
            if reden := past_in_rooster(self._agenda(rij), v.begin, v.einde, nu()):
                raise BronFout(reden)
            afspraak = AfspraakRij(
                id=v.id, agenda_id=v.agenda, klant_soort=v.klant.soort.value,
                klant_nummer=v.klant.nummer, klantnaam=v.klantnaam, onderwerp=v.onderwerp,
                begin=v.begin, einde=v.einde, notitie=v.notitie, locatie=rij.locatie,
                status=Afspraakstatus.VERWACHT.value, contactmoment=v.contactmoment, versie=1)
            return self._bewaar_nieuw(s, afspraak)
        return await self._db(werk, eerder)

    def _bewaar_nieuw(self, s: Session, rij: AfspraakRij) -> Afspraak:
        if s.scalar(select(AfspraakRij.id).where(AfspraakRij.agenda_id == rij.agenda_id,
                                                 AfspraakRij.einde > rij.begin,
                                                 AfspraakRij.begin < rij.einde)):
            raise SlotBezet()
        s.add(rij)
        try:
            s.flush()
        except IntegrityError:  # another workstation took it between the check and the insert
            raise SlotBezet() from None
        s.refresh(rij)
        return self._afspraak(rij)

    async def verzet(self, afspraak: Afspraak, begin: datetime, einde: datetime) -> Afspraak:
        def werk(s: Session) -> Afspraak:
            rij = self._huidige(s, afspraak)
            if reden := past_in_rooster(self._agenda(rij.agenda), begin, einde, nu()):
                raise BronFout(reden)
            if s.scalar(select(AfspraakRij.id).where(
                    AfspraakRij.agenda_id == rij.agenda_id, AfspraakRij.id != rij.id,
                    AfspraakRij.einde > begin, AfspraakRij.begin < einde)):
                raise SlotBezet()
            rij.begin, rij.einde, rij.versie = begin, einde, rij.versie + 1
            try:
                s.flush()
            except IntegrityError:
                raise SlotBezet() from None
            return self._afspraak(rij)
        return await self._db(werk)

    async def annuleer(self, afspraak: Afspraak) -> None:
        def werk(s: Session) -> None:
            s.delete(self._huidige(s, afspraak))
        await self._db(werk)

    async def zet_status(self, afspraak: Afspraak, status: Afspraakstatus) -> Afspraak:
        def werk(s: Session) -> Afspraak:
            rij = self._huidige(s, afspraak)
            rij.status, rij.versie = status.value, rij.versie + 1
            s.flush()
            return self._afspraak(rij)
        return await self._db(werk)

    def _huidige(self, s: Session, afspraak: Afspraak) -> AfspraakRij:
        """The stored appointment, refused when someone else changed it since it was shown."""
        rij = s.get(AfspraakRij, afspraak.id)
        if rij is None:
            raise BronFout("Deze afspraak bestaat niet meer; vernieuw de agenda.")
        if afspraak.versie and afspraak.versie != str(rij.versie):
            raise BronFout("De afspraak is intussen door een ander gewijzigd; vernieuw en "
                           "probeer opnieuw.")
        return rij

    async def afspraken(self, klant: KlantRef) -> list[Afspraak]:
        vanaf = datetime.combine(nu().date(), time(0), nu().tzinfo)

        def werk(s: Session) -> list[Afspraak]:
            q = (select(AfspraakRij)
                 .where(AfspraakRij.klant_soort == klant.soort.value,
                        AfspraakRij.klant_nummer == klant.nummer, AfspraakRij.einde >= vanaf)
                 .order_by(AfspraakRij.begin))
            return [self._afspraak(r) for r in s.scalars(q)]
        return await self._db(werk)

    async def afspraken_op(self, dag: date, locatie: str = "") -> list[Afspraak]:
        tz = nu().tzinfo
        van = datetime.combine(dag, time(0), tz)
        tot = van + timedelta(days=1)

        def werk(s: Session) -> list[Afspraak]:
            q = select(AfspraakRij).where(AfspraakRij.begin >= van, AfspraakRij.begin < tot)
            if locatie:
                q = q.where(AfspraakRij.locatie == locatie)
            return [self._afspraak(r) for r in s.scalars(q.order_by(AfspraakRij.begin))]
        return await self._db(werk)

    def _agenda(self, r: AgendaRij) -> Agenda:
        return Agenda(id=r.id, naam=r.naam, onderwerpen=tuple(r.onderwerpen.splitlines()),
                      locatie=r.locatie, rooster=rooster_uit_json(r.rooster), bron=self.bron)

    def _afspraak(self, r: AfspraakRij) -> Afspraak:
        return Afspraak(
            id=r.id, agenda=r.agenda_id, agenda_naam=r.agenda.naam,
            klant=KlantRef(KlantSoort(r.klant_soort), r.klant_nummer), klantnaam=r.klantnaam,
            onderwerp=r.onderwerp, begin=r.begin, einde=r.einde, notitie=r.notitie,
            locatie=r.locatie, status=Afspraakstatus(r.status), contactmoment=r.contactmoment,
            versie=str(r.versie), bron=self.bron)

    # -- KennisBron --------------------------------------------------------------------------

    async def artikelen(self) -> list[Kennisartikel]:
        def werk(s: Session) -> list[Kennisartikel]:
            return [
                Kennisartikel(id=r.id, titel=r.titel, onderwerp=r.onderwerp,
                              samenvatting=r.samenvatting, tekst=r.tekst,
                              trefwoorden=tuple(r.trefwoorden.splitlines()),
                              kanaalnotities=_kanaalnotities(r.kanaalnotities),
                              eigenaar=r.eigenaar, laatst_beoordeeld=r.laatst_beoordeeld,
                              bron=self.bron)
                for r in s.scalars(select(KennisartikelRij).order_by(KennisartikelRij.titel))
            ]
        return await self._db(werk)


# -- WachtrijBron ---------------------------------------------------------------------------


def _bronklok(s: Session) -> datetime:
    """The source's clock, aware in UTC: PostgreSQL's ``clock_timestamp()`` (the real time,
    also inside a long transaction), shared by every workstation; on SQLite (one
    workstation) and other databases this process's clock."""
    if s.get_bind().dialect.name == "postgresql":
        moment: datetime = s.execute(text("SELECT clock_timestamp()")).scalar_one()
        return moment.astimezone(UTC)
    return datetime.now(UTC)


def _voeg_in(s: Session, model: type[Base], **waarden: Any) -> bool:
    """Insert a row unless its primary key ``id`` is there (also when another connection
    inserts it at the same moment: PostgreSQL waits for that one); True when inserted."""
    naam = s.get_bind().dialect.name
    if naam == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert  # noqa: PLC0415

        opdracht: Executable = pg_insert(model).values(**waarden).on_conflict_do_nothing(
            index_elements=["id"]).returning(literal_column("id"))
        return s.execute(opdracht).first() is not None
    if naam == "sqlite":
        opdracht = sqlite_insert(model).values(**waarden).on_conflict_do_nothing(
            index_elements=["id"]).returning(literal_column("id"))
        return s.execute(opdracht).first() is not None
    if s.get(model, waarden["id"]) is not None:
        return False
    s.add(model(**waarden))
    s.flush()
    return True


def _wachtrij_van_vandaag(s: Session, moment: datetime) -> bool:
    """Whether a call was offered or a ticket issued today (the day ``moment`` falls in)."""
    begin = begin_van_de_dag(moment)
    return (s.scalar(select(WachtrijGesprekRij.id).where(WachtrijGesprekRij.aangeboden >= begin)
                     .limit(1)) is not None
            or s.scalar(select(TicketRij.id).where(TicketRij.dag == begin.date()).limit(1))
            is not None)


def _verwerk(s: Session, g: Wachtrijgebeurtenis, tijd: datetime) -> str | None:
    """What a new event does (see ``EmbeddedPlugin.meld``), with its moment on the source's
    clock; returns the notice for listeners, None when it changed nothing."""
    match g.soort:
        case Gebeurtenissoort.AGENTSTATUS:
            s.add(AgentstatusRij(medewerker=g.medewerker,  # no name given: the username
                                 naam=g.naam or g.medewerker,
                                 status=(g.status or Agentstatus.BESCHIKBAAR).value,
                                 kanaal=g.kanaal.value if g.kanaal else None, sinds=tijd))
        case (Gebeurtenissoort.GESPREK_AANGEBODEN | Gebeurtenissoort.GESPREK_AANGENOMEN
              | Gebeurtenissoort.GESPREK_OPGEHANGEN):
            _verwerk_gesprek(s, g, tijd)
        case Gebeurtenissoort.TICKET_GEHOLPEN | Gebeurtenissoort.TICKET_NIET_VERSCHENEN:
            rij = s.get(TicketRij, g.ticket, with_for_update=True)
            if rij is None:
                log.info("Wachtrijgebeurtenis over een onbekend ticket genegeerd")
                return None
            if g.soort is Gebeurtenissoort.TICKET_GEHOLPEN:
                rij.geholpen = rij.geholpen or tijd
            else:
                rij.niet_verschenen = rij.niet_verschenen or tijd
            s.flush()
            return "ticket"
        case Gebeurtenissoort.CONTACT_GEREGISTREERD:
            if g.kanaal is None or g.afhandeling is None:  # the event refuses this already
                return None
            s.add(AfgehandeldRij(id=g.id, kanaal=g.kanaal.value,
                                 afhandeling=g.afhandeling.value, tijd=tijd,
                                 medewerker=g.medewerker))
    s.flush()
    return g.soort.value


def _verwerk_gesprek(s: Session, g: Wachtrijgebeurtenis, tijd: datetime) -> None:
    """Merge one call event into the call's row (made when it is the first of the call),
    the row locked against other workstations merging theirs at the same moment."""
    _voeg_in(s, WachtrijGesprekRij, id=g.gesprek, wachtrij=g.wachtrij, medewerker="")
    rij = s.get(WachtrijGesprekRij, g.gesprek, with_for_update=True, populate_existing=True)
    if rij is None:  # pragma: no cover - inserted or found just above
        raise BronFout("Het gesprek kon niet worden vastgelegd.")
    if not rij.wachtrij and g.wachtrij:
        rij.wachtrij = g.wachtrij
    match g.soort:
        case Gebeurtenissoort.GESPREK_AANGEBODEN:
            if rij.aangeboden is None or tijd < rij.aangeboden:
                rij.aangeboden = tijd
        case Gebeurtenissoort.GESPREK_AANGENOMEN:
            if rij.aangenomen is None or tijd < rij.aangenomen:
                rij.aangenomen, rij.medewerker = tijd, g.medewerker
            rij.opgehangen = None  # answered anywhere is answered
        case Gebeurtenissoort.GESPREK_OPGEHANGEN:
            if rij.aangenomen is None and (rij.opgehangen is None or tijd < rij.opgehangen):
                rij.opgehangen = tijd
        case _:  # pragma: no cover - only call events come here
            pass


def _wachtrijgesprek(r: WachtrijGesprekRij, aangeboden: datetime) -> Wachtrijgesprek:
    """A stored call as the domain has it: an end placed before the offer (workstation
    clocks, events that took different paths) is read as at the offer, so it never raises."""
    aangenomen = max(r.aangenomen, aangeboden) if r.aangenomen else None
    opgehangen = (max(r.opgehangen, aangeboden) if r.opgehangen and aangenomen is None
                  else None)
    return Wachtrijgesprek(wachtrij=r.wachtrij, aangeboden=aangeboden, aangenomen=aangenomen,
                           opgehangen=opgehangen, medewerker=r.medewerker, id=r.id)


def _lees_gesprekken(s: Session, sinds: datetime) -> tuple[Wachtrijgesprek, ...]:
    t = WachtrijGesprekRij.__table__.c
    return tuple(_wachtrijgesprek(r, r.aangeboden) for r in s.execute(  # type: ignore[arg-type]
        select(*t).where(t.aangeboden >= sinds).order_by(t.aangeboden, t.id))
        if r.aangeboden is not None)


def _lees_tickets(s: Session, sinds: datetime) -> tuple[Ticket, ...]:
    t = TicketRij.__table__.c
    return tuple(_ticket(r) for r in s.execute(  # type: ignore[arg-type]
        select(*t).where(t.uitgegeven >= sinds).order_by(t.uitgegeven, t.nummer)))


def _lees_contacten(s: Session, sinds: datetime) -> tuple[Afgehandeld, ...]:
    t = AfgehandeldRij.__table__.c
    return tuple(a for r in s.execute(select(*t).where(t.tijd >= sinds).order_by(t.tijd, t.id))
                 if (a := _afgehandeld(r)) is not None)  # type: ignore[arg-type]


def _lees_agenten(s: Session, sinds: datetime) -> tuple[Agentstand, ...]:
    """Each agent's newest state: the one that arrived last (a workstation's outbox sends
    in the order the agent acted, while the clock correction of two states a moment apart
    can swap their times), of the states this version knows. The database picks them."""
    t = AgentstatusRij.__table__.c
    laatste = (select(func.max(t.id)).where(t.sinds >= sinds, t.status.in_(_STATUSSEN))
               .group_by(t.medewerker))
    standen = (_agentstand(r) for r in s.execute(  # type: ignore[arg-type]
        select(*t).where(t.id.in_(laatste)).order_by(t.medewerker)))
    return tuple(a for a in standen if a is not None)


_LEZERS: dict[str, Callable[[Session, datetime], tuple[Any, ...]]] = {
    "gesprekken": _lees_gesprekken, "tickets": _lees_tickets,
    "contacten": _lees_contacten, "agenten": _lees_agenten}
_DELEN = frozenset(_LEZERS)
"""The parts of the queue facts, each read on its own."""
_DEEL_VAN: dict[str, frozenset[str]] = {
    Gebeurtenissoort.AGENTSTATUS.value: frozenset({"agenten"}),
    Gebeurtenissoort.GESPREK_AANGEBODEN.value: frozenset({"gesprekken"}),
    Gebeurtenissoort.GESPREK_AANGENOMEN.value: frozenset({"gesprekken"}),
    Gebeurtenissoort.GESPREK_OPGEHANGEN.value: frozenset({"gesprekken"}),
    Gebeurtenissoort.CONTACT_GEREGISTREERD.value: frozenset({"contacten"}),
    "ticket": frozenset({"tickets"}),
}
"""The part a notice says changed; any other notice changes every part."""
_STATUSSEN = tuple(s.value for s in Agentstatus)


def _ticket(r: TicketRij) -> Ticket:
    klant = (KlantRef(KlantSoort(r.klant_soort), r.klant_nummer)
             if r.klant_soort and r.klant_nummer else None)
    return Ticket(nummer=r.nummer, uitgegeven=r.uitgegeven, opgeroepen=r.opgeroepen,
                  geholpen=r.geholpen, niet_verschenen=r.niet_verschenen is not None,
                  klant=klant, afspraak=r.afspraak, id=r.id, opgeroepen_door=r.opgeroepen_door)


def _hoogste_ticket(s: Session, dag: date, letter: str) -> int:
    """The highest number of ``letter`` given on ``dag`` (0 when none)."""
    nummers = s.scalars(select(TicketRij.nummer).where(TicketRij.dag == dag,
                                                       TicketRij.nummer.startswith(letter)))
    return max((int(n[1:]) for n in nummers if n[1:].isdigit()), default=0)


def _agentstand(r: AgentstatusRij) -> Agentstand | None:
    """None for a state this version does not know (written by a newer werkplek)."""
    try:
        status = Agentstatus(r.status)
    except ValueError:
        return None
    kanaal = Kanaal(r.kanaal) if r.kanaal in _KANALEN else None
    return Agentstand(medewerker=r.medewerker, naam=r.naam, status=status, sinds=r.sinds,
                      kanaal=kanaal)


def _afgehandeld(r: AfgehandeldRij) -> Afgehandeld | None:
    """None for a channel or afhandeling this version does not know."""
    try:
        return Afgehandeld(Kanaal(r.kanaal), Afhandeling(r.afhandeling), r.tijd, r.medewerker)
    except ValueError:
        return None


_KANALEN = frozenset(k.value for k in Kanaal)


def _ontvanger(r: OntvangerRij, bron: str) -> Ontvanger:
    return Ontvanger(OntvangerSoort(r.soort), r.code, r.naam, r.telefoon, bron)


def rooster_uit_json(tekst: str) -> Rooster:
    d = json.loads(tekst)

    def tijd(t: str) -> time:
        return time.fromisoformat(t)

    return Rooster(
        werkdagen=tuple(d.get("werkdagen", (0, 1, 2, 3, 4))), begin=tijd(d.get("begin", "09:00")),
        einde=tijd(d.get("einde", "17:00")),
        pauzes=tuple((tijd(a), tijd(b)) for a, b in d.get("pauzes", [])),
        slotduur_minuten=int(d.get("slotduur_minuten", 30)),
        voorlooptijd_uren=int(d.get("voorlooptijd_uren", 2)))


def _prive_sqlite(pad: Path) -> None:
    """The database file (personal data) only for its owner: folders made 0700, the file
    made 0600 before SQLite opens it, so its -wal and -shm files get that mode too."""
    pad.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not pad.exists():
        os.close(os.open(pad, os.O_WRONLY | os.O_CREAT, 0o600))
    elif os.name == "posix" and pad.stat().st_mode & 0o077:
        pad.chmod(0o600)  # made by an older version


def _zaaktype(r: ZaaktypeRij) -> Zaaktype:
    return Zaaktype(r.code, r.omschrijving, r.doorlooptijd_dagen, tuple(r.statussen.splitlines()))


def _volgend_zaaknummer(s: Session, jaar: int) -> str:
    """ZAAK-<jaar>-<volgnummer>: one higher than the highest of that year."""
    prefix = f"ZAAK-{jaar}-"
    nummers = s.scalars(select(ZaakRij.identificatie).where(
        ZaakRij.identificatie.startswith(prefix)))
    hoogste = max((int(m[1]) for n in nummers if (m := re.fullmatch(r"ZAAK-\d{4}-(\d+)", n))),
                  default=0)
    return f"{prefix}{hoogste + 1:04d}"


def _kanaalnotities(tekst: str) -> tuple[tuple[Kanaal, str], ...]:
    try:
        data = json.loads(tekst or "{}")
    except ValueError:
        log.warning("Kanaalnotities van een kennisartikel zijn onleesbaar; overgeslagen")
        return ()
    uit = []
    for k in Kanaal:
        if isinstance(data.get(k.value), str) and data[k.value].strip():
            uit.append((k, data[k.value].strip()))
    return tuple(uit)


def _maak_engine(url: URL) -> Engine:
    """SQLite with foreign keys and WAL; a server database with a ping before each use, so
    connections a restarted server dropped are replaced instead of failing a call."""
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    args: dict[str, Any] = {}
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        args["connect_timeout"] = VERBINDEN_BINNEN
    return create_engine(url, pool_pre_ping=True, connect_args=args)


def _sqlite_pragmas(dbapi_conn: Any, _record: object) -> None:
    dbapi_conn.execute("PRAGMA foreign_keys = ON")
    dbapi_conn.execute("PRAGMA journal_mode = WAL")


def _plek(url: URL) -> str:
    """Where the database is, for messages and log lines: host:port/name, no user, no password."""
    if url.get_backend_name() == "sqlite":
        return Path(url.database or ":memory:").name
    poort = f":{url.port}" if url.port else ""
    return f"{url.host or 'localhost'}{poort}/{url.database or ''}"


def _schema_versie(conn: Connection) -> str | None:
    if not inspect(conn).has_table(VERSIETABEL):
        return None
    versie = conn.execute(text(f"SELECT version_num FROM {VERSIETABEL}")).scalar()
    return str(versie) if versie is not None else None


def _migreer(conn: Connection) -> None:
    """Alembic to head in the caller's transaction; imported only when a migration is due,
    it is slow to load."""
    from alembic import command  # noqa: PLC0415
    from alembic.config import Config  # noqa: PLC0415

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIES))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def _nummers_met_adres(s: Session, soort: str, vraag: Zoekvraag) -> list[str]:
    adressoort = "telefoon" if vraag.soort is Zoeksoort.TELEFOON else "email"
    q = select(DigitaalAdresRij.klant_nummer).where(
        DigitaalAdresRij.klant_soort == soort, DigitaalAdresRij.soort == adressoort,
        DigitaalAdresRij.waarde == vraag.waarde)
    return list(s.scalars(q))


def _adressen(s: Session, soort: str, nummer: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    rijen = s.scalars(select(DigitaalAdresRij).where(
        DigitaalAdresRij.klant_soort == soort, DigitaalAdresRij.klant_nummer == nummer
    ).order_by(DigitaalAdresRij.id)).all()
    return (tuple(r.waarde for r in rijen if r.soort == "telefoon"),
            tuple(r.waarde for r in rijen if r.soort == "email"))


def _postcode(p: str) -> str:
    return f"{p[:4]} {p[4:]}" if len(p) == 6 else p
