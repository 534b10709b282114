"""The embedded default: klanten, zaken, kennisbank and contacts in werkplek's own schema.

One SQLite file per profile in the user data directory, created and migrated with Alembic.
All database work runs on one worker thread so the GUI's event loop never waits on it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, func, inspect, select, text
from sqlalchemy.orm import Session, sessionmaker

from werkplek.domain.invoer import Zoeksoort, Zoekvraag
from werkplek.domain.model import (
    Adres,
    Afhandeling,
    Bedrijf,
    Contactmoment,
    Kanaal,
    Kennisartikel,
    KlantRef,
    KlantSoort,
    Persoon,
    Status,
    Zaak,
    Zaaktype,
    nu,
)
from werkplek.ports import PLUGIN_API_VERSIE, Capability, Gezondheid, PluginContext
from werkplek_embedded import demo
from werkplek_embedded.models import (
    BedrijfRij,
    ContactmomentRij,
    ContactmomentZaakRij,
    DigitaalAdresRij,
    KennisartikelRij,
    PersoonRij,
    ZaakRij,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

MIGRATIES = Path(__file__).with_name("migrations")
SCHEMA_VERSIE = "e0001"
"""The newest migration; a test keeps it equal to Alembic's head."""
VERSIETABEL = "alembic_version_embedded"
BRON = "Werkplek (ingebouwd)"


def create_plugin(config: Mapping[str, Any], context: PluginContext) -> EmbeddedPlugin:
    """Entry point of group ``werkplek.plugins``."""
    return EmbeddedPlugin(config, context)


