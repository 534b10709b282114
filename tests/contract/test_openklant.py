"""werkplek_openklant against Open Klant's Klantinteracties API 0.9.0, over real HTTP.

Every request the plugin sends and every answer it reads is checked against the official
spec by the Contractserver; ``fixtures_openklant.OpenKlant`` keeps the state in memory so a
contact can be written and read back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from werkplek_openklant import GEHEIM, LIMIETEN, OpenKlantPlugin, create_plugin

from tests.contract.fixtures_openklant import (
    BERT_BSN,
    HAVEN_KVK,
    JAN_BSN,
    SPEC,
    TOKEN,
    OpenKlant,
    probleem,
)
from tests.contract.server import Antwoord, Contractserver, Verzoek, overlappen
from tests.hulp import gesloten_na_afloop
from tests.sleutelbos import GeheugenKeyring
from werkplek.domain.model import (
    TIJDZONE,
    Afhandeling,
    ChecklistAntwoord,
    Contactmoment,
    Contactverzoek,
    Kanaal,
    KlantRef,
    Medewerker,
    Ontvanger,
    OntvangerSoort,
    Rol,
)
from werkplek.ports import BronFout, BronOnbereikbaar, Capability, PluginContext, Toegangsfout
from werkplek.services.plugins import KeyringGeheimen

PROFIEL = "test"
NAAM = "openklant"
BRON = "Open Klant Demodam"
MEDEWERKER = Medewerker("kcc.jdevries", "J. de Vries", Rol.TELEFOON)
BERT = KlantRef.persoon(BERT_BSN)
JAN = KlantRef.persoon(JAN_BSN)
HAVEN = KlantRef.bedrijf(HAVEN_KVK)
BEGIN = datetime(2026, 3, 2, 10, 15, tzinfo=TIJDZONE)

def config(url: str, **extra: Any) -> dict[str, Any]:
    return {"url": url, "bronnaam": BRON, "timeout_seconden": 0.5, **extra}


@pytest.fixture
def sleutel(sleutelbos: GeheugenKeyring) -> GeheugenKeyring:
    sleutelbos.set_password(f"werkplek/{PROFIEL}", f"{NAAM}.{GEHEIM}", TOKEN)
    return sleutelbos


@pytest.fixture
def server(contractserver: Callable[[str], Contractserver]) -> Contractserver:
    return contractserver(SPEC)


@pytest.fixture
def ok(server: Contractserver) -> OpenKlant:
    return OpenKlant(server)


MaakPlugin = Callable[..., OpenKlantPlugin]


@pytest_asyncio.fixture
async def maak_plugin(tmp_path: Path, server: Contractserver) -> AsyncIterator[MaakPlugin]:
    context = PluginContext(naam=NAAM, profiel=PROFIEL, data_dir=tmp_path,
                            medewerker=MEDEWERKER, geheimen=KeyringGeheimen(PROFIEL, NAAM))
    async with gesloten_na_afloop() as bewaar:
        yield lambda **extra: bewaar(create_plugin(config(server.url, **extra), context))


@pytest_asyncio.fixture
async def plugin(sleutel: GeheugenKeyring, ok: OpenKlant, maak_plugin: MaakPlugin
                 ) -> OpenKlantPlugin:
    return maak_plugin()


def contact(**anders: Any) -> Contactmoment:
    c = Contactmoment(
        id="3f1c9a52-6a0e-4d7b-9a51-0c2f4e8b7d11", klant=BERT, kanaal=Kanaal.TELEFOON,
        onderwerp="Paspoort verloopt", vraag="Mijn paspoort verloopt over twee weken; "
        "hoe snel kan ik een nieuw krijgen?", antwoord="Afspraak maken; klaar na vijf "
        "werkdagen.", afhandeling=Afhandeling.IN_EEN_KEER, medewerker=MEDEWERKER.gebruikersnaam,
        begin=BEGIN, einde=BEGIN + timedelta(minutes=6), zaken=("ZAAK-2026-0001",),
        kennisartikelen=("paspoort-aanvragen",))
    return replace(c, **anders)


def posts(server: Contractserver, pad: str) -> list[Any]:
    return [v.json() for v in server.van("POST", pad) if v.pad == pad and v.status == 201]


def zonder_bsn(caplog: pytest.LogCaptureFixture, *bsns: str) -> None:
    for bsn in bsns:
        assert bsn not in caplog.text
        for r in caplog.records:
            assert bsn not in r.getMessage()


# -- create_plugin and configuration -------------------------------------------------------


def test_plugin_noemt_zijn_capability_en_de_limieten_van_de_spec(tmp_path: Path) -> None:
    context = PluginContext(NAAM, PROFIEL, tmp_path, MEDEWERKER, KeyringGeheimen(PROFIEL, NAAM))
    p = create_plugin({"url": "https://openklant.demodam.nl/klantinteracties/api/v1"}, context)
    assert p.capabilities == frozenset({Capability.KLANTCONTACTEN})
    assert (p.limieten.onderwerp, p.limieten.vraag, p.limieten.antwoord,
            p.limieten.toelichting) == (200, 1000, 4000, 1000)
    assert p.bron == "Open Klant"
    asyncio.run(p.aclose())


@pytest.mark.parametrize(("instelling", "sleutel"), [
    ({}, "url"),
    ({"url": "ftp://openklant.demodam.nl"}, "url"),
    ({"url": "https://kcc:geheim@openklant.demodam.nl"}, "url"),
    ({"url": "https://o.nl", "timeout_seconden": 0}, "timeout_seconden"),
    ({"url": "https://o.nl", "taal": "Nederlands"}, "taal"),
    ({"url": "https://o.nl", "kanalen": {"fax": "Fax"}}, "kanalen.fax"),
    ({"url": "https://o.nl", "kanalen": {"balie": "x" * 51}}, "kanalen.balie"),
    ({"url": "https://o.nl", "kanalen": {"balie": "telefoon"}}, "kanalen"),
    ({"url": "https://o.nl", "zaak_register": ""}, "zaak_register"),
])
def test_een_fout_in_de_instellingen_noemt_de_sleutel(
        tmp_path: Path, instelling: dict[str, Any], sleutel: str) -> None:
    context = PluginContext(NAAM, PROFIEL, tmp_path, MEDEWERKER, KeyringGeheimen(PROFIEL, NAAM))
    with pytest.raises(ValueError, match=f"instelling {sleutel}"):
        create_plugin(instelling, context)


@pytest.mark.asyncio
async def test_health_en_het_token_in_de_kopregel(
        plugin: OpenKlantPlugin, server: Contractserver) -> None:
    gezond = await plugin.health()
    assert gezond.in_orde, gezond.toelichting
    assert server.verzoeken[-1].kop["authorization"] == f"Token {TOKEN}"


@pytest.mark.asyncio
async def test_zonder_sleutel_een_duidelijke_fout_en_geen_verzoek(
        ok: OpenKlant, maak_plugin: MaakPlugin, server: Contractserver) -> None:
    p = maak_plugin()
    gezond = await p.health()
    assert not gezond.in_orde
    assert "api_token" in gezond.toelichting and "sleutelbos" in gezond.toelichting
    with pytest.raises(BronFout, match="sleutelbos"):
        await p.contactmomenten(BERT)
    assert server.verzoeken == []


# -- contactmomenten -----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_geen_partij_is_geen_contact(plugin: OpenKlantPlugin, server: Contractserver,
                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    assert await plugin.contactmomenten(BERT) == []
    assert [(v.methode, v.pad) for v in server.verzoeken] == [("GET", "/partijen")]
    q = server.verzoeken[0].query
    assert q["partijIdentificator__objectId"] == [BERT_BSN]
    assert q["partijIdentificator__codeSoortObjectId"] == ["bsn"]
    assert q["partijIdentificator__codeRegister"] == ["brp"]
    assert q["partijIdentificator__codeObjecttype"] == ["natuurlijk_persoon"]
    zonder_bsn(caplog, BERT_BSN)


@pytest.mark.asyncio
async def test_een_pseudoniem_vraagt_niets(plugin: OpenKlantPlugin, server: Contractserver
                                           ) -> None:
    assert await plugin.contactmomenten(KlantRef.persoon("a3f09c")) == []
    assert server.verzoeken == []


def vul_historie(ok: OpenKlant) -> dict[str, str]:
    """Five klantcontacten of Bert, as other clients (KISS, a form) left them."""
    bert = ok.persoon(BERT_BSN, "Bert", "Burger")
    ok.persoon(JAN_BSN, "Jan", "Burger")
    wit = ok.actor("M. de Wit", object_id="mdewit", telefoon="0201234567")
    kcc = ok.actor("A. Bakker", object_id="a.bakker@demodam.nl", register="msei",
                   soort_id="email")
    wmo = ok.actor("Team Wmo", "organisatorische_eenheid", object_id="wmo",
                   codeobjecttype="grp")
    ids = {
        "balie": ok.klantcontact(
            partij=bert, kanaal="Balie", onderwerp="Verhuizing doorgeven",
            plaatsgevonden="2026-01-05T09:00:00Z", inhoud="Nieuw adres per 1 februari.",
            reactie="Verhuizing is verwerkt.", actor=kcc),
        "telefoon": ok.klantcontact(
            partij=bert, kanaal="Telefonisch", onderwerp="Bijstand aangevraagd",
            plaatsgevonden="2026-02-10T13:30:00Z", inhoud="Wanneer hoor ik iets?",
            onderwerpobjecten=[("zaak", "openzaak", "identificatie", "ZAAK-2026-0042"),
                               ("zgw-Zaak", "openzaak", "uuid",
                                "7d5e0c1a-2b3c-4d5e-8f90-123456789abc")],
            actor=kcc, taak=(wit, "Terugbellen", "Bert wil weten hoe ver zijn aanvraag is.")),
        "email": ok.klantcontact(
            partij=bert, kanaal="E-mail", onderwerp="Kwijtschelding",
            plaatsgevonden="2026-02-11T08:00:00Z", reactie="Formulier gestuurd."),
        "chat": ok.klantcontact(
            partij=bert, kanaal="WhatsApp", onderwerp="Afval ophalen",
            plaatsgevonden="2026-02-12T19:45:00Z", taak=(wmo, "Contact opnemen", "")),
        "fax": ok.klantcontact(
            partij=bert, kanaal="Fax", onderwerp="Oud kanaal",
            plaatsgevonden="2025-12-01T10:00:00"),
    }
    ok.klantcontact(partij=None, kanaal="Telefoon", onderwerp="Anoniem",
                    plaatsgevonden="2026-02-12T10:00:00Z")
    return ids


@pytest.mark.asyncio
async def test_contacthistorie_over_drie_paginas(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    ids = vul_historie(ok)
    ok.per_pagina = 2
    traag(server, "GET", "/actoren/{uuid}")
    uit = await plugin.contactmomenten(BERT)

    lijsten = server.van("GET", "/klantcontacten")
    assert len(lijsten) == 3  # five contacts, two per page
    assert lijsten[0].query["expand"][0].split(",") >= ["gingOverOnderwerpobjecten"]
    assert [c.id for c in uit] == [ids[k] for k in ("chat", "email", "telefoon", "balie",
                                                    "fax")]
    per = {c.id: c for c in uit}
    tel = per[ids["telefoon"]]
    assert (tel.kanaal, tel.onderwerp, tel.vraag, tel.antwoord) == (
        Kanaal.TELEFOON, "Bijstand aangevraagd", "Wanneer hoor ik iets?", "")
    assert tel.begin == datetime(2026, 2, 10, 14, 30, tzinfo=TIJDZONE)
    assert tel.einde == tel.begin  # the API has no end time; unknown is zero length
    assert tel.zaken == ("ZAAK-2026-0042",)  # KISS's uuid link is no zaaknummer
    assert tel.medewerker == "A. Bakker"  # an actor werkplek did not make: its name
    assert tel.afhandeling is Afhandeling.TERUGBELVERZOEK
    assert tel.verzoek is not None
    assert tel.verzoek.ontvanger == Ontvanger(OntvangerSoort.MEDEWERKER, "mdewit", "M. de Wit",
                                              "+31201234567", NAAM)
    assert (tel.verzoek.handeling, tel.verzoek.toelichting) == (
        "Terugbellen", "Bert wil weten hoe ver zijn aanvraag is.")
    assert per[ids["chat"]].kanaal is Kanaal.CHAT
    assert per[ids["chat"]].verzoek is not None
    assert per[ids["chat"]].verzoek.ontvanger.soort is OntvangerSoort.GROEP
    assert per[ids["email"]].kanaal is Kanaal.EMAIL
    assert per[ids["balie"]].kanaal is Kanaal.BALIE
    assert per[ids["balie"]].afhandeling is Afhandeling.IN_EEN_KEER
    assert per[ids["fax"]].kanaal is Kanaal.INTERNET  # unknown channel, still shown
    assert per[ids["fax"]].begin == datetime(2025, 12, 1, 11, 0, tzinfo=TIJDZONE)
    assert all(c.klant == BERT and c.bron == BRON for c in uit)
    # the two actors behind interne taken were read at the same time
    actoren = [v for v in server.verzoeken if v.pad.startswith("/actoren/")]
    assert len(actoren) == 2 and overlappen(actoren)
    zonder_bsn(caplog, BERT_BSN)


@pytest.mark.asyncio
async def test_een_bedrijf_wordt_op_kvk_nummer_gevonden(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver) -> None:
    haven = ok.organisatie(HAVEN_KVK, "Havenbedrijf Demodam B.V.")
    kc = ok.klantcontact(partij=haven, kanaal="chat", onderwerp="Milieuregels",
                         plaatsgevonden="2026-02-01T10:00:00+01:00")
    uit = await plugin.contactmomenten(HAVEN)
    assert [(c.id, c.klant, c.kanaal) for c in uit] == [(kc, HAVEN, Kanaal.CHAT)]
    q = server.van("GET", "/partijen")[0].query
    assert (q["partijIdentificator__codeSoortObjectId"], q["partijIdentificator__codeRegister"],
            q["partijIdentificator__codeObjecttype"]) == (
        ["kvk_nummer"], ["hr"], ["niet_natuurlijk_persoon"])


# -- registreer ----------------------------------------------------------------------------


async def ontvanger(plugin: OpenKlantPlugin, code: str) -> Ontvanger:
    return next(o for o in await plugin.ontvangers() if o.code == code)


@pytest.mark.asyncio
async def test_registreren_en_teruglezen(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver,
        caplog: pytest.LogCaptureFixture) -> None:
    """A new customer, a new agent, two zaken, a kennisartikel and a terugbelverzoek:
    everything is stored, and reads back as the same Contactmoment."""
    caplog.set_level(logging.DEBUG)
    ok.actor("Afdeling Burgerzaken", "organisatorische_eenheid", object_id="burgerzaken",
             codeobjecttype="afd", telefoon="0201234500")
    burgerzaken = await ontvanger(plugin, "burgerzaken")
    c = contact(
        zaken=("ZAAK-2026-0001", "ZAAK-2026-0007"), afhandeling=Afhandeling.TERUGBELVERZOEK,
        telefoonnummer="+31612345678",
        checklist=(ChecklistAntwoord("paspoort", "spoed", "Spoed?", "Ja"),),
        verzoek=Contactverzoek(burgerzaken, "Terugbellen",
                               "Bert vraagt of een spoedprocedure kan. Checklist: spoed ja.",
                               "+31687654321"))
    server.verzoeken.clear()

    opgeslagen = await plugin.registreer(c)

    assert opgeslagen == replace(c, bron=BRON)
    assert ok.geweigerd == []
    [partij] = posts(server, "/partijen")
    assert partij["soortPartij"] == "persoon"
    assert partij["partijIdentificatoren"][0]["partijIdentificator"]["objectId"] == BERT_BSN
    [actor] = posts(server, "/actoren")
    assert actor["naam"] == "J. de Vries"
    assert actor["actoridentificator"]["objectId"] == "kcc.jdevries"
    [maak] = posts(server, "/maak-klantcontact")
    kc = maak["klantcontact"]
    assert (kc["onderwerp"], kc["inhoud"], kc["reactie"], kc["kanaal"], kc["taal"]) == (
        c.onderwerp, c.vraag, c.antwoord, "telefoon", "nld")
    assert datetime.fromisoformat(kc["plaatsgevondenOp"]) == c.begin
    assert maak["betrokkene"]["rol"] == "klant" and maak["betrokkene"]["initiator"] is True
    assert maak["onderwerpobject"]["onderwerpobjectidentificator"]["objectId"] == c.id
    [uuid] = ok.klantcontacten
    assert ok.onderwerpen_van(uuid) == sorted([
        ("kennisartikel", "werkplek", "id", "paspoort-aanvragen"),
        ("werkplek-contactmoment", "werkplek", "id", c.id),
        ("zaak", "openzaak", "identificatie", "ZAAK-2026-0001"),
        ("zaak", "openzaak", "identificatie", "ZAAK-2026-0007")])
    [taak] = posts(server, "/internetaken")
    assert taak["gevraagdeHandeling"] == "Terugbellen"
    assert taak["toelichting"] == c.verzoek.toelichting  # type: ignore[union-attr]
    assert taak["status"] == "te_verwerken"
    assert taak["aanleidinggevendKlantcontact"] == {"uuid": uuid}
    [toegewezen] = taak["toegewezenAanActoren"]
    assert ok.actoren[toegewezen["uuid"]]["naam"] == "Afdeling Burgerzaken"
    assert len(posts(server, "/actorklantcontacten")) == 1
    assert sorted(a["adres"] for a in posts(server, "/digitaleadressen")) == [
        "+31612345678", "+31687654321"]

    [terug] = await plugin.contactmomenten(BERT)
    assert terug == replace(c, bron=BRON, checklist=())  # checklist answers stay local
    zonder_bsn(caplog, BERT_BSN)


def traag(server: Contractserver, methode: str, pad: str, seconden: float = 0.2) -> None:
    """Let the fixture's answers to ``methode pad`` take a while, to show overlap."""
    gewoon = next(h for m, r, h in server.routes if m == methode and r.match(pad))
    server.route(methode, pad, lambda v: replace(gewoon(v), vertraging=seconden))


