"""The embedded plugin as queue source (WachtrijBron), on SQLite and on a real PostgreSQL:
every report counts once, every time is on the database's clock, tickets are numbered and
called once, also when several workstations do it at the same moment."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session
from werkplek_embedded import EmbeddedPlugin, demo
from werkplek_embedded.demo import BERT_BSN
from werkplek_embedded.models import Base

from tests.embedded.hulp import MaakPlugin, gebeurtenis
from tests.embedded.test_wijzigingen import luister
from tests.hulp import wacht_tot
from tests.postgres import PostgresServer
from werkplek.app import bouw
from werkplek.domain.model import (
    Afhandeling,
    Kanaal,
    KlantRef,
    Medewerker,
    Rol,
    begin_van_de_dag,
    nu,
)
from werkplek.domain.oproep import Agentstatus
from werkplek.domain.wachtrij import (
    Gebeurtenissoort,
    Wachtrijfeiten,
    Wachtrijgebeurtenis,
    Wachtrijgesprek,
    fcr,
    wachtende_tickets,
    wachtrijstanden,
)
from werkplek.ports import BronFout
from werkplek.services.beeld import Wachtrijbeeld
from werkplek.services.profiel import lees_profiel

S = Gebeurtenissoort
BALIE_1 = Medewerker("k.smit", "K. Smit", Rol.BALIE)
BALIE_2 = Medewerker("m.peters", "M. Peters", Rol.BALIE)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """One database the workstations of a test share: a SQLite file, or a database of its
    own on the test run's PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'wachtrij.db'}"
    postgres: PostgresServer = request.getfixturevalue("postgres")
    return postgres.url(request.getfixturevalue("database"))


async def vandaag(plugin: EmbeddedPlugin) -> Wachtrijfeiten:
    return await plugin.feiten(begin_van_de_dag(nu()))


async def gesprek(plugin: EmbeddedPlugin, id_: str) -> Wachtrijgesprek:
    [g] = [g for g in (await vandaag(plugin)).gesprekken if g.id == id_]
    return g


def aangeboden(gesprek: str, **velden: Any) -> Wachtrijgebeurtenis:
    return gebeurtenis(S.GESPREK_AANGEBODEN, gesprek=gesprek, wachtrij="Burgerzaken", **velden)


# -- reports --------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_een_gebeurtenis_telt_eenmaal(url: str, maak_plugin: MaakPlugin) -> None:
    a, b = maak_plugin(url), maak_plugin(url)  # two workstations on one database
    contact = gebeurtenis(S.CONTACT_GEREGISTREERD, kanaal=Kanaal.TELEFOON,
                          afhandeling=Afhandeling.IN_EEN_KEER, medewerker="a.jansen")
    await a.meld(contact)
    await a.meld(contact)  # a re-send from the outbox
    await b.meld(contact)  # the same report from another desk
    [geteld] = (await b.feiten(begin_van_de_dag(nu()))).contacten
    assert (geteld.kanaal, geteld.afhandeling, geteld.medewerker) == (
        Kanaal.TELEFOON, Afhandeling.IN_EEN_KEER, "a.jansen")

    # One call ringing at two desks: both report its offer with the id made from the call.
    zelfde = gebeurtenis(S.GESPREK_AANGEBODEN, id="aangeboden-g1", gesprek="g1",
                         wachtrij="Burgerzaken")
    await asyncio.gather(a.meld(zelfde), b.meld(zelfde))
    # A desk that made its own id for the same call: still one call, offered at the earliest.
    later = gebeurtenis(S.GESPREK_AANGEBODEN, gesprek="g1", wachtrij="Belastingen",
                        tijd=zelfde.tijd + timedelta(seconds=5),
                        verzonden=zelfde.tijd + timedelta(seconds=5))
    await b.meld(later)
    feiten = await vandaag(a)
    assert [(g.id, g.wachtrij) for g in feiten.gesprekken] == [("g1", "Burgerzaken")]
    assert feiten.gesprekken[0].aangeboden <= feiten.moment


