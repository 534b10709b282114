"""A small ZGW zaaksysteem for the contract tests of werkplek_zgw.

``Zgw`` serves the Zaken API and the Catalogi API on two Contractservers (every request and
every answer is checked against the official specs) and keeps its zaken, statussen, rollen
and catalogue in memory, as a real Open Zaak would: it checks the JWT of every request,
filters the lists, paginates them, refuses a second zaak with the same identificatie and a
rol whose roltype is not of the zaak's zaaktype. The data is fictional (Gemeente Demodam).
"""

from __future__ import annotations

import threading
import uuid
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import jwt

from tests.contract.server import Antwoord, Contractserver, Verzoek, gepagineerd
from werkplek.domain.model import TIJDZONE, KlantRef, KlantSoort

RSIN = "800000006"
"""The (fictional) RSIN of Gemeente Demodam; it passes the elfproef."""
CLIENT_ID = "werkplek-kcc-demodam"
GEHEIM = "demodam-zgw-geheim-voor-de-contracttests-0c9f"
BERT_BSN = "999993653"
JAN_BSN = "999991103"
HAVEN_KVK = "68750110"
PROBLEEM = "application/problem+json"

Json = dict[str, Any]


def probleem(status: int, titel: str, code: str = "fout", **extra: Any) -> Antwoord:
    """An answer in the ZGW problem format (Fout, or ValidatieFout with invalidParams)."""
    return Antwoord(status, {"type": f"https://zaken.demodam.nl/ref/fouten/{code}/",
                             "code": code, "title": titel, "status": status,
                             "detail": titel, "instance": f"urn:uuid:{uuid.uuid4()}", **extra},
                    soort=PROBLEEM)


def ongeldig(*velden: tuple[str, str, str]) -> Antwoord:
    """A 400 ValidatieFout naming (name, code, reason) of each invalid field."""
    return probleem(400, "Invalid input.", "invalid", invalidParams=[
        {"name": n, "code": c, "reason": r} for n, c, r in velden])


@dataclass
class Zaaktypedata:
    zaaktype: Json
    statustypen: list[Json]
    roltypen: list[Json]
    resultaattypen: list[Json] = field(default_factory=list)

    @property
    def url(self) -> str:
        return str(self.zaaktype["url"])