@pytest.mark.asyncio
async def test_bestaande_partij_en_actor_worden_hergebruikt(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver) -> None:
    bert = ok.persoon(BERT_BSN, "Bert", "Burger")
    ik = ok.actor("J. de Vries", object_id="kcc.jdevries")
    traag(server, "GET", "/partijen")
    traag(server, "GET", "/actoren")
    await plugin.registreer(contact())
    assert posts(server, "/partijen") == [] and posts(server, "/actoren") == []
    assert posts(server, "/maak-klantcontact")[0]["betrokkene"]["wasPartij"] == {"uuid": bert}
    assert posts(server, "/actorklantcontacten")[0]["actor"] == {"uuid": ik}
    # the look-ups ran at the same time
    assert overlappen([server.van("GET", "/partijen")[0], server.van("GET", "/actoren")[0]])


@pytest.mark.asyncio
async def test_een_nieuw_bedrijf_wordt_een_organisatie(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver) -> None:
    c = contact(klant=HAVEN, kanaal=Kanaal.CHAT, onderwerp="Milieuregels", zaken=())
    await plugin.registreer(c)
    [partij] = posts(server, "/partijen")
    assert partij["soortPartij"] == "organisatie"
    assert partij["partijIdentificatoren"][0]["partijIdentificator"] == {
        "codeObjecttype": "niet_natuurlijk_persoon", "codeRegister": "hr",
        "codeSoortObjectId": "kvk_nummer", "objectId": HAVEN_KVK}
    assert [x.id for x in await plugin.contactmomenten(HAVEN)] == [c.id]
    assert await plugin.contactmomenten(BERT) == []


