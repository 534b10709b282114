"""werkplek_openklant against a fake Open Klant as strict as the real 2.18: a contact is
several requests, each found-or-created, so a re-send after any failure stores everything
exactly once; the round trips of the contacts a KCC day is made of; a refused key and a
refused field in the agent's words; the partij looked up once per customer.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import replace
from typing import Any

import httpx
import pytest
from werkplek_openklant import GEHEIM, OpenKlantPlugin

from tests.contract import test_openklant as basis
from tests.contract.fixtures_openklant import BERT_BSN, TOKEN, OpenKlant, probleem
from tests.contract.server import Antwoord, Contractserver, Opgenomen, Verzoek
from tests.contract.test_openklant import (
    BERT,
    BRON,
    HAVEN,
    NAAM,
    PROFIEL,
    MaakPlugin,
    contact,
    ontvanger,
    posts,
)
from tests.sleutelbos import GeheugenKeyring
from werkplek.domain.model import (
    Afhandeling,
    Contactmoment,
    Contactverzoek,
    Kanaal,
    Klantnaam,
    KlantRef,
)
from werkplek.ports import BronFout, BronOnbereikbaar, Toegangsfout

# the fixtures of test_openklant, shared
sleutel = basis.sleutel
server = basis.server
ok = basis.ok
maak_plugin = basis.maak_plugin
plugin = basis.plugin

BELLER = "+31612345678"
TERUGBEL = "+31687654321"


async def volledig(plugin: OpenKlantPlugin, ok: OpenKlant) -> Contactmoment:
    """A contact that needs every step: partij, actor, klantcontact with betrokkene, the
    agent's actorklantcontact, four onderwerpobjecten, two digitale adressen, an internetaak."""
    ok.actor("Afdeling Burgerzaken", "organisatorische_eenheid", object_id="burgerzaken",
             codeobjecttype="afd")
    return contact(zaken=("ZAAK-2026-0001", "ZAAK-2026-0007"), telefoonnummer=BELLER,
                   afhandeling=Afhandeling.TERUGBELVERZOEK,
                   klantnaam=Klantnaam("Bert", "", "Burger"),
                   verzoek=Contactverzoek(await ontvanger(plugin, "burgerzaken"), "Terugbellen",
                                          "Graag terugbellen over de spoedprocedure.", TERUGBEL))


def precies_eenmaal(ok: OpenKlant, c: Contactmoment, actoren_vooraf: int) -> None:
    """The server holds the contact exactly once: every part once, nothing twice."""
    assert ok.geweigerd == [] or all("Geweigerd voor de test" in g for g in ok.geweigerd)
    [kc] = ok.klantcontacten
    assert len(ok.partijen) == 1
    assert len(ok.betrokkenen) == 1
    assert len(ok.actorklantcontacten) == 1
    assert len(ok.actoren) == actoren_vooraf + 1  # the agent's actor, made once
    assert len(ok.internetaken) == 1
    onderwerpen = ok.onderwerpen_van(kc)
    assert len(onderwerpen) == len(set(onderwerpen)) == 4  # id, two zaken, a kennisartikel
    adressen = Counter(a["adres"] for a in ok.digitaleadressen.values())
    assert adressen == Counter({BELLER: 1, TERUGBEL: 1})
    [b] = ok.betrokkenen.values()
    assert b["wasPartij"]["uuid"] in ok.partijen
    assert all(a["verstrektDoorBetrokkene"]["uuid"] == b["uuid"]
               for a in ok.digitaleadressen.values())


STAPPEN = ["/partijen", "/actoren", "/maak-klantcontact", "/actorklantcontacten",
           "/onderwerpobjecten", "/digitaleadressen", "/internetaken"]
"""Every POST of a registration, in the order a new customer's first contact needs them."""
MANIEREN: dict[str, dict[str, Any]] = {
    "400": {"status": 400},
    "500": {"status": 500},
    "500-na-opslaan": {"status": 500, "na_opslaan": True},
    "verbroken": {"verbroken": True},
    "verbroken-na-opslaan": {"verbroken": True, "na_opslaan": True},
}


