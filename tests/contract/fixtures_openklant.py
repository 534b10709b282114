"""A small Open Klant 2.18 in memory, served through the Contractserver.

POSTs create objects with a uuid and url, GETs list and filter them, so a plugin can write
and read back; every request and every answer still goes through the Contractserver and is
checked against the Klantinteracties 0.9.0 spec. Where the real server is stricter than the
spec (see ../shared/specs/README.md) this fake is too: an unknown query parameter, a
reference that is not ``{"uuid": …}`` to an existing object, a BSN that fails the elfproef,
a second partij with the same identificator, an internetaak without actors, a digitaal adres
without the key ``verstrektDoorPartij`` — each is a 400 with the real ``invalidParams``; a
wrong token (or ``Bearer``) is a 401. Where it is looser or odd, the fake is too: keys inside
``metadata`` come back camelCased, and a filtered list holds a row once per combination of
matching related rows (Django's joins), so the same klantcontact can come back twice.

Empty fields are left out of answers (Open Klant sends null). The spec declares no error
answers, so errors are raw problem JSON. ``storing()`` makes the next request(s) to a path
fail: 400, 500, too late or a dropped connection, optionally after the object was stored.

All data is fictional (the demo people of werkplek_embedded).
"""

from __future__ import annotations

import functools
import json
import re
import threading
import uuid as uuidlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from stdnum.nl import bsn as stdnum_bsn

from tests.contract.server import Antwoord, Contractserver, Verzoek, gepagineerd, spec_tekst

SPEC = "klantinteracties-openapi.yaml"
TOKEN = "ok-test-sleutel-5d1c"
PROBLEEM = "application/problem+json"

BERT_BSN = "999993653"
JAN_BSN = "999991103"
HAVEN_KVK = "68750110"

Json = dict[str, Any]
IDENTIFICATOR = ("codeObjecttype", "codeRegister", "codeSoortObjectId", "objectId")


@functools.cache
def _parameters() -> dict[tuple[str, str], frozenset[str]]:
    """Per (method, path): the query parameters the spec lists (the contract server refuses
    the deprecated ones)."""
    spec = spec_tekst(SPEC)
    uit = {}
    for pad, operaties in spec["paths"].items():
        for methode, operatie in operaties.items():
            if isinstance(operatie, dict):
                query = [p for p in operatie.get("parameters", []) if p.get("in") == "query"]
                uit[(methode.upper(), pad)] = frozenset(p["name"] for p in query)
    return uit


VEREIST = "Dit veld is vereist."


def probleem(status: int, titel: str, velden: Iterable[tuple[str, str, str]] = (), *,
             kop: Mapping[str, str] | None = None, code: str = "invalid",
             detail: str = "") -> Antwoord:
    """An Open Klant error answer: {type, code, title, status, detail, invalidParams}; each
    field as (name, code, reason)."""
    inhoud = {"type": f"https://openklant.example/fouten/{status}", "code": code,
              "title": titel, "status": status, "detail": detail or titel,
              "invalidParams": [{"name": n, "code": c, "reason": r} for n, c, r in velden]}
    return Antwoord(status, ruw=json.dumps(inhoud).encode(), soort=PROBLEEM, kop=kop or {})


class Ongeldig(Exception):
    """A request the real server refuses with 400."""

    def __init__(self, veld: str, reden: str, code: str = "invalid") -> None:
        super().__init__(reden)
        self.veld, self.reden, self.code = veld, reden, code


@dataclass
class Storing:
    methode: str
    pad: str
    status: int
    na_opslaan: bool
    keer: int
    vertraging: float
    verbroken: bool


class Verbroken(Exception):
    """Raised in the server thread: the socket is closed without an answer."""


_SOORT = {"toegewezenAanActor": "Actor", "toegewezenAanActoren": "Actor", "actor": "Actor",
          "wasPartij": "Partij", "verstrektDoorPartij": "Partij",
          "hadKlantcontact": "Klantcontact", "klantcontact": "Klantcontact",
          "wasKlantcontact": "Klantcontact", "aanleidinggevendKlantcontact": "Klantcontact",
          "verstrektDoorBetrokkene": "Betrokkene"}
"""The model a reference field points at, as Open Klant names it in "… object bestaat niet"."""