@pytest.mark.asyncio
async def test_wie_aanneemt_wint_van_een_gemelde_ophanger(url: str,
                                                           maak_plugin: MaakPlugin) -> None:
    a, b = maak_plugin(url), maak_plugin(url)
    # The call rings at both desks; desk b stops ringing and reports an abandon first.
    await a.meld(aangeboden("g1"))
    await b.meld(gebeurtenis(S.GESPREK_OPGEHANGEN, gesprek="g1"))
    assert (await gesprek(a, "g1")).opgehangen is not None
    await a.meld(gebeurtenis(S.GESPREK_AANGENOMEN, gesprek="g1", medewerker="a.jansen"))
    g1 = await gesprek(b, "g1")
    assert g1.aangenomen is not None and g1.opgehangen is None and g1.medewerker == "a.jansen"

    # The other order: an abandon after the answer changes nothing.
    await a.meld(aangeboden("g2"))
    await a.meld(gebeurtenis(S.GESPREK_AANGENOMEN, gesprek="g2", medewerker="a.jansen"))
    await b.meld(gebeurtenis(S.GESPREK_OPGEHANGEN, gesprek="g2"))
    g2 = await gesprek(a, "g2")
    assert g2.aangenomen is not None and g2.opgehangen is None

    # A real abandon: nobody answered.
    await a.meld(aangeboden("g3"))
    await a.meld(gebeurtenis(S.GESPREK_OPGEHANGEN, gesprek="g3"))
    g3 = await gesprek(a, "g3")
    assert g3.opgehangen is not None and g3.aangenomen is None


@pytest.mark.asyncio
async def test_een_antwoord_voor_het_aanbod_wacht_op_het_aanbod(url: str,
                                                                 maak_plugin: MaakPlugin
                                                                 ) -> None:
    plugin = maak_plugin(url)
    # The answer arrives first (another desk's outbox was slower): not yet a call...
    await plugin.meld(gebeurtenis(S.GESPREK_AANGENOMEN, gesprek="g1", medewerker="a.jansen"))
    assert (await vandaag(plugin)).gesprekken == ()
    # ... until its offer arrives, which took place 8 s before the answer.
    await plugin.meld(aangeboden("g1", tijd=nu() - timedelta(seconds=8), verzonden=nu()))
    g1 = await gesprek(plugin, "g1")
    assert g1.wachtrij == "Burgerzaken" and g1.medewerker == "a.jansen"
    assert g1.aangenomen is not None and g1.aangenomen >= g1.aangeboden


@pytest.mark.asyncio
async def test_een_einde_voor_het_aanbod_wordt_het_aanbod(url: str,
                                                          maak_plugin: MaakPlugin) -> None:
    """An answer that lands before the offer (it waited an hour in an outbox, the offer
    came straight in) is read as at the offer: the facts can always be read."""
    plugin = maak_plugin(url)
    await plugin.meld(aangeboden("g1"))
    await plugin.meld(gebeurtenis(S.GESPREK_AANGENOMEN, gesprek="g1", medewerker="a.jansen",
                                  tijd=nu() - timedelta(hours=1), verzonden=nu()))
    await plugin.meld(aangeboden("g2"))
    await plugin.meld(gebeurtenis(S.GESPREK_OPGEHANGEN, gesprek="g2",
                                  tijd=nu() - timedelta(hours=1), verzonden=nu()))
    feiten = await vandaag(plugin)
    g1, g2 = feiten.gesprekken
    assert g1.aangenomen == g1.aangeboden and g1.opgehangen is None
    assert g2.opgehangen == g2.aangeboden and g2.aangenomen is None
    assert wachtrijstanden(feiten.gesprekken, feiten.moment)["Burgerzaken"].beantwoord == 1