@pytest.mark.parametrize("manier", list(MANIEREN))
@pytest.mark.parametrize("stap", STAPPEN)
@pytest.mark.asyncio
async def test_een_storing_bij_elke_stap_en_opnieuw_verzenden_slaat_alles_eenmaal_op(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver, stap: str,
        manier: str) -> None:
    c = await volledig(plugin, ok)
    vooraf = len(ok.actoren)
    ok.storing("POST", stap, **MANIEREN[manier])
    verwacht = BronOnbereikbaar if manier != "400" else BronFout
    with pytest.raises(verwacht) as fout:
        await plugin.registreer(c)
    assert isinstance(fout.value, BronOnbereikbaar) == (manier != "400")
    assert await plugin.registreer(c) == replace(c, bron=BRON)
    precies_eenmaal(ok, c, vooraf)
    # a third send finds everything and writes nothing
    aantal = len(server.verzoeken)
    await plugin.registreer(c)
    assert [v.methode for v in server.verzoeken[aantal:]] == ["GET"]
    [terug] = await plugin.contactmomenten(BERT)
    assert replace(terug, zaken=tuple(sorted(terug.zaken))) == replace(
        c, bron=BRON, klantnaam=None)


@pytest.mark.parametrize("pad", ["/partijen", "/klantcontacten", "/actoren"])
@pytest.mark.asyncio
async def test_een_storing_bij_een_opzoeking_en_opnieuw_verzenden(
        plugin: OpenKlantPlugin, ok: OpenKlant, pad: str) -> None:
    c = await volledig(plugin, ok)
    vooraf = len(ok.actoren)
    ok.storing("GET", pad, 503)
    with pytest.raises(BronOnbereikbaar):
        await plugin.registreer(c)
    await plugin.registreer(c)
    precies_eenmaal(ok, c, vooraf)


@pytest.mark.asyncio
async def test_een_te_laat_antwoord_na_opslaan_geeft_geen_tweede_contact(
        plugin: OpenKlantPlugin, ok: OpenKlant) -> None:
    ok.storing("POST", "/maak-klantcontact", na_opslaan=True, vertraging=1.0)
    with pytest.raises(BronOnbereikbaar, match=r"0\.5 seconden"):
        await plugin.registreer(contact())
    await plugin.registreer(contact())
    assert len(ok.klantcontacten) == 1 and len(ok.actorklantcontacten) == 1


@pytest.mark.asyncio
async def test_een_klantcontact_zonder_betrokkene_wordt_aangevuld(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver) -> None:
    """Klantcontact made, betrokkene not (a crash halfway of an earlier client or
    version): the re-send adds the betrokkene and the rest, never a second klantcontact."""
    c = contact()
    bert = ok.persoon(BERT_BSN)
    kc = ok.klantcontact(partij=None, kanaal="telefoon", onderwerp=c.onderwerp,
                         plaatsgevonden=c.begin.isoformat(),
                         onderwerpobjecten=[("werkplek-contactmoment", "werkplek", "id", c.id)])
    await plugin.registreer(c)
    assert posts(server, "/maak-klantcontact") == []
    [b] = posts(server, "/betrokkenen")
    assert b == {"wasPartij": {"uuid": bert}, "rol": "klant", "initiator": True,
                 "hadKlantcontact": {"uuid": kc}}
    assert list(ok.klantcontacten) == [kc]
    assert len(ok.onderwerpen_van(kc)) == 3
    assert [c.id for c in await plugin.contactmomenten(BERT)] == [c.id]


