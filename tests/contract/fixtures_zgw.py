"""A small ZGW zaaksysteem for the contract tests of werkplek_zgw.

``Zgw`` serves the Zaken API and the Catalogi API on two Contractservers (every request and
every answer is checked against the official specs) and keeps its zaken, statussen, rollen
and catalogue in memory. It refuses what a real Open Zaak 1.30 refuses (specs/README.md):
a JWT with a wrong secret (403 ``invalid-jwt-signature``) or without the rights (403
``permission_denied``); a zaak without its required fields, with a bronorganisatie that is no
RSIN, or of a concept zaaktype; a rol without betrokkeneType, roltype or zaak, whose roltype
is of another zaaktype, or whose ``innNnpId`` is no RSIN (also as a filter); a second zaak
with the same identificatie. A field or filter beyond the spec is a contract violation, except
the ``kvkNummer`` fields and filters Open Zaak 1.30 adds, accepted only when the fake is made
with ``open_zaak_130=True``. The data is fictional (Gemeente Demodam).
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
from stdnum.nl import bsn as elfproef

from tests.contract.server import (
    ONGELDIG,
    Antwoord,
    Contractserver,
    Verzoek,
    gepagineerd,
    spec_tekst,
)
from werkplek.domain.model import TIJDZONE, KlantRef, KlantSoort

RSIN = "800000006"
"""The (fictional) RSIN of Gemeente Demodam; it passes the elfproef."""
CLIENT_ID = "werkplek-kcc-demodam"
GEHEIM = "demodam-zgw-geheim-voor-de-contracttests-0c9f"
BERT_BSN = "999993653"
JAN_BSN = "999991103"
HAVEN_KVK = "68750110"
HAVEN_RSIN = "820846132"
"""The port company's RSIN (a B.V.; passes the elfproef), as in the embedded demo."""
HAVEN_VESTIGING = "000038509490"
KADE_KVK = "69599084"
KADE_VESTIGING = "000038509504"
"""Koffiebar De Kade, a one-man business: a KvK number and a vestigingsnummer, no RSIN."""
PROBLEEM = "application/problem+json"
JWT_GELDIG = 3600
"""Seconds a token is accepted after its ``iat`` (Open Zaak's JWT_EXPIRY default)."""
RECHTEN = frozenset({"zaken.lezen", "zaken.aanmaken", "zaken.bijwerken", "zaken.verwijderen",
                     "catalogi.lezen"})

