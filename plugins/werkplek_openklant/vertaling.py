"""Between werkplek's domain types and the JSON of the Klantinteracties API.

Pure functions, no HTTP: what a klantcontact, onderwerpobject or actor looks like in the
API, and how one becomes a Contactmoment or an Ontvanger again. A document that lacks what
the API promises raises ``Onleesbaar`` (a BronFout), never a KeyError.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from werkplek_rest import Json, Onleesbaar

from werkplek.domain.invoer import OngeldigeInvoer, telefoonnummer
from werkplek.domain.model import (
    TIJDZONE,
    Afhandeling,
    Contactmoment,
    Contactverzoek,
    Kanaal,
    Klantnaam,
    KlantRef,
    KlantSoort,
    Ontvanger,
    OntvangerSoort,
)
from werkplek_openklant.instellingen import Instellingen

WERKPLEK = "werkplek"
"""``codeRegister`` of what only werkplek writes: the contact's id, kennisartikelen."""

Identificator = tuple[str, str, str, str]
"""(codeObjecttype, codeRegister, codeSoortObjectId, objectId) of an onderwerpobject or
actor: how the API names a thing in another register."""

CONTACTMOMENT = ("werkplek-contactmoment", WERKPLEK, "id")
"""The onderwerpobject that carries werkplek's own id of the contact (idempotency)."""
KENNISARTIKEL = ("kennisartikel", WERKPLEK, "id")
ZAAK_OBJECTTYPE = "zaak"
ZAAK_SOORT_ID = "identificatie"
_ZAAK_OBJECTTYPEN = {"zaak", "zgw-zaak"}
"""Object types read as a zaak; "zgw-Zaak" is what KISS writes (with a zaak's uuid)."""
MEDEWERKER_OBJECTTYPE = "mdw"
_GROEP_OBJECTTYPEN = {"grp", "groep"}
"""``codeObjecttype`` of an organisatorische eenheid that is a groep, not an afdeling
(KISS's convention: "afd" for afdelingen, "grp" for groepen)."""

META_AFHANDELING = "werkplekAfhandeling"
META_EINDE = "werkplekEinde"
"""Klantcontact metadata keys: the API has no end time and no afhandeling of its own. Open
Klant returns the keys of free-form JSON camelCased, so they are written that way; contacts
written earlier with ``werkplek_afhandeling`` / ``werkplek_einde`` read back the same."""