class Zgw:
    """The Zaken API and the Catalogi API of one gemeente, in memory."""

    def __init__(self, zaken: Contractserver, catalogi: Contractserver,
                 per_pagina: int = 100, geheim: str = GEHEIM) -> None:
        self.zaken_server = zaken
        self.catalogi_server = catalogi
        self.per_pagina = per_pagina
        self.geheim = geheim
        self.slot = threading.RLock()
        self.catalogus = f"{catalogi.url}/catalogussen/{uuid.uuid4()}"
        self.typen: dict[str, Zaaktypedata] = {}
        """Zaaktype URL -> the zaaktype with its statustypen, roltypen, resultaattypen."""
        self.zaken: list[Json] = []
        self.statussen: list[Json] = []
        self.rollen: list[Json] = []
        self.resultaten: list[Json] = []
        self.claims: list[Mapping[str, Any]] = []
        """The payload of every JWT received, in order."""
        self._routes()

    # -- catalogue -----------------------------------------------------------------------

    def zaaktype(self, identificatie: str, omschrijving: str, doorlooptijd: str,
                 statussen: Iterable[str], *, begin: str = "2024-01-01",
                 einde: str | None = None, concept: bool = False,
                 catalogus: str | None = None, met_initiator: bool = True,
                 resultaten: Iterable[str] = ("Verleend", "Geweigerd")) -> Zaaktypedata:
        c = self.catalogi_server.url
        url = f"{c}/zaaktypen/{uuid.uuid4()}"
        namen = list(statussen)
        statustypen: list[Json] = [{
            "url": f"{c}/statustypen/{uuid.uuid4()}", "omschrijving": naam,
            "omschrijvingGeneriek": naam, "statustekst": "", "zaaktype": url,
            "catalogus": catalogus or self.catalogus, "zaaktypeIdentificatie": identificatie,
            "volgnummer": nr, "isEindstatus": nr == len(namen), "informeren": False,
            "doorlooptijd": None, "toelichting": None, "checklistitemStatustype": [],
            "eigenschappen": []} for nr, naam in enumerate(namen, start=1)]
        rollen = [("Behandelaar", "behandelaar")]
        if met_initiator:
            rollen.insert(0, ("Aanvrager", "initiator"))
        roltypen = [{"url": f"{c}/roltypen/{uuid.uuid4()}", "zaaktype": url,
                     "zaaktypeIdentificatie": identificatie, "omschrijving": o,
                     "omschrijvingGeneriek": g, "catalogus": catalogus or self.catalogus}
                    for o, g in rollen]
        resultaattypen = [{
            "url": f"{c}/resultaattypen/{uuid.uuid4()}", "zaaktype": url,
            "zaaktypeIdentificatie": identificatie, "omschrijving": o,
            "resultaattypeomschrijving": "https://selectielijst.demodam.nl/api/v1/"
                                         "resultaattypeomschrijvingen/1",
            "omschrijvingGeneriek": o, "selectielijstklasse":
                "https://selectielijst.demodam.nl/api/v1/resultaten/1",
            "toelichting": "", "archiefnominatie": "vernietigen",
            "archiefactietermijn": "P10Y", "catalogus": catalogus or self.catalogus,
            "besluittypen": [], "besluittypeOmschrijving": [], "informatieobjecttypen": [],
            "informatieobjecttypeOmschrijving": []} for o in resultaten]
        zaaktype = {
            "url": url, "identificatie": identificatie, "omschrijving": omschrijving,
            "omschrijvingGeneriek": omschrijving, "vertrouwelijkheidaanduiding": "openbaar",
            "doel": f"{omschrijving} afhandelen.", "aanleiding": "Aanvraag van een inwoner.",
            "toelichting": "", "indicatieInternOfExtern": "extern",
            "handelingInitiator": "aanvragen", "onderwerp": omschrijving[:80],
            "handelingBehandelaar": "behandelen", "doorlooptijd": doorlooptijd,
            "servicenorm": None, "opschortingEnAanhoudingMogelijk": False,
            "verlengingMogelijk": False, "verlengingstermijn": None, "trefwoorden": [],
            "publicatieIndicatie": False, "publicatietekst": "", "verantwoordingsrelatie": [],
            "productenOfDiensten": [], "referentieproces": {"naam": omschrijving[:80]},
            "verantwoordelijke": "Gemeente Demodam", "zaakobjecttypen": [],
            "catalogus": catalogus or self.catalogus,
            "statustypen": [s["url"] for s in statustypen],
            "resultaattypen": [r["url"] for r in resultaattypen],
            "resultaattypeOmschrijving": [r["omschrijving"] for r in resultaattypen],
            "eigenschappen": [], "informatieobjecttypen": [],
            "informatieobjecttypeOmschrijving": [], "roltypen": [r["url"] for r in roltypen],
            "besluittypen": [], "besluittypeOmschrijving": [], "deelzaaktypen": [],
            "deelzaaktypeIdentificaties": [], "gerelateerdeZaaktypen": [],
            "beginGeldigheid": begin, "eindeGeldigheid": einde, "versiedatum": begin,
            "concept": concept}
        data = Zaaktypedata(zaaktype, statustypen, roltypen, resultaattypen)
        self.typen[url] = data
        return data

    # -- zaken ---------------------------------------------------------------------------

    def zaak(self, zt: Zaaktypedata, identificatie: str, *, klant: KlantRef | None,
             startdatum: date, omschrijving: str = "", statussen: Iterable[int] = (1,),
             behandelaar: Json | None = None, resultaat: str | None = None,
             gepland: date | None = None, uiterlijk: date | None = None,
             bronorganisatie: str = RSIN) -> Json:
        """A zaak with its rollen, its statussen (by volgnummer, one day apart from the
        startdatum on) and optionally a resultaat (by omschrijving)."""
        z = self._nieuwe_zaak({
            "identificatie": identificatie, "bronorganisatie": bronorganisatie,
            "verantwoordelijkeOrganisatie": RSIN, "zaaktype": zt.url,
            "omschrijving": omschrijving, "startdatum": startdatum.isoformat(),
            "einddatumGepland": gepland.isoformat() if gepland else None,
            "uiterlijkeEinddatumAfdoening": uiterlijk.isoformat() if uiterlijk else None})
        if klant is not None:
            soort, ident = _betrokkene(klant)
            self.nieuwe_rol(z, {"betrokkeneType": soort, "roltype": zt.roltypen[0]["url"],
                                 "roltoelichting": "Aanvrager",
                                 "betrokkeneIdentificatie": ident})
        if behandelaar is not None:
            roltype = next(r for r in zt.roltypen if r["omschrijvingGeneriek"] == "behandelaar")
            self.nieuwe_rol(z, {"roltype": roltype["url"], "roltoelichting": "Behandelaar",
                                 **behandelaar})
        for dag, nr in enumerate(statussen):
            gezet = datetime.combine(startdatum + timedelta(days=dag), time(9, 30), TIJDZONE)
            self.nieuwe_status(z, {"statustype": zt.statustypen[nr - 1]["url"],
                                    "datumStatusGezet": gezet.isoformat(),
                                    "statustoelichting": f"Stap {nr}"})
        if resultaat is not None:
            rt = next(r for r in zt.resultaattypen if r["omschrijving"] == resultaat)
            url = f"{self.zaken_server.url}/resultaten/{uuid.uuid4()}"
            self.resultaten.append({"url": url, "uuid": url.rsplit("/", 1)[1],
                                    "zaak": z["url"], "resultaattype": rt["url"],
                                    "toelichting": ""})
            z["resultaat"] = url
        return z

    def zaken_van(self, klant: KlantRef) -> list[Json]:
        return [z for z in self.zaken if any(
            r["zaak"] == z["url"] and _is_van(r, klant) for r in self.rollen)]

    def _nieuwe_zaak(self, velden: Mapping[str, Any]) -> Json:
        zaak_uuid = str(uuid.uuid4())
        z: Json = {
            "url": f"{self.zaken_server.url}/zaken/{zaak_uuid}", "uuid": zaak_uuid,
            "identificatie": "", "omschrijving": "", "toelichting": "",
            "registratiedatum": datetime.now(TIJDZONE).date().isoformat(), "einddatum": None,
            "einddatumGepland": None, "uiterlijkeEinddatumAfdoening": None,
            "publicatiedatum": None, "productenOfDiensten": [],
            "vertrouwelijkheidaanduiding": "openbaar", "betalingsindicatie": "",
            "betalingsindicatieWeergave": "", "laatsteBetaaldatum": None,
            "verlenging": None, "opschorting": None,
            "hoofdzaak": None, "deelzaken": [], "relevanteAndereZaken": [],
            "eigenschappen": [], "rollen": [], "status": None,
            "zaakinformatieobjecten": [], "zaakobjecten": [], "kenmerken": [],
            "archiefnominatie": None, "archiefstatus": "nog_te_archiveren",
            "archiefactiedatum": None, "resultaat": None, "opdrachtgevendeOrganisatie": "",
            "processobjectaard": None, "startdatumBewaartermijn": None, "processobject": None,
        }
        z.update({k: v for k, v in velden.items() if k in z or k in (
            "bronorganisatie", "verantwoordelijkeOrganisatie", "zaaktype", "startdatum")})
        self.zaken.append(z)
        return z

    def nieuwe_rol(self, zaak: Json, velden: Mapping[str, Any]) -> Json:
        roltype = next(r for zt in self.typen.values() for r in zt.roltypen
                       if r["url"] == velden["roltype"])
        url = f"{self.zaken_server.url}/rollen/{uuid.uuid4()}"
        rol: Json = {"url": url, "uuid": url.rsplit("/", 1)[1], "zaak": zaak["url"],
                     "afwijkendeNaamBetrokkene": "", "omschrijving": roltype["omschrijving"],
                     "omschrijvingGeneriek": roltype["omschrijvingGeneriek"],
                     "registratiedatum": datetime.now(TIJDZONE).isoformat(),
                     "indicatieMachtiging": "", "statussen": [], **velden}
        self.rollen.append(rol)
        zaak["rollen"].append(url)
        return rol

    def nieuwe_status(self, zaak: Json, velden: Mapping[str, Any]) -> Json:
        url = f"{self.zaken_server.url}/statussen/{uuid.uuid4()}"
        for s in self.statussen:
            if s["zaak"] == zaak["url"]:
                s["indicatieLaatstGezetteStatus"] = False
        status: Json = {"url": url, "uuid": url.rsplit("/", 1)[1], "zaak": zaak["url"],
                        "statustoelichting": "", "indicatieLaatstGezetteStatus": True,
                        "zaakinformatieobjecten": [], **velden}
        self.statussen.append(status)
        zaak["status"] = url
        return status

    # -- serving -------------------------------------------------------------------------

    def _routes(self) -> None:
        z, c = self.zaken_server, self.catalogi_server
        z.route("POST", "/zaken/_zoek", self.met_jwt(self._zoek))
        z.route("GET", "/zaken", self.met_jwt(self._zaken_lijst))
        z.route("POST", "/zaken", self.met_jwt(self._maak_zaak))
        z.route("GET", "/statussen", self.met_jwt(self._statussen))
        z.route("POST", "/statussen", self.met_jwt(self._maak_status))
        z.route("GET", "/rollen", self.met_jwt(self._rollen))
        z.route("POST", "/rollen", self.met_jwt(self._maak_rol))
        z.route("GET", "/resultaten/{uuid}", self.met_jwt(self._resultaat))
        c.route("GET", "/zaaktypen", self.met_jwt(self._zaaktypen))
        c.route("GET", "/zaaktypen/{uuid}", self.met_jwt(self._zaaktype))
        c.route("GET", "/statustypen", self.met_jwt(self._statustypen))
        c.route("GET", "/roltypen", self.met_jwt(self._roltypen))
        c.route("GET", "/resultaattypen/{uuid}", self.met_jwt(self._resultaattype))

    def met_jwt(self, handler: Callable[[Verzoek], Antwoord]) -> Callable[[Verzoek], Antwoord]:
        """Check the ZGW JWT as Open Zaak does: HS256 with the client's secret."""

        def gecontroleerd(v: Verzoek) -> Antwoord:
            kop = v.kop.get("authorization", "")
            if not kop.startswith("Bearer "):
                return probleem(401, "Authenticatiegegevens zijn niet opgegeven.",
                                "not_authenticated")
            try:
                with warnings.catch_warnings():  # a short secret is the client's concern
                    warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
                    claims = jwt.decode(kop.removeprefix("Bearer "), self.geheim,
                                        algorithms=["HS256"], options={"verify_iat": True})
            except jwt.InvalidTokenError:
                return probleem(401, "Ongeldige authenticatiegegevens.", "invalid_token")
            with self.slot:
                self.claims.append(claims)
                return handler(v)

        return gecontroleerd

    def _pagina(self, items: list[Json], v: Verzoek) -> Antwoord:
        return gepagineerd(items, v, self.zaken_server if v.pad.startswith(
            ("/zaken", "/statussen", "/rollen")) else self.catalogi_server, self.per_pagina)

    def _zoek(self, v: Verzoek) -> Antwoord:
        filter_ = v.json() or {}
        bekend = {"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
                  "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId"}
        if set(filter_) - bekend:
            return ongeldig(("nonFieldErrors", "unknown-filter", "Onbekend filter."))
        zaken = [z for z in self.zaken if _past(z, filter_, self.rollen)]
        return self._pagina(zaken, v)

    def _zaken_lijst(self, v: Verzoek) -> Antwoord:
        zaken = [z for z in self.zaken
                 if (not v.een("identificatie") or z["identificatie"] == v.een("identificatie"))
                 and (not v.een("bronorganisatie")
                      or z["bronorganisatie"] == v.een("bronorganisatie"))]
        return self._pagina(zaken, v)

    def _maak_zaak(self, v: Verzoek) -> Antwoord:
        inhoud = v.json()
        zt = self.typen.get(inhoud["zaaktype"])
        if zt is None or zt.zaaktype["concept"]:
            return ongeldig(("zaaktype", "bad-url", "Het zaaktype is onbekend of een concept."))
        ident = inhoud.get("identificatie") or f"ZAAK-{len(self.zaken) + 1:04d}"
        if any(z["identificatie"] == ident and z["bronorganisatie"] == inhoud["bronorganisatie"]
               for z in self.zaken):
            return ongeldig(("identificatie", "identificatie-niet-uniek",
                             "Deze identificatie bestaat al voor deze bronorganisatie"))
        z = self._nieuwe_zaak({**inhoud, "identificatie": ident})
        return Antwoord(201, z, kop={"Location": z["url"], "Content-Crs": "EPSG:4326"})

    def _statussen(self, v: Verzoek) -> Antwoord:
        return self._pagina([s for s in self.statussen if s["zaak"] == v.een("zaak")], v)

    def _maak_status(self, v: Verzoek) -> Antwoord:
        inhoud = v.json()
        zaak = next((z for z in self.zaken if z["url"] == inhoud["zaak"]), None)
        if zaak is None:
            return ongeldig(("zaak", "bad-url", "De zaak bestaat niet."))
        if inhoud["statustype"] not in self.typen[zaak["zaaktype"]].zaaktype["statustypen"]:
            return ongeldig(("statustype", "zaaktype-mismatch", "Ander zaaktype."))
        return Antwoord(201, self.nieuwe_status(zaak, inhoud))

    def _rollen(self, v: Verzoek) -> Antwoord:
        rollen = [r for r in self.rollen if r["zaak"] == v.een("zaak") and (
            not v.een("omschrijvingGeneriek")
            or r["omschrijvingGeneriek"] == v.een("omschrijvingGeneriek"))]
        return self._pagina(rollen, v)

    def _maak_rol(self, v: Verzoek) -> Antwoord:
        inhoud = v.json()
        zaak = next((z for z in self.zaken if z["url"] == inhoud["zaak"]), None)
        if zaak is None:
            return ongeldig(("zaak", "bad-url", "De zaak bestaat niet."))
        if inhoud["roltype"] not in self.typen[zaak["zaaktype"]].zaaktype["roltypen"]:
            return ongeldig(("roltype", "zaaktype-mismatch", "Ander zaaktype."))
        return Antwoord(201, self.nieuwe_rol(zaak, inhoud))

    def _resultaat(self, v: Verzoek) -> Antwoord:
        r = next((r for r in self.resultaten if r["uuid"] == v.parameters["uuid"]), None)
        return Antwoord(200, r) if r else probleem(404, "Niet gevonden.", "not_found")

    def _zaaktypen(self, v: Verzoek) -> Antwoord:
        alle = [t.zaaktype for t in self.typen.values()
                if (v.een("status", "definitief") == "alles" or not t.zaaktype["concept"])
                and (not v.een("identificatie")
                     or t.zaaktype["identificatie"] == v.een("identificatie"))
                and (not v.een("catalogus") or t.zaaktype["catalogus"] == v.een("catalogus"))]
        return self._pagina(alle, v)

    def _zaaktype(self, v: Verzoek) -> Antwoord:
        t = next((t for t in self.typen.values()
                  if t.url.endswith("/" + v.parameters["uuid"])), None)
        return Antwoord(200, t.zaaktype) if t else probleem(404, "Niet gevonden.", "not_found")

    def _statustypen(self, v: Verzoek) -> Antwoord:
        t = self.typen.get(v.een("zaaktype"))
        # Highest volgnummer first: the API promises no order, the plugin must sort.
        return self._pagina(list(reversed(t.statustypen)) if t else [], v)

    def _roltypen(self, v: Verzoek) -> Antwoord:
        t = self.typen.get(v.een("zaaktype"))
        rollen = [r for r in (t.roltypen if t else []) if not v.een("omschrijvingGeneriek")
                  or r["omschrijvingGeneriek"] == v.een("omschrijvingGeneriek")]
        return self._pagina(rollen, v)

    def _resultaattype(self, v: Verzoek) -> Antwoord:
        r = next((r for t in self.typen.values() for r in t.resultaattypen
                  if r["url"].endswith("/" + v.parameters["uuid"])), None)
        return Antwoord(200, r) if r else probleem(404, "Niet gevonden.", "not_found")


