"""ZGW resources (JSON as the Zaken and Catalogi APIs return them) to werkplek's domain types.

Pure functions without I/O. A field of the wrong type raises KeyError, TypeError or
ValueError; the plugin turns that into a BronFout of the source (``Onleesbaar``).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from werkplek.domain.model import TIJDZONE, KlantRef, KlantSoort, Status, Zaak, Zaaktype

Json = Mapping[str, Any]

_DUUR = re.compile(
    r"^P(?:(?P<j>\d+)Y)?(?:(?P<m>\d+)M)?(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<u>\d+)H)?(?:(?P<min>\d+)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$")


def dagen(duur: str | None) -> int:
    """An ISO 8601 duration ("P8W", "P1M15D", "P2DT12H") in whole days, rounded up.

    A year counts 365 days and a month 30, as the Catalogi API's own examples do; an
    empty or unreadable duration is 0 (the zaaktype then shows no doorlooptijd)."""
    m = _DUUR.match(duur or "")
    if m is None or duur in ("P", "PT") or (duur or "").endswith("T"):
        return 0
    deel = {k: float((v or "0").replace(",", ".")) for k, v in m.groupdict().items()}
    totaal = (deel["j"] * 365 + deel["m"] * 30 + deel["w"] * 7 + deel["d"]
              + deel["u"] / 24 + deel["min"] / 1440 + deel["s"] / 86400)
    return math.ceil(totaal - 1e-9)


def datum(waarde: object) -> date | None:
    if waarde is None or waarde == "":
        return None
    if not isinstance(waarde, str):
        raise TypeError("datum")
    return date.fromisoformat(waarde[:10])


def tijdstip(waarde: object) -> datetime:
    """An ISO 8601 date-time, aware, in Europe/Amsterdam (a time without offset is UTC)."""
    if not isinstance(waarde, str):
        raise TypeError("tijdstip")
    t = datetime.fromisoformat(waarde)
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return t.astimezone(TIJDZONE)


def tekst(bron: Json, sleutel: str) -> str:
    waarde = bron.get(sleutel)
    if waarde is None:
        return ""
    if not isinstance(waarde, str):
        raise TypeError(sleutel)
    return waarde


# -- catalogue ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ZaaktypeInfo:
    """A zaaktype as werkplek shows it, plus what reading and starting zaken of it needs."""

    url: str
    zaaktype: Zaaktype
    statusnamen: Mapping[str, str] = field(default_factory=dict)
    """Statustype URL -> omschrijving."""
    eerste_status: str | None = None
    """URL of the statustype with the lowest volgnummer, unless it is the end status."""


def zaaktype_info(zaaktype: Json, statustypen: Iterable[Json]) -> ZaaktypeInfo:
    """Map a ZaakType and its StatusTypen; the statussen in volgnummer order."""
    gesorteerd = sorted(statustypen, key=lambda s: _geheel(s, "volgnummer"))
    namen = {str(s["url"]): tekst(s, "omschrijving") for s in gesorteerd}
    eerste = gesorteerd[0] if gesorteerd else None
    eerste_status = (str(eerste["url"]) if eerste is not None
                     and not eerste.get("isEindstatus") and len(gesorteerd) > 1 else None)
    return ZaaktypeInfo(
        url=str(zaaktype["url"]),
        zaaktype=Zaaktype(
            code=tekst(zaaktype, "identificatie"),
            omschrijving=tekst(zaaktype, "omschrijving"),
            doorlooptijd_dagen=dagen(zaaktype.get("doorlooptijd")),
            statussen=tuple(tekst(s, "omschrijving") for s in gesorteerd)),
        statusnamen=namen,
        eerste_status=eerste_status)


def geldige_versie(versies: Iterable[Json], vandaag: date) -> Json | None:
    """Of the versions of one zaaktype, the published one valid today (the newest such)."""
    geldig = [v for v in versies if not v.get("concept")
              and (begin := datum(v.get("beginGeldigheid"))) is not None and begin <= vandaag
              and ((einde := datum(v.get("eindeGeldigheid"))) is None or vandaag <= einde)]
    return max(geldig, key=lambda v: str(v["beginGeldigheid"]), default=None)


# -- zaken -------------------------------------------------------------------------------------


def zaak(bron: str, gegevens: Json, info: ZaaktypeInfo, klant: KlantRef, *,
         statussen: Iterable[Json], behandelaars: Iterable[Json], resultaat: str) -> Zaak:
    """Map a Zaak with its statussen (any order), behandelaar rollen and resultaat."""
    historie = sorted(
        (Status(omschrijving=info.statusnamen.get(str(s["statustype"]), "Onbekende status"),
                gezet_op=tijdstip(s["datumStatusGezet"]),
                toelichting=tekst(s, "statustoelichting"))
         for s in statussen),
        key=lambda s: s.gezet_op)
    start = datum(gegevens["startdatum"])
    if start is None:
        raise ValueError("startdatum")
    return Zaak(
        identificatie=tekst(gegevens, "identificatie"),
        omschrijving=tekst(gegevens, "omschrijving") or info.zaaktype.omschrijving,
        zaaktype=info.zaaktype,
        klant=klant,
        startdatum=start,
        statussen=tuple(historie),
        behandelaar=", ".join(dict.fromkeys(n for r in behandelaars if (n := rolnaam(r)))),
        geplande_einddatum=(datum(gegevens.get("einddatumGepland"))
                            or datum(gegevens.get("uiterlijkeEinddatumAfdoening"))),
        resultaat=resultaat,
        bron=bron)


def rolnaam(rol: Json) -> str:
    """A readable name of whoever plays a rol: the name the betrokkene goes by, else the
    name in its identification, else the rol's own omschrijving."""
    if naam := tekst(rol, "afwijkendeNaamBetrokkene").strip():
        return naam
    ident = rol.get("betrokkeneIdentificatie") or {}
    if not isinstance(ident, Mapping):
        raise TypeError("betrokkeneIdentificatie")
    match rol.get("betrokkeneType"):
        case "medewerker":
            naam = _samen(tekst(ident, "voorletters"), tekst(ident, "voorvoegselAchternaam"),
                          tekst(ident, "achternaam"))
        case "organisatorische_eenheid":
            naam = tekst(ident, "naam")
        case "natuurlijk_persoon":
            naam = _samen(tekst(ident, "voornamen") or tekst(ident, "voorletters"),
                          tekst(ident, "voorvoegselGeslachtsnaam"), tekst(ident, "geslachtsnaam"))
        case "niet_natuurlijk_persoon":
            naam = tekst(ident, "statutaireNaam")
        case "vestiging":
            handelsnamen = ident.get("handelsnaam") or []
            naam = str(handelsnamen[0]) if isinstance(handelsnamen, list) and handelsnamen else ""
        case _:
            naam = ""
    if not naam and rol.get("betrokkeneType") in ("medewerker", "organisatorische_eenheid"):
        naam = tekst(ident, "identificatie")  # a staff id or department code, not personal data
    return naam.strip() or tekst(rol, "omschrijving")