@pytest.mark.asyncio
async def test_een_anonieme_beller_zonder_partij(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver) -> None:
    c = contact(klant=None, telefoonnummer="+31612345678", zaken=(), kennisartikelen=())
    await plugin.registreer(c)
    assert server.van("GET", "/partijen") == []
    [maak] = posts(server, "/maak-klantcontact")
    assert maak["betrokkene"] == {"rol": "klant", "initiator": True}  # no partij
    [adres] = posts(server, "/digitaleadressen")
    assert (adres["adres"], adres["soortDigitaalAdres"]) == ("+31612345678", "telefoonnummer")


@pytest.mark.parametrize(("veld", "anders"), [
    ("Onderwerp", {"onderwerp": "o" * 201}),
    ("Vraag", {"vraag": "v" * 1001}),
    ("Antwoord", {"antwoord": "a" * 4001}),
    ("Toelichting", {"verzoek": Contactverzoek(
        Ontvanger(OntvangerSoort.AFDELING, "burgerzaken", "Burgerzaken"), "Terugbellen",
        "t" * 1001)}),
])
@pytest.mark.asyncio
async def test_te_lange_tekst_wordt_geweigerd_nooit_ingekort(
        plugin: OpenKlantPlugin, server: Contractserver, veld: str, anders: dict[str, Any]
        ) -> None:
    with pytest.raises(BronFout, match=f"{veld} is [0-9.]+ tekens lang") as fout:
        await plugin.registreer(contact(**anders))
    assert not isinstance(fout.value, BronOnbereikbaar)
    assert BRON in str(fout.value)
    assert server.verzoeken == []