class OpenKlant:
    """The state of one Open Klant, and the routes that serve it on a Contractserver."""

    def __init__(self, server: Contractserver, per_pagina: int = 100) -> None:
        self.server = server
        self.per_pagina = per_pagina
        self.token = TOKEN
        """The one key this Open Klant accepts (``Authorization: Token <key>``)."""
        self.partijen: dict[str, Json] = {}
        self.actoren: dict[str, Json] = {}
        self.klantcontacten: dict[str, Json] = {}
        self.betrokkenen: dict[str, Json] = {}
        self.onderwerpobjecten: dict[str, Json] = {}
        self.actorklantcontacten: dict[str, Json] = {}
        self.internetaken: dict[str, Json] = {}
        self.digitaleadressen: dict[str, Json] = {}
        self.storingen: list[Storing] = []
        self.geweigerd: list[str] = []
        """The reason of every 400 this fake gave: a test that expects none checks it."""
        self._slot = threading.RLock()
        lezen: dict[str, Callable[[Verzoek], Json | list[Json]]] = {
            "/partijen": self._lijst_partijen, "/actoren": self._lijst_actoren,
            "/klantcontacten": self._lijst_klantcontacten,
        }
        for pad, functie in lezen.items():
            server.route("GET", pad, self._lezer(pad, functie))
        server.route("GET", "/actoren/{uuid}", self._lezer("/actoren/{uuid}", self._actor))
        server.route("GET", "/partijen/{uuid}", self._lezer(
            "/partijen/{uuid}", lambda v: self.partijen.get(v.parameters["uuid"], {})))
        schrijven: dict[str, Callable[[Json], Json]] = {
            "/partijen": self._maak_partij, "/actoren": self._maak_actor,
            "/maak-klantcontact": self._maak_klantcontact,
            "/klantcontacten": self._nieuw_klantcontact,
            "/betrokkenen": self._maak_betrokkene,
            "/onderwerpobjecten": self._maak_onderwerpobject,
            "/actorklantcontacten": self._maak_actorklantcontact,
            "/internetaken": self._maak_internetaak,
            "/digitaleadressen": self._maak_digitaal_adres,
        }
        for pad, maker in schrijven.items():
            server.route("POST", pad, self._schrijver(pad, maker))

    # -- faults ----------------------------------------------------------------------------

    def storing(self, methode: str, pad: str, status: int = 500, *, na_opslaan: bool = False,
                keer: int = 1, vertraging: float = 0.0, verbroken: bool = False) -> None:
        """The next ``keer`` requests to ``methode pad`` fail with ``status`` (or, with
        ``vertraging``, answer too late; with ``verbroken``, drop the connection without an
        answer); ``na_opslaan``: only after the work was done."""
        self.storingen.append(Storing(methode, pad, status, na_opslaan, keer, vertraging,
                                      verbroken))

    def _storing(self, methode: str, pad: str) -> Storing | None:
        with self._slot:
            for s in self.storingen:
                if s.methode == methode and s.pad == pad and s.keer > 0:
                    s.keer -= 1
                    return s
        return None

    def _gestoord(self, s: Storing) -> Antwoord:
        if s.verbroken:
            raise Verbroken(s.pad)  # the server thread closes the socket: no answer at all
        if s.vertraging:
            return Antwoord(201, {}, vertraging=s.vertraging, ruw=b"{}")
        if s.status == 400:
            return self._geweigerd(s.pad, Ongeldig("nonFieldErrors", "Geweigerd voor de test."))
        return probleem(s.status, "Er is een fout opgetreden op de server.", code="error")

    # -- serving -----------------------------------------------------------------------------

    def _toegang(self, v: Verzoek) -> Antwoord | None:
        """Token authentication: ``Token <key>`` with a known key, else 401 (no 403: tokens
        have no scopes)."""
        kop = v.kop.get("authorization", "")
        if kop == f"Token {self.token}":
            return None
        verwacht = {"WWW-Authenticate": "Token"}
        if not kop.startswith("Token "):  # absent, or another scheme such as Bearer
            return probleem(401, "Authenticatiegegevens zijn niet opgegeven.", kop=verwacht,
                            code="not_authenticated")
        return probleem(401, "Ongeldige authenticatiegegevens.", kop=verwacht,
                        code="authentication_failed", detail="Ongeldige token.")

    def _onbekend(self, methode: str, pad: str, v: Verzoek) -> Antwoord | None:
        onbekend = sorted(set(v.query) - _parameters()[(methode, pad)])
        if not onbekend:
            return None
        return self._geweigerd(pad, Ongeldig(
            "nonFieldErrors", f"Onbekende query parameters: {', '.join(onbekend)}",
            "unknown-parameters"))

    def _geweigerd(self, pad: str, e: Ongeldig) -> Antwoord:
        self.geweigerd.append(f"{pad}: {e.veld}: {e.reden}")
        return probleem(400, "Ongeldige invoerwaarde.", [(e.veld, e.code, e.reden)])

    def _lezer(self, pad: str, functie: Callable[[Verzoek], Json | list[Json]]
               ) -> Callable[[Verzoek], Antwoord]:
        def lees(v: Verzoek) -> Antwoord:
            if (fout := self._toegang(v) or self._onbekend("GET", pad, v)) is not None:
                return fout
            if (s := self._storing("GET", pad)) is not None:
                return self._gestoord(s)
            with self._slot:
                uit = functie(v)
            if isinstance(uit, list):
                per_pagina = int(v.een("pageSize") or self.per_pagina)
                return gepagineerd([_zonder_null(u) for u in uit], v, self.server, per_pagina)
            if not uit:
                return probleem(404, "Niet gevonden.", code="not_found")
            return Antwoord(200, _zonder_null(uit))
        return lees

    def _schrijver(self, pad: str, maker: Callable[[Json], Json]) -> Callable[[Verzoek], Antwoord]:
        def schrijf(v: Verzoek) -> Antwoord:
            if (fout := self._toegang(v)) is not None:
                return fout
            s = self._storing("POST", pad)
            if s is not None and not s.na_opslaan:
                return self._gestoord(s)
            try:
                with self._slot:
                    uit = maker(v.json())
            except Ongeldig as e:
                return self._geweigerd(pad, e)
            if s is not None:
                return self._gestoord(s)
            return Antwoord(201, _zonder_null(uit))
        return schrijf

    def url(self, soort: str, uuid: str) -> str:
        return f"{self.server.url}/{soort}/{uuid}"

    def _fk(self, soort: str, uuid: str | None) -> Json | None:
        return None if uuid is None else {"uuid": uuid, "url": self.url(soort, uuid)}

    def _verwijzing(self, inhoud: Json, veld: str, tabel: Mapping[str, Json], *,
                    verplicht: bool = True) -> str | None:
        """A reference as Open Klant takes it: ``{"uuid": …}`` of an existing object."""
        waarde = inhoud.get(veld)
        if waarde is None and not verplicht:
            return None
        if waarde is None:
            raise Ongeldig(veld, VEREIST, "required")
        if not isinstance(waarde, dict):
            raise Ongeldig(veld, "Ongeldige data. Verwacht een dictionary, kreeg een str.")
        if not isinstance(waarde.get("uuid"), str):
            raise Ongeldig(f"{veld}.uuid", VEREIST, "required")
        if waarde["uuid"] not in tabel:
            soort = _SOORT.get(veld.split(".", maxsplit=1)[0], "Object")
            raise Ongeldig(f"{veld}.uuid", f"{soort} object bestaat niet.")
        return str(waarde["uuid"])

    # -- partijen ------------------------------------------------------------------------

    def _lijst_partijen(self, v: Verzoek) -> list[Json]:
        filters = {k.removeprefix("partijIdentificator__"): w[0] for k, w in v.query.items()
                   if k.startswith("partijIdentificator__")}
        uit = []
        for p in self.partijen.values():
            idents = [pi["partijIdentificator"] for pi in p["partijIdentificatoren"]]
            # one join per filter, as django-filter chains them: a row per combination
            uit += [p] * _joins(idents, filters)
        return uit

    def _maak_partij(self, inhoud: Json, uuid: str | None = None) -> Json:
        uuid = uuid or str(uuidlib.uuid4())
        idents = []
        for i, pi in enumerate(inhoud.get("partijIdentificatoren") or []):
            groep = pi["partijIdentificator"]
            if groep["codeSoortObjectId"] == "bsn" and not stdnum_bsn.is_valid(groep["objectId"]):
                raise Ongeldig(f"partijIdentificatoren.{i}.partijIdentificatorObjectId",
                               "Deze waarde is ongeldig, reden: Onjuist BSN nummer")
            for ander in self.partijen.values():
                for api in ander["partijIdentificatoren"]:
                    g = api["partijIdentificator"]
                    if (g["codeSoortObjectId"], g["objectId"]) == (
                            groep["codeSoortObjectId"], groep["objectId"]):
                        raise Ongeldig("__all__", "`PartijIdentificator` moet uniek zijn, er "
                                       "bestaat er al een met deze gegevenscombinatie.")
            pid = str(uuidlib.uuid4())
            idents.append({"uuid": pid, "url": self.url("partij-identificatoren", pid),
                           "identificeerdePartij": self._fk("partijen", uuid),
                           "anderePartijIdentificator": "", "partijIdentificator": groep,
                           "subIdentificatorVan": None})
        persoon = inhoud["soortPartij"] == "persoon"
        identificatie = inhoud.get("partijIdentificatie") or {}
        partij = {
            "uuid": uuid, "url": self.url("partijen", uuid), "nummer": None,
            "interneNotitie": "", "betrokkenen": [], "categorieRelaties": [],
            "digitaleAdressen": [], "voorkeursDigitaalAdres": None, "vertegenwoordigden": [],
            "rekeningnummers": [], "voorkeursRekeningnummer": None,
            "partijIdentificatoren": idents, "soortPartij": inhoud["soortPartij"],
            "indicatieGeheimhouding": None, "voorkeurstaal": "nld",
            "indicatieActief": inhoud["indicatieActief"], "bezoekadres": None,
            "correspondentieadres": None,
            "partijIdentificatie": (
                {"contactnaam": identificatie.get("contactnaam"),
                 "volledigeNaam": _volledige_naam(identificatie.get("contactnaam"))}
                if persoon else {"naam": identificatie.get("naam", "")}),
        }
        self.partijen[uuid] = partij
        return partij

    def persoon(self, bsn: str, voornaam: str = "", achternaam: str = "") -> str:
        """Seed a persoon partij with its BSN; returns its uuid."""
        naam = {"voorletters": voornaam[:1], "voornaam": voornaam,
                "voorvoegselAchternaam": "", "achternaam": achternaam} if achternaam else None
        return self._zaai("persoon", ("natuurlijk_persoon", "brp", "bsn", bsn),
                          {"contactnaam": naam})

    def organisatie(self, kvk: str, naam: str) -> str:
        return self._zaai("organisatie", ("niet_natuurlijk_persoon", "hr", "kvk_nummer", kvk),
                          {"naam": naam})

    def _zaai(self, soort: str, ident: tuple[str, str, str, str], naam: Json) -> str:
        groep = dict(zip(IDENTIFICATOR, ident, strict=True))
        return str(self._maak_partij({
            "soortPartij": soort, "indicatieActief": True, "partijIdentificatie": naam,
            "partijIdentificatoren": [{"partijIdentificator": groep}]})["uuid"])

    # -- actoren ---------------------------------------------------------------------------

    def _lijst_actoren(self, v: Verzoek) -> list[Json]:
        def waarde(a: Json, k: str) -> object:
            if k.startswith("actoridentificator"):
                veld = k.removeprefix("actoridentificator")
                return (a.get("actoridentificator") or {}).get(veld[0].lower() + veld[1:])
            return str(a[k]).lower() if k == "indicatieActief" else a.get(k)

        filters = {k: w[0] for k, w in v.query.items() if k not in ("page", "pageSize")}
        return [a for a in self.actoren.values()
                if all(waarde(a, k) == w for k, w in filters.items())]

    def _actor(self, v: Verzoek) -> Json:
        return self.actoren.get(v.parameters["uuid"], {})

    def _maak_actor(self, inhoud: Json) -> Json:
        uuid = str(uuidlib.uuid4())
        actor = {"uuid": uuid, "url": self.url("actoren", uuid), "naam": inhoud["naam"],
                 "soortActor": inhoud["soortActor"],
                 "indicatieActief": inhoud.get("indicatieActief", True),
                 "actoridentificator": inhoud.get("actoridentificator")}
        if inhoud.get("actorIdentificatie") is not None:
            actor["actorIdentificatie"] = inhoud["actorIdentificatie"]
        self.actoren[uuid] = actor
        return actor

    def actor(self, naam: str, soort: str = "medewerker", *, object_id: str | None = None,
              codeobjecttype: str = "mdw", register: str = "obj", soort_id: str = "idf",
              telefoon: str | None = None, actief: bool = True) -> str:
        """Seed an actor; ``object_id`` None: one without actoridentificator."""
        inhoud: Json = {"naam": naam, "soortActor": soort, "indicatieActief": actief,
                        "actoridentificator": None if object_id is None else {
                            "objectId": object_id, "codeObjecttype": codeobjecttype,
                            "codeRegister": register, "codeSoortObjectId": soort_id}}
        if telefoon is not None and soort == "medewerker":
            inhoud["actorIdentificatie"] = {"functie": "Specialist", "telefoonnummer": telefoon}
        elif telefoon is not None:
            inhoud["actorIdentificatie"] = {"omschrijving": naam, "telefoonnummer": telefoon}
        return str(self._maak_actor(inhoud)["uuid"])

    # -- klantcontacten --------------------------------------------------------------------

    def _klantcontact_uit(self, inhoud: Json, pad: str = "") -> Json:
        """``pad``: where the klantcontact sits in the body ("klantcontact." in
        maak-klantcontact), as the error's field path names it."""
        if not isinstance(inhoud, dict):
            raise Ongeldig(pad.rstrip(".") or "klantcontact", VEREIST, "required")
        for veld in ("kanaal", "onderwerp", "taal", "vertrouwelijk"):
            if veld not in inhoud:
                raise Ongeldig(pad + veld, VEREIST, "required")
        if len(inhoud["onderwerp"]) > 200:
            raise Ongeldig(pad + "onderwerp", "Zorg ervoor dat dit veld niet meer dan 200 "
                           "karakters bevat.", "max_length")
        if inhoud.get("indicatieContactGelukt") and inhoud.get("verdereActieOndernomen"):
            raise Ongeldig(pad + "nonFieldErrors", "Als het contact gelukt is kan er geen "
                           "verdere actie zijn ondernomen",
                           "no-further-action-when-contact-succesful")
        uuid = str(uuidlib.uuid4())
        tijd = inhoud.get("plaatsgevondenOp") or datetime.now(UTC).isoformat()
        kc = {"uuid": uuid, "url": self.url("klantcontacten", uuid), "nummer": None,
              "referentienummer": None, "kanaal": inhoud["kanaal"],
              "onderwerp": inhoud["onderwerp"], "inhoud": inhoud.get("inhoud", ""),
              "reactie": inhoud.get("reactie", ""),
              "indicatieContactGelukt": inhoud.get("indicatieContactGelukt"),
              "verdereActieOndernomen": inhoud.get("verdereActieOndernomen", False),
              "taal": inhoud["taal"], "vertrouwelijk": inhoud["vertrouwelijk"],
              "plaatsgevondenOp": _naar_utc(tijd), "metadata": inhoud.get("metadata") or {}}
        return kc

    def _nieuw_klantcontact(self, inhoud: Json) -> Json:
        kc = self._klantcontact_uit(inhoud)
        self.klantcontacten[kc["uuid"]] = kc
        return self._toon_klantcontact(kc, ())

    def _maak_klantcontact(self, inhoud: Json) -> Json:
        """All or nothing, as Open Klant's transaction.atomic."""
        kc = self._klantcontact_uit(inhoud.get("klantcontact"), "klantcontact.")
        self.klantcontacten[kc["uuid"]] = kc
        uit: Json = {"klantcontact": None}
        delen = (("betrokkene", self._maak_betrokkene, "hadKlantcontact"),
                 ("onderwerpobject", self._maak_onderwerpobject, "klantcontact"))
        for deel, maker, veld in delen:
            if (d := inhoud.get(deel)) is None:
                continue
            try:
                uit[deel] = maker({**d, veld: {"uuid": kc["uuid"]}})
            except Ongeldig as e:
                self._verwijder_klantcontact(kc["uuid"])
                raise Ongeldig(f"{deel}.{e.veld}", e.reden, e.code) from None
        uit["klantcontact"] = self._toon_klantcontact(kc, ())
        return uit

    def _verwijder_klantcontact(self, uuid: str) -> None:
        self.klantcontacten.pop(uuid)
        for tabel, veld in ((self.betrokkenen, "hadKlantcontact"),
                            (self.onderwerpobjecten, "klantcontact")):
            for k in [k for k, w in tabel.items() if (w.get(veld) or {}).get("uuid") == uuid]:
                tabel.pop(k)

    def _maak_betrokkene(self, inhoud: Json) -> Json:
        kc = self._verwijzing(inhoud, "hadKlantcontact", self.klantcontacten)
        partij = self._verwijzing(inhoud, "wasPartij", self.partijen, verplicht=False)
        for veld in ("rol", "initiator"):
            if veld not in inhoud:
                raise Ongeldig(veld, VEREIST, "required")
        uuid = str(uuidlib.uuid4())
        b = {"uuid": uuid, "url": self.url("betrokkenen", uuid),
             "wasPartij": self._fk("partijen", partij),
             "hadKlantcontact": self._fk("klantcontacten", kc), "bezoekadres": None,
             "correspondentieadres": None, "contactnaam": inhoud.get("contactnaam"),
             "rol": inhoud["rol"], "organisatienaam": inhoud.get("organisatienaam", ""),
             "initiator": inhoud["initiator"]}
        self.betrokkenen[uuid] = b
        return self._toon_betrokkene(b, uitgebreid=False)

    def _maak_onderwerpobject(self, inhoud: Json) -> Json:
        kc = self._verwijzing(inhoud, "klantcontact", self.klantcontacten, verplicht=False)
        was = self._verwijzing(inhoud, "wasKlantcontact", self.klantcontacten,
                               verplicht=False)
        uuid = str(uuidlib.uuid4())
        o = {"uuid": uuid, "url": self.url("onderwerpobjecten", uuid),
             "klantcontact": self._fk("klantcontacten", kc),
             "wasKlantcontact": self._fk("klantcontacten", was),
             "onderwerpobjectidentificator": inhoud.get("onderwerpobjectidentificator")}
        self.onderwerpobjecten[uuid] = o
        return o

    def _maak_actorklantcontact(self, inhoud: Json) -> Json:
        actor = self._verwijzing(inhoud, "actor", self.actoren)
        kc = self._verwijzing(inhoud, "klantcontact", self.klantcontacten)
        for ak in self.actorklantcontacten.values():
            if (ak["actor"]["uuid"], ak["klantcontact"]["uuid"]) == (actor, kc):
                raise Ongeldig("nonFieldErrors", "De velden actor, klantcontact moeten een "
                                                 "unieke set zijn.", "unique")
        uuid = str(uuidlib.uuid4())
        ak = {"uuid": uuid, "url": self.url("actorklantcontacten", uuid),
              "actor": self._fk("actoren", actor), "klantcontact": self._fk("klantcontacten", kc)}
        self.actorklantcontacten[uuid] = ak
        return ak

    def _maak_internetaak(self, inhoud: Json) -> Json:
        kc = self._verwijzing(inhoud, "aanleidinggevendKlantcontact", self.klantcontacten)
        if ("toegewezenAanActor" in inhoud) == ("toegewezenAanActoren" in inhoud):
            raise Ongeldig("nonFieldErrors", (
                "`toegewezen_aan_actor` en `toegewezen_aan_actoren` mag niet beiden gebruikt "
                "worden." if "toegewezenAanActor" in inhoud else "`toegewezen_aan_actor` of "
                "`toegewezen_aan_actoren` is required (mag niet beiden gebruiken)."))
        if "toegewezenAanActor" in inhoud:
            uuids = [self._verwijzing(inhoud, "toegewezenAanActor", self.actoren)]
        else:
            uuids = [self._verwijzing({f"toegewezenAanActoren.{i}": a},
                                      f"toegewezenAanActoren.{i}", self.actoren)
                     for i, a in enumerate(inhoud["toegewezenAanActoren"] or [None])]
        for veld in ("gevraagdeHandeling", "status"):
            if veld not in inhoud:
                raise Ongeldig(veld, VEREIST, "required")
        if len(inhoud.get("toelichting", "")) > 1000:
            raise Ongeldig("toelichting", "Zorg ervoor dat dit veld niet meer dan 1000 "
                                          "karakters bevat.", "max_length")
        uuid = str(uuidlib.uuid4())
        taak = {"uuid": uuid, "url": self.url("internetaken", uuid), "nummer": None,
                "referentienummer": None, "gevraagdeHandeling": inhoud["gevraagdeHandeling"],
                "aanleidinggevendKlantcontact": self._fk("klantcontacten", kc),
                "toegewezenAanActor": self._fk("actoren", uuids[0]),
                "toegewezenAanActoren": [self._fk("actoren", u) for u in uuids],
                "toelichting": inhoud.get("toelichting", ""), "status": inhoud["status"],
                "toegewezenOp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                "afgehandeldOp": None}
        self.internetaken[uuid] = taak
        return taak

    def _maak_digitaal_adres(self, inhoud: Json) -> Json:
        if "verstrektDoorPartij" not in inhoud:  # unique together (partij, soort) needs it
            raise Ongeldig("verstrektDoorPartij", VEREIST, "required")
        betrokkene = self._verwijzing(inhoud, "verstrektDoorBetrokkene", self.betrokkenen,
                                      verplicht=False)
        partij = self._verwijzing(inhoud, "verstrektDoorPartij", self.partijen,
                                  verplicht=False)
        uuid = str(uuidlib.uuid4())
        adres = {"uuid": uuid, "url": self.url("digitaleadressen", uuid),
                 "verstrektDoorBetrokkene": self._fk("betrokkenen", betrokkene),
                 "verstrektDoorPartij": self._fk("partijen", partij),
                 "adres": inhoud["adres"], "soortDigitaalAdres": inhoud["soortDigitaalAdres"],
                 "isStandaardAdres": False, "omschrijving": inhoud.get("omschrijving", ""),
                 # an empty referentie is left out: Open Klant sends "", which its own
                 # spec's pattern refuses
                 "referentie": inhoud.get("referentie") or None, "verificatieDatum": None}
        self.digitaleadressen[uuid] = adres
        return adres

    def klantcontact(self, *, partij: str | None, kanaal: str, onderwerp: str,
                     plaatsgevonden: str, inhoud: str = "", reactie: str = "",
                     metadata: Mapping[str, str] | None = None,
                     onderwerpobjecten: Iterable[tuple[str, str, str, str]] = (),
                     actor: str | None = None, taak: tuple[str, str, str] | None = None
                     ) -> str:
        """Seed a klantcontact (as another client made it); returns its uuid. ``taak``:
        (actor uuid, gevraagde handeling, toelichting)."""
        kc = self._maak_klantcontact({"klantcontact": {
            "kanaal": kanaal, "onderwerp": onderwerp, "inhoud": inhoud, "reactie": reactie,
            "indicatieContactGelukt": True, "taal": "nld", "vertrouwelijk": False,
            "plaatsgevondenOp": plaatsgevonden, "metadata": dict(metadata or {})},
            **({"betrokkene": {"wasPartij": {"uuid": partij}, "rol": "klant",
                               "initiator": True}} if partij else {})})["klantcontact"]
        uuid = str(kc["uuid"])
        for codes in onderwerpobjecten:
            self._maak_onderwerpobject({"klantcontact": {"uuid": uuid},
                                        "onderwerpobjectidentificator": dict(zip(
                                            IDENTIFICATOR, codes, strict=True))})
        if actor is not None:
            self._maak_actorklantcontact({"actor": {"uuid": actor},
                                          "klantcontact": {"uuid": uuid}})
        if taak is not None:
            self._maak_internetaak({"gevraagdeHandeling": taak[1], "toelichting": taak[2],
                                    "aanleidinggevendKlantcontact": {"uuid": uuid},
                                    "toegewezenAanActoren": [{"uuid": taak[0]}],
                                    "status": "te_verwerken"})
        return uuid

    def _lijst_klantcontacten(self, v: Verzoek) -> list[Json]:
        expand = set(v.een("expand").split(",")) - {""}
        uit = []
        for kc in sorted(self.klantcontacten.values(), key=lambda k: k["plaatsgevondenOp"],
                         reverse=True):
            uit += [self._toon_klantcontact(kc, expand)] * self._rijen(kc, v.query)
        return uit

    def _rijen(self, kc: Json, query: Mapping[str, list[str]]) -> int:
        """How often the klantcontact is in the filtered list: once per combination of
        matching onderwerpobjecten and betrokkenen (one join per filter, as the real one)."""
        uuid = kc["uuid"]
        objecten = [o["onderwerpobjectidentificator"] or {}
                    for o in self.onderwerpobjecten.values()
                    if (o["klantcontact"] or {}).get("uuid") == uuid]
        partijen = [{"uuid": (b["wasPartij"] or {}).get("uuid")}
                    for b in self.betrokkenen.values() if b["hadKlantcontact"]["uuid"] == uuid]
        filters: dict[str, str] = {}
        aantal = 1
        for k, waarden in query.items():
            w = waarden[0]
            if k == "hadBetrokkene__wasPartij__uuid":
                aantal *= _joins(partijen, {"uuid": w})
            elif k.startswith("onderwerpobject__onderwerpobjectidentificator"):
                veld = k.removeprefix("onderwerpobject__onderwerpobjectidentificator")
                filters[veld[0].lower() + veld[1:]] = w
            elif k not in ("expand", "page", "pageSize"):
                raise AssertionError(f"filter {k} speelt deze nep-Open Klant niet")
        for veld, w in filters.items():
            aantal *= _joins(objecten, {veld: w})
        return aantal

    # -- rendering ---------------------------------------------------------------------------

    def _toon_klantcontact(self, kc: Json, expand: Iterable[str]) -> Json:
        uuid = kc["uuid"]
        betrokkenen = [b for b in self.betrokkenen.values()
                       if b["hadKlantcontact"]["uuid"] == uuid]
        objecten = [o for o in self.onderwerpobjecten.values()
                    if (o["klantcontact"] or {}).get("uuid") == uuid]
        taken = [t for t in self.internetaken.values()
                 if t["aanleidinggevendKlantcontact"]["uuid"] == uuid]
        actoren = [self.actoren[ak["actor"]["uuid"]] for ak in self.actorklantcontacten.values()
                   if ak["klantcontact"]["uuid"] == uuid]
        uit = {**kc, "metadata": _camel(kc["metadata"]),
               "gingOverOnderwerpobjecten": [self._fk("onderwerpobjecten", o["uuid"])
                                             for o in objecten],
               "hadBetrokkenActoren": actoren, "omvatteBijlagen": [],
               "hadBetrokkenen": [self._fk("betrokkenen", b["uuid"]) for b in betrokkenen],
               "leiddeTotInterneTaken": [self._fk("internetaken", t["uuid"]) for t in taken]}
        expand = set(expand)
        if expand:
            uitgebreid: Json = {}
            if "gingOverOnderwerpobjecten" in expand:
                uitgebreid["gingOverOnderwerpobjecten"] = objecten
            if "hadBetrokkenen" in expand:
                uitgebreid["hadBetrokkenen"] = [
                    self._toon_betrokkene(b, "hadBetrokkenen.digitaleAdressen" in expand)
                    for b in betrokkenen]
            if "leiddeTotInterneTaken" in expand:
                uitgebreid["leiddeTotInterneTaken"] = taken
            uit["_expand"] = uitgebreid
        return uit

    def _toon_betrokkene(self, b: Json, uitgebreid: bool) -> Json:
        adressen = [a for a in self.digitaleadressen.values()
                    if (a["verstrektDoorBetrokkene"] or {}).get("uuid") == b["uuid"]]
        uit = {**b, "digitaleAdressen": [self._fk("digitaleadressen", a["uuid"])
                                         for a in adressen],
               "volledigeNaam": _volledige_naam(b.get("contactnaam"))}
        if uitgebreid:
            uit["_expand"] = {"digitaleAdressen": adressen}
        return uit

    # -- for assertions ----------------------------------------------------------------------

    def onderwerpen_van(self, klantcontact: str) -> list[tuple[str, str, str, str]]:
        return sorted(tuple(o["onderwerpobjectidentificator"][k] for k in IDENTIFICATOR)
            for o in self.onderwerpobjecten.values()
            if (o["klantcontact"] or {}).get("uuid") == klantcontact)


def _joins(rijen: list[Json], filters: Mapping[str, str]) -> int:
    """How many rows a list holds for one object filtered on a multi-valued relation: the
    product over the filters of the related rows each one matches (0: not in the list)."""
    aantal = 1
    for k, w in filters.items():
        aantal *= sum(1 for r in rijen if r.get(k) == w)
    return aantal


def _camel(doc: Any) -> Any:
    """Every key camelCased, as Open Klant's renderer does to free-form JSON as well."""
    if isinstance(doc, dict):
        return {_CAMEL.sub(lambda m: m[1] + m[2].upper(), k) if isinstance(k, str) else k:
                _camel(w) for k, w in doc.items()}
    if isinstance(doc, list):
        return [_camel(w) for w in doc]
    return doc


_CAMEL = re.compile(r"([a-z0-9]?)_([a-z0-9])")


def _zonder_null(doc: Any) -> Any:
    if isinstance(doc, dict):
        return {k: _zonder_null(w) for k, w in doc.items() if w is not None}
    if isinstance(doc, list):
        return [_zonder_null(w) for w in doc]
    return doc


def _volledige_naam(naam: Json | None) -> str:
    if not naam:
        return ""
    delen = [naam.get("voornaam"), naam.get("voorvoegselAchternaam"), naam.get("achternaam")]
    return " ".join(d for d in delen if d)


def _naar_utc(tijd: str) -> str:
    """Open Klant returns every offset converted to Z; a time without one is UTC."""
    t = datetime.fromisoformat(tijd)
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return t.astimezone(UTC).isoformat().replace("+00:00", "Z")
