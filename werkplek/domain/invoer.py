"""Validation of what an agent types, with Dutch messages for the field it was typed in."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

import phonenumbers
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

MAX_TEKST = 10_000
"""The longest vraag or antwoord a contactmoment accepts."""


class OngeldigeInvoer(ValueError):
    """Input that cannot be used; ``bericht`` is the Dutch message shown at ``veld``."""

    def __init__(self, veld: str, bericht: str) -> None:
        super().__init__(bericht)
        self.veld = veld
        self.bericht = bericht


def bsn(waarde: str, veld: str = "Zoeken") -> str:
    """Return the BSN as nine digits, or raise when it fails the elfproef."""
    cijfers = re.sub(r"[\s.\-]", "", waarde)
    if not cijfers.isdigit() or len(cijfers) != 9:
        raise OngeldigeInvoer(veld, "Een BSN bestaat uit 9 cijfers.")
    try:
        return str(stdnum_bsn.validate(cijfers))
    except ValidationError:
        raise OngeldigeInvoer(
            veld, f"{maskeer_bsn(cijfers)} is geen geldig BSN: de elfproef klopt niet."
        ) from None


def kvk_nummer(waarde: str, veld: str = "Zoeken") -> str:
    """Return a KvK number as its eight digits (it has no check digit)."""
    cijfers = re.sub(r"[\s.\-]", "", waarde)
    if not cijfers.isdigit() or len(cijfers) != 8:
        raise OngeldigeInvoer(veld, "Een KvK-nummer bestaat uit 8 cijfers.")
    if cijfers == "00000000":
        raise OngeldigeInvoer(veld, "00000000 is geen geldig KvK-nummer.")
    return cijfers


def postcode(waarde: str, veld: str = "Zoeken") -> str:
    """Return a Dutch postcode as ``1234AB``."""
    try:
        return str(stdnum_postcode.validate(waarde)).replace(" ", "")
    except ValidationError:
        raise OngeldigeInvoer(
            veld, f"{waarde.strip()!r} is geen geldige postcode (vier cijfers en twee letters)."
        ) from None


def telefoonnummer(waarde: str, veld: str = "Zoeken") -> str:
    """Return a phone number in E.164 form, read as Dutch when it has no country code."""
    try:
        nummer = phonenumbers.parse(waarde, "NL")
    except phonenumbers.NumberParseException:
        nummer = None
    if nummer is None or not phonenumbers.is_valid_number(nummer):
        raise OngeldigeInvoer(veld, f"{waarde.strip()!r} is geen geldig telefoonnummer.")
    return phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.E164)


_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def emailadres(waarde: str, veld: str = "Zoeken") -> str:
    tekst = waarde.strip()
    if not _EMAIL.match(tekst) or ".." in tekst or len(tekst) > 254:
        raise OngeldigeInvoer(veld, f"{tekst!r} is geen geldig e-mailadres.")
    return tekst.lower()


_DATUM_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DATUM_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def datum(waarde: str, veld: str = "Zoeken") -> date:
    """Read a date written as dd-mm-jjjj (or jjjj-mm-dd)."""
    tekst = waarde.strip()
    if m := _DATUM_NL.match(tekst):
        dag, maand, jaar = int(m[1]), int(m[2]), int(m[3])
    elif m := _DATUM_ISO.match(tekst):
        jaar, maand, dag = int(m[1]), int(m[2]), int(m[3])
    else:
        raise OngeldigeInvoer(veld, f"{tekst!r} is geen datum; schrijf dd-mm-jjjj.")
    try:
        return date(jaar, maand, dag)
    except ValueError:
        raise OngeldigeInvoer(veld, f"{tekst!r} is geen bestaande datum.") from None


_ZAAKNUMMER = re.compile(r"^[A-Za-z]{1,10}-[A-Za-z0-9-]{1,30}$")


def zaaknummer(waarde: str, veld: str = "Zoeken") -> str:
    tekst = waarde.strip().upper()
    if not _ZAAKNUMMER.match(tekst) or not any(c.isdigit() for c in tekst):
        raise OngeldigeInvoer(
            veld, f"{waarde.strip()!r} is geen zaaknummer (zoals ZAAK-2026-0001).")
    return tekst


def maskeer_bsn(waarde: str) -> str:
    """Show only the last three digits of a BSN."""
    return "•" * max(len(waarde) - 3, 0) + waarde[-3:]


def maskeer_bsns_in_tekst(tekst: str) -> str:
    """Mask every nine-digit number that passes the elfproef; used on log lines."""
    return _NEGEN_CIJFERS.sub(
        lambda m: "*********" if stdnum_bsn.is_valid(m[0]) else m[0], tekst
    )


_NEGEN_CIJFERS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def tekstveld(waarde: str, veld: str, verplicht: bool = False, maximum: int = MAX_TEKST) -> str:
    """Check a free-text field of a contactmoment; ``maximum`` is the register's limit."""
    if verplicht and not waarde.strip():
        raise OngeldigeInvoer(veld, f"{veld} is verplicht.")
    if len(waarde) > maximum:
        raise OngeldigeInvoer(
            veld,
            f"{veld} is {len(waarde):,} tekens lang; het maximum is {maximum:,}. "
            "Kort de tekst in; er is niets opgeslagen.".replace(",", "."),
        )
    return waarde