# -- the source's clock -----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_een_werkplekklok_die_voorloopt_telt_niet(url: str,
                                                        maak_plugin: MaakPlugin) -> None:
    """A workstation whose clock runs an hour ahead: its event is placed at the moment the
    database received it, not an hour in the future."""
    plugin = maak_plugin(url)
    voor = (await vandaag(plugin)).moment
    verkeerd = nu() + timedelta(hours=1)
    await plugin.meld(aangeboden("g1", tijd=verkeerd, verzonden=verkeerd))
    await plugin.meld(gebeurtenis(S.AGENTSTATUS, medewerker="a.jansen", naam="A. Jansen",
                                  status=Agentstatus.IN_GESPREK, kanaal=Kanaal.TELEFOON,
                                  tijd=verkeerd, verzonden=verkeerd))
    feiten = await vandaag(plugin)
    [g1] = feiten.gesprekken
    assert voor <= g1.aangeboden <= feiten.moment
    [stand] = feiten.agenten
    assert voor <= stand.sinds <= feiten.moment
    assert (stand.status, stand.kanaal) == (Agentstatus.IN_GESPREK, Kanaal.TELEFOON)


@pytest.mark.asyncio
async def test_uit_de_outbox_op_het_moment_van_gebeuren(url: str,
                                                         maak_plugin: MaakPlugin) -> None:
    """An event kept 30 s in the outbox (the network was down) lands 30 s before it
    arrived, on the database's clock, whatever the workstation's clock says."""
    plugin = maak_plugin(url)
    voor = (await vandaag(plugin)).moment
    verzonden = nu() - timedelta(minutes=7)  # this workstation's clock runs 7 min behind
    await plugin.meld(aangeboden("g1", tijd=verzonden - timedelta(seconds=30),
                                 verzonden=verzonden))
    feiten = await vandaag(plugin)
    [g1] = feiten.gesprekken
    assert voor - timedelta(seconds=30) <= g1.aangeboden <= feiten.moment - timedelta(seconds=30)


@pytest.mark.asyncio
async def test_de_laatst_gemelde_status_is_de_nieuwste(url: str,
                                                      maak_plugin: MaakPlugin) -> None:
    """An agent goes to pauze and straight back; the second report waits 5 s in the outbox.
    On the database's clock it then lands before the first, yet it is the agent's newest
    state: one workstation's outbox reports in the order the agent acted."""
    plugin = maak_plugin(url)
    moment = nu()
    await plugin.meld(gebeurtenis(S.AGENTSTATUS, medewerker="a.jansen",
                                  status=Agentstatus.PAUZE, tijd=moment))
    await plugin.meld(gebeurtenis(S.AGENTSTATUS, medewerker="a.jansen",
                                  status=Agentstatus.BESCHIKBAAR,
                                  tijd=moment + timedelta(microseconds=1),
                                  verzonden=moment + timedelta(seconds=5)))
    [stand] = (await vandaag(plugin)).agenten
    assert stand.status is Agentstatus.BESCHIKBAAR


@pytest.mark.asyncio
async def test_feiten_sinds_laten_ouder_weg(url: str, maak_plugin: MaakPlugin) -> None:
    plugin = maak_plugin(url)
    eerder = {"tijd": nu() - timedelta(hours=2), "verzonden": nu()}  # two hours ago
    await plugin.meld(aangeboden("oud", **eerder))
    await plugin.meld(gebeurtenis(S.CONTACT_GEREGISTREERD, kanaal=Kanaal.BALIE,
                                  afhandeling=Afhandeling.DOORVERWEZEN, **eerder))
    for wie, status in (("a.jansen", Agentstatus.PAUZE), ("e.dekker", Agentstatus.PAUZE)):
        await plugin.meld(gebeurtenis(S.AGENTSTATUS, medewerker=wie, status=status, **eerder))
    await plugin.meld(aangeboden("nieuw"))
    await plugin.meld(gebeurtenis(S.CONTACT_GEREGISTREERD, kanaal=Kanaal.CHAT,
                                  afhandeling=Afhandeling.IN_EEN_KEER))
    await plugin.meld(gebeurtenis(S.AGENTSTATUS, medewerker="a.jansen",
                                  status=Agentstatus.BESCHIKBAAR))
    await plugin.geef_ticket("t1")

    sinds = (await vandaag(plugin)).moment - timedelta(hours=1)
    feiten = await plugin.feiten(sinds)
    assert [g.id for g in feiten.gesprekken] == ["nieuw"]
    assert [c.kanaal for c in feiten.contacten] == [Kanaal.CHAT]
    # Each agent's newest state; e.dekker reported nothing since: not in it.
    assert [(a.medewerker, a.naam, a.status) for a in feiten.agenten] == [
        ("a.jansen", "a.jansen", Agentstatus.BESCHIKBAAR)]
    assert [t.id for t in feiten.tickets] == ["t1"]
    allemaal = await plugin.feiten(sinds - timedelta(hours=2))
    assert [g.id for g in allemaal.gesprekken] == ["oud", "nieuw"]
    assert {a.medewerker: a.status for a in allemaal.agenten} == {
        "a.jansen": Agentstatus.BESCHIKBAAR, "e.dekker": Agentstatus.PAUZE}
    assert fcr(allemaal.contacten) == 0.5
    later = await plugin.feiten(feiten.moment + timedelta(minutes=1))
    assert (later.gesprekken, later.tickets, later.agenten, later.contacten) == ((), (), (), ())