TERUGBELNUMMER = "werkplek-terugbelnummer"
BELLER = "werkplek-beller"
"""``referentie`` of the digitale adressen werkplek gives the klant's betrokkene: the number
to call back (a contactverzoek's) and the number the caller called from."""
_OMSCHRIJVING = {TERUGBELNUMMER: "Terugbelnummer", BELLER: "Gebeld vanaf"}
_TELEFOON_API = re.compile(r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$")
"""The pattern Open Klant checks a digitaal adres of soort telefoonnummer against."""

_KANAAL_SYNONIEMEN: dict[str, Kanaal] = {
    "balie": Kanaal.BALIE, "loket": Kanaal.BALIE, "fysiek": Kanaal.BALIE,
    "bezoek": Kanaal.BALIE, "stadswinkel": Kanaal.BALIE,
    "telefoon": Kanaal.TELEFOON, "telefonisch": Kanaal.TELEFOON, "tel": Kanaal.TELEFOON,
    "e-mail": Kanaal.EMAIL, "email": Kanaal.EMAIL, "mail": Kanaal.EMAIL,
    "internet": Kanaal.INTERNET, "website": Kanaal.INTERNET, "web": Kanaal.INTERNET,
    "webformulier": Kanaal.INTERNET, "contactformulier": Kanaal.INTERNET,
    "formulier": Kanaal.INTERNET, "digitaal": Kanaal.INTERNET,
    "post": Kanaal.POST, "brief": Kanaal.POST,
    "chat": Kanaal.CHAT, "webchat": Kanaal.CHAT, "whatsapp": Kanaal.CHAT,
}
ONBEKEND_KANAAL = Kanaal.INTERNET
"""Where a channel werkplek does not know (say "social media") is shown: Contactmoment has
no "other" channel, and leaving the contact out would hide it from the history."""


# -- identificators -----------------------------------------------------------------------


def partij_identificator(klant: KlantRef) -> dict[str, str]:
    """The partijIdentificator of a person (BSN in the BRP) or a company (KvK number)."""
    if klant.soort is KlantSoort.PERSOON:
        return {"codeObjecttype": "natuurlijk_persoon", "codeRegister": "brp",
                "codeSoortObjectId": "bsn", "objectId": klant.nummer}
    return {"codeObjecttype": "niet_natuurlijk_persoon", "codeRegister": "hr",
            "codeSoortObjectId": "kvk_nummer", "objectId": klant.nummer}


def partij_filter(klant: KlantRef) -> dict[str, str]:
    """The query of ``GET /partijen`` that finds a customer's partij."""
    return {f"partijIdentificator__{k}": v for k, v in partij_identificator(klant).items()}


def is_partij_van(partij: Json, klant: KlantRef) -> bool:
    """Whether a partij the API returned carries exactly this customer's identificator."""
    gezocht = partij_identificator(klant)
    for pi in _lijst(partij, "partijIdentificatoren"):
        groep = pi.get("partijIdentificator") if isinstance(pi, dict) else None
        if isinstance(groep, dict) and all(groep.get(k) == gezocht[k] for k in (
                "codeObjecttype", "codeSoortObjectId", "objectId")):
            return True
    return False


def nieuwe_partij(klant: KlantRef, naam: Klantnaam | None) -> dict[str, Any]:
    """A partij with its identificator and, when known, the name every other client of Open
    Klant shows: a persoon's contactnaam, an organisatie's naam. A name part longer than the
    API takes is left out (the partij is still made), never shortened."""
    naam = naam or Klantnaam()
    if klant.soort is KlantSoort.PERSOON:
        delen = (("voornaam", naam.voornamen, 200), ("voorvoegselAchternaam", naam.voorvoegsel,
                                                     10), ("achternaam", naam.geslachtsnaam, 200))
        contactnaam = {k: w.strip() for k, w, maximum in delen if 0 < len(w.strip()) <= maximum}
        identificatie: dict[str, Any] = {"contactnaam": contactnaam} if contactnaam else {}
    else:
        identificatie = {"naam": naam.naam.strip() if len(naam.naam.strip()) <= 200 else ""}
    return {
        "soortPartij": "persoon" if klant.soort is KlantSoort.PERSOON else "organisatie",
        "indicatieActief": True,
        "partijIdentificatoren": [{"partijIdentificator": partij_identificator(klant)}],
        "partijIdentificatie": identificatie,
    }


def partij_sleutel(klant: KlantRef) -> str:
    """The key under which the partij uuid of a customer is kept in the plugin's store."""
    return f"partij/{klant.soort.value}/{klant.nummer}"


def als_dict(identificator: Identificator) -> dict[str, str]:
    codeobjecttype, register, soort, object_id = identificator
    return {"codeObjecttype": codeobjecttype, "codeRegister": register,
            "codeSoortObjectId": soort, "objectId": object_id}


def identificator(groep: object) -> Identificator | None:
    """An actor- or onderwerpobjectidentificator as a tuple; None when absent."""
    if not isinstance(groep, dict):
        return None
    delen = tuple(groep.get(k) for k in ("codeObjecttype", "codeRegister",
                                         "codeSoortObjectId", "objectId"))
    if not all(isinstance(d, str) for d in delen):
        return None
    return (str(delen[0]), str(delen[1]), str(delen[2]), str(delen[3]))


def contact_identificator(contact_id: str) -> Identificator:
    return (*CONTACTMOMENT, contact_id)


def contact_filter(contact_id: str) -> dict[str, str]:
    """The query of ``GET /klantcontacten`` that finds the contact with werkplek's id."""
    veld = "onderwerpobject__onderwerpobjectidentificator"
    objecttype, register, soort, object_id = contact_identificator(contact_id)
    return {f"{veld}CodeObjecttype": objecttype, f"{veld}CodeRegister": register,
            f"{veld}CodeSoortObjectId": soort, f"{veld}ObjectId": object_id}


def medewerker_identificator(gebruikersnaam: str, inst: Instellingen) -> Identificator:
    return (MEDEWERKER_OBJECTTYPE, inst.medewerker_register, inst.medewerker_soort_object_id,
            gebruikersnaam)


def onderwerpen(c: Contactmoment, inst: Instellingen) -> list[Identificator]:
    """The onderwerpobjecten a contact needs besides its id: its zaken and kennisartikelen."""
    zaken = [(ZAAK_OBJECTTYPE, inst.zaak_register, ZAAK_SOORT_ID, z)
             for z in dict.fromkeys(c.zaken)]
    artikelen = [(*KENNISARTIKEL, a) for a in dict.fromkeys(c.kennisartikelen)]
    return zaken + artikelen


# -- writing ------------------------------------------------------------------------------


def kanaal_tekst(kanaal: Kanaal, inst: Instellingen) -> str:
    return inst.kanalen[kanaal]


def klantcontact(c: Contactmoment, inst: Instellingen) -> dict[str, Any]:
    """The klantcontact of a contact: onderwerp, vraag as inhoud, antwoord as reactie."""
    return {
        "kanaal": kanaal_tekst(c.kanaal, inst),
        "onderwerp": c.onderwerp,
        "inhoud": c.vraag,
        "reactie": c.antwoord,
        "indicatieContactGelukt": True,
        "taal": inst.taal,
        "vertrouwelijk": False,
        "plaatsgevondenOp": _iso(c.begin),
        "metadata": {META_AFHANDELING: c.afhandeling.value, META_EINDE: _iso(c.einde)},
    }


def betrokkene(partij: str | None) -> dict[str, Any]:
    """The customer as betrokkene: the partij (or nobody known), rol klant, who began."""
    b: dict[str, Any] = {"rol": "klant", "initiator": True}
    if partij:
        b["wasPartij"] = {"uuid": partij}
    return b


@dataclass(frozen=True, slots=True)
class Nummer:
    referentie: str
    adres: str

    def als_digitaal_adres(self, betrokkene: str) -> dict[str, Any]:
        soort = "telefoonnummer" if _TELEFOON_API.match(self.adres) else "overig"
        # verstrektDoorPartij: Open Klant requires the key (a unique-together validator);
        # null, because the number belongs to this contact, not to the partij for good
        return {"verstrektDoorBetrokkene": {"uuid": betrokkene}, "verstrektDoorPartij": None,
                "adres": self.adres, "soortDigitaalAdres": soort,
                "omschrijving": _OMSCHRIJVING[self.referentie], "referentie": self.referentie}


def nummers(c: Contactmoment) -> list[Nummer]:
    """The phone numbers kept with the klant's betrokkene: call-back number and caller's."""
    uit = []
    if c.verzoek is not None and c.verzoek.terugbelnummer:
        uit.append(Nummer(TERUGBELNUMMER, c.verzoek.terugbelnummer))
    if c.telefoonnummer:
        uit.append(Nummer(BELLER, c.telefoonnummer))
    return uit


def internetaak(verzoek: Contactverzoek, klantcontact_uuid: str, actor: str
                ) -> dict[str, Any]:
    return {"gevraagdeHandeling": verzoek.handeling,
            "aanleidinggevendKlantcontact": {"uuid": klantcontact_uuid},
            "toegewezenAanActoren": [{"uuid": actor}],
            "toelichting": verzoek.toelichting,
            "status": "te_verwerken"}


# -- what a stored klantcontact already has -----------------------------------------------


@dataclass(slots=True)
class Stand:
    """What a klantcontact in the API already has, so a re-send adds only what is missing."""

    uuid: str
    actoren: set[Identificator] = field(default_factory=set)
    onderwerpen: set[Identificator] = field(default_factory=set)
    betrokkene: str | None = None
    """The uuid of the klant's betrokkene, if there is one."""
    nummers: set[str] = field(default_factory=set)
    """The referenties of that betrokkene's digitale adressen."""
    internetaken: int = 0


def stand(kc: Json, bron: str) -> Stand:
    """The parts of an expanded klantcontact (expand=``LEES_EXPAND``)."""
    s = Stand(_tekst(kc, "uuid", bron))
    for actor in _lijst(kc, "hadBetrokkenActoren"):
        if (i := identificator(actor.get("actoridentificator"))) is not None:
            s.actoren.add(i)
    uitgebreid = _dict(kc, "_expand")
    for o in _lijst(uitgebreid, "gingOverOnderwerpobjecten"):
        if (i := identificator(o.get("onderwerpobjectidentificator"))) is not None:
            s.onderwerpen.add(i)
    klant = _klant_betrokkene(_lijst(uitgebreid, "hadBetrokkenen"))
    if klant is not None:
        s.betrokkene = _tekst(klant, "uuid", bron)
        s.nummers = {str(a["referentie"]) for a in _adressen(klant)
                     if isinstance(a.get("referentie"), str)}
    s.internetaken = len(uniek(_lijst(uitgebreid, "leiddeTotInterneTaken")))
    return s


VELDNAMEN = {
    "kanaal": "Kanaal", "onderwerp": "Onderwerp", "inhoud": "Vraag", "reactie": "Antwoord",
    "plaatsgevondenOp": "Begin", "metadata": "Afhandeling en einde",
    "adres": "Telefoonnummer", "soortDigitaalAdres": "Soort telefoonnummer",
    "omschrijving": "Omschrijving van het telefoonnummer", "referentie": "Telefoonnummer",
    "verstrektDoorPartij": "Telefoonnummer van de klant",
    "verstrektDoorBetrokkene": "Telefoonnummer van de klant",
    "gevraagdeHandeling": "Gevraagde handeling", "toelichting": "Toelichting",
    "toegewezenAanActoren": "Ontvanger", "toegewezenAanActor": "Ontvanger",
    "aanleidinggevendKlantcontact": "Contact",
    "partijIdentificatorObjectId": "BSN of KvK-nummer",
    "partijIdentificatoren.partijIdentificator.objectId": "BSN of KvK-nummer",
    "partijIdentificatoren": "BSN of KvK-nummer", "partijIdentificatie": "Naam van de klant",
    "contactnaam": "Naam van de klant", "voornaam": "Voornaam", "achternaam": "Achternaam",
    "voorvoegselAchternaam": "Voorvoegsel", "naam": "Naam",
    "wasPartij": "Klant", "betrokkene": "Klant", "hadKlantcontact": "Contact",
    "onderwerpobjectidentificator": "Zaak of kennisartikel",
    "actor": "Medewerker", "actoridentificator": "Medewerker",
    "klantcontact.nonFieldErrors": "Contact",
    **{f"{pad}.uuid": naam for pad, naam in (
        ("wasPartij", "Klant"), ("betrokkene.wasPartij", "Klant"),
        ("toegewezenAanActoren", "Ontvanger"), ("toegewezenAanActor", "Ontvanger"),
        ("actor", "Medewerker"), ("klantcontact", "Contact"), ("hadKlantcontact", "Contact"),
        ("aanleidinggevendKlantcontact", "Contact"),
        ("verstrektDoorBetrokkene", "Telefoonnummer van de klant"))},
}
"""The Dutch name of each field Open Klant may refuse (``invalidParams[].name`` without list
indices, or its last part), so the agent reads which field to correct."""

LEES_EXPAND = ",".join(["gingOverOnderwerpobjecten", "hadBetrokkenen",
                        "hadBetrokkenen.digitaleAdressen", "leiddeTotInterneTaken"])
"""What a klantcontact is read with: everything a Contactmoment (and a re-send) needs."""


# -- reading ------------------------------------------------------------------------------


def lees_kanaal(tekst: str, inst: Instellingen) -> Kanaal | None:
    """The werkplek channel of a klantcontact's kanaal; None when it is not one we know."""
    sleutel = tekst.strip().casefold()
    for kanaal, eigen in inst.kanalen.items():
        if eigen.casefold() == sleutel:
            return kanaal
    return _KANAAL_SYNONIEMEN.get(sleutel)


def actor_uuids(kcs: Iterable[Json]) -> set[str]:
    """The actors the interne taken of these klantcontacten were assigned to."""
    uit: set[str] = set()
    for kc in kcs:
        uitgebreid = _dict(kc, "_expand")
        for taak in _lijst(uitgebreid, "leiddeTotInterneTaken"):
            uit.update(a["uuid"] for a in _toegewezen(taak))
    return uit


def contactmoment(kc: Json, klant: KlantRef, inst: Instellingen,
                  ontvangers: Mapping[str, Ontvanger]) -> Contactmoment:
    """A klantcontact (expanded with ``LEES_EXPAND``) as werkplek's Contactmoment.

    ``id`` is werkplek's own id when werkplek registered it, else the klantcontact's uuid.
    The API has no end time: ``einde`` comes from the metadata werkplek writes, and is
    ``begin`` for a contact registered elsewhere. ``zaken`` are the identificaties of the
    zaak onderwerpobjecten; a zaak linked by uuid only (as KISS does) is left out, because
    werkplek names a zaak by its identificatie.
    """
    if not isinstance(kc, dict):
        raise Onleesbaar(f"{inst.bronnaam} gaf een onleesbaar klantcontact terug.")
    uitgebreid = _dict(kc, "_expand")
    metadata = _dict(kc, "metadata")
    afhandeling = metadata.get(META_AFHANDELING, metadata.get("werkplek_afhandeling"))
    einde_tekst = metadata.get(META_EINDE) or metadata.get("werkplek_einde")
    objecten = [i for o in _lijst(uitgebreid, "gingOverOnderwerpobjecten")
                if (i := identificator(o.get("onderwerpobjectidentificator"))) is not None]
    eigen_id = next((i[3] for i in objecten if i[:3] == CONTACTMOMENT), None)
    begin = _tijd(kc.get("plaatsgevondenOp"), inst)
    einde = _tijd(einde_tekst, inst) if einde_tekst else begin
    taken = uniek(_lijst(uitgebreid, "leiddeTotInterneTaken"))
    klant_betrokkene = _klant_betrokkene(_lijst(uitgebreid, "hadBetrokkenen"))
    nummers_ = {a.get("referentie"): str(a.get("adres", ""))
                for a in _adressen(klant_betrokkene)} if klant_betrokkene else {}
    return Contactmoment(
        id=eigen_id or _tekst(kc, "uuid", inst.bronnaam),
        klant=klant,
        kanaal=lees_kanaal(_tekst(kc, "kanaal", inst.bronnaam), inst) or ONBEKEND_KANAAL,
        onderwerp=_tekst(kc, "onderwerp", inst.bronnaam),
        vraag=str(kc.get("inhoud") or ""),
        antwoord=str(kc.get("reactie") or ""),
        afhandeling=_afhandeling(afhandeling, bool(taken)),
        medewerker=_medewerker(_lijst(kc, "hadBetrokkenActoren"), inst),
        begin=begin,
        einde=max(einde, begin),
        zaken=tuple(i[3] for i in objecten if i[0].casefold() in _ZAAK_OBJECTTYPEN
                    and i[2].casefold() != "uuid"),
        kennisartikelen=tuple(i[3] for i in objecten if i[:3] == KENNISARTIKEL),
        verzoek=_verzoek(taken[0], ontvangers, nummers_.get(TERUGBELNUMMER, ""),
                         inst.bronnaam)
        if taken else None,
        telefoonnummer=nummers_.get(BELLER, ""),
        bron=inst.bronnaam,
    )


def ontvanger(actor: Json, bron: str) -> Ontvanger | None:
    """An actor as someone who can take over a question; None for a geautomatiseerde actor.

    ``code`` is the actor's identificator objectId (its uuid when it has none); an
    organisatorische eenheid is a groep when its codeObjecttype says so, else an afdeling.
    """
    if not isinstance(actor, dict):
        return None
    i = identificator(actor.get("actoridentificator"))
    match actor.get("soortActor"):
        case "medewerker":
            soort = OntvangerSoort.MEDEWERKER
        case "organisatorische_eenheid":
            soort = (OntvangerSoort.GROEP if i is not None
                     and i[0].casefold() in _GROEP_OBJECTTYPEN else OntvangerSoort.AFDELING)
        case _:
            return None
    code = (i[3] if i is not None and i[3] else None) or actor.get("uuid")
    naam = actor.get("naam")
    if not isinstance(code, str) or not isinstance(naam, str):
        return None
    ident = actor.get("actorIdentificatie")
    nummer = ident.get("telefoonnummer") if isinstance(ident, dict) else None
    return Ontvanger(soort, code, naam, _telefoon(nummer) if isinstance(nummer, str) else "",
                     bron)


def onbekende_ontvanger(uuid: str, bron: str) -> Ontvanger:
    return Ontvanger(OntvangerSoort.MEDEWERKER, uuid, "onbekende ontvanger", bron=bron)


def actorsoort(soort: OntvangerSoort) -> str:
    return "medewerker" if soort is OntvangerSoort.MEDEWERKER else "organisatorische_eenheid"


# -- helpers ------------------------------------------------------------------------------


def uniek(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each object once, by its uuid, in the order first seen: Open Klant can list the same
    row several times (one per matching related row)."""
    gezien: set[object] = set()
    uit = []
    for item in items:
        sleutel = item.get("uuid") or id(item)
        if sleutel not in gezien:
            gezien.add(sleutel)
            uit.append(item)
    return uit


def _verzoek(taak: Json, ontvangers: Mapping[str, Ontvanger], terugbelnummer: str,
             bron: str) -> Contactverzoek | None:
    actoren = _toegewezen(taak)
    if not actoren:
        return None
    uuid = actoren[0]["uuid"]
    return Contactverzoek(
        ontvanger=ontvangers.get(uuid) or onbekende_ontvanger(uuid, bron),
        handeling=str(taak.get("gevraagdeHandeling") or ""),
        toelichting=str(taak.get("toelichting") or ""),
        terugbelnummer=terugbelnummer)


def _toegewezen(taak: Json) -> list[dict[str, Any]]:
    actoren = [a for a in _lijst(taak, "toegewezenAanActoren") if isinstance(a.get("uuid"), str)]
    eerste = taak.get("toegewezenAanActor") if isinstance(taak, dict) else None
    if not actoren and isinstance(eerste, dict) and isinstance(eerste.get("uuid"), str):
        actoren = [eerste]
    return actoren


def _klant_betrokkene(betrokkenen: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The customer among a klantcontact's betrokkenen: the initiator in rol klant,
    preferably one that was a partij."""
    klanten = [b for b in betrokkenen if b.get("rol") == "klant"]
    klanten.sort(key=lambda b: (not isinstance(b.get("wasPartij"), dict),
                                not b.get("initiator")))
    return klanten[0] if klanten else None


def _adressen(b: dict[str, Any]) -> list[dict[str, Any]]:
    uitgebreid = _dict(b, "_expand")
    return _lijst(uitgebreid, "digitaleAdressen")


def _medewerker(actoren: list[dict[str, Any]], inst: Instellingen) -> str:
    """The agent of a klantcontact: werkplek's gebruikersnaam for an actor werkplek made,
    else the actor's name."""
    for actor in actoren:
        if actor.get("soortActor") != "medewerker":
            continue
        i = identificator(actor.get("actoridentificator"))
        if i is not None and i[:3] == medewerker_identificator("", inst)[:3] and i[3]:
            return i[3]
        return str(actor.get("naam") or "")
    return ""


def _afhandeling(waarde: object, met_taak: bool) -> Afhandeling:
    try:
        return Afhandeling(str(waarde))
    except ValueError:
        return Afhandeling.TERUGBELVERZOEK if met_taak else Afhandeling.IN_EEN_KEER


def _telefoon(nummer: str) -> str:
    try:
        return telefoonnummer(nummer)
    except OngeldigeInvoer:
        return nummer.strip()


def _tijd(waarde: object, inst: Instellingen) -> datetime:
    """A date-time of the API, aware, in Europe/Amsterdam (no offset means UTC)."""
    try:
        tijd = datetime.fromisoformat(str(waarde))
    except ValueError:
        raise Onleesbaar(f"{inst.bronnaam} gaf een onleesbaar tijdstip terug.") from None
    if tijd.tzinfo is None:
        tijd = tijd.replace(tzinfo=UTC)
    return tijd.astimezone(TIJDZONE)


def _iso(tijd: datetime) -> str:
    if tijd.tzinfo is None:
        tijd = tijd.replace(tzinfo=TIJDZONE)
    return tijd.isoformat()


def _tekst(doc: Json, sleutel: str, bron: str) -> str:
    waarde = doc.get(sleutel) if isinstance(doc, dict) else None
    if not isinstance(waarde, str):
        raise Onleesbaar(f"{bron} gaf een onleesbaar antwoord: {sleutel} ontbreekt.")
    return waarde


def _dict(doc: Json, sleutel: str) -> dict[str, Any]:
    waarde = doc.get(sleutel) if isinstance(doc, dict) else None
    return waarde if isinstance(waarde, dict) else {}


def _lijst(doc: Json, sleutel: str) -> list[dict[str, Any]]:
    waarde = doc.get(sleutel) if isinstance(doc, dict) else None
    return [x for x in waarde if isinstance(x, dict)] if isinstance(waarde, list) else []