def _betrokkene(klant: KlantRef) -> tuple[str, Json]:
    if klant.soort is KlantSoort.PERSOON:
        return "natuurlijk_persoon", {"inpBsn": klant.nummer, "geslachtsnaam": "Burger",
                                      "voornamen": "Bert"}
    return "niet_natuurlijk_persoon", {"innNnpId": klant.nummer,
                                       "statutaireNaam": "Havenbedrijf Demodam B.V."}


def _is_van(rol: Json, klant: KlantRef) -> bool:
    ident = rol.get("betrokkeneIdentificatie") or {}
    if klant.soort is KlantSoort.PERSOON:
        return rol["betrokkeneType"] == "natuurlijk_persoon" and ident.get(
            "inpBsn") == klant.nummer
    return rol["betrokkeneType"] == "niet_natuurlijk_persoon" and ident.get(
        "innNnpId") == klant.nummer


def _past(zaak: Json, filter_: Mapping[str, str], rollen: list[Json]) -> bool:
    eigen = [r for r in rollen if r["zaak"] == zaak["url"]]
    if bsn := filter_.get("rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"):
        return any(_is_van(r, KlantRef.persoon(bsn)) for r in eigen)
    if nnp := filter_.get("rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId"):
        return any(_is_van(r, KlantRef.bedrijf(nnp)) for r in eigen)
    return True


MEDEWERKER_ROL = {"betrokkeneType": "medewerker", "betrokkeneIdentificatie": {
    "identificatie": "mdewit", "achternaam": "Wit", "voorletters": "M.",
    "voorvoegselAchternaam": "de"}}
"""A behandelaar: casemanager M. de Wit."""
AFDELING_ROL = {"betrokkeneType": "organisatorische_eenheid", "betrokkeneIdentificatie": {
    "identificatie": "BZ", "naam": "Burgerzaken", "isGehuisvestIn": ""}}
