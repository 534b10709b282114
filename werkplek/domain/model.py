"""Frozen domain types shared by every layer and every plugin."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

TIJDZONE = ZoneInfo("Europe/Amsterdam")
"""The time zone of every Dutch municipality; times are shown in it."""


def nu() -> datetime:
    """The current time, aware, in Europe/Amsterdam."""
    return datetime.now(UTC).astimezone(TIJDZONE)


class Kanaal(enum.StrEnum):
    """The channel a contact came in through."""

    BALIE = "balie"
    TELEFOON = "telefoon"
    EMAIL = "e-mail"
    INTERNET = "internet"
    POST = "post"
    CHAT = "chat"

    @property
    def label(self) -> str:
        return _KANAAL_LABELS[self]


_KANAAL_LABELS = {
    Kanaal.BALIE: "Balie",
    Kanaal.TELEFOON: "Telefoon",
    Kanaal.EMAIL: "E-mail",
    Kanaal.INTERNET: "Internet",
    Kanaal.POST: "Post",
    Kanaal.CHAT: "Chat",
}


class Afhandeling(enum.StrEnum):
    """How a contact ended."""

    IN_EEN_KEER = "in_een_keer_afgehandeld"
    DOORVERBONDEN = "doorverbonden"
    TERUGBELVERZOEK = "terugbelverzoek"
    ZAAK_GESTART = "zaak_gestart"
    DOORVERWEZEN = "doorverwezen"

    @property
    def label(self) -> str:
        return _AFHANDELING_LABELS[self]


_AFHANDELING_LABELS = {
    Afhandeling.IN_EEN_KEER: "In één keer afgehandeld",
    Afhandeling.DOORVERBONDEN: "Doorverbonden",
    Afhandeling.TERUGBELVERZOEK: "Terugbelverzoek",
    Afhandeling.ZAAK_GESTART: "Zaak gestart",
    Afhandeling.DOORVERWEZEN: "Doorverwezen naar andere organisatie",
}


class Rol(enum.StrEnum):
    """The role of the agent at this workstation."""

    BALIE = "balie"
    TELEFOON = "telefoon"
    SUPERVISOR = "supervisor"

    @property
    def label(self) -> str:
        return {
            Rol.BALIE: "Baliemedewerker",
            Rol.TELEFOON: "Telefonisch medewerker",
            Rol.SUPERVISOR: "Supervisor",
        }[self]


class KlantSoort(enum.StrEnum):
    PERSOON = "persoon"
    BEDRIJF = "bedrijf"


@dataclass(frozen=True, slots=True)
class KlantRef:
    """Identifies a customer across sources: a person by BSN, a company by KvK number."""

    soort: KlantSoort
    nummer: str

    @classmethod
    def persoon(cls, bsn: str) -> KlantRef:
        return cls(KlantSoort.PERSOON, bsn)

    @classmethod
    def bedrijf(cls, kvk_nummer: str) -> KlantRef:
        return cls(KlantSoort.BEDRIJF, kvk_nummer)

    @property
    def heeft_nummer(self) -> bool:
        """False for a source that knows the customer only by a pseudonym."""
        return self.nummer.isdigit()


@dataclass(frozen=True, slots=True)
class Medewerker:
    """The agent working at this workstation."""

    gebruikersnaam: str
    naam: str
    rol: Rol


@dataclass(frozen=True, slots=True)
class Adres:
    straat: str
    huisnummer: str
    postcode: str
    woonplaats: str

    def regel(self) -> str:
        return f"{self.straat} {self.huisnummer}, {self.postcode} {self.woonplaats}"


@dataclass(frozen=True, slots=True)
class Persoon:
    bsn: str
    voornamen: str
    voorvoegsel: str
    geslachtsnaam: str
    geboortedatum: date
    adres: Adres | None
    telefoonnummers: tuple[str, ...] = ()
    emailadressen: tuple[str, ...] = ()
    geheimhouding: bool = False
    bron: str = ""

    @property
    def ref(self) -> KlantRef:
        return KlantRef.persoon(self.bsn)

    @property
    def naam(self) -> str:
        delen = [self.voornamen, self.voorvoegsel, self.geslachtsnaam]
        return " ".join(d for d in delen if d)


@dataclass(frozen=True, slots=True)
class Bedrijf:
    kvk_nummer: str
    naam: str
    rechtsvorm: str
    adres: Adres | None
    telefoonnummers: tuple[str, ...] = ()
    emailadressen: tuple[str, ...] = ()
    contactpersoon: str = ""
    bron: str = ""

    @property
    def ref(self) -> KlantRef:
        return KlantRef.bedrijf(self.kvk_nummer)


Klant = Persoon | Bedrijf


@dataclass(frozen=True, slots=True)
class Zaaktype:
    code: str
    omschrijving: str
    doorlooptijd_dagen: int
    statussen: tuple[str, ...]
    """The status names in their order, the last one is the end status."""


@dataclass(frozen=True, slots=True)
class Status:
    omschrijving: str
    gezet_op: datetime
    toelichting: str = ""


@dataclass(frozen=True, slots=True)
class Zaak:
    identificatie: str
    omschrijving: str
    zaaktype: Zaaktype
    klant: KlantRef
    startdatum: date
    statussen: tuple[Status, ...]
    """Status history, oldest first."""
    behandelaar: str = ""
    geplande_einddatum: date | None = None
    resultaat: str = ""
    bron: str = ""


@dataclass(frozen=True, slots=True)
class Zaakaanvraag:
    """A request to start a zaak; ``id`` is made by werkplek so a re-send starts it once."""

    id: str
    zaaktype: str
    """The zaaktype code in the source's catalogue."""
    klant: KlantRef
    omschrijving: str
    toelichting: str = ""
    kanaal: Kanaal | None = None


@dataclass(frozen=True, slots=True)
class Kennisartikel:
    id: str
    titel: str
    onderwerp: str
    samenvatting: str
    tekst: str
    trefwoorden: tuple[str, ...] = ()
    kanaalnotities: tuple[tuple[Kanaal, str], ...] = ()
    """What to say or do on each channel, so every channel gives the same answer."""
    eigenaar: str = ""
    laatst_beoordeeld: date | None = None
    bron: str = ""

    def notitie(self, kanaal: Kanaal) -> str:
        return next((t for k, t in self.kanaalnotities if k is kanaal), "")


@dataclass(frozen=True, slots=True)
class ChecklistAntwoord:
    """One answer of a checklist, kept with the contactmoment as it was shown to the agent."""

    checklist: str
    vraag_id: str
    vraag: str
    antwoord: str
    niet_gevraagd: str = ""
    """Why the question was not asked; set only when there is no answer."""

    def regel(self) -> str:
        if self.niet_gevraagd:
            return f"{self.vraag} — niet gevraagd: {self.niet_gevraagd}"
        return f"{self.vraag} — {self.antwoord}"


@dataclass(frozen=True, slots=True)
class Contactmoment:
    """One registered contact with a customer, whatever the channel."""

    id: str
    klant: KlantRef
    kanaal: Kanaal
    onderwerp: str
    vraag: str
    antwoord: str
    afhandeling: Afhandeling
    medewerker: str
    begin: datetime
    einde: datetime
    zaken: tuple[str, ...] = field(default=())
    checklist: tuple[ChecklistAntwoord, ...] = ()
    kennisartikelen: tuple[str, ...] = ()
    """Ids of the kennisartikelen used in the answer."""
    bron: str = ""