# -- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("soort", ["telefoon", "terugbelverzoek", "zaak-gestart"])
@pytest.mark.asyncio
async def test_een_contact_komt_heel_terug(plugin: OpenKlantPlugin, ok: OpenKlant,
                                           soort: str) -> None:
    """A call with the caller's number, a terugbelverzoek with a number, a contact that
    started a zaak: kanaal, afhandeling, begin, einde, numbers and recipient intact."""
    ok.actor("M. de Wit", object_id="mdewit", telefoon="0201234567")
    if soort == "telefoon":
        c = contact(telefoonnummer=BELLER)
    elif soort == "terugbelverzoek":
        c = contact(kanaal=Kanaal.EMAIL, afhandeling=Afhandeling.TERUGBELVERZOEK,
                    verzoek=Contactverzoek(await ontvanger(plugin, "mdewit"), "Terugbellen",
                                           "Bert wil de uitslag horen.", TERUGBEL))
    else:
        c = contact(kanaal=Kanaal.BALIE, afhandeling=Afhandeling.ZAAK_GESTART,
                    zaken=("ZAAK-2026-0042",))
    await plugin.registreer(c)
    assert ok.geweigerd == []
    [terug] = await plugin.contactmomenten(BERT)
    assert terug == replace(c, bron=BRON)
    assert (terug.kanaal, terug.afhandeling, terug.begin, terug.einde) == (
        c.kanaal, c.afhandeling, c.begin, c.einde)
    assert terug.einde > terug.begin
    if c.verzoek is not None:
        assert terug.verzoek is not None
        assert (terug.verzoek.ontvanger.code, terug.verzoek.terugbelnummer) == (
            "mdewit", TERUGBEL)


@pytest.mark.asyncio
async def test_metadata_wordt_in_camelcase_geschreven_en_in_beide_vormen_gelezen(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver) -> None:
    await plugin.registreer(contact(afhandeling=Afhandeling.ZAAK_GESTART))
    [maak] = posts(server, "/maak-klantcontact")
    assert set(maak["klantcontact"]["metadata"]) == {"werkplekAfhandeling", "werkplekEinde"}
    # a contact written earlier with snake_case keys reads back the same
    bert = next(iter(ok.partijen))
    ok.klantcontact(partij=bert, kanaal="telefoon", onderwerp="Eerder",
                    plaatsgevonden="2026-01-05T09:00:00Z",
                    metadata={"werkplek_afhandeling": "doorverwezen",
                              "werkplek_einde": "2026-01-05T09:12:00Z"})
    eerder = (await plugin.contactmomenten(BERT))[-1]
    assert eerder.afhandeling is Afhandeling.DOORVERWEZEN
    assert (eerder.einde - eerder.begin).total_seconds() == 12 * 60


@pytest.mark.asyncio
async def test_dubbele_rijen_in_een_lijst_worden_een_contact(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver,
        caplog: pytest.LogCaptureFixture) -> None:
    """The real server lists a klantcontact once per matching onderwerpobject (and per
    betrokkene of the partij): werkplek counts each uuid once."""
    caplog.set_level(logging.WARNING)
    c = contact(kennisartikelen=("paspoort-aanvragen", "spoedprocedure"))
    await plugin.registreer(c)
    [kc] = ok.klantcontacten
    ok._maak_betrokkene({"hadKlantcontact": {"uuid": kc}, "rol": "vertegenwoordiger",
                         "initiator": False, "wasPartij": {"uuid": next(iter(ok.partijen))}})
    await plugin.registreer(c)  # the look-up by werkplek's id comes back several times
    assert len(ok.klantcontacten) == 1 and len(ok.actorklantcontacten) == 1
    uit = await plugin.contactmomenten(BERT)
    assert [x.id for x in uit] == [c.id]
    # the fake did answer both look-ups with the klantcontact more than once
    id_vraag, historie = server.van("GET", "/klantcontacten")[-2:]
    assert herhaald(server, id_vraag) == 9  # id, two artikelen: 1 x 3 x 3 x 1 joined rows
    assert herhaald(server, historie) == 2  # two betrokkenen of Bert
    assert "klantcontacten met één werkplek-id" not in caplog.text


def herhaald(server: Contractserver, vraag: Opgenomen) -> int:
    """How many rows the fake lists for the query of a recorded request."""
    query = [(k, w) for k, ws in vraag.query.items() for w in ws]
    antwoord = httpx.get(server.url + vraag.pad, params=query,
                         headers={"Authorization": f"Token {TOKEN}"})
    rijen = antwoord.json()["results"]
    assert len({r["uuid"] for r in rijen}) == 1
    return len(rijen)