@pytest.mark.asyncio
async def test_tekst_precies_op_de_grens_wordt_opgeslagen_zoals_hij_is(
        plugin: OpenKlantPlugin, ok: OpenKlant) -> None:
    ok.actor("Burgerzaken", "organisatorische_eenheid", object_id="burgerzaken")
    c = contact(onderwerp="o" * LIMIETEN.onderwerp, vraag="v" * LIMIETEN.vraag,
                antwoord="a" * LIMIETEN.antwoord, afhandeling=Afhandeling.TERUGBELVERZOEK,
                verzoek=Contactverzoek(await ontvanger(plugin, "burgerzaken"), "Terugbellen",
                                       "t" * LIMIETEN.toelichting))
    await plugin.registreer(c)
    [kc] = ok.klantcontacten.values()
    assert (len(kc["onderwerp"]), len(kc["inhoud"]), len(kc["reactie"])) == (200, 1000, 4000)
    [taak] = ok.internetaken.values()
    assert len(taak["toelichting"]) == 1000


@pytest.mark.asyncio
async def test_een_onbekende_ontvanger_weigert_voordat_er_iets_is_opgeslagen(
        plugin: OpenKlantPlugin, ok: OpenKlant) -> None:
    weg = Ontvanger(OntvangerSoort.MEDEWERKER, "opgeheven", "P. Opgeheven")
    with pytest.raises(BronFout, match=r"kent de ontvanger ‘P\. Opgeheven’ niet") as fout:
        await plugin.registreer(contact(verzoek=Contactverzoek(weg, "Terugbellen", "x")))
    assert not isinstance(fout.value, BronOnbereikbaar)
    assert ok.klantcontacten == {} and ok.partijen == {}


