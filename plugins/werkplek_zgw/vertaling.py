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

from stdnum.nl import bsn as elfproef

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
        geplande_einddatum=datum(gegevens.get("einddatumGepland")),
        uiterlijke_einddatum=datum(gegevens.get("uiterlijkeEinddatumAfdoening")),
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
    """The customer a zaak is about, from its rollen: a person by BSN; a company by the
    KvK number Open Zaak 1.30 may keep beside the RSIN (``innNnpId``) or vestigingsnummer.
    A company known only by RSIN or vestigingsnummer gets an empty KvK number."""
    for rol in rollen:
        ident = rol.get("betrokkeneIdentificatie") or {}
        if not isinstance(ident, Mapping):
            continue
        kvk = str(ident["kvkNummer"]) if _cijfers(ident.get("kvkNummer"), 8) else ""
        match rol.get("betrokkeneType"):
            case "natuurlijk_persoon" if _cijfers(ident.get("inpBsn"), 9):
                return KlantRef.persoon(str(ident["inpBsn"]))
            case "niet_natuurlijk_persoon" if kvk or is_rsin(ident.get("innNnpId")):
                return KlantRef.bedrijf(kvk, rsin=tekst(ident, "innNnpId"))
            case "vestiging" if kvk or is_vestigingsnummer(ident.get("vestigingsNummer")):
                return KlantRef.bedrijf(kvk, vestigingsnummer=tekst(ident, "vestigingsNummer"))
    return None


def is_van(rol: Json, klant: KlantRef) -> bool:
    """Does this rol identify ``klant``: a person by BSN, a company by its RSIN, its
    vestigingsnummer or (where Open Zaak 1.30 keeps it) its KvK number?"""
    ident = rol.get("betrokkeneIdentificatie") or {}
    if not isinstance(ident, Mapping):
        return False
    soort = rol.get("betrokkeneType")
    if klant.soort is KlantSoort.PERSOON:
        return soort == "natuurlijk_persoon" and ident.get("inpBsn") == klant.nummer
    if soort not in ("niet_natuurlijk_persoon", "vestiging"):
        return False
    return ((is_rsin(klant.rsin) and ident.get("innNnpId") == klant.rsin)
            or (is_vestigingsnummer(klant.vestigingsnummer)
                and ident.get("vestigingsNummer") == klant.vestigingsnummer)
            or (klant.heeft_nummer and ident.get("kvkNummer") == klant.nummer))


def betrokkene(klant: KlantRef, *, kvk_nummer_in_rol: bool) -> tuple[str, dict[str, str]] | None:
    """betrokkeneType and betrokkeneIdentificatie of the initiator rol for the customer;
    None for a company the Zaken API cannot identify (no RSIN, no vestigingsnummer, and
    the server is not known to keep a KvK number in a rol).

    A rechtspersoon goes by its RSIN (``innNnpId``), a one-man business (no RSIN) as its
    vestiging; the KvK number only where the profile says the server keeps it."""
    if klant.soort is KlantSoort.PERSOON:
        return "natuurlijk_persoon", {"inpBsn": klant.nummer}
    kvk = {"kvkNummer": klant.nummer} if kvk_nummer_in_rol and klant.heeft_nummer else {}
    if is_rsin(klant.rsin):
        return "niet_natuurlijk_persoon", {"innNnpId": klant.rsin, **kvk}
    if is_vestigingsnummer(klant.vestigingsnummer):
        return "vestiging", {"vestigingsNummer": klant.vestigingsnummer, **kvk}
    if kvk:
        return "vestiging", kvk
    return None


NNP_RSIN = "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId"
VESTIGINGSNUMMER = "rol__betrokkeneIdentificatie__vestiging__vestigingsNummer"
NNP_KVK = "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__kvkNummer"
VESTIGING_KVK = "rol__betrokkeneIdentificatie__vestiging__kvkNummer"


def zoekfilters(klant: KlantRef, *, kvk_nummer_in_rol: bool) -> list[dict[str, str]]:
    """The ZaakZoek filters that together find the zaken in which the customer has a rol,
    one request each (the filters of one request must all match): a company by RSIN, by
    vestigingsnummer, and by KvK number only where the server keeps it in a rol."""
    if klant.soort is KlantSoort.PERSOON:
        return [{"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": klant.nummer}]
    filters: list[dict[str, str]] = []
    if is_rsin(klant.rsin):
        filters.append({NNP_RSIN: klant.rsin})
    if is_vestigingsnummer(klant.vestigingsnummer):
        filters.append({VESTIGINGSNUMMER: klant.vestigingsnummer})
    if kvk_nummer_in_rol and klant.heeft_nummer:
        filters += [{NNP_KVK: klant.nummer}, {VESTIGING_KVK: klant.nummer}]
    return filters


def is_rsin(waarde: object) -> bool:
    """Nine digits that pass the elfproef: an RSIN has the same check as a BSN."""
    return (isinstance(waarde, str) and len(waarde) == 9 and waarde.isascii()
            and elfproef.is_valid(waarde))


def is_vestigingsnummer(waarde: object) -> bool:
    """The KvK's vestigingsnummer: twelve digits."""
    return _cijfers(waarde, 12)


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