# -- a refused key, a refused field ----------------------------------------------------------


@pytest.mark.asyncio
async def test_een_verkeerde_sleutel_is_een_toegangsfout_en_gaat_na_herstel_door(
        sleutel: GeheugenKeyring, ok: OpenKlant, maak_plugin: MaakPlugin) -> None:
    dienst, naam = f"werkplek/{PROFIEL}", f"{NAAM}.{GEHEIM}"
    sleutel.set_password(dienst, naam, "verkeerde-sleutel")
    p = maak_plugin()
    c = contact(telefoonnummer=BELLER)
    with pytest.raises(Toegangsfout) as fout:
        await p.registreer(c)
    assert f"werkplek secrets set {PROFIEL} {NAAM} {GEHEIM}" in str(fout.value)
    assert "verkeerde-sleutel" not in str(fout.value)
    sleutel.set_password(dienst, naam, TOKEN)
    assert await p.registreer(c) == replace(c, bron=BRON)
    assert len(ok.klantcontacten) == len(ok.digitaleadressen) == len(ok.partijen) == 1


@pytest.mark.asyncio
async def test_een_sleutel_ingetrokken_halverwege_en_daarna_hersteld(
        sleutel: GeheugenKeyring, plugin: OpenKlantPlugin, ok: OpenKlant,
        server: Contractserver) -> None:
    """The key is revoked right after the klantcontact was stored: the rest is refused with
    401; with the new key the same registration completes it, nothing twice."""
    c = await volledig(plugin, ok)
    vooraf = len(ok.actoren)
    gewoon = next(h for m, r, h in server.routes if m == "POST" and r.match("/maak-klantcontact"))

    def en_dan_ingetrokken(v: Verzoek) -> Antwoord:
        antwoord = gewoon(v)
        ok.token = "nieuwe-sleutel-7f3a"
        return antwoord

    server.route("POST", "/maak-klantcontact", en_dan_ingetrokken)
    with pytest.raises(Toegangsfout, match="werkplek secrets set"):
        await plugin.registreer(c)
    assert len(ok.klantcontacten) == 1 and ok.internetaken == {}
    sleutel.set_password(f"werkplek/{PROFIEL}", f"{NAAM}.{GEHEIM}", "nieuwe-sleutel-7f3a")
    await plugin.registreer(c)
    precies_eenmaal(ok, c, vooraf)


@pytest.mark.asyncio
async def test_een_bsn_dat_de_elfproef_niet_doorstaat_noemt_het_veld(
        plugin: OpenKlantPlugin, ok: OpenKlant) -> None:
    fout_bsn = "123456789"
    with pytest.raises(BronFout) as fout:
        await plugin.registreer(contact(klant=KlantRef.persoon(fout_bsn)))
    assert not isinstance(fout.value, BronOnbereikbaar)
    assert "‘BSN of KvK-nummer’" in str(fout.value)
    assert "Onjuist BSN nummer" in str(fout.value)
    assert fout_bsn not in str(fout.value)
    assert ok.klantcontacten == {}


@pytest.mark.parametrize(("pad", "veld", "naam"), [
    ("/maak-klantcontact", "klantcontact.onderwerp", "Onderwerp"),
    ("/maak-klantcontact", "klantcontact.inhoud", "Vraag"),
    ("/maak-klantcontact", "klantcontact.reactie", "Antwoord"),
    ("/maak-klantcontact", "klantcontact.kanaal", "Kanaal"),
    ("/digitaleadressen", "adres", "Telefoonnummer"),
    ("/internetaken", "toelichting", "Toelichting"),
    ("/internetaken", "gevraagdeHandeling", "Gevraagde handeling"),
    ("/partijen", "partijIdentificatoren.0.partijIdentificatorObjectId", "BSN of KvK-nummer"),
])
@pytest.mark.asyncio
async def test_een_geweigerd_veld_heet_in_de_melding_zoals_de_medewerker_het_kent(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver, *, pad: str,
        veld: str, naam: str) -> None:
    c = await volledig(plugin, ok)
    server.route("POST", pad, lambda v: probleem(400, "Invalid input.", [
        (veld, "invalid", "Deze waarde is ongeldig.")]))
    with pytest.raises(BronFout) as fout:
        await plugin.registreer(c)
    assert not isinstance(fout.value, BronOnbereikbaar)
    assert f"weigerde het veld ‘{naam}’ (Deze waarde is ongeldig.)" in str(fout.value)