# -- the counter's tickets ----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_ticketnummers_per_soort_en_eenmaal_per_id(url: str,
                                                          maak_plugin: MaakPlugin) -> None:
    a, b = maak_plugin(url), maak_plugin(url)
    bert = KlantRef.persoon(BERT_BSN)
    afspraak = datetime.combine(nu().date(), datetime.min.time(), UTC) + timedelta(hours=9)
    z1 = await a.geef_ticket("t1")
    a1 = await b.geef_ticket("t2", bert, afspraak)
    z2 = await b.geef_ticket("t3", bert)
    a2 = await a.geef_ticket("t4", None, afspraak)
    assert [t.nummer for t in (z1, a1, z2, a2)] == ["Z001", "A001", "Z002", "A002"]
    assert a1.klant == bert and a1.afspraak == afspraak and a1.met_afspraak
    assert z1.klant is None and not z1.met_afspraak and z1.opgeroepen is None
    assert await b.geef_ticket("t2", bert, afspraak) == a1  # a re-send: the same ticket
    assert await a.geef_ticket("t1") == z1
    feiten = await vandaag(b)
    assert [t.nummer for t in feiten.tickets] == ["Z001", "A001", "Z002", "A002"]
    assert feiten.tickets[1] == a1
    assert all(t.uitgegeven <= feiten.moment for t in feiten.tickets)
    with pytest.raises(BronFout, match="zonder tijdzone"):
        await a.geef_ticket("t5", None, afspraak.replace(tzinfo=None))


@pytest.mark.asyncio
async def test_volgende_klant_afspraak_eerst_en_daarna_niemand(url: str,
                                                                maak_plugin: MaakPlugin) -> None:
    a, b = maak_plugin(url), maak_plugin(url)
    assert await a.roep_volgende(BALIE_1) is None
    zonder = await a.geef_ticket("zonder")
    straks = await a.geef_ticket("straks", None, nu() + timedelta(hours=1))
    nu_aan_de_beurt = await b.geef_ticket("nu", None, nu() - timedelta(minutes=2))

    eerste = await a.roep_volgende(BALIE_1)
    assert eerste is not None and eerste.id == nu_aan_de_beurt.id  # the appointment is due
    assert eerste.opgeroepen_door == "k.smit" and eerste.opgeroepen is not None
    assert eerste.opgeroepen >= eerste.uitgegeven
    tweede = await b.roep_volgende(BALIE_2)
    assert tweede is not None and tweede.id == zonder.id  # first issued, first served
    assert tweede.opgeroepen_door == "m.peters"
    derde = await a.roep_volgende(BALIE_1)
    assert derde is not None and derde.id == straks.id  # early for its appointment: in line
    assert await b.roep_volgende(BALIE_2) is None

    await a.meld(gebeurtenis(S.TICKET_GEHOLPEN, ticket=eerste.id))
    await b.meld(gebeurtenis(S.TICKET_NIET_VERSCHENEN, ticket=tweede.id))
    await b.meld(gebeurtenis(S.TICKET_GEHOLPEN, ticket="bestaat-niet"))  # ignored
    feiten = await vandaag(a)
    per_id = {t.id: t for t in feiten.tickets}
    assert per_id[eerste.id].geholpen is not None and not per_id[eerste.id].niet_verschenen
    assert per_id[tweede.id].niet_verschenen and per_id[tweede.id].geholpen is None
    assert per_id[derde.id].opgeroepen is not None and per_id[derde.id].geholpen is None
    assert wachtende_tickets(feiten.tickets, feiten.moment) == []


