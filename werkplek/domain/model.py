"""Frozen domain types shared by every layer and every plugin."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

TIJDZONE = ZoneInfo("Europe/Amsterdam")


def begin_van_de_dag(moment: datetime) -> datetime:
    """Midnight in Europe/Amsterdam of the day ``moment`` falls in (what "today" is)."""
    return datetime.combine(moment.astimezone(TIJDZONE).date(), time(0), TIJDZONE)
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
    """Identifies a customer across sources: a person by BSN, a company by KvK number.

    A company may also carry its RSIN (a rechtspersoon's number in the HR; a one-man
    business has none) and the vestigingsnummer of the branch the contact is about: the
    Zaken API knows a company only by those. They say more about the same customer, so
    equality and hashing go by ``soort`` and ``nummer`` alone.
    """

    soort: KlantSoort
    nummer: str
    rsin: str = field(default="", compare=False)
    vestigingsnummer: str = field(default="", compare=False)

    @classmethod
    def persoon(cls, bsn: str) -> KlantRef:
        return cls(KlantSoort.PERSOON, bsn)

    @classmethod
    def bedrijf(cls, kvk_nummer: str, rsin: str = "", vestigingsnummer: str = "") -> KlantRef:
        return cls(KlantSoort.BEDRIJF, kvk_nummer, rsin, vestigingsnummer)

    @property
    def heeft_nummer(self) -> bool:
        """False for a source that knows the customer only by a pseudonym."""
        return self.nummer.isdigit()


@dataclass(frozen=True, slots=True)
class Klantnaam:
    """A customer's name as a register that meets them for the first time records it: a
    person's voornamen, voorvoegsel and geslachtsnaam, or a company's ``naam``."""

    voornamen: str = ""
    voorvoegsel: str = ""
    geslachtsnaam: str = ""
    naam: str = ""


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

    @property
    def klantnaam(self) -> Klantnaam:
        return Klantnaam(self.voornamen, self.voorvoegsel, self.geslachtsnaam)


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
    rsin: str = ""
    """The RSIN of a rechtspersoon (nine digits, elfproef); empty for a one-man business."""
    vestigingsnummer: str = ""
    """The hoofdvestiging's number (twelve digits), when the source gives it."""

    @property
    def ref(self) -> KlantRef:
        return KlantRef.bedrijf(self.kvk_nummer, self.rsin, self.vestigingsnummer)

    @property
    def klantnaam(self) -> Klantnaam:
        return Klantnaam(naam=self.naam)


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
    """When the organisation plans to be done (einddatumGepland): a plan, not a deadline."""
    resultaat: str = ""
    bron: str = ""
    uiterlijke_einddatum: date | None = None
    """The legal deadline (uiterlijkeEinddatumAfdoening): "De laatste datum waarop volgens
    wet- en regelgeving de zaak afgerond dient te zijn". Without it, the deadline is the
    startdatum plus the zaaktype's doorlooptijd."""


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


class OntvangerSoort(enum.StrEnum):
    """Who in the backoffice can take over a contactverzoek."""

    MEDEWERKER = "medewerker"
    AFDELING = "afdeling"
    GROEP = "groep"

    @property
    def label(self) -> str:
        return {
            OntvangerSoort.MEDEWERKER: "Medewerker",
            OntvangerSoort.AFDELING: "Afdeling",
            OntvangerSoort.GROEP: "Groep",
        }[self]


@dataclass(frozen=True, slots=True)
class Ontvanger:
    """A specialist, afdeling or groep that takes over a question from the KCC."""

    soort: OntvangerSoort
    code: str
    """The ontvanger's identification in the source (an actor's objectId, a group code)."""
    naam: str
    telefoon: str = ""
    """Where a call to this ontvanger is transferred to (E.164 or an extension); empty when
    the ontvanger takes calls back only."""
    bron: str = ""


@dataclass(frozen=True, slots=True)
class Contactverzoek:
    """A question handed over to the backoffice (contactverzoek, terugbelverzoek, overdracht).

    ``toelichting`` carries everything the specialist needs so the citizen never repeats the
    question: the question, the checklist answers and the call's context.
    """

    ontvanger: Ontvanger
    handeling: str
    """What the ontvanger is asked to do, e.g. "Terugbellen" or "Doorverbonden gesprek"."""
    toelichting: str
    terugbelnummer: str = ""
    """The number to call the customer back on (E.164), when known."""


@dataclass(frozen=True, slots=True)
class Veldlimieten:
    """The longest text a contact register accepts per field; werkplek checks it at the field.

    A register maps the fields onto its own API (Klantinteracties: onderwerp 200, inhoud
    1000, reactie 4000, a task's toelichting 1000) and never shortens a text itself.
    """

    onderwerp: int = 10_000
    vraag: int = 10_000
    antwoord: int = 10_000
    toelichting: int = 10_000


@dataclass(frozen=True, slots=True)
class Contactmoment:
    """One registered contact with a customer, whatever the channel.

    ``klant`` is None for a caller who stayed unknown (an anonymous question still counts);
    ``telefoonnummer`` is the caller's number when the contact came in by phone.
    """

    id: str
    klant: KlantRef | None
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
    verzoek: Contactverzoek | None = None
    """The question handed over to the backoffice, with afhandeling doorverbonden or
    terugbelverzoek."""
    telefoonnummer: str = ""
    bron: str = ""
    klantnaam: Klantnaam | None = None
    """The customer's name, for a register that has not met this customer before (Open
    Klant names a new partij with it); None when the workstation did not load the klant."""