# -- the partij, looked up once --------------------------------------------------------------


def met_bsn(server: Contractserver, vanaf: int = 0) -> list[str]:
    """The requests from ``vanaf`` on that carry the BSN, in the query or the body."""
    return [f"{v.methode} {v.pad}" for v in server.verzoeken[vanaf:]
            if any(BERT_BSN in w for ws in v.query.values() for w in ws)
            or BERT_BSN.encode() in v.inhoud]


@pytest.mark.asyncio
async def test_de_partij_wordt_eenmaal_opgezocht_en_bewaard(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver,
        maak_plugin: MaakPlugin) -> None:
    bert = ok.persoon(BERT_BSN, "Bert", "Burger")
    ok.klantcontact(partij=bert, kanaal="e-mail", onderwerp="Paspoort",
                    plaatsgevonden="2026-01-05T09:00:00Z")
    assert len(await plugin.contactmomenten(BERT)) == 1
    assert met_bsn(server) == ["GET /partijen"]
    na_eerste = len(server.verzoeken)
    assert len(await plugin.contactmomenten(BERT)) == 1
    await plugin.registreer(contact())
    # a new plugin with the same store (the next start of werkplek) does not ask either
    assert len(await maak_plugin().contactmomenten(BERT)) == 2
    assert met_bsn(server, na_eerste) == []
    [b] = [b for b in ok.betrokkenen.values() if b["hadKlantcontact"]["uuid"] != next(
        iter(ok.klantcontacten))]
    assert b["wasPartij"]["uuid"] == bert


@pytest.mark.asyncio
async def test_een_nieuwe_partij_wordt_bewaard_en_niet_opnieuw_opgezocht(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver) -> None:
    await plugin.registreer(contact())
    assert met_bsn(server) == ["GET /partijen", "POST /partijen"]
    vanaf = len(server.verzoeken)
    await plugin.registreer(contact(id="9b2e7c44-1d3a-4f5e-8a6b-7c8d9e0f1a2b"))
    assert len(await plugin.contactmomenten(BERT)) == 2
    assert met_bsn(server, vanaf) == []


@pytest.mark.asyncio
async def test_een_verdwenen_partij_wordt_vergeten_en_opnieuw_opgezocht(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver) -> None:
    """Open Klant's beheerder merged the partij away: the kept uuid is forgotten, the
    customer looked up again, for the history and for a registration."""
    oud = ok.persoon(BERT_BSN, "Bert", "Burger")
    assert await plugin.contactmomenten(BERT) == []
    del ok.partijen[oud]
    nieuw = ok.persoon(BERT_BSN, "Bert", "Burger")
    ok.klantcontact(partij=nieuw, kanaal="e-mail", onderwerp="Paspoort",
                    plaatsgevonden="2026-01-05T09:00:00Z")
    assert len(await plugin.contactmomenten(BERT)) == 1
    del ok.partijen[nieuw]
    derde = ok.persoon(BERT_BSN, "Bert", "Burger")
    await plugin.registreer(contact())
    [b] = [b for b in ok.betrokkenen.values() if b["wasPartij"]["uuid"] == derde]
    assert len(ok.klantcontacten) == 2 and b["hadKlantcontact"]["uuid"] in ok.klantcontacten