ROL_FILTERS = {
    "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn":
        ("natuurlijk_persoon", "inpBsn"),
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId":
        ("niet_natuurlijk_persoon", "innNnpId"),
    "rol__betrokkeneIdentificatie__vestiging__vestigingsNummer":
        ("vestiging", "vestigingsNummer"),
}
"""The ZaakZoek filters of the spec this fake implements: filter -> (betrokkeneType, field)."""
OZ_FILTERS = {
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__kvkNummer":
        ("niet_natuurlijk_persoon", "kvkNummer"),
    "rol__betrokkeneIdentificatie__vestiging__kvkNummer": ("vestiging", "kvkNummer"),
}
"""Filters Open Zaak 1.30 adds beyond the spec (marked experimental there)."""
IDENTIFICATIE_SCHEMA = {
    "natuurlijk_persoon": "RolNatuurlijkPersoon",
    "niet_natuurlijk_persoon": "RolNietNatuurlijkPersoon",
    "vestiging": "RolVestiging",
    "medewerker": "RolMedewerker",
    "organisatorische_eenheid": "RolOrganisatorischeEenheid",
}
OZ_VELDEN = {"niet_natuurlijk_persoon": {"kvkNummer"}, "vestiging": {"kvkNummer"}}
"""betrokkeneIdentificatie fields Open Zaak 1.30 accepts beyond the spec. RolVestiging in the
Zaken 1.7 file does list ``kvkNummer``; specs/README.md counts it among Open Zaak's additions,
and the fake takes the stricter reading: accepted only in Open Zaak mode."""

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
                 per_pagina: int = 100, geheim: str = GEHEIM, *,
                 open_zaak_130: bool = False) -> None:
        self.zaken_server = zaken
        self.catalogi_server = catalogi
        self.per_pagina = per_pagina
        self.geheim = geheim
        self.open_zaak_130 = open_zaak_130
        """Accept the kvkNummer rol fields and filters Open Zaak 1.30 has beyond the spec."""
        self.rechten: set[str] = set(RECHTEN)
        """The scopes the Autorisaties API gives werkplek's client_id."""
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
             bronorganisatie: str = RSIN, betrokkene: tuple[str, Json] | None = None) -> Json:
        """A zaak with its rollen, its statussen (by volgnummer, one day apart from the
        startdatum on) and optionally a resultaat (by omschrijving). ``betrokkene``
        (betrokkeneType, betrokkeneIdentificatie) replaces the initiator the klant gives."""
        z = self._nieuwe_zaak({
            "identificatie": identificatie, "bronorganisatie": bronorganisatie,
            "verantwoordelijkeOrganisatie": RSIN, "zaaktype": zt.url,
            "omschrijving": omschrijving, "startdatum": startdatum.isoformat(),
            "einddatumGepland": gepland.isoformat() if gepland else None,
            "uiterlijkeEinddatumAfdoening": uiterlijk.isoformat() if uiterlijk else None})
        if betrokkene is None and klant is not None:
            betrokkene = _betrokkene(klant)
        if betrokkene is not None:
            soort, ident = betrokkene
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

    def rollen_van(self, zaak: Json) -> list[Json]:
        return [r for r in self.rollen if r["zaak"] == zaak["url"]]

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
        lezen, aanmaken = "zaken.lezen", "zaken.aanmaken"
        z.route("POST", "/zaken/_zoek", self.met_jwt(self._zoek, lezen))
        z.route("GET", "/zaken", self.met_jwt(self._zaken_lijst, lezen))
        z.route("POST", "/zaken", self.met_jwt(self._maak_zaak, aanmaken))
        z.route("DELETE", "/zaken/{uuid}", self.met_jwt(self._verwijder_zaak,
                                                        "zaken.verwijderen"))
        z.route("GET", "/statussen", self.met_jwt(self._statussen, lezen))
        z.route("POST", "/statussen", self.met_jwt(self._maak_status, "zaken.bijwerken"))
        z.route("GET", "/rollen", self.met_jwt(self._rollen, lezen))
        z.route("POST", "/rollen", self.met_jwt(self._maak_rol, "zaken.bijwerken"))
        z.route("GET", "/resultaten/{uuid}", self.met_jwt(self._resultaat, lezen))
        for pad, handler in (("/zaaktypen", self._zaaktypen),
                             ("/zaaktypen/{uuid}", self._zaaktype),
                             ("/statustypen", self._statustypen),
                             ("/roltypen", self._roltypen),
                             ("/resultaattypen/{uuid}", self._resultaattype)):
            c.route("GET", pad, self.met_jwt(handler, "catalogi.lezen"))

    def met_jwt(self, handler: Callable[[Verzoek], Antwoord],
                scope: str | None = None) -> Callable[[Verzoek], Antwoord]:
        """Check the ZGW JWT as Open Zaak 1.30 does: HS256 with the client's secret, at most
        an hour old, and the client's rights (``scope``) for the operation; each refusal is a
        403 whose ``code`` says why."""

        def gecontroleerd(v: Verzoek) -> Antwoord:
            kop = v.kop.get("authorization", "")
            if not kop.startswith("Bearer "):
                return probleem(403, "Authenticatiegegevens zijn niet opgegeven.",
                                "not_authenticated")
            try:
                with warnings.catch_warnings():  # a short secret is the client's concern
                    warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
                    claims = jwt.decode(kop.removeprefix("Bearer "), self.geheim,
                                        algorithms=["HS256"], options={"verify_iat": True})
            except jwt.InvalidTokenError:
                return probleem(403, "Client credentials zijn niet geldig",
                                "invalid-jwt-signature")
            if not isinstance(claims.get("iat"), int) or claims["iat"] < _nu() - JWT_GELDIG:
                return probleem(403, "Het JWT is verlopen.", "jwt-expired")
            if scope is not None and scope not in self.rechten:
                return probleem(403, "U heeft geen toestemming om deze actie uit te voeren.",
                                "permission_denied")
            with self.slot:
                self.claims.append(claims)
                return handler(v)

        return gecontroleerd

    def _pagina(self, items: list[Json], v: Verzoek) -> Antwoord:
        return gepagineerd(items, v, self.zaken_server if v.pad.startswith(
            ("/zaken", "/statussen", "/rollen")) else self.catalogi_server, self.per_pagina)

    def _buiten_spec(self, tekst: str) -> Antwoord:
        """A field or filter beyond the spec: a contract violation, as the Contractserver
        records one (HTTP 599, and the test fails at teardown)."""
        self.zaken_server.afwijkingen.append(tekst)
        return Antwoord(ONGELDIG, {"title": "afwijking van de specificatie"})

    def _zoek(self, v: Verzoek) -> Antwoord:
        filter_ = v.json() or {}
        filters = {**ROL_FILTERS, **(OZ_FILTERS if self.open_zaak_130 else {})}
        schemas = spec_tekst(self.zaken_server.bestand)["components"]["schemas"]
        if buiten := sorted(set(filter_) - set(schemas["ZaakZoek"]["properties"])
                            - set(filters)):
            return self._buiten_spec(f"verzoek POST /zaken/_zoek: filter buiten de "
                                     f"specificatie: {', '.join(buiten)}")
        if set(filter_) - set(filters):  # in the spec, but this fake does not filter on it
            return ongeldig(("nonFieldErrors", "unknown-filter", "Onbekend filter."))
        rsin = "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId"
        if rsin in filter_ and (fout := _rsin_fout(str(filter_[rsin]))):
            return ongeldig((rsin, *fout))
        zaken = [z for z in self.zaken if all(
            any(r.get("betrokkeneType") == soort
                and (r.get("betrokkeneIdentificatie") or {}).get(veld) == waarde
                for r in self.rollen_van(z))
            for f, waarde in filter_.items() for soort, veld in [filters[f]])]
        return self._pagina(zaken, v)

    def _zaken_lijst(self, v: Verzoek) -> Antwoord:
        zaken = [z for z in self.zaken
                 if (not v.een("identificatie") or z["identificatie"] == v.een("identificatie"))
                 and (not v.een("bronorganisatie")
                      or z["bronorganisatie"] == v.een("bronorganisatie"))]
        return self._pagina(zaken, v)

    def _maak_zaak(self, v: Verzoek) -> Antwoord:
        inhoud = v.json() or {}
        fouten = [(n, "required", "Dit veld is vereist.") for n in (
            "bronorganisatie", "startdatum", "verantwoordelijkeOrganisatie", "zaaktype")
            if not inhoud.get(n)]
        fouten += [(n, *fout) for n in ("bronorganisatie", "verantwoordelijkeOrganisatie")
                   if inhoud.get(n) and (fout := _rsin_fout(str(inhoud[n])))]
        if fouten:
            return ongeldig(*fouten)
        zt = self.typen.get(inhoud["zaaktype"])
        if zt is None:
            return ongeldig(("zaaktype", "bad-url", "Het zaaktype is onbekend."))
        if zt.zaaktype["concept"]:
            return ongeldig(("zaaktype", "not-published",
                             "Het zaaktype is nog niet gepubliceerd."))
        ident = inhoud.get("identificatie") or f"ZAAK-{len(self.zaken) + 1:04d}"
        if any(z["identificatie"] == ident and z["bronorganisatie"] == inhoud["bronorganisatie"]
               for z in self.zaken):
            return ongeldig(("identificatie", "identificatie-niet-uniek",
                             "Deze identificatie bestaat al voor deze bronorganisatie"))
        z = self._nieuwe_zaak({**inhoud, "identificatie": ident})
        return Antwoord(201, z, kop={"Location": z["url"], "Content-Crs": "EPSG:4326"})

    def _verwijder_zaak(self, v: Verzoek) -> Antwoord:
        """Remove a zaak with its rollen, statussen and resultaat, as Open Zaak does."""
        zaak = next((z for z in self.zaken if z["uuid"] == v.parameters["uuid"]), None)
        if zaak is None:
            return probleem(404, "Niet gevonden.", "not_found")
        self.zaken.remove(zaak)
        for lijst in (self.rollen, self.statussen, self.resultaten):
            lijst[:] = [x for x in lijst if x["zaak"] != zaak["url"]]
        return Antwoord(204)

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
        inhoud = v.json() or {}
        if fouten := [(n, "required", "Dit veld is vereist.")
                      for n in ("betrokkeneType", "roltype", "zaak") if not inhoud.get(n)]:
            return ongeldig(*fouten)
        soort = inhoud["betrokkeneType"]
        ident = inhoud.get("betrokkeneIdentificatie") or {}
        if buiten := sorted(set(ident) - self._identificatievelden(soort)):
            return self._buiten_spec(f"verzoek POST /rollen: betrokkeneIdentificatie van "
                                     f"{soort} buiten de specificatie: {', '.join(buiten)}")
        zaak = next((z for z in self.zaken if z["url"] == inhoud["zaak"]), None)
        if zaak is None:
            return ongeldig(("zaak", "bad-url", "De zaak bestaat niet."))
        if soort == "niet_natuurlijk_persoon" and ident.get("innNnpId") and (
                fout := _rsin_fout(str(ident["innNnpId"]))):
            return ongeldig(("betrokkeneIdentificatie.innNnpId", *fout))
        if inhoud["roltype"] not in self.typen[zaak["zaaktype"]].zaaktype["roltypen"]:
            return ongeldig(("nonFieldErrors", "zaaktype-mismatch",
                             "Het roltype hoort niet bij het zaaktype van de zaak."))
        return Antwoord(201, self.nieuwe_rol(zaak, inhoud))

    def _identificatievelden(self, soort: str) -> set[str]:
        """The betrokkeneIdentificatie fields the spec (and Open Zaak 1.30, in that mode)
        has for this betrokkeneType."""
        schemas = spec_tekst(self.zaken_server.bestand)["components"]["schemas"]
        naam = IDENTIFICATIE_SCHEMA.get(soort)
        velden = set(schemas[naam].get("properties", {})) if naam else set()
        extra = OZ_VELDEN.get(soort, set())
        return velden | extra if self.open_zaak_130 else velden - extra

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
    """The initiator as another client registers it: a person by BSN, a company by RSIN,
    a one-man business (no RSIN) as its vestiging."""
    if klant.soort is KlantSoort.PERSOON:
        return "natuurlijk_persoon", {"inpBsn": klant.nummer, "geslachtsnaam": "Burger",
                                      "voornamen": "Bert"}
    if klant.rsin:
        return "niet_natuurlijk_persoon", {"innNnpId": klant.rsin,
                                           "statutaireNaam": "Havenbedrijf Demodam B.V."}
    return "vestiging", {"vestigingsNummer": klant.vestigingsnummer,
                         "handelsnaam": ["Koffiebar De Kade"]}