# -- the demo day ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_de_demo_heeft_een_dag_in_de_wachtrijen(url: str, maak_plugin: MaakPlugin) -> None:
    plugin = maak_plugin(url, demo=True)
    feiten = await vandaag(plugin)
    assert len(feiten.gesprekken) == demo.GESPREKKEN
    standen = wachtrijstanden(feiten.gesprekken, feiten.moment)
    assert set(standen) == set(demo.WACHTRIJEN)
    assert sum(s.wachtend for s in standen.values()) == 3
    assert sum(s.opgehangen for s in standen.values()) > sum(
        s.kort_opgehangen for s in standen.values()) > 0
    assert len(feiten.agenten) == len(demo.TELEFONISTEN)
    assert {a.status for a in feiten.agenten} == set(Agentstatus)
    assert len(feiten.contacten) == len(demo.KANALEN)
    assert {c.kanaal for c in feiten.contacten} == set(Kanaal)
    assert len(feiten.tickets) == len(demo.TICKETS)
    assert any(t.met_afspraak for t in feiten.tickets)
    assert len(wachtende_tickets(feiten.tickets, feiten.moment)) == 3

    # The counter goes on from there: the due appointment first, numbers after the demo's.
    volgende = await plugin.roep_volgende(BALIE_1)
    assert volgende is not None and volgende.met_afspraak
    assert (await plugin.geef_ticket("na-de-demo")).nummer == "Z008"

    # Another workstation opening the demo the same day adds nothing.
    ander = maak_plugin(url, demo=True)
    assert len((await vandaag(ander)).gesprekken) == demo.GESPREKKEN


def test_de_demodag_is_steeds_dezelfde() -> None:
    moment = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)

    def dag() -> list[tuple[object, ...]]:
        engine = create_engine("sqlite://")
        Base.metadata.create_all(engine)
        rijen: list[tuple[object, ...]] = []
        with Session(engine) as s:
            demo.vul_wachtrij(s, moment)
            s.flush()
            for naam in ("wachtrij_gesprek", "wachtrij_ticket", "wachtrij_contact",
                         "agentstatus"):
                tabel = Base.metadata.tables[naam]
                rijen += [tuple(r) for r in s.execute(
                    tabel.select().order_by(*tabel.primary_key.columns))]
        engine.dispose()
        return rijen

    eerste = dag()
    assert eerste == dag()
    assert len(eerste) == demo.GESPREKKEN + len(demo.TICKETS) + len(demo.KANALEN) + 2 * len(
        demo.TELEFONISTEN)


# -- several workstations at once, on PostgreSQL -------------------------------------------------


@pytest.mark.asyncio
async def test_tien_tickets_twintig_keer_geroepen_vanaf_vier_balies(
        postgres: PostgresServer, database: str, maak_plugin: MaakPlugin) -> None:
    url = postgres.url(database)
    balies = [maak_plugin(url) for _ in range(4)]
    await asyncio.gather(*(b.health() for b in balies))  # all opened
    for i in range(10):
        await balies[i % 4].geef_ticket(f"t{i}")
    medewerkers = [Medewerker(f"balie{i}", f"Balie {i}", Rol.BALIE) for i in range(4)]
    uitkomsten = await asyncio.gather(*(balies[i % 4].roep_volgende(medewerkers[i % 4])
                                        for i in range(20)))
    geroepen = [t for t in uitkomsten if t is not None]
    assert sorted(t.id for t in geroepen) == sorted(f"t{i}" for i in range(10))
    assert uitkomsten.count(None) == 10
    feiten = await vandaag(balies[0])
    assert all(t.opgeroepen is not None for t in feiten.tickets)
    assert Counter(t.opgeroepen_door for t in feiten.tickets) == Counter(
        t.opgeroepen_door for t in geroepen)