@pytest.mark.asyncio
async def test_twee_werkplekken_maken_tegelijk_dezelfde_partij(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver) -> None:
    """The other workstation's POST /partijen wins; ours is refused, and uses theirs."""
    gewoon = next(h for m, r, h in server.routes if m == "POST" and r.match("/partijen"))
    anderen: list[str] = []

    def eerst_de_ander(v: Verzoek) -> Antwoord:
        if not anderen:
            anderen.append(ok.persoon(BERT_BSN))
        return gewoon(v)

    server.route("POST", "/partijen", eerst_de_ander)
    await plugin.registreer(contact())
    assert len(ok.partijen) == 1
    [b] = ok.betrokkenen.values()
    assert b["wasPartij"]["uuid"] == anderen[0]


# -- ontvangers ----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_ontvangers_over_drie_paginas(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver) -> None:
    ok.actor("M. de Wit", object_id="mdewit", telefoon="0201234567")
    ok.actor("Afdeling Burgerzaken", "organisatorische_eenheid", object_id="burgerzaken",
             codeobjecttype="afd", telefoon="+31201234500")
    ok.actor("Team Wmo", "organisatorische_eenheid", object_id="wmo", codeobjecttype="grp")
    geen_id = ok.actor("Vergunningen", "organisatorische_eenheid")
    ok.actor("Notificatiedienst", "geautomatiseerde_actor", object_id="notif")
    ok.actor("Oud-medewerker", object_id="oud", actief=False)
    ok.per_pagina = 2
    uit = await plugin.ontvangers()
    assert len(server.van("GET", "/actoren")) == 3
    assert server.van("GET", "/actoren")[0].query["indicatieActief"] == ["true"]
    assert uit == [
        Ontvanger(OntvangerSoort.AFDELING, "burgerzaken", "Afdeling Burgerzaken",
                  "+31201234500", NAAM),
        Ontvanger(OntvangerSoort.MEDEWERKER, "mdewit", "M. de Wit", "+31201234567", NAAM),
        Ontvanger(OntvangerSoort.GROEP, "wmo", "Team Wmo", "", NAAM),
        Ontvanger(OntvangerSoort.AFDELING, geen_id, "Vergunningen", "", NAAM),
    ]