def _is_van(rol: Json, klant: KlantRef) -> bool:
    """Does the rol identify this klant by any number a company is known by?"""
    ident = rol.get("betrokkeneIdentificatie") or {}
    if klant.soort is KlantSoort.PERSOON:
        return rol["betrokkeneType"] == "natuurlijk_persoon" and ident.get(
            "inpBsn") == klant.nummer
    return (rol["betrokkeneType"] in ("niet_natuurlijk_persoon", "vestiging")
            and ((bool(klant.rsin) and ident.get("innNnpId") == klant.rsin)
                 or (bool(klant.vestigingsnummer)
                     and ident.get("vestigingsNummer") == klant.vestigingsnummer)
                 or ident.get("kvkNummer") == klant.nummer))


def _rsin_fout(waarde: str) -> tuple[str, str] | None:
    """(code, reason) when ``waarde`` is no RSIN, in the order Open Zaak checks it."""
    if not waarde.isdigit():
        return "only-digits", "Waarde moet numeriek zijn."
    if len(waarde) < 9:
        return "min_length", "Zorg ervoor dat dit veld minimaal 9 tekens bevat."
    if len(waarde) > 9:
        return "max_length", "Zorg ervoor dat dit veld niet meer dan 9 tekens bevat."
    if not elfproef.is_valid(waarde):
        return "invalid", "Onjuist RSIN nummer."
    return None


def _nu() -> int:
    return int(datetime.now(TIJDZONE).timestamp())


MEDEWERKER_ROL = {"betrokkeneType": "medewerker", "betrokkeneIdentificatie": {
    "identificatie": "mdewit", "achternaam": "Wit", "voorletters": "M.",
    "voorvoegselAchternaam": "de"}}
"""A behandelaar: casemanager M. de Wit."""
AFDELING_ROL = {"betrokkeneType": "organisatorische_eenheid", "betrokkeneIdentificatie": {
    "identificatie": "BZ", "naam": "Burgerzaken", "isGehuisvestIn": ""}}