@pytest.mark.parametrize(("klant", "naam", "identificatie", "getoond"), [
    (BERT, Klantnaam("Bert", "van", "Burger"),
     {"contactnaam": {"voornaam": "Bert", "voorvoegselAchternaam": "van",
                      "achternaam": "Burger"}}, "Bert van Burger"),
    (HAVEN, Klantnaam(naam="Havenbedrijf Demodam B.V."),
     {"naam": "Havenbedrijf Demodam B.V."}, "Havenbedrijf Demodam B.V."),
], ids=["persoon", "organisatie"])
@pytest.mark.asyncio
async def test_een_nieuwe_partij_krijgt_de_naam_van_de_klant(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver, *, klant: KlantRef,
        naam: Klantnaam, identificatie: dict[str, Any], getoond: str) -> None:
    await plugin.registreer(contact(klant=klant, klantnaam=naam, zaken=()))
    [partij] = posts(server, "/partijen")
    assert partij["partijIdentificatie"] == identificatie
    [opgeslagen] = ok.partijen.values()
    ident = opgeslagen["partijIdentificatie"]
    assert ident.get("volledigeNaam", ident.get("naam")) == getoond


# -- the fake refuses what the real Open Klant 2.18 refuses ----------------------------------


def stuur(server: Contractserver, methode: str, pad: str, *, json: Any = None,
          params: dict[str, str] | None = None, kop: str | None = f"Token {TOKEN}"
          ) -> httpx.Response:
    return httpx.request(methode, server.url + pad, json=json, params=params,
                         headers={"Authorization": kop} if kop is not None else {})


def weigering(antwoord: httpx.Response) -> tuple[int, str, list[tuple[str, str, str]]]:
    """Status, code and invalidParams of an error answer."""
    doc = antwoord.json()
    assert set(doc) >= {"type", "code", "title", "status", "invalidParams"}
    assert doc["status"] == antwoord.status_code
    return antwoord.status_code, doc["code"], [(p["name"], p["code"], p["reason"])
                                               for p in doc["invalidParams"]]


def _kc(**extra: Any) -> dict[str, Any]:
    return {"kanaal": "telefoon", "onderwerp": "Paspoort", "taal": "nld",
            "vertrouwelijk": False, **extra}


GEEN = "3f1c9a52-6a0e-4d7b-9a51-0c2f4e8b7d11"
"""A uuid no object has."""
Bouwer = Any


WEIGERINGEN: list[tuple[str, str, str, Bouwer, tuple[str, str, str]]] = [
    ("onbekende-parameter", "GET", "/klantcontacten", None,
     ("nonFieldErrors", "unknown-parameters", "Onbekende query parameters: hadBetrokkene")),
    ("verwijzing-bestaat-niet", "POST", "/betrokkenen", lambda i: {
        "hadKlantcontact": {"uuid": i["kc"]}, "wasPartij": {"uuid": GEEN}, "rol": "klant",
        "initiator": True}, ("wasPartij.uuid", "invalid", "Partij object bestaat niet.")),
    ("internetaak-zonder-actoren", "POST", "/internetaken", lambda i: {
        "gevraagdeHandeling": "Terugbellen", "aanleidinggevendKlantcontact": {"uuid": i["kc"]},
        "status": "te_verwerken"}, ("nonFieldErrors", "invalid", "`toegewezen_aan_actor` of "
                                    "`toegewezen_aan_actoren` is required (mag niet beiden "
                                    "gebruiken).")),
    ("internetaak-met-beide", "POST", "/internetaken", lambda i: {
        "gevraagdeHandeling": "Terugbellen", "aanleidinggevendKlantcontact": {"uuid": i["kc"]},
        "status": "te_verwerken", "toegewezenAanActor": {"uuid": i["actor"]},
        "toegewezenAanActoren": [{"uuid": i["actor"]}]},
     ("nonFieldErrors", "invalid", "`toegewezen_aan_actor` en `toegewezen_aan_actoren` mag "
                                   "niet beiden gebruikt worden.")),
    ("bsn-elfproef", "POST", "/partijen", lambda i: {
        "soortPartij": "persoon", "indicatieActief": True, "partijIdentificatie": {},
        "partijIdentificatoren": [{"partijIdentificator": {
            "codeObjecttype": "natuurlijk_persoon", "codeRegister": "brp",
            "codeSoortObjectId": "bsn", "objectId": "123456789"}}]},
     ("partijIdentificatoren.0.partijIdentificatorObjectId", "invalid",
      "Deze waarde is ongeldig, reden: Onjuist BSN nummer")),
    ("partij-identificator-uniek", "POST", "/partijen", lambda i: {
        "soortPartij": "persoon", "indicatieActief": True, "partijIdentificatie": {},
        "partijIdentificatoren": [{"partijIdentificator": {
            "codeObjecttype": "natuurlijk_persoon", "codeRegister": "brp",
            "codeSoortObjectId": "bsn", "objectId": BERT_BSN}}]},
     ("__all__", "invalid", "`PartijIdentificator` moet uniek zijn, er bestaat er al een met "
                            "deze gegevenscombinatie.")),
    ("gelukt-en-verdere-actie", "POST", "/klantcontacten", lambda i: _kc(
        indicatieContactGelukt=True, verdereActieOndernomen=True),
     ("nonFieldErrors", "no-further-action-when-contact-succesful",
      "Als het contact gelukt is kan er geen verdere actie zijn ondernomen")),
    ("gelukt-en-verdere-actie-in-een-keer", "POST", "/maak-klantcontact", lambda i: {
        "klantcontact": _kc(indicatieContactGelukt=True, verdereActieOndernomen=True)},
     ("klantcontact.nonFieldErrors", "no-further-action-when-contact-succesful",
      "Als het contact gelukt is kan er geen verdere actie zijn ondernomen")),
    ("digitaal-adres-zonder-verstrekt-door-partij", "POST", "/digitaleadressen", lambda i: {
        "verstrektDoorBetrokkene": {"uuid": i["betrokkene"]}, "adres": "0612345678",
        "soortDigitaalAdres": "telefoonnummer"},
     ("verstrektDoorPartij", "required", "Dit veld is vereist.")),
]


