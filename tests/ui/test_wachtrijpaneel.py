"""The supervisor's panel "Wachtrijen", fed pictures built from domain facts.

Every picture is made the way the monitor makes it: queue stands from generated calls
(``wachtrijstanden``, ``samengeteld``), judged with ``beoordeel``; alarms from the real
``Alarm`` state machine; the counter from ``wachtende_tickets``. No figure is set by hand.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from werkplek.domain.model import TIJDZONE, Afhandeling, Kanaal
from werkplek.domain.oproep import Agentstatus
from werkplek.domain.wachtrij import (
    Afgehandeld,
    Agentstand,
    Alarm,
    Normen,
    Oordeel,
    Ticket,
    Wachtrijgesprek,
    beoordeel,
    beoordeel_fcr,
    fcr,
    fcr_per_kanaal,
    samengeteld,
    verloop,
    volume_per_kanaal,
    wachtende_tickets,
    wachtrijstanden,
)
from werkplek.services.beeld import ALLE, Balierij, Melding, Tegel, Wachtrijbeeld
from werkplek.ui.qt import Qt, QtCore, QtWidgets
from werkplek.ui.wachtrijmodellen import OORDEELROL, SLEUTELROL, AgentModel, kleuren
from werkplek.ui.wachtrijpaneel import Wachtrijpaneel

NU = datetime(2025, 3, 12, 10, 30, tzinfo=TIJDZONE)
BEGIN = NU.replace(hour=8, minute=0)
S = timedelta(seconds=1)


# -- pictures from facts -----------------------------------------------------------------------


def maak_beeld(moment: datetime, gesprekken: Sequence[Wachtrijgesprek] = (), *,
               wachtrijen: Iterable[str] = (), agenten: Iterable[Agentstand] = (),
               tickets: Sequence[Ticket] = (), contacten: Sequence[Afgehandeld] = (),
               meldingen: Sequence[Melding] = (), normen: Normen | None = None,
               verbonden: bool = True, gelezen: datetime | None = None,
               melding: str = "") -> Wachtrijbeeld:
    """A picture computed from facts as Wachtrijmonitor.beeld computes it."""
    n = normen or Normen()
    standen = wachtrijstanden(gesprekken, moment, wachtrijen=wachtrijen, drempels=n.drempels,
                              korte_ophanger=n.korte_ophanger)
    alle = samengeteld(standen.values(), ALLE, moment)
    wachtend = wachtende_tickets(tickets, moment)
    return Wachtrijbeeld(
        moment=moment, verbonden=verbonden, gelezen=moment if gelezen is None else gelezen,
        tegels=tuple(Tegel(s, beoordeel(s, n)) for s in (*standen.values(), alle)),
        agenten=tuple(sorted(agenten, key=lambda a: (a.naam, a.medewerker))),
        balie=Balierij(
            wachtend=tuple(wachtend),
            langste_wachttijd=max((moment - t.uitgegeven for t in wachtend), default=None),
            afspraken_aanwezig=sum(1 for t in wachtend if t.met_afspraak),
            geholpen=sum(1 for t in tickets if t.geholpen is not None),
            niet_verschenen=sum(1 for t in tickets if t.niet_verschenen)),
        fcr=beoordeel_fcr(fcr(contacten), n), fcr_per_kanaal=fcr_per_kanaal(contacten),
        volume=volume_per_kanaal(contacten),
        verloop=tuple(verloop(gesprekken, BEGIN, moment, stap=timedelta(minutes=15),
                              drempel=n.drempels[0], korte_ophanger=n.korte_ophanger)),
        meldingen=tuple(meldingen), normen=n, melding=melding)


def gesprekken(wachtrij: str, *, beantwoord_na: Sequence[float] = (),
               opgehangen_na: Sequence[float] = (), wachtend_sinds: Sequence[float] = (),
               moment: datetime = NU) -> list[Wachtrijgesprek]:
    """Calls of one queue, ending (or still waiting) before ``moment``; waits in seconds."""
    uit = []
    for i, w in enumerate(beantwoord_na):
        begin = moment - timedelta(minutes=30 + i)
        uit.append(Wachtrijgesprek(wachtrij, begin, aangenomen=begin + w * S,
                                   id=f"{wachtrij}-b{i}"))
    for i, w in enumerate(opgehangen_na):
        begin = moment - timedelta(minutes=90 + i)
        uit.append(Wachtrijgesprek(wachtrij, begin, opgehangen=begin + w * S,
                                   id=f"{wachtrij}-o{i}"))
    for i, w in enumerate(wachtend_sinds):
        uit.append(Wachtrijgesprek(wachtrij, moment - w * S, id=f"{wachtrij}-w{i}"))
    return uit


def melding_over(beeld: Wachtrijbeeld, wachtrij: str, sleutel: str,
                 afgegaan: datetime) -> Melding:
    """The alarm of one judged figure of ``beeld``, gone off at ``afgegaan`` through the
    real state machine (breach observed at two moments more than ``alarm_na`` apart)."""
    tegel = next(t for t in beeld.tegels if t.stand.wachtrij == wachtrij)
    b = next(b for b in tegel.beoordelingen if b.sleutel == sleutel)
    na = beeld.normen.alarm_na
    alarm = Alarm().waarneming(b.oordeel, afgegaan - na - S, na).waarneming(
        b.oordeel, afgegaan, na)
    assert alarm.actief
    return Melding(f"{wachtrij}/{sleutel}", wachtrij, b, alarm)


RIJEN = ("Afval", "Belastingen", "Burgerzaken", "Parkeren", "Paspoort", "Rijbewijs", "Wmo",
         "Jeugd", "Werk en inkomen", "Schuldhulp", "Vergunningen", "Openbare ruimte",
         "Meldingen", "Verhuizing", "Huwelijk", "Begraven", "Subsidies", "Onderwijs",
         "Sport", "Algemeen")
VOORNAMEN = ("Anouk", "Bram", "Daan", "Emma", "Fleur", "Joris", "Lotte", "Mohamed", "Noor",
             "Sanne", "Thijs", "Yara", "Zeynep", "Pieter", "Iris", "Luuk")
ACHTERNAMEN = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Yilmaz",
               "El Amrani", "van Dijk", "Mulder", "de Boer", "Bos")


class Dag:
    """A busy day in the KCC that moves on a second at a time: calls in 20 queues, 500
    agents changing state, coming and going, counter tickets, registered contacts."""

    def __init__(self, zaad: int = 20250312, agenten: int = 500) -> None:
        self.r = random.Random(zaad)
        self.normen = Normen(alarm_na=timedelta(0))
        self.moment = NU
        self.volgnummer = 0
        self.gesprekken: list[Wachtrijgesprek] = []
        for rij in RIJEN:
            traag = self.r.choice((8.0, 18.0, 45.0))  # some queues do well, some do not
            for i in range(self.r.randint(10, 30)):
                begin = BEGIN + timedelta(seconds=self.r.randint(0, 2 * 3600))
                wacht = self.r.uniform(1, traag) * S
                if self.r.random() < 0.15:
                    g = Wachtrijgesprek(rij, begin, opgehangen=begin + wacht, id=f"{rij}{i}")
                else:
                    g = Wachtrijgesprek(rij, begin, aangenomen=begin + wacht, id=f"{rij}{i}")
                self.gesprekken.append(g)
            for i in range(self.r.randint(0, 3)):
                self.gesprekken.append(Wachtrijgesprek(
                    rij, NU - self.r.randint(1, 90) * S, id=f"{rij}w{i}"))
        self.agenten = {a.medewerker: a for a in (self.nieuwe_agent() for _ in range(agenten))}
        self.tickets = [Ticket(f"A{i:03d}", NU - timedelta(minutes=20 - i), id=f"t{i}",
                               afspraak=(NU - timedelta(minutes=1)) if i % 4 == 0 else None)
                        for i in range(12)]
        # An appointment whose time comes during the ticks: it jumps to the front.
        self.tickets.append(Ticket("B900", NU - timedelta(minutes=3), id="t900",
                                   afspraak=NU + 2 * S))
        self.contacten = [Afgehandeld(self.r.choice(list(Kanaal)),
                                      self.r.choice(list(Afhandeling)), BEGIN)
                          for _ in range(150)]
        self.alarmen: dict[str, Alarm] = {}
        self.neem_waar(self.beeld_zonder_meldingen(NU - S))

    def nieuwe_agent(self) -> Agentstand:
        self.volgnummer += 1
        status = self.r.choice(list(Agentstatus))
        return Agentstand(
            f"mw{self.volgnummer:04d}",
            f"{self.r.choice(VOORNAMEN)} {self.r.choice(ACHTERNAMEN)}", status,
            self.moment - self.r.randint(0, 3600) * S,
            self.r.choice(list(Kanaal)) if status is Agentstatus.IN_GESPREK else None)

    def volgende_seconde(self) -> None:
        """What changes in a second: states, agents, calls, tickets, contacts."""
        self.moment += S
        m, r = self.moment, self.r
        for naam in r.sample(sorted(self.agenten), 6):
            a = self.agenten[naam]
            status = r.choice([s for s in Agentstatus if s is not a.status])
            self.agenten[naam] = replace(a, status=status, sinds=m, kanaal=(
                r.choice(list(Kanaal)) if status is Agentstatus.IN_GESPREK else None))
        for naam in r.sample(sorted(self.agenten), 3):
            del self.agenten[naam]
        for _ in range(3):
            a = self.nieuwe_agent()
            self.agenten[a.medewerker] = a
        wachtend = [i for i, g in enumerate(self.gesprekken) if g.wachtend_op(m)]
        for i in r.sample(wachtend, min(3, len(wachtend))):
            self.gesprekken[i] = replace(self.gesprekken[i], aangenomen=m)
        for rij in r.sample(RIJEN, 4):
            self.gesprekken.append(Wachtrijgesprek(rij, m, id=f"{rij}@{m.isoformat()}"))
        rij_tickets = wachtende_tickets(self.tickets, m)
        if rij_tickets:
            eerste = self.tickets.index(rij_tickets[0])
            self.tickets[eerste] = replace(rij_tickets[0], opgeroepen=m, geholpen=m)
        self.volgnummer += 1
        self.tickets.append(Ticket(f"A{self.volgnummer:03d}", m, id=f"n{self.volgnummer}"))
        self.contacten += [Afgehandeld(r.choice(list(Kanaal)), r.choice(list(Afhandeling)), m)
                           for _ in range(3)]

    def beeld_zonder_meldingen(self, moment: datetime) -> Wachtrijbeeld:
        return maak_beeld(moment, self.gesprekken, wachtrijen=RIJEN,
                          agenten=self.agenten.values(), tickets=self.tickets,
                          contacten=self.contacten, normen=self.normen)

    def neem_waar(self, beeld: Wachtrijbeeld) -> tuple[Melding, ...]:
        """Every judged figure through its Alarm, as the monitor does; the supervisor
        acknowledges the oldest active alarm now and then, so alarms come and go."""
        uit = []
        for t in beeld.tegels:
            for b in t.beoordelingen:
                sleutel = f"{t.stand.wachtrij}/{b.sleutel}"
                alarm = self.alarmen.get(sleutel, Alarm()).waarneming(
                    b.oordeel, beeld.moment, self.normen.alarm_na)
                self.alarmen[sleutel] = alarm
                if alarm.actief:
                    uit.append(Melding(sleutel, t.stand.wachtrij, b, alarm))
        uit.sort(key=lambda m: (m.alarm.afgegaan_op or beeld.moment, m.sleutel))
        return tuple(uit)

    def beeld(self) -> Wachtrijbeeld:
        b = self.beeld_zonder_meldingen(self.moment)
        meldingen = self.neem_waar(b)
        if meldingen and self.r.random() < 0.5:
            eerste = meldingen[0].sleutel
            self.alarmen[eerste] = self.alarmen[eerste].bevestig()
            meldingen = meldingen[1:]
        return replace(b, meldingen=meldingen)


@pytest.fixture
def paneel(qtbot: QtBot) -> Wachtrijpaneel:
    p = Wachtrijpaneel()
    qtbot.addWidget(p)
    p.resize(1400, 1000)
    return p


def kolom(model: QtCore.QAbstractItemModel, kop: str) -> int:
    koppen = [model.headerData(k, Qt.Orientation.Horizontal)
              for k in range(model.columnCount())]
    return koppen.index(kop)


def rij(model: QtCore.QAbstractItemModel, sleutel: str) -> int:
    rijen = [r for r in range(model.rowCount())
             if model.index(r, 0).data(SLEUTELROL) == sleutel]
    assert len(rijen) == 1, sleutel
    return rijen[0]


# -- the model tester, while a picture comes every second --------------------------------------

MODELLEN = ("tegels", "agenten", "agenten_gesorteerd", "tickets", "kanalen", "meldingen")


@pytest.mark.parametrize("naam", MODELLEN)
def test_elk_model_doorstaat_de_modeltester_bij_een_beeld_per_seconde(
        qtbot: QtBot, qtmodeltester: object, paneel: Wachtrijpaneel, naam: str) -> None:
    dag = Dag()
    paneel.toon(dag.beeld())
    model: QtCore.QAbstractItemModel = getattr(paneel, naam)
    assert model.rowCount() > 0
    if naam.startswith("agenten"):
        assert model.rowCount() == 500
    if naam == "tegels":
        assert model.rowCount() == 21
    qtmodeltester.check(model, force_py=True)  # type: ignore[attr-defined]

    signalen: dict[str, int] = dict.fromkeys(
        ("reset", "ingevoegd", "verwijderd", "verplaatst", "gewijzigd", "indeling"), 0)

    def tel(soort: str) -> None:
        signalen[soort] += 1

    model.modelAboutToBeReset.connect(lambda: tel("reset"))
    model.rowsInserted.connect(lambda *_: tel("ingevoegd"))
    model.rowsRemoved.connect(lambda *_: tel("verwijderd"))
    model.rowsMoved.connect(lambda *_: tel("verplaatst"))
    model.dataChanged.connect(lambda *_: tel("gewijzigd"))
    model.layoutChanged.connect(lambda *_: tel("indeling"))
    tikken = 0

    def tik() -> None:
        nonlocal tikken
        dag.volgende_seconde()
        paneel.toon(dag.beeld())
        tikken += 1

    klok = QtCore.QTimer(paneel)
    klok.setInterval(1000)
    klok.timeout.connect(tik)
    klok.start()
    try:
        qtbot.waitUntil(lambda: tikken >= 3, timeout=60_000)
    finally:
        klok.stop()
    assert signalen["reset"] == 0, "een nieuw beeld mag het model niet resetten"
    assert signalen["gewijzigd"] + signalen["indeling"] > 0
    if naam in ("agenten", "tickets"):
        assert signalen["ingevoegd"] > 0
        assert signalen["verwijderd"] > 0
    if naam == "tickets":
        assert signalen["verplaatst"] > 0  # the appointment whose time came went first
        assert model.index(0, 0).data() == "B900"
    if naam == "agenten":
        assert model.rowCount() == 500
        assert [model.index(r, 0).data(SLEUTELROL) for r in range(model.rowCount())] == [
            a.medewerker for a in sorted(dag.agenten.values(),
                                         key=lambda a: (a.naam, a.medewerker))]


def test_alleen_gewijzigde_agenten_worden_gemeld(paneel: Wachtrijpaneel) -> None:
    """A second later every Duur changed (one signal for that column), and of one agent
    whose state changed also the state, since and channel: nothing else."""
    dag = Dag(agenten=50)
    paneel.toon(dag.beeld_zonder_meldingen(dag.moment))
    model = paneel.agenten
    naam = sorted(dag.agenten)[10]
    oud = dag.agenten[naam]
    nieuw = (Agentstatus.BESCHIKBAAR if oud.status is not Agentstatus.BESCHIKBAAR
             else Agentstatus.PAUZE)
    dag.agenten[naam] = replace(oud, status=nieuw, sinds=dag.moment, kanaal=None)
    gemeld: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: gemeld.append(
        (a.row(), a.column(), b.row(), b.column())))
    paneel.toon(dag.beeld_zonder_meldingen(dag.moment + S))
    r = rij(model, naam)
    alleen_duur = [g for g in gemeld if g[1] == g[3] == AgentModel.DUUR]
    overig = [g for g in gemeld if g not in alleen_duur]
    assert alleen_duur == [(0, AgentModel.DUUR, model.rowCount() - 1, AgentModel.DUUR)]
    assert len(overig) == 1
    assert overig[0][0] == overig[0][2] == r
    assert overig[0][1] == AgentModel.STATUS
    assert model.index(r, AgentModel.STATUS).data() == nieuw.label


# -- tiles against the norm --------------------------------------------------------------------


def test_tegel_onder_de_norm_is_rood_en_zegt_het(paneel: Wachtrijpaneel) -> None:
    calls = (gesprekken("Belastingen", beantwoord_na=[40] * 8, opgehangen_na=[30, 30, 30, 2],
                        wachtend_sinds=[70])
             + gesprekken("Burgerzaken", beantwoord_na=[4] * 20))
    beeld = maak_beeld(NU, calls)
    paneel.toon(beeld)
    model = paneel.tegels
    assert [model.index(r, 0).data(SLEUTELROL) for r in range(model.rowCount())] == [
        "Belastingen", "Burgerzaken", ALLE]
    binnen20 = kolom(model, "Binnen 20 s")
    assert kolom(model, "Binnen 15 s") == binnen20 + 1
    slecht = model.index(rij(model, "Belastingen"), binnen20)
    goed = model.index(rij(model, "Burgerzaken"), binnen20)

    rood, rode_tekst = kleuren(Oordeel.BUITEN_NORM)
    assert slecht.data(Qt.ItemDataRole.BackgroundRole) == rood
    assert slecht.data(Qt.ItemDataRole.ForegroundRole) == rode_tekst
    assert rood.red() > rood.green() and rood.red() > rood.blue()
    assert "Buiten de norm" in slecht.data(Qt.ItemDataRole.ToolTipRole)
    assert "Buiten de norm" in slecht.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert slecht.data(OORDEELROL) == Oordeel.BUITEN_NORM.value
    assert slecht.data().startswith("0%")  # 0 of 8 + 3 real abandons + 1 waiting too long
    assert "✗" in slecht.data()  # colour is never the only sign

    groen = kleuren(Oordeel.IN_ORDE)[0]
    assert goed.data(Qt.ItemDataRole.BackgroundRole) == groen
    assert goed.data() == "100%"
    assert "In orde" in goed.data(Qt.ItemDataRole.ToolTipRole)

    belasting = rij(model, "Belastingen")
    assert model.index(belasting, kolom(model, "Opgehangen")).data() == "3 (+1 kort)"
    assert model.index(belasting, kolom(model, "Wachtend")).data() == "1"
    assert model.index(belasting, kolom(model, "Langste wachttijd")).data() == "01:10"
    assert model.index(belasting, kolom(model, "Aangeboden")).data() == "13"
    assert model.index(belasting, kolom(model, "Beantwoord")).data() == "8"
    asa = model.index(belasting, kolom(model, "Gem. wachttijd"))
    assert asa.data().startswith("40,0 s")
    assert asa.data(OORDEELROL) == Oordeel.BUITEN_NORM.value
    assert model.tegel_oordeel(belasting) is Oordeel.BUITEN_NORM
    assert "Buiten de norm" in model.index(belasting, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_leeg_is_een_streep_en_neutraal(paneel: Wachtrijpaneel) -> None:
    paneel.toon(maak_beeld(NU, wachtrijen=["Parkeren"]))
    model = paneel.tegels
    r = rij(model, "Parkeren")
    for kop in ("Langste wachttijd", "Binnen 20 s", "Gem. wachttijd"):
        cel = model.index(r, kolom(model, kop))
        assert cel.data() == "—", kop
    cel = model.index(r, kolom(model, "Binnen 20 s"))
    assert cel.data(OORDEELROL) == Oordeel.ONBEKEND.value
    assert cel.data(Qt.ItemDataRole.BackgroundRole) == kleuren(Oordeel.ONBEKEND)[0]
    assert cel.data(Qt.ItemDataRole.ToolTipRole).startswith("Geen gegevens")
    fcr_alle = paneel.kanalen.index(0, 1)
    assert fcr_alle.data() == "—"
    assert fcr_alle.data(OORDEELROL) == Oordeel.ONBEKEND.value


def test_andere_normen_geven_andere_kolommen(paneel: Wachtrijpaneel) -> None:
    calls = gesprekken("Burgerzaken", beantwoord_na=[4, 12, 25])
    paneel.toon(maak_beeld(NU, calls))
    eigen = Normen(servicelevels=(Normen().servicelevels[0],))
    paneel.toon(maak_beeld(NU, calls, normen=eigen))
    koppen = [paneel.tegels.headerData(k, Qt.Orientation.Horizontal)
              for k in range(paneel.tegels.columnCount())]
    assert koppen == ["Wachtrij", "Wachtend", "Langste wachttijd", "Aangeboden", "Beantwoord",
                      "Opgehangen", "Binnen 20 s", "Gem. wachttijd"]
    assert paneel.tegels.index(0, 6).data() == "67% ✗"


# -- connection --------------------------------------------------------------------------------


def test_geen_verbinding_zegt_van_wanneer_de_cijfers_zijn(paneel: Wachtrijpaneel) -> None:
    verbinding = paneel.verbinding
    paneel.toon(maak_beeld(NU))
    assert verbinding.text() == "Live"
    assert verbinding.accessibleName() == "Verbinding"
    live_stijl = verbinding.styleSheet()

    paneel.toon(maak_beeld(NU + 40 * S, verbonden=False, gelezen=NU,
                           melding="Geen verbinding met embedded: time-out"))
    assert verbinding.text().startswith("Geen verbinding — cijfers van 10:30:00")
    assert "Geen verbinding met embedded: time-out" in verbinding.text()
    assert verbinding.property("verbonden") is False
    assert verbinding.styleSheet() != live_stijl

    paneel.toon(maak_beeld(NU + 45 * S))
    assert verbinding.text() == "Live"
    assert verbinding.styleSheet() == live_stijl


# -- agents, counter, channels, chart ----------------------------------------------------------


def test_duur_is_nooit_negatief(paneel: Wachtrijpaneel) -> None:
    voor = Agentstand("mw1", "Anouk Smit", Agentstatus.NAWERK, NU + timedelta(seconds=90))
    gewoon = Agentstand("mw2", "Bram Bos", Agentstatus.IN_GESPREK, NU - timedelta(minutes=75,
                                                                                 seconds=3),
                        Kanaal.TELEFOON)
    ticket = Ticket("A001", NU + 30 * S, id="t1")  # the ticket machine's clock runs ahead
    beeld = replace(maak_beeld(NU, agenten=[voor, gewoon]), balie=Balierij(
        (ticket,), timedelta(0), 0, 0, 0))
    paneel.toon(beeld)
    model = paneel.agenten
    r = rij(model, "mw1")
    assert model.index(r, AgentModel.DUUR).data() == "00:00"
    assert model.index(r, AgentModel.SINDS).data() == "10:31"
    assert model.index(r, AgentModel.STATUS).data() == "Nawerk"
    assert model.index(r, AgentModel.KANAAL).data() == ""
    r = rij(model, "mw2")
    assert model.index(r, AgentModel.DUUR).data() == "75:03"
    assert model.index(r, AgentModel.KANAAL).data() == "Telefoon"
    assert paneel.tickets.index(0, 2).data() == "00:00"


def test_agenten_sorteren_op_wat_een_kolom_betekent(paneel: Wachtrijpaneel) -> None:
    agenten = [Agentstand(f"mw{i}", naam, status, NU - timedelta(seconds=s))
               for i, (naam, status, s) in enumerate((
                   ("Anouk", Agentstatus.PAUZE, 59), ("Bram", Agentstatus.BESCHIKBAAR, 6000),
                   ("Cor", Agentstatus.NAWERK, 600)))]
    paneel.toon(maak_beeld(NU, agenten=agenten))
    paneel.agenttabel.sortByColumn(AgentModel.DUUR, Qt.SortOrder.DescendingOrder)
    proxy = paneel.agenten_gesorteerd
    assert [proxy.index(r, 0).data() for r in range(3)] == ["Bram", "Cor", "Anouk"]
    paneel.agenttabel.sortByColumn(AgentModel.STATUS, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 1).data() for r in range(3)] == ["Beschikbaar", "Nawerk", "Pauze"]


def test_balie_in_oproepvolgorde_met_samenvatting(paneel: Wachtrijpaneel) -> None:
    tickets = [
        Ticket("A001", NU - timedelta(minutes=12), id="t1"),
        Ticket("B001", NU - timedelta(minutes=5), id="t2", afspraak=NU - timedelta(minutes=1)),
        Ticket("A002", NU - timedelta(minutes=4), id="t3"),
        Ticket("B002", NU - timedelta(minutes=2), id="t4", afspraak=NU + timedelta(minutes=10)),
        Ticket("A000", NU - timedelta(minutes=30), id="t0", opgeroepen=NU - 60 * S,
               geholpen=NU - 60 * S),
        Ticket("A003", NU - timedelta(minutes=25), id="t5", opgeroepen=NU - 90 * S,
               niet_verschenen=True),
    ]
    paneel.toon(maak_beeld(NU, tickets=tickets))
    model = paneel.tickets
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "B001", "A001", "A002", "B002"]
    assert [model.index(0, k).data() for k in range(4)] == ["B001", "10:25", "05:00", "10:29"]
    assert model.index(1, 3).data() == ""
    assert paneel.balie_samenvatting.text() == (
        "4 wachtend · langste wachttijd 12:00 · 2 afspraken aanwezig · 1 geholpen · "
        "1 niet verschenen")


def test_fcr_en_volume_per_kanaal(paneel: Wachtrijpaneel) -> None:
    contacten = ([Afgehandeld(Kanaal.TELEFOON, Afhandeling.IN_EEN_KEER, NU)] * 9
                 + [Afgehandeld(Kanaal.TELEFOON, Afhandeling.TERUGBELVERZOEK, NU)]
                 + [Afgehandeld(Kanaal.BALIE, Afhandeling.IN_EEN_KEER, NU)]
                 + [Afgehandeld(Kanaal.BALIE, Afhandeling.TERUGBELVERZOEK, NU)] * 3)
    paneel.toon(maak_beeld(NU, contacten=contacten))
    model = paneel.kanalen
    alle = rij(model, "alle")
    assert model.index(alle, 0).data() == "Alle kanalen"
    assert model.index(alle, 1).data() == "71% ✗"  # 10 of 14
    assert model.index(alle, 1).data(OORDEELROL) == Oordeel.BUITEN_NORM.value
    assert model.index(alle, 2).data() == "14"
    tel = rij(model, Kanaal.TELEFOON.value)
    assert [model.index(tel, k).data() for k in range(3)] == ["Telefoon", "90%", "10"]
    assert model.index(tel, 1).data(OORDEELROL) == Oordeel.IN_ORDE.value
    chat = rij(model, Kanaal.CHAT.value)
    assert [model.index(chat, k).data() for k in range(3)] == ["Chat", "—", "0"]


def test_grafiek_wordt_bijgewerkt_niet_opnieuw_gebouwd(paneel: Wachtrijpaneel) -> None:
    calls = gesprekken("Burgerzaken", beantwoord_na=[4] * 20, wachtend_sinds=[10, 15])
    paneel.toon(maak_beeld(NU, calls))
    grafiek = paneel.grafiek.chart()
    wachtlijn, sllijn = grafiek.series()
    eerste = maak_beeld(NU, calls)
    assert wachtlijn.count() == len(eerste.verloop) == 11  # 08:00 … 10:30, each 15 minutes
    assert wachtlijn.at(wachtlijn.count() - 1).y() == 2
    assert sllijn.at(sllijn.count() - 1).y() == 100.0
    assert "2 wachtend" in paneel.grafiek.accessibleDescription()
    tijdas = grafiek.axes(Qt.Orientation.Horizontal)[0]
    # The municipality's time, as in the tables, whatever the computer's time zone.
    assert tijdas.min().toString("HH:mm") == "08:00"
    assert tijdas.max().toString("HH:mm") == "10:30"
    paneel.toon(maak_beeld(NU + timedelta(minutes=1), calls))
    assert paneel.grafiek.chart() is grafiek
    assert grafiek.series() == [wachtlijn, sllijn]
    assert wachtlijn.count() == 12


# -- alarms ------------------------------------------------------------------------------------


def _alarmbeeld(moment: datetime, *meldingen: tuple[str, str, datetime]) -> Wachtrijbeeld:
    calls = (gesprekken("Belastingen", beantwoord_na=[40] * 5, moment=NU)
             + gesprekken("Paspoort", beantwoord_na=[30] * 5, moment=NU))
    beeld = maak_beeld(moment, calls)
    return replace(beeld, meldingen=tuple(melding_over(beeld, w, s, t)
                                          for w, s, t in meldingen))


A = ("Belastingen", "servicelevel_20s", NU - timedelta(minutes=3))
B = ("Paspoort", "servicelevel_20s", NU - timedelta(minutes=2))
C = ("Belastingen", "gemiddelde_wachttijd", NU - timedelta(minutes=1))


def kies_melding(paneel: Wachtrijpaneel, sleutel: str) -> None:
    r = paneel.meldingen.rij_van(sleutel)
    assert r is not None
    paneel.meldingenlijst.selectionModel().select(
        paneel.meldingen.index(r, 0),
        QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_meldingen_vallen_op_en_tellen(paneel: Wachtrijpaneel) -> None:
    paneel.toon(_alarmbeeld(NU))
    assert paneel.meldingenvak.title() == "Meldingen (0)"
    assert paneel.meldingenvak.property("actief") is False
    assert paneel.windowTitle() == "Wachtrijen"
    paneel.toon(_alarmbeeld(NU + S, A, B))
    assert paneel.meldingenvak.title() == "Meldingen (2)"
    assert paneel.meldingenvak.property("actief") is True
    assert paneel.meldingenvak.styleSheet()
    assert paneel.windowTitle() == "Wachtrijen — Meldingen (2)"
    tekst = paneel.meldingen.index(0, 0).data()
    assert tekst.startswith("Belastingen: Binnen 20 s opgenomen buiten de norm (0%, norm 97%)")
    assert tekst.endswith("sinds 10:27:00")
    paneel.toon(_alarmbeeld(NU + 2 * S))
    assert paneel.meldingenvak.property("actief") is False
    assert paneel.meldingenvak.styleSheet() == ""


def test_bevestigen_geeft_de_sleutel_van_de_gekozen_melding(
        qtbot: QtBot, paneel: Wachtrijpaneel) -> None:
    paneel.toon(_alarmbeeld(NU, A, B, C))
    # The oldest is chosen from the start: Bevestigen always acts on an alarm the list shows.
    assert paneel.gekozen_melding() == "Belastingen/servicelevel_20s"
    assert paneel.bevestig_knop.isEnabled()
    kies_melding(paneel, "Paspoort/servicelevel_20s")
    with qtbot.waitSignal(paneel.bevestigd, timeout=1000) as signaal:
        qtbot.mouseClick(paneel.bevestig_knop, Qt.MouseButton.LeftButton)
    assert signaal.args == ["Paspoort/servicelevel_20s"]
    # Out of the list at once, and it stays out while the monitor still reports it.
    assert paneel.meldingen.rij_van("Paspoort/servicelevel_20s") is None
    assert paneel.meldingenvak.title() == "Meldingen (2)"
    assert paneel.gekozen_melding() == "Belastingen/gemiddelde_wachttijd"  # the next one
    paneel.toon(_alarmbeeld(NU + S, A, B, C))
    assert paneel.meldingen.rowCount() == 2

    # The keyboard: from anywhere in the panel's window, not only from the list.
    paneel.show()
    qtbot.waitExposed(paneel)
    paneel.activateWindow()
    qtbot.waitUntil(paneel.isActiveWindow)
    paneel.agenttabel.setFocus()
    with qtbot.waitSignal(paneel.bevestigd, timeout=1000) as signaal:
        qtbot.keyClick(paneel.agenttabel, Qt.Key.Key_B,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert signaal.args == ["Belastingen/gemiddelde_wachttijd"]
    with qtbot.waitSignal(paneel.bevestigd, timeout=1000) as signaal:
        qtbot.keyClick(paneel.agenttabel, Qt.Key.Key_B,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert signaal.args == ["Belastingen/servicelevel_20s"]
    assert paneel.meldingen.rowCount() == 0
    assert not paneel.bevestig_knop.isEnabled() and not paneel.alles_knop.isEnabled()
    with qtbot.assertNotEmitted(paneel.bevestigd):
        qtbot.keyClick(paneel.agenttabel, Qt.Key.Key_B,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    # Once the monitor no longer reports it, the same alarm may go off again later.
    paneel.toon(_alarmbeeld(NU + 2 * S, A))
    paneel.toon(_alarmbeeld(NU + 3 * S, A, (*B[:2], NU + 3 * S)))
    assert paneel.meldingen.rij_van("Paspoort/servicelevel_20s") is not None


def test_een_golf_meldingen_is_een_bericht_en_alles_in_een_keer_te_bevestigen(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Twelve alarms in one picture: one sound, one summary counting them per queue with
    the list behind it, the count in the title (the dock's tab), and Alles bevestigen."""
    piepjes: list[int] = []
    monkeypatch.setattr(QtWidgets.QApplication, "beep", staticmethod(lambda: piepjes.append(1)))
    paneel = Wachtrijpaneel(geluid=True)
    qtbot.addWidget(paneel)
    calls = [g for rij in ("Afval", "Belastingen", "Burgerzaken")
             for g in gesprekken(rij, beantwoord_na=[40] * 5)]
    beeld = maak_beeld(NU, calls)
    golf = tuple(melding_over(beeld, t.stand.wachtrij, b.sleutel, NU)
                 for t in beeld.tegels for b in t.beoordelingen)
    assert len(golf) == 12
    berichten: list[str] = []
    paneel.nieuwe_meldingen.connect(berichten.append)
    paneel.toon(maak_beeld(NU - S, calls))
    assert not paneel.samenvatting.isVisibleTo(paneel)
    paneel.toon(replace(beeld, meldingen=golf))
    assert len(piepjes) == 1 and len(berichten) == 1
    assert berichten[0] == paneel.samenvatting.text() == (
        "12 nieuwe meldingen om 10:30:00: Afval 3, Belastingen 3, Burgerzaken 3, "
        "Alle wachtrijen 3")
    assert paneel.samenvatting.isVisibleTo(paneel)
    lijst = paneel.samenvatting.accessibleDescription().split("; ")
    assert lijst == [m.tekst for m in golf]
    assert paneel.windowTitle() == "Wachtrijen — Meldingen (12)"
    paneel.toon(replace(maak_beeld(NU + S, calls), meldingen=golf))  # the same: no new sound
    assert len(piepjes) == 1 and len(berichten) == 1

    assert paneel.alles_knop.isEnabled()
    bevestigd: list[str] = []
    paneel.bevestigd.connect(bevestigd.append)
    paneel.show()
    qtbot.waitExposed(paneel)
    paneel.activateWindow()
    qtbot.waitUntil(paneel.isActiveWindow)
    paneel.tegeltabel.setFocus()
    qtbot.keyClick(paneel.tegeltabel, Qt.Key.Key_B,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert sorted(bevestigd) == sorted(m.sleutel for m in golf)
    assert paneel.meldingen.rowCount() == 0
    assert paneel.windowTitle() == "Wachtrijen"
    assert not paneel.samenvatting.isVisibleTo(paneel)
    paneel.toon(replace(maak_beeld(NU + 2 * S, calls), meldingen=golf))  # the monitor lags
    assert paneel.meldingen.rowCount() == 0 and len(piepjes) == 1

    # One new alarm is told by itself.
    een = melding_over(beeld, "Afval", "servicelevel_20s", NU + 3 * S)
    paneel.toon(replace(maak_beeld(NU + 3 * S, calls), meldingen=(een,)))
    assert paneel.samenvatting.text() == f"Nieuwe melding om 10:30:03: {een.tekst}"


def test_keuze_blijft_staan_bij_een_nieuw_beeld(paneel: Wachtrijpaneel) -> None:
    paneel.toon(_alarmbeeld(NU, A, B))
    kies_melding(paneel, "Paspoort/servicelevel_20s")
    paneel.toon(_alarmbeeld(NU + S, B, C))  # A gone above it, C new below it
    assert paneel.gekozen_melding() == "Paspoort/servicelevel_20s"
    assert paneel.bevestig_knop.isEnabled()

    dag = Dag(agenten=200)
    paneel.toon(dag.beeld())
    proxy = paneel.agenten_gesorteerd
    gekozen = proxy.index(120, 0).data(SLEUTELROL)
    paneel.agenttabel.selectRow(120)
    paneel.agenttabel.setCurrentIndex(proxy.index(120, 0))
    for _ in range(3):
        dag.volgende_seconde()
        if gekozen not in dag.agenten:  # the chosen agent stays, to follow it
            dag.agenten[gekozen] = Agentstand(gekozen, "Zeynep Zijlstra",
                                              Agentstatus.PAUZE, dag.moment)
        dag.agenten[gekozen] = replace(dag.agenten[gekozen], status=Agentstatus.NAWERK,
                                       sinds=dag.moment)
        paneel.toon(dag.beeld())
    rijen = paneel.agenttabel.selectionModel().selectedRows()
    assert [r.data(SLEUTELROL) for r in rijen] == [gekozen]
    assert paneel.agenttabel.currentIndex().data(SLEUTELROL) == gekozen
    assert rijen[0].siblingAtColumn(AgentModel.STATUS).data() == "Nawerk"


def test_piept_eenmaal_per_nieuwe_melding(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    piepjes: list[int] = []
    monkeypatch.setattr(QtWidgets.QApplication, "beep", staticmethod(lambda: piepjes.append(1)))
    paneel = Wachtrijpaneel(geluid=True)
    qtbot.addWidget(paneel)
    stil = Wachtrijpaneel()
    qtbot.addWidget(stil)
    reeks = [
        (_alarmbeeld(NU), 0),
        (_alarmbeeld(NU + S, A), 1),
        (_alarmbeeld(NU + 2 * S, A), 1),
        (_alarmbeeld(NU + 3 * S, A), 1),
        (_alarmbeeld(NU + 4 * S, A, B), 2),
        (_alarmbeeld(NU + 5 * S, B), 2),  # A acknowledged: no sound
        (_alarmbeeld(NU + 6 * S, B, (*A[:2], NU + 6 * S)), 3),  # A goes off again: new
        (_alarmbeeld(NU + 7 * S, B, (*A[:2], NU + 6 * S)), 3),
    ]
    for beeld, verwacht in reeks:
        paneel.toon(beeld)
        stil.toon(beeld)
        assert len(piepjes) == verwacht, beeld.moment


# -- accessibility -----------------------------------------------------------------------------


def test_elke_bediening_heeft_een_naam_en_een_toetsenbordpad(
        qtbot: QtBot, paneel: Wachtrijpaneel) -> None:
    paneel.toon(_alarmbeeld(NU, A))
    paneel.show()
    qtbot.waitExposed(paneel)
    assert paneel.accessibleName() == "Wachtrijen"
    for naam in ("Verbinding", "Meldingen", "Bevestigen", "Alles bevestigen", "Nieuwe meldingen",
                 "Medewerkers", "Balie",
                 "In één keer afgehandeld", "Verloop van de dag", "Cijfers per wachtrij",
                 "Samenvatting balie", "Medewerkers per status"):
        gevonden = [w for w in paneel.findChildren(QtWidgets.QWidget)
                    if w.accessibleName() == naam]
        assert len(gevonden) == 1, naam
    bedieningen = [w for w in paneel.findChildren(QtWidgets.QWidget)
                   if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                   and w.focusProxy() is None]
    naamloos = [f"{type(w).__name__} {w.objectName()!r}" for w in bedieningen
                if not w.accessibleName()]
    assert not naamloos
    # Tab goes through every control in reading order, and out of each table again.
    verwacht = [paneel.meldingenlijst, paneel.bevestig_knop, paneel.alles_knop,
                paneel.tegeltabel, paneel.agenttabel, paneel.balietabel, paneel.kanaaltabel,
                paneel.grafiek]
    kies_melding(paneel, "Belastingen/servicelevel_20s")
    w: QtWidgets.QWidget = paneel.meldingenlijst
    for volgende in verwacht[1:]:
        w = w.nextInFocusChain()
        while not (w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            w = w.nextInFocusChain()
        assert w is volgende, (w.accessibleName(), volgende.accessibleName())
    for tabel in verwacht[3:7]:
        assert isinstance(tabel, QtWidgets.QTableView)
        assert not tabel.tabKeyNavigation()
    assert paneel.bevestig_toets.key().toString() == "Ctrl+Shift+B"
    assert paneel.bevestig_toets.context() == Qt.ShortcutContext.WindowShortcut
    assert paneel.alles_toets.key().toString() == "Ctrl+Alt+B"