@pytest.mark.asyncio
async def test_een_ontvanger_zonder_identificator_krijgt_zijn_taak(
        plugin: OpenKlantPlugin, ok: OpenKlant) -> None:
    vergunningen = ok.actor("Vergunningen", "organisatorische_eenheid")
    o = await ontvanger(plugin, vergunningen)
    await plugin.registreer(contact(verzoek=Contactverzoek(o, "Terugbellen", "Vraag over "
                                                           "de bouwvergunning.")))
    [taak] = ok.internetaken.values()
    assert taak["toegewezenAanActoren"][0]["uuid"] == vergunningen


# -- faults --------------------------------------------------------------------------------


def _fout(status: int, **kop: str) -> Callable[[Verzoek], Antwoord]:
    return lambda v: probleem(status, "Fout", kop=kop)


Geval = tuple[Callable[[Verzoek], Antwoord], type[BronFout], str]


@pytest.mark.parametrize("geval", [
    (_fout(401), Toegangsfout, "weigert de sleutel.*werkplek secrets set test openklant "
                               "api_token"),
    (_fout(403), BronFout, "mist de autorisatie"),
    (_fout(404), BronFout, "kent het gevraagde niet"),
    (_fout(429, **{"Retry-After": "30"}), BronOnbereikbaar, "te veel verzoeken"),
    (_fout(500), BronOnbereikbaar, "storing"),
    (lambda v: Antwoord(200, ruw=b"{niet json"), BronFout, "onleesbaar"),
    (lambda v: Antwoord(200, {"count": 0, "results": []}, vertraging=1.0), BronOnbereikbaar,
     r"niet binnen 0\.5 seconden"),
], ids=["401", "403", "404", "429", "500", "geen-json", "timeout"])
@pytest.mark.parametrize("bij", ["lezen", "schrijven"])
@pytest.mark.asyncio
async def test_fouten_worden_nederlandse_bronfouten(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver,
        caplog: pytest.LogCaptureFixture, *, geval: Geval, bij: str) -> None:
    antwoord, soort, tekst = geval
    caplog.set_level(logging.DEBUG)
    ok.persoon(BERT_BSN)
    if bij == "lezen":
        server.route("GET", "/klantcontacten", antwoord)
        aanroep = plugin.contactmomenten(BERT)
    else:
        server.route("POST", "/maak-klantcontact", antwoord)
        aanroep = plugin.registreer(contact())
    with pytest.raises(soort, match=tekst) as fout:
        await aanroep
    assert BRON in str(fout.value)
    if soort is BronFout:
        assert not isinstance(fout.value, BronOnbereikbaar)
    assert ok.klantcontacten == {}
    assert BERT_BSN not in str(fout.value)
    zonder_bsn(caplog, BERT_BSN)
    assert TOKEN not in caplog.text