@pytest.mark.asyncio
async def test_tickets_tegelijk_uitgegeven_krijgen_elk_een_eigen_nummer(
        postgres: PostgresServer, database: str, maak_plugin: MaakPlugin) -> None:
    url = postgres.url(database)
    zuilen = [maak_plugin(url) for _ in range(4)]
    await asyncio.gather(*(z.health() for z in zuilen))
    afspraak = nu()
    ids = [str(uuid.uuid4()) for _ in range(16)]
    tickets = await asyncio.gather(*(
        zuilen[i % 4].geef_ticket(id_, None, afspraak if i % 2 else None)
        for i, id_ in enumerate(ids)))
    # And each again from another desk at the same moment (a re-send): the same ticket.
    nogmaals = await asyncio.gather(*(
        zuilen[(i + 1) % 4].geef_ticket(id_, None, afspraak if i % 2 else None)
        for i, id_ in enumerate(ids)))
    assert nogmaals == tickets
    assert sorted(t.nummer for t in tickets) == sorted(
        [f"A{n:03d}" for n in range(1, 9)] + [f"Z{n:03d}" for n in range(1, 9)])
    assert postgres.tel("SELECT count(*) FROM wachtrij_ticket", database=database) == 16


@pytest.mark.asyncio
async def test_de_supervisor_hoort_een_ticket_van_een_andere_werkplek(
        postgres: PostgresServer, database: str, maak_plugin: MaakPlugin) -> None:
    supervisor, balie, telefoon = (maak_plugin(postgres.url(database)) for _ in range(3))
    await supervisor.health()
    async with luister(supervisor) as gehoord:
        await asyncio.sleep(0.3)  # LISTEN is issued
        melding = aangeboden("g1")
        await telefoon.meld(melding)
        await balie.meld(melding)  # the same report again: nothing changed, no notice
        await balie.geef_ticket("t1")
        await balie.roep_volgende(BALIE_1)
        await wacht_tot(lambda: len(gehoord) >= 3)
        assert gehoord == ["gesprek_aangeboden", "ticket", "ticket"]


SUPERVISOR = """
[profiel]
naam = "team"

[medewerker]
rol = "supervisor"
naam = "Sofie Bakker"

[offline]
voorbereiden_bij_start = false

[plugins.team]
plugin = "werkplek_embedded"
url = "{url}"

[capabilities]
wachtrij = ["team"]
"""


@pytest.mark.asyncio
async def test_de_supervisor_leest_opnieuw_op_een_bericht_niet_op_de_klok(
        postgres: PostgresServer, database: str, maak_plugin: MaakPlugin,
        tmp_path: Path) -> None:
    """An agent's state written through another connection wakes the supervisor's monitor
    through NOTIFY: it reads again at once, though it would poll only once an hour."""
    url = postgres.url(database)
    agent = maak_plugin(url)
    await agent.health()  # the schema is there
    pad = tmp_path / "sofie.toml"
    pad.write_text(SUPERVISOR.format(url=url), encoding="utf-8")
    sofie = bouw(lees_profiel(pad, os_gebruiker="sofie"), tmp_path / "sofie")
    monitor = sofie.monitor
    monitor.herlees_na = 3600.0
    gebeurd: list[str] = []

    def bij_beeld(beeld: Wachtrijbeeld) -> None:
        if any(a.medewerker == "kcc.agent7" and a.status is Agentstatus.PAUZE
               for a in beeld.agenten):
            gebeurd.append("getoond")

    taak = asyncio.create_task(monitor.volg(bij_beeld, elke=3600.0))
    try:
        await wacht_tot(lambda: monitor.lezingen == 1)
        await asyncio.sleep(0.3)  # LISTEN is issued
        await agent.meld(gebeurtenis(S.AGENTSTATUS, medewerker="kcc.agent7", naam="Agent 7",
                                     status=Agentstatus.PAUZE))
        gebeurd.append("gemeld")
        await wacht_tot(lambda: "getoond" in gebeurd, binnen=30)
    finally:
        taak.cancel()
        await asyncio.gather(taak, return_exceptions=True)
        await sofie.aclose()
    assert gebeurd[:2] == ["gemeld", "getoond"]
    assert monitor.lezingen == 2  # the first read, and the one the notice asked for