def klant_van(rollen: Iterable[Json]) -> KlantRef | None:
    """The customer a zaak is about, from its rollen: a person by BSN, a company by KvK
    number (``innNnpId`` of a niet-natuurlijk persoon, see the plugin's docstring, or the
    ``kvkNummer`` of a vestiging)."""
    for rol in rollen:
        ident = rol.get("betrokkeneIdentificatie") or {}
        if not isinstance(ident, Mapping):
            continue
        match rol.get("betrokkeneType"):
            case "natuurlijk_persoon" if _cijfers(ident.get("inpBsn"), 9):
                return KlantRef.persoon(str(ident["inpBsn"]))
            case "niet_natuurlijk_persoon" if _cijfers(ident.get("innNnpId"), 8):
                return KlantRef.bedrijf(str(ident["innNnpId"]))
            case "vestiging" if _cijfers(ident.get("kvkNummer"), 8):
                return KlantRef.bedrijf(str(ident["kvkNummer"]))
    return None


def is_van(rol: Json, klant: KlantRef) -> bool:
    """Does this rol identify ``klant``?"""
    return klant_van([rol]) == klant


def betrokkene(klant: KlantRef) -> tuple[str, dict[str, str]]:
    """betrokkeneType and betrokkeneIdentificatie of a rol for the customer."""
    if klant.soort is KlantSoort.PERSOON:
        return "natuurlijk_persoon", {"inpBsn": klant.nummer}
    return "niet_natuurlijk_persoon", {"innNnpId": klant.nummer}


def zoekfilter(klant: KlantRef) -> dict[str, str]:
    """The ZaakZoek filter that finds the zaken in which the customer has a rol."""
    if klant.soort is KlantSoort.PERSOON:
        return {"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": klant.nummer}
    return {"rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId": klant.nummer}


def zaaknummer(voorvoegsel: str, aanvraag_id: str) -> str:
    """The identificatie of the zaak an aanvraag starts, derived from its id alone.

    Five groups of four hex digits of SHA-256 (80 bits), e.g. "KCC-3F9A-2C71-B04E-D8A1-9C3F":
    at most 35 characters (the API takes 40), readable over the phone, and a valid
    zaaknummer for werkplek's search field.
    """
    cijfers = hashlib.sha256(aanvraag_id.encode()).hexdigest()[:20].upper()
    return voorvoegsel + "-" + "-".join(cijfers[i:i + 4] for i in range(0, 20, 4))


def _samen(*delen: str) -> str:
    return " ".join(d.strip() for d in delen if d and d.strip())


def _cijfers(waarde: object, lengte: int) -> bool:
    return isinstance(waarde, str) and len(waarde) == lengte and waarde.isdigit()


def _geheel(bron: Json, sleutel: str) -> int:
    waarde = bron[sleutel]
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        raise TypeError(sleutel)
    return waarde