@pytest.mark.parametrize(("status", "soort"), [(403, BronFout), (502, BronOnbereikbaar)])
@pytest.mark.asyncio
async def test_ontvangers_geven_fouten_door(
        plugin: OpenKlantPlugin, server: Contractserver, status: int, soort: type[BronFout]
        ) -> None:
    server.route("GET", "/actoren", _fout(status))
    with pytest.raises(soort, match=BRON) as fout:
        await plugin.ontvangers()
    assert isinstance(fout.value, BronOnbereikbaar) == (soort is BronOnbereikbaar)


@pytest.mark.asyncio
async def test_429_met_korte_retry_after_wordt_eenmaal_afgewacht(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver) -> None:
    eerst = iter([probleem(429, "Te veel verzoeken", kop={"Retry-After": "0"})])
    gewoon = next(h for m, r, h in server.routes if m == "GET" and r.match("/partijen"))
    server.route("GET", "/partijen", lambda v: next(eerst, None) or gewoon(v))
    assert await plugin.contactmomenten(BERT) == []
    assert [v.status for v in server.van("GET", "/partijen")] == [429, 200]


@pytest.mark.asyncio
async def test_onbereikbaar(sleutel: GeheugenKeyring, tmp_path: Path) -> None:
    context = PluginContext(NAAM, PROFIEL, tmp_path, MEDEWERKER, KeyringGeheimen(PROFIEL, NAAM))
    p = create_plugin(config("http://127.0.0.1:9/klantinteracties/api/v1"), context)
    try:
        with pytest.raises(BronOnbereikbaar, match="niet bereikbaar"):
            await p.registreer(contact())
    finally:
        await p.aclose()