class Zoeksoort(enum.StrEnum):
    AUTOMATISCH = "automatisch"
    BSN = "bsn"
    NAAM_GEBOORTEDATUM = "naam_geboortedatum"
    POSTCODE_HUISNUMMER = "postcode_huisnummer"
    TELEFOON = "telefoon"
    EMAIL = "email"
    KVK = "kvk"
    ZAAKNUMMER = "zaaknummer"

    @property
    def label(self) -> str:
        return {
            Zoeksoort.AUTOMATISCH: "Herken automatisch",
            Zoeksoort.BSN: "BSN",
            Zoeksoort.NAAM_GEBOORTEDATUM: "Naam + geboortedatum",
            Zoeksoort.POSTCODE_HUISNUMMER: "Postcode + huisnummer",
            Zoeksoort.TELEFOON: "Telefoonnummer",
            Zoeksoort.EMAIL: "E-mailadres",
            Zoeksoort.KVK: "KvK-nummer",
            Zoeksoort.ZAAKNUMMER: "Zaaknummer",
        }[self]


@dataclass(frozen=True, slots=True)
class Zoekvraag:
    """A validated search: its kind and its normalised values."""

    soort: Zoeksoort
    waarde: str
    geboortedatum: date | None = None
    huisnummer: str = ""


_POSTCODE_HUISNUMMER = re.compile(
    r"^(\d{4}\s?[A-Za-z]{2})[\s,]+(\d{1,5})\s?([A-Za-z]?(?:-?\w{1,4})?)$"
)
_NAAM_DATUM = re.compile(r"^(.+?)[\s,]+(\S+)$")


def herken_soort(tekst: str) -> Zoeksoort:
    """Guess what kind of search a typed text is, as an agent would read it."""
    t = tekst.strip()
    compact = re.sub(r"[\s.\-()]", "", t)
    if "@" in t:
        return Zoeksoort.EMAIL
    if re.match(r"^\d{4}\s?[A-Za-z]{1,2}(?![A-Za-z])", t):  # "1234 A": a postcode half typed
        return Zoeksoort.POSTCODE_HUISNUMMER
    if compact.startswith("+") or (compact.isdigit() and len(compact) >= 10):
        return Zoeksoort.TELEFOON
    if compact.isdigit() and len(compact) == 9:
        return Zoeksoort.BSN
    if compact.isdigit() and len(compact) == 8:
        return Zoeksoort.KVK
    if re.match(r"^[A-Za-z]{1,10}-\S*\d", t):
        return Zoeksoort.ZAAKNUMMER
    if compact.isdigit() and compact.startswith("0"):
        return Zoeksoort.TELEFOON
    if compact.isdigit():
        return Zoeksoort.BSN if len(compact) > 8 else Zoeksoort.KVK
    return Zoeksoort.NAAM_GEBOORTEDATUM


def zoekvraag(tekst: str, soort: Zoeksoort = Zoeksoort.AUTOMATISCH) -> Zoekvraag:
    """Validate a search; raises :class:`OngeldigeInvoer` so no search is sent."""
    veld = "Zoeken"
    if not tekst.strip():
        raise OngeldigeInvoer(veld, "Typ een BSN, naam en geboortedatum, postcode en huisnummer, "
                                    "telefoonnummer, e-mailadres, KvK-nummer of zaaknummer.")
    if len(tekst) > 200:
        raise OngeldigeInvoer(veld, "De zoekvraag is te lang (meer dan 200 tekens).")
    soort = Zoeksoort(soort)
    if soort is Zoeksoort.AUTOMATISCH:
        soort = herken_soort(tekst)
    match soort:
        case Zoeksoort.BSN:
            return Zoekvraag(soort, bsn(tekst, veld))
        case Zoeksoort.KVK:
            return Zoekvraag(soort, kvk_nummer(tekst, veld))
        case Zoeksoort.TELEFOON:
            return Zoekvraag(soort, telefoonnummer(tekst, veld))
        case Zoeksoort.EMAIL:
            return Zoekvraag(soort, emailadres(tekst, veld))
        case Zoeksoort.ZAAKNUMMER:
            return Zoekvraag(soort, zaaknummer(tekst, veld))
        case Zoeksoort.POSTCODE_HUISNUMMER:
            m = _POSTCODE_HUISNUMMER.match(tekst.strip())
            if not m:
                uitleg = "Schrijf postcode en huisnummer als 1234 AB 12."
                if re.fullmatch(r"\d{4}\s?[A-Za-z]{2}", tekst.strip()):
                    raise OngeldigeInvoer(veld, f"Geef ook het huisnummer. {uitleg}")
                if re.match(r"^\d{4}(?!\d)\s?[A-Za-z]?(?![A-Za-z])", tekst.strip()):
                    raise OngeldigeInvoer(veld, "De postcode is onvolledig: een postcode heeft "
                                                f"vier cijfers en twee letters. {uitleg}")
                raise OngeldigeInvoer(veld, uitleg)
            return Zoekvraag(soort, postcode(m[1], veld), huisnummer=(m[2] + m[3]).upper())
        case _:
            m = _NAAM_DATUM.match(tekst.strip())
            if not m or not any(c.isdigit() for c in m[2]):
                raise OngeldigeInvoer(
                    veld,
                    "Zoek op naam altijd met de geboortedatum erbij, zoals: Burger 14-03-1980.",
                )
            naam = m[1].strip()
            if len(naam) < 2 or not any(c.isalpha() for c in naam):
                raise OngeldigeInvoer(veld, "Geef een achternaam van minstens twee letters.")
            return Zoekvraag(Zoeksoort.NAAM_GEBOORTEDATUM, naam, geboortedatum=datum(m[2], veld))
