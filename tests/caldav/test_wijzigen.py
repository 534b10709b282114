"""Moving, cancelling and checking in appointments; a change made meanwhile is never lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from werkplek_caldav import CaldavPlugin
from werkplek_embedded.demo import BERT_BSN

from tests.caldav.conftest import (
    MDEWIT,
    MaakPlugin,
    haal_ruw,
    instellingen,
    items_in,
    om,
    verwacht_pseudoniem,
    werkdag,
)
from tests.radicale import Radicale
from werkplek.domain.agenda import Afspraakstatus, Afspraakverzoek
from werkplek.domain.model import KlantRef, KlantSoort
from werkplek.ports import BronFout, SlotBezet

BERT = KlantRef.persoon(BERT_BSN)
BEDRIJF = KlantRef.bedrijf("68750110")
DAG = werkdag(7, weekdag=1)


def verzoek(id_: str, uur: int, minuut: int = 0, agenda: str = "mdewit",
            klant: KlantRef = BERT) -> Afspraakverzoek:
    begin = om(DAG, uur, minuut)
    return Afspraakverzoek(id=id_, agenda=agenda, klant=klant, klantnaam="Bert Burger",
                           onderwerp="Werk zoeken", begin=begin,
                           einde=begin + timedelta(minutes=30), notitie="Cv meenemen.")


async def vrij(plugin: CaldavPlugin, agenda: str = "mdewit") -> list[str]:
    return [f"{s.begin:%H:%M}" for s in await plugin.vrije_tijden(agenda, om(DAG, 0),
                                                                  om(DAG, 23))]


@pytest.mark.asyncio
async def test_verzetten_maakt_het_oude_slot_vrij(
        plugin: CaldavPlugin, kalenders: Radicale) -> None:
    afspraak = await plugin.boek(verzoek("verzet-1", 10))
    verzet = await plugin.verzet(afspraak, om(DAG, 14), om(DAG, 14, 30))

    assert (verzet.id, verzet.begin, verzet.einde) == ("verzet-1", om(DAG, 14), om(DAG, 14, 30))
    assert verzet.klant == BERT
    assert verzet.notitie == "Cv meenemen."
    assert verzet.versie and verzet.versie != afspraak.versie
    tijden = await vrij(plugin)
    assert "10:00" in tijden
    assert "14:00" not in tijden
    assert await plugin.afspraken(BERT) == [verzet]

    # One item, at the new name; werkplek's id kept beside the new slot's UID.
    nieuw = f"mdewit-{DAG:%Y%m%d}T1400.ics"
    assert await items_in(kalenders.url, MDEWIT) == [nieuw]
    ruw = await haal_ruw(kalenders.url, MDEWIT + nieuw)
    assert f"UID:verzet-1-{DAG:%Y%m%d}T1400\r\n" in ruw.text
    assert "X-WERKPLEK-AFSPRAAK:verzet-1\r\n" in ruw.text
    assert ruw.headers["ETag"] == verzet.versie
    assert "SEQUENCE:1" in ruw.text

    # And back again: the id stays, the slot at 14:00 is free again.
    terug = await plugin.verzet(verzet, om(DAG, 10), om(DAG, 10, 30))
    assert (terug.id, terug.begin) == ("verzet-1", om(DAG, 10))
    assert "14:00" in await vrij(plugin)
    assert await items_in(kalenders.url, MDEWIT) == [f"mdewit-{DAG:%Y%m%d}T1000.ics"]


@pytest.mark.asyncio
async def test_dezelfde_id_op_een_ander_tijdstip_boekt_niet_nog_eens(
        plugin: CaldavPlugin, kalenders: Radicale) -> None:
    """A re-send whose time was changed on the way finds the booking by its UID."""
    eerste = await plugin.boek(verzoek("eens", 10))
    opnieuw = await plugin.boek(verzoek("eens", 11))
    assert opnieuw == eerste
    assert await items_in(kalenders.url, MDEWIT) == [f"mdewit-{DAG:%Y%m%d}T1000.ics"]


@pytest.mark.asyncio
async def test_verzetten_naar_een_bezet_slot(plugin: CaldavPlugin, kalenders: Radicale) -> None:
    eerste = await plugin.boek(verzoek("eerste", 10))
    await plugin.boek(verzoek("tweede", 11))
    with pytest.raises(SlotBezet):
        await plugin.verzet(eerste, om(DAG, 11), om(DAG, 11, 30))
    assert len(await items_in(kalenders.url, MDEWIT)) == 2
    assert [a.id for a in await plugin.afspraken(BERT)] == ["eerste", "tweede"]


@pytest.mark.asyncio
async def test_verzetten_met_een_verouderde_versie_verliest_niets(
        kalenders: Radicale, sleutelbos: object, maak_plugin: MaakPlugin) -> None:
    werkplek_a = maak_plugin(instellingen(kalenders.url))
    werkplek_b = maak_plugin(instellingen(kalenders.url))
    getoond = await werkplek_a.boek(verzoek("stale-1", 10))
    # Meanwhile the counter checks the customer in.
    aanwezig = await werkplek_b.zet_status(getoond, Afspraakstatus.AANWEZIG)
    assert aanwezig.versie != getoond.versie

    with pytest.raises(BronFout, match=r"intussen .* gewijzigd"):
        await werkplek_a.verzet(getoond, om(DAG, 15), om(DAG, 15, 30))

    [nog_daar] = await werkplek_a.afspraken(BERT)
    assert (nog_daar.begin, nog_daar.status, nog_daar.versie) == (
        om(DAG, 10), Afspraakstatus.AANWEZIG, aanwezig.versie)
    tijden = await vrij(werkplek_a)
    assert "15:00" in tijden
    assert "10:00" not in tijden
    assert await items_in(kalenders.url, MDEWIT) == [f"mdewit-{DAG:%Y%m%d}T1000.ics"]

    # Also annuleren and a status change refuse a version someone else replaced.
    with pytest.raises(BronFout, match=r"intussen .* gewijzigd"):
        await werkplek_a.annuleer(getoond)
    with pytest.raises(BronFout, match=r"intussen .* gewijzigd"):
        await werkplek_a.zet_status(getoond, Afspraakstatus.GEHOLPEN)
    assert [a.status for a in await werkplek_a.afspraken(BERT)] == [Afspraakstatus.AANWEZIG]


@pytest.mark.asyncio
async def test_verzetten_binnen_hetzelfde_slot_en_naar_buiten_het_rooster(
        plugin: CaldavPlugin) -> None:
    afspraak = await plugin.boek(verzoek("zelfde", 9))
    with pytest.raises(BronFout, match="buiten de werktijden"):
        await plugin.verzet(afspraak, om(DAG, 12, 30), om(DAG, 13))  # lunch
    with pytest.raises(BronFout, match="buiten de werktijden"):
        await plugin.verzet(afspraak, om(DAG, 9, 10), om(DAG, 9, 40))  # not on the slot grid
    [ongewijzigd] = await plugin.afspraken(BERT)
    assert ongewijzigd == afspraak


@pytest.mark.asyncio
async def test_annuleren_maakt_het_slot_vrij(plugin: CaldavPlugin, kalenders: Radicale) -> None:
    afspraak = await plugin.boek(verzoek("annuleer-1", 13))
    assert "13:00" not in await vrij(plugin)
    await plugin.annuleer(afspraak)
    assert "13:00" in await vrij(plugin)
    assert await plugin.afspraken(BERT) == []
    assert await items_in(kalenders.url, MDEWIT) == []
    with pytest.raises(BronFout, match="bestaat niet meer"):
        await plugin.annuleer(afspraak)


@pytest.mark.asyncio
async def test_status_en_de_dag_van_de_balie(plugin: CaldavPlugin) -> None:
    eerste = await plugin.boek(verzoek("dag-1", 9, 30))
    tweede = await plugin.boek(verzoek("dag-2", 11, klant=BEDRIJF))
    balie = await plugin.boek(verzoek("dag-3", 10, agenda="balie"))
    await plugin.boek(Afspraakverzoek(
        id="andere-dag", agenda="mdewit", klant=BERT, klantnaam="Bert Burger",
        onderwerp="Werk zoeken", begin=om(DAG + timedelta(days=1), 9),
        einde=om(DAG + timedelta(days=1), 9, 30)))

    aanwezig = await plugin.zet_status(eerste, Afspraakstatus.AANWEZIG)
    assert aanwezig.status is Afspraakstatus.AANWEZIG
    assert aanwezig.versie != eerste.versie
    assert aanwezig.klant == BERT
    terug = (await plugin.afspraken(BERT))[0]
    assert (terug.id, terug.status, terug.versie) == ("dag-1", Afspraakstatus.AANWEZIG,
                                                      aanwezig.versie)
    geholpen = await plugin.zet_status(aanwezig, Afspraakstatus.GEHOLPEN)
    assert geholpen.status is Afspraakstatus.GEHOLPEN

    vandaag = await plugin.afspraken_op(DAG)
    assert [(a.id, f"{a.begin:%H:%M}", a.agenda) for a in vandaag] == [
        ("dag-1", "09:30", "mdewit"), ("dag-3", "10:00", "balie"), ("dag-2", "11:00", "mdewit")]
    assert vandaag[0].status is Afspraakstatus.GEHOLPEN
    assert vandaag[0].klantnaam == "Bert Burger"
    # The day list holds no customer number: the KlantRef carries the pseudonym.
    assert vandaag[0].klant == KlantRef(KlantSoort.PERSOON,
                                        verwacht_pseudoniem(BERT).split(":", 1)[1])
    assert vandaag[2].klant.soort is KlantSoort.BEDRIJF
    assert BERT_BSN not in {a.klant.nummer for a in vandaag}

    werkplein = await plugin.afspraken_op(DAG, "Stadskantoor, Werkplein")
    assert [a.id for a in werkplein] == ["dag-1", "dag-2"]
    assert [a.id for a in await plugin.afspraken_op(DAG, "Stadskantoor, Balie")] == ["dag-3"]
    assert await plugin.afspraken_op(DAG, "Wijkpost Noord") == []
    assert [a.id for a in await plugin.afspraken(BEDRIJF)] == [tweede.id]
    assert [a.id for a in await plugin.afspraken(BERT)] == ["dag-1", "dag-3", "andere-dag"]
    assert balie.agenda_naam == "Balie Burgerzaken"