@pytest.fixture
def gevuld(ok: OpenKlant) -> dict[str, str]:
    bert = ok.persoon(BERT_BSN, "Bert", "Burger")
    kc = ok.klantcontact(partij=bert, kanaal="telefoon", onderwerp="Paspoort",
                         plaatsgevonden="2026-01-05T09:00:00Z")
    return {"bert": bert, "kc": kc, "actor": ok.actor("M. de Wit", object_id="mdewit"),
            "betrokkene": next(iter(ok.betrokkenen))}


@pytest.mark.parametrize(("methode", "pad", "inhoud", "param"),
                         [g[1:] for g in WEIGERINGEN], ids=[g[0] for g in WEIGERINGEN])
def test_de_nep_open_klant_weigert_wat_de_echte_weigert(
        server: Contractserver, ok: OpenKlant, gevuld: dict[str, str], *, methode: str,
        pad: str, inhoud: Bouwer, param: tuple[str, str, str]) -> None:
    aantallen = {k: len(t) for k, t in vars(ok).items() if isinstance(t, dict)}
    antwoord = stuur(server, methode, pad, json=inhoud(gevuld) if inhoud else None,
                     params={"hadBetrokkene": "x"} if methode == "GET" else None)
    assert weigering(antwoord) == (400, "invalid", [param])
    assert antwoord.headers["Content-Type"] == "application/problem+json"
    assert {k: len(t) for k, t in vars(ok).items() if isinstance(t, dict)} == aantallen


def test_de_nep_open_klant_neemt_een_digitaal_adres_met_verstrekt_door_partij_null(
        server: Contractserver, ok: OpenKlant, gevuld: dict[str, str]) -> None:
    antwoord = stuur(server, "POST", "/digitaleadressen", json={
        "verstrektDoorBetrokkene": {"uuid": gevuld["betrokkene"]}, "verstrektDoorPartij": None,
        "adres": "0612345678", "soortDigitaalAdres": "telefoonnummer"})
    assert antwoord.status_code == 201 and len(ok.digitaleadressen) == 1