# -- privacy -------------------------------------------------------------------------------


@pytest.fixture
def httpx_logt_alles() -> Iterator[None]:
    """httpx and httpcore at DEBUG, as an administrator chasing a problem would set them."""
    namen = ("httpx", "httpcore")
    vorige = [logging.getLogger(n).level for n in namen]
    for n in namen:
        logging.getLogger(n).setLevel(logging.DEBUG)
    yield
    for n, niveau in zip(namen, vorige, strict=True):
        logging.getLogger(n).setLevel(niveau)


@pytest.mark.asyncio
async def test_geen_bsn_in_enige_logregel(
        plugin: OpenKlantPlugin, ok: OpenKlant, server: Contractserver,
        caplog: pytest.LogCaptureFixture, httpx_logt_alles: None) -> None:
    """The partij look-up puts the BSN in the query string; no logger may emit it."""
    caplog.set_level(logging.DEBUG)
    await plugin.registreer(contact())
    await plugin.registreer(contact(id="9b2e7c44-1d3a-4f5e-8a6b-7c8d9e0f1a2b", klant=JAN))
    await plugin.contactmomenten(BERT)
    assert any(r.name == "httpx" for r in caplog.records)  # httpx did log its requests
    assert any(r.name.startswith("httpcore") for r in caplog.records)
    assert any(v.query.get("partijIdentificator__objectId") == [BERT_BSN]
               for v in server.verzoeken)
    zonder_bsn(caplog, BERT_BSN, JAN_BSN)
    assert TOKEN not in caplog.text