class EmbeddedPlugin:
    api_versie = PLUGIN_API_VERSIE
    capabilities = frozenset({
        Capability.PERSONEN, Capability.BEDRIJVEN, Capability.KLANTCONTACTEN,
        Capability.ZAKEN, Capability.KENNIS,
    })

    def __init__(self, config: Mapping[str, Any], context: PluginContext) -> None:
        pad = config.get("database")
        self.pad = Path(pad).expanduser() if pad else context.data_dir / (
            f"embedded-{context.profiel}.db")
        self.bron = str(config.get("bronnaam", BRON))
        self._demo = bool(config.get("demo", False))
        # One worker: SQLite work is serialised and never runs on the GUI thread.
        self._werker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="werkplek-embedded")
        self._engine: Engine | None = None
        self._sessies: sessionmaker[Session] | None = None
        self._klaar: asyncio.Future[None] | None = None

    # -- lifecycle -----------------------------------------------------------------------

    def _open(self) -> None:
        self.pad.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(f"sqlite:///{self.pad}", connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: object) -> None:
            dbapi_conn.execute("PRAGMA foreign_keys = ON")
            dbapi_conn.execute("PRAGMA journal_mode = WAL")

        if _schema_versie(engine) != SCHEMA_VERSIE:
            _migreer(engine)
        self._engine = engine
        self._sessies = sessionmaker(engine, expire_on_commit=False)
        if self._demo:
            with self._sessies() as s, s.begin():
                if s.scalar(select(func.count()).select_from(PersoonRij)) == 0:
                    demo.vul(s, nu())
                    log.info("Demodata geladen in de ingebouwde database")

    async def _db(self, werk: Callable[[Session], T]) -> T:
        loop = asyncio.get_running_loop()
        if self._klaar is None:
            self._klaar = loop.run_in_executor(self._werker, self._open)
        await asyncio.shield(self._klaar)
        assert self._sessies is not None

        def _run() -> T:
            assert self._sessies is not None
            with self._sessies() as s, s.begin():
                return werk(s)

        return await loop.run_in_executor(self._werker, _run)

    async def health(self) -> Gezondheid:
        aantal = await self._db(lambda s: s.scalar(select(func.count()).select_from(PersoonRij)))
        return Gezondheid(True, f"database {self.pad.name}, {aantal} personen")

    async def aclose(self) -> None:
        if self._klaar is not None:
            try:
                await asyncio.shield(self._klaar)
            except Exception:
                log.debug("ingebouwde database was niet geopend")
        if self._engine is not None:
            engine = self._engine
            await asyncio.get_running_loop().run_in_executor(self._werker, engine.dispose)
        self._werker.shutdown(wait=True)

    # -- PersonenBron ----------------------------------------------------------------------

    async def zoek_personen(self, vraag: Zoekvraag) -> list[Persoon]:
        def werk(s: Session) -> list[Persoon]:
            q = select(PersoonRij)
            match vraag.soort:
                case Zoeksoort.BSN:
                    q = q.where(PersoonRij.bsn == vraag.waarde)
                case Zoeksoort.NAAM_GEBOORTEDATUM:
                    naam = vraag.waarde.lower().replace(",", " ")
                    namen = [*naam.split(), " ".join(naam.split())]
                    q = q.where(PersoonRij.geboortedatum == vraag.geboortedatum).where(
                        func.lower(PersoonRij.geslachtsnaam).in_(namen)
                    )
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
            bron=self.bron,
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

    def _zaak(self, r: ZaakRij) -> Zaak:
        zt = r.zaaktype
        return Zaak(
            identificatie=r.identificatie, omschrijving=r.omschrijving,
            zaaktype=Zaaktype(zt.code, zt.omschrijving, zt.doorlooptijd_dagen,
                              tuple(zt.statussen.splitlines())),
            klant=KlantRef(KlantSoort(r.klant_soort), r.klant_nummer),
            startdatum=r.startdatum,
            statussen=tuple(Status(st.omschrijving, st.gezet_op, st.toelichting)
                            for st in r.statussen),
            behandelaar=r.behandelaar, geplande_einddatum=r.geplande_einddatum,
            resultaat=r.resultaat, bron=self.bron,
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

        def werk(s: Session) -> Contactmoment:
            bestaand = s.get(ContactmomentRij, c.id)
            if bestaand is not None:  # the same id twice is the same contact: store it once
                return self._contact(bestaand)
            rij = ContactmomentRij(
                id=c.id, klant_soort=c.klant.soort.value, klant_nummer=c.klant.nummer,
                kanaal=c.kanaal.value, onderwerp=c.onderwerp, vraag=c.vraag, antwoord=c.antwoord,
                afhandeling=c.afhandeling.value, medewerker=c.medewerker, begin=c.begin,
                einde=c.einde,
                zaken=[ContactmomentZaakRij(zaak_identificatie=z) for z in dict.fromkeys(c.zaken)],
            )
            s.add(rij)
            s.flush()
            return self._contact(rij)
        return await self._db(werk)

    def _contact(self, r: ContactmomentRij) -> Contactmoment:
        return Contactmoment(
            id=r.id, klant=KlantRef(KlantSoort(r.klant_soort), r.klant_nummer),
            kanaal=Kanaal(r.kanaal), onderwerp=r.onderwerp, vraag=r.vraag, antwoord=r.antwoord,
            afhandeling=Afhandeling(r.afhandeling), medewerker=r.medewerker, begin=r.begin,
            einde=r.einde, zaken=tuple(z.zaak_identificatie for z in r.zaken), bron=self.bron,
        )

    # -- KennisBron --------------------------------------------------------------------------

    async def artikelen(self) -> list[Kennisartikel]:
        def werk(s: Session) -> list[Kennisartikel]:
            return [
                Kennisartikel(id=r.id, titel=r.titel, onderwerp=r.onderwerp,
                              samenvatting=r.samenvatting, tekst=r.tekst,
                              trefwoorden=tuple(r.trefwoorden.splitlines()), bron=self.bron)
                for r in s.scalars(select(KennisartikelRij).order_by(KennisartikelRij.titel))
            ]
        return await self._db(werk)


def _schema_versie(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSIETABEL):
            return None
        versie = conn.execute(text(f"SELECT version_num FROM {VERSIETABEL}")).scalar()
        return str(versie) if versie is not None else None


def _migreer(engine: Engine) -> None:
    """Alembic to head; imported only when a migration is due, it is slow to load."""
    from alembic import command  # noqa: PLC0415
    from alembic.config import Config  # noqa: PLC0415

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIES))
    with engine.begin() as conn:
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