@pytest.mark.parametrize(("pad", "inhoud", "veld"), [
    ("/betrokkenen", lambda s, i: {"hadKlantcontact": f"{s.url}/klantcontacten/{i['kc']}",
                                   "rol": "klant", "initiator": True}, "hadKlantcontact"),
    ("/betrokkenen", lambda s, i: {"hadKlantcontact": {"uuid": i["kc"]}, "rol": "klant",
                                   "initiator": True,
                                   "wasPartij": {"url": f"{s.url}/partijen/{i['bert']}"}},
     "wasPartij"),
    ("/klantcontacten", lambda s, i: _kc(onderwerp="o" * 201), "too long"),
    ("/maak-klantcontact", lambda s, i: {"klantcontact": _kc(onderwerp="o" * 201)}, "too long"),
], ids=["kale-url", "alleen-url", "onderwerp-te-lang", "onderwerp-te-lang-in-een-keer"])
def test_wat_de_spec_al_verbiedt_weigert_de_contractserver(
        server: Contractserver, ok: OpenKlant, gevuld: dict[str, str], *, pad: str,
        inhoud: Bouwer, veld: str) -> None:
    """A reference as a bare URL or as {url}, an onderwerp over 200 characters: the real
    server answers 400; the spec forbids them too, so the contract server already refuses
    them (599) and fails any test whose plugin sends one."""
    aantal = len(ok.klantcontacten) + len(ok.betrokkenen)
    antwoord = stuur(server, "POST", pad, json=inhoud(server, gevuld))
    assert antwoord.status_code == 599
    [afwijking] = server.afwijkingen
    assert veld in afwijking
    assert len(ok.klantcontacten) + len(ok.betrokkenen) == aantal
    server.afwijkingen.clear()  # expected here; any other deviation still fails the test


@pytest.mark.parametrize(("kop", "code"), [
    ("Token verkeerde-sleutel", "authentication_failed"),
    (f"Bearer {TOKEN}", "not_authenticated"),
], ids=["verkeerd", "bearer"])
def test_de_nep_open_klant_weigert_een_verkeerde_sleutel_met_401(
        server: Contractserver, ok: OpenKlant, kop: str | None, code: str) -> None:
    partij = {"soortPartij": "organisatie", "indicatieActief": True,
              "partijIdentificatie": {"naam": "Havenbedrijf"}}
    for methode, pad in (("GET", "/partijen"), ("POST", "/partijen")):
        antwoord = stuur(server, methode, pad, kop=kop,
                         json=partij if methode == "POST" else None)
        doc = antwoord.json()
        assert (antwoord.status_code, doc["code"], doc["status"]) == (401, code, 401)
    assert ok.partijen == {}
    doc = stuur(server, "GET", "/partijen", kop="Token verkeerde-sleutel").json()
    assert doc["detail"] == "Ongeldige token."


def test_de_nep_open_klant_geeft_metadata_in_camelcase_terug(
        server: Contractserver, ok: OpenKlant) -> None:
    ok.klantcontact(partij=None, kanaal="telefoon", onderwerp="x",
                    plaatsgevonden="2026-01-05T09:00:00Z",
                    metadata={"werkplek_einde": "2026-01-05T09:10:00Z", "al_camel": "ja"})
    [kc] = stuur(server, "GET", "/klantcontacten").json()["results"]
    assert kc["metadata"] == {"werkplekEinde": "2026-01-05T09:10:00Z", "alCamel": "ja"}


def test_de_nep_open_klant_pagineert_per_honderd(server: Contractserver, ok: OpenKlant
                                                 ) -> None:
    for i in range(101):
        ok.klantcontact(partij=None, kanaal="telefoon", onderwerp=f"contact {i}",
                        plaatsgevonden=f"2026-01-05T09:{i // 60:02d}:{i % 60:02d}Z")
    pagina = stuur(server, "GET", "/klantcontacten").json()
    assert (pagina["count"], len(pagina["results"]), pagina["previous"]) == (101, 100, None)
    assert "page=2" in pagina["next"]
    tweede = httpx.get(pagina["next"], headers={"Authorization": f"Token {TOKEN}"}).json()
    assert (len(tweede["results"]), tweede["next"]) == (1, None)
    klein = stuur(server, "GET", "/klantcontacten", params={"pageSize": "2"}).json()
    assert len(klein["results"]) == 2 and klein["count"] == 101