def gelezen_tabellen(plugin: EmbeddedPlugin) -> list[str]:
    """The queue tables the plugin's statements read from, as they run (a growing list)."""
    tabellen: list[str] = []

    def bij(_c: object, _cur: object, sql: str, *_a: object) -> None:
        tabellen.extend(t for t in ("wachtrij_gesprek", "wachtrij_ticket", "wachtrij_contact",
                                    "agentstatus") if f"FROM {t}" in sql)

    event.listen(plugin._engine, "before_cursor_execute", bij)
    return tabellen


def zonder_moment(f: Wachtrijfeiten) -> tuple[object, ...]:
    return f.gesprekken, f.tickets, f.agenten, f.contacten


@pytest.mark.asyncio
async def test_wie_luistert_leest_alleen_wat_een_bericht_noemt_en_mist_niets(
        postgres: PostgresServer, database: str, maak_plugin: MaakPlugin) -> None:
    """While the supervisor's instance LISTENs, a notice makes it read only the part the
    notice names; whatever any workstation changes, it reads what a fresh reader reads."""
    url = postgres.url(database)
    supervisor, agent, balie, vers = (maak_plugin(url) for _ in range(4))
    await supervisor.health()
    begin = begin_van_de_dag(nu())
    await agent.meld(gebeurtenis(S.AGENTSTATUS, medewerker="kcc.agent7", naam="Agent 7",
                                 status=Agentstatus.BESCHIKBAAR))
    async with luister(supervisor) as gehoord:
        await asyncio.sleep(0.3)  # LISTEN is issued
        await supervisor.feiten(begin)  # everything, once
        tabellen = gelezen_tabellen(supervisor)

        await agent.meld(gebeurtenis(S.AGENTSTATUS, medewerker="kcc.agent7", naam="Agent 7",
                                     status=Agentstatus.PAUZE))
        await wacht_tot(lambda: gehoord[-1:] == ["agentstatus"])
        feiten = await supervisor.feiten(begin)
        assert tabellen == ["agentstatus"]
        assert [(a.medewerker, a.status) for a in feiten.agenten] == [
            ("kcc.agent7", Agentstatus.PAUZE)]
        assert zonder_moment(feiten) == zonder_moment(await vers.feiten(begin))

        # Every kind of change, from other workstations: nothing is missed.
        tabellen.clear()
        await agent.meld(aangeboden("g1"))
        await agent.meld(gebeurtenis(S.GESPREK_AANGENOMEN, gesprek="g1",
                                     medewerker="kcc.agent7"))
        await balie.geef_ticket("t1")
        await balie.meld(gebeurtenis(S.CONTACT_GEREGISTREERD, kanaal=Kanaal.BALIE,
                                     afhandeling=Afhandeling.IN_EEN_KEER, medewerker="b"))
        await wacht_tot(lambda: len(gehoord) >= 5)  # offered, answered, ticket, contact
        feiten = await supervisor.feiten(begin)
        assert "agentstatus" not in tabellen
        assert zonder_moment(feiten) == zonder_moment(await vers.feiten(begin))
        assert [g.id for g in feiten.gesprekken] == ["g1"] and len(feiten.tickets) == 1
        assert len(feiten.contacten) == 1

        # Nothing new: nothing read but the clock.
        tabellen.clear()
        await supervisor.feiten(begin)
        assert tabellen == []
